//! [`MockEnv`]: a cw-multi-test `App` with the mock Pyth, the oracle adapter, the vault and the
//! liquidation contract mounted, at a fixed start time, and typed helpers around them.
//!
//! Adding a contract (vault, liquidation): give [`MockEnvBuilder`] the fields its set-up needs,
//! store and instantiate it in [`MockEnvBuilder::build`] after the oracle, keep its address in a
//! `pub <name>_addr` field of [`MockEnv`], and add an accessor like [`MockEnv::oracle`] returning a
//! client borrowing the `App`.

use ballast_types::handles::OracleHandle;
use ballast_types::handles::{LiquidationHandle, VaultHandle};
use ballast_types::liquidation::LiquidationPolicy;
use ballast_types::oracle::{
    ConfigResponse, ExecuteMsg, InstantiateMsg, MigrateMsg, PriceKind, PriceResponse, PriceSource,
    PriceSourceResponse, PriceSourcesResponse,
};
use cosmwasm_std::{Addr, Coin, Decimal, Decimal256, StdResult, Timestamp, Uint256};
use cw_multi_test::{App, AppResponse, BankSudo, Executor, SudoMsg};

use crate::contracts::{contract_liquidation, contract_mock_pyth, contract_oracle, contract_vault};
use crate::liquidation::{default_policy, LiquidationClient};
use crate::mock_pyth;
use crate::vault::{AssetSpec, VaultClient, VaultParams};

/// Block time at which every `MockEnv` starts (2023-11-14T22:13:20Z).
pub const START_TIME_S: u64 = 1_700_000_000;
/// Block height at which every `MockEnv` starts.
pub const START_HEIGHT: u64 = 1_000;
/// Seconds per block when [`MockEnv::advance`] moves the height.
pub const BLOCK_TIME_S: u64 = 5;
/// Quote symbol unless [`MockEnvBuilder::quote`] says otherwise.
pub const DEFAULT_QUOTE_SYMBOL: &str = "USD";
/// Quote decimals unless [`MockEnvBuilder::quote`] says otherwise (micro-USD).
pub const DEFAULT_QUOTE_DECIMALS: u8 = 6;

/// One Pyth feed as the mock stores it: `(price ± conf) × 10^expo` and its EMA, published at
/// `publish_time`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythFeed {
    /// Feed id, hex.
    pub id: String,
    /// Price mantissa.
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
    /// Exponent.
    pub expo: i32,
    /// Unix seconds.
    pub publish_time: i64,
    /// EMA price mantissa.
    pub ema_price: i64,
    /// EMA confidence mantissa.
    pub ema_conf: u64,
}

impl PythFeed {
    /// A feed whose EMA equals the price.
    pub fn new(id: &str, price: i64, expo: i32, conf: u64, publish_time: i64) -> Self {
        Self {
            id: id.to_string(),
            price,
            conf,
            expo,
            publish_time,
            ema_price: price,
            ema_conf: conf,
        }
    }

    /// The same feed with another EMA.
    pub fn with_ema(mut self, ema_price: i64, ema_conf: u64) -> Self {
        self.ema_price = ema_price;
        self.ema_conf = ema_conf;
        self
    }

    /// The mock Pyth message setting this feed.
    pub fn to_msg(&self) -> mock_pyth::ExecuteMsg {
        mock_pyth::ExecuteMsg::SetFeed {
            id: self.id.clone(),
            price: self.price,
            conf: self.conf,
            expo: self.expo,
            publish_time: self.publish_time,
            ema_price: self.ema_price,
            ema_conf: self.ema_conf,
        }
    }
}

/// Breaker parameters of a Pyth source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PythParams {
    /// Largest age at `Default` kind, seconds.
    pub max_staleness_s: u64,
    /// Largest age at `Liquidation` kind, seconds; `None` = `max_staleness_s`.
    pub liquidation_max_staleness_s: Option<u64>,
    /// Largest `conf / price`.
    pub max_confidence: Decimal,
    /// Largest `|price − ema| / ema`.
    pub max_ema_deviation: Decimal,
}

impl Default for PythParams {
    /// 60 s (both kinds), 2 % confidence, 10 % EMA deviation.
    fn default() -> Self {
        Self {
            max_staleness_s: 60,
            liquidation_max_staleness_s: None,
            max_confidence: Decimal::percent(2),
            max_ema_deviation: Decimal::percent(10),
        }
    }
}

impl PythParams {
    /// `PriceSource::Pyth` reading `feed_id` from the Pyth contract at `contract_addr`.
    pub fn source(&self, contract_addr: &Addr, feed_id: &str) -> PriceSource {
        PriceSource::Pyth {
            contract: contract_addr.to_string(),
            feed_id: feed_id.to_string(),
            max_staleness_s: self.max_staleness_s,
            liquidation_max_staleness_s: self.liquidation_max_staleness_s,
            max_confidence: self.max_confidence,
            max_ema_deviation: self.max_ema_deviation,
        }
    }
}

/// A price source registered by the builder, resolved once the mock Pyth has an address.
#[derive(Debug, Clone)]
enum SourceSpec {
    /// Registered as given.
    Ready(PriceSource),
    /// A Pyth source on the env's mock Pyth.
    Pyth { feed_id: String, params: PythParams },
}

/// Builds a [`MockEnv`]. Every method consumes and returns the builder.
#[derive(Debug, Clone)]
pub struct MockEnvBuilder {
    /// Quote symbol of the oracle.
    pub quote_symbol: String,
    /// Quote decimals of the oracle.
    pub quote_decimals: u8,
    /// Block time at the start.
    pub start_time_s: u64,
    /// Breakers of the Pyth sources registered by [`Self::pyth_price`] from now on.
    pub pyth_params: PythParams,
    /// Feeds set in the mock Pyth before any source is registered.
    pub feeds: Vec<PythFeed>,
    /// `(denom, decimals, source)` registered in the oracle, in order.
    sources: Vec<(String, u8, SourceSpec)>,
    /// Configuration of the vault.
    pub vault_params: VaultParams,
    /// Assets listed in the vault, in order, after the price sources are registered.
    pub assets: Vec<AssetSpec>,
    /// Policy of the liquidation contract.
    pub liquidation_policy: LiquidationPolicy,
}

impl Default for MockEnvBuilder {
    fn default() -> Self {
        Self {
            quote_symbol: DEFAULT_QUOTE_SYMBOL.to_string(),
            quote_decimals: DEFAULT_QUOTE_DECIMALS,
            start_time_s: START_TIME_S,
            pyth_params: PythParams::default(),
            feeds: vec![],
            sources: vec![],
            vault_params: VaultParams::default(),
            assets: vec![],
            liquidation_policy: default_policy(),
        }
    }
}

impl MockEnvBuilder {
    /// The oracle's quote asset (default `USD`, 6 decimals).
    pub fn quote(mut self, symbol: &str, decimals: u8) -> Self {
        self.quote_symbol = symbol.to_string();
        self.quote_decimals = decimals;
        self
    }

    /// Block time at the start (default [`START_TIME_S`]).
    pub fn start_time(mut self, seconds: u64) -> Self {
        self.start_time_s = seconds;
        self
    }

    /// Breakers for the Pyth sources registered after this call.
    pub fn pyth_params(mut self, params: PythParams) -> Self {
        self.pyth_params = params;
        self
    }

    /// Registers `PriceSource::Fixed { price }` (already normalised) for `denom`.
    pub fn fixed_price(self, denom: &str, decimals: u8, price: Decimal256) -> Self {
        self.price_source(denom, decimals, PriceSource::Fixed { price })
    }

    /// Sets a Pyth feed `(price ± conf) × 10^expo`, published at the start time with an equal EMA,
    /// and registers a Pyth source reading it for `denom`.
    pub fn pyth_price(
        mut self,
        denom: &str,
        decimals: u8,
        feed_id: &str,
        price: i64,
        expo: i32,
        conf: u64,
    ) -> Self {
        let publish_time = i64::try_from(self.start_time_s).unwrap_or(i64::MAX);
        self.feeds
            .push(PythFeed::new(feed_id, price, expo, conf, publish_time));
        let spec = SourceSpec::Pyth {
            feed_id: feed_id.to_string(),
            params: self.pyth_params,
        };
        self.sources.push((denom.to_string(), decimals, spec));
        self
    }

    /// Lists `spec` in the vault (after every price source is registered, so register one for
    /// its denom too).
    pub fn asset(mut self, spec: AssetSpec) -> Self {
        self.assets.push(spec);
        self
    }

    /// The vault's `min_debt_value` and `max_assets_per_account`.
    pub fn vault_params(mut self, params: VaultParams) -> Self {
        self.vault_params = params;
        self
    }

    /// The liquidation contract's policy (default [`default_policy`]).
    pub fn liquidation_policy(mut self, policy: LiquidationPolicy) -> Self {
        self.liquidation_policy = policy;
        self
    }

    /// Sets a feed in the mock Pyth without registering a source.
    pub fn pyth_feed(mut self, feed: PythFeed) -> Self {
        self.feeds.push(feed);
        self
    }

    /// Registers any source for `denom` as given (a Pyth source needs the mock's address: register
    /// those after `build` with [`MockEnv::pyth_source`]).
    pub fn price_source(mut self, denom: &str, decimals: u8, source: PriceSource) -> Self {
        self.sources
            .push((denom.to_string(), decimals, SourceSpec::Ready(source)));
        self
    }

    /// Creates the `App`, instantiates the mock Pyth, the oracle, the vault and the liquidation
    /// contract (owner and wasm admin of each: the `owner` address), registers the liquidation
    /// contract in the vault, sets the feeds, registers the sources and lists the assets (the
    /// vault reads the liquidation policy when it lists a collateral).
    ///
    /// Panics if any step fails: a broken set-up is a bug in the test.
    pub fn build(self) -> MockEnv {
        let mut app = App::default();
        let start_time_s = self.start_time_s;
        app.update_block(|block| {
            block.time = Timestamp::from_seconds(start_time_s);
            block.height = START_HEIGHT;
        });
        let owner = app.api().addr_make("owner");

        let pyth_code_id = app.store_code(contract_mock_pyth());
        let pyth_addr = app
            .instantiate_contract(
                pyth_code_id,
                owner.clone(),
                &mock_pyth::InstantiateMsg {},
                &[],
                "mock-pyth",
                None,
            )
            .expect("instantiate mock pyth");

        let oracle_code_id = app.store_code(contract_oracle());
        let oracle_addr = app
            .instantiate_contract(
                oracle_code_id,
                owner.clone(),
                &InstantiateMsg {
                    owner: owner.to_string(),
                    quote_symbol: self.quote_symbol,
                    quote_decimals: self.quote_decimals,
                },
                &[],
                "ballast-oracle",
                Some(owner.to_string()),
            )
            .expect("instantiate oracle");

        let treasury = app.api().addr_make("treasury");
        let guardian = app.api().addr_make("guardian");
        let vault_code_id = app.store_code(contract_vault());
        let vault_addr = app
            .instantiate_contract(
                vault_code_id,
                owner.clone(),
                &ballast_types::vault::InstantiateMsg {
                    owner: owner.to_string(),
                    oracle: oracle_addr.to_string(),
                    liquidation: None,
                    treasury: treasury.to_string(),
                    guardian: Some(guardian.to_string()),
                    min_debt_value: self.vault_params.min_debt_value,
                    max_assets_per_account: self.vault_params.max_assets_per_account,
                },
                &[],
                "ballast-vault",
                Some(owner.to_string()),
            )
            .expect("instantiate vault");

        let liquidation_code_id = app.store_code(contract_liquidation());
        let liquidation_addr = app
            .instantiate_contract(
                liquidation_code_id,
                owner.clone(),
                &ballast_types::liquidation::InstantiateMsg {
                    owner: owner.to_string(),
                    vault: vault_addr.to_string(),
                    treasury: treasury.to_string(),
                    policy: self.liquidation_policy,
                },
                &[],
                "ballast-liquidation",
                Some(owner.to_string()),
            )
            .expect("instantiate liquidation");
        app.execute_contract(
            owner.clone(),
            vault_addr.clone(),
            &ballast_types::vault::ExecuteMsg::UpdateConfig {
                oracle: None,
                liquidation: Some(liquidation_addr.to_string()),
                treasury: None,
                guardian: None,
                min_debt_value: None,
                max_assets_per_account: None,
            },
            &[],
        )
        .expect("register the liquidation contract in the vault");

        let mut env = MockEnv {
            app,
            owner,
            pyth_addr,
            oracle_addr,
            pyth_code_id,
            oracle_code_id,
            pyth_params: self.pyth_params,
            vault_addr,
            vault_code_id,
            treasury,
            guardian,
            liquidation_addr,
            liquidation_code_id,
        };
        for feed in &self.feeds {
            env.set_pyth_feed(feed).expect("set pyth feed");
        }
        for (denom, decimals, spec) in self.sources {
            let source = match spec {
                SourceSpec::Ready(source) => source,
                SourceSpec::Pyth { feed_id, params } => params.source(&env.pyth_addr, &feed_id),
            };
            let owner = env.owner.clone();
            env.oracle()
                .set_price_source(&owner, &denom, decimals, source)
                .unwrap_or_else(|err| panic!("register price source of {denom}: {err}"));
        }
        for spec in &self.assets {
            let owner = env.owner.clone();
            env.vault()
                .list_asset(&owner, spec)
                .unwrap_or_else(|err| panic!("list asset {}: {err}", spec.denom));
        }
        env
    }
}

/// The test environment. Fields are public so tests can reach the `App` directly.
pub struct MockEnv {
    /// The cw-multi-test app.
    pub app: App,
    /// Owner of every contract (and wasm admin of the oracle).
    pub owner: Addr,
    /// The mock Pyth contract.
    pub pyth_addr: Addr,
    /// The oracle adapter.
    pub oracle_addr: Addr,
    /// Code id of the mock Pyth.
    pub pyth_code_id: u64,
    /// Code id of the oracle (for migrations).
    pub oracle_code_id: u64,
    /// Breakers used by [`Self::pyth_source`].
    pub pyth_params: PythParams,
    /// The vault.
    pub vault_addr: Addr,
    /// Code id of the vault (for migrations).
    pub vault_code_id: u64,
    /// The vault's treasury.
    pub treasury: Addr,
    /// The vault's guardian.
    pub guardian: Addr,
    /// The liquidation contract (registered in the vault; its treasury is [`Self::treasury`]).
    pub liquidation_addr: Addr,
    /// Code id of the liquidation contract (for migrations).
    pub liquidation_code_id: u64,
}

impl MockEnv {
    /// Starts a builder with the defaults (USD quote with 6 decimals, [`START_TIME_S`]).
    pub fn builder() -> MockEnvBuilder {
        MockEnvBuilder::default()
    }

    /// A deterministic valid address for `name`.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// Current block time, Unix seconds.
    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    /// Moves block time forward by `seconds`, and the height by one block per
    /// [`BLOCK_TIME_S`] started.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|block| {
            block.time = block.time.plus_seconds(seconds);
            block.height += seconds.div_ceil(BLOCK_TIME_S);
        });
    }

    // ---- bank ----

    /// Mints `coins` to `addr`.
    pub fn fund(&mut self, addr: &Addr, coins: &[Coin]) {
        self.app
            .sudo(SudoMsg::Bank(BankSudo::Mint {
                to_address: addr.to_string(),
                amount: coins.to_vec(),
            }))
            .expect("mint");
    }

    /// Bank balance of `addr` in `denom`.
    pub fn balance(&self, addr: &Addr, denom: &str) -> Uint256 {
        self.app
            .wrap()
            .query_balance(addr, denom)
            .map(|coin| coin.amount)
            .unwrap_or_default()
    }

    // ---- vault ----

    /// The vault as a typed handle (what other contracts hold).
    pub fn vault_handle(&self) -> VaultHandle {
        VaultHandle(self.vault_addr.clone())
    }

    /// Executes and queries the vault.
    pub fn vault(&mut self) -> VaultClient<'_> {
        VaultClient {
            addr: self.vault_addr.clone(),
            app: &mut self.app,
        }
    }

    // ---- liquidation ----

    /// The liquidation contract as a typed handle.
    pub fn liquidation_handle(&self) -> LiquidationHandle {
        LiquidationHandle(self.liquidation_addr.clone())
    }

    /// Executes and queries the liquidation contract.
    pub fn liquidation(&mut self) -> LiquidationClient<'_> {
        LiquidationClient {
            addr: self.liquidation_addr.clone(),
            app: &mut self.app,
        }
    }

    // ---- mock Pyth ----

    /// Sets a feed in the mock Pyth.
    pub fn set_pyth_feed(&mut self, feed: &PythFeed) -> StdResult<AppResponse> {
        let sender = self.owner.clone();
        self.app
            .execute_contract(sender, self.pyth_addr.clone(), &feed.to_msg(), &[])
    }

    /// Sets a feed to `(price ± conf) × 10^expo`, published now, with an equal EMA.
    pub fn set_pyth_price(
        &mut self,
        feed_id: &str,
        price: i64,
        expo: i32,
        conf: u64,
    ) -> StdResult<AppResponse> {
        let now = i64::try_from(self.now()).unwrap_or(i64::MAX);
        self.set_pyth_feed(&PythFeed::new(feed_id, price, expo, conf, now))
    }

    /// Makes the mock Pyth fail every query of `feed_id` until it is set again.
    pub fn fail_pyth_feed(&mut self, feed_id: &str) -> StdResult<AppResponse> {
        let msg = mock_pyth::ExecuteMsg::FailFeed {
            id: feed_id.to_string(),
        };
        let sender = self.owner.clone();
        self.app
            .execute_contract(sender, self.pyth_addr.clone(), &msg, &[])
    }

    /// `PriceSource::Pyth` reading `feed_id` from the mock Pyth with [`Self::pyth_params`].
    pub fn pyth_source(&self, feed_id: &str) -> PriceSource {
        self.pyth_params.source(&self.pyth_addr, feed_id)
    }

    // ---- oracle ----

    /// Sets `denom`'s price source to `Fixed { price }` (a normalised price), keeping the decimals
    /// registered in the oracle.
    pub fn set_price(&mut self, denom: &str, price: Decimal256) -> StdResult<AppResponse> {
        let decimals = self
            .oracle_handle()
            .query_price_source(&self.app.wrap(), denom)?
            .decimals;
        let owner = self.owner.clone();
        self.oracle()
            .set_price_source(&owner, denom, decimals, PriceSource::Fixed { price })
    }

    /// The oracle as a typed handle (what other contracts hold).
    pub fn oracle_handle(&self) -> OracleHandle {
        OracleHandle(self.oracle_addr.clone())
    }

    /// Executes and queries the oracle.
    pub fn oracle(&mut self) -> OracleClient<'_> {
        OracleClient {
            addr: self.oracle_addr.clone(),
            app: &mut self.app,
        }
    }

    /// The price of `denom` (one query through [`OracleHandle`]).
    pub fn price(&self, denom: &str, kind: PriceKind) -> StdResult<PriceResponse> {
        self.oracle_handle()
            .query_price(&self.app.wrap(), denom, kind)
    }

    /// The prices of `denoms`, in order (one query through [`OracleHandle`]).
    pub fn prices(&self, denoms: &[&str], kind: PriceKind) -> StdResult<Vec<PriceResponse>> {
        let denoms: Vec<String> = denoms.iter().map(|d| d.to_string()).collect();
        self.oracle_handle()
            .query_prices(&self.app.wrap(), &denoms, kind)
    }
}

/// Executes and queries the oracle of a [`MockEnv`]; returned by [`MockEnv::oracle`].
pub struct OracleClient<'a> {
    /// The oracle's address.
    pub addr: Addr,
    /// The app it lives in.
    pub app: &'a mut App,
}

impl OracleClient<'_> {
    fn handle(&self) -> OracleHandle {
        OracleHandle(self.addr.clone())
    }

    /// Executes any message, with `funds`.
    pub fn execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> StdResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.addr.clone(), msg, funds)
    }

    /// `SetPriceSource`.
    pub fn set_price_source(
        &mut self,
        sender: &Addr,
        denom: &str,
        decimals: u8,
        source: PriceSource,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::SetPriceSource {
            denom: denom.to_string(),
            decimals,
            source,
        };
        self.execute(sender, &msg, &[])
    }

    /// `RemovePriceSource`.
    pub fn remove_price_source(&mut self, sender: &Addr, denom: &str) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::RemovePriceSource {
                denom: denom.to_string(),
            },
            &[],
        )
    }

    /// Migrates the oracle to `code_id` (the sender must be the wasm admin: the env's owner).
    pub fn migrate(&mut self, sender: &Addr, code_id: u64) -> StdResult<AppResponse> {
        self.app
            .migrate_contract(sender.clone(), self.addr.clone(), &MigrateMsg {}, code_id)
    }

    /// `Price`.
    pub fn price(&self, denom: &str, kind: PriceKind) -> StdResult<PriceResponse> {
        self.handle().query_price(&self.app.wrap(), denom, kind)
    }

    /// `Prices`, sent as given: unlike [`OracleHandle::query_prices`] an empty list is sent too.
    pub fn prices(
        &self,
        denoms: &[&str],
        kind: Option<PriceKind>,
    ) -> StdResult<Vec<PriceResponse>> {
        let denoms = denoms.iter().map(|d| d.to_string()).collect();
        self.app.wrap().query_wasm_smart(
            &self.addr,
            &ballast_types::oracle::QueryMsg::Prices { denoms, kind },
        )
    }

    /// `PriceSource`.
    pub fn price_source(&self, denom: &str) -> StdResult<PriceSourceResponse> {
        self.handle().query_price_source(&self.app.wrap(), denom)
    }

    /// `PriceSources`.
    pub fn price_sources(
        &self,
        start_after: Option<&str>,
        limit: Option<u32>,
    ) -> StdResult<PriceSourcesResponse> {
        let start_after = start_after.map(str::to_string);
        self.handle()
            .query_price_sources(&self.app.wrap(), start_after, limit)
    }

    /// Every registered source, all pages (`next_start_after` until `None`).
    pub fn all_price_sources(&self) -> StdResult<Vec<PriceSourceResponse>> {
        let mut all: Vec<PriceSourceResponse> = vec![];
        let mut cursor: Option<String> = None;
        loop {
            let page = self.price_sources(cursor.as_deref(), Some(u32::MAX))?;
            all.extend(page.sources);
            match page.next_start_after {
                Some(next) => cursor = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// `Config`.
    pub fn config(&self) -> StdResult<ConfigResponse> {
        self.handle().query_config(&self.app.wrap())
    }
}

crate::ownership::impl_ownable!(OracleClient, ExecuteMsg);
