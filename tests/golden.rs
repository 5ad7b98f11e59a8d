//! Golden files: what each released schema version of the dataset looks like. Every version must
//! keep loading (migrated to the current one) with nothing lost.

use cchc::core::base::period::{ReportKind, YearMonth};
use cchc::core::data::dataset::Dataset;
use cchc::core::data::dataset::UnitKind;
use cchc::core::data::records::{TaskStatus, Verdict};
use cchc::core::plan::model::{HeldPlan, BUILTIN_PLAN_ID};
use cchc::core::storage::persist::{decode, encode};

/// The dataset with each held plan written in this version's form: a holding compares by its
/// text (see `HeldPlan`'s equality), and a migration carries a plan over in its own form, so that
/// "the same data" is the same plans by content.
/// The `data` of an older golden file as version 11 writes it: each school names the one office
/// the dataset holds (the v10 → v11 step), nothing else moved.
fn data_as_v11(raw: &str) -> serde_json::Value {
    let mut data = serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    let Some(units) = data.get_mut("units").and_then(|u| u.as_object_mut()) else {
        return data;
    };
    let offices: Vec<String> = units
        .iter()
        .filter(|(_, u)| u["kind"] == "office")
        .map(|(id, _)| id.clone())
        .collect();
    if let [office] = offices.as_slice() {
        for u in units.values_mut().filter(|u| u["kind"] == "school") {
            u["parent"] = serde_json::Value::String(office.clone());
        }
    }
    data
}

fn by_content(mut d: Dataset) -> Dataset {
    for held in d.plans.values_mut() {
        held.v = HeldPlan::new((*held.v).clone()).unwrap();
    }
    // The values, not the history of how an expected dataset was built by hand (the golden
    // files' texts are compared whole, history included).
    d.history.clear();
    d
}

const V1: &str = include_str!("golden/dataset-v1.json");

#[test]
fn version_1_loads_with_everything_in_it() {
    let d = decode(V1).expect("version 1 must load");
    let me = d.me().unwrap();
    assert_eq!(me.kind, UnitKind::Office);
    assert_eq!(d.schools().len(), 1);
    assert_eq!(d.schools()[0].code, "TH07");
    let jan = YearMonth::new(2024, 1).unwrap();
    assert_eq!(d.figure(&me.id, jan, "hs_tiep_nhan"), Some(52));
    assert_eq!(
        d.figure("u-18f2b-8899aabbccddeeff", jan, "dv_ap_dung_ttdt"),
        Some(1)
    );
    let w = d.work(BUILTIN_PLAN_ID);
    let t = w.task(&me.id, "1.2").unwrap();
    assert_eq!(t.status, TaskStatus::InProgress);
    assert_eq!(t.evidence[0].doc_number, "15/BC-GDĐT");
    assert_eq!(t.due.unwrap().to_string(), "2024-03-02");
    assert_eq!(w.assessments[&me.id]["4"].verdict, Verdict::Met);
    assert_eq!(w.window(ReportKind::Q1).unwrap().to.month(), 3);
    assert_eq!(d.plan_in_use(), None, "the built-in plan");
}

#[test]
fn what_is_read_is_written_back_the_same() {
    let d = decode(V1).unwrap();
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
}

const V2: &str = include_str!("golden/dataset-v2.json");

#[test]
fn version_1_gains_empty_surveys_when_migrated() {
    let d = decode(V1).unwrap();
    let w = d.work(BUILTIN_PLAN_ID);
    assert!(w.surveys.is_empty() && w.tallies.is_empty());
}

#[test]
fn version_2_loads_its_survey_round_with_the_schools_own_questionnaire() {
    use cchc::core::data::survey::Respondent;
    use cchc::core::figures::survey_results::round_results;
    let d = decode(V2).expect("version 2 must load");
    let w = d.work(BUILTIN_PLAN_ID);
    let r = &w.surveys["ks-18f40-aa"];
    assert_eq!(r.respondent, Respondent::Parents);
    assert_eq!(
        (r.distributed, r.returned, r.population),
        (Some(220), 204, Some(560))
    );
    assert!(r.questionnaire.areas[0].criteria[0].text.contains("lớp 1"));
    assert!(r.questionnaire.areas[1].criteria[3].hidden);
    let res = round_results(r, &w.tallies);
    // tc1 192/201, chung 196/202, them1 175/200 → 563/603.
    assert_eq!((res.all.satisfied(), res.all.valid()), (563, 603));
    // Everything v1 had is still there.
    assert_eq!(
        w.task(&d.me().unwrap().id, "1.2").unwrap().evidence.len(),
        1
    );
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
}

const V3: &str = include_str!("golden/dataset-v3.json");

/// Versions 1 and 2 knew only the 2024 plan: migrated, their plan-owned data lands under the
/// built-in plan's id, unchanged, and nothing else moves.
#[test]
fn version_2_lands_under_the_2024_plan_when_migrated() {
    let v2 = decode(V2).unwrap();
    assert_eq!(v2.work.keys().collect::<Vec<_>>(), vec![BUILTIN_PLAN_ID]);
    let old = &data_as_v11(V2);
    let new: serde_json::Value = serde_json::to_value(&v2).unwrap();
    for key in ["me", "units"] {
        assert_eq!(new[key], old[key], "{key}");
    }
    // The stored form is compact since versions 6 and 7: the plan-owned parts are compared in
    // the plain form their types write outside storage.
    let w = v2.work(BUILTIN_PLAN_ID);
    let plain = |v: serde_json::Result<serde_json::Value>| v.unwrap();
    assert_eq!(plain(serde_json::to_value(&w.tasks)), old["tasks"]);
    assert_eq!(
        plain(serde_json::to_value(&w.assessments)),
        old["assessments"]
    );
    assert_eq!(plain(serde_json::to_value(&w.windows)), old["windows"]);
    assert_eq!(plain(serde_json::to_value(&w.tallies)), old["tallies"]);
    // Rounds: the same, but for a default questionnaire written as its id.
    let compact = cchc::core::data::compact::v5_to_v6(serde_json::json!({
        "work": { BUILTIN_PLAN_ID: { "surveys": old["surveys"] } },
    }));
    assert_eq!(
        plain(serde_json::to_value(&w.surveys)),
        compact["work"][BUILTIN_PLAN_ID]["surveys"]
    );
    // Every figure, with its stamp.
    let mut count = 0;
    for (unit, months) in old["figures"].as_object().unwrap() {
        for (month, fields) in months.as_object().unwrap() {
            let (y, m) = month.split_once('-').unwrap();
            let ym = YearMonth::new(y.parse().unwrap(), m.parse().unwrap()).unwrap();
            for (field, f) in fields.as_object().unwrap() {
                let s = &v2.figures[unit][&ym][field];
                assert_eq!((Some(s.v), Some(s.t)), (f["v"].as_u64(), f["t"].as_i64()));
                count += 1;
            }
        }
    }
    let held: usize = v2
        .figures
        .values()
        .flat_map(|m| m.values())
        .map(|f| f.len())
        .sum();
    assert_eq!(held, count);
}

/// Version 3 holds a second plan (2025), its work beside the 2024 plan's, and the plan in use.
#[test]
fn version_3_loads_plans_side_by_side() {
    let d = decode(V3).expect("version 3 must load");
    assert_eq!(d.plan_in_use(), Some("pgddt-quan6-2025"));
    let p2025 = &d.plans["pgddt-quan6-2025"].v;
    assert_eq!(p2025.year, 2025);
    let json = serde_json::to_string(p2025).unwrap();
    assert!(
        cchc::core::plan::model::Plan::from_json(&json).is_ok(),
        "a held plan is a valid plan"
    );
    let me = d.me().unwrap().id.clone();
    let w2024 = d.work(BUILTIN_PLAN_ID);
    let w2025 = d.work("pgddt-quan6-2025");
    assert_eq!(
        w2024.task(&me, "1.2").unwrap().status,
        TaskStatus::InProgress
    );
    assert_eq!(
        w2025.task(&me, "1.2").unwrap().status,
        TaskStatus::NotStarted
    );
    assert_eq!(w2025.task(&me, "1.2").unwrap().assignee, "Nguyễn Văn An");
    let jan25 = YearMonth::new(2025, 1).unwrap();
    assert_eq!(d.figure(&me, jan25, "hs_tiep_nhan"), Some(61));
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
}

const V4: &str = include_str!("golden/dataset-v4.json");

/// Version 4 holds what a unit wrote into its period report, and version 3 gains nothing else.
#[test]
fn version_4_loads_report_drafts_and_version_3_migrates_unchanged() {
    use cchc::core::base::period::ReportKind;
    let d = decode(V4).expect("version 4 must load");
    let me = d.me().unwrap().id.clone();
    let draft = d.work(BUILTIN_PLAN_ID).report(&me, ReportKind::Q1).unwrap();
    assert_eq!(draft.number, "15/BC-GDĐT");
    assert_eq!(draft.section(1), "Còn 2 hồ sơ trễ hạn do thiếu thành phần.");
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
    let v3 = decode(V3).unwrap();
    let mut without = d.clone();
    for w in without.work.values_mut() {
        w.reports.clear();
    }
    assert_eq!(by_content(without), by_content(v3));
}

const V5: &str = include_str!("golden/dataset-v5.json");

/// Version 5 holds the exchange with schools (revisions sent, files received, mapped school ids);
/// version 4 migrates with none of them and nothing else changed.
#[test]
fn version_5_loads_receipts_and_aliases_and_version_4_migrates_unchanged() {
    let d = decode(V5).expect("version 5 must load");
    let w = d.work(BUILTIN_PLAN_ID);
    assert_eq!(w.sent["q1"].v, 2);
    let r = w.received.values().next().unwrap();
    assert_eq!((r.revision, r.counts), (2, [10, 3, 0, 1]));
    assert_eq!(r.unit, "u-18f2b-8899aabbccddeeff");
    assert_eq!(
        d.aliases["u-18f99-reinstalled00000"].v,
        "u-18f2b-8899aabbccddeeff"
    );
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
    let mut without = d.clone();
    without.aliases.clear();
    for w in without.work.values_mut() {
        w.sent.clear();
        w.received.clear();
    }
    assert_eq!(by_content(without), by_content(decode(V4).unwrap()));
}

const V6: &str = include_str!("golden/dataset-v6.json");

/// Version 6 stores figures and tallies as arrays and default questionnaires by id; version 5
/// migrates to exactly the same data.
#[test]
fn version_6_is_compact_and_version_5_migrates_unchanged() {
    let d = decode(V6).expect("version 6 must load");
    // A round on the default questionnaire, stored by its id, reads as the whole questionnaire.
    let w = d.work(BUILTIN_PLAN_ID);
    let r = &w.surveys["ks-golden-mac-dinh"];
    assert_eq!(
        r.questionnaire,
        cchc::core::data::survey::default_questionnaire(
            cchc::core::data::records::SchoolLevel::TieuHoc
        )
    );
    assert_eq!(w.tallies["ks-golden-mac-dinh"]["chung"].v.satisfied(), 44);
    let mut without = d.clone();
    let w = without.work_mut(BUILTIN_PLAN_ID);
    w.remove_round("ks-golden-mac-dinh", 1);
    // Version 5 had no record of removals.
    w.removed = Default::default();
    assert_eq!(by_content(without), by_content(decode(V5).unwrap()));
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
    assert!(V6.contains("\"hs_tiep_nhan\":[52,"));
    assert!(!V6.contains("\"v\":{\"n\""), "tallies are arrays");
}

const V7: &str = include_str!("golden/dataset-v7.json");

/// Version 7 stores figures as yearly rows, tasks and rounds as arrays, and each run of equal
/// stamps once; version 6 migrates to exactly the same data.
#[test]
fn version_7_is_compact_and_version_6_migrates_unchanged() {
    let d = decode(V7).expect("version 7 must load");
    assert_eq!(by_content(d.clone()), by_content(decode(V6).unwrap()));
    let me = d.me().unwrap().id.clone();
    assert_eq!(
        d.figures[&me][&YearMonth::new(2024, 2).unwrap()]["hs_gq_dung_han"],
        cchc::core::data::records::Stamped {
            v: 30,
            t: 1_709_300_000_000
        }
    );
    let t = d.work(BUILTIN_PLAN_ID).task(&me, "1.2").unwrap();
    assert_eq!(t.evidence[0].link, "https://example.org/bc-15.pdf");
    assert_eq!(t.changed_at, 1_709_000_000_000);
    assert!(
        V7.contains("\"hs_tiep_nhan\":{\"2024\":[52,[31,1709300000000]]"),
        "figures as yearly rows"
    );
    assert!(
        !V7.contains("\"changed_at\":1709000000000"),
        "tasks as arrays"
    );
}

const V8: &str = include_str!("golden/dataset-v8.json");

/// Version 8 stores a task's dates (evidence, due) as day numbers from 1970-01-01; version 7
/// migrates to exactly the same data, and this app writes version 8 exactly as the golden file
/// has it.
#[test]
fn version_8_stores_task_dates_as_day_numbers_and_version_7_migrates_unchanged() {
    let d = decode(V8).expect("version 8 must load");
    assert_eq!(by_content(d.clone()), by_content(decode(V7).unwrap()));
    let data = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    assert_eq!(
        data(&encode(&d, 1)),
        data_as_v11(V8),
        "written as the golden file, with version 11's parents"
    );
    let me = d.me().unwrap().id.clone();
    let t = d.work(BUILTIN_PLAN_ID).task(&me, "1.2").unwrap();
    // 19 781 days after 1970-01-01 is 2024-02-28; the due date, 19 784, is 2024-03-02.
    assert_eq!(
        t.evidence[0].date,
        chrono::NaiveDate::from_ymd_opt(2024, 2, 28)
    );
    assert_eq!(t.due, chrono::NaiveDate::from_ymd_opt(2024, 3, 2));
    assert!(
        V8.contains("\"15/BC-GDĐT\",19781,"),
        "a date as a day number"
    );
    assert!(
        V7.contains("\"15/BC-GDĐT\",\"2024-02-28\","),
        "as version 7 wrote it"
    );
}

/// The version 9 data: version 8's, with removals recorded — a school's March documents
/// cleared, an assessment withdrawn and a survey round removed.
fn with_removals(mut d: Dataset) -> Dataset {
    let school = "u-18f2b-8899aabbccddeeff";
    let office = d.me().unwrap().id.clone();
    let mar = YearMonth::new(2024, 3).unwrap();
    d.set_figure(school, mar, "vb_tong", Some(40), 1709500000000);
    d.set_figure(school, mar, "vb_tong", None, 1709600000000);
    let w = d.work_mut(BUILTIN_PLAN_ID);
    w.set_assessment(&office, "4", None, 1709800000000);
    let round = w.surveys.keys().next().unwrap().clone();
    w.remove_round(&round, 1709900000000);
    // The office corrected January's documents of the school, which a file had brought.
    let jan = YearMonth::new(2024, 1).unwrap();
    let school_value = cchc::core::data::records::Stamped {
        v: 40,
        t: 1706900000000,
    };
    d.overridden
        .entry(school.to_string())
        .or_default()
        .entry(jan)
        .or_default()
        .insert("vb_tong".to_string(), school_value);
    d
}

const V9: &str = include_str!("golden/dataset-v9.json");

/// Version 9 records removals (a figure cleared, an assessment withdrawn, a round removed, each
/// with its time); version 8 migrates to the same data without any, and this app writes
/// version 9 exactly as the golden file has it.
#[test]
fn version_9_records_removals_and_version_8_migrates_unchanged() {
    let d = decode(V9).expect("version 9 must load");
    let v8 = decode(V8).unwrap();
    assert!(v8.cleared.is_empty() && v8.work.values().all(|w| w.removed.is_empty()));
    assert_eq!(by_content(d.clone()), by_content(with_removals(v8)));
    let data = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    assert_eq!(
        data(&encode(&d, 1)),
        data_as_v11(V9),
        "written as the golden file, with version 11's parents"
    );
    let mar = YearMonth::new(2024, 3).unwrap();
    assert_eq!(
        d.cleared["u-18f2b-8899aabbccddeeff"][&mar]["vb_tong"].0,
        1709600000000
    );
    let w = d.work(BUILTIN_PLAN_ID);
    assert_eq!(w.removed.rounds["ks-18f40-aa"].month.month(), 5);
    assert!(V9.contains(
        "\"cleared\":{\"u-18f2b-8899aabbccddeeff\":{\"2024-03\":{\"vb_tong\":1709600000000}}}"
    ));
}

const V10: &str = include_str!("golden/dataset-v10.json");

/// Version 10 records which figures' flags were marked as checked; version 9 migrates to the
/// same data without any, and this app writes version 10 exactly as the golden file has it.
#[test]
fn version_10_records_checked_flags_and_version_9_migrates_unchanged() {
    let d = decode(V10).expect("version 10 must load");
    let v9 = decode(V9).unwrap();
    assert!(v9.checked.is_empty());
    let feb = YearMonth::new(2024, 2).unwrap();
    let mut with_check = v9.clone();
    with_check.check_flags("u-18f2b-8899aabbccddeeff", feb, "vb_dien_tu", 1709700000000);
    assert_eq!(by_content(d.clone()), by_content(with_check));
    let data = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    assert_eq!(
        data(&encode(&d, 1)),
        data_as_v11(V10),
        "written as the golden file, with version 11's parents"
    );
    assert_eq!(
        d.checked["u-18f2b-8899aabbccddeeff"][&feb]["vb_dien_tu"].0,
        1709700000000
    );
}

/// A school's half year as the golden submission of version 2 holds it: figures of January to
/// March, then March's documents cleared and an assessment withdrawn.
fn school_half_year() -> (
    cchc::core::plan::model::Plan,
    Dataset,
    cchc::core::data::records::Unit,
) {
    use cchc::core::data::records::{SchoolLevel, Unit};
    let plan = cchc::core::plan::model::Plan::builtin();
    let school = Unit {
        id: "u-th07".into(),
        kind: UnitKind::School,
        parent: None,
        name: "Trường TH Bình Tiên".into(),
        level: Some(SchoolLevel::TieuHoc),
        code: "TH07".into(),
        changed_at: 1704100000000,
    };
    let mut d = Dataset::default();
    d.set_me(school.clone(), 1704100000000);
    for m in 1..=3 {
        let ym = YearMonth::new(2024, m).unwrap();
        d.set_figure(
            &school.id,
            ym,
            "vb_tong",
            Some(30 + u64::from(m)),
            1709000000000,
        );
        d.set_figure(
            &school.id,
            ym,
            "vb_dien_tu",
            Some(20 + u64::from(m)),
            1709000000000,
        );
    }
    let w = d.work_mut(BUILTIN_PLAN_ID);
    w.set_assessment(
        &school.id,
        "4",
        Some((Verdict::Met, String::new())),
        1709000000000,
    );
    w.set_assessment(&school.id, "4", None, 1717000000000);
    d.clear_month(&school.id, YearMonth::new(2024, 3).unwrap(), 1717100000000);
    (plan, d, school)
}

fn golden_submission_v2() -> String {
    use cchc::core::base::period::MonthRange;
    use cchc::core::exchange::submission::{build, to_file, Period};
    let (plan, d, school) = school_half_year();
    let period = Period {
        report: Some(ReportKind::H1),
        months: MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 5).unwrap(),
        )
        .unwrap(),
    };
    to_file(&build(
        &plan,
        &d,
        &school,
        period,
        "s-golden-2".into(),
        2,
        1717200000000,
    ))
}

const S1: &str = include_str!("golden/submission-v1.json");
const S2: &str = include_str!("golden/submission-v2.json");

/// Submission files: version 1 is still read and means what it meant (nothing removed);
/// version 2, as this app writes it, tells what was cleared and when.
#[test]
fn submission_files_of_each_version_read_as_they_mean() {
    use cchc::core::exchange::submission::read;
    let plan = cchc::core::plan::model::Plan::builtin();
    let v1 = read("v1.json", S1.as_bytes(), |_| Some(&plan)).expect("version 1 reads");
    assert_eq!(v1.schema_version, 1);
    assert!(v1.data.removed.is_empty());
    assert_eq!(
        golden_submission_v2(),
        S2,
        "written exactly as the golden file"
    );
    let v2 = read("v2.json", S2.as_bytes(), |_| Some(&plan)).expect("version 2 reads");
    assert_eq!(v2.schema_version, 2);
    let mar = YearMonth::new(2024, 3).unwrap();
    assert_eq!(v2.data.removed.figures[&mar]["vb_tong"], 1717100000000);
    assert_eq!(v2.data.removed.assessments["4"], 1717000000000);
    assert!(!v2.data.figures.contains_key(&mar));
}

const V11: &str = include_str!("golden/dataset-v11.json");

/// Version 11 makes the units a tree: version 10's school names the one office the dataset
/// holds, and this app writes version 11 exactly as the golden file has it.
#[test]
fn version_11_names_each_schools_office_and_version_10_migrates_to_it() {
    let d = decode(V11).expect("version 11 must load");
    let v10 = decode(V10).unwrap();
    assert_eq!(by_content(d.clone()), by_content(v10.clone()));
    let school = &d.units["u-18f2b-8899aabbccddeeff"];
    assert_eq!(school.parent.as_deref(), Some("u-18f2a-0011223344556677"));
    assert_eq!(d.units["u-18f2a-0011223344556677"].parent, None);
    let data = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    assert_eq!(
        data(&encode(&d, 1)),
        data(V11),
        "written exactly as the golden file"
    );
    assert!(V11.contains("\"kind\":\"school\",\"parent\":\"u-18f2a-0011223344556677\""));
}

/// An office's period file to the unit above (version 3): its own figures and its school's,
/// made from the golden school's half year as the office holds it.
fn golden_submission_v3() -> String {
    use cchc::core::base::period::MonthRange;
    use cchc::core::data::records::Unit;
    use cchc::core::exchange::submission::{build, to_file, Period};
    let (plan, school_side, school) = school_half_year();
    let office = Unit {
        id: "u-vhxh".into(),
        kind: UnitKind::Office,
        parent: None,
        name: "Phòng Văn hóa - Xã hội phường Bình Tiên (thử)".into(),
        level: None,
        code: "VHXH".into(),
        changed_at: 1704000000000,
    };
    let mut d = Dataset::default();
    d.set_me(office.clone(), 1704000000000);
    d.upsert_unit(
        Unit {
            parent: Some(office.id.clone()),
            ..school.clone()
        },
        1704100000000,
    );
    d.figures = school_side.figures.clone();
    d.cleared = school_side.cleared.clone();
    *d.work_mut(BUILTIN_PLAN_ID) = school_side.work(BUILTIN_PLAN_ID).clone();
    let jan = YearMonth::new(2024, 1).unwrap();
    d.set_figure(&office.id, jan, "hs_tiep_nhan", Some(12), 1709000000000);
    d.set_figure(&office.id, jan, "hs_gq_dung_han", Some(11), 1709000000000);
    let period = Period {
        report: Some(ReportKind::H1),
        months: MonthRange::new(jan, YearMonth::new(2024, 5).unwrap()).unwrap(),
    };
    to_file(&build(
        &plan,
        &d,
        &office,
        period,
        "s-golden-3".into(),
        1,
        1717300000000,
    ))
}

const S3: &str = include_str!("golden/submission-v3.json");

/// Version 3, an office's file to the unit above, as this app writes it: the office's own
/// figures, and its school's data as the school sent it — removals included.
#[test]
fn an_offices_file_to_the_unit_above_is_written_as_the_golden_file() {
    use cchc::core::exchange::submission::read;
    let plan = cchc::core::plan::model::Plan::builtin();
    if std::env::var_os("CCHC_WRITE_GOLDEN").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/submission-v3.json"
        );
        std::fs::write(path, golden_submission_v3()).unwrap();
        return;
    }
    assert_eq!(
        golden_submission_v3(),
        S3,
        "written exactly as the golden file"
    );
    let v3 = read("v3.json", S3.as_bytes(), |_| Some(&plan)).expect("version 3 reads");
    assert_eq!(v3.schema_version, 3);
    assert_eq!(v3.unit.kind, UnitKind::Office);
    assert_eq!(v3.members.len(), 1);
    let v2 = read("v2.json", S2.as_bytes(), |_| Some(&plan)).unwrap();
    // The school's part is what the school itself sent.
    assert_eq!(v3.members[0].data, v2.data);
    assert_eq!(v3.members[0].unit, v2.unit);
}

/// The dataset of version 12: version 11's, the office having corrected the school's January
/// documents (40, brought by the school's file) to 41 and then to 42.
fn golden_v12_data() -> Dataset {
    let mut d = decode(V11).unwrap();
    let jan = YearMonth::new(2024, 1).unwrap();
    d.type_figure(
        "u-18f2b-8899aabbccddeeff",
        jan,
        "vb_tong",
        Some(41),
        1709800000000,
    );
    d.type_figure(
        "u-18f2b-8899aabbccddeeff",
        jan,
        "vb_tong",
        Some(42),
        1709900000000,
    );
    d
}

const V12: &str = include_str!("golden/dataset-v12.json");

/// Version 12 keeps each figure's earlier values; version 11 migrates to the same data without
/// any, and this app writes version 12 exactly as the golden file has it.
#[test]
fn version_12_keeps_earlier_values_and_version_11_migrates_unchanged() {
    if std::env::var_os("CCHC_WRITE_GOLDEN").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/dataset-v12.json");
        std::fs::write(path, encode(&golden_v12_data(), 1740000000000)).unwrap();
        return;
    }
    let d = decode(V12).expect("version 12 must load");
    assert!(decode(V11).unwrap().history.is_empty());
    assert_eq!(by_content(d.clone()), by_content(golden_v12_data()));
    let data = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap()["data"].clone();
    assert_eq!(
        data(&encode(&d, 1)),
        data(V12),
        "written exactly as the golden file"
    );
    assert!(V12.contains(
        "\"history\":{\"u-18f2b-8899aabbccddeeff\":{\"2024-01\":{\"vb_tong\":[[40,1706900000000],[41,1709800000000]]}}}"
    ));
    let jan = YearMonth::new(2024, 1).unwrap();
    let steps = cchc::core::data::provenance::figure_history(
        &d,
        "u-18f2b-8899aabbccddeeff",
        jan,
        "vb_tong",
    );
    let values: Vec<Option<u64>> = steps.iter().map(|s| s.value).collect();
    assert_eq!(values, [Some(40), Some(41), Some(42)]);
}
