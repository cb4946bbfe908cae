//! Borrower and lender lifecycles with interest, figures worked out by hand in the comments.

use crate::common::*;
use ballast_testing::assert_err;
use ballast_types::events::{BallastEvent, WithdrawReservesEvent};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::ExecuteMsg;
use ballast_vault::ContractError;
use cosmwasm_std::{coin, Decimal};

const YEAR: u64 = 31_536_000;

/// One lender, one borrower, one year of interest on USDC, then everyone leaves.
///
/// USDC market: base 2 %, slope1 10 % up to U* = 80 %, reserve factor 10 %.
#[test]
fn borrower_and_lender_over_one_year() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    let lender_usdc = bal(&env, &lender, USDC);
    let borrower_usdc = bal(&env, &borrower, USDC);
    let borrower_atom = bal(&env, &borrower, ATOM);

    // Lender supplies 1,000,000 USDC = 10^12 uusdc: 10^12 · 10^6 = 10^18 supply shares.
    let ev = env
        .vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    assert_eq!(ev.shares, vec![coin(1_000_000_000_000_000_000, USDC)]);

    // Borrower deposits 100,000 ATOM = 10^11 uatom at price 10: C = 10^12.
    env.vault()
        .deposit(&borrower, &[coin(100_000_000_000, ATOM)])
        .unwrap();
    // Borrows 400,000 USDC = 4·10^11: 4·10^17 debt shares at index 1.
    let ev = env
        .vault()
        .borrow(&borrower, &coin(400_000_000_000, USDC))
        .unwrap();
    assert_eq!(ev.shares.u128(), 400_000_000_000_000_000);

    // U = 4·10^11 / 10^12 = 0.4; r = 0.02 + 0.1 · 0.4 / 0.8 = 0.07; supply rate
    // = 0.07 · 0.4 · (1 − 0.1) = 0.0252.
    let m = env.vault().market(USDC).unwrap();
    assert_eq!(m.utilization, Decimal::percent(40));
    assert_eq!(m.borrow_rate, Decimal::percent(7));
    assert_eq!(
        m.supply_rate,
        Decimal::permille(252) / cosmwasm_std::Uint128::new(10)
    );
    assert_eq!(m.free_liquidity.u128(), 600_000_000_000);

    // Position: C = 10^12, D = 4·10^11, B = 0.6·C = 6·10^11, L = 0.7·C = 7·10^11,
    // LTV = 0.4, HF = 7/4 = 1.75, leverage = 10^12 / 6·10^11 = 1.666…667 (rounded up).
    let p = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap();
    assert_eq!(p.collateral_value.u128(), 1_000_000_000_000);
    assert_eq!(p.debt_value.u128(), 400_000_000_000);
    assert_eq!(p.borrow_capacity.u128(), 600_000_000_000);
    assert_eq!(p.liquidation_capacity.u128(), 700_000_000_000);
    assert_eq!(p.ltv, Some(d("0.4")));
    assert_eq!(p.health_factor, Some(d("1.75")));
    assert_eq!(p.leverage, Some(d("1.666666666666666667")));
    assert!(!p.liquidatable);

    env.advance(YEAR);

    // One accrual over exactly one year at r = 0.07 (the rate at the utilisation before it):
    // borrow_index = 1 + 1 · 0.07 · Δt / 31,536,000 = 1.07
    // total_debt   = 4·10^17 shares · 1.07 / 10^6 = 428,000 USDC; interest = 28,000 USDC
    // reserves     = floor(28,000 · 0.1) = 2,800 USDC
    // suppliers    = 28,000 − 2,800 = 25,200 USDC → supply_index = 1 + 25,200 / 1,000,000
    //              = 1.0252, supplier assets 1,025,200 USDC; total supplied 1,028,000 USDC.
    let m = env.vault().market(USDC).unwrap();
    assert_eq!(m.borrow_index, d("1.07"));
    assert_eq!(m.supply_index, d("1.0252"));
    assert_eq!(m.total_debt.u128(), 428_000_000_000);
    assert_eq!(m.reserves.u128(), 2_800_000_000);
    assert_eq!(m.supplier_assets.u128(), 1_025_200_000_000);
    assert_eq!(m.total_supplied.u128(), 1_028_000_000_000);
    assert_eq!(m.last_accrued, env.now());
    // U = 428,000 / 1,028,000 = 107/257, rounded up at 18 digits.
    assert_eq!(
        m.utilization,
        Decimal::from_atomics(416_342_412_451_361_868u128, 18).unwrap()
    );
    let s = env.vault().supply_of(&lender, USDC).unwrap();
    assert_eq!(s.amount.u128(), 1_025_200_000_000);

    // The debt grew: HF = 7·10^11 / 4.28·10^11 = 1.635514018691588785… (rounded down).
    let p = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap();
    assert_eq!(p.debts[0].amount.u128(), 428_000_000_000);
    assert_eq!(p.health_factor, Some(d("1.635514018691588785")));

    // Repay-all with 430,000 USDC: 428,000 repaid, 2,000 refunded in the same transaction.
    let ev = env
        .vault()
        .repay(&borrower, &[coin(430_000_000_000, USDC)])
        .unwrap();
    assert_eq!(ev.repaid, vec![coin(428_000_000_000, USDC)]);
    assert_eq!(ev.refunded, vec![coin(2_000_000_000, USDC)]);
    assert_eq!(bal(&env, &borrower, USDC), borrower_usdc - 28_000_000_000);
    assert!(env
        .vault()
        .positions(None, None, PriceKind::Default)
        .unwrap()
        .positions
        .is_empty());

    // Withdraw-all without debt needs no price: it works even with ATOM's price source removed.
    let owner = env.owner.clone();
    env.oracle().remove_price_source(&owner, ATOM).unwrap();
    let ev = env.vault().withdraw(&borrower, ATOM, None).unwrap();
    assert_eq!(ev.amount.u128(), 100_000_000_000);
    assert_eq!(bal(&env, &borrower, ATOM), borrower_atom);

    // The lender redeems everything: 1,025,200 USDC, i.e. 25,200 USDC of interest.
    let ev = env.vault().redeem(&lender, USDC, None).unwrap();
    assert_eq!(ev.amount.u128(), 1_025_200_000_000);
    assert_eq!(ev.shares.u128(), 1_000_000_000_000_000_000);
    assert_eq!(bal(&env, &lender, USDC), lender_usdc + 25_200_000_000);

    // The reserves go to the treasury; the vault holds nothing any more.
    let res = env
        .vault()
        .execute(
            &owner,
            &ExecuteMsg::WithdrawReserves {
                denom: USDC.into(),
                amount: None,
                recipient: None,
            },
            &[],
        )
        .unwrap();
    let ev = WithdrawReservesEvent::find(&res.events).unwrap();
    assert_eq!(ev.amount.u128(), 2_800_000_000);
    assert_eq!(bal(&env, &env.treasury.clone(), USDC), 2_800_000_000);
    let vault = env.vault_addr.clone();
    assert_eq!(bal(&env, &vault, USDC), 0);
    assert_eq!(bal(&env, &vault, ATOM), 0);
    let m = env.vault().market(USDC).unwrap();
    assert_eq!(
        (
            m.total_supplied.u128(),
            m.total_debt.u128(),
            m.reserves.u128()
        ),
        (0, 0, 0)
    );
}

/// Above the kink: interest makes a healthy position liquidatable within half a year.
///
/// BTC market: base 2 %, slope1 10 %, U* = 80 %, slope2 100 %, reserve factor 10 %.
#[test]
fn interest_above_the_kink_makes_a_position_liquidatable() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");

    // 10 BTC supplied (10^9 sat), 100,000 ATOM of collateral (C = 10^12, B = 6·10^11,
    // L = 7·10^11), 9 BTC borrowed (9·10^8 sat at 600 = D = 5.4·10^11 ≤ B).
    env.vault()
        .supply(&lender, &[coin(1_000_000_000, BTC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(100_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(900_000_000, BTC))
        .unwrap();

    // U = 0.9 > U*: r = 0.02 + 0.1 + 1 · (0.9 − 0.8) / (1 − 0.8) = 0.62.
    assert_eq!(
        env.vault().market(BTC).unwrap().borrow_rate,
        Decimal::percent(62)
    );

    env.advance(YEAR / 2);
    // borrow_index = 1 + 0.62 · 0.5 = 1.31; debt = 9·10^8 · 1.31 = 1,179,000,000 sat;
    // interest 279,000,000; reserves floor(0.1 · 279,000,000) = 27,900,000; suppliers
    // 251,100,000 → supply_index = 1 + 251,100,000 / 10^9 = 1.2511.
    let m = env.vault().market(BTC).unwrap();
    assert_eq!(m.borrow_index, d("1.31"));
    assert_eq!(m.total_debt.u128(), 1_179_000_000);
    assert_eq!(m.reserves.u128(), 27_900_000);
    assert_eq!(m.supply_index, d("1.2511"));

    // D = 1,179,000,000 · 600 = 707,400,000,000 > L = 7·10^11: liquidatable.
    // HF = 7·10^11 / 7.074·10^11 = 0.989539157478088775… (rounded down).
    let p = env
        .vault()
        .position(&borrower, 0, PriceKind::Liquidation)
        .unwrap();
    assert_eq!(p.debt_value.u128(), 707_400_000_000);
    assert!(p.liquidatable);
    assert_eq!(p.health_factor, Some(d("0.989539157478088775")));
    let page = env
        .vault()
        .positions(None, None, PriceKind::Liquidation)
        .unwrap()
        .positions;
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].owner, borrower.to_string());

    // It can neither borrow more nor withdraw, but can always repay. Borrowing 1 sat mints
    // ceil(10^6 / 1.31) = 763,359 shares; the debt becomes ceil((9·10^14 + 763,359) · 1.31
    // / 10^6) = 1,179,000,002 sat (both roundings up), worth 707,400,001,200.
    assert_err(
        env.vault().borrow(&borrower, &coin(1, BTC)),
        ContractError::InsufficientCollateral {
            debt_value: u(707_400_001_200),
            borrow_capacity: u(600_000_000_000),
        },
    );
    assert_err(
        env.vault().withdraw(&borrower, ATOM, Some(1)),
        ContractError::InsufficientCollateral {
            debt_value: u(707_400_000_000),
            borrow_capacity: u(599_999_999_994),
        },
    );
    env.vault()
        .repay(&borrower, &[coin(1_179_000_000, BTC)])
        .unwrap();
    assert!(env.vault().account(&borrower, 0).unwrap().debts.is_empty());
}
