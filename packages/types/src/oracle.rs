//! Messages and responses of the oracle adapter (`ballast-oracle`).
//!
//! A *normalised price* is the value, in smallest units of the quote asset, of **one smallest
//! unit** of a denom: `price_human × 10^quote_decimals / 10^denom_decimals`, as a
//! [`Decimal256`] (18 fractional digits, rounded down). With a USD quote of 6 decimals, ATOM
//! (6 decimals) at 10 USD has price `10`; ETH (18 decimals) at 3,000 USD has price
//! `0.000000003`; BTC (8 decimals) at 60,000 USD has price `600`.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Decimal, Decimal256};

// Re-exported so the oracle's whole interface is in this module (and so the import is used on
// wasm32, where `QueryResponses` expands to nothing).
pub use crate::ownership::OwnerResponse;

/// Instantiates the oracle adapter.
#[cw_serde]
pub struct InstantiateMsg {
    /// Address that may set and remove price sources and hand over ownership.
    pub owner: String,
    /// Symbol of the quote asset every price is expressed in, e.g. `"USD"`.
    pub quote_symbol: String,
    /// Decimals of the quote asset's smallest unit (6 for micro-USD); at most 36.
    pub quote_decimals: u8,
}

/// Messages the oracle adapter executes.
#[cw_serde]
pub enum ExecuteMsg {
    /// Registers (or replaces) the price source of a denom. Owner only. The source is validated
    /// statically and must answer at `Liquidation` kind at the time it is set; otherwise nothing
    /// is stored.
    SetPriceSource {
        /// Denom whose price this source gives.
        denom: String,
        /// Decimals of the denom's smallest unit (6 for `uatom`, 18 for `wei`); at most 36.
        decimals: u8,
        /// Where the price comes from and which breakers apply.
        source: PriceSource,
    },
    /// Removes the price source of a denom. Owner only; an unknown denom is an error.
    RemovePriceSource {
        /// Denom whose price source is removed.
        denom: String,
    },
    /// Proposes a new owner, who must then send `AcceptOwner`. Owner only; replaces any
    /// earlier proposal.
    ProposeOwner {
        /// Address of the proposed owner.
        owner: String,
    },
    /// Accepts a pending ownership proposal. Only the proposed owner may send it.
    AcceptOwner {},
    /// Gives up ownership for good: afterwards no privileged message is accepted. Owner only.
    RenounceOwner {},
}

/// Where a denom's price comes from.
#[cw_serde]
pub enum PriceSource {
    /// A governance-set price, already normalised: the value, in smallest units of the quote
    /// asset, of ONE smallest unit of the denom (e.g. `1` for a 6-decimal USD stablecoin with a
    /// 6-decimal USD quote). Must be greater than zero. No breaker applies.
    Fixed {
        /// Normalised price per smallest unit of the denom.
        price: Decimal256,
    },
    /// A Pyth CosmWasm contract, read with its `price_feed` query. The human price is
    /// `price × 10^expo`; it is normalised with the denom's and the quote's decimals.
    Pyth {
        /// Address of the Pyth contract.
        contract: String,
        /// Pyth price feed id: 64 hex characters (32 bytes), optionally prefixed with `0x`;
        /// stored lowercase without the prefix.
        feed_id: String,
        /// Largest accepted age, in seconds, of the published price (both kinds). Greater than 0,
        /// at most one day.
        max_staleness_s: u64,
        /// Largest accepted `conf / price` (`Default` kind only). Greater than 0, at most 1.
        max_confidence: Decimal,
        /// Largest accepted `|price − ema| / ema` (`Default` kind only). Greater than 0, at most 1.
        max_ema_deviation: Decimal,
    },
    /// The median of several `Fixed` or `Pyth` sources (never a nested `Median`). Sources that
    /// fail are skipped; at least `min_sources` must answer. With an even count the median is the
    /// mean of the two middle prices, rounded down.
    Median {
        /// The sub-sources: 1 to 8 of them, each `Fixed` or `Pyth`.
        sources: Vec<PriceSource>,
        /// Fewest valid sub-sources needed for a price: at least 1, at most `sources.len()`.
        min_sources: u8,
        /// Largest accepted `(max − min) / median` of the valid prices (`Default` kind only).
        /// Greater than 0, at most 1.
        max_spread: Decimal,
    },
}

/// Which checks a price must pass.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub enum PriceKind {
    /// Every breaker on: staleness, positivity, confidence, EMA deviation and median spread.
    /// Used for borrows and withdrawals.
    #[default]
    Default,
    /// Only staleness and positivity: used to decide and settle liquidations, so breakers never
    /// block them.
    Liquidation,
}

/// Queries the oracle adapter answers.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The normalised price of one denom.
    #[returns(PriceResponse)]
    Price {
        /// Denom to price.
        denom: String,
        /// Checks the price must pass; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// The normalised prices of several denoms in one query, in the order asked. The list must
    /// be non-empty, hold no duplicate and at most 32 denoms; any unknown denom fails the query.
    #[returns(Vec<PriceResponse>)]
    Prices {
        /// Denoms to price.
        denoms: Vec<String>,
        /// Checks every price must pass; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// The price source registered for one denom.
    #[returns(PriceSourceResponse)]
    PriceSource {
        /// Denom whose source is returned.
        denom: String,
    },
    /// A page of registered price sources, ordered by denom.
    #[returns(Vec<PriceSourceResponse>)]
    PriceSources {
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// The quote asset.
    #[returns(ConfigResponse)]
    Config {},
    /// The current and the proposed owner.
    #[returns(OwnerResponse)]
    Owner {},
}

/// A normalised price.
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
pub struct PriceResponse {
    /// The denom priced.
    pub denom: String,
    /// Value, in smallest units of the quote asset, of one smallest unit of the denom.
    pub price: Decimal256,
    /// The checks this price passed.
    pub kind: PriceKind,
}

crate::msg_de::compact_struct!(
    PriceResponse,
    "PriceResponse",
    [("denom", Str), ("price", Dec256), ("kind", Price)],
    |f| PriceResponse {
        denom: f.string(0)?,
        price: f.decimal256(1)?,
        kind: f.price_kind(2)?,
    }
);

/// A registered price source.
#[cw_serde]
pub struct PriceSourceResponse {
    /// The denom.
    pub denom: String,
    /// Decimals of the denom's smallest unit.
    pub decimals: u8,
    /// The source, as stored (Pyth feed ids lowercase without `0x`).
    pub source: PriceSource,
}

/// The oracle's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// Symbol of the quote asset, e.g. `"USD"`.
    pub quote_symbol: String,
    /// Decimals of the quote asset's smallest unit.
    pub quote_decimals: u8,
}

/// Migrates the oracle adapter. Only a newer version of the same contract is accepted.
#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    #[test]
    fn price_kind_defaults_to_default_and_is_snake_case() {
        assert_eq!(PriceKind::default(), PriceKind::Default);
        assert_eq!(
            to_json_string(&PriceKind::Liquidation).unwrap(),
            "\"liquidation\""
        );
    }

    #[test]
    fn messages_have_the_public_json_shape() {
        let msg: QueryMsg =
            from_json(r#"{"prices":{"denoms":["uatom","wei"],"kind":"liquidation"}}"#).unwrap();
        assert_eq!(
            msg,
            QueryMsg::Prices {
                denoms: vec!["uatom".into(), "wei".into()],
                kind: Some(PriceKind::Liquidation),
            }
        );
        // Options may be omitted.
        let msg: QueryMsg = from_json(r#"{"price":{"denom":"uatom"}}"#).unwrap();
        assert_eq!(
            msg,
            QueryMsg::Price {
                denom: "uatom".into(),
                kind: None
            }
        );

        let msg = ExecuteMsg::SetPriceSource {
            denom: "uusdc".into(),
            decimals: 6,
            source: PriceSource::Median {
                sources: vec![PriceSource::Fixed {
                    price: Decimal256::one(),
                }],
                min_sources: 1,
                max_spread: Decimal::percent(2),
            },
        };
        assert_eq!(
            to_json_string(&msg).unwrap(),
            r#"{"set_price_source":{"denom":"uusdc","decimals":6,"source":{"median":{"sources":[{"fixed":{"price":"1"}}],"min_sources":1,"max_spread":"0.02"}}}}"#
        );
        assert_eq!(
            to_json_string(&ExecuteMsg::AcceptOwner {}).unwrap(),
            r#"{"accept_owner":{}}"#
        );
    }
}
