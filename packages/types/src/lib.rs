//! Messages, responses, events and typed handles shared by the Ballast contracts.
//!
//! Contracts never hand-build another contract's JSON: they use the types and handles here.
//!
//! - [`oracle`]: the oracle adapter's messages and responses.
//! - [`ownership`]: the two-step ownership messages every Ballast contract takes
//!   (`update_ownership`: `transfer_ownership` → `accept_ownership`, or `renounce_ownership`;
//!   the rules are in `ballast-kit`).
//! - [`events`]: one struct per action, convertible to and from [`cosmwasm_std::Event`].
//! - [`handles`]: typed handles such as [`handles::OracleHandle`] that build queries and messages.
//! - [`pyth`]: the wire format of the external Pyth CosmWasm contract (the part Ballast uses).
//! - [`vault`]: the vault's messages, responses and stored types.
//! - [`liquidation`]: the liquidation contract's messages, policy and responses.
//! - [`governance`]: the risk steward's limits and the ramp of a threshold cut (part of the vault's
//!   types, re-exported here).
//! - [`page`]: the one paging rule of every list query (`next_start_after`).

pub mod events;
pub mod handles;
pub mod liquidation;
pub mod oracle;
pub mod ownership;
pub mod pyth;
pub mod vault;

pub use vault::governance;

#[cfg(test)]
mod compact_tests;
