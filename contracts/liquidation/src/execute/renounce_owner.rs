//! `RenounceOwner {}`: owner only.

use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// Drops the owner and any proposal for good: the policy and configuration are frozen from then
/// on (liquidations go on).
pub fn run(deps: DepsMut, sender: Addr) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.renounce(&sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
