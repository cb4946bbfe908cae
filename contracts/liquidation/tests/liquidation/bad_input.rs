//! Bad input to `Liquidate` and `SimulateLiquidation`: each a typed error, state unchanged.

use ballast_kit::KitError;
use ballast_liquidation::ContractError;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::liquidation::{
    ExecuteMsg, OwnershipAction, QueryMsg, SimulateLiquidationResponse,
};
use cosmwasm_std::{coin, Addr, Coin, Uint128, Uint256};

use super::helpers::*;

/// The first worked case's account, liquidatable at ATOM 8.5.
fn sick() -> (MockEnv, Addr, Addr) {
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

#[test]
fn funds_must_be_exactly_one_coin_of_a_debt() {
    let (mut env, borrower, bot) = sick();
    let msg = liquidate_msg(&borrower, 0, ATOM);
    assert_rejected(&mut env, &bot, &msg, &[], KitError::NoFunds);
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[coin(1_000_000, ETH), coin(400_000_000, USDC)],
        KitError::NotOneCoin { count: 2 },
    );
    // a zero coin never reaches the contract (the bank refuses to move nothing)
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[coin(0, USDC)],
        "Cannot transfer empty coins amount",
    );
    // a denom the account does not owe: listed or not
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[coin(1_000_000, ATOM)],
        ContractError::NoDebtInDenom { denom: ATOM.into() },
    );
    env.fund(&bot, &[coin(1_000, "ufoo")]);
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[coin(1_000, "ufoo")],
        ContractError::NoDebtInDenom {
            denom: "ufoo".into(),
        },
    );
    // more than u128::MAX (bank coins are 256-bit)
    let huge = Coin::new(Uint256::from(u128::MAX) + Uint256::from(1u8), USDC);
    env.fund(&bot, std::slice::from_ref(&huge));
    assert_rejected(
        &mut env,
        &bot,
        &msg,
        &[huge],
        KitError::FundsTooLarge { denom: USDC.into() },
    );
}

#[test]
fn collateral_account_and_addresses_are_checked() {
    let (mut env, borrower, bot) = sick();
    let funds = [coin(400_000_000, USDC)];
    // collateral the account does not hold: listed (ETH) or not
    for denom in [ETH, "ufoo"] {
        assert_rejected(
            &mut env,
            &bot,
            &liquidate_msg(&borrower, 0, denom),
            &funds,
            ContractError::UnknownCollateral {
                denom: denom.into(),
            },
        );
    }
    // a sub-account that does not exist
    assert_rejected(
        &mut env,
        &bot,
        &liquidate_msg(&borrower, 9, ATOM),
        &funds,
        "does not exist",
    );
    // invalid and uppercase addresses
    let upper = borrower.to_string().to_uppercase();
    for owner in ["not-an-address", upper.as_str()] {
        let msg = ExecuteMsg::Liquidate {
            owner: owner.to_string(),
            account: None,
            collateral_denom: ATOM.into(),
            min_collateral_out: None,
            recipient: None,
        };
        assert_rejected(
            &mut env,
            &bot,
            &msg,
            &funds,
            format!("invalid address {owner:?}"),
        );
        let recipient = ExecuteMsg::Liquidate {
            owner: borrower.to_string(),
            account: None,
            collateral_denom: ATOM.into(),
            min_collateral_out: None,
            recipient: Some(owner.to_string()),
        };
        assert_rejected(
            &mut env,
            &bot,
            &recipient,
            &funds,
            format!("invalid address {owner:?}"),
        );
    }
    // after all of that, the liquidation itself still works
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(ev.repay.u128(), 350_000_000);
}

#[test]
fn simulation_rejects_the_same_inputs() {
    let (env, borrower, _bot) = sick();
    let sim = |owner: &str, account: Option<u32>, debt: &str, coll: &str, amount: Option<u128>| {
        env.app
            .wrap()
            .query_wasm_smart::<SimulateLiquidationResponse>(
                &env.liquidation_addr,
                &QueryMsg::SimulateLiquidation {
                    owner: owner.to_string(),
                    account,
                    debt_denom: debt.to_string(),
                    collateral_denom: coll.to_string(),
                    debt_amount: amount.map(Uint128::new),
                },
            )
    };
    let b = borrower.as_str();
    assert_err(sim(b, None, USDC, ATOM, Some(0)), ContractError::ZeroAmount);
    assert_err(
        sim(b, None, ATOM, ATOM, None),
        ContractError::NoDebtInDenom { denom: ATOM.into() },
    );
    assert_err(
        sim(b, None, USDC, ETH, None),
        ContractError::UnknownCollateral { denom: ETH.into() },
    );
    assert_err(sim(b, Some(9), USDC, ATOM, None), "does not exist");
    assert_err(
        sim("nope", None, USDC, ATOM, None),
        "invalid address \"nope\"",
    );
    // and the good one, with the account omitted (sub-account 0)
    assert_eq!(
        sim(b, None, USDC, ATOM, None).unwrap().repay.u128(),
        350_000_000
    );
}

#[test]
fn admin_messages_take_no_funds() {
    let (mut env, _borrower, _bot) = sick();
    let owner = env.owner.clone();
    env.fund(&owner, &[coin(10, USDC)]);
    for msg in [
        ExecuteMsg::UpdatePolicy { policy: policy() },
        ExecuteMsg::UpdateConfig {
            vault: None,
            treasury: None,
        },
        ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: owner.to_string(),
            expiry: None,
        }),
        ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
        ExecuteMsg::UpdateOwnership(OwnershipAction::RenounceOwnership),
    ] {
        assert_rejected(
            &mut env,
            &owner,
            &msg,
            &[coin(10, USDC)],
            KitError::FundsNotAccepted,
        );
    }
}

/// INVARIANTS 32: a misspelt field is an error naming it, never "field omitted" (here a
/// `min_colateral_out` would otherwise read as "no slippage guard"); nothing moves.
#[test]
fn misspelt_fields_are_rejected_and_change_nothing() {
    let (mut env, borrower, bot) = sick();
    let liquidation = env.liquidation_addr.clone();
    let before = (
        env.balance(&bot, USDC),
        env.vault().account(&borrower, 0).unwrap(),
    );
    let json = format!(
        r#"{{"liquidate":{{"owner":"{borrower}","collateral_denom":"{ATOM}","min_colateral_out":"1"}}}}"#
    );
    let err = cw_multi_test::Executor::execute(
        &mut env.app,
        bot.clone(),
        cosmwasm_std::WasmMsg::Execute {
            contract_addr: liquidation.to_string(),
            msg: cosmwasm_std::Binary::from(json.as_bytes()),
            funds: vec![coin(400_000_000, USDC)],
        }
        .into(),
    )
    .unwrap_err();
    assert!(
        format!("{err:?}").contains("unknown field `min_colateral_out`"),
        "{err:?}"
    );
    let after = (
        env.balance(&bot, USDC),
        env.vault().account(&borrower, 0).unwrap(),
    );
    assert_eq!(before, after);
    // a query too
    let query = cosmwasm_std::WasmQuery::Smart {
        contract_addr: liquidation.to_string(),
        msg: cosmwasm_std::Binary::from(br#"{"policy":{"verbose":true}}"#.as_slice()),
    };
    let err = env
        .app
        .wrap()
        .query::<cosmwasm_std::Empty>(&query.into())
        .unwrap_err();
    assert!(err.to_string().contains("unknown field `verbose`"), "{err}");
}
