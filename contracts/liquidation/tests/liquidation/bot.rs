//! A liquidator bot's flow: `LiquidatablePositions` → `SimulateLiquidation` → `Liquidate`, with
//! the simulated numbers equal to the executed ones (events read back with `TryFrom`), and the
//! paging of `LiquidatablePositions`.

use ballast_kit::KitError;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::events::LiquidateEvent;
use ballast_types::liquidation::{LiquidatablePosition, SimulateLiquidationResponse};
use cosmwasm_std::{coin, Addr, Event};

use super::helpers::*;

fn event_of(res: &cw_multi_test::AppResponse) -> LiquidateEvent {
    // as the chain shows it: `wasm-ballast_liquidate`
    let raw: &Event = res
        .events
        .iter()
        .find(|e| e.ty == "wasm-ballast_liquidate")
        .expect("a liquidate event");
    LiquidateEvent::try_from(raw).unwrap()
}

fn assert_same(sim: &SimulateLiquidationResponse, ev: &LiquidateEvent) {
    assert_eq!(ev.owner, sim.owner);
    assert_eq!(ev.account, sim.account);
    assert_eq!(ev.debt_denom, sim.debt_denom);
    assert_eq!(ev.collateral_denom, sim.collateral_denom);
    assert_eq!(ev.repay, sim.repay);
    assert_eq!(ev.seized, sim.seized);
    assert_eq!(ev.to_liquidator, sim.to_liquidator);
    assert_eq!(ev.protocol_fee, sim.protocol_fee);
    assert_eq!(ev.bonus, sim.bonus);
    assert_eq!(ev.health_before, sim.health_before);
    assert_eq!(ev.health_after, sim.health_after);
    assert_eq!(ev.refund, sim.refund);
    assert_eq!(ev.bad_debt, sim.bad_debt);
}

#[test]
fn positions_then_simulation_then_liquidation() {
    let (mut env, _lender) = env_with_lender();
    let (alice, bob, carol, bot) = (
        user(&mut env, "alice"),
        user(&mut env, "bob"),
        user(&mut env, "carol"),
        user(&mut env, "bot"),
    );
    open(
        &mut env,
        &alice,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    open(
        &mut env,
        &bob,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(600_000_000, USDC),
    );
    open(
        &mut env,
        &carol,
        3,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    // a week of interest, so that nothing is a round number any more
    env.advance(7 * 24 * 3_600);
    env.set_price(ATOM, d("8.5")).unwrap();
    // alice and carol: L = 680e6 < D ≈ 700e6; bob: L = 680e6 > D ≈ 600e6
    let page = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert_eq!(page.next_start_after, None);
    let mut found: Vec<(String, u32)> = page
        .positions
        .iter()
        .map(|p| (p.owner.clone(), p.account))
        .collect();
    found.sort();
    let mut expected = vec![(alice.to_string(), 0), (carol.to_string(), 3)];
    expected.sort();
    assert_eq!(found, expected);
    for p in &page.positions {
        assert!(p.health_factor < d("0.9715") && p.health_factor > d("0.97"));
        assert_eq!(p.liquidation_capacity.u128(), 680_000_000);
        assert_eq!(p.collaterals[0].denom, ATOM);
        assert_eq!(p.debts[0].denom, USDC);
    }

    let targets: Vec<LiquidatablePosition> = page.positions.clone();
    for (i, target) in targets.iter().enumerate() {
        let owner = Addr::unchecked(&target.owner);
        let debt = &target.debts[0].denom;
        let collateral = &target.collaterals[0].denom;
        // the first target with as much as allowed (no refund), the second with 1,000 USDC
        let amount = (i == 1).then_some(1_000_000_000u128);
        let sim = env
            .liquidation()
            .simulate(&owner, target.account, debt, collateral, amount)
            .unwrap();
        let sent = amount.unwrap_or(sim.repay.u128());
        let res = env
            .liquidation()
            .execute(
                &bot,
                &liquidate_msg(&owner, target.account, collateral),
                &[coin(sent, debt.as_str())],
            )
            .unwrap();
        let ev = event_of(&res);
        assert_same(&sim, &ev);
        assert_eq!(ev.refund.u128(), sent - sim.repay.u128());
        // the close factor caps the repay at half of the debt (rounded down)
        assert_eq!(sim.repay.u128(), target.debts[0].amount.u128() / 2);
    }
    let page = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert!(page.positions.is_empty());
}

/// `n` owners with one account each, in the order of their addresses; the even ones are
/// liquidatable at ATOM 8.5 (100 ATOM against 700 USDC), the odd ones not (600 USDC).
fn many_accounts(n: usize) -> (MockEnv, Vec<(String, u32)>) {
    let (mut env, _lender) = env_with_lender();
    let mut owners: Vec<Addr> = (0..n)
        .map(|i| user(&mut env, &format!("owner{i}")))
        .collect();
    owners.sort();
    let mut sick = vec![];
    for (i, owner) in owners.iter().enumerate() {
        let debt = if i % 2 == 0 { 700_000_000 } else { 600_000_000 };
        open(
            &mut env,
            owner,
            0,
            &[coin(100_000_000, ATOM)],
            &coin(debt, USDC),
        );
        if i % 2 == 0 {
            sick.push((owner.to_string(), 0));
        }
    }
    env.set_price(ATOM, d("8.5")).unwrap();
    (env, sick)
}

fn keys(positions: &[LiquidatablePosition]) -> Vec<(String, u32)> {
    positions
        .iter()
        .map(|p| (p.owner.clone(), p.account))
        .collect()
}

#[test]
fn paging_with_limits_and_a_bounded_scan() {
    let (env, sick) = many_accounts(100);
    assert_eq!(sick.len(), 50);
    let liq = env.liquidation_handle();
    let q = |start_after: Option<(String, u32)>, limit: Option<u32>| {
        liq.query_liquidatable_positions(&env.app.wrap(), start_after, limit)
    };
    // default 10, in order, continuing after the last one returned
    let page = q(None, None).unwrap();
    assert_eq!(keys(&page.positions), sick[..10]);
    assert_eq!(page.next_start_after, Some(sick[9].clone()));
    // 10^9 is clamped to 30
    let page = q(None, Some(1_000_000_000)).unwrap();
    assert_eq!(keys(&page.positions), sick[..30]);
    // the next call scans the remaining 41 accounts (< 90) and reaches the end
    let next = q(page.next_start_after.clone(), Some(1_000_000_000)).unwrap();
    assert_eq!(keys(&next.positions), sick[30..]);
    assert_eq!(next.next_start_after, None);
    // 0 is an error
    assert_err(q(None, Some(0)), KitError::ZeroLimit);
    // walking the pages with limit 7 finds every liquidatable account once
    let mut all = vec![];
    let mut cursor = None;
    loop {
        let page = q(cursor, Some(7)).unwrap();
        all.extend(keys(&page.positions));
        match page.next_start_after {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(all, sick);
}

#[test]
fn a_scan_stops_after_ninety_accounts_with_a_cursor() {
    // 100 healthy accounts: nothing to find, the first call stops after 90 of them
    let (mut env, _lender) = env_with_lender();
    let mut owners: Vec<Addr> = (0..100)
        .map(|i| user(&mut env, &format!("owner{i}")))
        .collect();
    owners.sort();
    for owner in &owners {
        open(
            &mut env,
            owner,
            0,
            &[coin(100_000_000, ATOM)],
            &coin(100_000_000, USDC),
        );
    }
    let first = env
        .liquidation()
        .liquidatable_positions(None, Some(30))
        .unwrap();
    assert!(first.positions.is_empty());
    assert_eq!(first.next_start_after, Some((owners[89].to_string(), 0)));
    let second = env
        .liquidation()
        .liquidatable_positions(first.next_start_after, Some(30))
        .unwrap();
    assert!(second.positions.is_empty());
    assert_eq!(second.next_start_after, None);
}
