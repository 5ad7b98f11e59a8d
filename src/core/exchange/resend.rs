//! Periods a unit has sent and changed since: the file the office holds no longer says what the
//! unit's data says, so a corrected file (the next revision) must go out. Judged from when each
//! thing a period's file carries last changed — its months' figures and survey rounds with
//! their tally rows, the unit's tasks and assessments, and what it removed — against when the
//! last file of that period was made.
//!
//! A value changed and then set back still counts as a change: the app keeps when a value
//! changed, not what was sent, and saying "send again" once too often costs a file, while
//! missing a change would leave the office with a wrong figure.

use crate::core::base::period::{MonthRange, ReportKind, ReportingPeriod, YearMonth};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Millis;

/// The key of the files of "everything so far" (no report).
pub const ALL: &str = "all";

/// A period the unit sent: which report (`None`: everything so far), the last revision sent
/// and when it was made, and whether the data changed after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub report: Option<ReportKind>,
    pub months: MonthRange,
    pub revision: u32,
    pub made_at: Millis,
    /// When the data of the period last changed after the file was made.
    pub changed_at: Option<Millis>,
}

impl Sent {
    /// The revision a corrected file gets.
    pub fn next_revision(&self) -> u32 {
        self.revision.saturating_add(1)
    }
}

/// When `unit`'s data that a file of `months` carries last changed, under the plan `plan_id`.
pub fn last_change(
    data: &Dataset,
    plan_id: &str,
    unit: &str,
    months: MonthRange,
) -> Option<Millis> {
    let work = data.work(plan_id);
    let figures = data.figures.get(unit).into_iter().flat_map(|ms| {
        ms.iter()
            .filter(|(m, _)| months.contains(**m))
            .flat_map(|(_, cells)| cells.values().map(|c| c.t))
    });
    let cleared = data.cleared.get(unit).into_iter().flat_map(|ms| {
        ms.iter()
            .filter(|(m, _)| months.contains(**m))
            .flat_map(|(_, cells)| cells.values().map(|r| r.0))
    });
    let tasks = work
        .tasks
        .get(unit)
        .into_iter()
        .flat_map(|ts| ts.values().map(|t| t.changed_at));
    let assessments = work
        .assessments
        .get(unit)
        .into_iter()
        .flat_map(|a| a.values().map(|a| a.changed_at));
    let withdrawn = work
        .removed
        .assessments
        .get(unit)
        .into_iter()
        .flat_map(|a| a.values().map(|r| r.0));
    let rounds: Vec<_> = work
        .rounds_of(unit)
        .into_iter()
        .filter(|r| months.contains(r.month))
        .collect();
    let round_stamps = rounds.iter().flat_map(|r| {
        let rows = work
            .tallies
            .get(&r.id)
            .into_iter()
            .flat_map(|t| t.values().map(|s| s.t));
        let cleared_rows = work
            .removed
            .tallies
            .get(&r.id)
            .into_iter()
            .flat_map(|t| t.values().map(|r| r.0));
        std::iter::once(r.changed_at)
            .chain(rows)
            .chain(cleared_rows)
    });
    let removed_rounds = work
        .removed
        .rounds
        .values()
        .filter(|r| r.unit == unit && months.contains(r.month))
        .map(|r| r.at);
    figures
        .chain(cleared)
        .chain(tasks)
        .chain(assessments)
        .chain(withdrawn)
        .chain(round_stamps)
        .chain(removed_rounds)
        .max()
}

/// The periods `unit` sent under the plan `plan_id`, in the plan's order, with the file of
/// everything so far last: each with the months its file covered and when the data changed
/// after it was made. `periods` are the plan's reporting periods; a file of everything so far
/// covered the plan's year up to the month it was made in (`month_of` turns a time into the
/// unit's local month).
pub fn sent_periods(
    data: &Dataset,
    plan_id: &str,
    year: i32,
    periods: &[ReportingPeriod],
    unit: &str,
    month_of: impl Fn(Millis) -> Option<YearMonth>,
) -> Vec<Sent> {
    let work = data.work(plan_id);
    let reports = periods
        .iter()
        .filter_map(|p| Some((Some(p.kind), p.window, work.sent.get(p.kind.slug())?)));
    let all = work.sent.get(ALL).and_then(|s| {
        let first = YearMonth::new(year, 1)?;
        let last = YearMonth::new(year, 12)?;
        let to = month_of(s.t).map_or(last, |m| m.clamp(first, last));
        Some((None, MonthRange::new(first, to)?, s))
    });
    reports
        .chain(all)
        .map(|(report, months, s)| Sent {
            report,
            months,
            revision: s.v,
            made_at: s.t,
            changed_at: last_change(data, plan_id, unit, months).filter(|t| *t > s.t),
        })
        .collect()
}

/// The sent periods whose data changed after their file was made: a corrected file must go out.
pub fn outdated(sent: &[Sent]) -> Vec<&Sent> {
    sent.iter().filter(|s| s.changed_at.is_some()).collect()
}

/// The sent periods a month belongs to: editing it changes what those files said.
pub fn sent_with_month(sent: &[Sent], month: YearMonth) -> Vec<&Sent> {
    sent.iter().filter(|s| s.months.contains(month)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use crate::core::data::records::Stamped;
    use crate::core::data::survey::Tally;
    use crate::core::fixtures::{school, school_data, ym};
    use crate::core::plan::model::{Plan, BUILTIN_PLAN_ID};

    fn periods() -> Vec<ReportingPeriod> {
        let plan = Plan::builtin();
        plan.reporting_periods(|_| None)
    }

    fn month_of(t: Millis) -> Option<YearMonth> {
        chrono::DateTime::from_timestamp_millis(t).map(|d| YearMonth::of(d.date_naive()))
    }

    /// A school that sent its file of the first six months (January to May) at time 1 000.
    fn sent_h1() -> (Dataset, String) {
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 10);
        d.work_mut(BUILTIN_PLAN_ID)
            .sent
            .insert("h1".into(), Stamped { v: 2, t: 1_000 });
        (d, u.id)
    }

    fn state(d: &Dataset, unit: &str) -> Vec<Sent> {
        sent_periods(d, BUILTIN_PLAN_ID, 2024, &periods(), unit, month_of)
    }

    #[test]
    fn a_period_sent_and_unchanged_needs_nothing() {
        let (d, u) = sent_h1();
        let sent = state(&d, &u);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].report, Some(ReportKind::H1));
        assert_eq!((sent[0].months.from, sent[0].months.to), (ym(1), ym(5)));
        assert_eq!(sent[0].revision, 2);
        assert!(
            outdated(&sent).is_empty(),
            "the fixture's data is stamped 10, before the file"
        );
        assert_eq!(sent_with_month(&sent, ym(3)).len(), 1);
        assert!(sent_with_month(&sent, ym(6)).is_empty());
    }

    #[test]
    fn an_edit_to_a_sent_month_asks_for_revision_three() {
        let (mut d, u) = sent_h1();
        d.set_figure(&u, ym(3), "vb_dien_tu", Some(4), 2_000);
        let sent = state(&d, &u);
        let out = outdated(&sent);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].changed_at, Some(2_000));
        assert_eq!(out[0].next_revision(), 3);
    }

    #[test]
    fn an_edit_outside_the_period_leaves_it_as_sent() {
        let (mut d, u) = sent_h1();
        d.set_figure(&u, ym(6), "vb_dien_tu", Some(4), 2_000);
        assert!(outdated(&state(&d, &u)).is_empty());
    }

    #[test]
    fn clearing_a_figure_a_task_or_a_tally_row_is_a_change() {
        let (d0, u) = sent_h1();
        let mut d = d0.clone();
        d.set_figure(&u, ym(2), "vb_tong", None, 3_000);
        assert_eq!(outdated(&state(&d, &u))[0].changed_at, Some(3_000));
        let mut d = d0.clone();
        d.work_mut(BUILTIN_PLAN_ID)
            .update_task(&u, "1.2", 3_100, |t| t.notes = "đã xong".into());
        assert_eq!(outdated(&state(&d, &u))[0].changed_at, Some(3_100));
        let mut d = d0.clone();
        let round = format!("ks-{u}");
        let criterion = d.work(BUILTIN_PLAN_ID).surveys[&round]
            .questionnaire
            .overall
            .id
            .clone();
        d.work_mut(BUILTIN_PLAN_ID)
            .set_tally(&round, &criterion, Tally::default(), 3_200);
        assert_eq!(outdated(&state(&d, &u))[0].changed_at, Some(3_200));
    }

    #[test]
    fn a_file_of_everything_so_far_covers_the_months_up_to_when_it_was_made() {
        let (mut d, u) = sent_h1();
        // Only a file of everything so far, made on 10 April 2024 (UTC).
        let april = 1_712_707_200_000;
        let sent = &mut d.work_mut(BUILTIN_PLAN_ID).sent;
        sent.remove("h1");
        sent.insert(ALL.into(), Stamped { v: 1, t: april });
        let sent = state(&d, &u);
        let all = sent.iter().find(|s| s.report.is_none()).unwrap();
        assert_eq!((all.months.from, all.months.to), (ym(1), ym(4)));
        // A May figure is new data, not a change to what was sent.
        d.set_figure(&u, ym(5), "vb_tong", Some(9), april + 1);
        assert!(outdated(&state(&d, &u)).is_empty());
        d.set_figure(&u, ym(4), "vb_tong", Some(9), april + 2);
        let sent = state(&d, &u);
        let out = outdated(&sent);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].report, None);
    }
}
