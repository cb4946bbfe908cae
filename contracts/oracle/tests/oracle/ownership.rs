//! Two-step ownership (`update_ownership`, the kit's rules).

use ballast_kit::KitError;
use ballast_testing::Ownable;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::events::{
    AcceptOwnershipEvent, BallastEvent, RenounceOwnershipEvent, TransferOwnershipEvent,
};
use ballast_types::oracle::PriceSource;
use ballast_types::ownership::{Expiration, Ownership};
use cosmwasm_std::{Decimal256, Timestamp};

use crate::helpers::snapshot;

fn fixed() -> PriceSource {
    PriceSource::Fixed {
        price: Decimal256::one(),
    }
}

#[test]
fn propose_then_accept_moves_ownership() {
    let mut env = MockEnv::builder().build();
    let (owner, next, stranger) = (env.owner.clone(), env.addr("next"), env.addr("stranger"));

    // Only the owner proposes; the address must be valid.
    assert_err(
        env.oracle()
            .transfer_ownership(&stranger, stranger.as_str(), None),
        KitError::NotOwner,
    );
    assert_err(
        env.oracle()
            .transfer_ownership(&owner, "Not-An-Address", None),
        "invalid address \"Not-An-Address\"",
    );
    let upper = next.to_string().to_uppercase();
    assert_err(
        env.oracle().transfer_ownership(&owner, &upper, None),
        format!("invalid address \"{upper}\""),
    );
    assert_err(
        env.oracle().accept_ownership(&next),
        KitError::NoPendingOwner,
    );

    let res = env
        .oracle()
        .transfer_ownership(&owner, next.as_str(), None)
        .unwrap();
    assert_eq!(
        TransferOwnershipEvent::find(&res.events).unwrap(),
        TransferOwnershipEvent {
            sender: owner.to_string(),
            owner: owner.to_string(),
            pending_owner: next.to_string(),
            pending_expiry: None,
        }
    );
    assert_eq!(
        env.oracle().ownership().unwrap(),
        Ownership {
            owner: Some(owner.clone()),
            pending_owner: Some(next.clone()),
            pending_expiry: None,
        }
    );
    // Proposing does not hand over anything yet.
    env.oracle()
        .set_price_source(&owner, "uusdc", 6, fixed())
        .unwrap();
    assert_err(
        env.oracle().set_price_source(&next, "uusdc", 6, fixed()),
        KitError::NotOwner,
    );

    // Only the proposed owner accepts.
    assert_err(
        env.oracle().accept_ownership(&stranger),
        KitError::NotPendingOwner,
    );
    let res = env.oracle().accept_ownership(&next).unwrap();
    assert_eq!(
        AcceptOwnershipEvent::find(&res.events).unwrap(),
        AcceptOwnershipEvent {
            sender: next.to_string(),
            previous_owner: owner.to_string(),
            owner: next.to_string()
        }
    );
    assert_eq!(
        env.oracle().ownership().unwrap(),
        Ownership::new(next.clone())
    );
    assert_err(
        env.oracle().remove_price_source(&owner, "uusdc"),
        KitError::NotOwner,
    );
    env.oracle().remove_price_source(&next, "uusdc").unwrap();
}

#[test]
fn renounce_leaves_no_owner() {
    let mut env = MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .build();
    let (owner, next, stranger) = (env.owner.clone(), env.addr("next"), env.addr("stranger"));
    assert_err(
        env.oracle().renounce_ownership(&stranger),
        KitError::NotOwner,
    );

    env.oracle()
        .transfer_ownership(&owner, next.as_str(), None)
        .unwrap();
    let res = env.oracle().renounce_ownership(&owner).unwrap();
    assert_eq!(
        RenounceOwnershipEvent::find(&res.events).unwrap(),
        RenounceOwnershipEvent {
            sender: owner.to_string(),
            previous_owner: owner.to_string()
        }
    );
    assert_eq!(env.oracle().ownership().unwrap(), Ownership::default());

    // Nobody can do anything privileged any more, and the pending proposal is gone.
    let before = snapshot(&mut env);
    assert_err(
        env.oracle().set_price_source(&owner, "uatom", 6, fixed()),
        KitError::NotOwner,
    );
    assert_err(
        env.oracle().remove_price_source(&owner, "uusdc"),
        KitError::NotOwner,
    );
    assert_err(
        env.oracle().transfer_ownership(&owner, next.as_str(), None),
        KitError::NotOwner,
    );
    assert_err(env.oracle().renounce_ownership(&owner), KitError::NotOwner);
    assert_err(
        env.oracle().accept_ownership(&next),
        KitError::NoPendingOwner,
    );
    assert_eq!(snapshot(&mut env), before);
}

#[test]
fn an_expired_proposal_cannot_be_accepted() {
    let mut env = MockEnv::builder().build();
    let (owner, next) = (env.owner.clone(), env.addr("next"));
    let block = env.app.block_info();

    // an expiry already passed is refused
    for passed in [
        Expiration::AtHeight(block.height),
        Expiration::AtTime(block.time),
    ] {
        assert_err(
            env.oracle()
                .transfer_ownership(&owner, next.as_str(), Some(passed)),
            KitError::ExpiryPassed { expiry: passed },
        );
    }
    assert_eq!(
        env.oracle().ownership().unwrap(),
        Ownership::new(owner.clone())
    );

    // one hour from now, by time
    let expiry = Expiration::AtTime(Timestamp::from_seconds(block.time.seconds() + 3_600));
    let res = env
        .oracle()
        .transfer_ownership(&owner, next.as_str(), Some(expiry))
        .unwrap();
    assert_eq!(
        TransferOwnershipEvent::find(&res.events)
            .unwrap()
            .pending_expiry,
        Some(expiry)
    );
    assert_eq!(
        env.oracle().ownership().unwrap().pending_expiry,
        Some(expiry)
    );
    env.advance(3_600);
    let pending = env.oracle().ownership().unwrap();
    assert_err(
        env.oracle().accept_ownership(&next),
        KitError::ProposalExpired { expiry },
    );
    assert_eq!(env.oracle().ownership().unwrap(), pending);

    // a new proposal, by height, accepted one block before it lapses
    let height = env.app.block_info().height;
    let expiry = Expiration::AtHeight(height + 2);
    env.oracle()
        .transfer_ownership(&owner, next.as_str(), Some(expiry))
        .unwrap();
    env.advance(5);
    env.oracle().accept_ownership(&next).unwrap();
    assert_eq!(env.oracle().ownership().unwrap(), Ownership::new(next));
}
