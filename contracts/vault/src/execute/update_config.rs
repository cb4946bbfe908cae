//! `UpdateConfig`: the owner changes the configuration; only what is given changes.

use ballast_kit::store::PutItem;
use ballast_types::events::UpdateConfigEvent;
use cosmwasm_std::{Addr, Api, DepsMut, Response, Uint128};

use crate::error::ContractResult;
use crate::execute::assert_owner;
use crate::state::CONFIG;
use crate::validate;

/// The fields of `UpdateConfig`, unchecked.
#[derive(Default)]
pub struct ConfigUpdate {
    /// New oracle.
    pub oracle: Option<String>,
    /// New liquidation contract.
    pub liquidation: Option<String>,
    /// New treasury.
    pub treasury: Option<String>,
    /// New guardian.
    pub guardian: Option<String>,
    /// New minimum debt value.
    pub min_debt_value: Option<Uint128>,
    /// New cap of denoms per account.
    pub max_assets_per_account: Option<u8>,
}

fn check(api: &dyn Api, addr: &Option<String>) -> ContractResult<Option<Addr>> {
    Ok(addr.as_deref().map(|a| api.addr_validate(a)).transpose()?)
}

/// Applies `update`.
pub fn run(deps: DepsMut, sender: Addr, update: ConfigUpdate) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(oracle) = check(deps.api, &update.oracle)? {
        config.oracle = oracle;
    }
    if let Some(liquidation) = check(deps.api, &update.liquidation)? {
        config.liquidation = Some(liquidation);
    }
    if let Some(treasury) = check(deps.api, &update.treasury)? {
        config.treasury = treasury;
    }
    if let Some(guardian) = check(deps.api, &update.guardian)? {
        config.guardian = Some(guardian);
    }
    if let Some(min) = update.min_debt_value {
        config.min_debt_value = min;
    }
    if let Some(max) = update.max_assets_per_account {
        config.max_assets_per_account = max;
    }
    validate::config(&config)?;
    CONFIG.put(deps.storage, &config)?;
    // the whole configuration after the update: parameter history rebuilds from events alone
    let event = UpdateConfigEvent {
        sender: sender.to_string(),
        oracle: config.oracle.to_string(),
        liquidation: config.liquidation.as_ref().map(Addr::to_string),
        treasury: config.treasury.to_string(),
        guardian: config.guardian.as_ref().map(Addr::to_string),
        min_debt_value: config.min_debt_value,
        max_assets_per_account: config.max_assets_per_account,
    };
    Ok(Response::new().add_event(event))
}
