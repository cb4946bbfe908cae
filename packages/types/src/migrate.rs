//! The one migration rule of every Ballast contract (INVARIANTS 27): a contract migrates only
//! from an older version of itself. Same version, older version, another contract's name or a
//! version that is not `MAJOR.MINOR.PATCH` are typed errors and change nothing.

use cosmwasm_std::{Response, StdError, Storage};

fn record(err: StdError) -> MigrateError {
    MigrateError::Record {
        reason: err.to_string(),
    }
}
use thiserror::Error;

/// Why a migration was refused.
#[derive(Error, Debug, PartialEq)]
pub enum MigrateError {
    /// The stored `cw2` record could not be read or written.
    #[error("contract version record: {reason}")]
    Record {
        /// What went wrong.
        reason: String,
    },

    /// Migration from a contract stored under another name.
    #[error("cannot migrate from contract {stored} (this is {expected})")]
    WrongContract {
        /// Name stored by `cw2`.
        stored: String,
        /// This contract's name.
        expected: String,
    },

    /// Migration to a version that is not newer than the stored one.
    #[error("cannot migrate from version {stored} to {new}: only a newer version is accepted")]
    NotNewer {
        /// Version stored by `cw2`.
        stored: String,
        /// This code's version.
        new: String,
    },

    /// A version that is not `MAJOR.MINOR.PATCH` (digits only).
    #[error("invalid version {version}: expected MAJOR.MINOR.PATCH")]
    InvalidVersion {
        /// The text.
        version: String,
    },
}

/// `MAJOR.MINOR.PATCH`, digits only (no sign, pre-release or build suffix), as a comparable
/// triple.
pub fn parse_version(text: &str) -> Result<[u64; 3], MigrateError> {
    let invalid = || MigrateError::InvalidVersion {
        version: text.to_string(),
    };
    let parts: Vec<&str> = text.split('.').collect();
    let [major, minor, patch] = parts.as_slice() else {
        return Err(invalid());
    };
    let number = |part: &str| -> Result<u64, MigrateError> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        part.parse().map_err(|_| invalid())
    };
    Ok([number(major)?, number(minor)?, number(patch)?])
}

/// Checks that the stored `cw2` record is this contract (`name`) at a strictly older version
/// than `version`, records `version`, and returns the `migrate` response (attributes `action`,
/// `from_version`, `to_version`).
pub fn ensure_newer(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, MigrateError> {
    let stored = cw2::get_contract_version(storage).map_err(record)?;
    if stored.contract != name {
        return Err(MigrateError::WrongContract {
            stored: stored.contract,
            expected: name.to_string(),
        });
    }
    if parse_version(&stored.version)? >= parse_version(version)? {
        return Err(MigrateError::NotNewer {
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
        ] {
            assert!(
                matches!(parse_version(bad), Err(MigrateError::InvalidVersion { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_a_newer_version_of_the_same_contract() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, "crates.io:c", "0.2.0").unwrap();
        for (to, refused) in [("0.2.0", true), ("0.1.9", true), ("0.2.1", false)] {
            let res = ensure_newer(&mut storage, "crates.io:c", to);
            assert_eq!(res.is_err(), refused, "{to}");
            if refused {
                assert!(matches!(res, Err(MigrateError::NotNewer { .. })));
                // nothing changed
                let stored = cw2::get_contract_version(&storage).unwrap();
                assert_eq!(stored.version, "0.2.0");
            }
        }
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.2.1"
        );
        assert!(matches!(
            ensure_newer(&mut storage, "crates.io:other", "9.0.0"),
            Err(MigrateError::WrongContract { .. })
        ));
        let mut empty = MockStorage::new();
        assert!(matches!(
            ensure_newer(&mut empty, "crates.io:c", "1.0.0"),
            Err(MigrateError::Record { .. })
        ));
    }
}
