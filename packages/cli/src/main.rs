//! `ballast`: the stress simulator. See the crate README.

use std::process::ExitCode;

use ballast_cli::commands::{self, SimulateArgs, SweepArgs};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "ballast",
    version,
    about = "Ballast tools: a stress simulator that runs the real contracts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a scenario (price crash, borrowers, liquidator bots) on the real contracts and writes
    /// report.json and report.svg; with --paths, many seeds in parallel and their distributions.
    Simulate(SimulateArgs),
    /// Runs a scenario over a grid of one or two parameters (--set PATH=LO..HI/STEP), each point
    /// a Monte Carlo of --paths seeds, and writes a table, sweep.json and a chart.
    Sweep(SweepArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Simulate(args) => commands::simulate(args),
        Command::Sweep(args) => commands::sweep(args),
    }
}
