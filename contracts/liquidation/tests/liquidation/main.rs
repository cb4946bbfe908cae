//! Integration tests of the liquidation contract, through `MockEnv` with the real vault, oracle
//! and mock Pyth.

mod attacks;
mod bad_debt;
mod bad_input;
mod bot;
mod conditions;
mod dust;
mod governance;
mod guards;
mod helpers;
mod multi_asset;
mod worked;
