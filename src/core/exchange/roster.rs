//! The office's roster (format `cchc-roster`): its schools with their stable ids, codes, levels and
//! names. A school opens it at its first start and picks itself, so that its files carry the id
//! the office already knows — even after a reinstall.

use serde::{Deserialize, Serialize};

use crate::core::base::error::{FieldError, Located};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::{Millis, SchoolLevel, Unit, UnitId};
use crate::core::exchange::submission::{check_header, parse_strict, FileProblems};
use crate::core::plan::model::UnitKind;
use crate::core::storage::persist::APP_VERSION;

pub const ROSTER_FORMAT: &str = "cchc-roster";
pub const ROSTER_VERSION: u32 = 1;
/// A district's roster is a few dozen KB.
pub const MAX_ROSTER_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterSchool {
    pub id: UnitId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<SchoolLevel>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterOffice {
    pub id: UnitId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub format: String,
    pub schema_version: u32,
    pub app_version: String,
    pub made_at: Millis,
    pub office: RosterOffice,
    pub schools: Vec<RosterSchool>,
}

/// The roster of the office's schools, in the order the office sees them.
pub fn build(data: &Dataset, made_at: Millis) -> Roster {
    let office = data.me().filter(|u| u.kind == UnitKind::Office);
    Roster {
        format: ROSTER_FORMAT.into(),
        schema_version: ROSTER_VERSION,
        app_version: APP_VERSION.into(),
        made_at,
        office: RosterOffice {
            id: office.map(|u| u.id.clone()).unwrap_or_default(),
            name: office.map(|u| u.name.clone()).unwrap_or_default(),
        },
        schools: data
            .schools()
            .into_iter()
            .map(|u| RosterSchool {
                id: u.id.clone(),
                name: u.name.clone(),
                level: u.level,
                code: u.code.clone(),
            })
            .collect(),
    }
}

pub fn to_file(r: &Roster) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}

/// "danh-sach-truong-2024-03-01.json"
pub fn file_name(date_iso: &str) -> String {
    format!("danh-sach-truong-{date_iso}.json")
}

fn safe(s: &str) -> bool {
    !s.chars().any(|c| c == '<' || c == '>' || c.is_control())
}

/// Reads a roster: size cap, BOM, UTF-8, strict JSON, format and version, then every school named
/// safely with an id of its own.
pub fn read(file: &str, bytes: &[u8]) -> Result<Roster, FileProblems> {
    let fail = |problems: Vec<Located>| FileProblems {
        file: file.to_string(),
        problems,
    };
    let one = |path: &str, e: FieldError| fail(vec![Located::new(path, e)]);
    if bytes.len() > MAX_ROSTER_BYTES {
        return Err(one(
            "",
            FieldError::FileTooLarge {
                max_mb: (MAX_ROSTER_BYTES / (1024 * 1024)) as u32,
            },
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        one(
            "",
            FieldError::NotUtf8 {
                byte: e.valid_up_to(),
            },
        )
    })?;
    if text.trim().is_empty() {
        return Err(one("", FieldError::Empty));
    }
    let value = parse_strict(text).map_err(|e| fail(vec![e]))?;
    check_header(&value, ROSTER_FORMAT, ROSTER_VERSION).map_err(|e| fail(vec![e]))?;
    let roster: Roster = crate::core::base::json::from_str(text)
        .map_err(|e| one("", FieldError::Invalid(e.to_string())))?;
    let mut problems = Vec::new();
    for (i, s) in roster.schools.iter().enumerate() {
        if s.id.trim().is_empty() {
            problems.push(Located::new(
                format!("schools[{i}].id"),
                FieldError::Missing,
            ));
        }
        if roster.schools[..i].iter().any(|o| o.id == s.id) {
            problems.push(Located::new(
                format!("schools[{i}].id"),
                FieldError::Duplicate(s.id.clone()),
            ));
        }
        if s.name.trim().is_empty() {
            problems.push(Located::new(
                format!("schools[{i}].name"),
                FieldError::Missing,
            ));
        }
        for (key, text) in [("name", &s.name), ("code", &s.code)] {
            if !safe(text) {
                problems.push(Located::new(
                    format!("schools[{i}].{key}"),
                    FieldError::UnsafeText,
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(roster)
    } else {
        Err(fail(problems))
    }
}

/// The school picks itself from the roster: it becomes the user's unit, with the office's id.
pub fn adopt(data: &mut Dataset, school: &RosterSchool, now: Millis) {
    data.set_me(
        Unit {
            id: school.id.clone(),
            kind: UnitKind::School,
            parent: None,
            name: school.name.clone(),
            level: school.level,
            code: school.code.clone(),
            changed_at: now,
        },
        now,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::school;

    #[test]
    fn a_school_picks_itself_and_keeps_the_offices_id() {
        let mut office = Dataset::default();
        office.set_me(
            Unit {
                id: "phong".into(),
                kind: UnitKind::Office,
                parent: None,
                name: "Phòng GD&ĐT Quận 6".into(),
                level: None,
                code: String::new(),
                changed_at: 0,
            },
            0,
        );
        office.upsert_unit(
            school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07"),
            0,
        );
        office.upsert_unit(
            school("u-a", "Trường MN Hoa Sen", SchoolLevel::MamNon, "MN01"),
            0,
        );
        let text = to_file(&build(&office, 5));
        let r = read("ds.json", text.as_bytes()).unwrap();
        assert_eq!(r.office.name, "Phòng GD&ĐT Quận 6");
        assert_eq!(
            r.schools
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>(),
            ["MN01", "TH07"]
        );
        let mut school_side = Dataset::default();
        adopt(&mut school_side, &r.schools[1], 9);
        let me = school_side.me().unwrap();
        assert_eq!(
            (me.id.as_str(), me.kind, me.level),
            ("u-b", UnitKind::School, Some(SchoolLevel::TieuHoc))
        );
    }

    #[test]
    fn a_bad_roster_is_refused_with_every_problem_located() {
        let text = r#"{"format":"cchc-roster","schema_version":1,"app_version":"x","made_at":0,
            "office":{"id":"p","name":"P"},
            "schools":[{"id":"a","name":"<script>alert(1)</script>"},{"id":"a","name":" "}]}"#;
        let paths: Vec<String> = read("r.json", text.as_bytes())
            .unwrap_err()
            .problems
            .into_iter()
            .map(|p| p.path)
            .collect();
        assert_eq!(
            paths,
            ["schools[0].name", "schools[1].id", "schools[1].name"]
        );
        let newer = r#"{"format":"cchc-roster","schema_version":2}"#;
        assert!(matches!(
            read("r.json", newer.as_bytes()).unwrap_err().problems[0].error,
            FieldError::NewerVersion { found: 2, .. }
        ));
    }
}
