//! Ownership helpers of the contract clients whose messages take `update_ownership` (the oracle's
//! and the liquidation contract's: [`crate::OracleClient`], [`crate::LiquidationClient`]).

use ballast_types::ownership::{Expiration, Ownership, OwnershipAction};
use cosmwasm_std::{Addr, StdResult};
use cw_multi_test::AppResponse;

/// `UpdateOwnership` and `Ownership {}` of a contract client.
pub trait Ownable {
    /// `UpdateOwnership(action)`.
    fn update_ownership(
        &mut self,
        sender: &Addr,
        action: OwnershipAction,
    ) -> StdResult<AppResponse>;

    /// `Ownership {}`.
    fn ownership(&self) -> StdResult<Ownership>;

    /// `transfer_ownership` to `new_owner` (the address as given, so invalid ones can be tried).
    fn transfer_ownership(
        &mut self,
        sender: &Addr,
        new_owner: &str,
        expiry: Option<Expiration>,
    ) -> StdResult<AppResponse> {
        let action = OwnershipAction::TransferOwnership {
            new_owner: new_owner.to_string(),
            expiry,
        };
        self.update_ownership(sender, action)
    }

    /// `accept_ownership`.
    fn accept_ownership(&mut self, sender: &Addr) -> StdResult<AppResponse> {
        self.update_ownership(sender, OwnershipAction::AcceptOwnership)
    }

    /// `renounce_ownership`.
    fn renounce_ownership(&mut self, sender: &Addr) -> StdResult<AppResponse> {
        self.update_ownership(sender, OwnershipAction::RenounceOwnership)
    }
}

/// `impl Ownable for $client<'_>`: its `execute` with `$msg::UpdateOwnership`, and its handle's
/// `query_ownership`.
macro_rules! impl_ownable {
    ($client:ident, $msg:ident) => {
        impl $crate::ownership::Ownable for $client<'_> {
            fn update_ownership(
                &mut self,
                sender: &cosmwasm_std::Addr,
                action: ballast_types::ownership::OwnershipAction,
            ) -> cosmwasm_std::StdResult<cw_multi_test::AppResponse> {
                self.execute(sender, &$msg::UpdateOwnership(action), &[])
            }

            fn ownership(&self) -> cosmwasm_std::StdResult<ballast_types::ownership::Ownership> {
                self.handle().query_ownership(&self.app.wrap())
            }
        }
    };
}
pub(crate) use impl_ownable;
