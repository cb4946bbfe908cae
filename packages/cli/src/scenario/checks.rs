//! The checks of a scenario file: its structure (denoms, paths, populations, sources) and the
//! parameters the contracts hold, by the contracts' own validators (`ballast-math`); every
//! problem found, each with its line and field.

use ballast_math::interest::{validate_reserve_factor, RateModel};
use ballast_math::liquidation::{
    validate_collateral_params, validate_threshold_with_bonus, BonusCurve, LiquidationParams,
};
use ballast_math::MathError;
use cosmwasm_std::Uint128;
use toml::Spanned;

use super::*;

/// Collects validation errors with positions in one source file.
pub(crate) struct Checker<'a> {
    pub(crate) file: &'a str,
    pub(crate) src: &'a str,
    pub(crate) errors: Vec<ScenarioError>,
}

impl<'a> Checker<'a> {
    /// A checker of `src`, named `file` in its errors.
    pub(crate) fn new(file: &'a str, src: &'a str) -> Self {
        Self {
            file,
            src,
            errors: vec![],
        }
    }

    pub(crate) fn fail<T>(&mut self, field: &str, at: &Spanned<T>, message: impl Into<String>) {
        let span = at.span();
        let position = (span.end > 0).then(|| line_col(self.src, span.start));
        self.errors.push(ScenarioError {
            file: self.file.to_string(),
            position,
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub(crate) fn fail_at(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(ScenarioError {
            file: self.file.to_string(),
            position: None,
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// `lo ≤ x ≤ hi` (or strict where asked), finite.
    pub(crate) fn range(
        &mut self,
        field: &str,
        x: &Spanned<f64>,
        lo: (f64, bool),
        hi: (f64, bool),
    ) -> bool {
        let v = *x.get_ref();
        let low_ok = if lo.1 { v > lo.0 } else { v >= lo.0 };
        let high_ok = if hi.1 { v < hi.0 } else { v <= hi.0 };
        if !v.is_finite() || !low_ok || !high_ok {
            let l = if lo.1 { "(" } else { "[" };
            let h = if hi.1 { ")" } else { "]" };
            self.fail(
                field,
                x,
                format!("{v} is out of bounds: must be in {l}{}, {}{h}", lo.0, hi.0),
            );
            return false;
        }
        true
    }

    /// Each of `fields` (under `prefix`) finite and in `[0, 10^9]`: what a contract's unsigned
    /// decimal can hold, before its own validator looks at them.
    pub(crate) fn all_unsigned(&mut self, prefix: &str, fields: &[(&str, &Spanned<f64>)]) -> bool {
        let mut ok = true;
        for (name, x) in fields {
            ok &= self.range(&format!("{prefix}.{name}"), x, (0.0, CLOSED), (1e9, CLOSED));
        }
        ok
    }

    /// A `ballast-math` validator's verdict: an `InvalidParam` is reported at the field it
    /// names (one of `fields`, under `prefix`), anything else at `prefix`. `true` when valid.
    fn math(
        &mut self,
        prefix: &str,
        result: Result<(), MathError>,
        fields: &[(&str, &Spanned<f64>)],
    ) -> bool {
        match result {
            Ok(()) => true,
            Err(MathError::InvalidParam { name, reason }) => {
                let field = format!("{prefix}.{name}");
                match fields.iter().find(|(n, _)| *n == name) {
                    Some((_, at)) => self.fail(&field, at, reason),
                    None => self.fail_at(&field, reason),
                }
                false
            }
            Err(other) => {
                self.fail_at(prefix, other.to_string());
                false
            }
        }
    }
}

const OPEN: bool = true;
const CLOSED: bool = false;

fn valid_denom(denom: &str) -> bool {
    let bytes = denom.as_bytes();
    (3..=128).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"/:._-".contains(b))
}

impl Scenario {
    /// Every bound, on the whole scenario.
    pub(super) fn validate(&self, src: &str, file: &str) -> Result<(), Vec<ScenarioError>> {
        check(src, file, |c| {
            self.check_structure(c);
            self.check_params(c);
        })
    }

    /// The risk parameters only (after an override).
    pub(super) fn validate_params(&self, src: &str, file: &str) -> Result<(), Vec<ScenarioError>> {
        check(src, file, |c| self.check_params(c))
    }

    fn check_structure(&self, c: &mut Checker) {
        let steps = *self.run.steps.get_ref();
        if steps == 0 || steps > MAX_STEPS {
            c.fail(
                "run.steps",
                &self.run.steps,
                format!("must be in [1, {MAX_STEPS}]"),
            );
        }
        if *self.run.step_seconds.get_ref() == 0 || *self.run.step_seconds.get_ref() > 86_400 * 30 {
            c.fail(
                "run.step_seconds",
                &self.run.step_seconds,
                "must be in [1, 2592000] (30 days)",
            );
        }
        if *self.quote.decimals.get_ref() > 18 {
            c.fail("quote.decimals", &self.quote.decimals, "must be at most 18");
        }
        if self.assets.is_empty() {
            c.fail_at("assets", "at least one asset is needed");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            let denom = a.denom.get_ref();
            if !valid_denom(denom) {
                c.fail(
                    &at("denom"),
                    &a.denom,
                    format!("{denom:?} is not a valid denom (3–128 characters: a letter, then letters, digits or /:._-)"),
                );
            }
            if !seen.insert(denom.clone()) {
                c.fail(&at("denom"), &a.denom, format!("{denom} is listed twice"));
            }
            if *a.decimals.get_ref() > 18 {
                c.fail(&at("decimals"), &a.decimals, "must be at most 18");
            }
            let csv = a.path.as_ref().and_then(|p| p.csv.as_ref());
            match (&a.price, csv) {
                (Some(p), None) => {
                    c.range(&at("price"), p, (0.0, OPEN), (1e12, CLOSED));
                }
                (Some(p), Some(_)) => c.fail(
                    &at("price"),
                    p,
                    "a path.csv gives the prices, its first row the start: remove `price`",
                ),
                (None, None) => c.fail(
                    &at("denom"),
                    &a.denom,
                    "`price` is needed (the start price), unless path.csv gives the prices",
                ),
                (None, Some(_)) => {}
            }
            if a.collateral.is_none() && a.lending.is_none() {
                c.fail(
                    &at("denom"),
                    &a.denom,
                    "an asset needs [collateral] or [lending] parameters",
                );
            }
            let o = &a.oracle;
            match o.source.get_ref().as_str() {
                "pyth" => {
                    let staleness = match &o.max_staleness_s {
                        Some(m) if (1..=MAX_STALENESS_S).contains(m.get_ref()) => {
                            Some(*m.get_ref())
                        }
                        Some(m) => {
                            c.fail(
                                &at("oracle.max_staleness_s"),
                                m,
                                format!("must be in [1, {MAX_STALENESS_S}] seconds"),
                            );
                            None
                        }
                        None => {
                            c.fail(
                                &at("oracle.source"),
                                &o.source,
                                "a Pyth source needs max_staleness_s",
                            );
                            None
                        }
                    };
                    if let Some(l) = &o.liquidation_max_staleness_s {
                        let v = *l.get_ref();
                        if !(1..=MAX_STALENESS_S).contains(&v) {
                            c.fail(
                                &at("oracle.liquidation_max_staleness_s"),
                                l,
                                format!("must be in [1, {MAX_STALENESS_S}] seconds"),
                            );
                        } else if let Some(d) = staleness.filter(|d| v < *d) {
                            c.fail(
                                &at("oracle.liquidation_max_staleness_s"),
                                l,
                                format!(
                                    "must be at least max_staleness_s ({d}): Liquidation prices \
                                     may be older than Default ones, never younger"
                                ),
                            );
                        }
                    }
                    match &o.max_confidence {
                        Some(m) => {
                            c.range(&at("oracle.max_confidence"), m, (0.0, OPEN), (1.0, CLOSED));
                        }
                        None => c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a Pyth source needs max_confidence",
                        ),
                    }
                    match &o.max_ema_deviation {
                        Some(m) => {
                            c.range(
                                &at("oracle.max_ema_deviation"),
                                m,
                                (0.0, OPEN),
                                (1.0, CLOSED),
                            );
                        }
                        None => c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a Pyth source needs max_ema_deviation",
                        ),
                    }
                    if let Some(conf) = &o.confidence {
                        c.range(&at("oracle.confidence"), conf, (0.0, CLOSED), (1.0, OPEN));
                    }
                    if let Some(h) = &o.ema_half_life_s {
                        c.range(&at("oracle.ema_half_life_s"), h, (0.0, OPEN), (1e9, CLOSED));
                    }
                }
                "fixed" => {
                    if o.max_staleness_s.is_some()
                        || o.liquidation_max_staleness_s.is_some()
                        || o.max_confidence.is_some()
                        || o.max_ema_deviation.is_some()
                        || o.confidence.is_some()
                        || o.ema_half_life_s.is_some()
                    {
                        c.fail(
                            &at("oracle.source"),
                            &o.source,
                            "a fixed source takes no Pyth parameters",
                        );
                    }
                }
                other => c.fail(
                    &at("oracle.source"),
                    &o.source,
                    format!("unknown source {other:?}: expected \"pyth\" or \"fixed\""),
                ),
            }
            if let Some(path) = &a.path {
                if let Some(v) = &path.volatility {
                    c.range(&at("path.volatility"), v, (0.0, CLOSED), (10.0, CLOSED));
                }
                if let Some(d) = &path.drift {
                    c.range(&at("path.drift"), d, (-10.0, CLOSED), (10.0, CLOSED));
                }
                if let Some(csv) = &path.csv {
                    if path.volatility.is_some() || path.drift.is_some() || !path.shocks.is_empty()
                    {
                        c.fail(
                            &at("path.csv"),
                            csv,
                            "a CSV path cannot be combined with volatility, drift or shocks",
                        );
                    } else if let Err(errs) = crate::price_csv::read_csv(
                        Path::new(csv.get_ref()),
                        steps,
                        *self.run.step_seconds.get_ref(),
                    ) {
                        // Every error of the file, each at its own line.
                        for e in errs {
                            c.errors.push(ScenarioError {
                                file: e.file,
                                position: (e.line > 0).then_some((e.line, 1)),
                                field: at("path.csv"),
                                message: e.reason,
                            });
                        }
                    }
                }
                for (k, s) in path.shocks.iter().enumerate() {
                    let f = |x: &str| at(&format!("path.shocks[{k}].{x}"));
                    c.range(&f("change"), &s.change, (-1.0, OPEN), (100.0, CLOSED));
                    if *s.steps.get_ref() == 0 {
                        c.fail(&f("steps"), &s.steps, "must be at least 1");
                    }
                    if *s.start_step.get_ref() >= steps.max(1) {
                        c.fail(
                            &f("start_step"),
                            &s.start_step,
                            format!("must be before the last step ({steps})"),
                        );
                    }
                }
            }
        }

        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            let o = &a.oracle;
            if let Some(l) = &o.lag_steps {
                if *l.get_ref() > 10_000 {
                    c.fail(&at("oracle.lag_steps"), l, "must be at most 10000");
                }
            }
            if let Some(d) = &o.deviation {
                c.range(&at("oracle.deviation"), d, (0.0, CLOSED), (1.0, OPEN));
            }
            if let Some(h) = &o.heartbeat_s {
                if *h.get_ref() == 0 || *h.get_ref() > 86_400 * 30 {
                    c.fail(
                        &at("oracle.heartbeat_s"),
                        h,
                        "must be in [1, 2592000] seconds",
                    );
                }
            }
            if let Some(m) = &a.market {
                c.range(
                    &at("market.depth_2pct"),
                    &m.depth_2pct,
                    (0.0, OPEN),
                    (1e15, CLOSED),
                );
                c.range(
                    &at("market.recovery"),
                    &m.recovery,
                    (0.0, OPEN),
                    (1.0, CLOSED),
                );
            }
        }

        let b = &self.borrowers;
        let count = *b.count.get_ref();
        if count == 0 || count > MAX_BORROWERS {
            c.fail(
                "borrowers.count",
                &b.count,
                format!("must be in [1, {MAX_BORROWERS}]"),
            );
        }
        self.check_mix(
            c,
            "borrowers.collateral",
            &b.collateral,
            |a| a.collateral.is_some(),
            "collateral",
        );
        self.check_mix(
            c,
            "borrowers.debt",
            &b.debt,
            |a| a.lending.is_some(),
            "lending",
        );
        let maxc = *b.max_collaterals.get_ref() as usize;
        if maxc == 0 || maxc > b.collateral.len().max(1) {
            c.fail(
                "borrowers.max_collaterals",
                &b.max_collaterals,
                format!(
                    "must be in [1, {}] (the collateral assets listed)",
                    b.collateral.len()
                ),
            );
        }
        if c.range(
            "borrowers.size.min",
            &b.size.min,
            (0.0, OPEN),
            (1e12, CLOSED),
        ) && c.range(
            "borrowers.size.max",
            &b.size.max,
            (0.0, OPEN),
            (1e12, CLOSED),
        ) && b.size.max.get_ref() < b.size.min.get_ref()
        {
            c.fail("borrowers.size.max", &b.size.max, "must be ≥ size.min");
        }
        if c.range(
            "borrowers.target_ltv.min",
            &b.target_ltv.min,
            (0.0, OPEN),
            (1.0, CLOSED),
        ) && c.range(
            "borrowers.target_ltv.max",
            &b.target_ltv.max,
            (0.0, OPEN),
            (1.0, CLOSED),
        ) && b.target_ltv.max.get_ref() < b.target_ltv.min.get_ref()
        {
            c.fail(
                "borrowers.target_ltv.max",
                &b.target_ltv.max,
                "must be ≥ target_ltv.min",
            );
        }
        if let Some(s) = &b.sub_account_share {
            c.range(
                "borrowers.sub_account_share",
                s,
                (0.0, CLOSED),
                (1.0, CLOSED),
            );
        }
        if let Some(r) = &b.reserve {
            c.range("borrowers.reserve", r, (0.0, CLOSED), (10.0, CLOSED));
        }
        let bh = &b.behaviour;
        let mut total = 0.0;
        for (name, w) in [
            ("passive", &bh.passive),
            ("top_up", &bh.top_up),
            ("deleverage", &bh.deleverage),
        ] {
            if c.range(
                &format!("borrowers.behaviour.{name}"),
                w,
                (0.0, CLOSED),
                (1e9, CLOSED),
            ) {
                total += *w.get_ref();
            }
        }
        if total <= 0.0 {
            c.fail(
                "borrowers.behaviour.passive",
                &bh.passive,
                "the weights must not all be 0",
            );
        }
        if c.range(
            "borrowers.behaviour.act_below_hf",
            &bh.act_below_hf,
            (1.0, OPEN),
            (10.0, CLOSED),
        ) && c.range(
            "borrowers.behaviour.restore_hf",
            &bh.restore_hf,
            (1.0, OPEN),
            (10.0, CLOSED),
        ) && bh.restore_hf.get_ref() <= bh.act_below_hf.get_ref()
        {
            c.fail(
                "borrowers.behaviour.restore_hf",
                &bh.restore_hf,
                "must be above act_below_hf",
            );
        }
        if *b.check_every_steps.get_ref() == 0 {
            c.fail(
                "borrowers.check_every_steps",
                &b.check_every_steps,
                "must be at least 1",
            );
        }

        for (i, l) in self.lenders.iter().enumerate() {
            match self.asset(l.denom.get_ref()) {
                Some(a) if a.lending.is_some() => {}
                _ => c.fail(
                    &format!("lenders[{i}].denom"),
                    &l.denom,
                    format!("{} is not a listed asset with [lending]", l.denom.get_ref()),
                ),
            }
            let n = *l.count.get_ref();
            if n == 0 || n > 10_000 {
                c.fail(
                    &format!("lenders[{i}].count"),
                    &l.count,
                    "must be in [1, 10000]",
                );
            }
            c.range(
                &format!("lenders[{i}].total"),
                &l.total,
                (0.0, OPEN),
                (1e15, CLOSED),
            );
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, l) in self.liquidators.iter().enumerate() {
            let at = |f: &str| format!("liquidators[{i}].{f}");
            if l.name.get_ref().is_empty() || !names.insert(l.name.get_ref().clone()) {
                c.fail(&at("name"), &l.name, "must be non-empty and unique");
            }
            if l.capital.is_empty() {
                c.fail(
                    &at("name"),
                    &l.name,
                    "capital needs at least one debt denom",
                );
            }
            for (denom, amount) in &l.capital {
                match self.asset(denom) {
                    Some(a) if a.lending.is_some() => {}
                    _ => c.fail(
                        &at(&format!("capital.{denom}")),
                        amount,
                        format!("{denom} is not a listed asset with [lending]"),
                    ),
                }
                c.range(
                    &at(&format!("capital.{denom}")),
                    amount,
                    (0.0, CLOSED),
                    (1e15, CLOSED),
                );
            }
            c.range(
                &at("min_profit"),
                &l.min_profit,
                (0.0, CLOSED),
                (1e12, CLOSED),
            );
            c.range(&at("gas_cost"), &l.gas_cost, (0.0, CLOSED), (1e12, CLOSED));
            if *l.latency_steps.get_ref() > 10_000 {
                c.fail(
                    &at("latency_steps"),
                    &l.latency_steps,
                    "must be at most 10000",
                );
            }
            if let Some(s) = &l.slippage {
                c.range(&at("slippage"), s, (0.0, CLOSED), (1.0, OPEN));
            }
            if let Some(m) = &l.max_per_step {
                if *m.get_ref() == 0 {
                    c.fail(&at("max_per_step"), m, "must be at least 1");
                }
            }
        }
        for (i, o) in self.outages.iter().enumerate() {
            match self.asset(o.denom.get_ref()) {
                Some(a) if a.oracle.is_pyth() => {}
                _ => c.fail(
                    &format!("outages[{i}].denom"),
                    &o.denom,
                    format!("{} is not an asset priced by Pyth", o.denom.get_ref()),
                ),
            }
            if o.to_step.get_ref() < o.from_step.get_ref() {
                c.fail(
                    &format!("outages[{i}].to_step"),
                    &o.to_step,
                    "must be ≥ from_step",
                );
            }
        }
    }

    fn check_mix(
        &self,
        c: &mut Checker,
        field: &str,
        mix: &[Weighted],
        ok: impl Fn(&AssetCfg) -> bool,
        what: &str,
    ) {
        if mix.is_empty() {
            c.fail_at(field, "at least one entry is needed");
        }
        for (k, w) in mix.iter().enumerate() {
            match self.asset(w.denom.get_ref()) {
                Some(a) if ok(a) => {}
                _ => c.fail(
                    &format!("{field}[{k}].denom"),
                    &w.denom,
                    format!("{} is not a listed asset with [{what}]", w.denom.get_ref()),
                ),
            }
            c.range(
                &format!("{field}[{k}].weight"),
                &w.weight,
                (0.0, OPEN),
                (1e9, CLOSED),
            );
        }
    }

    /// A bonus curve: finite and non-negative, then the contract's own rules
    /// ([`ballast_math::liquidation::BonusCurve::validate`]).
    fn check_bonus(c: &mut Checker, field: &str, b: &BonusCfg) {
        let fields = [
            ("start", &b.start),
            ("slope", &b.slope),
            ("min", &b.min),
            ("max", &b.max),
        ];
        if c.all_unsigned(field, &fields) {
            let curve = BonusCurve {
                start: decimal(*b.start.get_ref()),
                slope: decimal(*b.slope.get_ref()),
                min: decimal(*b.min.get_ref()),
                max: decimal(*b.max.get_ref()),
            };
            c.math(field, curve.validate(), &fields);
        }
    }

    /// The parameters the contracts hold: each value finite and non-negative, then checked by
    /// the same validators the contracts run (`ballast-math`), exactly, on the decimals the
    /// simulator will send; an error names the field and its line.
    fn check_params(&self, c: &mut Checker) {
        let p = &self.policy;
        let fields = [
            ("close_factor", &p.close_factor),
            ("full_liquidation_hf", &p.full_liquidation_hf),
            ("protocol_fee_share", &p.protocol_fee_share),
            ("min_leftover_value", &p.min_leftover_value),
        ];
        if c.all_unsigned("policy", &fields) {
            let quote_decimals = *self.quote.decimals.get_ref();
            let params = LiquidationParams {
                close_factor: decimal(*p.close_factor.get_ref()),
                full_liquidation_hf: decimal(*p.full_liquidation_hf.get_ref()),
                protocol_fee_share: decimal(*p.protocol_fee_share.get_ref()),
                min_leftover_value: Uint128::new(to_units(
                    *p.min_leftover_value.get_ref(),
                    quote_decimals,
                )),
            };
            c.math("policy", params.validate(), &fields);
        }
        Self::check_bonus(c, "policy.bonus", &p.bonus);
        if let Some(v) = &self.vault.min_debt_value {
            c.range("vault.min_debt_value", v, (0.0, CLOSED), (1e12, CLOSED));
        }
        if let Some(m) = &self.vault.max_assets_per_account {
            if *m.get_ref() < 2 {
                c.fail(
                    "vault.max_assets_per_account",
                    m,
                    "must be at least 2 (a collateral and a debt)",
                );
            }
        }
        for (i, a) in self.assets.iter().enumerate() {
            let at = |f: &str| format!("assets[{i}].{f}");
            if let Some(b) = &a.bonus {
                Self::check_bonus(c, &at("bonus"), b);
            }
            let bonus_max = a.bonus_max(p);
            if let Some(col) = &a.collateral {
                c.collateral(
                    &at("collateral"),
                    [
                        ("max_ltv", &col.max_ltv),
                        ("liquidation_threshold", &col.liquidation_threshold),
                    ],
                    bonus_max,
                );
                if let Some(cap) = &col.deposit_cap {
                    c.range(
                        &at("collateral.deposit_cap"),
                        cap,
                        (0.0, CLOSED),
                        (1e18, CLOSED),
                    );
                }
            }
            if let Some(l) = &a.lending {
                let field = at("lending");
                c.rate_model(
                    &field,
                    [
                        ("base", &l.base),
                        ("slope1", &l.slope1),
                        ("slope2", &l.slope2),
                        ("optimal_utilization", &l.optimal_utilization),
                    ],
                );
                c.reserve_factor(&field, &l.reserve_factor);
            }
        }
    }
}

impl Checker<'_> {
    /// Collateral parameters `[max_ltv, liquidation_threshold]` (under `prefix`) as the vault
    /// checks them: `0 < max_ltv < liquidation_threshold < 1` and
    /// `liquidation_threshold · (1 + bonus_max) < 1`. `true` when valid.
    pub(crate) fn collateral(
        &mut self,
        prefix: &str,
        fields: [(&str, &Spanned<f64>); 2],
        bonus_max: f64,
    ) -> bool {
        if !self.all_unsigned(prefix, &fields) {
            return false;
        }
        let (m, t) = (
            decimal(*fields[0].1.get_ref()),
            decimal(*fields[1].1.get_ref()),
        );
        if !self.math(prefix, validate_collateral_params(m, t), &fields) {
            return false;
        }
        if !(bonus_max.is_finite() && bonus_max >= 0.0) {
            // the bonus curve's own error is reported where it is
            return true;
        }
        self.math(
            prefix,
            validate_threshold_with_bonus(t, decimal(bonus_max))
                .map_err(|e| with_reason(e, "a liquidation must improve health")),
            &fields,
        )
    }

    /// A rate model `[base, slope1, slope2, optimal_utilization]` (under `prefix`) by the
    /// vault's validator. `true` when valid.
    pub(crate) fn rate_model(&mut self, prefix: &str, fields: [(&str, &Spanned<f64>); 4]) -> bool {
        if !self.all_unsigned(prefix, &fields) {
            return false;
        }
        let model = RateModel {
            base: decimal(*fields[0].1.get_ref()),
            slope1: decimal(*fields[1].1.get_ref()),
            slope2: decimal(*fields[2].1.get_ref()),
            optimal_utilization: decimal(*fields[3].1.get_ref()),
        };
        self.math(prefix, model.validate(), &fields)
    }

    /// A reserve factor (`prefix.reserve_factor`) by the vault's validator, `[0, 1)`.
    pub(crate) fn reserve_factor(&mut self, prefix: &str, value: &Spanned<f64>) -> bool {
        let fields = [("reserve_factor", value)];
        self.all_unsigned(prefix, &fields)
            && self.math(
                prefix,
                validate_reserve_factor(decimal(*value.get_ref())),
                &fields,
            )
    }

    /// Every error found so far, or `Ok`.
    pub(crate) fn finish(self) -> Result<(), Vec<ScenarioError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// `err` with `more` added to its reason.
fn with_reason(err: MathError, more: &str) -> MathError {
    match err {
        MathError::InvalidParam { name, reason } => MathError::InvalidParam {
            name,
            reason: format!("{reason}: {more}"),
        },
        other => other,
    }
}

/// Runs `checks` over a file's values; every error they find, or `Ok`.
fn check(
    src: &str,
    file: &str,
    checks: impl FnOnce(&mut Checker),
) -> Result<(), Vec<ScenarioError>> {
    let mut c = Checker::new(file, src);
    checks(&mut c);
    c.finish()
}
