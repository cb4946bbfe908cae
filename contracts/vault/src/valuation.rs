//! Valuing an account: current amounts (interest accrued), one batched `Prices` query, and the
//! position values of `ballast_math::position`.

use ballast_math::market::MarketState;
use ballast_math::position::{position_values, CollateralInput, DebtInput, PositionValues};
use ballast_math::value::{collateral_value, debt_value};
use ballast_types::handles::OracleHandle;
use ballast_types::oracle::PriceKind;
use ballast_types::vault::MAX_ASSETS_PER_ACCOUNT;
use cosmwasm_std::{Addr, Decimal, Decimal256, QuerierWrapper, Storage, Uint128};

use crate::account::Account;
use crate::denom_map::{sorted_unique, DenomMap};
use crate::error::ContractResult;
use crate::ledger::{accrued_market, debt_of, load_asset};

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
    let mut out = AccountView::default();
    for (denom, amount) in &account.collaterals {
        let asset = load_asset(storage, denom)?;
        let (max_ltv, liquidation_threshold) = asset
            .collateral
            .as_ref()
            .map(|c| (c.max_ltv, c.liquidation_threshold))
            .unwrap_or_default();
        out.collaterals.push(CollateralEntry {
            denom: denom.clone(),
            amount: *amount,
            max_ltv,
            liquidation_threshold,
        });
    }
    for (denom, shares) in &account.debts {
        let amount = match current.iter().find(|(d, _)| d == denom) {
            Some((_, market)) => debt_of(market, *shares)?,
            None => {
                let asset = load_asset(storage, denom)?;
                debt_of(&accrued_market(storage, &asset, now)?, *shares)?
            }
        };
        out.debts.push(DebtEntry {
            denom: denom.clone(),
            shares: *shares,
            amount,
        });
    }
    Ok(out)
}

/// Prices of `denoms` at `kind`, one `Prices` query per 32 denoms (one for any account).
pub fn fetch_prices(
    querier: &QuerierWrapper,
    oracle: &Addr,
    denoms: &[String],
    kind: PriceKind,
) -> ContractResult<DenomMap<Decimal256>> {
    let oracle = OracleHandle::new(oracle.clone());
    let mut prices = DenomMap::new();
    for chunk in denoms.chunks(usize::from(MAX_ASSETS_PER_ACCOUNT)) {
        for res in oracle.query_prices(querier, chunk, kind)? {
            prices.insert(res.denom, res.price);
        }
    }
    Ok(prices)
}

/// A collateral with its price and value.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedCollateral {
    /// The entry.
    pub entry: CollateralEntry,
    /// Price.
    pub price: Decimal256,
    /// `floor(amount · price)`.
    pub value: Uint128,
}

/// A debt with its price and value.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedDebt {
    /// The entry.
    pub entry: DebtEntry,
    /// Price.
    pub price: Decimal256,
    /// `ceil(amount · price)`.
    pub value: Uint128,
}

/// An account valued at some prices.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedView {
    /// Collaterals.
    pub collaterals: Vec<PricedCollateral>,
    /// Debts.
    pub debts: Vec<PricedDebt>,
    /// `C`, `D`, `B`, `L`.
    pub values: PositionValues,
}

impl PricedView {
    /// The maths inputs of the collaterals.
    pub fn collateral_inputs(&self) -> Vec<CollateralInput> {
        self.collaterals
            .iter()
            .map(|c| CollateralInput {
                amount: c.entry.amount,
                price: c.price,
                max_ltv: c.entry.max_ltv,
                liquidation_threshold: c.entry.liquidation_threshold,
            })
            .collect()
    }

    /// The maths inputs of the debts.
    pub fn debt_inputs(&self) -> Vec<DebtInput> {
        self.debts
            .iter()
            .map(|d| DebtInput {
                amount: d.entry.amount,
                price: d.price,
            })
            .collect()
    }
}

fn price_of(prices: &DenomMap<Decimal256>, denom: &str) -> ContractResult<Decimal256> {
    prices.get(denom).copied().ok_or_else(|| {
        cosmwasm_std::StdError::msg(format!("the oracle gave no price for {denom}")).into()
    })
}

/// Values `view` at `prices` (which must hold every denom of the view).
pub fn price(view: &AccountView, prices: &DenomMap<Decimal256>) -> ContractResult<PricedView> {
    let mut collaterals = Vec::with_capacity(view.collaterals.len());
    for entry in &view.collaterals {
        let price = price_of(prices, &entry.denom)?;
        let value = collateral_value(entry.amount, price)?;
        collaterals.push(PricedCollateral {
            entry: entry.clone(),
            price,
            value,
        });
    }
    let mut debts = Vec::with_capacity(view.debts.len());
    for entry in &view.debts {
        let price = price_of(prices, &entry.denom)?;
        let value = debt_value(entry.amount, price)?;
        debts.push(PricedDebt {
            entry: entry.clone(),
            price,
            value,
        });
    }
    let mut priced = PricedView {
        collaterals,
        debts,
        values: PositionValues::default(),
    };
    priced.values = position_values(&priced.collateral_inputs(), &priced.debt_inputs())?;
    Ok(priced)
}

/// `view` priced with one query at `kind`.
pub fn price_with_oracle(
    querier: &QuerierWrapper,
    oracle: &Addr,
    view: &AccountView,
    kind: PriceKind,
) -> ContractResult<PricedView> {
    let prices = fetch_prices(querier, oracle, &view.denoms(), kind)?;
    price(view, &prices)
}
