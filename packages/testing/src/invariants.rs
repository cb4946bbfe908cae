//! INVARIANTS.md as named checkers over a [`MockEnv`].
//!
//! Every invariant that can be read from the state of the contracts is a function
//! `inv_NN_<name>(&Snapshot) -> Result<(), String>` (some also query the env, e.g. to simulate a
//! liquidation); every invariant about what one step may change is a function of the snapshots
//! before and after and the [`StepInfo`]. [`check_state`] / [`check_all`] run every state
//! checker, [`check_step`] every transition checker. A failure names the invariant, the account
//! or denom and the numbers.
//!
//! Expected numbers are worked out here from RISK.md and API.md, not read from the contracts'
//! maths: each account is valued by the checker itself (`floor(c·p)`, `ceil(d·p)`, capacities,
//! health) from the ledger in storage and the oracle's `TryPrices` answers, the bonus formula is
//! recomputed, and every oracle answer is predicted from the feeds the mock Pyth holds.
//!
//! A [`Snapshot`] comes in two depths. [`Snapshot::take`] also pages through the vault's
//! `Positions` at both price kinds (what invariants 8 and 29 compare with the checker's own
//! valuation, and what [`check_all`] uses); [`Snapshot::take_ledger`] reads only the ledger,
//! prices and balances (about a fifth of the cost), and the checkers that need the vault's
//! `Positions` or the liquidation scan skip themselves on it. Both read storage directly where
//! no query lists everything (accounts, supplies, sources, feeds).
//!
//! ```
//! use ballast_testing::invariants::{check_all, check_step, Action, Snapshot, StepInfo};
//! use ballast_testing::{test_rate_model, AssetSpec, MockEnv};
//! use cosmwasm_std::{coin, Decimal256, Uint128};
//!
//! let mut env = MockEnv::builder()
//!     .fixed_price("uusdc", 6, Decimal256::one())
//!     .fixed_price("uatom", 6, Decimal256::percent(1000))
//!     .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
//!     .asset(AssetSpec::new("uatom", 6).collateral("0.6", "0.7"))
//!     .build();
//! let (lender, borrower) = (env.addr("lender"), env.addr("borrower"));
//! env.fund(&lender, &[coin(1_000_000, "uusdc")]);
//! env.fund(&borrower, &[coin(1_000_000, "uatom")]);
//! env.vault().supply(&lender, &[coin(1_000_000, "uusdc")]).unwrap();
//! env.vault().deposit(&borrower, &[coin(1_000_000, "uatom")]).unwrap();
//! check_all(&env).unwrap();
//!
//! let before = Snapshot::take(&env, &[borrower.clone()]);
//! let res = env.vault().borrow(&borrower, &coin(600_000, "uusdc"));
//! let after = Snapshot::take(&env, &[borrower.clone()]);
//! let step = StepInfo::new(
//!     &borrower,
//!     Action::Borrow {
//!         owner: borrower.clone(),
//!         account: 0,
//!         denom: "uusdc".into(),
//!         amount: Uint128::new(600_000),
//!     },
//!     res.map(|_| ()).map_err(|e| e.to_string()),
//! );
//! check_step(&before, &after, &step).unwrap();
//! check_all(&env).unwrap();
//! ```

use std::collections::{BTreeMap, BTreeSet};

use ballast_kit::ownership::OWNERSHIP;
use ballast_math::market::MarketState;
use ballast_types::events::LiquidateEvent;
use ballast_types::liquidation::{
    BonusCurve, LiquidatablePositionsResponse, LiquidationPolicy, SimulateLiquidationResponse,
};
use ballast_types::oracle::{PriceKind, PriceSource, TryPriceResponse};
use ballast_types::ownership::Ownership;
use ballast_types::pyth::PriceFeed;
use ballast_types::vault::{
    Asset, MarketResponse, MarketsResponse, PositionResponse, PositionsResponse,
};
use cosmwasm_std::{
    Addr, Coin, Decimal, Decimal256, Order, StdResult, Storage, Uint128, Uint256, Uint512,
};
use cw_multi_test::App;
use cw_storage_plus::{Item, Map};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::contracts::{contract_liquidation, contract_mock_pyth, contract_oracle, contract_vault};
use crate::MockEnv;

/// What one checker returns: `Err` names the invariant and the numbers.
pub type Check = Result<(), String>;

/// Page size of every paged query the checkers send (small, so that paging itself is used).
pub const PAGE: u32 = 5;
/// How far (seconds) a Pyth `publish_time` may be ahead of the block (the oracle's bound).
pub const MAX_FUTURE_DRIFT_S: i64 = 10;
/// Units of rounding the vault may keep per denom and message, in its favour (inv 21).
pub const ROUNDING_DUST: u128 = 2;
/// Debt or supply shares per unit at index 1 (the virtual offset of RISK.md, "Shares").
pub const SHARES_PER_UNIT: u128 = 1_000_000;

const WAD: u128 = 1_000_000_000_000_000_000;

/// The mock Pyth's storage, as `crate::mock_pyth` lays it out.
const PYTH_FEEDS: Map<&str, PriceFeed> = Map::new("feeds");
const PYTH_FAILING: Map<&str, bool> = Map::new("failing");

// ---------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------

/// Key of an account: `(owner, sub-account)`.
pub type AccountKey = (String, u32);
/// The oracle's answers for one denom at `Default` and at `Liquidation` kind.
pub type PricePair = (Result<Decimal256, String>, Result<Decimal256, String>);
/// A contract's storage, every key and value.
pub type RawStorage = Vec<(Vec<u8>, Vec<u8>)>;

/// One debt of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Debt {
    /// Debt shares.
    pub shares: Uint128,
    /// Owed now: `ceil(shares · borrow_index / 10^6)` at the accrued index.
    pub amount: Uint128,
}

/// One account's ledger, read from the vault's storage (zero entries are never stored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Collateral amounts by denom.
    pub collaterals: BTreeMap<String, Uint128>,
    /// Debts by denom.
    pub debts: BTreeMap<String, Debt>,
}

impl Ledger {
    /// Every denom the account holds.
    pub fn denoms(&self) -> BTreeSet<&str> {
        self.collaterals
            .keys()
            .chain(self.debts.keys())
            .map(String::as_str)
            .collect()
    }
}

/// One account valued by the checker at one price kind (RISK.md, "Position values" and "Prices
/// that are missing"): collateral without a price counts zero, a debt without a price makes the
/// account unpriceable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Valued {
    /// `C = Σ floor(c·p)` over priced collateral.
    pub collateral_value: Uint256,
    /// `D = Σ ceil(d·p)` over priced debts.
    pub debt_value: Uint256,
    /// `B = Σ floor(floor(c·p)·max_ltv)`.
    pub borrow_capacity: Uint256,
    /// `L = Σ floor(floor(c·p)·liquidation_threshold)`.
    pub liquidation_capacity: Uint256,
    /// The account's denoms without a price at this kind.
    pub missing: BTreeSet<String>,
    /// A debt denom has no price.
    pub unpriceable: bool,
}

impl Valued {
    /// `floor(L / D)`; `None` without debt or when unpriceable.
    pub fn health_factor(&self) -> Option<Decimal256> {
        if self.unpriceable {
            return None;
        }
        ratio_down(self.liquidation_capacity, self.debt_value)
    }

    /// `D > L` on a priced account.
    pub fn liquidatable(&self) -> bool {
        !self.unpriceable && self.debt_value > self.liquidation_capacity
    }
}

/// The vault's own `Positions` answers at one price kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuations {
    /// Why paging `Positions` failed, if it did (INVARIANTS.md 29: it must not). The positions
    /// are then each account's own `Position` answer.
    pub page_error: Option<String>,
    /// Accounts that owe debt, with their position or the error of their own `Position` query.
    pub by_account: BTreeMap<AccountKey, Result<PositionResponse, String>>,
}

/// Owners of the three contracts and the vault's guardian.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Governance {
    /// Oracle ownership.
    pub oracle: Ownership,
    /// Vault ownership.
    pub vault: Ownership,
    /// Liquidation contract ownership.
    pub liquidation: Ownership,
    /// The vault's guardian.
    pub guardian: Option<Addr>,
}

/// A registered price source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Decimals of the denom.
    pub decimals: u8,
    /// The source as stored.
    pub source: PriceSource,
}

/// Everything the checkers compare across a step, read at one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Block height.
    pub height: u64,
    /// Block time, seconds.
    pub time: u64,
    /// Listed assets by denom.
    pub assets: BTreeMap<String, Asset>,
    /// Markets by denom, accrued to this block (the `Markets` pages).
    pub markets: BTreeMap<String, MarketResponse>,
    /// Markets as stored (not accrued): `last_accrued` lives here.
    pub stored_markets: BTreeMap<String, MarketState>,
    /// The vault's collateral totals per denom.
    pub collateral_totals: BTreeMap<String, Uint128>,
    /// Every account's ledger.
    pub accounts: BTreeMap<AccountKey, Ledger>,
    /// Every `(lender, denom)` supply: shares and `floor(shares · supply_index / 10^6)`.
    pub supplies: BTreeMap<(String, String), Debt>,
    /// Per denom (listed or with a price source): `TryPrices` at `Default` and at `Liquidation`.
    pub prices: BTreeMap<String, PricePair>,
    /// Every account valued by the checker at `Default` prices.
    pub valued_default: BTreeMap<AccountKey, Valued>,
    /// Every account valued by the checker at `Liquidation` prices.
    pub valued_liquidation: BTreeMap<AccountKey, Valued>,
    /// The vault's `Positions` at `Default` and `Liquidation` prices ([`Snapshot::take`] only).
    pub positions: Option<(Valuations, Valuations)>,
    /// The liquidation policy.
    pub policy: Option<LiquidationPolicy>,
    /// Owners and guardian.
    pub governance: Governance,
    /// The oracle's quote decimals.
    pub quote_decimals: u8,
    /// The oracle's sources by denom.
    pub sources: BTreeMap<String, Source>,
    /// The mock Pyth's feeds by id; `Err` for a feed made to fail or missing.
    pub feeds: BTreeMap<String, Result<PriceFeed, String>>,
    /// The mock Pyth's address.
    pub pyth: String,
    /// Bank balances `(address, denom)` of the tracked addresses, the four contracts and the
    /// treasury, in every denom seen.
    pub balances: BTreeMap<(String, String), Uint256>,
    /// Raw storage of the mock Pyth, the oracle, the vault and the liquidation contract (in this
    /// order), with their code ids.
    pub raw: Vec<(String, u64, RawStorage)>,
}

fn query<T: DeserializeOwned>(
    env: &MockEnv,
    addr: &Addr,
    msg: &impl Serialize,
) -> Result<T, String> {
    env.app
        .wrap()
        .query_wasm_smart(addr, msg)
        .map_err(|e| e.to_string())
}

/// Every item of a paged query, following `next_start_after` until `None`; fails if a cursor is
/// not the key of its page's last item or the page is not full (`ballast_kit::paging`).
fn all_pages<T, K: Clone + PartialEq + std::fmt::Debug>(
    mut page: impl FnMut(Option<K>) -> Result<(Vec<T>, Option<K>), String>,
    key: impl Fn(&T) -> K,
) -> Result<Vec<T>, String> {
    let mut out: Vec<T> = vec![];
    let mut cursor: Option<K> = None;
    loop {
        let (items, next) = page(cursor.clone())?;
        let last = items.last().map(&key);
        out.extend(items);
        match next {
            None => return Ok(out),
            Some(next)
                if Some(&next) == last.as_ref() && out.len().is_multiple_of(PAGE as usize) =>
            {
                cursor = Some(next)
            }
            Some(next) => return Err(format!("bad cursor {next:?} after {last:?}")),
        }
    }
}

/// Every market (paged `Markets`).
pub fn all_markets(env: &MockEnv) -> Result<Vec<MarketResponse>, String> {
    use ballast_types::vault::QueryMsg;
    all_pages(
        |start_after| {
            query(
                env,
                &env.vault_addr,
                &QueryMsg::Markets {
                    start_after,
                    limit: Some(PAGE),
                },
            )
            .map(|p: MarketsResponse| (p.markets, p.next_start_after))
        },
        |m: &MarketResponse| m.denom.clone(),
    )
}

/// Every page of `Positions` at `kind`.
pub fn all_positions(env: &MockEnv, kind: PriceKind) -> Result<Vec<PositionResponse>, String> {
    use ballast_types::vault::QueryMsg;
    all_pages(
        |start_after| {
            query(
                env,
                &env.vault_addr,
                &QueryMsg::Positions {
                    start_after,
                    limit: Some(PAGE),
                    kind: Some(kind),
                },
            )
            .map(|p: PositionsResponse| (p.positions, p.next_start_after))
        },
        |p: &PositionResponse| (p.owner.clone(), p.account),
    )
}

/// The whole `LiquidatablePositions` scan, page after page (`next_start_after` until `None`).
pub fn full_scan(env: &MockEnv) -> Result<LiquidatablePositionsResponse, String> {
    use ballast_types::liquidation::QueryMsg;
    let mut all = LiquidatablePositionsResponse {
        positions: vec![],
        unpriceable: vec![],
        next_start_after: None,
    };
    let mut cursor: Option<(String, u32)> = None;
    for _ in 0..1_000 {
        let page: LiquidatablePositionsResponse = query(
            env,
            &env.liquidation_addr,
            &QueryMsg::LiquidatablePositions {
                start_after: cursor.clone(),
                limit: Some(PAGE),
            },
        )?;
        all.positions.extend(page.positions);
        all.unpriceable.extend(page.unpriceable);
        match page.next_start_after {
            Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
            Some(next) => return Err(format!("the scan did not advance past {next:?}")),
            None => return Ok(all),
        }
    }
    Err("the scan did not end after 1000 pages".into())
}

fn vault_positions(
    env: &MockEnv,
    kind: PriceKind,
    accounts: &BTreeMap<AccountKey, Ledger>,
) -> Valuations {
    use ballast_types::vault::QueryMsg;
    match all_positions(env, kind) {
        Ok(list) => Valuations {
            page_error: None,
            by_account: list
                .into_iter()
                .map(|p| ((p.owner.clone(), p.account), Ok(p)))
                .collect(),
        },
        Err(page_error) => Valuations {
            page_error: Some(page_error),
            by_account: accounts
                .iter()
                .filter(|(_, a)| !a.debts.is_empty())
                .map(|(key, _)| {
                    let res = query(
                        env,
                        &env.vault_addr,
                        &QueryMsg::Position {
                            owner: key.0.clone(),
                            account: Some(key.1),
                            kind: Some(kind),
                        },
                    );
                    (key.clone(), res)
                })
                .collect(),
        },
    }
}

/// `shares · index / 10^6`, rounded down or up (RISK.md, "Shares and rounding").
pub fn shares_to_assets(shares: Uint128, index: Decimal256, up: bool) -> Uint128 {
    let num = u512(shares) * u512(index.atomics());
    let den = u512(SHARES_PER_UNIT) * u512(WAD);
    let q = if up {
        (num + den - u512(1u8)) / den
    } else {
        num / den
    };
    Uint128::try_from(to_u256(q)).unwrap_or(Uint128::MAX)
}

fn items<K, V>(storage: &dyn Storage, map: Map<K, V>) -> Vec<(K::Output, V)>
where
    K: cw_storage_plus::PrimaryKey<'static> + cw_storage_plus::KeyDeserialize,
    K::Output: 'static,
    V: Serialize + DeserializeOwned,
{
    map.range(storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()
        .unwrap_or_default()
}

fn item<T: Serialize + DeserializeOwned>(storage: &dyn Storage, item: Item<T>) -> Option<T> {
    item.may_load(storage).ok().flatten()
}

impl Snapshot {
    /// Reads everything at the current block, including the vault's `Positions` at both price
    /// kinds. `tracked` are the addresses whose bank balances are recorded besides the contracts
    /// and the treasury (the actors of a test).
    pub fn take(env: &MockEnv, tracked: &[Addr]) -> Snapshot {
        let mut s = Self::take_ledger(env, tracked);
        s.positions = Some((
            vault_positions(env, PriceKind::Default, &s.accounts),
            vault_positions(env, PriceKind::Liquidation, &s.accounts),
        ));
        s
    }

    /// Like [`Snapshot::take`] without the vault's `Positions` (the checker's own valuations are
    /// still there): the checkers of the vault's valuation and of the scan skip themselves.
    pub fn take_ledger(env: &MockEnv, tracked: &[Addr]) -> Snapshot {
        let block = env.app.block_info();
        let markets: BTreeMap<String, MarketResponse> = all_markets(env)
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.denom.clone(), m))
            .collect();
        let vault = env.app.contract_storage(&env.vault_addr);
        let vault = vault.as_ref();
        let assets: BTreeMap<String, Asset> = items(vault, ballast_vault::state::ASSETS)
            .into_iter()
            .collect();
        let stored_markets: BTreeMap<String, MarketState> =
            items(vault, ballast_vault::state::MARKETS)
                .into_iter()
                .collect();
        let collateral_totals: BTreeMap<String, Uint128> =
            items(vault, ballast_vault::state::COLLATERAL_TOTALS)
                .into_iter()
                .collect();
        let index = |denom: &str, borrow: bool| {
            markets
                .get(denom)
                .map(|m| {
                    if borrow {
                        m.borrow_index
                    } else {
                        m.supply_index
                    }
                })
                .unwrap_or_default()
        };
        let accounts: BTreeMap<AccountKey, Ledger> = items(vault, ballast_vault::state::ACCOUNTS)
            .into_iter()
            .map(|((owner, n), a)| {
                let ledger = Ledger {
                    collaterals: a.collaterals.iter().map(|(d, x)| (d.clone(), *x)).collect(),
                    debts: a
                        .debts
                        .iter()
                        .map(|(d, shares)| {
                            let amount = shares_to_assets(*shares, index(d, true), true);
                            (
                                d.clone(),
                                Debt {
                                    shares: *shares,
                                    amount,
                                },
                            )
                        })
                        .collect(),
                };
                ((owner.to_string(), n), ledger)
            })
            .collect();
        let supplies = items(vault, ballast_vault::state::SUPPLIES)
            .into_iter()
            .map(|((lender, denom), shares)| {
                let amount = shares_to_assets(shares, index(&denom, false), false);
                ((lender.to_string(), denom), Debt { shares, amount })
            })
            .collect();
        let vault_config = item(vault, ballast_vault::state::CONFIG);
        let vault_owner = item(vault, OWNERSHIP).unwrap_or_default();

        let oracle = env.app.contract_storage(&env.oracle_addr);
        let oracle = oracle.as_ref();
        let sources: BTreeMap<String, Source> = items(oracle, ballast_oracle::state::SOURCES)
            .into_iter()
            .map(|(d, e)| {
                (
                    d,
                    Source {
                        decimals: e.decimals,
                        source: e.source,
                    },
                )
            })
            .collect();
        let quote_decimals = item(oracle, ballast_oracle::state::CONFIG)
            .map(|c| c.quote_decimals)
            .unwrap_or_default();
        let oracle_owner = item(oracle, OWNERSHIP).unwrap_or_default();
        let liquidation = env.app.contract_storage(&env.liquidation_addr);
        let liquidation = liquidation.as_ref();
        let policy = item(liquidation, ballast_liquidation::state::POLICY);
        let liquidation_owner = item(liquidation, OWNERSHIP).unwrap_or_default();
        let pyth = env.app.contract_storage(&env.pyth_addr);
        let failing: BTreeSet<String> = items(pyth.as_ref(), PYTH_FAILING)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let feeds = items(pyth.as_ref(), PYTH_FEEDS)
            .into_iter()
            .map(|(id, feed)| {
                let res = if failing.contains(&id) {
                    Err(format!("feed {id} fails"))
                } else {
                    Ok(feed)
                };
                (id, res)
            })
            .collect();

        let mut denoms: BTreeSet<String> = assets.keys().cloned().collect();
        denoms.extend(sources.keys().cloned());
        let prices = try_prices(env, &denoms);

        let contracts = [
            env.pyth_addr.clone(),
            env.oracle_addr.clone(),
            env.vault_addr.clone(),
            env.liquidation_addr.clone(),
        ];
        let mut balances = BTreeMap::new();
        for addr in tracked
            .iter()
            .chain(contracts.iter())
            .chain([&env.treasury])
        {
            for denom in &denoms {
                balances.insert((addr.to_string(), denom.clone()), env.balance(addr, denom));
            }
        }
        let raw = contracts
            .iter()
            .map(|addr| {
                let code_id = env.app.contract_data(addr).map(|c| c.code_id).unwrap_or(0);
                (addr.to_string(), code_id, env.app.dump_wasm_raw(addr))
            })
            .collect();
        let mut s = Snapshot {
            height: block.height,
            time: block.time.seconds(),
            assets,
            markets,
            stored_markets,
            collateral_totals,
            accounts,
            supplies,
            prices,
            valued_default: BTreeMap::new(),
            valued_liquidation: BTreeMap::new(),
            positions: None,
            policy,
            governance: Governance {
                oracle: oracle_owner,
                vault: vault_owner,
                liquidation: liquidation_owner,
                guardian: vault_config.and_then(|c| c.guardian),
            },
            quote_decimals,
            sources,
            feeds,
            pyth: env.pyth_addr.to_string(),
            balances,
            raw,
        };
        for kind in [PriceKind::Default, PriceKind::Liquidation] {
            let valued = s
                .accounts
                .iter()
                .map(|(k, a)| (k.clone(), value_account(&s, a, kind)))
                .collect();
            match kind {
                PriceKind::Default => s.valued_default = valued,
                PriceKind::Liquidation => s.valued_liquidation = valued,
            }
        }
        s
    }

    /// The checker's valuations at `kind`.
    pub fn valued(&self, kind: PriceKind) -> &BTreeMap<AccountKey, Valued> {
        match kind {
            PriceKind::Default => &self.valued_default,
            PriceKind::Liquidation => &self.valued_liquidation,
        }
    }

    /// Collateral of `key` in `denom` (0 if none).
    pub fn collateral(&self, key: &AccountKey, denom: &str) -> Uint128 {
        self.accounts
            .get(key)
            .and_then(|a| a.collaterals.get(denom))
            .copied()
            .unwrap_or_default()
    }

    /// Debt of `key` in `denom` (0 if none).
    pub fn debt(&self, key: &AccountKey, denom: &str) -> Uint128 {
        self.accounts
            .get(key)
            .and_then(|a| a.debts.get(denom))
            .map(|d| d.amount)
            .unwrap_or_default()
    }

    /// Assets of `lender` in `denom` (0 if none).
    pub fn supplied(&self, lender: &str, denom: &str) -> Uint128 {
        self.supplies
            .get(&(lender.to_string(), denom.to_string()))
            .map(|s| s.amount)
            .unwrap_or_default()
    }

    /// Bank balance, if recorded.
    pub fn balance(&self, addr: &str, denom: &str) -> Option<Uint256> {
        self.balances
            .get(&(addr.to_string(), denom.to_string()))
            .copied()
    }

    /// The price of `denom` at `kind`, if the oracle gave one.
    pub fn price(&self, denom: &str, kind: PriceKind) -> Option<Decimal256> {
        let (default, liquidation) = self.prices.get(denom)?;
        match kind {
            PriceKind::Default => default.as_ref().ok().copied(),
            PriceKind::Liquidation => liquidation.as_ref().ok().copied(),
        }
    }
}

/// Values one account at `kind` from the snapshot's prices and asset parameters.
fn value_account(s: &Snapshot, a: &Ledger, kind: PriceKind) -> Valued {
    let mut v = Valued::default();
    for (denom, amount) in &a.collaterals {
        let Some(price) = s.price(denom, kind) else {
            v.missing.insert(denom.clone());
            continue;
        };
        let value = value_down(*amount, price);
        // the threshold in force at the snapshot's block (mid-ramp: the interpolation)
        let (m, t) = s
            .assets
            .get(denom)
            .and_then(|x| {
                x.collateral
                    .as_ref()
                    .map(|c| (c.max_ltv, x.liquidation_threshold_at(s.time)))
            })
            .unwrap_or_default();
        v.collateral_value = v.collateral_value.saturating_add(value);
        v.borrow_capacity = v.borrow_capacity.saturating_add(times_ratio(value, m));
        v.liquidation_capacity = v.liquidation_capacity.saturating_add(times_ratio(value, t));
    }
    for (denom, debt) in &a.debts {
        match s.price(denom, kind) {
            Some(price) => v.debt_value = v.debt_value.saturating_add(value_up(debt.amount, price)),
            None => {
                v.missing.insert(denom.clone());
                v.unpriceable = true;
            }
        }
    }
    v
}

fn try_prices(env: &MockEnv, denoms: &BTreeSet<String>) -> BTreeMap<String, PricePair> {
    let list: Vec<String> = denoms.iter().cloned().collect();
    let at = |kind: PriceKind| -> BTreeMap<String, Result<Decimal256, String>> {
        let answers: Result<Vec<TryPriceResponse>, String> = env
            .oracle_handle()
            .query_try_prices(&env.app.wrap(), &list, kind)
            .map_err(|e| e.to_string());
        match answers {
            Ok(answers) => answers
                .into_iter()
                .map(|a| (a.denom.clone(), a.into_result()))
                .collect(),
            Err(err) => list
                .iter()
                .map(|d| (d.clone(), Err(format!("TryPrices failed: {err}"))))
                .collect(),
        }
    };
    let mut default = at(PriceKind::Default);
    let mut liquidation = at(PriceKind::Liquidation);
    list.iter()
        .map(|d| {
            let missing = || Err("no answer".to_string());
            (
                d.clone(),
                (
                    default.remove(d).unwrap_or_else(missing),
                    liquidation.remove(d).unwrap_or_else(missing),
                ),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

/// Which contract a privileged message went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    /// The oracle adapter.
    Oracle,
    /// The vault.
    Vault,
    /// The liquidation contract.
    Liquidation,
}

/// What a step did, as far as the transition checkers need to know.
// One `Action` per step of a test: the size of the liquidation event does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `Deposit` into `(owner, account)`.
    Deposit {
        /// Owner of the account credited.
        owner: Addr,
        /// Sub-account.
        account: u32,
        /// Coins attached.
        coins: Vec<Coin>,
    },
    /// `Withdraw` from the sender's `(owner, account)` to the sender.
    Withdraw {
        /// Owner (the sender, for a legitimate withdrawal).
        owner: Addr,
        /// Sub-account.
        account: u32,
        /// Collateral denom.
        denom: String,
        /// Amount; `None` = the most allowed (all of it without debt).
        amount: Option<Uint128>,
    },
    /// `Borrow` against `(owner, account)` to the sender.
    Borrow {
        /// Owner.
        owner: Addr,
        /// Sub-account.
        account: u32,
        /// Denom.
        denom: String,
        /// Amount.
        amount: Uint128,
    },
    /// `Repay` of `(owner, account)`.
    Repay {
        /// Owner of the account repaid.
        owner: Addr,
        /// Sub-account.
        account: u32,
        /// Coins attached.
        coins: Vec<Coin>,
        /// The coins cover every debt they name (invariant 20: it must work, and clear them).
        all: bool,
    },
    /// `Supply` for `lender`.
    Supply {
        /// Lender credited.
        lender: Addr,
        /// Coins attached.
        coins: Vec<Coin>,
    },
    /// `Redeem` by `lender` to itself.
    Redeem {
        /// Lender.
        lender: Addr,
        /// Denom.
        denom: String,
        /// Amount; `None` = all (capped at the free liquidity).
        amount: Option<Uint128>,
    },
    /// `Liquidate` of `(owner, account)` through the liquidation contract.
    Liquidate {
        /// Owner of the account.
        owner: Addr,
        /// Sub-account.
        account: u32,
        /// Collateral denom asked for.
        collateral_denom: String,
        /// The debt coin attached.
        sent: Coin,
        /// The event, when it succeeded.
        event: Option<LiquidateEvent>,
    },
    /// A privileged message (governance, guardian, ownership, migration) to `contract`.
    Privileged {
        /// The contract.
        contract: Contract,
        /// Whether the vault's guardian may send it too (`SetPaused`).
        guardian_may: bool,
    },
    /// A message with an unknown or misspelt field (invariant 32: must fail).
    Malformed,
    /// Coins sent to the vault by a bank transfer.
    Donate {
        /// The coins.
        coins: Vec<Coin>,
    },
    /// The test moved prices, feeds or sources outside the protocol's own messages.
    Market,
    /// Time passed.
    Advance {
        /// Seconds.
        seconds: u64,
    },
    /// Anything else, e.g. a test writing storage (only the state checks apply).
    Other,
}

/// One step: who sent it, what it was, and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInfo {
    /// Sender of the message (`None` for steps that are not messages: time, prices).
    pub sender: Option<Addr>,
    /// What it was.
    pub action: Action,
    /// `Ok` if the message was accepted, else the error text.
    pub outcome: Result<(), String>,
}

impl StepInfo {
    /// A message step.
    pub fn new(sender: &Addr, action: Action, outcome: Result<(), String>) -> Self {
        Self {
            sender: Some(sender.clone()),
            action,
            outcome,
        }
    }

    /// A step that is not a message (time, prices, feeds, a test writing storage).
    pub fn world(action: Action) -> Self {
        Self {
            sender: None,
            action,
            outcome: Ok(()),
        }
    }

    fn ok(&self) -> bool {
        self.outcome.is_ok()
    }

    fn sender(&self) -> Option<&str> {
        self.sender.as_ref().map(Addr::as_str)
    }

    /// Whether this is a protocol message (not time, prices, feeds, storage or a transfer).
    fn is_message(&self) -> bool {
        !matches!(
            self.action,
            Action::Market | Action::Advance { .. } | Action::Donate { .. } | Action::Other
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic, as RISK.md states it
// ---------------------------------------------------------------------------------------------

fn u512(x: impl Into<Uint512>) -> Uint512 {
    x.into()
}

fn to_u256(x: Uint512) -> Uint256 {
    Uint256::try_from(x).unwrap_or(Uint256::MAX)
}

/// `floor(amount · price)`.
pub fn value_down(amount: Uint128, price: Decimal256) -> Uint256 {
    to_u256(u512(amount) * u512(price.atomics()) / u512(WAD))
}

/// `ceil(amount · price)`.
pub fn value_up(amount: Uint128, price: Decimal256) -> Uint256 {
    let num = u512(amount) * u512(price.atomics());
    to_u256((num + u512(WAD) - u512(1u128)) / u512(WAD))
}

/// `floor(v · ratio)`.
pub fn times_ratio(v: Uint256, ratio: Decimal) -> Uint256 {
    to_u256(u512(v) * u512(ratio.atomics()) / u512(WAD))
}

fn wide(x: Uint128) -> Uint256 {
    Uint256::from(x)
}

/// `floor(a / b)` as a `Decimal256` (18 digits); `None` for `b = 0`.
pub fn ratio_down(a: Uint256, b: Uint256) -> Option<Decimal256> {
    if b.is_zero() {
        return None;
    }
    Some(Decimal256::new(to_u256(u512(a) * u512(WAD) / u512(b))))
}

fn atom_diff(a: Decimal256, b: Decimal256) -> Uint256 {
    if a > b {
        a.atomics() - b.atomics()
    } else {
        b.atomics() - a.atomics()
    }
}

/// The bonus of RISK.md step 2 (step 9 for insolvent accounts), from the curve, `HF`, `C` and
/// `D`, each term rounded down: `min(start + slope·(1 − HF), max(min(C/D − 1, max), min))`,
/// without the `C/D − 1` term when insolvent.
pub fn expected_bonus(curve: &BonusCurve, hf: Decimal256, c: Uint256, d: Uint256) -> Decimal256 {
    let dec = Decimal256::from;
    let sickness = Decimal256::one().saturating_sub(hf);
    let growth = dec(curve.start) + dec(curve.slope) * sickness;
    let (min, max) = (dec(curve.min), dec(curve.max));
    if is_insolvent(curve, c, d) {
        return growth.min(max).max(min);
    }
    let room = if d.is_zero() {
        max
    } else {
        ratio_down(c.saturating_sub(d), d).unwrap_or(max)
    };
    growth.min(room.min(max).max(min))
}

/// RISK.md step 9: `C < D·(1 + bonus.min)`, exactly.
pub fn is_insolvent(curve: &BonusCurve, c: Uint256, d: Uint256) -> bool {
    !d.is_zero() && u512(c) * u512(WAD) < u512(d) * (u512(WAD) + u512(curve.min.atomics()))
}

// ---------------------------------------------------------------------------------------------
// State invariants
// ---------------------------------------------------------------------------------------------

fn all_of(checks: impl IntoIterator<Item = Check>) -> Check {
    let errors: Vec<String> = checks.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn fail(errors: Vec<String>) -> Check {
    all_of(errors.into_iter().map(Err))
}

fn key_str(key: &AccountKey) -> String {
    format!("{}/{}", key.0, key.1)
}

/// Invariant 1: Per market: total debt ≤ total supplied (utilisation ≤ 1).
pub fn inv_01_utilisation_at_most_one(s: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, m) in &s.markets {
        if m.total_debt > m.total_supplied || m.utilization > Decimal::one() {
            errors.push(format!(
                "inv 1 (utilisation ≤ 1): {denom}: total debt {} > total supplied {} (U {})",
                m.total_debt, m.total_supplied, m.utilization
            ));
        }
    }
    fail(errors)
}

/// Per denom: what the vault owes in coins of it, by its ledger: collateral held + supplied −
/// borrowed (reserves are part of `total_supplied`).
pub fn ledger(s: &Snapshot, denom: &str) -> i128 {
    let collateral = signed(s.collateral_totals.get(denom).copied().unwrap_or_default());
    let (supplied, debt) = s
        .markets
        .get(denom)
        .map(|m| (signed(m.total_supplied), signed(m.total_debt)))
        .unwrap_or((0, 0));
    collateral.saturating_add(supplied).saturating_sub(debt)
}

/// `x` as an `i128` (saturating: no amount of a test comes near).
fn signed(x: Uint128) -> i128 {
    i128::try_from(x.u128()).unwrap_or(i128::MAX)
}

fn bank_of(s: &Snapshot, addr: &str, denom: &str) -> i128 {
    s.balance(addr, denom)
        .and_then(|b| Uint128::try_from(b).ok())
        .map(signed)
        .unwrap_or(0)
}

fn ledger_denoms(s: &Snapshot) -> BTreeSet<String> {
    s.collateral_totals
        .keys()
        .chain(s.markets.keys())
        .chain(s.assets.keys())
        .cloned()
        .collect()
}

fn vault_addr(s: &Snapshot) -> &str {
    &s.raw[2].0
}

fn liquidation_addr(s: &Snapshot) -> &str {
    &s.raw[3].0
}

/// Invariant 2: Bank balance of the vault per denom ≥ collateral held + supplied − borrowed (+
/// reserves, inside supplied); the stored collateral total is the sum over accounts.
pub fn inv_02_bank_covers_ledger(s: &Snapshot) -> Check {
    let mut errors = vec![];
    let vault = vault_addr(s);
    for denom in ledger_denoms(s) {
        let held: u128 = s
            .accounts
            .values()
            .filter_map(|a| a.collaterals.get(&denom))
            .map(|c| c.u128())
            .sum();
        let total = s
            .collateral_totals
            .get(&denom)
            .copied()
            .unwrap_or_default()
            .u128();
        if held != total {
            errors.push(format!(
                "inv 2 (bank covers ledger): {denom}: accounts hold {held} of collateral, the \
                 vault's total says {total}"
            ));
        }
        let bank = bank_of(s, vault, &denom);
        let owed = ledger(s, &denom);
        if bank < owed {
            let m = s.markets.get(&denom);
            errors.push(format!(
                "inv 2 (bank covers ledger): {denom}: vault holds {bank} < ledger {owed} \
                 (collateral {total} + supplied {} − borrowed {})",
                m.map(|m| m.total_supplied).unwrap_or_default(),
                m.map(|m| m.total_debt).unwrap_or_default()
            ));
        }
    }
    fail(errors)
}

/// Invariant 3: Sum of account shares = total shares, for supply and for debt, per market; total
/// supplied = suppliers' assets + reserves; every debt is in a market.
pub fn inv_03_shares_sum(s: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, m) in &s.markets {
        let debt: u128 = s
            .accounts
            .values()
            .filter_map(|a| a.debts.get(denom))
            .map(|d| d.shares.u128())
            .sum();
        if debt != m.debt_shares.u128() {
            errors.push(format!(
                "inv 3 (shares sum): {denom}: accounts hold {debt} debt shares, market {}",
                m.debt_shares
            ));
        }
        let supply: u128 = s
            .supplies
            .iter()
            .filter(|((_, d), _)| d == denom)
            .map(|(_, x)| x.shares.u128())
            .sum();
        if supply != m.supply_shares.u128() {
            errors.push(format!(
                "inv 3 (shares sum): {denom}: lenders hold {supply} supply shares, market {}",
                m.supply_shares
            ));
        }
        if m.supplier_assets.checked_add(m.reserves).ok() != Some(m.total_supplied) {
            errors.push(format!(
                "inv 3 (shares sum): {denom}: total supplied {} ≠ suppliers' {} + reserves {}",
                m.total_supplied, m.supplier_assets, m.reserves
            ));
        }
    }
    for (key, a) in &s.accounts {
        for (denom, d) in &a.debts {
            if !s.markets.contains_key(denom) {
                errors.push(format!(
                    "inv 3 (shares sum): {} owes {} {denom}, which has no market",
                    key_str(key),
                    d.amount
                ));
            }
        }
    }
    fail(errors)
}

/// Invariant 5 (state part): `last_accrued ≤ block time` for every stored market.
pub fn inv_05_accrued_not_in_future(s: &Snapshot) -> Check {
    fail(
        s.stored_markets
            .iter()
            .filter(|(_, m)| m.last_accrued > s.time)
            .map(|(d, m)| {
                format!(
                    "inv 5 (indices): {d}: last_accrued {} > block time {}",
                    m.last_accrued, s.time
                )
            })
            .collect(),
    )
}

/// The vault's position of one account at `kind` against the checker's valuation and ledger:
/// amounts, prices, `floor`/`ceil` values, capacities, health, the missing-price fields.
/// Messages tagged `inv 8` are about rounding, `inv 29` about missing prices and consistency.
fn position_errors(s: &Snapshot, kind: PriceKind, p: &PositionResponse) -> Vec<String> {
    let key = (p.owner.clone(), p.account);
    let tag = format!("{} at {kind:?}", key_str(&key));
    let mut errors = vec![];
    let Some(ledger) = s.accounts.get(&key) else {
        return vec![format!(
            "inv 29 (positions): {tag} is in Positions but not in the ledger"
        )];
    };
    let Some(want) = s.valued(kind).get(&key) else {
        return vec![];
    };
    let shown_c: BTreeMap<&str, Uint128> = p
        .collaterals
        .iter()
        .map(|c| (c.denom.as_str(), c.amount))
        .collect();
    let held_c: BTreeMap<&str, Uint128> = ledger
        .collaterals
        .iter()
        .map(|(d, a)| (d.as_str(), *a))
        .collect();
    let shown_d: BTreeMap<&str, Uint128> = p
        .debts
        .iter()
        .map(|d| (d.denom.as_str(), d.amount))
        .collect();
    let owed_d: BTreeMap<&str, Uint128> = ledger
        .debts
        .iter()
        .map(|(d, x)| (d.as_str(), x.amount))
        .collect();
    if shown_c != held_c || shown_d != owed_d {
        errors.push(format!(
            "inv 29 (positions): {tag} shows collateral {shown_c:?} and debt {shown_d:?}, the \
             ledger holds {held_c:?} and owes {owed_d:?}"
        ));
    }
    for c in &p.collaterals {
        match s.price(&c.denom, kind) {
            Some(price) => {
                let v = value_down(c.amount, price);
                if c.price != price || wide(c.value) != v {
                    errors.push(format!(
                        "inv 8 (rounding): {tag}: collateral {} {} at {} valued {}; the oracle \
                         says {price}, floor gives {v}",
                        c.amount, c.denom, c.price, c.value
                    ));
                }
            }
            None if !c.price.is_zero() || !c.value.is_zero() => errors.push(format!(
                "inv 29 (missing price): {tag}: unpriced collateral {} shown at price {} value \
                 {} (must be 0 and 0)",
                c.denom, c.price, c.value
            )),
            None => {}
        }
    }
    for d in &p.debts {
        if let Some(price) = s.price(&d.denom, kind) {
            let v = value_up(d.amount, price);
            if d.price != price || wide(d.value) != v {
                errors.push(format!(
                    "inv 8 (rounding): {tag}: debt {} {} at {} valued {}; the oracle says \
                     {price}, ceil gives {v}",
                    d.amount, d.denom, d.price, d.value
                ));
            }
        }
    }
    let pairs = [
        (
            "collateral_value",
            want.collateral_value,
            p.collateral_value,
        ),
        ("borrow_capacity", want.borrow_capacity, p.borrow_capacity),
        (
            "liquidation_capacity",
            want.liquidation_capacity,
            p.liquidation_capacity,
        ),
        ("debt_value", want.debt_value, p.debt_value),
    ];
    for (name, expected, shown) in pairs {
        if expected != wide(shown) {
            errors.push(format!(
                "inv 8 (rounding): {tag}: {name} {shown}, expected {expected} (priced assets \
                 only, each value rounded for the protocol)"
            ));
        }
    }
    if p.health_factor != want.health_factor() {
        errors.push(format!(
            "inv 8 (rounding): {tag}: health factor {:?}, expected floor(L/D) = {:?}",
            p.health_factor,
            want.health_factor()
        ));
    }
    let reported: BTreeSet<String> = p.missing_prices.iter().map(|m| m.denom.clone()).collect();
    if reported != want.missing {
        errors.push(format!(
            "inv 29 (missing price): {tag}: missing_prices {reported:?}, but the oracle has no \
             price for {:?}",
            want.missing
        ));
    }
    if p.unpriceable != want.unpriceable || p.liquidatable != want.liquidatable() {
        errors.push(format!(
            "inv 29 (missing price): {tag}: unpriceable {} liquidatable {}, expected {} and {} \
             (D {}, L {})",
            p.unpriceable,
            p.liquidatable,
            want.unpriceable,
            want.liquidatable(),
            want.debt_value,
            want.liquidation_capacity
        ));
    }
    if want.unpriceable && (p.ltv.is_some() || p.leverage.is_some()) {
        errors.push(format!(
            "inv 29 (missing price): {tag}: unpriceable but ltv {:?} leverage {:?}",
            p.ltv, p.leverage
        ));
    }
    errors
}

fn positions_errors(s: &Snapshot, prefix: &str) -> Vec<String> {
    let Some((default, liquidation)) = &s.positions else {
        return vec![];
    };
    let mut errors = vec![];
    for (kind, v) in [
        (PriceKind::Default, default),
        (PriceKind::Liquidation, liquidation),
    ] {
        for p in v.by_account.values().flatten() {
            errors.extend(
                position_errors(s, kind, p)
                    .into_iter()
                    .filter(|e| e.starts_with(prefix)),
            );
        }
    }
    errors
}

/// Invariant 8 (state part): The vault values every position as RISK.md rounds it: collateral down,
/// debt up, capacities down, health down (compared with the checker's own valuation). Needs the
/// vault's `Positions` ([`Snapshot::take`]).
pub fn inv_08_position_rounding(s: &Snapshot) -> Check {
    fail(positions_errors(s, "inv 8 "))
}

/// Invariant 18: An account that owes debt holds collateral (when a liquidation takes the last
/// collateral, the rest of the debt is written off).
pub fn inv_18_no_collateral_no_debt(s: &Snapshot) -> Check {
    fail(
        s.accounts
            .iter()
            .filter(|(_, a)| !a.debts.is_empty() && a.collaterals.values().all(Uint128::is_zero))
            .map(|(key, a)| {
                format!(
                    "inv 18 (no collateral ⇒ no debt): {} holds no collateral and owes {:?}",
                    key_str(key),
                    a.debts
                )
            })
            .collect(),
    )
}

/// Invariant 23: Every parameter satisfies RISK.md's bounds: `0 < max_ltv < liquidation_threshold <
/// 1`, `liquidation_threshold · (1 + bonus.max) < 1` with the curve of that denom, `0 < U* < 1`,
/// `base + slope1 + slope2 ≤ 10`, `reserve_factor < 1`, `0 < close_factor ≤ 1`, `0 <
/// full_liquidation_hf ≤ 1`, `protocol_fee_share < 1`, `min ≤ start ≤ max ≤ 0.3`, `slope ≤ 10`.
pub fn inv_23_parameters_in_bounds(s: &Snapshot) -> Check {
    let mut errors = vec![];
    let one = Decimal::one();
    let Some(policy) = &s.policy else {
        return Err("inv 23 (bounds): no liquidation policy stored".into());
    };
    for (denom, a) in &s.assets {
        if let Some(c) = &a.collateral {
            if !(c.max_ltv > Decimal::zero()
                && c.max_ltv < c.liquidation_threshold
                && c.liquidation_threshold < one)
            {
                errors.push(format!(
                    "inv 23 (bounds): {denom}: max_ltv {} / liquidation_threshold {}",
                    c.max_ltv, c.liquidation_threshold
                ));
            }
            let max = policy.bonus_for(denom).max;
            let t = Decimal256::from(c.liquidation_threshold);
            if t * (Decimal256::one() + Decimal256::from(max)) >= Decimal256::one() {
                errors.push(format!(
                    "inv 23 (bounds): {denom}: liquidation_threshold {} · (1 + bonus.max {max}) ≥ 1",
                    c.liquidation_threshold
                ));
            }
        }
        if let Some(l) = &a.lending {
            let r = &l.rate_model;
            let sum =
                Decimal256::from(r.base) + Decimal256::from(r.slope1) + Decimal256::from(r.slope2);
            if r.optimal_utilization.is_zero()
                || r.optimal_utilization >= one
                || sum > Decimal256::percent(1_000)
                || l.reserve_factor >= one
            {
                errors.push(format!("inv 23 (bounds): {denom}: lending params {l:?}"));
            }
        }
    }
    let params_ok = !policy.close_factor.is_zero()
        && policy.close_factor <= one
        && !policy.full_liquidation_hf.is_zero()
        && policy.full_liquidation_hf <= one
        && policy.protocol_fee_share < one;
    if !params_ok {
        errors.push(format!("inv 23 (bounds): policy {policy:?}"));
    }
    let curves = std::iter::once(("default", &policy.default_bonus))
        .chain(policy.bonus_overrides.iter().map(|(d, c)| (d.as_str(), c)));
    for (name, c) in curves {
        if !(c.min <= c.start
            && c.start <= c.max
            && c.max <= Decimal::percent(30)
            && c.slope <= Decimal::percent(1_000))
        {
            errors.push(format!("inv 23 (bounds): bonus curve {name}: {c:?}"));
        }
    }
    fail(errors)
}

/// `floor(price · 10^(expo + quote − decimals))` at 18 digits; `Err` when it rounds to zero.
fn normalize(mantissa: u64, expo: i32, decimals: u8, quote: u8) -> Result<Decimal256, String> {
    let exp = i64::from(expo) + i64::from(quote) - i64::from(decimals) + 18;
    let m = Uint512::from(mantissa);
    // 10^n fits a Uint512 up to n = 154; beyond, the result is 0 (division) or too large
    let power = |n: i64| {
        u32::try_from(n)
            .ok()
            .and_then(|n| Uint512::from(10u8).checked_pow(n).ok())
    };
    let atomics = if exp >= 0 {
        power(exp)
            .and_then(|p| m.checked_mul(p).ok())
            .and_then(|a| Uint256::try_from(a).ok())
            .ok_or_else(|| format!("too large: {mantissa} × 10^{exp}"))?
    } else {
        power(-exp).map(|p| to_u256(m / p)).unwrap_or_default()
    };
    if atomics.is_zero() {
        return Err("rounds to zero".into());
    }
    Ok(Decimal256::new(atomics))
}

/// `a/b > max`, exactly.
fn exceeds(a: u128, b: u128, max: Decimal) -> bool {
    u512(a) * u512(WAD) > u512(max.atomics()) * u512(b)
}

/// The price RISK.md and API.md say `source` gives at `kind` in the snapshot's block, worked out
/// from the feeds the mock Pyth holds; `None` when the source reads another Pyth contract (not
/// predictable here).
pub fn expected_price(
    s: &Snapshot,
    decimals: u8,
    source: &PriceSource,
    kind: PriceKind,
) -> Option<Result<Decimal256, String>> {
    match source {
        PriceSource::Fixed { price } => Some(if price.is_zero() {
            Err("price 0".into())
        } else {
            Ok(*price)
        }),
        PriceSource::Pyth {
            contract,
            feed_id,
            max_staleness_s,
            liquidation_max_staleness_s,
            max_confidence,
            max_ema_deviation,
        } => {
            if contract != &s.pyth {
                return None;
            }
            let id = feed_id.trim_start_matches("0x").to_ascii_lowercase();
            let f = match s.feeds.get(&id) {
                Some(Ok(f)) => f,
                Some(Err(e)) => return Some(Err(e.clone())),
                None => return Some(Err(format!("feed {id} not found"))),
            };
            let staleness = match kind {
                PriceKind::Default => *max_staleness_s,
                PriceKind::Liquidation => liquidation_max_staleness_s.unwrap_or(*max_staleness_s),
            };
            let age = i128::from(s.time) - i128::from(f.price.publish_time);
            if age > i128::from(staleness) {
                return Some(Err(format!("stale: {age}s > {staleness}s")));
            }
            if -age > i128::from(MAX_FUTURE_DRIFT_S) {
                return Some(Err(format!("from the future: {}s ahead", -age)));
            }
            let price = f.price.price.i64();
            if price <= 0 {
                return Some(Err("price ≤ 0".into()));
            }
            if kind == PriceKind::Default {
                let conf = f.price.conf.u64();
                if exceeds(u128::from(conf), price as u128, *max_confidence) {
                    return Some(Err(format!("confidence {conf}/{price} > {max_confidence}")));
                }
                let ema = f.ema_price.price.i64();
                if ema <= 0 {
                    return Some(Err("ema ≤ 0".into()));
                }
                if f.ema_price.expo != f.price.expo {
                    return None;
                }
                let gap = (i128::from(price) - i128::from(ema)).unsigned_abs();
                if exceeds(gap, ema as u128, *max_ema_deviation) {
                    return Some(Err(format!(
                        "{price} is {gap} from ema {ema} > {max_ema_deviation}"
                    )));
                }
            }
            Some(normalize(
                price as u64,
                f.price.expo,
                decimals,
                s.quote_decimals,
            ))
        }
        PriceSource::Median {
            sources,
            min_sources,
            max_spread,
        } => {
            let median_at = |k: PriceKind, spread: bool| -> Option<Result<Decimal256, String>> {
                let mut prices = vec![];
                for sub in sources {
                    if let Ok(p) = expected_price(s, decimals, sub, k)? {
                        prices.push(p);
                    }
                }
                if prices.len() < usize::from((*min_sources).max(1)) {
                    return Some(Err(format!(
                        "{} sub-sources answer at {k:?}, {min_sources} needed",
                        prices.len()
                    )));
                }
                prices.sort();
                let n = prices.len();
                let mid = if n % 2 == 1 {
                    prices[n / 2]
                } else {
                    let sum = u512(prices[n / 2 - 1].atomics()) + u512(prices[n / 2].atomics());
                    Decimal256::new(to_u256(sum / u512(2u8)))
                };
                if spread {
                    let width = prices[n - 1].atomics() - prices[0].atomics();
                    if u512(width) * u512(WAD) > u512(max_spread.atomics()) * u512(mid.atomics()) {
                        return Some(Err(format!("spread {width} over {mid} > {max_spread}")));
                    }
                }
                Some(Ok(mid))
            };
            let default = median_at(PriceKind::Default, true)?;
            match kind {
                PriceKind::Default => Some(default),
                PriceKind::Liquidation => match default {
                    Ok(p) => Some(Ok(p)),
                    Err(_) => median_at(PriceKind::Liquidation, false),
                },
            }
        }
    }
}

/// Invariant 25: Prices are rejected when ≤ 0, stale, or (`Default` kind) too uncertain or too far
/// from the EMA; a `Median` follows RISK.md ("Prices that are missing"). The oracle's `TryPrices`
/// answer for every denom is compared with the one worked out here from the mock Pyth's feeds; a
/// denom without a source has no price.
pub fn inv_25_prices_rejected_when_bad(s: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, (default, liquidation)) in &s.prices {
        for (kind, got) in [
            (PriceKind::Default, default),
            (PriceKind::Liquidation, liquidation),
        ] {
            let want = match s.sources.get(denom) {
                Some(src) => match expected_price(s, src.decimals, &src.source, kind) {
                    Some(want) => want,
                    None => continue,
                },
                None => Err("no price source".into()),
            };
            let same = match (&want, got) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            if !same {
                errors.push(format!(
                    "inv 25 (prices): {denom} at {kind:?}: the oracle gives {got:?}, expected {want:?}"
                ));
            }
        }
    }
    fail(errors)
}

/// Invariant 28: Whenever `Default` answers, `Liquidation` gives the same price; so an account that
/// meets the initial margin at `Default` prices is not liquidatable at `Liquidation` prices.
pub fn inv_28_kinds_agree(s: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, (default, liquidation)) in &s.prices {
        if let Ok(p) = default {
            if liquidation.as_ref() != Ok(p) {
                errors.push(format!(
                    "inv 28 (kinds agree): {denom}: Default {p} but Liquidation {liquidation:?}"
                ));
            }
        }
    }
    for (key, v) in &s.valued_default {
        if !v.missing.is_empty() || v.debt_value > v.borrow_capacity {
            continue;
        }
        if let Some(l) = s.valued_liquidation.get(key).filter(|l| l.liquidatable()) {
            errors.push(format!(
                "inv 28 (kinds agree): {}: D {} ≤ B {} at Default but liquidatable at \
                 Liquidation (D {}, L {})",
                key_str(key),
                v.debt_value,
                v.borrow_capacity,
                l.debt_value,
                l.liquidation_capacity
            ));
        }
    }
    fail(errors)
}

/// Invariant 29: One account's unpriceable asset never blocks another account's valuation, page,
/// scan or liquidation; unpriceable collateral counts zero. The vault's `Positions` pages at both
/// kinds never fail, list every account that owes debt, and each position follows the missing-price
/// rules (checked against the checker's own valuation); the `LiquidatablePositions` scan never
/// fails, lists exactly the liquidatable accounts and reports exactly the unpriceable ones. Needs
/// [`Snapshot::take`] (skips itself on a ledger snapshot).
pub fn inv_29_missing_price_isolated(env: &MockEnv, s: &Snapshot) -> Check {
    let Some((default, liquidation)) = &s.positions else {
        return Ok(());
    };
    let mut errors = positions_errors(s, "inv 29 ");
    for (kind, v) in [
        (PriceKind::Default, default),
        (PriceKind::Liquidation, liquidation),
    ] {
        if let Some(e) = &v.page_error {
            errors.push(format!(
                "inv 29 (missing price): Positions at {kind:?} failed: {e}"
            ));
        }
        for (key, p) in &v.by_account {
            if let Err(e) = p {
                errors.push(format!(
                    "inv 29 (missing price): Position of {} at {kind:?} failed: {e}",
                    key_str(key)
                ));
            }
        }
        for (key, a) in &s.accounts {
            if !a.debts.is_empty() && !v.by_account.contains_key(key) {
                errors.push(format!(
                    "inv 29 (missing price): {} owes debt but is not in Positions at {kind:?}",
                    key_str(key)
                ));
            }
        }
    }
    match full_scan(env) {
        Err(e) => errors.push(format!("inv 29 (scan): LiquidatablePositions failed: {e}")),
        Ok(scan) => {
            let listed: BTreeSet<AccountKey> = scan
                .positions
                .iter()
                .map(|p| (p.owner.clone(), p.account))
                .collect();
            let reported: BTreeSet<AccountKey> = scan
                .unpriceable
                .iter()
                .map(|p| (p.owner.clone(), p.account))
                .collect();
            let debtors = |pick: fn(&Valued) -> bool| -> BTreeSet<AccountKey> {
                s.valued_liquidation
                    .iter()
                    .filter(|(k, v)| {
                        pick(v) && s.accounts.get(*k).is_some_and(|a| !a.debts.is_empty())
                    })
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            let sick = debtors(Valued::liquidatable);
            let unpriced = debtors(|v| v.unpriceable);
            if listed != sick {
                errors.push(format!(
                    "inv 29 (scan): LiquidatablePositions lists {listed:?}, the liquidatable \
                     accounts are {sick:?}"
                ));
            }
            if reported != unpriced {
                errors.push(format!(
                    "inv 29 (scan): LiquidatablePositions reports unpriceable {reported:?}, \
                     expected {unpriced:?}"
                ));
            }
        }
    }
    fail(errors)
}

fn simulate(
    env: &MockEnv,
    key: &AccountKey,
    debt_denom: &str,
    collateral_denom: &str,
    debt_amount: Option<Uint128>,
) -> Result<SimulateLiquidationResponse, String> {
    query(
        env,
        &env.liquidation_addr,
        &ballast_types::liquidation::QueryMsg::SimulateLiquidation {
            owner: key.0.clone(),
            account: Some(key.1),
            debt_denom: debt_denom.to_string(),
            collateral_denom: collateral_denom.to_string(),
            debt_amount,
        },
    )
}

/// The (debt, collateral) pairs a liquidation of `key` could use at `Liquidation` prices: a
/// priced debt, and priced collateral worth at least one quote unit.
fn liquidation_pairs(s: &Snapshot, key: &AccountKey) -> Vec<(String, String)> {
    let Some(a) = s.accounts.get(key) else {
        return vec![];
    };
    let mut pairs = vec![];
    for debt in a.debts.keys() {
        if s.price(debt, PriceKind::Liquidation).is_none() {
            continue;
        }
        for (coll, amount) in &a.collaterals {
            let worth = s
                .price(coll, PriceKind::Liquidation)
                .map(|p| value_down(*amount, p))
                .unwrap_or_default();
            if !worth.is_zero() {
                pairs.push((debt.clone(), coll.clone()));
            }
        }
    }
    pairs
}

/// Invariant 19: A liquidatable account can always be liquidated: for every account liquidatable at
/// `Liquidation` prices (by the checker's valuation) that holds priced collateral, some (debt,
/// collateral) simulation succeeds, whatever is paused, capped or unpriced elsewhere.
pub fn inv_19_liquidatable_can_be_liquidated(env: &MockEnv, s: &Snapshot) -> Check {
    let mut errors = vec![];
    for (key, v) in s
        .valued_liquidation
        .iter()
        .filter(|(_, v)| v.liquidatable())
    {
        let pairs = liquidation_pairs(s, key);
        if pairs.is_empty() {
            continue;
        }
        let mut why = vec![];
        let ok = pairs
            .iter()
            .any(|(debt, coll)| match simulate(env, key, debt, coll, None) {
                Ok(_) => true,
                Err(e) => {
                    why.push(format!("{debt}→{coll}: {e}"));
                    false
                }
            });
        if !ok {
            errors.push(format!(
                "inv 19 (always liquidatable): {} is liquidatable (D {}, L {}) but every \
                 simulation fails: {why:?}",
                key_str(key),
                v.debt_value,
                v.liquidation_capacity
            ));
        }
    }
    fail(errors)
}

/// Invariant 31: Every insolvent account (`C < D·(1 + bonus.min)` at `Liquidation` prices) can be
/// closed by a liquidator whose costs are below the bonus curve: some (debt, collateral) pair
/// simulates, and each that does uses the curve's `min(start + slope·(1 − HF), max)` (no `C/D − 1`
/// cap), takes the whole collateral (or repays the whole debt), and gives the liquidator at least
/// the value it repays (one smallest unit of each asset of rounding).
pub fn inv_31_insolvent_closable(env: &MockEnv, s: &Snapshot) -> Check {
    let mut errors = vec![];
    let Some(policy) = &s.policy else {
        return Ok(());
    };
    for (key, v) in s
        .valued_liquidation
        .iter()
        .filter(|(_, v)| v.liquidatable())
    {
        let (c, d) = (v.collateral_value, v.debt_value);
        let Some(hf) = v.health_factor() else {
            continue;
        };
        let pairs: Vec<(String, String)> = liquidation_pairs(s, key)
            .into_iter()
            .filter(|(_, coll)| is_insolvent(policy.bonus_for(coll), c, d))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let mut closable = false;
        let mut why = vec![];
        for (debt, coll) in pairs {
            let sim = match simulate(env, key, &debt, &coll, None) {
                Ok(sim) => sim,
                Err(e) => {
                    why.push(format!("{debt}→{coll}: {e}"));
                    continue;
                }
            };
            closable = true;
            let tag = format!(
                "inv 31 (insolvent closable): {} {debt}→{coll}",
                key_str(key)
            );
            let curve = policy.bonus_for(&coll);
            let want = expected_bonus(curve, hf, c, d);
            if atom_diff(Decimal256::from(sim.bonus), want) > Uint256::one() {
                errors.push(format!(
                    "{tag}: bonus {} but the curve gives {want} at HF {hf} (C {c}, D {d})",
                    sim.bonus
                ));
            }
            let held = s.collateral(key, &coll);
            let owed = s.debt(key, &debt);
            if sim.seized != held && sim.repay != owed {
                errors.push(format!(
                    "{tag}: seizes {} of {held} and repays {} of {owed}: neither the whole \
                     collateral nor the whole debt",
                    sim.seized, sim.repay
                ));
            }
            let pc = s.price(&coll, PriceKind::Liquidation).unwrap_or_default();
            let pd = s.price(&debt, PriceKind::Liquidation).unwrap_or_default();
            let got = value_down(sim.to_liquidator, pc);
            let paid = value_up(sim.repay, pd);
            let slack = value_up(Uint128::one(), pc) + value_up(Uint128::new(2), pd);
            if got.saturating_add(slack) < paid {
                errors.push(format!(
                    "{tag}: the liquidator receives {got} of value for {paid} repaid"
                ));
            }
        }
        if !closable {
            errors.push(format!(
                "inv 31 (insolvent closable): {} is insolvent (C {c}, D {d}) and no liquidation \
                 simulates: {why:?}",
                key_str(key)
            ));
        }
    }
    fail(errors)
}

/// Every state checker on a snapshot already taken: 1, 2, 3, 5, 8, 18, 19, 23, 25, 28, 29, 31
/// (8 and 29 only on a [`Snapshot::take`]).
pub fn check_state(env: &MockEnv, s: &Snapshot) -> Check {
    all_of([
        inv_01_utilisation_at_most_one(s),
        inv_02_bank_covers_ledger(s),
        inv_03_shares_sum(s),
        inv_05_accrued_not_in_future(s),
        inv_08_position_rounding(s),
        inv_18_no_collateral_no_debt(s),
        inv_19_liquidatable_can_be_liquidated(env, s),
        inv_23_parameters_in_bounds(s),
        inv_25_prices_rejected_when_bad(s),
        inv_28_kinds_agree(s),
        inv_29_missing_price_isolated(env, s),
        inv_31_insolvent_closable(env, s),
    ])
}

/// Every state invariant on the env as it is now, with the full snapshot (the vault's
/// `Positions` and the liquidation scan included).
pub fn check_all(env: &MockEnv) -> Check {
    check_state(env, &Snapshot::take(env, &[]))
}

// ---------------------------------------------------------------------------------------------
// Transition invariants
// ---------------------------------------------------------------------------------------------

/// A rejected message changes nothing: storage of every contract, code ids and balances are
/// the same before and after (bad inputs get a typed error and change nothing; 23: a bad update
/// is rejected whole).
pub fn rejected_step_changes_nothing(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    if step.ok() || !step.is_message() {
        return Ok(());
    }
    let mut errors = vec![];
    for ((addr, code_before, raw_before), (_, code_after, raw_after)) in
        before.raw.iter().zip(&after.raw)
    {
        if code_before != code_after {
            errors.push(format!(
                "rejected step: {addr} moved from code {code_before} to {code_after}"
            ));
        }
        if raw_before != raw_after {
            errors.push(format!("rejected step: storage of {addr} changed"));
        }
    }
    if before.balances != after.balances {
        errors.push("rejected step: bank balances changed".into());
    }
    fail(errors).map_err(|e| {
        format!(
            "{e}\n  step {:?} failed with {:?}",
            step.action, step.outcome
        )
    })
}

/// Invariant 4: The value of one supply share never falls, except when bad debt is written off
/// (then the market's deficit grows).
pub fn inv_04_share_value_never_falls(before: &Snapshot, after: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, m) in &after.markets {
        let Some(b) = before.markets.get(denom) else {
            continue;
        };
        if m.supply_index < b.supply_index && m.deficit <= b.deficit {
            errors.push(format!(
                "inv 4 (share value): {denom}: supply index {} → {} without bad debt (deficit {} → {})",
                b.supply_index, m.supply_index, b.deficit, m.deficit
            ));
        }
    }
    fail(errors)
}

/// Invariant 5: Indices never decrease (the supply index only on a write-off, see 4);
/// `last_accrued` never moves backwards.
pub fn inv_05_indices_monotone(before: &Snapshot, after: &Snapshot) -> Check {
    let mut errors = vec![];
    for (denom, m) in &after.markets {
        let Some(b) = before.markets.get(denom) else {
            continue;
        };
        if m.borrow_index < b.borrow_index {
            errors.push(format!(
                "inv 5 (indices): {denom}: borrow index {} → {}",
                b.borrow_index, m.borrow_index
            ));
        }
    }
    for (denom, m) in &after.stored_markets {
        let Some(b) = before.stored_markets.get(denom) else {
            continue;
        };
        if m.last_accrued < b.last_accrued {
            errors.push(format!(
                "inv 5 (indices): {denom}: last_accrued {} → {}",
                b.last_accrued, m.last_accrued
            ));
        }
    }
    fail(errors)
}

/// Invariant 7: No free money in one block: after a round trip (deposit → withdraw, borrow → repay,
/// supply → redeem) `who` holds at most what it held before, in `denom`.
pub fn inv_07_no_free_money(before: &Snapshot, after: &Snapshot, who: &Addr, denom: &str) -> Check {
    let (b, a) = (
        bank_of(before, who.as_str(), denom),
        bank_of(after, who.as_str(), denom),
    );
    if a > b {
        return Err(format!(
            "inv 7 (no free money): {who} gained {} {denom} in a round trip ({b} → {a})",
            a - b
        ));
    }
    Ok(())
}

/// Invariant 8 (per action): Rounding favours the protocol: a supplier's claim grows by at most
/// what was paid and falls by at least what was paid out; a debt grows by at least what was lent
/// and falls by at most what was paid.
pub fn inv_08_rounding_favours_protocol(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    if !step.ok() {
        return Ok(());
    }
    let sender = step.sender().unwrap_or_default();
    let mut errors = vec![];
    match &step.action {
        Action::Supply { lender, coins } => {
            for c in coins {
                let paid = Uint128::try_from(c.amount).unwrap_or(Uint128::MAX);
                let gained = after
                    .supplied(lender.as_str(), &c.denom)
                    .saturating_sub(before.supplied(lender.as_str(), &c.denom));
                if gained > paid {
                    errors.push(format!(
                        "inv 8 (rounding): supply of {paid} {} credited {gained} to {lender}",
                        c.denom
                    ));
                }
            }
        }
        Action::Redeem { lender, denom, .. } => {
            let out = bank_of(after, lender.as_str(), denom).saturating_sub(bank_of(
                before,
                lender.as_str(),
                denom,
            ));
            let lost = signed(before.supplied(lender.as_str(), denom))
                .saturating_sub(signed(after.supplied(lender.as_str(), denom)));
            if before.balance(lender.as_str(), denom).is_some() && lost < out {
                errors.push(format!(
                    "inv 8 (rounding): {lender} redeemed {out} {denom} but its claim fell by {lost}"
                ));
            }
        }
        Action::Borrow {
            owner,
            account,
            denom,
            amount,
        } => {
            let key = (owner.to_string(), *account);
            let grew = after
                .debt(&key, denom)
                .saturating_sub(before.debt(&key, denom));
            if grew < *amount {
                errors.push(format!(
                    "inv 8 (rounding): {owner}/{account} borrowed {amount} {denom}, debt grew {grew}"
                ));
            }
        }
        Action::Repay {
            owner,
            account,
            coins,
            ..
        } => {
            let key = (owner.to_string(), *account);
            for c in coins {
                let paid = bank_of(before, sender, &c.denom)
                    .saturating_sub(bank_of(after, sender, &c.denom));
                let fell = signed(before.debt(&key, &c.denom))
                    .saturating_sub(signed(after.debt(&key, &c.denom)));
                if before.balance(sender, &c.denom).is_some() && fell > paid {
                    errors.push(format!(
                        "inv 8 (rounding): {sender} paid {paid} {} for {owner}/{account}, debt fell {fell}",
                        c.denom
                    ));
                }
            }
        }
        _ => {}
    }
    fail(errors)
}

/// Invariant 9: After a borrow or collateral withdrawal made by its owner: `D ≤ B` at `Default`
/// prices.
pub fn inv_09_initial_margin(after: &Snapshot, step: &StepInfo) -> Check {
    if !step.ok() {
        return Ok(());
    }
    let (owner, account) = match &step.action {
        Action::Borrow { owner, account, .. } | Action::Withdraw { owner, account, .. } => {
            (owner, *account)
        }
        _ => return Ok(()),
    };
    let key = (owner.to_string(), account);
    if after.accounts.get(&key).is_none_or(|a| a.debts.is_empty()) {
        return Ok(());
    }
    match after.valued_default.get(&key) {
        Some(v) if v.missing.is_empty() && v.debt_value <= v.borrow_capacity => Ok(()),
        Some(v) => Err(format!(
            "inv 9 (initial margin): {owner}/{account} after {:?}: D {} > B {} at Default \
             (unpriced: {:?})",
            step.action, v.debt_value, v.borrow_capacity, v.missing
        )),
        None => Err(format!(
            "inv 9 (initial margin): {owner}/{account} is not in the ledger"
        )),
    }
}

fn liquidatable_accounts(s: &Snapshot) -> BTreeSet<AccountKey> {
    s.valued_liquidation
        .iter()
        .filter(|(_, v)| v.liquidatable())
        .map(|(k, _)| k.clone())
        .collect()
}

/// Invariant 10: With prices and time fixed, no third party makes a healthy account liquidatable.
///
/// "Healthy" needs a valuation: an account that was unpriceable before (a debt without a price)
/// had no health factor. A third party that repays the whole of that unpriced debt turns it into a
/// priced account whose unpriced collateral counts zero, which may be liquidatable (RISK.md,
/// "Prices that are missing"). That costs the third party the whole unpriced debt; it is not
/// counted as a breach here.
pub fn inv_10_third_party_cannot_harm(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    if !step.is_message()
        || matches!(step.action, Action::Privileged { .. })
        || before.time != after.time
    {
        return Ok(());
    }
    let sender = step.sender().unwrap_or_default();
    let sick_before = liquidatable_accounts(before);
    let mut errors = vec![];
    for key in liquidatable_accounts(after) {
        let healthy_before = before
            .valued_liquidation
            .get(&key)
            .is_some_and(|v| !v.unpriceable && !v.liquidatable());
        if key.0 != sender && !sick_before.contains(&key) && healthy_before {
            errors.push(format!(
                "inv 10 (third party): {}/{} became liquidatable through {sender}'s {:?}",
                key.0, key.1, step.action
            ));
        }
    }
    fail(errors)
}

/// Invariant 11: An account's collateral only decreases by its owner's withdrawal or by a
/// liquidation of it while unhealthy.
pub fn inv_11_collateral_only_by_owner_or_liquidation(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    let sender = step.sender().unwrap_or_default();
    let mut errors = vec![];
    for (key, a) in &before.accounts {
        for (denom, held) in &a.collaterals {
            let now = after.collateral(key, denom);
            if now >= *held {
                continue;
            }
            let allowed = match &step.action {
                Action::Withdraw {
                    owner,
                    account,
                    denom: asked,
                    ..
                } => {
                    owner.as_str() == key.0
                        && *account == key.1
                        && asked == denom
                        && sender == key.0
                }
                Action::Liquidate {
                    owner,
                    account,
                    collateral_denom,
                    ..
                } => {
                    owner.as_str() == key.0
                        && *account == key.1
                        && collateral_denom == denom
                        && before
                            .valued_liquidation
                            .get(key)
                            .is_some_and(Valued::liquidatable)
                }
                _ => false,
            };
            if !allowed || !step.ok() {
                errors.push(format!(
                    "inv 11 (collateral): {}/{} {denom} fell {held} → {now} on {sender}'s {:?}",
                    key.0, key.1, step.action
                ));
            }
        }
    }
    fail(errors)
}

fn liquidation_of(step: &StepInfo) -> Option<(&Addr, u32, &str, &Coin, &LiquidateEvent)> {
    match &step.action {
        Action::Liquidate {
            owner,
            account,
            collateral_denom,
            sent,
            event: Some(event),
        } if step.ok() => Some((owner, *account, collateral_denom.as_str(), sent, event)),
        _ => None,
    }
}

/// Invariant 12: A successful liquidation implies HF < 1 before it, at `Liquidation` prices.
pub fn inv_12_liquidation_only_when_unhealthy(before: &Snapshot, step: &StepInfo) -> Check {
    let Some((owner, account, _, _, ev)) = liquidation_of(step) else {
        return Ok(());
    };
    let key = (owner.to_string(), account);
    let v = before.valued_liquidation.get(&key);
    let hf = v.and_then(Valued::health_factor);
    if !v.is_some_and(Valued::liquidatable) || ev.health_before >= Decimal256::one() {
        return Err(format!(
            "inv 12 (only unhealthy): {owner}/{account} liquidated (event HF {}) but before it: \
             HF {hf:?}, {v:?}",
            ev.health_before
        ));
    }
    if hf != Some(ev.health_before) {
        return Err(format!(
            "inv 12 (only unhealthy): {owner}/{account}: event HF {} ≠ floor(L/D) = {hf:?}",
            ev.health_before
        ));
    }
    Ok(())
}

/// Invariant 13: The liquidator is never the owner.
pub fn inv_13_liquidator_not_owner(step: &StepInfo) -> Check {
    let Some((owner, account, _, _, ev)) = liquidation_of(step) else {
        return Ok(());
    };
    if step.sender() == Some(owner.as_str()) || ev.liquidator == ev.owner {
        return Err(format!(
            "inv 13 (liquidator ≠ owner): {owner}/{account} liquidated by {:?}",
            step.sender
        ));
    }
    Ok(())
}

/// Invariant 14: A liquidation at HF ≥ the bonus-adjusted break-even `t_i·(1 + b)` never lowers HF.
/// From HF = L/D, repaying value r and seizing r·(1+b) of collateral i gives L' = L − t_i·r·(1+b),
/// D' = D − r, and L'/D' ≥ L/D ⇔ L/D ≥ t_i·(1+b); 0.01 of margin covers the rounding of values.
pub fn inv_14_no_health_drop_above_break_even(before: &Snapshot, step: &StepInfo) -> Check {
    let Some((owner, account, coll, sent, ev)) = liquidation_of(step) else {
        return Ok(());
    };
    let Some(t) = before
        .assets
        .get(coll)
        .and_then(|a| a.collateral.as_ref())
        .map(|c| c.liquidation_threshold)
    else {
        return Ok(());
    };
    let break_even = Decimal256::from(t) * (Decimal256::one() + Decimal256::from(ev.bonus));
    // the last unit (RISK.md step 6) may lower HF: it is for accounts no pair can otherwise seize
    if is_last_unit(before, &(owner.to_string(), account), &sent.denom, ev) {
        return Ok(());
    }
    if ev.health_before >= break_even + Decimal256::percent(1) {
        if let Some(after) = ev.health_after {
            if after < ev.health_before {
                return Err(format!(
                    "inv 14 (break-even): {owner}/{account}: HF {} → {after} above break-even {break_even}",
                    ev.health_before
                ));
            }
        }
    }
    Ok(())
}

/// Whether a liquidation is the last unit of RISK.md step 6 as `ballast_math` applies it: one unit
/// of collateral for the whole debt of the denom, when every debt of the account is worth less
/// than one unit of every collateral with a `Liquidation` price (no pair could seize anything).
fn is_last_unit(
    before: &Snapshot,
    key: &AccountKey,
    debt_denom: &str,
    ev: &LiquidateEvent,
) -> bool {
    let Some(ledger) = before.accounts.get(key) else {
        return false;
    };
    if ev.seized != Uint128::one() || ev.repaid != before.debt(key, debt_denom) {
        return false;
    }
    let unit_prices: Vec<Decimal256> = ledger
        .collaterals
        .iter()
        .filter(|(_, amount)| !amount.is_zero())
        .filter_map(|(denom, _)| before.price(denom, PriceKind::Liquidation))
        .filter(|p| !p.is_zero())
        .collect();
    ledger.debts.iter().all(|(denom, debt)| {
        let Some(pd) = before.price(denom, PriceKind::Liquidation) else {
            return false;
        };
        unit_prices
            .iter()
            .all(|pk| u512(debt.amount) * u512(pd.atomics()) < u512(pk.atomics()))
    })
}

/// Invariant 15: Seized value ≤ repaid value × (1 + bonus) + 1; the bonus follows RISK.md step 2
/// (step 9 when insolvent); repay ≤ the close-factor share of the debt except below
/// `full_liquidation_hf`, in the dust cases and when the whole collateral goes; the amounts add up
/// (`repay + refund = sent`, `to_liquidator + fee = seized`, fee ≤ the fee share of the bonus
/// part).
pub fn inv_15_seize_bounded(before: &Snapshot, step: &StepInfo) -> Check {
    let Some((owner, account, coll, sent, ev)) = liquidation_of(step) else {
        return Ok(());
    };
    let key = (owner.to_string(), account);
    let tag = format!(
        "inv 15 (seize bound): {owner}/{account} {}→{coll}",
        sent.denom
    );
    let mut errors = vec![];
    let Some(v) = before.valued_liquidation.get(&key) else {
        return Err(format!("{tag}: the account was not in the ledger before"));
    };
    let pc = before.price(coll, PriceKind::Liquidation);
    let pd = before.price(&sent.denom, PriceKind::Liquidation);
    let (Some(pc), Some(pd)) = (pc, pd) else {
        return Err(format!(
            "{tag}: liquidated without a Liquidation price of both denoms"
        ));
    };
    let b = Decimal::one() + ev.bonus;
    // the last unit of a dust account is outside the bound by less than one unit
    let bounded = if is_last_unit(before, &key, &sent.denom, ev) {
        Uint128::zero()
    } else {
        ev.seized
    };
    let seized_value = value_down(bounded, pc);
    let max = times_ratio(value_up(ev.repaid, pd), b).saturating_add(Uint256::one());
    if seized_value > max {
        errors.push(format!(
            "{tag}: seized {} worth {seized_value} > repaid {} × (1 + {}) + 1 = {max}",
            ev.seized, ev.repaid, ev.bonus
        ));
    }
    let sent_amount = Uint128::try_from(sent.amount).unwrap_or(Uint128::MAX);
    if ev.repaid.checked_add(ev.refunded).ok() != Some(sent_amount) {
        errors.push(format!(
            "{tag}: repay {} + refund {} ≠ sent {sent_amount}",
            ev.repaid, ev.refunded
        ));
    }
    if ev.to_liquidator.checked_add(ev.protocol_fee).ok() != Some(ev.seized) {
        errors.push(format!(
            "{tag}: to_liquidator {} + fee {} ≠ seized {}",
            ev.to_liquidator, ev.protocol_fee, ev.seized
        ));
    }
    if let Some(policy) = &before.policy {
        let curve = policy.bonus_for(coll);
        let (c, d) = (v.collateral_value, v.debt_value);
        let hf = v.health_factor().unwrap_or_default();
        let want = expected_bonus(curve, hf, c, d);
        if atom_diff(Decimal256::from(ev.bonus), want) > Uint256::one() {
            errors.push(format!(
                "{tag}: bonus {} but RISK.md gives {want} (HF {hf}, C {c}, D {d}, curve {curve:?})",
                ev.bonus
            ));
        }
        // fee = floor(seized · b · share / (1 + b)) at most
        let fee_max = to_u256(
            u512(ev.seized) * u512(ev.bonus.atomics()) * u512(policy.protocol_fee_share.atomics())
                / (u512(b.atomics()) * u512(WAD)),
        );
        if wide(ev.protocol_fee) > fee_max {
            errors.push(format!(
                "{tag}: protocol fee {} > {fee_max}",
                ev.protocol_fee
            ));
        }
        // close factor
        let owed = before.debt(&key, &sent.denom);
        let held = before.collateral(&key, coll);
        let cap = times_ratio(wide(owed), policy.close_factor);
        let rest_value = value_up(
            owed.saturating_sub(Uint128::try_from(cap).unwrap_or(owed)),
            pd,
        );
        let full = hf < Decimal256::from(policy.full_liquidation_hf);
        let dust = rest_value < wide(policy.min_leftover_value);
        let whole_collateral = ev.seized == held;
        // step 6's units rule: what the cap pays for is less than one unit, so the whole
        // collateral goes or the whole debt is repaid
        let units = whole_collateral || ev.repaid == owed;
        if wide(ev.repaid) > cap && !full && !dust && !units && !is_insolvent(curve, c, d) {
            errors.push(format!(
                "{tag}: repaid {} > close factor {} × {owed} at HF {hf} ≥ {}",
                ev.repaid, policy.close_factor, policy.full_liquidation_hf
            ));
        }
    }
    fail(errors)
}

/// Invariant 17: After a liquidation no crumbs are left: collateral i is gone, or worth ≥ min
/// leftover, or debt j is repaid; debt j is repaid, or worth ≥ min leftover, or collateral i is
/// gone.
pub fn inv_17_no_dust_left(before: &Snapshot, after: &Snapshot, step: &StepInfo) -> Check {
    let Some((owner, account, coll, sent, _)) = liquidation_of(step) else {
        return Ok(());
    };
    let key = (owner.to_string(), account);
    let Some(policy) = &before.policy else {
        return Ok(());
    };
    let pc = before
        .price(coll, PriceKind::Liquidation)
        .unwrap_or_default();
    let pd = before
        .price(&sent.denom, PriceKind::Liquidation)
        .unwrap_or_default();
    let (c_left, d_left) = (after.collateral(&key, coll), after.debt(&key, &sent.denom));
    let m = wide(policy.min_leftover_value);
    let mut errors = vec![];
    if !c_left.is_zero() && value_down(c_left, pc) < m && !d_left.is_zero() {
        errors.push(format!(
            "inv 17 (dust): {owner}/{account}: {c_left} {coll} left worth {} < {m} next to debt {d_left}",
            value_down(c_left, pc)
        ));
    }
    if !d_left.is_zero() && value_up(d_left, pd) < m && !c_left.is_zero() {
        errors.push(format!(
            "inv 17 (dust): {owner}/{account}: {d_left} {} of debt left worth {} < {m}",
            sent.denom,
            value_up(d_left, pd)
        ));
    }
    fail(errors)
}

/// Invariant 20: Repay-all always works (and clears those debts); with no debt, withdraw-all works
/// (and empties that collateral).
pub fn inv_20_repay_all_and_withdraw_all(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    match &step.action {
        Action::Repay {
            owner,
            account,
            coins,
            all: true,
        } => {
            let key = (owner.to_string(), *account);
            if let Err(e) = &step.outcome {
                return Err(format!(
                    "inv 20 (repay-all): {owner}/{account} repaying {coins:?} failed: {e}"
                ));
            }
            let left: Vec<_> = coins
                .iter()
                .filter(|c| !after.debt(&key, &c.denom).is_zero())
                .map(|c| (c.denom.clone(), after.debt(&key, &c.denom)))
                .collect();
            if !left.is_empty() {
                return Err(format!(
                    "inv 20 (repay-all): {owner}/{account} still owes {left:?}"
                ));
            }
            Ok(())
        }
        Action::Withdraw {
            owner,
            account,
            denom,
            amount: None,
        } if step.sender() == Some(owner.as_str()) => {
            let key = (owner.to_string(), *account);
            let Some(a) = before.accounts.get(&key) else {
                return Ok(());
            };
            if !a.debts.is_empty() || before.collateral(&key, denom).is_zero() {
                return Ok(());
            }
            if let Err(e) = &step.outcome {
                return Err(format!(
                    "inv 20 (withdraw-all): {owner}/{account} has no debt but withdrawing all {denom} failed: {e}"
                ));
            }
            if !after.collateral(&key, denom).is_zero() {
                return Err(format!(
                    "inv 20 (withdraw-all): {owner}/{account} kept {denom}"
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Invariant 21: Every message takes exactly the funds it expects or fails: the vault's bank delta
/// equals its ledger delta (up to [`ROUNDING_DUST`] kept in the protocol's favour; a donation
/// widens the gap by exactly its amount); the liquidation contract never keeps coins; no coin
/// appears or vanishes among the recorded addresses; a deposit credits exactly what was paid.
pub fn inv_21_bank_delta_equals_ledger_delta(
    before: &Snapshot,
    after: &Snapshot,
    step: &StepInfo,
) -> Check {
    let vault = vault_addr(after);
    let liquidation = liquidation_addr(after);
    let mut errors = vec![];
    let donated = |denom: &str| -> i128 {
        match &step.action {
            Action::Donate { coins } => coins
                .iter()
                .filter(|c| c.denom == denom)
                .map(|c| Uint128::try_from(c.amount).map(signed).unwrap_or(0))
                .sum(),
            _ => 0,
        }
    };
    let denoms: BTreeSet<String> = ledger_denoms(before)
        .union(&ledger_denoms(after))
        .cloned()
        .collect();
    for denom in &denoms {
        let gap_before = bank_of(before, vault, denom).saturating_sub(ledger(before, denom));
        let gap_after = bank_of(after, vault, denom).saturating_sub(ledger(after, denom));
        let widened = gap_after
            .saturating_sub(gap_before)
            .saturating_sub(donated(denom));
        let dust = if step.is_message() {
            ROUNDING_DUST as i128
        } else {
            i128::MAX
        };
        if widened < 0 || widened > dust {
            errors.push(format!(
                "inv 21 (bank = ledger): {denom}: the vault's bank − ledger moved {gap_before} → \
                 {gap_after} on {:?} ({:?})",
                step.action, step.outcome
            ));
        }
        let held = bank_of(after, liquidation, denom);
        if held != bank_of(before, liquidation, denom) {
            errors.push(format!(
                "inv 21 (bank = ledger): the liquidation contract's {denom} went {} → {held}",
                bank_of(before, liquidation, denom)
            ));
        }
    }
    // conservation among the recorded addresses
    let mut totals: BTreeMap<&str, i128> = BTreeMap::new();
    for ((addr, denom), b) in &before.balances {
        if after.balances.contains_key(&(addr.clone(), denom.clone())) {
            let t = totals.entry(denom.as_str()).or_default();
            *t = t.saturating_sub(Uint128::try_from(*b).map(signed).unwrap_or(0));
        }
    }
    for ((addr, denom), a) in &after.balances {
        if before.balances.contains_key(&(addr.clone(), denom.clone())) {
            let t = totals.entry(denom.as_str()).or_default();
            *t = t.saturating_add(Uint128::try_from(*a).map(signed).unwrap_or(0));
        }
    }
    if !matches!(step.action, Action::Other) {
        for (denom, delta) in totals {
            if delta != 0 {
                errors.push(format!(
                    "inv 21 (bank = ledger): {delta} {denom} appeared among the recorded addresses on {:?}",
                    step.action
                ));
            }
        }
    }
    if let (
        Action::Deposit {
            owner,
            account,
            coins,
        },
        true,
    ) = (&step.action, step.ok())
    {
        let key = (owner.to_string(), *account);
        for c in coins {
            let credited = signed(after.collateral(&key, &c.denom))
                .saturating_sub(signed(before.collateral(&key, &c.denom)));
            let paid = Uint128::try_from(c.amount).map(signed).unwrap_or(-1);
            if credited != paid {
                errors.push(format!(
                    "inv 21 (bank = ledger): deposit of {paid} {} credited {credited} to {owner}/{account}",
                    c.denom
                ));
            }
        }
    }
    fail(errors)
}

/// Invariant 22: Privileged messages fail for every other sender; ownership moves only propose →
/// accept.
pub fn inv_22_privileged_only(before: &Snapshot, after: &Snapshot, step: &StepInfo) -> Check {
    let mut errors = vec![];
    let g = &before.governance;
    if let (
        Action::Privileged {
            contract,
            guardian_may,
        },
        true,
    ) = (&step.action, step.ok())
    {
        let owner = match contract {
            Contract::Oracle => &g.oracle,
            Contract::Vault => &g.vault,
            Contract::Liquidation => &g.liquidation,
        }
        .owner
        .as_ref();
        let sender = step.sender.as_ref();
        let entitled = sender.is_some()
            && (sender == owner || (*guardian_may && sender == g.guardian.as_ref()));
        if !entitled {
            errors.push(format!(
                "inv 22 (privileged): {sender:?} ran a {contract:?} privileged message, owner \
                 {owner:?}"
            ));
        }
    }
    let pairs = [
        ("oracle", &g.oracle, &after.governance.oracle),
        ("vault", &g.vault, &after.governance.vault),
        ("liquidation", &g.liquidation, &after.governance.liquidation),
    ];
    for (name, b, a) in pairs {
        if a.owner != b.owner && a.owner.is_some() {
            let accepted = b.pending_owner == a.owner && step.sender.as_ref() == a.owner.as_ref();
            if !accepted {
                errors.push(format!(
                    "inv 22 (ownership): {name} owner {:?} → {:?} without propose → accept \
                     (step {:?} by {:?})",
                    b.owner, a.owner, step.action, step.sender
                ));
            }
        }
    }
    if g.guardian != after.governance.guardian && step.sender.as_ref() != g.vault.owner.as_ref() {
        errors.push(format!(
            "inv 22 (privileged): the guardian changed {:?} → {:?} on a message by {:?}",
            g.guardian, after.governance.guardian, step.sender
        ));
    }
    fail(errors)
}

/// Invariant 24: Supply, borrow and deposit never push a total above its cap.
pub fn inv_24_caps(before: &Snapshot, after: &Snapshot, step: &StepInfo) -> Check {
    if !step.ok() {
        return Ok(());
    }
    let mut errors = vec![];
    let cap_of = |denom: &str| before.assets.get(denom);
    let over = |what: &str, denom: &str, total: Uint128, cap: Option<Uint128>| -> Option<String> {
        let cap = cap?;
        (total > cap).then(|| {
            format!(
                "inv 24 (caps): {what} of {denom} is {total} > cap {cap} after {:?}",
                step.action
            )
        })
    };
    match &step.action {
        Action::Deposit { coins, .. } => {
            for c in coins {
                let cap = cap_of(&c.denom)
                    .and_then(|a| a.collateral.as_ref())
                    .and_then(|p| p.deposit_cap);
                let total = after
                    .collateral_totals
                    .get(&c.denom)
                    .copied()
                    .unwrap_or_default();
                errors.extend(over("collateral", &c.denom, total, cap));
            }
        }
        Action::Supply { coins, .. } => {
            for c in coins {
                let cap = cap_of(&c.denom)
                    .and_then(|a| a.lending.as_ref())
                    .and_then(|p| p.supply_cap);
                let total = after
                    .markets
                    .get(&c.denom)
                    .map(|m| m.total_supplied)
                    .unwrap_or_default();
                errors.extend(over("total supplied", &c.denom, total, cap));
            }
        }
        Action::Borrow { denom, .. } => {
            let cap = cap_of(denom)
                .and_then(|a| a.lending.as_ref())
                .and_then(|p| p.borrow_cap);
            let total = after
                .markets
                .get(denom)
                .map(|m| m.total_debt)
                .unwrap_or_default();
            errors.extend(over("total debt", denom, total, cap));
        }
        _ => {}
    }
    fail(errors)
}

/// Invariant 30: Nobody but the owner adds a new asset to an account (or opens one): third parties
/// only top up assets the account already holds, repay, or liquidate.
pub fn inv_30_only_owner_adds_asset(before: &Snapshot, after: &Snapshot, step: &StepInfo) -> Check {
    let Some(sender) = step.sender() else {
        return Ok(());
    };
    let empty = Ledger::default();
    let mut errors = vec![];
    for (key, a) in &after.accounts {
        if key.0 == sender {
            continue;
        }
        let b = before.accounts.get(key).unwrap_or(&empty);
        let added: Vec<&String> = a
            .collaterals
            .keys()
            .filter(|d| !b.collaterals.contains_key(*d))
            .chain(a.debts.keys().filter(|d| !b.debts.contains_key(*d)))
            .collect();
        if !added.is_empty() {
            errors.push(format!(
                "inv 30 (only the owner adds assets): {sender} added {added:?} to {} with {:?}",
                key_str(key),
                step.action
            ));
        }
    }
    fail(errors)
}

/// Invariant 32: A message with an unknown or misspelt field is rejected.
pub fn inv_32_unknown_field_rejected(step: &StepInfo) -> Check {
    if step.action == Action::Malformed && step.ok() {
        return Err("inv 32 (unknown field): a message with an unknown field was accepted".into());
    }
    Ok(())
}

/// `SimulateLiquidation` and the `Liquidate` that follows it in the same block agree: both fail,
/// or both succeed with the same amounts, bonus and health (API.md: one plan behind both).
pub fn liquidation_matches_simulation(
    sim: &Result<SimulateLiquidationResponse, String>,
    exec: &Result<LiquidateEvent, String>,
) -> Check {
    match (sim, exec) {
        (Ok(s), Ok(e)) => {
            let sim_side = (
                s.repay,
                s.seized,
                s.to_liquidator,
                s.protocol_fee,
                s.bonus,
                s.refund,
                s.health_before,
                s.health_after,
                s.bad_debt,
            );
            let exec_side = (
                e.repaid,
                e.seized,
                e.to_liquidator,
                e.protocol_fee,
                e.bonus,
                e.refunded,
                e.health_before,
                e.health_after,
                e.bad_debt,
            );
            if sim_side != exec_side {
                return Err(format!(
                    "simulate ≠ execute: simulated {sim_side:?}, executed {exec_side:?}"
                ));
            }
            Ok(())
        }
        (Err(_), Err(_)) => Ok(()),
        (Ok(s), Err(e)) => Err(format!(
            "simulate ≠ execute: simulated {s:?}, execution failed: {e}"
        )),
        (Err(e), Ok(ev)) => Err(format!(
            "simulate ≠ execute: simulation failed ({e}), execution gave {ev:?}"
        )),
    }
}

/// Every transition checker for one step (4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 21, 22, 24,
/// 30, 32, and a rejected message changing nothing).
pub fn check_step(before: &Snapshot, after: &Snapshot, step: &StepInfo) -> Check {
    all_of([
        rejected_step_changes_nothing(before, after, step),
        inv_04_share_value_never_falls(before, after),
        inv_05_indices_monotone(before, after),
        inv_08_rounding_favours_protocol(before, after, step),
        inv_09_initial_margin(after, step),
        inv_10_third_party_cannot_harm(before, after, step),
        inv_11_collateral_only_by_owner_or_liquidation(before, after, step),
        inv_12_liquidation_only_when_unhealthy(before, step),
        inv_13_liquidator_not_owner(step),
        inv_14_no_health_drop_above_break_even(before, step),
        inv_15_seize_bounded(before, step),
        inv_17_no_dust_left(before, after, step),
        inv_20_repay_all_and_withdraw_all(before, after, step),
        inv_21_bank_delta_equals_ledger_delta(before, after, step),
        inv_22_privileged_only(before, after, step),
        inv_24_caps(before, after, step),
        inv_30_only_owner_adds_asset(before, after, step),
        inv_32_unknown_field_rejected(step),
    ])
}

// ---------------------------------------------------------------------------------------------
// Forking an env
// ---------------------------------------------------------------------------------------------

/// A copy of `env` in a new `App`: the four codes stored again in their order, the block, and
/// every storage entry (bank, contracts, their metadata) copied. Far cheaper than building and
/// opening positions again, so a property test can build its starting world once and fork it
/// per case.
///
/// Only for envs made by [`crate::MockEnvBuilder::build`] with no code stored since (extra codes
/// are not copied).
pub fn fork(env: &MockEnv) -> MockEnv {
    let mut app = App::default();
    let mut codes: Vec<(u64, Box<dyn cw_multi_test::Contract<cosmwasm_std::Empty>>)> = vec![
        (env.pyth_code_id, contract_mock_pyth()),
        (env.oracle_code_id, contract_oracle()),
        (env.vault_code_id, contract_vault()),
        (env.liquidation_code_id, contract_liquidation()),
    ];
    codes.sort_by_key(|(id, _)| *id);
    for (id, code) in codes {
        let stored = app.store_code(code);
        assert_eq!(stored, id, "fork: code ids must be 1..=4 in build order");
    }
    let block = env.app.block_info();
    app.update_block(|b| *b = block.clone());
    let records: Vec<(Vec<u8>, Vec<u8>)> = env
        .app
        .storage()
        .range(None, None, Order::Ascending)
        .collect();
    let storage = app.storage_mut();
    for (k, v) in records {
        storage.set(&k, &v);
    }
    MockEnv {
        app,
        owner: env.owner.clone(),
        pyth_addr: env.pyth_addr.clone(),
        oracle_addr: env.oracle_addr.clone(),
        pyth_code_id: env.pyth_code_id,
        oracle_code_id: env.oracle_code_id,
        pyth_params: env.pyth_params,
        vault_addr: env.vault_addr.clone(),
        vault_code_id: env.vault_code_id,
        treasury: env.treasury.clone(),
        guardian: env.guardian.clone(),
        liquidation_addr: env.liquidation_addr.clone(),
        liquidation_code_id: env.liquidation_code_id,
    }
}

/// Number of cases of a property test: `PROPTEST_CASES` from the environment if set (for longer
/// local runs), else `default`. A `ProptestConfig` with an explicit `cases:` ignores the variable;
/// pass `cases(n)` instead.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    //! Each checker fails on a state or step that breaks its invariant (made by editing a real
    //! snapshot), and passes on the real one; the arithmetic helpers on numbers worked by hand.

    use super::*;
    use crate::{test_rate_model, AssetSpec};
    use cosmwasm_std::coin;

    const USDC: &str = "uusdc";
    const ATOM: &str = "uatom";

    /// 1,000 ATOM at 10 (C = 10,000 USD, B = 6,000, L = 7,000) against 6,000 USDC; a lender.
    fn setup() -> (MockEnv, Addr, Addr, Vec<Addr>) {
        let mut env = MockEnv::builder()
            .fixed_price(USDC, 6, Decimal256::one())
            .fixed_price(ATOM, 6, Decimal256::percent(1_000))
            .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
            .asset(AssetSpec::new(ATOM, 6).collateral("0.6", "0.7"))
            .build();
        let (lender, borrower) = (env.addr("lender"), env.addr("borrower"));
        env.fund(&lender, &[coin(100_000_000_000, USDC)]);
        env.fund(
            &borrower,
            &[coin(1_000_000_000, ATOM), coin(1_000_000_000, USDC)],
        );
        env.vault()
            .supply(&lender, &[coin(100_000_000_000, USDC)])
            .unwrap();
        env.vault()
            .deposit(&borrower, &[coin(1_000_000_000, ATOM)])
            .unwrap();
        env.vault()
            .borrow(&borrower, &coin(6_000_000_000, USDC))
            .unwrap();
        let tracked = vec![lender.clone(), borrower.clone()];
        (env, lender, borrower, tracked)
    }

    fn key(a: &Addr) -> AccountKey {
        (a.to_string(), 0)
    }

    #[track_caller]
    fn fails(res: Check, needle: &str) {
        match res {
            Ok(()) => panic!("expected a failure mentioning {needle:?}"),
            Err(e) => assert!(e.contains(needle), "{needle:?} not in {e:?}"),
        }
    }

    #[test]
    fn arithmetic_by_hand() {
        // ATOM at 10 USD: mantissa 1e9 at expo -8, 6 decimals, quote 6 decimals -> 10
        assert_eq!(
            normalize(1_000_000_000, -8, 6, 6),
            Ok(Decimal256::percent(1_000))
        );
        // ETH at 3,000 USD, 18 decimals -> 3e-9
        assert_eq!(
            normalize(300_000_000_000, -8, 18, 6),
            Ok(Decimal256::from_atomics(3u128, 9).unwrap())
        );
        assert!(normalize(1, -8, 18, 6).is_err());
        // exponents whose power of ten does not fit: 0 below, too large above, never a panic
        assert!(normalize(1_000_000_000, i32::MIN, 6, 6).is_err());
        assert!(normalize(1_000_000_000, -200, 6, 6).is_err());
        assert!(normalize(1_000_000_000, 140, 6, 6).is_err());
        assert!(normalize(1_000_000_000, i32::MAX, 6, 6).is_err());
        // 3 × 0.333.. = 0.999..: floor 0, ceil 1
        let third = Decimal256::from_ratio(1u128, 3u128);
        assert_eq!(value_down(Uint128::new(3), third), Uint256::zero());
        assert_eq!(value_up(Uint128::new(3), third), Uint256::one());
        // 10^6 shares at index 1.5 = 1.5 units -> 1 down, 2 up
        let index = Decimal256::percent(150);
        assert_eq!(
            shares_to_assets(Uint128::new(1_000_000), index, false),
            Uint128::one()
        );
        assert_eq!(
            shares_to_assets(Uint128::new(1_000_000), index, true),
            Uint128::new(2)
        );
        let curve = BonusCurve {
            start: Decimal::percent(5),
            slope: Decimal::one(),
            min: Decimal::percent(2),
            max: Decimal::percent(30),
        };
        let hf = Decimal256::percent(90);
        // solvent, C/D − 1 = 0.1 < growth 0.15: b = 0.1
        let (c, d) = (Uint256::from(1_100u32), Uint256::from(1_000u32));
        assert_eq!(expected_bonus(&curve, hf, c, d), Decimal256::percent(10));
        // C = 1,010 < D·1.02 = 1,020: insolvent, b = growth 0.15 (no C/D − 1 cap)
        let c = Uint256::from(1_010u32);
        assert!(is_insolvent(&curve, c, d));
        assert_eq!(expected_bonus(&curve, hf, c, d), Decimal256::percent(15));
        // C = D·1.02 exactly is not insolvent; C/D − 1 = 0.02 = min
        let c = Uint256::from(1_020u32);
        assert!(!is_insolvent(&curve, c, d));
        assert_eq!(expected_bonus(&curve, hf, c, d), Decimal256::percent(2));
    }

    #[test]
    fn state_checkers_pass_on_a_real_env_and_fail_on_broken_states() {
        let (env, _lender, borrower, tracked) = setup();
        let s = Snapshot::take(&env, &tracked);
        check_state(&env, &s).unwrap();
        let b = key(&borrower);
        // the checker's own valuation: C 10,000e6, B 6,000e6, L 7,000e6, D 6,000e6
        let v = &s.valued_default[&b];
        assert_eq!(
            (
                v.collateral_value,
                v.borrow_capacity,
                v.liquidation_capacity,
                v.debt_value
            ),
            (
                Uint256::from(10_000_000_000u128),
                Uint256::from(6_000_000_000u128),
                Uint256::from(7_000_000_000u128),
                Uint256::from(6_000_000_000u128)
            )
        );

        let mut x = s.clone();
        x.markets.get_mut(USDC).unwrap().total_debt = Uint128::new(200_000_000_000);
        fails(inv_01_utilisation_at_most_one(&x), "inv 1");

        let mut x = s.clone();
        let vault_usdc = (env.vault_addr.to_string(), USDC.to_string());
        *x.balances.get_mut(&vault_usdc).unwrap() -= Uint256::one();
        fails(inv_02_bank_covers_ledger(&x), "inv 2");
        let mut x = s.clone();
        x.collateral_totals.insert(ATOM.into(), Uint128::new(1));
        fails(inv_02_bank_covers_ledger(&x), "inv 2");

        let mut x = s.clone();
        x.accounts
            .get_mut(&b)
            .unwrap()
            .debts
            .get_mut(USDC)
            .unwrap()
            .shares += Uint128::one();
        fails(inv_03_shares_sum(&x), "inv 3");

        let mut x = s.clone();
        x.stored_markets.get_mut(USDC).unwrap().last_accrued = s.time + 1;
        fails(inv_05_accrued_not_in_future(&x), "inv 5");

        let mut x = s.clone();
        x.accounts.get_mut(&b).unwrap().collaterals.clear();
        fails(inv_18_no_collateral_no_debt(&x), "inv 18");

        let mut x = s.clone();
        let atom = x.assets.get_mut(ATOM).unwrap().collateral.as_mut().unwrap();
        atom.liquidation_threshold = Decimal::percent(80); // 0.8 · 1.3 ≥ 1
        fails(inv_23_parameters_in_bounds(&x), "inv 23");

        let mut x = s.clone();
        x.prices.get_mut(ATOM).unwrap().0 = Ok(Decimal256::percent(999));
        fails(inv_25_prices_rejected_when_bad(&x), "inv 25");
        fails(inv_28_kinds_agree(&x), "inv 28");

        // the vault's position against the checker's valuation
        let mut x = s.clone();
        let (_, liquidation) = x.positions.as_mut().unwrap();
        let p = liquidation
            .by_account
            .get_mut(&b)
            .unwrap()
            .as_mut()
            .unwrap();
        p.collateral_value += Uint128::one();
        fails(inv_08_position_rounding(&x), "inv 8");
        let mut x = s.clone();
        let (default, _) = x.positions.as_mut().unwrap();
        let p = default.by_account.get_mut(&b).unwrap().as_mut().unwrap();
        p.unpriceable = true;
        fails(inv_29_missing_price_isolated(&env, &x), "inv 29");
        let mut x = s.clone();
        x.positions.as_mut().unwrap().1.page_error = Some("boom".into());
        fails(
            inv_29_missing_price_isolated(&env, &x),
            "Positions at Liquidation failed",
        );
        // a ledger snapshot skips the checks that need the vault's positions
        let ledger_only = Snapshot::take_ledger(&env, &tracked);
        assert!(ledger_only.positions.is_none());
        check_state(&env, &ledger_only).unwrap();
    }

    #[test]
    fn unpriced_collateral_counts_zero_in_the_checkers_valuation() {
        let (mut env, _lender, borrower, tracked) = setup();
        let owner = env.owner.clone();
        env.oracle().remove_price_source(&owner, ATOM).unwrap();
        let s = Snapshot::take_ledger(&env, &tracked);
        let v = &s.valued_liquidation[&key(&borrower)];
        assert_eq!(v.collateral_value, Uint256::zero());
        assert!(v.missing.contains(ATOM) && !v.unpriceable && v.liquidatable());
        env.oracle()
            .set_price_source(
                &owner,
                ATOM,
                6,
                PriceSource::Fixed {
                    price: Decimal256::one(),
                },
            )
            .unwrap();
        env.oracle().remove_price_source(&owner, USDC).unwrap();
        let s = Snapshot::take_ledger(&env, &tracked);
        let v = &s.valued_liquidation[&key(&borrower)];
        assert!(v.unpriceable && !v.liquidatable() && v.health_factor().is_none());
    }

    #[test]
    fn liquidation_checkers() {
        let (mut env, _lender, borrower, mut tracked) = setup();
        // ATOM 10 -> 8: L = 5,600 < D = 6,000, HF 0.933..; C = 8,000 ≥ D·1.02 (solvent)
        env.set_price(ATOM, Decimal256::percent(800)).unwrap();
        let bot = env.addr("bot");
        env.fund(&bot, &[coin(10_000_000_000, USDC)]);
        tracked.push(bot.clone());
        let before = Snapshot::take(&env, &tracked);
        check_state(&env, &before).unwrap();
        let sim = env
            .liquidation()
            .simulate(&borrower, 0, USDC, ATOM, None)
            .map_err(|e| e.to_string());
        let sent = coin(sim.as_ref().unwrap().repay.u128(), USDC);
        let ev = env
            .liquidation()
            .liquidate(&bot, &borrower, 0, ATOM, &sent)
            .map_err(|e| e.to_string());
        liquidation_matches_simulation(&sim, &ev).unwrap();
        let after = Snapshot::take(&env, &tracked);
        let ev = ev.unwrap();
        let step = |ev: LiquidateEvent, by: &Addr| {
            StepInfo::new(
                by,
                Action::Liquidate {
                    owner: borrower.clone(),
                    account: 0,
                    collateral_denom: ATOM.into(),
                    sent: sent.clone(),
                    event: Some(ev),
                },
                Ok(()),
            )
        };
        check_step(&before, &after, &step(ev.clone(), &bot)).unwrap();
        check_state(&env, &after).unwrap();

        fails(
            inv_13_liquidator_not_owner(&step(ev.clone(), &borrower)),
            "inv 13",
        );
        // the same event on a healthy account
        let healthy = after.clone();
        let mut x = healthy.clone();
        x.valued_liquidation
            .get_mut(&key(&borrower))
            .unwrap()
            .liquidation_capacity = Uint256::from(u128::MAX);
        fails(
            inv_12_liquidation_only_when_unhealthy(&x, &step(ev.clone(), &bot)),
            "inv 12",
        );
        // seizing more than repay × (1 + bonus) + 1
        let mut big = ev.clone();
        big.seized += Uint128::new(1_000_000);
        big.to_liquidator += Uint128::new(1_000_000);
        fails(inv_15_seize_bounded(&before, &step(big, &bot)), "inv 15");
        let mut off = ev.clone();
        off.bonus = Decimal::percent(1);
        fails(
            inv_15_seize_bounded(&before, &step(off, &bot)),
            "RISK.md gives",
        );
        let mut sim2 = sim.clone().unwrap();
        sim2.seized += Uint128::one();
        fails(
            liquidation_matches_simulation(&Ok(sim2), &Ok(ev.clone())),
            "simulate ≠ execute",
        );
        // crumbs of collateral left next to debt
        let mut x = after.clone();
        let ledger = x.accounts.get_mut(&key(&borrower)).unwrap();
        ledger.collaterals.insert(ATOM.into(), Uint128::new(10));
        ledger.debts.insert(
            USDC.into(),
            Debt {
                shares: Uint128::new(1),
                amount: Uint128::new(5_000_000_000),
            },
        );
        fails(
            inv_17_no_dust_left(&before, &x, &step(ev.clone(), &bot)),
            "inv 17",
        );
        // collateral taken by someone else's step
        let other = StepInfo::new(&bot, Action::Market, Ok(()));
        fails(
            inv_11_collateral_only_by_owner_or_liquidation(&before, &after, &other),
            "inv 11",
        );
    }

    #[test]
    fn step_checkers_fail_on_broken_steps() {
        let (mut env, lender, borrower, tracked) = setup();
        let attacker = env.addr("attacker");
        let before = Snapshot::take_ledger(&env, &tracked);
        let b = key(&borrower);

        // a rejected message that changed storage or balances
        let mut after = before.clone();
        after.raw[2].2.push((b"x".to_vec(), b"y".to_vec()));
        let rejected = StepInfo::new(&attacker, Action::Other, Err("nope".into()));
        let rejected = StepInfo {
            action: Action::Malformed,
            ..rejected
        };
        fails(
            rejected_step_changes_nothing(&before, &after, &rejected),
            "storage",
        );
        let accepted = StepInfo {
            outcome: Ok(()),
            ..rejected.clone()
        };
        fails(inv_32_unknown_field_rejected(&accepted), "inv 32");

        let mut after = before.clone();
        after.markets.get_mut(USDC).unwrap().supply_index = Decimal256::percent(50);
        after.markets.get_mut(USDC).unwrap().borrow_index = Decimal256::percent(50);
        fails(inv_04_share_value_never_falls(&before, &after), "inv 4");
        fails(inv_05_indices_monotone(&before, &after), "inv 5");

        let mut after = before.clone();
        *after
            .balances
            .get_mut(&(lender.to_string(), USDC.to_string()))
            .unwrap() += Uint256::one();
        fails(
            inv_07_no_free_money(&before, &after, &lender, USDC),
            "inv 7",
        );

        // a borrow that leaves D > B
        let borrow = StepInfo::new(
            &borrower,
            Action::Borrow {
                owner: borrower.clone(),
                account: 0,
                denom: USDC.into(),
                amount: Uint128::one(),
            },
            Ok(()),
        );
        let mut after = before.clone();
        after.valued_default.get_mut(&b).unwrap().debt_value += Uint256::one();
        fails(inv_09_initial_margin(&after, &borrow), "inv 9");
        fails(
            inv_08_rounding_favours_protocol(&before, &before, &borrow),
            "inv 8",
        );
        // a third party made it liquidatable
        let mut after = before.clone();
        after.valued_liquidation.get_mut(&b).unwrap().debt_value = Uint256::from(u128::MAX);
        let third = StepInfo::new(
            &attacker,
            Action::Repay {
                owner: borrower.clone(),
                account: 0,
                coins: vec![coin(1, USDC)],
                all: false,
            },
            Ok(()),
        );
        fails(
            inv_10_third_party_cannot_harm(&before, &after, &third),
            "inv 10",
        );
        // repay-all failing
        let all = StepInfo::new(
            &borrower,
            Action::Repay {
                owner: borrower.clone(),
                account: 0,
                coins: vec![coin(7_000_000_000, USDC)],
                all: true,
            },
            Err("paused".into()),
        );
        fails(
            inv_20_repay_all_and_withdraw_all(&before, &before, &all),
            "inv 20",
        );
        // coins leaving the vault without a ledger change
        let mut after = before.clone();
        let vault_usdc = (env.vault_addr.to_string(), USDC.to_string());
        *after.balances.get_mut(&vault_usdc).unwrap() -= Uint256::from(5u32);
        *after
            .balances
            .get_mut(&(lender.to_string(), USDC.to_string()))
            .unwrap() += Uint256::from(5u32);
        let supply = StepInfo::new(
            &lender,
            Action::Supply {
                lender: lender.clone(),
                coins: vec![coin(5, USDC)],
            },
            Ok(()),
        );
        fails(
            inv_21_bank_delta_equals_ledger_delta(&before, &after, &supply),
            "inv 21",
        );
        // a privileged message accepted from the attacker
        let privileged = StepInfo::new(
            &attacker,
            Action::Privileged {
                contract: Contract::Vault,
                guardian_may: true,
            },
            Ok(()),
        );
        fails(
            inv_22_privileged_only(&before, &before, &privileged),
            "inv 22",
        );
        let mut after = before.clone();
        after.governance.vault.owner = Some(attacker.clone());
        fails(
            inv_22_privileged_only(&before, &after, &third),
            "inv 22 (ownership)",
        );
        // a supply above the cap
        let mut x = before.clone();
        x.assets
            .get_mut(USDC)
            .unwrap()
            .lending
            .as_mut()
            .unwrap()
            .supply_cap = Some(Uint128::new(1));
        fails(inv_24_caps(&x, &before, &supply), "inv 24");
        // a third party adding a new asset to the borrower's account
        let mut after = before.clone();
        let ledger = after.accounts.get_mut(&b).unwrap();
        ledger.collaterals.insert(USDC.into(), Uint128::one());
        fails(
            inv_30_only_owner_adds_asset(&before, &after, &third),
            "inv 30",
        );
        // a third party opening an account for someone
        env.fund(&attacker, &[coin(1, ATOM)]);
        let res = env
            .vault()
            .deposit_to(&attacker, 5, Some(&borrower), &[coin(1, ATOM)]);
        let mut tracked2 = tracked.clone();
        tracked2.push(attacker.clone());
        let step = StepInfo::new(
            &attacker,
            Action::Deposit {
                owner: borrower.clone(),
                account: 5,
                coins: vec![coin(1, ATOM)],
            },
            res.map(|_| ()).map_err(|e| e.to_string()),
        );
        assert!(step.outcome.is_err(), "a third party opened an account");
        let after = Snapshot::take_ledger(&env, &tracked2);
        check_step(&Snapshot::take_ledger(&env, &tracked2), &after, &step).unwrap();
    }

    #[test]
    fn fork_copies_the_whole_state() {
        let (env, _lender, borrower, tracked) = setup();
        let mut copy = fork(&env);
        assert_eq!(
            Snapshot::take(&copy, &tracked),
            Snapshot::take(&env, &tracked)
        );
        // the copy runs on its own
        copy.vault()
            .repay(&borrower, &[coin(1_000_000, USDC)])
            .unwrap();
        assert_ne!(
            Snapshot::take_ledger(&copy, &tracked),
            Snapshot::take_ledger(&env, &tracked)
        );
    }

    #[test]
    fn cases_reads_the_environment_or_defaults() {
        // PROPTEST_CASES is not set in this crate's test runs unless by hand
        if std::env::var("PROPTEST_CASES").is_err() {
            assert_eq!(cases(17), 17);
        } else {
            assert_ne!(cases(u32::MAX), u32::MAX);
        }
    }
}
