//! The one error type of the shared rules. Each contract's `ContractError` wraps it:
//!
//! ```ignore
//! #[error(transparent)]
//! Kit(#[from] ballast_kit::KitError),
//! ```
//!
//! so a contract's own variants are only what is particular to it, and these messages are the
//! same in all three contracts.

use cosmwasm_std::StdError;
use cw_utils::Expiration;
use thiserror::Error;

/// `Result` of every kit function that can refuse.
pub type KitResult<T> = Result<T, KitError>;

/// Why a shared rule refused: funds, validation, migration or ownership. Every variant is a user
/// mistake reported before any state change, except [`KitError::Std`].
#[derive(Error, Debug)]
pub enum KitError {
    /// A storage or serialisation error.
    #[error(transparent)]
    Std(#[from] StdError),

    // ---- funds ----
    /// No coin attached to a message that needs some.
    #[error("invalid funds: no funds attached")]
    NoFunds,

    /// A coin attached to a message that takes none.
    #[error("invalid funds: this message takes no funds")]
    FundsNotAccepted,

    /// Several coins attached to a message that takes exactly one.
    #[error("invalid funds: exactly one coin expected, {count} sent")]
    NotOneCoin {
        /// Coins attached.
        count: usize,
    },

    /// A coin of amount zero.
    #[error("invalid funds: zero amount of {denom}")]
    ZeroFunds {
        /// Its denom.
        denom: String,
    },

    /// The same denom twice among the attached coins.
    #[error("invalid funds: duplicate denom {denom}")]
    DuplicateFunds {
        /// The repeated denom.
        denom: String,
    },

    /// A coin above `u128::MAX` (bank coins are 256-bit in cosmwasm-std 3; the ledgers are not).
    #[error("invalid funds: amount of {denom} exceeds u128::MAX")]
    FundsTooLarge {
        /// Its denom.
        denom: String,
    },

    /// A coin of another denom than the one the message takes.
    #[error("invalid funds: {denom} sent, {expected} expected")]
    WrongDenom {
        /// The denom sent.
        denom: String,
        /// The denom the message takes.
        expected: String,
    },

    // ---- validation ----
    /// An address that does not validate (malformed, wrong prefix, or not lowercase).
    #[error("invalid address {address:?}: {reason}")]
    InvalidAddress {
        /// The address given.
        address: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A denom that is not a valid bank denom.
    #[error("invalid denom {denom:?}: {reason}")]
    InvalidDenom {
        /// The denom given.
        denom: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A page limit of zero.
    #[error("limit must be at least 1")]
    ZeroLimit,

    /// Decimals above [`crate::validate::MAX_DECIMALS`].
    #[error("decimals {decimals} too large: at most {max}")]
    DecimalsTooLarge {
        /// Decimals given.
        decimals: u8,
        /// Most allowed.
        max: u8,
    },

    // ---- migration ----
    /// The stored `cw2` record could not be read or written.
    #[error("contract version record: {reason}")]
    VersionRecord {
        /// What went wrong.
        reason: String,
    },

    /// Migration from a contract stored under another name.
    #[error("cannot migrate from contract {stored} (this is {expected})")]
    WrongContract {
        /// Name stored by `cw2`.
        stored: String,
        /// This contract's name.
        expected: String,
    },

    /// Migration to a version that is not newer than the stored one.
    #[error("cannot migrate from version {stored} to {new}: only a newer version is accepted")]
    NotNewer {
        /// Version stored by `cw2`.
        stored: String,
        /// This code's version.
        new: String,
    },

    /// A version that is not `MAJOR.MINOR.PATCH` (digits only).
    #[error("invalid version {version}: expected MAJOR.MINOR.PATCH")]
    InvalidVersion {
        /// The text.
        version: String,
    },

    // ---- ownership ----
    /// The sender is not the owner (or there is no owner any more).
    #[error("unauthorized: the sender is not the owner")]
    NotOwner,

    /// `accept_ownership` while no proposal is pending.
    #[error("no ownership proposal is pending")]
    NoPendingOwner,

    /// `accept_ownership` from someone other than the pending owner.
    #[error("only the proposed owner may accept ownership")]
    NotPendingOwner,

    /// `accept_ownership` after the proposal lapsed. (The expiry is not in the message: its
    /// `Display` would cost the vault's Wasm half a kilobyte; the query shows it.)
    #[error("the ownership proposal has expired")]
    ProposalExpired {
        /// When it lapsed.
        expiry: Expiration,
    },

    /// `transfer_ownership` with an expiry that has already passed.
    #[error("the ownership proposal would be expired already")]
    ExpiryPassed {
        /// The expiry given.
        expiry: Expiration,
    },
}
