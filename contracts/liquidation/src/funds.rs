//! Funds checks of the dispatcher, as typed [`ContractError::InvalidFunds`] errors.

use cosmwasm_std::{MessageInfo, Uint128};

use crate::error::{ContractError, ContractResult};

/// One coin with its amount checked to fit `Uint128` (bank coins are 256-bit in cosmwasm-std 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funds {
    /// Denom.
    pub denom: String,
    /// Amount, non-zero.
    pub amount: Uint128,
}

fn invalid(reason: impl Into<String>) -> ContractError {
    ContractError::InvalidFunds {
        reason: reason.into(),
    }
}

/// No coins at all.
pub fn nonpayable(info: &MessageInfo) -> ContractResult<()> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(invalid("this message takes no funds"))
    }
}

/// Exactly one coin, non-zero, at most `u128::MAX`.
pub fn one_coin(info: &MessageInfo) -> ContractResult<Funds> {
    let coin = match info.funds.as_slice() {
        [] => {
            return Err(invalid(
                "no coins sent: send exactly one coin, the debt repaid",
            ))
        }
        [coin] => coin,
        many => {
            return Err(invalid(format!(
                "{} coins sent: send exactly one coin, the debt repaid",
                many.len()
            )))
        }
    };
    if coin.amount.is_zero() {
        return Err(invalid(format!("zero amount of {}", coin.denom)));
    }
    let amount = Uint128::try_from(coin.amount).map_err(|_| {
        invalid(format!(
            "{}{} is more than the largest amount, {}",
            coin.amount,
            coin.denom,
            Uint128::MAX
        ))
    })?;
    Ok(Funds {
        denom: coin.denom.clone(),
        amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{message_info, MockApi};
    use cosmwasm_std::{coin, Coin, Uint256};

    fn info(funds: &[Coin]) -> MessageInfo {
        message_info(&MockApi::default().addr_make("bot"), funds)
    }

    fn reason(res: ContractResult<impl std::fmt::Debug>) -> String {
        match res {
            Err(ContractError::InvalidFunds { reason }) => reason,
            other => panic!("expected InvalidFunds, got {other:?}"),
        }
    }

    #[test]
    fn exactly_one_non_zero_coin_that_fits_u128() {
        assert_eq!(
            one_coin(&info(&[coin(5, "uusdc")])).unwrap(),
            Funds {
                denom: "uusdc".into(),
                amount: Uint128::new(5)
            }
        );
        assert!(reason(one_coin(&info(&[]))).starts_with("no coins"));
        assert!(reason(one_coin(&info(&[coin(1, "a"), coin(1, "b")]))).starts_with("2 coins"));
        assert!(reason(one_coin(&info(&[coin(0, "uusdc")]))).starts_with("zero amount"));
        let max = Coin::new(Uint256::from(u128::MAX), "uusdc");
        assert_eq!(one_coin(&info(&[max])).unwrap().amount, Uint128::MAX);
        let huge = Coin::new(Uint256::from(u128::MAX) + Uint256::one(), "uusdc");
        assert!(reason(one_coin(&info(&[huge]))).contains("more than the largest amount"));
    }

    #[test]
    fn nonpayable_refuses_any_coin() {
        assert!(nonpayable(&info(&[])).is_ok());
        assert!(reason(nonpayable(&info(&[coin(1, "uusdc")]))).contains("no funds"));
    }
}
