//! Valuing an account: current amounts (interest accrued), one batched `Prices` query, and the
//! position values of `ballast_math::position`.

use ballast_math::market::MarketState;
use ballast_math::position::{position_values, CollateralInput, DebtInput, PositionValues};
use ballast_math::value::{collateral_value, debt_value};
use ballast_types::handles::OracleHandle;
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{
    MissingPrice, PositionResponse, PricedCollateral, PricedDebt, MAX_ASSETS_PER_ACCOUNT,
};
use cosmwasm_std::{Addr, Decimal, Decimal256, QuerierWrapper, Storage, Uint128};

use crate::account::Account;
use crate::denom_map::{sorted_unique, DenomMap};
use crate::error::{ContractError, ContractResult};
use crate::ledger::{accrued_market, debt_of, load_asset};
use crate::state::CONFIG;

/// One collateral of an account, unpriced.
#[derive(Clone, Debug, PartialEq)]
pub struct CollateralEntry {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
    /// Max LTV (0 if the asset lost its collateral parameters).
    pub max_ltv: Decimal,
    /// Liquidation threshold (0 likewise).
    pub liquidation_threshold: Decimal,
}

/// One debt of an account at the current block, unpriced.
#[derive(Clone, Debug, PartialEq)]
pub struct DebtEntry {
    /// Denom.
    pub denom: String,
    /// Debt shares.
    pub shares: Uint128,
    /// Amount owed now (rounded up).
    pub amount: Uint128,
}

/// An account's collaterals and current debts, ordered by denom.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountView {
    /// Collaterals.
    pub collaterals: Vec<CollateralEntry>,
    /// Debts.
    pub debts: Vec<DebtEntry>,
}

impl AccountView {
    /// Every denom to price, sorted, without duplicates.
    pub fn denoms(&self) -> Vec<String> {
        sorted_unique(
            self.collaterals
                .iter()
                .map(|c| c.denom.clone())
                .chain(self.debts.iter().map(|d| d.denom.clone())),
        )
    }
}

/// Reads what `view` needs: each collateral's parameters and each debt's market accrued to
/// `now`. Markets in `current` (already accrued and possibly changed by the action) are used
/// instead of the stored ones.
pub fn view(
    storage: &dyn Storage,
    account: &Account,
    now: u64,
    current: &[(&str, &MarketState)],
) -> ContractResult<AccountView> {
    let mut cache = ViewCache::default();
    for (denom, market) in current {
        cache.markets.insert(denom.to_string(), (*market).clone());
    }
    view_cached(storage, account, now, &mut cache)
}

/// Collateral parameters and accrued markets read once for many accounts valued in the same
/// block (a page of `Positions`, which the liquidation contract's scan pages through): each
/// denom's asset is read, and its market loaded and accrued, once per page instead of once per
/// account holding it. The values are the ones [`view`] computes.
#[derive(Default)]
pub struct ViewCache {
    /// `(max_ltv, liquidation threshold in force at the block)` by collateral denom.
    collateral: DenomMap<(Decimal, Decimal)>,
    /// Markets accrued to the block, by debt denom.
    markets: DenomMap<MarketState>,
}

/// [`view`] of one of many accounts valued at `now`, reading through `cache` (markets in it are
/// taken as they are: accrued to `now`).
pub fn view_cached(
    storage: &dyn Storage,
    account: &Account,
    now: u64,
    cache: &mut ViewCache,
) -> ContractResult<AccountView> {
    let mut out = AccountView::default();
    for (denom, amount) in &account.collaterals {
        let (max_ltv, liquidation_threshold) = match cache.collateral.get(denom) {
            Some(params) => *params,
            None => {
                // the threshold in force at `now`: mid-ramp, the interpolation
                let asset = load_asset(storage, denom)?;
                let params = asset
                    .collateral
                    .as_ref()
                    .map(|c| (c.max_ltv, asset.liquidation_threshold_at(now)))
                    .unwrap_or_default();
                cache.collateral.insert(denom.clone(), params);
                params
            }
        };
        out.collaterals.push(CollateralEntry {
            denom: denom.clone(),
            amount: *amount,
            max_ltv,
            liquidation_threshold,
        });
    }
    for (denom, shares) in &account.debts {
        if cache.markets.get(denom).is_none() {
            let asset = load_asset(storage, denom)?;
            cache
                .markets
                .insert(denom.clone(), accrued_market(storage, &asset, now)?);
        }
        let market = cache
            .markets
            .get(denom)
            .ok_or_else(|| ContractError::NotBorrowable {
                denom: denom.clone(),
            })?;
        out.debts.push(DebtEntry {
            denom: denom.clone(),
            shares: *shares,
            amount: debt_of(market, *shares)?,
        });
    }
    Ok(out)
}

/// The oracle's answer for one denom: its price, or why it has none.
pub type Quote = Result<Decimal256, String>;

/// Per-denom prices of `denoms` at `kind`: one `TryPrices` query per 32 denoms (one for any
/// account, one per page of accounts at most), so a denom without a price never fails the batch.
pub fn fetch_quotes(
    querier: &QuerierWrapper,
    oracle: &Addr,
    denoms: &[String],
    kind: PriceKind,
) -> ContractResult<DenomMap<Quote>> {
    let oracle = OracleHandle::new(oracle.clone());
    let mut quotes = DenomMap::new();
    for chunk in denoms.chunks(usize::from(MAX_ASSETS_PER_ACCOUNT)) {
        for res in oracle.query_try_prices(querier, chunk, kind)? {
            let quote = match (res.price, res.error) {
                (Some(price), _) if !price.is_zero() => Ok(price),
                (_, Some(reason)) => Err(reason),
                _ => Err(NO_PRICE.to_string()),
            };
            quotes.insert(res.denom, quote);
        }
    }
    Ok(quotes)
}

/// Strict prices (borrow, withdraw and their queries: RISK.md "Prices that are missing"): every
/// one of `denoms` must have a price at `kind`, else `PriceUnavailable` for the first one that
/// has none. The answer holds only `Ok` quotes.
pub fn fetch_prices(
    querier: &QuerierWrapper,
    oracle: &Addr,
    denoms: &[String],
    kind: PriceKind,
) -> ContractResult<DenomMap<Quote>> {
    let quotes = fetch_quotes(querier, oracle, denoms, kind)?;
    for denom in denoms {
        quote_of(&quotes, denom)?;
    }
    Ok(quotes)
}

/// The price of `denom` in `quotes`, 0 when it has none.
pub fn price_or_zero(quotes: &DenomMap<Quote>, denom: &str) -> Decimal256 {
    match quotes.get(denom) {
        Some(Ok(price)) => *price,
        _ => Decimal256::zero(),
    }
}

/// Why the oracle gave no price, when its answer has neither a price nor a reason.
const NO_PRICE: &str = "the oracle gave no price";

/// Why `denom` has no price in `quotes`; `None` when it has one.
fn missing_reason(quotes: &DenomMap<Quote>, denom: &str) -> Option<String> {
    match quotes.get(denom) {
        Some(Ok(_)) => None,
        Some(Err(reason)) => Some(reason.clone()),
        None => Some(NO_PRICE.to_string()),
    }
}

/// The quote of `denom`, as a price or a `PriceUnavailable` error with the oracle's reason.
fn quote_of(quotes: &DenomMap<Quote>, denom: &str) -> ContractResult<Decimal256> {
    match missing_reason(quotes, denom) {
        None => Ok(price_or_zero(quotes, denom)),
        Some(reason) => Err(ContractError::PriceUnavailable {
            denom: denom.to_string(),
            reason,
        }),
    }
}

/// An account valued at some prices.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedView {
    /// Collaterals.
    pub collaterals: Vec<PricedCollateral>,
    /// Debts.
    pub debts: Vec<PricedDebt>,
    /// `C`, `D`, `B`, `L` of what is priced.
    pub values: PositionValues,
    /// Denoms without a price, with the oracle's reason.
    pub missing: Vec<MissingPrice>,
    /// A debt has no price: `values` are partial and the account cannot be judged.
    pub unpriceable: bool,
}

impl PricedView {
    /// The maths inputs of the collaterals.
    pub fn collateral_inputs(&self) -> Vec<CollateralInput> {
        self.collaterals
            .iter()
            .map(PricedCollateral::input)
            .collect()
    }

    /// The maths inputs of the debts.
    pub fn debt_inputs(&self) -> Vec<DebtInput> {
        self.debts.iter().map(PricedDebt::input).collect()
    }

    /// Health factor, `None` without debt or when unpriceable.
    pub fn health_factor(&self) -> Option<Decimal256> {
        (!self.unpriceable)
            .then(|| self.values.health_factor())
            .flatten()
    }

    /// `D > L` with every debt priced (missing collateral counts zero).
    pub fn is_liquidatable(&self) -> bool {
        !self.unpriceable && self.values.is_liquidatable()
    }
}

/// Values `view` at `quotes` (RISK.md "Prices that are missing"): a collateral without a price
/// counts zero (price 0, value 0); a debt without a price makes the account `unpriceable`. Every
/// missing denom is listed with its reason (collaterals first, then debts, each by denom). Never
/// fails for a missing price.
pub fn price(view: &AccountView, quotes: &DenomMap<Quote>) -> ContractResult<PricedView> {
    let mut missing = Vec::new();
    let mut unpriceable = false;
    let mut lookup = |denom: &str, is_debt: bool| -> Decimal256 {
        if let Some(reason) = missing_reason(quotes, denom) {
            if !missing.iter().any(|m: &MissingPrice| m.denom == denom) {
                missing.push(MissingPrice {
                    denom: denom.to_string(),
                    reason,
                });
            }
            unpriceable |= is_debt;
        }
        price_or_zero(quotes, denom)
    };
    let mut collaterals = Vec::with_capacity(view.collaterals.len());
    for entry in &view.collaterals {
        let price = lookup(&entry.denom, false);
        let value = collateral_value(entry.amount, price)?;
        collaterals.push(PricedCollateral {
            denom: entry.denom.clone(),
            amount: entry.amount,
            price,
            value,
            max_ltv: entry.max_ltv,
            liquidation_threshold: entry.liquidation_threshold,
            // set by `position_response`, the one answer that shows it
            liquidation_price: None,
        });
    }
    let mut debts = Vec::with_capacity(view.debts.len());
    for entry in &view.debts {
        let price = lookup(&entry.denom, true);
        let value = debt_value(entry.amount, price)?;
        debts.push(PricedDebt {
            denom: entry.denom.clone(),
            amount: entry.amount,
            shares: entry.shares,
            price,
            value,
        });
    }
    let mut priced = PricedView {
        collaterals,
        debts,
        values: PositionValues::default(),
        missing,
        unpriceable,
    };
    priced.values = position_values(&priced.collateral_inputs(), &priced.debt_inputs())?;
    Ok(priced)
}

/// `view` priced with one query at `kind`, missing prices reported (queries, liquidation).
pub fn price_with_oracle(
    querier: &QuerierWrapper,
    oracle: &Addr,
    view: &AccountView,
    kind: PriceKind,
) -> ContractResult<PricedView> {
    let quotes = fetch_quotes(querier, oracle, &view.denoms(), kind)?;
    price(view, &quotes)
}

/// The `Default` prices of the borrower actions' checks (`crate::books`): asked of the
/// configured oracle once, on first use, for the denoms of the account then (an execute handler:
/// no query, not even the configuration read, when no price is needed), or fetched before for
/// every denom a query will need (`SimulatePosition`, `MaxBorrow`, `MaxWithdraw`).
pub struct Prices<'a> {
    oracle: Option<(QuerierWrapper<'a>, Oracle<'a>)>,
    quotes: Option<DenomMap<Quote>>,
}

/// The oracle to ask: its address, or the one configured in a storage (read on first use).
enum Oracle<'a> {
    Addr(&'a Addr),
    Configured(&'a dyn Storage),
}

impl<'a> Prices<'a> {
    /// Prices asked of `oracle` on first use.
    pub fn oracle(querier: QuerierWrapper<'a>, oracle: &'a Addr) -> Self {
        Self {
            oracle: Some((querier, Oracle::Addr(oracle))),
            quotes: None,
        }
    }

    /// Prices asked on first use of the oracle configured in `storage`.
    pub fn configured(querier: QuerierWrapper<'a>, storage: &'a dyn Storage) -> Self {
        Self {
            oracle: Some((querier, Oracle::Configured(storage))),
            quotes: None,
        }
    }

    /// Prices already fetched.
    pub fn fetched(quotes: DenomMap<Quote>) -> Self {
        Self {
            oracle: None,
            quotes: Some(quotes),
        }
    }

    /// `view` at `Default` prices, every price required (borrow, withdraw with debt): the first
    /// denom without one is `PriceUnavailable`, as [`fetch_prices`] says.
    pub fn strict(&mut self, view: &AccountView) -> ContractResult<PricedView> {
        let denoms = view.denoms();
        let quotes = match (&mut self.quotes, &self.oracle) {
            (Some(quotes), _) => quotes,
            (quotes, Some((querier, oracle))) => {
                let fetched = match oracle {
                    Oracle::Addr(addr) => fetch_quotes(querier, addr, &denoms, PriceKind::Default)?,
                    Oracle::Configured(storage) => {
                        let addr = CONFIG.load(*storage)?.oracle;
                        fetch_quotes(querier, &addr, &denoms, PriceKind::Default)?
                    }
                };
                quotes.insert(fetched)
            }
            (quotes, None) => quotes.insert(DenomMap::new()),
        };
        for denom in &denoms {
            quote_of(quotes, denom)?;
        }
        price(view, quotes)
    }

    /// The quotes asked or given so far (empty before the first use).
    pub fn quotes(&self) -> Option<&DenomMap<Quote>> {
        self.quotes.as_ref()
    }
}

/// `Position`'s answer for a priced account (also each item of `Positions`, the position of
/// `SimulatePosition` and of `LiquidationContext`).
pub fn position_response(
    owner: &Addr,
    account: u32,
    kind: PriceKind,
    priced: PricedView,
) -> ContractResult<PositionResponse> {
    Ok(PositionResponse::new(
        owner.to_string(),
        account,
        kind,
        priced.collaterals,
        priced.debts,
        priced.missing,
        priced.unpriceable,
    )?)
}
