//! Property test of the whole protocol: random sequences of lender, borrower, third-party,
//! liquidator, attacker, governance and guardian actions, with price moves, crashes, oracle
//! faults and time passing. After every step the transition invariants of INVARIANTS.md are
//! checked with `ballast_testing::invariants::check_step` (a rejected message must change
//! nothing) and every state invariant with `check_state`, each through its named checker.
//!
//! The world: USDC (6 decimals, `Fixed`) and ATOM (6 decimals, one Pyth feed with a
//! `Liquidation` staleness of one hour) are borrowable; ATOM, ETH (18 decimals, `Median` of three
//! Pyth feeds 0.5 % apart) and, once governance lists it, OSMO (6 decimals, `Fixed`) are
//! collateral. Three borrowers with two sub-accounts each, an attacker with its own account, two
//! lenders, a liquidator, the owner and the guardian. The starting world (supplies, deposits and
//! six loans) is built and checked once per thread and forked for each case
//! (`invariants::fork`); each case adds up to two loans, in half the cases a price fall, then its
//! random sequence.
//!
//! Faults: a feed not republished (stale at `Default` after 60 s, at `Liquidation` after an hour),
//! a confidence or EMA breaker (`Default` only), a failing Pyth contract, price sources removed
//! and re-added, crashes to 20–60 % (insolvent accounts, bad debt), pauses, caps, parameter and
//! policy updates in and out of bounds, unknown fields, privileged messages from the attacker,
//! self-liquidation, third-party deposits and repayments, migrations (refused to the same
//! version, accepted from an older one).
//!
//! Three properties: two read the ledger after every step (`Snapshot::take_ledger`: the
//! checker's own valuation of every account, prices, balances) and end each case with the full
//! `check_all`; the third also pages through the vault's `Positions` at both price kinds and the
//! liquidation scan after every step (invariants 8 and 29). `PROPTEST_CASES` sets the number of
//! cases of each property (`invariants::cases`).

use std::cell::RefCell;
use std::collections::BTreeSet;

use ballast_testing::invariants::{self as inv, Action, Contract, Snapshot, StepInfo};
use ballast_testing::Ownable;
use ballast_testing::{
    default_policy, feeds, test_rate_model, AssetSpec, MockEnv, PythFeed, PythParams, VaultParams,
};
use ballast_types::liquidation::{BonusCurve, LiquidationPolicy};
use ballast_types::oracle::PriceSource;
use ballast_types::vault::{
    CollateralParams, ExecuteMsg as VaultMsg, LendingParams, PausedActions,
};
use cosmwasm_std::{
    coin, Addr, Binary, Coin, CosmosMsg, Decimal, Decimal256, Empty, Uint128, WasmMsg,
};
use cw_multi_test::Executor;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const USDC: &str = "uusdc";
const ATOM: &str = "uatom";
const ETH: &str = "wei";
const OSMO: &str = "uosmo";
/// Every denom with a price source.
const DENOMS: [&str; 4] = [USDC, ATOM, ETH, OSMO];
/// Collateral denoms (OSMO only once listed).
const COLLATERALS: [&str; 3] = [ATOM, ETH, OSMO];
/// Borrowable denoms.
const BORROWABLE: [&str; 2] = [USDC, ATOM];
/// Pyth feeds: ATOM, then the three ETH feeds of the median.
const FEEDS: [&str; 4] = [
    feeds::ATOM_USD,
    feeds::ETH_USD,
    "1111111111111111111111111111111111111111111111111111111111111111",
    "2222222222222222222222222222222222222222222222222222222222222222",
];
/// Offset of each feed from its asset's level, in parts per million (the ETH feeds disagree a
/// little, within the median's 2 % spread).
const FEED_OFFSET_PPM: [u64; 4] = [0, 0, 5_000, 10_000];
const EXPO: i32 = -8;
/// Borrowers, then the attacker (who also holds accounts).
const HOLDERS: usize = 4;
const ATTACKER: usize = 3;
const LENDERS: usize = 2;
/// `Liquidation` staleness of the Pyth sources.
const LIQUIDATION_STALENESS_S: u64 = 3_600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Not republished.
    Stale,
    /// Confidence 5 % (> 2 %), price 3 % off.
    WideConf,
    /// EMA 25 % away (> 10 %).
    FarEma,
    /// The Pyth contract fails the query.
    Fail,
}

#[derive(Debug, Clone)]
enum Op {
    Supply {
        lender: usize,
        denom: usize,
        amount: u128,
    },
    Redeem {
        lender: usize,
        denom: usize,
        pct: Option<u8>,
    },
    Deposit {
        who: usize,
        account: u32,
        denom: usize,
        amount: u128,
    },
    DepositFor {
        from: usize,
        to: usize,
        account: u32,
        denom: usize,
        amount: u128,
    },
    Withdraw {
        who: usize,
        account: u32,
        denom: usize,
        pct: Option<u8>,
    },
    Borrow {
        who: usize,
        account: u32,
        denom: usize,
        pct: u8,
    },
    Repay {
        who: usize,
        account: u32,
        denom: usize,
        pct: u8,
    },
    RepayFor {
        from: usize,
        to: usize,
        account: u32,
        denom: usize,
        pct: u8,
    },
    RepayAll {
        who: usize,
        account: u32,
    },
    WithdrawAll {
        who: usize,
        account: u32,
    },
    /// With `sick`, the target is one of the accounts liquidatable now (if any), and the debt and
    /// collateral indices pick among what it holds.
    Liquidate {
        by_attacker: bool,
        sick: bool,
        target: usize,
        account: u32,
        debt: usize,
        coll: usize,
        pct: Option<u8>,
    },
    RoundTrip {
        kind: u8,
        who: usize,
        denom: usize,
        amount: u64,
    },
    Advance {
        secs: u64,
        refresh: bool,
    },
    Price {
        asset: usize,
        pct: u8,
    },
    Fault {
        feed: usize,
        fault: Fault,
    },
    Heal {
        feed: usize,
    },
    ListOsmo,
    UpdateCollateral {
        denom: usize,
        choice: u8,
    },
    UpdateLending {
        denom: usize,
        choice: u8,
    },
    SetCap {
        denom: usize,
        which: u8,
        pct: u8,
    },
    Pause {
        denom: usize,
        mask: u8,
        by_guardian: bool,
    },
    UpdatePolicy {
        choice: u8,
    },
    RemoveSource {
        denom: usize,
    },
    ReAddSource {
        denom: usize,
    },
    AttackerPrivileged {
        which: u8,
    },
    Malformed {
        which: u8,
    },
    Donate {
        denom: usize,
        amount: u128,
    },
    Migrate {
        contract: u8,
        rewind: bool,
    },
}

fn decimals(denom: &str) -> u32 {
    if denom == ETH {
        18
    } else {
        6
    }
}

/// 0.01 to 100 whole units of `denom`.
fn units(denom: &str, m: u64) -> u128 {
    u128::from(m % 10_000 + 1) * 10u128.pow(decimals(denom) - 2)
}

fn user_op() -> impl Strategy<Value = Op> {
    let who = 0..HOLDERS;
    let acc = 0..2u32;
    prop_oneof![
        3 => (0..LENDERS, 0..2usize, any::<u64>()).prop_map(|(lender, denom, m)| Op::Supply {
            lender, denom, amount: units(BORROWABLE[denom], m) * 100 }),
        2 => (0..LENDERS, 0..2usize, proptest::option::of(1u8..=110))
            .prop_map(|(lender, denom, pct)| Op::Redeem { lender, denom, pct }),
        3 => (who.clone(), acc.clone(), 0..3usize, any::<u64>()).prop_map(|(who, account, denom, m)| {
            Op::Deposit { who, account, denom, amount: units(COLLATERALS[denom], m) } }),
        2 => (who.clone(), 0..3usize, acc.clone(), 0..3usize, any::<u64>()).prop_map(
            |(from, to, account, denom, m)| Op::DepositFor {
                from: if from == to { ATTACKER } else { from }, to, account, denom,
                amount: units(COLLATERALS[denom], m) }),
        2 => (who.clone(), acc.clone(), 0..3usize, proptest::option::of(1u8..=110))
            .prop_map(|(who, account, denom, pct)| Op::Withdraw { who, account, denom, pct }),
        4 => (who.clone(), acc.clone(), 0..2usize, 1u8..=110)
            .prop_map(|(who, account, denom, pct)| Op::Borrow { who, account, denom, pct }),
        2 => (who.clone(), acc.clone(), 0..2usize, 1u8..=120)
            .prop_map(|(who, account, denom, pct)| Op::Repay { who, account, denom, pct }),
        2 => (who.clone(), 0..3usize, acc.clone(), 0..2usize, 1u8..=120).prop_map(
            |(from, to, account, denom, pct)| Op::RepayFor {
                from: if from == to { ATTACKER } else { from }, to, account, denom, pct }),
        1 => (who.clone(), acc.clone()).prop_map(|(who, account)| Op::RepayAll { who, account }),
        1 => (who.clone(), acc.clone()).prop_map(|(who, account)| Op::WithdrawAll { who, account }),
        8 => (prop::bool::weighted(0.15), prop::bool::weighted(0.8), who.clone(), acc.clone(),
              0..4usize, 0..4usize, proptest::option::of(1u8..=120))
            .prop_map(|(by_attacker, sick, target, account, debt, coll, pct)| Op::Liquidate {
                by_attacker, sick, target, account, debt, coll, pct }),
        1 => (0..3u8, who, 0..3usize, any::<u64>()).prop_map(|(kind, who, denom, m)| {
            Op::RoundTrip { kind, who, denom, amount: m } }),
        1 => (0..2usize, 1u128..10_000_000).prop_map(|(denom, amount)| Op::Donate { denom, amount }),
    ]
}

fn world_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (prop_oneof![Just(5u64), 6u64..=120, 600u64..=7_200, 86_400u64..=2_592_000],
              prop::bool::weighted(0.85))
            .prop_map(|(secs, refresh)| Op::Advance { secs, refresh }),
        4 => (0..3usize, 60u8..=120).prop_map(|(asset, pct)| Op::Price { asset, pct }),
        2 => (0..3usize, 20u8..=60).prop_map(|(asset, pct)| Op::Price { asset, pct }),
        2 => (0..4usize, prop_oneof![Just(Fault::Stale), Just(Fault::WideConf),
                                      Just(Fault::FarEma), Just(Fault::Fail)])
            .prop_map(|(feed, fault)| Op::Fault { feed, fault }),
        2 => (0..4usize).prop_map(|feed| Op::Heal { feed }),
    ]
}

fn governance_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::ListOsmo),
        2 => (0..3usize, 0..8u8).prop_map(|(denom, choice)| Op::UpdateCollateral { denom, choice }),
        1 => (0..2usize, 0..6u8).prop_map(|(denom, choice)| Op::UpdateLending { denom, choice }),
        2 => (0..3usize, 0..3u8, prop_oneof![Just(0u8), 50u8..=150])
            .prop_map(|(denom, which, pct)| Op::SetCap { denom, which, pct }),
        2 => (0..4usize, prop_oneof![Just(0u8), 1u8..32], any::<bool>())
            .prop_map(|(denom, mask, by_guardian)| Op::Pause { denom, mask, by_guardian }),
        2 => (0..10u8).prop_map(|choice| Op::UpdatePolicy { choice }),
        1 => (0..4usize).prop_map(|denom| Op::RemoveSource { denom }),
        2 => (0..4usize).prop_map(|denom| Op::ReAddSource { denom }),
        2 => (0..10u8).prop_map(|which| Op::AttackerPrivileged { which }),
        2 => (0..9u8).prop_map(|which| Op::Malformed { which }),
        1 => (0..3u8, any::<bool>()).prop_map(|(contract, rewind)| Op::Migrate { contract, rewind }),
    ]
}

/// What each case starts with on top of the base world's loans: up to two more loans, then in
/// half the cases a fall of ATOM or ETH by 5 to 45 %, so that liquidations happen early.
fn opening() -> impl Strategy<Value = Vec<Op>> {
    let loans = prop::collection::vec((0..3usize, 0..2u32, 0..2usize, 50u8..=100), 0..=2);
    let drop = proptest::option::of((0..2usize, 55u8..=95));
    (loans, drop).prop_map(|(loans, drop)| {
        let mut ops: Vec<Op> = loans
            .into_iter()
            .map(|(who, account, denom, pct)| Op::Borrow {
                who,
                account,
                denom,
                pct,
            })
            .collect();
        ops.extend(drop.map(|(asset, pct)| Op::Price { asset, pct }));
        ops
    })
}

/// State of one Pyth feed: its asset's level and any fault.
#[derive(Debug, Clone)]
struct Feeds {
    /// ATOM and ETH levels (price mantissas at `EXPO`).
    atom: i64,
    eth: i64,
    faults: [Option<Fault>; 4],
    /// OSMO's fixed price.
    osmo: Decimal256,
}

struct World {
    env: MockEnv,
    lenders: Vec<Addr>,
    holders: Vec<Addr>,
    liquidator: Addr,
    tracked: Vec<Addr>,
    feeds: Feeds,
    /// The sources as first registered, to add back after a removal.
    sources: Vec<(String, u8, PriceSource)>,
    snap: Snapshot,
    /// Whether each step also pages through the vault's `Positions` and the liquidation scan
    /// (`Snapshot::take`) or reads the ledger only (`Snapshot::take_ledger`).
    full: bool,
    /// What ran, for failure messages.
    log: Vec<String>,
    /// Steps that were accepted, per kind (for the smoke test).
    accepted: BTreeSet<String>,
    /// How many checked states showed each situation worth covering (for the diagnostics).
    seen: std::collections::BTreeMap<&'static str, u32>,
}

fn eth_source(env: &MockEnv) -> PriceSource {
    PriceSource::Median {
        sources: FEEDS[1..].iter().map(|id| env.pyth_source(id)).collect(),
        min_sources: 2,
        max_spread: Decimal::percent(2),
    }
}

fn policy(max_bonus: u64) -> LiquidationPolicy {
    let mut p = default_policy();
    p.default_bonus.max = Decimal::percent(max_bonus);
    p
}

/// The starting world: sources, assets, users, supplies and deposits.
fn base() -> World {
    let params = PythParams {
        liquidation_max_staleness_s: Some(LIQUIDATION_STALENESS_S),
        ..PythParams::default()
    };
    let mut env = MockEnv::builder()
        .pyth_params(params)
        .liquidation_policy(policy(15))
        .vault_params(VaultParams {
            min_debt_value: Uint128::new(1_000_000),
            max_assets_per_account: 4,
        })
        .fixed_price(USDC, 6, Decimal256::one())
        .pyth_price(ATOM, 6, FEEDS[0], 1_000_000_000, EXPO, 1_000_000)
        .fixed_price(OSMO, 6, Decimal256::percent(50))
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(
            AssetSpec::new(ATOM, 6)
                .collateral("0.6", "0.7")
                .lending(test_rate_model(), "0.2"),
        )
        .build();
    let owner = env.owner.clone();
    let mut feeds = Feeds {
        atom: 1_000_000_000,
        eth: 300_000_000_000,
        faults: [None; 4],
        osmo: Decimal256::percent(50),
    };
    for i in 1..4 {
        publish(&mut env, &feeds, i);
    }
    let eth = eth_source(&env);
    env.oracle()
        .set_price_source(&owner, ETH, 18, eth.clone())
        .unwrap();
    env.vault()
        .list_asset(&owner, &AssetSpec::new(ETH, 18).collateral("0.7", "0.8"))
        .unwrap();
    feeds.faults = [None; 4];
    let sources = vec![
        (
            USDC.to_string(),
            6,
            PriceSource::Fixed {
                price: Decimal256::one(),
            },
        ),
        (ATOM.to_string(), 6, env.pyth_source(FEEDS[0])),
        (ETH.to_string(), 18, eth),
    ];

    let big = 10u128.pow(30);
    let mk = |env: &mut MockEnv, name: &str| {
        let a = env.addr(name);
        let funds: Vec<Coin> = DENOMS.iter().map(|d| coin(big, *d)).collect();
        env.fund(&a, &funds);
        a
    };
    let lenders: Vec<Addr> = (0..LENDERS)
        .map(|i| mk(&mut env, &format!("lender{i}")))
        .collect();
    let mut holders: Vec<Addr> = (0..3)
        .map(|i| mk(&mut env, &format!("borrower{i}")))
        .collect();
    holders.push(mk(&mut env, "attacker"));
    let liquidator = mk(&mut env, "liquidator");
    let guardian = env.guardian.clone();
    env.vault()
        .supply(
            &lenders[0],
            &[coin(2_000_000_000_000, USDC), coin(20_000_000_000, ATOM)],
        )
        .unwrap();
    env.vault()
        .supply(&lenders[1], &[coin(500_000_000_000, USDC)])
        .unwrap();
    for b in &holders[..3] {
        env.vault()
            .deposit_to(
                b,
                0,
                None,
                &[coin(1_000_000_000, ATOM), coin(3 * 10u128.pow(18), ETH)],
            )
            .unwrap();
        env.vault()
            .deposit_to(b, 1, None, &[coin(200_000_000, ATOM)])
            .unwrap();
    }
    env.vault()
        .deposit_to(&holders[ATTACKER], 0, None, &[coin(100_000_000, ATOM)])
        .unwrap();
    // loans: (holder, account, denom, share of the most it may borrow), healthy factors from
    // about 1.2 down to the initial margin
    let loans = [
        (0, 0, USDC, 95),
        (0, 1, ATOM, 60),
        (1, 0, USDC, 85),
        (1, 1, USDC, 90),
        (2, 0, USDC, 75),
        (ATTACKER, 0, USDC, 50),
    ];
    for (who, account, denom, pct) in loans {
        let owner = &holders[who];
        let max = env
            .vault_handle()
            .query_max_borrow(&env.app.wrap(), owner, account, denom)
            .unwrap()
            .amount;
        env.vault()
            .borrow_from(owner, account, &coin(max.u128() * pct / 100, denom), None)
            .unwrap();
    }
    let mut tracked = lenders.clone();
    tracked.extend(holders.iter().cloned());
    tracked.extend([liquidator.clone(), owner, guardian]);
    // a broken starting point is a bug in this test
    inv::check_all(&env).unwrap_or_else(|e| panic!("the base world breaks an invariant: {e}"));
    let snap = Snapshot::take_ledger(&env, &tracked);
    World {
        env,
        lenders,
        holders,
        liquidator,
        tracked,
        feeds,
        sources,
        snap,
        full: false,
        log: vec![],
        accepted: BTreeSet::new(),
        seen: Default::default(),
    }
}

/// Publishes feed `i` as its fault says (a stale feed is left as it is).
fn publish(env: &mut MockEnv, feeds: &Feeds, i: usize) {
    let level = if i == 0 { feeds.atom } else { feeds.eth };
    let price = level + level / 1_000_000 * FEED_OFFSET_PPM[i] as i64;
    let now = env.now() as i64;
    let conf = (price / 1_000) as u64;
    let feed = match feeds.faults[i] {
        None => PythFeed::new(FEEDS[i], price, EXPO, conf, now),
        Some(Fault::Stale) => return,
        Some(Fault::WideConf) => {
            let shown = price / 100 * 103;
            PythFeed::new(FEEDS[i], shown, EXPO, (shown / 20) as u64, now)
        }
        Some(Fault::FarEma) => {
            PythFeed::new(FEEDS[i], price, EXPO, conf, now).with_ema(price / 100 * 125, conf)
        }
        Some(Fault::Fail) => {
            env.fail_pyth_feed(FEEDS[i]).unwrap();
            return;
        }
    };
    env.set_pyth_feed(&feed).unwrap();
}

thread_local! {
    static BASE: RefCell<Option<World>> = const { RefCell::new(None) };
}

/// A fresh copy of the starting world; `full` as in [`World::full`].
fn world(full: bool) -> World {
    BASE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let base = cell.get_or_insert_with(base);
        let env = inv::fork(&base.env);
        let snap = if full {
            Snapshot::take(&env, &base.tracked)
        } else {
            base.snap.clone()
        };
        World {
            env,
            lenders: base.lenders.clone(),
            holders: base.holders.clone(),
            liquidator: base.liquidator.clone(),
            tracked: base.tracked.clone(),
            feeds: base.feeds.clone(),
            sources: base.sources.clone(),
            snap,
            full,
            log: vec![],
            accepted: BTreeSet::new(),
            seen: Default::default(),
        }
    })
}

fn pct_of(x: u128, p: u8) -> u128 {
    x * u128::from(p) / 100
}

fn err_text<T>(res: cosmwasm_std::StdResult<T>) -> Result<(), String> {
    res.map(|_| ()).map_err(|e| e.to_string())
}

impl World {
    fn fail(&self, msg: String) -> TestCaseError {
        let tail: Vec<&String> = self.log.iter().rev().take(12).collect();
        TestCaseError::fail(format!("{msg}\n  last steps (newest first): {tail:#?}"))
    }

    /// Checks a step that just ran: the transition invariants against the previous snapshot,
    /// then every state invariant on the new one.
    fn checked(&mut self, step: StepInfo) -> Result<(), TestCaseError> {
        let after = if self.full {
            Snapshot::take(&self.env, &self.tracked)
        } else {
            Snapshot::take_ledger(&self.env, &self.tracked)
        };
        self.log.push(format!(
            "{:?} by {:?} → {:?}",
            step.action, step.sender, step.outcome
        ));
        if step.outcome.is_ok() && step.sender.is_some() {
            self.accepted.insert(
                format!("{:?}", step.action)
                    .split([' ', '{'])
                    .next()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        let res = inv::check_step(&self.snap, &after, &step)
            .and_then(|()| inv::check_state(&self.env, &after));
        self.count(&after);
        self.snap = after;
        res.map_err(|e| self.fail(e))
    }

    /// Counts the situations `s` shows (see [`World::seen`]).
    fn count(&mut self, s: &Snapshot) {
        let curve = s.policy.as_ref().map(|p| p.default_bonus.clone());
        let debtors = s
            .valued_liquidation
            .iter()
            .filter(|(k, _)| !s.accounts[*k].debts.is_empty());
        let mut flags: Vec<&'static str> = vec![];
        for (_, v) in debtors {
            if v.unpriceable {
                flags.push("account with an unpriced debt");
            } else if !v.missing.is_empty() {
                flags.push("account with unpriced collateral");
            }
            if v.liquidatable() {
                flags.push("liquidatable account");
                if curve
                    .as_ref()
                    .is_some_and(|c| inv::is_insolvent(c, v.collateral_value, v.debt_value))
                {
                    flags.push("insolvent account");
                }
            }
        }
        for (default, liquidation) in s.prices.values() {
            match (default, liquidation) {
                (Err(_), Ok(_)) => flags.push("price at Liquidation only"),
                (Err(_), Err(_)) => flags.push("denom without any price"),
                _ => {}
            }
        }
        for (d, m) in &s.markets {
            if self
                .snap
                .markets
                .get(d)
                .is_some_and(|b| m.deficit > b.deficit)
            {
                flags.push("bad debt written off");
            }
        }
        flags.sort();
        flags.dedup();
        for f in flags {
            *self.seen.entry(f).or_default() += 1;
        }
    }

    fn msg(
        &mut self,
        sender: &Addr,
        action: Action,
        outcome: Result<(), String>,
    ) -> Result<(), TestCaseError> {
        self.checked(StepInfo::new(sender, action, outcome))
    }

    fn debt(&self, who: usize, account: u32, denom: &str) -> u128 {
        self.snap
            .debt(&(self.holders[who].to_string(), account), denom)
            .u128()
    }

    fn collateral(&self, who: usize, account: u32, denom: &str) -> u128 {
        self.snap
            .collateral(&(self.holders[who].to_string(), account), denom)
            .u128()
    }

    fn vault_exec(&mut self, sender: &Addr, msg: &VaultMsg, funds: &[Coin]) -> Result<(), String> {
        err_text(self.env.vault().execute(sender, msg, funds))
    }

    fn deposit(
        &mut self,
        sender: &Addr,
        owner: &Addr,
        account: u32,
        coins: Vec<Coin>,
    ) -> Result<(), TestCaseError> {
        let on_behalf_of = (sender != owner).then(|| owner.to_string());
        let msg = VaultMsg::Deposit {
            account: Some(account),
            on_behalf_of,
        };
        let res = self.vault_exec(sender, &msg, &coins);
        self.msg(
            sender,
            Action::Deposit {
                owner: owner.clone(),
                account,
                coins,
            },
            res,
        )
    }

    fn withdraw(
        &mut self,
        who: usize,
        account: u32,
        denom: &str,
        amount: Option<u128>,
    ) -> Result<(), TestCaseError> {
        let owner = self.holders[who].clone();
        let amount = amount.map(Uint128::new);
        let msg = VaultMsg::Withdraw {
            denom: denom.into(),
            amount,
            account: Some(account),
            recipient: None,
        };
        let res = self.vault_exec(&owner, &msg, &[]);
        let action = Action::Withdraw {
            owner: owner.clone(),
            account,
            denom: denom.into(),
            amount,
        };
        self.msg(&owner, action, res)
    }

    fn borrow(
        &mut self,
        who: usize,
        account: u32,
        denom: &str,
        amount: u128,
    ) -> Result<(), TestCaseError> {
        let owner = self.holders[who].clone();
        let amount = Uint128::new(amount);
        let msg = VaultMsg::Borrow {
            denom: denom.into(),
            amount,
            account: Some(account),
            recipient: None,
        };
        let res = self.vault_exec(&owner, &msg, &[]);
        let action = Action::Borrow {
            owner: owner.clone(),
            account,
            denom: denom.into(),
            amount,
        };
        self.msg(&owner, action, res)
    }

    fn repay(
        &mut self,
        sender: &Addr,
        owner: &Addr,
        account: u32,
        coins: Vec<Coin>,
        all: bool,
    ) -> Result<(), TestCaseError> {
        let on_behalf_of = (sender != owner).then(|| owner.to_string());
        let msg = VaultMsg::Repay {
            account: Some(account),
            on_behalf_of,
        };
        let res = self.vault_exec(sender, &msg, &coins);
        self.msg(
            sender,
            Action::Repay {
                owner: owner.clone(),
                account,
                coins,
                all,
            },
            res,
        )
    }

    fn supply(&mut self, lender: &Addr, coins: Vec<Coin>) -> Result<(), TestCaseError> {
        let res = self.vault_exec(lender, &VaultMsg::Supply { on_behalf_of: None }, &coins);
        self.msg(
            lender,
            Action::Supply {
                lender: lender.clone(),
                coins,
            },
            res,
        )
    }

    fn redeem(
        &mut self,
        lender: &Addr,
        denom: &str,
        amount: Option<u128>,
    ) -> Result<(), TestCaseError> {
        let amount = amount.map(Uint128::new);
        let msg = VaultMsg::Redeem {
            denom: denom.into(),
            amount,
            recipient: None,
        };
        let res = self.vault_exec(lender, &msg, &[]);
        self.msg(
            lender,
            Action::Redeem {
                lender: lender.clone(),
                denom: denom.into(),
                amount,
            },
            res,
        )
    }

    fn max_borrow(&self, who: usize, account: u32, denom: &str) -> u128 {
        let owner = &self.holders[who];
        self.env
            .vault_handle()
            .query_max_borrow(&self.env.app.wrap(), owner, account, denom)
            .map(|a| a.amount.u128())
            .unwrap_or(0)
    }

    fn max_withdraw(&self, who: usize, account: u32, denom: &str) -> u128 {
        let owner = &self.holders[who];
        self.env
            .vault_handle()
            .query_max_withdraw(&self.env.app.wrap(), owner, account, denom)
            .map(|a| a.amount.u128())
            .unwrap_or(0)
    }

    /// A privileged message to `contract` from `sender`.
    fn privileged(
        &mut self,
        sender: &Addr,
        contract: Contract,
        guardian_may: bool,
        res: Result<(), String>,
    ) -> Result<(), TestCaseError> {
        self.msg(
            sender,
            Action::Privileged {
                contract,
                guardian_may,
            },
            res,
        )
    }

    fn world_step(&mut self, action: Action) -> Result<(), TestCaseError> {
        self.checked(StepInfo::world(action))
    }

    fn republish_all(&mut self) {
        for i in 0..4 {
            publish(&mut self.env, &self.feeds, i);
        }
    }

    fn liquidate(
        &mut self,
        by_attacker: bool,
        owner: &Addr,
        account: u32,
        debt: &str,
        coll: &str,
        pct: Option<u8>,
    ) -> Result<(), TestCaseError> {
        let owner = owner.clone();
        let liquidator = if by_attacker {
            self.holders[ATTACKER].clone()
        } else {
            self.liquidator.clone()
        };
        let sim = |env: &MockEnv, amount: Option<u128>| {
            env.liquidation_handle()
                .query_simulate_liquidation(
                    &env.app.wrap(),
                    &owner,
                    account,
                    debt,
                    coll,
                    amount.map(Uint128::new),
                )
                .map_err(|e| e.to_string())
        };
        let owed = self.snap.debt(&(owner.to_string(), account), debt).u128();
        let sent = match pct {
            None => sim(&self.env, None)
                .map(|s| s.repay.u128())
                .unwrap_or(owed.max(1)),
            Some(p) => pct_of(owed, p).max(1),
        };
        let simulated = sim(&self.env, Some(sent));
        let executed = self
            .env
            .liquidation()
            .liquidate(&liquidator, &owner, account, coll, &coin(sent, debt))
            .map_err(|e| e.to_string());
        // the simulation does not know who liquidates: a self-liquidation simulates but must fail
        let matched = if liquidator == owner {
            match &executed {
                Ok(ev) => Err(format!("self-liquidation accepted: {ev:?}")),
                Err(_) => Ok(()),
            }
        } else {
            inv::liquidation_matches_simulation(&simulated, &executed)
        };
        if let Err(e) = matched {
            return Err(self.fail(format!(
                "{e} ({owner}/{account} {debt}→{coll}, sent {sent})"
            )));
        }
        let outcome = executed.as_ref().map(|_| ()).map_err(Clone::clone);
        let action = Action::Liquidate {
            owner: owner.clone(),
            account,
            collateral_denom: coll.into(),
            sent: coin(sent, debt),
            event: executed.ok(),
        };
        self.msg(&liquidator, action, outcome)
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let owner = self.env.owner.clone();
        let guardian = self.env.guardian.clone();
        let attacker = self.holders[ATTACKER].clone();
        match op.clone() {
            Op::Supply {
                lender,
                denom,
                amount,
            } => {
                let l = self.lenders[lender].clone();
                self.supply(&l, vec![coin(amount, BORROWABLE[denom])])
            }
            Op::Redeem { lender, denom, pct } => {
                let l = self.lenders[lender].clone();
                let d = BORROWABLE[denom];
                let held = self.snap.supplied(l.as_str(), d).u128();
                self.redeem(&l, d, pct.map(|p| pct_of(held, p).max(1)))
            }
            Op::Deposit {
                who,
                account,
                denom,
                amount,
            } => {
                let o = self.holders[who].clone();
                self.deposit(&o, &o, account, vec![coin(amount, COLLATERALS[denom])])
            }
            Op::DepositFor {
                from,
                to,
                account,
                denom,
                amount,
            } => {
                let (f, o) = (self.holders[from].clone(), self.holders[to].clone());
                self.deposit(&f, &o, account, vec![coin(amount, COLLATERALS[denom])])
            }
            Op::Withdraw {
                who,
                account,
                denom,
                pct,
            } => {
                let d = COLLATERALS[denom];
                let amount = pct.map(|p| pct_of(self.max_withdraw(who, account, d), p).max(1));
                self.withdraw(who, account, d, amount)
            }
            Op::Borrow {
                who,
                account,
                denom,
                pct,
            } => {
                let d = BORROWABLE[denom];
                let amount = pct_of(self.max_borrow(who, account, d), pct).max(1);
                self.borrow(who, account, d, amount)
            }
            Op::Repay {
                who,
                account,
                denom,
                pct,
            } => {
                let d = BORROWABLE[denom];
                let amount = pct_of(self.debt(who, account, d), pct).max(1);
                let o = self.holders[who].clone();
                self.repay(&o, &o, account, vec![coin(amount, d)], false)
            }
            Op::RepayFor {
                from,
                to,
                account,
                denom,
                pct,
            } => {
                let d = BORROWABLE[denom];
                let amount = pct_of(self.debt(to, account, d), pct).max(1);
                let (f, o) = (self.holders[from].clone(), self.holders[to].clone());
                self.repay(&f, &o, account, vec![coin(amount, d)], false)
            }
            Op::RepayAll { who, account } => {
                let coins: Vec<Coin> = BORROWABLE
                    .iter()
                    .map(|d| (*d, self.debt(who, account, d)))
                    .filter(|(_, owed)| *owed > 0)
                    .map(|(d, owed)| coin(owed + 1_000, d))
                    .collect();
                if coins.is_empty() {
                    return Ok(());
                }
                let o = self.holders[who].clone();
                self.repay(&o, &o, account, coins, true)
            }
            Op::WithdrawAll { who, account } => {
                for d in COLLATERALS {
                    if self.collateral(who, account, d) > 0 {
                        self.withdraw(who, account, d, None)?;
                    }
                }
                Ok(())
            }
            Op::Liquidate {
                by_attacker,
                sick,
                target,
                account,
                debt,
                coll,
                pct,
            } => {
                let sick_accounts: Vec<inv::AccountKey> = self
                    .snap
                    .valued_liquidation
                    .iter()
                    .filter(|(_, v)| v.liquidatable())
                    .map(|(k, _)| k.clone())
                    .collect();
                let (owner, account, debt, coll) =
                    match sick_accounts.get(target % sick_accounts.len().max(1)) {
                        Some(key) if sick => {
                            let ledger = &self.snap.accounts[key];
                            let debts: Vec<&String> = ledger.debts.keys().collect();
                            let colls: Vec<&String> = ledger.collaterals.keys().collect();
                            (
                                Addr::unchecked(&key.0),
                                key.1,
                                debts[debt % debts.len()].clone(),
                                colls
                                    .get(coll % colls.len().max(1))
                                    .map(|c| c.to_string())
                                    .unwrap_or_else(|| ATOM.into()),
                            )
                        }
                        _ => (
                            self.holders[target].clone(),
                            account,
                            BORROWABLE[debt % 2].to_string(),
                            COLLATERALS[coll % 3].to_string(),
                        ),
                    };
                self.liquidate(by_attacker, &owner, account, &debt, &coll, pct)
            }
            Op::RoundTrip {
                kind,
                who,
                denom,
                amount,
            } => self.round_trip(kind, who, denom, amount),
            Op::Advance { secs, refresh } => {
                self.env.advance(secs);
                if refresh {
                    self.republish_all();
                }
                self.world_step(Action::Advance { seconds: secs })
            }
            Op::Price { asset, pct } => {
                let scale = |x: i64| (x / 100 * i64::from(pct)).max(1);
                match asset {
                    0 => {
                        self.feeds.atom = scale(self.feeds.atom);
                        publish(&mut self.env, &self.feeds, 0);
                    }
                    1 => {
                        self.feeds.eth = scale(self.feeds.eth);
                        for i in 1..4 {
                            publish(&mut self.env, &self.feeds, i);
                        }
                    }
                    _ => {
                        let p = self.feeds.osmo * Decimal256::percent(u64::from(pct));
                        if self.env.set_price(OSMO, p).is_ok() {
                            self.feeds.osmo = p;
                        }
                    }
                }
                self.world_step(Action::Market)
            }
            Op::Fault { feed, fault } => {
                self.feeds.faults[feed] = Some(fault);
                publish(&mut self.env, &self.feeds, feed);
                self.world_step(Action::Market)
            }
            Op::Heal { feed } => {
                self.feeds.faults[feed] = None;
                publish(&mut self.env, &self.feeds, feed);
                self.world_step(Action::Market)
            }
            Op::ListOsmo => {
                let spec = AssetSpec::new(OSMO, 6).collateral("0.5", "0.6");
                let res = err_text(self.env.vault().list_asset(&owner, &spec));
                self.privileged(&owner, Contract::Vault, false, res)
            }
            Op::UpdateCollateral { denom, choice } => {
                const TABLE: [(&str, &str); 8] = [
                    ("0.5", "0.6"),
                    ("0.6", "0.7"),
                    ("0.65", "0.75"),
                    ("0.7", "0.8"),
                    // out of bounds: max_ltv = threshold, max_ltv 0, threshold 1,
                    // threshold · (1 + 0.15) ≥ 1
                    ("0.7", "0.7"),
                    ("0", "0.5"),
                    ("0.8", "1"),
                    ("0.8", "0.9"),
                ];
                let d = COLLATERALS[denom];
                let cap = self
                    .snap
                    .assets
                    .get(d)
                    .and_then(|a| a.collateral.as_ref())
                    .and_then(|c| c.deposit_cap);
                let (m, t) = TABLE[usize::from(choice)];
                let params = CollateralParams {
                    max_ltv: ballast_testing::dec(m),
                    liquidation_threshold: ballast_testing::dec(t),
                    deposit_cap: cap,
                };
                let res = err_text(self.env.vault().update_asset(&owner, d, Some(params), None));
                self.privileged(&owner, Contract::Vault, false, res)
            }
            Op::UpdateLending { denom, choice } => {
                let d = BORROWABLE[denom];
                let Some(mut lending) = self.snap.assets.get(d).and_then(|a| a.lending.clone())
                else {
                    return Ok(());
                };
                let dec = ballast_testing::dec;
                match choice {
                    0 => lending.rate_model = test_rate_model(),
                    1 => {
                        lending.rate_model.base = dec("0");
                        lending.rate_model.slope1 = dec("0.05");
                        lending.rate_model.slope2 = dec("3");
                        lending.rate_model.optimal_utilization = dec("0.9");
                    }
                    2 => lending.reserve_factor = dec("0.3"),
                    3 => lending.rate_model.optimal_utilization = dec("1"),
                    4 => lending.reserve_factor = dec("1"),
                    _ => lending.rate_model.slope2 = dec("10"),
                }
                let res = err_text(
                    self.env
                        .vault()
                        .update_asset(&owner, d, None, Some(lending)),
                );
                self.privileged(&owner, Contract::Vault, false, res)
            }
            Op::SetCap { denom, which, pct } => self.set_cap(denom, which, pct),
            Op::Pause {
                denom,
                mask,
                by_guardian,
            } => {
                let actions = PausedActions {
                    deposit: mask & 1 != 0,
                    withdraw: mask & 2 != 0,
                    supply: mask & 4 != 0,
                    redeem: mask & 8 != 0,
                    borrow: mask & 16 != 0,
                };
                let sender = if by_guardian { guardian } else { owner };
                let res = err_text(self.env.vault().set_paused(&sender, DENOMS[denom], actions));
                self.privileged(&sender, Contract::Vault, true, res)
            }
            Op::UpdatePolicy { choice } => {
                let mut p = policy(15);
                match choice {
                    0 => {}
                    1 => p.close_factor = Decimal::one(),
                    2 => p.full_liquidation_hf = Decimal::one(),
                    3 => p.protocol_fee_share = Decimal::percent(50),
                    4 => p.min_leftover_value = Uint128::zero(),
                    5 => {
                        p.default_bonus = BonusCurve {
                            start: Decimal::percent(2),
                            slope: Decimal::percent(500),
                            min: Decimal::zero(),
                            max: Decimal::percent(10),
                        }
                    }
                    // out of bounds: 0.8 · 1.25 ≥ 1 for ETH; close factor 0; min > start
                    6 => p.default_bonus.max = Decimal::percent(25),
                    7 => p.close_factor = Decimal::zero(),
                    8 => p.default_bonus.min = Decimal::percent(10),
                    _ => p.min_leftover_value = Uint128::new(100_000_000),
                }
                let res = err_text(self.env.liquidation().update_policy(&owner, &p));
                self.privileged(&owner, Contract::Liquidation, false, res)
            }
            Op::RemoveSource { denom } => {
                let res = err_text(self.env.oracle().remove_price_source(&owner, DENOMS[denom]));
                self.privileged(&owner, Contract::Oracle, false, res)
            }
            Op::ReAddSource { denom } => {
                let (d, decimals, source) = match DENOMS[denom] {
                    OSMO => (
                        OSMO.to_string(),
                        6,
                        PriceSource::Fixed {
                            price: self.feeds.osmo,
                        },
                    ),
                    name => self
                        .sources
                        .iter()
                        .find(|s| s.0 == name)
                        .cloned()
                        .expect("source"),
                };
                let res = err_text(
                    self.env
                        .oracle()
                        .set_price_source(&owner, &d, decimals, source),
                );
                self.privileged(&owner, Contract::Oracle, false, res)
            }
            Op::AttackerPrivileged { which } => self.attacker_privileged(&attacker, which),
            Op::Malformed { which } => self.malformed(which),
            Op::Donate { denom, amount } => {
                let vault = self.env.vault_addr.clone();
                let coins = vec![coin(amount, BORROWABLE[denom])];
                self.env
                    .app
                    .execute(
                        attacker.clone(),
                        cosmwasm_std::BankMsg::Send {
                            to_address: vault.to_string(),
                            amount: coins.clone(),
                        }
                        .into(),
                    )
                    .unwrap();
                self.checked(StepInfo::new(&attacker, Action::Donate { coins }, Ok(())))
            }
            Op::Migrate { contract, rewind } => self.migrate(contract, rewind),
        }
    }

    fn round_trip(
        &mut self,
        kind: u8,
        who: usize,
        denom: usize,
        m: u64,
    ) -> Result<(), TestCaseError> {
        let first = self.snap.clone();
        let o = self.holders[who].clone();
        let (actor, d) = match kind {
            0 => {
                let d = COLLATERALS[denom];
                let amount = units(d, m);
                self.deposit(&o, &o, 0, vec![coin(amount, d)])?;
                if self.log.last().is_some_and(|l| l.ends_with("Ok(())")) {
                    self.withdraw(who, 0, d, Some(amount))?;
                }
                (o, d)
            }
            1 => {
                let d = BORROWABLE[denom % 2];
                let before = self.debt(who, 0, d);
                let amount = pct_of(self.max_borrow(who, 0, d), (m % 100) as u8 + 1).max(1);
                self.borrow(who, 0, d, amount)?;
                let added = self.debt(who, 0, d).saturating_sub(before);
                if added > 0 {
                    self.repay(&o, &o, 0, vec![coin(added, d)], false)?;
                }
                (o, d)
            }
            _ => {
                let l = self.lenders[who % LENDERS].clone();
                let d = BORROWABLE[denom % 2];
                let before = self.snap.supplied(l.as_str(), d).u128();
                self.supply(&l, vec![coin(units(d, m), d)])?;
                let gained = self
                    .snap
                    .supplied(l.as_str(), d)
                    .u128()
                    .saturating_sub(before);
                if gained > 0 {
                    self.redeem(&l, d, Some(gained))?;
                }
                (l, d)
            }
        };
        inv::inv_07_no_free_money(&first, &self.snap, &actor, d).map_err(|e| self.fail(e))
    }

    fn set_cap(&mut self, denom: usize, which: u8, pct: u8) -> Result<(), TestCaseError> {
        let owner = self.env.owner.clone();
        let scale = |total: Uint128| (pct > 0).then(|| Uint128::new(pct_of(total.u128(), pct)));
        let res = match which {
            0 => {
                let d = COLLATERALS[denom];
                let Some(mut c) = self.snap.assets.get(d).and_then(|a| a.collateral.clone()) else {
                    return Ok(());
                };
                c.deposit_cap = scale(
                    self.snap
                        .collateral_totals
                        .get(d)
                        .copied()
                        .unwrap_or_default(),
                );
                err_text(self.env.vault().update_asset(&owner, d, Some(c), None))
            }
            _ => {
                let d = BORROWABLE[denom % 2];
                let (Some(mut l), Some(m)) = (
                    self.snap.assets.get(d).and_then(|a| a.lending.clone()),
                    self.snap.markets.get(d).cloned(),
                ) else {
                    return Ok(());
                };
                if which == 1 {
                    l.supply_cap = scale(m.total_supplied);
                } else {
                    l.borrow_cap = scale(m.total_debt);
                }
                err_text(
                    self.env
                        .vault()
                        .update_asset(&owner, d, None, Some::<LendingParams>(l)),
                )
            }
        };
        self.privileged(&owner, Contract::Vault, false, res)
    }

    fn attacker_privileged(&mut self, attacker: &Addr, which: u8) -> Result<(), TestCaseError> {
        let victim = self.holders[0].clone();
        let a = attacker.to_string();
        let (contract, res) = match which {
            0 => (
                Contract::Vault,
                err_text(self.env.vault().update_asset(
                    attacker,
                    ATOM,
                    Some(CollateralParams {
                        max_ltv: Decimal::percent(10),
                        liquidation_threshold: Decimal::percent(20),
                        deposit_cap: None,
                    }),
                    None,
                )),
            ),
            1 => (
                Contract::Vault,
                err_text(self.env.vault().set_paused(
                    attacker,
                    USDC,
                    PausedActions {
                        supply: true,
                        ..PausedActions::default()
                    },
                )),
            ),
            2 => (
                Contract::Liquidation,
                err_text(self.env.liquidation().update_policy(attacker, &policy(10))),
            ),
            3 => (
                Contract::Oracle,
                err_text(self.env.oracle().remove_price_source(attacker, ATOM)),
            ),
            4 => (
                Contract::Oracle,
                err_text(self.env.oracle().set_price_source(
                    attacker,
                    ATOM,
                    6,
                    PriceSource::Fixed {
                        price: Decimal256::percent(1),
                    },
                )),
            ),
            5 => (
                Contract::Vault,
                self.vault_exec(
                    attacker,
                    &VaultMsg::WithdrawReserves {
                        denom: USDC.into(),
                        amount: None,
                        recipient: Some(a.clone()),
                    },
                    &[],
                ),
            ),
            6 => (
                Contract::Vault,
                self.vault_exec(
                    attacker,
                    &VaultMsg::UpdateConfig {
                        oracle: Some(a.clone()),
                        liquidation: Some(a.clone()),
                        treasury: None,
                        guardian: Some(a.clone()),
                        min_debt_value: None,
                        max_assets_per_account: None,
                    },
                    &[],
                ),
            ),
            7 => (
                Contract::Vault,
                self.vault_exec(
                    attacker,
                    &VaultMsg::SettleLiquidation {
                        owner: victim.to_string(),
                        account: Some(0),
                        collateral_denom: ATOM.into(),
                        seize: Uint128::new(1_000_000),
                        protocol_fee: Uint128::zero(),
                        recipient: a.clone(),
                        treasury: a.clone(),
                    },
                    &[coin(1, USDC)],
                ),
            ),
            8 => (
                Contract::Liquidation,
                err_text(
                    self.env
                        .liquidation()
                        .transfer_ownership(attacker, &a, None),
                ),
            ),
            _ => {
                let vault = self.env.vault_addr.clone();
                let code = self.env.vault_code_id;
                (
                    Contract::Vault,
                    err_text(self.env.app.migrate_contract(
                        attacker.clone(),
                        vault,
                        &Empty {},
                        code,
                    )),
                )
            }
        };
        self.privileged(attacker, contract, false, res)
    }

    fn malformed(&mut self, which: u8) -> Result<(), TestCaseError> {
        let (b0, b1) = (self.holders[0].clone(), self.holders[1].clone());
        let owner = self.env.owner.clone();
        let guardian = self.env.guardian.clone();
        let (vault, liq, oracle) = (
            self.env.vault_addr.clone(),
            self.env.liquidation_addr.clone(),
            self.env.oracle_addr.clone(),
        );
        let attacker = self.holders[ATTACKER].clone();
        let policy_json = cosmwasm_std::to_json_string(&policy(15)).unwrap();
        let (sender, contract, json, funds) = match which {
            // read as "amount omitted", this would withdraw all
            0 => (b0.clone(), vault, r#"{"withdraw":{"denom":"uatom","ammount":"1","account":0}}"#.to_string(), vec![]),
            // read as "account omitted", this would credit account 0
            1 => (b0.clone(), vault, r#"{"deposit":{"acount":1}}"#.to_string(), vec![coin(1_000_000, ATOM)]),
            2 => (attacker.clone(), vault, format!(r#"{{"repay":{{"on_behalf":"{b1}"}}}}"#), vec![coin(1_000_000, USDC)]),
            3 => (b0.clone(), vault, r#"{"borrow":{"denom":"uusdc","amount":"1000000","recipient_":"x"}}"#.to_string(), vec![]),
            4 => (self.liquidator.clone(), liq, format!(r#"{{"liquidate":{{"owner":"{b0}","collateral_denom":"uatom","min_colateral_out":"1"}}}}"#), vec![coin(1_000_000, USDC)]),
            5 => (owner.clone(), oracle, r#"{"set_price_source":{"denom":"uusdc","decimals":6,"source":{"fixed":{"price":"1","prise":"2"}}}}"#.to_string(), vec![]),
            6 => (owner.clone(), liq, format!(r#"{{"update_policy":{{"policy":{}}}}}"#, policy_json.replace("close_factor", "close_factr")), vec![]),
            7 => (self.lenders[0].clone(), vault, format!(r#"{{"supply":{{"on_behalf_off":"{b1}"}}}}"#), vec![coin(1_000_000, USDC)]),
            _ => (guardian, vault, r#"{"set_paused":{"denom":"uusdc","actions":{"borow":true}}}"#.to_string(), vec![]),
        };
        let msg = CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: Binary::from(json.into_bytes()),
            funds,
        });
        let res = err_text(self.env.app.execute(sender.clone(), msg));
        self.msg(&sender, Action::Malformed, res)
    }

    fn migrate(&mut self, contract: u8, rewind: bool) -> Result<(), TestCaseError> {
        let (addr, code, which) = match contract {
            0 => (
                self.env.oracle_addr.clone(),
                self.env.oracle_code_id,
                Contract::Oracle,
            ),
            1 => (
                self.env.vault_addr.clone(),
                self.env.vault_code_id,
                Contract::Vault,
            ),
            _ => (
                self.env.liquidation_addr.clone(),
                self.env.liquidation_code_id,
                Contract::Liquidation,
            ),
        };
        if rewind {
            // as if this code were the previous version: only then may it migrate (to this one)
            let mut storage = self.env.app.contract_storage_mut(&addr);
            let info = cw2::get_contract_version(storage.as_ref()).unwrap();
            cw2::set_contract_version(storage.as_mut(), info.contract, "0.0.1").unwrap();
            drop(storage);
            self.checked(StepInfo {
                sender: None,
                action: Action::Other,
                outcome: Ok(()),
            })?;
        }
        let owner = self.env.owner.clone();
        let res = err_text(
            self.env
                .app
                .migrate_contract(owner.clone(), addr, &Empty {}, code),
        );
        // 27: only to a newer version
        if res.is_ok() != rewind {
            return Err(self.fail(format!(
                "inv 27 (migration): migrate of {which:?} with the stored version {} gave {res:?}",
                if rewind { "older" } else { "the same" }
            )));
        }
        self.privileged(&owner, which, false, res)
    }
}

/// Runs `ops` on a fresh world, checking after every step; a ledger-only run ends with the full
/// check (`check_all`).
fn run(ops: &[Op], full: bool) -> Result<World, TestCaseError> {
    let mut w = world(full);
    for op in ops {
        w.apply(op)?;
    }
    if !full {
        inv::check_all(&w.env).map_err(|e| w.fail(format!("at the end: {e}")))?;
    }
    Ok(w)
}

/// The opening loans, then 1 to `max_len − 1` actions weighted `user : world : gov`.
fn sequence(user: u32, world: u32, gov: u32, max_len: usize) -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![user => user_op(), world => world_op(), gov => governance_op()];
    (opening(), prop::collection::vec(op, 1..max_len)).prop_map(|(mut open, ops)| {
        open.extend(ops);
        open
    })
}

/// Cases of each ledger-level property (`PROPTEST_CASES` overrides). With [`FULL_CASES`] and the
/// vault's (48) and the liquidation contract's (128) properties: 2 × 4,620 + 600 + 176 = 10,016
/// random sequences per run.
const LEDGER_CASES: u32 = 4_620;
/// Cases of the full property (`PROPTEST_CASES` overrides).
const FULL_CASES: u32 = 600;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: inv::cases(LEDGER_CASES),
        max_shrink_iters: 300,
        ..ProptestConfig::default()
    })]

    /// Users, third parties and liquidators with markets moving; the ledger, price and transition
    /// invariants after every step, the full check at the end.
    #[test]
    fn protocol_invariants_users_and_markets(ops in sequence(6, 3, 1, 12)) {
        run(&ops, false)?;
    }

    /// Governance, guardian, attacker and oracle faults mixed in heavily; checked the same way.
    #[test]
    fn protocol_invariants_governance_and_faults(ops in sequence(4, 3, 3, 12)) {
        run(&ops, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: inv::cases(FULL_CASES),
        max_shrink_iters: 300,
        ..ProptestConfig::default()
    })]

    /// Everything mixed; after every step also the vault's `Positions` at both price kinds and
    /// the liquidation scan are checked against the checker's own valuation (invariants 8, 29).
    #[test]
    fn protocol_invariants_full_check_every_step(ops in sequence(5, 3, 2, 16)) {
        run(&ops, true)?;
    }
}

/// Every kind of action, in an order where each can be accepted (a smoke test of the harness:
/// the steps really move funds, liquidate, and run governance).
#[test]
fn every_kind_of_step_once() {
    let mut ops = vec![
        Op::Borrow {
            who: 0,
            account: 0,
            denom: 0,
            pct: 100,
        },
        Op::Borrow {
            who: 1,
            account: 1,
            denom: 1,
            pct: 50,
        },
        Op::Supply {
            lender: 1,
            denom: 1,
            amount: 1_000_000_000,
        },
        Op::Redeem {
            lender: 1,
            denom: 1,
            pct: Some(10),
        },
        Op::Deposit {
            who: 2,
            account: 1,
            denom: 1,
            amount: 10u128.pow(18),
        },
        Op::DepositFor {
            from: ATTACKER,
            to: 2,
            account: 0,
            denom: 0,
            amount: 1_000_000,
        },
        Op::RepayFor {
            from: ATTACKER,
            to: 1,
            account: 1,
            denom: 1,
            pct: 10,
        },
        Op::Repay {
            who: 1,
            account: 1,
            denom: 1,
            pct: 10,
        },
        Op::Withdraw {
            who: 2,
            account: 1,
            denom: 1,
            pct: Some(50),
        },
        Op::RoundTrip {
            kind: 0,
            who: 2,
            denom: 0,
            amount: 500,
        },
        Op::RoundTrip {
            kind: 1,
            who: 2,
            denom: 0,
            amount: 50,
        },
        Op::RoundTrip {
            kind: 2,
            who: 0,
            denom: 0,
            amount: 500,
        },
        Op::Price { asset: 0, pct: 80 },
        Op::Liquidate {
            by_attacker: false,
            sick: false,
            target: 0,
            account: 0,
            debt: 0,
            coll: 0,
            pct: None,
        },
        Op::Liquidate {
            by_attacker: true,
            sick: false,
            target: ATTACKER,
            account: 0,
            debt: 0,
            coll: 0,
            pct: None,
        },
        Op::Advance {
            secs: 86_400,
            refresh: true,
        },
        Op::ListOsmo,
        Op::Deposit {
            who: 2,
            account: 0,
            denom: 2,
            amount: 100_000_000,
        },
        Op::UpdateCollateral {
            denom: 2,
            choice: 0,
        },
        Op::UpdateCollateral {
            denom: 2,
            choice: 7,
        },
        Op::UpdateLending {
            denom: 0,
            choice: 2,
        },
        Op::SetCap {
            denom: 0,
            which: 2,
            pct: 150,
        },
        Op::Pause {
            denom: 0,
            mask: 31,
            by_guardian: true,
        },
        Op::Pause {
            denom: 0,
            mask: 0,
            by_guardian: false,
        },
        Op::UpdatePolicy { choice: 1 },
        Op::UpdatePolicy { choice: 6 },
        Op::Fault {
            feed: 2,
            fault: Fault::WideConf,
        },
        Op::Heal { feed: 2 },
        Op::RemoveSource { denom: 3 },
        Op::ReAddSource { denom: 3 },
        Op::AttackerPrivileged { which: 7 },
        Op::Malformed { which: 0 },
        Op::Donate {
            denom: 0,
            amount: 12_345,
        },
        Op::Migrate {
            contract: 1,
            rewind: false,
        },
        Op::Migrate {
            contract: 1,
            rewind: true,
        },
        Op::Price { asset: 1, pct: 30 },
        Op::Liquidate {
            by_attacker: false,
            sick: false,
            target: 0,
            account: 0,
            debt: 0,
            coll: 1,
            pct: None,
        },
        Op::RepayAll { who: 1, account: 1 },
        Op::WithdrawAll { who: 1, account: 1 },
    ];
    ops.insert(
        0,
        Op::Advance {
            secs: 5,
            refresh: true,
        },
    );
    let w = run(&ops, true).unwrap_or_else(|e| panic!("{e}"));
    for kind in [
        "Borrow",
        "Supply",
        "Redeem",
        "Deposit",
        "Repay",
        "Withdraw",
        "Liquidate",
        "Privileged",
        "Donate",
    ] {
        assert!(
            w.accepted.contains(kind),
            "no {kind} accepted: {:?}",
            w.accepted
        );
    }
}

#[test]
#[ignore = "diagnostic: how often each kind of step is accepted; run with --ignored --nocapture"]
fn acceptance_stats() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeMap;
    let mut runner = TestRunner::deterministic();
    let mut stats: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut reasons: BTreeMap<String, u32> = BTreeMap::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for _ in 0..200 {
        let ops = sequence(5, 3, 2, 16)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let w = run(&ops, false).unwrap_or_else(|e| panic!("{e}"));
        for (k, n) in &w.seen {
            *seen.entry(k).or_default() += n;
        }
        for line in &w.log {
            let kind: String = line.split([' ', '{']).next().unwrap_or("").to_string();
            let entry = stats.entry(kind.clone()).or_default();
            if line.ends_with("Ok(())") {
                entry.0 += 1;
            } else {
                entry.1 += 1;
                let reason: String = line
                    .rsplit("error: ")
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(50)
                    .collect();
                *reasons.entry(format!("{kind}: {reason}")).or_default() += 1;
            }
        }
    }
    println!("(accepted, rejected) per kind: {stats:#?}");
    println!("checked states showing: {seen:#?}");
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    println!("rejections: {:#?}", &reasons[..reasons.len().min(40)]);
}

/// 27: migrating all three contracts from an older version keeps every invariant, and the
/// migrated protocol still lends, liquidates and repays.
#[test]
fn migrated_state_keeps_every_invariant() {
    let mut ops = vec![
        Op::Borrow {
            who: 0,
            account: 0,
            denom: 0,
            pct: 100,
        },
        Op::Borrow {
            who: 2,
            account: 0,
            denom: 0,
            pct: 50,
        },
        Op::Price { asset: 1, pct: 40 },
        Op::Advance {
            secs: 30 * 86_400,
            refresh: true,
        },
    ];
    for contract in 0..3 {
        ops.push(Op::Migrate {
            contract,
            rewind: true,
        });
    }
    ops.extend([
        Op::Liquidate {
            by_attacker: false,
            sick: true,
            target: 0,
            account: 0,
            debt: 0,
            coll: 1,
            pct: None,
        },
        Op::RepayAll { who: 2, account: 0 },
        Op::Supply {
            lender: 1,
            denom: 0,
            amount: 1_000_000,
        },
    ]);
    let w = run(&ops, true).unwrap_or_else(|e| panic!("{e}"));
    let migrated = w
        .log
        .iter()
        .filter(|l| l.starts_with("Privileged") && l.ends_with("Ok(())"));
    assert_eq!(migrated.count(), 3, "{:#?}", w.log);
    for kind in ["Liquidate", "Repay", "Supply"] {
        assert!(
            w.accepted.contains(kind),
            "no {kind} after the migration: {:#?}",
            w.log
        );
    }
}

/// 32 for queries: a misspelt field in a query is an error, never read as "omitted".
#[test]
fn unknown_fields_in_queries_are_rejected() {
    let w = world(false);
    let b = &w.holders[0];
    let cases = [
        (
            &w.env.vault_addr,
            format!(r#"{{"position":{{"owner":"{b}","acount":1}}}}"#),
        ),
        (
            &w.env.vault_addr,
            r#"{"positions":{"limit":5,"knd":"liquidation"}}"#.to_string(),
        ),
        (
            &w.env.liquidation_addr,
            format!(
                r#"{{"simulate_liquidation":{{"owner":"{b}","debt_denom":"uusdc","collateral_denom":"uatom","debt_amout":"1"}}}}"#
            ),
        ),
        (
            &w.env.oracle_addr,
            r#"{"price":{"denom":"uatom","kind":"liquidation","kindd":"default"}}"#.to_string(),
        ),
    ];
    for (contract, json) in cases {
        let res: cosmwasm_std::StdResult<cosmwasm_std::Binary> = w.env.app.wrap().query(
            &cosmwasm_std::QueryRequest::Wasm(cosmwasm_std::WasmQuery::Smart {
                contract_addr: contract.to_string(),
                msg: Binary::from(json.as_bytes()),
            }),
        );
        let err = res.expect_err(&json).to_string();
        assert!(err.contains("unknown field"), "{json}: {err}");
    }
}
