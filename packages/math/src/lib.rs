#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
mod fixed;
pub mod position;
pub mod value;

pub use error::{MathError, MathResult};
pub use position::*;
pub use value::*;
