//! `SetGuardian`: the owner sets or clears the guardian.

use ballast_kit::store::PutItem;
use ballast_types::events::SetGuardianEvent;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::execute::assert_owner;
use crate::state::CONFIG;

/// Replaces the guardian with `guardian` (checked), or clears it.
pub fn run(deps: DepsMut, sender: Addr, guardian: Option<String>) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let guardian = guardian.map(|a| deps.api.addr_validate(&a)).transpose()?;
    let mut config = CONFIG.load(deps.storage)?;
    let previous = std::mem::replace(&mut config.guardian, guardian);
    CONFIG.put(deps.storage, &config)?;
    let event = SetGuardianEvent {
        sender: sender.to_string(),
        previous: previous.map(String::from),
        guardian: config.guardian.map(String::from),
    };
    Ok(Response::new().add_event(event))
}
