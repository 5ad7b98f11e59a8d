//! The submission file's types (format `cchc-submission`, `schema/submission.v3.schema.json`):
//! what a school sends its office, and (version 3) what an office sends the unit above — its own
//! data and its schools' (`members`) — as serde reads and writes them. Building, reading and checking a file are
//! `submission`'s; the written-out reader of files as this app writes them is `quick_read`'s.

use serde::{Deserialize, Serialize};

use crate::core::base::map::Map;
use crate::core::base::period::{MonthRange, ReportKind, YearMonth};
use crate::core::data::records::{
    Assessment, Evidence, Millis, SchoolLevel, TaskProgress, TaskStatus, UnitId, Verdict,
};
use crate::core::data::survey::{Questionnaire, Respondent, SurveyRound, Tally};
use crate::core::plan::model::UnitKind;

/// The plan a file belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRef {
    pub id: String,
    pub year: i32,
}

/// Who sent the file: the unit's stable id (from the office's roster or made at its first
/// start), its kind (version 3: an office sending to the unit above; absent for a school), its
/// name, level and code. Also who each member of an office's file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub id: UnitId,
    #[serde(default = "school", skip_serializing_if = "is_school")]
    pub kind: UnitKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<SchoolLevel>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
}

fn school() -> UnitKind {
    UnitKind::School
}

fn is_school(k: &UnitKind) -> bool {
    *k == UnitKind::School
}

impl Sender {
    /// A unit as it names itself in a file.
    pub fn of(u: &crate::core::data::records::Unit) -> Sender {
        Sender {
            id: u.id.clone(),
            kind: u.kind,
            name: u.name.clone(),
            level: u.level,
            code: u.code.clone(),
        }
    }
}

/// One of the units an office's file carries beside its own data (version 3): a school under
/// the office, with what the office holds of it for the period — never rates, so that the unit
/// above recomputes everything from counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub unit: Sender,
    #[serde(default)]
    pub data: SentData,
}

/// The period a file reports on: one of the plan's reports, or everything so far (`report` absent),
/// and the months it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportKind>,
    pub months: MonthRange,
}

impl Period {
    /// The key a revision counter and the submission matrix use: the report's slug or "all".
    pub fn key(&self) -> &'static str {
        self.report.map(ReportKind::slug).unwrap_or("all")
    }
}

/// A task's progress as sent (without the assignee, who is a person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentTask {
    pub status: TaskStatus,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub due: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentAssessment {
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A survey round as sent: the round, its questionnaire and its tallies by criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentRound {
    pub id: String,
    pub name: String,
    pub respondent: Respondent,
    pub month: YearMonth,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributed: Option<u64>,
    pub returned: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    pub questionnaire: Questionnaire,
    #[serde(default)]
    pub tallies: Map<String, Tally>,
}

impl SentTask {
    /// A task's progress as a school sends it.
    pub fn of(t: &TaskProgress) -> SentTask {
        SentTask {
            status: t.status,
            due: t.due,
            evidence: t.evidence.clone(),
            notes: t.notes.clone(),
        }
    }

    /// Whether `t` is this progress (`SentTask::of(t) == *self`, without the copy).
    pub fn describes(&self, t: &TaskProgress) -> bool {
        self.status == t.status
            && self.due == t.due
            && self.evidence == t.evidence
            && self.notes == t.notes
    }
}

impl SentAssessment {
    pub fn of(a: &Assessment) -> SentAssessment {
        SentAssessment {
            verdict: a.verdict,
            note: a.note.clone(),
        }
    }
}

impl SentRound {
    /// A survey round as sent, with the tallies given.
    pub fn of(r: &SurveyRound, tallies: Map<String, Tally>) -> SentRound {
        SentRound {
            id: r.id.clone(),
            name: r.name.clone(),
            respondent: r.respondent,
            month: r.month,
            distributed: r.distributed,
            returned: r.returned,
            population: r.population,
            questionnaire: r.questionnaire.clone(),
            tallies,
        }
    }
}

/// A survey round the unit removed, with its tallies: of which month, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentRemovedRound {
    pub month: YearMonth,
    pub at: Millis,
}

/// What the unit cleared, each with the time it was cleared (since version 2). A removal is said
/// as explicitly as a value: a file that says nothing of a value leaves it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentRemovals {
    /// Month → field id → when the figure was cleared.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub figures: Map<YearMonth, Map<String, Millis>>,
    /// Target number → when the assessment was withdrawn.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub assessments: Map<String, Millis>,
    /// Round id → the round removed.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub surveys: Map<String, SentRemovedRound>,
    /// Round id (a round the file sends) → criterion id → when its row was cleared.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub tallies: Map<String, Map<String, Millis>>,
}

impl SentRemovals {
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
            && self.assessments.is_empty()
            && self.surveys.is_empty()
            && self.tallies.is_empty()
    }

    /// How many removals the file tells of.
    pub fn count(&self) -> usize {
        self.figures.values().map(Map::len).sum::<usize>()
            + self.assessments.len()
            + self.surveys.len()
            + self.tallies.values().map(Map::len).sum::<usize>()
    }
}

/// What a file carries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentData {
    /// Month → field id → value.
    #[serde(default)]
    pub figures: Map<YearMonth, Map<String, u64>>,
    /// Task number → progress.
    #[serde(default)]
    pub tasks: Map<String, SentTask>,
    /// Target number → judgement.
    #[serde(default)]
    pub assessments: Map<String, SentAssessment>,
    #[serde(default)]
    pub surveys: Vec<SentRound>,
    /// What was cleared since (version 2).
    #[serde(default, skip_serializing_if = "SentRemovals::is_empty")]
    pub removed: SentRemovals,
}

/// A whole submission file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub format: String,
    pub schema_version: u32,
    pub app_version: String,
    /// This file's id (each export has its own).
    pub id: String,
    /// Grows by one with each export of the same unit, plan and period.
    pub revision: u32,
    pub made_at: Millis,
    pub plan: PlanRef,
    pub unit: Sender,
    pub period: Period,
    pub data: SentData,
    /// The schools under an office that sends to the unit above (version 3), each with its data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// `sha256-<hex>` of the canonical form of the document without this member.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checksum: String,
}
