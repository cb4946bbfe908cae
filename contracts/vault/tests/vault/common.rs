//! Shared set-up of the vault's integration tests: a `MockEnv` with the real oracle, four assets of
//! 6, 8 and 18 decimals, and snapshots to assert that a failed message changed nothing.

use std::str::FromStr;

use ballast_testing::{test_rate_model, AssetSpec, MockEnv, MockEnvBuilder, VaultParams};
use ballast_types::oracle::PriceSource;
use cosmwasm_std::{coin, Addr, Coin, Decimal256, Empty, Uint128, Uint256};
use cw_multi_test::Executor;

/// USDC: 6 decimals, 1 USD → price 1. Borrowable (reserve factor 0.1) and collateral 0.7 / 0.75.
pub const USDC: &str = "uusdc";
/// ATOM: 6 decimals, 10 USD → price 10. Collateral 0.6 / 0.7, borrowable (reserve factor 0.2).
pub const ATOM: &str = "uatom";
/// ETH: 18 decimals, 3,000 USD → price 3e-9. Collateral only, 0.7 / 0.75.
pub const ETH: &str = "wei";
/// BTC: 8 decimals, 60,000 USD → price 600. Collateral 0.65 / 0.75, borrowable (reserve 0.1).
pub const BTC: &str = "sat";
/// Every denom of the standard env.
pub const DENOMS: [&str; 4] = [USDC, ATOM, ETH, BTC];

/// A `Decimal256` from a string literal.
pub fn d(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}

/// `Uint128` shorthand.
pub fn u(x: u128) -> Uint128 {
    Uint128::new(x)
}

/// Decimals of a standard denom.
pub fn decimals(denom: &str) -> u8 {
    match denom {
        ETH => 18,
        BTC => 8,
        _ => 6,
    }
}

/// The standard builder (prices and assets), to extend before `build`.
pub fn builder() -> MockEnvBuilder {
    MockEnv::builder()
        .fixed_price(USDC, 6, d("1"))
        .fixed_price(ATOM, 6, d("10"))
        .fixed_price(ETH, 18, d("0.000000003"))
        .fixed_price(BTC, 8, d("600"))
        .asset(
            AssetSpec::new(USDC, 6)
                .collateral("0.7", "0.75")
                .lending(test_rate_model(), "0.1"),
        )
        .asset(
            AssetSpec::new(ATOM, 6)
                .collateral("0.6", "0.7")
                .lending(test_rate_model(), "0.2"),
        )
        .asset(AssetSpec::new(ETH, 18).collateral("0.7", "0.75"))
        .asset(
            AssetSpec::new(BTC, 8)
                .collateral("0.65", "0.75")
                .lending(test_rate_model(), "0.1"),
        )
        .vault_params(VaultParams {
            min_debt_value: Uint128::zero(),
            max_assets_per_account: 8,
        })
}

/// The standard env.
pub fn env() -> MockEnv {
    builder().build()
}

/// A user funded with a lot of every standard denom.
pub fn user(env: &mut MockEnv, name: &str) -> Addr {
    let addr = env.addr(name);
    let funds: Vec<Coin> = DENOMS
        .iter()
        .map(|denom| coin(1_000_000_000_000_000_000_000_000, *denom))
        .collect();
    env.fund(&addr, &funds);
    addr
}

/// Sets a fixed (already normalised) price.
pub fn set_price(env: &mut MockEnv, denom: &str, price: Decimal256) {
    let owner = env.owner.clone();
    env.oracle()
        .set_price_source(&owner, denom, decimals(denom), PriceSource::Fixed { price })
        .unwrap();
}

/// Bank transfer between two addresses (e.g. coins sent directly to the vault).
pub fn transfer(env: &mut MockEnv, from: &Addr, to: &Addr, coins: &[Coin]) {
    env.app
        .execute(
            from.clone(),
            cosmwasm_std::BankMsg::Send {
                to_address: to.to_string(),
                amount: coins.to_vec(),
            }
            .into(),
        )
        .unwrap();
}

/// Bank balance as `u128`.
pub fn bal(env: &MockEnv, addr: &Addr, denom: &str) -> u128 {
    Uint128::try_from(env.balance(addr, denom)).unwrap().u128()
}

/// Everything a failed message must leave untouched: the vault's raw storage, and the bank
/// balances of the vault and of `addrs` in every standard denom.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    storage: Vec<(Vec<u8>, Vec<u8>)>,
    balances: Vec<(String, String, Uint256)>,
}

/// Takes a [`Snapshot`].
pub fn snapshot(env: &MockEnv, addrs: &[&Addr]) -> Snapshot {
    let storage = env.app.dump_wasm_raw(&env.vault_addr);
    let mut balances = vec![];
    for addr in addrs
        .iter()
        .copied()
        .chain([&env.vault_addr, &env.treasury])
    {
        for denom in DENOMS {
            balances.push((
                addr.to_string(),
                denom.to_string(),
                env.balance(addr, denom),
            ));
        }
    }
    Snapshot { storage, balances }
}

/// Sends `msg` from `sender` with `funds` to the vault and asserts it fails with `expected`
/// (compared through `Display`, as cw-multi-test keeps only the message) and changes nothing.
#[track_caller]
pub fn assert_rejected(
    env: &mut MockEnv,
    sender: &Addr,
    msg: &ballast_types::vault::ExecuteMsg,
    funds: &[Coin],
    expected: impl std::fmt::Display,
) {
    let before = snapshot(env, &[sender]);
    let res = env.vault().execute(sender, msg, funds);
    ballast_testing::assert_err(res, expected);
    assert_eq!(
        snapshot(env, &[sender]),
        before,
        "a rejected message changed state"
    );
}

/// A mock liquidation contract: answers `Policy {}` with the policy it was instantiated with, and
/// forwards `SettleLiquidation` to the vault when asked (so tests can send it as the registered
/// liquidation contract).
pub mod mock_liquidation {
    use ballast_types::liquidation::{LiquidationPolicy, QueryMsg};
    use cosmwasm_schema::cw_serde;
    use cosmwasm_std::{
        to_json_binary, Binary, CosmosMsg, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
    };
    use cw_storage_plus::Item;

    const POLICY: Item<LiquidationPolicy> = Item::new("policy");

    /// Forwards a message (with the funds it received) to another contract.
    #[cw_serde]
    pub struct Forward {
        /// The message to dispatch.
        pub msg: CosmosMsg,
    }

    pub fn instantiate(
        deps: DepsMut,
        _env: Env,
        _info: MessageInfo,
        policy: LiquidationPolicy,
    ) -> StdResult<Response> {
        POLICY.save(deps.storage, &policy)?;
        Ok(Response::new())
    }

    pub fn execute(
        _deps: DepsMut,
        _env: Env,
        _info: MessageInfo,
        msg: Forward,
    ) -> StdResult<Response> {
        Ok(Response::new().add_message(msg.msg))
    }

    pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
        match msg {
            QueryMsg::Policy {} => to_json_binary(&POLICY.load(deps.storage)?),
            // The liquidation contract's other queries are not mocked.
            _ => Err(cosmwasm_std::StdError::msg("not supported by the mock")),
        }
    }
}

/// A policy with `bonus_max` as the default curve's max.
pub fn policy(bonus_max: &str) -> ballast_types::liquidation::LiquidationPolicy {
    use ballast_testing::dec;
    ballast_types::liquidation::LiquidationPolicy {
        close_factor: dec("0.5"),
        full_liquidation_hf: dec("0.95"),
        protocol_fee_share: dec("0.1"),
        min_leftover_value: Uint128::new(1_000_000),
        default_bonus: ballast_types::liquidation::BonusCurve {
            start: dec("0"),
            slope: dec("1"),
            min: dec("0"),
            max: dec(bonus_max),
        },
        bonus_overrides: vec![],
    }
}

/// Instantiates a mock liquidation contract with `policy`.
pub fn mock_liquidation_contract(
    env: &mut MockEnv,
    policy: ballast_types::liquidation::LiquidationPolicy,
) -> Addr {
    let code = env
        .app
        .store_code(Box::new(cw_multi_test::ContractWrapper::<
            mock_liquidation::Forward,
            ballast_types::liquidation::LiquidationPolicy,
            ballast_types::liquidation::QueryMsg,
            cosmwasm_std::StdError,
            cosmwasm_std::StdError,
            cosmwasm_std::StdError,
            Empty,
            Empty,
        >::new(
            mock_liquidation::execute,
            mock_liquidation::instantiate,
            mock_liquidation::query,
        )));
    let owner = env.owner.clone();
    env.app
        .instantiate_contract(code, owner, &policy, &[], "mock-liquidation", None)
        .unwrap()
}
