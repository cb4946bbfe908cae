//! Policy and configuration updates (RISK.md bounds, each just outside rejected whole and just
//! inside accepted), ownership, instantiation and migration.

use ballast_kit::KitError;
use ballast_liquidation::ContractError;
use ballast_testing::Ownable;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::events::{BallastEvent, UpdateLiquidationConfigEvent, UpdatePolicyEvent};
use ballast_types::liquidation::{
    BonusCurve, ExecuteMsg, InstantiateMsg, LiquidationPolicy, OwnershipAction,
};
use ballast_types::vault::CollateralParams;
use cosmwasm_std::{coin, Addr, Decimal};
use cw_multi_test::Executor;

use super::helpers::*;

fn invalid(name: &str, reason: &str) -> ContractError {
    ContractError::InvalidParam {
        name: name.to_string(),
        reason: reason.to_string(),
    }
}

fn update(policy: LiquidationPolicy) -> ExecuteMsg {
    ExecuteMsg::UpdatePolicy { policy }
}

fn with_curve(f: impl Fn(&mut BonusCurve)) -> LiquidationPolicy {
    let mut p = policy();
    f(&mut p.default_bonus);
    p
}

#[test]
fn every_policy_bound_just_outside_is_rejected_whole() {
    let (mut env, _lender) = env_with_lender();
    let owner = env.owner.clone();
    let above_one = "1.000000000000000001";
    let cases: Vec<(LiquidationPolicy, ContractError)> = vec![
        (
            LiquidationPolicy {
                close_factor: Decimal::zero(),
                ..policy()
            },
            invalid("close_factor", "must be > 0 and ≤ 1"),
        ),
        (
            LiquidationPolicy {
                close_factor: r(above_one),
                ..policy()
            },
            invalid("close_factor", "must be > 0 and ≤ 1"),
        ),
        (
            LiquidationPolicy {
                full_liquidation_hf: Decimal::zero(),
                ..policy()
            },
            invalid("full_liquidation_hf", "must be > 0 and ≤ 1"),
        ),
        (
            LiquidationPolicy {
                full_liquidation_hf: r(above_one),
                ..policy()
            },
            invalid("full_liquidation_hf", "must be > 0 and ≤ 1"),
        ),
        (
            LiquidationPolicy {
                protocol_fee_share: Decimal::one(),
                ..policy()
            },
            invalid("protocol_fee_share", "must be < 1"),
        ),
        // min ≤ start ≤ max ≤ 0.3, slope ≤ 10
        (
            with_curve(|c| c.min = r("0.050000000000000001")),
            invalid("default_bonus.min", "must be ≤ start"),
        ),
        (
            with_curve(|c| c.start = r("0.150000000000000001")),
            invalid("default_bonus.start", "must be ≤ max"),
        ),
        (
            with_curve(|c| c.max = r("0.300000000000000001")),
            invalid("default_bonus.max", "must be ≤ 0.3"),
        ),
        (
            with_curve(|c| c.slope = r("10.000000000000000001")),
            invalid("default_bonus.slope", "must be ≤ 10"),
        ),
        (
            LiquidationPolicy {
                bonus_overrides: vec![(
                    ATOM.into(),
                    BonusCurve {
                        max: r("0.300000000000000001"),
                        ..policy().default_bonus
                    },
                )],
                ..policy()
            },
            invalid("bonus_overrides[uatom].max", "must be ≤ 0.3"),
        ),
        (
            LiquidationPolicy {
                bonus_overrides: vec![
                    (ATOM.into(), policy().default_bonus),
                    (ETH.into(), policy().default_bonus),
                    (ATOM.into(), policy().default_bonus),
                ],
                ..policy()
            },
            ContractError::DuplicateOverride { denom: ATOM.into() },
        ),
        (
            LiquidationPolicy {
                bonus_overrides: vec![("1nvalid".into(), policy().default_bonus)],
                ..policy()
            },
            ContractError::Kit(KitError::InvalidDenom {
                denom: "1nvalid".into(),
                reason: "must start with a letter".into(),
            }),
        ),
        (
            LiquidationPolicy {
                bonus_overrides: (0..33)
                    .map(|i| (format!("denom{i}"), policy().default_bonus))
                    .collect(),
                ..policy()
            },
            ContractError::TooManyOverrides { count: 33, max: 32 },
        ),
        // against the vault's collaterals: ETH t = 0.85 needs 0.85 · (1 + max) < 1, i.e.
        // max < 0.176470588235294117647..: 0.176470588235294118 gives 1.0000000000000000003
        (
            with_curve(|c| c.max = r("0.176470588235294118")),
            ContractError::PolicyConflictsWithAsset {
                denom: ETH.into(),
                liquidation_threshold: r("0.85"),
                bonus_max: r("0.176470588235294118"),
            },
        ),
        // ATOM t = 0.8 with an override of max 0.25: 0.8 · 1.25 = 1 exactly
        (
            LiquidationPolicy {
                bonus_overrides: vec![(
                    ATOM.into(),
                    BonusCurve {
                        max: r("0.25"),
                        ..policy().default_bonus
                    },
                )],
                ..policy()
            },
            ContractError::PolicyConflictsWithAsset {
                denom: ATOM.into(),
                liquidation_threshold: r("0.8"),
                bonus_max: r("0.25"),
            },
        ),
    ];
    for (bad, expected) in cases {
        assert_rejected(&mut env, &owner, &update(bad), &[], expected);
    }
    assert_eq!(env.liquidation().policy().unwrap(), policy());
}

#[test]
fn every_policy_bound_just_inside_is_accepted() {
    let (mut env, _lender) = env_with_lender();
    let owner = env.owner.clone();
    let edge = LiquidationPolicy {
        close_factor: Decimal::one(),
        full_liquidation_hf: Decimal::one(),
        protocol_fee_share: r("0.999999999999999999"),
        min_leftover_value: u(0),
        default_bonus: BonusCurve {
            start: Decimal::zero(),
            slope: r("10"),
            min: Decimal::zero(),
            // 0.85 · 1.176470588235294117 = 0.99999999999999999945 < 1
            max: r("0.176470588235294117"),
        },
        bonus_overrides: vec![
            // 0.8 · 1.249999999999999999 < 1
            (
                ATOM.into(),
                BonusCurve {
                    start: r("0.249999999999999999"),
                    slope: Decimal::zero(),
                    min: r("0.249999999999999999"),
                    max: r("0.249999999999999999"),
                },
            ),
            // not listed in the vault: only the curve bounds apply
            (
                "uosmo".into(),
                BonusCurve {
                    start: r("0.3"),
                    slope: r("10"),
                    min: r("0.3"),
                    max: r("0.3"),
                },
            ),
        ],
    };
    let res = env.liquidation().update_policy(&owner, &edge).unwrap();
    let ev = UpdatePolicyEvent::find(&res.events).unwrap();
    assert_eq!((ev.sender, ev.policy), (owner.to_string(), edge.clone()));
    assert_eq!(env.liquidation().policy().unwrap(), edge);
    // the vault reads the new curve for ATOM: 0.8 still passes, 0.800000000000000001 · 1.25 ≥ 1
    let coll = |t: &str| CollateralParams {
        max_ltv: r("0.7"),
        liquidation_threshold: r(t),
        deposit_cap: None,
    };
    env.vault()
        .update_asset(&owner, ATOM, Some(coll("0.8")), None)
        .unwrap();
    assert!(env
        .vault()
        .update_asset(&owner, ATOM, Some(coll("0.800000000000000001")), None)
        .is_err());
}

#[test]
fn only_the_owner_governs() {
    let (mut env, _lender) = env_with_lender();
    let mallory = user(&mut env, "mallory");
    let msgs = [
        update(policy()),
        ExecuteMsg::UpdateConfig {
            vault: None,
            treasury: Some(mallory.to_string()),
        },
        ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: mallory.to_string(),
            expiry: None,
        }),
        ExecuteMsg::UpdateOwnership(OwnershipAction::RenounceOwnership),
    ];
    for msg in &msgs {
        assert_rejected(&mut env, &mallory, msg, &[], KitError::NotOwner);
    }
}

#[test]
fn config_updates() {
    let (mut env, _lender) = env_with_lender();
    let owner = env.owner.clone();
    let new_treasury = env.addr("new-treasury");
    // bad addresses and a "vault" that is not one are rejected whole
    assert_rejected(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig {
            vault: None,
            treasury: Some("Not-Valid".into()),
        },
        &[],
        "invalid address \"Not-Valid\"",
    );
    let oracle = env.oracle_addr.to_string();
    assert_rejected(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig {
            vault: Some(oracle),
            treasury: Some(new_treasury.to_string()),
        },
        &[],
        "unknown variant `assets`",
    );
    // the treasury: the next protocol fee goes there
    let res = env
        .liquidation()
        .update_config(&owner, None, Some(new_treasury.as_str()))
        .unwrap();
    let ev = UpdateLiquidationConfigEvent::find(&res.events).unwrap();
    assert_eq!(
        (ev.vault, ev.treasury),
        (None, Some(new_treasury.to_string()))
    );
    let config = env.liquidation().config().unwrap();
    assert_eq!(
        (config.vault, config.treasury.clone()),
        (env.vault_addr.clone(), new_treasury.clone())
    );
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    open(
        &mut env,
        &borrower,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    env.set_price(ATOM, d("8.5")).unwrap();
    env.liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(bal(&env, &new_treasury, ATOM), 323_529);

    // another vault (no assets listed, so any policy fits)
    let vault_code = env.vault_code_id;
    let other_vault = env
        .app
        .instantiate_contract(
            vault_code,
            owner.clone(),
            &ballast_types::vault::InstantiateMsg {
                owner: owner.to_string(),
                oracle: env.oracle_addr.to_string(),
                liquidation: None,
                treasury: new_treasury.to_string(),
                guardian: None,
                min_debt_value: u(0),
                max_assets_per_account: 8,
            },
            &[],
            "other-vault",
            None,
        )
        .unwrap();
    env.liquidation()
        .update_config(&owner, Some(other_vault.as_str()), None)
        .unwrap();
    assert_eq!(env.liquidation().config().unwrap().vault, other_vault);
}

#[test]
fn two_step_ownership() {
    let (mut env, _lender) = env_with_lender();
    let owner = env.owner.clone();
    let (alice, mallory) = (env.addr("alice"), env.addr("mallory"));
    let accept = ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership);
    assert_rejected(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: "NOPE".into(),
            expiry: None,
        }),
        &[],
        "invalid address \"NOPE\"",
    );
    assert_rejected(
        &mut env,
        &alice,
        &accept,
        &[],
        "no ownership proposal is pending",
    );
    env.liquidation()
        .transfer_ownership(&owner, alice.as_str(), None)
        .unwrap();
    assert_eq!(
        env.liquidation().ownership().unwrap().pending_owner,
        Some(alice.clone())
    );
    assert_rejected(
        &mut env,
        &mallory,
        &accept,
        &[],
        "only the proposed owner may accept ownership",
    );
    env.liquidation().accept_ownership(&alice).unwrap();
    let ownership = env.liquidation().ownership().unwrap();
    assert_eq!(
        (ownership.owner, ownership.pending_owner),
        (Some(alice.clone()), None)
    );
    // the old owner is out, the new one governs
    assert_rejected(&mut env, &owner, &update(policy()), &[], KitError::NotOwner);
    env.liquidation().update_policy(&alice, &policy()).unwrap();
    // renounced: nobody governs any more, liquidations go on
    env.liquidation().renounce_ownership(&alice).unwrap();
    assert_eq!(env.liquidation().ownership().unwrap().owner, None);
    assert_rejected(&mut env, &alice, &update(policy()), &[], KitError::NotOwner);
}

#[test]
fn instantiation_validates_everything() {
    let mut env: MockEnv = builder().build();
    let owner = env.owner.clone();
    let code = env.liquidation_code_id;
    let good = InstantiateMsg {
        owner: owner.to_string(),
        vault: env.vault_addr.to_string(),
        treasury: env.treasury.to_string(),
        policy: policy(),
    };
    let mut inst = |msg: &InstantiateMsg, funds: &[cosmwasm_std::Coin]| -> Result<Addr, String> {
        env.app
            .instantiate_contract(code, owner.clone(), msg, funds, "liq", None)
            .map_err(|e| e.to_string())
    };
    assert!(inst(&good, &[]).is_ok());
    let cases = [
        (
            InstantiateMsg {
                owner: "x".into(),
                ..good.clone()
            },
            "invalid address \"x\"",
        ),
        (
            InstantiateMsg {
                vault: "x".into(),
                ..good.clone()
            },
            "invalid address \"x\"",
        ),
        (
            InstantiateMsg {
                treasury: "X".into(),
                ..good.clone()
            },
            "invalid address \"X\"",
        ),
        (
            InstantiateMsg {
                policy: LiquidationPolicy {
                    close_factor: Decimal::zero(),
                    ..policy()
                },
                ..good.clone()
            },
            "invalid parameter close_factor",
        ),
        // a curve the vault's collaterals do not allow: ATOM t = 0.8, 0.8 · 1.3 ≥ 1
        (
            InstantiateMsg {
                policy: with_curve(|c| c.max = r("0.3")),
                ..good.clone()
            },
            "policy conflicts with collateral uatom",
        ),
    ];
    for (msg, expected) in cases {
        let err = inst(&msg, &[]).unwrap_err();
        assert!(err.contains(expected), "{err} should contain {expected}");
    }
    let funded = user(&mut env, "funded");
    let err = env
        .app
        .instantiate_contract(code, funded, &good, &[coin(1, USDC)], "liq", None)
        .unwrap_err();
    assert!(err.to_string().contains("this message takes no funds"));
}

#[test]
fn migration_only_moves_forward() {
    let (mut env, _lender) = env_with_lender();
    let owner = env.owner.clone();
    let code = env.liquidation_code_id;
    assert_err(
        env.liquidation().migrate(&owner, code),
        KitError::NotNewer {
            stored: env!("CARGO_PKG_VERSION").into(),
            new: env!("CARGO_PKG_VERSION").into(),
        },
    );
}
