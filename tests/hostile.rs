//! The hostile-file corpus (`tests/hostile/`, made by `make.mjs`): every file gets the located
//! problem `expected.json` names, and the valid file, whose checksum was computed by an
//! independent implementation (the RFC 8785 reference code and Node's SHA-256), reads.

use cchc::core::base::error::FieldError;
use cchc::core::exchange::submission::{read, MAX_SUBMISSION_BYTES};
use cchc::core::plan::model::Plan;

fn kind(e: &FieldError) -> String {
    let debug = format!("{e:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn every_hostile_file_gets_its_located_problem() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json")).unwrap())
            .unwrap();
    let plan = Plan::builtin();
    let plans = |id: &str| (id == plan.id).then_some(&plan);
    let files = expected.as_object().unwrap();
    assert!(files.len() >= 18, "the whole corpus is listed");
    for (name, want) in files {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let got = read(name, &bytes, plans);
        match want {
            serde_json::Value::Null => {
                let s = got.unwrap_or_else(|e| panic!("{name} must read: {e:?}"));
                // The school's file, or an office's carrying it.
                let school = s.members.first().map_or(&s.unit, |m| &m.unit);
                assert_eq!(school.code, "TH07");
            }
            want => {
                let (kind_wanted, path) = (want[0].as_str().unwrap(), want[1].as_str().unwrap());
                let problems = got.expect_err(name).problems;
                assert!(
                    problems
                        .iter()
                        .any(|p| kind(&p.error) == kind_wanted && p.path == path),
                    "{name}: expected {kind_wanted} at '{path}', got {problems:?}"
                );
                if path.is_empty()
                    && kind_wanted != "Empty"
                    && kind_wanted != "NotUtf8"
                    && kind_wanted != "WrongFormat"
                {
                    assert!(
                        problems.iter().any(|p| p.at.is_some()),
                        "{name}: a reading error names its line and column: {problems:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let plan = Plan::builtin();
    let big = vec![b' '; 50 * 1024 * 1024];
    assert!(big.len() > MAX_SUBMISSION_BYTES);
    let e = read("big.json", &big, |_| Some(&plan)).unwrap_err();
    assert!(matches!(
        e.problems[0].error,
        FieldError::FileTooLarge { max_mb: 5 }
    ));
}
