//! `ballast propose CHANGES.toml`: the attachment of a governance proposal that changes listed
//! asset parameters.
//!
//! 1. The proposal file ([`file`]) is read against the scenario and checked whole: the format,
//!    the denoms, each value by the vault's own validators (with the scenario's bonus curve), the
//!    threshold ramp.
//! 2. Each asset's change is compared with its current parameters by
//!    [`ballast_types::governance::steward_check`]: the risk steward may make it, or only the
//!    owner.
//! 3. The scenario runs twice on the same seeds ([`stress`]): as it is, and with the change made
//!    by the vault's owner on the real vault once the book is set up (the new threshold from step
//!    0, the worst case for borrowers while the vault does not ramp).
//! 4. [`report`] writes `proposal.md`, `proposal.json` and the exact messages to execute.

mod change;
mod check;
pub mod file;
pub mod report;
pub mod spanned;

use serde::Serialize;

use ballast_types::vault::ExecuteMsg;

use crate::montecarlo::{self, path_seed, Distribution, MonteCarlo, PathOutcome, Stat};
use crate::sim::Change;
use crate::{Report, Scenario, SimError};

pub use change::Verdict;
pub use file::{AssetChange, Problem, Proposal, ProposalError, Setting};

/// Label of the run under the current parameters.
pub const CURRENT: &str = "current";
/// Label of the run with the proposed change, as written (its ramps included).
pub const PROPOSED: &str = "proposed";
/// Label of the run with the proposed change applied at once (no ramp): the new thresholds in
/// force from step 0, as once a ramp is over.
pub const AT_ONCE: &str = "at once";

/// One side of the comparison: its Monte Carlo run and its first path's report (for the chart).
#[derive(Debug, Clone)]
pub struct Side {
    /// Every path's outcome and the distributions.
    pub mc: MonteCarlo,
    /// Path 0 in full.
    pub first: Report,
}

/// The runs of a proposal, on the same seeds.
#[derive(Debug, Clone)]
pub struct Stress {
    /// Under the current parameters.
    pub current: Side,
    /// With the messages as written.
    pub proposed: Side,
    /// With the messages without their ramps, when the proposal ramps a threshold cut.
    pub at_once: Option<Side>,
}

impl Stress {
    /// Every side, in the order of the table.
    pub fn sides(&self) -> Vec<&Side> {
        [
            Some(&self.current),
            Some(&self.proposed),
            self.at_once.as_ref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Runs `scenario` as it is and with `proposal` (and, when the proposal ramps a threshold cut,
/// with the cut at once), each over the same `paths` seeds from `seed` on `threads` threads,
/// calling `step_done()` after every step of any path.
pub fn stress(
    scenario: &Scenario,
    proposal: &Proposal,
    seed: u64,
    paths: u32,
    threads: usize,
    step_done: impl Fn() + Sync,
) -> Result<Stress, SimError> {
    let changed = proposal.applied_to(scenario);
    let run = |label: &str, messages: Option<Vec<ExecuteMsg>>| {
        let change = messages.map(|messages| Change {
            messages,
            scenario: changed.clone(),
        });
        side(
            scenario,
            change.as_ref(),
            label,
            seed,
            paths,
            threads,
            &step_done,
        )
    };
    Ok(Stress {
        current: run(CURRENT, None)?,
        proposed: run(PROPOSED, Some(proposal.messages(true)))?,
        at_once: if proposal.ramps() {
            Some(run(AT_ONCE, Some(proposal.messages(false)))?)
        } else {
            None
        },
    })
}

fn side(
    scenario: &Scenario,
    change: Option<&Change>,
    label: &str,
    seed: u64,
    paths: u32,
    threads: usize,
    step_done: &(impl Fn() + Sync),
) -> Result<Side, SimError> {
    let runs = montecarlo::each_path(paths, threads, |k| {
        let (report, _) = crate::run_with(scenario, change, label, path_seed(seed, k), |_, _| {
            step_done()
        })?;
        Ok((PathOutcome::of(k, &report), (k == 0).then_some(report)))
    })?;
    let mut first = None;
    let mut outcomes = Vec::with_capacity(runs.len());
    for (outcome, report) in runs {
        outcomes.push(outcome);
        first = first.or(report);
    }
    let first = first.ok_or_else(|| SimError::Setup {
        what: "Monte Carlo".into(),
        reason: "no path ran".into(),
    })?;
    let reported = change.map_or(scenario, |c| &c.scenario);
    Ok(Side {
        mc: montecarlo::summarise(reported, label, seed, outcomes),
        first,
    })
}

/// One row of the with/without table: a statistic of one quantity over the paths, on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The quantity (`bad debt written off (USD)`).
    pub quantity: String,
    /// `mean`, `p95` / `max` (where higher is worse), `p5` / `min` (where lower is).
    pub stat: &'static str,
    /// Under the current parameters (`None`: no value on any path).
    pub current: Option<f64>,
    /// With the change as proposed.
    pub proposed: Option<f64>,
    /// Proposed − current.
    pub difference: Option<f64>,
    /// With the change at once (when the proposal ramps a cut).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_once: Option<f64>,
    /// At once − current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_once_difference: Option<f64>,
    /// Decimals to show.
    #[serde(skip)]
    pub digits: usize,
}

impl Row {
    /// The values of the sides, in the order of [`Stress::sides`].
    pub fn values(&self, sides: usize) -> Vec<Option<f64>> {
        [self.current, self.proposed, self.at_once][..sides.min(3)].to_vec()
    }

    /// Each side after the first minus the first.
    pub fn differences(&self, sides: usize) -> Vec<Option<f64>> {
        [self.difference, self.at_once_difference][..sides.clamp(1, 3) - 1].to_vec()
    }
}

/// What a quantity is read from: a path's outcome.
type Pick = fn(&PathOutcome) -> Option<f64>;

/// The compared quantities: label (with `{q}` for the quote symbol), higher is worse, decimals.
const QUANTITIES: [(&str, bool, usize, Pick); 7] = [
    ("bad debt written off ({q})", true, 2, |o| Some(o.bad_debt)),
    ("loss incl. unrealised deficit ({q})", true, 2, |o| {
        Some(o.loss)
    }),
    ("liquidations", true, 1, |o| Some(o.liquidations as f64)),
    ("liquidation volume ({q})", true, 2, |o| {
        Some(o.liquidation_volume)
    }),
    ("accounts liquidatable at the change", true, 1, |o| {
        o.liquidatable_at_start.map(f64::from)
    }),
    ("protocol fees ({q})", true, 2, |o| Some(o.protocol_fees)),
    ("lowest health factor", false, 4, |o| o.lowest_health),
];

/// The with/without table: mean, p95 and worst (for the lowest health factor: mean, p5, min)
/// of each quantity over the paths, on each side of `stress`.
pub fn comparison(stress: &Stress, quote: &str) -> Vec<Row> {
    let dist = |mc: &MonteCarlo, pick: Pick, high: bool| {
        let values: Vec<(u64, f64)> = mc
            .outcomes
            .iter()
            .filter_map(|o| pick(o).map(|v| (o.seed, v)))
            .collect();
        Distribution::of(&values, high)
    };
    let mut rows = Vec::new();
    for (label, high, digits, pick) in QUANTITIES {
        let [a, b, c] = [
            Some(&stress.current),
            Some(&stress.proposed),
            stress.at_once.as_ref(),
        ]
        .map(|side| side.and_then(|s| dist(&s.mc, pick, high)));
        let stats: [(&'static str, Stat); 3] = if high {
            [
                ("mean", |d| d.mean),
                ("p95", |d| d.p95),
                ("max", |d| d.worst),
            ]
        } else {
            [
                ("mean", |d| d.mean),
                ("p5", |d| d.p95),
                ("min", |d| d.worst),
            ]
        };
        for (stat, f) in stats {
            let [x, y, z] = [&a, &b, &c].map(|d| d.as_ref().map(f));
            let minus = |v: Option<f64>| x.zip(v).map(|(x, v)| v - x);
            rows.push(Row {
                quantity: label.replace("{q}", quote),
                stat,
                current: x,
                proposed: y,
                difference: minus(y),
                at_once: z,
                at_once_difference: minus(z),
                digits,
            });
        }
    }
    rows
}
