//! Attacks on the liquidation path, across contracts: a malicious liquidation contract, a
//! liquidator contract that re-enters the vault during a liquidation, direct settlement by a user,
//! self-liquidation through a sub-account.

use std::str::FromStr;

use ballast_testing::liquidation::default_policy;
use ballast_testing::{test_rate_model, AssetSpec, MockEnv};
use ballast_types::vault::ExecuteMsg as VaultMsg;
use cosmwasm_std::{
    coin, to_json_binary, Addr, Binary, Decimal256, Deps, DepsMut, Env, MessageInfo, Reply,
    Response, StdError, StdResult, SubMsg, SubMsgResult, Uint128, WasmMsg,
};
use cw_multi_test::{ContractWrapper, Executor};
use serde::{Deserialize, Serialize};

const USDC: &str = "uusdc";
const ATOM: &str = "uatom";

fn d(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}

/// USDC (price 1, borrowable), ATOM (price 10, 0.7 / 0.8); a lender supplied 10^6 USDC; the
/// borrower holds 100 ATOM (1,000 USD) against 600 USDC: healthy (L = 800). The bonus curve is
/// capped at 0.2 so that a threshold of 0.8 is allowed (0.8 · 1.2 < 1).
fn setup() -> (MockEnv, Addr) {
    let mut policy = default_policy();
    policy.default_bonus.max = cosmwasm_std::Decimal::percent(20);
    let mut env = MockEnv::builder()
        .liquidation_policy(policy)
        .fixed_price(USDC, 6, d("1"))
        .fixed_price(ATOM, 6, d("10"))
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.7", "0.8"))
        .build();
    let lender = fund(&mut env, "lender");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    let borrower = fund(&mut env, "borrower");
    env.vault()
        .deposit(&borrower, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(600_000_000, USDC))
        .unwrap();
    (env, borrower)
}

fn fund(env: &mut MockEnv, name: &str) -> Addr {
    let addr = env.addr(name);
    env.fund(
        &addr,
        &[
            coin(1_000_000_000_000_000, USDC),
            coin(1_000_000_000_000_000, ATOM),
        ],
    );
    addr
}

fn bal(env: &MockEnv, addr: &Addr, denom: &str) -> u128 {
    Uint128::try_from(env.balance(addr, denom)).unwrap().u128()
}

fn collateral(env: &mut MockEnv, owner: &Addr, account: u32) -> u128 {
    let acc = env.vault().account(owner, account).unwrap();
    acc.collaterals
        .iter()
        .find(|c| c.denom == ATOM)
        .map_or(0, |c| c.amount.u128())
}

fn debt(env: &mut MockEnv, owner: &Addr, account: u32) -> u128 {
    let acc = env.vault().account(owner, account).unwrap();
    acc.debts
        .iter()
        .find(|c| c.denom == USDC)
        .map_or(0, |c| c.amount.u128())
}

// ---- a malicious contract: forwards any vault message (with the funds it got) ----

#[derive(Debug, Serialize, Deserialize)]
struct Forward {
    vault: String,
    msg: VaultMsg,
}

fn forward_execute(_: DepsMut, _: Env, info: MessageInfo, f: Forward) -> StdResult<Response> {
    Ok(Response::new().add_message(WasmMsg::Execute {
        contract_addr: f.vault,
        msg: to_json_binary(&f.msg)?,
        funds: info.funds,
    }))
}

fn noop_instantiate(
    _: DepsMut,
    _: Env,
    _: MessageInfo,
    _: cosmwasm_std::Empty,
) -> StdResult<Response> {
    Ok(Response::new())
}

fn noop_query(_: Deps, _: Env, _: cosmwasm_std::Empty) -> StdResult<Binary> {
    Err(StdError::msg("no queries"))
}

/// Stores the forwarding contract, instantiates it, and makes it the vault's liquidation
/// contract (the owner's `UpdateConfig`).
fn install_malicious_liquidation(env: &mut MockEnv) -> Addr {
    let code = env.app.store_code(Box::new(ContractWrapper::new(
        forward_execute,
        noop_instantiate,
        noop_query,
    )));
    let owner = env.owner.clone();
    let evil = env
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &cosmwasm_std::Empty {},
            &[],
            "evil",
            None,
        )
        .unwrap();
    env.vault()
        .execute(
            &owner,
            &VaultMsg::UpdateConfig {
                oracle: None,
                liquidation: Some(evil.to_string()),
                treasury: None,
                guardian: None,
                min_debt_value: None,
                max_assets_per_account: None,
            },
            &[],
        )
        .expect("owner swaps the liquidation contract");
    assert_eq!(
        env.vault().config().unwrap().liquidation,
        Some(evil.clone())
    );
    evil
}

fn settle(vault: &Addr, owner: &Addr, seize: u128, to: &Addr) -> Forward {
    Forward {
        vault: vault.to_string(),
        msg: VaultMsg::SettleLiquidation {
            owner: owner.to_string(),
            account: Some(0),
            collateral_denom: ATOM.to_string(),
            seize: Uint128::new(seize),
            protocol_fee: Uint128::zero(),
            recipient: to.to_string(),
            treasury: to.to_string(),
        },
    }
}

/// The vault's own checks stop a malicious liquidation contract: nothing from a healthy account,
/// nothing beyond repaid × (1 + MAX_BONUS 0.3) from an unhealthy one; a settlement within the
/// bound goes through (so the refusals come from the value checks, not from the sender).
#[test]
fn a_malicious_liquidation_contract_cannot_take_collateral() {
    let (mut env, borrower) = setup();
    let attacker = fund(&mut env, "attacker");
    let evil = install_malicious_liquidation(&mut env);
    let vault = env.vault_addr.clone();
    let atom_before = bal(&env, &attacker, ATOM);

    // healthy (HF = 800 / 600): every ATOM for 1 USDC, or for the whole debt
    for repaid in [1_000_000u128, 600_000_000] {
        let res = env.app.execute_contract(
            attacker.clone(),
            evil.clone(),
            &settle(&vault, &borrower, 100_000_000, &attacker),
            &[coin(repaid, USDC)],
        );
        let err = res.expect_err("seized from a healthy account");
        let err = format!("{err} {err:?}");
        assert!(err.to_lowercase().contains("liquidatable"), "{err}");
    }
    assert_eq!(collateral(&mut env, &borrower, 0), 100_000_000);
    assert_eq!(bal(&env, &attacker, ATOM), atom_before);

    // unhealthy at ATOM 7: L = 560 < 600. Repaying 100 USDC allows ≤ 130 USD + 1 unit of ATOM:
    // 130e6 / 7 = 18,571,428.57 → 18,571,428 passes, 18,571,572 (1,001 units more) does not,
    // and neither does everything.
    env.set_price(ATOM, d("7")).unwrap();
    for seize in [100_000_000u128, 50_000_000, 18_571_572] {
        let res = env.app.execute_contract(
            attacker.clone(),
            evil.clone(),
            &settle(&vault, &borrower, seize, &attacker),
            &[coin(100_000_000, USDC)],
        );
        let err = res.expect_err("over-large seize accepted");
        let err = format!("{err} {err:?}");
        assert!(err.to_lowercase().contains("seize"), "seize {seize}: {err}");
    }
    assert_eq!(collateral(&mut env, &borrower, 0), 100_000_000);
    assert_eq!(bal(&env, &attacker, ATOM), atom_before);
    env.app
        .execute_contract(
            attacker.clone(),
            evil.clone(),
            &settle(&vault, &borrower, 18_571_428, &attacker),
            &[coin(100_000_000, USDC)],
        )
        .expect("a seize within the vault's bound");
    assert_eq!(bal(&env, &attacker, ATOM) - atom_before, 18_571_428);
    assert_eq!(collateral(&mut env, &borrower, 0), 100_000_000 - 18_571_428);
}

/// `SettleLiquidation` sent by anyone but the registered liquidation contract is refused, even
/// on an unhealthy account and with a modest seize; the vault's owner included.
#[test]
fn direct_settlement_by_a_user_is_refused() {
    let (mut env, borrower) = setup();
    let attacker = fund(&mut env, "attacker");
    env.set_price(ATOM, d("7")).unwrap();
    let owner = env.owner.clone();
    // Every sender really holds the coin it attaches, so the refusal is the vault's.
    env.fund(&owner, &[coin(10_000_000, USDC)]);
    for sender in [attacker.clone(), owner, borrower.clone()] {
        let res = env.vault().settle_liquidation(
            &sender,
            &borrower,
            0,
            ATOM,
            1_000_000,
            0,
            &sender,
            &sender,
            &coin(10_000_000, USDC),
        );
        let err = res.expect_err("direct settlement accepted");
        let err = format!("{err} {err:?}");
        assert!(err.to_lowercase().contains("unauthorized"), "{err}");
    }
    assert_eq!(collateral(&mut env, &borrower, 0), 100_000_000);
    assert_eq!(debt(&mut env, &borrower, 0), 600_000_000);
}

/// An owner cannot liquidate its own unhealthy sub-account from another sub-account's owner
/// address, nor send the collateral to a third address; another user can.
#[test]
fn self_liquidation_through_a_sub_account_is_refused() {
    let (mut env, borrower) = setup();
    // sub-account 3: 10 ATOM against 70 USDC
    env.vault()
        .deposit_to(&borrower, 3, None, &[coin(10_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow_from(&borrower, 3, &coin(70_000_000, USDC), None)
        .unwrap();
    // ATOM 8.5: account 3 L = 68 < 70 (liquidatable), account 0 L = 680 > 600
    env.set_price(ATOM, d("8.5")).unwrap();
    let friend = fund(&mut env, "friend");
    for recipient in [None, Some(&friend)] {
        let res = env.liquidation().liquidate_with(
            &borrower,
            &borrower,
            3,
            ATOM,
            None,
            recipient,
            &[coin(35_000_000, USDC)],
        );
        assert!(res.is_err(), "self-liquidation accepted: {res:?}");
    }
    assert_eq!(collateral(&mut env, &borrower, 3), 10_000_000);
    let ev = env
        .liquidation()
        .liquidate(&friend, &borrower, 3, ATOM, &coin(35_000_000, USDC))
        .expect("a third party can");
    assert!(ev.seized.u128() > 0);
}

// ---- a liquidator contract that re-enters the vault from its reply ----

#[derive(Debug, Serialize, Deserialize)]
struct Attack {
    liquidation: String,
    vault: String,
    victim: String,
}

const LIQUIDATE_ID: u64 = 1;
const REENTRY_ID: u64 = 2;

fn attack_execute(deps: DepsMut, _: Env, info: MessageInfo, a: Attack) -> StdResult<Response> {
    deps.storage.set(b"attack", &cosmwasm_std::to_json_vec(&a)?);
    let liquidate = WasmMsg::Execute {
        contract_addr: a.liquidation,
        msg: to_json_binary(&ballast_types::liquidation::ExecuteMsg::Liquidate {
            owner: a.victim,
            account: Some(0),
            collateral_denom: ATOM.to_string(),
            min_collateral_out: None,
            recipient: None,
        })?,
        funds: info.funds,
    };
    Ok(Response::new().add_submessage(SubMsg::reply_on_success(liquidate, LIQUIDATE_ID)))
}

/// After the liquidation, in the same transaction: withdraw the victim's ATOM, borrow against it,
/// and settle a second liquidation directly; each as a sub-message whose failure is recorded.
fn attack_reply(deps: DepsMut, _: Env, reply: Reply) -> StdResult<Response> {
    match reply.id {
        LIQUIDATE_ID => {
            let a: Attack = cosmwasm_std::from_json(deps.storage.get(b"attack").unwrap())?;
            let attempts = [
                VaultMsg::Withdraw {
                    denom: ATOM.to_string(),
                    amount: Some(Uint128::new(1_000_000)),
                    account: Some(0),
                    recipient: None,
                },
                VaultMsg::Borrow {
                    denom: USDC.to_string(),
                    amount: Uint128::new(1_000_000),
                    account: Some(0),
                    recipient: None,
                },
                VaultMsg::SettleLiquidation {
                    owner: a.victim.clone(),
                    account: Some(0),
                    collateral_denom: ATOM.to_string(),
                    seize: Uint128::new(1_000_000),
                    protocol_fee: Uint128::zero(),
                    recipient: a.victim.clone(),
                    treasury: a.victim,
                },
            ];
            let mut res = Response::new();
            for msg in attempts {
                res = res.add_submessage(SubMsg::reply_on_error(
                    WasmMsg::Execute {
                        contract_addr: a.vault.clone(),
                        msg: to_json_binary(&msg)?,
                        funds: vec![],
                    },
                    REENTRY_ID,
                ));
            }
            Ok(res)
        }
        REENTRY_ID => match reply.result {
            SubMsgResult::Err(err) => Ok(Response::new().add_attribute("reentry_refused", err)),
            SubMsgResult::Ok(_) => Err(StdError::msg("re-entry succeeded")),
        },
        id => Err(StdError::msg(format!("unknown reply {id}"))),
    }
}

/// The liquidation goes through with exactly its own amounts; every re-entrant call into the
/// vault (withdraw, borrow, a second settlement) is refused and moves nothing.
#[test]
fn a_liquidator_contract_re_entering_the_vault_achieves_nothing() {
    let (mut env, borrower) = setup();
    let code = env.app.store_code(Box::new(
        ContractWrapper::new(attack_execute, noop_instantiate, noop_query).with_reply(attack_reply),
    ));
    let owner = env.owner.clone();
    let evil = env
        .app
        .instantiate_contract(code, owner, &cosmwasm_std::Empty {}, &[], "evil", None)
        .unwrap();
    let attacker = fund(&mut env, "attacker");
    env.set_price(ATOM, d("7")).unwrap(); // L = 560 < 600
    let sim = env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, Some(300_000_000))
        .unwrap();
    let vault_atom = bal(&env, &env.vault_addr.clone(), ATOM);
    let res = env
        .app
        .execute_contract(
            attacker.clone(),
            evil.clone(),
            &Attack {
                liquidation: env.liquidation_addr.to_string(),
                vault: env.vault_addr.to_string(),
                victim: borrower.to_string(),
            },
            &[coin(300_000_000, USDC)],
        )
        .expect("the liquidation itself goes through");
    let refused: Vec<String> = res
        .events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .filter(|a| a.key == "reentry_refused")
        .map(|a| a.value.clone())
        .collect();
    assert_eq!(refused.len(), 3, "every re-entry refused: {refused:?}");
    // the contract got exactly the liquidation's share, the vault lost exactly `seized`
    assert_eq!(bal(&env, &evil, ATOM), sim.to_liquidator.u128());
    assert_eq!(bal(&env, &evil, USDC), sim.refund.u128());
    assert_eq!(
        vault_atom - bal(&env, &env.vault_addr.clone(), ATOM),
        sim.seized.u128()
    );
    assert_eq!(
        collateral(&mut env, &borrower, 0),
        100_000_000 - sim.seized.u128()
    );
    assert_eq!(debt(&mut env, &borrower, 0), 600_000_000 - sim.repay.u128());
    // the evil contract has no account and no debt in the vault
    if let Ok(acc) = env.vault().account(&evil, 0) {
        assert!(
            acc.collaterals.is_empty() && acc.debts.is_empty(),
            "{acc:?}"
        );
    }
}
