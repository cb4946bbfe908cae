//! Liquidations with hand-worked numbers (RISK.md, "Liquidation"), all under the test policy:
//! close factor 0.5, full liquidation below HF 0.95, fee 10 % of the bonus, dust 1 USD (10^6),
//! bonus `b = min(0.05 + (1 − HF), max(min(C/D − 1, 0.15), 0.02))`.
//!
//! Prices are per smallest unit in micro-USD: ATOM (6 decimals) at 8.5 USD is 8.5, ETH
//! (18 decimals) at 2,800 USD is 2.8e-9. Ratios are 18-digit decimals rounded down.

use ballast_types::oracle::PriceKind;
use cosmwasm_std::{coin, Coin};

use super::common::*;

/// One liquidation: the account, the price move, the coin sent, and what must happen.
struct Case {
    name: &'static str,
    collateral: Coin,
    debt: Coin,
    new_price: (&'static str, &'static str),
    sent: u128,
    collateral_denom: &'static str,
    // expected
    health_before: &'static str,
    bonus: &'static str,
    repay: u128,
    seized: u128,
    fee: u128,
    refund: u128,
    health_after: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        // 100 ATOM, 700 USDC borrowed at 10 (B = 700e6). ATOM falls to 8.5:
        // C = 1e8 * 8.5 = 850e6, L = 850e6 * 0.8 = 680e6, D = 700e6,
        // HF = 680/700 = 0.971428571428571428 (>= 0.95: close factor applies).
        // b: 0.05 + (1 - 0.971428571428571428) = 0.078571428571428572;
        //    C/D - 1 = 0.2142.. capped at 0.15 -> b = 0.078571428571428572.
        // cap = 700e6 * 0.5 = 350e6; by collateral floor(850e6 / 1.0785..) = 788_079_470;
        // repay = min(400e6 sent, 350e6, 788_079_470) = 350e6, refund 50e6.
        // seized = floor(350e6 * 1.078571428571428572 / 8.5)
        //        = floor(377_500_000.0000000002 / 8.5) = floor(44_411_764.70..) = 44_411_764.
        // fee = floor(44_411_764 * 0.0785.. * 0.1 / 1.0785..) = floor(323_529.40..) = 323_529.
        // after: 55_588_236 uatom * 8.5 = 472_500_006 -> L = floor(378_000_004.8) = 378_000_004;
        //        D = 350e6 -> HF = 1.080000011428571428.
        Case {
            name: "close factor after a price drop",
            collateral: coin(100_000_000, ATOM),
            debt: coin(700_000_000, USDC),
            new_price: (ATOM, "8.5"),
            sent: 400_000_000,
            collateral_denom: ATOM,
            health_before: "0.971428571428571428",
            bonus: "0.078571428571428572",
            repay: 350_000_000,
            seized: 44_411_764,
            fee: 323_529,
            refund: 50_000_000,
            health_after: Some("1.080000011428571428"),
        },
        // Same account, ATOM falls to 8: C = 800e6, L = 640e6, D = 700e6,
        // HF = 0.914285714285714285 (< 0.95: the whole debt may be repaid).
        // b: 0.05 + 0.085714285714285715 = 0.135714285714285715; C/D - 1 = 0.142857142857142857
        //    -> b = 0.135714285714285715.
        // by collateral floor(800e6 / 1.1357..) = 704_402_515 > 700e6 -> repay = 700e6 (100e6
        // of the 800e6 sent refunded).
        // seized = floor(700e6 * 1.135714285714285715 / 8) = floor(99_375_000.0000000000625)
        //        = 99_375_000; 625_000 uatom (5 USD, not dust) stay.
        // fee = floor(99_375_000 * b * 0.1 / (1 + b)): b / (1 + b) is a hair above 19/159, and
        //       99_375_000 * 19/159 * 0.1 = 1_187_500 exactly -> 1_187_500.
        Case {
            name: "full liquidation below full_liquidation_hf",
            collateral: coin(100_000_000, ATOM),
            debt: coin(700_000_000, USDC),
            new_price: (ATOM, "8"),
            sent: 800_000_000,
            collateral_denom: ATOM,
            health_before: "0.914285714285714285",
            bonus: "0.135714285714285715",
            repay: 700_000_000,
            seized: 99_375_000,
            fee: 1_187_500,
            refund: 100_000_000,
            health_after: None,
        },
        // 18-decimal collateral: 1 ETH (1e18 wei) at 3,000 USD, 2,400 USDC borrowed (B = 3e9 *
        // 0.8 = 2.4e9). ETH falls to 2,800 USD (2.8e-9 per wei):
        // C = 2.8e9, L = 2.38e9, D = 2.4e9, HF = 0.991666666666666666.
        // b = 0.05 + 0.008333333333333334 = 0.058333333333333334 (C/D - 1 = 0.1666.. > 0.15).
        // cap = 1.2e9 = sent -> repay 1.2e9, no refund.
        // seized = floor(1.2e9 * 1.058333333333333334 / 2.8e-9)
        //        = floor(1_270_000_000.0000000008 / 2.8e-9) = floor(4.5357142857142857171e17)
        //        = 453_571_428_571_428_571 wei.
        // fee = floor(seized * b * 0.1 / (1 + b)) = floor(2_500_000_000_000_000.0002..)
        //     = 2_500_000_000_000_000 (b / (1 + b) is a hair above 7/127 and
        //       453_571_428_571_428_571 * 7/127 = 25_000_000_000_000_000 - 0.03..).
        // after: 546_428_571_428_571_429 wei * 2.8e-9 = 1_530_000_000.0000000012 -> C = 1.53e9,
        //        L = 1_300_500_000, D = 1.2e9 -> HF = 1.08375.
        Case {
            name: "18-decimal collateral",
            collateral: coin(1_000_000_000_000_000_000, ETH),
            debt: coin(2_400_000_000, USDC),
            new_price: (ETH, "0.0000000028"),
            sent: 1_200_000_000,
            collateral_denom: ETH,
            health_before: "0.991666666666666666",
            bonus: "0.058333333333333334",
            repay: 1_200_000_000,
            seized: 453_571_428_571_428_571,
            fee: 2_500_000_000_000_000,
            refund: 0,
            health_after: Some("1.08375"),
        },
        // 18-decimal debt: 1,000 ATOM (C = 1e10, B = 7e9), 2 ETH borrowed (2e18 wei at 3e-9 =
        // 6e9). ETH rises to 4,200 USD (4.2e-9): D = 8.4e9, L = 8e9,
        // HF = 8/8.4 = 0.952380952380952380 (>= 0.95: close factor).
        // b = 0.05 + 0.04761904761904762 = 0.09761904761904762 (C/D - 1 = 0.1904.. > 0.15).
        // cap = 1e18 wei = sent -> repay 1e18 wei (4.2e9 quote units).
        // seized = floor(1e18 * 4.2e-9 * 1.09761904761904762 / 10) = floor(461_000_000.0000000004)
        //        = 461_000_000 uatom.
        // fee = floor(461e6 * b * 0.1 / (1 + b)); b / (1 + b) is a hair above 41/461 ->
        //       floor(4_100_000.00..) = 4_100_000.
        // after: 539e6 uatom -> C = 5.39e9, L = 4.312e9; D = 1e18 * 4.2e-9 = 4.2e9
        //        -> HF = 1.026666666666666666.
        Case {
            name: "18-decimal debt",
            collateral: coin(1_000_000_000, ATOM),
            debt: coin(2_000_000_000_000_000_000, ETH),
            new_price: (ETH, "0.0000000042"),
            sent: 1_000_000_000_000_000_000,
            collateral_denom: ATOM,
            health_before: "0.95238095238095238",
            bonus: "0.09761904761904762",
            repay: 1_000_000_000_000_000_000,
            seized: 461_000_000,
            fee: 4_100_000,
            refund: 0,
            health_after: Some("1.026666666666666666"),
        },
    ]
}

#[test]
fn table_of_worked_liquidations() {
    for case in cases() {
        let (mut env, _lender) = env_with_lender();
        let borrower = user(&mut env, "borrower");
        let bot = user(&mut env, "bot");
        open(
            &mut env,
            &borrower,
            0,
            std::slice::from_ref(&case.collateral),
            &case.debt,
        );
        env.set_price(case.new_price.0, d(case.new_price.1))
            .unwrap();
        let (debt_denom, coll_denom) = (case.debt.denom.as_str(), case.collateral_denom);
        let treasury = env.treasury.clone();
        let liq_addr = env.liquidation_addr.clone();
        let bot_debt = bal(&env, &bot, debt_denom);
        let bot_coll = bal(&env, &bot, coll_denom);
        let treasury_coll = bal(&env, &treasury, coll_denom);
        let held = collateral_of(&mut env, &borrower, 0, coll_denom);
        let owed = debt_of(&mut env, &borrower, 0, debt_denom);

        let ev = env
            .liquidation()
            .liquidate(&bot, &borrower, 0, coll_denom, &coin(case.sent, debt_denom))
            .unwrap_or_else(|err| panic!("{}: {err}", case.name));

        let n = case.name;
        assert_eq!(
            ev.health_before,
            d(case.health_before),
            "{n}: health before"
        );
        assert_eq!(ev.bonus, r(case.bonus), "{n}: bonus");
        assert_eq!(ev.repaid.u128(), case.repay, "{n}: repay");
        assert_eq!(ev.seized.u128(), case.seized, "{n}: seized");
        assert_eq!(ev.protocol_fee.u128(), case.fee, "{n}: fee");
        assert_eq!(
            ev.to_liquidator.u128(),
            case.seized - case.fee,
            "{n}: to liquidator"
        );
        assert_eq!(ev.refunded.u128(), case.refund, "{n}: refund");
        assert_eq!(
            ev.health_after,
            case.health_after.map(d),
            "{n}: health after"
        );
        assert_eq!(ev.bad_debt.u128(), 0, "{n}: bad debt");
        assert_eq!(
            (
                ev.owner.as_str(),
                ev.account,
                ev.liquidator.as_str(),
                ev.recipient.as_str()
            ),
            (borrower.as_str(), 0, bot.as_str(), bot.as_str()),
            "{n}"
        );
        assert_eq!(
            (ev.debt_denom.as_str(), ev.collateral_denom.as_str()),
            (debt_denom, coll_denom)
        );

        // coins: the bot paid exactly `repay`, got `seized - fee`; the treasury got the fee; the
        // liquidation contract keeps nothing
        assert_eq!(
            bot_debt - bal(&env, &bot, debt_denom),
            case.repay,
            "{n}: paid"
        );
        assert_eq!(
            bal(&env, &bot, coll_denom) - bot_coll,
            case.seized - case.fee,
            "{n}"
        );
        assert_eq!(
            bal(&env, &treasury, coll_denom) - treasury_coll,
            case.fee,
            "{n}"
        );
        for denom in DENOMS {
            assert_eq!(
                bal(&env, &liq_addr, denom),
                0,
                "{n}: {denom} left in the contract"
            );
        }
        // the vault's books
        assert_eq!(
            held - collateral_of(&mut env, &borrower, 0, coll_denom),
            case.seized,
            "{n}"
        );
        assert_eq!(
            owed - debt_of(&mut env, &borrower, 0, debt_denom),
            case.repay,
            "{n}"
        );
        let position = env
            .vault()
            .position(&borrower, 0, PriceKind::Liquidation)
            .unwrap();
        assert_eq!(
            position.health_factor,
            case.health_after.map(d),
            "{n}: vault's HF"
        );
    }
}

/// Partial (close factor) at HF 0.9714, then, after a further drop, a full liquidation that
/// takes the rest.
#[test]
fn partial_then_full_liquidation() {
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
    env.set_price(ATOM, d("8.5")).unwrap();
    // first: the first case of the table, paying exactly the close-factor amount
    let first = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(350_000_000, USDC))
        .unwrap();
    assert_eq!(
        (first.repaid.u128(), first.seized.u128()),
        (350_000_000, 44_411_764)
    );
    assert_eq!(first.health_after, Some(d("1.080000011428571428")));
    // healthy again: a second liquidation is refused
    assert!(env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(1_000_000, USDC))
        .is_err());

    // ATOM falls to 7: 55_588_236 uatom -> C = 389_117_652, L = floor(311_294_121.6) =
    // 311_294_121, D = 350e6, HF = 0.889411774285714285 < 0.95: the whole debt may go.
    // b: growth 0.05 + 0.110588225714285715 = 0.160588225714285715; C/D - 1 = 0.11176472
    //    exactly -> b = 0.11176472.
    // by collateral floor(389_117_652 / 1.11176472) = 350_000_000 exactly = d.
    // repay = 350e6; seized = floor(350e6 * 1.11176472 / 7) = 55_588_236: all of it.
    // fee = floor(55_588_236 * 0.11176472 * 0.1 / 1.11176472) = floor(558_823.6..) = 558_823.
    env.set_price(ATOM, d("7")).unwrap();
    let second = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(second.health_before, d("0.889411774285714285"));
    assert_eq!(second.bonus, r("0.11176472"));
    assert_eq!(second.repaid.u128(), 350_000_000);
    assert_eq!(second.seized.u128(), 55_588_236);
    assert_eq!(second.protocol_fee.u128(), 558_823);
    assert_eq!(second.refunded.u128(), 50_000_000);
    assert_eq!(second.health_after, None);
    assert_eq!(second.bad_debt.u128(), 0);
    let account = env.vault().account(&borrower, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
}
