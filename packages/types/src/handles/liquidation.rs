//! [`LiquidationHandle`]: typed access to the liquidation contract.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, CustomQuery, QuerierWrapper, StdResult, Uint128, WasmMsg,
};
use serde::de::DeserializeOwned;

use crate::liquidation::{
    Config, ExecuteMsg, LiquidatablePositionsResponse, LiquidationPolicy, QueryMsg,
    SimulateLiquidationResponse,
};
use crate::ownership::Ownership;

/// The liquidation contract at an address. Stored as a plain address string.
#[cw_serde]
pub struct LiquidationHandle(pub Addr);

impl LiquidationHandle {
    /// The liquidation contract at `addr`.
    pub fn new(addr: Addr) -> Self {
        Self(addr)
    }

    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Any query, decoded as `T`.
    pub fn query<C: CustomQuery, T: DeserializeOwned>(
        &self,
        querier: &QuerierWrapper<C>,
        msg: &QueryMsg,
    ) -> StdResult<T> {
        super::query_smart(querier, &self.0, msg)
    }

    /// The policy (what the vault reads to bound collateral parameters).
    pub fn query_policy<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<LiquidationPolicy> {
        self.query(querier, &QueryMsg::Policy {})
    }

    /// The configuration.
    pub fn query_config<C: CustomQuery>(&self, querier: &QuerierWrapper<C>) -> StdResult<Config> {
        self.query(querier, &QueryMsg::Config {})
    }

    /// The owner, the pending owner and when the proposal lapses.
    pub fn query_ownership<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<Ownership> {
        self.query(querier, &QueryMsg::Ownership {})
    }

    /// What `Liquidate` would do now with `debt_amount` (as much as allowed when `None`).
    pub fn query_simulate_liquidation<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
        debt_denom: impl Into<String>,
        collateral_denom: impl Into<String>,
        debt_amount: Option<Uint128>,
    ) -> StdResult<SimulateLiquidationResponse> {
        self.query(
            querier,
            &QueryMsg::SimulateLiquidation {
                owner: owner.into(),
                account: Some(account),
                debt_denom: debt_denom.into(),
                collateral_denom: collateral_denom.into(),
                debt_amount,
            },
        )
    }

    /// A page of liquidatable accounts.
    pub fn query_liquidatable_positions<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
    ) -> StdResult<LiquidatablePositionsResponse> {
        self.query(
            querier,
            &QueryMsg::LiquidatablePositions { start_after, limit },
        )
    }

    /// A message executing `msg` on the contract with `funds`.
    pub fn execute_msg<T>(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg<T>> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    /// `Liquidate` of `(owner, account)` as a message, paying with `debt` (the one coin).
    pub fn liquidate_msg<T>(
        &self,
        owner: impl Into<String>,
        account: u32,
        collateral_denom: impl Into<String>,
        min_collateral_out: Option<Uint128>,
        recipient: Option<String>,
        debt: Coin,
    ) -> StdResult<CosmosMsg<T>> {
        self.execute_msg(
            &ExecuteMsg::Liquidate {
                owner: owner.into(),
                account: Some(account),
                collateral_denom: collateral_denom.into(),
                min_collateral_out,
                recipient,
            },
            vec![debt],
        )
    }
}

impl From<Addr> for LiquidationHandle {
    fn from(addr: Addr) -> Self {
        Self(addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{coin, from_json};

    #[test]
    fn liquidate_msg_carries_one_coin() {
        let liq = LiquidationHandle::new(Addr::unchecked("liq"));
        let msg: CosmosMsg = liq
            .liquidate_msg(
                "owner",
                1,
                "uatom",
                Some(Uint128::new(5)),
                None,
                coin(9, "uusdc"),
            )
            .unwrap();
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) = msg
        else {
            panic!("not a wasm execute");
        };
        assert_eq!(contract_addr, "liq");
        assert_eq!(funds, vec![coin(9, "uusdc")]);
        assert_eq!(
            from_json::<ExecuteMsg>(&msg).unwrap(),
            ExecuteMsg::Liquidate {
                owner: "owner".into(),
                account: Some(1),
                collateral_denom: "uatom".into(),
                min_collateral_out: Some(Uint128::new(5)),
                recipient: None,
            }
        );
    }
}
