//! A figure's history in words: each value it held, where it came from (a file, by name and
//! revision, or typed here) and when — from `core::data::provenance`.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::base::period::YearMonth;
use crate::core::data::provenance::{figure_history, Step};
use crate::edge::browser;
use crate::i18n::{fill, PageTexts};
use crate::ui::state::App;

/// One step of a history: "40 — tệp cchc-th01-….json (lần 1), 10:00 05/04/2026".
fn step_text(t: &PageTexts, s: &Step<'_>, lang: format::Lang) -> String {
    let value = s
        .value
        .map_or_else(|| t.hi_cleared.to_string(), |v| format::int(v, lang));
    let source = match s.file {
        Some(r) => fill(
            t.hi_from_file,
            &[("file", &r.file), ("revision", &r.revision.to_string())],
        ),
        None => t.hi_typed.to_string(),
    };
    let time = format::timestamp(s.at, browser::utc_offset_minutes());
    fill(
        t.hi_step,
        &[("value", &value), ("source", &source), ("time", &time)],
    )
}

/// The history of a unit's figure, folded, when it ever changed; nothing for a figure that
/// holds its first value (or none).
pub fn figure_history_view(
    app: App,
    unit: String,
    month: YearMonth,
    field: String,
) -> impl IntoView {
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    move || {
        let lines: Vec<String> = app.data.with(|d| {
            figure_history(d, &unit, month, &field)
                .iter()
                .map(|s| step_text(t, s, lang))
                .collect()
        });
        (lines.len() > 1).then(|| {
            view! {
                <details class="history">
                    <summary>{fill(t.hi_title, &[("n", &lines.len().to_string())])}</summary>
                    <ol>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ol>
                </details>
            }
        })
    }
}
