//! Validation of the policy: RISK.md's bounds, and the bonus bound against every collateral
//! listed in the vault. Addresses, denoms and page sizes are checked with
//! `ballast_kit::validate`.

use std::collections::BTreeSet;

use ballast_kit::validate::denom;
use ballast_math::liquidation::{validate_threshold_with_bonus, BonusCurve};
use ballast_math::MathError;
use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::{LiquidationPolicy, MAX_BONUS_OVERRIDES};
use ballast_types::vault::{AssetsResponse, QueryMsg as VaultQueryMsg};
use cosmwasm_std::QuerierWrapper;

use crate::constants::VAULT_PAGE;
use crate::error::{ContractError, ContractResult};

/// A maths parameter error with its name prefixed by where it sits in the policy.
fn param(prefix: &str, err: MathError) -> ContractError {
    match err {
        MathError::InvalidParam { name, reason } => ContractError::InvalidParam {
            name: format!("{prefix}{name}"),
            reason,
        },
        other => other.into(),
    }
}

fn curve(prefix: &str, curve: &BonusCurve) -> ContractResult<()> {
    curve.validate().map_err(|err| param(prefix, err))
}

/// RISK.md's bounds, checked without querying anyone: `0 < close_factor ≤ 1`,
/// `0 < full_liquidation_hf ≤ 1`, `0 ≤ protocol_fee_share < 1`; every curve
/// `0 ≤ min ≤ start ≤ max ≤ 0.3`, `slope ≤ 10`; override denoms valid, distinct, at most
/// [`MAX_BONUS_OVERRIDES`].
pub fn policy(policy: &LiquidationPolicy) -> ContractResult<()> {
    policy.params().validate().map_err(|err| param("", err))?;
    curve("default_bonus.", &policy.default_bonus)?;
    if policy.bonus_overrides.len() > MAX_BONUS_OVERRIDES {
        return Err(ContractError::TooManyOverrides {
            count: policy.bonus_overrides.len(),
            max: MAX_BONUS_OVERRIDES,
        });
    }
    let mut seen = BTreeSet::new();
    for (override_denom, override_curve) in &policy.bonus_overrides {
        denom(override_denom)?;
        if !seen.insert(override_denom.as_str()) {
            return Err(ContractError::DuplicateOverride {
                denom: override_denom.clone(),
            });
        }
        curve(
            &format!("bonus_overrides[{override_denom}]."),
            override_curve,
        )?;
    }
    Ok(())
}

/// Every collateral listed in the vault keeps `liquidation_threshold · (1 + bonus.max) < 1`
/// under `policy` (the curve that applies to its denom). Reads the vault's `Assets` page by page:
/// the number of listed assets is set by governance, not by users.
pub fn policy_against_vault(
    querier: &QuerierWrapper,
    vault: &VaultHandle,
    policy: &LiquidationPolicy,
) -> ContractResult<()> {
    let mut start_after: Option<String> = None;
    loop {
        let page: AssetsResponse = vault.query(
            querier,
            &VaultQueryMsg::Assets {
                start_after: start_after.clone(),
                limit: Some(VAULT_PAGE),
            },
        )?;
        for asset in &page.assets {
            if let Some(params) = &asset.collateral {
                let bonus_max = policy.bonus_for(&asset.denom).max;
                if validate_threshold_with_bonus(params.liquidation_threshold, bonus_max).is_err() {
                    return Err(ContractError::PolicyConflictsWithAsset {
                        denom: asset.denom.clone(),
                        liquidation_threshold: params.liquidation_threshold,
                        bonus_max,
                    });
                }
            }
        }
        match page.next_start_after {
            Some(next) => start_after = Some(next),
            None => return Ok(()),
        }
    }
}
