//! One module per action; each exposes `run`. Ownership is the kit's
//! (`ballast_kit::ownership::execute`), called from the dispatcher.

pub mod liquidate;
pub mod update_config;
pub mod update_policy;
