//! The ledger maths of one lending market, used by the vault.
//!
//! A market holds supply shares (suppliers' claims), debt shares (borrowers' debts), an index
//! for each, reserves, a deficit counter and the time of the last accrual:
//!
//! ```text
//! supplier_assets = floor(supply_shares · supply_index / 10^6)
//! total_supplied  = supplier_assets + reserves      everything the pool owes: to suppliers
//!                                                    and to the protocol's reserves
//! total_debt      = ceil(debt_shares · borrow_index / 10^6)
//! free_liquidity  = total_supplied − total_debt     (the cash the pool must hold)
//! utilization     = total_debt / total_supplied
//! ```
//!
//! Reserves are protocol-owned supply inside the pool: they are lent out like any supply and
//! can only be withdrawn out of free liquidity.
//!
//! Every operation works on a copy of the state and commits only if it succeeds, so an error
//! leaves the state untouched. Every operation keeps `total_debt ≤ total_supplied`
//! (utilisation ≤ 1) or fails. The indices never decrease, except `supply_index` in
//! [`MarketState::write_off`]; `last_accrued` never moves backwards.
//!
//! Cash: the vault's bank balance of the asset (for this market) is at least
//! `free_liquidity` at all times, because every operation changes `free_liquidity` by at most
//! the coins that move, in the protocol's favour.

use ballast_compact::CompactDeserialize;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms, atoms256, ratio, ratio_u128, to_u128, wad, wide, Rounding};
use crate::interest::{supply_rate, utilization, RateModel, SECONDS_PER_YEAR};
use crate::shares::{
    debt_assets, debt_shares_to_burn, debt_shares_to_mint, supply_assets, supply_shares_to_burn,
    supply_shares_to_mint, SCALE,
};

/// The state of one lending market.
#[cw_serde]
// and its compact table: the vault reads what it stored through it (unknown fields skipped, as
// serde's derive does), without a derived visitor in its Wasm
#[derive(CompactDeserialize)]
#[compact(table_only, ignore_unknown)]
#[derive(ballast_compact::WriteJson)]
pub struct MarketState {
    /// Total supply shares held by suppliers.
    pub supply_shares: Uint128,
    /// Total debt shares owed by borrowers.
    pub debt_shares: Uint128,
    /// Assets per 10^6 supply shares. Starts at 1; grows with interest; falls only on a
    /// write-off of bad debt.
    pub supply_index: Decimal256,
    /// Assets per 10^6 debt shares. Starts at 1; never decreases.
    pub borrow_index: Decimal256,
    /// Protocol-owned supply (part of `total_supplied`).
    pub reserves: Uint128,
    /// Cumulative bad debt written off.
    pub deficit: Uint128,
    /// Time of the last accrual, in seconds.
    pub last_accrued: u64,
}

/// What one accrual did. All zero when nothing accrued.
#[cw_serde]
#[derive(Default)]
pub struct Accrual {
    /// Growth of `total_debt` (and of `total_supplied`: exactly the same).
    pub interest: Uint128,
    /// Credited to reserves: `interest − to_suppliers` (≥ `floor(interest · reserve_factor)`).
    pub to_reserves: Uint128,
    /// Growth of `supplier_assets()`.
    pub to_suppliers: Uint128,
}

/// What a repayment did.
#[cw_serde]
pub struct Repayment {
    /// Coins taken for the debt (≤ the amount sent).
    pub repaid: Uint128,
    /// Debt shares burned from the account.
    pub shares_burned: Uint128,
    /// Coins to give back: `sent − repaid`.
    pub refund: Uint128,
}

/// What a write-off of bad debt did.
///
/// `reserves_after = reserves_before − from_reserves + rounding_to_reserves` and
/// `supplier_assets_after = supplier_assets_before − from_suppliers`.
#[cw_serde]
pub struct WriteOff {
    /// The account's debt written off (added to `deficit`).
    pub amount: Uint128,
    /// Taken from reserves: `min(reserves, amount)`.
    pub from_reserves: Uint128,
    /// Fall of `supplier_assets()`: at least `amount − from_reserves` (rounded against
    /// suppliers), unless the suppliers' assets fell to zero.
    pub from_suppliers: Uint128,
    /// Rounding dust credited back to reserves so that `total_debt ≤ total_supplied` still
    /// holds (a few units at most; the totals round differently from one account's debt).
    pub rounding_to_reserves: Uint128,
}

impl MarketState {
    /// A new market: indices 1, every total 0, last accrued `now`.
    pub fn new(now: u64) -> Self {
        MarketState {
            supply_shares: Uint128::zero(),
            debt_shares: Uint128::zero(),
            supply_index: Decimal256::one(),
            borrow_index: Decimal256::one(),
            reserves: Uint128::zero(),
            deficit: Uint128::zero(),
            last_accrued: now,
        }
    }

    /// Suppliers' assets: `floor(supply_shares · supply_index / 10^6)`.
    pub fn supplier_assets(&self) -> MathResult<Uint128> {
        supply_assets(self.supply_shares, self.supply_index)
    }

    /// Everything the pool owes: `supplier_assets() + reserves`.
    pub fn total_supplied(&self) -> MathResult<Uint128> {
        Ok(self.supplier_assets()?.checked_add(self.reserves)?)
    }

    /// Total debt: `ceil(debt_shares · borrow_index / 10^6)`.
    pub fn total_debt(&self) -> MathResult<Uint128> {
        debt_assets(self.debt_shares, self.borrow_index)
    }

    /// Utilisation `total_debt / total_supplied` (rounded up, ≤ 1; 0 when nothing supplied).
    pub fn utilization(&self) -> MathResult<Decimal> {
        utilization(self.total_debt()?, self.total_supplied()?)
    }

    /// Free liquidity `max(total_supplied − total_debt, 0)`.
    pub fn free_liquidity(&self) -> MathResult<Uint128> {
        Ok(self.total_supplied()?.saturating_sub(self.total_debt()?))
    }

    /// Current borrow rate (APR): `model.borrow_rate(utilization())`.
    pub fn borrow_rate(&self, model: &RateModel) -> MathResult<Decimal> {
        model.borrow_rate(self.utilization()?)
    }

    /// Current supply rate (APR):
    /// `supply_rate(borrow_rate, utilization, reserve_factor)` = `r · U · (1 − rf)`, rounded
    /// down.
    pub fn supply_rate(&self, model: &RateModel, reserve_factor: Decimal) -> MathResult<Decimal> {
        let u = self.utilization()?;
        supply_rate(model.borrow_rate(u)?, u, reserve_factor)
    }

    /// `total_debt ≤ total_supplied`: the invariant every operation keeps.
    pub fn is_solvent(&self) -> MathResult<bool> {
        Ok(self.total_debt()? <= self.total_supplied()?)
    }

    /// Accrues interest up to `now`.
    ///
    /// No-op (all zeros) when `now ≤ last_accrued`: idempotent within a block, and
    /// `last_accrued` never moves backwards. Otherwise, with `Δt = now − last_accrued` and the
    /// rate `r = model.borrow_rate(U)` at the utilisation **before** accrual:
    ///
    /// ```text
    /// borrow_index' = borrow_index + ceil(borrow_index · r · Δt / 31_536_000)
    /// interest      = total_debt' − total_debt            (exactly consistent with the index)
    /// target        = interest − floor(interest · reserve_factor)
    /// supply_index' = supply_index + floor(target · 10^6 / supply_shares)   (if shares > 0)
    /// to_suppliers  = supplier_assets' − supplier_assets  (≤ target)
    /// to_reserves   = interest − to_suppliers             (reserves take the rounding dust)
    /// ```
    ///
    /// So `total_supplied` and `total_debt` both grow by exactly `interest` and utilisation
    /// stays ≤ 1. With no debt shares the indices do not move. Interest is simple within one
    /// accrual and compounds across accruals: accruing over two periods gives an index ≥
    /// accruing once over their sum.
    ///
    /// Errors: `InvalidParam` if `reserve_factor > 1`; overflow of an index or a total.
    pub fn accrue(
        &mut self,
        model: &RateModel,
        reserve_factor: Decimal,
        now: u64,
    ) -> MathResult<Accrual> {
        if now <= self.last_accrued {
            return Ok(Accrual::default());
        }
        if reserve_factor > Decimal::one() {
            return Err(MathError::invalid_param("reserve_factor", "must be ≤ 1"));
        }
        let mut next = self.clone();
        next.last_accrued = now;
        if self.debt_shares.is_zero() {
            *self = next;
            return Ok(Accrual::default());
        }
        let dt = now.saturating_sub(self.last_accrued);
        let rate = model.borrow_rate(self.utilization()?)?;
        let debt_before = self.total_debt()?;
        let growth = ratio(
            &[atoms256(self.borrow_index), atoms(rate), Uint256::from(dt)],
            &[Uint256::from(SECONDS_PER_YEAR), wad()],
            Rounding::Up,
        )?;
        next.borrow_index =
            Decimal256::new(atoms256(self.borrow_index).checked_add(Uint256::try_from(growth)?)?);
        let interest = next.total_debt()?.checked_sub(debt_before)?;
        let reserve_cut = ratio_u128(
            &[wide(interest), atoms(reserve_factor)],
            &[wad()],
            Rounding::Down,
        )?;
        let target = interest.checked_sub(reserve_cut)?;
        let suppliers_before = self.supplier_assets()?;
        if !target.is_zero() && !self.supply_shares.is_zero() {
            let delta = ratio(
                &[wide(target), Uint256::from(SCALE)],
                &[wide(self.supply_shares)],
                Rounding::Down,
            )?;
            next.supply_index = Decimal256::new(
                atoms256(self.supply_index).checked_add(Uint256::try_from(delta)?)?,
            );
        }
        let to_suppliers = next.supplier_assets()?.checked_sub(suppliers_before)?;
        let to_reserves = interest.checked_sub(to_suppliers)?;
        next.reserves = next.reserves.checked_add(to_reserves)?;
        next.total_supplied()?;
        *self = next;
        Ok(Accrual {
            interest,
            to_reserves,
            to_suppliers,
        })
    }

    /// Supplies `amount`; returns the supply shares minted, rounded down
    /// (`floor(amount · 10^6 / supply_index)`).
    ///
    /// Errors: `ZeroAmount`; `ZeroShares` if the shares round to 0 (the coins would be taken
    /// for nothing); `ZeroIndex`; overflow.
    pub fn supply(&mut self, amount: Uint128) -> MathResult<Uint128> {
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        let shares = supply_shares_to_mint(amount, self.supply_index)?;
        if shares.is_zero() {
            return Err(MathError::ZeroShares { amount });
        }
        let mut next = self.clone();
        next.supply_shares = next.supply_shares.checked_add(shares)?;
        next.total_supplied()?;
        *self = next;
        Ok(shares)
    }

    /// Largest amount [`MarketState::redeem`] accepts: limited by the suppliers' assets and by
    /// free liquidity, exact at the 1-unit edge (`redeem(max)` succeeds, `redeem(max + 1)`
    /// fails). The account's own shares are the caller's check.
    ///
    /// ```text
    /// need  = max(total_debt − reserves, 0)
    /// s_max = supply_shares − ceil(need · 10^6 / supply_index)   shares that may be burned
    /// max   = floor(s_max · supply_index / 10^6)
    /// ```
    pub fn max_redeemable(&self) -> MathResult<Uint128> {
        if self.supply_shares.is_zero() || self.supply_index.is_zero() {
            return Ok(Uint128::zero());
        }
        let need = self.total_debt()?.saturating_sub(self.reserves);
        let keep = supply_shares_to_burn(need, self.supply_index)?;
        let burnable = self.supply_shares.saturating_sub(keep);
        let max = supply_assets(burnable, self.supply_index)?;
        Ok(max.min(self.free_liquidity()?))
    }

    /// Redeems `amount` of supply; returns the supply shares burned, rounded up
    /// (`ceil(amount · 10^6 / supply_index)`). The caller checks that the account holds them.
    ///
    /// Errors: `ZeroAmount`; `InsufficientLiquidity` if `amount > max_redeemable()`.
    pub fn redeem(&mut self, amount: Uint128) -> MathResult<Uint128> {
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        let shares = supply_shares_to_burn(amount, self.supply_index)?;
        self.burn_supply(shares, amount)?;
        Ok(shares)
    }

    /// Redeems exactly `shares` supply shares (e.g. an account's whole balance); returns the
    /// assets paid out, rounded down (`floor(shares · supply_index / 10^6)`).
    ///
    /// Errors: `ZeroAmount` if `shares` or the assets they are worth are 0;
    /// `InsufficientShares`; `InsufficientLiquidity`.
    pub fn redeem_shares(&mut self, shares: Uint128) -> MathResult<Uint128> {
        let amount = supply_assets(shares, self.supply_index)?;
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        self.burn_supply(shares, amount)?;
        Ok(amount)
    }

    fn burn_supply(&mut self, shares: Uint128, amount: Uint128) -> MathResult<()> {
        let mut next = self.clone();
        next.supply_shares =
            self.supply_shares
                .checked_sub(shares)
                .map_err(|_| MathError::InsufficientShares {
                    requested: shares,
                    available: self.supply_shares,
                })?;
        // the pool pays out `amount` in cash: it must be free, and the books must stay solvent
        if amount > self.free_liquidity()? || !next.is_solvent()? {
            return Err(MathError::InsufficientLiquidity {
                requested: amount,
                available: self.max_redeemable()?,
            });
        }
        *self = next;
        Ok(())
    }

    /// Largest amount [`MarketState::borrow`] accepts, exact at the 1-unit edge:
    ///
    /// ```text
    /// K   = floor(total_supplied · 10^6 / borrow_index)   most debt shares with debt ≤ supplied
    /// max = floor((K − debt_shares) · borrow_index / 10^6)
    /// ```
    ///
    /// It is at most `free_liquidity()`, and can be one unit less because the new debt rounds
    /// up.
    pub fn max_borrowable(&self) -> MathResult<Uint128> {
        let k = ratio(
            &[wide(self.total_supplied()?), Uint256::from(SCALE)],
            &[atoms256(self.borrow_index)],
            Rounding::Down,
        )?;
        let k = to_u128(k).unwrap_or(Uint128::MAX);
        let room = k.saturating_sub(self.debt_shares);
        let max = supply_assets(room, self.borrow_index)?;
        Ok(max.min(self.free_liquidity()?))
    }

    /// Borrows `amount`; returns the debt shares minted, rounded up
    /// (`ceil(amount · 10^6 / borrow_index)`, so the account owes at least `amount`).
    ///
    /// Errors: `ZeroAmount`; `InsufficientLiquidity` if `amount > max_borrowable()` (after it,
    /// `total_debt ≤ total_supplied` must hold).
    pub fn borrow(&mut self, amount: Uint128) -> MathResult<Uint128> {
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        let shares = debt_shares_to_mint(amount, self.borrow_index)?;
        let mut next = self.clone();
        next.debt_shares = next.debt_shares.checked_add(shares)?;
        let fits = match next.is_solvent() {
            Ok(solvent) => solvent && amount <= self.free_liquidity()?,
            Err(_) => false,
        };
        if !fits {
            return Err(MathError::InsufficientLiquidity {
                requested: amount,
                available: self.max_borrowable()?,
            });
        }
        *self = next;
        Ok(shares)
    }

    /// Repays up to `amount` of the debt of an account holding `account_debt_shares`.
    ///
    /// ```text
    /// owed = ceil(account_debt_shares · borrow_index / 10^6)
    /// amount ≥ owed:  burn all the account's shares, repaid = owed, refund = amount − owed
    /// amount < owed:  burn floor(amount · 10^6 / borrow_index) shares (credited down),
    ///                 repaid = amount, refund = 0
    /// ```
    ///
    /// Errors: `ZeroAmount`; `NoDebt` if the account has no debt shares;
    /// `InsufficientShares` if it claims more shares than exist; `ZeroShares` if a partial
    /// repayment would burn no share (the coins would be taken for nothing).
    pub fn repay(
        &mut self,
        amount: Uint128,
        account_debt_shares: Uint128,
    ) -> MathResult<Repayment> {
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        if account_debt_shares.is_zero() {
            return Err(MathError::NoDebt);
        }
        if account_debt_shares > self.debt_shares {
            return Err(MathError::InsufficientShares {
                requested: account_debt_shares,
                available: self.debt_shares,
            });
        }
        let owed = debt_assets(account_debt_shares, self.borrow_index)?;
        let repayment = if amount >= owed {
            Repayment {
                repaid: owed,
                shares_burned: account_debt_shares,
                refund: amount.checked_sub(owed)?,
            }
        } else {
            let burned = debt_shares_to_burn(amount, self.borrow_index)?;
            if burned.is_zero() {
                return Err(MathError::ZeroShares { amount });
            }
            Repayment {
                repaid: amount,
                // amount < owed implies burned < account_debt_shares
                shares_burned: burned.min(account_debt_shares),
                refund: Uint128::zero(),
            }
        };
        self.debt_shares = self.debt_shares.checked_sub(repayment.shares_burned)?;
        Ok(repayment)
    }

    /// Writes off the whole debt of an account holding `account_debt_shares` (bad debt: the
    /// account has no collateral left).
    ///
    /// ```text
    /// amount         = ceil(account_debt_shares · borrow_index / 10^6);  deficit += amount
    /// from_reserves  = min(reserves, amount)
    /// supplier loss  = min(amount − from_reserves, supplier_assets)
    /// supply_index'  = the largest index ≤ supply_index with
    ///                  floor(supply_shares · index / 10^6) ≤ supplier_assets − supplier loss
    /// ```
    ///
    /// The suppliers' assets fall by at least their loss (rounded against them). If the
    /// totals' rounding would leave `total_debt > total_supplied`, the difference (dust) is
    /// credited to reserves. With no supply shares the suppliers lose nothing. The index may
    /// reach zero only if suppliers are wiped out and hold ≥ 10^24 shares; the market then
    /// refuses new supply (`ZeroIndex`).
    ///
    /// Errors: `ZeroAmount` if `account_debt_shares = 0`; `InsufficientShares`.
    pub fn write_off(&mut self, account_debt_shares: Uint128) -> MathResult<WriteOff> {
        if account_debt_shares.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        let mut next = self.clone();
        next.debt_shares = self
            .debt_shares
            .checked_sub(account_debt_shares)
            .map_err(|_| MathError::InsufficientShares {
                requested: account_debt_shares,
                available: self.debt_shares,
            })?;
        let amount = debt_assets(account_debt_shares, self.borrow_index)?;
        next.deficit = next.deficit.checked_add(amount)?;
        let from_reserves = self.reserves.min(amount);
        next.reserves = self.reserves.checked_sub(from_reserves)?;
        let suppliers_before = self.supplier_assets()?;
        let loss = amount.checked_sub(from_reserves)?.min(suppliers_before);
        if !loss.is_zero() {
            // loss > 0 implies supplier_assets > 0, hence supply_shares > 0
            let left = suppliers_before.checked_sub(loss)?;
            // largest I with floor(S·I / SCALE) ≤ left  ⟺  S·I ≤ (left + 1)·SCALE − 1
            let bound = Uint256::from(left)
                .checked_add(Uint256::one())?
                .checked_mul(Uint256::from(SCALE))?
                .checked_sub(Uint256::one())?;
            let index = ratio(&[bound], &[wide(self.supply_shares)], Rounding::Down)?;
            let index = Uint256::try_from(index)
                .unwrap_or(Uint256::MAX)
                .min(atoms256(self.supply_index));
            next.supply_index = Decimal256::new(index);
        }
        let from_suppliers = suppliers_before.checked_sub(next.supplier_assets()?)?;
        let rounding_to_reserves = next.total_debt()?.saturating_sub(next.total_supplied()?);
        next.reserves = next.reserves.checked_add(rounding_to_reserves)?;
        *self = next;
        Ok(WriteOff {
            amount,
            from_reserves,
            from_suppliers,
            rounding_to_reserves,
        })
    }

    /// Withdraws `amount` from reserves (to the treasury).
    ///
    /// Errors: `ZeroAmount`; `InsufficientReserves` if `amount > reserves`;
    /// `InsufficientLiquidity` if `amount > free_liquidity()`.
    pub fn withdraw_reserves(&mut self, amount: Uint128) -> MathResult<()> {
        if amount.is_zero() {
            return Err(MathError::ZeroAmount);
        }
        if amount > self.reserves {
            return Err(MathError::InsufficientReserves {
                requested: amount,
                available: self.reserves,
            });
        }
        let free = self.free_liquidity()?;
        if amount > free {
            return Err(MathError::InsufficientLiquidity {
                requested: amount,
                available: free,
            });
        }
        self.reserves = self.reserves.checked_sub(amount)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const YEAR: u64 = SECONDS_PER_YEAR;

    fn r(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }
    fn u(x: u128) -> Uint128 {
        Uint128::new(x)
    }
    fn model() -> RateModel {
        RateModel {
            base: r("0.02"),
            slope1: r("0.1"),
            slope2: r("1"),
            optimal_utilization: r("0.8"),
        }
    }

    /// 1_000_000 supplied, 800_000 borrowed, at t = 0.
    fn busy() -> MarketState {
        let mut m = MarketState::new(0);
        assert_eq!(m.supply(u(1_000_000)).unwrap(), u(1_000_000_000_000));
        assert_eq!(m.borrow(u(800_000)).unwrap(), u(800_000_000_000));
        m
    }

    #[test]
    fn new_market() {
        let m = MarketState::new(42);
        assert_eq!(m.supply_index, Decimal256::one());
        assert_eq!(m.borrow_index, Decimal256::one());
        assert_eq!(m.last_accrued, 42);
        assert_eq!(m.total_supplied().unwrap(), Uint128::zero());
        assert_eq!(m.utilization().unwrap(), Decimal::zero());
        assert_eq!(m.max_redeemable().unwrap(), Uint128::zero());
        assert_eq!(m.max_borrowable().unwrap(), Uint128::zero());
    }

    #[test]
    fn worked_accrual_one_year() {
        let mut m = busy();
        // U = 0.8 -> r = 0.02 + 0.1 = 0.12; supply rate 0.12 * 0.8 * (1 - 0.1) = 0.0864
        assert_eq!(m.utilization().unwrap(), r("0.8"));
        assert_eq!(m.borrow_rate(&model()).unwrap(), r("0.12"));
        assert_eq!(m.supply_rate(&model(), r("0.1")).unwrap(), r("0.0864"));
        let a = m.accrue(&model(), r("0.1"), YEAR).unwrap();
        // borrow_index = 1 + 1 * 0.12 * YEAR / YEAR = 1.12
        assert_eq!(m.borrow_index, d("1.12"));
        // total_debt = ceil(8e11 * 1.12 / 1e6) = 896_000 -> interest 96_000
        assert_eq!(a.interest, u(96_000));
        // reserves: floor(96_000 * 0.1) = 9_600; suppliers 86_400
        // supply_index += 86_400 * 1e6 / 1e12 = 0.0864 -> 1.0864
        assert_eq!(m.supply_index, d("1.0864"));
        assert_eq!(a.to_suppliers, u(86_400));
        assert_eq!(a.to_reserves, u(9_600));
        assert_eq!(m.reserves, u(9_600));
        assert_eq!(m.supplier_assets().unwrap(), u(1_086_400));
        assert_eq!(m.total_supplied().unwrap(), u(1_096_000));
        assert_eq!(m.total_debt().unwrap(), u(896_000));
        assert_eq!(m.free_liquidity().unwrap(), u(200_000));
        assert_eq!(m.last_accrued, YEAR);
        // same time again: no-op
        let before = m.clone();
        assert_eq!(
            m.accrue(&model(), r("0.1"), YEAR).unwrap(),
            Accrual::default()
        );
        assert_eq!(m.accrue(&model(), r("0.1"), 5).unwrap(), Accrual::default());
        assert_eq!(m, before);
    }

    #[test]
    fn accrual_compounds_across_periods() {
        let mut once = busy();
        once.accrue(&model(), r("0.1"), YEAR).unwrap();
        let mut twice = busy();
        // first half: r = 0.12 -> index 1.06, debt 848_000, interest 48_000
        let a = twice.accrue(&model(), r("0.1"), YEAR / 2).unwrap();
        assert_eq!(a.interest, u(48_000));
        assert_eq!(twice.borrow_index, d("1.06"));
        // second half: U = 848_000 / 1_048_000 > 0.8, so r > 0.12, and it compounds
        twice.accrue(&model(), r("0.1"), YEAR).unwrap();
        assert!(twice.borrow_index > once.borrow_index);
        assert!(twice.total_debt().unwrap() > once.total_debt().unwrap());
    }

    #[test]
    fn accrual_dust_goes_to_reserves() {
        // 3 suppliers' worth of shares: 1e6 shares (1 unit) each -> S = 3e6 shares, 3 units
        let mut m = MarketState::new(0);
        m.supply(u(3)).unwrap();
        m.borrow(u(3)).unwrap();
        // U = 1 -> r = 1.12; one year: index 2.12, debt ceil(3e6*2.12/1e6) = 7 (6.36)
        let a = m.accrue(&model(), Decimal::zero(), YEAR).unwrap();
        assert_eq!(m.total_debt().unwrap(), u(7));
        assert_eq!(a.interest, u(4));
        // target 4 -> supply_index += 4e6/3e6 (floored) -> suppliers: floor(3e6 * 2.333../1e6)
        //   = floor(6.999999999999999999) = 6, so to_suppliers = 3 and the dust unit to reserves
        assert_eq!(a.to_suppliers, u(3));
        assert_eq!(a.to_reserves, u(1));
        assert_eq!(m.total_supplied().unwrap(), u(7));
        assert!(m.is_solvent().unwrap());
    }

    #[test]
    fn accrual_without_debt_or_suppliers() {
        let mut m = MarketState::new(10);
        m.accrue(&model(), r("0.1"), 100).unwrap();
        assert_eq!(m.borrow_index, Decimal256::one());
        assert_eq!(m.last_accrued, 100);
        // only reserves supplied (suppliers left): all interest goes to reserves
        let mut m = MarketState {
            reserves: u(1_000),
            ..MarketState::new(0)
        };
        m.borrow(u(500)).unwrap();
        let a = m.accrue(&model(), r("0.1"), YEAR).unwrap();
        assert_eq!(a.to_suppliers, Uint128::zero());
        assert_eq!(a.to_reserves, a.interest);
        assert!(m.is_solvent().unwrap());
        assert!(m.accrue(&model(), r("1.1"), 2 * YEAR).is_err());
        // a failed accrual leaves the state untouched
        assert_eq!(m.last_accrued, YEAR);
    }

    #[test]
    fn worked_repay() {
        let mut m = busy();
        m.accrue(&model(), r("0.1"), YEAR).unwrap();
        let all = m.debt_shares;
        // owes 896_000; paying 1_000_000 repays 896_000 and refunds 104_000
        let mut full = m.clone();
        let rep = full.repay(u(1_000_000), all).unwrap();
        assert_eq!(
            rep,
            Repayment {
                repaid: u(896_000),
                shares_burned: all,
                refund: u(104_000)
            }
        );
        assert_eq!(full.total_debt().unwrap(), Uint128::zero());
        // partial 100_000: burn floor(100_000e6 / 1.12) = 89_285_714_285 shares
        let rep = m.repay(u(100_000), all).unwrap();
        assert_eq!(rep.shares_burned, u(89_285_714_285));
        assert_eq!(rep.repaid, u(100_000));
        assert_eq!(rep.refund, Uint128::zero());
        // left: 710_714_285_715 shares * 1.12 / 1e6 = 796_000.0000008 -> owes 796_001:
        // the repayment was credited down by one unit
        assert_eq!(
            debt_assets(m.debt_shares, m.borrow_index).unwrap(),
            u(796_001)
        );
    }

    #[test]
    fn repay_errors() {
        let mut m = busy();
        assert_eq!(m.repay(u(0), u(1)), Err(MathError::ZeroAmount));
        assert_eq!(m.repay(u(1), u(0)), Err(MathError::NoDebt));
        assert!(matches!(
            m.repay(u(1), m.debt_shares + u(1)),
            Err(MathError::InsufficientShares { .. })
        ));
        // at index 3 (a debt share is worth 3e-6 units) one unit burns 333_333 shares; make
        // a share worth more than a unit to see a zero burn:
        let mut pricey = MarketState {
            borrow_index: d("2000000"),
            debt_shares: u(10),
            supply_shares: u(100_000_000),
            ..MarketState::new(0)
        };
        assert_eq!(pricey.total_debt().unwrap(), u(20));
        assert_eq!(
            pricey.repay(u(1), u(10)),
            Err(MathError::ZeroShares { amount: u(1) })
        );
        // 2 units burn exactly one share
        assert_eq!(pricey.repay(u(2), u(10)).unwrap().shares_burned, u(1));
    }

    #[test]
    fn supply_and_redeem() {
        let mut m = busy();
        m.accrue(&model(), r("0.1"), YEAR).unwrap();
        // index 1.0864: 1_000 units -> floor(1e9 / 1.0864) = 920_471_281 shares
        assert_eq!(m.supply(u(1_000)).unwrap(), u(920_471_281));
        // redeem 1_000 -> ceil(1e9 / 1.0864) = 920_471_282 shares: one more than minted
        assert_eq!(m.redeem(u(1_000)).unwrap(), u(920_471_282));
        assert_eq!(m.supply(u(0)), Err(MathError::ZeroAmount));
        assert_eq!(m.redeem(u(0)), Err(MathError::ZeroAmount));
        let tiny = MarketState {
            supply_index: d("2000000"),
            ..MarketState::new(0)
        };
        assert_eq!(
            tiny.clone().supply(u(1)),
            Err(MathError::ZeroShares { amount: u(1) })
        );
        let wiped = MarketState {
            supply_index: Decimal256::zero(),
            ..MarketState::new(0)
        };
        assert_eq!(wiped.clone().supply(u(1)), Err(MathError::ZeroIndex));
    }

    #[test]
    fn liquidity_limits_are_exact() {
        let mut m = busy();
        m.accrue(&model(), r("0.1"), YEAR).unwrap();
        // supplied 1_096_000 (reserves 9_600), debt 896_000, free 200_000. Suppliers must keep
        // 896_000 - 9_600 = 886_400: ceil(886_400e6 / 1.0864) = 815_905_743_741 shares, so at
        // most 1e12 - 815_905_743_741 = 184_094_256_259 shares may burn, worth
        // floor(184_094_256_259 * 1.0864 / 1e6) = floor(199_999.9999997) = 199_999.
        // (Redeeming 200_000 would burn 184_094_256_260 shares and leave 895_999 < 896_000.)
        assert_eq!(m.free_liquidity().unwrap(), u(200_000));
        let max = m.max_redeemable().unwrap();
        assert_eq!(max, u(199_999));
        assert!(matches!(
            m.clone().redeem(max + u(1)),
            Err(MathError::InsufficientLiquidity { .. })
        ));
        let mut r1 = m.clone();
        r1.redeem(max).unwrap();
        assert!(r1.is_solvent().unwrap());
        assert!(r1.free_liquidity().unwrap() <= u(1));

        let max = m.max_borrowable().unwrap();
        assert!(max <= m.free_liquidity().unwrap());
        assert!(matches!(
            m.clone().borrow(max + u(1)),
            Err(MathError::InsufficientLiquidity { .. })
        ));
        let mut b = m.clone();
        b.borrow(max).unwrap();
        assert!(b.is_solvent().unwrap());
    }

    #[test]
    fn redeem_all_shares() {
        let mut m = MarketState::new(0);
        let shares = m.supply(u(1_000)).unwrap();
        assert_eq!(m.redeem_shares(shares).unwrap(), u(1_000));
        assert_eq!(m.supply_shares, Uint128::zero());
        assert_eq!(m.redeem_shares(u(1)), Err(MathError::ZeroAmount));
        let mut m = MarketState::new(0);
        m.supply(u(10)).unwrap();
        assert!(matches!(
            m.redeem_shares(u(11_000_000)),
            Err(MathError::InsufficientShares { .. })
        ));
        m.borrow(u(5)).unwrap();
        assert!(matches!(
            m.redeem_shares(u(10_000_000)),
            Err(MathError::InsufficientLiquidity { .. })
        ));
    }

    #[test]
    fn worked_write_off() {
        let mut m = MarketState::new(0);
        m.supply(u(1_000_000)).unwrap();
        let a = m.borrow(u(300_000)).unwrap();
        let b = m.borrow(u(300_000)).unwrap();
        assert_eq!(a, u(300_000_000_000));
        // U = 0.6 -> r = 0.02 + 0.1 * 0.6 / 0.8 = 0.095; index 1.095; debt 657_000
        let acc = m.accrue(&model(), r("0.1"), YEAR).unwrap();
        assert_eq!(acc.interest, u(57_000));
        // reserves 5_700; suppliers 51_300 -> supply index 1.0513
        assert_eq!(m.reserves, u(5_700));
        assert_eq!(m.supply_index, d("1.0513"));
        // write off account a: owes ceil(3e11 * 1.095 / 1e6) = 328_500
        let w = m.write_off(a).unwrap();
        // reserves cover 5_700, suppliers 328_500 - 5_700 = 322_800
        assert_eq!(
            w,
            WriteOff {
                amount: u(328_500),
                from_reserves: u(5_700),
                from_suppliers: u(322_800),
                rounding_to_reserves: Uint128::zero(),
            }
        );
        assert_eq!(m.deficit, u(328_500));
        assert_eq!(m.reserves, Uint128::zero());
        // suppliers: 1_051_300 - 322_800 = 728_500, index = largest with that floor:
        // floor((728_501e24 - 1) / 1e12) atoms = 0.728500999999999999
        assert_eq!(m.supplier_assets().unwrap(), u(728_500));
        assert_eq!(m.supply_index, d("0.728500999999999999"));
        assert_eq!(m.total_debt().unwrap(), u(328_500));
        assert!(m.is_solvent().unwrap());
        assert_eq!(m.debt_shares, b);
    }

    #[test]
    fn write_off_rounding_dust() {
        // two accounts of 3e6 debt shares at index 1.5 each owe ceil(4.5) = 5, but the total
        // is ceil(9) = 9; 9 units supplied, no reserves.
        let mut m = MarketState {
            supply_shares: u(9_000_000),
            debt_shares: u(6_000_000),
            borrow_index: d("1.5"),
            ..MarketState::new(0)
        };
        assert!(m.is_solvent().unwrap());
        let w = m.write_off(u(3_000_000)).unwrap();
        // loss 5 -> suppliers keep 4; the remaining debt is ceil(4.5) = 5 > 4, so one unit of
        // dust is credited to reserves to keep total_debt <= total_supplied
        assert_eq!(w.amount, u(5));
        assert_eq!(w.from_reserves, Uint128::zero());
        assert_eq!(w.from_suppliers, u(5));
        assert_eq!(w.rounding_to_reserves, u(1));
        assert_eq!(m.reserves, u(1));
        assert!(m.is_solvent().unwrap());
    }

    #[test]
    fn write_off_edge_cases() {
        // only reserves, no suppliers
        let mut m = MarketState {
            reserves: u(100),
            ..MarketState::new(0)
        };
        let shares = m.borrow(u(60)).unwrap();
        let w = m.write_off(shares).unwrap();
        assert_eq!(w.from_reserves, u(60));
        assert_eq!(w.from_suppliers, Uint128::zero());
        assert_eq!(m.reserves, u(40));
        assert_eq!(m.supply_index, Decimal256::one());
        // suppliers wiped out entirely
        let mut m = MarketState::new(0);
        m.supply(u(100)).unwrap();
        let shares = m.borrow(u(100)).unwrap();
        let w = m.write_off(shares).unwrap();
        assert_eq!(w.from_suppliers, u(100));
        assert_eq!(m.supplier_assets().unwrap(), Uint128::zero());
        // floor((1e24 - 1) / 1e8) is still a positive index
        assert!(!m.supply_index.is_zero());
        assert!(m.is_solvent().unwrap());
        assert_eq!(m.write_off(u(0)), Err(MathError::ZeroAmount));
        assert!(matches!(
            m.write_off(u(1)),
            Err(MathError::InsufficientShares { .. })
        ));
    }

    #[test]
    fn reserves_withdrawal() {
        let mut m = busy();
        m.accrue(&model(), r("0.1"), YEAR).unwrap();
        assert_eq!(m.withdraw_reserves(u(0)), Err(MathError::ZeroAmount));
        assert!(matches!(
            m.withdraw_reserves(u(9_601)),
            Err(MathError::InsufficientReserves { .. })
        ));
        m.withdraw_reserves(u(9_600)).unwrap();
        assert_eq!(m.reserves, Uint128::zero());
        // reserves lent out cannot be withdrawn
        let mut m = MarketState {
            reserves: u(100),
            ..MarketState::new(0)
        };
        m.borrow(u(80)).unwrap();
        assert_eq!(
            m.withdraw_reserves(u(21)),
            Err(MathError::InsufficientLiquidity {
                requested: u(21),
                available: u(20)
            })
        );
        m.withdraw_reserves(u(20)).unwrap();
    }

    #[test]
    fn borrow_errors() {
        let mut m = MarketState::new(0);
        assert_eq!(m.borrow(u(0)), Err(MathError::ZeroAmount));
        assert_eq!(
            m.borrow(u(1)),
            Err(MathError::InsufficientLiquidity {
                requested: u(1),
                available: u(0)
            })
        );
    }
}
