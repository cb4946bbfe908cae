//! Ownership events, shared by every Ballast contract (the emitting contract is the event's
//! `_contract_address`). One event per `update_ownership` action, emitted by
//! `ballast_kit::ownership`; each carries the sender and the owner before and after.

use cosmwasm_std::Event;

use super::{new_event, try_from_owned_event, BallastEvent, EventParseError, EventReader};
use crate::ownership::Expiration;

/// `ballast_transfer_ownership`: the owner proposed a new owner (who must accept).
///
/// Attributes: `action`, `sender`, `owner`, `pending_owner`, and `pending_expiry` (the
/// expiration as JSON, e.g. `{"at_height":1200}`) when the proposal lapses.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferOwnershipEvent {
    /// Who sent the message: the owner.
    pub sender: String,
    /// The owner, unchanged until the proposal is accepted.
    pub owner: String,
    /// The proposed owner.
    pub pending_owner: String,
    /// When the proposal lapses; `None` if it never does.
    pub pending_expiry: Option<Expiration>,
}

impl BallastEvent for TransferOwnershipEvent {
    const ACTION: &'static str = "transfer_ownership";
}

impl From<TransferOwnershipEvent> for Event {
    fn from(ev: TransferOwnershipEvent) -> Self {
        let event = new_event(TransferOwnershipEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("owner", ev.owner)
            .add_attribute("pending_owner", ev.pending_owner);
        match ev.pending_expiry {
            // cw-utils' JSON of an `Expiration`, through the compact writer (always UTF-8)
            Some(expiry) => event.add_attribute(
                "pending_expiry",
                String::from_utf8(ballast_compact::json_bytes(&expiry)).unwrap_or_default(),
            ),
            None => event,
        }
    }
}

impl TryFrom<&Event> for TransferOwnershipEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            owner: r.string("owner")?,
            pending_owner: r.string("pending_owner")?,
            pending_expiry: match r.opt_str("pending_expiry") {
                Some(_) => Some(r.json("pending_expiry")?),
                None => None,
            },
        })
    }
}

/// `ballast_accept_ownership`: the pending owner accepted and is now the owner.
///
/// Attributes: `action`, `sender`, `previous_owner`, `owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptOwnershipEvent {
    /// Who sent the message: the new owner.
    pub sender: String,
    /// The owner before.
    pub previous_owner: String,
    /// The new owner.
    pub owner: String,
}

impl BallastEvent for AcceptOwnershipEvent {
    const ACTION: &'static str = "accept_ownership";
}

impl From<AcceptOwnershipEvent> for Event {
    fn from(ev: AcceptOwnershipEvent) -> Self {
        new_event(AcceptOwnershipEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("previous_owner", ev.previous_owner)
            .add_attribute("owner", ev.owner)
    }
}

impl TryFrom<&Event> for AcceptOwnershipEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            previous_owner: r.string("previous_owner")?,
            owner: r.string("owner")?,
        })
    }
}

/// `ballast_renounce_ownership`: the owner gave up ownership; the contract has no owner any more
/// and any pending proposal is dropped.
///
/// Attributes: `action`, `sender`, `previous_owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenounceOwnershipEvent {
    /// Who sent the message: the owner before.
    pub sender: String,
    /// The owner before.
    pub previous_owner: String,
}

impl BallastEvent for RenounceOwnershipEvent {
    const ACTION: &'static str = "renounce_ownership";
}

impl From<RenounceOwnershipEvent> for Event {
    fn from(ev: RenounceOwnershipEvent) -> Self {
        new_event(RenounceOwnershipEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("previous_owner", ev.previous_owner)
    }
}

impl TryFrom<&Event> for RenounceOwnershipEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            previous_owner: r.string("previous_owner")?,
        })
    }
}

try_from_owned_event!(
    TransferOwnershipEvent,
    AcceptOwnershipEvent,
    RenounceOwnershipEvent
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ownership_events_round_trip_with_action_first() {
        let transfer = TransferOwnershipEvent {
            sender: "a".into(),
            owner: "a".into(),
            pending_owner: "b".into(),
            pending_expiry: None,
        };
        let expiring = TransferOwnershipEvent {
            pending_expiry: Some(Expiration::AtHeight(1_200)),
            ..transfer.clone()
        };
        let accept = AcceptOwnershipEvent {
            sender: "b".into(),
            previous_owner: "a".into(),
            owner: "b".into(),
        };
        let renounce = RenounceOwnershipEvent {
            sender: "b".into(),
            previous_owner: "b".into(),
        };
        let events: Vec<Event> = vec![
            transfer.clone().into(),
            expiring.clone().into(),
            accept.clone().into(),
            renounce.clone().into(),
        ];
        for ev in &events {
            assert_eq!(ev.attributes[0].key, "action");
        }
        // no attribute for a proposal that never lapses; the expiry as JSON otherwise
        assert!(!events[0]
            .attributes
            .iter()
            .any(|a| a.key == "pending_expiry"));
        assert_eq!(
            events[1].attributes.last().map(|a| a.value.as_str()),
            Some(r#"{"at_height":1200}"#)
        );
        assert_eq!(
            TransferOwnershipEvent::find_all(&events),
            Ok(vec![transfer, expiring])
        );
        assert_eq!(AcceptOwnershipEvent::find(&events), Ok(accept));
        assert_eq!(
            RenounceOwnershipEvent::find_all(&events),
            Ok(vec![renounce])
        );
    }
}
