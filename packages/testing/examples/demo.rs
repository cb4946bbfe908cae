//! End-to-end demo of the protocol: the real oracle (over a mock Pyth feed), vault and liquidation
//! contracts in cw-multi-test, through one year of interest, a collateral crash and a liquidator
//! bot's flow.
//!
//! `cargo run -p ballast-testing --example demo` (run by `scripts/main.sh`). Every figure printed
//! comes from a contract query; nothing is computed here.

use ballast_testing::feeds::{ATOM_USD, ETH_USD};
use ballast_testing::vault::{test_rate_model, AssetSpec, VaultParams};
use ballast_testing::MockEnv;
use ballast_types::oracle::PriceKind;
use ballast_types::vault::PositionResponse;
use cosmwasm_std::{coin, Addr, Decimal256, StdResult, Uint128};

const YEAR_S: u64 = 31_536_000;

fn main() -> StdResult<()> {
    // Quote: USD with 6 decimals. ATOM (6 decimals) and ETH (18 decimals) are priced by Pyth
    // (exponent -8), USDC by a fixed price of 1 micro-USD per micro-USDC.
    let mut env = MockEnv::builder()
        .pyth_price("uatom", 6, ATOM_USD, 1_000_000_000, -8, 500_000)
        .pyth_price("wei", 18, ETH_USD, 300_000_000_000, -8, 10_000_000)
        .fixed_price("uusdc", 6, Decimal256::one())
        .asset(AssetSpec::new("uatom", 6).collateral("0.6", "0.7"))
        .asset(AssetSpec::new("wei", 18).collateral("0.7", "0.75"))
        .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
        .vault_params(VaultParams {
            min_debt_value: Uint128::new(10_000_000),
            max_assets_per_account: 8,
        })
        .build();

    section("Oracle: one normalised price per smallest unit, in micro-USD");
    for denom in ["uatom", "wei", "uusdc"] {
        let price = env.price(denom, PriceKind::Default)?;
        println!("  {denom:<6} {}", price.price);
    }

    let lender = env.addr("lender");
    let alice = env.addr("alice");
    let bob = env.addr("bob");
    env.fund(&lender, &[coin(1_000_000_000_000, "uusdc")]);
    env.fund(&alice, &[coin(10_000_000_000, "uatom")]);
    env.fund(&bob, &[coin(20_000_000_000_000_000_000, "wei")]);

    section("Lender supplies 1,000,000 USDC; Alice and Bob borrow against collateral");
    env.vault()
        .supply(&lender, &[coin(1_000_000_000_000, "uusdc")])?;
    env.vault()
        .deposit(&alice, &[coin(10_000_000_000, "uatom")])?;
    env.vault().borrow(&alice, &coin(55_000_000_000, "uusdc"))?;
    env.vault()
        .deposit(&bob, &[coin(20_000_000_000_000_000_000, "wei")])?;
    env.vault().borrow(&bob, &coin(40_000_000_000, "uusdc"))?;
    show(
        &env.vault().position(&alice, 0, PriceKind::Default)?,
        "alice (10,000 ATOM)",
    );
    show(
        &env.vault().position(&bob, 0, PriceKind::Default)?,
        "bob (20 ETH)",
    );
    let max = env.vault().max_borrow(&alice, 0, "uusdc")?;
    println!("  alice may borrow at most {} uusdc more", max);

    section("One year passes");
    env.advance(YEAR_S);
    // Pyth feeds must be fresh (60 s staleness bound): publish again at the new block time.
    env.set_pyth_price(ATOM_USD, 1_000_000_000, -8, 500_000)?;
    env.set_pyth_price(ETH_USD, 300_000_000_000, -8, 10_000_000)?;
    let market = env.vault().market("uusdc")?;
    println!(
        "  uusdc market: supplied {} debt {} reserves {} utilisation {} borrow rate {} \
         supply rate {} borrow index {} supply index {}",
        market.total_supplied,
        market.total_debt,
        market.reserves,
        market.utilization,
        market.borrow_rate,
        market.supply_rate,
        market.borrow_index,
        market.supply_index
    );
    show(
        &env.vault().position(&alice, 0, PriceKind::Default)?,
        "alice after a year",
    );

    section("ATOM crashes 25 % with a wide confidence interval");
    env.set_pyth_price(ATOM_USD, 750_000_000, -8, 60_000_000)?;
    match env.price("uatom", PriceKind::Default) {
        Ok(p) => println!("  Default price of uatom: {}", p.price),
        Err(err) => println!("  Default price of uatom refused by a breaker: {err}"),
    }
    let liq = env.price("uatom", PriceKind::Liquidation)?;
    println!("  Liquidation price of uatom still flows: {}", liq.price);
    show(
        &env.vault().position(&alice, 0, PriceKind::Liquidation)?,
        "alice at Liquidation prices",
    );
    show(
        &env.vault().position(&bob, 0, PriceKind::Liquidation)?,
        "bob at Liquidation prices",
    );
    let page = env
        .vault()
        .positions(None, None, PriceKind::Liquidation)?
        .positions;
    let liquidatable: Vec<String> = page
        .iter()
        .filter(|p| p.liquidatable)
        .map(|p| format!("{}/{}", name(&env, &p.owner), p.account))
        .collect();
    println!("  liquidatable accounts: {liquidatable:?}");
    let risk = env.vault().risk_summary()?;
    println!(
        "  protocol: collateral value {} debt value {} aggregate LTV {} leverage {}",
        risk.collateral_value,
        risk.debt_value,
        opt(risk.ltv),
        opt(risk.leverage)
    );

    section("A liquidator bot: LiquidatablePositions -> SimulateLiquidation -> Liquidate");
    let bot = env.addr("bot");
    env.fund(&bot, &[coin(100_000_000_000, "uusdc")]);
    let targets = env.liquidation().liquidatable_positions(None, None)?;
    for target in targets.positions {
        let owner = Addr::unchecked(&target.owner);
        let sim = env
            .liquidation()
            .simulate(&owner, target.account, "uusdc", "uatom", None)?;
        println!(
            "  simulate {}/{} (health {}): repay {} uusdc, seize {} uatom ({} to the bot, {} fee), \
             bonus {}, health after {}",
            name(&env, &target.owner),
            target.account,
            target.health_factor,
            sim.repay,
            sim.seized,
            sim.to_liquidator,
            sim.protocol_fee,
            sim.bonus,
            opt(sim.health_after)
        );
        let done = env.liquidation().liquidate(
            &bot,
            &owner,
            target.account,
            "uatom",
            &coin(sim.repay.u128(), "uusdc"),
        )?;
        println!(
            "  liquidated: repaid {} seized {} to the bot {} fee {} health {} -> {}",
            done.repaid,
            done.seized,
            done.to_liquidator,
            done.protocol_fee,
            done.health_before,
            opt(done.health_after)
        );
    }
    show(
        &env.vault().position(&alice, 0, PriceKind::Liquidation)?,
        "alice after liquidation",
    );
    println!("  bot now holds {} uatom", env.balance(&bot, "uatom"));
    Ok(())
}

fn section(title: &str) {
    println!("\n== {title}");
}

fn name(env: &MockEnv, addr: &str) -> String {
    for who in ["alice", "bob", "lender", "bot"] {
        if env.addr(who) == Addr::unchecked(addr) {
            return who.to_string();
        }
    }
    addr.to_string()
}

fn opt(value: Option<Decimal256>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn show(p: &PositionResponse, label: &str) {
    println!(
        "  {label}: collateral {} debt {} borrow capacity {} liquidation capacity {} LTV {} \
         health {} leverage {} liquidatable {}",
        p.collateral_value,
        p.debt_value,
        p.borrow_capacity,
        p.liquidation_capacity,
        opt(p.ltv),
        opt(p.health_factor),
        opt(p.leverage),
        p.liquidatable
    );
}
