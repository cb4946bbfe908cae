//! `SetPaused`: the guardian or the owner pauses or unpauses actions of a denom.

use ballast_kit::store::Put;
use ballast_types::events::SetPausedEvent;
use ballast_types::vault::PausedActions;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::{ContractError, ContractResult};
use crate::ledger::load_asset;
use crate::state::{load_ownership, ASSETS, CONFIG};

/// Replaces the paused actions of `denom`.
pub fn run(
    deps: DepsMut,
    sender: Addr,
    denom: String,
    actions: PausedActions,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let is_guardian = config.guardian.as_ref() == Some(&sender);
    if !is_guardian && !load_ownership(deps.storage)?.is_owner(&sender) {
        return Err(ContractError::Unauthorized);
    }
    let mut asset = load_asset(deps.storage, &denom)?;
    asset.paused = actions;
    ASSETS.put(deps.storage, &denom, &asset)?;
    let event = SetPausedEvent {
        sender: sender.to_string(),
        denom,
        actions,
    };
    Ok(Response::new().add_event(event))
}
