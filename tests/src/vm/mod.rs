//! A small in-process router that runs the real Wasm artifacts on the CosmWasm VM
//! (`cosmwasm-vm`, pinned like the chain's wasmvm) — a test harness, not a chain.
//!
//! What it does:
//! - stores code (`artifacts/<crate>.wasm`) and instantiates contracts at addresses made like
//!   test users' (`MockApi::addr_make`, bech32 `cosmwasm…`);
//! - keeps bank balances; funds sent with a call move before the contract runs;
//! - runs `execute`/`instantiate` on a fresh VM instance per call, then dispatches the response's
//!   messages in order: `BankMsg::Send`, `WasmMsg::Execute` and `WasmMsg::Instantiate`, as
//!   submessages with replies (`reply_on` success / error / always) and rollback of a failed
//!   submessage's changes, like wasmd;
//! - answers queries from contracts: `WasmQuery::Smart` runs the target's `query` on its own
//!   instance (also while the caller is executing, e.g. the vault asking the oracle for prices),
//!   `WasmQuery::Raw` reads its storage, `BankQuery::Balance` reads the bank;
//! - rolls a whole failed transaction back (a journal of storage, bank and contract changes);
//! - advances block time and height between steps;
//! - counts what each transaction costs on wasmd's cost model ([`cost`], [`cost::Usage`]): contracts
//!   entered, VM gas, storage operations and bytes (with wasmd's per-contract key prefix), events.
//!
//! Not supported (not used by Ballast): IBC, staking, custom messages, `Instantiate2`, migrate and
//! admin messages, `msg_responses` in replies (left empty; `data` is set).

pub mod cost;
mod storage;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};

use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, BalanceResponse, BankMsg, BankQuery, Binary,
    BlockInfo, Checksum, Coin, ContractInfo, ContractResult, CosmosMsg, Empty, Env, Event,
    MessageInfo, QueryRequest, Reply, ReplyOn, Response, SubMsgResponse, SubMsgResult, SystemError,
    SystemResult, Timestamp, TransactionInfo, Uint256, WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::MockApi;
use cosmwasm_vm::{
    call_execute, call_instantiate, call_query, call_reply, capabilities_from_csv, Backend,
    BackendError, BackendResult, Cache, CacheOptions, GasInfo, Instance, InstanceOptions, Querier,
    Size,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use cost::Usage;
pub use storage::VmStorage;

/// Capabilities of a current chain (wasmd 0.50+ with CosmWasm 2.2), as in `check-wasm`.
const CHAIN_CAPABILITIES: &str = "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,\
cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2";

/// Gas limit of each VM call in CosmWasm gas: 100M SDK gas, far above any message of ours.
const GAS_LIMIT: u64 = 100_000_000 * cost::GAS_MULTIPLIER;

/// Seconds per block when time advances (height follows time).
const BLOCK_SECONDS: u64 = 5;

/// The artifacts directory at the workspace root.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("artifacts")
}

/// Reads `artifacts/<name>.wasm`, failing with what to run when it is missing.
pub fn read_artifact(name: &str) -> Vec<u8> {
    let path = artifacts_dir().join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read {} ({err}): build the Wasm artifacts first with scripts/build-wasm.sh \
             (CI builds them before the tests)",
            path.display()
        )
    })
}

type VmInstance = Instance<MockApi, VmStorage, VmQuerier>;

/// An event as the chain reports it (`wasm-<type>` for custom events, `_contract_address` first).
pub type AppEvent = Event;

/// The result of one transaction.
#[derive(Clone, Debug)]
pub struct AppResponse {
    /// Events of every contract call in the transaction, in order.
    pub events: Vec<AppEvent>,
    /// The `data` of the top-level call (or of the last reply that set it).
    pub data: Option<Binary>,
    /// What the transaction cost on the cost model.
    pub usage: Usage,
}

/// Events and data of one contract call with everything it dispatched.
type CallOutput = (Vec<Event>, Option<Binary>);

/// A change the journal can undo.
pub(crate) enum Undo {
    Kv {
        contract: String,
        key: Vec<u8>,
        old: Option<Vec<u8>>,
    },
    Bank {
        addr: String,
        denom: String,
        old: Uint256,
    },
    Contract {
        addr: String,
    },
}

struct ContractData {
    code_id: u64,
    kv: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// Everything the contracts can observe; borrowed only briefly, never across a VM call.
pub(crate) struct World {
    codes: Vec<Checksum>,
    contracts: BTreeMap<String, ContractData>,
    bank: BTreeMap<(String, String), Uint256>,
    block: BlockInfo,
    instances: u64,
    pub(crate) journal: Vec<Undo>,
    pub(crate) usage: Usage,
}

impl World {
    pub(crate) fn kv(&self, contract: &str) -> Result<&BTreeMap<Vec<u8>, Vec<u8>>, BackendError> {
        self.contracts
            .get(contract)
            .map(|c| &c.kv)
            .ok_or_else(|| BackendError::unknown(format!("no contract {contract}")))
    }

    pub(crate) fn kv_mut(
        &mut self,
        contract: &str,
    ) -> Result<&mut BTreeMap<Vec<u8>, Vec<u8>>, BackendError> {
        self.contracts
            .get_mut(contract)
            .map(|c| &mut c.kv)
            .ok_or_else(|| BackendError::unknown(format!("no contract {contract}")))
    }

    fn balance(&self, addr: &str, denom: &str) -> Uint256 {
        self.bank
            .get(&(addr.to_string(), denom.to_string()))
            .copied()
            .unwrap_or_default()
    }

    fn set_balance(&mut self, addr: &str, denom: &str, amount: Uint256) {
        let key = (addr.to_string(), denom.to_string());
        let old = self.bank.insert(key, amount).unwrap_or_default();
        self.journal.push(Undo::Bank {
            addr: addr.to_string(),
            denom: denom.to_string(),
            old,
        });
    }

    fn rollback(&mut self, checkpoint: usize) {
        while self.journal.len() > checkpoint {
            match self.journal.pop() {
                Some(Undo::Kv { contract, key, old }) => {
                    if let Some(c) = self.contracts.get_mut(&contract) {
                        match old {
                            Some(v) => c.kv.insert(key, v),
                            None => c.kv.remove(&key),
                        };
                    }
                }
                Some(Undo::Bank { addr, denom, old }) => {
                    self.bank.insert((addr, denom), old);
                }
                Some(Undo::Contract { addr }) => {
                    self.contracts.remove(&addr);
                }
                None => break,
            }
        }
    }
}

pub(crate) struct Shared {
    me: Weak<Shared>,
    api: MockApi,
    cache: Cache<MockApi, VmStorage, VmQuerier>,
    cache_dir: PathBuf,
    pub(crate) world: RefCell<World>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.cache_dir);
    }
}

/// The router. Cheap to create; each stored code is compiled once per router.
pub struct VmApp {
    shared: Rc<Shared>,
}

impl Default for VmApp {
    fn default() -> Self {
        Self::new()
    }
}

impl VmApp {
    /// A router with no code, no contracts and an empty bank, at height 12,345 and a fixed time.
    pub fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let cache_dir = std::env::temp_dir().join(format!(
            "ballast-vm-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let options = CacheOptions::new(
            &cache_dir,
            capabilities_from_csv(CHAIN_CAPABILITIES),
            Size::mebi(200),
            Size::mebi(32),
        );
        // SAFETY: the directory is private to this router (process id + counter) and removed when
        // the router is dropped; no other cache uses it.
        let cache = unsafe { Cache::new(options) }.expect("cannot create the VM cache");
        let world = World {
            codes: Vec::new(),
            contracts: BTreeMap::new(),
            bank: BTreeMap::new(),
            block: BlockInfo {
                height: 12_345,
                time: Timestamp::from_seconds(1_700_000_000),
                chain_id: "ballast-vm".to_string(),
            },
            instances: 0,
            journal: Vec::new(),
            usage: Usage::default(),
        };
        let shared = Rc::new_cyclic(|me| Shared {
            me: me.clone(),
            api: MockApi::default(),
            cache,
            cache_dir,
            world: RefCell::new(world),
        });
        VmApp { shared }
    }

    /// A user address made the way `cosmwasm_std::testing::MockApi::addr_make` (and so
    /// cw-multi-test) makes it, so the same names give the same addresses on both.
    pub fn addr_make(&self, name: &str) -> Addr {
        Addr::unchecked(self.shared.api.addr_make(name))
    }

    /// Stores Wasm code (static checks and compilation as on upload); returns its code id.
    pub fn store_code(&self, wasm: &[u8]) -> u64 {
        let checksum = self
            .shared
            .cache
            .store_code(wasm, true, true)
            .unwrap_or_else(|e| panic!("the VM rejects the code: {e}"));
        self.shared
            .cache
            .pin(&checksum)
            .unwrap_or_else(|e| panic!("cannot pin the code: {e}"));
        let mut world = self.shared.world.borrow_mut();
        world.codes.push(checksum);
        world.codes.len() as u64
    }

    /// Stores `artifacts/<name>.wasm` (e.g. `ballast_oracle`); see [`read_artifact`].
    pub fn store_artifact(&self, name: &str) -> u64 {
        self.store_code(&read_artifact(name))
    }

    /// Gives `addr` coins out of nothing (genesis).
    pub fn mint(&self, addr: &Addr, coin: &Coin) {
        let mut world = self.shared.world.borrow_mut();
        let balance = world.balance(addr.as_str(), &coin.denom) + coin.amount;
        world.set_balance(addr.as_str(), &coin.denom, balance);
        world.journal.clear();
    }

    /// Bank balance of `addr` in `denom`.
    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        let amount = self.shared.world.borrow().balance(addr.as_str(), denom);
        cosmwasm_std::Uint128::try_from(amount)
            .expect("balance above u128")
            .u128()
    }

    /// The current block.
    pub fn block(&self) -> BlockInfo {
        self.shared.world.borrow().block.clone()
    }

    /// Moves time forward by `seconds` and the height by one block per 5 seconds (at least one).
    pub fn advance(&self, seconds: u64) {
        let mut world = self.shared.world.borrow_mut();
        world.block.time = world.block.time.plus_seconds(seconds);
        world.block.height += (seconds / BLOCK_SECONDS).max(1);
    }

    /// Number of storage entries a contract holds.
    pub fn storage_len(&self, contract: &Addr) -> usize {
        let world = self.shared.world.borrow();
        world.kv(contract.as_str()).map_or(0, BTreeMap::len)
    }

    /// Every storage entry of a contract, in key order (keys without wasmd's prefix).
    pub fn storage_entries(&self, contract: &Addr) -> Vec<(Vec<u8>, Vec<u8>)> {
        let world = self.shared.world.borrow();
        world.kv(contract.as_str()).map_or_else(
            |_| Vec::new(),
            |kv| kv.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        )
    }

    /// Instantiates `code_id` as a top-level transaction from `sender`; returns the address.
    pub fn instantiate<M: Serialize>(
        &self,
        code_id: u64,
        sender: &Addr,
        msg: &M,
        funds: &[Coin],
        label: &str,
    ) -> Result<Addr, String> {
        let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
        self.instantiate_raw(code_id, sender, &msg, funds, label)
    }

    /// [`Self::instantiate`] with the message as JSON bytes.
    pub fn instantiate_raw(
        &self,
        code_id: u64,
        sender: &Addr,
        msg: &[u8],
        funds: &[Coin],
        label: &str,
    ) -> Result<Addr, String> {
        let ((addr, _), _) =
            self.transaction(|s| s.instantiate(sender.as_str(), code_id, msg, funds, label))?;
        Ok(Addr::unchecked(addr))
    }

    /// Executes `msg` on `contract` as a top-level transaction from `sender` with `funds`.
    /// On error every change of the transaction is rolled back.
    pub fn execute<M: Serialize>(
        &self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
        funds: &[Coin],
    ) -> Result<AppResponse, String> {
        let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
        self.execute_raw(sender, contract, &msg, funds)
    }

    /// [`Self::execute`] with the message as JSON bytes.
    pub fn execute_raw(
        &self,
        sender: &Addr,
        contract: &Addr,
        msg: &[u8],
        funds: &[Coin],
    ) -> Result<AppResponse, String> {
        let ((events, data), usage) =
            self.transaction(|s| s.execute(sender.as_str(), contract.as_str(), msg, funds))?;
        Ok(AppResponse {
            events,
            data,
            usage,
        })
    }

    /// Smart query from outside the chain (not counted in any transaction's usage).
    pub fn query<M: Serialize, T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &M,
    ) -> Result<T, String> {
        let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
        from_json(self.query_raw(contract, &msg)?).map_err(|e| e.to_string())
    }

    /// [`Self::query`] with the message as JSON bytes; returns the raw answer.
    pub fn query_raw(&self, contract: &Addr, msg: &[u8]) -> Result<Binary, String> {
        let saved = std::mem::take(&mut self.shared.world.borrow_mut().usage);
        let result = self.shared.query(contract.as_str(), msg);
        self.shared.world.borrow_mut().usage = saved;
        result
    }

    fn transaction<T>(
        &self,
        f: impl FnOnce(&Shared) -> Result<T, String>,
    ) -> Result<(T, Usage), String> {
        {
            let mut world = self.shared.world.borrow_mut();
            world.journal.clear();
            world.usage = Usage::default();
        }
        let result = f(&self.shared);
        let mut world = self.shared.world.borrow_mut();
        if result.is_err() {
            world.rollback(0);
        }
        world.journal.clear();
        let usage = std::mem::take(&mut world.usage);
        result.map(|t| (t, usage))
    }
}

/// Events as wasmd emits them for one contract call.
fn wasm_events(entry: &str, contract: &str, response: &Response) -> Vec<Event> {
    let addr_attr = ("_contract_address", contract);
    let mut events = vec![Event::new(entry).add_attribute(addr_attr.0, addr_attr.1)];
    if !response.attributes.is_empty() {
        events.push(
            Event::new("wasm")
                .add_attribute(addr_attr.0, addr_attr.1)
                .add_attributes(response.attributes.clone()),
        );
    }
    for event in &response.events {
        events.push(
            Event::new(format!("wasm-{}", event.ty))
                .add_attribute(addr_attr.0, addr_attr.1)
                .add_attributes(event.attributes.clone()),
        );
    }
    events
}

fn vm_err(context: &str, err: impl std::fmt::Display) -> String {
    format!("{context}: {err}")
}

impl Shared {
    fn checkpoint(&self) -> usize {
        self.world.borrow().journal.len()
    }

    fn rollback(&self, checkpoint: usize) {
        self.world.borrow_mut().rollback(checkpoint);
    }

    fn env(&self, contract: &str) -> Env {
        Env {
            block: self.world.borrow().block.clone(),
            transaction: Some(TransactionInfo::new(0, Binary::default())),
            contract: ContractInfo {
                address: Addr::unchecked(contract),
            },
        }
    }

    /// A fresh instance of `contract`'s code, charged as one contract entered.
    fn instance(&self, contract: &str) -> Result<VmInstance, String> {
        let checksum = {
            let world = self.world.borrow();
            let data = world
                .contracts
                .get(contract)
                .ok_or_else(|| format!("no contract at {contract}"))?;
            world.codes[(data.code_id - 1) as usize]
        };
        let backend = Backend {
            api: self.api,
            storage: VmStorage::new(contract, self.me.clone()),
            querier: VmQuerier {
                shared: self.me.clone(),
            },
        };
        let instance = self
            .cache
            .get_instance(
                &checksum,
                backend,
                InstanceOptions {
                    gas_limit: GAS_LIMIT,
                },
            )
            .map_err(|e| vm_err("cannot create instance", e))?;
        Ok(instance)
    }

    /// Records the VM gas of a finished call.
    fn finish(&self, mut instance: VmInstance) {
        let used = instance.create_gas_report().used_internally;
        let mut world = self.world.borrow_mut();
        world.usage.vm_gas += used;
        world.usage.vm_sdk_gas += cost::vm_to_sdk(used);
    }

    /// Counts and prices a response's events (wasmd `EventCosts`).
    fn charge_events(&self, response: &Response) {
        let attrs: Vec<cost::AttrLen> = response
            .attributes
            .iter()
            .map(|a| (a.key.len(), a.value.len()))
            .collect();
        let events: Vec<(usize, Vec<cost::AttrLen>)> = response
            .events
            .iter()
            .map(|e| {
                let attrs = e.attributes.iter().map(|a| (a.key.len(), a.value.len()));
                (e.ty.len(), attrs.collect())
            })
            .collect();
        let gas = cost::event_gas(&attrs, &events);
        let mut world = self.world.borrow_mut();
        let usage = &mut world.usage;
        usage.events += events.len() as u64;
        usage.attributes += (attrs.len() + events.iter().map(|e| e.1.len()).sum::<usize>()) as u64;
        usage.event_gas += gas;
    }

    fn transfer(&self, from: &str, to: &str, funds: &[Coin]) -> Result<(), String> {
        let mut world = self.world.borrow_mut();
        for coin in funds {
            let amount = coin.amount;
            let from_balance = world.balance(from, &coin.denom);
            let rest = from_balance.checked_sub(amount).map_err(|_| {
                format!(
                    "insufficient funds: {from} has {from_balance}{}, needs {coin}",
                    coin.denom
                )
            })?;
            world.set_balance(from, &coin.denom, rest);
            let to_balance = world.balance(to, &coin.denom);
            world.set_balance(to, &coin.denom, to_balance + amount);
            world.usage.bank_sends += 1;
        }
        Ok(())
    }

    fn instantiate(
        &self,
        sender: &str,
        code_id: u64,
        msg: &[u8],
        funds: &[Coin],
        _label: &str,
    ) -> Result<(String, CallOutput), String> {
        let addr = {
            let mut world = self.world.borrow_mut();
            if code_id == 0 || code_id as usize > world.codes.len() {
                return Err(format!("no code with id {code_id}"));
            }
            world.instances += 1;
            let addr = self.api.addr_make(&format!("contract{}", world.instances));
            world.contracts.insert(
                addr.clone(),
                ContractData {
                    code_id,
                    kv: BTreeMap::new(),
                },
            );
            world.journal.push(Undo::Contract { addr: addr.clone() });
            world.usage.contracts_entered += 1;
            addr
        };
        self.transfer(sender, &addr, funds)?;
        let env = self.env(&addr);
        let info = MessageInfo {
            sender: Addr::unchecked(sender),
            funds: funds.to_vec(),
        };
        let mut instance = self.instance(&addr)?;
        let result = call_instantiate::<_, _, _, Empty>(&mut instance, &env, &info, msg);
        self.finish(instance);
        let response = result
            .map_err(|e| vm_err("instantiate failed in the VM", e))?
            .into_result()?;
        let out = self.process("instantiate", &addr, response)?;
        Ok((addr, out))
    }

    fn execute(
        &self,
        sender: &str,
        contract: &str,
        msg: &[u8],
        funds: &[Coin],
    ) -> Result<CallOutput, String> {
        self.world.borrow_mut().usage.contracts_entered += 1;
        self.transfer(sender, contract, funds)?;
        let env = self.env(contract);
        let info = MessageInfo {
            sender: Addr::unchecked(sender),
            funds: funds.to_vec(),
        };
        let mut instance = self.instance(contract)?;
        let result = call_execute::<_, _, _, Empty>(&mut instance, &env, &info, msg);
        self.finish(instance);
        let response = result
            .map_err(|e| vm_err("execute failed in the VM", e))?
            .into_result()?;
        self.process("execute", contract, response)
    }

    fn reply(&self, contract: &str, reply: &Reply) -> Result<CallOutput, String> {
        self.world.borrow_mut().usage.replies += 1;
        let env = self.env(contract);
        let mut instance = self.instance(contract)?;
        let result = call_reply::<_, _, _, Empty>(&mut instance, &env, reply);
        self.finish(instance);
        let response = result
            .map_err(|e| vm_err("reply failed in the VM", e))?
            .into_result()?;
        self.process("reply", contract, response)
    }

    /// Events of a response, then its messages dispatched in order with their replies.
    fn process(
        &self,
        entry: &str,
        contract: &str,
        response: Response,
    ) -> Result<CallOutput, String> {
        self.charge_events(&response);
        let mut events = wasm_events(entry, contract, &response);
        let mut data = response.data.clone();
        for sub in response.messages {
            let checkpoint = self.checkpoint();
            let result = self.dispatch(contract, &sub.msg);
            let reply_result = match result {
                Ok((sub_events, sub_data)) => {
                    events.extend(sub_events.iter().cloned());
                    if !matches!(sub.reply_on, ReplyOn::Success | ReplyOn::Always) {
                        continue;
                    }
                    #[allow(deprecated)]
                    SubMsgResult::Ok(SubMsgResponse {
                        events: sub_events,
                        data: sub_data,
                        msg_responses: vec![],
                    })
                }
                Err(err) => {
                    self.rollback(checkpoint);
                    if !matches!(sub.reply_on, ReplyOn::Error | ReplyOn::Always) {
                        return Err(err);
                    }
                    SubMsgResult::Err(err)
                }
            };
            let reply = Reply {
                id: sub.id,
                payload: sub.payload.clone(),
                gas_used: 0,
                result: reply_result,
            };
            let (reply_events, reply_data) = self.reply(contract, &reply)?;
            events.extend(reply_events);
            if reply_data.is_some() {
                data = reply_data;
            }
        }
        Ok((events, data))
    }

    fn dispatch(&self, sender: &str, msg: &CosmosMsg) -> Result<CallOutput, String> {
        match msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                self.transfer(sender, to_address, amount)?;
                let mut event = Event::new("transfer")
                    .add_attribute("recipient", to_address)
                    .add_attribute("sender", sender);
                if !amount.is_empty() {
                    let amounts: Vec<String> = amount.iter().map(Coin::to_string).collect();
                    event = event.add_attribute("amount", amounts.join(","));
                }
                Ok((vec![event], None))
            }
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => self.execute(sender, contract_addr, msg.as_slice(), funds),
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                code_id,
                msg,
                funds,
                label,
                ..
            }) => {
                let (addr, (events, _)) = self.instantiate(sender, *code_id, msg, funds, label)?;
                Ok((
                    events,
                    Some(to_json_binary(&addr).map_err(|e| e.to_string())?),
                ))
            }
            other => Err(format!("message not supported by the VM router: {other:?}")),
        }
    }

    /// Runs `contract`'s `query` (one contract entered).
    fn query(&self, contract: &str, msg: &[u8]) -> Result<Binary, String> {
        self.world.borrow_mut().usage.contracts_entered += 1;
        let env = self.env(contract);
        let mut instance = self.instance(contract)?;
        let result = call_query(&mut instance, &env, msg);
        self.finish(instance);
        result
            .map_err(|e| vm_err("query failed in the VM", e))?
            .into_result()
    }

    fn answer(&self, request: &[u8]) -> SystemResult<ContractResult<Binary>> {
        let request: QueryRequest<Empty> = match from_json(request) {
            Ok(r) => r,
            Err(e) => {
                return SystemResult::Err(SystemError::InvalidRequest {
                    error: e.to_string(),
                    request: Binary::from(request),
                })
            }
        };
        match request {
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                if !self.world.borrow().contracts.contains_key(&contract_addr) {
                    return SystemResult::Err(SystemError::NoSuchContract {
                        addr: contract_addr,
                    });
                }
                SystemResult::Ok(self.query(&contract_addr, msg.as_slice()).into())
            }
            QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
                let storage = VmStorage::new(&contract_addr, self.me.clone());
                match cosmwasm_vm::Storage::get(&storage, key.as_slice()).0 {
                    Ok(value) => SystemResult::Ok(ContractResult::Ok(Binary::from(
                        value.unwrap_or_default(),
                    ))),
                    Err(_) => SystemResult::Err(SystemError::NoSuchContract {
                        addr: contract_addr,
                    }),
                }
            }
            QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
                let amount = self.world.borrow().balance(&address, &denom);
                let response = BalanceResponse::new(Coin::new(amount, denom));
                SystemResult::Ok(to_json_binary(&response).map_err(|e| e.to_string()).into())
            }
            other => SystemResult::Err(SystemError::UnsupportedRequest {
                kind: format!("{other:?}"),
            }),
        }
    }
}

/// The querier of every instance: routes contract queries back into the router.
pub struct VmQuerier {
    shared: Weak<Shared>,
}

impl Querier for VmQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        _gas_limit: u64,
    ) -> BackendResult<SystemResult<ContractResult<Binary>>> {
        // The answering contract's gas is counted in the usage of the transaction, not reported
        // to the calling instance (on chain it is charged to the SDK gas meter directly too).
        let Some(shared) = self.shared.upgrade() else {
            return (
                Err(BackendError::unknown("router dropped")),
                GasInfo::free(),
            );
        };
        (Ok(shared.answer(request)), GasInfo::free())
    }
}
