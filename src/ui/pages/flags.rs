//! Flags for a second look (`core::figures::flags`) in words: their rule and their numbers.

use crate::core::base::format::{self, Lang};
use crate::core::figures::flags::Flag;
use crate::core::plan::model::Plan;
use crate::i18n::{fill, PageTexts};
use crate::ui::components::label;

/// A median or MAD in tenths ("4", "10,5").
fn tenths(x: f64, lang: Lang) -> String {
    let t = (x * 10.0).round().max(0.0) as u64;
    if t % 10 == 0 {
        format::int(t / 10, lang)
    } else {
        format::tenths(t, lang)
    }
}

/// A flag's rule and numbers, as a sentence.
pub fn flag_text(t: &PageTexts, flag: &Flag, plan: &Plan, lang: Lang) -> String {
    match flag {
        Flag::OwnMonths {
            value,
            median,
            months,
            high,
        } => fill(
            if *high { t.fl_own_high } else { t.fl_own_low },
            &[
                ("value", &format::int(*value, lang)),
                ("median", &tenths(*median, lang)),
                ("n", &months.to_string()),
            ],
        ),
        Flag::RateJump {
            indicator,
            now_bp,
            before_bp,
            before,
        } => {
            let name = plan
                .indicator(indicator)
                .map_or(indicator.clone(), |i| label(&i.label, lang));
            fill(
                t.fl_rate_jump,
                &[
                    ("indicator", &name),
                    ("now", &format::percent_bp(*now_bp, lang)),
                    ("before", &format::percent_bp(*before_bp, lang)),
                    (
                        "points",
                        &format::hundredths(now_bp.abs_diff(*before_bp), lang),
                    ),
                    ("month", &format::month_numeric(*before)),
                ],
            )
        }
        Flag::Peers {
            value,
            median,
            mad,
            z,
            peers,
        } => {
            let z_text = format!(
                "{}{}",
                if *z < 0.0 { "−" } else { "" },
                format::hundredths((z.abs() * 100.0).round() as u64, lang)
            );
            fill(
                t.fl_peers,
                &[
                    ("value", &format::int(*value, lang)),
                    ("median", &tenths(*median, lang)),
                    ("mad", &tenths(*mad, lang)),
                    ("z", &z_text),
                    ("n", &peers.to_string()),
                ],
            )
        }
    }
}
