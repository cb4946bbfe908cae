//! The properties checked after every step and at the end of every input
//! (`spec/INVARIANTS.md` numbers in brackets). A violation panics with the check's name, so
//! libFuzzer records the input as a crash; `BALLAST_FUZZ_SKIP=name,name` turns checks off (to look
//! past a known finding).

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use ballast_types::events::LiquidateEvent;
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{MarketResponse, MarketsResponse, QueryMsg, RiskSummaryResponse};
use ballast_vault::account::Account;
use ballast_vault::state::{ACCOUNTS, COLLATERAL_TOTALS, SUPPLIES};
use cosmwasm_std::{Addr, Decimal, Decimal256, Order, Uint128, Uint256};

use crate::setup::{World, LISTED, PYTH_DENOM, UNLISTED};

/// Whether check `name` is on (not listed in `BALLAST_FUZZ_SKIP`).
pub fn enabled(name: &str) -> bool {
    static SKIP: OnceLock<HashSet<String>> = OnceLock::new();
    let skip = SKIP.get_or_init(|| {
        std::env::var("BALLAST_FUZZ_SKIP")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    !skip.contains(name)
}

/// Whether a line of `check_all`'s report (`inv 19 (always liquidatable): …`) is on: its
/// `inv NN` is not listed in `BALLAST_FUZZ_SKIP`.
fn enabled_inv(line: &str) -> bool {
    let id: String = line
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    enabled(&id)
}

/// Panics (a libFuzzer crash) unless `ok`, naming the check.
#[track_caller]
pub fn check(name: &str, ok: bool, detail: impl FnOnce() -> String) {
    if !ok && enabled(name) {
        panic!("ballast-fuzz: check `{name}` failed: {}", detail());
    }
}

/// Rounding dust one step may leave in the vault (smallest units per denom).
const DUST: u64 = 10;

/// What the previous step left, per market: `(supply_index, borrow_index, deficit)`, and per
/// listed denom the cash gap `bank − ledger`.
#[derive(Default)]
pub struct Tracker {
    markets: BTreeMap<String, (Decimal256, Decimal256, Uint128)>,
    gaps: BTreeMap<String, Uint256>,
}

fn vault_query<T: serde::de::DeserializeOwned>(world: &World, msg: &QueryMsg) -> Result<T, String> {
    world
        .env
        .app
        .wrap()
        .query_wasm_smart(&world.env.vault_addr, msg)
        .map_err(|e| e.to_string())
}

fn markets(world: &World) -> Result<Vec<MarketResponse>, String> {
    vault_query(
        world,
        &QueryMsg::Markets {
            start_after: None,
            limit: Some(30),
        },
    )
    .map(|page: MarketsResponse| page.markets)
}

/// Collateral totals as the vault stores them (no query answers them without prices).
fn collateral_totals(world: &World) -> BTreeMap<String, Uint128> {
    let storage = world.env.app.contract_storage(&world.env.vault_addr);
    COLLATERAL_TOTALS
        .range(storage.as_ref(), None, None, Order::Ascending)
        .filter_map(Result::ok)
        .collect()
}

/// The checks of every step (`ballast_testing::invariants::check_all` would go here once it
/// exists). `all_prices`: check the price properties for every denom, not only the Pyth one.
pub fn invariants(world: &World, tracker: &mut Tracker, all_prices: bool) -> Result<(), String> {
    let now = world.env.now();
    let markets = markets(world)?;
    let collateral = collateral_totals(world);
    let mut deficit_grew = false;
    for m in &markets {
        // [1] utilisation ≤ 1
        check("utilisation", m.total_debt <= m.total_supplied, || {
            format!(
                "{}: total_debt {} > total_supplied {}",
                m.denom, m.total_debt, m.total_supplied
            )
        });
        // [5] indices never decrease (supply index: except on a write-off), last_accrued ≤ now
        check("last_accrued", m.last_accrued <= now, || {
            format!("{}: last_accrued {} > now {now}", m.denom, m.last_accrued)
        });
        if let Some((supply_index, borrow_index, deficit)) = tracker.markets.get(&m.denom) {
            let wrote_off = m.deficit > *deficit;
            deficit_grew |= wrote_off;
            check(
                "borrow_index_monotone",
                m.borrow_index >= *borrow_index,
                || {
                    format!(
                        "{}: borrow index {} -> {}",
                        m.denom, borrow_index, m.borrow_index
                    )
                },
            );
            check(
                "supply_index_monotone",
                wrote_off || m.supply_index >= *supply_index,
                || {
                    format!(
                        "{}: supply index {} -> {} without a write-off",
                        m.denom, supply_index, m.supply_index
                    )
                },
            );
            check("deficit_monotone", m.deficit >= *deficit, || {
                format!("{}: deficit {} -> {}", m.denom, deficit, m.deficit)
            });
        }
        tracker
            .markets
            .insert(m.denom.clone(), (m.supply_index, m.borrow_index, m.deficit));
    }
    // [2] cash: bank ≥ collateral + supplied − borrowed, and the gap never shrinks (coins leave
    // only with their ledger entry), except by rounding dust on a write-off
    for denom in LISTED {
        let bank = world.env.balance(&world.env.vault_addr, denom);
        let held = collateral.get(denom).copied().unwrap_or_default();
        let (supplied, debt) = markets
            .iter()
            .find(|m| m.denom == denom)
            .map_or((Uint128::zero(), Uint128::zero()), |m| {
                (m.total_supplied, m.total_debt)
            });
        let owed = Uint256::from(held) + Uint256::from(supplied);
        let debt = Uint256::from(debt);
        let ledger = owed.checked_sub(debt).unwrap_or_default();
        check("solvency", bank + debt >= owed, || {
            format!("{denom}: bank {bank} < collateral {held} + supplied {supplied} - debt {debt}")
        });
        let gap = bank.checked_sub(ledger).unwrap_or_default();
        if let Some(before) = tracker.gaps.get(denom) {
            check("cash_gap", deficit_grew || gap >= *before, || {
                format!("{denom}: bank - ledger {before} -> {gap} (bank {bank}, ledger {ledger})")
            });
            // [21] and the other way round: coins that come in are credited to someone (or
            // refunded), up to rounding dust
            check(
                "funds_credited",
                deficit_grew || gap <= *before + Uint256::from(DUST),
                || {
                    format!(
                        "{denom}: the vault kept {} without a ledger entry",
                        gap - *before
                    )
                },
            );
        }
        tracker.gaps.insert(denom.to_string(), gap);
    }
    // [25] [28] prices: positive; whenever Default answers, Liquidation gives the same price
    let all = [LISTED[0], LISTED[1], LISTED[2], UNLISTED];
    let denoms: &[&str] = if all_prices { &all } else { &[PYTH_DENOM] };
    for denom in denoms {
        let default = world.env.price(denom, PriceKind::Default);
        let liquidation = world.env.price(denom, PriceKind::Liquidation);
        for p in [&default, &liquidation].into_iter().flatten() {
            check("price_positive", !p.price.is_zero(), || {
                format!("{denom}: price 0")
            });
        }
        if let Ok(d) = &default {
            check(
                "price_kinds_agree",
                liquidation.as_ref().is_ok_and(|l| l.price == d.price),
                || {
                    format!(
                        "{denom}: Default {} but Liquidation {:?}",
                        d.price, liquidation
                    )
                },
            );
        }
    }
    Ok(())
}

/// [12] [13] [15] on a successful liquidation, at the `Liquidation` prices of the block.
pub fn liquidation(world: &World, ev: &LiquidateEvent) {
    check(
        "liquidation_health",
        ev.health_before < Decimal256::one(),
        || format!("liquidated at health {}: {ev:?}", ev.health_before),
    );
    check("liquidator_not_owner", ev.liquidator != ev.owner, || {
        format!("{ev:?}")
    });
    let (Ok(pd), Ok(pc)) = (
        world.env.price(&ev.debt_denom, PriceKind::Liquidation),
        world
            .env
            .price(&ev.collateral_denom, PriceKind::Liquidation),
    ) else {
        return;
    };
    let value = |amount: Uint128, price: Decimal256| {
        Decimal256::from_atomics(amount, 0)
            .ok()
            .and_then(|a| a.checked_mul(price).ok())
    };
    let bonus = Decimal256::from(Decimal::one() + ev.bonus);
    if let (Some(seized), Some(repaid)) = (value(ev.seized, pc.price), value(ev.repaid, pd.price)) {
        let bound = repaid
            .checked_mul(bonus)
            .and_then(|b| b.checked_add(pc.price))
            .unwrap_or(Decimal256::MAX);
        check("liquidation_seized", seized <= bound, || {
            format!(
                "seized value {seized} > repaid value {repaid} x (1 + {}) + 1 unit: {ev:?}",
                ev.bonus
            )
        });
    }
}

/// Every account in the vault's storage: `(owner, index, account)`.
pub fn accounts(world: &World) -> Vec<(Addr, u32, Account)> {
    let storage = world.env.app.contract_storage(&world.env.vault_addr);
    ACCOUNTS
        .range(storage.as_ref(), None, None, Order::Ascending)
        .filter_map(Result::ok)
        .map(|((owner, index), acc)| (owner, index, acc))
        .collect()
}

/// End of input: [3] share sums and collateral totals over every account and supply in the
/// vault's storage, and [29] `RiskSummary` answers whatever the prices.
pub fn final_ledger(world: &World) {
    let accounts = accounts(world);
    let storage = world.env.app.contract_storage(&world.env.vault_addr);
    let mut supply: BTreeMap<String, Uint128> = BTreeMap::new();
    for ((_, denom), shares) in SUPPLIES
        .range(storage.as_ref(), None, None, Order::Ascending)
        .filter_map(Result::ok)
    {
        *supply.entry(denom).or_default() += shares;
    }
    drop(storage);
    let Ok(markets) = markets(world) else { return };
    for m in &markets {
        let debt: Uint128 = accounts
            .iter()
            .filter_map(|(_, _, a)| a.debts.get(&m.denom))
            .sum();
        check("debt_share_sum", debt == m.debt_shares, || {
            format!(
                "{}: accounts owe {debt} shares, market {}",
                m.denom, m.debt_shares
            )
        });
        let supplied = supply.get(&m.denom).copied().unwrap_or_default();
        check("supply_share_sum", supplied == m.supply_shares, || {
            format!(
                "{}: lenders hold {supplied} shares, market {}",
                m.denom, m.supply_shares
            )
        });
    }
    for (denom, total) in collateral_totals(world) {
        let held: Uint128 = accounts
            .iter()
            .filter_map(|(_, _, a)| a.collaterals.get(&denom))
            .sum();
        check("collateral_total", held == total, || {
            format!("{denom}: accounts hold {held}, total {total}")
        });
    }
    let summary = vault_query::<RiskSummaryResponse>(world, &QueryMsg::RiskSummary {});
    check("risk_summary_answers", summary.is_ok(), || {
        format!("{:?}", summary.err())
    });
}

/// `ballast_testing::invariants::check_all` (every state invariant of INVARIANTS.md, recomputed
/// independently) after every step with `BALLAST_FUZZ_CHECK_ALL=step`; by default once, at the end
/// of each input (it costs about as much as the rest of the input).
/// `off` turns it off.
fn check_all_mode() -> &'static str {
    static MODE: OnceLock<String> = OnceLock::new();
    MODE.get_or_init(|| std::env::var("BALLAST_FUZZ_CHECK_ALL").unwrap_or_default())
}

pub fn check_all_every_step() -> bool {
    check_all_mode() == "step"
}

pub fn check_all(world: &World) {
    if check_all_mode() == "off" {
        return;
    }
    // A panic inside the checker itself is reported as `check_all_panics`, so that
    // `BALLAST_FUZZ_SKIP=check_all_panics` can look past a known checker bug (the hook that
    // libFuzzer installs would abort the process before `catch_unwind` could see the panic).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ballast_testing::invariants::check_all(&world.env)
    }));
    std::panic::set_hook(hook);
    match res {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            // `BALLAST_FUZZ_SKIP=inv 19` skips the lines of that invariant only
            let open: Vec<&str> = e
                .lines()
                .filter(|line| !line.starts_with("inv ") || enabled_inv(line))
                .collect();
            check("check_all", open.is_empty(), || open.join("\n"));
        }
        Err(payload) => check("check_all_panics", false, || {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            format!("ballast_testing::invariants::check_all panicked: {msg}")
        }),
    }
}
