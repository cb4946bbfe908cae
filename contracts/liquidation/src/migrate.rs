//! Migration: only from an older version of this same contract.

use cosmwasm_std::{DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::{ContractError, ContractResult};

/// Checks the stored `cw2` name and version, then records this version. There is no state
/// migration yet.
pub fn run(deps: DepsMut) -> ContractResult<Response> {
    let stored = cw2::get_contract_version(deps.storage)?;
    if stored.contract != CONTRACT_NAME {
        return Err(ContractError::MigrateWrongContract {
            stored: stored.contract,
            expected: CONTRACT_NAME.to_string(),
        });
    }
    if version(&stored.version)? >= version(CONTRACT_VERSION)? {
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

/// `MAJOR.MINOR.PATCH`, digits only, as a comparable triple.
pub fn version(text: &str) -> ContractResult<[u64; 3]> {
    let invalid = || ContractError::InvalidVersion {
        version: text.to_string(),
    };
    let parts: Vec<&str> = text.split('.').collect();
    let [major, minor, patch] = parts.as_slice() else {
        return Err(invalid());
    };
    let number = |part: &str| -> ContractResult<u64> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        part.parse().map_err(|_| invalid())
    };
    Ok([number(major)?, number(minor)?, number(patch)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(version("1.20.3").unwrap(), [1, 20, 3]);
        assert!(version("0.10.0").unwrap() > version("0.9.12").unwrap());
        for bad in ["", "1.2", "1.2.3.4", "1.x.3", "+1.2.3", "1.2.3-rc1", "1..3"] {
            assert!(
                matches!(version(bad), Err(ContractError::InvalidVersion { .. })),
                "{bad}"
            );
        }
    }
}
