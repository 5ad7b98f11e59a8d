//! The records a dataset is made of: units, stamped values, task progress and assessments. Plain
//! values with no rule of their own beyond their shape, so that the dataset, its stored form and
//! the survey records can all name them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::core::base::map::Map;
use crate::core::base::period::YearMonth;
use crate::core::plan::model::UnitKind;

/// Milliseconds since the Unix epoch (UTC).
pub type Millis = i64;
/// A unit's stable id ("u-3f9a…"), generated once and carried in every exported file.
pub type UnitId = String;

/// The three school levels under the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    /// Mầm non
    MamNon,
    /// Tiểu học
    TieuHoc,
    /// Trung học cơ sở
    Thcs,
}

impl SchoolLevel {
    pub const ALL: [SchoolLevel; 3] =
        [SchoolLevel::MamNon, SchoolLevel::TieuHoc, SchoolLevel::Thcs];
}

/// A unit of the tree: a school, a managing office, or a unit above the offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub kind: UnitKind,
    /// The unit this one reports to (a school's office, an office's unit above), when the
    /// dataset holds it (schema v11; see `data::tree`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<SchoolLevel>,
    /// An optional code the office uses for the school.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    pub changed_at: Millis,
}

/// A fresh identifier from the time and some random bits: `prefix-<time>-<random>`, both parts
/// in base 36 to keep stored data short ("e-mi3k2f9c-1x9a2b"). Units, rounds and files take 64
/// random bits (they meet other devices' ids at the office); evidence, keyed by its unit and task
/// as well, takes 32.
pub fn make_id(prefix: &str, now: Millis, random: u64) -> String {
    format!("{prefix}-{}-{}", base36(now.max(0) as u64), base36(random))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A value with the time it was last set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    pub v: T,
    pub t: Millis,
}

/// The four states of a task.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Chưa thực hiện
    #[default]
    NotStarted,
    /// Đang thực hiện
    InProgress,
    /// Đã hoàn thành
    Done,
    /// Không áp dụng
    NotApplicable,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::NotApplicable,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::NotApplicable => "not_applicable",
        }
    }

    pub fn from_slug(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// A piece of evidence ("tài liệu kiểm chứng"): what administrative-reform scoring asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    /// Số, ký hiệu văn bản: "125/KH-GDĐT".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc_number: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub link: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// How a unit is doing with one task of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskProgress {
    pub status: TaskStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assignee: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    pub changed_at: Millis,
}

/// A judgement on a target that has no figure (PAR Index higher than last year…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    NotMet,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub changed_at: Millis,
}

/// Month → field id → value.
pub type MonthFigures = Map<YearMonth, Map<String, Stamped<u64>>>;

/// A value a figure held before it changed, and when that value had been set — its stamp,
/// which also says where it came from (a value imported carries when its file was made; see
/// `data::provenance`). `None`: the figure had been cleared, at that time. Stored as `[v, t]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Was(pub Option<u64>, pub Millis);

/// How many earlier values a figure keeps: enough to see a correction and what it corrected,
/// bounded so that history never costs more than a few stamps a figure.
pub const HISTORY_KEEP: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_and_distinct() {
        assert_eq!(make_id("e", 1_732_800_000_000, 0), "e-m41cdp1c-0");
        assert_eq!(make_id("u", 35, 36), "u-z-10");
        assert_eq!(make_id("e", 1, u64::MAX), "e-1-3w5e11264sgsf");
        assert_ne!(make_id("e", 7, 1), make_id("e", 7, 2));
    }
}
