//! `AcceptOwner {}`: the proposed owner only.

use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// Hands ownership to the sender, who must be the pending proposal.
pub fn run(deps: DepsMut, sender: Addr) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.accept(&sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
