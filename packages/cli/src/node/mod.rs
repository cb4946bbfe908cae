//! Ballast on a real node: a small client for a wasmd chain (REST for queries, simulation and
//! broadcasting; CometBFT RPC for status and event search), a signer, `ballast deploy` and
//! `ballast price set`.
//!
//! Transactions are built and signed with `cosmrs`, the Cosmos Rust team's transaction builder
//! (protobuf messages, SIGN_MODE_DIRECT, secp256k1 keys derived from a BIP-39 mnemonic on the
//! Cosmos path `m/44'/118'/0'/0/0`). The transport is plain JSON over HTTP (`ureq`, blocking, no
//! async runtime): the node's REST gateway answers every query the tools need (accounts,
//! balances, smart queries, simulate, broadcast, transactions) and CometBFT's JSON-RPC answers
//! `status` and `tx_search`. `tendermint-rpc`'s HTTP client (cosmrs's `rpc` feature) would bring
//! an async runtime and a second HTTP stack for those two calls, and cw-orch's daemon a gRPC
//! stack (tonic) and tokio: more to build in every CI run than the whole of this module.

pub mod client;
pub mod commands;
pub mod deploy;
pub mod deployment;
pub mod price;
pub mod record;
pub mod signer;

pub use client::{Node, NodeError, TxOutcome};
pub use deployment::{Deployment, DeploymentError};
pub use signer::Signer;
