//! One account's ledger: collateral amounts and debt shares, stored as ONE entry so that an action
//! reads and writes it once.

use cosmwasm_std::{Addr, Storage, Uint128};
use serde::{Deserialize, Serialize};

use crate::denom_map::{sorted_unique, DenomMap};
use crate::error::{ContractError, ContractResult};
use crate::state::{ACCOUNTS, DEBTORS};

/// Collateral and debt of one account. Zero entries are removed, so every key is held.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Collateral amounts by denom.
    #[serde(rename = "c", default, skip_serializing_if = "DenomMap::is_empty")]
    pub collaterals: DenomMap<Uint128>,
    /// Debt shares by denom.
    #[serde(rename = "d", default, skip_serializing_if = "DenomMap::is_empty")]
    pub debts: DenomMap<Uint128>,
}

impl Account {
    /// Every denom the account holds, collateral or debt, sorted, without duplicates.
    pub fn denoms(&self) -> Vec<String> {
        sorted_unique(self.collaterals.keys().chain(self.debts.keys()).cloned())
    }

    /// Fails if the account holds more than `max` distinct denoms and more than the
    /// `count_before` it held before the action (a lowered cap only blocks growth).
    pub fn check_asset_count(&self, count_before: usize, max: u8) -> ContractResult<()> {
        let count = self.denoms().len();
        if count > usize::from(max) && count > count_before {
            return Err(ContractError::TooManyAssets { max });
        }
        Ok(())
    }

    /// Collateral held in `denom` (0 if none).
    pub fn collateral(&self, denom: &str) -> Uint128 {
        self.collaterals.get(denom).copied().unwrap_or_default()
    }

    /// Debt shares held in `denom` (0 if none).
    pub fn debt_shares(&self, denom: &str) -> Uint128 {
        self.debts.get(denom).copied().unwrap_or_default()
    }

    /// Sets the collateral of `denom`, removing the entry at zero.
    pub fn set_collateral(&mut self, denom: &str, amount: Uint128) {
        if amount.is_zero() {
            self.collaterals.remove(denom);
        } else {
            self.collaterals.insert(denom.to_string(), amount);
        }
    }

    /// Sets the debt shares of `denom`, removing the entry at zero.
    pub fn set_debt_shares(&mut self, denom: &str, shares: Uint128) {
        if shares.is_zero() {
            self.debts.remove(denom);
        } else {
            self.debts.insert(denom.to_string(), shares);
        }
    }

    /// Whether the account owes anything.
    pub fn has_debt(&self) -> bool {
        !self.debts.is_empty()
    }
}

/// Loads an existing account, or `AccountNotFound`.
pub fn load_account(storage: &dyn Storage, owner: &Addr, index: u32) -> ContractResult<Account> {
    ACCOUNTS
        .may_load(storage, (owner, index))?
        .ok_or_else(|| ContractError::AccountNotFound {
            owner: owner.to_string(),
            account: index,
        })
}

/// Saves an account and keeps the `DEBTORS` marker in step with whether it owes debt.
///
/// `had_debt` is whether it owed debt when loaded, so the marker is only written when it changes.
pub fn save_account(
    storage: &mut dyn Storage,
    owner: &Addr,
    index: u32,
    account: &Account,
    had_debt: bool,
) -> ContractResult<()> {
    ACCOUNTS.save(storage, (owner, index), account)?;
    match (had_debt, account.has_debt()) {
        (false, true) => DEBTORS.save(storage, (owner, index), &cosmwasm_std::Empty {})?,
        (true, false) => DEBTORS.remove(storage, (owner, index)),
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::to_json_string;

    #[test]
    fn zero_entries_are_removed_and_denoms_are_unique() {
        let mut acc = Account::default();
        acc.set_collateral("uatom", Uint128::new(5));
        acc.set_debt_shares("uatom", Uint128::new(7));
        acc.set_debt_shares("uusdc", Uint128::new(1));
        assert_eq!(acc.denoms(), vec!["uatom".to_string(), "uusdc".to_string()]);
        assert!(acc.check_asset_count(0, 2).is_ok());
        assert!(matches!(
            acc.check_asset_count(1, 1),
            Err(ContractError::TooManyAssets { max: 1 })
        ));
        // a cap lowered below what the account already holds does not block it
        assert!(acc.check_asset_count(2, 1).is_ok());
        acc.set_debt_shares("uusdc", Uint128::zero());
        acc.set_debt_shares("uatom", Uint128::zero());
        assert!(!acc.has_debt());
        assert_eq!(to_json_string(&acc).unwrap(), r#"{"c":{"uatom":"5"}}"#);
    }
}
