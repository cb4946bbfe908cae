//! One input's run: the steps that send messages, with the checks that belong to one message.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use ballast_types::events::{BallastEvent, LiquidateEvent};
use ballast_types::vault;
use cosmwasm_std::{
    to_json_vec, Addr, Binary, Coin, CosmosMsg, Empty, Event, Order, QueryRequest, Storage,
    Uint128, Uint256, WasmMsg, WasmQuery,
};
use cw_multi_test::{AppResponse, BankSudo, Executor, SudoMsg};
use serde_json::Value;

use crate::checks::{self, check, Tracker};
use crate::input::{Mutation, Step};
use crate::moves::Feed;
use crate::setup::{self, World};
use crate::templates::{Template, Templates};
use crate::{mutate, Target};

/// Coin amounts a template step may send.
fn fund_amount(sel: u8) -> Uint256 {
    let table: [Uint256; 13] = [
        Uint256::zero(),
        Uint256::one(),
        Uint256::from(2u8),
        Uint256::from(1_000u32),
        Uint256::from(1_000_000u32),
        Uint256::from(1_000_000_000u64),
        Uint256::from(9_000_000_000u64),
        Uint256::from(1_000_000_000_000u64),
        Uint256::from(u64::MAX),
        Uint256::from(u128::MAX),
        Uint256::from(u128::MAX) + Uint256::one(),
        Uint256::from(u128::MAX) + Uint256::from(2u8),
        Uint256::one() << 200u32,
    ];
    match table.get(usize::from(sel)) {
        Some(a) => *a,
        None => Uint256::from(u128::from(sel) * 10u128.pow(u32::from(sel % 13))),
    }
}

/// `100uatom,5uusdc`: digits then denom, duplicates and zeros kept, at most 4 coins.
fn parse_funds(text: &[u8]) -> Vec<Coin> {
    String::from_utf8_lossy(text)
        .split(',')
        .filter(|s| !s.is_empty())
        .take(4)
        .map(|s| {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            let amount = Uint256::from_str(&s[..digits]).unwrap_or(if digits == 0 {
                Uint256::zero()
            } else {
                Uint256::MAX
            });
            Coin::new(amount, &s[digits..])
        })
        .collect()
}

/// One input's run.
pub(crate) struct Session<'a> {
    pub world: &'a mut World,
    pub target: Target,
    pub templates: &'static Templates,
    pub tracker: Tracker,
    pub feed: Feed,
}

/// What an execute did.
pub(crate) struct Outcome {
    pub ok: bool,
    pub events: Vec<Event>,
}

/// A hash of the whole `App` storage (every contract and the bank).
fn storage_hash(world: &World) -> u64 {
    let mut h = DefaultHasher::new();
    for (k, v) in world.env.app.storage().range(None, None, Order::Ascending) {
        k.hash(&mut h);
        v.hash(&mut h);
    }
    h.finish()
}

impl Session<'_> {
    /// Mints to `sender` what it lacks of `funds` (coins of one denom added up).
    fn mint_for(&mut self, sender: &Addr, funds: &[Coin]) -> bool {
        let mut need: Vec<(String, Uint256)> = vec![];
        for c in funds {
            match need.iter_mut().find(|(d, _)| *d == c.denom) {
                Some((_, a)) => *a = a.saturating_add(c.amount),
                None => need.push((c.denom.clone(), c.amount)),
            }
        }
        for (denom, amount) in need {
            let have = self.world.env.balance(sender, &denom);
            if amount > have {
                let res = self.world.env.app.sudo(SudoMsg::Bank(BankSudo::Mint {
                    to_address: sender.to_string(),
                    amount: vec![Coin::new(amount - have, denom)],
                }));
                if res.is_err() {
                    return false;
                }
            }
        }
        true
    }
    /// Executes raw `msg` on the target; a failure must leave the storage as it was.
    pub(crate) fn execute(
        &mut self,
        contract: &Addr,
        sender: &Addr,
        msg: Vec<u8>,
        funds: Vec<Coin>,
    ) -> Option<Outcome> {
        if !self.mint_for(sender, &funds) {
            return None;
        }
        let before = storage_hash(self.world);
        let res = self.world.env.app.execute(
            sender.clone(),
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr: contract.to_string(),
                msg: Binary::new(msg),
                funds,
            }),
        );
        trace!(
            "    -> {}",
            match &res {
                Ok(_) => "ok".to_string(),
                Err(e) => format!("error: {}", e.to_string().replace('\n', " ")),
            }
        );
        match res {
            Ok(AppResponse { events, .. }) => Some(Outcome { ok: true, events }),
            Err(err) => {
                let after = storage_hash(self.world);
                check("failed_execute_changes_nothing", before == after, || {
                    format!("a failed execute changed the storage: {err}")
                });
                Some(Outcome {
                    ok: false,
                    events: vec![],
                })
            }
        }
    }
    fn query(&mut self, msg: Vec<u8>) -> bool {
        let request: QueryRequest<Empty> = QueryRequest::Wasm(WasmQuery::Smart {
            contract_addr: self.target.addr(self.world).to_string(),
            msg: Binary::new(msg),
        });
        let res = self.world.env.app.wrap().query::<Value>(&request);
        trace!(
            "    -> {}",
            match &res {
                Ok(v) => format!(
                    "ok: {}",
                    v.to_string().chars().take(300).collect::<String>()
                ),
                Err(e) => format!("error: {e}"),
            }
        );
        res.is_ok()
    }
    fn send(&mut self, sender: Addr, msg: Vec<u8>, funds: Vec<Coin>) -> Option<Outcome> {
        trace!(
            "  exec {} from {sender} with {funds:?}: {}",
            self.target.name(),
            String::from_utf8_lossy(&msg)
        );
        let contract = self.target.addr(self.world);
        let out = self.execute(&contract, &sender, msg, funds)?;
        if out.ok {
            if let Ok(ev) = LiquidateEvent::find(&out.events) {
                checks::liquidation(self.world, &ev);
            }
        }
        Some(out)
    }
    /// The sender named `name` (see [`World::sender`]); never the target contract itself.
    fn sender(&mut self, name: &str) -> Addr {
        let addr = self.world.sender(name);
        if addr == self.target.addr(self.world) {
            return self.world.sender(&format!("{name}-not-self"));
        }
        addr
    }
    fn template(
        &self,
        index: u8,
        mutations: &[Mutation],
        execute: bool,
    ) -> Option<(&'static Template, Vec<u8>, bool)> {
        let list: Vec<&'static Template> = self
            .templates
            .list
            .iter()
            .filter(|t| t.execute == execute)
            .collect();
        let t = *list.get(usize::from(index) % list.len().max(1))?;
        let mut msg = t.msg.clone();
        let donors: Vec<Value> = self.templates.list.iter().map(|t| t.msg.clone()).collect();
        let upper = self
            .world
            .actor("bob")
            .map(|a| a.as_str().to_uppercase())
            .unwrap_or_default();
        let unknown = mutate::apply(&mut msg, mutations, &self.templates.fields, &donors, &upper);
        let bytes = self.world.expand(&to_json_vec(&msg).unwrap_or_default());
        Some((t, bytes, !unknown.is_empty()))
    }
    pub(crate) fn step(&mut self, step: &Step) {
        match step {
            Step::RawExec { sender, funds, msg } => {
                let sender = self.sender(&String::from_utf8_lossy(sender));
                let funds = parse_funds(funds);
                let msg = self.world.expand(msg);
                self.send(sender, msg, funds);
            }
            Step::RawQuery { msg } => {
                trace!(
                    "  query {}: {}",
                    self.target.name(),
                    String::from_utf8_lossy(msg)
                );
                let msg = self.world.expand(msg);
                self.query(msg);
            }
            Step::TemplateExec {
                template,
                mutations,
                sender,
                coins,
            } => {
                let Some((t, msg, unknown)) = self.template(*template, mutations, true) else {
                    return;
                };
                let sender = match sender {
                    0 => self.sender(&t.sender),
                    s => {
                        let name = setup::ACTORS[usize::from(*s) % setup::ACTORS.len()];
                        self.sender(&format!("@{name}"))
                    }
                };
                let funds = if coins.is_empty() {
                    parse_funds(t.funds.as_bytes())
                } else {
                    coins
                        .iter()
                        .map(|(d, a)| {
                            Coin::new(
                                fund_amount(*a),
                                mutate::DENOMS[usize::from(*d) % mutate::DENOMS.len()],
                            )
                        })
                        .collect()
                };
                let text = String::from_utf8_lossy(&msg).into_owned();
                if let Some(out) = self.send(sender, msg, funds) {
                    check("unknown_field_rejected", !(unknown && out.ok), || {
                        format!(
                            "{} accepted a message with an unknown field: {text}",
                            self.target.name()
                        )
                    });
                }
            }
            Step::TemplateQuery {
                template,
                mutations,
            } => {
                let Some((_, msg, unknown)) = self.template(*template, mutations, false) else {
                    return;
                };
                let text = String::from_utf8_lossy(&msg).into_owned();
                trace!("  query {}: {text}", self.target.name());
                let ok = self.query(msg);
                check("unknown_field_rejected", !(unknown && ok), || {
                    format!(
                        "{} answered a query with an unknown field: {text}",
                        self.target.name()
                    )
                });
            }
            Step::Advance {
                duration,
                extra,
                stale,
            } => self.advance(*duration, *extra, *stale),
            Step::Pyth {
                price,
                conf,
                ema,
                publish,
                expo,
            } => self.move_pyth(*price, *conf, *ema, *publish, *expo),
            Step::FailFeed { feed } => self.fail_feed(*feed),
            Step::FixedPrice { denom, price } => self.fixed_price(*denom, *price),
            Step::LiquidateAny {
                pick,
                amount,
                collateral,
            } => self.liquidate_any(*pick, *amount, *collateral),
        }
    }
    /// [20] with prices and time as they are: every debtor repays all, then withdraws all.
    pub(crate) fn repay_and_withdraw_all(&mut self) {
        let vault = self.world.env.vault_addr.clone();
        for (owner, index, acc) in checks::accounts(self.world) {
            // deposited on behalf of a contract that never sends messages: stuck, by design
            if setup::NOT_SENDERS
                .iter()
                .any(|name| self.world.actor(name) == Some(&owner))
            {
                continue;
            }
            if !acc.debts.is_empty() {
                let ledger = self.world.env.vault().account(&owner, index);
                let Ok(ledger) = ledger else {
                    check("repay_all", false, || {
                        format!("{owner}/{index}: {:?}", ledger.err())
                    });
                    return;
                };
                for d in &ledger.debts {
                    let amount = d.amount.saturating_mul(Uint128::new(2)) + Uint128::one();
                    let funds = vec![Coin::new(amount, d.denom.clone())];
                    let msg = vault::ExecuteMsg::Repay {
                        account: Some(index),
                        on_behalf_of: None,
                    };
                    trace!("  end: repay all {} of {owner}/{index}", d.denom);
                    let ok = self
                        .execute(&vault, &owner, to_json_vec(&msg).unwrap_or_default(), funds)
                        .is_none_or(|o| o.ok);
                    check("repay_all", ok, || {
                        format!(
                            "{owner}/{index} cannot repay all its {} ({})",
                            d.denom, d.amount
                        )
                    });
                }
            }
            for denom in acc.collaterals.keys() {
                let msg = vault::ExecuteMsg::Withdraw {
                    denom: denom.clone(),
                    amount: None,
                    account: Some(index),
                    recipient: None,
                };
                trace!("  end: withdraw all {denom} of {owner}/{index}");
                let ok = self
                    .execute(
                        &vault,
                        &owner,
                        to_json_vec(&msg).unwrap_or_default(),
                        vec![],
                    )
                    .is_none_or(|o| o.ok);
                check("withdraw_all", ok, || {
                    format!("{owner}/{index} without debt cannot withdraw all its {denom}")
                });
            }
        }
    }
}
