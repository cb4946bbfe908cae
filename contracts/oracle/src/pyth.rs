//! Reading a Pyth feed and applying its breakers.

use ballast_types::oracle::PriceKind;
use ballast_types::pyth::{PriceFeed, PriceFeedResponse, PythQueryMsg};
use cosmwasm_std::{Decimal, Decimal256, QuerierWrapper, Uint256};

use crate::constants::MAX_FUTURE_DRIFT_S;
use crate::error::{ContractError, ContractResult};
use ballast_math::price::normalize_price;

use crate::normalize::{common_scale, normalize_error, ratio, ratio_exceeds};

/// The fields of `PriceSource::Pyth`, borrowed, with the `Liquidation` staleness bound filled in.
pub struct PythParams<'s> {
    /// Pyth contract address (validated when set).
    pub contract: &'s str,
    /// Feed id, 64 lowercase hex characters.
    pub feed_id: &'s str,
    /// Largest age of the price at `Default` kind, seconds.
    pub max_staleness_s: u64,
    /// Largest age of the price at `Liquidation` kind, seconds (`max_staleness_s` when the
    /// stored source has none, as sources stored before the field existed).
    pub liquidation_max_staleness_s: u64,
    /// Largest `conf / price` (Default kind).
    pub max_confidence: Decimal,
    /// Largest `|price − ema| / ema` (Default kind).
    pub max_ema_deviation: Decimal,
}

impl PythParams<'_> {
    /// The largest accepted age at `kind`.
    pub fn max_age_s(&self, kind: PriceKind) -> u64 {
        match kind {
            PriceKind::Default => self.max_staleness_s,
            PriceKind::Liquidation => self.liquidation_max_staleness_s,
        }
    }
}

/// Queries the feed (one smart query: one contract call, about 60k gas). Any failure — the
/// contract errors, is not a Pyth contract, or answers another feed — is
/// [`ContractError::PythQueryFailed`].
pub fn query_feed(
    querier: &QuerierWrapper,
    denom: &str,
    params: &PythParams,
) -> ContractResult<PriceFeed> {
    let failed = |reason: String| ContractError::PythQueryFailed {
        denom: denom.to_string(),
        reason,
    };
    let res: PriceFeedResponse = querier
        .query_wasm_smart(
            params.contract,
            &PythQueryMsg::PriceFeed {
                id: params.feed_id.to_string(),
            },
        )
        .map_err(|err| failed(err.to_string()))?;
    let answered = res
        .price_feed
        .id
        .strip_prefix("0x")
        .unwrap_or(&res.price_feed.id);
    if !answered.eq_ignore_ascii_case(params.feed_id) {
        return Err(failed(format!(
            "asked feed {}, answered feed {answered}",
            params.feed_id
        )));
    }
    Ok(res.price_feed)
}

/// The block and quote a Pyth price is checked and normalised against.
pub struct Clock {
    /// Block time, Unix seconds.
    pub now_s: u64,
    /// Decimals of the quote asset.
    pub quote_decimals: u8,
}

/// The normalised price of a feed already read, checked at `kind` (no query: a feed read once
/// can be checked at both kinds).
///
/// Always: the price is at most [`PythParams::max_age_s`] old for `kind` (`max_staleness_s` at
/// `Default`, `liquidation_max_staleness_s` at `Liquidation`) and not published more than
/// [`MAX_FUTURE_DRIFT_S`] ahead of the block, and it is positive. `Default` kind only: `conf /
/// price ≤ max_confidence`, the EMA is positive and `|price − ema| / ema ≤ max_ema_deviation`.
pub fn checked_price(
    clock: &Clock,
    kind: PriceKind,
    denom: &str,
    decimals: u8,
    params: &PythParams,
    feed: &PriceFeed,
) -> ContractResult<Decimal256> {
    let current = feed.price;
    check_age(
        denom,
        clock.now_s,
        current.publish_time,
        params.max_age_s(kind),
    )?;
    let mantissa = u64::try_from(current.price.i64())
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| ContractError::PriceNotPositive {
            denom: denom.to_string(),
        })?;
    if kind == PriceKind::Default {
        check_breakers(denom, params, mantissa, feed)?;
    }
    normalize_price(
        current.price.i64(),
        current.expo,
        decimals,
        clock.quote_decimals,
    )
    .map_err(normalize_error(denom))
}

/// The `Default`-only breakers: confidence, EMA positivity and EMA deviation.
fn check_breakers(
    denom: &str,
    params: &PythParams,
    mantissa: u64,
    feed: &PriceFeed,
) -> ContractResult<()> {
    let current = feed.price;
    let conf = Uint256::from(current.conf.u64());
    if ratio_exceeds(conf, Uint256::from(mantissa), params.max_confidence) {
        return Err(ContractError::ConfidenceTooWide {
            denom: denom.to_string(),
            ratio: ratio(conf, Uint256::from(mantissa)),
            max: params.max_confidence,
        });
    }
    let ema = feed.ema_price;
    let ema_mantissa = u64::try_from(ema.price.i64())
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| ContractError::EmaNotPositive {
            denom: denom.to_string(),
        })?;
    let (spot, ema_value) = common_scale(mantissa, current.expo, ema_mantissa, ema.expo)
        .ok_or_else(|| ContractError::PriceOverflow {
            denom: denom.to_string(),
        })?;
    let gap = spot.abs_diff(ema_value);
    if ratio_exceeds(gap, ema_value, params.max_ema_deviation) {
        return Err(ContractError::EmaDeviation {
            denom: denom.to_string(),
            deviation: ratio(gap, ema_value),
            max: params.max_ema_deviation,
        });
    }
    Ok(())
}

/// Staleness: `now − publish_time ≤ max_staleness_s`, and `publish_time ≤ now + drift`.
fn check_age(
    denom: &str,
    now_s: u64,
    publish_time: i64,
    max_staleness_s: u64,
) -> ContractResult<()> {
    let age = i128::from(now_s) - i128::from(publish_time);
    if age < 0 {
        let ahead_s = u64::try_from(age.unsigned_abs()).unwrap_or(u64::MAX);
        if ahead_s > MAX_FUTURE_DRIFT_S {
            return Err(ContractError::PriceFromFuture {
                denom: denom.to_string(),
                ahead_s,
            });
        }
        return Ok(());
    }
    let age_s = u64::try_from(age).unwrap_or(u64::MAX);
    if age_s > max_staleness_s {
        return Err(ContractError::PriceStale {
            denom: denom.to_string(),
            age_s,
            max_s: max_staleness_s,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bounds_are_inclusive() {
        assert!(check_age("d", 1_000, 940, 60).is_ok());
        assert!(matches!(
            check_age("d", 1_000, 939, 60),
            Err(ContractError::PriceStale {
                age_s: 61,
                max_s: 60,
                ..
            })
        ));
        assert!(check_age("d", 1_000, 1_010, 60).is_ok());
        assert!(matches!(
            check_age("d", 1_000, 1_011, 60),
            Err(ContractError::PriceFromFuture { ahead_s: 11, .. })
        ));
        assert!(matches!(
            check_age("d", u64::MAX, i64::MIN, 60),
            Err(ContractError::PriceStale {
                age_s: u64::MAX,
                ..
            })
        ));
    }
}
