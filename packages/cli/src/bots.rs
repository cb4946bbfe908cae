//! Liquidator bots: the strategy a real keeper runs, written against [`Chain`] only.
//!
//! Each step a bot pages through `LiquidatablePositions`, remembers when it first saw each account
//! (it acts `latency_steps` later, if the account is still liquidatable), picks the largest debt
//! and the largest collateral of the account, asks `SimulateLiquidation` for exactly what it can
//! pay, estimates its profit at the position's `Liquidation` prices after selling slippage and gas,
//! and sends `Liquidate` with the simulated collateral as its `min_collateral_out` when the profit
//! clears its minimum.

use std::collections::BTreeMap;

use ballast_types::liquidation::{LiquidatablePosition, SimulateLiquidationResponse};
use cosmwasm_std::{coin, Decimal, Decimal256, Uint128};
use serde::Serialize;

use crate::chain::{Chain, ChainError, LiquidationTx};

/// A bot's parameters, in chain units.
#[derive(Debug, Clone)]
pub struct BotParams {
    /// Name, in the report.
    pub name: String,
    /// Its address.
    pub addr: String,
    /// Quote smallest units per whole quote unit (the stats are in whole units).
    pub quote_scale: f64,
    /// Smallest profit worth a transaction, in quote smallest units.
    pub min_profit: f64,
    /// Modelled cost of one transaction, in quote smallest units.
    pub gas_cost: f64,
    /// Steps between first seeing an account and acting on it.
    pub latency_steps: u32,
    /// Loss when selling seized collateral.
    pub slippage: f64,
    /// Most liquidations per step.
    pub max_per_step: u32,
}

/// What a bot did over a run (values in whole quote units).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BotStats {
    /// Name.
    pub name: String,
    /// Liquidations sent and executed.
    pub liquidations: u64,
    /// Value of the debt repaid.
    pub repaid_value: f64,
    /// Value of the collateral received (before selling slippage).
    pub received_value: f64,
    /// Gas paid (modelled).
    pub gas_spent: f64,
    /// Profit after slippage and gas.
    pub profit: f64,
    /// Opportunities passed over because the profit was below the minimum.
    pub skipped_unprofitable: u64,
    /// Opportunities passed over for lack of capital in the debt denom.
    pub skipped_no_capital: u64,
    /// Liquidations refused by the chain (another bot was faster, prices moved).
    pub failed: u64,
    /// Executions whose event differed from the simulation made just before (must stay 0).
    pub simulation_mismatches: u64,
}

/// One liquidation a bot executed, with the simulation it was based on.
#[derive(Debug, Clone)]
pub struct Executed {
    /// What the simulation said.
    pub simulated: SimulateLiquidationResponse,
    /// What the chain emitted.
    pub tx: LiquidationTx,
    /// Prices (quote smallest units per smallest unit) of the debt and collateral used.
    pub debt_price: f64,
    /// Collateral price.
    pub collateral_price: f64,
}

/// A liquidator bot.
#[derive(Debug, Clone)]
pub struct Bot {
    /// Parameters.
    pub params: BotParams,
    /// `(owner, account)` → step it was first seen liquidatable.
    seen: BTreeMap<(String, u32), u32>,
    /// Totals.
    pub stats: BotStats,
}

/// `d` as an `f64` (enough for valuations; amounts stay integers).
pub fn dec256_f64(d: Decimal256) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// `d` as an `f64`.
pub fn dec_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// `u` as an `f64`.
pub fn u128_f64(u: Uint128) -> f64 {
    u.u128() as f64
}

impl Bot {
    /// A bot with no history.
    pub fn new(params: BotParams) -> Self {
        let stats = BotStats {
            name: params.name.clone(),
            ..BotStats::default()
        };
        Self {
            params,
            seen: BTreeMap::new(),
            stats,
        }
    }

    /// Every liquidatable position, all pages.
    pub fn scan<C: Chain>(chain: &C) -> Result<Vec<LiquidatablePosition>, ChainError> {
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let page = chain.liquidatable_positions(cursor)?;
            all.extend(page.positions);
            match page.next_start_after {
                Some(next) => cursor = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// One step: scan, then act on what has been seen for long enough. `positions` is this
    /// step's scan when the caller already has it (bots scanning in the same block see the same
    /// answer); `None` makes the bot scan itself.
    pub fn step<C: Chain>(
        &mut self,
        chain: &mut C,
        step: u32,
        positions: Option<&[LiquidatablePosition]>,
    ) -> Result<Vec<Executed>, ChainError> {
        let owned;
        let positions = match positions {
            Some(p) => p,
            None => {
                owned = Self::scan(chain)?;
                &owned
            }
        };
        // Forget accounts no longer liquidatable; remember new ones.
        let live: BTreeMap<(String, u32), &LiquidatablePosition> = positions
            .iter()
            .map(|p| ((p.owner.clone(), p.account), p))
            .collect();
        self.seen.retain(|key, _| live.contains_key(key));
        for key in live.keys() {
            self.seen.entry(key.clone()).or_insert(step);
        }
        // Ready targets, largest debt first (ties by key, so the order is deterministic).
        let mut ready: Vec<&LiquidatablePosition> = live
            .iter()
            .filter(|(key, _)| {
                self.seen
                    .get(*key)
                    .is_some_and(|first| step >= first.saturating_add(self.params.latency_steps))
            })
            .map(|(_, p)| *p)
            .collect();
        ready.sort_by_key(|p| std::cmp::Reverse(p.debt_value));

        let mut done = Vec::new();
        for position in ready {
            if done.len() as u32 >= self.params.max_per_step {
                break;
            }
            if let Some(executed) = self.try_one(chain, position)? {
                done.push(executed);
            }
        }
        Ok(done)
    }

    /// Simulates and, if worth it, executes one liquidation of `position`.
    fn try_one<C: Chain>(
        &mut self,
        chain: &mut C,
        position: &LiquidatablePosition,
    ) -> Result<Option<Executed>, ChainError> {
        let (Some(debt), Some(collateral)) = (
            position.debts.iter().max_by_key(|d| d.value),
            position.collaterals.iter().max_by_key(|c| c.value),
        ) else {
            return Ok(None);
        };
        let capital = chain.balance(&self.params.addr, &debt.denom)?;
        let pay = capital.min(debt.amount);
        if pay.is_zero() {
            self.stats.skipped_no_capital += 1;
            return Ok(None);
        }
        let sim = match chain.simulate_liquidation(
            &position.owner,
            position.account,
            &debt.denom,
            &collateral.denom,
            Some(pay),
        ) {
            Ok(sim) => sim,
            Err(_) => {
                self.stats.failed += 1;
                return Ok(None);
            }
        };
        let debt_price = dec256_f64(debt.price);
        let collateral_price = dec256_f64(collateral.price);
        let received = u128_f64(sim.to_liquidator) * collateral_price;
        let repaid = u128_f64(sim.repay) * debt_price;
        let profit = received * (1.0 - self.params.slippage) - repaid - self.params.gas_cost;
        if sim.repay.is_zero() || profit < self.params.min_profit {
            self.stats.skipped_unprofitable += 1;
            return Ok(None);
        }
        let tx = match chain.liquidate(
            &self.params.addr,
            &position.owner,
            position.account,
            &collateral.denom,
            sim.to_liquidator,
            coin(pay.u128(), &debt.denom),
        ) {
            Ok(tx) => tx,
            Err(_) => {
                self.stats.failed += 1;
                self.stats.gas_spent += self.params.gas_cost / self.params.quote_scale;
                self.stats.profit -= self.params.gas_cost / self.params.quote_scale;
                return Ok(None);
            }
        };
        let ev = &tx.liquidate;
        if ev.repay != sim.repay
            || ev.seized != sim.seized
            || ev.to_liquidator != sim.to_liquidator
            || ev.protocol_fee != sim.protocol_fee
            || ev.bonus != sim.bonus
            || ev.refund != sim.refund
            || ev.bad_debt != sim.bad_debt
            || ev.health_before != sim.health_before
            || ev.health_after != sim.health_after
        {
            self.stats.simulation_mismatches += 1;
        }
        let scale = self.params.quote_scale;
        let received = u128_f64(ev.to_liquidator) * collateral_price;
        let repaid = u128_f64(ev.repay) * debt_price;
        self.stats.liquidations += 1;
        self.stats.repaid_value += repaid / scale;
        self.stats.received_value += received / scale;
        self.stats.gas_spent += self.params.gas_cost / scale;
        self.stats.profit +=
            (received * (1.0 - self.params.slippage) - repaid - self.params.gas_cost) / scale;
        Ok(Some(Executed {
            simulated: sim,
            tx,
            debt_price,
            collateral_price,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_types::events::LiquidateEvent;
    use ballast_types::liquidation::LiquidatablePositionsResponse;
    use ballast_types::vault::{CollateralPosition, DebtPosition};
    use cosmwasm_std::Coin;

    /// A scripted chain: one liquidatable account, fixed answers, a record of what was sent.
    struct Scripted {
        position: LiquidatablePosition,
        sim: SimulateLiquidationResponse,
        capital: Uint128,
        sent: Vec<Coin>,
    }

    impl Chain for Scripted {
        fn height(&self) -> u64 {
            1
        }
        fn liquidatable_positions(
            &self,
            _start_after: Option<(String, u32)>,
        ) -> Result<LiquidatablePositionsResponse, ChainError> {
            Ok(LiquidatablePositionsResponse {
                positions: vec![self.position.clone()],
                unpriceable: vec![],
                next_start_after: None,
            })
        }
        fn simulate_liquidation(
            &self,
            _owner: &str,
            _account: u32,
            _debt_denom: &str,
            _collateral_denom: &str,
            _debt_amount: Option<Uint128>,
        ) -> Result<SimulateLiquidationResponse, ChainError> {
            Ok(self.sim.clone())
        }
        fn liquidate(
            &mut self,
            liquidator: &str,
            owner: &str,
            account: u32,
            collateral_denom: &str,
            _min_collateral_out: Uint128,
            debt: Coin,
        ) -> Result<LiquidationTx, ChainError> {
            self.sent.push(debt.clone());
            let s = &self.sim;
            Ok(LiquidationTx {
                liquidate: LiquidateEvent {
                    owner: owner.to_string(),
                    account,
                    liquidator: liquidator.to_string(),
                    debt_denom: debt.denom,
                    repay: s.repay,
                    collateral_denom: collateral_denom.to_string(),
                    seized: s.seized,
                    protocol_fee: s.protocol_fee,
                    bonus: s.bonus,
                    health_before: s.health_before,
                    health_after: s.health_after,
                    recipient: liquidator.to_string(),
                    to_liquidator: s.to_liquidator,
                    refund: s.refund,
                    bad_debt: s.bad_debt,
                },
                bad_debt: vec![],
            })
        }
        fn balance(&self, _addr: &str, _denom: &str) -> Result<Uint128, ChainError> {
            Ok(self.capital)
        }
    }

    fn scripted(capital: u128, to_liquidator: u128) -> Scripted {
        let position = LiquidatablePosition {
            owner: "alice".into(),
            account: 0,
            health_factor: Decimal256::percent(90),
            collateral_value: Uint128::new(1_000),
            debt_value: Uint128::new(900),
            liquidation_capacity: Uint128::new(810),
            collaterals: vec![CollateralPosition {
                denom: "uatom".into(),
                amount: Uint128::new(100),
                price: Decimal256::percent(1000),
                value: Uint128::new(1_000),
            }],
            debts: vec![DebtPosition {
                denom: "uusdc".into(),
                amount: Uint128::new(900),
                shares: Uint128::new(900_000_000),
                price: Decimal256::one(),
                value: Uint128::new(900),
            }],
            missing_prices: vec![],
        };
        let sim = SimulateLiquidationResponse {
            owner: "alice".into(),
            account: 0,
            debt_denom: "uusdc".into(),
            collateral_denom: "uatom".into(),
            repay: Uint128::new(450),
            seized: Uint128::new(to_liquidator + 1),
            to_liquidator: Uint128::new(to_liquidator),
            protocol_fee: Uint128::new(1),
            bonus: Decimal::percent(10),
            refund: Uint128::zero(),
            health_before: Decimal256::percent(90),
            health_after: Some(Decimal256::percent(105)),
            bad_debt: Uint128::zero(),
            written_off: vec![],
        };
        Scripted {
            position,
            sim,
            capital: Uint128::new(capital),
            sent: vec![],
        }
    }

    fn params(latency: u32, min_profit: f64) -> BotParams {
        BotParams {
            name: "bot".into(),
            addr: "bot".into(),
            quote_scale: 1.0,
            min_profit,
            gas_cost: 1.0,
            latency_steps: latency,
            slippage: 0.0,
            max_per_step: 10,
        }
    }

    #[test]
    fn acts_after_its_latency_and_pays_what_it_has() {
        let mut chain = scripted(300, 49);
        let mut bot = Bot::new(params(2, 0.0));
        assert!(bot.step(&mut chain, 10, None).unwrap().is_empty());
        assert!(bot.step(&mut chain, 11, None).unwrap().is_empty());
        let done = bot.step(&mut chain, 12, None).unwrap();
        assert_eq!(done.len(), 1);
        // Capital 300 < debt 900: it sends its 300, not more.
        assert_eq!(chain.sent, vec![coin(300, "uusdc")]);
        // 49 uatom at 10 = 490 received, 450 repaid, 1 gas.
        assert_eq!(bot.stats.profit, 39.0);
        assert_eq!(bot.stats.simulation_mismatches, 0);
    }

    #[test]
    fn skips_unprofitable_and_capital_less_targets() {
        let mut chain = scripted(1_000, 45); // 450 received for 450 repaid: −1 after gas
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut chain, 0, None).unwrap().is_empty());
        assert_eq!(bot.stats.skipped_unprofitable, 1);
        let mut broke = scripted(0, 49);
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut broke, 0, None).unwrap().is_empty());
        assert_eq!(bot.stats.skipped_no_capital, 1);
        assert!(broke.sent.is_empty());
    }
}
