//! One module per action; each exposes `run`.

pub mod accept_owner;
pub mod liquidate;
pub mod propose_owner;
pub mod renounce_owner;
pub mod update_config;
pub mod update_policy;
