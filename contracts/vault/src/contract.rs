//! Entry points. The dispatcher checks funds and addresses, then calls
//! `execute::<action>::run`; it stays a thin match so that it keeps few locals in Wasm.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Addr, Api, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};

use ballast_types::ownership::Ownership;
use ballast_types::vault::{
    ConfigUnchecked, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, DEFAULT_ACCOUNT,
};

use ballast_types::events::with_action;

use crate::error::ContractResult;
use crate::execute as x;
use crate::funds::{coins, nonpayable, one_coin};
use crate::state::{CONFIG, OWNERSHIP};
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
    nonpayable(&info)?;
    let owner = deps.api.addr_validate(&msg.owner)?;
    let config = ConfigUnchecked::from(msg).check(deps.api)?;
    validate::config(&config)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    OWNERSHIP.save(deps.storage, &Ownership::new(owner.clone()))?;
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
            nonpayable(&info)?;
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
            nonpayable(&info)?;
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
            nonpayable(&info)?;
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
                account: account(index),
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
            nonpayable(&info)?;
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
            threshold_ramp_s,
        } => {
            nonpayable(&info)?;
            let update = x::update_asset::AssetUpdate {
                denom,
                collateral,
                lending,
                threshold_ramp_s,
            };
            x::update_asset::run(deps, &env, info.sender, update)
        }
        ExecuteMsg::SetPaused { denom, actions } => {
            nonpayable(&info)?;
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
            nonpayable(&info)?;
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
            nonpayable(&info)?;
            withdraw_reserves(deps, &env, info, denom, amount, recipient)
        }
        ExecuteMsg::ProposeOwner { owner } => {
            nonpayable(&info)?;
            let proposed = deps.api.addr_validate(&owner)?;
            x::ownership::propose(deps, info.sender, proposed)
        }
        ExecuteMsg::AcceptOwner {} => {
            nonpayable(&info)?;
            x::ownership::accept(deps, info.sender)
        }
        ExecuteMsg::RenounceOwner {} => {
            nonpayable(&info)?;
            x::ownership::renounce(deps, info.sender)
        }
    }
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
    // Only a newer version of this same contract: the rule all three contracts share.
    Ok(ballast_types::migrate::ensure_newer(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
