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
//!
//! The vault is mounted too: list assets with [`AssetSpec`] (their price sources registered as
//! above) and drive it with [`MockEnv::vault`], whose helpers return the typed events:
//!
//! ```
//! use ballast_testing::{test_rate_model, AssetSpec, MockEnv};
//! use cosmwasm_std::{coin, Decimal256};
//!
//! let mut env = MockEnv::builder()
//!     .fixed_price("uusdc", 6, Decimal256::one())
//!     .fixed_price("uatom", 6, Decimal256::percent(1000))
//!     .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
//!     .asset(AssetSpec::new("uatom", 6).collateral("0.6", "0.7"))
//!     .build();
//! let (lender, borrower) = (env.addr("lender"), env.addr("borrower"));
//! env.fund(&lender, &[coin(1_000_000, "uusdc")]);
//! env.fund(&borrower, &[coin(1_000_000, "uatom")]);
//! env.vault().supply(&lender, &[coin(1_000_000, "uusdc")]).unwrap();
//! env.vault().deposit(&borrower, &[coin(1_000_000, "uatom")]).unwrap(); // worth 10 USD
//! let ev = env.vault().borrow(&borrower, &coin(600_000, "uusdc")).unwrap();
//! assert_eq!(ev.shares.u128(), 600_000_000_000); // 10^6 shares per unit at index 1
//! assert!(env.vault().borrow(&borrower, &coin(400_001, "uusdc")).is_err()); // > free liquidity
//! ```

pub mod contracts;
pub mod env;
pub mod feeds;
pub mod helpers;
pub mod invariants;
pub mod liquidation;
pub mod mock_pyth;
pub mod ownership;
pub mod vault;

pub use crate::contracts::{
    contract_liquidation, contract_mock_pyth, contract_oracle, contract_vault,
};
pub use crate::env::{MockEnv, MockEnvBuilder, OracleClient, PythFeed, PythParams};
pub use crate::helpers::assert_err;
pub use crate::liquidation::{default_policy, LiquidationClient};
pub use crate::ownership::Ownable;
pub use crate::vault::{dec, test_rate_model, AssetSpec, VaultClient, VaultParams};
