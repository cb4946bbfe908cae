//! INVARIANTS.md's bad-input list against every entry point: each gets a typed error and changes
//! nothing (the vault's raw storage and every balance involved are compared before and after).

use crate::common::*;
use ballast_testing::{assert_err, dec, test_rate_model, AssetSpec, MockEnv, PythFeed};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{CollateralParams, ExecuteMsg, LendingParams, PausedActions, QueryMsg};
use ballast_vault::ContractError;
use cosmwasm_std::{coin, Addr, Coin, Uint128, Uint256};

/// A market with liquidity and a borrower with some debt.
fn busy_env() -> (MockEnv, Addr, Addr) {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000, USDC), coin(1_000_000, BTC)])
        .unwrap();
    // 1 ATOM at 10: C = 10,000,000, B = 6,000,000.
    env.vault()
        .deposit(&borrower, &[coin(1_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(1_000_000, USDC))
        .unwrap();
    (env, lender, borrower)
}

fn deposit(account: Option<u32>) -> ExecuteMsg {
    ExecuteMsg::Deposit {
        account,
        on_behalf_of: None,
    }
}

fn withdraw(denom: &str, amount: Option<u128>) -> ExecuteMsg {
    ExecuteMsg::Withdraw {
        denom: denom.into(),
        amount: amount.map(Uint128::new),
        account: None,
        recipient: None,
    }
}

fn borrow(denom: &str, amount: u128) -> ExecuteMsg {
    ExecuteMsg::Borrow {
        denom: denom.into(),
        amount: u(amount),
        account: None,
        recipient: None,
    }
}

fn repay() -> ExecuteMsg {
    ExecuteMsg::Repay {
        account: None,
        on_behalf_of: None,
    }
}

fn redeem(denom: &str, amount: Option<u128>) -> ExecuteMsg {
    ExecuteMsg::Redeem {
        denom: denom.into(),
        amount: amount.map(Uint128::new),
        recipient: None,
    }
}

fn funds_err(reason: &str) -> ContractError {
    ContractError::InvalidFunds {
        reason: reason.into(),
    }
}

#[test]
fn wrong_funds_on_every_payable_message() {
    let (mut env, lender, borrower) = busy_env();
    let huge = Coin::new(Uint256::from(u128::MAX) + Uint256::from(5u8), ATOM);
    env.fund(&borrower, std::slice::from_ref(&huge));
    env.fund(&borrower, &[coin(1_000, "ufoo")]);
    let supply = ExecuteMsg::Supply { on_behalf_of: None };

    for msg in [deposit(None), repay(), supply.clone()] {
        assert_rejected(
            &mut env,
            &borrower,
            &msg,
            &[],
            funds_err("no funds attached"),
        );
        assert_rejected(
            &mut env,
            &borrower,
            &msg,
            &[coin(0, USDC), coin(5, BTC)],
            funds_err("zero amount of uusdc"),
        );
        assert_rejected(
            &mut env,
            &borrower,
            &msg,
            &[coin(5, USDC), coin(7, USDC)],
            funds_err("duplicate denom uusdc"),
        );
        assert_rejected(
            &mut env,
            &borrower,
            &msg,
            std::slice::from_ref(&huge),
            funds_err("amount of uatom exceeds u128::MAX"),
        );
        assert_rejected(
            &mut env,
            &borrower,
            &msg,
            &[coin(1_000, "ufoo")],
            ContractError::AssetNotListed {
                denom: "ufoo".into(),
            },
        );
    }
    // Listed, but the wrong kind of asset.
    assert_rejected(
        &mut env,
        &lender,
        &supply,
        &[coin(1_000, ETH)],
        ContractError::NotBorrowable { denom: ETH.into() },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &repay(),
        &[coin(1_000, ATOM)],
        ContractError::NoDebt { denom: ATOM.into() },
    );
    // One bad coin among good ones rejects the whole message.
    assert_rejected(
        &mut env,
        &borrower,
        &deposit(None),
        &[coin(1_000, ATOM), coin(1_000, "ufoo")],
        ContractError::AssetNotListed {
            denom: "ufoo".into(),
        },
    );

    // Every other message takes no funds.
    let owner = env.owner.clone();
    env.fund(&owner, &[coin(1_000, USDC)]);
    let nonpayable = "this message takes no funds";
    for (sender, msg) in [
        (&borrower, withdraw(ATOM, Some(1))),
        (&borrower, borrow(USDC, 1)),
        (&lender, redeem(USDC, Some(1))),
        (
            &owner,
            ExecuteMsg::SetPaused {
                denom: ATOM.into(),
                actions: PausedActions::default(),
            },
        ),
        (
            &owner,
            ExecuteMsg::WithdrawReserves {
                denom: USDC.into(),
                amount: None,
                recipient: None,
            },
        ),
        (
            &owner,
            ExecuteMsg::UpdateAsset {
                denom: ATOM.into(),
                collateral: None,
                lending: None,
                threshold_ramp_s: None,
            },
        ),
        (&owner, ExecuteMsg::AcceptOwner {}),
        (&owner, ExecuteMsg::RenounceOwner {}),
    ] {
        assert_rejected(&mut env, sender, &msg, &[coin(1, USDC)], nonpayable);
    }
}

#[test]
fn bad_addresses_and_missing_accounts() {
    let (mut env, _lender, borrower) = busy_env();
    let stranger = user(&mut env, "stranger");
    let upper = borrower.to_string().to_uppercase();

    for msg in [
        ExecuteMsg::Deposit {
            account: None,
            on_behalf_of: Some(upper.clone()),
        },
        ExecuteMsg::Deposit {
            account: None,
            on_behalf_of: Some("not-an-address".into()),
        },
    ] {
        let before = snapshot(&env, &[&borrower]);
        assert!(env
            .vault()
            .execute(&borrower, &msg, &[coin(1, ATOM)])
            .is_err());
        assert_eq!(snapshot(&env, &[&borrower]), before);
    }
    let before = snapshot(&env, &[&borrower]);
    let msg = ExecuteMsg::Withdraw {
        denom: ATOM.into(),
        amount: Some(u(1)),
        account: None,
        recipient: Some(upper),
    };
    assert!(env.vault().execute(&borrower, &msg, &[]).is_err());
    assert_eq!(snapshot(&env, &[&borrower]), before);

    // A sub-account that does not exist.
    let missing = |owner: &Addr, account: u32| ContractError::AccountNotFound {
        owner: owner.to_string(),
        account,
    };
    assert_rejected(
        &mut env,
        &stranger,
        &withdraw(ATOM, None),
        &[],
        missing(&stranger, 0),
    );
    assert_rejected(
        &mut env,
        &stranger,
        &borrow(USDC, 1),
        &[],
        missing(&stranger, 0),
    );
    let msg = ExecuteMsg::Borrow {
        denom: USDC.into(),
        amount: u(1),
        account: Some(7),
        recipient: None,
    };
    assert_rejected(&mut env, &borrower, &msg, &[], missing(&borrower, 7));
    let msg = ExecuteMsg::Repay {
        account: Some(7),
        on_behalf_of: None,
    };
    assert_rejected(
        &mut env,
        &borrower,
        &msg,
        &[coin(1, USDC)],
        missing(&borrower, 7),
    );
    assert_err(
        env.vault().position(&borrower, 7, PriceKind::Default),
        missing(&borrower, 7),
    );
    assert_err(
        env.vault().liquidation_context(&borrower, 7),
        missing(&borrower, 7),
    );
    assert_err(
        env.vault().max_borrow(&borrower, 7, USDC),
        missing(&borrower, 7),
    );
    assert_err(
        env.vault().max_withdraw(&borrower, 7, ATOM),
        missing(&borrower, 7),
    );
}

#[test]
fn zero_amounts_unknown_denoms_and_balances() {
    let (mut env, lender, borrower) = busy_env();
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw(ATOM, Some(0)),
        &[],
        ContractError::ZeroAmount,
    );
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(USDC, 0),
        &[],
        ContractError::ZeroAmount,
    );
    assert_rejected(
        &mut env,
        &lender,
        &redeem(USDC, Some(0)),
        &[],
        ContractError::ZeroAmount,
    );
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw(ATOM, Some(1_000_001)),
        &[],
        ContractError::InsufficientCollateralBalance {
            denom: ATOM.into(),
            held: u(1_000_000),
            requested: u(1_000_001),
        },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw(ETH, None),
        &[],
        ContractError::InsufficientCollateralBalance {
            denom: ETH.into(),
            held: u(0),
            requested: u(0),
        },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw("ufoo", None),
        &[],
        ContractError::AssetNotListed {
            denom: "ufoo".into(),
        },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &borrow("ufoo", 1),
        &[],
        ContractError::AssetNotListed {
            denom: "ufoo".into(),
        },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(ETH, 1),
        &[],
        ContractError::NotBorrowable { denom: ETH.into() },
    );
    // Redeem more than one holds, or with nothing held.
    assert_rejected(
        &mut env,
        &lender,
        &redeem(USDC, Some(1_000_000_001)),
        &[],
        ContractError::InsufficientSupply {
            denom: USDC.into(),
            held: u(1_000_000_000),
            requested: u(1_000_000_001),
        },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &redeem(USDC, None),
        &[],
        ContractError::InsufficientSupply {
            denom: USDC.into(),
            held: u(0),
            requested: u(0),
        },
    );
}

#[test]
fn borrow_and_redeem_limits() {
    let (mut env, lender, borrower) = busy_env();
    // Beyond max LTV by one unit (B = 6,000,000; D = 1,000,000 already): 5,000,001 more fails.
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(USDC, 5_000_001),
        &[],
        ContractError::InsufficientCollateral {
            debt_value: u(6_000_001),
            borrow_capacity: u(6_000_000),
        },
    );
    // Beyond the pool's liquidity: 999,000,000 USDC are free.
    let big = user(&mut env, "whale");
    env.vault()
        .deposit(&big, &[coin(1_000_000_000_000, ATOM)])
        .unwrap();
    assert_rejected(
        &mut env,
        &big,
        &borrow(USDC, 999_000_001),
        &[],
        ContractError::InsufficientLiquidity {
            denom: USDC.into(),
            available: u(999_000_000),
            requested: u(999_000_001),
        },
    );
    env.vault().borrow(&big, &coin(999_000_000, USDC)).unwrap();
    // Now nothing is free: redeem beyond free liquidity.
    assert_rejected(
        &mut env,
        &lender,
        &redeem(USDC, Some(1)),
        &[],
        ContractError::InsufficientLiquidity {
            denom: USDC.into(),
            available: u(0),
            requested: u(1),
        },
    );
    assert_rejected(
        &mut env,
        &lender,
        &redeem(USDC, None),
        &[],
        ContractError::InsufficientLiquidity {
            denom: USDC.into(),
            available: u(0),
            requested: u(1_000_000_000),
        },
    );
}

#[test]
fn caps_min_debt_and_asset_count() {
    let mut env = builder()
        .vault_params(ballast_testing::VaultParams {
            min_debt_value: u(5_000_000),
            max_assets_per_account: 2,
        })
        .build();
    let owner = env.owner.clone();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    env.vault()
        .supply(&lender, &[coin(100_000_000, USDC), coin(100_000_000, BTC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(10_000_000, ATOM)])
        .unwrap();

    // No dust loans: 4,999,999 USDC is worth less than min_debt_value 5,000,000.
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(USDC, 4_999_999),
        &[],
        ContractError::DebtBelowMinimum {
            denom: USDC.into(),
            value: u(4_999_999),
            min: u(5_000_000),
        },
    );
    env.vault()
        .borrow(&borrower, &coin(5_000_000, USDC))
        .unwrap();
    // Two assets held (ATOM, USDC): a third denom is refused, for debt and for collateral.
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(BTC, 10_000),
        &[],
        ContractError::TooManyAssets { max: 2 },
    );
    assert_rejected(
        &mut env,
        &borrower,
        &deposit(None),
        &[coin(1, ETH)],
        ContractError::TooManyAssets { max: 2 },
    );
    // ...but more of what it already holds is fine, and partial repays may go below the minimum.
    env.vault().deposit(&borrower, &[coin(1, ATOM)]).unwrap();
    env.vault()
        .repay(&borrower, &[coin(1_000_000, USDC)])
        .unwrap();
    let no_minimum = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: None,
        treasury: None,
        guardian: None,
        min_debt_value: Some(u(0)),
        max_assets_per_account: None,
    };
    env.vault().execute(&owner, &no_minimum, &[]).unwrap();

    // Caps: deposit cap 10,000,002 ATOM total (10,000,001 deposited), supply and borrow caps.
    let lending = |supply_cap: Option<u128>, borrow_cap: Option<u128>| LendingParams {
        rate_model: test_rate_model(),
        reserve_factor: dec("0.1"),
        supply_cap: supply_cap.map(Uint128::new),
        borrow_cap: borrow_cap.map(Uint128::new),
    };
    env.vault()
        .update_asset(
            &owner,
            ATOM,
            Some(CollateralParams {
                max_ltv: dec("0.6"),
                liquidation_threshold: dec("0.7"),
                deposit_cap: Some(u(10_000_002)),
            }),
            None,
        )
        .unwrap();
    env.vault()
        .update_asset(
            &owner,
            USDC,
            None,
            Some(lending(Some(100_000_010), Some(4_000_010))),
        )
        .unwrap();
    assert_rejected(
        &mut env,
        &borrower,
        &deposit(None),
        &[coin(2, ATOM)],
        ContractError::CapExceeded {
            denom: ATOM.into(),
            cap: u(10_000_002),
            total: u(10_000_003),
        },
    );
    env.vault().deposit(&borrower, &[coin(1, ATOM)]).unwrap();
    assert_rejected(
        &mut env,
        &lender,
        &ExecuteMsg::Supply { on_behalf_of: None },
        &[coin(11, USDC)],
        ContractError::CapExceeded {
            denom: USDC.into(),
            cap: u(100_000_010),
            total: u(100_000_011),
        },
    );
    // Debt is 4,000,000: 11 more would make 4,000,011 > 4,000,010.
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(USDC, 11),
        &[],
        ContractError::CapExceeded {
            denom: USDC.into(),
            cap: u(4_000_010),
            total: u(4_000_011),
        },
    );
    env.vault().borrow(&borrower, &coin(10, USDC)).unwrap();
}

#[test]
fn paused_actions_block_only_what_they_name() {
    let (mut env, lender, borrower) = busy_env();
    let guardian = env.guardian.clone();
    let all = PausedActions {
        deposit: true,
        withdraw: true,
        supply: true,
        redeem: true,
        borrow: true,
    };
    env.vault().set_paused(&guardian, ATOM, all).unwrap();
    env.vault().set_paused(&guardian, USDC, all).unwrap();
    let paused = |denom: &str, action: &str| ContractError::Paused {
        denom: denom.into(),
        action: action.into(),
    };
    assert_rejected(
        &mut env,
        &borrower,
        &deposit(None),
        &[coin(1, ATOM)],
        paused(ATOM, "deposit"),
    );
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw(ATOM, Some(1)),
        &[],
        paused(ATOM, "withdraw"),
    );
    assert_rejected(
        &mut env,
        &borrower,
        &borrow(USDC, 1),
        &[],
        paused(USDC, "borrow"),
    );
    assert_rejected(
        &mut env,
        &lender,
        &ExecuteMsg::Supply { on_behalf_of: None },
        &[coin(1, USDC)],
        paused(USDC, "supply"),
    );
    assert_rejected(
        &mut env,
        &lender,
        &redeem(USDC, Some(1)),
        &[],
        paused(USDC, "redeem"),
    );
    // Repay is never paused.
    env.vault()
        .repay(&borrower, &[coin(2_000_000, USDC)])
        .unwrap();
    // Other denoms are unaffected.
    env.vault().deposit(&borrower, &[coin(1, ETH)]).unwrap();
}

#[test]
fn withdraw_pause_never_traps_an_account_without_debt() {
    let (mut env, _lender, borrower) = busy_env();
    let guardian = env.guardian.clone();
    let pause_withdraw = PausedActions {
        withdraw: true,
        ..PausedActions::default()
    };
    env.vault()
        .set_paused(&guardian, ATOM, pause_withdraw)
        .unwrap();
    // With debt: refused.
    assert_rejected(
        &mut env,
        &borrower,
        &withdraw(ATOM, None),
        &[],
        ContractError::Paused {
            denom: ATOM.into(),
            action: "withdraw".into(),
        },
    );
    // Repay everything (the excess comes back), then withdraw-all works despite the pause.
    let debt = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap()
        .debts[0]
        .amount
        .u128();
    env.fund(&borrower, &[coin(debt, USDC)]);
    env.vault()
        .repay(&borrower, &[coin(debt + 1, USDC)])
        .unwrap();
    let held = env.vault().account(&borrower, 0).unwrap();
    assert!(held.debts.is_empty());
    let before = env.balance(&borrower, ATOM);
    let out = env.vault().withdraw(&borrower, ATOM, None).unwrap();
    assert!(!out.amount.is_zero());
    assert_eq!(
        env.balance(&borrower, ATOM),
        before + Uint256::from(out.amount)
    );
}

#[test]
fn unauthorized_senders() {
    let (mut env, _lender, borrower) = busy_env();
    let mallory = user(&mut env, "mallory");
    let lending = LendingParams {
        rate_model: test_rate_model(),
        reserve_factor: dec("0.1"),
        supply_cap: None,
        borrow_cap: None,
    };
    for msg in [
        AssetSpec::new("uosmo", 6)
            .lending(test_rate_model(), "0.1")
            .list_msg(),
        ExecuteMsg::UpdateAsset {
            denom: USDC.into(),
            collateral: None,
            lending: Some(lending),
            threshold_ramp_s: None,
        },
        ExecuteMsg::SetPaused {
            denom: USDC.into(),
            actions: PausedActions::default(),
        },
        ExecuteMsg::UpdateConfig {
            oracle: None,
            liquidation: Some(mallory.to_string()),
            treasury: None,
            guardian: None,
            min_debt_value: None,
            max_assets_per_account: None,
        },
        ExecuteMsg::WithdrawReserves {
            denom: USDC.into(),
            amount: None,
            recipient: None,
        },
        ExecuteMsg::SettleLiquidation {
            owner: borrower.to_string(),
            account: None,
            collateral_denom: ATOM.into(),
            seize: u(1),
            protocol_fee: u(0),
            recipient: mallory.to_string(),
            treasury: mallory.to_string(),
        },
    ] {
        let funds = match msg {
            ExecuteMsg::SettleLiquidation { .. } => vec![coin(1, USDC)],
            _ => vec![],
        };
        assert_rejected(
            &mut env,
            &mallory,
            &msg,
            &funds,
            ContractError::Unauthorized,
        );
    }
    for msg in [
        ExecuteMsg::ProposeOwner {
            owner: mallory.to_string(),
        },
        ExecuteMsg::RenounceOwner {},
    ] {
        assert_rejected(
            &mut env,
            &mallory,
            &msg,
            &[],
            "unauthorized: the sender is not the owner",
        );
    }
    assert_rejected(
        &mut env,
        &mallory,
        &ExecuteMsg::AcceptOwner {},
        &[],
        "no ownership proposal is pending",
    );
}

#[test]
fn parameters_just_outside_every_bound() {
    let mut env = env();
    let owner = env.owner.clone();
    let coll = |m: &str, t: &str| CollateralParams {
        max_ltv: dec(m),
        liquidation_threshold: dec(t),
        deposit_cap: None,
    };
    let lending = |base: &str, s1: &str, s2: &str, opt: &str, rf: &str| LendingParams {
        rate_model: ballast_math::interest::RateModel {
            base: dec(base),
            slope1: dec(s1),
            slope2: dec(s2),
            optimal_utilization: dec(opt),
        },
        reserve_factor: dec(rf),
        supply_cap: None,
        borrow_cap: None,
    };
    // Without a liquidation contract the bonus max is 0.3: threshold · 1.3 < 1, so
    // 0.769 passes (0.9997) and 0.7693 fails (1.00009).
    let bad_collateral = [
        coll("0", "0.5"),
        coll("0.5", "0.5"),
        coll("0.6", "0.5"),
        coll("0.6", "1"),
        coll("0.6", "0.7693"),
    ];
    let bad_lending = [
        lending("0", "0.1", "1", "0", "0.1"),
        lending("0", "0.1", "1", "1", "0.1"),
        lending("0", "0.1", "1", "0.8", "1"),
        // r(1) = base + slope1 + slope2 ≤ 10
        lending("4", "3", "3.000000000000000001", "0.8", "0.1"),
        lending("10.000000000000000001", "0", "0", "0.8", "0.1"),
    ];
    for params in &bad_collateral {
        let msg = ExecuteMsg::UpdateAsset {
            denom: ATOM.into(),
            collateral: Some(params.clone()),
            lending: None,
            threshold_ramp_s: None,
        };
        let before = snapshot(&env, &[]);
        let err = env.vault().execute(&owner, &msg, &[]).unwrap_err();
        assert!(
            err.to_string().contains("invalid parameter"),
            "{params:?}: {err}"
        );
        assert_eq!(snapshot(&env, &[]), before);
    }
    for params in &bad_lending {
        // a bad lending update rejects the whole message, good collateral included
        let msg = ExecuteMsg::UpdateAsset {
            denom: ATOM.into(),
            collateral: Some(coll("0.5", "0.6")),
            lending: Some(params.clone()),
            threshold_ramp_s: None,
        };
        let before = snapshot(&env, &[]);
        let err = env.vault().execute(&owner, &msg, &[]).unwrap_err();
        assert!(
            err.to_string().contains("invalid parameter"),
            "{params:?}: {err}"
        );
        assert_eq!(snapshot(&env, &[]), before);
    }
    // The edges themselves pass.
    env.vault()
        .update_asset(&owner, ATOM, Some(coll("0.768", "0.769")), None)
        .unwrap();
    env.vault()
        .update_asset(
            &owner,
            ATOM,
            None,
            Some(lending("4", "3", "3", "0.99", "0.99")),
        )
        .unwrap();

    // Listing: decimals, denoms, missing price source, decimals mismatch, no params, twice.
    let spec = |denom: &str, decimals: u8| AssetSpec::new(denom, decimals).collateral("0.5", "0.6");
    env.oracle()
        .set_price_source(
            &owner,
            "uosmo",
            6,
            ballast_types::oracle::PriceSource::Fixed { price: d("0.5") },
        )
        .unwrap();
    let cases: Vec<(ExecuteMsg, String)> = vec![
        (
            spec("uosmo", 37).list_msg(),
            ContractError::invalid_param("decimals", "must be at most 36").to_string(),
        ),
        (
            spec("uosmo", 8).list_msg(),
            ContractError::DecimalsMismatch {
                denom: "uosmo".into(),
                listed: 8,
                oracle: 6,
            }
            .to_string(),
        ),
        (
            spec("unone", 6).list_msg(),
            ContractError::NoPriceSource {
                denom: "unone".into(),
            }
            .to_string(),
        ),
        (spec("u!", 6).list_msg(), "invalid denom".to_string()),
        (spec("UOSMO ", 6).list_msg(), "invalid denom".to_string()),
        (
            AssetSpec::new("uosmo", 6).list_msg(),
            "an asset needs collateral or lending".to_string(),
        ),
        (
            spec(ATOM, 6).list_msg(),
            ContractError::AssetAlreadyListed { denom: ATOM.into() }.to_string(),
        ),
        (
            ExecuteMsg::UpdateAsset {
                denom: "uosmo".into(),
                collateral: None,
                lending: None,
                threshold_ramp_s: None,
            },
            ContractError::AssetNotListed {
                denom: "uosmo".into(),
            }
            .to_string(),
        ),
    ];
    for (msg, expected) in cases {
        assert_rejected(&mut env, &owner, &msg, &[], expected);
    }

    // Configuration: max_assets_per_account 0 and 33 rejected, whole (with a valid field).
    for max in [0u8, 33] {
        let msg = ExecuteMsg::UpdateConfig {
            oracle: None,
            liquidation: None,
            treasury: None,
            guardian: None,
            min_debt_value: Some(u(1)),
            max_assets_per_account: Some(max),
        };
        assert_rejected(
            &mut env,
            &owner,
            &msg,
            &[],
            "invalid parameter max_assets_per_account",
        );
    }
    let msg = ExecuteMsg::UpdateConfig {
        oracle: Some("NOT VALID".into()),
        liquidation: None,
        treasury: None,
        guardian: None,
        min_debt_value: Some(u(1)),
        max_assets_per_account: None,
    };
    let before = snapshot(&env, &[]);
    assert!(env.vault().execute(&owner, &msg, &[]).is_err());
    assert_eq!(snapshot(&env, &[]), before);
}

#[test]
fn reserves_withdrawal_limits() {
    let (mut env, _lender, borrower) = busy_env();
    let owner = env.owner.clone();
    env.advance(31_536_000);
    env.vault()
        .repay(&borrower, &[coin(2_000_000, USDC)])
        .unwrap();
    let reserves = env.vault().market(USDC).unwrap().reserves;
    assert!(!reserves.is_zero());
    let msg = |amount: u128| ExecuteMsg::WithdrawReserves {
        denom: USDC.into(),
        amount: Some(u(amount)),
        recipient: None,
    };
    assert_rejected(&mut env, &owner, &msg(0), &[], ContractError::ZeroAmount);
    assert_rejected(
        &mut env,
        &owner,
        &msg(reserves.u128() + 1),
        &[],
        ContractError::InsufficientReserves {
            denom: USDC.into(),
            available: reserves,
            requested: reserves + u(1),
        },
    );
    assert_rejected(
        &mut env,
        &owner,
        &ExecuteMsg::WithdrawReserves {
            denom: ETH.into(),
            amount: None,
            recipient: None,
        },
        &[],
        ContractError::NotBorrowable { denom: ETH.into() },
    );
}

#[test]
fn page_limits() {
    let (env, _lender, _borrower) = busy_env();
    let q = |msg: &QueryMsg| {
        env.app
            .wrap()
            .query_wasm_smart::<serde::de::IgnoredAny>(&env.vault_addr, msg)
    };
    for msg in [
        QueryMsg::Positions {
            start_after: None,
            limit: Some(0),
            kind: None,
        },
        QueryMsg::Markets {
            start_after: None,
            limit: Some(0),
        },
        QueryMsg::Assets {
            start_after: None,
            limit: Some(0),
        },
        QueryMsg::Supplies {
            lender: env.owner.to_string(),
            start_after: None,
            limit: Some(0),
        },
        QueryMsg::Accounts {
            owner: env.owner.to_string(),
            start_after: None,
            limit: Some(0),
        },
    ] {
        assert_err(q(&msg), ContractError::InvalidLimit);
    }
    let assets: ballast_types::vault::AssetsResponse = env
        .app
        .wrap()
        .query_wasm_smart(
            &env.vault_addr,
            &QueryMsg::Assets {
                start_after: None,
                limit: Some(1_000_000_000),
            },
        )
        .unwrap();
    assert_eq!((assets.assets.len(), assets.next_start_after), (4, None));
    let positions = env
        .vault_handle()
        .query_positions(
            &env.app.wrap(),
            None,
            Some(1_000_000_000),
            PriceKind::Default,
        )
        .unwrap();
    assert_eq!(positions.positions.len(), 1);
}

#[test]
fn broken_prices_block_borrowing_but_never_repay_or_withdraw_without_debt() {
    let feed = "aa".repeat(32);
    let mut env = builder()
        .pyth_feed(PythFeed::new(
            &feed,
            1_000_000_000,
            -8,
            1_000_000,
            1_700_000_000,
        ))
        .build();
    let owner = env.owner.clone();
    let source = env.pyth_source(&feed);
    env.oracle()
        .set_price_source(&owner, "uosmo", 6, source)
        .unwrap();
    env.vault()
        .list_asset(&owner, &AssetSpec::new("uosmo", 6).collateral("0.5", "0.6"))
        .unwrap();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    let saver = user(&mut env, "saver");
    env.fund(&borrower, &[coin(10_000_000_000, "uosmo")]);
    env.fund(&saver, &[coin(10_000_000_000, "uosmo")]);
    env.vault()
        .supply(&lender, &[coin(1_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(1_000_000_000, "uosmo")])
        .unwrap();
    env.vault()
        .deposit(&saver, &[coin(1_000_000_000, "uosmo")])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(1_000_000, USDC))
        .unwrap();

    // The feed errors: borrowing and withdrawing with debt fail, state unchanged; repay and
    // withdraw-all without debt work.
    env.fail_pyth_feed(&feed).unwrap();
    let before = snapshot(&env, &[&borrower]);
    assert!(env.vault().borrow(&borrower, &coin(1, USDC)).is_err());
    assert!(env.vault().withdraw(&borrower, "uosmo", Some(1)).is_err());
    assert_eq!(snapshot(&env, &[&borrower]), before);
    env.vault()
        .repay(&borrower, &[coin(2_000_000, USDC)])
        .unwrap();
    env.vault().withdraw(&borrower, "uosmo", None).unwrap();
    env.vault().withdraw(&saver, "uosmo", None).unwrap();

    // A price of zero from the feed: the oracle refuses it, the same holds.
    env.vault()
        .deposit(&borrower, &[coin(1_000_000_000, "uosmo")])
        .unwrap();
    env.set_pyth_price(&feed, 1_000_000_000, -8, 1_000_000)
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(1_000_000, USDC))
        .unwrap();
    env.set_pyth_price(&feed, 0, -8, 0).unwrap();
    assert!(env.vault().borrow(&borrower, &coin(1, USDC)).is_err());
    env.vault()
        .repay(&borrower, &[coin(2_000_000, USDC)])
        .unwrap();

    // Stale: Default and Liquidation both fail, repay still works.
    env.set_pyth_price(&feed, 1_000_000_000, -8, 1_000_000)
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(1_000_000, USDC))
        .unwrap();
    env.advance(3_600);
    let err = env.vault().borrow(&borrower, &coin(1, USDC)).unwrap_err();
    assert!(
        err.to_string().contains("no Default price for uosmo"),
        "{err}"
    );
    // The liquidation context reports the stale collateral (counted zero) instead of failing.
    let ctx = env.vault().liquidation_context(&borrower, 0).unwrap();
    assert_eq!(ctx.position.missing_prices.len(), 1);
    assert_eq!(ctx.position.missing_prices[0].denom, "uosmo");
    assert!(
        ctx.position.missing_prices[0].reason.contains("stale"),
        "{ctx:?}"
    );
    assert_eq!(ctx.position.values().collateral_value.u128(), 0);
    assert!(!ctx.position.unpriceable);
    env.vault()
        .repay(&borrower, &[coin(2_000_000, USDC)])
        .unwrap();

    // Too uncertain for Default (conf 5 % > 2 %), fine for Liquidation.
    env.set_pyth_price(&feed, 1_000_000_000, -8, 50_000_000)
        .unwrap();
    assert!(env
        .vault()
        .borrow(&borrower, &coin(1_000_000, USDC))
        .is_err());
    let position = env
        .vault()
        .position(&borrower, 0, PriceKind::Default)
        .unwrap();
    assert_eq!(position.missing_prices[0].denom, "uosmo");
    let ctx = env.vault().liquidation_context(&borrower, 0).unwrap();
    assert_eq!(ctx.position.collaterals[0].price, d("10"));
}
