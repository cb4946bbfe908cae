//! The risk steward (`SetSteward`, `UpdateAsset` by the steward) and the owner's control of the
//! roles (`SetGuardian`): steps, cooldowns, what the steward may never do, and the events that
//! show every change's old and new values and who made it.
//!
//! ATOM starts at max LTV 0.60, threshold 0.70, lending with reserve factor 0.20 and the test
//! rate model (base 0.02); the steward's limits are the conservative ones (2 pp for LTV and
//! threshold, 1 pp for rates, caps ×/÷ 2, one day) unless a test sets others.

use ballast_testing::{test_rate_model, MockEnv};
use ballast_types::events::{BallastEvent, SetGuardianEvent, SetStewardEvent, UpdateAssetEvent};
use ballast_types::governance::{
    ParamCooldown, StewardLimits, StewardResponse, ThresholdRamp, MAX_RATIO_STEP,
};
use ballast_types::vault::{CollateralParams, ExecuteMsg, LendingParams, PausedActions, QueryMsg};
use cosmwasm_std::{Addr, Decimal, Uint128};

use crate::common::*;

const DAY: u64 = 86_400;
const NOT_OWNER: &str = "unauthorized: the sender is not the owner";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn atom(max_ltv: &str, threshold: &str, deposit_cap: Option<u128>) -> CollateralParams {
    CollateralParams {
        max_ltv: dec(max_ltv),
        liquidation_threshold: dec(threshold),
        deposit_cap: deposit_cap.map(Uint128::new),
    }
}

fn atom_lending(base: &str, reserve_factor: &str, supply_cap: Option<u128>) -> LendingParams {
    LendingParams {
        rate_model: ballast_types::vault::RateModel {
            base: dec(base),
            ..test_rate_model()
        },
        reserve_factor: dec(reserve_factor),
        supply_cap: supply_cap.map(Uint128::new),
        borrow_cap: None,
    }
}

fn update(
    denom: &str,
    collateral: Option<CollateralParams>,
    lending: Option<LendingParams>,
    threshold_ramp_s: Option<u64>,
) -> ExecuteMsg {
    ExecuteMsg::UpdateAsset {
        denom: denom.into(),
        collateral,
        lending,
        threshold_ramp_s,
    }
}

fn set_steward(steward: Option<&Addr>, limits: Option<StewardLimits>) -> ExecuteMsg {
    ExecuteMsg::SetSteward {
        steward: steward.map(Addr::to_string),
        limits,
    }
}

fn steward_query(env: &mut MockEnv, denom: Option<&str>) -> StewardResponse {
    env.vault()
        .query(&QueryMsg::Steward {
            denom: denom.map(str::to_string),
        })
        .unwrap()
}

fn now(env: &MockEnv) -> u64 {
    env.app.block_info().time.seconds()
}

/// The standard env with a steward, conservative limits.
fn setup() -> (MockEnv, Addr, Addr) {
    let mut env = env();
    let owner = env.owner.clone();
    let steward = env.app.api().addr_make("risk-committee");
    env.vault()
        .execute(&owner, &set_steward(Some(&steward), None), &[])
        .unwrap();
    (env, owner, steward)
}

#[test]
fn the_owner_sets_and_clears_the_steward() {
    let mut env = env();
    let owner = env.owner.clone();
    let steward = env.app.api().addr_make("risk-committee");
    // none at first, conservative limits
    let answer = steward_query(&mut env, None);
    assert_eq!(answer.steward, None);
    assert_eq!(answer.limits, StewardLimits::conservative());

    // only the owner
    assert_rejected(
        &mut env,
        &steward,
        &set_steward(Some(&steward), None),
        &[],
        NOT_OWNER,
    );
    // limits outside the hard bounds: refused whole (the steward is not set either)
    let too_wide = StewardLimits {
        max_ltv_step: MAX_RATIO_STEP + Decimal::percent(1),
        ..StewardLimits::conservative()
    };
    assert_rejected(
        &mut env,
        &owner,
        &set_steward(Some(&steward), Some(too_wide)),
        &[],
        "steward limit max_ltv_step out of bounds: 0.11 is above the hard bound 0.1",
    );
    let short = StewardLimits {
        cooldown_s: 60,
        ..StewardLimits::conservative()
    };
    assert_rejected(
        &mut env,
        &owner,
        &set_steward(Some(&steward), Some(short)),
        &[],
        "steward limit cooldown_s out of bounds",
    );
    // a bad address
    assert_rejected(
        &mut env,
        &owner,
        &ExecuteMsg::SetSteward {
            steward: Some("Not-An-Address".into()),
            limits: None,
        },
        &[],
        "",
    );

    let limits = StewardLimits {
        max_ltv_step: Decimal::percent(3),
        cooldown_s: 2 * DAY,
        ..StewardLimits::conservative()
    };
    let res = env
        .vault()
        .execute(
            &owner,
            &set_steward(Some(&steward), Some(limits.clone())),
            &[],
        )
        .unwrap();
    assert_eq!(
        SetStewardEvent::find(&res.events).unwrap(),
        SetStewardEvent {
            sender: owner.to_string(),
            previous: None,
            steward: Some(steward.to_string()),
            previous_limits: StewardLimits::conservative(),
            limits: limits.clone(),
        }
    );
    let answer = steward_query(&mut env, Some(ATOM));
    assert_eq!(answer.steward, Some(steward.clone()));
    assert_eq!(answer.limits, limits);
    assert_eq!(answer.cooldowns, vec![]);

    // the steward may now change a parameter; once cleared, it may not (limits kept)
    env.vault()
        .execute(
            &steward,
            &update(ATOM, Some(atom("0.62", "0.7", None)), None, None),
            &[],
        )
        .unwrap();
    let res = env
        .vault()
        .execute(&owner, &set_steward(None, None), &[])
        .unwrap();
    let ev = SetStewardEvent::find(&res.events).unwrap();
    assert_eq!(ev.previous, Some(steward.to_string()));
    assert_eq!(ev.steward, None);
    assert_eq!(ev.limits, limits);
    assert_eq!(steward_query(&mut env, None).steward, None);
    assert_rejected(
        &mut env,
        &steward,
        &update(ATOM, Some(atom("0.6", "0.7", None)), None, None),
        &[],
        NOT_OWNER,
    );
}

#[test]
fn the_owner_clears_the_guardian() {
    let mut env = env();
    let owner = env.owner.clone();
    let guardian = env.guardian.clone();
    let pause = ExecuteMsg::SetPaused {
        denom: ATOM.into(),
        actions: PausedActions {
            borrow: true,
            ..PausedActions::default()
        },
    };
    // the guardian is not the owner: it may pause, not set roles
    assert_rejected(
        &mut env,
        &guardian,
        &ExecuteMsg::SetGuardian { guardian: None },
        &[],
        NOT_OWNER,
    );
    env.vault().execute(&guardian, &pause, &[]).unwrap();

    let res = env
        .vault()
        .execute(&owner, &ExecuteMsg::SetGuardian { guardian: None }, &[])
        .unwrap();
    assert_eq!(
        SetGuardianEvent::find(&res.events).unwrap(),
        SetGuardianEvent {
            sender: owner.to_string(),
            previous: Some(guardian.to_string()),
            guardian: None,
        }
    );
    assert_eq!(env.vault().config().unwrap().guardian, None);
    assert_rejected(&mut env, &guardian, &pause, &[], "unauthorized");
    // the owner still pauses, and may name a new guardian
    env.vault().execute(&owner, &pause, &[]).unwrap();
    let next = env.app.api().addr_make("guardian-2");
    let res = env
        .vault()
        .execute(
            &owner,
            &ExecuteMsg::SetGuardian {
                guardian: Some(next.to_string()),
            },
            &[],
        )
        .unwrap();
    let ev = SetGuardianEvent::find(&res.events).unwrap();
    assert_eq!((ev.previous, ev.guardian), (None, Some(next.to_string())));
    env.vault().execute(&next, &pause, &[]).unwrap();
}

#[test]
fn the_steward_moves_each_parameter_within_its_step_once_per_cooldown() {
    let (mut env, owner, steward) = setup();
    let start = now(&env);
    // max LTV 0.60 → 0.58: within 2 pp
    let res = env
        .vault()
        .execute(
            &steward,
            &update(ATOM, Some(atom("0.58", "0.7", None)), None, None),
            &[],
        )
        .unwrap();
    let ev = UpdateAssetEvent::find(&res.events).unwrap();
    assert_eq!(ev.role, "steward");
    assert_eq!(ev.sender, steward.to_string());
    assert_eq!(ev.changed, vec!["max_ltv".to_string()]);
    assert_eq!(ev.previous_collateral, Some(atom("0.6", "0.7", None)));
    assert_eq!(ev.collateral, Some(atom("0.58", "0.7", None)));
    assert_eq!(ev.previous_lending, ev.lending);
    assert_eq!(
        env.vault().asset(ATOM).unwrap().collateral,
        Some(atom("0.58", "0.7", None))
    );

    // again within the day: refused, nothing changed
    env.advance(DAY - 1);
    assert_rejected(
        &mut env,
        &steward,
        &update(ATOM, Some(atom("0.6", "0.7", None)), None, None),
        &[],
        format!(
            "the risk steward changed max_ltv of uatom at {start}; the next change is allowed from {}",
            start + DAY
        ),
    );
    // another parameter of the same asset has its own cooldown: the threshold moves now (a
    // max-LTV left as it is does not count)
    env.vault()
        .execute(
            &steward,
            &update(ATOM, Some(atom("0.58", "0.69", None)), None, None),
            &[],
        )
        .unwrap();
    // and the same parameter of another asset
    env.vault()
        .execute(
            &steward,
            &update(BTC, Some(atom("0.63", "0.75", None)), None, None),
            &[],
        )
        .unwrap();
    // the lending part: reserve factor 0.20 → 0.21 and base 0.02 → 0.03 (1 pp each)
    let res = env
        .vault()
        .execute(
            &steward,
            &update(ATOM, None, Some(atom_lending("0.03", "0.21", None)), None),
            &[],
        )
        .unwrap();
    assert_eq!(
        UpdateAssetEvent::find(&res.events).unwrap().changed,
        vec!["rate_model".to_string(), "reserve_factor".to_string()]
    );

    let answer = steward_query(&mut env, Some(ATOM));
    let moved = now(&env);
    assert_eq!(
        answer.cooldowns,
        vec![
            ParamCooldown {
                param: "max_ltv".into(),
                last_change: start,
                next_change: start + DAY,
            },
            ParamCooldown {
                param: "liquidation_threshold".into(),
                last_change: moved,
                next_change: moved + DAY,
            },
            ParamCooldown {
                param: "rate_model".into(),
                last_change: moved,
                next_change: moved + DAY,
            },
            ParamCooldown {
                param: "reserve_factor".into(),
                last_change: moved,
                next_change: moved + DAY,
            },
        ]
    );

    // a day after its last change, max LTV moves again
    env.advance(1);
    env.vault()
        .execute(
            &steward,
            &update(ATOM, Some(atom("0.6", "0.69", None)), None, None),
            &[],
        )
        .unwrap();
    // the owner is bound by neither steps nor cooldowns, and its event says so
    let res = env
        .vault()
        .execute(
            &owner,
            &update(ATOM, Some(atom("0.5", "0.6", None)), None, None),
            &[],
        )
        .unwrap();
    let ev = UpdateAssetEvent::find(&res.events).unwrap();
    assert_eq!(ev.role, "owner");
    assert_eq!(
        ev.changed,
        vec!["max_ltv".to_string(), "liquidation_threshold".to_string()]
    );
    assert_eq!(ev.previous_collateral, Some(atom("0.6", "0.69", None)));
}

#[test]
fn steward_changes_outside_its_limits_are_refused_and_change_nothing() {
    let (mut env, owner, steward) = setup();
    // give ATOM caps for the cap rules
    env.vault()
        .execute(
            &owner,
            &update(
                ATOM,
                Some(atom("0.6", "0.7", Some(1_000_000))),
                Some(atom_lending("0.02", "0.2", Some(1_000_000))),
                None,
            ),
            &[],
        )
        .unwrap();
    let cases: Vec<(ExecuteMsg, String)> = vec![
        (
            update(ATOM, Some(atom("0.57", "0.7", Some(1_000_000))), None, None),
            "the risk steward may change max_ltv by at most 0.02; this change is 0.03".into(),
        ),
        (
            update(ATOM, Some(atom("0.6", "0.73", Some(1_000_000))), None, None),
            "the risk steward may change liquidation_threshold by at most 0.02; this change is 0.03"
                .into(),
        ),
        (
            update(ATOM, Some(atom("0.6", "0.7", Some(2_000_001))), None, None),
            "the risk steward may change deposit_cap by at most ×/÷ 2; this change is 1000000 → 2000001"
                .into(),
        ),
        (
            update(ATOM, Some(atom("0.6", "0.7", Some(499_999))), None, None),
            "the risk steward may change deposit_cap by at most ×/÷ 2".into(),
        ),
        (
            update(ATOM, Some(atom("0.6", "0.7", None)), None, None),
            "the risk steward may not remove the deposit_cap".into(),
        ),
        (
            update(BTC, Some(atom("0.65", "0.75", Some(5))), None, None),
            "the risk steward may not add a deposit_cap".into(),
        ),
        (
            update(ATOM, None, Some(atom_lending("0.04", "0.2", Some(1_000_000))), None),
            "the risk steward may change rate_model by at most 0.01; this change is 0.02".into(),
        ),
        (
            update(ATOM, None, Some(atom_lending("0.02", "0.22", Some(1_000_000))), None),
            "the risk steward may change reserve_factor by at most 0.01".into(),
        ),
        (
            update(ATOM, None, Some(atom_lending("0.02", "0.2", None)), None),
            "the risk steward may not remove the supply_cap".into(),
        ),
        // ETH is a collateral without a lending pool: the steward may not open one
        (
            update(ETH, None, Some(atom_lending("0.02", "0.2", None)), None),
            "the risk steward may not open a lending market".into(),
        ),
    ];
    for (msg, expected) in cases {
        assert_rejected(&mut env, &steward, &msg, &[], expected);
    }
    // listing is the owner's alone, as are the configuration, the roles and ownership
    let others = [
        ExecuteMsg::ListAsset {
            denom: "uosmo".into(),
            decimals: 6,
            collateral: Some(atom("0.5", "0.6", None)),
            lending: None,
        },
        ExecuteMsg::UpdateConfig {
            oracle: None,
            liquidation: None,
            treasury: None,
            guardian: Some(steward.to_string()),
            min_debt_value: None,
            max_assets_per_account: None,
        },
        ExecuteMsg::SetGuardian { guardian: None },
        set_steward(
            Some(&steward),
            Some(StewardLimits {
                max_ltv_step: MAX_RATIO_STEP,
                ..StewardLimits::conservative()
            }),
        ),
        ExecuteMsg::WithdrawReserves {
            denom: USDC.into(),
            amount: None,
            recipient: None,
        },
        ExecuteMsg::UpdateOwnership(ballast_types::ownership::OwnershipAction::RenounceOwnership),
    ];
    for msg in others {
        assert_rejected(&mut env, &steward, &msg, &[], "");
    }
    // a stranger is neither owner nor steward
    let stranger = env.app.api().addr_make("stranger");
    assert_rejected(
        &mut env,
        &stranger,
        &update(ATOM, Some(atom("0.59", "0.7", Some(1_000_000))), None, None),
        &[],
        NOT_OWNER,
    );
    // within every limit, it goes through
    env.vault()
        .execute(
            &steward,
            &update(
                ATOM,
                Some(atom("0.58", "0.68", Some(2_000_000))),
                None,
                None,
            ),
            &[],
        )
        .unwrap();
}

#[test]
fn a_steward_cut_ramps_like_the_owners() {
    let (mut env, _, steward) = setup();
    let start = now(&env);
    env.vault()
        .execute(
            &steward,
            &update(ATOM, Some(atom("0.6", "0.68", None)), None, Some(4 * DAY)),
            &[],
        )
        .unwrap();
    let asset = env.vault().asset(ATOM).unwrap();
    assert_eq!(
        asset.threshold_ramp,
        Some(ThresholdRamp {
            from: dec("0.7"),
            start,
            end: start + 4 * DAY,
            current: Some(dec("0.7")),
        })
    );
    assert_eq!(asset.liquidation_threshold_at(start + 2 * DAY), dec("0.69"));
    // a ramp does not stretch the step: 0.68 → 0.65 is still 3 pp, refused even later
    env.advance(2 * DAY);
    assert_rejected(
        &mut env,
        &steward,
        &update(ATOM, Some(atom("0.6", "0.65", None)), None, Some(DAY)),
        &[],
        "the risk steward may change liquidation_threshold by at most 0.02; this change is 0.03",
    );
}
