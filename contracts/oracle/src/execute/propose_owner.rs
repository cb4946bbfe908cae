//! `ProposeOwner { owner }`: owner only.

use cosmwasm_std::{Addr, DepsMut, MessageInfo, Response};

use crate::error::ContractResult;
use crate::state::OWNERSHIP;

/// Records `proposed_addr` (validated by the dispatcher) as the pending owner.
pub fn run(deps: DepsMut, info: MessageInfo, proposed_addr: Addr) -> ContractResult<Response> {
    let mut ownership = OWNERSHIP.load(deps.storage)?;
    let event = ownership.propose(&info.sender, proposed_addr)?;
    OWNERSHIP.save(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}
