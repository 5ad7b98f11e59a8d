//! Pages and their addresses. Routing lives in the URL's hash (`#/ke-hoach/nhiem-vu/3`), so the
//! static bundle works from any folder of any host, and a reload or a shared link opens the same
//! page without server rewrite rules. Pure, so the parser is tested natively.

use crate::core::base::period::{ReportKind, YearMonth};
use crate::core::data::records::TaskStatus;
use crate::core::figures::tasks::TaskFilter;

/// The query part of a hash route ("#/nhiem-vu?trang-thai=done" → "trang-thai=done").
pub fn query(hash: &str) -> &str {
    hash.split_once('?').map(|(_, q)| q).unwrap_or("")
}

/// The tasks page's filters, kept in its address so that they survive a visit to a task, a
/// reload and a shared link: `trang-thai=<status>&linh-vuc=<area>&qua-han=1`.
pub fn task_filter_from_query(q: &str) -> TaskFilter {
    let mut f = TaskFilter::default();
    for pair in q.split('&') {
        match pair.split_once('=') {
            Some(("trang-thai", v)) => f.status = TaskStatus::from_slug(v),
            Some(("linh-vuc", v))
                if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') =>
            {
                f.area = Some(v.to_string())
            }
            Some(("qua-han", "1")) => f.overdue_only = true,
            _ => {}
        }
    }
    f
}

/// The address of the tasks list with these filters.
pub fn tasks_href(f: &TaskFilter) -> String {
    let mut parts = Vec::new();
    if let Some(s) = f.status {
        parts.push(format!("trang-thai={}", s.slug()));
    }
    if let Some(a) = &f.area {
        parts.push(format!("linh-vuc={a}"));
    }
    if f.overdue_only {
        parts.push("qua-han=1".to_string());
    }
    if parts.is_empty() {
        "#/nhiem-vu".into()
    } else {
        format!("#/nhiem-vu?{}", parts.join("&"))
    }
}

/// A part of the plan page a link can jump to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSection {
    Objectives,
    Targets,
    Tasks,
    Organisation,
    Reporting,
}

impl PlanSection {
    pub const ALL: [PlanSection; 5] = [
        PlanSection::Objectives,
        PlanSection::Targets,
        PlanSection::Tasks,
        PlanSection::Organisation,
        PlanSection::Reporting,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PlanSection::Objectives => "muc-tieu",
            PlanSection::Targets => "chi-tieu",
            PlanSection::Tasks => "nhiem-vu",
            PlanSection::Organisation => "to-chuc",
            PlanSection::Reporting => "bao-cao",
        }
    }

    fn from_slug(s: &str) -> Option<PlanSection> {
        PlanSection::ALL.into_iter().find(|p| p.slug() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/` — the dashboard.
    Dashboard,
    /// `#/ke-hoach`, `#/ke-hoach/chi-tieu`, `#/ke-hoach/nhiem-vu/3` (area 3 opened).
    Plan {
        section: Option<PlanSection>,
        area: Option<String>,
    },
    /// `#/ke-hoach-cac-nam`: the plans the browser holds, which one is in use, opening a file.
    Plans,
    /// `#/ke-hoach-cac-nam/<plan id>`: editing a held plan.
    PlanEdit { id: String },
    /// `#/ke-hoach-moi`: a unit makes its own plan from another unit's.
    PlanNew,
    /// `#/lich-bao-cao`
    Calendar,
    /// `#/bao-cao/q1`: a period report, ready to print and sign.
    Report { kind: ReportKind },
    /// `#/nhiem-vu`, `#/nhiem-vu/3.4`
    Tasks { task: Option<String> },
    /// `#/so-lieu`, `#/so-lieu/2024-03`
    Figures { month: Option<YearMonth> },
    /// `#/chi-tieu`, `#/chi-tieu/dung_han`, `#/chi-tieu/dung_han/q1`
    Indicators {
        indicator: Option<String>,
        period: Option<ReportKind>,
    },
    /// `#/khao-sat`, `#/khao-sat/<round id>`
    Surveys { round: Option<String> },
    /// `#/don-vi`
    Units,
    /// `#/gui-nhan`: sending files to the office (a school) or receiving them (the office).
    Exchange,
    /// `#/du-lieu`
    Data,
    /// Anything else: shown as "not found" with the address.
    NotFound(String),
}

impl Route {
    /// Parses `location.hash`. `None` for a plain in-page anchor (`#main`), which is not a route.
    pub fn parse(hash: &str) -> Option<Route> {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        if !(h.is_empty() || h.starts_with('/')) {
            return None;
        }
        let path = h.split(['?', '#']).next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let route = match parts.as_slice() {
            [] => Route::Dashboard,
            ["ke-hoach"] => Route::Plan {
                section: None,
                area: None,
            },
            ["ke-hoach", "nhiem-vu", area] => Route::Plan {
                section: Some(PlanSection::Tasks),
                area: Some(area.to_string()),
            },
            ["ke-hoach", s] => match PlanSection::from_slug(s) {
                Some(section) => Route::Plan {
                    section: Some(section),
                    area: None,
                },
                None => Route::NotFound(hash.to_string()),
            },
            ["ke-hoach-cac-nam"] => Route::Plans,
            ["ke-hoach-cac-nam", id] => Route::PlanEdit { id: id.to_string() },
            ["ke-hoach-moi"] => Route::PlanNew,
            ["lich-bao-cao"] => Route::Calendar,
            ["nhiem-vu"] => Route::Tasks { task: None },
            ["nhiem-vu", t] => Route::Tasks {
                task: Some(t.to_string()),
            },
            ["so-lieu"] => Route::Figures { month: None },
            ["so-lieu", m] => match m.parse() {
                Ok(month) => Route::Figures { month: Some(month) },
                Err(_) => Route::NotFound(hash.to_string()),
            },
            ["chi-tieu"] => Route::Indicators {
                indicator: None,
                period: None,
            },
            ["chi-tieu", i] => Route::Indicators {
                indicator: Some(i.to_string()),
                period: None,
            },
            ["chi-tieu", i, p] => match ReportKind::from_slug(p) {
                Some(k) => Route::Indicators {
                    indicator: Some(i.to_string()),
                    period: Some(k),
                },
                None => Route::NotFound(hash.to_string()),
            },
            ["khao-sat"] => Route::Surveys { round: None },
            ["khao-sat", r] => Route::Surveys {
                round: Some(r.to_string()),
            },
            ["don-vi"] => Route::Units,
            ["bao-cao", k] => match ReportKind::from_slug(k) {
                Some(kind) => Route::Report { kind },
                None => Route::NotFound(hash.to_string()),
            },
            ["du-lieu"] => Route::Data,
            ["gui-nhan"] => Route::Exchange,
            _ => Route::NotFound(hash.to_string()),
        };
        Some(route)
    }

    /// The hash that opens this route; `parse(href())` gives the route back.
    pub fn href(&self) -> String {
        match self {
            Route::Dashboard => "#/".into(),
            Route::Plan { section: None, .. } => "#/ke-hoach".into(),
            Route::Plan {
                section: Some(PlanSection::Tasks),
                area: Some(a),
            } => format!("#/ke-hoach/nhiem-vu/{a}"),
            Route::Plan {
                section: Some(s), ..
            } => format!("#/ke-hoach/{}", s.slug()),
            Route::Plans => "#/ke-hoach-cac-nam".into(),
            Route::PlanEdit { id } => format!("#/ke-hoach-cac-nam/{id}"),
            Route::PlanNew => "#/ke-hoach-moi".into(),
            Route::Calendar => "#/lich-bao-cao".into(),
            Route::Tasks { task: None } => "#/nhiem-vu".into(),
            Route::Tasks { task: Some(t) } => format!("#/nhiem-vu/{t}"),
            Route::Figures { month: None } => "#/so-lieu".into(),
            Route::Figures { month: Some(m) } => format!("#/so-lieu/{m}"),
            Route::Indicators {
                indicator: None, ..
            } => "#/chi-tieu".into(),
            Route::Indicators {
                indicator: Some(i),
                period: None,
            } => format!("#/chi-tieu/{i}"),
            Route::Indicators {
                indicator: Some(i),
                period: Some(p),
            } => format!("#/chi-tieu/{i}/{}", p.slug()),
            Route::Surveys { round: None } => "#/khao-sat".into(),
            Route::Surveys { round: Some(r) } => format!("#/khao-sat/{r}"),
            Route::Units => "#/don-vi".into(),
            Route::Report { kind } => format!("#/bao-cao/{}", kind.slug()),
            Route::Data => "#/du-lieu".into(),
            Route::Exchange => "#/gui-nhan".into(),
            Route::NotFound(h) => h.clone(),
        }
    }

    /// The top-level page, for marking the current navigation link.
    pub fn page(&self) -> Page {
        match self {
            Route::Dashboard => Page::Dashboard,
            Route::Plan { .. } | Route::Plans | Route::PlanEdit { .. } | Route::PlanNew => {
                Page::Plan
            }
            Route::Calendar => Page::Calendar,
            Route::Tasks { .. } => Page::Tasks,
            Route::Figures { .. } => Page::Figures,
            Route::Indicators { .. } => Page::Indicators,
            Route::Surveys { .. } => Page::Surveys,
            Route::Units => Page::Units,
            Route::Report { .. } => Page::Calendar,
            Route::Data => Page::Data,
            Route::Exchange => Page::Exchange,
            Route::NotFound(_) => Page::NotFound,
        }
    }
}

/// The pages of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Dashboard,
    Plan,
    Calendar,
    Tasks,
    Figures,
    Indicators,
    Surveys,
    Units,
    Exchange,
    Data,
    NotFound,
}

impl Page {
    /// The navigation, in order.
    pub const NAV: [Page; 10] = [
        Page::Dashboard,
        Page::Plan,
        Page::Tasks,
        Page::Figures,
        Page::Surveys,
        Page::Indicators,
        Page::Calendar,
        Page::Units,
        Page::Exchange,
        Page::Data,
    ];

    pub fn route(self) -> Route {
        match self {
            Page::Dashboard | Page::NotFound => Route::Dashboard,
            Page::Plan => Route::Plan {
                section: None,
                area: None,
            },
            Page::Calendar => Route::Calendar,
            Page::Tasks => Route::Tasks { task: None },
            Page::Figures => Route::Figures { month: None },
            Page::Indicators => Route::Indicators {
                indicator: None,
                period: None,
            },
            Page::Surveys => Route::Surveys { round: None },
            Page::Units => Route::Units,
            Page::Data => Route::Data,
            Page::Exchange => Route::Exchange,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_page_and_round_trips() {
        let routes = [
            Route::Dashboard,
            Route::Plan {
                section: None,
                area: None,
            },
            Route::Plan {
                section: Some(PlanSection::Targets),
                area: None,
            },
            Route::Plan {
                section: Some(PlanSection::Tasks),
                area: Some("3".into()),
            },
            Route::Calendar,
            Route::Tasks { task: None },
            Route::Tasks {
                task: Some("3.4".into()),
            },
            Route::Figures { month: None },
            Route::Figures {
                month: YearMonth::new(2024, 3),
            },
            Route::Indicators {
                indicator: None,
                period: None,
            },
            Route::Indicators {
                indicator: Some("dung_han".into()),
                period: None,
            },
            Route::Indicators {
                indicator: Some("dung_han".into()),
                period: Some(ReportKind::H1),
            },
            Route::Surveys { round: None },
            Route::Surveys {
                round: Some("r-1".into()),
            },
            Route::Units,
            Route::Data,
            Route::Exchange,
            Route::Plans,
            Route::Report {
                kind: ReportKind::Q3,
            },
            Route::PlanEdit {
                id: "pgddt-quan6-2025".into(),
            },
            Route::PlanNew,
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.href()), Some(r.clone()), "{}", r.href());
        }
    }

    #[test]
    fn task_filters_live_in_the_address() {
        let f = TaskFilter {
            status: Some(TaskStatus::Done),
            area: Some("2".into()),
            overdue_only: true,
        };
        let href = tasks_href(&f);
        assert_eq!(href, "#/nhiem-vu?trang-thai=done&linh-vuc=2&qua-han=1");
        assert_eq!(Route::parse(&href), Some(Route::Tasks { task: None }));
        assert_eq!(task_filter_from_query(query(&href)), f);
        assert_eq!(tasks_href(&TaskFilter::default()), "#/nhiem-vu");
        assert_eq!(
            task_filter_from_query("linh-vuc=<b>&trang-thai=x"),
            TaskFilter::default()
        );
    }

    #[test]
    fn empty_and_odd_hashes() {
        assert_eq!(Route::parse(""), Some(Route::Dashboard));
        assert_eq!(Route::parse("#"), Some(Route::Dashboard));
        assert_eq!(Route::parse("#/"), Some(Route::Dashboard));
        assert_eq!(
            Route::parse("#/ke-hoach/"),
            Some(Route::Plan {
                section: None,
                area: None
            })
        );
        assert_eq!(
            Route::parse("#main"),
            None,
            "an in-page anchor is not a route"
        );
        assert_eq!(
            Route::parse("#/khong-co"),
            Some(Route::NotFound("#/khong-co".into()))
        );
        assert_eq!(
            Route::parse("#/so-lieu/2024-13"),
            Some(Route::NotFound("#/so-lieu/2024-13".into()))
        );
        assert_eq!(Route::parse("#/lich-bao-cao?x=1"), Some(Route::Calendar));
    }
}
