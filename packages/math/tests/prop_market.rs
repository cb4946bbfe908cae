//! Property tests: shares rounding, accrual and the market ledger under random sequences.

mod common;

use ballast_math::{
    debt_assets, debt_shares_to_burn, debt_shares_to_mint, supply_assets, supply_shares_to_burn,
    supply_shares_to_mint, MarketState, MathError, RateModel, SECONDS_PER_YEAR,
};
use common::*;
use cosmwasm_std::{Decimal, Uint128};
use proptest::prelude::*;

/// One action of a random sequence. Account numbers index four accounts; `f` is a fraction in
/// 1/1000 of what the action could take at most (above 1000: more than allowed, which must
/// fail cleanly).
#[derive(Debug, Clone)]
enum Op {
    Supply(usize, u128),
    Redeem(usize, u128),
    RedeemAll(usize),
    Borrow(usize, u128),
    Repay(usize, u128),
    RepayAll(usize),
    WriteOff(usize),
    WithdrawReserves(u128),
    Advance(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0usize..4;
    let f = 0u128..=1_100;
    prop_oneof![
        3 => (who.clone(), log_amount(24)).prop_map(|(a, x)| Op::Supply(a, x)),
        2 => (who.clone(), f.clone()).prop_map(|(a, x)| Op::Redeem(a, x)),
        1 => who.clone().prop_map(Op::RedeemAll),
        3 => (who.clone(), f.clone()).prop_map(|(a, x)| Op::Borrow(a, x)),
        2 => (who.clone(), 0u128..=1_500).prop_map(|(a, x)| Op::Repay(a, x)),
        1 => who.clone().prop_map(Op::RepayAll),
        1 => who.prop_map(Op::WriteOff),
        1 => f.prop_map(Op::WithdrawReserves),
        3 => prop_oneof![0u64..=60, 0u64..=SECONDS_PER_YEAR].prop_map(Op::Advance),
    ]
}

/// `max · f / 1000`, at least 1.
fn part(max: Uint128, f: u128) -> Uint128 {
    max.multiply_ratio(f, 1_000u128).max(Uint128::one())
}

/// Ledger of a market with four accounts and the vault's cash, kept next to `MarketState`.
struct World {
    market: MarketState,
    supply: [Uint128; 4],
    debt: [Uint128; 4],
    cash: Uint128,
    now: u64,
}

impl World {
    fn apply(&mut self, op: &Op, model: &RateModel, rf: Decimal) -> Result<(), MathError> {
        let m = &mut self.market;
        match *op {
            Op::Supply(a, x) => {
                let shares = m.supply(Uint128::new(x))?;
                self.supply[a] += shares;
                self.cash += Uint128::new(x);
            }
            Op::Redeem(a, f) => {
                let x = part(supply_assets(self.supply[a], m.supply_index)?, f);
                let burn = supply_shares_to_burn(x, m.supply_index)?;
                if burn > self.supply[a] {
                    return Err(MathError::ZeroAmount); // the vault's own check
                }
                let burned = m.redeem(x)?;
                assert_eq!(burned, burn);
                self.supply[a] -= burned;
                self.cash -= x;
            }
            Op::RedeemAll(a) => {
                let paid = m.redeem_shares(self.supply[a])?;
                self.supply[a] = Uint128::zero();
                self.cash -= paid;
            }
            Op::Borrow(a, f) => {
                let x = part(m.max_borrowable()?, f);
                let shares = m.borrow(x)?;
                self.debt[a] += shares;
                self.cash -= x;
            }
            Op::Repay(a, f) => {
                let x = part(debt_assets(self.debt[a], m.borrow_index)?, f);
                let rep = m.repay(x, self.debt[a])?;
                assert_eq!(rep.repaid + rep.refund, x);
                self.debt[a] -= rep.shares_burned;
                self.cash += rep.repaid;
            }
            Op::RepayAll(a) => {
                let owed = debt_assets(self.debt[a], m.borrow_index)?;
                let rep = m.repay(owed, self.debt[a])?;
                assert_eq!(rep.shares_burned, self.debt[a]);
                assert_eq!(rep.refund, Uint128::zero());
                self.debt[a] = Uint128::zero();
                self.cash += rep.repaid;
            }
            Op::WriteOff(a) => {
                let reserves = m.reserves;
                let suppliers = m.supplier_assets()?;
                let w = m.write_off(self.debt[a])?;
                self.debt[a] = Uint128::zero();
                assert_eq!(
                    m.reserves,
                    reserves - w.from_reserves + w.rounding_to_reserves
                );
                assert_eq!(m.supplier_assets()?, suppliers - w.from_suppliers);
                assert!(
                    w.from_reserves + w.from_suppliers >= w.amount
                        || m.supplier_assets()?.is_zero()
                );
            }
            Op::WithdrawReserves(f) => {
                let x = part(m.reserves, f);
                m.withdraw_reserves(x)?;
                self.cash -= x;
            }
            Op::Advance(dt) => {
                self.now += dt;
                let supplied = m.total_supplied()?;
                let debt = m.total_debt()?;
                let acc = m.accrue(model, rf, self.now)?;
                assert_eq!(m.total_supplied()?, supplied + acc.interest);
                assert_eq!(m.total_debt()?, debt + acc.interest);
                assert_eq!(acc.to_reserves + acc.to_suppliers, acc.interest);
                assert!(acc.to_reserves >= acc.interest.mul_floor(rf));
            }
        }
        Ok(())
    }

    fn check(&self, before: &MarketState) -> Result<(), TestCaseError> {
        let m = &self.market;
        // 1. utilisation ≤ 1
        prop_assert!(m.is_solvent().unwrap());
        prop_assert!(m.utilization().unwrap() <= Decimal::one());
        // 3. account shares add up
        let s: Uint128 = self.supply.iter().copied().sum();
        let d: Uint128 = self.debt.iter().copied().sum();
        prop_assert_eq!(s, m.supply_shares);
        prop_assert_eq!(d, m.debt_shares);
        // 5. indices never decrease (supply_index only on a write-off); time never goes back
        prop_assert!(m.borrow_index >= before.borrow_index);
        prop_assert!(m.supply_index >= before.supply_index || m.deficit > before.deficit);
        prop_assert!(m.last_accrued >= before.last_accrued);
        // 2. the cash covers the free liquidity
        prop_assert!(self.cash >= m.free_liquidity().unwrap());
        // solvency account by account: cash + what borrowers owe ≥ what suppliers and
        // reserves can claim
        let owed: Uint128 = self
            .debt
            .iter()
            .map(|s| debt_assets(*s, m.borrow_index).unwrap())
            .sum();
        let claims: Uint128 = self
            .supply
            .iter()
            .map(|s| supply_assets(*s, m.supply_index).unwrap())
            .sum();
        prop_assert!(self.cash + owed >= claims + m.reserves);
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Minting then burning at one index never creates value.
    #[test]
    fn share_rounding_favours_the_protocol(amount in log_amount(30), idx in any_index()) {
        let amount = Uint128::new(amount);
        let minted = supply_shares_to_mint(amount, idx).unwrap();
        prop_assert!(supply_assets(minted, idx).unwrap() <= amount);
        prop_assert!(supply_shares_to_burn(amount, idx).unwrap() >= minted);
        let owed_shares = debt_shares_to_mint(amount, idx).unwrap();
        prop_assert!(debt_assets(owed_shares, idx).unwrap() >= amount);
        prop_assert!(debt_shares_to_burn(amount, idx).unwrap() <= owed_shares);
    }

    /// Supply then immediately redeem all the shares returns at most the deposit.
    #[test]
    fn supply_then_redeem_returns_at_most_the_deposit(
        market in market(),
        amount in log_amount(24),
    ) {
        let mut m = market;
        let amount = Uint128::new(amount);
        let Ok(shares) = m.supply(amount) else { return Ok(()) };
        match m.clone().redeem_shares(shares) {
            Ok(out) => prop_assert!(out <= amount),
            Err(e) => prop_assert!(
                matches!(e, MathError::ZeroAmount | MathError::InsufficientLiquidity { .. }),
                "{e:?}"
            ),
        }
        // redeeming the same amount costs at least the shares minted
        prop_assert!(supply_shares_to_burn(amount, m.supply_index).unwrap() >= shares);
    }

    /// Borrow then repay costs at least the loan: the debt is ≥ the loan, and paying one unit
    /// less than the loan never clears it.
    #[test]
    fn borrow_then_repay_costs_at_least_the_loan(
        market in market(),
        amount in log_amount(20),
    ) {
        let mut m = market;
        let amount = Uint128::new(amount);
        let Ok(shares) = m.borrow(amount) else { return Ok(()) };
        let owed = debt_assets(shares, m.borrow_index).unwrap();
        prop_assert!(owed >= amount);
        if amount > Uint128::one() {
            if let Ok(rep) = m.clone().repay(amount - Uint128::one(), shares) {
                prop_assert!(rep.shares_burned < shares);
            }
        }
        let rep = m.repay(owed, shares).unwrap();
        prop_assert_eq!(rep.shares_burned, shares);
        prop_assert_eq!(rep.repaid, owed);
    }

    /// `max_redeemable` and `max_borrowable` are exact at the 1-unit edge.
    #[test]
    fn liquidity_limits_exact_at_the_edge(market in market()) {
        let r = market.max_redeemable().unwrap();
        if r > Uint128::zero() {
            prop_assert!(market.clone().redeem(r).is_ok());
        }
        prop_assert!(market.clone().redeem(r + Uint128::one()).is_err());
        let b = market.max_borrowable().unwrap();
        if b > Uint128::zero() {
            prop_assert!(market.clone().borrow(b).is_ok());
        }
        prop_assert!(market.clone().borrow(b + Uint128::one()).is_err());
    }

    /// A write-off keeps the books solvent and its report adds up, at any utilisation.
    #[test]
    fn write_off_keeps_the_books(market in market(), f in 1u128..=1_000) {
        prop_assume!(!market.debt_shares.is_zero());
        let shares = market.debt_shares.multiply_ratio(f, 1_000u128).max(Uint128::one());
        let mut m = market.clone();
        let w = m.write_off(shares).unwrap();
        prop_assert!(m.is_solvent().unwrap());
        prop_assert_eq!(w.amount, debt_assets(shares, market.borrow_index).unwrap());
        prop_assert_eq!(m.deficit, market.deficit + w.amount);
        prop_assert_eq!(m.debt_shares, market.debt_shares - shares);
        prop_assert_eq!(w.from_reserves, market.reserves.min(w.amount));
        prop_assert_eq!(m.reserves, market.reserves - w.from_reserves + w.rounding_to_reserves);
        let suppliers = market.supplier_assets().unwrap();
        prop_assert_eq!(m.supplier_assets().unwrap(), suppliers - w.from_suppliers);
        prop_assert!(
            w.from_reserves + w.from_suppliers >= w.amount || m.supplier_assets().unwrap().is_zero()
        );
        prop_assert!(m.supply_index <= market.supply_index);
        prop_assert_eq!(m.borrow_index, market.borrow_index);
        // the rounding dust is a few units at most: the account's and the total's debt
        // rounding (1), plus the index granularity of supply_shares / 10^24 units
        let granularity = m.supply_shares.u128() / 1_000_000_000_000_000_000_000_000 + 1;
        prop_assert!(w.rounding_to_reserves.u128() <= 1 + granularity, "{w:?}");
        // free liquidity (the cash the pool needs) never grows
        prop_assert!(m.free_liquidity().unwrap() <= market.free_liquidity().unwrap());
    }

    /// Accrual: indices never decrease, totals grow by exactly the interest, accruing twice at
    /// one time is a no-op, and two periods compound to at least one period of the same length.
    #[test]
    fn accrual_properties(
        market in market(),
        model in rate_model(),
        rf in 0u64..1000,
        t1 in 0u64..=SECONDS_PER_YEAR,
        t2 in 0u64..=SECONDS_PER_YEAR,
    ) {
        let rf = Decimal::permille(rf);
        let start = market.last_accrued;
        let mut once = market.clone();
        let a = once.accrue(&model, rf, start + t1 + t2).unwrap();
        prop_assert!(once.borrow_index >= market.borrow_index);
        prop_assert!(once.supply_index >= market.supply_index);
        prop_assert_eq!(once.total_debt().unwrap(), market.total_debt().unwrap() + a.interest);
        prop_assert_eq!(
            once.total_supplied().unwrap(),
            market.total_supplied().unwrap() + a.interest
        );
        prop_assert!(once.is_solvent().unwrap());
        let again = once.clone();
        prop_assert_eq!(once.accrue(&model, rf, start + t1 + t2).unwrap(), Default::default());
        prop_assert_eq!(&once, &again);

        let mut twice = market.clone();
        twice.accrue(&model, rf, start + t1).unwrap();
        twice.accrue(&model, rf, start + t1 + t2).unwrap();
        prop_assert!(twice.borrow_index >= once.borrow_index);
        prop_assert!(twice.total_debt().unwrap() >= once.total_debt().unwrap());
        prop_assert_eq!(twice.last_accrued, once.last_accrued);
    }

    /// Any sequence of actions keeps the ledger invariants (INVARIANTS.md 1, 2, 3, 5, 7).
    #[test]
    fn random_sequences_keep_the_invariants(
        model in rate_model(),
        rf in 0u64..1000,
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let rf = Decimal::permille(rf);
        let mut world = World {
            market: MarketState::new(0),
            supply: [Uint128::zero(); 4],
            debt: [Uint128::zero(); 4],
            cash: Uint128::zero(),
            now: 0,
        };
        for op in &ops {
            let before = world.market.clone();
            let (s, d, cash) = (world.supply, world.debt, world.cash);
            if world.apply(op, &model, rf).is_err() {
                // a failed action changes nothing
                prop_assert_eq!(&world.market, &before);
                world.supply = s;
                world.debt = d;
                world.cash = cash;
            }
            world.check(&before)?;
        }
    }
}
