//! Editing a plan in the app (next year's plan made from this year's): the edits the editor
//! offers, as plain functions over a `Plan`. After each edit the editor shows `Plan::problems()`
//! beside the fields they name, so every change is checked as it is typed.

use crate::core::base::period::{default_window, MonthRange, YearMonth};
use crate::core::plan::model::{strip_footnote_marks, Letterhead, Plan, Target};

/// A line of the letterhead the editor offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterheadPart {
    /// The governing body: "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN".
    Parent,
    /// The issuing office: "PHÒNG VĂN HÓA - XÃ HỘI".
    Body,
    /// Written before the date: "Bình Tiên".
    Place,
    /// The office's abbreviation in document numbers: "VHXH".
    Symbol,
}

/// Sets a line of the plan's letterhead, making one when the plan has none and dropping it when
/// every line is cleared (a report then heads itself with the issuer's name).
pub fn set_letterhead(plan: &mut Plan, part: LetterheadPart, text: &str) {
    let lh = plan.letterhead.get_or_insert_with(Letterhead::default);
    let line = match part {
        LetterheadPart::Parent => &mut lh.parent,
        LetterheadPart::Body => &mut lh.body,
        LetterheadPart::Place => &mut lh.place,
        LetterheadPart::Symbol => &mut lh.symbol,
    };
    *line = text.trim().to_string();
    if [&lh.parent, &lh.body, &lh.place, &lh.symbol]
        .iter()
        .all(|l| l.is_empty())
    {
        plan.letterhead = None;
    }
}

/// A line of the plan's letterhead, empty when it has none.
pub fn letterhead_line(plan: &Plan, part: LetterheadPart) -> String {
    plan.letterhead
        .as_ref()
        .map(|lh| match part {
            LetterheadPart::Parent => lh.parent.clone(),
            LetterheadPart::Body => lh.body.clone(),
            LetterheadPart::Place => lh.place.clone(),
            LetterheadPart::Symbol => lh.symbol.clone(),
        })
        .unwrap_or_default()
}

/// Sets one end of a report's data window to a month of the plan's year (`None`: back to the
/// default window, January to the month before the due date). The other end moves with it when
/// the window would otherwise run backwards.
pub fn set_report_window_end(plan: &mut Plan, report: usize, month: Option<u32>, start: bool) {
    let year = plan.year;
    let Some(r) = plan.reporting.get_mut(report) else {
        return;
    };
    let w = r
        .window
        .unwrap_or_else(|| default_window(year, r.due_before));
    match month.and_then(|m| YearMonth::new(year, m)) {
        None => r.window = None,
        Some(m) => {
            let (from, to) = if start {
                (m, w.to.max(m))
            } else {
                (w.from.min(m), m)
            };
            r.window = MonthRange::new(from, to);
        }
    }
}

/// The leaf targets with their index path (`[1, 0]` is `targets[1].items[0]`) and field path.
pub fn leaf_target_paths(plan: &Plan) -> Vec<(Vec<usize>, String)> {
    fn walk(ts: &[Target], idx: &mut Vec<usize>, path: &str, out: &mut Vec<(Vec<usize>, String)>) {
        for (i, t) in ts.iter().enumerate() {
            idx.push(i);
            let p = format!("{path}[{i}]");
            if t.items.is_empty() {
                out.push((idx.clone(), p));
            } else {
                walk(&t.items, idx, &format!("{p}.items"), out);
            }
            idx.pop();
        }
    }
    let mut out = Vec::new();
    walk(&plan.targets, &mut Vec::new(), "targets", &mut out);
    out
}

/// The target at an index path.
pub fn target_at<'a>(plan: &'a Plan, idx: &[usize]) -> Option<&'a Target> {
    let (first, rest) = idx.split_first()?;
    let mut t = plan.targets.get(*first)?;
    for i in rest {
        t = t.items.get(*i)?;
    }
    Some(t)
}

/// The target at an index path, for editing.
pub fn target_at_mut<'a>(plan: &'a mut Plan, idx: &[usize]) -> Option<&'a mut Target> {
    let (first, rest) = idx.split_first()?;
    let mut t = plan.targets.get_mut(*first)?;
    for i in rest {
        t = t.items.get_mut(*i)?;
    }
    Some(t)
}

/// A threshold as people type it: "98", "97,5", "97.5", "98 %". `None` if it is not a number.
pub fn parse_threshold(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Changes a target's words. The goal's quote (the words that state the number) is kept while the
/// new text still contains it; otherwise the whole new text becomes the quote (the office's own
/// plan is not a transcription, and its target's words are what state the goal).
pub fn set_target_text(target: &mut Target, text: String) {
    if let Some(g) = &mut target.goal {
        let plain = strip_footnote_marks(&text);
        if g.quote.is_empty() || !plain.contains(&g.quote) {
            g.quote = plain.trim().to_string();
        }
    }
    target.text = text;
}

/// The indicator that measures a goal, by id.
pub fn goal_indicator(plan: &Plan, goal_id: &str) -> Option<String> {
    plan.indicator_for_goal(goal_id).map(|i| i.id.clone())
}

/// Makes `indicator` (or none) the one that measures `goal_id`, moving the goal off any other
/// indicator. An indicator left measuring nothing stays in the model (its figures are still
/// entered) and is shown for no target.
pub fn set_goal_indicator(plan: &mut Plan, goal_id: &str, indicator: Option<&str>) {
    for ind in &mut plan.measures.indicators {
        ind.goals.retain(|g| g != goal_id);
    }
    if let Some(id) = indicator {
        if let Some(ind) = plan.measures.indicators.iter_mut().find(|i| i.id == id) {
            ind.goals.push(goal_id.to_string());
        }
    }
}

/// Adds a task at the end of an area, numbered after its last ("3.7" after "3.6"), with empty
/// words for the office to write (the plan is not valid until it does). Returns its number.
pub fn add_task(plan: &mut Plan, area: usize) -> Option<String> {
    let a = plan.task_areas.get_mut(area)?;
    let next = a
        .tasks
        .iter()
        .filter_map(|t| t.number.rsplit('.').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let number = format!("{}.{next}", a.number);
    a.tasks.push(crate::core::plan::model::Task {
        number: number.clone(),
        text: String::new(),
        bullets: vec![],
        responsible: None,
        roles: vec![],
        goals: vec![],
        due: None,
    });
    Some(number)
}

/// Removes a task that states no goal of its own (a goal is measured by an indicator: removing
/// it would leave the indicator measuring nothing). Returns whether it was removed.
pub fn remove_task(plan: &mut Plan, area: usize, task: usize) -> bool {
    let Some(a) = plan.task_areas.get_mut(area) else {
        return false;
    };
    if a.tasks.get(task).is_none_or(|t| !t.goals.is_empty()) {
        return false;
    }
    a.tasks.remove(task);
    true
}

/// Lines of a multi-line field (bullets, recipients): trimmed, empty lines dropped.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letterhead_is_made_line_by_line_and_dropped_when_cleared() {
        let mut p = Plan::builtin();
        p.letterhead = None;
        set_letterhead(&mut p, LetterheadPart::Body, " PHÒNG VĂN HÓA - XÃ HỘI ");
        assert_eq!(
            letterhead_line(&p, LetterheadPart::Body),
            "PHÒNG VĂN HÓA - XÃ HỘI"
        );
        assert!(
            p.problems().iter().any(|e| e.path == "letterhead.place"),
            "a letterhead without its place is a problem"
        );
        set_letterhead(&mut p, LetterheadPart::Place, "Bình Tiên");
        assert!(!p
            .problems()
            .iter()
            .any(|e| e.path.starts_with("letterhead")));
        set_letterhead(&mut p, LetterheadPart::Body, "");
        set_letterhead(&mut p, LetterheadPart::Place, " ");
        assert_eq!(p.letterhead, None);
        p.issuer = " ".into();
        assert!(p.problems().iter().any(|e| e.path == "issuer"));
    }

    #[test]
    fn a_report_window_end_moves_the_other_when_it_would_run_backwards() {
        let mut p = Plan::builtin();
        let q3 = p
            .reporting
            .iter()
            .position(|r| r.due_before.format("%m").to_string() == "09")
            .unwrap();
        p.reporting[q3].window = None;
        // From the default (January to August), the end set to June keeps January.
        set_report_window_end(&mut p, q3, Some(6), false);
        let w = p.reporting[q3].window.unwrap();
        assert_eq!((w.from.month(), w.to.month()), (1, 6));
        // A start after the end takes the end with it.
        set_report_window_end(&mut p, q3, Some(9), true);
        let w = p.reporting[q3].window.unwrap();
        assert_eq!((w.from.month(), w.to.month()), (9, 9));
        // The default again; an index past the reports changes nothing.
        set_report_window_end(&mut p, q3, None, true);
        assert_eq!(p.reporting[q3].window, None);
        set_report_window_end(&mut p, 99, Some(3), true);
    }
    use crate::core::base::error::FieldError;
    use crate::core::plan::file::copy_to_year;

    #[test]
    fn tasks_can_be_added_and_removed_but_not_those_with_goals() {
        let mut p = copy_to_year(&Plan::builtin(), 2025);
        let before = p.task_areas[2].tasks.len();
        let n = add_task(&mut p, 2).unwrap();
        assert_eq!(n, format!("3.{}", before + 1));
        // Its words are still to be written.
        let path = format!("task_areas[2].tasks[{before}].text");
        assert!(p
            .problems()
            .iter()
            .any(|e| e.path == path && e.error == FieldError::Missing));
        p.task_areas[2].tasks[before].text = "Tổ chức tập huấn CCHC cho viên chức.".into();
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        assert!(remove_task(&mut p, 2, before));
        assert_eq!(p.task_areas[2].tasks.len(), before);
        // A task stating a goal (3.9 holds 3.9a and 3.9b) stays.
        let (ai, ti) = p
            .task_areas
            .iter()
            .enumerate()
            .find_map(|(ai, a)| {
                a.tasks
                    .iter()
                    .position(|t| !t.goals.is_empty())
                    .map(|ti| (ai, ti))
            })
            .unwrap();
        assert!(!remove_task(&mut p, ai, ti));
        assert!(p.problems().is_empty());
    }

    #[test]
    fn thresholds_are_read_as_typed() {
        assert_eq!(parse_threshold("98"), Some(98.0));
        assert_eq!(parse_threshold("97,5"), Some(97.5));
        assert_eq!(parse_threshold(" 97.5 % "), Some(97.5));
        assert_eq!(parse_threshold("abc"), None);
        assert_eq!(parse_threshold("-5"), None);
        assert_eq!(parse_threshold(""), None);
    }

    #[test]
    fn editing_a_copy_is_checked_field_by_field() {
        let mut p = copy_to_year(&Plan::builtin(), 2025);
        let paths = leaf_target_paths(&p);
        let (idx, path) = paths
            .iter()
            .find(|(i, _)| target_at(&p, i).is_some_and(|t| t.number == "2.1"))
            .cloned()
            .unwrap();
        assert_eq!(path, "targets[1].items[0]");
        // 98 % → 99 %, with new words.
        let t = target_at_mut(&mut p, &idx).unwrap();
        t.goal.as_mut().unwrap().threshold = 99.0;
        set_target_text(
            t,
            "Tỷ lệ giải quyết hồ sơ TTHC đúng hạn từ 99% trở lên.".into(),
        );
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        let quote = &target_at(&p, &idx).unwrap().goal.as_ref().unwrap().quote;
        assert_eq!(
            quote,
            "Tỷ lệ giải quyết hồ sơ TTHC đúng hạn từ 99% trở lên."
        );
        // Empty words are refused where they were typed.
        set_target_text(target_at_mut(&mut p, &idx).unwrap(), "  ".into());
        assert!(p
            .problems()
            .iter()
            .any(|e| e.path == format!("{path}.text") && e.error == FieldError::Missing));
        set_target_text(
            target_at_mut(&mut p, &idx).unwrap(),
            "Tỷ lệ giải quyết hồ sơ TTHC đúng hạn từ 99% trở lên.".into(),
        );
        // 150 % is refused where it was typed.
        target_at_mut(&mut p, &idx)
            .unwrap()
            .goal
            .as_mut()
            .unwrap()
            .threshold = 150.0;
        let problems = p.problems();
        assert!(problems.iter().any(
            |e| e.path == format!("{path}.goal.threshold") && e.error == FieldError::OutOfRange
        ));
        // The indicator behind a goal can be moved.
        target_at_mut(&mut p, &idx)
            .unwrap()
            .goal
            .as_mut()
            .unwrap()
            .threshold = 99.0;
        assert_eq!(goal_indicator(&p, "2.1").as_deref(), Some("dung_han"));
        set_goal_indicator(&mut p, "2.1", None);
        assert_eq!(goal_indicator(&p, "2.1"), None);
        set_goal_indicator(&mut p, "2.1", Some("dung_han"));
        assert_eq!(goal_indicator(&p, "2.1").as_deref(), Some("dung_han"));
        assert!(p.problems().is_empty());
        assert_eq!(lines(" a \n\n b\r\n"), vec!["a", "b"]);
    }
}
