//! An account with two collaterals and two debts: the liquidator picks the pair; the last
//! collateral taken leaves two debts, both written off.

use ballast_types::events::{BadDebtEvent, BallastEvent};
use ballast_types::liquidation::WrittenOffDebt;
use cosmwasm_std::coin;

use super::common::*;

#[test]
fn two_collaterals_two_debts_down_to_bad_debt_in_both() {
    let (mut env, _lender) = env_with_lender();
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    // 100 ATOM (1,000 USD) + 0.1 ETH (300 USD): B = 700e6 + 240e6 = 940e6;
    // debts 500 USDC + 0.1 ETH (300e6): D = 800e6.
    env.vault()
        .deposit(
            &borrower,
            &[coin(100_000_000, ATOM), coin(100_000_000_000_000_000, ETH)],
        )
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(500_000_000, USDC))
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(100_000_000_000_000_000, ETH))
        .unwrap();
    // ATOM crashes to 2: C = 200e6 + 300e6 = 500e6, L = 160e6 + 255e6 = 415e6, D = 800e6,
    // HF = 0.51875; C < D·1.02: insolvent (RISK.md step 9), so b is the curve's
    // 0.05 + 0.48125 capped at max = 0.15 (no C/D − 1 cap) and each collateral is taken whole.
    env.set_price(ATOM, d("2")).unwrap();

    // 1. USDC repaid, ETH seized: all 1e17 wei (300e6) are taken for ceil(300e6 / 1.15) =
    //    ceil(260_869_565.2) = 260_869_566. fee = floor(1e17 * 0.15 * 0.1 / 1.15) =
    //    1_304_347_826_086_956.
    let first = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ETH, &coin(1_000_000_000, USDC))
        .unwrap();
    assert_eq!(first.health_before, d("0.51875"));
    assert_eq!(first.bonus, r("0.15"));
    assert_eq!(
        (
            first.repaid.u128(),
            first.seized.u128(),
            first.protocol_fee.u128()
        ),
        (260_869_566, 100_000_000_000_000_000, 1_304_347_826_086_956)
    );
    assert_eq!(first.bad_debt.u128(), 0);
    // after: C = L/0.8 = 200e6, L = 160e6, D = 239_130_434 + 300e6 = 539_130_434,
    // HF = 160e6 / 539_130_434 = 0.296774193979188346
    assert_eq!(first.health_after, Some(d("0.296774193979188346")));

    // 2. USDC repaid, ATOM seized: take all 100 ATOM for ceil(200e6 / 1.15) = 173_913_044;
    //    fee floor(100e6 * 0.015 / 1.15) = 1_304_347. Nothing is left as collateral:
    //    USDC 239_130_434 - 173_913_044 = 65_217_390 and the 1e17 wei of ETH debt (300e6) are
    //    written off: bad debt 365_217_390.
    let sim = env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, None)
        .unwrap();
    assert_eq!(sim.bad_debt.u128(), 365_217_390);
    assert_eq!(
        sim.written_off,
        vec![
            WrittenOffDebt {
                denom: USDC.into(),
                amount: u(65_217_390)
            },
            WrittenOffDebt {
                denom: ETH.into(),
                amount: u(100_000_000_000_000_000)
            },
        ]
    );
    let res = env
        .liquidation()
        .execute(
            &bot,
            &liquidate_msg(&borrower, 0, ATOM),
            &[coin(sim.repay.u128(), USDC)],
        )
        .unwrap();
    let second = &liquidate_events(&res)[0];
    assert_eq!(
        (
            second.repaid.u128(),
            second.seized.u128(),
            second.protocol_fee.u128()
        ),
        (173_913_044, 100_000_000, 1_304_347)
    );
    assert_eq!(second.health_after, Some(d("0")));
    assert_eq!(second.bad_debt.u128(), 365_217_390);
    // no interest accrued (same block, index 1): the vault writes off exactly these amounts
    let written: Vec<(String, u128)> = BadDebtEvent::find_all(&res.events)
        .unwrap()
        .into_iter()
        .map(|e| (e.denom, e.amount.u128()))
        .collect();
    assert_eq!(
        written,
        vec![
            (USDC.to_string(), 65_217_390),
            (ETH.to_string(), 100_000_000_000_000_000)
        ]
    );
    let account = env.vault().account(&borrower, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
}
