//! Sending and receiving files. A school makes its submission file for a period (checked with the
//! office's own rules before it is offered); the office imports many files at once, reviews every
//! value, applies them as one undoable step, and sees who has sent what in the submission matrix.
//! All rules live in `core::submission`, `core::import`, `core::roster` and `core::csv`.

use crate::core::data::records::Unit;
use crate::core::figures::flags::value_flags;
use std::collections::BTreeSet;

use crate::core::base::map::Map;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::base::error::Located;
use crate::core::base::format::{self, Lang};
use crate::core::base::period::{self, ReportKind, YearMonth};
use crate::core::data::dataset::{Dataset, UndoableAction};
use crate::core::data::records::{SchoolLevel, Stamped};
use crate::core::exchange::import::{
    self, Change, FileState, Incoming, Landing, Row, Standing, Val, What,
};
use crate::core::exchange::roster;
use crate::core::exchange::submission::{
    self, FileProblems, Period, SentRound, Submission, MAX_SUBMISSION_BYTES,
};
use crate::core::exchange::tables;
use crate::core::plan::model::{Plan, UnitKind};
use crate::edge::browser;
use crate::i18n::{fill, PageTexts};
use crate::ui::components::{label, FileButton};
use crate::ui::messages;
use crate::ui::pages::calendar::period_label;
use crate::ui::state::{use_app, App};

fn time(ms: i64) -> String {
    format::timestamp(ms, browser::utc_offset_minutes())
}

fn day(ms: i64) -> String {
    let local = ms + i64::from(browser::utc_offset_minutes()) * 60_000;
    chrono::DateTime::from_timestamp_millis(local)
        .map(|d| format::date(d.date_naive()))
        .unwrap_or_default()
}

/// "Quý III/2024", or "Tất cả đến nay".
fn period_name(t: &PageTexts, report: Option<ReportKind>, year: i32) -> String {
    report.map_or(t.ex_all.to_string(), |k| {
        fill(t.report(k), &[("year", &year.to_string())])
    })
}

/// The local date of a time, as the file name gives it ("2024-09-05").
fn iso_day(ms: i64) -> String {
    let local = ms + i64::from(browser::utc_offset_minutes()) * 60_000;
    chrono::DateTime::from_timestamp_millis(local)
        .map(|d| format::iso(d.date_naive()))
        .unwrap_or_default()
}

/// Offers a text file for download, saying so in the toast if the browser refuses.
fn offer(app: App, name: &str, mime: &str, content: &str) -> bool {
    match browser::download(name, mime, content) {
        Ok(()) => true,
        Err(e) => {
            app.notify(e, false);
            false
        }
    }
}

/// The plans the office holds, by id: the built-in one and those opened or made.
fn plan_in<'a>(app: &App, d: &'a Dataset, id: &str) -> Option<&'a Plan> {
    if id == app.builtin.id {
        // `builtin` is 'static; shorten it to the dataset's lifetime.
        return Some(app.builtin);
    }
    d.plans.get(id).map(|p| &*p.v)
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let kind = move || app.me.with(|m| m.as_ref().map(|u| u.kind));
    view! {
        <h1>{t.nav_exchange}</h1>
        <super::last_action::LastActionCard />
        {move || match kind() {
            Some(UnitKind::Office) => {
                view! {
                    <Receive />
                    <Matrix />
                    <RosterFile />
                    <Send />
                }
                    .into_any()
            }
            Some(UnitKind::Above) => {
                view! {
                    <Receive />
                    <Matrix />
                }
                    .into_any()
            }
            _ => view! { <Send /> }.into_any(),
        }}
        <Tables />
    }
}

/// Who the user's unit sends its file to, as sentences name it: a school's office, an office's
/// unit above (named by the plan, else in general words).
fn recipient(app: App) -> String {
    let plan = app.plan();
    match app.me.with_untracked(|m| m.as_ref().map(|u| u.kind)) {
        Some(UnitKind::Office) => plan
            .above_short()
            .unwrap_or(app.pt_untracked().ex_above_generic)
            .to_string(),
        _ => plan.office_short().to_string(),
    }
}

/// The sending side — a school's file to its office, or an office's to the unit above with its
/// schools beside it: a file for the period chosen, checked before it is offered.
#[component]
fn Send() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let to = recipient(app);
    let named = move |text: &str| fill(text, &[("office", &to)]);
    let is_office = app.me.with_untracked(|m| m.as_ref().map(|u| u.kind)) == Some(UnitKind::Office);
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let today = app.today.get_untracked();
    // The report to send now: the earliest one not sent whose deadline has passed, or the next.
    let initial = app.data.with_untracked(|d| {
        let work = d.work(&plan.id);
        let started = d.started();
        period::report_to_send(&app.periods.get_untracked(), today, started, |p| {
            submission::sent_for(work, p)
        })
        .map(|p| p.kind)
    });
    let chosen = RwSignal::new(initial);
    let months = move || match chosen.get() {
        Some(k) => app
            .periods
            .with(|ps| ps.iter().find(|p| p.kind == k).map(|p| p.window)),
        None => Some(period::year_to_date(plan.year, app.today.get())),
    };
    // The file as it would be made now (id and time are set when it is made).
    let draft = Memo::new(move |_| {
        let me = app.me.get()?;
        let months = months()?;
        let period = Period {
            report: chosen.get(),
            months,
        };
        let revision = app
            .data
            .with(|d| submission::next_revision(d.work(&plan.id), period.key()));
        let sub = app
            .data
            .with(|d| submission::build(plan, d, &me, period, String::new(), revision, 0));
        let problems = submission::read("", submission::to_file(&sub).as_bytes(), |id| {
            (id == plan.id).then_some(plan)
        })
        .err()
        .map(|e| e.problems)
        .unwrap_or_default();
        Some((sub, problems))
    });
    let make = move |_| {
        let Some((sub, problems)) = draft.get_untracked() else {
            return;
        };
        if !problems.is_empty() {
            return;
        }
        make_file(app, sub);
    };
    let holds = move || {
        let (sub, _) = draft.get()?;
        Some(holds_text(t, &sub, lang))
    };
    let holds_removed = move || {
        let (sub, _) = draft.get()?;
        let n = sub.data.removed.count();
        (n > 0).then(|| {
            fill(
                t.ex_holds_removed,
                &[("n", &n.to_string()), ("office", &recipient(app))],
            )
        })
    };
    let holds_members = move || {
        let (sub, _) = draft.get()?;
        is_office.then(|| fill(t.ex_holds_members, &[("n", &sub.members.len().to_string())]))
    };
    let last = move || {
        let key = chosen.get().map_or("all", ReportKind::slug);
        app.data.with(|d| {
            d.work(&plan.id).sent.get(key).map(|s| {
                fill(
                    t.ex_last_sent,
                    &[("revision", &s.v.to_string()), ("time", &time(s.t))],
                )
            })
        })
    };
    let problems = move || {
        let (sub, problems) = draft.get()?;
        own_problems(t, plan, &sub, &problems, lang)
    };
    let blocked = move || draft.with(|d| d.as_ref().is_none_or(|(_, p)| !p.is_empty()));
    view! {
        <section class="card" aria-labelledby="h-send">
            <h2 id="h-send">{named(t.ex_title_school)}</h2>
            <p>{named(if is_office { t.ex_intro_up } else { t.ex_intro_school })}</p>
            <super::sent::ChangedAfterSending />
            <div class="field">
                <label for="send-period">{t.ex_period}</label>
                <select
                    id="send-period"
                    on:change=move |ev| chosen.set(ReportKind::from_slug(&event_target_value(&ev)))
                >
                    {ReportKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.slug() selected=move || chosen.get() == Some(k)>
                                    {app
                                        .periods
                                        .with_untracked(|ps| {
                                            ps.iter()
                                                .find(|p| p.kind == k)
                                                .map(|p| period_label(t, p, plan.year))
                                        })
                                        .unwrap_or_else(|| period_name(t, Some(k), plan.year))}
                                </option>
                            }
                        })
                        .collect_view()}
                    <option value="all" selected=move || chosen.get().is_none()>
                        {t.ex_all}
                    </option>
                </select>
            </div>
            <p>{holds}</p>
            <p>{holds_members}</p>
            {move || holds_removed().map(|n| view! { <p class="removed-note">{n}</p> })}
            <p class="muted">{last}</p>
            {problems}
            <button type="button" on:click=make disabled=blocked>
                {named(t.ex_download)}
            </button>
        </section>
    }
}

/// What the office would refuse in the school's own file, each where it is and why.
fn own_problems(
    t: &'static PageTexts,
    plan: &'static Plan,
    sub: &Submission,
    problems: &[Located],
    lang: Lang,
) -> Option<AnyView> {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="notice warning" role="alert">
                <p>{fill(t.ex_problems, &[("office", &recipient(use_app()))])}</p>
                <ul>
                    {problems
                        .iter()
                        .map(|p| {
                            let what = where_in(sub, plan, &p.path, t, lang);
                            let text = messages::located_in(p, Some(plan), lang);
                            view! { <li>{what.map(|w| format!("{w}: "))}{text}</li> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any()
    })
}

/// Makes the school's file: its id and time (never before the school's previous file), offered
/// as a download, and remembered as sent.
fn make_file(app: App, mut sub: Submission) {
    let t = app.pt_untracked();
    let plan = app.plan();
    sub.id = browser::new_id("s");
    sub.made_at = app
        .data
        .with_untracked(|d| submission::made_at(d.work(&plan.id), browser::now()));
    let name = submission::file_name(&sub, &iso_day(sub.made_at));
    if offer(app, &name, "application/json", &submission::to_file(&sub)) {
        let key = sub.period.key().to_string();
        let (revision, at) = (sub.revision, sub.made_at);
        app.edit(move |d, _| {
            d.work_mut(&plan.id)
                .sent
                .insert(key, Stamped { v: revision, t: at });
        });
        app.notify(
            fill(t.ex_made, &[("file", &name), ("office", &recipient(app))]),
            false,
        );
    }
}

/// What the file holds, in words: figures, tasks, assessments, rounds, months, revision.
fn holds_text(t: &'static PageTexts, sub: &Submission, lang: Lang) -> String {
    let d = &sub.data;
    fill(
        t.ex_holds,
        &[
            (
                "figures",
                &format::int(d.figures.values().map(|f| f.len() as u64).sum(), lang),
            ),
            ("tasks", &d.tasks.len().to_string()),
            ("assessments", &d.assessments.len().to_string()),
            ("rounds", &d.surveys.len().to_string()),
            ("from", &format::month_numeric(sub.period.months.from)),
            ("to", &format::month_numeric(sub.period.months.to)),
            ("revision", &sub.revision.to_string()),
        ],
    )
}

/// Who a refused file says it is from, and for which report (when that much could be read).
type FileFrom = (submission::Sender, Option<ReportKind>);

/// A batch being reviewed: the files that passed, those that did not, where each school lands,
/// and the user's choices that differ from the defaults.
#[derive(Clone, Default)]
struct Batch {
    read: import::Batch,
    /// The files refused, with who each says it is from (when that much could be read).
    bad: Vec<(FileProblems, Option<FileFrom>)>,
    landings: Vec<Landing>,
}

/// The user's decisions that differ from the defaults, per (file, value); and the files whose
/// unchanged values are shown too. Kept apart from the batch so that a click does not recompute
/// the preview.
type Choices = Map<(usize, What), bool>;

fn accepts(choices: &Choices, row: &Row, change: &Change) -> bool {
    choices
        .get(&row.key())
        .copied()
        .unwrap_or_else(|| change.accepted_by_default())
}

/// Reads every file (each checked on its own; a bad one never stops the others).
async fn read_batch(
    app: App,
    files: Vec<web_sys::File>,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Batch {
    let total = files.len();
    let mut batch = Batch::default();
    let mut passed = Vec::new();
    for (i, f) in files.iter().enumerate() {
        progress.set(Some((i, total)));
        let mut sender = None;
        let read = match browser::read_file(f, MAX_SUBMISSION_BYTES).await {
            Ok((name, bytes)) => app
                .data
                .with_untracked(|d| {
                    let held = |id: &str| plan_in(&app, d, id);
                    let sub = import::read_for(d, app.plan(), held, &name, &bytes)?;
                    match import::check_sender(d, &sub) {
                        Some(e) => Err(FileProblems {
                            file: name.clone(),
                            problems: vec![e],
                        }),
                        None => Ok(sub),
                    }
                })
                .map(|sub| Incoming::new(name, sub))
                .inspect_err(|_| sender = submission::sender_of(&bytes)),
            Err((file, e)) => Err(FileProblems {
                file,
                problems: vec![e],
            }),
        };
        match read {
            Ok(incoming) => passed.push(incoming),
            Err(bad) => batch.bad.push((bad, sender)),
        }
    }
    progress.set(None);
    // An office's file to the unit above becomes one file per unit (the office, each school).
    let passed = import::expand(passed);
    batch.landings = app.data.with_untracked(|d| import::suggest_all(d, &passed));
    batch.read = import::Batch::new(passed);
    batch
}

/// The office's side: choose or drop files, review, apply.
#[component]
fn Receive() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let batch = RwSignal::new(None::<Batch>);
    let choices = RwSignal::new(Choices::new());
    let shown = RwSignal::new(BTreeSet::<usize>::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let start = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let b = read_batch(app, files, progress).await;
            choices.set(Choices::new());
            shown.set(BTreeSet::new());
            batch.set(Some(b));
        });
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = browser::files_of(input.files());
        input.set_value("");
        start(files);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        start(browser::files_of(
            ev.data_transfer().and_then(|d| d.files()),
        ));
    };
    let preview = Memo::new(move |_| {
        batch.with(|b| {
            b.as_ref()
                .map(|b| app.data.with(|d| import::preview(d, &b.read, &b.landings)))
        })
    });
    let apply = move |_| {
        let Some(p) = preview.get_untracked() else {
            return;
        };
        // The batch's values move into the data: taken, not copied (it is cleared below).
        let Some(b) = batch.try_update_untracked(Option::take).flatten() else {
            return;
        };
        choices.with_untracked(|c| apply_batch(app, b, p, c));
        batch.set(None);
    };
    let bad = move || batch.with(|b| refused_view(t, lang, &b.as_ref()?.bad));
    // Redrawn when the preview changes (files, landings, stored data), not on every choice.
    let files = move || {
        let p = preview.get()?;
        file_reviews(batch, choices, shown, p)
    };
    let actions = move || {
        let (good, bad) = batch.with(|b| {
            b.as_ref().map_or((false, false), |b| {
                (!b.read.files.is_empty(), !b.bad.is_empty())
            })
        });
        // Only refused files: nothing to apply, but their record can be kept.
        let label = if good { t.ex_apply } else { t.ex_note_refused };
        (good || bad).then(|| {
            view! {
                <div class="toolbar">
                    <button type="button" on:click=apply>
                        {label}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| batch.set(None)>
                        {t.ex_cancel}
                    </button>
                </div>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="h-receive">
            <h2 id="h-receive">
                {if app.me.with_untracked(|m| m.as_ref().map(|u| u.kind)) == Some(UnitKind::Above) {
                    t.ex_title_above
                } else {
                    t.ex_title_office
                }}
            </h2>
            <p>{t.ex_intro_office}</p>
            <div
                class="field dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label for="receive-files">
                    {if app.me.with_untracked(|m| m.as_ref().map(|u| u.kind))
                        == Some(UnitKind::Above)
                    {
                        t.ex_choose_above
                    } else {
                        t.ex_choose
                    }}
                </label>
                <input
                    id="receive-files"
                    class="file-input"
                    type="file"
                    multiple
                    accept=".json,application/json"
                    on:change=on_change
                />
                <FileButton input="receive-files" multiple=true />
                <p class="muted">{t.ex_drop}</p>
            </div>
            <p role="status">
                {move || {
                    progress
                        .get()
                        .map(|(done, total)| fill(
                            t.ex_reading,
                            &[("done", &done.to_string()), ("total", &total.to_string())],
                        ))
                }}
            </p>
            {bad}
            {files}
            {actions}
        </section>
    }
}

/// Each file of the batch under review, with its rows and what each does.
fn file_reviews(
    batch: RwSignal<Option<Batch>>,
    choices: RwSignal<Choices>,
    shown: RwSignal<BTreeSet<usize>>,
    p: import::Preview,
) -> Option<AnyView> {
    batch.with_untracked(|b| {
        let b = b.as_ref()?;
        let mut by_file: Vec<Vec<(Row, Change)>> = vec![Vec::new(); p.files.len()];
        for (r, c) in b.read.rows.iter().zip(p.changes) {
            if let Some(v) = by_file.get_mut(r.file) {
                v.push((r.clone(), c));
            }
        }
        // A large batch opens with each file's conflicts only (thousands of rows otherwise).
        let many = b.read.files.len() > 3;
        Some(
            b.read
                .files
                .iter()
                .zip(by_file)
                .enumerate()
                .map(|(i, (f, rows))| {
                    view! {
                        <FileReview
                            i=i
                            file=f.clone()
                            batch=batch
                            choices=choices
                            shown=shown
                            rows=rows
                            state=p.files[i]
                            collapsed=many
                        />
                    }
                })
                .collect_view()
                .into_any(),
        )
    })
}

/// The files refused, each with every problem found in it.
fn refused_view(
    t: &'static PageTexts,
    lang: Lang,
    bad: &[(FileProblems, Option<FileFrom>)],
) -> Option<AnyView> {
    (!bad.is_empty()).then(|| {
        view! {
            <div class="notice warning" role="alert">
                <p>{fill(t.ex_bad_files, &[("n", &bad.len().to_string())])}</p>
                {bad
                    .iter()
                    .map(|(f, _)| {
                        view! {
                            <p>
                                <strong>{fill(t.ex_file, &[("file", &f.file)])}</strong>
                            </p>
                            <ul>
                                {f
                                    .problems
                                    .iter()
                                    .map(|p| view! { <li>{messages::located(p, lang)}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    })
}

/// Applies a reviewed batch as one undoable step: the values chosen, the schools added or
/// mapped, a receipt per file, and the files refused kept on record with what the clerk was told.
fn apply_batch(app: App, b: Batch, p: import::Preview, choices: &Choices) {
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let files = b.read.files.len();
    let now = browser::now();
    let mut trial = app.data.get_untracked();
    // The files refused stay on record with what the clerk was told.
    for (bad, sender) in &b.bad {
        let reasons = bad
            .problems
            .iter()
            .map(|p| messages::located(p, lang))
            .collect();
        let r = import::refusal(&trial, &bad.file, sender.as_ref(), reasons, now);
        trial.refused.insert(r.key(), r);
    }
    let done = import::apply(
        &mut trial,
        b.read,
        &b.landings,
        p,
        |r, ch| accepts(choices, r, ch),
        now,
    );
    let message = fill(
        t.ex_applied,
        &[
            ("files", &done.files.to_string()),
            ("values", &done.values.to_string()),
            ("schools", &done.schools_added.to_string()),
        ],
    );
    if app.data.with_untracked(|d| *d == trial) {
        // Nothing new (the same files again): say so; there is nothing to undo.
        app.notify(message, false);
    } else {
        super::last_action::destroy_kept(
            app,
            UndoableAction::Import { files },
            message,
            move |d, _| {
                *d = trial;
            },
        );
    }
}

fn what_label(what: &What, rounds: &[SentRound], plan: &Plan, t: &PageTexts, lang: Lang) -> String {
    let round_name = |id: &str| {
        rounds
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match what {
        What::Figure { month, field } => format!(
            "{} — {}",
            plan.field(field)
                .map(|f| label(&f.label, lang))
                .unwrap_or_else(|| field.clone()),
            format::month_numeric(*month)
        ),
        What::Task(n) => fill(t.ex_what_task, &[("n", n)]),
        What::Assessment(n) => fill(t.ex_what_assessment, &[("n", n)]),
        What::Round(id) => fill(t.ex_what_round, &[("name", &round_name(id))]),
        What::Tally { round, criterion } => {
            let text = rounds
                .iter()
                .find(|r| r.id == *round)
                .and_then(|r| {
                    r.questionnaire
                        .visible()
                        .into_iter()
                        .find(|(_, c)| c.id == *criterion)
                        .map(|(_, c)| c.text.clone())
                })
                .unwrap_or_else(|| criterion.clone());
            format!("{}: {text}", round_name(round))
        }
    }
}

/// The place a field path names, in words ("Khảo sát “Đợt 1”: Nhìn chung…", "Văn bản… — 03/2024"),
/// for a school fixing its own file.
fn where_in(
    sub: &Submission,
    plan: &Plan,
    path: &str,
    t: &PageTexts,
    lang: Lang,
) -> Option<String> {
    let rest = path.strip_prefix("data.")?;
    if let Some(figure) = rest.strip_prefix("figures.") {
        let (month, field) = figure.split_once('.')?;
        let what = What::Figure {
            month: month.parse().ok()?,
            field: field.to_string(),
        };
        return Some(what_label(&what, &sub.data.surveys, plan, t, lang));
    }
    let survey = rest.strip_prefix("surveys[")?;
    let (index, after) = survey.split_once(']')?;
    let round = sub.data.surveys.get(index.parse::<usize>().ok()?)?;
    let what = match after.strip_prefix(".tallies.") {
        Some(criterion) => What::Tally {
            round: round.id.clone(),
            criterion: criterion.to_string(),
        },
        None => What::Round(round.id.clone()),
    };
    Some(what_label(&what, &sub.data.surveys, plan, t, lang))
}

fn value_text(v: &Val, t: &PageTexts, lang: Lang) -> String {
    match v {
        Val::Count(n) => format::int(*n, lang),
        Val::Task(task) => t.task_status(task.status).to_string(),
        Val::Assessment(a) => t.verdict(Some(a.verdict)).to_string(),
        Val::Round(r) => fill(
            t.ex_round_value,
            &[("returned", &format::int(r.returned, lang))],
        ),
        Val::Tally(x) => fill(
            t.ex_tally_value,
            &[
                ("n", &x.n.map(|c| c.to_string()).join("/")),
                ("blank", &x.blank.to_string()),
            ],
        ),
        Val::Cleared => t.ex_cleared_value.to_string(),
    }
}

/// One file of the batch: who sent it, where it lands, and its values.
#[component]
fn FileReview(
    i: usize,
    file: Incoming,
    batch: RwSignal<Option<Batch>>,
    choices: RwSignal<Choices>,
    shown: RwSignal<BTreeSet<usize>>,
    rows: Vec<(Row, Change)>,
    state: FileState,
    /// Whether only the conflicts are listed at first.
    collapsed: bool,
) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let sub = file.sub.clone();
    let plan = app
        .data
        .with_untracked(|d| plan_in(&app, d, &sub.plan.id).cloned());
    let Some(plan) = plan else {
        return ().into_any();
    };
    let head = fill(
        t.ex_file_head,
        &[
            ("unit", &sub.unit.name),
            ("period", &period_name(t, sub.period.report, sub.plan.year)),
            ("revision", &sub.revision.to_string()),
            ("time", &time(sub.made_at)),
        ],
    );
    let note = match state {
        FileState::Fresh => None,
        FileState::DuplicateOf(j) => {
            Some(fill(t.ex_dup, &[("file", &preview_file_name(batch, j))]))
        }
        FileState::AlreadyReceived => Some(t.ex_already.to_string()),
    };
    let clock = clock_note(t, &sub);
    let counts = file_counts(t, &rows);
    let landing = landing_choice(app, batch, i);
    let total = rows.len();
    let fc = FileChoices {
        i,
        total,
        choices,
        shown,
        expanded: RwSignal::new(!collapsed),
        keys: StoredValue::new(rows.iter().map(|(r, _)| r.key()).collect()),
        rows: StoredValue::new(rows.clone()),
    };
    // The file's survey rounds, for the names of their rows.
    let rounds: Vec<SentRound> = rows
        .iter()
        .filter_map(|(r, _)| match &r.value {
            Val::Round(round) => Some((**round).clone()),
            _ => None,
        })
        .collect();
    let plan_for_rows = plan.clone();
    let flags = preview_flags(app, batch, i, &file, &plan, &rows);
    // Where the file's values land, for the history of the figures they would replace.
    let landed = batch.with_untracked(|b| {
        b.as_ref()
            .and_then(|b| b.landings.get(i))
            .map(|l| l.unit(&file.sub.unit).to_string())
            .unwrap_or_default()
    });
    let table = move || {
        rows.iter()
            .zip(&flags)
            .filter(|((_, c), _)| fc.listed(c))
            .map(|((r, c), flag)| {
                let history = match &r.what {
                    What::Figure { month, field } => Some(super::history::figure_history_view(
                        app,
                        landed.clone(),
                        *month,
                        field.clone(),
                    )),
                    _ => None,
                };
                review_row(
                    t,
                    lang,
                    batch,
                    choices,
                    what_label(&r.what, &rounds, &plan_for_rows, t, lang),
                    (r, c),
                    (flag.clone(), history),
                )
            })
            .collect_view()
    };
    // A file received before or repeated in the batch brings nothing: its note is its summary.
    let fresh = state == FileState::Fresh;
    view! {
        <article class="card import-file">
            <h3>{file.file.clone()}</h3>
            <p>{head}</p>
            {note.map(|n| view! { <p class="muted">{n}</p> })}
            {clock.map(|n| view! { <p class="warning clock">{n}</p> })}
            {landing}
            {fresh.then(|| view! { <p>{counts}</p> })}
            {review_toolbar(t, fc)}
            <p class="muted" hidden=move || fc.shown_n() != 0>
                {fill(t.ex_no_conflicts, &[("n", &total.to_string())])}
            </p>
            <div
                class="table-wrap"
                tabindex="0"
                role="region"
                aria-label=file.file.clone()
                hidden=move || fc.shown_n() == 0
            >
                <table class="cards">
                    <thead>
                        <tr>
                            <th scope="col">{t.ex_col_what}</th>
                            <th scope="col">{t.ex_col_value}</th>
                            <th scope="col">{t.ex_col_change}</th>
                            <th scope="col">{t.ex_col_apply}</th>
                        </tr>
                    </thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
        </article>
    }
    .into_any()
}

/// A file's choices under review: which of its rows are applied, and which are shown.
#[derive(Clone, Copy)]
struct FileChoices {
    i: usize,
    total: usize,
    choices: RwSignal<Choices>,
    shown: RwSignal<BTreeSet<usize>>,
    expanded: RwSignal<bool>,
    keys: StoredValue<Vec<(usize, What)>>,
    rows: StoredValue<Vec<(Row, Change)>>,
}

impl FileChoices {
    /// How many of the file's rows are applied now.
    fn chosen_n(self) -> usize {
        self.choices.with(|c| {
            self.rows
                .with_value(|rows| rows.iter().filter(|(r, ch)| accepts(c, r, ch)).count())
        })
    }

    /// All, none, or some of the file's rows, in words.
    fn choice_text(self, t: &'static PageTexts) -> String {
        let (n, total) = (self.chosen_n(), self.total);
        if n == total {
            fill(t.ex_choice_all, &[("n", &total.to_string())])
        } else if n == 0 {
            t.ex_choice_none.to_string()
        } else {
            fill(
                t.ex_choice_some,
                &[("n", &n.to_string()), ("total", &total.to_string())],
            )
        }
    }

    /// Takes or leaves every row of the file.
    fn set_all(self, accept: bool) {
        self.choices.update(|c| {
            self.keys.with_value(|keys| {
                for k in keys {
                    c.insert(k.clone(), accept);
                }
            });
        })
    }

    fn show_unchanged(self) -> bool {
        self.shown.with(|s| s.contains(&self.i))
    }

    /// Whether a row is listed: every row, or the conflicts only while folded; unchanged ones
    /// only when asked.
    fn listed(self, c: &Change) -> bool {
        (self.expanded.get() || c.is_conflict())
            && (self.show_unchanged() || *c != Change::Unchanged)
    }

    /// How many rows are listed now: none at all says so, rather than an empty table.
    fn shown_n(self) -> usize {
        self.rows
            .with_value(|rows| rows.iter().filter(|(_, c)| self.listed(c)).count())
    }
}

/// "Nhận cả tệp" / "Bỏ cả tệp" with their state, "show unchanged", and fold or unfold.
fn review_toolbar(t: &'static PageTexts, fc: FileChoices) -> AnyView {
    let expanded = fc.expanded;
    let toggle_id = format!("show-unchanged-{}", fc.i);
    view! {
        <p class="choice-state" role="status">
            {move || fc.choice_text(t)}
        </p>
        <div class="toolbar">
            <button
                type="button"
                class="secondary"
                aria-pressed=move || (fc.chosen_n() == fc.total).to_string()
                on:click=move |_| fc.set_all(true)
            >
                {t.ex_accept_file}
            </button>
            <button
                type="button"
                class="secondary"
                aria-pressed=move || (fc.chosen_n() == 0).to_string()
                on:click=move |_| fc.set_all(false)
            >
                {t.ex_reject_file}
            </button>
            <label class="choice" for=toggle_id.clone()>
                <input
                    id=toggle_id.clone()
                    type="checkbox"
                    prop:checked=move || fc.show_unchanged()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        fc.shown
                            .update(|s| {
                                if on {
                                    s.insert(fc.i);
                                } else {
                                    s.remove(&fc.i);
                                }
                            });
                    }
                />
                {t.ex_show_unchanged}
            </label>
            <button
                type="button"
                class="link"
                aria-expanded=move || expanded.get().to_string()
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {move || if expanded.get() { t.ex_collapse } else { t.ex_expand }}
            </button>
        </div>
    }
    .into_any()
}

/// One value of a file under review: what it is, its value, what it does, and whether it is
/// applied (the clerk's choice, or the default for what it does).
fn review_row(
    t: &'static PageTexts,
    lang: Lang,
    batch: RwSignal<Option<Batch>>,
    choices: RwSignal<Choices>,
    what: String,
    (r, c): (&Row, &Change),
    (flag, history): (Option<String>, Option<impl IntoView + 'static>),
) -> AnyView {
    let key = r.key();
    let checked = {
        let (r, c) = (r.clone(), c.clone());
        move || choices.with(|choices| accepts(choices, &r, &c))
    };
    let change = change_text(t, lang, batch, r, c);
    let class = if c.is_conflict() { "conflict" } else { "" };
    let aria = format!("{} — {what}", t.ex_col_apply);
    view! {
        <tr class=class>
            <th scope="row">{what}</th>
            <td class="num" data-label=t.ex_col_value>
                {value_text(&r.value, t, lang)}
            </td>
            <td class="verdict" data-label=t.ex_col_change>
                {change}
                {flag.map(|f| view! { <p class="flag">{f}</p> })}
                {history}
            </td>
            <td data-label=t.ex_col_apply>
                <input
                    type="checkbox"
                    aria-label=aria
                    prop:checked=checked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let key = key.clone();
                        choices
                            .update(|c| {
                                c.insert(key, on);
                            });
                    }
                />
            </td>
        </tr>
    }
    .into_any()
}

/// For each row of a file, the flags of a figure it brings (`core::figures::flags`) against the
/// office's data of the school it lands on and of that school's peers, in words.
fn preview_flags(
    app: App,
    batch: RwSignal<Option<Batch>>,
    i: usize,
    file: &Incoming,
    plan: &Plan,
    rows: &[(Row, Change)],
) -> Vec<Option<String>> {
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let sender = &file.sub.unit;
    let id = batch.with_untracked(|b| {
        b.as_ref()
            .and_then(|b| b.landings.get(i))
            .map_or(sender.id.clone(), |l| l.unit(sender).to_string())
    });
    app.data.with_untracked(|d| {
        // A school new to the office: its level still finds its peers.
        let unit = d.unit(&id).cloned().unwrap_or_else(|| Unit {
            id: id.clone(),
            kind: UnitKind::School,
            parent: None,
            name: sender.name.clone(),
            level: sender.level,
            code: sender.code.clone(),
            changed_at: 0,
        });
        let brought = |field: &str| -> Vec<(YearMonth, u64)> {
            rows.iter()
                .filter_map(|(r, _)| match (&r.what, &r.value) {
                    (What::Figure { month, field: f }, Val::Count(v)) if f == field => {
                        Some((*month, *v))
                    }
                    _ => None,
                })
                .collect()
        };
        rows.iter()
            .map(|(r, _)| match (&r.what, &r.value) {
                (What::Figure { month, field }, Val::Count(v)) => {
                    let flags = value_flags(plan, d, &unit, (*month, field, *v), &brought(field));
                    (!flags.is_empty()).then(|| {
                        flags
                            .iter()
                            .map(|f| super::flags::flag_text(t, f, plan, lang))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                }
                _ => None,
            })
            .collect()
    })
}

/// A file whose clock seems wrong: made in the future, or before its period began.
fn clock_note(t: &'static PageTexts, sub: &Submission) -> Option<String> {
    match import::clock_of(sub, browser::now()) {
        import::Clock::Plausible => None,
        import::Clock::Future => Some(t.ex_clock_future),
        import::Clock::BeforePeriod => Some(t.ex_clock_past),
    }
    .map(|template| fill(template, &[("time", &time(sub.made_at))]))
}

/// "3 mới, 2 thay đổi, …": what a file's values do.
fn file_counts(t: &'static PageTexts, rows: &[(Row, Change)]) -> String {
    let count = |f: fn(&Change) -> bool| rows.iter().filter(|(_, c)| f(c)).count().to_string();
    fill(
        t.ex_file_counts,
        &[
            ("new", &count(|c| *c == Change::New)),
            (
                "changed",
                &rows
                    .iter()
                    .filter(|(r, c)| matches!(c, Change::Changed(_)) && r.value != Val::Cleared)
                    .count()
                    .to_string(),
            ),
            (
                "removed",
                &rows
                    .iter()
                    .filter(|(r, c)| matches!(c, Change::Changed(_)) && r.value == Val::Cleared)
                    .count()
                    .to_string(),
            ),
            ("unchanged", &count(|c| *c == Change::Unchanged)),
            ("conflicts", &count(Change::is_conflict)),
        ],
    )
}

/// For a school the office does not know: add it, or map it onto one of the office's schools.
fn landing_choice(app: App, batch: RwSignal<Option<Batch>>, i: usize) -> Option<AnyView> {
    let t = app.pt_untracked();
    let known = batch.with_untracked(|b| {
        b.as_ref()
            .and_then(|b| b.landings.get(i).cloned())
            .is_some_and(|l| matches!(l, Landing::Known(_)))
    });
    (!known).then(|| {
        let schools: Vec<(String, String)> = app.data.with_untracked(|d| {
            let candidates = batch.with_untracked(|b| {
                b.as_ref()
                    .map(|b| {
                        import::candidates(d, &b.read.files, &b.landings, i)
                            .into_iter()
                            .map(|u| u.id.clone())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            });
            candidates
                .iter()
                .filter_map(|id| d.unit(id))
                .map(|u| {
                    (
                        u.id.clone(),
                        format!("{} {}", u.code, u.name).trim().to_string(),
                    )
                })
                .collect()
        });
        let current = move || {
            batch.with(|b| match b.as_ref().and_then(|b| b.landings.get(i)) {
                Some(Landing::MapTo(id)) => id.clone(),
                _ => String::new(),
            })
        };
        let id = format!("landing-{i}");
        view! {
            <div class="field">
                <label for=id.clone()>{t.ex_unknown_unit}</label>
                <select
                    id=id
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        batch
                            .update(|b| {
                                if let Some(b) = b {
                                    b.landings[i] = if v.is_empty() {
                                        Landing::AddNew
                                    } else {
                                        Landing::MapTo(v)
                                    };
                                }
                            });
                    }
                >
                    <option value="" selected=move || current().is_empty()>
                        {t.ex_add_new}
                    </option>
                    {schools
                        .into_iter()
                        .map(|(id, name)| {
                            let sel = id.clone();
                            view! {
                                <option value=id selected=move || current() == sel>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any()
    })
}

/// What a row does, in words: new, unchanged, old → new, removed, or a conflict and why.
fn change_text(
    t: &'static PageTexts,
    lang: Lang,
    batch: RwSignal<Option<Batch>>,
    r: &Row,
    c: &Change,
) -> String {
    match c {
        Change::New => t.ex_new.to_string(),
        Change::Unchanged => t.ex_unchanged.to_string(),
        Change::Changed(old) if r.value == Val::Cleared => {
            fill(t.ex_removed, &[("old", &value_text(old, t, lang))])
        }
        Change::Changed(old) => fill(
            t.ex_changed,
            &[
                ("old", &value_text(old, t, lang)),
                ("new", &value_text(&r.value, t, lang)),
            ],
        ),
        Change::StoredNewer(old) => fill(t.ex_stored_newer, &[("old", &value_text(old, t, lang))]),
        Change::Corrected(office) => fill(
            t.ex_corrected,
            &[
                ("fixed", &value_text(office, t, lang)),
                ("new", &value_text(&r.value, t, lang)),
            ],
        ),
        Change::Superseded { by } => {
            fill(t.ex_superseded, &[("file", &preview_file_name(batch, *by))])
        }
    }
}

fn preview_file_name(batch: RwSignal<Option<Batch>>, j: usize) -> String {
    batch.with_untracked(|b| {
        b.as_ref()
            .and_then(|b| b.read.files.get(j))
            .map(|f| f.file.clone())
            .unwrap_or_default()
    })
}

/// School × report: on time, late or missing, with the file that counts; and each school's files.
/// One school's file for one report in the matrix: on time, late, not yet due or overdue, with
/// the revision, when it was made and received, and the files it superseded.
fn matrix_cell(
    t: &'static PageTexts,
    (i, c): (usize, &import::Cell<'_>),
    p: &crate::core::base::period::ReportingPeriod,
    (year, today): (i32, chrono::NaiveDate),
) -> AnyView {
    let (class, standing) = match c.standing {
        Standing::OnTime => ("st st-ok", t.ex_on_time),
        Standing::Late => ("st st-late", t.ex_late),
        Standing::Missing if p.days_left(today) >= 0 => ("st st-notdue", t.ex_not_due),
        Standing::Missing => ("st st-missing", t.ex_missing),
    };
    let detail = c.latest.map(|(_, r)| {
        let mut s = fill(
            t.ex_cell,
            &[
                ("revision", &r.revision.to_string()),
                ("made", &day(r.made_at)),
                ("received", &day(r.received_at)),
            ],
        );
        if !c.superseded.is_empty() {
            s.push(' ');
            s.push_str(&fill(
                t.ex_superseded_n,
                &[("n", &c.superseded.len().to_string())],
            ));
        }
        s
    });
    // Not sent: overdue once the deadline has passed, else not due yet.
    view! {
        <td data-label=period_name(t, Some(p.kind), year)>
            <span class=class>{standing}</span>
            {detail
                .map(|d| {
                    view! {
                        <br />
                        <a class="muted" href=format!("#tep-{i}")>
                            {d}
                        </a>
                    }
                })}
        </td>
    }
    .into_any()
}

#[component]
fn Matrix() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let above = app.me.with_untracked(|m| m.as_ref().map(|u| u.kind)) == Some(UnitKind::Above);
    view! {
        <section class="card" aria-labelledby="h-matrix">
            <h2 id="h-matrix">{if above { t.ex_matrix_above } else { t.ex_matrix }}</h2>
            {move || {
                let periods = app.periods.get();
                app.data
                    .with(|d| {
                        let m = import::matrix(
                            d,
                            &plan.id,
                            &periods,
                            browser::utc_offset_minutes(),
                        );
                        if m.is_empty() {
                            return view! { <p>{t.ex_no_schools}</p> }.into_any();
                        }
                        let rows = m
                            .iter()
                            .enumerate()
                            .map(|(i, (u, cells))| {
                                let cells = cells
                                    .iter()
                                    .zip(periods.iter())
                                    .map(|(c, p)| matrix_cell(
                                        t,
                                        (i, c),
                                        p,
                                        (plan.year, app.today.get()),
                                    ))
                                    .collect_view();
                                view! {
                                    <tr>
                                        <th scope="row">{u.name.clone()}</th>
                                        {cells}
                                    </tr>
                                }
                            })
                            .collect_view();
                        let files = m
                            .iter()
                            .enumerate()
                            .filter_map(|(i, (u, _))| {
                                let list = import::receipts_of(d, &plan.id, &u.id);
                                (!list.is_empty())
                                    .then(|| {
                                        view! {
                                            <section id=format!("tep-{i}")>
                                                <h3>{fill(t.ex_files_of, &[("unit", &u.name)])}</h3>
                                                <ul>
                                                    {list
                                                        .into_iter()
                                                        .map(|(_, r)| {
                                                            view! {
                                                                <li>
                                                                    {fill(
                                                                        t.ex_receipt,
                                                                        &[
                                                                            ("file", &r.file),
                                                                            ("period", &period_name(t, r.report, plan.year)),
                                                                            ("revision", &r.revision.to_string()),
                                                                            ("made", &time(r.made_at)),
                                                                            ("received", &time(r.received_at)),
                                                                            ("figures", &format::int(u64::from(r.counts[0]), lang)),
                                                                            ("tasks", &r.counts[1].to_string()),
                                                                            ("assessments", &r.counts[2].to_string()),
                                                                            ("rounds", &r.counts[3].to_string()),
                                                                        ],
                                                                    )}
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            </section>
                                        }
                                    })
                            })
                            .collect_view();
                        view! {
                            <div
                                class="table-wrap"
                                tabindex="0"
                                role="region"
                                aria-label=t.ex_matrix_table
                            >
                                <table class="matrix cards">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.units_title}</th>
                                            {periods
                                                .iter()
                                                .map(|p| {
                                                    view! {
                                                        <th scope="col">{period_label(t, p, plan.year)}</th>
                                                    }
                                                })
                                                .collect_view()}
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {files}
                            {refused_list(d, t, plan.year)}
                        }
                            .into_any()
                    })
            }}
        </section>
    }
}

/// The files refused at imports that were applied, newest first, each with why.
fn refused_list(d: &Dataset, t: &'static PageTexts, year: i32) -> Option<impl IntoView> {
    let list = import::refused_files(d, None);
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|r| {
                let school = if r.school.is_empty() {
                    t.ex_refused_unknown.to_string()
                } else {
                    r.school.clone()
                };
                let period = r
                    .report
                    .map(|k| format!(", {}", period_name(t, Some(k), year)))
                    .unwrap_or_default();
                let text = fill(
                    t.ex_refused_item,
                    &[
                        ("file", &r.file),
                        ("school", &school),
                        ("period", &period),
                        ("time", &time(r.at)),
                        ("reasons", &r.reasons.join("; ")),
                    ],
                );
                view! { <li>{text}</li> }
            })
            .collect_view();
        view! {
            <section class="refused" aria-labelledby="h-refused">
                <h3 id="h-refused">{t.ex_refused_title}</h3>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// The roster schools open at their first start.
#[component]
fn RosterFile() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let download = move |_| {
        let text = app
            .data
            .with_untracked(|d| roster::to_file(&roster::build(d, browser::now())));
        offer(
            app,
            &roster::file_name(&format::iso(app.today.get_untracked())),
            "application/json",
            &text,
        );
    };
    view! {
        <section class="card" aria-labelledby="h-roster">
            <h2 id="h-roster">{t.ex_roster}</h2>
            <p>{t.ex_roster_intro}</p>
            <button type="button" class="secondary" on:click=download>
                {t.ex_roster_button}
            </button>
        </section>
    }
}

/// Figures per unit and month, and survey tallies, for Excel.
#[component]
fn Tables() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let date = move || format::iso(app.today.get_untracked());
    let words = tables::Words {
        levels: SchoolLevel::ALL.map(|l| t.level(l)),
        respondents: [t.sv_parents, t.sv_students],
    };
    let figures = move |_| {
        let head: Vec<&str> = t.ex_csv_head.split('|').collect();
        let head = [0, 1, 2, 3].map(|i| head.get(i).copied().unwrap_or(""));
        let text = app
            .data
            .with_untracked(|d| tables::figures(plan, d, &d.own_and_schools(), head, lang, words));
        offer(
            app,
            &format!("so-lieu-{}-{}.csv", plan.year, date()),
            "text/csv;charset=utf-8",
            &text,
        );
    };
    let tallies = move |_| {
        let head: Vec<&str> = t.ex_csv_tally_head.split('|').collect();
        let head: [&str; 13] = std::array::from_fn(|i| head.get(i).copied().unwrap_or(""));
        let text = app
            .data
            .with_untracked(|d| tables::tallies(plan, d, &d.own_and_schools(), head, words));
        offer(
            app,
            &format!("khao-sat-{}-{}.csv", plan.year, date()),
            "text/csv;charset=utf-8",
            &text,
        );
    };
    view! {
        <section class="card" aria-labelledby="h-csv">
            <h2 id="h-csv">{t.ex_csv}</h2>
            <div class="toolbar">
                <button type="button" class="secondary" on:click=figures>
                    {t.ex_csv_figures}
                </button>
                <button type="button" class="secondary" on:click=tallies>
                    {t.ex_csv_tallies}
                </button>
            </div>
        </section>
    }
}

/// The school picker of a roster that was read: drawn where it is placed (its owner gives it the
/// app's context), by code of the `opening` module.
type Picker = Box<dyn FnOnce() -> AnyView>;

crate::split_fn! {
    // The first start screen offers a roster and a plan file, but their readers (the files'
    // rules, the checksum) and the roster's picker are needed only once a file is chosen: out
    // of the first load.
    opening: fn read_roster(name: String, bytes: Vec<u8>) -> Result<Picker, Vec<Located>> =>
        roster::read(&name, &bytes)
            .map(|r| Box::new(move || view! { <RosterPicker roster=r/> }.into_any()) as Picker)
            .map_err(|e| e.problems);
}

/// At first start: a school opens the office's roster and picks itself, so that its files carry
/// the id the office knows.
#[component]
pub fn OpenRoster() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let picker = RwSignal::new_local(None::<Picker>);
    let error = RwSignal::new(None::<String>);
    let on_file = crate::ui::components::open_one_file(
        roster::MAX_ROSTER_BYTES,
        error,
        read_roster,
        move |p| picker.set(p),
    );
    view! {
        <div class="field">
            <label for="roster-file">{t.fs_roster}</label>
            <input
                id="roster-file"
                class="file-input"
                type="file"
                accept=".json,application/json"
                on:change=on_file
            />
            <FileButton input="roster-file" />
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
        {move || {
            picker.track();
            picker.try_update_untracked(Option::take).flatten().map(|draw| draw())
        }}
    }
}

/// The schools of a roster to pick from. Nothing is picked until the clerk picks (a school
/// tapped by mistake would make this browser another school), and the school is named before
/// it is used.
#[component]
fn RosterPicker(roster: roster::Roster) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let picked = RwSignal::new(None::<usize>);
    let schools = StoredValue::new(roster.schools);
    let chosen = move || schools.with_value(|s| s.get(picked.get()?).cloned());
    let use_it = move |_| {
        if let Some(s) = chosen() {
            app.edit(move |d, now| roster::adopt(d, &s, now));
        }
    };
    // The school as the list names it ("TH02 Trường Tiểu học Bình"), before it is used.
    let confirm = move || {
        chosen().map(|s| {
            let school = format!("{} {}", s.code, s.name);
            fill(t.fs_roster_confirm, &[("school", school.trim())])
        })
    };
    let options = schools.with_value(|list| {
        list.iter()
            .enumerate()
            .map(|(i, s)| view! { <option value=i.to_string()>{format!("{} {}", s.code, s.name).trim().to_string()}</option> })
            .collect_view()
    });
    view! {
        <div class="field">
            <label for="roster-pick">{t.fs_roster_pick}</label>
            <select
                id="roster-pick"
                on:change=move |ev| picked.set(event_target_value(&ev).parse().ok())
            >
                <option value="" selected=true>
                    {t.fs_roster_none}
                </option>
                {options}
            </select>
        </div>
        <p role="status">
            {move || confirm().map(|c| view! { <span class="notice roster-confirm">{c}</span> })}
        </p>
        <button type="button" on:click=use_it disabled=move || picked.get().is_none()>
            {t.fs_roster_use}
        </button>
    }
}
