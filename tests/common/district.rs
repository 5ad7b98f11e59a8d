//! A district office's data, built through the core as the app holds it: shared by the native
//! capacity test (`tests/capacity.rs`) and the browser benchmarks (`tests/bench_web.rs`).

use cchc::core::base::period::YearMonth;
use cchc::core::data::dataset::{Dataset, UnitKind};
use cchc::core::data::records::{
    make_id, Evidence, Millis, SchoolLevel, Stamped, TaskStatus, Unit,
};
use cchc::core::data::sample::sample_dataset;
use cchc::core::data::survey::{default_questionnaire, Respondent, SurveyRound, Tally};
use cchc::core::plan::file::copy_to_year;
use cchc::core::plan::model::{HeldPlan, Plan};

/// A district's years: 150 schools, every field a school reports every month of `years`, the
/// office's own fields every month, and for each year its own plan (the built-in plan for its
/// year, copies of it for the others, stored as the app stores plans opened from files) under
/// which every school has two survey rounds with every criterion tallied and every task done
/// with a piece of evidence.
///
/// Stamps are those the office's import gives (the time the school's file was made): each
/// school's year arrives in its four period files, a month's figures with the file that first
/// carried it, tasks spread over the four files in no order of their numbers. Evidence ids are
/// made as the app makes them.
#[allow(dead_code)]
pub fn district(years: &[i32]) -> Dataset {
    schools_of(150, years)
}

/// The plan of `year`: the built-in one, or a copy of it moved to `year`.
pub fn plan_of(year: i32) -> Plan {
    let builtin = Plan::builtin();
    if builtin.year == year {
        builtin
    } else {
        copy_to_year(&builtin, year)
    }
}

/// When school `i`'s file of period `p` (0…3) of `year` was made.
fn file_made(i: u64, year: i32, p: u64) -> Millis {
    const DAY: i64 = 86_400_000;
    1_640_000_000_000
        + (year as i64 - 2022) * 365 * DAY
        + (p as i64 * 90 + 60) * DAY
        + i as i64 * 1_000
}

/// `count` schools with every field, survey and task of `years` (see `district`).
pub fn schools_of(count: u64, years: &[i32]) -> Dataset {
    const T: i64 = 1_700_000_000_000;
    let builtin = Plan::builtin();
    let mut d = sample_dataset(&builtin, UnitKind::Office, 1);
    let me = d.me().map(|u| u.id.clone()).unwrap_or_default();
    let plans: Vec<Plan> = years.iter().map(|&y| plan_of(y)).collect();
    for p in &plans {
        if p.id != builtin.id {
            d.plans.insert(
                p.id.clone(),
                Stamped {
                    v: HeldPlan::new(p.clone()).unwrap(),
                    t: T,
                },
            );
        }
    }
    let fields_of = |kind: UnitKind| -> Vec<String> {
        builtin
            .measures
            .fields
            .iter()
            .filter(|f| f.reporters.contains(&kind))
            .map(|f| f.id.clone())
            .collect()
    };
    let office_fields = fields_of(UnitKind::Office);
    let school_fields = fields_of(UnitKind::School);
    for &y in years {
        for m in 1..=12 {
            let month = YearMonth::new(y, m).unwrap();
            for f in &office_fields {
                d.set_figure(&me, month, f, Some(40 + m as u64), T);
            }
        }
    }
    for i in 0..count {
        let id = format!("u-19{i:03x}-{:016x}", i * 7919);
        let level = SchoolLevel::ALL[(i % 3) as usize];
        d.upsert_unit(
            Unit {
                id: id.clone(),
                kind: UnitKind::School,
                parent: None,
                name: format!("Trường số {i} Quận 6"),
                level: Some(level),
                code: format!("T{i:03}"),
                changed_at: T,
            },
            T,
        );
        for (&y, plan) in years.iter().zip(&plans) {
            for m in 1..=12 {
                let month = YearMonth::new(y, m).unwrap();
                for (k, f) in school_fields.iter().enumerate() {
                    // Parts (electronic documents, digital signatures) stay below their wholes.
                    let v = if f == "dv_ap_dung_ttdt" {
                        1
                    } else if f == "vb_dien_tu" || f == "cb_chu_ky_so" {
                        20 + (i + m as u64) % 10
                    } else {
                        30 + (i + m as u64 + k as u64) % 20
                    };
                    let period = match m {
                        1..=2 => 0,
                        3..=5 => 1,
                        6..=8 => 2,
                        _ => 3,
                    };
                    d.set_figure(&id, month, f, Some(v), file_made(i, y, period));
                }
            }
            let w = d.work_mut(&plan.id);
            for round in 0..2 {
                let rid = format!("ks-{id}-{y}-{round}");
                let q = default_questionnaire(level);
                let ids: Vec<String> = q.visible().iter().map(|(_, c)| c.id.clone()).collect();
                w.upsert_round(
                    SurveyRound {
                        id: rid.clone(),
                        unit: id.clone(),
                        name: format!("Khảo sát năm {y}, đợt {}", round + 1),
                        respondent: Respondent::Parents,
                        month: YearMonth::new(y, 4 + 6 * round).unwrap(),
                        distributed: Some(220),
                        returned: 200,
                        population: Some(600),
                        questionnaire: q,
                        changed_at: T,
                    },
                    T,
                );
                for c in ids {
                    w.set_tally(
                        &rid,
                        &c,
                        Tally {
                            n: [2, 8, 30, 80, 80],
                            blank: 0,
                        },
                        T,
                    );
                }
            }
            for (k, n) in plan.tasks().map(|(_, t)| t.number.clone()).enumerate() {
                let made = file_made(i, y, (k as u64 * 7 + i) % 4);
                let added = made - 3_600_000 * (k as i64 + 1);
                let random = (i * 2_654_435_761 + k as u64 * 40_503) % (1 << 32);
                w.update_task(&id, &n, made, |t| {
                    t.status = TaskStatus::Done;
                    t.evidence.push(Evidence {
                        id: make_id("e", added, random),
                        doc_number: format!("{i}/KH-{n}"),
                        date: chrono::NaiveDate::from_ymd_opt(y, 3, 15),
                        link: String::new(),
                        note: String::new(),
                    });
                });
            }
        }
    }
    d
}
