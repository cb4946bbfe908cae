//! Messages, responses and stored types of the vault (`ballast-vault`).
//!
//! The vault is Ballast's custodian and ledger. An **account** is `(owner, index)`: an address and
//! a sub-account number (`u32`, default [`DEFAULT_ACCOUNT`]); each account is an isolated position
//! with its own collateral and debts. Lenders supply borrowable assets per `(lender, denom)`
//! (lenders have no sub-accounts).
//!
//! Units: amounts are `Uint128` in smallest units of their denom; values are `Uint128` in smallest
//! units of the oracle's quote asset; prices are `Decimal256` (value of one smallest unit, see
//! [`crate::oracle`]); ratios are `Decimal`. Collateral is valued rounded down, debt rounded up.
//!
//! - `msg`: what the vault is sent: [`InstantiateMsg`], [`ExecuteMsg`], [`QueryMsg`], [`MigrateMsg`]
//!   and [`PositionAction`].
//! - `state`: what the vault stores and answers as stored: [`Config`], [`Asset`] and its
//!   parameters, [`PausedActions`].
//! - `response`: the answers to its queries.
//! - [`governance`]: the owner's and the risk steward's rules (also `ballast_types::governance`).

pub mod governance;
mod msg;
mod response;
mod state;

pub use msg::*;
pub use response::*;
pub use state::*;

pub use ballast_math::interest::RateModel;
pub use ballast_math::position::PositionValues;
