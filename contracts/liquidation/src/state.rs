//! Storage. Namespaces are short and must never change.

use ballast_types::liquidation::{Config, LiquidationPolicy};
use cw_storage_plus::Item;

/// The vault and the treasury.
pub const CONFIG: Item<Config> = Item::new("cfg");
/// The liquidation policy (loaded by every liquidation: one read).
pub const POLICY: Item<LiquidationPolicy> = Item::new("pol");
// The owner and any pending proposal: `ballast_kit::ownership::OWNERSHIP` (`"own"`).
