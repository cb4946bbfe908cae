#![doc = include_str!("../README.md")]

pub mod bots;
pub mod chain;
pub mod chart;
pub mod node;
pub mod path;
pub mod progress;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;

use std::path::{Path, PathBuf};

pub use crate::report::Report;
pub use crate::scenario::Scenario;
pub use crate::sim::{SimError, Simulation};

/// The scenario shipped with the crate, used when `ballast simulate` is given no file.
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
    Simulation::new(scenario, label, seed)?.run(progress)
}
