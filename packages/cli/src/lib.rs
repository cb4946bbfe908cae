#![doc = include_str!("../README.md")]

pub mod bots;
pub mod chain;
pub mod chart;
pub mod commands;
pub mod keeper;
pub mod montecarlo;
pub mod node;
pub mod path;
pub mod price_csv;
pub mod progress;
pub mod propose;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sweep;

use std::path::{Path, PathBuf};

pub use crate::report::Report;
pub use crate::scenario::Scenario;
pub use crate::sim::{SimError, Simulation};

/// The text of the default scenario, built into the binary so that `ballast simulate` works
/// anywhere.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/default.toml");

/// Name the built-in default scenario goes by in errors and reports.
pub const DEFAULT_SCENARIO_NAME: &str = "default.toml (built in)";

/// The built-in default scenario, parsed and validated.
pub fn default_scenario() -> Result<Scenario, Vec<scenario::ScenarioError>> {
    Scenario::parse(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, Path::new("."))
}

/// Where the default scenario lives in the source tree (for tests and for the scenarios beside
/// it; the binary uses [`default_scenario`]).
pub fn default_scenario_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml")
}

/// Sets up and runs `scenario` with `seed` under the parameter label `label`.
pub fn run(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    progress: impl FnMut(u32, u32),
) -> Result<Report, SimError> {
    run_timed(scenario, label, seed, progress).map(|(report, _)| report)
}

/// [`run`], with where the wall time went (set-up included in no phase).
pub fn run_timed(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    progress: impl FnMut(u32, u32),
) -> Result<(Report, sim::Timings), SimError> {
    run_with(scenario, None, label, seed, progress)
}

/// [`run_timed`], with a governance `change` made once the book is set up (see
/// [`Simulation::with_change`]).
pub fn run_with(
    scenario: &Scenario,
    change: Option<&sim::Change>,
    label: &str,
    seed: u64,
    mut progress: impl FnMut(u32, u32),
) -> Result<(Report, sim::Timings), SimError> {
    let mut sim = Simulation::with_change(scenario, change, label, seed)?;
    let steps = sim.steps();
    while sim.step()? {
        progress(sim.current_step(), steps);
    }
    let timings = sim.timings.clone();
    Ok((sim.finish()?, timings))
}
