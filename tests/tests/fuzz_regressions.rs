//! Reproductions of the crashes the fuzz targets found (`scripts/fuzz.sh`, README "Fuzzing"): one
//! test per input saved under `fuzz/regressions/<target>/`, reduced to the steps that matter.

use ballast_testing::invariants::check_all;
use ballast_testing::{feeds, test_rate_model, AssetSpec, MockEnv, PythFeed};
use ballast_types::oracle::PriceKind;
use cosmwasm_std::{coin, Decimal256};

/// The set-up of the fuzz targets, reduced: USDC fixed at 1 USD and lent, ATOM from Pyth at
/// 10 USD as collateral.
fn env() -> MockEnv {
    MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 500_000)
        .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new("uatom", 6).collateral("0.7", "0.75"))
        .build()
}

/// `fuzz/regressions/liquidation/check_all-pyth-expo-i32-min` (found by all three targets in
/// their first minutes): the Pyth feed republished with `expo = i32::MIN`. The oracle answers
/// with an error, as it should, but `invariants::check_all` panicked ("attempt to exponentiate
/// with overflow") in its own normalisation of the expected price, `10^n` in a `Uint512` for
/// `n = -(expo + quote − decimals + 18)` far beyond 154. Any exponent whose power of ten does not
/// fit must read as "rounds to zero" / "too large", as the contract's own normalisation does.
#[test]
fn check_all_survives_pyth_exponents_out_of_range() {
    let mut env = env();
    for expo in [i32::MIN, -200, -160, 140, 200, i32::MAX] {
        let now = i64::try_from(env.now()).unwrap();
        env.set_pyth_feed(&PythFeed::new(
            feeds::ATOM_USD,
            1_000_000_000,
            expo,
            500_000,
            now,
        ))
        .unwrap();
        // The oracle rejects such a price or answers one; it never panics.
        let answered = env.price("uatom", PriceKind::Default).is_ok();
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_all(&env)));
        assert!(
            checked.is_ok(),
            "check_all panicked with a Pyth exponent of {expo} (oracle answered: {answered})"
        );
    }
}

/// `fuzz/regressions/liquidation/inv19-liquidation-rounds-to-zero` (liquidation target, 5-minute
/// run with `BALLAST_FUZZ_CHECK_ALL=step`): ATOM's Pyth price to 10^-8 USD and USDC's to 10^-18
/// quote units; Carol's account 0 (100 ATOM, 500 USDC of debt) then has a debt value rounded up
/// to 1 and a liquidation capacity rounded down to 0, so it is listed as liquidatable, but every
/// `SimulateLiquidation` (and `Liquidate`) fails with `ZeroLiquidation` ("liquidation rounds to
/// zero: repay 500000000, seized 0"): invariant 19 ("a liquidatable account can always be
/// liquidated"), and 31 (closed and written off) with it.
///
/// The same happens at ordinary prices with a dust account, reduced here by hand: 1 uatom at
/// 10 µUSD borrows 7 uusdc (`min_debt_value` 0, or partial repays below it); ATOM falls 10 %:
/// `L = floor(9 × 0.75) = 6 < D = 7`, HF 0.857, a full liquidation with a bonus of about 19 %
/// seizes `7 × 1.19 / 9 = 0.93` uatom, which rounds to 0. Such accounts stay in
/// `LiquidatablePositions` for ever, no bot can close them, their debt is never written off, and
/// anyone can open many of them to fill the bots' pages.
///
/// Fixed by step 6 of `ballast_math::compute_liquidation`: when what a pair may repay pays for
/// less than one unit, the liquidation takes the whole collateral, and when no debt of the
/// account is worth one unit of any collateral, the last unit is seized for the whole debt (the
/// vault accepts that one unit beyond its seize bound).
#[test]

fn a_liquidatable_dust_account_can_be_liquidated() {
    let mut env = MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .fixed_price("uatom", 6, Decimal256::percent(1000))
        .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
        .asset(AssetSpec::new("uatom", 6).collateral("0.7", "0.75"))
        .build();
    let (lender, borrower, bot) = (env.addr("lender"), env.addr("borrower"), env.addr("bot"));
    env.fund(&lender, &[coin(1_000_000, "uusdc")]);
    env.fund(&borrower, &[coin(1, "uatom")]);
    env.fund(&bot, &[coin(1_000_000, "uusdc")]);
    env.vault()
        .supply(&lender, &[coin(1_000_000, "uusdc")])
        .unwrap();
    env.vault().deposit(&borrower, &[coin(1, "uatom")]).unwrap(); // worth 10 µUSD
    env.vault().borrow(&borrower, &coin(7, "uusdc")).unwrap(); // B = 7
    env.set_price("uatom", Decimal256::percent(900)).unwrap(); // L = 6 < D = 7

    let page = env
        .liquidation()
        .liquidatable_positions(None, None)
        .unwrap();
    assert!(
        page.positions
            .iter()
            .any(|p| p.owner == borrower.to_string()),
        "the account is liquidatable: {page:?}"
    );
    let sim = env
        .liquidation()
        .simulate(&borrower, 0, "uusdc", "uatom", None);
    let sim = sim.unwrap_or_else(|e| panic!("listed as liquidatable, but: {e}"));
    env.liquidation()
        .liquidate(
            &bot,
            &borrower,
            0,
            "uatom",
            &coin(sim.repay.u128(), "uusdc"),
        )
        .unwrap();
    check_all(&env).unwrap();
}
