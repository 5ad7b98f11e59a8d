//! The plan as a person reads it: basis, objectives, targets (as a table), task areas that open and
//! close, organisation, reporting, closing, recipients, signer and footnotes.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::plan::model::{Goal, Target, Task, TaskArea};
use crate::i18n::fill;
use crate::route::{PlanSection, Route};
use crate::ui::components::{jump_to, PlanText};
use crate::ui::state::use_app;

fn section_id(s: PlanSection) -> &'static str {
    s.slug()
}

fn area_id(number: &str) -> String {
    format!("linh-vuc-{number}")
}

#[component]
pub fn PlanPage(section: Option<PlanSection>, area: Option<String>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let plan = app.plan();

    // Every area has its own open state; a deep link opens its area.
    let open: Vec<(String, RwSignal<bool>)> = plan
        .task_areas
        .iter()
        .map(|a| {
            (
                a.number.clone(),
                RwSignal::new(area.as_deref() == Some(a.number.as_str())),
            )
        })
        .collect();
    let set_all = {
        let open = open.clone();
        move |v: bool| open.iter().for_each(|(_, s)| s.set(v))
    };
    // Printing shows every area, open or not.
    let before_print = {
        let set_all = set_all.clone();
        window_event_listener_untyped("beforeprint", move |_| set_all(true))
    };
    on_cleanup(move || before_print.remove());

    // Jump to the linked section once the page is drawn.
    let target = area
        .as_ref()
        .map(|a| area_id(a))
        .or(section.map(|s| section_id(s).to_string()));
    if let Some(id) = target {
        request_animation_frame(move || jump_to(&id));
    }

    let contents = plan_contents(plan);

    let set_all_open = set_all.clone();
    view! {
        <article class="plan-doc">
            {plan_head(app, t, plan)} <nav class="toc" aria-label=t.plan_contents>
                <h2 class="toc-title">{t.plan_contents}</h2>
                <ol>{contents}</ol>
            </nav>
            <section class="plan-basis">
                {plan.legal_basis.iter().map(|b| view! { <p>{b.text.clone()}</p> }).collect_view()}
                <p>{plan.preamble.clone()}</p>
            </section>
            <section
                id=section_id(PlanSection::Objectives)
                tabindex="-1"
                aria-labelledby="h-muc-tieu"
            >
                <h2 id="h-muc-tieu">{plan.headings.objectives.clone()}</h2>
                {numbered(plan.objectives.iter().map(|o| (o.number.as_str(), o.text.as_str())))}
            </section>
            <section id=section_id(PlanSection::Targets) tabindex="-1" aria-labelledby="h-chi-tieu">
                <h2 id="h-chi-tieu">{plan.headings.targets.clone()}</h2>
                <TargetsTable />
            </section>
            <section id=section_id(PlanSection::Tasks) tabindex="-1" aria-labelledby="h-nhiem-vu">
                <h2 id="h-nhiem-vu">{plan.headings.tasks.clone()}</h2>
                <p class="note">{t.plan_general_roles}</p>
                <div class="toolbar">
                    <button type="button" class="secondary" on:click=move |_| set_all_open(true)>
                        {t.plan_expand_all}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| set_all(false)>
                        {t.plan_collapse_all}
                    </button>
                </div>
                {plan
                    .task_areas
                    .iter()
                    .zip(open)
                    .map(|(a, (_, is_open))| view! { <Area area=a is_open=is_open /> })
                    .collect_view()}
            </section>
            <section
                id=section_id(PlanSection::Organisation)
                tabindex="-1"
                aria-labelledby="h-to-chuc"
            >
                <h2 id="h-to-chuc">{plan.headings.organisation.clone()}</h2>
                {numbered(plan.organisation.iter().map(|d| (d.number.as_str(), d.text.as_str())))}
            </section> {reporting_section(t, plan)}
        </article>
    }
}

/// The plan's heading: its issuer, title and subtitle, number and date, and the way to the plans.
fn plan_head(
    app: crate::ui::state::App,
    t: &'static crate::i18n::PageTexts,
    plan: &'static crate::core::plan::model::Plan,
) -> AnyView {
    view! {
        <header class="plan-head">
            <p class="issuer">{plan.issuer.clone()}</p>
            <h1>
                <span class="plan-title">{plan.title.clone()}</span>
                <span class="plan-subtitle">{plan.subtitle.clone()}</span>
            </h1>
            {move || {
                let note = t.plan_text_note;
                (!note.is_empty())
                    .then(|| {
                        view! {
                            <p class="note" lang="en">
                                {note}
                            </p>
                        }
                    })
            }}
            {(!plan.document.is_empty())
                .then(|| {
                    view! {
                        <p class="doc-number">
                            {plan.document.number.clone()}
                            {plan
                                .document
                                .date
                                .map(|d| {
                                    format!(
                                        " — {}",
                                        format::date_formal(d, app.lang.get_untracked()),
                                    )
                                })}
                        </p>
                    }
                })}
            <p class="no-print plans-link">
                <a href=Route::Plans.href()>{t.plans_manage}</a>
            </p>
        </header>
    }
    .into_any()
}

/// A numbered list as the plan writes it: "1." then the text.
fn numbered<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> AnyView {
    let items = items
        .map(|(number, text)| {
            view! {
                <li>
                    <span class="num">{format!("{number}.")}</span>
                    <span>{text.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="numbered">{items}</ol> }.into_any()
}

/// The table of contents: the plan's own section headings, each a jump within the page.
fn plan_contents(plan: &'static crate::core::plan::model::Plan) -> AnyView {
    PlanSection::ALL
        .into_iter()
        .map(|s| {
            let heading = match s {
                PlanSection::Objectives => plan.headings.objectives.clone(),
                PlanSection::Targets => plan.headings.targets.clone(),
                PlanSection::Tasks => plan.headings.tasks.clone(),
                PlanSection::Organisation => plan.headings.organisation.clone(),
                PlanSection::Reporting => plan.headings.reporting.clone(),
            };
            let href = Route::Plan {
                section: Some(s),
                area: None,
            }
            .href();
            view! {
                <li>
                    <a
                        href=href
                        on:click=move |ev| {
                            ev.prevent_default();
                            let _ = window()
                                .history()
                                .and_then(|h| {
                                    h.replace_state_with_url(
                                        &wasm_bindgen::JsValue::NULL,
                                        "",
                                        Some(
                                            &Route::Plan {
                                                section: Some(s),
                                                area: None,
                                            }
                                                .href(),
                                        ),
                                    )
                                });
                            jump_to(section_id(s));
                        }
                    >
                        {heading}
                    </a>
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// Section V: the reporting calendar, the closing words, recipients and signer, footnotes.
fn reporting_section(
    t: &'static crate::i18n::PageTexts,
    plan: &'static crate::core::plan::model::Plan,
) -> AnyView {
    view! {
        <section id=section_id(PlanSection::Reporting) tabindex="-1" aria-labelledby="h-bao-cao">
            <h2 id="h-bao-cao">{plan.headings.reporting.clone()}</h2>
            <ul class="dashed">
                {plan.reporting.iter().map(|r| view! { <li>{r.text.clone()}</li> }).collect_view()}
            </ul>
            <p>
                <a href=Route::Calendar.href()>{t.nav_calendar}</a>
            </p>
            <p class="closing">{plan.closing.clone()}</p>
            <div class="signature">
                <div class="recipients">
                    <h3>{t.plan_recipients}</h3>
                    <ul class="dashed">
                        {plan
                            .recipients
                            .iter()
                            .map(|r| view! { <li>{r.clone()}</li> })
                            .collect_view()}
                    </ul>
                </div>
                <div class="signer">
                    <p class="signer-title">{plan.signer.title.clone()}</p>
                    <p class="signer-name">{plan.signer.name.clone()}</p>
                </div>
            </div>
            <h3>{t.plan_footnotes}</h3>
            <ol class="footnotes">
                {plan
                    .footnotes
                    .iter()
                    .map(|f| {
                        view! {
                            <li id=format!("fn-{}", f.number) tabindex="-1" value=f.number>
                                {f.text.clone()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The targets of section II: number, text, threshold, who reports.
#[component]
fn TargetsTable() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let rows = app
        .plan()
        .targets
        .iter()
        .flat_map(|t| {
            let mut v = vec![(t, !t.items.is_empty())];
            v.extend(t.items.iter().map(|i| (i, false)));
            v
        })
        .map(|(t, heading)| view! { <TargetRow target=t heading=heading /> })
        .collect_view();
    view! {
        <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-label=t.plan_targets_text
            data-hint=t.scroll_hint
        >
            <table class="targets">
                <thead>
                    <tr>
                        <th scope="col">{t.plan_targets_number}</th>
                        <th scope="col">{t.plan_targets_text}</th>
                        <th scope="col">{t.plan_targets_threshold}</th>
                        <th scope="col">{t.plan_targets_reporter}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn TargetRow(target: &'static Target, heading: bool) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    if heading {
        return view! {
            <tr class="group-row">
                <th scope="rowgroup">{target.number.clone()}</th>
                <th scope="rowgroup" colspan="3">
                    {target.text.clone()}
                </th>
            </tr>
        }
        .into_any();
    }
    let goal = target.goal.clone();
    let reporter = target.reporter;
    view! {
        <tr>
            <td class="num">{target.number.clone()}</td>
            <td>{target.text.clone()}</td>
            <td class="threshold">
                {move || match &goal {
                    Some(g) => goal_text(g, lang),
                    None => t.plan_qualitative.to_string(),
                }}
            </td>
            <td>{move || reporter.map(|r| t.reporter(r, app.plan())).unwrap_or_default()}</td>
        </tr>
    }
    .into_any()
}

/// "≥ 98 %", "= 100 %", "> 80 %".
pub fn goal_text(g: &Goal, lang: format::Lang) -> String {
    format!(
        "{} {}",
        g.operator.symbol(),
        format::threshold(g.threshold_bp(), lang)
    )
}

#[component]
fn Area(area: &'static TaskArea, is_open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let count = area.tasks.len();
    view! {
        <details
            class="area"
            id=area_id(&area.number)
            prop:open=move || is_open.get()
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                if el.open() != is_open.get_untracked() {
                    is_open.set(el.open());
                }
            }
        >
            <summary>
                <h3>{format!("{}. {}", area.number, area.title)}</h3>
                <span class="count">
                    {move || fill(t.plan_tasks_count, &[("n", &count.to_string())])}
                </span>
            </summary>
            <ol class="tasks">
                {area.tasks.iter().map(|t| view! { <TaskItem task=t /> }).collect_view()}
            </ol>
        </details>
    }
}

#[component]
fn TaskItem(task: &'static Task) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let roles = app.plan().role_names(task);
    view! {
        <li class="task">
            <p>
                <span class="num">{format!("{}.", task.number)}</span>
                " "
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
            {(!task.goals.is_empty())
                .then(|| {
                    view! {
                        <p class="meta">
                            <strong>{t.plan_task_goals}": "</strong>
                            {move || {
                                task.goals
                                    .iter()
                                    .map(|g| format!("{} ({})", goal_text(g, lang), g.quote))
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            }}
                        </p>
                    }
                })}
            {task
                .responsible
                .clone()
                .map(|r| {
                    view! {
                        <p class="meta">
                            <strong>{t.plan_task_responsible}": "</strong>
                            {r}
                        </p>
                    }
                })}
            {(!roles.is_empty())
                .then(|| {
                    view! {
                        <p class="meta">
                            <strong>{t.plan_task_roles}": "</strong>
                            {roles.join(", ")}
                        </p>
                    }
                })}
            <p class="meta track">
                <a href=Route::Tasks {
                    task: Some(task.number.clone()),
                }
                    .href()>{move || format!("{} — {}", t.plan_track_task, task.number)}</a>
            </p>
        </li>
    }
}
