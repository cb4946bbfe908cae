//! Workspace-level test support: the CosmWasm VM router ([`vm`]) that runs the real Wasm artifacts
//! and measures them on wasmd's cost model, and the protocol script ([`script`]) run on both the
//! VM and cw-multi-test.

pub mod script;
pub mod vm;
