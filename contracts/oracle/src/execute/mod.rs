//! One module per action; each exposes `run`.

pub mod accept_owner;
pub mod propose_owner;
pub mod remove_price_source;
pub mod renounce_owner;
pub mod set_price_source;
