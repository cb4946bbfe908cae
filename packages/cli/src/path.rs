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
