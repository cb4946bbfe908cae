//! A liquidation that leaves debt and no collateral: the vault writes the rest off, from the
//! reserves first, then from the suppliers (lower supply index).
//!
//! Interest: the rate model is 2 % + 10 % · U / 0.8 below the kink, accrued once over the year
//! that passes (`interest = total_debt · r · Δt / 31,536,000`), 10 % of it to the reserves.

use ballast_testing::MockEnv;
use ballast_types::events::{BadDebtEvent, BallastEvent};
use ballast_types::liquidation::WrittenOffDebt;
use cosmwasm_std::{coin, Addr};

use super::helpers::*;

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

/// The victim's liquidation after the crash: C = 100e6 * 5 = 500e6 < D, so
/// `C/D − 1` counts as 0 and the bonus is the floor `min` = 0.02. By collateral
/// floor(500e6 / 1.02) = 490_196_078 would seize floor(99_999_999.9) = 99_999_999 and leave
/// 1 uatom (5 units, dust): all 100 ATOM are taken for ceil(490_196_078.4) = 490_196_079.
/// fee = floor(100e6 * 0.02 * 0.1 / 1.02) = floor(196_078.4) = 196_078.
const REPAY: u128 = 490_196_079;
const SEIZED: u128 = 100_000_000;
const FEE: u128 = 196_078;

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

    // left after the liquidation: 714_936_250 - 490_196_079 = 224_740_171, all bad debt
    let sim = env
        .liquidation()
        .simulate(&victim, 0, USDC, ATOM, None)
        .unwrap();
    assert_eq!((sim.repay.u128(), sim.seized.u128()), (REPAY, SEIZED));
    assert_eq!(sim.bad_debt.u128(), 224_740_171);
    assert_eq!(
        sim.written_off,
        vec![WrittenOffDebt {
            denom: USDC.into(),
            amount: u(224_740_171)
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
    assert_eq!(ev.bonus, r("0.02"));
    assert_eq!(
        (ev.repay.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (REPAY, SEIZED, FEE)
    );
    assert_eq!(ev.health_after, Some(d("0")));
    assert_eq!(ev.bad_debt.u128(), 224_740_171);

    // The vault writes off the debt SHARES left, rounded up in assets: the victim held 7e14
    // shares (10^6 per unit at index 1); repaying 490_196_079 at index 1.0213375 burns
    // floor(490_196_079e6 / 1.0213375) = 479_955_038_368_805, leaving 220_044_961_631_195
    // shares = ceil(224_740_171.0000..) = 224_740_172 units: one more than the amounts give
    // (`bad_debt` of the simulation and of the event is documented as within one unit).
    // 22_831_125 come from the reserves, 224_740_172 - 22_831_125 = 201_909_047 from suppliers.
    let written = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(written.denom, USDC);
    assert_eq!(written.amount.u128(), 224_740_172);
    assert_eq!(written.from_reserves.u128(), 22_831_125);
    assert_eq!(written.from_suppliers.u128(), 201_909_047);
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 0);
    assert_eq!(market.deficit.u128(), 224_740_172);
    // (suppliers' assets are their shares at the lowered index, rounded down: one unit of slack)
    assert!(
        (201_909_047..=201_909_048).contains(&(suppliers_before - market.supplier_assets.u128()))
    );
    let account = env.vault().account(&victim, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
}

#[test]
fn bad_debt_is_covered_by_the_reserves_first() {
    // whale 500,000 USDC: U = 500.7e9 / 1e12 = 0.5007, r = 0.02 + 0.1 * 0.5007 / 0.8 =
    // 0.0825875. interest = 500.7e9 * 0.0825875 = 41_351_561_250; reserves 4_135_156_125.
    // victim's debt: 700e6 * 1.0825875 = 757_811_250; HF = 400e6 / 757_811_250 =
    // 0.527835922203583016. Left: 757_811_250 - 490_196_079 = 267_615_171 < the reserves.
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
        (ev.repay.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (REPAY, SEIZED, FEE)
    );
    assert_eq!(ev.bad_debt.u128(), 267_615_171);
    // shares: 7e14 - floor(490_196_079e6 / 1.0825875) = 247_199_576_015_796 left, worth
    // ceil(267_615_171.0000..) = 267_615_172: all of it from the reserves
    let written = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(
        (
            written.amount.u128(),
            written.from_reserves.u128(),
            written.from_suppliers.u128()
        ),
        (267_615_172, 267_615_172, 0)
    );
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.reserves.u128(), 4_135_156_125 - 267_615_172);
    assert_eq!(market.deficit.u128(), 267_615_172);
    // suppliers untouched
    assert_eq!(market.supply_index, index_before);
    assert_eq!(market.supplier_assets, suppliers_before);
}
