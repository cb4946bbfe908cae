//! `Withdraw`: collateral out. With debt, `D ≤ B` at `Default` prices afterwards (one `Prices`
//! query); without debt no price is needed, so withdraw-all always works.

use ballast_math::position::max_withdraw;
use ballast_types::events::WithdrawEvent;
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};

use crate::account::load_account;
use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::ledger::load_asset;
use crate::state::{ACCOUNTS, COLLATERAL_TOTALS, CONFIG};
use crate::valuation::{fetch_prices, price, view};

/// Withdraws `amount` (or the most that keeps `D ≤ B`) of `denom` from `(owner, index)`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    owner: Addr,
    index: u32,
    denom: String,
    amount: Option<Uint128>,
    recipient: Addr,
) -> ContractResult<Response> {
    let mut account = load_account(deps.storage, &owner, index)?;
    let asset = load_asset(deps.storage, &denom)?;
    // A withdraw pause binds accounts with debt only: without debt a withdrawal needs no price
    // and cannot hurt the protocol, so withdraw-all always works (INVARIANTS.md 20).
    if asset.paused.withdraw && account.has_debt() {
        return Err(ContractError::Paused {
            denom,
            action: "withdraw".into(),
        });
    }
    let held = account.collateral(&denom);
    if amount == Some(Uint128::zero()) {
        return Err(ContractError::ZeroAmount);
    }
    let requested = amount.unwrap_or(held);
    if held.is_zero() || requested > held {
        return Err(ContractError::InsufficientCollateralBalance {
            denom,
            held,
            requested: amount.unwrap_or_default(),
        });
    }

    let amount = if account.has_debt() {
        let config = CONFIG.load(deps.storage)?;
        let now = env.block.time.seconds();
        let before = view(deps.storage, &account, now, &[])?;
        let prices = fetch_prices(
            &deps.querier,
            &config.oracle,
            &before.denoms(),
            PriceKind::Default,
        )?;
        let amount = match amount {
            Some(amount) => amount,
            None => {
                let priced = price(&before, &prices)?;
                let index = before
                    .collaterals
                    .iter()
                    .position(|c| c.denom == denom)
                    .ok_or_else(|| ContractError::NotCollateral {
                        denom: denom.clone(),
                    })?;
                let max = max_withdraw(&priced.collateral_inputs(), &priced.debt_inputs(), index)?;
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
        let values = price(&after, &prices)?.values;
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

    account.set_collateral(&denom, held.checked_sub(amount)?);
    ACCOUNTS.save(deps.storage, (&owner, index), &account)?;
    let total = COLLATERAL_TOTALS
        .may_load(deps.storage, &denom)?
        .unwrap_or_default();
    COLLATERAL_TOTALS.save(deps.storage, &denom, &total.checked_sub(amount)?)?;

    let event = WithdrawEvent {
        owner: owner.to_string(),
        account: index,
        denom: denom.clone(),
        amount,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}
