//! Monte Carlo: one scenario over many seeds, in parallel, summarised as distributions.
//!
//! Path `k` of a run with seed `s` uses the seed [`path_seed`]`(s, k)`; every path is a full,
//! independent [`crate::run`] (its own contracts, population, price paths and bots), so the paths
//! can run on any number of threads. Results are put back in path order before anything is added
//! up, so the same `--seed` gives the same report whatever the thread count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use crate::report::{ToolInfo, Units};
use crate::rng::Rng;
use crate::{Report, Scenario, SimError};

/// Stream of the seed derivation (apart from the streams a run uses).
const SEED_STREAM: u64 = 0x4D43;

/// The seed of path `k` of a Monte Carlo run with seed `seed`: path 0 is `seed` itself, so a
/// single-path run and the first path of many agree; the others are drawn from `seed`.
pub fn path_seed(seed: u64, k: u32) -> u64 {
    if k == 0 {
        return seed;
    }
    let mut rng = Rng::new(seed, SEED_STREAM + u64::from(k));
    rng.next_u64()
}

/// What one path contributes to the distributions (whole quote units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathOutcome {
    /// Path index.
    pub path: u32,
    /// Its seed (`ballast simulate --seed SEED` replays it alone).
    pub seed: u64,
    /// Bad debt written off.
    pub bad_debt: f64,
    /// Unrealised deficit at the end.
    pub unrealised_deficit: f64,
    /// Loss to the protocol: written off plus unrealised at the end.
    pub loss: f64,
    /// Liquidation volume: debt value repaid by liquidators.
    pub liquidation_volume: f64,
    /// Liquidations.
    pub liquidations: u64,
    /// Lowest health factor of any account at any step (`None`: no account had debt).
    pub lowest_health: Option<f64>,
    /// Suppliers' return, unrealised deficit counted.
    pub supplier_return: f64,
    /// Value of the protocol fees sent to the treasury.
    pub protocol_fees: f64,
    /// Accounts liquidatable at step 0, at the starting prices (`None` if they could not be
    /// priced): after set-up, and after a governance change when the run makes one.
    pub liquidatable_at_start: Option<u32>,
}

impl PathOutcome {
    /// The outcome of `report`, path `path`.
    pub fn of(path: u32, report: &Report) -> Self {
        let s = &report.summary;
        let unrealised = s.unrealised_deficit_value.unwrap_or(0.0);
        Self {
            path,
            seed: report.seed,
            bad_debt: s.bad_debt_value,
            unrealised_deficit: unrealised,
            loss: s.bad_debt_value + unrealised,
            liquidation_volume: s.repaid_value,
            liquidations: s.liquidations,
            lowest_health: s.lowest_health,
            supplier_return: s.supplier_return,
            protocol_fees: s.protocol_fees_value,
            liquidatable_at_start: report
                .series
                .liquidatable_accounts
                .first()
                .copied()
                .flatten(),
        }
    }
}

/// Mean, percentiles and worst of one quantity over the paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Paths with a value.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Median (nearest rank).
    pub p50: f64,
    /// 95th percentile, in the bad direction (nearest rank).
    pub p95: f64,
    /// 99th percentile, in the bad direction.
    pub p99: f64,
    /// Worst value.
    pub worst: f64,
    /// Seed of the path with the worst value (the first such path).
    pub worst_seed: u64,
}

/// Nearest-rank percentile `q` (0 < q ≤ 1) of ascending `sorted`: the smallest value with at least
/// `q·n` values at or below it.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

impl Distribution {
    /// The distribution of `values` `(seed, value)`; `higher_is_worse` sets which tail the
    /// percentiles and the worst value look at (bad debt: high; health: low, so p95 is then the
    /// 5th percentile from the bottom).
    pub fn of(values: &[(u64, f64)], higher_is_worse: bool) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        // Oriented so that larger = worse.
        let sign = if higher_is_worse { 1.0 } else { -1.0 };
        let mut sorted: Vec<f64> = values.iter().map(|(_, v)| v * sign).collect();
        sorted.sort_by(f64::total_cmp);
        let (worst_seed, worst) =
            values
                .iter()
                .fold(None, |best: Option<(u64, f64)>, (seed, v)| match best {
                    Some((_, b)) if v * sign <= b * sign => best,
                    _ => Some((*seed, *v)),
                })?;
        Some(Self {
            n: values.len(),
            mean: values.iter().map(|(_, v)| v).sum::<f64>() / values.len() as f64,
            p50: percentile(&sorted, 0.5) * sign,
            p95: percentile(&sorted, 0.95) * sign,
            p99: percentile(&sorted, 0.99) * sign,
            worst,
            worst_seed,
        })
    }
}

/// A Monte Carlo run: every path's outcome, in path order, and the distributions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarlo {
    /// The tool and build.
    pub tool: ToolInfo,
    /// Units.
    pub units: Units,
    /// Scenario name.
    pub scenario: String,
    /// Parameter set label.
    pub params: String,
    /// The seed the paths' seeds are derived from.
    pub seed: u64,
    /// Paths run.
    pub paths: u32,
    /// Bad debt written off.
    pub bad_debt: Option<Distribution>,
    /// Unrealised deficit at the end.
    pub unrealised_deficit: Option<Distribution>,
    /// Written off plus unrealised.
    pub loss: Option<Distribution>,
    /// Liquidation volume (debt value repaid).
    pub liquidation_volume: Option<Distribution>,
    /// Lowest health factor (percentiles from the bottom).
    pub lowest_health: Option<Distribution>,
    /// Seed of the path with the largest loss (written off plus unrealised; ties: the first).
    pub worst_path_seed: u64,
    /// Every path.
    pub outcomes: Vec<PathOutcome>,
    /// The scenario as run (each path with its own seed).
    pub resolved_scenario: serde_json::Value,
}

/// Runs `paths` seeds of `scenario` on `threads` threads (at least one), calling `step_done()`
/// after each step of any path (from the thread that ran it). Stops starting paths once one has
/// failed and returns the error of the lowest failed path index.
pub fn run(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    paths: u32,
    threads: usize,
    step_done: impl Fn() + Sync,
) -> Result<MonteCarlo, SimError> {
    let outcomes = each_path(paths, threads, |path| {
        crate::run(scenario, label, path_seed(seed, path), |_, _| step_done())
            .map(|report| PathOutcome::of(path, &report))
    })?;
    Ok(summarise(scenario, label, seed, outcomes))
}

/// `run_path(k)` for every path `k` in `0..paths`, on `threads` threads (at least one), the
/// results in path order whatever thread ran them. Stops starting paths once one has failed and
/// returns the error of the lowest failed path index.
pub fn each_path<T: Send>(
    paths: u32,
    threads: usize,
    run_path: impl Fn(u32) -> Result<T, SimError> + Sync,
) -> Result<Vec<T>, SimError> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, SimError>>>> =
        Mutex::new((0..paths).map(|_| None).collect());
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, paths.max(1) as usize) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= paths as usize || failed.load(Ordering::Relaxed) {
                    return;
                }
                let res = run_path(k as u32);
                if res.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                if let Ok(mut all) = results.lock() {
                    all[k] = Some(res);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    results.into_iter().flatten().collect()
}

/// The distributions of `outcomes` (in path order).
pub fn summarise(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    outcomes: Vec<PathOutcome>,
) -> MonteCarlo {
    let of = |f: fn(&PathOutcome) -> Option<f64>, high: bool| {
        let v: Vec<(u64, f64)> = outcomes
            .iter()
            .filter_map(|o| f(o).map(|x| (o.seed, x)))
            .collect();
        Distribution::of(&v, high)
    };
    let loss = of(|o| Some(o.loss), true);
    let mut resolved = scenario.clone();
    resolved.run.seed = seed;
    MonteCarlo {
        tool: ToolInfo::current(),
        units: Units::quoted_in(&scenario.quote.symbol),
        scenario: scenario.name.clone(),
        params: label.to_string(),
        seed,
        paths: outcomes.len() as u32,
        bad_debt: of(|o| Some(o.bad_debt), true),
        unrealised_deficit: of(|o| Some(o.unrealised_deficit), true),
        liquidation_volume: of(|o| Some(o.liquidation_volume), true),
        lowest_health: of(|o| o.lowest_health, false),
        worst_path_seed: loss.as_ref().map_or(seed, |l| l.worst_seed),
        loss,
        outcomes,
        resolved_scenario: serde_json::to_value(&resolved).unwrap_or_default(),
    }
}

impl MonteCarlo {
    /// The terminal table.
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let q = self
            .resolved_scenario
            .pointer("/quote/symbol")
            .and_then(|s| s.as_str())
            .unwrap_or("quote units")
            .to_string();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Monte Carlo: {} ({}), {} paths from seed {}",
            self.scenario, self.params, self.paths, self.seed
        );
        let _ = writeln!(
            out,
            "  {:<30} {:>14} {:>14} {:>14} {:>14} {:>14}  {:>20}",
            "", "mean", "p50", "p95", "p99", "worst", "worst path seed"
        );
        let rows = [
            (format!("bad debt written off ({q})"), &self.bad_debt, 2),
            (
                format!("unrealised deficit ({q})"),
                &self.unrealised_deficit,
                2,
            ),
            (format!("loss, both ({q})"), &self.loss, 2),
            (
                format!("liquidation volume ({q})"),
                &self.liquidation_volume,
                2,
            ),
            (
                "lowest health (p = bottom)".to_string(),
                &self.lowest_health,
                4,
            ),
        ];
        for (label, d, digits) in rows {
            match d {
                Some(d) => {
                    let _ = writeln!(
                        out,
                        "  {label:<30} {:>14.digits$} {:>14.digits$} {:>14.digits$} {:>14.digits$} {:>14.digits$}  {:>20}",
                        d.mean, d.p50, d.p95, d.p99, d.worst, d.worst_seed
                    );
                }
                None => {
                    let _ = writeln!(out, "  {label:<30} {:>14}", "n/a");
                }
            }
        }
        let _ = writeln!(
            out,
            "  worst path (largest loss): seed {} (replay: ballast simulate SCENARIO --seed {})",
            self.worst_path_seed, self.worst_path_seed
        );
        out
    }
}

/// Which distribution of a run a comparison row shows.
type Pick = fn(&MonteCarlo) -> &Option<Distribution>;
/// Which statistic of a distribution.
pub(crate) type Stat = fn(&Distribution) -> f64;

/// `+1.50` / `−1.50`: the sign always written.
pub(crate) fn signed(v: f64, digits: usize) -> String {
    crate::report::signed_with(v, |x| format!("{x:.digits$}"))
}

impl MonteCarlo {
    /// Two Monte Carlo runs (same seeds, two parameter sets): mean, p99 and worst of each
    /// quantity, and the difference (second − first, sign always written).
    pub fn compare_text(a: &MonteCarlo, b: &MonteCarlo) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Same scenario ({}), the same {} seeds from {}, two parameter sets",
            a.scenario, a.paths, a.seed
        );
        let _ = writeln!(
            out,
            "  {:<34} {:>6} {:>16} {:>16} {:>28}",
            "",
            "",
            a.params,
            b.params,
            format!("difference ({} − {})", b.params, a.params)
        );
        let rows: [(&str, Pick, usize); 5] = [
            ("bad debt written off", |m| &m.bad_debt, 2),
            ("unrealised deficit", |m| &m.unrealised_deficit, 2),
            ("loss, both", |m| &m.loss, 2),
            ("liquidation volume", |m| &m.liquidation_volume, 2),
            ("lowest health", |m| &m.lowest_health, 4),
        ];
        for (label, get, digits) in rows {
            let stats: [(&str, Stat); 3] = [
                ("mean", |d| d.mean),
                ("p99", |d| d.p99),
                ("worst", |d| d.worst),
            ];
            for (stat, f) in stats {
                let va = get(a).as_ref().map_or(f64::NAN, f);
                let vb = get(b).as_ref().map_or(f64::NAN, f);
                let _ = writeln!(
                    out,
                    "  {label:<34} {stat:>6} {va:>16.digits$} {vb:>16.digits$} {:>28}",
                    signed(vb - va, digits)
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_by_hand() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 10.0);
        assert_eq!(percentile(&v, 0.95), 19.0);
        assert_eq!(percentile(&v, 0.99), 20.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn distributions_look_at_the_bad_tail() {
        // Bad debt: high is bad.
        let bad: Vec<(u64, f64)> = vec![(10, 0.0), (11, 5.0), (12, 100.0), (13, 5.0)];
        let d = Distribution::of(&bad, true).unwrap();
        assert_eq!(d.mean, 27.5);
        assert_eq!(d.p50, 5.0);
        assert_eq!(d.p95, 100.0);
        assert_eq!((d.worst, d.worst_seed), (100.0, 12));
        // Health: low is bad; the 95th percentile of badness is the 5th from the bottom.
        let health: Vec<(u64, f64)> = vec![(1, 0.9), (2, 0.5), (3, 0.95), (4, 0.5)];
        let h = Distribution::of(&health, false).unwrap();
        assert_eq!(h.p50, 0.9);
        assert_eq!(h.p95, 0.5);
        assert_eq!(
            (h.worst, h.worst_seed),
            (0.5, 2),
            "the first of equal worst"
        );
        assert!(Distribution::of(&[], true).is_none());
    }

    #[test]
    fn the_comparison_subtracts_second_minus_first_with_signs() {
        let sc = crate::default_scenario().unwrap();
        let outcome = |path: u32, bad: f64, health: f64| PathOutcome {
            path,
            seed: u64::from(path),
            bad_debt: bad,
            unrealised_deficit: 0.0,
            loss: bad,
            liquidation_volume: 100.0,
            liquidations: 1,
            lowest_health: Some(health),
            supplier_return: 0.0,
            protocol_fees: 0.0,
            liquidatable_at_start: Some(0),
        };
        let a = summarise(
            &sc,
            "base",
            1,
            vec![outcome(0, 10.0, 0.9), outcome(1, 30.0, 0.8)],
        );
        let b = summarise(
            &sc,
            "tight",
            1,
            vec![outcome(0, 5.0, 0.95), outcome(1, 5.0, 0.85)],
        );
        let text = MonteCarlo::compare_text(&a, &b);
        let line = |label: &str, stat: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label) && l.contains(&format!(" {stat} ")))
                .unwrap_or_else(|| panic!("{label} {stat}: {text}"))
                .to_string()
        };
        assert!(text.contains("difference (tight − base)"), "{text}");
        // Bad debt mean 20 → 5, worst 30 → 5; lowest health worst 0.8 → 0.85.
        assert!(
            line("bad debt written off", "mean").ends_with("−15.00"),
            "{text}"
        );
        assert!(
            line("bad debt written off", "worst").ends_with("−25.00"),
            "{text}"
        );
        assert!(
            line("lowest health", "worst").ends_with("+0.0500"),
            "{text}"
        );
        assert!(
            line("liquidation volume", "mean").ends_with("+0.00"),
            "{text}"
        );
    }

    #[test]
    fn path_seeds_start_with_the_seed_and_differ() {
        assert_eq!(path_seed(7, 0), 7);
        let seeds: std::collections::BTreeSet<u64> = (0..1000).map(|k| path_seed(7, k)).collect();
        assert_eq!(seeds.len(), 1000);
        assert_ne!(path_seed(7, 1), path_seed(8, 1));
    }
}
