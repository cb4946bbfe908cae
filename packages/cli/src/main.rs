//! `ballast`: the stress simulator. See the crate README.

use std::process::ExitCode;

use ballast_cli::commands::{self, SimulateArgs};
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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Simulate(args) => commands::simulate(args),
    }
}
