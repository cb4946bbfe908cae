#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod funds;
pub mod migrate;
pub mod ownership;
pub mod paging;
pub mod store;
pub mod validate;

pub use crate::error::{KitError, KitResult};
