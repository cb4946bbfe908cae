//! `ListAsset`: the owner lists a denom as collateral and/or borrowable.

use ballast_compact::CompactDeserialize;
use ballast_kit::store::Put;
use ballast_math::liquidation::MAX_BONUS;
use ballast_math::market::MarketState;
use ballast_types::events::ListAssetEvent;
use ballast_types::handles::query_smart;
use ballast_types::liquidation::QueryMsg as LiquidationQueryMsg;
use ballast_types::oracle::QueryMsg as OracleQueryMsg;
use ballast_types::vault::{Asset, CollateralParams, Config, LendingParams, PausedActions};
use cosmwasm_std::{Addr, Decimal, DepsMut, Env, QuerierWrapper, Response};

use crate::error::{ContractError, ContractResult};
use crate::execute::assert_owner;
use crate::state::{ASSETS, CONFIG, MARKETS};
use crate::validate;

// The vault reads only a few fields of the other contracts' answers. These partial views ignore
// the rest (unknown fields skipped), so the vault's Wasm carries no parser for the oracle's
// `PriceSource` or the whole `LiquidationPolicy` (about 12 KB), and they are read through the
// compact reader (`ballast-compact`; about 4 KB less than serde's derived visitors).

/// The part of the oracle's `PriceSourceResponse` the vault reads.
#[derive(CompactDeserialize)]
#[compact(ignore_unknown)]
struct SourceDecimals {
    decimals: u8,
}

/// The part of the liquidation contract's `LiquidationPolicy` the vault reads: the `max` of each
/// bonus curve.
#[derive(CompactDeserialize)]
#[compact(ignore_unknown)]
struct PolicyBonuses {
    default_bonus: BonusMax,
    bonus_overrides: Vec<(String, BonusMax)>,
}

/// The part of a `BonusCurve` the vault reads.
#[derive(CompactDeserialize)]
#[compact(ignore_unknown)]
struct BonusMax {
    max: Decimal,
}

/// The largest liquidation bonus that may apply to collateral `denom`: the bonus curve's `max` in
/// the configured liquidation contract's policy, or `MAX_BONUS` when there is none.
pub(crate) fn bonus_max(
    querier: &QuerierWrapper,
    config: &Config,
    denom: &str,
) -> ContractResult<Decimal> {
    match &config.liquidation {
        Some(liquidation) => {
            let policy: PolicyBonuses =
                query_smart(querier, liquidation, &LiquidationQueryMsg::Policy {})?;
            // the override of `denom`, else the default (as `LiquidationPolicy::bonus_for`)
            let max = policy
                .bonus_overrides
                .iter()
                .find(|(d, _)| d == denom)
                .map_or(policy.default_bonus.max, |(_, bonus)| bonus.max);
            Ok(max)
        }
        None => Ok(MAX_BONUS),
    }
}

/// Lists `denom`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    denom: String,
    decimals: u8,
    collateral: Option<CollateralParams>,
    lending: Option<LendingParams>,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    ballast_kit::validate::denom(&denom)?;
    ballast_kit::validate::decimals(decimals)?;
    if ASSETS.has(deps.storage, &denom) {
        return Err(ContractError::AssetAlreadyListed { denom });
    }
    if collateral.is_none() && lending.is_none() {
        return Err(ContractError::invalid_param(
            "collateral, lending",
            "an asset needs collateral or lending parameters",
        ));
    }
    let config = CONFIG.load(deps.storage)?;
    let source: SourceDecimals = query_smart(
        &deps.querier,
        &config.oracle,
        &OracleQueryMsg::PriceSource {
            denom: denom.clone(),
        },
    )
    .map_err(|_| ContractError::NoPriceSource {
        denom: denom.clone(),
    })?;
    if source.decimals != decimals {
        return Err(ContractError::DecimalsMismatch {
            denom,
            listed: decimals,
            oracle: source.decimals,
        });
    }
    if let Some(params) = &collateral {
        validate::collateral_params(params, bonus_max(&deps.querier, &config, &denom)?)?;
    }
    if let Some(params) = &lending {
        validate::lending_params(params)?;
        MARKETS.put(
            deps.storage,
            &denom,
            &MarketState::new(env.block.time.seconds()),
        )?;
    }
    let asset = Asset {
        denom: denom.clone(),
        decimals,
        collateral: collateral.clone(),
        lending: lending.clone(),
        paused: PausedActions::default(),
        threshold_ramp: None,
    };
    ASSETS.put(deps.storage, &denom, &asset)?;
    let event = ListAssetEvent {
        sender: sender.to_string(),
        denom,
        decimals,
        collateral,
        lending,
    };
    Ok(Response::new().add_event(event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_math::liquidation::BonusCurve;
    use ballast_types::liquidation::LiquidationPolicy;
    use ballast_types::oracle::{PriceSource, PriceSourceResponse};
    use cosmwasm_std::{from_json, to_json_string, Decimal256, Uint128};
    use serde::Deserialize;

    // The partial views as they were declared before the compact reader: their derives are the
    // reference.

    #[derive(Deserialize, Debug, PartialEq)]
    struct MirrorSource {
        decimals: u8,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct BonusMax {
        max: Decimal,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct MirrorPolicy {
        default_bonus: BonusMax,
        bonus_overrides: Vec<(String, BonusMax)>,
    }

    /// `json` read as `T`, or the error's words (with the mirrors' names as the views').
    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
        from_json::<T>(json).map_err(|e| {
            e.to_string()
                .replace("MirrorSource", "SourceDecimals")
                .replace("MirrorPolicy", "PolicyBonuses")
        })
    }

    fn policy_maxes(json: &str) -> Result<(Decimal, Vec<(String, Decimal)>), String> {
        read::<PolicyBonuses>(json).map(|p| {
            let overrides = p.bonus_overrides.into_iter();
            (
                p.default_bonus.max,
                overrides.map(|(d, b)| (d, b.max)).collect(),
            )
        })
    }

    fn mirror_maxes(json: &str) -> Result<(Decimal, Vec<(String, Decimal)>), String> {
        read::<MirrorPolicy>(json).map(|p| {
            let overrides = p.bonus_overrides.into_iter();
            (
                p.default_bonus.max,
                overrides.map(|(d, b)| (d, b.max)).collect(),
            )
        })
    }

    /// The oracle's answer to `PriceSource` reads as the derived view read it.
    #[test]
    fn source_decimals_read_as_the_derive_read_it() {
        let answer = PriceSourceResponse {
            denom: "uatom".into(),
            decimals: 6,
            source: PriceSource::Fixed {
                price: Decimal256::percent(1_000),
            },
        };
        let json = to_json_string(&answer).unwrap();
        assert_eq!(read::<SourceDecimals>(&json).unwrap().decimals, 6);
        for json in [
            r#"{"decimals":18}"#,
            r#"{"decimals":18,"decimals":6}"#,
            r#"{"denom":"a"}"#,
            r#"{"decimals":256}"#,
            r#"{"decimals":-1}"#,
            r#"{"decimals":"6"}"#,
            r#"{"decimals":null}"#,
            r#"null"#,
        ] {
            assert_eq!(
                read::<SourceDecimals>(json).map(|s| s.decimals),
                read::<MirrorSource>(json).map(|s| s.decimals),
                "{json}"
            );
        }
    }

    /// The liquidation contract's policy reads as the derived view read it: the `max` of each
    /// curve, unknown fields skipped, the same errors.
    #[test]
    fn policy_bonuses_read_as_the_derive_read_them() {
        let curve = |max| BonusCurve {
            start: Decimal::percent(5),
            slope: Decimal::one(),
            min: Decimal::percent(2),
            max: Decimal::percent(max),
        };
        let mut policy = LiquidationPolicy {
            close_factor: Decimal::percent(50),
            full_liquidation_hf: Decimal::percent(95),
            protocol_fee_share: Decimal::percent(10),
            min_leftover_value: Uint128::new(1),
            default_bonus: curve(15),
            bonus_overrides: vec![("uatom".into(), curve(20)), ("uosmo".into(), curve(25))],
        };
        let json = to_json_string(&policy).unwrap();
        let want = (
            Decimal::percent(15),
            vec![
                ("uatom".to_string(), Decimal::percent(20)),
                ("uosmo".to_string(), Decimal::percent(25)),
            ],
        );
        assert_eq!(policy_maxes(&json), Ok(want));
        assert_eq!(policy_maxes(&json), mirror_maxes(&json));
        policy.bonus_overrides.clear();
        let json = to_json_string(&policy).unwrap();
        assert_eq!(policy_maxes(&json), Ok((Decimal::percent(15), vec![])));
        let good =
            r#"{"default_bonus":{"max":"0.1"},"bonus_overrides":[["a",{"max":"0.2","min":"0"}]]}"#;
        for json in [
            good.to_string(),
            good.replace(r#"{"default"#, r#"{"x":[{"y":1}],"default"#),
            good.replace(r#"[["a""#, r#"[["b",{"max":"0.3"}],["a""#),
            good.replace(r#"[["a",{"max":"0.2","min":"0"}]]"#, "[]"),
            good.replace(r#""bonus_overrides":"#, r#""bonus_override":"#),
            good.replace(r#""default_bonus""#, r#""default""#),
            good.replace(r#"{"max":"0.1"}"#, r#"{"min":"0.1"}"#),
            good.replace(r#"{"max":"0.1"}"#, r#"{"max":"0.1","max":"0.2"}"#),
            good.replace(r#"{"max":"0.1"}"#, r#"{"max":0.1}"#),
            good.replace(r#"{"max":"0.1"}"#, r#"null"#),
            good.replace(r#"{"max":"0.1"}"#, r#""0.1""#),
            good.replace(r#"["a",{"max":"0.2","min":"0"}]"#, r#"["a"]"#),
            good.replace(r#"["a",{"max":"0.2","min":"0"}]"#, r#"[]"#),
            good.replace(
                r#"["a",{"max":"0.2","min":"0"}]"#,
                r#"["a",{"max":"0.2"},1]"#,
            ),
            good.replace(r#"["a",{"max":"0.2","min":"0"}]"#, r#"[1,{"max":"0.2"}]"#),
            good.replace(r#"["a",{"max":"0.2","min":"0"}]"#, r#"{"a":{"max":"0.2"}}"#),
            good.replace(r#"[["a",{"max":"0.2","min":"0"}]]"#, r#"null"#),
            good.replace(r#"[["a",{"max":"0.2","min":"0"}]]"#, r#"{}"#),
            good.replace(r#""0.2""#, r#""-0.2""#),
            r#"{"default_bonus":{"max":"0.1"},"bonus_overrides":[],"bonus_overrides":[]}"#
                .to_string(),
            "[]".to_string(),
            "5".to_string(),
        ] {
            if json == "[]" {
                // the positional form, which the liquidation contract never writes, is refused
                assert!(policy_maxes(&json).is_err());
                continue;
            }
            assert_eq!(policy_maxes(&json), mirror_maxes(&json), "{json}");
        }
    }
}
