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
