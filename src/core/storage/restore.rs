//! Restoring a backup file (the whole browser dataset, format `cchc-dataset`): read and checked
//! like stored data (older versions migrated, a newer one refused, every problem located), then
//! summarised so that the user sees what would replace what before anything changes. Applying it
//! is the UI's journaled, undoable edit.

use crate::core::base::error::{FieldError, Located};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Millis;
use crate::core::storage::persist;

/// The largest backup file read (a district's years are a few megabytes).
pub const MAX_BACKUP_BYTES: usize = 40 * 1024 * 1024;

/// A backup that could not be read: the file's name and where it is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupError {
    pub file: String,
    pub error: Located,
}

/// What a dataset holds, in the words of the preview ("3 đơn vị, 1 250 số liệu…").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub units: usize,
    pub figures: usize,
    pub tasks: usize,
    pub rounds: usize,
    pub plans: usize,
}

pub fn summarize(d: &Dataset) -> Summary {
    let works = d.work.values();
    Summary {
        units: d.units.len(),
        figures: d
            .figures
            .values()
            .flat_map(|months| months.values())
            .map(|fields| fields.len())
            .sum(),
        tasks: works
            .clone()
            .map(|w| w.tasks.values().map(|t| t.len()).sum::<usize>())
            .sum(),
        rounds: works.map(|w| w.surveys.len()).sum(),
        plans: d.plans.len(),
    }
}

/// Reads a backup file: BOM accepted, size capped before parsing, UTF-8, then `persist::decode`.
/// Returns the dataset and when the backup was made (if the file says).
pub fn read_backup(file: &str, bytes: &[u8]) -> Result<(Dataset, Option<Millis>), BackupError> {
    let (text, data) = read_envelope(file, bytes, persist::DATASET_FORMAT, MAX_BACKUP_BYTES)?;
    Ok((data, persist::saved_at(&text)))
}

/// Reads a file in the dataset envelope (a backup, or a year's archive): size cap before
/// parsing, BOM, UTF-8, then the envelope of `format` (older versions migrated, newer refused).
/// Returns the text (for header fields) and the data.
pub fn read_envelope(
    file: &str,
    bytes: &[u8],
    format: &str,
    max_bytes: usize,
) -> Result<(String, Dataset), BackupError> {
    let fail = |error: Located| BackupError {
        file: file.to_string(),
        error,
    };
    if bytes.len() > max_bytes {
        let max_mb = max_bytes.div_ceil(1024 * 1024) as u32;
        return Err(fail(Located::new("", FieldError::FileTooLarge { max_mb })));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        fail(Located::new(
            "",
            FieldError::NotUtf8 {
                byte: e.valid_up_to(),
            },
        ))
    })?;
    let data = persist::decode_as(text, format).map_err(fail)?;
    Ok((text.to_string(), data))
}

/// Whole days since the last backup (`None`: never); the reminder shows from `REMIND_AFTER_DAYS`.
pub fn days_since(last_backup: Option<Millis>, now: Millis) -> Option<i64> {
    last_backup.map(|t| (now - t).max(0) / 86_400_000)
}

/// After how many days without a backup the app reminds the user.
pub const REMIND_AFTER_DAYS: i64 = 14;

/// Whether to remind the user to back up: 14 days after the last backup, or — never backed up —
/// 7 days after the first start (`first_use`), not minutes after it.
pub fn backup_due(last_backup: Option<Millis>, first_use: Option<Millis>, now: Millis) -> bool {
    match (days_since(last_backup, now), days_since(first_use, now)) {
        (Some(d), _) => d >= REMIND_AFTER_DAYS,
        (None, Some(d)) => d >= FIRST_REMINDER_DAYS,
        (None, None) => false,
    }
}

/// After how many days of use without any backup the app first reminds the user.
pub const FIRST_REMINDER_DAYS: i64 = 7;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::YearMonth;
    use crate::core::plan::model::BUILTIN_PLAN_ID;

    const V1: &str = include_str!("../../../tests/golden/dataset-v1.json");

    #[test]
    fn a_backup_is_read_summarised_and_older_versions_migrated() {
        let mut d = Dataset::default();
        d.set_figure("u", YearMonth::new(2024, 1).unwrap(), "vb_tong", Some(3), 1);
        d.work_mut(BUILTIN_PLAN_ID)
            .update_task("u", "1.1", 1, |t| t.notes = "x".into());
        let raw = persist::encode(&d, 1_700_000_000_000);
        let (back, saved) = read_backup("sao-luu.json", raw.as_bytes()).unwrap();
        assert_eq!(back, d);
        assert_eq!(saved, Some(1_700_000_000_000));
        assert_eq!(
            summarize(&back),
            Summary {
                units: 0,
                figures: 1,
                tasks: 1,
                rounds: 0,
                plans: 0
            }
        );
        // A version 1 backup (with a BOM) is migrated.
        let (old, _) = read_backup("cu.json", format!("\u{feff}{V1}").as_bytes()).unwrap();
        assert!(summarize(&old).figures > 0);
    }

    #[test]
    fn newer_broken_or_foreign_backups_are_refused_with_their_place() {
        let raw = persist::encode(&Dataset::default(), 1).replace(
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
            "\"schema_version\":99",
        );
        let e = read_backup("moi.json", raw.as_bytes()).unwrap_err();
        assert_eq!(e.file, "moi.json");
        assert!(matches!(
            e.error.error,
            FieldError::NewerVersion { found: 99, .. }
        ));
        let plan = crate::core::plan::file::plan_json(&crate::core::plan::model::Plan::builtin());
        let e = read_backup("ke-hoach.json", plan.as_bytes()).unwrap_err();
        assert_eq!(e.error.path, "format");
        assert!(read_backup("x.json", b"\xff\xfe").is_err());
        assert!(read_backup("x.json", b"{\"format\":\"cchc-dataset\",").is_err());
        assert!(read_backup("big.json", &vec![b' '; MAX_BACKUP_BYTES + 1]).is_err());
    }

    #[test]
    fn the_reminder_counts_whole_days() {
        assert_eq!(days_since(None, 10), None);
        assert_eq!(days_since(Some(0), 86_400_000 * 15 + 5), Some(15));
        assert_eq!(days_since(Some(100), 50), Some(0));
        // Issue 28, item 11: never backed up, not minutes after the first start but a week on.
        const DAY: i64 = 86_400_000;
        assert!(!backup_due(None, Some(0), 10 * 60_000));
        assert!(!backup_due(None, Some(0), 6 * DAY));
        assert!(backup_due(None, Some(0), 7 * DAY));
        assert!(!backup_due(Some(DAY), Some(0), 14 * DAY));
        assert!(backup_due(Some(DAY), Some(0), 15 * DAY));
    }
}
