//! Liquidations go on when the oracle's breakers block `Default` prices and when actions are
//! paused (INVARIANTS.md 19); a stale price blocks them (staleness is kept at `Liquidation` kind).

use ballast_testing::{feeds, test_rate_model, AssetSpec, MockEnv, PythFeed};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::PausedActions;
use cosmwasm_std::{coin, Addr};

use super::common::*;

/// ATOM priced by the mock Pyth (10 USD ± 0.005, breakers: 60 s, 2 % confidence, 10 % EMA
/// deviation); 100 ATOM against 700 USDC.
fn pyth_env() -> (MockEnv, Addr, Addr) {
    let mut env = MockEnv::builder()
        .liquidation_policy(policy())
        .fixed_price(USDC, 6, d("1"))
        .pyth_price(ATOM, 6, feeds::ATOM_USD, 1_000_000_000, -8, 500_000)
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.7", "0.8"))
        .build();
    let lender = user(&mut env, "lender");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    open(
        &mut env,
        &borrower,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    (env, borrower, bot)
}

/// The first worked case (ATOM at 8.5, 400 USDC sent): repay 350e6, seize 44_411_764.
fn assert_first_case(env: &mut MockEnv, borrower: &Addr, bot: &Addr) {
    let ev = env
        .liquidation()
        .liquidate(bot, borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(ev.health_before, d("0.971428571428571428"));
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (350_000_000, 44_411_764)
    );
    assert_eq!(ev.protocol_fee.u128(), 323_529);
}

#[test]
fn a_confidence_breaker_on_default_prices_does_not_block_liquidation() {
    let (mut env, borrower, bot) = pyth_env();
    // 8.5 ± 0.5 USD: conf / price = 0.0588 > 0.02 -> Default blocked, Liquidation = 8.5
    env.set_pyth_price(feeds::ATOM_USD, 850_000_000, -8, 50_000_000)
        .unwrap();
    assert!(env.price(ATOM, PriceKind::Default).is_err());
    assert_eq!(
        env.price(ATOM, PriceKind::Liquidation).unwrap().price,
        d("8.5")
    );
    // The Default position reports the missing price instead of failing: ATOM counts zero.
    let position = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap();
    assert_eq!(position.missing_prices.len(), 1);
    assert_eq!(position.missing_prices[0].denom, ATOM);
    assert!(position.missing_prices[0].reason.contains("confidence"));
    assert_eq!(position.collateral_value.u128(), 0);
    assert!(!position.unpriceable);
    assert_first_case(&mut env, &borrower, &bot);
}

#[test]
fn an_ema_deviation_breaker_does_not_block_liquidation() {
    let (mut env, borrower, bot) = pyth_env();
    // price 8.5, EMA still 10: |8.5 - 10| / 10 = 0.15 > 0.1
    let now = env.now() as i64;
    let feed = PythFeed::new(feeds::ATOM_USD, 850_000_000, -8, 100_000, now)
        .with_ema(1_000_000_000, 100_000);
    env.set_pyth_feed(&feed).unwrap();
    assert!(env.price(ATOM, PriceKind::Default).is_err());
    assert_first_case(&mut env, &borrower, &bot);
}

#[test]
fn a_stale_price_blocks_liquidation_and_a_fresh_one_unblocks_it() {
    let (mut env, borrower, bot) = pyth_env();
    env.set_pyth_price(feeds::ATOM_USD, 850_000_000, -8, 100_000)
        .unwrap();
    env.advance(61);
    let msg = liquidate_msg(&borrower, 0, ATOM);
    assert_rejected(&mut env, &bot, &msg, &[coin(400_000_000, USDC)], "stale");
    assert!(env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, None)
        .is_err());
    // a fresh price: liquidatable again (61 s of interest make the debt a little larger, so the
    // amounts are the simulation's rather than the worked case's)
    env.set_pyth_price(feeds::ATOM_USD, 850_000_000, -8, 100_000)
        .unwrap();
    let sim = env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, Some(400_000_000))
        .unwrap();
    assert!(sim.repay.u128() > 350_000_000 && sim.repay.u128() < 350_010_000);
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!((ev.repaid, ev.seized), (sim.repay, sim.seized));
}

#[test]
fn pausing_every_pausable_action_does_not_block_liquidation() {
    let (mut env, _lender) = env_with_lender();
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    open(
        &mut env,
        &borrower,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    let guardian = env.guardian.clone();
    let all = PausedActions {
        deposit: true,
        withdraw: true,
        supply: true,
        redeem: true,
        borrow: true,
    };
    for denom in DENOMS {
        env.vault().set_paused(&guardian, denom, all).unwrap();
    }
    // borrowing is paused...
    let other = user(&mut env, "other");
    assert!(env.vault().borrow(&other, &coin(1, USDC)).is_err());
    // ...and liquidation goes on, with the same numbers
    env.set_price(ATOM, d("8.5")).unwrap();
    assert_first_case(&mut env, &borrower, &bot);
}
