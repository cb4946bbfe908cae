//! The simulation: a [`MockEnv`] with the real oracle, vault and liquidation contracts, set up
//! from a [`Scenario`], then stepped through its price paths with borrowers and liquidator bots
//! acting on what the contracts answer.
//!
//! Nothing here re-implements the protocol's maths: positions, health, capacities, liquidation
//! amounts, bad debt and interest all come from contract queries and events. The simulator only
//! decides what agents do and adds up what the chain reports.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use ballast_math::price::normalize_price;
use ballast_testing::{MockEnv, PythFeed};
use ballast_types::liquidation::{BonusCurve, LiquidationPolicy};
use ballast_types::oracle::{PriceKind, PriceSource};
use ballast_types::vault::{ExecuteMsg, PositionResponse};
use cosmwasm_std::{coin, Addr, Coin, Uint128};
use cw_multi_test::{BankSudo, Executor, SudoMsg};

use crate::bots::{dec256_f64, dec_f64, u128_f64, Bot, BotParams, Executed, Scan};
use crate::chain::MultiTestChain;
use crate::report::{MarketYield, Report, Series, Summary, ToolInfo, Units};
use crate::rng::Rng;
use crate::scenario::{decimal, to_units, BonusCfg, Scenario, SECONDS_PER_YEAR};

/// Pyth exponent used for every simulated feed.
const PYTH_EXPO: i32 = -8;
/// Vault page size for the observer's scan.
const PAGE: u32 = 30;

/// A set-up or run failure: the contracts refused something the scenario asked for.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// Setting the protocol up failed (the contracts refused a parameter).
    #[error("set-up: {what}: {reason}")]
    Setup {
        /// What was being done.
        what: String,
        /// The contract's error.
        reason: String,
    },
    /// A query the simulator relies on failed mid-run.
    #[error("step {step}: {what}: {reason}")]
    Run {
        /// Step.
        step: u32,
        /// What was being done.
        what: String,
        /// The error.
        reason: String,
    },
}

/// Maps an error of step `step` while doing `what` to [`SimError::Run`].
fn run_err<E: std::fmt::Display>(step: u32, what: impl Into<String>) -> impl FnOnce(E) -> SimError {
    let what = what.into();
    move |err| SimError::Run {
        step,
        what,
        reason: err.to_string(),
    }
}

fn setup<T, E: std::fmt::Display>(
    what: impl Into<String>,
    res: Result<T, E>,
) -> Result<T, SimError> {
    res.map_err(|err| SimError::Setup {
        what: what.into(),
        reason: err.to_string(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Passive,
    TopUp,
    Deleverage,
}

#[derive(Debug, Clone)]
struct PythRt {
    feed_id: String,
    confidence: f64,
    /// EMA weight of each new price.
    alpha: f64,
    ema: f64,
}

#[derive(Debug, Clone)]
struct AssetRt {
    denom: String,
    decimals: u8,
    path: Vec<f64>,
    pyth: Option<PythRt>,
    liquidation_threshold: Option<f64>,
    lending: bool,
    /// Steps during which the feed is silent.
    silent: Vec<(u32, u32)>,
    /// Market price at every step so far, whole quote units per whole token: the exogenous path
    /// times `impact` (the last entry moves during a step as liquidators sell).
    market: Vec<f64>,
    /// Market price over the path's (1 = none): what liquidation sales pushed it down by, not yet
    /// recovered by arbitrage.
    impact: f64,
    /// The constant-product pool's quote side (whole quote units), when sales move the price.
    pool_quote: Option<f64>,
    /// Share of the gap to the path closed by arbitrage each step.
    recovery: f64,
    /// Oracle latency in steps.
    lag: u32,
    /// Push rule: least relative move that publishes.
    deviation: f64,
    /// Push rule: heartbeat, seconds.
    heartbeat_s: Option<u64>,
    /// Last price published, and when (seconds).
    published: Option<(f64, u64)>,
    /// Product of the price factors of this step's liquidation sales.
    step_impact: f64,
}

/// Σ `values`, `0.0` (not `-0.0`, which is what an empty `f64` sum gives) when there are none.
fn total_of<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// `y` of a constant-product pool whose price falls 2 % when `depth` (value at the price before
/// the sale) is sold into it: selling `Δx` into `(x, y)` multiplies the price by `(x/(x+Δx))²`, so
/// 2 % takes `Δx = x·(1/√0.98 − 1)`, worth `y·(1/√0.98 − 1)`.
pub fn pool_quote_for_depth(depth_2pct: f64) -> f64 {
    depth_2pct / (1.0 / 0.98f64.sqrt() - 1.0)
}

/// Selling `tokens` (whole) into a pool with quote side `y` at `price`: `(proceeds in quote
/// units, factor the price is multiplied by)`.
pub fn sell_into_pool(y: f64, price: f64, tokens: f64) -> (f64, f64) {
    let x = y / price;
    let proceeds = y * tokens / (x + tokens);
    let factor = (x / (x + tokens)).powi(2);
    (proceeds, factor)
}

#[derive(Debug, Clone)]
struct BorrowerRt {
    addr: Addr,
    behaviour: Behaviour,
    accounts: Vec<u32>,
    phase: u32,
    /// Collateral topped up, or debt repaid, from the wallet.
    spare_denom: String,
}

/// Where a run's wall time goes, per phase of a step (the simulator's own instrumentation; never
/// in the report, which must not depend on the machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Time advances, feeds publish, fixed prices are set.
    Publish,
    /// Active borrowers top up or repay.
    Borrowers,
    /// Bots page through `LiquidatablePositions`.
    BotScans,
    /// Bots simulate, execute and sell.
    BotLiquidations,
    /// `RiskSummary`, every position, the oracle's prices: the report's series.
    Record,
}

/// Wall time per [`Phase`].
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Seconds per phase, in [`Phase`] order.
    pub seconds: [f64; 5],
}

impl Timings {
    /// Adds the time since `since` to `phase`; returns now.
    pub fn add(&mut self, phase: Phase, since: Instant) -> Instant {
        let now = Instant::now();
        self.seconds[phase as usize] += (now - since).as_secs_f64();
        now
    }

    /// One line per phase with its share.
    pub fn text(&self) -> String {
        let total: f64 = self.seconds.iter().sum();
        let names = [
            "publish prices",
            "borrowers",
            "bot scans",
            "bot liquidations",
            "record (risk summary, positions)",
        ];
        names
            .iter()
            .zip(self.seconds)
            .map(|(n, s)| {
                format!(
                    "  {n:<34} {s:>8.2} s {:>5.1} %\n",
                    s / total.max(1e-9) * 100.0
                )
            })
            .collect()
    }
}

/// A run in progress.
pub struct Simulation {
    /// Wall time per phase so far.
    pub timings: Timings,
    /// The contracts.
    pub env: MockEnv,
    scenario: Scenario,
    label: String,
    seed: u64,
    assets: Vec<AssetRt>,
    borrowers: Vec<BorrowerRt>,
    /// The bots, in scenario order.
    pub bots: Vec<Bot>,
    market_addr: Addr,
    quote_scale: f64,
    order_rng: Rng,
    step: u32,
    accounts: u32,
    borrows_refused: u32,
    start_supply_index: BTreeMap<String, f64>,
    // Accumulated over the run.
    series: Series,
    summary: Summary,
    liquidated: BTreeSet<(String, u32)>,
    bad_debt_accounts: BTreeSet<(String, u32)>,
    /// Accounts insolvent (`C < D` at `Liquidation` prices) just before one of their liquidations.
    insolvent_liquidated: BTreeSet<(String, u32)>,
    /// Accounts a scan reported `unpriceable` at least once.
    unpriceable_seen: BTreeSet<(String, u32)>,
    /// Most unpriceable accounts one scan reported during the current step.
    step_unpriceable: u32,
    /// Σ amounts of the vault's `bad_debt` events, per denom.
    pub written_off: BTreeMap<String, u128>,
    /// Collateral deposited by borrowers' top-ups during the run, per denom.
    pub topped_up: BTreeMap<String, u128>,
    /// Every `liquidate` event of the run, in order.
    pub liquidate_events: Vec<ballast_types::events::LiquidateEvent>,
    /// Lowest health factor the bots' scans saw during the current step.
    step_lowest: Option<f64>,
    /// Positions at the end of the last step (`None` when they could not be priced).
    last_observed: Option<BTreeMap<(String, u32), PositionResponse>>,
    /// Unrealised deficit per debt denom at the end of the last step, whole quote units.
    last_shortfall: BTreeMap<String, f64>,
    /// Consecutive steps, up to this one, whose liquidation sales moved a price.
    cascade_run: u32,
    /// Every position as of now, when no state changed since it was read this step.
    fresh_observation: Option<BTreeMap<(String, u32), PositionResponse>>,
    /// A threshold cut ramps in the vault: the thresholds in force are read from it each step.
    ramping: bool,
}

fn bonus_curve(b: &BonusCfg) -> BonusCurve {
    BonusCurve {
        start: decimal(*b.start.get_ref()),
        slope: decimal(*b.slope.get_ref()),
        min: decimal(*b.min.get_ref()),
        max: decimal(*b.max.get_ref()),
    }
}

fn mantissa(price: f64) -> i64 {
    let m = (price * 1e8).round();
    if m.is_finite() && m >= 1.0 && m < i64::MAX as f64 {
        m as i64
    } else {
        1
    }
}

/// A governance change made once the book is set up, before step 0 is recorded (`ballast
/// propose`): the owner's messages, executed by the real vault, and the scenario as they leave
/// it, whose parameters the run reports (the thresholds in force, a ramp's included, are read
/// from the vault).
#[derive(Debug, Clone)]
pub struct Change {
    /// Sent to the vault by its owner, in order.
    pub messages: Vec<ExecuteMsg>,
    /// The scenario with the changed parameters (the rest as set up).
    pub scenario: Scenario,
}

impl Simulation {
    /// Sets the protocol and the population up. Any refusal by a contract is an error and
    /// nothing runs.
    pub fn new(scenario: &Scenario, label: &str, seed: u64) -> Result<Self, SimError> {
        Self::with_change(scenario, None, label, seed)
    }

    /// [`Simulation::new`], then `change` (if any) made by the vault's owner once every account
    /// is open: the book built under the scenario's parameters meets the new ones at the
    /// starting prices, and step 0 records what it looks like then (e.g. the accounts the change
    /// alone makes liquidatable). A message the vault refuses is a set-up error.
    pub fn with_change(
        scenario: &Scenario,
        change: Option<&Change>,
        label: &str,
        seed: u64,
    ) -> Result<Self, SimError> {
        let sc = scenario.clone();
        let quote_decimals = *sc.quote.decimals.get_ref();
        let mut env = MockEnv::builder()
            .quote(&sc.quote.symbol, quote_decimals)
            .build();
        let owner = env.owner.clone();
        let quote_scale = 10f64.powi(i32::from(quote_decimals));
        let steps = *sc.run.steps.get_ref();
        let step_seconds = *sc.run.step_seconds.get_ref();

        // Vault configuration and liquidation policy, before any asset is listed (the vault bounds
        // collateral parameters with the policy's bonus caps).
        if sc.vault.min_debt_value.is_some() || sc.vault.max_assets_per_account.is_some() {
            let msg = ExecuteMsg::UpdateConfig {
                oracle: None,
                liquidation: None,
                treasury: None,
                guardian: None,
                min_debt_value: sc
                    .vault
                    .min_debt_value
                    .as_ref()
                    .map(|v| Uint128::new(to_units(*v.get_ref(), quote_decimals))),
                max_assets_per_account: sc
                    .vault
                    .max_assets_per_account
                    .as_ref()
                    .map(|m| *m.get_ref()),
            };
            setup("vault UpdateConfig", env.vault().execute(&owner, &msg, &[]))?;
        }
        let policy = LiquidationPolicy {
            close_factor: decimal(*sc.policy.close_factor.get_ref()),
            full_liquidation_hf: decimal(*sc.policy.full_liquidation_hf.get_ref()),
            protocol_fee_share: decimal(*sc.policy.protocol_fee_share.get_ref()),
            min_leftover_value: Uint128::new(to_units(
                *sc.policy.min_leftover_value.get_ref(),
                quote_decimals,
            )),
            default_bonus: bonus_curve(&sc.policy.bonus),
            bonus_overrides: sc
                .assets
                .iter()
                .filter_map(|a| {
                    a.bonus
                        .as_ref()
                        .map(|b| (a.denom.get_ref().clone(), bonus_curve(b)))
                })
                .collect(),
        };
        setup(
            "liquidation UpdatePolicy",
            env.liquidation().update_policy(&owner, &policy),
        )?;

        // Price paths (one random stream per asset), feeds, sources, listings.
        let mut assets = Vec::new();
        for (i, a) in sc.assets.iter().enumerate() {
            let denom = a.denom.get_ref().clone();
            let decimals = *a.decimals.get_ref();
            let mut rng = Rng::new(seed, 1_000 + i as u64);
            let path =
                crate::path::generate(a, steps, step_seconds, &mut rng).map_err(|reason| {
                    SimError::Setup {
                        what: format!("price path of {denom}"),
                        reason,
                    }
                })?;
            let start = path[0];
            let o = &a.oracle;
            let (source, pyth) = if o.is_pyth() {
                let feed_id = format!("{:064x}", i + 1);
                let half_life = o.ema_half_life_s.as_ref().map_or(3_600.0, |h| *h.get_ref());
                let rt = PythRt {
                    feed_id: feed_id.clone(),
                    confidence: o.confidence.as_ref().map_or(0.001, |c| *c.get_ref()),
                    alpha: 1.0 - 0.5f64.powf(step_seconds as f64 / half_life),
                    ema: start,
                };
                let source = PriceSource::Pyth {
                    contract: env.pyth_addr.to_string(),
                    feed_id,
                    max_staleness_s: o.max_staleness_s.as_ref().map_or(0, |m| *m.get_ref()),
                    liquidation_max_staleness_s: o
                        .liquidation_max_staleness_s
                        .as_ref()
                        .map(|m| *m.get_ref()),
                    max_confidence: decimal(
                        o.max_confidence.as_ref().map_or(0.0, |m| *m.get_ref()),
                    ),
                    max_ema_deviation: decimal(
                        o.max_ema_deviation.as_ref().map_or(0.0, |m| *m.get_ref()),
                    ),
                };
                (source, Some(rt))
            } else {
                let price = setup(
                    format!("price of {denom}"),
                    normalize_price(mantissa(start), PYTH_EXPO, decimals, quote_decimals),
                )?;
                (PriceSource::Fixed { price }, None)
            };
            let silent = sc
                .outages
                .iter()
                .filter(|o| o.denom.get_ref() == &denom)
                .map(|o| (*o.from_step.get_ref(), *o.to_step.get_ref()))
                .collect();
            let rt = AssetRt {
                denom: denom.clone(),
                decimals,
                path,
                pyth,
                liquidation_threshold: a
                    .collateral
                    .as_ref()
                    .map(|c| *c.liquidation_threshold.get_ref()),
                lending: a.lending.is_some(),
                silent,
                market: vec![start],
                impact: 1.0,
                pool_quote: a
                    .market
                    .as_ref()
                    .filter(|_| sc.run.price_impact.unwrap_or(true))
                    .map(|m| pool_quote_for_depth(*m.depth_2pct.get_ref())),
                recovery: a.market.as_ref().map_or(1.0, |m| *m.recovery.get_ref()),
                lag: o.lag_steps.as_ref().map_or(0, |l| *l.get_ref()),
                deviation: o.deviation.as_ref().map_or(0.0, |d| *d.get_ref()),
                heartbeat_s: o.heartbeat_s.as_ref().map(|h| *h.get_ref()),
                published: Some((start, env.now())),
                step_impact: 1.0,
            };
            if rt.pyth.is_some() {
                let feed = Self::feed(&rt, start, env.now());
                setup(format!("Pyth feed of {denom}"), env.set_pyth_feed(&feed))?;
            }
            setup(
                format!("SetPriceSource {denom}"),
                env.oracle()
                    .set_price_source(&owner, &denom, decimals, source),
            )?;
            let list = ExecuteMsg::ListAsset {
                denom: denom.clone(),
                decimals,
                collateral: a.collateral_params(),
                lending: a.lending_params(),
            };
            setup(
                format!("ListAsset {denom}"),
                env.vault().execute(&owner, &list, &[]),
            )?;
            assets.push(rt);
        }

        let market_addr = env.addr("market");
        let mut sim = Self {
            timings: Timings::default(),
            env,
            scenario: sc,
            label: label.to_string(),
            seed,
            assets,
            borrowers: vec![],
            bots: vec![],
            market_addr,
            quote_scale,
            order_rng: Rng::new(seed, 3),
            step: 0,
            accounts: 0,
            borrows_refused: 0,
            start_supply_index: BTreeMap::new(),
            series: Series::default(),
            summary: Summary::default(),
            liquidated: BTreeSet::new(),
            bad_debt_accounts: BTreeSet::new(),
            insolvent_liquidated: BTreeSet::new(),
            unpriceable_seen: BTreeSet::new(),
            step_unpriceable: 0,
            written_off: BTreeMap::new(),
            liquidate_events: vec![],
            topped_up: BTreeMap::new(),
            step_lowest: None,
            last_observed: None,
            last_shortfall: BTreeMap::new(),
            cascade_run: 0,
            fresh_observation: None,
            ramping: false,
        };
        sim.add_lenders()?;
        sim.add_borrowers()?;
        sim.add_bots()?;
        for a in sim.assets.iter().filter(|a| a.lending) {
            let m = setup(
                format!("Market {}", a.denom),
                sim.env.vault().market(&a.denom),
            )?;
            sim.start_supply_index
                .insert(a.denom.clone(), dec256_f64(m.supply_index));
        }
        if let Some(change) = change {
            sim.make(change)?;
        }
        sim.record(0)?;
        Ok(sim)
    }

    /// The owner sends `change`'s messages; the run goes on under the parameters they set.
    fn make(&mut self, change: &Change) -> Result<(), SimError> {
        let owner = self.env.owner.clone();
        for msg in &change.messages {
            setup(
                "governance change",
                self.env.vault().execute(&owner, msg, &[]),
            )?;
        }
        self.scenario = change.scenario.clone();
        self.read_thresholds(0)
    }

    /// The liquidation thresholds in force now, read from the vault (during a ramp, the
    /// interpolation at block time), for what the simulator estimates with them (borrowers'
    /// top-ups, unpriced collateral); stops reading once no ramp is left.
    fn read_thresholds(&mut self, step: u32) -> Result<(), SimError> {
        let now = self.env.now();
        let mut ramping = false;
        for i in 0..self.assets.len() {
            let asset = self
                .env
                .vault()
                .asset(&self.assets[i].denom)
                .map_err(run_err(step, format!("Asset {}", self.assets[i].denom)))?;
            ramping |= asset
                .threshold_ramp
                .as_ref()
                .is_some_and(|r| !r.is_done(now));
            self.assets[i].liquidation_threshold = asset
                .collateral
                .is_some()
                .then(|| dec_f64(asset.liquidation_threshold_at(now)));
        }
        self.ramping = ramping;
        Ok(())
    }

    fn asset(&self, denom: &str) -> &AssetRt {
        self.assets
            .iter()
            .find(|a| a.denom == denom)
            .unwrap_or(&self.assets[0])
    }

    /// Price of `denom` at `step`, in quote smallest units per smallest unit.
    fn unit_price(&self, denom: &str, step: u32) -> f64 {
        let a = self.asset(denom);
        let market = a
            .market
            .get(step as usize)
            .copied()
            .unwrap_or(a.path[step as usize] * a.impact);
        market * self.quote_scale / 10f64.powi(i32::from(a.decimals))
    }

    /// Market prices now (quote smallest units per smallest unit), as the bots see them.
    fn market_unit_prices(&self) -> BTreeMap<String, f64> {
        self.assets
            .iter()
            .map(|a| (a.denom.clone(), self.unit_price(&a.denom, self.step)))
            .collect()
    }

    fn feed(a: &AssetRt, price: f64, now: u64) -> PythFeed {
        let pyth = a
            .pyth
            .as_ref()
            .map_or((0.0, 0.0), |p| (p.confidence, p.ema));
        let price = mantissa(price);
        let conf = (price as f64 * pyth.0).round() as u64;
        let ema = mantissa(pyth.1);
        let id = a.pyth.as_ref().map_or(String::new(), |p| p.feed_id.clone());
        PythFeed::new(
            &id,
            price,
            PYTH_EXPO,
            conf,
            i64::try_from(now).unwrap_or(i64::MAX),
        )
        .with_ema(ema, conf)
    }

    fn mint(&mut self, to: &Addr, coins: Vec<Coin>) -> Result<(), SimError> {
        let coins: Vec<Coin> = coins.into_iter().filter(|c| !c.amount.is_zero()).collect();
        if coins.is_empty() {
            return Ok(());
        }
        setup(
            "mint",
            self.env.app.sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: to.to_string(),
                amount: coins,
            })),
        )
        .map(|_| ())
    }

    fn add_lenders(&mut self) -> Result<(), SimError> {
        let mut rng = Rng::new(self.seed, 1);
        for (k, l) in self.scenario.lenders.clone().iter().enumerate() {
            let denom = l.denom.get_ref().clone();
            let decimals = self.asset(&denom).decimals;
            let n = *l.count.get_ref() as usize;
            let weights: Vec<f64> = (0..n).map(|_| rng.uniform(0.2, 1.0)).collect();
            let total: f64 = weights.iter().sum();
            for (i, w) in weights.iter().enumerate() {
                let amount = to_units(*l.total.get_ref() * w / total, decimals);
                if amount == 0 {
                    continue;
                }
                let lender = self.env.addr(&format!("lender-{k}-{i}"));
                self.mint(&lender, vec![coin(amount, &denom)])?;
                setup(
                    format!("Supply by lender {i} of {denom}"),
                    self.env.vault().supply(&lender, &[coin(amount, &denom)]),
                )?;
            }
        }
        Ok(())
    }

    fn add_borrowers(&mut self) -> Result<(), SimError> {
        let b = self.scenario.borrowers.clone();
        let mut rng = Rng::new(self.seed, 2);
        let col_denoms: Vec<String> = b
            .collateral
            .iter()
            .map(|w| w.denom.get_ref().clone())
            .collect();
        let col_weights: Vec<f64> = b.collateral.iter().map(|w| *w.weight.get_ref()).collect();
        let debt_denoms: Vec<String> = b.debt.iter().map(|w| w.denom.get_ref().clone()).collect();
        let debt_weights: Vec<f64> = b.debt.iter().map(|w| *w.weight.get_ref()).collect();
        let behaviours = [
            *b.behaviour.passive.get_ref(),
            *b.behaviour.top_up.get_ref(),
            *b.behaviour.deleverage.get_ref(),
        ];
        let sub_share = b.sub_account_share.as_ref().map_or(0.0, |s| *s.get_ref());
        let reserve = b.reserve.as_ref().map_or(0.0, |r| *r.get_ref());
        let every = *b.check_every_steps.get_ref();
        let max_cols = *b.max_collaterals.get_ref() as usize;

        for i in 0..*b.count.get_ref() {
            let addr = self.env.addr(&format!("borrower-{i}"));
            let size =
                rng.log_uniform(*b.size.min.get_ref(), *b.size.max.get_ref() * (1.0 + 1e-12));
            // Collaterals: k distinct denoms drawn by weight, value split at random.
            let k = 1 + rng.below(max_cols.min(col_denoms.len()));
            let mut weights = col_weights.clone();
            let mut picked = Vec::new();
            for _ in 0..k {
                let j = rng.weighted(&weights);
                weights[j] = 0.0;
                picked.push((col_denoms[j].clone(), rng.uniform(0.2, 1.0)));
                if weights.iter().all(|w| *w <= 0.0) {
                    break;
                }
            }
            let split_total: f64 = picked.iter().map(|p| p.1).sum();
            let debt_denom = debt_denoms[rng.weighted(&debt_weights)].clone();
            let behaviour = match rng.weighted(&behaviours) {
                0 => Behaviour::Passive,
                1 => Behaviour::TopUp,
                _ => Behaviour::Deleverage,
            };
            let accounts: Vec<u32> = if rng.unit() < sub_share {
                vec![0, 1]
            } else {
                vec![0]
            };
            let per_account = size / accounts.len() as f64;
            for &account in &accounts {
                let target = rng.uniform(*b.target_ltv.min.get_ref(), *b.target_ltv.max.get_ref());
                let mut funds: Vec<Coin> = picked
                    .iter()
                    .map(|(denom, w)| {
                        let value = per_account * w / split_total * self.quote_scale;
                        coin(to_units(value / self.unit_price(denom, 0), 0), denom)
                    })
                    .filter(|c| !c.amount.is_zero())
                    .collect();
                funds.sort_by(|x, y| x.denom.cmp(&y.denom));
                if funds.is_empty() {
                    continue;
                }
                self.mint(&addr, funds.clone())?;
                setup(
                    format!("Deposit by borrower {i}"),
                    self.env.vault().deposit_to(&addr, account, None, &funds),
                )?;
                let max = setup(
                    format!("MaxBorrow of borrower {i}"),
                    self.env.vault().max_borrow(&addr, account, &debt_denom),
                )?;
                let amount = (max.u128() as f64 * target).floor() as u128;
                self.accounts += 1;
                if amount == 0
                    || self
                        .env
                        .vault()
                        .borrow_from(&addr, account, &coin(amount, &debt_denom), None)
                        .is_err()
                {
                    self.borrows_refused += 1;
                }
            }
            let spare_denom = match behaviour {
                Behaviour::Deleverage => debt_denom.clone(),
                _ => picked[0].0.clone(),
            };
            if behaviour != Behaviour::Passive && reserve > 0.0 {
                let value = size * reserve * self.quote_scale;
                let amount = to_units(value / self.unit_price(&spare_denom, 0), 0);
                self.mint(&addr, vec![coin(amount, &spare_denom)])?;
            }
            self.borrowers.push(BorrowerRt {
                addr,
                behaviour,
                accounts,
                phase: rng.below(every as usize) as u32,
                spare_denom,
            });
        }
        Ok(())
    }

    fn add_bots(&mut self) -> Result<(), SimError> {
        let quote_scale = self.quote_scale;
        for l in self.scenario.liquidators.clone() {
            let name = l.name.get_ref().clone();
            let addr = self.env.addr(&format!("liquidator-{name}"));
            let coins = l
                .capital
                .iter()
                .map(|(denom, amount)| {
                    coin(
                        to_units(*amount.get_ref(), self.asset(denom).decimals),
                        denom,
                    )
                })
                .collect();
            self.mint(&addr, coins)?;
            self.bots.push(Bot::new(BotParams {
                name,
                addr: addr.to_string(),
                quote_scale,
                min_profit: *l.min_profit.get_ref() * quote_scale,
                gas_cost: *l.gas_cost.get_ref() * quote_scale,
                latency_steps: *l.latency_steps.get_ref(),
                slippage: l.slippage.as_ref().map_or(0.0, |s| *s.get_ref()),
                max_per_step: l.max_per_step.as_ref().map_or(u32::MAX, |m| *m.get_ref()),
            }));
        }
        Ok(())
    }

    /// Number of steps of the run.
    pub fn steps(&self) -> u32 {
        *self.scenario.run.steps.get_ref()
    }

    /// Steps run so far.
    pub fn current_step(&self) -> u32 {
        self.step
    }

    /// Accounts opened at set-up.
    pub fn accounts(&self) -> u32 {
        self.accounts
    }

    /// Runs one step: time passes, prices are published, borrowers and bots act, metrics are
    /// recorded. Returns `false` once the run is over.
    pub fn step(&mut self) -> Result<bool, SimError> {
        if self.step >= self.steps() {
            return Ok(false);
        }
        self.step += 1;
        let step = self.step;
        let t = Instant::now();
        self.env.advance(*self.scenario.run.step_seconds.get_ref());
        if self.ramping {
            self.read_thresholds(step)?;
        }
        self.publish_prices(step)?;
        let t = self.timings.add(Phase::Publish, t);
        // Borrowers act on what they saw at the end of the last step (a front end shows the last
        // block), so one scan of every position per step serves them and the metrics.
        if let Some(positions) = self.last_observed.take() {
            self.borrowers_act(step, &positions);
        }
        self.timings.add(Phase::Borrowers, t);
        self.bots_act(step)?;
        let t = Instant::now();
        self.record(step)?;
        self.timings.add(Phase::Record, t);
        Ok(true)
    }

    /// Arbitrage moves each market towards its path, then each oracle publishes what its rules
    /// let through: the market price of `lag` steps ago, when it moved by more than the
    /// deviation threshold since the last publication or the heartbeat is due (every step when
    /// neither is set; a Fixed source is set only when the price changed).
    fn publish_prices(&mut self, step: u32) -> Result<(), SimError> {
        let now = self.env.now();
        let owner = self.env.owner.clone();
        let quote_decimals = *self.scenario.quote.decimals.get_ref();
        for i in 0..self.assets.len() {
            let a = &mut self.assets[i];
            a.impact = 1.0 - (1.0 - a.impact) * (1.0 - a.recovery);
            a.step_impact = 1.0;
            let market = a.path[step as usize] * a.impact;
            a.market.push(market);
            let candidate = a.market[step.saturating_sub(a.lag) as usize];
            let push_rule = a.deviation > 0.0 || a.heartbeat_s.is_some();
            let due = match a.published {
                None => true,
                Some(_) if !push_rule => true,
                Some((last, at)) => {
                    (candidate / last - 1.0).abs() > a.deviation
                        || a.heartbeat_s.is_some_and(|h| now.saturating_sub(at) >= h)
                }
            };
            if let Some(p) = a.pyth.as_mut() {
                p.ema += p.alpha * (candidate - p.ema);
                let silent = a
                    .silent
                    .iter()
                    .any(|(from, to)| (*from..=*to).contains(&step));
                if !silent && due {
                    a.published = Some((candidate, now));
                    let feed = Self::feed(a, candidate, now);
                    self.env
                        .set_pyth_feed(&feed)
                        .map_err(run_err(step, "publish a Pyth price"))?;
                }
            } else if due && a.published.is_none_or(|(last, _)| last != candidate) {
                a.published = Some((candidate, now));
                let normalised =
                    normalize_price(mantissa(candidate), PYTH_EXPO, a.decimals, quote_decimals)
                        .map_err(run_err(step, format!("price of {}", a.denom)))?;
                let (denom, decimals) = (a.denom.clone(), a.decimals);
                self.env
                    .oracle()
                    .set_price_source(
                        &owner,
                        &denom,
                        decimals,
                        PriceSource::Fixed { price: normalised },
                    )
                    .map_err(run_err(step, format!("set the fixed price of {denom}")))?;
            }
        }
        Ok(())
    }

    /// Every position with debt at `Liquidation` prices (an account with a debt the oracle cannot
    /// price comes back `unpriceable`, a collateral without a price counts zero; neither fails a
    /// page), or `None` when the chain refuses a page (the oracle or the vault failing).
    pub fn observe(&self) -> Option<BTreeMap<(String, u32), PositionResponse>> {
        let handle = self.env.vault_handle();
        let querier = self.env.app.wrap();
        let mut all = BTreeMap::new();
        let mut cursor: Option<(String, u32)> = None;
        loop {
            let page = handle
                .query_positions(&querier, cursor.clone(), Some(PAGE), PriceKind::Liquidation)
                .ok()?;
            for p in page.positions {
                all.insert((p.owner.clone(), p.account), p);
            }
            match page.next_start_after {
                Some(next) => cursor = Some(next),
                None => return Some(all),
            }
        }
    }

    fn borrowers_act(&mut self, step: u32, positions: &BTreeMap<(String, u32), PositionResponse>) {
        let every = *self.scenario.borrowers.check_every_steps.get_ref();
        let act_below = *self.scenario.borrowers.behaviour.act_below_hf.get_ref();
        let restore = *self.scenario.borrowers.behaviour.restore_hf.get_ref();
        for b in 0..self.borrowers.len() {
            let borrower = self.borrowers[b].clone();
            if borrower.behaviour == Behaviour::Passive || step % every != borrower.phase {
                continue;
            }
            for &account in &borrower.accounts {
                let Some(pos) = positions.get(&(borrower.addr.to_string(), account)) else {
                    continue;
                };
                let Some(hf) = pos.health_factor.map(dec256_f64) else {
                    continue;
                };
                if hf >= act_below {
                    continue;
                }
                let wallet = self.env.balance(&borrower.addr, &borrower.spare_denom);
                let wallet = Uint128::try_from(wallet).map_or(u128::MAX, |w| w.u128());
                if wallet == 0 {
                    continue;
                }
                let d = u128_f64(pos.debt_value);
                let l = u128_f64(pos.liquidation_capacity);
                let done = match borrower.behaviour {
                    Behaviour::TopUp => {
                        let denom = &borrower.spare_denom;
                        let lt = self.asset(denom).liquidation_threshold.unwrap_or(0.0);
                        let price = pos
                            .collaterals
                            .iter()
                            .find(|c| &c.denom == denom)
                            .map_or(self.unit_price(denom, step), |c| dec256_f64(c.price));
                        let need = ((restore * d - l) / (lt * price)).ceil().max(1.0);
                        let amount = (need as u128).min(wallet);
                        let ok = self
                            .env
                            .vault()
                            .deposit_to(&borrower.addr, account, None, &[coin(amount, denom)])
                            .is_ok();
                        if ok {
                            *self.topped_up.entry(denom.clone()).or_default() += amount;
                        }
                        ok
                    }
                    Behaviour::Deleverage => {
                        let denom = &borrower.spare_denom;
                        let Some(debt) = pos.debts.iter().find(|x| &x.denom == denom) else {
                            continue;
                        };
                        let price = dec256_f64(debt.price);
                        let need = ((d - l / restore) / price).ceil().max(1.0);
                        let amount = (need as u128).min(wallet).min(debt.amount.u128());
                        self.env
                            .vault()
                            .repay_for(&borrower.addr, account, None, &[coin(amount, denom)])
                            .is_ok()
                    }
                    Behaviour::Passive => false,
                };
                if done {
                    match borrower.behaviour {
                        Behaviour::TopUp => self.summary.borrower_top_ups += 1,
                        _ => self.summary.borrower_repays += 1,
                    }
                } else {
                    self.summary.borrower_actions_refused += 1;
                }
            }
        }
    }

    /// Denoms whose feed is silent at `step` (an `[[outages]]` window).
    fn silent_denoms(&self, step: u32) -> Vec<String> {
        self.assets
            .iter()
            .filter(|a| {
                a.silent
                    .iter()
                    .any(|(from, to)| (*from..=*to).contains(&step))
            })
            .map(|a| a.denom.clone())
            .collect()
    }

    fn bots_act(&mut self, step: u32) -> Result<(), SimError> {
        let mut order: Vec<usize> = (0..self.bots.len()).collect();
        self.order_rng.shuffle(&mut order);
        let silent = self.silent_denoms(step);
        let mut liquidations = 0u32;
        let mut without_silent = 0u32;
        let mut repaid = 0.0;
        // Bots scanning the same block see the same answer: one scan serves every bot until one of
        // them changes the state. The scan is read from the vault's `Positions` (the pages the
        // liquidation contract's `LiquidatablePositions` filters, same block, same answer: a test
        // checks it step by step), so that when no bot changes anything the step's record reuses
        // it instead of valuing every account a second time.
        let mut scan: Option<Scan> = None;
        for i in order {
            if scan.is_none() {
                let t = Instant::now();
                // The bots' last scan when nothing changed after it (same block), else a new one.
                let observed = match self.fresh_observation.take() {
                    Some(all) => Some(all),
                    None => self.observe(),
                };
                let scanned = observed
                    .as_ref()
                    .map(|all| Scan::from_positions(all.values()))
                    .ok_or(());
                self.fresh_observation = observed;
                self.timings.add(Phase::BotScans, t);
                match scanned {
                    Ok(found) => {
                        // What the bots see is the sickest state of the step: before they act.
                        for p in &found.positions {
                            let h = dec256_f64(p.health_factor);
                            self.step_lowest = Some(self.step_lowest.map_or(h, |m: f64| m.min(h)));
                        }
                        for u in &found.unpriceable {
                            self.unpriceable_seen.insert((u.owner.clone(), u.account));
                        }
                        self.step_unpriceable =
                            self.step_unpriceable.max(found.unpriceable.len() as u32);
                        scan = Some(found)
                    }
                    Err(_) => {
                        // A missing price no longer refuses a page (the account is reported
                        // unpriceable instead): this is the chain itself failing.
                        self.summary.bot_scans_refused += 1;
                        continue;
                    }
                }
            }
            let t = Instant::now();
            let mut bot = self.bots[i].clone();
            let market = self.market_unit_prices();
            let executed = {
                let mut chain = MultiTestChain {
                    env: &mut self.env,
                    market,
                };
                bot.step(&mut chain, step, scan.as_ref())
            };
            self.bots[i] = bot;
            let executed =
                executed.map_err(run_err(step, format!("bot {}", self.bots[i].params.name)))?;
            if !executed.is_empty() {
                scan = None;
                self.fresh_observation = None;
            }
            for ex in &executed {
                liquidations += 1;
                repaid += self.count_liquidation(step, ex, &silent, &mut without_silent);
                self.sell_collateral(i, step, ex)?;
            }
            self.timings.add(Phase::BotLiquidations, t);
        }
        self.series.liquidations.push(liquidations);
        self.series.repaid_value.push(repaid);
        self.series
            .liquidations_without_silent_asset
            .push(without_silent);
        Ok(())
    }

    /// Adds one executed liquidation to the totals; returns the value repaid.
    fn count_liquidation(
        &mut self,
        step: u32,
        ex: &Executed,
        silent: &[String],
        without_silent: &mut u32,
    ) -> f64 {
        let ev = &ex.tx.liquidate;
        let key = (ev.owner.clone(), ev.account);
        let repay_value = u128_f64(ev.repaid) * ex.debt_price / self.quote_scale;
        let sm = &mut self.summary;
        sm.liquidations += 1;
        sm.repaid_value += repay_value;
        sm.seized_value += u128_f64(ev.seized) * ex.collateral_price / self.quote_scale;
        sm.protocol_fees_value +=
            u128_f64(ev.protocol_fee) * ex.collateral_price / self.quote_scale;
        sm.bad_debt_value += u128_f64(ev.bad_debt) / self.quote_scale;
        // Insolvent: the collateral the contract could value did not cover the debt (C < D at
        // Liquidation prices, in the scan of the same block just before).
        let p = &ex.position;
        if p.collateral_value < p.debt_value {
            sm.insolvent_liquidations += 1;
            self.insolvent_liquidated.insert(key.clone());
        } else if !ev.bad_debt.is_zero() {
            // C ≥ D, yet debt written off: the whole-collateral rule (C < D·(1 + bonus.min)) paid
            // the curve's bonus out of collateral that covered the debt.
            sm.solvent_write_offs += 1;
            sm.solvent_write_off_value += u128_f64(ev.bad_debt) / self.quote_scale;
        }
        if !silent.is_empty() {
            sm.outage_liquidations += 1;
            let holds_silent = p
                .collaterals
                .iter()
                .map(|c| &c.denom)
                .chain(p.debts.iter().map(|d| &d.denom))
                .any(|d| silent.contains(d));
            if !holds_silent {
                sm.outage_liquidations_without_silent_asset += 1;
                *without_silent += 1;
            }
        }
        // A collateral counted zero for lack of a price: would the account have been healthy
        // with it at its path price? (An estimate of the simulator's, for the report only.)
        let unpriced: Vec<_> = p
            .collaterals
            .iter()
            .filter(|c| p.missing_prices.iter().any(|m| m.denom == c.denom))
            .collect();
        if !unpriced.is_empty() {
            sm.unpriced_collateral_liquidations += 1;
            let extra: f64 = unpriced
                .iter()
                .map(|c| {
                    let a = self.asset(&c.denom);
                    u128_f64(c.amount)
                        * self.unit_price(&c.denom, step)
                        * a.liquidation_threshold.unwrap_or(0.0)
                })
                .sum();
            let l = u128_f64(p.liquidation_capacity) + extra;
            if l >= u128_f64(p.debt_value) {
                self.summary.unpriced_collateral_liquidations_healthy += 1;
            }
        }
        self.liquidated.insert(key.clone());
        if !ev.bad_debt.is_zero() {
            self.bad_debt_accounts.insert(key);
        }
        for bd in &ex.tx.bad_debt {
            *self.written_off.entry(bd.denom.clone()).or_default() += bd.amount.u128();
        }
        self.liquidate_events.push(ev.clone());
        repay_value
    }

    /// The bot sells what one liquidation gave it back into the debt denom it repaid, at the path
    /// price less its slippage (the coins go to a market address; the proceeds are minted to the
    /// bot), so its capital in each debt denom is replenished and nothing else it holds is sold.
    fn sell_collateral(&mut self, i: usize, step: u32, ex: &Executed) -> Result<(), SimError> {
        let ev = &ex.tx.liquidate;
        let (denom, into) = (ev.collateral_denom.clone(), ev.debt_denom.clone());
        let held = ev.to_liquidator.u128();
        if denom == into || held == 0 {
            return Ok(());
        }
        let bot_addr = Addr::unchecked(self.bots[i].params.addr.clone());
        let slippage = self.bots[i].params.slippage;
        let k = self
            .assets
            .iter()
            .position(|a| a.denom == denom)
            .unwrap_or(0);
        let value = match self.assets[k].pool_quote {
            // Into the pool: the price falls, for this sale and for everyone after it.
            Some(y) => {
                let a = &mut self.assets[k];
                let price = a.market[step as usize];
                let tokens = held as f64 / 10f64.powi(i32::from(a.decimals));
                let (quote, factor) = sell_into_pool(y, price, tokens);
                a.impact *= factor;
                a.step_impact *= factor;
                a.market[step as usize] = price * factor;
                self.summary.liquidation_sales_value += quote;
                quote * self.quote_scale * (1.0 - slippage)
            }
            None => {
                let v = held as f64 * self.unit_price(&denom, step);
                self.summary.liquidation_sales_value += v / self.quote_scale;
                v * (1.0 - slippage)
            }
        };
        let proceeds = to_units(value / self.unit_price(&into, step), 0);
        let market = self.market_addr.clone();
        self.env
            .app
            .send_tokens(bot_addr.clone(), market, &[coin(held, &denom)])
            .map_err(run_err(step, "sell seized collateral"))?;
        self.mint(&bot_addr, vec![coin(proceeds, &into)])
    }

    /// Value (quote smallest units) of `amount` smallest units of `denom` at its market price.
    fn market_value(&self, denom: &str, amount: Uint128, step: u32) -> f64 {
        u128_f64(amount) * self.unit_price(denom, step)
    }

    /// Unrealised deficit per debt denom, whole quote units: for each priced account whose
    /// collateral is worth less than its debt (`Liquidation` prices; a collateral without a
    /// price valued at its market price), `D − C`, shared over its debts by value.
    fn shortfall(
        &self,
        step: u32,
        positions: &BTreeMap<(String, u32), PositionResponse>,
    ) -> BTreeMap<String, f64> {
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        for p in positions.values().filter(|p| !p.unpriceable) {
            let unpriced: f64 = p
                .collaterals
                .iter()
                .filter(|c| p.missing_prices.iter().any(|m| m.denom == c.denom))
                .map(|c| self.market_value(&c.denom, c.amount, step))
                .sum();
            let c = u128_f64(p.collateral_value) + unpriced;
            let d = u128_f64(p.debt_value);
            if d <= c || d <= 0.0 {
                continue;
            }
            for debt in &p.debts {
                *out.entry(debt.denom.clone()).or_default() +=
                    (d - c) * u128_f64(debt.value) / d / self.quote_scale;
            }
        }
        out
    }

    /// Unpriceable accounts (a debt without a `Liquidation` price) that would be liquidatable at
    /// market prices, `Σ debt > Σ collateral × threshold`: the simulator's estimate of what the
    /// missing price hides from the bots.
    fn hidden_liquidatable(
        &self,
        step: u32,
        positions: &BTreeMap<(String, u32), PositionResponse>,
    ) -> u32 {
        positions
            .values()
            .filter(|p| p.unpriceable)
            .filter(|p| {
                let l: f64 = p
                    .collaterals
                    .iter()
                    .map(|c| {
                        self.market_value(&c.denom, c.amount, step)
                            * self.asset(&c.denom).liquidation_threshold.unwrap_or(0.0)
                    })
                    .sum();
                let d: f64 = p
                    .debts
                    .iter()
                    .map(|x| self.market_value(&x.denom, x.amount, step))
                    .sum();
                d > l
            })
            .count() as u32
    }

    fn record(&mut self, step: u32) -> Result<(), SimError> {
        let risk = self
            .env
            .vault()
            .risk_summary()
            .map_err(run_err(step, "RiskSummary"))?;
        // The bots' last scan when nothing changed after it (same block), else a new one.
        let observed = match self.fresh_observation.take() {
            Some(all) => Some(all),
            None => self.observe(),
        };
        let blocked = self
            .assets
            .iter()
            .filter(|a| self.env.price(&a.denom, PriceKind::Default).is_err())
            .count() as u32;
        // The oracle's Liquidation price per whole token (`None`: none).
        let oracle: Vec<(String, Option<f64>)> = self
            .assets
            .iter()
            .map(|a| {
                let p = self
                    .env
                    .price(&a.denom, PriceKind::Liquidation)
                    .ok()
                    .map(|r| {
                        dec256_f64(r.price) * 10f64.powi(i32::from(a.decimals)) / self.quote_scale
                    });
                (a.denom.clone(), p)
            })
            .collect();
        let blocked_liquidation = oracle.iter().filter(|(_, p)| p.is_none()).count() as u32;
        let shortfall = observed.as_ref().map(|p| self.shortfall(step, p));
        let hidden = observed.as_ref().map(|p| self.hidden_liquidatable(step, p));
        let s = &mut self.series;
        s.step.push(step);
        s.time_s
            .push(u64::from(step) * *self.scenario.run.step_seconds.get_ref());
        let mut impact = 0.0f64;
        let mut moved = false;
        for a in &self.assets {
            s.prices
                .entry(a.denom.clone())
                .or_default()
                .push(a.path[step as usize]);
            s.market_prices
                .entry(a.denom.clone())
                .or_default()
                .push(a.market[step as usize]);
            impact = impact.max(1.0 - a.impact);
            moved |= a.step_impact <= 0.999;
        }
        for (denom, price) in &oracle {
            s.oracle_prices
                .entry(denom.clone())
                .or_default()
                .push(*price);
        }
        s.liquidation_impact.push(impact);
        // Aggregates mean something only when every asset is priced (during a feed outage the
        // vault leaves the unpriced asset out of its sums).
        let all_priced = risk.assets.iter().all(|a| a.price.is_some());
        let ltv = risk.ltv.map(dec256_f64).filter(|_| all_priced);
        // Leverage `C / (C − D)` is not a number once `C ≤ D` (LTV ≥ 1): negative equity.
        let negative_equity =
            all_priced && !risk.debt_value.is_zero() && risk.collateral_value <= risk.debt_value;
        let leverage = risk
            .leverage
            .map(dec256_f64)
            .filter(|_| all_priced && !negative_equity);
        s.aggregate_ltv.push(ltv);
        s.leverage.push(leverage);
        s.negative_equity.push(negative_equity);
        s.collateral_value
            .push(u128_f64(risk.collateral_value) / self.quote_scale);
        s.debt_value
            .push(u128_f64(risk.debt_value) / self.quote_scale);
        let mut deficit_value = 0.0;
        let mut reserves_value = 0.0;
        for a in &risk.assets {
            let price = a.price.map_or(0.0, dec256_f64);
            deficit_value += u128_f64(a.deficit) * price / self.quote_scale;
            reserves_value += u128_f64(a.reserves) * price / self.quote_scale;
        }
        s.bad_debt.push(deficit_value);
        s.reserves.push(reserves_value);
        s.unrealised_deficit
            .push(shortfall.as_ref().map(|m| total_of(m.values())));
        s.hidden_liquidatable.push(hidden);
        if step == 0 {
            s.liquidations.push(0);
            s.repaid_value.push(0.0);
            s.liquidations_without_silent_asset.push(0);
        }
        let (lowest, liquidatable, insolvent, unpriceable) = match observed.as_ref() {
            Some(positions) => {
                // Unpriceable accounts have no health factor and are never liquidatable.
                let hfs: Vec<f64> = positions
                    .values()
                    .filter_map(|p| p.health_factor.map(dec256_f64))
                    .collect();
                let lowest = hfs
                    .iter()
                    .copied()
                    .fold(None, |m: Option<f64>, h| Some(m.map_or(h, |m| m.min(h))));
                let insolvent = positions
                    .values()
                    .filter(|p| {
                        !p.unpriceable
                            && !p.debt_value.is_zero()
                            && p.collateral_value < p.debt_value
                    })
                    .count() as u32;
                let unpriceable = positions.values().filter(|p| p.unpriceable).count() as u32;
                (
                    lowest,
                    Some(hfs.iter().filter(|h| **h < 1.0).count() as u32),
                    Some(insolvent),
                    Some(unpriceable),
                )
            }
            None => (None, None, None, None),
        };
        // The lowest of the end of the step and of what the bots saw before acting.
        let lowest = match (lowest, self.step_lowest.take()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        s.lowest_health.push(lowest);
        self.last_observed = observed;
        s.liquidatable_accounts.push(liquidatable);
        s.insolvent_accounts.push(insolvent);
        s.unpriceable_accounts.push(unpriceable);
        s.unpriceable_in_scans
            .push(std::mem::take(&mut self.step_unpriceable));
        s.default_prices_refused.push(blocked);
        s.liquidation_prices_refused.push(blocked_liquidation);

        let sm = &mut self.summary;
        if let Some(l) = lowest {
            sm.lowest_health = Some(sm.lowest_health.map_or(l, |m: f64| m.min(l)));
        }
        if let Some(l) = ltv {
            sm.peak_aggregate_ltv = sm.peak_aggregate_ltv.max(l);
        }
        if negative_equity {
            sm.negative_equity_steps += 1;
        }
        if let Some(l) = leverage {
            sm.peak_leverage = Some(sm.peak_leverage.map_or(l, |m: f64| m.max(l)));
        }
        if let Some(by_denom) = shortfall {
            let total = total_of(by_denom.values());
            sm.peak_unrealised_deficit_value = sm.peak_unrealised_deficit_value.max(total);
            sm.unrealised_deficit_value = Some(total);
            self.last_shortfall = by_denom;
        } else {
            sm.unrealised_deficit_value = None;
        }
        sm.peak_liquidation_impact = sm.peak_liquidation_impact.max(impact);
        if moved {
            sm.impact_steps += 1;
            self.cascade_run += 1;
            sm.cascade_rounds = sm.cascade_rounds.max(self.cascade_run);
        } else {
            self.cascade_run = 0;
        }
        if let Some(n) = hidden.filter(|n| *n > 0) {
            sm.steps_with_hidden_liquidatable += 1;
            sm.peak_hidden_liquidatable = sm.peak_hidden_liquidatable.max(n);
        }
        if blocked > 0 {
            sm.steps_with_default_price_refused += 1;
        }
        if blocked_liquidation > 0 {
            sm.steps_with_liquidation_price_refused += 1;
        }
        Ok(())
    }

    /// Runs to the end, calling `progress(step, steps)` after each step.
    pub fn run(mut self, mut progress: impl FnMut(u32, u32)) -> Result<Report, SimError> {
        let steps = self.steps();
        while self.step()? {
            progress(self.step, steps);
        }
        self.finish()
    }

    /// The report of what happened so far.
    pub fn finish(mut self) -> Result<Report, SimError> {
        let step = self.step;
        let risk = self
            .env
            .vault()
            .risk_summary()
            .map_err(run_err(step, "RiskSummary"))?;
        let years =
            f64::from(step) * *self.scenario.run.step_seconds.get_ref() as f64 / SECONDS_PER_YEAR;
        let mut markets = Vec::new();
        for a in self.assets.iter().filter(|a| a.lending) {
            let m = self
                .env
                .vault()
                .market(&a.denom)
                .map_err(run_err(step, format!("Market {}", a.denom)))?;
            let start = self
                .start_supply_index
                .get(&a.denom)
                .copied()
                .unwrap_or(1.0);
            let growth = dec256_f64(m.supply_index) / start - 1.0;
            // The unrealised deficit is covered first from reserves, then by the suppliers.
            let unrealised = self.last_shortfall.get(&a.denom).copied().unwrap_or(0.0);
            let reserves =
                u128_f64(m.reserves) * self.unit_price(&a.denom, step) / self.quote_scale;
            let supplied =
                u128_f64(m.total_supplied) * self.unit_price(&a.denom, step) / self.quote_scale;
            let loss = if supplied > 0.0 {
                (unrealised - reserves).max(0.0) / supplied
            } else {
                0.0
            };
            markets.push(MarketYield {
                denom: a.denom.clone(),
                supplier_return: growth - loss,
                supplier_return_realised: growth,
                unrealised_deficit_value: unrealised,
                supplier_apr: if years > 0.0 { growth / years } else { 0.0 },
                utilization: dec_f64(m.utilization),
                deficit: m.deficit.u128(),
                reserves: m.reserves.u128(),
                written_off: self.written_off.get(&a.denom).copied().unwrap_or(0),
            });
        }
        // Insolvent accounts closed: insolvent when liquidated, their last collateral taken and
        // the rest of their debt written off; at the end they hold nothing and owe nothing.
        let mut insolvent_closed = 0u32;
        for (owner, account) in self
            .insolvent_liquidated
            .intersection(&self.bad_debt_accounts)
        {
            let ledger = self
                .env
                .vault()
                .account(&Addr::unchecked(owner), *account)
                .map_err(run_err(step, format!("Account ({owner}, {account})")))?;
            if ledger.collaterals.iter().all(|c| c.amount.is_zero())
                && ledger.debts.iter().all(|d| d.amount.is_zero())
            {
                insolvent_closed += 1;
            }
        }
        let s = &mut self.summary;
        if s.negative_equity_steps > 0 {
            // Leverage was not a number at some step: the highest finite value would understate it.
            s.peak_leverage = None;
        }
        s.liquidated_accounts = self.liquidated.len() as u32;
        s.bad_debt_accounts = self.bad_debt_accounts.len() as u32;
        s.insolvent_closed = insolvent_closed;
        s.insolvent_open_at_end = self.series.insolvent_accounts.last().copied().flatten();
        s.unpriceable_accounts_seen = self.unpriceable_seen.len() as u32;
        s.unpriceable_at_end = self.series.unpriceable_accounts.last().copied().flatten();
        s.liquidator_profit = self.bots.iter().map(|b| b.stats.profit).sum();
        s.vault_deficit_value = self.series.bad_debt.last().copied().unwrap_or(0.0);
        s.reserves_value = self.series.reserves.last().copied().unwrap_or(0.0);
        s.final_aggregate_ltv = risk.ltv.map(dec256_f64);
        s.liquidatable_at_end = self.series.liquidatable_accounts.last().copied().flatten();
        s.simulation_mismatches = self
            .bots
            .iter()
            .map(|b| b.stats.simulation_mismatches)
            .sum();
        let supplied: f64 = risk
            .assets
            .iter()
            .filter_map(|a| a.supplied_value.map(|v| (v, a)))
            .map(|(v, _)| u128_f64(v))
            .sum();
        let weighted = |f: fn(&MarketYield) -> f64| -> f64 {
            if supplied <= 0.0 {
                return 0.0;
            }
            markets
                .iter()
                .map(|m| {
                    let v = risk
                        .assets
                        .iter()
                        .find(|a| a.denom == m.denom)
                        .and_then(|a| a.supplied_value)
                        .map_or(0.0, u128_f64);
                    f(m) * v / supplied
                })
                .sum()
        };
        s.supplier_return = weighted(|m| m.supplier_return);
        s.supplier_return_realised = weighted(|m| m.supplier_return_realised);
        let mut resolved = self.scenario.clone();
        resolved.run.seed = self.seed;
        let resolved_scenario = serde_json::to_value(&resolved).map_err(run_err(step, "encode"))?;
        Ok(Report {
            tool: ToolInfo::current(),
            units: Units::quoted_in(&self.scenario.quote.symbol),
            resolved_scenario,
            scenario: self.scenario.name.clone(),
            params: self.label.clone(),
            seed: self.seed,
            steps: step,
            step_seconds: *self.scenario.run.step_seconds.get_ref(),
            start_time_utc: self
                .scenario
                .assets
                .iter()
                .filter_map(|a| a.path.as_ref().and_then(|p| p.csv.as_ref()))
                .find_map(|csv| {
                    crate::price_csv::csv_start_time(std::path::Path::new(csv.get_ref()))
                })
                .map(crate::price_csv::format_time),
            borrowers: self.borrowers.len() as u32,
            accounts: self.accounts,
            borrows_refused: self.borrows_refused,
            liquidators: self.bots.iter().map(|b| b.stats.clone()).collect(),
            markets,
            summary: self.summary.clone(),
            series: self.series.clone(),
        })
    }
}
