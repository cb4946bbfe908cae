//! Migration: only from an older version of this same contract
//! ([`ballast_kit::migrate::ensure_newer`], the rule all three contracts share).

use ballast_kit::migrate::{ensure_newer_with, load_record};
use cosmwasm_std::{DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;

/// Checks the stored `cw2` name and version (read through the compact reader), then records this
/// version. There is no state migration yet.
pub fn run(deps: DepsMut) -> ContractResult<Response> {
    let stored = load_record(deps.storage);
    Ok(ensure_newer_with(
        deps.storage,
        stored,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
