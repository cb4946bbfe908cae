//! Static validation of the oracle's own inputs: everything that can be checked without
//! querying anyone. Addresses, denoms and decimals are checked with `ballast_kit::validate`.

use ballast_kit::validate::address;
use ballast_types::oracle::PriceSource;
use cosmwasm_std::{Api, Decimal};

use crate::constants::{MAX_MEDIAN_SOURCES, MAX_QUOTE_SYMBOL_LEN, MAX_STALENESS_S};
use crate::error::{ContractError, ContractResult};

/// The quote symbol: 1 to [`MAX_QUOTE_SYMBOL_LEN`] characters.
pub fn quote_symbol(symbol: &str) -> ContractResult<()> {
    if symbol.is_empty() || symbol.chars().count() > MAX_QUOTE_SYMBOL_LEN {
        return Err(ContractError::InvalidQuoteSymbol {
            symbol: symbol.to_string(),
            max: MAX_QUOTE_SYMBOL_LEN,
        });
    }
    Ok(())
}

/// Validates a price source and returns it as it is stored: Pyth addresses in canonical form,
/// feed ids lowercase without `0x`.
pub fn price_source(
    api: &dyn Api,
    denom: &str,
    source: PriceSource,
) -> ContractResult<PriceSource> {
    match source {
        PriceSource::Median {
            sources,
            min_sources,
            max_spread,
        } => {
            if sources.len() > MAX_MEDIAN_SOURCES {
                return Err(ContractError::TooManySources {
                    count: sources.len(),
                    max: MAX_MEDIAN_SOURCES,
                });
            }
            if min_sources == 0 || usize::from(min_sources) > sources.len() {
                return Err(ContractError::InvalidMinSources {
                    min_sources,
                    sources: sources.len(),
                });
            }
            ratio("max_spread", max_spread)?;
            let sources = sources
                .into_iter()
                .map(|sub| match sub {
                    PriceSource::Median { .. } => Err(ContractError::NestedMedian),
                    leaf => leaf_source(api, denom, leaf),
                })
                .collect::<ContractResult<_>>()?;
            Ok(PriceSource::Median {
                sources,
                min_sources,
                max_spread,
            })
        }
        leaf => leaf_source(api, denom, leaf),
    }
}

/// A `Fixed` or `Pyth` source (a `Median` here is nested).
fn leaf_source(api: &dyn Api, denom: &str, source: PriceSource) -> ContractResult<PriceSource> {
    match source {
        PriceSource::Fixed { price } => {
            if price.is_zero() {
                return Err(ContractError::PriceNotPositive {
                    denom: denom.to_string(),
                });
            }
            Ok(PriceSource::Fixed { price })
        }
        PriceSource::Pyth {
            contract,
            feed_id,
            max_staleness_s,
            liquidation_max_staleness_s,
            max_confidence,
            max_ema_deviation,
        } => {
            let contract = address(api, &contract)?.into_string();
            let feed_id = self::feed_id(&feed_id)?;
            let (max_staleness_s, liquidation_max_staleness_s) =
                staleness(max_staleness_s, liquidation_max_staleness_s)?;
            ratio("max_confidence", max_confidence)?;
            ratio("max_ema_deviation", max_ema_deviation)?;
            Ok(PriceSource::Pyth {
                contract,
                feed_id,
                max_staleness_s,
                liquidation_max_staleness_s: Some(liquidation_max_staleness_s),
                max_confidence,
                max_ema_deviation,
            })
        }
        PriceSource::Median { .. } => Err(ContractError::NestedMedian),
    }
}

/// The two staleness bounds of a Pyth source: `1 ≤ max_staleness_s ≤ liquidation_max_staleness_s
/// ≤` [`MAX_STALENESS_S`]; an omitted `liquidation_max_staleness_s` is `max_staleness_s`.
/// Returns both, the second filled in.
pub fn staleness(
    max_staleness_s: u64,
    liquidation_max_staleness_s: Option<u64>,
) -> ContractResult<(u64, u64)> {
    if max_staleness_s == 0 || max_staleness_s > MAX_STALENESS_S {
        return Err(ContractError::InvalidStaleness {
            max_staleness_s,
            max: MAX_STALENESS_S,
        });
    }
    let liquidation = liquidation_max_staleness_s.unwrap_or(max_staleness_s);
    if liquidation < max_staleness_s || liquidation > MAX_STALENESS_S {
        return Err(ContractError::InvalidLiquidationStaleness {
            liquidation_max_staleness_s: liquidation,
            min: max_staleness_s,
            max: MAX_STALENESS_S,
        });
    }
    Ok((max_staleness_s, liquidation))
}

/// A Pyth feed id: 64 hex characters (32 bytes), an optional `0x` prefix; returned lowercase
/// without the prefix.
pub fn feed_id(feed_id: &str) -> ContractResult<String> {
    let invalid = |reason: String| ContractError::InvalidFeedId {
        feed_id: feed_id.to_string(),
        reason,
    };
    let hex_part = feed_id
        .strip_prefix("0x")
        .or_else(|| feed_id.strip_prefix("0X"))
        .unwrap_or(feed_id);
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_part, &mut bytes).map_err(|err| match err {
        hex::FromHexError::OddLength | hex::FromHexError::InvalidStringLength => invalid(format!(
            "expected 64 hex characters, got {}",
            hex_part.len()
        )),
        other => invalid(other.to_string()),
    })?;
    Ok(hex::encode(bytes))
}

/// A breaker ratio: greater than 0, at most 1.
fn ratio(name: &str, value: Decimal) -> ContractResult<()> {
    if value.is_zero() || value > Decimal::one() {
        return Err(ContractError::InvalidRatio {
            name: name.to_string(),
            value,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids() {
        let lower = "b00b60f88b03a6a625a8d1c048c3f66653edf217439983d037e7222c4e612819";
        assert_eq!(feed_id(lower).unwrap(), lower);
        assert_eq!(
            feed_id(&format!("0x{}", lower.to_uppercase())).unwrap(),
            lower
        );
        for bad in [
            &lower[..62],
            &format!("{lower}00"),
            &lower.replace('b', "g"),
            "",
            "0x",
        ] {
            assert!(
                matches!(feed_id(bad), Err(ContractError::InvalidFeedId { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn staleness_bounds() {
        assert_eq!(staleness(60, None).unwrap(), (60, 60));
        assert_eq!(staleness(60, Some(60)).unwrap(), (60, 60));
        assert_eq!(staleness(60, Some(86_400)).unwrap(), (60, 86_400));
        assert_eq!(staleness(86_400, None).unwrap(), (86_400, 86_400));
        for (max, liquidation) in [(0, None), (86_401, None), (0, Some(60))] {
            assert!(
                matches!(
                    staleness(max, liquidation),
                    Err(ContractError::InvalidStaleness { .. })
                ),
                "{max} {liquidation:?}"
            );
        }
        for (liquidation, min) in [(59, 60), (86_401, 60), (0, 60)] {
            assert!(
                matches!(
                    staleness(min, Some(liquidation)),
                    Err(ContractError::InvalidLiquidationStaleness {
                        liquidation_max_staleness_s,
                        min: 60,
                        max: 86_400,
                    }) if liquidation_max_staleness_s == liquidation
                ),
                "{liquidation}"
            );
        }
    }

    #[test]
    fn ratios() {
        assert!(ratio("x", Decimal::one()).is_ok());
        assert!(ratio("x", Decimal::new(cosmwasm_std::Uint128::one())).is_ok());
        assert!(ratio("x", Decimal::zero()).is_err());
        assert!(ratio("x", Decimal::percent(101)).is_err());
    }
}
