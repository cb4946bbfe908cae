//! Property tests: liquidation amounts (INVARIANTS.md 12, 14–17, 19).

mod common;

use ballast_math::{
    break_even_health_factor, collateral_value, compute_liquidation, debt_value, is_insolvent,
    max_seize_value, only_units_left, position_values, seize_within_bound,
    validate_threshold_with_bonus, BonusCurve, CollateralInput, DebtInput, LiquidationOutcome,
    LiquidationParams, MathError, MAX_BONUS,
};
use common::*;
use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint512};
use proptest::prelude::*;
use proptest::sample::Index;

/// `d · f / 1000`, at least 1.
fn part(d: Uint128, f: u128) -> Uint128 {
    d.multiply_ratio(f, 1_000u128).max(Uint128::one())
}

/// Whether the rounding margin of the health argument holds: `(HF − t·(1+b)) · R ≥ 3` with
/// `R` the repaid value. Then `L·ΔD ≥ ΔL·D` even with one unit of rounding on each value, so
/// the health factor cannot fall.
fn improves_by_margin(
    hf: Decimal256,
    threshold: Decimal,
    bonus: Decimal,
    repay_value: Uint128,
) -> bool {
    let be = break_even_health_factor(threshold, bonus).unwrap();
    if hf <= be {
        return false;
    }
    (hf - be)
        .checked_mul(Decimal256::from_ratio(repay_value, 1u128))
        .map(|x| x >= Decimal256::from_ratio(3u128, 1u128))
        .unwrap_or(true)
}

/// `floor(repay · p_j · (1 + b) / p_i)` on 512 bits, independent of the crate.
fn seize_at(repay: Uint128, p_j: Decimal256, b: Decimal, p_i: Decimal256) -> Uint128 {
    let num = Uint512::from(repay)
        * Uint512::from(p_j.atomics())
        * (Uint512::from(WAD) + Uint512::from(b.atomics()));
    let den = Uint512::from(p_i.atomics()) * Uint512::from(WAD);
    Uint128::try_from(num / den).unwrap_or(Uint128::MAX)
}

fn apply(
    cs: &mut [CollateralInput],
    ds: &mut [DebtInput],
    i: usize,
    j: usize,
    out: &LiquidationOutcome,
) {
    cs[i].amount -= out.seized;
    ds[j].amount -= out.repay;
}

#[allow(clippy::too_many_arguments)]
fn check_outcome(
    cs: &[CollateralInput],
    ds: &[DebtInput],
    i: usize,
    j: usize,
    sent: Option<Uint128>,
    params: &LiquidationParams,
    curve: &BonusCurve,
    out: &LiquidationOutcome,
) -> Result<(), TestCaseError> {
    let (c, d) = (cs[i].amount, ds[j].amount);
    let (p_i, p_j) = (cs[i].price, ds[j].price);
    let before = position_values(cs, ds).unwrap();
    // 12. only liquidatable positions
    prop_assert!(before.is_liquidatable());
    prop_assert_eq!(out.health_before, before.health_factor());
    // amounts
    prop_assert!(out.repay > Uint128::zero() && out.seized > Uint128::zero());
    prop_assert!(out.seized <= c);
    prop_assert!(out.repay <= d);
    if let Some(sent) = sent {
        prop_assert!(out.repay <= sent);
        prop_assert_eq!(out.refund, sent - out.repay);
    } else {
        prop_assert_eq!(out.refund, Uint128::zero());
    }
    prop_assert!(out.bonus <= curve.max && out.bonus <= MAX_BONUS);
    // fee: at most the fee share of the bonus part seized·b/(1+b)
    prop_assert_eq!(out.to_liquidator + out.protocol_fee, out.seized);
    let fee_lhs = Uint512::from(out.protocol_fee)
        * (Uint512::from(WAD) + Uint512::from(out.bonus.atomics()))
        * Uint512::from(WAD);
    let fee_rhs = Uint512::from(out.seized)
        * Uint512::from(out.bonus.atomics())
        * Uint512::from(params.protocol_fee_share.atomics());
    prop_assert!(fee_lhs <= fee_rhs);
    // 15. seized value ≤ repaid value · (1 + b), exactly, and the vault's check passes; the one
    // exception is the last unit (step 6): one unit of collateral for the whole debt j, which
    // pays for less than one unit
    let last_unit = out.seized == Uint128::one()
        && out.repay == d
        && !seize_within_bound(out.seized, p_i, d, p_j, out.bonus).unwrap();
    let bounded_seize = if last_unit {
        Uint128::zero()
    } else {
        out.seized
    };
    prop_assert!(seize_within_bound(bounded_seize, p_i, out.repay, p_j, out.bonus).unwrap());
    let seized_value = collateral_value(bounded_seize, p_i).unwrap();
    let repaid_value = debt_value(out.repay, p_j).unwrap();
    prop_assert!(seized_value <= max_seize_value(repaid_value, out.bonus).unwrap());
    prop_assert!(seized_value <= max_seize_value(repaid_value, MAX_BONUS).unwrap());
    // 15. repay ≤ close-factor share, except the full-liquidation and dust cases
    let hf = out.health_before.unwrap();
    let cap = if hf >= Decimal256::from(params.full_liquidation_hf) {
        d.mul_floor(params.close_factor)
    } else {
        d
    };
    if is_insolvent(curve, before.collateral_value, before.debt_value).unwrap() {
        // RISK.md step 9: an insolvent account gives up the whole collateral (or the whole
        // debt is repaid), never a close-factor piece
        prop_assert!(out.seized == c || out.repay == d);
    } else if params.min_leftover_value.is_zero() {
        // only the units rule (step 6) goes past the cap: it takes the whole collateral or
        // repays the whole debt
        prop_assert!(out.repay <= cap || out.seized == c || out.repay == d);
    } else {
        prop_assert!(out.repay <= cap || out.repay == d || out.seized == c);
    }
    // 17. no dust: a remainder worth less than min_leftover only next to an emptied side
    let m = params.min_leftover_value;
    let (left_c, left_d) = (c - out.seized, d - out.repay);
    let dust_c = !left_c.is_zero() && collateral_value(left_c, p_i).unwrap() < m;
    let dust_d = !left_d.is_zero() && debt_value(left_d, p_j).unwrap() < m;
    prop_assert!(
        !dust_c || left_d.is_zero(),
        "collateral crumbs while debt remains"
    );
    prop_assert!(
        !dust_d || left_c.is_zero(),
        "debt dust while collateral remains"
    );
    // the reported after-state
    let (mut cs2, mut ds2) = (cs.to_vec(), ds.to_vec());
    apply(&mut cs2, &mut ds2, i, j, out);
    let after = position_values(&cs2, &ds2).unwrap();
    prop_assert_eq!(out.health_after, after.health_factor());
    let bad = cs2.iter().all(|c| c.amount.is_zero()) && ds2.iter().any(|d| !d.amount.is_zero());
    prop_assert_eq!(out.leaves_bad_debt, bad);
    // 14. above the break-even (with the rounding margin), health never falls; the last unit
    // is only for accounts where no pair can seize anything, and it may lower HF there
    prop_assert!(!last_unit || only_units_left(cs, ds).unwrap());
    let t = cs[i].liquidation_threshold;
    if !last_unit
        && validate_threshold_with_bonus(t, out.bonus).is_ok()
        && improves_by_margin(
            hf,
            t,
            out.bonus,
            repaid_value.saturating_sub(Uint128::one()),
        )
    {
        if let Some(h) = out.health_after {
            prop_assert!(h >= hf, "health fell from {} to {}", hf, h);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 5000,
        max_global_rejects: 100_000,
        ..ProptestConfig::default()
    })]

    /// Every outcome respects the bounds; with `sent = None` a liquidatable position can
    /// always be liquidated (INVARIANTS 19, whatever the units: step 6's units rule and last
    /// unit); only a `sent` too small to seize one unit rounds to zero; a too-small `sent` gets
    /// an error saying what is needed, and that amount is enough.
    #[test]
    fn outcomes_respect_the_bounds(
        (cs, ds) in position_near_threshold(10_001, 20_000),
        ci in any::<Index>(),
        dj in any::<Index>(),
        sent_f in prop::option::of(1u128..=1_200),
        params in liquidation_params(),
        curve in bonus_curve(),
    ) {
        prop_assume!(position_values(&cs, &ds).unwrap().is_liquidatable());
        let (i, j) = (ci.index(cs.len()), dj.index(ds.len()));
        let sent = sent_f.map(|f| part(ds[j].amount, f));
        match compute_liquidation(&cs, &ds, i, j, sent, &params, &curve) {
            Ok(out) => check_outcome(&cs, &ds, i, j, sent, &params, &curve, &out)?,
            Err(MathError::ZeroLiquidation { .. }) => {
                // this pair pays for less than a unit, or `sent` is too small: the most this
                // pair may repay, or some other pair, liquidates the account (INVARIANTS 19)
                let some_pair = (0..cs.len()).any(|k| {
                    (0..ds.len()).any(|m| {
                        compute_liquidation(&cs, &ds, k, m, None, &params, &curve).is_ok()
                    })
                });
                prop_assert!(some_pair, "a liquidatable position no pair can liquidate");
                if sent.is_none() {
                    prop_assert!(!only_units_left(&cs, &ds).unwrap());
                }
            }
            Err(MathError::InsufficientRepayment { needed, sent: s }) => {
                prop_assert_eq!(Some(s), sent);
                prop_assert!(needed > s);
                let retry = compute_liquidation(&cs, &ds, i, j, Some(needed), &params, &curve);
                // enough, unless this pair pays for less than a unit (then another pair does)
                prop_assert!(
                    retry.is_ok()
                        || (matches!(retry, Err(MathError::ZeroLiquidation { .. }))
                            && !only_units_left(&cs, &ds).unwrap()),
                    "{retry:?}"
                );
            }
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
        }
    }

    /// Several smaller liquidations, recomputing the position in between, never take more
    /// collateral from the borrower than one liquidation of their sum, and never pay the
    /// liquidator more than it plus one unit of fee rounding per extra step. Holds when the
    /// bonus is not limited by `C/D − 1` and health rises at each step (above the break-even
    /// by the rounding margin), which makes the bonus non-increasing.
    #[test]
    fn split_liquidations_never_pay_more(
        (cs, ds) in position_near_threshold(10_001, 13_000),
        ci in any::<Index>(),
        dj in any::<Index>(),
        params in liquidation_params(),
        curve in bonus_curve(),
        total_f in 50u128..=1_000,
        weights in prop::collection::vec(1u128..=100, 2..=4),
    ) {
        let params = LiquidationParams { min_leftover_value: Uint128::zero(), ..params };
        prop_assume!(position_values(&cs, &ds).unwrap().is_liquidatable());
        let (i, j) = (ci.index(cs.len()), dj.index(ds.len()));
        let Ok(max) = compute_liquidation(&cs, &ds, i, j, None, &params, &curve) else {
            return Ok(());
        };
        let hf0 = max.health_before.unwrap();
        let b0 = max.bonus;
        // the bonus is the curve's (not limited by C/D − 1)
        let sickness = Decimal256::one().saturating_sub(hf0);
        let growth = curve.start
            + Decimal::try_from(Decimal256::from(curve.slope) * sickness).unwrap();
        prop_assume!(b0 == growth.min(curve.max));
        prop_assume!(validate_threshold_with_bonus(cs[i].liquidation_threshold, b0).is_ok());

        let total = part(max.repay, total_f);
        let sum_w: u128 = weights.iter().sum();
        let (mut cs2, mut ds2) = (cs.clone(), ds.clone());
        let (mut repaid, mut seized, mut to_liq, mut steps) =
            (Uint128::zero(), Uint128::zero(), Uint128::zero(), 0u128);
        for w in &weights {
            let piece = part(total, w * 1_000 / sum_w);
            let Ok(out) = compute_liquidation(&cs2, &ds2, i, j, Some(piece), &params, &curve)
            else {
                break;
            };
            prop_assert!(out.bonus <= b0);
            repaid += out.repay;
            seized += out.seized;
            to_liq += out.to_liquidator;
            steps += 1;
            apply(&mut cs2, &mut ds2, i, j, &out);
            let value = debt_value(out.repay, ds[j].price).unwrap();
            if !improves_by_margin(
                out.health_before.unwrap(),
                cs[i].liquidation_threshold,
                out.bonus,
                value.saturating_sub(Uint128::one()),
            ) {
                break;
            }
        }
        prop_assume!(steps >= 2);
        // never more than the sum repaid at the first bonus
        prop_assert!(seized <= seize_at(repaid, ds[j].price, b0, cs[i].price));
        let single = compute_liquidation(&cs, &ds, i, j, Some(repaid), &params, &curve).unwrap();
        if single.repay == repaid {
            prop_assert!(seized <= single.seized, "{} > {}", seized, single.seized);
            prop_assert!(to_liq <= single.to_liquidator + Uint128::new(steps - 1));
        }
    }

    /// The bound (15) and the health argument (14) hold for 6, 8 and 18-decimal pairs in both
    /// directions with a single collateral and a single debt near the threshold.
    #[test]
    fn single_pair_liquidation_improves_health(
        ((dec_c, p_i), (dec_d, p_j)) in (asset_price(), asset_price()),
        raw_c in any::<u128>(),
        t in 500u64..=850,
        factor in 10_001u128..11_500,
        params in liquidation_params(),
        curve in bonus_curve(),
    ) {
        let c = Uint128::new(raw_c % 10u128.pow(u32::from(dec_c) + 7) + 1);
        let coll = CollateralInput {
            amount: c,
            price: p_i,
            max_ltv: Decimal::permille(t - 100),
            liquidation_threshold: Decimal::permille(t),
        };
        let l = position_values(&[coll], &[]).unwrap().liquidation_capacity;
        let value = l.multiply_ratio(factor, 10_000u128) + Uint128::one();
        let d = ballast_math::amount_for_value_floor(value, p_j).unwrap() + Uint128::one();
        let _ = dec_d;
        let (cs, ds) = (vec![coll], vec![DebtInput { amount: d, price: p_j }]);
        prop_assume!(position_values(&cs, &ds).unwrap().is_liquidatable());
        if let Ok(out) = compute_liquidation(&cs, &ds, 0, 0, None, &params, &curve) {
            check_outcome(&cs, &ds, 0, 0, None, &params, &curve, &out)?;
        }
    }
}
