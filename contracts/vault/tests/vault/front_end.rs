//! Queries a borrower's front end needs: liquidation prices in `Position`, `SimulatePosition`,
//! and `MaxBorrow` / `MaxWithdraw` quotes that the actions accept. Figures worked by hand in the
//! comments (standard env of `common`: USDC 1, ATOM 10 at 0.6 / 0.7, ETH 3e-9 at 0.7 / 0.75,
//! BTC 600 at 0.65 / 0.75).

use crate::common::*;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{
    ExecuteMsg, PausedActions, PositionAction, SimulatePositionResponse, MAX_SIMULATED_ACTIONS,
};
use cosmwasm_std::{coin, Addr, Decimal256, StdResult, Uint256};
use cw_multi_test::AppResponse;
use proptest::prelude::*;

/// A lender with 1,000,000 USDC in the pool and a borrower with 1,000 ATOM and 2 ETH in account 0.
fn funded() -> (MockEnv, Addr) {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(
            &alice,
            &[
                coin(1_000_000_000, ATOM),
                coin(2_000_000_000_000_000_000, ETH),
            ],
        )
        .unwrap();
    (env, alice)
}

fn liquidation_prices(env: &mut MockEnv, alice: &Addr) -> Vec<Option<Decimal256>> {
    env.vault()
        .position(alice, 0, PriceKind::Liquidation)
        .unwrap()
        .collaterals
        .iter()
        .map(|c| c.liquidation_price)
        .collect()
}

fn liquidatable(env: &mut MockEnv, alice: &Addr) -> bool {
    env.vault()
        .position(alice, 0, PriceKind::Liquidation)
        .unwrap()
        .liquidatable
}

#[test]
fn position_shows_each_collaterals_liquidation_price() {
    let (mut env, alice) = funded();
    // No debt: no price of either collateral makes the account liquidatable.
    assert_eq!(liquidation_prices(&mut env, &alice), vec![None, None]);

    // D = 5,000 USDC = 5·10^9. ETH alone: L = floor(6·10^9 · 0.75) = 4.5·10^9 < D, so ATOM
    // has one: need 0.5·10^9, V = ceil(0.5·10^9 / 0.7) = 714,285,715, p = V / 10^9 uatom.
    // ATOM alone: L = 7·10^9 ≥ D, so ETH has none.
    env.vault()
        .borrow(&alice, &coin(5_000_000_000, USDC))
        .unwrap();
    assert_eq!(
        liquidation_prices(&mut env, &alice),
        vec![Some(d("0.714285715")), None]
    );

    // D = 8·10^9. ATOM: need 8·10^9 − 4.5·10^9 = 3.5·10^9, V = 5·10^9, p = 5.
    // ETH: need 8·10^9 − 7·10^9 = 10^9, V = ceil(10^9 / 0.75) = 1,333,333,334,
    // p = ceil(1,333,333,334 / 2·10^18) at 18 digits = 6.66666667·10^-10.
    env.vault()
        .borrow(&alice, &coin(3_000_000_000, USDC))
        .unwrap();
    let prices = liquidation_prices(&mut env, &alice);
    assert_eq!(prices, vec![Some(d("5")), Some(d("0.000000000666666667"))]);

    // At the liquidation price the account is not liquidatable; one atom (10^-18) below, it is.
    let atom = Decimal256::new(Uint256::one());
    set_price(&mut env, ATOM, d("5"));
    assert!(!liquidatable(&mut env, &alice));
    set_price(&mut env, ATOM, d("5") - atom);
    assert!(liquidatable(&mut env, &alice));
    set_price(&mut env, ATOM, d("10"));
    set_price(&mut env, ETH, d("0.000000000666666667"));
    assert!(!liquidatable(&mut env, &alice));
    set_price(&mut env, ETH, d("0.000000000666666667") - atom);
    assert!(liquidatable(&mut env, &alice));

    // A debt without a price makes the account unpriceable: no liquidation price at all.
    set_price(&mut env, ETH, d("0.000000003"));
    let owner = env.owner.clone();
    env.oracle().remove_price_source(&owner, USDC).unwrap();
    let p = env
        .vault()
        .position(&alice, 0, PriceKind::Liquidation)
        .unwrap();
    assert!(p.unpriceable);
    assert!(p.collaterals.iter().all(|c| c.liquidation_price.is_none()));
}

// ---- SimulatePosition ----

fn deposit(denom: &str, amount: u128) -> PositionAction {
    PositionAction::Deposit {
        denom: denom.into(),
        amount: u(amount),
    }
}
fn withdraw(denom: &str, amount: u128) -> PositionAction {
    PositionAction::Withdraw {
        denom: denom.into(),
        amount: u(amount),
    }
}
fn borrow(denom: &str, amount: u128) -> PositionAction {
    PositionAction::Borrow {
        denom: denom.into(),
        amount: u(amount),
    }
}
fn repay(denom: &str, amount: u128) -> PositionAction {
    PositionAction::Repay {
        denom: denom.into(),
        amount: u(amount),
    }
}

fn simulate(
    env: &mut MockEnv,
    owner: &Addr,
    account: u32,
    actions: &[PositionAction],
) -> StdResult<SimulatePositionResponse> {
    env.vault().simulate_position(owner, account, actions)
}

/// Sends `action` for real, as its execute message from `owner`.
fn execute(
    env: &mut MockEnv,
    owner: &Addr,
    account: u32,
    action: &PositionAction,
) -> StdResult<AppResponse> {
    let (msg, funds) = match action.clone() {
        PositionAction::Deposit { denom, amount } => (
            ExecuteMsg::Deposit {
                account: Some(account),
                on_behalf_of: None,
            },
            vec![coin(amount.u128(), denom)],
        ),
        PositionAction::Withdraw { denom, amount } => (
            ExecuteMsg::Withdraw {
                denom,
                amount: Some(amount),
                account: Some(account),
                recipient: None,
            },
            vec![],
        ),
        PositionAction::Borrow { denom, amount } => (
            ExecuteMsg::Borrow {
                denom,
                amount,
                account: Some(account),
                recipient: None,
            },
            vec![],
        ),
        PositionAction::Repay { denom, amount } => (
            ExecuteMsg::Repay {
                account: Some(account),
                on_behalf_of: None,
            },
            vec![coin(amount.u128(), denom)],
        ),
    };
    env.vault().execute(owner, &msg, &funds)
}

/// Simulates `actions`, checks that the simulation wrote nothing, then sends them for real one
/// by one: each accepted action is accepted, each refused one fails with the simulated error and
/// changes nothing, and the account ends where the simulation said.
fn simulate_then_execute(
    env: &mut MockEnv,
    owner: &Addr,
    account: u32,
    actions: &[PositionAction],
) -> SimulatePositionResponse {
    let before = snapshot(env, &[owner]);
    let sim = simulate(env, owner, account, actions).unwrap();
    assert_eq!(snapshot(env, &[owner]), before, "a simulation wrote state");
    assert_eq!(sim.actions.len(), actions.len());
    for (action, outcome) in actions.iter().zip(&sim.actions) {
        let state = snapshot(env, &[owner]);
        match (&outcome.error, execute(env, owner, account, action)) {
            (None, Ok(_)) => assert!(outcome.accepted),
            (Some(error), Err(err)) => {
                assert!(!outcome.accepted && outcome.amount.is_zero());
                assert!(
                    err.to_string().contains(error.as_str()),
                    "{action:?}: simulated {error:?}, executed {err}"
                );
                assert_eq!(snapshot(env, &[owner]), state);
            }
            (simulated, executed) => {
                panic!("{action:?}: simulated {simulated:?}, executed {executed:?}")
            }
        }
    }
    let position = env
        .vault()
        .position(owner, account, PriceKind::Default)
        .unwrap();
    assert_eq!(sim.position, position);
    sim
}

#[test]
fn simulating_a_new_sub_accounts_first_deposit_and_borrow() {
    let (mut env, alice) = funded();
    // Account 5 does not exist: it starts empty. 1,000 ATOM: C = 10^10, B = 6·10^9,
    // L = 7·10^9; borrow 5,000 USDC: D = 5·10^9. LTV 0.5, HF 1.4, leverage 2, liquidation
    // price of ATOM ceil(5·10^9 / 0.7) = 7,142,857,143 per 10^9 uatom.
    let actions = [deposit(ATOM, 1_000_000_000), borrow(USDC, 5_000_000_000)];
    let sim = simulate(&mut env, &alice, 5, &actions).unwrap();
    let p = &sim.position;
    assert_eq!(
        (p.owner.as_str(), p.account, p.kind),
        (alice.as_str(), 5, PriceKind::Default)
    );
    assert_eq!(
        (
            p.collateral_value,
            p.debt_value,
            p.borrow_capacity,
            p.liquidation_capacity
        ),
        (
            u(10_000_000_000),
            u(5_000_000_000),
            u(6_000_000_000),
            u(7_000_000_000)
        )
    );
    assert_eq!(
        (p.ltv, p.health_factor, p.leverage),
        (Some(d("0.5")), Some(d("1.4")), Some(d("2")))
    );
    assert_eq!(p.collaterals[0].liquidation_price, Some(d("7.142857143")));
    assert!(sim.actions.iter().all(|a| a.accepted && a.error.is_none()));
    assert_eq!(
        sim.actions.iter().map(|a| a.amount).collect::<Vec<_>>(),
        vec![u(1_000_000_000), u(5_000_000_000)]
    );
    // Nothing was written: account 5 still does not exist.
    assert_eq!(env.vault().accounts(&alice).unwrap().accounts, vec![0]);
    simulate_then_execute(&mut env, &alice, 5, &actions);
    assert_eq!(env.vault().accounts(&alice).unwrap().accounts, vec![0, 5]);
}

#[test]
fn refused_actions_change_nothing_and_carry_the_execute_error() {
    let (mut env, alice) = funded();
    // A year of interest on an existing debt first, so the simulation must accrue it.
    env.vault()
        .borrow(&alice, &coin(1_000_000_000, USDC))
        .unwrap();
    env.advance(31_536_000);
    env.fund(&alice, &[coin(5, "ufoo")]);
    // B = 10^10 · 0.6 + 6·10^9 · 0.7 = 10.2·10^9.
    let actions = [
        borrow(USDC, 20_000_000_000),             // over B
        borrow(USDC, 4_000_000_000),              // fine
        withdraw(ETH, 2_000_000_000_000_000_000), // ATOM alone: B = 6·10^9 ≥ D ≈ 5.1·10^9
        withdraw(ATOM, 1_000_000_000),            // nothing would be left
        withdraw(ATOM, 2_000_000_000),            // more than held
        deposit("ufoo", 5),                       // not listed
        borrow(ETH, 1),                           // not borrowable
        repay(BTC, 1),                            // no BTC debt
        repay(USDC, 100_000_000_000),             // more than owed: only the debt is taken
        withdraw(ATOM, 1_000_000_000),            // no debt left: all of it
    ];
    let sim = simulate_then_execute(&mut env, &alice, 0, &actions);
    let accepted: Vec<bool> = sim.actions.iter().map(|a| a.accepted).collect();
    assert_eq!(
        accepted,
        vec![false, true, true, false, false, false, false, false, true, true]
    );
    let errors: Vec<&str> = sim
        .actions
        .iter()
        .filter_map(|a| a.error.as_deref())
        .collect();
    assert!(
        errors[0].starts_with("insufficient collateral"),
        "{errors:?}"
    );
    assert_eq!(errors[3], "asset ufoo is not listed");
    assert_eq!(errors[4], "wei cannot be supplied or borrowed");
    assert_eq!(errors[5], "the account owes no sat");
    // The repay took the debt only: 5·10^9 and a year of interest on 10^9, less than 10^11.
    let repaid = sim.actions[8].amount.u128();
    assert!(repaid > 5_000_000_000 && repaid < 5_200_000_000, "{repaid}");
    assert!(sim.position.debts.is_empty() && sim.position.collaterals.is_empty());
}

#[test]
fn simulating_needs_an_account_for_anything_but_a_deposit_and_bounds_its_actions() {
    let (mut env, alice) = funded();
    let sim = simulate(&mut env, &alice, 9, &[borrow(USDC, 1), repay(USDC, 1)]).unwrap();
    for outcome in &sim.actions {
        assert_eq!(
            outcome.error.as_deref(),
            Some(format!("account ({alice}, 9) does not exist").as_str())
        );
    }
    assert!(sim.position.collaterals.is_empty() && sim.position.debts.is_empty());
    let many = vec![deposit(ATOM, 1); MAX_SIMULATED_ACTIONS + 1];
    assert_err(
        simulate(&mut env, &alice, 0, &many),
        format!("invalid parameter actions: at most {MAX_SIMULATED_ACTIONS}"),
    );
    let sim = simulate(&mut env, &alice, 0, &many[1..]).unwrap();
    assert!(sim.actions.iter().all(|a| a.accepted));
    assert!(simulate(&mut env, &Addr::unchecked("Not An Address"), 0, &[]).is_err());
    // A zero coin is refused as an attached zero coin would be (the bank refuses to send one).
    let sim = simulate(&mut env, &alice, 0, &[deposit(USDC, 0), repay(USDC, 0)]).unwrap();
    for outcome in &sim.actions {
        assert_eq!(
            outcome.error.as_deref(),
            Some("invalid funds: zero amount of uusdc")
        );
    }
}

// ---- MaxBorrow and MaxWithdraw: the quote is what the action accepts ----

/// `MaxBorrow`'s invariant: one unit more than the quote is refused (changing nothing), and the
/// quote is accepted by `Borrow` in the same block (a quote of 0: even 1 is refused). Borrows
/// the quote; returns it and the error of one unit more.
fn borrow_the_quote(env: &mut MockEnv, owner: &Addr, account: u32, denom: &str) -> (u128, String) {
    let quote = env
        .vault()
        .max_borrow(owner, account, denom)
        .unwrap()
        .u128();
    let before = snapshot(env, &[owner]);
    let more = env
        .vault()
        .borrow_from(owner, account, &coin(quote + 1, denom), None)
        .expect_err("one unit more than MaxBorrow was accepted");
    assert_eq!(snapshot(env, &[owner]), before);
    if quote > 0 {
        env.vault()
            .borrow_from(owner, account, &coin(quote, denom), None)
            .unwrap();
    }
    (quote, more.to_string())
}

/// `MaxWithdraw`'s invariant, as [`borrow_the_quote`]'s.
fn withdraw_the_quote(
    env: &mut MockEnv,
    owner: &Addr,
    account: u32,
    denom: &str,
) -> (u128, String) {
    let quote = env
        .vault()
        .max_withdraw(owner, account, denom)
        .unwrap()
        .u128();
    let before = snapshot(env, &[owner]);
    let more = env
        .vault()
        .withdraw_from(owner, account, denom, Some(quote + 1), None)
        .expect_err("one unit more than MaxWithdraw was accepted");
    assert_eq!(snapshot(env, &[owner]), before);
    if quote > 0 {
        env.vault()
            .withdraw_from(owner, account, denom, Some(quote), None)
            .unwrap();
    }
    (quote, more.to_string())
}

fn pause(env: &mut MockEnv, denom: &str, actions: PausedActions) {
    let guardian = env.guardian.clone();
    env.vault().set_paused(&guardian, denom, actions).unwrap();
}

fn update_config(env: &mut MockEnv, min_debt_value: Option<u128>, max_assets: Option<u8>) {
    let owner = env.owner.clone();
    let msg = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: None,
        treasury: None,
        guardian: None,
        min_debt_value: min_debt_value.map(u),
        max_assets_per_account: max_assets,
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
}

fn set_borrow_cap(env: &mut MockEnv, denom: &str, cap: Option<u128>) {
    let owner = env.owner.clone();
    let mut lending = env.vault().asset(denom).unwrap().lending.unwrap();
    lending.borrow_cap = cap.map(u);
    env.vault()
        .update_asset(&owner, denom, None, Some(lending))
        .unwrap();
}

#[test]
fn max_borrow_is_zero_while_borrowing_is_paused() {
    let (mut env, alice) = funded();
    // B = 10.2·10^9: the quote without the pause.
    assert_eq!(
        env.vault().max_borrow(&alice, 0, USDC).unwrap().u128(),
        10_200_000_000
    );
    pause(
        &mut env,
        USDC,
        PausedActions {
            borrow: true,
            ..PausedActions::default()
        },
    );
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert_eq!(quote, 0);
    assert!(more.contains("borrow of uusdc is paused"), "{more}");
    pause(&mut env, USDC, PausedActions::default());
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert_eq!(quote, 10_200_000_000);
    assert!(more.contains("insufficient collateral"), "{more}");
}

#[test]
fn max_borrow_is_zero_for_a_new_denom_at_the_asset_limit() {
    let (mut env, alice) = funded();
    // Alice holds ATOM and ETH: at a limit of 2, a first USDC debt would be a third asset.
    update_config(&mut env, None, Some(2));
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert_eq!(quote, 0);
    assert!(more.contains("at most 2 distinct assets"), "{more}");
    // At 3 it fits; then a second debt denom (BTC) is a fourth asset.
    update_config(&mut env, None, Some(3));
    env.vault().borrow(&alice, &coin(1_000_000, USDC)).unwrap();
    let lender = env.addr("lender");
    env.vault()
        .supply(&lender, &[coin(100_000_000, BTC)])
        .unwrap();
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, BTC);
    assert_eq!(quote, 0);
    assert!(more.contains("at most 3 distinct assets"), "{more}");
    // An existing debt denom can still grow.
    let (quote, _) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert_eq!(quote, 10_200_000_000 - 1_000_000);
}

#[test]
fn max_borrow_is_zero_when_the_most_allowed_is_below_min_debt_value() {
    let (mut env, alice) = funded();
    // Account 1: 10 ATOM, C = 10^8, B = 6·10^7: at most 60 USDC.
    env.vault()
        .deposit_to(&alice, 1, None, &[coin(10_000_000, ATOM)])
        .unwrap();
    update_config(&mut env, Some(60_000_001), None);
    let (quote, more) = borrow_the_quote(&mut env, &alice, 1, USDC);
    assert_eq!(quote, 0);
    assert!(more.contains("below the minimum of 60000001"), "{more}");
    assert_err(
        env.vault()
            .borrow_from(&alice, 1, &coin(60_000_000, USDC), None),
        "debt in uusdc worth 60000000 is below the minimum of 60000001",
    );
    // At a minimum of exactly 60 USDC the whole capacity is the quote.
    update_config(&mut env, Some(60_000_000), None);
    let (quote, _) = borrow_the_quote(&mut env, &alice, 1, USDC);
    assert_eq!(quote, 60_000_000);
}

#[test]
fn max_borrow_stops_at_the_borrow_cap_and_the_free_liquidity() {
    let (mut env, alice) = funded();
    env.vault()
        .borrow(&alice, &coin(1_000_000_000, USDC))
        .unwrap();
    env.advance(31_536_000);
    // The cap: 1,234,567 above the total debt, interest included.
    let total = env.vault().market(USDC).unwrap().total_debt.u128();
    set_borrow_cap(&mut env, USDC, Some(total + 1_234_567));
    // Borrowing `a` mints debt shares rounded up, so the total can grow by `a + 1`: the quote is
    // the cap's room or one less.
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert!((1_234_566..=1_234_567).contains(&quote), "{quote}");
    assert!(more.contains("cap"), "{more}");
    // At the cap (or one unit from it): nothing more, or that unit.
    let (quote, _) = borrow_the_quote(&mut env, &alice, 0, USDC);
    assert!(quote <= 1, "{quote}");
    // The liquidity: 0.01 BTC supplied (10^6 sat, worth 6·10^8), far below what B allows.
    let lender = env.addr("lender");
    env.vault()
        .supply(&lender, &[coin(1_000_000, BTC)])
        .unwrap();
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, BTC);
    assert_eq!(quote, 1_000_000);
    assert!(more.contains("insufficient liquidity"), "{more}");
}

#[test]
fn max_borrow_is_exact_at_the_margin_after_interest() {
    let (mut env, alice) = funded();
    let lender = env.addr("lender");
    env.vault()
        .supply(&lender, &[coin(100_000_000, BTC)])
        .unwrap();
    env.vault().borrow(&alice, &coin(3_000_000, BTC)).unwrap();
    env.vault()
        .borrow(&alice, &coin(777_777_777, USDC))
        .unwrap();
    env.advance(3 * 31_536_000 + 12_345);
    // BTC at 600 per sat: one sat more is 600 quote units over B.
    let (quote, more) = borrow_the_quote(&mut env, &alice, 0, BTC);
    assert!(quote > 0);
    assert!(more.contains("insufficient collateral"), "{more}");
    let p = env.vault().position(&alice, 0, PriceKind::Default).unwrap();
    assert!(p.borrow_capacity - p.debt_value < u(600), "{p:?}");
    // What is left, less than 600, in USDC at 1 per unit.
    assert!(borrow_the_quote(&mut env, &alice, 0, USDC).0 < 600);
}

#[test]
fn max_withdraw_is_zero_while_withdrawals_are_paused_for_an_account_with_debt() {
    let (mut env, alice) = funded();
    env.vault()
        .deposit_to(&alice, 1, None, &[coin(5_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&alice, &coin(5_000_000_000, USDC))
        .unwrap();
    pause(
        &mut env,
        ATOM,
        PausedActions {
            withdraw: true,
            ..PausedActions::default()
        },
    );
    let (quote, more) = withdraw_the_quote(&mut env, &alice, 0, ATOM);
    assert_eq!(quote, 0);
    assert!(more.contains("withdraw of uatom is paused"), "{more}");
    // Without debt the pause does not bind: everything (account 1).
    let (quote, more) = withdraw_the_quote(&mut env, &alice, 1, ATOM);
    assert_eq!(quote, 5_000_000);
    assert!(more.contains("account holds 5000000 uatom"), "{more}");
    // Unpaused, with debt: D = 5·10^9 needs, beside ETH's 4.2·10^9 of B, ceil(0.8·10^9 / 0.6)
    // = 1,333,333,334 of ATOM value, 133,333,334 uatom: 866,666,666 may go.
    pause(&mut env, ATOM, PausedActions::default());
    let (quote, more) = withdraw_the_quote(&mut env, &alice, 0, ATOM);
    assert_eq!(quote, 866_666_666);
    assert!(more.contains("insufficient collateral"), "{more}");
}

// ---- the same invariant over random accounts, limits and pauses ----

/// Collateral amounts, debts as shares of the quote, time, and limits.
#[derive(Debug, Clone)]
struct Case {
    collateral: [u128; 4],
    borrows: Vec<(usize, u8)>,
    seconds: u64,
    min_debt_value: u128,
    max_assets: u8,
    paused: [bool; 4],
    borrow_cap_room: Option<u128>,
    denom: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            1u128..2_000_000_000,
            0u128..5_000_000_000_000_000_000,
            0u128..3_000_000,
            0u128..2_000_000_000,
        ),
        prop::collection::vec((0usize..3, 1u8..=100), 0..4),
        prop_oneof![Just(0u64), 1u64..100_000_000],
        prop_oneof![Just(0u128), 1u128..2_000_000_000],
        1u8..6,
        prop::array::uniform4(prop::bool::weighted(0.2)),
        prop::option::of(0u128..3_000_000_000),
        0usize..7,
    )
        .prop_map(
            |(c, borrows, seconds, min_debt_value, max_assets, paused, room, denom)| Case {
                collateral: [c.0, c.1, c.2, c.3],
                borrows,
                seconds,
                min_debt_value,
                max_assets,
                paused,
                borrow_cap_room: room,
                denom,
            },
        )
}

/// Collaterals of the case, in the order of `Case::collateral`.
const CASE_COLLATERALS: [&str; 4] = [ATOM, ETH, BTC, USDC];
/// Borrowable denoms.
const CASE_BORROWABLE: [&str; 3] = [USDC, ATOM, BTC];

fn setup(case: &Case) -> (MockEnv, Addr) {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    env.vault()
        .supply(
            &lender,
            &[
                coin(1_000_000_000_000, USDC),
                coin(50_000_000_000, ATOM),
                coin(5_000_000, BTC),
            ],
        )
        .unwrap();
    let coins: Vec<_> = CASE_COLLATERALS
        .iter()
        .zip(case.collateral)
        .filter(|(_, amount)| *amount > 0)
        .map(|(denom, amount)| coin(amount, *denom))
        .collect();
    env.vault().deposit(&alice, &coins).unwrap();
    for (denom, pct) in &case.borrows {
        let denom = CASE_BORROWABLE[*denom];
        let max = env.vault().max_borrow(&alice, 0, denom).unwrap().u128();
        let amount = max * u128::from(*pct) / 100;
        if amount > 0 {
            env.vault().borrow(&alice, &coin(amount, denom)).unwrap();
        }
    }
    env.advance(case.seconds);
    update_config(&mut env, Some(case.min_debt_value), Some(case.max_assets));
    for (denom, paused) in CASE_COLLATERALS.iter().zip(case.paused) {
        pause(
            &mut env,
            denom,
            PausedActions {
                borrow: paused && *denom != ETH,
                withdraw: paused,
                ..PausedActions::default()
            },
        );
    }
    if let Some(room) = case.borrow_cap_room {
        let total = env.vault().market(USDC).unwrap().total_debt.u128();
        set_borrow_cap(&mut env, USDC, Some(total + room));
    }
    (env, alice)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// For any account, limits and pauses: `MaxBorrow`'s and `MaxWithdraw`'s quote is accepted
    /// in the same block, one unit more is refused (a quote of 0: one unit is refused).
    #[test]
    fn quotes_are_accepted_and_one_unit_more_is_refused(case in case()) {
        let (mut env, alice) = setup(&case);
        if case.denom < 3 {
            borrow_the_quote(&mut env, &alice, 0, CASE_BORROWABLE[case.denom]);
        } else {
            withdraw_the_quote(&mut env, &alice, 0, CASE_COLLATERALS[case.denom - 3]);
        }
    }
}
