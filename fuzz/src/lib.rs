//! Fuzz harness of the Ballast contracts (`cargo fuzz run vault|oracle|liquidation`, or
//! `scripts/fuzz.sh`).
//!
//! Each input is a short sequence of steps ([`input`]) run against the state of [`setup`]: raw or
//! mutated-template ([`mutate`], [`templates`]) JSON messages to the target contract from any
//! actor with any funds, price moves, failing feeds, time, and a liquidator bot ([`moves`]).
//! After every step: a contract panic is a crash (cw-multi-test does not catch it), a failed
//! execute must leave the whole storage as it was, a message with an unknown field must fail, and
//! the properties of [`checks`] must hold; at the end of the input
//! `ballast_testing::invariants::check_all`, the share sums, and for every debtor repay-all then
//! withdraw-all. `BALLAST_FUZZ_DEBUG=1` prints every step and its result to stderr.

/// `eprintln!` when `BALLAST_FUZZ_DEBUG` is set.
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::debug() {
            eprintln!($($arg)*);
        }
    };
}

pub mod checks;
pub mod input;
pub mod moves;
pub mod mutate;
pub mod session;
pub mod setup;
pub mod templates;

use std::cell::RefCell;
use std::sync::OnceLock;

use cosmwasm_std::Addr;

use crate::checks::Tracker;
use crate::input::Step;
use crate::moves::Feed;
use crate::session::Session;
use crate::setup::{World, ATOM_CONF, ATOM_PRICE};
/// The contract a fuzz target sends its messages to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Vault,
    Oracle,
    Liquidation,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Vault => "vault",
            Target::Oracle => "oracle",
            Target::Liquidation => "liquidation",
        }
    }

    pub fn addr(self, world: &World) -> Addr {
        match self {
            Target::Vault => world.env.vault_addr.clone(),
            Target::Oracle => world.env.oracle_addr.clone(),
            Target::Liquidation => world.env.liquidation_addr.clone(),
        }
    }
}

fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("BALLAST_FUZZ_DEBUG").is_some())
}

thread_local! {
    static WORLD: RefCell<Option<World>> = const { RefCell::new(None) };
}

/// Runs one input against `target` (the body of every fuzz target).
pub fn run(target: Target, data: &[u8]) {
    let steps = input::parse(data);
    WORLD.with(|cell| {
        let mut cell = cell.borrow_mut();
        let world = cell.get_or_insert_with(World::new);
        world.reset();
        let mut session = Session {
            world,
            target,
            templates: templates::templates(target),
            tracker: Tracker::default(),
            feed: Feed {
                price: ATOM_PRICE,
                conf: ATOM_CONF,
                expo: -8,
                ema_price: ATOM_PRICE,
                ema_conf: ATOM_CONF,
            },
        };
        if let Err(e) = checks::invariants(
            session.world,
            &mut session.tracker,
            target == Target::Oracle,
        ) {
            panic!("ballast-fuzz: the set-up fails its checks: {e}");
        }
        let every_step = checks::check_all_every_step();
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::RawExec { .. } | Step::RawQuery { .. } => trace!("step {i}: raw"),
                _ => trace!("step {i}: {step:?}"),
            }
            session.step(step);
            if let Err(e) = checks::invariants(
                session.world,
                &mut session.tracker,
                target == Target::Oracle,
            ) {
                trace!("  (checks skipped: {e})");
            }
            if every_step {
                checks::check_all(session.world);
            }
        }
        checks::check_all(session.world);
        checks::final_ledger(session.world);
        session.repay_and_withdraw_all();
    });
}
