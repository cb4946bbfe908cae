//! [`VaultHandle`]: typed access to the vault.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, CustomQuery, QuerierWrapper, StdResult, Uint128, WasmMsg,
};
use serde::de::DeserializeOwned;

use crate::oracle::PriceKind;
use crate::ownership::Ownership;
use crate::vault::{
    AccountResponse, AccountsResponse, Asset, Config, ExecuteMsg, LiquidationContextResponse,
    MarketResponse, MaxAmountResponse, PositionAction, PositionResponse, PositionsResponse,
    QueryMsg, RiskSummaryResponse, SimulatePositionResponse, SupplyResponse,
};

/// The vault at an address. Stored as a plain address string.
#[cw_serde]
pub struct VaultHandle(pub Addr);

impl VaultHandle {
    /// The vault at `addr`.
    pub fn new(addr: Addr) -> Self {
        Self(addr)
    }

    /// The vault's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Any query, decoded as `T`.
    pub fn query<C: CustomQuery, T: DeserializeOwned>(
        &self,
        querier: &QuerierWrapper<C>,
        msg: &QueryMsg,
    ) -> StdResult<T> {
        querier.query_wasm_smart(&self.0, msg)
    }

    /// `LiquidationContext`: everything a liquidation needs about one account, at `Liquidation`
    /// prices and the current block, in one query.
    pub fn query_liquidation_context<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
    ) -> StdResult<LiquidationContextResponse> {
        self.query(
            querier,
            &QueryMsg::LiquidationContext {
                owner: owner.into(),
                account: Some(account),
            },
        )
    }

    /// `Position` of one account at prices of `kind`.
    pub fn query_position<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
        kind: PriceKind,
    ) -> StdResult<PositionResponse> {
        self.query(
            querier,
            &QueryMsg::Position {
                owner: owner.into(),
                account: Some(account),
                kind: Some(kind),
            },
        )
    }

    /// A page of positions of accounts that owe debt, with the cursor of the next page.
    pub fn query_positions<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
        kind: PriceKind,
    ) -> StdResult<PositionsResponse> {
        self.query(
            querier,
            &QueryMsg::Positions {
                start_after,
                limit,
                kind: Some(kind),
            },
        )
    }

    /// The raw ledger of one account (no prices).
    pub fn query_account<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
    ) -> StdResult<AccountResponse> {
        self.query(
            querier,
            &QueryMsg::Account {
                owner: owner.into(),
                account: Some(account),
            },
        )
    }

    /// The sub-accounts of one owner (first page of 30).
    pub fn query_accounts<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
    ) -> StdResult<AccountsResponse> {
        self.query(
            querier,
            &QueryMsg::Accounts {
                owner: owner.into(),
                start_after: None,
                limit: None,
            },
        )
    }

    /// One market at the current block.
    pub fn query_market<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denom: impl Into<String>,
    ) -> StdResult<MarketResponse> {
        self.query(
            querier,
            &QueryMsg::Market {
                denom: denom.into(),
            },
        )
    }

    /// `SupplyPosition`: one lender's supply in one market.
    pub fn query_supply_position<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        lender: impl Into<String>,
        denom: impl Into<String>,
    ) -> StdResult<SupplyResponse> {
        self.query(
            querier,
            &QueryMsg::SupplyPosition {
                lender: lender.into(),
                denom: denom.into(),
            },
        )
    }

    /// One listed asset.
    pub fn query_asset<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        denom: impl Into<String>,
    ) -> StdResult<Asset> {
        self.query(
            querier,
            &QueryMsg::Asset {
                denom: denom.into(),
            },
        )
    }

    /// The configuration.
    pub fn query_config<C: CustomQuery>(&self, querier: &QuerierWrapper<C>) -> StdResult<Config> {
        self.query(querier, &QueryMsg::Config {})
    }

    /// The risk steward and its limits (`Steward {}`, without cooldowns).
    pub fn query_steward<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<crate::governance::StewardResponse> {
        self.query(querier, &QueryMsg::Steward { denom: None })
    }

    /// The owner, the pending owner and when the proposal lapses.
    pub fn query_ownership<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<Ownership> {
        self.query(querier, &QueryMsg::Ownership {})
    }

    /// Protocol-wide totals.
    pub fn query_risk_summary<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
    ) -> StdResult<RiskSummaryResponse> {
        self.query(querier, &QueryMsg::RiskSummary {})
    }

    /// Largest borrow of `denom` for one account.
    pub fn query_max_borrow<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
        denom: impl Into<String>,
    ) -> StdResult<MaxAmountResponse> {
        self.query(
            querier,
            &QueryMsg::MaxBorrow {
                owner: owner.into(),
                account: Some(account),
                denom: denom.into(),
            },
        )
    }

    /// Largest withdrawal of collateral `denom` for one account.
    pub fn query_max_withdraw<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
        denom: impl Into<String>,
    ) -> StdResult<MaxAmountResponse> {
        self.query(
            querier,
            &QueryMsg::MaxWithdraw {
                owner: owner.into(),
                account: Some(account),
                denom: denom.into(),
            },
        )
    }

    /// `SimulatePosition`: the position of one account after `actions`, and each action's
    /// outcome, without sending anything.
    pub fn query_simulate_position<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        owner: impl Into<String>,
        account: u32,
        actions: Vec<PositionAction>,
    ) -> StdResult<SimulatePositionResponse> {
        self.query(
            querier,
            &QueryMsg::SimulatePosition {
                owner: owner.into(),
                account: Some(account),
                actions,
            },
        )
    }

    /// A message executing `msg` on the vault with `funds`.
    pub fn execute_msg<T>(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg<T>> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    /// `SettleLiquidation` as a message, sending `settlement.repaid` (the debt coin) along. For
    /// the liquidation contract.
    pub fn settle_liquidation_msg<T>(&self, settlement: Settlement) -> StdResult<CosmosMsg<T>> {
        let Settlement {
            owner,
            account,
            collateral_denom,
            seize,
            protocol_fee,
            recipient,
            treasury,
            repaid,
        } = settlement;
        self.execute_msg(
            &ExecuteMsg::SettleLiquidation {
                owner,
                account: Some(account),
                collateral_denom,
                seize,
                protocol_fee,
                recipient,
                treasury,
            },
            vec![repaid],
        )
    }

    /// `Deposit` of `funds` into `(on_behalf_of or sender, account)` as a message.
    pub fn deposit_msg<T>(
        &self,
        account: u32,
        on_behalf_of: Option<String>,
        funds: Vec<Coin>,
    ) -> StdResult<CosmosMsg<T>> {
        self.execute_msg(
            &ExecuteMsg::Deposit {
                account: Some(account),
                on_behalf_of,
            },
            funds,
        )
    }

    /// `Repay` of `funds` for `(on_behalf_of or sender, account)` as a message.
    pub fn repay_msg<T>(
        &self,
        account: u32,
        on_behalf_of: Option<String>,
        funds: Vec<Coin>,
    ) -> StdResult<CosmosMsg<T>> {
        self.execute_msg(
            &ExecuteMsg::Repay {
                account: Some(account),
                on_behalf_of,
            },
            funds,
        )
    }
}

impl From<Addr> for VaultHandle {
    fn from(addr: Addr) -> Self {
        Self(addr)
    }
}

/// One liquidation's settlement, as the liquidation contract asks the vault for it
/// ([`VaultHandle::settle_liquidation_msg`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Owner of the liquidated account.
    pub owner: String,
    /// Its sub-account.
    pub account: u32,
    /// Collateral denom to release.
    pub collateral_denom: String,
    /// Collateral to release from the account (protocol fee included).
    pub seize: Uint128,
    /// Part of `seize` that goes to the treasury.
    pub protocol_fee: Uint128,
    /// Who receives `seize − protocol_fee`.
    pub recipient: String,
    /// Who receives the protocol fee.
    pub treasury: String,
    /// The debt coin repaid, sent along with the message.
    pub repaid: Coin,
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{coin, from_json};

    #[test]
    fn settle_liquidation_msg_carries_the_debt_coin() {
        let vault = VaultHandle::new(Addr::unchecked("vault"));
        let msg: CosmosMsg = vault
            .settle_liquidation_msg(Settlement {
                owner: "owner".into(),
                account: 2,
                collateral_denom: "uatom".into(),
                seize: Uint128::new(10),
                protocol_fee: Uint128::new(1),
                recipient: "bot".into(),
                treasury: "treasury".into(),
                repaid: coin(50, "uusdc"),
            })
            .unwrap();
        match msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                assert_eq!(contract_addr, "vault");
                assert_eq!(funds, vec![coin(50, "uusdc")]);
                match from_json::<ExecuteMsg>(&msg).unwrap() {
                    ExecuteMsg::SettleLiquidation { account, seize, .. } => {
                        assert_eq!(account, Some(2));
                        assert_eq!(seize, Uint128::new(10));
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
            other => panic!("unexpected message {other:?}"),
        }
    }
}
