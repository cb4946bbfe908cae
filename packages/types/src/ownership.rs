//! Two-step ownership, shared by every Ballast contract.
//!
//! Each contract's `ExecuteMsg` carries the same three variants —
//! `ProposeOwner { owner: String }`, `AcceptOwner {}`, `RenounceOwner {}` — and its `QueryMsg` an
//! `Owner {}` answered with [`OwnerResponse`]. The contract stores one [`Ownership`] and calls its
//! transitions, which check the sender and return the event to emit:
//!
//! ```
//! use ballast_types::ownership::{Ownership, OwnershipError};
//! use cosmwasm_std::Addr;
//!
//! let (alice, bob) = (Addr::unchecked("alice"), Addr::unchecked("bob"));
//! let mut own = Ownership::new(alice.clone());
//! own.propose(&alice, bob.clone()).unwrap();
//! assert_eq!(own.accept(&alice), Err(OwnershipError::NotProposedOwner));
//! own.accept(&bob).unwrap();
//! assert_eq!(own.owner, Some(bob.clone()));
//! own.renounce(&bob).unwrap();
//! assert_eq!(own.assert_owner(&bob), Err(OwnershipError::NotOwner));
//! ```

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;
use thiserror::Error;

use crate::events::{AcceptOwnerEvent, ProposeOwnerEvent, RenounceOwnerEvent};

/// Answer to the `Owner {}` query of every Ballast contract.
#[cw_serde]
pub struct OwnerResponse {
    /// The current owner; `None` once ownership was renounced.
    pub owner: Option<String>,
    /// The owner proposed by `ProposeOwner`, waiting for `AcceptOwner`.
    pub proposed_owner: Option<String>,
}

/// The ownership state a contract stores.
///
/// Invariant: a proposal only exists while there is an owner (renouncing clears it).
#[cw_serde]
#[derive(Default)]
// and its compact table: the vault reads the stored one through it (unknown fields skipped, as
// serde's derive does), everyone else through serde's derive
#[derive(ballast_compact::CompactDeserialize)]
#[compact(table_only, ignore_unknown)]
pub struct Ownership {
    /// The current owner; `None` once renounced.
    pub owner: Option<Addr>,
    /// The pending proposal, if any.
    pub proposed_owner: Option<Addr>,
}

/// Why an ownership transition was refused.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum OwnershipError {
    /// The sender is not the owner (or there is no owner any more).
    #[error("unauthorized: the sender is not the owner")]
    NotOwner,
    /// `AcceptOwner` while no proposal is pending.
    #[error("no ownership proposal is pending")]
    NoPendingProposal,
    /// `AcceptOwner` from someone other than the proposed owner.
    #[error("only the proposed owner may accept ownership")]
    NotProposedOwner,
}

impl Ownership {
    /// Ownership held by `owner`, nothing proposed.
    pub fn new(owner: Addr) -> Self {
        Self {
            owner: Some(owner),
            proposed_owner: None,
        }
    }

    /// Whether `sender` is the current owner.
    pub fn is_owner(&self, sender: &Addr) -> bool {
        self.owner.as_ref() == Some(sender)
    }

    /// Fails unless `sender` is the current owner.
    pub fn assert_owner(&self, sender: &Addr) -> Result<(), OwnershipError> {
        if self.is_owner(sender) {
            Ok(())
        } else {
            Err(OwnershipError::NotOwner)
        }
    }

    /// `ProposeOwner`: the owner proposes `proposed` (already validated), replacing any earlier
    /// proposal. Proposing oneself cancels a pending proposal in effect.
    pub fn propose(
        &mut self,
        sender: &Addr,
        proposed: Addr,
    ) -> Result<ProposeOwnerEvent, OwnershipError> {
        self.assert_owner(sender)?;
        let event = ProposeOwnerEvent {
            owner: sender.to_string(),
            proposed_owner: proposed.to_string(),
        };
        self.proposed_owner = Some(proposed);
        Ok(event)
    }

    /// `AcceptOwner`: the proposed owner takes over.
    pub fn accept(&mut self, sender: &Addr) -> Result<AcceptOwnerEvent, OwnershipError> {
        match &self.proposed_owner {
            None => return Err(OwnershipError::NoPendingProposal),
            Some(proposed) if proposed != sender => return Err(OwnershipError::NotProposedOwner),
            Some(_) => {}
        }
        let previous_owner = self.owner.replace(sender.clone());
        self.proposed_owner = None;
        Ok(AcceptOwnerEvent {
            previous_owner: previous_owner.map(String::from).unwrap_or_default(),
            owner: sender.to_string(),
        })
    }

    /// `RenounceOwner`: the owner gives up ownership; any proposal is dropped.
    pub fn renounce(&mut self, sender: &Addr) -> Result<RenounceOwnerEvent, OwnershipError> {
        self.assert_owner(sender)?;
        self.owner = None;
        self.proposed_owner = None;
        Ok(RenounceOwnerEvent {
            previous_owner: sender.to_string(),
        })
    }

    /// The `Owner {}` query's answer.
    pub fn to_response(&self) -> OwnerResponse {
        OwnerResponse {
            owner: self.owner.as_ref().map(Addr::to_string),
            proposed_owner: self.proposed_owner.as_ref().map(Addr::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs() -> (Addr, Addr, Addr) {
        (
            Addr::unchecked("alice"),
            Addr::unchecked("bob"),
            Addr::unchecked("mallory"),
        )
    }

    #[test]
    fn only_the_owner_proposes_and_renounces() {
        let (alice, bob, mallory) = addrs();
        let mut own = Ownership::new(alice.clone());
        assert_eq!(
            own.propose(&mallory, mallory.clone()),
            Err(OwnershipError::NotOwner)
        );
        assert_eq!(own.renounce(&mallory), Err(OwnershipError::NotOwner));
        assert_eq!(own, Ownership::new(alice.clone()));

        let ev = own.propose(&alice, bob.clone()).unwrap();
        assert_eq!(ev.proposed_owner, "bob");
        assert_eq!(
            own.to_response(),
            OwnerResponse {
                owner: Some("alice".into()),
                proposed_owner: Some("bob".into())
            }
        );
    }

    #[test]
    fn only_the_proposed_owner_accepts_once() {
        let (alice, bob, mallory) = addrs();
        let mut own = Ownership::new(alice.clone());
        assert_eq!(own.accept(&bob), Err(OwnershipError::NoPendingProposal));
        own.propose(&alice, bob.clone()).unwrap();
        assert_eq!(own.accept(&mallory), Err(OwnershipError::NotProposedOwner));
        assert_eq!(own.accept(&alice), Err(OwnershipError::NotProposedOwner));
        let ev = own.accept(&bob).unwrap();
        assert_eq!(
            ev,
            AcceptOwnerEvent {
                previous_owner: "alice".into(),
                owner: "bob".into()
            }
        );
        assert_eq!(own.to_response().proposed_owner, None);
        assert_eq!(own.accept(&bob), Err(OwnershipError::NoPendingProposal));
        assert_eq!(own.assert_owner(&alice), Err(OwnershipError::NotOwner));
    }

    #[test]
    fn renounce_drops_owner_and_proposal() {
        let (alice, bob, _) = addrs();
        let mut own = Ownership::new(alice.clone());
        own.propose(&alice, bob.clone()).unwrap();
        own.renounce(&alice).unwrap();
        assert_eq!(own, Ownership::default());
        assert_eq!(own.accept(&bob), Err(OwnershipError::NoPendingProposal));
        assert_eq!(own.propose(&alice, bob), Err(OwnershipError::NotOwner));
    }
}
