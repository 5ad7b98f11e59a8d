//! A property-based fuzzer for every decoder of files and stored data: the plan file, the
//! submission, the roster, the backup and the stored dataset. Inputs are seeds — the hostile
//! corpus, the golden datasets, the built-in plan, app-made files — mutated at random (bytes
//! flipped, inserted, deleted, slices duplicated, JSON-ish tokens spliced in). Every decoder must
//! answer with a value or a located error, never panic, and what it accepts must survive being
//! written and read again. The submission's quick reading must answer exactly as the one that
//! builds the JSON tree.
//!
//! `cargo test --test fuzz` runs a short round (part of the test command); `scripts/fuzz [seconds]`
//! runs rounds until the time is up. A crash found is minimised by proptest, printed, and kept as
//! a file under `tests/fuzz/regressions/`, which every run replays first.

#![cfg(not(target_arch = "wasm32"))]

use cchc::core::base::json;
use cchc::core::exchange::quick_read;
use cchc::core::exchange::roster;
use cchc::core::exchange::submission;
use cchc::core::plan::file::open_plan_file;
use cchc::core::plan::model::Plan;
use cchc::core::storage::persist;
use cchc::core::storage::restore::read_backup;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in [
        "tests/hostile",
        "tests/golden",
        "plans",
        "tests/fuzz/regressions",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{DIR}/{dir}")) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "json" || e == "bin") {
                if let Ok(bytes) = std::fs::read(&p) {
                    // The deep-nesting seed is large; the others are a few KB.
                    out.push(bytes);
                }
            }
        }
    }
    let plan = Plan::builtin();
    out.push(roster::to_file(&roster::build(&Default::default(), 0)).into_bytes());
    // A school's file as the quick path reads it: canonical, without whitespace or checksum.
    out.push(app_made_submission(&plan).into_bytes());
    out.push(persist::encode(&Default::default(), 0).into_bytes());
    out.push(serde_json::to_vec(&plan).unwrap_or_default());
    out
}

/// The stripped text of a file the app makes for a sample school, with tasks, evidence, figures
/// and survey rounds.
fn app_made_submission(plan: &Plan) -> String {
    use cchc::core::base::period::{MonthRange, YearMonth};
    use cchc::core::data::dataset::UnitKind;
    let data = cchc::core::data::sample::sample_dataset(plan, UnitKind::Office, 1);
    let Some(school) = data.schools().into_iter().next() else {
        return String::new();
    };
    let months = MonthRange::new(
        YearMonth::new(plan.year, 1).unwrap(),
        YearMonth::new(plan.year, 12).unwrap(),
    )
    .unwrap();
    let period = submission::Period {
        report: None,
        months,
    };
    let sub = submission::build(plan, &data, school, period, "s-1".into(), 1, 1);
    let text = submission::to_file(&sub);
    cchc::core::base::checksum::canonical_of_text(&text, Some("checksum")).unwrap_or(text)
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"-1",
    b"1e400",
    b"18446744073709551617",
    b"0.5",
    b"null",
    b"true",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\xEF\xBB\xBF",
    b"\xff",
    b"\"<script>\"",
    b"\"schema_version\":99",
    b"\"format\":\"cchc-submission\"",
    b"\"format\":\"cchc-dataset\"",
    b"\"format\":\"cchc-plan\"",
    b"\"format\":\"cchc-roster\"",
    b"\"2024-13\"",
    b"\"9999-01\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..256, any::<usize>())
            .prop_map(|(i, n, j)| Mutation::Duplicate(i, n, j)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] ^= b | 1;
                }
            }
            Mutation::Insert(i, t) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, TOKENS[t].iter().copied());
            }
            Mutation::Delete(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Duplicate(i, n, j) => {
                if !bytes.is_empty() {
                    let at = i % bytes.len();
                    let end = (at + n).min(bytes.len());
                    let slice = bytes[at..end].to_vec();
                    let to = j % (bytes.len() + 1);
                    bytes.splice(to..to, slice);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

/// Every decoder on one input: none may panic; what one accepts reads back the same.
fn decode_all(bytes: &[u8]) {
    let plan = Plan::builtin();
    if let Ok(p) = open_plan_file("f.json", bytes) {
        let again = serde_json::to_vec(&p).unwrap_or_default();
        assert!(
            open_plan_file("g.json", &again).is_ok(),
            "an accepted plan reads back"
        );
    }
    let read = submission::read("f.json", bytes, |id| (id == plan.id).then_some(&plan));
    assert_eq!(
        read,
        submission::read_diagnosing("f.json", bytes, |id| (id == plan.id).then_some(&plan)),
        "the quick reading answers as the diagnosing one"
    );
    if let Ok(s) = read {
        let again = submission::to_file(&s);
        let back = submission::read("g.json", again.as_bytes(), |id| {
            (id == plan.id).then_some(&plan)
        });
        assert_eq!(
            back.map(|b| b.data),
            Ok(s.data),
            "an accepted submission reads back"
        );
    }
    if let Ok(r) = roster::read("f.json", bytes) {
        assert_eq!(
            roster::read("g.json", roster::to_file(&r).as_bytes()),
            Ok(r)
        );
    }
    if let Ok((d, _)) = read_backup("f.json", bytes) {
        assert_eq!(
            persist::decode(&persist::encode(&d, 0)),
            Ok(d),
            "an accepted backup reads back"
        );
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(sub) = quick_read::submission(text) {
            assert_eq!(
                json::from_str::<submission::Submission>(text).ok(),
                Some(sub),
                "where the written-out reader answers, serde answers the same"
            );
        }
        let _ = persist::decode(text);
        let _ = persist::declared_version(text);
        let _ = submission::parse_strict(text);
    }
}

/// Runs `cases` mutated inputs; returns the failure, minimised, if any.
pub fn fuzz(cases: u32) -> Result<(), String> {
    let seeds = seeds();
    assert!(seeds.len() >= 20, "the seed corpus is there");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 0..6));
    runner
        .run(&strategy, |(seed, muts)| {
            let input = mutate(seeds[seed].clone(), &muts);
            let outcome = std::panic::catch_unwind(|| decode_all(&input));
            if outcome.is_err() {
                let _ = std::fs::create_dir_all(format!("{DIR}/tests/fuzz/regressions"));
                let name = format!("{DIR}/tests/fuzz/regressions/crash-{}.bin", input.len());
                let _ = std::fs::write(&name, &input);
                return Err(TestCaseError::fail(format!(
                    "decoder panicked; input kept in {name}"
                )));
            }
            Ok(())
        })
        .map_err(|e| e.to_string())
}

#[test]
fn the_seeds_and_kept_regressions_decode_without_panicking() {
    for s in seeds() {
        decode_all(&s);
    }
}

#[test]
fn mutated_files_never_crash_a_decoder() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300);
    if let Err(e) = fuzz(cases) {
        panic!("{e}");
    }
}
