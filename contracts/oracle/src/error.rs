//! The oracle adapter's errors.

use ballast_kit::KitError;
use cosmwasm_std::{Decimal, Decimal256, StdError};
use thiserror::Error;

/// Result of every fallible function of the contract.
pub type ContractResult<T> = Result<T, ContractError>;

/// Everything that can go wrong in the oracle adapter. User mistakes are typed errors and leave
/// state untouched.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A standard library error (storage, serialisation).
    #[error("{0}")]
    Std(#[from] StdError),

    /// A rule every contract shares refused: funds (the oracle takes none), an address, a
    /// denom, decimals, a page limit, ownership (`NotOwner` …) or migration.
    #[error(transparent)]
    Kit(#[from] KitError),

    // ---- breakers and price errors ----
    /// The price is older than the source allows.
    #[error("price of {denom} is stale: {age_s}s old, at most {max_s}s allowed")]
    PriceStale {
        /// Denom priced.
        denom: String,
        /// Age of the price, in seconds.
        age_s: u64,
        /// Largest age allowed.
        max_s: u64,
    },

    /// The price claims to be published in the future.
    #[error("price of {denom} is published {ahead_s}s in the future")]
    PriceFromFuture {
        /// Denom priced.
        denom: String,
        /// Seconds past the block time.
        ahead_s: u64,
    },

    /// The price is zero or negative.
    #[error("price of {denom} is not positive")]
    PriceNotPositive {
        /// Denom priced.
        denom: String,
    },

    /// The normalised price is below 10^-18 and rounds to zero.
    #[error("normalised price of {denom} rounds to zero")]
    PriceRoundsToZero {
        /// Denom priced.
        denom: String,
    },

    /// The normalised price does not fit a `Decimal256`.
    #[error("normalised price of {denom} overflows")]
    PriceOverflow {
        /// Denom priced.
        denom: String,
    },

    /// The Pyth confidence interval is too wide relative to the price.
    #[error("confidence of {denom} too wide: conf/price {ratio} > {max}")]
    ConfidenceTooWide {
        /// Denom priced.
        denom: String,
        /// `conf / price`, rounded down.
        ratio: Decimal256,
        /// Largest ratio allowed.
        max: Decimal,
    },

    /// The Pyth EMA price is zero or negative (`Default` kind).
    #[error("EMA price of {denom} is not positive")]
    EmaNotPositive {
        /// Denom priced.
        denom: String,
    },

    /// The price is too far from its EMA.
    #[error("price of {denom} deviates from its EMA by {deviation} > {max}")]
    EmaDeviation {
        /// Denom priced.
        denom: String,
        /// `|price − ema| / ema`, rounded down.
        deviation: Decimal256,
        /// Largest deviation allowed.
        max: Decimal,
    },

    /// The valid prices of a median disagree too much.
    #[error("median sources of {denom} spread {spread} > {max}")]
    MedianSpread {
        /// Denom priced.
        denom: String,
        /// `(max − min) / median` of the valid prices, rounded down.
        spread: Decimal256,
        /// Largest spread allowed.
        max: Decimal,
    },

    /// Too few sub-sources of a median answered.
    #[error("not enough valid sources for {denom}: {valid} < {min}")]
    NotEnoughSources {
        /// Denom priced.
        denom: String,
        /// Sub-sources that answered.
        valid: u8,
        /// Sub-sources needed.
        min: u8,
    },

    /// The Pyth contract failed to answer or answered something else than a price feed.
    #[error("Pyth query for {denom} failed: {reason}")]
    PythQueryFailed {
        /// Denom priced.
        denom: String,
        /// The underlying error.
        reason: String,
    },

    // ---- bad input ----
    /// No price source is registered for the denom.
    #[error("unknown denom {denom}: no price source")]
    UnknownDenom {
        /// The denom asked.
        denom: String,
    },

    /// The same denom twice in one `Prices` or `TryPrices` query.
    #[error("duplicate denom {denom}")]
    DuplicateDenom {
        /// The repeated denom.
        denom: String,
    },

    /// `Prices` or `TryPrices` with no denom.
    #[error("no denoms given")]
    EmptyDenoms,

    /// `Prices` or `TryPrices` with too many denoms.
    #[error("too many denoms: {count} > {max}")]
    TooManyDenoms {
        /// Denoms asked.
        count: usize,
        /// Most allowed.
        max: usize,
    },

    /// A Pyth feed id that is not 32 bytes of hex.
    #[error("invalid Pyth feed id {feed_id:?}: {reason}")]
    InvalidFeedId {
        /// The feed id given.
        feed_id: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A `Median` inside a `Median`.
    #[error("a median source may not contain another median")]
    NestedMedian,

    /// A median with too many sub-sources.
    #[error("too many median sources: {count} > {max}")]
    TooManySources {
        /// Sub-sources given.
        count: usize,
        /// Most allowed.
        max: usize,
    },

    /// `min_sources` outside `1..=sources.len()`.
    #[error("min_sources {min_sources} must be between 1 and the {sources} sources given")]
    InvalidMinSources {
        /// `min_sources` given.
        min_sources: u8,
        /// Sub-sources given.
        sources: usize,
    },

    /// A breaker ratio outside `(0, 1]`.
    #[error("{name} must be greater than 0 and at most 1, got {value}")]
    InvalidRatio {
        /// Parameter name.
        name: String,
        /// Value given.
        value: Decimal,
    },

    /// `max_staleness_s` outside `1..=max`.
    #[error("max_staleness_s must be between 1 and {max}, got {max_staleness_s}")]
    InvalidStaleness {
        /// Value given.
        max_staleness_s: u64,
        /// Most allowed.
        max: u64,
    },

    /// `liquidation_max_staleness_s` below `max_staleness_s` or above one day.
    #[error(
        "liquidation_max_staleness_s must be between max_staleness_s ({min}) and {max}, got {liquidation_max_staleness_s}"
    )]
    InvalidLiquidationStaleness {
        /// Value given.
        liquidation_max_staleness_s: u64,
        /// Least allowed: the source's `max_staleness_s`.
        min: u64,
        /// Most allowed.
        max: u64,
    },

    /// An empty or overlong quote symbol.
    #[error("invalid quote symbol {symbol:?}: 1 to {max} characters")]
    InvalidQuoteSymbol {
        /// Symbol given.
        symbol: String,
        /// Longest allowed.
        max: usize,
    },
}
