//! Ramped cuts of a liquidation threshold (`UpdateAsset { threshold_ramp_s }`): the threshold in
//! force moves linearly from block time, so a cut never makes accounts liquidatable at once.
//!
//! Set-up: 100 ATOM at 10 USD (C = 1,000 USD, exact) against 600 USDC, ATOM's threshold 0.70
//! (L = 700 USD). The cut goes to 0.55 (L = 550 USD, below the debt) over 10 days, so the expected
//! capacities are worked by hand: `L(t) = 1,000 · (0.70 − 0.15 · t / 10 days)` USD.

use ballast_testing::MockEnv;
use ballast_types::governance::{ThresholdRamp, MAX_RAMP_S};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{CollateralParams, ExecuteMsg};
use cosmwasm_std::{coin, Addr, Decimal, Uint128};

use crate::common::*;

const DAY: u64 = 86_400;
const RAMP: u64 = 10 * DAY;

fn atom_params(max_ltv: &str, threshold: &str) -> CollateralParams {
    CollateralParams {
        max_ltv: dec(max_ltv),
        liquidation_threshold: dec(threshold),
        deposit_cap: None,
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn cut(threshold: &str, ramp_s: Option<u64>) -> ExecuteMsg {
    ExecuteMsg::UpdateAsset {
        denom: ATOM.into(),
        collateral: Some(atom_params("0.5", threshold)),
        lending: None,
        threshold_ramp_s: ramp_s,
    }
}

/// The env with a lender and the borrower of the module docs.
fn setup() -> (MockEnv, Addr, Addr) {
    let mut env = env();
    let owner = env.owner.clone();
    let lender = user(&mut env, "lender");
    env.vault()
        .supply(&lender, &[coin(10_000_000_000, USDC)])
        .unwrap();
    let borrower = user(&mut env, "borrower");
    env.vault()
        .deposit(&borrower, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(600_000_000, USDC))
        .unwrap();
    (env, owner, borrower)
}

fn now(env: &MockEnv) -> u64 {
    env.app.block_info().time.seconds()
}

fn capacity(env: &mut MockEnv, who: &Addr) -> u128 {
    env.vault()
        .position(who, 0, PriceKind::Liquidation)
        .unwrap()
        .liquidation_capacity
        .u128()
}

#[test]
fn a_ramped_cut_moves_the_threshold_in_force_linearly() {
    let (mut env, owner, borrower) = setup();
    assert_eq!(capacity(&mut env, &borrower), 700_000_000);
    let start = now(&env);

    env.vault()
        .execute(&owner, &cut("0.55", Some(RAMP)), &[])
        .unwrap();
    // the target is stored, the ramp starts from the threshold in force
    let asset = env.vault().asset(ATOM).unwrap();
    assert_eq!(asset.collateral.unwrap().liquidation_threshold, dec("0.55"));
    assert_eq!(
        asset.threshold_ramp,
        Some(ThresholdRamp {
            from: dec("0.7"),
            start,
            end: start + RAMP,
            current: Some(dec("0.7")),
        })
    );
    // nothing moves in the block of the vote: the account is as healthy as before
    assert_eq!(capacity(&mut env, &borrower), 700_000_000);
    let p = env
        .vault()
        .position(&borrower, 0, PriceKind::Liquidation)
        .unwrap();
    assert!(!p.liquidatable);

    // a quarter, half and all of the way (0.6625, 0.625, 0.55)
    for (days, expected) in [(2.5, 662_500_000), (5.0, 625_000_000), (10.0, 550_000_000)] {
        let target = start + (days * DAY as f64) as u64;
        env.advance(target - now(&env));
        assert_eq!(capacity(&mut env, &borrower), expected, "after {days} days");
        // the asset's answer shows the threshold in force beside the target and the end
        let asset = env.vault().asset(ATOM).unwrap();
        let ramp = asset.threshold_ramp.unwrap();
        assert_eq!(
            ramp.current,
            Some(Decimal::from_ratio(expected, 1_000_000_000u128)),
            "after {days} days"
        );
        assert_eq!(ramp.end, start + RAMP);
        assert_eq!(asset.collateral.unwrap().liquidation_threshold, dec("0.55"));
        let p = env
            .vault()
            .position(&borrower, 0, PriceKind::Liquidation)
            .unwrap();
        // liquidatable exactly when the debt (interest included) exceeds the interpolated L
        assert_eq!(
            p.liquidatable,
            p.debt_value.u128() > expected,
            "{days} days: {p:?}"
        );
    }
    // after the end: the target, and the account (600+ USD of debt) is liquidatable now
    env.advance(DAY);
    assert_eq!(capacity(&mut env, &borrower), 550_000_000);
    assert!(
        env.vault()
            .position(&borrower, 0, PriceKind::Liquidation)
            .unwrap()
            .liquidatable
    );
}

#[test]
fn an_unramped_cut_applies_at_once() {
    let (mut env, owner, borrower) = setup();
    env.vault()
        .execute(&owner, &cut("0.55", None), &[])
        .unwrap();
    assert_eq!(env.vault().asset(ATOM).unwrap().threshold_ramp, None);
    assert_eq!(capacity(&mut env, &borrower), 550_000_000);
    assert!(
        env.vault()
            .position(&borrower, 0, PriceKind::Liquidation)
            .unwrap()
            .liquidatable,
        "the cut alone made the account liquidatable: what the ramp prevents"
    );
}

#[test]
fn other_changes_keep_a_ramp_and_a_raise_ends_it() {
    let (mut env, owner, borrower) = setup();
    env.vault()
        .execute(&owner, &cut("0.55", Some(RAMP)), &[])
        .unwrap();
    env.advance(5 * DAY);
    let ramp = env.vault().asset(ATOM).unwrap().threshold_ramp;
    assert!(ramp.is_some());

    // a deposit cap with the same target threshold: the ramp goes on
    let msg = ExecuteMsg::UpdateAsset {
        denom: ATOM.into(),
        collateral: Some(CollateralParams {
            deposit_cap: Some(Uint128::new(1_000_000_000_000)),
            ..atom_params("0.5", "0.55")
        }),
        lending: None,
        threshold_ramp_s: None,
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
    assert_eq!(env.vault().asset(ATOM).unwrap().threshold_ramp, ramp);
    assert_eq!(capacity(&mut env, &borrower), 625_000_000);

    // a second cut mid-ramp (to 0.52) starts from the threshold in force (0.625), not from 0.70
    let now = now(&env);
    env.vault()
        .execute(&owner, &cut("0.52", Some(RAMP)), &[])
        .unwrap();
    assert_eq!(
        env.vault().asset(ATOM).unwrap().threshold_ramp,
        Some(ThresholdRamp {
            from: dec("0.625"),
            start: now,
            end: now + RAMP,
            current: Some(dec("0.625")),
        })
    );
    assert_eq!(capacity(&mut env, &borrower), 625_000_000);

    // a raise applies at once and ends the ramp
    env.vault()
        .execute(&owner, &cut("0.65", None), &[])
        .unwrap();
    assert_eq!(env.vault().asset(ATOM).unwrap().threshold_ramp, None);
    assert_eq!(capacity(&mut env, &borrower), 650_000_000);
}

#[test]
fn bad_ramps_are_refused_and_change_nothing() {
    let (mut env, owner, _) = setup();
    // longer than 30 days
    assert_rejected(
        &mut env,
        &owner,
        &cut("0.55", Some(MAX_RAMP_S + 1)),
        &[],
        format!(
            "a threshold ramp may last at most {MAX_RAMP_S} s, not {} s",
            MAX_RAMP_S + 1
        ),
    );
    // a ramp with a raise
    let raise = ExecuteMsg::UpdateAsset {
        denom: ATOM.into(),
        collateral: Some(atom_params("0.6", "0.72")),
        lending: None,
        threshold_ramp_s: Some(DAY),
    };
    assert_rejected(
        &mut env,
        &owner,
        &raise,
        &[],
        "threshold_ramp_s needs a cut of uatom's liquidation threshold (in force 0.7, asked 0.72)",
    );
    // a ramp with no collateral change at all
    let lending_only = ExecuteMsg::UpdateAsset {
        denom: ATOM.into(),
        collateral: None,
        lending: None,
        threshold_ramp_s: Some(DAY),
    };
    assert_rejected(
        &mut env,
        &owner,
        &lending_only,
        &[],
        "threshold_ramp_s needs a cut of uatom's liquidation threshold (in force 0.7, asked 0.7)",
    );
    // only the owner updates assets, ramp or not
    let stranger = user(&mut env, "stranger");
    let before = env.vault().asset(ATOM).unwrap();
    assert!(env
        .vault()
        .execute(&stranger, &cut("0.55", Some(RAMP)), &[])
        .is_err());
    assert_eq!(env.vault().asset(ATOM).unwrap(), before);
    // a 30-day ramp exactly is accepted
    env.vault()
        .execute(&owner, &cut("0.55", Some(MAX_RAMP_S)), &[])
        .unwrap();
}
