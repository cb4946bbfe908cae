//! Storage layout. Short, stable namespaces; composite keys instead of secondary indexes.

use ballast_compact::ViaTable;
use ballast_math::market::MarketState;
use ballast_types::governance::Steward;
use ballast_types::ownership::Ownership;
use ballast_types::vault::{Asset, Config};
use cosmwasm_std::{Addr, Empty, StdError, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};

use crate::account::Account;

/// A stored [`MarketState`], read through its table (`ballast-compact`).
type StoredMarket = ViaTable<MarketState>;
/// A stored [`Ownership`], read through its table.
type StoredOwnership = ViaTable<Ownership>;

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("cfg");
/// Two-step ownership. Written here, read with [`load_ownership`].
pub const OWNERSHIP: Item<Ownership> = Item::new("own");
/// The same entry, read through `Ownership`'s compact table (no derived `Deserialize` in the
/// Wasm; unknown fields skipped, as `cw_serde` does).
const OWNERSHIP_READ: Item<StoredOwnership> = Item::new("own");
/// Listed assets by denom.
pub const ASSETS: Map<&str, Asset> = Map::new("ast");
/// Lending pools by denom (only assets with lending parameters). Written (and paged) here, read
/// with [`may_load_market`].
pub const MARKETS: Map<&str, MarketState> = Map::new("mkt");
/// The same entries, read through `MarketState`'s compact table: its derived `Deserialize`
/// (declared in `ballast-math`) would add about 2 KB to the Wasm.
const MARKETS_READ: Map<&str, StoredMarket> = Map::new("mkt");
/// Total collateral deposited per denom (deposit caps, `RiskSummary`).
pub const COLLATERAL_TOTALS: Map<&str, Uint128> = Map::new("col");
/// Accounts by `(owner, account)`: collateral amounts and debt shares in one entry.
pub const ACCOUNTS: Map<(&Addr, u32), Account> = Map::new("acc");
/// Marker of the accounts that owe debt (the `Positions` query pages over it).
pub const DEBTORS: Map<(&Addr, u32), Empty> = Map::new("dbt");
/// The risk steward and its limits; absent until the owner first sends `SetSteward` (then no
/// steward, conservative limits).
pub const STEWARD: Item<Steward> = Item::new("stw");
/// Block seconds of the steward's last change of a parameter of an asset, by `(denom, param)`
/// (`governance::Param::name`): its cooldown runs from there.
pub const STEWARD_CHANGES: Map<(&str, &str), u64> = Map::new("stc");
/// Supply shares by `(lender, denom)`.
pub const SUPPLIES: Map<(&Addr, &str), Uint128> = Map::new("sup");

/// The ownership state, as `OWNERSHIP.load` reads it (its error too, if it were missing).
pub fn load_ownership(storage: &dyn Storage) -> StdResult<Ownership> {
    match OWNERSHIP_READ.may_load(storage)? {
        Some(stored) => Ok(stored.0),
        // `Item::load`'s words (saved at instantiation, never removed: not reached)
        None => Err(StdError::msg(OWNERSHIP_NOT_FOUND)),
    }
}

/// The error `OWNERSHIP.load` gives when nothing is stored.
const OWNERSHIP_NOT_FOUND: &str =
    "type: ballast_types::ownership::Ownership; key: [6F, 77, 6E] not found";

/// The market of `denom`, if it has one.
pub fn may_load_market(storage: &dyn Storage, denom: &str) -> StdResult<Option<MarketState>> {
    Ok(MARKETS_READ.may_load(storage, denom)?.map(|m| m.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_kit::ownership::OWNERSHIP;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::{from_json, to_json_string, Decimal256};
    use serde::Deserialize;

    /// `json` read as `T`, or the error's words.
    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
        from_json::<T>(json).map_err(|e| e.to_string())
    }

    /// A stored market reads as `MarketState`'s derive reads it: the same value, unknown fields
    /// skipped, and the same errors for malformed JSON (missing and repeated fields, wrong types).
    #[test]
    fn stored_markets_read_as_the_derive_reads_them() {
        let busy = MarketState {
            supply_shares: Uint128::new(1_000_000_000_000),
            debt_shares: Uint128::new(u128::MAX),
            supply_index: Decimal256::percent(123),
            borrow_index: Decimal256::from_ratio(7u128, 3u128),
            reserves: Uint128::new(42),
            deficit: Uint128::new(1),
            last_accrued: u64::MAX,
        };
        for market in [MarketState::new(0), MarketState::new(1_700_000_000), busy] {
            let json = to_json_string(&market).unwrap();
            assert_eq!(from_json::<StoredMarket>(&json).unwrap().0, market);
            assert_eq!(from_json::<MarketState>(&json).unwrap(), market);
            // and `MARKETS.put` stores what `save` would
            assert_eq!(
                String::from_utf8(ballast_compact::json_bytes(&market)).unwrap(),
                json
            );
        }
        assert_eq!(
            to_json_string(&MarketState::new(5)).unwrap(),
            r#"{"supply_shares":"0","debt_shares":"0","supply_index":"1","borrow_index":"1","reserves":"0","deficit":"0","last_accrued":5}"#
        );
        let good = r#"{"supply_shares":"0","debt_shares":"0","supply_index":"1","borrow_index":"1","reserves":"0","deficit":"0","last_accrued":5}"#;
        for json in [
            good.replace(r#""reserves":"0","#, ""),
            good.replace(r#","last_accrued":5"#, ""),
            good.replace(r#""last_accrued":5"#, r#""last_accrued":5,"x":null"#),
            good.replace(r#"{"#, r#"{"x":{"y":[1,"z"]},"#),
            good.replace(
                r#""last_accrued":5"#,
                r#""last_accrued":5,"last_accrued":5"#,
            ),
            good.replace(r#""last_accrued":5"#, r#""last_accrued":"5""#),
            good.replace(r#""last_accrued":5"#, r#""last_accrued":-5"#),
            good.replace(r#""last_accrued":5"#, r#""last_accrued":5.5"#),
            good.replace(
                r#""last_accrued":5"#,
                r#""last_accrued":18446744073709551616"#,
            ),
            good.replace(r#""last_accrued":5"#, r#""last_accrued":null"#),
            good.replace(r#""deficit":"0""#, r#""deficit":0"#),
            good.replace(r#""supply_index":"1""#, r#""supply_index":"x""#),
            good.replace(r#""debt_shares":"0""#, r#""debt_shares":null"#),
            "{}".to_string(),
            "[]".to_string(),
            "null".to_string(),
        ] {
            if json == "[]" {
                // the positional form, which nothing writes, is refused (`MarketState`'s derive
                // reads it as a struct with no field and fails on the first missing one)
                assert!(from_json::<StoredMarket>(&json).is_err());
                continue;
            }
            assert_eq!(
                read::<StoredMarket>(&json).map(|m| m.0),
                read::<MarketState>(&json),
                "{json}"
            );
        }
    }

    /// Markets saved through `MARKETS` read back through `may_load_market`.
    #[test]
    fn markets_saved_are_read_back() {
        let mut storage = MockStorage::new();
        assert_eq!(may_load_market(&storage, "uatom").unwrap(), None);
        let mut market = MarketState::new(9);
        market.reserves = Uint128::new(3);
        MARKETS.save(&mut storage, "uatom", &market).unwrap();
        assert_eq!(
            may_load_market(&storage, "uatom").unwrap(),
            Some(market.clone())
        );
        assert_eq!(MARKETS.load(&storage, "uatom").unwrap(), market);
        assert_eq!(may_load_market(&storage, "uusdc").unwrap(), None);
    }

    /// The stored ownership reads as `Ownership`'s derive reads it (unknown fields skipped, every
    /// kind of expiry); `load_ownership` is `OWNERSHIP.load`, its error when nothing is stored
    /// included.
    #[test]
    fn ownership_reads_as_the_derive_reads_it() {
        let mut storage = MockStorage::new();
        assert_eq!(
            load_ownership(&storage).unwrap_err().to_string(),
            OWNERSHIP.load(&storage).unwrap_err().to_string()
        );
        let owner = Addr::unchecked("owner");
        let mut proposed = Ownership::new(owner.clone());
        proposed.pending_owner = Some(Addr::unchecked("next"));
        for ownership in [Ownership::new(owner), proposed, Ownership::default()] {
            OWNERSHIP.save(&mut storage, &ownership).unwrap();
            assert_eq!(load_ownership(&storage).unwrap(), ownership);
            let json = to_json_string(&ownership).unwrap();
            assert_eq!(from_json::<StoredOwnership>(&json).unwrap().0, ownership);
        }
        for (json, want) in [
            (r#"{}"#, Ownership::default()),
            (r#"{"owner":null}"#, Ownership::default()),
            (
                r#"{"pending_owner":"p","pending_expiry":null}"#,
                Ownership {
                    owner: None,
                    pending_owner: Some(Addr::unchecked("p")),
                    pending_expiry: None,
                },
            ),
            // the field name of ballast-types 0.1.0 is an unknown field: skipped
            (
                r#"{"owner":"o","proposed_owner":"p"}"#,
                Ownership::new(Addr::unchecked("o")),
            ),
        ] {
            assert_eq!(from_json::<Ownership>(json).unwrap(), want);
            assert_eq!(from_json::<StoredOwnership>(json).unwrap().0, want);
        }
        for json in [
            r#"{"owner":"o","x":1}"#,
            r#"{"x":[{}],"pending_owner":null}"#,
            r#"{"owner":"o","owner":"p"}"#,
            r#"{"owner":5}"#,
            r#"{"pending_owner":["p"]}"#,
            r#"{"pending_expiry":null,"pending_expiry":null}"#,
            r#"null"#,
            r#""o""#,
        ] {
            assert_eq!(
                read::<StoredOwnership>(json).map(|o| o.0),
                read::<Ownership>(json),
                "{json}"
            );
        }
        // an expiry reads as the derive reads it, whichever kind
        for json in [
            r#"{"owner":"o","pending_owner":"p","pending_expiry":{"at_height":5}}"#,
            r#"{"owner":"o","pending_owner":"p","pending_expiry":{"at_time":"7"}}"#,
            r#"{"owner":"o","pending_owner":"p","pending_expiry":{"never":{}}}"#,
            r#"{"owner":"o","pending_owner":"p","pending_expiry":{"at_height":"5"}}"#,
            r#"{"owner":"o","pending_owner":"p","pending_expiry":{"sometime":{}}}"#,
        ] {
            assert_eq!(
                read::<StoredOwnership>(json).map(|o| o.0),
                read::<Ownership>(json),
                "{json}"
            );
        }
    }
}
