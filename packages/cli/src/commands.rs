//! The commands of the `ballast` binary, behind its argument parser (`src/main.rs` only
//! dispatches).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::montecarlo::{self, MonteCarlo};
use crate::progress::Progress;
use crate::{chart, Report, Scenario};

/// `ballast simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario file (TOML); the default scenario built into the binary when omitted.
    pub scenario: Option<PathBuf>,
    /// Seed of every random draw; the scenario's `run.seed` when omitted. With `--paths`, the
    /// seed the paths' seeds are derived from (path 0 uses it as is).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Directory for report.json and report.svg (montecarlo.json with `--paths`).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// A second parameter set (TOML: [policy], [vault], [[assets]] overrides): runs the same
    /// scenario and seed(s) under it and prints both side by side.
    #[arg(long, value_name = "OTHER_PARAMS.toml")]
    pub compare: Option<PathBuf>,
    /// Monte Carlo: runs this many seeds derived from `--seed`, in parallel, and reports the
    /// distributions (mean, p50, p95, p99, worst) and the worst path's seed.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub paths: u32,
    /// Threads for `--paths` (default: the machine's cores). The report does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Reads and validates everything, prints what would run, and stops.
    #[arg(long)]
    pub dry_run: bool,
    /// Prints where the wall time went, per phase of a step, on stderr (single path).
    #[arg(long)]
    pub timings: bool,
}

/// The machine's cores (1 if unknown).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `ballast simulate`.
pub fn simulate(args: SimulateArgs) -> ExitCode {
    let SimulateArgs {
        scenario,
        seed,
        out,
        compare,
        paths,
        threads,
        quiet,
        dry_run,
        timings,
    } = args;
    let threads = threads.map_or_else(default_threads, |t| t as usize);
    // Everything is read and validated before anything runs.
    let loaded = match &scenario {
        Some(path) => Scenario::load(path),
        None => crate::default_scenario(),
    };
    let base = match loaded {
        Ok(s) => s,
        Err(errors) => return report_errors(&errors),
    };
    let other = match compare
        .as_deref()
        .map(|p| base.with_override(p))
        .transpose()
    {
        Ok(o) => o,
        Err(errors) => return report_errors(&errors),
    };
    let seed = seed.unwrap_or(base.run.seed);
    if dry_run {
        println!(
            "{}: {} (seed {seed}, {} steps of {} s, {} borrowers, {paths} path(s)){}",
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
    if let Err(err) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {err}", out.display());
        return ExitCode::from(2);
    }
    let compare_dir = out.join("compare");
    if other.is_some() {
        if let Err(err) = std::fs::create_dir_all(&compare_dir) {
            eprintln!("error: cannot create {}: {err}", compare_dir.display());
            return ExitCode::from(2);
        }
    }
    if paths > 1 {
        let Some(a) = run_paths(&base, "scenario", seed, paths, threads, &out, quiet) else {
            return ExitCode::from(1);
        };
        println!("{}", a.text());
        if let Some((params, label)) = other {
            let Some(b) = run_paths(&params, &label, seed, paths, threads, &compare_dir, quiet)
            else {
                return ExitCode::from(1);
            };
            println!("{}", b.text());
            println!("{}", MonteCarlo::compare_text(&a, &b));
        }
        return ExitCode::SUCCESS;
    }

    let Some(a) = run_one(&base, "scenario", seed, &out, quiet, timings) else {
        return ExitCode::from(1);
    };
    println!("{}", a.summary_text());
    if let Some((params, label)) = other {
        let Some(b) = run_one(&params, &label, seed, &compare_dir, quiet, timings) else {
            return ExitCode::from(1);
        };
        println!("{}", b.summary_text());
        println!("{}", Report::compare_text(&a, &b));
        write_charts(&out, "compare", &[&a, &b]);
    }
    ExitCode::SUCCESS
}

/// Prints a scenario's errors; exit code 2.
pub fn report_errors(errors: &[crate::scenario::ScenarioError]) -> ExitCode {
    eprintln!("error: the scenario is not valid; nothing was run");
    for err in errors {
        eprintln!("  {err}");
    }
    ExitCode::from(2)
}

/// Writes `value` as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Option<()> {
    let json = match serde_json::to_string_pretty(value) {
        Ok(j) => j,
        Err(err) => {
            eprintln!("error: cannot encode {}: {err}", path.display());
            return None;
        }
    };
    if let Err(err) = std::fs::write(path, json + "\n") {
        eprintln!("error: cannot write {}: {err}", path.display());
        return None;
    }
    Some(())
}

/// Writes `OUT/NAME.svg` and `OUT/NAME.png` of `runs` (overlaid); a chart that cannot be drawn
/// (no font) is a warning: the JSON report is what counts.
pub fn write_charts(out: &Path, name: &str, runs: &[&Report]) {
    let svg = chart::report_svg(runs).map(String::into_bytes);
    let png = chart::report_png(runs);
    write_chart_files(out, name, svg, png);
}

/// Writes `OUT/NAME.svg` and `.png`, or warns.
pub fn write_chart_files(
    out: &Path,
    name: &str,
    svg: Result<Vec<u8>, chart::ChartError>,
    png: Result<Vec<u8>, chart::ChartError>,
) {
    for (ext, bytes) in [("svg", svg), ("png", png)] {
        let path = out.join(format!("{name}.{ext}"));
        match bytes {
            Ok(b) => {
                if let Err(err) = std::fs::write(&path, b) {
                    eprintln!("warning: cannot write {}: {err}", path.display());
                }
            }
            Err(err) => eprintln!("warning: {} not written: {err}", path.display()),
        }
    }
}

/// Runs `paths` seeds, writes `OUT/montecarlo.json`.
pub fn run_paths(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    paths: u32,
    threads: usize,
    out: &Path,
    quiet: bool,
) -> Option<MonteCarlo> {
    let started = Instant::now();
    let steps = u64::from(*scenario.run.steps.get_ref());
    let bar = Progress::new(
        &format!(
            "{} ({label}), {paths} paths on {threads} threads",
            scenario.name
        ),
        steps * u64::from(paths),
        "steps",
        quiet,
    );
    let handle = bar.handle();
    let mc = match montecarlo::run(scenario, label, seed, paths, threads, || handle.inc(1)) {
        Ok(mc) => mc,
        Err(err) => {
            eprintln!("error: {err}");
            return None;
        }
    };
    bar.finish();
    let elapsed = started.elapsed().as_secs_f64();
    let path = out.join("montecarlo.json");
    write_json(&path, &mc)?;
    eprintln!(
        "{label}: {paths} paths in {elapsed:.1} s on {threads} threads ({:.2} paths/min); wrote {}",
        f64::from(paths) * 60.0 / elapsed.max(1e-9),
        path.display()
    );
    Some(mc)
}

/// Runs one path, writes `OUT/report.json` and `OUT/report.svg`.
pub fn run_one(
    scenario: &Scenario,
    label: &str,
    seed: u64,
    out: &Path,
    quiet: bool,
    timings: bool,
) -> Option<Report> {
    let started = Instant::now();
    let bar = Progress::new(
        &format!("{} ({label})", scenario.name),
        u64::from(*scenario.run.steps.get_ref()),
        "steps",
        quiet,
    );
    let report = match crate::run_timed(scenario, label, seed, |done, _| bar.set(u64::from(done))) {
        Ok((r, t)) => {
            if timings {
                eprint!("{label}: wall time per phase\n{}", t.text());
            }
            r
        }
        Err(err) => {
            eprintln!("error: {err}");
            return None;
        }
    };
    bar.finish();
    let elapsed = started.elapsed().as_secs_f64();
    let json_path = out.join("report.json");
    write_json(&json_path, &report)?;
    write_charts(out, "report", &[&report]);
    let work = f64::from(report.accounts) * f64::from(report.steps);
    eprintln!(
        "{label}: {} accounts × {} steps in {elapsed:.1} s ({:.0} account-steps/s); wrote {}",
        report.accounts,
        report.steps,
        work / elapsed.max(1e-9),
        json_path.display(),
    );
    Some(report)
}

/// `ballast sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML); the built-in default scenario when omitted.
    pub scenario: Option<PathBuf>,
    /// A parameter and its values, by TOML path: `PATH=LO..HI/STEP`, `PATH=V1,V2,...` or
    /// `PATH=V`; arrays of tables by denom or name (`assets.uatom.collateral.max_ltv=0.55..0.75/0.05`,
    /// `liquidators.slow.latency_steps=0,6,12`). One or two.
    #[arg(long = "set", required = true, num_args = 1)]
    pub sets: Vec<String>,
    /// Seeds per point (Monte Carlo), derived from `--seed`; the same seeds at every point.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub paths: u32,
    /// Seed; the scenario's when omitted.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Threads (default: the machine's cores).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Directory for sweep.json, sweep.svg and sweep.png.
    #[arg(long, default_value = "out/sweep")]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `ballast sweep`.
pub fn sweep(args: SweepArgs) -> ExitCode {
    use crate::sweep;
    if args.sets.len() > 2 {
        eprintln!("error: at most two --set parameters (a line or a grid)");
        return ExitCode::from(2);
    }
    let axes = match args
        .sets
        .iter()
        .map(|s| sweep::parse_axis(s))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(a) => a,
        Err(err) => return report_errors(&[err]),
    };
    let (src, file, base) = match &args.scenario {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(src) => (
                src,
                path.display().to_string(),
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
            ),
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", path.display());
                return ExitCode::from(2);
            }
        },
        None => (
            crate::DEFAULT_SCENARIO.to_string(),
            crate::DEFAULT_SCENARIO_NAME.to_string(),
            PathBuf::from("."),
        ),
    };
    // Every point is built and validated before anything runs.
    let points = match sweep::scenarios(&src, &file, &base, &axes) {
        Ok(p) => p,
        Err(errors) => return report_errors(&errors),
    };
    let seed = args
        .seed
        .unwrap_or_else(|| points.first().map_or(0, |(_, s)| s.run.seed));
    let threads = args.threads.map_or_else(default_threads, |t| t as usize);
    if let Err(err) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {err}", args.out.display());
        return ExitCode::from(2);
    }
    let total: u64 = points
        .iter()
        .map(|(_, s)| u64::from(*s.run.steps.get_ref()) * u64::from(args.paths))
        .sum();
    let started = Instant::now();
    let bar = Progress::new(
        &format!("sweep: {} points × {} path(s)", points.len(), args.paths),
        total,
        "steps",
        args.quiet,
    );
    let handle = bar.handle();
    let result = match sweep::run(&points, &axes, seed, args.paths, threads, || handle.inc(1)) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    };
    bar.finish();
    println!("{}", result.text());
    let json = args.out.join("sweep.json");
    if write_json(&json, &result).is_none() {
        return ExitCode::from(1);
    }
    write_chart_files(
        &args.out,
        "sweep",
        crate::chart::sweep_svg(&result).map(String::into_bytes),
        crate::chart::sweep_png(&result),
    );
    eprintln!(
        "sweep: {} points × {} path(s) in {:.1} s; wrote {} and sweep.svg / sweep.png",
        points.len(),
        args.paths,
        started.elapsed().as_secs_f64(),
        json.display()
    );
    ExitCode::SUCCESS
}

/// `ballast propose`.
#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// The proposal file (TOML): a title, `[[asset]]` entries with the parameters they change,
    /// optionally `threshold_ramp_days` and `[steward]` limits.
    pub changes: PathBuf,
    /// Scenario file (TOML) the change is tested on; the built-in default scenario when omitted.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Seeds per parameter set (Monte Carlo), derived from `--seed`; the same seeds on both sides.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub paths: u32,
    /// Seed; the scenario's when omitted.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Threads (default: the machine's cores). The report does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Directory for proposal.md, proposal.json and the chart.
    #[arg(long, default_value = "out/proposal")]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `ballast propose`: checks the proposal (exit code 2 and nothing written when it is not
/// valid), runs the scenario with and without it and writes the report.
pub fn propose(args: ProposeArgs) -> ExitCode {
    use crate::propose::report::ProposalReport;
    use crate::propose::{stress, Proposal};
    let (loaded, scenario_file) = match &args.scenario {
        Some(path) => (Scenario::load(path), path.display().to_string()),
        None => (
            crate::default_scenario(),
            crate::DEFAULT_SCENARIO_NAME.to_string(),
        ),
    };
    let scenario = match loaded {
        Ok(s) => s,
        Err(errors) => return report_errors(&errors),
    };
    let proposal = match Proposal::load(&args.changes, &scenario) {
        Ok(p) => p,
        Err(errors) => {
            eprintln!("error: the proposal is not valid; nothing was run");
            for err in errors {
                eprintln!("  {err}");
            }
            return ExitCode::from(2);
        }
    };
    let seed = args.seed.unwrap_or(scenario.run.seed);
    let threads = args.threads.map_or_else(default_threads, |t| t as usize);
    if let Err(err) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {err}", args.out.display());
        return ExitCode::from(2);
    }
    let started = Instant::now();
    // current and proposed, and the cut at once when the proposal ramps it
    let sides: u64 = if proposal.ramps() { 3 } else { 2 };
    let bar = Progress::new(
        &format!(
            "{}: {sides} parameter sets, {} path(s) each on {threads} threads",
            scenario.name, args.paths
        ),
        u64::from(*scenario.run.steps.get_ref()) * u64::from(args.paths) * sides,
        "steps",
        args.quiet,
    );
    let handle = bar.handle();
    let runs = match stress(&scenario, &proposal, seed, args.paths, threads, || {
        handle.inc(1)
    }) {
        Ok(runs) => runs,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    };
    bar.finish();
    let report = ProposalReport::new(&proposal, &scenario_file, &runs);
    let json = args.out.join("proposal.json");
    if write_json(&json, &report).is_none() {
        return ExitCode::from(1);
    }
    let firsts: Vec<&Report> = runs.sides().into_iter().map(|s| &s.first).collect();
    write_charts(&args.out, "proposal", &firsts);
    let chart = args
        .out
        .join("proposal.png")
        .exists()
        .then_some("proposal.png");
    let md = args.out.join("proposal.md");
    if let Err(err) = std::fs::write(&md, report.markdown(chart)) {
        eprintln!("error: cannot write {}: {err}", md.display());
        return ExitCode::from(1);
    }
    println!("{}", report.summary_text());
    eprintln!(
        "propose: {sides} × {} path(s) in {:.1} s; wrote {}, {} and proposal.svg / proposal.png",
        args.paths,
        started.elapsed().as_secs_f64(),
        md.display(),
        json.display()
    );
    ExitCode::SUCCESS
}
