//! `AcceptOwner {}`: the proposed owner only.

use cosmwasm_std::{DepsMut, MessageInfo, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// The proposed owner becomes the owner.
pub fn run(deps: DepsMut, info: MessageInfo) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.accept(&info.sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
