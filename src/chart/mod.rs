//! Charts: pure functions from core values to SVG strings, drawn with plotters' SVG backend.
//!
//! Everything is laid out in pixels by these functions (no plotters mesh, which would measure text
//! in the browser's DOM): the output is the same natively and in the browser, fast, and testable.
//! Every text comes from data or the i18n table and is escaped — by plotters for drawn text, by
//! [`escape`] for the title and description this module adds. The UI places the result with
//! `inner_html` in `ui::components::{ChartFigure, Spark}`, the only places that do.

mod compare;
mod distribution;
mod trend;
pub mod views;

pub use compare::{compare_svg, sorted_rows, CompareRow, Comparison};
pub use distribution::{distribution_svg, Distribution};
pub use trend::{trend_svg, DueMark, Trend};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours (WCAG AA against white where they carry text).
pub(crate) mod colour {
    use plotters::style::RGBColor;
    pub const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
    pub const MUTED: RGBColor = RGBColor(0x4d, 0x56, 0x62);
    pub const GRID: RGBColor = RGBColor(0xd8, 0xde, 0xe4);
    pub const BRAND: RGBColor = RGBColor(0x0b, 0x4f, 0x8a);
    pub const CUMULATIVE: RGBColor = RGBColor(0x11, 0x63, 0x29);
    pub const TARGET: RGBColor = RGBColor(0xa4, 0x0e, 0x26);
    pub const BELOW: RGBColor = RGBColor(0xc2, 0x2a, 0x3a);
    pub const ABOVE: RGBColor = RGBColor(0x2f, 0x7d, 0x4a);
    /// Levels 1 (very dissatisfied) to 5 (very satisfied): a diverging scale.
    pub const LEVELS: [RGBColor; 5] = [
        RGBColor(0xb4, 0x23, 0x18),
        RGBColor(0xe8, 0x7b, 0x5a),
        RGBColor(0xbf, 0xc5, 0xcc),
        RGBColor(0x6c, 0xb3, 0x7e),
        RGBColor(0x1f, 0x7a, 0x3f),
    ];
}

pub(crate) const FONT: &str = "sans-serif";

/// A text style of `size` pixels (plotters' SVG backend writes font sizes divided by 1,24).
pub(crate) fn text_style(
    size: f64,
    colour: &'static RGBColor,
    h: HPos,
    v: VPos,
) -> TextStyle<'static> {
    TextStyle::from((FONT, size * 1.24).into_font())
        .color(colour)
        .pos(Pos::new(h, v))
}

/// Wraps plotters' SVG with an accessible name and description, and a class for styling.
pub(crate) fn finish(svg: String, id: &str, title: &str, description: &str) -> String {
    let head = format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"chart-svg\" preserveAspectRatio=\"xMinYMin meet\" "
    );
    let body = svg.replacen("<svg ", &head, 1);
    match body.find('>') {
        Some(i) => format!(
            "{}<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
            &body[..=i],
            escape(title),
            escape(description),
            &body[i + 1..]
        ),
        None => body,
    }
}

/// Whether `svg` has a text element reading exactly `text` (as plotters writes it).
#[cfg(test)]
pub(crate) fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

/// Cuts a label to `max` characters with an ellipsis (for long school names).
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup() {
        assert_eq!(
            escape(r#""><svg onload=alert(1)>"#),
            "&quot;&gt;&lt;svg onload=alert(1)&gt;"
        );
        assert_eq!(escape("a & b's"), "a &amp; b&apos;s");
    }

    #[test]
    fn labels_are_shortened_by_characters_not_bytes() {
        assert_eq!(shorten("Trường Tiểu học", 40), "Trường Tiểu học");
        assert_eq!(shorten("Trường Tiểu học Bình Minh", 10), "Trường Ti…");
    }

    #[test]
    fn finish_adds_an_accessible_name_once() {
        let svg = finish(
            "<svg width=\"10\" height=\"10\">\n<rect/></svg>".into(),
            "c1",
            "Tiêu đề <x>",
            "Mô tả & chi tiết",
        );
        assert!(svg.starts_with("<svg role=\"img\" aria-labelledby=\"c1-t c1-d\""));
        assert!(svg.contains("<title id=\"c1-t\">Tiêu đề &lt;x&gt;</title><desc id=\"c1-d\">Mô tả &amp; chi tiết</desc>"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
