//! What `ballast propose` writes: [`ProposalReport`], as `proposal.json` and as the markdown of
//! `proposal.md` (the same numbers), and the short summary it prints.

use std::fmt::Write as _;

use ballast_types::governance::{StewardLimits, ThresholdRamp};
use cosmwasm_std::Decimal;
use serde::Serialize;

use super::{
    comparison, AssetChange, Proposal, Row, Setting, Side, Stress, Verdict, AT_ONCE, CURRENT,
    PROPOSED,
};
use crate::montecarlo::{path_seed, signed, MonteCarlo};
use crate::report::{signed_with, usd, ToolInfo};

/// One asset's change, its verdict and its ramp.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetReport {
    /// Denom.
    pub denom: String,
    /// Each parameter set: current, proposed, change.
    pub settings: Vec<Setting>,
    /// `steward` (the risk steward may make it) or `owner` (only a DAO vote).
    pub role: &'static str,
    /// The verdict in words, with the steward check's reason when it is the owner's.
    pub verdict: String,
    /// Length of the threshold cut's ramp, seconds.
    pub threshold_ramp_s: Option<u64>,
    /// What the threshold cut does, when there is one.
    pub threshold_note: Option<String>,
}

/// Everything `proposal.md` states, as `proposal.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalReport {
    /// The tool and build.
    pub tool: ToolInfo,
    /// Title of the proposal.
    pub title: String,
    /// Its description.
    pub description: String,
    /// The proposal file.
    pub proposal_file: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario file.
    pub scenario_file: String,
    /// The seed the paths' seeds come from.
    pub seed: u64,
    /// Paths per side.
    pub paths: u32,
    /// Each path's seed (the same on every side).
    pub path_seeds: Vec<u64>,
    /// The quote asset the values are in (whole units).
    pub quote: String,
    /// The steward's limits used for the verdicts.
    pub steward_limits: StewardLimits,
    /// `proposal file` or `the default, StewardLimits::conservative()`.
    pub steward_limits_source: &'static str,
    /// Per asset.
    pub assets: Vec<AssetReport>,
    /// Whether the risk steward may make the whole proposal.
    pub steward_may_make_all: bool,
    /// The with/without table.
    pub comparison: Vec<Row>,
    /// What the table says, in one sentence.
    pub headline: String,
    /// The messages to execute, in order, as JSON.
    pub messages: Vec<serde_json::Value>,
    /// How the numbers were made.
    pub method: Vec<String>,
    /// What they do not say.
    pub caveats: Vec<String>,
    /// The runs under the current parameters.
    pub current: MonteCarlo,
    /// The runs with the change as proposed.
    pub proposed: MonteCarlo,
    /// The runs with the change at once (when the proposal ramps a threshold cut).
    pub at_once: Option<MonteCarlo>,
}

fn days(seconds: u64) -> String {
    let d = seconds as f64 / 86_400.0;
    if d.fract() == 0.0 {
        format!("{d:.0} days")
    } else {
        format!("{d:.2} days")
    }
}

/// The effective threshold at `at` seconds into a ramp of `ramp_s` from `from` to `to`, to 4
/// decimals.
fn ramped_threshold(from: Decimal, to: Decimal, ramp_s: u64, at: u64) -> String {
    let line = ThresholdRamp {
        from,
        start: 0,
        end: ramp_s,
        current: None,
    };
    let x: f64 = line.at(to, at).to_string().parse().unwrap_or(f64::NAN);
    format!("{x:.4}")
}

/// One asset's verdict and what its threshold cut does, for a run of `run_s` seconds.
fn asset_report(c: &AssetChange, limits: &StewardLimits, run_s: u64) -> AssetReport {
    let (role, verdict) = match c.verdict(limits) {
        Verdict::Steward(moved) => {
            let moved: Vec<&str> = moved.iter().map(|p| p.name()).collect();
            (
                "steward",
                format!(
                    "the risk steward may make this change (within its limits; it moves {})",
                    moved.join(", ")
                ),
            )
        }
        Verdict::Owner(err) => ("owner", format!("only the owner (DAO vote): {err}")),
    };
    let hours = run_s as f64 / 3_600.0;
    let threshold_note = c.threshold_cut().map(|(from, to)| match c.ramp_s {
        Some(ramp) => format!(
            "The threshold cut ramps over {} ({ramp} s): the vault moves the threshold in force \
             linearly from {from} to {to}, never ahead of the line; by the end of this \
             {hours:.0}-hour run it is {}. Max LTV changes and threshold raises apply at once.",
            days(ramp),
            ramped_threshold(from, to, ramp, run_s)
        ),
        None => format!(
            "The threshold cut applies at once (no threshold_ramp_days): every account the new \
             threshold {to} puts below HF 1 is liquidatable in the block that executes it."
        ),
    });
    AssetReport {
        denom: c.denom.clone(),
        settings: c.settings.clone(),
        role,
        verdict,
        threshold_ramp_s: c.ramp_s,
        threshold_note,
    }
}

/// What the numbers do not say, for a run of `run_s` seconds over `paths` paths.
fn caveats(proposal: &Proposal, run_s: u64, paths: u32) -> Vec<String> {
    let hours = run_s as f64 / 3_600.0;
    let mut out = Vec::new();
    let ramps: Vec<String> = proposal
        .changes
        .iter()
        .filter_map(|c| {
            let (from, to) = c.threshold_cut()?;
            let ramp = c.ramp_s?;
            Some(format!(
                "{}'s threshold goes from {from} only to {} in its ramp of {}",
                c.denom,
                ramped_threshold(from, to, ramp, run_s),
                days(ramp)
            ))
        })
        .collect();
    if !ramps.is_empty() {
        out.push(format!(
            "The `{PROPOSED}` run executes the messages as written, ramps included: over this \
             {hours:.0}-hour scenario {}, so it tests the start of the ramp. The `{AT_ONCE}` run \
             sends the same messages without their ramps: the new thresholds in force from step \
             0, as once a ramp is over (a crash after it) or without one, the worst case for \
             borrowers; its `accounts liquidatable at the change` are what the ramp protects.",
            ramps.join("; ")
        ));
    } else if proposal.changes.iter().any(|c| c.threshold_cut().is_some()) {
        out.push(
            "The threshold cut applies at once, as proposed: its `accounts liquidatable at the \
             change` are liquidatable in the block that executes it; threshold_ramp_days (at \
             most 30) would give them time."
                .to_string(),
        );
    }
    out.push(format!(
        "The steward's cooldown ({} s per parameter per asset) is checked by the vault against \
         its own record of past changes; this report cannot see it, nor whether the steward role \
         is set.",
        proposal.steward.cooldown_s
    ));
    out.push(
        "The borrowers were set up under the current parameters (their borrows sized by the \
         current max LTV); the simulator opens no new borrows afterwards, so a lower max LTV or a \
         cap shows only in what the vault refuses (top-ups above a deposit cap). Active \
         borrowers size their top-ups with the threshold in force (read from the vault, ramps \
         included)."
            .to_string(),
    );
    if paths < 20 {
        out.push(format!(
            "{paths} path(s): percentiles are nearest-rank, so below 20 paths p95 (p5) is the \
             worst path; run more with --paths for the tails."
        ));
    }
    out.push(
        "One stress scenario (its price paths, population and bots), not a forecast: the \
         difference between the runs, on the same seeds, is what the change does to it."
            .to_string(),
    );
    out
}

/// How the numbers were made.
fn method(side: &Side, scenario_file: &str, quote: &str) -> Vec<String> {
    let r = &side.first;
    let hours = f64::from(r.steps) * r.step_seconds as f64 / 3_600.0;
    let (paths, seed) = (side.mc.paths, side.mc.seed);
    vec![
        format!(
            "Scenario `{}` from `{scenario_file}`: {} steps of {} s ({hours:.1} h), {} accounts.",
            side.mc.scenario, r.steps, r.step_seconds, r.accounts
        ),
        format!(
            "{paths} path(s) from seed {seed}; path k runs with the seed listed (path 0 is the \
             seed itself) on every side: the same borrowers, lenders, price paths and bot order."
        ),
        format!(
            "Each run is the real oracle, vault and liquidation contracts in cw-multi-test (the \
             code compiled to Wasm). In the `{PROPOSED}` run the vault's owner executes the \
             messages below on the vault once every account is open, before step 0 is recorded \
             (the vault itself validates them); in the `{AT_ONCE}` run, when there is one, the \
             same messages without threshold_ramp_s."
        ),
        "`accounts liquidatable at the change`: accounts with HF < 1 at Liquidation prices at \
         step 0 (the starting prices), right after the change, as set up in the current run."
            .to_string(),
        format!(
            "Values in whole {quote}; bad debt is what liquidations wrote off, the loss adds the \
             unrealised deficit at the end; p95 (p5 for health) counts from the bad end."
        ),
    ]
}

/// What the table says for the side `pick` selects (named `name`), in one clause per quantity:
/// accounts made liquidatable at once, liquidations added, lowest health.
fn side_headline(rows: &[Row], name: &str, pick: fn(&Row) -> Option<f64>) -> Option<String> {
    let get = |q: &str, stat: &str| {
        rows.iter()
            .find(|r| r.quantity.starts_with(q) && r.stat == stat)
            .and_then(|r| r.current.zip(pick(r)))
    };
    let (_, at_change) = get("accounts liquidatable at the change", "mean")?;
    let (_, worst) = get("accounts liquidatable at the change", "max")?;
    let (a, b) = get("liquidations", "mean")?;
    let (h, k) = get("lowest health factor", "min")?;
    let pct = if a > 0.0 {
        format!(" ({} %)", signed((b / a - 1.0) * 100.0, 1))
    } else {
        String::new()
    };
    Some(format!(
        "{name}, the change alone makes {at_change:.1} accounts liquidatable at the starting \
         prices (mean; {worst:.0} on the worst path), liquidations go from {a:.1} to {b:.1} per \
         path{pct} and the lowest health factor from {h:.4} to {k:.4}."
    ))
}

/// The table's message: per side, [`side_headline`]; then bad debt.
fn headline(rows: &[Row]) -> String {
    let mut out: Vec<String> = [
        side_headline(rows, "As proposed", |r| r.proposed),
        side_headline(rows, "At once (no ramp)", |r| r.at_once),
    ]
    .into_iter()
    .flatten()
    .collect();
    let bad = rows
        .iter()
        .find(|r| r.quantity.starts_with("bad debt written off") && r.stat == "max");
    if let Some(r) = bad {
        let values = [r.current, r.proposed, r.at_once];
        out.push(if values.iter().flatten().all(|v| *v == 0.0) {
            "No path writes debt off in any run.".to_string()
        } else {
            let shown: Vec<String> = values.iter().flatten().map(|v| usd(*v)).collect();
            format!("The worst path's bad debt: {}.", shown.join(" → "))
        });
    }
    out.join(" ")
}

impl ProposalReport {
    /// The report of `proposal` on `scenario_file`, from its runs.
    pub fn new(proposal: &Proposal, scenario_file: &str, stress: &Stress) -> Self {
        let current = &stress.current;
        let quote = current.first.quote_symbol();
        let run_s = u64::from(current.first.steps) * current.first.step_seconds;
        let (seed, paths) = (current.mc.seed, current.mc.paths);
        let comparison = comparison(stress, &quote);
        Self {
            tool: ToolInfo::current(),
            title: proposal.title.clone(),
            description: proposal.description.clone(),
            proposal_file: proposal.file.clone(),
            scenario: current.mc.scenario.clone(),
            scenario_file: scenario_file.to_string(),
            seed,
            paths,
            path_seeds: (0..paths).map(|k| path_seed(seed, k)).collect(),
            headline: headline(&comparison),
            comparison,
            method: method(current, scenario_file, &quote),
            quote,
            steward_limits: proposal.steward.clone(),
            steward_limits_source: if proposal.steward_from_file {
                "proposal file"
            } else {
                "the default, StewardLimits::conservative()"
            },
            steward_may_make_all: proposal.steward_may(),
            assets: proposal
                .changes
                .iter()
                .map(|c| asset_report(c, &proposal.steward, run_s))
                .collect(),
            messages: proposal.changes.iter().map(|c| c.message_json()).collect(),
            caveats: caveats(proposal, run_s, paths),
            current: current.mc.clone(),
            proposed: stress.proposed.mc.clone(),
            at_once: stress.at_once.as_ref().map(|s| s.mc.clone()),
        }
    }

    /// The sides' labels, in the order of the table.
    fn labels(&self) -> Vec<&'static str> {
        let mut labels = vec![CURRENT, PROPOSED];
        if self.at_once.is_some() {
            labels.push(AT_ONCE);
        }
        labels
    }

    /// A value of the table: quote units with thousands separators, counts and ratios with
    /// their decimals.
    fn value(v: Option<f64>, digits: usize) -> String {
        match v {
            Some(v) if digits == 2 => usd(v),
            Some(v) => format!("{v:.digits$}"),
            None => "n/a".into(),
        }
    }

    /// A difference, its sign always written.
    fn difference(v: Option<f64>, digits: usize) -> String {
        match v {
            Some(v) if digits == 2 => signed_with(v, usd),
            Some(v) => signed(v, digits),
            None => "n/a".into(),
        }
    }

    /// `proposal.md`; `chart` is the chart's file name beside it, when one was drawn.
    pub fn markdown(&self, chart: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", self.title);
        if !self.description.trim().is_empty() {
            let _ = writeln!(out, "{}\n", self.description.trim());
        }
        let _ = writeln!(
            out,
            "Proposal `{}`, stress-tested on scenario `{}` (`{}`), {} path(s) from seed {}. \
             Written by {} {}{}.\n",
            self.proposal_file,
            self.scenario,
            self.scenario_file,
            self.paths,
            self.seed,
            self.tool.name,
            self.tool.version,
            self.tool
                .git_commit
                .map_or(String::new(), |c| format!(" (commit {c})"))
        );
        let _ = writeln!(out, "## The change\n");
        let _ = writeln!(out, "| asset | parameter | current | proposed | change |");
        let _ = writeln!(out, "|---|---|--:|--:|--:|");
        for a in &self.assets {
            for s in &a.settings {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    a.denom, s.name, s.current, s.proposed, s.change
                );
            }
        }
        let _ = writeln!(
            out,
            "\nRatios are fractions; caps are whole tokens.\n\n## Who may make it\n"
        );
        for a in &self.assets {
            let _ = writeln!(out, "- **{}**: {}.", a.denom, a.verdict);
            if let Some(note) = &a.threshold_note {
                let _ = writeln!(out, "  {note}");
            }
        }
        let l = &self.steward_limits;
        let _ = writeln!(
            out,
            "\nSteward limits ({}): max LTV ±{}, liquidation threshold ±{}, rate-model fields \
             and reserve factor ±{}, caps ×/÷ {}, bonus curves ±{} (the liquidation contract's), \
             cooldown {} s. {}\n",
            self.steward_limits_source,
            l.max_ltv_step,
            l.liquidation_threshold_step,
            l.rate_step,
            l.cap_factor,
            l.bonus_step,
            l.cooldown_s,
            if self.steward_may_make_all {
                "The risk steward may make the whole proposal."
            } else {
                "The whole proposal needs the owner (a DAO vote)."
            }
        );
        let _ = writeln!(out, "## Stress test, with and without\n");
        let _ = writeln!(out, "{}\n", self.headline);
        let labels = self.labels();
        let n = labels.len();
        let differences: Vec<String> = labels[1..]
            .iter()
            .map(|l| format!("{l} − {CURRENT}"))
            .collect();
        let _ = writeln!(
            out,
            "| quantity | stat | {} | {} |",
            labels.join(" | "),
            differences.join(" | ")
        );
        let _ = writeln!(out, "|---|---|{}", "--:|".repeat(2 * n - 1));
        let mut last = "";
        for r in &self.comparison {
            let quantity = if r.quantity == last { "" } else { &r.quantity };
            last = &r.quantity;
            let cells: Vec<String> = r
                .values(n)
                .into_iter()
                .map(|v| Self::value(v, r.digits))
                .chain(
                    r.differences(n)
                        .into_iter()
                        .map(|d| Self::difference(d, r.digits)),
                )
                .collect();
            let _ = writeln!(out, "| {quantity} | {} | {} |", r.stat, cells.join(" | "));
        }
        if let Some(chart) = chart {
            let _ = writeln!(
                out,
                "\n![{}, path 0]({chart})\n\nPath 0 (seed {}), every run on one chart: prices, \
                 aggregate LTV with each run's liquidation thresholds (the target, for a ramped \
                 run), the lowest health factor, liquidations and accounts liquidatable per step, \
                 debt repaid, and losses.",
                labels.join(" vs "),
                self.seed
            );
        }
        let _ = writeln!(
            out,
            "\n## Messages to execute\n\nSent to the vault by the owner (the DAO's proposal) or, \
             where the verdict says so, by the risk steward; one per asset, each part that \
             changes in full:\n"
        );
        for m in &self.messages {
            let text = serde_json::to_string_pretty(m).unwrap_or_default();
            let _ = writeln!(out, "```json\n{text}\n```\n");
        }
        let _ = writeln!(out, "## Method and seeds\n");
        for m in &self.method {
            let _ = writeln!(out, "- {m}");
        }
        let seeds: Vec<String> = self
            .path_seeds
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{k}: {s}"))
            .collect();
        let _ = writeln!(out, "- Path seeds: {}.", seeds.join(", "));
        let scenario = if self.scenario_file == crate::DEFAULT_SCENARIO_NAME {
            String::new()
        } else {
            format!(" {}", self.scenario_file)
        };
        let _ = writeln!(
            out,
            "- Replay: `ballast propose {}{} --seed {} --paths {}`; one path under the current \
             parameters: `ballast simulate{scenario} --seed SEED`.",
            self.proposal_file,
            scenario.replacen(' ', " --scenario ", 1),
            self.seed,
            self.paths,
        );
        let _ = writeln!(out, "\n## Caveats\n");
        for c in &self.caveats {
            let _ = writeln!(out, "- {c}");
        }
        out
    }

    /// The short summary printed on stdout: the verdicts and, per quantity, the mean and the
    /// worst value of every run.
    pub fn summary_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Proposal: {} ({})", self.title, self.proposal_file);
        for a in &self.assets {
            let settings: Vec<String> = a
                .settings
                .iter()
                .map(|s| format!("{} {} → {}", s.name, s.current, s.proposed))
                .collect();
            let ramp = a
                .threshold_ramp_s
                .map_or(String::new(), |r| format!("; ramp {}", days(r)));
            let _ = writeln!(out, "  {}: {}{ramp}", a.denom, settings.join(", "));
            let _ = writeln!(out, "    {}", a.verdict);
        }
        let labels = self.labels();
        let _ = writeln!(
            out,
            "  {} over {} path(s) from seed {} ({}):",
            self.scenario,
            self.paths,
            self.seed,
            labels.join(" → ")
        );
        let n = labels.len();
        let show = |r: &Row| {
            let values: Vec<String> = r
                .values(n)
                .into_iter()
                .map(|v| Self::value(v, r.digits))
                .collect();
            values.join(" → ")
        };
        for rows in self.comparison.chunks(3) {
            let (mean, worst) = (&rows[0], &rows[2]);
            let _ = writeln!(
                out,
                "    {:<38} mean {:<44} {} {}",
                mean.quantity,
                show(mean),
                worst.stat,
                show(worst)
            );
        }
        out
    }
}
