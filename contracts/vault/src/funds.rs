//! The kit's funds checks (`ballast_kit::funds`) where the vault's dispatcher calls them.
//!
//! The rules are the kit's; only `no_funds` is wrapped, to return the vault's
//! [`ContractResult`]: a `?` on a `KitError` inlines its conversion into `ContractError` at the
//! call site, and the dispatcher has a dozen of them (about 200 bytes of Wasm; the vault is at
//! its size budget). The other checks have one or two call sites and are the kit's own.

use cosmwasm_std::MessageInfo;

pub use ballast_kit::funds::{coins, nonzero, one_coin, Funds};

use crate::error::ContractResult;

/// [`ballast_kit::funds::no_funds`], converted once.
pub fn no_funds(info: &MessageInfo) -> ContractResult<()> {
    Ok(ballast_kit::funds::no_funds(info)?)
}
