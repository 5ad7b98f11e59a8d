//! The functional core stays free of the browser: nothing under `src/core/` or `src/chart/` names
//! the browser or UI crates, so every rule of the domain is testable natively.

use std::fs;
use std::path::Path;

const FORBIDDEN: &[&str] = &["web_sys", "js_sys", "wasm_bindgen", "gloo", "leptos"];

fn check(dir: &Path, offenders: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            check(&path, offenders);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in FORBIDDEN {
                    if code.contains(word) {
                        offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                    }
                }
            }
        }
    }
}

#[test]
fn core_and_chart_do_not_depend_on_the_browser() {
    let mut offenders = Vec::new();
    check(Path::new("src/core"), &mut offenders);
    check(Path::new("src/chart"), &mut offenders);
    assert!(
        offenders.is_empty(),
        "browser types in the core:\n{}",
        offenders.join("\n")
    );
}

/// Typed JSON is read through `core::json::from_str`, which reads structs from objects only: a
/// type read anywhere by plain serde_json would bring its array decoder back into the wasm.
#[test]
fn json_is_read_through_the_strict_reader() {
    fn scan(dir: &Path, offenders: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                scan(&path, offenders);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("core/json.rs")
            {
                let text = fs::read_to_string(&path).unwrap();
                // Tests may read as they like: only the code before a file's test module counts.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (i, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or("");
                    if line.contains("serde_json::from_")
                        || line.contains("serde_json::Deserializer")
                    {
                        offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                    }
                }
            }
        }
    }
    let mut offenders = Vec::new();
    scan(Path::new("src"), &mut offenders);
    // The canonical form reads any JSON through a seed of its own, with no struct in it.
    offenders.retain(|o| !o.contains("core/checksum.rs"));
    assert!(
        offenders.is_empty(),
        "plain serde_json readings (use core::json::from_str):\n{}",
        offenders.join("\n")
    );
}

/// The core's modules import one another one way: no circle among them, but for one knot not yet
/// untied (the dataset, its stored form and the survey, entry, figures and indicator rules that
/// read it), written here so that it can only shrink. Imports count over the whole file, its test
/// module left out.
#[test]
fn core_modules_import_one_way() {
    use std::collections::{BTreeMap, BTreeSet};
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for entry in fs::read_dir("src/core").unwrap().flatten() {
        let path = entry.path();
        let Some(name) = path.file_stem().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "mod" {
            let text = fs::read_to_string(&path).unwrap();
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            modules.insert(name.to_string(), code);
        }
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, code) in &modules {
        let mut to = BTreeSet::new();
        for prefix in ["super::", "crate::core::"] {
            for (i, _) in code.match_indices(prefix) {
                let rest = &code[i + prefix.len()..];
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if names.contains(&word) && word != *name {
                    to.insert(word);
                }
            }
        }
        edges.insert(name.clone(), to);
    }
    // The modules that reach each other both ways: strongly connected components of size > 1.
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for n in &edges[&m] {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        names.iter().map(|n| (n, reaches(n))).collect();
    let mut knots: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in &names {
        let knot: Vec<String> = names
            .iter()
            .filter(|m| *m == n || (reach[n].contains(*m) && reach[*m].contains(n)))
            .cloned()
            .collect();
        if knot.len() > 1 {
            knots.insert(knot);
        }
    }
    let known: Vec<String> = [
        "compact",
        "dataset",
        "entry",
        "figures",
        "indicator",
        "survey",
    ]
    .map(String::from)
    .to_vec();
    let expected: BTreeSet<Vec<String>> = [known].into_iter().collect();
    assert_eq!(
        knots, expected,
        "import circles among the core's modules (only the known knot may remain, and it may only shrink: update this test when it does)"
    );
}
