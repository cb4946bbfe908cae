//! `Deposit`: collateral in. Needs no price. On behalf of another address it only tops up
//! collateral denoms the account already holds.

use ballast_types::events::DepositEvent;
use ballast_types::vault::Config;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Storage};

use crate::books::Books;
use crate::error::{ContractError, ContractResult};
use crate::funds::Funds;
use crate::ledger::{check_cap, collateral, load_asset};
use crate::state::CONFIG;

/// Credits `coins` (already checked: distinct, non-zero) to `(owner, account)`, creating the account.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    owner: Addr,
    account: u32,
    coins: Vec<Funds>,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let mut books = Books::load(deps.storage, &owner, account, env.block.time.seconds())?;
    apply(&mut books, deps.storage, &config, sender == owner, &coins)?;
    books.save(deps.storage)?;

    let event = DepositEvent {
        sender: sender.to_string(),
        owner: owner.to_string(),
        account,
        amount: coins.iter().map(Funds::to_coin).collect(),
    };
    Ok(Response::new().add_event(event))
}

/// The checks and changes of a deposit of `coins` into `books` (execute and `SimulatePosition`):
/// a third party only tops up what the account holds, each denom is collateral, not paused and
/// stays within its deposit cap, and the account within `max_assets_per_account`.
pub fn apply(
    books: &mut Books,
    storage: &dyn Storage,
    config: &Config,
    by_owner: bool,
    coins: &[Funds],
) -> ContractResult<()> {
    let count_before = books.entry.denoms().len();
    for coin in coins {
        // INVARIANTS 30: a third party may only top up what the account already holds, so
        // nobody can fill another's asset slots or hand it an asset with a failing feed.
        if !by_owner && books.entry.collateral(&coin.denom).is_zero() {
            return Err(ContractError::NewAssetNotOwner {
                owner: books.owner.to_string(),
                account: books.account,
                denom: coin.denom.clone(),
            });
        }
        let asset = load_asset(storage, &coin.denom)?;
        let params = collateral(&asset)?;
        if asset.paused.deposit {
            return Err(ContractError::Paused {
                denom: coin.denom.clone(),
                action: "deposit".into(),
            });
        }
        let total = books
            .total(storage, &coin.denom)?
            .checked_add(coin.amount)?;
        check_cap(&coin.denom, params.deposit_cap, total)?;
        books.totals.insert(coin.denom.clone(), total);
        let held = books
            .entry
            .collateral(&coin.denom)
            .checked_add(coin.amount)?;
        books.entry.set_collateral(&coin.denom, held);
    }
    books
        .entry
        .check_asset_count(count_before, config.max_assets_per_account)?;
    books.exists = true;
    Ok(())
}
