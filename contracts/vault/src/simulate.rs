//! What the borrower actions would do, answered by the actions' own checks
//! (`execute::<action>::apply` on [`Books`] that are then dropped): `SimulatePosition`,
//! `MaxBorrow` and `MaxWithdraw`. A quote is therefore accepted by the execute message in the
//! same block.

use ballast_math::position::{self, max_borrow_with_existing};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{
    ActionOutcome, Config, MaxAmountResponse, PositionAction, SimulatePositionResponse,
    MAX_SIMULATED_ACTIONS,
};
use cosmwasm_std::{Addr, Deps, Storage, Uint128};

use crate::books::Books;
use crate::denom_map::sorted_unique;
use crate::error::{ContractError, ContractResult};
use crate::execute::{borrow, deposit, repay, withdraw};
use crate::funds::nonzero;
use crate::ledger::{asset_and_market, lending};
use crate::state::{ASSETS, CONFIG};
use crate::valuation::{
    fetch_prices, fetch_quotes, position_response, price, price_or_zero, Prices,
};

/// `SimulatePosition`: `actions` applied in order to the books of `(owner, account)` (empty if the
/// account does not exist), each on a copy kept only if the action is accepted; one `TryPrices`
/// query at `Default` for the account's denoms and the listed denoms of the actions.
pub fn simulate_position(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
    actions: &[PositionAction],
) -> ContractResult<SimulatePositionResponse> {
    if actions.len() > MAX_SIMULATED_ACTIONS {
        return Err(ContractError::invalid_param(
            "actions",
            format!("at most {MAX_SIMULATED_ACTIONS}"),
        ));
    }
    let config = CONFIG.load(deps.storage)?;
    let mut books = Books::load(deps.storage, owner, account, now)?;
    let listed = actions
        .iter()
        .map(PositionAction::denom)
        .filter(|denom| ASSETS.has(deps.storage, denom))
        .map(str::to_string);
    let denoms = sorted_unique(books.entry.denoms().into_iter().chain(listed));
    let quotes = if denoms.is_empty() {
        Default::default()
    } else {
        fetch_quotes(&deps.querier, &config.oracle, &denoms, PriceKind::Default)?
    };
    let mut prices = Prices::fetched(quotes);
    let mut outcomes = Vec::with_capacity(actions.len());
    for action in actions {
        let mut next = books.clone();
        outcomes.push(
            match apply(&mut next, deps.storage, &config, &mut prices, action) {
                Ok(amount) => {
                    books = next;
                    ActionOutcome {
                        accepted: true,
                        amount,
                        error: None,
                    }
                }
                Err(err) => ActionOutcome {
                    accepted: false,
                    amount: Uint128::zero(),
                    error: Some(err.to_string()),
                },
            },
        );
    }
    let view = books.view(deps.storage)?;
    let priced = price(&view, prices.quotes().unwrap_or(&Default::default()))?;
    Ok(SimulatePositionResponse {
        position: position_response(owner, account, PriceKind::Default, priced)?,
        actions: outcomes,
    })
}

/// One action on `books` through its execute message's checks; the amount it moves.
fn apply(
    books: &mut Books,
    storage: &dyn Storage,
    config: &Config,
    prices: &mut Prices,
    action: &PositionAction,
) -> ContractResult<Uint128> {
    match action {
        PositionAction::Deposit { denom, amount } => {
            deposit::apply(books, storage, config, true, &[nonzero(denom, *amount)?])?;
            Ok(*amount)
        }
        PositionAction::Withdraw { denom, amount } => {
            withdraw::apply(books, storage, prices, denom, Some(*amount))
        }
        PositionAction::Borrow { denom, amount } => {
            borrow::apply(books, storage, config, prices, denom, *amount)?;
            Ok(*amount)
        }
        PositionAction::Repay { denom, amount } => {
            let repayments = repay::apply(books, storage, &[nonzero(denom, *amount)?])?;
            Ok(repayments.first().map(|r| r.repaid).unwrap_or_default())
        }
    }
}

/// How many units below what the maths allow a quote may go: borrowing `a` can leave a debt of
/// `a + 1` (debt shares are minted rounded up, and read back rounded up), which one unit less
/// always covers; a second unit is margin.
const ROUNDING_STEPS: usize = 3;

/// The largest of `candidate`, `candidate − 1`, … (at most [`ROUNDING_STEPS`] of them) that
/// `accepts` accepts. 0 when none is accepted, or when it refuses for another reason than the
/// margin or a cap (a pause, `min_debt_value`, the asset count: no smaller amount passes).
fn largest_accepted(
    candidate: Uint128,
    mut accepts: impl FnMut(Uint128) -> ContractResult<()>,
) -> Uint128 {
    let mut amount = candidate;
    for _ in 0..ROUNDING_STEPS {
        if amount.is_zero() {
            break;
        }
        match accepts(amount) {
            Ok(()) => return amount,
            Err(
                ContractError::InsufficientCollateral { .. } | ContractError::CapExceeded { .. },
            ) => {
                amount -= Uint128::one();
            }
            Err(_) => break,
        }
    }
    Uint128::zero()
}

/// `MaxBorrow`: the most the maths allow (initial margin at `Default` prices, free liquidity,
/// borrow cap), then the largest amount `Borrow`'s own checks accept.
pub fn max_borrow(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
    denom: String,
) -> ContractResult<MaxAmountResponse> {
    let config = CONFIG.load(deps.storage)?;
    let books = Books::load(deps.storage, owner, account, now)?;
    books.require_account()?;
    let (asset, market) = asset_and_market(deps.storage, &denom, now)?;
    let params = lending(&asset)?;
    let view = books.view(deps.storage)?;
    let mut denoms = view.denoms();
    if !denoms.contains(&denom) {
        denoms.push(denom.clone());
    }
    let quotes = fetch_prices(&deps.querier, &config.oracle, &denoms, PriceKind::Default)?;
    let existing = view
        .debts
        .iter()
        .find(|d| d.denom == denom)
        .map(|d| d.amount)
        .unwrap_or_default();
    let values = price(&view, &quotes)?.values;
    let debt_price = price_or_zero(&quotes, &denom);
    let by_margin = max_borrow_with_existing(&values, existing, debt_price)?;
    let by_cap = match params.borrow_cap {
        Some(cap) => cap.saturating_sub(market.total_debt()?),
        None => Uint128::MAX,
    };
    let candidate = by_margin.min(market.max_borrowable()?).min(by_cap);
    let mut prices = Prices::fetched(quotes);
    let amount = largest_accepted(candidate, |amount| {
        let mut trial = books.clone();
        borrow::apply(
            &mut trial,
            deps.storage,
            &config,
            &mut prices,
            &denom,
            amount,
        )
        .map(|_| ())
    });
    Ok(MaxAmountResponse { denom, amount })
}

/// `MaxWithdraw`: all the collateral without debt, else the most the initial margin allows at
/// `Default` prices, then the largest amount `Withdraw`'s own checks accept.
pub fn max_withdraw(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
    denom: String,
) -> ContractResult<MaxAmountResponse> {
    let books = Books::load(deps.storage, owner, account, now)?;
    books.require_account()?;
    let held = books.entry.collateral(&denom);
    let mut prices = Prices::configured(deps.querier, deps.storage);
    let candidate = if books.entry.has_debt() && !held.is_zero() {
        let view = books.view(deps.storage)?;
        let priced = prices.strict(&view)?;
        match view.collaterals.iter().position(|c| c.denom == denom) {
            Some(i) => {
                position::max_withdraw(&priced.collateral_inputs(), &priced.debt_inputs(), i)?
            }
            None => Uint128::zero(),
        }
    } else {
        held
    };
    let amount = largest_accepted(candidate, |amount| {
        let mut trial = books.clone();
        withdraw::apply(&mut trial, deps.storage, &mut prices, &denom, Some(amount)).map(|_| ())
    });
    Ok(MaxAmountResponse { denom, amount })
}
