//! Storage. Namespaces are short and must never change.

use ballast_types::oracle::ConfigResponse;
use ballast_types::ownership::Ownership;
use cw_storage_plus::{Item, Map};

use crate::source::SourceEntry;

/// The quote asset (stored as the `Config` query answers it).
pub const CONFIG: Item<ConfigResponse> = Item::new("cfg");
/// The owner and any pending proposal.
pub const OWNERSHIP: Item<Ownership> = Item::new("own");
/// Price source per denom.
pub const SOURCES: Map<&str, SourceEntry> = Map::new("src");
