//! Governance rules shared by the vault and the `ballast propose` command: the risk steward's
//! step limits and cooldown, and the ramp of a liquidation-threshold cut.
//!
//! - **Owner** (the DAO): any change within the contract's hard bounds.
//! - **Risk steward** (e.g. a risk committee's multisig, set by the owner): only listed asset
//!   parameters, each by at most its step in [`StewardLimits`], and each parameter of an asset at
//!   most once per [`StewardLimits::cooldown_s`]. It never lists or delists assets, changes
//!   addresses or touches ownership.
//! - **Threshold cuts ramp**: lowering a collateral's liquidation threshold takes effect
//!   linearly over a ramp given with the update ([`ThresholdRamp`]); raising it, and every
//!   max-LTV change, apply at once.
//!
//! ```
//! use ballast_types::governance::ThresholdRamp;
//! use cosmwasm_std::Decimal;
//!
//! // 80 % → 70 % over 10 days, starting at t = 1000
//! let ramp = ThresholdRamp { from: Decimal::percent(80), start: 1_000, end: 1_000 + 864_000 };
//! let target = Decimal::percent(70);
//! assert_eq!(ramp.at(target, 1_000), Decimal::percent(80));
//! assert_eq!(ramp.at(target, 1_000 + 432_000), Decimal::percent(75));
//! assert_eq!(ramp.at(target, 2_000_000), Decimal::percent(70));
//! ```

use ballast_compact::cw_serde_compact;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128, Uint256};
use thiserror::Error;

use crate::vault::{CollateralParams, LendingParams};

/// Longest ramp of a threshold cut: 30 days.
pub const MAX_RAMP_S: u64 = 30 * 86_400;
/// Largest step the owner may allow the steward for max LTV or the liquidation threshold.
pub const MAX_RATIO_STEP: Decimal = Decimal::percent(10);
/// Largest factor the owner may allow the steward for a cap (×/÷).
pub const MAX_CAP_FACTOR: Decimal = Decimal::new(Uint128::new(10_000_000_000_000_000_000));
/// Shortest cooldown the owner may set: one hour.
pub const MIN_COOLDOWN_S: u64 = 3_600;
/// Longest cooldown the owner may set: 30 days.
pub const MAX_COOLDOWN_S: u64 = 30 * 86_400;

/// What the risk steward may change, set by the owner within the hard bounds above.
#[cw_serde]
pub struct StewardLimits {
    /// Most a steward change may move an asset's max LTV, in absolute points (0.02 = 2 pp).
    pub max_ltv_step: Decimal,
    /// Same for the liquidation threshold.
    pub liquidation_threshold_step: Decimal,
    /// Same for the reserve factor and each rate-model field (`base`, `slope1`, `slope2`,
    /// `optimal_utilization`).
    pub rate_step: Decimal,
    /// A cap (deposit, supply, borrow) may be multiplied or divided by at most this (≥ 1). The
    /// steward never adds or removes a cap.
    pub cap_factor: Decimal,
    /// Seconds between two steward changes of the same parameter of the same asset.
    pub cooldown_s: u64,
}

impl StewardLimits {
    /// Conservative defaults: 2 pp for LTV and threshold, 1 pp for rates, caps ×/÷ 2, one day.
    pub fn conservative() -> Self {
        Self {
            max_ltv_step: Decimal::percent(2),
            liquidation_threshold_step: Decimal::percent(2),
            rate_step: Decimal::percent(1),
            cap_factor: Decimal::percent(200),
            cooldown_s: 86_400,
        }
    }

    /// The hard bounds: each step at most [`MAX_RATIO_STEP`], the cap factor in
    /// `[1, MAX_CAP_FACTOR]`, the cooldown in `[MIN_COOLDOWN_S, MAX_COOLDOWN_S]`.
    pub fn validate(&self) -> Result<(), GovernanceError> {
        for (field, step) in [
            ("max_ltv_step", self.max_ltv_step),
            (
                "liquidation_threshold_step",
                self.liquidation_threshold_step,
            ),
            ("rate_step", self.rate_step),
        ] {
            if step > MAX_RATIO_STEP {
                return Err(GovernanceError::LimitOutOfBounds {
                    field,
                    reason: format!("{step} is above the hard bound {MAX_RATIO_STEP}"),
                });
            }
        }
        if self.cap_factor < Decimal::one() || self.cap_factor > MAX_CAP_FACTOR {
            return Err(GovernanceError::LimitOutOfBounds {
                field: "cap_factor",
                reason: format!("{} is outside [1, {MAX_CAP_FACTOR}]", self.cap_factor),
            });
        }
        if !(MIN_COOLDOWN_S..=MAX_COOLDOWN_S).contains(&self.cooldown_s) {
            return Err(GovernanceError::LimitOutOfBounds {
                field: "cooldown_s",
                reason: format!(
                    "{} s is outside [{MIN_COOLDOWN_S}, {MAX_COOLDOWN_S}]",
                    self.cooldown_s
                ),
            });
        }
        Ok(())
    }
}

/// A liquidation-threshold cut in progress: the effective threshold moves linearly from `from`
/// at `start` to the asset's stored (target) threshold at `end`. Nothing is stored per block:
/// the value is interpolated from the block time whenever it is read.
#[cw_serde_compact]
pub struct ThresholdRamp {
    /// Threshold before the cut.
    pub from: Decimal,
    /// Block time (seconds) the ramp started.
    pub start: u64,
    /// Block time (seconds) the target applies in full.
    pub end: u64,
}

impl ThresholdRamp {
    /// The effective threshold at `now` for a ramp towards `target` (`target ≤ from`):
    /// `from − (from − target) · (now − start) / (end − start)`, the cut rounded DOWN, so the
    /// effective threshold is never below the line (no account becomes liquidatable earlier than
    /// the interpolation allows). `from` until `start`, `target` from `end` on.
    pub fn at(&self, target: Decimal, now: u64) -> Decimal {
        // a raise is never ramped: the target applies at once
        if self.from <= target || now >= self.end {
            return target;
        }
        if now <= self.start {
            return self.from;
        }
        let cut = self.from - target;
        let elapsed = now - self.start;
        let length = self.end - self.start;
        // floor(cut · elapsed / length) in atomics: exact, u128 · u64 fits in 256 bits
        let done = cut
            .atomics()
            .full_mul(u128::from(elapsed))
            .checked_div(Uint256::from(length))
            .ok()
            .and_then(|v| Uint128::try_from(v).ok())
            .map(Decimal::new)
            .unwrap_or(cut);
        self.from - done.min(cut)
    }

    /// Whether the ramp is over at `now`.
    pub fn is_done(&self, now: u64) -> bool {
        now >= self.end
    }
}

/// An asset parameter, as governance names it (in events, cooldowns and proposal files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    /// `collateral.max_ltv`
    MaxLtv,
    /// `collateral.liquidation_threshold`
    LiquidationThreshold,
    /// `collateral.deposit_cap`
    DepositCap,
    /// `lending.rate_model` (any of its fields)
    RateModel,
    /// `lending.reserve_factor`
    ReserveFactor,
    /// `lending.supply_cap`
    SupplyCap,
    /// `lending.borrow_cap`
    BorrowCap,
}

impl Param {
    /// Every parameter, in a fixed order.
    pub const ALL: [Param; 7] = [
        Param::MaxLtv,
        Param::LiquidationThreshold,
        Param::DepositCap,
        Param::RateModel,
        Param::ReserveFactor,
        Param::SupplyCap,
        Param::BorrowCap,
    ];

    /// The snake_case name used in events, storage keys and proposal files.
    pub fn name(self) -> &'static str {
        match self {
            Param::MaxLtv => "max_ltv",
            Param::LiquidationThreshold => "liquidation_threshold",
            Param::DepositCap => "deposit_cap",
            Param::RateModel => "rate_model",
            Param::ReserveFactor => "reserve_factor",
            Param::SupplyCap => "supply_cap",
            Param::BorrowCap => "borrow_cap",
        }
    }

    /// The parameter named `name`.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Why a governance change was refused.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum GovernanceError {
    /// An owner-set limit is outside its hard bound.
    #[error("steward limit {field} out of bounds: {reason}")]
    LimitOutOfBounds {
        /// The limit.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A steward change moves a parameter by more than its step.
    #[error("the risk steward may change {param} by at most {limit}; this change is {change}")]
    StepTooLarge {
        /// The parameter.
        param: &'static str,
        /// The change asked.
        change: String,
        /// The step limit.
        limit: String,
    },
    /// The steward may not add or remove a role of the asset (collateral, lending) or a cap.
    #[error("the risk steward may not {what}")]
    NotAllowed {
        /// What was asked.
        what: String,
    },
    /// A ramp longer than [`MAX_RAMP_S`].
    #[error("a threshold ramp may last at most {max} s, not {ramp_s} s")]
    RampTooLong {
        /// Asked.
        ramp_s: u64,
        /// Bound.
        max: u64,
    },
}

fn ratio_step(
    param: Param,
    old: Decimal,
    new: Decimal,
    limit: Decimal,
) -> Result<(), GovernanceError> {
    let change = old.abs_diff(new);
    if change > limit {
        return Err(GovernanceError::StepTooLarge {
            param: param.name(),
            change: change.to_string(),
            limit: limit.to_string(),
        });
    }
    Ok(())
}

fn cap_step(
    param: Param,
    old: Option<Uint128>,
    new: Option<Uint128>,
    factor: Decimal,
) -> Result<(), GovernanceError> {
    match (old, new) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(GovernanceError::NotAllowed {
            what: format!("remove the {}", param.name()),
        }),
        (None, Some(_)) => Err(GovernanceError::NotAllowed {
            what: format!("add a {}", param.name()),
        }),
        (Some(old), Some(new)) => {
            // new ∈ [old / factor, old · factor], compared without rounding
            let (lo, hi) = (old.min(new), old.max(new));
            let scaled = lo.full_mul(factor.atomics());
            let wide_hi = hi.full_mul(Decimal::one().atomics());
            if wide_hi > scaled {
                return Err(GovernanceError::StepTooLarge {
                    param: param.name(),
                    change: format!("{old} → {new}"),
                    limit: format!("×/÷ {factor}"),
                });
            }
            Ok(())
        }
    }
}

/// The parameters a change from `(old_c, old_l)` to `(new_c, new_l)` moves, each checked against
/// the steward's `limits`. `Ok(vec![])` when nothing changes. The steward may not make an asset
/// a collateral or a lending market, nor take that away, nor add or remove a cap.
pub fn steward_check(
    old_c: Option<&CollateralParams>,
    new_c: Option<&CollateralParams>,
    old_l: Option<&LendingParams>,
    new_l: Option<&LendingParams>,
    limits: &StewardLimits,
) -> Result<Vec<Param>, GovernanceError> {
    let mut moved = Vec::new();
    match (old_c, new_c) {
        (Some(o), Some(n)) => {
            if o.max_ltv != n.max_ltv {
                ratio_step(Param::MaxLtv, o.max_ltv, n.max_ltv, limits.max_ltv_step)?;
                moved.push(Param::MaxLtv);
            }
            if o.liquidation_threshold != n.liquidation_threshold {
                ratio_step(
                    Param::LiquidationThreshold,
                    o.liquidation_threshold,
                    n.liquidation_threshold,
                    limits.liquidation_threshold_step,
                )?;
                moved.push(Param::LiquidationThreshold);
            }
            if o.deposit_cap != n.deposit_cap {
                cap_step(
                    Param::DepositCap,
                    o.deposit_cap,
                    n.deposit_cap,
                    limits.cap_factor,
                )?;
                moved.push(Param::DepositCap);
            }
        }
        (None, None) => {}
        (None, Some(_)) => {
            return Err(GovernanceError::NotAllowed {
                what: "make an asset a collateral".into(),
            })
        }
        (Some(_), None) => {
            return Err(GovernanceError::NotAllowed {
                what: "remove an asset's collateral parameters".into(),
            })
        }
    }
    match (old_l, new_l) {
        (Some(o), Some(n)) => {
            let (a, b) = (&o.rate_model, &n.rate_model);
            if a != b {
                for (x, y) in [
                    (a.base, b.base),
                    (a.slope1, b.slope1),
                    (a.slope2, b.slope2),
                    (a.optimal_utilization, b.optimal_utilization),
                ] {
                    ratio_step(Param::RateModel, x, y, limits.rate_step)?;
                }
                moved.push(Param::RateModel);
            }
            if o.reserve_factor != n.reserve_factor {
                ratio_step(
                    Param::ReserveFactor,
                    o.reserve_factor,
                    n.reserve_factor,
                    limits.rate_step,
                )?;
                moved.push(Param::ReserveFactor);
            }
            if o.supply_cap != n.supply_cap {
                cap_step(
                    Param::SupplyCap,
                    o.supply_cap,
                    n.supply_cap,
                    limits.cap_factor,
                )?;
                moved.push(Param::SupplyCap);
            }
            if o.borrow_cap != n.borrow_cap {
                cap_step(
                    Param::BorrowCap,
                    o.borrow_cap,
                    n.borrow_cap,
                    limits.cap_factor,
                )?;
                moved.push(Param::BorrowCap);
            }
        }
        (None, None) => {}
        (None, Some(_)) => {
            return Err(GovernanceError::NotAllowed {
                what: "open a lending market".into(),
            })
        }
        (Some(_), None) => {
            return Err(GovernanceError::NotAllowed {
                what: "close a lending market".into(),
            })
        }
    }
    Ok(moved)
}

/// A ramp length within [`MAX_RAMP_S`].
pub fn check_ramp(ramp_s: u64) -> Result<(), GovernanceError> {
    if ramp_s > MAX_RAMP_S {
        return Err(GovernanceError::RampTooLong {
            ramp_s,
            max: MAX_RAMP_S,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::RateModel;
    use proptest::prelude::*;

    fn coll(ltv: u64, t: u64, cap: Option<u128>) -> CollateralParams {
        CollateralParams {
            max_ltv: Decimal::percent(ltv),
            liquidation_threshold: Decimal::percent(t),
            deposit_cap: cap.map(Uint128::new),
        }
    }

    fn lend(base: u64, rf: u64, supply_cap: Option<u128>) -> LendingParams {
        LendingParams {
            rate_model: RateModel {
                base: Decimal::percent(base),
                slope1: Decimal::percent(4),
                slope2: Decimal::percent(75),
                optimal_utilization: Decimal::percent(80),
            },
            reserve_factor: Decimal::percent(rf),
            supply_cap: supply_cap.map(Uint128::new),
            borrow_cap: None,
        }
    }

    #[test]
    fn limits_have_hard_bounds() {
        let ok = StewardLimits::conservative();
        assert_eq!(ok.validate(), Ok(()));
        let too_wide = StewardLimits {
            max_ltv_step: Decimal::percent(11),
            ..ok.clone()
        };
        assert!(matches!(
            too_wide.validate(),
            Err(GovernanceError::LimitOutOfBounds {
                field: "max_ltv_step",
                ..
            })
        ));
        for cap_factor in [Decimal::percent(99), Decimal::percent(1001)] {
            let bad = StewardLimits {
                cap_factor,
                ..ok.clone()
            };
            assert!(bad.validate().is_err(), "{cap_factor}");
        }
        for cooldown_s in [MIN_COOLDOWN_S - 1, MAX_COOLDOWN_S + 1] {
            let bad = StewardLimits {
                cooldown_s,
                ..ok.clone()
            };
            assert!(bad.validate().is_err(), "{cooldown_s}");
        }
    }

    #[test]
    fn steward_steps_are_checked_per_parameter() {
        let l = StewardLimits::conservative();
        // 2 pp each way is allowed, 3 pp is not
        let moved = steward_check(
            Some(&coll(70, 80, Some(1_000))),
            Some(&coll(72, 78, Some(2_000))),
            None,
            None,
            &l,
        )
        .unwrap();
        assert_eq!(
            moved,
            vec![
                Param::MaxLtv,
                Param::LiquidationThreshold,
                Param::DepositCap
            ]
        );
        let err = steward_check(
            Some(&coll(70, 80, None)),
            Some(&coll(70, 77, None)),
            None,
            None,
            &l,
        )
        .unwrap_err();
        assert_eq!(
            err,
            GovernanceError::StepTooLarge {
                param: "liquidation_threshold",
                change: "0.03".into(),
                limit: "0.02".into()
            }
        );
        // caps: ×2 and ÷2 pass, ×2.000001 fails; adding or removing a cap is never the steward's
        for (old, new, ok) in [
            (1_000_000, 2_000_000, true),
            (1_000_000, 500_000, true),
            (1_000_000, 2_000_001, false),
            (1_000_000, 499_999, false),
        ] {
            let r = steward_check(
                Some(&coll(70, 80, Some(old))),
                Some(&coll(70, 80, Some(new))),
                None,
                None,
                &l,
            );
            assert_eq!(r.is_ok(), ok, "{old} -> {new}: {r:?}");
        }
        assert!(matches!(
            steward_check(
                Some(&coll(70, 80, Some(1))),
                Some(&coll(70, 80, None)),
                None,
                None,
                &l
            ),
            Err(GovernanceError::NotAllowed { .. })
        ));
        // roles: never listed or removed by the steward
        assert!(steward_check(None, Some(&coll(70, 80, None)), None, None, &l).is_err());
        assert!(steward_check(None, None, Some(&lend(0, 10, None)), None, &l).is_err());
        // rates: each field by at most 1 pp
        assert_eq!(
            steward_check(
                None,
                None,
                Some(&lend(0, 10, Some(5))),
                Some(&lend(1, 11, Some(10))),
                &l
            ),
            Ok(vec![
                Param::RateModel,
                Param::ReserveFactor,
                Param::SupplyCap
            ])
        );
        assert!(steward_check(
            None,
            None,
            Some(&lend(0, 10, None)),
            Some(&lend(2, 10, None)),
            &l
        )
        .is_err());
        // nothing changed
        assert_eq!(
            steward_check(
                Some(&coll(70, 80, None)),
                Some(&coll(70, 80, None)),
                None,
                None,
                &l
            ),
            Ok(vec![])
        );
    }

    #[test]
    fn param_names_round_trip() {
        for p in Param::ALL {
            assert_eq!(Param::from_name(p.name()), Some(p));
        }
        assert_eq!(Param::from_name("max_ltv_"), None);
    }

    #[test]
    fn ramps_are_bounded() {
        assert_eq!(check_ramp(MAX_RAMP_S), Ok(()));
        assert!(check_ramp(MAX_RAMP_S + 1).is_err());
    }

    proptest! {
        /// During a ramp the effective threshold never falls below the straight line from
        /// `from` to `target` (no account becomes liquidatable sooner than the interpolation
        /// allows), never moves up as time passes, and stays within [target, from].
        #[test]
        fn the_ramp_never_runs_ahead_of_its_line(
            from in 1u64..=100_000,
            cut in 0u64..=100_000,
            start in 0u64..1_000_000_000,
            length in 1u64..=MAX_RAMP_S,
            t1 in 0u64..=2 * MAX_RAMP_S,
            dt in 0u64..=MAX_RAMP_S,
        ) {
            let from_d = Decimal::from_ratio(from, 100_000u64);
            let target = Decimal::from_ratio(from.saturating_sub(cut), 100_000u64);
            let ramp = ThresholdRamp { from: from_d, start, end: start + length };
            let now = start + t1;
            let at = ramp.at(target, now);
            prop_assert!(at <= from_d && at >= target);
            // the exact line at `now`, in f64 with a margin of one atomic unit
            let frac = ((now - start) as f64 / length as f64).min(1.0);
            let line = from_d.to_string().parse::<f64>().unwrap()
                - (from_d - target).to_string().parse::<f64>().unwrap() * frac;
            prop_assert!(at.to_string().parse::<f64>().unwrap() >= line - 1e-12, "{at} < {line}");
            // monotone in time
            prop_assert!(ramp.at(target, now + dt) <= at);
        }
    }
}
