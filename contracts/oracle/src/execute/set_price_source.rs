//! `SetPriceSource { denom, decimals, source }`: owner only.

use ballast_kit::ownership::assert_owner;
use ballast_types::events::SetPriceSourceEvent;
use ballast_types::oracle::{PriceKind, PriceSource};
use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};

use crate::error::ContractResult;
use crate::source::{Pricer, SourceEntry};
use crate::state::SOURCES;
use crate::validate;

/// Validates the source statically, checks it answers now at `Liquidation` kind, then stores it
/// (replacing any earlier source of the denom). Nothing is stored on any error.
pub fn run(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    denom: String,
    decimals: u8,
    source: PriceSource,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &info.sender)?;
    ballast_kit::validate::denom(&denom)?;
    ballast_kit::validate::decimals(decimals)?;
    let source = validate::price_source(deps.api, &denom, source)?;
    Pricer::new(deps.as_ref(), &env, PriceKind::Liquidation)?
        .check_live(&denom, decimals, &source)?;

    SOURCES.save(
        deps.storage,
        &denom,
        &SourceEntry {
            decimals,
            source: source.clone(),
        },
    )?;
    Ok(Response::new().add_event(SetPriceSourceEvent {
        sender: info.sender.into_string(),
        denom,
        decimals,
        source,
    }))
}
