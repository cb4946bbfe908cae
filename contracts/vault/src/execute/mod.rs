//! One module per user-facing action; each exposes `run`.

pub mod borrow;
pub mod deposit;
pub mod list_asset;
pub mod redeem;
pub mod repay;
pub mod set_guardian;
pub mod set_paused;
pub mod set_steward;
pub mod settle_liquidation;
pub mod supply;
pub mod update_asset;
pub mod update_config;
pub mod withdraw;
pub mod withdraw_reserves;

use ballast_kit::ownership::check_owner;
use cosmwasm_std::{Addr, BankMsg, Coin, Storage, Uint128};

use crate::error::ContractResult;
use crate::state::load_ownership;

/// Fails with `KitError::NotOwner` unless `sender` is the owner (the kit's rule, on the
/// ownership read through the vault's reader).
pub(crate) fn assert_owner(storage: &dyn Storage, sender: &Addr) -> ContractResult<()> {
    Ok(check_owner(&load_ownership(storage)?, sender)?)
}

/// A bank transfer of `amount` `denom` to `to`.
pub(crate) fn send(to: &Addr, denom: &str, amount: Uint128) -> BankMsg {
    BankMsg::Send {
        to_address: to.to_string(),
        amount: vec![Coin::new(amount, denom)],
    }
}
