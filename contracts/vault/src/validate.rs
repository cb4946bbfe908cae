//! Validation of the vault's own inputs: risk parameters (RISK.md bounds) and configuration.
//! Denoms, decimals and page sizes are checked with `ballast_kit::validate`.

use ballast_math::liquidation::{
    validate_collateral_params, validate_reserve_factor, validate_threshold_with_bonus,
};
use ballast_math::MathError;
use ballast_types::vault::{CollateralParams, Config, LendingParams, MAX_ASSETS_PER_ACCOUNT};
use cosmwasm_std::Decimal;

use crate::error::{ContractError, ContractResult};

/// A maths parameter error as the vault's typed `InvalidParam`; other maths errors unchanged.
pub fn param_error(err: MathError) -> ContractError {
    match err {
        MathError::InvalidParam { name, reason } => ContractError::InvalidParam { name, reason },
        other => ContractError::Math(other),
    }
}

/// `0 < max_ltv < liquidation_threshold < 1` and
/// `liquidation_threshold · (1 + bonus_max) < 1`.
pub fn collateral_params(params: &CollateralParams, bonus_max: Decimal) -> ContractResult<()> {
    validate_collateral_params(params.max_ltv, params.liquidation_threshold)
        .map_err(param_error)?;
    validate_threshold_with_bonus(params.liquidation_threshold, bonus_max).map_err(param_error)?;
    Ok(())
}

/// The rate model's bounds and `0 ≤ reserve_factor < 1`.
pub fn lending_params(params: &LendingParams) -> ContractResult<()> {
    params.rate_model.validate().map_err(param_error)?;
    validate_reserve_factor(params.reserve_factor).map_err(param_error)?;
    Ok(())
}

/// `1 ≤ max_assets_per_account ≤ 32`.
pub fn config(config: &Config) -> ContractResult<()> {
    if !(1..=MAX_ASSETS_PER_ACCOUNT).contains(&config.max_assets_per_account) {
        return Err(ContractError::invalid_param(
            "max_assets_per_account",
            format!("must be between 1 and {MAX_ASSETS_PER_ACCOUNT}"),
        ));
    }
    Ok(())
}

/// [`ballast_kit::validate::limit`], as the vault's [`ContractResult`] (converted here once
/// rather than at each paged query: see `crate::funds`).
pub fn limit(limit: Option<u32>, default: u32, max: u32) -> ContractResult<usize> {
    Ok(ballast_kit::validate::limit(limit, default, max)?)
}
