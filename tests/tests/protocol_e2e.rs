//! Cross-contract flows through `MockEnv`: oracle + vault + liquidation working as one protocol.
//!
//! Covered: deposit → borrow → price drop → third-party liquidation over a worked table (6- and
//! 18-decimal collateral and debt); partial then full liquidation with bad debt; liquidation while
//! the oracle's `Default` price is blocked by a breaker and while borrowing is paused; a
//! 4-collateral (6/8/18 decimals), 2-debt account; bad debt written off from the reserves, then
//! from the suppliers; a liquidator bot (`LiquidatablePositions` → `SimulateLiquidation` →
//! `Liquidate`, simulated == executed).
//!
//! Expected liquidation amounts are worked out by hand from RISK.md ("Liquidation") with the
//! default policy of `MockEnv` (close factor 0.5, full liquidation below HF 0.95, 10 % of the bonus
//! to the treasury, bonus `{start 0.05, slope 1, min 0.02}`) with the bonus cap lowered from 0.3
//! to 0.15 (see [`setup`]), never read from the code.

use std::str::FromStr;

use ballast_testing::{feeds, test_rate_model, AssetSpec, MockEnv};
use ballast_types::events::{BadDebtEvent, BallastEvent, LiquidateEvent};
use ballast_types::liquidation::{ExecuteMsg as LiqMsg, SimulateLiquidationResponse};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{ExecuteMsg as VaultMsg, PausedActions};
use cosmwasm_std::{coin, Addr, Decimal, Decimal256, Uint128};

const USDC: &str = "uusdc";
const USDT: &str = "uusdt";
const ATOM: &str = "uatom";
const ETH: &str = "wei";
const OSMO: &str = "uosmo";
const BTC: &str = "sat";
const DENOMS: [&str; 6] = [USDC, USDT, ATOM, ETH, OSMO, BTC];

fn d(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}

/// USDC, USDT (6 decimals, price 1, borrowable); ATOM (6, price 10, 0.75 / 0.8); ETH (18, 3,000 USD,
/// 0.8 / 0.85, borrowable); OSMO (6, price 0.5, 0.5 / 0.6); BTC (8, 60,000 USD, 0.7 / 0.75).
/// Prices are per smallest unit in micro-USD (RISK.md "Prices"): ETH 3,000 × 10^6 / 10^18 =
/// 3 × 10^-9; BTC 60,000 × 10^6 / 10^8 = 600 per satoshi.
/// A lender supplies 10^6 USDC, 10^6 USDT and 1,000 ETH.
///
/// RISK.md bounds `liquidation_threshold · (1 + bonus.max) < 1`: with the default cap of 0.3 no
/// threshold above 1/1.3 = 0.769 may be listed, so the cap is 0.15 here (0.85 · 1.15 = 0.9775).
/// No bonus in this file reaches 0.15, and `min(C/D − 1, max)` only matters when `C/D − 1` is
/// below the bonus the curve asks for, so every hand-worked number below is unaffected.
fn setup() -> MockEnv {
    let mut policy = ballast_testing::default_policy();
    policy.default_bonus.max = Decimal::percent(15);
    let mut env = MockEnv::builder()
        .liquidation_policy(policy)
        .fixed_price(USDC, 6, d("1"))
        .fixed_price(USDT, 6, d("1"))
        .fixed_price(ATOM, 6, d("10"))
        .fixed_price(ETH, 18, d("0.000000003"))
        .fixed_price(OSMO, 6, d("0.5"))
        .fixed_price(BTC, 8, d("600"))
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(USDT, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.75", "0.8"))
        .asset(
            AssetSpec::new(ETH, 18)
                .collateral("0.8", "0.85")
                .lending(test_rate_model(), "0.1"),
        )
        .asset(AssetSpec::new(OSMO, 6).collateral("0.5", "0.6"))
        .asset(AssetSpec::new(BTC, 8).collateral("0.7", "0.75"))
        .build();
    let lender = user(&mut env, "lender");
    env.vault()
        .supply(
            &lender,
            &[
                coin(1_000_000_000_000, USDC),
                coin(1_000_000_000_000, USDT),
                coin(1_000_000_000_000_000_000_000, ETH),
            ],
        )
        .expect("lender supplies");
    env
}

/// A user funded with 10^27 of every denom.
fn user(env: &mut MockEnv, name: &str) -> Addr {
    let addr = env.addr(name);
    let funds: Vec<_> = DENOMS
        .iter()
        .map(|denom| coin(1_000_000_000_000_000_000_000_000, *denom))
        .collect();
    env.fund(&addr, &funds);
    addr
}

fn bal(env: &MockEnv, addr: &Addr, denom: &str) -> u128 {
    Uint128::try_from(env.balance(addr, denom)).unwrap().u128()
}

fn collateral_of(env: &mut MockEnv, owner: &Addr, account: u32, denom: &str) -> u128 {
    let acc = env.vault().account(owner, account).expect("account");
    acc.collaterals
        .iter()
        .find(|c| c.denom == denom)
        .map_or(0, |c| c.amount.u128())
}

fn debt_of(env: &mut MockEnv, owner: &Addr, account: u32, denom: &str) -> u128 {
    let acc = env.vault().account(owner, account).expect("account");
    acc.debts
        .iter()
        .find(|c| c.denom == denom)
        .map_or(0, |c| c.amount.u128())
}

/// One row of the worked table.
struct Row {
    name: &'static str,
    collateral: (&'static str, u128),
    debt: (&'static str, u128),
    /// New Liquidation price of `(denom, price)`.
    price_move: (&'static str, &'static str),
    sent: u128,
    // expected
    bonus: Decimal,
    repay: u128,
    seized: u128,
    fee: u128,
    refund: u128,
}

/// The table. `C`, `L`, `D` in quote units (USD × 10^6) at Liquidation prices after the move.
fn table() -> Vec<Row> {
    vec![
        // 200 ATOM @ 8.6: C = 1,720e6, L = 0.8 C = 1,376e6; D = 1,400e6 USDC.
        // HF = 1376/1400 = 0.98286 ≥ 0.95 → cap = D/2 = 700e6; sent 1,000e6 → repay 700e6,
        // refund 300e6. bonus = min(0.05 + (1 − HF), max(min(C/D − 1, 0.3), 0.02))
        //   = min(0.05 + 24/1400, max(min(0.2286, 0.15), 0.02)) = 0.05 + 0.017142857 = 47/700.
        // seized = floor(700e6 × (747/700) / 8.6) = floor(747e6 / 8.6) = floor(86,860,465.1).
        // fee = floor(seized × b/(1+b) × 0.1) = floor(86,860,465 × 47/747 × 0.1)
        //     = floor(546,511.6) = 546,511.
        Row {
            name: "6-decimal collateral, close factor",
            collateral: (ATOM, 200_000_000),
            debt: (USDC, 1_400_000_000),
            price_move: (ATOM, "8.6"),
            sent: 1_000_000_000,
            bonus: Decimal::from_str("0.067142857142857143").unwrap(),
            repay: 700_000_000,
            seized: 86_860_465,
            fee: 546_511,
            refund: 300_000_000,
        },
        // 200 ATOM @ 7.2: C = 1,440e6, L = 1,152e6, D = 1,400e6; HF = 0.82286 < 0.95 → cap = D.
        // curve = 0.05 + 0.17714 = 0.22714; C/D − 1 = 40/1400 = 1/35 → bonus = 1/35 (limited by
        // the collateral). sent 500e6 → repay 500e6 (< cap, < 1440e6 / (36/35) = 1,400e6).
        // seized = floor(500e6 × 36/35 / 7.2) = floor(71,428,571.43) = 71,428,571.
        // fee = floor(71,428,571 × (1/36) × 0.1) = floor(198,412.7) = 198,412.
        Row {
            name: "6-decimal collateral, bonus limited by the collateral",
            collateral: (ATOM, 200_000_000),
            debt: (USDC, 1_400_000_000),
            price_move: (ATOM, "7.2"),
            sent: 500_000_000,
            bonus: Decimal::from_str("0.028571428571428571").unwrap(),
            repay: 500_000_000,
            seized: 71_428_571,
            fee: 198_412,
            refund: 0,
        },
        // 1 ETH (10^18 wei) @ 2,800 USD: C = 2,800e6, L = 0.85 C = 2,380e6, D = 2,400e6 USDC.
        // HF = 0.991667 → cap 1,200e6; bonus = 0.05 + 1/120 = 7/120 (C/D − 1 = 1/6 is larger).
        // sent 1,000e6 → repay 1,000e6.
        // seized = floor(1,000e6 × (127/120) / 2.8e-9) = floor(377,976,190,476,190,476.19).
        // fee = floor(seized × 7/127 × 0.1) = floor(2,083,333,333,333,333.3).
        Row {
            name: "18-decimal collateral",
            collateral: (ETH, 1_000_000_000_000_000_000),
            debt: (USDC, 2_400_000_000),
            price_move: (ETH, "0.0000000028"),
            sent: 1_000_000_000,
            bonus: Decimal::from_str("0.058333333333333334").unwrap(),
            repay: 1_000_000_000,
            seized: 377_976_190_476_190_476,
            fee: 2_083_333_333_333_333,
            refund: 0,
        },
        // 1,000 ATOM @ 10: C = 10,000e6, L = 8,000e6; 2.5 ETH of debt @ 3,350 USD: D = 8,375e6.
        // HF = 8000/8375 = 0.95522 ≥ 0.95 → cap = 1.25 ETH; bonus = 0.05 + 375/8375 = 127/1340
        // (C/D − 1 = 0.194 is larger). sent 0.987654321 ETH → repay all of it.
        // seized = floor(987,654,321e9 × 3.35e-9 × (1467/1340) / 10)
        //        = floor(362,222,222.23) = 362,222,222 uatom.
        // fee = floor(362,222,222 × 127/1467 × 0.1) = floor(3,135,802.47) = 3,135,802.
        Row {
            name: "18-decimal debt",
            collateral: (ATOM, 1_000_000_000),
            debt: (ETH, 2_500_000_000_000_000_000),
            price_move: (ETH, "0.00000000335"),
            sent: 987_654_321_000_000_000,
            bonus: Decimal::from_str("0.094776119402985075").unwrap(),
            repay: 987_654_321_000_000_000,
            seized: 362_222_222,
            fee: 3_135_802,
            refund: 0,
        },
    ]
}

/// Deposit → borrow → price drop → a third party liquidates: every amount as in the table, and
/// every balance moves by exactly those amounts.
#[test]
fn worked_table_deposit_borrow_drop_third_party_liquidates() {
    for row in table() {
        let mut env = setup();
        let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
        let treasury = env.treasury.clone();
        let (cden, camt) = row.collateral;
        let (dden, damt) = row.debt;
        env.vault()
            .deposit(&borrower, &[coin(camt, cden)])
            .unwrap_or_else(|e| panic!("{}: deposit: {e}", row.name));
        env.vault()
            .borrow(&borrower, &coin(damt, dden))
            .unwrap_or_else(|e| panic!("{}: borrow: {e}", row.name));
        // healthy before the move: nobody can liquidate
        assert!(
            env.liquidation()
                .liquidate(&bot, &borrower, 0, cden, &coin(row.sent, dden))
                .is_err(),
            "{}: liquidated while healthy",
            row.name
        );
        env.set_price(row.price_move.0, d(row.price_move.1))
            .unwrap();

        let (bot_c, bot_d, tre_c) = (
            bal(&env, &bot, cden),
            bal(&env, &bot, dden),
            bal(&env, &treasury, cden),
        );
        let ev = env
            .liquidation()
            .liquidate(&bot, &borrower, 0, cden, &coin(row.sent, dden))
            .unwrap_or_else(|e| panic!("{}: liquidate: {e}", row.name));
        let n = row.name;
        assert_eq!(ev.bonus, row.bonus, "{n}: bonus");
        assert_eq!(ev.repaid.u128(), row.repay, "{n}: repay");
        assert_eq!(ev.seized.u128(), row.seized, "{n}: seized");
        assert_eq!(ev.protocol_fee.u128(), row.fee, "{n}: fee");
        assert_eq!(ev.to_liquidator.u128(), row.seized - row.fee, "{n}: to liq");
        assert_eq!(ev.refunded.u128(), row.refund, "{n}: refund");
        assert_eq!(ev.liquidator, bot.to_string(), "{n}: liquidator");
        assert_eq!(ev.bad_debt.u128(), 0, "{n}: no bad debt");
        assert!(ev.health_before < Decimal256::one(), "{n}: HF before < 1");
        // balances: the bot paid exactly `repay`, got `seized − fee`; the treasury got `fee`
        assert_eq!(bot_d - bal(&env, &bot, dden), row.repay, "{n}: bot paid");
        assert_eq!(bal(&env, &bot, cden) - bot_c, row.seized - row.fee, "{n}");
        assert_eq!(bal(&env, &treasury, cden) - tre_c, row.fee, "{n}: treasury");
        // the account: collateral down by `seized`, debt down by `repay`
        assert_eq!(
            collateral_of(&mut env, &borrower, 0, cden),
            camt - row.seized,
            "{n}: collateral left"
        );
        assert_eq!(
            debt_of(&mut env, &borrower, 0, dden),
            damt - row.repay,
            "{n}: debt left"
        );
    }
}

/// Partial (close factor) then full liquidation (HF below 0.95 after a second drop): the second
/// one leaves either no debt or no collateral, the account is no longer liquidatable.
#[test]
fn partial_then_full_liquidation_across_a_second_drop() {
    let mut env = setup();
    let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
    env.vault()
        .deposit(&borrower, &[coin(200_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(1_400_000_000, USDC))
        .unwrap();
    env.set_price(ATOM, d("8.6")).unwrap();
    // row 1 of the table: repay 700e6, seize 86,860,465 → 113,139,535 ATOM against 700e6 USDC
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(1_000_000_000, USDC))
        .unwrap();
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (700_000_000, 86_860_465)
    );
    // healthy again: L = floor(113,139,535 × 8.6) × 0.8 = 973,000,001 × 0.8 = 778,400,000.8
    // against 700e6: HF = 1.112
    let hf = ev.health_after.expect("debt remains");
    assert!(hf > d("1.11") && hf < d("1.12"), "HF after = {hf}");
    assert!(env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(1_000_000, USDC))
        .is_err());
    // no time passed: the debt is exactly what is left of it
    assert_eq!(debt_of(&mut env, &borrower, 0, USDC), 700_000_000);
    assert_eq!(collateral_of(&mut env, &borrower, 0, ATOM), 113_139_535);
    // ATOM @ 5.5: c·p = 113,139,535 × 5.5 = 622,267,442.5 (C = 622,267,442),
    // L = 0.8 C = 497,813,953.6 < D = 700e6, HF = 0.711 < 0.95 → cap = the whole debt.
    // C < D·(1 + min): insolvent (RISK.md step 9), so the C/D − 1 cap does not apply and the
    // bonus is the curve's 0.05 + 0.289 = 0.339, capped at max 0.15.
    // The whole collateral is taken, for the least repay whose seizure is all of it:
    // repay ≥ 113,139,535 × 5.5 / 1.15 = 541,102,123.9 → 541,102,124 (rounded up: the
    // liquidator never gets collateral it did not pay for).
    // refund = 700e6 − 541,102,124 = 158,897,876; that much debt is left with no collateral:
    // bad debt (price 1) 158,897,876, written off into the market's deficit.
    // fee = floor(113,139,535 × 0.15/1.15 × 0.1) = floor(1,475,733.07) = 1,475,733.
    env.set_price(ATOM, d("5.5")).unwrap();
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(700_000_000, USDC))
        .unwrap();
    assert_eq!(ev.bonus, Decimal::percent(15));
    assert_eq!(ev.seized.u128(), 113_139_535, "all the collateral");
    assert_eq!(
        ev.repaid.u128(),
        541_102_124,
        "the whole collateral's repay"
    );
    assert_eq!(ev.refunded.u128(), 158_897_876);
    assert_eq!(ev.protocol_fee.u128(), 1_475_733);
    assert_eq!(ev.bad_debt.u128(), 158_897_876);
    assert_eq!(ev.health_after, Some(Decimal256::zero()));
    let acc = env.vault().account(&borrower, 0).unwrap();
    assert!(
        acc.collaterals.is_empty() && acc.debts.is_empty(),
        "{acc:?}"
    );
    let market = env.vault().market(USDC).unwrap();
    assert_eq!(market.deficit.u128(), 158_897_876);
    // nothing left to liquidate
    assert!(env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(1_000_000, USDC))
        .is_err());
}

/// `floor(amount × price)`, the value of an amount in quote units.
fn value(amount: u128, price: Decimal256) -> u128 {
    let v = Decimal256::from_atomics(amount, 0).unwrap() * price;
    Uint128::try_from(v.to_uint_floor()).unwrap().u128()
}

fn assert_same(sim: &SimulateLiquidationResponse, ev: &LiquidateEvent) {
    assert_eq!(sim.owner, ev.owner);
    assert_eq!(sim.account, ev.account);
    assert_eq!(sim.debt_denom, ev.debt_denom);
    assert_eq!(sim.collateral_denom, ev.collateral_denom);
    assert_eq!(sim.repay, ev.repaid, "repay");
    assert_eq!(sim.seized, ev.seized, "seized");
    assert_eq!(sim.to_liquidator, ev.to_liquidator, "to_liquidator");
    assert_eq!(sim.protocol_fee, ev.protocol_fee, "protocol_fee");
    assert_eq!(sim.bonus, ev.bonus, "bonus");
    assert_eq!(sim.refund, ev.refunded, "refund");
    assert_eq!(sim.health_before, ev.health_before, "health_before");
    assert_eq!(sim.health_after, ev.health_after, "health_after");
    assert_eq!(sim.bad_debt, ev.bad_debt, "bad_debt");
}

/// A 4-collateral, 2-debt account after a 20 % crash of every collateral: liquidated collateral by
/// collateral, debt by debt, until it is healthy or emptied; every step moves exactly the amounts
/// of its simulation, seizes at most repay × (1 + bonus) (+1) in value, and the bot and the
/// treasury receive exactly what was seized.
#[test]
fn four_collaterals_two_debts_liquidated_until_healthy_or_empty() {
    let mut env = setup();
    let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
    let treasury = env.treasury.clone();
    // ATOM 500 USD, ETH 600 USD, OSMO 200 USD, BTC 600 USD: C = 1,900 USD,
    // B = 375 + 480 + 100 + 420 = 1,375, L = 400 + 510 + 120 + 450 = 1,480.
    env.vault()
        .deposit(
            &borrower,
            &[
                coin(50_000_000, ATOM),
                coin(200_000_000_000_000_000, ETH),
                coin(400_000_000, OSMO),
                coin(1_000_000, BTC),
            ],
        )
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(800_000_000, USDC))
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(500_000_000, USDT))
        .unwrap();
    // D = 1,300 ≤ B; after −20 %: L = 1,184 < D, HF = 0.911 < 0.95 (whole debts may be repaid)
    env.set_price(ATOM, d("8")).unwrap();
    env.set_price(ETH, d("0.0000000024")).unwrap();
    env.set_price(OSMO, d("0.4")).unwrap();
    env.set_price(BTC, d("480")).unwrap();
    let page = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert_eq!(page.positions.len(), 1);
    assert!(page.positions[0].health_factor < d("0.912"));
    assert_eq!(page.positions[0].collaterals.len(), 4);
    assert_eq!(page.positions[0].debts.len(), 2);

    let collaterals = [BTC, ETH, ATOM, OSMO];
    let debts = [USDC, USDT];
    let mut steps = 0;
    let mut collaterals_touched = std::collections::BTreeSet::new();
    loop {
        let liquidatable = !env
            .liquidation()
            .liquidatable_positions(None, None)
            .unwrap()
            .positions
            .is_empty();
        if !liquidatable {
            break;
        }
        steps += 1;
        assert!(steps <= 16, "still liquidatable after 16 liquidations");
        // the first pair (in the order above) with both a collateral and a debt left,
        // repaying at most 150 USD at a time so that several collaterals are used
        let (c, dd) = collaterals
            .iter()
            .flat_map(|c| debts.iter().map(move |dd| (*c, *dd)))
            .find(|(c, dd)| {
                collateral_of(&mut env, &borrower, 0, c) > 0
                    && debt_of(&mut env, &borrower, 0, dd) > 0
            })
            .expect("liquidatable but nothing to liquidate");
        let sent = 150_000_000;
        let sim = env
            .liquidation()
            .simulate(&borrower, 0, dd, c, Some(sent))
            .unwrap_or_else(|e| invariant_19(c, dd, e));
        let (c_before, d_before) = (
            collateral_of(&mut env, &borrower, 0, c),
            debt_of(&mut env, &borrower, 0, dd),
        );
        let (bot_c, tre_c) = (bal(&env, &bot, c), bal(&env, &treasury, c));
        let ev = env
            .liquidation()
            .liquidate(&bot, &borrower, 0, c, &coin(sent, dd))
            .unwrap();
        assert_same(&sim, &ev);
        collaterals_touched.insert(c);
        let (c_after, d_after) = (
            collateral_of(&mut env, &borrower, 0, c),
            debt_of(&mut env, &borrower, 0, dd),
        );
        assert_eq!(c_before - c_after, ev.seized.u128(), "step {steps}: seized");
        if ev.bad_debt.is_zero() {
            assert_eq!(d_before - d_after, ev.repaid.u128(), "step {steps}: repaid");
        }
        assert_eq!(bal(&env, &bot, c) - bot_c, ev.to_liquidator.u128());
        assert_eq!(bal(&env, &treasury, c) - tre_c, ev.protocol_fee.u128());
        // invariant 15 at the prices used: debt price 1, collateral price as set
        let p_c = env.price(c, PriceKind::Liquidation).unwrap().price;
        let seized_value = value(ev.seized.u128(), p_c);
        let max = value(
            ev.repaid.u128(),
            Decimal256::one() + Decimal256::from(ev.bonus),
        ) + 1;
        assert!(seized_value <= max, "step {steps}: {seized_value} > {max}");
    }
    assert!(steps >= 3, "only {steps} liquidations");
    assert!(
        collaterals_touched.len() >= 2,
        "only {collaterals_touched:?} were seized"
    );
    let acc = env.vault().account(&borrower, 0).unwrap();
    if acc.collaterals.is_empty() {
        assert!(acc.debts.is_empty(), "no collateral but debt left: {acc:?}");
    }
    // it stops being liquidatable: any further liquidation is refused
    for c in collaterals {
        for dd in debts {
            assert!(env
                .liquidation()
                .liquidate(&bot, &borrower, 0, c, &coin(1_000_000, dd))
                .is_err());
        }
    }
}

fn invariant_19<T>(c: &str, dd: &str, e: cosmwasm_std::StdError) -> T {
    panic!("liquidatable account, but simulate({dd} → {c}) fails: {e}")
}

/// A bot: `LiquidatablePositions` → `SimulateLiquidation` → `Liquidate` over accounts with
/// different assets (6/8/18 decimals, two debts, a sub-account), across two price moves; the
/// executed numbers (event read back with `TryFrom`) equal the simulated ones, refunds included.
#[test]
fn liquidator_bot_over_several_accounts() {
    let mut env = setup();
    let (alice, bob, carol, dave, bot) = (
        user(&mut env, "alice"),
        user(&mut env, "bob"),
        user(&mut env, "carol"),
        user(&mut env, "dave"),
        user(&mut env, "bot"),
    );
    // alice: 100 ATOM (1,000) / 700 USDC. bob: 1 ETH (3,000) / 1,200 USDC + 1,100 USDT.
    // carol #2: 0.02 BTC (1,200) + 1,000 OSMO (500) / 0.3 ETH (900 USD);
    //   B = 0.7 × 1,200 + 0.5 × 500 = 1,090 ≥ 900.
    // dave: 100 ATOM / 300 USDC (stays healthy).
    env.vault()
        .deposit(&alice, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&alice, &coin(700_000_000, USDC))
        .unwrap();
    env.vault()
        .deposit(&bob, &[coin(1_000_000_000_000_000_000, ETH)])
        .unwrap();
    env.vault()
        .borrow(&bob, &coin(1_200_000_000, USDC))
        .unwrap();
    env.vault()
        .borrow(&bob, &coin(1_100_000_000, USDT))
        .unwrap();
    env.vault()
        .deposit_to(
            &carol,
            2,
            None,
            &[coin(2_000_000, BTC), coin(1_000_000_000, OSMO)],
        )
        .unwrap();
    env.vault()
        .borrow_from(&carol, 2, &coin(300_000_000_000_000_000, ETH), None)
        .unwrap();
    env.vault()
        .deposit(&dave, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault().borrow(&dave, &coin(300_000_000, USDC)).unwrap();
    env.advance(3 * 24 * 3_600); // interest: nothing is round any more

    // ATOM 7.5: alice L = 0.8 × 750 = 600 < 700+ (dave: 600 > 300+); ETH 2,650: bob
    // L = 0.85 × 2,650 = 2,252.5 < 2,300+, and carol's debt is 0.3 × 2,650 = 795+ against
    // L = 0.75 × 1,200 + 0.6 × 500 = 1,200 → healthy until BTC and OSMO fall.
    env.set_price(ATOM, d("7.5")).unwrap();
    env.set_price(ETH, d("0.00000000265")).unwrap();
    let mut expected: Vec<(String, u32)> = vec![(alice.to_string(), 0), (bob.to_string(), 0)];
    let mut executed = 0;
    for round in 0..2 {
        if round == 1 {
            // BTC 40,000: carol L = 0.75 × 800 + 300 = 900 > 795 … OSMO 0.2 → L = 600 + 0.6 × 200
            // = 720 < 795
            env.set_price(BTC, d("400")).unwrap();
            env.set_price(OSMO, d("0.2")).unwrap();
            expected = vec![(carol.to_string(), 2)];
        }
        let page = env
            .liquidation()
            .liquidatable_positions(None, None)
            .unwrap();
        let mut found: Vec<(String, u32)> = page
            .positions
            .iter()
            .map(|p| (p.owner.clone(), p.account))
            .collect();
        found.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(found, want, "round {round}");
        for pos in page.positions {
            assert!(pos.health_factor < Decimal256::one());
            let owner = Addr::unchecked(&pos.owner);
            // the largest debt and the most valuable collateral
            let debt = pos.debts.iter().max_by_key(|x| x.value).unwrap().clone();
            let coll = pos.collaterals.iter().max_by_key(|x| x.value).unwrap();
            // send the whole debt: the close factor or the collateral caps it, the rest comes back
            let sent = debt.amount.u128() + debt.amount.u128() / 2;
            let sim = env
                .liquidation()
                .simulate(&owner, pos.account, &debt.denom, &coll.denom, Some(sent))
                .unwrap();
            assert!(sim.repay.u128() < sent, "nothing refunded? {sim:?}");
            let before = bal(&env, &bot, &debt.denom);
            let res = env
                .liquidation()
                .execute(
                    &bot,
                    &LiqMsg::Liquidate {
                        owner: pos.owner.clone(),
                        account: Some(pos.account),
                        collateral_denom: coll.denom.clone(),
                        min_collateral_out: Some(sim.to_liquidator),
                        recipient: None,
                    },
                    &[coin(sent, debt.denom.as_str())],
                )
                .unwrap();
            let evs: Vec<LiquidateEvent> = res
                .events
                .iter()
                .filter(|e| LiquidateEvent::is_type(&e.ty))
                .map(|e| LiquidateEvent::try_from(e).expect("well-formed liquidate event"))
                .collect();
            assert_eq!(evs.len(), 1, "one liquidate event");
            assert_same(&sim, &evs[0]);
            assert_eq!(before - bal(&env, &bot, &debt.denom), sim.repay.u128());
            executed += 1;
        }
    }
    assert_eq!(executed, 3);
    // dave was never touched
    assert_eq!(collateral_of(&mut env, &dave, 0, ATOM), 100_000_000);
}

/// A row of the table, by the start of its name, for the tests that replay it under other
/// conditions.
fn row(name_prefix: &str) -> Row {
    table()
        .into_iter()
        .find(|r| r.name.starts_with(name_prefix))
        .expect("row")
}

/// With `row`'s account open and its price moved: a third party's liquidation gives exactly the
/// row's amounts.
fn liquidate_as_in_row(env: &mut MockEnv, borrower: &Addr, bot: &Addr, row: &Row) {
    let (cden, _) = row.collateral;
    let (dden, _) = row.debt;
    let ev = env
        .liquidation()
        .liquidate(bot, borrower, 0, cden, &coin(row.sent, dden))
        .unwrap_or_else(|e| panic!("{}: liquidate: {e}", row.name));
    assert_eq!(ev.bonus, row.bonus, "bonus");
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (row.repay, row.seized, row.fee)
    );
    assert_eq!(ev.refunded.u128(), row.refund);
}

/// The oracle's breaker blocks `Default` prices (Pyth confidence too wide), so nobody can
/// borrow, withdraw or even read the position at `Default` prices; a liquidation still runs at
/// `Liquidation` prices, which drop the confidence check, with the amounts of the table's first
/// row (ATOM at 8.6).
#[test]
fn liquidation_while_the_default_price_is_blocked_by_a_breaker() {
    let mut policy = ballast_testing::default_policy();
    policy.default_bonus.max = Decimal::percent(15);
    // ATOM from the mock Pyth: 10.00000000 USD ± 0.005 (expo −8); breakers 60 s, 2 %
    // confidence, 10 % EMA deviation (PythParams::default()).
    let mut env = MockEnv::builder()
        .liquidation_policy(policy)
        .fixed_price(USDC, 6, d("1"))
        .pyth_price(ATOM, 6, feeds::ATOM_USD, 1_000_000_000, -8, 500_000)
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.75", "0.8"))
        .build();
    let lender = user(&mut env, "lender");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
    let row = row("6-decimal collateral, close factor");
    env.vault()
        .deposit(&borrower, &[coin(row.collateral.1, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(row.debt.1, USDC))
        .unwrap();
    // 8.6 ± 0.3 USD: conf / price = 0.0349 > 0.02 → Default refused, Liquidation = 8.6
    env.set_pyth_price(feeds::ATOM_USD, 860_000_000, -8, 30_000_000)
        .unwrap();
    assert!(env.price(ATOM, PriceKind::Default).is_err());
    assert_eq!(
        env.price(ATOM, PriceKind::Liquidation).unwrap().price,
        d("8.6")
    );
    // the Default position reports ATOM's price as missing (counted zero) instead of failing
    let position = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap();
    assert_eq!(position.missing_prices[0].denom, ATOM);
    assert_eq!(position.collateral_value.u128(), 0);
    assert!(env.vault().borrow(&borrower, &coin(1, USDC)).is_err());
    assert!(env.vault().withdraw(&borrower, ATOM, Some(1)).is_err());
    // the bot's scan and simulation work at Liquidation prices
    let page = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert_eq!(page.positions.len(), 1);
    assert_eq!(page.positions[0].owner, borrower.to_string());
    liquidate_as_in_row(&mut env, &borrower, &bot, &row);
}

/// Borrowing of the debt asset is paused (and deposits and withdrawals of the collateral): the
/// guardian's pause binds users, never a liquidation — the amounts of the table's second row
/// (ATOM at 7.2, bonus limited by the collateral).
#[test]
fn liquidation_while_borrowing_is_paused() {
    let mut env = setup();
    let (borrower, bot, other) = (
        user(&mut env, "borrower"),
        user(&mut env, "bot"),
        user(&mut env, "other"),
    );
    let row = row("6-decimal collateral, bonus limited");
    env.vault()
        .deposit(&borrower, &[coin(row.collateral.1, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(row.debt.1, USDC))
        .unwrap();
    env.vault()
        .deposit(&other, &[coin(100_000_000, ATOM)])
        .unwrap();
    let guardian = env.guardian.clone();
    let borrow_only = PausedActions {
        borrow: true,
        ..PausedActions::default()
    };
    env.vault()
        .set_paused(&guardian, USDC, borrow_only)
        .unwrap();
    let atom_moves = PausedActions {
        deposit: true,
        withdraw: true,
        ..PausedActions::default()
    };
    env.vault().set_paused(&guardian, ATOM, atom_moves).unwrap();
    let err = env
        .vault()
        .borrow(&other, &coin(1_000_000, USDC))
        .unwrap_err();
    assert!(err.to_string().contains("paused"), "{err}");
    env.set_price(ATOM, d("7.2")).unwrap();
    liquidate_as_in_row(&mut env, &borrower, &bot, &row);
    // still paused afterwards
    assert!(env.vault().borrow(&other, &coin(1_000_000, USDC)).is_err());
}

/// Bad debt and its write-off, first from the reserves, then from the suppliers.
///
/// A whale borrows 400,000 USDC against 200 ETH; victim 1 borrows 700 USDC against 100 ATOM,
/// victim 2 1,400 USDC against 200 ATOM, all in one block. Total debt 402,100e6 of 10^12
/// supplied: U = 0.4021, r = 0.02 + 0.1 × 0.4021 / 0.8 = 0.0702625. One year later (one
/// accrual): interest = 402,100e6 × 0.0702625 = 28,252,551,250, reserves 10 % of it =
/// 2,825,255,125; victim 1 owes 700e6 × 1.0702625 = 749,183,750, victim 2 1,498,367,500.
///
/// ATOM crashes to 5. Victim 1: C = 500e6 < D → bonus = the floor 0.02; by collateral
/// floor(500e6 / 1.02) = 490,196,078 would seize floor(99,999,999.9), leaving 1 uatom of dust,
/// so all 100 ATOM go for ceil(490,196,078.4) = 490,196,079; fee = floor(100e6 × 0.02/1.02 ×
/// 0.1) = 196,078; left: 749,183,750 − 490,196,079 = 258,987,671 of bad debt, under the
/// reserves: suppliers untouched.
///
/// Governance then withdraws all reserves but 1 USDC. Victim 2: C = 1,000e6; all 200 ATOM go
/// for ceil(980,392,156.9) = 980,392,157 (floor would seize 199,999,999.8 → dust); fee =
/// floor(392,156.9) = 392,156; bad debt 1,498,367,500 − 980,392,157 = 517,975,343: 1 USDC from
/// the reserves, the rest from the suppliers (a lower supply index).
///
/// The vault writes off the account's remaining debt shares valued rounded up, which may be
/// one unit above the liquidation contract's `bad_debt` (account debt − repay).
#[test]
fn bad_debt_written_off_from_reserves_then_suppliers() {
    let mut env = setup();
    let lender = env.addr("lender");
    let (whale, v1, v2, bot) = (
        user(&mut env, "whale"),
        user(&mut env, "victim1"),
        user(&mut env, "victim2"),
        user(&mut env, "bot"),
    );
    env.vault()
        .deposit(&whale, &[coin(200_000_000_000_000_000_000, ETH)])
        .unwrap();
    env.vault()
        .borrow(&whale, &coin(400_000_000_000, USDC))
        .unwrap();
    for (v, atom, usdc) in [
        (&v1, 100_000_000, 700_000_000),
        (&v2, 200_000_000, 1_400_000_000),
    ] {
        env.vault().deposit(v, &[coin(atom, ATOM)]).unwrap();
        env.vault().borrow(v, &coin(usdc, USDC)).unwrap();
    }
    env.advance(31_536_000);
    env.set_price(ATOM, d("5")).unwrap();
    // touching the market accrues the year
    env.vault()
        .supply(&lender, &[coin(1_000_000, USDC)])
        .unwrap();
    let m0 = env.vault().market(USDC).unwrap();
    assert_eq!(m0.reserves.u128(), 2_825_255_125);
    assert_eq!(debt_of(&mut env, &v1, 0, USDC), 749_183_750);
    assert_eq!(debt_of(&mut env, &v2, 0, USDC), 1_498_367_500);
    assert_eq!(m0.deficit.u128(), 0);

    // victim 1: covered by the reserves
    let res = env
        .liquidation()
        .execute(
            &bot,
            &LiqMsg::Liquidate {
                owner: v1.to_string(),
                account: None,
                collateral_denom: ATOM.into(),
                min_collateral_out: None,
                recipient: None,
            },
            &[coin(800_000_000, USDC)],
        )
        .unwrap();
    let ev = LiquidateEvent::find(&res.events).unwrap();
    // insolvent (C = 500e6 < D): b = max 0.15; all 100 ATOM for ceil(500e6 / 1.15) =
    // 434_782_609, fee floor(100e6 · 0.015 / 1.15) = 1_304_347; 749_183_750 − 434_782_609 =
    // 314_401_141 written off.
    assert_eq!(ev.bonus, Decimal::percent(15));
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (434_782_609, 100_000_000, 1_304_347)
    );
    assert_eq!(ev.refunded.u128(), 800_000_000 - 434_782_609);
    assert_eq!(ev.bad_debt.u128(), 314_401_141);
    let w = BadDebtEvent::find(&res.events).unwrap();
    let amount = w.amount.u128();
    assert!((314_401_141..=314_401_142).contains(&amount), "{w:?}");
    assert_eq!(
        (w.from_reserves.u128(), w.from_suppliers.u128()),
        (amount, 0)
    );
    let m1 = env.vault().market(USDC).unwrap();
    assert_eq!(m1.reserves.u128(), m0.reserves.u128() - amount);
    assert_eq!(m1.deficit.u128(), amount);
    assert_eq!(m1.supply_index, m0.supply_index, "suppliers untouched");
    assert_eq!(m1.supplier_assets, m0.supplier_assets);
    let acc = env.vault().account(&v1, 0).unwrap();
    assert!(
        acc.collaterals.is_empty() && acc.debts.is_empty(),
        "{acc:?}"
    );

    // governance leaves 1 USDC of reserves
    let owner = env.owner.clone();
    env.vault()
        .execute(
            &owner,
            &VaultMsg::WithdrawReserves {
                denom: USDC.into(),
                amount: Some(Uint128::new(m1.reserves.u128() - 1_000_000)),
                recipient: None,
            },
            &[],
        )
        .unwrap();
    let m2 = env.vault().market(USDC).unwrap();
    assert_eq!(m2.reserves.u128(), 1_000_000);

    // victim 2: beyond the reserves, the rest falls on the suppliers
    let res = env
        .liquidation()
        .execute(
            &bot,
            &LiqMsg::Liquidate {
                owner: v2.to_string(),
                account: None,
                collateral_denom: ATOM.into(),
                min_collateral_out: None,
                recipient: None,
            },
            &[coin(1_000_000_000, USDC)],
        )
        .unwrap();
    let ev = LiquidateEvent::find(&res.events).unwrap();
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128(), ev.protocol_fee.u128()),
        (869_565_218, 200_000_000, 2_608_695)
    );
    // 1_498_367_500 − ceil(1e9 / 1.15) = 1_498_367_500 − 869_565_218
    assert_eq!(ev.bad_debt.u128(), 628_802_282);
    let w = BadDebtEvent::find(&res.events).unwrap();
    let amount2 = w.amount.u128();
    assert!((628_802_282..=628_802_283).contains(&amount2), "{w:?}");
    assert_eq!(w.from_reserves.u128(), 1_000_000, "the reserves first");
    // suppliers lose at least the rest (rounded against them), by a few units at most more
    let rest = amount2 - 1_000_000;
    let from_suppliers = w.from_suppliers.u128();
    assert!(
        (rest..=rest + 2).contains(&from_suppliers),
        "{from_suppliers} vs {rest}"
    );
    let m3 = env.vault().market(USDC).unwrap();
    assert!(m3.supply_index < m2.supply_index, "suppliers pay the rest");
    assert_eq!(
        m2.supplier_assets.u128() - m3.supplier_assets.u128(),
        from_suppliers
    );
    assert!(m3.reserves.u128() <= 2, "reserves used up: {}", m3.reserves);
    assert_eq!(m3.deficit.u128(), amount + amount2);
    let acc = env.vault().account(&v2, 0).unwrap();
    assert!(
        acc.collaterals.is_empty() && acc.debts.is_empty(),
        "{acc:?}"
    );
}
