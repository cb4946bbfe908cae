//! Ownership events, shared by every Ballast contract (the emitting contract is the event's
//! `_contract_address`).

use cosmwasm_std::Event;

use super::{new_event, try_from_owned_event, BallastEvent, EventParseError, EventReader};

/// `ballast_propose_owner`: the owner proposed a new owner.
///
/// Attributes: `action`, `owner`, `proposed_owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposeOwnerEvent {
    /// The current owner, who made the proposal.
    pub owner: String,
    /// The proposed owner.
    pub proposed_owner: String,
}

impl BallastEvent for ProposeOwnerEvent {
    const ACTION: &'static str = "propose_owner";
}

impl From<ProposeOwnerEvent> for Event {
    fn from(ev: ProposeOwnerEvent) -> Self {
        new_event(ProposeOwnerEvent::ACTION)
            .add_attribute("owner", ev.owner)
            .add_attribute("proposed_owner", ev.proposed_owner)
    }
}

impl TryFrom<&Event> for ProposeOwnerEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            owner: r.string("owner")?,
            proposed_owner: r.string("proposed_owner")?,
        })
    }
}

/// `ballast_accept_owner`: the proposed owner accepted and is now the owner.
///
/// Attributes: `action`, `previous_owner`, `owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptOwnerEvent {
    /// The owner before.
    pub previous_owner: String,
    /// The new owner.
    pub owner: String,
}

impl BallastEvent for AcceptOwnerEvent {
    const ACTION: &'static str = "accept_owner";
}

impl From<AcceptOwnerEvent> for Event {
    fn from(ev: AcceptOwnerEvent) -> Self {
        new_event(AcceptOwnerEvent::ACTION)
            .add_attribute("previous_owner", ev.previous_owner)
            .add_attribute("owner", ev.owner)
    }
}

impl TryFrom<&Event> for AcceptOwnerEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            previous_owner: r.string("previous_owner")?,
            owner: r.string("owner")?,
        })
    }
}

/// `ballast_renounce_owner`: the owner gave up ownership; the contract has no owner any more.
///
/// Attributes: `action`, `previous_owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenounceOwnerEvent {
    /// The owner before.
    pub previous_owner: String,
}

impl BallastEvent for RenounceOwnerEvent {
    const ACTION: &'static str = "renounce_owner";
}

impl From<RenounceOwnerEvent> for Event {
    fn from(ev: RenounceOwnerEvent) -> Self {
        new_event(RenounceOwnerEvent::ACTION).add_attribute("previous_owner", ev.previous_owner)
    }
}

impl TryFrom<&Event> for RenounceOwnerEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            previous_owner: r.string("previous_owner")?,
        })
    }
}

try_from_owned_event!(ProposeOwnerEvent, AcceptOwnerEvent, RenounceOwnerEvent);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ownership_events_round_trip_with_action_first() {
        let propose = ProposeOwnerEvent {
            owner: "a".into(),
            proposed_owner: "b".into(),
        };
        let accept = AcceptOwnerEvent {
            previous_owner: "a".into(),
            owner: "b".into(),
        };
        let renounce = RenounceOwnerEvent {
            previous_owner: "b".into(),
        };
        let events: Vec<Event> = vec![
            propose.clone().into(),
            accept.clone().into(),
            renounce.clone().into(),
        ];
        for ev in &events {
            assert_eq!(ev.attributes[0].key, "action");
        }
        assert_eq!(ProposeOwnerEvent::find(&events), Ok(propose));
        assert_eq!(AcceptOwnerEvent::find(&events), Ok(accept));
        assert_eq!(RenounceOwnerEvent::find_all(&events), Ok(vec![renounce]));
    }
}
