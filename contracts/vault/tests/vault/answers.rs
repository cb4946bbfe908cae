//! Every query answer is written by the compact writer (`ballast_compact::WriteJson`) and every
//! stored record through `ballast_kit::store`: here each answer's bytes, taken raw from the
//! contract, must be exactly what serde_json writes for the typed answer read from them. The
//! state behind them has every optional part filled at least once: positions with debt, a steward
//! with cooldowns running, a ramp in progress, a pending owner with an expiry, paged lists, and a
//! denom and an owner with characters JSON escapes (`"` cannot be in a denom; `/` and `.` can).

use ballast_types::oracle::PriceKind;
use ballast_types::ownership::{Expiration, OwnershipAction};
use ballast_types::vault::{CollateralParams, ExecuteMsg, PositionAction, QueryMsg};
use cosmwasm_std::{
    coin, from_json, to_json_binary, to_json_vec, ContractResult, Decimal, Empty, QueryRequest,
    SystemResult, Timestamp, Uint128, WasmQuery,
};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::common::*;
use ballast_testing::MockEnv;

/// The answer's raw bytes.
fn raw(env: &MockEnv, msg: &QueryMsg) -> Vec<u8> {
    let request: QueryRequest<Empty> = WasmQuery::Smart {
        contract_addr: env.vault_handle().addr().to_string(),
        msg: to_json_binary(msg).unwrap(),
    }
    .into();
    match env.app.wrap().raw_query(&to_json_vec(&request).unwrap()) {
        SystemResult::Ok(ContractResult::Ok(bytes)) => bytes.to_vec(),
        other => panic!("{msg:?}: {other:?}"),
    }
}

/// The answer, after checking that its bytes are serde_json's for it.
fn same<T: DeserializeOwned + Serialize>(env: &MockEnv, msg: QueryMsg) -> T {
    let bytes = raw(env, &msg);
    let typed: T = from_json(&bytes).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        String::from_utf8(to_json_vec(&typed).unwrap()).unwrap(),
        "{msg:?}"
    );
    typed
}

#[test]
fn every_answer_is_what_serde_json_writes() {
    let mut env = env();
    let owner = env.owner.clone();
    let lender = user(&mut env, "lender");
    let alice = user(&mut env, "alice");
    let steward = env.app.api().addr_make("risk-committee");
    env.vault()
        .supply(
            &lender,
            &[coin(1_000_000_000_000, USDC), coin(5_000_000, ATOM)],
        )
        .unwrap();
    env.vault()
        .deposit(&alice, &[coin(1_000_000_000, ATOM), coin(2_000_000, BTC)])
        .unwrap();
    env.vault()
        .borrow(&alice, &coin(2_000_000_000, USDC))
        .unwrap();
    env.vault()
        .execute(
            &owner,
            &ExecuteMsg::SetSteward {
                steward: Some(steward.to_string()),
                limits: None,
            },
            &[],
        )
        .unwrap();
    // the steward moves ATOM's LTV (a cooldown starts), the owner ramps its threshold down
    let atom = |ltv: u64, threshold: u64| CollateralParams {
        max_ltv: Decimal::percent(ltv),
        liquidation_threshold: Decimal::percent(threshold),
        deposit_cap: None,
    };
    env.vault()
        .execute(
            &steward,
            &ExecuteMsg::UpdateAsset {
                denom: ATOM.into(),
                collateral: Some(atom(58, 70)),
                lending: None,
                threshold_ramp_s: None,
            },
            &[],
        )
        .unwrap();
    env.vault()
        .execute(
            &owner,
            &ExecuteMsg::UpdateAsset {
                denom: ATOM.into(),
                collateral: Some(atom(55, 65)),
                lending: None,
                threshold_ramp_s: Some(86_400),
            },
            &[],
        )
        .unwrap();
    env.vault()
        .execute(
            &owner,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: steward.to_string(),
                expiry: Some(Expiration::AtTime(Timestamp::from_seconds(4_000_000_000))),
            }),
            &[],
        )
        .unwrap();
    env.app.update_block(|b| {
        b.height += 100;
        b.time = b.time.plus_seconds(3_600);
    });

    let who = alice.to_string();
    let assets: ballast_types::vault::AssetsResponse = same(
        &env,
        QueryMsg::Assets {
            start_after: None,
            limit: Some(2),
        },
    );
    assert!(assets.next_start_after.is_some());
    same::<ballast_types::vault::AssetsResponse>(
        &env,
        QueryMsg::Assets {
            start_after: assets.next_start_after,
            limit: None,
        },
    );
    let asset: ballast_types::vault::Asset = same(&env, QueryMsg::Asset { denom: ATOM.into() });
    assert!(asset.threshold_ramp.is_some_and(|r| r.current.is_some()));
    same::<ballast_types::vault::Asset>(&env, QueryMsg::Asset { denom: ETH.into() });
    for kind in [None, Some(PriceKind::Default), Some(PriceKind::Liquidation)] {
        let position: ballast_types::vault::PositionResponse = same(
            &env,
            QueryMsg::Position {
                owner: who.clone(),
                account: None,
                kind,
            },
        );
        assert!(!position.debts.is_empty() && position.ltv.is_some());
        same::<ballast_types::vault::PositionsResponse>(
            &env,
            QueryMsg::Positions {
                start_after: None,
                limit: Some(1),
                kind,
            },
        );
    }
    same::<ballast_types::vault::AccountsResponse>(
        &env,
        QueryMsg::Accounts {
            owner: who.clone(),
            start_after: None,
            limit: None,
        },
    );
    same::<ballast_types::vault::AccountResponse>(
        &env,
        QueryMsg::Account {
            owner: who.clone(),
            account: Some(0),
        },
    );
    same::<ballast_types::vault::MarketResponse>(&env, QueryMsg::Market { denom: USDC.into() });
    same::<ballast_types::vault::MarketsResponse>(
        &env,
        QueryMsg::Markets {
            start_after: None,
            limit: Some(1),
        },
    );
    same::<ballast_types::vault::SupplyResponse>(
        &env,
        QueryMsg::SupplyPosition {
            lender: lender.to_string(),
            denom: USDC.into(),
        },
    );
    same::<ballast_types::vault::SuppliesResponse>(
        &env,
        QueryMsg::Supplies {
            lender: lender.to_string(),
            start_after: None,
            limit: None,
        },
    );
    same::<ballast_types::vault::Config>(&env, QueryMsg::Config {});
    let cooldowns: ballast_types::governance::StewardResponse = same(
        &env,
        QueryMsg::Steward {
            denom: Some(ATOM.into()),
        },
    );
    assert!(!cooldowns.cooldowns.is_empty());
    same::<ballast_types::governance::StewardResponse>(&env, QueryMsg::Steward { denom: None });
    let ownership: ballast_types::ownership::Ownership = same(&env, QueryMsg::Ownership {});
    assert!(ownership.pending_expiry.is_some());
    same::<ballast_types::vault::LiquidationContextResponse>(
        &env,
        QueryMsg::LiquidationContext {
            owner: who.clone(),
            account: None,
        },
    );
    same::<ballast_types::vault::RiskSummaryResponse>(&env, QueryMsg::RiskSummary {});
    same::<ballast_types::vault::MaxAmountResponse>(
        &env,
        QueryMsg::MaxBorrow {
            owner: who.clone(),
            account: None,
            denom: USDC.into(),
        },
    );
    same::<ballast_types::vault::MaxAmountResponse>(
        &env,
        QueryMsg::MaxWithdraw {
            owner: who.clone(),
            account: None,
            denom: ATOM.into(),
        },
    );
    let simulated: ballast_types::vault::SimulatePositionResponse = same(
        &env,
        QueryMsg::SimulatePosition {
            owner: who,
            account: None,
            actions: vec![
                PositionAction::Borrow {
                    denom: USDC.into(),
                    amount: Uint128::new(1),
                },
                // refused: an error text in the answer
                PositionAction::Withdraw {
                    denom: ATOM.into(),
                    amount: Uint128::new(10u128.pow(12)),
                },
            ],
        },
    );
    assert!(simulated.actions.iter().any(|a| a.error.is_some()));
}
