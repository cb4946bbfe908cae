//! Queries. Amounts are as of the current block: markets are accrued on in-memory copies.

use ballast_compact::{json_bytes, WriteJson};
use ballast_kit::paging::{
    self, map_prefix, next_cursor, push_part, split_part, string_key, u32_key,
};
use ballast_kit::validate::{DEFAULT_LIMIT, MAX_LIMIT};
use ballast_math::liquidation::MAX_BONUS;
use ballast_math::market::MarketState;
use ballast_math::position::PositionValues;
use ballast_math::value::{collateral_value, debt_value};
use ballast_types::governance::{Param, ParamCooldown, Steward, StewardResponse};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::{
    AccountCollateral, AccountDebt, AccountResponse, AccountsResponse, Asset, AssetsResponse,
    LiquidationContextResponse, MarketResponse, MarketsResponse, PositionResponse,
    PositionsResponse, QueryMsg, RiskAsset, RiskSummaryResponse, SuppliesResponse, SupplyResponse,
    DEFAULT_ACCOUNT,
};
use cosmwasm_std::{from_json, Addr, Binary, Decimal256, Deps, Env, Record, StdResult, Uint128};

use crate::account::Account;
use crate::constants::{ACCOUNTS_DEFAULT_LIMIT, ACCOUNTS_MAX_LIMIT};
use crate::denom_map::{sorted_unique, DenomMap};
use crate::error::{ContractError, ContractResult};
use crate::ledger::{
    accrued_market, asset_and_market, lending, load_account, load_asset, supply_of,
};
use crate::simulate;
use crate::state::{
    load_ownership, ACCOUNTS, ASSETS, COLLATERAL_TOTALS, CONFIG, DEBTORS, MARKETS, STEWARD,
    STEWARD_CHANGES, SUPPLIES,
};
use crate::validate;
use crate::valuation::{
    fetch_quotes, position_response, price, price_with_oracle, view, view_cached, ViewCache,
};

/// Answers `msg`.
pub fn dispatch(deps: Deps, env: &Env, msg: QueryMsg) -> ContractResult<Binary> {
    let now = env.block.time.seconds();
    let account_or_default = |account: Option<u32>| account.unwrap_or(DEFAULT_ACCOUNT);
    match msg {
        QueryMsg::Position {
            owner,
            account,
            kind,
        } => to_binary(&position(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
            kind.unwrap_or_default(),
        )?),
        QueryMsg::Positions {
            start_after,
            limit,
            kind,
        } => to_binary(&positions(
            deps,
            now,
            start_after,
            limit,
            kind.unwrap_or_default(),
        )?),
        QueryMsg::Accounts {
            owner,
            start_after,
            limit,
        } => to_binary(&accounts(
            deps,
            deps.api.addr_validate(&owner)?,
            start_after,
            limit,
        )?),
        QueryMsg::Account { owner, account } => to_binary(&account_ledger(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
        )?),
        QueryMsg::Market { denom } => to_binary(&market(deps, now, &denom)?),
        QueryMsg::Markets { start_after, limit } => {
            to_binary(&markets(deps, now, start_after, limit)?)
        }
        QueryMsg::SupplyPosition { lender, denom } => to_binary(&supply(
            deps,
            now,
            &deps.api.addr_validate(&lender)?,
            &denom,
        )?),
        QueryMsg::Supplies {
            lender,
            start_after,
            limit,
        } => to_binary(&supplies(
            deps,
            now,
            deps.api.addr_validate(&lender)?,
            start_after,
            limit,
        )?),
        QueryMsg::Asset { denom } => to_binary(&answered(load_asset(deps.storage, &denom)?, now)),
        QueryMsg::Assets { start_after, limit } => {
            to_binary(&assets(deps, now, start_after, limit)?)
        }
        QueryMsg::Config {} => to_binary(&CONFIG.load(deps.storage)?),
        QueryMsg::Steward { denom } => to_binary(&steward(deps, denom)?),
        QueryMsg::Ownership {} => to_binary(&load_ownership(deps.storage)?),
        QueryMsg::LiquidationContext { owner, account } => to_binary(&liquidation_context(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
        )?),
        QueryMsg::RiskSummary {} => to_binary(&risk_summary(deps, now)?),
        QueryMsg::MaxBorrow {
            owner,
            account,
            denom,
        } => to_binary(&simulate::max_borrow(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
            denom,
        )?),
        QueryMsg::MaxWithdraw {
            owner,
            account,
            denom,
        } => to_binary(&simulate::max_withdraw(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
            denom,
        )?),
        QueryMsg::SimulatePosition {
            owner,
            account,
            actions,
        } => to_binary(&simulate::simulate_position(
            deps,
            now,
            &deps.api.addr_validate(&owner)?,
            account_or_default(account),
            &actions,
        )?),
    }
}

fn position(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
    kind: PriceKind,
) -> ContractResult<PositionResponse> {
    let config = CONFIG.load(deps.storage)?;
    let entry = load_account(deps.storage, owner, account)?;
    let view = view(deps.storage, &entry, now, &[])?;
    let priced = price_with_oracle(&deps.querier, &config.oracle, &view, kind)?;
    position_response(owner, account, kind, priced)
}

fn positions(
    deps: Deps,
    now: u64,
    start_after: Option<(String, u32)>,
    limit: Option<u32>,
    kind: PriceKind,
) -> ContractResult<PositionsResponse> {
    let limit = validate::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let cursor = start_after.map(|(owner, account)| {
        let mut cursor = vec![];
        push_part(&mut cursor, owner.as_bytes());
        cursor.extend_from_slice(&account.to_be_bytes());
        cursor
    });
    let page = paging::page(
        deps.storage,
        &map_prefix(DEBTORS.namespace_bytes()),
        cursor.as_deref(),
        limit,
        false,
    );
    let keys = decode_keys(page.records, |key| {
        let (owner, account) = split_part(&key)?;
        Ok((
            Addr::unchecked(string_key(owner.to_vec())?),
            u32_key(account)?,
        ))
    })?;
    let next = next_cursor(page.more, &keys, |(owner, account)| {
        (owner.to_string(), *account)
    });
    let mut views = Vec::with_capacity(keys.len());
    let mut denoms: Vec<String> = Vec::new();
    // each denom's asset and market read once for the page
    let mut cache = ViewCache::default();
    for (owner, account) in keys {
        let entry = ACCOUNTS.load(deps.storage, (&owner, account))?;
        let view = view_cached(deps.storage, &entry, now, &mut cache)?;
        denoms.extend(view.denoms());
        views.push((owner, account, view));
    }
    let denoms = sorted_unique(denoms);
    let oracle = CONFIG.load(deps.storage)?.oracle;
    // One query for the whole page; each account is valued with its own denoms' answers, so
    // one account's missing price never touches another (INVARIANTS 29).
    let prices = fetch_quotes(&deps.querier, &oracle, &denoms, kind)?;
    let positions = views
        .into_iter()
        .map(|(owner, account, view)| {
            position_response(&owner, account, kind, price(&view, &prices)?)
        })
        .collect::<ContractResult<Vec<PositionResponse>>>()?;
    Ok(PositionsResponse {
        positions,
        next_start_after: next,
    })
}

fn accounts(
    deps: Deps,
    owner: Addr,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<AccountsResponse> {
    let limit = validate::limit(limit, ACCOUNTS_DEFAULT_LIMIT, ACCOUNTS_MAX_LIMIT)?;
    let mut prefix = map_prefix(ACCOUNTS.namespace_bytes());
    push_part(&mut prefix, owner.as_bytes());
    let cursor = start_after.map(u32::to_be_bytes);
    let page = paging::page(
        deps.storage,
        &prefix,
        cursor.as_ref().map(|c| &c[..]),
        limit,
        false,
    );
    let accounts = decode_keys(page.records, |key| u32_key(&key))?;
    let next_start_after = next_cursor(page.more, &accounts, |account| *account);
    Ok(AccountsResponse {
        owner: owner.to_string(),
        accounts,
        next_start_after,
    })
}

fn account_ledger(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
) -> ContractResult<AccountResponse> {
    let entry: Account = load_account(deps.storage, owner, account)?;
    let view = view(deps.storage, &entry, now, &[])?;
    Ok(AccountResponse {
        owner: owner.to_string(),
        account,
        collaterals: view
            .collaterals
            .into_iter()
            .map(|c| AccountCollateral {
                denom: c.denom,
                amount: c.amount,
            })
            .collect(),
        debts: view
            .debts
            .into_iter()
            .map(|d| AccountDebt {
                denom: d.denom,
                shares: d.shares,
                amount: d.amount,
            })
            .collect(),
    })
}

/// A market's answer from its asset and its state accrued to now.
pub fn market_response(asset: &Asset, market: &MarketState) -> ContractResult<MarketResponse> {
    let params = lending(asset)?;
    let utilization = market.utilization()?;
    let borrow_rate = params.rate_model.borrow_rate(utilization)?;
    let supply_rate =
        ballast_math::interest::supply_rate(borrow_rate, utilization, params.reserve_factor)?;
    Ok(MarketResponse {
        denom: asset.denom.clone(),
        total_supplied: market.total_supplied()?,
        supplier_assets: market.supplier_assets()?,
        total_debt: market.total_debt()?,
        reserves: market.reserves,
        deficit: market.deficit,
        free_liquidity: market.free_liquidity()?,
        supply_shares: market.supply_shares,
        debt_shares: market.debt_shares,
        supply_index: market.supply_index,
        borrow_index: market.borrow_index,
        utilization,
        borrow_rate,
        supply_rate,
        last_accrued: market.last_accrued,
    })
}

fn market(deps: Deps, now: u64, denom: &str) -> ContractResult<MarketResponse> {
    let (asset, market) = asset_and_market(deps.storage, denom, now)?;
    market_response(&asset, &market)
}

fn markets(
    deps: Deps,
    now: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<MarketsResponse> {
    let limit = validate::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let (denoms, next_start_after) = denom_page(
        deps,
        map_prefix(MARKETS.namespace_bytes()),
        start_after,
        limit,
    )?;
    Ok(MarketsResponse {
        markets: denoms
            .iter()
            .map(|denom| market(deps, now, denom))
            .collect::<ContractResult<_>>()?,
        next_start_after,
    })
}

fn supply(deps: Deps, now: u64, lender: &Addr, denom: &str) -> ContractResult<SupplyResponse> {
    let (_, market) = asset_and_market(deps.storage, denom, now)?;
    let shares = SUPPLIES
        .may_load(deps.storage, (lender, denom))?
        .unwrap_or_default();
    Ok(SupplyResponse {
        lender: lender.to_string(),
        denom: denom.to_string(),
        shares,
        amount: supply_of(&market, shares)?,
    })
}

fn supplies(
    deps: Deps,
    now: u64,
    lender: Addr,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<SuppliesResponse> {
    let limit = validate::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let mut prefix = map_prefix(SUPPLIES.namespace_bytes());
    push_part(&mut prefix, lender.as_bytes());
    let (denoms, next_start_after) = denom_page(deps, prefix, start_after, limit)?;
    Ok(SuppliesResponse {
        lender: lender.to_string(),
        supplies: denoms
            .iter()
            .map(|denom| supply(deps, now, &lender, denom))
            .collect::<ContractResult<_>>()?,
        next_start_after,
    })
}

fn assets(
    deps: Deps,
    now: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<AssetsResponse> {
    let limit = validate::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let page = paging::page(
        deps.storage,
        &map_prefix(ASSETS.namespace_bytes()),
        start_after.as_deref().map(str::as_bytes),
        limit,
        true,
    );
    let assets = decode_assets(page.records)?
        .into_iter()
        .map(|asset| answered(asset, now))
        .collect::<Vec<Asset>>();
    let next_start_after = next_cursor(page.more, &assets, |asset| asset.denom.clone());
    Ok(AssetsResponse {
        assets,
        next_start_after,
    })
}

/// `asset` as answered at `now`: a ramp in progress shows the threshold in force.
fn answered(mut asset: Asset, now: u64) -> Asset {
    let current = asset.liquidation_threshold_at(now);
    if let Some(ramp) = &mut asset.threshold_ramp {
        ramp.current = Some(current);
    }
    asset
}

/// The steward, its limits and, for `denom`, its cooldowns.
fn steward(deps: Deps, denom: Option<String>) -> ContractResult<StewardResponse> {
    let Steward { address, limits } = STEWARD.may_load(deps.storage)?.unwrap_or_default();
    let mut cooldowns = vec![];
    if let Some(denom) = denom {
        load_asset(deps.storage, &denom)?;
        // one read per parameter the steward may change, in `Param::ALL`'s order
        for param in Param::ALL {
            let key = (denom.as_str(), param.name());
            if let Some(last_change) = STEWARD_CHANGES.may_load(deps.storage, key)? {
                cooldowns.push(ParamCooldown {
                    param: param.name().to_string(),
                    last_change,
                    next_change: last_change.saturating_add(limits.cooldown_s),
                });
            }
        }
    }
    Ok(StewardResponse {
        steward: address,
        limits,
        cooldowns,
    })
}

fn liquidation_context(
    deps: Deps,
    now: u64,
    owner: &Addr,
    account: u32,
) -> ContractResult<LiquidationContextResponse> {
    let config = CONFIG.load(deps.storage)?;
    let entry = load_account(deps.storage, owner, account)?;
    let view = view(deps.storage, &entry, now, &[])?;
    let priced = price_with_oracle(&deps.querier, &config.oracle, &view, PriceKind::Liquidation)?;
    Ok(LiquidationContextResponse {
        position: position_response(owner, account, PriceKind::Liquidation, priced)?,
        block_time: now,
        max_bonus: MAX_BONUS,
    })
}

/// Prices of every denom for `RiskSummary`: `Default` where the oracle gives one, else
/// `Liquidation` (missing when it has neither). Two `TryPrices` queries at most.
fn summary_prices(
    deps: Deps,
    oracle: &Addr,
    denoms: &[String],
) -> ContractResult<DenomMap<(Decimal256, PriceKind)>> {
    let mut out = DenomMap::new();
    let mut left = Vec::new();
    for (denom, quote) in fetch_quotes(&deps.querier, oracle, denoms, PriceKind::Default)?.iter() {
        match quote {
            Ok(price) => out.insert(denom.clone(), (*price, PriceKind::Default)),
            Err(_) => left.push(denom.clone()),
        }
    }
    if !left.is_empty() {
        for (denom, quote) in
            fetch_quotes(&deps.querier, oracle, &left, PriceKind::Liquidation)?.iter()
        {
            if let Ok(price) = quote {
                out.insert(denom.clone(), (*price, PriceKind::Liquidation));
            }
        }
    }
    Ok(out)
}

fn risk_summary(deps: Deps, now: u64) -> ContractResult<RiskSummaryResponse> {
    let config = CONFIG.load(deps.storage)?;
    let all = paging::page(
        deps.storage,
        &map_prefix(ASSETS.namespace_bytes()),
        None,
        usize::MAX,
        true,
    );
    let listed = decode_assets(all.records)?;
    let denoms: Vec<String> = listed.iter().map(|a| a.denom.clone()).collect();
    let prices = summary_prices(deps, &config.oracle, &denoms)?;
    let mut out = RiskSummaryResponse {
        assets: Vec::with_capacity(listed.len()),
        collateral_value: Uint128::zero(),
        supplied_value: Uint128::zero(),
        debt_value: Uint128::zero(),
        ltv: None,
        leverage: None,
    };
    for asset in &listed {
        let total_collateral = COLLATERAL_TOTALS
            .may_load(deps.storage, &asset.denom)?
            .unwrap_or_default();
        let market = match asset.lending {
            Some(_) => Some(accrued_market(deps.storage, asset, now)?),
            None => None,
        };
        let (total_supplied, total_debt, reserves, deficit) = match &market {
            Some(m) => (m.total_supplied()?, m.total_debt()?, m.reserves, m.deficit),
            None => Default::default(),
        };
        let price = prices.get(&asset.denom).copied();
        let value = |amount: Uint128, up: bool| -> ContractResult<Option<Uint128>> {
            price
                .map(|(p, _)| {
                    if up {
                        debt_value(amount, p)
                    } else {
                        collateral_value(amount, p)
                    }
                })
                .transpose()
                .map_err(ContractError::from)
        };
        let row = RiskAsset {
            denom: asset.denom.clone(),
            price: price.map(|(p, _)| p),
            price_kind: price.map(|(_, k)| k),
            total_collateral,
            collateral_value: value(total_collateral, false)?,
            total_supplied,
            supplied_value: value(total_supplied, false)?,
            total_debt,
            debt_value: value(total_debt, true)?,
            reserves,
            deficit,
        };
        out.collateral_value = out
            .collateral_value
            .checked_add(row.collateral_value.unwrap_or_default())?;
        out.supplied_value = out
            .supplied_value
            .checked_add(row.supplied_value.unwrap_or_default())?;
        out.debt_value = out
            .debt_value
            .checked_add(row.debt_value.unwrap_or_default())?;
        out.assets.push(row);
    }
    let totals = PositionValues {
        collateral_value: out.collateral_value,
        debt_value: out.debt_value,
        ..Default::default()
    };
    out.ltv = totals.ltv();
    out.leverage = totals.leverage();
    Ok(out)
}

/// The keys of a page's records, decoded.
fn decode_keys<T>(
    records: Vec<Record>,
    decode: impl Fn(Vec<u8>) -> StdResult<T>,
) -> StdResult<Vec<T>> {
    records.into_iter().map(|(key, _)| decode(key)).collect()
}

/// The assets of a page of `ASSETS`.
fn decode_assets(records: Vec<Record>) -> StdResult<Vec<Asset>> {
    records
        .into_iter()
        .map(|(_, value)| from_json::<Asset>(&value))
        .collect()
}

/// A page of the denoms under `prefix` (the keys of `MARKETS`, or of one lender's `SUPPLIES`)
/// after `start_after`, and the cursor.
fn denom_page(
    deps: Deps,
    prefix: Vec<u8>,
    start_after: Option<String>,
    limit: usize,
) -> StdResult<(Vec<String>, Option<String>)> {
    let page = paging::page(
        deps.storage,
        &prefix,
        start_after.as_deref().map(str::as_bytes),
        limit,
        false,
    );
    let denoms = decode_keys(page.records, string_key)?;
    let next = next_cursor(page.more, &denoms, String::clone);
    Ok((denoms, next))
}

/// Serialises a query answer through the compact writer: the JSON serde_json writes for it.
fn to_binary<T: WriteJson>(value: &T) -> ContractResult<Binary> {
    Ok(Binary::new(json_bytes(value)))
}
