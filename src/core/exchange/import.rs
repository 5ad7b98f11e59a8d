//! Importing schools' submission files at the office: where each file's school lands, a preview of
//! every value (new / unchanged / changed / conflict), applying the accepted rows as one step, and
//! the submission matrix.
//!
//! Merging is a last-writer-wins join per value: each imported value is stamped with when its file
//! was made, and between two values for the same school and thing the one made later wins (equal
//! times: the larger value in canonical JSON, so that the choice never depends on order). Values
//! the office typed itself carry the time they were typed. Hence importing the same file twice
//! changes nothing, the order of files does not change the result, and a file made earlier (an
//! older revision) never replaces what a later one brought unless the user chooses it in the preview.

use crate::core::base::map::Map;

use serde::Serialize;

use crate::core::base::period::{ReportingPeriod, YearMonth};
use crate::core::data::dataset::{
    Dataset, MonthRemovals, PlanWork, Receipt, Refusal, Removal, RemovedRound,
};
use crate::core::data::records::{
    Assessment, Millis, MonthFigures, Stamped, TaskProgress, Unit, UnitId, Was,
};
use crate::core::data::survey::{SurveyRound, Tally};
use crate::core::exchange::submission::{
    self, Sender, SentAssessment, SentData, SentRound, SentTask, Submission,
};
use crate::core::plan::model::{Plan, UnitKind};

/// A file that passed every check, ready to preview — or one unit's part of an office's file to
/// the unit above, once [`expand`]ed.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub file: String,
    pub sub: Submission,
    /// For a school carried in an office's file: the index (in the expanded list) of the
    /// office's own part, whose landing is the school's office.
    pub within: Option<usize>,
}

impl Incoming {
    pub fn new(file: String, sub: Submission) -> Incoming {
        Incoming {
            file,
            sub,
            within: None,
        }
    }
}

/// Reads a file for the user's unit: against the plan it names when the user holds that plan,
/// else — at the unit above — against the plan in use, and then lands under it. **Decision:**
/// each office makes its own plan (`plan::file::plan_for_unit`) from a common template, so the
/// unit above never holds the plan an office's file names; it sums what its own plan measures,
/// so the file is read against that plan (same year; every field, task and target it names
/// must be in it, or the file is refused at that place) and its values are kept under it.
pub fn read_for<'p>(
    data: &Dataset,
    in_use: &'p Plan,
    held: impl Fn(&str) -> Option<&'p Plan>,
    file: &str,
    bytes: &[u8],
) -> Result<Submission, submission::FileProblems> {
    let above = data.me().is_some_and(|u| u.kind == UnitKind::Above);
    let mut sub = submission::read(file, bytes, |id| {
        held(id).or_else(|| above.then_some(in_use))
    })?;
    if above && held(&sub.plan.id).is_none() {
        sub.plan.id = in_use.id.clone();
    }
    Ok(sub)
}

/// Turns each office's file (version 3) into one file per unit: the office's own data, then each
/// of its schools as if the school had sent its part itself — the same header, made at the same
/// moment, so that the preview, conflicts, undo, receipts and the matrix serve the unit above
/// as they serve an office. A school's part is keyed by the file's checksum and its id, so the
/// same file twice still brings nothing more.
pub fn expand(files: Vec<Incoming>) -> Vec<Incoming> {
    let mut out = Vec::with_capacity(files.len());
    for mut f in files {
        let members = std::mem::take(&mut f.sub.members);
        let at = out.len();
        let header = Submission {
            data: SentData::default(),
            ..f.sub.clone()
        };
        let file = f.file.clone();
        out.push(f);
        for m in members {
            let checksum = format!("{}#{}", header.checksum, m.unit.id);
            out.push(Incoming {
                file: file.clone(),
                sub: Submission {
                    unit: m.unit,
                    data: m.data,
                    checksum,
                    ..header.clone()
                },
                within: Some(at),
            });
        }
    }
    out
}

/// Where a file's school lands at the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// A school the office knows by this id (directly or through an earlier mapping).
    Known(UnitId),
    /// Mapped onto an existing school, chosen by the office (or suggested by code, then by name).
    MapTo(UnitId),
    /// Added as a new school, keeping the file's id.
    AddNew,
}

impl Landing {
    /// The office's id of the school the file's data lands on.
    pub fn unit<'a>(&'a self, sender: &'a Sender) -> &'a str {
        match self {
            Landing::Known(id) | Landing::MapTo(id) => id,
            Landing::AddNew => &sender.id,
        }
    }
}

/// The unit held for a sender's id, if known: the same id (of the sender's kind), or an id
/// mapped before.
pub fn known(data: &Dataset, sender: &Sender) -> Option<UnitId> {
    if data.unit(&sender.id).is_some_and(|u| u.kind == sender.kind) {
        return Some(sender.id.clone());
    }
    data.aliases
        .get(&sender.id)
        .filter(|to| data.unit(&to.v).is_some())
        .map(|to| to.v.clone())
}

/// A file from a unit that does not send to the user's unit (a school's file at the unit above,
/// an office's at an office) is refused at `unit.kind`; a file whose sender id is the user's own
/// unit, or a held unit of another kind, would land on data that is not the sender's: refused
/// at `unit.id`. Both before the preview.
pub fn check_sender(data: &Dataset, sub: &Submission) -> Option<crate::core::base::error::Located> {
    use crate::core::base::error::{FieldError, Located};
    let expected = data
        .me()
        .and_then(|me| crate::core::data::tree::member_kind(me.kind));
    if expected.is_some_and(|k| k != sub.unit.kind) {
        return Some(Located::new(
            "unit.kind",
            FieldError::OtherLevel(sub.unit.kind.slug().into()),
        ));
    }
    let mine = |u: &Sender| {
        data.me().is_some_and(|me| me.id == u.id)
            || data.unit(&u.id).is_some_and(|held| held.kind != u.kind)
    };
    let clash = std::iter::once(&sub.unit)
        .chain(sub.members.iter().map(|m| &m.unit))
        .position(mine);
    clash.map(|i| {
        let (path, id) = match i {
            0 => ("unit.id".to_string(), &sub.unit.id),
            i => (
                format!("members[{}].unit.id", i - 1),
                &sub.members[i - 1].unit.id,
            ),
        };
        Located::new(path, FieldError::Duplicate(id.clone()))
    })
}

fn loose(s: &str) -> String {
    crate::core::base::format::slug(s)
}

/// Where a file's unit should land by default: known, else a unit of its kind with the same
/// code, else with the same name (ignoring case and marks), else a new unit.
pub fn suggest(data: &Dataset, sender: &Sender) -> Landing {
    let kin: Vec<&Unit> = data
        .units
        .values()
        .filter(|u| u.kind == sender.kind)
        .collect();
    suggest_among(data, sender, &kin)
}

/// Where each file of an expanded batch lands by default: as [`suggest`] says, except that a
/// school carried in an office's file is matched by code or name only among the schools of the
/// unit its office lands on (two wards may well each have a "Trường Tiểu học Nguyễn Trãi").
pub fn suggest_all(data: &Dataset, files: &[Incoming]) -> Vec<Landing> {
    let mut out: Vec<Landing> = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let landing = match f.within {
            Some(_) => suggest_among(data, &f.sub.unit, &candidates(data, files, &out, i)),
            None => suggest(data, &f.sub.unit),
        };
        out.push(landing);
    }
    out
}

/// The held units file `i`'s unit may land on: units of its kind — for a school carried in an
/// office's file, only the schools under the unit that office lands on (`landings` must say
/// where the files before `i` land).
pub fn candidates<'a>(
    data: &'a Dataset,
    files: &[Incoming],
    landings: &[Landing],
    i: usize,
) -> Vec<&'a Unit> {
    let Some(f) = files.get(i) else {
        return Vec::new();
    };
    let mut kin: Vec<&Unit> = match f.within {
        Some(o) => {
            let office = files
                .get(o)
                .map(|of| landed(landings, o, of).to_string())
                .unwrap_or_default();
            crate::core::data::tree::children(data, &office)
        }
        None => data.units.values().collect(),
    };
    kin.retain(|u| u.kind == f.sub.unit.kind);
    crate::core::data::tree::sort_units(&mut kin);
    kin
}

fn suggest_among(data: &Dataset, sender: &Sender, schools: &[&Unit]) -> Landing {
    if let Some(id) = known(data, sender) {
        return Landing::Known(id);
    }
    let code = sender.code.trim();
    let by_code = (!code.is_empty())
        .then(|| {
            schools
                .iter()
                .find(|u| u.kind == sender.kind && u.code.trim().eq_ignore_ascii_case(code))
        })
        .flatten();
    let name = loose(&sender.name);
    let by_name = || {
        schools
            .iter()
            .find(|u| u.kind == sender.kind && loose(&u.name) == name)
    };
    match by_code.or_else(by_name) {
        Some(u) => Landing::MapTo(u.id.clone()),
        None => Landing::AddNew,
    }
}

/// One thing a file sets for its school.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    Figure { month: YearMonth, field: String },
    Task(String),
    Assessment(String),
    Round(String),
    Tally { round: String, criterion: String },
}

/// A value as the preview shows and compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Val {
    Count(u64),
    Task(SentTask),
    Assessment(SentAssessment),
    /// The round without its tallies (they are rows of their own).
    Round(Box<SentRound>),
    Tally(Tally),
    /// Cleared: the file tells that the school removed this (a figure, an assessment, a round
    /// with its tallies, a tally row). Stored at the office as a removal, stamped as a value
    /// would be, so that an older file's value does not bring it back.
    Cleared,
}

/// Orders two stamped values: by stamp, then (equal stamps: two files made in the same
/// millisecond by a frozen clock) by the revision of the file that brought each (0 for a value
/// typed here), then by the value's JSON, so that ties are broken the same way everywhere. The
/// JSON is written only for a tie.
fn newer(a: (Millis, u32, &Val), b: (Millis, u32, &Val)) -> std::cmp::Ordering {
    (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
        if a.2 == b.2 {
            std::cmp::Ordering::Equal
        } else {
            let json = |v: &Val| serde_json::to_string(v).unwrap_or_default();
            json(a.2).cmp(&json(b.2))
        }
    })
}

/// What a row does to the stored data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    New,
    Unchanged,
    /// Replaces this stored value.
    Changed(Box<Val>),
    /// The stored value was set later than this file was made (an older revision, or an edit
    /// at the office): not applied unless chosen.
    StoredNewer(Box<Val>),
    /// Another file of this batch, made later, sets another value: not applied unless chosen.
    Superseded {
        by: usize,
    },
    /// The office corrected this value by hand (to the value held here), and the file still
    /// carries what the school sent before: the school did not change it, so the correction is
    /// kept unless the user chooses the file's value.
    Corrected(Box<Val>),
}

impl Change {
    /// Whether the row is applied unless the user decides otherwise.
    pub fn accepted_by_default(&self) -> bool {
        matches!(self, Change::New | Change::Changed(_) | Change::Unchanged)
    }

    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Change::StoredNewer(_) | Change::Superseded { .. } | Change::Corrected(_)
        )
    }
}

/// One value one file of a batch sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub file: usize,
    pub what: What,
    pub value: Val,
}

impl Row {
    pub fn key(&self) -> (usize, What) {
        (self.file, self.what.clone())
    }
}

/// How a file of the batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Brings something new or changed.
    Fresh,
    /// The same file (same checksum) appears earlier in this batch: it brings nothing more.
    DuplicateOf(usize),
    /// Imported before: it brings nothing more.
    AlreadyReceived,
}

/// A batch of files ready to preview: each file's header, and every value of every file moved
/// out of it once. The preview compares the values with the stored data as often as the data or
/// the landings change; [`apply`] moves the accepted ones into the data. A value is never copied
/// (a district's batch holds 20 000: copying them was a third of the merge's time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    /// The files, without their values (each `sub.data` is empty).
    pub files: Vec<Incoming>,
    /// The values of every file but one met earlier in the batch, a file's values together and
    /// the files in order.
    pub rows: Vec<Row>,
    /// Per file: the earlier file of the batch with the same checksum, if any.
    duplicate_of: Vec<Option<usize>>,
    /// Per file: how many figures, tasks, assessments and survey rounds it holds (its receipt).
    counts: Vec<[u32; 4]>,
    /// Per file: the months of the survey rounds it tells were removed (a removal row carries
    /// no month).
    removed_rounds: Vec<Map<String, YearMonth>>,
}

impl Batch {
    pub fn new(mut files: Vec<Incoming>) -> Batch {
        let duplicate_of = duplicates(&files);
        let counts = files.iter().map(|f| counts_of(&f.sub.data)).collect();
        let total = files
            .iter()
            .zip(&duplicate_of)
            .filter(|(_, d)| d.is_none())
            .map(|(f, _)| value_count(&f.sub.data))
            .sum();
        let mut rows = Vec::with_capacity(total);
        let mut removed_rounds = Vec::with_capacity(files.len());
        for (i, f) in files.iter_mut().enumerate() {
            let data = std::mem::take(&mut f.sub.data);
            removed_rounds.push(
                data.removed
                    .surveys
                    .iter()
                    .map(|(id, r)| (id.clone(), r.month))
                    .collect(),
            );
            if duplicate_of[i].is_none() {
                take_values(data, i, &mut rows);
            }
        }
        Batch {
            files,
            rows,
            duplicate_of,
            counts,
            removed_rounds,
        }
    }
}

/// For each file, the first earlier file with the same checksum: found through the checksums
/// sorted once.
fn duplicates(files: &[Incoming]) -> Vec<Option<usize>> {
    let mut by_sum: Vec<usize> = (0..files.len()).collect();
    crate::core::base::sorting::sort_by(&mut by_sum, |a, b| {
        files[*a].sub.checksum.cmp(&files[*b].sub.checksum)
    });
    let mut first_of: Vec<usize> = (0..files.len()).collect();
    for w in by_sum.windows(2) {
        if files[w[0]].sub.checksum == files[w[1]].sub.checksum {
            // Sorted stably: `w[0]` is the earlier file, or carries the earliest already.
            first_of[w[1]] = first_of[w[0]];
        }
    }
    first_of
        .into_iter()
        .enumerate()
        .map(|(i, first)| (first != i).then_some(first))
        .collect()
}

/// How many figures, tasks, assessments and survey rounds a file holds.
fn counts_of(d: &SentData) -> [u32; 4] {
    [
        count(d.figures.values().map(Map::len).sum()),
        count(d.tasks.len()),
        count(d.assessments.len()),
        count(d.surveys.len()),
    ]
}

/// How many values a file sets (one row each).
fn value_count(d: &SentData) -> usize {
    let figures: usize = d.figures.values().map(Map::len).sum();
    let tallies: usize = d.surveys.iter().map(|r| r.tallies.len() + 1).sum();
    figures + d.tasks.len() + d.assessments.len() + tallies + d.removed.count()
}

/// Everything file `file` sets, moved into rows: figures, tasks, assessments, then each round
/// followed by its tallies.
fn take_values(d: SentData, file: usize, rows: &mut Vec<Row>) {
    let mut push = |what: What, value: Val| rows.push(Row { file, what, value });
    // Removals first: a file never removes and sets the same thing (see `submission::read`).
    let gone = d.removed;
    for (month, fields) in gone.figures {
        for field in fields.into_keys() {
            push(What::Figure { month, field }, Val::Cleared);
        }
    }
    for n in gone.assessments.into_keys() {
        push(What::Assessment(n), Val::Cleared);
    }
    for id in gone.surveys.into_keys() {
        push(What::Round(id), Val::Cleared);
    }
    for (round, rows) in gone.tallies {
        for criterion in rows.into_keys() {
            let what = What::Tally {
                round: round.clone(),
                criterion,
            };
            push(what, Val::Cleared);
        }
    }
    for (month, fields) in d.figures {
        for (field, v) in fields {
            push(What::Figure { month, field }, Val::Count(v));
        }
    }
    for (n, t) in d.tasks {
        push(What::Task(n), Val::Task(t));
    }
    for (n, a) in d.assessments {
        push(What::Assessment(n), Val::Assessment(a));
    }
    for mut r in d.surveys {
        let tallies = std::mem::take(&mut r.tallies);
        let id = r.id.clone();
        push(What::Round(id.clone()), Val::Round(Box::new(r)));
        for (criterion, t) in tallies {
            let what = What::Tally {
                round: id.clone(),
                criterion,
            };
            push(what, Val::Tally(t));
        }
    }
}

/// The preview of a batch: each file's state, the office's id of each file's school, and what
/// each row of the batch does to the stored data (`changes[k]` for `batch.rows[k]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub files: Vec<FileState>,
    pub units: Vec<UnitId>,
    pub changes: Vec<Change>,
}

/// What the office holds for one school under one plan, found once for all of a file's values
/// (a batch compares 20 000 values; each would otherwise look the school up again).
struct Held<'a> {
    unit: &'a str,
    figures: Option<&'a MonthFigures>,
    cleared: Option<&'a MonthRemovals>,
    overridden: Option<&'a MonthFigures>,
    tasks: Option<&'a Map<String, TaskProgress>>,
    assessments: Option<&'a Map<String, Assessment>>,
    work: &'a PlanWork,
}

impl<'a> Held<'a> {
    fn of(data: &'a Dataset, plan: &str, unit: &'a str) -> Held<'a> {
        let work = data.work(plan);
        Held {
            unit,
            figures: data.figures.get(unit),
            cleared: data.cleared.get(unit),
            overridden: data.overridden.get(unit),
            tasks: work.tasks.get(unit),
            assessments: work.assessments.get(unit),
            work,
        }
    }

    /// The stored value of a thing for the school, with its stamp, or its removal
    /// (`Val::Cleared`, stamped when it was removed). A round or a tally counts as stored only
    /// under a round of this school.
    fn get(&self, what: &What) -> Option<(Millis, Val)> {
        self.value(what)
            .or_else(|| self.removal(what).map(|t| (t, Val::Cleared)))
    }

    /// The office's own value, when it corrected by hand what the school sent before and `val`
    /// is that same value of the school's (see `Dataset::overridden`).
    fn correction(&self, what: &What, val: &Val) -> Option<Val> {
        let (What::Figure { month, field }, Val::Count(v)) = (what, val) else {
            return None;
        };
        let school = self.overridden?.get(month)?.get(field)?;
        if school.v != *v {
            return None;
        }
        self.get(what)
            .map(|(_, office)| office)
            .filter(|o| o != val)
    }

    /// When the thing was removed, if it holds no value.
    fn removal(&self, what: &What) -> Option<Millis> {
        let removed = &self.work.removed;
        match what {
            What::Figure { month, field } => self.cleared?.get(month)?.get(field).map(|r| r.0),
            What::Task(_) => None,
            What::Assessment(n) => removed.assessments.get(self.unit)?.get(n).map(|r| r.0),
            What::Round(id) => removed
                .rounds
                .get(id)
                .filter(|r| r.unit == self.unit)
                .map(|r| r.at),
            What::Tally { round, criterion } => {
                if self.round(round).is_none() {
                    // A row of a round removed went with it.
                    return self.removal(&What::Round(round.clone()));
                }
                removed.tallies.get(round)?.get(criterion).map(|r| r.0)
            }
        }
    }

    fn value(&self, what: &What) -> Option<(Millis, Val)> {
        match what {
            What::Figure { month, field } => self
                .figures?
                .get(month)?
                .get(field)
                .map(|s| (s.t, Val::Count(s.v))),
            What::Task(n) => self
                .tasks?
                .get(n)
                .map(|t| (t.changed_at, Val::Task(SentTask::of(t)))),
            What::Assessment(n) => self
                .assessments?
                .get(n)
                .map(|a| (a.changed_at, Val::Assessment(SentAssessment::of(a)))),
            What::Round(id) => self.round(id).map(|r| {
                (
                    r.changed_at,
                    Val::Round(Box::new(SentRound::of(r, Map::new()))),
                )
            }),
            What::Tally { round, criterion } => self
                .round(round)
                .and_then(|_| self.work.tallies.get(round)?.get(criterion))
                .map(|s| (s.t, Val::Tally(s.v))),
        }
    }

    /// Whether the stored value is `val` (what [`Held::get`] would say, without copying it).
    fn holds(&self, what: &What, val: &Val) -> bool {
        match (what, val) {
            (What::Task(n), Val::Task(t)) => self
                .tasks
                .and_then(|tasks| tasks.get(n))
                .is_some_and(|s| t.describes(s)),
            _ => self.get(what).is_some_and(|(_, old)| old == *val),
        }
    }

    fn round(&self, id: &str) -> Option<&'a SurveyRound> {
        self.work.surveys.get(id).filter(|r| r.unit == self.unit)
    }

    /// The revision of the school's file made at `t` that a value stamped `t` came from (the
    /// highest, should two share the moment); 0 for a value typed at the office.
    fn revision_at(&self, t: Millis) -> u32 {
        self.work
            .received
            .values()
            .filter(|r| r.unit == self.unit && r.made_at == t)
            .map(|r| r.revision)
            .max()
            .unwrap_or(0)
    }
}

/// The office's id of the school file `i` speaks for.
fn landed<'a>(landings: &'a [Landing], i: usize, f: &'a Incoming) -> &'a str {
    landings
        .get(i)
        .map_or(f.sub.unit.id.as_str(), |l| l.unit(&f.sub.unit))
}

/// What orders a row among others for the same thing: when its file was made, its revision,
/// its value.
fn key<'r>(files: &[Incoming], r: &'r Row) -> (Millis, u32, &'r Val) {
    let sub = &files[r.file].sub;
    (sub.made_at, sub.revision, &r.value)
}

/// For each row, the row made last for the same thing of the same plan and school.
/// Found school by school; a school that only one file of the batch speaks for (the usual case)
/// needs no search. A file's rows stand together, in the order of the files.
fn winners(files: &[Incoming], units: &[UnitId], rows: &[Row]) -> Vec<usize> {
    // Each file's rows, as a range.
    let mut spans: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (c, r) in rows.iter().enumerate() {
        match spans.last_mut() {
            Some((f, range)) if *f == r.file => range.end = c + 1,
            _ => spans.push((r.file, c..c + 1)),
        }
    }
    let mut groups: Map<(&str, &str), Vec<usize>> = Map::new();
    for (s, (i, _)) in spans.iter().enumerate() {
        let plan = files[*i].sub.plan.id.as_str();
        groups
            .entry((plan, units[*i].as_str()))
            .or_default()
            .push(s);
    }
    let mut winner_of: Vec<usize> = (0..rows.len()).collect();
    for members in groups.values().filter(|m| m.len() > 1) {
        let all = || members.iter().flat_map(|&s| spans[s].1.clone());
        let mut best: Map<&What, usize> = Map::new();
        for c in all() {
            let r = &rows[c];
            let better = match best.get(&r.what) {
                Some(&b) => newer(key(files, r), key(files, &rows[b])).is_gt(),
                None => true,
            };
            if better {
                best.insert(&r.what, c);
            }
        }
        for c in all() {
            winner_of[c] = best.get(&rows[c].what).copied().unwrap_or(c);
        }
    }
    winner_of
}

/// Compares a batch with the stored data, value by value. `landings[i]` says where file `i`'s
/// school lands.
pub fn preview(data: &Dataset, batch: &Batch, landings: &[Landing]) -> Preview {
    let files = &batch.files;
    let rows = &batch.rows;
    let states: Vec<FileState> = files
        .iter()
        .enumerate()
        .map(
            |(i, f)| match batch.duplicate_of.get(i).copied().flatten() {
                Some(first) => FileState::DuplicateOf(first),
                None if data
                    .work(&f.sub.plan.id)
                    .received
                    .contains_key(&f.sub.checksum) =>
                {
                    FileState::AlreadyReceived
                }
                None => FileState::Fresh,
            },
        )
        .collect();
    // Where each file's school lands.
    let units: Vec<UnitId> = files
        .iter()
        .enumerate()
        .map(|(i, f)| landed(landings, i, f).to_string())
        .collect();
    let winner_of = winners(files, &units, rows);
    let mut changes = Vec::with_capacity(rows.len());
    let mut c = 0;
    while c < rows.len() {
        let i = rows[c].file;
        let (Some(f), Some(unit)) = (files.get(i), units.get(i)) else {
            break;
        };
        let sub = &f.sub;
        let stored = Held::of(data, &sub.plan.id, unit);
        while let Some(row) = rows.get(c).filter(|r| r.file == i) {
            let winning = &rows[winner_of[c]];
            let change = if winning.file != i && winning.value != row.value {
                Change::Superseded { by: winning.file }
            } else if stored.holds(&row.what, &row.value) {
                Change::Unchanged
            } else if let Some(office) = stored.correction(&row.what, &row.value) {
                Change::Corrected(Box::new(office))
            } else {
                match stored.get(&row.what) {
                    // Removing what is not there changes nothing to see (applied, it is
                    // recorded, so that an older file's value does not come back).
                    None if row.value == Val::Cleared => Change::Unchanged,
                    None => Change::New,
                    // The stored value's revision matters only for a tie in time.
                    Some((t, old))
                        if t > sub.made_at
                            || t == sub.made_at
                                && newer(
                                    (t, stored.revision_at(t), &old),
                                    (sub.made_at, sub.revision, &row.value),
                                )
                                .is_gt() =>
                    {
                        Change::StoredNewer(Box::new(old))
                    }
                    Some((_, old)) => Change::Changed(Box::new(old)),
                }
            };
            changes.push(change);
            c += 1;
        }
    }
    Preview {
        files: states,
        units,
        changes,
    }
}

/// The record of a refused file: the school it says it is from, as the office knows it (its
/// own id, or the school an earlier file of that id was mapped onto), and why it was refused.
pub fn refusal(
    data: &Dataset,
    file: &str,
    sender: Option<&(Sender, Option<crate::core::base::period::ReportKind>)>,
    reasons: Vec<String>,
    now: Millis,
) -> Refusal {
    let unit = sender.and_then(|(s, _)| known(data, s));
    let school = match (&unit, sender) {
        (Some(id), _) => data.unit(id).map(|u| u.name.clone()).unwrap_or_default(),
        (None, Some((s, _))) => s.name.clone(),
        _ => String::new(),
    };
    Refusal {
        file: file.to_string(),
        unit,
        school,
        report: sender.and_then(|(_, r)| *r),
        at: now,
        reasons,
    }
}

/// The files refused, newest first (of a school when `unit` is given).
pub fn refused_files<'a>(data: &'a Dataset, unit: Option<&str>) -> Vec<&'a Refusal> {
    let mut v: Vec<&Refusal> = data
        .refused
        .values()
        .filter(|r| unit.is_none_or(|u| r.unit.as_deref() == Some(u)))
        .collect();
    v.reverse();
    v
}

/// Whether a file's stamp can be the time it was made, as the office sees it: a stamp in the
/// future (beyond a day, for time zones and clocks a little off) or before the first month the
/// file reports on began means the school's clock was wrong. The file is still read as it is —
/// its stamp orders it among the school's files — but the preview says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Plausible,
    Future,
    BeforePeriod,
}

pub fn clock_of(sub: &Submission, now: Millis) -> Clock {
    const DAY: Millis = 24 * 60 * 60 * 1000;
    let start = sub.period.months.from.first_day();
    let begun = crate::core::base::period::day_start_millis(start);
    if sub.made_at > now.saturating_add(DAY) {
        Clock::Future
    } else if sub.made_at < begun.saturating_sub(DAY) {
        Clock::BeforePeriod
    } else {
        Clock::Plausible
    }
}

/// What applying a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    pub values: usize,
    pub files: usize,
    pub schools_added: usize,
}

/// Applies a previewed batch: the rows `accept` says yes to, given what each does (by default,
/// new and changed values), the schools added or mapped, and a receipt per file. One step for
/// the undo journal. The accepted values move into the data.
pub fn apply(
    data: &mut Dataset,
    batch: Batch,
    landings: &[Landing],
    preview: Preview,
    accept: impl Fn(&Row, &Change) -> bool,
    now: Millis,
) -> Applied {
    let Batch {
        files,
        mut rows,
        counts,
        removed_rounds,
        ..
    } = batch;
    let Preview { units, changes, .. } = preview;
    let accepted = |k: usize| changes.get(k).is_some_and(|c| accept(&rows[k], c));
    let mut done = Applied {
        schools_added: land_schools(data, &files, landings, now),
        ..Applied::default()
    };
    let chosen = write_order(&files, &rows, landings, &units, accepted);
    done.values = write_rows(data, &files, &mut rows, &units, &chosen, &removed_rounds);
    for (f, unit) in files.iter().zip(&units) {
        settle(data, &f.sub.plan.id, std::slice::from_ref(unit));
    }
    done.files = record_receipts(data, &files, landings, &counts, now);
    forget_corrections_taken(data, &units);
    data.tidy();
    done
}

/// Units first, so that the data has somewhere to land: a new unit added (or its details updated
/// by a later file) under the unit its file goes to — a school carried in an office's file under
/// the unit that office lands on, any other under the user's unit — and a unit mapped onto one
/// held. Returns how many were added.
fn land_schools(
    data: &mut Dataset,
    files: &[Incoming],
    landings: &[Landing],
    now: Millis,
) -> usize {
    let mut added = 0;
    let me = data.me().map(|u| u.id.clone());
    for (i, f) in files.iter().enumerate() {
        let s = &f.sub.unit;
        let parent = match f.within {
            Some(o) => files.get(o).map(|of| landed(landings, o, of).to_string()),
            None => me.clone(),
        };
        match landings.get(i) {
            Some(Landing::AddNew) => {
                let newer = data
                    .unit(&s.id)
                    .is_none_or(|u| u.changed_at < f.sub.made_at);
                if newer {
                    if data.unit(&s.id).is_none() {
                        added += 1;
                    }
                    data.units.insert(
                        s.id.clone(),
                        Unit {
                            id: s.id.clone(),
                            kind: s.kind,
                            parent,
                            name: s.name.clone(),
                            level: s.level,
                            code: s.code.clone(),
                            changed_at: f.sub.made_at,
                        },
                    );
                }
            }
            Some(Landing::MapTo(to)) if *to != s.id => {
                data.aliases.insert(
                    s.id.clone(),
                    Stamped {
                        v: to.clone(),
                        t: now,
                    },
                );
            }
            _ => {}
        }
    }
    added
}

/// The accepted rows' indices, in the order they are written: each thing's rows in rank order,
/// so that the last one applied is the one made last among those accepted.
fn write_order(
    files: &[Incoming],
    rows: &[Row],
    landings: &[Landing],
    units: &[UnitId],
    accepted: impl Fn(usize) -> bool,
) -> Vec<usize> {
    // When no two files for the same school were made at the same moment, that is the files'
    // order by time (a thing appears once in a file, and schools do not share things): no
    // sorting of rows is needed. Figures belong to a school, not to a plan, so files of two
    // plans count as files for the same school.
    let mut made = std::collections::BTreeSet::new();
    let apart = files
        .iter()
        .enumerate()
        .all(|(i, f)| made.insert((landed(landings, i, f), f.sub.made_at)));
    if apart {
        let mut by_file: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
        for k in (0..rows.len()).filter(|k| accepted(*k)) {
            if let Some(of_file) = by_file.get_mut(rows[k].file) {
                of_file.push(k);
            }
        }
        let mut order: Vec<usize> = (0..files.len()).collect();
        crate::core::base::sorting::sort_by_key(&mut order, |i| files[*i].sub.made_at);
        order
            .into_iter()
            .flat_map(|i| std::mem::take(&mut by_file[i]))
            .collect()
    } else {
        let mut chosen: Vec<usize> = (0..rows.len()).filter(|k| accepted(*k)).collect();
        crate::core::base::sorting::sort_by(&mut chosen, |a, b| {
            let (a, b) = (&rows[*a], &rows[*b]);
            let unit = |r: &Row| units.get(r.file);
            (unit(a), &a.what)
                .cmp(&(unit(b), &b.what))
                .then_with(|| newer(key(files, a), key(files, b)))
        });
        chosen
    }
}

/// Writes the chosen rows, moving each value into the data (a row is written once). Returns how
/// many values were written.
fn write_rows(
    data: &mut Dataset,
    files: &[Incoming],
    rows: &mut [Row],
    units: &[UnitId],
    chosen: &[usize],
    removed_rounds: &[Map<String, YearMonth>],
) -> usize {
    let mut values = 0;
    // A file's rows come together; its school's places are found once for all of them.
    let mut k = 0;
    while k < chosen.len() {
        let file = rows[chosen[k]].file;
        let end = chosen[k..]
            .iter()
            .position(|&c| rows[c].file != file)
            .map_or(chosen.len(), |n| k + n);
        let group = &chosen[k..end];
        k = end;
        let (Some(f), Some(unit)) = (files.get(file), units.get(file)) else {
            continue;
        };
        let (plan, at) = (f.sub.plan.id.as_str(), f.sub.made_at);
        let has = |kind: fn(&What) -> bool| group.iter().any(|&c| kind(&rows[c].what));
        let mut place = Place::of(
            data,
            plan,
            unit,
            [
                has(|w| matches!(w, What::Figure { .. })),
                has(|w| matches!(w, What::Task(_))),
                has(|w| matches!(w, What::Assessment(_))),
            ],
        );
        // Rounds (a few per file) are written after, each finding its place; then the tallies,
        // a round's together in one place.
        let mut rest = Vec::new();
        let mut tallies = Vec::new();
        // The values figures held before a file's value replaced them, for their history.
        let mut replaced: Vec<(YearMonth, String, Was)> = Vec::new();
        for &c in group {
            let row = &mut rows[c];
            let value = std::mem::replace(&mut row.value, Val::Count(0));
            let what = std::mem::replace(&mut row.what, What::Task(String::new()));
            let written = match (what, value, &mut place) {
                (
                    What::Figure { month, field },
                    Val::Count(v),
                    Place {
                        figures: Some(m), ..
                    },
                ) => {
                    let cells = m.slot(&month);
                    let old = cells.get(&field).copied().filter(|o| o.v != v);
                    let name = old.map(|_| field.clone());
                    let written = write_figure(cells, field, v, at);
                    if let (true, Some(old), Some(name)) = (written, old, name) {
                        replaced.push((month, name, Was(Some(old.v), old.t)));
                    }
                    written
                }
                (What::Task(n), Val::Task(t), Place { tasks: Some(m), .. }) => {
                    write_task(m, n, t, at)
                }
                (
                    What::Assessment(n),
                    Val::Assessment(a),
                    Place {
                        assessments: Some(m),
                        ..
                    },
                ) => write_assessment(m, n, a, at),
                (What::Tally { round, criterion }, Val::Tally(t), _) => {
                    tallies.push((round, criterion, t));
                    false
                }
                (what, value, _) => {
                    rest.push((what, value));
                    false
                }
            };
            values += usize::from(written);
        }
        for (month, field, was) in replaced {
            data.remember(unit, month, &field, was);
        }
        let none = Map::new();
        let round_months = removed_rounds.get(file).unwrap_or(&none);
        for (what, value) in rest {
            let written = match value {
                Val::Cleared => remove(data, plan, unit, what, at, round_months),
                value => write(data, plan, unit, what, value, at),
            };
            values += usize::from(written);
        }
        for of_round in tallies.chunk_by_mut(|a, b| a.0 == b.0) {
            values += write_tallies(data, plan, unit, of_round, at);
        }
    }
    values
}

/// A receipt per file, keyed by its checksum. Returns how many files were new to the office.
fn record_receipts(
    data: &mut Dataset,
    files: &[Incoming],
    landings: &[Landing],
    counts: &[[u32; 4]],
    now: Millis,
) -> usize {
    let mut new_files = 0;
    for (i, f) in files.iter().enumerate() {
        let sub = &f.sub;
        let unit = landed(landings, i, f).to_string();
        let received = &mut data.work_mut(&sub.plan.id).received;
        // The same file again (perhaps under another name) keeps its first arrival and the
        // smallest name, so that the receipt does not depend on the order of imports. A
        // school's part of an office's file has its receipt, but is not a file of its own.
        let (first, name) = match received.get(&sub.checksum) {
            Some(r) => (r.received_at.min(now), r.file.clone().min(f.file.clone())),
            None => {
                new_files += usize::from(f.within.is_none());
                (now, f.file.clone())
            }
        };
        received.insert(
            sub.checksum.clone(),
            Receipt {
                unit,
                id: sub.id.clone(),
                file: name,
                report: sub.period.report,
                months: sub.period.months,
                revision: sub.revision,
                made_at: sub.made_at,
                received_at: first,
                counts: counts.get(i).copied().unwrap_or_default(),
            },
        );
    }
    new_files
}

/// A correction whose cell now holds a file's value (or a file's removal) is no longer one.
fn forget_corrections_taken(data: &mut Dataset, units: &[UnitId]) {
    for unit in set_of_units(units) {
        let Some(months) = data.overridden.get(unit) else {
            continue;
        };
        let taken: Vec<(YearMonth, String)> = months
            .iter()
            .flat_map(|(m, fields)| fields.keys().map(move |f| (*m, f.clone())))
            .filter(|(m, f)| {
                let value = data
                    .figures
                    .get(unit)
                    .and_then(|x| x.get(m)?.get(f))
                    .map(|s| s.t);
                let removal = data
                    .cleared
                    .get(unit)
                    .and_then(|x| x.get(m)?.get(f))
                    .map(|r| r.0);
                value.or(removal).is_some_and(|t| data.from_a_file(unit, t))
            })
            .collect();
        for (m, f) in taken {
            data.forget_override(unit, m, &f);
        }
    }
}

/// The distinct units of a batch.
fn set_of_units(units: &[UnitId]) -> Vec<&UnitId> {
    let mut v: Vec<&UnitId> = units.iter().collect();
    crate::core::base::sorting::sort_by(&mut v, |a, b| a.cmp(b));
    v.dedup();
    v
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where one school's figures, tasks and assessments go under one plan: found once for all of a
/// file's rows (a batch writes 20 000 values), each only when the file has rows of its kind.
struct Place<'d> {
    figures: Option<&'d mut MonthFigures>,
    tasks: Option<&'d mut Map<String, TaskProgress>>,
    assessments: Option<&'d mut Map<String, Assessment>>,
}

impl<'d> Place<'d> {
    fn of(data: &'d mut Dataset, plan: &str, unit: &str, [f, t, a]: [bool; 3]) -> Place<'d> {
        let Dataset { figures, work, .. } = data;
        let (tasks, assessments) = match (t || a).then(|| work.slot(plan)) {
            Some(PlanWork {
                tasks, assessments, ..
            }) => (
                t.then(|| tasks.slot(unit)),
                a.then(|| assessments.slot(unit)),
            ),
            None => (None, None),
        };
        Place {
            figures: f.then(|| figures.slot(unit)),
            tasks,
            assessments,
        }
    }
}

/// Whether the stored value (stamped `t`) is the one written at `at`: `None` when it differs or
/// is absent; `Some(true)` when the new one only moves its stamp; `Some(false)` when the stored
/// one is newer already.
fn same(t: Millis, equal: bool, at: Millis) -> Option<bool> {
    equal.then_some(t < at)
}

/// Writes one value stamped `at`. Returns whether the value changed. The same value made later
/// only moves the stamp forward (so that the stored stamp is the latest, whatever the order).
/// Each kind finds its place once and compares in place.
fn write(data: &mut Dataset, plan: &str, unit: &str, what: What, val: Val, at: Millis) -> bool {
    match (what, val) {
        (What::Figure { month, field }, Val::Count(v)) => {
            write_figure(data.figures.slot(unit).slot(&month), field, v, at)
        }
        (What::Task(n), Val::Task(t)) => write_task(data.work_mut(plan).tasks.slot(unit), n, t, at),
        (What::Assessment(n), Val::Assessment(a)) => {
            write_assessment(data.work_mut(plan).assessments.slot(unit), n, a, at)
        }
        (What::Round(id), Val::Round(r)) => {
            let was = Held::of(data, plan, unit)
                .round(&id)
                .and_then(|old| same(old.changed_at, SentRound::of(old, Map::new()) == *r, at));
            if was == Some(false) {
                return false;
            }
            let round = submission::round(*r, unit, at);
            data.work_mut(plan).surveys.insert(round.id.clone(), round);
            was.is_none()
        }
        (What::Tally { round, criterion }, Val::Tally(t)) => {
            write_tallies(data, plan, unit, &mut [(round, criterion, t)], at) == 1
        }
        (what, Val::Cleared) => remove(data, plan, unit, what, at, &Map::new()),
        _ => false,
    }
}

/// Writes a removal stamped `at`: the value goes, and the removal is recorded (the later of two
/// removals kept), so that a value from a file made earlier is known to be older. A removed
/// round's month is its stored one, or the one its file names (`round_months`). Returns
/// whether a value went.
fn remove(
    data: &mut Dataset,
    plan: &str,
    unit: &str,
    what: What,
    at: Millis,
    round_months: &Map<String, YearMonth>,
) -> bool {
    let later = |old: Option<Millis>| old.map_or(at, |t| t.max(at));
    match what {
        What::Figure { month, field } => {
            let had = data.figure(unit, month, &field).is_some();
            let was = data
                .cleared
                .get(unit)
                .and_then(|m| m.get(&month)?.get(&field))
                .map(|r| r.0);
            if had {
                data.set_figure(unit, month, &field, None, at);
            }
            data.note_cleared(unit, month, &field, Some(later(was)));
            had
        }
        What::Assessment(n) => {
            let w = data.work_mut(plan);
            let had = w
                .assessments
                .get_mut(unit)
                .and_then(|a| a.remove(&n))
                .is_some();
            if w.assessments.get(unit).is_some_and(Map::is_empty) {
                w.assessments.remove(unit);
            }
            let gone = w.removed.assessments.slot(unit);
            let was = gone.get(&n).map(|r| r.0);
            gone.insert(n, Removal(later(was)));
            had
        }
        What::Round(id) => {
            let w = data.work_mut(plan);
            let ours = |r: &SurveyRound| r.unit == unit;
            let stored = w.surveys.get(&id).filter(|r| ours(r)).map(|r| r.month);
            let month = stored.or_else(|| w.removed.rounds.get(&id).map(|r| r.month));
            if stored.is_some() {
                w.surveys.remove(&id);
                w.tallies.remove(&id);
                w.removed.tallies.remove(&id);
            }
            // Of another school's round of the same id (never made by the app), nothing.
            if w.surveys.contains_key(&id) {
                return false;
            }
            let was = w.removed.rounds.get(&id).map(|r| r.at);
            if let Some(month) = month.or_else(|| round_months.get(&id).copied()) {
                w.removed.rounds.insert(
                    id,
                    RemovedRound {
                        unit: unit.to_string(),
                        month,
                        at: later(was),
                    },
                );
            }
            stored.is_some()
        }
        What::Tally { round, criterion } => {
            let w = data.work_mut(plan);
            if w.surveys.get(&round).is_none_or(|r| r.unit != unit) {
                return false;
            }
            let had = w
                .tallies
                .get_mut(&round)
                .and_then(|rows| rows.remove(&criterion))
                .is_some();
            if w.tallies.get(&round).is_some_and(Map::is_empty) {
                w.tallies.remove(&round);
            }
            let gone = w.removed.tallies.slot(&round);
            let was = gone.get(&criterion).map(|r| r.0);
            gone.insert(criterion, Removal(later(was)));
            had
        }
        What::Task(_) => false,
    }
}

/// After a batch is written, a thing holds a value or a removal, never both: a value written
/// after a removal takes the removal away (a removal written after a value took the value).
fn settle(data: &mut Dataset, plan: &str, units: &[UnitId]) {
    for unit in units {
        if let Some(months) = data.cleared.get(unit) {
            let stale: Vec<(YearMonth, String)> = months
                .iter()
                .flat_map(|(m, fields)| fields.keys().map(move |f| (*m, f.clone())))
                .filter(|(m, f)| data.figure(unit, *m, f).is_some())
                .collect();
            for (m, f) in stale {
                data.note_cleared(unit, m, &f, None);
            }
        }
        let w = data.work_mut(plan);
        let PlanWork {
            assessments,
            surveys,
            tallies,
            removed,
            ..
        } = w;
        if let Some(gone) = removed.assessments.get_mut(unit) {
            gone.retain(|n, _| {
                !assessments
                    .get(unit)
                    .is_some_and(|a| a.contains_key(n.as_str()))
            });
            if gone.is_empty() {
                removed.assessments.remove(unit);
            }
        }
        removed
            .rounds
            .retain(|id, _| !surveys.contains_key(id.as_str()));
        for (round, gone) in removed.tallies.iter_mut() {
            gone.retain(|c, _| {
                !tallies
                    .get(round)
                    .is_some_and(|t| t.contains_key(c.as_str()))
            });
        }
        removed.tallies.retain(|_, gone| !gone.is_empty());
    }
}

/// [`write`] of tallies of one round (`(round, criterion, tally)`, the criteria taken): its
/// place found once. Returns how many changed.
fn write_tallies(
    data: &mut Dataset,
    plan: &str,
    unit: &str,
    of_round: &mut [(String, String, Tally)],
    at: Millis,
) -> usize {
    let Some(round) = of_round.first().map(|(r, _, _)| r.as_str()) else {
        return 0;
    };
    // A tally counts as stored only under a round of this school (see `Held::get`).
    let ours = data
        .work(plan)
        .surveys
        .get(round)
        .is_some_and(|r| r.unit == unit);
    let tallies = data.work_mut(plan).tallies.slot(round);
    let mut changed = 0;
    for (_, criterion, t) in of_round.iter_mut() {
        let place = tallies.entry(std::mem::take(criterion));
        let was = place
            .get()
            .filter(|_| ours)
            .and_then(|s| same(s.t, s.v == *t, at));
        if was == Some(false) {
            continue;
        }
        place.set(Stamped { v: *t, t: at });
        changed += usize::from(was.is_none());
    }
    changed
}

/// [`write`] of a figure, into its month's cells.
fn write_figure(cells: &mut Map<String, Stamped<u64>>, field: String, v: u64, at: Millis) -> bool {
    let place = cells.entry(field);
    let was = place.get().and_then(|s| same(s.t, s.v == v, at));
    if was == Some(false) {
        return false;
    }
    place.set(Stamped { v, t: at });
    was.is_none()
}

/// [`write`] of a task's progress, into the school's tasks.
fn write_task(tasks: &mut Map<String, TaskProgress>, n: String, t: SentTask, at: Millis) -> bool {
    let place = tasks.entry(n);
    let before = place.get();
    let was = before.and_then(|b| same(b.changed_at, t.describes(b), at));
    if was == Some(false) {
        return false;
    }
    let progress = submission::task_progress(t, before, at);
    place.set(progress);
    was.is_none()
}

/// [`write`] of an assessment, into the school's assessments.
fn write_assessment(
    assessments: &mut Map<String, Assessment>,
    n: String,
    a: SentAssessment,
    at: Millis,
) -> bool {
    let place = assessments.entry(n);
    let was = place
        .get()
        .and_then(|b| same(b.changed_at, a.verdict == b.verdict && a.note == b.note, at));
    if was == Some(false) {
        return false;
    }
    place.set(submission::assessment(a, at));
    was.is_none()
}

/// Imports a batch with every default decision: what `apply` does when the user accepts the
/// preview as shown, and landings suggested (offices' files expanded). The merge the property
/// tests are about.
pub fn import_all(data: &mut Dataset, files: Vec<Incoming>, now: Millis) -> Applied {
    let files = expand(files);
    let landings = suggest_all(data, &files);
    let batch = Batch::new(files);
    let p = preview(data, &batch, &landings);
    apply(
        data,
        batch,
        &landings,
        p,
        |_, change| change.accepted_by_default(),
        now,
    )
}

/// A school's standing for one report in the submission matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Missing,
    OnTime,
    Late,
}

/// One cell: the standing, the file that counts (made last) and the files it superseded.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<'a> {
    pub standing: Standing,
    pub latest: Option<(&'a String, &'a Receipt)>,
    pub superseded: Vec<(&'a String, &'a Receipt)>,
}

/// Whether a file counts for a report: sent for it, or for everything so far up to the report's
/// last month at least.
pub fn covers(r: &Receipt, period: &ReportingPeriod) -> bool {
    match r.report {
        Some(k) => k == period.kind,
        None => r.months.from <= period.window.from && period.window.to <= r.months.to,
    }
}

/// Member × report — school × report at an office, office × report at the unit above
/// (`tree::members`): on time (made by the report's last day, in local time), late, or missing.
pub fn matrix<'a>(
    data: &'a Dataset,
    plan: &str,
    periods: &[ReportingPeriod],
    offset_minutes: i32,
) -> Vec<(&'a Unit, Vec<Cell<'a>>)> {
    let received = &data.work(plan).received;
    crate::core::data::tree::members(data)
        .into_iter()
        .map(|u| {
            let cells = periods
                .iter()
                .map(|p| {
                    let mut files: Vec<(&String, &Receipt)> = received
                        .iter()
                        .filter(|(_, r)| r.unit == u.id && covers(r, p))
                        .collect();
                    crate::core::base::sorting::sort_by_key(&mut files, |(_, r)| {
                        (r.made_at, r.revision)
                    });
                    let latest = files.pop();
                    files.reverse();
                    let standing = match latest {
                        None => Standing::Missing,
                        Some((_, r)) => {
                            let local = r.made_at + i64::from(offset_minutes) * 60_000;
                            let day = chrono::DateTime::from_timestamp_millis(local)
                                .map(|d| d.date_naive());
                            if day.is_some_and(|d| d <= p.last_day()) {
                                Standing::OnTime
                            } else {
                                Standing::Late
                            }
                        }
                    };
                    Cell {
                        standing,
                        latest,
                        superseded: files,
                    }
                })
                .collect();
            (u, cells)
        })
        .collect()
}

/// The files a school sent, newest first, for "what each file brought".
pub fn receipts_of<'a>(
    data: &'a Dataset,
    plan: &str,
    unit: &str,
) -> Vec<(&'a String, &'a Receipt)> {
    let mut v: Vec<_> = data
        .work(plan)
        .received
        .iter()
        .filter(|(_, r)| r.unit == unit)
        .collect();
    crate::core::base::sorting::sort_by_key(&mut v, |(_, r)| {
        std::cmp::Reverse((r.made_at, r.revision))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::{MonthRange, ReportKind};
    use crate::core::data::records::{SchoolLevel, TaskStatus};
    use crate::core::data::survey::{default_questionnaire, Respondent, SurveyRound};
    use crate::core::exchange::submission::{build, read, to_file, Period};
    use crate::core::fixtures::{q1_to_march, school, school_data, ym};
    use crate::core::plan::model::BUILTIN_PLAN_ID;
    use proptest::prelude::*;

    fn office() -> Dataset {
        let mut d = Dataset::default();
        d.set_me(
            Unit {
                id: "phong".into(),
                kind: UnitKind::Office,
                parent: None,
                name: "Phòng GD&ĐT".into(),
                level: None,
                code: String::new(),
                changed_at: 0,
            },
            0,
        );
        for u in schools() {
            d.upsert_unit(u, 0);
        }
        d
    }

    fn schools() -> Vec<Unit> {
        vec![
            school("u-a", "Trường MN Hoa Sen", SchoolLevel::MamNon, "MN01"),
            school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07"),
            school(
                "u-c",
                "Trường THCS Phạm Đình Hổ",
                SchoolLevel::Thcs,
                "THCS03",
            ),
        ]
    }

    /// A checked file, as the office reads it.
    pub fn incoming(d: &Dataset, unit: &Unit, revision: u32, made_at: Millis) -> Incoming {
        let plan = Plan::builtin();
        let s = build(
            &plan,
            d,
            unit,
            q1_to_march(),
            format!("s-{}-{revision}", unit.id),
            revision,
            made_at,
        );
        let text = to_file(&s);
        let sub = read("x.json", text.as_bytes(), |id| {
            (id == plan.id).then_some(&plan)
        })
        .expect("a file the app made reads back");
        Incoming {
            file: format!("{}-r{revision}.json", unit.code),
            sub,
            within: None,
        }
    }

    #[test]
    fn files_of_two_plans_made_at_the_same_moment_merge_in_any_order() {
        // Figures belong to the school, not to a plan: two plans' files can set the same one.
        let u = &schools()[1];
        let file = |plan: &str, value: u64| {
            let mut d = Dataset::default();
            d.set_me(u.clone(), 0);
            d.set_figure(&u.id, ym(2), "vb_tong", Some(value), 0);
            let mut f = incoming(&d, u, 1, 5_000);
            f.sub.plan.id = plan.to_string();
            f.sub.checksum = format!("sum-{plan}");
            f
        };
        let (a, b) = (file("ke-hoach-a", 30), file("ke-hoach-b", 40));
        let ab = imported(&[&[a.clone(), b.clone()]]);
        assert_eq!(ab, imported(&[&[b, a]]));
        assert!(ab.figure(&u.id, ym(2), "vb_tong").is_some());
    }

    #[test]
    fn the_same_file_twice_in_a_batch_brings_nothing_more() {
        let o = office();
        let [a, b] =
            [&schools()[0], &schools()[1]].map(|u| incoming(&school_data(u, 1), u, 1, 1_000));
        let files = vec![b.clone(), a.clone(), b.clone(), a.clone(), b.clone()];
        let landings: Vec<Landing> = files.iter().map(|f| suggest(&o, &f.sub.unit)).collect();
        let batch = Batch::new(files.clone());
        let p = preview(&o, &batch, &landings);
        assert_eq!(
            p.files,
            vec![
                FileState::Fresh,
                FileState::Fresh,
                FileState::DuplicateOf(0),
                FileState::DuplicateOf(1),
                FileState::DuplicateOf(0),
            ]
        );
        assert!(batch.rows.iter().all(|r| r.file < 2));
        let two = Batch::new(files[..2].to_vec());
        let alone = preview(&o, &two, &landings[..2]);
        assert_eq!((&batch.rows, &p.changes), (&two.rows, &alone.changes));
    }

    #[test]
    fn export_then_import_lands_every_value_on_the_school() {
        let mut o = office();
        let u = &schools()[1];
        let s = school_data(u, 100);
        let f = incoming(&s, u, 1, 1_000);
        let done = import_all(&mut o, vec![f], 5_000);
        assert_eq!((done.files, done.schools_added), (1, 0));
        for m in 1..=3 {
            for field in ["vb_tong", "vb_dien_tu", "cb_tong"] {
                assert_eq!(o.figure(&u.id, ym(m), field), s.figure(&u.id, ym(m), field));
            }
        }
        let w = o.work(BUILTIN_PLAN_ID);
        let t = w.task(&u.id, "1.2").unwrap();
        assert_eq!(t.status, TaskStatus::Done);
        assert_eq!(t.evidence[0].doc_number, "12/KH-MN");
        assert_eq!(
            t.assignee, "",
            "the assignee's name never leaves the school"
        );
        assert_eq!(
            w.tallies,
            s.work(BUILTIN_PLAN_ID)
                .tallies
                .iter()
                .map(|(r, m)| {
                    (
                        r.clone(),
                        m.iter()
                            .map(|(c, t)| (c.clone(), Stamped { v: t.v, t: 1_000 }))
                            .collect(),
                    )
                })
                .collect()
        );
        assert_eq!(w.surveys[&format!("ks-{}", u.id)].unit, u.id);
        let r = w.received.values().next().unwrap();
        assert_eq!((r.revision, r.made_at, r.received_at), (1, 1_000, 5_000));
        assert_eq!(r.counts, [9, 1, 0, 1]);
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let mut o = office();
        let u = &schools()[0];
        let f = incoming(&school_data(u, 5), u, 1, 1_000);
        import_all(&mut o, vec![f.clone()], 5_000);
        let once = o.clone();
        let landings = [suggest(&o, &f.sub.unit)];
        let p = preview(&o, &Batch::new(vec![f.clone()]), &landings);
        assert_eq!(p.files, vec![FileState::AlreadyReceived]);
        assert!(p.changes.iter().all(|c| *c == Change::Unchanged));
        import_all(&mut o, vec![f.clone(), f], 9_000);
        assert_eq!(o, once);
    }

    #[test]
    fn the_preview_says_what_each_value_does() {
        let mut o = office();
        let u = &schools()[1];
        let mut s = school_data(u, 100);
        let first = incoming(&s, u, 1, 1_000);
        import_all(&mut o, vec![first.clone()], 2_000);
        // The school corrects January's total; the office had typed February's itself, later.
        s.set_figure(&u.id, ym(1), "vb_tong", Some(999), 20);
        let second = incoming(&s, u, 2, 3_000);
        o.set_figure(&u.id, ym(2), "vb_tong", Some(7), 4_000);
        let batch = Batch::new(vec![second.clone(), first.clone()]);
        let landings = [Landing::Known(u.id.clone()), Landing::Known(u.id.clone())];
        let p = preview(&o, &batch, &landings);
        let row = |file: usize, m: u32| {
            let k = batch
                .rows
                .iter()
                .position(|r| {
                    r.file == file
                        && r.what
                            == What::Figure {
                                month: ym(m),
                                field: "vb_tong".into(),
                            }
                })
                .unwrap();
            p.changes[k].clone()
        };
        assert_eq!(row(0, 1), Change::Changed(Box::new(Val::Count(110))));
        assert_eq!(
            row(1, 1),
            Change::Superseded { by: 0 },
            "revision 1 after revision 2"
        );
        assert_eq!(row(0, 2), Change::StoredNewer(Box::new(Val::Count(7))));
        assert_eq!(row(0, 3), Change::Unchanged);
        assert_eq!(p.files, vec![FileState::Fresh, FileState::AlreadyReceived]);
        let undo = o.clone();
        apply(
            &mut o,
            batch.clone(),
            &landings,
            p.clone(),
            |_, c| c.accepted_by_default(),
            5_000,
        );
        assert_eq!(o.figure(&u.id, ym(1), "vb_tong"), Some(999));
        assert_eq!(
            o.figure(&u.id, ym(2), "vb_tong"),
            Some(7),
            "the office's later edit stays"
        );
        // Choosing the conflicting row applies it.
        let mut chosen = undo.clone();
        apply(
            &mut chosen,
            batch,
            &landings,
            p,
            |_, c| c.accepted_by_default() || *c == Change::StoredNewer(Box::new(Val::Count(7))),
            5_000,
        );
        assert_eq!(chosen.figure(&u.id, ym(2), "vb_tong"), Some(120));
    }

    #[test]
    fn a_file_claiming_the_offices_own_id_is_refused() {
        let o = office();
        let mut fake = school("phong", "Trường giả", SchoolLevel::TieuHoc, "X1");
        let f = incoming(&school_data(&fake, 1), &fake, 1, 1_000);
        assert_eq!(check_sender(&o, &f.sub).unwrap().path, "unit.id");
        fake.id = "u-b".into();
        let g = incoming(&school_data(&fake, 1), &fake, 1, 1_000);
        assert_eq!(check_sender(&o, &g.sub), None);
    }

    #[test]
    fn unknown_schools_are_suggested_by_code_then_name_or_added() {
        let mut o = office();
        let mut reinstalled = schools()[1].clone();
        reinstalled.id = "u-new-install".into();
        assert_eq!(
            suggest(
                &o,
                &Sender {
                    kind: UnitKind::School,
                    id: "u-new-install".into(),
                    name: "x".into(),
                    level: None,
                    code: "th07".into()
                }
            ),
            Landing::MapTo("u-b".into())
        );
        assert_eq!(
            suggest(
                &o,
                &Sender {
                    kind: UnitKind::School,
                    id: "u-z".into(),
                    name: "TRƯỜNG THCS PHẠM ĐÌNH HỔ".into(),
                    level: None,
                    code: String::new()
                }
            ),
            Landing::MapTo("u-c".into())
        );
        let stranger = school("u-s", "Trường TH Mới", SchoolLevel::TieuHoc, "TH99");
        let f = incoming(&school_data(&stranger, 1), &stranger, 1, 1_000);
        assert_eq!(suggest(&o, &f.sub.unit), Landing::AddNew);
        let g = incoming(&school_data(&reinstalled, 1), &reinstalled, 1, 1_000);
        let done = import_all(&mut o, vec![f, g], 2_000);
        assert_eq!(done.schools_added, 1);
        assert_eq!(o.unit("u-s").unwrap().code, "TH99");
        assert_eq!(
            o.figure("u-b", ym(1), "vb_tong"),
            Some(11),
            "mapped onto TH07"
        );
        assert!(!o.figures.contains_key("u-new-install"));
        // The mapping is remembered: the next file lands on the same school.
        assert_eq!(
            known(
                &o,
                &Sender {
                    kind: UnitKind::School,
                    id: "u-new-install".into(),
                    name: String::new(),
                    level: None,
                    code: String::new()
                }
            ),
            Some("u-b".into())
        );
    }

    #[test]
    fn the_matrix_tells_on_time_late_missing_and_superseded() {
        let mut o = office();
        let plan = Plan::builtin();
        let [a, b, _c] = [&schools()[0], &schools()[1], &schools()[2]];
        // Quý I is due before 03/3/2024: on time up to 02/3 (local time, UTC+7).
        let on_time = 1_709_312_400_000; // 2024-03-01 17:00 UTC = 02/3 00:00 at UTC+7
        let late = on_time + 86_400_000;
        import_all(
            &mut o,
            vec![
                incoming(&school_data(a, 1), a, 1, on_time - 1000),
                incoming(&school_data(a, 2), a, 2, on_time),
            ],
            1,
        );
        import_all(&mut o, vec![incoming(&school_data(b, 1), b, 1, late)], 1);
        let periods = plan.reporting_periods(|_| None);
        let m = matrix(&o, &plan.id, &periods, 420);
        let cell = |row: usize| &m[row].1[0];
        assert_eq!(m[0].0.id, "u-a");
        assert_eq!(cell(0).standing, Standing::OnTime);
        assert_eq!(cell(0).latest.unwrap().1.revision, 2);
        assert_eq!(cell(0).superseded.len(), 1);
        assert_eq!(cell(1).standing, Standing::Late);
        assert_eq!(cell(2).standing, Standing::Missing);
        assert_eq!(
            m[0].1[1].standing,
            Standing::Missing,
            "a Quý I file is not the 6-month report"
        );
    }

    fn arb_file() -> impl Strategy<Value = Incoming> {
        (
            0usize..3,
            1u32..4,
            0i64..6,
            proptest::collection::vec((1u32..4, 0u64..4, 0u64..3), 0..5),
        )
            .prop_map(|(who, revision, t, cells)| {
                let u = &schools()[who];
                let mut d = Dataset::default();
                d.set_me(u.clone(), 0);
                for (m, total, digital) in cells {
                    d.set_figure(&u.id, ym(m), "vb_tong", Some(total + digital), 0);
                    d.set_figure(&u.id, ym(m), "vb_dien_tu", Some(digital), 0);
                }
                // Revisions grow with time at a school, as the app makes them.
                incoming(&d, u, revision, 1_000 * i64::from(revision) + t)
            })
    }

    /// The office's data after importing `files` batch by batch — its values, that is: the
    /// history of each figure records the order the files came in, which is the office's own
    /// story and not data that must converge.
    fn imported(files: &[&[Incoming]]) -> Dataset {
        let mut o = office();
        for batch in files {
            import_all(&mut o, batch.to_vec(), 7);
        }
        o.history.clear();
        o
    }

    /// A school's dataset with random figures, task states and a tally, for round trips.
    fn arb_school_data() -> impl Strategy<Value = (Unit, Dataset)> {
        (
            0usize..3,
            proptest::collection::vec((1u32..4, 0u64..500, 0u64..500, 0u64..60, 0u64..60), 0..4),
            proptest::collection::vec((0usize..4, 0usize..4), 0..5),
            proptest::array::uniform5(0u64..30),
        )
            .prop_map(|(who, cells, tasks, tally)| {
                let u = schools()[who].clone();
                let mut d = Dataset::default();
                d.set_me(u.clone(), 1);
                for (m, a, b, c, e) in cells {
                    d.set_figure(&u.id, ym(m), "vb_tong", Some(a.max(b)), 1);
                    d.set_figure(&u.id, ym(m), "vb_dien_tu", Some(a.min(b)), 1);
                    d.set_figure(&u.id, ym(m), "cb_tong", Some(c.max(e)), 1);
                    d.set_figure(&u.id, ym(m), "cb_chu_ky_so", Some(c.min(e)), 1);
                }
                let plan = Plan::builtin();
                let numbers: Vec<String> = plan.tasks().map(|(_, t)| t.number.clone()).collect();
                let w = d.work_mut(BUILTIN_PLAN_ID);
                for (n, s) in tasks {
                    w.update_task(&u.id, &numbers[n * 3 % numbers.len()], 1, |t| {
                        t.status = TaskStatus::ALL[s];
                    });
                }
                let q = default_questionnaire(u.level.unwrap_or(SchoolLevel::TieuHoc));
                let overall = q.overall.id.clone();
                let returned: u64 = tally.iter().sum();
                w.upsert_round(
                    SurveyRound {
                        id: "ks-1".into(),
                        unit: u.id.clone(),
                        name: "Đợt 1".into(),
                        respondent: Respondent::Parents,
                        month: ym(2),
                        distributed: None,
                        returned,
                        population: None,
                        questionnaire: q,
                        changed_at: 1,
                    },
                    1,
                );
                if returned > 0 {
                    w.set_tally("ks-1", &overall, Tally { n: tally, blank: 0 }, 1);
                }
                (u, d)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn export_then_import_is_an_exact_round_trip((u, school_side) in arb_school_data()) {
            let plan = Plan::builtin();
            let built = build(&plan, &school_side, &u, q1_to_march(), "s".into(), 1, 1_000);
            let text = to_file(&built);
            let read_back = read("f.json", text.as_bytes(), |_| Some(&plan)).expect("the app's own file reads");
            prop_assert_eq!(&read_back.data, &built.data);
            let mut office_side = office();
            import_all(&mut office_side, vec![Incoming::new("f.json".into(), read_back)], 5);
            // Every figure, task state and tally of the school is at the office, and nothing else.
            prop_assert_eq!(office_side.figures.get(&u.id).map(|m| m.iter().map(|(k, f)| (*k, f.iter().map(|(x, s)| (x.clone(), s.v)).collect::<Vec<_>>())).collect::<Vec<_>>()).unwrap_or_default(),
                school_side.figures.get(&u.id).map(|m| m.iter().map(|(k, f)| (*k, f.iter().map(|(x, s)| (x.clone(), s.v)).collect::<Vec<_>>())).collect::<Vec<_>>()).unwrap_or_default());
            let (o, s) = (office_side.work(BUILTIN_PLAN_ID), school_side.work(BUILTIN_PLAN_ID));
            prop_assert_eq!(
                o.tasks.get(&u.id).map(|t| t.iter().map(|(n, p)| (n.clone(), p.status)).collect::<Vec<_>>()).unwrap_or_default(),
                s.tasks.get(&u.id).map(|t| t.iter().map(|(n, p)| (n.clone(), p.status)).collect::<Vec<_>>()).unwrap_or_default()
            );
            let tallies = |w: &crate::core::data::dataset::PlanWork| w.tallies.iter().map(|(r, m)| (r.clone(), m.iter().filter(|(_, t)| !t.v.is_empty()).map(|(c, t)| (c.clone(), t.v)).collect::<Vec<_>>())).filter(|(_, v)| !v.is_empty()).collect::<Vec<_>>();
            prop_assert_eq!(tallies(o), tallies(s));
        }
    }

    /// The office after importing two files in every order: together (either way round) and
    /// one after the other (either first).
    fn in_every_order(a: &Incoming, b: &Incoming, now: Millis) -> Vec<Dataset> {
        let orders = [
            vec![vec![a.clone(), b.clone()]],
            vec![vec![b.clone(), a.clone()]],
            vec![vec![a.clone()], vec![b.clone()]],
            vec![vec![b.clone()], vec![a.clone()]],
        ];
        orders
            .into_iter()
            .map(|batches| {
                let mut o = office();
                for batch in batches {
                    import_all(&mut o, batch, now);
                }
                o
            })
            .collect()
    }

    /// 15/10/2024 and 14/10/2024, 09:00 in Viet Nam (UTC+7), in milliseconds.
    const OCT15: Millis = 1_728_957_600_000;
    const OCT14: Millis = OCT15 - 86_400_000;

    /// Issue 27, item 4, written out: the school sends September's documents, 10 sent and 5
    /// electronic (revision 1, 15/10). Its clock falls back a day; it corrects 5 → 10 and sends
    /// revision 2. Whatever the office imports first, or both at once, target 7.1 reads 10/10.
    #[test]
    fn a_later_revision_wins_when_the_schools_clock_fell_back() {
        let plan = Plan::builtin();
        let u = schools()[1].clone();
        let mut d = Dataset::default();
        d.set_me(u.clone(), 1);
        let sep = ym(9);
        d.set_figure(&u.id, sep, "vb_tong", Some(10), OCT15 - 60_000);
        d.set_figure(&u.id, sep, "vb_dien_tu", Some(5), OCT15 - 60_000);
        let period = Period {
            report: None,
            months: MonthRange::new(ym(1), sep).unwrap(),
        };
        let export = |d: &mut Dataset, clock: Millis| {
            let work = d.work(BUILTIN_PLAN_ID);
            let revision = submission::next_revision(work, period.key());
            let made = submission::made_at(work, clock);
            let s = build(
                &plan,
                d,
                &u,
                period,
                format!("s-{revision}"),
                revision,
                made,
            );
            d.work_mut(BUILTIN_PLAN_ID).sent.insert(
                period.key().into(),
                Stamped {
                    v: revision,
                    t: made,
                },
            );
            let text = to_file(&s);
            let sub = read("x.json", text.as_bytes(), |_| Some(&plan)).unwrap();
            Incoming {
                file: format!("r{revision}.json"),
                sub,
                within: None,
            }
        };
        let r1 = export(&mut d, OCT15);
        d.set_figure(&u.id, sep, "vb_dien_tu", Some(10), OCT14 + 60_000);
        let r2 = export(&mut d, OCT14 + 120_000);
        assert_eq!(r2.sub.revision, 2);
        assert!(
            r2.sub.made_at > r1.sub.made_at,
            "never stamped before the file it corrects"
        );
        let docs = plan.indicator("van_ban_dien_tu").unwrap();
        let rate = |o: &Dataset| {
            let units = [o.unit(&u.id).unwrap()];
            crate::core::figures::indicator::evaluate(
                &plan,
                o,
                docs,
                &units,
                MonthRange::new(sep, sep).unwrap(),
                sep,
            )
            .ratio
        };
        for o in in_every_order(&r1, &r2, OCT15 + 86_400_000) {
            assert_eq!(rate(&o), crate::core::base::ratio::Ratio::new(10, 10));
        }
    }

    /// Two exports in the same millisecond of a frozen clock (files of an older version, or
    /// made by hand): the higher revision wins, in a batch or against the stored value.
    /// Issue 31: a school's March documents, 40 in its first file and 4 in its second: the
    /// office's history of the value names each file. In one batch the first file's value is
    /// superseded before it lands, so the office never held it.
    #[test]
    fn a_values_history_names_the_files_that_brought_each_value() {
        use crate::core::data::provenance::figure_history;
        let u = &schools()[1];
        let mut school = school_data(u, 0);
        school.set_figure(&u.id, ym(3), "vb_tong", Some(45), 11);
        school.set_figure(&u.id, ym(3), "vb_dien_tu", Some(40), 12);
        let r1 = incoming(&school, u, 1, 1_000);
        school.set_figure(&u.id, ym(3), "vb_dien_tu", Some(4), 13);
        let r2 = incoming(&school, u, 2, 2_000);
        let mut one_by_one = office();
        import_all(&mut one_by_one, vec![r1.clone()], 5);
        import_all(&mut one_by_one, vec![r2.clone()], 6);
        let mut together = office();
        import_all(&mut together, vec![r2, r1], 5);
        let seen = |o: &Dataset| -> Vec<(Option<u64>, Option<u32>)> {
            figure_history(o, &u.id, ym(3), "vb_dien_tu")
                .iter()
                .map(|s| (s.value, s.file.map(|f| f.revision)))
                .collect()
        };
        assert_eq!(seen(&one_by_one), [(Some(40), Some(1)), (Some(4), Some(2))]);
        assert_eq!(seen(&together), [(Some(4), Some(2))]);
    }

    #[test]
    fn equal_stamps_are_ordered_by_revision() {
        let u = schools()[1].clone();
        let mut d = school_data(&u, 0);
        let r1 = incoming(&d, &u, 1, OCT15);
        // 18 → 15: smaller, so the tie is not settled by the larger value.
        assert_eq!(d.figure(&u.id, ym(2), "vb_dien_tu"), Some(18));
        d.set_figure(&u.id, ym(2), "vb_dien_tu", Some(15), OCT15);
        let r2 = incoming(&d, &u, 2, OCT15);
        for o in in_every_order(&r1, &r2, OCT15 + 1) {
            assert_eq!(o.figure(&u.id, ym(2), "vb_dien_tu"), Some(15));
        }
    }

    #[test]
    fn a_stamp_in_the_future_or_before_its_period_is_told() {
        let u = schools()[1].clone();
        let d = school_data(&u, 0);
        // A Quý I file (January to March 2024).
        let jan1 = 1_704_067_200_000; // 01/01/2024 00:00 UTC
        assert_eq!(
            clock_of(
                &incoming(&d, &u, 1, jan1 + 40 * 86_400_000).sub,
                jan1 + 50 * 86_400_000
            ),
            Clock::Plausible
        );
        assert_eq!(
            clock_of(
                &incoming(&d, &u, 1, jan1 + 60 * 86_400_000).sub,
                jan1 + 50 * 86_400_000
            ),
            Clock::Future
        );
        assert_eq!(
            clock_of(
                &incoming(&d, &u, 1, jan1 - 40 * 86_400_000).sub,
                jan1 + 50 * 86_400_000
            ),
            Clock::BeforePeriod
        );
    }

    /// Issue 27, item 1, written out: March 40 sent / 10 electronic and April 20 / 20, sent as
    /// revision 1; March emptied and revision 2 sent. In any order, target 7.1 for the school is
    /// 20 / 20 = 100 %, and the preview of revision 2 over revision 1 says "40 → (trống)".
    #[test]
    fn a_value_the_school_cleared_leaves_the_office() {
        let plan = Plan::builtin();
        let u = schools()[1].clone();
        let mut d = Dataset::default();
        d.set_me(u.clone(), 1);
        let (mar, apr) = (ym(3), ym(4));
        d.set_figure(&u.id, mar, "vb_tong", Some(40), 10);
        d.set_figure(&u.id, mar, "vb_dien_tu", Some(10), 10);
        d.set_figure(&u.id, apr, "vb_tong", Some(20), 10);
        d.set_figure(&u.id, apr, "vb_dien_tu", Some(20), 10);
        let w = d.work_mut(BUILTIN_PLAN_ID);
        w.set_assessment(
            &u.id,
            "4",
            Some((crate::core::data::records::Verdict::Met, "PAR".into())),
            10,
        );
        let period = Period {
            report: Some(ReportKind::H1),
            months: MonthRange::new(ym(1), ym(5)).unwrap(),
        };
        let file = |d: &Dataset, revision: u32, made_at: Millis| {
            let s = build(
                &plan,
                d,
                &u,
                period,
                format!("s-{revision}"),
                revision,
                made_at,
            );
            let text = to_file(&s);
            let sub =
                read("x.json", text.as_bytes(), |_| Some(&plan)).expect("the app's file reads");
            Incoming {
                file: format!("r{revision}.json"),
                sub,
                within: None,
            }
        };
        let r1 = file(&d, 1, 1_000);
        assert!(r1.sub.data.removed.is_empty());
        assert!(d.clear_month(&u.id, mar, 1_500));
        d.work_mut(BUILTIN_PLAN_ID)
            .set_assessment(&u.id, "4", None, 1_600);
        let r2 = file(&d, 2, 2_000);
        assert_eq!(r2.sub.schema_version, 2);
        assert_eq!(
            r2.sub.data.removed.figures[&mar]["vb_tong"], 1_500,
            "with the time it was cleared"
        );
        assert_eq!(r2.sub.data.removed.assessments["4"], 1_600);
        assert!(!r2.sub.data.figures.contains_key(&mar));

        let docs = plan.indicator("van_ban_dien_tu").unwrap();
        let rate = |o: &Dataset| {
            let units = [o.unit(&u.id).unwrap()];
            let e = crate::core::figures::indicator::evaluate(
                &plan,
                o,
                docs,
                &units,
                MonthRange::new(ym(1), ym(5)).unwrap(),
                ym(5),
            );
            (e.ratio, e.status)
        };
        let met = (
            crate::core::base::ratio::Ratio::new(20, 20),
            crate::core::figures::indicator::Status::Met,
        );
        for o in in_every_order(&r1, &r2, 3_000) {
            assert_eq!(rate(&o), met);
            assert_eq!(o.figure(&u.id, mar, "vb_tong"), None);
            assert!(o
                .work(BUILTIN_PLAN_ID)
                .assessments
                .get(&u.id)
                .is_none_or(|a| !a.contains_key("4")));
        }
        // The preview of revision 2 over revision 1 shows each removal as its own row.
        let mut o = office();
        import_all(&mut o, vec![r1.clone()], 3_000);
        assert_eq!(rate(&o).0, crate::core::base::ratio::Ratio::new(30, 60));
        let batch = Batch::new(vec![r2.clone()]);
        let landings = vec![Landing::Known(u.id.clone())];
        let p = preview(&o, &batch, &landings);
        let removals: Vec<(&What, &Change)> = batch
            .rows
            .iter()
            .zip(&p.changes)
            .filter(|(r, _)| r.value == Val::Cleared)
            .map(|(r, c)| (&r.what, c))
            .collect();
        assert_eq!(removals.len(), 3, "{removals:?}");
        assert!(removals.contains(&(
            &What::Figure {
                month: mar,
                field: "vb_tong".into()
            },
            &Change::Changed(Box::new(Val::Count(40)))
        )));
        // A file of the current format that says nothing of a value leaves it as it is.
        let mut silent = r2.clone();
        silent.sub.data.removed = Default::default();
        let mut o2 = o.clone();
        import_all(&mut o2, vec![silent], 3_000);
        assert_eq!(o2.figure(&u.id, mar, "vb_tong"), Some(40));
        // Undo: the office's edit after the removal wins over an older file's value.
        import_all(&mut o, vec![r2.clone()], 3_000);
        import_all(&mut o, vec![r1.clone()], 3_100);
        assert_eq!(
            o.figure(&u.id, mar, "vb_tong"),
            None,
            "an older file does not bring it back"
        );
    }

    /// A task's evidence the school removed leaves the office too: the task travels whole.
    #[test]
    fn evidence_the_school_removed_leaves_the_office() {
        let u = schools()[1].clone();
        let mut d = school_data(&u, 0);
        let r1 = incoming(&d, &u, 1, 1_000);
        d.work_mut(BUILTIN_PLAN_ID)
            .remove_evidence(&u.id, "1.2", "e1", 1_500);
        let r2 = incoming(&d, &u, 2, 2_000);
        for o in in_every_order(&r1, &r2, 3_000) {
            let t = o.work(BUILTIN_PLAN_ID).task(&u.id, "1.2").unwrap();
            assert!(t.evidence.is_empty(), "{t:?}");
        }
    }

    /// A survey round the school deleted, and a tally row it cleared, leave the office too.
    #[test]
    fn a_round_removed_and_a_row_cleared_leave_the_office() {
        let u = schools()[1].clone();
        let mut d = school_data(&u, 0);
        let id = format!("ks-{}", u.id);
        // A second row, cleared after the first file.
        let q = d.work(BUILTIN_PLAN_ID).surveys[&id].questionnaire.clone();
        let first = q.all_ids().next().unwrap().to_string();
        d.work_mut(BUILTIN_PLAN_ID).set_tally(
            &id,
            &first,
            Tally {
                n: [0, 0, 0, 50, 50],
                blank: 0,
            },
            10,
        );
        let r1 = incoming(&d, &u, 1, 1_000);
        d.work_mut(BUILTIN_PLAN_ID)
            .set_tally(&id, &first, Tally::default(), 1_200);
        let r2 = incoming(&d, &u, 2, 2_000);
        assert_eq!(r2.sub.data.removed.tallies[&id][&first], 1_200);
        d.work_mut(BUILTIN_PLAN_ID).remove_round(&id, 2_500);
        let r3 = incoming(&d, &u, 3, 3_000);
        assert_eq!(r3.sub.data.removed.surveys[&id].month, ym(3));
        for order in [
            vec![&r1, &r2, &r3],
            vec![&r3, &r1, &r2],
            vec![&r2, &r3, &r1],
        ] {
            let mut o = office();
            for f in &order {
                import_all(&mut o, vec![(*f).clone()], 4_000);
            }
            let w = o.work(BUILTIN_PLAN_ID);
            assert!(!w.surveys.contains_key(&id), "the round is gone");
            assert!(!w.tallies.contains_key(&id));
        }
        let mut o = office();
        import_all(&mut o, vec![r1, r2], 4_000);
        let w = o.work(BUILTIN_PLAN_ID);
        assert!(!w.tallies[&id].contains_key(&first), "the row is gone");
        assert_eq!(w.tallies[&id].len(), 1, "the other row stays");
    }

    /// Issue 28, item 1, written out: on 07/09 the office corrects a school's February
    /// documents from 35 to 36; the school's revision 2 (made 09/09, changing only March) still
    /// carries 35. The preview names the office's correction as a conflict, unticked, and
    /// applying it keeps 36. A later revision that does change February is taken as usual.
    #[test]
    fn an_office_correction_survives_a_later_file_that_never_touched_it() {
        const DAY: Millis = 86_400_000;
        let sep1: Millis = 1_725_148_800_000; // 01/09/2024 00:00 UTC
        let u = schools()[1].clone();
        let mut d = Dataset::default();
        d.set_me(u.clone(), 1);
        d.set_figure(&u.id, ym(2), "vb_tong", Some(35), sep1);
        d.set_figure(&u.id, ym(2), "vb_dien_tu", Some(30), sep1);
        d.set_figure(&u.id, ym(3), "vb_tong", Some(20), sep1);
        let r1 = incoming(&d, &u, 1, sep1 + DAY);
        let mut o = office();
        import_all(&mut o, vec![r1], sep1 + 2 * DAY);
        // 07/09: the office corrects February.
        assert!(o.type_figure(&u.id, ym(2), "vb_tong", Some(36), sep1 + 6 * DAY));
        // 09/09: revision 2 changes only March.
        d.set_figure(&u.id, ym(3), "vb_tong", Some(21), sep1 + 7 * DAY);
        let r2 = incoming(&d, &u, 2, sep1 + 8 * DAY);
        let batch = Batch::new(vec![r2.clone()]);
        let landings = vec![Landing::Known(u.id.clone())];
        let p = preview(&o, &batch, &landings);
        let feb = What::Figure {
            month: ym(2),
            field: "vb_tong".into(),
        };
        let k = batch.rows.iter().position(|r| r.what == feb).unwrap();
        assert_eq!(p.changes[k], Change::Corrected(Box::new(Val::Count(36))));
        assert!(!p.changes[k].accepted_by_default() && p.changes[k].is_conflict());
        import_all(&mut o, vec![r2], sep1 + 9 * DAY);
        assert_eq!(
            o.figure(&u.id, ym(2), "vb_tong"),
            Some(36),
            "the correction is kept"
        );
        assert_eq!(
            o.figure(&u.id, ym(3), "vb_tong"),
            Some(21),
            "March is taken"
        );
        // Revision 3 changes February itself: the school's new value is taken, as usual.
        d.set_figure(&u.id, ym(2), "vb_tong", Some(38), sep1 + 10 * DAY);
        let r3 = incoming(&d, &u, 3, sep1 + 11 * DAY);
        import_all(&mut o, vec![r3], sep1 + 12 * DAY);
        assert_eq!(o.figure(&u.id, ym(2), "vb_tong"), Some(38));
        assert!(o.overridden.is_empty(), "no correction left to keep");
    }

    /// Issue 28, item 5: a refused file stays on record with the school it says it is from —
    /// as the office knows it — and why; a file with markup in its name is named by nobody.
    #[test]
    fn a_refused_file_is_recorded_with_its_school_and_why() {
        let u = schools()[1].clone();
        let d = school_data(&u, 0);
        let text = to_file(&build(
            &Plan::builtin(),
            &d,
            &u,
            q1_to_march(),
            "s".into(),
            1,
            5,
        ));
        let tampered = text.replacen("\"vb_tong\": 10", "\"vb_tong\": 11", 1);
        assert_ne!(tampered, text);
        let plan = Plan::builtin();
        let problems = read("x.json", tampered.as_bytes(), |_| Some(&plan))
            .unwrap_err()
            .problems;
        assert!(problems
            .iter()
            .any(|p| p.error == crate::core::base::error::FieldError::Checksum));
        let sender = submission::sender_of(tampered.as_bytes());
        assert_eq!(
            sender.as_ref().map(|(s, r)| (s.id.as_str(), *r)),
            Some(("u-b", Some(ReportKind::Q1)))
        );
        let o = office();
        let r = refusal(
            &o,
            "x.json",
            sender.as_ref(),
            vec!["Tệp đã bị sửa".into()],
            99,
        );
        assert_eq!(r.unit.as_deref(), Some("u-b"));
        assert_eq!(r.school, "Trường TH Bình Tiên");
        let mut o = o;
        o.refused.insert(r.key(), r.clone());
        assert_eq!(refused_files(&o, Some("u-b")), vec![&r]);
        let hostile = tampered.replacen("Trường TH Bình Tiên", "<b>x</b>", 1);
        assert_eq!(
            submission::sender_of(hostile.as_bytes()).map(|(s, _)| s.name),
            Some(String::new())
        );
        assert_eq!(submission::sender_of(b"not json"), None);
    }

    /// Issue 27, item 5, written out: the school tallies the overall question (100 forms:
    /// 1, 2, 7, 40, 50), hides it, and changes the forms returned to 90. Its file is accepted,
    /// and on both sides the round has no visible answers.
    #[test]
    fn a_criterion_hidden_after_tallying_travels() {
        use crate::core::figures::survey_results::round_results;
        let u = schools()[1].clone();
        let mut d = school_data(&u, 5);
        let id = format!("ks-{}", u.id);
        let w = d.work_mut(BUILTIN_PLAN_ID);
        let mut r = w.surveys.get(&id).cloned().unwrap();
        let overall = r.questionnaire.overall.id.clone();
        r.questionnaire.overall.hidden = true;
        r.returned = 90;
        w.upsert_round(r, 20);
        let file = incoming(&d, &u, 1, 1_000);
        assert_eq!(
            file.sub.data.surveys[0].tallies.get(&overall).map(|t| t.n),
            Some([1, 2, 7, 40, 50])
        );
        let mut o = office();
        import_all(&mut o, vec![file], 2_000);
        let results = |w: &crate::core::data::dataset::PlanWork| {
            round_results(w.surveys.get(&id).unwrap(), &w.tallies)
        };
        assert_eq!(
            results(o.work(BUILTIN_PLAN_ID)),
            results(d.work(BUILTIN_PLAN_ID))
        );
        assert_eq!(results(o.work(BUILTIN_PLAN_ID)).all.valid(), 0);
    }

    /// One edit a school can make to a round's questionnaire and grid.
    #[derive(Debug, Clone)]
    enum FormEdit {
        Rename(usize),
        Add(usize),
        Hide(usize),
        Show(usize),
        /// A row filled in (levels 1–5 and blanks adding up to the forms returned).
        Tally(usize, [u64; 5]),
        /// The forms returned changed; every visible row is typed again to match.
        Returned(u64),
    }

    fn arb_form_edit() -> impl Strategy<Value = FormEdit> {
        prop_oneof![
            (0usize..40).prop_map(FormEdit::Rename),
            (0usize..5).prop_map(FormEdit::Add),
            (0usize..40).prop_map(FormEdit::Hide),
            (0usize..40).prop_map(FormEdit::Show),
            (0usize..40, proptest::array::uniform5(0u64..8))
                .prop_map(|(i, n)| FormEdit::Tally(i, n)),
            (20u64..60).prop_map(FormEdit::Returned),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Issue 27, item 5: whatever a school does to its questionnaire (rename, add, hide
        /// after tallying, show again), its file is accepted by the office, and the round's
        /// results are the same on both sides.
        #[test]
        fn every_questionnaire_edit_gives_a_file_the_office_accepts(
            edits in proptest::collection::vec(arb_form_edit(), 1..12)
        ) {
            use crate::core::data::survey::{Criterion};
            use crate::core::figures::survey_results::{round_results};
            let u = schools()[1].clone();
            let mut d = school_data(&u, 5);
            let id = format!("ks-{}", u.id);
            let w = d.work_mut(BUILTIN_PLAN_ID);
            let ids = |r: &SurveyRound| r.questionnaire.all_ids().map(String::from).collect::<Vec<_>>();
            for (step, e) in edits.into_iter().enumerate() {
                let mut r = w.surveys.get(&id).cloned().unwrap();
                let all = ids(&r);
                let pick = |i: usize| all[i % all.len()].clone();
                match e {
                    FormEdit::Rename(i) => {
                        if let Some(c) = r.questionnaire.criterion_mut(&pick(i)) {
                            c.text = format!("Tiêu chí đổi tên {step}");
                        }
                    }
                    FormEdit::Add(a) => {
                        let fresh = r.questionnaire.fresh_id();
                        let n = r.questionnaire.areas.len();
                        r.questionnaire.areas[a % n].criteria.push(Criterion { id: fresh, text: "Thêm".into(), hidden: false });
                    }
                    FormEdit::Hide(i) | FormEdit::Show(i) => {
                        let hide = matches!(e, FormEdit::Hide(_));
                        if let Some(c) = r.questionnaire.criterion_mut(&pick(i)) {
                            c.hidden = hide;
                        }
                    }
                    FormEdit::Tally(i, n) => {
                        let valid: u64 = n.iter().sum();
                        let blank = r.returned.saturating_sub(valid);
                        let n = if valid > r.returned { [r.returned, 0, 0, 0, 0] } else { n };
                        let blank = if valid > r.returned { 0 } else { blank };
                        w.set_tally(&id, &pick(i), Tally { n, blank }, 20 + step as i64);
                    }
                    FormEdit::Returned(k) => {
                        r.returned = k;
                        r.distributed = Some(k.max(r.distributed.unwrap_or(0)));
                        // The school mends every row its grid shows.
                        for (_, c) in r.questionnaire.visible() {
                            if w.tallies.get(&id).and_then(|t| t.get(&c.id)).is_some() {
                                w.set_tally(&id, &c.id, Tally { n: [0, 0, 0, k, 0], blank: 0 }, 20 + step as i64);
                            }
                        }
                    }
                }
                if !matches!(e, FormEdit::Tally(..)) {
                    w.upsert_round(r, 20 + step as i64);
                }
            }
            // The school's grid shows a difference only on rows it can see; those it mends.
            let r = w.surveys.get(&id).cloned().unwrap();
            for (_, c) in r.questionnaire.visible() {
                let t = crate::core::figures::survey_results::tally_of(&w.tallies, &id, &c.id);
                if !t.is_empty() && t.total() != r.returned {
                    w.set_tally(&id, &c.id, Tally { n: [0, 0, 0, 0, r.returned], blank: 0 }, 99);
                }
            }
            let file = incoming(&d, &u, 1, 1_000);
            let mut o = office();
            import_all(&mut o, vec![file], 2_000);
            let school = d.work(BUILTIN_PLAN_ID);
            let at_office = o.work(BUILTIN_PLAN_ID);
            let results = |w: &crate::core::data::dataset::PlanWork| round_results(w.surveys.get(&id).unwrap(), &w.tallies);
            prop_assert_eq!(results(at_office), results(school));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn merging_files_is_commutative_associative_and_idempotent(
            a in arb_file(), b in arb_file(), c in arb_file()
        ) {
            let (a, b, c) = (vec![a], vec![b], vec![c]);
            let abc = imported(&[&a, &b, &c]);
            prop_assert_eq!(&abc, &imported(&[&c, &b, &a]));
            prop_assert_eq!(&abc, &imported(&[&b, &a, &c]));
            let all = [a[0].clone(), b[0].clone(), c[0].clone()];
            prop_assert_eq!(&abc, &imported(&[&all]));
            let rev = [c[0].clone(), a[0].clone(), b[0].clone()];
            prop_assert_eq!(&abc, &imported(&[&rev]));
            prop_assert_eq!(&abc, &imported(&[&a, &b, &c, &b, &a]));
        }

        #[test]
        fn an_older_revision_never_replaces_a_newer_one(a in arb_file(), b in arb_file()) {
            prop_assume!(a.sub.unit.id == b.sub.unit.id && a.sub.revision != b.sub.revision);
            let (old, new) = if a.sub.revision < b.sub.revision { (a, b) } else { (b, a) };
            let after = imported(&[std::slice::from_ref(&new), &[old]]);
            let unit = &new.sub.unit.id;
            for (m, fields) in &new.sub.data.figures {
                for (f, v) in fields {
                    prop_assert_eq!(after.figure(unit, *m, f), Some(*v));
                }
            }
        }
    }
}
