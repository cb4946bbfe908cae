//! Events of the liquidation contract (`ballast-liquidation`).

use cosmwasm_std::{Decimal, Decimal256, Event, Uint128};

use super::{new_event, try_from_owned_event, BallastEvent, EventParseError, EventReader};
use crate::liquidation::LiquidationPolicy;

/// `ballast_liquidate`: an account was liquidated.
///
/// Attributes: `action`, `owner`, `account`, `liquidator`, `debt_denom`, `repaid`,
/// `collateral_denom`, `seized`, `protocol_fee`, `bonus`, `health_before`, `health_after` (left
/// out when no debt remains), then `recipient`, `to_liquidator`, `refunded` and `bad_debt`
/// (value written off, quote units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiquidateEvent {
    /// Owner of the liquidated account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Who sent `Liquidate` (and paid the debt).
    pub liquidator: String,
    /// Debt denom repaid.
    pub debt_denom: String,
    /// Debt repaid.
    pub repaid: Uint128,
    /// Collateral denom seized.
    pub collateral_denom: String,
    /// Collateral released from the account.
    pub seized: Uint128,
    /// Part of `seized` sent to the treasury.
    pub protocol_fee: Uint128,
    /// Bonus applied.
    pub bonus: Decimal,
    /// Health factor before, at `Liquidation` prices.
    pub health_before: Decimal256,
    /// Health factor after; `None` when no debt remains.
    pub health_after: Option<Decimal256>,
    /// Who received `seized − protocol_fee`.
    pub recipient: String,
    /// `seized − protocol_fee`.
    pub to_liquidator: Uint128,
    /// Debt coin refunded to the liquidator.
    pub refunded: Uint128,
    /// Value of the debt written off (0 when none).
    pub bad_debt: Uint128,
}

impl BallastEvent for LiquidateEvent {
    const ACTION: &'static str = "liquidate";
}

impl From<LiquidateEvent> for Event {
    fn from(ev: LiquidateEvent) -> Self {
        let event = new_event(LiquidateEvent::ACTION)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("liquidator", ev.liquidator)
            .add_attribute("debt_denom", ev.debt_denom)
            .add_attribute("repaid", ev.repaid.to_string())
            .add_attribute("collateral_denom", ev.collateral_denom)
            .add_attribute("seized", ev.seized.to_string())
            .add_attribute("protocol_fee", ev.protocol_fee.to_string())
            .add_attribute("bonus", ev.bonus.to_string())
            .add_attribute("health_before", ev.health_before.to_string());
        let event = match ev.health_after {
            Some(health_after) => event.add_attribute("health_after", health_after.to_string()),
            None => event,
        };
        event
            .add_attribute("recipient", ev.recipient)
            .add_attribute("to_liquidator", ev.to_liquidator.to_string())
            .add_attribute("refunded", ev.refunded.to_string())
            .add_attribute("bad_debt", ev.bad_debt.to_string())
    }
}

impl TryFrom<&Event> for LiquidateEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        let health_after = match r.opt_str("health_after") {
            Some(_) => Some(r.parse("health_after")?),
            None => None,
        };
        Ok(Self {
            owner: r.string("owner")?,
            account: r.parse("account")?,
            liquidator: r.string("liquidator")?,
            debt_denom: r.string("debt_denom")?,
            repaid: r.parse("repaid")?,
            collateral_denom: r.string("collateral_denom")?,
            seized: r.parse("seized")?,
            protocol_fee: r.parse("protocol_fee")?,
            bonus: r.parse("bonus")?,
            health_before: r.parse("health_before")?,
            health_after,
            recipient: r.string("recipient")?,
            to_liquidator: r.parse("to_liquidator")?,
            refunded: r.parse("refunded")?,
            bad_debt: r.parse("bad_debt")?,
        })
    }
}

/// `ballast_update_policy`: the liquidation policy was replaced.
///
/// Attributes: `action`, `sender`, `role` (`owner`, or `steward` for a change of bonus curves
/// within the vault's risk steward's band), `changed` (the bonus curves that moved,
/// comma-separated: `default` or the collateral denom; empty for an owner's change that moved
/// none), `policy` (the new policy as JSON), `previous` (the policy before, JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatePolicyEvent {
    /// The owner or the steward.
    pub sender: String,
    /// `owner` or `steward`.
    pub role: String,
    /// The bonus curves that moved (`default` or a denom).
    pub changed: Vec<String>,
    /// The new policy.
    pub policy: LiquidationPolicy,
    /// The policy before.
    pub previous: LiquidationPolicy,
}

impl BallastEvent for UpdatePolicyEvent {
    const ACTION: &'static str = "update_policy";
}

impl From<UpdatePolicyEvent> for Event {
    fn from(ev: UpdatePolicyEvent) -> Self {
        // Serialising a policy cannot fail (strings, decimals and integers only).
        let policy = cosmwasm_std::to_json_string(&ev.policy).unwrap_or_default();
        let previous = cosmwasm_std::to_json_string(&ev.previous).unwrap_or_default();
        new_event(UpdatePolicyEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("role", ev.role)
            .add_attribute("changed", ev.changed.join(","))
            .add_attribute("policy", policy)
            .add_attribute("previous", previous)
    }
}

impl TryFrom<&Event> for UpdatePolicyEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            role: r.string("role")?,
            changed: match r.str("changed")? {
                "" => vec![],
                list => list.split(',').map(str::to_string).collect(),
            },
            policy: r.json("policy")?,
            previous: r.json("previous")?,
        })
    }
}

/// `ballast_update_config` of the liquidation contract: its vault or treasury changed.
///
/// Attributes: `action`, `sender`, then the whole configuration after the update, whichever
/// fields the message gave: `vault`, `treasury`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateLiquidationConfigEvent {
    /// The owner.
    pub sender: String,
    /// Vault.
    pub vault: String,
    /// Treasury.
    pub treasury: String,
}

impl BallastEvent for UpdateLiquidationConfigEvent {
    const ACTION: &'static str = "update_config";
}

impl From<UpdateLiquidationConfigEvent> for Event {
    fn from(ev: UpdateLiquidationConfigEvent) -> Self {
        new_event(UpdateLiquidationConfigEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("vault", ev.vault)
            .add_attribute("treasury", ev.treasury)
    }
}

impl TryFrom<&Event> for UpdateLiquidationConfigEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            vault: r.string("vault")?,
            treasury: r.string("treasury")?,
        })
    }
}

try_from_owned_event!(
    LiquidateEvent,
    UpdatePolicyEvent,
    UpdateLiquidationConfigEvent
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::liquidation::BonusCurve;
    use std::str::FromStr;

    fn sample(health_after: Option<Decimal256>) -> LiquidateEvent {
        LiquidateEvent {
            owner: "alice".into(),
            account: 3,
            liquidator: "bot".into(),
            debt_denom: "uusdc".into(),
            repaid: Uint128::new(850_000_000),
            collateral_denom: "uatom".into(),
            seized: Uint128::new(94_250_000),
            protocol_fee: Uint128::new(925_000),
            bonus: Decimal::from_str("0.108823529411764706").unwrap(),
            health_before: Decimal256::from_str("0.941176470588235294").unwrap(),
            health_after,
            recipient: "bot".into(),
            to_liquidator: Uint128::new(93_325_000),
            refunded: Uint128::new(50_000_000),
            bad_debt: Uint128::zero(),
        }
    }

    #[test]
    fn liquidate_round_trips_with_and_without_health_after() {
        for hf in [None, Some(Decimal256::from_str("1.05").unwrap())] {
            let ev = sample(hf);
            let raw = Event::from(ev.clone());
            assert_eq!(raw.ty, "ballast_liquidate");
            let keys: Vec<&str> = raw.attributes.iter().map(|a| a.key.as_str()).collect();
            assert_eq!(
                &keys[..11],
                [
                    "action",
                    "owner",
                    "account",
                    "liquidator",
                    "debt_denom",
                    "repaid",
                    "collateral_denom",
                    "seized",
                    "protocol_fee",
                    "bonus",
                    "health_before",
                ]
            );
            assert_eq!(keys.contains(&"health_after"), hf.is_some());
            let mut chain = raw.clone();
            chain.ty = format!("wasm-{}", chain.ty);
            assert_eq!(LiquidateEvent::try_from(chain), Ok(ev));
        }
        // no debt left: the attribute is left out, never a placeholder string
        let raw = Event::from(sample(None));
        assert!(raw.attributes.iter().all(|a| a.value != "none"));
    }

    #[test]
    fn liquidate_rejects_a_bad_health_after() {
        let mut raw = Event::from(sample(Some(Decimal256::percent(105))));
        raw.attributes[11].value = "lots".into();
        assert!(matches!(
            LiquidateEvent::try_from(&raw),
            Err(EventParseError::InvalidAttribute { key, .. }) if key == "health_after"
        ));
    }

    #[test]
    fn policy_and_config_events_round_trip() {
        let curve = BonusCurve {
            start: Decimal::percent(5),
            slope: Decimal::one(),
            min: Decimal::percent(2),
            max: Decimal::percent(15),
        };
        let policy = LiquidationPolicy {
            close_factor: Decimal::percent(50),
            full_liquidation_hf: Decimal::percent(95),
            protocol_fee_share: Decimal::percent(10),
            min_leftover_value: Uint128::new(1_000_000),
            default_bonus: curve.clone(),
            bonus_overrides: vec![("uatom".into(), curve.clone())],
        };
        let ev = UpdatePolicyEvent {
            sender: "gov".into(),
            role: "owner".into(),
            changed: vec![],
            policy: policy.clone(),
            previous: policy.clone(),
        };
        assert_eq!(UpdatePolicyEvent::try_from(Event::from(ev.clone())), Ok(ev));
        let ev = UpdatePolicyEvent {
            sender: "risk".into(),
            role: "steward".into(),
            changed: vec!["default".into(), "uatom".into()],
            policy: LiquidationPolicy {
                default_bonus: BonusCurve {
                    start: Decimal::percent(6),
                    ..curve.clone()
                },
                ..policy.clone()
            },
            previous: policy,
        };
        assert_eq!(UpdatePolicyEvent::try_from(Event::from(ev.clone())), Ok(ev));

        let ev = UpdateLiquidationConfigEvent {
            sender: "gov".into(),
            vault: "v".into(),
            treasury: "t".into(),
        };
        let raw = Event::from(ev.clone());
        assert_eq!(UpdateLiquidationConfigEvent::try_from(raw), Ok(ev));
    }
}
