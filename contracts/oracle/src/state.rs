//! Storage. Namespaces are short and must never change.

use ballast_types::oracle::ConfigResponse;
use cw_storage_plus::{Item, Map};

use crate::source::SourceEntry;

/// The quote asset (stored as the `Config` query answers it).
pub const CONFIG: Item<ConfigResponse> = Item::new("cfg");
/// Price source per denom.
pub const SOURCES: Map<&str, SourceEntry> = Map::new("src");
// The owner and any pending proposal: `ballast_kit::ownership::OWNERSHIP` (`"own"`).
