//! Shared helpers.

use std::str::FromStr;

use ballast_testing::MockEnv;
use ballast_types::oracle::PriceSourceResponse;
use cosmwasm_std::Decimal256;

/// A `Decimal256` from its decimal string.
pub fn dec(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}

/// Every stored source, for "state unchanged" assertions.
pub fn snapshot(env: &mut MockEnv) -> Vec<PriceSourceResponse> {
    env.oracle().all_price_sources().unwrap()
}
