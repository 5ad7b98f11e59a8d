//! One module a page; [`page`] picks the page for a route.

mod calendar;
mod dashboard;
pub use dashboard::prepare_overview;
mod data;
mod exchange;
mod figures;
mod flags;
mod form_import;
mod history;
mod indicators;
mod last_action;
mod plan;
mod plans;
mod report;
mod sent;
mod surveys;
mod tasks;
mod units;

use leptos::prelude::*;

use crate::i18n::fill;
use crate::route::Route;

use super::state::use_app;

use crate::split::ChunkMissing;
use crate::split_fn;

split_fn! {
    pages: fn plan_page(section: Option<crate::route::PlanSection>, area: Option<String>) -> AnyView =>
        view! { <plan::PlanPage section=section area=area/> }.into_any();
    pages: fn plans_page() -> AnyView => view! { <plans::PlansPage/> }.into_any();
    pages: fn plan_edit_page(id: String) -> AnyView => view! { <plans::PlanEditPage id=id/> }.into_any();
    pages: fn plan_new_page() -> AnyView => view! { <plans::PlanNewPage/> }.into_any();
    pages: fn calendar_page() -> AnyView => view! { <calendar::CalendarPage/> }.into_any();
    pages: fn report_page(kind: crate::core::base::period::ReportKind) -> AnyView =>
        view! { <report::ReportPage kind=kind/> }.into_any();
    pages: fn tasks_page() -> AnyView => view! { <tasks::TasksPage/> }.into_any();
    pages: fn task_page(number: String) -> AnyView => view! { <tasks::TaskPage number=number/> }.into_any();
    pages: fn figures_page(month: Option<crate::core::base::period::YearMonth>) -> AnyView =>
        view! { <figures::FiguresPage month=month/> }.into_any();
    pages: fn indicators_page(period: Option<crate::core::base::period::ReportKind>) -> AnyView =>
        view! { <indicators::IndicatorsPage period=period/> }.into_any();
    pages: fn indicator_page(id: String, period: Option<crate::core::base::period::ReportKind>) -> AnyView =>
        view! { <indicators::IndicatorPage id=id period=period/> }.into_any();
    pages: fn surveys_page() -> AnyView => view! { <surveys::SurveysPage/> }.into_any();
    pages: fn round_page(id: String) -> AnyView => view! { <surveys::RoundPage id=id/> }.into_any();
    pages: fn units_page() -> AnyView => view! { <units::UnitsPage/> }.into_any();
    pages: fn data_page() -> AnyView => view! { <data::DataPage/> }.into_any();
    pages: fn exchange_page() -> AnyView => view! { <exchange::ExchangePage/> }.into_any();
}

/// A page being drawn by code that may still have to be fetched.
pub(crate) type Loading =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, ChunkMissing>> + Send>>;

/// Shows a page whose code may still have to be fetched: a note while it comes, the page when
/// it is there, and a way to try again when it cannot come. The page comes boxed: one copy of
/// this code (and of the reactive machinery under it) serves every page, where a generic one
/// made a copy per page in the first download.
pub(crate) fn when_loaded(load: Loading) -> AnyView {
    let app = use_app();
    let t = app.t_untracked();
    let waiting = RwSignal::new(true);
    // The pages are where edits are made and plans switched: the code that saves and the checks
    // of a plan come along (quietly; what needs them and finds them missing says so).
    leptos::task::spawn_local(async {
        let _ = super::state::codec().await;
        let _ = super::state::plan_check().await;
    });
    view! {
        <p class="loading" role="status" hidden=move || !waiting.get()>
            {t.page_loading}
        </p>
        {Suspend::new(async move {
            let page = load.await;
            waiting.set(false);
            request_animation_frame(|| {
                if document().active_element().is_some_and(|e| e.id() == "main") {
                    super::layout::focus_heading();
                }
            });
            page.unwrap_or_else(|ChunkMissing| {
                // After a navigation the layout focuses the page's heading, or the main region when
                // the heading is not there yet: focus the heading now that it is (never on the first
                // load, when the focus is not on the main region).
                view! {
                    <p class="notice">
                        {t.page_missing} " "
                        <button
                            type="button"
                            on:click=|_| {
                                let _ = window().location().reload();
                            }
                        >
                            {t.banner_reload}
                        </button>
                    </p>
                }
                    .into_any()
            })
        })}
    }
    .into_any()
}

pub fn page(route: Route) -> AnyView {
    match route {
        Route::Dashboard => view! { <dashboard::DashboardPage /> }.into_any(),
        Route::Plan { section, area } => when_loaded(Box::pin(plan_page(section, area))),
        Route::Plans => when_loaded(Box::pin(plans_page())),
        Route::PlanEdit { id } => when_loaded(Box::pin(plan_edit_page(id))),
        Route::PlanNew => when_loaded(Box::pin(plan_new_page())),
        Route::Calendar => when_loaded(Box::pin(calendar_page())),
        Route::Report { kind } => when_loaded(Box::pin(report_page(kind))),
        Route::Tasks { task: None } => when_loaded(Box::pin(tasks_page())),
        Route::Tasks { task: Some(n) } => when_loaded(Box::pin(task_page(n))),
        Route::Figures { month } => when_loaded(Box::pin(figures_page(month))),
        Route::Indicators {
            indicator: None,
            period,
        } => when_loaded(Box::pin(indicators_page(period))),
        Route::Indicators {
            indicator: Some(id),
            period,
        } => when_loaded(Box::pin(indicator_page(id, period))),
        Route::Surveys { round: None } => when_loaded(Box::pin(surveys_page())),
        Route::Surveys { round: Some(id) } => when_loaded(Box::pin(round_page(id))),
        Route::Units => when_loaded(Box::pin(units_page())),
        Route::Data => when_loaded(Box::pin(data_page())),
        Route::Exchange => when_loaded(Box::pin(exchange_page())),
        Route::NotFound(address) => view! { <NotFound address=address /> }.into_any(),
    }
}

#[component]
fn NotFound(address: String) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! {
        <h1>{t.not_found_title}</h1>
        <p>{move || fill(t.not_found_body, &[("address", &address)])}</p>
        <p>
            <a href="#/">{t.back_home}</a>
        </p>
    }
}

/// Shown on pages that need to know the user's unit before they can do anything.
#[component]
fn NeedsProfile() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! { <p class="notice">{t.needs_profile} " " <a href="#/">{t.nav_dashboard}</a></p> }
}
