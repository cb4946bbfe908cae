//! One account's ledger: collateral amounts and debt shares, stored as ONE entry so that an action
//! reads and writes it once.

use ballast_compact::{CompactDeserialize, WriteJson};
use cosmwasm_std::Uint128;
use serde::Serialize;

use crate::denom_map::{sorted_unique, DenomMap};
use crate::error::{ContractError, ContractResult};

/// Collateral and debt of one account. Zero entries are removed, so every key is held.
///
/// Read through the compact reader (`ballast-compact`) instead of serde's derived `Deserialize`
/// (about 2 KB less Wasm), with the derive's JSON and errors: `c` and `d` empty when omitted, an
/// unknown field is an error.
#[derive(Serialize, CompactDeserialize, WriteJson, Clone, Debug, PartialEq, Default)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string, StdError};
    use serde::Deserialize;

    /// `Account` as it was declared before the compact reader: its derive is the reference.
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct MirrorAccount {
        #[serde(rename = "c", default)]
        collaterals: DenomMap<Uint128>,
        #[serde(rename = "d", default)]
        debts: DenomMap<Uint128>,
    }

    fn err<T: for<'de> Deserialize<'de> + std::fmt::Debug>(json: &str) -> String {
        let e: StdError = from_json::<T>(json).unwrap_err();
        e.to_string().replace("MirrorAccount", "Account")
    }

    /// The stored JSON reads as the derive read it: every shape an account is stored in, omitted
    /// maps, unsorted and repeated denoms, and the same errors (unknown fields denied).
    #[test]
    fn stored_accounts_read_as_the_derive_read_them() {
        let mut full = Account::default();
        full.set_collateral("uatom", Uint128::new(5));
        full.set_collateral("ibc/AB", Uint128::new(u128::MAX));
        full.set_debt_shares("uusdc", Uint128::new(7));
        let mut only_debt = Account::default();
        only_debt.set_debt_shares("uosmo", Uint128::new(1));
        for account in [Account::default(), full.clone(), only_debt] {
            let json = to_json_string(&account).unwrap();
            let read: Account = from_json(&json).unwrap();
            assert_eq!(read, account, "{json}");
            let mirror: MirrorAccount = from_json(&json).unwrap();
            assert_eq!(
                (mirror.collaterals, mirror.debts),
                (read.collaterals, read.debts)
            );
        }
        assert_eq!(
            to_json_string(&full).unwrap(),
            r#"{"c":{"ibc/AB":"340282366920938463463374607431768211455","uatom":"5"},"d":{"uusdc":"7"}}"#
        );
        for json in [
            r#"{}"#,
            r#"{"d":{"b":"1","a":"2"},"c":{}}"#,
            r#"{"c":{"b":"1","a":"2","b":"3"}}"#,
            r#" { "c" : { "a" : "0" } } "#,
        ] {
            let read: Account = from_json(json).unwrap();
            let mirror: MirrorAccount = from_json(json).unwrap();
            assert_eq!(
                (mirror.collaterals, mirror.debts),
                (read.collaterals, read.debts)
            );
        }
        for json in [
            r#"{"c":{},"x":1}"#,
            r#"{"collaterals":{}}"#,
            r#"{"c":{},"c":{}}"#,
            r#"{"c":null}"#,
            r#"{"d":[]}"#,
            r#"{"c":{"a":5}}"#,
            r#"{"c":{"a":"-1"}}"#,
            r#"{"c":{"a":null}}"#,
            r#"{"c":{"a":"1",}}"#,
            r#"null"#,
            r#""c""#,
            r#"{"c":{"a":"1"}"#,
            r#"{"c":{"a":"1"}} x"#,
        ] {
            assert_eq!(err::<Account>(json), err::<MirrorAccount>(json), "{json}");
        }
        // the positional form (a JSON array), which the derive read and nothing writes, is refused
        // (see `ballast_compact`)
        assert!(from_json::<MirrorAccount>("[]").is_ok());
        assert!(from_json::<Account>("[]").is_err());
        assert_eq!(
            err::<Account>(r#"{"c":{},"x":1}"#),
            "kind: Serialization, error: unknown field `x`, expected `c` or `d` at line 1 column 11"
        );
    }

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

    /// The compact writer (`ballast_kit::store::Put`, which saves accounts) writes what serde
    /// writes: every combination of empty and filled maps, denoms that sort with `/` and `.`.
    #[test]
    fn accounts_are_stored_as_serde_writes_them() {
        let denoms = ["factory/osmo1x/ab.c", "ibc/27394FB0", "uatom", "uusdc"];
        for mask in 0u32..(1 << 8) {
            let mut acc = Account::default();
            for (i, denom) in denoms.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    acc.set_collateral(denom, Uint128::new(10u128.pow(i as u32) + 1));
                }
                if mask & (1 << (i + 4)) != 0 {
                    acc.set_debt_shares(denom, Uint128::MAX);
                }
            }
            assert_eq!(
                String::from_utf8(ballast_compact::json_bytes(&acc)).unwrap(),
                to_json_string(&acc).unwrap()
            );
        }
    }
}
