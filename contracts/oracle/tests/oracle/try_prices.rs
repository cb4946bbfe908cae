//! `TryPrices`: one answer per denom, a price or the reason there is none; one bad denom never
//! fails the batch, a bad list does.

use ballast_oracle::ContractError;
use ballast_testing::{assert_err, feeds, MockEnv, PythParams};
use ballast_types::oracle::{PriceKind, QueryMsg, TryPriceResponse};
use cosmwasm_std::{Decimal256, StdResult};

use crate::common::dec;

/// `TryPrices` sent as given (an empty list too).
fn try_prices(
    env: &MockEnv,
    denoms: &[&str],
    kind: Option<PriceKind>,
) -> StdResult<Vec<TryPriceResponse>> {
    let denoms = denoms.iter().map(|d| d.to_string()).collect();
    env.app
        .wrap()
        .query_wasm_smart(&env.oracle_addr, &QueryMsg::TryPrices { denoms, kind })
}

/// `uusdc` fixed at 1; `uatom` (10 USD) and `wei` (3,000 USD) on Pyth, 60 s at `Default`, one
/// hour at `Liquidation`.
fn env() -> MockEnv {
    MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .pyth_params(PythParams {
            liquidation_max_staleness_s: Some(3_600),
            ..PythParams::default()
        })
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .pyth_price("wei", 18, feeds::ETH_USD, 300_000_000_000, -8, 0)
        .build()
}

#[test]
fn try_prices_answers_each_denom_in_order() {
    let mut env = env();
    env.advance(90);
    // Fresh again for wei, then its Pyth contract fails; uatom stays 90 s old.
    env.set_pyth_price(feeds::ETH_USD, 300_000_000_000, -8, 0)
        .unwrap();
    env.fail_pyth_feed(feeds::ETH_USD).unwrap();

    let answers = try_prices(
        &env,
        &["uusdc", "uatom", "unknown", "wei"],
        Some(PriceKind::Default),
    )
    .unwrap();
    let denoms: Vec<&str> = answers.iter().map(|a| a.denom.as_str()).collect();
    assert_eq!(denoms, ["uusdc", "uatom", "unknown", "wei"]);
    assert!(answers.iter().all(|a| a.kind == PriceKind::Default));
    // Exactly one of price and error, everywhere.
    assert!(answers
        .iter()
        .all(|a| a.price.is_some() != a.error.is_some()));

    assert_eq!(answers[0].price, Some(Decimal256::one()));
    assert_eq!(answers[1].price, None);
    assert_eq!(
        answers[1].error.as_deref(),
        Some(
            ContractError::PriceStale {
                denom: "uatom".into(),
                age_s: 90,
                max_s: 60,
            }
            .to_string()
            .as_str()
        )
    );
    assert_eq!(
        answers[2].error.as_deref(),
        Some(
            ContractError::UnknownDenom {
                denom: "unknown".into(),
            }
            .to_string()
            .as_str()
        )
    );
    let wei_error = answers[3].error.as_deref().unwrap();
    assert!(
        wei_error.starts_with("Pyth query for wei failed"),
        "{wei_error}"
    );
    assert!(
        wei_error.contains(&format!("mock pyth: feed {} fails", feeds::ETH_USD)),
        "{wei_error}"
    );

    // Each answer is what `Price` alone gives for that denom.
    for answer in &answers {
        match env.price(&answer.denom, PriceKind::Default) {
            Ok(price) => assert_eq!(answer.price, Some(price.price)),
            Err(err) => {
                let error = answer.error.as_deref().unwrap();
                assert!(err.to_string().contains(error), "{err} / {error}");
            }
        }
    }

    // At Liquidation kind the 90 s old ATOM price is within its one-hour bound.
    let answers = try_prices(&env, &["uatom", "uusdc"], Some(PriceKind::Liquidation)).unwrap();
    assert_eq!(
        answers,
        vec![
            TryPriceResponse {
                denom: "uatom".into(),
                kind: PriceKind::Liquidation,
                price: Some(dec("10")),
                error: None,
            },
            TryPriceResponse {
                denom: "uusdc".into(),
                kind: PriceKind::Liquidation,
                price: Some(Decimal256::one()),
                error: None,
            },
        ]
    );

    // `kind` omitted: Default. Through the typed handle: one query, same answers.
    assert_eq!(
        try_prices(&env, &["uusdc"], None).unwrap()[0].kind,
        PriceKind::Default
    );
    let denoms = vec!["wei".to_string(), "uusdc".to_string()];
    let answers = env
        .oracle_handle()
        .query_try_prices(&env.app.wrap(), &denoms, PriceKind::Liquidation)
        .unwrap();
    assert!(answers[0].error.is_some());
    assert_eq!(answers[1].price, Some(Decimal256::one()));
}

#[test]
fn try_prices_rejects_bad_denom_lists() {
    let env = env();
    assert_err(try_prices(&env, &[], None), ContractError::EmptyDenoms);
    assert_err(
        try_prices(&env, &["uatom", "unknown", "uatom"], None),
        ContractError::DuplicateDenom {
            denom: "uatom".into(),
        },
    );
    let many: Vec<String> = (0..33).map(|i| format!("denom{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_err(
        try_prices(&env, &many, None),
        ContractError::TooManyDenoms { count: 33, max: 32 },
    );
    // 32 unknown denoms are 32 answers, not an error.
    let answers = try_prices(&env, &many[..32], None).unwrap();
    assert_eq!(answers.len(), 32);
    assert!(answers.iter().all(|a| a.price.is_none()));
}
