//! `SetSteward`: the owner sets or clears the risk steward, and its limits.

use ballast_kit::store::PutItem;
use ballast_types::events::SetStewardEvent;
use ballast_types::governance::StewardLimits;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::execute::assert_owner;
use crate::state::STEWARD;

/// Sets the steward to `steward` (checked; `None` clears it) and, when given, its limits (within
/// the hard bounds). The cooldowns already running are kept.
pub fn run(
    deps: DepsMut,
    sender: Addr,
    steward: Option<String>,
    limits: Option<StewardLimits>,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let steward = steward.map(|a| deps.api.addr_validate(&a)).transpose()?;
    let mut stored = STEWARD.may_load(deps.storage)?.unwrap_or_default();
    let previous_limits = stored.limits.clone();
    if let Some(limits) = limits {
        limits.validate()?;
        stored.limits = limits;
    }
    let previous = std::mem::replace(&mut stored.address, steward);
    STEWARD.put(deps.storage, &stored)?;
    let event = SetStewardEvent {
        sender: sender.to_string(),
        previous: previous.map(String::from),
        steward: stored.address.map(String::from),
        previous_limits,
        limits: stored.limits,
    };
    Ok(Response::new().add_event(event))
}
