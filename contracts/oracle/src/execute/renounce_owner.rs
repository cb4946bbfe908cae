//! `RenounceOwner {}`: owner only.

use cosmwasm_std::{DepsMut, MessageInfo, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// Leaves the contract without an owner: no privileged message is accepted afterwards.
pub fn run(deps: DepsMut, info: MessageInfo) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.renounce(&info.sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
