//! What a school sent and changed since (`core::exchange::resend`): the dashboard's and the
//! exchange page's call to send a corrected file, and the figures page's word that a month was
//! sent.

use leptos::prelude::*;

use crate::core::base::period::YearMonth;
use crate::core::data::dataset::UnitKind;
use crate::core::exchange::resend::{outdated, sent_periods, sent_with_month, Sent};
use crate::edge::browser;
use crate::i18n::{fill, PageTexts};
use crate::route::Route;
use crate::ui::state::{use_app, App};

/// The periods the user's school sent under the plan in use, as the data stands (tracked).
fn sent_now(app: App) -> Vec<Sent> {
    let Some(me) = app.me.get().filter(|u| u.kind == UnitKind::School) else {
        return Vec::new();
    };
    let plan = app.plan();
    let offset = i64::from(browser::utc_offset_minutes()) * 60_000;
    let month_of = |t: i64| {
        chrono::DateTime::from_timestamp_millis(t + offset).map(|d| YearMonth::of(d.date_naive()))
    };
    app.periods.with(|periods| {
        app.data
            .with(|d| sent_periods(d, &plan.id, plan.year, periods, &me.id, month_of))
    })
}

/// "Quý I/2024", or "Tất cả đến nay" for a file of everything so far.
fn name_of(t: &PageTexts, s: &Sent, year: i32) -> String {
    s.report.map_or(t.ex_all.to_string(), |k| {
        fill(t.report(k), &[("year", &year.to_string())])
    })
}

/// At a school: each period sent and changed since, with the revision its correction gets and
/// the way to the exchange page (`link`). Nothing when every file sent still says what the data
/// says.
#[component]
pub fn ChangedAfterSending(#[prop(optional)] link: bool) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    move || {
        let sent = sent_now(app);
        let year = app.plan().year;
        let lines: Vec<String> = outdated(&sent)
            .into_iter()
            .map(|s| {
                fill(
                    t.rs_outdated,
                    &[
                        ("period", &name_of(t, s, year)),
                        ("next", &s.next_revision().to_string()),
                    ],
                )
            })
            .collect();
        (!lines.is_empty()).then(|| {
            view! {
                <div class="notice warning resend" role="status">
                    <ul class="plain">
                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                    {link
                        .then(|| {
                            view! {
                                <a class="button" href=Route::Exchange.href()>
                                    {t.rs_send_again}
                                </a>
                            }
                        })}
                </div>
            }
        })
    }
}

/// On the figures page of a month a school already sent: editing it changes what the file said.
#[component]
pub fn MonthSent(month: YearMonth) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    move || {
        let sent = sent_now(app);
        let year = app.plan().year;
        let with_month = sent_with_month(&sent, month);
        let last = with_month.iter().max_by_key(|s| s.made_at)?;
        let periods = with_month
            .iter()
            .map(|s| name_of(t, s, year))
            .collect::<Vec<_>>()
            .join(", ");
        Some(view! {
            <p class="notice" role="note">
                {fill(
                    t.rs_month_sent,
                    &[
                        ("period", &periods),
                        ("revision", &last.revision.to_string()),
                        ("office", app.plan().office_short()),
                    ],
                )}
            </p>
        })
    }
}
