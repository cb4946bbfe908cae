//! Checks of the coins attached to a message. Every coin that comes in is accounted for or
//! refunded by the action; anything else is refused here, before any state change.
//!
//! ```
//! use ballast_kit::funds::{no_funds, one_coin};
//! use ballast_kit::KitError;
//! use cosmwasm_std::testing::message_info;
//! use cosmwasm_std::{coin, Addr};
//!
//! let sender = Addr::unchecked("sender");
//! assert!(no_funds(&message_info(&sender, &[])).is_ok());
//! let paid = one_coin(&message_info(&sender, &[coin(5, "uusdc")])).unwrap();
//! assert_eq!((paid.denom.as_str(), paid.amount.u128()), ("uusdc", 5));
//! assert!(matches!(
//!     one_coin(&message_info(&sender, &[coin(1, "a"), coin(1, "b")])),
//!     Err(KitError::NotOneCoin { count: 2 })
//! ));
//! ```

use cosmwasm_std::{Coin, MessageInfo, Uint128};

use crate::error::{KitError, KitResult};

/// An attached coin whose amount is non-zero and fits the ledgers (`Uint128`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Funds {
    /// Denom.
    pub denom: String,
    /// Amount, non-zero.
    pub amount: Uint128,
}

impl Funds {
    /// As a bank coin.
    pub fn to_coin(&self) -> Coin {
        Coin::new(self.amount, self.denom.clone())
    }
}

/// Fails if any coin is attached.
pub fn no_funds(info: &MessageInfo) -> KitResult<()> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(KitError::FundsNotAccepted)
    }
}

/// `amount` of `denom` as one attached coin: non-zero (also for the coins a simulation supposes
/// attached).
pub fn nonzero(denom: &str, amount: Uint128) -> KitResult<Funds> {
    if amount.is_zero() {
        return Err(KitError::ZeroFunds {
            denom: denom.to_string(),
        });
    }
    Ok(Funds {
        denom: denom.to_string(),
        amount,
    })
}

/// One attached coin: non-zero and at most `u128::MAX`.
fn checked(coin: &Coin) -> KitResult<Funds> {
    let amount = Uint128::try_from(coin.amount).map_err(|_| KitError::FundsTooLarge {
        denom: coin.denom.clone(),
    })?;
    nonzero(&coin.denom, amount)
}

/// The attached coins: at least one, each non-zero and at most `u128::MAX`, no denom twice.
pub fn coins(info: &MessageInfo) -> KitResult<Vec<Funds>> {
    if info.funds.is_empty() {
        return Err(KitError::NoFunds);
    }
    let mut out: Vec<Funds> = Vec::with_capacity(info.funds.len());
    for coin in &info.funds {
        let funds = checked(coin)?;
        if out.iter().any(|f| f.denom == funds.denom) {
            return Err(KitError::DuplicateFunds { denom: funds.denom });
        }
        out.push(funds);
    }
    Ok(out)
}

/// Exactly one attached coin, non-zero, at most `u128::MAX`.
pub fn one_coin(info: &MessageInfo) -> KitResult<Funds> {
    match info.funds.as_slice() {
        [] => Err(KitError::NoFunds),
        [coin] => checked(coin),
        many => Err(KitError::NotOneCoin { count: many.len() }),
    }
}

/// Exactly one attached coin, of `denom`: its amount (non-zero, at most `u128::MAX`).
pub fn one_coin_of(info: &MessageInfo, denom: &str) -> KitResult<Uint128> {
    let funds = one_coin(info)?;
    if funds.denom != denom {
        return Err(KitError::WrongDenom {
            denom: funds.denom,
            expected: denom.to_string(),
        });
    }
    Ok(funds.amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::message_info;
    use cosmwasm_std::{coin, Addr, Uint256};

    fn info(funds: &[Coin]) -> MessageInfo {
        message_info(&Addr::unchecked("sender"), funds)
    }

    /// One coin more than `u128::MAX` (bank coins are 256-bit).
    fn huge(denom: &str) -> Coin {
        Coin::new(Uint256::from(u128::MAX) + Uint256::one(), denom)
    }

    fn text<T: std::fmt::Debug>(res: KitResult<T>) -> String {
        res.unwrap_err().to_string()
    }

    #[test]
    fn no_funds_refuses_any_coin() {
        assert!(no_funds(&info(&[])).is_ok());
        assert!(matches!(
            no_funds(&info(&[coin(1, "uatom")])),
            Err(KitError::FundsNotAccepted)
        ));
        assert_eq!(
            text(no_funds(&info(&[coin(0, "uatom")]))),
            "invalid funds: this message takes no funds"
        );
    }

    #[test]
    fn one_coin_takes_exactly_one_non_zero_coin_that_fits() {
        assert_eq!(
            one_coin(&info(&[coin(5, "uusdc")])).unwrap(),
            Funds {
                denom: "uusdc".into(),
                amount: Uint128::new(5)
            }
        );
        let max = Coin::new(Uint256::from(u128::MAX), "uusdc");
        assert_eq!(one_coin(&info(&[max])).unwrap().amount, Uint128::MAX);

        // none
        assert!(matches!(one_coin(&info(&[])), Err(KitError::NoFunds)));
        assert_eq!(
            text(one_coin(&info(&[]))),
            "invalid funds: no funds attached"
        );
        // several coins, even good ones
        assert!(matches!(
            one_coin(&info(&[coin(1, "a"), coin(1, "b"), coin(1, "c")])),
            Err(KitError::NotOneCoin { count: 3 })
        ));
        assert_eq!(
            text(one_coin(&info(&[coin(1, "a"), coin(1, "b")]))),
            "invalid funds: exactly one coin expected, 2 sent"
        );
        // zero amount
        assert!(matches!(
            one_coin(&info(&[coin(0, "uusdc")])),
            Err(KitError::ZeroFunds { denom }) if denom == "uusdc"
        ));
        // more than the ledgers hold
        assert_eq!(
            text(one_coin(&info(&[huge("uusdc")]))),
            "invalid funds: amount of uusdc exceeds u128::MAX"
        );
    }

    #[test]
    fn one_coin_of_refuses_a_wrong_denom() {
        assert_eq!(
            one_coin_of(&info(&[coin(7, "uusdc")]), "uusdc").unwrap(),
            Uint128::new(7)
        );
        assert!(matches!(
            one_coin_of(&info(&[coin(7, "uatom")]), "uusdc"),
            Err(KitError::WrongDenom { denom, expected }) if denom == "uatom" && expected == "uusdc"
        ));
        assert_eq!(
            text(one_coin_of(&info(&[coin(7, "uatom")]), "uusdc")),
            "invalid funds: uatom sent, uusdc expected"
        );
        assert!(matches!(
            one_coin_of(&info(&[]), "uusdc"),
            Err(KitError::NoFunds)
        ));
        assert!(matches!(
            one_coin_of(&info(&[coin(0, "uusdc")]), "uusdc"),
            Err(KitError::ZeroFunds { .. })
        ));
    }

    #[test]
    fn coins_takes_several_distinct_non_zero_coins() {
        let ok = coins(&info(&[coin(1, "a"), coin(u128::MAX, "b")])).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].amount, Uint128::MAX);
        assert_eq!(ok[0].to_coin(), coin(1, "a"));

        assert!(matches!(coins(&info(&[])), Err(KitError::NoFunds)));
        // one bad coin among good ones refuses them all
        assert_eq!(
            text(coins(&info(&[coin(5, "uatom"), coin(0, "uusdc")]))),
            "invalid funds: zero amount of uusdc"
        );
        assert_eq!(
            text(coins(&info(&[coin(5, "uusdc"), coin(7, "uusdc")]))),
            "invalid funds: duplicate denom uusdc"
        );
        assert_eq!(
            text(coins(&info(&[coin(5, "uusdc"), huge("uatom")]))),
            "invalid funds: amount of uatom exceeds u128::MAX"
        );
    }

    #[test]
    fn nonzero_refuses_zero() {
        assert_eq!(
            nonzero("uatom", Uint128::new(3)).unwrap().to_coin(),
            coin(3, "uatom")
        );
        assert!(matches!(
            nonzero("uatom", Uint128::zero()),
            Err(KitError::ZeroFunds { denom }) if denom == "uatom"
        ));
    }
}
