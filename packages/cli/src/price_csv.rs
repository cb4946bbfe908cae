//! Price paths read from CSV files (`path = "…csv"` in a scenario): the file's format, its
//! times, and every problem found in it, each at its line.

use std::path::Path;

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
