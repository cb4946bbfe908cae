//! Integration tests of the vault, through `MockEnv` with the real oracle, mock Pyth and (where
//! a liquidation is needed) the real liquidation contract. One test binary; the shared set-up is
//! `common`.

mod common;

mod answers;
mod bad_inputs;
mod front_end;
mod invariants;
mod lifecycle;
mod liquidation;
mod messages;
mod ramp;
mod rounding;
mod steward;
