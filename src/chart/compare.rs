//! One bar per school for an indicator over a period: sorted from best to worst, the target drawn
//! across, schools below it marked. Horizontal bars, so that a hundred long school names still read.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{colour, finish, shorten, text_style};
use crate::core::base::format::{self, Lang};

#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    pub name: String,
    /// The rate as a fraction; `None` when the school had nothing to measure.
    pub rate: Option<f64>,
    /// The rate as written ("97,50 %").
    pub value_label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub id: String,
    pub title: String,
    pub description: String,
    pub rows: Vec<CompareRow>,
    pub target: f64,
    pub target_label: String,
    /// Appended to the value of a school below the target ("dưới chỉ tiêu").
    pub below_label: String,
    /// Shown instead of a bar when there is nothing to measure ("Không phát sinh").
    pub no_data_label: String,
    pub lang: Lang,
    /// The width the chart is drawn at, in CSS pixels: the UI passes the width it has, so that
    /// the chart re-lays out instead of shrinking (text stays at its size on a phone).
    pub width: u32,
}

const ROW: f64 = 22.0;
/// The width charts are drawn at when no other is given.
pub const DEFAULT_WIDTH: u32 = 680;

/// The rows in the order drawn: best rate first, schools without data last, ties by name.
pub fn sorted_rows(rows: &[CompareRow]) -> Vec<&CompareRow> {
    let mut v: Vec<&CompareRow> = rows.iter().collect();
    crate::core::base::sorting::sort_by(&mut v, |a, b| match (a.rate, b.rate) {
        (Some(x), Some(y)) => y
            .partial_cmp(&x)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    v
}

pub fn compare_svg(c: &Comparison) -> String {
    let rows = sorted_rows(&c.rows);
    let top = 30.0;
    let h = (top + rows.len().max(1) as f64 * ROW + 30.0).ceil() as u32;
    let width = c.width.clamp(280, 1200);
    let w = width as f64;
    // Names take at most a third of a narrow chart; the value label needs room on the right.
    let name_w = (w * 0.36).min(230.0);
    let name_chars = ((name_w / 7.4) as usize).max(8);
    let (x0, x1) = (name_w + 8.0, w - if w < 480.0 { 92.0 } else { 130.0 });
    let x = |v: f64| x0 + v.clamp(0.0, 1.0) * (x1 - x0);
    let px = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, h)).into_drawing_area();
        let result: Result<(), DrawingAreaErrorKind<_>> = (|| {
            let y_end = top + rows.len() as f64 * ROW;
            // Scale: 0 % to 100 % every 20 %.
            for p in (0..=100).step_by(20) {
                let xx = x(p as f64 / 100.0);
                root.draw(&PathElement::new(
                    vec![px(xx, top), px(xx, y_end)],
                    colour::GRID.stroke_width(1),
                ))?;
                root.draw(&Text::new(
                    format::threshold(p * 100, c.lang),
                    px(xx, y_end + 6.0),
                    text_style(11.0, &colour::MUTED, HPos::Center, VPos::Top),
                ))?;
            }
            for (i, r) in rows.iter().enumerate() {
                let yy = top + i as f64 * ROW;
                let mid = yy + ROW / 2.0;
                root.draw(&Text::new(
                    shorten(&r.name, name_chars),
                    px(name_w, mid),
                    text_style(12.0, &colour::INK, HPos::Right, VPos::Center),
                ))?;
                match r.rate {
                    Some(v) => {
                        let below = v < c.target;
                        let fill = if below { colour::BELOW } else { colour::ABOVE };
                        root.draw(&Rectangle::new(
                            [px(x0, yy + 4.0), px(x(v), yy + ROW - 4.0)],
                            fill.filled(),
                        ))?;
                        let label = if below && w >= 480.0 {
                            format!("{} ▼ {}", r.value_label, c.below_label)
                        } else if below {
                            format!("{} ▼", r.value_label)
                        } else {
                            r.value_label.clone()
                        };
                        let ink: &'static RGBColor =
                            if below { &colour::TARGET } else { &colour::INK };
                        root.draw(&Text::new(
                            label,
                            px(x(v) + 4.0, mid),
                            text_style(11.0, ink, HPos::Left, VPos::Center),
                        ))?;
                    }
                    None => {
                        root.draw(&Text::new(
                            if r.value_label.is_empty() || r.value_label == "—" {
                                c.no_data_label.clone()
                            } else {
                                r.value_label.clone()
                            },
                            px(x0 + 4.0, mid),
                            text_style(11.0, &colour::MUTED, HPos::Left, VPos::Center),
                        ))?;
                    }
                }
            }
            // The target across all bars.
            let xt = x(c.target);
            root.draw(&DashedPathElement::new(
                vec![px(xt, top - 4.0), px(xt, y_end)],
                6,
                4,
                colour::TARGET.stroke_width(2),
            ))?;
            root.draw(&Text::new(
                c.target_label.clone(),
                px(xt, top - 8.0),
                text_style(12.0, &colour::TARGET, HPos::Center, VPos::Bottom),
            ))?;
            Ok(())
        })();
        let _ = result;
        let _ = root.present();
    }
    finish(svg, &c.id, &c.title, &c.description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::has_text;

    fn row(name: &str, rate: Option<f64>) -> CompareRow {
        CompareRow {
            name: name.into(),
            rate,
            value_label: rate
                .map(|r| format!("{:.2} %", r * 100.0))
                .unwrap_or_default(),
        }
    }

    fn comparison(rows: Vec<CompareRow>) -> Comparison {
        Comparison {
            id: "c".into(),
            title: "So sánh các trường".into(),
            description: "Tỷ lệ văn bản điện tử".into(),
            rows,
            target: 0.95,
            target_label: "Chỉ tiêu 95 %".into(),
            below_label: "dưới chỉ tiêu".into(),
            no_data_label: "Không phát sinh".into(),
            lang: Lang::Vi,
            width: DEFAULT_WIDTH,
        }
    }

    #[test]
    fn bars_are_sorted_best_first_and_schools_without_data_last() {
        let rows = vec![
            row("B", Some(0.9)),
            row("A", None),
            row("C", Some(0.99)),
            row("D", Some(0.9)),
        ];
        let names: Vec<&str> = sorted_rows(&rows).iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["C", "B", "D", "A"]);
    }

    #[test]
    fn schools_below_the_target_are_marked_and_the_target_is_drawn() {
        let svg = compare_svg(&comparison(vec![
            row("Trường A", Some(0.99)),
            row("Trường B", Some(0.80)),
            row("Trường C", None),
        ]));
        assert_eq!(svg.matches("▼ dưới chỉ tiêu").count(), 1);
        assert!(svg.contains("Chỉ tiêu 95 %"));
        assert!(
            svg.matches("stroke=\"#A40E26\"").count() >= 5,
            "the dashed target line"
        );
        assert!(has_text(&svg, "Không phát sinh"));
        assert_eq!(svg.matches("fill=\"#C22A3A\"").count(), 1, "one red bar");
        assert_eq!(svg.matches("fill=\"#2F7D4A\"").count(), 1, "one green bar");
    }

    #[test]
    fn a_hundred_schools_fit_and_grow_the_chart_downwards() {
        let rows: Vec<CompareRow> = (0..100)
            .map(|i| row(&format!("Trường số {i}"), Some(0.8 + i as f64 / 500.0)))
            .collect();
        let svg = compare_svg(&comparison(rows));
        assert!(svg.contains("height=\"2260\""), "{}", &svg[..200]);
        assert_eq!(svg.matches("<rect").count(), 100);
    }

    #[test]
    fn a_hostile_school_name_is_text() {
        let svg = compare_svg(&comparison(vec![
            row(r#""><svg onload=alert(1)>"#, Some(0.5)),
            row("<img src=x onerror=alert(2)>", None),
        ]));
        assert!(!svg.contains("<svg onload"));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
