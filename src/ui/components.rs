//! Small pieces shared by the pages.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::base::format::Lang;
use crate::core::figures::indicator::Status;
use crate::core::figures::tasks::Progress;
use crate::core::plan::model::{split_footnotes, Label};
use crate::i18n::fill;
use crate::route::{PlanSection, Route};

use super::state::use_app;

/// The text of a label in the interface language.
pub fn label(l: &Label, lang: Lang) -> String {
    match lang {
        Lang::Vi => l.vi.clone(),
        Lang::En => l.en.clone(),
    }
}

/// The CSS class of a status, for colour (always paired with the word, never colour alone).
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::NoActivity => "badge badge-none",
        Status::NoData => "badge badge-nodata",
        Status::Invalid => "badge badge-invalid",
        Status::Met => "badge badge-met",
        Status::NotMet => "badge badge-notmet",
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! { <span class=status_class(status)>{move || t.status(status)}</span> }
}

/// A progress bar with its numbers in words.
#[component]
pub fn ProgressBar(progress: Progress, #[prop(into)] label: String) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let applicable = progress.applicable();
    let text = move || {
        let mut s = fill(
            t.progress_done_of,
            &[
                ("done", &progress.done.to_string()),
                ("total", &applicable.to_string()),
            ],
        );
        if progress.in_progress > 0 {
            s.push_str(&format!(
                " · {} {}",
                progress.in_progress,
                crate::core::base::format::lower(t.task_in_progress)
            ));
        }
        s
    };
    view! {
        <div class="progress">
            <progress max=applicable.max(1) value=progress.done aria-label=label.clone()></progress>
            <span class="progress-text">{text}</span>
        </div>
    }
}

/// Scrolls an element into view and moves focus to it (for in-page jumps that must not touch the
/// hash, which holds the route).
pub fn jump_to(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view();
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// A plan text with its footnote markers as superscript links to the footnotes.
#[component]
pub fn PlanText(#[prop(into)] text: String) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let parts: Vec<(String, Option<u32>)> = split_footnotes(&text)
        .into_iter()
        .map(|p| (p.text.to_string(), p.footnote))
        .collect();
    let href = Route::Plan {
        section: Some(PlanSection::Reporting),
        area: None,
    }
    .href();
    parts
        .into_iter()
        .map(|(text, note)| {
            let href = href.clone();
            view! {
                {text}
                {note
                    .map(|n| {
                        let aria = move || fill(t.plan_footnote_ref, &[("n", &n.to_string())]);
                        view! {
                            <sup class="fnref">
                                <a
                                    href=href.clone()
                                    aria-label=aria
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        jump_to(&format!("fn-{n}"));
                                    }
                                >
                                    {n}
                                </a>
                            </sup>
                        }
                    })}
            }
        })
        .collect_view()
}

/// The button of a file input (`class="file-input"`), in the app's language. The browser draws the
/// input's own button and "no file chosen" in *its* language, so the input is hidden from sight
/// but stays focusable and named by its own label; this second label opens the same picker and is
/// hidden from screen readers, which already have the input.
#[component]
pub fn FileButton(input: &'static str, #[prop(optional)] multiple: bool) -> impl IntoView {
    let t = use_app().t_untracked();
    let text = if multiple {
        t.file_choose_many
    } else {
        t.file_choose
    };
    view! {
        <label for=input class="button secondary file-button" aria-hidden="true">
            {text}
        </label>
    }
}

/// For the office: whose figures or tasks to show (its own, or a school's, entered on its behalf).
/// Schools see nothing here: they only have themselves.
#[component]
pub fn UnitPicker(#[prop(into)] id: String) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let options = move || {
        let current = app.current.get().map(|u| u.id);
        app.data
            .with(|d| unit_options(&d.own_and_schools(), current.as_deref()))
    };
    let show = move || {
        app.me.get().is_some_and(|u| u.kind.manages()) && app.data.with(|d| d.units.len() > 1)
    };
    let id2 = id.clone();
    view! {
        <Show when=show>
            <div class="field inline">
                <label for=id.clone()>{t.figures_unit}</label>
                <select
                    id=id2.clone()
                    on:change=move |ev| app.selected.set(Some(event_target_value(&ev)))
                >
                    {options}
                </select>
            </div>
        </Show>
    }
}

/// A chart: its title, the SVG drawn by `crate::chart` (the only HTML this app ever injects, built
/// and escaped by our own chart functions), and the same numbers as a table for screen readers and
/// for copying.
#[component]
pub fn ChartFigure(svg: String, #[prop(into)] caption: String, table: AnyView) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let label = caption.clone();
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <div class="chart-box" inner_html=svg></div>
            <details class="chart-table">
                <summary>{t.ch_view_table}</summary>
                <div
                    class="table-wrap"
                    tabindex="0"
                    role="region"
                    aria-label=label
                    data-hint=t.scroll_hint
                >
                    {table}
                </div>
            </details>
        </figure>
    }
}

/// A small chart without a table (the dashboard's small multiples; the numbers are on the card and
/// on the target's page). Its SVG comes from `crate::chart` like every chart's, drawn by code that
/// may still have to be fetched: the box is there at once, the chart when the code is. Without
/// the code the card keeps its numbers and shows no chart.
#[component]
pub fn Spark(
    svg: impl std::future::Future<Output = Result<String, crate::split::ChunkMissing>> + Send + 'static,
) -> impl IntoView {
    view! {
        <div class="spark">
            {Suspend::new(async move {
                let svg = svg.await.unwrap_or_default();
                view! { <div inner_html=svg></div> }
            })}
        </div>
    }
}

/// A date typed day first (dd/mm/yyyy), the same in every browser — a native date input shows the
/// browser's own locale order instead. An invalid date is kept on screen with a message, unsaved.
#[component]
pub fn DateField(
    #[prop(into)] id: String,
    label: &'static str,
    value: Signal<Option<chrono::NaiveDate>>,
    on_set: impl Fn(Option<chrono::NaiveDate>) + 'static,
) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let draft = RwSignal::new(None::<String>);
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {err_id}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <span id=hint_id class="hint">
                {t.date_hint}
            </span>
            <input
                id=id
                type="text"
                autocomplete="off"
                placeholder="dd/mm/yyyy"
                aria-describedby=described
                aria-invalid=move || draft.get().is_some().to_string()
                prop:value=move || {
                    draft
                        .get()
                        .unwrap_or_else(|| {
                            value.get().map(crate::core::base::format::date).unwrap_or_default()
                        })
                }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    if text.trim().is_empty() {
                        draft.set(None);
                        on_set(None);
                    } else if let Some(d) = crate::core::base::format::parse_date(&text) {
                        draft.set(None);
                        on_set(Some(d));
                    } else {
                        draft.set(Some(text));
                    }
                }
            />
            <p id=err_id class="field-error" aria-live="polite">
                {move || draft.get().map(|_| t.err_date)}
            </p>
        </div>
    }
}

/// `<option>`s for a list of units, one of them selected.
pub fn unit_options(
    units: &[&crate::core::data::records::Unit],
    selected: Option<&str>,
) -> impl IntoView {
    units
        .iter()
        .map(|u| {
            let is_selected = selected == Some(u.id.as_str());
            view! {
                <option value=u.id.clone() selected=is_selected>
                    {u.name.clone()}
                </option>
            }
        })
        .collect_view()
}

/// What reads a chosen file: its name and bytes in, the value or every problem out. Async, so that
/// a reader can be a split point ([`crate::split_fn!`]) whose code comes when a file is chosen.
pub type FileRead<T> =
    Result<Result<T, Vec<crate::core::base::error::Located>>, crate::split::ChunkMissing>;

/// The `change` handler of a file input that opens one file: reads it (never above `max_bytes`),
/// hands its name and bytes to `read`, and gives `done` what was read — or shows in `error`
/// "Tệp X: …" with every problem, in the user's language, and gives `done` nothing.
pub fn open_one_file<T: 'static, F: std::future::Future<Output = FileRead<T>> + 'static>(
    max_bytes: usize,
    error: RwSignal<Option<String>>,
    read: impl Fn(String, Vec<u8>) -> F + Copy + 'static,
    done: impl Fn(Option<T>) + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    // Read while the component is set up: the task below runs outside its reactive owner.
    let app = use_app();
    let (t, lang) = (app.t_untracked(), app.lang.get_untracked());
    move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = match crate::edge::browser::read_chosen_file(&input, max_bytes).await {
                Ok((name, bytes)) => match read(name.clone(), bytes).await {
                    Ok(read) => read.map_err(|e| (name, e)),
                    Err(crate::split::ChunkMissing) => {
                        error.set(Some(t.files_missing.to_string()));
                        done(None);
                        return;
                    }
                },
                Err((name, e)) => Err((name, vec![e])),
            };
            match result {
                Ok(value) => {
                    error.set(None);
                    done(Some(value));
                }
                Err((file, problems)) => {
                    let all: Vec<String> = problems
                        .iter()
                        .map(|p| super::messages::located(p, lang))
                        .collect();
                    error.set(Some(format!(
                        "{} {}",
                        fill(t.plans_file_error, &[("file", &file)]),
                        all.join("; ")
                    )));
                    done(None);
                }
            }
        });
    }
}
