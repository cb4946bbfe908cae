//! Storage layout. Short, stable namespaces; composite keys instead of secondary indexes.

use ballast_math::market::MarketState;
use ballast_types::ownership::Ownership;
use ballast_types::vault::{Asset, Config};
use cosmwasm_std::{Addr, Empty, Uint128};
use cw_storage_plus::{Item, Map};

use crate::account::Account;

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("cfg");
/// Two-step ownership.
pub const OWNERSHIP: Item<Ownership> = Item::new("own");
/// Listed assets by denom.
pub const ASSETS: Map<&str, Asset> = Map::new("ast");
/// Lending pools by denom (only assets with lending parameters).
pub const MARKETS: Map<&str, MarketState> = Map::new("mkt");
/// Total collateral deposited per denom (deposit caps, `RiskSummary`).
pub const COLLATERAL_TOTALS: Map<&str, Uint128> = Map::new("col");
/// Accounts by `(owner, index)`: collateral amounts and debt shares in one entry.
pub const ACCOUNTS: Map<(&Addr, u32), Account> = Map::new("acc");
/// Marker of the accounts that owe debt (the `Positions` query pages over it).
pub const DEBTORS: Map<(&Addr, u32), Empty> = Map::new("dbt");
/// Supply shares by `(lender, denom)`.
pub const SUPPLIES: Map<(&Addr, &str), Uint128> = Map::new("sup");
