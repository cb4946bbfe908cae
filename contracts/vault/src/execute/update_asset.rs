//! `UpdateAsset`: the owner, or the risk steward within its limits, changes a listed asset's
//! parameters; only what is given changes. The market accrues with the old parameters first. A cut
//! of the liquidation threshold may ramp (`threshold_ramp_s`): the threshold in force then moves
//! linearly to the new one.

use ballast_kit::store::Put;
use ballast_math::market::MarketState;
use ballast_types::events::UpdateAssetEvent;
use ballast_types::governance::{
    changed_params, check_cooldown, check_ramp, steward_check, Role, StewardLimits, ThresholdRamp,
};
use ballast_types::vault::{CollateralParams, LendingParams};
use cosmwasm_std::{Addr, DepsMut, Env, Response, Storage};

use crate::error::{ContractError, ContractResult};
use crate::execute::assert_owner;
use crate::execute::list_asset::bonus_max;
use crate::ledger::{accrued_market, load_asset};
use crate::state::{ASSETS, CONFIG, MARKETS, STEWARD, STEWARD_CHANGES};
use crate::validate;

/// The fields of `UpdateAsset`.
pub struct AssetUpdate {
    /// Listed denom.
    pub denom: String,
    /// New collateral parameters.
    pub collateral: Option<CollateralParams>,
    /// New lending parameters.
    pub lending: Option<LendingParams>,
    /// Ramp of a threshold cut, seconds.
    pub threshold_ramp_s: Option<u64>,
}

/// Who `sender` is for `UpdateAsset`: the owner, else the steward with its limits (the stored
/// steward read once), else the owner-only error.
fn role(storage: &dyn Storage, sender: &Addr) -> ContractResult<(Role, Option<StewardLimits>)> {
    match assert_owner(storage, sender) {
        Ok(()) => Ok((Role::Owner, None)),
        Err(not_owner) => match STEWARD.may_load(storage)? {
            Some(steward) if steward.address.as_ref() == Some(sender) => {
                Ok((Role::Steward, Some(steward.limits)))
            }
            _ => Err(not_owner),
        },
    }
}

/// Updates `update.denom`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    update: AssetUpdate,
) -> ContractResult<Response> {
    let AssetUpdate {
        denom,
        collateral,
        lending,
        threshold_ramp_s,
    } = update;
    let (role, steward_limits) = role(deps.storage, &sender)?;
    let now = env.block.time.seconds();
    let mut asset = load_asset(deps.storage, &denom)?;
    let ramp_s = threshold_ramp_s.unwrap_or(0);
    check_ramp(ramp_s)?;
    let previous_collateral = asset.collateral.clone();
    let previous_lending = asset.lending.clone();
    let new_collateral = collateral.as_ref().or(previous_collateral.as_ref());
    let new_lending = lending.as_ref().or(previous_lending.as_ref());
    if let Some(limits) = steward_limits {
        // the steward: each moved parameter within its step, and outside its cooldown; then its
        // cooldown starts again
        let moved = steward_check(
            previous_collateral.as_ref(),
            new_collateral,
            previous_lending.as_ref(),
            new_lending,
            &limits,
        )?;
        for param in moved {
            let key = (denom.as_str(), param.name());
            let last = STEWARD_CHANGES.may_load(deps.storage, key)?;
            check_cooldown(&denom, param, last, now, &limits)?;
            STEWARD_CHANGES.put(deps.storage, key, &now)?;
        }
    }
    let changed = changed_params(
        previous_collateral.as_ref(),
        new_collateral,
        previous_lending.as_ref(),
        new_lending,
    );
    if let Some(params) = &collateral {
        let config = CONFIG.load(deps.storage)?;
        validate::collateral_params(params, bonus_max(&deps.querier, &config, &denom)?)?;
        // the threshold in force now (mid-ramp: the interpolation) is where a new ramp starts
        let current = asset.liquidation_threshold_at(now);
        let target = params.liquidation_threshold;
        let old_target = asset.collateral.as_ref().map(|c| c.liquidation_threshold);
        asset.threshold_ramp = if target < current && ramp_s > 0 && old_target.is_some() {
            Some(ThresholdRamp {
                from: current,
                start: now,
                end: now + ramp_s,
                current: None,
            })
        } else if ramp_s > 0 {
            return Err(ContractError::RampWithoutCut {
                denom,
                current,
                target,
            });
        } else if old_target == Some(target) {
            // the threshold is not what changes: a ramp in progress goes on
            asset.threshold_ramp.take()
        } else {
            // a raise, or a cut without a ramp: at once
            None
        };
        asset.collateral = Some(params.clone());
    } else if ramp_s > 0 {
        let current = asset.liquidation_threshold_at(now);
        return Err(ContractError::RampWithoutCut {
            denom,
            current,
            target: current,
        });
    }
    if let Some(params) = &lending {
        validate::lending_params(params)?;
        let market = match asset.lending {
            // accrue up to now at the old rate model and reserve factor
            Some(_) => accrued_market(deps.storage, &asset, now)?,
            None => MarketState::new(now),
        };
        MARKETS.put(deps.storage, &denom, &market)?;
        asset.lending = Some(params.clone());
    }
    ASSETS.put(deps.storage, &denom, &asset)?;
    // the asset's parameters after the update, in full, not only the part that changed
    let event = UpdateAssetEvent {
        sender: sender.to_string(),
        role: role.name().to_string(),
        denom,
        changed: changed.iter().map(|p| p.name().to_string()).collect(),
        collateral: asset.collateral,
        lending: asset.lending,
        threshold_ramp: asset.threshold_ramp,
        previous_collateral,
        previous_lending,
    };
    Ok(Response::new().add_event(event))
}
