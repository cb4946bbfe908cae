//! [`OracleHandle`]: typed access to the oracle adapter.

use ballast_compact::ViaTable;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, CustomQuery, Decimal256, QuerierWrapper, StdError, StdResult,
    WasmMsg,
};

use crate::oracle::{
    ConfigResponse, ExecuteMsg, PriceKind, PriceResponse, PriceSource, PriceSourceResponse,
    PriceSourcesResponse, QueryMsg, TryPriceResponse,
};
use crate::ownership::Ownership;

use super::query_smart;

/// The oracle adapter at an address. Stored as a plain address string.
#[cw_serde]
pub struct OracleHandle(pub Addr);

impl OracleHandle {
    /// The oracle at `addr`.
    pub fn new(addr: Addr) -> Self {
        Self(addr)
    }

    /// The oracle's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The normalised price of `denom` (one smart query).
    pub fn query_price<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denom: &str,
        kind: PriceKind,
    ) -> StdResult<PriceResponse> {
        query_smart(
            querier,
            &self.0,
            &QueryMsg::Price {
                denom: denom.to_string(),
                kind: Some(kind),
            },
        )
    }

    /// The normalised prices of `denoms`, in the same order, with ONE smart query.
    ///
    /// An empty list returns an empty vector without querying (the oracle itself rejects an empty
    /// list). The answer is checked to hold exactly the denoms asked, in order.
    pub fn query_prices<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denoms: &[String],
        kind: PriceKind,
    ) -> StdResult<Vec<PriceResponse>> {
        if denoms.is_empty() {
            return Ok(vec![]);
        }
        // read through the answers' compact table, as the items are (no `Vec` visitor)
        let ViaTable::<Vec<PriceResponse>>(prices) = query_smart(
            querier,
            &self.0,
            &QueryMsg::Prices {
                denoms: denoms.to_vec(),
                kind: Some(kind),
            },
        )?;
        self.check_order(prices.iter().map(|p| p.denom.as_str()), denoms, "Prices")?;
        Ok(prices)
    }

    /// For each of `denoms`, in the same order, its normalised price or the oracle's reason for
    /// giving none, with ONE smart query: one denom without a price does not fail the others.
    ///
    /// An empty list returns an empty vector without querying (the oracle itself rejects an empty
    /// list). The answer is checked to hold exactly the denoms asked, in order. A bad list
    /// (duplicates, more than 32 denoms) fails the whole query.
    pub fn query_try_prices<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denoms: &[String],
        kind: PriceKind,
    ) -> StdResult<Vec<TryPriceResponse>> {
        if denoms.is_empty() {
            return Ok(vec![]);
        }
        let ViaTable::<Vec<TryPriceResponse>>(answers) = query_smart(
            querier,
            &self.0,
            &QueryMsg::TryPrices {
                denoms: denoms.to_vec(),
                kind: Some(kind),
            },
        )?;
        self.check_order(
            answers.iter().map(|a| a.denom.as_str()),
            denoms,
            "TryPrices",
        )?;
        Ok(answers)
    }

    /// Errs unless `answered` is exactly `asked`, in order.
    fn check_order<'a>(
        &self,
        answered: impl ExactSizeIterator<Item = &'a str>,
        asked: &[String],
        query: &str,
    ) -> StdResult<()> {
        let in_order = answered.len() == asked.len()
            && answered.zip(asked).all(|(answer, denom)| answer == denom);
        if !in_order {
            return Err(StdError::msg(format!(
                "oracle {} answered {query} with other denoms than asked",
                self.0
            )));
        }
        Ok(())
    }

    /// The price alone, for callers that do not need the response's echo.
    pub fn query_price_value<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denom: &str,
        kind: PriceKind,
    ) -> StdResult<Decimal256> {
        self.query_price(querier, denom, kind).map(|res| res.price)
    }

    /// The price source registered for `denom`.
    pub fn query_price_source<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denom: &str,
    ) -> StdResult<PriceSourceResponse> {
        query_smart(
            querier,
            &self.0,
            &QueryMsg::PriceSource {
                denom: denom.to_string(),
            },
        )
    }

    /// A page of registered price sources.
    pub fn query_price_sources<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        start_after: Option<String>,
        limit: Option<u32>,
    ) -> StdResult<PriceSourcesResponse> {
        query_smart(
            querier,
            &self.0,
            &QueryMsg::PriceSources { start_after, limit },
        )
    }

    /// The quote asset.
    pub fn query_config<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<ConfigResponse> {
        query_smart(querier, &self.0, &QueryMsg::Config {})
    }

    /// The owner, the pending owner and when the proposal lapses.
    pub fn query_ownership<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<Ownership> {
        query_smart(querier, &self.0, &QueryMsg::Ownership {})
    }

    /// A message executing `msg` on the oracle, with no funds (the oracle takes none).
    pub fn execute_msg<T>(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg<T>> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// `SetPriceSource` as a message.
    pub fn set_price_source_msg<T>(
        &self,
        denom: impl Into<String>,
        decimals: u8,
        source: PriceSource,
    ) -> StdResult<CosmosMsg<T>> {
        self.execute_msg(&ExecuteMsg::SetPriceSource {
            denom: denom.into(),
            decimals,
            source,
        })
    }

    /// `RemovePriceSource` as a message.
    pub fn remove_price_source_msg<T>(&self, denom: impl Into<String>) -> StdResult<CosmosMsg<T>> {
        self.execute_msg(&ExecuteMsg::RemovePriceSource {
            denom: denom.into(),
        })
    }
}

impl From<Addr> for OracleHandle {
    fn from(addr: Addr) -> Self {
        Self(addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockQuerier;
    use cosmwasm_std::{from_json, to_json_binary, ContractResult, Empty, SystemResult, WasmQuery};

    fn querier_answering(answer: Vec<PriceResponse>) -> MockQuerier {
        let mut querier = MockQuerier::<Empty>::new(&[]);
        querier.update_wasm(move |query| match query {
            WasmQuery::Smart { msg, .. } => {
                assert!(matches!(from_json(msg).unwrap(), QueryMsg::Prices { .. }));
                SystemResult::Ok(ContractResult::Ok(to_json_binary(&answer).unwrap()))
            }
            _ => panic!("unexpected query"),
        });
        querier
    }

    fn price(denom: &str) -> PriceResponse {
        PriceResponse {
            denom: denom.into(),
            price: Decimal256::one(),
            kind: PriceKind::Default,
        }
    }

    #[test]
    fn query_prices_checks_the_answer_order() {
        let oracle = OracleHandle::new(Addr::unchecked("oracle"));
        let denoms = vec!["a".to_string(), "b".to_string()];

        let raw = querier_answering(vec![price("a"), price("b")]);
        let prices = oracle.query_prices(
            &QuerierWrapper::<Empty>::new(&raw),
            &denoms,
            PriceKind::Default,
        );
        assert_eq!(prices.unwrap(), vec![price("a"), price("b")]);

        let raw = querier_answering(vec![price("b"), price("a")]);
        let res = oracle.query_prices(
            &QuerierWrapper::<Empty>::new(&raw),
            &denoms,
            PriceKind::Default,
        );
        assert!(res
            .unwrap_err()
            .to_string()
            .contains("other denoms than asked"));

        // No query at all for an empty list (the mock would panic on a non-Prices query).
        let raw = MockQuerier::<Empty>::new(&[]);
        let none =
            oracle.query_prices(&QuerierWrapper::<Empty>::new(&raw), &[], PriceKind::Default);
        assert_eq!(none.unwrap(), vec![]);
    }

    fn querier_answering_try(answer: Vec<TryPriceResponse>) -> MockQuerier {
        let mut querier = MockQuerier::<Empty>::new(&[]);
        querier.update_wasm(move |query| match query {
            WasmQuery::Smart { msg, .. } => {
                assert!(matches!(
                    from_json(msg).unwrap(),
                    QueryMsg::TryPrices {
                        kind: Some(PriceKind::Liquidation),
                        ..
                    }
                ));
                SystemResult::Ok(ContractResult::Ok(to_json_binary(&answer).unwrap()))
            }
            _ => panic!("unexpected query"),
        });
        querier
    }

    fn try_price(denom: &str, price: Option<Decimal256>) -> TryPriceResponse {
        TryPriceResponse {
            denom: denom.into(),
            kind: PriceKind::Liquidation,
            price,
            error: price.is_none().then(|| format!("no price for {denom}")),
        }
    }

    #[test]
    fn query_try_prices_is_one_query_and_checks_the_answer_order() {
        let oracle = OracleHandle::new(Addr::unchecked("oracle"));
        let denoms = vec!["a".to_string(), "b".to_string()];
        let answer = vec![
            try_price("a", None),
            try_price("b", Some(Decimal256::one())),
        ];

        let raw = querier_answering_try(answer.clone());
        let res = oracle.query_try_prices(
            &QuerierWrapper::<Empty>::new(&raw),
            &denoms,
            PriceKind::Liquidation,
        );
        assert_eq!(res.unwrap(), answer);

        let raw = querier_answering_try(vec![try_price("a", None)]);
        let res = oracle.query_try_prices(
            &QuerierWrapper::<Empty>::new(&raw),
            &denoms,
            PriceKind::Liquidation,
        );
        assert!(res
            .unwrap_err()
            .to_string()
            .contains("answered TryPrices with other denoms than asked"));

        // No query at all for an empty list.
        let raw = MockQuerier::<Empty>::new(&[]);
        let none = oracle.query_try_prices(
            &QuerierWrapper::<Empty>::new(&raw),
            &[],
            PriceKind::Liquidation,
        );
        assert_eq!(none.unwrap(), vec![]);
    }

    #[test]
    fn execute_msg_targets_the_oracle_without_funds() {
        let oracle = OracleHandle::new(Addr::unchecked("oracle"));
        let msg: CosmosMsg = oracle.remove_price_source_msg("uatom").unwrap();
        match msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                assert_eq!(contract_addr, "oracle");
                assert!(funds.is_empty());
                assert_eq!(
                    from_json::<ExecuteMsg>(&msg).unwrap(),
                    ExecuteMsg::RemovePriceSource {
                        denom: "uatom".into()
                    }
                );
            }
            other => panic!("unexpected message {other:?}"),
        }
    }
}
