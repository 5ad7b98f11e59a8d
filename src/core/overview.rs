//! What the dashboard and the targets page show: every indicator of the user's scope evaluated over
//! a window, and the list of things needing attention (missing months, overdue tasks, targets at
//! risk, targets not yet assessed). Built on `indicator` and `tasks`; no rule of its own beyond
//! choosing what to show.

use chrono::NaiveDate;

use super::dataset::{Dataset, Unit, UnitKind};
use super::indicator::{
    evaluate, gap, missing_months, scope_units, year_end_projection, Evaluation, Gap, Projection,
    Status,
};
use super::period::{year_to_date, MonthRange, YearMonth};
use super::plan::{GapMode, Goal, Indicator, Plan, Target};
use super::tasks::overdue_tasks;

/// The inputs every overview needs.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub data: &'a Dataset,
    pub me: &'a Unit,
    pub today: NaiveDate,
}

impl<'a> Context<'a> {
    /// The last month whose figures are due (the last complete month), within the plan's year.
    pub fn elapsed_until(&self) -> YearMonth {
        year_to_date(self.plan.year, self.today).to
    }

    /// January to the last complete month.
    pub fn year_to_date(&self) -> MonthRange {
        year_to_date(self.plan.year, self.today)
    }

    /// Whether any month of the plan's year is complete yet.
    pub fn any_month_elapsed(&self) -> bool {
        self.today
            > YearMonth::new(self.plan.year, 1)
                .map(|m| m.last_day())
                .unwrap_or(self.today)
    }

    /// The indicators that concern the user: all of them for the office (which aggregates the
    /// schools), those the schools report for a school.
    pub fn indicators(&self) -> Vec<&'a Indicator> {
        let kind = self.me.kind;
        self.plan
            .measures
            .indicators
            .iter()
            .filter(|i| kind == UnitKind::Office || i.reporters.contains(&kind))
            .collect()
    }
}

/// One indicator evaluated over a window, with the way to its goal.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub indicator: &'a Indicator,
    pub goal: &'a Goal,
    pub units: Vec<&'a Unit>,
    pub eval: Evaluation,
    pub gap: Gap,
    /// Only for the year-to-date window of "future" indicators, while months remain.
    pub projection: Option<Projection>,
}

/// Evaluates one indicator for `units` over `window`.
pub fn row<'a>(
    ctx: &Context<'a>,
    indicator: &'a Indicator,
    units: Vec<&'a Unit>,
    window: MonthRange,
) -> Option<Row<'a>> {
    let goal = ctx.plan.primary_goal(indicator)?;
    let until = ctx.elapsed_until().min(window.to);
    let eval = evaluate(ctx.plan, ctx.data, indicator, &units, window, until);
    let g = gap(goal, eval.ratio, indicator.gap_mode);
    let projection = (indicator.gap_mode == GapMode::Future
        && window.from.month() == 1
        && ctx.any_month_elapsed())
    .then(|| {
        let elapsed = window.to.month().min(ctx.elapsed_until().month());
        year_end_projection(goal, eval.ratio, elapsed, 12 - elapsed)
    })
    .flatten();
    Some(Row {
        indicator,
        goal,
        units,
        eval,
        gap: g,
        projection,
    })
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

/// Something the user should look at.
#[derive(Debug, Clone, PartialEq)]
pub enum Attention {
    /// A unit has not entered figures for these elapsed months.
    MissingMonths {
        unit: String,
        months: Vec<YearMonth>,
    },
    /// A task is open past its due date.
    OverdueTask { task: String, due: NaiveDate },
    /// An indicator is below its goal over the year so far.
    AtRisk {
        indicator: String,
        goal: String,
        rate_bp: u64,
    },
    /// A qualitative target has no assessment yet.
    Unassessed { target: String },
}

/// What needs attention, most urgent kinds first.
/// `ytd_rows` are the year-to-date rows (`rows(ctx, ctx.year_to_date())`), which the caller
/// usually has already.
pub fn attention(ctx: &Context<'_>, ytd_rows: &[Row<'_>]) -> Vec<Attention> {
    let mut out = Vec::new();
    for row in ytd_rows {
        if row.eval.status == Status::NotMet {
            out.push(Attention::AtRisk {
                indicator: row.indicator.id.clone(),
                goal: row.indicator.goals.join(", "),
                rate_bp: row.eval.ratio.rate_bp().unwrap_or(0),
            });
        }
    }
    for (task, due) in overdue_tasks(ctx.plan, ctx.data, &ctx.me.id, ctx.today) {
        out.push(Attention::OverdueTask {
            task: task.number.clone(),
            due,
        });
    }
    if ctx.any_month_elapsed() {
        let ytd = ctx.year_to_date();
        let mut units: Vec<&Unit> = vec![ctx.me];
        if ctx.me.kind == UnitKind::Office {
            units.extend(ctx.data.schools());
        }
        for u in units {
            let months = missing_months(ctx.data, &u.id, ytd, ctx.elapsed_until());
            if !months.is_empty() {
                out.push(Attention::MissingMonths {
                    unit: u.id.clone(),
                    months,
                });
            }
        }
    }
    for t in qualitative_targets(ctx.plan, ctx.me.kind) {
        let assessed = ctx
            .data
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
    use crate::core::sample::sample_dataset;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
        let items = attention(&ctx, &rows(&ctx, ctx.year_to_date()));
        assert!(
            items.iter().any(
                |a| matches!(a, Attention::AtRisk { indicator, .. } if indicator == "dung_han")
            ),
            "{items:?}"
        );
        assert!(items
            .iter()
            .any(|a| matches!(a, Attention::AtRisk { indicator, .. } if indicator == "xin_loi")));
        // The school that stopped in July is missing July to September.
        let missing: Vec<&Attention> = items
            .iter()
            .filter(|a| matches!(a, Attention::MissingMonths { .. }))
            .collect();
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(matches!(missing[0], Attention::MissingMonths { months, .. } if months.len() == 3));
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
        let rows = rows(&ctx, ctx.year_to_date());
        assert_eq!(rows.len(), plan.measures.indicators.len());
        let on_time = rows.iter().find(|r| r.indicator.id == "dung_han").unwrap();
        assert!(matches!(on_time.gap, Gap::Need(n) if n > 0));
        let p = on_time.projection.unwrap();
        assert_eq!(p.months_left, 3);
        // After the year, no projection.
        let late = Context {
            today: d(2025, 2, 1),
            ..ctx
        };
        let rows = super::rows(&late, late.year_to_date());
        assert!(rows.iter().all(|r| r.projection.is_none()));
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
