//! Scenario files: what a stress run simulates, read from TOML and validated whole before anything
//! runs.
//!
//! Every number a user writes is in human units: prices in quote units per whole token (10.0 =
//! 10 USD), amounts in whole tokens, values in whole quote units, ratios as fractions (0.65).
//! Fields that are checked against a bound keep their position in the file ([`Spanned`]), so an
//! error names the file, line, column and field: `default.toml:31:17: assets[0].collateral.max_ltv:
//! must be below the liquidation threshold (0.75)`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ballast_math::interest::{validate_reserve_factor, RateModel};
use ballast_math::liquidation::{
    validate_collateral_params, validate_threshold_with_bonus, BonusCurve, LiquidationParams,
};
use ballast_math::MathError;
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Seconds per year of the interest model (365 days).
pub const SECONDS_PER_YEAR: f64 = ballast_math::interest::SECONDS_PER_YEAR as f64;
/// Largest staleness bound of a Pyth source, seconds (one day, as the oracle).
pub const MAX_STALENESS_S: u64 = 86_400;
/// Largest number of steps a scenario may ask for.
pub const MAX_STEPS: u32 = 1_000_000;
/// Largest number of borrowers a scenario may ask for.
pub const MAX_BORROWERS: u32 = 100_000;

/// A scenario: the protocol's set-up, a population, agents, price paths and the run's length.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, printed in the summary.
    pub name: String,
    /// What the scenario is about.
    #[serde(default)]
    pub description: String,
    /// Length, step and seed.
    pub run: RunCfg,
    /// The oracle's quote asset.
    #[serde(default)]
    pub quote: QuoteCfg,
    /// The vault's configuration.
    #[serde(default)]
    pub vault: VaultCfg,
    /// Assets: price source, risk parameters, price path.
    pub assets: Vec<AssetCfg>,
    /// The liquidation contract's policy.
    pub policy: PolicyCfg,
    /// The borrower population.
    pub borrowers: BorrowersCfg,
    /// Lenders, per borrowable asset.
    #[serde(default)]
    pub lenders: Vec<LenderCfg>,
    /// Liquidator bots.
    #[serde(default)]
    pub liquidators: Vec<LiquidatorCfg>,
    /// Steps during which a Pyth feed publishes nothing (its price goes stale).
    #[serde(default)]
    pub outages: Vec<OutageCfg>,
}

/// `[run]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunCfg {
    /// Number of steps.
    pub steps: Spanned<u32>,
    /// Seconds per step.
    pub step_seconds: Spanned<u64>,
    /// Seed of every random draw (population, paths, bot order); `--seed` overrides it.
    #[serde(default)]
    pub seed: u64,
    /// Liquidation sales move the market price of assets with a `[assets.market]` (default
    /// `true`); `false` turns every market's price impact off (sales at the market price).
    #[serde(default)]
    pub price_impact: Option<bool>,
}

/// `[quote]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteCfg {
    /// Symbol (`USD`).
    pub symbol: String,
    /// Decimals of the quote unit (6: values are in micro-USD on chain).
    pub decimals: Spanned<u8>,
}

impl Default for QuoteCfg {
    fn default() -> Self {
        Self {
            symbol: "USD".to_string(),
            decimals: Spanned::new(0..0, 6),
        }
    }
}

/// `[vault]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VaultCfg {
    /// `min_debt_value`, in whole quote units.
    #[serde(default)]
    pub min_debt_value: Option<Spanned<f64>>,
    /// `max_assets_per_account`.
    #[serde(default)]
    pub max_assets_per_account: Option<Spanned<u8>>,
}

/// `[[assets]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssetCfg {
    /// Bank denom.
    pub denom: Spanned<String>,
    /// Decimals of the smallest unit.
    pub decimals: Spanned<u8>,
    /// Price at step 0, quote units per whole token; with a `path.csv`, the file's first row is
    /// the start and `price` must be left out.
    #[serde(default)]
    pub price: Option<Spanned<f64>>,
    /// Where the oracle reads the price.
    pub oracle: OracleCfg,
    /// Usable as collateral with these parameters.
    #[serde(default)]
    pub collateral: Option<CollateralCfg>,
    /// Borrowable with these parameters.
    #[serde(default)]
    pub lending: Option<LendingCfg>,
    /// How the price moves; constant when omitted.
    #[serde(default)]
    pub path: Option<PathCfg>,
    /// A bonus curve for this collateral instead of the policy's default.
    #[serde(default)]
    pub bonus: Option<BonusCfg>,
    /// A market of finite depth that liquidators sell seized collateral into; without it they
    /// sell at the market price (less their slippage) and move nothing.
    #[serde(default)]
    pub market: Option<MarketCfg>,
}

/// `[assets.market]`: a constant-product pool against the quote asset, re-centred on the market
/// price every step. Selling `Δx` tokens into a pool of `x` tokens multiplies the price by
/// `(x / (x + Δx))²` and pays `y·Δx / (x + Δx)`; the pool's quote side `y` is set from
/// `depth_2pct`, the value (at the price before the sale) whose sale moves the price down 2 %:
/// `y = depth_2pct / (1/√0.98 − 1)`. Arbitrage then closes `recovery` of the gap between the
/// market price and the exogenous path every step.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarketCfg {
    /// Value, whole quote units, whose sale moves the price down 2 %.
    pub depth_2pct: Spanned<f64>,
    /// Share of the gap to the exogenous path closed by arbitrage each step, in `(0, 1]`.
    pub recovery: Spanned<f64>,
}

/// `[assets.oracle]`: `source = "pyth"` (`PriceSource::Pyth` over the mock Pyth feed, published
/// at every step) or `source = "fixed"` (`PriceSource::Fixed`, set by governance whenever the path
/// moves).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OracleCfg {
    /// `"pyth"` or `"fixed"`.
    pub source: Spanned<String>,
    /// Pyth: the source's staleness bound at `Default` kind (borrows, withdrawals), seconds.
    #[serde(default)]
    pub max_staleness_s: Option<Spanned<u64>>,
    /// Pyth: the staleness bound at `Liquidation` kind, seconds: at least `max_staleness_s`, at
    /// most one day; the same as `max_staleness_s` when omitted (RISK.md "Prices that are
    /// missing": a feed outage shorter than it pauses borrowing, never liquidation).
    #[serde(default)]
    pub liquidation_max_staleness_s: Option<Spanned<u64>>,
    /// Pyth: the source's confidence bound (`conf / price`).
    #[serde(default)]
    pub max_confidence: Option<Spanned<f64>>,
    /// Pyth: the source's EMA deviation bound.
    #[serde(default)]
    pub max_ema_deviation: Option<Spanned<f64>>,
    /// Pyth: confidence published with each price, as a fraction of it (default 0.001).
    #[serde(default)]
    pub confidence: Option<Spanned<f64>>,
    /// Pyth: half-life of the published EMA price, seconds (default 3600, about Pyth's).
    #[serde(default)]
    pub ema_half_life_s: Option<Spanned<f64>>,
    /// Latency: the price the oracle publishes at step `k` is the market price of step
    /// `k − lag_steps` (default 0). Bots see the market; the protocol sees the oracle.
    #[serde(default)]
    pub lag_steps: Option<Spanned<u32>>,
    /// Push-oracle rule: publish only when the price moved by more than this fraction since the
    /// last publication (default 0: every step) ...
    #[serde(default)]
    pub deviation: Option<Spanned<f64>>,
    /// ... or when this many seconds passed since it (default: no heartbeat; with a deviation
    /// set, a quiet market then publishes nothing and a Pyth price goes stale).
    #[serde(default)]
    pub heartbeat_s: Option<Spanned<u64>>,
}

impl OracleCfg {
    /// Priced by Pyth.
    pub fn is_pyth(&self) -> bool {
        self.source.get_ref() == "pyth"
    }
}

/// `[assets.collateral]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollateralCfg {
    /// Maximum loan-to-value.
    pub max_ltv: Spanned<f64>,
    /// Liquidation threshold.
    pub liquidation_threshold: Spanned<f64>,
    /// Deposit cap in whole tokens; none when omitted.
    #[serde(default)]
    pub deposit_cap: Option<Spanned<f64>>,
}

/// `[assets.lending]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LendingCfg {
    /// Yearly rate at zero utilisation.
    pub base: Spanned<f64>,
    /// Rate added from 0 to the kink.
    pub slope1: Spanned<f64>,
    /// Rate added from the kink to full utilisation.
    pub slope2: Spanned<f64>,
    /// The kink.
    pub optimal_utilization: Spanned<f64>,
    /// Share of interest kept as reserves.
    pub reserve_factor: Spanned<f64>,
}

/// `[assets.path]`: geometric Brownian motion plus shocks, or a CSV file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PathCfg {
    /// Yearly volatility of the Brownian part (0.8 = 80 %).
    #[serde(default)]
    pub volatility: Option<Spanned<f64>>,
    /// Yearly drift of the Brownian part.
    #[serde(default)]
    pub drift: Option<Spanned<f64>>,
    /// Moves spread evenly over a window of steps.
    #[serde(default)]
    pub shocks: Vec<ShockCfg>,
    /// A CSV of `step,price` or `step,time,price` rows (time in UTC, `YYYY-MM-DD HH:MM:SS` or
    /// seconds since 1970, consecutive rows `step_seconds` apart), `#` comments anywhere and an
    /// optional header line, steps 0, 1, 2, … in order with none twice or missing, covering every
    /// step; the path then comes from the file only and the asset takes no `price`. Relative to
    /// the scenario file. Every error of the file is reported with its line.
    #[serde(default)]
    pub csv: Option<Spanned<String>>,
}

/// One shock: the price is multiplied by `1 + change` over `steps` steps starting at `start_step`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShockCfg {
    /// First step of the move.
    pub start_step: Spanned<u32>,
    /// Number of steps it is spread over.
    pub steps: Spanned<u32>,
    /// Total relative change (−0.45 = a 45 % fall).
    pub change: Spanned<f64>,
}

/// `[policy]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyCfg {
    /// Share of one debt repayable in one liquidation.
    pub close_factor: Spanned<f64>,
    /// Below this health factor the whole debt may be repaid.
    pub full_liquidation_hf: Spanned<f64>,
    /// Share of the bonus sent to the treasury.
    pub protocol_fee_share: Spanned<f64>,
    /// Dust threshold, whole quote units.
    pub min_leftover_value: Spanned<f64>,
    /// Default bonus curve.
    pub bonus: BonusCfg,
}

/// A bonus curve `{start, slope, min, max}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BonusCfg {
    /// Bonus at HF = 1.
    pub start: Spanned<f64>,
    /// Growth per unit of `1 − HF`.
    pub slope: Spanned<f64>,
    /// Floor.
    pub min: Spanned<f64>,
    /// Cap (≤ 0.3).
    pub max: Spanned<f64>,
}

/// `[borrowers]`: a seeded population.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BorrowersCfg {
    /// Number of borrowers.
    pub count: Spanned<u32>,
    /// Collateral assets and how often each is used.
    pub collateral: Vec<Weighted>,
    /// Most collateral assets in one account (drawn between 1 and this).
    #[serde(default = "one_spanned_u32")]
    pub max_collaterals: Spanned<u32>,
    /// Debt assets and how often each is borrowed.
    pub debt: Vec<Weighted>,
    /// Collateral value of one borrower, whole quote units (log-uniform between the bounds).
    pub size: RangeCfg,
    /// Debt as a fraction of the borrow capacity (1.0 = at the max LTV).
    pub target_ltv: RangeCfg,
    /// Share of borrowers who split their position over two sub-accounts.
    #[serde(default)]
    pub sub_account_share: Option<Spanned<f64>>,
    /// Share of borrowers following each behaviour.
    pub behaviour: BehaviourCfg,
    /// A spare amount each active borrower keeps for top-ups or repayments, as a fraction of their
    /// collateral value.
    #[serde(default)]
    pub reserve: Option<Spanned<f64>>,
    /// An active borrower looks at their health every this many steps.
    #[serde(default = "one_spanned_u32")]
    pub check_every_steps: Spanned<u32>,
}

fn one_spanned_u32() -> Spanned<u32> {
    Spanned::new(0..0, 1)
}

fn zero_spanned_u32() -> Spanned<u32> {
    Spanned::new(0..0, 0)
}

/// `{ denom, weight }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    /// Denom.
    pub denom: Spanned<String>,
    /// Relative weight (> 0).
    pub weight: Spanned<f64>,
}

/// `{ min, max }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RangeCfg {
    /// Lower bound.
    pub min: Spanned<f64>,
    /// Upper bound.
    pub max: Spanned<f64>,
}

/// `[borrowers.behaviour]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviourCfg {
    /// Weight of borrowers who never act.
    pub passive: Spanned<f64>,
    /// Weight of borrowers who deposit more collateral below a health factor.
    pub top_up: Spanned<f64>,
    /// Weight of borrowers who repay below a health factor.
    pub deleverage: Spanned<f64>,
    /// Health factor (at Liquidation prices) below which an active borrower acts.
    pub act_below_hf: Spanned<f64>,
    /// Health factor an active borrower restores.
    pub restore_hf: Spanned<f64>,
}

/// `[[lenders]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LenderCfg {
    /// Borrowable denom supplied.
    pub denom: Spanned<String>,
    /// Number of lenders.
    pub count: Spanned<u32>,
    /// Total supplied, whole tokens, split at random between them.
    pub total: Spanned<f64>,
}

/// `[[liquidators]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorCfg {
    /// Name, in the report.
    pub name: Spanned<String>,
    /// Starting capital per debt denom, whole tokens.
    pub capital: BTreeMap<String, Spanned<f64>>,
    /// Smallest profit worth a transaction, whole quote units, after gas.
    pub min_profit: Spanned<f64>,
    /// Modelled cost of one liquidation transaction, whole quote units.
    pub gas_cost: Spanned<f64>,
    /// Steps between seeing a liquidatable account and acting on it.
    #[serde(default = "zero_spanned_u32")]
    pub latency_steps: Spanned<u32>,
    /// Loss when selling seized collateral back into the debt asset (0.01 = 1 %).
    #[serde(default)]
    pub slippage: Option<Spanned<f64>>,
    /// Most liquidations this bot sends in one step.
    #[serde(default)]
    pub max_per_step: Option<Spanned<u32>>,
}

/// `[[outages]]`: a Pyth feed publishes nothing from `from_step` to `to_step` (inclusive).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutageCfg {
    /// Denom whose feed stops.
    pub denom: Spanned<String>,
    /// First silent step.
    pub from_step: Spanned<u32>,
    /// Last silent step.
    pub to_step: Spanned<u32>,
}

/// A second parameter set for `--compare`: only what is given replaces the scenario's.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsOverride {
    /// Label in the comparison.
    #[serde(default)]
    pub name: Option<String>,
    /// Replaces the liquidation policy.
    #[serde(default)]
    pub policy: Option<PolicyCfg>,
    /// Replaces the vault's configuration.
    #[serde(default)]
    pub vault: Option<VaultCfg>,
    /// Per asset: replaces its collateral or lending parameters or its bonus curve.
    #[serde(default)]
    pub assets: Vec<AssetOverride>,
}

/// `[[assets]]` of a parameter override.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssetOverride {
    /// Denom of an asset of the scenario.
    pub denom: Spanned<String>,
    /// New collateral parameters.
    #[serde(default)]
    pub collateral: Option<CollateralCfg>,
    /// New lending parameters.
    #[serde(default)]
    pub lending: Option<LendingCfg>,
    /// New bonus curve.
    #[serde(default)]
    pub bonus: Option<BonusCfg>,
}

/// A scenario error, pointing at the file, line and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file.
    pub file: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// Dotted path of the field (`assets[0].collateral.max_ltv`), when known.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// 1-based `(line, column)` of byte `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, col)
}

/// Collects validation errors with positions in one source file.
struct Checker<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<ScenarioError>,
}

impl<'a> Checker<'a> {
    fn fail<T>(&mut self, field: &str, at: &Spanned<T>, message: impl Into<String>) {
        let span = at.span();
        let position = (span.end > 0).then(|| line_col(self.src, span.start));
        self.errors.push(ScenarioError {
            file: self.file.to_string(),
            position,
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn fail_at(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(ScenarioError {
            file: self.file.to_string(),
            position: None,
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// `lo ≤ x ≤ hi` (or strict where asked), finite.
    fn range(&mut self, field: &str, x: &Spanned<f64>, lo: (f64, bool), hi: (f64, bool)) -> bool {
        let v = *x.get_ref();
        let low_ok = if lo.1 { v > lo.0 } else { v >= lo.0 };
        let high_ok = if hi.1 { v < hi.0 } else { v <= hi.0 };
        if !v.is_finite() || !low_ok || !high_ok {
            let l = if lo.1 { "(" } else { "[" };
            let h = if hi.1 { ")" } else { "]" };
            self.fail(
                field,
                x,
                format!("{v} is out of bounds: must be in {l}{}, {}{h}", lo.0, hi.0),
            );
            return false;
        }
        true
    }

    /// Each of `fields` (under `prefix`) finite and in `[0, 10^9]`: what a contract's unsigned
    /// decimal can hold, before its own validator looks at them.
    fn all_unsigned(&mut self, prefix: &str, fields: &[(&str, &Spanned<f64>)]) -> bool {
        let mut ok = true;
        for (name, x) in fields {
            ok &= self.range(&format!("{prefix}.{name}"), x, (0.0, CLOSED), (1e9, CLOSED));
        }
        ok
    }

    /// A `ballast-math` validator's verdict: an `InvalidParam` is reported at the field it
    /// names (one of `fields`, under `prefix`), anything else at `prefix`. `true` when valid.
    fn math(
        &mut self,
        prefix: &str,
        result: Result<(), MathError>,
        fields: &[(&str, &Spanned<f64>)],
    ) -> bool {
        match result {
            Ok(()) => true,
            Err(MathError::InvalidParam { name, reason }) => {
                let field = format!("{prefix}.{name}");
                match fields.iter().find(|(n, _)| *n == name) {
                    Some((_, at)) => self.fail(&field, at, reason),
                    None => self.fail_at(&field, reason),
                }
                false
            }
            Err(other) => {
                self.fail_at(prefix, other.to_string());
                false
            }
        }
    }
}

const OPEN: bool = true;
const CLOSED: bool = false;

fn valid_denom(denom: &str) -> bool {
    let bytes = denom.as_bytes();
    (3..=128).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"/:._-".contains(b))
}

impl Scenario {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Self, Vec<ScenarioError>> {
        let file = path.display().to_string();
        let src = read(path, &file)?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse(&src, &file, &base)
    }

    /// Parses and validates `src` (named `file` in errors; CSV paths relative to `base`).
    pub fn parse(src: &str, file: &str, base: &Path) -> Result<Self, Vec<ScenarioError>> {
        let mut scenario: Scenario = parse_toml(src, file)?;
        scenario.resolve_paths(base);
        scenario.validate(src, file)?;
        Ok(scenario)
    }

    fn resolve_paths(&mut self, base: &Path) {
        for asset in &mut self.assets {
            if let Some(csv) = asset.path.as_mut().and_then(|p| p.csv.as_mut()) {
                let resolved: PathBuf = base.join(csv.get_ref());
                *csv = Spanned::new(csv.span(), resolved.display().to_string());
            }
        }
    }

    /// Applies a parameter override read from `path`.
    pub fn with_override(&self, path: &Path) -> Result<(Self, String), Vec<ScenarioError>> {
        let file = path.display().to_string();
        let src = read(path, &file)?;
        let over: ParamsOverride = parse_toml(&src, &file)?;
        let mut next = self.clone();
        let mut checker = Checker {
            file: &file,
            src: &src,
            errors: vec![],
        };
        if let Some(policy) = over.policy {
            next.policy = policy;
        }
        if let Some(vault) = over.vault {
            next.vault = vault;
        }
        for (i, asset) in over.assets.into_iter().enumerate() {
            let Some(target) = next
                .assets
                .iter_mut()
                .find(|a| a.denom.get_ref() == asset.denom.get_ref())
            else {
                checker.fail(
                    &format!("assets[{i}].denom"),
                    &asset.denom,
                    format!("{} is not an asset of the scenario", asset.denom.get_ref()),
                );
                continue;
            };
            if asset.collateral.is_some() {
                target.collateral = asset.collateral;
            }
            if asset.lending.is_some() {
                target.lending = asset.lending;
            }
            if asset.bonus.is_some() {
                target.bonus = asset.bonus;
            }
        }
        if !checker.errors.is_empty() {
            return Err(checker.errors);
        }
        // The overridden values point into the override file; the rest into the scenario. The
        // bounds are checked again on the merged set (positions are reported in the override file).
        next.validate_params(&src, &file)?;
        let name = over.name.unwrap_or_else(|| {
            path.file_stem()
                .map_or(file.clone(), |s| s.to_string_lossy().into())
        });
        Ok((next, name))
    }

    /// Every bound, on the whole scenario.
    fn validate(&self, src: &str, file: &str) -> Result<(), Vec<ScenarioError>> {
        check(src, file, |c| {
            self.check_structure(c);
            self.check_params(c);
        })
    }

    /// The risk parameters only (after an override).
    fn validate_params(&self, src: &str, file: &str) -> Result<(), Vec<ScenarioError>> {
        check(src, file, |c| self.check_params(c))
    }

    /// The asset with `denom`.
    pub fn asset(&self, denom: &str) -> Option<&AssetCfg> {
        self.assets.iter().find(|a| a.denom.get_ref() == denom)
    }

    fn check_structure(&self, c: &mut Checker) {
        let steps = *self.run.steps.get_ref();
        if steps == 0 || steps > MAX_STEPS {
            c.fail(
                "run.steps",
                &self.run.steps,
                format!("must be in [1, {MAX_STEPS}]"),
            );
        }
        if *self.run.step_seconds.get_ref() == 0 || *self.run.step_seconds.get_ref() > 86_400 * 30 {
            c.fail(
                "run.step_seconds",
                &self.run.step_seconds,
                "must be in [1, 2592000] (30 days)",
            );
        }
        if *self.quote.decimals.get_ref() > 18 {
            c.fail("quote.decimals", &self.quote.decimals, "must be at most 18");
        }
        if self.assets.is_empty() {
            c.fail_at("assets", "at least one asset is needed");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            let denom = a.denom.get_ref();
            if !valid_denom(denom) {
                c.fail(
                    &at("denom"),
                    &a.denom,
                    format!("{denom:?} is not a valid denom (3–128 characters: a letter, then letters, digits or /:._-)"),
                );
            }
            if !seen.insert(denom.clone()) {
                c.fail(&at("denom"), &a.denom, format!("{denom} is listed twice"));
            }
            if *a.decimals.get_ref() > 18 {
                c.fail(&at("decimals"), &a.decimals, "must be at most 18");
            }
            let csv = a.path.as_ref().and_then(|p| p.csv.as_ref());
            match (&a.price, csv) {
                (Some(p), None) => {
                    c.range(&at("price"), p, (0.0, OPEN), (1e12, CLOSED));
                }
                (Some(p), Some(_)) => c.fail(
                    &at("price"),
                    p,
                    "a path.csv gives the prices, its first row the start: remove `price`",
                ),
                (None, None) => c.fail(
                    &at("denom"),
                    &a.denom,
                    "`price` is needed (the start price), unless path.csv gives the prices",
                ),
                (None, Some(_)) => {}
            }
            if a.collateral.is_none() && a.lending.is_none() {
                c.fail(
                    &at("denom"),
                    &a.denom,
                    "an asset needs [collateral] or [lending] parameters",
                );
            }
            let o = &a.oracle;
            match o.source.get_ref().as_str() {
                "pyth" => {
                    let staleness = match &o.max_staleness_s {
                        Some(m) if (1..=MAX_STALENESS_S).contains(m.get_ref()) => {
                            Some(*m.get_ref())
                        }
                        Some(m) => {
                            c.fail(
                                &at("oracle.max_staleness_s"),
                                m,
                                format!("must be in [1, {MAX_STALENESS_S}] seconds"),
                            );
                            None
                        }
                        None => {
                            c.fail(
                                &at("oracle.source"),
                                &o.source,
                                "a Pyth source needs max_staleness_s",
                            );
                            None
                        }
                    };
                    if let Some(l) = &o.liquidation_max_staleness_s {
                        let v = *l.get_ref();
                        if !(1..=MAX_STALENESS_S).contains(&v) {
                            c.fail(
                                &at("oracle.liquidation_max_staleness_s"),
                                l,
                                format!("must be in [1, {MAX_STALENESS_S}] seconds"),
                            );
                        } else if let Some(d) = staleness.filter(|d| v < *d) {
                            c.fail(
                                &at("oracle.liquidation_max_staleness_s"),
                                l,
                                format!(
                                    "must be at least max_staleness_s ({d}): Liquidation prices \
                                     may be older than Default ones, never younger"
                                ),
                            );
                        }
                    }
                    match &o.max_confidence {
                        Some(m) => {
                            c.range(&at("oracle.max_confidence"), m, (0.0, OPEN), (1.0, CLOSED));
                        }
                        None => c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a Pyth source needs max_confidence",
                        ),
                    }
                    match &o.max_ema_deviation {
                        Some(m) => {
                            c.range(
                                &at("oracle.max_ema_deviation"),
                                m,
                                (0.0, OPEN),
                                (1.0, CLOSED),
                            );
                        }
                        None => c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a Pyth source needs max_ema_deviation",
                        ),
                    }
                    if let Some(conf) = &o.confidence {
                        c.range(&at("oracle.confidence"), conf, (0.0, CLOSED), (1.0, OPEN));
                    }
                    if let Some(h) = &o.ema_half_life_s {
                        c.range(&at("oracle.ema_half_life_s"), h, (0.0, OPEN), (1e9, CLOSED));
                    }
                }
                "fixed" => {
                    if o.max_staleness_s.is_some()
                        || o.liquidation_max_staleness_s.is_some()
                        || o.max_confidence.is_some()
                        || o.max_ema_deviation.is_some()
                        || o.confidence.is_some()
                        || o.ema_half_life_s.is_some()
                    {
                        c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a fixed source takes no Pyth parameters",
                        );
                    }
                }
                other => c.fail(
                    &at("oracle.source"),
                    &o.source,
                    format!("unknown source {other:?}: expected \"pyth\" or \"fixed\""),
                ),
            }
            if let Some(path) = &a.path {
                if let Some(v) = &path.volatility {
                    c.range(&at("path.volatility"), v, (0.0, CLOSED), (10.0, CLOSED));
                }
                if let Some(d) = &path.drift {
                    c.range(&at("path.drift"), d, (-10.0, CLOSED), (10.0, CLOSED));
                }
                if let Some(csv) = &path.csv {
                    if path.volatility.is_some() || path.drift.is_some() || !path.shocks.is_empty()
                    {
                        c.fail(
                            &at("path.csv"),
                            csv,
                            "a CSV path cannot be combined with volatility, drift or shocks",
                        );
                    } else if let Err(errs) = crate::path::read_csv(
                        Path::new(csv.get_ref()),
                        steps,
                        *self.run.step_seconds.get_ref(),
                    ) {
                        // Every error of the file, each at its own line.
                        for e in errs {
                            c.errors.push(ScenarioError {
                                file: e.file,
                                position: (e.line > 0).then_some((e.line, 1)),
                                field: at("path.csv"),
                                message: e.reason,
                            });
                        }
                    }
                }
                for (k, s) in path.shocks.iter().enumerate() {
                    let f = |x: &str| at(&format!("path.shocks[{k}].{x}"));
                    c.range(&f("change"), &s.change, (-1.0, OPEN), (100.0, CLOSED));
                    if *s.steps.get_ref() == 0 {
                        c.fail(&f("steps"), &s.steps, "must be at least 1");
                    }
                    if *s.start_step.get_ref() >= steps.max(1) {
                        c.fail(
                            &f("start_step"),
                            &s.start_step,
                            format!("must be before the last step ({steps})"),
                        );
                    }
                }
            }
        }

        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            let o = &a.oracle;
            if let Some(l) = &o.lag_steps {
                if *l.get_ref() > 10_000 {
                    c.fail(&at("oracle.lag_steps"), l, "must be at most 10000");
                }
            }
            if let Some(d) = &o.deviation {
                c.range(&at("oracle.deviation"), d, (0.0, CLOSED), (1.0, OPEN));
            }
            if let Some(h) = &o.heartbeat_s {
                if *h.get_ref() == 0 || *h.get_ref() > 86_400 * 30 {
                    c.fail(
                        &at("oracle.heartbeat_s"),
                        h,
                        "must be in [1, 2592000] seconds",
                    );
                }
            }
            if let Some(m) = &a.market {
                c.range(
                    &at("market.depth_2pct"),
                    &m.depth_2pct,
                    (0.0, OPEN),
                    (1e15, CLOSED),
                );
                c.range(
                    &at("market.recovery"),
                    &m.recovery,
                    (0.0, OPEN),
                    (1.0, CLOSED),
                );
            }
        }

        let b = &self.borrowers;
        let count = *b.count.get_ref();
        if count == 0 || count > MAX_BORROWERS {
            c.fail(
                "borrowers.count",
                &b.count,
                format!("must be in [1, {MAX_BORROWERS}]"),
            );
        }
        self.check_mix(
            c,
            "borrowers.collateral",
            &b.collateral,
            |a| a.collateral.is_some(),
            "collateral",
        );
        self.check_mix(
            c,
            "borrowers.debt",
            &b.debt,
            |a| a.lending.is_some(),
            "lending",
        );
        let maxc = *b.max_collaterals.get_ref() as usize;
        if maxc == 0 || maxc > b.collateral.len().max(1) {
            c.fail(
                "borrowers.max_collaterals",
                &b.max_collaterals,
                format!(
                    "must be in [1, {}] (the collateral assets listed)",
                    b.collateral.len()
                ),
            );
        }
        if c.range(
            "borrowers.size.min",
            &b.size.min,
            (0.0, OPEN),
            (1e12, CLOSED),
        ) && c.range(
            "borrowers.size.max",
            &b.size.max,
            (0.0, OPEN),
            (1e12, CLOSED),
        ) && b.size.max.get_ref() < b.size.min.get_ref()
        {
            c.fail("borrowers.size.max", &b.size.max, "must be ≥ size.min");
        }
        if c.range(
            "borrowers.target_ltv.min",
            &b.target_ltv.min,
            (0.0, OPEN),
            (1.0, CLOSED),
        ) && c.range(
            "borrowers.target_ltv.max",
            &b.target_ltv.max,
            (0.0, OPEN),
            (1.0, CLOSED),
        ) && b.target_ltv.max.get_ref() < b.target_ltv.min.get_ref()
        {
            c.fail(
                "borrowers.target_ltv.max",
                &b.target_ltv.max,
                "must be ≥ target_ltv.min",
            );
        }
        if let Some(s) = &b.sub_account_share {
            c.range(
                "borrowers.sub_account_share",
                s,
                (0.0, CLOSED),
                (1.0, CLOSED),
            );
        }
        if let Some(r) = &b.reserve {
            c.range("borrowers.reserve", r, (0.0, CLOSED), (10.0, CLOSED));
        }
        let bh = &b.behaviour;
        let mut total = 0.0;
        for (name, w) in [
            ("passive", &bh.passive),
            ("top_up", &bh.top_up),
            ("deleverage", &bh.deleverage),
        ] {
            if c.range(
                &format!("borrowers.behaviour.{name}"),
                w,
                (0.0, CLOSED),
                (1e9, CLOSED),
            ) {
                total += *w.get_ref();
            }
        }
        if total <= 0.0 {
            c.fail(
                "borrowers.behaviour.passive",
                &bh.passive,
                "the weights must not all be 0",
            );
        }
        if c.range(
            "borrowers.behaviour.act_below_hf",
            &bh.act_below_hf,
            (1.0, OPEN),
            (10.0, CLOSED),
        ) && c.range(
            "borrowers.behaviour.restore_hf",
            &bh.restore_hf,
            (1.0, OPEN),
            (10.0, CLOSED),
        ) && bh.restore_hf.get_ref() <= bh.act_below_hf.get_ref()
        {
            c.fail(
                "borrowers.behaviour.restore_hf",
                &bh.restore_hf,
                "must be above act_below_hf",
            );
        }
        if *b.check_every_steps.get_ref() == 0 {
            c.fail(
                "borrowers.check_every_steps",
                &b.check_every_steps,
                "must be at least 1",
            );
        }

        for (i, l) in self.lenders.iter().enumerate() {
            match self.asset(l.denom.get_ref()) {
                Some(a) if a.lending.is_some() => {}
                _ => c.fail(
                    &format!("lenders[{i}].denom"),
                    &l.denom,
                    format!("{} is not a listed asset with [lending]", l.denom.get_ref()),
                ),
            }
            let n = *l.count.get_ref();
            if n == 0 || n > 10_000 {
                c.fail(
                    &format!("lenders[{i}].count"),
                    &l.count,
                    "must be in [1, 10000]",
                );
            }
            c.range(
                &format!("lenders[{i}].total"),
                &l.total,
                (0.0, OPEN),
                (1e15, CLOSED),
            );
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, l) in self.liquidators.iter().enumerate() {
            let at = |f: &str| format!("liquidators[{i}].{f}");
            if l.name.get_ref().is_empty() || !names.insert(l.name.get_ref().clone()) {
                c.fail(&at("name"), &l.name, "must be non-empty and unique");
            }
            if l.capital.is_empty() {
                c.fail(
                    &at("name"),
                    &l.name,
                    "capital needs at least one debt denom",
                );
            }
            for (denom, amount) in &l.capital {
                match self.asset(denom) {
                    Some(a) if a.lending.is_some() => {}
                    _ => c.fail(
                        &at(&format!("capital.{denom}")),
                        amount,
                        format!("{denom} is not a listed asset with [lending]"),
                    ),
                }
                c.range(
                    &at(&format!("capital.{denom}")),
                    amount,
                    (0.0, CLOSED),
                    (1e15, CLOSED),
                );
            }
            c.range(
                &at("min_profit"),
                &l.min_profit,
                (0.0, CLOSED),
                (1e12, CLOSED),
            );
            c.range(&at("gas_cost"), &l.gas_cost, (0.0, CLOSED), (1e12, CLOSED));
            if *l.latency_steps.get_ref() > 10_000 {
                c.fail(
                    &at("latency_steps"),
                    &l.latency_steps,
                    "must be at most 10000",
                );
            }
            if let Some(s) = &l.slippage {
                c.range(&at("slippage"), s, (0.0, CLOSED), (1.0, OPEN));
            }
            if let Some(m) = &l.max_per_step {
                if *m.get_ref() == 0 {
                    c.fail(&at("max_per_step"), m, "must be at least 1");
                }
            }
        }
        for (i, o) in self.outages.iter().enumerate() {
            match self.asset(o.denom.get_ref()) {
                Some(a) if a.oracle.is_pyth() => {}
                _ => c.fail(
                    &format!("outages[{i}].denom"),
                    &o.denom,
                    format!("{} is not an asset priced by Pyth", o.denom.get_ref()),
                ),
            }
            if o.to_step.get_ref() < o.from_step.get_ref() {
                c.fail(
                    &format!("outages[{i}].to_step"),
                    &o.to_step,
                    "must be ≥ from_step",
                );
            }
        }
    }

    fn check_mix(
        &self,
        c: &mut Checker,
        field: &str,
        mix: &[Weighted],
        ok: impl Fn(&AssetCfg) -> bool,
        what: &str,
    ) {
        if mix.is_empty() {
            c.fail_at(field, "at least one entry is needed");
        }
        for (k, w) in mix.iter().enumerate() {
            match self.asset(w.denom.get_ref()) {
                Some(a) if ok(a) => {}
                _ => c.fail(
                    &format!("{field}[{k}].denom"),
                    &w.denom,
                    format!("{} is not a listed asset with [{what}]", w.denom.get_ref()),
                ),
            }
            c.range(
                &format!("{field}[{k}].weight"),
                &w.weight,
                (0.0, OPEN),
                (1e9, CLOSED),
            );
        }
    }

    /// A bonus curve: finite and non-negative, then the contract's own rules
    /// ([`ballast_math::liquidation::BonusCurve::validate`]).
    fn check_bonus(c: &mut Checker, field: &str, b: &BonusCfg) {
        let fields = [
            ("start", &b.start),
            ("slope", &b.slope),
            ("min", &b.min),
            ("max", &b.max),
        ];
        if c.all_unsigned(field, &fields) {
            let curve = BonusCurve {
                start: decimal(*b.start.get_ref()),
                slope: decimal(*b.slope.get_ref()),
                min: decimal(*b.min.get_ref()),
                max: decimal(*b.max.get_ref()),
            };
            c.math(field, curve.validate(), &fields);
        }
    }

    /// The parameters the contracts hold: each value finite and non-negative, then checked by
    /// the same validators the contracts run (`ballast-math`), exactly, on the decimals the
    /// simulator will send; an error names the field and its line.
    fn check_params(&self, c: &mut Checker) {
        let p = &self.policy;
        let fields = [
            ("close_factor", &p.close_factor),
            ("full_liquidation_hf", &p.full_liquidation_hf),
            ("protocol_fee_share", &p.protocol_fee_share),
            ("min_leftover_value", &p.min_leftover_value),
        ];
        if c.all_unsigned("policy", &fields) {
            let quote_decimals = *self.quote.decimals.get_ref();
            let params = LiquidationParams {
                close_factor: decimal(*p.close_factor.get_ref()),
                full_liquidation_hf: decimal(*p.full_liquidation_hf.get_ref()),
                protocol_fee_share: decimal(*p.protocol_fee_share.get_ref()),
                min_leftover_value: Uint128::new(to_units(
                    *p.min_leftover_value.get_ref(),
                    quote_decimals,
                )),
            };
            c.math("policy", params.validate(), &fields);
        }
        Self::check_bonus(c, "policy.bonus", &p.bonus);
        if let Some(v) = &self.vault.min_debt_value {
            c.range("vault.min_debt_value", v, (0.0, CLOSED), (1e12, CLOSED));
        }
        if let Some(m) = &self.vault.max_assets_per_account {
            if *m.get_ref() < 2 {
                c.fail(
                    "vault.max_assets_per_account",
                    m,
                    "must be at least 2 (a collateral and a debt)",
                );
            }
        }
        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            if let Some(b) = &a.bonus {
                Self::check_bonus(c, &at("bonus"), b);
            }
            let bonus_max = *a.bonus.as_ref().unwrap_or(&p.bonus).max.get_ref();
            if let Some(col) = &a.collateral {
                let field = at("collateral");
                let fields = [
                    ("max_ltv", &col.max_ltv),
                    ("liquidation_threshold", &col.liquidation_threshold),
                ];
                if c.all_unsigned(&field, &fields) {
                    let (m, t) = (
                        decimal(*col.max_ltv.get_ref()),
                        decimal(*col.liquidation_threshold.get_ref()),
                    );
                    let ok = c.math(&field, validate_collateral_params(m, t), &fields);
                    if ok && bonus_max.is_finite() && bonus_max >= 0.0 {
                        c.math(
                            &field,
                            validate_threshold_with_bonus(t, decimal(bonus_max))
                                .map_err(|e| with_reason(e, "a liquidation must improve health")),
                            &fields,
                        );
                    }
                }
                if let Some(cap) = &col.deposit_cap {
                    c.range(
                        &at("collateral.deposit_cap"),
                        cap,
                        (0.0, CLOSED),
                        (1e18, CLOSED),
                    );
                }
            }
            if let Some(l) = &a.lending {
                let field = at("lending");
                let fields = [
                    ("base", &l.base),
                    ("slope1", &l.slope1),
                    ("slope2", &l.slope2),
                    ("optimal_utilization", &l.optimal_utilization),
                    ("reserve_factor", &l.reserve_factor),
                ];
                if c.all_unsigned(&field, &fields) {
                    let model = RateModel {
                        base: decimal(*l.base.get_ref()),
                        slope1: decimal(*l.slope1.get_ref()),
                        slope2: decimal(*l.slope2.get_ref()),
                        optimal_utilization: decimal(*l.optimal_utilization.get_ref()),
                    };
                    c.math(&field, model.validate(), &fields);
                    c.math(
                        &field,
                        validate_reserve_factor(decimal(*l.reserve_factor.get_ref())),
                        &fields,
                    );
                }
            }
        }
    }
}

/// `err` with `more` added to its reason.
fn with_reason(err: MathError, more: &str) -> MathError {
    match err {
        MathError::InvalidParam { name, reason } => MathError::InvalidParam {
            name,
            reason: format!("{reason}: {more}"),
        },
        other => other,
    }
}

/// Runs `checks` over a file's values; every error they find, or `Ok`.
fn check(
    src: &str,
    file: &str,
    checks: impl FnOnce(&mut Checker),
) -> Result<(), Vec<ScenarioError>> {
    let mut c = Checker {
        file,
        src,
        errors: vec![],
    };
    checks(&mut c);
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(c.errors)
    }
}

/// The text of `path` (named `file` in the error).
fn read(path: &Path, file: &str) -> Result<String, Vec<ScenarioError>> {
    std::fs::read_to_string(path).map_err(|err| {
        vec![ScenarioError {
            file: file.to_string(),
            position: None,
            field: String::new(),
            message: format!("cannot read: {err}"),
        }]
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    src: &str,
    file: &str,
) -> Result<T, Vec<ScenarioError>> {
    toml::from_str(src).map_err(|err| {
        let position = err.span().map(|span| line_col(src, span.start));
        vec![ScenarioError {
            file: file.to_string(),
            position,
            field: String::new(),
            message: err.message().to_string(),
        }]
    })
}

/// `x` as a `Decimal` (a ratio).
pub fn decimal(x: f64) -> cosmwasm_std::Decimal {
    // `Display` of an f64 never uses an exponent and gives the shortest round trip (0.65, not
    // 0.650000000000000022); digits past the 18th fractional one are cut.
    let text = format!("{x}");
    let text = match text.split_once('.') {
        Some((int, frac)) if frac.len() > 18 => format!("{int}.{}", &frac[..18]),
        _ => text,
    };
    text.parse().unwrap_or_default()
}

/// `x` whole tokens in smallest units of a `decimals` asset (rounded down).
pub fn to_units(x: f64, decimals: u8) -> u128 {
    let v = x * 10f64.powi(i32::from(decimals));
    if v.is_finite() && v > 0.0 {
        v as u128
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_checked_by_the_contracts_own_validators_at_their_line() {
        let parse = |src: &str| Scenario::parse(src, "d.toml", Path::new("."));
        let default = crate::DEFAULT_SCENARIO;
        assert!(parse(default).is_ok());
        // each slope is within 10 but the rate at full utilisation, 0 + 0.08 + 9.95, is not:
        // the vault would refuse this market, so the scenario is refused too, at slope2's line
        let steep = default.replace("slope2 = 1.0", "slope2 = 9.95");
        let line = steep
            .lines()
            .position(|l| l.contains("slope2 = 9.95"))
            .unwrap()
            + 1;
        let errs = parse(&steep).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field, "assets[2].lending.slope2", "{errs:?}");
        assert_eq!(errs[0].position.map(|p| p.0), Some(line));
        assert!(
            errs[0].message.contains("exceeds the maximum rate"),
            "{errs:?}"
        );
        // a bonus slope the liquidation contract refuses (> 10)
        let errs = parse(&default.replace("slope = 1.0, min", "slope = 12.0, min")).unwrap_err();
        assert_eq!(errs[0].field, "policy.bonus.slope", "{errs:?}");
        // a negative value is named before any validator sees it
        let errs =
            parse(&default.replace("close_factor = 0.5", "close_factor = -0.5")).unwrap_err();
        assert_eq!(errs[0].field, "policy.close_factor", "{errs:?}");
        assert!(errs[0].message.contains("out of bounds"), "{errs:?}");
    }

    #[test]
    fn line_col_counts_from_one() {
        let src = "a = 1\nbb = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, 11), (2, 6));
    }

    #[test]
    fn decimal_of_a_ratio_is_exact_to_18_digits() {
        assert_eq!(decimal(0.65).to_string(), "0.65");
        assert_eq!(decimal(1.0).to_string(), "1");
        assert_eq!(decimal(0.000001).to_string(), "0.000001");
    }

    #[test]
    fn units_round_down_and_refuse_negatives() {
        assert_eq!(to_units(1.5, 6), 1_500_000);
        assert_eq!(to_units(-1.0, 6), 0);
        assert_eq!(to_units(f64::NAN, 6), 0);
        assert_eq!(to_units(2.0, 18), 2_000_000_000_000_000_000);
    }
}
