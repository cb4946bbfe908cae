//! The contracts, wrapped for cw-multi-test.

use cosmwasm_std::Empty;
use cw_multi_test::{Contract, ContractWrapper};

use crate::mock_pyth;

/// The oracle adapter (`ballast-oracle`).
pub fn contract_oracle() -> Box<dyn Contract<Empty>> {
    use ballast_oracle::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The vault (`ballast-vault`).
pub fn contract_vault() -> Box<dyn Contract<Empty>> {
    use ballast_vault::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The liquidation contract (`ballast-liquidation`).
pub fn contract_liquidation() -> Box<dyn Contract<Empty>> {
    use ballast_liquidation::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

/// The mock Pyth contract ([`mock_pyth`]).
pub fn contract_mock_pyth() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        mock_pyth::execute,
        mock_pyth::instantiate,
        mock_pyth::query,
    ))
}
