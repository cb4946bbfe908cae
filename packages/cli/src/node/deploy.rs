//! `ballast deploy`: stores the codes, instantiates oracle → vault → liquidation (and the mock
//! Pyth on a local network), wires the liquidation contract into the vault, sets price sources,
//! lists assets, supplies initial liquidity, and records every step in
//! `deployments/<chain-id>.json`.
//!
//! Re-running is safe: what the record and the chain already hold is reused and checked, not
//! redone; a changed artifact is refused unless `--migrate` asks to store it and migrate the
//! contract; a record the chain does not match (a reset chain) is refused unless `--fresh`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ballast_types::liquidation::InstantiateMsg as LiquidationInstantiate;
use ballast_types::oracle::{ExecuteMsg as OracleExecute, InstantiateMsg as OracleInstantiate};
use ballast_types::vault::{ExecuteMsg as VaultExecute, InstantiateMsg as VaultInstantiate};
use cosmrs::cosmwasm::{
    MsgExecuteContract, MsgInstantiateContract, MsgMigrateContract, MsgStoreCode,
};
use cosmrs::tx::Msg;
use cosmrs::{AccountId, Any};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::client::{Node, NodeError, TxOutcome};
use super::deployment::{substitute, Deployment};
use super::record::{CodeRecord, ContractRecord, DeploymentRecord};
use super::signer::{FeeSettings, Signer};

/// The contracts in the order they are deployed, with their artifact file names.
pub const CONTRACTS: [(&str, &str); 4] = [
    ("mock_pyth", "ballast_mock_pyth.wasm"),
    ("oracle", "ballast_oracle.wasm"),
    ("vault", "ballast_vault.wasm"),
    ("liquidation", "ballast_liquidation.wasm"),
];

/// Why a deployment stopped. Everything sent before it is in the record.
#[derive(Error, Debug)]
pub enum DeployError {
    /// An artifact cannot be read or is not listed in `checksums.txt`.
    #[error("artifact {}: {reason}", path.display())]
    Artifact {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// An artifact differs from its checksum.
    #[error("artifact {} has checksum {found}, but checksums.txt says {expected}: rebuild with scripts/build-wasm.sh", path.display())]
    Checksum {
        /// The file.
        path: PathBuf,
        /// From `checksums.txt`.
        expected: String,
        /// Of the file.
        found: String,
    },
    /// The key could not be read.
    #[error("deployer key: {0}")]
    Key(String),
    /// The record cannot be read or written.
    #[error("record: {0}")]
    Record(String),
    /// Doing this would silently redeploy or overwrite something.
    #[error("refused: {0}")]
    Refused(String),
    /// The node or a transaction failed.
    #[error("{step}: {source}")]
    Node {
        /// The step that failed.
        step: String,
        /// What the node said.
        #[source]
        source: NodeError,
    },
}

fn at(step: impl Into<String>) -> impl FnOnce(NodeError) -> DeployError {
    let step = step.into();
    move |source| DeployError::Node { step, source }
}

/// `--migrate` and `--fresh`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DeployOptions {
    /// Store changed artifacts and migrate the contracts to them.
    pub migrate: bool,
    /// Ignore (and overwrite) an existing record of this chain.
    pub fresh: bool,
}

/// One artifact, read and checked.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Contract name (`oracle`, ...).
    pub name: &'static str,
    /// The file.
    pub path: PathBuf,
    /// Its bytes.
    pub wasm: Vec<u8>,
    /// SHA-256, lower-case hex.
    pub checksum: String,
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the artifacts the deployment needs from `dir` and checks each against `checksums.txt`
/// (the `sha256sum` lines `scripts/build-wasm.sh` writes).
///
/// Errors: a missing file or entry, or a checksum that differs.
pub fn read_artifacts(dir: &Path, with_mock: bool) -> Result<Vec<Artifact>, DeployError> {
    let sums_path = dir.join("checksums.txt");
    let sums = std::fs::read_to_string(&sums_path).map_err(|e| DeployError::Artifact {
        path: sums_path.clone(),
        reason: format!("{e} (scripts/build-wasm.sh writes it)"),
    })?;
    let expected: BTreeMap<&str, &str> = sums
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?, parts.next()?))
        })
        .map(|(sum, file)| (file.trim_start_matches('*'), sum))
        .collect();
    CONTRACTS
        .iter()
        .filter(|(name, _)| with_mock || *name != "mock_pyth")
        .map(|(name, file)| {
            let path = dir.join(file);
            let wasm = std::fs::read(&path).map_err(|e| DeployError::Artifact {
                path: path.clone(),
                reason: format!("{e} (build it with scripts/build-wasm.sh)"),
            })?;
            let checksum = sha256_hex(&wasm);
            let want = expected.get(file).ok_or_else(|| DeployError::Artifact {
                path: path.clone(),
                reason: format!("not listed in {}", sums_path.display()),
            })?;
            if !want.eq_ignore_ascii_case(&checksum) {
                return Err(DeployError::Checksum {
                    path,
                    expected: want.to_string(),
                    found: checksum,
                });
            }
            Ok(Artifact {
                name,
                path,
                wasm,
                checksum,
            })
        })
        .collect()
}

/// A deployment in progress: the node, the key, the record.
struct Run<'a> {
    node: Node,
    signer: Signer,
    fees: FeeSettings,
    record: DeploymentRecord,
    record_path: PathBuf,
    log: &'a mut dyn FnMut(&str),
}

impl Run<'_> {
    fn save(&self) -> Result<(), DeployError> {
        self.record
            .save(&self.record_path)
            .map_err(DeployError::Record)
    }

    fn send(&mut self, step: &str, msgs: Vec<Any>) -> Result<TxOutcome, DeployError> {
        let tx = self
            .node
            .send(
                &self.signer,
                &self.fees,
                msgs,
                &format!("ballast deploy: {step}"),
            )
            .map_err(at(step))?;
        (self.log)(&format!(
            "  {step}: tx {} (height {}, gas {} of {})",
            tx.hash, tx.height, tx.gas_used, tx.gas_wanted
        ));
        Ok(tx)
    }

    fn account_id(&self, address: &str, what: &str) -> Result<AccountId, DeployError> {
        address.parse().map_err(|e| {
            DeployError::Refused(format!("{what}: {address:?} is not an address: {e}"))
        })
    }

    /// Resolves `$deployer`, `$oracle`, ... to addresses (as far as they exist).
    fn resolve(&self, value: &mut Value) {
        let deployer = self.signer.address();
        let record = &self.record;
        substitute(value, &|p| match p {
            "$deployer" => Some(deployer.clone()),
            other => record.address(&other[1..]).map(str::to_string),
        });
    }

    fn resolved(&self, s: &str) -> String {
        let mut v = Value::String(s.to_string());
        self.resolve(&mut v);
        v.as_str().unwrap_or(s).to_string()
    }

    fn execute(
        &mut self,
        step: &str,
        contract: &str,
        msg: &impl Serialize,
        funds: Vec<cosmrs::Coin>,
    ) -> Result<TxOutcome, DeployError> {
        let mut value =
            serde_json::to_value(msg).map_err(|e| DeployError::Record(e.to_string()))?;
        self.resolve(&mut value);
        let contract_addr = self
            .record
            .address(contract)
            .unwrap_or_default()
            .to_string();
        let exec = MsgExecuteContract {
            sender: self.signer.account_id().clone(),
            contract: self.account_id(&contract_addr, contract)?,
            msg: value.to_string().into_bytes(),
            funds,
        };
        let any = exec
            .to_any()
            .map_err(|e| at(step)(NodeError::Build(e.to_string())))?;
        let tx = self.send(step, vec![any])?;
        self.record.push(step, &tx);
        self.save()?;
        Ok(tx)
    }

    fn query(&self, contract: &str, msg: &Value) -> Result<Result<Value, String>, DeployError> {
        let addr = self.record.address(contract).unwrap_or_default();
        match self.node.smart_raw(addr, msg) {
            Ok(v) => Ok(Ok(v)),
            Err(NodeError::Query { message, .. }) => Ok(Err(message)),
            Err(e) => Err(at(format!("query {contract}"))(e)),
        }
    }
}

/// Whether every field given in `want` has the same value in `have` (fields `want` leaves out
/// or sets to null are the contract's defaults, which it stores filled in).
fn matches(want: &Value, have: &Value) -> bool {
    match (want, have) {
        (Value::Null, _) => true,
        (Value::Object(w), Value::Object(h)) => w
            .iter()
            .all(|(k, v)| matches(v, h.get(k).unwrap_or(&Value::Null))),
        (Value::Array(w), Value::Array(h)) => {
            w.len() == h.len() && w.iter().zip(h).all(|(a, b)| matches(a, b))
        }
        (w, h) => w == h,
    }
}

/// Unix seconds of an RFC 3339 UTC time such as `2026-11-29T23:59:59.123Z`.
pub fn unix_seconds(rfc3339: &str) -> Option<i64> {
    let (date, time) = rfc3339.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>());
    let (y, m, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let time = time.trim_end_matches('Z');
    let mut t = time.split(':');
    let (hh, mm) = (
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
    );
    let ss = t.next()?.split('.').next()?.parse::<i64>().ok()?;
    // days from civil (proleptic Gregorian)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// The mock Pyth `SetFeed` for a price in quote currency per whole token, at `publish_time`
/// (mantissas with exponent −8; confidence 0.1 % of the price unless given).
pub fn mock_feed_msg(
    feed_id: &str,
    price: f64,
    conf: Option<f64>,
    ema: Option<f64>,
    publish_time: i64,
) -> Value {
    let m = |x: f64| (x * 1e8).round() as i64;
    json!({"set_feed": {
        "id": feed_id,
        "price": m(price),
        "conf": m(conf.unwrap_or(price * 0.001)).max(0),
        "expo": -8,
        "publish_time": publish_time,
        "ema_price": m(ema.unwrap_or(price)),
        "ema_conf": m(conf.unwrap_or(price * 0.001)).max(0),
    }})
}

/// Deploys `d`; `log` receives one line per action.
///
/// Errors: see [`DeployError`]; the record holds everything done before the error.
pub fn deploy(
    d: &Deployment,
    opts: DeployOptions,
    log: &mut dyn FnMut(&str),
) -> Result<DeploymentRecord, DeployError> {
    // Everything that can be checked without sending is checked first.
    let mnemonic = d.deployer_mnemonic().map_err(DeployError::Key)?;
    let signer = Signer::from_mnemonic(&mnemonic, d.prefix())
        .map_err(|e| DeployError::Key(e.to_string()))?;
    let artifacts = read_artifacts(Path::new(&d.artifacts.dir), d.mock_pyth)?;
    let node = Node::new(&d.network.rest, &d.network.rpc);
    let status = node.expect_chain(d.chain_id()).map_err(at("node"))?;
    log(&format!(
        "chain {} at height {}, deployer {}",
        status.chain_id,
        status.height,
        signer.address()
    ));
    if node
        .account(&signer.address())
        .map_err(at("deployer account"))?
        .is_none()
    {
        return Err(at("deployer account")(NodeError::NoAccount {
            address: signer.address(),
            chain_id: d.chain_id().to_string(),
        }));
    }
    for l in &d.liquidity {
        let have = node
            .balance(&signer.address(), &l.denom)
            .map_err(at("balances"))?;
        if have < l.amount.u128() {
            return Err(DeployError::Refused(format!(
                "liquidity {}{}: the deployer holds only {have}{}",
                l.amount, l.denom, l.denom
            )));
        }
    }

    let record_path = d.record_path();
    let existing = DeploymentRecord::load(&record_path).map_err(DeployError::Record)?;
    let record = match existing {
        Some(r) if !opts.fresh => {
            if r.chain_id != d.chain_id() || r.deployer != signer.address() {
                return Err(DeployError::Refused(format!(
                    "{} records chain {} and deployer {}, not {} and {}",
                    record_path.display(),
                    r.chain_id,
                    r.deployer,
                    d.chain_id(),
                    signer.address()
                )));
            }
            for (name, c) in &r.contracts {
                match node.contract_info(&c.address).map_err(at(format!("check {name}")))? {
                    Some(info) if info.code_id == c.code_id => {}
                    Some(info) => {
                        return Err(DeployError::Refused(format!(
                            "{name} at {} runs code {} but {} records {}: it was changed outside this tool",
                            c.address,
                            info.code_id,
                            record_path.display(),
                            c.code_id
                        )))
                    }
                    None => {
                        return Err(DeployError::Refused(format!(
                            "{} names {name} at {}, which chain {} does not have (was the chain reset?); \
                             pass --fresh to deploy anew and overwrite the record",
                            record_path.display(),
                            c.address,
                            d.chain_id()
                        )))
                    }
                }
            }
            log(&format!("continuing from {}", record_path.display()));
            r
        }
        _ => DeploymentRecord {
            chain_id: d.chain_id().to_string(),
            deployer: signer.address(),
            deployment_file: d.path.display().to_string(),
            ..Default::default()
        },
    };
    let mut run = Run {
        node,
        fees: d.fees(),
        signer,
        record,
        record_path,
        log,
    };
    run.record.complete = false;
    run.save()?;

    // 1. codes
    let on_chain = run.node.codes().map_err(at("list codes"))?;
    let mut to_migrate = vec![];
    for art in &artifacts {
        let recorded = run.record.codes.get(art.name).cloned();
        if let Some(code) = &recorded {
            if code.checksum == art.checksum {
                if on_chain
                    .iter()
                    .any(|c| c.code_id == code.code_id && c.checksum == art.checksum)
                {
                    continue;
                }
                return Err(DeployError::Refused(format!(
                    "code {} of {} is not on the chain with checksum {}",
                    code.code_id, art.name, art.checksum
                )));
            }
            if run.record.contracts.contains_key(art.name) {
                if !opts.migrate {
                    return Err(DeployError::Refused(format!(
                        "{} changed since it was deployed (checksum {} → {}); rerun with --migrate \
                         to store it and migrate {}",
                        art.path.display(),
                        short(&code.checksum),
                        short(&art.checksum),
                        art.name
                    )));
                }
                to_migrate.push(art.name);
            }
        }
        let code = match on_chain.iter().find(|c| c.checksum == art.checksum) {
            Some(c) => {
                (run.log)(&format!(
                    "  store {}: code {} is already on the chain",
                    art.name, c.code_id
                ));
                CodeRecord {
                    code_id: c.code_id,
                    checksum: art.checksum.clone(),
                    tx: String::new(),
                    gas_used: 0,
                }
            }
            None => {
                let step = format!("store {}", art.name);
                let msg = MsgStoreCode {
                    sender: run.signer.account_id().clone(),
                    wasm_byte_code: art.wasm.clone(),
                    instantiate_permission: None,
                };
                let any = msg
                    .to_any()
                    .map_err(|e| at(&step)(NodeError::Build(e.to_string())))?;
                let tx = run.send(&step, vec![any])?;
                let code_id = tx
                    .attribute("store_code", "code_id")
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| {
                        at(&step)(NodeError::Build("no store_code.code_id event".into()))
                    })?;
                if let Some(sum) = tx.attribute("store_code", "code_checksum") {
                    if !sum.eq_ignore_ascii_case(&art.checksum) {
                        return Err(DeployError::Refused(format!(
                            "the chain stored {} with checksum {sum}, not {}",
                            art.name, art.checksum
                        )));
                    }
                }
                run.record.push(&step, &tx);
                CodeRecord {
                    code_id,
                    checksum: art.checksum.clone(),
                    tx: tx.hash.clone(),
                    gas_used: tx.gas_used,
                }
            }
        };
        run.record.codes.insert(art.name.to_string(), code);
        run.save()?;
    }

    // 2. contracts, in order; migrations of changed codes
    let admin = match d.artifacts.admin.as_str() {
        "none" => None,
        a => Some(run.resolved(a)),
    };
    let admin_id = admin
        .as_deref()
        .map(|a| run.account_id(a, "artifacts.admin"))
        .transpose()?;
    for art in &artifacts {
        let code_id = run.record.codes[art.name].code_id;
        // a contract still on older code (e.g. a migration that failed after its code was
        // stored) is migrated only when asked
        let behind = run
            .record
            .contracts
            .get(art.name)
            .is_some_and(|c| c.code_id != code_id);
        if behind && !to_migrate.contains(&art.name) {
            if !opts.migrate {
                return Err(DeployError::Refused(format!(
                    "{} runs code {} but its artifact is code {code_id}; rerun with --migrate to \
                     migrate it",
                    art.name, run.record.contracts[art.name].code_id
                )));
            }
            to_migrate.push(art.name);
        }
        if to_migrate.contains(&art.name) {
            let step = format!("migrate {}", art.name);
            let address = run.record.address(art.name).unwrap_or_default().to_string();
            let msg = MsgMigrateContract {
                sender: run.signer.account_id().clone(),
                contract: run.account_id(&address, art.name)?,
                code_id,
                msg: b"{}".to_vec(),
            };
            let any = msg
                .to_any()
                .map_err(|e| at(&step)(NodeError::Build(e.to_string())))?;
            let tx = run.send(&step, vec![any])?;
            run.record.push(&step, &tx);
            if let Some(c) = run.record.contracts.get_mut(art.name) {
                c.code_id = code_id;
            }
            run.save()?;
            continue;
        }
        if run.record.contracts.contains_key(art.name) {
            (run.log)(&format!(
                "  {}: {} (code {code_id}), unchanged",
                art.name,
                run.record.address(art.name).unwrap_or_default()
            ));
            continue;
        }
        let deployer = run.signer.address();
        let mut msg = match art.name {
            "mock_pyth" => Ok(json!({})),
            "oracle" => serde_json::to_value(OracleInstantiate {
                owner: deployer,
                quote_symbol: d.oracle.quote_symbol.clone(),
                quote_decimals: d.oracle.quote_decimals,
            }),
            "vault" => serde_json::to_value(VaultInstantiate {
                owner: deployer,
                oracle: "$oracle".into(),
                liquidation: None,
                treasury: d.vault.treasury.clone(),
                guardian: d.vault.guardian.clone(),
                min_debt_value: d.vault.min_debt_value,
                max_assets_per_account: *d.vault.max_assets_per_account.get_ref(),
            }),
            _ => serde_json::to_value(LiquidationInstantiate {
                owner: deployer,
                vault: "$vault".into(),
                treasury: d
                    .liquidation
                    .treasury
                    .clone()
                    .unwrap_or_else(|| d.vault.treasury.clone()),
                policy: d.liquidation.policy.get_ref().clone(),
            }),
        }
        .map_err(|e| DeployError::Record(e.to_string()))?;
        run.resolve(&mut msg);
        let label = match art.name {
            "oracle" => d.oracle.label.clone(),
            "vault" => d.vault.label.clone(),
            "liquidation" => d.liquidation.label.clone(),
            _ => None,
        }
        .unwrap_or_else(|| format!("ballast-{}", art.name.replace('_', "-")));
        let step = format!("instantiate {}", art.name);
        let inst = MsgInstantiateContract {
            sender: run.signer.account_id().clone(),
            admin: admin_id.clone(),
            code_id,
            label: Some(label),
            msg: msg.to_string().into_bytes(),
            funds: vec![],
        };
        let any = inst
            .to_any()
            .map_err(|e| at(&step)(NodeError::Build(e.to_string())))?;
        let tx = run.send(&step, vec![any])?;
        let address = tx
            .attribute("instantiate", "_contract_address")
            .ok_or_else(|| {
                at(&step)(NodeError::Build(
                    "no instantiate._contract_address event".into(),
                ))
            })?
            .to_string();
        (run.log)(&format!("  {} at {address}", art.name));
        run.record.push(&step, &tx);
        run.record.contracts.insert(
            art.name.to_string(),
            ContractRecord {
                address,
                code_id,
                tx: tx.hash.clone(),
                gas_used: tx.gas_used,
            },
        );
        run.save()?;
    }

    // 3. wiring: the vault accepts settlements from the liquidation contract
    let liquidation = run
        .record
        .address("liquidation")
        .unwrap_or_default()
        .to_string();
    let config = run
        .query("vault", &json!({"config": {}}))?
        .map_err(|m| DeployError::Refused(format!("the vault's config cannot be read: {m}")))?;
    if config["liquidation"].as_str() != Some(liquidation.as_str()) {
        let msg = VaultExecute::UpdateConfig {
            oracle: None,
            liquidation: Some(liquidation.clone()),
            treasury: None,
            guardian: None,
            min_debt_value: None,
            max_assets_per_account: None,
        };
        run.execute("wire liquidation into vault", "vault", &msg, vec![])?;
    }

    // 4. mock feeds (local only) before the sources that read them: a source must answer when set
    if d.mock_pyth {
        let now = unix_seconds(&run.node.status().map_err(at("status"))?.time).unwrap_or(0);
        for p in &d.prices {
            let (Some(mock), ballast_types::oracle::PriceSource::Pyth { feed_id, .. }) =
                (&p.mock, &p.source)
            else {
                continue;
            };
            let exists = run
                .query("mock_pyth", &json!({"price_feed": {"id": feed_id}}))?
                .is_ok();
            if exists {
                continue;
            }
            let msg = mock_feed_msg(feed_id, mock.price, mock.conf, mock.ema_price, now);
            run.execute(&format!("mock feed {}", p.denom), "mock_pyth", &msg, vec![])?;
        }
    }

    // 5. price sources
    for p in &d.prices {
        let mut want =
            serde_json::to_value(&p.source).map_err(|e| DeployError::Record(e.to_string()))?;
        run.resolve(&mut want);
        let have = run.query("oracle", &json!({"price_source": {"denom": p.denom}}))?;
        if let Ok(have) = &have {
            if have["decimals"] == json!(p.decimals) && matches(&want, &have["source"]) {
                (run.log)(&format!("  price source {}: unchanged", p.denom));
                continue;
            }
        }
        let msg =
            json!({"set_price_source": {"denom": p.denom, "decimals": p.decimals, "source": want}});
        // the typed message checks the shape before it is sent
        serde_json::from_value::<OracleExecute>(msg.clone())
            .map_err(|e| DeployError::Refused(format!("price source {}: {e}", p.denom)))?;
        run.execute(
            &format!("set_price_source {}", p.denom),
            "oracle",
            &msg,
            vec![],
        )?;
    }

    // 6. assets
    for a in &d.assets {
        let have = run.query("vault", &json!({"asset": {"denom": a.denom}}))?;
        match have {
            Err(_) => {
                let msg = VaultExecute::ListAsset {
                    denom: a.denom.clone(),
                    decimals: a.decimals,
                    collateral: a.collateral.clone(),
                    lending: a.lending.clone(),
                };
                run.execute(&format!("list_asset {}", a.denom), "vault", &msg, vec![])?;
            }
            Ok(have) => {
                if have["decimals"] != json!(a.decimals) {
                    return Err(DeployError::Refused(format!(
                        "{} is listed with {} decimals, the file says {}: decimals cannot change",
                        a.denom, have["decimals"], a.decimals
                    )));
                }
                let want_c = serde_json::to_value(&a.collateral).unwrap_or_default();
                let want_l = serde_json::to_value(&a.lending).unwrap_or_default();
                let same =
                    matches(&want_c, &have["collateral"]) && matches(&want_l, &have["lending"]);
                if same {
                    (run.log)(&format!("  asset {}: unchanged", a.denom));
                    continue;
                }
                let msg = VaultExecute::UpdateAsset {
                    denom: a.denom.clone(),
                    collateral: a.collateral.clone(),
                    lending: a.lending.clone(),
                    threshold_ramp_s: None,
                };
                run.execute(&format!("update_asset {}", a.denom), "vault", &msg, vec![])?;
            }
        }
    }

    // 7. initial liquidity, once
    for l in &d.liquidity {
        let step = format!("supply {}", l.denom);
        if run.record.done(&step) {
            (run.log)(&format!("  {step}: done before"));
            continue;
        }
        let denom = l
            .denom
            .parse()
            .map_err(|e| DeployError::Refused(format!("{step}: {e}")))?;
        let funds = vec![cosmrs::Coin {
            denom,
            amount: l.amount.u128(),
        }];
        run.execute(
            &step,
            "vault",
            &VaultExecute::Supply { on_behalf_of: None },
            funds,
        )?;
    }

    run.record.complete = true;
    run.save()?;
    (run.log)(&format!("deployed; record: {}", run.record_path.display()));
    Ok(run.record)
}

fn short(checksum: &str) -> &str {
    &checksum[..checksum.len().min(12)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_read_as_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(
            unix_seconds("2026-11-29T23:59:59.123456789Z"),
            Some(1_795_996_799)
        );
        assert_eq!(unix_seconds("yesterday"), None);
    }

    #[test]
    fn given_fields_must_match_and_defaults_may_be_filled_in() {
        let want = json!({"pyth": {"feed_id": "ab", "liquidation_max_staleness_s": null}});
        let have = json!({"pyth": {"feed_id": "ab", "liquidation_max_staleness_s": 3600}});
        assert!(matches(&want, &have));
        assert!(!matches(&json!({"pyth": {"feed_id": "cd"}}), &have));
        assert!(!matches(&json!({"fixed": {"price": "1"}}), &have));
    }

    #[test]
    fn artifacts_are_checked_against_their_checksums() {
        let dir = std::env::temp_dir().join(format!("ballast-artifacts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files = [
            "ballast_oracle.wasm",
            "ballast_vault.wasm",
            "ballast_liquidation.wasm",
        ];
        let mut sums = String::new();
        for f in files {
            std::fs::write(dir.join(f), f.as_bytes()).unwrap();
            sums.push_str(&format!("{}  {f}\n", sha256_hex(f.as_bytes())));
        }
        std::fs::write(dir.join("checksums.txt"), &sums).unwrap();
        let arts = read_artifacts(&dir, false).unwrap();
        assert_eq!(arts.len(), 3);
        assert_eq!(arts[0].name, "oracle");
        // the mock is needed but missing
        assert!(matches!(
            read_artifacts(&dir, true),
            Err(DeployError::Artifact { .. })
        ));
        // one byte changed
        std::fs::write(dir.join("ballast_vault.wasm"), b"ballast_vault.wasX").unwrap();
        let err = read_artifacts(&dir, false).unwrap_err();
        assert!(matches!(err, DeployError::Checksum { .. }), "{err}");
        assert!(err.to_string().contains("scripts/build-wasm.sh"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn mock_feeds_use_exponent_minus_8() {
        let m = mock_feed_msg("ab", 10.5, None, None, 100);
        assert_eq!(m["set_feed"]["price"], json!(1_050_000_000i64));
        assert_eq!(m["set_feed"]["conf"], json!(1_050_000i64));
        assert_eq!(m["set_feed"]["expo"], json!(-8));
    }
}
