//! What a run produces: [`Report`] (written as `report.json`), the terminal summary and the
//! side-by-side comparison of two runs. Values are in whole quote units (USD), read from the
//! contracts' answers and events. No wall-clock figure goes in the report, so one seed gives a
//! byte-identical file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::bots::BotStats;

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Liquidations executed.
    pub liquidations: u64,
    /// Distinct accounts liquidated at least once.
    pub liquidated_accounts: u32,
    /// Value of the debt repaid by liquidators (at the prices the bots saw).
    pub repaid_value: f64,
    /// Value of the collateral seized.
    pub seized_value: f64,
    /// Value of the protocol fees sent to the treasury.
    pub protocol_fees_value: f64,
    /// Bad debt written off, valued when written off (Σ `bad_debt` of the `liquidate` events).
    pub bad_debt_value: f64,
    /// Accounts whose liquidation wrote debt off.
    pub bad_debt_accounts: u32,
    /// Liquidations of an insolvent account: `C < D` at `Liquidation` prices just before (in the
    /// bot's scan of the same block; a collateral without a price counts zero).
    pub insolvent_liquidations: u64,
    /// Insolvent accounts closed: accounts insolvent (`C < D`) at one of their liquidations
    /// whose last collateral was taken and the rest of whose debt was written off (a `bad_debt`
    /// event); checked at the end in the vault's ledger: they hold nothing and owe nothing.
    pub insolvent_closed: u32,
    /// Accounts with debt and `C < D` at `Liquidation` prices at the end, unpriceable ones
    /// excepted (`None` if the positions could not be read).
    pub insolvent_open_at_end: Option<u32>,
    /// Liquidations that wrote debt off although the account had `C ≥ D` just before: the
    /// contract's whole-collateral rule starts at `C < D·(1 + bonus.min)` and pays the bonus
    /// curve's value, so an account whose collateral covered its debt can still leave a loss.
    pub solvent_write_offs: u64,
    /// Value written off by those liquidations.
    pub solvent_write_off_value: f64,
    /// The vault's cumulative deficit at the end, at the end's prices (from `RiskSummary`).
    pub vault_deficit_value: f64,
    /// Unrealised deficit at the end: Σ `D − C` over accounts whose collateral is worth less
    /// than their debt, not yet written off (`Liquidation` prices; a collateral the oracle cannot
    /// price is valued at its market price, the simulator's estimate). `None` if the positions
    /// could not be read.
    pub unrealised_deficit_value: Option<f64>,
    /// Highest unrealised deficit at the end of any step.
    pub peak_unrealised_deficit_value: f64,
    /// Reserves at the end, at the end's prices.
    pub reserves_value: f64,
    /// Σ liquidator profit after selling slippage and gas.
    pub liquidator_profit: f64,
    /// Lowest health factor of any account at the end of any step (Liquidation prices).
    pub lowest_health: Option<f64>,
    /// Highest aggregate LTV (`RiskSummary`).
    pub peak_aggregate_ltv: f64,
    /// Highest aggregate leverage over the steps where it is defined; `None` when the protocol
    /// had negative equity (aggregate `C ≤ D`, LTV ≥ 1) at some step: leverage is then not a
    /// number, and the highest finite value would understate it.
    pub peak_leverage: Option<f64>,
    /// Steps at whose end the aggregate LTV was ≥ 1 (negative equity; leverage n/a).
    pub negative_equity_steps: u32,
    /// Aggregate LTV at the end.
    pub final_aggregate_ltv: Option<f64>,
    /// Accounts still liquidatable at the end (`None` if they could not be priced).
    pub liquidatable_at_end: Option<u32>,
    /// Suppliers' return over the run, weighted by supplied value, counting the unrealised deficit
    /// at the end as if written off now (covered first from reserves, as the vault does).
    pub supplier_return: f64,
    /// The same from the supply index alone (write-offs so far; the unrealised deficit left out).
    pub supplier_return_realised: f64,
    /// Collateral top-ups by borrowers.
    pub borrower_top_ups: u64,
    /// Repayments by deleveraging borrowers.
    pub borrower_repays: u64,
    /// Borrower actions the vault refused.
    pub borrower_actions_refused: u64,
    /// Bot scans the chain refused: a page of `LiquidatablePositions` failed (the oracle or the
    /// vault failing; a missing price never refuses a page, the account is reported
    /// `unpriceable`). Expected 0.
    pub bot_scans_refused: u64,
    /// Distinct accounts the bots' scans reported `unpriceable` (a debt without a `Liquidation`
    /// price) at least once; they were passed over, the scans carried on.
    pub unpriceable_accounts_seen: u32,
    /// Accounts unpriceable at the end (`None` if the positions could not be read).
    pub unpriceable_at_end: Option<u32>,
    /// Steps at whose end some unpriceable account would have been liquidatable at market
    /// prices (the simulator's estimate): liquidatable accounts the oracle hid.
    pub steps_with_hidden_liquidatable: u32,
    /// Most such accounts at the end of one step.
    pub peak_hidden_liquidatable: u32,
    /// Liquidations during a step in which a feed was silent (an `[[outages]]` window).
    pub outage_liquidations: u64,
    /// Of those, liquidations of accounts holding none of the silent denoms (as collateral or
    /// debt): liquidation carrying on through the outage for everyone else.
    pub outage_liquidations_without_silent_asset: u64,
    /// Liquidations of accounts holding a collateral without a `Liquidation` price (counted zero
    /// by the vault, so the account looks sicker than it is; another collateral was seized).
    pub unpriced_collateral_liquidations: u64,
    /// Of those, accounts that would have had `HF ≥ 1` with the unpriced collateral at its path
    /// price (the simulator's estimate: its amount × path price × liquidation threshold added to
    /// the vault's liquidation capacity).
    pub unpriced_collateral_liquidations_healthy: u64,
    /// Steps at whose end at least one asset had no `Default` price (a breaker tripped).
    pub steps_with_default_price_refused: u32,
    /// Steps at whose end at least one asset had no `Liquidation` price (a feed silent for longer
    /// than its `liquidation_max_staleness_s`).
    pub steps_with_liquidation_price_refused: u32,
    /// Liquidations whose event differed from the simulation just before (must be 0).
    pub simulation_mismatches: u64,
    /// Value of the seized collateral liquidators sold (what the sales paid, before their
    /// slippage).
    pub liquidation_sales_value: f64,
    /// Largest fall of a market price below its exogenous path caused by liquidation sales and
    /// not yet recovered by arbitrage, at the end of a step (0.05 = 5 %).
    pub peak_liquidation_impact: f64,
    /// Steps in which liquidation sales moved a market price by at least 0.1 %.
    pub impact_steps: u32,
    /// Longest cascade: consecutive steps in each of which liquidation sales moved a market price
    /// by at least 0.1 % (the fall the oracle publishes next step, which liquidates more).
    pub cascade_rounds: u32,
}

/// Per lending market at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketYield {
    /// Denom.
    pub denom: String,
    /// Suppliers' return over the run: growth of the supply index, less the market's share of the
    /// unrealised deficit at the end beyond its reserves.
    pub supplier_return: f64,
    /// Growth of the supply index over the run (realised only).
    pub supplier_return_realised: f64,
    /// The same, per year.
    pub supplier_apr: f64,
    /// Utilisation at the end.
    pub utilization: f64,
    /// Cumulative deficit (smallest units), from the vault.
    pub deficit: u128,
    /// Reserves (smallest units).
    pub reserves: u128,
    /// Σ `bad_debt` event amounts (smallest units).
    pub written_off: u128,
    /// This market's share of the unrealised deficit at the end (its debt's share of each
    /// insolvent account's debt), whole quote units.
    pub unrealised_deficit_value: f64,
}

/// Per-step series (index = step, 0 = after set-up).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Series {
    /// Step.
    pub step: Vec<u32>,
    /// Seconds since the start.
    pub time_s: Vec<u64>,
    /// Exogenous path price per asset, quote units per whole token.
    pub prices: BTreeMap<String, Vec<f64>>,
    /// Market price per asset at the end of the step (the path less the impact of liquidation
    /// sales not yet recovered), quote units per whole token: what bots see.
    pub market_prices: BTreeMap<String, Vec<f64>>,
    /// The oracle's `Liquidation` price per asset at the end of the step, quote units per whole
    /// token (`None` when it has none): what the protocol sees.
    pub oracle_prices: BTreeMap<String, Vec<Option<f64>>>,
    /// Largest fall of a market price below its path from liquidation sales, at the step's end.
    pub liquidation_impact: Vec<f64>,
    /// Aggregate LTV.
    pub aggregate_ltv: Vec<Option<f64>>,
    /// Aggregate leverage; `None` when not a number: negative equity (see `negative_equity`) or
    /// an asset without a price.
    pub leverage: Vec<Option<f64>>,
    /// Aggregate `C ≤ D` with debt (LTV ≥ 1): leverage is n/a (negative equity).
    pub negative_equity: Vec<bool>,
    /// Σ collateral value.
    pub collateral_value: Vec<f64>,
    /// Σ debt value.
    pub debt_value: Vec<f64>,
    /// Liquidations in the step.
    pub liquidations: Vec<u32>,
    /// Debt value repaid by liquidations in the step.
    pub repaid_value: Vec<f64>,
    /// Cumulative deficit, at the step's prices.
    pub bad_debt: Vec<f64>,
    /// Unrealised deficit at the end of the step (see [`Summary::unrealised_deficit_value`]).
    pub unrealised_deficit: Vec<Option<f64>>,
    /// Reserves, at the step's prices.
    pub reserves: Vec<f64>,
    /// Lowest account health factor.
    pub lowest_health: Vec<Option<f64>>,
    /// Accounts liquidatable at the end of the step.
    pub liquidatable_accounts: Vec<Option<u32>>,
    /// Accounts with debt and `C < D` (`Liquidation` prices) at the end of the step.
    pub insolvent_accounts: Vec<Option<u32>>,
    /// Accounts unpriceable (a debt without a `Liquidation` price) at the end of the step.
    pub unpriceable_accounts: Vec<Option<u32>>,
    /// Most accounts one of the step's bot scans reported unpriceable (and carried on past).
    pub unpriceable_in_scans: Vec<u32>,
    /// Unpriceable accounts at the end of the step that would be liquidatable at market prices
    /// (the simulator's estimate): hidden from the bots.
    pub hidden_liquidatable: Vec<Option<u32>>,
    /// Liquidations in the step of accounts holding none of the denoms whose feed is silent in
    /// the step (0 outside outages).
    pub liquidations_without_silent_asset: Vec<u32>,
    /// Assets without a `Default` price at the end of the step.
    pub default_prices_refused: Vec<u32>,
    /// Assets without a `Liquidation` price at the end of the step.
    pub liquidation_prices_refused: Vec<u32>,
}

/// The tool that wrote a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolInfo {
    /// `ballast`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// The git commit the binary was built from (`-dirty` when the tree had changes), or `None`
    /// when it was built outside a git work tree.
    pub git_commit: Option<&'static str>,
}

impl ToolInfo {
    /// This binary.
    pub fn current() -> Self {
        Self {
            name: "ballast",
            version: env!("CARGO_PKG_VERSION"),
            git_commit: option_env!("BALLAST_GIT_COMMIT").filter(|c| !c.is_empty()),
        }
    }
}

/// What the numbers of a report are in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Units {
    /// Fields named `*_value`, `repaid_value`, `profit`, `gas_spent`, `bad_debt`, `reserves`,
    /// `unrealised_deficit` and the collateral and debt series.
    pub values: String,
    /// Prices in the `prices` series.
    pub prices: &'static str,
    /// `deficit`, `reserves`, `written_off` of `markets`.
    pub market_amounts: &'static str,
    /// Ratios.
    pub ratios: &'static str,
    /// Time.
    pub time: &'static str,
}

impl Units {
    /// Units for a run quoted in `quote`.
    pub fn quoted_in(quote: &str) -> Self {
        Self {
            values: format!("whole quote units ({quote}), not smallest units"),
            prices: "whole quote units per whole token",
            market_amounts: "smallest units of the market's denom",
            ratios: "fractions (0.05 = 5 %); supplier_return over the whole run",
            time: "time_s in seconds since the start; one step = step_seconds",
        }
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The tool and build that produced the report.
    pub tool: ToolInfo,
    /// Units of every number below.
    pub units: Units,
    /// Scenario name.
    pub scenario: String,
    /// Parameter set label.
    pub params: String,
    /// Seed.
    pub seed: u64,
    /// Steps run.
    pub steps: u32,
    /// Seconds per step.
    pub step_seconds: u64,
    /// Real time of step 0 (`YYYY-MM-DD HH:MM` UTC) when a price CSV gives one (a replay).
    pub start_time_utc: Option<String>,
    /// Borrowers.
    pub borrowers: u32,
    /// Accounts opened.
    pub accounts: u32,
    /// Borrows the vault refused at set-up.
    pub borrows_refused: u32,
    /// Totals.
    pub summary: Summary,
    /// Per bot.
    pub liquidators: Vec<BotStats>,
    /// Per lending market.
    pub markets: Vec<MarketYield>,
    /// Per step.
    pub series: Series,
    /// The scenario as run: every parameter after `--compare` overrides and `--seed`.
    pub resolved_scenario: serde_json::Value,
}

/// `x` with two decimals and thousands separators (`1,234,567.89`).
pub(crate) fn usd(x: f64) -> String {
    let neg = x < 0.0;
    let cents = (x.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}{grouped}.{frac:02}", if neg { "-" } else { "" })
}

fn pct(x: f64) -> String {
    format!("{:.3} %", x * 100.0)
}

/// How a summary row's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fmt {
    Count,
    Usd,
    Ratio,
    Pct,
}

impl Fmt {
    fn show(self, v: f64) -> String {
        if !v.is_finite() {
            return "n/a".to_string();
        }
        match self {
            Fmt::Count => format!("{v:.0}"),
            Fmt::Usd => usd(v),
            Fmt::Ratio => format!("{v:.4}"),
            Fmt::Pct => pct(v),
        }
    }

    /// `v` with its sign always written (`+3`, `−1,200.00`, `+0.000 %`).
    fn signed(self, v: f64) -> String {
        signed_with(v, |x| self.show(x))
    }
}

/// `v` shown by `show` (given `|v|`) with its sign always written: `+` unless it is negative and
/// shows a non-zero digit (`−0.00` is `+0.00`); `n/a` when not finite.
pub(crate) fn signed_with(v: f64, show: impl Fn(f64) -> String) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let body = show(v.abs());
    if v < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{body}")
    } else {
        format!("+{body}")
    }
}

/// One summary row: a label, what is printed, and the numbers behind it (NaN = n/a) that the
/// comparison subtracts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Label.
    pub label: String,
    /// As printed.
    pub text: String,
    /// The numbers of the row, in the order they are printed.
    pub values: Vec<f64>,
    /// How each value is shown.
    fmts: Vec<Fmt>,
}

fn row(label: &str, fmt: Fmt, values: &[f64]) -> Row {
    row_text(
        label,
        fmt,
        values,
        values
            .iter()
            .map(|v| fmt.show(*v))
            .collect::<Vec<_>>()
            .join(" / "),
    )
}

fn row_text(label: &str, fmt: Fmt, values: &[f64], text: String) -> Row {
    Row {
        label: label.to_string(),
        text,
        values: values.to_vec(),
        fmts: vec![fmt; values.len()],
    }
}

fn nan(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

fn nan_u(x: Option<u32>) -> f64 {
    x.map_or(f64::NAN, f64::from)
}

impl Report {
    /// The summary rows, in display order. Values in whole quote units (the scenario's quote
    /// asset), never smallest units.
    pub fn rows(&self) -> Vec<Row> {
        let s = &self.summary;
        let q = self.quote_symbol();
        let v = |label: &str| format!("{label} ({q})");
        let leverage = match s.peak_leverage {
            Some(l) => row("peak leverage", Fmt::Ratio, &[l]),
            None => row_text(
                "peak leverage",
                Fmt::Ratio,
                &[f64::NAN],
                format!("n/a (negative equity, {} steps)", s.negative_equity_steps),
            ),
        };
        vec![
            row("liquidations", Fmt::Count, &[s.liquidations as f64]),
            row_text(
                "accounts liquidated",
                Fmt::Count,
                &[f64::from(s.liquidated_accounts)],
                format!("{} of {}", s.liquidated_accounts, self.accounts),
            ),
            row(
                &v("debt repaid by liquidators"),
                Fmt::Usd,
                &[s.repaid_value],
            ),
            row(&v("collateral seized"), Fmt::Usd, &[s.seized_value]),
            row(&v("protocol fees"), Fmt::Usd, &[s.protocol_fees_value]),
            row(&v("liquidator profit"), Fmt::Usd, &[s.liquidator_profit]),
            row(&v("bad debt written off"), Fmt::Usd, &[s.bad_debt_value]),
            row(
                "accounts with bad debt",
                Fmt::Count,
                &[f64::from(s.bad_debt_accounts)],
            ),
            row(
                &v("vault deficit at end"),
                Fmt::Usd,
                &[s.vault_deficit_value],
            ),
            row(
                &v("unrealised deficit at end / peak"),
                Fmt::Usd,
                &[
                    nan(s.unrealised_deficit_value),
                    s.peak_unrealised_deficit_value,
                ],
            ),
            row(&v("reserves at end"), Fmt::Usd, &[s.reserves_value]),
            row("lowest health factor", Fmt::Ratio, &[nan(s.lowest_health)]),
            row("peak aggregate LTV", Fmt::Ratio, &[s.peak_aggregate_ltv]),
            leverage,
            row(
                "liquidatable at end",
                Fmt::Count,
                &[nan_u(s.liquidatable_at_end)],
            ),
            row(
                "liquidations of insolvent accounts",
                Fmt::Count,
                &[s.insolvent_liquidations as f64],
            ),
            row(
                "insolvent closed / open at end",
                Fmt::Count,
                &[
                    f64::from(s.insolvent_closed),
                    nan_u(s.insolvent_open_at_end),
                ],
            ),
            row(
                &v("write-offs with C ≥ D / value"),
                Fmt::Count,
                &[s.solvent_write_offs as f64],
            )
            .with_usd(s.solvent_write_off_value),
            row(
                "unpriceable seen / at end",
                Fmt::Count,
                &[
                    f64::from(s.unpriceable_accounts_seen),
                    nan_u(s.unpriceable_at_end),
                ],
            ),
            row(
                "steps hiding liquidatable / peak",
                Fmt::Count,
                &[
                    f64::from(s.steps_with_hidden_liquidatable),
                    f64::from(s.peak_hidden_liquidatable),
                ],
            ),
            row(
                "supplier return (incl. unrealised)",
                Fmt::Pct,
                &[s.supplier_return],
            ),
            row(
                "supplier return (realised only)",
                Fmt::Pct,
                &[s.supplier_return_realised],
            ),
            row(
                "borrower top-ups / repays",
                Fmt::Count,
                &[s.borrower_top_ups as f64, s.borrower_repays as f64],
            ),
            row(
                "outage liquidations / w/o silent asset",
                Fmt::Count,
                &[
                    s.outage_liquidations as f64,
                    s.outage_liquidations_without_silent_asset as f64,
                ],
            ),
            row(
                "on unpriced collateral / healthy",
                Fmt::Count,
                &[
                    s.unpriced_collateral_liquidations as f64,
                    s.unpriced_collateral_liquidations_healthy as f64,
                ],
            ),
            row(
                "steps w/o Default / Liquidation price",
                Fmt::Count,
                &[
                    f64::from(s.steps_with_default_price_refused),
                    f64::from(s.steps_with_liquidation_price_refused),
                ],
            ),
            row(
                &v("liquidation sales"),
                Fmt::Usd,
                &[s.liquidation_sales_value],
            ),
            row(
                "peak price impact of liquidations",
                Fmt::Pct,
                &[s.peak_liquidation_impact],
            ),
            row(
                "steps with impact / cascade rounds",
                Fmt::Count,
                &[f64::from(s.impact_steps), f64::from(s.cascade_rounds)],
            ),
            row(
                "bot scans refused",
                Fmt::Count,
                &[s.bot_scans_refused as f64],
            ),
            row(
                "simulated ≠ executed",
                Fmt::Count,
                &[s.simulation_mismatches as f64],
            ),
        ]
    }

    /// The quote asset's symbol, from the resolved scenario.
    pub fn quote_symbol(&self) -> String {
        self.resolved_scenario
            .pointer("/quote/symbol")
            .and_then(|s| s.as_str())
            .unwrap_or("quote units")
            .to_string()
    }

    /// The terminal summary.
    pub fn summary_text(&self) -> String {
        let mut out = String::new();
        let hours = f64::from(self.steps) * self.step_seconds as f64 / 3_600.0;
        let _ = writeln!(
            out,
            "Ballast stress run: {} ({}), seed {}",
            self.scenario, self.params, self.seed
        );
        let _ = writeln!(
            out,
            "  {} steps of {} s ({hours:.1} h); {} borrowers in {} accounts ({} borrows refused); {} liquidators",
            self.steps,
            self.step_seconds,
            self.borrowers,
            self.accounts,
            self.borrows_refused,
            self.liquidators.len()
        );
        let q = self.quote_symbol();
        for (denom, path) in &self.series.prices {
            let (lo, hi) = path
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
            let first = path.first().copied().unwrap_or(0.0);
            let last = path.last().copied().unwrap_or(0.0);
            if (hi - lo).abs() > f64::EPSILON {
                let _ = writeln!(
                    out,
                    "  price {denom} ({q} per token): {first:.4} → low {lo:.4} ({:+.1} %) → {last:.4}",
                    (lo / first - 1.0) * 100.0
                );
            }
        }
        for r in self.rows() {
            let _ = writeln!(out, "  {:<42} {:>24}", r.label, r.text);
        }
        for m in &self.markets {
            let _ = writeln!(
                out,
                "  market {:<12} supplier return {} incl. unrealised ({} realised, APR {}), \
                 utilisation {}, written off {} smallest units, unrealised deficit {} {q}",
                m.denom,
                pct(m.supplier_return),
                pct(m.supplier_return_realised),
                pct(m.supplier_apr),
                pct(m.utilization),
                m.written_off,
                usd(m.unrealised_deficit_value)
            );
        }
        for b in &self.liquidators {
            let _ = writeln!(
                out,
                "  bot {:<10} {:>5} liquidations, repaid {:>16} {q}, profit {:>14} {q}, passed over {} (profit) {} (capital) {} (unpriced collateral), unpriceable seen {}, failed {}",
                b.name,
                b.liquidations,
                usd(b.repaid_value),
                usd(b.profit),
                b.skipped_unprofitable,
                b.skipped_no_capital,
                b.skipped_unpriced_collateral,
                b.unpriceable_seen,
                b.failed
            );
        }
        out
    }

    /// Two runs side by side, with the difference (second − first, sign always written) of every
    /// number of every row.
    pub fn compare_text(a: &Report, b: &Report) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Same scenario ({}) and seed ({}), two parameter sets",
            a.scenario, a.seed
        );
        let diff_head = format!("difference ({} − {})", b.params, a.params);
        let _ = writeln!(
            out,
            "  {:<42} {:>24} {:>24} {:>28}",
            "", a.params, b.params, diff_head
        );
        for (ra, rb) in a.rows().into_iter().zip(b.rows()) {
            let diff = ra
                .values
                .iter()
                .zip(&rb.values)
                .zip(&ra.fmts)
                .map(|((x, y), f)| f.signed(y - x))
                .collect::<Vec<_>>()
                .join(" / ");
            let _ = writeln!(
                out,
                "  {:<42} {:>24} {:>24} {:>28}",
                ra.label, ra.text, rb.text, diff
            );
        }
        out
    }
}

impl Row {
    /// Adds a value in quote units after the counts (`3 / 1,200.00`).
    fn with_usd(mut self, value: f64) -> Self {
        self.values.push(value);
        self.fmts.push(Fmt::Usd);
        self.text = format!("{} / {}", self.text, usd(value));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(params: &str, summary: Summary) -> Report {
        Report {
            tool: ToolInfo::current(),
            units: Units::quoted_in("USD"),
            scenario: "s".into(),
            params: params.into(),
            seed: 1,
            steps: 10,
            step_seconds: 60,
            start_time_utc: None,
            borrowers: 5,
            accounts: 6,
            borrows_refused: 0,
            summary,
            liquidators: vec![],
            markets: vec![],
            series: Series::default(),
            resolved_scenario: serde_json::json!({ "quote": { "symbol": "USD" } }),
        }
    }

    #[test]
    fn the_comparison_subtracts_every_number_of_every_row_second_minus_first() {
        let a = report(
            "base",
            Summary {
                liquidations: 10,
                bad_debt_value: 100.0,
                supplier_return: 0.01,
                peak_leverage: Some(3.0),
                unrealised_deficit_value: Some(50.0),
                ..Summary::default()
            },
        );
        let b = report(
            "tight",
            Summary {
                liquidations: 7,
                bad_debt_value: 250.5,
                supplier_return: -0.02,
                peak_leverage: None,
                negative_equity_steps: 4,
                unrealised_deficit_value: Some(20.0),
                peak_unrealised_deficit_value: 80.0,
                ..Summary::default()
            },
        );
        let text = Report::compare_text(&a, &b);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].contains("difference (tight − base)"), "{text}");
        // One line per row, each with a difference for each of its numbers.
        let rows = a.rows();
        assert_eq!(lines.len(), rows.len() + 2, "{text}");
        for (line, r) in lines[2..].iter().zip(&rows) {
            let diff = line.rsplit("  ").next().unwrap().trim();
            assert_eq!(diff.split(" / ").count(), r.values.len(), "{line}");
            for d in diff.split(" / ") {
                assert!(
                    d.starts_with('+') || d.starts_with('−') || d == "n/a",
                    "{line}: every difference carries its sign"
                );
            }
        }
        let find = |label: &str| {
            *lines
                .iter()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_else(|| panic!("no row {label}: {text}"))
        };
        assert!(find("liquidations ").ends_with("−3"), "{text}");
        assert!(find("bad debt written off").ends_with("+150.50"), "{text}");
        assert!(
            find("supplier return (incl").ends_with("−3.000 %"),
            "{text}"
        );
        assert!(
            find("unrealised deficit").ends_with("−30.00 / +80.00"),
            "{text}"
        );
        let lev = find("peak leverage");
        assert!(
            lev.contains("n/a (negative equity, 4 steps)") && lev.ends_with("n/a"),
            "{lev}"
        );
        assert!(find("liquidations of insolvent").ends_with("+0"), "{text}");
    }

    #[test]
    fn usd_groups_thousands_and_keeps_cents() {
        assert_eq!(usd(0.0), "0.00");
        assert_eq!(usd(1234567.891), "1,234,567.89");
        assert_eq!(usd(-1000.5), "-1,000.50");
        assert_eq!(usd(999.999), "1,000.00");
    }
}
