//! Test kit for Ballast: a cw-multi-test [`MockEnv`] builder with every contract mounted, a mock
//! Pyth contract, and helpers.
//!
//! ```
//! use ballast_testing::{feeds, MockEnv};
//! use ballast_types::oracle::PriceKind;
//! use cosmwasm_std::Decimal256;
//!
//! let mut env = MockEnv::builder()
//!     .fixed_price("uusdc", 6, Decimal256::one())
//!     .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 500_000) // 10 ± 0.005 USD
//!     .build();
//! assert_eq!(env.price("uatom", PriceKind::Default).unwrap().price, Decimal256::percent(1000));
//! env.advance(3_600);
//! assert!(env.price("uatom", PriceKind::Liquidation).is_err()); // stale now
//! ```

pub mod contracts;
pub mod env;
pub mod feeds;
pub mod helpers;
pub mod mock_pyth;
pub mod vault;

pub use crate::contracts::{contract_mock_pyth, contract_oracle, contract_vault};
pub use crate::env::{MockEnv, MockEnvBuilder, OracleClient, PythFeed, PythParams};
pub use crate::helpers::assert_err;
pub use crate::vault::{dec, test_rate_model, AssetSpec, VaultClient, VaultParams};
