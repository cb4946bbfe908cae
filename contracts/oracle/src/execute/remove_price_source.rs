//! `RemovePriceSource { denom }`: owner only.

use ballast_kit::ownership::assert_owner;
use ballast_types::events::RemovePriceSourceEvent;
use cosmwasm_std::{DepsMut, MessageInfo, Response};

use crate::error::{ContractError, ContractResult};
use crate::state::SOURCES;

/// Removes the denom's source; an unknown denom is [`ContractError::UnknownDenom`].
pub fn run(deps: DepsMut, info: MessageInfo, denom: String) -> ContractResult<Response> {
    assert_owner(deps.storage, &info.sender)?;
    if !SOURCES.has(deps.storage, &denom) {
        return Err(ContractError::UnknownDenom { denom });
    }
    SOURCES.remove(deps.storage, &denom);
    Ok(Response::new().add_event(RemovePriceSourceEvent {
        sender: info.sender.into_string(),
        denom,
    }))
}
