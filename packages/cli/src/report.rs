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
    /// Reserves at the end, at the end's prices.
    pub reserves_value: f64,
    /// Σ liquidator profit after selling slippage and gas.
    pub liquidator_profit: f64,
    /// Lowest health factor of any account at the end of any step (Liquidation prices).
    pub lowest_health: Option<f64>,
    /// Highest aggregate LTV (`RiskSummary`).
    pub peak_aggregate_ltv: f64,
    /// Highest aggregate leverage.
    pub peak_leverage: f64,
    /// Aggregate LTV at the end.
    pub final_aggregate_ltv: Option<f64>,
    /// Accounts still liquidatable at the end (`None` if they could not be priced).
    pub liquidatable_at_end: Option<u32>,
    /// Suppliers' return over the run, weighted by supplied value (negative after write-offs).
    pub supplier_return: f64,
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
}

/// Per lending market at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketYield {
    /// Denom.
    pub denom: String,
    /// Growth of the supply index over the run.
    pub supplier_return: f64,
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
}

/// Per-step series (index = step, 0 = after set-up).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Series {
    /// Step.
    pub step: Vec<u32>,
    /// Seconds since the start.
    pub time_s: Vec<u64>,
    /// Path price per asset, quote units per whole token.
    pub prices: BTreeMap<String, Vec<f64>>,
    /// Aggregate LTV.
    pub aggregate_ltv: Vec<Option<f64>>,
    /// Aggregate leverage.
    pub leverage: Vec<Option<f64>>,
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
    /// Liquidations in the step of accounts holding none of the denoms whose feed is silent in
    /// the step (0 outside outages).
    pub liquidations_without_silent_asset: Vec<u32>,
    /// Assets without a `Default` price at the end of the step.
    pub default_prices_refused: Vec<u32>,
    /// Assets without a `Liquidation` price at the end of the step.
    pub liquidation_prices_refused: Vec<u32>,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
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
}

fn usd(x: f64) -> String {
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

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("-".to_string(), |v| format!("{v:.digits$}"))
}

fn pct(x: f64) -> String {
    format!("{:.3} %", x * 100.0)
}

impl Report {
    /// Rows `(label, value)` of the summary, in display order.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let s = &self.summary;
        vec![
            ("liquidations", s.liquidations.to_string()),
            (
                "accounts liquidated",
                format!("{} of {}", s.liquidated_accounts, self.accounts),
            ),
            ("debt repaid by liquidators", usd(s.repaid_value)),
            ("collateral seized", usd(s.seized_value)),
            ("protocol fees", usd(s.protocol_fees_value)),
            ("liquidator profit", usd(s.liquidator_profit)),
            ("bad debt written off", usd(s.bad_debt_value)),
            ("accounts with bad debt", s.bad_debt_accounts.to_string()),
            ("vault deficit at end", usd(s.vault_deficit_value)),
            ("reserves at end", usd(s.reserves_value)),
            ("lowest health factor", opt(s.lowest_health, 4)),
            ("peak aggregate LTV", format!("{:.4}", s.peak_aggregate_ltv)),
            ("peak leverage", format!("{:.4}", s.peak_leverage)),
            (
                "liquidatable at end",
                s.liquidatable_at_end.map_or("-".into(), |n| n.to_string()),
            ),
            (
                "liquidations of insolvent accounts",
                s.insolvent_liquidations.to_string(),
            ),
            (
                "insolvent closed / open at end",
                format!(
                    "{} / {}",
                    s.insolvent_closed,
                    s.insolvent_open_at_end
                        .map_or("-".into(), |n| n.to_string())
                ),
            ),
            (
                "write-offs with C ≥ D (value)",
                format!(
                    "{} ({})",
                    s.solvent_write_offs,
                    usd(s.solvent_write_off_value)
                ),
            ),
            (
                "unpriceable seen / at end",
                format!(
                    "{} / {}",
                    s.unpriceable_accounts_seen,
                    s.unpriceable_at_end.map_or("-".into(), |n| n.to_string())
                ),
            ),
            ("supplier return", pct(s.supplier_return)),
            (
                "borrower top-ups / repays",
                format!("{} / {}", s.borrower_top_ups, s.borrower_repays),
            ),
            (
                "outage liquidations (w/o silent asset)",
                format!(
                    "{} ({})",
                    s.outage_liquidations, s.outage_liquidations_without_silent_asset
                ),
            ),
            (
                "on unpriced collateral (healthy)",
                format!(
                    "{} ({})",
                    s.unpriced_collateral_liquidations, s.unpriced_collateral_liquidations_healthy
                ),
            ),
            (
                "steps w/o Default / Liquidation price",
                format!(
                    "{} / {}",
                    s.steps_with_default_price_refused, s.steps_with_liquidation_price_refused
                ),
            ),
            ("bot scans refused", s.bot_scans_refused.to_string()),
            ("simulated ≠ executed", s.simulation_mismatches.to_string()),
        ]
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
        for (denom, path) in &self.series.prices {
            let (lo, hi) = path
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
            let first = path.first().copied().unwrap_or(0.0);
            let last = path.last().copied().unwrap_or(0.0);
            if (hi - lo).abs() > f64::EPSILON {
                let _ = writeln!(
                    out,
                    "  price {denom}: {first:.4} → low {lo:.4} ({:+.1} %) → {last:.4}",
                    (lo / first - 1.0) * 100.0
                );
            }
        }
        for (label, value) in self.rows() {
            let _ = writeln!(out, "  {label:<36} {value:>20}");
        }
        for m in &self.markets {
            let _ = writeln!(
                out,
                "  market {:<12} supplier return {} (APR {}), utilisation {}, written off {} units",
                m.denom,
                pct(m.supplier_return),
                pct(m.supplier_apr),
                pct(m.utilization),
                m.written_off
            );
        }
        for b in &self.liquidators {
            let _ = writeln!(
                out,
                "  bot {:<10} {:>5} liquidations, repaid {:>16}, profit {:>14}, passed over {} (profit) {} (capital) {} (unpriced collateral), unpriceable seen {}, failed {}",
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

    /// Two runs side by side, with the differences that answer the governance question.
    pub fn compare_text(a: &Report, b: &Report) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Same scenario ({}) and seed ({}), two parameter sets",
            a.scenario, a.seed
        );
        let _ = writeln!(out, "  {:<36} {:>20} {:>20}", "", a.params, b.params);
        for ((label, va), (_, vb)) in a.rows().into_iter().zip(b.rows()) {
            let _ = writeln!(out, "  {label:<36} {va:>20} {vb:>20}");
        }
        let _ = writeln!(
            out,
            "  difference ({} − {}): bad debt {}, liquidations {:+}, accounts liquidated {:+}, \
             insolvent closed {:+}, protocol fees {}",
            b.params,
            a.params,
            usd(b.summary.bad_debt_value - a.summary.bad_debt_value),
            b.summary.liquidations as i64 - a.summary.liquidations as i64,
            i64::from(b.summary.liquidated_accounts) - i64::from(a.summary.liquidated_accounts),
            i64::from(b.summary.insolvent_closed) - i64::from(a.summary.insolvent_closed),
            usd(b.summary.protocol_fees_value - a.summary.protocol_fees_value),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_groups_thousands_and_keeps_cents() {
        assert_eq!(usd(0.0), "0.00");
        assert_eq!(usd(1234567.891), "1,234,567.89");
        assert_eq!(usd(-1000.5), "-1,000.50");
        assert_eq!(usd(999.999), "1,000.00");
    }
}
