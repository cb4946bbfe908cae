//! Typed handles: a contract's address plus the queries and messages it answers, so no contract
//! builds another's JSON by hand.

mod liquidation;
mod oracle;
mod vault;

pub use self::liquidation::LiquidationHandle;
pub use self::oracle::OracleHandle;
pub use self::vault::{Settlement, VaultHandle};

use ballast_compact::{json_bytes, WriteJson};
use cosmwasm_std::{Addr, Binary, CustomQuery, QuerierWrapper, QueryRequest, StdResult, WasmQuery};
use serde::de::DeserializeOwned;

/// `querier.query_wasm_smart(contract, msg)`, with the message written by the compact writer
/// (the same JSON, without serde's serialiser of each query enum in the contract that asks).
pub fn query_smart<C: CustomQuery, T: DeserializeOwned>(
    querier: &QuerierWrapper<C>,
    contract: &Addr,
    msg: &impl WriteJson,
) -> StdResult<T> {
    querier.query(&QueryRequest::Wasm(WasmQuery::Smart {
        contract_addr: contract.to_string(),
        msg: Binary::new(json_bytes(msg)),
    }))
}
