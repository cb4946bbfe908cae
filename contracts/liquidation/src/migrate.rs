//! Migration: only from an older version of this same contract
//! ([`ballast_types::migrate::ensure_newer`], the rule all three contracts share).

use cosmwasm_std::{DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;

/// Checks the stored `cw2` name and version, then records this version. There is no state
/// migration yet.
pub fn run(deps: DepsMut) -> ContractResult<Response> {
    Ok(ballast_types::migrate::ensure_newer(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
