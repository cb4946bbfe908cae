//! Bounds and defaults of the oracle adapter.

/// Name stored with `cw2`; `migrate` only accepts a contract stored under this name.
pub const CONTRACT_NAME: &str = "crates.io:ballast-oracle";
/// Version stored with `cw2`.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Longest accepted `max_staleness_s` and `liquidation_max_staleness_s` of a Pyth source: one day.
pub const MAX_STALENESS_S: u64 = 86_400;
/// How far in the future (seconds past the block time) a Pyth `publish_time` may be before it is
/// rejected: block times trail wall-clock time by about a block.
pub const MAX_FUTURE_DRIFT_S: u64 = 10;
/// Most sub-sources of a `Median`.
pub const MAX_MEDIAN_SOURCES: usize = 8;
/// Most denoms in one `Prices` or `TryPrices` query.
pub const MAX_DENOMS_PER_QUERY: usize = 32;
/// Longest quote symbol.
pub const MAX_QUOTE_SYMBOL_LEN: usize = 32;
