//! End to end on a real wasmd node: deploy, supply, deposit in two sub-accounts, borrow, push a
//! price drop through the mock Pyth feed, liquidate as a third party (simulation first, then
//! `min_collateral_out`), find the liquidation by event query, crash the price into bad debt and
//! check its write-off; plus the deploy's refusals (wrong chain, an unfunded key).
//!
//! Needs the local node: `scripts/test.sh` starts one (own home and ports), runs
//! `cargo test -p ballast-cli --test node_e2e -- --ignored`, prints the node's last log lines on a
//! failure, and stops it. By hand: `scripts/localnet.sh start`, then the same cargo command (the
//! ports come from BALLAST_RPC_PORT / BALLAST_API_PORT, as for the script).

mod common;

use ballast_cli::node::deploy::{deploy, DeployError, DeployOptions};
use ballast_cli::node::record::DeploymentRecord;
use ballast_cli::node::signer::FeeSettings;
use ballast_cli::node::{Node, NodeError, Signer, TxOutcome};
use ballast_types::events::{BadDebtEvent, BallastEvent, LiquidateEvent};
use common::{
    execute_msg, key, local_deployment as deployment, one_at_a_time, push_price as push, root,
};
use serde_json::{json, Value};

const NEEDS_NODE: &str = "needs the local node; scripts/test.sh runs it";

struct Chain {
    node: Node,
    fees: FeeSettings,
    record: DeploymentRecord,
    txs: Vec<(String, TxOutcome)>,
}

impl Chain {
    fn addr(&self, contract: &str) -> String {
        self.record.address(contract).unwrap().to_string()
    }

    fn exec(
        &mut self,
        what: &str,
        who: &Signer,
        contract: &str,
        msg: Value,
        funds: &[(u128, &str)],
    ) -> Result<TxOutcome, NodeError> {
        let exec = execute_msg(who, &self.addr(contract), &msg, funds);
        let tx = self.node.send(who, &self.fees, vec![exec], what)?;
        self.txs.push((what.to_string(), tx.clone()));
        Ok(tx)
    }

    fn query(&self, contract: &str, msg: Value) -> Value {
        self.node
            .smart_raw(&self.addr(contract), &msg)
            .unwrap_or_else(|e| panic!("{msg}: {e}"))
    }

    fn position(&self, owner: &str, account: u32) -> Value {
        self.query(
            "vault",
            json!({"position": {"owner": owner, "account": account, "kind": "liquidation"}}),
        )
    }

    fn balance(&self, who: &str, denom: &str) -> u128 {
        self.node.balance(who, denom).unwrap()
    }
}

fn amount(v: &Value) -> u128 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an amount: {v}"))
}

fn debt_of(position: &Value, denom: &str) -> u128 {
    position["debts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["denom"] == denom)
        .map(|d| amount(&d["amount"]))
        .unwrap_or(0)
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn deploy_borrow_crash_liquidate_and_write_off_on_the_node() {
    let _one = one_at_a_time();
    let _ = NEEDS_NODE;
    let dir = root().join("target/node-e2e");
    let d = deployment(&dir);
    let record = deploy(
        &d,
        DeployOptions {
            fresh: true,
            migrate: false,
        },
        &mut |l| println!("{l}"),
    )
    .unwrap();
    let mut chain = Chain {
        node: Node::new(&d.network.rest, &d.network.rpc),
        fees: d.fees(),
        record,
        txs: vec![],
    };
    // a second run changes nothing
    let again = deploy(&d, DeployOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(again.contracts, chain.record.contracts);
    assert_eq!(
        again.steps.len(),
        chain.record.steps.len(),
        "a re-run sent transactions"
    );
    for (what, tx) in chain.record.steps.iter().map(|s| (&s.step, s)) {
        chain.txs.push((
            what.clone(),
            TxOutcome {
                hash: tx.tx.clone(),
                height: tx.height,
                code: 0,
                gas_wanted: tx.gas_wanted,
                gas_used: tx.gas_used,
                log: String::new(),
                events: vec![],
            },
        ));
    }

    let (lender, borrower, liquidator) = (key("user1"), key("user2"), key("liquidator"));
    let b = borrower.address();
    // a second lender; the deployer supplied 1,000,000 USDC
    chain
        .exec(
            "supply",
            &lender,
            "vault",
            json!({"supply": {}}),
            &[(50_000_000_000, "uusdc")],
        )
        .unwrap();
    // the borrower: 1,000 ATOM in sub-account 0, 500 ATOM in sub-account 1 (10 USD each)
    chain
        .exec(
            "deposit",
            &borrower,
            "vault",
            json!({"deposit": {"account": 0}}),
            &[(1_000_000_000, "uatom")],
        )
        .unwrap();
    chain
        .exec(
            "deposit (sub-account 1)",
            &borrower,
            "vault",
            json!({"deposit": {"account": 1}}),
            &[(500_000_000, "uatom")],
        )
        .unwrap();
    // borrow close to the limit: 6,400 of 6,500 and 3,200 of 3,250
    let max: Value = chain.query(
        "vault",
        json!({"max_borrow": {"owner": b, "account": 0, "denom": "uusdc"}}),
    );
    assert!(amount(&max["amount"]) >= 6_400_000_000, "max borrow {max}");
    let usdc_before = chain.balance(&b, "uusdc");
    let borrow = chain
        .exec(
            "borrow",
            &borrower,
            "vault",
            json!({"borrow": {"denom": "uusdc", "amount": "6400000000", "account": 0}}),
            &[],
        )
        .unwrap();
    assert_eq!(borrow.attribute("wasm", "action"), Some("borrow"));
    assert_eq!(chain.balance(&b, "uusdc"), usdc_before + 6_400_000_000);
    chain
        .exec(
            "borrow (sub-account 1)",
            &borrower,
            "vault",
            json!({"borrow": {"denom": "uusdc", "amount": "3200000000", "account": 1}}),
            &[],
        )
        .unwrap();
    // too much is refused by the contract, before anything is sent
    let refused = chain.exec(
        "borrow (too much)",
        &borrower,
        "vault",
        json!({"borrow": {"denom": "uusdc", "amount": "1000000000", "account": 0}}),
        &[],
    );
    assert!(
        matches!(refused, Err(NodeError::Simulation { .. })),
        "{refused:?}"
    );
    let healthy = chain.position(&b, 0);
    assert_eq!(healthy["liquidatable"], json!(false), "{healthy}");

    // ATOM falls 20 %: L = 8,000 · 0.75 = 6,000 < 6,400 and 3,000 < 3,200
    push(&d, "uatom", 8.0);
    let page = chain.query("liquidation", json!({"liquidatable_positions": {}}));
    let listed: Vec<(String, u64)> = page["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["owner"].as_str().unwrap().to_string(),
                p["account"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        listed.contains(&(b.clone(), 0)) && listed.contains(&(b.clone(), 1)),
        "{page}"
    );

    // a third party simulates, then liquidates with the simulated amount and a minimum out
    let sim = chain.query(
        "liquidation",
        json!({"simulate_liquidation": {"owner": b, "account": 0, "debt_denom": "uusdc", "collateral_denom": "uatom"}}),
    );
    let (repay, to_liquidator) = (amount(&sim["repay"]), amount(&sim["to_liquidator"]));
    assert!(repay > 0 && to_liquidator > 0, "{sim}");
    let l = liquidator.address();
    let (atom_before, usdc_before) = (chain.balance(&l, "uatom"), chain.balance(&l, "uusdc"));
    let debt_before = debt_of(&chain.position(&b, 0), "uusdc");
    // the debt accrues interest until the block that executes, and a remainder of one unit would
    // be dust, which the contract refuses: a bot sends a little more than the simulation's repay
    // and the contract refunds what it does not use
    let sent = repay + repay / 1000 + 1;
    let tx = chain
        .exec(
            "liquidate",
            &liquidator,
            "liquidation",
            json!({"liquidate": {"owner": b, "account": 0, "collateral_denom": "uatom", "min_collateral_out": to_liquidator.to_string()}}),
            &[(sent, "uusdc")],
        )
        .unwrap();
    let ev = LiquidateEvent::find(&tx.events).unwrap();
    assert_eq!(
        (ev.owner.as_str(), ev.account, ev.liquidator.as_str()),
        (b.as_str(), 0, l.as_str())
    );
    assert!(
        ev.repaid.u128() >= repay && ev.repaid.u128() <= sent,
        "{ev:?} vs {sim}"
    );
    assert_eq!(ev.refunded.u128(), sent - ev.repaid.u128(), "{ev:?}");
    let repay = ev.repaid.u128();
    assert!(ev.to_liquidator.u128() >= to_liquidator, "{ev:?} vs {sim}");
    assert_eq!(tx.attribute("wasm", "action"), Some("liquidate"));
    assert_eq!(
        chain.balance(&l, "uatom"),
        atom_before + ev.to_liquidator.u128()
    );
    assert_eq!(chain.balance(&l, "uusdc"), usdc_before - repay);
    let after = chain.position(&b, 0);
    let debt_after = debt_of(&after, "uusdc");
    assert!(
        debt_after < debt_before && debt_before - debt_after <= repay + 1_000,
        "{debt_before} -> {debt_after}, repaid {repay}"
    );
    // an indexer finds it by event query (no `/` in the type: CometBFT accepts the name)
    let found = chain
        .node
        .tx_search(&format!("wasm-ballast_liquidate.owner='{b}'"))
        .unwrap();
    assert!(
        found.iter().any(|t| t.hash == tx.hash),
        "tx_search: {found:?}"
    );
    let by_type = chain
        .node
        .tx_search(&format!(
            "wasm.action='liquidate' AND tx.height={}",
            tx.height
        ))
        .unwrap();
    assert!(by_type.iter().any(|t| t.hash == tx.hash));

    // a crash to 2 USD: sub-account 1 (500 ATOM = 1,000 USD against 3,200) is insolvent; its
    // liquidation takes all the collateral and the rest of the debt is written off
    push(&d, "uatom", 2.0);
    let sim = chain.query(
        "liquidation",
        json!({"simulate_liquidation": {"owner": b, "account": 1, "debt_denom": "uusdc", "collateral_denom": "uatom"}}),
    );
    assert!(amount(&sim["bad_debt"]) > 0, "{sim}");
    assert_eq!(amount(&sim["seized"]), 500_000_000, "{sim}");
    let market_before = chain.query("vault", json!({"market": {"denom": "uusdc"}}));
    let tx = chain
        .exec(
            "liquidate + bad-debt write-off",
            &liquidator,
            "liquidation",
            json!({"liquidate": {"owner": b, "account": 1, "collateral_denom": "uatom"}}),
            // a margin over the simulation's repay, as above (refunded when not used)
            &[(amount(&sim["repay"]) * 1001 / 1000 + 1, "uusdc")],
        )
        .unwrap();
    let written = BadDebtEvent::find_all(&tx.events).unwrap();
    assert_eq!(written.len(), 1, "{:?}", tx.events);
    assert_eq!(
        (written[0].owner.as_str(), written[0].account),
        (b.as_str(), 1)
    );
    assert_eq!(
        written[0].from_reserves + written[0].from_suppliers,
        written[0].amount
    );
    let gone = chain.position(&b, 1);
    assert!(gone["debts"].as_array().unwrap().is_empty(), "{gone}");
    assert!(gone["collaterals"].as_array().unwrap().is_empty(), "{gone}");
    let market_after = chain.query("vault", json!({"market": {"denom": "uusdc"}}));
    assert!(
        amount(&market_after["total_debt"]) < amount(&market_before["total_debt"]),
        "{market_before} -> {market_after}"
    );
    // an indexer finds the write-off too
    let found = chain
        .node
        .tx_search(&format!("wasm-ballast_bad_debt.owner='{b}'"))
        .unwrap();
    assert!(found.iter().any(|t| t.hash == tx.hash));

    println!("\ngas on the node (gas_used / gas_wanted):");
    for (what, tx) in &chain.txs {
        println!("  {what:<40} {:>9} / {:>9}", tx.gas_used, tx.gas_wanted);
    }
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn deploy_refuses_a_wrong_chain_and_an_unfunded_key_before_sending() {
    let _one = one_at_a_time();
    let dir = root().join("target/node-e2e-refusals");
    let mut d = deployment(&dir);
    // the node serves ballast-local, the file says otherwise
    let wrong_chain = dir.join("wrong-chain.toml");
    std::fs::write(
        &wrong_chain,
        format!(
            "[network]\nchain_id = \"other-1\"\nrpc = \"{}\"\nrest = \"{}\"\nprefix = \"wasm\"\nfee_denom = \"stake\"\ngas_price = 0.025\nlocal = true\n",
            d.network.rpc, d.network.rest
        ),
    )
    .unwrap();
    let mut other = d.clone();
    other
        .override_network(wrong_chain.to_str().unwrap())
        .unwrap();
    let err = deploy(&other, DeployOptions::default(), &mut |_| {}).unwrap_err();
    assert!(
        matches!(
            &err,
            DeployError::Node {
                source: NodeError::WrongChain { .. },
                ..
            }
        ),
        "{err}"
    );
    assert!(
        !other.record_path().exists(),
        "nothing recorded for a chain that was not used"
    );

    // a key that was never funded: refused before anything is sent
    let var = "BALLAST_E2E_UNFUNDED_MNEMONIC";
    std::env::set_var(var, format!("{} art", ["abandon"; 23].join(" ")));
    d.deployer.mnemonic_file = None;
    d.deployer.key = None;
    d.deployer.mnemonic_env = Some(var.into());
    let err = deploy(
        &d,
        DeployOptions {
            fresh: true,
            migrate: false,
        },
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            DeployError::Node {
                source: NodeError::NoAccount { .. },
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("never been funded"), "{err}");

    // a node that is not there
    let mut gone = deployment(&dir);
    gone.network.rpc = "http://127.0.0.1:9".into();
    gone.network.rest = "http://127.0.0.1:9".into();
    let err = deploy(&gone, DeployOptions::default(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("cannot reach"), "{err}");
}

/// A changed artifact: refused without `--migrate`; with it, the new code is stored and the
/// contract's own migrate rule answers (INVARIANTS 27: newer versions only, and this build has
/// the same version), so the contract stays on its code and a re-run still refuses.
#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn a_changed_artifact_needs_migrate_and_the_contract_decides() {
    let _one = one_at_a_time();
    let dir = root().join("target/node-e2e-migrate");
    let mut d = deployment(&dir);
    deploy(
        &d,
        DeployOptions {
            fresh: true,
            migrate: false,
        },
        &mut |_| {},
    )
    .unwrap();
    // the same oracle with a custom section appended: a valid module with another checksum
    let arts = dir.join("artifacts");
    std::fs::create_dir_all(&arts).unwrap();
    let mut sums = String::new();
    for entry in std::fs::read_dir(root().join("artifacts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let mut wasm = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if name == "ballast_oracle.wasm" {
                wasm.extend_from_slice(&[0, 6, 5, b'n', b'o', b't', b'e', b'1']);
            }
            std::fs::write(arts.join(&name), &wasm).unwrap();
            sums.push_str(&format!(
                "{}  {name}\n",
                ballast_cli::node::deploy::sha256_hex(&wasm)
            ));
        }
    }
    std::fs::write(arts.join("checksums.txt"), sums).unwrap();
    d.artifacts.dir = arts.to_string_lossy().into_owned();
    let err = deploy(&d, DeployOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, DeployError::Refused(_)), "{err}");
    assert!(err.to_string().contains("--migrate"), "{err}");
    let err = deploy(
        &d,
        DeployOptions {
            fresh: false,
            migrate: true,
        },
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("migrate oracle"), "{err}");
    assert!(
        err.to_string().contains("newer"),
        "the contract's own rule: {err}"
    );
    let err = deploy(&d, DeployOptions::default(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("--migrate"), "{err}");
}
