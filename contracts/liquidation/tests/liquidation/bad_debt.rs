//! A liquidation that leaves debt and no collateral: the vault writes the rest off, from the
//! reserves first, then from the suppliers (lower supply index).
//!
//! Interest: the rate model is 2 % + 10 % · U / 0.8 below the kink, accrued once over the year
//! that passes (`interest = total_debt · r · Δt / 31,536,000`), 10 % of it to the reserves.

use ballast_testing::MockEnv;
use ballast_types::events::{BadDebtEvent, BallastEvent};
use ballast_types::liquidation::WrittenOffDebt;
use cosmwasm_std::{coin, Addr};

use super::common::*;

const YEAR: u64 = 31_536_000;

/// A whale borrows `whale_debt` USDC against plenty of ETH (its interest makes the reserves);
/// the victim borrows 700 USDC against 100 ATOM. A year passes, then ATOM crashes to 5.
fn crashed(whale_debt: u128) -> (MockEnv, Addr, Addr, Addr) {
    let (mut env, lender) = env_with_lender();
    let whale = user(&mut env, "whale");
    let victim = user(&mut env, "victim");
    open(
        &mut env,
        &whale,
        0,
        &[coin(300_000_000_000_000_000_000, ETH)],
        &coin(whale_debt, USDC),
    );
    open(
        &mut env,
        &victim,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    env.advance(YEAR);
    env.set_price(ATOM, d("5")).unwrap();
    let bot = user(&mut env, "bot");
    (env, lender, victim, bot)
}

/// The victim's liquidation after the crash: C = 100e6 * 5 = 500e6 < D·(1 + min), so the account
/// is insolvent (RISK.md step 9): the bonus is the curve's 0.05 + (1 − HF) with HF ≈ 0.53–0.56,
/// capped at max = 0.15 (no `C/D − 1` cap), and all 100 ATOM are taken for
/// ceil(500e6 / 1.15) = ceil(434_782_608.7) = 434_782_609.
/// fee = floor(100e6 * 0.15 * 0.1 / 1.15) = floor(1_304_347.8) = 1_304_347.
const REPAY: u128 = 434_782_609;
const SEIZED: u128 = 100_000_000;
const FEE: u128 = 1_304_347;

#[test]
fn bad_debt_beyond_the_reserves_falls_on_suppliers() {
    // whale 10,000 USDC: U = 10.7e9 / 1e12 = 0.0107, r = 0.02 + 0.1 * 0.0107 / 0.8 = 0.0213375.
    // interest = 10.7e9 * 0.0213375 = 228_311_250; reserves 22_831_125.
    // victim's debt: 700e6 * 1.0213375 = 714_936_250; L = 400e6 ->
    // HF = 400e6 / 714_936_250 = 0.559490444078055910.
    let (mut env, _lender, victim, bot) = crashed(10_000_000_000);
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 22_831_125);
    assert_eq!(debt_of(&mut env, &victim, 0, USDC), 714_936_250);
    let suppliers_before = market.supplier_assets.u128();

    // left after the liquidation: 714_936_250 - 434_782_609 = 280_153_641, all bad debt
    let sim = env
        .liquidation()
        .simulate(&victim, 0, USDC, ATOM, None)
        .unwrap();
    assert_eq!((sim.repay.u128(), sim.seized.u128()), (REPAY, SEIZED));
    assert_eq!(sim.bad_debt.u128(), 280_153_641);
    assert_eq!(
        sim.written_off,
        vec![WrittenOffDebt {
            denom: USDC.into(),
            amount: u(280_153_641)
        }]
    );

    let res = env
        .liquidation()
        .execute(
            &bot,
            &liquidate_msg(&victim, 0, ATOM),
            &[coin(1_000_000_000, USDC)],
        )
        .unwrap();
    let ev = &liquidate_events(&res)[0];
    assert_eq!(ev.health_before, d("0.55949044407805591"));
    assert_eq!(ev.bonus, r("0.15"));
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (REPAY, SEIZED, FEE)
    );
    assert_eq!(ev.health_after, Some(d("0")));
    assert_eq!(ev.bad_debt.u128(), 280_153_641);

    // The vault writes off the debt SHARES left, rounded up in assets: the victim held 7e14
    // shares (10^6 per unit at index 1); repaying 434_782_609 at index 1.0213375 burns
    // floor(434_782_609e6 / 1.0213375) = 425_699_251_226_945, leaving 274_300_748_773_055
    // shares = ceil(280_153_641.0000..) = 280_153_642 units: one more than the amounts give
    // (`bad_debt` of the simulation and of the event is documented as within one unit).
    // 22_831_125 come from the reserves, 280_153_642 - 22_831_125 = 257_322_517 from suppliers.
    let written = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(written.denom, USDC);
    assert_eq!(written.amount.u128(), 280_153_642);
    assert_eq!(written.from_reserves.u128(), 22_831_125);
    assert_eq!(written.from_suppliers.u128(), 257_322_517);
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 0);
    assert_eq!(market.deficit.u128(), 280_153_642);
    // (suppliers' assets are their shares at the lowered index, rounded down: one unit of slack)
    assert!(
        (257_322_517..=257_322_518).contains(&(suppliers_before - market.supplier_assets.u128()))
    );
    let account = env.vault().account(&victim, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
}

#[test]
fn bad_debt_is_covered_by_the_reserves_first() {
    // whale 500,000 USDC: U = 500.7e9 / 1e12 = 0.5007, r = 0.02 + 0.1 * 0.5007 / 0.8 =
    // 0.0825875. interest = 500.7e9 * 0.0825875 = 41_351_561_250; reserves 4_135_156_125.
    // victim's debt: 700e6 * 1.0825875 = 757_811_250; HF = 400e6 / 757_811_250 =
    // 0.527835922203583016. Left: 757_811_250 - 434_782_609 = 323_028_641 < the reserves.
    let (mut env, _lender, victim, bot) = crashed(500_000_000_000);
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 4_135_156_125);
    let (index_before, suppliers_before) = (market.supply_index, market.supplier_assets);

    let res = env
        .liquidation()
        .execute(&bot, &liquidate_msg(&victim, 0, ATOM), &[coin(REPAY, USDC)])
        .unwrap();
    let ev = &liquidate_events(&res)[0];
    assert_eq!(ev.health_before, d("0.527835922203583016"));
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (REPAY, SEIZED, FEE)
    );
    assert_eq!(ev.bad_debt.u128(), 323_028_641);
    // shares: 7e14 - floor(434_782_609e6 / 1.0825875) = 298_385_711_085_710 left, worth
    // ceil(323_028_641.0000..) = 323_028_642: all of it from the reserves
    let written = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(
        (
            written.amount.u128(),
            written.from_reserves.u128(),
            written.from_suppliers.u128()
        ),
        (323_028_642, 323_028_642, 0)
    );
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 4_135_156_125 - 323_028_642);
    assert_eq!(market.deficit.u128(), 323_028_642);
    // suppliers untouched
    assert_eq!(market.supply_index, index_before);
    assert_eq!(market.supplier_assets, suppliers_before);
}
