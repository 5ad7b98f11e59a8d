//! Sample data ("Dữ liệu mẫu"): a realistic, clearly fictional dataset so that a newcomer sees every
//! screen with data. Deterministic (a fixed-seed generator), every name marked "(mẫu)", and kept in
//! its own workspace so that removing it never touches real data.

use chrono::NaiveDate;

use crate::core::base::period::YearMonth;
use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::{Evidence, Millis, SchoolLevel, TaskStatus, Unit, Verdict};
use crate::core::data::survey::{default_questionnaire, Respondent, SurveyRound, Tally};
use crate::core::plan::model::Plan;

pub const SAMPLE_OFFICE_ID: &str = "mau-phong";
/// The sample's unit above, seen from above.
pub const SAMPLE_ABOVE_ID: &str = "mau-cap-tren";

/// The two fictional offices of the sample seen from above: (id, name).
const SAMPLE_OFFICES: &[(&str, &str)] = &[
    (
        "mau-phong-an-hoa",
        "Phòng Văn hóa - Xã hội phường An Hòa (mẫu)",
    ),
    (
        "mau-phong-tan-lap",
        "Phòng Văn hóa - Xã hội xã Tân Lập (mẫu)",
    ),
];

/// Fictional schools: (id, name, level).
const SCHOOLS: &[(&str, &str, SchoolLevel)] = &[
    (
        "mau-mn-hoa-sen",
        "Trường Mầm non Hoa Sen (mẫu)",
        SchoolLevel::MamNon,
    ),
    (
        "mau-mn-son-ca",
        "Trường Mầm non Sơn Ca (mẫu)",
        SchoolLevel::MamNon,
    ),
    (
        "mau-th-binh-minh",
        "Trường Tiểu học Bình Minh (mẫu)",
        SchoolLevel::TieuHoc,
    ),
    (
        "mau-th-anh-duong",
        "Trường Tiểu học Ánh Dương (mẫu)",
        SchoolLevel::TieuHoc,
    ),
    (
        "mau-th-hoa-mi",
        "Trường Tiểu học Họa Mi (mẫu)",
        SchoolLevel::TieuHoc,
    ),
    (
        "mau-thcs-truong-son",
        "Trường THCS Trường Sơn (mẫu)",
        SchoolLevel::Thcs,
    ),
    (
        "mau-thcs-cuu-long",
        "Trường THCS Cửu Long (mẫu)",
        SchoolLevel::Thcs,
    ),
];

/// Months with figures in the sample: January to September of the plan's year.
const SAMPLE_MONTHS: u32 = 9;

/// A small deterministic generator (64-bit LCG), so the sample is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// `n` scaled by a percentage in `lo..=hi`, rounded down.
    fn share(&mut self, n: u64, lo: u64, hi: u64) -> u64 {
        n * self.range(lo, hi) / 100
    }
}

fn school_units(t: Millis) -> Vec<Unit> {
    SCHOOLS
        .iter()
        .enumerate()
        .map(|(i, (id, name, level))| Unit {
            id: (*id).into(),
            kind: UnitKind::School,
            parent: None,
            name: (*name).into(),
            level: Some(*level),
            code: format!("MAU{:02}", i + 1),
            changed_at: t,
        })
        .collect()
}

/// The sample's office, named as the plan in use names its managing unit.
fn above_unit(plan: &Plan, t: Millis) -> Unit {
    Unit {
        id: SAMPLE_ABOVE_ID.into(),
        kind: UnitKind::Above,
        parent: None,
        name: format!("{} (mẫu)", plan.above_name().unwrap_or("Đơn vị cấp trên")),
        level: None,
        code: String::new(),
        changed_at: t,
    }
}

fn office_unit(plan: &Plan, t: Millis) -> Unit {
    Unit {
        id: SAMPLE_OFFICE_ID.into(),
        kind: UnitKind::Office,
        parent: None,
        name: format!("{} (mẫu)", plan.office_name()),
        level: None,
        code: String::new(),
        changed_at: t,
    }
}

fn office_figures(d: &mut Dataset, plan: &Plan, id: &str, rng: &mut Rng, t: Millis) {
    // Dossiers still in progress at a month's end are resolved the next month: they count in that
    // month-end state once, then among the next month's resolved dossiers (never twice).
    let mut open_in_time = 0u64;
    let mut open_overdue = 0u64;
    for m in 1..=SAMPLE_MONTHS {
        let Some(month) = YearMonth::new(plan.year, m) else {
            continue;
        };
        let mut set = |f: &str, v: u64| {
            d.set_figure(id, month, f, Some(v), t);
        };
        let received = rng.range(38, 72);
        let early = rng.share(received, 8, 20);
        // A couple of months with late dossiers, so the on-time target is at risk; July's
        // overdue dossiers in progress are resolved (late) in August.
        let late = match m {
            3 => rng.range(4, 6),
            7 => rng.range(3, 5),
            _ => 0,
        } + open_overdue;
        let in_progress = rng.range(2, 6);
        let overdue_in_progress = if m == 7 { 2 } else { 0 };
        let resolved = received + open_in_time + open_overdue - in_progress - overdue_in_progress;
        let on_time = resolved.saturating_sub(early + late);
        set("hs_tiep_nhan", received);
        set("hs_gq_truoc_han", early);
        set("hs_gq_dung_han", on_time);
        set("hs_gq_qua_han", late);
        set("hs_dang_trong_han", in_progress);
        set("hs_dang_qua_han", overdue_in_progress);
        // Apology slips are issued when a dossier becomes late (not again when it is resolved);
        // one is missing in July.
        let newly_late = late - open_overdue + overdue_in_progress;
        set(
            "hs_xin_loi",
            if m == 7 { newly_late - 1 } else { newly_late },
        );
        // Every dossier received is tracked on the system, but two in May.
        set(
            "hs_cap_nhat_he_thong",
            if m == 5 { received - 2 } else { received },
        );
        open_in_time = in_progress;
        open_overdue = overdue_in_progress;
        set("hs_so_hoa", rng.share(received, 52, 72));
        set("hs_tai_su_dung", rng.share(received, 78, 92));
        let fee = rng.range(6, 14).min(received);
        set("hs_co_phi", fee);
        set(
            "hs_thanh_toan_tt",
            if m <= 2 { fee.saturating_sub(1) } else { fee },
        );
        let ratings = rng.range(20, 40);
        set("dg_tong", ratings);
        set("dg_hai_long", ratings - rng.range(0, 1));
        let docs = rng.range(90, 140);
        set("vb_tong", docs);
        set("vb_dien_tu", docs - rng.range(0, 2));
        if m == 1 || m == 6 {
            set("tthc_tong", 27);
            set("tthc_cong_khai", 27);
            set("tthc_nb_tong", 6);
            set("tthc_nb_cong_khai", if m == 1 { 5 } else { 6 });
            set("cb_tong", 21);
            set("cb_chu_ky_so", if m == 1 { 19 } else { 21 });
            set("cb_thu_cong_vu", 21);
        }
    }
}

fn school_figures(
    d: &mut Dataset,
    plan: &Plan,
    school: &Unit,
    index: usize,
    rng: &mut Rng,
    t: Millis,
) {
    for m in 1..=SAMPLE_MONTHS {
        // One school is behind: nothing since July.
        if index == 4 && m >= 7 {
            continue;
        }
        let Some(month) = YearMonth::new(plan.year, m) else {
            continue;
        };
        let docs = rng.range(25, 60);
        let electronic = docs - rng.range(0, if index == 2 { 6 } else { 1 });
        d.set_figure(&school.id, month, "vb_tong", Some(docs), t);
        d.set_figure(&school.id, month, "vb_dien_tu", Some(electronic), t);
        if m == 1 {
            let staff = rng.range(28, 75);
            let signing = if index == 5 { staff - 3 } else { staff };
            d.set_figure(&school.id, month, "cb_tong", Some(staff), t);
            d.set_figure(&school.id, month, "cb_chu_ky_so", Some(signing), t);
            // One kindergarten has not moved to cashless fees yet; one primary school has not
            // answered the question at all (missing, not a "no").
            if index != 3 {
                d.set_figure(
                    &school.id,
                    month,
                    "dv_ap_dung_ttdt",
                    Some(if index == 1 { 0 } else { 1 }),
                    t,
                );
            }
        }
    }
}

fn tasks(d: &mut Dataset, plan: &Plan, unit: &str, rng: &mut Rng, t: Millis) {
    let year = plan.year;
    let date = |m: u32, day: u32| NaiveDate::from_ymd_opt(year, m, day);
    for (i, (_, task)) in plan.tasks().enumerate() {
        let roll = rng.range(0, 99);
        let status = match roll {
            0..=44 => TaskStatus::Done,
            45..=79 => TaskStatus::InProgress,
            80..=94 => TaskStatus::NotStarted,
            _ => TaskStatus::NotApplicable,
        };
        let number = task.number.clone();
        d.work_mut(&plan.id).update_task(unit, &number, t, |p| {
            p.status = status;
            p.assignee = match i % 3 {
                0 => "Nguyễn Văn A (mẫu) — Phó Trưởng phòng".into(),
                1 => "Trần Thị B (mẫu) — chuyên viên CCHC".into(),
                _ => "Lê Văn C (mẫu) — văn thư".into(),
            };
            // Done tasks were due earlier in the year; open ones mostly later, a few overdue.
            p.due = match status {
                TaskStatus::NotApplicable => None,
                TaskStatus::Done => date(2 + (i as u32 % 7), 28),
                _ if i % 7 == 0 => date(5 + (i as u32 % 4), 15),
                _ => date(10 + (i as u32 % 3), 30),
            };
            if status == TaskStatus::Done {
                p.evidence.push(Evidence {
                    id: format!("mau-e{i}"),
                    doc_number: format!("{}/KH-GDĐT (mẫu)", 100 + i),
                    date: date(1 + (i as u32 % 8), 15),
                    link: String::new(),
                    note: "Văn bản triển khai (mẫu)".into(),
                });
            }
        });
    }
}

/// A survey round of a sample school in May, with tallies around `satisfied` percent satisfied.
/// One row of one school is deliberately two forms short, to show the row check.
fn survey(
    d: &mut Dataset,
    plan: &Plan,
    school: &Unit,
    respondent: Respondent,
    satisfied: u64,
    rng: &mut Rng,
    t: Millis,
) {
    let Some(level) = school.level else { return };
    let Some(month) = YearMonth::new(plan.year, 5) else {
        return;
    };
    let population = rng.range(320, 900);
    let returned = population * rng.range(40, 60) / 100;
    let who = match respondent {
        Respondent::Parents => "cha mẹ học sinh",
        Respondent::Students => "học sinh",
    };
    let id = format!(
        "{}-ks-{}",
        school.id,
        if respondent == Respondent::Parents {
            "cmhs"
        } else {
            "hs"
        }
    );
    let round = SurveyRound {
        id: id.clone(),
        unit: school.id.clone(),
        name: format!(
            "Khảo sát {who} năm học {}-{}, đợt 1 (mẫu)",
            plan.year - 1,
            plan.year
        ),
        respondent,
        month,
        distributed: Some(returned + rng.range(5, 25)),
        returned,
        population: Some(population),
        questionnaire: default_questionnaire(level),
        changed_at: t,
    };
    for (i, (_, c)) in round.questionnaire.visible().into_iter().enumerate() {
        let blank = rng.range(0, 3);
        let valid = returned - blank;
        let happy = valid * (satisfied + rng.range(0, 4)).min(100) / 100;
        let very = happy * rng.range(55, 70) / 100;
        let rest = valid - happy;
        let neutral = rest * rng.range(50, 80) / 100;
        let low = rest - neutral;
        let very_low = low / 3;
        let mut tally = Tally {
            n: [very_low, low - very_low, neutral, happy - very, very],
            blank,
        };
        // A row that does not add up, for the office's checks to show; from above the data came
        // through files, which could not carry it.
        let at_office = d.me().is_some_and(|m| m.kind == UnitKind::Office);
        if i == 5 && school.id.ends_with("binh-minh") && at_office {
            tally.blank = tally.blank.saturating_sub(2);
            tally.n[2] = tally.n[2].saturating_sub(2);
        }
        d.work_mut(&plan.id).set_tally(&id, &c.id, tally, t);
    }
    d.work_mut(&plan.id).upsert_round(round, t);
}

/// Builds the sample dataset from the point of view of `kind`: the office (with its fictional
/// schools), a single fictional school, or a unit above with two fictional offices and their
/// schools.
pub fn sample_dataset(plan: &Plan, kind: UnitKind, now: Millis) -> Dataset {
    let mut rng = Rng(0x5eed_c0de_2024);
    let mut d = Dataset::default();
    let schools = school_units(now);
    match kind {
        UnitKind::Office => {
            let office = office_unit(plan, now);
            d.set_me(office, now);
            sample_office(&mut d, plan, SAMPLE_OFFICE_ID, &mut rng, now);
            for (i, s) in schools.iter().enumerate() {
                sample_school(&mut d, plan, s, SAMPLE_OFFICE_ID, i, &mut rng, now);
            }
        }
        UnitKind::School => {
            let me = schools[2].clone();
            d.set_me(me.clone(), now);
            school_figures(&mut d, plan, &me, 2, &mut rng, now);
            tasks(&mut d, plan, &me.id, &mut rng, now);
            survey(&mut d, plan, &me, Respondent::Parents, 94, &mut rng, now);
        }
        UnitKind::Above => {
            d.set_me(above_unit(plan, now), now);
            for (k, (id, name)) in SAMPLE_OFFICES.iter().enumerate() {
                d.upsert_unit(
                    Unit {
                        id: (*id).into(),
                        kind: UnitKind::Office,
                        parent: Some(SAMPLE_ABOVE_ID.into()),
                        name: (*name).into(),
                        level: None,
                        code: format!("MAUP{}", k + 1),
                        changed_at: now,
                    },
                    now,
                );
                sample_office(&mut d, plan, id, &mut rng, now);
                // Each office has schools of every level: the first four, then the other three.
                for (i, s) in schools.iter().enumerate() {
                    if [0, 2, 3, 5].contains(&i) == (k == 0) {
                        sample_school(&mut d, plan, s, id, i, &mut rng, now);
                    }
                }
            }
        }
    }
    d
}

/// An office's own figures, tasks and one assessment.
fn sample_office(d: &mut Dataset, plan: &Plan, id: &str, rng: &mut Rng, now: Millis) {
    office_figures(d, plan, id, rng, now);
    tasks(d, plan, id, rng, now);
    d.work_mut(&plan.id).set_assessment(
        id,
        "4",
        Some((Verdict::Met, "Đã công khai trên Hệ thống (mẫu)".into())),
        now,
    );
}

/// A school under `office`, with its figures, survey rounds and (every other school) tasks.
fn sample_school(
    d: &mut Dataset,
    plan: &Plan,
    s: &Unit,
    office: &str,
    i: usize,
    rng: &mut Rng,
    now: Millis,
) {
    d.upsert_unit(
        Unit {
            parent: Some(office.into()),
            ..s.clone()
        },
        now,
    );
    school_figures(d, plan, s, i, rng, now);
    // One primary school lags behind on satisfaction.
    let satisfied = if i == 4 { 86 } else { 94 };
    survey(d, plan, s, Respondent::Parents, satisfied, rng, now);
    if s.level == Some(SchoolLevel::Thcs) {
        survey(d, plan, s, Respondent::Students, 92, rng, now);
    }
    if i % 2 == 0 {
        tasks(d, plan, &s.id, rng, now);
    }
}

/// Whether a dataset is (still) the sample: its own unit is a sample unit.
pub fn is_sample_unit(id: &str) -> bool {
    id.starts_with("mau-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::MonthRange;
    use crate::core::figures::entry::violations;
    use crate::core::figures::indicator::{evaluate, Status};

    #[test]
    fn the_sample_is_deterministic_and_marked() {
        let plan = Plan::builtin();
        let a = sample_dataset(&plan, UnitKind::Office, 1);
        let b = sample_dataset(&plan, UnitKind::Office, 1);
        assert_eq!(a, b);
        assert!(a
            .units
            .values()
            .all(|u| u.name.contains("(mẫu)") && is_sample_unit(&u.id)));
        assert_eq!(a.schools().len(), SCHOOLS.len());
        let s = sample_dataset(&plan, UnitKind::School, 1);
        assert_eq!(s.me().unwrap().kind, UnitKind::School);
        assert_eq!(s.units.len(), 1);
    }

    #[test]
    fn sample_figures_respect_every_constraint() {
        let plan = Plan::builtin();
        let d = sample_dataset(&plan, UnitKind::Office, 1);
        let months = plan.months();
        for unit in d.figures.keys() {
            let v = violations(&plan, &d, unit, &months, &[]);
            assert!(v.is_empty(), "{unit}: {v:?}");
        }
    }

    #[test]
    fn the_sample_shows_a_mix_of_results() {
        let plan = Plan::builtin();
        let d = sample_dataset(&plan, UnitKind::Office, 1);
        let me = d.me().unwrap();
        let window = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 9).unwrap(),
        )
        .unwrap();
        let mut statuses = std::collections::BTreeSet::new();
        for ind in &plan.measures.indicators {
            let units = crate::core::figures::indicator::scope_units(&d, me, ind);
            let e = evaluate(&plan, &d, ind, &units, window, window.to);
            statuses.insert(format!("{:?}", e.status));
        }
        assert!(!statuses.contains("Invalid"), "{statuses:?}");
        for s in [Status::Met, Status::NotMet] {
            assert!(
                statuses.contains(&format!("{s:?}")),
                "no {s:?} in {statuses:?}"
            );
        }
        // Satisfaction comes from the sample schools' survey rounds.
        let sat = plan.indicator("hai_long_giao_duc").unwrap();
        let units = crate::core::figures::indicator::scope_units(&d, me, sat);
        let e = evaluate(&plan, &d, sat, &units, window, window.to);
        assert!(e.ratio.den > 1000, "{:?}", e.ratio);
    }

    #[test]
    fn sample_surveys_look_real_and_one_row_is_short() {
        let plan = Plan::builtin();
        let d = sample_dataset(&plan, UnitKind::Office, 1);
        assert_eq!(
            d.work(&plan.id).surveys.len(),
            SCHOOLS.len() + 2,
            "parents everywhere, students in the two THCS"
        );
        let mut short_rows = 0;
        for r in d.work(&plan.id).surveys.values() {
            for (_, c) in r.questionnaire.visible() {
                let t = crate::core::figures::survey_results::tally_of(
                    &d.work(&plan.id).tallies,
                    &r.id,
                    &c.id,
                );
                if crate::core::figures::survey_results::row_difference(&t, r.returned) != 0 {
                    short_rows += 1;
                }
            }
        }
        assert_eq!(short_rows, 1);
    }
}
