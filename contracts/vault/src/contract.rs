//! Entry points. The dispatcher checks funds and addresses, then calls
//! `execute::<action>::run`; it stays a thin match so that it keeps few locals in Wasm.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Api, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
};

use ballast_kit::ownership::{self, OwnershipAction};
use ballast_types::vault::{
    ConfigUnchecked, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, DEFAULT_ACCOUNT,
};

use ballast_types::events::with_action;

use crate::error::ContractResult;
use crate::execute as x;
use crate::funds::{coins, no_funds, one_coin};
use crate::state::{load_ownership, CONFIG};
use crate::{query, validate};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = "crates.io:ballast-vault";
/// cw2 contract version: this crate's version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

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
    let owner = deps.api.addr_validate(&msg.owner)?;
    let config = ConfigUnchecked::from(msg).check(deps.api)?;
    validate::config(&config)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    ownership::initialize(deps.storage, &owner)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner))
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
    let account = |index: Option<u32>| index.unwrap_or(DEFAULT_ACCOUNT);
    match msg {
        ExecuteMsg::Deposit {
            account: index,
            on_behalf_of,
        } => {
            let funds = coins(&info)?;
            let owner = addr_or(deps.api, on_behalf_of, &info.sender)?;
            x::deposit::run(deps, &env, info.sender, owner, account(index), funds)
        }
        ExecuteMsg::Withdraw {
            denom,
            amount,
            account: index,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            x::withdraw::run(
                deps,
                &env,
                info.sender,
                account(index),
                denom,
                amount,
                recipient,
            )
        }
        ExecuteMsg::Borrow {
            denom,
            amount,
            account: index,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            x::borrow::run(
                deps,
                &env,
                info.sender,
                account(index),
                denom,
                amount,
                recipient,
            )
        }
        ExecuteMsg::Repay {
            account: index,
            on_behalf_of,
        } => {
            let funds = coins(&info)?;
            let owner = addr_or(deps.api, on_behalf_of, &info.sender)?;
            x::repay::run(deps, &env, info.sender, owner, account(index), funds)
        }
        ExecuteMsg::Supply { on_behalf_of } => {
            let funds = coins(&info)?;
            let lender = addr_or(deps.api, on_behalf_of, &info.sender)?;
            x::supply::run(deps, &env, info.sender, lender, funds)
        }
        ExecuteMsg::Redeem {
            denom,
            amount,
            recipient,
        } => {
            no_funds(&info)?;
            let recipient = addr_or(deps.api, recipient, &info.sender)?;
            x::redeem::run(deps, &env, info.sender, denom, amount, recipient)
        }
        ExecuteMsg::SettleLiquidation {
            owner,
            account: index,
            collateral_denom,
            seize,
            protocol_fee,
            recipient,
            treasury,
        } => settle_liquidation(
            deps,
            &env,
            info,
            x::settle_liquidation::Settlement {
                owner: Addr::unchecked(owner),
                index: account(index),
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
            x::list_asset::run(
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
        } => {
            no_funds(&info)?;
            x::update_asset::run(deps, &env, info.sender, denom, collateral, lending)
        }
        ExecuteMsg::SetPaused { denom, actions } => {
            no_funds(&info)?;
            x::set_paused::run(deps, info.sender, denom, actions)
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
            let update = x::update_config::ConfigUpdate {
                oracle,
                liquidation,
                treasury,
                guardian,
                min_debt_value,
                max_assets_per_account,
            };
            x::update_config::run(deps, info.sender, update)
        }
        ExecuteMsg::WithdrawReserves {
            denom,
            amount,
            recipient,
        } => {
            no_funds(&info)?;
            withdraw_reserves(deps, &env, info, denom, amount, recipient)
        }
        ExecuteMsg::ProposeOwner { owner } => {
            let action = OwnershipAction::TransferOwnership {
                new_owner: owner,
                expiry: None,
            };
            update_ownership(deps, &env, &info, action)
        }
        ExecuteMsg::AcceptOwner {} => {
            update_ownership(deps, &env, &info, OwnershipAction::AcceptOwnership)
        }
        ExecuteMsg::RenounceOwner {} => {
            update_ownership(deps, &env, &info, OwnershipAction::RenounceOwnership)
        }
    }
}

/// The vault's ownership messages, in their old shape until the vault's message reader is
/// derived from the type definitions (`ProposeOwner { owner }` is `transfer_ownership` without
/// an expiry): the kit's transitions on the ownership read through the vault's reader.
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
    mut settlement: x::settle_liquidation::Settlement,
) -> ContractResult<Response> {
    let repaid = one_coin(&info)?;
    settlement.owner = deps.api.addr_validate(settlement.owner.as_str())?;
    settlement.recipient = deps.api.addr_validate(settlement.recipient.as_str())?;
    settlement.treasury = deps.api.addr_validate(settlement.treasury.as_str())?;
    x::settle_liquidation::run(deps, env, info.sender, settlement, repaid)
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
    x::withdraw_reserves::run(deps, env, info.sender, denom, amount, recipient)
}

/// Answers every `QueryMsg`.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    query::dispatch(deps, &env, msg)
}

/// Migrates to this code's version; refuses another contract or an older version.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult<Response> {
    crate::migrate::run(deps)
}

/// Serialises a query answer.
pub(crate) fn to_binary<T: serde::Serialize>(value: &T) -> ContractResult<Binary> {
    Ok(to_json_binary(value)?)
}
