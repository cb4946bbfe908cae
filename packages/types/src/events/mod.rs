//! Events: one struct per action, convertible to a [`cosmwasm_std::Event`] and back.
//!
//! Each action emits one custom event whose type is `ballast_<action>` and whose first attribute
//! is `action = <action>`; every other attribute is snake_case. The chain shows the type as
//! `wasm-ballast_<action>` and inserts a `_contract_address` attribute first; reading an event
//! back accepts both forms and looks attributes up by key. A type name holds only letters,
//! digits and `_` because CometBFT's event-query syntax accepts nothing else there besides `.`
//! and `-` (so an indexer can ask for `wasm-ballast_liquidate.owner = '…'`). Every execute also
//! puts `action = <action>` on the plain `wasm` event ([`with_action`]), where tools that only
//! read that event look.
//!
//! # Attribute naming (every event follows it)
//! - **Who:** `sender` is the message's sender wherever it differs from the account's `owner`
//!   or the `lender`; `recipient` is who received coins; `liquidator`, `treasury` by role.
//! - **Which position:** `owner` and `account` (the sub-account, a number), never `index`.
//! - **Which asset:** `denom` for the one asset an action is about; `debt_denom` and
//!   `collateral_denom` when it moves two.
//! - **How much:** `amount` is what the action moved: a plain integer in base units of `denom`
//!   when it moves one denom, a coin list (`100uatom,25uusdc`, the bank module's form, empty
//!   when there is none) when it may move several. Other quantities are past participles or
//!   nouns of what happened to them: `repaid`, `refunded`, `seized`, `shares`, `protocol_fee`,
//!   `bad_debt`; integers in base units of the denom their event names for them.
//! - **Absent values are left out**, never written as a placeholder such as `none`; a reader
//!   treats a missing optional attribute as `None`.
//! - **Parameter changes carry the new values in full** (`update_config`, `update_asset`,
//!   `update_policy`, `set_price_source`, `set_paused`): the whole configuration or the asset's
//!   whole parameters after the change, not only the fields the message gave, so that a risk
//!   team rebuilds the parameter history from events alone. Role and asset changes also carry
//!   the values before (`previous`, `previous_limits`, `previous_collateral`,
//!   `previous_lending`), the `role` that made them (`owner` or `steward`) and which parameters
//!   moved (`changed`), so that one event alone shows a change.
//! - Decimals are decimal strings, booleans `true`/`false`, parameter structs JSON.
//!
//! ```
//! use ballast_types::events::{BallastEvent, RemovePriceSourceEvent};
//! use cosmwasm_std::Event;
//!
//! let ev = RemovePriceSourceEvent { sender: "gov".into(), denom: "uatom".into() };
//! let raw: Event = ev.clone().into();
//! assert_eq!(raw.ty, "ballast_remove_price_source");
//! assert_eq!(RemovePriceSourceEvent::try_from(&raw), Ok(ev));
//! ```

mod liquidation;
mod oracle;
mod ownership;
mod vault;

use std::fmt::Display;
use std::str::FromStr;

use cosmwasm_std::{from_json, Event, Response};
use serde::de::DeserializeOwned;
use thiserror::Error;

pub use self::liquidation::{LiquidateEvent, UpdateLiquidationConfigEvent, UpdatePolicyEvent};
pub use self::oracle::{RemovePriceSourceEvent, SetPriceSourceEvent};
pub use self::ownership::{AcceptOwnershipEvent, RenounceOwnershipEvent, TransferOwnershipEvent};
pub use self::vault::{
    coins_to_string, BadDebtEvent, BorrowEvent, DepositEvent, ListAssetEvent, RedeemEvent,
    RepayEvent, SetGuardianEvent, SetPausedEvent, SetStewardEvent, SettleLiquidationEvent,
    SupplyEvent, UpdateAssetEvent, UpdateConfigEvent, WithdrawEvent, WithdrawReservesEvent,
};

/// Prefix of every Ballast event type.
pub const EVENT_PREFIX: &str = "ballast_";
/// Prefix the chain adds to the type of a contract's custom event.
pub const WASM_PREFIX: &str = "wasm-";
/// Key of the first attribute of every Ballast event.
pub const ACTION_KEY: &str = "action";

/// Puts `action = <action>` of the response's first Ballast event on the plain `wasm` event (the
/// response's attributes), unless an `action` attribute is already there. Each contract's
/// `execute` entry point passes its answer through this.
pub fn with_action<T>(response: Response<T>) -> Response<T> {
    if response.attributes.iter().any(|a| a.key == ACTION_KEY) {
        return response;
    }
    let action = response
        .events
        .iter()
        .find_map(|ev| ev.ty.strip_prefix(EVENT_PREFIX))
        .map(str::to_string);
    match action {
        Some(action) => response.add_attribute(ACTION_KEY, action),
        None => response,
    }
}

/// Why an [`Event`] could not be read back as a typed event.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum EventParseError {
    /// The event has another type.
    #[error("expected an event of type {expected}, found {found}")]
    WrongType {
        /// The type looked for.
        expected: String,
        /// The type found.
        found: String,
    },
    /// A required attribute is missing.
    #[error("event {ty} has no attribute {key}")]
    MissingAttribute {
        /// Event type.
        ty: String,
        /// Missing key.
        key: String,
    },
    /// An attribute could not be parsed.
    #[error("event {ty}: attribute {key} = {value:?} is invalid: {reason}")]
    InvalidAttribute {
        /// Event type.
        ty: String,
        /// Attribute key.
        key: String,
        /// Attribute value.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// No event of the type looked for is in the list.
    #[error("no event of type {ty}")]
    NotFound {
        /// Event type looked for.
        ty: String,
    },
}

/// A typed Ballast event.
pub trait BallastEvent:
    Sized + Into<Event> + for<'a> TryFrom<&'a Event, Error = EventParseError>
{
    /// The action: the event type is `ballast_<ACTION>` and its first attribute
    /// `action = <ACTION>`.
    const ACTION: &'static str;

    /// The event type as the contract emits it: `ballast_<ACTION>`.
    fn event_type() -> String {
        format!("{EVENT_PREFIX}{}", Self::ACTION)
    }

    /// Whether `ty` is this event's type, with or without the chain's `wasm-` prefix.
    fn is_type(ty: &str) -> bool {
        let ty = ty.strip_prefix(WASM_PREFIX).unwrap_or(ty);
        ty.strip_prefix(EVENT_PREFIX) == Some(Self::ACTION)
    }

    /// Reads back the first event of this type in `events` (e.g. `AppResponse::events` or a
    /// transaction's events).
    fn find(events: &[Event]) -> Result<Self, EventParseError> {
        events
            .iter()
            .find(|ev| Self::is_type(&ev.ty))
            .ok_or_else(|| EventParseError::NotFound {
                ty: Self::event_type(),
            })
            .and_then(Self::try_from)
    }

    /// Reads back every event of this type in `events`, in order.
    fn find_all(events: &[Event]) -> Result<Vec<Self>, EventParseError> {
        events
            .iter()
            .filter(|ev| Self::is_type(&ev.ty))
            .map(Self::try_from)
            .collect()
    }
}

/// Starts the event of `action`: type `ballast_<action>`, first attribute `action = <action>`.
pub fn new_event(action: &str) -> Event {
    Event::new(format!("{EVENT_PREFIX}{action}")).add_attribute(ACTION_KEY, action)
}

/// Reads the attributes of one event after checking its type and `action` attribute.
pub struct EventReader<'a> {
    event: &'a Event,
}

impl<'a> EventReader<'a> {
    /// Opens `event` as the event of `action`, accepting the `wasm-` prefix.
    pub fn open(event: &'a Event, action: &str) -> Result<Self, EventParseError> {
        let ty = event.ty.strip_prefix(WASM_PREFIX).unwrap_or(&event.ty);
        if ty.strip_prefix(EVENT_PREFIX) != Some(action) {
            return Err(EventParseError::WrongType {
                expected: format!("{EVENT_PREFIX}{action}"),
                found: event.ty.clone(),
            });
        }
        let reader = Self { event };
        let found = reader.str(ACTION_KEY)?;
        if found != action {
            return Err(reader.invalid(ACTION_KEY, found, format!("expected {action}")));
        }
        Ok(reader)
    }

    /// The value of `key`, if present.
    pub fn opt_str(&self, key: &str) -> Option<&'a str> {
        self.event
            .attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    /// The value of `key`.
    pub fn str(&self, key: &str) -> Result<&'a str, EventParseError> {
        self.opt_str(key)
            .ok_or_else(|| EventParseError::MissingAttribute {
                ty: self.event.ty.clone(),
                key: key.to_string(),
            })
    }

    /// The value of `key`, as an owned string.
    pub fn string(&self, key: &str) -> Result<String, EventParseError> {
        self.str(key).map(str::to_string)
    }

    /// The value of `key`, parsed with [`FromStr`].
    pub fn parse<T>(&self, key: &str) -> Result<T, EventParseError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let value = self.str(key)?;
        value
            .parse()
            .map_err(|err: T::Err| self.invalid(key, value, err.to_string()))
    }

    /// The value of `key`, decoded from JSON.
    pub fn json<T: DeserializeOwned>(&self, key: &str) -> Result<T, EventParseError> {
        let value = self.str(key)?;
        from_json(value).map_err(|err| self.invalid(key, value, err.to_string()))
    }

    fn invalid(&self, key: &str, value: &str, reason: String) -> EventParseError {
        EventParseError::InvalidAttribute {
            ty: self.event.ty.clone(),
            key: key.to_string(),
            value: value.to_string(),
            reason,
        }
    }
}

/// Implements `TryFrom<Event>` by delegating to `TryFrom<&Event>`.
macro_rules! try_from_owned_event {
    ($($ty:ty),* $(,)?) => {$(
        impl TryFrom<cosmwasm_std::Event> for $ty {
            type Error = $crate::events::EventParseError;

            fn try_from(event: cosmwasm_std::Event) -> Result<Self, Self::Error> {
                Self::try_from(&event)
            }
        }
    )*};
}
pub(crate) use try_from_owned_event;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_rejects_wrong_type_and_action() {
        let ev = Event::new("ballast_remove_price_source").add_attribute("action", "other");
        assert!(matches!(
            RemovePriceSourceEvent::try_from(&ev),
            Err(EventParseError::InvalidAttribute { key, .. }) if key == "action"
        ));
        let ev = Event::new("ballast_set_price_source").add_attribute("action", "set_price_source");
        assert!(matches!(
            RemovePriceSourceEvent::try_from(&ev),
            Err(EventParseError::WrongType { .. })
        ));
        let ev = new_event("remove_price_source").add_attribute("sender", "gov");
        assert_eq!(
            RemovePriceSourceEvent::try_from(&ev),
            Err(EventParseError::MissingAttribute {
                ty: "ballast_remove_price_source".into(),
                key: "denom".into()
            })
        );
        assert_eq!(
            RemovePriceSourceEvent::find(&[]),
            Err(EventParseError::NotFound {
                ty: "ballast_remove_price_source".into()
            })
        );
    }

    #[test]
    fn is_type_accepts_the_chain_prefix_only() {
        assert!(RemovePriceSourceEvent::is_type(
            "ballast_remove_price_source"
        ));
        assert!(RemovePriceSourceEvent::is_type(
            "wasm-ballast_remove_price_source"
        ));
        assert!(!RemovePriceSourceEvent::is_type("wasm-remove_price_source"));
        assert!(!RemovePriceSourceEvent::is_type(
            "other/remove_price_source"
        ));
    }
}
