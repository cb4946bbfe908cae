//! `Withdraw`: collateral out. With debt, `D ≤ B` at `Default` prices afterwards (one `Prices`
//! query); without debt no price is needed, so withdraw-all always works.

use ballast_math::position::max_withdraw;
use ballast_types::events::WithdrawEvent;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Storage, Uint128};

use crate::books::Books;
use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::ledger::load_asset;
use crate::valuation::Prices;

/// Withdraws `amount` (or the most that keeps `D ≤ B`) of `denom` from `(owner, account)`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    owner: Addr,
    account: u32,
    denom: String,
    amount: Option<Uint128>,
    recipient: Addr,
) -> ContractResult<Response> {
    let mut books = Books::load(deps.storage, &owner, account, env.block.time.seconds())?;
    let mut prices = Prices::configured(deps.querier, deps.storage);
    let amount = apply(&mut books, deps.storage, &mut prices, &denom, amount)?;
    books.save(deps.storage)?;

    let event = WithdrawEvent {
        owner: owner.to_string(),
        account,
        denom: denom.clone(),
        amount,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}

/// The checks and changes of a withdrawal from `books` (execute, `SimulatePosition`,
/// `MaxWithdraw`): the account exists and holds the amount, withdrawals of the denom are not
/// paused if it owes debt, and with debt `D ≤ B` afterwards at `Default` prices (`amount` `None`:
/// the most that keeps it). Returns the amount withdrawn.
pub fn apply(
    books: &mut Books,
    storage: &dyn Storage,
    prices: &mut Prices,
    denom: &str,
    amount: Option<Uint128>,
) -> ContractResult<Uint128> {
    books.require_account()?;
    let asset = load_asset(storage, denom)?;
    let has_debt = books.entry.has_debt();
    // A withdraw pause binds accounts with debt only: without debt a withdrawal needs no price
    // and cannot hurt the protocol, so withdraw-all always works (INVARIANTS.md 20).
    if asset.paused.withdraw && has_debt {
        return Err(ContractError::Paused {
            denom: denom.to_string(),
            action: "withdraw".into(),
        });
    }
    let held = books.entry.collateral(denom);
    if amount == Some(Uint128::zero()) {
        return Err(ContractError::ZeroAmount);
    }
    let requested = amount.unwrap_or(held);
    if held.is_zero() || requested > held {
        return Err(ContractError::InsufficientCollateralBalance {
            denom: denom.to_string(),
            held,
            requested: amount.unwrap_or_default(),
        });
    }

    let amount = if has_debt {
        let before = books.view(storage)?;
        let amount = match amount {
            Some(amount) => amount,
            None => {
                let priced = prices.strict(&before)?;
                let collateral_index = before
                    .collaterals
                    .iter()
                    .position(|c| c.denom == denom)
                    .ok_or_else(|| ContractError::NotCollateral {
                        denom: denom.to_string(),
                    })?;
                let max = max_withdraw(
                    &priced.collateral_inputs(),
                    &priced.debt_inputs(),
                    collateral_index,
                )?;
                if max.is_zero() {
                    return Err(ContractError::InsufficientCollateral {
                        debt_value: priced.values.debt_value,
                        borrow_capacity: priced.values.borrow_capacity,
                    });
                }
                max
            }
        };
        let mut after = before;
        for c in after.collaterals.iter_mut().filter(|c| c.denom == denom) {
            c.amount = c.amount.checked_sub(amount)?;
        }
        let values = prices.strict(&after)?.values;
        if !values.meets_initial_margin() {
            return Err(ContractError::InsufficientCollateral {
                debt_value: values.debt_value,
                borrow_capacity: values.borrow_capacity,
            });
        }
        amount
    } else {
        requested
    };

    books.entry.set_collateral(denom, held.checked_sub(amount)?);
    let total = books.total(storage, denom)?.checked_sub(amount)?;
    books.totals.insert(denom.to_string(), total);
    Ok(amount)
}
