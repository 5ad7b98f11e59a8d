//! Submission files (format `cchc-submission`): what a school sends the office for a reporting
//! period — its monthly figures, task statuses with evidence, target assessments and survey rounds
//! with their questionnaire and tallies — under a typed header naming the plan, the unit, the
//! period, when it was made and its revision. A checksum over the canonical form (see `checksum`)
//! lets the office detect any edit made outside the app. No personal data travels: the name of
//! the person a task is assigned to stays at the school.
//!
//! Reading a file checks everything the office must be able to trust and lists *every* problem of
//! the file, each located by its field path, so that the school can fix all of them at once.
//! Applying what was read is `import`'s job.

use crate::core::base::map::Map;

use serde_json::Value;

use crate::core::base::checksum;
use crate::core::base::error::{FieldError, Located, PartsAbove};
use crate::core::base::period::{MonthRange, ReportKind, YearMonth};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::{Assessment, Millis, Stamped, TaskProgress, Unit};
use crate::core::data::survey::SurveyRound;
use crate::core::figures::entry::{self, MAX_COUNT};
use crate::core::figures::survey_results::row_difference;
use crate::core::plan::model::{Field, FieldKind, Plan, UnitKind};
use crate::core::storage::persist::APP_VERSION;

pub const SUBMISSION_FORMAT: &str = "cchc-submission";
/// The newest submission schema version this app reads and writes. Version 2 tells what the
/// unit cleared (`data.removed`); a version 1 file, which could not, is read as it always was.
/// Version 3 is an office's file to the unit above: the sender is an office (`unit.kind`) and
/// its schools travel beside its own data (`members`). A file declares the lowest version that
/// carries it, so a school's file stays version 2 and an office of an older app still reads it.
pub const SUBMISSION_VERSION: u32 = 3;
/// The version of a school's file.
pub const SCHOOL_FILE_VERSION: u32 = 2;
/// Files above this size are refused before they are read (a school's year is a few dozen KB).
pub const MAX_SUBMISSION_BYTES: usize = 5 * 1024 * 1024;

pub use crate::core::exchange::submission_format::{
    Member, Period, PlanRef, Sender, SentAssessment, SentData, SentRemovals, SentRemovedRound,
    SentRound, SentTask, Submission,
};

/// What a unit sends for `period`: its figures of the period's months, every task and
/// assessment of the plan, and its survey rounds done within the period. An office sends it to
/// the unit above with each of its schools beside it (`members`, version 3): what the office
/// holds of the school, built the same way — counts, never rates.
#[allow(clippy::too_many_arguments)]
pub fn build(
    plan: &Plan,
    data: &Dataset,
    unit: &Unit,
    period: Period,
    id: String,
    revision: u32,
    made_at: Millis,
) -> Submission {
    let work = data.work(&plan.id);
    let figures = data
        .figures
        .get(&unit.id)
        .map(|months| {
            months
                .iter()
                .filter(|(m, _)| period.months.contains(**m))
                .map(|(m, fields)| (*m, fields.iter().map(|(f, s)| (f.clone(), s.v)).collect()))
                .filter(|(_, f): &(YearMonth, Map<String, u64>)| !f.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let tasks = work
        .tasks
        .get(&unit.id)
        .map(|tasks| {
            tasks
                .iter()
                .map(|(n, t)| (n.clone(), SentTask::of(t)))
                .collect()
        })
        .unwrap_or_default();
    let assessments = work
        .assessments
        .get(&unit.id)
        .map(|a| {
            a.iter()
                .map(|(n, a)| (n.clone(), SentAssessment::of(a)))
                .collect()
        })
        .unwrap_or_default();
    let surveys: Vec<SentRound> = work
        .rounds_of(&unit.id)
        .into_iter()
        .filter(|r| period.months.contains(r.month))
        .map(|r| {
            let tallies = work
                .tallies
                .get(&r.id)
                .map(|t| {
                    t.iter()
                        .filter(|(_, s)| !s.v.is_empty())
                        .map(|(c, s)| (c.clone(), s.v))
                        .collect()
                })
                .unwrap_or_default();
            SentRound::of(r, tallies)
        })
        .collect();
    let removed = removals(data, work, unit, period, &figures, &surveys);
    let members: Vec<Member> = if unit.kind == UnitKind::Office {
        crate::core::data::tree::children(data, &unit.id)
            .into_iter()
            .filter(|u| u.kind == UnitKind::School)
            .map(|school| {
                let sub = build(plan, data, school, period, String::new(), revision, made_at);
                Member {
                    unit: sub.unit,
                    data: sub.data,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Submission {
        format: SUBMISSION_FORMAT.into(),
        schema_version: if unit.kind == UnitKind::School {
            SCHOOL_FILE_VERSION
        } else {
            SUBMISSION_VERSION
        },
        app_version: APP_VERSION.into(),
        id,
        revision,
        made_at,
        plan: PlanRef {
            id: plan.id.clone(),
            year: plan.year,
        },
        unit: Sender::of(unit),
        period,
        data: SentData {
            figures,
            tasks,
            assessments,
            surveys,
            removed,
        },
        members,
        checksum: String::new(),
    }
}

/// What the unit cleared that a file for `period` tells of: figures of the period's months,
/// assessments withdrawn, rounds of the period's months removed, and rows cleared in the rounds
/// the file sends. A thing that holds a value again is sent as that value, never as removed.
fn removals(
    data: &Dataset,
    work: &crate::core::data::dataset::PlanWork,
    unit: &Unit,
    period: Period,
    figures: &Map<YearMonth, Map<String, u64>>,
    surveys: &[SentRound],
) -> SentRemovals {
    let figures = data
        .cleared
        .get(&unit.id)
        .map(|months| {
            months
                .iter()
                .filter(|(m, _)| period.months.contains(**m))
                .map(|(m, fields)| {
                    let set = figures.get(m);
                    let gone: Map<String, Millis> = fields
                        .iter()
                        .filter(|(f, _)| set.is_none_or(|s| !s.contains_key(f.as_str())))
                        .map(|(f, r)| (f.clone(), r.0))
                        .collect();
                    (*m, gone)
                })
                .filter(|(_, f)| !f.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let assessments = work
        .removed
        .assessments
        .get(&unit.id)
        .map(|a| {
            a.iter()
                .filter(|(n, _)| {
                    work.assessments
                        .get(&unit.id)
                        .is_none_or(|s| !s.contains_key(n.as_str()))
                })
                .map(|(n, r)| (n.clone(), r.0))
                .collect()
        })
        .unwrap_or_default();
    let rounds = work
        .removed
        .rounds
        .iter()
        .filter(|(id, r)| {
            r.unit == unit.id
                && period.months.contains(r.month)
                && !work.surveys.contains_key(id.as_str())
        })
        .map(|(id, r)| {
            (
                id.clone(),
                SentRemovedRound {
                    month: r.month,
                    at: r.at,
                },
            )
        })
        .collect();
    let tallies = surveys
        .iter()
        .filter_map(|r| {
            let gone: Map<String, Millis> = work
                .removed
                .tallies
                .get(&r.id)?
                .iter()
                .filter(|(c, _)| !r.tallies.contains_key(c.as_str()))
                .map(|(c, t)| (c.clone(), t.0))
                .collect();
            (!gone.is_empty()).then(|| (r.id.clone(), gone))
        })
        .collect();
    SentRemovals {
        figures,
        assessments,
        surveys: rounds,
        tallies,
    }
}

/// The revision the unit's next file for the period `key` ("q1" … "year", "all") gets under
/// the plan whose work this is: one more than the last one made.
pub fn next_revision(work: &crate::core::data::dataset::PlanWork, key: &str) -> u32 {
    work.sent.get(key).map_or(1, |s| s.v.saturating_add(1))
}

/// When the unit's next file is made: the clock, but never at or before a file the unit made
/// under this plan before. A school PC's clock that falls back (a reset clock, a flat battery)
/// would otherwise stamp a correction earlier than the file it corrects, and the office, which
/// orders a unit's values by when their files were made, would keep the older value. So a
/// unit's files are stamped in the order they are made, and that order is their revisions'.
pub fn made_at(work: &crate::core::data::dataset::PlanWork, clock: Millis) -> Millis {
    let last = work.sent.values().map(|s| s.t).max();
    last.map_or(clock, |t| clock.max(t.saturating_add(1)))
}

/// Whether the unit sent `period` (at a school, from what it exported): a file for that report,
/// or a file of "everything so far" made after the report's months ended.
pub fn sent_for(
    work: &crate::core::data::dataset::PlanWork,
    period: &crate::core::base::period::ReportingPeriod,
) -> bool {
    if work.sent.contains_key(period.kind.slug()) {
        return true;
    }
    let after = crate::core::base::period::day_start_millis(period.window.to.next().first_day());
    work.sent.get("all").is_some_and(|s| s.t >= after)
}

/// The file's text, with its checksum.
pub fn to_file(s: &Submission) -> String {
    let text = serde_json::to_string(s).unwrap_or_default();
    let mut value: Value = crate::core::base::json::from_str(&text).unwrap_or(Value::Null);
    // Our files hold integers only, each with its canonical form; a document without one is
    // never sealed (the school's own check of the file then refuses it).
    let sum = checksum::of_document(&value).unwrap_or_default();
    if let Value::Object(map) = &mut value {
        map.insert("checksum".into(), Value::String(sum));
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// "cchc-TH07-quy-1-2024-04-01.json": what the file is, for the office's inbox.
pub fn file_name(s: &Submission, date_iso: &str) -> String {
    let who = if s.unit.code.trim().is_empty() {
        &s.unit.name
    } else {
        &s.unit.code
    };
    let who = crate::core::base::format::slug(who);
    let who = if who.is_empty() { "truong".into() } else { who };
    format!(
        "cchc-{who}-{}-{}-r{}-{date_iso}.json",
        s.plan.year,
        s.period.key(),
        s.revision
    )
}

/// A file that could not be read, or that breaks a rule: every problem found, located.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProblems {
    pub file: String,
    pub problems: Vec<Located>,
}

/// Reads and checks a submission file. `plan_of` gives the plans the office holds by id.
///
/// A well-formed file — every file the app writes — is read in two passes over its text: one
/// strict pass for the checksum ([`checksum::of_text`]) and one typed. Any other file is read
/// by [`read_diagnosing`], which builds the JSON tree to say where each problem is; both give
/// the same answer (the fuzzer holds them to it).
pub fn read<'p>(
    file: &str,
    bytes: &[u8],
    plan_of: impl Fn(&str) -> Option<&'p Plan>,
) -> Result<Submission, FileProblems> {
    read_with(file, bytes, plan_of, true)
}

/// [`read`] that always builds the JSON tree: the reference the quick path is held to.
pub fn read_diagnosing<'p>(
    file: &str,
    bytes: &[u8],
    plan_of: impl Fn(&str) -> Option<&'p Plan>,
) -> Result<Submission, FileProblems> {
    read_with(file, bytes, plan_of, false)
}

fn read_with<'p>(
    file: &str,
    bytes: &[u8],
    plan_of: impl Fn(&str) -> Option<&'p Plan>,
    quick: bool,
) -> Result<Submission, FileProblems> {
    let fail = |problems: Vec<Located>| FileProblems {
        file: file.to_string(),
        problems,
    };
    let one = |e: FieldError| fail(vec![Located::new("", e)]);
    if bytes.len() > MAX_SUBMISSION_BYTES {
        return Err(one(FieldError::FileTooLarge {
            max_mb: (MAX_SUBMISSION_BYTES / (1024 * 1024)) as u32,
        }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A file as this app writes it is read at once: the quick reading checks the UTF-8 of what
    // it keeps. Anything else is checked step by step, each problem located.
    if let Some((sub, mut problems)) = quick.then(|| written_by_us(bytes)).flatten() {
        check_meaning(&sub, &plan_of, &mut problems);
        return if problems.is_empty() {
            Ok(sub)
        } else {
            Err(fail(problems))
        };
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        one(FieldError::NotUtf8 {
            byte: e.valid_up_to(),
        })
    })?;
    if text.trim().is_empty() {
        return Err(one(FieldError::Empty));
    }
    let quickly = if quick { well_formed(text) } else { None };
    let (sub, mut problems) = match quickly {
        Some(read) => read,
        None => diagnose(text).map_err(fail)?,
    };
    check_meaning(&sub, &plan_of, &mut problems);
    if problems.is_empty() {
        Ok(sub)
    } else {
        Err(fail(problems))
    }
}

/// The quickest reading, of a file as this app writes it (canonical but for whitespace: see
/// [`checksum::quick_check_stripped`]): checked without a second reading (a third of the time),
/// and read from its text without whitespace (half the bytes), which has the same value — by the
/// written-out reader of this format ([`crate::core::exchange::quick_read`], twice as fast), or by serde where
/// that one does not answer. `None` for anything else, which [`well_formed`] then reads.
fn written_by_us(bytes: &[u8]) -> Option<(Submission, Vec<Located>)> {
    let (sum, stripped) = checksum::quick_check_stripped(bytes)?;
    let mut sub = match crate::core::exchange::quick_read::submission(&stripped) {
        Some(sub) => sub,
        None => crate::core::base::json::from_str(&stripped).ok()?,
    };
    sub.checksum = sum.clone();
    accepted(sum, sub)
}

/// The quick reading of a well-formed file: strict JSON, our format at a version this app reads,
/// every count in range and the checksum present. `None` for anything else, which
/// [`diagnose`] then reads. A wrong checksum is a problem, not a reason to stop.
fn well_formed(text: &str) -> Option<(Submission, Vec<Located>)> {
    let sum = checksum::of_text(text).ok()?;
    accepted(sum, crate::core::base::json::from_str(text).ok()?)
}

/// A file read typed, with `sum` the digest of its text: kept when it is our format at a
/// version this app reads, every count in range and the checksum present; its checksum
/// compared.
fn accepted(sum: String, sub: Submission) -> Option<(Submission, Vec<Located>)> {
    let header =
        sub.format == SUBMISSION_FORMAT && (1..=SUBMISSION_VERSION).contains(&sub.schema_version);
    let counts = counts_in_range(&sub.data) && sub.members.iter().all(|m| counts_in_range(&m.data));
    if !header || sub.checksum.is_empty() || !counts {
        return None;
    }
    let problems = if sub.checksum == sum {
        Vec::new()
    } else {
        vec![Located::new("checksum", FieldError::Checksum)]
    };
    Some((sub, problems))
}

/// Whether every count is at most `MAX_COUNT` (what [`check_counts`] asks of the tree, for a
/// file already read typed).
fn counts_in_range(d: &SentData) -> bool {
    let ok = |n: &u64| *n <= MAX_COUNT;
    d.figures.values().all(|fields| fields.values().all(ok))
        && d.surveys.iter().all(|r| {
            r.distributed.iter().chain(&r.population).all(ok)
                && ok(&r.returned)
                && r.tallies
                    .values()
                    .all(|t| t.n.iter().all(ok) && ok(&t.blank))
        })
}

/// Reads a file through its JSON tree, locating every problem of form: the header first (a
/// foreign or newer file is refused before anything else is tried), then the checksum and every
/// count, then the typed reading. The problems returned beside the file are the checksum's.
fn diagnose(text: &str) -> Result<(Submission, Vec<Located>), Vec<Located>> {
    let value = parse_strict(text).map_err(|e| vec![e])?;
    let Value::Object(map) = &value else {
        return Err(vec![Located::new(
            "",
            FieldError::WrongFormat(json_type(&value).into()),
        )]);
    };
    check_header(&value, SUBMISSION_FORMAT, SUBMISSION_VERSION).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    match map.get("checksum") {
        Some(Value::String(c)) if Some(c) == checksum::of_document(&value).as_ref() => {}
        Some(Value::String(_)) => problems.push(Located::new("checksum", FieldError::Checksum)),
        _ => problems.push(Located::new("checksum", FieldError::Missing)),
    }
    check_counts(&value, &mut problems);
    if problems.iter().any(|p| p.path != "checksum") {
        // Values that are not counts cannot be read into the typed form: report them all now.
        return Err(problems);
    }
    // Typed reading from the text (the same code path as every other file, rather than a second
    // copy of every deserializer for `Value` input: bytes matter in the wasm).
    drop(value);
    match crate::core::base::json::from_str(text) {
        Ok(sub) => Ok((sub, problems)),
        Err(e) => {
            problems.push(Located::new("", FieldError::Invalid(e.to_string())));
            Err(problems)
        }
    }
}

/// Who a file says it is from and for which report, read as leniently as can be from a file
/// that was refused, so that the record of the refusal names the school. Names that could
/// carry markup are left out.
pub fn sender_of(bytes: &[u8]) -> Option<(Sender, Option<ReportKind>)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > MAX_SUBMISSION_BYTES {
        return None;
    }
    let doc: Value = crate::core::base::json::from_str(std::str::from_utf8(bytes).ok()?).ok()?;
    let unit = doc.get("unit")?;
    let text = |k: &str| unit.get(k).and_then(Value::as_str).filter(|s| safe_text(s));
    let sender = Sender {
        id: text("id")?.to_string(),
        kind: UnitKind::School,
        name: text("name").unwrap_or_default().to_string(),
        level: None,
        code: text("code").unwrap_or_default().to_string(),
    };
    let report = doc
        .get("period")
        .and_then(|p| p.get("report"))
        .and_then(Value::as_str)
        .and_then(ReportKind::from_slug);
    Some((sender, report))
}

/// The typed header of our file formats: the format named, and a version this app reads
/// (a newer one is refused: "tệp được tạo bởi phiên bản mới hơn").
pub fn check_header(doc: &Value, format: &str, supported: u32) -> Result<(), Located> {
    match doc.get("format") {
        Some(Value::String(f)) if f == format => {}
        Some(Value::String(f)) => {
            return Err(Located::new("format", FieldError::WrongFormat(f.clone())))
        }
        _ => return Err(Located::new("format", FieldError::Missing)),
    }
    match doc.get("schema_version").and_then(Value::as_u64) {
        Some(v) if v > u64::from(supported) => Err(Located::new(
            "schema_version",
            FieldError::NewerVersion {
                found: v.min(u64::from(u32::MAX)) as u32,
                supported,
            },
        )),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(Located::new("schema_version", FieldError::OutOfRange)),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every count in the file must be a whole number from 0 to `MAX_COUNT`: figures, tally cells and
/// the round's form counts. Each bad value is reported at its path.
fn check_counts(doc: &Value, problems: &mut Vec<Located>) {
    check_counts_of(doc.get("data"), "data", problems);
    if let Some(Value::Array(members)) = doc.get("members") {
        for (i, m) in members.iter().enumerate() {
            check_counts_of(m.get("data"), &format!("members[{i}].data"), problems);
        }
    }
}

/// [`check_counts`] over one unit's `data`, its paths under `at`.
fn check_counts_of(data: Option<&Value>, at: &str, problems: &mut Vec<Located>) {
    let mut check = |path: String, v: &Value| {
        let ok = v.as_u64().is_some_and(|n| n <= MAX_COUNT);
        if !ok {
            problems.push(Located::new(path, FieldError::NotACount));
        }
    };
    if let Some(Value::Object(months)) = data.and_then(|d| d.get("figures")) {
        for (m, fields) in months {
            if let Value::Object(fields) = fields {
                for (f, v) in fields {
                    check(format!("{at}.figures.{m}.{f}"), v);
                }
            }
        }
    }
    if let Some(Value::Array(rounds)) = data.and_then(|d| d.get("surveys")) {
        for (i, r) in rounds.iter().enumerate() {
            for key in ["distributed", "returned", "population"] {
                if let Some(v) = r.get(key).filter(|v| !v.is_null()) {
                    check(format!("{at}.surveys[{i}].{key}"), v);
                }
            }
            if let Some(Value::Object(tallies)) = r.get("tallies") {
                for (c, t) in tallies {
                    if let Some(Value::Array(n)) = t.get("n") {
                        for (k, v) in n.iter().enumerate() {
                            check(format!("{at}.surveys[{i}].tallies.{c}.n[{k}]"), v);
                        }
                    }
                    if let Some(v) = t.get("blank") {
                        check(format!("{at}.surveys[{i}].tallies.{c}.blank"), v);
                    }
                }
            }
        }
    }
}

/// Text that will be shown to the office must not carry markup or control characters.
fn safe_text(s: &str) -> bool {
    !s.chars().any(|c| c == '<' || c == '>' || c.is_control())
}

/// The rules a well-formed file must still meet: the plan is one the office holds, the unit is a
/// school (or, version 3, an office with its schools) with a usable name, months lie within the
/// period and the plan's year, fields, tasks and targets exist in the plan, parts are not above
/// their wholes, and tally rows add up — for the sender's own data and each member's alike.
fn check_meaning<'p>(
    s: &Submission,
    plan_of: &impl Fn(&str) -> Option<&'p Plan>,
    problems: &mut Vec<Located>,
) {
    let mut push = |path: String, e: FieldError| problems.push(Located::new(path, e));
    check_sender(s, &mut push);
    check_members(s, &mut push);
    let Some(plan) = plan_of(&s.plan.id).filter(|p| p.year == s.plan.year) else {
        push(
            "plan.id".into(),
            FieldError::OtherPlan(format!("{} ({})", s.plan.id, s.plan.year)),
        );
        return;
    };
    let year = plan.year;
    let months = s.period.months;
    if months.from.year() != year || months.to.year() != year {
        push("period.months".into(), FieldError::OutOfRange);
    }
    // The plan's fields by id, for the file's every value (a district's batch holds 50 000).
    let mut by_id: Vec<&Field> = plan.measures.fields.iter().collect();
    crate::core::base::sorting::sort_by(&mut by_id, |a, b| a.id.cmp(&b.id));
    let field = |id: &str| {
        by_id
            .binary_search_by(|f| f.id.as_str().cmp(id))
            .ok()
            .map(|i| by_id[i])
    };
    let own = Part {
        version: s.schema_version,
        months,
        kind: s.unit.kind,
        data: &s.data,
    };
    check_part(&own, plan, &field, &mut push);
    for (i, m) in s.members.iter().enumerate() {
        let member = Part {
            version: s.schema_version,
            months,
            kind: m.unit.kind,
            data: &m.data,
        };
        let mut at = |path: String, e: FieldError| push(format!("members[{i}].{path}"), e);
        check_part(&member, plan, &field, &mut at);
    }
}

/// One unit's part of a file: the sender's own data, or a member's (version 3).
struct Part<'a> {
    version: u32,
    months: MonthRange,
    /// Which fields the unit may report: a school's, or an office's own.
    kind: UnitKind,
    data: &'a SentData,
}

fn check_part<'f>(
    p: &Part<'_>,
    plan: &Plan,
    field: &impl Fn(&str) -> Option<&'f Field>,
    push: &mut impl FnMut(String, FieldError),
) {
    check_figures(p, field, push);
    check_parts_above_wholes(p, plan, push);
    check_plan_numbers(p, plan, push);
    check_surveys(p, push);
    check_removals(p, plan, field, push);
}

/// The sender: an id and a name, names without markup, a revision from 1; a school, or (version
/// 3) an office.
fn check_sender(s: &Submission, push: &mut impl FnMut(String, FieldError)) {
    check_unit(&s.unit, "unit", push);
    match s.unit.kind {
        UnitKind::School => {}
        UnitKind::Office if s.schema_version >= 3 => {}
        // Before version 3 no file named a kind.
        UnitKind::Office => push("unit.kind".into(), FieldError::UnknownRef("kind".into())),
        UnitKind::Above => push(
            "unit.kind".into(),
            FieldError::OtherLevel(s.unit.kind.slug().into()),
        ),
    }
    if s.revision == 0 {
        push("revision".into(), FieldError::OutOfRange);
    }
}

/// A unit named in a file: an id and a name, names without markup.
fn check_unit(u: &Sender, at: &str, push: &mut impl FnMut(String, FieldError)) {
    if u.id.trim().is_empty() {
        push(format!("{at}.id"), FieldError::Missing);
    }
    if u.name.trim().is_empty() {
        push(format!("{at}.name"), FieldError::Missing);
    }
    for (path, text) in [("name", &u.name), ("code", &u.code)] {
        if !safe_text(text) {
            push(format!("{at}.{path}"), FieldError::UnsafeText);
        }
    }
}

/// The members of an office's file (version 3): only an office sends them, each a school named
/// once, none the office itself.
fn check_members(s: &Submission, push: &mut impl FnMut(String, FieldError)) {
    if s.members.is_empty() {
        return;
    }
    if s.unit.kind != UnitKind::Office || s.schema_version < 3 {
        push("members".into(), FieldError::UnknownRef("members".into()));
        return;
    }
    let mut ids: Vec<&str> = vec![s.unit.id.as_str()];
    for (i, m) in s.members.iter().enumerate() {
        let at = format!("members[{i}].unit");
        check_unit(&m.unit, &at, push);
        if m.unit.kind != UnitKind::School {
            push(
                format!("{at}.kind"),
                FieldError::OtherLevel(m.unit.kind.slug().into()),
            );
        }
        if ids.contains(&m.unit.id.as_str()) {
            push(format!("{at}.id"), FieldError::Duplicate(m.unit.id.clone()));
        }
        ids.push(&m.unit.id);
    }
}

/// Each figure: a month of the period, a field the unit's kind reports, a flag 0 or 1.
fn check_figures<'f>(
    s: &Part<'_>,
    field: &impl Fn(&str) -> Option<&'f Field>,
    push: &mut impl FnMut(String, FieldError),
) {
    let months = s.months;
    for (m, fields) in &s.data.figures {
        if !months.contains(*m) {
            push(format!("data.figures.{m}"), FieldError::OutOfRange);
        }
        for (f, v) in fields {
            // The path is written only for a problem.
            let path = || format!("data.figures.{m}.{f}");
            match field(f) {
                None => push(path(), FieldError::UnknownRef(f.clone())),
                Some(field) if !field.reporters.contains(&s.kind) => {
                    push(path(), FieldError::UnknownRef(f.clone()))
                }
                Some(field) if field.kind == FieldKind::Flag && *v > 1 => {
                    push(path(), FieldError::OutOfRange)
                }
                Some(_) => {}
            }
        }
    }
}

/// Parts above wholes, read as the app reads them (stocks carried), strict relations only.
fn check_parts_above_wholes(s: &Part<'_>, plan: &Plan, push: &mut impl FnMut(String, FieldError)) {
    let sender = "gui";
    let mut alone = Dataset::default();
    // The file's maps are in key order: taken over as they are, without a search per value.
    let stamped = |fields: &Map<String, u64>| {
        fields
            .iter()
            .map(|(f, v)| (f.clone(), Stamped { v: *v, t: 0 }))
            .collect()
    };
    alone.figures.insert(
        sender.to_string(),
        s.data
            .figures
            .iter()
            .map(|(m, fields)| (*m, stamped(fields)))
            .collect(),
    );
    let file_months: Vec<YearMonth> = s.data.figures.keys().copied().collect();
    for v in entry::violations(plan, &alone, sender, &file_months, &[]) {
        let strict = plan.measures.constraints.iter().any(|c| {
            c.strict
                && c.part.len() == v.part.len()
                && v.part.iter().all(|(f, _)| c.part.contains(f))
                && v.whole.iter().all(|(f, _)| c.whole.contains(f))
        });
        if !strict {
            continue;
        }
        let (Some((part_field, part)), Some((whole_field, _))) = (v.part.first(), v.whole.first())
        else {
            continue;
        };
        push(
            format!("data.figures.{}.{part_field}", part.month),
            FieldError::AboveWhole(Box::new(PartsAbove {
                part: v.part.iter().map(|(f, _)| f.clone()).collect(),
                whole: v.whole.iter().map(|(f, _)| f.clone()).collect(),
                part_sum: v.part.iter().map(|(_, x)| x.value).sum(),
                whole_sum: v.whole.iter().map(|(_, x)| x.value).sum(),
                at: v.at.to_string(),
            })),
        );
        let _ = whole_field;
    }
}

/// Every task and assessment names one of the plan's: each of the plan's numbers is looked
/// up in the file's (sorted) map and marks what it finds; what is left unmarked is unknown.
/// (Sorting the plan's numbers for each file cost more than the looking up.)
fn unknown<'a, V>(
    sent: &'a Map<String, V>,
    numbers: impl Iterator<Item = &'a str>,
) -> Vec<&'a String> {
    let mut known = vec![false; sent.len()];
    for n in numbers {
        if let Some(k) = sent.rank(n) {
            known[k] = true;
        }
    }
    sent.keys()
        .zip(known)
        .filter(|(_, k)| !k)
        .map(|(n, _)| n)
        .collect()
}

/// Every task and assessment names one of the plan's.
fn check_plan_numbers(s: &Part<'_>, plan: &Plan, push: &mut impl FnMut(String, FieldError)) {
    for n in unknown(&s.data.tasks, plan.tasks().map(|(_, t)| t.number.as_str())) {
        push(format!("data.tasks.{n}"), FieldError::UnknownRef(n.clone()));
    }
    let targets = plan.leaf_targets();
    for n in unknown(
        &s.data.assessments,
        targets.iter().map(|t| t.number.as_str()),
    ) {
        push(
            format!("data.assessments.{n}"),
            FieldError::UnknownRef(n.clone()),
        );
    }
}

/// Survey rounds: each once, in the period, no more forms returned than handed out, tallies of
/// the round's criteria, visible rows adding up to the forms returned.
fn check_surveys(s: &Part<'_>, push: &mut impl FnMut(String, FieldError)) {
    let months = s.months;
    let mut seen = Vec::new();
    for (i, r) in s.data.surveys.iter().enumerate() {
        if seen.contains(&&r.id) {
            push(
                format!("data.surveys[{i}].id"),
                FieldError::Duplicate(r.id.clone()),
            );
        }
        seen.push(&r.id);
        if !months.contains(r.month) {
            push(format!("data.surveys[{i}].month"), FieldError::OutOfRange);
        }
        if r.distributed.is_some_and(|d| r.returned > d) {
            push(
                format!("data.surveys[{i}].returned"),
                FieldError::AboveWhole(Box::new(PartsAbove {
                    part: vec!["returned".into()],
                    whole: vec!["distributed".into()],
                    part_sum: r.returned,
                    whole_sum: r.distributed.unwrap_or(0),
                    at: r.month.to_string(),
                })),
            );
        }
        // A tally may belong to any criterion of the round's form, hidden ones too: hiding
        // keeps the tallies (they drop out of the results on both sides). Only visible rows are
        // held to the forms returned: a hidden row is out of the school's grid, where it could
        // not be mended.
        let strangers = unknown(&r.tallies, r.questionnaire.all_ids());
        let visible = r.questionnaire.visible();
        for (c, t) in &r.tallies {
            let path = || format!("data.surveys[{i}].tallies.{c}");
            let shown = || visible.iter().any(|(_, v)| v.id == *c);
            if strangers.contains(&c) {
                push(path(), FieldError::UnknownRef(c.clone()));
            } else if !t.is_empty() && shown() && row_difference(t, r.returned) != 0 {
                push(
                    path(),
                    FieldError::RowSum {
                        counted: t.total(),
                        returned: r.returned,
                    },
                );
            }
        }
    }
}

/// The removals a file tells of (version 2) must name what a value could: fields a school
/// reports, months of the period, the plan's targets, rounds of the period, criteria of a round
/// the file sends — and never something the same file also sets.
fn check_removals<'f>(
    s: &Part<'_>,
    plan: &Plan,
    field: &impl Fn(&str) -> Option<&'f Field>,
    push: &mut impl FnMut(String, FieldError),
) {
    let r = &s.data.removed;
    if r.is_empty() {
        return;
    }
    if s.version < 2 {
        push(
            "data.removed".into(),
            FieldError::UnknownRef("removed".into()),
        );
        return;
    }
    let months = s.months;
    for (m, fields) in &r.figures {
        if !months.contains(*m) {
            push(format!("data.removed.figures.{m}"), FieldError::OutOfRange);
        }
        for f in fields.keys() {
            let path = || format!("data.removed.figures.{m}.{f}");
            match field(f) {
                Some(x) if x.reporters.contains(&s.kind) => {}
                _ => push(path(), FieldError::UnknownRef(f.clone())),
            }
            if s.data
                .figures
                .get(m)
                .is_some_and(|set| set.contains_key(f.as_str()))
            {
                push(path(), FieldError::Duplicate(f.clone()));
            }
        }
    }
    let targets = plan.leaf_targets();
    for n in r.assessments.keys() {
        let path = || format!("data.removed.assessments.{n}");
        if !targets.iter().any(|t| t.number == *n) {
            push(path(), FieldError::UnknownRef(n.clone()));
        }
        if s.data.assessments.contains_key(n.as_str()) {
            push(path(), FieldError::Duplicate(n.clone()));
        }
    }
    for (id, gone) in &r.surveys {
        let path = || format!("data.removed.surveys.{id}");
        if !months.contains(gone.month) {
            push(path(), FieldError::OutOfRange);
        }
        if s.data.surveys.iter().any(|x| x.id == *id) {
            push(path(), FieldError::Duplicate(id.clone()));
        }
    }
    for (id, rows) in &r.tallies {
        let Some(round) = s.data.surveys.iter().find(|x| x.id == *id) else {
            push(
                format!("data.removed.tallies.{id}"),
                FieldError::UnknownRef(id.clone()),
            );
            continue;
        };
        for c in rows.keys() {
            let path = || format!("data.removed.tallies.{id}.{c}");
            if !round.questionnaire.all_ids().any(|x| x == c) {
                push(path(), FieldError::UnknownRef(c.clone()));
            }
            if round.tallies.contains_key(c.as_str()) {
                push(path(), FieldError::Duplicate(c.clone()));
            }
        }
    }
}

/// Parses JSON, refusing duplicate member names (the standard leaves them undefined and tools
/// disagree on which one wins) and nesting deeper than serde_json's limit of 128. The strict
/// reading is the canonical form's ([`checksum::canonical_of_text`]); the tree is then read as
/// usual, no name being left to differ.
pub fn parse_strict(text: &str) -> Result<Value, Located> {
    // Any number is taken here: each one that is not a count is then reported at its path.
    let strict =
        checksum::strict(text).and_then(|_| crate::core::base::json::from_str::<Value>(text));
    strict.map_err(|e| {
        let msg = e.to_string();
        let at = (e.line() > 0).then(|| (e.line(), e.column()));
        let error = if let Some(rest) = msg.strip_prefix("duplicate key ") {
            let key = rest
                .split(" at line")
                .next()
                .unwrap_or(rest)
                .trim_matches('`');
            FieldError::Duplicate(key.to_string())
        } else if msg.starts_with("recursion limit exceeded") {
            FieldError::TooDeep
        } else if msg.starts_with("number out of range") {
            FieldError::NotACount
        } else {
            return Located::from_json(&e);
        };
        Located {
            path: String::new(),
            at,
            error,
        }
    })
}

/// A task's progress at the office from what a school sent (the assignee kept from before).
pub fn task_progress(sent: SentTask, before: Option<&TaskProgress>, at: Millis) -> TaskProgress {
    TaskProgress {
        status: sent.status,
        assignee: before.map(|b| b.assignee.clone()).unwrap_or_default(),
        due: sent.due,
        evidence: sent.evidence,
        notes: sent.notes,
        changed_at: at,
    }
}

pub fn assessment(sent: SentAssessment, at: Millis) -> Assessment {
    Assessment {
        verdict: sent.verdict,
        note: sent.note,
        changed_at: at,
    }
}

/// The survey round at the office, under the office's id for the school (its tallies are
/// imported as values of their own).
pub fn round(sent: SentRound, unit: &str, at: Millis) -> SurveyRound {
    SurveyRound {
        id: sent.id,
        unit: unit.to_string(),
        name: sent.name,
        respondent: sent.respondent,
        month: sent.month,
        distributed: sent.distributed,
        returned: sent.returned,
        population: sent.population,
        questionnaire: sent.questionnaire,
        changed_at: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use crate::core::data::records::Verdict;
    use crate::core::data::survey::Tally;
    use crate::core::fixtures::{q1_to_march, school, school_data};

    fn plan() -> Plan {
        Plan::builtin()
    }

    /// A report counts as sent at the school when a file for it was made, or a file of
    /// "everything so far" made after its months ended.
    #[test]
    fn a_report_is_sent_by_its_own_file_or_a_later_file_of_everything() {
        let plan = plan();
        let periods = plan.reporting_periods(|_| None);
        let q1 = periods.iter().find(|p| p.kind == ReportKind::Q1).unwrap();
        let mut work = crate::core::data::dataset::PlanWork::default();
        assert!(!sent_for(&work, q1));
        // "Everything so far" made on 15/02/2024: before Quý I's months (January–February) ended.
        work.sent.insert(
            "all".into(),
            Stamped {
                v: 1,
                t: 1_707_955_200_000,
            },
        );
        assert!(!sent_for(&work, q1));
        // …and again on 05/03/2024.
        work.sent.insert(
            "all".into(),
            Stamped {
                v: 2,
                t: 1_709_596_800_000,
            },
        );
        assert!(sent_for(&work, q1));
        let mut work = crate::core::data::dataset::PlanWork::default();
        work.sent.insert("q1".into(), Stamped { v: 1, t: 0 });
        assert!(sent_for(&work, q1));
    }

    fn problems(text: &str) -> Vec<Located> {
        let p = plan();
        read("f.json", text.as_bytes(), |id| (id == p.id).then_some(&p))
            .err()
            .map(|e| e.problems)
            .unwrap_or_default()
    }

    #[test]
    fn a_file_reads_back_exactly_and_carries_no_names_of_people() {
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let d = school_data(&u, 100);
        let s = build(&plan(), &d, &u, q1_to_march(), "s-1".into(), 3, 1_000);
        let text = to_file(&s);
        assert!(!text.contains("Cô Lan"));
        let p = plan();
        let back = read("f.json", text.as_bytes(), |_| Some(&p)).expect("reads back");
        assert_eq!(
            back,
            Submission {
                checksum: back.checksum.clone(),
                ..s.clone()
            }
        );
        assert_eq!(back.data, s.data);
        assert_eq!(
            back.checksum,
            checksum::of_document(&serde_json::from_str(&text).unwrap()).unwrap()
        );
        assert_eq!(
            file_name(&back, "2024-04-01"),
            "cchc-th07-2024-q1-r3-2024-04-01.json"
        );
    }

    #[test]
    fn an_edit_outside_the_app_is_detected() {
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let text = to_file(&build(
            &plan(),
            &school_data(&u, 1),
            &u,
            q1_to_march(),
            "s".into(),
            1,
            5,
        ));
        let edited = text.replacen("\"vb_tong\": 11", "\"vb_tong\": 12", 1);
        assert_ne!(edited, text);
        assert_eq!(
            problems(&edited),
            vec![Located::new("checksum", FieldError::Checksum)]
        );
    }

    #[test]
    fn every_problem_of_a_file_is_listed_at_once() {
        let u = school("u-b", "Trường TH <b>", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 1);
        d.set_figure(
            "u-b",
            YearMonth::new(2024, 2).unwrap(),
            "vb_dien_tu",
            Some(500),
            1,
        );
        let mut s = build(&plan(), &d, &u, q1_to_march(), "s".into(), 1, 5);
        s.data
            .tasks
            .insert("99.9".into(), s.data.tasks["1.2"].clone());
        s.data.assessments.insert(
            "0.0".into(),
            SentAssessment {
                verdict: Verdict::Met,
                note: String::new(),
            },
        );
        s.data.surveys[0]
            .tallies
            .insert("khong_co".into(), Tally::default());
        let text = to_file(&s);
        let paths: Vec<String> = problems(&text).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "unit.name",
                "data.figures.2024-02.vb_dien_tu",
                "data.tasks.99.9",
                "data.assessments.0.0",
                "data.surveys[0].tallies.khong_co"
            ]
        );
    }
}
