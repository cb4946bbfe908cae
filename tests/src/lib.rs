//! Workspace-level test support: the CosmWasm VM router ([`vm`]) that runs the real Wasm artifacts
//! and measures them on wasmd's cost model.

pub mod vm;
