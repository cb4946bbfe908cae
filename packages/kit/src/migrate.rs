//! The one migration rule of every Ballast contract (INVARIANTS 27): a contract migrates only
//! from an older version of itself. Same version, older version, another contract's name or a
//! version that is not `MAJOR.MINOR.PATCH` are typed errors and change nothing. Each contract's
//! `migrate.rs` is one call to [`ensure_newer`] (plus its state migration, when it has one).

use cosmwasm_std::{Response, StdError, StdResult, Storage};
use cw2::ContractVersion;

use crate::error::{KitError, KitResult};

fn record(err: StdError) -> KitError {
    KitError::VersionRecord {
        reason: err.to_string(),
    }
}

/// `MAJOR.MINOR.PATCH`, digits only (no sign, pre-release or build suffix), as a comparable
/// triple.
pub fn parse_version(text: &str) -> KitResult<[u64; 3]> {
    let invalid = || KitError::InvalidVersion {
        version: text.to_string(),
    };
    let mut triple = [0u64; 3];
    let mut parts = text.split('.');
    for number in &mut triple {
        let part = parts.next().ok_or_else(invalid)?;
        if part.is_empty() {
            return Err(invalid());
        }
        for byte in part.bytes() {
            let digit = byte.wrapping_sub(b'0');
            if digit > 9 {
                return Err(invalid());
            }
            *number = number
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(digit)))
                .ok_or_else(invalid)?;
        }
    }
    match parts.next() {
        Some(_) => Err(invalid()),
        None => Ok(triple),
    }
}

/// Checks that the stored `cw2` record is this contract (`name`) at a strictly older version
/// than `version`, records `version`, and returns the `migrate` response (attributes `action`,
/// `from_version`, `to_version`).
pub fn ensure_newer(storage: &mut dyn Storage, name: &str, version: &str) -> KitResult<Response> {
    let stored = cw2::get_contract_version(storage);
    ensure_newer_with(storage, stored, name, version)
}

/// [`ensure_newer`] with the stored record read by the caller (`cw2::get_contract_version`'s
/// answer, errors included): the vault reads it through its compact reader, without serde's
/// derive of `ContractVersion`.
pub fn ensure_newer_with(
    storage: &mut dyn Storage,
    stored: StdResult<ContractVersion>,
    name: &str,
    version: &str,
) -> KitResult<Response> {
    let stored = stored.map_err(record)?;
    if stored.contract != name {
        return Err(KitError::WrongContract {
            stored: stored.contract,
            expected: name.to_string(),
        });
    }
    if parse_version(&stored.version)? >= parse_version(version)? {
        return Err(KitError::NotNewer {
            stored: stored.version,
            new: version.to_string(),
        });
    }
    cw2::set_contract_version(storage, name, version).map_err(record)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    const NAME: &str = "crates.io:ballast-test";

    fn stored(storage: &MockStorage) -> (String, String) {
        let record = cw2::get_contract_version(storage).unwrap();
        (record.contract, record.version)
    }

    fn at(version: &str) -> MockStorage {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, NAME, version).unwrap();
        storage
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(parse_version("1.20.3").unwrap(), [1, 20, 3]);
        assert!(parse_version("0.10.0").unwrap() > parse_version("0.9.12").unwrap());
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.x.3",
            "+1.2.3",
            "1.2.3-rc1",
            "1..3",
            " 1.2.3",
        ] {
            assert!(
                matches!(parse_version(bad), Err(KitError::InvalidVersion { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_newer_version_is_recorded() {
        let mut storage = at("0.2.0");
        let res = ensure_newer(&mut storage, NAME, "0.10.0").unwrap();
        assert_eq!(stored(&storage), (NAME.to_string(), "0.10.0".to_string()));
        let attrs: Vec<(&str, &str)> = res
            .attributes
            .iter()
            .map(|a| (a.key.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            attrs,
            [
                ("action", "migrate"),
                ("from_version", "0.2.0"),
                ("to_version", "0.10.0")
            ]
        );
    }

    #[test]
    fn the_same_or_an_older_version_is_refused_and_nothing_changes() {
        for to in ["0.2.0", "0.1.9", "0.0.1"] {
            let mut storage = at("0.2.0");
            match ensure_newer(&mut storage, NAME, to) {
                Err(KitError::NotNewer { stored, new }) => {
                    assert_eq!((stored.as_str(), new.as_str()), ("0.2.0", to))
                }
                other => panic!("{to}: {other:?}"),
            }
            assert_eq!(stored(&storage), (NAME.to_string(), "0.2.0".to_string()));
        }
        let mut storage = at("0.2.0");
        assert_eq!(
            ensure_newer(&mut storage, NAME, "0.2.0")
                .unwrap_err()
                .to_string(),
            "cannot migrate from version 0.2.0 to 0.2.0: only a newer version is accepted"
        );
    }

    #[test]
    fn another_contract_or_no_record_is_refused() {
        let mut storage = at("0.2.0");
        match ensure_newer(&mut storage, "crates.io:other", "9.0.0") {
            Err(KitError::WrongContract { stored, expected }) => {
                assert_eq!(
                    (stored.as_str(), expected.as_str()),
                    (NAME, "crates.io:other")
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(stored(&storage), (NAME.to_string(), "0.2.0".to_string()));

        let mut empty = MockStorage::new();
        assert!(matches!(
            ensure_newer(&mut empty, NAME, "1.0.0"),
            Err(KitError::VersionRecord { .. })
        ));
        assert!(cw2::get_contract_version(&empty).is_err());
    }

    #[test]
    fn a_malformed_version_is_refused() {
        let mut storage = at("0.2.0-beta");
        assert!(matches!(
            ensure_newer(&mut storage, NAME, "0.3.0"),
            Err(KitError::InvalidVersion { version }) if version == "0.2.0-beta"
        ));
        let mut storage = at("0.2.0");
        assert!(matches!(
            ensure_newer(&mut storage, NAME, "1.0"),
            Err(KitError::InvalidVersion { version }) if version == "1.0"
        ));
        assert_eq!(stored(&storage), (NAME.to_string(), "0.2.0".to_string()));
    }
}
