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
/// answer, errors included): the contracts that carry the compact reader (vault, liquidation)
/// read it with [`load_record`], without serde's derive of `ContractVersion`.
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

/// cw2's record, as the compact reader reads it (unknown fields skipped, as `cw_serde` does).
/// Named as cw2's type, for serde's error messages (`expected struct ContractVersion`).
mod record {
    #[derive(ballast_compact::CompactDeserialize)]
    #[compact(ignore_unknown)]
    pub(super) struct ContractVersion {
        pub contract: String,
        pub version: String,
    }
}

/// The cw2 record, as `cw2::get_contract_version` reads it (the same value, and the same errors:
/// malformed JSON, nothing stored), read through a table derived for its shape: for a contract
/// that carries the compact reader, serde's derive of `cw2::ContractVersion` would be one more
/// object parser in its Wasm (about 1.5 KB).
pub fn load_record(storage: &dyn Storage) -> StdResult<ContractVersion> {
    match storage.get(cw2::CONTRACT.as_slice()) {
        Some(bytes) => {
            let record: record::ContractVersion = cosmwasm_std::from_json(bytes)?;
            Ok(ContractVersion {
                contract: record.contract,
                version: record.version,
            })
        }
        // `Item::load`'s words
        None => Err(StdError::msg(RECORD_NOT_FOUND)),
    }
}

/// The error `cw2::get_contract_version` gives when nothing is stored.
const RECORD_NOT_FOUND: &str =
    "type: cw2::ContractVersion; key: [63, 6F, 6E, 74, 72, 61, 63, 74, 5F, 69, 6E, 66, 6F] not found";

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::Storage;

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

    /// The record reads as `cw2::get_contract_version` reads it: the same value, unknown fields
    /// skipped, the same errors for malformed JSON and when nothing is stored.
    #[test]
    fn the_record_reads_as_cw2_reads_it() {
        let empty = MockStorage::new();
        assert_eq!(
            load_record(&empty).unwrap_err().to_string(),
            cw2::get_contract_version(&empty).unwrap_err().to_string()
        );
        let mut storage = at("0.2.0");
        assert_eq!(
            load_record(&storage).unwrap(),
            cw2::get_contract_version(&storage).unwrap()
        );
        for json in [
            r#"{"contract":"c","version":"1.0.0"}"#,
            r#"{"version":"1.0.0","contract":"c","extra":[1]}"#,
            r#"{"contract":"c"}"#,
            r#"{"contract":"c","version":1}"#,
            r#"{"contract":"c","version":"1","version":"2"}"#,
            r#"{"contract":null,"version":"1"}"#,
            "{}",
            "null",
            r#""c""#,
            "{",
        ] {
            storage.set(b"contract_info", json.as_bytes());
            assert_eq!(
                load_record(&storage).map_err(|e| e.to_string()),
                cw2::get_contract_version(&storage).map_err(|e| e.to_string()),
                "{json}"
            );
        }
        // and `ensure_newer_with` on it is `ensure_newer`
        let mut storage = at("0.2.0");
        let record = load_record(&storage);
        ensure_newer_with(&mut storage, record, NAME, "0.3.0").unwrap();
        assert_eq!(stored(&storage), (NAME.to_string(), "0.3.0".to_string()));
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
