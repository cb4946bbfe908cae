//! Parameter sweeps: `ballast sweep SCENARIO --set 'assets.uatom.collateral.max_ltv=0.55..0.75/0.05'`
//! runs the scenario at every value (one or two parameters: the grid of both), each as a Monte
//! Carlo of `--paths` seeds, and tabulates bad debt (p50, p99), loss and liquidations against
//! the parameter(s).
//!
//! A `--set` names a value of the scenario file by its TOML path; an array of tables is indexed
//! by its entries' `denom` (assets, lenders, outages) or `name` (liquidators), or by a number.
//! The scenario is rebuilt from its text with the value replaced and validated whole, so a swept
//! value out of bounds is an error naming the field, before anything runs.

use std::path::Path;

use serde::Serialize;

use crate::montecarlo::{self, MonteCarlo};
use crate::report::ToolInfo;
use crate::scenario::{Scenario, ScenarioError};

/// One swept parameter: its path and the values it takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    /// TOML path (`assets.uatom.collateral.max_ltv`).
    pub path: String,
    /// Values, in order.
    pub values: Vec<f64>,
}

/// Most values one axis may take.
pub const MAX_AXIS_VALUES: usize = 1_000;

fn bad(spec: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        file: "--set".to_string(),
        position: None,
        field: spec.split('=').next().unwrap_or(spec).trim().to_string(),
        message: message.into(),
    }
}

/// Parses `path=lo..hi/step`, `path=v1,v2,...` or `path=v`.
pub fn parse_axis(spec: &str) -> Result<Axis, ScenarioError> {
    let (path, values) = spec
        .split_once('=')
        .ok_or_else(|| bad(spec, "expected PATH=LO..HI/STEP, PATH=V1,V2,... or PATH=V"))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(bad(
            spec,
            "the path must be dotted keys, e.g. policy.close_factor",
        ));
    }
    let num = |s: &str| -> Result<f64, ScenarioError> {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(spec, format!("{:?} is not a number", s.trim())))
    };
    let values = if let Some((range, step)) = values.split_once('/') {
        let (lo, hi) = range
            .split_once("..")
            .ok_or_else(|| bad(spec, "a range is LO..HI/STEP"))?;
        let (lo, hi, step) = (num(lo)?, num(hi)?, num(step)?);
        if step <= 0.0 || hi < lo {
            return Err(bad(spec, "a range needs LO ≤ HI and STEP > 0"));
        }
        let n = ((hi - lo) / step + 1e-9).floor() as usize + 1;
        if n > MAX_AXIS_VALUES {
            return Err(bad(spec, format!("more than {MAX_AXIS_VALUES} values")));
        }
        // Rounded to 12 digits so that 0.55 + 3 × 0.05 is 0.7, not 0.7000000000000001.
        (0..n)
            .map(|k| ((lo + step * k as f64) * 1e12).round() / 1e12)
            .collect()
    } else {
        values.split(',').map(num).collect::<Result<Vec<_>, _>>()?
    };
    if values.is_empty() {
        return Err(bad(spec, "no value"));
    }
    Ok(Axis {
        path: path.to_string(),
        values,
    })
}

/// Sets `path` to `value` in `table`; integers stay integers (the value must then be whole).
fn set_value(table: &mut toml::Table, path: &str, value: f64) -> Result<(), String> {
    let keys: Vec<&str> = path.split('.').collect();
    let mut node: &mut toml::Value = table
        .get_mut(keys[0])
        .ok_or_else(|| format!("no `{}` in the scenario", keys[0]))?;
    for (i, key) in keys.iter().enumerate().skip(1) {
        let here = keys[..i].join(".");
        node = match node {
            toml::Value::Table(t) => t
                .get_mut(*key)
                .ok_or_else(|| format!("no `{key}` in `{here}` (set only what the file gives)"))?,
            toml::Value::Array(items) => {
                let pos = match key.parse::<usize>() {
                    Ok(k) if k < items.len() => Some(k),
                    _ => items.iter().position(|item| {
                        ["denom", "name"]
                            .iter()
                            .any(|id| item.get(id).and_then(toml::Value::as_str) == Some(*key))
                    }),
                };
                let pos = pos.ok_or_else(|| format!("no entry `{key}` in `{here}`"))?;
                &mut items[pos]
            }
            _ => return Err(format!("`{here}` is a value, not a table")),
        };
    }
    match node {
        toml::Value::Float(f) => *f = value,
        toml::Value::Integer(i) => {
            if value.fract() != 0.0 || value < i64::MIN as f64 || value > i64::MAX as f64 {
                return Err(format!(
                    "{value} is not a whole number, as `{path}` must be"
                ));
            }
            *i = value as i64;
        }
        _ => return Err(format!("`{path}` is not a number")),
    }
    Ok(())
}

/// The scenario `src` (file `file`, CSV paths relative to `base`) with each `(path, value)` set,
/// validated whole. The file is validated as written first, so a problem of the file itself is
/// reported at its line and column; what is left can only come from the values set, and is
/// reported against them.
pub fn scenario_with(
    src: &str,
    file: &str,
    base: &Path,
    sets: &[(&str, f64)],
) -> Result<Scenario, Vec<ScenarioError>> {
    Scenario::parse(src, file, base)?;
    let mut table: toml::Table = toml::from_str(src).map_err(|err| {
        vec![ScenarioError {
            file: file.to_string(),
            position: err.span().map(|s| crate::scenario::line_col(src, s.start)),
            field: String::new(),
            message: err.message().to_string(),
        }]
    })?;
    let label = sets
        .iter()
        .map(|(p, v)| format!("{p}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    for (path, value) in sets {
        set_value(&mut table, path, *value).map_err(|message| {
            vec![ScenarioError {
                file: file.to_string(),
                position: None,
                field: path.to_string(),
                message,
            }]
        })?;
    }
    let text = toml::to_string(&table).map_err(|err| {
        vec![ScenarioError {
            file: file.to_string(),
            position: None,
            field: String::new(),
            message: err.to_string(),
        }]
    })?;
    // Errors point at the rebuilt text: name the file and the values set, drop the position.
    Scenario::parse(&text, file, base).map_err(|errs| {
        errs.into_iter()
            .map(|e| ScenarioError {
                file: format!("{file} with {label}"),
                position: None,
                ..e
            })
            .collect()
    })
}

/// One point of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The value of each axis.
    pub values: Vec<f64>,
    /// Its Monte Carlo run (outcomes per path included).
    pub result: MonteCarlo,
}

/// A whole sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The tool and build.
    pub tool: ToolInfo,
    /// Scenario name.
    pub scenario: String,
    /// Seed of every point (the same seeds at every point: common random numbers, so differences
    /// come from the parameter, not from the draw).
    pub seed: u64,
    /// Paths per point.
    pub paths: u32,
    /// The swept parameters.
    pub axes: Vec<Axis>,
    /// Every point, the first axis varying slowest.
    pub points: Vec<Point>,
}

/// Every combination of the axes' values, the first axis varying slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut out = vec![vec![]];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.values.iter().map(move |v| {
                    let mut p = prefix.clone();
                    p.push(*v);
                    p
                })
            })
            .collect();
    }
    out
}

/// Every grid point's scenario, validated before anything runs.
pub fn scenarios(
    src: &str,
    file: &str,
    base: &Path,
    axes: &[Axis],
) -> Result<Vec<(Vec<f64>, Scenario)>, Vec<ScenarioError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for values in grid(axes) {
        let sets: Vec<(&str, f64)> = axes
            .iter()
            .map(|a| a.path.as_str())
            .zip(values.iter().copied())
            .collect();
        match scenario_with(src, file, base, &sets) {
            Ok(sc) => out.push((values, sc)),
            Err(errs) => errors.extend(errs),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Runs every point (each a Monte Carlo of `paths` seeds from `seed` on `threads` threads).
pub fn run(
    points: &[(Vec<f64>, Scenario)],
    axes: &[Axis],
    seed: u64,
    paths: u32,
    threads: usize,
    step_done: impl Fn() + Sync,
) -> Result<Sweep, crate::SimError> {
    let mut out = Vec::new();
    for (values, sc) in points {
        let label = axes
            .iter()
            .zip(values)
            .map(|(a, v)| format!("{}={v}", a.path))
            .collect::<Vec<_>>()
            .join(", ");
        let result = montecarlo::run(sc, &label, seed, paths, threads, &step_done)?;
        out.push(Point {
            values: values.clone(),
            result,
        });
    }
    Ok(Sweep {
        tool: ToolInfo::current(),
        scenario: points
            .first()
            .map_or(String::new(), |(_, s)| s.name.clone()),
        seed,
        paths,
        axes: axes.to_vec(),
        points: out,
    })
}

impl Sweep {
    /// The table: one row per point.
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let q = self
            .points
            .first()
            .and_then(|p| {
                p.result
                    .resolved_scenario
                    .pointer("/quote/symbol")
                    .and_then(|s| s.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "quote units".into());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Sweep: {}, {} path(s) per point from seed {} (values in {q})",
            self.scenario, self.paths, self.seed
        );
        let mut head: Vec<String> = self.axes.iter().map(|a| a.path.clone()).collect();
        head.extend(
            [
                "bad debt p50",
                "bad debt p99",
                "loss mean",
                "loss p99",
                "liquidations mean",
                "liq. volume mean",
                "lowest HF p50",
                "worst seed",
            ]
            .map(str::to_string),
        );
        let _ = writeln!(out, "  {}", head.join(" | "));
        for p in &self.points {
            let r = &p.result;
            let liq = r
                .outcomes
                .iter()
                .map(|o| o.liquidations as f64)
                .sum::<f64>()
                / r.paths.max(1) as f64;
            let mut cells: Vec<String> = p.values.iter().map(|v| format!("{v}")).collect();
            let d = |x: &Option<montecarlo::Distribution>,
                     f: fn(&montecarlo::Distribution) -> f64| {
                x.as_ref()
                    .map_or("n/a".to_string(), |d| format!("{:.2}", f(d)))
            };
            cells.push(d(&r.bad_debt, |d| d.p50));
            cells.push(d(&r.bad_debt, |d| d.p99));
            cells.push(d(&r.loss, |d| d.mean));
            cells.push(d(&r.loss, |d| d.p99));
            cells.push(format!("{liq:.1}"));
            cells.push(d(&r.liquidation_volume, |d| d.mean));
            cells.push(
                r.lowest_health
                    .as_ref()
                    .map_or("n/a".into(), |d| format!("{:.4}", d.p50)),
            );
            cells.push(r.worst_path_seed.to_string());
            let _ = writeln!(out, "  {}", cells.join(" | "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_ranges_lists_and_single_values() {
        let a = parse_axis("assets.uatom.collateral.max_ltv=0.55..0.75/0.05").unwrap();
        assert_eq!(a.path, "assets.uatom.collateral.max_ltv");
        assert_eq!(a.values, vec![0.55, 0.6, 0.65, 0.7, 0.75]);
        assert_eq!(
            parse_axis("policy.close_factor=0.25,0.5,1").unwrap().values,
            vec![0.25, 0.5, 1.0]
        );
        assert_eq!(parse_axis("run.seed=3").unwrap().values, vec![3.0]);
        for bad_spec in [
            "policy.close_factor",
            "=1",
            "policy..x=1",
            "policy.close_factor=0.7..0.5/0.1",
            "policy.close_factor=0.5..0.7/0",
            "policy.close_factor=a,b",
            "policy.close_factor=0..1000000/0.001",
        ] {
            assert!(parse_axis(bad_spec).is_err(), "{bad_spec}");
        }
    }

    #[test]
    fn the_grid_varies_the_first_axis_slowest() {
        let axes = [
            Axis {
                path: "a".into(),
                values: vec![1.0, 2.0],
            },
            Axis {
                path: "b".into(),
                values: vec![10.0, 20.0, 30.0],
            },
        ];
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![1.0, 10.0]);
        assert_eq!(g[2], vec![1.0, 30.0]);
        assert_eq!(g[3], vec![2.0, 10.0]);
    }

    #[test]
    fn a_set_reaches_array_entries_by_denom_or_name_and_keeps_integers() {
        let src = crate::DEFAULT_SCENARIO;
        let base = Path::new(".");
        let sc = scenario_with(
            src,
            "d.toml",
            base,
            &[
                ("assets.uatom.collateral.max_ltv", 0.6),
                ("liquidators.slow.latency_steps", 9.0),
                ("policy.close_factor", 1.0),
            ],
        )
        .unwrap();
        let atom = sc.asset("uatom").unwrap();
        assert_eq!(*atom.collateral.as_ref().unwrap().max_ltv.get_ref(), 0.6);
        assert_eq!(*sc.liquidators[2].latency_steps.get_ref(), 9);
        assert_eq!(*sc.policy.close_factor.get_ref(), 1.0);
        // Everything else as in the file.
        let d = crate::default_scenario().unwrap();
        assert_eq!(sc.description, d.description);
        assert_eq!(
            *sc.asset("wei")
                .unwrap()
                .collateral
                .as_ref()
                .unwrap()
                .max_ltv
                .get_ref(),
            *d.asset("wei")
                .unwrap()
                .collateral
                .as_ref()
                .unwrap()
                .max_ltv
                .get_ref()
        );
        // Errors name the field: unknown entry, non-integer for an integer, out of bounds.
        let err = |path: &str, v: f64| {
            scenario_with(src, "d.toml", base, &[(path, v)]).unwrap_err()[0].to_string()
        };
        assert!(err("assets.uosmo.collateral.max_ltv", 0.5).contains("no entry `uosmo`"));
        assert!(err("liquidators.slow.latency_steps", 1.5).contains("whole number"));
        let e = err("assets.uatom.collateral.max_ltv", 0.8);
        assert!(
            e.contains("assets[0].collateral.max_ltv")
                && e.contains("must be < liquidation_threshold")
                && e.contains("with assets.uatom.collateral.max_ltv=0.8"),
            "{e}"
        );
        // A problem of the file itself is reported at its line, whatever is set.
        let broken = src.replacen("close_factor = ", "close_factor = -", 1);
        let line = broken
            .lines()
            .position(|l| l.contains("close_factor = -"))
            .unwrap()
            + 1;
        let e = scenario_with(&broken, "d.toml", base, &[("policy.close_factor", 0.5)])
            .unwrap_err()[0]
            .to_string();
        assert!(e.starts_with(&format!("d.toml:{line}:")), "{e}");
    }
}
