//! Names and bounds of the liquidation contract.

/// Name stored with `cw2`; `migrate` only accepts a contract stored under this name.
pub const CONTRACT_NAME: &str = "crates.io:ballast-liquidation";
/// Version stored with `cw2`.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Page size used when reading the vault's `Assets` and `Positions` (the vault's largest page).
pub const VAULT_PAGE: u32 = 30;
