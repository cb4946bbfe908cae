//! The dust rules: no liquidation leaves a non-zero remainder of the repaid debt or of the seized
//! collateral worth less than `min_leftover_value` (1 USD = 10^6 here).

use ballast_liquidation::ContractError;
use ballast_testing::assert_err;
use cosmwasm_std::{coin, Addr};

use super::common::*;

/// 100 ATOM at 8 against 700 USDC: HF = 640/700 = 0.914285714285714285, b =
/// 0.135714285714285715, the whole debt may be repaid.
fn sick_at_8() -> (ballast_testing::MockEnv, Addr, Addr) {
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
    env.set_price(ATOM, d("8")).unwrap();
    (env, borrower, bot)
}

#[test]
fn a_debt_remainder_below_the_threshold_is_refused() {
    let (mut env, borrower, bot) = sick_at_8();
    // 699.5 USDC would leave 0.5 USDC of debt (< 1 USD): the whole 700 is needed.
    let msg = liquidate_msg(&borrower, 0, ATOM);
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[coin(699_500_000, USDC)],
        ContractError::InsufficientRepayment {
            needed: u(700_000_000),
            sent: u(699_500_000),
        },
    );
    // the simulation says the same
    assert_err(
        env.liquidation()
            .simulate(&borrower, 0, USDC, ATOM, Some(699_500_000)),
        ContractError::InsufficientRepayment {
            needed: u(700_000_000),
            sent: u(699_500_000),
        },
    );
    // 699 USDC leaves exactly 1 USD: allowed.
    // seized = floor(699e6 * 1.135714285714285715 / 8) = floor(99_233_035.71..) = 99_233_035
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(699_000_000, USDC))
        .unwrap();
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (699_000_000, 99_233_035)
    );
    assert_eq!(debt_of(&mut env, &borrower, 0, USDC), 1_000_000);
}

#[test]
fn a_close_factor_remainder_below_the_threshold_raises_the_cap_to_the_whole_debt() {
    let (mut env, _lender) = env_with_lender();
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    // 0.25 ATOM (2.5 USD, B = 1.75 USD) against 1.5 USDC; ATOM falls to 7.4:
    // C = 250_000 * 7.4 = 1_850_000, L = 1_480_000, D = 1_500_000,
    // HF = 0.986666666666666666 (>= 0.95: close factor), b = 0.05 + 0.013333333333333334.
    open(
        &mut env,
        &borrower,
        0,
        &[coin(250_000, ATOM)],
        &coin(1_500_000, USDC),
    );
    env.set_price(ATOM, d("7.4")).unwrap();
    // close factor: 750_000 would remain, worth 0.75 USD < 1 USD -> the cap is the whole debt,
    // and paying only the close-factor half is refused.
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&borrower, 0, ATOM),
        &[coin(750_000, USDC)],
        ContractError::InsufficientRepayment {
            needed: u(1_500_000),
            sent: u(750_000),
        },
    );
    // repay = 1.5e6; seized = floor(1.5e6 * 1.063333333333333334 / 7.4) = floor(215_540.54)
    // = 215_540. 34_460 uatom (255_004 units) stay: crumbs are allowed only because no debt is
    // left (taking them all would need ceil(1_850_000 / 1.0633..) = 1_739_812 > the debt).
    // fee = floor(215_540 * 0.0633.. * 0.1 / 1.0633..) = floor(1_283.8..) = 1_283.
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(2_000_000, USDC))
        .unwrap();
    assert_eq!(ev.bonus, r("0.063333333333333334"));
    assert_eq!(
        (
            ev.repaid.u128(),
            ev.seized.u128(),
            ev.protocol_fee.u128(),
            ev.refunded.u128()
        ),
        (1_500_000, 215_540, 1_283, 500_000)
    );
    assert_eq!(ev.health_after, None);
    assert_eq!(collateral_of(&mut env, &borrower, 0, ATOM), 34_460);
}

#[test]
fn a_collateral_remainder_below_the_threshold_is_taken_whole() {
    let (mut env, _lender) = env_with_lender();
    let borrower = user(&mut env, "borrower");
    let bot = user(&mut env, "bot");
    // 10 ATOM (100 USD) and 0.5 ETH (1,500 USD): B = 70e6 + 1.2e9 = 1.27e9; 1,250 USDC borrowed.
    open(
        &mut env,
        &borrower,
        0,
        &[coin(10_000_000, ATOM), coin(500_000_000_000_000_000, ETH)],
        &coin(1_250_000_000, USDC),
    );
    // ETH falls to 2,600 USD: C = 100e6 + 1.3e9 = 1.4e9, L = 80e6 + 1.105e9 = 1.185e9,
    // D = 1.25e9, HF = 0.948. b: growth 0.05 + 0.052 = 0.102; C/D - 1 = 0.12 -> b = 0.102.
    env.set_price(ETH, d("0.0000000026")).unwrap();
    // Seizing ATOM: by collateral floor(100e6 / 1.102) = 90_744_101, which seizes
    // floor(90_744_101 * 1.102 / 10) = floor(9_999_999.93) = 9_999_999 and would leave 1 uatom
    // (10 units < 1 USD): all 10 ATOM are taken instead, for ceil(100e6 / 1.102) = 90_744_102.
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&borrower, 0, ATOM),
        &[coin(90_744_101, USDC)],
        ContractError::InsufficientRepayment {
            needed: u(90_744_102),
            sent: u(90_744_101),
        },
    );
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(1_000_000_000, USDC))
        .unwrap();
    assert_eq!(ev.health_before, d("0.948"));
    assert_eq!(ev.bonus, r("0.102"));
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (90_744_102, 10_000_000)
    );
    // fee = floor(10e6 * 0.102 * 0.1 / 1.102) = floor(92_558.98) = 92_558
    assert_eq!(ev.protocol_fee.u128(), 92_558);
    assert_eq!(ev.refunded.u128(), 1_000_000_000 - 90_744_102);
    // after: L = 1.105e9, D = 1_159_255_898 -> HF = floor18(0.95319765196484685004..)
    assert_eq!(ev.health_after, Some(d("0.95319765196484685")));
    assert_eq!(collateral_of(&mut env, &borrower, 0, ATOM), 0);
}
