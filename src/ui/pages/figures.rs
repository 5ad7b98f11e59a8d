//! Monthly data entry of the raw counts. Each value is checked as it is typed (whole numbers ≥ 0,
//! parts not above their whole); a valid value is saved at once, an invalid one is kept on screen
//! with its message beside the field and is never saved. Enter moves to the next field.

use crate::core::figures::flags::entry_flags;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::base::format;
use crate::core::base::period::YearMonth;
use crate::core::data::dataset::UndoableAction;
use crate::core::data::records::Unit;
use crate::core::figures::entry::{check_entry, parse_count, EntryError};
use crate::core::figures::unit_figures::UnitFigures;
use crate::core::plan::model::{Field, FieldKind};
use crate::edge::browser;
use crate::i18n::fill;
use crate::route::Route;
use crate::ui::components::{label, UnitPicker};
use crate::ui::messages;
use crate::ui::state::use_app;

#[component]
pub fn FiguresPage(month: Option<YearMonth>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let year = app.plan().year;
    let month = month
        .filter(|m| m.year() == year)
        .unwrap_or_else(|| app.default_month());

    let body = move || {
        let unit = app.current.get()?;
        Some(view! { <MonthForm unit=unit month=month /> })
    };
    view! {
        <h1>{t.figures_title}</h1>
        <p>{t.figures_intro}</p>
        <Show when=move || app.me.get().is_some() fallback=|| view! { <super::NeedsProfile /> }>
            <UnitPicker id="figures-unit" />
            <MonthNav month=month />
            <super::sent::MonthSent month=month />
            {body}
        </Show>
    }
}

/// Previous / next month, a chooser, and which months have figures.
#[component]
fn MonthNav(month: YearMonth) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let months = app.plan().months();
    let first = months.first().copied();
    let last = months.last().copied();
    let prev = (Some(month) != first).then(|| {
        Route::Figures {
            month: Some(month.prev()),
        }
        .href()
    });
    let next = (Some(month) != last).then(|| {
        Route::Figures {
            month: Some(month.next()),
        }
        .href()
    });
    let chips = move || {
        let unit = app.current.get()?;
        let entered: Vec<YearMonth> = app.data.with(|d| d.months_with_data(&unit.id));
        Some(
            app.plan()
                .months()
                .into_iter()
                .map(|m| {
                    let has = entered.contains(&m);
                    let state = if has {
                        t.month_entered
                    } else {
                        t.month_missing
                    };
                    let current = (m == month).then_some("page");
                    view! {
                        <li class:has=has>
                            <a
                                href=Route::Figures { month: Some(m) }.href()
                                aria-current=current
                                title=format!("{} — {state}", format::month_long(m, lang))
                            >
                                {format::month_short(m, lang)}
                                <span class="sr-only">{format!(" — {state}")}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <nav class="month-nav" aria-label=t.figures_month>
            {prev
                .map(|h| {
                    view! {
                        <a class="button secondary" href=h>
                            {move || format!("‹ {}", t.figures_prev)}
                        </a>
                    }
                })}
            <select
                aria-label=t.figures_month
                on:change=move |ev| {
                    if let Ok(m) = event_target_value(&ev).parse::<YearMonth>() {
                        app.navigate(Route::Figures { month: Some(m) });
                    }
                }
            >
                {app
                    .plan()
                    .months()
                    .into_iter()
                    .map(|m| {
                        view! {
                            <option value=m.to_string() selected=m == month>
                                {move || format::month_long(m, lang)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {next
                .map(|h| {
                    view! {
                        <a class="button secondary" href=h>
                            {move || format!("{} ›", t.figures_next)}
                        </a>
                    }
                })}
            <ul class="month-chips">{chips}</ul>
        </nav>
    }
}

/// Moves focus to the next figure field (Enter behaves like Tab).
fn focus_next(current: &web_sys::EventTarget) {
    let Ok(list) = document().query_selector_all("[data-figure]") else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    let target: &wasm_bindgen::JsValue = current.as_ref();
    let Some(pos) = items.iter().position(|e| {
        let e: &wasm_bindgen::JsValue = e.as_ref();
        e == target
    }) else {
        return;
    };
    if let Some(next) = items.get(pos + 1) {
        let _ = next.focus();
    }
}

#[component]
fn MonthForm(unit: Unit, month: YearMonth) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let groups = plan
        .measures
        .groups
        .iter()
        .filter_map(|g| {
            let fields: Vec<&'static Field> = plan
                .measures
                .fields
                .iter()
                .filter(|f| f.group == g.id && f.reporters.contains(&unit.kind))
                .collect();
            (!fields.is_empty()).then_some((g, fields))
        })
        .collect::<Vec<_>>();
    if groups.is_empty() {
        return view! { <p>{t.figures_none_for_unit}</p> }.into_any();
    }
    let uid = unit.id.clone();
    let name = unit.name.clone();
    let clear = {
        let uid = uid.clone();
        move |_| {
            let t = app.pt_untracked();
            let lang = app.lang.get_untracked();
            let text = fill(
                t.figures_cleared,
                &[("month", &format::month_long(month, lang)), ("unit", &name)],
            );
            let u = uid.clone();
            app.destroy(
                UndoableAction::ClearMonth {
                    unit: uid.clone(),
                    month,
                },
                text,
                move |d, now| {
                    d.clear_month(&u, month, now);
                },
            );
        }
    };
    let has_data = {
        let uid = uid.clone();
        move || app.data.with(|d| d.month_figures(&uid, month).is_some())
    };
    let saved = move || {
        app.last_saved.get().map(|ms| {
            fill(
                t.data_last_saved,
                &[(
                    "time",
                    &format::timestamp(ms, browser::utc_offset_minutes()),
                )],
            )
        })
    };
    view! {
        <h2>{move || format!("{} — {}", format::month_long(month, lang), unit.name)}</h2>
        <p class="muted">{t.figures_empty_hint}</p>
        <form class="figures" on:submit=|ev| ev.prevent_default() novalidate>
            {groups
                .into_iter()
                .map(|(g, fields)| {
                    let uid = uid.clone();
                    view! {
                        <fieldset class="figure-group">
                            <legend>{move || label(&g.label, lang)}</legend>
                            {fields
                                .into_iter()
                                .map(|f| {
                                    view! { <FigureInput unit=uid.clone() month=month field=f /> }
                                })
                                .collect_view()}
                        </fieldset>
                    }
                })
                .collect_view()}
        </form>
        <div class="toolbar">
            <p class="muted small" role="status">
                {saved}
            </p>
            <Show when=has_data.clone()>
                <button type="button" class="danger" on:click=clear.clone()>
                    {t.figures_clear_month}
                </button>
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn FigureInput(unit: String, month: YearMonth, field: &'static Field) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let id = format!("fig-{}", field.id);
    let err_id = format!("{id}-error");
    let stored = {
        let unit = unit.clone();
        Memo::new(move |_| app.data.with(|d| d.figure(&unit, month, &field.id)))
    };
    // What the user typed that could not be saved, and why.
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<EntryError>);

    let check = {
        let unit = unit.clone();
        move |v: u64| {
            app.data
                .with_untracked(|d| check_entry(plan, d, &unit, month, &field.id, v))
        }
    };
    let attempt = typed_attempt(unit.clone(), month, field, draft, error);
    // The stored value checked against the data as it stands now: a breach stored by an older
    // build or a merge is flagged; a relation that is not strict gives a warning.
    let stored_check = move || {
        app.data.track();
        stored.get().map(&check)
    };
    let stored_problem = {
        let stored_check = stored_check.clone();
        move || stored_check().and_then(|r| r.err())
    };
    let problem = stored_problem.clone();
    let message = move || {
        let lang = lang;
        match error.get() {
            Some(e) => Some(format!(
                "{} {}",
                messages::entry(&e, plan, lang),
                t.err_not_saved
            )),
            None => problem().map(|e| messages::entry(&e, plan, lang)),
        }
    };
    let warning = move || {
        if error.get().is_some() {
            return None;
        }
        let warnings = stored_check()?.ok()?;
        let text = warnings
            .iter()
            .map(|b| messages::breach(b, plan, lang, false))
            .collect::<Vec<_>>()
            .join(" ");
        (!text.is_empty()).then_some(text)
    };
    let invalid = move || (error.get().is_some() || stored_problem().is_some()).to_string();
    let hint = match field.kind {
        FieldKind::Flow => t.flow_hint,
        FieldKind::MonthEnd => t.month_end_hint,
        FieldKind::Stock | FieldKind::Flag => t.stock_hint,
    };
    // A stock or flag not entered this month still holds its earlier value: shown as a value,
    // in full, beside the field ("Đang giữ: 62 — nhập từ tháng 01/2024").
    let carried_note = {
        let unit = unit.clone();
        move || {
            if !matches!(field.kind, FieldKind::Stock | FieldKind::Flag) || stored.get().is_some() {
                return None;
            }
            app.data
                .with(|d| carried_value(t, lang, plan, d, &unit, field, month))
        }
    };
    // Values worth a second look, by the rules of `core::figures::flags`: never blocking, and
    // quiet once marked as checked until the figure changes.
    let flags = {
        let unit = unit.clone();
        move || {
            let (text, checked) = app.data.with(|d| {
                let u = d.unit(&unit)?;
                let flags = entry_flags(plan, d, u, month, &field.id);
                let text = flags
                    .iter()
                    .map(|f| super::flags::flag_text(t, f, plan, lang))
                    .collect::<Vec<_>>()
                    .join(" ");
                (!flags.is_empty()).then(|| (text, d.flags_checked(&unit, month, &field.id)))
            })?;
            if let Some(at) = checked {
                let time = format::timestamp(at, browser::utc_offset_minutes());
                return Some(
                    view! { <p class="muted small">{fill(t.fl_checked, &[("time", &time)])}</p> }
                        .into_any(),
                );
            }
            let unit = unit.clone();
            let mark = move |_| {
                let unit = unit.clone();
                app.edit(move |d, now| d.check_flags(&unit, month, &field.id, now));
            };
            Some(
                view! {
                    <div class="field-flag" role="status">
                        <p>{text}</p>
                        <button type="button" class="link" on:click=mark>
                            {t.fl_mark_checked}
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
    };
    let input = figure_control(
        FigureControl {
            id: id.clone(),
            err_id: err_id.clone(),
            flag: field.kind == FieldKind::Flag,
            stored,
            draft,
            invalid: Signal::derive(invalid),
        },
        attempt,
    );
    view! {
        <div class="field figure" class:invalid=move || error.get().is_some()>
            <label for=id
                .clone()>
                {move || label(&field.label, lang)} <span class="hint">{hint}</span>
            </label>
            {input}
            {move || carried_note().map(|n| view! { <p class="carried">{n}</p> })}
            <p id=err_id class="field-error" aria-live="polite">
                {message}
            </p>
            <p class="field-warning" aria-live="polite">
                {warning}
            </p>
            {flags}
            {super::history::figure_history_view(app, unit.clone(), month, field.id.clone())}
        </div>
    }
}

/// Saves what was typed in a figure's field when it reads as a count that passes the entry
/// checks, or keeps it as a draft with the reason; a draft refused because of another field is
/// tried again whenever the data changes.
fn typed_attempt(
    unit: String,
    month: YearMonth,
    field: &'static Field,
    draft: RwSignal<Option<String>>,
    error: RwSignal<Option<EntryError>>,
) -> impl Fn(String) + Clone + 'static {
    let app = use_app();
    let plan = app.plan();
    let attempt = move |text: String| match parse_count(&text) {
        Err(e) => {
            draft.set(Some(text));
            error.set(Some(e));
        }
        Ok(value) => {
            let checked = value.map(|v| {
                app.data
                    .with_untracked(|d| check_entry(plan, d, &unit, month, &field.id, v))
            });
            match checked.transpose() {
                Err(e) => {
                    draft.set(Some(text));
                    error.set(Some(e));
                }
                Ok(_) => {
                    draft.set(None);
                    error.set(None);
                    let unit = unit.clone();
                    app.edit(move |d, now| {
                        d.type_figure(&unit, month, &field.id, value, now);
                    });
                }
            }
        }
    };
    {
        let attempt = attempt.clone();
        Effect::new(move |_| {
            app.data.track();
            if let Some(text) = draft.get_untracked() {
                if matches!(error.get_untracked(), Some(EntryError::Breach(_))) {
                    attempt(text);
                }
            }
        });
    }
    attempt
}

/// What a figure's control needs: its ids, whether it is a yes/no flag, the stored value, the
/// text that could not be saved, and whether the field is invalid.
struct FigureControl {
    id: String,
    err_id: String,
    flag: bool,
    stored: Memo<Option<u64>>,
    draft: RwSignal<Option<String>>,
    invalid: Signal<String>,
}

/// A figure's control: "Có"/"Không" for a flag, a number field otherwise; Enter moves on, and
/// what is typed goes to `attempt`.
fn figure_control(
    c: FigureControl,
    attempt: impl Fn(String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let FigureControl {
        id,
        err_id,
        flag,
        stored,
        draft,
        invalid,
    } = c;
    let t = use_app().pt_untracked();
    let keydown = |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(t) = ev.target() {
                focus_next(&t);
            }
        }
    };
    if flag {
        let attempt = attempt.clone();
        view! {
            <select
                id=id.clone()
                data-figure=""
                aria-invalid=invalid
                aria-describedby=err_id.clone()
                on:change=move |ev| attempt(event_target_value(&ev))
                on:keydown=keydown
            >
                <option value="" selected=move || stored.get().is_none()>
                    "—"
                </option>
                <option value="1" selected=move || stored.get() == Some(1)>
                    {t.yes}
                </option>
                <option value="0" selected=move || stored.get() == Some(0)>
                    {t.no}
                </option>
            </select>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                data-figure=""
                type="text"
                inputmode="numeric"
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=err_id.clone()
                prop:value=move || {
                    draft
                        .get()
                        .unwrap_or_else(|| stored.get().map(|v| v.to_string()).unwrap_or_default())
                }
                on:input=move |ev| attempt(event_target_value(&ev))
                on:keydown=keydown
            />
        }
        .into_any()
    }
}

/// The value a stock or flag holds at `month` from an earlier month, with that month, in words.
fn carried_value(
    t: &'static crate::i18n::PageTexts,
    lang: format::Lang,
    plan: &crate::core::plan::model::Plan,
    data: &crate::core::data::dataset::Dataset,
    unit: &str,
    field: &Field,
    month: YearMonth,
) -> Option<String> {
    let s = UnitFigures::new(plan, data, unit).at(&field.id, month)?;
    let value = match (field.kind, s.value) {
        (FieldKind::Flag, 1) => t.yes.to_string(),
        (FieldKind::Flag, _) => t.no.to_string(),
        (_, n) => format::int(n, lang),
    };
    Some(fill(
        t.figures_carried_note,
        &[("n", &value), ("month", &format::month_numeric(s.month))],
    ))
}
