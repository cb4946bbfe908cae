//! Two-step ownership: the one message shape of every Ballast contract, cw-ownable's.
//!
//! Each contract's `ExecuteMsg` carries `UpdateOwnership(OwnershipAction)` and its `QueryMsg` an
//! `Ownership {}` answered with the stored [`Ownership`] itself:
//!
//! ```json
//! {"update_ownership":{"transfer_ownership":{"new_owner":"cosmwasm1…","expiry":{"at_height":1200}}}}
//! {"update_ownership":"accept_ownership"}
//! {"update_ownership":"renounce_ownership"}
//! {"ownership":{}}  →  {"owner":"cosmwasm1…","pending_owner":null,"pending_expiry":null}
//! ```
//!
//! These are the types only; the rules (who may do what, expiry, events) and the handlers every
//! contract calls are in `ballast_kit::ownership`.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;
pub use cw_utils::Expiration;

/// What `UpdateOwnership` does. A misspelt or unknown field is an error.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
// and its compact table: the vault's `ExecuteMsg` reads it nested, everyone else through serde's
// derive
#[derive(ballast_compact::CompactDeserialize)]
#[compact(table_only)]
pub enum OwnershipAction {
    /// Proposes `new_owner`, who becomes the owner by sending `accept_ownership` before `expiry`.
    /// Owner only; replaces any pending proposal. An `expiry` already passed is refused.
    TransferOwnership {
        /// Address of the proposed owner.
        new_owner: String,
        /// When the proposal lapses (a block height or a time); never when omitted.
        expiry: Option<Expiration>,
    },
    /// The pending owner takes over. Only the pending owner, before the proposal's expiry.
    AcceptOwnership,
    /// Gives up ownership for good and drops any pending proposal: afterwards no privileged
    /// message is accepted. Owner only.
    RenounceOwnership,
}

/// The ownership a contract stores, and the answer to its `Ownership {}` query.
///
/// Invariant: a proposal only exists while there is an owner (renouncing clears it), and
/// `pending_expiry` is only set with a `pending_owner`.
#[cw_serde]
#[derive(Default)]
// and its compact table: the vault reads the stored one through it (unknown fields skipped, as
// serde's derive does), everyone else through serde's derive
#[derive(ballast_compact::CompactDeserialize)]
#[compact(table_only, ignore_unknown)]
#[derive(ballast_compact::WriteJson)]
pub struct Ownership {
    /// The current owner; `None` once ownership was renounced.
    pub owner: Option<Addr>,
    /// The owner proposed by `transfer_ownership`, waiting for `accept_ownership`.
    pub pending_owner: Option<Addr>,
    /// When the pending proposal lapses; `None` if it never does (or nothing is pending).
    pub pending_expiry: Option<Expiration>,
}

impl Ownership {
    /// Ownership held by `owner`, nothing proposed.
    pub fn new(owner: Addr) -> Self {
        Self {
            owner: Some(owner),
            pending_owner: None,
            pending_expiry: None,
        }
    }

    /// Whether `sender` is the current owner.
    pub fn is_owner(&self, sender: &Addr) -> bool {
        self.owner.as_ref() == Some(sender)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string, Timestamp};

    #[test]
    fn actions_read_and_write_as_cw_ownable_does() {
        let cases = [
            (
                OwnershipAction::TransferOwnership {
                    new_owner: "bob".into(),
                    expiry: None,
                },
                r#"{"transfer_ownership":{"new_owner":"bob","expiry":null}}"#,
            ),
            (
                OwnershipAction::TransferOwnership {
                    new_owner: "bob".into(),
                    expiry: Some(Expiration::AtHeight(7)),
                },
                r#"{"transfer_ownership":{"new_owner":"bob","expiry":{"at_height":7}}}"#,
            ),
            (
                OwnershipAction::TransferOwnership {
                    new_owner: "bob".into(),
                    expiry: Some(Expiration::AtTime(Timestamp::from_nanos(5))),
                },
                r#"{"transfer_ownership":{"new_owner":"bob","expiry":{"at_time":"5"}}}"#,
            ),
            (
                OwnershipAction::TransferOwnership {
                    new_owner: "bob".into(),
                    expiry: Some(Expiration::Never {}),
                },
                r#"{"transfer_ownership":{"new_owner":"bob","expiry":{"never":{}}}}"#,
            ),
            (OwnershipAction::AcceptOwnership, r#""accept_ownership""#),
            (
                OwnershipAction::RenounceOwnership,
                r#""renounce_ownership""#,
            ),
        ];
        for (action, json) in cases {
            assert_eq!(to_json_string(&action).unwrap(), json);
            assert_eq!(from_json::<OwnershipAction>(json).unwrap(), action);
        }
        // the expiry may be omitted; a misspelt field is an error, never "field omitted"
        assert_eq!(
            from_json::<OwnershipAction>(r#"{"transfer_ownership":{"new_owner":"bob"}}"#).unwrap(),
            OwnershipAction::TransferOwnership {
                new_owner: "bob".into(),
                expiry: None
            }
        );
        for bad in [
            r#"{"transfer_ownership":{"new_owner":"bob","expiri":null}}"#,
            r#"{"transfer_ownership":{"owner":"bob"}}"#,
            r#"{"propose_owner":{"owner":"bob"}}"#,
            r#"{"accept_ownership":{}}"#,
        ] {
            assert!(from_json::<OwnershipAction>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ownership_answers_with_all_three_fields() {
        let mut own = Ownership::new(Addr::unchecked("alice"));
        assert_eq!(
            to_json_string(&own).unwrap(),
            r#"{"owner":"alice","pending_owner":null,"pending_expiry":null}"#
        );
        own.pending_owner = Some(Addr::unchecked("bob"));
        own.pending_expiry = Some(Expiration::AtHeight(9));
        assert_eq!(
            to_json_string(&own).unwrap(),
            r#"{"owner":"alice","pending_owner":"bob","pending_expiry":{"at_height":9}}"#
        );
        assert!(own.is_owner(&Addr::unchecked("alice")));
        assert!(!own.is_owner(&Addr::unchecked("bob")));
        assert!(!Ownership::default().is_owner(&Addr::unchecked("alice")));
    }
}
