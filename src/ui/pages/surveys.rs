//! Satisfaction surveys: a school's rounds, one round's tally grid (criteria × five levels plus
//! blanks, each row checked live against the forms returned), its questionnaire and its results;
//! and, for the office, results per school, per level and overall — always by summing answers.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chart::views::{comparison, survey_distribution};
use crate::chart::{compare_svg, distribution_svg, CompareRow};
use crate::core::base::format::{self, Lang};
use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::base::ratio::Guard;
use crate::core::data::dataset::UndoableAction;
use crate::core::data::records::Unit;
use crate::core::data::survey::{default_questionnaire, Criterion, Respondent, SurveyRound, Tally};
use crate::core::figures::entry::parse_count;
use crate::core::figures::indicator::status;
use crate::core::figures::survey_results::{
    adequacy, office_results, parse_paste, round_results, row_difference, tally_of, Adequacy,
};
use crate::core::plan::model::Goal;
use crate::edge::browser;
use crate::i18n::{fill, PageTexts, Texts};
use crate::route::Route;
use crate::ui::components::{ChartFigure, StatusBadge, UnitPicker};
use crate::ui::pages::indicators::rate_text;
use crate::ui::state::use_app;

/// The goal of the satisfaction indicator (targets 3.1 and 8.2: ≥ 95 %).
fn satisfaction_goal(app: &crate::ui::state::App) -> Option<&'static Goal> {
    let plan = app.plan();
    plan.measures
        .indicators
        .iter()
        .find(|i| i.source == crate::core::plan::model::Source::Survey)
        .and_then(|i| plan.primary_goal(i))
}

fn respondent_text(t: &PageTexts, r: Respondent) -> &'static str {
    match r {
        Respondent::Parents => t.sv_parents,
        Respondent::Students => t.sv_students,
    }
}

fn level_names(t: &Texts) -> [&'static str; 5] {
    [
        t.sv_level_1,
        t.sv_level_2,
        t.sv_level_3,
        t.sv_level_4,
        t.sv_level_5,
    ]
}

/// The status against the 95 % goal, as a badge.
fn meets(tally: &Tally, goal: Option<&Goal>) -> AnyView {
    // Nothing counted yet is "Chưa có số liệu"; only blanks counted is "Không phát sinh".
    let st = if tally.is_empty() {
        crate::core::figures::indicator::Status::NoData
    } else {
        match goal {
            Some(g) => status(g, tally.rate()),
            None => return ().into_any(),
        }
    };
    view! { <StatusBadge status=st /> }.into_any()
}

/// The satisfaction goal's threshold (95 % in the 2024 plan), for rounding rates near it.
fn survey_threshold() -> Option<Guard> {
    satisfaction_goal(&use_app()).map(Goal::guard)
}

fn mean_text(tally: &Tally, lang: Lang) -> String {
    tally
        .mean_hundredths()
        .map(|h| format::hundredths(h, lang))
        .unwrap_or_else(|| "—".into())
}

fn distribution_text(tally: &Tally, lang: Lang) -> String {
    match tally.distribution_bp() {
        Some(d) => d
            .iter()
            .enumerate()
            .map(|(k, bp)| format!("{}: {}", k + 1, format::percent_bp(*bp, lang)))
            .collect::<Vec<_>>()
            .join(" · "),
        None => "—".into(),
    }
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let body = move || {
        let unit = app.current.get()?;
        Some(if unit.kind.manages() {
            view! {
                <p class="notice">{t.sv_for_school_only}</p>
                <OfficeResults />
            }
            .into_any()
        } else {
            view! {
                <RoundList unit=unit.clone() />
                <NewRound unit=unit />
            }
            .into_any()
        })
    };
    view! {
        <h1>{t.sv_title}</h1>
        <p>{t.sv_intro}</p>
        <Show when=move || app.me.get().is_some() fallback=|| view! { <super::NeedsProfile /> }>
            <UnitPicker id="surveys-unit" />
            {body}
        </Show>
    }
}

#[component]
fn RoundList(unit: Unit) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let goal = satisfaction_goal(&app);
    move || {
        app.data.with(|d| {
            let rounds = d.work(&app.plan().id).rounds_of(&unit.id);
            if rounds.is_empty() {
                return view! { <p>{t.sv_none}</p> }.into_any();
            }
            let rows = rounds
                .into_iter()
                .map(|r| {
                    let res = round_results(r, &d.work(&app.plan().id).tallies);
                    let href = Route::Surveys {
                        round: Some(r.id.clone()),
                    }
                    .href();
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=href>{r.name.clone()}</a>
                            </th>
                            <td data-label=t.sv_respondent>{respondent_text(t, r.respondent)}</td>
                            <td data-label=t.sv_month>{format::month_long(r.month, lang)}</td>
                            <td class="num" data-label=t.sv_returned>
                                {format::int(r.returned, lang)}
                            </td>
                            <td class="num" data-label=t.sv_rate>
                                {rate_text(res.all.rate(), survey_threshold(), lang)}
                            </td>
                            <td class="verdict" data-label=t.sv_target>
                                {meets(&res.all, goal)}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h2>{t.sv_rounds}</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label=t.sv_rounds>
                    <table class="results cards">
                        <thead>
                            <tr>
                                <th scope="col">{t.sv_name}</th>
                                <th scope="col">{t.sv_respondent}</th>
                                <th scope="col">{t.sv_month}</th>
                                <th scope="col">{t.sv_returned}</th>
                                <th scope="col">{t.sv_rate}</th>
                                <th scope="col">{t.sv_target}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

/// The school-year label of a month: May 2024 → "2023-2024", October 2024 → "2024-2025".
fn school_year(m: YearMonth) -> String {
    if m.month() >= 8 {
        format!("{}-{}", m.year(), m.year() + 1)
    } else {
        format!("{}-{}", m.year() - 1, m.year())
    }
}

#[component]
fn NewRound(unit: Unit) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let month = RwSignal::new(app.default_month());
    let name = RwSignal::new(fill(
        t.sv_name_default,
        &[("years", &school_year(app.default_month()))],
    ));
    let named = RwSignal::new(false);
    let respondent = RwSignal::new(Respondent::Parents);
    let level = unit.level;
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(level) = level else { return };
        let n = name.get_untracked().trim().to_string();
        let round = SurveyRound {
            id: browser::new_id("ks"),
            unit: unit.id.clone(),
            name: if n.is_empty() {
                fill(
                    t.sv_name_default,
                    &[("years", &school_year(month.get_untracked()))],
                )
            } else {
                n
            },
            respondent: respondent.get_untracked(),
            month: month.get_untracked(),
            distributed: None,
            returned: 0,
            population: None,
            questionnaire: default_questionnaire(level),
            changed_at: 0,
        };
        let id = round.id.clone();
        app.edit(|d, now| d.work_mut(&app.plan().id).upsert_round(round, now));
        app.navigate(Route::Surveys { round: Some(id) });
    };
    view! {
        <section class="card" aria-labelledby="h-new-round">
            <h2 id="h-new-round">{t.sv_new}</h2>
            {level.is_none().then(|| view! { <p class="notice">{t.sv_no_level}</p> })}
            <form class="unit-form" on:submit=create>
                <div class="field">
                    <label for="nr-name">{t.sv_name}</label>
                    <input
                        id="nr-name"
                        type="text"
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            named.set(true);
                            name.set(event_target_value(&ev))
                        }
                    />
                </div>
                <div class="field">
                    <label for="nr-respondent">{t.sv_respondent}</label>
                    <select
                        id="nr-respondent"
                        on:change=move |ev| {
                            respondent
                                .set(
                                    if event_target_value(&ev) == "students" {
                                        Respondent::Students
                                    } else {
                                        Respondent::Parents
                                    },
                                )
                        }
                    >
                        <option value="parents">{t.sv_parents}</option>
                        <option value="students">{t.sv_students}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="nr-month">{t.sv_month}</label>
                    <select
                        id="nr-month"
                        on:change=move |ev| {
                            if let Ok(m) = event_target_value(&ev).parse::<YearMonth>() {
                                month.set(m);
                                if !named.get_untracked() {
                                    name.set(
                                        fill(t.sv_name_default, &[("years", &school_year(m))]),
                                    );
                                }
                            }
                        }
                    >
                        {app
                            .plan()
                            .months()
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.to_string() selected=m == month.get_untracked()>
                                        {format::month_long(m, lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" disabled=level.is_none()>
                    {t.sv_create}
                </button>
            </form>
        </section>
    }
}

/// For the office: each school, each level and the whole sector, summing answers.
#[component]
fn OfficeResults() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let goal = satisfaction_goal(&app);
    let year = app.plan().year;
    move || {
        let window = MonthRange::new(YearMonth::new(year, 1)?, YearMonth::new(year, 12)?);
        Some(app.data.with(|d| {
            let res = office_results(d, d.work(&app.plan().id), window);
            let line = |name: String, tally: Tally, strong: bool| {
                view! {
                    <tr class:total=strong>
                        <th scope="row">{name}</th>
                        <td class="num" data-label=t.sv_answers>
                            {format::int(tally.valid(), lang)}
                        </td>
                        <td class="num" data-label=t.sv_rate>
                            {rate_text(tally.rate(), survey_threshold(), lang)}
                        </td>
                        <td class="num" data-label=t.sv_mean>
                            {mean_text(&tally, lang)}
                        </td>
                        <td class="verdict" data-label=t.sv_target>
                            {meets(&tally, goal)}
                        </td>
                    </tr>
                }
            };
            let schools = res
                .schools
                .iter()
                .map(|(id, tally)| line(d.unit(id).map(|u| u.name.clone()).unwrap_or_default(), *tally, false))
                .collect_view();
            let levels = res.levels.iter().map(|(l, tally)| line(t.level(*l).to_string(), *tally, false)).collect_view();
            let head = view! {
                <thead>
                    <tr>
                        <th scope="col">{t.sv_school}</th>
                        <th scope="col">{t.sv_answers}</th>
                        <th scope="col">{t.sv_rate}</th>
                        <th scope="col">{t.sv_mean}</th>
                        <th scope="col">{t.sv_target}</th>
                    </tr>
                </thead>
            };
            let bars: Vec<CompareRow> = res
                .schools
                .iter()
                .map(|(id, tally)| CompareRow {
                    name: d.unit(id).map(|u| u.name.clone()).unwrap_or_default(),
                    rate: tally.rate().fraction(),
                    value_label: rate_text(tally.rate(), survey_threshold(), lang),
                })
                .collect();
            let target = goal.map(|g| g.threshold_bp() as f64 / 10_000.0).unwrap_or(0.95);
            let goal_words = goal.map(|g| crate::ui::pages::plan::goal_text(g, lang)).unwrap_or_default();
            let mut cmp = comparison("sv-compare", t.sv_rate, bars, target, goal_words, lang);
            cmp.width = app.chart_width.get();
            let chart_table = view! {
                <table class="results">
                    <thead>
                        <tr>
                            <th scope="col">{t.sv_school}</th>
                            <th scope="col">{t.sv_rate}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {crate::chart::sorted_rows(&cmp.rows)
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <th scope="row">{r.name.clone()}</th>
                                        <td class="num">{r.value_label.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any();
            let chart = (res.schools.len() > 1).then(|| view! { <ChartFigure svg=compare_svg(&cmp) caption=cmp.title.clone() table=chart_table /> });
            view! {
                <h2>{t.sv_office_title}</h2>
                <p class="muted">{fill(t.sv_office_intro, &[("year", &year.to_string())])}</p>
                {chart}
                <div class="table-wrap" tabindex="0" role="region" aria-label=t.sv_office_title>
                    <table class="results office-survey cards">
                        {head} <tbody>{schools}</tbody> <tbody class="subtotals">{levels}</tbody>
                        <tbody class="totals">
                            {line(t.sv_whole_sector.to_string(), res.all, true)}
                        </tbody>
                    </table>
                </div>
            }
        }))
    }
}

#[component]
pub fn RoundPage(id: String) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let exists = {
        let id = id.clone();
        move || {
            app.data
                .with(|d| d.work(&app.plan().id).surveys.contains_key(&id))
        }
    };
    let id2 = id.clone();
    view! {
        <p class="crumbs">
            <a href=Route::Surveys { round: None }.href()>{t.sv_back}</a>
        </p>
        <Show
            when=exists
            fallback=move || {
                view! {
                    <h1>{t.sv_title}</h1>
                    <p>{t.sv_not_found}</p>
                }
            }
        >
            <RoundView id=id2.clone() />
        </Show>
    }
}

#[component]
fn RoundView(id: String) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let round = {
        let id = id.clone();
        Memo::new(move |_| {
            app.data
                .with(|d| d.work(&app.plan().id).surveys.get(&id).cloned())
        })
    };
    let name = move || round.get().map(|r| r.name).unwrap_or_default();
    let delete = {
        let id = id.clone();
        move |_| {
            let n = name();
            if !window()
                .confirm_with_message(&fill(t.sv_delete_confirm, &[("name", &n)]))
                .unwrap_or(false)
            {
                return;
            }
            let id = id.clone();
            app.destroy(
                UndoableAction::RemoveRound { name: n.clone() },
                fill(t.sv_deleted, &[("name", &n)]),
                move |d, now| {
                    d.work_mut(&app.plan().id).remove_round(&id, now);
                },
            );
            app.navigate(Route::Surveys { round: None });
        }
    };
    view! {
        <h1>{name}</h1>
        <Headline round=round />
        {move || round.get().map(|r| view! { <super::sent::MonthSent month=r.month /> })}
        <Settings round=round />
        <Grid round=round />
        <super::form_import::FormImport round=round />
        <Results round=round />
        <QuestionnaireEditor round=round />
        <div class="toolbar">
            <span></span>
            <button type="button" class="danger" on:click=delete>
                {t.sv_delete_round}
            </button>
        </div>
    }
}

/// A whole-number field of the round's settings; empty means "not given" where allowed.
#[component]
fn CountField(
    #[prop(into)] id: String,
    label: &'static str,
    value: Signal<Option<u64>>,
    on_set: impl Fn(Option<u64>) -> Result<(), String> + 'static,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let error = RwSignal::new(None::<String>);
    let draft = RwSignal::new(None::<String>);
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                autocomplete="off"
                aria-describedby=err_id.clone()
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || {
                    draft
                        .get()
                        .unwrap_or_else(|| value.get().map(|v| v.to_string()).unwrap_or_default())
                }
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let result = parse_count(&text)
                        .map_err(|e| crate::ui::messages::entry(&e, app.plan(), lang))
                        .and_then(&on_set);
                    match result {
                        Ok(()) => {
                            draft.set(None);
                            error.set(None);
                        }
                        Err(m) => {
                            draft.set(Some(text));
                            error.set(Some(m));
                        }
                    }
                }
            />
            <p id=err_id class="field-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// Whether the forms returned are a sufficient sample (n = N / (1 + N·e²)), in words.
fn adequacy_view(t: &'static PageTexts, r: &SurveyRound, lang: Lang) -> AnyView {
    let returned = format::int(r.returned, lang);
    let population = r
        .population
        .map(|n| format::int(n, lang))
        .unwrap_or_default();
    match adequacy(r.returned, r.population) {
        Adequacy::Enough { required } => view! {
            <p class="ok-note">
                {fill(
                    t.sv_sample_enough,
                    &[("n", &format::int(required, lang)), ("population", &population)],
                )}
            </p>
        }
        .into_any(),
        Adequacy::TooFew { required } => view! {
            <p class="warning">
                {fill(
                    t.sv_sample_too_few,
                    &[
                        ("n", &format::int(required, lang)),
                        ("population", &population),
                        ("returned", &returned),
                    ],
                )}
            </p>
        }
        .into_any(),
        Adequacy::Small => {
            view! { <p class="warning">{fill(t.sv_sample_small, &[("returned", &returned)])}</p> }
                .into_any()
        }
        Adequacy::Unknown => view! { <p class="muted">{t.sv_sample_unknown}</p> }.into_any(),
    }
}

/// The round's result first: the overall rate with its verdict, the mean and the sample's
/// adequacy — before the grid and the tables.
#[component]
fn Headline(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let goal = satisfaction_goal(&app);
    move || {
        let r = round.get()?;
        Some(app.data.with(|d| {
            let res = round_results(&r, &d.work(&app.plan().id).tallies);
            let all = res.all;
            let detail = fill(
                t.sv_headline_detail,
                &[
                    ("valid", &format::int(all.valid(), lang)),
                    ("forms", &format::int(r.returned, lang)),
                    ("mean", &mean_text(&all, lang)),
                ],
            );
            // Where the round came from: the file that brought it, if one did.
            let from = crate::core::data::provenance::file_of(d, &r.unit, r.changed_at).map(|f| {
                let source = fill(
                    t.hi_from_file,
                    &[("file", &f.file), ("revision", &f.revision.to_string())],
                );
                fill(t.hi_received, &[("source", &source)])
            });
            view! {
                <section class="card headline" aria-labelledby="h-headline">
                    <h2 id="h-headline">{t.sv_headline}</h2>
                    <p class="card-big">
                        {rate_text(all.rate(), survey_threshold(), lang)} " " {meets(&all, goal)}
                    </p>
                    <p>{detail}</p>
                    {adequacy_view(t, &r, lang)}
                    {from.map(|f| view! { <p class="muted small">{f}</p> })}
                </section>
            }
        }))
    }
}

#[component]
fn Settings(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let update = move |f: RoundEdit| {
        if let Some(mut r) = round.get_untracked() {
            f(&mut r);
            app.edit(|d, now| d.work_mut(&app.plan().id).upsert_round(r, now));
        }
    };
    let adequacy_text = move || round.get().map(|r| adequacy_view(t, &r, lang));
    let (u1, u4, u5, u6) = (update, update, update, update);
    view! {
        <details
            class="card settings"
            open=move || round.get_untracked().is_some_and(|r| r.returned == 0)
        >
            <summary>
                <h2>{t.sv_settings}</h2>
            </summary>
            <div class="settings-grid">
                <div class="field">
                    <label for="r-name">{t.sv_name}</label>
                    <input
                        id="r-name"
                        type="text"
                        prop:value=move || round.get().map(|r| r.name).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if !v.trim().is_empty() {
                                u1(Box::new(move |r| r.name = v.trim().to_string()));
                            }
                        }
                    />
                </div>
                {respondent_select(round, update)}
                {month_select(round, update)}
                <CountField
                    id="r-distributed"
                    label=t.sv_distributed
                    value=Signal::derive(move || round.get().and_then(|r| r.distributed))
                    on_set=move |v| {
                        let returned = round.get_untracked().map(|r| r.returned).unwrap_or(0);
                        if v.is_some_and(|d| d < returned) {
                            return Err(
                                fill(
                                    t.sv_returned_above,
                                    &[("n", &format::int(v.unwrap_or(0), lang))],
                                ),
                            );
                        }
                        u4(Box::new(move |r| r.distributed = v));
                        Ok(())
                    }
                />
                <CountField
                    id="r-returned"
                    label=t.sv_returned
                    value=Signal::derive(move || round.get().map(|r| r.returned))
                    on_set=move |v| {
                        let v = v.unwrap_or(0);
                        if let Some(d) = round
                            .get_untracked()
                            .and_then(|r| r.distributed)
                            .filter(|d| v > *d)
                        {
                            return Err(fill(t.sv_returned_above, &[("n", &format::int(d, lang))]));
                        }
                        u5(Box::new(move |r| r.returned = v));
                        Ok(())
                    }
                />
                <CountField
                    id="r-population"
                    label=t.sv_population
                    value=Signal::derive(move || round.get().and_then(|r| r.population))
                    on_set=move |v| {
                        u6(Box::new(move |r| r.population = v.filter(|n| *n > 0)));
                        Ok(())
                    }
                />
            </div>
            {adequacy_text}
        </details>
    }
}

/// A change to the round open in the settings.
type RoundEdit = Box<dyn FnOnce(&mut SurveyRound)>;

/// Who answered the round: parents or students.
fn respondent_select(
    round: Memo<Option<SurveyRound>>,
    update: impl Fn(RoundEdit) + Copy + 'static,
) -> impl IntoView {
    let t = use_app().pt_untracked();
    view! {
        <div class="field">
            <label for="r-respondent">{t.sv_respondent}</label>
            <select
                id="r-respondent"
                on:change=move |ev| {
                    let v = if event_target_value(&ev) == "students" {
                        Respondent::Students
                    } else {
                        Respondent::Parents
                    };
                    update(Box::new(move |r| r.respondent = v));
                }
            >
                {Respondent::ALL
                    .into_iter()
                    .map(|x| {
                        view! {
                            <option
                                value=if x == Respondent::Parents { "parents" } else { "students" }
                                selected=move || { round.get().is_some_and(|r| r.respondent == x) }
                            >
                                {respondent_text(t, x)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The month the round was done in, among the plan's months.
fn month_select(
    round: Memo<Option<SurveyRound>>,
    update: impl Fn(RoundEdit) + Copy + 'static,
) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    view! {
        <div class="field">
            <label for="r-month">{t.sv_month}</label>
            <select
                id="r-month"
                on:change=move |ev| {
                    if let Ok(m) = event_target_value(&ev).parse::<YearMonth>() {
                        update(Box::new(move |r| r.month = m));
                    }
                }
            >
                {app
                    .plan()
                    .months()
                    .into_iter()
                    .map(|m| {
                        view! {
                            <option
                                value=m.to_string()
                                selected=move || round.get().is_some_and(|r| r.month == m)
                            >
                                {format::month_long(m, lang)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// All grid inputs in order (for Enter and for pasting across rows).
fn grid_inputs() -> Vec<web_sys::HtmlInputElement> {
    let Ok(list) = document().query_selector_all("table.tally input[data-cell]") else {
        return vec![];
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn focus_after(current: &web_sys::EventTarget) {
    let inputs = grid_inputs();
    let target: &wasm_bindgen::JsValue = current.as_ref();
    if let Some(pos) = inputs.iter().position(|e| {
        let e: &wasm_bindgen::JsValue = e.as_ref();
        e == target
    }) {
        if let Some(next) = inputs.get(pos + 1) {
            let _ = next.focus();
            next.select();
        }
    }
}

#[component]
fn Grid(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let paste_error = RwSignal::new(None::<String>);
    // Cells refused as typed: (criterion, column) → text.
    let drafts = RwSignal::new(crate::core::base::map::Map::<(String, usize), String>::new());

    // Writes one cell (column 0..5 = levels 1..5, 5 = blanks) of a criterion's row.
    let write_cell = move |criterion: &str, col: usize, value: u64| {
        let Some(r) = round.get_untracked() else {
            return;
        };
        let mut tally = app
            .data
            .with_untracked(|d| tally_of(&d.work(&app.plan().id).tallies, &r.id, criterion));
        if col < 5 {
            tally.n[col] = value;
        } else {
            tally.blank = value;
        }
        let (rid, cid) = (r.id.clone(), criterion.to_string());
        app.edit(move |d, now| d.work_mut(&app.plan().id).set_tally(&rid, &cid, tally, now));
    };

    let rows = move || {
        let r = round.get()?;
        let mut out = Vec::new();
        let mut last_area: Option<String> = None;
        let visible: Vec<(Option<String>, Criterion)> = r
            .questionnaire
            .visible()
            .into_iter()
            .map(|(a, c)| (a.map(|a| a.name.clone()), c.clone()))
            .collect();
        for (area, c) in visible {
            let heading = area
                .clone()
                .unwrap_or_else(|| t.sv_overall_question.to_string());
            if last_area.as_ref() != Some(&heading) {
                out.push(
                    view! {
                        <tr class="group-row">
                            <th scope="rowgroup" colspan="9">
                                {heading.clone()}
                            </th>
                        </tr>
                    }
                    .into_any(),
                );
                last_area = Some(heading);
            }
            out.push(tally_row(
                app,
                GridState {
                    t,
                    lang,
                    drafts,
                    paste_error,
                },
                &r,
                &c,
                write_cell,
            ));
        }
        Some(out.collect_view())
    };

    view! {
        <section>
            <h2 id="h-grid">{t.sv_grid}</h2>
            <p class="muted">{t.sv_grid_intro}</p>
            <p class="field-error" role="alert">
                {move || paste_error.get()}
            </p>
            {rows_off_warning(round)}
            <p class="scroll-hint">{t.sv_grid_scroll}</p>
            <div class="table-wrap tally-wrap" tabindex="0" role="region" aria-labelledby="h-grid">
                <table class="tally">{grid_head(t)} <tbody>{rows}</tbody></table>
            </div>
        </section>
    }
}

/// How many rows of the grid do not add up to the forms returned, when some do not.
fn rows_off_warning(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    move || {
        let r = round.get()?;
        let n = app.data.with(|d| {
            r.questionnaire
                .visible()
                .into_iter()
                .filter(|(_, c)| {
                    let tl = tally_of(&d.work(&app.plan().id).tallies, &r.id, &c.id);
                    !tl.is_empty() && row_difference(&tl, r.returned) != 0
                })
                .count()
        });
        (n > 0).then(|| {
            view! {
                <p class="warning" role="status">
                    {fill(t.sv_rows_off, &[("n", &n.to_string())])}
                    " "
                    {fill(t.sv_row_diff_note, &[("n", &format::int(r.returned, lang))])}
                </p>
            }
        })
    }
}

/// The grid's header: the criterion, the five levels (named in full on wide screens), blanks,
/// the row's total and its difference from the forms returned.
fn grid_head(t: &'static PageTexts) -> impl IntoView {
    let levels = level_names(t);
    view! {
        <thead>
            <tr>
                <th scope="col">{t.sv_criterion}</th>
                {levels
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        view! {
                            <th scope="col">
                                <abbr title=l>{i + 1}</abbr>
                                <span class="level-name">{l}</span>
                            </th>
                        }
                    })
                    .collect_view()}
                <th scope="col">{t.sv_blank}</th>
                <th scope="col">{t.sv_row_total}</th>
                <th scope="col">{t.sv_row_diff}</th>
            </tr>
        </thead>
    }
}

/// What every row of the tally grid shares: the texts, the language, the cells refused as typed
/// and where a paste's error is told.
#[derive(Clone, Copy)]
struct GridState {
    t: &'static PageTexts,
    lang: Lang,
    drafts: RwSignal<crate::core::base::map::Map<(String, usize), String>>,
    paste_error: RwSignal<Option<String>>,
}

/// One criterion's row of the tally grid: its five levels and blanks, the row's total, and its
/// difference from the forms returned.
fn tally_row(
    app: crate::ui::state::App,
    g: GridState,
    r: &SurveyRound,
    c: &Criterion,
    write_cell: impl Fn(&str, usize, u64) + Copy + Send + Sync + 'static,
) -> AnyView {
    let GridState {
        t,
        lang,
        drafts,
        paste_error,
    } = g;
    let levels = level_names(t);
    let returned = r.returned;
    let cid = c.id.clone();
    let rid = r.id.clone();
    let tally = Memo::new({
        let (rid, cid) = (rid.clone(), cid.clone());
        move |_| {
            app.data
                .with(|d| tally_of(&d.work(&app.plan().id).tallies, &rid, &cid))
        }
    });
    let cells = (0..6)
        .map(|col| {
            tally_cell(
                TallyCell {
                    t,
                    criterion: c,
                    cid: &cid,
                    col,
                    level: if col < 5 { levels[col] } else { t.sv_blank },
                    tally,
                    drafts,
                    paste_error,
                },
                write_cell,
            )
        })
        .collect_view();
    let diff = move || row_difference(&tally.get(), returned);
    view! {
        <tr class:off=move || diff() != 0 && !tally.get().is_empty()>
            <th scope="row">{c.text.clone()}</th>
            {cells}
            <td class="num" data-label=t.sv_row_total>
                {move || format::int(tally.get().total(), lang)}
            </td>
            <td class="num diff" data-label=t.sv_row_diff_short>
                {move || {
                    let d = diff();
                    if tally.get().is_empty() {
                        String::new()
                    } else if d == 0 {
                        format!("✓ {}", t.sv_row_ok)
                    } else {
                        format::signed(d, lang)
                    }
                }}
            </td>
        </tr>
    }
    .into_any()
}

/// What one cell of the tally grid needs: its criterion and column (0–4 the levels 1–5, 5 the
/// blanks), the row's tally, the cells refused as typed, and where a paste's error is told.
struct TallyCell<'a> {
    t: &'static PageTexts,
    criterion: &'a Criterion,
    cid: &'a str,
    col: usize,
    level: &'static str,
    tally: Memo<Tally>,
    drafts: RwSignal<crate::core::base::map::Map<(String, usize), String>>,
    paste_error: RwSignal<Option<String>>,
}

/// One cell of the tally grid: typed, checked, moved from with Enter, and a paste from a
/// spreadsheet filling the cells from here.
fn tally_cell(
    cell: TallyCell<'_>,
    write_cell: impl Fn(&str, usize, u64) + Copy + Send + Sync + 'static,
) -> AnyView {
    let TallyCell {
        t,
        criterion: c,
        cid,
        col,
        level,
        tally,
        drafts,
        paste_error,
    } = cell;
    let cid = cid.to_string();
    let key = (cid.clone(), col);
    let key2 = key.clone();
    let key3 = key.clone();
    let aria = fill(
        t.sv_cell_label,
        &[
            ("criterion", &c.text),
            (
                "level",
                &format!(
                    "{} {level}",
                    if col < 5 {
                        (col + 1).to_string()
                    } else {
                        String::new()
                    }
                ),
            ),
        ],
    );
    let value = move || {
        drafts.with(|d| d.get(&key).cloned()).unwrap_or_else(|| {
            let tl = tally.get();
            let v = if col < 5 { tl.n[col] } else { tl.blank };
            if tl.is_empty() {
                String::new()
            } else {
                v.to_string()
            }
        })
    };
    let wc = write_cell;
    let cid2 = cid.clone();
    // On a phone the header row is not shown: each cell names its column.
    let column = if col < 5 {
        (col + 1).to_string()
    } else {
        t.sv_blank_short.to_string()
    };
    view! {
        <td data-label=column>
            <input
                type="text"
                inputmode="numeric"
                autocomplete="off"
                data-cell=""
                aria-label=aria
                data-criterion=cid.clone()
                data-col=col.to_string()
                aria-invalid=move || drafts.with(|d| d.contains_key(&key3)).to_string()
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    match parse_count(&text) {
                        Ok(v) => {
                            drafts
                                .update(|d| {
                                    d.remove(&key2);
                                });
                            wc(&cid, col, v.unwrap_or(0));
                        }
                        Err(_) => {
                            drafts
                                .update(|d| {
                                    d.insert(key2.clone(), text);
                                })
                        }
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let Some(tg) = ev.target() {
                            focus_after(&tg);
                        }
                    }
                }
                on:paste=move |ev: leptos::ev::ClipboardEvent| {
                    let Some(text) = ev.clipboard_data().and_then(|c| c.get_data("text").ok()) else {
                        return
                    };
                    if !text.contains('\t') && !text.contains('\n') && !text.contains(';') {
                        return;
                    }
                    ev.prevent_default();
                    paste_from(&text, (&cid2, col), t, paste_error, wc);
                }
            />
        </td>
    }
    .into_any()
}

/// Fills the grid from a pasted block starting at a cell, or says which pasted cell is not a count.
fn paste_from(
    text: &str,
    (criterion, col): (&str, usize),
    t: &'static PageTexts,
    paste_error: RwSignal<Option<String>>,
    write_cell: impl Fn(&str, usize, u64) + Copy + Send + Sync + 'static,
) {
    match parse_paste(text) {
        Err((r, c)) => paste_error.set(Some(fill(
            t.sv_paste_error,
            &[("row", &(r + 1).to_string()), ("col", &(c + 1).to_string())],
        ))),
        Ok(grid) => {
            paste_error.set(None);
            paste_rows(criterion, col, grid, write_cell);
        }
    }
}

/// Fills cells from a pasted block: rightwards from `col` on the starting row, then the next rows.
fn paste_rows(
    start_criterion: &str,
    col: usize,
    grid: Vec<Vec<Option<u64>>>,
    write: impl Fn(&str, usize, u64),
) {
    // The criteria in grid order, from the inputs on the page.
    let mut criteria: Vec<String> = Vec::new();
    for input in grid_inputs() {
        if let Some(c) = input.get_attribute("data-criterion") {
            if criteria.last() != Some(&c) {
                criteria.push(c);
            }
        }
    }
    let Some(first) = criteria.iter().position(|c| c == start_criterion) else {
        return;
    };
    for (r, cells) in grid.into_iter().enumerate() {
        let Some(criterion) = criteria.get(first + r) else {
            break;
        };
        for (i, v) in cells.into_iter().enumerate() {
            let c = col + i;
            if c > 5 {
                break;
            }
            if let Some(v) = v {
                write(criterion, c, v);
            }
        }
    }
}

#[component]
fn Results(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let goal = satisfaction_goal(&app);
    move || {
        let r = round.get()?;
        Some(app.data.with(|d| {
            let res = round_results(&r, &d.work(&app.plan().id).tallies);
            let by_id = crate::core::base::map::Map::from_iter(res.criteria.iter().map(|(id, t)| (id.as_str(), *t)));
            let line = |name: String, tally: Tally, class: &'static str| {
                view! {
                    <tr class=class>
                        <th scope="row">{name}</th>
                        <td class="num">{format::int(tally.valid(), lang)}</td>
                        <td class="num">{rate_text(tally.rate(), survey_threshold(), lang)}</td>
                        <td class="num">{mean_text(&tally, lang)}</td>
                        <td class="small">{distribution_text(&tally, lang)}</td>
                        <td>{meets(&tally, goal)}</td>
                    </tr>
                }
            };
            let mut body = Vec::new();
            for (a, (_, area_tally)) in r.questionnaire.areas.iter().zip(res.areas.iter()) {
                body.push(line(a.name.clone(), *area_tally, "area-total").into_any());
                for c in a.criteria.iter().filter(|c| !c.hidden) {
                    body.push(line(c.text.clone(), by_id.get(c.id.as_str()).copied().unwrap_or_default(), "").into_any());
                }
            }
            if !r.questionnaire.overall.hidden {
                body.push(line(r.questionnaire.overall.text.clone(), res.overall_question, "area-total").into_any());
            }
            body.push(line(t.sv_all.to_string(), res.all, "grand-total").into_any());
            // The same rows as stacked bars: each area, then its criteria.
            let mut bars: Vec<(String, Tally)> = Vec::new();
            for (a, (_, area_tally)) in r.questionnaire.areas.iter().zip(res.areas.iter()) {
                bars.push((crate::core::base::format::upper(&a.name), *area_tally));
                for c in a.criteria.iter().filter(|c| !c.hidden) {
                    bars.push((c.text.clone(), by_id.get(c.id.as_str()).copied().unwrap_or_default()));
                }
            }
            if !r.questionnaire.overall.hidden {
                bars.push((r.questionnaire.overall.text.clone(), res.overall_question));
            }
            let table_rows = bars
                .iter()
                .map(|(name, tl)| view! {
                    <tr>
                        <th scope="row">{name.clone()}</th>
                        {tl
                            .n
                            .iter()
                            .map(|n| view! { <td class="num">{format::int(*n, lang)}</td> })
                            .collect_view()}
                        <td class="num">{format::int(tl.blank, lang)}</td>
                    </tr>
                })
                .collect_view();
            let levels = level_names(t);
            let table = view! {
                <table class="results">
                    <thead>
                        <tr>
                            <th scope="col">{t.sv_criterion}</th>
                            {levels
                                .into_iter()
                                .enumerate()
                                .map(|(i, l)| {
                                    view! { <th scope="col">{format!("{} {l}", i + 1)}</th> }
                                })
                                .collect_view()}
                            <th scope="col">{t.sv_blank}</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            }
            .into_any();
            let mut dist = survey_distribution("dist", bars, res.all, survey_threshold(), lang);
            dist.width = app.chart_width.get();
            let chart = view! { <ChartFigure svg=distribution_svg(&dist) caption=dist.title.clone() table=table /> };
            view! {
                <section>
                    <h2 id="h-results">{t.sv_results}</h2>
                    {chart}
                    <p class="muted">{t.sv_mean_reading}</p>
                    <div
                        class="table-wrap"
                        tabindex="0"
                        role="region"
                        aria-labelledby="h-results"
                        data-hint=t.scroll_hint
                    >
                        <table class="results survey-results">
                            <thead>
                                <tr>
                                    <th scope="col">{t.sv_criterion}</th>
                                    <th scope="col">{t.sv_answers}</th>
                                    <th scope="col">{t.sv_rate}</th>
                                    <th scope="col">{t.sv_mean}</th>
                                    <th scope="col">{t.sv_distribution}</th>
                                    <th scope="col">{t.sv_target}</th>
                                </tr>
                            </thead>
                            <tbody>{body.collect_view()}</tbody>
                        </table>
                    </div>
                </section>
            }
        }))
    }
}

#[component]
fn QuestionnaireEditor(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let update = move |f: RoundEdit| {
        if let Some(mut r) = round.get_untracked() {
            f(&mut r);
            app.edit(|d, now| d.work_mut(&app.plan().id).upsert_round(r, now));
        }
    };
    let editor_row = move |c: Criterion| {
        let (id1, id2) = (c.id.clone(), c.id.clone());
        let (u1, u2) = (update, update);
        let input_id = format!("q-{}", c.id);
        let hide_id = format!("q-hide-{}", c.id);
        view! {
            <li class="q-row">
                <label class="sr-only" for=input_id.clone()>
                    {t.sv_criterion}
                </label>
                <input
                    id=input_id
                    type="text"
                    value=c.text.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_string();
                        if v.is_empty() {
                            return;
                        }
                        let id = id1.clone();
                        u1(
                            Box::new(move |r| {
                                if let Some(c) = r.questionnaire.criterion_mut(&id) {
                                    c.text = v;
                                }
                            }),
                        );
                    }
                />
                <label class="choice" for=hide_id.clone()>
                    <input
                        id=hide_id.clone()
                        type="checkbox"
                        checked=c.hidden
                        on:change=move |ev| {
                            let hidden = event_target_checked(&ev);
                            let id = id2.clone();
                            u2(
                                Box::new(move |r| {
                                    if let Some(c) = r.questionnaire.criterion_mut(&id) {
                                        c.hidden = hidden;
                                    }
                                }),
                            );
                        }
                    />
                    {t.sv_hide}
                </label>
            </li>
        }
    };
    let areas = move || {
        let r = round.get()?;
        let areas = r
            .questionnaire
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let add = update;
                view! {
                    <fieldset>
                        <legend>{a.name.clone()}</legend>
                        <ul class="plain">
                            {a.criteria.iter().cloned().map(editor_row).collect_view()}
                        </ul>
                        <button
                            type="button"
                            class="secondary small"
                            on:click=move |_| {
                                add(
                                    Box::new(move |r| {
                                        let id = r.questionnaire.fresh_id();
                                        if let Some(a) = r.questionnaire.areas.get_mut(i) {
                                            a.criteria
                                                .push(Criterion {
                                                    id,
                                                    text: t.sv_new_criterion.to_string(),
                                                    hidden: false,
                                                });
                                        }
                                    }),
                                );
                            }
                        >
                            {t.sv_add_criterion}
                        </button>
                    </fieldset>
                }
            })
            .collect_view();
        let overall = editor_row(r.questionnaire.overall.clone());
        Some(view! {
            {areas}
            <fieldset>
                <legend>{t.sv_overall_question}</legend>
                <ul class="plain">{overall}</ul>
            </fieldset>
        })
    };
    view! {
        <details class="card">
            <summary>
                <h2>{t.sv_questionnaire}</h2>
            </summary>
            <p class="muted">{t.sv_questionnaire_intro}</p>
            {areas}
        </details>
    }
}
