//! Two-step ownership.

use ballast_oracle::ContractError;
use ballast_testing::{assert_err, MockEnv};
use ballast_types::events::{
    AcceptOwnerEvent, BallastEvent, ProposeOwnerEvent, RenounceOwnerEvent,
};
use ballast_types::oracle::PriceSource;
use ballast_types::ownership::{OwnerResponse, OwnershipError};
use cosmwasm_std::Decimal256;

use crate::common::snapshot;

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
        env.oracle().propose_owner(&stranger, stranger.as_str()),
        ContractError::Unauthorized,
    );
    assert_err(
        env.oracle().propose_owner(&owner, "Not-An-Address"),
        "invalid address \"Not-An-Address\"",
    );
    let upper = next.to_string().to_uppercase();
    assert_err(
        env.oracle().propose_owner(&owner, &upper),
        format!("invalid address \"{upper}\""),
    );
    assert_err(
        env.oracle().accept_owner(&next),
        ContractError::Ownership(OwnershipError::NoPendingProposal),
    );

    let res = env.oracle().propose_owner(&owner, next.as_str()).unwrap();
    assert_eq!(
        ProposeOwnerEvent::find(&res.events).unwrap(),
        ProposeOwnerEvent {
            owner: owner.to_string(),
            proposed_owner: next.to_string()
        }
    );
    assert_eq!(
        env.oracle().owner().unwrap(),
        OwnerResponse {
            owner: Some(owner.to_string()),
            proposed_owner: Some(next.to_string())
        }
    );
    // Proposing does not hand over anything yet.
    env.oracle()
        .set_price_source(&owner, "uusdc", 6, fixed())
        .unwrap();
    assert_err(
        env.oracle().set_price_source(&next, "uusdc", 6, fixed()),
        ContractError::Unauthorized,
    );

    // Only the proposed owner accepts.
    assert_err(
        env.oracle().accept_owner(&stranger),
        ContractError::Ownership(OwnershipError::NotProposedOwner),
    );
    let res = env.oracle().accept_owner(&next).unwrap();
    assert_eq!(
        AcceptOwnerEvent::find(&res.events).unwrap(),
        AcceptOwnerEvent {
            previous_owner: owner.to_string(),
            owner: next.to_string()
        }
    );
    assert_eq!(
        env.oracle().owner().unwrap(),
        OwnerResponse {
            owner: Some(next.to_string()),
            proposed_owner: None
        }
    );
    assert_err(
        env.oracle().remove_price_source(&owner, "uusdc"),
        ContractError::Unauthorized,
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
        env.oracle().renounce_owner(&stranger),
        ContractError::Unauthorized,
    );

    env.oracle().propose_owner(&owner, next.as_str()).unwrap();
    let res = env.oracle().renounce_owner(&owner).unwrap();
    assert_eq!(
        RenounceOwnerEvent::find(&res.events).unwrap(),
        RenounceOwnerEvent {
            previous_owner: owner.to_string()
        }
    );
    assert_eq!(
        env.oracle().owner().unwrap(),
        OwnerResponse {
            owner: None,
            proposed_owner: None
        }
    );

    // Nobody can do anything privileged any more, and the pending proposal is gone.
    let before = snapshot(&mut env);
    assert_err(
        env.oracle().set_price_source(&owner, "uatom", 6, fixed()),
        ContractError::Unauthorized,
    );
    assert_err(
        env.oracle().remove_price_source(&owner, "uusdc"),
        ContractError::Unauthorized,
    );
    assert_err(
        env.oracle().propose_owner(&owner, next.as_str()),
        ContractError::Unauthorized,
    );
    assert_err(
        env.oracle().renounce_owner(&owner),
        ContractError::Unauthorized,
    );
    assert_err(
        env.oracle().accept_owner(&next),
        ContractError::Ownership(OwnershipError::NoPendingProposal),
    );
    assert_eq!(snapshot(&mut env), before);
}
