//! The `ballast deploy` and `ballast price set` commands: argument handling and output around
//! [`super::deploy::deploy`] and [`super::price::set_price`].

use std::path::Path;
use std::process::ExitCode;

use super::deploy::{deploy, DeployOptions};
use super::deployment::Deployment;
use super::price::{set_price, PricePush};

fn load(file: &Path, network: Option<&str>) -> Result<Deployment, ExitCode> {
    let report = |errors: Vec<super::DeploymentError>| {
        eprintln!("error: the deployment file is not valid; nothing was sent");
        for e in errors {
            eprintln!("  {e}");
        }
        ExitCode::from(2)
    };
    let mut d = Deployment::load(file).map_err(report)?;
    if let Some(spec) = network {
        d.override_network(spec).map_err(report)?;
    }
    Ok(d)
}

/// `ballast deploy FILE [--network local|FILE] [--migrate] [--fresh]`.
pub fn deploy_command(file: &Path, network: Option<&str>, opts: DeployOptions) -> ExitCode {
    let d = match load(file, network) {
        Ok(d) => d,
        Err(code) => return code,
    };
    match deploy(&d, opts, &mut |line| println!("{line}")) {
        Ok(record) => {
            for (name, c) in &record.contracts {
                println!("{name:>12} {} (code {})", c.address, c.code_id);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("what was done is recorded in {}", d.record_path().display());
            ExitCode::from(1)
        }
    }
}

/// `ballast price set DENOM PRICE [--conf C] [--ema E] [--age S] [--deployment FILE]`.
pub fn price_set_command(file: &Path, network: Option<&str>, push: &PricePush) -> ExitCode {
    let d = match load(file, network) {
        Ok(d) => d,
        Err(code) => return code,
    };
    match set_price(&d, push) {
        Ok(tx) => {
            println!(
                "{} = {} (tx {}, height {}, gas {})",
                push.denom, push.price, tx.hash, tx.height, tx.gas_used
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
