//! `ProposeOwner { owner }`: owner only.

use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// Makes `proposed_addr` (checked by the dispatcher) the pending owner, replacing any earlier
/// proposal.
pub fn run(deps: DepsMut, sender: Addr, proposed_addr: Addr) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.propose(&sender, proposed_addr)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
