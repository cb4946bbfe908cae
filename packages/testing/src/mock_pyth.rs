//! The mock Pyth contract (`contracts/mock-pyth`, **local networks and tests only**), mounted in
//! cw-multi-test: the same code the local node runs as Wasm.

pub use ballast_mock_pyth::*;
