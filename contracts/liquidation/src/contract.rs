//! Entry points. The dispatcher checks funds (one coin for `Liquidate`, none otherwise) and
//! validates addresses, then hands over to one `run` per action; ownership is the kit's. It stays
//! a thin match so that it keeps few locals in Wasm.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Api, Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128,
};

use ballast_kit::funds::{no_funds, one_coin};
use ballast_kit::{ownership, validate};
use ballast_types::liquidation::{
    Config, ConfigUnchecked, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
};
use ballast_types::vault::DEFAULT_ACCOUNT;

use ballast_types::events::with_action;

use crate::error::ContractResult;
use crate::execute;
use crate::{instantiate, migrate, query};

/// Instantiates the contract: owner, vault, treasury and policy; no funds.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult<Response> {
    no_funds(&info)?;
    let owner_addr = validate::address(deps.api, &msg.owner)?;
    let config = ConfigUnchecked {
        vault: msg.vault,
        treasury: msg.treasury,
    };
    let config = check_config(deps.api, config)?;
    instantiate::run(deps, owner_addr, config, msg.policy)
}

/// Both configuration addresses, as typed errors.
fn check_config(api: &dyn Api, config: ConfigUnchecked) -> ContractResult<Config> {
    Ok(Config {
        vault: validate::address(api, &config.vault)?,
        treasury: validate::address(api, &config.treasury)?,
    })
}

/// Dispatches an execute message.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> ContractResult<Response> {
    dispatch(deps, env, info, msg).map(with_action)
}

/// Runs one execute message; [`execute`] adds the `action` attribute.
fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> ContractResult<Response> {
    match msg {
        ExecuteMsg::Liquidate {
            owner,
            account,
            collateral_denom,
            min_collateral_out,
            recipient,
        } => liquidate(
            deps,
            &env,
            info,
            owner,
            account,
            collateral_denom,
            min_collateral_out,
            recipient,
        ),
        ExecuteMsg::UpdatePolicy { policy } => {
            no_funds(&info)?;
            execute::update_policy::run(deps, &env, info.sender, policy)
        }
        ExecuteMsg::UpdateConfig { vault, treasury } => {
            no_funds(&info)?;
            let vault = vault.map(|a| validate::address(deps.api, &a)).transpose()?;
            let treasury = treasury
                .map(|a| validate::address(deps.api, &a))
                .transpose()?;
            execute::update_config::run(deps, info.sender, vault, treasury)
        }
        ExecuteMsg::UpdateOwnership(action) => Ok(ownership::execute(deps, &env, &info, action)?),
    }
}

/// `Liquidate`: exactly one coin; owner and recipient (the sender when omitted) checked.
#[allow(clippy::too_many_arguments)]
fn liquidate(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    owner: String,
    account: Option<u32>,
    collateral_denom: String,
    min_collateral_out: Option<Uint128>,
    recipient: Option<String>,
) -> ContractResult<Response> {
    let sent = one_coin(&info)?;
    let owner = validate::address(deps.api, &owner)?;
    let recipient = match recipient {
        Some(recipient) => validate::address(deps.api, &recipient)?,
        None => info.sender.clone(),
    };
    let order = execute::liquidate::Order {
        liquidator: info.sender,
        owner,
        account: account.unwrap_or(DEFAULT_ACCOUNT),
        collateral_denom,
        min_collateral_out,
        recipient,
    };
    execute::liquidate::run(deps, env, order, sent)
}

/// Answers a query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::SimulateLiquidation {
            owner,
            account,
            debt_denom,
            collateral_denom,
            debt_amount,
        } => {
            let owner = validate::address(deps.api, &owner)?;
            to_json_binary(&query::simulate_liquidation(
                deps,
                &owner,
                account.unwrap_or(DEFAULT_ACCOUNT),
                &debt_denom,
                &collateral_denom,
                debt_amount,
            )?)
        }
        QueryMsg::LiquidatablePositions { start_after, limit } => {
            to_json_binary(&query::liquidatable_positions(deps, start_after, limit)?)
        }
        QueryMsg::Policy {} => to_json_binary(&query::policy(deps)?),
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Ownership {} => to_json_binary(&ownership::query(deps.storage)?),
    }?)
}

/// Migrates to this version: only from an older version of the same contract.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult<Response> {
    migrate::run(deps)
}

#[cfg(test)]
mod tests {
    //! The entry points over a mocked vault (answers `Assets` and `LiquidationContext`); the
    //! real cross-contract flows are in `tests/`.

    use super::*;
    use ballast_math::position::PositionValues;
    use ballast_types::liquidation::{BonusCurve, LiquidationPolicy};
    use ballast_types::oracle::PriceKind;
    use ballast_types::vault::{
        LiquidationContextResponse, PositionResponse, PricedCollateral, PricedDebt,
        QueryMsg as VaultQueryMsg,
    };
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
    use cosmwasm_std::{
        coin, from_json, BankMsg, ContractResult as QueryResult, CosmosMsg, Decimal, Decimal256,
        SystemResult, WasmMsg, WasmQuery,
    };
    use std::str::FromStr;

    fn r(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn policy() -> LiquidationPolicy {
        LiquidationPolicy {
            close_factor: r("0.5"),
            full_liquidation_hf: r("0.95"),
            protocol_fee_share: r("0.1"),
            min_leftover_value: Uint128::new(1_000_000),
            default_bonus: BonusCurve {
                start: r("0.05"),
                slope: r("1"),
                min: r("0.02"),
                max: r("0.15"),
            },
            bonus_overrides: vec![],
        }
    }

    /// 100 ATOM at 8.5 against 700 USDC (HF 0.971428571428571428).
    fn context(owner: &str) -> LiquidationContextResponse {
        let position = PositionResponse::new(
            owner.to_string(),
            0,
            PriceKind::Liquidation,
            vec![PricedCollateral {
                denom: "uatom".into(),
                amount: Uint128::new(100_000_000),
                price: Decimal256::from_str("8.5").unwrap(),
                value: Uint128::new(850_000_000),
                max_ltv: r("0.7"),
                liquidation_threshold: r("0.8"),
                liquidation_price: None,
            }],
            vec![PricedDebt {
                denom: "uusdc".into(),
                amount: Uint128::new(700_000_000),
                shares: Uint128::new(700_000_000),
                price: Decimal256::one(),
                value: Uint128::new(700_000_000),
            }],
            vec![],
            false,
        )
        .unwrap();
        assert_eq!(
            position.values(),
            PositionValues {
                collateral_value: Uint128::new(850_000_000),
                debt_value: Uint128::new(700_000_000),
                borrow_capacity: Uint128::new(595_000_000),
                liquidation_capacity: Uint128::new(680_000_000),
            }
        );
        assert_eq!(
            position.health_factor,
            Some(Decimal256::from_str("0.971428571428571428").unwrap())
        );
        assert!(position.liquidatable);
        LiquidationContextResponse {
            position,
            block_time: 0,
            max_bonus: r("0.3"),
        }
    }

    #[test]
    fn liquidate_settles_exactly_repay_and_refunds_the_rest() {
        let api = MockApi::default();
        let (owner, vault, treasury, alice, bot) = (
            api.addr_make("owner"),
            api.addr_make("vault"),
            api.addr_make("treasury"),
            api.addr_make("alice"),
            api.addr_make("bot"),
        );
        let mut deps = mock_dependencies();
        let ctx = context(alice.as_str());
        deps.querier.update_wasm(move |query| match query {
            WasmQuery::Smart { msg, .. } => {
                let answer = match from_json::<VaultQueryMsg>(msg).unwrap() {
                    VaultQueryMsg::Assets { .. } => {
                        cosmwasm_std::to_json_binary(&ballast_types::vault::AssetsResponse {
                            assets: vec![],
                            next_start_after: None,
                        })
                    }
                    VaultQueryMsg::LiquidationContext { .. } => cosmwasm_std::to_json_binary(&ctx),
                    other => panic!("unexpected query {other:?}"),
                };
                SystemResult::Ok(QueryResult::Ok(answer.unwrap()))
            }
            other => panic!("unexpected query {other:?}"),
        });
        let msg = InstantiateMsg {
            owner: owner.to_string(),
            vault: vault.to_string(),
            treasury: treasury.to_string(),
            policy: policy(),
        };
        instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).unwrap();

        let liquidate = ExecuteMsg::Liquidate {
            owner: alice.to_string(),
            account: None,
            collateral_denom: "uatom".into(),
            min_collateral_out: None,
            recipient: None,
        };
        let info = message_info(&bot, &[coin(400_000_000, "uusdc")]);
        let res = execute(deps.as_mut(), mock_env(), info, liquidate.clone()).unwrap();
        assert_eq!(res.messages.len(), 2);
        match &res.messages[0].msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                assert_eq!(contract_addr, vault.as_str());
                assert_eq!(funds, &vec![coin(350_000_000, "uusdc")]);
                let settle: ballast_types::vault::ExecuteMsg = from_json(msg).unwrap();
                assert_eq!(
                    settle,
                    ballast_types::vault::ExecuteMsg::SettleLiquidation {
                        owner: alice.to_string(),
                        account: Some(0),
                        collateral_denom: "uatom".into(),
                        seize: Uint128::new(44_411_764),
                        protocol_fee: Uint128::new(323_529),
                        recipient: bot.to_string(),
                        treasury: treasury.to_string(),
                    }
                );
            }
            other => panic!("unexpected message {other:?}"),
        }
        assert_eq!(
            res.messages[1].msg,
            CosmosMsg::Bank(BankMsg::Send {
                to_address: bot.to_string(),
                amount: vec![coin(50_000_000, "uusdc")],
            })
        );

        // the owner itself, and funds in another shape, are refused before anything is sent
        let info = message_info(&alice, &[coin(400_000_000, "uusdc")]);
        let err = execute(deps.as_mut(), mock_env(), info, liquidate.clone()).unwrap_err();
        assert!(matches!(err, crate::ContractError::SelfLiquidation));
        let info = message_info(&bot, &[]);
        let err = execute(deps.as_mut(), mock_env(), info, liquidate).unwrap_err();
        assert!(matches!(
            err,
            crate::ContractError::Kit(ballast_kit::KitError::NoFunds)
        ));
    }
}
