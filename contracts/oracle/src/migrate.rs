//! Migration: only from an older version of this same contract.

use cosmwasm_std::{DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::{ContractError, ContractResult};

/// Checks the stored `cw2` name and version, then records the new version. There is no state
/// migration yet.
pub fn run(deps: DepsMut) -> ContractResult<Response> {
    let stored = cw2::get_contract_version(deps.storage)?;
    if stored.contract != CONTRACT_NAME {
        return Err(ContractError::MigrateWrongContract {
            stored: stored.contract,
            expected: CONTRACT_NAME.to_string(),
        });
    }
    if parse_version(&stored.version)? >= parse_version(CONTRACT_VERSION)? {
        return Err(ContractError::MigrateNotNewer {
            stored: stored.version,
            new: CONTRACT_VERSION.to_string(),
        });
    }
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", CONTRACT_VERSION))
}

/// `MAJOR.MINOR.PATCH` as a comparable triple (no pre-release or build suffix).
pub fn parse_version(version: &str) -> ContractResult<(u64, u64, u64)> {
    let invalid = || ContractError::InvalidVersion {
        version: version.to_string(),
    };
    let mut parts = version.split('.').map(|part| {
        // `u64::from_str` accepts a leading `+`; semantic versions do not.
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        part.parse::<u64>().map_err(|_| invalid())
    });
    let mut next = || parts.next().ok_or_else(invalid)?;
    let triple = (next()?, next()?, next()?);
    if parts.next().is_some() {
        return Err(invalid());
    }
    Ok(triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(parse_version("0.10.2").unwrap(), (0, 10, 2));
        assert!(parse_version("0.10.0").unwrap() > parse_version("0.9.9").unwrap());
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "1.2.3-rc1",
            "+1.2.3",
            "1..3",
        ] {
            assert!(
                matches!(
                    parse_version(bad),
                    Err(ContractError::InvalidVersion { .. })
                ),
                "{bad}"
            );
        }
    }
}
