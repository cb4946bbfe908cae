//! The liquidator's slippage guard, the refund of the unused debt coin, and the recipient.

use ballast_liquidation::ContractError;
use ballast_types::liquidation::ExecuteMsg;
use cosmwasm_std::{coin, Addr};

use super::common::*;

/// The first worked case: 100 ATOM at 8.5 against 700 USDC; 400 USDC sent repays 350 USDC and
/// seizes 44_411_764 uatom, of which 323_529 go to the treasury and 44_088_235 to the recipient.
fn sick() -> (ballast_testing::MockEnv, Addr, Addr) {
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
    (env, borrower, bot)
}

fn guarded(borrower: &Addr, min: u128, recipient: Option<&Addr>) -> ExecuteMsg {
    ExecuteMsg::Liquidate {
        owner: borrower.to_string(),
        account: None,
        collateral_denom: ATOM.into(),
        min_collateral_out: Some(u(min)),
        recipient: recipient.map(Addr::to_string),
    }
}

#[test]
fn min_collateral_out_is_compared_with_what_the_recipient_gets() {
    let (mut env, borrower, bot) = sick();
    // one unit more than the recipient would get: refused, nothing moves
    assert_rejected(
        &mut env,
        &bot,
        &guarded(&borrower, 44_088_236, None),
        &[coin(400_000_000, USDC)],
        ContractError::SlippageExceeded {
            min: u(44_088_236),
            actual: u(44_088_235),
        },
    );
    // exactly what it gets: accepted
    let res = env
        .liquidation()
        .execute(
            &bot,
            &guarded(&borrower, 44_088_235, None),
            &[coin(400_000_000, USDC)],
        )
        .unwrap();
    let ev = &liquidate_events(&res)[0];
    assert_eq!(ev.to_liquidator.u128(), 44_088_235);
}

#[test]
fn the_excess_is_refunded_in_the_same_transaction_and_the_recipient_gets_the_collateral() {
    let (mut env, borrower, bot) = sick();
    let friend = env.addr("friend");
    let liq = env.liquidation_addr.clone();
    let vault = env.vault_addr.clone();
    let (bot_usdc, vault_usdc) = (bal(&env, &bot, USDC), bal(&env, &vault, USDC));
    let res = env
        .liquidation()
        .execute(
            &bot,
            &guarded(&borrower, 0, Some(&friend)),
            &[coin(1_000_000_000, USDC)],
        )
        .unwrap();
    let ev = &liquidate_events(&res)[0];
    assert_eq!(ev.recipient, friend.to_string());
    assert_eq!(ev.refunded.u128(), 650_000_000);
    // 1,000 sent, 650 back: the bot paid 350; the vault received exactly 350
    assert_eq!(bot_usdc - bal(&env, &bot, USDC), 350_000_000);
    assert_eq!(bal(&env, &vault, USDC) - vault_usdc, 350_000_000);
    assert_eq!(bal(&env, &friend, ATOM), 44_088_235);
    assert_eq!(bal(&env, &bot, ATOM), 1_000_000_000_000_000_000_000_000);
    for denom in DENOMS {
        assert_eq!(bal(&env, &liq, denom), 0);
    }
    // the refund is a bank transfer from the liquidation contract to the bot
    let refund = res.events.iter().any(|e| {
        e.ty == "transfer"
            && e.attributes
                .iter()
                .any(|a| a.key == "recipient" && a.value == bot.as_str())
            && e.attributes
                .iter()
                .any(|a| a.key == "sender" && a.value == liq.as_str())
            && e.attributes
                .iter()
                .any(|a| a.key == "amount" && a.value == "650000000uusdc")
    });
    assert!(refund, "no refund transfer in {:?}", res.events);
}

#[test]
fn exactly_the_amount_needed_leaves_no_refund() {
    let (mut env, borrower, bot) = sick();
    let res = env
        .liquidation()
        .execute(
            &bot,
            &guarded(&borrower, 0, None),
            &[coin(350_000_000, USDC)],
        )
        .unwrap();
    assert_eq!(liquidate_events(&res)[0].refunded.u128(), 0);
    let liq = env.liquidation_addr.to_string();
    assert!(!res.events.iter().any(|e| e.ty == "transfer"
        && e.attributes
            .iter()
            .any(|a| a.key == "sender" && a.value == liq)));
}

#[test]
fn the_contracts_themselves_cannot_receive_collateral() {
    let (mut env, borrower, bot) = sick();
    for recipient in [env.liquidation_addr.clone(), env.vault_addr.clone()] {
        assert_rejected(
            &mut env,
            &bot,
            &guarded(&borrower, 0, Some(&recipient)),
            &[coin(400_000_000, USDC)],
            ContractError::InvalidRecipient {
                recipient: recipient.to_string(),
                reason: "the liquidation contract and the vault cannot receive collateral".into(),
            },
        );
    }
}
