//! Entry points. The dispatcher checks funds and addresses, then calls
//! `execute::<action>::run`; it stays a thin match so that it keeps few locals in Wasm.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Addr, Api, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};

use ballast_kit::ownership::{self, OwnershipAction};
use ballast_types::vault::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, DEFAULT_ACCOUNT};

use ballast_types::events::with_action;

use crate::error::ContractResult;
use crate::execute;
use crate::funds::{coins, no_funds, one_coin};
use crate::state::{load_ownership, CONFIG};
use crate::{instantiate, migrate, query};

/// `address` checked, or `default` when omitted.
fn addr_or(api: &dyn Api, address: Option<String>, default: &Addr) -> StdResult<Addr> {
    match address {
        Some(address) => api.addr_validate(&address),
        None => Ok(default.clone()),
    }
}

/// Instantiates the vault: configuration and owner, no funds.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult<Response> {
    no_funds(&info)?;
    instantiate::run(deps, msg)
}

/// Dispatches every `ExecuteMsg`.
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
    let account_or_default = |account: Option<u32>| account.unwrap_or(DEFAULT_ACCOUNT);
    match msg {
        ExecuteMsg::Deposit {
            account,
            on_behalf_of,
        } => {
            let funds = coins(&info)?;
            let owner = addr_or(deps.api, on_behalf_of, &info.sender)?;
            execute::deposit::run(
                deps,
                &env,
                info.sender,
                owner,
                account_or_default(account),
                funds,
            )
        }
        ExecuteMsg::Withdraw {
            denom,
            amount,
            account,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            execute::withdraw::run(
                deps,
                &env,
                info.sender,
                account_or_default(account),
                denom,
                amount,
                recipient,
            )
        }
        ExecuteMsg::Borrow {
            denom,
            amount,
            account,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            execute::borrow::run(
                deps,
                &env,
                info.sender,
                account_or_default(account),
                denom,
                amount,
                recipient,
            )
        }
        ExecuteMsg::Repay {
            account,
            on_behalf_of,
        } => {
            let funds = coins(&info)?;
            let owner = addr_or(deps.api, on_behalf_of, &info.sender)?;
            execute::repay::run(
                deps,
                &env,
                info.sender,
                owner,
                account_or_default(account),
                funds,
            )
        }
        ExecuteMsg::Supply { on_behalf_of } => {
            let funds = coins(&info)?;
            let lender = addr_or(deps.api, on_behalf_of, &info.sender)?;
            execute::supply::run(deps, &env, info.sender, lender, funds)
        }
        ExecuteMsg::Redeem {
            denom,
            amount,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            execute::redeem::run(deps, &env, info.sender, denom, amount, recipient)
        }
        ExecuteMsg::SettleLiquidation {
            owner,
            account,
            collateral_denom,
            seize,
            protocol_fee,
            recipient,
            treasury,
        } => settle_liquidation(
            deps,
            &env,
            info,
            execute::settle_liquidation::Settlement {
                owner: Addr::unchecked(owner),
                account: account_or_default(account),
                collateral_denom,
                seize,
                protocol_fee,
                recipient: Addr::unchecked(recipient),
                treasury: Addr::unchecked(treasury),
            },
        ),
        ExecuteMsg::ListAsset {
            denom,
            decimals,
            collateral,
            lending,
        } => {
            no_funds(&info)?;
            execute::list_asset::run(
                deps,
                &env,
                info.sender,
                denom,
                decimals,
                collateral,
                lending,
            )
        }
        ExecuteMsg::UpdateAsset {
            denom,
            collateral,
            lending,
            threshold_ramp_s,
        } => {
            no_funds(&info)?;
            let update = execute::update_asset::AssetUpdate {
                denom,
                collateral,
                lending,
                threshold_ramp_s,
            };
            execute::update_asset::run(deps, &env, info.sender, update)
        }
        ExecuteMsg::SetPaused { denom, actions } => {
            no_funds(&info)?;
            execute::set_paused::run(deps, info.sender, denom, actions)
        }
        ExecuteMsg::UpdateConfig {
            oracle,
            liquidation,
            treasury,
            guardian,
            min_debt_value,
            max_assets_per_account,
        } => {
            no_funds(&info)?;
            let update = execute::update_config::ConfigUpdate {
                oracle,
                liquidation,
                treasury,
                guardian,
                min_debt_value,
                max_assets_per_account,
            };
            execute::update_config::run(deps, info.sender, update)
        }
        ExecuteMsg::SetGuardian { guardian } => {
            no_funds(&info)?;
            execute::set_guardian::run(deps, info.sender, guardian)
        }
        ExecuteMsg::SetSteward { steward, limits } => {
            no_funds(&info)?;
            execute::set_steward::run(deps, info.sender, steward, limits)
        }
        ExecuteMsg::WithdrawReserves {
            denom,
            amount,
            recipient,
        } => {
            no_funds(&info)?;
            withdraw_reserves(deps, &env, info, denom, amount, recipient)
        }
        ExecuteMsg::UpdateOwnership(action) => update_ownership(deps, &env, &info, action),
    }
}

/// `UpdateOwnership`: the kit's transitions on the ownership read through the vault's reader.
fn update_ownership(
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    action: OwnershipAction,
) -> ContractResult<Response> {
    let stored = load_ownership(deps.storage)?;
    Ok(ownership::execute_with(deps, env, info, stored, action)?)
}

/// `SettleLiquidation`: exactly one coin (the debt repaid), addresses checked.
fn settle_liquidation(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    mut settlement: execute::settle_liquidation::Settlement,
) -> ContractResult<Response> {
    let repaid = one_coin(&info)?;
    settlement.owner = deps.api.addr_validate(settlement.owner.as_str())?;
    settlement.recipient = deps.api.addr_validate(settlement.recipient.as_str())?;
    settlement.treasury = deps.api.addr_validate(settlement.treasury.as_str())?;
    execute::settle_liquidation::run(deps, env, info.sender, settlement, repaid)
}

/// `WithdrawReserves`: the recipient defaults to the treasury.
fn withdraw_reserves(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    denom: String,
    amount: Option<cosmwasm_std::Uint128>,
    recipient: Option<String>,
) -> ContractResult<Response> {
    let treasury = CONFIG.load(deps.storage)?.treasury;
    let recipient = addr_or(deps.api, recipient, &treasury)?;
    execute::withdraw_reserves::run(deps, env, info.sender, denom, amount, recipient)
}

/// Answers every `QueryMsg`.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    query::dispatch(deps, &env, msg)
}

/// Migrates to this code's version; refuses another contract or an older version.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult<Response> {
    migrate::run(deps)
}
