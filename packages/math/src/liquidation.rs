//! Liquidation amounts and the parameter bounds of the risk model.
//!
//! One debt asset `j` is repaid and one collateral asset `i` is seized (RISK.md,
//! "Liquidation"). Everything here is computed at `Liquidation` prices by the liquidation
//! contract; the vault re-checks the result with [`seize_within_bound`].

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{
    atoms, atoms256, decimal256_from_atoms, product_le, ratio, ratio_u128, to_u128, wad, wide,
    Rounding, WAD,
};
use crate::position::{position_values, CollateralInput, DebtInput};
use crate::value::{collateral_value, debt_value};

pub use crate::interest::validate_reserve_factor;

/// Highest liquidation bonus any curve may give: 0.3 (30%).
pub const MAX_BONUS: Decimal = Decimal::new(Uint128::new(3 * WAD / 10));

/// Highest slope of a bonus curve: 10 (at that slope a curve starting at 0 reaches the
/// highest possible bonus, 0.3, at HF = 0.97).
pub const MAX_BONUS_SLOPE: Decimal = Decimal::new(Uint128::new(10 * WAD));

/// Dynamic liquidation bonus curve of a collateral asset:
///
/// `b = min(start + slope·(1 − HF), max(min(C/D − 1, max), min))`
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub struct BonusCurve {
    /// Bonus at `HF = 1`.
    pub start: Decimal,
    /// Bonus added per unit of `1 − HF`.
    pub slope: Decimal,
    /// Floor of the collateral-limited bonus.
    pub min: Decimal,
    /// Ceiling of the bonus.
    pub max: Decimal,
}

impl BonusCurve {
    /// Checks `0 ≤ min ≤ start ≤ max ≤ MAX_BONUS` (0.3) and `slope ≤ MAX_BONUS_SLOPE` (10).
    ///
    /// Errors: `InvalidParam` naming the offending field.
    pub fn validate(&self) -> MathResult<()> {
        if self.min > self.start {
            return Err(MathError::invalid_param("min", "must be ≤ start"));
        }
        if self.start > self.max {
            return Err(MathError::invalid_param("start", "must be ≤ max"));
        }
        if self.max > MAX_BONUS {
            return Err(MathError::invalid_param(
                "max",
                format!("must be ≤ {MAX_BONUS}"),
            ));
        }
        if self.slope > MAX_BONUS_SLOPE {
            return Err(MathError::invalid_param(
                "slope",
                format!("must be ≤ {MAX_BONUS_SLOPE}"),
            ));
        }
        Ok(())
    }
}

/// Liquidation bonus for a position with health factor `HF`, collateral value `C` and debt
/// value `D`, rounded down:
///
/// ```text
/// b = min(start + slope·(1 − HF), max(min(C/D − 1, max), min))     solvent:   C ≥ D·(1 + min)
/// b = min(start + slope·(1 − HF), max)                              insolvent: C < D·(1 + min)
/// ```
///
/// `1 − HF` counts as 0 when `HF ≥ 1`; `C/D − 1` counts as `+∞` when `D = 0`. While the account is
/// solvent the bonus grows as the position gets sicker but does not ask for more collateral than
/// exists. An insolvent account (RISK.md step 9) gets the curve's value without the `C/D − 1`
/// cap, so closing it stays worth a liquidator's costs; its uncovered debt is written off.
///
/// Errors: none for `Decimal` inputs in practice (a result above `Decimal::MAX` is an error).
pub fn bonus(
    curve: &BonusCurve,
    health_factor: Decimal256,
    collateral_value: Uint128,
    debt_value: Uint128,
) -> MathResult<Decimal> {
    let sickness = wad().saturating_sub(atoms256(health_factor));
    let growth = atoms(curve.start).checked_add(Uint256::try_from(ratio(
        &[atoms(curve.slope), sickness],
        &[wad()],
        Rounding::Down,
    )?)?)?;
    if is_insolvent(curve, collateral_value, debt_value)? {
        let b = growth.min(atoms(curve.max)).max(atoms(curve.min));
        return crate::fixed::decimal_from_atoms(b.into());
    }
    let room = if debt_value.is_zero() {
        atoms(curve.max)
    } else {
        let excess = collateral_value.checked_sub(debt_value)?;
        Uint256::try_from(ratio(
            &[wide(excess), wad()],
            &[wide(debt_value)],
            Rounding::Down,
        )?)?
    };
    let cap = room.min(atoms(curve.max)).max(atoms(curve.min));
    crate::fixed::decimal_from_atoms(growth.min(cap).into())
}

/// Whether an account is insolvent for liquidation (RISK.md step 9): `C < D·(1 + bonus.min)`,
/// exactly (no rounding). An account with no debt is never insolvent.
pub fn is_insolvent(
    curve: &BonusCurve,
    collateral_value: Uint128,
    debt_value: Uint128,
) -> MathResult<bool> {
    if debt_value.is_zero() {
        return Ok(false);
    }
    Ok(!product_le(
        &[wide(debt_value), wad().checked_add(atoms(curve.min))?],
        &[wide(collateral_value), wad()],
    )?)
}

/// Liquidation policy parameters (set on the liquidation contract).
#[cw_serde]
pub struct LiquidationParams {
    /// Share of one debt that may be repaid at once while `HF ≥ full_liquidation_hf`.
    pub close_factor: Decimal,
    /// Below this health factor the whole debt may be repaid at once.
    pub full_liquidation_hf: Decimal,
    /// Share of the bonus that goes to the treasury.
    pub protocol_fee_share: Decimal,
    /// Dust threshold (quote units): no liquidation leaves a non-zero remainder of the repaid
    /// debt or of the seized collateral worth less than this.
    pub min_leftover_value: Uint128,
}

impl LiquidationParams {
    /// Checks `0 < close_factor ≤ 1`, `0 < full_liquidation_hf ≤ 1` and
    /// `0 ≤ protocol_fee_share < 1`.
    ///
    /// Errors: `InvalidParam` naming the offending field.
    pub fn validate(&self) -> MathResult<()> {
        if self.close_factor.is_zero() || self.close_factor > Decimal::one() {
            return Err(MathError::invalid_param(
                "close_factor",
                "must be > 0 and ≤ 1",
            ));
        }
        if self.full_liquidation_hf.is_zero() || self.full_liquidation_hf > Decimal::one() {
            return Err(MathError::invalid_param(
                "full_liquidation_hf",
                "must be > 0 and ≤ 1",
            ));
        }
        if self.protocol_fee_share >= Decimal::one() {
            return Err(MathError::invalid_param(
                "protocol_fee_share",
                "must be < 1",
            ));
        }
        Ok(())
    }
}

/// Checks the collateral parameters: `0 < max_ltv < liquidation_threshold < 1`.
///
/// Errors: `InvalidParam`.
pub fn validate_collateral_params(
    max_ltv: Decimal,
    liquidation_threshold: Decimal,
) -> MathResult<()> {
    if max_ltv.is_zero() {
        return Err(MathError::invalid_param("max_ltv", "must be > 0"));
    }
    if max_ltv >= liquidation_threshold {
        return Err(MathError::invalid_param(
            "max_ltv",
            "must be < liquidation_threshold",
        ));
    }
    if liquidation_threshold >= Decimal::one() {
        return Err(MathError::invalid_param(
            "liquidation_threshold",
            "must be < 1",
        ));
    }
    Ok(())
}

/// Checks `liquidation_threshold · (1 + bonus_max) < 1`, exactly: a liquidation at any allowed
/// bonus then removes less liquidation capacity than debt, so it improves the health of a
/// position above the break-even (see [`break_even_health_factor`]).
///
/// Errors: `InvalidParam`.
pub fn validate_threshold_with_bonus(
    liquidation_threshold: Decimal,
    bonus_max: Decimal,
) -> MathResult<()> {
    let one_plus_b = wad().checked_add(atoms(bonus_max))?;
    // t·(1+b) < 1  ⟺  t_atoms · (1+b)_atoms < 10^36
    let ok = !product_le(&[wad(), wad()], &[atoms(liquidation_threshold), one_plus_b])?;
    if !ok {
        return Err(MathError::invalid_param(
            "liquidation_threshold",
            format!("liquidation_threshold · (1 + {bonus_max}) must be < 1"),
        ));
    }
    Ok(())
}

/// Break-even health factor `t_i·(1 + b)`, rounded up: a liquidation seizing collateral with
/// threshold `t_i` at bonus `b` raises the health factor iff `HF` is above it (up to one unit of
/// rounding per value).
pub fn break_even_health_factor(
    liquidation_threshold: Decimal,
    bonus: Decimal,
) -> MathResult<Decimal256> {
    let one_plus_b = wad().checked_add(atoms(bonus))?;
    decimal256_from_atoms(ratio(
        &[atoms(liquidation_threshold), one_plus_b],
        &[wad()],
        Rounding::Up,
    )?)
}

/// Result of [`compute_liquidation`].
#[cw_serde]
pub struct LiquidationOutcome {
    /// Debt asset repaid (taken from what was sent).
    pub repay: Uint128,
    /// Collateral released from the account: `to_liquidator + protocol_fee`.
    pub seized: Uint128,
    /// Part of `seized` that goes to the treasury.
    pub protocol_fee: Uint128,
    /// Part of `seized` that goes to the liquidator.
    pub to_liquidator: Uint128,
    /// Bonus used.
    pub bonus: Decimal,
    /// `sent − repay`; 0 when `sent` is `None`.
    pub refund: Uint128,
    /// Health factor before (always `Some` for a liquidatable position).
    pub health_before: Option<Decimal256>,
    /// Health factor after; `None` when no debt remains.
    pub health_after: Option<Decimal256>,
    /// After the liquidation the account has no collateral left and still owes debt: the rest
    /// is bad debt to write off ([`crate::market::MarketState::write_off`]).
    pub leaves_bad_debt: bool,
}

fn get<T>(items: &[T], index: usize) -> MathResult<&T> {
    items.get(index).ok_or(MathError::IndexOutOfRange {
        index,
        len: items.len(),
    })
}

/// Prices and bonus of one liquidation, for the amount conversions.
struct Conversion {
    collateral_price: Uint256,
    debt_price: Uint256,
    one_plus_bonus: Uint256,
}

impl Conversion {
    /// `floor(repay · p_j · (1+b) / p_i)`: collateral paid for `repay`.
    fn seize_for(&self, repay: Uint128) -> MathResult<Uint128> {
        let seized = ratio(
            &[wide(repay), self.debt_price, self.one_plus_bonus],
            &[self.collateral_price, wad()],
            Rounding::Down,
        )?;
        Ok(to_u128(seized).unwrap_or(Uint128::MAX))
    }

    /// `round(c · p_i / ((1+b) · p_j))`: debt that `c` collateral pays for at the bonus.
    fn repay_for(&self, collateral: Uint128, rounding: Rounding) -> MathResult<Uint128> {
        let repay = ratio(
            &[wide(collateral), self.collateral_price, wad()],
            &[self.debt_price, self.one_plus_bonus],
            rounding,
        )?;
        Ok(to_u128(repay).unwrap_or(Uint128::MAX))
    }
}

/// Computes one liquidation: repay debt `debt_index`, seize collateral `collateral_index`.
///
/// `sent` is the amount of the debt asset the liquidator sent; `None` means "as much as
/// allowed" (what a bot simulates). Steps (RISK.md, "Liquidation"):
///
/// 1. The position must be liquidatable (`D > L`), else `NotLiquidatable`.
/// 2. `b = bonus(curve, HF, C, D)`.
/// 3. `cap = floor(d_j · close_factor)` if `HF ≥ full_liquidation_hf`, else `d_j`; if
///    `ceil((d_j − cap)·p_j) < min_leftover_value`, `cap = d_j`.
/// 4. `repay = min(sent, cap, floor(c_i·p_i / ((1+b)·p_j)))`.
/// 5. `seized = floor(repay·p_j·(1+b) / p_i)` (≤ `c_i`).
/// 6. Units: if the most this liquidation may repay, `min(cap, floor(c_i·p_i / ((1+b)·p_j)))`,
///    pays for less than one unit of collateral `i`, no amount sent could seize anything, so it
///    takes all of collateral `i` as below (a dust account must stay liquidatable, INVARIANTS 19).
///    Dust, with `m = min_leftover_value`:
///    * collateral: if `0 < c_i − seized` and `floor((c_i − seized)·p_i) < m`, take all of it:
///      `seized = c_i`, `repay = ceil(c_i·p_i / ((1+b)·p_j))`, the least that pays for it (the
///      close factor does not apply). If that is more than `d_j`, `repay = d_j` and `seized =
///      floor(d_j·p_j·(1+b)/p_i)`: crumbs of collateral may stay only because the debt is gone.
///      **The last unit:** when that rounds to zero and every debt of the account is worth less
///      than one unit of every priced collateral ([`only_units_left`]: no pair can seize
///      anything), one unit of collateral `i` is seized for the whole debt `j`. It is the only
///      rounding in the liquidator's favour (at most one unit, once per debt denom, as the debt
///      is then gone), and without it such an account could never be liquidated.
///    * debt: if `0 < d_j − repay` and `ceil((d_j − repay)·p_j) < m`, `repay` is raised to `d_j`
///      when the collateral pays for it (then the collateral rule is applied again); when it
///      does not, all of collateral `i` is taken as above.
///    * if `sent` is below what these rules need: `InsufficientRepayment { needed, sent }`.
/// 7. `repay = 0` or `seized = 0`: `ZeroLiquidation`. Protocol fee
///    `= floor(seized · b · protocol_fee_share / (1+b))` (the fee share of the bonus part
///    `seized·b/(1+b)`); `to_liquidator = seized − fee`.
/// 8. `health_after` from the position with `repay` removed from `d_j` and `seized` from `c_i`;
///    `leaves_bad_debt` when no collateral is left in any asset and some debt remains.
/// 9. Insolvent accounts (`C < D·(1 + min)`, see [`is_insolvent`]): the bonus is the curve's
///    value without the `C/D − 1` cap ([`bonus`]), and steps 3–6 are replaced by taking all of
///    collateral `i` (`repay = ceil(c_i·p_i / ((1+b)·p_j))`, or the whole debt `d_j` when that
///    is less, as in the dust rule); no close factor, no partial amount (a partial liquidation
///    would lower `HF` and so raise the next one's bonus). `sent` below that amount is
///    `InsufficientRepayment`.
///
/// **Seize bound** (all paths but the last unit): `seized·p_i ≤ repay·p_j·(1+b)` exactly, hence
/// `floor(seized·p_i) ≤ floor(repay·p_j·(1+b))`: the collateral released is never worth more
/// than the debt repaid plus the bonus, without even the one unit of rounding the spec allows.
/// The last unit (step 6) is the one exception: `seized = 1`, `repay = d_j`, and
/// `(seized − 1)·p_i ≤ repay·p_j·(1+b)` (see [`seize_within_bound`]).
///
/// Errors: invalid `params`/`curve` (`InvalidParam`); `IndexOutOfRange`; `ZeroAmount` for
/// `sent = Some(0)`; `NotLiquidatable`; `NoDebt`/`NoCollateral` if `d_j`/`c_i` is 0;
/// `ZeroPrice`; `InsufficientRepayment`; `ZeroLiquidation`; overflow.
pub fn compute_liquidation(
    collaterals: &[CollateralInput],
    debts: &[DebtInput],
    collateral_index: usize,
    debt_index: usize,
    sent: Option<Uint128>,
    params: &LiquidationParams,
    curve: &BonusCurve,
) -> MathResult<LiquidationOutcome> {
    params.validate()?;
    curve.validate()?;
    let coll = *get(collaterals, collateral_index)?;
    let debt = *get(debts, debt_index)?;
    if sent == Some(Uint128::zero()) {
        return Err(MathError::ZeroAmount);
    }

    // 1. liquidatable
    let values = position_values(collaterals, debts)?;
    let health_before = values.health_factor();
    if !values.is_liquidatable() {
        return Err(MathError::NotLiquidatable {
            health_factor: health_before,
        });
    }
    // D > L ≥ 0, so HF exists
    let hf = health_before.unwrap_or_default();
    if debt.amount.is_zero() {
        return Err(MathError::NoDebt);
    }
    if coll.amount.is_zero() {
        return Err(MathError::NoCollateral);
    }
    if coll.price.is_zero() || debt.price.is_zero() {
        return Err(MathError::ZeroPrice);
    }

    // 2. bonus
    let b = bonus(curve, hf, values.collateral_value, values.debt_value)?;
    let conv = Conversion {
        collateral_price: atoms256(coll.price),
        debt_price: atoms256(debt.price),
        one_plus_bonus: wad().checked_add(atoms(b))?,
    };
    let (c, d) = (coll.amount, debt.amount);
    let min_left = params.min_leftover_value;
    let limit = sent.unwrap_or(Uint128::MAX);

    // take all of collateral i, or as much as the whole debt j pays for (at least its last unit)
    let take_all = || -> MathResult<(Uint128, Uint128)> {
        let needed = conv.repay_for(c, Rounding::Up)?;
        let (repay, seized) = if needed <= d {
            (needed, c)
        } else {
            let seized = conv.seize_for(d)?.min(c);
            if seized.is_zero() && only_units_left(collaterals, debts)? {
                (d, Uint128::one())
            } else {
                (d, seized)
            }
        };
        if repay > limit {
            return Err(MathError::InsufficientRepayment {
                needed: repay,
                sent: limit,
            });
        }
        Ok((repay, seized))
    };
    // 9. insolvent (C < D·(1 + bonus.min)): the whole of collateral i, no close factor.
    let (repay, seized) = if is_insolvent(curve, values.collateral_value, values.debt_value)? {
        take_all()?
    } else {
        // 3. close-factor cap
        let mut cap = if atoms256(hf) >= atoms(params.full_liquidation_hf) {
            ratio_u128(
                &[wide(d), atoms(params.close_factor)],
                &[wad()],
                Rounding::Down,
            )?
        } else {
            d
        };
        if debt_value(d.checked_sub(cap)?, debt.price)? < min_left {
            cap = d;
        }

        // 4.–5. amounts
        let by_collateral = conv.repay_for(c, Rounding::Down)?;
        let mut repay = limit.min(cap).min(by_collateral);
        let mut seized = conv.seize_for(repay)?.min(c);

        // 6. units: the most this liquidation may repay pays for less than one unit of
        // collateral i, so no amount the liquidator sends could seize anything: take all of it,
        // or the last unit for the whole debt j.
        if conv.seize_for(cap.min(by_collateral))?.is_zero() {
            take_all()?
        } else {
            // 6. dust
            let is_collateral_dust = |seized: Uint128| -> MathResult<bool> {
                let left = c.checked_sub(seized)?;
                Ok(!left.is_zero() && collateral_value(left, coll.price)? < min_left)
            };
            if is_collateral_dust(seized)? {
                (repay, seized) = take_all()?;
            } else {
                let left = d.checked_sub(repay)?;
                if !left.is_zero() && debt_value(left, debt.price)? < min_left {
                    if d <= by_collateral {
                        if d > limit {
                            return Err(MathError::InsufficientRepayment {
                                needed: d,
                                sent: limit,
                            });
                        }
                        repay = d;
                        seized = conv.seize_for(d)?.min(c);
                        if is_collateral_dust(seized)? {
                            (repay, seized) = take_all()?;
                        }
                    } else {
                        (repay, seized) = take_all()?;
                    }
                }
            }
            (repay, seized)
        }
    };

    // 7. amounts and fee
    if repay.is_zero() || seized.is_zero() {
        return Err(MathError::ZeroLiquidation { repay, seized });
    }
    let protocol_fee = ratio_u128(
        &[wide(seized), atoms(b), atoms(params.protocol_fee_share)],
        &[conv.one_plus_bonus, wad()],
        Rounding::Down,
    )?;
    let to_liquidator = seized.checked_sub(protocol_fee)?;
    let refund = match sent {
        Some(sent) => sent.checked_sub(repay)?,
        None => Uint128::zero(),
    };

    // 8. after
    let mut collaterals_after = collaterals.to_vec();
    collaterals_after[collateral_index].amount = c.checked_sub(seized)?;
    let mut debts_after = debts.to_vec();
    debts_after[debt_index].amount = d.checked_sub(repay)?;
    let health_after = position_values(&collaterals_after, &debts_after)?.health_factor();
    let leaves_bad_debt = collaterals_after.iter().all(|c| c.amount.is_zero())
        && debts_after.iter().any(|d| !d.amount.is_zero());

    Ok(LiquidationOutcome {
        repay,
        seized,
        protocol_fee,
        to_liquidator,
        bonus: b,
        refund,
        health_before,
        health_after,
        leaves_bad_debt,
    })
}

/// Whether every debt of the account is worth less than one unit of every collateral it can seize
/// (`d_m·p_m < p_k` for each debt `m` and each priced collateral `k`, exactly, bonus left out):
/// no liquidation of any pair can then seize anything, so the last unit is allowed (step 6).
/// When it is false some pair `(k, m)` pays for a unit, and a liquidation of it succeeds.
pub fn only_units_left(collaterals: &[CollateralInput], debts: &[DebtInput]) -> MathResult<bool> {
    for k in collaterals {
        if k.amount.is_zero() || k.price.is_zero() {
            continue;
        }
        for m in debts {
            if m.amount.is_zero() {
                continue;
            }
            if product_le(&[atoms256(k.price)], &[wide(m.amount), atoms256(m.price)])? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Most collateral value a liquidation may release for debt worth `repay_value`:
/// `floor(repay_value · (1 + max_bonus))`.
///
/// For the vault's defence-in-depth check with its own prices:
/// `collateral_value(seized, p_i) ≤ max_seize_value(debt_value(repay, p_j), MAX_BONUS)`.
/// Every [`compute_liquidation`] outcome passes it at the same prices and any bonus
/// `b ≤ max_bonus`.
pub fn max_seize_value(repay_value: Uint128, max_bonus: Decimal) -> MathResult<Uint128> {
    ratio_u128(
        &[wide(repay_value), wad().checked_add(atoms(max_bonus))?],
        &[wad()],
        Rounding::Down,
    )
}

/// Exact form of the vault's check: `seized · p_i ≤ repaid · p_j · (1 + max_bonus)`, with no
/// rounding at all.
pub fn seize_within_bound(
    seized: Uint128,
    collateral_price: Decimal256,
    repaid: Uint128,
    debt_price: Decimal256,
    max_bonus: Decimal,
) -> MathResult<bool> {
    product_le(
        &[wide(seized), atoms256(collateral_price), wad()],
        &[
            wide(repaid),
            atoms256(debt_price),
            wad().checked_add(atoms(max_bonus))?,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn coll(amount: u128, price: &str, t: &str) -> CollateralInput {
        CollateralInput {
            amount: u(amount),
            price: d(price),
            max_ltv: r("0.5"),
            liquidation_threshold: r(t),
        }
    }
    fn debt(amount: u128, price: &str) -> DebtInput {
        DebtInput {
            amount: u(amount),
            price: d(price),
        }
    }
    fn curve() -> BonusCurve {
        BonusCurve {
            start: r("0.05"),
            slope: r("1"),
            min: r("0.02"),
            max: r("0.15"),
        }
    }
    fn params(min_leftover: u128) -> LiquidationParams {
        LiquidationParams {
            close_factor: r("0.5"),
            full_liquidation_hf: r("0.95"),
            protocol_fee_share: r("0.1"),
            min_leftover_value: u(min_leftover),
        }
    }

    #[test]
    fn worked_bonus() {
        let c = curve();
        // healthy: 1 - HF counts as 0 -> start = 0.05 (room C/D - 1 = 1 is capped at 0.15)
        assert_eq!(bonus(&c, d("1.2"), u(2000), u(1000)).unwrap(), r("0.05"));
        // HF 0.9: 0.05 + 1 * 0.1 = 0.15 = max
        assert_eq!(bonus(&c, d("0.9"), u(2000), u(1000)).unwrap(), r("0.15"));
        // HF 0.97: 0.05 + 0.03 = 0.08
        assert_eq!(bonus(&c, d("0.97"), u(2000), u(1000)).unwrap(), r("0.08"));
        // HF 0.5: 0.55 -> capped at max 0.15
        assert_eq!(bonus(&c, d("0.5"), u(2000), u(1000)).unwrap(), r("0.15"));
        // C/D - 1 = 1040/1000 - 1 = 0.04 < growth 0.15 -> 0.04
        assert_eq!(bonus(&c, d("0.9"), u(1040), u(1000)).unwrap(), r("0.04"));
        // C = D·(1 + min) exactly: still solvent, C/D - 1 = 0.02 = min -> 0.02
        assert_eq!(bonus(&c, d("0.9"), u(1020), u(1000)).unwrap(), r("0.02"));
        // C < D·(1 + min) (1010 < 1020): insolvent, no C/D - 1 cap -> curve 0.05 + 0.1 = 0.15
        assert_eq!(bonus(&c, d("0.9"), u(1010), u(1000)).unwrap(), r("0.15"));
        // insolvent at HF 0.99: curve 0.05 + 0.01 = 0.06 (not the min 0.02 the cap would give)
        assert_eq!(bonus(&c, d("0.99"), u(1010), u(1000)).unwrap(), r("0.06"));
        // C <= D: insolvent, curve 0.05 + 0.5 = 0.55 -> capped at max 0.15
        assert_eq!(bonus(&c, d("0.5"), u(900), u(1000)).unwrap(), r("0.15"));
        // a flat curve: the insolvent bonus is its one value
        let flat = BonusCurve {
            start: r("0.01"),
            slope: Decimal::zero(),
            min: r("0.01"),
            max: r("0.01"),
        };
        assert_eq!(bonus(&flat, d("0.5"), u(900), u(1000)).unwrap(), r("0.01"));
        assert!(is_insolvent(&c, u(1019), u(1000)).unwrap());
        assert!(!is_insolvent(&c, u(1020), u(1000)).unwrap());
        assert!(!is_insolvent(&c, u(0), u(0)).unwrap());
        // no debt: only the curve and max apply
        assert_eq!(bonus(&c, d("0.9"), u(900), u(0)).unwrap(), r("0.15"));
        // C/D - 1 = 1/3 floored: 1333/1000... use 4000/3000: 0.333.. > max -> 0.15
        assert_eq!(bonus(&c, d("0.9"), u(4000), u(3000)).unwrap(), r("0.15"));
        // C/D - 1 = 100/3000 = 0.0333... floored to 18 digits
        assert_eq!(
            bonus(&c, d("0.9"), u(3100), u(3000)).unwrap(),
            r("0.033333333333333333")
        );
    }

    #[test]
    fn curve_validation() {
        curve().validate().unwrap();
        let zero = BonusCurve {
            start: Decimal::zero(),
            slope: Decimal::zero(),
            min: Decimal::zero(),
            max: Decimal::zero(),
        };
        zero.validate().unwrap();
        let full = BonusCurve {
            start: r("0.3"),
            slope: r("10"),
            min: r("0.3"),
            max: r("0.3"),
        };
        full.validate().unwrap();
        for (bad, field) in [
            (
                BonusCurve {
                    min: r("0.06"),
                    ..curve()
                },
                "min",
            ),
            (
                BonusCurve {
                    start: r("0.2"),
                    ..curve()
                },
                "start",
            ),
            (
                BonusCurve {
                    max: r("0.300000000000000001"),
                    ..curve()
                },
                "max",
            ),
            (
                BonusCurve {
                    slope: r("10.000000000000000001"),
                    ..curve()
                },
                "slope",
            ),
        ] {
            match bad.validate() {
                Err(MathError::InvalidParam { name, .. }) => assert_eq!(name, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn params_validation() {
        params(0).validate().unwrap();
        let edge = LiquidationParams {
            close_factor: Decimal::one(),
            full_liquidation_hf: Decimal::one(),
            protocol_fee_share: r("0.999999999999999999"),
            min_leftover_value: u(0),
        };
        edge.validate().unwrap();
        for (bad, field) in [
            (
                LiquidationParams {
                    close_factor: r("0"),
                    ..params(0)
                },
                "close_factor",
            ),
            (
                LiquidationParams {
                    close_factor: r("1.000000000000000001"),
                    ..params(0)
                },
                "close_factor",
            ),
            (
                LiquidationParams {
                    full_liquidation_hf: r("0"),
                    ..params(0)
                },
                "full_liquidation_hf",
            ),
            (
                LiquidationParams {
                    full_liquidation_hf: r("1.1"),
                    ..params(0)
                },
                "full_liquidation_hf",
            ),
            (
                LiquidationParams {
                    protocol_fee_share: r("1"),
                    ..params(0)
                },
                "protocol_fee_share",
            ),
        ] {
            match bad.validate() {
                Err(MathError::InvalidParam { name, .. }) => assert_eq!(name, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn collateral_param_bounds() {
        validate_collateral_params(r("0.7"), r("0.8")).unwrap();
        validate_collateral_params(r("0.000000000000000001"), r("0.999999999999999999")).unwrap();
        assert!(validate_collateral_params(r("0"), r("0.8")).is_err());
        assert!(validate_collateral_params(r("0.8"), r("0.8")).is_err());
        assert!(validate_collateral_params(r("0.9"), r("0.8")).is_err());
        assert!(validate_collateral_params(r("0.7"), r("1")).is_err());
        // 0.8 * 1.25 = 1: rejected; 0.8 * 1.249999999999999999 < 1: accepted
        assert!(validate_threshold_with_bonus(r("0.8"), r("0.25")).is_err());
        validate_threshold_with_bonus(r("0.8"), r("0.249999999999999999")).unwrap();
        // 0.85 * 1.15 = 0.9775
        validate_threshold_with_bonus(r("0.85"), r("0.15")).unwrap();
        assert_eq!(
            break_even_health_factor(r("0.85"), r("0.15")).unwrap(),
            d("0.9775")
        );
        // 0.8 * 1.1 = 0.88; ceil keeps exact values
        assert_eq!(
            break_even_health_factor(r("0.8"), r("0.1")).unwrap(),
            d("0.88")
        );
        // 0.333333333333333333 * 1.1 = 0.3666666666666666663 -> ceil 0.366666666666666667
        assert_eq!(
            break_even_health_factor(r("0.333333333333333333"), r("0.1")).unwrap(),
            d("0.366666666666666667")
        );
    }

    /// 6-decimal assets. Quote USD (6 dec). 100 ATOM (1e8 uatom at price 10), t = 0.8;
    /// debt 850 USDC (8.5e8 at price 1).
    #[test]
    fn worked_liquidation_six_decimals() {
        let cs = [coll(100_000_000, "10", "0.8")];
        let ds = [debt(850_000_000, "1")];
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &params(1_000_000), &curve()).unwrap();
        // C = 1e9, D = 8.5e8, L = 8e8; HF = 800/850 = 0.941176470588235294 (floored)
        assert_eq!(out.health_before, Some(d("0.941176470588235294")));
        // growth = 0.05 + (1 - HF) = 0.05 + 0.058823529411764706 = 0.108823529411764706
        // room C/D - 1 = 0.176470588235294117 -> min(room, 0.15) = 0.15; b = 0.1088...
        assert_eq!(out.bonus, r("0.108823529411764706"));
        // HF < 0.95 -> cap = d = 8.5e8; by collateral floor(1e9 / 1.1088...) = 901_856_763
        // repay = min(8.5e8, 901_856_763) = 8.5e8 (the whole debt)
        assert_eq!(out.repay, u(850_000_000));
        // seized = floor(8.5e8 * 1.108823529411764706 / 10) = floor(94_250_000.00000000001)
        assert_eq!(out.seized, u(94_250_000));
        // fee = floor(94_250_000 * 0.1088.. * 0.1 / 1.1088..) = floor(925_000.0000..) = 925_000
        assert_eq!(out.protocol_fee, u(925_000));
        assert_eq!(out.to_liquidator, u(93_325_000));
        assert_eq!(out.refund, u(0));
        // 5_750_000 uatom (57.5 USD) remain, no debt
        assert_eq!(out.health_after, None);
        assert!(!out.leaves_bad_debt);

        // the same with 900 USD sent: 50 refunded
        let out2 = compute_liquidation(
            &cs,
            &ds,
            0,
            0,
            Some(u(900_000_000)),
            &params(1_000_000),
            &curve(),
        )
        .unwrap();
        assert_eq!(out2.repay, out.repay);
        assert_eq!(out2.refund, u(50_000_000));
    }

    /// 18-decimal collateral. 1 ETH (1e18 wei at 3e-9), t = 0.85; debt 2_700 USDC.
    /// full_liquidation_hf = 0.9 so the close factor applies; 1_000 USDC sent.
    #[test]
    fn worked_liquidation_eighteen_decimals() {
        let cs = [coll(1_000_000_000_000_000_000, "0.000000003", "0.85")];
        let ds = [debt(2_700_000_000, "1")];
        let p = LiquidationParams {
            full_liquidation_hf: r("0.9"),
            ..params(1_000_000)
        };
        let out =
            compute_liquidation(&cs, &ds, 0, 0, Some(u(1_000_000_000)), &p, &curve()).unwrap();
        // C = 3e9, D = 2.7e9, L = 2.55e9; HF = 2.55/2.7 = 0.944444444444444444
        assert_eq!(out.health_before, Some(d("0.944444444444444444")));
        // growth = 0.05 + 0.055555555555555556 = 0.105555555555555556 < room 0.1111.. -> b
        assert_eq!(out.bonus, r("0.105555555555555556"));
        // HF >= 0.9 -> cap = 2.7e9 * 0.5 = 1.35e9; repay = min(1e9 sent, 1.35e9, ...) = 1e9
        assert_eq!(out.repay, u(1_000_000_000));
        assert_eq!(out.refund, u(0));
        // seized = floor(1e9 * 1.105555555555555556 / 3e-9) = floor(3.6851851851851851866e17)
        assert_eq!(out.seized, u(368_518_518_518_518_518));
        // fee = floor(seized * b * 0.1 / (1 + b)) = floor(3_518_518_518_518_518.5..)
        assert_eq!(out.protocol_fee, u(3_518_518_518_518_518));
        assert_eq!(out.to_liquidator, u(365_000_000_000_000_000));
        // after: 631_481_481_481_481_482 wei -> C = floor(1_894_444_444.44) = 1_894_444_444,
        // L = floor(1_894_444_444 * 0.85) = 1_610_277_777; D = 1.7e9;
        // HF = 1_610_277_777 / 1.7e9 = 0.947222221764705882 > 0.944..: health improved
        assert_eq!(out.health_after, Some(d("0.947222221764705882")));
    }

    /// 8-decimal collateral, 18-decimal debt: 0.1 BTC (1e7 sat at 600), t = 0.8; debt 1.7 ETH
    /// (1.7e18 wei at 3e-9 = 5_100 USD).
    #[test]
    fn worked_liquidation_eight_and_eighteen_decimals() {
        let cs = [coll(10_000_000, "600", "0.8")];
        let ds = [debt(1_700_000_000_000_000_000, "0.000000003")];
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &params(1_000_000), &curve()).unwrap();
        // C = 6e9, D = 5.1e9, L = 4.8e9: the same ratios as the 6-decimal example
        assert_eq!(out.bonus, r("0.108823529411764706"));
        // cap = d (HF < 0.95); by collateral floor(6e9 / (1.1088.. * 3e-9)) =
        // 1_803_713_527_851_458_885 > d -> repay the whole 1.7e18 wei
        assert_eq!(out.repay, u(1_700_000_000_000_000_000));
        // seized = floor(1.7e18 * 3e-9 * 1.108823529411764706 / 600) = floor(9_425_000.00..)
        assert_eq!(out.seized, u(9_425_000));
        assert_eq!(out.protocol_fee, u(92_500));
        assert_eq!(out.health_after, None);
    }

    /// Collateral dust: a small ATOM collateral next to a large ETH one.
    #[test]
    fn worked_collateral_dust_take() {
        // ATOM 1e7 uatom (100 USD) t 0.8, ETH 5e17 wei (1_500 USD) t 0.85, debt 1_500 USDC
        let cs = [
            coll(10_000_000, "10", "0.8"),
            coll(500_000_000_000_000_000, "0.000000003", "0.85"),
        ];
        let ds = [debt(1_500_000_000, "1")];
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &params(1_000_000), &curve()).unwrap();
        // C = 1.6e9, L = 8e7 + 1.275e9 = 1.355e9, D = 1.5e9, HF = 0.903333333333333333
        assert_eq!(out.health_before, Some(d("0.903333333333333333")));
        // growth = 0.05 + 0.096666666666666667 = 0.146666666666666667; room = 0.1e9 / 1.5e9 =
        // 0.066666666666666666 -> b = 0.066666666666666666
        assert_eq!(out.bonus, r("0.066666666666666666"));
        // by collateral: floor(1e8 / 1.066666666666666666) = floor(93_750_000.00000000006)
        //   = 93_750_000 -> seized floor(93_750_000 * 1.0666.. / 10) = 9_999_999, leaving 1
        //   uatom worth 10 < 1_000_000: take all 1e7 uatom for
        //   ceil(93_750_000.00000000006) = 93_750_001
        assert_eq!(out.seized, u(10_000_000));
        assert_eq!(out.repay, u(93_750_001));
        // fee = floor(1e7 * 0.0666.. * 0.1 / 1.0666..) = floor(62_499.99..) = 62_499
        assert_eq!(out.protocol_fee, u(62_499));
        // after: L = 1.275e9, D = 1_406_249_999 -> HF 0.906666667311407407
        assert_eq!(out.health_after, Some(d("0.906666667311407407")));
        assert!(!out.leaves_bad_debt);
        // the seize bound holds exactly: 1e7 * 10 = 1e8 <= 93_750_001 * 1.0666.. = 1.0000000098e8
        assert!(seize_within_bound(out.seized, d("10"), out.repay, d("1"), out.bonus).unwrap());

        // without the dust rule the 1 uatom stays
        let plain = compute_liquidation(&cs, &ds, 0, 0, None, &params(0), &curve()).unwrap();
        assert_eq!((plain.repay, plain.seized), (u(93_750_000), u(9_999_999)));

        // too little sent for the dust take: an error naming what is needed
        assert_eq!(
            compute_liquidation(
                &cs,
                &ds,
                0,
                0,
                Some(u(93_750_000)),
                &params(1_000_000),
                &curve()
            ),
            Err(MathError::InsufficientRepayment {
                needed: u(93_750_001),
                sent: u(93_750_000)
            })
        );
    }

    #[test]
    fn collateral_crumbs_only_when_debt_is_gone() {
        // 100 ATOM (1e9 USD-units) t 0.8; debt 900 USDC. C/D - 1 = 0.111.. caps the bonus.
        // by collateral floor(1e9 / 1.111111111111111111) = 900_000_000 = d: repay all,
        // seized floor(9e8 * 1.111111111111111111 / 10) = 99_999_999; 1 uatom (10 units,
        // less than the 1e8 dust threshold) remains, but no debt: allowed.
        let cs = [coll(100_000_000, "10", "0.8")];
        let ds = [debt(900_000_000, "1")];
        let out =
            compute_liquidation(&cs, &ds, 0, 0, None, &params(100_000_000), &curve()).unwrap();
        assert_eq!(out.bonus, r("0.111111111111111111"));
        assert_eq!(out.repay, u(900_000_000));
        assert_eq!(out.seized, u(99_999_999));
        assert_eq!(out.health_after, None);
    }

    #[test]
    fn debt_dust_is_raised_or_refused() {
        let cs = [coll(100_000_000, "10", "0.8")];
        let ds = [debt(850_000_000, "1")];
        // sending 849.5 USDC would leave 0.5 USDC of debt (< 1 USDC dust): the full 850 is
        // needed
        assert_eq!(
            compute_liquidation(
                &cs,
                &ds,
                0,
                0,
                Some(u(849_500_000)),
                &params(1_000_000),
                &curve()
            ),
            Err(MathError::InsufficientRepayment {
                needed: u(850_000_000),
                sent: u(849_500_000)
            })
        );
        // 849 USDC leaves exactly 1 USDC: not dust
        let out = compute_liquidation(
            &cs,
            &ds,
            0,
            0,
            Some(u(849_000_000)),
            &params(1_000_000),
            &curve(),
        )
        .unwrap();
        // seized = floor(8.49e8 * 1.108823529411764706 / 10) = 94_139_117
        assert_eq!((out.repay, out.seized), (u(849_000_000), u(94_139_117)));

        // close factor: HF 0.97 >= 0.95 (C = 1e9, L = 8e8, D = 825e6 -> 0.969696..)
        let ds = [debt(825_000_000, "1")];
        let p = params(1_000_000);
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &p, &curve()).unwrap();
        // cap = floor(825e6 * 0.5) = 412_500_000
        assert_eq!(out.repay, u(412_500_000));
        // with a dust threshold above the remaining 412.5 USD, the cap is the whole debt
        let out =
            compute_liquidation(&cs, &ds, 0, 0, None, &params(412_500_001), &curve()).unwrap();
        assert_eq!(out.repay, u(825_000_000));
    }

    #[test]
    fn debt_dust_beyond_the_collateral_takes_all_of_it() {
        // flat bonus 0.1; dust threshold 10 quote units
        let flat = BonusCurve {
            start: r("0.1"),
            slope: Decimal::zero(),
            min: r("0.1"),
            max: r("0.1"),
        };
        // 1_000_003 uatom at 10 -> C = 10_000_030, L = 8_000_024; debt 9_090_940 at 1
        let cs = [coll(1_000_003, "10", "0.8")];
        let ds = [debt(9_090_940, "1")];
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &params(10), &flat).unwrap();
        // by collateral: floor(10_000_030 / 1.1) = floor(9_090_936.36) = 9_090_936, which
        // seizes floor(9_090_936 * 1.1 / 10) = 1_000_002 and leaves 1 uatom (worth 10: not
        // dust) but 4 units of debt (dust). The collateral cannot pay for the whole debt, so
        // all of it is taken for ceil(9_090_936.36) = 9_090_937.
        assert_eq!(out.bonus, r("0.1"));
        assert_eq!(out.repay, u(9_090_937));
        assert_eq!(out.seized, u(1_000_003));
        // 3 units of debt remain with no collateral: bad debt
        assert!(out.leaves_bad_debt);
        // 10_000_030 <= 9_090_937 * 1.1 = 10_000_030.7
        assert!(seize_within_bound(out.seized, d("10"), out.repay, d("1"), out.bonus).unwrap());
    }

    #[test]
    fn bad_debt_is_flagged() {
        // 100 ATOM at a crashed price 5 (C = 5e8, L = 4e8) against 900 USDC: insolvent
        // (C < D·1.02), HF = 4/9 -> curve 0.05 + 5/9 > max -> b = 0.15 (step 9: no C/D - 1 cap)
        let cs = [coll(100_000_000, "5", "0.8")];
        let ds = [debt(900_000_000, "1")];
        let out = compute_liquidation(&cs, &ds, 0, 0, None, &params(1_000_000), &curve()).unwrap();
        assert_eq!(out.bonus, r("0.15"));
        // the whole collateral, for ceil(5e8 / 1.15) = ceil(434_782_608.69) = 434_782_609
        assert_eq!(out.seized, u(100_000_000));
        assert_eq!(out.repay, u(434_782_609));
        assert_eq!(out.health_after, Some(Decimal256::zero()));
        assert!(out.leaves_bad_debt);
    }

    #[test]
    fn liquidation_errors() {
        let cs = [coll(100_000_000, "10", "0.8")];
        let healthy = [debt(700_000_000, "1")];
        let p = params(0);
        // HF = 800 / 700 = 1.142857142857142857
        assert_eq!(
            compute_liquidation(&cs, &healthy, 0, 0, None, &p, &curve()),
            Err(MathError::NotLiquidatable {
                health_factor: Some(d("1.142857142857142857"))
            })
        );
        assert_eq!(
            compute_liquidation(&cs, &[], 0, 0, None, &p, &curve()),
            Err(MathError::IndexOutOfRange { index: 0, len: 0 })
        );
        let sick = [debt(850_000_000, "1"), debt(0, "1")];
        assert_eq!(
            compute_liquidation(&cs, &sick, 0, 0, Some(u(0)), &p, &curve()),
            Err(MathError::ZeroAmount)
        );
        assert_eq!(
            compute_liquidation(&cs, &sick, 0, 1, None, &p, &curve()),
            Err(MathError::NoDebt)
        );
        let two = [coll(100_000_000, "10", "0.8"), coll(0, "10", "0.8")];
        assert_eq!(
            compute_liquidation(&two, &sick, 1, 0, None, &p, &curve()),
            Err(MathError::NoCollateral)
        );
        let bad_params = LiquidationParams {
            close_factor: Decimal::zero(),
            ..p.clone()
        };
        assert!(compute_liquidation(&cs, &sick, 0, 0, None, &bad_params, &curve()).is_err());
        // BTC at 600 per sat: repaying 1 unit of USDC buys floor(1.02.. / 600) = 0 sat
        let btc = [coll(10_000_000, "600", "0.8")];
        let owed = [debt(5_000_000_000, "1")];
        assert_eq!(
            compute_liquidation(&btc, &owed, 0, 0, Some(u(1)), &p, &curve()),
            Err(MathError::ZeroLiquidation {
                repay: u(1),
                seized: u(0)
            })
        );
        // ... but the most it may repay seizes something, so the bot sends more
        assert!(compute_liquidation(&btc, &owed, 0, 0, None, &p, &curve()).is_ok());
        // a zero collateral price: C = 0, debt remains -> liquidatable, but nothing to price
        let worthless = [coll(10, "0", "0.8")];
        assert_eq!(
            compute_liquidation(&worthless, &owed, 0, 0, None, &p, &curve()),
            Err(MathError::ZeroPrice)
        );
    }

    /// INVARIANTS 19 at the smallest scale: 1 uatom worth 9 quote units against 7 uusdc of
    /// debt (HF = floor(9·0.75)/7 = 6/7). Every repay pays for less than one unit.
    #[test]
    fn dust_accounts_are_closed_by_the_last_unit() {
        let dust = [coll(1, "9", "0.75")];
        let owed = [debt(7, "1")];
        let mut p = params(0);
        for min_leftover_value in [0, 1_000_000] {
            p.min_leftover_value = u(min_leftover_value);
            for hf_full in ["0.5", "0.95"] {
                // above and below full_liquidation_hf: the close factor gives way too
                p.full_liquidation_hf = r(hf_full);
                let out = compute_liquidation(&dust, &owed, 0, 0, None, &p, &curve()).unwrap();
                assert_eq!((out.repay, out.seized), (u(7), u(1)), "{p:?}");
                assert_eq!(out.health_after, None);
                assert!(!out.leaves_bad_debt);
                // the one unit is worth more than 7·(1+b): outside the exact bound by < 1 unit
                assert!(!seize_within_bound(u(1), d("9"), u(7), d("1"), out.bonus).unwrap());
                assert!(seize_within_bound(u(0), d("9"), u(7), d("1"), out.bonus).unwrap());
                // sending less than the whole debt says how much is needed
                assert_eq!(
                    compute_liquidation(&dust, &owed, 0, 0, Some(u(3)), &p, &curve()),
                    Err(MathError::InsufficientRepayment {
                        needed: u(7),
                        sent: u(3)
                    })
                );
            }
        }
        // a unit worth less than the debt pays for: the ordinary take-all, inside the bound
        let big_debt = [coll(1, "9", "0.75"), coll(1, "9", "0.75")];
        let owed = [debt(100, "1")];
        let out = compute_liquidation(&big_debt, &owed, 0, 0, None, &p, &curve()).unwrap();
        assert_eq!(out.seized, u(1));
        assert!(out.repay < u(100));
        assert!(seize_within_bound(out.seized, d("9"), out.repay, d("1"), out.bonus).unwrap());
    }

    #[test]
    fn seize_bounds() {
        // floor(1_000 * 1.3) = 1_300
        assert_eq!(max_seize_value(u(1_000), MAX_BONUS).unwrap(), u(1_300));
        // floor(7 * 1.15) = floor(8.05) = 8
        assert_eq!(max_seize_value(u(7), r("0.15")).unwrap(), u(8));
        assert!(max_seize_value(Uint128::MAX, MAX_BONUS).is_err());
        // 130 ATOM-units at price 10 = 1_300 <= 1_000 * 1 * 1.3: on the bound
        assert!(seize_within_bound(u(130), d("10"), u(1_000), d("1"), MAX_BONUS).unwrap());
        assert!(!seize_within_bound(u(131), d("10"), u(1_000), d("1"), MAX_BONUS).unwrap());
        assert_eq!(MAX_BONUS, r("0.3"));
        assert_eq!(MAX_BONUS_SLOPE, r("10"));
    }
}
