//! `cargo fuzz run liquidation`: arbitrary sequences of messages to the liquidation contract, price moves and time
//! on a fresh MockEnv, invariants checked after every step (see `ballast_fuzz`).
#![no_main]

use ballast_fuzz::{run, Target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| run(Target::Liquidation, data));
