//! The built-in plan and questionnaires are embedded without the whitespace between tokens: the
//! readable files in `plans/` stay the source, and the first download carries 18 KB less text
//! (0.5 KB after compression).

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["2024-pgddt-quan6.plan.json", "questionnaires.json"] {
        let source = format!("plans/{name}");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).expect("the plans/ files are in the crate");
        std::fs::write(Path::new(&out).join(name), compact(&text)).expect("OUT_DIR is writable");
    }
}

/// The JSON text without whitespace outside strings (the same value; a string's bytes untouched).
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}
