//! Validation of the inputs every contract takes: addresses, denoms, page limits, decimals. What
//! is particular to one contract (its parameters, price sources, policy) stays in its own
//! `validate.rs`.

use cosmwasm_std::{Addr, Api};

use crate::error::{KitError, KitResult};

/// Most decimals a denom (or the oracle's quote asset) may have: what the price maths supports.
pub const MAX_DECIMALS: u8 = ballast_math::price::MAX_DECIMALS;
/// Page size of a list query when none is given.
pub const DEFAULT_LIMIT: u32 = 10;
/// Largest page size of a list query: larger limits are clamped to it.
pub const MAX_LIMIT: u32 = 30;

/// A valid address of this chain (bech32 with its prefix, lowercase), as a typed error.
pub fn address(api: &dyn Api, address: &str) -> KitResult<Addr> {
    api.addr_validate(address)
        .map_err(|err| KitError::InvalidAddress {
            address: address.to_string(),
            reason: err.to_string(),
        })
}

/// A bank denom as the Cosmos SDK accepts it: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`. Every allowed
/// character is ASCII, so the bytes are checked (a non-ASCII character's bytes are all refused).
pub fn denom(denom: &str) -> KitResult<()> {
    let invalid = |reason: &str| KitError::InvalidDenom {
        denom: denom.to_string(),
        reason: reason.to_string(),
    };
    let bytes = denom.as_bytes();
    if !(3..=128).contains(&bytes.len()) {
        return Err(invalid("must be 3 to 128 characters long"));
    }
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return Err(invalid("must start with a letter"));
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b':' | b'.' | b'_' | b'-'))
    {
        return Err(invalid("may only contain letters, digits and / : . _ -"));
    }
    Ok(())
}

/// A page size: `default` when omitted, clamped to `max`; 0 is [`KitError::ZeroLimit`].
pub fn limit(limit: Option<u32>, default: u32, max: u32) -> KitResult<usize> {
    match limit {
        Some(0) => Err(KitError::ZeroLimit),
        Some(limit) => Ok(limit.min(max) as usize),
        None => Ok(default as usize),
    }
}

/// Decimals of a denom: at most [`MAX_DECIMALS`].
pub fn decimals(decimals: u8) -> KitResult<()> {
    if decimals > MAX_DECIMALS {
        return Err(KitError::DecimalsTooLarge {
            decimals,
            max: MAX_DECIMALS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    #[test]
    fn addresses() {
        let api = MockApi::default();
        let good = api.addr_make("alice");
        assert_eq!(address(&api, good.as_str()).unwrap(), good);
        let upper = good.as_str().to_uppercase();
        for bad in ["", "alice", "Not-An-Address", upper.as_str()] {
            match address(&api, bad) {
                Err(KitError::InvalidAddress { address, .. }) => assert_eq!(address, bad),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(address(&api, "x")
            .unwrap_err()
            .to_string()
            .starts_with("invalid address \"x\": "));
    }

    #[test]
    fn denoms() {
        for good in [
            "uatom",
            "wei",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/osmo1abc/sub.x-y_z:w",
            // the cases each contract's copy tested
            "factory/osmo1abc/sub.x-y_z",
            "factory/osmo1abc/alloyed.eth",
            "factory/cosmos1x/ab-c_d.e:f",
        ] {
            assert!(denom(good).is_ok(), "{good}");
        }
        let long = "a".repeat(129);
        for (bad, reason) in [
            ("", "must be 3 to 128 characters long"),
            ("ab", "must be 3 to 128 characters long"),
            (long.as_str(), "must be 3 to 128 characters long"),
            ("1atom", "must start with a letter"),
            ("1abc", "must start with a letter"),
            ("/uatom", "must start with a letter"),
            ("u atom", "may only contain letters, digits and / : . _ -"),
            ("uatom!", "may only contain letters, digits and / : . _ -"),
            ("uatöm", "may only contain letters, digits and / : . _ -"),
        ] {
            match denom(bad) {
                Err(KitError::InvalidDenom { denom, reason: r }) => {
                    assert_eq!((denom.as_str(), r.as_str()), (bad, reason))
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(denom(&"a".repeat(128)).is_ok());
    }

    #[test]
    fn limits() {
        assert!(matches!(limit(Some(0), 10, 30), Err(KitError::ZeroLimit)));
        assert_eq!(
            limit(Some(0), 10, 30).unwrap_err().to_string(),
            "limit must be at least 1"
        );
        assert_eq!(limit(None, 10, 30).unwrap(), 10);
        assert_eq!(limit(Some(1), 10, 30).unwrap(), 1);
        assert_eq!(limit(Some(7), 10, 30).unwrap(), 7);
        assert_eq!(limit(Some(30), 10, 30).unwrap(), 30);
        assert_eq!(limit(Some(1_000_000_000), 10, 30).unwrap(), 30);
        assert_eq!(limit(Some(u32::MAX), DEFAULT_LIMIT, MAX_LIMIT).unwrap(), 30);
    }

    #[test]
    fn decimals_bound() {
        assert!(decimals(0).is_ok());
        assert!(decimals(MAX_DECIMALS).is_ok());
        assert!(matches!(
            decimals(37),
            Err(KitError::DecimalsTooLarge {
                decimals: 37,
                max: 36
            })
        ));
        assert_eq!(
            decimals(255).unwrap_err().to_string(),
            "decimals 255 too large: at most 36"
        );
    }
}
