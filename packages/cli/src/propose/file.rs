//! The proposal file of `ballast propose`: a change of listed-asset parameters, read against a
//! scenario and checked whole before anything runs.
//!
//! ```toml
//! title = "Lower ATOM's liquidation threshold"
//! description = "optional: why"
//! [[asset]]
//! denom = "uatom"               # an asset of the scenario
//! max_ltv = 0.6                 # max_ltv, liquidation_threshold, deposit_cap (collateral);
//! liquidation_threshold = 0.7   # reserve_factor, supply_cap, borrow_cap,
//! rate_model.slope2 = 1.2       # rate_model.{base, slope1, slope2, optimal_utilization} (lending)
//! threshold_ramp_days = 7       # only with a threshold cut; at most 30 days
//! [steward]                     # the steward's limits in force (default: conservative)
//! max_ltv_step = 0.02
//! ```
//!
//! Ratios are fractions; caps are whole tokens, or `"none"` for no cap. Every problem is a
//! [`ProposalError`]: its kind ([`Problem`]) and where it is (file, line, column, field), each
//! value checked by the same `ballast-math` validators as the scenario's parameters (so as the
//! vault checks them), with the scenario's bonus curve.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use ballast_types::governance::{GovernanceError, StewardLimits};
use ballast_types::vault::{CollateralParams, LendingParams};
use toml::Spanned;

use super::check::check_entry;
use super::spanned::{Node, Table};
use crate::scenario::checks::Checker;
use crate::scenario::{decimal, Scenario, ScenarioError};

/// The kind of a problem of a proposal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not TOML.
    Syntax,
    /// A key the format does not have (a misspelt parameter).
    UnknownKey,
    /// A value of the wrong type (a string for a ratio, …).
    WrongType,
    /// A required key is missing (`title`, an entry's `denom`).
    Missing,
    /// A denom that is not an asset of the scenario.
    UnknownDenom,
    /// A denom given in two entries.
    Duplicate,
    /// A parameter of a role the asset does not have (a collateral parameter of an asset that
    /// is only lent, or the reverse).
    NotApplicable,
    /// A value outside the contract's hard bounds (or a steward limit outside its own).
    OutOfBounds,
    /// A threshold ramp longer than the vault allows.
    RampTooLong,
    /// A ramp without a threshold cut.
    RampWithoutCut,
    /// Nothing changes.
    Empty,
}

/// A problem of a proposal file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}")]
pub struct ProposalError {
    /// What kind of problem.
    pub problem: Problem,
    /// File, line and column, field, message.
    pub at: ScenarioError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Collateral,
    Lending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A fraction.
    Ratio,
    /// Whole tokens, or `"none"`.
    Cap,
}

/// Every parameter a proposal may set: its name in the file, the role it belongs to, its kind.
pub(super) const PARAMS: [(&str, Role, Kind); 10] = [
    ("max_ltv", Role::Collateral, Kind::Ratio),
    ("liquidation_threshold", Role::Collateral, Kind::Ratio),
    ("deposit_cap", Role::Collateral, Kind::Cap),
    ("rate_model.base", Role::Lending, Kind::Ratio),
    ("rate_model.slope1", Role::Lending, Kind::Ratio),
    ("rate_model.slope2", Role::Lending, Kind::Ratio),
    ("rate_model.optimal_utilization", Role::Lending, Kind::Ratio),
    ("reserve_factor", Role::Lending, Kind::Ratio),
    ("supply_cap", Role::Lending, Kind::Cap),
    ("borrow_cap", Role::Lending, Kind::Cap),
];

/// The keys of `[steward]`, each a field of [`StewardLimits`].
const STEWARD_KEYS: [&str; 6] = [
    "max_ltv_step",
    "liquidation_threshold_step",
    "rate_step",
    "cap_factor",
    "bonus_step",
    "cooldown_s",
];

/// A value as written: a number, or no cap (`"none"`, caps only).
pub(super) type Given = Spanned<Option<f64>>;

/// One parameter's current and proposed value, as shown in the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Setting {
    /// Its name in the file (`liquidation_threshold`, `rate_model.slope2`).
    pub name: &'static str,
    /// The scenario's value (ratios as decimals, caps in whole tokens or `none`).
    pub current: String,
    /// The proposed value.
    pub proposed: String,
    /// Proposed − current for a ratio (sign written), the factor for a cap.
    pub change: String,
}

/// The change of one asset: its parameters before and after, in full, as the vault holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetChange {
    /// Denom.
    pub denom: String,
    /// Every parameter the file sets, in the order of the format's list.
    pub settings: Vec<Setting>,
    /// Collateral parameters now and proposed (`None`: not a collateral).
    pub collateral: (Option<CollateralParams>, Option<CollateralParams>),
    /// Lending parameters now and proposed (`None`: not borrowable).
    pub lending: (Option<LendingParams>, Option<LendingParams>),
    /// Length of the threshold cut's ramp, seconds.
    pub ramp_s: Option<u64>,
    /// The values written, by name.
    pub(super) given: BTreeMap<&'static str, Given>,
}

/// A proposal, checked against its scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The file it was read from.
    pub file: String,
    /// Title.
    pub title: String,
    /// Why (may be empty).
    pub description: String,
    /// The steward's limits the verdict uses.
    pub steward: StewardLimits,
    /// Whether they come from the file (else [`StewardLimits::conservative`]).
    pub steward_from_file: bool,
    /// One entry per asset changed.
    pub changes: Vec<AssetChange>,
}

/// Errors of one file, each tagged with its kind.
pub(super) struct Errors<'a> {
    pub(super) checker: Checker<'a>,
    problems: Vec<Problem>,
}

impl<'a> Errors<'a> {
    fn new(file: &'a str, src: &'a str) -> Self {
        Self {
            checker: Checker::new(file, src),
            problems: vec![],
        }
    }

    /// Tags the errors found since the last tag as `problem`.
    pub(super) fn tag(&mut self, problem: Problem) {
        let n = self.checker.errors.len();
        self.problems.resize(n, problem);
    }

    pub(super) fn fail<T>(
        &mut self,
        problem: Problem,
        field: &str,
        at: &Spanned<T>,
        message: String,
    ) {
        self.checker.fail(field, at, message);
        self.tag(problem);
    }

    fn fail_at(&mut self, problem: Problem, field: &str, message: String) {
        self.checker.fail_at(field, message);
        self.tag(problem);
    }

    fn is_empty(&self) -> bool {
        self.checker.errors.is_empty()
    }

    fn into_errors(self) -> Vec<ProposalError> {
        self.checker
            .errors
            .into_iter()
            .zip(self.problems)
            .map(|(at, problem)| ProposalError { problem, at })
            .collect()
    }
}

/// `pick(node)`, or a `WrongType` error at `key` saying that `what` was expected.
fn expect<'n, T>(
    errors: &mut Errors,
    field: &str,
    key: &Spanned<String>,
    node: &'n Node,
    what: &str,
    pick: impl FnOnce(&'n Node) -> Option<T>,
) -> Option<T> {
    let value = pick(node);
    if value.is_none() {
        let found = node.kind();
        errors.fail(
            Problem::WrongType,
            field,
            key,
            format!("expected {what}, found {found}"),
        );
    }
    value
}

/// A number (integer or float) given at `key`, placed there, or a `WrongType` error.
fn number(
    errors: &mut Errors,
    field: &str,
    key: &Spanned<String>,
    node: &Node,
) -> Option<Spanned<f64>> {
    let x = expect(errors, field, key, node, "a number", |n| match n {
        Node::Scalar(toml::Value::Float(x)) => Some(*x),
        Node::Scalar(toml::Value::Integer(i)) => Some(*i as f64),
        _ => None,
    })?;
    Some(Spanned::new(key.span(), x))
}

/// A string given at `key`, placed there, or a `WrongType` error.
fn string(
    errors: &mut Errors,
    field: &str,
    key: &Spanned<String>,
    node: &Node,
) -> Option<Spanned<String>> {
    let s = expect(errors, field, key, node, "a string", |n| match n {
        Node::Scalar(toml::Value::String(s)) => Some(s.clone()),
        _ => None,
    })?;
    Some(Spanned::new(key.span(), s))
}

/// A table given at `key`, or a `WrongType` error.
fn table<'n>(
    errors: &mut Errors,
    field: &str,
    key: &Spanned<String>,
    node: &'n Node,
) -> Option<&'n Table> {
    expect(errors, field, key, node, "a table", |n| match n {
        Node::Table(t) => Some(t),
        _ => None,
    })
}

/// Edits (insertions, deletions, substitutions) that turn `a` into `b` (Levenshtein).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// An `UnknownKey` error at `key`: the keys expected there, and the nearest one when the key
/// looks like a misspelling of it (at most 3 edits).
fn unknown_key(errors: &mut Errors, field: &str, key: &Spanned<String>, expected: &[&str]) {
    let k = key.get_ref();
    let nearest = expected
        .iter()
        .map(|e| (edits(k, e), e))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map_or(String::new(), |(_, e)| format!(" (did you mean `{e}`?)"));
    let all: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
    errors.fail(
        Problem::UnknownKey,
        field,
        key,
        format!(
            "unknown key `{k}`{nearest}; expected one of {}",
            all.join(", ")
        ),
    );
}

/// One `[[asset]]` entry as written.
pub(super) struct Entry {
    /// Where the entry is (for a missing denom).
    at: Range<usize>,
    /// The denom it changes.
    denom: Option<Spanned<String>>,
    /// The parameters it sets, by name.
    pub(super) given: BTreeMap<&'static str, Given>,
    /// `threshold_ramp_days`.
    pub(super) ramp_days: Option<Spanned<f64>>,
    /// Every key was read (no unknown key, no value of the wrong type).
    pub(super) read_whole: bool,
}

/// Reads entry `prefix` of `[[asset]]` (`at`: the `asset` key); type errors and unknown keys go
/// to `errors`.
fn read_entry(
    errors: &mut Errors,
    prefix: &str,
    at: &Spanned<String>,
    node: &Node,
) -> Option<Entry> {
    let t = table(errors, prefix, at, node)?;
    let before = errors.checker.errors.len();
    let mut entry = Entry {
        // an entry has no place of its own: its first key's, else the array's
        at: t.0.first().map_or(at.span(), |(k, _)| k.span()),
        denom: None,
        given: BTreeMap::new(),
        ramp_days: None,
        read_whole: true,
    };
    let top_keys: Vec<&str> = ["denom", "threshold_ramp_days", "rate_model"]
        .into_iter()
        .chain(PARAMS.iter().map(|p| p.0).filter(|p| !p.contains('.')))
        .collect();
    for (key, value) in &t.0 {
        let field = format!("{prefix}.{}", key.get_ref());
        match key.get_ref().as_str() {
            "denom" => entry.denom = string(errors, &field, key, value),
            "threshold_ramp_days" => entry.ramp_days = number(errors, &field, key, value),
            "rate_model" => {
                let Some(rate) = table(errors, &field, key, value) else {
                    continue;
                };
                let rate_keys: Vec<&str> = PARAMS
                    .iter()
                    .filter_map(|p| p.0.strip_prefix("rate_model."))
                    .collect();
                for (k, v) in &rate.0 {
                    let name = format!("rate_model.{}", k.get_ref());
                    match PARAMS.iter().find(|p| p.0 == name) {
                        Some(p) => read_value(errors, &mut entry, prefix, p, k, v),
                        None => unknown_key(errors, &format!("{prefix}.{name}"), k, &rate_keys),
                    }
                }
            }
            name => match PARAMS.iter().find(|p| p.0 == name) {
                Some(p) => read_value(errors, &mut entry, prefix, p, key, value),
                None => unknown_key(errors, &field, key, &top_keys),
            },
        }
    }
    entry.read_whole = errors.checker.errors.len() == before;
    Some(entry)
}

fn read_value(
    errors: &mut Errors,
    entry: &mut Entry,
    prefix: &str,
    (name, _, kind): &(&'static str, Role, Kind),
    key: &Spanned<String>,
    node: &Node,
) {
    let field = format!("{prefix}.{name}");
    let value = match (kind, node) {
        (Kind::Cap, Node::Scalar(toml::Value::String(s))) if s == "none" => {
            Some(Spanned::new(key.span(), None))
        }
        (Kind::Cap, Node::Scalar(toml::Value::String(s))) => {
            errors.fail(
                Problem::WrongType,
                &field,
                key,
                format!("expected whole tokens or \"none\" (no cap), found {s:?}"),
            );
            None
        }
        _ => number(errors, &field, key, node).map(|v| Spanned::new(v.span(), Some(*v.get_ref()))),
    };
    if let Some(v) = value {
        entry.given.insert(name, v);
    }
}

/// Reads `[steward]` (given at `at`).
fn read_steward(errors: &mut Errors, at: &Spanned<String>, node: &Node) -> StewardLimits {
    let mut limits = StewardLimits::conservative();
    let Some(t) = table(errors, "steward", at, node) else {
        return limits;
    };
    let mut spans: BTreeMap<&str, Range<usize>> = BTreeMap::new();
    for (key, value) in &t.0 {
        let field = format!("steward.{}", key.get_ref());
        let Some(name) = STEWARD_KEYS.iter().find(|k| **k == key.get_ref()) else {
            unknown_key(errors, &field, key, &STEWARD_KEYS);
            continue;
        };
        let Some(v) = number(errors, &field, key, value) else {
            continue;
        };
        spans.insert(name, v.span());
        let x = *v.get_ref();
        if !x.is_finite() || x < 0.0 || (*name == "cooldown_s" && x.fract() != 0.0) {
            errors.fail(
                Problem::OutOfBounds,
                &field,
                &v,
                format!("{x} must be a non-negative number (whole seconds for cooldown_s)"),
            );
            continue;
        }
        match *name {
            "max_ltv_step" => limits.max_ltv_step = decimal(x),
            "liquidation_threshold_step" => limits.liquidation_threshold_step = decimal(x),
            "rate_step" => limits.rate_step = decimal(x),
            "cap_factor" => limits.cap_factor = decimal(x),
            "bonus_step" => limits.bonus_step = decimal(x),
            _ => limits.cooldown_s = x as u64,
        }
    }
    if let Err(GovernanceError::LimitOutOfBounds { field, reason }) = limits.validate() {
        let span = spans.get(field).cloned().unwrap_or(at.span());
        errors.fail(
            Problem::OutOfBounds,
            &format!("steward.{field}"),
            &Spanned::new(span, ()),
            format!("{reason} (the vault's hard bound on the steward's limits)"),
        );
    }
    limits
}

impl Proposal {
    /// Reads and checks `path` against `scenario`.
    pub fn load(path: &Path, scenario: &Scenario) -> Result<Self, Vec<ProposalError>> {
        let file = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|err| {
            let mut errors = Errors::new(&file, "");
            errors.fail_at(Problem::Syntax, "", format!("cannot read: {err}"));
            errors.into_errors()
        })?;
        Self::parse(&src, &file, scenario)
    }

    /// Reads and checks `src` (named `file` in errors) against `scenario`.
    pub fn parse(src: &str, file: &str, scenario: &Scenario) -> Result<Self, Vec<ProposalError>> {
        let mut errors = Errors::new(file, src);
        let doc: Table = match toml::from_str(src) {
            Ok(doc) => doc,
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                errors.fail(
                    Problem::Syntax,
                    "",
                    &Spanned::new(span, ()),
                    err.message().to_string(),
                );
                return Err(errors.into_errors());
            }
        };
        let mut title: Option<Spanned<String>> = None;
        let mut description = String::new();
        let mut entries = Vec::new();
        let mut steward = None;
        for (key, value) in &doc.0 {
            let field = key.get_ref().as_str();
            match field {
                "title" => title = string(&mut errors, field, key, value),
                "description" => {
                    description = string(&mut errors, field, key, value)
                        .map(Spanned::into_inner)
                        .unwrap_or_default()
                }
                "asset" => {
                    let items =
                        expect(
                            &mut errors,
                            field,
                            key,
                            value,
                            "[[asset]] tables",
                            |n| match n {
                                Node::Array(items) => Some(items),
                                _ => None,
                            },
                        );
                    for (i, item) in items.into_iter().flatten().enumerate() {
                        let prefix = format!("asset[{i}]");
                        entries.push(read_entry(&mut errors, &prefix, key, item));
                    }
                }
                "steward" => steward = Some(read_steward(&mut errors, key, value)),
                _ => unknown_key(
                    &mut errors,
                    field,
                    key,
                    &["title", "description", "asset", "steward"],
                ),
            }
        }
        let title = match title {
            Some(t) if !t.get_ref().trim().is_empty() => Some(t),
            Some(t) => {
                errors.fail(Problem::Missing, "title", &t, "must not be empty".into());
                None
            }
            None => {
                errors.fail_at(Problem::Missing, "title", "a proposal needs a title".into());
                None
            }
        };
        let mut changes = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let Some(entry) = entry else { continue };
            let prefix = format!("asset[{i}]");
            let Some(denom) = entry.denom.clone() else {
                errors.fail(
                    Problem::Missing,
                    &format!("{prefix}.denom"),
                    &Spanned::new(entry.at.clone(), ()),
                    "each [[asset]] needs the denom it changes".into(),
                );
                continue;
            };
            let field = format!("{prefix}.denom");
            let Some(asset) = scenario.asset(denom.get_ref()) else {
                let known: Vec<&str> = scenario
                    .assets
                    .iter()
                    .map(|a| a.denom.get_ref().as_str())
                    .collect();
                errors.fail(
                    Problem::UnknownDenom,
                    &field,
                    &denom,
                    format!(
                        "{} is not an asset of the scenario {} ({})",
                        denom.get_ref(),
                        scenario.name,
                        known.join(", ")
                    ),
                );
                continue;
            };
            if let Some(first) = seen.insert(denom.get_ref().clone(), i) {
                errors.fail(
                    Problem::Duplicate,
                    &field,
                    &denom,
                    format!("{} is changed by asset[{first}] already", denom.get_ref()),
                );
                continue;
            }
            if let Some(change) = check_entry(&mut errors, &prefix, &entry, &denom, asset, scenario)
            {
                changes.push(change);
            }
        }
        if errors.is_empty() && changes.is_empty() {
            let message = "the proposal changes nothing: add an [[asset]] entry with the \
                           parameters it changes"
                .to_string();
            match &title {
                Some(t) => errors.fail(Problem::Empty, "asset", t, message),
                None => errors.fail_at(Problem::Empty, "asset", message),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into_errors());
        }
        Ok(Proposal {
            file: file.to_string(),
            title: title.map(Spanned::into_inner).unwrap_or_default(),
            description,
            steward_from_file: steward.is_some(),
            steward: steward.unwrap_or_else(StewardLimits::conservative),
            changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::edits;

    #[test]
    fn edits_count_insertions_deletions_and_substitutions() {
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("liquidation_treshold", "liquidation_threshold"), 1);
        assert_eq!(edits("max_lvt", "max_ltv"), 2);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("denom", "denom"), 0);
    }
}
