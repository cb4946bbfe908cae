//! Assertion helpers.

use std::fmt::{Debug, Display};

use cosmwasm_std::StdResult;

/// Asserts that `res` failed with `expected`.
///
/// cw-multi-test 3 turns a contract's error into a `StdError` holding only its message (and
/// queries across contracts do the same on chain), so typed errors are compared through their
/// `Display`: build the expected `ContractError` with its data and pass it here.
#[track_caller]
pub fn assert_err<T: Debug>(res: StdResult<T>, expected: impl Display) {
    let expected = expected.to_string();
    match res {
        Ok(value) => panic!("expected error {expected:?}, got Ok({value:?})"),
        Err(err) => {
            let found = err.to_string();
            assert!(
                found.contains(&expected),
                "expected error {expected:?}, got {found:?}"
            );
        }
    }
}
