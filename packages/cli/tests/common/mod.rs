//! What the node tests share: the repository root, the local chain's test keys, the local
//! deployment file pointed at the environment's node, price pushes, one test at a time.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ballast_cli::node::price::{set_price, PricePush};
use ballast_cli::node::{Deployment, Signer};

/// A `MsgExecuteContract` from `who` to the contract at `contract_addr`, as a transaction's
/// message.
pub fn execute_msg(
    who: &Signer,
    contract_addr: &str,
    msg: &serde_json::Value,
    funds: &[(u128, &str)],
) -> cosmrs::Any {
    use cosmrs::tx::Msg;
    cosmrs::cosmwasm::MsgExecuteContract {
        sender: who.account_id().clone(),
        contract: contract_addr.parse().unwrap(),
        msg: msg.to_string().into_bytes(),
        funds: funds
            .iter()
            .map(|(amount, denom)| cosmrs::Coin {
                denom: denom.parse().unwrap(),
                amount: *amount,
            })
            .collect(),
    }
    .to_any()
    .unwrap()
}

/// The tests of one file share the node and the test keys (two identical store transactions at
/// once would meet in the mempool): one at a time.
static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds the node for one test.
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A TEST-ONLY key of `chain/test-keys.toml`.
pub fn key(name: &str) -> Signer {
    Signer::from_mnemonic(&mnemonic(name), "wasm").unwrap()
}

/// The mnemonic of a TEST-ONLY key.
pub fn mnemonic(name: &str) -> String {
    let text = std::fs::read_to_string(root().join("chain/test-keys.toml")).unwrap();
    let keys: toml::Table = toml::from_str(&text).unwrap();
    keys["mnemonics"][name].as_str().unwrap().to_string()
}

/// `deployments/local.toml` on the node of the environment's ports, recording into `dir` (so a
/// developer's own record of the local chain is left alone).
pub fn local_deployment(dir: &Path) -> Deployment {
    let mut d = Deployment::load(&root().join("deployments/local.toml")).unwrap();
    d.override_network("local").unwrap();
    let mnemonic_file = root().join("chain/test-keys.toml");
    d.deployer.mnemonic_file = Some(mnemonic_file.to_string_lossy().into_owned());
    std::fs::create_dir_all(dir).unwrap();
    d.path = dir.join("local.toml");
    d
}

/// Publishes `price` (quote per whole token) on the mock feed of `denom`.
pub fn push_price(d: &Deployment, denom: &str, price: f64) {
    let push = PricePush {
        denom: denom.into(),
        price,
        conf: None,
        ema: None,
        age_s: 0,
    };
    set_price(d, &push).unwrap_or_else(|e| panic!("price set {denom} {price}: {e}"));
}
