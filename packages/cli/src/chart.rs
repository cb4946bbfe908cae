//! `report.svg`: the run at a glance — prices, aggregate LTV, leverage, liquidations per step and
//! cumulative bad debt — drawn with plotters' SVG backend.

use plotters::prelude::*;

use crate::report::Report;

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

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

type Panel<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn line_panel(
    area: &Panel,
    title: &str,
    steps: u32,
    lines: &[(String, Vec<(f64, f64)>)],
    floor_zero: bool,
) -> Result<(), String> {
    let (mut lo, mut hi) = bounds(lines.iter().flat_map(|(_, pts)| pts.iter().map(|p| p.1)));
    if floor_zero {
        lo = 0.0;
        hi = hi.max(1.0);
    }
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..f64::from(steps.max(1)), lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("step")
        .max_light_lines(0)
        .draw()
        .map_err(|e| e.to_string())?;
    for (i, (label, pts)) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
            .map_err(|e| e.to_string())?
            .label(label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    if lines.len() > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The chart of `report` as an SVG document.
pub fn svg(report: &Report) -> Result<String, String> {
    let mut out = String::new();
    let steps = report.steps;
    {
        let root = SVGBackend::with_string(&mut out, (1000, 1300)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let root = root
            .titled(
                &format!(
                    "{} ({}), seed {}: {} accounts, {} steps of {} s",
                    report.scenario,
                    report.params,
                    report.seed,
                    report.accounts,
                    steps,
                    report.step_seconds
                ),
                ("sans-serif", 20),
            )
            .map_err(|e| e.to_string())?;
        let panels = root.split_evenly((5, 1));
        let s = &report.series;
        let xs = |v: &[Option<f64>]| -> Vec<(f64, f64)> {
            s.step
                .iter()
                .zip(v)
                .filter_map(|(x, y)| y.map(|y| (f64::from(*x), y)))
                .collect()
        };
        let moving: Vec<(String, Vec<(f64, f64)>)> = s
            .prices
            .iter()
            .filter(|(_, p)| p.iter().any(|x| (x - p[0]).abs() > f64::EPSILON))
            .map(|(denom, p)| {
                let first = p[0];
                (
                    format!("{denom} (start = 100)"),
                    s.step
                        .iter()
                        .zip(p)
                        .map(|(x, y)| (f64::from(*x), y / first * 100.0))
                        .collect(),
                )
            })
            .collect();
        line_panel(
            &panels[0],
            "price (index, start = 100)",
            steps,
            &moving,
            false,
        )?;
        line_panel(
            &panels[1],
            "aggregate LTV (RiskSummary)",
            steps,
            &[("LTV".to_string(), xs(&s.aggregate_ltv))],
            false,
        )?;
        line_panel(
            &panels[2],
            "aggregate leverage (RiskSummary)",
            steps,
            &[("leverage".to_string(), xs(&s.leverage))],
            false,
        )?;
        // Liquidations per step, as bars.
        let max_liq = f64::from(s.liquidations.iter().copied().max().unwrap_or(0).max(1));
        let mut chart = ChartBuilder::on(&panels[3])
            .caption("liquidations per step", ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..f64::from(steps.max(1)), 0f64..max_liq * 1.1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                s.step
                    .iter()
                    .zip(&s.liquidations)
                    .filter(|(_, n)| **n > 0)
                    .map(|(x, n)| {
                        let x = f64::from(*x);
                        Rectangle::new([(x, 0.0), (x + 1.0, f64::from(*n))], PALETTE[1].filled())
                    }),
            )
            .map_err(|e| e.to_string())?;
        let bad: Vec<(f64, f64)> = s
            .step
            .iter()
            .zip(&s.bad_debt)
            .map(|(x, y)| (f64::from(*x), *y))
            .collect();
        line_panel(
            &panels[4],
            "bad debt written off, cumulative (quote units)",
            steps,
            &[("bad debt".to_string(), bad)],
            true,
        )?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
