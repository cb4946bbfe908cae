//! `ballast`: the stress simulator. See the crate README.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ballast_cli::progress::Progress;
use ballast_cli::{chart, default_scenario_path, Report, Scenario};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "ballast",
    version,
    about = "Ballast tools: a stress simulator that runs the real contracts, and deployment to a wasmd node"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a scenario (price crash, borrowers, liquidator bots) on the real contracts and writes
    /// report.json and report.svg.
    Simulate {
        /// Scenario file (TOML); the shipped default scenario when omitted.
        scenario: Option<PathBuf>,
        /// Seed of every random draw; the scenario's `run.seed` when omitted.
        #[arg(long)]
        seed: Option<u64>,
        /// Directory for report.json and report.svg.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// A second parameter set (TOML: [policy], [vault], [[assets]] overrides): runs the same
        /// scenario and seed under it and prints both side by side.
        #[arg(long, value_name = "OTHER_PARAMS.toml")]
        compare: Option<PathBuf>,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
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
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate {
            scenario,
            seed,
            out,
            compare,
            quiet,
        } => simulate(scenario, seed, &out, compare.as_deref(), quiet),
        Command::Deploy {
            file,
            network,
            migrate,
            fresh,
        } => ballast_cli::node::commands::deploy_command(
            &file,
            network.as_deref(),
            ballast_cli::node::deploy::DeployOptions { migrate, fresh },
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
        } => ballast_cli::node::commands::price_set_command(
            &deployment,
            network.as_deref(),
            &ballast_cli::node::price::PricePush {
                denom,
                price,
                conf,
                ema,
                age_s: -i64::from(age),
            },
        ),
    }
}

fn report_errors(errors: &[ballast_cli::scenario::ScenarioError]) -> ExitCode {
    eprintln!("error: the scenario is not valid; nothing was run");
    for err in errors {
        eprintln!("  {err}");
    }
    ExitCode::from(2)
}

fn simulate(
    scenario: Option<PathBuf>,
    seed: Option<u64>,
    out: &Path,
    compare: Option<&Path>,
    quiet: bool,
) -> ExitCode {
    let path = scenario.unwrap_or_else(default_scenario_path);
    // Everything is read and validated before anything runs.
    let base = match Scenario::load(&path) {
        Ok(s) => s,
        Err(errors) => return report_errors(&errors),
    };
    let other = match compare.map(|p| base.with_override(p)).transpose() {
        Ok(o) => o,
        Err(errors) => return report_errors(&errors),
    };
    let seed = seed.unwrap_or(base.run.seed);
    if let Err(err) = std::fs::create_dir_all(out) {
        eprintln!("error: cannot create {}: {err}", out.display());
        return ExitCode::from(2);
    }

    let Some(a) = run_one(&base, "scenario", seed, out, quiet) else {
        return ExitCode::from(1);
    };
    println!("{}", a.summary_text());
    if let Some((params, label)) = other {
        let dir = out.join("compare");
        if let Err(err) = std::fs::create_dir_all(&dir) {
            eprintln!("error: cannot create {}: {err}", dir.display());
            return ExitCode::from(2);
        }
        let Some(b) = run_one(&params, &label, seed, &dir, quiet) else {
            return ExitCode::from(1);
        };
        println!("{}", b.summary_text());
        println!("{}", Report::compare_text(&a, &b));
    }
    ExitCode::SUCCESS
}

fn run_one(scenario: &Scenario, label: &str, seed: u64, out: &Path, quiet: bool) -> Option<Report> {
    let started = Instant::now();
    let mut bar = Progress::new(&format!("{} ({label})", scenario.name), quiet);
    let report =
        match ballast_cli::run(scenario, label, seed, |done, total| bar.update(done, total)) {
            Ok(r) => r,
            Err(err) => {
                eprintln!("error: {err}");
                return None;
            }
        };
    let elapsed = started.elapsed().as_secs_f64();
    let json = match serde_json::to_string_pretty(&report) {
        Ok(j) => j,
        Err(err) => {
            eprintln!("error: cannot encode the report: {err}");
            return None;
        }
    };
    let json_path = out.join("report.json");
    let svg_path = out.join("report.svg");
    if let Err(err) = std::fs::write(&json_path, json + "\n") {
        eprintln!("error: cannot write {}: {err}", json_path.display());
        return None;
    }
    match chart::svg(&report) {
        Ok(svg) => {
            if let Err(err) = std::fs::write(&svg_path, svg) {
                eprintln!("error: cannot write {}: {err}", svg_path.display());
                return None;
            }
        }
        Err(err) => {
            eprintln!("error: cannot draw the chart: {err}");
            return None;
        }
    }
    let work = f64::from(report.accounts) * f64::from(report.steps);
    eprintln!(
        "{label}: {} accounts × {} steps in {elapsed:.1} s ({:.0} account-steps/s); wrote {} and {}",
        report.accounts,
        report.steps,
        work / elapsed.max(1e-9),
        json_path.display(),
        svg_path.display()
    );
    Some(report)
}
