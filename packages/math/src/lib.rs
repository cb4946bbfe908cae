#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
mod fixed;
pub mod interest;
pub mod liquidation;
pub mod market;
pub mod position;
pub mod price;
pub mod shares;
pub mod value;

pub use error::{MathError, MathResult};
pub use interest::*;
pub use liquidation::*;
pub use market::*;
pub use position::*;
pub use price::*;
pub use shares::*;
pub use value::*;
