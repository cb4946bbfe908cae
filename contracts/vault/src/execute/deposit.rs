//! `Deposit`: collateral in. Needs no price. On behalf of another address it only tops up
//! collateral denoms the account already holds.

use ballast_types::events::DepositEvent;
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::error::{ContractError, ContractResult};
use crate::funds::Funds;
use crate::ledger::{check_cap, collateral, load_asset};
use crate::state::{ACCOUNTS, COLLATERAL_TOTALS, CONFIG};

/// Credits `coins` (already checked: distinct, non-zero) to `(owner, index)`, creating the account.
pub fn run(
    deps: DepsMut,
    sender: Addr,
    owner: Addr,
    index: u32,
    coins: Vec<Funds>,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let mut account = ACCOUNTS
        .may_load(deps.storage, (&owner, index))?
        .unwrap_or_default();
    let count_before = account.denoms().len();
    for coin in &coins {
        // INVARIANTS 30: a third party may only top up what the account already holds, so
        // nobody can fill another's asset slots or hand it an asset with a failing feed.
        if sender != owner && account.collateral(&coin.denom).is_zero() {
            return Err(ContractError::NewAssetNotOwner {
                owner: owner.to_string(),
                account: index,
                denom: coin.denom.clone(),
            });
        }
        let asset = load_asset(deps.storage, &coin.denom)?;
        let params = collateral(&asset)?;
        if asset.paused.deposit {
            return Err(ContractError::Paused {
                denom: coin.denom.clone(),
                action: "deposit".into(),
            });
        }
        let total = COLLATERAL_TOTALS
            .may_load(deps.storage, &coin.denom)?
            .unwrap_or_default()
            .checked_add(coin.amount)?;
        check_cap(&coin.denom, params.deposit_cap, total)?;
        COLLATERAL_TOTALS.save(deps.storage, &coin.denom, &total)?;
        let held = account.collateral(&coin.denom).checked_add(coin.amount)?;
        account.set_collateral(&coin.denom, held);
    }
    account.check_asset_count(count_before, config.max_assets_per_account)?;
    ACCOUNTS.save(deps.storage, (&owner, index), &account)?;

    let event = DepositEvent {
        sender: sender.to_string(),
        owner: owner.to_string(),
        account: index,
        coins: coins.iter().map(Funds::to_coin).collect(),
    };
    Ok(Response::new().add_event(event))
}
