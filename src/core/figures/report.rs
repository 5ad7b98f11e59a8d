//! The period report (Báo cáo quý I, 6 tháng, quý III, năm) of the office or of a school:
//! everything it says, built from the data each time it is opened. Its figures are the targets
//! page's own rows (`overview::row`): one aggregation, never a second computation. The UI lays it
//! out as an administrative document (Nghị định 30/2020/NĐ-CP); `report_json` and `targets_csv`
//! export it.

use crate::core::base::map::Map;

use chrono::NaiveDate;
use serde::Serialize;

use crate::core::base::format::{self, Lang};
use crate::core::base::period::{MonthRange, ReportKind, ReportingPeriod, YearMonth};
use crate::core::base::ratio::Ratio;
use crate::core::data::dataset::{ReportDraft, UnitKind};
use crate::core::data::records::{Millis, TaskStatus, Unit};
use crate::core::data::survey::Tally;
use crate::core::figures::indicator::{scope_units, Evaluation, Status};
use crate::core::figures::overview::{
    missing_by_unit, qualitative_targets, row, year_before, Context, Row,
};
use crate::core::figures::survey_results::{adequacy, round_total, Adequacy};
use crate::core::figures::tasks::{area_progress, is_own_task, Progress};
use crate::core::plan::model::{Letterhead, Plan};

/// A target's line: this period, the period before and the same period of the year before.
#[derive(Debug, Clone)]
pub struct TargetLine<'a> {
    pub row: Row<'a>,
    pub previous: Option<Evaluation>,
    pub year_before: Option<Evaluation>,
}

impl TargetLine<'_> {
    fn shown(&self, r: Ratio) -> Option<u64> {
        r.display_bp(Some(self.row.goal.guard()))
    }

    /// The change from the period before, in hundredths of a percentage point, as displayed.
    pub fn change_from_previous(&self) -> Option<i64> {
        change(
            self.shown(self.row.eval.ratio)?,
            self.shown(self.previous.as_ref()?.ratio)?,
        )
    }

    /// The change from the same period of the year before.
    pub fn change_from_year_before(&self) -> Option<i64> {
        change(
            self.shown(self.row.eval.ratio)?,
            self.shown(self.year_before.as_ref()?.ratio)?,
        )
    }
}

fn change(now: u64, then: u64) -> Option<i64> {
    Some(now as i64 - then as i64)
}

/// One task area's progress, and the evidence recorded for its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLine {
    pub number: String,
    pub title: String,
    pub progress: Progress,
    /// (task number, document number, date) of each piece of evidence.
    pub evidence: Vec<(String, String, Option<NaiveDate>)>,
}

/// Survey results of the period: per school level and overall (office), or per round (school).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyLine {
    /// The school's name, its round's name (a school's own report), or a level's key
    /// (`MamNon`, `TieuHoc`, `Thcs`) or `all` for the office's subtotals.
    pub label: String,
    /// The school a line of the office's report is about (`None` on subtotals and rounds).
    pub unit: Option<String>,
    pub tally: Tally,
    pub forms: u64,
    pub adequacy: Adequacy,
}

/// Something still missing for a report, for the calendar and the report's own notice.
#[derive(Debug, Clone, PartialEq)]
pub enum Missing {
    /// A unit lacks figures of these indicators' goals for these complete months.
    Figures {
        unit: String,
        months: Vec<YearMonth>,
        goals: Vec<String>,
    },
    /// An open task not updated since the previous report (or since the year began).
    StaleTask { task: String },
}

#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub period: ReportingPeriod,
    /// The months evaluated (cut at the last complete month while the period is open).
    pub window: MonthRange,
    pub open: bool,
    pub unit: &'a Unit,
    pub letterhead: Letterhead,
    pub targets: Vec<TargetLine<'a>>,
    /// Targets without figures, with the unit's assessment.
    pub qualitative: Vec<(String, String, Option<crate::core::data::records::Verdict>)>,
    pub areas: Vec<AreaLine>,
    pub surveys: Vec<SurveyLine>,
    pub missing: Vec<Missing>,
    pub draft: ReportDraft,
}

/// The plan's letterhead, or one made from the issuer's name where the plan has none.
pub fn letterhead(plan: &Plan) -> Letterhead {
    plan.letterhead.clone().unwrap_or_else(|| Letterhead {
        parent: String::new(),
        body: crate::core::base::format::upper(plan.office_name()),
        place: String::new(),
        symbol: String::new(),
    })
}

/// The report before this one in the plan's calendar (none before the first).
pub fn previous_kind(kind: ReportKind) -> Option<ReportKind> {
    let i = ReportKind::ALL.iter().position(|k| *k == kind)?;
    i.checked_sub(1).map(|j| ReportKind::ALL[j])
}

/// Midnight UTC of a date, in milliseconds (to compare with edit stamps).
fn millis_of(d: NaiveDate) -> Millis {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0)
}

/// Builds `kind`'s report for `ctx.me` (the office: its own and its schools' figures summed; a
/// school: its own). `None` when the plan has no such report.
pub fn build<'a>(ctx: &Context<'a>, kind: ReportKind) -> Option<Report<'a>> {
    let plan = ctx.plan;
    let work = ctx.data.work(&plan.id);
    let periods = plan.reporting_periods(|k| work.window(k));
    let period = periods.iter().find(|p| p.kind == kind)?.clone();
    let previous = previous_kind(kind).and_then(|k| periods.iter().find(|p| p.kind == k));
    let me = ctx.me;

    let targets: Vec<TargetLine<'a>> = ctx
        .indicators()
        .into_iter()
        .filter_map(|ind| {
            let units = scope_units(ctx.data, me, ind);
            let r = row(ctx, ind, units.clone(), period.window)?;
            let prev = previous
                .and_then(|p| row(ctx, ind, units, p.window))
                .map(|p| p.eval)
                .filter(|e| e.status != Status::NoData);
            let before = year_before(ctx, &r);
            Some(TargetLine {
                row: r,
                previous: prev,
                year_before: before,
            })
        })
        .collect();
    let (window, open) = targets
        .first()
        .map(|t| (t.row.judged.window, t.row.judged.open))
        .unwrap_or((period.window, false));

    let qualitative = qualitative_targets(plan, me.kind)
        .into_iter()
        .map(|t| {
            let verdict = work
                .assessments
                .get(&me.id)
                .and_then(|a| a.get(&t.number))
                .map(|a| a.verdict);
            (t.number.clone(), t.text.clone(), verdict)
        })
        .collect();

    // The unit's own tasks only (a school's, where the plan names them): areas without any
    // are left out. The unit above does none of the plan's tasks itself: its report sums its
    // offices' progress, area by area (their evidence stays in their own reports).
    let above = me.kind == UnitKind::Above;
    let doers: Vec<(&str, UnitKind)> = if above {
        crate::core::data::tree::offices_within(ctx.data, &me.id)
            .into_iter()
            .map(|o| (o.id.as_str(), o.kind))
            .collect()
    } else {
        vec![(me.id.as_str(), me.kind)]
    };
    let own_kind = if above { UnitKind::Office } else { me.kind };
    let own = |t: &crate::core::plan::model::Task| is_own_task(plan, own_kind, t);
    let areas = plan
        .task_areas
        .iter()
        .filter(|a| a.tasks.iter().any(own))
        .map(|a| AreaLine {
            number: a.number.clone(),
            title: a.title.clone(),
            progress: doers
                .iter()
                .fold(Progress::default(), |mut sum, (id, kind)| {
                    sum.merge(&area_progress(plan, work, id, *kind, a));
                    sum
                }),
            evidence: if above {
                Vec::new()
            } else {
                a.tasks
                    .iter()
                    .filter(|t| own(t))
                    .filter_map(|t| work.task(&me.id, &t.number).map(|p| (t, p)))
                    .flat_map(|(t, p)| {
                        p.evidence
                            .iter()
                            .map(|e| (t.number.clone(), e.doc_number.clone(), e.date))
                    })
                    .collect()
            },
        })
        .collect();

    let surveys = survey_lines(ctx, window);

    // What is still missing: figures per unit (from the same rows), and open tasks untouched
    // since the previous report.
    let mut missing: Vec<Missing> = missing_by_unit(targets.iter().map(|t| &t.row))
        .into_iter()
        .map(|(unit, months, goals)| Missing::Figures {
            unit,
            months,
            goals,
        })
        .collect();
    let since = previous
        .map(|p| millis_of(p.last_day()))
        .unwrap_or_else(|| millis_of(window.from.first_day()));
    for (_, t) in plan.tasks().filter(|(_, t)| !above && own(t)) {
        let p = work.task(&me.id, &t.number);
        let status = p.map(|p| p.status).unwrap_or_default();
        let touched = p.is_some_and(|p| p.changed_at >= since);
        if matches!(status, TaskStatus::NotStarted | TaskStatus::InProgress) && !touched {
            missing.push(Missing::StaleTask {
                task: t.number.clone(),
            });
        }
    }

    Some(Report {
        period,
        window,
        open,
        unit: me,
        letterhead: letterhead(plan),
        targets,
        qualitative,
        areas,
        surveys,
        missing,
        draft: work.report(&me.id, kind).cloned().unwrap_or_default(),
    })
}

/// The survey lines of a report: per level and overall for the office, per round for a school.
fn survey_lines(ctx: &Context<'_>, window: MonthRange) -> Vec<SurveyLine> {
    let work = ctx.data.work(&ctx.plan.id);
    let rounds_in = |unit: &str| -> Vec<&crate::core::data::survey::SurveyRound> {
        work.surveys
            .values()
            .filter(|r| r.unit == unit && window.contains(r.month))
            .collect()
    };
    let adequacy_of = |forms: u64, population: Option<u64>| adequacy(forms, population);
    match ctx.me.kind {
        UnitKind::School => rounds_in(&ctx.me.id)
            .into_iter()
            .map(|r| SurveyLine {
                label: r.name.clone(),
                unit: None,
                tally: round_total(r, &work.tallies),
                forms: r.returned,
                adequacy: adequacy_of(r.returned, r.population),
            })
            .collect(),
        UnitKind::Office | UnitKind::Above => {
            let schools = ctx.data.schools();
            // Each school's answers and rounds in one pass over the rounds (not schools × rounds).
            let totals = crate::core::figures::survey_results::totals_by_unit(work, Some(window));
            let mut rounds_of: Map<&str, Vec<&crate::core::data::survey::SurveyRound>> = Map::new();
            for r in work.surveys.values().filter(|r| window.contains(r.month)) {
                rounds_of.entry(r.unit.as_str()).or_default().push(r);
            }
            // One line over some schools, `None` when none of them surveyed in the window.
            let line =
                |label: String, unit: Option<String>, units: &[&Unit]| -> Option<SurveyLine> {
                    let rounds: Vec<_> = units
                        .iter()
                        .flat_map(|u| rounds_of.get(u.id.as_str()).into_iter().flatten().copied())
                        .collect();
                    if rounds.is_empty() {
                        return None;
                    }
                    let tally: Tally = units
                        .iter()
                        .filter_map(|u| totals.get(u.id.as_str()).copied())
                        .sum();
                    let forms = rounds.iter().map(|r| r.returned).sum();
                    // A population is known only if every round gave one.
                    let population = rounds
                        .iter()
                        .map(|r| r.population)
                        .try_fold(0u64, |a, p| p.map(|p| a + p));
                    Some(SurveyLine {
                        label,
                        unit,
                        tally,
                        forms,
                        adequacy: adequacy_of(forms, population.filter(|p| *p > 0)),
                    })
                };
            // The table says "Trường": the schools that surveyed, level by level, each level
            // closed by its subtotal; then the whole sector (always, so that no survey shows).
            let mut lines: Vec<SurveyLine> = Vec::new();
            let levels = crate::core::data::records::SchoolLevel::ALL
                .map(Some)
                .into_iter()
                .chain([None]);
            for level in levels {
                let units: Vec<&Unit> = schools
                    .iter()
                    .copied()
                    .filter(|u| u.level == level)
                    .collect();
                let before = lines.len();
                lines.extend(
                    units
                        .iter()
                        .filter_map(|u| line(u.name.clone(), Some(u.id.clone()), &[u])),
                );
                if let Some(l) = level.filter(|_| lines.len() > before) {
                    lines.extend(line(format!("{l:?}"), None, &units));
                }
            }
            lines.push(line("all".into(), None, &schools).unwrap_or(SurveyLine {
                label: "all".into(),
                unit: None,
                tally: Tally::default(),
                forms: 0,
                adequacy: adequacy_of(0, None),
            }));
            lines
        }
    }
}

/// The machine-readable report (format `cchc-report`, `schema/report.v1.schema.json`).
#[derive(Debug, Serialize)]
pub struct ReportJson {
    pub format: &'static str,
    pub schema_version: u32,
    pub plan: PlanRef,
    pub unit: UnitRef,
    pub report: ReportKind,
    pub due_before: String,
    pub window: MonthRange,
    pub open: bool,
    pub number: String,
    pub date: Option<String>,
    pub targets: Vec<TargetJson>,
    pub tasks: Vec<AreaJson>,
    pub surveys: Vec<SurveyJson>,
    pub sections: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PlanRef {
    pub id: String,
    pub year: i32,
}

#[derive(Debug, Serialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Debug, Serialize)]
pub struct TargetJson {
    pub indicator: String,
    pub goals: Vec<String>,
    pub operator: &'static str,
    pub threshold_bp: u64,
    pub numerator: u64,
    pub denominator: u64,
    /// As displayed (hundredths of a percent); absent when there is no rate.
    pub rate_bp: Option<u64>,
    pub status: Status,
    /// The units that reported, of all, when not all did: the verdict is provisional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisional: Option<crate::core::figures::indicator::Provisional>,
    pub previous: Option<Ratio>,
    pub year_before: Option<Ratio>,
}

#[derive(Debug, Serialize)]
pub struct AreaJson {
    pub area: String,
    pub title: String,
    pub not_started: u32,
    pub in_progress: u32,
    pub done: u32,
    pub not_applicable: u32,
}

#[derive(Debug, Serialize)]
pub struct SurveyJson {
    pub label: String,
    /// The school's id, on a line about one school (the office's report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub satisfied: u64,
    pub valid: u64,
    pub forms: u64,
}

const REPORT_FORMAT: &str = "cchc-report";

/// The report as JSON.
pub fn report_json(plan: &Plan, r: &Report<'_>) -> String {
    let doc = ReportJson {
        format: REPORT_FORMAT,
        schema_version: 1,
        plan: PlanRef {
            id: plan.id.clone(),
            year: plan.year,
        },
        unit: UnitRef {
            id: r.unit.id.clone(),
            name: r.unit.name.clone(),
            kind: r.unit.kind,
        },
        report: r.period.kind,
        due_before: format::iso(r.period.due_before),
        window: r.window,
        open: r.open,
        number: r.draft.number.clone(),
        date: r.draft.date.map(format::iso),
        targets: r
            .targets
            .iter()
            .map(|t| TargetJson {
                indicator: t.row.indicator.id.clone(),
                goals: t.row.indicator.goals.clone(),
                operator: t.row.goal.operator.symbol(),
                threshold_bp: t.row.goal.threshold_bp(),
                numerator: t.row.eval.ratio.num,
                denominator: t.row.eval.ratio.den,
                rate_bp: t.shown(t.row.eval.ratio),
                status: t.row.eval.status,
                provisional: t.row.eval.provisional.clone(),
                previous: t.previous.as_ref().map(|e| e.ratio),
                year_before: t.year_before.as_ref().map(|e| e.ratio),
            })
            .collect(),
        tasks: r
            .areas
            .iter()
            .map(|a| AreaJson {
                area: a.number.clone(),
                title: a.title.clone(),
                not_started: a.progress.not_started,
                in_progress: a.progress.in_progress,
                done: a.progress.done,
                not_applicable: a.progress.not_applicable,
            })
            .collect(),
        surveys: r
            .surveys
            .iter()
            .map(|s| SurveyJson {
                label: s.label.clone(),
                unit: s.unit.clone(),
                satisfied: s.tally.satisfied(),
                valid: s.tally.valid(),
                forms: s.forms,
            })
            .collect(),
        sections: (0..ReportDraft::SECTIONS)
            .map(|i| r.draft.section(i).to_string())
            .collect(),
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

/// The targets table as CSV for Excel: UTF-8 with a BOM (Vietnamese shows right), counts without
/// thousands separators, the rate as displayed. `labels` are the indicators' names in the user's
/// language; `header` the column names.
/// `status` gives a verdict's words ("Đạt", "Không đạt"…) in the user's language.
pub fn targets_csv(
    r: &Report<'_>,
    header: &[&str],
    labels: &[String],
    lang: Lang,
    status: impl Fn(Status) -> String,
) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| crate::core::base::csv::field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for (t, label) in r.targets.iter().zip(labels) {
        let rate = t
            .shown(t.row.eval.ratio)
            .map(|bp| format::percent_bp(bp, lang))
            .unwrap_or_default();
        let cells = [
            t.row.indicator.goals.join("; "),
            label.clone(),
            format!(
                "{} {}",
                t.row.goal.operator.symbol(),
                format::threshold(t.row.goal.threshold_bp(), lang)
            ),
            t.row.eval.ratio.num.to_string(),
            t.row.eval.ratio.den.to_string(),
            rate,
            status(t.row.eval.status),
            // "5/6": the verdict is over the units that reported (see `Evaluation::provisional`).
            t.row
                .eval
                .provisional
                .as_ref()
                .map(|p| format!("{}/{}", p.reported, p.of))
                .unwrap_or_default(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| crate::core::base::csv::field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// The task table by area, a CSV file of its own (one table a file, as Excel reads it).
pub fn tasks_csv(r: &Report<'_>, header: &[&str]) -> String {
    let mut out = String::from(crate::core::base::csv::BOM);
    out.push_str(&crate::core::base::csv::row(
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ));
    for a in &r.areas {
        out.push_str(&crate::core::base::csv::row(&[
            format!("{}. {}", a.number, a.title),
            a.progress.done.to_string(),
            a.progress.in_progress.to_string(),
            a.progress.not_started.to_string(),
            a.progress.not_applicable.to_string(),
        ]));
    }
    out
}

/// The survey table, after a blank line, each line named by `name` as on screen; the
/// satisfaction rate as displayed.
pub fn surveys_csv(
    r: &Report<'_>,
    header: &[&str],
    name: impl Fn(&SurveyLine) -> String,
    lang: Lang,
) -> String {
    if r.surveys.is_empty() {
        return String::new();
    }
    let mut out = String::from(crate::core::base::csv::BOM);
    let mut head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    head.push("%".into());
    out.push_str(&crate::core::base::csv::row(&head));
    for s in &r.surveys {
        out.push_str(&crate::core::base::csv::row(&[
            name(s),
            s.forms.to_string(),
            s.tally.valid().to_string(),
            s.tally.satisfied().to_string(),
            s.tally
                .rate()
                .rate_bp()
                .map(|bp| format::percent_bp(bp, lang))
                .unwrap_or_default(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::dataset::Dataset;
    use crate::core::data::records::SchoolLevel;
    use crate::core::figures::overview::rows;
    use crate::core::fixtures::ym;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A fixture with hand-countable figures: an office and one school, January to September.
    fn fixture() -> (Plan, Dataset) {
        let plan = Plan::builtin();
        let mut data = Dataset::default();
        let office = Unit {
            id: "o".into(),
            kind: UnitKind::Office,
            parent: None,
            name: "Phòng".into(),
            level: None,
            code: String::new(),
            changed_at: 0,
        };
        data.set_me(office, 1);
        data.upsert_unit(
            Unit {
                id: "s".into(),
                kind: UnitKind::School,
                parent: None,
                name: "Trường".into(),
                level: Some(SchoolLevel::Thcs),
                code: String::new(),
                changed_at: 0,
            },
            1,
        );
        for m in 1..=9 {
            // Every month: 10 early, 40 on time, 1 late; nothing in progress at the month's end.
            for (f, v) in [
                ("hs_gq_truoc_han", 10),
                ("hs_gq_dung_han", 40),
                ("hs_gq_qua_han", if m == 4 { 3 } else { 1 }),
                ("hs_dang_trong_han", 0),
                ("hs_dang_qua_han", 0),
            ] {
                data.set_figure("o", ym(m), f, Some(v), 1);
            }
            data.set_figure("o", ym(m), "vb_tong", Some(100), 1);
            data.set_figure("o", ym(m), "vb_dien_tu", Some(99), 1);
            data.set_figure("s", ym(m), "vb_tong", Some(20), 1);
            data.set_figure("s", ym(m), "vb_dien_tu", Some(20), 1);
        }
        (plan, data)
    }

    /// Issue 11: each period's report, every figure checked by hand, and the same as the targets
    /// page for that period.
    #[test]
    fn each_periods_report_is_the_targets_page_of_that_period() {
        let (plan, data) = fixture();
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 12, 20),
        };
        // (kind, months, on time, all, electronic, documents)
        let expected = [
            (ReportKind::Q1, 2, 100, 102, 2 * 99 + 2 * 20, 2 * 120),
            (ReportKind::H1, 5, 250, 257, 5 * 99 + 5 * 20, 5 * 120),
            (ReportKind::Q3, 8, 400, 410, 8 * 99 + 8 * 20, 8 * 120),
            // The annual report's window is January–November; figures stop in September, and
            // October and November are listed as missing.
            (ReportKind::Year, 9, 450, 461, 9 * 99 + 9 * 20, 9 * 120),
        ];
        for (kind, months, good, all, elec, docs) in expected {
            let r = build(&ctx, kind).unwrap();
            assert!(!r.open, "{kind:?} is closed on 20/12");
            let on_time = r
                .targets
                .iter()
                .find(|t| t.row.indicator.id == "dung_han")
                .unwrap();
            assert_eq!(on_time.row.eval.ratio, Ratio::new(good, all), "{kind:?}");
            let docs_line = r
                .targets
                .iter()
                .find(|t| t.row.indicator.id == "van_ban_dien_tu")
                .unwrap();
            assert_eq!(docs_line.row.eval.ratio, Ratio::new(elec, docs), "{kind:?}");
            assert!(r.window.len() >= months);
            // The same figures as the targets page over that period's window.
            let page = rows(&ctx, r.period.window);
            for t in &r.targets {
                let p = page
                    .iter()
                    .find(|p| p.indicator.id == t.row.indicator.id)
                    .unwrap();
                assert_eq!(p.eval, t.row.eval, "{kind:?} {}", t.row.indicator.id);
            }
        }
        // 6 tháng against quý I: on time 250/257 = 97,28 % after 100/102 = 98,04 %: −0,76 points.
        let h1 = build(&ctx, ReportKind::H1).unwrap();
        let on_time = h1
            .targets
            .iter()
            .find(|t| t.row.indicator.id == "dung_han")
            .unwrap();
        assert_eq!(
            on_time.previous.as_ref().unwrap().ratio,
            Ratio::new(100, 102)
        );
        assert_eq!(on_time.change_from_previous(), Some(9728 - 9804));
        assert!(build(&ctx, ReportKind::Q1).unwrap().targets[0]
            .previous
            .is_none());
        // The annual report lists October and November as missing for the office's dossiers.
        let year = build(&ctx, ReportKind::Year).unwrap();
        let on_time = year
            .targets
            .iter()
            .find(|t| t.row.indicator.id == "dung_han")
            .unwrap();
        assert_eq!(
            on_time.row.eval.missing,
            vec![("o".to_string(), ym(10)), ("o".to_string(), ym(11))]
        );
        assert!(year.missing.iter().any(|m| matches!(m,
            Missing::Figures { unit, months, goals } if unit == "o"
                && months.contains(&ym(10)) && months.contains(&ym(11)) && goals.contains(&"2.1".to_string()))));
    }

    #[test]
    fn a_schools_report_covers_its_own_figures() {
        let (plan, mut data) = fixture();
        data.set_me(data.unit("s").unwrap().clone(), 2);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 7, 10),
        };
        let r = build(&ctx, ReportKind::H1).unwrap();
        let ids: Vec<&str> = r
            .targets
            .iter()
            .map(|t| t.row.indicator.id.as_str())
            .collect();
        assert!(!ids.contains(&"dung_han"));
        let docs = r
            .targets
            .iter()
            .find(|t| t.row.indicator.id == "van_ban_dien_tu")
            .unwrap();
        assert_eq!(docs.row.eval.ratio, Ratio::new(100, 100));
        // Every open task of the school's own (6.3 and 8.2) is untouched since quý I; the
        // office's tasks are not the school's to report.
        let stale: Vec<&str> = r
            .missing
            .iter()
            .filter_map(|m| match m {
                Missing::StaleTask { task } => Some(task.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(stale, vec!["6.3", "8.2"]);
        let areas: Vec<&str> = r.areas.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(areas, vec!["6", "8"]);
    }

    /// The unit above's report: every target summed over the whole tree, its offices' task
    /// progress summed area by area, no task of its own asked for.
    #[test]
    fn the_unit_above_reports_its_offices_and_their_schools() {
        let plan = Plan::builtin();
        let data = crate::core::data::sample::sample_dataset(&plan, UnitKind::Above, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 12, 20),
        };
        let r = build(&ctx, ReportKind::Year).unwrap();
        assert_eq!(r.targets.len(), plan.measures.indicators.len());
        let offices = crate::core::data::tree::offices_within(&data, &me.id);
        assert_eq!(offices.len(), 2);
        for line in &r.areas {
            let area = plan
                .task_areas
                .iter()
                .find(|a| a.number == line.number)
                .unwrap();
            let mut sum = Progress::default();
            for o in &offices {
                sum.merge(&area_progress(
                    &plan,
                    data.work(&plan.id),
                    &o.id,
                    UnitKind::Office,
                    area,
                ));
            }
            assert_eq!(line.progress, sum, "area {}", line.number);
        }
        assert_eq!(r.areas.len(), plan.task_areas.len());
        assert!(!r
            .missing
            .iter()
            .any(|m| matches!(m, Missing::StaleTask { .. })));
        // Surveys by school, level by level, then the whole sector, over both offices.
        let schools = r.surveys.iter().filter(|l| l.unit.is_some()).count();
        assert_eq!(schools, data.schools().len());
    }

    /// Issue 28 item 12: the office's survey table is by school, as its heading "Trường" says;
    /// each level closes with its subtotal and the table with the whole sector.
    #[test]
    fn the_offices_survey_table_lists_each_school_then_its_level() {
        let plan = Plan::builtin();
        let data = crate::core::data::sample::sample_dataset(&plan, UnitKind::Office, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 12, 20),
        };
        let r = build(&ctx, ReportKind::Year).unwrap();
        let schools = r.surveys.iter().filter(|l| l.unit.is_some()).count();
        assert!(schools >= 2, "the sample has surveys at several schools");
        let mut pending: Vec<&SurveyLine> = Vec::new();
        let mut levels: Vec<&SurveyLine> = Vec::new();
        for line in &r.surveys {
            match &line.unit {
                Some(id) => {
                    assert_eq!(line.label, data.unit(id).unwrap().name);
                    pending.push(line);
                }
                None if line.label == "all" => {
                    let sum: Tally = levels.iter().map(|l| l.tally).sum();
                    assert_eq!(line.tally, sum, "the sector is its levels' sum");
                }
                None => {
                    assert!(!pending.is_empty(), "a level follows its schools");
                    let sum: Tally = pending.iter().map(|l| l.tally).sum();
                    assert_eq!(line.tally, sum, "{} is its schools' sum", line.label);
                    let forms: u64 = pending.iter().map(|l| l.forms).sum();
                    assert_eq!(line.forms, forms);
                    pending.clear();
                    levels.push(line);
                }
            }
        }
        assert_eq!(r.surveys.last().unwrap().label, "all");
        let json: serde_json::Value = serde_json::from_str(&report_json(&plan, &r)).unwrap();
        assert!(json["surveys"][0]["unit"].is_string());
        assert!(json["surveys"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .get("unit")
            .is_none());
    }

    #[test]
    fn the_report_exports_as_json_and_csv() {
        let (plan, data) = fixture();
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 12, 20),
        };
        let r = build(&ctx, ReportKind::Q1).unwrap();
        let json: serde_json::Value = serde_json::from_str(&report_json(&plan, &r)).unwrap();
        assert_eq!(json["format"], "cchc-report");
        assert_eq!(json["report"], "q1");
        assert_eq!(json["window"]["to"], "2024-02");
        let on_time = json["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["indicator"] == "dung_han")
            .unwrap();
        assert_eq!(
            (
                on_time["numerator"].as_u64(),
                on_time["denominator"].as_u64()
            ),
            (Some(100), Some(102))
        );
        assert_eq!(on_time["rate_bp"], 9804);
        let labels: Vec<String> = r
            .targets
            .iter()
            .map(|t| t.row.indicator.id.clone())
            .collect();
        let csv = targets_csv(
            &r,
            &[
                "Chỉ tiêu",
                "Tên, đầy đủ",
                "Yêu cầu",
                "Tử số",
                "Mẫu số",
                "Tỷ lệ",
                "Đánh giá",
                "Tạm tính",
            ],
            &labels,
            Lang::Vi,
            |s| match s {
                Status::Met => "Đạt".to_string(),
                other => format!("{other:?}"),
            },
        );
        assert!(csv.starts_with("\u{feff}Chỉ tiêu,\"Tên, đầy đủ\","));
        assert!(
            csv.contains("\r\n2.1,dung_han,≥ 98 %,100,102,\"98,04 %\",Đạt,\r\n"),
            "{csv}"
        );
    }
}
