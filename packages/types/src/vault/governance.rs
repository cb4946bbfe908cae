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
//! let ramp = ThresholdRamp {
//!     from: Decimal::percent(80),
//!     start: 1_000,
//!     end: 1_000 + 864_000,
//!     current: None,
//! };
//! let target = Decimal::percent(70);
//! assert_eq!(ramp.at(target, 1_000), Decimal::percent(80));
//! assert_eq!(ramp.at(target, 1_000 + 432_000), Decimal::percent(75));
//! assert_eq!(ramp.at(target, 2_000_000), Decimal::percent(70));
//! ```

use ballast_compact::cw_serde_compact;
use cosmwasm_std::{Decimal, Uint128};
use thiserror::Error;

pub use super::state::ThresholdRamp;
use super::state::{CollateralParams, LendingParams};
use ballast_math::liquidation::BonusCurve;
use cosmwasm_std::Addr;

/// Longest ramp of a threshold cut: 30 days.
pub const MAX_RAMP_S: u64 = 30 * 86_400;
/// Largest step the owner may allow the steward for max LTV or the liquidation threshold.
pub const MAX_RATIO_STEP: Decimal = Decimal::percent(10);
/// Largest step the owner may allow the steward for a bonus curve's `start`, `min` and `max`.
pub const MAX_BONUS_STEP: Decimal = Decimal::percent(5);
/// Largest factor the owner may allow the steward for a cap (×/÷).
pub const MAX_CAP_FACTOR: Decimal = Decimal::new(Uint128::new(10_000_000_000_000_000_000));
/// Shortest cooldown the owner may set: one hour.
pub const MIN_COOLDOWN_S: u64 = 3_600;
/// Longest cooldown the owner may set: 30 days.
pub const MAX_COOLDOWN_S: u64 = 30 * 86_400;

/// What the risk steward may change, set by the owner within the hard bounds above.
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
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
    /// Most a steward change may move a liquidation bonus curve's `start`, `min` or `max` (the
    /// band), in absolute points; its `slope`, and every other field of the liquidation policy,
    /// are the owner's.
    pub bonus_step: Decimal,
    /// Seconds between two steward changes of the same parameter of the same asset.
    pub cooldown_s: u64,
}

impl StewardLimits {
    /// Conservative defaults: 2 pp for LTV and threshold, 1 pp for rates and bonuses, caps ×/÷ 2,
    /// one day.
    pub fn conservative() -> Self {
        Self {
            max_ltv_step: Decimal::percent(2),
            liquidation_threshold_step: Decimal::percent(2),
            rate_step: Decimal::percent(1),
            cap_factor: Decimal::percent(200),
            bonus_step: Decimal::percent(1),
            cooldown_s: 86_400,
        }
    }

    /// The hard bounds: each step at most [`MAX_RATIO_STEP`] ([`MAX_BONUS_STEP`] for the bonus), the cap factor in
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
        if self.bonus_step > MAX_BONUS_STEP {
            return Err(GovernanceError::LimitOutOfBounds {
                field: "bonus_step",
                reason: format!(
                    "{} is above the hard bound {MAX_BONUS_STEP}",
                    self.bonus_step
                ),
            });
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

/// The risk steward and its limits, as the vault stores them. Set and cleared by the owner with
/// `SetSteward`.
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct Steward {
    /// The steward's address; `None` when there is none.
    pub address: Option<Addr>,
    /// What it may change ([`StewardLimits::conservative`] until the owner sets others).
    pub limits: StewardLimits,
}

impl Default for Steward {
    fn default() -> Self {
        Self {
            address: None,
            limits: StewardLimits::conservative(),
        }
    }
}

/// The answer to the vault's `Steward { denom }` query.
#[cosmwasm_schema::cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct StewardResponse {
    /// The steward's address; `None` when there is none.
    pub steward: Option<Addr>,
    /// Its limits.
    pub limits: StewardLimits,
    /// With a `denom`: each parameter of it the steward has changed (in [`Param::ALL`]'s order),
    /// when, and from when it may
    /// change it again. Empty without a `denom`.
    pub cooldowns: Vec<ParamCooldown>,
}

/// The steward's last change of one parameter of one asset.
#[cosmwasm_schema::cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct ParamCooldown {
    /// The parameter ([`Param::name`]).
    pub param: String,
    /// Block seconds of the steward's last change of it.
    pub last_change: u64,
    /// First block second the steward may change it again.
    pub next_change: u64,
}

/// Who made a governance change (the `role` of `ballast_update_asset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The owner (the DAO).
    Owner,
    /// The risk steward, within its limits.
    Steward,
}

impl Role {
    /// `owner` or `steward`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Steward => "steward",
        }
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
    /// The collateral's liquidation bonus curve (the liquidation contract's policy).
    Bonus,
}

impl Param {
    /// Every parameter, in a fixed order.
    pub const ALL: [Param; 8] = [
        Param::MaxLtv,
        Param::LiquidationThreshold,
        Param::DepositCap,
        Param::RateModel,
        Param::ReserveFactor,
        Param::SupplyCap,
        Param::BorrowCap,
        Param::Bonus,
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
            Param::Bonus => "bonus",
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
    /// A steward change moves a ratio by more than its step.
    #[error("the risk steward may change {param} by at most {limit}; this change is {change}")]
    StepTooLarge {
        /// The parameter.
        param: &'static str,
        /// The change asked (absolute).
        change: Decimal,
        /// The step limit.
        limit: Decimal,
    },
    /// A steward change moves a cap by more than its factor.
    #[error(
        "the risk steward may change {param} by at most ×/÷ {factor}; this change is {old} → {new}"
    )]
    CapStepTooLarge {
        /// The parameter.
        param: &'static str,
        /// The cap before.
        old: Uint128,
        /// The cap asked.
        new: Uint128,
        /// The factor limit.
        factor: Decimal,
    },
    /// The steward may not add or remove a role of the asset (collateral, lending) or a cap.
    #[error("the risk steward may not {what}")]
    NotAllowed {
        /// What was asked.
        what: String,
    },
    /// The steward changed this parameter of this asset less than a cooldown ago.
    #[error("the risk steward changed {param} of {denom} at {last_change}; the next change is allowed from {next_change} (block seconds)")]
    Cooldown {
        /// The denom.
        denom: String,
        /// The parameter.
        param: &'static str,
        /// Block seconds of the steward's last change of it.
        last_change: u64,
        /// First block second a new steward change of it is accepted.
        next_change: u64,
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
            change,
            limit,
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
                return Err(GovernanceError::CapStepTooLarge {
                    param: param.name(),
                    old,
                    new,
                    factor,
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

/// A steward change of one bonus curve (`key`: the collateral denom, or `default`): the same
/// slope, and `start`, `min` and `max` each moved by at most `limits.bonus_step`. Whether it
/// moved at all.
pub fn bonus_step(
    key: &str,
    old: &BonusCurve,
    new: &BonusCurve,
    limits: &StewardLimits,
) -> Result<bool, GovernanceError> {
    if old.slope != new.slope {
        return Err(GovernanceError::NotAllowed {
            what: format!("change the bonus slope of {key}"),
        });
    }
    for (x, y) in [
        (old.start, new.start),
        (old.min, new.min),
        (old.max, new.max),
    ] {
        ratio_step(Param::Bonus, x, y, limits.bonus_step)?;
    }
    Ok(old != new)
}

/// Every parameter that differs between `(old_c, old_l)` and `(new_c, new_l)`, whoever changes
/// it: a part (collateral, lending) added or removed moves each of its parameters (a cap only if
/// one is set). In
/// [`Param::ALL`]'s order; empty when nothing changes.
pub fn changed_params(
    old_c: Option<&CollateralParams>,
    new_c: Option<&CollateralParams>,
    old_l: Option<&LendingParams>,
    new_l: Option<&LendingParams>,
) -> Vec<Param> {
    Param::ALL
        .into_iter()
        .filter(|p| match p {
            Param::MaxLtv => old_c.map(|c| c.max_ltv) != new_c.map(|c| c.max_ltv),
            Param::LiquidationThreshold => {
                old_c.map(|c| c.liquidation_threshold) != new_c.map(|c| c.liquidation_threshold)
            }
            Param::DepositCap => {
                old_c.and_then(|c| c.deposit_cap) != new_c.and_then(|c| c.deposit_cap)
            }
            Param::RateModel => old_l.map(|l| &l.rate_model) != new_l.map(|l| &l.rate_model),
            Param::ReserveFactor => {
                old_l.map(|l| l.reserve_factor) != new_l.map(|l| l.reserve_factor)
            }
            Param::SupplyCap => {
                old_l.and_then(|l| l.supply_cap) != new_l.and_then(|l| l.supply_cap)
            }
            Param::BorrowCap => {
                old_l.and_then(|l| l.borrow_cap) != new_l.and_then(|l| l.borrow_cap)
            }
            // the liquidation contract's, not the vault's
            Param::Bonus => false,
        })
        .collect()
}

/// The steward's last change of `param` at `last_change` (block seconds) leaves `now` outside
/// the cooldown: `now ≥ last_change + limits.cooldown_s`.
pub fn check_cooldown(
    denom: &str,
    param: Param,
    last_change: Option<u64>,
    now: u64,
    limits: &StewardLimits,
) -> Result<(), GovernanceError> {
    match last_change {
        Some(last) if now < last.saturating_add(limits.cooldown_s) => {
            Err(GovernanceError::Cooldown {
                denom: denom.to_string(),
                param: param.name(),
                last_change: last,
                next_change: last.saturating_add(limits.cooldown_s),
            })
        }
        _ => Ok(()),
    }
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
                change: Decimal::percent(3),
                limit: Decimal::percent(2)
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

    #[test]
    fn changed_params_names_every_difference() {
        let (c, l) = (coll(70, 75, Some(1_000)), lend(0, 10, None));
        assert_eq!(
            changed_params(Some(&c), Some(&c), Some(&l), Some(&l)),
            vec![]
        );
        let c2 = coll(70, 73, None);
        let l2 = lend(1, 10, Some(5));
        assert_eq!(
            changed_params(Some(&c), Some(&c2), Some(&l), Some(&l2)),
            vec![
                Param::LiquidationThreshold,
                Param::DepositCap,
                Param::RateModel,
                Param::SupplyCap
            ]
        );
        // a part added moves each of its parameters (a cap that stays absent does not move)
        assert_eq!(
            changed_params(None, None, None, Some(&l)),
            vec![Param::RateModel, Param::ReserveFactor]
        );
        assert_eq!(
            changed_params(Some(&c), None, None, None),
            vec![
                Param::MaxLtv,
                Param::LiquidationThreshold,
                Param::DepositCap
            ]
        );
    }

    #[test]
    fn the_cooldown_runs_from_the_last_change() {
        let limits = StewardLimits::conservative();
        let day = limits.cooldown_s;
        assert_eq!(
            check_cooldown("uatom", Param::MaxLtv, None, 5, &limits),
            Ok(())
        );
        assert_eq!(
            check_cooldown("uatom", Param::MaxLtv, Some(100), 100 + day - 1, &limits),
            Err(GovernanceError::Cooldown {
                denom: "uatom".into(),
                param: "max_ltv",
                last_change: 100,
                next_change: 100 + day,
            })
        );
        assert_eq!(
            check_cooldown("uatom", Param::MaxLtv, Some(100), 100 + day, &limits),
            Ok(())
        );
        // no overflow at the end of time: the cooldown then lasts for ever
        let late = u64::MAX - 10;
        assert!(check_cooldown("uatom", Param::MaxLtv, Some(late), u64::MAX - 1, &limits).is_err());
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
            let ramp = ThresholdRamp { from: from_d, start, end: start + length, current: None };
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

        /// `steward_check` accepts a collateral change exactly when each ratio moves by at most
        /// its step and a cap (kept, never added or removed) by at most the factor, worked here
        /// in integers (basis points, caps in units); what it accepts is what `changed_params`
        /// names.
        #[test]
        fn the_steward_is_held_to_every_step(
            ltv in (0u64..=9_000, 0u64..=9_000),
            threshold in (0u64..=9_500, 0u64..=9_500),
            cap in (proptest::option::of(1u128..=1_000_000), proptest::option::of(1u128..=1_000_000)),
            step_bp in (0u64..=1_000, 0u64..=1_000),
            factor_pct in 100u64..=1_000,
        ) {
            let bp = |x: u64| Decimal::from_ratio(x, 10_000u64);
            let old = CollateralParams {
                max_ltv: bp(ltv.0),
                liquidation_threshold: bp(threshold.0),
                deposit_cap: cap.0.map(Uint128::new),
            };
            let new = CollateralParams {
                max_ltv: bp(ltv.1),
                liquidation_threshold: bp(threshold.1),
                deposit_cap: cap.1.map(Uint128::new),
            };
            let limits = StewardLimits {
                max_ltv_step: bp(step_bp.0),
                liquidation_threshold_step: bp(step_bp.1),
                cap_factor: Decimal::percent(factor_pct),
                ..StewardLimits::conservative()
            };
            let cap_ok = match cap {
                (None, None) => true,
                (Some(a), Some(b)) => a.max(b) * 100 <= a.min(b) * u128::from(factor_pct),
                _ => false,
            };
            let within = ltv.0.abs_diff(ltv.1) <= step_bp.0
                && threshold.0.abs_diff(threshold.1) <= step_bp.1
                && cap_ok;
            let checked = steward_check(Some(&old), Some(&new), None, None, &limits);
            prop_assert_eq!(checked.is_ok(), within, "{:?}", checked);
            if let Ok(moved) = checked {
                prop_assert_eq!(moved, changed_params(Some(&old), Some(&new), None, None));
            }
        }

        /// A steward change of a parameter is accepted exactly when a full cooldown has passed
        /// since its last one.
        #[test]
        fn the_cooldown_is_exact(
            last in proptest::option::of(0u64..1_000_000_000),
            elapsed in 0u64..=2 * MAX_COOLDOWN_S,
            cooldown_s in MIN_COOLDOWN_S..=MAX_COOLDOWN_S,
        ) {
            let limits = StewardLimits { cooldown_s, ..StewardLimits::conservative() };
            let now = last.unwrap_or(0) + elapsed;
            let ok = check_cooldown("uatom", Param::LiquidationThreshold, last, now, &limits).is_ok();
            prop_assert_eq!(ok, last.is_none() || elapsed >= cooldown_s);
        }
    }
}
