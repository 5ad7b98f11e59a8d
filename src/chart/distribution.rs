//! Survey answers as stacked bars: for each criterion or area, the share of each of the five levels
//! (1 Rất không hài lòng … 5 Rất hài lòng) among valid answers.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{colour, finish, shorten, text_style};
use crate::core::base::format::{self, Lang};

#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Label and answers at levels 1..=5 for each bar.
    pub rows: Vec<(String, [u64; 5])>,
    /// Names of the five levels, for the legend.
    pub levels: [String; 5],
    /// Shown instead of a bar when a row has no valid answer.
    pub no_data_label: String,
    pub lang: Lang,
    /// The width the chart is drawn at, in CSS pixels (see `Comparison::width`).
    pub width: u32,
}

const ROW: f64 = 24.0;

pub fn distribution_svg(d: &Distribution) -> String {
    let width = d.width.clamp(280, 1200);
    let w = width as f64;
    let name_w = (w * 0.36).min(250.0);
    let name_chars = ((name_w / 7.4) as usize).max(8);
    // The legend wraps onto as many lines as the width needs.
    let legend: Vec<String> = d
        .levels
        .iter()
        .enumerate()
        .map(|(k, name)| format!("{} {}", k + 1, name))
        .collect();
    let mut places = Vec::new();
    let (mut lx, mut ly) = (8.0, 8.0);
    for label in &legend {
        let item_w = 26.0 + label.chars().count() as f64 * 6.2;
        if lx > 8.0 && lx + item_w > w - 8.0 {
            lx = 8.0;
            ly += 18.0;
        }
        places.push((lx, ly));
        lx += item_w;
    }
    let top = ly + 26.0;
    let h = (top + d.rows.len().max(1) as f64 * ROW + 10.0).ceil() as u32;
    let (x0, x1) = (name_w + 8.0, w - 12.0);
    let px = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, h)).into_drawing_area();
        let result: Result<(), DrawingAreaErrorKind<_>> = (|| {
            // Legend.
            for (k, (label, (lx, ly))) in legend.iter().zip(&places).enumerate() {
                root.draw(&Rectangle::new(
                    [px(*lx, *ly), px(lx + 12.0, ly + 12.0)],
                    colour::LEVELS[k].filled(),
                ))?;
                root.draw(&Text::new(
                    label.clone(),
                    px(lx + 16.0, ly + 6.0),
                    text_style(11.0, &colour::INK, HPos::Left, VPos::Center),
                ))?;
            }
            for (i, (label, counts)) in d.rows.iter().enumerate() {
                let yy = top + i as f64 * ROW;
                let mid = yy + ROW / 2.0;
                root.draw(&Text::new(
                    shorten(label, name_chars),
                    px(name_w, mid),
                    text_style(12.0, &colour::INK, HPos::Right, VPos::Center),
                ))?;
                let valid: u64 = counts.iter().sum();
                if valid == 0 {
                    root.draw(&Text::new(
                        d.no_data_label.clone(),
                        px(x0 + 4.0, mid),
                        text_style(11.0, &colour::MUTED, HPos::Left, VPos::Center),
                    ))?;
                    continue;
                }
                let mut acc = 0u64;
                for (k, &n) in counts.iter().enumerate() {
                    if n == 0 {
                        continue;
                    }
                    let a = x0 + (acc as f64 / valid as f64) * (x1 - x0);
                    acc += n;
                    let b = x0 + (acc as f64 / valid as f64) * (x1 - x0);
                    root.draw(&Rectangle::new(
                        [px(a, yy + 3.0), px(b, yy + ROW - 3.0)],
                        colour::LEVELS[k].filled(),
                    ))?;
                    // The share inside the segment when it is wide enough to read.
                    if b - a > 36.0 {
                        let bp = n * 10_000 / valid;
                        let ink: &'static RGBColor = if k == 2 { &colour::INK } else { &WHITE };
                        root.draw(&Text::new(
                            format::threshold(bp / 100 * 100, d.lang),
                            px((a + b) / 2.0, mid),
                            text_style(11.0, ink, HPos::Center, VPos::Center),
                        ))?;
                    }
                }
            }
            Ok(())
        })();
        let _ = result;
        let _ = root.present();
    }
    finish(svg, &d.id, &d.title, &d.description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::has_text;

    fn dist(rows: Vec<(String, [u64; 5])>) -> Distribution {
        Distribution {
            id: "d".into(),
            title: "Phân bố".into(),
            description: "Theo tiêu chí".into(),
            rows,
            levels: [
                "Rất không hài lòng",
                "Không hài lòng",
                "Bình thường",
                "Hài lòng",
                "Rất hài lòng",
            ]
            .map(String::from),
            no_data_label: "Chưa có ý kiến".into(),
            lang: Lang::Vi,
            width: 680,
        }
    }

    #[test]
    fn each_level_is_a_segment_in_order_and_sized_by_its_share() {
        let svg = distribution_svg(&dist(vec![("Tiêu chí 1".into(), [0, 0, 10, 40, 50])]));
        // Legend squares (5) plus three segments.
        assert_eq!(svg.matches("<rect").count(), 8);
        assert!(has_text(&svg, "50 %"));
        assert!(has_text(&svg, "40 %"));
        assert!(has_text(&svg, "10 %"));
        assert!(has_text(&svg, "5 Rất hài lòng"));
    }

    #[test]
    fn a_criterion_without_answers_says_so() {
        let svg = distribution_svg(&dist(vec![("Trống".into(), [0; 5])]));
        assert!(has_text(&svg, "Chưa có ý kiến"));
        assert_eq!(svg.matches("<rect").count(), 5, "legend only");
    }

    #[test]
    fn hostile_criterion_text_is_escaped() {
        let svg = distribution_svg(&dist(vec![(
            r#""><svg onload=alert(1)>"#.into(),
            [1, 1, 1, 1, 1],
        )]));
        assert!(!svg.contains("<svg onload"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
