//! Messages and responses of the oracle adapter (`ballast-oracle`).
//!
//! A *normalised price* is the value, in smallest units of the quote asset, of **one smallest
//! unit** of a denom: `price_human × 10^quote_decimals / 10^denom_decimals`, as a
//! [`Decimal256`] (18 fractional digits, rounded down). With a USD quote of 6 decimals, ATOM
//! (6 decimals) at 10 USD has price `10`; ETH (18 decimals) at 3,000 USD has price
//! `0.000000003`; BTC (8 decimals) at 60,000 USD has price `600`.

use ballast_compact::{cw_serde_compact, CompactDeserialize};
use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Decimal, Decimal256};

// Re-exported so the oracle's whole interface is in this module (and so the import is used on
// wasm32, where `QueryResponses` expands to nothing).
pub use crate::ownership::{Ownership, OwnershipAction};

/// Instantiates the oracle adapter.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub struct InstantiateMsg {
    /// Address that may set and remove price sources and hand over ownership.
    pub owner: String,
    /// Symbol of the quote asset every price is expressed in, e.g. `"USD"`.
    pub quote_symbol: String,
    /// Decimals of the quote asset's smallest unit (6 for micro-USD); at most 36.
    pub quote_decimals: u8,
}

/// Messages the oracle adapter executes. A misspelt or unknown field is an error (never read as
/// "field omitted").
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
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
    /// Two-step ownership (cw-ownable's shape): `transfer_ownership` (owner only, may expire),
    /// `accept_ownership` (the pending owner only), `renounce_ownership` (owner only; afterwards
    /// no privileged message is accepted).
    UpdateOwnership(OwnershipAction),
}

/// Where a denom's price comes from.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
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
        /// Largest accepted age, in seconds, of the published price at `Default` kind. Greater
        /// than 0, at most one day (86,400 s).
        max_staleness_s: u64,
        /// Largest accepted age, in seconds, of the published price at `Liquidation` kind, so
        /// that a short feed outage pauses borrowing but never liquidation. At least
        /// `max_staleness_s`, at most one day (86,400 s); omitted = the same as
        /// `max_staleness_s`. Stored filled in, so `PriceSource` queries show the bound in force.
        liquidation_max_staleness_s: Option<u64>,
        /// Largest accepted `conf / price` (`Default` kind only). Greater than 0, at most 1.
        max_confidence: Decimal,
        /// Largest accepted `|price − ema| / ema` (`Default` kind only). Greater than 0, at most 1.
        max_ema_deviation: Decimal,
    },
    /// The median of several `Fixed` or `Pyth` sources (never a nested `Median`). Sources that
    /// fail are skipped; at least `min_sources` must answer. With an even count the median is the
    /// mean of the two middle prices, rounded down. At `Liquidation` kind the answer is the
    /// `Default` one whenever `Default` answers (so both kinds never differ in one block); only
    /// when `Default` fails is it the median of the sub-sources that pass the `Liquidation`
    /// checks (no spread check).
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
// Other contracts read it with serde's derive; the vault reads it nested in its messages and the
// oracle's answers, through its table.
#[cw_serde]
#[derive(Default, Copy, Eq, CompactDeserialize)]
#[compact(table_only)]
#[derive(ballast_compact::WriteJson)]
pub enum PriceKind {
    /// Every breaker on: staleness, positivity, confidence, EMA deviation and median spread.
    /// Used for borrows and withdrawals.
    #[default]
    Default,
    /// Only staleness (with the longer `liquidation_max_staleness_s` of a Pyth source) and
    /// positivity: used to decide and settle liquidations, so breakers never block them. Whenever
    /// `Default` answers, `Liquidation` answers the same price.
    Liquidation,
}

/// Queries the oracle adapter answers. A misspelt or unknown field is an error.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
#[derive(QueryResponses, ballast_compact::WriteJson)]
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
    /// One answer per denom, in the order asked: a price, or the reason there is none (stale,
    /// breaker, no price source, Pyth contract failing, …). One denom without a price never fails
    /// the query; a bad list does (empty, a duplicate, more than 32 denoms).
    #[returns(Vec<TryPriceResponse>)]
    TryPrices {
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
    /// A page of registered price sources, ordered by denom, with the cursor of the next page.
    #[returns(PriceSourcesResponse)]
    PriceSources {
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// The quote asset.
    #[returns(ConfigResponse)]
    Config {},
    /// The owner, the pending owner and when the proposal lapses.
    #[returns(Ownership)]
    Ownership {},
}

/// A normalised price.
#[cw_serde_compact]
#[compact(ignore_unknown)]
pub struct PriceResponse {
    /// The denom priced.
    pub denom: String,
    /// Value, in smallest units of the quote asset, of one smallest unit of the denom.
    pub price: Decimal256,
    /// The checks this price passed.
    pub kind: PriceKind,
}

/// The answer for one denom of `TryPrices`: exactly one of `price` and `error` is set.
#[cw_serde_compact]
#[compact(ignore_unknown)]
pub struct TryPriceResponse {
    /// The denom asked.
    pub denom: String,
    /// The checks `price` passed (the kind asked).
    pub kind: PriceKind,
    /// Value, in smallest units of the quote asset, of one smallest unit of the denom; `None`
    /// when the denom has no price at `kind` now (then `error` says why).
    pub price: Option<Decimal256>,
    /// Why there is no price, as the oracle's error text (e.g. `price of uatom is stale: 90s
    /// old, at most 60s allowed`); `None` when `price` is set.
    pub error: Option<String>,
}

impl TryPriceResponse {
    /// The price, or the oracle's reason for giving none. An answer with neither (which the
    /// oracle never sends) reads as an error too.
    pub fn into_result(self) -> Result<Decimal256, String> {
        match (self.price, self.error) {
            (Some(price), None) => Ok(price),
            (_, Some(error)) => Err(error),
            (None, None) => Err(format!(
                "oracle gave no price and no error for {}",
                self.denom
            )),
        }
    }
}

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

/// Answer to `PriceSources`: one page.
#[cw_serde]
pub struct PriceSourcesResponse {
    /// Registered sources, ordered by denom.
    pub sources: Vec<PriceSourceResponse>,
    /// `start_after` of the next page: the last denom of this page when more sources follow it,
    /// `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
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
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
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
            to_json_string(&ExecuteMsg::UpdateOwnership(
                OwnershipAction::AcceptOwnership
            ))
            .unwrap(),
            r#"{"update_ownership":"accept_ownership"}"#
        );

        let msg: QueryMsg =
            from_json(r#"{"try_prices":{"denoms":["uatom"],"kind":"liquidation"}}"#).unwrap();
        assert_eq!(
            msg,
            QueryMsg::TryPrices {
                denoms: vec!["uatom".into()],
                kind: Some(PriceKind::Liquidation),
            }
        );
        // The Liquidation staleness bound may be omitted.
        let json = r#"{"pyth":{"contract":"c","feed_id":"f","max_staleness_s":60,"max_confidence":"0.02","max_ema_deviation":"0.1"}}"#;
        let source: PriceSource = from_json(json).unwrap();
        assert!(matches!(
            source,
            PriceSource::Pyth {
                max_staleness_s: 60,
                liquidation_max_staleness_s: None,
                ..
            }
        ));
    }

    /// INVARIANTS 32: a misspelt field is an error naming it, never "field omitted".
    #[test]
    fn unknown_fields_are_rejected() {
        let err = |res: cosmwasm_std::StdResult<()>| res.unwrap_err().to_string();
        let cases = [
            (
                err(from_json::<ExecuteMsg>(r#"{"remove_price_source":{"denomm":"uatom"}}"#).map(|_| ())),
                "unknown field `denomm`, expected `denom`",
            ),
            (
                err(from_json::<ExecuteMsg>(
                    r#"{"set_price_source":{"denom":"uatom","decimals":6,"source":{"pyth":{"contract":"c","feed_id":"f","max_staleness_s":60,"liquidation_max_stalenes_s":3600,"max_confidence":"0.02","max_ema_deviation":"0.1"}}}}"#,
                ).map(|_| ())),
                "unknown field `liquidation_max_stalenes_s`, expected one of `contract`, `feed_id`, `max_staleness_s`, `liquidation_max_staleness_s`, `max_confidence`, `max_ema_deviation`",
            ),
            (
                err(from_json::<ExecuteMsg>(
                    r#"{"update_ownership":{"transfer_ownership":{"new_owner":"x","expiri":null}}}"#,
                )
                .map(|_| ())),
                "unknown field `expiri`, expected `new_owner` or `expiry`",
            ),
            (
                err(from_json::<QueryMsg>(r#"{"price":{"denom":"uatom","knd":"liquidation"}}"#).map(|_| ())),
                "unknown field `knd`, expected `denom` or `kind`",
            ),
            (
                err(from_json::<InstantiateMsg>(
                    r#"{"owner":"o","quote_symbol":"USD","quote_decimals":6,"quote_decimal":6}"#,
                ).map(|_| ())),
                "unknown field `quote_decimal`",
            ),
            (
                err(from_json::<MigrateMsg>(r#"{"version":"2"}"#).map(|_| ())),
                "unknown field `version`, there are no fields",
            ),
        ];
        for (got, want) in cases {
            assert!(got.contains(want), "{got}");
        }
    }

    #[test]
    fn try_price_response_into_result() {
        let answer = |price: Option<Decimal256>, error: Option<&str>| TryPriceResponse {
            denom: "uatom".into(),
            kind: PriceKind::Default,
            price,
            error: error.map(str::to_string),
        };
        assert_eq!(
            answer(Some(Decimal256::one()), None).into_result(),
            Ok(Decimal256::one())
        );
        assert_eq!(
            answer(None, Some("stale")).into_result(),
            Err("stale".to_string())
        );
        assert!(answer(None, None).into_result().is_err());
        assert!(answer(Some(Decimal256::one()), Some("x"))
            .into_result()
            .is_err());
    }
}
