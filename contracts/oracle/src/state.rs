//! Storage. Namespaces are short and must never change.

use ballast_types::oracle::ConfigResponse;
use ballast_types::oracle::PriceSource;
use ballast_types::ownership::Ownership;
use cosmwasm_schema::cw_serde;
use cw_storage_plus::{Item, Map};

/// The quote asset (stored as the `Config` query answers it).
pub const CONFIG: Item<ConfigResponse> = Item::new("cfg");
/// The owner and any pending proposal.
pub const OWNERSHIP: Item<Ownership> = Item::new("own");
/// Price source per denom.
pub const SOURCES: Map<&str, SourceEntry> = Map::new("src");

/// What is stored per denom.
#[cw_serde]
pub struct SourceEntry {
    /// Decimals of the denom's smallest unit.
    pub decimals: u8,
    /// The validated source (feed ids lowercase, addresses canonical).
    pub source: PriceSource,
}
