//! Archiving a year: what belongs to it — the figures of its months, and the plans of that year
//! with their work (tasks, assessments, surveys, reports, files received) — goes to a file
//! (format `cchc-archive`, the backup envelope) and leaves the browser, so that the years to come
//! have room. Bringing the file back merges it in, record by record, as two tabs merge.
//!
//! Units stay in the browser (every year needs them) and travel in the archive too, so that a
//! file is whole on its own.

use std::collections::BTreeSet;

use crate::core::base::error::{FieldError, Located};
use crate::core::base::map::Map;
use crate::core::base::period::YearMonth;
use crate::core::base::sorting::set_of;
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Millis;
use crate::core::plan::model::Plan;
use crate::core::storage::persist::{self, ARCHIVE_FORMAT};
use crate::core::storage::restore::{read_envelope, BackupError};

/// The largest archive read (a district's year is a few megabytes).
pub const MAX_ARCHIVE_BYTES: usize = 40 * 1024 * 1024;

/// The year of each plan the dataset has work for (`builtin` for the built-in plan's id).
fn plan_year(data: &Dataset, builtin: &Plan, id: &str) -> Option<i32> {
    if id == builtin.id {
        return Some(builtin.year);
    }
    data.plans.get(id).map(|p| p.v.year)
}

/// The years the browser holds something of, oldest first.
pub fn years(data: &Dataset, builtin: &Plan) -> Vec<i32> {
    let mut years: BTreeSet<i32> = set_of(
        data.figures
            .values()
            .flat_map(|months| months.keys().map(|m| m.year())),
    );
    for id in data.work.keys().chain(data.plans.keys()) {
        if let Some(y) = plan_year(data, builtin, id) {
            years.insert(y);
        }
    }
    years.into_iter().collect()
}

/// Splits off `year`: returns (the archive, what stays). The plan in use is never archived.
pub fn split(data: &Dataset, builtin: &Plan, year: i32) -> (Dataset, Dataset) {
    let in_use = data.plan_in_use().unwrap_or(&builtin.id).to_string();
    let of_year = |id: &str| id != in_use && plan_year(data, builtin, id) == Some(year);
    let mut archived = Dataset {
        me: data.me.clone(),
        units: data.units.clone(),
        ..Dataset::default()
    };
    let mut kept = data.clone();
    for (unit, months) in &data.figures {
        let old: Vec<_> = months
            .keys()
            .filter(|m| m.year() == year)
            .copied()
            .collect();
        if old.is_empty() {
            continue;
        }
        let target = archived.figures.entry(unit.clone()).or_default();
        if let Some(kept_months) = kept.figures.get_mut(unit) {
            for m in old {
                if let Some(fields) = kept_months.remove(&m) {
                    target.insert(m, fields);
                }
            }
        }
    }
    kept.figures.retain(|_, months| !months.is_empty());
    // The year's removals and history go with its figures.
    move_year(&mut kept.cleared, &mut archived.cleared, year);
    move_year(&mut kept.history, &mut archived.history, year);
    for id in data.work.keys().filter(|id| of_year(id)) {
        if let Some(w) = kept.work.remove(id) {
            archived.work.insert(id.clone(), w);
        }
    }
    for id in data.plans.keys().filter(|id| of_year(id)) {
        if let Some(p) = kept.plans.remove(id) {
            archived.plans.insert(id.clone(), p);
        }
    }
    (archived, kept)
}

/// Whether `year` can be archived: something of it is held, and it is not the year of the plan
/// in use.
pub fn can_archive(data: &Dataset, builtin: &Plan, year: i32, plan_in_use_year: i32) -> bool {
    year != plan_in_use_year && years(data, builtin).contains(&year)
}

/// The archive file's text.
pub fn to_file(archived: &Dataset, year: i32, made_at: Millis) -> String {
    persist::encode_archive(archived, year, made_at)
}

/// "luu-tru-cchc-2023.json"
pub fn file_name(year: i32) -> String {
    format!("luu-tru-cchc-{year}.json")
}

/// Reads an archive file (as a backup is read, under its own format; a whole backup or any
/// other file is refused). Returns the year and its data.
pub fn read(file: &str, bytes: &[u8]) -> Result<(i32, Dataset), BackupError> {
    let (text, data) = read_envelope(file, bytes, ARCHIVE_FORMAT, MAX_ARCHIVE_BYTES)?;
    let year = crate::core::base::json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("year")?.as_i64())
        .and_then(|y| i32::try_from(y).ok())
        .ok_or_else(|| BackupError {
            file: file.to_string(),
            error: Located::new("year", FieldError::Missing),
        })?;
    Ok((year, data))
}

/// Brings an archived year back: merged record by record with what the browser holds now (the
/// later change wins where both have one).
pub fn bring_back(data: &Dataset, archived: &Dataset) -> Dataset {
    let mut merged = crate::core::storage::sync::merge3(&Dataset::default(), data, archived);
    // Who the user is and the plan in use are the browser's, never the archive's.
    merged.me = data.me.clone();
    merged.plan = data.plan.clone();
    merged
}

/// Moves the months of `year` of every unit from `kept` to `archived`.
fn move_year<V>(
    kept: &mut Map<String, Map<YearMonth, V>>,
    archived: &mut Map<String, Map<YearMonth, V>>,
    year: i32,
) {
    for (unit, months) in kept.iter_mut() {
        let old: Vec<YearMonth> = months
            .keys()
            .filter(|m| m.year() == year)
            .copied()
            .collect();
        for m in old {
            if let Some(v) = months.remove(&m) {
                archived.slot(unit).insert(m, v);
            }
        }
    }
    kept.retain(|_, months| !months.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::YearMonth;
    use crate::core::data::records::SchoolLevel;
    use crate::core::fixtures::{school, school_data};
    use crate::core::plan::file::copy_to_year;
    use crate::core::plan::model::{HeldPlan, BUILTIN_PLAN_ID};

    /// A school with 2024's data under the built-in plan, and 2025's under a plan of 2025 in use.
    fn two_years() -> (Plan, Dataset) {
        let builtin = Plan::builtin();
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 10);
        let next = copy_to_year(&builtin, 2025);
        let next_id = next.id.clone();
        d.hold_plan(HeldPlan::new(next).unwrap(), 5);
        d.use_plan(Some(&next_id), 5);
        d.set_figure(
            "u-b",
            YearMonth::new(2025, 1).unwrap(),
            "vb_tong",
            Some(7),
            6,
        );
        d.work_mut(&next_id)
            .update_task("u-b", "1.2", 6, |t| t.notes = "2025".into());
        (builtin, d)
    }

    #[test]
    fn a_year_leaves_the_browser_whole_and_comes_back_the_same() {
        let (builtin, d) = two_years();
        assert_eq!(years(&d, &builtin), [2024, 2025]);
        let (archived, kept) = split(&d, &builtin, 2024);
        // What stays: 2025's figures and plan; no 2024 figure, no work of the 2024 plan.
        assert_eq!(years(&kept, &builtin), [2025]);
        assert!(!kept.work.contains_key(BUILTIN_PLAN_ID));
        assert_eq!(
            kept.figure("u-b", YearMonth::new(2025, 1).unwrap(), "vb_tong"),
            Some(7)
        );
        assert_eq!(kept.units, d.units);
        // The archive holds 2024 whole, and reads back from its file.
        assert_eq!(
            archived.figure("u-b", YearMonth::new(2024, 3).unwrap(), "vb_tong"),
            Some(40)
        );
        assert!(archived.work[BUILTIN_PLAN_ID]
            .surveys
            .contains_key("ks-u-b"));
        let text = to_file(&archived, 2024, 9);
        assert!(text.starts_with("{\"format\":\"cchc-archive\""));
        let (year, back) = read("a.json", text.as_bytes()).unwrap();
        assert_eq!((year, &back), (2024, &archived));
        // A backup restore refuses it (it would replace everything), and the archive path
        // refuses a backup.
        assert!(persist::decode(&text).is_err());
        assert!(read("b.json", persist::encode(&d, 1).as_bytes()).is_err());
        // Brought back, everything is as before.
        assert_eq!(bring_back(&kept, &back), d);
    }

    #[test]
    fn the_year_of_the_plan_in_use_is_never_archived() {
        let (builtin, d) = two_years();
        let (archived, kept) = split(&d, &builtin, 2025);
        // Figures of 2025 go, but the plan in use and its work stay.
        assert!(kept.plans.values().any(|p| p.v.year == 2025));
        assert!(archived.work.is_empty());
        assert!(!can_archive(&d, &builtin, 2025, 2025));
        assert!(can_archive(&d, &builtin, 2024, 2025));
        assert!(!can_archive(&d, &builtin, 2019, 2025));
    }
}
