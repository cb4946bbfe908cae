//! `ballast`: the stress simulator, and deployment to a wasmd node. See the crate README.

use std::path::PathBuf;
use std::process::ExitCode;

use ballast_cli::commands::{self, ProposeArgs, SimulateArgs, SweepArgs};
use ballast_cli::node::commands::{deploy_command, price_set_command};
use ballast_cli::node::deploy::DeployOptions;
use ballast_cli::node::price::PricePush;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "ballast",
    version,
    about = "Ballast tools: a stress simulator that runs the real contracts, deployment to a wasmd node, and a liquidation keeper"
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
    /// Checks a proposed change of listed-asset parameters (CHANGES.toml) against the vault's
    /// bounds and the risk steward's limits, stress-tests the scenario with and without it, and
    /// writes proposal.md / proposal.json (with the messages to execute) and a chart.
    Propose(ProposeArgs),
    /// Deploys the protocol to a wasmd node from a deployment file (deployments/local.toml for
    /// the local chain of scripts/localnet.sh) and records it in deployments/<chain-id>.json.
    Deploy {
        /// Deployment file (TOML).
        file: PathBuf,
        /// Network to use instead of the file's [network]: `local` or a TOML file.
        #[arg(long, value_name = "local|FILE")]
        network: Option<String>,
        /// Store artifacts that changed since the recorded deployment and migrate to them.
        #[arg(long)]
        migrate: bool,
        /// Ignore an existing record of this chain (e.g. after a chain reset) and deploy anew.
        #[arg(long)]
        fresh: bool,
    },
    /// Runs a liquidation keeper on a live chain: the simulator's bot strategy, real
    /// transactions; JSON log lines on stdout; Ctrl-C finishes the transaction in flight.
    Keeper {
        /// Keeper file (TOML; deployments/keeper-local.toml for the local chain).
        #[arg(long)]
        config: PathBuf,
        /// Network to use instead of the file's [network]: `local` or a TOML file.
        #[arg(long, value_name = "local|FILE")]
        network: Option<String>,
        /// Simulate every liquidation and log it; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// One sweep of the latest block, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Local networks only: sets prices on the mock Pyth contract.
    Price {
        #[command(subcommand)]
        command: PriceCommand,
    },
}

#[derive(Subcommand)]
enum PriceCommand {
    /// Publishes PRICE (quote currency per whole token) on the mock feed behind DENOM.
    Set {
        /// Denom, e.g. uatom.
        denom: String,
        /// Price per whole token, e.g. 7.25.
        price: f64,
        /// Confidence, same unit (default 0.1 % of the price).
        #[arg(long)]
        conf: Option<f64>,
        /// EMA price (default: the price).
        #[arg(long)]
        ema: Option<f64>,
        /// Publish time this many seconds before the latest block (a stale price).
        #[arg(long, default_value_t = 0)]
        age: u32,
        /// The deployment whose record names the contracts.
        #[arg(long, default_value = "deployments/local.toml")]
        deployment: PathBuf,
        /// Network to use instead of the file's [network]: `local` or a TOML file.
        #[arg(long, value_name = "local|FILE")]
        network: Option<String>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Simulate(args) => commands::simulate(args),
        Command::Sweep(args) => commands::sweep(args),
        Command::Propose(args) => commands::propose(args),
        Command::Deploy {
            file,
            network,
            migrate,
            fresh,
        } => deploy_command(&file, network.as_deref(), DeployOptions { migrate, fresh }),
        Command::Keeper {
            config,
            network,
            dry_run,
            once,
        } => ballast_cli::keeper::command(
            &config,
            network.as_deref(),
            ballast_cli::keeper::RunOptions { dry_run, once },
        ),
        Command::Price {
            command:
                PriceCommand::Set {
                    denom,
                    price,
                    conf,
                    ema,
                    age,
                    deployment,
                    network,
                },
        } => price_set_command(
            &deployment,
            network.as_deref(),
            &PricePush {
                denom,
                price,
                conf,
                ema,
                age_s: -i64::from(age),
            },
        ),
    }
}
