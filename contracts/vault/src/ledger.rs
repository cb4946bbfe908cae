//! Loading assets and markets, accrual, and the share ↔ asset conversions the vault uses.
//!
//! Every market is accrued to the current block before it is read or changed: the stored copy
//! when the action changes the market, an in-memory copy when it only needs current amounts.

use ballast_kit::store::Put;
use ballast_math::market::MarketState;
use ballast_math::shares::{debt_assets, supply_assets};
use ballast_types::vault::{Asset, CollateralParams, LendingParams};
use cosmwasm_std::{Addr, Storage, Uint128};

use crate::account::Account;
use crate::error::{ContractError, ContractResult};
use crate::state::{may_load_market, ACCOUNTS, ASSETS, DEBTORS};

/// A listed asset, or `AssetNotListed`.
pub fn load_asset(storage: &dyn Storage, denom: &str) -> ContractResult<Asset> {
    ASSETS
        .may_load(storage, denom)?
        .ok_or_else(|| ContractError::AssetNotListed {
            denom: denom.to_string(),
        })
}

/// The asset's lending parameters, or `NotBorrowable`.
pub fn lending(asset: &Asset) -> ContractResult<&LendingParams> {
    asset
        .lending
        .as_ref()
        .ok_or_else(|| ContractError::NotBorrowable {
            denom: asset.denom.clone(),
        })
}

/// The asset's collateral parameters, or `NotCollateral`.
pub fn collateral(asset: &Asset) -> ContractResult<&CollateralParams> {
    asset
        .collateral
        .as_ref()
        .ok_or_else(|| ContractError::NotCollateral {
            denom: asset.denom.clone(),
        })
}

/// The market of a borrowable asset, accrued to `now` (not saved).
pub fn accrued_market(
    storage: &dyn Storage,
    asset: &Asset,
    now: u64,
) -> ContractResult<MarketState> {
    let params = lending(asset)?;
    let mut market =
        may_load_market(storage, &asset.denom)?.ok_or_else(|| ContractError::NotBorrowable {
            denom: asset.denom.clone(),
        })?;
    market.accrue(&params.rate_model, params.reserve_factor, now)?;
    Ok(market)
}

/// Loads a borrowable asset and its market accrued to `now`.
pub fn asset_and_market(
    storage: &dyn Storage,
    denom: &str,
    now: u64,
) -> ContractResult<(Asset, MarketState)> {
    let asset = load_asset(storage, denom)?;
    let market = accrued_market(storage, &asset, now)?;
    Ok((asset, market))
}

/// What `shares` of debt owe now, rounded up.
pub fn debt_of(market: &MarketState, shares: Uint128) -> ContractResult<Uint128> {
    Ok(debt_assets(shares, market.borrow_index)?)
}

/// What `shares` of supply are worth now, rounded down.
pub fn supply_of(market: &MarketState, shares: Uint128) -> ContractResult<Uint128> {
    Ok(supply_assets(shares, market.supply_index)?)
}

/// Fails with `CapExceeded` if `total > cap`.
pub fn check_cap(denom: &str, cap: Option<Uint128>, total: Uint128) -> ContractResult<()> {
    match cap {
        Some(cap) if total > cap => Err(ContractError::CapExceeded {
            denom: denom.to_string(),
            cap,
            total,
        }),
        _ => Ok(()),
    }
}

/// Loads an existing account, or `AccountNotFound`.
pub fn load_account(storage: &dyn Storage, owner: &Addr, account: u32) -> ContractResult<Account> {
    ACCOUNTS
        .may_load(storage, (owner, account))?
        .ok_or_else(|| ContractError::AccountNotFound {
            owner: owner.to_string(),
            account,
        })
}

/// Saves an account and keeps the `DEBTORS` marker in step with whether it owes debt.
///
/// `had_debt` is whether it owed debt when loaded, so the marker is only written when it changes.
pub fn save_account(
    storage: &mut dyn Storage,
    owner: &Addr,
    account: u32,
    entry: &Account,
    had_debt: bool,
) -> ContractResult<()> {
    ACCOUNTS.put(storage, (owner, account), entry)?;
    match (had_debt, entry.has_debt()) {
        (false, true) => DEBTORS.put(storage, (owner, account), &cosmwasm_std::Empty {})?,
        (true, false) => DEBTORS.remove(storage, (owner, account)),
        _ => {}
    }
    Ok(())
}
