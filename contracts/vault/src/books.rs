//! [`Books`]: one account and the markets and collateral totals its actions touch, in memory.
//!
//! The borrower actions' checks and changes live once, in `execute::{deposit, withdraw, borrow,
//! repay}::apply`, and work on `Books`. An execute handler loads the books, applies its action
//! and saves what changed; `SimulatePosition`, `MaxBorrow` and `MaxWithdraw` apply actions to
//! books they then drop. So a query says exactly what the execute message would do.

use ballast_kit::store::Put;
use ballast_math::market::MarketState;
use ballast_types::vault::Asset;
use cosmwasm_std::{Addr, Storage, Uint128};

use crate::account::Account;
use crate::denom_map::DenomMap;
use crate::error::{ContractError, ContractResult};
use crate::ledger::{accrued_market, save_account};
use crate::state::{ACCOUNTS, COLLATERAL_TOTALS, MARKETS};
use crate::valuation::{view, AccountView};

/// An account and what its actions changed, not yet saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Books {
    /// Owner of the account.
    pub owner: Addr,
    /// Sub-account.
    pub account: u32,
    /// The stored entry of the account (empty if it does not exist).
    pub entry: Account,
    /// Whether the account exists: stored, or created by a deposit applied here.
    pub exists: bool,
    /// Whether it owed debt when loaded (the `DEBTORS` marker is written only on a change).
    pub had_debt: bool,
    /// Block time (seconds) markets are accrued to.
    pub now: u64,
    /// Markets read, accrued to `now`, with the changes applied.
    pub markets: DenomMap<MarketState>,
    /// Collateral totals read, with the changes applied.
    pub totals: DenomMap<Uint128>,
}

impl Books {
    /// The books of `(owner, account)` at block time `now`; an unknown account is empty.
    pub fn load(
        storage: &dyn Storage,
        owner: &Addr,
        account: u32,
        now: u64,
    ) -> ContractResult<Self> {
        let stored = ACCOUNTS.may_load(storage, (owner, account))?;
        let exists = stored.is_some();
        let entry = stored.unwrap_or_default();
        Ok(Self {
            owner: owner.clone(),
            account,
            had_debt: entry.has_debt(),
            entry,
            exists,
            now,
            markets: DenomMap::new(),
            totals: DenomMap::new(),
        })
    }

    /// `AccountNotFound` unless the account exists.
    pub fn require_account(&self) -> ContractResult<()> {
        if self.exists {
            Ok(())
        } else {
            Err(ContractError::AccountNotFound {
                owner: self.owner.to_string(),
                account: self.account,
            })
        }
    }

    /// The market of a borrowable `asset`, accrued to `now` on first use, to change.
    pub fn market(
        &mut self,
        storage: &dyn Storage,
        asset: &Asset,
    ) -> ContractResult<&mut MarketState> {
        if self.markets.get(&asset.denom).is_none() {
            let market = accrued_market(storage, asset, self.now)?;
            self.markets.insert(asset.denom.clone(), market);
        }
        self.markets
            .get_mut(&asset.denom)
            .ok_or_else(|| ContractError::NotBorrowable {
                denom: asset.denom.clone(),
            })
    }

    /// The collateral total of `denom` (as changed here).
    pub fn total(&self, storage: &dyn Storage, denom: &str) -> ContractResult<Uint128> {
        match self.totals.get(denom) {
            Some(total) => Ok(*total),
            None => Ok(COLLATERAL_TOTALS
                .may_load(storage, denom)?
                .unwrap_or_default()),
        }
    }

    /// The account's collaterals and current debts, with the markets as changed here.
    pub fn view(&self, storage: &dyn Storage) -> ContractResult<AccountView> {
        let current: Vec<(&str, &MarketState)> = self
            .markets
            .iter()
            .map(|(denom, market)| (denom.as_str(), market))
            .collect();
        view(storage, &self.entry, self.now, &current)
    }

    /// Saves the account (and its `DEBTORS` marker if that changed), the markets and the totals.
    pub fn save(&self, storage: &mut dyn Storage) -> ContractResult<()> {
        save_account(
            storage,
            &self.owner,
            self.account,
            &self.entry,
            self.had_debt,
        )?;
        for (denom, market) in &self.markets {
            MARKETS.put(storage, denom, market)?;
        }
        for (denom, total) in &self.totals {
            COLLATERAL_TOTALS.put(storage, denom, total)?;
        }
        Ok(())
    }
}
