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
