//! Task progress: counts per area and overall, overdue tasks, and the filters of the tasks page.

use chrono::NaiveDate;
use serde::Serialize;

use crate::core::data::dataset::{PlanWork, UnitKind};
use crate::core::data::records::{TaskProgress, TaskStatus};
use crate::core::plan::model::{Plan, Task, TaskArea};

/// How many tasks are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    pub not_started: u32,
    pub in_progress: u32,
    pub done: u32,
    pub not_applicable: u32,
}

impl Progress {
    /// Adds another unit's counts (the unit above sums its offices').
    pub fn merge(&mut self, other: &Progress) {
        self.not_started += other.not_started;
        self.in_progress += other.in_progress;
        self.done += other.done;
        self.not_applicable += other.not_applicable;
    }

    pub fn add(&mut self, s: TaskStatus) {
        match s {
            TaskStatus::NotStarted => self.not_started += 1,
            TaskStatus::InProgress => self.in_progress += 1,
            TaskStatus::Done => self.done += 1,
            TaskStatus::NotApplicable => self.not_applicable += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.not_started + self.in_progress + self.done + self.not_applicable
    }

    /// Tasks that apply to the unit.
    pub fn applicable(&self) -> u32 {
        self.total() - self.not_applicable
    }

    /// Done among applicable, in whole percent rounded down; `None` when nothing applies.
    pub fn percent_done(&self) -> Option<u32> {
        let a = self.applicable();
        (a > 0).then(|| self.done * 100 / a)
    }
}

fn status_of(work: &PlanWork, unit: &str, task: &Task) -> TaskStatus {
    work.task(unit, &task.number)
        .map(|p| p.status)
        .unwrap_or_default()
}

/// Whether a task is a unit's own. A plan whose roles name the schools (`Role::schools`) gives
/// a school the tasks that fall to them and leaves the rest to the managing unit, which owns
/// every task; a plan that names no such role does not say, and every task is every unit's.
pub fn is_own_task(plan: &Plan, kind: UnitKind, task: &Task) -> bool {
    kind == UnitKind::Office || !plan.names_schools_tasks() || plan.is_schools_task(task)
}

/// Progress of one area for a unit, over its own tasks.
pub fn area_progress(
    plan: &Plan,
    work: &PlanWork,
    unit: &str,
    kind: UnitKind,
    area: &TaskArea,
) -> Progress {
    let mut p = Progress::default();
    for t in area.tasks.iter().filter(|t| is_own_task(plan, kind, t)) {
        p.add(status_of(work, unit, t));
    }
    p
}

/// Progress over the whole plan for a unit, over its own tasks.
pub fn overall_progress(plan: &Plan, work: &PlanWork, unit: &str, kind: UnitKind) -> Progress {
    let mut p = Progress::default();
    for (_, t) in plan.tasks().filter(|(_, t)| is_own_task(plan, kind, t)) {
        p.add(status_of(work, unit, t));
    }
    p
}

/// A task's due date for a unit: the unit's own date if it set one, else the plan's.
pub fn due_of(task: &Task, progress: Option<&TaskProgress>) -> Option<NaiveDate> {
    progress.and_then(|p| p.due).or(task.due)
}

/// A task is overdue when it has a due date before today and is neither done nor not applicable.
pub fn is_overdue(task: &Task, progress: Option<&TaskProgress>, today: NaiveDate) -> bool {
    let status = progress.map(|p| p.status).unwrap_or_default();
    matches!(status, TaskStatus::NotStarted | TaskStatus::InProgress)
        && due_of(task, progress).is_some_and(|d| d < today)
}

/// The tasks page filters; empty fields mean "all".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub area: Option<String>,
    pub overdue_only: bool,
}

/// The tasks of a unit that pass the filter, in plan order.
pub fn filter_tasks<'a>(
    plan: &'a Plan,
    work: &PlanWork,
    unit: &str,
    filter: &TaskFilter,
    today: NaiveDate,
) -> Vec<(&'a TaskArea, &'a Task)> {
    plan.tasks()
        .filter(|(area, _)| filter.area.as_ref().is_none_or(|a| *a == area.number))
        .filter(|(_, t)| filter.status.is_none_or(|s| s == status_of(work, unit, t)))
        .filter(|(_, t)| !filter.overdue_only || is_overdue(t, work.task(unit, &t.number), today))
        .collect()
}

/// Overdue tasks of a unit among its own, with their due dates, oldest first.
pub fn overdue_tasks<'a>(
    plan: &'a Plan,
    work: &PlanWork,
    unit: &str,
    kind: UnitKind,
    today: NaiveDate,
) -> Vec<(&'a Task, NaiveDate)> {
    let mut v: Vec<(&Task, NaiveDate)> = plan
        .tasks()
        .filter(|(_, t)| is_own_task(plan, kind, t))
        .filter_map(|(_, t)| {
            let p = work.task(unit, &t.number);
            if is_overdue(t, p, today) {
                due_of(t, p).map(|d| (t, d))
            } else {
                None
            }
        })
        .collect();
    crate::core::base::sorting::sort_by_key(&mut v, |(_, d)| *d);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    fn sample() -> (Plan, PlanWork) {
        let plan = Plan::builtin();
        let mut data = PlanWork::default();
        data.update_task("u", "1.1", 1, |t| t.status = TaskStatus::Done);
        data.update_task("u", "1.2", 1, |t| {
            t.status = TaskStatus::InProgress;
            t.due = Some(d(3, 1));
        });
        data.update_task("u", "1.3", 1, |t| t.status = TaskStatus::NotApplicable);
        data.update_task("u", "2.1", 1, |t| {
            t.status = TaskStatus::Done;
            t.due = Some(d(1, 1));
        });
        data.update_task("u", "3.1", 1, |t| t.due = Some(d(2, 1)));
        (plan, data)
    }

    #[test]
    fn progress_counts_by_area_and_overall() {
        let (plan, data) = sample();
        let a1 = area_progress(&plan, &data, "u", UnitKind::Office, &plan.task_areas[0]);
        assert_eq!(
            a1,
            Progress {
                not_started: 6,
                in_progress: 1,
                done: 1,
                not_applicable: 1
            }
        );
        assert_eq!(a1.applicable(), 8);
        assert_eq!(a1.percent_done(), Some(12));
        let all = overall_progress(&plan, &data, "u", UnitKind::Office);
        assert_eq!(all.total(), 55);
        assert_eq!(all.done, 2);
        let mut na = Progress::default();
        na.add(TaskStatus::NotApplicable);
        assert_eq!(na.percent_done(), None);
    }

    #[test]
    fn overdue_means_open_and_past_its_date() {
        let (plan, data) = sample();
        let late = overdue_tasks(&plan, &data, "u", UnitKind::Office, d(3, 2));
        let numbers: Vec<&str> = late.iter().map(|(t, _)| t.number.as_str()).collect();
        assert_eq!(
            numbers,
            vec!["3.1", "1.2"],
            "done tasks are never overdue; oldest first"
        );
        assert!(overdue_tasks(&plan, &data, "u", UnitKind::Office, d(1, 15)).is_empty());
    }

    /// A plan may set due dates; a unit's own date wins.
    #[test]
    fn the_plans_due_date_applies_until_the_unit_sets_its_own() {
        let (mut plan, data) = sample();
        plan.task_areas[0].tasks[3].due = Some(d(2, 15));
        plan.task_areas[0].tasks[1].due = Some(d(1, 10));
        let late = overdue_tasks(&plan, &data, "u", UnitKind::Office, d(3, 2));
        let numbers: Vec<&str> = late.iter().map(|(t, _)| t.number.as_str()).collect();
        // 1.4 by the plan's date; 1.2 keeps its own 1 March, not the plan's 10 January.
        assert_eq!(numbers, vec!["3.1", "1.4", "1.2"]);
    }

    /// Issue 28 item 9: a school's own tasks are those the plan gives the schools (6.3 and 8.2 of
    /// the built-in plan, carried out at the schools), and its progress counts only them; the
    /// office owns every task; a plan that names no schools' role leaves every task to everyone.
    #[test]
    fn a_school_owns_the_tasks_the_plan_gives_the_schools() {
        let (mut plan, mut data) = sample();
        let own: Vec<&str> = plan
            .tasks()
            .filter(|(_, t)| is_own_task(&plan, UnitKind::School, t))
            .map(|(_, t)| t.number.as_str())
            .collect();
        assert_eq!(own, vec!["6.3", "8.2"]);
        assert!(plan
            .tasks()
            .all(|(_, t)| is_own_task(&plan, UnitKind::Office, t)));
        data.update_task("u", "8.2", 2, |t| t.status = TaskStatus::Done);
        let mine = overall_progress(&plan, &data, "u", UnitKind::School);
        assert_eq!((mine.done, mine.total()), (1, 2), "not 3/55");
        let area8 = plan.task_areas.iter().find(|a| a.number == "8").unwrap();
        assert_eq!(
            area_progress(&plan, &data, "u", UnitKind::School, area8).total(),
            1
        );
        // 1.2 is overdue for whoever owns it; a school does not own it.
        assert!(overdue_tasks(&plan, &data, "u", UnitKind::School, d(3, 2)).is_empty());
        for r in &mut plan.roles {
            r.schools = false;
        }
        assert_eq!(
            overall_progress(&plan, &data, "u", UnitKind::School).total(),
            55
        );
    }

    #[test]
    fn filters_combine() {
        let (plan, data) = sample();
        let f = TaskFilter {
            status: Some(TaskStatus::Done),
            ..Default::default()
        };
        assert_eq!(filter_tasks(&plan, &data, "u", &f, d(3, 2)).len(), 2);
        let f = TaskFilter {
            status: Some(TaskStatus::Done),
            area: Some("2".into()),
            ..Default::default()
        };
        assert_eq!(filter_tasks(&plan, &data, "u", &f, d(3, 2)).len(), 1);
        let f = TaskFilter {
            overdue_only: true,
            ..Default::default()
        };
        assert_eq!(filter_tasks(&plan, &data, "u", &f, d(3, 2)).len(), 2);
        let f = TaskFilter {
            status: Some(TaskStatus::NotStarted),
            area: Some("1".into()),
            ..Default::default()
        };
        assert_eq!(filter_tasks(&plan, &data, "u", &f, d(3, 2)).len(), 6);
    }
}
