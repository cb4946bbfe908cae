//! Queries.

use std::collections::BTreeSet;

use ballast_kit::paging::{self, map_prefix, next_cursor};
use ballast_kit::validate::{self, DEFAULT_LIMIT, MAX_LIMIT};
use ballast_types::oracle::{
    ConfigResponse, PriceKind, PriceResponse, PriceSourceResponse, PriceSourcesResponse,
    TryPriceResponse,
};
use cosmwasm_std::{from_json, Deps, Env, StdResult};

use crate::constants::MAX_DENOMS_PER_QUERY;
use crate::error::{ContractError, ContractResult};
use crate::source::Pricer;
use crate::state::{SourceEntry, CONFIG, SOURCES};

/// The stored entry of `denom`, or [`ContractError::UnknownDenom`].
fn entry(deps: Deps, denom: &str) -> ContractResult<SourceEntry> {
    SOURCES
        .may_load(deps.storage, denom)?
        .ok_or_else(|| ContractError::UnknownDenom {
            denom: denom.to_string(),
        })
}

/// `Price { denom, kind }`.
pub fn price(
    deps: Deps,
    env: &Env,
    denom: String,
    kind: PriceKind,
) -> ContractResult<PriceResponse> {
    let entry = entry(deps, &denom)?;
    let price = Pricer::new(deps, env, kind)?.price(&denom, &entry)?;
    Ok(PriceResponse { denom, price, kind })
}

/// `Prices { denoms, kind }`: one answer per denom, same order. Every denom is looked up before
/// any source is evaluated, so an unknown denom fails fast.
pub fn prices(
    deps: Deps,
    env: &Env,
    denoms: Vec<String>,
    kind: PriceKind,
) -> ContractResult<Vec<PriceResponse>> {
    check_denoms(&denoms)?;
    let entries = denoms
        .iter()
        .map(|denom| entry(deps, denom))
        .collect::<ContractResult<Vec<_>>>()?;
    let pricer = Pricer::new(deps, env, kind)?;
    denoms
        .into_iter()
        .zip(entries)
        .map(|(denom, entry)| {
            let price = pricer.price(&denom, &entry)?;
            Ok(PriceResponse { denom, price, kind })
        })
        .collect()
}

/// `TryPrices { denoms, kind }`: one answer per denom, same order, each a price or the Display
/// text of the error that denom alone would get from `Price` (unknown denom included). Only a
/// bad list fails the query.
pub fn try_prices(
    deps: Deps,
    env: &Env,
    denoms: Vec<String>,
    kind: PriceKind,
) -> ContractResult<Vec<TryPriceResponse>> {
    check_denoms(&denoms)?;
    let pricer = Pricer::new(deps, env, kind)?;
    Ok(denoms
        .into_iter()
        .map(|denom| {
            let (price, error) = match entry(deps, &denom).and_then(|e| pricer.price(&denom, &e)) {
                Ok(price) => (Some(price), None),
                Err(err) => (None, Some(err.to_string())),
            };
            TryPriceResponse {
                denom,
                kind,
                price,
                error,
            }
        })
        .collect())
}

/// The denom list of `Prices` and `TryPrices`: non-empty, at most [`MAX_DENOMS_PER_QUERY`], no
/// duplicate.
fn check_denoms(denoms: &[String]) -> ContractResult<()> {
    if denoms.is_empty() {
        return Err(ContractError::EmptyDenoms);
    }
    if denoms.len() > MAX_DENOMS_PER_QUERY {
        return Err(ContractError::TooManyDenoms {
            count: denoms.len(),
            max: MAX_DENOMS_PER_QUERY,
        });
    }
    let mut seen = BTreeSet::new();
    match denoms.iter().find(|denom| !seen.insert(denom.as_str())) {
        Some(denom) => Err(ContractError::DuplicateDenom {
            denom: denom.clone(),
        }),
        None => Ok(()),
    }
}

/// `PriceSource { denom }`.
pub fn price_source(deps: Deps, denom: String) -> ContractResult<PriceSourceResponse> {
    let SourceEntry { decimals, source } = entry(deps, &denom)?;
    Ok(PriceSourceResponse {
        denom,
        decimals,
        source,
    })
}

/// `PriceSources { start_after, limit }`: ordered by denom; `limit` defaults to
/// [`DEFAULT_LIMIT`], is clamped to [`MAX_LIMIT`], and 0 is `KitError::ZeroLimit`;
/// `next_start_after` as [`ballast_kit::paging`] says.
pub fn price_sources(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<PriceSourcesResponse> {
    let limit = validate::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let page = paging::page(
        deps.storage,
        &map_prefix(SOURCES.namespace_bytes()),
        start_after.as_deref().map(str::as_bytes),
        limit,
        true,
    );
    let sources = page
        .records
        .into_iter()
        .map(|(denom, entry)| {
            let SourceEntry { decimals, source } = from_json(&entry)?;
            Ok(PriceSourceResponse {
                denom: paging::string_key(denom)?,
                decimals,
                source,
            })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let next_start_after = next_cursor(page.more, &sources, |source| source.denom.clone());
    Ok(PriceSourcesResponse {
        sources,
        next_start_after,
    })
}

/// `Config {}`.
pub fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    Ok(CONFIG.load(deps.storage)?)
}
