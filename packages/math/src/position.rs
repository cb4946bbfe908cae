//! Position values of one account: collateral, debt, capacities, health.
//!
//! For collateral assets i (amount `c_i`, price `p_i`, max LTV `m_i`, liquidation threshold
//! `t_i`) and debt assets j (amount `d_j`, price `p_j`):
//!
//! ```text
//! C = Σ floor(c_i·p_i)                    collateral value
//! D = Σ ceil(d_j·p_j)                     debt value
//! B = Σ floor(floor(c_i·p_i)·m_i)         borrow capacity (initial margin)
//! L = Σ floor(floor(c_i·p_i)·t_i)         liquidation capacity (maintenance margin)
//! ```
//!
//! Every term is rounded on its own (floor per term), so that the vault, the liquidation
//! contract and off-chain tools that add the same terms get the same totals. The decisions are
//! integer comparisons: initial margin `D ≤ B`, liquidatable `D > L`.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms, atoms256, ratio, ratio_u128, to_u128, wad, wide, Rounding};
use crate::value::{collateral_value, debt_value};

/// One collateral asset of a position, at the price used for the decision.
#[cw_serde]
#[derive(Copy)]
pub struct CollateralInput {
    /// Amount held, in smallest units.
    pub amount: Uint128,
    /// Quote smallest units per one smallest unit of the asset.
    pub price: Decimal256,
    /// Maximum loan-to-value (initial margin) `m_i`.
    pub max_ltv: Decimal,
    /// Liquidation threshold (maintenance margin) `t_i`.
    pub liquidation_threshold: Decimal,
}

/// One debt asset of a position, at the price used for the decision.
#[cw_serde]
#[derive(Copy)]
pub struct DebtInput {
    /// Amount owed, in smallest units (interest included).
    pub amount: Uint128,
    /// Quote smallest units per one smallest unit of the asset.
    pub price: Decimal256,
}

/// The aggregate values of a position, in smallest units of the quote asset.
#[cw_serde]
#[derive(Default)]
pub struct PositionValues {
    /// `C = Σ floor(c_i·p_i)`
    pub collateral_value: Uint128,
    /// `D = Σ ceil(d_j·p_j)`
    pub debt_value: Uint128,
    /// `B = Σ floor(floor(c_i·p_i)·m_i)`
    pub borrow_capacity: Uint128,
    /// `L = Σ floor(floor(c_i·p_i)·t_i)`
    pub liquidation_capacity: Uint128,
}

/// `floor(floor(c·p)·ratio)`: one term of `B` or `L`.
fn capacity_term(amount: Uint128, price: Decimal256, ratio_: Decimal) -> MathResult<Uint128> {
    let value = collateral_value(amount, price)?;
    ratio_u128(&[wide(value), atoms(ratio_)], &[wad()], Rounding::Down)
}

/// `floor(floor(c_i·p_i)·m_i)`: the borrow-capacity term of one collateral.
pub fn borrow_capacity_term(c: &CollateralInput) -> MathResult<Uint128> {
    capacity_term(c.amount, c.price, c.max_ltv)
}

/// `floor(floor(c_i·p_i)·t_i)`: the liquidation-capacity term of one collateral.
pub fn liquidation_capacity_term(c: &CollateralInput) -> MathResult<Uint128> {
    capacity_term(c.amount, c.price, c.liquidation_threshold)
}

/// Values of a position.
///
/// ```text
/// C = Σ floor(c_i·p_i)            D = Σ ceil(d_j·p_j)
/// B = Σ floor(floor(c_i·p_i)·m_i) L = Σ floor(floor(c_i·p_i)·t_i)
/// ```
///
/// Errors: `Overflow`/`ConversionOverflow` if a term or a sum exceeds `u128::MAX`.
pub fn position_values(
    collaterals: &[CollateralInput],
    debts: &[DebtInput],
) -> MathResult<PositionValues> {
    let mut v = PositionValues::default();
    for c in collaterals {
        let value = collateral_value(c.amount, c.price)?;
        v.collateral_value = v.collateral_value.checked_add(value)?;
        let b = ratio_u128(&[wide(value), atoms(c.max_ltv)], &[wad()], Rounding::Down)?;
        v.borrow_capacity = v.borrow_capacity.checked_add(b)?;
        let l = ratio_u128(
            &[wide(value), atoms(c.liquidation_threshold)],
            &[wad()],
            Rounding::Down,
        )?;
        v.liquidation_capacity = v.liquidation_capacity.checked_add(l)?;
    }
    for d in debts {
        v.debt_value = v.debt_value.checked_add(debt_value(d.amount, d.price)?)?;
    }
    Ok(v)
}

/// `num / den` as a `Decimal256`, rounded as asked; `None` if `den = 0`.
///
/// Cannot overflow: `num ≤ u128::MAX`, so `num·10^18 < 2^256`.
fn quotient(num: Uint128, den: Uint128, rounding: Rounding) -> Option<Decimal256> {
    if den.is_zero() {
        return None;
    }
    let atomics = ratio(&[wide(num), wad()], &[wide(den)], rounding).ok()?;
    Uint256::try_from(atomics).ok().map(Decimal256::new)
}

impl PositionValues {
    /// Loan-to-value `D / C`, rounded up (never shows a position safer than it is).
    ///
    /// `None` when `C = 0`; `Some(0)` when `D = 0` and `C > 0`.
    pub fn ltv(&self) -> Option<Decimal256> {
        quotient(self.debt_value, self.collateral_value, Rounding::Up)
    }

    /// Health factor `HF = L / D`, rounded down (so `HF < 1` exactly when `D > L`).
    ///
    /// `None` when `D = 0` (no debt: infinitely healthy).
    pub fn health_factor(&self) -> Option<Decimal256> {
        quotient(self.liquidation_capacity, self.debt_value, Rounding::Down)
    }

    /// Leverage `C / (C − D)` (gross exposure over equity), rounded up.
    ///
    /// `None` when `C ≤ D` (no equity); `Some(1)` when `D = 0` and `C > 0`.
    pub fn leverage(&self) -> Option<Decimal256> {
        let equity = self.collateral_value.checked_sub(self.debt_value).ok()?;
        quotient(self.collateral_value, equity, Rounding::Up)
    }

    /// Initial margin rule `D ≤ B`: must hold after a borrow, a collateral withdrawal or a
    /// collateral-parameter change made by the user (at `Default` prices).
    pub fn meets_initial_margin(&self) -> bool {
        self.debt_value <= self.borrow_capacity
    }

    /// Liquidatable iff `D > L` (equivalently `HF < 1`), at `Liquidation` prices.
    pub fn is_liquidatable(&self) -> bool {
        self.debt_value > self.liquidation_capacity
    }

    /// Borrow headroom `max(B − D, 0)`, in quote units.
    pub fn borrow_headroom(&self) -> Uint128 {
        self.borrow_capacity.saturating_sub(self.debt_value)
    }
}

fn get<T>(items: &[T], index: usize) -> MathResult<&T> {
    items.get(index).ok_or(MathError::IndexOutOfRange {
        index,
        len: items.len(),
    })
}

/// Liquidation price of collateral `index`: the price `p_i` at which `L = D`, all other amounts
/// and prices fixed.
///
/// Precisely, it is the **smallest** price at which the position is not liquidatable
/// (`L ≥ D`); at any lower price it is liquidatable. With `need = D − Σ_{k≠i} L_k`:
///
/// ```text
/// V_min = ceil(need / t_i)          smallest value of c_i with floor(V·t_i) ≥ need
/// p_i   = ceil(V_min / c_i)         smallest price (at 10^-18) with floor(c_i·p_i) ≥ V_min
/// ```
///
/// Returns `None` when unreachable: no debt, the other collateral alone covers the debt
/// (`D ≤ Σ_{k≠i} L_k`, never liquidatable whatever `p_i`), or `c_i = 0` or `t_i = 0` (the
/// collateral cannot help). The debt side is held fixed even if a debt is the same asset.
///
/// Errors: `IndexOutOfRange`, or overflow of the position values.
pub fn liquidation_price(
    collaterals: &[CollateralInput],
    debts: &[DebtInput],
    index: usize,
) -> MathResult<Option<Decimal256>> {
    let target = get(collaterals, index)?;
    let values = position_values(collaterals, debts)?;
    let own = liquidation_capacity_term(target)?;
    let others = values.liquidation_capacity.checked_sub(own)?;
    if values.debt_value <= others
        || target.amount.is_zero()
        || target.liquidation_threshold.is_zero()
    {
        return Ok(None);
    }
    let need = values.debt_value.checked_sub(others)?;
    let v_min = ratio(
        &[wide(need), wad()],
        &[atoms(target.liquidation_threshold)],
        Rounding::Up,
    )?;
    let v_min = Uint256::try_from(v_min)?;
    let p = ratio(&[v_min, wad()], &[wide(target.amount)], Rounding::Up)?;
    Ok(Some(Decimal256::new(Uint256::try_from(p)?)))
}

/// Largest amount `a` of a **new** debt asset at `debt_price` that keeps the initial margin:
///
/// ```text
/// D + ceil(a·p) ≤ B   ⟺   a ≤ floor((B − D) / p)
/// ```
///
/// Exact at the 1-unit edge: borrowing `a` passes `D ≤ B`, `a + 1` fails (unless `a` is
/// capped at `u128::MAX`). If the account already owes this asset, use
/// [`max_borrow_with_existing`]: adding to an existing debt rounds once instead of twice, so
/// this function is then conservative by at most one unit.
///
/// Errors: `ZeroPrice`.
pub fn max_borrow(values: &PositionValues, debt_price: Decimal256) -> MathResult<Uint128> {
    max_borrow_with_existing(values, Uint128::zero(), debt_price)
}

/// Largest amount `a` that can be added to an existing debt `e` of the same asset (price `p`)
/// keeping the initial margin, exact at the 1-unit edge:
///
/// ```text
/// D_other = D − ceil(e·p)
/// D_other + ceil((e + a)·p) ≤ B   ⟺   a ≤ floor((B − D_other) / p) − e
/// ```
///
/// Returns 0 when the position does not meet the initial margin; the result is capped so that
/// `e + a ≤ u128::MAX`. `values` must include the existing debt.
///
/// Errors: `ZeroPrice`; `InvalidParam` if `values.debt_value < ceil(e·p)`.
pub fn max_borrow_with_existing(
    values: &PositionValues,
    existing_debt: Uint128,
    debt_price: Decimal256,
) -> MathResult<Uint128> {
    if debt_price.is_zero() {
        return Err(MathError::ZeroPrice);
    }
    let existing_value = debt_value(existing_debt, debt_price)?;
    let d_other = values.debt_value.checked_sub(existing_value).map_err(|_| {
        MathError::invalid_param("existing_debt", "worth more than the position's debt value")
    })?;
    let Ok(room) = values.borrow_capacity.checked_sub(d_other) else {
        return Ok(Uint128::zero());
    };
    let total = ratio(
        &[wide(room), wad()],
        &[atoms256(debt_price)],
        Rounding::Down,
    )?;
    let total = to_u128(total).unwrap_or(Uint128::MAX);
    Ok(total.saturating_sub(existing_debt))
}

/// Largest amount of collateral `index` that can be withdrawn keeping the initial margin
/// `D ≤ B`, exact at the 1-unit edge given the floor-per-term rounding.
///
/// All of it when `D = 0` or when the other collateral alone keeps `D ≤ B`. Otherwise, with
/// `need = D − Σ_{k≠i} B_k`, the remaining amount `x` must satisfy
/// `floor(floor(x·p_i)·m_i) ≥ need`, i.e.
///
/// ```text
/// V_min = ceil(need / m_i),  x_min = ceil(V_min / p_i),  max_withdraw = max(c_i − x_min, 0)
/// ```
///
/// Returns 0 when the position does not meet the initial margin even without a withdrawal.
///
/// Errors: `IndexOutOfRange`, or overflow of the position values.
pub fn max_withdraw(
    collaterals: &[CollateralInput],
    debts: &[DebtInput],
    index: usize,
) -> MathResult<Uint128> {
    let target = get(collaterals, index)?;
    let values = position_values(collaterals, debts)?;
    if values.debt_value.is_zero() {
        return Ok(target.amount);
    }
    let own = borrow_capacity_term(target)?;
    let others = values.borrow_capacity.checked_sub(own)?;
    if values.debt_value <= others {
        return Ok(target.amount);
    }
    if target.max_ltv.is_zero() || target.price.is_zero() {
        return Ok(Uint128::zero());
    }
    let need = values.debt_value.checked_sub(others)?;
    let v_min = ratio(&[wide(need), wad()], &[atoms(target.max_ltv)], Rounding::Up)?;
    let v_min = Uint256::try_from(v_min)?;
    let x_min = ratio(&[v_min, wad()], &[atoms256(target.price)], Rounding::Up)?;
    match to_u128(x_min) {
        Ok(x_min) => Ok(target.amount.saturating_sub(x_min)),
        // more than u128::MAX would have to remain: nothing can be withdrawn
        Err(_) => Ok(Uint128::zero()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }
    fn r(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn coll(amount: u128, price: &str, m: &str, t: &str) -> CollateralInput {
        CollateralInput {
            amount: Uint128::new(amount),
            price: d(price),
            max_ltv: r(m),
            liquidation_threshold: r(t),
        }
    }
    fn debt(amount: u128, price: &str) -> DebtInput {
        DebtInput {
            amount: Uint128::new(amount),
            price: d(price),
        }
    }

    /// Quote = USD with 6 decimals.
    /// Collateral: 1000 ATOM (6 dec, 10 USD -> price 10), m 0.7, t 0.8
    ///             2 ETH (18 dec, 3000 USD -> price 3e-9),   m 0.8, t 0.85
    /// Debt:       5000 USDC (6 dec, price 1), 0.1 BTC (8 dec, 60000 USD -> price 600)
    fn example() -> (Vec<CollateralInput>, Vec<DebtInput>) {
        (
            vec![
                coll(1_000_000_000, "10", "0.7", "0.8"),
                coll(2_000_000_000_000_000_000, "0.000000003", "0.8", "0.85"),
            ],
            vec![debt(5_000_000_000, "1"), debt(10_000_000, "600")],
        )
    }

    #[test]
    fn worked_position() {
        let (c, dd) = example();
        let v = position_values(&c, &dd).unwrap();
        // C = 1e9*10 + 2e18*3e-9 = 10e9 + 6e9 = 16e9
        assert_eq!(v.collateral_value.u128(), 16_000_000_000);
        // D = 5e9*1 + 1e7*600 = 5e9 + 6e9 = 11e9
        assert_eq!(v.debt_value.u128(), 11_000_000_000);
        // B = 10e9*0.7 + 6e9*0.8 = 7e9 + 4.8e9 = 11.8e9
        assert_eq!(v.borrow_capacity.u128(), 11_800_000_000);
        // L = 10e9*0.8 + 6e9*0.85 = 8e9 + 5.1e9 = 13.1e9
        assert_eq!(v.liquidation_capacity.u128(), 13_100_000_000);
        // LTV = 11/16 = 0.6875
        assert_eq!(v.ltv(), Some(d("0.6875")));
        // HF = 13.1/11 = 1.190909..., floored at 18 digits
        assert_eq!(v.health_factor(), Some(d("1.190909090909090909")));
        // leverage = 16 / (16 - 11) = 3.2
        assert_eq!(v.leverage(), Some(d("3.2")));
        assert!(v.meets_initial_margin());
        assert!(!v.is_liquidatable());
        assert_eq!(v.borrow_headroom().u128(), 800_000_000);
    }

    #[test]
    fn per_term_rounding() {
        // 333_333_333 wei at 3e-9 = 0.999999999 -> collateral value 0, so B and L are 0 too;
        // as debt it is worth ceil(0.999999999) = 1.
        let v = position_values(
            &[coll(333_333_333, "0.000000003", "0.5", "0.6")],
            &[debt(333_333_333, "0.000000003")],
        )
        .unwrap();
        assert_eq!(v.collateral_value.u128(), 0);
        assert_eq!(v.debt_value.u128(), 1);
        assert!(v.is_liquidatable());
        // two collaterals each worth 15 at m = 0.5 -> B = 7 + 7 = 14, not floor(30*0.5) = 15
        let v = position_values(
            &[coll(15, "1", "0.5", "0.6"), coll(15, "1", "0.5", "0.6")],
            &[],
        )
        .unwrap();
        assert_eq!(v.collateral_value.u128(), 30);
        assert_eq!(v.borrow_capacity.u128(), 14);
        // 15 * 0.6 = 9 exactly
        assert_eq!(v.liquidation_capacity.u128(), 18);
    }

    #[test]
    fn ratios_edge_cases() {
        let empty = PositionValues::default();
        assert_eq!(empty.ltv(), None);
        assert_eq!(empty.health_factor(), None);
        assert_eq!(empty.leverage(), None);
        assert!(empty.meets_initial_margin());
        assert!(!empty.is_liquidatable());

        let no_debt = PositionValues {
            collateral_value: Uint128::new(100),
            debt_value: Uint128::zero(),
            borrow_capacity: Uint128::new(50),
            liquidation_capacity: Uint128::new(60),
        };
        assert_eq!(no_debt.ltv(), Some(Decimal256::zero()));
        assert_eq!(no_debt.health_factor(), None);
        assert_eq!(no_debt.leverage(), Some(Decimal256::one()));

        let underwater = PositionValues {
            collateral_value: Uint128::new(100),
            debt_value: Uint128::new(100),
            borrow_capacity: Uint128::new(50),
            liquidation_capacity: Uint128::new(60),
        };
        assert_eq!(underwater.leverage(), None);
        assert_eq!(underwater.ltv(), Some(Decimal256::one()));
        // HF = 60/100
        assert_eq!(underwater.health_factor(), Some(d("0.6")));
        assert!(underwater.is_liquidatable());
        assert!(!underwater.meets_initial_margin());
        assert_eq!(underwater.borrow_headroom(), Uint128::zero());

        let no_coll = PositionValues {
            debt_value: Uint128::new(5),
            ..Default::default()
        };
        assert_eq!(no_coll.ltv(), None);
        assert_eq!(no_coll.health_factor(), Some(Decimal256::zero()));

        // LTV rounds up: 1/3 -> 0.333...334; leverage 3/(3-1) = 1.5
        let third = PositionValues {
            collateral_value: Uint128::new(3),
            debt_value: Uint128::new(1),
            ..Default::default()
        };
        assert_eq!(third.ltv(), Some(d("0.333333333333333334")));
        assert_eq!(third.leverage(), Some(d("1.5")));
        // extremes do not overflow
        let max = PositionValues {
            collateral_value: Uint128::MAX,
            debt_value: Uint128::MAX,
            borrow_capacity: Uint128::MAX,
            liquidation_capacity: Uint128::MAX,
        };
        assert_eq!(max.ltv(), Some(Decimal256::one()));
        assert_eq!(max.health_factor(), Some(Decimal256::one()));
    }

    #[test]
    fn overflow_is_an_error() {
        let big = coll(u128::MAX, "1", "0.5", "0.6");
        assert!(position_values(&[big, big], &[]).is_err());
        assert!(position_values(&[], &[debt(u128::MAX, "1.5")]).is_err());
    }

    #[test]
    fn worked_liquidation_price() {
        let (c, dd) = example();
        // others' L = 5.1e9; need = 11e9 - 5.1e9 = 5.9e9
        // V_min = ceil(5.9e9 / 0.8) = 7.375e9; p = ceil(7.375e9 / 1e9 uatom) = 7.375
        let p = liquidation_price(&c, &dd, 0).unwrap().unwrap();
        assert_eq!(p, d("7.375"));
        let mut at = c.clone();
        at[0].price = p;
        let v = position_values(&at, &dd).unwrap();
        assert_eq!(v.liquidation_capacity, v.debt_value);
        assert!(!v.is_liquidatable());
        at[0].price = p - Decimal256::new(Uint256::one());
        assert!(position_values(&at, &dd).unwrap().is_liquidatable());

        // ETH: others' L = 8e9; need = 3e9; V_min = ceil(3e9/0.85) = 3_529_411_765;
        // p = ceil(3_529_411_765e18 / 2e18) atomics = ceil(1_764_705_882.5) = 1_764_705_883e-18
        let p = liquidation_price(&c, &dd, 1).unwrap().unwrap();
        assert_eq!(p, d("0.000000001764705883"));
    }

    #[test]
    fn liquidation_price_unreachable() {
        let (c, dd) = example();
        // no debt
        assert_eq!(liquidation_price(&c, &[], 0).unwrap(), None);
        // the other collateral alone covers 5e9 of debt (ETH L = 5.1e9)
        assert_eq!(liquidation_price(&c, &dd[..1], 0).unwrap(), None);
        // zero amount or zero threshold
        let mut z = c.clone();
        z[0].amount = Uint128::zero();
        assert_eq!(liquidation_price(&z, &dd, 0).unwrap(), None);
        let mut z = c.clone();
        z[0].liquidation_threshold = Decimal::zero();
        assert_eq!(liquidation_price(&z, &dd, 0).unwrap(), None);
        assert_eq!(
            liquidation_price(&c, &dd, 2),
            Err(MathError::IndexOutOfRange { index: 2, len: 2 })
        );
    }

    #[test]
    fn worked_max_borrow() {
        let (c, dd) = example();
        let v = position_values(&c, &dd).unwrap();
        // headroom 0.8e9; USDC at price 1 -> 800_000_000
        assert_eq!(max_borrow(&v, d("1")).unwrap().u128(), 800_000_000);
        // BTC at 600: floor(8e8 / 600) = 1_333_333 (799_999_800 <= 8e8 < 800_000_400)
        assert_eq!(max_borrow(&v, d("600")).unwrap().u128(), 1_333_333);
        // existing BTC debt of 1e7 sat: D_other = 5e9; room = 6.8e9; floor(6.8e9/600) =
        // 11_333_333; minus existing 1e7 -> 1_333_333
        assert_eq!(
            max_borrow_with_existing(&v, Uint128::new(10_000_000), d("600"))
                .unwrap()
                .u128(),
            1_333_333
        );
        assert_eq!(
            max_borrow(&v, Decimal256::zero()),
            Err(MathError::ZeroPrice)
        );
        // not meeting the initial margin -> 0
        let bad = PositionValues {
            debt_value: Uint128::new(10),
            borrow_capacity: Uint128::new(5),
            ..Default::default()
        };
        assert_eq!(max_borrow(&bad, d("1")).unwrap(), Uint128::zero());
        // inconsistent existing debt
        assert!(matches!(
            max_borrow_with_existing(&bad, Uint128::new(11), d("1")),
            Err(MathError::InvalidParam { .. })
        ));
        // tiny price: capped at u128::MAX
        let rich = PositionValues {
            borrow_capacity: Uint128::MAX,
            ..Default::default()
        };
        assert_eq!(
            max_borrow(&rich, d("0.000000000000000001")).unwrap(),
            Uint128::MAX
        );
    }

    #[test]
    fn max_borrow_merging_rounding() {
        // An existing debt of 1 unit at 0.5 is worth ceil(0.5) = 1; B = 2.
        // As a new asset: D + ceil(a*0.5) <= 2 -> a <= 2.
        // Adding to it: ceil((1 + a)*0.5) <= 2 -> a <= 3: one more unit.
        let v = PositionValues {
            debt_value: Uint128::new(1),
            borrow_capacity: Uint128::new(2),
            ..Default::default()
        };
        assert_eq!(max_borrow(&v, d("0.5")).unwrap().u128(), 2);
        assert_eq!(
            max_borrow_with_existing(&v, Uint128::one(), d("0.5"))
                .unwrap()
                .u128(),
            3
        );
    }

    #[test]
    fn worked_max_withdraw() {
        let (c, dd) = example();
        // others' B = 4.8e9; need = 11e9 - 4.8e9 = 6.2e9
        // V_min = ceil(6.2e9 / 0.7) = 8_857_142_858; x_min = ceil(8_857_142_858 / 10)
        //       = 885_714_286; withdraw = 1e9 - 885_714_286 = 114_285_714
        let w = max_withdraw(&c, &dd, 0).unwrap();
        assert_eq!(w.u128(), 114_285_714);
        // remaining 885_714_286 -> 8_857_142_860 * 0.7 = 6_200_000_002 -> B = 11_000_000_002
        let mut after = c.clone();
        after[0].amount = c[0].amount - w;
        assert!(position_values(&after, &dd).unwrap().meets_initial_margin());
        // one more: 885_714_285 -> 8_857_142_850 * 0.7 = 6_199_999_995 -> B < D
        after[0].amount -= Uint128::one();
        assert!(!position_values(&after, &dd).unwrap().meets_initial_margin());
        // no debt: everything
        assert_eq!(max_withdraw(&c, &[], 1).unwrap(), c[1].amount);
        // other collateral covers a 4e9 debt alone (ETH B = 4.8e9)
        assert_eq!(
            max_withdraw(&c, &[debt(4_000_000_000, "1")], 0).unwrap(),
            c[0].amount
        );
        // under water: nothing
        assert_eq!(
            max_withdraw(&c, &[debt(12_000_000_000, "1")], 0).unwrap(),
            Uint128::zero()
        );
        assert!(max_withdraw(&c, &dd, 5).is_err());
        // zero LTV collateral with the rest insufficient: nothing
        let mut z = c.clone();
        z[0].max_ltv = Decimal::zero();
        assert_eq!(max_withdraw(&z, &dd, 0).unwrap(), Uint128::zero());
    }
}
