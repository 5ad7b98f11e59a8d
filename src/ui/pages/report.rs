//! A period report laid out as an administrative document (Nghị định 30/2020/NĐ-CP): letterhead
//! and national motto, number and date, title, the figures (from `core::report`, the targets
//! page's own rows), task progress, surveys, the four text sections the unit writes, recipients
//! and signer. Printing from the browser gives an A4 document ready to sign.

use leptos::prelude::*;

use crate::core::base::format::{self, Lang};
use crate::core::base::period::ReportKind;
use crate::core::data::dataset::ReportDraft;
use crate::core::figures::overview::Context;
use crate::core::figures::report::{build, report_json, targets_csv, Missing, Report};
use crate::core::figures::survey_results::Adequacy;
use crate::edge::browser;
use crate::i18n::{fill, PageTexts};
use crate::route::Route;
use crate::ui::components::{label, ChartFigure, DateField, StatusBadge};
use crate::ui::pages::calendar::{days_text, period_label, window_text};
use crate::ui::pages::indicators::{margin_text, rate_text};
use crate::ui::pages::plan::goal_text;
use crate::ui::state::{use_app, App};

/// "+1,20" / "−0,76" / "±0,00" percentage points, or "—".
fn change_text(change: Option<i64>, lang: Lang) -> String {
    match change {
        Some(c) => {
            let sign = if c > 0 {
                "▲ +"
            } else if c < 0 {
                "▼ −"
            } else {
                "= ±"
            };
            format!("{sign}{}", format::hundredths(c.unsigned_abs(), lang))
        }
        None => "—".into(),
    }
}

/// What is still missing for the report, each item a link to where it is fixed.
fn missing_view(app: App, r: &Report<'_>, t: &'static PageTexts, lang: Lang) -> Option<AnyView> {
    if r.missing.is_empty() {
        return None;
    }
    let items = r
        .missing
        .iter()
        .take(30)
        .map(|m| match m {
            Missing::Figures {
                unit,
                months,
                goals,
            } => {
                let name = app
                    .data
                    .with_untracked(|d| d.unit(unit).map(|u| u.name.clone()))
                    .unwrap_or_else(|| unit.clone());
                let list = months
                    .iter()
                    .map(|m| format::month_short(*m, lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                let text = fill(
                    t.dash_missing_months,
                    &[
                        ("unit", &name),
                        ("months", &list),
                        ("goals", &goals.join("; ")),
                    ],
                );
                let href = Route::Figures {
                    month: months.first().copied(),
                }
                .href();
                let unit = unit.clone();
                view! {
                    <li>
                        <a href=href on:click=move |_| app.selected.set(Some(unit.clone()))>
                            {text}
                        </a>
                    </li>
                }
                .into_any()
            }
            Missing::StaleTask { task } => {
                let href = Route::Tasks {
                    task: Some(task.clone()),
                }
                .href();
                view! {
                    <li>
                        <a href=href>{fill(t.rp_stale_task, &[("task", task)])}</a>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let more = (r.missing.len() > 30).then(|| {
        view! { <p class="muted">{fill(t.rp_more, &[("n", &(r.missing.len() - 30).to_string())])}</p> }
    });
    Some(
        view! {
            <section class="warning no-print" aria-labelledby="rp-missing">
                <h2 id="rp-missing">
                    {fill(t.rp_missing, &[("n", &r.missing.len().to_string())])}
                </h2>
                <ul>{items}</ul>
                {more}
            </section>
        }
        .into_any(),
    )
}

#[component]
pub fn ReportPage(kind: ReportKind) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let body = move || {
        let me = app.me.get()?;
        let today = app.today.get();
        Some(app.data.with(|data| {
            let ctx = Context {
                plan: app.plan(),
                data,
                me: &me,
                today,
            };
            match build(&ctx, kind) {
                Some(r) => report_view(app, &ctx, &r, kind, lang),
                None => view! { <p>{t.rp_none}</p> }.into_any(),
            }
        }))
    };
    view! {
        <p class="crumbs no-print">
            <a href=Route::Calendar.href()>{t.nav_calendar_crumb}</a>
        </p>
        <h1 class="sr-only">
            {move || fill(
                t.rp_page_title,
                &[
                    (
                        "period",
                        &app
                            .periods
                            .get()
                            .into_iter()
                            .find(|p| p.kind == kind)
                            .map(|p| period_label(t, &p, app.plan().year))
                            .unwrap_or_default(),
                    ),
                ],
            )}
        </h1>
        {move || {
            if app.me.get().is_none() { Some(view! { <super::NeedsProfile /> }) } else { None }
        }}
        {body}
    }
}

/// The report's tools (number, date, print, exports), what is still missing, and the document.
fn report_view(
    app: App,
    ctx: &Context<'_>,
    r: &Report<'_>,
    kind: ReportKind,
    lang: Lang,
) -> AnyView {
    let t = app.pt_untracked();
    let (plan, me) = (ctx.plan, ctx.me);
    let office = me.kind.manages();
    let in_words = match kind {
        ReportKind::Q1 => t.rp_period_q1,
        ReportKind::H1 => t.rp_period_h1,
        ReportKind::Q3 => t.rp_period_q3,
        ReportKind::Year => t.rp_period_year,
    };
    let in_words = fill(in_words, &[("year", &plan.year.to_string())]);
    let summary = fill(t.rp_summary, &[("period", &in_words), ("unit", &me.name)]);
    let summary_label = summary.clone();
    view! {
        {report_tools(app, ctx, r, kind, lang)}
        {missing_view(app, r, t, lang)}
        <article class="report-doc" aria-label=summary_label>
            {letterhead_view(t, ctx, r)}
            <p class="rp-title" role="heading" aria-level="2">
                "BÁO CÁO"
            </p>
            <p class="rp-summary">{summary}</p>
            <h2>{format!("I. {}", t.rp_targets)}</h2>
            <p class="muted">{window_text(t, r.window, lang)}</p>
            {targets_table(t, r, lang)}
            <h2>{format!("II. {}", t.rp_tasks)}</h2>
            {tasks_table(t, r)}
            {surveys_table(t, r, office, lang)}
            {trend_charts(app, ctx, r, lang)}
            <h2>{format!("III. {}", t.rp_assessment)}</h2>
            {closing_view(app, ctx, r, kind)}
        </article>
    }
    .into_any()
}

/// Number and date of the report, saved with it; print; JSON and CSV.
fn report_tools(
    app: App,
    ctx: &Context<'_>,
    r: &Report<'_>,
    kind: ReportKind,
    lang: Lang,
) -> AnyView {
    let t = app.pt_untracked();
    let (plan, me, today) = (ctx.plan, ctx.me, ctx.today);
    let office = me.kind.manages();
    let lh = &r.letterhead;
    let status = if r.open {
        fill(
            t.rp_open,
            &[("days", &days_text(t, r.period.days_left(today)))],
        )
    } else {
        t.rp_closed.to_string()
    };
    let saved_date = r.draft.date;
    let uid_n = me.id.clone();
    let uid_d = me.id.clone();
    let [csv, tasks_csv, surveys_csv] = report_csv(t, r, office, lang);
    let json = report_json(plan, r);
    let file_stem = format!(
        "bao-cao-{}-{}-{}",
        kind.slug(),
        plan.year,
        crate::core::base::format::iso(today)
    );
    let (stem1, stem2) = (file_stem.clone(), file_stem);
    // One table a file: Excel opens each in columns, and none hides below another.
    let csv_button = move |label: &'static str, suffix: &'static str, text: String| {
        let stem = stem2.clone();
        (!text.is_empty()).then(|| {
            view! {
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        if let Err(e) = browser::download(
                            &format!("{stem}{suffix}.csv"),
                            "text/csv;charset=utf-8",
                            &text,
                        ) {
                            app.notify(e, false);
                        }
                    }
                >
                    {label}
                </button>
            }
        })
    };
    view! {
        <div class="no-print report-tools">
            <p class="muted">{window_text(t, r.window, lang)} " · " {status}</p>
            <div class="inline-form">
                <div class="field">
                    <label for="rp-number">{t.rp_number}</label>
                    <input
                        id="rp-number"
                        type="text"
                        placeholder=if me.kind == crate::core::data::dataset::UnitKind::Above {
                            "15/BC-…".to_string()
                        } else {
                            format!("15/BC-{}", lh.symbol)
                        }
                        value=r.draft.number.clone()
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().to_string();
                            let uid = uid_n.clone();
                            app.edit(move |d, now| {
                                d.work_mut(&app.plan().id)
                                    .update_report(&uid, kind, now, |r| r.number = v)
                            });
                        }
                    />
                </div>
                <DateField
                    id="rp-date"
                    label=t.rp_date
                    value=Signal::derive(move || saved_date)
                    on_set=move |date| {
                        let uid = uid_d.clone();
                        app.edit(move |d, now| {
                            d.work_mut(&app.plan().id)
                                .update_report(&uid, kind, now, |r| r.date = date)
                        });
                    }
                />
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    on:click=|_| {
                        let _ = window().print();
                    }
                >
                    {t.rp_print}
                </button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        if let Err(e) = browser::download(
                            &format!("{stem1}.json"),
                            "application/json",
                            &json,
                        ) {
                            app.notify(e, false);
                        }
                    }
                >
                    {t.rp_json}
                </button>
                {csv_button(t.rp_csv, "", csv)}
                {csv_button(t.rp_csv_tasks, "-nhiem-vu", tasks_csv)}
                {csv_button(t.rp_csv_surveys, "-khao-sat", surveys_csv)}
            </div>
        </div>
    }
    .into_any()
}

/// The report's tables for Excel, one after another: targets, tasks by area, surveys.
/// The report's tables for Excel, one file each: targets, tasks by area, surveys (empty when
/// the report has no survey).
fn report_csv(t: &'static PageTexts, r: &Report<'_>, office: bool, lang: Lang) -> [String; 3] {
    let labels: Vec<String> = r
        .targets
        .iter()
        .map(|tl| label(&tl.row.indicator.label, lang))
        .collect();
    let targets = targets_csv(
        r,
        &[
            t.rp_csv_goals,
            t.dash_targets,
            t.ind_goal,
            t.rp_csv_num,
            t.rp_csv_den,
            t.ind_rate,
            t.ind_status,
            t.rp_csv_provisional,
        ],
        &labels,
        lang,
        |s| t.status(s).to_string(),
    );
    let tasks = crate::core::figures::report::tasks_csv(
        r,
        &[
            t.tasks_filter_area,
            t.task_done,
            t.task_in_progress,
            t.task_not_started,
            t.task_not_applicable,
        ],
    );
    let surveys = crate::core::figures::report::surveys_csv(
        r,
        &[
            if office { t.sv_school } else { t.sv_round },
            t.sv_returned,
            t.sv_answers,
            t.rp_csv_satisfied,
        ],
        |s| survey_line_name(t, s),
        lang,
    );
    [targets, tasks, surveys]
}

/// The letterhead: the issuing body (for a school, the office above it) and the document's number
/// top left; the national title, the motto and the place and date top right.
fn letterhead_view(t: &'static PageTexts, ctx: &Context<'_>, r: &Report<'_>) -> AnyView {
    let lh = &r.letterhead;
    use crate::core::data::dataset::UnitKind;
    // The plan's letterhead is its managing unit's: a school writes under it, a unit above
    // under its own name alone (its governing body is not in the plan).
    let (parent, body_name) = match ctx.me.kind {
        UnitKind::Office => (lh.parent.clone(), lh.body.clone()),
        UnitKind::School => (
            lh.body.clone(),
            crate::core::base::format::upper(&ctx.me.name),
        ),
        UnitKind::Above => (
            String::new(),
            crate::core::base::format::upper(&ctx.me.name),
        ),
    };
    let number = if !r.draft.number.is_empty() {
        r.draft.number.clone()
    } else if ctx.me.kind == UnitKind::Above {
        "…/BC-…".to_string()
    } else {
        format!("…/BC-{}", lh.symbol)
    };
    let date = match r.draft.date {
        Some(d) => format::date_formal(d, Lang::Vi),
        None => "ngày … tháng … năm …".to_string(),
    };
    let place = if ctx.me.kind == UnitKind::Above {
        "…"
    } else {
        lh.place.as_str()
    };
    let date_line = fill(t.rp_place_date, &[("place", place), ("date", &date)]);
    view! {
        <table class="letterhead" role="presentation">
            <tr>
                <td class="lh-left">
                    <p class="lh-parent">{parent}</p>
                    <p class="lh-body">{body_name}</p>
                    <p class="lh-number">{fill(t.rp_number_line, &[("number", &number)])}</p>
                </td>
                <td class="lh-right">
                    <p class="lh-nation">"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"</p>
                    <p class="lh-motto">"Độc lập - Tự do - Hạnh phúc"</p>
                    <p class="lh-date">{date_line}</p>
                </td>
            </tr>
        </table>
    }
    .into_any()
}

/// The targets: requirement, rate, formula, verdict with its margin, change from the previous
/// report and from the same months a year before; then the targets assessed in words.
fn targets_table(t: &'static PageTexts, r: &Report<'_>, lang: Lang) -> AnyView {
    let target_rows = r
        .targets
        .iter()
        .map(|tl| {
            let row = &tl.row;
            let formula = format!(
                "{} / {}",
                format::int(row.eval.ratio.num, lang),
                format::int(row.eval.ratio.den, lang)
            );
            view! {
                <tr>
                    <th scope="row">
                        {label(&row.indicator.label, lang)}
                        <span class="muted small">
                            {fill(t.ind_goals_of, &[("goals", &row.indicator.goals.join(", "))])}
                        </span>
                    </th>
                    <td class="num" data-label=t.ind_goal>
                        {goal_text(row.goal, lang)}
                    </td>
                    <td class="num" data-label=t.ind_rate>
                        {rate_text(row.eval.ratio, Some(row.goal.guard()), lang)}
                    </td>
                    <td class="num" data-label=t.ind_formula>
                        {formula}
                    </td>
                    <td class="verdict" data-label=t.ind_status>
                        <StatusBadge status=row.eval.status />
                        {" "}
                        <span class="margin">{margin_text(t, row, lang)}</span>
                    </td>
                    <td class="num" data-label=t.rp_vs_previous>
                        {change_text(tl.change_from_previous(), lang)}
                    </td>
                    <td class="num" data-label=t.rp_vs_year_before>
                        {change_text(tl.change_from_year_before(), lang)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let qualitative = (!r.qualitative.is_empty()).then(|| {
        let items = r
            .qualitative
            .iter()
            .map(|(n, text, v)| {
                view! {
                    <li>
                        <strong>{format!("{n}. ")}</strong>
                        {text.clone()}
                        " — "
                        <em>{t.verdict(*v)}</em>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain">{items}</ul> }
    });
    view! {
        <table class="results cards report-table">
            <thead>
                <tr>
                    <th scope="col">{t.dash_targets}</th>
                    <th scope="col">{t.ind_goal}</th>
                    <th scope="col">{t.ind_rate}</th>
                    <th scope="col">{t.ind_formula}</th>
                    <th scope="col">{t.ind_status}</th>
                    <th scope="col">{t.rp_vs_previous}</th>
                    <th scope="col">{t.rp_vs_year_before}</th>
                </tr>
            </thead>
            <tbody>{target_rows}</tbody>
        </table>
        {qualitative}
    }
    .into_any()
}

/// Task progress by area, with the evidence.
fn tasks_table(t: &'static PageTexts, r: &Report<'_>) -> AnyView {
    let area_rows = r
        .areas
        .iter()
        .map(|a| {
            let evidence = a
                .evidence
                .iter()
                .map(|(task, doc, date)| {
                    let date = date
                        .map(|d| format!(" ({})", format::date(d)))
                        .unwrap_or_default();
                    format!("{task}: {doc}{date}")
                })
                .collect::<Vec<_>>()
                .join("; ");
            view! {
                <tr>
                    <th scope="row">{format!("{}. {}", a.number, a.title)}</th>
                    <td class="num" data-label=t.task_done>
                        {a.progress.done}
                    </td>
                    <td class="num" data-label=t.task_in_progress>
                        {a.progress.in_progress}
                    </td>
                    <td class="num" data-label=t.task_not_started>
                        {a.progress.not_started}
                    </td>
                    <td class="small" data-label=t.task_evidence>
                        {evidence}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="results cards report-table">
            <thead>
                <tr>
                    <th scope="col">{t.tasks_filter_area}</th>
                    <th scope="col">{t.task_done}</th>
                    <th scope="col">{t.task_in_progress}</th>
                    <th scope="col">{t.task_not_started}</th>
                    <th scope="col">{t.task_evidence}</th>
                </tr>
            </thead>
            <tbody>{area_rows}</tbody>
        </table>
    }
    .into_any()
}

/// The surveys: by school for the office (each level closed by its subtotal), by round for a
/// school.
fn surveys_table(
    t: &'static PageTexts,
    r: &Report<'_>,
    office: bool,
    lang: Lang,
) -> Option<AnyView> {
    let survey_rows = r
        .surveys
        .iter()
        .map(|s| {
            let name = survey_line_name(t, s);
            let class = if s.unit.is_none() && office {
                "subtotals"
            } else {
                ""
            };
            let sample = match s.adequacy {
                Adequacy::Enough { .. } => t.rp_sample_enough,
                Adequacy::TooFew { .. } => t.rp_sample_too_few,
                Adequacy::Small => t.rp_sample_small,
                Adequacy::Unknown => t.rp_sample_unknown,
            };
            view! {
                <tr class=class>
                    <th scope="row">{name}</th>
                    <td class="num" data-label=t.sv_returned>
                        {format::int(s.forms, lang)}
                    </td>
                    <td class="num" data-label=t.sv_answers>
                        {format::int(s.tally.valid(), lang)}
                    </td>
                    <td class="num" data-label=t.sv_rate>
                        {rate_text(s.tally.rate(), None, lang)}
                    </td>
                    <td data-label=t.rp_sample>{sample}</td>
                </tr>
            }
        })
        .collect_view();
    (!r.surveys.is_empty()).then(|| {
        view! {
            <h3>{t.rp_surveys}</h3>
            <table class="results cards report-table">
                <thead>
                    <tr>
                        <th scope="col">{if office { t.sv_school } else { t.sv_round }}</th>
                        <th scope="col">{t.sv_returned}</th>
                        <th scope="col">{t.sv_answers}</th>
                        <th scope="col">{t.sv_rate}</th>
                        <th scope="col">{t.rp_sample}</th>
                    </tr>
                </thead>
                <tbody>{survey_rows}</tbody>
            </table>
        }
        .into_any()
    })
}

/// The trend of every target not met, so that the report shows where it slipped.
fn trend_charts(app: App, ctx: &Context<'_>, r: &Report<'_>, lang: Lang) -> Option<AnyView> {
    let t = app.pt_untracked();
    let (plan, data) = (ctx.plan, ctx.data);
    let charts = r
        .targets
        .iter()
        .filter(|tl| tl.row.eval.status == crate::core::figures::indicator::Status::NotMet)
        .map(|tl| {
            let series = crate::core::figures::indicator::trend(
                plan,
                data,
                tl.row.indicator,
                &tl.row.units,
                plan.year,
                r.window.to,
            );
            let mut tr = crate::chart::views::indicator_trend(
                &format!("rp-{}", tl.row.indicator.id),
                plan,
                tl.row.indicator,
                &series,
                None,
                &app.periods.get_untracked(),
                lang,
                false,
            );
            tr.width = app.chart_width.get_untracked().min(600);
            let caption = tr.title.clone();
            let table = view! { <p class="muted small">{tr.description.clone()}</p> }.into_any();
            view! { <ChartFigure svg=crate::chart::trend_svg(&tr) caption=caption table=table /> }
        })
        .collect::<Vec<_>>();
    (!charts.is_empty()).then(|| {
        view! {
            <h3>{t.rp_charts}</h3>
            {charts}
        }
        .into_any()
    })
}

/// The four sections the unit writes (saved with the report, printed as text), the last one
/// with the recipients and the signer.
fn closing_view(app: App, ctx: &Context<'_>, r: &Report<'_>, kind: ReportKind) -> AnyView {
    let t = app.pt_untracked();
    let (plan, me) = (ctx.plan, ctx.me);
    let office = me.kind.manages();
    let mut sections = [
        t.rp_section_1,
        t.rp_section_2,
        t.rp_section_3,
        t.rp_section_4,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, title)| {
        let id = format!("rp-section-{i}");
        let text = r.draft.section(i).to_string();
        let uid = me.id.clone();
        let printed = text.clone();
        view! {
            <section class="rp-section">
                <h3>
                    <label for=id.clone()>{format!("{}. {title}", i + 1)}</label>
                </h3>
                <textarea
                    id=id
                    class="no-print"
                    rows="5"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let uid = uid.clone();
                        app.edit(move |d, now| {
                            d.work_mut(&app.plan().id)
                                .update_report(
                                    &uid,
                                    kind,
                                    now,
                                    |r| {
                                        r.sections.resize(ReportDraft::SECTIONS, String::new());
                                        r.sections[i] = v;
                                    },
                                )
                        });
                    }
                >
                    {text}
                </textarea>
                <div class="print-only rp-text">{printed}</div>
            </section>
        }
    })
    .collect::<Vec<_>>();
    // The last section prints with the signature, so that no page holds the signature alone (a
    // section longer than a page still breaks inside).
    let last_section = sections.pop();
    // Each line of "Nơi nhận" begins with "- ", as Nghị định 30/2020 writes it.
    // The plan's recipients and signer are its managing unit's: a school signs as its head, and
    // a unit above keeps a copy and signs as the head of the unit, the names left to write.
    let above = use_app().me.with_untracked(|m| m.as_ref().map(|u| u.kind))
        == Some(crate::core::data::dataset::UnitKind::Above);
    let recipients = if above {
        vec![t.rp_keep_copy.to_string()]
    } else {
        plan.recipients.clone()
    }
    .into_iter()
    .map(|x| view! { <li>{format!("- {}", x.trim_start_matches(['-', ' ']))}</li> })
    .collect_view();
    let signer_title = match (office, above) {
        (_, true) => t.rp_unit_head.to_string(),
        (true, false) => plan.signer.title.clone(),
        (false, false) => t.rp_school_head.to_string(),
    };
    let signer_name = if office && !above {
        plan.signer.name.clone()
    } else {
        String::new()
    };
    view! {
        {sections}
        <div class="closing">
            {last_section} <table class="signing" role="presentation">
                <tr>
                    <td class="recipients">
                        <p>
                            <em>
                                <strong>"Nơi nhận:"</strong>
                            </em>
                        </p>
                        <ul class="plain">{recipients}</ul>
                    </td>
                    <td class="signer">
                        <p>
                            <strong>{signer_title}</strong>
                        </p>
                        <p class="sign-space"></p>
                        <p>
                            <strong>{signer_name}</strong>
                        </p>
                    </td>
                </tr>
            </table>
        </div>
    }
    .into_any()
}

/// A survey line's name as the report shows it: a school's or a round's own name, or a level's
/// subtotal, or the whole sector.
fn survey_line_name(t: &PageTexts, s: &crate::core::figures::report::SurveyLine) -> String {
    use crate::core::data::records::SchoolLevel;
    let level = |l| fill(t.sv_level_total, &[("level", t.level(l))]);
    match (&s.unit, s.label.as_str()) {
        (Some(_), _) => s.label.clone(),
        (None, "all") => t.sv_whole_sector.to_string(),
        (None, "MamNon") => level(SchoolLevel::MamNon),
        (None, "TieuHoc") => level(SchoolLevel::TieuHoc),
        (None, "Thcs") => level(SchoolLevel::Thcs),
        (None, other) => other.to_string(),
    }
}
