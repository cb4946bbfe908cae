//! Storage. Namespaces are short and must never change.

use ballast_types::oracle::ConfigResponse;
use ballast_types::oracle::PriceSource;
use cosmwasm_schema::cw_serde;
use cw_storage_plus::{Item, Map};

/// The quote asset (stored as the `Config` query answers it).
pub const CONFIG: Item<ConfigResponse> = Item::new("cfg");
/// Price source per denom.
pub const SOURCES: Map<&str, SourceEntry> = Map::new("src");
// The owner and any pending proposal: `ballast_kit::ownership::OWNERSHIP` (`"own"`).

/// What is stored per denom.
#[cw_serde]
pub struct SourceEntry {
    /// Decimals of the denom's smallest unit.
    pub decimals: u8,
    /// The validated source (feed ids lowercase, addresses canonical).
    pub source: PriceSource,
}
