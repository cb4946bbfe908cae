//! `ProposeOwner`, `AcceptOwner`, `RenounceOwner`: two-step ownership.

use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::{load_ownership, OWNERSHIP};

/// `ProposeOwner`: the owner proposes `proposed` (validated).
pub fn propose(deps: DepsMut, sender: Addr, proposed: Addr) -> ContractResult<Response> {
    let mut ownership = load_ownership(deps.storage)?;
    let event = ownership.propose(&sender, proposed)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}

/// `AcceptOwner`: the proposed owner takes over.
pub fn accept(deps: DepsMut, sender: Addr) -> ContractResult<Response> {
    let mut ownership = load_ownership(deps.storage)?;
    let event = ownership.accept(&sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}

/// `RenounceOwner`: the owner gives up ownership.
pub fn renounce(deps: DepsMut, sender: Addr) -> ContractResult<Response> {
    let mut ownership = load_ownership(deps.storage)?;
    let event = ownership.renounce(&sender)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
