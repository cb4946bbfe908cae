//! The keeper file (`ballast keeper --config KEEPER.toml`): which node, which key, which
//! contracts, how it decides, how much of each debt denom it may spend. Read and checked in full
//! before anything is sent; every problem is reported with the file, line and field.
//!
//! ```toml
//! [network]     # as in deployment files: chain_id, rpc, rest, prefix, fee_denom, gas_price, ...
//! [key]         # mnemonic_env = "VAR" | mnemonic_file = "path" (+ key = "name" of its [mnemonics])
//! [contracts]   # record = "ballast-local.json" (what `ballast deploy` wrote) | liquidation = "wasm1…"
//! [strategy]    # min_profit, slippage, max_per_block, repay_margin, fee_price, poll_ms, backoff_max_s
//! [capital]     # denom = "amount": the most of each debt denom one liquidation may spend
//! ```
//!
//! Paths are relative to the keeper file. The mnemonic is read when the keeper starts and never
//! printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cosmwasm_std::{Decimal, Uint128};
use serde::Deserialize;
use toml::Spanned;

use crate::node::deployment::{
    check_key_source, check_network, line_of, network_override, read_file, toml_error, KeySource,
    Network,
};
use crate::node::record::DeploymentRecord;
use crate::node::DeploymentError;

/// One problem in a keeper file (file, line, field, message).
pub type ConfigError = DeploymentError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeeper {
    network: Network,
    key: Spanned<KeySource>,
    contracts: Spanned<RawContracts>,
    #[serde(default)]
    strategy: RawStrategy,
    #[serde(default)]
    capital: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContracts {
    record: Option<String>,
    liquidation: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStrategy {
    min_profit: Option<Spanned<f64>>,
    slippage: Option<Spanned<f64>>,
    max_per_block: Option<Spanned<i64>>,
    repay_margin: Option<Spanned<f64>>,
    fee_price: Option<Spanned<f64>>,
    poll_ms: Option<Spanned<i64>>,
    backoff_max_s: Option<Spanned<i64>>,
}

/// How the keeper decides and paces itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    /// Smallest profit worth a transaction, whole quote units, after the fee and the selling
    /// slippage. Default 0.
    pub min_profit: f64,
    /// Share of the seized collateral's value lost selling it, in `[0, 0.5]`. Default 0.005.
    pub slippage: f64,
    /// Most liquidations per block, 1 to 100. Default 10.
    pub max_per_block: u32,
    /// Share of a full liquidation's simulated repayment sent on top (refunded when unused), in
    /// `[0, 0.05]`: the debt accrues interest between the simulation and the block. Default
    /// 0.001.
    pub repay_margin: Decimal,
    /// Price of one smallest unit of the fee denom in quote smallest units, for the profit
    /// check; `None` = the oracle's price of the fee denom (the keeper refuses to start when the
    /// oracle has none).
    pub fee_price: Option<f64>,
    /// How often the node is asked for a new block, ms, 50 to 60,000. Default 300.
    pub poll_ms: u64,
    /// Longest wait between retries after the node failed to answer, s, 1 to 600. Default 30.
    pub backoff_max_s: u64,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy {
            min_profit: 0.0,
            slippage: 0.005,
            max_per_block: 10,
            repay_margin: Decimal::permille(1),
            fee_price: None,
            poll_ms: 300,
            backoff_max_s: 30,
        }
    }
}

/// A checked keeper file.
#[derive(Debug, Clone)]
pub struct KeeperConfig {
    /// The file.
    pub path: PathBuf,
    /// The node and fees.
    pub network: Network,
    /// Where the key's mnemonic comes from.
    pub key: KeySource,
    /// The liquidation contract's address, or `None` when it comes from the record.
    pub liquidation: Option<String>,
    /// The deployment record naming the contracts (relative paths resolved).
    pub record: Option<PathBuf>,
    /// The strategy.
    pub strategy: Strategy,
    /// The most of each debt denom one liquidation may spend; a debt denom not listed is never
    /// repaid (the keeper passes such accounts over for capital).
    pub capital: BTreeMap<String, Uint128>,
}

impl KeeperConfig {
    /// Reads and checks `path`.
    ///
    /// Errors: every problem found, each with its line and field.
    pub fn load(path: &Path) -> Result<Self, Vec<ConfigError>> {
        Self::parse(path, &read_file(path)?)
    }

    /// Checks `text` as the contents of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Vec<ConfigError>> {
        let raw: RawKeeper = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
        let mut errors = vec![];
        let err = |line: usize, field: &str, message: String| ConfigError {
            file: path.to_path_buf(),
            line,
            field: field.to_string(),
            message,
        };
        check_network(path, text, &raw.network, &mut errors);
        check_key_source(path, text, &raw.key, "key", &mut errors);

        let contracts = raw.contracts.get_ref();
        let contracts_line = line_of(text, &raw.contracts.span());
        if contracts.record.is_some() == contracts.liquidation.is_some() {
            errors.push(err(
                contracts_line,
                "contracts",
                "give exactly one of record (a deployment record) and liquidation (an address)"
                    .into(),
            ));
        }
        if let Some(addr) = &contracts.liquidation {
            let prefix = format!("{}1", raw.network.prefix.get_ref());
            if !addr.starts_with(&prefix) {
                errors.push(err(
                    contracts_line,
                    "contracts.liquidation",
                    format!("{addr:?} is not an address of this network (prefix {prefix})"),
                ));
            }
        }

        let s = &raw.strategy;
        let mut strategy = Strategy::default();
        let mut real = |value: &Option<Spanned<f64>>, field: &str, lo: f64, hi: f64| {
            let v = value.as_ref()?;
            let x = *v.get_ref();
            if x.is_finite() && (lo..=hi).contains(&x) {
                Some(x)
            } else {
                errors.push(err(
                    line_of(text, &v.span()),
                    &format!("strategy.{field}"),
                    format!("{x} must be between {lo} and {hi}"),
                ));
                None
            }
        };
        if let Some(x) = real(&s.min_profit, "min_profit", 0.0, 1e15) {
            strategy.min_profit = x;
        }
        if let Some(x) = real(&s.slippage, "slippage", 0.0, 0.5) {
            strategy.slippage = x;
        }
        if let Some(x) = real(&s.repay_margin, "repay_margin", 0.0, 0.05) {
            // at most 18 decimals: a decimal of the string the float prints
            strategy.repay_margin = format!("{x:.12}").parse().unwrap_or_default();
        }
        strategy.fee_price = real(&s.fee_price, "fee_price", 0.0, 1e18);
        let mut whole = |value: &Option<Spanned<i64>>, field: &str, lo: i64, hi: i64| {
            let v = value.as_ref()?;
            let x = *v.get_ref();
            if (lo..=hi).contains(&x) {
                Some(x)
            } else {
                errors.push(err(
                    line_of(text, &v.span()),
                    &format!("strategy.{field}"),
                    format!("{x} must be between {lo} and {hi}"),
                ));
                None
            }
        };
        if let Some(x) = whole(&s.max_per_block, "max_per_block", 1, 100) {
            strategy.max_per_block = x as u32;
        }
        if let Some(x) = whole(&s.poll_ms, "poll_ms", 50, 60_000) {
            strategy.poll_ms = x as u64;
        }
        if let Some(x) = whole(&s.backoff_max_s, "backoff_max_s", 1, 600) {
            strategy.backoff_max_s = x as u64;
        }

        let mut capital = BTreeMap::new();
        for (denom, amount) in &raw.capital {
            let line = line_of(text, &amount.span());
            match amount.get_ref().parse::<u128>() {
                Ok(a) if a > 0 => {
                    capital.insert(denom.clone(), Uint128::new(a));
                }
                _ => errors.push(err(
                    line,
                    &format!("capital.{denom}"),
                    format!(
                        "{:?} must be a positive whole number of smallest units, as a string",
                        amount.get_ref()
                    ),
                )),
            }
        }
        if raw.capital.is_empty() {
            errors.push(err(
                0,
                "capital",
                "list at least one debt denom the keeper may spend, e.g. uusdc = \"1000000000\""
                    .into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let RawContracts {
            record,
            liquidation,
        } = raw.contracts.into_inner();
        Ok(KeeperConfig {
            path: path.to_path_buf(),
            network: raw.network,
            key: raw.key.into_inner(),
            liquidation,
            record: record.map(|r| dir.join(r)),
            strategy,
            capital,
        })
    }

    /// Replaces `[network]` (`local` or a TOML file with a `[network]` table).
    ///
    /// Errors: the file's problems, with line and field.
    pub fn override_network(&mut self, spec: &str) -> Result<(), Vec<ConfigError>> {
        self.network = network_override(spec)?.1;
        Ok(())
    }

    /// The liquidation contract's address: given, or from the deployment record.
    ///
    /// Errors: a record that cannot be read, is for another chain, or names no liquidation
    /// contract.
    pub fn liquidation_address(&self) -> Result<String, String> {
        if let Some(addr) = &self.liquidation {
            return Ok(addr.clone());
        }
        let Some(path) = &self.record else {
            return Err("no contracts.record and no contracts.liquidation".into());
        };
        let record = DeploymentRecord::load(path)?.ok_or_else(|| {
            format!(
                "{}: no deployment record (run `ballast deploy` first)",
                path.display()
            )
        })?;
        let chain_id = self.network.chain_id.get_ref();
        if &record.chain_id != chain_id {
            return Err(format!(
                "{}: a record of chain {:?}, not {chain_id:?}",
                path.display(),
                record.chain_id
            ));
        }
        record
            .address("liquidation")
            .map(str::to_string)
            .ok_or_else(|| format!("{}: no liquidation contract recorded", path.display()))
    }

    /// The mnemonic (never echoed in an error).
    ///
    /// Errors: a message naming the variable or file.
    pub fn mnemonic(&self) -> Result<String, String> {
        crate::node::deployment::read_mnemonic(&self.key, &self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[network]
chain_id = "ballast-local"
rpc = "http://127.0.0.1:26657"
rest = "http://127.0.0.1:1317"
prefix = "wasm"
fee_denom = "stake"
gas_price = 0.025

[key]
mnemonic_env = "KEEPER_MNEMONIC"

[contracts]
record = "ballast-local.json"

[strategy]
min_profit = 1.5
max_per_block = 4

[capital]
uusdc = "1000000"
"#;

    #[test]
    fn a_good_file_and_its_defaults() {
        let c = KeeperConfig::parse(Path::new("d/keeper.toml"), GOOD).unwrap();
        assert_eq!(c.record, Some(PathBuf::from("d/ballast-local.json")));
        assert_eq!(c.strategy.min_profit, 1.5);
        assert_eq!(c.strategy.max_per_block, 4);
        assert_eq!(c.strategy.slippage, 0.005);
        assert_eq!(c.strategy.repay_margin, Decimal::permille(1));
        assert_eq!(c.capital["uusdc"], Uint128::new(1_000_000));
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_field() {
        let bad = GOOD
            .replace("min_profit = 1.5", "min_profit = -1.0\nslippage = 0.9")
            .replace("max_per_block = 4", "max_per_block = 0")
            .replace("uusdc = \"1000000\"", "uusdc = \"lots\"")
            .replace("record = \"ballast-local.json\"", "");
        let errors = KeeperConfig::parse(Path::new("k.toml"), &bad).unwrap_err();
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        let find = |field: &str| {
            lines
                .iter()
                .find(|l| l.contains(field))
                .unwrap_or_else(|| panic!("{field} not in {lines:#?}"))
        };
        assert!(
            find("strategy.min_profit").starts_with("k.toml:17:"),
            "{lines:#?}"
        );
        assert!(find("strategy.slippage").starts_with("k.toml:18:"));
        assert!(find("strategy.max_per_block").starts_with("k.toml:19:"));
        assert!(find("capital.uusdc").contains("positive whole number"));
        assert!(find("contracts").contains("exactly one of record"));
        assert_eq!(errors.len(), 5, "{lines:#?}");
    }

    #[test]
    fn unknown_fields_and_a_missing_key_source_are_refused() {
        let typo = GOOD.replace("max_per_block", "max_per_blok");
        let e = KeeperConfig::parse(Path::new("k.toml"), &typo).unwrap_err();
        assert_eq!(e[0].field, "max_per_blok", "{e:?}");
        assert_eq!(e[0].line, 18, "{e:?}");
        let both = GOOD.replace(
            "mnemonic_env = \"KEEPER_MNEMONIC\"",
            "mnemonic_env = \"A\"\nmnemonic_file = \"b\"",
        );
        let e = KeeperConfig::parse(Path::new("k.toml"), &both).unwrap_err();
        assert!(e[0].message.contains("exactly one"), "{e:?}");
    }

    #[test]
    fn a_missing_record_and_another_chains_record_are_named() {
        let dir = std::env::temp_dir().join(format!("ballast-keeper-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = KeeperConfig::parse(&dir.join("keeper.toml"), GOOD).unwrap();
        assert!(c
            .liquidation_address()
            .unwrap_err()
            .contains("run `ballast deploy` first"));
        let record = DeploymentRecord {
            chain_id: "other-chain".into(),
            ..Default::default()
        };
        record.save(&dir.join("ballast-local.json")).unwrap();
        assert!(c
            .liquidation_address()
            .unwrap_err()
            .contains("not \"ballast-local\""));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
