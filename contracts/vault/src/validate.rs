//! Validation of user input: denoms, risk parameters (RISK.md bounds), configuration, page sizes.

use ballast_math::liquidation::{
    validate_collateral_params, validate_reserve_factor, validate_threshold_with_bonus,
};
use ballast_math::MathError;
use ballast_types::vault::{CollateralParams, Config, LendingParams, MAX_ASSETS_PER_ACCOUNT};
use cosmwasm_std::Decimal;

use crate::error::{ContractError, ContractResult};

/// Largest `decimals` of a listed asset.
pub const MAX_DECIMALS: u8 = 36;

/// Page size when none is given.
pub const DEFAULT_LIMIT: u32 = 10;
/// Largest page size.
pub const MAX_LIMIT: u32 = 30;

/// A maths parameter error as the vault's typed `InvalidParam`; other maths errors unchanged.
pub fn param_error(err: MathError) -> ContractError {
    match err {
        MathError::InvalidParam { name, reason } => ContractError::InvalidParam { name, reason },
        other => ContractError::Math(other),
    }
}

/// A Cosmos SDK denom: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
pub fn denom(denom: &str) -> ContractResult<()> {
    let invalid = |reason: &str| ContractError::InvalidDenom {
        denom: denom.to_string(),
        reason: reason.to_string(),
    };
    if !(3..=128).contains(&denom.len()) {
        return Err(invalid("must be 3 to 128 characters long"));
    }
    let mut chars = denom.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Err(invalid("must start with a letter"));
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | ':' | '.' | '_' | '-')) {
        return Err(invalid("may only contain letters, digits and / : . _ -"));
    }
    Ok(())
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

/// `decimals ≤ 36`.
pub fn decimals(decimals: u8) -> ContractResult<()> {
    if decimals > MAX_DECIMALS {
        return Err(ContractError::invalid_param(
            "decimals",
            format!("must be at most {MAX_DECIMALS}"),
        ));
    }
    Ok(())
}

/// Page size: `default` when omitted, at most `max`; 0 is an error.
pub fn limit(limit: Option<u32>, default: u32, max: u32) -> ContractResult<usize> {
    match limit {
        Some(0) => Err(ContractError::InvalidLimit),
        Some(n) => Ok(n.min(max) as usize),
        None => Ok(default as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denoms() {
        for good in [
            "uatom",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/osmo1abc/sub.x-y_z",
            "wei",
        ] {
            assert!(denom(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            "1atom",
            "u atom",
            "uatom!",
            "/uatom",
            &"a".repeat(129),
        ] {
            assert!(
                matches!(denom(bad), Err(ContractError::InvalidDenom { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn limits() {
        assert!(matches!(
            limit(Some(0), 10, 30),
            Err(ContractError::InvalidLimit)
        ));
        assert_eq!(limit(None, 10, 30).unwrap(), 10);
        assert_eq!(limit(Some(1_000_000_000), 10, 30).unwrap(), 30);
        assert_eq!(limit(Some(7), 10, 30).unwrap(), 7);
    }

    #[test]
    fn decimals_bound() {
        assert!(decimals(36).is_ok());
        assert!(matches!(
            decimals(37),
            Err(ContractError::InvalidParam { .. })
        ));
    }
}
