#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod account;
pub mod books;
pub mod contract;
pub mod denom_map;
pub mod error;
pub mod execute;
pub mod funds;
pub mod ledger;
pub mod migrate;
pub mod query;
pub mod simulate;
pub mod state;
pub mod validate;
pub mod valuation;

pub use crate::error::{ContractError, ContractResult};
