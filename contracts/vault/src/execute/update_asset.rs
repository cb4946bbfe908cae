//! `UpdateAsset`: the owner changes a listed asset's parameters; only what is given changes. The
//! market accrues with the old parameters first.

use ballast_math::market::MarketState;
use ballast_types::events::UpdateAssetEvent;
use ballast_types::vault::{CollateralParams, LendingParams};
use cosmwasm_std::{Addr, DepsMut, Env, Response};

use crate::error::ContractResult;
use crate::execute::assert_owner;
use crate::execute::list_asset::bonus_max;
use crate::ledger::{accrued_market, load_asset};
use crate::state::{ASSETS, CONFIG, MARKETS};
use crate::validate;

/// Updates `denom`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    denom: String,
    collateral: Option<CollateralParams>,
    lending: Option<LendingParams>,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let mut asset = load_asset(deps.storage, &denom)?;
    if let Some(params) = &collateral {
        let config = CONFIG.load(deps.storage)?;
        validate::collateral_params(params, bonus_max(&deps.querier, &config, &denom)?)?;
        asset.collateral = Some(params.clone());
    }
    if let Some(params) = &lending {
        validate::lending_params(params)?;
        let now = env.block.time.seconds();
        let market = match asset.lending {
            // accrue up to now at the old rate model and reserve factor
            Some(_) => accrued_market(deps.storage, &asset, now)?,
            None => MarketState::new(now),
        };
        MARKETS.save(deps.storage, &denom, &market)?;
        asset.lending = Some(params.clone());
    }
    ASSETS.save(deps.storage, &denom, &asset)?;
    // the asset's parameters after the update, in full, not only the part that changed
    let event = UpdateAssetEvent {
        sender: sender.to_string(),
        denom,
        collateral: asset.collateral,
        lending: asset.lending,
    };
    Ok(Response::new().add_event(event))
}
