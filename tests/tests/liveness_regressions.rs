//! Regressions of the liquidation-liveness holes found by an audit and a crash replay (issue
//! "Liquidations that never stall", items 2–5), one test per bug class, through `MockEnv` with
//! the real oracle, vault and liquidation contracts. Item 1 (Median kinds) is pinned in the
//! oracle's tests, item 6 (migration) in each contract's tests.
//!
//! Set-up: USDC (6 decimals, price 1, borrowable); ATOM (6, Pyth, 10 USD, 0.75 / 0.8); OSMO (6,
//! Pyth, 0.5 USD, 0.5 / 0.6); ETH (18, Fixed 3,000 USD, 0.8 / 0.85, borrowable). Pyth prices may
//! be 60 s old at `Default` kind and one hour at `Liquidation` kind. Default policy with the bonus
//! cap at 0.15 (`{start 0.05, slope 1, min 0.02, max 0.15}`, close factor 0.5, full liquidation
//! below HF 0.95, 10 % of the bonus to the treasury).

use std::str::FromStr;

use ballast_testing::{feeds, test_rate_model, AssetSpec, MockEnv, PythParams};
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{coin, Addr, Decimal, Decimal256};

const USDC: &str = "uusdc";
const ATOM: &str = "uatom";
const OSMO: &str = "uosmo";
const ETH: &str = "wei";
const OSMO_FEED: &str = "5867f5683c757393a0670ef0f701490950fe93fdb006d181c8265a831ac0c5c6";

fn d(s: &str) -> Decimal256 {
    Decimal256::from_str(s).unwrap()
}

fn setup() -> MockEnv {
    let mut policy = ballast_testing::default_policy();
    policy.default_bonus.max = Decimal::percent(15);
    let mut env = MockEnv::builder()
        .liquidation_policy(policy)
        .pyth_params(PythParams {
            max_staleness_s: 60,
            liquidation_max_staleness_s: Some(3_600),
            ..PythParams::default()
        })
        .fixed_price(USDC, 6, d("1"))
        .pyth_price(ATOM, 6, feeds::ATOM_USD, 1_000_000_000, -8, 100_000)
        .pyth_price(OSMO, 6, OSMO_FEED, 50_000_000, -8, 5_000)
        .fixed_price(ETH, 18, d("0.000000003"))
        .asset(AssetSpec::new(USDC, 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new(ATOM, 6).collateral("0.75", "0.8"))
        .asset(AssetSpec::new(OSMO, 6).collateral("0.5", "0.6"))
        .asset(
            AssetSpec::new(ETH, 18)
                .collateral("0.8", "0.85")
                .lending(test_rate_model(), "0.1"),
        )
        .build();
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
    env
}

fn user(env: &mut MockEnv, name: &str) -> Addr {
    let addr = env.addr(name);
    let funds: Vec<_> = [USDC, ATOM, OSMO, ETH]
        .iter()
        .map(|denom| coin(1_000_000_000_000_000_000_000_000, *denom))
        .collect();
    env.fund(&addr, &funds);
    addr
}

/// Moves time on and republishes the ATOM feed at `atom_e8` (10^-8 USD), so that only the feeds
/// not republished age.
fn advance_with_atom(env: &mut MockEnv, seconds: u64, atom_e8: i64) {
    env.advance(seconds);
    env.set_pyth_price(feeds::ATOM_USD, atom_e8, -8, 100_000)
        .unwrap();
}

/// Item 2: one missing price froze a whole account. A borrower who adds 1 unit of an asset whose
/// feed then goes silent is still liquidated on its well-priced collateral: the silent one counts
/// zero and is not seized.
#[test]
fn stale_dust_collateral_does_not_shield_an_account() {
    let mut env = setup();
    let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
    // 100 ATOM (1,000 USD, B = 750) + 1 uosmo; 700 USDC borrowed.
    env.vault()
        .deposit(&borrower, &[coin(100_000_000, ATOM), coin(1, OSMO)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(700_000_000, USDC))
        .unwrap();
    // Two hours on: the OSMO feed is silent beyond both bounds; ATOM republished at 8.5.
    advance_with_atom(&mut env, 7_200, 850_000_000);
    assert!(env.price(OSMO, PriceKind::Liquidation).is_err());

    let ctx = env.vault().liquidation_context(&borrower, 0).unwrap();
    assert_eq!(ctx.position.missing_prices.len(), 1);
    assert_eq!(ctx.position.missing_prices[0].denom, OSMO);
    assert!(!ctx.position.unpriceable);
    // Two hours of interest at U = 0.0007: r = 0.02 + 0.1 · 0.0007 / 0.8 = 0.0200875, debt
    // ceil(700e6 · (1 + 0.0200875 · 7200 / 31_536_000)) = 700_003_211. C = 850e6, L = 680e6:
    // HF = 680e6 / 700_003_211 = 0.971424115367379364.
    assert_eq!(ctx.position.health_factor, Some(d("0.971424115367379364")));
    assert!(ctx.position.liquidatable);

    // The silent asset cannot be seized ...
    let err = env
        .liquidation()
        .simulate(&borrower, 0, USDC, OSMO, None)
        .unwrap_err();
    assert!(
        err.to_string().contains("has no Liquidation price"),
        "{err}"
    );
    // ... the priced one can: bonus 0.05 + (1 − HF) = 0.078575884632620636, close factor 0.5 ->
    // repay floor(700_003_211 / 2) = 350_001_605, seized
    // floor(350_001_605 · 1.078575884632620636 / 8.5) = 44_412_151.
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    assert_eq!(
        (ev.repaid.u128(), ev.seized.u128()),
        (350_001_605, 44_412_151)
    );
    assert_eq!(ev.bonus, Decimal::from_str("0.078575884632620636").unwrap());
    // The owner's own borrow keeps the strict rule: every asset priced at Default.
    let err = env.vault().borrow(&borrower, &coin(1, USDC)).unwrap_err();
    assert!(
        err.to_string().contains("no Default price for uosmo"),
        "{err}"
    );
}

/// Item 3: one missing price froze everyone. An account whose DEBT has no price is reported as
/// unpriceable, and `Positions` pages and `LiquidatablePositions` scans carry on past it.
#[test]
fn one_unpriceable_account_does_not_hide_others_from_scans() {
    let mut env = setup();
    let owner = env.owner.clone();
    let (eth_borrower, victim, bot) = (
        user(&mut env, "a-eth-borrower"),
        user(&mut env, "b-victim"),
        user(&mut env, "bot"),
    );
    // An account that owes ETH: 10,000 USDC... (USDC is not collateral) -> 1,000 ATOM, 1 ETH.
    env.vault()
        .deposit(&eth_borrower, &[coin(1_000_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&eth_borrower, &coin(1_000_000_000_000_000_000, ETH))
        .unwrap();
    // The victim holds no ETH: 100 ATOM against 700 USDC.
    env.vault()
        .deposit(&victim, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&victim, &coin(700_000_000, USDC))
        .unwrap();
    // ETH's source is removed (a feed gone for good) and ATOM falls to 8.5.
    env.oracle().remove_price_source(&owner, ETH).unwrap();
    advance_with_atom(&mut env, 10, 850_000_000);

    let page = env
        .vault()
        .positions(None, Some(10), PriceKind::Liquidation)
        .unwrap()
        .positions;
    assert_eq!(page.len(), 2);
    let first = &page[0];
    assert_eq!(first.owner, eth_borrower.to_string());
    assert!(first.unpriceable && !first.liquidatable);
    assert_eq!(first.health_factor, None);
    assert_eq!(first.missing_prices[0].denom, ETH);
    assert!(page[1].liquidatable);

    let scan = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert_eq!(scan.positions.len(), 1);
    assert_eq!(scan.positions[0].owner, victim.to_string());
    assert_eq!(scan.unpriceable.len(), 1);
    assert_eq!(scan.unpriceable[0].owner, eth_borrower.to_string());
    assert_eq!(scan.next_start_after, None);
    // The victim is liquidated; the unpriceable account cannot be, with a typed reason.
    env.liquidation()
        .liquidate(&bot, &victim, 0, ATOM, &coin(400_000_000, USDC))
        .unwrap();
    let err = env
        .liquidation()
        .simulate(&eth_borrower, 0, ETH, ATOM, None)
        .unwrap_err();
    assert!(err.to_string().contains("cannot be valued"), "{err}");
    // The RiskSummary still answers, without a price for ETH.
    let summary = env.vault().risk_summary().unwrap();
    let eth = summary.assets.iter().find(|a| a.denom == ETH).unwrap();
    assert_eq!(eth.price, None);
}

/// Item 4: third parties could grief accounts by depositing dust of new assets. Now a deposit on
/// behalf of another address only tops up what the account holds; repay on behalf stays open.
#[test]
fn third_party_deposits_only_top_up() {
    let mut env = setup();
    let (victim, griefer) = (user(&mut env, "victim"), user(&mut env, "griefer"));
    env.vault()
        .deposit(&victim, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&victim, &coin(500_000_000, USDC))
        .unwrap();
    let before = env.vault().account(&victim, 0).unwrap();
    // A new asset, a new sub-account, or a batch with one new asset: refused whole.
    for (account, coins) in [
        (0, vec![coin(1, OSMO)]),
        (7, vec![coin(1, ATOM)]),
        (0, vec![coin(1, ATOM), coin(1, OSMO)]),
    ] {
        let err = env
            .vault()
            .deposit_to(&griefer, account, Some(&victim), &coins)
            .unwrap_err();
        assert!(err.to_string().contains("only the owner may add"), "{err}");
    }
    assert_eq!(env.vault().account(&victim, 0).unwrap(), before);
    assert_eq!(env.vault().accounts(&victim).unwrap().accounts, vec![0]);
    // Topping up and repaying on behalf work.
    env.vault()
        .deposit_to(&griefer, 0, Some(&victim), &[coin(5, ATOM)])
        .unwrap();
    env.vault()
        .repay_for(&griefer, 0, Some(&victim), &[coin(1_000_000, USDC)])
        .unwrap();
    let after = env.vault().account(&victim, 0).unwrap();
    assert_eq!(after.collaterals[0].amount.u128(), 100_000_005);
    assert_eq!(after.debts[0].amount.u128(), 499_000_000);
    // The owner may add a new asset.
    env.vault().deposit(&victim, &[coin(1, OSMO)]).unwrap();
}

/// Item 5: insolvent accounts were never closed (bonus floored at `min`). Now the curve's bonus
/// applies without the `C/D − 1` cap, the whole collateral goes, and the rest is written off.
#[test]
fn insolvent_accounts_are_closed_and_written_off() {
    let mut env = setup();
    let (borrower, bot) = (user(&mut env, "borrower"), user(&mut env, "bot"));
    env.vault()
        .deposit(&borrower, &[coin(100_000_000, ATOM)])
        .unwrap();
    env.vault()
        .borrow(&borrower, &coin(700_000_000, USDC))
        .unwrap();
    // ATOM to 6.5: C = 650e6 < D·1.02 = 714e6: insolvent. L = 520e6, HF = 520/700 =
    // 0.742857142857142857; curve 0.05 + 0.257.. > 0.15 -> b = 0.15 (it was min 0.02 before).
    advance_with_atom(&mut env, 10, 650_000_000);
    let sim = env
        .liquidation()
        .simulate(&borrower, 0, USDC, ATOM, None)
        .unwrap();
    // whole collateral for ceil(650e6 / 1.15) = ceil(565_217_391.3) = 565_217_392; the rest is
    // bad debt: 10 s of interest at r = 0.0200875 make the debt ceil(700e6 · (1 + 0.0200875 ·
    // 10 / 31_536_000)) = 700_000_005, so 700_000_005 − 565_217_392 = 134_782_613.
    assert_eq!(sim.bonus, Decimal::percent(15));
    assert_eq!(
        (sim.repay.u128(), sim.seized.u128(), sim.bad_debt.u128()),
        (565_217_392, 100_000_000, 134_782_613)
    );
    // The bot's bonus part is worth 650e6 · 0.15 / 1.15 · 0.9 ≈ 76.3 USD, not 650e6 · 0.02 ·
    // 0.9 / 1.02 ≈ 11.5 USD as before: closing pays.
    let ev = env
        .liquidation()
        .liquidate(&bot, &borrower, 0, ATOM, &coin(sim.repay.u128(), USDC))
        .unwrap();
    assert_eq!(ev.seized, sim.seized);
    let account = env.vault().account(&borrower, 0).unwrap();
    assert!(account.collaterals.is_empty() && account.debts.is_empty());
    let market = env.vault().market(USDC).unwrap();
    assert!(market.deficit.u128() >= 134_782_613);
    assert!(env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap()
        .positions
        .is_empty());
}
