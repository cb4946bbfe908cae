//! Gas from the node: the protocol script of `tests/src/script.rs` (the one the VM differential
//! test and the gas report run) sent as real transactions to the local wasmd node, each gas-report
//! line's `gas_used` and `gas_wanted` written to `target/node-gas.json` (read by
//! `cargo run -p ballast-tests --bin gas-report`); then borrow, withdraw and liquidate measured with
//! 10 and with 1,000 accounts in the vault.
//!
//! Needs the local node (`scripts/test.sh` runs it, as `node_e2e` in ballast-cli). The script's
//! users get keys derived from their names and are funded from the test key `user3`; the
//! script's addresses (MockApi's) are rewritten to the node's in every message. Time cannot be
//! advanced on a node, so the script's `Advance` steps are skipped: interest differs from the
//! VM run, gas per action does not depend on it beyond a few bytes of stored numbers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ballast_cli::node::deploy::{read_artifacts, Artifact};
use ballast_cli::node::signer::FeeSettings;
use ballast_cli::node::{Node, NodeError, Signer, TxOutcome};
use ballast_tests::script::{self, user, Action, Chain, Kind, USERS};
use ballast_tests::vm::Usage;
use cosmrs::bank::MsgSend;
use cosmrs::cosmwasm::{MsgExecuteContract, MsgInstantiateContract, MsgStoreCode};
use cosmrs::tx::Msg;
use cosmrs::Any;
use cosmwasm_std::{Addr, Binary, Coin};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn port(var: &str, default: u16) -> u16 {
    std::env::var(var)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default)
}

fn test_key(name: &str) -> Signer {
    let text = std::fs::read_to_string(root().join("chain/test-keys.toml")).unwrap();
    let keys: toml_lite::Keys = toml_lite::parse(&text);
    Signer::from_mnemonic(keys.get(name), "wasm").unwrap()
}

/// The few lines of `chain/test-keys.toml` this test needs (`name = "mnemonic"`).
mod toml_lite {
    pub struct Keys(Vec<(String, String)>);
    impl Keys {
        pub fn get(&self, name: &str) -> &str {
            &self.0.iter().find(|(k, _)| k == name).unwrap().1
        }
    }
    pub fn parse(text: &str) -> Keys {
        Keys(
            text.lines()
                .filter_map(|l| {
                    let (k, v) = l.split_once('=')?;
                    let v = v.trim().strip_prefix('"')?.strip_suffix('"')?;
                    Some((k.trim().to_string(), v.to_string()))
                })
                .collect(),
        )
    }
}

/// The script's chain, on the node.
struct NodeChain {
    node: Node,
    fees: FeeSettings,
    faucet: Signer,
    /// MockApi address -> the user's node key.
    users: BTreeMap<String, Signer>,
    artifacts: Vec<Artifact>,
    codes: BTreeMap<Kind, u64>,
    /// The last transaction sent.
    last: Option<TxOutcome>,
    skipped_seconds: u64,
}

impl NodeChain {
    fn new() -> Self {
        let node = Node::new(
            &format!("http://127.0.0.1:{}", port("BALLAST_API_PORT", 1317)),
            &format!("http://127.0.0.1:{}", port("BALLAST_RPC_PORT", 26657)),
        );
        let fees = FeeSettings {
            chain_id: node.status().expect("the local node is running").chain_id,
            fee_denom: "stake".into(),
            gas_price: 0.025,
            gas_adjustment: 1.3,
        };
        let mut names: Vec<&str> = USERS.to_vec();
        names.extend(["liquidator", "treasury", "owner"]);
        let users = names
            .into_iter()
            .map(|name| {
                let secret: [u8; 32] =
                    Sha256::digest(format!("ballast protocol script: {name}")).into();
                (
                    user(name).to_string(),
                    Signer::from_secret(&secret, "wasm").unwrap(),
                )
            })
            .collect();
        let mut chain = NodeChain {
            node,
            fees,
            faucet: test_key("user3"),
            users,
            artifacts: read_artifacts(&root().join("artifacts"), false)
                .expect("scripts/build-wasm.sh first"),
            codes: BTreeMap::new(),
            last: None,
            skipped_seconds: 0,
        };
        // every user pays its own fees: stake for all, in one transaction
        let faucet = test_key("user3");
        let sends = chain
            .users
            .values()
            .map(|u| {
                MsgSend {
                    from_address: faucet.account_id().clone(),
                    to_address: u.account_id().clone(),
                    amount: vec![cosmrs::Coin {
                        denom: "stake".parse().unwrap(),
                        amount: 10_000_000_000,
                    }],
                }
                .to_any()
                .unwrap()
            })
            .collect();
        chain.send(&faucet, sends).expect("fee funds");
        chain
    }

    fn signer(&self, addr: &Addr) -> &Signer {
        self.users
            .get(addr.as_str())
            .unwrap_or_else(|| panic!("no key for {addr}"))
    }

    /// The message with every script address replaced by the node's.
    fn rewrite(&self, msg: &[u8]) -> Vec<u8> {
        let mut text = String::from_utf8_lossy(msg).into_owned();
        for (mock, signer) in &self.users {
            text = text.replace(mock.as_str(), &signer.address());
        }
        text.into_bytes()
    }

    fn node_addr(&self, addr: &Addr) -> String {
        self.users
            .get(addr.as_str())
            .map(Signer::address)
            .unwrap_or_else(|| addr.to_string())
    }

    fn send(&mut self, who: &Signer, msgs: Vec<Any>) -> Result<TxOutcome, NodeError> {
        let tx = self.node.send(who, &self.fees, msgs, "ballast node gas")?;
        self.last = Some(tx.clone());
        Ok(tx)
    }

    /// As the bank module wants them: sorted by denom.
    fn coins(coins: &[Coin]) -> Vec<cosmrs::Coin> {
        let mut coins = coins.to_vec();
        coins.sort_by(|a, b| a.denom.cmp(&b.denom));
        coins
            .iter()
            .map(|c| cosmrs::Coin {
                denom: c.denom.parse().unwrap(),
                amount: c.amount.to_string().parse().unwrap(),
            })
            .collect()
    }
}

impl Chain for NodeChain {
    fn instantiate(&mut self, kind: Kind, sender: &Addr, msg: Binary) -> Result<Addr, String> {
        let signer = self.signer(sender).account_id().clone();
        if !self.codes.contains_key(&kind) {
            let wasm = self
                .artifacts
                .iter()
                .find(|a| a.path.ends_with(format!("{}.wasm", kind.artifact())))
                .unwrap()
                .wasm
                .clone();
            let store = MsgStoreCode {
                sender: self.faucet.account_id().clone(),
                wasm_byte_code: wasm,
                instantiate_permission: None,
            };
            let faucet = test_key("user3");
            let tx = self
                .send(&faucet, vec![store.to_any().unwrap()])
                .map_err(|e| e.to_string())?;
            let id = tx
                .attribute("store_code", "code_id")
                .unwrap()
                .parse()
                .unwrap();
            self.codes.insert(kind, id);
        }
        let inst = MsgInstantiateContract {
            sender: signer,
            admin: None,
            code_id: self.codes[&kind],
            label: Some(kind.artifact().into()),
            msg: self.rewrite(msg.as_slice()),
            funds: vec![],
        };
        let who = Signer::from_secret(&self.secret_of(sender), "wasm").unwrap();
        let tx = self
            .send(&who, vec![inst.to_any().unwrap()])
            .map_err(|e| e.to_string())?;
        Ok(Addr::unchecked(
            tx.attribute("instantiate", "_contract_address").unwrap(),
        ))
    }

    fn execute(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: Binary,
        funds: &[Coin],
    ) -> Result<Option<Usage>, String> {
        let exec = MsgExecuteContract {
            sender: self.signer(sender).account_id().clone(),
            contract: contract.as_str().parse().map_err(|e| format!("{e}"))?,
            msg: self.rewrite(msg.as_slice()),
            funds: Self::coins(funds),
        };
        let who = Signer::from_secret(&self.secret_of(sender), "wasm").unwrap();
        self.last = None;
        self.send(&who, vec![exec.to_any().unwrap()])
            .map(|_| None)
            .map_err(|e| e.to_string())
    }

    fn query(&self, contract: &Addr, msg: Binary) -> Result<Binary, String> {
        let msg: Value =
            serde_json::from_slice(&self.rewrite(msg.as_slice())).map_err(|e| e.to_string())?;
        self.node
            .smart_raw(contract.as_str(), &msg)
            .map(|v| Binary::new(v.to_string().into_bytes()))
            .map_err(|e| e.to_string())
    }

    fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.node.balance(&self.node_addr(addr), denom).unwrap_or(0)
    }

    fn mint(&mut self, addr: &Addr, coins: &[Coin]) {
        let amount = Self::coins(coins);
        let send = MsgSend {
            from_address: self.faucet.account_id().clone(),
            to_address: self.node_addr(addr).parse().unwrap(),
            amount,
        };
        let faucet = test_key("user3");
        self.send(&faucet, vec![send.to_any().unwrap()])
            .expect("faucet send");
    }

    fn advance(&mut self, seconds: u64) {
        self.skipped_seconds += seconds;
    }
}

impl NodeChain {
    fn secret_of(&self, addr: &Addr) -> [u8; 32] {
        let mut names: Vec<&str> = USERS.to_vec();
        names.extend(["liquidator", "treasury", "owner"]);
        let name = names
            .into_iter()
            .find(|n| user(n) == *addr)
            .unwrap_or_else(|| panic!("no user {addr}"));
        Sha256::digest(format!("ballast protocol script: {name}")).into()
    }
}

/// gas_used and gas_wanted of one transaction.
fn gas(tx: &TxOutcome) -> Value {
    json!({"gas_used": tx.gas_used, "gas_wanted": tx.gas_wanted})
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn the_protocol_script_on_the_node_and_gas_at_10_and_1000_accounts() {
    let mut chain = NodeChain::new();
    let deployment = script::deploy(&mut chain);
    let mut lines = serde_json::Map::new();
    let mut surprises = vec![];
    for step in script::steps() {
        let result = script::apply(&mut chain, &deployment, &step);
        if matches!(step.action, Action::Advance(_)) {
            continue;
        }
        match (&result, step.expect_ok) {
            (Ok(_), true) | (Err(_), false) => {}
            (Ok(_), false) => surprises.push(format!("{}: succeeded on the node", step.label)),
            (Err(e), true) => surprises.push(format!("{}: failed on the node: {e}", step.label)),
        }
        if let (Some(line), Ok(_), Some(tx)) = (step.gas, &result, &chain.last) {
            lines.insert(line.to_string(), gas(tx));
        }
    }
    println!(
        "skipped {} s of script time (a node's clock cannot be moved)",
        chain.skipped_seconds
    );
    for s in &surprises {
        println!("  {s}");
    }
    assert!(
        surprises.is_empty(),
        "the script behaved differently on the node: {surprises:#?}"
    );
    assert!(lines.len() >= 15, "{lines:?}");

    // ---- 10 and 1,000 accounts ----
    let vault = deployment.addr(Kind::Vault).to_string();
    let liquidation = deployment.addr(Kind::Liquidation).to_string();
    let oracle = deployment.addr(Kind::Oracle).to_string();
    let owner_key = Signer::from_secret(&chain.secret_of(&user("owner")), "wasm").unwrap();
    let bulk = test_key("user3");
    let mut next_account = 100u32;
    let exec = |contract: &str, who: &Signer, msg: Value, funds: Vec<cosmrs::Coin>| -> Any {
        MsgExecuteContract {
            sender: who.account_id().clone(),
            contract: contract.parse().unwrap(),
            msg: msg.to_string().into_bytes(),
            funds,
        }
        .to_any()
        .unwrap()
    };
    let coin = |amount: u128, denom: &str| cosmrs::Coin {
        denom: denom.parse().unwrap(),
        amount,
    };
    // accounts of `user3`: 100 ATOM (1,000 USD) each, borrowing 100 USDC; 40 accounts a tx
    let mut add_accounts = |chain: &mut NodeChain, n: u32| {
        let mut left = n;
        while left > 0 {
            let batch = left.min(40);
            let mut msgs = vec![];
            for _ in 0..batch {
                let a = next_account;
                next_account += 1;
                msgs.push(exec(
                    &vault,
                    &bulk,
                    json!({"deposit": {"account": a}}),
                    vec![coin(100_000_000, "uatom")],
                ));
                msgs.push(exec(
                    &vault,
                    &bulk,
                    json!({"borrow": {"denom": "uusdc", "amount": "100000000", "account": a}}),
                    vec![],
                ));
            }
            chain.send(&bulk, msgs).expect("bulk accounts");
            left -= batch;
        }
    };
    let price = |chain: &mut NodeChain, denom: &str, p: &str, decimals: u8| {
        let msg = json!({"set_price_source": {"denom": denom, "decimals": decimals, "source": {"fixed": {"price": p}}}});
        chain
            .send(&owner_key, vec![exec(&oracle, &owner_key, msg, vec![])])
            .expect("price");
    };
    // one target account of `user2` per phase (sub-accounts 10 and 11: the e2e test uses 0 and
    // 1): 10,000 OSMO against USDC, measured borrowing, withdrawing and being liquidated; OSMO's
    // fixed price (quote units per uosmo) is set for each phase
    let target = test_key("user2");
    let t_addr = target.address();
    let measure = |chain: &mut NodeChain,
                   phase: &str,
                   account: u32,
                   osmo_price: &str,
                   crash: &str|
     -> BTreeMap<&'static str, u64> {
        price(chain, "uosmo", osmo_price, 6);
        let mut out = BTreeMap::new();
        chain
            .send(
                &target,
                vec![exec(
                    &vault,
                    &target,
                    json!({"deposit": {"account": account}}),
                    vec![coin(10_000_000_000, "uosmo")],
                )],
            )
            .unwrap();
        let max: Value = chain
            .node
            .smart_raw(
                &vault,
                &json!({"max_borrow": {"owner": t_addr, "account": account, "denom": "uusdc"}}),
            )
            .unwrap();
        let max: u128 = max["amount"].as_str().unwrap().parse().unwrap();
        let borrow = (max * 97 / 100).to_string();
        let tx = chain
            .send(
                &target,
                vec![exec(
                    &vault,
                    &target,
                    json!({"borrow": {"denom": "uusdc", "amount": borrow, "account": account}}),
                    vec![],
                )],
            )
            .unwrap();
        out.insert("borrow", tx.gas_used);
        let tx = chain
            .send(&target, vec![exec(&vault, &target, json!({"withdraw": {"denom": "uosmo", "amount": "10000000", "account": account}}), vec![])])
            .unwrap();
        out.insert("withdraw", tx.gas_used);
        price(chain, "uosmo", crash, 6);
        let sim = chain
            .node
            .smart_raw(&liquidation, &json!({"simulate_liquidation": {"owner": t_addr, "account": account, "debt_denom": "uusdc", "collateral_denom": "uosmo"}}))
            .unwrap_or_else(|e| panic!("{phase}: {e}"));
        let repay: u128 = sim["repay"].as_str().unwrap().parse().unwrap();
        // the debt accrues interest until the block that executes: a whole-debt repay needs a
        // little more than the simulation's; the contract refunds what is not used
        let repay = repay + repay / 1000 + 1;
        let liquidator = test_key("liquidator");
        let tx = chain
            .send(&liquidator, vec![exec(&liquidation, &liquidator, json!({"liquidate": {"owner": t_addr, "account": account, "collateral_denom": "uosmo"}}), vec![coin(repay, "uusdc")])])
            .unwrap();
        out.insert("liquidate", tx.gas_used);
        println!("{phase}: {out:?}");
        out
    };
    // the script's lenders redeemed everything: liquidity for the bulk and target loans
    chain
        .send(
            &bulk,
            vec![exec(
                &vault,
                &bulk,
                json!({"supply": {}}),
                vec![coin(10_000_000_000_000, "uusdc")],
            )],
        )
        .expect("supply");
    // once unmeasured: on a fresh chain the first liquidation of OSMO writes keys no later one
    // writes again (about 13,000 gas more), whatever the number of accounts
    measure(&mut chain, "warm-up", 9, "0.5", "0.35");
    add_accounts(&mut chain, 10);
    let at_10 = measure(&mut chain, "10 accounts", 10, "0.5", "0.35");
    add_accounts(&mut chain, 990);
    let at_1000 = measure(&mut chain, "1,000 accounts", 11, "0.35", "0.25");
    let mut scale = serde_json::Map::new();
    for (action, g10) in &at_10 {
        let g1000 = at_1000[action];
        let diff = (g1000 as f64 - *g10 as f64) / *g10 as f64;
        println!(
            "{action}: {g10} at 10 accounts, {g1000} at 1,000 ({:+.3} %)",
            diff * 100.0
        );
        // what differs is the length of stored numbers (totals grow), not the number of accounts
        assert!(diff.abs() < 0.01, "{action}: {g10} -> {g1000}");
        scale.insert(action.to_string(), json!({"10": g10, "1000": g1000}));
    }
    let out = json!({
        "chain_id": chain.fees.chain_id,
        "note": "gas_used / gas_wanted of each gas-report line's transaction on the local wasmd node (tests/tests/node_gas.rs); gas_wanted = simulated gas × 1.3",
        "lines": lines,
        "scale": scale,
        "skipped_script_seconds": chain.skipped_seconds,
    });
    let path = root().join("target/node-gas.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
    println!("wrote {}", path.display());
}
