//! The functional core stays free of the browser: nothing under `src/core/` or `src/chart/` names
//! the browser or UI crates, so every rule of the domain is testable natively.

use std::collections::{BTreeMap, BTreeSet};
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
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("core/base/json.rs")
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
    offenders.retain(|o| !o.contains("core/base/checksum.rs"));
    assert!(
        offenders.is_empty(),
        "plain serde_json readings (use core::json::from_str):\n{}",
        offenders.join("\n")
    );
}

/// The core's folders, in the order they may import from one another: a file imports only from its
/// own folder and from folders of a lower rank (two folders of one rank not at all).
const LAYERS: &[(&str, u8)] = &[
    ("base", 0),
    ("plan", 1),
    ("data", 2),
    ("figures", 3),
    ("storage", 3),
    ("exchange", 4),
];

/// A file's code without its `mod tests { … }` block: tests may reach anywhere.
fn without_test_module(text: &str) -> String {
    let Some(start) = text.find("#[cfg(test)]\nmod tests {") else {
        return text.to_string();
    };
    let body = &text[start..];
    let open = body.find('{').unwrap();
    let bytes = body.as_bytes();
    let (mut depth, mut i, mut end) = (0usize, open, body.len());
    // Braces in strings, chars and comments do not count.
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let hashes = body[..i].chars().rev().take_while(|c| *c == '#').count();
                let raw = body[..i - hashes].ends_with('r');
                i += 1;
                if raw {
                    let close = format!("\"{}", "#".repeat(hashes));
                    i += body[i..].find(&close).unwrap() + close.len() - 1;
                } else {
                    while bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += body[i + 2..].find('\'').unwrap() + 2;
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    end = i + 1;
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    format!("{}{}", &text[..start], &body[end..])
}

/// Every file of the core as `folder::file` (`folder::mod` for a folder's own file), with its code
/// outside tests.
fn core_files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for folder in fs::read_dir("src/core").unwrap().flatten() {
        if !folder.path().is_dir() {
            continue;
        }
        let folder_name = folder.file_name().to_string_lossy().to_string();
        for file in fs::read_dir(folder.path()).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                let text = fs::read_to_string(&path).unwrap();
                files.insert(format!("{folder_name}::{stem}"), without_test_module(&text));
            }
        }
    }
    files
}

/// The core files each file names, by `crate::core::folder::file` or `super::file`.
fn core_imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut edges = BTreeMap::new();
    for (name, code) in files {
        assert!(
            !code.contains("crate::core::{"),
            "{name}: name each core file in a path of its own, so that the layers can be checked"
        );
        let folder = name.split("::").next().unwrap();
        let mut to = BTreeSet::new();
        for (i, _) in code.match_indices("crate::core::") {
            let rest = &code[i + "crate::core::".len()..];
            let f = ident(rest);
            let file = rest[f.len()..]
                .strip_prefix("::")
                .map(ident)
                .unwrap_or_default();
            if files.contains_key(&format!("{f}::{file}")) {
                to.insert(format!("{f}::{file}"));
            } else {
                to.insert(format!("{f}::mod"));
            }
        }
        for (i, _) in code.match_indices("super::") {
            let file = ident(&code[i + "super::".len()..]);
            if files.contains_key(&format!("{folder}::{file}")) {
                to.insert(format!("{folder}::{file}"));
            }
        }
        to.remove(name);
        edges.insert(name.clone(), to);
    }
    edges
}

#[test]
fn core_folders_import_in_layer_order() {
    let files = core_files();
    let rank = |name: &str| {
        let folder = name.split("::").next().unwrap();
        LAYERS
            .iter()
            .find(|(f, _)| *f == folder)
            .unwrap_or_else(|| panic!("the folder of {name} is not in LAYERS"))
            .1
    };
    let mut offenders = Vec::new();
    for (from, tos) in core_imports(&files) {
        for to in tos {
            let same_folder = from.split("::").next() == to.split("::").next();
            if !same_folder && rank(&to) >= rank(&from) {
                offenders.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "imports against the layer order {LAYERS:?}:\n{}",
        offenders.join("\n")
    );
}

/// No circle between files: no two files reach each other through their imports.
#[test]
fn core_files_import_one_way() {
    let edges = core_imports(&core_files());
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for n in edges.get(&m).into_iter().flatten() {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let mut knots: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in edges.keys() {
        let from_n = reaches(n);
        let knot: Vec<String> = edges
            .keys()
            .filter(|m| *m == n || (from_n.contains(*m) && reaches(m).contains(n)))
            .cloned()
            .collect();
        if knot.len() > 1 {
            knots.insert(knot);
        }
    }
    assert!(
        knots.is_empty(),
        "import circles among the core's files: {knots:?}"
    );
}

#[test]
fn the_test_module_cut_keeps_the_code_after_it() {
    let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn b() { let s = \"}\"; let c = '{'; let r = r#\"}\"#; }\n}\nfn c() {}\n";
    let kept = without_test_module(text);
    assert!(kept.contains("fn a()") && kept.contains("fn c()") && !kept.contains("fn b()"));
}
