//! What `ballast propose` writes: [`ProposalReport`], as `proposal.json` and as the markdown of
//! `proposal.md` (the same numbers), and the short summary it prints.

use std::fmt::Write as _;

use ballast_types::governance::{StewardLimits, ThresholdRamp};
use cosmwasm_std::Decimal;
use serde::Serialize;

use super::{comparison, AssetChange, Proposal, Row, Setting, Side, Verdict, CURRENT, PROPOSED};
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
    /// Each path's seed (the same on both sides).
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
    /// The runs with the change.
    pub proposed: MonteCarlo,
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
            "The threshold cut ramps over {} ({ramp} s): the effective threshold falls linearly \
             from {from} to {to}, never ahead of the line; by the end of this {hours:.0}-hour run \
             it would be {}. Max LTV changes and threshold raises apply at once.",
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
                "with its ramp of {} {}'s effective threshold would only have reached {} by \
                 the end of this {hours:.0}-hour run",
                days(ramp),
                c.denom,
                ramped_threshold(from, to, ramp, run_s)
            ))
        })
        .collect();
    if proposal.changes.iter().any(|c| c.threshold_cut().is_some()) {
        out.push(format!(
            "The vault of this build does not ramp thresholds yet (issue #15): the proposed run \
             applies the new threshold from step 0, at once, the worst case for borrowers{}. \
             `accounts liquidatable at the change` is what a ramp protects: those accounts \
             would have the ramp's length to add collateral or repay.",
            if ramps.is_empty() {
                String::new()
            } else {
                format!(
                    " ({}: the run shows the cut complete, as if the crash came after the ramp)",
                    ramps.join("; ")
                )
            }
        ));
    }
    if !ramps.is_empty() {
        out.push(
            "`threshold_ramp_s` is the field of the vault's ramped update (issue #15): the vault \
             will accept it; a vault built before the ramp refuses the message with an \
             unknown-field error, so the runs here sent the message without it."
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
         cap shows only in what the vault refuses (top-ups above a deposit cap)."
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
         difference between the two runs, on the same seeds, is what the change does to it."
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
             seed itself) under both parameter sets: the same borrowers, lenders, price paths and \
             bot order."
        ),
        "Each run is the real oracle, vault and liquidation contracts in cw-multi-test (the code \
         compiled to Wasm). In the proposed run the vault's owner executes the messages below on \
         the vault once every account is open, before step 0 is recorded: the vault itself \
         validated them."
            .to_string(),
        "`accounts liquidatable at the change`: accounts with HF < 1 at Liquidation prices at \
         step 0 (the starting prices), after the change in the proposed run, as set up in the \
         current one."
            .to_string(),
        format!(
            "Values in whole {quote}; bad debt is what liquidations wrote off, the loss adds the \
             unrealised deficit at the end; p95 (p5 for health) counts from the bad end."
        ),
    ]
}

/// The table's message in one sentence: accounts made liquidatable at once, what the crash
/// adds, bad debt, lowest health.
fn headline(rows: &[Row]) -> String {
    let get = |q: &str, stat: &str| {
        rows.iter()
            .find(|r| r.quantity.starts_with(q) && r.stat == stat)
            .and_then(|r| r.current.zip(r.proposed))
    };
    let mut parts = Vec::new();
    if let (Some((_, mean)), Some((_, max))) = (
        get("accounts liquidatable at the change", "mean"),
        get("accounts liquidatable at the change", "max"),
    ) {
        parts.push(format!(
            "the change alone makes {mean:.1} accounts liquidatable at the starting prices \
             (mean; {max:.0} on the worst path)"
        ));
    }
    if let Some((a, b)) = get("liquidations", "mean") {
        let pct = if a > 0.0 {
            format!(" ({})", signed((b / a - 1.0) * 100.0, 1) + " %")
        } else {
            String::new()
        };
        parts.push(format!(
            "liquidations go from {a:.1} to {b:.1} per path{pct}"
        ));
    }
    if let Some((a, b)) = get("bad debt written off", "max") {
        parts.push(if a == 0.0 && b == 0.0 {
            "no path writes debt off in either run".to_string()
        } else {
            format!(
                "the worst path's bad debt goes from {} to {}",
                usd(a),
                usd(b)
            )
        });
    }
    if let Some((a, b)) = get("lowest health factor", "min") {
        parts.push(format!("the lowest health factor from {a:.4} to {b:.4}"));
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text + "."
}

impl ProposalReport {
    /// The report of `proposal` on `scenario_file`, from its two sides.
    pub fn new(proposal: &Proposal, scenario_file: &str, current: &Side, proposed: &Side) -> Self {
        let quote = current.first.quote_symbol();
        let run_s = u64::from(current.first.steps) * current.first.step_seconds;
        let (seed, paths) = (current.mc.seed, current.mc.paths);
        let mut report = Self {
            tool: ToolInfo::current(),
            title: proposal.title.clone(),
            description: proposal.description.clone(),
            proposal_file: proposal.file.clone(),
            scenario: current.mc.scenario.clone(),
            scenario_file: scenario_file.to_string(),
            seed,
            paths,
            path_seeds: (0..paths).map(|k| path_seed(seed, k)).collect(),
            headline: String::new(),
            comparison: comparison(&current.mc, &proposed.mc, &quote),
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
            proposed: proposed.mc.clone(),
        };
        report.headline = headline(&report.comparison);
        report
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
             and reserve factor ±{}, caps ×/÷ {}, cooldown {} s. {}\n",
            self.steward_limits_source,
            l.max_ltv_step,
            l.liquidation_threshold_step,
            l.rate_step,
            l.cap_factor,
            l.cooldown_s,
            if self.steward_may_make_all {
                "The risk steward may make the whole proposal."
            } else {
                "The whole proposal needs the owner (a DAO vote)."
            }
        );
        let _ = writeln!(out, "## Stress test, with and without\n");
        let _ = writeln!(out, "{}\n", self.headline);
        let _ = writeln!(
            out,
            "| quantity | stat | {CURRENT} | {PROPOSED} | difference ({PROPOSED} − {CURRENT}) |"
        );
        let _ = writeln!(out, "|---|---|--:|--:|--:|");
        let mut last = "";
        for r in &self.comparison {
            let quantity = if r.quantity == last { "" } else { &r.quantity };
            last = &r.quantity;
            let _ = writeln!(
                out,
                "| {quantity} | {} | {} | {} | {} |",
                r.stat,
                Self::value(r.current, r.digits),
                Self::value(r.proposed, r.digits),
                Self::difference(r.difference, r.digits)
            );
        }
        if let Some(chart) = chart {
            let _ = writeln!(
                out,
                "\n![current vs proposed, path 0]({chart})\n\nPath 0 (seed {}), both runs on one \
                 chart: prices, aggregate LTV with each run's liquidation thresholds, the lowest \
                 health factor, liquidations and accounts liquidatable per step, debt repaid, \
                 and losses.",
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
    /// worst value of both runs.
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
        let _ = writeln!(
            out,
            "  {} over {} path(s) from seed {} ({CURRENT} → {PROPOSED}):",
            self.scenario, self.paths, self.seed
        );
        for pair in self.comparison.chunks(3) {
            let (mean, worst) = (&pair[0], &pair[2]);
            let _ = writeln!(
                out,
                "    {:<40} mean {:>14} → {:<14} {} {:>14} → {}",
                mean.quantity,
                Self::value(mean.current, mean.digits),
                Self::value(mean.proposed, mean.digits),
                worst.stat,
                Self::value(worst.current, worst.digits),
                Self::value(worst.proposed, worst.digits),
            );
        }
        out
    }
}
