//! **Local networks and tests only.** A mock of the Pyth CosmWasm contract: feeds are set by
//! anyone with [`ExecuteMsg::SetFeed`], made to fail with [`ExecuteMsg::FailFeed`], and read with
//! the real Pyth query ([`ballast_types::pyth::PythQueryMsg`]), answered in the real shape.
//!
//! Anyone can set any price here, so it must never back a real market: `ballast deploy` deploys
//! it only on a network marked `local = true`. It exists so that staleness, confidence and EMA
//! breakers act on a local node exactly as they do with the real Pyth contract, and so the
//! multi-test environment (`ballast-testing`) and the node run the same code.

use ballast_types::pyth::{PriceFeed, PriceFeedResponse, PythPrice, PythQueryMsg};
use cosmwasm_schema::cw_serde;
#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Env, Int64, MessageInfo, Response, StdError, StdResult,
    Uint64,
};
use cw_storage_plus::Map;

/// Feeds by id (lowercase hex, no `0x`).
const FEEDS: Map<&str, PriceFeed> = Map::new("feeds");
/// Ids of feeds whose queries fail.
const FAILING: Map<&str, bool> = Map::new("failing");

/// Instantiates an empty mock.
#[cw_serde]
pub struct InstantiateMsg {}

/// Test controls.
#[cw_serde]
pub enum ExecuteMsg {
    /// Sets (or replaces) a feed and clears any failure of it.
    SetFeed {
        /// Feed id, hex (an `0x` prefix and upper case are accepted).
        id: String,
        /// Price mantissa.
        price: i64,
        /// Confidence mantissa.
        conf: u64,
        /// Exponent of price, conf, EMA price and EMA conf.
        expo: i32,
        /// Unix seconds, for the price and the EMA.
        publish_time: i64,
        /// EMA price mantissa.
        ema_price: i64,
        /// EMA confidence mantissa.
        ema_conf: u64,
    },
    /// Makes queries of a feed fail until it is set again.
    FailFeed {
        /// Feed id.
        id: String,
    },
}

/// The id as stored: lowercase, no `0x`.
pub fn normalize_id(id: &str) -> String {
    id.strip_prefix("0x").unwrap_or(id).to_ascii_lowercase()
}

/// Instantiate entry point.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    _deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    _msg: InstantiateMsg,
) -> StdResult<Response> {
    Ok(Response::new())
}

/// Execute entry point.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: ExecuteMsg,
) -> StdResult<Response> {
    match msg {
        ExecuteMsg::SetFeed {
            id,
            price,
            conf,
            expo,
            publish_time,
            ema_price,
            ema_conf,
        } => {
            let id = normalize_id(&id);
            let at = |price: i64, conf: u64| PythPrice {
                price: Int64::new(price),
                conf: Uint64::new(conf),
                expo,
                publish_time,
            };
            let feed = PriceFeed {
                id: id.clone(),
                price: at(price, conf),
                ema_price: at(ema_price, ema_conf),
            };
            FEEDS.save(deps.storage, &id, &feed)?;
            FAILING.remove(deps.storage, &id);
        }
        ExecuteMsg::FailFeed { id } => FAILING.save(deps.storage, &normalize_id(&id), &true)?,
    }
    Ok(Response::new())
}

/// Query entry point: the real Pyth `price_feed` query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: PythQueryMsg) -> StdResult<Binary> {
    match msg {
        PythQueryMsg::PriceFeed { id } => {
            let id = normalize_id(&id);
            if FAILING.has(deps.storage, &id) {
                return Err(StdError::msg(format!("mock pyth: feed {id} fails")));
            }
            let price_feed = FEEDS
                .may_load(deps.storage, &id)?
                .ok_or_else(|| StdError::msg(format!("mock pyth: price feed {id} not found")))?;
            to_json_binary(&PriceFeedResponse { price_feed })
        }
    }
}
