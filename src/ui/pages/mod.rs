//! One module a page; [`page`] picks the page for a route.

mod calendar;
mod dashboard;
mod data;
mod exchange;
mod figures;
mod indicators;
mod plan;
mod plans;
mod report;
mod surveys;
mod tasks;
mod units;

use leptos::prelude::*;

use crate::i18n::fill;
use crate::route::Route;

use super::state::use_app;

pub fn page(route: Route) -> AnyView {
    match route {
        Route::Dashboard => view! { <dashboard::DashboardPage/> }.into_any(),
        Route::Plan { section, area } => {
            view! { <plan::PlanPage section=section area=area/> }.into_any()
        }
        Route::Plans => view! { <plans::PlansPage/> }.into_any(),
        Route::PlanEdit { id } => view! { <plans::PlanEditPage id=id/> }.into_any(),
        Route::Calendar => view! { <calendar::CalendarPage/> }.into_any(),
        Route::Report { kind } => view! { <report::ReportPage kind=kind/> }.into_any(),
        Route::Tasks { task: None } => view! { <tasks::TasksPage/> }.into_any(),
        Route::Tasks { task: Some(n) } => view! { <tasks::TaskPage number=n/> }.into_any(),
        Route::Figures { month } => view! { <figures::FiguresPage month=month/> }.into_any(),
        Route::Indicators {
            indicator: None,
            period,
        } => view! { <indicators::IndicatorsPage period=period/> }.into_any(),
        Route::Indicators {
            indicator: Some(id),
            period,
        } => view! { <indicators::IndicatorPage id=id period=period/> }.into_any(),
        Route::Surveys { round: None } => view! { <surveys::SurveysPage/> }.into_any(),
        Route::Surveys { round: Some(id) } => view! { <surveys::RoundPage id=id/> }.into_any(),
        Route::Units => view! { <units::UnitsPage/> }.into_any(),
        Route::Data => view! { <data::DataPage/> }.into_any(),
        Route::Exchange => view! { <exchange::ExchangePage/> }.into_any(),
        Route::NotFound(address) => view! { <NotFound address=address/> }.into_any(),
    }
}

#[component]
fn NotFound(address: String) -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! {
        <h1>{t.not_found_title}</h1>
        <p>{move || fill(t.not_found_body, &[("address", &address)])}</p>
        <p><a href="#/">{t.back_home}</a></p>
    }
}

/// Shown on pages that need to know the user's unit before they can do anything.
#[component]
fn NeedsProfile() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    view! {
        <p class="notice">{t.needs_profile} " " <a href="#/">{t.nav_dashboard}</a></p>
    }
}
