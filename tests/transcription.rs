//! Proves that the built-in plan is a faithful transcription of the issued plan:
//! 1. every text in the plan file occurs in the source text (after whitespace normalisation), and
//! 2. every numbered item and every bullet of the source is in the plan file, in order.
//!
//! The copy of the source beside the plan (`plans/*.source.txt`) is what this test reads, so a clone
//! alone passes it. The `measures`, `letterhead` and `units` sections are the app's own model, not
//! transcription, and are skipped.

use std::collections::BTreeSet;

use cchc::core::plan::model::{strip_footnote_marks, Plan, BUILTIN_PLAN_JSON};
use serde_json::Value;

const SOURCE: &str = include_str!("../plans/ke-hoach-cchc-2024-pgddt-quan6.source.txt");

/// Collapses whitespace, and joins words that the PDF split after a hyphen ("QĐ- UBND" → "QĐ-UBND").
/// Footnote markers `[^n]` stand where the source has the bare superscript digit.
fn normalise(text: &str) -> String {
    let marks_as_digits = {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("[^") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            match after.find(']') {
                Some(j) => {
                    out.push_str(&after[..j]);
                    rest = &after[j + 1..];
                }
                None => {
                    out.push_str("[^");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    };
    let collapsed = marks_as_digits
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // "X- Y" where X is not a space → "X-Y".
    let chars: Vec<char> = collapsed.chars().collect();
    let mut out = String::with_capacity(collapsed.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] == '-' && i > 0 && chars[i - 1] != ' ' && chars.get(i + 1) == Some(&' ') {
            i += 1;
        }
        i += 1;
    }
    out
}

/// Keys whose values are structure (numbers, ids, enums, dates), not text of the plan.
const STRUCTURAL_KEYS: &[&str] = &[
    "format",
    "schema_version",
    "id",
    "year",
    "number",
    "reporter",
    "operator",
    "threshold",
    "kind",
    "due_before",
    "date",
    "roles",
];

fn collect_texts(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((path, s.clone())),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_texts(v, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if STRUCTURAL_KEYS.contains(&k.as_str())
                    || (path.is_empty() && (k == "measures" || k == "letterhead" || k == "units"))
                {
                    continue;
                }
                collect_texts(
                    v,
                    if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                    out,
                );
            }
        }
        _ => {}
    }
}

fn plan_texts(plan_json: &str) -> Vec<(String, String)> {
    let value: Value = serde_json::from_str(plan_json).unwrap();
    let mut texts = Vec::new();
    collect_texts(&value, String::new(), &mut texts);
    texts
}

fn texts_missing_from_source(plan_json: &str) -> Vec<String> {
    let source = normalise(SOURCE);
    plan_texts(plan_json)
        .into_iter()
        .filter(|(_, t)| !source.contains(&normalise(t)))
        .map(|(p, t)| format!("{p}: {t}"))
        .collect()
}

#[test]
fn every_text_of_the_plan_file_is_in_the_source() {
    let texts = plan_texts(BUILTIN_PLAN_JSON);
    assert!(
        texts.len() > 100,
        "too few texts collected: {}",
        texts.len()
    );
    let missing = texts_missing_from_source(BUILTIN_PLAN_JSON);
    assert!(
        missing.is_empty(),
        "not found in the source:\n{}",
        missing.join("\n")
    );
}

/// The source's sections, split at their Roman-numeral headings.
fn source_sections() -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = vec![("preamble".into(), vec![])];
    for line in SOURCE.lines() {
        let t = line.trim();
        let roman = ["I. ", "II. ", "III. ", "IV. ", "V. "]
            .iter()
            .find(|r| t.starts_with(**r));
        if let Some(r) = roman {
            sections.push((r.trim().to_string(), vec![]));
        } else if !t.is_empty() {
            if let Some(last) = sections.last_mut() {
                last.1.push(t.to_string());
            }
        }
    }
    sections
}

/// Numbered item starts ("2.1. ", "3. ") in the order they appear.
fn numbered_items(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let (head, _) = l.split_once(". ")?;
            let ok = !head.is_empty()
                && head.split('.').all(|p| {
                    !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit())
                });
            ok.then(|| head.to_string())
        })
        .collect()
}

/// Where each bullet ("- …") stands, as the number of the last item started before it.
fn bullets_by_item(lines: &[String]) -> Vec<(String, String)> {
    let mut current = String::new();
    let mut out = Vec::new();
    for l in lines {
        if let Some(n) = numbered_items(std::slice::from_ref(l)).into_iter().next() {
            current = n;
        } else if let Some(rest) = l.strip_prefix("- ") {
            out.push((current.clone(), rest.to_string()));
        }
    }
    out
}

fn section(name: &str) -> Vec<String> {
    source_sections()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, l)| l)
        .unwrap()
}

#[test]
fn every_numbered_item_of_the_source_is_in_the_plan() {
    let plan = Plan::builtin();

    let objectives: Vec<String> = plan.objectives.iter().map(|o| o.number.clone()).collect();
    assert_eq!(numbered_items(&section("I.")), objectives);

    let mut targets = Vec::new();
    fn walk(ts: &[cchc::core::plan::model::Target], out: &mut Vec<String>) {
        for t in ts {
            out.push(t.number.clone());
            walk(&t.items, out);
        }
    }
    walk(&plan.targets, &mut targets);
    assert_eq!(numbered_items(&section("II.")), targets);

    let mut tasks = Vec::new();
    for area in &plan.task_areas {
        tasks.push(area.number.clone());
        tasks.extend(area.tasks.iter().map(|t| t.number.clone()));
    }
    assert_eq!(numbered_items(&section("III.")), tasks);

    let duties: Vec<String> = plan.organisation.iter().map(|d| d.number.clone()).collect();
    assert_eq!(numbered_items(&section("IV.")), duties);
}

#[test]
fn every_bullet_of_the_tasks_is_in_its_task() {
    let plan = Plan::builtin();
    let source_bullets = bullets_by_item(&section("III."));
    assert_eq!(source_bullets.len(), 7);
    for (task_number, start) in &source_bullets {
        let task = plan
            .task(task_number)
            .unwrap_or_else(|| panic!("no task {task_number}"));
        let start = normalise(start);
        assert!(
            task.bullets
                .iter()
                .any(|b| normalise(b).starts_with(&start)),
            "task {task_number} lacks the bullet starting «{start}»"
        );
    }
    let plan_bullets: usize = plan.tasks().map(|(_, t)| t.bullets.len()).sum();
    assert_eq!(plan_bullets, source_bullets.len());
}

#[test]
fn the_reporting_calendar_and_footnotes_are_complete() {
    let plan = Plan::builtin();
    let reports: Vec<String> = section("V.")
        .into_iter()
        .filter(|l| l.starts_with("- Báo cáo"))
        .collect();
    assert_eq!(reports.len(), plan.reporting.len());
    for (line, due) in reports.iter().zip(&plan.reporting) {
        assert_eq!(normalise(&line[2..]), normalise(&due.text));
        let day_month = format!(
            "{}/{}/",
            due.due_before.format("%d"),
            due.due_before.format("%-m")
        );
        assert!(
            line.contains(&day_month),
            "{line} does not name {}",
            due.due_before
        );
    }
    let footnote_lines = SOURCE.lines().filter(|l| {
        let t = l.trim_start();
        t.len() > 2
            && t.as_bytes()[0].is_ascii_digit()
            && t.as_bytes()[1] == b' '
            && t[2..].starts_with(|c: char| c.is_uppercase())
    });
    let numbers: BTreeSet<u32> = footnote_lines
        .map(|l| l.trim()[..1].parse().unwrap())
        .collect();
    let plan_numbers: BTreeSet<u32> = plan.footnotes.iter().map(|f| f.number).collect();
    assert_eq!(numbers, plan_numbers);
    for f in &plan.footnotes {
        let referenced = plan
            .tasks()
            .any(|(_, t)| cchc::core::plan::model::footnote_refs(&t.text).contains(&f.number));
        assert!(referenced, "footnote {} is never referenced", f.number);
    }
}

#[test]
fn the_test_fails_when_a_task_is_reworded_or_dropped() {
    // Reworded: one word changed in task 3.5.
    let reworded =
        BUILTIN_PLAN_JSON.replace("Thực hiện nghiêm việc xin lỗi", "Thực hiện việc xin lỗi");
    assert_ne!(reworded, BUILTIN_PLAN_JSON);
    let missing = texts_missing_from_source(&reworded);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("task_areas[2].tasks[4].text"));

    // Dropped: task 7.6 removed from the file.
    let mut value: Value = serde_json::from_str(BUILTIN_PLAN_JSON).unwrap();
    let tasks = value["task_areas"][6]["tasks"].as_array_mut().unwrap();
    tasks.retain(|t| t["number"] != "7.6");
    let plan = Plan::from_json(&value.to_string()).unwrap();
    let mut numbers = Vec::new();
    for area in &plan.task_areas {
        numbers.push(area.number.clone());
        numbers.extend(area.tasks.iter().map(|t| t.number.clone()));
    }
    assert_ne!(numbered_items(&section("III.")), numbers);
}

#[test]
fn quotes_of_goals_are_the_plans_words() {
    let plan = Plan::builtin();
    let source = normalise(SOURCE);
    for (id, goal, _) in plan.goals() {
        assert!(
            source.contains(&normalise(&goal.quote)),
            "goal {id}: «{}» not in the source",
            goal.quote
        );
    }
    // The footnote-free text is what quotes are checked against by the loader too.
    assert_eq!(strip_footnote_marks("phủ[^1]; Chỉ"), "phủ; Chỉ");
}

#[test]
fn the_normalisation_only_joins_hyphen_splits() {
    assert_eq!(normalise("4324/QĐ- \n\nUBND ngày"), "4324/QĐ-UBND ngày");
    assert_eq!(normalise("kinh tế \n\n- xã hội"), "kinh tế - xã hội");
    assert_eq!(normalise("2021 - 2030"), "2021 - 2030");
    assert_eq!(normalise("Chính phủ[^1]; Chỉ"), "Chính phủ1; Chỉ");
}
