//! Events of the oracle adapter.

use cosmwasm_std::{to_json_string, Event};

use super::{new_event, try_from_owned_event, BallastEvent, EventParseError, EventReader};
use crate::oracle::PriceSource;

/// `ballast_set_price_source`: a denom's price source was registered or replaced.
///
/// Attributes: `action`, `sender`, `denom`, `decimals`, `source` (the stored source as JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct SetPriceSourceEvent {
    /// Who set it (the owner).
    pub sender: String,
    /// The denom.
    pub denom: String,
    /// Decimals of the denom's smallest unit.
    pub decimals: u8,
    /// The source as stored.
    pub source: PriceSource,
}

impl BallastEvent for SetPriceSourceEvent {
    const ACTION: &'static str = "set_price_source";
}

impl From<SetPriceSourceEvent> for Event {
    fn from(ev: SetPriceSourceEvent) -> Self {
        // Serialising a `PriceSource` cannot fail (no maps with non-string keys, no floats).
        let source = to_json_string(&ev.source).unwrap_or_default();
        new_event(SetPriceSourceEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("denom", ev.denom)
            .add_attribute("decimals", ev.decimals.to_string())
            .add_attribute("source", source)
    }
}

impl TryFrom<&Event> for SetPriceSourceEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            denom: r.string("denom")?,
            decimals: r.parse("decimals")?,
            source: r.json("source")?,
        })
    }
}

/// `ballast_remove_price_source`: a denom's price source was removed.
///
/// Attributes: `action`, `sender`, `denom`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovePriceSourceEvent {
    /// Who removed it (the owner).
    pub sender: String,
    /// The denom.
    pub denom: String,
}

impl BallastEvent for RemovePriceSourceEvent {
    const ACTION: &'static str = "remove_price_source";
}

impl From<RemovePriceSourceEvent> for Event {
    fn from(ev: RemovePriceSourceEvent) -> Self {
        new_event(RemovePriceSourceEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("denom", ev.denom)
    }
}

impl TryFrom<&Event> for RemovePriceSourceEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            denom: r.string("denom")?,
        })
    }
}

try_from_owned_event!(SetPriceSourceEvent, RemovePriceSourceEvent);

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Decimal, Decimal256, Uint256};

    fn sample() -> SetPriceSourceEvent {
        SetPriceSourceEvent {
            sender: "gov".into(),
            denom: "wei".into(),
            decimals: 18,
            source: PriceSource::Median {
                sources: vec![
                    PriceSource::Fixed {
                        price: Decimal256::new(Uint256::new(3_000_000_000)),
                    },
                    PriceSource::Pyth {
                        contract: "pyth".into(),
                        feed_id: "ff".repeat(32),
                        max_staleness_s: 60,
                        liquidation_max_staleness_s: Some(3_600),
                        max_confidence: Decimal::percent(2),
                        max_ema_deviation: Decimal::percent(10),
                    },
                ],
                min_sources: 1,
                max_spread: Decimal::percent(5),
            },
        }
    }

    #[test]
    fn set_price_source_round_trips() {
        let ev = sample();
        let raw = Event::from(ev.clone());
        assert_eq!(raw.ty, "ballast_set_price_source");
        assert_eq!(raw.attributes[0].key, "action");
        assert_eq!(raw.attributes[0].value, "set_price_source");
        assert_eq!(SetPriceSourceEvent::try_from(&raw), Ok(ev.clone()));

        // As the chain shows it: prefixed type, contract address first.
        let mut chain = raw.clone();
        chain.ty = format!("wasm-{}", chain.ty);
        // (a struct literal: `Attribute::new` refuses the reserved `_` prefix)
        let contract = cosmwasm_std::Attribute {
            key: "_contract_address".into(),
            value: "c".into(),
        };
        chain.attributes.insert(0, contract);
        assert_eq!(SetPriceSourceEvent::try_from(chain), Ok(ev));
    }

    #[test]
    fn bad_attributes_are_typed_errors() {
        let raw = new_event("set_price_source")
            .add_attribute("sender", "gov")
            .add_attribute("denom", "wei")
            .add_attribute("decimals", "256")
            .add_attribute("source", "{}");
        assert!(matches!(
            SetPriceSourceEvent::try_from(&raw),
            Err(EventParseError::InvalidAttribute { key, .. }) if key == "decimals"
        ));
    }

    #[test]
    fn remove_price_source_round_trips() {
        let ev = RemovePriceSourceEvent {
            sender: "gov".into(),
            denom: "uatom".into(),
        };
        let raw = Event::from(ev.clone());
        assert_eq!(raw.attributes[0].key, "action");
        assert_eq!(RemovePriceSourceEvent::try_from(raw), Ok(ev));
    }
}
