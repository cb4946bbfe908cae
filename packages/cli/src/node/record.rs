//! The record of a deployment, `deployments/<chain-id>.json`: code ids, checksums, addresses and
//! every transaction with its gas. Written after every transaction, so an interrupted deployment
//! leaves an exact account of what was done, and a re-run continues from it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::client::TxOutcome;

/// A stored code.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CodeRecord {
    /// Code id on the chain.
    pub code_id: u64,
    /// SHA-256 of the Wasm, lower-case hex.
    pub checksum: String,
    /// Store transaction (empty when an identical code was already on the chain).
    pub tx: String,
    /// Gas the store used.
    pub gas_used: u64,
}

/// An instantiated contract.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ContractRecord {
    /// Address.
    pub address: String,
    /// Code id it runs.
    pub code_id: u64,
    /// Instantiate transaction.
    pub tx: String,
    /// Gas the instantiation used.
    pub gas_used: u64,
}

/// One transaction of the deployment.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// What it did, e.g. `list_asset uatom`.
    pub step: String,
    /// Hash.
    pub tx: String,
    /// Block height.
    pub height: u64,
    /// Gas limit.
    pub gas_wanted: u64,
    /// Gas used.
    pub gas_used: u64,
}

/// `deployments/<chain-id>.json`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct DeploymentRecord {
    /// Chain id.
    pub chain_id: String,
    /// Deployer address.
    pub deployer: String,
    /// The deployment file, as given.
    pub deployment_file: String,
    /// Codes by contract (`oracle`, `vault`, `liquidation`, `mock_pyth`).
    pub codes: BTreeMap<String, CodeRecord>,
    /// Contracts by name.
    pub contracts: BTreeMap<String, ContractRecord>,
    /// Every transaction, in order.
    pub steps: Vec<StepRecord>,
    /// Whether the last run finished every step.
    pub complete: bool,
}

impl DeploymentRecord {
    /// Reads `path`; `None` if there is no such file.
    ///
    /// Errors: an unreadable or malformed record, named.
    pub fn load(path: &Path) -> Result<Option<Self>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{}: not a deployment record: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the record to `path` (through a temporary file, so a crash never leaves half a
    /// record).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Appends a transaction.
    pub fn push(&mut self, step: impl Into<String>, tx: &TxOutcome) {
        self.steps.push(StepRecord {
            step: step.into(),
            tx: tx.hash.clone(),
            height: tx.height,
            gas_wanted: tx.gas_wanted,
            gas_used: tx.gas_used,
        });
    }

    /// Whether a step of this name was done.
    pub fn done(&self, step: &str) -> bool {
        self.steps.iter().any(|s| s.step == step)
    }

    /// Address of contract `name`, if deployed.
    pub fn address(&self, name: &str) -> Option<&str> {
        self.contracts.get(name).map(|c| c.address.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_refuses_garbage() {
        let dir = std::env::temp_dir().join(format!("ballast-record-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.json");
        assert_eq!(DeploymentRecord::load(&path), Ok(None));
        let mut r = DeploymentRecord {
            chain_id: "c".into(),
            ..Default::default()
        };
        r.push(
            "list_asset uatom",
            &TxOutcome {
                hash: "AB".into(),
                height: 3,
                code: 0,
                gas_wanted: 200,
                gas_used: 150,
                log: String::new(),
                events: vec![],
            },
        );
        r.save(&path).unwrap();
        let back = DeploymentRecord::load(&path).unwrap().unwrap();
        assert_eq!(back, r);
        assert!(back.done("list_asset uatom") && !back.done("list_asset uosmo"));
        std::fs::write(&path, "{\"chain\": 1}").unwrap();
        assert!(DeploymentRecord::load(&path)
            .unwrap_err()
            .contains("not a deployment record"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
