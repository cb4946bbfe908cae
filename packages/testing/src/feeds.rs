//! Pyth feed ids used in tests (the mainnet ids of these pairs; any 32-byte hex would do).

/// ATOM/USD.
pub const ATOM_USD: &str = "b00b60f88b03a6a625a8d1c048c3f66653edf217439983d037e7222c4e612819";
/// ETH/USD.
pub const ETH_USD: &str = "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";
/// BTC/USD.
pub const BTC_USD: &str = "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43";
/// USDC/USD.
pub const USDC_USD: &str = "eaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a";
