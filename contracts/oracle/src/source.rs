//! Evaluating a price source: Fixed, Pyth or Median, at one [`PriceKind`].

use ballast_kit::KitError;
use ballast_types::oracle::{PriceKind, PriceSource};
use ballast_types::pyth::PriceFeed;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, Deps, Env, QuerierWrapper};

use crate::error::{ContractError, ContractResult};
use ballast_math::MathError;

use crate::normalize::{median, ratio, ratio_exceeds};
use crate::pyth::{self, PythParams};
use crate::state::CONFIG;

/// What is stored per denom.
#[cw_serde]
pub struct SourceEntry {
    /// Decimals of the denom's smallest unit.
    pub decimals: u8,
    /// The validated source (feed ids lowercase, addresses canonical).
    pub source: PriceSource,
}

/// Evaluates sources at one kind, for one block. Built once per message or query.
pub struct Pricer<'a> {
    /// To query Pyth contracts.
    pub querier: QuerierWrapper<'a>,
    /// Block time, Unix seconds.
    pub now_s: u64,
    /// Decimals of the quote asset.
    pub quote_decimals: u8,
    /// Which checks apply.
    pub kind: PriceKind,
}

impl<'a> Pricer<'a> {
    /// A pricer for the current block, reading the quote decimals from storage.
    pub fn new(deps: Deps<'a>, env: &Env, kind: PriceKind) -> ContractResult<Self> {
        let config = CONFIG.load(deps.storage)?;
        Ok(Self {
            querier: deps.querier,
            now_s: env.block.time.seconds(),
            quote_decimals: config.quote_decimals,
            kind,
        })
    }

    /// The normalised price of `denom` from its stored entry.
    pub fn price(&self, denom: &str, entry: &SourceEntry) -> ContractResult<Decimal256> {
        self.source(denom, entry.decimals, &entry.source)
    }

    /// The normalised price of `denom` (with `decimals`) from `source`, at [`Self::kind`]. Each
    /// Pyth feed is queried once, however many checks are applied to it.
    pub fn source(
        &self,
        denom: &str,
        decimals: u8,
        source: &PriceSource,
    ) -> ContractResult<Decimal256> {
        match source {
            PriceSource::Median {
                sources,
                min_sources,
                max_spread,
            } => self.median(denom, decimals, sources, *min_sources, *max_spread),
            leaf => self
                .read(denom, leaf)?
                .price(self, self.kind, denom, decimals),
        }
    }

    /// Reads a `Fixed` or `Pyth` source: at most one Pyth query. (A `Median` here is nested,
    /// which validation never stores.)
    fn read<'s>(&self, denom: &str, source: &'s PriceSource) -> ContractResult<Reading<'s>> {
        match source {
            PriceSource::Fixed { price } => Ok(Reading::Fixed(*price)),
            PriceSource::Pyth {
                contract,
                feed_id,
                max_staleness_s,
                liquidation_max_staleness_s,
                max_confidence,
                max_ema_deviation,
            } => {
                let params = PythParams {
                    contract,
                    feed_id,
                    max_staleness_s: *max_staleness_s,
                    liquidation_max_staleness_s: liquidation_max_staleness_s
                        .unwrap_or(*max_staleness_s),
                    max_confidence: *max_confidence,
                    max_ema_deviation: *max_ema_deviation,
                };
                let feed = pyth::query_feed(&self.querier, denom, &params)?;
                Ok(Reading::Pyth(params, feed))
            }
            PriceSource::Median { .. } => Err(ContractError::NestedMedian),
        }
    }

    /// A median, as RISK.md "Prices that are missing" states it. `Default` kind: the median of
    /// the sub-sources that pass every `Default` check, at least `min_sources` of them, within
    /// `max_spread`. `Liquidation` kind: that same price whenever it exists (so the two kinds never
    /// differ in one block); otherwise the median of the sub-sources that pass the `Liquidation`
    /// checks, at least `min_sources` of them, with no spread check. Each sub-source is read once
    /// for both.
    fn median(
        &self,
        denom: &str,
        decimals: u8,
        sources: &[PriceSource],
        min_sources: u8,
        max_spread: Decimal,
    ) -> ContractResult<Decimal256> {
        // A failing sub-source is skipped: that is the point of a median.
        let readings: Vec<Reading> = sources
            .iter()
            .filter_map(|sub| self.read(denom, sub).ok())
            .collect();
        let passing = |kind: PriceKind| -> Vec<Decimal256> {
            readings
                .iter()
                .filter_map(|reading| reading.price(self, kind, denom, decimals).ok())
                .collect()
        };
        let default = median_of(
            denom,
            passing(PriceKind::Default),
            min_sources,
            Some(max_spread),
        );
        match (self.kind, default) {
            (PriceKind::Liquidation, Err(_)) => {
                median_of(denom, passing(PriceKind::Liquidation), min_sources, None)
            }
            (_, answer) => answer,
        }
    }

    /// At `SetPriceSource`: the source must answer now. Each sub-source of a median must answer
    /// (so a wrong feed id is caught even when the others would carry the median); with all of
    /// them answering and `min_sources ≤ sources.len()`, the median answers too.
    pub fn check_live(
        &self,
        denom: &str,
        decimals: u8,
        source: &PriceSource,
    ) -> ContractResult<()> {
        match source {
            PriceSource::Median { sources, .. } => sources
                .iter()
                .try_for_each(|sub| self.source(denom, decimals, sub).map(|_| ())),
            _ => self.source(denom, decimals, source).map(|_| ()),
        }
    }
}

/// A `Fixed` or `Pyth` source read once: checking it, at either kind, queries nothing more.
enum Reading<'s> {
    /// A governance-set price.
    Fixed(Decimal256),
    /// A Pyth feed as read now, with the source's bounds.
    Pyth(PythParams<'s>, PriceFeed),
}

impl Reading<'_> {
    /// The normalised price, if it passes the checks of `kind`.
    fn price(
        &self,
        pricer: &Pricer,
        kind: PriceKind,
        denom: &str,
        decimals: u8,
    ) -> ContractResult<Decimal256> {
        match self {
            Reading::Fixed(price) if price.is_zero() => Err(ContractError::PriceNotPositive {
                denom: denom.to_string(),
            }),
            Reading::Fixed(price) => Ok(*price),
            Reading::Pyth(params, feed) => {
                pyth::checked_price(pricer, kind, denom, decimals, params, feed)
            }
        }
    }
}

/// The median of `prices` (sub-sources that passed their checks): at least `min_sources` (and
/// at least one) of them, and with `max_spread`, `(max − min) / median ≤ max_spread`.
fn median_of(
    denom: &str,
    mut prices: Vec<Decimal256>,
    min_sources: u8,
    max_spread: Option<Decimal>,
) -> ContractResult<Decimal256> {
    let valid = u8::try_from(prices.len()).unwrap_or(u8::MAX);
    let not_enough = || ContractError::NotEnoughSources {
        denom: denom.to_string(),
        valid,
        min: min_sources,
    };
    if valid < min_sources.max(1) {
        return Err(not_enough());
    }
    let mid = median(&mut prices).ok_or_else(not_enough)?;
    if let Some(max_spread) = max_spread {
        // `prices` is sorted now.
        let (min_price, max_price) = (
            prices.first().copied().unwrap_or(mid),
            prices.last().copied().unwrap_or(mid),
        );
        let width = max_price.atomics().saturating_sub(min_price.atomics());
        if ratio_exceeds(width, mid.atomics(), max_spread) {
            return Err(ContractError::MedianSpread {
                denom: denom.to_string(),
                spread: ratio(width, mid.atomics()),
                max: max_spread,
            });
        }
    }
    Ok(mid)
}

/// Attaches the denom to a normalisation error from `ballast_math::price::normalize_price`.
pub fn normalize_error(denom: &str) -> impl Fn(MathError) -> ContractError + '_ {
    move |err| {
        let denom = denom.to_string();
        match err {
            MathError::NonPositivePrice { .. } => ContractError::PriceNotPositive { denom },
            MathError::PriceTooSmall => ContractError::PriceRoundsToZero { denom },
            MathError::DecimalsTooLarge { decimals, max } => {
                KitError::DecimalsTooLarge { decimals, max }.into()
            }
            _ => ContractError::PriceOverflow { denom },
        }
    }
}
