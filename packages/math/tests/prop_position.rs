//! Property tests: values, positions, max borrow / withdraw, liquidation price.

mod common;

use ballast_math::{
    amount_for_value_floor, collateral_value, debt_value, liquidation_price, max_borrow,
    max_borrow_with_existing, max_withdraw, position_values, DebtInput,
};
use common::*;
use cosmwasm_std::{Decimal256, Uint128, Uint256, Uint512};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Collateral value floor ≤ exact < floor + 1; debt value ceil − 1 < exact ≤ ceil.
    #[test]
    fn value_rounding_never_favours_the_user(
        (dec, price) in asset_price(),
        raw in any::<u128>(),
    ) {
        let amount = Uint128::new(raw % 10u128.pow(u32::from(dec) + 9) + 1);
        let exact = exact_value_wad(amount, price);
        let floor = Uint512::from(collateral_value(amount, price).unwrap()) * wad512();
        let ceil = Uint512::from(debt_value(amount, price).unwrap()) * wad512();
        prop_assert!(floor <= exact && exact < floor + wad512());
        prop_assert!(ceil >= exact && ceil < exact + wad512());
    }

    /// `amount_for_value_floor` is the largest amount whose exact value fits.
    #[test]
    fn amount_for_value_is_largest((_, price) in asset_price(), value in log_amount(20)) {
        let value = Uint128::new(value);
        let a = amount_for_value_floor(value, price).unwrap();
        let target = Uint512::from(value) * wad512();
        prop_assert!(exact_value_wad(a, price) <= target);
        prop_assert!(exact_value_wad(a + Uint128::one(), price) > target);
    }

    /// C, B and L never fall when a collateral price rises; D never falls when a debt price
    /// rises, and the collateral side does not move.
    #[test]
    fn position_values_monotone_in_each_price(
        (collaterals, debts) in position(),
        which in any::<prop::sample::Index>(),
        bump in 1u128..=WAD * 1000,
    ) {
        let before = position_values(&collaterals, &debts).unwrap();
        let i = which.index(collaterals.len());
        let mut up = collaterals.clone();
        up[i].price += Decimal256::new(Uint256::from(bump));
        let after = position_values(&up, &debts).unwrap();
        prop_assert!(after.collateral_value >= before.collateral_value);
        prop_assert!(after.borrow_capacity >= before.borrow_capacity);
        prop_assert!(after.liquidation_capacity >= before.liquidation_capacity);
        prop_assert_eq!(after.debt_value, before.debt_value);
        if !debts.is_empty() {
            let j = which.index(debts.len());
            let mut up = debts.clone();
            up[j].price += Decimal256::new(Uint256::from(bump));
            let after = position_values(&collaterals, &up).unwrap();
            prop_assert!(after.debt_value >= before.debt_value);
            prop_assert_eq!(after.collateral_value, before.collateral_value);
            prop_assert_eq!(after.liquidation_capacity, before.liquidation_capacity);
            // more debt at the same collateral never makes a position healthier
            prop_assert!(after.is_liquidatable() || !before.is_liquidatable());
        }
    }

    /// Borrowing `max_borrow` of a new asset passes the initial margin, one more unit fails.
    #[test]
    fn max_borrow_exact_at_the_edge(
        (collaterals, debts) in position_near_threshold(1_000, 9_000),
        (_, price) in asset_price(),
    ) {
        let values = position_values(&collaterals, &debts).unwrap();
        let a = max_borrow(&values, price).unwrap();
        let with = |amount: Uint128| {
            let mut ds = debts.clone();
            ds.push(DebtInput { amount, price });
            position_values(&collaterals, &ds).unwrap().meets_initial_margin()
        };
        if values.meets_initial_margin() {
            prop_assert!(with(a));
        } else {
            prop_assert_eq!(a, Uint128::zero());
        }
        prop_assert!(!with(a + Uint128::one()));
    }

    /// Adding `max_borrow_with_existing` to an existing debt passes, one more unit fails.
    #[test]
    fn max_borrow_with_existing_exact_at_the_edge(
        (collaterals, debts) in position_near_threshold(1_000, 9_000),
        which in any::<prop::sample::Index>(),
    ) {
        let values = position_values(&collaterals, &debts).unwrap();
        let j = which.index(debts.len());
        let a = max_borrow_with_existing(&values, debts[j].amount, debts[j].price).unwrap();
        let with = |extra: Uint128| {
            let mut ds = debts.clone();
            ds[j].amount += extra;
            position_values(&collaterals, &ds).unwrap().meets_initial_margin()
        };
        if values.meets_initial_margin() {
            prop_assert!(with(a));
        } else {
            prop_assert_eq!(a, Uint128::zero());
        }
        prop_assert!(!with(a + Uint128::one()));
        // never less than the conservative new-asset answer
        prop_assert!(a >= max_borrow(&values, debts[j].price).unwrap());
    }

    /// Withdrawing `max_withdraw` keeps `D ≤ B`; one more unit breaks it.
    #[test]
    fn max_withdraw_exact_at_the_edge(
        (collaterals, debts) in position_near_threshold(500, 12_000),
        which in any::<prop::sample::Index>(),
        no_debt in prop::bool::weighted(0.05),
    ) {
        let debts = if no_debt { vec![] } else { debts };
        let i = which.index(collaterals.len());
        let w = max_withdraw(&collaterals, &debts, i).unwrap();
        prop_assert!(w <= collaterals[i].amount);
        let without = |amount: Uint128| {
            let mut cs = collaterals.clone();
            cs[i].amount -= amount;
            position_values(&cs, &debts).unwrap().meets_initial_margin()
        };
        if w > Uint128::zero() {
            prop_assert!(without(w));
        }
        if w < collaterals[i].amount {
            prop_assert!(!without(w + Uint128::one()));
        }
        if debts.is_empty() {
            prop_assert_eq!(w, collaterals[i].amount);
        }
    }

    /// The liquidation price is the threshold: not liquidatable at it, liquidatable one atom
    /// below; `None` means no price of that collateral makes the position liquidatable.
    #[test]
    fn liquidation_price_is_the_threshold(
        (collaterals, debts) in position_near_threshold(3_000, 15_000),
        which in any::<prop::sample::Index>(),
    ) {
        let i = which.index(collaterals.len());
        let at = |price: Decimal256| {
            let mut cs = collaterals.clone();
            cs[i].price = price;
            position_values(&cs, &debts).unwrap().is_liquidatable()
        };
        match liquidation_price(&collaterals, &debts, i).unwrap() {
            Some(p) => {
                prop_assert!(!at(p));
                prop_assert!(at(p - Decimal256::new(Uint256::one())));
            }
            None => prop_assert!(!at(Decimal256::zero())),
        }
    }
}
