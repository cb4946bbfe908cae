//! Attacks: liquidating a healthy account, self-liquidation through a sub-account, and splitting
//! one liquidation into many small ones for profit (INVARIANTS.md 12, 13, 16).

use ballast_liquidation::ContractError;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::liquidation::ExecuteMsg;
use cosmwasm_std::{coin, Addr};

use super::common::*;

#[test]
fn a_healthy_account_cannot_be_liquidated() {
    let (mut env, _lender) = env_with_lender();
    let borrower = user(&mut env, "borrower");
    let saver = user(&mut env, "saver");
    let bot = user(&mut env, "bot");
    // 100 ATOM at 10 against 700 USDC: HF = 800/700 = 1.142857142857142857
    open(
        &mut env,
        &borrower,
        0,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    let healthy = ContractError::NotLiquidatable {
        health_factor: Some(d("1.142857142857142857")),
    };
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&borrower, 0, ATOM),
        &[coin(400_000_000, USDC)],
        &healthy,
    );
    assert_err(
        env.liquidation().simulate(&borrower, 0, USDC, ATOM, None),
        &healthy,
    );
    // exactly at the threshold: ATOM at 8.75 -> L = 875e6 * 0.8 = 700e6 = D, HF = 1: not
    // liquidatable (D > L is required)
    env.set_price(ATOM, d("8.75")).unwrap();
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&borrower, 0, ATOM),
        &[coin(400_000_000, USDC)],
        ContractError::NotLiquidatable {
            health_factor: Some(d("1")),
        },
    );
    // an account without debt
    env.vault()
        .deposit(&saver, &[coin(1_000_000, ATOM)])
        .unwrap();
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&saver, 0, ATOM),
        &[coin(1_000_000, USDC)],
        ContractError::NotLiquidatable {
            health_factor: None,
        },
    );
}

#[test]
fn the_owner_cannot_liquidate_any_of_its_sub_accounts() {
    let (mut env, _lender) = env_with_lender();
    let owner = user(&mut env, "owner-of-both");
    let bot = user(&mut env, "bot");
    // account 0 healthy (no debt), account 1 sick at ATOM 8.5
    env.vault()
        .deposit(&owner, &[coin(100_000_000, ATOM)])
        .unwrap();
    open(
        &mut env,
        &owner,
        1,
        &[coin(100_000_000, ATOM)],
        &coin(700_000_000, USDC),
    );
    env.set_price(ATOM, d("8.5")).unwrap();
    for account in [1, 0] {
        for recipient in [None, Some(bot.to_string())] {
            let msg = ExecuteMsg::Liquidate {
                owner: owner.to_string(),
                account: Some(account),
                collateral_denom: ATOM.into(),
                min_collateral_out: None,
                recipient,
            };
            assert_rejected(
                &mut env,
                &owner,
                &msg,
                &[coin(400_000_000, USDC)],
                ContractError::SelfLiquidation,
            );
        }
    }
    // anyone else may
    let ev = env
        .liquidation()
        .liquidate(&bot, &owner, 1, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (350_000_000, 44_411_764)
    );
}

/// Runs liquidations of `piece` until one fails; returns (count, repaid, seized, to_liquidator,
/// bonuses).
fn split(
    env: &mut MockEnv,
    owner: &Addr,
    bot: &Addr,
    piece: u128,
    max: usize,
) -> (usize, u128, u128, u128, Vec<cosmwasm_std::Decimal>) {
    let (mut n, mut repaid, mut seized, mut to_liq, mut bonuses) = (0, 0, 0, 0, vec![]);
    while n < max {
        match env
            .liquidation()
            .liquidate(bot, owner, 0, ATOM, &coin(piece, USDC))
        {
            Ok(ev) => {
                n += 1;
                repaid += ev.repaid.u128();
                seized += ev.seized.u128();
                to_liq += ev.to_liquidator.u128();
                bonuses.push(ev.bonus);
            }
            Err(_) => break,
        }
    }
    (n, repaid, seized, to_liq, bonuses)
}

fn sick(price: &str) -> (MockEnv, Addr, Addr) {
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
    env.set_price(ATOM, d(price)).unwrap();
    (env, borrower, bot)
}

#[test]
fn splitting_above_break_even_pays_less_than_one_liquidation() {
    // HF 0.9714 at ATOM 8.5 is above the break-even t·(1+b) = 0.8 · 1.0786 = 0.8629: each piece
    // raises HF, which lowers the next bonus, until the account is healthy.
    let (mut env, borrower, bot) = sick("8.5");
    let (n, repaid, seized, to_liq, bonuses) = split(&mut env, &borrower, &bot, 50_000_000, 20);
    // the third piece makes the account healthy: the fourth is refused
    assert_eq!((n, repaid), (3, 150_000_000));
    // first piece: floor(50e6 * 1.078571428571428572 / 8.5) = floor(6_344_537.8) = 6_344_537
    assert_eq!(bonuses[0], r("0.078571428571428572"));
    assert!(bonuses.windows(2).all(|w| w[1] < w[0]), "{bonuses:?}");
    assert!(env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, None)
        .is_err());

    // one liquidation of the same 150e6: floor(150e6 * 1.078571428571428572 / 8.5) =
    // floor(19_033_613.4) = 19_033_613 seized, fee floor(19_033_613 * 11/151 * 0.1) =
    // 138_655 (b/(1+b) a hair above 11/151), so 18_894_958 to the liquidator
    let (mut single, borrower, bot) = sick("8.5");
    let ev = single
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(150_000_000, USDC))
        .unwrap();
    assert_eq!(
        (ev.seized.u128(), ev.to_liquidator.u128()),
        (19_033_613, 18_894_958)
    );
    assert!(seized < 19_033_613, "split seized {seized}");
    assert!(to_liq < 18_894_958, "split paid {to_liq}");
}

/// An insolvent account (RISK.md step 9) is closed in one piece: splitting it would lower HF
/// with each piece and so raise the next piece's bonus (INVARIANTS 16), so a partial amount is
/// refused with the amount needed.
#[test]
fn insolvent_accounts_are_closed_whole_never_split() {
    // ATOM at 6: C = 600e6 < D·1.02 = 714e6: insolvent. L = 480e6, HF = 480/700 =
    // 0.685714285714285714; curve 0.05 + 0.3142.. > max -> b = 0.15. The whole 100 ATOM is
    // taken for ceil(600e6 / 1.15) = ceil(521_739_130.4) = 521_739_131.
    let (mut env, borrower, bot) = sick("6");
    let (n, ..) = split(&mut env, &borrower, &bot, 50_000_000, 10);
    assert_eq!(n, 0);
    assert_err(
        env.liquidation()
            .liquidate(&bot, &borrower, 0, ATOM, &coin(521_739_130, USDC)),
        ContractError::InsufficientRepayment {
            needed: u(521_739_131),
            sent: u(521_739_130),
        },
    );
    let usdc_before = env.balance(&bot, USDC);
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(600_000_000, USDC))
        .unwrap();
    assert_eq!(ev.bonus, r("0.15"));
    // fee floor(100e6 * 0.15 * 0.1 / 1.15) = floor(1_304_347.8); 78_260_869 refunded; the
    // 700e6 - 521_739_131 = 178_260_869 left is written off.
    assert_eq!(
        (
            ev.repaid.u128(),
            ev.seized.u128(),
            ev.protocol_fee.u128(),
            ev.bad_debt.u128()
        ),
        (521_739_131, 100_000_000, 1_304_347, 178_260_869)
    );
    assert_eq!(
        usdc_before - env.balance(&bot, USDC),
        cosmwasm_std::Uint256::from(521_739_131u128)
    );
    let account = env.vault().account(&borrower, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
}
