//! One module per user-facing action; each exposes `run`.

pub mod borrow;
pub mod deposit;
pub mod list_asset;
pub mod ownership;
pub mod redeem;
pub mod repay;
pub mod set_paused;
pub mod settle_liquidation;
pub mod supply;
pub mod update_asset;
pub mod update_config;
pub mod withdraw;
pub mod withdraw_reserves;

use cosmwasm_std::{Addr, BankMsg, Coin, Storage, Uint128};

use crate::error::{ContractError, ContractResult};
use crate::state::load_ownership;

/// Fails with `Unauthorized` unless `sender` is the owner.
pub(crate) fn assert_owner(storage: &dyn Storage, sender: &Addr) -> ContractResult<()> {
    if load_ownership(storage)?.is_owner(sender) {
        Ok(())
    } else {
        Err(ContractError::Unauthorized)
    }
}

/// A bank transfer of `amount` `denom` to `to`.
pub(crate) fn send(to: &Addr, denom: &str, amount: Uint128) -> BankMsg {
    BankMsg::Send {
        to_address: to.to_string(),
        amount: vec![Coin::new(amount, denom)],
    }
}
