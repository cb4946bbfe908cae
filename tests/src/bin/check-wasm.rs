//! Static validation of the built contracts with the CosmWasm VM itself.
//!
//! `cargo run -p ballast-tests --bin check-wasm -- artifacts/*.wasm`
//!
//! For each artifact this does what a chain does on upload (`Cache::save_wasm`): the VM's static
//! checks (exports, imports, memories, tables, the 100-locals-per-function limit, opcodes such as
//! bulk-memory or sign-extension that the VM rejects, required capabilities against those of a
//! current chain) and a full compilation with the VM's compiler. It also refuses any artifact over
//! the upload limit. It exits non-zero on the first failure, naming the file and the reason.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use cosmwasm_vm::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_vm::{capabilities_from_csv, Cache, CacheOptions, Size};

/// Capabilities of a current chain (wasmd 0.50+ with CosmWasm 2.2).
const CHAIN_CAPABILITIES: &str = "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,\
cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2";

/// The upload limit on chain (wasmd's default `MaxWasmSize`).
const MAX_WASM_BYTES: usize = 800 * 1024;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: check-wasm ARTIFACT.wasm...");
        return ExitCode::from(2);
    }
    let dir = std::env::temp_dir().join(format!("ballast-check-wasm-{}", std::process::id()));
    let capabilities: HashSet<String> = capabilities_from_csv(CHAIN_CAPABILITIES);
    let options = CacheOptions::new(&dir, capabilities, Size::mebi(64), Size::mebi(32));
    // SAFETY: the cache directory is private to this process and removed at the end; no other
    // cache instance shares it.
    let cache: Cache<MockApi, MockStorage, MockQuerier> = match unsafe { Cache::new(options) } {
        Ok(cache) => cache,
        Err(err) => {
            eprintln!("cannot create VM cache: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for path in &paths {
        match check(&cache, Path::new(path)) {
            Ok(line) => println!("{line}"),
            Err(reason) => {
                eprintln!("FAIL {path}: {reason}");
                failed = true;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn check(cache: &Cache<MockApi, MockStorage, MockQuerier>, path: &Path) -> Result<String, String> {
    let wasm = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if wasm.len() > MAX_WASM_BYTES {
        return Err(format!(
            "{} bytes is over the {} byte upload limit",
            wasm.len(),
            MAX_WASM_BYTES
        ));
    }
    // Persisted (into this process's private cache directory): `analyze` reads the stored Wasm.
    let checksum = cache
        .store_code(&wasm, true, true)
        .map_err(|e| e.to_string())?;
    let report = cache.analyze(&checksum).map_err(|e| e.to_string())?;
    let entry_points: Vec<String> = report.entrypoints.iter().map(|e| e.to_string()).collect();
    let capabilities: Vec<&str> = report
        .required_capabilities
        .iter()
        .map(String::as_str)
        .collect();
    Ok(format!(
        "ok   {} ({} bytes, {:.1} KiB) entry points [{}] capabilities [{}]",
        path.display(),
        wasm.len(),
        wasm.len() as f64 / 1024.0,
        entry_points.join(", "),
        capabilities.join(", ")
    ))
}
