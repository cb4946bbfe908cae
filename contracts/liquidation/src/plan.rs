//! The one computation behind both `Liquidate` and `SimulateLiquidation`: read the account with
//! ONE `LiquidationContext` query, pick the collateral and the debt, and compute the amounts with
//! `ballast_math::compute_liquidation`. Sharing it is what makes a simulation equal to the
//! liquidation executed in the same block.

use ballast_math::liquidation::{compute_liquidation, LiquidationOutcome};
use ballast_math::position::{CollateralInput, DebtInput};
use ballast_math::value::debt_value;
use ballast_math::MathError;
use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::{
    Config, LiquidationPolicy, SimulateLiquidationResponse, WrittenOffDebt,
};
use ballast_types::vault::{LiquidationContextResponse, PricedCollateral, PricedDebt};
use cosmwasm_std::{Addr, Decimal256, QuerierWrapper, Uint128};

use crate::error::{ContractError, ContractResult};

/// What a liquidation is asked to do.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Owner of the account.
    pub owner: &'a Addr,
    /// Sub-account.
    pub account: u32,
    /// Debt denom repaid.
    pub debt_denom: &'a str,
    /// Collateral denom seized.
    pub collateral_denom: &'a str,
    /// Debt sent; `None` = as much as the policy allows.
    pub sent: Option<Uint128>,
}

/// A computed liquidation.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Debt denom repaid.
    pub debt_denom: String,
    /// Collateral denom seized.
    pub collateral_denom: String,
    /// The amounts.
    pub outcome: LiquidationOutcome,
    /// Health factor before (the account is liquidatable, so it exists).
    pub health_before: Decimal256,
    /// Value of the debt the vault writes off (0 when the account keeps collateral).
    pub bad_debt: Uint128,
    /// The debts written off, per denom.
    pub written_off: Vec<WrittenOffDebt>,
}

impl Plan {
    /// The `SimulateLiquidation` answer.
    pub fn to_response(&self) -> SimulateLiquidationResponse {
        let o = &self.outcome;
        SimulateLiquidationResponse {
            owner: self.owner.clone(),
            account: self.account,
            debt_denom: self.debt_denom.clone(),
            collateral_denom: self.collateral_denom.clone(),
            repay: o.repay,
            seized: o.seized,
            to_liquidator: o.to_liquidator,
            protocol_fee: o.protocol_fee,
            bonus: o.bonus,
            refund: o.refund,
            health_before: self.health_before,
            health_after: o.health_after,
            bad_debt: self.bad_debt,
            written_off: self.written_off.clone(),
        }
    }
}

/// Computes the liquidation `req` asks for, under `policy`, with the vault of `config`.
///
/// Errors: the vault's (unknown account); `AccountUnpriceable` (a debt has no `Liquidation`
/// price); `NotLiquidatable`; `CollateralUnpriced`; `UnknownCollateral` (the
/// account holds none of `collateral_denom`); `NoDebtInDenom`; `ZeroAmount` (`sent = 0`); the
/// maths' `InsufficientRepayment` and `ZeroLiquidation`; `BonusAboveVaultMax`.
pub fn compute(
    querier: &QuerierWrapper,
    config: &Config,
    policy: &LiquidationPolicy,
    req: Request,
) -> ContractResult<Plan> {
    let ctx = VaultHandle::new(config.vault.clone()).query_liquidation_context(
        querier,
        req.owner,
        req.account,
    )?;
    compute_with_context(&ctx, policy, req)
}

/// [`compute`] on a context already read.
pub fn compute_with_context(
    ctx: &LiquidationContextResponse,
    policy: &LiquidationPolicy,
    req: Request,
) -> ContractResult<Plan> {
    let (max_bonus, ctx) = (ctx.max_bonus, &ctx.position);
    // RISK.md "Prices that are missing": a debt without a price leaves the account unvalued.
    if ctx.unpriceable {
        return Err(ContractError::AccountUnpriceable {
            owner: ctx.owner.clone(),
            account: ctx.account,
            denoms: ctx.missing_prices.iter().map(|m| m.denom.clone()).collect(),
        });
    }
    if !ctx.liquidatable {
        return Err(ContractError::NotLiquidatable {
            health_factor: ctx.health_factor,
        });
    }
    let unknown_collateral = || ContractError::UnknownCollateral {
        denom: req.collateral_denom.to_string(),
    };
    let no_debt = || ContractError::NoDebtInDenom {
        denom: req.debt_denom.to_string(),
    };
    let collateral_index = ctx
        .collaterals
        .iter()
        .position(|c| c.denom == req.collateral_denom && !c.amount.is_zero())
        .ok_or_else(unknown_collateral)?;
    // ... and a collateral without a price counts zero and cannot be seized.
    if let Some(missing) = ctx
        .missing_prices
        .iter()
        .find(|m| m.denom == req.collateral_denom)
    {
        return Err(ContractError::CollateralUnpriced {
            denom: missing.denom.clone(),
            reason: missing.reason.clone(),
        });
    }
    let debt_index = ctx
        .debts
        .iter()
        .position(|d| d.denom == req.debt_denom && !d.amount.is_zero())
        .ok_or_else(no_debt)?;

    let collaterals: Vec<CollateralInput> = ctx
        .collaterals
        .iter()
        .map(PricedCollateral::input)
        .collect();
    let debts: Vec<DebtInput> = ctx.debts.iter().map(PricedDebt::input).collect();
    let outcome = compute_liquidation(
        &collaterals,
        &debts,
        collateral_index,
        debt_index,
        req.sent,
        &policy.params(),
        policy.bonus_for(req.collateral_denom),
    )
    .map_err(|err| match err {
        MathError::NoDebt => no_debt(),
        MathError::NoCollateral => unknown_collateral(),
        other => other.into(),
    })?;
    if outcome.bonus > max_bonus {
        return Err(ContractError::BonusAboveVaultMax {
            bonus: outcome.bonus,
            max: max_bonus,
        });
    }

    // Bad debt: the vault writes off every debt left once no collateral remains.
    let mut bad_debt = Uint128::zero();
    let mut written_off = Vec::new();
    if outcome.leaves_bad_debt {
        for (index, debt) in debts.iter().enumerate() {
            let left = if index == debt_index {
                debt.amount
                    .checked_sub(outcome.repay)
                    .map_err(MathError::from)?
            } else {
                debt.amount
            };
            if left.is_zero() {
                continue;
            }
            bad_debt = bad_debt
                .checked_add(debt_value(left, debt.price)?)
                .map_err(MathError::from)?;
            written_off.push(WrittenOffDebt {
                denom: ctx.debts[index].denom.clone(),
                amount: left,
            });
        }
    }
    let health_before = outcome
        .health_before
        .or(ctx.health_factor)
        .unwrap_or_default();
    Ok(Plan {
        owner: ctx.owner.clone(),
        account: ctx.account,
        debt_denom: req.debt_denom.to_string(),
        collateral_denom: req.collateral_denom.to_string(),
        outcome,
        health_before,
        bad_debt,
        written_off,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_types::liquidation::BonusCurve;
    use ballast_types::oracle::PriceKind;
    use ballast_types::vault::PositionResponse;
    use cosmwasm_std::Decimal;
    use std::str::FromStr;

    fn r(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }
    fn u(x: u128) -> Uint128 {
        Uint128::new(x)
    }

    fn policy() -> LiquidationPolicy {
        LiquidationPolicy {
            close_factor: r("0.5"),
            full_liquidation_hf: r("0.95"),
            protocol_fee_share: r("0.1"),
            min_leftover_value: u(1_000_000),
            default_bonus: BonusCurve {
                start: r("0.05"),
                slope: r("1"),
                min: r("0.02"),
                max: r("0.15"),
            },
            bonus_overrides: vec![(
                "wei".into(),
                BonusCurve {
                    start: r("0.01"),
                    slope: r("0"),
                    min: r("0.01"),
                    max: r("0.01"),
                },
            )],
        }
    }

    /// Collaterals `(denom, amount, price, threshold)` and debts `(denom, amount, price)`, valued
    /// like the vault does.
    fn context(
        collaterals: &[(&str, u128, &str, &str)],
        debts: &[(&str, u128, &str)],
    ) -> LiquidationContextResponse {
        let cs: Vec<PricedCollateral> = collaterals
            .iter()
            .map(|(denom, amount, price, t)| PricedCollateral {
                denom: denom.to_string(),
                amount: u(*amount),
                price: d(price),
                value: ballast_math::value::collateral_value(u(*amount), d(price)).unwrap(),
                max_ltv: r("0.5"),
                liquidation_threshold: r(t),
                liquidation_price: None,
            })
            .collect();
        let ds: Vec<PricedDebt> = debts
            .iter()
            .map(|(denom, amount, price)| PricedDebt {
                denom: denom.to_string(),
                amount: u(*amount),
                shares: u(*amount),
                price: d(price),
                value: debt_value(u(*amount), d(price)).unwrap(),
            })
            .collect();
        let position = PositionResponse::new(
            "alice".into(),
            2,
            PriceKind::Liquidation,
            cs,
            ds,
            vec![],
            false,
        )
        .unwrap();
        LiquidationContextResponse {
            position,
            block_time: 1,
            max_bonus: r("0.3"),
        }
    }

    fn req<'a>(owner: &'a Addr, debt: &'a str, coll: &'a str, sent: Option<u128>) -> Request<'a> {
        Request {
            owner,
            account: 2,
            debt_denom: debt,
            collateral_denom: coll,
            sent: sent.map(u),
        }
    }

    #[test]
    fn close_factor_liquidation_with_refund() {
        let owner = Addr::unchecked("alice");
        // 100 ATOM at 8.5 (C = 850e6, L = 680e6) against 700 USDC: HF = 680/700 = 0.971428571428571428
        let ctx = context(
            &[("uatom", 100_000_000, "8.5", "0.8")],
            &[("uusdc", 700_000_000, "1")],
        );
        let plan = compute_with_context(
            &ctx,
            &policy(),
            req(&owner, "uusdc", "uatom", Some(400_000_000)),
        )
        .unwrap();
        // b = 0.05 + (1 - 0.971428571428571428) = 0.078571428571428572 (C/D - 1 = 0.2142.. > max)
        assert_eq!(plan.outcome.bonus, r("0.078571428571428572"));
        // HF >= 0.95: cap = 700e6 / 2 = 350e6 < 400e6 sent -> 50e6 refunded
        assert_eq!(plan.outcome.repay, u(350_000_000));
        assert_eq!(plan.outcome.refund, u(50_000_000));
        // seized = floor(350e6 * 1.078571428571428572 / 8.5) = floor(44_411_764.705..)
        assert_eq!(plan.outcome.seized, u(44_411_764));
        assert_eq!(plan.health_before, d("0.971428571428571428"));
        assert_eq!((plan.bad_debt, plan.written_off.len()), (u(0), 0));
        let res = plan.to_response();
        assert_eq!((res.owner.as_str(), res.account), ("alice", 2));
        assert_eq!(res.repay + res.refund, u(400_000_000));
        assert_eq!(res.to_liquidator + res.protocol_fee, res.seized);
    }

    #[test]
    fn bad_debt_counts_every_remaining_debt() {
        let owner = Addr::unchecked("alice");
        // 100 ATOM crashed to 5 (C = 500e6) against 600 USDC and 0.05 ETH (150 USD): C < D.
        let ctx = context(
            &[("uatom", 100_000_000, "5", "0.8")],
            &[
                ("uusdc", 600_000_000, "1"),
                ("wei", 50_000_000_000_000_000, "0.000000003"),
            ],
        );
        let plan =
            compute_with_context(&ctx, &policy(), req(&owner, "uusdc", "uatom", None)).unwrap();
        // insolvent (C < D·1.02), HF = 400/750 -> curve 0.05 + 0.4667 > max -> b = 0.15; the
        // whole collateral is taken for ceil(500e6 / 1.15) = 434_782_609 USDC
        assert_eq!(plan.outcome.bonus, r("0.15"));
        assert_eq!(
            (plan.outcome.repay, plan.outcome.seized),
            (u(434_782_609), u(100_000_000))
        );
        // left: 600e6 - 434_782_609 = 165_217_391 USDC and 5e16 wei (5e16 * 3e-9 = 150e6)
        assert_eq!(
            plan.written_off,
            vec![
                WrittenOffDebt {
                    denom: "uusdc".into(),
                    amount: u(165_217_391)
                },
                WrittenOffDebt {
                    denom: "wei".into(),
                    amount: u(50_000_000_000_000_000)
                },
            ]
        );
        assert_eq!(plan.bad_debt, u(165_217_391 + 150_000_000));
        assert_eq!(plan.outcome.health_after, Some(Decimal256::zero()));
    }

    #[test]
    fn override_curve_and_typed_errors() {
        let owner = Addr::unchecked("alice");
        // 1 ETH at 3e-9 (C = 3e9, t 0.85, L = 2.55e9) against 2_700 USDC: HF 0.944..
        let ctx = context(
            &[("wei", 1_000_000_000_000_000_000, "0.000000003", "0.85")],
            &[("uusdc", 2_700_000_000, "1")],
        );
        // the override for wei is a flat 0.01
        let plan =
            compute_with_context(&ctx, &policy(), req(&owner, "uusdc", "wei", None)).unwrap();
        assert_eq!(plan.outcome.bonus, r("0.01"));
        let err = |ctx: &LiquidationContextResponse, debt: &str, coll: &str, sent: Option<u128>| {
            compute_with_context(ctx, &policy(), req(&owner, debt, coll, sent)).unwrap_err()
        };
        assert!(
            matches!(err(&ctx, "uusdc", "uatom", None), ContractError::UnknownCollateral { denom } if denom == "uatom")
        );
        assert!(
            matches!(err(&ctx, "uatom", "wei", None), ContractError::NoDebtInDenom { denom } if denom == "uatom")
        );
        assert!(matches!(
            err(&ctx, "uusdc", "wei", Some(0)),
            ContractError::ZeroAmount
        ));
        // healthy: 100 ATOM at 10 against 700 USDC, HF = 800/700
        let healthy = context(
            &[("uatom", 100_000_000, "10", "0.8")],
            &[("uusdc", 700_000_000, "1")],
        );
        assert!(matches!(
            err(&healthy, "uusdc", "uatom", None),
            ContractError::NotLiquidatable { health_factor: Some(hf) } if hf == d("1.142857142857142857")
        ));
        // a vault that accepts less bonus than the policy gives
        let mut strict = ctx.clone();
        strict.max_bonus = r("0.005");
        assert!(matches!(
            err(&strict, "uusdc", "wei", None),
            ContractError::BonusAboveVaultMax { .. }
        ));
    }
}
