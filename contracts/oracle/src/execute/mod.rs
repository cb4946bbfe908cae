//! One module per action; each exposes `run`. Ownership is the kit's
//! (`ballast_kit::ownership::execute`), called from the dispatcher.

pub mod remove_price_source;
pub mod set_price_source;
