//! Checks of the coins attached to a message. Every coin that comes in is accounted for or
//! refunded in the same transaction; anything else is rejected here, before any state change.

use cosmwasm_std::{Coin, MessageInfo, Uint128};

use crate::error::{ContractError, ContractResult};

/// A coin whose amount fits the ledger (`Uint128`).
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
pub fn nonpayable(info: &MessageInfo) -> ContractResult<()> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(ContractError::invalid_funds("this message takes no funds"))
    }
}

/// The attached coins: at least one, each non-zero and at most `u128::MAX`, no denom twice.
pub fn coins(info: &MessageInfo) -> ContractResult<Vec<Funds>> {
    if info.funds.is_empty() {
        return Err(ContractError::invalid_funds("no funds attached"));
    }
    let mut out: Vec<Funds> = Vec::with_capacity(info.funds.len());
    for coin in &info.funds {
        let amount = Uint128::try_from(coin.amount).map_err(|_| {
            ContractError::invalid_funds(format!("amount of {} exceeds u128::MAX", coin.denom))
        })?;
        let funds = nonzero(&coin.denom, amount)?;
        if out.iter().any(|f| f.denom == coin.denom) {
            return Err(ContractError::invalid_funds(format!(
                "duplicate denom {}",
                coin.denom
            )));
        }
        out.push(funds);
    }
    Ok(out)
}

/// `amount` of `denom` as one attached coin: non-zero (also for the coins `SimulatePosition`
/// supposes attached).
pub fn nonzero(denom: &str, amount: Uint128) -> ContractResult<Funds> {
    if amount.is_zero() {
        return Err(ContractError::invalid_funds(format!(
            "zero amount of {denom}"
        )));
    }
    Ok(Funds {
        denom: denom.to_string(),
        amount,
    })
}

/// Exactly one attached coin, non-zero, at most `u128::MAX`.
pub fn one_coin(info: &MessageInfo) -> ContractResult<Funds> {
    let mut all = coins(info)?;
    match all.pop() {
        Some(coin) if all.is_empty() => Ok(coin),
        _ => Err(ContractError::invalid_funds("exactly one coin expected")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::message_info;
    use cosmwasm_std::{coin, Addr, Uint256};

    fn info(funds: Vec<Coin>) -> MessageInfo {
        message_info(&Addr::unchecked("sender"), &funds)
    }

    #[test]
    fn rejects_every_malformed_attachment() {
        assert!(nonpayable(&info(vec![])).is_ok());
        assert!(nonpayable(&info(vec![coin(1, "a")])).is_err());
        for bad in [
            vec![],
            vec![coin(0, "uatom")],
            vec![coin(1, "uatom"), coin(2, "uatom")],
            vec![Coin::new(
                Uint256::from(u128::MAX) + Uint256::one(),
                "uatom",
            )],
        ] {
            assert!(matches!(
                coins(&info(bad)),
                Err(ContractError::InvalidFunds { .. })
            ));
        }
        let ok = coins(&info(vec![coin(1, "a"), coin(u128::MAX, "b")])).unwrap();
        assert_eq!(ok[1].amount, Uint128::MAX);
        assert!(one_coin(&info(vec![coin(1, "a"), coin(1, "b")])).is_err());
        assert_eq!(
            one_coin(&info(vec![coin(3, "a")])).unwrap().amount.u128(),
            3
        );
    }
}
