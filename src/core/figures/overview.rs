//! What the dashboard and the targets page show: every indicator of the user's scope evaluated over
//! a window, and the list of things needing attention (missing months, overdue tasks, targets at
//! risk, targets not yet assessed). Built on `indicator` and `tasks`; no rule of its own beyond
//! choosing what to show.

use chrono::NaiveDate;

use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::Unit;
use crate::core::figures::indicator::{
    evaluate, gap, scope_units, year_end_projection, Evaluation, Gap, Projection, Status,
};

use crate::core::base::period::{whole_year, year_to_date, MonthRange, YearMonth};
use crate::core::figures::survey_results::{answers_and_forms, forms_for_answers};
use crate::core::figures::tasks::overdue_tasks;
use crate::core::plan::model::{GapMode, Goal, Indicator, Plan, Source, Target};

/// The inputs every overview needs.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub data: &'a Dataset,
    pub me: &'a Unit,
    pub today: NaiveDate,
}

impl<'a> Context<'a> {
    /// The last month that has ended (may lie before the plan's year: then nothing is due yet).
    pub fn last_complete(&self) -> YearMonth {
        YearMonth::of(self.today).prev()
    }

    /// The last month whose figures are due (the last complete month), within the plan's year.
    pub fn elapsed_until(&self) -> YearMonth {
        year_to_date(self.plan.year, self.today).to
    }

    /// January to the last complete month.
    pub fn year_to_date(&self) -> MonthRange {
        year_to_date(self.plan.year, self.today)
    }

    /// The whole plan year: evaluated by `row` over its complete months, and open while the year
    /// lasts (the "year so far" of the targets page).
    pub fn year(&self) -> MonthRange {
        whole_year(self.plan.year).unwrap_or_else(|| self.year_to_date())
    }

    /// Whether any month of the plan's year is complete yet.
    pub fn any_month_elapsed(&self) -> bool {
        self.today
            > YearMonth::new(self.plan.year, 1)
                .map(|m| m.last_day())
                .unwrap_or(self.today)
    }

    /// The indicators that concern the user: all of them for a managing unit (which aggregates
    /// the units under it), those the schools report for a school.
    pub fn indicators(&self) -> Vec<&'a Indicator> {
        let kind = self.me.kind;
        self.plan
            .measures
            .indicators
            .iter()
            .filter(|i| kind.manages() || i.reporters.contains(&kind))
            .collect()
    }
}

/// A window as it can be judged today: open while some of its months have not ended (then only
/// its complete months are evaluated), closed once its last month has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// The months evaluated: the window, cut at the last complete month while it is open.
    pub window: MonthRange,
    pub open: bool,
}

/// Cuts a window to the months that have ended. A window none of whose months has ended yet keeps
/// its first month (what was typed early is shown; nothing is "missing" yet).
pub fn judge(window: MonthRange, last_complete: YearMonth) -> Judged {
    let open = window.to > last_complete;
    let to = if open {
        last_complete.max(window.from)
    } else {
        window.to
    };
    Judged {
        window: MonthRange {
            from: window.from,
            to,
        },
        open,
    }
}

/// One indicator evaluated over a window, with the way to its goal.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub indicator: &'a Indicator,
    pub goal: &'a Goal,
    pub units: Vec<&'a Unit>,
    /// The months evaluated, and whether the window is still open.
    pub judged: Judged,
    pub eval: Evaluation,
    /// What it takes to reach the goal: only while the window is open (a closed window shows its
    /// final result).
    pub gap: Option<Gap>,
    /// The pace the rest of the year needs: only for open windows that start in January, for
    /// "future" indicators, once a month is complete and while months remain.
    pub projection: Option<Projection>,
    /// For survey indicators: the gap in survey forms (all answers satisfied) rather than answers.
    pub gap_forms: Option<u64>,
}

/// Evaluates one indicator for `units` over `window`.
pub fn row<'a>(
    ctx: &Context<'a>,
    indicator: &'a Indicator,
    units: Vec<&'a Unit>,
    window: MonthRange,
) -> Option<Row<'a>> {
    let goal = ctx.plan.primary_goal(indicator)?;
    let last_complete = ctx.last_complete();
    let judged = judge(window, last_complete);
    let eval = evaluate(
        ctx.plan,
        ctx.data,
        indicator,
        &units,
        judged.window,
        last_complete,
    );
    // A goal met is reached, also by a rate above 100 % the plan allows (which `gap` alone,
    // seeing a part above its whole, would not judge).
    let gap = judged.open.then(|| match eval.status {
        Status::Met => Gap::Reached,
        _ => gap(goal, eval.ratio, indicator.gap_mode),
    });
    let in_year = last_complete.year() == ctx.plan.year;
    let projection = (judged.open
        && indicator.gap_mode == GapMode::Future
        && window.from.month() == 1
        && in_year)
        .then(|| {
            let elapsed = last_complete.month();
            year_end_projection(goal, eval.ratio, elapsed, 12 - elapsed)
        })
        .flatten();
    let gap_forms = match (indicator.source, gap) {
        (Source::Survey, Some(Gap::Need(n))) => {
            let (answers, forms) =
                answers_and_forms(ctx.data.work(&ctx.plan.id), &units, judged.window);
            forms_for_answers(n, answers, forms)
        }
        _ => None,
    };
    Some(Row {
        indicator,
        goal,
        units,
        judged,
        eval,
        gap,
        projection,
        gap_forms,
    })
}

/// The row's indicator over the same months of the year before (its figures stay keyed by unit and
/// month whatever the plan), for showing years side by side. `None` where nothing was entered then.
pub fn year_before(ctx: &Context<'_>, row: &Row<'_>) -> Option<Evaluation> {
    let w = row.judged.window;
    let back = |m: YearMonth| YearMonth::new(m.year() - 1, m.month());
    let window = MonthRange::new(back(w.from)?, back(w.to)?)?;
    let e = evaluate(
        ctx.plan,
        ctx.data,
        row.indicator,
        &row.units,
        window,
        ctx.last_complete(),
    );
    (e.status != Status::NoData).then_some(e)
}

/// Every indicator of the user's scope over `window` (all units the user sees).
pub fn rows<'a>(ctx: &Context<'a>, window: MonthRange) -> Vec<Row<'a>> {
    ctx.indicators()
        .into_iter()
        .filter_map(|ind| row(ctx, ind, scope_units(ctx.data, ctx.me, ind), window))
        .collect()
}

/// Targets without a figure (qualitative), that concern the user's kind of unit.
pub fn qualitative_targets(plan: &Plan, kind: UnitKind) -> Vec<&Target> {
    plan.leaf_targets()
        .into_iter()
        .filter(|t| t.goal.is_none() && t.reporter.is_some_and(|r| r.includes(kind)))
        .collect()
}

/// The figures rows lack, grouped per unit: (unit, the complete months missing in order, the goals
/// of the indicators concerned). Shared by the attention list and the period reports.
pub fn missing_by_unit<'r, 'a: 'r>(
    rows: impl Iterator<Item = &'r Row<'a>>,
) -> Vec<(String, Vec<YearMonth>, Vec<String>)> {
    let mut out: Vec<(String, Vec<YearMonth>, Vec<String>)> = Vec::new();
    for row in rows {
        let g = row.indicator.goals.join(", ");
        for (unit, month) in &row.eval.missing {
            let i = match out.iter().position(|(u, _, _)| u == unit) {
                Some(i) => i,
                None => {
                    out.push((unit.clone(), vec![], vec![]));
                    out.len() - 1
                }
            };
            let (_, months, goals) = &mut out[i];
            if !months.contains(month) {
                months.push(*month);
            }
            if !goals.contains(&g) {
                goals.push(g.clone());
            }
        }
    }
    for (_, months, _) in &mut out {
        crate::core::base::sorting::sort_by(months, Ord::cmp);
    }
    out
}

/// Something the user should look at.
#[derive(Debug, Clone, PartialEq)]
pub enum Attention {
    /// A unit lacks figures some indicators need, for these complete months.
    MissingMonths {
        unit: String,
        months: Vec<YearMonth>,
        /// The goals of the indicators concerned ("2.1", "6.3").
        goals: Vec<String>,
    },
    /// A task is open past its due date.
    OverdueTask { task: String, due: NaiveDate },
    /// An indicator is below its goal over the year so far.
    AtRisk {
        indicator: String,
        goal: String,
        rate_bp: u64,
    },
    /// An indicator's figures contradict each other (a rate above 100 %).
    Conflict { indicator: String, goal: String },
    /// A qualitative target has no assessment yet.
    Unassessed { target: String },
}

/// What needs attention, most urgent kinds first.
/// `year_rows` are the rows of the year so far (`rows(ctx, ctx.year())`), which the caller
/// usually has already; missing figures are judged per indicator from them.
pub fn attention(ctx: &Context<'_>, year_rows: &[Row<'_>]) -> Vec<Attention> {
    let mut out = Vec::new();
    for row in year_rows {
        let goal = row.indicator.goals.join(", ");
        match row.eval.status {
            Status::NotMet => out.push(Attention::AtRisk {
                indicator: row.indicator.id.clone(),
                goal,
                rate_bp: row.eval.ratio.rate_bp().unwrap_or(0),
            }),
            Status::Invalid => out.push(Attention::Conflict {
                indicator: row.indicator.id.clone(),
                goal,
            }),
            _ => {}
        }
    }
    for (task, due) in overdue_tasks(
        ctx.plan,
        ctx.data.work(&ctx.plan.id),
        &ctx.me.id,
        ctx.me.kind,
        ctx.today,
    ) {
        out.push(Attention::OverdueTask {
            task: task.number.clone(),
            due,
        });
    }
    for (unit, months, goals) in missing_by_unit(year_rows.iter()) {
        out.push(Attention::MissingMonths {
            unit,
            months,
            goals,
        });
    }
    for t in qualitative_targets(ctx.plan, ctx.me.kind) {
        let assessed = ctx
            .data
            .work(&ctx.plan.id)
            .assessments
            .get(&ctx.me.id)
            .is_some_and(|a| a.contains_key(&t.number));
        if !assessed {
            out.push(Attention::Unassessed {
                target: t.number.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::ratio::Ratio;
    use crate::core::data::dataset::Dataset;
    use crate::core::data::sample::sample_dataset;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// An office with no figures yet, and a dataset that holds it.
    fn office_alone() -> (Unit, Dataset) {
        let me = Unit {
            id: "o".into(),
            kind: UnitKind::Office,
            parent: None,
            name: "o".into(),
            level: None,
            code: String::new(),
            changed_at: 0,
        };
        let mut data = Dataset::default();
        data.units.insert("o".into(), me.clone());
        (me, data)
    }

    #[test]
    fn the_sample_office_sees_risks_gaps_and_missing_months() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::Office, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 10, 15),
        };
        assert_eq!(ctx.elapsed_until(), YearMonth::new(2024, 9).unwrap());
        let items = attention(&ctx, &rows(&ctx, ctx.year()));
        assert!(
            items.iter().any(
                |a| matches!(a, Attention::AtRisk { indicator, .. } if indicator == "dung_han")
            ),
            "{items:?}"
        );
        assert!(items
            .iter()
            .any(|a| matches!(a, Attention::AtRisk { indicator, .. } if indicator == "xin_loi")));
        let missing: Vec<(&str, usize, &[String])> = items
            .iter()
            .filter_map(|a| match a {
                Attention::MissingMonths {
                    unit,
                    months,
                    goals,
                } => Some((unit.as_str(), months.len(), goals.as_slice())),
                _ => None,
            })
            .collect();
        // The school that stopped in July lacks July to September; the school that never
        // answered the e-payment question lacks it for every month (and nothing else).
        assert_eq!(missing.len(), 2, "{missing:?}");
        assert!(
            missing.contains(&("mau-th-hoa-mi", 3, &["7.1".to_string()][..])),
            "{missing:?}"
        );
        assert!(
            missing.contains(&("mau-th-anh-duong", 9, &["6.3".to_string()][..])),
            "{missing:?}"
        );
        // Target 1 is qualitative and not assessed in the sample; target 4 is.
        assert!(items.contains(&Attention::Unassessed { target: "1".into() }));
        assert!(!items.contains(&Attention::Unassessed { target: "4".into() }));
    }

    #[test]
    fn rows_carry_gaps_and_a_projection_while_months_remain() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::Office, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 10, 15),
        };
        let rows = rows(&ctx, ctx.year());
        assert_eq!(rows.len(), plan.measures.indicators.len());
        let on_time = rows.iter().find(|r| r.indicator.id == "dung_han").unwrap();
        assert_eq!(on_time.judged.window, ctx.year_to_date());
        assert!(matches!(on_time.gap, Some(Gap::Need(n)) if n > 0));
        let p = on_time.projection.unwrap();
        assert_eq!(p.months_left, 3);
        // After the year, no projection and no gap: the year is closed.
        let late = Context {
            today: d(2025, 2, 1),
            ..ctx
        };
        let rows = super::rows(&late, late.year());
        assert!(rows
            .iter()
            .all(|r| r.projection.is_none() && r.gap.is_none()));
    }

    /// Issue 8, defect 2: on the Quý I tab in October, the Q1 window (January–February) is
    /// closed: its final result, no "cần thêm", no pace "in the 10 remaining months".
    #[test]
    fn a_closed_window_shows_its_final_result_only() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::Office, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 10, 15),
        };
        let q1 = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 2).unwrap(),
        )
        .unwrap();
        for r in rows(&ctx, q1) {
            assert!(!r.judged.open);
            assert_eq!(r.gap, None, "{}", r.indicator.id);
            assert_eq!(r.projection, None, "{}", r.indicator.id);
        }
        // The annual window (January–November) is still open in October: evaluated over
        // January–September, with the months left counted from today (3), not from its end.
        let year_report = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 11).unwrap(),
        )
        .unwrap();
        let on_time = row(
            &ctx,
            plan.indicator("dung_han").unwrap(),
            vec![me],
            year_report,
        )
        .unwrap();
        assert!(on_time.judged.open);
        assert_eq!(on_time.judged.window.to, YearMonth::new(2024, 9).unwrap());
        assert_eq!(on_time.projection.map(|p| p.months_left), Some(3));
    }

    /// Issue 8, defect 5: in January nothing is missing yet (January has not ended).
    #[test]
    fn in_january_january_is_not_missing() {
        let plan = Plan::builtin();
        let (me, data) = office_alone();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me: &me,
            today: d(2024, 1, 20),
        };
        let rows = super::rows(&ctx, ctx.year());
        assert!(rows.iter().all(|r| r.eval.missing.is_empty()));
        assert!(rows.iter().all(|r| r.eval.status == Status::NoData));
        assert!(!attention(&ctx, &rows)
            .iter()
            .any(|a| matches!(a, Attention::MissingMonths { .. })));
        // On 1 February, January is due.
        let feb = Context {
            today: d(2024, 2, 1),
            ..ctx
        };
        let rows = super::rows(&feb, feb.year());
        let on_time = rows.iter().find(|r| r.indicator.id == "dung_han").unwrap();
        assert_eq!(
            on_time.eval.missing,
            vec![("o".to_string(), YearMonth::new(2024, 1).unwrap())]
        );
    }

    /// Issue 9: where figures exist for the same months of the year before, they are evaluated
    /// the same way beside this year's.
    #[test]
    fn the_same_months_of_the_year_before_are_evaluated_alike() {
        let p2024 = Plan::builtin();
        let plan = crate::core::plan::file::copy_to_year(&p2024, 2025);
        let (me, mut data) = office_alone();
        let m = |y, n| YearMonth::new(y, n).unwrap();
        data.set_figure("o", m(2024, 1), "vb_tong", Some(50), 1);
        data.set_figure("o", m(2024, 1), "vb_dien_tu", Some(45), 1);
        data.set_figure("o", m(2024, 2), "vb_tong", Some(50), 1);
        data.set_figure("o", m(2024, 2), "vb_dien_tu", Some(50), 1);
        data.set_figure("o", m(2025, 1), "vb_tong", Some(10), 1);
        data.set_figure("o", m(2025, 1), "vb_dien_tu", Some(10), 1);
        let ctx = Context {
            plan: &plan,
            data: &data,
            me: &me,
            today: d(2025, 2, 10),
        };
        let docs = plan.indicator("van_ban_dien_tu").unwrap();
        let r = row(&ctx, docs, vec![&me], ctx.year()).unwrap();
        assert_eq!(r.eval.ratio, Ratio::new(10, 10));
        // January 2025 so far, against January 2024 (not January–February).
        let before = year_before(&ctx, &r).unwrap();
        assert_eq!(before.ratio, Ratio::new(45, 50));
        let on_time = plan.indicator("dung_han").unwrap();
        let r = row(&ctx, on_time, vec![&me], ctx.year()).unwrap();
        assert_eq!(year_before(&ctx, &r), None, "nothing entered then");
    }

    /// Issue 8, defect 6: an office that typed only its documents in March is missing its March
    /// dossiers — not "Không phát sinh" — and a quarter with no dossier figure at all has no data.
    #[test]
    fn missing_data_is_judged_per_indicator() {
        let plan = Plan::builtin();
        let (me, mut data) = office_alone();
        let m = |n| YearMonth::new(2024, n).unwrap();
        for f in [
            "hs_gq_truoc_han",
            "hs_gq_dung_han",
            "hs_gq_qua_han",
            "hs_dang_trong_han",
            "hs_dang_qua_han",
        ] {
            for month in [1, 2] {
                data.set_figure("o", m(month), f, Some(0), 1);
            }
        }
        data.set_figure("o", m(3), "vb_tong", Some(40), 1);
        data.set_figure("o", m(3), "vb_dien_tu", Some(40), 1);
        let ctx = Context {
            plan: &plan,
            data: &data,
            me: &me,
            today: d(2024, 4, 10),
        };
        let q = MonthRange::new(m(1), m(3)).unwrap();
        let on_time = row(&ctx, plan.indicator("dung_han").unwrap(), vec![&me], q).unwrap();
        assert_eq!(
            on_time.eval.status,
            Status::NoActivity,
            "0 dossiers in Jan–Feb"
        );
        assert_eq!(on_time.eval.missing, vec![("o".to_string(), m(3))]);
        let march = MonthRange::new(m(3), m(3)).unwrap();
        let on_time = row(&ctx, plan.indicator("dung_han").unwrap(), vec![&me], march).unwrap();
        assert_eq!(
            on_time.eval.status,
            Status::NoData,
            "nothing typed: not Không phát sinh"
        );
        let docs = row(
            &ctx,
            plan.indicator("van_ban_dien_tu").unwrap(),
            vec![&me],
            march,
        )
        .unwrap();
        assert!(docs.eval.status.is_met());
        assert!(docs.eval.missing.is_empty());
    }

    #[test]
    fn a_school_sees_only_its_own_indicators() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::School, 1);
        let me = data.me().unwrap();
        let ctx = Context {
            plan: &plan,
            data: &data,
            me,
            today: d(2024, 10, 15),
        };
        let ids: Vec<&str> = ctx.indicators().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "hai_long_giao_duc",
                "don_vi_ttdt",
                "van_ban_dien_tu",
                "chu_ky_so"
            ]
        );
        assert!(qualitative_targets(&plan, UnitKind::School).is_empty());
    }
}
