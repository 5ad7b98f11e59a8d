//! The reporting calendar: the plan's four reports, their due dates, days left from today, and the
//! data window of each (default or adjusted).

use leptos::prelude::*;

use crate::core::base::format::{self, Lang};
use crate::core::base::period::{next_due, report_to_send, MonthRange, ReportingPeriod, YearMonth};
use crate::core::data::dataset::UnitKind;
use crate::core::exchange::submission::sent_for;
use crate::i18n::{fill, Texts};
use crate::ui::state::{use_app, App};

/// "6 tháng đầu năm 2024 (tháng 01/2024 – 05/2024)": a report's name with the months it holds,
/// which its name alone does not tell (the plan's deadlines make "6 tháng" January to May).
pub fn period_label(t: &Texts, p: &ReportingPeriod, year: i32) -> String {
    fill(
        t.report_with_months,
        &[
            (
                "name",
                &fill(t.report(p.kind), &[("year", &year.to_string())]),
            ),
            ("from", &format::month_numeric(p.window.from)),
            ("to", &format::month_numeric(p.window.to)),
        ],
    )
}

/// "Còn 12 ngày" / "Hôm nay là ngày cuối cùng" / "Đã quá hạn 2 ngày" (days since the deadline:
/// due before 03/9, on 05/9) / "Đã quá hạn từ hôm nay" (on 03/9). `days` is the days left to
/// the last day on time.
pub fn days_text(t: &Texts, days: i64) -> String {
    match days {
        0 => t.due_today.to_string(),
        d if d > 0 => fill(t.days_left, &[("n", &d.to_string())]),
        -1 => t.overdue_today.to_string(),
        d => fill(t.days_overdue, &[("n", &(-d - 1).to_string())]),
    }
}

pub fn window_text(t: &Texts, w: MonthRange, lang: Lang) -> String {
    fill(
        t.data_window,
        &[
            ("from", &format::month_long(w.from, lang)),
            ("to", &format::month_long(w.to, lang)),
        ],
    )
}

/// The card with the next report due, used here and on the dashboard.
#[component]
pub fn NextDue() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let lang = app.lang.get_untracked();
    move || {
        let lang = lang;
        let today = app.today.get();
        let periods = app.periods.get();
        // A school is shown the report it should send now: a late one first, in red.
        let school = app.me.with(|m| m.as_ref().map(|u| u.kind)) == Some(UnitKind::School);
        let to_send = if school {
            app.data.with(|d| {
                let work = d.work(&app.plan().id);
                let started = d.started();
                report_to_send(&periods, today, started, |p| sent_for(work, p)).cloned()
            })
        } else {
            next_due(&periods, today).cloned()
        };
        match to_send.as_ref() {
            Some(p) => {
                // A late report (only a school is offered one) is said so, in red.
                let late = p.days_left(today) < 0;
                view! {
                    <div class=if late { "card next-due late" } else { "card next-due" }>
                        <p class="card-kicker">{if late { t.report_late } else { t.next_due }}</p>
                        <p class="card-big">{period_label(t, p, app.plan().year)}</p>
                        <p>{fill(t.due_before, &[("date", &format::date(p.due_before))])}</p>
                        <p class="days">
                            <strong>{days_text(t, p.days_left(today))}</strong>
                        </p>
                        <p class="muted">{window_text(t, p.window, lang)}</p>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="card next-due">
                    <p class="card-kicker">{t.next_due}</p>
                    <p>{fill(t.all_past, &[("year", &app.plan().year.to_string())])}</p>
                    <p>
                        <a href=crate::route::Route::Plans.href()>{t.plans_manage}</a>
                    </p>
                </div>
            }
            .into_any(),
        }
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    view! {
        <h1>{t.calendar_title}</h1>
        <p>{t.calendar_intro}</p>
        <p class="muted">{move || fill(t.today_is, &[("date", &format::date(app.today.get()))])}</p>
        <NextDue />
        <div class="table-wrap" tabindex="0" role="region" aria-label=t.calendar_title>
            <table class="calendar cards">
                <thead>
                    <tr>
                        <th scope="col">{t.calendar_report}</th>
                        <th scope="col">{t.calendar_due}</th>
                        <th scope="col">{t.calendar_window}</th>
                        <th scope="col">{t.calendar_state}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        app.periods
                            .get()
                            .into_iter()
                            .map(|p| view! { <PeriodRow period=p /> })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn PeriodRow(period: ReportingPeriod) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let editing = RwSignal::new(false);
    let kind = period.kind;
    let p = period.clone();
    let for_editor = period.clone();
    let for_matrix = period.clone();
    view! {
        <tr>
            <th scope="row">{move || period_label(t, &p, app.plan().year)}</th>
            <td data-label=t.calendar_due>{format::date(period.due_before)}</td>
            <td data-label=t
                .calendar_window>
                {move || {
                    let tag = if period.custom_window { t.window_custom } else { t.window_default };
                    format!("{} ({tag})", window_text(t, period.window, lang))
                }} <div>
                    <button
                        type="button"
                        class="link"
                        aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)
                    >
                        {t.window_edit}
                    </button>
                </div>
                {move || {
                    editing
                        .get()
                        .then(|| view! { <WindowEditor period=for_editor.clone() done=editing /> })
                }}
            </td>
            <td class="verdict" data-label=t.calendar_state>
                {move || days_text(t, period.days_left(app.today.get()))}
                {move || {
                    let me = app.me.get()?;
                    let today = app.today.get();
                    let n = app
                        .data
                        .with(|data| {
                            let ctx = crate::core::figures::overview::Context {
                                plan: app.plan(),
                                data,
                                me: &me,
                                today,
                            };
                            crate::core::figures::report::build(&ctx, kind)
                                .map(|r| r.missing.len())
                                .unwrap_or(0)
                        });
                    let href = crate::route::Route::Report {
                        kind,
                    }
                        .href();
                    let not_sent = me
                        .kind
                        .manages()
                        .then(|| {
                            app.data
                                .with(|data| {
                                    let m = crate::core::exchange::import::matrix(
                                        data,
                                        &app.plan().id,
                                        std::slice::from_ref(&for_matrix),
                                        0,
                                    );
                                    let missing = m
                                        .iter()
                                        .filter(|(_, c)| {
                                            c[0].standing
                                                == crate::core::exchange::import::Standing::Missing
                                        })
                                        .count();
                                    (missing, m.len())
                                })
                        })
                        .filter(|(missing, _)| *missing > 0);
                    Some(
                        // At the office: schools without a file for this report (the submission matrix).
                        view! {
                            <div>
                                <a href=href>{t.rp_open_report}</a>
                                {(n > 0)
                                    .then(|| {
                                        view! {
                                            <span class="muted small">
                                                {format!(
                                                    " · {}",
                                                    fill(t.rp_missing_count, &[("n", &n.to_string())]),
                                                )}
                                            </span>
                                        }
                                    })}
                            </div>
                            {not_sent
                                .map(|(missing, total)| {
                                    view! {
                                        <div>
                                            <a class="small" href=crate::route::Route::Exchange.href()>
                                                {fill(
                                                    t.cal_not_sent,
                                                    &[
                                                        ("n", &missing.to_string()),
                                                        ("total", &total.to_string()),
                                                    ],
                                                )}
                                            </a>
                                        </div>
                                    }
                                })}
                        },
                    )
                }}
            </td>
        </tr>
    }
}

fn month_options(app: App, selected: YearMonth) -> impl IntoView {
    let lang = app.lang.get_untracked();
    app.plan()
        .months()
        .into_iter()
        .map(move |m| {
            let value = m.to_string();
            view! {
                <option value=value selected=m == selected>
                    {format::month_long(m, lang)}
                </option>
            }
        })
        .collect_view()
}

/// Changes (or resets) the data window of one report.
#[component]
fn WindowEditor(period: ReportingPeriod, done: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let from = RwSignal::new(period.window.from);
    let to = RwSignal::new(period.window.to);
    let error = RwSignal::new(false);
    let kind = period.kind;
    let id = format!("win-{}", kind.slug());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match MonthRange::new(from.get_untracked(), to.get_untracked()) {
            Some(w) => {
                app.edit(|d, now| d.work_mut(&app.plan().id).set_window(kind, Some(w), now));
                done.set(false);
            }
            None => error.set(true),
        }
    };
    let parse = |s: String| s.parse::<YearMonth>().ok();
    view! {
        <form class="inline-form" on:submit=save>
            <label for=format!("{id}-from")>{t.window_from}</label>
            <select
                id=format!("{id}-from")
                on:change=move |ev| {
                    if let Some(m) = parse(event_target_value(&ev)) {
                        from.set(m);
                        error.set(false)
                    }
                }
            >
                {month_options(app, period.window.from)}
            </select>
            <label for=format!("{id}-to")>{t.window_to}</label>
            <select
                id=format!("{id}-to")
                on:change=move |ev| {
                    if let Some(m) = parse(event_target_value(&ev)) {
                        to.set(m);
                        error.set(false)
                    }
                }
            >
                {month_options(app, period.window.to)}
            </select>
            <button type="submit">{t.save}</button>
            <button
                type="button"
                class="secondary"
                on:click=move |_| {
                    app.edit(|d, now| d.work_mut(&app.plan().id).set_window(kind, None, now));
                    done.set(false);
                }
            >
                {t.window_reset}
            </button>
            {move || {
                error
                    .get()
                    .then(|| {
                        view! {
                            <p class="field-error" role="alert">
                                {t.window_invalid}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
