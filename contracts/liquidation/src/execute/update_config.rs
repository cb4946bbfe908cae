//! `UpdateConfig { vault, treasury }`: owner only; only what is given changes.

use ballast_kit::ownership::assert_owner;
use ballast_types::events::UpdateLiquidationConfigEvent;
use ballast_types::handles::VaultHandle;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::ContractResult;
use crate::state::{CONFIG, POLICY};
use crate::validate;

/// Replaces the vault and/or the treasury (validated by the dispatcher). A new vault must accept
/// the current policy: every collateral it lists within the bonus bound.
pub fn run(
    deps: DepsMut,
    sender: Addr,
    vault: Option<Addr>,
    treasury: Option<Addr>,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(vault) = &vault {
        let policy = POLICY.load(deps.storage)?;
        validate::policy_against_vault(&deps.querier, &VaultHandle::new(vault.clone()), &policy)?;
        config.vault = vault.clone();
    }
    if let Some(treasury) = &treasury {
        config.treasury = treasury.clone();
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_event(UpdateLiquidationConfigEvent {
        sender: sender.into_string(),
        vault: vault.map(Addr::into_string),
        treasury: treasury.map(Addr::into_string),
    }))
}
