//! Two-step ownership, the same in every contract: the stored state, the transitions and the two
//! handlers a contract calls in one line each.
//!
//! ```ignore
//! // instantiate
//! ballast_kit::ownership::initialize(deps.storage, &owner_addr)?;
//! // execute
//! ExecuteMsg::UpdateOwnership(action) => Ok(ballast_kit::ownership::execute(deps, &env, &info, action)?),
//! // query
//! QueryMsg::Ownership {} => to_json_binary(&ballast_kit::ownership::query(deps.storage)?),
//! // an owner-only action
//! ballast_kit::ownership::assert_owner(deps.storage, &info.sender)?;
//! ```
//!
//! The rules: only the owner proposes (`transfer_ownership`, with an optional expiry that must not
//! have passed yet; a new proposal replaces the pending one) and renounces (which also drops the
//! pending proposal); only the pending owner accepts, and only before the expiry. Each
//! transition emits one typed event ([`TransferOwnershipEvent`], [`AcceptOwnershipEvent`],
//! [`RenounceOwnershipEvent`]) with the sender and the owner before and after. A refused
//! transition is a typed [`KitError`] and changes nothing.

use crate::store::PutItem;
use cosmwasm_std::{
    Addr, Api, BlockInfo, DepsMut, Env, Event, MessageInfo, Response, StdResult, Storage,
};
use cw_storage_plus::Item;

use ballast_types::events::{AcceptOwnershipEvent, RenounceOwnershipEvent, TransferOwnershipEvent};
pub use ballast_types::ownership::{Expiration, Ownership, OwnershipAction};

use crate::error::{KitError, KitResult};
use crate::funds::no_funds;
use crate::validate;

/// Where every contract keeps its ownership. The namespace must never change.
pub const OWNERSHIP: Item<Ownership> = Item::new("own");

/// Stores `owner` as the owner, nothing proposed (at instantiation).
pub fn initialize(storage: &mut dyn Storage, owner: &Addr) -> StdResult<()> {
    OWNERSHIP.put(storage, &Ownership::new(owner.clone()))
}

/// The `Ownership {}` query's answer: the stored ownership.
pub fn query(storage: &dyn Storage) -> StdResult<Ownership> {
    OWNERSHIP.load(storage)
}

/// Fails with [`KitError::NotOwner`] unless `sender` is the stored owner.
pub fn assert_owner(storage: &dyn Storage, sender: &Addr) -> KitResult<()> {
    check_owner(&OWNERSHIP.load(storage)?, sender)
}

/// Fails with [`KitError::NotOwner`] unless `sender` is `ownership`'s owner.
pub fn check_owner(ownership: &Ownership, sender: &Addr) -> KitResult<()> {
    if ownership.is_owner(sender) {
        Ok(())
    } else {
        Err(KitError::NotOwner)
    }
}

/// `transfer_ownership`: the owner proposes `new_owner` (validated), pending until `expiry`,
/// replacing any earlier proposal. An `expiry` that has already passed at `block` is refused.
pub fn transfer(
    ownership: &mut Ownership,
    block: &BlockInfo,
    sender: &Addr,
    new_owner: Addr,
    expiry: Option<Expiration>,
) -> KitResult<TransferOwnershipEvent> {
    check_owner(ownership, sender)?;
    if let Some(expiry) = expiry {
        if expiry.is_expired(block) {
            return Err(KitError::ExpiryPassed { expiry });
        }
    }
    let event = TransferOwnershipEvent {
        sender: sender.to_string(),
        owner: sender.to_string(),
        pending_owner: new_owner.to_string(),
        pending_expiry: expiry,
    };
    ownership.pending_owner = Some(new_owner);
    ownership.pending_expiry = expiry;
    Ok(event)
}

/// `accept_ownership`: the pending owner takes over, if the proposal has not lapsed at `block`.
pub fn accept(
    ownership: &mut Ownership,
    block: &BlockInfo,
    sender: &Addr,
) -> KitResult<AcceptOwnershipEvent> {
    match &ownership.pending_owner {
        None => return Err(KitError::NoPendingOwner),
        Some(pending) if pending != sender => return Err(KitError::NotPendingOwner),
        Some(_) => {}
    }
    if let Some(expiry) = ownership.pending_expiry {
        if expiry.is_expired(block) {
            return Err(KitError::ProposalExpired { expiry });
        }
    }
    // a proposal only exists while there is an owner (renouncing drops it)
    let previous_owner = ownership.owner.replace(sender.clone());
    ownership.pending_owner = None;
    ownership.pending_expiry = None;
    Ok(AcceptOwnershipEvent {
        sender: sender.to_string(),
        previous_owner: previous_owner.map(Addr::into_string).unwrap_or_default(),
        owner: sender.to_string(),
    })
}

/// `renounce_ownership`: the owner gives up ownership for good; any proposal is dropped.
pub fn renounce(ownership: &mut Ownership, sender: &Addr) -> KitResult<RenounceOwnershipEvent> {
    check_owner(ownership, sender)?;
    *ownership = Ownership::default();
    Ok(RenounceOwnershipEvent {
        sender: sender.to_string(),
        previous_owner: sender.to_string(),
    })
}

/// Applies `action`, sent by `sender` at `block`, to `ownership`: the event to emit.
pub fn update(
    ownership: &mut Ownership,
    api: &dyn Api,
    block: &BlockInfo,
    sender: &Addr,
    action: OwnershipAction,
) -> KitResult<Event> {
    Ok(match action {
        OwnershipAction::TransferOwnership { new_owner, expiry } => {
            // the owner first: a stranger learns nothing about the address it sent
            check_owner(ownership, sender)?;
            let new_owner = validate::address(api, &new_owner)?;
            transfer(ownership, block, sender, new_owner, expiry)?.into()
        }
        OwnershipAction::AcceptOwnership => accept(ownership, block, sender)?.into(),
        OwnershipAction::RenounceOwnership => renounce(ownership, sender)?.into(),
    })
}

/// `UpdateOwnership(action)`: takes no funds, applies `action` to the stored ownership, stores
/// the result and answers with the action's event.
pub fn execute(
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    action: OwnershipAction,
) -> KitResult<Response> {
    let ownership = OWNERSHIP.load(deps.storage)?;
    execute_with(deps, env, info, ownership, action)
}

/// [`execute`] on an ownership the contract has read itself (the vault reads its state through
/// its own compact reader).
pub fn execute_with(
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    mut ownership: Ownership,
    action: OwnershipAction,
) -> KitResult<Response> {
    no_funds(info)?;
    let event = update(&mut ownership, deps.api, &env.block, &info.sender, action)?;
    OWNERSHIP.put(deps.storage, &ownership)?;
    Ok(Response::new().add_event(event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_types::events::BallastEvent;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
    use cosmwasm_std::{coin, Timestamp};

    struct Setup {
        api: MockApi,
        alice: Addr,
        bob: Addr,
        mallory: Addr,
        block: BlockInfo,
    }

    fn setup() -> Setup {
        let api = MockApi::default();
        Setup {
            alice: api.addr_make("alice"),
            bob: api.addr_make("bob"),
            mallory: api.addr_make("mallory"),
            block: mock_env().block,
            api,
        }
    }

    fn transfer_to(to: &Addr, expiry: Option<Expiration>) -> OwnershipAction {
        OwnershipAction::TransferOwnership {
            new_owner: to.to_string(),
            expiry,
        }
    }

    #[test]
    fn propose_then_accept_moves_ownership() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        let expiry = Expiration::AtHeight(s.block.height + 10);
        let ev = update(
            &mut own,
            &s.api,
            &s.block,
            &s.alice,
            transfer_to(&s.bob, Some(expiry)),
        )
        .unwrap();
        assert_eq!(
            TransferOwnershipEvent::try_from(&ev).unwrap(),
            TransferOwnershipEvent {
                sender: s.alice.to_string(),
                owner: s.alice.to_string(),
                pending_owner: s.bob.to_string(),
                pending_expiry: Some(expiry),
            }
        );
        // proposing hands over nothing yet
        assert_eq!(
            own,
            Ownership {
                owner: Some(s.alice.clone()),
                pending_owner: Some(s.bob.clone()),
                pending_expiry: Some(expiry),
            }
        );
        check_owner(&own, &s.alice).unwrap();
        assert!(matches!(check_owner(&own, &s.bob), Err(KitError::NotOwner)));

        let ev = update(
            &mut own,
            &s.api,
            &s.block,
            &s.bob,
            OwnershipAction::AcceptOwnership,
        )
        .unwrap();
        assert_eq!(
            AcceptOwnershipEvent::try_from(&ev).unwrap(),
            AcceptOwnershipEvent {
                sender: s.bob.to_string(),
                previous_owner: s.alice.to_string(),
                owner: s.bob.to_string(),
            }
        );
        assert_eq!(own, Ownership::new(s.bob.clone()));
        assert!(matches!(
            check_owner(&own, &s.alice),
            Err(KitError::NotOwner)
        ));
    }

    #[test]
    fn a_new_proposal_replaces_the_pending_one() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        let expiry = Some(Expiration::AtHeight(s.block.height + 1));
        transfer(&mut own, &s.block, &s.alice, s.mallory.clone(), expiry).unwrap();
        transfer(&mut own, &s.block, &s.alice, s.bob.clone(), None).unwrap();
        assert_eq!(own.pending_owner, Some(s.bob.clone()));
        assert_eq!(own.pending_expiry, None);
        assert!(matches!(
            accept(&mut own, &s.block, &s.mallory),
            Err(KitError::NotPendingOwner)
        ));
        accept(&mut own, &s.block, &s.bob).unwrap();
    }

    #[test]
    fn an_expired_proposal_cannot_be_accepted() {
        let s = setup();
        let now = s.block.clone();
        let mut later = now.clone();
        later.height += 10;
        later.time = later.time.plus_seconds(60);

        for expiry in [
            Expiration::AtHeight(now.height + 10),
            Expiration::AtTime(now.time.plus_seconds(60)),
        ] {
            let mut own = Ownership::new(s.alice.clone());
            transfer(&mut own, &now, &s.alice, s.bob.clone(), Some(expiry)).unwrap();
            let before = own.clone();
            match accept(&mut own, &later, &s.bob) {
                Err(KitError::ProposalExpired { expiry: e }) => assert_eq!(e, expiry),
                other => panic!("{other:?}"),
            }
            assert_eq!(own, before, "a refused accept changed the state");
            // one block (or second) earlier it is still open
            let mut just_before = later.clone();
            just_before.height -= 1;
            just_before.time = just_before.time.minus_seconds(1);
            accept(&mut own, &just_before, &s.bob).unwrap();
            assert_eq!(own, Ownership::new(s.bob.clone()));
        }
        // `never` does not lapse
        let mut own = Ownership::new(s.alice.clone());
        let never = Some(Expiration::Never {});
        transfer(&mut own, &now, &s.alice, s.bob.clone(), never).unwrap();
        let mut far = later.clone();
        far.height = u64::MAX;
        accept(&mut own, &far, &s.bob).unwrap();
    }

    #[test]
    fn a_proposal_already_expired_is_refused() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        for expiry in [
            Expiration::AtHeight(s.block.height),
            Expiration::AtHeight(0),
            Expiration::AtTime(s.block.time),
            Expiration::AtTime(Timestamp::from_nanos(0)),
        ] {
            match update(
                &mut own,
                &s.api,
                &s.block,
                &s.alice,
                transfer_to(&s.bob, Some(expiry)),
            ) {
                Err(KitError::ExpiryPassed { expiry: e }) => assert_eq!(e, expiry),
                other => panic!("{expiry}: {other:?}"),
            }
        }
        assert_eq!(own, Ownership::new(s.alice.clone()));
    }

    #[test]
    fn renounce_drops_owner_and_proposal() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        transfer(&mut own, &s.block, &s.alice, s.bob.clone(), None).unwrap();
        let ev = update(
            &mut own,
            &s.api,
            &s.block,
            &s.alice,
            OwnershipAction::RenounceOwnership,
        )
        .unwrap();
        assert_eq!(
            RenounceOwnershipEvent::try_from(&ev).unwrap(),
            RenounceOwnershipEvent {
                sender: s.alice.to_string(),
                previous_owner: s.alice.to_string(),
            }
        );
        assert_eq!(own, Ownership::default());
        // nobody governs any more, and the proposal is gone
        assert!(matches!(
            accept(&mut own, &s.block, &s.bob),
            Err(KitError::NoPendingOwner)
        ));
        assert!(matches!(
            transfer(&mut own, &s.block, &s.alice, s.bob.clone(), None),
            Err(KitError::NotOwner)
        ));
        assert!(matches!(
            renounce(&mut own, &s.alice),
            Err(KitError::NotOwner)
        ));
        assert_eq!(own, Ownership::default());
    }

    #[test]
    fn only_the_owner_proposes_or_renounces() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        for sender in [&s.bob, &s.mallory] {
            for action in [
                transfer_to(&s.mallory, None),
                OwnershipAction::RenounceOwnership,
            ] {
                assert!(matches!(
                    update(&mut own, &s.api, &s.block, sender, action),
                    Err(KitError::NotOwner)
                ));
            }
        }
        // even with an invalid address, a stranger is told only that it is not the owner
        let bad = OwnershipAction::TransferOwnership {
            new_owner: "NOT VALID".into(),
            expiry: None,
        };
        assert!(matches!(
            update(&mut own, &s.api, &s.block, &s.mallory, bad.clone()),
            Err(KitError::NotOwner)
        ));
        match update(&mut own, &s.api, &s.block, &s.alice, bad) {
            Err(KitError::InvalidAddress { address, .. }) => assert_eq!(address, "NOT VALID"),
            other => panic!("{other:?}"),
        }
        assert_eq!(own, Ownership::new(s.alice.clone()));
        assert_eq!(
            KitError::NotOwner.to_string(),
            "unauthorized: the sender is not the owner"
        );
    }

    #[test]
    fn only_the_pending_owner_accepts_once() {
        let s = setup();
        let mut own = Ownership::new(s.alice.clone());
        assert!(matches!(
            accept(&mut own, &s.block, &s.bob),
            Err(KitError::NoPendingOwner)
        ));
        transfer(&mut own, &s.block, &s.alice, s.bob.clone(), None).unwrap();
        let before = own.clone();
        for stranger in [&s.mallory, &s.alice] {
            assert!(matches!(
                accept(&mut own, &s.block, stranger),
                Err(KitError::NotPendingOwner)
            ));
        }
        assert_eq!(own, before);
        accept(&mut own, &s.block, &s.bob).unwrap();
        assert!(matches!(
            accept(&mut own, &s.block, &s.bob),
            Err(KitError::NoPendingOwner)
        ));
        assert_eq!(
            KitError::NotPendingOwner.to_string(),
            "only the proposed owner may accept ownership"
        );
        assert_eq!(
            KitError::NoPendingOwner.to_string(),
            "no ownership proposal is pending"
        );
    }

    #[test]
    fn handlers_store_emit_and_refuse_funds() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let alice = deps.api.addr_make("alice");
        let bob = deps.api.addr_make("bob");
        initialize(deps.as_mut().storage, &alice).unwrap();
        assert_eq!(query(&deps.storage).unwrap(), Ownership::new(alice.clone()));
        assert_owner(&deps.storage, &alice).unwrap();
        assert!(matches!(
            assert_owner(&deps.storage, &bob),
            Err(KitError::NotOwner)
        ));

        // funds are refused before anything else
        let paid = message_info(&alice, &[coin(1, "uatom")]);
        assert!(matches!(
            execute(deps.as_mut(), &env, &paid, transfer_to(&bob, None)),
            Err(KitError::FundsNotAccepted)
        ));
        assert_eq!(query(&deps.storage).unwrap(), Ownership::new(alice.clone()));

        let res = execute(
            deps.as_mut(),
            &env,
            &message_info(&alice, &[]),
            transfer_to(&bob, None),
        )
        .unwrap();
        assert_eq!(
            TransferOwnershipEvent::find(&res.events)
                .unwrap()
                .pending_owner,
            bob.to_string()
        );
        assert_eq!(
            query(&deps.storage).unwrap().pending_owner,
            Some(bob.clone())
        );
        let res = execute(
            deps.as_mut(),
            &env,
            &message_info(&bob, &[]),
            OwnershipAction::AcceptOwnership,
        )
        .unwrap();
        assert_eq!(res.events.len(), 1);
        assert!(AcceptOwnershipEvent::find(&res.events).is_ok());
        assert_eq!(query(&deps.storage).unwrap(), Ownership::new(bob.clone()));
        assert_owner(&deps.storage, &bob).unwrap();
    }
}
