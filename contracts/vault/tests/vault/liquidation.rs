//! The liquidation side of the vault: `LiquidationContext`, `SettleLiquidation` and its own
//! checks, bad-debt write-off, and the liquidation policy read at listing.

use crate::common::*;
use ballast_testing::{assert_err, dec, MockEnv};
use ballast_types::events::{BadDebtEvent, BallastEvent, SettleLiquidationEvent};
use ballast_types::handles::Settlement;
use ballast_types::liquidation::BonusCurve;
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{CollateralParams, ExecuteMsg, PausedActions};
use ballast_vault::ContractError;
use cosmwasm_std::{coin, Addr, Coin, Decimal, Uint128, WasmMsg};

struct Setup {
    env: MockEnv,
    lender: Addr,
    borrower: Addr,
    liq: Addr,
    bot: Addr,
}

/// Lender supplies 1,000,000 USDC; borrower deposits 1,000 ATOM at 10 (C = 10^10, B = 6·10^9,
/// L = 7·10^9) and borrows the maximum, 6,000 USDC. `liq` is registered as the liquidation
/// contract. ATOM then falls to 8: C = 8·10^9, L = 5.6·10^9 < D = 6·10^9.
fn setup() -> Setup {
    let mut env = env();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    let liq = user(&mut env, "liquidation");
    let bot = env.addr("bot");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(1_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(6_000_000_000, USDC))
        .unwrap();
    let owner = env.owner.clone();
    let msg = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: Some(liq.to_string()),
        treasury: None,
        guardian: None,
        min_debt_value: None,
        max_assets_per_account: None,
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
    Setup {
        env,
        lender,
        borrower,
        liq,
        bot,
    }
}

fn settle(s: &Setup, seize: u128, protocol_fee: u128) -> ExecuteMsg {
    ExecuteMsg::SettleLiquidation {
        owner: s.borrower.to_string(),
        account: None,
        collateral_denom: ATOM.into(),
        seize: Uint128::new(seize),
        protocol_fee: Uint128::new(protocol_fee),
        recipient: s.bot.to_string(),
        treasury: s.env.treasury.to_string(),
    }
}

#[test]
fn healthy_accounts_cannot_be_settled() {
    let mut s = setup();
    // At price 10 the account is healthy: HF = 7·10^9 / 6·10^9 = 1.166666666666666666.
    let ctx = s.env.vault().liquidation_context(&s.borrower, 0).unwrap();
    assert!(!ctx.position.liquidatable);
    let (liq, msg) = (s.liq.clone(), settle(&s, 1, 0));
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &[coin(1_000_000, USDC)],
        ContractError::NotLiquidatable {
            health_factor: Some(d("1.166666666666666666")),
        },
    );
}

#[test]
fn context_and_settlement_with_the_vaults_own_checks() {
    let mut s = setup();
    set_price(&mut s.env, ATOM, d("8"));

    // The context: everything at Liquidation prices, in one query.
    let ctx = s.env.vault().liquidation_context(&s.borrower, 0).unwrap();
    assert_eq!(ctx.block_time, s.env.now());
    assert_eq!(ctx.position.collaterals.len(), 1);
    let c = &ctx.position.collaterals[0];
    assert_eq!(
        (c.denom.as_str(), c.amount.u128(), c.price),
        (ATOM, 1_000_000_000, d("8"))
    );
    assert_eq!(
        (c.max_ltv, c.liquidation_threshold),
        (dec("0.6"), dec("0.7"))
    );
    assert_eq!(c.value.u128(), 8_000_000_000);
    let debt = &ctx.position.debts[0];
    assert_eq!(
        (debt.denom.as_str(), debt.amount.u128()),
        (USDC, 6_000_000_000)
    );
    assert_eq!(
        (debt.shares.u128(), debt.value.u128()),
        (6_000_000_000_000_000, 6_000_000_000)
    );
    assert_eq!(
        ctx.position.values().liquidation_capacity.u128(),
        5_600_000_000
    );
    // HF = 5.6 / 6 = 0.9333… rounded down.
    assert_eq!(ctx.position.health_factor, Some(d("0.933333333333333333")));
    assert!(ctx.position.liquidatable);
    assert_eq!(ctx.max_bonus, dec("0.3"));

    let liq = s.liq.clone();
    let repay = [coin(3_000_000_000, USDC)];
    // Bound for 3,000 USDC repaid: floor(3·10^9 · 1.3) + 1 = 3,900,000,001 of collateral value.
    // 487,500,001 uatom at 8 = 3,900,000,008 > bound; 487,500,000 = 3,900,000,000 passes.
    let msg = settle(&s, 487_500_001, 0);
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &repay,
        ContractError::SeizeTooLarge {
            seized_value: u(3_900_000_008),
            max_value: u(3_900_000_001),
        },
    );
    // Only the liquidation contract.
    let msg = settle(&s, 487_500_000, 0);
    let bot = s.bot.clone();
    s.env.fund(&bot, &repay);
    assert_rejected(&mut s.env, &bot, &msg, &repay, ContractError::Unauthorized);
    // Fee above seize; seize above the collateral; zero seize.
    let msg = settle(&s, 10, 11);
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &repay,
        ContractError::FeeExceedsSeize {
            protocol_fee: u(11),
            seize: u(10),
        },
    );
    let msg = settle(&s, 1_000_000_001, 0);
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &repay,
        ContractError::InsufficientCollateralBalance {
            denom: ATOM.into(),
            held: u(1_000_000_000),
            requested: u(1_000_000_001),
        },
    );
    let zero = settle(&s, 0, 0);
    assert_rejected(&mut s.env, &liq, &zero, &repay, ContractError::ZeroAmount);
    // More than the debt; a denom it does not owe; not exactly one coin.
    let msg = settle(&s, 1, 0);
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &[coin(6_000_000_001, USDC)],
        ContractError::RepayExceedsDebt {
            denom: USDC.into(),
            debt: u(6_000_000_000),
            sent: u(6_000_000_001),
        },
    );
    let msg = settle(&s, 1, 0);
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &[coin(1, BTC)],
        ContractError::NoDebt { denom: BTC.into() },
    );
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &[coin(1, BTC), coin(1, USDC)],
        ContractError::InvalidFunds {
            reason: "exactly one coin expected".into(),
        },
    );
    assert_rejected(
        &mut s.env,
        &liq,
        &msg,
        &[],
        ContractError::InvalidFunds {
            reason: "no funds attached".into(),
        },
    );

    // Never paused: pause everything on both denoms, then settle at the bound with a fee.
    let guardian = s.env.guardian.clone();
    let all = PausedActions {
        deposit: true,
        withdraw: true,
        supply: true,
        redeem: true,
        borrow: true,
    };
    s.env.vault().set_paused(&guardian, ATOM, all).unwrap();
    s.env.vault().set_paused(&guardian, USDC, all).unwrap();
    let treasury = s.env.treasury.clone();
    let res = s
        .env
        .vault()
        .settle_liquidation(
            &liq,
            &s.borrower,
            0,
            ATOM,
            487_500_000,
            10_000_000,
            &bot,
            &treasury,
            &repay[0],
        )
        .unwrap();
    let ev = SettleLiquidationEvent::find(&res.events).unwrap();
    assert_eq!(ev.repaid.u128(), 3_000_000_000);
    assert_eq!(ev.health_before, d("0.933333333333333333"));
    assert!(BadDebtEvent::find(&res.events).is_err());
    assert_eq!(bal(&s.env, &bot, ATOM), 477_500_000);
    assert_eq!(bal(&s.env, &treasury, ATOM), 10_000_000);
    let acc = s.env.vault().account(&s.borrower, 0).unwrap();
    assert_eq!(acc.collaterals[0].amount.u128(), 512_500_000);
    assert_eq!(acc.debts[0].amount.u128(), 3_000_000_000);
    // D = 3·10^9, L = floor(512,500,000 · 8 · 0.7) = 2,870,000,000: still liquidatable.
    let p = s
        .env
        .vault()
        .position(&s.borrower, 0, PriceKind::Liquidation)
        .unwrap();
    assert_eq!(p.liquidation_capacity.u128(), 2_870_000_000);
    assert!(p.liquidatable);
}

#[test]
fn the_last_collateral_writes_the_remaining_debt_off() {
    let mut s = setup();
    let liq = s.liq.clone();
    let bot = s.bot.clone();
    let treasury = s.env.treasury.clone();
    // ATOM crashes to 1: C = 10^9 < D = 6·10^9.
    set_price(&mut s.env, ATOM, d("1"));
    // Seizing all 10^9 uatom (worth 10^9) needs a repayment r with floor(r · 1.3) + 1 ≥ 10^9:
    // r = 769,230,769 gives floor(999,999,999.7) + 1 = 10^9.
    let r = 769_230_769u128;
    let res = s
        .env
        .vault()
        .settle_liquidation(
            &liq,
            &s.borrower,
            0,
            ATOM,
            1_000_000_000,
            0,
            &bot,
            &treasury,
            &coin(r, USDC),
        )
        .unwrap();
    // What is left, 6·10^9 − 769,230,769 = 5,230,769,231, is written off. No reserves yet (no
    // time passed), so the suppliers lose it all: 10^12 − 5,230,769,231 = 994,769,230,769.
    let ev = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(ev.owner, s.borrower.to_string());
    assert_eq!(ev.amount.u128(), 5_230_769_231);
    assert_eq!(ev.from_reserves.u128(), 0);
    assert_eq!(ev.from_suppliers.u128(), 5_230_769_231);
    let m = s.env.vault().market(USDC).unwrap();
    assert_eq!(m.deficit.u128(), 5_230_769_231);
    assert_eq!(m.total_debt.u128(), 0);
    assert_eq!(m.total_supplied.u128(), 994_769_230_769);
    assert_eq!(
        s.env
            .vault()
            .supply_of(&s.lender, USDC)
            .unwrap()
            .amount
            .u128(),
        994_769_230_769
    );
    // The books match the bank: 10^12 − 6·10^9 + 769,230,769 = 994,769,230,769.
    let vault = s.env.vault_addr.clone();
    assert_eq!(bal(&s.env, &vault, USDC), 994_769_230_769);
    // The account is empty and no longer listed among debtors.
    let acc = s.env.vault().account(&s.borrower, 0).unwrap();
    assert!(acc.collaterals.is_empty() && acc.debts.is_empty());
    assert!(s
        .env
        .vault()
        .positions(None, None, PriceKind::Liquidation)
        .unwrap()
        .positions
        .is_empty());
}

#[test]
fn bad_debt_is_covered_by_reserves_first() {
    let mut s = setup();
    // A year at U = 0.006 (6,000 of 1,000,000): r = 0.02 + 0.1 · 0.006 / 0.8 = 0.02075.
    // Debt 6·10^9 · 1.02075 = 6,124,500,000; interest 124,500,000; reserves 12,450,000.
    s.env.advance(31_536_000);
    let m = s.env.vault().market(USDC).unwrap();
    assert_eq!(m.total_debt.u128(), 6_124_500_000);
    assert_eq!(m.reserves.u128(), 12_450_000);
    set_price(&mut s.env, ATOM, d("1"));
    let (liq, bot, treasury) = (s.liq.clone(), s.bot.clone(), s.env.treasury.clone());
    let res = s
        .env
        .vault()
        .settle_liquidation(
            &liq,
            &s.borrower,
            0,
            ATOM,
            1_000_000_000,
            0,
            &bot,
            &treasury,
            &coin(769_230_769, USDC),
        )
        .unwrap();
    // The repayment is credited down: floor(769,230,769 · 10^6 / 1.02075) shares burned, leaving
    // ceil((6·10^15 − 753,593,699,730,590) · 1.02075 / 10^6) = 5,355,269,232 (one unit more than
    // 6,124,500,000 − 769,230,769). It is written off, 12,450,000 from reserves first.
    let ev = BadDebtEvent::find(&res.events).unwrap();
    assert_eq!(ev.amount.u128(), 5_355_269_232);
    assert_eq!(ev.from_reserves.u128(), 12_450_000);
    assert!(ev.from_suppliers.u128() >= 5_355_269_232 - 12_450_000);
    let m = s.env.vault().market(USDC).unwrap();
    assert_eq!(m.total_debt.u128(), 0);
    assert!(m.total_supplied <= Uint128::new(bal(&s.env, &s.env.vault_addr.clone(), USDC)));
}

#[test]
fn removing_another_assets_price_source_does_not_block_liquidation() {
    let mut s = setup();
    let owner = s.env.owner.clone();
    s.env.oracle().remove_price_source(&owner, ETH).unwrap();
    set_price(&mut s.env, ATOM, d("8"));
    let (liq, bot, treasury) = (s.liq.clone(), s.bot.clone(), s.env.treasury.clone());
    s.env
        .vault()
        .settle_liquidation(
            &liq,
            &s.borrower,
            0,
            ATOM,
            100_000_000,
            0,
            &bot,
            &treasury,
            &coin(1_000_000_000, USDC),
        )
        .unwrap();
}

#[test]
fn listing_reads_the_bonus_max_of_the_liquidation_policy() {
    let mut env = env();
    let owner = env.owner.clone();
    // Policy: default bonus max 0.1, ATOM overridden to 0.2.
    let mut policy = policy("0.1");
    policy.bonus_overrides = vec![(
        ATOM.to_string(),
        BonusCurve {
            start: dec("0"),
            slope: dec("1"),
            min: dec("0"),
            max: dec("0.2"),
        },
    )];
    let liq = mock_liquidation_contract(&mut env, policy);
    let msg = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: Some(liq.to_string()),
        treasury: None,
        guardian: None,
        min_debt_value: None,
        max_assets_per_account: None,
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
    let coll = |t: &str| CollateralParams {
        max_ltv: dec("0.5"),
        liquidation_threshold: dec(t),
        deposit_cap: None,
    };
    // USDC: 0.9 · 1.1 = 0.99 < 1 passes (it would fail with the default 0.3).
    env.vault()
        .update_asset(&owner, USDC, Some(coll("0.9")), None)
        .unwrap();
    // ATOM: 0.85 · 1.2 = 1.02 fails; 0.83 · 1.2 = 0.996 passes.
    let msg = ExecuteMsg::UpdateAsset {
        denom: ATOM.into(),
        collateral: Some(coll("0.85")),
        lending: None,
        threshold_ramp_s: None,
    };
    assert_rejected(
        &mut env,
        &owner,
        &msg,
        &[],
        "liquidation_threshold · (1 + 0.2) must be < 1",
    );
    env.vault()
        .update_asset(&owner, ATOM, Some(coll("0.83")), None)
        .unwrap();
    assert_eq!(
        env.vault()
            .asset(ATOM)
            .unwrap()
            .collateral
            .unwrap()
            .liquidation_threshold,
        dec("0.83")
    );
}

#[test]
fn settlement_through_a_contract_with_the_vault_handle() {
    let mut env = env();
    let owner = env.owner.clone();
    let lender = user(&mut env, "lender");
    let borrower = user(&mut env, "borrower");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, USDC)])
        .unwrap();
    env.vault()
        .deposit(&borrower, &[coin(1_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(6_000_000_000, USDC))
        .unwrap();
    let liq = mock_liquidation_contract(&mut env, policy("0.3"));
    let msg = ExecuteMsg::UpdateConfig {
        oracle: None,
        liquidation: Some(liq.to_string()),
        treasury: None,
        guardian: None,
        min_debt_value: None,
        max_assets_per_account: None,
    };
    env.vault().execute(&owner, &msg, &[]).unwrap();
    set_price(&mut env, ATOM, d("8"));

    // A bot pays the liquidation contract, which settles with the VaultHandle's message.
    let bot = user(&mut env, "bot");
    let treasury = env.treasury.clone();
    let settle = env
        .vault_handle()
        .settle_liquidation_msg(Settlement {
            owner: borrower.to_string(),
            account: 0,
            collateral_denom: ATOM.into(),
            seize: Uint128::new(100_000_000),
            protocol_fee: Uint128::zero(),
            recipient: bot.to_string(),
            treasury: treasury.to_string(),
            repaid: coin(1_000_000_000, USDC),
        })
        .unwrap();
    let atom_before = bal(&env, &bot, ATOM);
    let forward = mock_liquidation::Forward { msg: settle };
    env.app
        .execute(
            bot.clone(),
            WasmMsg::Execute {
                contract_addr: liq.to_string(),
                msg: cosmwasm_std::to_json_binary(&forward).unwrap(),
                funds: vec![coin(1_000_000_000, USDC)],
            }
            .into(),
        )
        .map(|_| ())
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(bal(&env, &bot, ATOM), atom_before + 100_000_000);
    assert_eq!(
        env.vault().account(&borrower, 0).unwrap().debts[0]
            .amount
            .u128(),
        5_000_000_000
    );
    let _ = (Coin::new(0u128, USDC), Decimal::zero());
    assert_err(
        env.vault().liquidation_context(&borrower, 9),
        "does not exist",
    );
}

use cw_multi_test::Executor;
