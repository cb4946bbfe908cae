//! Names, versions and page sizes of the vault (its bounds on parameters are in `ballast-math`
//! and `ballast_types::vault`).

/// Name stored with `cw2`; `migrate` only accepts a contract stored under this name.
pub const CONTRACT_NAME: &str = "crates.io:ballast-vault";
/// Version stored with `cw2`: this crate's version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Page size of `Accounts` when no limit is given.
pub const ACCOUNTS_DEFAULT_LIMIT: u32 = 30;
/// Largest page size of `Accounts`: larger limits are clamped to it.
pub const ACCOUNTS_MAX_LIMIT: u32 = 100;
