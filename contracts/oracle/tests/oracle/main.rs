//! Oracle adapter tests through `ballast-testing`'s `MockEnv` (cw-multi-test).
//!
//! Expected prices are worked out by hand in the comments, never copied from the code's output.

mod admin;
mod breakers;
mod helpers;
mod ownership;
mod prices;
