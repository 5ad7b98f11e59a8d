//! The plans of every year: which one is in use, opening a plan file (the office's, at a school),
//! next year's plan made from this year's, editing it with every change checked as it is typed,
//! and exporting it as a file for the schools. The rules are in `core::plan_file` and
//! `core::plan_edit`; this page only shows them.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::base::error::Located;
use crate::core::data::dataset::UnitKind;
use crate::core::data::records::Unit;
use crate::core::plan::edit::{
    add_task, goal_indicator, leaf_target_paths, letterhead_line, lines, parse_threshold,
    remove_task, set_goal_indicator, set_letterhead, set_report_window_end, set_target_text,
    target_at, target_at_mut, LetterheadPart,
};
use crate::core::plan::file::{
    copy_to_year, open_plan_file, plan_file_name, plan_for_unit, plan_json, request_problems,
    UnitPlanRequest, MAX_PLAN_BYTES,
};
use crate::core::plan::model::{HeldPlan, Letterhead, Operator, Plan, Reporter};
use crate::edge::browser;
use crate::i18n::{fill, Lang, PageTexts};
use crate::route::Route;
use crate::ui::components::{label, DateField, FileButton};
use crate::ui::messages;
use crate::ui::state::{use_app, App};

/// Offers a plan as a file named for what it is.
fn export(app: App, plan: &Plan) {
    if let Err(e) = browser::download(&plan_file_name(plan), "application/json", &plan_json(plan)) {
        app.notify(e, false);
    }
}

crate::split_fn! {
    // Out of the first load, as `exchange::read_roster`: the first start screen offers it.
    // The plan comes held (its text written here, with the file's reader), and said whether it is
    // the built-in plan: the first load then needs no plan encoder or comparison.
    opening: fn read_plan_file(name: String, bytes: Vec<u8>, builtin: &'static Plan) -> Result<(HeldPlan, bool), (String, Vec<Located>)> =>
        match open_plan_file(&name, &bytes) {
            Ok(plan) => {
                let is_builtin = plan == *builtin;
                HeldPlan::new(plan)
                    .map(|held| (held, is_builtin))
                    .map_err(|e| (name, vec![Located::new("", crate::core::base::error::FieldError::Invalid(e.to_string()))]))
            }
            Err(e) => Err((e.file, e.errors)),
        };
}

/// Holds a plan in the dataset (and puts it in use if asked); `false`, with a message and nothing
/// changed, when its text could not be written.
fn hold(app: App, plan: Plan, use_it: bool) -> bool {
    match HeldPlan::new(plan) {
        Ok(held) => {
            let id = held.id.clone();
            app.edit(move |d, now| {
                d.hold_plan(held, now);
                if use_it {
                    d.use_plan(Some(&id), now);
                }
            });
            true
        }
        Err(e) => {
            let t = app.pt_untracked();
            app.notify(fill(t.pe_not_written, &[("detail", &e.to_string())]), false);
            false
        }
    }
}

/// Opens a plan file chosen in `input`: a valid plan is held and put in use; otherwise every
/// problem is listed (file, field path, what is wrong) and nothing is written.
pub fn open_file(app: App, input: web_sys::HtmlInputElement, errors: RwSignal<Vec<String>>) {
    leptos::task::spawn_local(async move {
        let t = app.t_untracked();
        let lang = app.lang.get_untracked();
        let result = match browser::read_chosen_file(&input, MAX_PLAN_BYTES).await {
            Ok((name, bytes)) => match read_plan_file(name, bytes, app.builtin).await {
                Ok(read) => read,
                Err(crate::split::ChunkMissing) => {
                    errors.set(vec![t.files_missing.to_string()]);
                    return;
                }
            },
            Err((name, e)) => Err((name, vec![e])),
        };
        match result {
            Ok((plan, builtin)) => {
                errors.set(vec![]);
                let year = plan.year.to_string();
                app.edit(move |d, now| {
                    if builtin {
                        d.use_plan(None, now);
                    } else {
                        let id = plan.id.clone();
                        d.hold_plan(plan, now);
                        d.use_plan(Some(&id), now);
                    }
                });
                app.notify(fill(t.plans_opened, &[("year", &year)]), false);
            }
            Err((file, problems)) => {
                let mut out = vec![fill(t.plans_file_error, &[("file", &file)])];
                out.extend(problems.iter().map(|e| messages::located(e, lang)));
                errors.set(out);
            }
        }
    });
}

/// A file input for a plan file, with the problems of the last file opened.
#[component]
pub fn OpenPlanFile() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let errors = RwSignal::new(Vec::<String>::new());
    view! {
        <div class="field">
            <label for="plan-file">{t.plans_open}</label>
            <span class="hint">{t.plans_open_hint}</span>
            <input
                id="plan-file"
                class="file-input"
                type="file"
                accept=".json,application/json"
                on:change=move |ev| {
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        open_file(app, input, errors);
                    }
                }
            />
            <FileButton input="plan-file" />
            <ul class="field-error plan-errors" role="alert">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let list = move || {
        let office = app.me.get().is_none_or(|u| u.kind.manages());
        let in_use = app.plan().id.clone();
        let mut plans: Vec<(Plan, bool)> = vec![(app.builtin.clone(), false)];
        app.data.with(|d| {
            plans.extend(
                d.plans
                    .values()
                    .filter(|p| p.v.id != app.builtin.id || *p.v != *app.builtin)
                    .map(|p| (Plan::clone(&p.v), true)),
            )
        });
        crate::core::base::sorting::sort_by(&mut plans, |a, b| {
            b.0.year.cmp(&a.0.year).then(a.0.id.cmp(&b.0.id))
        });
        plans
            .into_iter()
            .map(|(plan, held)| {
                let using = plan.id == in_use;
                let id = plan.id.clone();
                let next = plan.year + 1;
                let use_it = {
                    let id = id.clone();
                    let year = plan.year.to_string();
                    move |_| {
                        let id = id.clone();
                        app.edit(move |d, now| d.use_plan(held.then_some(id.as_str()), now));
                        app.notify(fill(t.plans_switched, &[("year", &year)]), false);
                    }
                };
                let copy = {
                    let plan = plan.clone();
                    move |_| {
                        let copy = copy_to_year(&plan, next);
                        let id = copy.id.clone();
                        let exists = app.data.with_untracked(|d| d.plans.contains_key(&id));
                        if !exists && hold(app, copy, false) {
                            app.notify(fill(t.plans_copied, &[("year", &next.to_string())]), false);
                        }
                        app.navigate(Route::PlanEdit { id });
                    }
                };
                let download = {
                    let plan = plan.clone();
                    move |_| export(app, &plan)
                };
                view! {
                    <li class="card plan-card" class:in-use=using>
                        <h2>{fill(t.plans_year, &[("year", &plan.year.to_string())])}</h2>
                        <p>{plan.subtitle.clone()}</p>
                        <p class="muted small">
                            {plan.id.clone()} {(!held).then(|| format!(" · {}", t.plans_builtin))}
                            {(!plan.document.number.is_empty())
                                .then(|| format!(" · {}", plan.document.number))}
                        </p>
                        <div class="toolbar">
                            {if using {
                                view! { <span class="badge badge-met">{t.plans_in_use}</span> }
                                    .into_any()
                            } else {
                                view! {
                                    <button type="button" on:click=use_it>
                                        {t.plans_use}
                                    </button>
                                }
                                    .into_any()
                            }}
                            {(office && held)
                                .then(|| {
                                    view! {
                                        <a
                                            class="button secondary"
                                            href=Route::PlanEdit { id: id.clone() }.href()
                                        >
                                            {t.plans_edit}
                                        </a>
                                    }
                                })}
                            {office
                                .then(|| {
                                    view! {
                                        <button type="button" class="secondary" on:click=copy>
                                            {fill(t.plans_copy, &[("year", &next.to_string())])}
                                        </button>
                                    }
                                })} <button type="button" class="secondary" on:click=download>
                                {t.plans_export}
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p class="crumbs">
            <a href=Route::Plan {
                section: None,
                area: None,
            }
                .href()>{t.nav_plan}</a>
        </p>
        <h1>{t.plans_title}</h1>
        <p>{app.named(t.plans_intro)}</p>
        <OpenPlanFile />
        {move || {
            app.me
                .get()
                .is_none_or(|u| u.kind.manages())
                .then(|| {
                    view! {
                        <p>
                            <a class="button secondary" href=Route::PlanNew.href()>
                                {t.pn_title}
                            </a>
                        </p>
                    }
                })
        }}
        <ul class="plain plans">{list}</ul>
    }
}

type Getter = Arc<dyn Fn(&Plan) -> String + Send + Sync>;
/// Applies typed text to the draft; `Err` carries a message for text that cannot be a value.
type Setter = Arc<dyn Fn(&mut Plan, &str) -> Result<(), &'static str> + Send + Sync>;

/// A unit makes its own plan from another's: its names, letterhead and year first, then the
/// editor. At first start this is also how an office starts.
#[component]
pub fn PlanNewPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    if app
        .me
        .get_untracked()
        .is_some_and(|u| u.kind != UnitKind::Office)
    {
        return view! {
            <h1>{t.pn_title}</h1>
            <p class="notice">{app.named(t.pe_office_only)}</p>
        }
        .into_any();
    }
    // The plans to start from: the one in use first, then the built-in one and the others held.
    let mut templates: Vec<Plan> = vec![app.plan().clone()];
    if app.plan().id != app.builtin.id {
        templates.push(app.builtin.clone());
    }
    app.data.with_untracked(|d| {
        for p in d.plans.values() {
            if templates.iter().all(|x| x.id != p.v.id) {
                templates.push(Plan::clone(&p.v));
            }
        }
    });
    let template = RwSignal::new(0usize);
    let year = RwSignal::new(chrono::Datelike::year(&app.today.get_untracked()).to_string());
    let text = || RwSignal::new(String::new());
    let (issuer, short, parent, body, place, symbol) =
        (text(), text(), text(), text(), text(), text());
    let problems = RwSignal::new(Vec::<Located>::new());
    let at = move |path: &'static str| move || problems.with(|ps| problems_at(ps, path, app));
    let templates = StoredValue::new(templates);
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UnitPlanRequest {
            issuer: issuer.get_untracked(),
            office_short: short.get_untracked(),
            letterhead: Letterhead {
                parent: parent.get_untracked(),
                body: body.get_untracked(),
                place: place.get_untracked(),
                symbol: symbol.get_untracked(),
            },
            year: year.get_untracked().trim().parse().unwrap_or(0),
        };
        let found = request_problems(&request);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let Some(from) = templates.with_value(|ts| ts.get(template.get_untracked()).cloned())
        else {
            return;
        };
        let plan = plan_for_unit(&from, &request);
        let id = plan.id.clone();
        if app.data.with_untracked(|d| d.plans.contains_key(&id)) {
            app.notify(fill(t.pn_exists, &[("id", &id)]), false);
            app.navigate(Route::PlanEdit { id });
            return;
        }
        let (plan_year, office) = (plan.year.to_string(), plan.office_short().to_string());
        let me = Unit {
            id: crate::edge::browser::new_id("u"),
            kind: UnitKind::Office,
            parent: None,
            name: plan.office_name().to_string(),
            level: None,
            code: String::new(),
            changed_at: 0,
        };
        if hold(app, plan, true) {
            if app.me.get_untracked().is_none() {
                app.set_me(me);
            }
            app.notify(
                fill(t.pn_made, &[("year", &plan_year), ("office", &office)]),
                false,
            );
            app.navigate(Route::PlanEdit { id });
        }
    };
    let field = move |key: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      path: &'static str| {
        let id = format!("pn-{key}");
        let err = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="text"
                    aria-describedby=err.clone()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <p id=err class="field-error" aria-live="polite">
                    {at(path)}
                </p>
            </div>
        }
    };
    let options = templates.with_value(|ts| {
        ts.iter()
            .enumerate()
            .map(|(i, p)| {
                let label = fill(
                    t.pn_template_option,
                    &[("year", &p.year.to_string()), ("office", p.office_name())],
                );
                view! { <option value=i.to_string()>{label}</option> }
            })
            .collect_view()
    });
    view! {
        <p class="crumbs">
            <a href=Route::Plans.href()>{t.plans_title}</a>
        </p>
        <h1>{t.pn_title}</h1>
        <p>{t.pn_intro}</p>
        <form class="card" on:submit=make novalidate>
            <div class="field">
                <label for="pn-template">{t.pn_template}</label>
                <select
                    id="pn-template"
                    on:change=move |ev| template.set(event_target_value(&ev).parse().unwrap_or(0))
                >
                    {options}
                </select>
            </div>
            {field("year", t.pe_year, year, "year")}
            {field("issuer", t.pe_issuer, issuer, "issuer")}
            {field("short", t.pe_office_short, short, "office_short")}
            {field("parent", t.pe_lh_parent, parent, "letterhead.parent")}
            {field("body", t.pe_lh_body, body, "letterhead.body")}
            {field("place", t.pe_lh_place, place, "letterhead.place")}
            {field("symbol", t.pe_lh_symbol, symbol, "letterhead.symbol")}
            <button type="submit">{t.pn_make}</button>
        </form>
    }
    .into_any()
}

/// The problems of the draft at a field (its path, or anything under it), as sentences.
fn problems_at(problems: &[Located], path: &str, app: App) -> String {
    let lang = app.lang.get_untracked();
    problems
        .iter()
        .filter(|e| {
            e.path == path
                || e.path.starts_with(&format!("{path}."))
                || e.path.starts_with(&format!("{path}["))
        })
        .map(|e| {
            messages::located(
                &Located {
                    path: String::new(),
                    ..e.clone()
                },
                lang,
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One text field of the plan: typed text goes to the draft at once and the draft's problems at
/// this path are shown beside it.
#[component]
fn PlanField(
    draft: RwSignal<Plan>,
    problems: Memo<Vec<Located>>,
    id: String,
    label: String,
    path: String,
    #[prop(optional)] rows: u32,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    let app = use_app();
    let initial = draft.with_untracked(|p| get(p));
    let local = RwSignal::new(None::<&'static str>);
    let err_id = format!("{id}-error");
    let message = move || {
        local
            .get()
            .map(str::to_string)
            .unwrap_or_else(|| problems.with(|ps| problems_at(ps, &path, app)))
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut result = Ok(());
        draft.update(|p| result = set(p, &text));
        local.set(result.err());
    };
    let invalid = {
        let message = message.clone();
        move || (!message().is_empty()).to_string()
    };
    let input = if rows > 0 {
        view! {
            <textarea
                id=id.clone()
                rows=rows
                aria-describedby=err_id.clone()
                aria-invalid=invalid.clone()
                on:input=on_input
            >
                {initial}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type="text"
                value=initial
                aria-describedby=err_id.clone()
                aria-invalid=invalid
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <p id=err_id class="field-error" aria-live="polite">
                {message}
            </p>
        </div>
    }
}

/// A choice among `options` (value, label) for one field of the plan.
#[component]
fn PlanChoice(
    draft: RwSignal<Plan>,
    id: String,
    label: String,
    options: Vec<(String, String)>,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    let current = draft.with_untracked(|p| get(p));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft
                        .update(|p| {
                            let _ = set(p, &v);
                        });
                }
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = v == current;
                        view! {
                            <option value=v selected=selected>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn text_of<F>(f: F) -> Getter
where
    F: Fn(&Plan) -> String + Send + Sync + 'static,
{
    Arc::new(f)
}

fn setter<F>(f: F) -> Setter
where
    F: Fn(&mut Plan, &str) + Send + Sync + 'static,
{
    Arc::new(move |p, v| {
        f(p, v);
        Ok(())
    })
}

#[component]
pub fn PlanEditPage(id: String) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let office = app.me.get_untracked().is_none_or(|u| u.kind.manages());
    let Some(held) = app
        .data
        .with_untracked(|d| d.plans.get(&id).map(|p| Plan::clone(&p.v)))
    else {
        return view! {
            <p class="crumbs">
                <a href=Route::Plans.href()>{t.plans_title}</a>
            </p>
            <h1>{t.plans_title}</h1>
            <p class="notice">{t.pe_not_editable}</p>
        }
        .into_any();
    };
    if !office {
        return view! {
            <p class="crumbs">
                <a href=Route::Plans.href()>{t.plans_title}</a>
            </p>
            <h1>{t.plans_title}</h1>
            <p class="notice">{app.named(t.pe_office_only)}</p>
        }
        .into_any();
    }
    let draft = RwSignal::new(held.clone());
    let ed = Editor {
        app,
        t,
        lang,
        draft,
        saved: RwSignal::new(held),
        problems: Memo::new(move |_| draft.with(Plan::problems)),
    };
    view! {
        <p class="crumbs">
            <a href=Route::Plans.href()>{t.plans_title}</a>
        </p>
        <h1>{move || fill(t.pe_title, &[("year", &draft.with(|p| p.year).to_string())])}</h1>
        <p>{t.pe_intro}</p>
        {ed.status()}
        {ed.actions()}
        {ed.issuer()}
        {ed.document()}
        <h2>{t.pe_targets}</h2>
        {ed.targets()}
        <h2>{t.pe_tasks}</h2>
        {ed.tasks()}
        <h2>{t.pe_reports}</h2>
        {ed.reports()}
        {ed.signing()}
    }
    .into_any()
}

/// The plan editor: the draft being edited, the plan as last saved, and the draft's problems,
/// which every field shows beside itself.
#[derive(Clone, Copy)]
struct Editor {
    app: App,
    t: &'static PageTexts,
    lang: Lang,
    draft: RwSignal<Plan>,
    saved: RwSignal<Plan>,
    problems: Memo<Vec<Located>>,
}

impl Editor {
    /// A text field of the draft at `path`, with its problems beside it.
    fn field(
        self,
        key: &str,
        label: &str,
        path: String,
        rows: u32,
        get: Getter,
        set: Setter,
    ) -> AnyView {
        let (draft, problems) = (self.draft, self.problems);
        view! {
            <PlanField
                draft=draft
                problems=problems
                id=format!("pe-{key}")
                label=label.to_string()
                path=path
                rows=rows
                get=get
                set=set
            />
        }
        .into_any()
    }

    /// Who issues the plan and how the app names it: the issuer, the short name, the letterhead
    /// and the unit above.
    fn issuer(self) -> AnyView {
        let Editor { t, .. } = self;
        // A name of the plan (read by `get`, written through `at`), typed as it is but for the
        // spaces around it.
        type Read = fn(&Plan) -> &String;
        type Write = fn(&mut Plan) -> &mut String;
        let name = |key: &str, label: &'static str, path: &str, (get, at): (Read, Write)| {
            self.field(
                key,
                label,
                path.into(),
                0,
                text_of(move |p| get(p).clone()),
                setter(move |p, v| *at(p) = v.trim().to_string()),
            )
        };
        let line = |key: &str, label: &'static str, part: LetterheadPart, path: &str| {
            self.field(
                key,
                label,
                format!("letterhead.{path}"),
                0,
                text_of(move |p| letterhead_line(p, part)),
                setter(move |p, v| set_letterhead(p, part, v)),
            )
        };
        view! {
            <fieldset class="figure-group">
                <legend>{t.pe_issuer_section}</legend>
                <p class="muted">{t.pe_issuer_intro}</p>
                {name("issuer", t.pe_issuer, "issuer", (|p| &p.issuer, |p| &mut p.issuer))}
                {name(
                    "office-short",
                    t.pe_office_short,
                    "units.office_short",
                    (|p| &p.units.office_short, |p| &mut p.units.office_short),
                )}
                {line("lh-parent", t.pe_lh_parent, LetterheadPart::Parent, "parent")}
                {line("lh-body", t.pe_lh_body, LetterheadPart::Body, "body")}
                {line("lh-place", t.pe_lh_place, LetterheadPart::Place, "place")}
                {line("lh-symbol", t.pe_lh_symbol, LetterheadPart::Symbol, "symbol")}
                {name(
                    "above",
                    t.pe_above,
                    "units.above",
                    (|p| &p.units.above, |p| &mut p.units.above),
                )}
                {name(
                    "above-short",
                    t.pe_above_short,
                    "units.above_short",
                    (|p| &p.units.above_short, |p| &mut p.units.above_short),
                )}
            </fieldset>
        }
        .into_any()
    }

    /// The document: year, number, date, subtitle, legal basis.
    fn document(self) -> AnyView {
        let Editor { t, draft, .. } = self;
        view! {
            <fieldset class="figure-group">
                <legend>{t.pe_document}</legend>
                {self
                    .field(
                        "year",
                        t.pe_year,
                        "year".into(),
                        0,
                        text_of(|p| p.year.to_string()),
                        Arc::new(|p: &mut Plan, v: &str| {
                            let y = v.trim().parse::<i32>().map_err(|_| "")?;
                            p.year = y;
                            Ok(())
                        }),
                    )}
                {self
                    .field(
                        "number",
                        t.pe_doc_number,
                        "document.number".into(),
                        0,
                        text_of(|p| p.document.number.clone()),
                        setter(|p, v| p.document.number = v.trim().to_string()),
                    )}
                <DateField
                    id="pe-date"
                    label=t.pe_doc_date
                    value=Signal::derive(move || draft.with(|p| p.document.date))
                    on_set=move |d| draft.update(|p| p.document.date = d)
                />
                {self
                    .field(
                        "subtitle",
                        t.pe_subtitle,
                        "subtitle".into(),
                        2,
                        text_of(|p| p.subtitle.clone()),
                        setter(|p, v| p.subtitle = v.to_string()),
                    )}
                {draft
                    .with_untracked(|p| p.legal_basis.len())
                    .gt(&0)
                    .then(|| {
                        let n = draft.with_untracked(|p| p.legal_basis.len());
                        (0..n)
                            .map(|i| {
                                self.field(
                                    &format!("legal-{i}"),
                                    &format!("{} {}", t.pe_legal, i + 1),
                                    format!("legal_basis[{i}]"),
                                    3,
                                    text_of(move |p| {
                                        p.legal_basis
                                            .get(i)
                                            .map(|b| b.text.clone())
                                            .unwrap_or_default()
                                    }),
                                    setter(move |p, v| {
                                        if let Some(b) = p.legal_basis.get_mut(i) {
                                            b.text = v.to_string();
                                        }
                                    }),
                                )
                            })
                            .collect_view()
                    })}
            </fieldset>
        }
        .into_any()
    }

    /// Each target's text, reporter, and goal (comparison, threshold, indicator).
    fn targets(self) -> AnyView {
        let Editor { t, lang, draft, .. } = self;
        let indicator_options = move || {
            let mut v = vec![(String::new(), t.pe_none.to_string())];
            v.extend(draft.with_untracked(|p| {
                p.measures
                    .indicators
                    .iter()
                    .map(|i| (i.id.clone(), label(&i.label, lang)))
                    .collect::<Vec<_>>()
            }));
            v
        };
        let operators = vec![
            (">=".to_string(), "≥".to_string()),
            (">".to_string(), ">".to_string()),
            ("=".to_string(), "=".to_string()),
        ];
        let reporters = draft.with_untracked(|p| {
            vec![
                ("office".to_string(), t.reporter(Reporter::Office, p)),
                ("schools".to_string(), t.reporter(Reporter::Schools, p)),
                ("both".to_string(), t.reporter(Reporter::Both, p)),
            ]
        });
        draft
            .with_untracked(leaf_target_paths)
            .into_iter()
            .map(|(idx, path)| {
                let number = draft.with_untracked(|p| {
                    target_at(p, &idx)
                        .map(|t| t.number.clone())
                        .unwrap_or_default()
                });
                let has_goal =
                    draft.with_untracked(|p| target_at(p, &idx).is_some_and(|t| t.goal.is_some()));
                let key = format!("t-{}", number.replace('.', "-"));
                let i1 = idx.clone();
                let i2 = idx.clone();
                let text = self.field(
                    &key,
                    &format!("{} {number}", t.pe_target),
                    format!("{path}.text"),
                    2,
                    text_of(move |p| {
                        target_at(p, &i1)
                            .map(|t| t.text.clone())
                            .unwrap_or_default()
                    }),
                    setter(move |p, v| {
                        if let Some(t) = target_at_mut(p, &i2) {
                            set_target_text(t, v.to_string());
                        }
                    }),
                );
                let (i3, i4) = (idx.clone(), idx.clone());
                let reporter = view! {
                    <PlanChoice
                        draft=draft
                        id=format!("{key}-reporter")
                        label=t.pe_reporter.to_string()
                        options=reporters.clone()
                        get=text_of(move |p| {
                            match target_at(p, &i3).and_then(|t| t.reporter) {
                                Some(Reporter::Office) => "office",
                                Some(Reporter::Schools) => "schools",
                                _ => "both",
                            }
                                .to_string()
                        })
                        set=setter(move |p, v| {
                            if let Some(t) = target_at_mut(p, &i4) {
                                t.reporter = Some(
                                    match v {
                                        "office" => Reporter::Office,
                                        "schools" => Reporter::Schools,
                                        _ => Reporter::Both,
                                    },
                                );
                            }
                        })
                    />
                };
                let goal = has_goal.then(|| {
                    self.goal_editor(&idx, &key, &path, &number, &operators, indicator_options())
                });
                view! { <div class="card target-edit">{text}{reporter}{goal}</div> }
            })
            .collect_view()
            .into_any()
    }

    /// A target's goal: its comparison, its threshold (typed as "97,5") and the indicator behind it.
    fn goal_editor(
        self,
        idx: &[usize],
        key: &str,
        path: &str,
        number: &str,
        operators: &[(String, String)],
        indicators: Vec<(String, String)>,
    ) -> AnyView {
        let Editor {
            t,
            lang,
            draft,
            problems,
            ..
        } = self;
        let idx = idx.to_vec();
        let (number, operators) = (number.to_string(), operators.to_vec());
        let (i5, i6, i7, i8) = (idx.clone(), idx.clone(), idx.clone(), idx.clone());
        let (n1, n2) = (number.clone(), number.clone());
        view! {
            <div class="goal-edit">
                <PlanChoice
                    draft=draft
                    id=format!("{key}-op")
                    label=t.pe_operator.to_string()
                    options=operators
                    get=text_of(move |p| {
                        match target_at(p, &i5).and_then(|t| t.goal.as_ref()).map(|g| g.operator) {
                            Some(Operator::Above) => ">",
                            Some(Operator::Exactly) => "=",
                            _ => ">=",
                        }
                            .to_string()
                    })
                    set=setter(move |p, v| {
                        if let Some(g) = target_at_mut(p, &i6).and_then(|t| t.goal.as_mut()) {
                            g.operator = match v {
                                ">" => Operator::Above,
                                "=" => Operator::Exactly,
                                _ => Operator::AtLeast,
                            };
                        }
                    })
                />
                <PlanField
                    draft=draft
                    problems=problems
                    id=format!("{key}-threshold")
                    label=t.pe_threshold.to_string()
                    path=format!("{path}.goal.threshold")
                    get=text_of(move |p| {
                        target_at(p, &i7)
                            .and_then(|t| t.goal.as_ref())
                            .map(|g| {
                                crate::core::base::format::threshold(g.threshold_bp(), lang)
                                    .trim_end_matches(" %")
                                    .to_string()
                            })
                            .unwrap_or_default()
                    })
                    set=Arc::new(move |p: &mut Plan, v: &str| {
                        let value = parse_threshold(v).ok_or(t.pe_not_number)?;
                        if let Some(g) = target_at_mut(p, &i8).and_then(|t| t.goal.as_mut()) {
                            g.threshold = value;
                        }
                        Ok(())
                    })
                />
                <PlanChoice
                    draft=draft
                    id=format!("{key}-indicator")
                    label=t.pe_indicator.to_string()
                    options=indicators
                    get=text_of(move |p| goal_indicator(p, &n1).unwrap_or_default())
                    set=setter(move |p, v| set_goal_indicator(p, &n2, (!v.is_empty()).then_some(v)))
                />
            </div>
        }
        .into_any()
    }
    /// Each area's title and its tasks: text, bullets, roles, due date; add and remove.
    fn tasks(self) -> AnyView {
        let Editor { t, draft, .. } = self;
        let roles = draft.with_untracked(|p| {
            p.roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect::<Vec<_>>()
        });
        let areas = draft.with_untracked(|p| {
            p.task_areas
                .iter()
                .map(|a| (a.number.clone(), a.title.clone(), a.tasks.len()))
                .collect::<Vec<_>>()
        });
        let roles = std::sync::Arc::new(roles);
        areas
            .into_iter()
            .enumerate()
            .map(|(ai, (number, title, _))| {
                let area_title = self.field(
                    &format!("a-{number}"),
                    &format!("{} {number}", t.pe_area),
                    format!("task_areas[{ai}].title"),
                    2,
                    text_of(move |p| {
                        p.task_areas
                            .get(ai)
                            .map(|a| a.title.clone())
                            .unwrap_or_default()
                    }),
                    setter(move |p, v| {
                        if let Some(a) = p.task_areas.get_mut(ai) {
                            a.title = v.to_string();
                        }
                    }),
                );
                // The area's tasks are drawn again when one is added or removed.
                let count = Memo::new(move |_| {
                    draft.with(|p| p.task_areas.get(ai).map_or(0, |a| a.tasks.len()))
                });
                let roles = roles.clone();
                let items = move || {
                    (0..count.get())
                        .map(|ti| self.task_editor(ai, ti, &roles))
                        .collect_view()
                };
                view! {
                    <details class="area-edit">
                        <summary>{format!("{number}. {title}")}</summary>
                        {area_title}
                        {items}
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| {
                                draft
                                    .update(|p| {
                                        add_task(p, ai);
                                    })
                            }
                        >
                            {t.pe_add_task}
                        </button>
                    </details>
                }
            })
            .collect_view()
            .into_any()
    }

    /// One task's editor: text, bullets, roles, due date, and removal (a task without goals).
    fn task_editor(self, ai: usize, ti: usize, roles: &[(String, String)]) -> AnyView {
        let Editor {
            app,
            t,
            draft,
            problems,
            ..
        } = self;
        let task = move |p: &Plan| p.task_areas.get(ai).and_then(|a| a.tasks.get(ti)).cloned();
        let path = format!("task_areas[{ai}].tasks[{ti}]");
        let (tn, has_goals) = draft
            .with_untracked(|p| task(p).map(|x| (x.number, !x.goals.is_empty())))
            .unwrap_or_default();
        let key = format!("k-{}", tn.replace('.', "-"));
        let text = self.field(
            &key,
            &format!("{} {tn}", t.pe_task),
            format!("{path}.text"),
            3,
            text_of(move |p| task(p).map(|x| x.text).unwrap_or_default()),
            setter(move |p, v| {
                if let Some(x) = p.task_areas.get_mut(ai).and_then(|a| a.tasks.get_mut(ti)) {
                    x.text = v.to_string();
                }
            }),
        );
        let bullets = self.field(
            &format!("{key}-bullets"),
            t.pe_bullets,
            format!("{path}.bullets"),
            3,
            text_of(move |p| task(p).map(|x| x.bullets.join("\n")).unwrap_or_default()),
            setter(move |p, v| {
                if let Some(x) = p.task_areas.get_mut(ai).and_then(|a| a.tasks.get_mut(ti)) {
                    x.bullets = lines(v);
                }
            }),
        );
        let role_boxes = roles
            .iter()
            .map(|(rid, name)| {
                let (r1, r2) = (rid.clone(), rid.clone());
                let checked =
                    draft.with_untracked(|p| task(p).is_some_and(|x| x.roles.contains(&r1)));
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let r = r2.clone();
                                draft
                                    .update(|p| {
                                        if let Some(x) = p
                                            .task_areas
                                            .get_mut(ai)
                                            .and_then(|a| a.tasks.get_mut(ti))
                                        {
                                            x.roles.retain(|y| *y != r);
                                            if on {
                                                x.roles.push(r);
                                            }
                                        }
                                    });
                            }
                        />
                        " "
                        {name.clone()}
                    </label>
                }
            })
            .collect_view();
        let due_path = format!("{path}.due");
        let due_err = move || problems.with(|ps| problems_at(ps, &due_path, app));
        let remove = (!has_goals).then(|| {
            view! {
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        draft
                            .update(|p| {
                                remove_task(p, ai, ti);
                            });
                    }
                >
                    {fill(t.pe_remove_task, &[("n", &tn)])}
                </button>
            }
        });
        view! {
            <div class="card task-edit">
                {text} {bullets} <fieldset class="roles">
                    <legend>{t.pe_roles}</legend>
                    {role_boxes}
                </fieldset>
                <DateField
                    id=format!("{key}-due")
                    label=t.pe_due
                    value=Signal::derive(move || { draft.with(|p| task(p).and_then(|x| x.due)) })
                    on_set=move |d| {
                        draft
                            .update(|p| {
                                if let Some(x) = p
                                    .task_areas
                                    .get_mut(ai)
                                    .and_then(|a| a.tasks.get_mut(ti))
                                {
                                    x.due = d;
                                }
                            })
                    }
                /> <p class="field-error" aria-live="polite">
                    {due_err}
                </p> {remove}
            </div>
        }
        .into_any()
    }
    /// Each report's text, data window and due date.
    fn reports(self) -> AnyView {
        let Editor {
            app,
            t,
            draft,
            problems,
            ..
        } = self;
        let reports_count = draft.with_untracked(|p| p.reporting.len());
        (0..reports_count)
            .map(|i| {
                let path = format!("reporting[{i}]");
                let text = self.field(
                    &format!("r-{i}"),
                    t.pe_report_text,
                    format!("{path}.text"),
                    0,
                    text_of(move |p| {
                        p.reporting
                            .get(i)
                            .map(|r| r.text.clone())
                            .unwrap_or_default()
                    }),
                    setter(move |p, v| {
                        if let Some(r) = p.reporting.get_mut(i) {
                            r.text = v.to_string();
                        }
                    }),
                );
                let due_path = format!("{path}.due_before");
                let due_err = move || problems.with(|ps| problems_at(ps, &due_path, app));
                // The report's data window: the plan's own, or the default (January to the month
                // before the due date).
                let months: Vec<(String, String)> =
                    std::iter::once((String::new(), t.pe_window_default.to_string()))
                        .chain(
                            (1..=12).map(|m| {
                                (m.to_string(), fill(t.pe_month, &[("m", &m.to_string())]))
                            }),
                        )
                        .collect();
                let set_end = move |p: &mut Plan, v: &str, start: bool| {
                    set_report_window_end(p, i, v.parse().ok(), start);
                };
                let from = view! {
                    <PlanChoice
                        draft=draft
                        id=format!("r-{i}-from")
                        label=t.pe_window_from.to_string()
                        options=months.clone()
                        get=text_of(move |p| {
                            p.reporting
                                .get(i)
                                .and_then(|r| r.window)
                                .map(|w| w.from.month().to_string())
                                .unwrap_or_default()
                        })
                        set=setter(move |p, v| set_end(p, v, true))
                    />
                };
                let to = view! {
                    <PlanChoice
                        draft=draft
                        id=format!("r-{i}-to")
                        label=t.pe_window_to.to_string()
                        options=months
                        get=text_of(move |p| {
                            p.reporting
                                .get(i)
                                .and_then(|r| r.window)
                                .map(|w| w.to.month().to_string())
                                .unwrap_or_default()
                        })
                        set=setter(move |p, v| set_end(p, v, false))
                    />
                };
                let window_path = format!("{path}.window");
                let window_err = move || problems.with(|ps| problems_at(ps, &window_path, app));
                view! {
                    <div class="card">
                        {text} <div class="inline-form">{from}{to}</div>
                        <p class="field-error" aria-live="polite">
                            {window_err}
                        </p>
                        <DateField
                            id=format!("r-{i}-due")
                            label=t.pe_report_due
                            value=Signal::derive(move || {
                                draft.with(|p| p.reporting.get(i).map(|r| r.due_before))
                            })
                            on_set=move |d| {
                                if let Some(d) = d {
                                    draft
                                        .update(|p| {
                                            if let Some(r) = p.reporting.get_mut(i) {
                                                r.due_before = d;
                                            }
                                        })
                                }
                            }
                        /> <p class="field-error" aria-live="polite">
                            {due_err}
                        </p>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }

    /// Recipients and signer.
    fn signing(self) -> AnyView {
        let Editor { t, .. } = self;
        view! {
            <fieldset class="figure-group">
                <legend>{t.pe_signing}</legend>
                {self
                    .field(
                        "recipients",
                        t.pe_recipients,
                        "recipients".into(),
                        4,
                        text_of(|p| p.recipients.join("\n")),
                        setter(|p, v| p.recipients = lines(v)),
                    )}
                {self
                    .field(
                        "signer-title",
                        t.pe_signer_title,
                        "signer.title".into(),
                        0,
                        text_of(|p| p.signer.title.clone()),
                        setter(|p, v| p.signer.title = v.trim().to_string()),
                    )}
                {self
                    .field(
                        "signer-name",
                        t.pe_signer_name,
                        "signer.name".into(),
                        0,
                        text_of(|p| p.signer.name.clone()),
                        setter(|p, v| p.signer.name = v.trim().to_string()),
                    )}
            </fieldset>
        }
        .into_any()
    }

    /// Whether the draft is valid, and saved; its problems listed.
    fn status(self) -> impl Fn() -> AnyView {
        let Editor {
            t,
            lang,
            draft,
            saved,
            problems,
            ..
        } = self;
        let dirty = move || draft.with(|d| saved.with(|s| d != s));
        move || {
            let n = problems.with(Vec::len);
            if n > 0 {
                let list = problems.with(|ps| {
                    ps.iter()
                        .map(|e| messages::located(e, lang))
                        .collect::<Vec<_>>()
                });
                view! {
                    <div class="warning" role="status">
                        <p>{fill(t.pe_invalid, &[("n", &n.to_string())])}</p>
                        <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    </div>
                }
                .into_any()
            } else if dirty() {
                view! {
                    <p class="notice" role="status">
                        {t.pe_unsaved}
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p class="muted" role="status">
                        {t.pe_valid}
                    </p>
                }
                .into_any()
            }
        }
    }

    /// Save, download, use: each only for a valid draft.
    fn actions(self) -> AnyView {
        let Editor {
            app,
            t,
            draft,
            saved,
            problems,
            ..
        } = self;
        let save = move |_| {
            if !problems.with(Vec::is_empty) {
                return;
            }
            let plan = draft.get_untracked();
            if hold(app, plan.clone(), false) {
                saved.set(plan);
                app.notify(t.pe_saved.to_string(), false);
            }
        };
        let download = move |_| {
            if problems.with(Vec::is_empty) {
                export(app, &draft.get_untracked());
            }
        };
        let use_it = move |_| {
            if !problems.with(Vec::is_empty) {
                return;
            }
            let plan = draft.get_untracked();
            let year = plan.year.to_string();
            if hold(app, plan, true) {
                app.notify(fill(t.plans_switched, &[("year", &year)]), false);
            }
        };
        let invalid = move || !problems.with(Vec::is_empty);
        view! {
            <div class="toolbar sticky-actions">
                <button type="button" on:click=save disabled=invalid>
                    {t.pe_save}
                </button>
                <button type="button" class="secondary" on:click=download disabled=invalid>
                    {t.plans_export}
                </button>
                <button type="button" class="secondary" on:click=use_it disabled=invalid>
                    {t.plans_use}
                </button>
            </div>
        }
        .into_any()
    }
}
