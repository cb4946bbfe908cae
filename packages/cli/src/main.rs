//! `ballast`: the stress simulator. See the crate README.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ballast_cli::progress::Progress;
use ballast_cli::{chart, Report, Scenario};
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
        /// Reads and validates everything, prints what would run, and stops.
        #[arg(long)]
        dry_run: bool,
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
            dry_run,
        } => simulate(scenario, seed, &out, compare.as_deref(), quiet, dry_run),
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
    dry_run: bool,
) -> ExitCode {
    // Everything is read and validated before anything runs.
    let loaded = match &scenario {
        Some(path) => Scenario::load(path),
        None => ballast_cli::default_scenario(),
    };
    let base = match loaded {
        Ok(s) => s,
        Err(errors) => return report_errors(&errors),
    };
    let other = match compare.map(|p| base.with_override(p)).transpose() {
        Ok(o) => o,
        Err(errors) => return report_errors(&errors),
    };
    let seed = seed.unwrap_or(base.run.seed);
    if dry_run {
        println!(
            "{}: {} (seed {seed}, {} steps of {} s, {} borrowers){}",
            base.name,
            base.description,
            base.run.steps.get_ref(),
            base.run.step_seconds.get_ref(),
            base.borrowers.count.get_ref(),
            other.as_ref().map_or(String::new(), |(_, label)| format!(
                "; compared with {label}"
            ))
        );
        return ExitCode::SUCCESS;
    }
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
    let bar = Progress::new(
        &format!("{} ({label})", scenario.name),
        u64::from(*scenario.run.steps.get_ref()),
        "steps",
        quiet,
    );
    let report = match ballast_cli::run(scenario, label, seed, |done, _| bar.set(u64::from(done))) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("error: {err}");
            return None;
        }
    };
    bar.finish();
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
