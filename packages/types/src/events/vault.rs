//! Vault events (`ballast-vault`).
//!
//! Coin lists are written like the bank module writes them: `100uatom,25uusdc` (empty when there
//! is none). Optional attributes are left out when `None`; parameter structs are JSON. The
//! naming scheme of every Ballast event is in [`crate::events`].

use std::str::FromStr;

use cosmwasm_std::{Coin, Event, Uint128};

use super::{new_event, try_from_owned_event, BallastEvent, EventParseError, EventReader};
use crate::governance::{StewardLimits, ThresholdRamp};
use crate::vault::{CollateralParams, LendingParams, PausedActions};

/// Formats coins as `100uatom,25uusdc`.
pub fn coins_to_string(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(Coin::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads back a coin list written by [`coins_to_string`].
fn parse_coins<E: BallastEvent>(r: &EventReader, key: &str) -> Result<Vec<Coin>, EventParseError> {
    let raw = r.str(key)?;
    if raw.is_empty() {
        return Ok(vec![]);
    }
    raw.split(',')
        .map(|part| {
            Coin::from_str(part).map_err(|err| EventParseError::InvalidAttribute {
                ty: E::event_type(),
                key: key.to_string(),
                value: raw.to_string(),
                reason: err.to_string(),
            })
        })
        .collect()
}

fn opt_json<T: serde::de::DeserializeOwned>(
    r: &EventReader,
    key: &str,
) -> Result<Option<T>, EventParseError> {
    match r.opt_str(key) {
        Some(_) => r.json(key).map(Some),
        None => Ok(None),
    }
}

fn to_json(value: &impl ballast_compact::WriteJson) -> String {
    // the compact writer: serde_json's JSON, without serde's serialisers in the contract; its
    // output is ASCII-safe UTF-8 (escaped strings of UTF-8 input)
    String::from_utf8(ballast_compact::json_bytes(value)).unwrap_or_default()
}

fn add_opt(ev: Event, key: &str, value: Option<impl ToString>) -> Event {
    match value {
        Some(v) => ev.add_attribute(key, v.to_string()),
        None => ev,
    }
}

/// `ballast_deposit`: collateral deposited.
///
/// Attributes: `action`, `sender`, `owner`, `account`, `amount` (a coin list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositEvent {
    /// Who sent the coins.
    pub sender: String,
    /// Owner of the account credited.
    pub owner: String,
    /// Sub-account credited.
    pub account: u32,
    /// Coins deposited.
    pub amount: Vec<Coin>,
}

impl BallastEvent for DepositEvent {
    const ACTION: &'static str = "deposit";
}

impl From<DepositEvent> for Event {
    fn from(ev: DepositEvent) -> Self {
        new_event(DepositEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("amount", coins_to_string(&ev.amount))
    }
}

impl TryFrom<&Event> for DepositEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            owner: r.string("owner")?,
            account: r.parse("account")?,
            amount: parse_coins::<Self>(&r, "amount")?,
        })
    }
}

/// `ballast_withdraw`: collateral withdrawn.
///
/// Attributes: `action`, `owner`, `account`, `denom`, `amount`, `recipient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawEvent {
    /// Owner of the account (the sender).
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Collateral denom.
    pub denom: String,
    /// Amount withdrawn.
    pub amount: Uint128,
    /// Who received it.
    pub recipient: String,
}

impl BallastEvent for WithdrawEvent {
    const ACTION: &'static str = "withdraw";
}

impl From<WithdrawEvent> for Event {
    fn from(ev: WithdrawEvent) -> Self {
        new_event(WithdrawEvent::ACTION)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("denom", ev.denom)
            .add_attribute("amount", ev.amount.to_string())
            .add_attribute("recipient", ev.recipient)
    }
}

impl TryFrom<&Event> for WithdrawEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            owner: r.string("owner")?,
            account: r.parse("account")?,
            denom: r.string("denom")?,
            amount: r.parse("amount")?,
            recipient: r.string("recipient")?,
        })
    }
}

/// `ballast_borrow`: debt taken.
///
/// Attributes: `action`, `owner`, `account`, `denom`, `amount`, `shares`, `recipient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorrowEvent {
    /// Owner of the account (the sender).
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Borrowed denom.
    pub denom: String,
    /// Amount lent out.
    pub amount: Uint128,
    /// Debt shares minted (rounded up).
    pub shares: Uint128,
    /// Who received the coins.
    pub recipient: String,
}

impl BallastEvent for BorrowEvent {
    const ACTION: &'static str = "borrow";
}

impl From<BorrowEvent> for Event {
    fn from(ev: BorrowEvent) -> Self {
        new_event(BorrowEvent::ACTION)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("denom", ev.denom)
            .add_attribute("amount", ev.amount.to_string())
            .add_attribute("shares", ev.shares.to_string())
            .add_attribute("recipient", ev.recipient)
    }
}

impl TryFrom<&Event> for BorrowEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            owner: r.string("owner")?,
            account: r.parse("account")?,
            denom: r.string("denom")?,
            amount: r.parse("amount")?,
            shares: r.parse("shares")?,
            recipient: r.string("recipient")?,
        })
    }
}

/// `ballast_repay`: debt repaid.
///
/// Attributes: `action`, `sender`, `owner`, `account`, `repaid`, `refunded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepayEvent {
    /// Who sent the coins (and receives the refund).
    pub sender: String,
    /// Owner of the account repaid.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Debt repaid, per denom.
    pub repaid: Vec<Coin>,
    /// Excess refunded to the sender, per denom (empty when none).
    pub refunded: Vec<Coin>,
}

impl BallastEvent for RepayEvent {
    const ACTION: &'static str = "repay";
}

impl From<RepayEvent> for Event {
    fn from(ev: RepayEvent) -> Self {
        new_event(RepayEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("repaid", coins_to_string(&ev.repaid))
            .add_attribute("refunded", coins_to_string(&ev.refunded))
    }
}

impl TryFrom<&Event> for RepayEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            owner: r.string("owner")?,
            account: r.parse("account")?,
            repaid: parse_coins::<Self>(&r, "repaid")?,
            refunded: parse_coins::<Self>(&r, "refunded")?,
        })
    }
}

/// `ballast_supply`: assets supplied to lending pools.
///
/// Attributes: `action`, `sender`, `lender`, `amount` (a coin list), `shares` (supply shares
/// minted per denom, written as a coin list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyEvent {
    /// Who sent the coins.
    pub sender: String,
    /// Lender credited.
    pub lender: String,
    /// Coins supplied.
    pub amount: Vec<Coin>,
    /// Supply shares minted, per denom.
    pub shares: Vec<Coin>,
}

impl BallastEvent for SupplyEvent {
    const ACTION: &'static str = "supply";
}

impl From<SupplyEvent> for Event {
    fn from(ev: SupplyEvent) -> Self {
        new_event(SupplyEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("lender", ev.lender)
            .add_attribute("amount", coins_to_string(&ev.amount))
            .add_attribute("shares", coins_to_string(&ev.shares))
    }
}

impl TryFrom<&Event> for SupplyEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            lender: r.string("lender")?,
            amount: parse_coins::<Self>(&r, "amount")?,
            shares: parse_coins::<Self>(&r, "shares")?,
        })
    }
}

/// `ballast_redeem`: supplied assets redeemed.
///
/// Attributes: `action`, `lender`, `denom`, `amount`, `shares`, `recipient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedeemEvent {
    /// Lender (the sender).
    pub lender: String,
    /// Denom.
    pub denom: String,
    /// Amount paid out.
    pub amount: Uint128,
    /// Supply shares burned (rounded up).
    pub shares: Uint128,
    /// Who received the coins.
    pub recipient: String,
}

impl BallastEvent for RedeemEvent {
    const ACTION: &'static str = "redeem";
}

impl From<RedeemEvent> for Event {
    fn from(ev: RedeemEvent) -> Self {
        new_event(RedeemEvent::ACTION)
            .add_attribute("lender", ev.lender)
            .add_attribute("denom", ev.denom)
            .add_attribute("amount", ev.amount.to_string())
            .add_attribute("shares", ev.shares.to_string())
            .add_attribute("recipient", ev.recipient)
    }
}

impl TryFrom<&Event> for RedeemEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            lender: r.string("lender")?,
            denom: r.string("denom")?,
            amount: r.parse("amount")?,
            shares: r.parse("shares")?,
            recipient: r.string("recipient")?,
        })
    }
}

/// `ballast_settle_liquidation`: the vault settled a liquidation sent by the liquidation contract.
///
/// Attributes: `action`, `liquidation` (the contract), `owner`, `account`, `debt_denom`,
/// `repaid`, `collateral_denom`, `seized`, `protocol_fee`, `recipient`, `treasury`,
/// `health_before` (at the vault's `Liquidation` prices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettleLiquidationEvent {
    /// The liquidation contract (the sender).
    pub liquidation: String,
    /// Owner of the liquidated account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Debt denom repaid.
    pub debt_denom: String,
    /// Debt repaid.
    pub repaid: Uint128,
    /// Collateral denom seized.
    pub collateral_denom: String,
    /// Collateral released in total.
    pub seized: Uint128,
    /// Part of `seized` sent to the treasury.
    pub protocol_fee: Uint128,
    /// Who received `seized − protocol_fee`.
    pub recipient: String,
    /// Who received `protocol_fee`.
    pub treasury: String,
    /// Health factor before, at the vault's `Liquidation` prices.
    pub health_before: cosmwasm_std::Decimal256,
}

impl BallastEvent for SettleLiquidationEvent {
    const ACTION: &'static str = "settle_liquidation";
}

impl From<SettleLiquidationEvent> for Event {
    fn from(ev: SettleLiquidationEvent) -> Self {
        new_event(SettleLiquidationEvent::ACTION)
            .add_attribute("liquidation", ev.liquidation)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("debt_denom", ev.debt_denom)
            .add_attribute("repaid", ev.repaid.to_string())
            .add_attribute("collateral_denom", ev.collateral_denom)
            .add_attribute("seized", ev.seized.to_string())
            .add_attribute("protocol_fee", ev.protocol_fee.to_string())
            .add_attribute("recipient", ev.recipient)
            .add_attribute("treasury", ev.treasury)
            .add_attribute("health_before", ev.health_before.to_string())
    }
}

impl TryFrom<&Event> for SettleLiquidationEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            liquidation: r.string("liquidation")?,
            owner: r.string("owner")?,
            account: r.parse("account")?,
            debt_denom: r.string("debt_denom")?,
            repaid: r.parse("repaid")?,
            collateral_denom: r.string("collateral_denom")?,
            seized: r.parse("seized")?,
            protocol_fee: r.parse("protocol_fee")?,
            recipient: r.string("recipient")?,
            treasury: r.string("treasury")?,
            health_before: r.parse("health_before")?,
        })
    }
}

/// `ballast_bad_debt`: an account left without collateral had its remaining debt in one denom
/// written off (one event per denom).
///
/// Attributes: `action`, `owner`, `account`, `denom`, `amount`, `from_reserves`,
/// `from_suppliers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDebtEvent {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Debt denom.
    pub denom: String,
    /// Debt written off (recorded as the market's deficit).
    pub amount: Uint128,
    /// Part covered by the reserves.
    pub from_reserves: Uint128,
    /// Part spread over suppliers (lower supply index).
    pub from_suppliers: Uint128,
}

impl BallastEvent for BadDebtEvent {
    const ACTION: &'static str = "bad_debt";
}

impl From<BadDebtEvent> for Event {
    fn from(ev: BadDebtEvent) -> Self {
        new_event(BadDebtEvent::ACTION)
            .add_attribute("owner", ev.owner)
            .add_attribute("account", ev.account.to_string())
            .add_attribute("denom", ev.denom)
            .add_attribute("amount", ev.amount.to_string())
            .add_attribute("from_reserves", ev.from_reserves.to_string())
            .add_attribute("from_suppliers", ev.from_suppliers.to_string())
    }
}

impl TryFrom<&Event> for BadDebtEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            owner: r.string("owner")?,
            account: r.parse("account")?,
            denom: r.string("denom")?,
            amount: r.parse("amount")?,
            from_reserves: r.parse("from_reserves")?,
            from_suppliers: r.parse("from_suppliers")?,
        })
    }
}

/// `ballast_list_asset`: an asset was listed.
///
/// Attributes: `action`, `sender`, `denom`, `decimals`, and when given `collateral` and `lending`
/// (JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct ListAssetEvent {
    /// The owner.
    pub sender: String,
    /// Denom.
    pub denom: String,
    /// Decimals.
    pub decimals: u8,
    /// Collateral parameters.
    pub collateral: Option<CollateralParams>,
    /// Lending parameters.
    pub lending: Option<LendingParams>,
}

impl BallastEvent for ListAssetEvent {
    const ACTION: &'static str = "list_asset";
}

impl From<ListAssetEvent> for Event {
    fn from(ev: ListAssetEvent) -> Self {
        let event = new_event(ListAssetEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("denom", ev.denom)
            .add_attribute("decimals", ev.decimals.to_string());
        let event = add_opt(event, "collateral", ev.collateral.as_ref().map(to_json));
        add_opt(event, "lending", ev.lending.as_ref().map(to_json))
    }
}

impl TryFrom<&Event> for ListAssetEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            denom: r.string("denom")?,
            decimals: r.parse("decimals")?,
            collateral: opt_json(&r, "collateral")?,
            lending: opt_json(&r, "lending")?,
        })
    }
}

/// `ballast_update_asset`: an asset's parameters changed.
///
/// Attributes: `action`, `sender`, `role` (`owner` or `steward`: who made the change), `denom`,
/// `changed` (the parameters that moved, comma-separated `governance::Param` names, empty when
/// none did), the asset's parameters after the update, in full (JSON): `collateral` when it is a
/// collateral, `lending` when it has a lending pool, and `threshold_ramp` while a cut of the
/// liquidation threshold ramps (`from`, `start`, `end`; the target is
/// `collateral.liquidation_threshold`); and before it: `previous_collateral`, `previous_lending`
/// (left out when the asset had none). Each event alone gives a change's old and new values;
/// replaying `list_asset` and `update_asset` events rebuilds every asset's parameter history.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateAssetEvent {
    /// The owner or the steward.
    pub sender: String,
    /// `owner` or `steward` (`governance::Role::name`).
    pub role: String,
    /// Denom.
    pub denom: String,
    /// The parameters that moved (`governance::Param::name`), in `Param::ALL`'s order.
    pub changed: Vec<String>,
    /// Collateral parameters after the update (`None`: not a collateral).
    pub collateral: Option<CollateralParams>,
    /// Lending parameters after the update (`None`: no lending pool).
    pub lending: Option<LendingParams>,
    /// The ramp of a threshold cut in progress after the update.
    pub threshold_ramp: Option<ThresholdRamp>,
    /// Collateral parameters before the update.
    pub previous_collateral: Option<CollateralParams>,
    /// Lending parameters before the update.
    pub previous_lending: Option<LendingParams>,
}

impl BallastEvent for UpdateAssetEvent {
    const ACTION: &'static str = "update_asset";
}

impl From<UpdateAssetEvent> for Event {
    fn from(ev: UpdateAssetEvent) -> Self {
        let event = new_event(UpdateAssetEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("role", ev.role)
            .add_attribute("denom", ev.denom)
            .add_attribute("changed", ev.changed.join(","));
        let event = add_opt(event, "collateral", ev.collateral.as_ref().map(to_json));
        let event = add_opt(event, "lending", ev.lending.as_ref().map(to_json));
        let event = add_opt(
            event,
            "threshold_ramp",
            ev.threshold_ramp.as_ref().map(to_json),
        );
        let event = add_opt(
            event,
            "previous_collateral",
            ev.previous_collateral.as_ref().map(to_json),
        );
        add_opt(
            event,
            "previous_lending",
            ev.previous_lending.as_ref().map(to_json),
        )
    }
}

impl TryFrom<&Event> for UpdateAssetEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        let changed = r.str("changed")?;
        Ok(Self {
            sender: r.string("sender")?,
            role: r.string("role")?,
            denom: r.string("denom")?,
            changed: match changed {
                "" => vec![],
                list => list.split(',').map(str::to_string).collect(),
            },
            collateral: opt_json(&r, "collateral")?,
            lending: opt_json(&r, "lending")?,
            threshold_ramp: opt_json(&r, "threshold_ramp")?,
            previous_collateral: opt_json(&r, "previous_collateral")?,
            previous_lending: opt_json(&r, "previous_lending")?,
        })
    }
}

/// `ballast_set_paused`: the paused actions of a denom changed.
///
/// Attributes: `action`, `sender`, `denom`, `deposit`, `withdraw`, `supply`, `redeem`, `borrow`
/// (`true`/`false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetPausedEvent {
    /// The guardian or the owner.
    pub sender: String,
    /// Denom.
    pub denom: String,
    /// The new paused actions.
    pub actions: PausedActions,
}

impl BallastEvent for SetPausedEvent {
    const ACTION: &'static str = "set_paused";
}

impl From<SetPausedEvent> for Event {
    fn from(ev: SetPausedEvent) -> Self {
        let a = ev.actions;
        new_event(SetPausedEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("denom", ev.denom)
            .add_attribute("deposit", a.deposit.to_string())
            .add_attribute("withdraw", a.withdraw.to_string())
            .add_attribute("supply", a.supply.to_string())
            .add_attribute("redeem", a.redeem.to_string())
            .add_attribute("borrow", a.borrow.to_string())
    }
}

impl TryFrom<&Event> for SetPausedEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            denom: r.string("denom")?,
            actions: PausedActions {
                deposit: r.parse("deposit")?,
                withdraw: r.parse("withdraw")?,
                supply: r.parse("supply")?,
                redeem: r.parse("redeem")?,
                borrow: r.parse("borrow")?,
            },
        })
    }
}

/// `ballast_set_guardian`: the owner set or cleared the guardian.
///
/// Attributes: `action`, `sender`, `previous` (the guardian before; left out when there was
/// none), `guardian` (after; left out when cleared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetGuardianEvent {
    /// The owner.
    pub sender: String,
    /// The guardian before.
    pub previous: Option<String>,
    /// The guardian after.
    pub guardian: Option<String>,
}

impl BallastEvent for SetGuardianEvent {
    const ACTION: &'static str = "set_guardian";
}

impl From<SetGuardianEvent> for Event {
    fn from(ev: SetGuardianEvent) -> Self {
        let event = new_event(SetGuardianEvent::ACTION).add_attribute("sender", ev.sender);
        let event = add_opt(event, "previous", ev.previous);
        add_opt(event, "guardian", ev.guardian)
    }
}

impl TryFrom<&Event> for SetGuardianEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            previous: r.opt_str("previous").map(str::to_string),
            guardian: r.opt_str("guardian").map(str::to_string),
        })
    }
}

/// `ballast_set_steward`: the owner set or cleared the risk steward, or changed its limits.
///
/// Attributes: `action`, `sender`, `previous` (the steward before; left out when there was
/// none), `steward` (after; left out when cleared), `previous_limits` and `limits` (JSON
/// `StewardLimits`, before and after).
#[derive(Debug, Clone, PartialEq)]
pub struct SetStewardEvent {
    /// The owner.
    pub sender: String,
    /// The steward before.
    pub previous: Option<String>,
    /// The steward after.
    pub steward: Option<String>,
    /// The limits before.
    pub previous_limits: StewardLimits,
    /// The limits after.
    pub limits: StewardLimits,
}

impl BallastEvent for SetStewardEvent {
    const ACTION: &'static str = "set_steward";
}

impl From<SetStewardEvent> for Event {
    fn from(ev: SetStewardEvent) -> Self {
        let event = new_event(SetStewardEvent::ACTION).add_attribute("sender", ev.sender);
        let event = add_opt(event, "previous", ev.previous);
        add_opt(event, "steward", ev.steward)
            .add_attribute("previous_limits", to_json(&ev.previous_limits))
            .add_attribute("limits", to_json(&ev.limits))
    }
}

impl TryFrom<&Event> for SetStewardEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            previous: r.opt_str("previous").map(str::to_string),
            steward: r.opt_str("steward").map(str::to_string),
            previous_limits: r.json("previous_limits")?,
            limits: r.json("limits")?,
        })
    }
}

/// `ballast_update_config`: the vault's configuration changed.
///
/// Attributes: `action`, `sender`, then the whole configuration after the update, whichever
/// fields the message gave: `oracle`, `liquidation` (left out while unset), `treasury`,
/// `guardian` (left out when there is none), `min_debt_value`, `max_assets_per_account`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateConfigEvent {
    /// The owner.
    pub sender: String,
    /// Oracle.
    pub oracle: String,
    /// Liquidation contract, once set.
    pub liquidation: Option<String>,
    /// Treasury.
    pub treasury: String,
    /// Guardian, if any.
    pub guardian: Option<String>,
    /// Minimum debt value.
    pub min_debt_value: Uint128,
    /// Cap of denoms per account.
    pub max_assets_per_account: u8,
}

impl BallastEvent for UpdateConfigEvent {
    const ACTION: &'static str = "update_config";
}

impl From<UpdateConfigEvent> for Event {
    fn from(ev: UpdateConfigEvent) -> Self {
        let event = new_event(UpdateConfigEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("oracle", ev.oracle);
        let event =
            add_opt(event, "liquidation", ev.liquidation).add_attribute("treasury", ev.treasury);
        add_opt(event, "guardian", ev.guardian)
            .add_attribute("min_debt_value", ev.min_debt_value.to_string())
            .add_attribute(
                "max_assets_per_account",
                ev.max_assets_per_account.to_string(),
            )
    }
}

impl TryFrom<&Event> for UpdateConfigEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            oracle: r.string("oracle")?,
            liquidation: r.opt_str("liquidation").map(str::to_string),
            treasury: r.string("treasury")?,
            guardian: r.opt_str("guardian").map(str::to_string),
            min_debt_value: r.parse("min_debt_value")?,
            max_assets_per_account: r.parse("max_assets_per_account")?,
        })
    }
}

/// `ballast_withdraw_reserves`: protocol reserves withdrawn.
///
/// Attributes: `action`, `sender`, `denom`, `amount`, `recipient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawReservesEvent {
    /// The owner.
    pub sender: String,
    /// Denom.
    pub denom: String,
    /// Amount withdrawn.
    pub amount: Uint128,
    /// Who received it.
    pub recipient: String,
}

impl BallastEvent for WithdrawReservesEvent {
    const ACTION: &'static str = "withdraw_reserves";
}

impl From<WithdrawReservesEvent> for Event {
    fn from(ev: WithdrawReservesEvent) -> Self {
        new_event(WithdrawReservesEvent::ACTION)
            .add_attribute("sender", ev.sender)
            .add_attribute("denom", ev.denom)
            .add_attribute("amount", ev.amount.to_string())
            .add_attribute("recipient", ev.recipient)
    }
}

impl TryFrom<&Event> for WithdrawReservesEvent {
    type Error = EventParseError;

    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        let r = EventReader::open(event, Self::ACTION)?;
        Ok(Self {
            sender: r.string("sender")?,
            denom: r.string("denom")?,
            amount: r.parse("amount")?,
            recipient: r.string("recipient")?,
        })
    }
}

try_from_owned_event!(
    DepositEvent,
    WithdrawEvent,
    BorrowEvent,
    RepayEvent,
    SupplyEvent,
    RedeemEvent,
    SettleLiquidationEvent,
    BadDebtEvent,
    ListAssetEvent,
    UpdateAssetEvent,
    SetPausedEvent,
    SetGuardianEvent,
    SetStewardEvent,
    UpdateConfigEvent,
    WithdrawReservesEvent,
);

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{coin, Decimal, Decimal256};

    fn round_trip<E: BallastEvent + Clone + PartialEq + std::fmt::Debug>(ev: E) {
        let raw: Event = ev.clone().into();
        assert_eq!(raw.ty, E::event_type());
        assert_eq!(raw.attributes[0].key, "action");
        assert_eq!(raw.attributes[0].value, E::ACTION);
        assert_eq!(E::try_from(&raw), Ok(ev.clone()));
        let mut chain = raw;
        chain.ty = format!("wasm-{}", chain.ty);
        chain.attributes.insert(
            0,
            cosmwasm_std::Attribute {
                key: "_contract_address".into(),
                value: "v".into(),
            },
        );
        assert_eq!(E::find(&[chain]), Ok(ev));
    }

    #[test]
    fn every_vault_event_round_trips() {
        round_trip(DepositEvent {
            sender: "a".into(),
            owner: "b".into(),
            account: 3,
            amount: vec![coin(100, "uatom"), coin(5, "ibc/27394FB092D2ECCD")],
        });
        round_trip(WithdrawEvent {
            owner: "a".into(),
            account: 0,
            denom: "uatom".into(),
            amount: Uint128::new(7),
            recipient: "r".into(),
        });
        round_trip(BorrowEvent {
            owner: "a".into(),
            account: 1,
            denom: "uusdc".into(),
            amount: Uint128::new(9),
            shares: Uint128::new(9_000_000),
            recipient: "r".into(),
        });
        round_trip(RepayEvent {
            sender: "s".into(),
            owner: "a".into(),
            account: 0,
            repaid: vec![coin(9, "uusdc")],
            refunded: vec![],
        });
        round_trip(SupplyEvent {
            sender: "s".into(),
            lender: "l".into(),
            amount: vec![coin(9, "uusdc")],
            shares: vec![coin(9_000_000, "uusdc")],
        });
        round_trip(RedeemEvent {
            lender: "l".into(),
            denom: "uusdc".into(),
            amount: Uint128::new(4),
            shares: Uint128::new(4_000_000),
            recipient: "l".into(),
        });
        round_trip(SettleLiquidationEvent {
            liquidation: "liq".into(),
            owner: "a".into(),
            account: 0,
            debt_denom: "uusdc".into(),
            repaid: Uint128::new(50),
            collateral_denom: "uatom".into(),
            seized: Uint128::new(6),
            protocol_fee: Uint128::new(1),
            recipient: "bot".into(),
            treasury: "t".into(),
            health_before: Decimal256::percent(95),
        });
        round_trip(BadDebtEvent {
            owner: "a".into(),
            account: 0,
            denom: "uusdc".into(),
            amount: Uint128::new(10),
            from_reserves: Uint128::new(3),
            from_suppliers: Uint128::new(7),
        });
        round_trip(ListAssetEvent {
            sender: "gov".into(),
            denom: "uatom".into(),
            decimals: 6,
            collateral: Some(CollateralParams {
                max_ltv: Decimal::percent(70),
                liquidation_threshold: Decimal::percent(80),
                deposit_cap: None,
            }),
            lending: None,
        });
        round_trip(UpdateAssetEvent {
            sender: "gov".into(),
            role: "owner".into(),
            denom: "uatom".into(),
            changed: vec![],
            collateral: None,
            lending: None,
            threshold_ramp: None,
            previous_collateral: None,
            previous_lending: None,
        });
        round_trip(UpdateAssetEvent {
            sender: "risk".into(),
            role: "steward".into(),
            denom: "uatom".into(),
            changed: vec!["max_ltv".into(), "liquidation_threshold".into()],
            collateral: Some(CollateralParams {
                max_ltv: Decimal::percent(60),
                liquidation_threshold: Decimal::percent(70),
                deposit_cap: None,
            }),
            lending: None,
            threshold_ramp: Some(ThresholdRamp {
                from: Decimal::percent(80),
                start: 100,
                end: 200,
                current: None,
            }),
            previous_collateral: Some(CollateralParams {
                max_ltv: Decimal::percent(62),
                liquidation_threshold: Decimal::percent(72),
                deposit_cap: None,
            }),
            previous_lending: None,
        });
        round_trip(SetGuardianEvent {
            sender: "gov".into(),
            previous: Some("g".into()),
            guardian: None,
        });
        round_trip(SetGuardianEvent {
            sender: "gov".into(),
            previous: None,
            guardian: Some("g2".into()),
        });
        round_trip(SetStewardEvent {
            sender: "gov".into(),
            previous: None,
            steward: Some("risk".into()),
            previous_limits: StewardLimits::conservative(),
            limits: StewardLimits {
                cooldown_s: 7_200,
                ..StewardLimits::conservative()
            },
        });
        round_trip(SetPausedEvent {
            sender: "g".into(),
            denom: "uatom".into(),
            actions: PausedActions {
                borrow: true,
                ..Default::default()
            },
        });
        round_trip(UpdateConfigEvent {
            sender: "gov".into(),
            oracle: "o".into(),
            treasury: "t".into(),
            min_debt_value: Uint128::new(5),
            guardian: Some("g".into()),
            max_assets_per_account: 8,
            ..Default::default()
        });
        round_trip(WithdrawReservesEvent {
            sender: "gov".into(),
            denom: "uusdc".into(),
            amount: Uint128::new(1),
            recipient: "t".into(),
        });
    }

    #[test]
    fn a_bad_coin_list_is_a_typed_error() {
        let raw = new_event("deposit")
            .add_attribute("sender", "a")
            .add_attribute("owner", "a")
            .add_attribute("account", "0")
            .add_attribute("amount", "uatom100");
        assert!(matches!(
            DepositEvent::try_from(&raw),
            Err(EventParseError::InvalidAttribute { key, .. }) if key == "amount"
        ));
    }
}
