//! Charts, drawn with plotters into SVG and PNG from the same code.
//!
//! `report.svg` / `report.png`: one run, or several overlaid (`--compare`), against time in
//! hours: prices (path, market and oracle) with shocks, feed outages and breaker trips marked;
//! aggregate LTV with each collateral's liquidation threshold; the lowest health factor and the
//! liquidatable count; liquidations per step (count) and the value they repaid; bad debt
//! written off and the unrealised deficit. `sweep.svg` / `sweep.png`: bad debt (p50, p99), loss
//! and liquidations against the swept parameter.
//!
//! Text needs a TrueType font, read at run time: `BALLAST_FONT` if set, else the first of the
//! usual system places that has one (DejaVu, Liberation, …). Without one, no chart is drawn
//! and the error says how to give one; the JSON reports do not depend on it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::Report;
use crate::sweep::Sweep;

/// Why a chart was not drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// No TrueType font could be found.
    #[error(
        "no TrueType font found for the chart's text: set BALLAST_FONT to a .ttf file \
         (looked in {looked})"
    )]
    NoFont {
        /// Where it looked.
        looked: String,
    },
    /// Drawing or writing failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

const FONT_DIRS: [&str; 6] = [
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/X11R6/lib/X11/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:\\Windows\\Fonts",
];

/// Preferred fonts, by file name, before any other `.ttf`.
const PREFERRED: [&str; 4] = [
    "DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "Arial.ttf",
    "arial.ttf",
];

fn find_ttf(dir: &Path, depth: u32, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && depth > 0 {
            find_ttf(&path, depth - 1, found);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ttf"))
        {
            found.push(path);
        }
    }
}

/// The font file the charts use.
pub fn font_path() -> Result<PathBuf, ChartError> {
    if let Some(p) = std::env::var_os("BALLAST_FONT") {
        return Ok(PathBuf::from(p));
    }
    let mut found = Vec::new();
    for dir in FONT_DIRS {
        find_ttf(Path::new(dir), 4, &mut found);
    }
    let preferred = PREFERRED.iter().find_map(|name| {
        found
            .iter()
            .find(|p| p.file_name().is_some_and(|f| f == *name))
    });
    preferred
        .or(found.first())
        .cloned()
        .ok_or_else(|| ChartError::NoFont {
            looked: FONT_DIRS.join(", "),
        })
}

/// Registers the font once (plotters keeps it for the process).
pub fn ensure_font() -> Result<(), ChartError> {
    static DONE: OnceLock<Result<(), ChartError>> = OnceLock::new();
    DONE.get_or_init(|| {
        let path = font_path()?;
        let bytes = std::fs::read(&path)
            .map_err(|e| ChartError::Draw(format!("cannot read {}: {e}", path.display())))?;
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
            .map_err(|_| ChartError::Draw(format!("{} is not a usable font", path.display())))
    })
    .clone()
}

/// Three colours per run (a run's lines take `3k..3k+3`), so up to three runs overlaid never
/// share one (`ballast propose` draws current, proposed and at once).
const PALETTE: [RGBColor; 9] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
    RGBColor(188, 189, 34),
];

/// `c` halfway to white.
fn lighter(c: RGBColor) -> RGBColor {
    let m = |x: u8| ((u16::from(x) + 255) / 2) as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 1e-3).max(1e-9);
    (lo - pad, hi + pad)
}

/// Splits `(x, y?)` into runs of defined values, so a line never bridges a gap with a
/// neighbour's value.
fn segments(xs: &[f64], ys: impl Iterator<Item = Option<f64>>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![vec![]];
    for (x, y) in xs.iter().zip(ys) {
        match y.filter(|v| v.is_finite()) {
            Some(y) => out.last_mut().map(|s| s.push((*x, y))).unwrap_or(()),
            None if out.last().is_some_and(|s| !s.is_empty()) => out.push(vec![]),
            None => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// An axis label: whole numbers without decimals and with thousands separators ("200,000",
/// "120"), others with at most three decimals ("0.95").
fn tick(v: f64) -> String {
    let r = v.round();
    if v.abs() >= 1000.0 || (v - r).abs() < 1e-9 {
        let digits = format!("{}", r.abs() as u128);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        return if r < 0.0 { format!("-{out}") } else { out };
    }
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `seg` cut into dashes `dash` long with gaps `gap` long, both measured along x (the dashed
/// lines are levels and slow curves), so a dashed line looks the same however many points it
/// has.
fn dashes(seg: &[(f64, f64)], dash: f64, gap: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![];
    let mut current: Vec<(f64, f64)> = vec![];
    // position within the dash/gap period, and whether we are drawing
    let mut pos = 0.0;
    let mut on = true;
    for w in seg.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let len = x1 - x0;
        if len <= 0.0 {
            continue;
        }
        let at = |t: f64| (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        let mut t = 0.0;
        if on && current.is_empty() {
            current.push(at(0.0));
        }
        while t < 1.0 {
            let left = (if on { dash } else { gap }) - pos;
            let step = left / len;
            if t + step >= 1.0 {
                pos += (1.0 - t) * len;
                if on {
                    current.push(at(1.0));
                }
                break;
            }
            t += step;
            pos = 0.0;
            if on {
                current.push(at(t));
                out.push(std::mem::take(&mut current));
            } else {
                current.push(at(t));
            }
            on = !on;
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out
}

/// A line of a panel: its label, colour, dashed or not, segments.
struct Line {
    label: String,
    color: RGBColor,
    dashed: bool,
    segments: Vec<Vec<(f64, f64)>>,
}

/// Spans `[from, to]` (hours) shaded in a panel, with a colour.
struct Band {
    from: f64,
    to: f64,
    color: RGBColor,
    /// A strip along the bottom of the panel instead of its whole height.
    strip: bool,
}

const CAPTION: u32 = 22;
const LABEL: u32 = 15;

#[allow(clippy::too_many_arguments)]
fn line_panel<DB: DrawingBackend>(
    x_desc: &str,
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    x_range: (f64, f64),
    lines: &[Line],
    bands: &[Band],
    y_range: Option<(f64, f64)>,
) -> Result<(), ChartError> {
    let (lo, hi) = y_range.unwrap_or_else(|| {
        let (lo, hi) = bounds(
            lines
                .iter()
                .flat_map(|l| l.segments.iter().flatten().map(|p| p.1)),
        );
        // Headroom above the data for the legend (top right), so it never hides a line.
        (lo, hi + (hi - lo) * 0.45)
    });
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", CAPTION))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(96)
        .build_cartesian_2d(x_range.0..x_range.1, lo..hi)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", LABEL))
        .axis_desc_style(("sans-serif", LABEL))
        .max_light_lines(0)
        .y_labels(6)
        .x_labels(12)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()
        .map_err(draw_err)?;
    for b in bands {
        let (top, alpha) = if b.strip {
            (lo + (hi - lo) * 0.05, 0.9)
        } else {
            (hi, 0.18)
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(b.from, lo), (b.to, top)],
                b.color.mix(alpha).filled(),
            )))
            .map_err(draw_err)?;
    }
    for line in lines {
        let color = line.color;
        let style = color.stroke_width(2);
        let mut first = true;
        for seg in &line.segments {
            let series = if line.dashed {
                // dashes of 1 % of the time axis, gaps of 0.6 %
                let span = x_range.1 - x_range.0;
                let pieces: Vec<PathElement<(f64, f64)>> = dashes(seg, span * 0.01, span * 0.006)
                    .into_iter()
                    .map(|d| PathElement::new(d, style))
                    .collect();
                chart.draw_series(pieces).map_err(draw_err)?
            } else {
                chart
                    .draw_series(LineSeries::new(seg.iter().copied(), style))
                    .map_err(draw_err)?
            };
            if first && !line.label.is_empty() {
                series.label(line.label.clone()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
                first = false;
            }
        }
    }
    if lines.iter().any(|l| !l.label.is_empty()) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(("sans-serif", LABEL))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

/// A bar series: label, colour, `(hour, value)` bars.
type Bars = (String, RGBColor, Vec<(f64, f64)>);

/// Bars of `(hour, value)` of width `w` hours, per run, side by side.
fn bar_panel<DB: DrawingBackend>(
    x_desc: &str,
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    x_range: (f64, f64),
    bars: &[Bars],
    w: f64,
) -> Result<(), ChartError> {
    let max = bars
        .iter()
        .flat_map(|(_, _, b)| b.iter().map(|p| p.1))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", CAPTION))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(96)
        .build_cartesian_2d(x_range.0..x_range.1, 0f64..max * 1.45)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", LABEL))
        .axis_desc_style(("sans-serif", LABEL))
        .max_light_lines(0)
        .y_labels(6)
        .x_labels(12)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()
        .map_err(draw_err)?;
    let n = bars.len().max(1) as f64;
    for (k, (label, color, pts)) in bars.iter().enumerate() {
        let color = *color;
        let off = w * k as f64 / n;
        let series = chart
            .draw_series(pts.iter().filter(|p| p.1 > 0.0).map(|(x, y)| {
                Rectangle::new([(x + off, 0.0), (x + off + w / n, *y)], color.filled())
            }))
            .map_err(draw_err)?;
        if !label.is_empty() {
            series.label(label.clone()).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
            });
        }
    }
    if bars.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(("sans-serif", LABEL))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

fn hours(r: &Report) -> Vec<f64> {
    r.series
        .time_s
        .iter()
        .map(|t| *t as f64 / 3_600.0)
        .collect()
}

/// Shocks, outages and breaker trips of `r` as bands (hours).
fn markers(r: &Report) -> Vec<Band> {
    let step_h = r.step_seconds as f64 / 3_600.0;
    let mut out = Vec::new();
    let sc = &r.resolved_scenario;
    for a in sc["assets"].as_array().into_iter().flatten() {
        for s in a["path"]["shocks"].as_array().into_iter().flatten() {
            let (start, n) = (
                s["start_step"].as_f64().unwrap_or(0.0),
                s["steps"].as_f64().unwrap_or(0.0),
            );
            out.push(Band {
                from: start * step_h,
                to: (start + n) * step_h,
                color: PALETTE[3],
                strip: false,
            });
        }
    }
    for o in sc["outages"].as_array().into_iter().flatten() {
        out.push(Band {
            from: o["from_step"].as_f64().unwrap_or(0.0) * step_h,
            to: (o["to_step"].as_f64().unwrap_or(0.0) + 1.0) * step_h,
            color: RGBColor(90, 90, 90),
            strip: false,
        });
    }
    // Breaker trips: steps at whose end some asset had no Default price.
    let t = hours(r);
    for (k, n) in r.series.default_prices_refused.iter().enumerate() {
        if *n > 0 {
            out.push(Band {
                from: t[k] - step_h,
                to: t[k],
                color: PALETTE[1],
                strip: true,
            });
        }
    }
    out
}

/// Draws `runs` (one, or several overlaid) on `root`.
pub fn draw_report<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    runs: &[&Report],
) -> Result<(), ChartError> {
    let Some(first) = runs.first() else {
        return Ok(());
    };
    root.fill(&WHITE).map_err(draw_err)?;
    let q = first.quote_symbol();
    let title = if runs.len() == 1 {
        format!(
            "{} ({}), seed {}: {} accounts, {} steps of {} s",
            first.scenario,
            first.params,
            first.seed,
            first.accounts,
            first.steps,
            first.step_seconds
        )
    } else {
        format!(
            "{}, seed {}: {}",
            first.scenario,
            first.seed,
            runs.iter()
                .map(|r| r.params.as_str())
                .collect::<Vec<_>>()
                .join(" vs ")
        )
    };
    let root = root.titled(&title, ("sans-serif", 26)).map_err(draw_err)?;
    let panels = root.split_evenly((6, 1));
    let x_desc = match &first.start_time_utc {
        Some(t) => format!("time (hours since {t} UTC)"),
        None => "time (hours)".to_string(),
    };
    let x_max = runs
        .iter()
        .map(|r| hours(r).last().copied().unwrap_or(1.0))
        .fold(1.0f64, f64::max);
    let xr = (0.0, x_max);
    let style = |k: usize, j: usize| PALETTE[(k * 3 + j) % PALETTE.len()];
    let tag = |r: &Report, s: &str| {
        if runs.len() > 1 {
            format!("{s} ({})", r.params)
        } else {
            s.to_string()
        }
    };

    // 1. Prices, index 100 at the start: the path, the market, the oracle.
    let mut lines = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        let s = &r.series;
        for (j, (denom, path)) in s
            .prices
            .iter()
            .filter(|(_, p)| p.iter().any(|x| (x - p[0]).abs() > f64::EPSILON))
            .enumerate()
        {
            let base = path[0];
            let color = style(k, j);
            if k == 0 {
                lines.push(Line {
                    label: format!("{denom} path"),
                    color: RGBColor(150, 150, 150),
                    dashed: true,
                    segments: segments(&t, path.iter().map(|p| Some(p / base * 100.0))),
                });
            }
            if let Some(m) = s.market_prices.get(denom) {
                lines.push(Line {
                    label: tag(r, &format!("{denom} market")),
                    color,
                    dashed: false,
                    segments: segments(&t, m.iter().map(|p| Some(p / base * 100.0))),
                });
            }
            if let Some(o) = s.oracle_prices.get(denom) {
                lines.push(Line {
                    label: tag(r, &format!("{denom} oracle")),
                    color: lighter(color),
                    dashed: true,
                    segments: segments(&t, o.iter().map(|p| p.map(|p| p / base * 100.0))),
                });
            }
        }
    }
    line_panel(
        &x_desc,
        &panels[0],
        "prices (start = 100); shaded: shocks (orange), feed outages (grey); red strip: breaker tripped",
        "index",
        xr,
        &lines,
        &markers(first),
        None,
    )?;

    // 2. Aggregate LTV and the liquidation thresholds.
    let mut lines = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        lines.push(Line {
            label: tag(r, "aggregate LTV"),
            color: style(k, 0),
            dashed: false,
            segments: segments(&t, r.series.aggregate_ltv.iter().copied()),
        });
    }
    // Each run's liquidation thresholds (a parameter set may change them), in its colours.
    for (k, r) in runs.iter().enumerate() {
        for (j, a) in r.resolved_scenario["assets"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(lt) = a["collateral"]["liquidation_threshold"].as_f64() {
                let label = format!(
                    "liquidation threshold {}",
                    a["denom"].as_str().unwrap_or("?")
                );
                lines.push(Line {
                    label: tag(r, &label),
                    color: lighter(style(k, j + 1)),
                    dashed: true,
                    segments: vec![(0..=40)
                        .map(|i| (x_max * f64::from(i) / 40.0, lt))
                        .collect()],
                });
            }
        }
    }
    line_panel(
        &x_desc,
        &panels[1],
        "aggregate LTV (gaps: negative equity or an unpriced asset)",
        "LTV",
        xr,
        &lines,
        &[],
        None,
    )?;

    // 3. Lowest health factor, and HF = 1.
    let mut lines = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        lines.push(Line {
            label: tag(r, "lowest health factor"),
            color: style(k, 0),
            dashed: false,
            segments: segments(
                &t,
                r.series.lowest_health.iter().map(|h| h.map(|h| h.min(3.0))),
            ),
        });
    }
    lines.push(Line {
        label: "HF = 1".into(),
        color: PALETTE[1],
        dashed: true,
        segments: vec![(0..=40)
            .map(|i| (x_max * f64::from(i) / 40.0, 1.0))
            .collect()],
    });
    line_panel(
        &x_desc,
        &panels[2],
        "lowest health factor of any account (capped at 3)",
        "HF",
        xr,
        &lines,
        &[],
        None,
    )?;

    // 4. Liquidatable accounts at the end of each step and liquidations per step.
    let step_h = first.step_seconds as f64 / 3_600.0;
    let mut bars = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        bars.push((
            tag(r, "liquidations"),
            style(k, 0),
            t.iter()
                .zip(&r.series.liquidations)
                .map(|(x, n)| (*x - step_h, f64::from(*n)))
                .collect(),
        ));
        bars.push((
            tag(r, "liquidatable at step end"),
            style(k, 1),
            t.iter()
                .zip(&r.series.liquidatable_accounts)
                .map(|(x, n)| (*x - step_h, f64::from(n.unwrap_or(0))))
                .collect(),
        ));
    }
    bar_panel(
        &x_desc,
        &panels[3],
        "liquidations per step and accounts liquidatable at the step's end",
        "count",
        xr,
        &bars,
        step_h,
    )?;

    // 5. Value repaid by liquidations per step.
    let mut bars = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        bars.push((
            tag(r, "value repaid"),
            style(k, 0),
            t.iter()
                .zip(&r.series.repaid_value)
                .map(|(x, v)| (*x - step_h, *v))
                .collect(),
        ));
    }
    bar_panel(
        &x_desc,
        &panels[4],
        &format!("debt value repaid by liquidations per step ({q})"),
        &q,
        xr,
        &bars,
        step_h,
    )?;

    // 6. Losses.
    let mut lines = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let t = hours(r);
        lines.push(Line {
            label: tag(r, "bad debt written off (cumulative)"),
            color: style(k, 0),
            dashed: false,
            segments: segments(&t, r.series.bad_debt.iter().map(|v| Some(*v))),
        });
        lines.push(Line {
            label: tag(r, "unrealised deficit"),
            color: style(k, 1),
            dashed: true,
            segments: segments(&t, r.series.unrealised_deficit.iter().copied()),
        });
    }
    let hi = lines
        .iter()
        .flat_map(|l| l.segments.iter().flatten().map(|p| p.1))
        .fold(1.0f64, f64::max);
    line_panel(
        &x_desc,
        &panels[5],
        &format!("losses ({q})"),
        &q,
        xr,
        &lines,
        &[],
        Some((0.0, hi * 1.6)),
    )?;
    root.present().map_err(draw_err)?;
    Ok(())
}

/// Size of the report chart.
pub const REPORT_SIZE: (u32, u32) = (1400, 2100);
/// Size of the sweep chart.
pub const SWEEP_SIZE: (u32, u32) = (1200, 1000);

/// `runs` as an SVG document.
pub fn report_svg(runs: &[&Report]) -> Result<String, ChartError> {
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, REPORT_SIZE).into_drawing_area();
        draw_report(&root, runs)?;
    }
    Ok(out)
}

/// Encodes an RGB buffer as PNG.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(draw_err)?;
        writer.write_image_data(rgb).map_err(draw_err)?;
    }
    Ok(out)
}

/// Draws with `draw` into a PNG of `size`.
fn png_of(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let mut buf = vec![255u8; (size.0 * size.1 * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, size).into_drawing_area();
        draw(&root)?;
    }
    encode_png(&buf, size)
}

/// `runs` as a PNG file's bytes.
pub fn report_png(runs: &[&Report]) -> Result<Vec<u8>, ChartError> {
    png_of(REPORT_SIZE, |root| draw_report(root, runs))
}

/// Draws a sweep: bad debt p50/p99 and mean loss, then mean liquidations, against the first
/// axis; one line per value of the second axis if there is one.
pub fn draw_sweep<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sweep: &Sweep,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(draw_err)?;
    let Some(x_axis) = sweep.axes.first() else {
        return Ok(());
    };
    // Short names (the last key) in the title and legends; the x-axis has the full path.
    let short = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
    let title = format!(
        "{}: sweep of {}, {} path(s) per point, seed {}",
        sweep.scenario,
        sweep
            .axes
            .iter()
            .map(|a| short(&a.path))
            .collect::<Vec<_>>()
            .join(" × "),
        sweep.paths,
        sweep.seed
    );
    let root = root.titled(&title, ("sans-serif", 24)).map_err(draw_err)?;
    let panels = root.split_evenly((2, 1));
    let q = sweep
        .points
        .first()
        .and_then(|p| p.result.resolved_scenario.pointer("/quote/symbol"))
        .and_then(|s| s.as_str())
        .unwrap_or("quote units")
        .to_string();
    // Groups: one per value of the second axis (or one group).
    let groups: Vec<(String, Vec<&crate::sweep::Point>)> = match sweep.axes.get(1) {
        Some(second) => second
            .values
            .iter()
            .map(|v| {
                (
                    format!(" ({} = {v})", short(&second.path)),
                    sweep.points.iter().filter(|p| p.values[1] == *v).collect(),
                )
            })
            .collect(),
        None => vec![(String::new(), sweep.points.iter().collect())],
    };
    let lo = x_axis.values.iter().copied().fold(f64::MAX, f64::min);
    let hi = x_axis.values.iter().copied().fold(f64::MIN, f64::max);
    let pad = ((hi - lo) * 0.05).max(1e-6);
    let xr = (lo - pad, hi + pad);
    let get = |p: &crate::sweep::Point, f: fn(&crate::montecarlo::MonteCarlo) -> Option<f64>| {
        (p.values[0], f(&p.result))
    };
    let mut losses = Vec::new();
    let mut liqs = Vec::new();
    for (g, (suffix, pts)) in groups.iter().enumerate() {
        let color = PALETTE[g % PALETTE.len()];
        let series = |f: fn(&crate::montecarlo::MonteCarlo) -> Option<f64>| {
            let v: Vec<(f64, Option<f64>)> = pts.iter().map(|p| get(p, f)).collect();
            let xs: Vec<f64> = v.iter().map(|p| p.0).collect();
            segments(&xs, v.iter().map(|p| p.1))
        };
        // The loss first: it is ≥ the bad debt, and drawn under it.
        losses.push(Line {
            label: format!("loss incl. unrealised, p99{suffix}"),
            color: lighter(color),
            dashed: false,
            segments: series(|r| r.loss.as_ref().map(|d| d.p99)),
        });
        losses.push(Line {
            label: format!("bad debt p50{suffix}"),
            color,
            dashed: true,
            segments: series(|r| r.bad_debt.as_ref().map(|d| d.p50)),
        });
        losses.push(Line {
            label: format!("bad debt p99{suffix}"),
            color,
            dashed: false,
            segments: series(|r| r.bad_debt.as_ref().map(|d| d.p99)),
        });
        liqs.push(Line {
            label: format!("liquidations, mean{suffix}"),
            color,
            dashed: false,
            segments: series(|r| {
                Some(
                    r.outcomes
                        .iter()
                        .map(|o| o.liquidations as f64)
                        .sum::<f64>()
                        / f64::from(r.paths.max(1)),
                )
            }),
        });
    }
    let top = losses
        .iter()
        .flat_map(|l| l.segments.iter().flatten().map(|p| p.1))
        .fold(1.0f64, f64::max);
    sweep_panel(
        &panels[0],
        &format!("bad debt and loss ({q})"),
        &x_axis.path,
        &q,
        xr,
        &losses,
        (0.0, top * 1.7),
    )?;
    let top = liqs
        .iter()
        .flat_map(|l| l.segments.iter().flatten().map(|p| p.1))
        .fold(1.0f64, f64::max);
    sweep_panel(
        &panels[1],
        "liquidations per path (mean)",
        &x_axis.path,
        "count",
        xr,
        &liqs,
        (0.0, top * 1.4),
    )?;
    root.present().map_err(draw_err)?;
    Ok(())
}

fn sweep_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    xr: (f64, f64),
    lines: &[Line],
    yr: (f64, f64),
) -> Result<(), ChartError> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", CAPTION))
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(100)
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", LABEL))
        .axis_desc_style(("sans-serif", LABEL))
        .max_light_lines(0)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()
        .map_err(draw_err)?;
    for line in lines {
        let color = line.color;
        let width = if line.dashed { 1 } else { 3 };
        for seg in &line.segments {
            chart
                .draw_series(seg.iter().map(|p| Circle::new(*p, 4, color.filled())))
                .map_err(draw_err)?;
            chart
                .draw_series(LineSeries::new(
                    seg.iter().copied(),
                    color.stroke_width(width),
                ))
                .map_err(draw_err)?
                .label(line.label.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(width))
                });
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", LABEL))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

/// A sweep as SVG.
pub fn sweep_svg(sweep: &Sweep) -> Result<String, ChartError> {
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SWEEP_SIZE).into_drawing_area();
        draw_sweep(&root, sweep)?;
    }
    Ok(out)
}

/// A sweep as PNG bytes.
pub fn sweep_png(sweep: &Sweep) -> Result<Vec<u8>, ChartError> {
    png_of(SWEEP_SIZE, |root| draw_sweep(root, sweep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_drop_useless_decimals_and_group_thousands() {
        assert_eq!(tick(120.0), "120");
        assert_eq!(tick(200_000.0), "200,000");
        assert_eq!(tick(-1_234_567.4), "-1,234,567");
        assert_eq!(tick(0.95), "0.95");
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(2.5), "2.5");
    }

    #[test]
    fn dashes_have_the_same_length_whatever_the_points() {
        // a level line from 0 to 10 drawn with 2 points or with 101: the same dashes
        let two = dashes(&[(0.0, 1.0), (10.0, 1.0)], 1.0, 0.5);
        let many: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64 / 10.0, 1.0)).collect();
        let many = dashes(&many, 1.0, 0.5);
        let ends = |d: &Vec<Vec<(f64, f64)>>| -> Vec<(f64, f64)> {
            d.iter().map(|p| (p[0].0, p[p.len() - 1].0)).collect()
        };
        let (a, b) = (ends(&two), ends(&many));
        assert_eq!(a.len(), 7, "{a:?}"); // 0-1, 1.5-2.5, ..., 9-10
        assert_eq!(a.len(), b.len());
        for ((a0, a1), (b0, b1)) in a.iter().zip(&b) {
            assert!(
                (a0 - b0).abs() < 1e-9 && (a1 - b1).abs() < 1e-9,
                "{a:?} vs {b:?}"
            );
            assert!(a1 - a0 <= 1.0 + 1e-9);
        }
    }

    #[test]
    fn segments_break_at_gaps_instead_of_bridging_them() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let ys = [Some(1.0), Some(2.0), None, None, Some(5.0), Some(f64::NAN)];
        let s = segments(&xs, ys.into_iter());
        assert_eq!(s, vec![vec![(0.0, 1.0), (1.0, 2.0)], vec![(4.0, 5.0)]]);
    }
}
