//! Oracle adapter tests through `ballast-testing`'s `MockEnv` (cw-multi-test).
//!
//! Expected prices are worked out by hand in the comments, never copied from the code's output.

mod admin;
mod breakers;
mod common;
mod kinds;
mod messages;
mod ownership;
mod prices;
mod try_prices;
