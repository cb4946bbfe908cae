//! Queries.

use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::{
    Config, LiquidatablePosition, LiquidatablePositionsResponse, LiquidationPolicy,
    SimulateLiquidationResponse, UnpriceablePosition, DEFAULT_LIQUIDATABLE_LIMIT,
    MAX_LIQUIDATABLE_LIMIT, MAX_SCANNED_ACCOUNTS,
};
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{Addr, Deps, Uint128};

use crate::constants::VAULT_PAGE;
use crate::error::ContractResult;
use crate::plan::{self, Request};
use crate::state::{CONFIG, POLICY};

/// `SimulateLiquidation`: [`plan::compute`], exactly as `Liquidate` runs it.
pub fn simulate_liquidation(
    deps: Deps,
    owner: &Addr,
    account: u32,
    debt_denom: &str,
    collateral_denom: &str,
    debt_amount: Option<Uint128>,
) -> ContractResult<SimulateLiquidationResponse> {
    let config = CONFIG.load(deps.storage)?;
    let policy = POLICY.load(deps.storage)?;
    let plan = plan::compute(
        &deps.querier,
        &config,
        &policy,
        Request {
            owner,
            account,
            debt_denom,
            collateral_denom,
            sent: debt_amount,
        },
    )?;
    Ok(plan.to_response())
}

/// `LiquidatablePositions`: pages through the vault's `Positions` at `Liquidation` prices (one
/// vault query per page of 30), keeps the liquidatable ones, and stops at `limit` found or
/// [`MAX_SCANNED_ACCOUNTS`] examined.
pub fn liquidatable_positions(
    deps: Deps,
    start_after: Option<(String, u32)>,
    limit: Option<u32>,
) -> ContractResult<LiquidatablePositionsResponse> {
    let limit =
        ballast_kit::validate::limit(limit, DEFAULT_LIQUIDATABLE_LIMIT, MAX_LIQUIDATABLE_LIMIT)?;
    let vault = VaultHandle::new(CONFIG.load(deps.storage)?.vault);
    let mut cursor = start_after;
    let mut positions: Vec<LiquidatablePosition> = Vec::new();
    let mut unpriceable: Vec<UnpriceablePosition> = Vec::new();
    let mut scanned = 0u32;
    while scanned < MAX_SCANNED_ACCOUNTS {
        let page_size = VAULT_PAGE.min(MAX_SCANNED_ACCOUNTS - scanned);
        let page = vault.query_positions(
            &deps.querier,
            cursor.clone(),
            Some(page_size),
            PriceKind::Liquidation,
        )?;
        let exhausted = page.next_start_after.is_none();
        for position in page.positions {
            scanned += 1;
            cursor = Some((position.owner.clone(), position.account));
            if position.unpriceable {
                // Reported and passed over: one account's missing price never stops a scan.
                unpriceable.push(UnpriceablePosition {
                    owner: position.owner,
                    account: position.account,
                    missing_prices: position.missing_prices,
                });
                continue;
            }
            if let (true, Some(health_factor)) = (position.liquidatable, position.health_factor) {
                positions.push(LiquidatablePosition {
                    owner: position.owner,
                    account: position.account,
                    health_factor,
                    collateral_value: position.collateral_value,
                    debt_value: position.debt_value,
                    liquidation_capacity: position.liquidation_capacity,
                    collaterals: position.collaterals,
                    debts: position.debts,
                    missing_prices: position.missing_prices,
                });
                if positions.len() == limit {
                    return Ok(LiquidatablePositionsResponse {
                        positions,
                        unpriceable,
                        next_start_after: cursor,
                    });
                }
            }
        }
        if exhausted {
            return Ok(LiquidatablePositionsResponse {
                positions,
                unpriceable,
                next_start_after: None,
            });
        }
    }
    Ok(LiquidatablePositionsResponse {
        positions,
        unpriceable,
        next_start_after: cursor,
    })
}

/// `Policy`.
pub fn policy(deps: Deps) -> ContractResult<LiquidationPolicy> {
    Ok(POLICY.load(deps.storage)?)
}

/// `Config`.
pub fn config(deps: Deps) -> ContractResult<Config> {
    Ok(CONFIG.load(deps.storage)?)
}
