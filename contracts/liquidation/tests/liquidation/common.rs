//! Shared set-up: a `MockEnv` with USDC (6 decimals, borrowable), ATOM (6 decimals, collateral
//! 0.7 / 0.8) and ETH (18 decimals, collateral 0.8 / 0.85 and borrowable), the test policy, funded
//! users, and snapshots to assert that a rejected message changed nothing.
#![allow(dead_code)]

use std::str::FromStr;

use ballast_testing::{assert_err, test_rate_model, AssetSpec, MockEnv, MockEnvBuilder};
use ballast_types::events::{BallastEvent, LiquidateEvent};
use ballast_types::liquidation::{BonusCurve, ExecuteMsg, LiquidationPolicy};
use cosmwasm_std::{coin, Addr, Coin, Decimal, Decimal256, Uint128, Uint256};

/// USDC: 6 decimals, price 1; borrowable (reserve factor 0.1).
pub const USDC: &str = "uusdc";
/// ATOM: 6 decimals, price 10; collateral, max LTV 0.7, threshold 0.8.
pub const ATOM: &str = "uatom";
/// ETH: 18 decimals, price 3e-9 (3,000 USD); collateral 0.8 / 0.85, borrowable.
pub const ETH: &str = "wei";
/// Every denom of the env.
pub const DENOMS: [&str; 3] = [USDC, ATOM, ETH];

pub fn d(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}
pub fn r(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
pub fn u(x: u128) -> Uint128 {
    Uint128::new(x)
}

/// The policy of these tests: close factor 0.5, full liquidation below HF 0.95, 10 % of the
/// bonus to the treasury, dust below 1 USD (10^6), bonus `{start 0.05, slope 1, min 0.02,
/// max 0.15}`.
pub fn policy() -> LiquidationPolicy {
    LiquidationPolicy {
        close_factor: r("0.5"),
        full_liquidation_hf: r("0.95"),
        protocol_fee_share: r("0.1"),
        min_leftover_value: u(1_000_000),
        default_bonus: BonusCurve {
            start: r("0.05"),
            slope: r("1"),
            min: r("0.02"),
            max: r("0.15"),
        },
        bonus_overrides: vec![],
    }
}

/// The prices and assets of these tests, to extend before `build`.
pub fn prices_and_assets(builder: MockEnvBuilder) -> MockEnvBuilder {
    builder
        .fixed_price(USDC, 6, d("1"))
        .fixed_price(ATOM, 6, d("10"))
        .fixed_price(ETH, 18, d("0.000000003"))
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.7", "0.8"))
        .asset(
            AssetSpec::new(ETH, 18)
                .collateral("0.8", "0.85")
                .lending(test_rate_model(), "0.1"),
        )
}

/// The standard builder.
pub fn builder() -> MockEnvBuilder {
    prices_and_assets(MockEnv::builder().liquidation_policy(policy()))
}

/// A user funded with 10^27 of every denom.
pub fn user(env: &mut MockEnv, name: &str) -> Addr {
    let addr = env.addr(name);
    let funds: Vec<Coin> = DENOMS
        .iter()
        .map(|denom| coin(1_000_000_000_000_000_000_000_000, *denom))
        .collect();
    env.fund(&addr, &funds);
    addr
}

/// The standard env with a lender who supplied 10^6 USDC and 10^3 ETH.
pub fn env_with_lender() -> (MockEnv, Addr) {
    let mut env = builder().build();
    let lender = user(&mut env, "lender");
    env.vault()
        .supply(
            &lender,
            &[
                coin(1_000_000_000_000, USDC),
                coin(1_000_000_000_000_000_000_000, ETH),
            ],
        )
        .unwrap();
    (env, lender)
}

/// Deposits `collateral` into `(owner, account)` and borrows `debt` against it.
pub fn open(env: &mut MockEnv, owner: &Addr, account: u32, collateral: &[Coin], debt: &Coin) {
    env.vault()
        .deposit_to(owner, account, None, collateral)
        .unwrap();
    env.vault().borrow_from(owner, account, debt, None).unwrap();
}

/// Bank balance as `u128`.
pub fn bal(env: &MockEnv, addr: &Addr, denom: &str) -> u128 {
    Uint128::try_from(env.balance(addr, denom)).unwrap().u128()
}

/// Collateral amount of `denom` held by `(owner, account)` in the vault (0 if none).
pub fn collateral_of(env: &mut MockEnv, owner: &Addr, account: u32, denom: &str) -> u128 {
    env.vault()
        .account(owner, account)
        .unwrap()
        .collaterals
        .iter()
        .find(|c| c.denom == denom)
        .map(|c| c.amount.u128())
        .unwrap_or(0)
}

/// Debt of `denom` owed by `(owner, account)` (0 if none).
pub fn debt_of(env: &mut MockEnv, owner: &Addr, account: u32, denom: &str) -> u128 {
    env.vault()
        .account(owner, account)
        .unwrap()
        .debts
        .iter()
        .find(|c| c.denom == denom)
        .map(|c| c.amount.u128())
        .unwrap_or(0)
}

/// Everything a rejected message must leave untouched: the raw storage of the vault and of the
/// liquidation contract, and the balances of the contracts, the treasury and `addrs`.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    vault: Vec<(Vec<u8>, Vec<u8>)>,
    liquidation: Vec<(Vec<u8>, Vec<u8>)>,
    balances: Vec<(String, String, Uint256)>,
}

pub fn snapshot(env: &MockEnv, addrs: &[&Addr]) -> Snapshot {
    let mut balances = vec![];
    for addr in addrs
        .iter()
        .copied()
        .chain([&env.vault_addr, &env.liquidation_addr, &env.treasury])
    {
        for denom in DENOMS {
            balances.push((
                addr.to_string(),
                denom.to_string(),
                env.balance(addr, denom),
            ));
        }
    }
    Snapshot {
        vault: env.app.dump_wasm_raw(&env.vault_addr),
        liquidation: env.app.dump_wasm_raw(&env.liquidation_addr),
        balances,
    }
}

/// Sends `msg` with `funds` from `sender` to the liquidation contract and asserts that it fails
/// with `expected` (compared through `Display`: cw-multi-test keeps only the message) and that
/// nothing changed.
#[track_caller]
pub fn assert_rejected(
    env: &mut MockEnv,
    sender: &Addr,
    msg: &ExecuteMsg,
    funds: &[Coin],
    expected: impl std::fmt::Display,
) {
    let before = snapshot(env, &[sender]);
    let res = env.liquidation().execute(sender, msg, funds);
    assert_err(res, expected);
    assert_eq!(
        snapshot(env, &[sender]),
        before,
        "a rejected message changed state"
    );
}

/// The `Liquidate` message of `(owner, account)` seizing `collateral_denom`.
pub fn liquidate_msg(owner: &Addr, account: u32, collateral_denom: &str) -> ExecuteMsg {
    ExecuteMsg::Liquidate {
        owner: owner.to_string(),
        account: Some(account),
        collateral_denom: collateral_denom.to_string(),
        min_collateral_out: None,
        recipient: None,
    }
}

/// Every `ballast_liquidate` event of a response.
pub fn liquidate_events(res: &cw_multi_test::AppResponse) -> Vec<LiquidateEvent> {
    LiquidateEvent::find_all(&res.events).unwrap()
}
