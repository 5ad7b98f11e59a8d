//! Every blank a caller fills exists in the text it fills, in both languages: `fill(t.name,
//! &[("n", …)])` needs `{n}` in `VI.name` and `EN.name`, or the value silently never shows. The
//! callers are found in the source (`fill(` followed by a text of a table, `t.name` or
//! `….t().name`), their blanks read from the call.

use std::collections::BTreeMap;
use std::path::Path;

use cchc::i18n::{EN_PAGES, VI_PAGES};

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a call from just after `fill(` to its closing parenthesis.
fn call_args(src: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in src.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[..i];
                }
            }
            _ => {}
        }
    }
    src
}

/// The text a call fills (`t.name`, `app.t().name`, `self.t.name`…) and the blanks it names.
fn filled(args: &str) -> Option<(String, Vec<String>)> {
    let (template, rest) = args.split_once(',')?;
    let template = template.trim();
    let name = template.rsplit('.').next()?;
    let is_table = template.starts_with("t.")
        || template.contains(".t().")
        || template.contains(".pt().")
        || template.contains("_untracked().")
        || template.starts_with("texts.")
        || template.starts_with("pt.");
    if !is_table
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    // A fill nested in the arguments fills its own text: it is checked on its own.
    let mut rest = rest.to_string();
    while let Some(i) = rest.find("fill(") {
        let inner = call_args(&rest[i + "fill(".len()..]).len();
        rest.replace_range(i..i + "fill(".len() + inner + 1, "");
    }
    let mut blanks = Vec::new();
    let mut at = rest.as_str();
    while let Some(i) = at.find("(\"") {
        let after = &at[i + 2..];
        let Some(end) = after.find('"') else { break };
        let key = &after[..end];
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if is_key && after[end + 1..].trim_start().starts_with(',') {
            blanks.push(key.to_string());
        }
        at = &after[end..];
    }
    Some((name.to_string(), blanks))
}

#[test]
fn every_blank_a_caller_fills_is_in_both_languages() {
    let vi: BTreeMap<_, _> = VI_PAGES.entries().into_iter().collect();
    let en: BTreeMap<_, _> = EN_PAGES.entries().into_iter().collect();
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        let mut at = 0;
        while let Some(i) = src[at..].find("fill(") {
            let start = at + i + "fill(".len();
            at = start;
            // Not `fn fill(` itself, nor a longer name ending in `fill`.
            let before = src[..start - "fill(".len()].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some((name, blanks)) = filled(call_args(&src[start..])) else {
                continue;
            };
            let (Some(v), Some(e)) = (vi.get(name.as_str()), en.get(name.as_str())) else {
                wrong.push(format!("{}: fill(…{name}): no such text", file.display()));
                continue;
            };
            checked += 1;
            for b in &blanks {
                let blank = format!("{{{b}}}");
                if !v.contains(&blank) || !e.contains(&blank) {
                    wrong.push(format!(
                        "{}: {name} is filled with {blank}, which it lacks",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        checked > 100,
        "only {checked} calls found: the scan has stopped finding them"
    );
}

/// The reverse: a text with a blank is never shown as it stands ("Tải tệp gửi {office}"). Every
/// use of such a text (`.name` of a table) is the text a `fill(` or `named(` call fills, or is
/// handed on whole to code that fills it (`t.name,` or `t.name)` as an argument of a function
/// that is not a view).
#[test]
fn no_text_with_a_blank_is_shown_unfilled() {
    let vi: BTreeMap<_, _> = VI_PAGES.entries().into_iter().collect();
    let with_blanks: Vec<&str> = vi
        .iter()
        .filter(|(_, v)| {
            v.split('{').skip(1).any(|s| {
                s.split_once('}').is_some_and(|(b, _)| {
                    !b.is_empty() && b.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                })
            })
        })
        .map(|(k, _)| *k)
        .collect();
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui")),
        &mut files,
    );
    let mut wrong = Vec::new();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        for name in &with_blanks {
            let needle = format!("t.{name}");
            let mut at = 0;
            while let Some(i) = src[at..].find(&needle) {
                let pos = at + i;
                at = pos + needle.len();
                let after = src[at..].chars().next();
                if after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                // Shown in a view as it stands: `{t.name}` or `{move || t.name}`.
                let before = src[..pos].trim_end();
                let before = before
                    .strip_suffix("||")
                    .map(|b| b.trim_end().trim_end_matches("move").trim_end())
                    .unwrap_or(before);
                // A child of a view follows a tag, another child or a literal, not an `if`.
                let in_view = before
                    .strip_suffix('{')
                    .is_some_and(|b| b.trim_end().ends_with(['>', '}', '"']));
                let shown = in_view && src[at..].trim_start().starts_with('}');
                if shown {
                    let line = src[..pos].lines().count();
                    wrong.push(format!(
                        "{}:{line}: {name} shown with its blanks",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(
        with_blanks.len() > 20,
        "the scan found only {} texts with blanks",
        with_blanks.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
