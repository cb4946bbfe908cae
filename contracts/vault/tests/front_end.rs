//! Queries a borrower's front end needs: liquidation prices in `Position`, `SimulatePosition`,
//! and `MaxBorrow` / `MaxWithdraw` quotes that the actions accept. Figures worked by hand in the
//! comments (standard env of `common`: USDC 1, ATOM 10 at 0.6 / 0.7, ETH 3e-9 at 0.7 / 0.75,
//! BTC 600 at 0.65 / 0.75).

mod common;

use ballast_types::oracle::PriceKind;
use common::*;
use cosmwasm_std::{coin, Addr, Decimal256, Uint256};

/// A lender with 1,000,000 USDC in the pool and a borrower with 1,000 ATOM and 2 ETH in account 0.
fn funded() -> (ballast_testing::MockEnv, Addr) {
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

fn liquidation_prices(env: &mut ballast_testing::MockEnv, alice: &Addr) -> Vec<Option<Decimal256>> {
    env.vault()
        .position(alice, 0, PriceKind::Liquidation)
        .unwrap()
        .collaterals
        .iter()
        .map(|c| c.liquidation_price)
        .collect()
}

fn liquidatable(env: &mut ballast_testing::MockEnv, alice: &Addr) -> bool {
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
