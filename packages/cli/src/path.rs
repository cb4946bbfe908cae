//! Price paths: geometric Brownian motion plus shocks, or a CSV file.
//!
//! A path has `steps + 1` prices (step 0 is the start), in quote units per whole token.

use std::path::Path;

use crate::rng::Rng;
use crate::scenario::{AssetCfg, SECONDS_PER_YEAR};

/// The price of `asset` at every step, `0..=steps`.
///
/// Brownian part: `p_{k+1} = p_k · exp((μ − σ²/2)·Δt + σ·√Δt·Z)` with Δt in years. Each shock
/// multiplies the price by `(1 + change)^(1/n)` at each of its `n` steps, so the whole shock is
/// `1 + change` on top of the Brownian moves.
pub fn generate(
    asset: &AssetCfg,
    steps: u32,
    step_seconds: u64,
    rng: &mut Rng,
) -> Result<Vec<f64>, String> {
    let start = *asset.price.get_ref();
    let Some(cfg) = &asset.path else {
        return Ok(vec![start; steps as usize + 1]);
    };
    if let Some(csv) = &cfg.csv {
        return read_csv(Path::new(csv.get_ref()), steps);
    }
    let sigma = cfg.volatility.as_ref().map_or(0.0, |v| *v.get_ref());
    let mu = cfg.drift.as_ref().map_or(0.0, |v| *v.get_ref());
    let dt = step_seconds as f64 / SECONDS_PER_YEAR;
    let mut prices = Vec::with_capacity(steps as usize + 1);
    let mut p = start;
    prices.push(p);
    for k in 1..=steps {
        let z = rng.normal();
        p *= ((mu - sigma * sigma / 2.0) * dt + sigma * dt.sqrt() * z).exp();
        for shock in &cfg.shocks {
            let (s, n) = (*shock.start_step.get_ref(), *shock.steps.get_ref());
            if k > s && k <= s.saturating_add(n) {
                p *= (1.0 + *shock.change.get_ref()).powf(1.0 / f64::from(n));
            }
        }
        prices.push(p);
    }
    Ok(prices)
}

/// Reads a `step,price` CSV (an optional header line, blank lines and `#` comments allowed) that
/// gives a price for every step `0..=steps`; errors name the line.
pub fn read_csv(path: &Path, steps: u32) -> Result<Vec<f64>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let mut prices: Vec<Option<f64>> = vec![None; steps as usize + 1];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells = line.split(',').map(str::trim);
        let (Some(step), Some(price), None) = (cells.next(), cells.next(), cells.next()) else {
            return Err(format!(
                "{}:{}: expected `step,price`",
                path.display(),
                n + 1
            ));
        };
        let Ok(step) = step.parse::<u64>() else {
            if n == 0 {
                continue; // header
            }
            return Err(format!(
                "{}:{}: step {step:?} is not a whole number",
                path.display(),
                n + 1
            ));
        };
        let price: f64 = price
            .parse()
            .ok()
            .filter(|p: &f64| p.is_finite() && *p > 0.0)
            .ok_or_else(|| {
                format!(
                    "{}:{}: price {price:?} must be a number > 0",
                    path.display(),
                    n + 1
                )
            })?;
        if let Some(slot) = prices.get_mut(step as usize) {
            *slot = Some(price);
        }
    }
    prices
        .iter()
        .enumerate()
        .map(|(k, p)| {
            p.ok_or_else(|| {
                format!(
                    "{}: no price for step {k} (the run has {steps} steps)",
                    path.display()
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn asset_with_path(path: &str) -> AssetCfg {
        let text = format!(
            r#"
name = "p"
[run]
steps = 10
step_seconds = 60
[policy]
close_factor = 0.5
full_liquidation_hf = 0.95
protocol_fee_share = 0.1
min_leftover_value = 1.0
bonus = {{ start = 0.04, slope = 1.0, min = 0.02, max = 0.15 }}
[[assets]]
denom = "uatom"
decimals = 6
price = 10.0
oracle = {{ source = "fixed" }}
collateral = {{ max_ltv = 0.5, liquidation_threshold = 0.6 }}
path = {path}
[[assets]]
denom = "uusdc"
decimals = 6
price = 1.0
oracle = {{ source = "fixed" }}
lending = {{ base = 0.0, slope1 = 0.1, slope2 = 1.0, optimal_utilization = 0.8, reserve_factor = 0.1 }}
[borrowers]
count = 1
collateral = [{{ denom = "uatom", weight = 1.0 }}]
debt = [{{ denom = "uusdc", weight = 1.0 }}]
size = {{ min = 100.0, max = 100.0 }}
target_ltv = {{ min = 0.5, max = 0.5 }}
behaviour = {{ passive = 1.0, top_up = 0.0, deleverage = 0.0, act_below_hf = 1.1, restore_hf = 1.2 }}
"#
        );
        let sc = Scenario::parse(&text, "p.toml", Path::new("/")).unwrap();
        sc.assets[0].clone()
    }

    #[test]
    fn a_shock_without_volatility_multiplies_by_one_plus_change() {
        let a = asset_with_path("{ shocks = [{ start_step = 2, steps = 4, change = -0.5 }] }");
        let p = generate(&a, 10, 60, &mut Rng::new(1, 1)).unwrap();
        assert_eq!(p.len(), 11);
        assert_eq!(p[2], 10.0);
        assert!((p[6] - 5.0).abs() < 1e-9, "{p:?}");
        assert!((p[10] - 5.0).abs() < 1e-9);
        assert!(p[3] < p[2] && p[4] < p[3]);
    }

    #[test]
    fn csv_paths_need_every_step_and_name_bad_lines() {
        let dir = std::env::temp_dir().join(format!("ballast-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.csv");
        let rows: String = (0..=3).map(|k| format!("{k},{}\n", 10 - k)).collect();
        std::fs::write(&good, format!("step,price\n# comment\n{rows}")).unwrap();
        assert_eq!(read_csv(&good, 3).unwrap(), vec![10.0, 9.0, 8.0, 7.0]);
        let err = read_csv(&good, 4).unwrap_err();
        assert!(err.contains("no price for step 4"), "{err}");
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "0,10\n1,-3\n").unwrap();
        let err = read_csv(&bad, 1).unwrap_err();
        assert!(
            err.contains("bad.csv:2") && err.contains("must be a number > 0"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
