//! The page the app opens on: who am I (first start), the next report due, every target with its
//! current status, task progress by area, and what needs attention.

use leptos::prelude::*;

use crate::chart::trend_svg;
use crate::chart::views::indicator_trend;
use crate::core::base::format;
use crate::core::base::period::{ReportingPeriod, YearMonth};
use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::{SchoolLevel, Unit};
use crate::core::figures::indicator::{trend, TrendSeries};
use crate::core::figures::overview::{attention, qualitative_targets, rows, Attention, Context};
use crate::core::figures::tasks::{area_progress, is_own_task, overall_progress};
use crate::core::plan::model::Plan;
use crate::edge::browser;
use crate::i18n::fill;
use crate::route::Route;
use crate::ui::components::{label, ProgressBar, Spark, StatusBadge};
use crate::ui::pages::calendar::NextDue;
use crate::ui::pages::indicators::{gap_text, rate_text};
use crate::ui::state::{use_app, App};

crate::split_fn! {
    // The dashboard's small trends are drawn by the charts' code (plotters, 16 KB of the first
    // load), which comes after the first paint: the cards and their numbers do not wait for it.
    charts: fn spark_svg(indicator: String, plan: &'static Plan, series: TrendSeries, periods: Vec<ReportingPeriod>, lang: format::Lang) -> String =>
        match plan.indicator(&indicator) {
            Some(ind) => trend_svg(&indicator_trend(&format!("spark-{indicator}"), plan, ind, &series, None, &periods, lang, true)),
            None => String::new(),
        };
    // The overview (its figures, verdicts, attention list and progress) is not in the first
    // load: a first visit opens on the first start form. It is fetched before the first paint
    // when a dataset is stored (`prepare_overview`), else when the first start is done.
    overview: fn load_overview() -> OverviewView => overview_view;
}

/// Draws the overview of a unit, from the module once fetched.
pub type OverviewView = fn(Unit) -> AnyView;

fn overview_view(me: Unit) -> AnyView {
    view! { <Overview me=me /> }.into_any()
}

thread_local! {
    static OVERVIEW: std::cell::Cell<Option<OverviewView>> = const { std::cell::Cell::new(None) };
}

/// Fetches the overview's code before the first paint when a dataset is stored (an earlier
/// visit, whose service worker has cached the module), so that the first paint shows it.
pub async fn prepare_overview() {
    if crate::ui::state::holds_dataset() {
        let _ = crate::ui::state::kept(&OVERVIEW, load_overview).await;
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let app = use_app();
    // A memo, so that a save (which sets the health again) does not redraw the first start form
    // and lose what is being typed in it.
    let unread = Memo::new(move |_| app.health.with(|h| h.holds_unread()));
    move || match app.me.get() {
        // Stored data that could not be read: its banner, not a new start that would not be saved.
        None if unread.get() => view! { <h1>{app.t().dash_title}</h1> }.into_any(),
        None => view! { <WhoAmI /> }.into_any(),
        Some(me) => match OVERVIEW.with(std::cell::Cell::get) {
            Some(draw) => draw(me),
            None => super::when_loaded(Box::pin(async move {
                crate::ui::state::kept(&OVERVIEW, load_overview)
                    .await
                    .map(|draw| draw(me))
            })),
        },
    }
}

/// First start: the office or a school (name, level, optional code).
#[component]
pub fn WhoAmI() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let kind = RwSignal::new(UnitKind::Office);
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(None::<SchoolLevel>);
    let code = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let name_error =
        move || tried.get() && kind.get() != UnitKind::Office && name.get().trim().is_empty();
    let level_error =
        move || tried.get() && kind.get() == UnitKind::School && level.get().is_none();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if name_error() || level_error() {
            return;
        }
        // The office is named by the plan; a school and a unit above by what was typed, and only
        // a school has a level and a code.
        let k = kind.get_untracked();
        let school = k == UnitKind::School;
        let unit = Unit {
            id: browser::new_id("u"),
            kind: k,
            parent: None,
            name: match k {
                UnitKind::Office => app.plan().office_name().to_string(),
                _ => name.get_untracked().trim().to_string(),
            },
            level: level.get_untracked().filter(|_| school),
            code: if school {
                code.get_untracked().trim().to_string()
            } else {
                String::new()
            },
            changed_at: 0,
        };
        app.set_me(unit);
    };
    view! {
        <h1>{t.who_title}</h1>
        <p>{move || app.named(t.who_intro)}</p>
        <form class="who card" on:submit=submit novalidate>
            <fieldset>
                <legend>{t.who_you_are}</legend>
                <label class="choice">
                    <input
                        type="radio"
                        name="kind"
                        value="office"
                        prop:checked=move || kind.get() == UnitKind::Office
                        on:change=move |_| kind.set(UnitKind::Office)
                    />
                    {move || app.plan_tracked().office_name().to_string()}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="kind"
                        value="school"
                        prop:checked=move || kind.get() == UnitKind::School
                        on:change=move |_| kind.set(UnitKind::School)
                    />
                    {t.who_school}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="kind"
                        value="above"
                        prop:checked=move || kind.get() == UnitKind::Above
                        on:change=move |_| {
                            kind.set(UnitKind::Above);
                            if name.get_untracked().trim().is_empty() {
                                let above = app.plan().above_name().unwrap_or_default();
                                name.set(above.to_string());
                            }
                        }
                    />
                    {t.who_above}
                </label>
            </fieldset>
            <Show when=move || kind.get() != UnitKind::Office>
                <SchoolFields kind name level code name_error level_error />
            </Show>
            <button type="submit">{t.who_start}</button>
        </form>
        <FirstStartOtherWays kind />
    }
}

/// The school's name, level and optional code at first start; the name alone for a unit above.
#[component]
fn SchoolFields(
    kind: RwSignal<UnitKind>,
    name: RwSignal<String>,
    level: RwSignal<Option<SchoolLevel>>,
    code: RwSignal<String>,
    name_error: impl Fn() -> bool + Copy + Send + Sync + 'static,
    level_error: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_app().t_untracked();
    view! {
        <div class="field">
            <label for="who-name">
                {move || {
                    if kind.get() == UnitKind::School {
                        t.who_school_name
                    } else {
                        t.who_above_name
                    }
                }}
            </label>
            <input
                id="who-name"
                type="text"
                autocomplete="organization"
                prop:value=move || name.get()
                aria-invalid=move || name_error().to_string()
                aria-describedby="who-name-error"
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <p id="who-name-error" class="field-error">
                {move || name_error().then_some(t.who_name_required)}
            </p>
        </div>
        <div class="field" hidden=move || kind.get() != UnitKind::School>
            <label for="who-level">{t.who_school_level}</label>
            <select
                id="who-level"
                aria-invalid=move || level_error().to_string()
                aria-describedby="who-level-error"
                on:change=move |ev| level.set(level_from(&event_target_value(&ev)))
            >
                {level_options(level)}
            </select>
            <p id="who-level-error" class="field-error">
                {move || level_error().then_some(t.who_level_required)}
            </p>
        </div>
        <div class="field" hidden=move || kind.get() != UnitKind::School>
            <label for="who-code">{t.who_school_code}</label>
            <input
                id="who-code"
                type="text"
                prop:value=move || code.get()
                on:input=move |ev| code.set(event_target_value(&ev))
            />
        </div>
    }
}

/// The other ways to start: the office's roster, the sample (seen as the kind of unit chosen),
/// another plan.
#[component]
fn FirstStartOtherWays(kind: RwSignal<UnitKind>) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! {
        <section class="card" aria-labelledby="who-roster">
            <h2 id="who-roster">{t.fs_roster_heading}</h2>
            <p>{t.fs_roster_hint}</p>
            <super::exchange::OpenRoster />
        </section>
        <p>
            // The sample seen as the unit chosen above: a school, an office, a unit above.
            <button
                type="button"
                class="link"
                on:click=move |_| app.open_sample(Some(kind.get_untracked()))
            >
                {t.who_or_sample}
            </button>
        </p>
        <section class="card" aria-labelledby="who-plan">
            <h2 id="who-plan">{t.who_plan}</h2>
            <p>
                {move || fill(t.plans_current, &[("year", &app.plan().year.to_string())])} " "
                {t.who_plan_hint}
            </p>
            <super::plans::OpenPlanFile />
            <p>
                <a href=crate::route::Route::PlanNew.href()>{t.who_make_plan}</a>
            </p>
        </section>
    }
}

pub fn level_slug(l: SchoolLevel) -> &'static str {
    match l {
        SchoolLevel::MamNon => "mam_non",
        SchoolLevel::TieuHoc => "tieu_hoc",
        SchoolLevel::Thcs => "thcs",
    }
}

/// A school level's choices: none yet, then each level, the unit's own selected.
pub fn level_options(level: RwSignal<Option<SchoolLevel>>) -> impl IntoView {
    let t = use_app().t_untracked();
    view! {
        <option value="">"—"</option>
        {SchoolLevel::ALL
            .into_iter()
            .map(|l| {
                view! {
                    <option value=level_slug(l) selected=move || level.get() == Some(l)>
                        {t.level(l)}
                    </option>
                }
            })
            .collect_view()}
    }
}

pub fn level_from(s: &str) -> Option<SchoolLevel> {
    SchoolLevel::ALL.into_iter().find(|l| level_slug(*l) == s)
}

#[component]
fn Overview(me: Unit) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let lang = app.lang.get_untracked();
    let plan = app.plan();
    let me_id = me.id.clone();
    let kind = me.kind;

    // The unit above does none of the plan's tasks itself: it follows its offices'.
    let progress = {
        let me_id = me_id.clone();
        move || {
            (kind != UnitKind::Above).then(|| {
                view! {
                    <section aria-labelledby="h-progress">
                        <h2 id="h-progress">{t.dash_progress}</h2>
                        {app.data.with(|data| progress_view(app, data, &me_id, kind))}
                    </section>
                }
            })
        }
    };

    let schools = move || {
        kind.manages()
            .then(|| app.data.with(|data| members_progress(app, data, kind)))
            .flatten()
    };

    let qualitative = {
        let me_id = me_id.clone();
        move || qualitative_view(app, &me_id, kind)
    };

    // The year-to-date rows are computed once and feed both the attention list and the cards.
    let summary = {
        let me = me.clone();
        let qualitative = qualitative.clone();
        move || {
            let today = app.today.get();
            let periods = app.periods.get();
            let qualitative = qualitative.clone();
            app.data.with(|data| {
                let ctx = Context {
                    plan,
                    data,
                    me: &me,
                    today,
                };
                let ytd_rows = rows(&ctx, ctx.year());
                let ytd = ytd_rows
                    .first()
                    .map(|r| r.judged.window)
                    .unwrap_or_else(|| ctx.year_to_date());
                let items = attention(&ctx, &ytd_rows);
                let nothing = items.is_empty().then(|| view! { <p>{t.dash_nothing}</p> });
                let lis = items
                    .into_iter()
                    .map(|a| attention_item(app, data, a, lang))
                    .collect_view();
                let needs = nothing
                    .is_none()
                    .then(|| view! { <ul class="attention">{lis}</ul> });
                // Real data that exists only here and has not been backed up for a while.
                let has_data = !data.figures.is_empty() || !data.work.is_empty();
                let first_use = data.me.as_ref().map(|m| m.t);
                let stale = crate::core::storage::restore::backup_due(
                    app.last_backup.get(),
                    first_use,
                    crate::edge::browser::now(),
                );
                let remind =
                    (has_data && stale && app.workspace.get() == crate::ui::state::Workspace::Real)
                        .then(|| {
                            view! {
                                <p class="warning backup-reminder">
                                    <a href=Route::Data.href()>{t.backup_remind}</a>
                                </p>
                            }
                        });
                let cards = ytd_rows
                    .iter()
                    .map(|row| target_card(app, data, row, ytd.to, &periods, lang))
                    .collect_view();
                view! {
                    <section aria-labelledby="h-attention">
                        <h2 id="h-attention">{t.dash_attention}</h2>
                        {remind}
                        {nothing}
                        {needs}
                    </section>
                    <section aria-labelledby="h-targets">
                        <h2 id="h-targets">{t.dash_targets}</h2>
                        <p class="muted">
                            {fill(
                                t.dash_targets_ytd,
                                &[("month", &format::month_long(ytd.to, lang))],
                            )}
                        </p>
                        <ul class="target-grid">{cards}</ul>
                        {qualitative}
                    </section>
                }
            })
        }
    };

    view! {
        <h1>{t.dash_title}</h1>
        <p class="muted">
            {me.name.clone()} " · "
            {move || fill(t.today_is, &[("date", &format::date(app.today.get()))])}
        </p>
        <super::sent::ChangedAfterSending link=true />
        <div class="dash-top">
            <NextDue />
        </div>
        {summary}
        {progress}
        {schools}
    }
}

/// The targets judged in words, with the unit's assessment of each.
fn qualitative_view(app: App, me_id: &str, kind: UnitKind) -> Option<AnyView> {
    let t = app.t_untracked();
    let plan = app.plan();
    let targets = qualitative_targets(plan, kind);
    (!targets.is_empty()).then(|| {
        let items = targets
            .into_iter()
            .map(|target| {
                let verdict = app.data.with(|d| {
                    d.work(&app.plan().id)
                        .assessments
                        .get(me_id)
                        .and_then(|a| a.get(&target.number))
                        .map(|a| a.verdict)
                });
                view! {
                    <li>
                        <span class="num">{target.number.clone()}</span>
                        " "
                        {target.text.clone()}
                        " — "
                        <strong>{t.verdict(verdict)}</strong>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{t.ind_qualitative}</h3>
            <ul class="qualitative">{items}</ul>
        }
        .into_any()
    })
}

/// The unit's task progress: overall, and by area (a school's own tasks only).
fn progress_view(app: App, data: &Dataset, me_id: &str, kind: UnitKind) -> AnyView {
    let t = app.t_untracked();
    let plan = app.plan();
    let overall = overall_progress(plan, data.work(&plan.id), me_id, kind);
    let areas = plan
        .task_areas
        .iter()
        .filter(|a| a.tasks.iter().any(|t| is_own_task(plan, kind, t)))
        .map(|a| {
            let p = area_progress(plan, data.work(&plan.id), me_id, kind, a);
            let title = format!("{}. {}", a.number, a.title);
            let href = Route::Plan {
                section: Some(crate::route::PlanSection::Tasks),
                area: Some(a.number.clone()),
            }
            .href();
            view! {
                <li>
                    <a href=href>{title.clone()}</a>
                    <ProgressBar progress=p label=title />
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="overall">
            <h3>{t.dash_overall}</h3>
            <ProgressBar progress=overall label=t.dash_overall />
        </div>
        <ul class="area-progress">{areas}</ul>
    }
    .into_any()
}

/// For a managing unit: each unit under it (a school at an office, an office at the unit above)
/// and its progress on its own tasks.
fn members_progress(app: App, data: &Dataset, kind: UnitKind) -> Option<AnyView> {
    let t = app.t_untracked();
    let plan = app.plan();
    let list = crate::core::data::tree::members(data);
    let heading = if kind == UnitKind::Above {
        t.dash_offices_progress
    } else {
        t.dash_schools_progress
    };
    (!list.is_empty()).then(|| {
        let rows = list
            .into_iter()
            .map(|s| {
                let p = overall_progress(plan, data.work(&plan.id), &s.id, s.kind);
                view! {
                    <li>
                        <span>{s.name.clone()}</span>
                        <ProgressBar progress=p label=s.name.clone() />
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="h-schools">
                <h2 id="h-schools">{heading}</h2>
                <ul class="area-progress">{rows}</ul>
            </section>
        }
        .into_any()
    })
}

/// One item of "Cần chú ý", a link to where it is fixed.
fn attention_item(app: App, data: &Dataset, a: Attention, lang: format::Lang) -> AnyView {
    let t = app.t_untracked();
    let plan = app.plan();
    match a {
        Attention::AtRisk {
            indicator,
            goal,
            rate_bp,
        } => {
            let goal_text = plan
                .indicator(&indicator)
                .and_then(|i| plan.primary_goal(i))
                .map(|g| crate::ui::pages::plan::goal_text(g, lang))
                .unwrap_or_default();
            let text = fill(
                t.dash_at_risk,
                &[
                    ("goal", &goal),
                    ("rate", &format::percent_bp(rate_bp, lang)),
                    ("goal_text", &goal_text),
                ],
            );
            let href = Route::Indicators {
                indicator: Some(indicator),
                period: None,
            }
            .href();
            view! {
                <li class="att att-risk">
                    <a href=href>{text}</a>
                </li>
            }
            .into_any()
        }
        Attention::Conflict { indicator, goal } => {
            let text = fill(t.dash_conflict, &[("goal", &goal)]);
            let href = Route::Indicators {
                indicator: Some(indicator),
                period: None,
            }
            .href();
            view! {
                <li class="att att-risk">
                    <a href=href>{text}</a>
                </li>
            }
            .into_any()
        }
        Attention::OverdueTask { task, due } => {
            let text = fill(
                t.dash_overdue_task,
                &[("task", &task), ("date", &format::date(due))],
            );
            let href = Route::Tasks { task: Some(task) }.href();
            view! {
                <li class="att att-late">
                    <a href=href>{text}</a>
                </li>
            }
            .into_any()
        }
        Attention::MissingMonths {
            unit,
            months,
            goals,
        } => {
            let name = data
                .unit(&unit)
                .map(|u| u.name.clone())
                .unwrap_or(unit.clone());
            let list = months
                .iter()
                .map(|m| format::month_short(*m, lang))
                .collect::<Vec<_>>()
                .join(", ");
            let text = fill(
                t.dash_missing_months,
                &[
                    ("unit", &name),
                    ("months", &format!("{list}/{}", plan.year)),
                    ("goals", &goals.join("; ")),
                ],
            );
            let href = Route::Figures {
                month: months.first().copied(),
            }
            .href();
            view! {
                <li class="att att-missing">
                    <a href=href on:click=move |_| app.selected.set(Some(unit.clone()))>
                        {text}
                    </a>
                </li>
            }
            .into_any()
        }
        Attention::Unassessed { target } => {
            let text = fill(t.dash_unassessed, &[("goal", &target)]);
            view! {
                <li class="att">
                    <a href=Route::Indicators {
                        indicator: None,
                        period: None,
                    }
                        .href()>{text}</a>
                </li>
            }
            .into_any()
        }
    }
}

/// A target's card: its rate, verdict, margin, gap and small trend.
fn target_card(
    app: App,
    data: &Dataset,
    row: &crate::core::figures::overview::Row<'_>,
    to: YearMonth,
    periods: &[ReportingPeriod],
    lang: format::Lang,
) -> AnyView {
    let t = app.t_untracked();
    let plan = app.plan();
    let series = trend(plan, data, row.indicator, &row.units, plan.year, to);
    let spark = spark_svg(
        row.indicator.id.clone(),
        plan,
        series,
        periods.to_vec(),
        lang,
    );
    let href = Route::Indicators {
        indicator: Some(row.indicator.id.clone()),
        period: None,
    }
    .href();
    let goals = fill(
        t.ind_goals_of,
        &[("goals", &row.indicator.goals.join(", "))],
    );
    view! {
        <li class="target-card">
            <a href=href>
                <span class="target-goals">{goals}</span>
                <span class="target-label">{label(&row.indicator.label, lang)}</span>
            </a>
            <span class="target-rate">
                {rate_text(row.eval.ratio, Some(row.goal.guard()), lang)}
            </span>
            <StatusBadge status=row.eval.status />
            <span class="margin">{crate::ui::pages::indicators::margin_text(t, row, lang)}</span>
            <span class="target-gap">{gap_text(t, row, lang)}</span>
            <Spark svg=spark />
        </li>
    }
    .into_any()
}
