//! `Borrow`: debt out of a lending pool. Afterwards `D ≤ B` at `Default` prices (one `Prices`
//! query for every denom of the account) and the debt in the denom is worth ≥ `min_debt_value`.

use ballast_types::events::BorrowEvent;
use ballast_types::vault::Config;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Storage, Uint128};

use crate::books::Books;
use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::ledger::{check_cap, lending, load_asset};
use crate::state::CONFIG;
use crate::valuation::Prices;

/// Lends `amount` of `denom` to `(owner, account)`, paid to `recipient`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    owner: Addr,
    account: u32,
    denom: String,
    amount: Uint128,
    recipient: Addr,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = Books::load(deps.storage, &owner, account, env.block.time.seconds())?;
    let mut prices = Prices::oracle(deps.querier, &config.oracle);
    let shares = apply(
        &mut books,
        deps.storage,
        &config,
        &mut prices,
        &denom,
        amount,
    )?;
    books.save(deps.storage)?;

    let event = BorrowEvent {
        owner: owner.to_string(),
        account,
        denom: denom.clone(),
        amount,
        shares,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}

/// The checks and changes of a borrow into `books` (execute, `SimulatePosition`, `MaxBorrow`):
/// a positive amount, an existing account, a borrowable denom not paused, the pool's free
/// liquidity and borrow cap, `max_assets_per_account`, then `D ≤ B` at `Default` prices and the
/// debt in the denom worth at least `min_debt_value`. Returns the debt shares minted.
pub fn apply(
    books: &mut Books,
    storage: &dyn Storage,
    config: &Config,
    prices: &mut Prices,
    denom: &str,
    amount: Uint128,
) -> ContractResult<Uint128> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    books.require_account()?;
    let count_before = books.entry.denoms().len();
    let asset = load_asset(storage, denom)?;
    let borrow_cap = lending(&asset)?.borrow_cap;
    if asset.paused.borrow {
        return Err(ContractError::Paused {
            denom: denom.to_string(),
            action: "borrow".into(),
        });
    }
    let market = books.market(storage, &asset)?;
    let available = market.max_borrowable()?;
    if amount > available {
        return Err(ContractError::InsufficientLiquidity {
            denom: denom.to_string(),
            available,
            requested: amount,
        });
    }
    let shares = market.borrow(amount)?;
    check_cap(denom, borrow_cap, market.total_debt()?)?;
    let held = books.entry.debt_shares(denom);
    books
        .entry
        .set_debt_shares(denom, held.checked_add(shares)?);
    books
        .entry
        .check_asset_count(count_before, config.max_assets_per_account)?;

    let after = books.view(storage)?;
    let priced = prices.strict(&after)?;
    if !priced.values.meets_initial_margin() {
        return Err(ContractError::InsufficientCollateral {
            debt_value: priced.values.debt_value,
            borrow_capacity: priced.values.borrow_capacity,
        });
    }
    let debt = priced
        .debts
        .iter()
        .find(|d| d.denom == denom)
        .map(|d| d.value)
        .unwrap_or_default();
    if debt < config.min_debt_value {
        return Err(ContractError::DebtBelowMinimum {
            denom: denom.to_string(),
            value: debt,
            min: config.min_debt_value,
        });
    }
    Ok(shares)
}
