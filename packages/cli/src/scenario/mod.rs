//! Scenario files: what a stress run simulates, read from TOML and validated whole before anything
//! runs.
//!
//! Every number a user writes is in human units: prices in quote units per whole token (10.0 =
//! 10 USD), amounts in whole tokens, values in whole quote units, ratios as fractions (0.65).
//! Fields that are checked against a bound keep their position in the file ([`Spanned`]), so an
//! error names the file, line, column and field: `default.toml:31:17: assets[0].collateral.max_ltv:
//! must be < liquidation_threshold`. The model is here; the checks are in `checks` (the
//! parameters by the contracts' own validators), `--compare` overrides in `overrides`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ballast_types::vault::{CollateralParams, LendingParams, RateModel};
use cosmwasm_std::Uint128;
use serde::{Deserialize, Serialize};
use toml::Spanned;

pub(crate) mod checks;
mod overrides;

pub use overrides::{AssetOverride, ParamsOverride};

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

    /// The asset with `denom`.
    pub fn asset(&self, denom: &str) -> Option<&AssetCfg> {
        self.assets.iter().find(|a| a.denom.get_ref() == denom)
    }
}

impl AssetCfg {
    /// The vault's `CollateralParams` of this asset, as the simulator lists it (`None`: not a
    /// collateral).
    pub fn collateral_params(&self) -> Option<CollateralParams> {
        let decimals = *self.decimals.get_ref();
        self.collateral.as_ref().map(|c| CollateralParams {
            max_ltv: decimal(*c.max_ltv.get_ref()),
            liquidation_threshold: decimal(*c.liquidation_threshold.get_ref()),
            deposit_cap: c
                .deposit_cap
                .as_ref()
                .map(|cap| Uint128::new(to_units(*cap.get_ref(), decimals))),
        })
    }

    /// The vault's `LendingParams` of this asset, as the simulator lists it (no supply or borrow
    /// cap; `None`: not borrowable).
    pub fn lending_params(&self) -> Option<LendingParams> {
        self.lending.as_ref().map(|l| LendingParams {
            rate_model: RateModel {
                base: decimal(*l.base.get_ref()),
                slope1: decimal(*l.slope1.get_ref()),
                slope2: decimal(*l.slope2.get_ref()),
                optimal_utilization: decimal(*l.optimal_utilization.get_ref()),
            },
            reserve_factor: decimal(*l.reserve_factor.get_ref()),
            supply_cap: None,
            borrow_cap: None,
        })
    }

    /// The bonus curve's cap for this collateral: its own curve's, else the policy's default.
    pub fn bonus_max(&self, policy: &PolicyCfg) -> f64 {
        *self.bonus.as_ref().unwrap_or(&policy.bonus).max.get_ref()
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
