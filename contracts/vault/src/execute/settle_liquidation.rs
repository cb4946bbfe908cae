//! `SettleLiquidation`: the liquidation contract repays debt and takes collateral. The vault
//! trusts it with nothing it can check itself: with its own `Liquidation` prices it re-checks
//! that the account is liquidatable and that the collateral released is worth at most the debt
//! repaid × (1 + MAX_BONUS) (+1 unit of rounding; the last unit of a dust account aside). Never
//! paused.

use ballast_kit::store::Put;
use ballast_math::liquidation::{max_seize_value, only_units_left, MAX_BONUS};
use ballast_math::value::{collateral_value, debt_value};
use ballast_types::events::{BadDebtEvent, SettleLiquidationEvent};
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{Addr, DepsMut, Env, Event, Response, Uint128};

use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::funds::Funds;
use crate::ledger::{accrued_market, load_account, load_asset, save_account};
use crate::state::{COLLATERAL_TOTALS, CONFIG, MARKETS};
use crate::valuation::{fetch_quotes, price, price_or_zero, view};

/// What the liquidation contract asks for.
pub struct Settlement {
    /// Owner of the liquidated account.
    pub owner: Addr,
    /// Sub-account.
    pub account: u32,
    /// Collateral denom seized.
    pub collateral_denom: String,
    /// Collateral released in total.
    pub seize: Uint128,
    /// Part of `seize` for the treasury.
    pub protocol_fee: Uint128,
    /// Receives `seize − protocol_fee`.
    pub recipient: Addr,
    /// Receives `protocol_fee`.
    pub treasury: Addr,
}

/// Settles: `repaid` is the one debt coin sent by `sender`, which must be the configured
/// liquidation contract.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    s: Settlement,
    repaid: Funds,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    if config.liquidation.as_ref() != Some(&sender) {
        return Err(ContractError::Unauthorized);
    }
    if s.seize.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    if s.protocol_fee > s.seize {
        return Err(ContractError::FeeExceedsSeize {
            protocol_fee: s.protocol_fee,
            seize: s.seize,
        });
    }
    let mut account = load_account(deps.storage, &s.owner, s.account)?;
    let held = account.collateral(&s.collateral_denom);
    if s.seize > held {
        return Err(ContractError::InsufficientCollateralBalance {
            denom: s.collateral_denom,
            held,
            requested: s.seize,
        });
    }
    let debt_shares = account.debt_shares(&repaid.denom);
    if debt_shares.is_zero() {
        return Err(ContractError::NoDebt {
            denom: repaid.denom,
        });
    }
    let now = env.block.time.seconds();
    let debt_asset = load_asset(deps.storage, &repaid.denom)?;
    let mut market = accrued_market(deps.storage, &debt_asset, now)?;

    // The vault's own check, at its own Liquidation prices, before anything changes.
    let before = view(
        deps.storage,
        &account,
        now,
        &[(repaid.denom.as_str(), &market)],
    )?;
    // RISK.md "Prices that are missing", as the liquidation contract applies it: a collateral
    // without a price counts zero and cannot be seized; a debt without one leaves the account
    // unvalued, so nothing is settled.
    let quotes = fetch_quotes(
        &deps.querier,
        &config.oracle,
        &before.denoms(),
        PriceKind::Liquidation,
    )?;
    let priced = price(&before, &quotes)?;
    if priced.unpriceable {
        return Err(ContractError::AccountUnpriceable {
            owner: s.owner.to_string(),
            account: s.account,
            denom: priced
                .debts
                .iter()
                .find(|d| d.price.is_zero())
                .map(|d| d.denom.clone())
                .unwrap_or_default(),
        });
    }
    let health_before = priced.health_factor();
    if !priced.is_liquidatable() {
        return Err(ContractError::NotLiquidatable {
            health_factor: health_before,
        });
    }
    let collateral_price = price_or_zero(&quotes, &s.collateral_denom);
    if collateral_price.is_zero() {
        return Err(ContractError::CollateralUnpriced {
            denom: s.collateral_denom,
        });
    }
    let debt = before
        .debts
        .iter()
        .find(|d| d.denom == repaid.denom)
        .map(|d| d.amount)
        .unwrap_or_default();
    if repaid.amount > debt {
        return Err(ContractError::RepayExceedsDebt {
            denom: repaid.denom,
            debt,
            sent: repaid.amount,
        });
    }
    // The last unit (RISK.md step 6 as ballast_math applies it): one unit of collateral for the
    // whole debt of the denom, only when no debt of the account is worth one unit of any
    // collateral. That unit is left out of the bound.
    let last_unit = s.seize == Uint128::one()
        && repaid.amount == debt
        && only_units_left(&priced.collateral_inputs(), &priced.debt_inputs())?;
    let bounded = if last_unit { Uint128::zero() } else { s.seize };
    let seized_value = collateral_value(bounded, collateral_price)?;
    let repaid_value = debt_value(repaid.amount, price_or_zero(&quotes, &repaid.denom))?;
    let max_value = max_seize_value(repaid_value, MAX_BONUS)?.saturating_add(Uint128::one());
    if seized_value > max_value {
        return Err(ContractError::SeizeTooLarge {
            seized_value,
            max_value,
        });
    }

    // Repay (debt shares burned rounded down), release the collateral.
    let repayment = market.repay(repaid.amount, debt_shares)?;
    account.set_debt_shares(
        &repaid.denom,
        debt_shares.checked_sub(repayment.shares_burned)?,
    );
    account.set_collateral(&s.collateral_denom, held.checked_sub(s.seize)?);
    let total = COLLATERAL_TOTALS
        .may_load(deps.storage, &s.collateral_denom)?
        .unwrap_or_default();
    COLLATERAL_TOTALS.put(
        deps.storage,
        &s.collateral_denom,
        &total.checked_sub(s.seize)?,
    )?;
    MARKETS.put(deps.storage, &repaid.denom, &market)?;

    // No collateral left but debt remains: write every remaining debt off.
    let mut events: Vec<Event> = Vec::new();
    if account.collaterals.is_empty() && account.has_debt() {
        let debts = std::mem::take(&mut account.debts);
        for (denom, shares) in debts {
            let mut debt_market = if denom == repaid.denom {
                // the market as just saved (reading it back gives the same value)
                market.clone()
            } else {
                accrued_market(deps.storage, &load_asset(deps.storage, &denom)?, now)?
            };
            let write_off = debt_market.write_off(shares)?;
            MARKETS.put(deps.storage, &denom, &debt_market)?;
            events.push(
                BadDebtEvent {
                    owner: s.owner.to_string(),
                    account: s.account,
                    denom,
                    amount: write_off.amount,
                    from_reserves: write_off.from_reserves,
                    from_suppliers: write_off.from_suppliers,
                }
                .into(),
            );
        }
    }
    save_account(deps.storage, &s.owner, s.account, &account, true)?;

    let mut response = Response::new();
    let to_recipient = s.seize.checked_sub(s.protocol_fee)?;
    if !to_recipient.is_zero() {
        response = response.add_message(send(&s.recipient, &s.collateral_denom, to_recipient));
    }
    if !s.protocol_fee.is_zero() {
        response = response.add_message(send(&s.treasury, &s.collateral_denom, s.protocol_fee));
    }
    let event = SettleLiquidationEvent {
        liquidation: sender.to_string(),
        owner: s.owner.to_string(),
        account: s.account,
        debt_denom: repaid.denom,
        repaid: repayment.repaid,
        collateral_denom: s.collateral_denom,
        seized: s.seize,
        protocol_fee: s.protocol_fee,
        recipient: s.recipient.to_string(),
        treasury: s.treasury.to_string(),
        health_before: health_before.unwrap_or_default(),
    };
    Ok(response.add_event(event).add_events(events))
}
