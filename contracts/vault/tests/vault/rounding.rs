//! Rounding at 1-unit edges (always in the protocol's favour) and coins sent to the vault
//! directly, which change no one's claim.

use crate::common::*;
use ballast_testing::assert_err;
use ballast_types::oracle::PriceKind;
use ballast_vault::ContractError;
use cosmwasm_std::coin;

#[test]
fn borrow_one_unit_past_max_ltv_fails_and_one_less_passes() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    let bob = user(&mut env, "bob");
    env.vault()
        .supply(
            &lender,
            &[coin(1_000_000_000_000, USDC), coin(1_000_000_000, BTC)],
        )
        .unwrap();

    // 6-decimal collateral: 1 ATOM = 10^6 uatom at 10 → C = 10^7, B = 0.6 · 10^7 = 6,000,000.
    env.vault()
        .deposit(&alice, &[coin(1_000_000, ATOM)])
        .unwrap();
    assert_eq!(
        env.vault().max_borrow(&alice, 0, USDC).unwrap().u128(),
        6_000_000
    );
    assert_err(
        env.vault().borrow(&alice, &coin(6_000_001, USDC)),
        ContractError::InsufficientCollateral {
            debt_value: u(6_000_001),
            borrow_capacity: u(6_000_000),
        },
    );
    env.vault().borrow(&alice, &coin(6_000_000, USDC)).unwrap();
    assert_eq!(env.vault().max_borrow(&alice, 0, USDC).unwrap().u128(), 0);

    // 8-decimal debt: BTC at 600 per sat; bob's B = 6,000,000 → floor(6·10^6 / 600) = 10,000
    // sat; 10,001 sat would be worth 6,000,600.
    env.vault().deposit(&bob, &[coin(1_000_000, ATOM)]).unwrap();
    assert_eq!(env.vault().max_borrow(&bob, 0, BTC).unwrap().u128(), 10_000);
    assert_err(
        env.vault().borrow(&bob, &coin(10_001, BTC)),
        ContractError::InsufficientCollateral {
            debt_value: u(6_000_600),
            borrow_capacity: u(6_000_000),
        },
    );
    env.vault().borrow(&bob, &coin(10_000, BTC)).unwrap();
}

#[test]
fn eighteen_decimal_collateral_is_valued_down() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let carol = user(&mut env, "carol");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    // 333,333,333 wei at 3·10^-9 = 0.999999999 → worth 0: nothing can be borrowed.
    env.vault()
        .deposit(&carol, &[coin(333_333_333, ETH)])
        .unwrap();
    let p = env.vault().position(&carol, 0, PriceKind::Default).unwrap();
    assert_eq!(p.collateral_value.u128(), 0);
    assert_err(
        env.vault().borrow(&carol, &coin(1, USDC)),
        ContractError::InsufficientCollateral {
            debt_value: u(1),
            borrow_capacity: u(0),
        },
    );
    // + 1 ETH: 1,000,000,000,333,333,333 wei → floor(3,000,000,000.999999999) = 3·10^9;
    // B = 0.7 · 3·10^9 = 2.1·10^9.
    env.vault()
        .deposit(&carol, &[coin(1_000_000_000_000_000_000, ETH)])
        .unwrap();
    assert_eq!(
        env.vault().max_borrow(&carol, 0, USDC).unwrap().u128(),
        2_100_000_000
    );
    assert!(env
        .vault()
        .borrow(&carol, &coin(2_100_000_001, USDC))
        .is_err());
    env.vault()
        .borrow(&carol, &coin(2_100_000_000, USDC))
        .unwrap();
}

#[test]
fn withdraw_edges() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&alice, &[coin(1_000_000, ATOM)])
        .unwrap();
    env.vault().borrow(&alice, &coin(6_000_000, USDC)).unwrap();
    // At the limit nothing can be withdrawn: 999,999 uatom → floor(9,999,990 · 0.6) = 5,999,994.
    assert_eq!(env.vault().max_withdraw(&alice, 0, ATOM).unwrap().u128(), 0);
    assert_err(
        env.vault().withdraw(&alice, ATOM, Some(1)),
        ContractError::InsufficientCollateral {
            debt_value: u(6_000_000),
            borrow_capacity: u(5_999_994),
        },
    );
    assert_err(
        env.vault().withdraw(&alice, ATOM, None),
        ContractError::InsufficientCollateral {
            debt_value: u(6_000_000),
            borrow_capacity: u(6_000_000),
        },
    );
    // Repay 7 → D = 5,999,993 ≤ 5,999,994: exactly 1 uatom may go, not 2
    // (999,998 → floor(9,999,980 · 0.6) = 5,999,988).
    env.vault().repay(&alice, &[coin(7, USDC)]).unwrap();
    assert_eq!(env.vault().max_withdraw(&alice, 0, ATOM).unwrap().u128(), 1);
    assert_err(
        env.vault().withdraw(&alice, ATOM, Some(2)),
        ContractError::InsufficientCollateral {
            debt_value: u(5_999_993),
            borrow_capacity: u(5_999_988),
        },
    );
    let ev = env.vault().withdraw(&alice, ATOM, None).unwrap();
    assert_eq!(ev.amount.u128(), 1);
}

#[test]
fn no_free_money_within_a_block() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    let eve = user(&mut env, "eve");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&alice, &[coin(100_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&alice, &coin(400_000_000_000, USDC))
        .unwrap();
    env.advance(31_536_000);
    env.vault().repay(&alice, &[coin(1, USDC)]).unwrap(); // accrue: supply index 1.0252
    assert_eq!(env.vault().market(USDC).unwrap().supply_index, d("1.0252"));

    // Supply 1 unit: floor(10^6 / 1.0252) = 975,419 shares, worth floor(0.99999…) = 0.
    let before = bal(&env, &eve, USDC);
    let ev = env.vault().supply(&eve, &[coin(1, USDC)]).unwrap();
    assert_eq!(ev.shares, vec![coin(975_419, USDC)]);
    assert_eq!(env.vault().supply_of(&eve, USDC).unwrap().amount.u128(), 0);
    // 1,000 more: floor(10^9 / 1.0252) = 975,419,430 shares; the 976,394,849 shares held are
    // worth floor(1,000.9999991…) = 1,000 for the 1,001 paid in.
    env.vault().supply(&eve, &[coin(1_000, USDC)]).unwrap();
    let held = env.vault().supply_of(&eve, USDC).unwrap().amount.u128();
    assert_eq!(held, 1_000);
    env.vault().redeem(&eve, USDC, None).unwrap();
    assert!(
        bal(&env, &eve, USDC) <= before,
        "supply → redeem returned more than went in"
    );

    // Borrow → repay in one block at borrow index 1.07: borrowing 1 unit mints ceil(10^6 / 1.07)
    // = 934,580 shares, owing ceil(934,580 · 1.07 / 10^6) = ceil(1.0000006) = 2 units.
    let bob = user(&mut env, "bob");
    env.vault().deposit(&bob, &[coin(1_000_000, ATOM)]).unwrap();
    let ev = env.vault().borrow(&bob, &coin(1, USDC)).unwrap();
    assert_eq!(ev.shares.u128(), 934_580);
    let owed = env.vault().account(&bob, 0).unwrap().debts[0].amount.u128();
    assert_eq!(owed, 2);
    // A partial repayment of 1 is credited down: floor(10^6 / 1.07) = 934,579 shares burned,
    // 1 share left, still owing ceil(1.07 · 10^-6) = 1 unit.
    env.vault().repay(&bob, &[coin(1, USDC)]).unwrap();
    let debt = &env.vault().account(&bob, 0).unwrap().debts[0];
    assert_eq!((debt.shares.u128(), debt.amount.u128()), (1, 1));
}

#[test]
fn coins_sent_directly_change_no_claim() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    let donor = user(&mut env, "donor");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&alice, &[coin(1_000_000, ATOM)])
        .unwrap();
    env.vault().borrow(&alice, &coin(6_000_000, USDC)).unwrap();

    let storage_before = env.app.dump_wasm_raw(&env.vault_addr);
    let market_before = env.vault().market(USDC).unwrap();
    let position_before = env.vault().position(&alice, 0, PriceKind::Default).unwrap();
    let supply_before = env.vault().supply_of(&lender, USDC).unwrap();
    let vault = env.vault_addr.clone();
    transfer(
        &mut env,
        &donor,
        &vault,
        &[coin(5_000_000_000, USDC), coin(7_000_000, ATOM)],
    );

    // The ledger is byte-for-byte the same and every answer with it.
    assert_eq!(env.app.dump_wasm_raw(&env.vault_addr), storage_before);
    assert_eq!(env.vault().market(USDC).unwrap(), market_before);
    assert_eq!(
        env.vault().position(&alice, 0, PriceKind::Default).unwrap(),
        position_before
    );
    assert_eq!(env.vault().supply_of(&lender, USDC).unwrap(), supply_before);
    // Free liquidity is what the books say (994,000,000), not the bank balance (5,994,000,000):
    // redeeming all the lender's assets is still capped by it.
    assert_err(
        env.vault().redeem(&lender, USDC, Some(994_000_001)),
        ContractError::InsufficientLiquidity {
            denom: USDC.into(),
            available: u(994_000_000),
            requested: u(994_000_001),
        },
    );
    assert_eq!(env.vault().max_borrow(&alice, 0, USDC).unwrap().u128(), 0);
    assert_eq!(env.vault().max_withdraw(&alice, 0, ATOM).unwrap().u128(), 0);
    let ev = env.vault().redeem(&lender, USDC, None).unwrap();
    assert_eq!(ev.amount.u128(), 994_000_000);
}
