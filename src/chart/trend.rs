//! The trend of one indicator over the months of the year: the monthly rate, the cumulative (year
//! to date) rate, the target as a line and the reporting due dates marked. A month without data is a
//! gap in the line, never a zero.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{colour, finish, text_style};
use crate::core::base::format::{self, Lang};

/// A reporting due date on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct DueMark {
    /// Months since 1 January (3 March ≈ 2,06).
    pub position: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// A prefix for element ids, unique on the page.
    pub id: String,
    pub title: String,
    pub description: String,
    /// One label per month ("T1" … "T12").
    pub month_labels: Vec<String>,
    /// The rate of each month as a fraction, `None` where the month has no data.
    pub monthly: Vec<Option<f64>>,
    /// The year-to-date rate at each month, `None` where the month has no data.
    pub cumulative: Vec<Option<f64>>,
    /// The same months of the year before, where figures exist (empty or all `None`: not drawn).
    pub previous: Vec<Option<f64>>,
    pub previous_label: String,
    /// The target as a fraction (0,98).
    pub target: f64,
    pub target_label: String,
    pub monthly_label: String,
    pub cumulative_label: String,
    pub dues: Vec<DueMark>,
    pub lang: Lang,
    /// A small multiple: no grid labels and no legend; the first and last months are named.
    pub compact: bool,
    /// The width the chart is drawn at, in CSS pixels (see `Comparison::width`).
    pub width: u32,
}

/// The lowest percent shown: a round number a little under the lowest value and the target, so that
/// differences near the target are visible.
fn floor_percent(t: &Trend) -> f64 {
    let lowest = t
        .monthly
        .iter()
        .chain(&t.cumulative)
        .chain(&t.previous)
        .flatten()
        .fold(t.target, |a, &b| a.min(b));
    ((lowest * 100.0 - 2.0) / 5.0).floor().clamp(0.0, 19.0) * 5.0
}

/// The legend's items, placed in as many lines as the width needs: (label, colour, dashed, x, y).
fn legend_places(t: &Trend, width: f64, x0: f64, y: f64) -> Vec<(&str, RGBColor, bool, f64, f64)> {
    let mut items: Vec<(&str, RGBColor, bool)> = vec![
        (&t.monthly_label, colour::BRAND, false),
        (&t.cumulative_label, colour::CUMULATIVE, false),
        (&t.target_label, colour::TARGET, true),
    ];
    if !t.compact && t.previous.iter().any(Option::is_some) {
        items.push((&t.previous_label, colour::MUTED, false));
    }
    let (mut lx, mut ly) = (x0, y);
    let mut out = Vec::new();
    for (label, c, dashed) in items {
        let item_w = 40.0 + label.chars().count() as f64 * 6.5;
        if lx > x0 && lx + item_w > width - 4.0 {
            lx = x0;
            ly += 20.0;
        }
        out.push((label, c, dashed, lx, ly));
        lx += item_w;
    }
    out
}

pub fn trend_svg(t: &Trend) -> String {
    let narrow = t.width < 480;
    let w: u32 = if t.compact {
        220
    } else {
        t.width.clamp(280, 1200)
    };
    let (left, right, top) = match (t.compact, narrow) {
        (true, _) => (4.0, 4.0, 6.0),
        (false, true) => (44.0, 10.0, 30.0),
        (false, false) => (52.0, 16.0, 30.0),
    };
    // Below the plot: month labels, then the legend in as many lines as it needs.
    let legend = legend_places(t, w as f64, left, 0.0);
    let legend_lines = legend.last().map(|l| l.4 / 20.0 + 1.0).unwrap_or(1.0);
    let bottom = if t.compact {
        20.0
    } else {
        30.0 + legend_lines * 20.0 + 6.0
    };
    let plot_h = if t.compact {
        42.0
    } else if narrow {
        190.0
    } else {
        214.0
    };
    let h = (top + plot_h + bottom) as u32;
    let n = t.month_labels.len().max(1) as f64;
    let (x0, x1, y0, y1) = (left, w as f64 - right, top, h as f64 - bottom);
    let lo = floor_percent(t);
    let hi = 100.0;
    let cw = (x1 - x0) / n;
    let x_month = |i: usize| x0 + (i as f64 + 0.5) * cw;
    let x_pos = |p: f64| x0 + p * cw;
    let y = |v: f64| {
        let pct = (v * 100.0).clamp(lo, hi);
        y1 - (pct - lo) / (hi - lo) * (y1 - y0)
    };
    let px = |x: f64, y: f64| (x.round() as i32, y.round() as i32);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let g = Geometry {
            x0,
            x1,
            y0,
            y1,
            lo,
            x_month: &x_month,
            x_pos: &x_pos,
            y: &y,
            px: &px,
        };
        let _ = draw(&root, t, &g, &legend);
        let _ = root.present();
    }
    finish(svg, &t.id, &t.title, &t.description)
}

/// Where things go on the canvas: the plot's corners, its floor in percent, and the mappings from
/// a month, a position in months and a rate to pixels.
#[derive(Clone, Copy)]
struct Geometry<'a> {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    lo: f64,
    x_month: &'a dyn Fn(usize) -> f64,
    x_pos: &'a dyn Fn(f64) -> f64,
    y: &'a dyn Fn(f64) -> f64,
    px: &'a dyn Fn(f64, f64) -> (i32, i32),
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    t: &Trend,
    g: &Geometry<'_>,
    legend: &[(&str, RGBColor, bool, f64, f64)],
) -> Drawn<DB> {
    let Geometry {
        x0,
        x1,
        y0,
        y1,
        x_month,
        y,
        px,
        ..
    } = *g;
    // Plot area and horizontal grid with percent labels.
    root.draw(&Rectangle::new(
        [px(x0, y0), px(x1, y1)],
        colour::GRID.stroke_width(1),
    ))?;
    if !t.compact {
        draw_scale(root, t, g)?;
    }
    // The target.
    let yt = y(t.target);
    root.draw(&DashedPathElement::new(
        vec![px(x0, yt), px(x1, yt)],
        6,
        4,
        colour::TARGET.stroke_width(2),
    ))?;

    // A series: segments only between consecutive months that both have data.
    let series = |values: &[Option<f64>],
                  colour: RGBColor,
                  width: u32,
                  radius: i32|
     -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        for i in 1..values.len() {
            if let (Some(a), Some(b)) = (values[i - 1], values[i]) {
                root.draw(&PathElement::new(
                    vec![px(x_month(i - 1), y(a)), px(x_month(i), y(b))],
                    colour.stroke_width(width),
                ))?;
            }
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                root.draw(&Circle::new(px(x_month(i), y(*v)), radius, colour.filled()))?;
            }
        }
        Ok(())
    };
    let has_previous = !t.compact && t.previous.iter().any(Option::is_some);
    if has_previous {
        series(&t.previous, colour::MUTED, 1, 3)?;
    }
    if !t.compact {
        series(&t.cumulative, colour::CUMULATIVE, 3, 2)?;
    }
    series(
        &t.monthly,
        colour::BRAND,
        if t.compact { 2 } else { 1 },
        if t.compact { 2 } else { 4 },
    )?;

    draw_labels(root, t, g, legend)
}

/// The percent grid with its labels, the months, and the reporting due dates (full size only).
fn draw_scale<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    t: &Trend,
    g: &Geometry<'_>,
) -> Drawn<DB> {
    let Geometry {
        x0,
        x1,
        y0,
        y1,
        lo,
        x_month,
        x_pos,
        y,
        px,
    } = *g;
    let step = if 100.0 - lo > 40.0 {
        20.0
    } else if 100.0 - lo > 15.0 {
        5.0
    } else {
        2.0
    };
    let mut p = lo;
    while p <= 100.0 + 1e-9 {
        let yy = y(p / 100.0);
        root.draw(&PathElement::new(
            vec![px(x0, yy), px(x1, yy)],
            colour::GRID.stroke_width(1),
        ))?;
        let label = format::threshold((p * 100.0).round() as u64, t.lang);
        root.draw(&Text::new(
            label,
            px(x0 - 6.0, yy),
            text_style(12.0, &colour::MUTED, HPos::Right, VPos::Center),
        ))?;
        p += step;
    }
    // Month labels: 11 px where months are narrow; every other month where even that crowds.
    let cw = x_month(1) - x_month(0);
    let size = if cw < 30.0 { 11.0 } else { 12.0 };
    let every = if cw < 20.0 { 2 } else { 1 };
    for (i, label) in t.month_labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        root.draw(&Text::new(
            label.clone(),
            px(x_month(i), y1 + 6.0),
            text_style(size, &colour::MUTED, HPos::Center, VPos::Top),
        ))?;
    }
    // Reporting due dates.
    for d in &t.dues {
        let xx = x_pos(d.position);
        root.draw(&DashedPathElement::new(
            vec![px(xx, y0), px(xx, y1)],
            3,
            3,
            colour::MUTED.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            d.label.clone(),
            px(xx, y0 - 6.0),
            text_style(11.0, &colour::MUTED, HPos::Center, VPos::Bottom),
        ))?;
    }
    Ok(())
}

/// Under the plot: the first and last months of a small trend, or the legend of a full one.
fn draw_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    t: &Trend,
    g: &Geometry<'_>,
    legend: &[(&str, RGBColor, bool, f64, f64)],
) -> Drawn<DB> {
    let Geometry { x0, x1, y1, px, .. } = *g;
    if t.compact {
        // The first and last months, so that a small trend says when it runs.
        let last = t.month_labels.len().saturating_sub(1);
        for (i, anchor) in [(0, HPos::Left), (last, HPos::Right)] {
            if let Some(label) = t.month_labels.get(i) {
                let xx = if i == 0 { x0 } else { x1 };
                root.draw(&Text::new(
                    label.clone(),
                    px(xx, y1 + 3.0),
                    text_style(11.0, &colour::MUTED, anchor, VPos::Top),
                ))?;
            }
        }
    } else {
        // Legend under the months.
        for &(label, c, dashed, lx, dy) in legend {
            let ly = y1 + 36.0 + dy;
            if dashed {
                root.draw(&DashedPathElement::new(
                    vec![px(lx, ly), px(lx + 22.0, ly)],
                    6,
                    4,
                    c.stroke_width(2),
                ))?;
            } else {
                root.draw(&PathElement::new(
                    vec![px(lx, ly), px(lx + 22.0, ly)],
                    c.stroke_width(3),
                ))?;
            }
            root.draw(&Text::new(
                label.to_string(),
                px(lx + 28.0, ly),
                text_style(12.0, &colour::INK, HPos::Left, VPos::Center),
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::has_text;

    fn sample(monthly: Vec<Option<f64>>) -> Trend {
        let cumulative = monthly.iter().map(|v| v.map(|x| x * 0.99)).collect();
        Trend {
            id: "t".into(),
            title: "Tỷ lệ giải quyết hồ sơ đúng hạn".into(),
            description: "Theo tháng".into(),
            month_labels: (1..=12).map(|m| format!("T{m}")).collect(),
            monthly,
            cumulative,
            previous: vec![],
            previous_label: "Năm 2023".into(),
            target: 0.98,
            target_label: "Chỉ tiêu ≥ 98 %".into(),
            monthly_label: "Từng tháng".into(),
            cumulative_label: "Lũy kế".into(),
            dues: vec![DueMark {
                position: 2.06,
                label: "Quý I".into(),
            }],
            lang: Lang::Vi,
            width: 640,
            compact: false,
        }
    }

    fn months(values: &[Option<f64>]) -> Vec<Option<f64>> {
        let mut v = values.to_vec();
        v.resize(12, None);
        v
    }

    #[test]
    fn the_target_is_a_dashed_red_line_across_the_plot() {
        let svg = trend_svg(&sample(months(&[Some(0.97), Some(0.99)])));
        assert!(svg.starts_with("<svg role=\"img\""));
        // Dashed: drawn as many short red segments at the target's height.
        let target_segments = svg.matches("stroke=\"#A40E26\"").count();
        assert!(target_segments >= 10, "{target_segments} target segments");
        assert!(svg.contains("Chỉ tiêu ≥ 98 %"));
        assert!(has_text(&svg, "Quý I"));
        assert!(has_text(&svg, "T12"));
        assert!(svg.contains("<title id=\"t-t\">Tỷ lệ giải quyết hồ sơ đúng hạn</title>"));
    }

    /// Line segments of the monthly series (the legend's sample line excluded).
    fn brand_segments(svg: &str) -> usize {
        svg.lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("stroke=\"#0B4F8A\""))
            .count()
            - 1
    }

    fn brand_points(svg: &str) -> usize {
        svg.lines()
            .filter(|l| l.starts_with("<circle") && l.contains("fill=\"#0B4F8A\""))
            .count()
    }

    #[test]
    fn months_without_data_are_gaps_not_zeros() {
        // Data in January, February, April: one segment (Jan–Feb), none across the missing March.
        let svg = trend_svg(&sample(months(&[Some(0.97), Some(0.99), None, Some(0.98)])));
        assert_eq!(brand_points(&svg), 3);
        assert_eq!(brand_segments(&svg), 1);
        // A zero would have been drawn at the bottom: nothing sits on the floor line for March.
        let full = trend_svg(&sample(months(&[
            Some(0.97),
            Some(0.99),
            Some(0.98),
            Some(0.98),
        ])));
        assert_eq!(brand_points(&full), 4);
        assert_eq!(brand_segments(&full), 3);
    }

    #[test]
    fn an_empty_year_draws_the_frame_and_target_only() {
        let svg = trend_svg(&sample(vec![None; 12]));
        assert_eq!(brand_points(&svg), 0);
        assert!(svg.contains("#A40E26"));
    }

    #[test]
    fn the_scale_zooms_near_the_target() {
        let t = sample(months(&[Some(0.97)]));
        assert_eq!(floor_percent(&t), 90.0);
        let low = sample(months(&[Some(0.41)]));
        assert_eq!(floor_percent(&low), 35.0);
        let svg = trend_svg(&t);
        assert!(has_text(&svg, "90 %"));
        assert!(has_text(&svg, "100 %"));
    }

    /// Issue 13: a small trend names its first and last months and nothing else.
    #[test]
    fn a_compact_trend_names_only_its_first_and_last_month() {
        let mut t = sample(months(&[Some(0.97), Some(0.99)]));
        t.compact = true;
        let svg = trend_svg(&t);
        let body = &svg[svg.find("</desc>").unwrap()..];
        assert_eq!(body.matches("<text").count(), 2, "{body}");
        assert!(has_text(&svg, "T1") && has_text(&svg, "T12"));
        assert!(svg.contains("width=\"220\""));
    }

    /// Issue 13: drawn at a phone's width, the chart keeps its text size and wraps its legend
    /// instead of shrinking: every font is 11 px or more and the SVG is as wide as asked.
    #[test]
    fn a_narrow_trend_re_lays_out_with_readable_text() {
        let mut t = sample(months(&[Some(0.97), Some(0.99), Some(0.98)]));
        t.previous = months(&[Some(0.95)]);
        t.width = 318;
        let svg = trend_svg(&t);
        assert!(svg.contains("width=\"318\""), "{}", &svg[..200]);
        for size in svg.split("font-size=\"").skip(1) {
            let px: f64 = size.split('"').next().unwrap().parse().unwrap();
            assert!(px >= 11.0, "font {px}");
        }
        // Four legend items cannot share one line at 318 px.
        let legend_ys: std::collections::BTreeSet<&str> = svg
            .split("<text")
            .skip(1)
            .filter(|chunk| {
                let body = chunk.split("</text>").next().unwrap_or("");
                body.contains("Từng tháng") || body.contains("Năm 2023")
            })
            .filter_map(|chunk| chunk.split("y=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(legend_ys.len(), 2, "{svg}");
    }

    #[test]
    fn hostile_labels_are_escaped() {
        let mut t = sample(months(&[Some(0.5)]));
        t.title = r#""><svg onload=alert(1)>"#.into();
        t.dues[0].label = "<script>alert(2)</script>".into();
        t.target_label = "\" onmouseover=\"alert(3)".into();
        let svg = trend_svg(&t);
        assert!(!svg.contains("<svg onload"));
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("\" onmouseover"));
        assert!(svg.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
