//! Plans as files users pass around: opening one (every problem located by file and field path),
//! the name an exported plan gets, and next year's plan made from this year's.

use chrono::{Datelike, NaiveDate};

use crate::core::base::error::{FieldError, Located};
use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::plan::model::{Letterhead, Plan, Target, PLAN_FORMAT};

/// The largest plan file read (the 2024 plan is about 70 KB).
pub const MAX_PLAN_BYTES: usize = 2 * 1024 * 1024;

/// A plan file that could not be used: the file's name and every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFileError {
    pub file: String,
    pub errors: Vec<Located>,
}

/// Reads a plan file the user opened. A BOM is accepted; a file above [`MAX_PLAN_BYTES`] is
/// refused before parsing; a newer plan format is refused (nothing is written by the caller).
pub fn open_plan_file(file: &str, bytes: &[u8]) -> Result<Plan, PlanFileError> {
    let fail = |errors: Vec<Located>| PlanFileError {
        file: file.to_string(),
        errors,
    };
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(fail(vec![Located::new("", FieldError::OutOfRange)]));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| fail(vec![Located::new("", FieldError::Invalid("UTF-8".into()))]))?;
    Plan::from_json(text).map_err(fail)
}

/// What an exported plan file is called: "ke-hoach-cchc-2026-vhxh-binh-tien-2026.plan.json" says the
/// format, the year and the plan's id.
pub fn plan_file_name(plan: &Plan) -> String {
    let id: String = plan
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("ke-hoach-cchc-{}-{}.plan.json", plan.year, id)
}

/// The plan as JSON, for export. Compact: one serialiser for plans in the whole app (the stored
/// dataset holds plans too), which keeps the wasm smaller.
pub fn plan_json(plan: &Plan) -> String {
    serde_json::to_string(plan).unwrap_or_default()
}

/// The same day and month in another year (29 February becomes 28 February).
pub fn move_to_year(d: NaiveDate, year: i32) -> NaiveDate {
    d.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, d.month(), 28))
        .unwrap_or(d)
}

/// The id of a plan copied to `year`: the old year in the id replaced, or the year appended.
fn id_for_year(id: &str, from: i32, to: i32) -> String {
    let old = from.to_string();
    if id.contains(&old) {
        id.replace(&old, &to.to_string())
    } else {
        format!("{id}-{to}")
    }
}

/// A whole-word replacement of a year in a text ("năm 2024" → "năm 2025", never "2020-2024" or
/// "12024" → …): only where the year stands alone between non-digits and non-dashes.
fn replace_year(text: &str, from: i32, to: i32) -> String {
    let old = from.to_string();
    let new = to.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&old) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + old.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_digit() && c != '-');
        out.push_str(&rest[..i]);
        out.push_str(if alone(before) && alone(after) {
            &new
        } else {
            &old
        });
        rest = &rest[i + old.len()..];
    }
    out.push_str(rest);
    out
}

/// Next year's plan from this one, ready to be edited: a new id and year; the reporting deadlines,
/// the tasks' due dates and the document date moved to the new year; the year named in the
/// title, preamble, closing and report texts replaced. The legal basis, targets and tasks keep
/// their words (they cite other documents and compare years; the office edits them), and the
/// document number is cleared (a new plan gets a new number).
pub fn copy_to_year(plan: &Plan, year: i32) -> Plan {
    let from = plan.year;
    let mut p = plan.clone();
    p.format = PLAN_FORMAT.to_string();
    p.id = id_for_year(&plan.id, from, year);
    p.year = year;
    p.subtitle = replace_year(&p.subtitle, from, year);
    p.title = replace_year(&p.title, from, year);
    p.preamble = replace_year(&p.preamble, from, year);
    p.closing = replace_year(&p.closing, from, year);
    p.document.number.clear();
    p.document.date = p
        .document
        .date
        .map(|d| move_to_year(d, d.year() + year - from));
    for r in &mut p.reporting {
        r.due_before = move_to_year(r.due_before, year);
        r.text = replace_year(&r.text, from, year);
        r.window = r.window.and_then(|w| {
            let m = |x: YearMonth| YearMonth::new(year, x.month());
            MonthRange::new(m(w.from)?, m(w.to)?)
        });
    }
    for area in &mut p.task_areas {
        for task in &mut area.tasks {
            task.due = task.due.map(|d| move_to_year(d, year));
        }
    }
    p
}

/// Who a plan made from another unit's is for: the unit's names, its letterhead and the year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitPlanRequest {
    /// The unit in full: "Phòng Văn hóa - Xã hội phường Bình Tiên".
    pub issuer: String,
    /// As sentences name it: "Phòng VH-XH" (empty: the full name).
    pub office_short: String,
    pub letterhead: Letterhead,
    pub year: i32,
}

/// What is missing from a request before a plan can be made from it, as field paths.
pub fn request_problems(r: &UnitPlanRequest) -> Vec<Located> {
    let mut out = Vec::new();
    for (path, text) in [
        ("issuer", &r.issuer),
        ("letterhead.body", &r.letterhead.body),
        ("letterhead.place", &r.letterhead.place),
    ] {
        if text.trim().is_empty() {
            out.push(Located::new(path, FieldError::Missing));
        }
    }
    if !(2000..=2100).contains(&r.year) {
        out.push(Located::new("year", FieldError::OutOfRange));
    }
    out
}

/// A unit's own plan made from another unit's (the built-in plan or a plan file): moved to the
/// year as [`copy_to_year`] does, issued by the new unit under its letterhead, and every text
/// that named the old unit naming the new one — its full name, its short name and its documents'
/// symbol ("Lãnh đạo Phòng VHXH" in the recipients). The legal basis keeps its words (it cites other
/// bodies' documents, which the unit replaces with its own), as do the targets, tasks and
/// measures. The signer's name and the document number are cleared; the id is new.
pub fn plan_for_unit(template: &Plan, r: &UnitPlanRequest) -> Plan {
    let mut p = copy_to_year(template, r.year);
    let issuer = r.issuer.trim().to_string();
    let short = r.office_short.trim().to_string();
    let mut swaps: Vec<(String, String)> =
        vec![(template.office_name().to_string(), issuer.clone())];
    if !template.units.office_short.trim().is_empty() {
        swaps.push((
            template.units.office_short.clone(),
            first_non_blank(&short, &issuer),
        ));
    }
    let old_symbol = template
        .letterhead
        .as_ref()
        .map(|l| l.symbol.trim().to_string());
    let new_symbol = r.letterhead.symbol.trim().to_string();
    if let Some(old) = old_symbol.filter(|o| !o.is_empty() && !new_symbol.is_empty()) {
        swaps.push((old, new_symbol));
    }
    swaps.retain(|(old, new)| !old.trim().is_empty() && old != new);
    for_each_text(&mut p, &mut |text| {
        for (old, new) in &swaps {
            *text = replace_word(text, old, new);
        }
    });
    p.id = format!("{}-{}", crate::core::base::format::slug(&issuer), r.year);
    p.issuer = issuer;
    p.units.office.clear();
    p.units.office_short = short;
    p.letterhead = Some(Letterhead {
        parent: r.letterhead.parent.trim().to_string(),
        body: r.letterhead.body.trim().to_string(),
        place: r.letterhead.place.trim().to_string(),
        symbol: r.letterhead.symbol.trim().to_string(),
    });
    p.signer.name.clear();
    p.document.date = None;
    p
}

fn first_non_blank(a: &str, b: &str) -> String {
    if a.trim().is_empty() { b } else { a }.to_string()
}

/// Every text of a plan that speaks in the issuer's name (not the legal basis, which cites).
fn for_each_text(p: &mut Plan, f: &mut dyn FnMut(&mut String)) {
    fn targets(ts: &mut [Target], f: &mut dyn FnMut(&mut String)) {
        for t in ts {
            f(&mut t.text);
            targets(&mut t.items, f);
        }
    }
    f(&mut p.subtitle);
    f(&mut p.preamble);
    f(&mut p.closing);
    p.objectives.iter_mut().for_each(|o| f(&mut o.text));
    targets(&mut p.targets, f);
    for area in &mut p.task_areas {
        f(&mut area.title);
        for task in &mut area.tasks {
            f(&mut task.text);
            task.bullets.iter_mut().for_each(&mut *f);
            if let Some(r) = &mut task.responsible {
                f(r);
            }
        }
    }
    p.organisation.iter_mut().for_each(|d| f(&mut d.text));
    p.reporting.iter_mut().for_each(|r| f(&mut r.text));
    p.recipients.iter_mut().for_each(f);
}

/// `old` replaced by `new` where it stands as a whole (not inside a longer word: "VHXH" in
/// "Phòng VHXH", never in "VHXHP").
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(old) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + old.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        out.push_str(if alone(before) && alone(after) {
            new
        } else {
            old
        });
        rest = &rest[i + old.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ward() -> UnitPlanRequest {
        UnitPlanRequest {
            issuer: "Phòng Văn hóa - Xã hội phường Bình Tiên".into(),
            office_short: "Phòng VH-XH".into(),
            letterhead: Letterhead {
                parent: "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN".into(),
                body: "PHÒNG VĂN HÓA - XÃ HỘI".into(),
                place: "Bình Tiên".into(),
                symbol: "VHXH".into(),
            },
            year: 2026,
        }
    }

    #[test]
    fn a_ward_makes_its_plan_from_the_builtin_one() {
        let builtin = Plan::builtin();
        let p = plan_for_unit(&builtin, &ward());
        assert_eq!(p.year, 2026);
        assert_eq!(p.id, "phong-van-hoa-xa-hoi-phuong-binh-tien-2026");
        assert_eq!(p.office_name(), "Phòng Văn hóa - Xã hội phường Bình Tiên");
        assert_eq!(p.office_short(), "Phòng VH-XH");
        assert_eq!(
            p.subtitle,
            "Thực hiện công tác cải cách hành chính tại Phòng Văn hóa - Xã hội phường Bình Tiên năm 2026"
        );
        assert!(p
            .preamble
            .starts_with("Phòng Văn hóa - Xã hội phường Bình Tiên xây dựng"));
        assert!(p
            .closing
            .contains("năm 2026 tại Phòng Văn hóa - Xã hội phường Bình Tiên./."));
        assert_eq!(p.recipients[1], "Lãnh đạo Phòng VHXH;");
        assert_eq!(p.letterhead.as_ref().unwrap().place, "Bình Tiên");
        assert_eq!(p.signer.name, "");
        assert_eq!(
            p.legal_basis, builtin.legal_basis,
            "citations keep their words"
        );
        assert_eq!(p.measures, builtin.measures);
        // The plan names the old office nowhere but where it cites other documents.
        let json = plan_json(&p);
        let cited: String = p.legal_basis.iter().map(|b| b.text.as_str()).collect();
        assert!(!json
            .replace(&cited, "")
            .contains("Phòng Giáo dục và Đào tạo Quận 6"));
        assert!(!json.contains("Phòng GD&ĐT"));
        assert_eq!(
            Plan::from_json(&json).unwrap(),
            p,
            "a valid plan of its own"
        );
    }

    #[test]
    fn a_request_names_the_unit_its_letterhead_and_a_year() {
        assert!(request_problems(&ward()).is_empty());
        let mut r = ward();
        r.issuer = " ".into();
        r.letterhead.place.clear();
        r.year = 26;
        let paths: Vec<String> = request_problems(&r).into_iter().map(|l| l.path).collect();
        assert_eq!(paths, ["issuer", "letterhead.place", "year"]);
    }

    #[test]
    fn names_are_replaced_as_whole_words() {
        assert_eq!(replace_word("Phòng GDĐT;", "GDĐT", "VHXH"), "Phòng VHXH;");
        assert_eq!(replace_word("GDĐTX GDĐT", "GDĐT", "VHXH"), "GDĐTX VHXH");
        assert_eq!(replace_word("", "GDĐT", "VHXH"), "");
    }
    use crate::core::base::period::ReportKind;

    #[test]
    fn next_years_plan_moves_its_dates_and_names() {
        let p2024 = Plan::builtin();
        let p = copy_to_year(&p2024, 2025);
        assert_eq!(p.year, 2025);
        assert_eq!(p.id, "pgddt-quan6-2025");
        assert_eq!(
            p.subtitle,
            "Thực hiện công tác cải cách hành chính tại Phòng Giáo dục và Đào tạo Quận 6 năm 2025"
        );
        let q1 = p
            .reporting
            .iter()
            .find(|r| r.kind == ReportKind::Q1)
            .unwrap();
        assert_eq!(q1.due_before, NaiveDate::from_ymd_opt(2025, 3, 3).unwrap());
        assert_eq!(q1.text, "Báo cáo quý I trước ngày 03/3/2025.");
        // The legal basis cites a 2024 decision: kept as it is, for the office to replace.
        assert_eq!(p.legal_basis, p2024.legal_basis);
        // Target 1 compares with the year before: its words are not rewritten.
        assert_eq!(p.targets, p2024.targets);
        assert_eq!(p.measures, p2024.measures);
        // The copy is a valid plan of its own.
        let json = plan_json(&p);
        assert_eq!(Plan::from_json(&json).unwrap(), p);
        assert_eq!(
            plan_file_name(&p),
            "ke-hoach-cchc-2025-pgddt-quan6-2025.plan.json"
        );
    }

    #[test]
    fn years_are_replaced_only_where_they_stand_alone() {
        assert_eq!(replace_year("năm 2024.", 2024, 2025), "năm 2025.");
        assert_eq!(replace_year("03/3/2024", 2024, 2025), "03/3/2025");
        assert_eq!(replace_year("2020-2024", 2024, 2025), "2020-2024");
        assert_eq!(replace_year("120245", 2024, 2025), "120245");
        assert_eq!(id_for_year("ke-hoach", 2024, 2025), "ke-hoach-2025");
        assert_eq!(
            move_to_year(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(), 2025),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
    }

    fn located(file: &str, text: &str) -> Vec<(String, FieldError)> {
        match open_plan_file(file, text.as_bytes()) {
            Ok(_) => vec![],
            Err(e) => {
                assert_eq!(e.file, file);
                e.errors.into_iter().map(|l| (l.path, l.error)).collect()
            }
        }
    }

    /// Each kind of error the issue names is found and located by its field path.
    #[test]
    fn a_plan_file_is_checked_with_located_errors() {
        let good = plan_json(&copy_to_year(&Plan::builtin(), 2025));
        assert!(located("kh.json", &good).is_empty());
        // A BOM is fine.
        assert!(located("kh.json", &format!("\u{feff}{good}")).is_empty());

        let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
        // A threshold of 150 %.
        v["targets"][1]["items"][0]["goal"]["threshold"] = 150.into();
        // A task whose area does not exist (numbered 9.1 inside area 1).
        v["task_areas"][0]["tasks"][0]["number"] = "9.1".into();
        // A due date outside the plan's year.
        v["task_areas"][1]["tasks"][0]["due"] = "2031-05-01".into();
        v["reporting"][0]["due_before"] = "2024-03-03".into();
        // An indicator that names an unknown field.
        v["measures"]["indicators"][0]["numerator"][0] = "hs_khong_ton_tai".into();
        let errors = located("ke-hoach-2025.json", &v.to_string());
        let has = |path: &str, e: &FieldError| errors.iter().any(|(p, x)| p == path && x == e);
        assert!(
            has(
                "targets[1].items[0].goal.threshold",
                &FieldError::OutOfRange
            ),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|(p, _)| p == "task_areas[0].tasks[0].number"),
            "{errors:?}"
        );
        assert!(
            has("task_areas[1].tasks[0].due", &FieldError::OutOfRange),
            "{errors:?}"
        );
        assert!(
            has("reporting[0].due_before", &FieldError::OutOfRange),
            "{errors:?}"
        );
        assert!(
            has(
                "measures.indicators[0].numerator[0]",
                &FieldError::UnknownRef("hs_khong_ton_tai".into())
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn newer_broken_or_huge_plan_files_are_refused() {
        let good = plan_json(&Plan::builtin());
        let newer = good.replace("\"schema_version\":1", "\"schema_version\":2");
        assert!(matches!(
            located("new.json", &newer)[..],
            [(ref p, FieldError::NewerVersion { found: 2, supported: 1 })] if p == "schema_version"
        ));
        assert!(matches!(
            located("cut.json", &good[..100])[..],
            [(_, FieldError::Syntax { .. })]
        ));
        let dataset = r#"{"format":"cchc-dataset","schema_version":2}"#;
        assert!(located("d.json", dataset)
            .iter()
            .any(|(p, e)| p == "format" && matches!(e, FieldError::WrongFormat(_))));
        let huge = vec![b' '; MAX_PLAN_BYTES + 1];
        assert!(open_plan_file("big.json", &huge).is_err());
        assert!(open_plan_file("bad.json", b"\xff\xfe{}").is_err());
    }
}
