//! Integration tests of the liquidation contract, through `MockEnv` with the real vault, oracle
//! and mock Pyth.

mod attacks;
mod bad_debt;
mod bad_input;
mod bot;
mod common;
mod conditions;
mod dust;
mod governance;
mod guards;
mod multi_asset;
mod steward;
mod worked;
