//! Price paths: geometric Brownian motion plus shocks, or a CSV file.
//!
//! A path has `steps + 1` prices (step 0 is the start), in quote units per whole token.

use std::path::Path;

use crate::price_csv::read_csv;
use crate::rng::Rng;
use crate::scenario::{AssetCfg, SECONDS_PER_YEAR};

/// The price of `asset` at every step, `0..=steps`.
///
/// Brownian part: `p_{k+1} = p_k · exp((μ − σ²/2)·Δt + σ·√Δt·Z)` with Δt in years. Each shock
/// multiplies the price by `(1 + change)^(1/n)` at each of its `n` steps, so the whole shock is
/// `1 + change` on top of the Brownian moves. A CSV path gives every price itself.
pub fn generate(
    asset: &AssetCfg,
    steps: u32,
    step_seconds: u64,
    rng: &mut Rng,
) -> Result<Vec<f64>, String> {
    if let Some(csv) = asset.path.as_ref().and_then(|p| p.csv.as_ref()) {
        return read_csv(Path::new(csv.get_ref()), steps, step_seconds).map_err(|errs| {
            errs.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        });
    }
    let start = asset.price.as_ref().map_or(1.0, |p| *p.get_ref());
    let Some(cfg) = &asset.path else {
        return Ok(vec![start; steps as usize + 1]);
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price_csv::{csv_start_time, format_time, parse_time};
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

    fn csv(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ballast-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn csv_paths_accept_comments_then_a_header_and_an_optional_time_column() {
        let rows: String = (0..=3).map(|k| format!("{k},{}\n", 10 - k)).collect();
        let good = csv(
            "good.csv",
            &format!("# provenance\n# more\n\nstep,price\n# c\n{rows}"),
        );
        assert_eq!(read_csv(&good, 3, 60).unwrap(), vec![10.0, 9.0, 8.0, 7.0]);
        // Extra rows past the run are ignored; too few is an error.
        assert_eq!(read_csv(&good, 2, 60).unwrap(), vec![10.0, 9.0, 8.0]);
        let err = read_csv(&good, 4, 60).unwrap_err();
        assert!(
            err[0]
                .to_string()
                .contains("covers steps 0..4 but the run has 4 steps"),
            "{err:?}"
        );
        let timed = csv(
            "timed.csv",
            "step,time,price\n0,2022-05-09 00:00:00,80\n1,2022-05-09T01:00:00Z,70\n2,1652061600,60\n",
        );
        assert_eq!(read_csv(&timed, 2, 3_600).unwrap(), vec![80.0, 70.0, 60.0]);
        assert_eq!(parse_time("2022-05-09 02:00:00"), Some(1_652_061_600));
        assert_eq!(parse_time("1970-01-01 00:00:00"), Some(0));
        assert_eq!(parse_time("2022-13-01 00:00:00"), None);
        assert_eq!(csv_start_time(&timed), Some(1_652_054_400));
        assert_eq!(csv_start_time(&good), None);
        assert_eq!(format_time(1_652_054_400), "2022-05-09 00:00");
        assert_eq!(format_time(0), "1970-01-01 00:00");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00");
    }

    #[test]
    fn every_error_of_a_csv_is_reported_with_its_line() {
        let bad = csv(
            "bad.csv",
            "# header after a comment\nstep,time,price\n0,2022-05-09 00:00:00,10\n1,2022-05-09 01:00:00,-3\n1,2022-05-09 01:00:00,9\n3,2022-05-09 03:00:00,8\nx,2022-05-09 04:00:00,8\n4,2022-05-09 05:30:00,7\n5,yesterday,6\n6,2022-05-09 07:00:00\n",
        );
        let errs = read_csv(&bad, 6, 3_600).unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        let expect = [
            (4, "price \"-3\" must be a number > 0"),
            (5, "step 1 comes again or out of order (expected 2)"),
            (6, "steps 2..2 are missing"),
            (7, "step \"x\" is not a whole number"),
            (8, "time is 9000 s after the previous row"),
            (9, "time \"yesterday\""),
            (10, "2 cells, expected 3"),
        ];
        for (line, reason) in expect {
            assert!(
                text.iter()
                    .any(|t| t.contains(&format!("bad.csv:{line}: ")) && t.contains(reason)),
                "line {line} {reason:?} in {text:#?}"
            );
        }
        let header = csv("header.csv", "when,what\n0,1\n");
        let errs = read_csv(&header, 1, 60).unwrap_err();
        assert!(
            errs[0].to_string().contains("header.csv:1: header"),
            "{errs:?}"
        );
    }
}
