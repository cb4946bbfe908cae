//! The part of the Pyth CosmWasm contract's interface that Ballast uses.
//!
//! Written here rather than taken from `pyth-sdk-cw`, which pulls an old `cosmwasm-std`. The
//! shapes follow `pyth-sdk`: the query is `{"price_feed":{"id":"<64 hex>"}}` and the answer is
//! `{"price_feed":{"id":"<hex>","price":{..},"ema_price":{..}}}`, where `price` and `conf` are
//! integers encoded as JSON strings (hence [`Int64`] and [`Uint64`]), `expo` is a JSON number and
//! `publish_time` is a JSON number of Unix seconds.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Int64, Uint64};

/// Query message of the Pyth contract (only the variant Ballast sends).
#[cw_serde]
pub enum PythQueryMsg {
    /// The latest price and EMA price of one feed.
    PriceFeed {
        /// Feed id: 64 lowercase hex characters, no `0x` prefix.
        id: String,
    },
}

/// Answer to [`PythQueryMsg::PriceFeed`].
#[cw_serde]
pub struct PriceFeedResponse {
    /// The feed.
    pub price_feed: PriceFeed,
}

/// One Pyth price feed.
#[cw_serde]
pub struct PriceFeed {
    /// Feed id, 64 hex characters.
    pub id: String,
    /// Latest aggregate price.
    pub price: PythPrice,
    /// Exponentially-weighted moving average of the price.
    pub ema_price: PythPrice,
}

/// A Pyth price: `(price ± conf) × 10^expo`, published at `publish_time`.
#[cw_serde]
#[derive(Copy)]
pub struct PythPrice {
    /// Price mantissa (a JSON string).
    pub price: Int64,
    /// Confidence interval mantissa, same exponent as the price (a JSON string).
    pub conf: Uint64,
    /// Decimal exponent of `price` and `conf`.
    pub expo: i32,
    /// Unix time, in seconds, at which the price was published.
    pub publish_time: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    #[test]
    fn wire_shapes_match_pyth() {
        assert_eq!(
            to_json_string(&PythQueryMsg::PriceFeed {
                id: "ab".repeat(32)
            })
            .unwrap(),
            format!(r#"{{"price_feed":{{"id":"{}"}}}}"#, "ab".repeat(32))
        );
        let json = r#"{"price_feed":{"id":"00","price":{"price":"-1234567890123","conf":"18446744073709551615","expo":-8,"publish_time":1700000000},"ema_price":{"price":"5","conf":"1","expo":-8,"publish_time":1699999999}}}"#;
        let res: PriceFeedResponse = from_json(json).unwrap();
        assert_eq!(res.price_feed.price.price, Int64::new(-1_234_567_890_123));
        assert_eq!(res.price_feed.price.conf, Uint64::new(u64::MAX));
        assert_eq!(res.price_feed.price.expo, -8);
        assert_eq!(res.price_feed.ema_price.publish_time, 1_699_999_999);
        assert_eq!(to_json_string(&res).unwrap(), json);
    }
}
