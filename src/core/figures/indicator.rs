//! Indicators: raw counts in, rates and statuses out.
//!
//! A rate is numerator / denominator, compared with its goal in exact integer arithmetic. Over months
//! and over units, numerators and denominators are *summed* before dividing — rates are never
//! averaged. A denominator of 0 means "Không phát sinh" (nothing happened), never 0 % or 100 %.

use serde::Serialize;

use crate::core::base::ratio::Ratio;

use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::{SchoolLevel, Unit};
use crate::core::figures::entry::{violations, Violation};
use crate::core::figures::unit_figures::UnitFigures;
use crate::core::plan::model::{
    FieldKind, GapMode, Goal, Indicator, Operator, Plan, Source, UNITS_TERM,
};

/// Where a rate stands against its goal. One rule for ≥, > and =: the goal is met or not
/// ("Đạt" / "Không đạt"), and how far above or below is shown beside it as a margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Status {
    /// Chưa có số liệu: nothing that counts was entered for the window. Never "Không phát sinh".
    NoData,
    /// Không phát sinh: figures were entered and the denominator is 0.
    NoActivity,
    /// The numerator exceeds the denominator: a part above its whole somewhere in the data. No
    /// verdict is given on such a rate; the months to fix are named instead.
    Invalid,
    /// Đạt
    Met,
    /// Không đạt
    NotMet,
}

/// Compares exactly: num/den against threshold_bp/10000, with no floating point. A rate above
/// 100 % gets no verdict (see [`verdict`] for the relations the plan lets exceed).
pub fn status(goal: &Goal, r: Ratio) -> Status {
    verdict(goal, r, false)
}

/// [`status`], where `may_exceed` says that the plan's relation between the numerator and the
/// denominator is not strict ([`Plan::may_exceed`]): a rate above 100 % is then judged as it
/// is — it meets every goal, "100 %" included, since every item of the whole is covered.
pub fn verdict(goal: &Goal, r: Ratio, may_exceed: bool) -> Status {
    if r.den == 0 {
        return Status::NoActivity;
    }
    let above = r.num > r.den;
    if above && !may_exceed {
        return Status::Invalid;
    }
    let lhs = u128::from(r.num) * 10_000;
    let rhs = u128::from(goal.threshold_bp()) * u128::from(r.den);
    match goal.operator {
        Operator::AtLeast if lhs >= rhs => Status::Met,
        Operator::Above if lhs > rhs => Status::Met,
        Operator::Exactly if lhs == rhs || above => Status::Met,
        _ => Status::NotMet,
    }
}

impl Status {
    pub fn is_met(self) -> bool {
        self == Status::Met
    }
}

/// How far the displayed rate is from the goal's threshold, in hundredths of a percentage point
/// (+44 = "+0,44 điểm %"). Computed from the displayed rate, so the margin and the rate beside it
/// always agree; `None` when there is no rate.
pub fn margin_bp(goal: &Goal, r: Ratio) -> Option<i64> {
    let shown = r.display_bp(Some(goal.guard()))?;
    Some(shown as i64 - goal.threshold_bp() as i64)
}

/// What it takes to reach the goal from where the counts are now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gap {
    /// Already there.
    Reached,
    /// Nothing to measure yet.
    NoActivity,
    /// This many more good items are needed ("cần thêm N hồ sơ đúng hạn").
    Need(u64),
    /// No number of good items can reach it (e.g. 100 % once a dossier was late).
    Unreachable,
}

/// The gap to the goal. In `Future` mode each good item adds to both numerator and denominator;
/// in `CatchUp` mode existing items are turned good (the denominator stays).
pub fn gap(goal: &Goal, r: Ratio, mode: GapMode) -> Gap {
    if r.den == 0 || r.num > r.den {
        return Gap::NoActivity;
    }
    if status(goal, r).is_met() {
        return Gap::Reached;
    }
    let t = u128::from(goal.threshold_bp());
    let (num, den) = (u128::from(r.num), u128::from(r.den));
    let strict = goal.operator == Operator::Above;
    match mode {
        GapMode::CatchUp => {
            // Smallest k with (num + k)·10000 ≥ t·den (or > for "Above"), k ≤ den − num.
            let need = t * den;
            let k = if strict {
                need / 10_000 + 1
            } else {
                need.div_ceil(10_000)
            };
            let k = k.saturating_sub(num);
            if num + k > den {
                Gap::Unreachable
            } else {
                Gap::Need(k as u64)
            }
        }
        GapMode::Future => {
            // Smallest x with (num + x)·10000 ≥ t·(den + x): x·(10000 − t) ≥ t·den − 10000·num.
            if t >= 10_000 {
                return Gap::Unreachable;
            }
            let deficit = t * den - num * 10_000; // > 0 because the goal is not met
            let per_item = 10_000 - t;
            let x = if strict {
                deficit / per_item + 1
            } else {
                deficit.div_ceil(per_item)
            };
            Gap::Need(x as u64)
        }
    }
}

/// What the rest of the year must look like to end it on target, at the pace so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Projection {
    /// Months of the year not yet complete.
    pub months_left: u32,
    /// Items expected in those months at the average monthly volume so far.
    pub expected_items: u64,
    /// How many of those items must be good (the least whole number that reaches the goal,
    /// strictly above it for a "> x %" goal). Above `expected_items`: out of reach this year.
    pub good_items: u64,
    /// `good_items` as a share of `expected_items`, in hundredths of a percent, rounded up, so
    /// that reaching the shown share always reaches the goal.
    pub required_bp: u64,
}

/// For `Future`-mode indicators: the good share the remaining months need, given the year so far
/// (`ytd` over `months_elapsed` months).
pub fn year_end_projection(
    goal: &Goal,
    ytd: Ratio,
    months_elapsed: u32,
    months_left: u32,
) -> Option<Projection> {
    if months_elapsed == 0 || months_left == 0 || ytd.den == 0 || ytd.num > ytd.den {
        return None;
    }
    let expected =
        (u128::from(ytd.den) * u128::from(months_left)).div_ceil(u128::from(months_elapsed));
    if expected == 0 {
        return None;
    }
    let t = u128::from(goal.threshold_bp());
    // Need (num + g)·10000 ≥ t·(den + F) (or > for a strict goal): g·10000 ≥ t·(den+F) − 10000·num.
    let total = t * (u128::from(ytd.den) + expected);
    let have = u128::from(ytd.num) * 10_000;
    let good = match goal.operator {
        Operator::Above if total >= have => (total - have) / 10_000 + 1,
        Operator::Above => 0,
        _ => total.saturating_sub(have).div_ceil(10_000),
    };
    let required_bp = (good * 10_000).div_ceil(expected);
    Some(Projection {
        months_left,
        expected_items: expected as u64,
        good_items: good as u64,
        required_bp: required_bp as u64,
    })
}

/// The figures of one term, for showing the formula with its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub field: String,
    pub value: u64,
}

/// An indicator computed over a set of units and a window of months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub ratio: Ratio,
    pub status: Status,
    pub numerator: Vec<Term>,
    pub denominator: Vec<Term>,
    /// Units × complete months of the window that lack a figure this indicator needs (per
    /// indicator: a unit that typed only its documents is still missing its dossiers).
    #[serde(skip)]
    pub missing: Vec<(String, YearMonth)>,
    /// The part-above-whole breaches behind a rate above 100 %: with status `Invalid` data to
    /// fix; beside a verdict (a relation the plan does not make strict, see [`verdict`]) a
    /// warning worth a look.
    #[serde(skip)]
    pub conflicts: Vec<Violation>,
    /// For survey indicators: the units that ran a survey round in the window, of all units.
    pub coverage: Option<(u64, u64)>,
    /// Over several units that include schools: when some of them have not reported all the
    /// window's complete months (or, for a survey indicator, ran no round), the rate is over
    /// those that did, and its verdict is provisional ("tạm tính: 5/6 trường").
    pub provisional: Option<Provisional>,
}

/// A verdict over units that have not all reported: how many did, of how many, and which did
/// not (ids, in the order of the units evaluated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provisional {
    pub reported: u64,
    pub of: u64,
    #[serde(skip)]
    pub missing: Vec<String>,
}

/// The units that report an indicator: the office, the schools, or both, among `units`.
pub fn reporting_units<'a>(indicator: &Indicator, units: &[&'a Unit]) -> Vec<&'a Unit> {
    units
        .iter()
        .copied()
        .filter(|u| indicator.reporters.contains(&u.kind))
        .collect()
}

/// The value of one field for one unit over a window, read by the field's kind (see
/// `figures`); 0 where nothing was entered — only for sums whose gaps are reported beside them.
pub fn field_value(
    plan: &Plan,
    data: &Dataset,
    unit: &str,
    field: &str,
    window: MonthRange,
) -> u64 {
    UnitFigures::new(plan, data, unit)
        .over(field, window)
        .unwrap_or(0)
}

/// The fields an indicator reads (without `$units`).
pub fn indicator_fields(indicator: &Indicator) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in indicator.numerator.iter().chain(&indicator.denominator) {
        if f != UNITS_TERM && !out.contains(f) {
            out.push(f.clone());
        }
    }
    out
}

/// Sums terms over units: the one aggregation every page, chart and report uses.
/// `$units` counts the units that reported the indicator's numerator (a school that has not said
/// whether it applies e-payment is missing data, not a "no").
fn sum_terms(
    figures: &[UnitFigures],
    terms: &[String],
    numerator: &[String],
    window: MonthRange,
) -> Vec<Term> {
    terms
        .iter()
        .map(|field| {
            let value = if field == UNITS_TERM {
                figures
                    .iter()
                    .filter(|f| f.any_over(numerator, window))
                    .count() as u64
            } else {
                figures
                    .iter()
                    .map(|f| f.over(field, window).unwrap_or(0))
                    .fold(0u64, u64::saturating_add)
            };
            Term {
                field: field.clone(),
                value,
            }
        })
        .collect()
}

/// Complete months of the window (up to `last_complete`) for which the unit lacks a figure the
/// indicator needs: a flow or stock at that month, a month-end state at the window's last month.
pub fn missing_for_indicator(
    plan: &Plan,
    data: &Dataset,
    indicator: &Indicator,
    unit: &str,
    window: MonthRange,
    last_complete: YearMonth,
) -> Vec<YearMonth> {
    missing_months(
        &UnitFigures::new(plan, data, unit),
        &indicator_fields(indicator),
        window,
        last_complete,
    )
}

/// [`missing_for_indicator`] of a unit's figures already found: each field read over the months
/// in one walk ([`UnitFigures::held_at`]), a month missing when any field lacks what the window
/// needs there ([`UnitFigures::has_for`]: a month-end state only at the window's last month).
fn missing_months(
    f: &UnitFigures,
    fields: &[String],
    window: MonthRange,
    last_complete: YearMonth,
) -> Vec<YearMonth> {
    let months: Vec<YearMonth> = window
        .months()
        .into_iter()
        .filter(|m| *m <= last_complete)
        .collect();
    let mut missing = vec![false; months.len()];
    for x in fields {
        let Some(kind) = f.kind(x) else {
            continue;
        };
        for ((m, held), miss) in months.iter().zip(f.held_at(x, &months)).zip(&mut missing) {
            let needed = kind != FieldKind::MonthEnd || *m == window.to;
            *miss |= needed && !held;
        }
    }
    months
        .into_iter()
        .zip(missing)
        .filter_map(|(m, miss)| miss.then_some(m))
        .collect()
}

/// Evaluates an indicator over `units` (already filtered to its reporters) and a window.
/// `last_complete` is the last month that has ended (months after it are never "missing").
pub fn evaluate(
    plan: &Plan,
    data: &Dataset,
    indicator: &Indicator,
    units: &[&Unit],
    window: MonthRange,
    last_complete: YearMonth,
) -> Evaluation {
    let fields = indicator_fields(indicator);
    // Each unit's figures found once (a search among a city's 2 000 ids), for every term and
    // month read below.
    let figures: Vec<UnitFigures> = match indicator.source {
        Source::Figures => units
            .iter()
            .map(|u| UnitFigures::new(plan, data, &u.id))
            .collect(),
        Source::Survey => Vec::new(),
    };
    let mut unsurveyed: Option<Vec<String>> = None;
    let (numerator, denominator, ratio, entered, coverage) = match indicator.source {
        Source::Figures => {
            let n = sum_terms(&figures, &indicator.numerator, &indicator.numerator, window);
            let d = sum_terms(
                &figures,
                &indicator.denominator,
                &indicator.numerator,
                window,
            );
            let ratio = Ratio::new(
                n.iter().map(|t| t.value).sum(),
                d.iter().map(|t| t.value).sum(),
            );
            let entered = figures.iter().any(|f| f.any_over(&fields, window));
            (n, d, ratio, entered, None)
        }
        Source::Survey => {
            let work = data.work(&plan.id);
            // Every unit's answers summed once, for the coverage and the rate alike.
            let by_unit = crate::core::figures::survey_results::totals_by_unit(work, Some(window));
            let ran = crate::core::figures::survey_results::surveyed_of(&by_unit, units);
            let coverage = Some((ran as u64, units.len() as u64));
            // The units that ran no round in the window (coverage's complement).
            unsurveyed = Some(
                units
                    .iter()
                    .filter(|u| by_unit.get(u.id.as_str()).is_none_or(|t| t.valid() == 0))
                    .map(|u| u.id.clone())
                    .collect(),
            );
            (
                vec![],
                vec![],
                crate::core::figures::survey_results::ratio_of(&by_unit, units),
                ran > 0,
                coverage,
            )
        }
    };
    let may_exceed = indicator.source == Source::Figures && plan.may_exceed(indicator);
    let status = match plan.primary_goal(indicator) {
        _ if !entered => Status::NoData,
        Some(goal) => verdict(goal, ratio, may_exceed),
        None => Status::NoActivity,
    };
    let missing = if indicator.source == Source::Figures {
        units
            .iter()
            .zip(&figures)
            .flat_map(|(u, f)| {
                missing_months(f, &fields, window, last_complete)
                    .into_iter()
                    .map(move |m| (u.id.clone(), m))
            })
            .collect()
    } else {
        vec![]
    };
    // Behind a rate above 100 %: the breaches to fix (no verdict), or, where the plan allows
    // it, the months to look at beside the verdict.
    let conflicts = if ratio.num > ratio.den && entered {
        let months = window.months();
        units
            .iter()
            .flat_map(|u| violations(plan, data, &u.id, &months, &fields))
            .collect()
    } else {
        vec![]
    };
    let provisional = provisional(units, &missing, unsurveyed);
    Evaluation {
        ratio,
        status,
        numerator,
        denominator,
        missing,
        conflicts,
        coverage,
        provisional,
    }
}

/// Whether a verdict over `units` is provisional: only where the office aggregates over several
/// units that include schools, and some have not reported (a figure missing at a complete
/// month of the window, or no survey round in it). See [`Evaluation::provisional`].
fn provisional(
    units: &[&Unit],
    missing: &[(String, YearMonth)],
    unsurveyed: Option<Vec<String>>,
) -> Option<Provisional> {
    let aggregated = units.len() > 1 && units.iter().any(|u| u.kind == UnitKind::School);
    if !aggregated {
        return None;
    }
    // `missing` lists a unit's months together, in the order of `units`.
    let behind: Vec<String> = unsurveyed.unwrap_or_else(|| {
        let mut ids: Vec<String> = Vec::new();
        for (u, _) in missing {
            if ids.last() != Some(u) {
                ids.push(u.clone());
            }
        }
        ids
    });
    (!behind.is_empty()).then(|| Provisional {
        reported: units.len().saturating_sub(behind.len()) as u64,
        of: units.len() as u64,
        missing: behind,
    })
}

/// One ratio per month of the window (for trend charts). Stocks give their value as of each month.
pub fn monthly_ratios(
    plan: &Plan,
    data: &Dataset,
    indicator: &Indicator,
    units: &[&Unit],
    months: &[YearMonth],
) -> Vec<(YearMonth, Ratio)> {
    months
        .iter()
        .map(|m| {
            let w = MonthRange { from: *m, to: *m };
            let e = evaluate(plan, data, indicator, units, w, *m);
            (*m, e.ratio)
        })
        .collect()
}

/// An indicator month by month over a year, for trend charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSeries {
    pub months: Vec<YearMonth>,
    /// Each month's own ratio; `None` where the month has nothing to measure (no data, or after
    /// the last month with data).
    pub monthly: Vec<Option<Ratio>>,
    /// January to that month, at each month that has data.
    pub cumulative: Vec<Option<Ratio>>,
}

/// The monthly and year-to-date ratios of an indicator over `year`, up to `until`.
pub fn trend(
    plan: &Plan,
    data: &Dataset,
    indicator: &Indicator,
    units: &[&Unit],
    year: i32,
    until: YearMonth,
) -> TrendSeries {
    let months: Vec<YearMonth> = (1..=12).filter_map(|m| YearMonth::new(year, m)).collect();
    let has_data = |m: YearMonth| match indicator.source {
        Source::Figures => units
            .iter()
            .any(|u| data.month_figures(&u.id, m).is_some_and(|f| !f.is_empty())),
        Source::Survey => data
            .work(&plan.id)
            .surveys
            .values()
            .any(|r| r.month == m && units.iter().any(|u| u.id == r.unit)),
    };
    let last = months
        .iter()
        .copied()
        .filter(|m| *m <= until && has_data(*m))
        .max();
    let monthly: Vec<Option<Ratio>> = monthly_ratios(plan, data, indicator, units, &months)
        .into_iter()
        .map(|(m, r)| (last.is_some_and(|l| m <= l) && r.den > 0).then_some(r))
        .collect();
    let cumulative = months
        .iter()
        .zip(&monthly)
        .map(|(m, v)| {
            v.map(|_| {
                let w = MonthRange {
                    from: months[0],
                    to: *m,
                };
                evaluate(plan, data, indicator, units, w, *m).ratio
            })
        })
        .collect();
    TrendSeries {
        months,
        monthly,
        cumulative,
    }
}

/// The units a view reads for an indicator: the unit chosen in `scope` — at the unit above, an
/// office with every unit under it — else the user's whole scope ([`scope_units`]).
pub fn units_in_scope<'a>(
    data: &'a Dataset,
    me: &'a Unit,
    indicator: &Indicator,
    scope: Option<&str>,
) -> Vec<&'a Unit> {
    match scope.and_then(|id| data.unit(id)) {
        Some(u) if u.kind == UnitKind::Office && me.kind == UnitKind::Above => {
            reporting_units(indicator, &crate::core::data::tree::within(data, &u.id))
        }
        Some(u) => reporting_units(indicator, &[u]),
        None => scope_units(data, me, indicator),
    }
}

/// The rows of a per-unit table over `units` (the user's scope): at the unit above, each office
/// with every unit under it, its counts summed; elsewhere each unit alone.
pub fn per_member<'a>(
    data: &'a Dataset,
    me: &Unit,
    indicator: &Indicator,
    units: &[&'a Unit],
) -> Vec<(&'a Unit, Vec<&'a Unit>)> {
    if me.kind != UnitKind::Above {
        return units.iter().map(|u| (*u, vec![*u])).collect();
    }
    crate::core::data::tree::subtrees(data, &me.id)
        .into_iter()
        .filter(|(o, _)| o.kind == UnitKind::Office)
        .map(|(o, under)| (o, reporting_units(indicator, &under)))
        .filter(|(_, units)| !units.is_empty())
        .collect()
}

/// The schools among `units` by level, for rows per school level (a level without a school is
/// left out): each level's counts summed, never its schools' rates averaged.
pub fn per_level<'a>(units: &[&'a Unit]) -> Vec<(SchoolLevel, Vec<&'a Unit>)> {
    SchoolLevel::ALL
        .into_iter()
        .map(|l| {
            let of_level = units
                .iter()
                .copied()
                .filter(|u| u.kind == UnitKind::School && u.level == Some(l))
                .collect::<Vec<_>>();
            (l, of_level)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The units in `data` that are relevant to an indicator for the current user: a managing unit
/// (an office, a unit above) sees every reporting unit it holds, the whole tree; a school sees itself.
pub fn scope_units<'a>(data: &'a Dataset, me: &'a Unit, indicator: &Indicator) -> Vec<&'a Unit> {
    match me.kind {
        UnitKind::Office | UnitKind::Above => {
            let all: Vec<&Unit> = data.units.values().collect();
            reporting_units(indicator, &all)
        }
        UnitKind::School => reporting_units(indicator, &[me]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::ratio::round_guarded;
    use crate::core::data::records::Stamped;
    use crate::core::fixtures::ym;
    use proptest::prelude::*;

    fn goal(op: Operator, t: f64) -> Goal {
        Goal {
            id: String::new(),
            operator: op,
            threshold: t,
            quote: String::new(),
        }
    }

    #[test]
    fn rates_round_half_up_but_never_across_a_threshold_they_miss() {
        assert_eq!(Ratio::new(9881, 10000).rate_bp(), Some(9881));
        // 150 / 178 = 84,2696… shows 84,27 % as a spreadsheet does.
        assert_eq!(Ratio::new(150, 178).rate_bp(), Some(8427));
        assert_eq!(Ratio::new(2, 3).rate_bp(), Some(6667));
        // 97,996 % against ≥ 98 %: 97,99 %, not 98,00 %; without a goal at hand 98,00 %.
        assert_eq!(
            Ratio::new(97996, 100000).display_bp(Some(goal(Operator::AtLeast, 98.0).guard())),
            Some(9799)
        );
        assert_eq!(Ratio::new(97996, 100000).rate_bp(), Some(9800));
        // Never 100,00 % below 100 %.
        assert_eq!(Ratio::new(99999, 100000).rate_bp(), Some(9999));
        assert_eq!(Ratio::new(5, 5).rate_bp(), Some(10000));
        // 96 / 98 = 97,959… → 97,96 %, still below 98 %.
        assert_eq!(
            Ratio::new(96, 98).display_bp(Some(goal(Operator::AtLeast, 98.0).guard())),
            Some(9796)
        );
        assert_eq!(Ratio::new(0, 0).rate_bp(), None);
        assert_eq!(
            status(&goal(Operator::AtLeast, 98.0), Ratio::new(0, 0)),
            Status::NoActivity
        );
    }

    #[test]
    fn a_shown_rate_never_contradicts_its_verdict() {
        // 20 001 / 25 000 = 80,004 % against "> 80 %": met, so not "80,00 %" but 80,01 %, and a
        // margin that is not zero.
        let above80 = goal(Operator::Above, 80.0);
        let r = Ratio::new(20_001, 25_000);
        assert_eq!(status(&above80, r), Status::Met);
        assert_eq!(r.display_bp(Some(above80.guard())), Some(8001));
        assert_eq!(margin_bp(&above80, r), Some(1));
        // 19 999 / 25 000 = 79,996 %: not met, and not shown on the threshold either.
        let r = Ratio::new(19_999, 25_000);
        assert_eq!(status(&above80, r), Status::NotMet);
        assert_eq!(r.display_bp(Some(above80.guard())), Some(7999));
        // Exactly on the threshold: shown as it is.
        assert_eq!(
            Ratio::new(20_000, 25_000).display_bp(Some(above80.guard())),
            Some(8000)
        );
        // "≥ 98 %": 98,004 % meets it and may show 98,00 % (≥ holds on the threshold).
        let at_least98 = goal(Operator::AtLeast, 98.0);
        assert_eq!(
            Ratio::new(98_004, 100_000).display_bp(Some(at_least98.guard())),
            Some(9800)
        );
        // Above 100 % (allowed by the plan for a non-strict relation): never rounded down onto
        // 100,00 %, which would read as "exactly all".
        assert_eq!(Ratio::new(100_004, 100_000).rate_bp(), Some(10_001));
        assert_eq!(Ratio::new(26_000, 25_000).rate_bp(), Some(10_400));
    }

    #[test]
    fn guarded_rounding_never_reaches_a_boundary_the_value_misses() {
        // 3,995 → 3,99 (not 4,00); 3,994 → 3,99; 4,005 → 4,01; 2,335 → 2,34 (half up).
        let integers = [100, 200, 300, 400, 500];
        assert_eq!(round_guarded(3995, 1000, 100, &integers), Some(399));
        assert_eq!(round_guarded(3994, 1000, 100, &integers), Some(399));
        assert_eq!(round_guarded(4005, 1000, 100, &integers), Some(401));
        assert_eq!(round_guarded(2335, 1000, 100, &integers), Some(234));
        assert_eq!(round_guarded(4, 1, 100, &integers), Some(400));
        assert_eq!(round_guarded(1, 0, 100, &integers), None);
    }

    #[test]
    fn statuses_compare_exactly() {
        let g98 = goal(Operator::AtLeast, 98.0);
        assert_eq!(status(&g98, Ratio::new(98, 100)), Status::Met);
        assert_eq!(
            status(&g98, Ratio::new(99, 100)),
            Status::Met,
            "one word for ≥, > and ="
        );
        assert_eq!(margin_bp(&g98, Ratio::new(99, 100)), Some(100));
        assert_eq!(margin_bp(&g98, Ratio::new(97996, 100000)), Some(-1));
        assert_eq!(status(&g98, Ratio::new(97996, 100000)), Status::NotMet);
        let g100 = goal(Operator::Exactly, 100.0);
        assert_eq!(status(&g100, Ratio::new(5, 5)), Status::Met);
        assert_eq!(status(&g100, Ratio::new(999, 1000)), Status::NotMet);
        let g80 = goal(Operator::Above, 80.0);
        assert_eq!(status(&g80, Ratio::new(80, 100)), Status::NotMet);
        assert_eq!(status(&g80, Ratio::new(81, 100)), Status::Met);
        let g975 = goal(Operator::AtLeast, 97.5);
        assert_eq!(status(&g975, Ratio::new(39, 40)), Status::Met);
    }

    #[test]
    fn gaps_in_future_mode() {
        let g98 = goal(Operator::AtLeast, 98.0);
        // 95 of 100 on time: (95 + x)/(100 + x) ≥ 0,98 → x ≥ 150.
        assert_eq!(
            gap(&g98, Ratio::new(95, 100), GapMode::Future),
            Gap::Need(150)
        );
        assert_eq!(status(&g98, Ratio::new(245, 250)), Status::Met);
        assert_eq!(status(&g98, Ratio::new(244, 249)), Status::NotMet);
        assert_eq!(
            gap(&g98, Ratio::new(98, 100), GapMode::Future),
            Gap::Reached
        );
        assert_eq!(
            gap(&g98, Ratio::new(0, 0), GapMode::Future),
            Gap::NoActivity
        );
        let g100 = goal(Operator::Exactly, 100.0);
        assert_eq!(
            gap(&g100, Ratio::new(9, 10), GapMode::Future),
            Gap::Unreachable
        );
        let g80 = goal(Operator::Above, 80.0);
        // 8 of 10 is not above 80 %: (8 + x)/(10 + x) > 0,8 → x > 0 → 1.
        assert_eq!(gap(&g80, Ratio::new(8, 10), GapMode::Future), Gap::Need(1));
    }

    #[test]
    fn gaps_in_catch_up_mode() {
        let g100 = goal(Operator::Exactly, 100.0);
        assert_eq!(
            gap(&g100, Ratio::new(7, 10), GapMode::CatchUp),
            Gap::Need(3)
        );
        let g60 = goal(Operator::AtLeast, 60.0);
        assert_eq!(
            gap(&g60, Ratio::new(50, 100), GapMode::CatchUp),
            Gap::Need(10)
        );
        assert_eq!(gap(&g60, Ratio::new(1, 3), GapMode::CatchUp), Gap::Need(1));
        let g80 = goal(Operator::Above, 80.0);
        assert_eq!(gap(&g80, Ratio::new(8, 10), GapMode::CatchUp), Gap::Need(1));
        assert_eq!(gap(&g80, Ratio::new(4, 5), GapMode::CatchUp), Gap::Need(1));
    }

    #[test]
    fn projection_to_year_end() {
        let g98 = goal(Operator::AtLeast, 98.0);
        // 6 months, 600 dossiers, 582 on time (97 %); 6 months left → about 600 more.
        // Need 0,98·1200 = 1176 good → 594 of 600 = 99 %.
        let p = year_end_projection(&g98, Ratio::new(582, 600), 6, 6).unwrap();
        assert_eq!(p.expected_items, 600);
        assert_eq!(p.required_bp, 9900);
        // Far behind: more than 100 % would be needed.
        let p = year_end_projection(&g98, Ratio::new(500, 600), 11, 1).unwrap();
        assert!(p.required_bp > 10_000);
        assert_eq!(year_end_projection(&g98, Ratio::new(0, 0), 3, 9), None);
        // Issue 8, defect 4: a strict goal (> 80 %). 8 of 10 over 6 months, about 10 more
        // expected: 16 of 20 is exactly 80 %, not above; 9 good are needed (17 / 20 = 85 %).
        let g80 = goal(Operator::Above, 80.0);
        let p = year_end_projection(&g80, Ratio::new(8, 10), 6, 6).unwrap();
        assert_eq!(
            (p.expected_items, p.good_items, p.required_bp),
            (10, 9, 9000)
        );
        assert!(status(&g80, Ratio::new(8 + 9, 20)).is_met());
        assert!(!status(&g80, Ratio::new(8 + 8, 20)).is_met());
        // The same figures against "≥ 80 %" need 8.
        let g80 = goal(Operator::AtLeast, 80.0);
        let p = year_end_projection(&g80, Ratio::new(8, 10), 6, 6).unwrap();
        assert_eq!((p.good_items, p.required_bp), (8, 8000));
        assert_eq!(year_end_projection(&g98, Ratio::new(5, 5), 12, 0), None);
    }

    fn unit(id: &str, kind: UnitKind) -> Unit {
        Unit {
            id: id.into(),
            kind,
            parent: None,
            name: id.into(),
            level: (kind == UnitKind::School).then_some(SchoolLevel::Thcs),
            code: String::new(),
            changed_at: 0,
        }
    }
    fn window(a: u32, b: u32) -> MonthRange {
        MonthRange::new(ym(a), ym(b)).unwrap()
    }

    fn on_time(data: &mut Dataset, unit: &str, m: u32, early: u64, ok: u64, late: u64) {
        data.set_figure(unit, ym(m), "hs_gq_truoc_han", Some(early), 1);
        data.set_figure(unit, ym(m), "hs_gq_dung_han", Some(ok), 1);
        data.set_figure(unit, ym(m), "hs_gq_qua_han", Some(late), 1);
    }

    #[test]
    fn on_time_rate_sums_months_and_shows_its_terms() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 10, 80, 2);
        on_time(&mut data, "o", 2, 0, 50, 0);
        data.set_figure("o", ym(2), "hs_dang_trong_han", Some(5), 1);
        data.set_figure("o", ym(2), "hs_dang_qua_han", Some(1), 1);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 2), ym(2));
        assert_eq!(
            e.ratio,
            Ratio::new(10 + 80 + 50 + 5, 10 + 80 + 2 + 50 + 5 + 1)
        );
        assert_eq!(e.status, Status::NotMet, "145/148 = 97,97 % < 98 %");
        assert_eq!(e.numerator.len(), 3);
        assert_eq!(e.denominator.iter().map(|t| t.value).sum::<u64>(), 148);
        assert!(e.missing.is_empty());
    }

    /// Issue 8, defect 1: January 96 resolved on time and 2 in progress within the deadline;
    /// February those 2 resolved late. Jan–Feb: 96 / 98 = 97,95 %, Không đạt — not 98 / 100.
    #[test]
    fn dossiers_in_progress_are_a_month_end_state_not_a_flow() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 96, 0);
        data.set_figure("o", ym(1), "hs_dang_trong_han", Some(2), 1);
        data.set_figure("o", ym(1), "hs_dang_qua_han", Some(0), 1);
        on_time(&mut data, "o", 2, 0, 0, 2);
        data.set_figure("o", ym(2), "hs_dang_trong_han", Some(0), 1);
        data.set_figure("o", ym(2), "hs_dang_qua_han", Some(0), 1);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 2), ym(2));
        assert_eq!(e.ratio, Ratio::new(96, 98));
        assert_eq!(
            e.ratio
                .display_bp(Some(goal(Operator::AtLeast, 98.0).guard())),
            Some(9796),
            "97,959… %"
        );
        assert_eq!(e.status, Status::NotMet);
        // January alone: 96 + 2 in progress within the deadline, of 98.
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 1), ym(2));
        assert_eq!(e.ratio, Ratio::new(98, 98));
        // 2.3: an apology issued in January for a dossier past its deadline, still in progress
        // at January's end and resolved (late) in February: 1 of 1, not 1 of 2.
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 10, 0);
        data.set_figure("o", ym(1), "hs_dang_trong_han", Some(0), 1);
        data.set_figure("o", ym(1), "hs_dang_qua_han", Some(1), 1);
        data.set_figure("o", ym(1), "hs_xin_loi", Some(1), 1);
        on_time(&mut data, "o", 2, 0, 10, 1);
        data.set_figure("o", ym(2), "hs_dang_trong_han", Some(0), 1);
        data.set_figure("o", ym(2), "hs_dang_qua_han", Some(0), 1);
        data.set_figure("o", ym(2), "hs_xin_loi", Some(0), 1);
        let apology = plan.indicator("xin_loi").unwrap();
        let e = evaluate(&plan, &data, apology, &[&office], window(1, 2), ym(2));
        assert_eq!(e.ratio, Ratio::new(1, 1));
        assert_eq!(e.status, Status::Met);
    }

    /// A window whose last month lacks the in-progress counts lists that month as missing; the
    /// earlier month's state is never carried in its place.
    #[test]
    fn a_missing_month_end_state_is_missing_not_zero_nor_carried() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 50, 0);
        data.set_figure("o", ym(1), "hs_dang_trong_han", Some(4), 1);
        data.set_figure("o", ym(1), "hs_dang_qua_han", Some(0), 1);
        on_time(&mut data, "o", 2, 0, 40, 0);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 2), ym(2));
        assert_eq!(e.ratio, Ratio::new(90, 90), "January's 4 are not carried");
        assert_eq!(e.missing, vec![("o".to_string(), ym(2))]);
        // January's window needs January's state only.
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 1), ym(2));
        assert!(e.missing.is_empty());
    }

    /// Issue 8, defect 3: January 20 staff, 19 with signatures; March only the total, 18
    /// (stored by an older build or a merge; entry now refuses it). No "105,55 % Không đạt": the
    /// rate is invalid, and the breach names January and March.
    #[test]
    fn a_rate_above_100_percent_is_a_data_error_naming_the_months() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        data.set_figure("o", ym(1), "cb_tong", Some(20), 1);
        data.set_figure("o", ym(1), "cb_chu_ky_so", Some(19), 1);
        data.set_figure("o", ym(3), "cb_tong", Some(18), 1);
        let ind = plan.indicator("chu_ky_so").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 3), ym(3));
        assert_eq!(e.ratio, Ratio::new(19, 18));
        assert_eq!(e.status, Status::Invalid);
        assert_eq!(e.conflicts.len(), 1);
        assert_eq!(e.conflicts[0].months(), vec![ym(1), ym(3)]);
        let g = plan.primary_goal(ind).unwrap();
        assert_eq!(gap(g, e.ratio, GapMode::CatchUp), Gap::NoActivity);
        assert_eq!(year_end_projection(g, e.ratio, 3, 9), None);
        // Until March the figures agree.
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 2), ym(3));
        assert_eq!(e.status, Status::NotMet);
        assert!(e.conflicts.is_empty());
    }

    /// Issue 27, item 3: 26 000 dossiers digitised of 25 000 received (a backlog digitised):
    /// the plan makes "digitised ≤ received" a warning, so the rate is 104,00 %, Đạt against
    /// "≥ 60 %", with the month to look at beside it. Apology slips above the late dossiers meet
    /// "100 %" likewise. A strict relation broken still gets no verdict.
    #[test]
    fn a_rate_above_100_percent_the_plan_allows_keeps_its_verdict() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        data.set_figure("o", ym(3), "hs_tiep_nhan", Some(25_000), 1);
        data.set_figure("o", ym(3), "hs_so_hoa", Some(26_000), 1);
        let digitised = plan.indicator("so_hoa").unwrap();
        assert!(plan.may_exceed(digitised));
        let e = evaluate(&plan, &data, digitised, &[&office], window(1, 3), ym(3));
        assert_eq!(e.ratio, Ratio::new(26_000, 25_000));
        assert_eq!(e.status, Status::Met);
        assert_eq!(
            e.ratio
                .display_bp(Some(plan.primary_goal(digitised).unwrap().guard())),
            Some(10_400)
        );
        assert_eq!(
            e.conflicts.len(),
            1,
            "the month is named beside the verdict"
        );
        assert_eq!(e.conflicts[0].months(), vec![ym(3)]);
        assert_eq!(
            margin_bp(plan.primary_goal(digitised).unwrap(), e.ratio),
            Some(4_400)
        );

        let apology = plan.indicator("xin_loi").unwrap();
        assert!(plan.may_exceed(apology));
        data.set_figure("o", ym(3), "hs_gq_qua_han", Some(3), 1);
        data.set_figure("o", ym(3), "hs_dang_qua_han", Some(1), 1);
        data.set_figure("o", ym(3), "hs_xin_loi", Some(5), 1);
        let e = evaluate(&plan, &data, apology, &[&office], window(1, 3), ym(3));
        assert_eq!(e.ratio, Ratio::new(5, 4));
        assert_eq!(
            e.status,
            Status::Met,
            "every late dossier has its slip: 100 % is met"
        );

        // Electronic documents above all documents: a strict relation, no verdict.
        let documents = plan.indicator("van_ban_dien_tu").unwrap();
        assert!(!plan.may_exceed(documents));
        data.set_figure("o", ym(3), "vb_tong", Some(10), 1);
        data.set_figure("o", ym(3), "vb_dien_tu", Some(11), 1);
        let e = evaluate(&plan, &data, documents, &[&office], window(1, 3), ym(3));
        assert_eq!(e.status, Status::Invalid);
    }

    /// Issue 27, item 6: six schools, five said in January that they apply e-payment, the
    /// sixth never answered. The year's rate is over those that answered, 5/5 = 100 % Đạt, and
    /// the verdict is provisional: 5 of 6 schools, the sixth named.
    #[test]
    fn a_verdict_over_schools_that_have_not_all_reported_is_provisional() {
        let plan = Plan::builtin();
        let schools: Vec<Unit> = (1..=6)
            .map(|i| unit(&format!("s{i}"), UnitKind::School))
            .collect();
        let refs: Vec<&Unit> = schools.iter().collect();
        let mut data = Dataset::default();
        for s in &schools[..5] {
            data.set_figure(&s.id, ym(1), "dv_ap_dung_ttdt", Some(1), 1);
        }
        let epay = plan.indicator("don_vi_ttdt").unwrap();
        let e = evaluate(&plan, &data, epay, &refs, window(1, 11), ym(11));
        assert_eq!(e.ratio, Ratio::new(5, 5));
        assert_eq!(e.status, Status::Met);
        assert_eq!(
            e.provisional,
            Some(Provisional {
                reported: 5,
                of: 6,
                missing: vec!["s6".into()]
            })
        );
        // Once the sixth answers "không", the verdict is final: 5/6 = 83,33 %, Không đạt.
        data.set_figure("s6", ym(1), "dv_ap_dung_ttdt", Some(0), 2);
        let e = evaluate(&plan, &data, epay, &refs, window(1, 11), ym(11));
        assert_eq!(
            (e.ratio, e.status, e.provisional),
            (Ratio::new(5, 6), Status::NotMet, None)
        );
        assert_eq!(
            e.ratio.display_bp(plan.primary_goal(epay).map(Goal::guard)),
            Some(8333)
        );
        // A school's own rate is never "provisional".
        let e = evaluate(&plan, &data, epay, &refs[..1], window(1, 11), ym(11));
        assert_eq!(e.provisional, None);
        // A survey indicator: schools that ran no round in the window are the ones missing.
        let sat = plan.indicator("hai_long_giao_duc").unwrap();
        let w = data.work_mut(&plan.id);
        let q = crate::core::data::survey::default_questionnaire(SchoolLevel::Thcs);
        let overall = q.overall.id.clone();
        w.upsert_round(
            crate::core::data::survey::SurveyRound {
                id: "r1".into(),
                unit: "s1".into(),
                name: "Đợt 1".into(),
                respondent: crate::core::data::survey::Respondent::Parents,
                month: ym(3),
                distributed: None,
                returned: 10,
                population: None,
                questionnaire: q,
                changed_at: 1,
            },
            1,
        );
        w.set_tally(
            "r1",
            &overall,
            crate::core::data::survey::Tally {
                n: [0, 0, 0, 0, 10],
                blank: 0,
            },
            1,
        );
        let e = evaluate(&plan, &data, sat, &refs, window(1, 11), ym(11));
        let p = e.provisional.unwrap();
        assert_eq!((p.reported, p.of, p.missing.len()), (1, 6, 5));
    }

    /// Issue 8, defect 6: nothing typed for an indicator is "Chưa có số liệu", not "Không
    /// phát sinh" (which needs figures that say 0).
    #[test]
    fn no_figure_is_no_data_and_zero_is_no_activity() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        data.set_figure("o", ym(1), "vb_tong", Some(10), 1);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 1), ym(1));
        assert_eq!(e.status, Status::NoData);
        assert_eq!(e.missing, vec![("o".to_string(), ym(1))]);
        on_time(&mut data, "o", 1, 0, 0, 0);
        data.set_figure("o", ym(1), "hs_dang_trong_han", Some(0), 1);
        data.set_figure("o", ym(1), "hs_dang_qua_han", Some(0), 1);
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 1), ym(1));
        assert_eq!(e.status, Status::NoActivity);
        assert!(e.missing.is_empty());
    }

    /// Issue 8, defect 9: goal 8.2 shows its coverage beside the rate.
    #[test]
    fn survey_indicators_carry_their_coverage() {
        let plan = Plan::builtin();
        let data = crate::core::data::sample::sample_dataset(&plan, UnitKind::Office, 1);
        let ind = plan.indicator("hai_long_giao_duc").unwrap();
        let me = data.me().unwrap();
        let units = scope_units(&data, me, ind);
        let e = evaluate(&plan, &data, ind, &units, window(1, 12), ym(12));
        let surveyed = crate::core::figures::survey_results::units_surveyed(
            data.work(&plan.id),
            &units,
            window(1, 12),
        );
        assert_eq!(e.coverage, Some((surveyed as u64, units.len() as u64)));
        assert_eq!(units.len(), 7);
        let e = evaluate(
            &plan,
            &Dataset::default(),
            ind,
            &units,
            window(1, 12),
            ym(12),
        );
        assert_eq!(e.coverage, Some((0, 7)));
        assert_eq!(e.status, Status::NoData);
    }

    #[test]
    fn zero_dossiers_is_no_activity_not_a_rate() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 0, 0);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 1), ym(1));
        assert_eq!(e.ratio.rate_bp(), None);
        assert_eq!(e.status, Status::NoActivity);
    }

    #[test]
    fn missing_months_are_those_without_any_figure() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 2, 1, 1, 0);
        let ind = plan.indicator("dung_han").unwrap();
        let e = evaluate(&plan, &data, ind, &[&office], window(1, 5), ym(3));
        let months: Vec<u32> = e.missing.iter().map(|(_, m)| m.month()).collect();
        assert_eq!(months, vec![1, 3], "April and May have not elapsed yet");
    }

    #[test]
    fn stocks_take_the_latest_value_and_units_are_summed() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let s1 = unit("s1", UnitKind::School);
        let mut data = Dataset::default();
        data.set_figure("o", ym(1), "cb_tong", Some(20), 1);
        data.set_figure("o", ym(1), "cb_chu_ky_so", Some(10), 1);
        data.set_figure("o", ym(3), "cb_chu_ky_so", Some(18), 1);
        data.set_figure("s1", ym(2), "cb_tong", Some(60), 1);
        data.set_figure("s1", ym(2), "cb_chu_ky_so", Some(60), 1);
        let ind = plan.indicator("chu_ky_so").unwrap();
        let units = reporting_units(ind, &[&office, &s1]);
        assert_eq!(units.len(), 2);
        let e = evaluate(&plan, &data, ind, &units, window(1, 5), ym(5));
        // Office: 18 of 20 (latest, carried forward); school 60 of 60 → 78 / 80.
        assert_eq!(e.ratio, Ratio::new(78, 80));
        let e = evaluate(&plan, &data, ind, &units, window(1, 2), ym(2));
        assert_eq!(e.ratio, Ratio::new(70, 80));
    }

    #[test]
    fn schools_applying_e_payment_count_units() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let schools: Vec<Unit> = (0..4)
            .map(|i| unit(&format!("s{i}"), UnitKind::School))
            .collect();
        let mut data = Dataset::default();
        for s in &schools[..3] {
            data.set_figure(&s.id, ym(1), "dv_ap_dung_ttdt", Some(1), 1);
        }
        let ind = plan.indicator("don_vi_ttdt").unwrap();
        let mut all: Vec<&Unit> = schools.iter().collect();
        all.push(&office);
        let units = reporting_units(ind, &all);
        let e = evaluate(&plan, &data, ind, &units, window(1, 12), ym(12));
        assert_eq!(
            e.ratio,
            Ratio::new(3, 3),
            "the fourth school has not reported: missing, not a no"
        );
        data.set_figure("s3", ym(2), "dv_ap_dung_ttdt", Some(0), 1);
        let e = evaluate(&plan, &data, ind, &units, window(1, 12), ym(12));
        assert_eq!(e.ratio, Ratio::new(3, 4));
        assert_eq!(e.status, Status::NotMet);
        let e = evaluate(
            &plan,
            &Dataset::default(),
            ind,
            &units,
            window(1, 12),
            ym(12),
        );
        assert_eq!(e.status, Status::NoData, "nobody reported yet");
    }

    #[test]
    fn summing_units_differs_from_averaging_their_rates() {
        let plan = Plan::builtin();
        let a = unit("a", UnitKind::School);
        let b = unit("b", UnitKind::School);
        let mut data = Dataset::default();
        data.set_figure("a", ym(1), "vb_tong", Some(1000), 1);
        data.set_figure("a", ym(1), "vb_dien_tu", Some(900), 1);
        data.set_figure("b", ym(1), "vb_tong", Some(10), 1);
        data.set_figure("b", ym(1), "vb_dien_tu", Some(10), 1);
        let ind = plan.indicator("van_ban_dien_tu").unwrap();
        let e = evaluate(&plan, &data, ind, &[&a, &b], window(1, 1), ym(1));
        // Sum: 910/1010 = 90,10 %; the average of 90 % and 100 % would be 95 %.
        assert_eq!(e.ratio.rate_bp(), Some(9010), "90,099 %");
    }

    #[test]
    fn monthly_ratios_leave_gaps_where_nothing_was_entered() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 9, 1);
        on_time(&mut data, "o", 3, 0, 10, 0);
        let ind = plan.indicator("dung_han").unwrap();
        let months: Vec<YearMonth> = (1..=3).map(ym).collect();
        let r = monthly_ratios(&plan, &data, ind, &[&office], &months);
        assert_eq!(r[0].1, Ratio::new(9, 10));
        assert_eq!(r[1].1.rate_bp(), None);
        assert_eq!(r[2].1, Ratio::new(10, 10));
    }

    #[test]
    fn trends_have_gaps_and_a_cumulative_line() {
        let plan = Plan::builtin();
        let office = unit("o", UnitKind::Office);
        let mut data = Dataset::default();
        on_time(&mut data, "o", 1, 0, 9, 1);
        on_time(&mut data, "o", 3, 0, 10, 0);
        on_time(&mut data, "o", 4, 0, 0, 0);
        let ind = plan.indicator("dung_han").unwrap();
        let t = trend(&plan, &data, ind, &[&office], 2024, ym(12));
        assert_eq!(t.months.len(), 12);
        assert_eq!(t.monthly[0], Some(Ratio::new(9, 10)));
        assert_eq!(t.monthly[1], None, "February has no data");
        assert_eq!(
            t.monthly[3], None,
            "April had no dossiers: nothing to measure"
        );
        assert_eq!(t.cumulative[2], Some(Ratio::new(19, 20)));
        assert!(t.monthly[4..].iter().all(Option::is_none));
        // Stocks carry forward but stop after the last month with data.
        let mut d2 = Dataset::default();
        d2.set_figure("o", ym(1), "cb_tong", Some(10), 1);
        d2.set_figure("o", ym(1), "cb_chu_ky_so", Some(8), 1);
        d2.set_figure("o", ym(3), "vb_tong", Some(1), 1);
        let sig = plan.indicator("chu_ky_so").unwrap();
        let t = trend(&plan, &d2, sig, &[&office], 2024, ym(12));
        assert_eq!(t.monthly[1], Some(Ratio::new(8, 10)));
        assert_eq!(t.monthly[2], Some(Ratio::new(8, 10)));
        assert_eq!(t.monthly[3], None);
        // Nothing after `until`.
        let t = trend(&plan, &data, ind, &[&office], 2024, ym(1));
        assert!(t.monthly[1..].iter().all(Option::is_none));
    }

    #[test]
    fn timestamps_do_not_affect_values() {
        let mut data = Dataset::default();
        data.figures
            .entry("o".into())
            .or_default()
            .entry(ym(1))
            .or_default()
            .insert("vb_tong".into(), Stamped { v: 3, t: 99 });
        let plan = Plan::builtin();
        assert_eq!(field_value(&plan, &data, "o", "vb_tong", window(1, 1)), 3);
        assert_eq!(field_value(&plan, &data, "o", "khong_co", window(1, 1)), 0);
    }

    proptest! {
        /// A unit's missing months, read field by field in one walk, are the months where some
        /// field lacks what `has_for` asks of it, month by month — for every indicator of the
        /// plan, over windows of any span.
        #[test]
        fn missing_months_are_the_months_has_for_finds_lacking(
            stored in proptest::collection::vec((1u32..13, 0usize..40, 0u64..9), 0..40),
            from in 1u32..13,
            span in 0u32..12,
            last in 1u32..13,
        ) {
            let plan = Plan::builtin();
            let ids: Vec<&str> = plan.measures.fields.iter().map(|f| f.id.as_str()).collect();
            let mut d = Dataset::default();
            for (m, f, v) in stored {
                d.set_figure("o", ym(m), ids[f % ids.len()], Some(v), 1);
            }
            let w = window(from, (from + span).min(12));
            let f = UnitFigures::new(&plan, &d, "o");
            for indicator in &plan.measures.indicators {
                let fields = indicator_fields(indicator);
                let by_month: Vec<YearMonth> = w
                    .months()
                    .into_iter()
                    .filter(|m| *m <= ym(last))
                    .filter(|m| fields.iter().any(|x| !f.has_for(x, *m, w)))
                    .collect();
                prop_assert_eq!(missing_months(&f, &fields, w, ym(last)), by_month, "{}", indicator.id);
            }
        }

        #[test]
        fn aggregation_is_the_sum_of_parts(parts in proptest::collection::vec((0u64..1000, 0u64..1000), 1..20)) {
            let ratios: Vec<Ratio> = parts.iter().map(|(a, b)| Ratio::new((*a).min(*b), *b)).collect();
            let total: Ratio = ratios.iter().copied().sum();
            prop_assert_eq!(total.num, ratios.iter().map(|r| r.num).sum::<u64>());
            prop_assert_eq!(total.den, ratios.iter().map(|r| r.den).sum::<u64>());
            // Order does not matter.
            let reversed: Ratio = ratios.iter().rev().copied().sum();
            prop_assert_eq!(total, reversed);
        }

        #[test]
        fn reaching_the_shown_pace_reaches_the_goal(num in 0u64..2000, extra in 0u64..2000, t in 1u64..10000,
                strict in any::<bool>(), elapsed in 1u32..12) {
            let den = num + extra;
            prop_assume!(den > 0);
            let g = Goal {
                id: String::new(),
                operator: if strict { Operator::Above } else { Operator::AtLeast },
                threshold: t as f64 / 100.0,
                quote: String::new(),
            };
            let p = year_end_projection(&g, Ratio::new(num, den), elapsed, 12 - elapsed).unwrap();
            // Exactly the shown share of the expected items, rounded up to whole items.
            let shown = (u128::from(p.required_bp) * u128::from(p.expected_items)).div_ceil(10_000) as u64;
            prop_assert!(shown >= p.good_items);
            if p.good_items <= p.expected_items {
                let end = Ratio::new(num + p.good_items, den + p.expected_items);
                prop_assert!(status(&g, end).is_met());
                if p.good_items > 0 {
                    let short = Ratio::new(num + p.good_items - 1, den + p.expected_items);
                    prop_assert!(!status(&g, short).is_met());
                }
            }
        }

        #[test]
        fn the_gap_is_exactly_enough(num in 0u64..5000, extra in 0u64..5000, t in 1u64..10000, strict in any::<bool>()) {
            let den = num + extra;
            prop_assume!(den > 0);
            let g = Goal {
                id: String::new(),
                operator: if strict { Operator::Above } else { Operator::AtLeast },
                threshold: t as f64 / 100.0,
                quote: String::new(),
            };
            match gap(&g, Ratio::new(num, den), GapMode::Future) {
                Gap::Need(x) => {
                    prop_assert!(status(&g, Ratio::new(num + x, den + x)).is_met());
                    prop_assert!(x == 0 || !status(&g, Ratio::new(num + x - 1, den + x - 1)).is_met());
                }
                Gap::Reached => prop_assert!(status(&g, Ratio::new(num, den)).is_met()),
                other => prop_assert!(false, "unexpected {:?}", other),
            }
            match gap(&g, Ratio::new(num, den), GapMode::CatchUp) {
                Gap::Need(k) => {
                    prop_assert!(status(&g, Ratio::new(num + k, den)).is_met());
                    prop_assert!(k == 0 || !status(&g, Ratio::new(num + k - 1, den)).is_met());
                }
                Gap::Reached => prop_assert!(status(&g, Ratio::new(num, den)).is_met()),
                Gap::Unreachable => prop_assert!(!status(&g, Ratio::new(den, den)).is_met()),
                Gap::NoActivity => prop_assert!(false),
            }
        }
    }
}
