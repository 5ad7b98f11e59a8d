//! Targets and results: every indicator over a chosen period, with its status, the formula with its
//! numbers, the gap and the pace needed by the year's end; the detail of one indicator by period
//! and by unit; and the assessment of targets that have no figure.

use leptos::prelude::*;

use crate::core::base::format::{self, Lang};
use crate::core::base::period::{MonthRange, ReportKind};
use crate::core::base::ratio::{Guard, Ratio};
use crate::core::data::dataset::Dataset;
use crate::core::data::dataset::UnitKind;
use crate::core::data::records::{Unit, Verdict};
use crate::core::figures::indicator::{margin_bp, Gap, Status};
use crate::core::figures::overview::{
    judge, missing_by_unit, qualitative_targets, row, rows, year_before, Context, Row,
};
use crate::core::plan::model::{FieldKind, Goal, GoalOwner, Source, Target, UNITS_TERM};
use crate::i18n::{fill, PageTexts, Texts};
use crate::route::Route;
use crate::ui::components::{label, unit_options, ChartFigure, StatusBadge};
use crate::ui::messages;
use crate::ui::pages::calendar::period_label;
use crate::ui::pages::plan::goal_text;
use crate::ui::state::{use_app, App};

/// "98,81 %", or "—" when there is nothing to measure. Rounded half up, but never onto the goal's
/// threshold (or 100 %) when the true rate is below it.
pub fn rate_text(r: Ratio, guard: Option<Guard>, lang: Lang) -> String {
    r.display_bp(guard)
        .map(|bp| format::percent_bp(bp, lang))
        .unwrap_or_else(|| "—".into())
}

/// "+0,44 điểm %" beside a verdict: how far the shown rate is from the threshold.
pub fn margin_text(t: &Texts, row: &Row<'_>, lang: Lang) -> Option<String> {
    if !matches!(row.eval.status, Status::Met | Status::NotMet) {
        return None;
    }
    let m = margin_bp(row.goal, row.eval.ratio)?;
    let sign = if m > 0 {
        "+"
    } else if m < 0 {
        "−"
    } else {
        "±"
    };
    let margin = fill(
        t.ind_margin,
        &[(
            "n",
            &format!("{sign}{}", format::hundredths(m.unsigned_abs(), lang)),
        )],
    );
    // The margin never breaks inside (its template joins it with no-break spaces); a
    // provisional note after it may wrap.
    Some(match provisional_text(t, row) {
        Some(p) => format!("{margin} — {p}"),
        None => margin,
    })
}

/// "tạm tính: 5/6 trường" beside a verdict over units that have not all reported.
pub fn provisional_text(t: &Texts, row: &Row<'_>) -> Option<String> {
    let p = row.eval.provisional.as_ref()?;
    let schools_only = row.units.iter().all(|u| u.kind == UnitKind::School);
    let units = if schools_only {
        t.ind_units_schools
    } else {
        t.ind_units_any
    };
    Some(fill(
        t.ind_provisional,
        &[
            ("n", &p.reported.to_string()),
            ("total", &p.of.to_string()),
            ("units", units),
        ],
    ))
}

/// "Cần thêm 12 hồ sơ đúng hạn", "Đã đạt", "Không thể đạt trong kỳ này"; "Kỳ đã kết thúc" for a
/// closed window, which shows its final result only.
pub fn gap_text(t: &Texts, row: &Row<'_>, lang: Lang) -> String {
    match row.gap {
        None => t.ind_closed.to_string(),
        Some(Gap::Reached) => t.ind_reached.to_string(),
        Some(Gap::NoActivity) => String::new(),
        Some(Gap::Need(_)) if row.gap_forms.is_some() => fill(
            t.ind_need_forms,
            &[("n", &format::int(row.gap_forms.unwrap_or(0), lang))],
        ),
        Some(Gap::Need(n)) => fill(
            t.ind_need,
            &[
                ("n", &format::int(n, lang)),
                ("what", &label(&row.indicator.good, lang)),
            ],
        ),
        Some(Gap::Unreachable) => t.ind_unreachable.to_string(),
    }
}

/// The pace sentence for the rest of the year, if there is one.
fn projection_text(t: &PageTexts, row: &Row<'_>, lang: Lang) -> Option<String> {
    let p = row.projection?;
    if row.gap == Some(Gap::Reached) && p.required_bp <= row.goal.threshold_bp() {
        return None;
    }
    Some(if p.good_items > p.expected_items {
        t.ind_projection_impossible.to_string()
    } else {
        fill(
            t.ind_projection,
            &[
                ("months", &p.months_left.to_string()),
                ("n", &format::int(p.expected_items, lang)),
                ("good", &format::int(p.good_items, lang)),
                ("rate", &format::percent_bp(p.required_bp, lang)),
                ("what", &label(&row.indicator.good, lang)),
            ],
        )
    })
}

/// A short flag in the targets table when a row's figures are incomplete.
fn data_flag(t: &PageTexts, row: &Row<'_>) -> Option<AnyView> {
    (!row.eval.missing.is_empty() && row.eval.status != Status::NoData)
        .then(|| view! { <span class="flag-missing">{t.ind_incomplete}</span> }.into_any())
}

/// What the figures lack or contradict, and for survey goals how many schools ran a survey.
fn data_notes(app: App, data: &Dataset, row: &Row<'_>, lang: Lang) -> AnyView {
    let t = app.pt_untracked();
    let name = |id: &str| {
        data.unit(id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    // Grouped by unit: "Trường A (T7, T8, T9)".
    let by_unit: Vec<(String, Vec<String>)> = missing_by_unit(std::iter::once(row))
        .into_iter()
        .map(|(u, months, _)| {
            (
                u,
                months
                    .iter()
                    .map(|m| format::month_short(*m, lang))
                    .collect(),
            )
        })
        .collect();
    let missing = (!by_unit.is_empty()).then(|| {
        let list = by_unit
            .iter()
            .map(|(u, ms)| format!("{} ({})", name(u), ms.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        view! { <p class="warning missing">{fill(t.ind_missing, &[("list", &list)])}</p> }
    });
    // A rate above 100 %: data to fix (no verdict), or a warning beside the verdict where the
    // plan's relation is not strict.
    let above = row.eval.ratio.num > row.eval.ratio.den;
    let conflicts = above.then(|| {
        let list = row
            .eval
            .conflicts
            .iter()
            .map(|v| messages::violation(v, &name(&v.unit), app.plan(), lang))
            .collect::<Vec<_>>()
            .join("; ");
        let template = if row.eval.status == Status::Invalid {
            t.ind_invalid
        } else {
            t.ind_above_whole
        };
        view! { <p class="warning conflict">{fill(template, &[("list", &list)])}</p> }
    });
    let no_data = (row.eval.status == Status::NoData)
        .then(|| view! { <p class="muted">{t.ind_no_data_hint}</p> });
    let coverage = row.eval.coverage.map(|(n, total)| {
        view! {
            <p class="coverage">
                {fill(t.ind_coverage, &[("n", &n.to_string()), ("total", &total.to_string())])}
            </p>
        }
    });
    view! {
        {conflicts}
        {missing}
        {no_data}
        {coverage}
    }
    .into_any()
}

/// "(10 + 80 + 5) / (10 + 80 + 2 + 5 + 1) = 95 / 98" with the terms named in a list below.
fn formula_view(app: App, row: &Row<'_>, lang: Lang) -> AnyView {
    let t = app.pt_untracked();
    if row.indicator.source == Source::Survey {
        return view! {
            <p class="formula">
                {t.ind_source_survey} " "
                {format!(
                    "{} / {}",
                    format::int(row.eval.ratio.num, lang),
                    format::int(row.eval.ratio.den, lang),
                )}
            </p>
        }
        .into_any();
    }
    let at = row.judged.window.to;
    let term_name = |f: &str| {
        if f == UNITS_TERM {
            return t.ind_units_term.to_string();
        }
        match app.plan().field(f) {
            // A month-end state is read at the window's last month: say which.
            Some(x) if x.kind == FieldKind::MonthEnd => format!(
                "{} ({})",
                label(&x.label, lang),
                fill(t.ind_at_month_end, &[("month", &format::month_numeric(at))])
            ),
            Some(x) => label(&x.label, lang),
            None => f.to_string(),
        }
    };
    let side = |terms: &[crate::core::figures::indicator::Term]| {
        let values = terms
            .iter()
            .map(|x| format::int(x.value, lang))
            .collect::<Vec<_>>()
            .join(" + ");
        if terms.len() > 1 {
            format!("({values})")
        } else {
            values
        }
    };
    let sum = format!(
        "{} / {} = {} / {}",
        side(&row.eval.numerator),
        side(&row.eval.denominator),
        format::int(row.eval.ratio.num, lang),
        format::int(row.eval.ratio.den, lang)
    );
    let names = |terms: &[crate::core::figures::indicator::Term]| {
        terms
            .iter()
            .map(|x| term_name(&x.field))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let num_names = names(&row.eval.numerator);
    let den_names = names(&row.eval.denominator);
    view! {
        <div class="formula">
            <p>
                <code>{sum}</code>
            </p>
            <p class="muted">{num_names} " / " {den_names}</p>
        </div>
    }
    .into_any()
}

/// The window of a period choice: a reporting period, or the year so far.
fn window_of(app: App, period: Option<ReportKind>) -> MonthRange {
    match period.and_then(|k| app.periods.get().into_iter().find(|p| p.kind == k)) {
        Some(p) => p.window,
        None => crate::core::base::period::whole_year(app.plan().year).unwrap_or_else(|| {
            crate::core::base::period::year_to_date(app.plan().year, app.today.get())
        }),
    }
}

/// Tabs to choose the period; they are links, so the choice is in the address.
#[component]
fn PeriodTabs(period: Option<ReportKind>, indicator: Option<String>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let mut choices: Vec<Option<ReportKind>> = vec![None];
    choices.extend(ReportKind::ALL.map(Some));
    let links = choices
        .into_iter()
        .map(|k| {
            let href = Route::Indicators {
                indicator: indicator.clone(),
                period: k,
            }
            .href();
            let current = (k == period).then_some("page");
            let text = move || match k {
                None => t.ind_ytd.to_string(),
                Some(kind) => {
                    let periods = app.periods.get();
                    periods
                        .iter()
                        .find(|p| p.kind == kind)
                        .map(|p| period_label(t, p, app.plan().year))
                        .unwrap_or_default()
                }
            };
            view! {
                <li>
                    <a href=href aria-current=current>
                        {text}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="tabs" aria-label=t.ind_period>
            <ul>{links}</ul>
        </nav>
    }
}

/// For the office: all reporting units together, or one unit.
#[component]
fn ScopePicker(scope: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let options = move || {
        let selected = scope.get_untracked();
        app.data
            .with(|d| unit_options(&d.own_and_schools(), selected.as_deref()))
    };
    view! {
        <div class="field inline">
            <label for="scope">{t.ind_scope}</label>
            <select
                id="scope"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    scope.set((!v.is_empty()).then_some(v));
                }
            >
                <option value="">
                    {if use_app().me.with_untracked(|m| m.as_ref().map(|u| u.kind))
                        == Some(UnitKind::Above)
                    {
                        t.ind_scope_all_above.to_string()
                    } else {
                        use_app().named(t.ind_scope_all)
                    }}
                </option>
                {options}
            </select>
        </div>
    }
}

/// The units an indicator is computed over: all reporting units, or the chosen one.
fn units_for<'a>(
    data: &'a crate::core::data::dataset::Dataset,
    me: &'a Unit,
    ind: &crate::core::plan::model::Indicator,
    scope: &Option<String>,
) -> Vec<&'a Unit> {
    crate::core::figures::indicator::units_in_scope(data, me, ind, scope.as_deref())
}

#[component]
pub fn IndicatorsPage(period: Option<ReportKind>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let scope = RwSignal::new(None::<String>);
    let table = move || {
        let Some(me) = app.me.get() else {
            return view! { <super::NeedsProfile /> }.into_any();
        };
        let lang = lang;
        let today = app.today.get();
        let window = window_of(app, period);
        let scope_v = scope.get();
        app.data.with(|data| {
            let ctx = Context {
                plan: app.plan(),
                data,
                me: &me,
                today,
            };
            let list: Vec<Row> = match &scope_v {
                None => rows(&ctx, window),
                Some(_) => ctx
                    .indicators()
                    .into_iter()
                    .filter_map(|ind| row(&ctx, ind, units_for(data, &me, ind, &scope_v), window))
                    .collect(),
            };
            // The same months of the year before, where figures exist.
            let before: Vec<Option<String>> = list
                .iter()
                .map(|r| {
                    year_before(&ctx, r).map(|e| rate_text(e.ratio, Some(r.goal.guard()), lang))
                })
                .collect();
            let show_before = before.iter().any(Option::is_some);
            let before_head = fill(
                t.ind_year_before,
                &[("year", &(app.plan().year - 1).to_string())],
            );
            let body = list
                .iter()
                .zip(before)
                .map(|(r, b)| {
                    let href = Route::Indicators {
                        indicator: Some(r.indicator.id.clone()),
                        period,
                    }
                    .href();
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=href>{label(&r.indicator.label, lang)}</a>
                                <span class="muted small">
                                    {fill(
                                        t.ind_goals_of,
                                        &[("goals", &r.indicator.goals.join(", "))],
                                    )}
                                </span>
                            </th>
                            <td class="num" data-label=t.ind_rate>
                                {rate_text(r.eval.ratio, Some(r.goal.guard()), lang)}
                            </td>
                            {show_before
                                .then(|| {
                                    view! {
                                        <td class="num muted" data-label=before_head.clone()>
                                            {b.unwrap_or_else(|| "—".into())}
                                        </td>
                                    }
                                })}
                            <td class="num" data-label=t.ind_goal>
                                {goal_text(r.goal, lang)}
                            </td>
                            <td class="verdict" data-label=t.ind_status>
                                <StatusBadge status=r.eval.status />
                                {" "}
                                <span class="margin">{margin_text(t, r, lang)}</span>
                            </td>
                            <td data-label=t.ind_gap>{gap_text(t, r, lang)} {data_flag(t, r)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let judged = judge(window, ctx.last_complete()).window;
            view! {
                <p class="muted">{crate::ui::pages::calendar::window_text(t, judged, lang)}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label=t.ind_title>
                    <table class="results cards">
                        <thead>
                            <tr>
                                <th scope="col">{t.dash_targets}</th>
                                <th scope="col">{t.ind_rate}</th>
                                {show_before
                                    .then(|| view! { <th scope="col">{before_head.clone()}</th> })}
                                <th scope="col">{t.ind_goal}</th>
                                <th scope="col">{t.ind_status}</th>
                                <th scope="col">{t.ind_gap}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    let office = move || app.me.get().is_some_and(|u| u.kind.manages());
    view! {
        <h1>{t.ind_title}</h1>
        <p>{t.ind_intro}</p>
        <PeriodTabs period=period indicator=None />
        <Show when=office>
            <ScopePicker scope=scope />
        </Show>
        {table}
        <Qualitative />
    }
}

/// Assessment of targets without figures (PAR Index, publishing satisfaction rates).
#[component]
fn Qualitative() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    move || {
        let me = app.me.get()?;
        let targets = qualitative_targets(app.plan(), me.kind);
        if targets.is_empty() {
            return None;
        }
        let items = targets
            .into_iter()
            .map(|target| assessment_item(target, me.id.clone()))
            .collect_view();
        Some(view! {
            <section aria-labelledby="h-qualitative">
                <h2 id="h-qualitative">{t.ind_qualitative}</h2>
                <ul class="plain">{items}</ul>
            </section>
        })
    }
}

/// One qualitative target: its verdict chosen from a list and a note, kept as an assessment of
/// the user's unit.
fn assessment_item(target: &Target, me_id: String) -> AnyView {
    let app = use_app();
    let t = app.pt_untracked();
    let number = target.number.clone();
    let current = {
        let me_id = me_id.clone();
        let number = number.clone();
        move || {
            app.data.with(|d| {
                d.work(&app.plan().id)
                    .assessments
                    .get(&me_id)
                    .and_then(|a| a.get(&number))
                    .cloned()
            })
        }
    };
    let note = RwSignal::new(current().map(|a| a.note).unwrap_or_default());
    let select_id = format!("verdict-{number}");
    let note_id = format!("verdict-note-{number}");
    let save = {
        let me_id = me_id.clone();
        let number = number.clone();
        move |v: Option<Verdict>| {
            let n = note.get_untracked();
            app.edit(|d, now| {
                d.work_mut(&app.plan().id)
                    .set_assessment(&me_id, &number, v.map(|v| (v, n)), now)
            });
        }
    };
    let save2 = save.clone();
    let current2 = current.clone();
    let current3 = current.clone();
    view! {
        <li class="card">
            <p>
                <span class="num">{target.number.clone()}.</span>
                " "
                {target.text.clone()}
            </p>
            <div class="field inline">
                <label for=select_id.clone()>{t.ind_status}</label>
                <select
                    id=select_id
                    on:change=move |ev| {
                        let v = match event_target_value(&ev).as_str() {
                            "met" => Some(Verdict::Met),
                            "not_met" => Some(Verdict::NotMet),
                            _ => None,
                        };
                        save(v);
                    }
                >
                    <option value="" selected=move || current().is_none()>
                        {t.verdict_pending}
                    </option>
                    <option
                        value="met"
                        selected=move || { current2().map(|a| a.verdict) == Some(Verdict::Met) }
                    >
                        {t.verdict_met}
                    </option>
                    <option
                        value="not_met"
                        selected=move || { current3().map(|a| a.verdict) == Some(Verdict::NotMet) }
                    >
                        {t.verdict_not_met}
                    </option>
                </select>
            </div>
            <div class="field">
                <label for=note_id.clone()>{t.ind_qualitative_note}</label>
                <input
                    id=note_id
                    type="text"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                    on:change=move |_| {
                        let v = app
                            .data
                            .with_untracked(|d| {
                                d.work(&app.plan().id)
                                    .assessments
                                    .get(&me_id)
                                    .and_then(|a| a.get(&number))
                                    .map(|a| a.verdict)
                            });
                        if v.is_some() {
                            save2(v);
                        }
                    }
                />
            </div>
        </li>
    }
    .into_any()
}

/// The trend of the indicator over the year, and for the office a bar per school for the period.
#[allow(clippy::too_many_arguments)]
fn charts(
    app: App,
    data: &crate::core::data::dataset::Dataset,
    indicator: &'static crate::core::plan::model::Indicator,
    me: &Unit,
    units: &[&Unit],
    window: MonthRange,
    periods: &[crate::core::base::period::ReportingPeriod],
    lang: Lang,
) -> AnyView {
    use crate::chart::{trend_svg, views};
    let t = app.pt_untracked();
    let until =
        crate::core::base::period::year_to_date(app.plan().year, app.today.get_untracked()).to;
    let year = app.plan().year;
    let series =
        crate::core::figures::indicator::trend(app.plan(), data, indicator, units, year, until);
    // The same months of the year before, where figures exist.
    let previous = crate::core::base::period::YearMonth::new(year - 1, 12)
        .map(|dec| {
            crate::core::figures::indicator::trend(
                app.plan(),
                data,
                indicator,
                units,
                year - 1,
                dec,
            )
        })
        .filter(|p| p.monthly.iter().any(Option::is_some));
    let tr = views::indicator_trend(
        "trend",
        app.plan(),
        indicator,
        &series,
        previous.as_ref(),
        periods,
        lang,
        false,
    );
    let prev_monthly: Vec<Option<Ratio>> = previous
        .as_ref()
        .map(|p| p.monthly.clone())
        .unwrap_or_default();
    let has_prev = previous.is_some();
    let threshold = app.plan().primary_goal(indicator).map(Goal::guard);
    let cell = move |r: &Option<Ratio>| {
        r.map(|r| {
            format!(
                "{} ({} / {})",
                rate_text(r, threshold, lang),
                format::int(r.num, lang),
                format::int(r.den, lang)
            )
        })
        .unwrap_or_else(|| "—".into())
    };
    let table_rows = tr
        .month_labels
        .iter()
        .enumerate()
        .zip(series.monthly.iter().zip(series.cumulative.iter()))
        .map(|((i, m), (mo, cu))| {
            let prev = has_prev.then(
                || view! { <td class="num">{cell(&prev_monthly.get(i).copied().flatten())}</td> },
            );
            view! {
                <tr>
                    <th scope="row">{m.clone()}</th>
                    <td class="num">{cell(mo)}</td>
                    <td class="num">{cell(cu)}</td>
                    {prev}
                </tr>
            }
        })
        .collect_view();
    let prev_head = has_prev.then(|| view! { <th scope="col">{tr.previous_label.clone()}</th> });
    let trend_table = view! {
        <table class="results">
            <thead>
                <tr>
                    <th scope="col">{t.ch_month}</th>
                    <th scope="col">{t.ch_monthly}</th>
                    <th scope="col">{t.ch_cumulative}</th>
                    {prev_head}
                </tr>
            </thead>
            <tbody>{table_rows}</tbody>
        </table>
    }
    .into_any();
    let mut tr = tr;
    tr.width = app.chart_width.get();
    let trend_view =
        view! { <ChartFigure svg=trend_svg(&tr) caption=tr.title.clone() table=trend_table /> };
    let schools: Vec<&Unit> = units
        .iter()
        .copied()
        .filter(|u| u.kind == UnitKind::School)
        .collect();
    // Schools side by side at an office; at the unit above the offices are compared in the
    // per-office table, and a chart of every school of a province would not be read.
    let compare_view = (me.kind == UnitKind::Office && schools.len() > 1)
        .then(|| comparison_view(app, data, indicator, &schools, window, lang));
    view! {
        {trend_view}
        {compare_view}
    }
    .into_any()
}

/// The office's comparison: one bar per school for the window, sorted, with its table.
fn comparison_view(
    app: App,
    data: &crate::core::data::dataset::Dataset,
    indicator: &'static crate::core::plan::model::Indicator,
    schools: &[&Unit],
    window: MonthRange,
    lang: Lang,
) -> AnyView {
    use crate::chart::{compare_svg, views};
    let t = app.pt_untracked();
    let mut c = views::indicator_comparison(
        "compare",
        app.plan(),
        data,
        indicator,
        schools,
        window,
        lang,
    );
    c.width = app.chart_width.get();
    let rows = crate::chart::sorted_rows(&c.rows)
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.name.clone()}</th>
                    <td class="num">{r.value_label.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <table class="results">
            <thead>
                <tr>
                    <th scope="col">{t.sv_school}</th>
                    <th scope="col">{t.ind_rate}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any();
    let caption = format!(
        "{} — {}",
        c.title,
        crate::ui::pages::calendar::window_text(t, window, lang)
    );
    view! { <ChartFigure svg=compare_svg(&c) caption=caption table=table /> }.into_any()
}

#[component]
pub fn IndicatorPage(id: String, period: Option<ReportKind>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let Some(indicator) = app.plan().indicator(&id) else {
        return view! {
            <h1>{t.ind_title}</h1>
            <p>{move || fill(t.ind_not_found, &[("id", &id)])}</p>
        }
        .into_any();
    };
    let scope = RwSignal::new(None::<String>);
    let goals = goal_items(app, indicator, lang);

    let detail = move || {
        let me = app.me.get()?;
        let lang = lang;
        let today = app.today.get();
        let scope_v = scope.get();
        let periods = app.periods.get();
        let chosen = window_of(app, period);
        Some(app.data.with(|data| {
            let ctx = Context {
                plan: app.plan(),
                data,
                me: &me,
                today,
            };
            let units = units_for(data, &me, indicator, &scope_v);
            let mut windows: Vec<(String, MonthRange, Option<ReportKind>)> =
                vec![(t.ind_ytd.to_string(), ctx.year(), None)];
            windows.extend(
                periods
                    .iter()
                    .map(|p| (period_label(t, p, app.plan().year), p.window, Some(p.kind))),
            );
            let by_period = windows
                .into_iter()
                .filter_map(|(name, w, k)| {
                    row(&ctx, indicator, units.clone(), w).map(|r| (name, r, k))
                })
                .collect::<Vec<_>>();
            let current = row(&ctx, indicator, units.clone(), chosen);
            let formula = current.as_ref().map(|r| formula_view(app, r, lang));
            let projection = current
                .as_ref()
                .and_then(|r| projection_text(t, r, lang))
                .map(|p| view! { <p class="projection">{p}</p> });
            let notes = current.as_ref().map(|r| data_notes(app, data, r, lang));
            let chosen_judged = current.as_ref().map(|r| r.judged.window).unwrap_or(chosen);
            let by_unit = (me.kind.manages() && scope_v.is_none() && units.len() > 1).then(|| {
                let rows =
                    crate::core::figures::indicator::per_member(data, &me, indicator, &units)
                        .into_iter()
                        .filter_map(|(u, under)| {
                            row(&ctx, indicator, under, chosen).map(|r| (u.name.clone(), r))
                        })
                        .chain(
                            // At the unit above, each school level over every office.
                            if me.kind == UnitKind::Above {
                                crate::core::figures::indicator::per_level(&units)
                            } else {
                                Vec::new()
                            }
                            .into_iter()
                            .filter_map(|(l, under)| {
                                let name = fill(t.ind_level_row, &[("level", t.level(l))]);
                                row(&ctx, indicator, under, chosen).map(|r| (name, r))
                            }),
                        )
                        .collect();
                by_unit_table(t, rows, chosen_judged, lang)
            });
            let charts = charts(
                app,
                data,
                indicator,
                &me,
                &units,
                chosen_judged,
                &periods,
                lang,
            );
            view! {
                {charts}
                <h2>{t.ind_formula}</h2>
                <p class="muted">
                    {crate::ui::pages::calendar::window_text(t, chosen_judged, lang)}
                </p>
                {formula}
                {projection}
                {notes}
                <h2>{t.ind_by_period}</h2>
                {by_period_table(t, by_period, period, lang)}
                {by_unit}
            }
        }))
    };
    let office = move || app.me.get().is_some_and(|u| u.kind.manages());
    view! {
        <p class="crumbs">
            <a href=Route::Indicators {
                indicator: None,
                period,
            }
                .href()>{t.ind_title}</a>
        </p>
        <h1>{move || label(&indicator.label, lang)}</h1>
        <ul class="goals">{goals}</ul>
        <PeriodTabs period=period indicator=Some(id.clone()) />
        <Show when=office>
            <ScopePicker scope=scope />
        </Show>
        {move || {
            if app.me.get().is_none() { Some(view! { <super::NeedsProfile /> }) } else { None }
        }}
        {detail}
    }
    .into_any()
}

/// A row's formula, rate, and verdict with its margin: the cells the period and school tables
/// share.
fn rate_cells(t: &'static PageTexts, r: &Row<'_>, lang: Lang) -> AnyView {
    view! {
        <td class="num" data-label=t.ind_formula>
            {format!(
                "{} / {}",
                format::int(r.eval.ratio.num, lang),
                format::int(r.eval.ratio.den, lang),
            )}
        </td>
        <td class="num" data-label=t.ind_rate>
            {rate_text(r.eval.ratio, Some(r.goal.guard()), lang)}
        </td>
        <td class="verdict" data-label=t.ind_status>
            <StatusBadge status=r.eval.status />
            {" "}
            <span class="margin">{margin_text(t, r, lang)}</span>
        </td>
    }
    .into_any()
}

/// The indicator over the year so far and each report's window, the chosen one marked.
fn by_period_table(
    t: &'static PageTexts,
    rows: Vec<(String, Row<'_>, Option<ReportKind>)>,
    period: Option<ReportKind>,
    lang: Lang,
) -> AnyView {
    let rows = rows
        .into_iter()
        .map(|(name, r, k)| {
            let selected = (k == period).then_some("selected");
            view! {
                <tr class=selected>
                    <th scope="row">{name}</th>
                    {rate_cells(t, &r, lang)}
                    <td data-label=t.ind_gap>{gap_text(t, &r, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t.ind_by_period>
            <table class="results cards">
                <thead>
                    <tr>
                        <th scope="col">{t.ind_period}</th>
                        <th scope="col">{t.ind_formula}</th>
                        <th scope="col">{t.ind_rate}</th>
                        <th scope="col">{t.ind_status}</th>
                        <th scope="col">{t.ind_gap}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The goals an indicator measures, each with its target or task and its requirement.
fn goal_items(
    app: App,
    indicator: &'static crate::core::plan::model::Indicator,
    lang: Lang,
) -> AnyView {
    indicator
        .goals
        .iter()
        .filter_map(|g| {
            app.plan()
                .goal(g)
                .map(|(goal, owner)| (g.clone(), goal, owner))
        })
        .map(|(gid, goal, owner)| {
            let (text, href) = match owner {
                GoalOwner::Target(t) => (
                    t.text.clone(),
                    Route::Plan {
                        section: Some(crate::route::PlanSection::Targets),
                        area: None,
                    }
                    .href(),
                ),
                GoalOwner::Task(t) => (
                    crate::core::plan::model::strip_footnote_marks(&t.text),
                    Route::Tasks {
                        task: Some(t.number.clone()),
                    }
                    .href(),
                ),
            };
            view! {
                <li>
                    <a href=href>{gid}</a>
                    " — "
                    {text}
                    " "
                    <strong>{move || goal_text(goal, lang)}</strong>
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// The indicator school by school over the chosen window (the office, over every school).
fn by_unit_table(
    t: &'static PageTexts,
    rows: Vec<(String, Row<'_>)>,
    window: MonthRange,
    lang: Lang,
) -> AnyView {
    let rows = rows
        .into_iter()
        .map(|(name, r)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {rate_cells(t, &r, lang)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{t.ind_by_unit}</h2>
        <p class="muted">{crate::ui::pages::calendar::window_text(t, window, lang)}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t.ind_by_unit>
            <table class="results cards">
                <thead>
                    <tr>
                        <th scope="col">{t.nav_units}</th>
                        <th scope="col">{t.ind_formula}</th>
                        <th scope="col">{t.ind_rate}</th>
                        <th scope="col">{t.ind_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
