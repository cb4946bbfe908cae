//! `ballast keeper` on a real wasmd node: ten borrowers, a crash pushed through the mock Pyth
//! feed; a dry run sends nothing; two keepers race for the same accounts (one wins each, the
//! other's failure is logged and it moves on, nothing double-counted); a keeper stopped by
//! SIGINT mid-run finishes its transaction, prints its counters, and a restarted one
//! liquidates the rest; a wrong key, a bad mnemonic, an unreachable node and a bad keeper file
//! each give a clear error.
//!
//! Needs the local node: `scripts/test.sh` starts one and runs
//! `cargo test -p ballast-cli --test 'node_*' -- --ignored`. By hand: `scripts/localnet.sh
//! start`, then the same cargo command (ports from BALLAST_RPC_PORT / BALLAST_API_PORT).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

mod common;

use common::{execute_msg, key, local_deployment, mnemonic, one_at_a_time, push_price, root};

use ballast_cli::node::deploy::{deploy, DeployOptions};
use ballast_cli::node::record::DeploymentRecord;
use ballast_cli::node::signer::FeeSettings;
use ballast_cli::node::{Deployment, Node, Signer};
use cosmrs::bank::MsgSend;
use cosmrs::tx::Msg;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A borrower key of this test, derived from its name (worthless outside the local chain).
fn borrower(i: usize) -> Signer {
    let secret: [u8; 32] = Sha256::digest(format!("ballast keeper test borrower {i}")).into();
    Signer::from_secret(&secret, "wasm").unwrap()
}

/// One `MsgExecuteContract`: contract name, message, funds.
type Exec<'a> = (&'a str, Value, Vec<(u128, &'a str)>);

struct World {
    dir: PathBuf,
    d: Deployment,
    node: Node,
    fees: FeeSettings,
    record: DeploymentRecord,
}

impl World {
    fn addr(&self, contract: &str) -> String {
        self.record.address(contract).unwrap().to_string()
    }

    fn exec(&self, who: &Signer, msgs: Vec<Exec>) {
        let msgs = msgs
            .into_iter()
            .map(|(contract, msg, funds)| execute_msg(who, &self.addr(contract), &msg, &funds))
            .collect();
        self.node
            .send(who, &self.fees, msgs, "keeper test")
            .unwrap_or_else(|e| panic!("{}: {e}", who.address()));
    }

    fn liquidatable(&self) -> Vec<(String, u64)> {
        let mut all = vec![];
        let mut start_after = Value::Null;
        loop {
            let page = self
                .node
                .smart_raw(
                    &self.addr("liquidation"),
                    &json!({"liquidatable_positions": {"start_after": start_after, "limit": 30}}),
                )
                .unwrap();
            for p in page["positions"].as_array().unwrap() {
                all.push((
                    p["owner"].as_str().unwrap().to_string(),
                    p["account"].as_u64().unwrap(),
                ));
            }
            if page["next_start_after"].is_null() {
                return all;
            }
            start_after = page["next_start_after"].clone();
        }
    }

    fn price(&self, denom: &str, price: f64) {
        push_price(&self.d, denom, price);
    }

    /// Liquidations by `liquidator` on chain, found by event query.
    fn liquidations_by(&self, liquidator: &str) -> usize {
        self.node
            .tx_search(&format!("wasm-ballast_liquidate.liquidator='{liquidator}'"))
            .unwrap()
            .iter()
            .filter(|tx| tx.code == 0)
            .count()
    }

    /// Writes a keeper file for `key` and returns its path.
    fn keeper_file(&self, name: &str, key: &str, extra: &str) -> PathBuf {
        let path = self.dir.join(format!("{name}.toml"));
        let keys = root().join("chain/test-keys.toml");
        std::fs::write(
            &path,
            format!(
                "[network]\nchain_id = \"x\"\nrpc = \"http://127.0.0.1:1\"\nrest = \"http://127.0.0.1:1\"\n\
                 prefix = \"wasm\"\nfee_denom = \"stake\"\ngas_price = 0.025\n\n\
                 [key]\nmnemonic_file = {keys:?}\nkey = \"{key}\"\n\n\
                 [contracts]\nrecord = \"ballast-local.json\"\n\n\
                 [strategy]\nfee_price = 0.01\npoll_ms = 100\n{extra}\n\n\
                 [capital]\nuusdc = \"100000000000\"\n",
                keys = keys.to_string_lossy()
            ),
        )
        .unwrap();
        path
    }
}

/// A running keeper: its stdout lines arrive on a channel.
struct Keeper {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<Value>,
}

fn keeper(file: &Path, args: &[&str]) -> Keeper {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .arg("keeper")
        .arg("--config")
        .arg(file)
        .args(["--network", "local"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("    | {line}");
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Keeper {
        child,
        lines,
        seen: vec![],
    }
}

impl Keeper {
    /// Reads lines until `want` holds for one (or the timeout).
    fn until(&mut self, timeout: Duration, want: impl Fn(&Value) -> bool) -> bool {
        let end = Instant::now() + timeout;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let v: Value = serde_json::from_str(&line)
                        .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
                    let hit = want(&v);
                    self.seen.push(v);
                    if hit {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
        false
    }

    /// SIGINT, then waits for the exit and every line; the counters.
    fn interrupt(self) -> (Value, Vec<Value>) {
        // SAFETY: a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        self.finish()
    }

    /// Waits for the exit and every line; the counters.
    fn finish(mut self) -> (Value, Vec<Value>) {
        let status = self.child.wait().unwrap();
        self.until(Duration::from_secs(5), |_| false);
        assert!(status.success(), "keeper exited with {status}");
        let counters = self
            .seen
            .iter()
            .rev()
            .find(|v| v["event"] == "counters")
            .cloned()
            .expect("no counters line");
        (counters, self.seen)
    }
}

fn decisions<'a>(lines: &'a [Value], outcome: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|v| v["event"] == "decision" && v["outcome"] == outcome)
        .collect()
}

fn wait_for(what: &str, timeout: Duration, done: impl Fn() -> bool) {
    let end = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn setup() -> World {
    let dir = root().join("target/node-keeper");
    std::fs::create_dir_all(&dir).unwrap();
    let d = local_deployment(&dir);
    let record = deploy(
        &d,
        DeployOptions {
            fresh: true,
            migrate: false,
        },
        &mut |_| {},
    )
    .unwrap();
    let node = Node::new(&d.network.rest, &d.network.rpc);
    let fees = d.fees();
    World {
        dir,
        d,
        node,
        fees,
        record,
    }
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn the_keeper_liquidates_a_crash_races_another_resumes_and_dry_runs() {
    let _one = one_at_a_time();
    let w = setup();
    // ten borrowers, funded by user3 in one transaction: 100 ATOM each and fee money
    let funder = key("user3");
    let borrowers: Vec<Signer> = (0..10).map(borrower).collect();
    let sends = borrowers
        .iter()
        .map(|b| {
            MsgSend {
                from_address: funder.account_id().clone(),
                to_address: b.account_id().clone(),
                // sorted by denom, as the bank module wants
                amount: vec![
                    cosmrs::Coin {
                        denom: "stake".parse().unwrap(),
                        amount: 10_000_000,
                    },
                    cosmrs::Coin {
                        denom: "uatom".parse().unwrap(),
                        amount: 100_000_000,
                    },
                ],
            }
            .to_any()
            .unwrap()
        })
        .collect();
    w.node
        .send(&funder, &w.fees, sends, "fund borrowers")
        .unwrap();
    w.price("uatom", 10.0);
    // each deposits 100 ATOM (1,000 USD, threshold 0.75) and borrows a different amount:
    // liquidatable below 8.60 ... 6.67 USD per ATOM
    let debts_usd = [645u128, 640, 630, 620, 610, 590, 570, 550, 520, 500];
    for (b, debt) in borrowers.iter().zip(debts_usd) {
        w.exec(
            b,
            vec![
                (
                    "vault",
                    json!({"deposit": {}}),
                    vec![(100_000_000, "uatom")],
                ),
                (
                    "vault",
                    json!({"borrow": {"denom": "uusdc", "amount": (debt * 1_000_000).to_string()}}),
                    vec![],
                ),
            ],
        );
    }
    let ours: BTreeSet<String> = borrowers.iter().map(|b| b.address()).collect();
    let ours_liquidatable = || {
        w.liquidatable()
            .into_iter()
            .filter(|(o, _)| ours.contains(o))
            .count()
    };
    assert_eq!(ours_liquidatable(), 0);

    // ATOM to 8 USD: L = 600 < debt for the first five
    w.price("uatom", 8.0);
    assert_eq!(ours_liquidatable(), 5);
    let (l1, l2) = (key("liquidator"), key("user2"));
    let k1 = w.keeper_file("keeper-1", "liquidator", "");
    let k2 = w.keeper_file("keeper-2", "user2", "");
    // liquidations these keys made earlier on this chain (other tests, other deployments)
    let (base1, base2) = (
        w.liquidations_by(&l1.address()),
        w.liquidations_by(&l2.address()),
    );

    // --dry-run --once: every liquidation simulated and logged, nothing sent
    let stake_before = w.node.balance(&l1.address(), "stake").unwrap();
    let (counters, lines) = keeper(&k1, &["--dry-run", "--once"]).finish();
    assert_eq!(counters["dry_run"], json!(true));
    let simulated = decisions(&lines, "simulated");
    assert_eq!(simulated.len(), 5, "{lines:#?}");
    for d in &simulated {
        assert!(
            d["tx_hash"].is_null() && d["simulated_repay"].is_string(),
            "{d}"
        );
        assert!(
            d["fee"].as_f64().unwrap() > 0.0,
            "the fee is simulated: {d}"
        );
    }
    assert_eq!(counters["transactions_sent"], json!(0));
    assert_eq!(ours_liquidatable(), 5, "a dry run liquidated something");
    assert_eq!(w.liquidations_by(&l1.address()), base1);
    assert_eq!(
        w.node.balance(&l1.address(), "stake").unwrap(),
        stake_before
    );
    // the log never shows the key's mnemonic
    let words = mnemonic("liquidator");
    let first_words: String = words.split(' ').take(3).collect::<Vec<_>>().join(" ");
    assert!(lines.iter().all(|l| !l.to_string().contains(&first_words)));

    // two keepers race for the same five accounts until none is left
    let mut a = keeper(&k1, &[]);
    let mut b = keeper(&k2, &[]);
    assert!(a.until(Duration::from_secs(30), |v| v["event"] == "start"));
    assert!(b.until(Duration::from_secs(30), |v| v["event"] == "start"));
    wait_for("the race's accounts", Duration::from_secs(120), || {
        ours_liquidatable() == 0
    });
    let (ca, la) = a.interrupt();
    let (cb, lb) = b.interrupt();
    let (na, nb) = (
        ca["liquidations"].as_u64().unwrap(),
        cb["liquidations"].as_u64().unwrap(),
    );
    // nothing double-counted: each keeper's count is what the chain recorded for it, and each
    // liquidated decision is one transaction of its own
    assert_eq!(na as usize, w.liquidations_by(&l1.address()) - base1);
    assert_eq!(nb as usize, w.liquidations_by(&l2.address()) - base2);
    assert!(na + nb >= 5, "{na} + {nb} liquidations for five accounts");
    for (lines, n) in [(&la, na), (&lb, nb)] {
        let done = decisions(lines, "liquidated");
        assert_eq!(done.len() as u64, n);
        let hashes: BTreeSet<&str> = done
            .iter()
            .map(|d| d["tx_hash"].as_str().unwrap())
            .collect();
        assert_eq!(hashes.len() as u64, n);
    }
    // the loser's failures are logged with a reason, and it went on
    let failed: Vec<&Value> = decisions(&la, "failed")
        .into_iter()
        .chain(decisions(&lb, "failed"))
        .collect();
    assert_eq!(
        failed.len() as u64,
        ca["failed"].as_u64().unwrap() + cb["failed"].as_u64().unwrap()
    );
    assert!(
        !failed.is_empty(),
        "two keepers on the same accounts in the same blocks never collided"
    );
    assert!(failed.iter().all(|f| f["reason"].is_string()));
    println!(
        "race: keeper-1 {na} liquidations, {} failed; keeper-2 {nb}, {} failed",
        ca["failed"], cb["failed"]
    );

    // ATOM to 5.5 USD: every account liquidatable again, the sickest insolvent; a keeper is
    // stopped by SIGINT right after its first liquidation, and a restarted one finishes
    w.price("uatom", 5.5);
    let before = ours_liquidatable();
    assert!(before >= 8, "{before} liquidatable after the second drop");
    let mut first = keeper(&k1, &[]);
    assert!(
        first.until(Duration::from_secs(60), |v| v["event"] == "decision"
            && v["outcome"] == "liquidated")
    );
    let (c1, _) = first.interrupt();
    let n1 = c1["liquidations"].as_u64().unwrap();
    assert!(n1 >= 1);
    assert!(
        ours_liquidatable() > 0,
        "the interrupted keeper went on after SIGINT"
    );
    let mut second = keeper(&k1, &[]);
    wait_for("the restarted keeper", Duration::from_secs(180), || {
        ours_liquidatable() == 0
    });
    // SIGUSR1: the counters, and it goes on
    // SAFETY: a signal to our own child process.
    unsafe {
        libc::kill(second.child.id() as libc::pid_t, libc::SIGUSR1);
    }
    assert!(second.until(Duration::from_secs(10), |v| v["event"] == "counters"));
    assert!(
        second.child.try_wait().unwrap().is_none(),
        "SIGUSR1 stopped it"
    );
    let (c2, _) = second.interrupt();
    let n2 = c2["liquidations"].as_u64().unwrap();
    assert_eq!(
        (na + n1 + n2) as usize,
        w.liquidations_by(&l1.address()) - base1,
        "keeper-1's runs and the chain disagree"
    );
    println!("after the restart: {n1} + {n2} liquidations; counters of the second run: {c2}");
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn the_keeper_names_a_wrong_key_an_unreachable_node_and_a_bad_file() {
    let _one = one_at_a_time();
    let dir = root().join("target/node-keeper-errors");
    std::fs::create_dir_all(&dir).unwrap();
    let run = |file: &Path, args: &[&str], env: &[(&str, &str)]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
            .arg("keeper")
            .arg("--config")
            .arg(file)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let file = dir.join("keeper.toml");
    std::fs::write(
        &file,
        "[network]\nchain_id = \"ballast-local\"\nrpc = \"http://127.0.0.1:1\"\n\
         rest = \"http://127.0.0.1:1\"\nprefix = \"wasm\"\nfee_denom = \"stake\"\ngas_price = 0.025\n\n\
         [key]\nmnemonic_env = \"BALLAST_TEST_KEEPER_MNEMONIC\"\n\n\
         [contracts]\nrecord = \"ballast-local.json\"\n\n[capital]\nuusdc = \"1000000\"\n",
    )
    .unwrap();
    // a valid mnemonic of a key that never received anything
    let unfunded = format!("{} art", ["abandon"; 23].join(" "));
    let (code, err, _) = run(
        &file,
        &["--network", "local", "--once"],
        &[("BALLAST_TEST_KEEPER_MNEMONIC", &unfunded)],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("has no account") && err.contains("wrong key"),
        "{err}"
    );
    assert!(!err.contains("abandon"), "the mnemonic was printed: {err}");
    // not a mnemonic at all
    let garbage = format!("{} secret", ["abandon"; 23].join(" "));
    let (code, err, _) = run(
        &file,
        &["--network", "local", "--once"],
        &[("BALLAST_TEST_KEEPER_MNEMONIC", &garbage)],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("not a valid BIP-39") && !err.contains("secret"),
        "{err}"
    );
    // no variable
    let (code, err, _) = run(&file, &["--network", "local", "--once"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("BALLAST_TEST_KEEPER_MNEMONIC is not set"),
        "{err}"
    );
    // nothing listens on port 1
    let (code, err, _) = run(
        &file,
        &["--once"],
        &[("BALLAST_TEST_KEEPER_MNEMONIC", &unfunded)],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cannot reach http://127.0.0.1:1"), "{err}");
    // a bad file: every problem, with line and field, exit 2
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("gas_price = 0.025", "gas_price = -1.0")
            .replace("uusdc = \"1000000\"", "uusdc = \"0\""),
    )
    .unwrap();
    let (code, err, _) = run(&bad, &[], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("bad.toml:7: network.gas_price"), "{err}");
    assert!(err.contains("bad.toml:16: capital.uusdc"), "{err}");
}
