//! Golden files: what each released schema version of the dataset looks like. Every version must
//! keep loading (migrated to the current one) with nothing lost.

use cchc::core::dataset::{TaskStatus, UnitKind, Verdict};
use cchc::core::period::{ReportKind, YearMonth};
use cchc::core::persist::{decode, encode};

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
    let t = d.task(&me.id, "1.2").unwrap();
    assert_eq!(t.status, TaskStatus::InProgress);
    assert_eq!(t.evidence[0].doc_number, "15/BC-GDĐT");
    assert_eq!(t.due.unwrap().to_string(), "2024-03-02");
    assert_eq!(d.assessments[&me.id]["4"].verdict, Verdict::Met);
    assert_eq!(d.window(ReportKind::Q1).unwrap().to.month(), 3);
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
    assert!(d.surveys.is_empty() && d.tallies.is_empty());
}

#[test]
fn version_2_loads_its_survey_round_with_the_schools_own_questionnaire() {
    use cchc::core::survey::{round_results, Respondent};
    let d = decode(V2).expect("version 2 must load");
    let r = &d.surveys["ks-18f40-aa"];
    assert_eq!(r.respondent, Respondent::Parents);
    assert_eq!(
        (r.distributed, r.returned, r.population),
        (Some(220), 204, Some(560))
    );
    assert!(r.questionnaire.areas[0].criteria[0].text.contains("lớp 1"));
    assert!(r.questionnaire.areas[1].criteria[3].hidden);
    let res = round_results(r, &d.tallies);
    // tc1 192/201, chung 196/202, them1 175/200 → 563/603.
    assert_eq!((res.all.satisfied(), res.all.valid()), (563, 603));
    // Everything v1 had is still there.
    assert_eq!(
        d.task(&d.me().unwrap().id, "1.2").unwrap().evidence.len(),
        1
    );
    assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
}
