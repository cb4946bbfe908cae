//! Liquidator bots: the strategy a real keeper runs, written against [`Chain`] only.
//!
//! Each step a bot pages through `LiquidatablePositions` (accounts the scan reports as
//! `unpriceable`, a debt without a price, are counted and passed over: they cannot be valued, so
//! they cannot be liquidated), remembers when it first saw each account (it acts `latency_steps`
//! later, if the account is still liquidatable), picks the largest debt and the largest collateral
//! that has a price (a collateral in `missing_prices` counts zero and cannot be seized), asks
//! `SimulateLiquidation` with `debt_amount: None` for the full liquidation the contract allows
//! (for an insolvent account the whole collateral, RISK.md step 9: nothing less is accepted),
//! sends exactly that when its capital allows, else a partial amount when the contract accepts
//! one, else tries the next collateral and finally passes the account over as short of capital.
//! It estimates its profit at the position's `Liquidation` prices after selling slippage and gas,
//! and sends `Liquidate` with the simulated collateral as its `min_collateral_out` when the profit
//! clears its minimum.

use std::collections::BTreeMap;

use ballast_types::liquidation::{
    LiquidatablePosition, SimulateLiquidationResponse, UnpriceablePosition,
};
use cosmwasm_std::{coin, Decimal, Decimal256, Uint128};
use serde::Serialize;

use ballast_types::vault::{PositionResponse, PricedCollateral};

use crate::chain::{Chain, ChainError, Decision, LiquidationTx};

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
    /// Opportunities passed over for lack of capital in the debt denom: none at all, or less than
    /// the whole-collateral repayment an insolvent account needs for every priced collateral.
    pub skipped_no_capital: u64,
    /// Liquidatable accounts passed over because none of their collateral has a price (a
    /// collateral without a `Liquidation` price cannot be seized).
    pub skipped_unpriced_collateral: u64,
    /// Accounts the scans reported `unpriceable` (a debt without a price), passed over; counted
    /// once per account and step this bot acted on.
    pub unpriceable_seen: u64,
    /// Liquidations refused by the chain (another bot was faster, prices moved).
    pub failed: u64,
    /// Executions whose event differed from the simulation made just before (must stay 0).
    pub simulation_mismatches: u64,
}

/// One scan of every page of `LiquidatablePositions`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// Liquidatable accounts, ordered by `(owner, account)`.
    pub positions: Vec<LiquidatablePosition>,
    /// Accounts passed over because a debt has no price, ordered by `(owner, account)`.
    pub unpriceable: Vec<UnpriceablePosition>,
}

/// One liquidation a bot executed, with the simulation it was based on.
#[derive(Debug, Clone)]
pub struct Executed {
    /// The account as the bot's scan saw it just before (same block, `Liquidation` prices).
    pub position: LiquidatablePosition,
    /// What the simulation said.
    pub simulated: SimulateLiquidationResponse,
    /// What the chain emitted.
    pub tx: LiquidationTx,
    /// Market prices (quote smallest units per smallest unit) of the debt and collateral used, as
    /// the bot saw them.
    pub debt_price: f64,
    /// Collateral price.
    pub collateral_price: f64,
}

/// Hands `decision` to the chain when it wants decisions (built only then).
fn note<C: Chain>(chain: &mut C, decision: impl FnOnce() -> Decision) {
    if chain.wants_decisions() {
        chain.record(decision());
    }
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

impl Scan {
    /// The scan `LiquidatablePositions` answers, from the vault's `Positions` at `Liquidation`
    /// prices in the same block, in `(owner, account)` order: unpriceable accounts reported, the
    /// liquidatable ones with their health factor (the liquidation contract's own filter).
    pub fn from_positions<'a>(positions: impl IntoIterator<Item = &'a PositionResponse>) -> Self {
        let mut scan = Scan::default();
        for p in positions {
            if p.unpriceable {
                scan.unpriceable.push(UnpriceablePosition {
                    owner: p.owner.clone(),
                    account: p.account,
                    missing_prices: p.missing_prices.clone(),
                });
            } else if let (true, Some(health_factor)) = (p.liquidatable, p.health_factor) {
                scan.positions.push(LiquidatablePosition {
                    owner: p.owner.clone(),
                    account: p.account,
                    health_factor,
                    collateral_value: p.collateral_value,
                    debt_value: p.debt_value,
                    liquidation_capacity: p.liquidation_capacity,
                    collaterals: p.collaterals.clone(),
                    debts: p.debts.clone(),
                    missing_prices: p.missing_prices.clone(),
                });
            }
        }
        scan
    }
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

    /// Every liquidatable position and every unpriceable account, all pages. A missing price
    /// never refuses a page; an error here is the chain itself failing.
    pub fn scan<C: Chain>(chain: &C) -> Result<Scan, ChainError> {
        let mut all = Scan::default();
        let mut cursor = None;
        loop {
            let page = chain.liquidatable_positions(cursor)?;
            all.positions.extend(page.positions);
            all.unpriceable.extend(page.unpriceable);
            match page.next_start_after {
                Some(next) => cursor = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// One step: scan, then act on what has been seen for long enough. `scan` is this step's
    /// scan when the caller already has it (bots scanning in the same block see the same answer);
    /// `None` makes the bot scan itself.
    pub fn step<C: Chain>(
        &mut self,
        chain: &mut C,
        step: u32,
        scan: Option<&Scan>,
    ) -> Result<Vec<Executed>, ChainError> {
        let owned;
        let scan = match scan {
            Some(s) => s,
            None => {
                owned = Self::scan(chain)?;
                &owned
            }
        };
        // Unpriceable accounts cannot be valued, so not liquidated: counted, passed over.
        self.stats.unpriceable_seen += scan.unpriceable.len() as u64;
        let positions = &scan.positions;
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
            if done.len() as u32 >= self.params.max_per_step || chain.interrupted() {
                break;
            }
            if let Some(executed) = self.try_one(chain, position)? {
                done.push(executed);
            }
        }
        Ok(done)
    }

    /// The liquidation to send for `position` with `capital` of its debt denom, over the
    /// collaterals that have a price, largest value first: the full one the contract allows
    /// (`debt_amount: None`) when the capital covers it, else a partial one with all the capital
    /// when the contract accepts less (a solvent account under the close factor), else the next
    /// collateral. `Ok(None)` = short of capital for every collateral.
    fn plan<C: Chain>(
        chain: &C,
        position: &LiquidatablePosition,
        debt_denom: &str,
        capital: Uint128,
        collaterals: &[&PricedCollateral],
    ) -> Result<Option<(SimulateLiquidationResponse, Uint128, usize)>, ChainError> {
        let mut last_err = None;
        let mut short = false;
        for (k, collateral) in collaterals.iter().enumerate() {
            let full = match chain.simulate_liquidation(
                &position.owner,
                position.account,
                debt_denom,
                &collateral.denom,
                None,
            ) {
                Ok(sim) => sim,
                Err(err) => {
                    last_err = Some(err);
                    continue;
                }
            };
            if full.repay <= capital {
                // on a live chain a little more, for the interest of the blocks until execution
                // (refunded when not used), as far as the capital goes
                let margin = full
                    .repay
                    .checked_mul_ceil(chain.repay_margin())
                    .unwrap_or_default();
                let pay = full.repay.saturating_add(margin).min(capital);
                return Ok(Some((full, pay, k)));
            }
            // Less than the full amount: accepted only where a partial liquidation is allowed
            // (never for an insolvent account, whose whole collateral goes in one liquidation).
            if let Ok(partial) = chain.simulate_liquidation(
                &position.owner,
                position.account,
                debt_denom,
                &collateral.denom,
                Some(capital),
            ) {
                return Ok(Some((partial, capital, k)));
            }
            short = true;
        }
        match (short, last_err) {
            (false, Some(err)) => Err(err),
            _ => Ok(None),
        }
    }

    /// Simulates and, if worth it, executes one liquidation of `position`.
    fn try_one<C: Chain>(
        &mut self,
        chain: &mut C,
        position: &LiquidatablePosition,
    ) -> Result<Option<Executed>, ChainError> {
        let skipped = |reason: String| {
            move || Decision {
                reason: Some(reason),
                ..Decision::about(position, "skipped")
            }
        };
        let Some(debt) = position.debts.iter().max_by_key(|d| d.value) else {
            return Ok(None);
        };
        // Only a priced collateral can be seized; largest value first (ties by denom).
        let mut collaterals: Vec<&PricedCollateral> = position
            .collaterals
            .iter()
            .filter(|c| {
                !c.amount.is_zero()
                    && !c.price.is_zero()
                    && !position.missing_prices.iter().any(|m| m.denom == c.denom)
            })
            .collect();
        collaterals.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.denom.cmp(&b.denom)));
        if collaterals.is_empty() {
            self.stats.skipped_unpriced_collateral += 1;
            note(
                chain,
                skipped("no collateral has a Liquidation price".into()),
            );
            return Ok(None);
        }
        let capital = chain.balance(&self.params.addr, &debt.denom)?;
        if capital.is_zero() {
            self.stats.skipped_no_capital += 1;
            note(chain, skipped(format!("no capital in {}", debt.denom)));
            return Ok(None);
        }
        let (sim, pay, k) = match Self::plan(chain, position, &debt.denom, capital, &collaterals) {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.stats.skipped_no_capital += 1;
                note(
                    chain,
                    skipped(format!(
                        "capital {capital}{} is less than any liquidation the contract accepts",
                        debt.denom
                    )),
                );
                return Ok(None);
            }
            Err(err) => {
                self.stats.failed += 1;
                note(chain, || Decision {
                    debt_denom: Some(debt.denom.clone()),
                    reason: Some(format!("SimulateLiquidation: {err}")),
                    ..Decision::about(position, "failed")
                });
                return Ok(None);
            }
        };
        let collateral = collaterals[k];
        // The bot values what it repays and receives at the market it trades on.
        let debt_price = chain
            .market_price(&debt.denom)
            .unwrap_or_else(|| dec256_f64(debt.price));
        let collateral_price = chain
            .market_price(&collateral.denom)
            .unwrap_or_else(|| dec256_f64(collateral.price));
        let scale = self.params.quote_scale;
        let planned = |outcome: &'static str| Decision {
            debt_denom: Some(debt.denom.clone()),
            collateral_denom: Some(collateral.denom.clone()),
            simulated_repay: Some(sim.repay),
            simulated_to_liquidator: Some(sim.to_liquidator),
            sent: Some(pay),
            ..Decision::about(position, outcome)
        };
        let received = u128_f64(sim.to_liquidator) * collateral_price;
        let repaid = u128_f64(sim.repay) * debt_price;
        let gross = received * (1.0 - self.params.slippage) - repaid;
        if sim.repay.is_zero() || gross < self.params.min_profit {
            self.stats.skipped_unprofitable += 1;
            note(chain, || Decision {
                profit: Some(gross / scale),
                reason: Some("profit below the minimum".into()),
                ..planned("skipped")
            });
            return Ok(None);
        }
        let debt_coin = coin(pay.u128(), &debt.denom);
        // the real fee, from simulating the very transaction, where the chain gives one
        let fee = match chain.liquidation_fee(
            &self.params.addr,
            &position.owner,
            position.account,
            &collateral.denom,
            sim.to_liquidator,
            &debt_coin,
        ) {
            Ok(fee) => fee.unwrap_or(self.params.gas_cost),
            Err(err) => {
                self.stats.failed += 1;
                note(chain, || Decision {
                    reason: Some(format!("refused in simulation, nothing sent: {err}")),
                    ..planned("failed")
                });
                return Ok(None);
            }
        };
        let profit = gross - fee;
        if profit < self.params.min_profit {
            self.stats.skipped_unprofitable += 1;
            note(chain, || Decision {
                fee: Some(fee / scale),
                profit: Some(profit / scale),
                reason: Some("profit after the fee below the minimum".into()),
                ..planned("skipped")
            });
            return Ok(None);
        }
        let tx = match chain.liquidate(
            &self.params.addr,
            &position.owner,
            position.account,
            &collateral.denom,
            sim.to_liquidator,
            debt_coin,
        ) {
            Ok(tx) => tx,
            Err(err) => {
                let paid = err.fee_paid.unwrap_or(self.params.gas_cost);
                self.stats.failed += 1;
                self.stats.gas_spent += paid / scale;
                self.stats.profit -= paid / scale;
                note(chain, || Decision {
                    fee: Some(paid / scale),
                    profit: Some(-paid / scale),
                    reason: Some(err.message.clone()),
                    ..planned("failed")
                });
                return Ok(None);
            }
        };
        let ev = &tx.liquidate;
        if chain.same_block_execution()
            && (ev.repaid != sim.repay
                || ev.seized != sim.seized
                || ev.to_liquidator != sim.to_liquidator
                || ev.protocol_fee != sim.protocol_fee
                || ev.bonus != sim.bonus
                || ev.refunded != sim.refund
                || ev.bad_debt != sim.bad_debt
                || ev.health_before != sim.health_before
                || ev.health_after != sim.health_after)
        {
            self.stats.simulation_mismatches += 1;
        }
        let paid = tx.fee_paid.unwrap_or(self.params.gas_cost);
        let received = u128_f64(ev.to_liquidator) * collateral_price;
        let repaid = u128_f64(ev.repaid) * debt_price;
        let realised = received * (1.0 - self.params.slippage) - repaid - paid;
        self.stats.liquidations += 1;
        self.stats.repaid_value += repaid / scale;
        self.stats.received_value += received / scale;
        self.stats.gas_spent += paid / scale;
        self.stats.profit += realised / scale;
        note(chain, || Decision {
            fee: Some(paid / scale),
            profit: Some(realised / scale),
            tx_hash: tx.tx_hash.clone(),
            repaid: Some(ev.repaid),
            received: Some(ev.to_liquidator),
            ..planned(if tx.dry_run {
                "simulated"
            } else {
                "liquidated"
            })
        });
        Ok(Some(Executed {
            position: position.clone(),
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
    use ballast_types::vault::{MissingPrice, PricedDebt};
    use cosmwasm_std::Coin;

    /// A scripted chain: one liquidatable account, fixed answers, a record of what was asked
    /// and sent. `full` is the answer to `debt_amount: None`; with `whole_only` (an insolvent
    /// account) any smaller amount is refused, else the answer to `Some(x)` is `partial`.
    struct Scripted {
        position: LiquidatablePosition,
        unpriceable: Vec<UnpriceablePosition>,
        full: SimulateLiquidationResponse,
        partial: SimulateLiquidationResponse,
        whole_only: bool,
        capital: Uint128,
        asked: std::cell::RefCell<Vec<(String, Option<Uint128>)>>,
        sent: Vec<(String, Coin)>,
        /// A live chain's extras: the repay margin, the simulated fee (or the refusal), the
        /// decisions recorded.
        margin: Decimal,
        fee: Result<Option<f64>, ChainError>,
        decisions: Option<Vec<Decision>>,
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
                unpriceable: self.unpriceable.clone(),
                next_start_after: None,
            })
        }
        fn simulate_liquidation(
            &self,
            _owner: &str,
            _account: u32,
            _debt_denom: &str,
            collateral_denom: &str,
            debt_amount: Option<Uint128>,
        ) -> Result<SimulateLiquidationResponse, ChainError> {
            self.asked
                .borrow_mut()
                .push((collateral_denom.to_string(), debt_amount));
            if self
                .position
                .missing_prices
                .iter()
                .any(|m| m.denom == collateral_denom)
            {
                return Err(ChainError::new(format!(
                    "collateral {collateral_denom} has no Liquidation price"
                )));
            }
            match debt_amount {
                None => Ok(self.full.clone()),
                Some(sent) if sent >= self.full.repay => Ok(self.full.clone()),
                Some(sent) if self.whole_only => Err(ChainError::new(format!(
                    "insufficient repayment: {} needed, {sent} sent",
                    self.full.repay
                ))),
                Some(_) => Ok(self.partial.clone()),
            }
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
            self.sent.push((collateral_denom.to_string(), debt.clone()));
            let amount = Uint128::try_from(debt.amount).unwrap();
            let s = if amount >= self.full.repay {
                &self.full
            } else {
                &self.partial
            };
            Ok(LiquidationTx {
                liquidate: LiquidateEvent {
                    owner: owner.to_string(),
                    account,
                    liquidator: liquidator.to_string(),
                    debt_denom: debt.denom,
                    repaid: s.repay,
                    collateral_denom: collateral_denom.to_string(),
                    seized: s.seized,
                    protocol_fee: s.protocol_fee,
                    bonus: s.bonus,
                    health_before: s.health_before,
                    health_after: s.health_after,
                    recipient: liquidator.to_string(),
                    to_liquidator: s.to_liquidator,
                    refunded: amount.saturating_sub(s.repay),
                    bad_debt: s.bad_debt,
                },
                bad_debt: vec![],
                tx_hash: None,
                fee_paid: self.fee.clone().ok().flatten(),
                dry_run: false,
            })
        }
        fn balance(&self, _addr: &str, _denom: &str) -> Result<Uint128, ChainError> {
            Ok(self.capital)
        }
        fn repay_margin(&self) -> Decimal {
            self.margin
        }
        fn liquidation_fee(
            &self,
            _liquidator: &str,
            _owner: &str,
            _account: u32,
            _collateral_denom: &str,
            _min_collateral_out: Uint128,
            _debt: &Coin,
        ) -> Result<Option<f64>, ChainError> {
            self.fee.clone()
        }
        fn wants_decisions(&self) -> bool {
            self.decisions.is_some()
        }
        fn record(&mut self, decision: Decision) {
            if let Some(d) = &mut self.decisions {
                d.push(decision);
            }
        }
    }

    fn collateral(denom: &str, amount: u128, price: u64) -> PricedCollateral {
        PricedCollateral {
            liquidation_price: None,
            denom: denom.into(),
            amount: Uint128::new(amount),
            price: Decimal256::from_ratio(price, 1u64),
            value: Uint128::new(amount * u128::from(price)),
            max_ltv: Decimal::percent(70),
            liquidation_threshold: Decimal::percent(80),
        }
    }

    fn sim(repay: u128, to_liquidator: u128) -> SimulateLiquidationResponse {
        SimulateLiquidationResponse {
            owner: "alice".into(),
            account: 0,
            debt_denom: "uusdc".into(),
            collateral_denom: "uatom".into(),
            repay: Uint128::new(repay),
            seized: Uint128::new(to_liquidator + 1),
            to_liquidator: Uint128::new(to_liquidator),
            protocol_fee: Uint128::new(1),
            bonus: Decimal::percent(10),
            refund: Uint128::zero(),
            health_before: Decimal256::percent(90),
            health_after: Some(Decimal256::percent(105)),
            bad_debt: Uint128::zero(),
            written_off: vec![],
        }
    }

    /// A solvent account (C 1,000, D 900) whose full liquidation repays 900 for 99 uatom and
    /// whose partial one (close factor) repays 450 for `to_liquidator` uatom.
    fn scripted(capital: u128, to_liquidator: u128) -> Scripted {
        let position = LiquidatablePosition {
            owner: "alice".into(),
            account: 0,
            health_factor: Decimal256::percent(90),
            collateral_value: Uint128::new(1_000),
            debt_value: Uint128::new(900),
            liquidation_capacity: Uint128::new(810),
            collaterals: vec![collateral("uatom", 100, 10)],
            debts: vec![PricedDebt {
                denom: "uusdc".into(),
                amount: Uint128::new(900),
                shares: Uint128::new(900_000_000),
                price: Decimal256::one(),
                value: Uint128::new(900),
            }],
            missing_prices: vec![],
        };
        Scripted {
            position,
            unpriceable: vec![],
            full: sim(900, 99),
            partial: sim(450, to_liquidator),
            whole_only: false,
            capital: Uint128::new(capital),
            asked: Default::default(),
            sent: vec![],
            margin: Decimal::zero(),
            fee: Ok(None),
            decisions: None,
        }
    }

    /// An insolvent account (C 800 < D 900): only the whole collateral, for 700, is accepted.
    fn insolvent(capital: u128) -> Scripted {
        let mut chain = scripted(capital, 0);
        chain.position.collateral_value = Uint128::new(800);
        chain.position.collaterals = vec![collateral("uatom", 80, 10)];
        chain.position.health_factor = Decimal256::percent(67);
        let mut full = sim(700, 79);
        full.health_after = Some(Decimal256::zero());
        full.bad_debt = Uint128::new(200);
        chain.full = full;
        chain.whole_only = true;
        chain
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
        let mut chain = scripted(450, 49);
        let mut bot = Bot::new(params(2, 0.0));
        assert!(bot.step(&mut chain, 10, None).unwrap().is_empty());
        assert!(bot.step(&mut chain, 11, None).unwrap().is_empty());
        let done = bot.step(&mut chain, 12, None).unwrap();
        assert_eq!(done.len(), 1);
        // The full liquidation needs 900 > capital 450: a partial one with its 450.
        assert_eq!(chain.sent, vec![("uatom".into(), coin(450, "uusdc"))]);
        assert_eq!(
            *chain.asked.borrow(),
            vec![
                ("uatom".to_string(), None),
                ("uatom".to_string(), Some(Uint128::new(450)))
            ]
        );
        // 49 uatom at 10 = 490 received, 450 repaid, 1 gas.
        assert_eq!(bot.stats.profit, 39.0);
        assert_eq!(bot.stats.simulation_mismatches, 0);
    }

    #[test]
    fn sends_exactly_the_full_amount_when_its_capital_covers_it() {
        let mut chain = scripted(5_000, 49);
        let mut bot = Bot::new(params(0, 0.0));
        assert_eq!(bot.step(&mut chain, 0, None).unwrap().len(), 1);
        assert_eq!(chain.sent, vec![("uatom".into(), coin(900, "uusdc"))]);
        // 99 at 10 = 990 for 900 and 1 gas.
        assert_eq!(bot.stats.profit, 89.0);
    }

    #[test]
    fn closes_an_insolvent_account_with_the_whole_amount_or_skips_it_for_capital() {
        let mut chain = insolvent(1_000);
        let mut bot = Bot::new(params(0, 0.0));
        let done = bot.step(&mut chain, 0, None).unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(chain.sent, vec![("uatom".into(), coin(700, "uusdc"))]);
        assert_eq!(done[0].tx.liquidate.bad_debt, Uint128::new(200));
        assert_eq!(bot.stats.profit, 790.0 - 700.0 - 1.0);
        // 699 < 700 needed: never a partial amount; passed over for capital, nothing sent.
        let mut short = insolvent(699);
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut short, 0, None).unwrap().is_empty());
        assert!(short.sent.is_empty());
        assert_eq!(bot.stats.skipped_no_capital, 1);
        assert_eq!(bot.stats.failed, 0);
    }

    #[test]
    fn never_picks_an_unpriced_collateral_and_skips_unpriceable_accounts() {
        // The largest holding (wei) has no price: shown at 0, not seizable; uatom is used.
        let mut chain = scripted(5_000, 49);
        chain.position.collaterals = vec![collateral("uatom", 100, 10), collateral("wei", 500, 0)];
        chain.position.missing_prices = vec![MissingPrice {
            denom: "wei".into(),
            reason: "stale".into(),
        }];
        chain.unpriceable = vec![UnpriceablePosition {
            owner: "bob".into(),
            account: 1,
            missing_prices: vec![MissingPrice {
                denom: "wei".into(),
                reason: "stale".into(),
            }],
        }];
        let mut bot = Bot::new(params(0, 0.0));
        assert_eq!(bot.step(&mut chain, 0, None).unwrap().len(), 1);
        assert!(chain
            .asked
            .borrow()
            .iter()
            .all(|(denom, _)| denom == "uatom"));
        assert_eq!(chain.sent[0].0, "uatom");
        assert_eq!(bot.stats.unpriceable_seen, 1);
        // Only an unpriced collateral: passed over, nothing asked or sent.
        let mut only = scripted(5_000, 49);
        only.position.collaterals = vec![collateral("wei", 500, 0)];
        only.position.missing_prices = chain.position.missing_prices.clone();
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut only, 0, None).unwrap().is_empty());
        assert!(only.asked.borrow().is_empty() && only.sent.is_empty());
        assert_eq!(bot.stats.skipped_unpriced_collateral, 1);
    }

    #[test]
    fn skips_unprofitable_and_capital_less_targets() {
        let mut chain = scripted(450, 45); // 450 received for 450 repaid: −1 after gas
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut chain, 0, None).unwrap().is_empty());
        assert_eq!(bot.stats.skipped_unprofitable, 1);
        let mut broke = scripted(0, 49);
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut broke, 0, None).unwrap().is_empty());
        assert_eq!(bot.stats.skipped_no_capital, 1);
        assert!(broke.sent.is_empty());
    }

    #[test]
    fn on_a_live_chain_it_pays_a_margin_counts_the_real_fee_and_logs_each_decision() {
        // 1 % over the full 900, within the capital; the fee of the simulated transaction (30)
        // replaces the modelled gas (1)
        let mut chain = scripted(5_000, 49);
        chain.margin = Decimal::percent(1);
        chain.fee = Ok(Some(30.0));
        chain.decisions = Some(vec![]);
        let mut bot = Bot::new(params(0, 0.0));
        assert_eq!(bot.step(&mut chain, 0, None).unwrap().len(), 1);
        assert_eq!(chain.sent, vec![("uatom".into(), coin(909, "uusdc"))]);
        // 99 at 10 = 990 for the 900 repaid (the rest is refunded), minus the 30 fee
        assert_eq!(bot.stats.profit, 60.0);
        let d = chain.decisions.as_ref().unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].outcome, d[0].sent, d[0].fee, d[0].profit),
            (
                "liquidated",
                Some(Uint128::new(909)),
                Some(30.0),
                Some(60.0)
            )
        );
        // the margin never goes past the capital
        let mut tight = scripted(905, 49);
        tight.margin = Decimal::percent(1);
        let mut bot = Bot::new(params(0, 0.0));
        bot.step(&mut tight, 0, None).unwrap();
        assert_eq!(tight.sent, vec![("uatom".into(), coin(905, "uusdc"))]);
        // a fee that eats the profit: skipped, and the decision says why
        let mut dear = scripted(5_000, 49);
        dear.fee = Ok(Some(95.0));
        dear.decisions = Some(vec![]);
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut dear, 0, None).unwrap().is_empty());
        assert!(dear.sent.is_empty());
        assert_eq!(bot.stats.skipped_unprofitable, 1);
        let d = &dear.decisions.as_ref().unwrap()[0];
        assert_eq!(d.outcome, "skipped");
        assert!(
            d.reason.as_deref().unwrap().contains("after the fee"),
            "{d:?}"
        );
    }

    #[test]
    fn a_transaction_refused_in_simulation_is_a_failure_that_sends_nothing() {
        let mut chain = scripted(5_000, 49);
        chain.fee = Err(ChainError {
            message: "account sequence mismatch".into(),
            fee_paid: Some(0.0),
        });
        chain.decisions = Some(vec![]);
        let mut bot = Bot::new(params(0, 0.0));
        assert!(bot.step(&mut chain, 0, None).unwrap().is_empty());
        assert!(chain.sent.is_empty());
        assert_eq!((bot.stats.failed, bot.stats.profit), (1, 0.0));
        let d = &chain.decisions.as_ref().unwrap()[0];
        assert_eq!(d.outcome, "failed");
        assert!(
            d.reason.as_deref().unwrap().contains("nothing sent"),
            "{d:?}"
        );
    }
}
