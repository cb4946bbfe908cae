//! The vault's risk steward on the liquidation policy: bonus curves within a band (`start`,
//! `min`, `max` by at most `bonus_step`, the slope and every other field the owner's), at most
//! once per cooldown per curve; the event shows the old and the new policy and who changed it.
//!
//! The policy is `common::policy()` (bonus `{start 0.05, slope 1, min 0.02, max 0.15}`) with an
//! ATOM override `{start 0.06, slope 1, min 0.03, max 0.15}`; conservative limits (1 pp, a day).

use ballast_testing::MockEnv;
use ballast_types::events::{BallastEvent, UpdatePolicyEvent};
use ballast_types::governance::StewardLimits;
use ballast_types::liquidation::{BonusCurve, ExecuteMsg, LiquidationPolicy};
use ballast_types::vault::ExecuteMsg as VaultMsg;
use cosmwasm_std::Addr;

use super::common::*;

const DAY: u64 = 86_400;

fn atom_curve() -> BonusCurve {
    BonusCurve {
        start: r("0.06"),
        slope: r("1"),
        min: r("0.03"),
        max: r("0.15"),
    }
}

fn with_override() -> LiquidationPolicy {
    LiquidationPolicy {
        bonus_overrides: vec![(ATOM.into(), atom_curve())],
        ..policy()
    }
}

/// `with_override()` with the default curve and ATOM's changed by `f`.
fn changed(default: impl Fn(&mut BonusCurve), atom: impl Fn(&mut BonusCurve)) -> ExecuteMsg {
    let mut p = with_override();
    default(&mut p.default_bonus);
    atom(&mut p.bonus_overrides[0].1);
    ExecuteMsg::UpdatePolicy { policy: p }
}

fn keep(_: &mut BonusCurve) {}

fn now(env: &MockEnv) -> u64 {
    env.app.block_info().time.seconds()
}

/// The env with ATOM's override, and a steward named in the vault.
fn setup() -> (MockEnv, Addr, Addr) {
    let (mut env, _) = env_with_lender();
    let owner = env.owner.clone();
    env.liquidation()
        .update_policy(&owner, &with_override())
        .unwrap();
    let steward = env.app.api().addr_make("risk-committee");
    let set = VaultMsg::SetSteward {
        steward: Some(steward.to_string()),
        limits: None,
    };
    env.vault().execute(&owner, &set, &[]).unwrap();
    (env, owner, steward)
}

#[test]
fn the_steward_moves_bonus_curves_within_the_band_once_per_cooldown() {
    let (mut env, owner, steward) = setup();
    let start = now(&env);
    // the default curve's start and max by 1 pp: accepted
    let msg = changed(
        |c| {
            c.start = r("0.06");
            c.max = r("0.14");
        },
        keep,
    );
    let res = env.liquidation().execute(&steward, &msg, &[]).unwrap();
    let ev = UpdatePolicyEvent::find(&res.events).unwrap();
    assert_eq!(ev.role, "steward");
    assert_eq!(ev.sender, steward.to_string());
    assert_eq!(ev.changed, vec!["default".to_string()]);
    assert_eq!(ev.previous, with_override());
    assert_eq!(ev.policy.default_bonus.start, r("0.06"));
    assert_eq!(
        env.liquidation().policy().unwrap().default_bonus.max,
        r("0.14")
    );

    // ATOM's curve has its own cooldown: it moves now, the default again does not
    let msg = changed(
        |c| {
            c.start = r("0.06");
            c.max = r("0.14");
        },
        |c| c.min = r("0.04"),
    );
    let res = env.liquidation().execute(&steward, &msg, &[]).unwrap();
    assert_eq!(
        UpdatePolicyEvent::find(&res.events).unwrap().changed,
        vec![ATOM.to_string()]
    );
    env.advance(DAY - 1);
    let again = changed(
        |c| {
            c.start = r("0.07");
            c.max = r("0.14");
        },
        |c| c.min = r("0.04"),
    );
    assert_rejected(
        &mut env,
        &steward,
        &again,
        &[],
        format!(
            "the risk steward changed bonus of default at {start}; the next change is allowed from {}",
            start + DAY
        ),
    );
    env.advance(1);
    env.liquidation().execute(&steward, &again, &[]).unwrap();

    // the owner is held to neither band nor cooldown, and its event says so
    let res = env.liquidation().update_policy(&owner, &policy()).unwrap();
    let ev = UpdatePolicyEvent::find(&res.events).unwrap();
    assert_eq!(ev.role, "owner");
    assert_eq!(ev.changed, vec!["default".to_string(), ATOM.to_string()]);
    assert_eq!(ev.policy, policy());
}

#[test]
fn the_steward_is_refused_outside_its_band_and_changes_nothing() {
    let (mut env, owner, steward) = setup();
    let cases: Vec<(ExecuteMsg, &str)> = vec![
        (
            changed(|c| c.start = r("0.07"), keep),
            "the risk steward may change bonus by at most 0.01; this change is 0.02",
        ),
        (
            changed(keep, |c| c.max = r("0.17")),
            "the risk steward may change bonus by at most 0.01",
        ),
        (
            changed(keep, |c| c.slope = r("1.01")),
            "the risk steward may not change the bonus slope of uatom",
        ),
        (
            ExecuteMsg::UpdatePolicy {
                policy: LiquidationPolicy {
                    close_factor: r("0.6"),
                    ..with_override()
                },
            },
            "the risk steward may not change the liquidation policy's close_factor",
        ),
        (
            ExecuteMsg::UpdatePolicy {
                policy: LiquidationPolicy {
                    protocol_fee_share: r("0.11"),
                    ..with_override()
                },
            },
            "may not change the liquidation policy's protocol_fee_share",
        ),
        (
            ExecuteMsg::UpdatePolicy { policy: policy() },
            "the risk steward may not remove the bonus override of uatom",
        ),
        (
            ExecuteMsg::UpdatePolicy {
                policy: LiquidationPolicy {
                    bonus_overrides: vec![(ATOM.into(), atom_curve()), (ETH.into(), atom_curve())],
                    ..with_override()
                },
            },
            "the risk steward may not add a bonus override for wei",
        ),
    ];
    for (msg, expected) in cases {
        assert_rejected(&mut env, &steward, &msg, &[], expected);
    }
    // the configuration and ownership are the owner's alone
    for msg in [
        ExecuteMsg::UpdateConfig {
            vault: None,
            treasury: Some(steward.to_string()),
        },
        ExecuteMsg::UpdateOwnership(ballast_types::liquidation::OwnershipAction::RenounceOwnership),
    ] {
        assert_rejected(&mut env, &steward, &msg, &[], "unauthorized");
    }
    // a stranger, and the steward once the owner cleared it in the vault
    let stranger = env.app.api().addr_make("stranger");
    let ok = changed(|c| c.start = r("0.06"), keep);
    assert_rejected(
        &mut env,
        &stranger,
        &ok,
        &[],
        "unauthorized: the sender is not the owner",
    );
    let clear = VaultMsg::SetSteward {
        steward: None,
        limits: None,
    };
    env.vault().execute(&owner, &clear, &[]).unwrap();
    assert_rejected(
        &mut env,
        &steward,
        &ok,
        &[],
        "unauthorized: the sender is not the owner",
    );
}

#[test]
fn the_band_is_the_owners_to_set_in_the_vault() {
    let (mut env, owner, steward) = setup();
    let wide = changed(|c| c.start = r("0.08"), keep);
    assert_rejected(&mut env, &steward, &wide, &[], "at most 0.01");
    let set = VaultMsg::SetSteward {
        steward: Some(steward.to_string()),
        limits: Some(StewardLimits {
            bonus_step: r("0.03"),
            ..StewardLimits::conservative()
        }),
    };
    env.vault().execute(&owner, &set, &[]).unwrap();
    env.liquidation().execute(&steward, &wide, &[]).unwrap();
    assert_eq!(
        env.liquidation().policy().unwrap().default_bonus.start,
        r("0.08")
    );
    // above the hard bound (5 pp), the owner is refused in the vault
    let too_wide = VaultMsg::SetSteward {
        steward: Some(steward.to_string()),
        limits: Some(StewardLimits {
            bonus_step: r("0.06"),
            ..StewardLimits::conservative()
        }),
    };
    ballast_testing::assert_err(
        env.vault().execute(&owner, &too_wide, &[]),
        "steward limit bonus_step out of bounds: 0.06 is above the hard bound 0.05",
    );
}
