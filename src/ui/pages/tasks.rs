//! Task tracking: the list with progress and filters, and one task's page with its status, person in
//! charge, due date, evidence and notes.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::data::dataset::UndoableAction;
use crate::core::data::records::{Evidence, TaskStatus};
use crate::core::figures::tasks::{
    due_of, filter_tasks, is_overdue, is_own_task, overall_progress, TaskFilter,
};
use crate::edge::browser;
use crate::i18n::fill;
use crate::route::{query, task_filter_from_query, tasks_href, Route};
use crate::ui::components::{DateField, PlanText, ProgressBar, UnitPicker};
use crate::ui::state::location_hash_string;
use crate::ui::state::use_app;

/// Facts about a task joined by " · ", the empty ones left out (no stray separators).
fn facts(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The first sentence-ish of a task, for the list.
fn short(text: &str) -> String {
    let clean = crate::core::plan::model::strip_footnote_marks(text);
    if clean.chars().count() <= 160 {
        return clean;
    }
    let cut: String = clean.chars().take(157).collect();
    format!("{}…", cut.trim_end())
}

#[component]
fn StatusSelect(
    #[prop(into)] id: String,
    unit: String,
    number: String,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let current = {
        let (unit, number) = (unit.clone(), number.clone());
        move || {
            app.data.with(|d| {
                d.work(&app.plan().id)
                    .task(&unit, &number)
                    .map(|p| p.status)
                    .unwrap_or_default()
            })
        }
    };
    let aria = label.clone();
    view! {
        <select
            id=id
            class=move || format!("status-select status-{}", current().slug())
            aria-label=aria
            on:change=move |ev| {
                if let Some(s) = TaskStatus::from_slug(&event_target_value(&ev)) {
                    app.edit(|d, now| {
                        d.work_mut(&app.plan().id)
                            .update_task(&unit, &number, now, |p| p.status = s)
                    });
                }
            }
        >
            {TaskStatus::ALL
                .into_iter()
                .map(|s| {
                    let current = current.clone();
                    view! {
                        <option value=s.slug() selected=move || current() == s>
                            {move || t.task_status(s)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    // The filters start from the address and are written back to it (replaceState: no new
    // history entry, no hashchange), so they survive a visit to a task and a reload.
    let initial = task_filter_from_query(query(&location_hash_string()));
    let status = RwSignal::new(initial.status);
    let area = RwSignal::new(initial.area.clone());
    let overdue = RwSignal::new(initial.overdue_only);
    Effect::new(move |_| {
        let href = tasks_href(&TaskFilter {
            status: status.get(),
            area: area.get(),
            overdue_only: overdue.get(),
        });
        app.tasks_href.set(href.clone());
        if location_hash_string() != href {
            let _ = window().history().and_then(|h| {
                h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            });
        }
    });

    let list = move || {
        let unit = app.current.get()?;
        let today = app.today.get();
        let filter = TaskFilter {
            status: status.get(),
            area: area.get(),
            overdue_only: overdue.get(),
        };
        let plan = app.plan();
        let own = move |task: &crate::core::plan::model::Task| is_own_task(plan, unit.kind, task);
        let total = plan.tasks().filter(|(_, task)| own(task)).count();
        Some(app.data.with(|data| {
            let work = data.work(&plan.id);
            let (shown, others): (Vec<_>, Vec<_>) =
                filter_tasks(plan, work, &unit.id, &filter, today)
                    .into_iter()
                    .partition(|(_, task)| own(task));
            let shown_count = shown.len();
            let count = fill(
                t.tasks_shown,
                &[
                    ("n", &shown_count.to_string()),
                    ("total", &total.to_string()),
                ],
            );
            let overall = overall_progress(plan, work, &unit.id, unit.kind);
            let rows = |tasks: Vec<(
                &crate::core::plan::model::TaskArea,
                &crate::core::plan::model::Task,
            )>| {
                tasks
                    .into_iter()
                    .map(|(_, task)| {
                        task_row(t, &unit.id, task, work.task(&unit.id, &task.number), today)
                    })
                    .collect_view()
            };
            let none = (shown_count == 0).then(|| view! { <p>{t.tasks_none_match}</p> });
            // A school's page: the managing unit's tasks folded below its own, to read, not to count.
            let folded = (!others.is_empty()).then(|| {
                let title = fill(
                    t.tasks_of_managing_unit,
                    &[
                        ("unit", plan.office_name()),
                        ("n", &others.len().to_string()),
                    ],
                );
                view! {
                    <details class="area other-tasks">
                        <summary>{title}</summary>
                        <p class="muted small">{t.tasks_not_counted}</p>
                        <ul class="task-list">{rows(others)}</ul>
                    </details>
                }
            });
            view! {
                <div class="overall card">
                    <ProgressBar progress=overall label=t.dash_overall />
                </div>
                <p role="status" class="muted">
                    {count}
                </p>
                {none}
                <ul class="task-list">{rows(shown)}</ul>
                {folded}
            }
        }))
    };

    view! {
        <h1>{t.tasks_title}</h1>
        <Show when=move || app.me.get().is_some() fallback=|| view! { <super::NeedsProfile /> }>
            <UnitPicker id="tasks-unit" />
            {task_filters(app, &initial, (status, area, overdue))}
            {list}
        </Show>
    }
}

/// The filters of the task list: status, area, overdue only — from the address, and written
/// back to it.
fn task_filters(
    app: crate::ui::state::App,
    initial: &TaskFilter,
    (status, area, overdue): (
        RwSignal<Option<TaskStatus>>,
        RwSignal<Option<String>>,
        RwSignal<bool>,
    ),
) -> AnyView {
    let t = app.pt_untracked();
    view! {
        <form class="filters" aria-label=t.tasks_filter on:submit=|ev| ev.prevent_default()>
            <div class="field inline">
                <label for="f-status">{t.tasks_filter_status}</label>
                <select
                    id="f-status"
                    on:change=move |ev| {
                        status.set(TaskStatus::from_slug(&event_target_value(&ev)))
                    }
                >
                    <option value="">{t.all}</option>
                    {TaskStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.slug() selected=initial.status == Some(s)>
                                    {move || t.task_status(s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="f-area">{t.tasks_filter_area}</label>
                <select
                    id="f-area"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        area.set((!v.is_empty()).then_some(v));
                    }
                >
                    <option value="">{t.all}</option>
                    {app
                        .plan()
                        .task_areas
                        .iter()
                        .map(|a| {
                            view! {
                                <option
                                    value=a.number.clone()
                                    selected=initial.area.as_deref() == Some(a.number.as_str())
                                >
                                    {format!("{}. {}", a.number, a.title)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <label class="choice">
                <input
                    type="checkbox"
                    checked=initial.overdue_only
                    on:change=move |ev| overdue.set(event_target_checked(&ev))
                />
                {t.tasks_filter_overdue}
            </label>
        </form>
    }
    .into_any()
}

/// One task of the list: its number and words, who, when, evidence, overdue, and its status.
fn task_row(
    t: &'static crate::i18n::PageTexts,
    unit: &str,
    task: &crate::core::plan::model::Task,
    stored: Option<&crate::core::data::records::TaskProgress>,
    today: chrono::NaiveDate,
) -> AnyView {
    let late = is_overdue(task, stored, today);
    let due = due_of(task, stored);
    let progress = stored.cloned().unwrap_or_default();
    let href = Route::Tasks {
        task: Some(task.number.clone()),
    }
    .href();
    let select_id = format!("st-{}", task.number);
    let aria = format!("{} {}", t.task_status, task.number);
    view! {
        <li class="task-row" class:late=late>
            <div class="task-main">
                <a href=href>
                    <span class="num">{task.number.clone()}</span>
                    " "
                    {short(&task.text)}
                </a>
                <p class="muted small">
                    {facts(
                        &[
                            progress.assignee.clone(),
                            due
                                .map(|d| format!("{}: {}", t.task_due, format::date(d)))
                                .unwrap_or_default(),
                            if progress.evidence.is_empty() {
                                String::new()
                            } else {
                                format!("{}: {}", t.task_evidence, progress.evidence.len())
                            },
                        ],
                    )}
                    {late
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-notmet">{t.task_overdue}</span>
                            }
                        })}
                    {(progress.status == TaskStatus::Done && progress.evidence.is_empty())
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-nodata">{t.task_no_evidence}</span>
                            }
                        })}
                </p>
            </div>
            <StatusSelect
                id=select_id
                unit=unit.to_string()
                number=task.number.clone()
                label=aria
            />
        </li>
    }
    .into_any()
}

/// A task's form for a unit: status, person in charge, due date, notes.
fn task_form(
    app: crate::ui::state::App,
    task: &'static crate::core::plan::model::Task,
    unit: &crate::core::data::records::Unit,
) -> AnyView {
    let t = app.pt_untracked();
    let uid = unit.id.clone();
    let n = task.number.clone();
    let progress = {
        let (uid, n) = (uid.clone(), n.clone());
        Memo::new(move |_| {
            app.data.with(|d| {
                d.work(&app.plan().id)
                    .task(&uid, &n)
                    .cloned()
                    .unwrap_or_default()
            })
        })
    };
    let update = {
        let (uid, n) = (uid.clone(), n.clone());
        move |f: Box<dyn FnOnce(&mut crate::core::data::records::TaskProgress)>| {
            app.edit(|d, now| d.work_mut(&app.plan().id).update_task(&uid, &n, now, f))
        }
    };
    let (u1, u2, u3) = (update.clone(), update.clone(), update.clone());
    view! {
        <div class="task-form card">
            <div class="field">
                <label for="task-status">{t.task_status}</label>
                <StatusSelect id="task-status" unit=uid.clone() number=n.clone() />
            </div>
            {move || {
                let p = progress.get();
                (p.status == TaskStatus::Done && p.evidence.is_empty())
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {t.task_done_no_evidence}
                            </p>
                        }
                    })
            }}
            <div class="field">
                <label for="task-assignee">{t.task_assignee}</label>
                <input
                    id="task-assignee"
                    type="text"
                    placeholder=t.task_assignee_hint
                    prop:value=move || progress.get().assignee
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        u1(Box::new(move |p| p.assignee = v.trim().to_string()));
                    }
                />
            </div>
            <DateField
                id="task-due"
                label=t.task_due
                value=Signal::derive(move || due_of(task, Some(&progress.get())))
                on_set=move |due| u2(Box::new(move |p| p.due = due))
            />
            {move || {
                is_overdue(task, Some(&progress.get()), app.today.get())
                    .then(|| {
                        view! {
                            <p>
                                <span class="badge badge-notmet">{t.task_overdue}</span>
                            </p>
                        }
                    })
            }}
            <div class="field">
                <label for="task-notes">{t.task_notes}</label>
                <textarea
                    id="task-notes"
                    rows="3"
                    prop:value=move || progress.get().notes
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        u3(Box::new(move |p| p.notes = v));
                    }
                ></textarea>
            </div>
            <p class="muted small">
                {
                    let uid = uid.clone();
                    move || {
                        let p = progress.get();
                        let time = format::timestamp(p.changed_at, browser::utc_offset_minutes());
                        let from = app
                            .data
                            .with(|d| {
                                crate::core::data::provenance::file_of(d, &uid, p.changed_at)
                                    .map(|r| {
                                        let source = fill(
                                            t.hi_from_file,
                                            &[("file", &r.file), ("revision", &r.revision.to_string())],
                                        );
                                        fill(t.hi_received, &[("source", &source)])
                                    })
                            });
                        (p.changed_at > 0)
                            .then(|| {
                                let changed = fill(t.task_last_changed, &[("time", &time)]);
                                match from {
                                    Some(f) => format!("{changed} — {f}"),
                                    None => changed,
                                }
                            })
                    }
                }
            </p>
        </div>
        <EvidenceSection unit=uid n=n />
    }
    .into_any()
}

#[component]
pub fn TaskPage(number: String) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let Some(task) = app.plan().task(&number) else {
        return view! {
            <h1>{t.tasks_title}</h1>
            <p>{move || fill(t.task_not_found, &[("n", &number)])}</p>
            <p>
                <a href=move || app.tasks_href.get()>{t.task_back}</a>
            </p>
        }
        .into_any();
    };
    let roles = app.plan().role_names(task);
    let body = move || {
        let unit = app.current.get()?;
        Some(task_form(app, task, &unit))
    };
    view! {
        <p class="crumbs">
            <a href=move || app.tasks_href.get()>{t.task_back}</a>
        </p>
        <h1>{move || format!("{} {}", t.nav_tasks, task.number)}</h1>
        <UnitPicker id="task-unit" />
        <div class="plan-quote">
            <p>
                <PlanText text=task.text.clone() />
            </p>
            {(!task.bullets.is_empty())
                .then(|| {
                    view! {
                        <ul class="dashed">
                            {task
                                .bullets
                                .iter()
                                .map(|b| view! { <li>{b.clone()}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {(!roles.is_empty())
                .then(|| {
                    view! {
                        <p class="meta">
                            {move || fill(t.task_plan_role, &[("roles", &roles.join(", "))])}
                        </p>
                    }
                })}
        </div>
        <Show when=move || app.me.get().is_some() fallback=|| view! { <super::NeedsProfile /> }>
            {body}
        </Show>
    }
    .into_any()
}

/// A piece of evidence from the form: something to name it (a number, a link or a note), a link
/// only to the web, a date as the user writes it; or why not.
fn evidence_from_form(
    t: &'static crate::i18n::PageTexts,
    dn: &str,
    dt: &str,
    lk: &str,
    nt: &str,
) -> Result<Evidence, &'static str> {
    if dn.trim().is_empty() && lk.trim().is_empty() && nt.trim().is_empty() {
        return Err(t.evidence_needs_something);
    }
    let lk = lk.trim().to_string();
    if !(lk.is_empty() || lk.starts_with("https://") || lk.starts_with("http://")) {
        return Err(t.evidence_bad_link);
    }
    let when = if dt.trim().is_empty() {
        None
    } else {
        match format::parse_date(dt) {
            Some(d) => Some(d),
            None => {
                return Err(t.err_date);
            }
        }
    };
    let e = Evidence {
        id: browser::new_evidence_id(),
        doc_number: dn.trim().to_string(),
        date: when,
        link: lk,
        note: nt.trim().to_string(),
    };
    Ok(e)
}

/// One piece of evidence: its document number, date, note and link (only a web link is a link),
/// and its removal, undoable.
fn evidence_item(app: crate::ui::state::App, unit: String, n: String, e: Evidence) -> AnyView {
    let t = app.pt_untracked();
    let eid = e.id.clone();
    let message = fill(t.undo_remove_evidence, &[("task", &n)]);
    let safe_link =
        (e.link.starts_with("https://") || e.link.starts_with("http://")).then(|| e.link.clone());
    view! {
        <li class="evidence">
            <div>
                {(!e.doc_number.is_empty())
                    .then(|| {
                        view! {
                            <strong>{e.doc_number.clone()}</strong>
                            " "
                        }
                    })} {e.date.map(|d| format!("({}) ", format::date(d)))}
                {(!e.note.is_empty()).then(|| e.note.clone())}
                {safe_link
                    .map(|l| {
                        view! {
                            " "
                            <a href=l.clone() target="_blank" rel="noopener noreferrer">
                                {l.clone()}
                            </a>
                        }
                    })}
            </div>
            <button
                type="button"
                class="secondary small"
                aria-label=format!("{} {}", t.delete, e.doc_number)
                on:click=move |_| {
                    let (unit, n, eid) = (unit.clone(), n.clone(), eid.clone());
                    app.destroy(
                        UndoableAction::RemoveEvidence {
                            task: n.clone(),
                        },
                        message.clone(),
                        move |d, now| {
                            d.work_mut(&app.plan().id).remove_evidence(&unit, &n, &eid, now);
                        },
                    );
                }
            >
                {t.delete}
            </button>
        </li>
    }
    .into_any()
}

#[component]
fn EvidenceSection(unit: String, n: String) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let doc = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let list = {
        let (unit, n) = (unit.clone(), n.clone());
        move || {
            let items = app.data.with(|d| {
                d.work(&app.plan().id)
                    .task(&unit, &n)
                    .map(|p| p.evidence.clone())
                    .unwrap_or_default()
            });
            if items.is_empty() {
                return view! { <p class="muted">{t.evidence_empty}</p> }.into_any();
            }
            let lis = items
                .into_iter()
                .map(|e| evidence_item(app, unit.clone(), n.clone(), e))
                .collect_view();
            view! { <ul class="evidence-list">{lis}</ul> }.into_any()
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (dn, dt, lk, nt) = (
            doc.get_untracked(),
            date.get_untracked(),
            link.get_untracked(),
            note.get_untracked(),
        );
        let e = match evidence_from_form(app.pt_untracked(), &dn, &dt, &lk, &nt) {
            Ok(e) => e,
            Err(why) => {
                error.set(Some(why));
                return;
            }
        };
        error.set(None);
        let (unit, n) = (unit.clone(), n.clone());
        app.edit(move |d, now| {
            d.work_mut(&app.plan().id)
                .update_task(&unit, &n, now, |p| p.evidence.push(e))
        });
        doc.set(String::new());
        date.set(String::new());
        link.set(String::new());
        note.set(String::new());
    };
    view! {
        <section aria-labelledby="h-evidence">
            <h2 id="h-evidence">{t.task_evidence}</h2>
            <p class="muted">{t.task_evidence_intro}</p>
            {list}
            <form class="evidence-form card" on:submit=add novalidate>
                <div class="field">
                    <label for="ev-doc">{t.evidence_doc_number}</label>
                    <input
                        id="ev-doc"
                        type="text"
                        prop:value=move || doc.get()
                        on:input=move |ev| doc.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="ev-date">{t.evidence_date}</label>
                    <span class="hint">{t.date_hint}</span>
                    <input
                        id="ev-date"
                        type="text"
                        autocomplete="off"
                        placeholder="dd/mm/yyyy"
                        prop:value=move || date.get()
                        aria-describedby="ev-error"
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="ev-link">{t.evidence_link}</label>
                    <input
                        id="ev-link"
                        type="url"
                        inputmode="url"
                        placeholder="https://"
                        prop:value=move || link.get()
                        aria-describedby="ev-error"
                        on:input=move |ev| link.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="ev-note">{t.evidence_note}</label>
                    <input
                        id="ev-note"
                        type="text"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </div>
                <p id="ev-error" class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit">{t.evidence_add}</button>
            </form>
        </section>
    }
}
