//! `ListAsset`: the owner lists a denom as collateral and/or borrowable.

use ballast_math::liquidation::MAX_BONUS;
use ballast_math::market::MarketState;
use ballast_types::events::ListAssetEvent;
use ballast_types::liquidation::QueryMsg as LiquidationQueryMsg;
use ballast_types::oracle::QueryMsg as OracleQueryMsg;
use ballast_types::vault::{Asset, CollateralParams, Config, LendingParams, PausedActions};
use cosmwasm_std::{Addr, Decimal, DepsMut, Env, QuerierWrapper, Response};
use serde::Deserialize;

use crate::error::{ContractError, ContractResult};
use crate::execute::assert_owner;
use crate::state::{ASSETS, CONFIG, MARKETS};
use crate::validate;

// The vault reads only a few fields of the other contracts' answers. These partial views ignore
// the rest (no `deny_unknown_fields`), so the vault's Wasm carries no parser for the oracle's
// `PriceSource` or the whole `LiquidationPolicy` (about 12 KB).

/// The part of the oracle's `PriceSourceResponse` the vault reads.
#[derive(Deserialize)]
struct SourceDecimals {
    decimals: u8,
}

/// The part of a `BonusCurve` the vault reads.
#[derive(Deserialize)]
struct BonusMax {
    max: Decimal,
}

/// The part of the liquidation contract's `LiquidationPolicy` the vault reads.
#[derive(Deserialize)]
struct PolicyBonuses {
    default_bonus: BonusMax,
    bonus_overrides: Vec<(String, BonusMax)>,
}

/// The largest liquidation bonus that may apply to collateral `denom`: the bonus curve's `max` in
/// the configured liquidation contract's policy, or `MAX_BONUS` when there is none.
pub(crate) fn bonus_max(
    querier: &QuerierWrapper,
    config: &Config,
    denom: &str,
) -> ContractResult<Decimal> {
    match &config.liquidation {
        Some(liquidation) => {
            let policy: PolicyBonuses =
                querier.query_wasm_smart(liquidation, &LiquidationQueryMsg::Policy {})?;
            // the override of `denom`, else the default (as `LiquidationPolicy::bonus_for`)
            let curve = policy
                .bonus_overrides
                .iter()
                .find(|(d, _)| d == denom)
                .map_or(&policy.default_bonus, |(_, curve)| curve);
            Ok(curve.max)
        }
        None => Ok(MAX_BONUS),
    }
}

/// Lists `denom`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    denom: String,
    decimals: u8,
    collateral: Option<CollateralParams>,
    lending: Option<LendingParams>,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    validate::denom(&denom)?;
    validate::decimals(decimals)?;
    if ASSETS.has(deps.storage, &denom) {
        return Err(ContractError::AssetAlreadyListed { denom });
    }
    if collateral.is_none() && lending.is_none() {
        return Err(ContractError::invalid_param(
            "collateral, lending",
            "an asset needs collateral or lending parameters",
        ));
    }
    let config = CONFIG.load(deps.storage)?;
    let source: SourceDecimals = deps
        .querier
        .query_wasm_smart(
            &config.oracle,
            &OracleQueryMsg::PriceSource {
                denom: denom.clone(),
            },
        )
        .map_err(|_| ContractError::NoPriceSource {
            denom: denom.clone(),
        })?;
    if source.decimals != decimals {
        return Err(ContractError::DecimalsMismatch {
            denom,
            listed: decimals,
            oracle: source.decimals,
        });
    }
    if let Some(params) = &collateral {
        validate::collateral_params(params, bonus_max(&deps.querier, &config, &denom)?)?;
    }
    if let Some(params) = &lending {
        validate::lending_params(params)?;
        MARKETS.save(
            deps.storage,
            &denom,
            &MarketState::new(env.block.time.seconds()),
        )?;
    }
    let asset = Asset {
        denom: denom.clone(),
        decimals,
        collateral: collateral.clone(),
        lending: lending.clone(),
        paused: PausedActions::default(),
    };
    ASSETS.save(deps.storage, &denom, &asset)?;
    let event = ListAssetEvent {
        sender: sender.to_string(),
        denom,
        decimals,
        collateral,
        lending,
    };
    Ok(Response::new().add_event(event))
}
