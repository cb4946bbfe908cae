//! `UpdatePolicy { policy }`: owner only.

use ballast_kit::ownership::assert_owner;
use ballast_types::events::UpdatePolicyEvent;
use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::LiquidationPolicy;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::{CONFIG, POLICY};
use crate::validate;

/// Validates `policy` (bounds, then every collateral listed in the vault) and replaces the
/// stored one. Nothing changes on any error.
pub fn run(deps: DepsMut, sender: Addr, policy: LiquidationPolicy) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    validate::policy(&policy)?;
    let config = CONFIG.load(deps.storage)?;
    validate::policy_against_vault(&deps.querier, &VaultHandle::new(config.vault), &policy)?;
    POLICY.save(deps.storage, &policy)?;
    Ok(Response::new().add_event(UpdatePolicyEvent {
        sender: sender.into_string(),
        policy,
    }))
}
