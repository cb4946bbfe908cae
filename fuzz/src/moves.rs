//! Environment moves (time, the Pyth feed, governance's fixed prices) and the liquidator bot.

use std::str::FromStr;

use ballast_testing::PythFeed;
use ballast_types::events::{BallastEvent, LiquidateEvent};
use ballast_types::{liquidation, oracle};
use cosmwasm_std::{to_json_vec, Coin, Decimal256, Uint128};

use crate::checks::{self, check};
use crate::session::Session;
use crate::setup::{ATOM_FEED, OTHER_FEED, PYTH_DENOM, UNLISTED};

/// Advance durations (seconds).
const DURATIONS: [u64; 10] = [
    1,
    5,
    59,
    61,
    600,
    3_600,
    86_400,
    31_536_000,
    315_360_000,
    3_153_600_000,
];

/// Pyth price moves: `(numerator, denominator)` of the current price, then absolute mantissas.
const MOVES: [(i128, i128); 9] = [
    (1, 1),
    (9, 10),
    (7, 10),
    (1, 2),
    (1, 10),
    (11, 10),
    (2, 1),
    (10, 1),
    (1, 1000),
];
/// Absolute Pyth mantissas: zero, negative, the smallest, the largest.
const ABSOLUTE: [i64; 4] = [0, -1, 1, i64::MAX];
/// Exponents a Pyth move may switch to (`expo` byte 250..=255).
const EXPONENTS: [i32; 6] = [-6, -18, 0, 5, -40, i32::MIN];

/// Fixed prices governance may set (normalised: quote units per smallest unit).
const FIXED: [&str; 10] = [
    "0.5",
    "0.25",
    "0.05",
    "1",
    "2",
    "0.000001",
    "1000000000000",
    "0.000000000000000001",
    "0.45",
    "0.55",
];

/// The current Pyth feed of ATOM as the session set it.
#[derive(Clone)]
pub(crate) struct Feed {
    /// Price mantissa.
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
    /// Exponent of all four.
    pub expo: i32,
    /// EMA price mantissa.
    pub ema_price: i64,
    /// EMA confidence mantissa.
    pub ema_conf: u64,
}

impl Session<'_> {
    /// Advances block time; republishes the Pyth feed at its price unless `stale`.
    pub(crate) fn advance(&mut self, duration: u8, extra: u16, stale: bool) {
        let d = usize::from(duration);
        let secs = DURATIONS[d % DURATIONS.len()]
            + if d >= DURATIONS.len() {
                u64::from(extra)
            } else {
                0
            };
        trace!(
            "  advance {secs} s{}",
            if stale { ", feed left stale" } else { "" }
        );
        self.world.env.advance(secs);
        if !stale {
            self.publish(0);
        }
    }

    /// Moves ATOM's Pyth feed: price, confidence, EMA, publish time and (rarely) exponent.
    pub(crate) fn move_pyth(&mut self, price: u8, conf: u8, ema: u8, publish: u8, expo: u8) {
        let p = usize::from(price) % (MOVES.len() + ABSOLUTE.len());
        let old = self.feed.clone();
        self.feed.price = match MOVES.get(p) {
            Some((n, d)) => i64::try_from(i128::from(old.price) * n / d).unwrap_or(i64::MAX),
            None => ABSOLUTE[p - MOVES.len()],
        };
        let abs = self.feed.price.unsigned_abs();
        self.feed.conf = match conf % 6 {
            0 => abs / 2_000,
            1 => abs / 100,
            2 => abs / 100 * 3,
            3 => 0,
            4 => abs,
            _ => u64::MAX,
        };
        match ema % 4 {
            0 => (self.feed.ema_price, self.feed.ema_conf) = (self.feed.price, self.feed.conf),
            1 => {}
            2 => self.feed.ema_price = self.feed.price.saturating_mul(2),
            _ => self.feed.ema_price = 0,
        }
        if expo >= 250 {
            self.feed.expo = EXPONENTS[usize::from(expo - 250)];
        }
        self.publish(publish);
    }

    /// Makes ATOM's feed (or a feed no source reads) fail.
    pub(crate) fn fail_feed(&mut self, feed: u8) {
        let id = if feed.is_multiple_of(2) {
            ATOM_FEED
        } else {
            OTHER_FEED
        };
        trace!("  fail feed {id}");
        let _ = self.world.env.fail_pyth_feed(id);
    }

    /// Governance sets a fixed price (OSMO, USDC, JUNO; ATOM too with `denom = 255`).
    pub(crate) fn fixed_price(&mut self, denom: u8, price: u8) {
        let denom = match denom {
            255 => PYTH_DENOM,
            d => ["uosmo", "uusdc", UNLISTED][usize::from(d) % 3],
        };
        let price =
            Decimal256::from_str(FIXED[usize::from(price) % FIXED.len()]).unwrap_or_default();
        trace!("  fixed price {denom} = {price}");
        let owner = self.world.env.owner.clone();
        let _ = self.world.env.oracle().execute(
            &owner,
            &oracle::ExecuteMsg::SetPriceSource {
                denom: denom.to_string(),
                decimals: 6,
                source: oracle::PriceSource::Fixed { price },
            },
            &[],
        );
    }

    /// Republishes the session's feed; `when` picks the publish time.
    pub(crate) fn publish(&mut self, when: u8) {
        let now = i64::try_from(self.world.env.now()).unwrap_or(i64::MAX);
        let publish_time = match when % 6 {
            0 => now,
            1 => now - 30,
            2 => now - 61,
            3 => now + 100,
            4 => 0,
            _ => i64::MAX,
        };
        let f = &self.feed;
        trace!(
            "  pyth {} ± {} e{} ema {} at {publish_time} (now {now})",
            f.price,
            f.conf,
            f.expo,
            f.ema_price
        );
        let feed = PythFeed::new(ATOM_FEED, f.price, f.expo, f.conf, publish_time)
            .with_ema(f.ema_price, f.ema_conf);
        let _ = self.world.env.set_pyth_feed(&feed);
    }

    /// A liquidator bot: the `pick`-th liquidatable position, simulated, then liquidated with the
    /// simulated repay (which must then work: [19]), or another amount.
    pub(crate) fn liquidate_any(&mut self, pick: u8, amount: u8, collateral: u8) {
        let liq = self.world.env.liquidation_addr.clone();
        let page: Result<liquidation::LiquidatablePositionsResponse, _> =
            self.world.env.app.wrap().query_wasm_smart(
                &liq,
                &liquidation::QueryMsg::LiquidatablePositions {
                    start_after: None,
                    limit: None,
                },
            );
        let Ok(page) = page else {
            trace!("  bot: no page: {:?}", page.err());
            return;
        };
        if page.positions.is_empty() {
            trace!("  bot: nothing liquidatable");
            return;
        }
        let pos = &page.positions[usize::from(pick) % page.positions.len()];
        let (Some(debt), Some(coll)) = (
            pos.debts
                .get(usize::from(pick / 16) % pos.debts.len().max(1)),
            pos.collaterals
                .get(usize::from(collateral) % pos.collaterals.len().max(1)),
        ) else {
            return;
        };
        let sim = self
            .world
            .env
            .app
            .wrap()
            .query_wasm_smart::<liquidation::SimulateLiquidationResponse>(
                &liq,
                &liquidation::QueryMsg::SimulateLiquidation {
                    owner: pos.owner.clone(),
                    account: Some(pos.account),
                    debt_denom: debt.denom.clone(),
                    collateral_denom: coll.denom.clone(),
                    debt_amount: None,
                },
            );
        let Ok(sim) = sim else {
            trace!(
                "  bot: simulation of {}/{} failed: {:?}",
                pos.owner,
                pos.account,
                sim.err()
            );
            return;
        };
        let repay: Uint128 = match amount % 5 {
            0 => sim.repay,
            1 => sim.repay.saturating_mul(Uint128::new(2)),
            2 => sim.repay / Uint128::new(2),
            3 => Uint128::one(),
            _ => Uint128::MAX,
        };
        let dave = self
            .world
            .actor("dave")
            .cloned()
            .unwrap_or_else(|| self.world.env.addr("dave"));
        let msg = liquidation::ExecuteMsg::Liquidate {
            owner: pos.owner.clone(),
            account: Some(pos.account),
            collateral_denom: coll.denom.clone(),
            min_collateral_out: None,
            recipient: None,
        };
        trace!(
            "  bot: liquidate {}/{} repaying {repay} {} for {} (simulated {sim:?})",
            pos.owner,
            pos.account,
            debt.denom,
            coll.denom
        );
        let funds = vec![Coin::new(repay, debt.denom.clone())];
        let Some(out) = self.execute(&liq, &dave, to_json_vec(&msg).unwrap_or_default(), funds)
        else {
            return;
        };
        if out.ok {
            if let Ok(ev) = LiquidateEvent::find(&out.events) {
                checks::liquidation(self.world, &ev);
            }
        }
        check(
            "liquidate_as_simulated",
            out.ok || !amount.is_multiple_of(5) || sim.repay.is_zero(),
            || {
                format!("liquidatable position {}/{} could not be liquidated with its simulation {sim:?}", pos.owner, pos.account)
            },
        );
    }
}
