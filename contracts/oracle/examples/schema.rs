//! Writes the oracle adapter's JSON schema.
//!
//! `cosmwasm_schema::write_api!` writes relative to the CURRENT WORKING DIRECTORY, not to this
//! crate: run from `contracts/oracle` (`cargo run -p ballast-oracle --example schema`) it writes
//!
//! - `./schema/ballast-oracle.json`: the whole API (messages and query responses) as JSON Schema;
//! - `./schema/raw/*.json`: one JSON Schema file per message and per query response;
//! - `./schema/cw_schema/ballast-oracle.json` and `./schema/cw_schema/raw/*.json`: the same in
//!   the `cw-schema` format.
//!
//! Before writing, it deletes the `*.json` files already in `./schema` and `./schema/cw_schema`
//! (not in `raw/`, whose files are overwritten by name). Moving the output to `schema/oracle/` at
//! the workspace root is the job of the schema script. The generated `./schema` of this crate is
//! ignored by git.

use ballast_types::oracle::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use cosmwasm_schema::write_api;

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
