//! Storage. Namespaces are short and must never change.

use ballast_types::liquidation::{Config, LiquidationPolicy};
use cw_storage_plus::{Item, Map};

/// The vault and the treasury.
pub const CONFIG: Item<Config> = Item::new("cfg");
/// The liquidation policy (loaded by every liquidation: one read).
pub const POLICY: Item<LiquidationPolicy> = Item::new("pol");
/// Block seconds of the vault's risk steward's last change of a bonus curve, by collateral denom
/// (`""` for the default curve): its cooldown runs from there.
pub const BONUS_CHANGES: Map<&str, u64> = Map::new("bch");
// The owner and any pending proposal: `ballast_kit::ownership::OWNERSHIP` (`"own"`).
