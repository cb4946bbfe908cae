//! Migration: only from an older version of this same contract
//! ([`ballast_kit::migrate::ensure_newer`], the rule all three contracts share).

use ballast_kit::migrate::ensure_newer;
use cosmwasm_std::{DepsMut, Response};

use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;

/// Checks the stored `cw2` name and version, then records this version. There is no state
/// migration yet.
pub fn run(deps: DepsMut) -> ContractResult<Response> {
    Ok(ensure_newer(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?)
}
