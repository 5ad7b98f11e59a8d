//! Test data shared by the core's test modules: one school's plain dataset, the months of 2024 and
//! the first quarter's period, so that every module's tests speak of the same school.

use crate::core::base::period::{MonthRange, ReportKind, YearMonth};
use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::{Evidence, SchoolLevel, TaskStatus, Unit};
use crate::core::data::survey::{default_questionnaire, Respondent, SurveyRound, Tally};
use crate::core::exchange::submission::Period;
use crate::core::plan::model::BUILTIN_PLAN_ID;

/// Month `m` of 2024, the built-in plan's year.
pub fn ym(m: u32) -> YearMonth {
    YearMonth::new(2024, m).unwrap()
}

pub fn school(id: &str, name: &str, level: SchoolLevel, code: &str) -> Unit {
    Unit {
        id: id.into(),
        kind: UnitKind::School,
        parent: None,
        name: name.into(),
        level: Some(level),
        code: code.into(),
        changed_at: 1,
    }
}

/// A school's own dataset with figures, a task, an assessment and a survey round.
pub fn school_data(unit: &Unit, base: u64) -> Dataset {
    let mut d = Dataset::default();
    d.set_me(unit.clone(), 10);
    for m in 1..=3 {
        d.set_figure(&unit.id, ym(m), "vb_tong", Some(base + m as u64 * 10), 10);
        d.set_figure(&unit.id, ym(m), "vb_dien_tu", Some(base + m as u64 * 9), 10);
        d.set_figure(&unit.id, ym(m), "cb_tong", Some(40), 10);
    }
    let w = d.work_mut(BUILTIN_PLAN_ID);
    w.update_task(&unit.id, "1.2", 10, |t| {
        t.status = TaskStatus::Done;
        t.assignee = "Cô Lan".into();
        t.evidence.push(Evidence {
            id: "e1".into(),
            doc_number: "12/KH-MN".into(),
            ..Evidence::default()
        });
    });
    let q = default_questionnaire(unit.level.unwrap_or(SchoolLevel::TieuHoc));
    let overall = q.overall.id.clone();
    w.upsert_round(
        SurveyRound {
            id: format!("ks-{}", unit.id),
            unit: unit.id.clone(),
            name: "Đợt 1".into(),
            respondent: Respondent::Parents,
            month: ym(3),
            distributed: Some(120),
            returned: 100,
            population: Some(400),
            questionnaire: q,
            changed_at: 10,
        },
        10,
    );
    w.set_tally(
        &format!("ks-{}", unit.id),
        &overall,
        Tally {
            n: [1, 2, 7, 40, 50],
            blank: 0,
        },
        10,
    );
    d
}

pub fn q1_to_march() -> Period {
    Period {
        report: Some(ReportKind::Q1),
        months: MonthRange::new(ym(1), ym(3)).unwrap(),
    }
}

/// A CSV line read back (quotes and doubled quotes), independently of the writer.
pub fn parse_csv_line(line: &str) -> Vec<String> {
    let (mut out, mut cell, mut quoted, mut chars) =
        (vec![], String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    out.push(cell);
    out
}
