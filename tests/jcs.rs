//! The checksum's canonical form against RFC 8785's published test vectors (`tests/jcs/`): each
//! input gives exactly the published canonical text, or — only where it holds a number that is
//! not an integer within ±(2^53 − 1) — a refusal, never another text.

use cchc::core::base::checksum::{canonical_of_text, MAX_EXACT, NOT_EXACT};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jcs");

/// Whether every number token of `text` is an integer within `MAX_EXACT` (read from the parsed
/// tree: serde_json keeps integers as integers).
fn exact_numbers_only(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            n.as_u64().is_some_and(|i| i <= MAX_EXACT)
                || n.as_i64().is_some_and(|i| i.unsigned_abs() <= MAX_EXACT)
        }
        Value::Array(items) => items.iter().all(exact_numbers_only),
        Value::Object(map) => map.values().all(exact_numbers_only),
        _ => true,
    }
}

#[test]
fn the_published_inputs_give_their_canonical_text_or_are_refused() {
    let mut names: Vec<String> = std::fs::read_dir(format!("{DIR}/input"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "{names:?}");
    let (mut equal, mut refused) = (0, 0);
    for name in &names {
        let input = std::fs::read_to_string(format!("{DIR}/input/{name}")).unwrap();
        let output = std::fs::read_to_string(format!("{DIR}/output/{name}")).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&input).unwrap();
        match canonical_of_text(&input, None) {
            Ok(text) => {
                assert_eq!(text, output, "{name}");
                equal += 1;
            }
            Err(e) => {
                assert!(e.to_string().starts_with(NOT_EXACT), "{name}: {e}");
                assert!(
                    !exact_numbers_only(&parsed),
                    "{name} refused without a reason"
                );
                refused += 1;
            }
        }
        // The tree's canonical form agrees with the text's.
        assert_eq!(
            cchc::core::base::checksum::canonical(&parsed),
            canonical_of_text(&input, None).ok(),
            "{name}"
        );
    }
    // arrays, french, simpleString, unicode, weird; values and structures hold fractions.
    assert_eq!((equal, refused), (5, 2));
}

#[test]
fn the_es6_number_vectors_are_written_as_published_or_refused() {
    let lines = std::fs::read_to_string(format!("{DIR}/es6-numbers.txt")).unwrap();
    let mut written = 0;
    for line in lines.lines().filter(|l| !l.is_empty()) {
        let (hex, expected) = line.split_once(',').unwrap();
        let double = f64::from_bits(u64::from_str_radix(hex, 16).unwrap());
        // The vector itself is sound: its text is its double.
        assert_eq!(expected.parse::<f64>().unwrap(), double, "{line}");
        let exact = expected
            .parse::<i64>()
            .is_ok_and(|i| i.unsigned_abs() <= MAX_EXACT);
        match canonical_of_text(expected, None) {
            Ok(text) => {
                assert!(exact, "{line}: only exact integers are written");
                assert_eq!(text, expected, "{line}");
                written += 1;
            }
            Err(e) => {
                assert!(!exact, "{line}: an exact integer refused");
                assert!(e.to_string().starts_with(NOT_EXACT), "{line}: {e}");
            }
        }
    }
    // 0 twice (zero and minus zero) and the app's six integers.
    assert_eq!(written, 8);
}

/// RFC 8785 Appendix B's tie: 1424953923781206.25 lies exactly between two shortest spellings
/// and ECMAScript writes 1424953923781206.2. It is never written otherwise here: refused.
#[test]
fn the_appendix_b_tie_is_refused_not_misspelled() {
    for text in [
        "1424953923781206.25",
        "1424953923781206.2",
        "{\"n\":1424953923781206.25}",
    ] {
        let e = canonical_of_text(text, None).unwrap_err();
        assert!(e.to_string().starts_with(NOT_EXACT), "{text}");
    }
}
