#![doc = include_str!("../README.md")]

pub mod constants;
pub mod contract;
pub mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod plan;
pub mod query;
pub mod state;
pub mod validate;

pub use crate::error::{ContractError, ContractResult};
