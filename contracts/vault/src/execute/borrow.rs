//! `Borrow`: debt out of a lending pool. Afterwards `D ≤ B` at `Default` prices (one `Prices`
//! query for every denom of the account) and the debt in the denom is worth ≥ `min_debt_value`.

use ballast_types::events::BorrowEvent;
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};

use crate::account::{load_account, save_account};
use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::ledger::{accrued_market, check_cap, lending, load_asset};
use crate::state::{CONFIG, MARKETS};
use crate::valuation::{price_strict, view};

/// Lends `amount` of `denom` to `(owner, index)`, paid to `recipient`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    owner: Addr,
    index: u32,
    denom: String,
    amount: Uint128,
    recipient: Addr,
) -> ContractResult<Response> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    let config = CONFIG.load(deps.storage)?;
    let mut account = load_account(deps.storage, &owner, index)?;
    let had_debt = account.has_debt();
    let count_before = account.denoms().len();
    let asset = load_asset(deps.storage, &denom)?;
    let params = lending(&asset)?.clone();
    if asset.paused.borrow {
        return Err(ContractError::Paused {
            denom,
            action: "borrow".into(),
        });
    }
    let now = env.block.time.seconds();
    let mut market = accrued_market(deps.storage, &asset, now)?;
    let available = market.max_borrowable()?;
    if amount > available {
        return Err(ContractError::InsufficientLiquidity {
            denom,
            available,
            requested: amount,
        });
    }
    let shares = market.borrow(amount)?;
    check_cap(&denom, params.borrow_cap, market.total_debt()?)?;
    account.set_debt_shares(&denom, account.debt_shares(&denom).checked_add(shares)?);
    account.check_asset_count(count_before, config.max_assets_per_account)?;

    let after = view(deps.storage, &account, now, &[(denom.as_str(), &market)])?;
    let priced = price_strict(&deps.querier, &config.oracle, &after, PriceKind::Default)?;
    if !priced.values.meets_initial_margin() {
        return Err(ContractError::InsufficientCollateral {
            debt_value: priced.values.debt_value,
            borrow_capacity: priced.values.borrow_capacity,
        });
    }
    let debt = priced
        .debts
        .iter()
        .find(|d| d.entry.denom == denom)
        .map(|d| d.value)
        .unwrap_or_default();
    if debt < config.min_debt_value {
        return Err(ContractError::DebtBelowMinimum {
            denom,
            value: debt,
            min: config.min_debt_value,
        });
    }

    MARKETS.save(deps.storage, &denom, &market)?;
    save_account(deps.storage, &owner, index, &account, had_debt)?;
    let event = BorrowEvent {
        owner: owner.to_string(),
        account: index,
        denom: denom.clone(),
        amount,
        shares,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}
