//! Instantiation.

use ballast_kit::ownership;
use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::{Config, LiquidationPolicy};
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;
use crate::state::{CONFIG, POLICY};
use crate::validate;

/// Validates the policy (bounds, then every collateral the vault lists) and records the version,
/// the configuration, the policy and the owner (addresses checked by the dispatcher).
pub fn run(
    deps: DepsMut,
    owner_addr: Addr,
    config: Config,
    policy: LiquidationPolicy,
) -> ContractResult<Response> {
    validate::policy(&policy)?;
    validate::policy_against_vault(
        &deps.querier,
        &VaultHandle::new(config.vault.clone()),
        &policy,
    )?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    POLICY.save(deps.storage, &policy)?;
    ownership::initialize(deps.storage, &owner_addr)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner_addr)
        .add_attribute("vault", config.vault)
        .add_attribute("treasury", config.treasury)
        .add_attribute("version", CONTRACT_VERSION))
}
