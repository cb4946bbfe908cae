//! The wire: misspelt fields are rejected (INVARIANTS 32), and each Pyth feed is queried once per
//! evaluation (each query is a contract call, about 60k gas).

use std::cell::Cell;
use std::rc::Rc;

use ballast_oracle::contract;
use ballast_testing::Ownable;
use ballast_testing::{feeds, MockEnv};
use ballast_types::oracle::{
    ExecuteMsg, InstantiateMsg, PriceKind, PriceResponse, PriceSource, QueryMsg, TryPriceResponse,
};
use ballast_types::pyth::{PriceFeed, PriceFeedResponse, PythPrice, PythQueryMsg};
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Binary, ContractResult, CosmosMsg, Decimal, Int64, OwnedDeps,
    QueryRequest, SystemResult, Uint64, WasmMsg, WasmQuery,
};
use cw_multi_test::Executor;

use crate::helpers::{dec, snapshot};

#[test]
fn misspelt_fields_are_rejected_and_change_nothing() {
    let mut env = MockEnv::builder()
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    let owner = env.owner.clone();
    let before = snapshot(&mut env);
    let pyth = env.pyth_addr.to_string();
    let feed = feeds::ATOM_USD;
    let executes = [
        (
            r#"{"remove_price_source":{"denomm":"uatom"}}"#.to_string(),
            "unknown field `denomm`, expected `denom`",
        ),
        // A misspelt Liquidation bound must not read as "omitted" (= the Default bound).
        (
            format!(
                r#"{{"set_price_source":{{"denom":"uatom","decimals":6,"source":{{"pyth":{{"contract":"{pyth}","feed_id":"{feed}","max_staleness_s":60,"liquidation_max_stalenes_s":3600,"max_confidence":"0.02","max_ema_deviation":"0.1"}}}}}}}}"#
            ),
            "unknown field `liquidation_max_stalenes_s`, expected one of `contract`, `feed_id`, `max_staleness_s`, `liquidation_max_staleness_s`, `max_confidence`, `max_ema_deviation`",
        ),
        (
            r#"{"set_price_source":{"denom":"uatom","decimals":6,"source":{"fixed":{"price":"1","prise":"2"}}}}"#.to_string(),
            "unknown field `prise`, expected `price`",
        ),
        // A misspelt expiry must not read as "omitted" (= a proposal that never lapses).
        (
            r#"{"update_ownership":{"transfer_ownership":{"new_owner":"x","expiri":{"at_height":1}}}}"#.to_string(),
            "unknown field `expiri`, expected `new_owner` or `expiry`",
        ),
    ];
    for (json, expected) in executes {
        let msg = CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: env.oracle_addr.to_string(),
            msg: Binary::from(json.as_bytes()),
            funds: vec![],
        });
        let err = env.app.execute(owner.clone(), msg).unwrap_err().to_string();
        assert!(err.contains(expected), "{json}: {err}");
        assert_eq!(snapshot(&mut env), before, "{json}");
    }
    assert_eq!(env.oracle().ownership().unwrap().owner, Some(owner.clone()));

    // A query with a misspelt `kind` is refused rather than answered at Default kind.
    let query = |json: &str| {
        env.app
            .wrap()
            .query::<PriceResponse>(&QueryRequest::Wasm(WasmQuery::Smart {
                contract_addr: env.oracle_addr.to_string(),
                msg: Binary::from(json.as_bytes()),
            }))
    };
    let err = query(r#"{"price":{"denom":"uatom","knd":"liquidation"}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown field `knd`, expected `denom` or `kind`"),
        "{err}"
    );
    assert_eq!(
        query(r#"{"price":{"denom":"uatom","kind":"liquidation"}}"#)
            .unwrap()
            .price,
        dec("10")
    );

    // Instantiate too.
    let json = format!(
        r#"{{"owner":"{owner}","quote_symbol":"USD","quote_decimals":6,"quote_decimal":6}}"#
    );
    let msg = CosmosMsg::Wasm(WasmMsg::Instantiate {
        admin: None,
        code_id: env.oracle_code_id,
        msg: Binary::from(json.as_bytes()),
        funds: vec![],
        label: "typo".into(),
    });
    let err = env.app.execute(owner, msg).unwrap_err().to_string();
    assert!(
        err.contains("unknown field `quote_decimal`, expected one of `owner`, `quote_symbol`, `quote_decimals`"),
        "{err}"
    );
}

/// A mock querier answering Pyth `price_feed` queries for three feeds (10.00, 10.20 and 10.15
/// USD; the last with a 5 % confidence, tripping the `Default` breaker) and counting them.
fn counting_deps(now_s: i64) -> (OwnedDeps<MockStorage, MockApi, MockQuerier>, Rc<Cell<u32>>) {
    let mut deps = mock_dependencies();
    let count = Rc::new(Cell::new(0u32));
    let counter = count.clone();
    deps.querier.update_wasm(move |query| {
        let WasmQuery::Smart { msg, .. } = query else {
            panic!("unexpected query {query:?}");
        };
        let PythQueryMsg::PriceFeed { id } = from_json(msg).unwrap();
        counter.set(counter.get() + 1);
        let (price, conf) = match id.as_str() {
            feeds::ATOM_USD => (1_000_000_000, 0),
            feeds::USDC_USD => (1_020_000_000, 0),
            feeds::ETH_USD => (1_015_000_000, 50_750_000),
            _ => panic!("unknown feed {id}"),
        };
        let at = PythPrice {
            price: Int64::new(price),
            conf: Uint64::new(conf),
            expo: -8,
            publish_time: now_s,
        };
        let price_feed = PriceFeed {
            id,
            price: at,
            ema_price: at,
        };
        SystemResult::Ok(ContractResult::Ok(
            to_json_binary(&PriceFeedResponse { price_feed }).unwrap(),
        ))
    });
    (deps, count)
}

#[test]
fn each_pyth_feed_is_queried_once_per_evaluation() {
    let env = mock_env();
    let now_s = env.block.time.seconds() as i64;
    let (mut deps, count) = counting_deps(now_s);
    let owner = deps.api.addr_make("owner");
    let pyth = deps.api.addr_make("pyth").to_string();
    let info = message_info(&owner, &[]);
    contract::instantiate(
        deps.as_mut(),
        env.clone(),
        info.clone(),
        InstantiateMsg {
            owner: owner.to_string(),
            quote_symbol: "USD".into(),
            quote_decimals: 6,
        },
    )
    .unwrap();
    let pyth_source = |feed_id: &str| PriceSource::Pyth {
        contract: pyth.clone(),
        feed_id: feed_id.into(),
        max_staleness_s: 60,
        liquidation_max_staleness_s: Some(3_600),
        max_confidence: Decimal::percent(2),
        max_ema_deviation: Decimal::percent(10),
    };
    let set = |deps: &mut OwnedDeps<_, _, _>, denom: &str, source| {
        contract::execute(
            deps.as_mut(),
            env.clone(),
            info.clone(),
            ExecuteMsg::SetPriceSource {
                denom: denom.into(),
                decimals: 6,
                source,
            },
        )
        .unwrap();
    };
    let median = |min_sources: u8| PriceSource::Median {
        sources: vec![
            pyth_source(feeds::ATOM_USD),
            pyth_source(feeds::USDC_USD),
            pyth_source(feeds::ETH_USD),
        ],
        min_sources,
        max_spread: Decimal::percent(5),
    };
    // `uatom`: Default answers with two of three (10.10), Liquidation gives the same.
    set(&mut deps, "uatom", median(2));
    // `umed3`: Default fails (needs 3, two pass), Liquidation falls back to all three (10.15).
    set(&mut deps, "umed3", median(3));
    // `ueth`: a plain Pyth source that fails at Default (confidence) and answers at Liquidation.
    set(&mut deps, "ueth", pyth_source(feeds::ETH_USD));

    let query = |msg: QueryMsg| -> (Binary, u32) {
        count.set(0);
        let res = contract::query(deps.as_ref(), env.clone(), msg);
        (res.unwrap_or_default(), count.get())
    };
    let price = |denom: &str, kind| QueryMsg::Price {
        denom: denom.into(),
        kind: Some(kind),
    };
    for kind in [PriceKind::Default, PriceKind::Liquidation] {
        let (answer, queries) = query(price("uatom", kind));
        assert_eq!(queries, 3, "{kind:?}");
        assert_eq!(
            from_json::<PriceResponse>(answer).unwrap().price,
            dec("10.1")
        );
        assert_eq!(query(price("umed3", kind)).1, 3, "{kind:?}");
        assert_eq!(query(price("ueth", kind)).1, 1, "{kind:?}");
    }
    let (answer, _) = query(price("umed3", PriceKind::Liquidation));
    assert_eq!(
        from_json::<PriceResponse>(answer).unwrap().price,
        dec("10.15")
    );
    let (answer, _) = query(price("ueth", PriceKind::Liquidation));
    assert_eq!(
        from_json::<PriceResponse>(answer).unwrap().price,
        dec("10.15")
    );

    // Batches: the sum of their denoms, each once.
    let denoms = vec!["uatom".to_string(), "umed3".to_string(), "ueth".to_string()];
    let (answer, queries) = query(QueryMsg::TryPrices {
        denoms: denoms.clone(),
        kind: Some(PriceKind::Liquidation),
    });
    assert_eq!(queries, 7);
    let answers: Vec<TryPriceResponse> = from_json(answer).unwrap();
    let prices: Vec<_> = answers.into_iter().map(|a| a.price).collect();
    assert_eq!(
        prices,
        [Some(dec("10.1")), Some(dec("10.15")), Some(dec("10.15"))]
    );
    let (_, queries) = query(QueryMsg::Prices {
        denoms,
        kind: Some(PriceKind::Liquidation),
    });
    assert_eq!(queries, 7);
}
