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

/// One problem in a CSV file, at a line (1-based; 0 = the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The file.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        } else {
            write!(f, "{}: {}", self.file, self.reason)
        }
    }
}

/// Seconds since 1970-01-01 UTC of a proleptic Gregorian date and time.
fn epoch_seconds(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> i64 {
    // Days from civil (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3_600 + mm * 60 + ss
}

/// A time cell: seconds since the epoch, or `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn parse_time(cell: &str) -> Option<i64> {
    let cell = cell.trim();
    if let Ok(secs) = cell.parse::<i64>() {
        return Some(secs);
    }
    let cell = cell.strip_suffix('Z').unwrap_or(cell);
    let (date, time) = cell.split_once([' ', 'T'])?;
    let d: Vec<i64> = date
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let t: Vec<i64> = time
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let ([y, mo, da], [hh, mi, ss]) = (d.as_slice(), t.as_slice()) else {
        return None;
    };
    let ok = (1..=12).contains(mo)
        && (1..=31).contains(da)
        && (0..24).contains(hh)
        && (0..60).contains(mi)
        && (0..=60).contains(ss);
    ok.then(|| epoch_seconds(*y, *mo, *da, *hh, *mi, *ss))
}

/// The time (seconds since 1970, UTC) of step 0 of a price CSV with a time column, if it has one
/// and it reads (the full checks are [`read_csv`]'s).
pub fn csv_start_time(path: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first = lines.next()?;
    let cells: Vec<&str> = first.split(',').map(str::trim).collect();
    let (row, t) = if cells[0].parse::<u64>().is_err() {
        let t = cells.iter().position(|c| c.eq_ignore_ascii_case("time"))?;
        (lines.next()?, t)
    } else if cells.len() == 3 {
        (first, 1)
    } else {
        return None;
    };
    let cells: Vec<&str> = row.split(',').map(str::trim).collect();
    parse_time(cells.get(t)?)
}

/// `YYYY-MM-DD HH:MM` (UTC) of `secs` since 1970.
pub fn format_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3_600,
        rem % 3_600 / 60
    )
}

/// Reads a price CSV: `step,price` or `step,time,price` rows (time in UTC, seconds since the
/// epoch or `YYYY-MM-DD HH:MM:SS`), `#` comments and blank lines anywhere, an optional header
/// line (the first line that is not a comment) naming the columns. Rows give steps 0, 1, 2, …
/// in order, none twice or missing; with a time column, consecutive rows are `step_seconds`
/// apart. The file must cover `0..=steps` (later rows are ignored). Every error of the file is
/// reported, each with its line.
pub fn read_csv(path: &Path, steps: u32, step_seconds: u64) -> Result<Vec<f64>, Vec<CsvError>> {
    let file = path.display().to_string();
    let err = |line: usize, reason: String| CsvError {
        file: file.clone(),
        line,
        reason,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![err(0, format!("cannot read: {e}"))])?;
    let mut errors = Vec::new();
    let mut prices: Vec<f64> = Vec::with_capacity(steps as usize + 1);
    // Column indexes: (step, time, price).
    let mut columns: Option<(usize, Option<usize>, usize)> = None;
    let mut last_time: Option<i64> = None;
    let mut expected: u64 = 0;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if columns.is_none() {
            if cells[0].parse::<u64>().is_err() {
                // The header: names the columns.
                let find = |name: &str| cells.iter().position(|c| c.eq_ignore_ascii_case(name));
                match (find("step"), find("price")) {
                    (Some(s), Some(p)) if cells.len() <= 3 => {
                        let t = find("time");
                        if cells.len() == 3 && t.is_none() {
                            errors.push(err(
                                line_no,
                                format!("header {line:?}: the third column must be `time`"),
                            ));
                        }
                        columns = Some((s, t, p));
                    }
                    _ => errors.push(err(
                        line_no,
                        format!("header {line:?}: expected `step,price` or `step,time,price`"),
                    )),
                }
                if columns.is_none() {
                    return Err(errors);
                }
                continue;
            }
            columns = Some(match cells.len() {
                3 => (0, Some(1), 2),
                _ => (0, None, 1),
            });
        }
        let Some((si, ti, pi)) = columns else {
            continue;
        };
        let width = if ti.is_some() { 3 } else { 2 };
        if cells.len() != width {
            errors.push(err(
                line_no,
                format!("{} cells, expected {width}", cells.len()),
            ));
            continue;
        }
        let step = match cells[si].parse::<u64>() {
            Ok(s) => s,
            Err(_) => {
                errors.push(err(
                    line_no,
                    format!("step {:?} is not a whole number", cells[si]),
                ));
                continue;
            }
        };
        let price = cells[pi]
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite() && *p > 0.0);
        if price.is_none() {
            errors.push(err(
                line_no,
                format!("price {:?} must be a number > 0", cells[pi]),
            ));
        }
        if let Some(ti) = ti {
            match parse_time(cells[ti]) {
                None => errors.push(err(
                    line_no,
                    format!(
                        "time {:?} is neither seconds since 1970 nor YYYY-MM-DD HH:MM:SS (UTC)",
                        cells[ti]
                    ),
                )),
                Some(t) => {
                    if let Some(prev) = last_time {
                        let gap = t - prev;
                        if step == expected && gap != step_seconds as i64 {
                            errors.push(err(
                                line_no,
                                format!(
                                    "time is {gap} s after the previous row; the scenario's step is {step_seconds} s"
                                ),
                            ));
                        }
                    }
                    last_time = Some(t);
                }
            }
        }
        match step.cmp(&expected) {
            std::cmp::Ordering::Less => {
                errors.push(err(
                    line_no,
                    format!("step {step} comes again or out of order (expected {expected})"),
                ));
                continue;
            }
            std::cmp::Ordering::Greater => {
                errors.push(err(
                    line_no,
                    format!("step {step}: steps {expected}..{} are missing", step - 1),
                ));
                // Carry on from here so later lines are checked too.
                expected = step;
            }
            std::cmp::Ordering::Equal => {}
        }
        if expected as usize == prices.len() {
            prices.push(price.unwrap_or(f64::NAN));
        } else {
            while prices.len() < expected as usize {
                prices.push(f64::NAN);
            }
            prices.push(price.unwrap_or(f64::NAN));
        }
        expected += 1;
    }
    if prices.len() < steps as usize + 1 {
        errors.push(err(
            0,
            format!(
                "covers steps 0..{} but the run has {steps} steps (0..={steps})",
                prices.len()
            ),
        ));
    }
    if errors.is_empty() {
        prices.truncate(steps as usize + 1);
        Ok(prices)
    } else {
        Err(errors)
    }
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
