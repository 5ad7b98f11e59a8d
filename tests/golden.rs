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
    assert_eq!(d.figure("u-18f2b-8899aabbccddeeff", jan, "dv_ap_dung_ttdt"), Some(1));
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
