//! Every message and query of the vault, on the happy path and its variants (sub-accounts, on
//! behalf, recipients, several coins, paging, governance, ownership, migration).

mod common;

use ballast_testing::{assert_err, contract_vault, dec, test_rate_model, MockEnv};
use ballast_types::events::{
    AcceptOwnershipEvent, BallastEvent, ListAssetEvent, RenounceOwnershipEvent, SetPausedEvent,
    TransferOwnershipEvent, UpdateAssetEvent, UpdateConfigEvent,
};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{
    AssetsResponse, ExecuteMsg, InstantiateMsg, LendingParams, MigrateMsg, PausedActions, QueryMsg,
    SuppliesResponse,
};
use ballast_vault::ContractError;
use common::*;
use cosmwasm_std::{coin, Decimal, Uint128};
use cw_multi_test::Executor;

#[test]
fn instantiate_validates_its_configuration() {
    let mut env = env();
    let code_id = env.app.store_code(contract_vault());
    let owner = env.owner.clone();
    let good = InstantiateMsg {
        owner: owner.to_string(),
        oracle: env.oracle_addr.to_string(),
        liquidation: None,
        treasury: env.treasury.to_string(),
        guardian: None,
        min_debt_value: Uint128::new(10),
        max_assets_per_account: 32,
    };
    let mut inst = |msg: &InstantiateMsg| {
        env.app
            .instantiate_contract(code_id, owner.clone(), msg, &[], "v", None)
    };
    assert!(inst(&good).is_ok());
    for bad in [
        InstantiateMsg {
            max_assets_per_account: 0,
            ..good.clone()
        },
        InstantiateMsg {
            max_assets_per_account: 33,
            ..good.clone()
        },
        InstantiateMsg {
            owner: owner.to_string().to_uppercase(),
            ..good.clone()
        },
        InstantiateMsg {
            treasury: "treasury".into(),
            ..good.clone()
        },
        InstantiateMsg {
            liquidation: Some("x".into()),
            ..good.clone()
        },
    ] {
        assert!(inst(&bad).is_err(), "{bad:?}");
    }
}

#[test]
fn config_owner_assets_and_paging() {
    let mut env = env();
    let config = env.vault().config().unwrap();
    assert_eq!(config.oracle, env.oracle_addr);
    assert_eq!(config.treasury, env.treasury);
    assert_eq!(config.guardian, Some(env.guardian.clone()));
    // MockEnv registers its liquidation contract in the vault.
    assert_eq!(config.liquidation, Some(env.liquidation_addr.clone()));
    assert_eq!(config.max_assets_per_account, 8);
    assert_eq!(
        env.vault().owner().unwrap().owner,
        Some(env.owner.to_string())
    );

    let atom = env.vault().asset(ATOM).unwrap();
    assert_eq!(atom.decimals, 6);
    assert_eq!(atom.collateral.unwrap().max_ltv, dec("0.6"));
    assert_eq!(atom.lending.unwrap().reserve_factor, dec("0.2"));
    assert_eq!(atom.paused, PausedActions::default());
    assert!(env.vault().asset(ETH).unwrap().lending.is_none());
    assert_err(
        env.vault().asset("ufoo"),
        ContractError::AssetNotListed {
            denom: "ufoo".into(),
        },
    );

    // Assets ordered by denom: sat, uatom, uusdc, wei; pages of 2. The cursor is the last denom
    // of a page when more follow, `None` on the last page, even when that page is full.
    let mut assets = |start_after: Option<&str>, limit: Option<u32>| {
        let page: AssetsResponse = env
            .vault()
            .query(&QueryMsg::Assets {
                start_after: start_after.map(str::to_string),
                limit,
            })
            .unwrap();
        let denoms: Vec<String> = page.assets.iter().map(|a| a.denom.clone()).collect();
        (denoms, page.next_start_after)
    };
    assert_eq!(
        assets(None, Some(2)),
        (vec![BTC.to_string(), ATOM.into()], Some(ATOM.to_string()))
    );
    assert_eq!(
        assets(Some(ATOM), Some(2)),
        (vec![USDC.to_string(), ETH.into()], None)
    );
    assert_eq!(
        assets(Some(ATOM), None),
        (vec![USDC.to_string(), ETH.into()], None)
    );
    assert_eq!(
        assets(Some(BTC), Some(1)),
        (vec![ATOM.to_string()], Some(ATOM.to_string()))
    );
    assert_eq!(assets(Some(ETH), None), (vec![], None));
    // Markets exist only for borrowable assets.
    let markets = env.vault().markets(None, None).unwrap();
    assert_eq!(
        markets
            .markets
            .iter()
            .map(|m| m.denom.as_str())
            .collect::<Vec<_>>(),
        vec![BTC, ATOM, USDC]
    );
    assert_eq!(markets.next_start_after, None);
    let first = env.vault().markets(None, Some(2)).unwrap();
    assert_eq!(first.markets.len(), 2);
    assert_eq!(first.next_start_after.as_deref(), Some(ATOM));
    let last = env.vault().markets(Some(ATOM), Some(1)).unwrap();
    assert_eq!(last.markets[0].denom, USDC);
    assert_eq!(last.next_start_after, None);
    assert_err(
        env.vault().market(ETH),
        ContractError::NotBorrowable { denom: ETH.into() },
    );
    let m = env.vault().market(USDC).unwrap();
    assert_eq!((m.supply_index, m.borrow_index), (d("1"), d("1")));
    assert_eq!(
        (m.utilization, m.borrow_rate),
        (Decimal::zero(), dec("0.02"))
    );
}

#[test]
fn sub_accounts_on_behalf_recipients_and_several_coins() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    let friend = user(&mut env, "friend");
    let other = env.addr("other");
    env.vault()
        .supply(
            &lender,
            &[coin(1_000_000_000_000, USDC), coin(1_000_000_000, BTC)],
        )
        .unwrap();

    // Two coins at once into account 0; a friend deposits into alice's account 3.
    let ev = env
        .vault()
        .deposit(
            &alice,
            &[coin(1_000_000, ATOM), coin(1_000_000_000_000_000_000, ETH)],
        )
        .unwrap();
    assert_eq!(ev.coins.len(), 2);
    // A third party may not open a position or add a new asset to it (INVARIANTS 30) ...
    assert_err(
        env.vault()
            .deposit_to(&friend, 3, Some(&alice), &[coin(2_000_000, ATOM)]),
        "only the owner may add uatom to account",
    );
    assert!(env.vault().accounts(&alice).unwrap().accounts == vec![0]);
    // ... but may top up what the owner holds.
    env.vault()
        .deposit_to(&alice, 3, None, &[coin(1_000_000, ATOM)])
        .unwrap();
    let ev = env
        .vault()
        .deposit_to(&friend, 3, Some(&alice), &[coin(1_000_000, ATOM)])
        .unwrap();
    assert_eq!(
        (ev.sender, ev.owner, ev.account),
        (friend.to_string(), alice.to_string(), 3)
    );
    assert_eq!(env.vault().accounts(&alice).unwrap().accounts, vec![0, 3]);
    let page = env
        .vault()
        .query::<ballast_types::vault::AccountsResponse>(&QueryMsg::Accounts {
            owner: alice.to_string(),
            start_after: Some(0),
            limit: Some(1),
        })
        .unwrap();
    assert_eq!((page.accounts, page.next_start_after), (vec![3], None));
    let page = env
        .vault()
        .query::<ballast_types::vault::AccountsResponse>(&QueryMsg::Accounts {
            owner: alice.to_string(),
            start_after: None,
            limit: Some(1),
        })
        .unwrap();
    assert_eq!((page.accounts, page.next_start_after), (vec![0], Some(0)));
    assert!(env.vault().accounts(&friend).unwrap().accounts.is_empty());

    // Account 3 borrows two assets, paid to another address; account 0 is isolated from it.
    // Account 3: C = 2·10^7, B = 1.2·10^7.
    let ev = env
        .vault()
        .borrow_from(&alice, 3, &coin(6_000_000, USDC), Some(&other))
        .unwrap();
    assert_eq!(ev.recipient, other.to_string());
    env.vault()
        .borrow_from(&alice, 3, &coin(10_000, BTC), None)
        .unwrap();
    assert_eq!(bal(&env, &other, USDC), 6_000_000);
    assert_eq!(env.vault().max_borrow(&alice, 3, USDC).unwrap().u128(), 0);
    let p0 = env.vault().position(&alice, 0, PriceKind::Default).unwrap();
    assert!(p0.debts.is_empty());
    assert_eq!(p0.health_factor, None);
    assert_eq!(p0.leverage, Some(Decimal::one().into()));
    // Account 0: C = 10^7 + 3·10^9, B = 6·10^6 + 2.1·10^9: it can still borrow 2,106,000,000.
    assert_eq!(
        env.vault().max_borrow(&alice, 0, USDC).unwrap().u128(),
        2_106_000_000
    );
    let p3 = env.vault().position(&alice, 3, PriceKind::Default).unwrap();
    assert_eq!(p3.debts.len(), 2);
    assert_eq!(p3.debt_value.u128(), 12_000_000);

    // Positions pages over debtors only: just (alice, 3).
    let page = env
        .vault()
        .positions(None, None, PriceKind::Default)
        .unwrap();
    assert_eq!(page.next_start_after, None);
    let positions = page.positions;
    assert_eq!(positions.len(), 1);
    assert_eq!(
        (positions[0].owner.as_str(), positions[0].account),
        (alice.as_str(), 3)
    );
    assert!(env
        .vault()
        .positions(Some((alice.to_string(), 3)), None, PriceKind::Default)
        .unwrap()
        .positions
        .is_empty());

    // A friend repays both debts of account 3 with two coins; the excess of each is refunded.
    let friend_usdc = bal(&env, &friend, USDC);
    let ev = env
        .vault()
        .repay_for(
            &friend,
            3,
            Some(&alice),
            &[coin(7_000_000, USDC), coin(20_000, BTC)],
        )
        .unwrap();
    assert_eq!(ev.repaid, vec![coin(6_000_000, USDC), coin(10_000, BTC)]);
    assert_eq!(ev.refunded, vec![coin(1_000_000, USDC), coin(10_000, BTC)]);
    assert_eq!(bal(&env, &friend, USDC), friend_usdc - 6_000_000);
    assert!(env
        .vault()
        .positions(None, None, PriceKind::Default)
        .unwrap()
        .positions
        .is_empty());

    // Withdraw to another recipient.
    let ev = env
        .vault()
        .withdraw_from(&alice, 3, ATOM, Some(500_000), Some(&other))
        .unwrap();
    assert_eq!(ev.amount.u128(), 500_000);
    assert_eq!(bal(&env, &other, ATOM), 500_000);
}

#[test]
fn lenders_supply_on_behalf_redeem_and_page_supplies() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let beneficiary = env.addr("beneficiary");
    let msg = ExecuteMsg::Supply {
        on_behalf_of: Some(beneficiary.to_string()),
    };
    env.vault()
        .execute(&lender, &msg, &[coin(1_000, USDC), coin(2_000, ATOM)])
        .unwrap();
    let page: SuppliesResponse = env
        .vault()
        .query(&QueryMsg::Supplies {
            lender: beneficiary.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(
        (page.lender.as_str(), page.next_start_after.as_deref()),
        (beneficiary.as_str(), None)
    );
    let supplies = page.supplies;
    assert_eq!(
        supplies
            .iter()
            .map(|s| (s.denom.as_str(), s.amount.u128()))
            .collect::<Vec<_>>(),
        vec![(ATOM, 2_000), (USDC, 1_000)]
    );
    assert_eq!(supplies[0].shares.u128(), 2_000_000_000);
    let page: SuppliesResponse = env
        .vault()
        .query(&QueryMsg::Supplies {
            lender: beneficiary.to_string(),
            start_after: None,
            limit: Some(1),
        })
        .unwrap();
    assert_eq!(page.supplies[0].denom, ATOM);
    assert_eq!(page.next_start_after.as_deref(), Some(ATOM));
    let page: SuppliesResponse = env
        .vault()
        .query(&QueryMsg::Supplies {
            lender: beneficiary.to_string(),
            start_after: page.next_start_after,
            limit: Some(5),
        })
        .unwrap();
    assert_eq!(page.next_start_after, None);
    let supplies = page.supplies;
    assert_eq!(supplies.len(), 1);
    assert_eq!(
        env.vault().supply_of(&lender, USDC).unwrap().shares.u128(),
        0
    );

    // Partial redeem to another recipient, then the rest.
    let msg = ExecuteMsg::Redeem {
        denom: USDC.into(),
        amount: Some(Uint128::new(400)),
        recipient: Some(lender.to_string()),
    };
    let before = bal(&env, &lender, USDC);
    env.vault().execute(&beneficiary, &msg, &[]).unwrap();
    assert_eq!(bal(&env, &lender, USDC), before + 400);
    let ev = env.vault().redeem(&beneficiary, USDC, None).unwrap();
    assert_eq!(ev.amount.u128(), 600);
    assert_eq!(
        env.vault()
            .supply_of(&beneficiary, USDC)
            .unwrap()
            .shares
            .u128(),
        0
    );
}

#[test]
fn governance_list_update_pause_config_reserves() {
    let mut env = builder().fixed_price("uosmo", 6, d("0.5")).build();
    let owner = env.owner.clone();
    let guardian = env.guardian.clone();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");

    // List a lending-only asset.
    let spec = ballast_testing::AssetSpec::new("uosmo", 6).lending(test_rate_model(), "0.5");
    let res = env.vault().list_asset(&owner, &spec).unwrap();
    let ev = ListAssetEvent::find(&res.events).unwrap();
    assert_eq!(
        (ev.denom.as_str(), ev.decimals, ev.collateral.is_none()),
        ("uosmo", 6, true)
    );
    env.fund(&borrower, &[coin(1_000, "uosmo")]);
    assert_err(
        env.vault().deposit(&borrower, &[coin(1_000, "uosmo")]),
        ContractError::NotCollateral {
            denom: "uosmo".into(),
        },
    );

    // UpdateAsset accrues first: half a year at r = 0.07 (U = 0.4) gives borrow index 1.035
    // and reserves 10% of 4·10^11 · 0.035 = 1.4·10^9; the new model then applies.
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(100_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(400_000_000_000, USDC))
        .unwrap();
    env.advance(31_536_000 / 2);
    let new_model = ballast_math::interest::RateModel {
        base: dec("0.5"),
        slope1: dec("0"),
        slope2: dec("0"),
        optimal_utilization: dec("0.5"),
    };
    let lending = LendingParams {
        rate_model: new_model,
        reserve_factor: dec("0"),
        supply_cap: None,
        borrow_cap: None,
    };
    let res = env
        .vault()
        .update_asset(&owner, USDC, None, Some(lending.clone()))
        .unwrap();
    let ev = UpdateAssetEvent::find(&res.events).unwrap();
    assert_eq!((ev.collateral, ev.lending), (None, Some(lending)));
    let m = env.vault().market(USDC).unwrap();
    assert_eq!(m.borrow_index, d("1.035"));
    assert_eq!(m.reserves.u128(), 1_400_000_000);
    assert_eq!(m.borrow_rate, dec("0.5"));
    // Collateral parameters were not given: unchanged.
    assert_eq!(
        env.vault().asset(USDC).unwrap().collateral.unwrap().max_ltv,
        dec("0.7")
    );
    // Another half year at a flat 50 %, no reserve factor: index 1.035 · 1.25 = 1.29375.
    env.advance(31_536_000 / 2);
    let m = env.vault().market(USDC).unwrap();
    assert_eq!(m.borrow_index, d("1.29375"));
    assert_eq!(m.reserves.u128(), 1_400_000_000);

    // Pauses by the guardian and by the owner, with their event.
    let actions = PausedActions {
        borrow: true,
        ..Default::default()
    };
    let res = env.vault().set_paused(&guardian, USDC, actions).unwrap();
    assert_eq!(SetPausedEvent::find(&res.events).unwrap().actions, actions);
    assert_eq!(env.vault().asset(USDC).unwrap().paused, actions);
    env.vault()
        .set_paused(&owner, USDC, PausedActions::default())
        .unwrap();
    assert_eq!(
        env.vault().asset(USDC).unwrap().paused,
        PausedActions::default()
    );

    // UpdateConfig: only what is given changes.
    let new_guardian = env.addr("guardian2");
    let msg = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: None,
        treasury: None,
        guardian: Some(new_guardian.to_string()),
        min_debt_value: Some(Uint128::new(77)),
        max_assets_per_account: Some(3),
    };
    let res = env.vault().execute(&owner, &msg, &[]).unwrap();
    let ev = UpdateConfigEvent::find(&res.events).unwrap();
    assert_eq!(
        (ev.guardian, ev.oracle),
        (Some(new_guardian.to_string()), None)
    );
    let config = env.vault().config().unwrap();
    assert_eq!(config.guardian, Some(new_guardian));
    assert_eq!(
        (config.min_debt_value.u128(), config.max_assets_per_account),
        (77, 3)
    );
    assert_eq!(config.treasury, env.treasury);
    assert_err(
        env.vault().set_paused(&guardian, USDC, actions),
        ContractError::Unauthorized,
    );

    // Reserves to an explicit recipient.
    let to = env.addr("grants");
    let msg = ExecuteMsg::WithdrawReserves {
        denom: USDC.into(),
        amount: Some(Uint128::new(1_000)),
        recipient: Some(to.to_string()),
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
    assert_eq!(bal(&env, &to, USDC), 1_000);
    assert_eq!(
        env.vault().market(USDC).unwrap().reserves.u128(),
        1_399_999_000
    );
}

#[test]
fn ownership_moves_only_propose_then_accept() {
    let mut env = env();
    let owner = env.owner.clone();
    let next = env.addr("next");
    let res = env
        .vault()
        .execute(
            &owner,
            &ExecuteMsg::ProposeOwner {
                owner: next.to_string(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(
        TransferOwnershipEvent::find(&res.events)
            .unwrap()
            .pending_owner,
        next.to_string()
    );
    assert_eq!(
        env.vault().owner().unwrap().proposed_owner,
        Some(next.to_string())
    );
    // Still the old owner until accepted.
    let pause = ExecuteMsg::SetPaused {
        denom: ATOM.into(),
        actions: PausedActions::default(),
    };
    env.vault().execute(&owner, &pause, &[]).unwrap();
    let res = env
        .vault()
        .execute(&next, &ExecuteMsg::AcceptOwner {}, &[])
        .unwrap();
    assert_eq!(
        AcceptOwnershipEvent::find(&res.events)
            .unwrap()
            .previous_owner,
        owner.to_string()
    );
    assert_err(
        env.vault().execute(&owner, &pause, &[]),
        ContractError::Unauthorized,
    );
    env.vault().execute(&next, &pause, &[]).unwrap();
    let res = env
        .vault()
        .execute(&next, &ExecuteMsg::RenounceOwner {}, &[])
        .unwrap();
    RenounceOwnershipEvent::find(&res.events).unwrap();
    assert_eq!(env.vault().owner().unwrap().owner, None);
    assert_err(
        env.vault().execute(&next, &pause, &[]),
        ContractError::Unauthorized,
    );
    // The guardian can still pause.
    let guardian = env.guardian.clone();
    env.vault().execute(&guardian, &pause, &[]).unwrap();
    assert_err(
        env.vault().execute(
            &owner,
            &ExecuteMsg::ProposeOwner {
                owner: "NOT VALID".into(),
            },
            &[],
        ),
        "",
    );
}

#[test]
fn risk_summary_totals_and_price_fallback() {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(1_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(6_000_000_000, USDC))
        .unwrap();
    // Collateral: 10^9 uatom at 10 = 10^10; supplied 10^12 USDC; debt 6·10^9 USDC.
    // Aggregate LTV = 6·10^9 / 10^10 = 0.6; leverage = 10^10 / 4·10^9 = 2.5.
    let r = env.vault().risk_summary().unwrap();
    assert_eq!(r.collateral_value.u128(), 10_000_000_000);
    assert_eq!(r.supplied_value.u128(), 1_000_000_000_000);
    assert_eq!(r.debt_value.u128(), 6_000_000_000);
    assert_eq!((r.ltv, r.leverage), (Some(d("0.6")), Some(d("2.5"))));
    let atom = r.assets.iter().find(|a| a.denom == ATOM).unwrap();
    assert_eq!(
        (atom.total_collateral.u128(), atom.price_kind),
        (1_000_000_000, Some(PriceKind::Default))
    );
    let usdc = r.assets.iter().find(|a| a.denom == USDC).unwrap();
    assert_eq!(
        (usdc.total_supplied.u128(), usdc.total_debt.u128()),
        (1_000_000_000_000, 6_000_000_000)
    );

    // Without a price for ETH the others are still priced, ETH is left out.
    let owner = env.owner.clone();
    env.oracle().remove_price_source(&owner, ETH).unwrap();
    let r = env.vault().risk_summary().unwrap();
    let eth = r.assets.iter().find(|a| a.denom == ETH).unwrap();
    assert_eq!((eth.price, eth.collateral_value), (None, None));
    assert_eq!(r.collateral_value.u128(), 10_000_000_000);
}

/// Regression (issue "Liquidations that never stall", item 6): the vault accepted migrating to
/// its own version; INVARIANTS 27 says newer only, the rule the oracle and liquidation follow.
#[test]
fn migration_to_the_same_version_is_refused() {
    let mut env = env();
    let owner = env.owner.clone();
    let (vault, code) = (env.vault_addr.clone(), env.vault_code_id);
    let version = env!("CARGO_PKG_VERSION");
    let stored = |env: &MockEnv| {
        cw2::query_contract_info(&env.app.wrap(), &env.vault_addr)
            .unwrap()
            .version
    };
    assert_err(
        env.app
            .migrate_contract(owner.clone(), vault.clone(), &MigrateMsg {}, code),
        format!("cannot migrate from version {version} to {version}"),
    );
    // Pretend the stored state comes from a newer version: refused.
    let set = |env: &mut MockEnv, name: &str, v: &str| {
        let mut storage = env.app.contract_storage_mut(&env.vault_addr.clone());
        cw2::set_contract_version(storage.as_mut(), name, v).unwrap();
    };
    set(&mut env, "crates.io:ballast-vault", "99.0.0");
    assert_err(
        env.app
            .migrate_contract(owner.clone(), vault.clone(), &MigrateMsg {}, code),
        format!("cannot migrate from version 99.0.0 to {version}"),
    );
    assert_eq!(stored(&env), "99.0.0");
    set(&mut env, "crates.io:other", "0.0.1");
    assert_err(
        env.app
            .migrate_contract(owner.clone(), vault.clone(), &MigrateMsg {}, code),
        "cannot migrate from contract crates.io:other",
    );
    // From an older version of the vault: accepted and recorded.
    set(&mut env, "crates.io:ballast-vault", "0.0.1");
    env.app
        .migrate_contract(owner, vault, &MigrateMsg {}, code)
        .unwrap();
    assert_eq!(stored(&env), version);
}

/// INVARIANTS 32: `{"withdraw":{"denom":"uatom","ammount":"1"}}` used to read as "amount
/// omitted", i.e. withdraw everything. A misspelt field is now an error naming it, and nothing
/// moves; queries likewise.
#[test]
fn misspelt_fields_are_rejected_and_change_nothing() {
    let mut env = env();
    let alice = user(&mut env, "alice");
    env.vault()
        .deposit(&alice, &[coin(10_000_000, ATOM)])
        .unwrap();
    let vault = env.vault_addr.clone();
    let before = (
        env.vault().account(&alice, 0).unwrap(),
        bal(&env, &alice, ATOM),
    );
    for json in [
        r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#,
        r#"{"deposit":{"acount":1}}"#,
    ] {
        let funds = if json.contains("deposit") {
            vec![coin(1, ATOM)]
        } else {
            vec![]
        };
        let err = cw_multi_test::Executor::execute(
            &mut env.app,
            alice.clone(),
            cosmwasm_std::WasmMsg::Execute {
                contract_addr: vault.to_string(),
                msg: cosmwasm_std::Binary::from(json.as_bytes()),
                funds,
            }
            .into(),
        )
        .unwrap_err();
        assert!(
            format!("{err:?}").contains("unknown field `a"),
            "{json}: {err:?}"
        );
    }
    let after = (
        env.vault().account(&alice, 0).unwrap(),
        bal(&env, &alice, ATOM),
    );
    assert_eq!(before, after);
    let query = cosmwasm_std::WasmQuery::Smart {
        contract_addr: vault.to_string(),
        msg: cosmwasm_std::Binary::from(
            br#"{"market":{"denom":"uusdc","verbose":true}}"#.as_slice(),
        ),
    };
    let err = env
        .app
        .wrap()
        .query::<cosmwasm_std::Empty>(&query.into())
        .unwrap_err();
    assert!(err.to_string().contains("unknown field `verbose`"), "{err}");
}
