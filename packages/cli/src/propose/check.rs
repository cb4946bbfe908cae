//! The checks of a proposal's entries against the scenario's assets: roles, the vault's bounds
//! (by the scenario checker's validators), the ramp, and what the change is in full.

use ballast_types::governance::check_ramp;
use ballast_types::vault::{CollateralParams, LendingParams};
use cosmwasm_std::{Decimal, Uint128};
use toml::Spanned;

use super::file::{AssetChange, Entry, Errors, Given, Kind, Problem, Role, Setting, PARAMS};
use crate::scenario::checks::Checker;
use crate::scenario::{decimal, to_units, AssetCfg, Scenario};

/// Where a parameter lives in an asset's vault parameters.
enum Slot<'a> {
    /// A ratio.
    Ratio(&'a mut Decimal),
    /// A cap in smallest units (`None`: no cap).
    Cap(&'a mut Option<Uint128>),
}

/// Where parameter `name` (of [`PARAMS`]) lives in `c` / `l`; `None` when the asset has not the
/// role it belongs to.
fn slot<'a>(
    c: Option<&'a mut CollateralParams>,
    l: Option<&'a mut LendingParams>,
    name: &str,
) -> Option<Slot<'a>> {
    use Slot::{Cap, Ratio};
    match name {
        "max_ltv" => c.map(|c| Ratio(&mut c.max_ltv)),
        "liquidation_threshold" => c.map(|c| Ratio(&mut c.liquidation_threshold)),
        "deposit_cap" => c.map(|c| Cap(&mut c.deposit_cap)),
        "rate_model.base" => l.map(|l| Ratio(&mut l.rate_model.base)),
        "rate_model.slope1" => l.map(|l| Ratio(&mut l.rate_model.slope1)),
        "rate_model.slope2" => l.map(|l| Ratio(&mut l.rate_model.slope2)),
        "rate_model.optimal_utilization" => l.map(|l| Ratio(&mut l.rate_model.optimal_utilization)),
        "reserve_factor" => l.map(|l| Ratio(&mut l.reserve_factor)),
        "supply_cap" => l.map(|l| Cap(&mut l.supply_cap)),
        "borrow_cap" => l.map(|l| Cap(&mut l.borrow_cap)),
        _ => None,
    }
}

/// An asset's vault parameters: collateral and lending (`None`: not that role).
type Params = (Option<CollateralParams>, Option<LendingParams>);

/// Parameter `name` of `params` in the file's units (caps in whole tokens of `decimals`) as text
/// and as a number (`None`: no cap, or not that role).
fn read(params: &Params, name: &str, decimals: u8) -> (String, Option<f64>) {
    let (mut c, mut l) = params.clone();
    match slot(c.as_mut(), l.as_mut(), name) {
        Some(Slot::Ratio(r)) => (r.to_string(), r.to_string().parse().ok()),
        Some(Slot::Cap(cap)) => match cap {
            Some(units) => {
                let whole = units.u128() as f64 / 10f64.powi(i32::from(decimals));
                (format!("{whole}"), Some(whole))
            }
            None => ("none".into(), None),
        },
        None => ("n/a".into(), None),
    }
}

/// Checks a group of ratios that a validator judges together (`names`, under `prefix`): the
/// values the file gives at their place, the others at their current value, placed at the
/// first given one's line so that an error caused by the change points at it. `check` runs the
/// validator; an error it reports on a value the file does not give is moved to the first
/// given one, saying the other value stays. Nothing is checked when the file gives none.
fn check_group(
    errors: &mut Errors,
    prefix: &str,
    names: &[&'static str],
    entry: &Entry,
    current: &Params,
    check: impl FnOnce(&mut Checker, &[(&str, &Spanned<f64>)]),
) {
    let given: Vec<(&str, &Given)> = names
        .iter()
        .filter_map(|n| entry.given.get(n).map(|g| (*n, g)))
        .collect();
    let Some((first_name, first)) = given.first().copied() else {
        return;
    };
    let values: Vec<(&str, Spanned<f64>)> = names
        .iter()
        .map(|n| {
            let short = n.rsplit('.').next().unwrap_or(n);
            match entry
                .given
                .get(n)
                .and_then(|g| g.get_ref().map(|x| (g.span(), x)))
            {
                Some((span, x)) => (short, Spanned::new(span, x)),
                None => (
                    short,
                    Spanned::new(first.span(), read(current, n, 0).1.unwrap_or(0.0)),
                ),
            }
        })
        .collect();
    let fields: Vec<(&str, &Spanned<f64>)> = values.iter().map(|(n, v)| (*n, v)).collect();
    let before = errors.checker.errors.len();
    check(&mut errors.checker, &fields);
    let group = prefix.to_string()
        + first_name
            .strip_prefix("rate_model")
            .map_or("", |_| ".rate_model");
    for e in &mut errors.checker.errors[before..] {
        let named = names
            .iter()
            .find(|n| e.field == format!("{group}.{}", n.rsplit('.').next().unwrap_or(n)));
        if let Some(n) = named.filter(|n| !entry.given.contains_key(**n)) {
            e.message = format!(
                "{n} {} ({n} is not in the proposal: it stays {})",
                e.message,
                read(current, n, 0).0
            );
            e.field = format!("{prefix}.{first_name}");
        }
    }
    errors.tag(Problem::OutOfBounds);
}

/// Checks one entry against its asset; the change when it is valid.
pub(super) fn check_entry(
    errors: &mut Errors,
    prefix: &str,
    entry: &Entry,
    denom: &Spanned<String>,
    asset: &AssetCfg,
    scenario: &Scenario,
) -> Option<AssetChange> {
    let before = errors.checker.errors.len();
    let d = denom.get_ref();
    if entry.given.is_empty() {
        if !entry.read_whole {
            // what it meant to change is already reported
            return None;
        }
        errors.fail(
            Problem::Empty,
            &format!("{prefix}.denom"),
            denom,
            format!("the entry of {d} changes nothing: give the parameters it changes"),
        );
        return None;
    }
    for (name, role, kind) in PARAMS {
        let Some(value) = entry.given.get(name) else {
            continue;
        };
        let field = format!("{prefix}.{name}");
        let has_role = match role {
            Role::Collateral => asset.collateral.is_some(),
            Role::Lending => asset.lending.is_some(),
        };
        if !has_role {
            let (what, table) = match role {
                Role::Collateral => ("a collateral", "collateral"),
                Role::Lending => ("borrowable", "lending"),
            };
            errors.fail(
                Problem::NotApplicable,
                &field,
                value,
                format!(
                    "{d} is not {what} in the scenario (no [{table}]): {name} does not apply; \
                     giving an asset a new role is a listing, not a parameter change"
                ),
            );
            continue;
        }
        if kind == Kind::Cap {
            if let Some(x) = value.get_ref() {
                errors.checker.range(
                    &field,
                    &Spanned::new(value.span(), *x),
                    (0.0, false),
                    (1e18, false),
                );
                errors.tag(Problem::OutOfBounds);
            }
        } else if value.get_ref().is_none() {
            errors.fail(
                Problem::WrongType,
                &field,
                value,
                "\"none\" is for caps; a ratio needs a number".into(),
            );
        }
    }
    if errors.checker.errors.len() > before {
        return None;
    }
    let old: Params = (asset.collateral_params(), asset.lending_params());
    let bonus_max = asset.bonus_max(&scenario.policy);
    check_group(
        errors,
        prefix,
        &["max_ltv", "liquidation_threshold"],
        entry,
        &old,
        |c, f| {
            c.collateral(prefix, [f[0], f[1]], bonus_max);
        },
    );
    check_group(
        errors,
        prefix,
        &[
            "rate_model.base",
            "rate_model.slope1",
            "rate_model.slope2",
            "rate_model.optimal_utilization",
        ],
        entry,
        &old,
        |c, f| {
            c.rate_model(&format!("{prefix}.rate_model"), [f[0], f[1], f[2], f[3]]);
        },
    );
    check_group(errors, prefix, &["reserve_factor"], entry, &old, |c, f| {
        c.reserve_factor(prefix, f[0].1);
    });

    let decimals = *asset.decimals.get_ref();
    let mut new = old.clone();
    for (name, value) in &entry.given {
        match (slot(new.0.as_mut(), new.1.as_mut(), name), value.get_ref()) {
            (Some(Slot::Ratio(r)), Some(x)) => *r = decimal(*x),
            (Some(Slot::Cap(cap)), x) => *cap = x.map(|x| Uint128::new(to_units(x, decimals))),
            _ => {}
        }
    }
    let (old_c, old_l) = old.clone();
    let (new_c, new_l) = new.clone();

    let threshold = |c: &Option<CollateralParams>| c.as_ref().map(|c| c.liquidation_threshold);
    let cut = matches!(
        (threshold(&old_c), threshold(&new_c)),
        (Some(o), Some(n)) if n < o
    );
    let mut ramp_s = None;
    if let Some(days) = &entry.ramp_days {
        let field = format!("{prefix}.threshold_ramp_days");
        let x = *days.get_ref();
        if !x.is_finite() || x <= 0.0 {
            errors.fail(
                Problem::OutOfBounds,
                &field,
                days,
                format!("{x} days: a ramp lasts more than 0 days (leave it out to cut at once)"),
            );
        } else if !cut {
            errors.fail(
                Problem::RampWithoutCut,
                &field,
                days,
                format!(
                    "a ramp applies only to a cut of the liquidation threshold; this entry \
                     does not lower it ({}): raises and every max LTV change apply at once",
                    match (threshold(&old_c), entry.given.get("liquidation_threshold")) {
                        (Some(o), Some(_)) => format!("{o} → {}", threshold(&new_c).unwrap_or(o)),
                        (Some(o), None) => format!("it stays {o}"),
                        (None, _) => format!("{d} is not a collateral"),
                    }
                ),
            );
        } else {
            let seconds = (x * 86_400.0).round() as u64;
            match check_ramp(seconds) {
                Ok(()) => ramp_s = Some(seconds),
                Err(err) => errors.fail(
                    Problem::RampTooLong,
                    &field,
                    days,
                    format!("{x} days: {err} (30 days)"),
                ),
            }
        }
    }
    if errors.checker.errors.len() > before {
        return None;
    }
    if old_c == new_c && old_l == new_l {
        errors.fail(
            Problem::Empty,
            &format!("{prefix}.denom"),
            denom,
            format!("the entry of {d} changes nothing: every value it gives is the current one"),
        );
        return None;
    }
    let settings = PARAMS
        .iter()
        .filter(|p| entry.given.contains_key(p.0))
        .map(|(name, _, kind)| {
            let (current, was) = read(&old, name, decimals);
            let (proposed, is) = read(&new, name, decimals);
            Setting {
                name,
                current,
                proposed,
                change: change_text(*kind, was, is),
            }
        })
        .collect();
    Some(AssetChange {
        denom: d.clone(),
        settings,
        collateral: (old_c, new_c),
        lending: (old_l, new_l),
        ramp_s,
        given: entry.given.clone(),
    })
}

/// `−0.05` for a ratio (sign always written); `×2`, `÷2`, `added`, `removed` for a cap.
fn change_text(kind: Kind, old: Option<f64>, new: Option<f64>) -> String {
    match (kind, old, new) {
        (Kind::Ratio, Some(o), Some(n)) => {
            let d = n - o;
            let body = format!("{:.4}", d.abs());
            let body = body.trim_end_matches('0').trim_end_matches('.');
            match d.partial_cmp(&0.0) {
                Some(std::cmp::Ordering::Less) => format!("−{body}"),
                Some(std::cmp::Ordering::Greater) => format!("+{body}"),
                _ => "none".to_string(),
            }
        }
        (Kind::Cap, None, Some(_)) => "cap added".to_string(),
        (Kind::Cap, Some(_), None) => "cap removed".to_string(),
        (Kind::Cap, Some(o), Some(n)) if o > 0.0 && n >= o => format!("×{:.3}", n / o),
        (Kind::Cap, Some(o), Some(n)) if n > 0.0 => format!("÷{:.3}", o / n),
        (Kind::Cap, None, None) => "none".to_string(),
        _ => "n/a".to_string(),
    }
}
