//! Writes the liquidation contract's JSON schema.
//!
//! `cosmwasm_schema::write_api!` writes relative to the current working directory: run from
//! `contracts/liquidation` (`cargo run -p ballast-liquidation --example schema`) it writes
//! `./schema/ballast-liquidation.json` (the whole API), `./schema/raw/*.json` (one file per message
//! and query response) and the same in the `cw-schema` format under `./schema/cw_schema/`. The
//! schema script moves them to `schema/liquidation/` at the workspace root; the crate's own
//! `./schema` is ignored by git.

use ballast_types::liquidation::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use cosmwasm_schema::write_api;

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
