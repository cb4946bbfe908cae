//! The state every input starts from: a [`MockEnv`] with three priced assets, two lending markets,
//! lenders, borrowers near their limits and sub-accounts, built once per process and restored from
//! a snapshot of the `App`'s storage before each input (about 50× cheaper than rebuilding it).
//!
//! | denom | price | vault |
//! |---|---|---|
//! | `uusdc` | fixed 1 USD | lending |
//! | `uatom` | Pyth 10 USD ± 0.05 % (60 s staleness, 2 % confidence, 10 % EMA deviation) | collateral 0.7/0.75 and lending |
//! | `uosmo` | fixed 0.5 USD | collateral 0.5/0.6 |
//! | `ujuno` | fixed 2 USD | not listed (for `ListAsset`) |
//!
//! Minimum debt value 1 USD. Alice supplies 1,000,000 USDC and 1,000 ATOM; Bob deposits 1,000 ATOM
//! and 10,000 OSMO and borrows 9,000 USDC (borrow capacity 9,500, liquidation capacity 10,500: a
//! 20 % ATOM fall makes him liquidatable); Carol borrows 500 USDC against 100 ATOM in account 0
//! (liquidatable below 6.67 USD), and 200 ATOM against 10,000 OSMO in account 1 (liquidatable above
//! 15 USD); Dave is a liquidator; Mallory an attacker with a
//! little of everything, and the vault's risk steward (conservative limits): a steward that turns
//! against the protocol can only take the steps its limits allow.

use ballast_testing::{feeds, test_rate_model, AssetSpec, MockEnv, VaultParams};
use ballast_types::vault::ExecuteMsg;
use cosmwasm_std::testing::MockStorage;
use cosmwasm_std::{coin, Addr, BlockInfo, Decimal256, Order, Storage, Uint128};

/// Listed denoms, in the order the checks visit them.
pub const LISTED: [&str; 3] = ["uusdc", "uatom", "uosmo"];
/// Denoms with a lending market.
pub const LENDING: [&str; 2] = ["uusdc", "uatom"];
/// Priced by the oracle but not listed in the vault.
pub const UNLISTED: &str = "ujuno";
/// The denom priced by Pyth.
pub const PYTH_DENOM: &str = "uatom";
/// The Pyth feed of `uatom`.
pub const ATOM_FEED: &str = feeds::ATOM_USD;
/// A feed no source reads.
pub const OTHER_FEED: &str = feeds::ETH_USD;
/// ATOM's Pyth price at the start: 10 USD with `expo = -8`.
pub const ATOM_PRICE: i64 = 1_000_000_000;
/// Its confidence: 0.05 %.
pub const ATOM_CONF: u64 = 500_000;

/// Actor names as written in messages (`@name`), the first ones with their own addresses.
pub const ACTORS: [&str; 12] = [
    "owner",
    "guardian",
    "treasury",
    "alice",
    "bob",
    "carol",
    "dave",
    "mallory",
    "vault",
    "oracle",
    "liquidation",
    "pyth",
];

/// Actors that are contracts which never execute messages, so never senders.
pub const NOT_SENDERS: [&str; 3] = ["vault", "oracle", "pyth"];

/// The env, its actors and the snapshot to restore.
pub struct World {
    pub env: MockEnv,
    /// `(name, address)` of every actor, [`ACTORS`] order.
    pub actors: Vec<(&'static str, Addr)>,
    snapshot: Vec<(Vec<u8>, Vec<u8>)>,
    block: BlockInfo,
}

fn mint(env: &mut MockEnv, addr: &Addr, amount: u128, denom: &str) {
    env.fund(addr, &[coin(amount, denom)]);
}

impl World {
    /// Builds the env and the state described above, and snapshots it.
    pub fn new() -> Self {
        let mut env = MockEnv::builder()
            .fixed_price("uusdc", 6, Decimal256::one())
            .pyth_price("uatom", 6, ATOM_FEED, ATOM_PRICE, -8, ATOM_CONF)
            .fixed_price("uosmo", 6, Decimal256::percent(50))
            .fixed_price(UNLISTED, 6, Decimal256::percent(200))
            .vault_params(VaultParams {
                min_debt_value: Uint128::new(1_000_000),
                max_assets_per_account: 8,
            })
            .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
            .asset(
                AssetSpec::new("uatom", 6)
                    .collateral("0.7", "0.75")
                    .lending(test_rate_model(), "0.2"),
            )
            .asset(AssetSpec::new("uosmo", 6).collateral("0.5", "0.6"))
            .build();
        let actors: Vec<(&'static str, Addr)> = ACTORS
            .iter()
            .map(|name| {
                let addr = match *name {
                    "owner" => env.owner.clone(),
                    "guardian" => env.guardian.clone(),
                    "treasury" => env.treasury.clone(),
                    "vault" => env.vault_addr.clone(),
                    "oracle" => env.oracle_addr.clone(),
                    "liquidation" => env.liquidation_addr.clone(),
                    "pyth" => env.pyth_addr.clone(),
                    other => env.addr(other),
                };
                (*name, addr)
            })
            .collect();
        let who = |name: &str| env.addr(name);
        let (alice, bob, carol, mallory) = (who("alice"), who("bob"), who("carol"), who("mallory"));

        mint(&mut env, &alice, 1_000_000_000_000, "uusdc");
        mint(&mut env, &alice, 1_000_000_000, "uatom");
        env.vault()
            .supply(&alice, &[coin(1_000_000_000_000, "uusdc")])
            .expect("supply usdc");
        env.vault()
            .supply(&alice, &[coin(1_000_000_000, "uatom")])
            .expect("supply atom");

        mint(&mut env, &bob, 1_000_000_000, "uatom");
        mint(&mut env, &bob, 10_000_000_000, "uosmo");
        env.vault()
            .deposit(
                &bob,
                &[coin(1_000_000_000, "uatom"), coin(10_000_000_000, "uosmo")],
            )
            .expect("deposit bob");
        env.vault()
            .borrow(&bob, &coin(9_000_000_000, "uusdc"))
            .expect("borrow bob");

        mint(&mut env, &carol, 100_000_000, "uatom");
        mint(&mut env, &carol, 10_000_000_000, "uosmo");
        env.vault()
            .deposit(&carol, &[coin(100_000_000, "uatom")])
            .expect("deposit carol 0");
        env.vault()
            .borrow(&carol, &coin(500_000_000, "uusdc"))
            .expect("borrow carol 0");
        env.vault()
            .deposit_to(&carol, 1, None, &[coin(10_000_000_000, "uosmo")])
            .expect("deposit carol 1");
        env.vault()
            .borrow_from(&carol, 1, &coin(200_000_000, "uatom"), None)
            .expect("borrow carol 1");

        for denom in ["uusdc", "uatom", "uosmo", UNLISTED] {
            mint(&mut env, &mallory, 1_000_000_000, denom);
        }
        let owner = env.owner.clone();
        let steward = ExecuteMsg::SetSteward {
            steward: Some(mallory.to_string()),
            limits: None,
        };
        env.vault()
            .execute(&owner, &steward, &[])
            .expect("set the steward");

        let snapshot = env
            .app
            .storage()
            .range(None, None, Order::Ascending)
            .collect();
        let block = env.app.block_info();
        World {
            env,
            actors,
            snapshot,
            block,
        }
    }

    /// Back to the state [`Self::new`] built.
    pub fn reset(&mut self) {
        let mut storage = MockStorage::new();
        for (key, value) in &self.snapshot {
            storage.set(key, value);
        }
        *self.env.app.storage_mut() = storage;
        self.env.app.set_block(self.block.clone());
    }

    /// The address of actor `name` (without `@`), if it is one.
    pub fn actor(&self, name: &str) -> Option<&Addr> {
        self.actors.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// A sender for `name`: an actor, or a fresh valid address made from the string. Contracts that never send messages on chain (the vault, the oracle,
    /// the mock Pyth) are never senders: `@vault` gives a fresh address too.
    pub fn sender(&self, name: &str) -> Addr {
        let actor = name.strip_prefix('@').filter(|n| !NOT_SENDERS.contains(n));
        if let Some(addr) = actor.and_then(|n| self.actor(n)) {
            return addr.clone();
        }
        self.env
            .addr(if name.is_empty() { "mallory" } else { name })
    }

    /// Replaces every `@name` placeholder in `msg` by the actor's address.
    pub fn expand(&self, msg: &[u8]) -> Vec<u8> {
        if !msg.contains(&b'@') {
            return msg.to_vec();
        }
        let mut out = Vec::with_capacity(msg.len() + 64);
        let mut i = 0;
        'outer: while i < msg.len() {
            if msg[i] == b'@' {
                for (name, addr) in &self.actors {
                    if msg[i + 1..].starts_with(name.as_bytes()) {
                        out.extend_from_slice(addr.as_str().as_bytes());
                        i += 1 + name.len();
                        continue 'outer;
                    }
                }
            }
            out.push(msg[i]);
            i += 1;
        }
        out
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}
