//! The keeper's loop: start-up checks, then one sweep per new block with the simulator's bot
//! strategy ([`crate::bots::Bot`]) over the live chain, a log line per decision, backoff when
//! the node does not answer, counters on exit and on SIGUSR1.

use std::collections::BTreeSet;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{json, Value};

use super::config::KeeperConfig;
use super::live::{LiveChain, LiveSettings};
use super::signals;
use crate::bots::{Bot, BotParams};
use crate::node::{Node, Signer};

/// `--dry-run` and `--once`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Simulate every liquidation, send none.
    pub dry_run: bool,
    /// One sweep, then exit.
    pub once: bool,
}

/// What a keeper did, printed on exit and on SIGUSR1 (values in whole quote units).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counters {
    /// Blocks swept.
    pub sweeps: u64,
    /// Liquidatable accounts scanned, summed over sweeps.
    pub accounts_scanned: u64,
    /// Distinct accounts seen liquidatable.
    pub accounts_liquidatable: u64,
    /// Distinct accounts seen unpriceable (a debt without a price; passed over).
    pub accounts_unpriceable: u64,
    /// Liquidations executed (with `--dry-run`: simulated, none sent).
    pub liquidations: u64,
    /// Transactions broadcast.
    pub transactions_sent: u64,
    /// Liquidations refused (in simulation, nothing sent, or failed in their block).
    pub failed: u64,
    /// Passed over: profit below the minimum.
    pub skipped_unprofitable: u64,
    /// Passed over: not enough capital in the debt denom.
    pub skipped_no_capital: u64,
    /// Passed over: no priced collateral.
    pub skipped_unpriced_collateral: u64,
    /// Value of the debt repaid.
    pub repaid: f64,
    /// Value of the collateral received.
    pub received: f64,
    /// Fees paid, in the fee denom's smallest units (with `--dry-run`: none).
    pub fees_paid: u128,
    /// Profit after the fees and the selling slippage.
    pub profit: f64,
    /// Times the node did not answer.
    pub rpc_errors: u64,
    /// Quote currency of the values.
    pub quote: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// Writes one log line (JSON, with a timestamp and the event name).
pub fn log_line(event: &str, mut fields: Value) {
    let mut line = json!({ "ts_ms": now_ms() as u64, "event": event });
    if let (Some(line), Some(fields)) = (line.as_object_mut(), fields.as_object_mut()) {
        line.append(fields);
    }
    println!("{line}");
}

/// What start-up found out.
struct Setup {
    chain: LiveChain,
    params: BotParams,
    quote: String,
}

fn setup(cfg: &KeeperConfig, opts: RunOptions) -> Result<Setup, String> {
    let mnemonic = cfg.mnemonic().map_err(|e| format!("key: {e}"))?;
    let prefix = cfg.network.prefix.get_ref();
    let signer = Signer::from_mnemonic(&mnemonic, prefix).map_err(|e| e.to_string())?;
    drop(mnemonic);
    let node = Node::new(&cfg.network.rest, &cfg.network.rpc);
    let chain_id = cfg.network.chain_id.get_ref();
    let status = node.expect_chain(chain_id).map_err(|e| e.to_string())?;
    let address = signer.address();
    if node.account(&address).map_err(|e| e.to_string())?.is_none() {
        return Err(format!(
            "the keeper's key {address} has no account on {chain_id}: it has never received \
             funds (wrong key? fund it with the fee denom and the debt denoms it repays)"
        ));
    }
    let liquidation = cfg.liquidation_address()?;
    if node
        .contract_info(&liquidation)
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Err(format!(
            "no contract at {liquidation} on {chain_id} (a record of an older chain?)"
        ));
    }
    let config_of = |contract: &str, what: &str| {
        node.smart_raw(contract, &json!({ "config": {} }))
            .map_err(|e| format!("{what} config: {e}"))
    };
    let vault = config_of(&liquidation, "liquidation")?["vault"]
        .as_str()
        .map(str::to_string)
        .ok_or("the liquidation contract's config names no vault")?;
    let oracle = config_of(&vault, "vault")?["oracle"]
        .as_str()
        .map(str::to_string)
        .ok_or("the vault's config names no oracle")?;
    let oracle_config = config_of(&oracle, "oracle")?;
    let quote = oracle_config["quote_symbol"]
        .as_str()
        .unwrap_or("quote")
        .to_string();
    let quote_decimals = oracle_config["quote_decimals"].as_u64().unwrap_or(6) as i32;
    let fees = cfg.network.fees();
    let fee_price = match cfg.strategy.fee_price {
        Some(p) => p,
        None => node
            .smart_raw(
                &oracle,
                &json!({ "price": { "denom": fees.fee_denom, "kind": "default" } }),
            )
            .ok()
            .and_then(|p| p["price"].as_str().and_then(|s| s.parse::<f64>().ok()))
            .ok_or_else(|| {
                format!(
                    "the oracle has no price for the fee denom {}: set strategy.fee_price \
                     (quote smallest units per smallest unit of {})",
                    fees.fee_denom, fees.fee_denom
                )
            })?,
    };
    let quote_scale = 10f64.powi(quote_decimals);
    let params = BotParams {
        name: "keeper".into(),
        addr: address.clone(),
        quote_scale,
        min_profit: cfg.strategy.min_profit * quote_scale,
        // the fee comes from simulating each transaction; nothing modelled
        gas_cost: 0.0,
        latency_steps: 0,
        slippage: cfg.strategy.slippage,
        max_per_step: cfg.strategy.max_per_block,
    };
    let mut balances = serde_json::Map::new();
    for (denom, cap) in &cfg.capital {
        let held = node.balance(&address, denom).map_err(|e| e.to_string())?;
        balances.insert(
            denom.clone(),
            json!({ "held": held.to_string(), "capital": cap }),
        );
        if held < cap.u128() {
            log_line(
                "warning",
                json!({ "message": format!(
                    "holds {held}{denom}, less than its capital {cap}{denom}: liquidations are \
                     capped at what it holds"
                ) }),
            );
        }
    }
    let fee_held = node
        .balance(&address, &fees.fee_denom)
        .map_err(|e| e.to_string())?;
    log_line(
        "start",
        json!({
            "keeper": address,
            "chain_id": chain_id,
            "height": status.height,
            "liquidation": liquidation,
            "vault": vault,
            "dry_run": opts.dry_run,
            "once": opts.once,
            "capital": balances,
            "fee_denom": fees.fee_denom,
            "fee_balance": fee_held.to_string(),
            "fee_price": fee_price,
            "quote": quote,
        }),
    );
    let chain = LiveChain::new(
        node,
        signer,
        fees,
        LiveSettings {
            liquidation,
            capital: cfg.capital.clone(),
            repay_margin: cfg.strategy.repay_margin,
            fee_price,
            dry_run: opts.dry_run,
        },
    );
    Ok(Setup {
        chain,
        params,
        quote,
    })
}

/// Sleeps up to `d`, waking early on a stop request.
fn nap(d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end && !signals::stop_requested() {
        std::thread::sleep(Duration::from_millis(50).min(end - Instant::now()));
    }
}

/// Runs the keeper until a stop is asked for (or after one sweep with `--once`).
///
/// Errors: a start-up check that failed (node unreachable or on another chain, no account for
/// the key, no contract), as a sentence; once running, node errors are logged and retried.
pub fn run(cfg: &KeeperConfig, opts: RunOptions) -> Result<Counters, String> {
    let Setup {
        mut chain,
        params,
        quote,
    } = setup(cfg, opts)?;
    let mut bot = Bot::new(params);
    let mut counters = Counters {
        quote,
        dry_run: opts.dry_run,
        ..Counters::default()
    };
    let mut liquidatable = BTreeSet::new();
    let mut unpriceable = BTreeSet::new();
    let mut last_height = 0u64;
    let mut backoff = Duration::from_secs(1);
    let max_backoff = Duration::from_secs(cfg.strategy.backoff_max_s);
    let poll = Duration::from_millis(cfg.strategy.poll_ms);
    let mut quiet_since = Instant::now();
    loop {
        if signals::stop_requested() {
            break;
        }
        if signals::take_report() {
            log_line("counters", json!(update(&mut counters, &bot, &chain)));
        }
        // the node did not answer: logged, then a wait that doubles up to the configured most
        let mut back_off = |error: String, height: Option<u64>, counters: &mut Counters| {
            counters.rpc_errors += 1;
            log_line(
                "rpc_error",
                json!({ "height": height, "error": error, "retry_in_s": backoff.as_secs() }),
            );
            nap(backoff);
            backoff = (backoff * 2).min(max_backoff);
        };
        let height = match chain.node.status() {
            Ok(s) => s.height,
            Err(e) => {
                back_off(e.to_string(), None, &mut counters);
                continue;
            }
        };
        if height < last_height {
            // a node restarted from an older state, or another node behind a load balancer
            log_line(
                "warning",
                json!({ "message": format!(
                    "the node's height went back from {last_height} to {height}; following it"
                ) }),
            );
            last_height = height.saturating_sub(1);
        }
        if height <= last_height {
            nap(poll);
            continue;
        }
        chain.set_height(height);
        let scan = match Bot::scan(&chain) {
            Ok(scan) => scan,
            Err(e) => {
                back_off(e.message, Some(height), &mut counters);
                continue;
            }
        };
        last_height = height;
        counters.sweeps += 1;
        counters.accounts_scanned += scan.positions.len() as u64;
        for p in &scan.positions {
            liquidatable.insert((p.owner.clone(), p.account));
        }
        for p in &scan.unpriceable {
            unpriceable.insert((p.owner.clone(), p.account));
        }
        counters.accounts_liquidatable = liquidatable.len() as u64;
        counters.accounts_unpriceable = unpriceable.len() as u64;
        // a sweep line when there is something to say, else one a minute
        if !scan.positions.is_empty()
            || !scan.unpriceable.is_empty()
            || opts.once
            || quiet_since.elapsed() > Duration::from_secs(60)
        {
            log_line(
                "sweep",
                json!({
                    "height": height,
                    "liquidatable": scan.positions.len(),
                    "unpriceable": scan.unpriceable.iter()
                        .map(|u| json!({ "owner": u.owner, "account": u.account,
                                         "missing_prices": u.missing_prices }))
                        .collect::<Vec<_>>(),
                }),
            );
            quiet_since = Instant::now();
        }
        let step = u32::try_from(height).unwrap_or(u32::MAX);
        // each decision is logged by the chain as it is made
        match bot.step(&mut chain, step, Some(&scan)) {
            Ok(_) => backoff = Duration::from_secs(1),
            Err(e) => back_off(e.message, Some(height), &mut counters),
        }
        if opts.once {
            break;
        }
    }
    update(&mut counters, &bot, &chain);
    Ok(counters)
}

fn update<'a>(counters: &'a mut Counters, bot: &Bot, chain: &LiveChain) -> &'a Counters {
    let s = &bot.stats;
    counters.liquidations = s.liquidations;
    counters.failed = s.failed;
    counters.skipped_unprofitable = s.skipped_unprofitable;
    counters.skipped_no_capital = s.skipped_no_capital;
    counters.skipped_unpriced_collateral = s.skipped_unpriced_collateral;
    counters.repaid = s.repaid_value;
    counters.received = s.received_value;
    counters.profit = s.profit;
    counters.transactions_sent = chain.sent;
    counters.fees_paid = chain.fees_paid;
    counters
}
