//! `ballast keeper`: a liquidation keeper on a live chain. It runs the simulator's bot strategy
//! ([`crate::bots::Bot`], the same code) over [`live::LiveChain`], an implementation of
//! [`crate::chain::Chain`] on a wasmd node: it follows new blocks by polling the node, scans
//! `LiquidatablePositions` page by page, asks `SimulateLiquidation`, simulates the `Liquidate`
//! transaction for its real fee, checks the profit after that fee and the selling slippage, and
//! sends it with the simulated collateral as its `min_collateral_out`.
//!
//! Logs are JSON lines on stdout (`start`, `sweep`, `decision`, `rpc_error`, `warning`,
//! `counters`); the key's mnemonic is never printed. SIGINT/SIGTERM finish the transaction in
//! flight, print the counters and exit 0; SIGUSR1 prints the counters and goes on.

pub mod config;
pub mod live;
pub mod run;
pub mod signals;

pub use config::KeeperConfig;
pub use run::{run, Counters, RunOptions};

use std::path::Path;
use std::process::ExitCode;

/// `ballast keeper --config FILE [--network local|FILE] [--dry-run] [--once]`: exit 0 after a
/// clean stop, 2 for an invalid keeper file, 1 when a start-up check fails.
pub fn command(file: &Path, network: Option<&str>, opts: RunOptions) -> ExitCode {
    let report = |errors: Vec<config::ConfigError>| {
        eprintln!("error: the keeper file is not valid; nothing was sent");
        for e in errors {
            eprintln!("  {e}");
        }
        ExitCode::from(2)
    };
    let mut cfg = match KeeperConfig::load(file) {
        Ok(cfg) => cfg,
        Err(errors) => return report(errors),
    };
    if let Some(spec) = network {
        if let Err(errors) = cfg.override_network(spec) {
            return report(errors);
        }
    }
    signals::install();
    match run(&cfg, opts) {
        Ok(counters) => {
            run::log_line("counters", serde_json::json!(counters));
            let c = &counters;
            eprintln!(
                "keeper stopped: {} sweeps, {} liquidatable accounts seen, {} liquidations{}, \
                 {} failed, {} transactions, fees {}, profit {:.2} {}",
                c.sweeps,
                c.accounts_liquidatable,
                c.liquidations,
                if c.dry_run {
                    " simulated (dry run: nothing sent)"
                } else {
                    ""
                },
                c.failed,
                c.transactions_sent,
                c.fees_paid,
                c.profit,
                c.quote
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
