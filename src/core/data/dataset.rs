//! The user's whole state: who they are, the units they hold data for, and every figure, task
//! status and assessment — each keyed by unit (stable id) and month or task, and each stamped with
//! when it last changed, so that two tabs (and later, many schools' files) can be merged.
//!
//! Edits are plain functions over a `Dataset` that take the time of the change as an argument.

use crate::core::base::map::Map;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::core::base::period::{MonthRange, ReportKind, YearMonth};
use crate::core::data::records::{
    Assessment, Millis, MonthFigures, Stamped, TaskProgress, Unit, UnitId, Verdict, Was,
    HISTORY_KEEP,
};
use crate::core::data::survey::{SurveyRound, Tallies, Tally};
use crate::core::plan::model::HeldPlan;
pub use crate::core::plan::model::UnitKind;

/// When something was cleared: a removal is as much a change as a value, and a unit's next
/// file must tell the office of it (a file that leaves a value out says nothing about it). The
/// stored number is the time of the removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Removal(pub Millis);

/// Month → field id → when the figure was cleared.
pub type MonthRemovals = Map<YearMonth, Map<String, Removal>>;

/// When the flags of a figure (`figures::flags`) were marked as checked: they stay quiet while
/// the figure is not changed after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Checked(pub Millis);

/// Month → field id → when its flags were marked as checked.
pub type MonthChecks = Map<YearMonth, Map<String, Checked>>;

/// A survey round removed with its tallies: whose it was and of which month (which files tell
/// of it), and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedRound {
    pub unit: UnitId,
    pub month: YearMonth,
    pub at: Millis,
}

/// What was removed from a plan's work, and when (see [`Removal`]). A value set again takes
/// its removal away. (A task's progress is never removed, only set back, so it travels as a
/// value.) Since schema version 9.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Removed {
    /// Unit → target number → when its assessment was withdrawn.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub assessments: Map<UnitId, Map<String, Removal>>,
    /// Round id → the round removed.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub rounds: Map<String, RemovedRound>,
    /// Round id → criterion id → when its row was cleared.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub tallies: Map<String, Map<String, Removal>>,
}

impl Removed {
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty() && self.rounds.is_empty() && self.tallies.is_empty()
    }
}

/// Takes one cell out of a unit → month → field map, leaving no empty map behind.
fn take_cell<V>(
    cells: &mut Map<UnitId, Map<YearMonth, Map<String, V>>>,
    unit: &str,
    month: YearMonth,
    field: &str,
) -> Option<V> {
    let months = cells.get_mut(unit)?;
    let fields = months.get_mut(&month)?;
    let taken = fields.remove(field);
    if fields.is_empty() {
        months.remove(&month);
    }
    if months.is_empty() {
        cells.remove(unit);
    }
    taken
}

/// Records a removal under `outer` → `key`, or with `at` = `None` takes it away (the thing was
/// set again), leaving no empty map behind.
fn note_removal(
    removals: &mut Map<String, Map<String, Removal>>,
    outer: &str,
    key: &str,
    at: Option<Millis>,
) {
    match at {
        Some(t) => removals.slot(outer).put(key, Removal(t)),
        None => {
            if let Some(inner) = removals.get_mut(outer) {
                inner.remove(key);
                if inner.is_empty() {
                    removals.remove(outer);
                }
            }
        }
    }
}

/// A plan's id ("pgddt-quan6-2024"): what plan-owned data is keyed by.
pub type PlanId = String;

/// Everything that belongs to one plan: task progress, assessments, adjusted report windows and the
/// year's survey rounds. Keyed by plan id in the dataset (since schema version 3), so that
/// switching plans never touches another plan's work.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanWork {
    /// Stored compact (`compact::tasks`) since schema version 7.
    #[serde(
        default,
        skip_serializing_if = "Map::is_empty",
        with = "crate::core::data::compact::tasks"
    )]
    pub tasks: Map<UnitId, Map<String, TaskProgress>>,
    /// Unit → target number → judgement, for targets without figures.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub assessments: Map<UnitId, Map<String, Assessment>>,
    /// Data windows the user changed; absent ones use the default.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub windows: Map<ReportKind, Stamped<MonthRange>>,
    /// Satisfaction-survey rounds by id (each names its unit). Stored compact
    /// (`compact::rounds`) since schema version 7.
    #[serde(
        default,
        skip_serializing_if = "Map::is_empty",
        with = "crate::core::data::compact::rounds"
    )]
    pub surveys: Map<String, SurveyRound>,
    /// Round id → criterion id → tally. Kept apart from the rounds so that two tabs filling
    /// different rows of one grid both keep their rows.
    #[serde(
        default,
        skip_serializing_if = "Map::is_empty",
        with = "crate::core::data::compact::tallies"
    )]
    pub tallies: Tallies,
    /// Unit → report → what the unit wrote for its period report (number, date, text sections).
    /// Since schema version 4.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub reports: Map<UnitId, Map<ReportKind, ReportDraft>>,
    /// At a school: period key ("q1" … "year", "all") → the last revision exported and when.
    /// Since schema version 5.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub sent: Map<String, Stamped<u32>>,
    /// At the office: the submission files imported, by checksum. Since schema version 5.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub received: Map<String, Receipt>,
    /// Tasks, assessments, survey rounds and tally rows removed, and when. Since schema
    /// version 9.
    #[serde(default, skip_serializing_if = "Removed::is_empty")]
    pub removed: Removed,
}

/// A submission file the office imported: who sent it, for which period, which revision, when it
/// was made and received, and what it brought. The submission matrix is read from these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The office's id of the school (after mapping).
    pub unit: UnitId,
    /// The file's own id.
    pub id: String,
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportKind>,
    pub months: MonthRange,
    pub revision: u32,
    pub made_at: Millis,
    /// The first time this file was imported here.
    pub received_at: Millis,
    /// Values the file carried: figures, tasks, assessments, survey rounds.
    pub counts: [u32; 4],
}

/// What a unit writes into a period report: the number it is issued under, its date, and the
/// four text sections such reports carry (kết quả đạt được; tồn tại, hạn chế và nguyên nhân;
/// phương hướng, nhiệm vụ kỳ tới; kiến nghị, đề xuất). The figures are never stored: they are
/// computed from the data each time the report is opened.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReportDraft {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    pub changed_at: Millis,
}

impl ReportDraft {
    /// The report sections, in order.
    pub const SECTIONS: usize = 4;

    /// Section `i`'s text ("" when not written).
    pub fn section(&self, i: usize) -> &str {
        self.sections.get(i).map(String::as_str).unwrap_or("")
    }
}

/// Everything the user has entered. Serialised inside a versioned envelope (see `persist`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dataset {
    /// Which unit the user is; `None` until the first start is completed.
    #[serde(default)]
    pub me: Option<Stamped<UnitId>>,
    #[serde(default)]
    pub units: Map<UnitId, Unit>,
    /// Unit → month → field: figures belong to units and months, not to plans, so a later year's
    /// plan can compare with the same months of earlier years. Stored compact (`compact`).
    #[serde(default, with = "crate::core::data::compact::figures")]
    pub figures: Map<UnitId, MonthFigures>,
    /// The plan in use; `None` means the built-in plan. Since schema version 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Stamped<PlanId>>,
    /// Plans opened from files or made in the app, by id (the built-in plan is not stored).
    /// Since schema version 3.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub plans: Map<PlanId, Stamped<HeldPlan>>,
    /// Plan id → what belongs to that plan. Since schema version 3.
    #[serde(default)]
    pub work: Map<PlanId, PlanWork>,
    /// At the office: a school id found in submission files → the school it was mapped onto, so
    /// that the next file of a reinstalled school lands on the same school. Since schema version 5.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub aliases: Map<UnitId, Stamped<UnitId>>,
    /// Unit → month → field → when the figure was cleared (see [`Removal`]). Since schema
    /// version 9.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub cleared: Map<UnitId, MonthRemovals>,
    /// At the office: unit → month → field → the value a school's file brought (stamped with
    /// when that file was made) that the office then corrected by hand. A later file of the
    /// school that still carries this value has not changed it, and must not undo the
    /// correction unless the office chooses so (`import::preview`). Since schema version 9.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub overridden: Map<UnitId, MonthFigures>,
    /// At the office: files refused at an import that was applied, by when and name
    /// (`Refusal::key`), so that what was refused and why stays on record after the preview
    /// closes. Since schema version 9.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub refused: Map<String, Refusal>,
    /// Unit → month → field → when the figure's flags were marked as checked. Since schema
    /// version 10.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub checked: Map<UnitId, MonthChecks>,
    /// Unit → month → field → the values the figure held before, oldest first (at most
    /// `HISTORY_KEEP`). Since schema version 12.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub history: Map<UnitId, Map<YearMonth, Map<String, Vec<Was>>>>,
}

/// A school's file the office refused: its name, the school it says it is from (when that much
/// could be read), the report, when it was refused, and the reasons as the clerk was told them
/// (a record of what was said, in the language it was said in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub school: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportKind>,
    pub at: Millis,
    pub reasons: Vec<String>,
}

impl Refusal {
    /// Its key in `Dataset::refused`: when, then the file's name.
    pub fn key(&self) -> String {
        format!("{:013}:{}", self.at.max(0), self.file)
    }
}

/// The work of a plan nobody has touched yet.
static NO_WORK: std::sync::LazyLock<PlanWork> = std::sync::LazyLock::new(PlanWork::default);

impl Dataset {
    pub fn me(&self) -> Option<&Unit> {
        self.me.as_ref().and_then(|m| self.units.get(&m.v))
    }

    /// When the user started here (the first start).
    pub fn started(&self) -> Option<Millis> {
        self.me.as_ref().map(|m| m.t)
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.get(id)
    }

    /// What belongs to a plan (empty if nothing was done under it yet).
    pub fn work(&self, plan: &str) -> &PlanWork {
        self.work.get(plan).unwrap_or(&NO_WORK)
    }

    /// What belongs to a plan, for editing (created on first use, dropped again when left empty
    /// by `tidy`).
    pub fn work_mut(&mut self, plan: &str) -> &mut PlanWork {
        self.work.slot(plan)
    }

    /// Drops plans' work that holds nothing (so that a plan merely looked at leaves no trace).
    pub fn tidy(&mut self) {
        self.work.retain(|_, w| *w != PlanWork::default());
    }

    /// The id of the plan in use, `None` for the built-in plan.
    pub fn plan_in_use(&self) -> Option<&str> {
        self.plan.as_ref().map(|p| p.v.as_str())
    }

    /// Makes a plan the one in use (`None`: the built-in plan). Touches no plan's work.
    pub fn use_plan(&mut self, id: Option<&str>, now: Millis) {
        self.plan = id.map(|id| Stamped {
            v: id.to_string(),
            t: now,
        });
    }

    /// Adds or replaces a plan the browser holds. A replaced plan's stamp always moves forward,
    /// even within one millisecond or under a clock set back, so that what follows the plan in
    /// use by its stamp sees the change, and a merge takes the newer plan.
    pub fn hold_plan(&mut self, plan: HeldPlan, now: Millis) {
        let t = self
            .plans
            .get(&plan.id)
            .map_or(now, |old| now.max(old.t.saturating_add(1)));
        self.plans.insert(plan.id.clone(), Stamped { v: plan, t });
    }

    /// The units the user can look at: their own, then (for a managing unit) the offices by name
    /// and the schools.
    pub fn own_and_schools(&self) -> Vec<&Unit> {
        let me = self.me();
        let mut v: Vec<&Unit> = me.into_iter().collect();
        if me.is_some_and(|m| m.kind == UnitKind::Above) {
            let mut offices: Vec<&Unit> = self
                .units
                .values()
                .filter(|u| u.kind == UnitKind::Office)
                .collect();
            crate::core::base::sorting::sort_by(&mut offices, |a, b| {
                a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
            });
            v.extend(offices);
        }
        v.extend(self.schools());
        v
    }

    /// The schools held in this dataset, by level (mầm non, tiểu học, THCS) then name.
    pub fn schools(&self) -> Vec<&Unit> {
        let mut v: Vec<&Unit> = self
            .units
            .values()
            .filter(|u| u.kind == UnitKind::School)
            .collect();
        crate::core::base::sorting::sort_by(&mut v, |a, b| {
            a.level
                .cmp(&b.level)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }

    pub fn figure(&self, unit: &str, month: YearMonth, field: &str) -> Option<u64> {
        self.figures.get(unit)?.get(&month)?.get(field).map(|s| s.v)
    }

    /// Marks the flags of a figure as checked, at `now`.
    pub fn check_flags(&mut self, unit: &str, month: YearMonth, field: &str, now: Millis) {
        self.checked
            .slot(unit)
            .slot(&month)
            .put(field, Checked(now));
    }

    /// When the flags of a figure were marked as checked, while the figure has not changed
    /// since (a value changed after the check, or in the same millisecond, is flagged again:
    /// a flag is never hidden on an order that cannot be told).
    pub fn flags_checked(&self, unit: &str, month: YearMonth, field: &str) -> Option<Millis> {
        let at = self.checked.get(unit)?.get(&month)?.get(field)?.0;
        let value = self.figures.get(unit)?.get(&month)?.get(field)?;
        (at > value.t).then_some(at)
    }

    pub fn month_figures(
        &self,
        unit: &str,
        month: YearMonth,
    ) -> Option<&Map<String, Stamped<u64>>> {
        self.figures.get(unit)?.get(&month)
    }

    /// Says who the user is: adds or updates their unit and points `me` at it.
    pub fn set_me(&mut self, unit: Unit, now: Millis) {
        let id = unit.id.clone();
        self.upsert_unit(unit, now);
        self.me = Some(Stamped { v: id, t: now });
    }

    pub fn upsert_unit(&mut self, mut unit: Unit, now: Millis) {
        if unit.kind.manages() {
            unit.level = None;
        }
        unit.changed_at = now;
        self.units.insert(unit.id.clone(), unit);
    }

    /// Removes a school with all its data. Destructive: callers journal it first.
    pub fn remove_unit(&mut self, id: &str) {
        self.units.remove(id);
        self.figures.remove(id);
        self.cleared.remove(id);
        self.checked.remove(id);
        self.history.remove(id);
        self.overridden.remove(id);
        self.refused.retain(|_, r| r.unit.as_deref() != Some(id));
        for work in self.work.values_mut() {
            work.remove_unit(id);
        }
        self.aliases.retain(|from, to| from != id && to.v != id);
        self.tidy();
        if self.me.as_ref().is_some_and(|m| m.v == id) {
            self.me = None;
        }
    }

    /// Sets (or with `None`, clears) one monthly figure. Returns whether anything changed.
    pub fn set_figure(
        &mut self,
        unit: &str,
        month: YearMonth,
        field: &str,
        value: Option<u64>,
        now: Millis,
    ) -> bool {
        match value {
            Some(v) => {
                let fields = self.figures.slot(unit).slot(&month);
                let old = fields.get(field).copied();
                if old.map(|s| s.v) == Some(v) {
                    return false;
                }
                fields.put(field, Stamped { v, t: now });
                let cleared = self
                    .cleared
                    .get(unit)
                    .and_then(|m| m.get(&month)?.get(field))
                    .map(|r| Was(None, r.0));
                if let Some(was) = old.map(|o| Was(Some(o.v), o.t)).or(cleared) {
                    self.remember(unit, month, field, was);
                }
                self.note_cleared(unit, month, field, None);
                true
            }
            None => {
                // Written out rather than through `take_cell`: this one is in the first load,
                // where the shared helper measured 0.1 KB more.
                let Some(months) = self.figures.get_mut(unit) else {
                    return false;
                };
                let Some(fields) = months.get_mut(&month) else {
                    return false;
                };
                let removed = fields.remove(field);
                if fields.is_empty() {
                    months.remove(&month);
                }
                if months.is_empty() {
                    self.figures.remove(unit);
                }
                if let Some(old) = removed {
                    self.remember(unit, month, field, Was(Some(old.v), old.t));
                    self.note_cleared(unit, month, field, Some(now));
                }
                removed.is_some()
            }
        }
    }

    /// A figure typed in this browser (`set_figure`, and more). Typed over a value a school's
    /// file brought, the school's value is remembered (`overridden`) until a file's value takes
    /// the cell again; typed back to the school's value, nothing is left to remember.
    pub fn type_figure(
        &mut self,
        unit: &str,
        month: YearMonth,
        field: &str,
        value: Option<u64>,
        now: Millis,
    ) -> bool {
        let old = self
            .figures
            .get(unit)
            .and_then(|m| m.get(&month)?.get(field))
            .copied();
        let kept = self
            .overridden
            .get(unit)
            .and_then(|m| m.get(&month)?.get(field))
            .copied();
        match (old, kept) {
            (_, Some(school)) if value == Some(school.v) => {
                self.forget_override(unit, month, field)
            }
            (Some(old), None) if value != Some(old.v) && self.from_a_file(unit, old.t) => {
                self.overridden.slot(unit).slot(&month).put(field, old);
            }
            _ => {}
        }
        self.set_figure(unit, month, field, value, now)
    }

    /// Whether a value of `unit` stamped `t` came from one of its files (a value imported is
    /// stamped with when its file was made).
    pub fn from_a_file(&self, unit: &str, t: Millis) -> bool {
        self.work.values().any(|w| {
            w.received
                .values()
                .any(|r| r.unit == unit && r.made_at == t)
        })
    }

    /// Drops the record of a correction (the cell holds a school's value again).
    pub fn forget_override(&mut self, unit: &str, month: YearMonth, field: &str) {
        take_cell(&mut self.overridden, unit, month, field);
    }

    /// Records that a figure was cleared at `at`, or (`None`) that it holds a value again.
    pub fn note_cleared(&mut self, unit: &str, month: YearMonth, field: &str, at: Option<Millis>) {
        match at {
            Some(t) => self.cleared.slot(unit).slot(&month).put(field, Removal(t)),
            None => {
                take_cell(&mut self.cleared, unit, month, field);
            }
        }
    }

    /// Clears every figure of a unit's month. Destructive: callers journal it first.
    pub fn clear_month(&mut self, unit: &str, month: YearMonth, now: Millis) -> bool {
        let Some(months) = self.figures.get_mut(unit) else {
            return false;
        };
        let Some(fields) = months.remove(&month) else {
            return false;
        };
        if months.is_empty() {
            self.figures.remove(unit);
        }
        for (field, old) in fields.iter() {
            self.remember(unit, month, field, Was(Some(old.v), old.t));
            self.note_cleared(unit, month, field, Some(now));
        }
        true
    }

    /// Keeps `was` as the latest earlier value of a figure (at most `HISTORY_KEEP`, the oldest
    /// dropped). An entry already held is not added twice (a merge may meet it again).
    pub fn remember(&mut self, unit: &str, month: YearMonth, field: &str, was: Was) {
        let list = self.history.slot(unit).slot(&month).slot(field);
        if list.contains(&was) {
            return;
        }
        list.push(was);
        if list.len() > HISTORY_KEEP {
            list.remove(0);
        }
    }

    /// The months of a unit that hold at least one figure.
    pub fn months_with_data(&self, unit: &str) -> Vec<YearMonth> {
        self.figures
            .get(unit)
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default()
    }
}

impl PlanWork {
    pub fn task(&self, unit: &str, number: &str) -> Option<&TaskProgress> {
        self.tasks.get(unit)?.get(number)
    }

    pub fn window(&self, kind: ReportKind) -> Option<MonthRange> {
        self.windows.get(&kind).map(|s| s.v)
    }

    /// Applies a change to a task's progress, creating it if needed, and stamps it.
    pub fn update_task(
        &mut self,
        unit: &str,
        number: &str,
        now: Millis,
        change: impl FnOnce(&mut TaskProgress),
    ) {
        let tasks = self.tasks.entry(unit.to_string()).or_default();
        let entry = tasks.entry(number.to_string()).or_default();
        let before = entry.clone();
        change(entry);
        if *entry != before {
            entry.changed_at = now;
        }
        // A task's progress is never removed, only set back (its status, evidence and notes
        // travel as they are, "chưa thực hiện" included), so it needs no record of removal.
        if *entry == TaskProgress::default() {
            tasks.remove(number);
        }
    }

    /// Removes one piece of evidence. Destructive: callers journal it first.
    pub fn remove_evidence(
        &mut self,
        unit: &str,
        number: &str,
        evidence_id: &str,
        now: Millis,
    ) -> bool {
        let mut removed = false;
        self.update_task(unit, number, now, |t| {
            let before = t.evidence.len();
            t.evidence.retain(|e| e.id != evidence_id);
            removed = t.evidence.len() != before;
        });
        removed
    }

    pub fn set_assessment(
        &mut self,
        unit: &str,
        target: &str,
        verdict: Option<(Verdict, String)>,
        now: Millis,
    ) {
        let entry = self.assessments.entry(unit.to_string()).or_default();
        let withdrawn = match verdict {
            Some((verdict, note)) => {
                entry.insert(
                    target.to_string(),
                    Assessment {
                        verdict,
                        note,
                        changed_at: now,
                    },
                );
                None
            }
            None => entry.remove(target).map(|_| now),
        };
        if entry.is_empty() {
            self.assessments.remove(unit);
        }
        let set = self
            .assessments
            .get(unit)
            .is_some_and(|a| a.contains_key(target));
        if set || withdrawn.is_some() {
            note_removal(&mut self.removed.assessments, unit, target, withdrawn);
        }
    }

    pub fn set_window(&mut self, kind: ReportKind, window: Option<MonthRange>, now: Millis) {
        match window {
            Some(w) => {
                self.windows.insert(kind, Stamped { v: w, t: now });
            }
            None => {
                self.windows.remove(&kind);
            }
        }
    }

    /// The survey rounds of a unit, newest month first.
    pub fn rounds_of(&self, unit: &str) -> Vec<&SurveyRound> {
        let mut v: Vec<&SurveyRound> = self.surveys.values().filter(|r| r.unit == unit).collect();
        crate::core::base::sorting::sort_by(&mut v, |a, b| {
            b.month.cmp(&a.month).then(a.name.cmp(&b.name))
        });
        v
    }

    /// Adds or replaces a round (its settings and questionnaire), stamped now.
    pub fn upsert_round(&mut self, mut round: SurveyRound, now: Millis) {
        round.changed_at = now;
        self.surveys.insert(round.id.clone(), round);
    }

    /// Removes a round and its tallies, and records the removal. Destructive: callers journal
    /// it first.
    pub fn remove_round(&mut self, id: &str, now: Millis) -> bool {
        self.tallies.remove(id);
        self.removed.tallies.remove(id);
        let Some(round) = self.surveys.remove(id) else {
            return false;
        };
        self.removed.rounds.insert(
            id.to_string(),
            RemovedRound {
                unit: round.unit,
                month: round.month,
                at: now,
            },
        );
        true
    }

    /// Sets (or with an empty tally, clears) one row of a round's grid.
    pub fn set_tally(&mut self, round: &str, criterion: &str, tally: Tally, now: Millis) {
        let rows = self.tallies.entry(round.to_string()).or_default();
        let cleared = if tally.is_empty() {
            rows.remove(criterion).map(|_| now)
        } else {
            if rows.get(criterion).map(|s| s.v) != Some(tally) {
                rows.insert(criterion.to_string(), Stamped { v: tally, t: now });
            }
            None
        };
        if rows.is_empty() {
            self.tallies.remove(round);
        }
        if cleared.is_some() || !tally.is_empty() {
            note_removal(&mut self.removed.tallies, round, criterion, cleared);
        }
    }

    /// A unit's draft of a report, if it wrote anything.
    pub fn report(&self, unit: &str, kind: ReportKind) -> Option<&ReportDraft> {
        self.reports.get(unit)?.get(&kind)
    }

    /// Changes a unit's report draft and stamps it.
    pub fn update_report(
        &mut self,
        unit: &str,
        kind: ReportKind,
        now: Millis,
        change: impl FnOnce(&mut ReportDraft),
    ) {
        let entry = self
            .reports
            .entry(unit.to_string())
            .or_default()
            .entry(kind)
            .or_default();
        let before = entry.clone();
        change(entry);
        if entry.sections.len() < ReportDraft::SECTIONS && !entry.sections.is_empty() {
            entry.sections.resize(ReportDraft::SECTIONS, String::new());
        }
        if *entry != before {
            entry.changed_at = now;
        }
    }

    /// Removes everything of one unit.
    fn remove_unit(&mut self, id: &str) {
        self.tasks.remove(id);
        self.assessments.remove(id);
        self.reports.remove(id);
        self.received.retain(|_, r| r.unit != id);
        let rounds: Vec<String> = self
            .surveys
            .values()
            .filter(|r| r.unit == id)
            .map(|r| r.id.clone())
            .collect();
        for r in rounds {
            self.tallies.remove(&r);
            self.removed.tallies.remove(&r);
            self.surveys.remove(&r);
        }
        // Nothing of a unit that is gone is left to tell.
        self.removed.assessments.remove(id);
        self.removed.rounds.retain(|_, r| r.unit != id);
    }
}

/// An undo journal of the destructive actions. Each entry keeps the dataset just before and just
/// after the action; undoing merges "after → before" into the current state three ways, so edits
/// made since the action survive the undo. Datasets are small (kilobytes): snapshots are simpler
/// and safer than inverse operations.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    entries: Vec<JournalEntry>,
}

#[derive(Debug, Clone)]
pub struct JournalEntry {
    /// What was done, for the "Hoàn tác" message.
    pub action: UndoableAction,
    pub before: Dataset,
    pub after: Dataset,
}

/// The destructive actions that can be undone (the large ones kept across a reload by
/// `last_action`, hence serialisable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum UndoableAction {
    ClearMonth {
        unit: UnitId,
        month: YearMonth,
    },
    RemoveEvidence {
        task: String,
    },
    RemoveUnit {
        name: String,
    },
    RemoveRound {
        name: String,
    },
    /// A round's tally grid filled from an online form's responses.
    FillRound {
        name: String,
    },
    Reset,
    Restore {
        file: String,
    },
    /// Applying a batch of submission files.
    Import {
        files: usize,
    },
    /// A year archived to a file and removed from the browser, or brought back.
    Archive {
        year: i32,
    },
}

impl Journal {
    /// How many destructive actions are remembered.
    pub const CAPACITY: usize = 20;

    pub fn record(&mut self, action: UndoableAction, before: Dataset, after: Dataset) {
        self.entries.push(JournalEntry {
            action,
            before,
            after,
        });
        if self.entries.len() > Self::CAPACITY {
            self.entries.remove(0);
        }
    }

    pub fn last(&self) -> Option<&JournalEntry> {
        self.entries.last()
    }

    /// Undoes the last action on top of `current` by the three-way merge `merge` (the cross-tab
    /// one, `sync::merge3`, passed in because the browser fetches it after the first load):
    /// returns the action and the dataset to use.
    pub fn undo(
        &mut self,
        current: &Dataset,
        merge: fn(&Dataset, &Dataset, &Dataset) -> Dataset,
    ) -> Option<(UndoableAction, Dataset)> {
        let e = self.entries.pop()?;
        Some((e.action, merge(&e.after, current, &e.before)))
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::{Evidence, SchoolLevel, TaskStatus};
    use crate::core::fixtures::ym;

    #[test]
    fn a_checked_figure_is_flagged_again_once_it_changes() {
        let mut d = Dataset::default();
        d.set_figure("u", ym(3), "vb_tong", Some(40), 10);
        assert_eq!(d.flags_checked("u", ym(3), "vb_tong"), None);
        d.check_flags("u", ym(3), "vb_tong", 20);
        assert_eq!(d.flags_checked("u", ym(3), "vb_tong"), Some(20));
        assert_eq!(d.flags_checked("u", ym(2), "vb_tong"), None);
        d.set_figure("u", ym(3), "vb_tong", Some(41), 30);
        assert_eq!(
            d.flags_checked("u", ym(3), "vb_tong"),
            None,
            "changed after the check"
        );
        d.check_flags("u", ym(3), "vb_tong", 40);
        d.set_figure("u", ym(3), "vb_tong", Some(42), 40);
        assert_eq!(
            d.flags_checked("u", ym(3), "vb_tong"),
            None,
            "changed in the same millisecond: the order cannot be told"
        );
        d.remove_unit("u");
        assert!(d.checked.is_empty());
    }

    #[test]
    fn a_replaced_plan_is_stamped_later_even_in_the_same_millisecond() {
        let plan = |subtitle: &str| {
            let mut p = crate::core::plan::model::Plan::builtin();
            p.id = "khac-2026".into();
            p.subtitle = subtitle.into();
            HeldPlan::new(p).unwrap()
        };
        let mut d = Dataset::default();
        d.hold_plan(plan("a"), 100);
        d.hold_plan(plan("b"), 100);
        assert_eq!(d.plans["khac-2026"].t, 101);
        d.hold_plan(plan("c"), 50);
        assert_eq!(d.plans["khac-2026"].t, 102, "a clock set back");
        d.hold_plan(plan("d"), 500);
        assert_eq!(d.plans["khac-2026"].t, 500);
        assert_eq!(d.plans["khac-2026"].v.subtitle, "d");
    }

    fn school(id: &str, name: &str) -> Unit {
        Unit {
            id: id.into(),
            kind: UnitKind::School,
            parent: None,
            name: name.into(),
            level: Some(SchoolLevel::TieuHoc),
            code: String::new(),
            changed_at: 0,
        }
    }

    #[test]
    fn figures_are_set_cleared_and_pruned() {
        let mut d = Dataset::default();
        assert!(d.set_figure("u1", ym(3), "hs_tiep_nhan", Some(12), 10));
        assert!(
            !d.set_figure("u1", ym(3), "hs_tiep_nhan", Some(12), 11),
            "same value is no change"
        );
        assert_eq!(d.figure("u1", ym(3), "hs_tiep_nhan"), Some(12));
        assert_eq!(d.figures["u1"][&ym(3)]["hs_tiep_nhan"].t, 10);
        assert!(d.set_figure("u1", ym(3), "hs_tiep_nhan", None, 12));
        assert!(d.figures.is_empty(), "empty months and units are pruned");
    }

    #[test]
    fn clearing_a_month_leaves_the_others() {
        let mut d = Dataset::default();
        d.set_figure("u1", ym(1), "a", Some(1), 1);
        d.set_figure("u1", ym(2), "a", Some(2), 1);
        assert!(d.clear_month("u1", ym(1), 5));
        assert_eq!(d.months_with_data("u1"), vec![ym(2)]);
        assert!(!d.clear_month("u1", ym(1), 5));
    }

    /// Issue 27, item 1: what is cleared is recorded with its time, so that the unit's next
    /// file can tell the office; a value set again takes the record away.
    #[test]
    fn removals_are_recorded_with_their_time_until_set_again() {
        let mut d = Dataset::default();
        d.set_figure("u", ym(3), "vb_tong", Some(40), 1);
        d.set_figure("u", ym(3), "vb_dien_tu", Some(10), 1);
        d.set_figure("u", ym(4), "vb_tong", Some(20), 1);
        assert!(d.clear_month("u", ym(3), 7));
        assert_eq!(d.cleared["u"][&ym(3)]["vb_tong"], Removal(7));
        assert_eq!(d.cleared["u"][&ym(3)]["vb_dien_tu"], Removal(7));
        d.set_figure("u", ym(3), "vb_tong", Some(41), 8);
        assert!(!d.cleared["u"][&ym(3)].contains_key("vb_tong"));
        d.set_figure("u", ym(4), "vb_tong", None, 9);
        assert_eq!(d.cleared["u"][&ym(4)]["vb_tong"], Removal(9));
        // Clearing what is not there records nothing.
        d.set_figure("u", ym(5), "vb_tong", None, 10);
        assert!(!d.cleared["u"].contains_key(&ym(5)));
        let w = d.work_mut("p");
        w.set_assessment("u", "4", Some((Verdict::Met, String::new())), 1);
        w.set_assessment("u", "4", None, 11);
        assert_eq!(w.removed.assessments["u"]["4"], Removal(11));
        w.set_assessment("u", "4", Some((Verdict::NotMet, String::new())), 12);
        assert!(w.removed.assessments.is_empty());
        w.set_tally(
            "r",
            "c",
            Tally {
                n: [1, 0, 0, 0, 0],
                blank: 0,
            },
            1,
        );
        w.set_tally("r", "c", Tally::default(), 13);
        assert_eq!(w.removed.tallies["r"]["c"], Removal(13));
    }

    #[test]
    fn task_updates_stamp_only_real_changes_and_defaults_vanish() {
        let mut d = Dataset::default();
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("u1", "1.1", 5, |t| t.status = TaskStatus::InProgress);
        assert_eq!(
            d.work(crate::core::plan::model::BUILTIN_PLAN_ID)
                .task("u1", "1.1")
                .unwrap()
                .changed_at,
            5
        );
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("u1", "1.1", 9, |t| t.status = TaskStatus::InProgress);
        assert_eq!(
            d.work(crate::core::plan::model::BUILTIN_PLAN_ID)
                .task("u1", "1.1")
                .unwrap()
                .changed_at,
            5
        );
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("u1", "1.1", 9, |t| {
                t.evidence.push(Evidence {
                    id: "e1".into(),
                    doc_number: "12/KH".into(),
                    ..Default::default()
                })
            });
        assert!(d
            .work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .remove_evidence("u1", "1.1", "e1", 10));
        assert!(!d
            .work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .remove_evidence("u1", "1.1", "e1", 11));
    }

    #[test]
    fn removing_a_unit_removes_its_data() {
        let mut d = Dataset::default();
        d.upsert_unit(school("s1", "A"), 1);
        d.set_figure("s1", ym(1), "a", Some(1), 1);
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("s1", "1.1", 1, |t| t.status = TaskStatus::Done);
        d.remove_unit("s1");
        assert!(d.units.is_empty() && d.figures.is_empty() && d.work.is_empty());
    }

    #[test]
    fn undo_restores_what_was_cleared_and_keeps_later_edits() {
        let mut j = Journal::default();
        let mut d = Dataset::default();
        d.set_figure("u", ym(1), "a", Some(1), 1);
        d.set_figure("u", ym(1), "b", Some(2), 1);
        let before = d.clone();
        d.clear_month("u", ym(1), 5);
        j.record(
            UndoableAction::ClearMonth {
                unit: "u".into(),
                month: ym(1),
            },
            before,
            d.clone(),
        );
        // An edit made after the destructive action…
        d.set_figure("u", ym(2), "a", Some(9), 5);
        let (action, restored) = j.undo(&d, crate::core::storage::sync::merge3).unwrap();
        assert_eq!(
            action,
            UndoableAction::ClearMonth {
                unit: "u".into(),
                month: ym(1)
            }
        );
        assert_eq!(restored.figure("u", ym(1), "a"), Some(1));
        assert_eq!(restored.figure("u", ym(1), "b"), Some(2));
        // …survives the undo.
        assert_eq!(restored.figure("u", ym(2), "a"), Some(9));
        assert!(j
            .undo(&restored, crate::core::storage::sync::merge3)
            .is_none());
    }

    #[test]
    fn the_journal_forgets_the_oldest() {
        let mut j = Journal::default();
        for i in 0..(Journal::CAPACITY + 5) {
            j.record(
                UndoableAction::RemoveEvidence {
                    task: i.to_string(),
                },
                Dataset::default(),
                Dataset::default(),
            );
        }
        assert_eq!(j.len(), Journal::CAPACITY);
        assert_eq!(
            j.last().unwrap().action,
            UndoableAction::RemoveEvidence {
                task: (Journal::CAPACITY + 4).to_string()
            }
        );
    }

    #[test]
    fn schools_are_listed_by_name() {
        let mut d = Dataset::default();
        d.upsert_unit(school("s2", "Trường B"), 1);
        d.upsert_unit(school("s1", "Trường A"), 1);
        let names: Vec<&str> = d.schools().iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, vec!["Trường A", "Trường B"]);
    }

    /// Issue 9: switching plans and back leaves every plan's data identical, and an edit made
    /// under one plan touches no other plan's work.
    mod switching {
        use super::*;
        use proptest::prelude::*;

        fn arb() -> impl Strategy<Value = Dataset> {
            proptest::collection::vec((0usize..3, 0u32..3, 0usize..4, 0i64..50), 0..16).prop_map(
                |entries| {
                    let mut d = Dataset::default();
                    for (p, u, n, t) in entries {
                        let plan = ["pgddt-quan6-2024", "pgddt-quan6-2025", "khac-2026"][p];
                        d.work_mut(plan)
                            .update_task(&format!("u{u}"), &format!("2.{n}"), t, |x| {
                                x.status = TaskStatus::InProgress;
                                x.notes = format!("{plan}/{t}");
                            });
                        d.work_mut(plan).set_window(
                            ReportKind::Q1,
                            MonthRange::new(ym(1), ym(1 + u)),
                            t,
                        );
                    }
                    d.set_figure("u0", ym(3), "vb_tong", Some(7), 1);
                    d
                },
            )
        }

        proptest! {
            #[test]
            fn switching_plans_and_back_changes_no_plans_data(
                d in arb(),
                path in proptest::collection::vec(0usize..4, 1..6),
                edit_under in 0usize..3,
            ) {
                let ids = [None, Some("pgddt-quan6-2025"), Some("khac-2026"), Some("pgddt-quan6-2024")];
                let mut x = d.clone();
                for (i, p) in path.iter().enumerate() {
                    x.use_plan(ids[*p], i as Millis);
                }
                x.use_plan(d.plan_in_use(), 0);
                x.plan = d.plan.clone();
                prop_assert_eq!(&x, &d);
                // An edit under one plan leaves the others' work as it was.
                let plan = ["pgddt-quan6-2024", "pgddt-quan6-2025", "khac-2026"][edit_under];
                x.use_plan(Some(plan), 99);
                x.work_mut(plan).update_task("u9", "9.9", 99, |t| t.status = TaskStatus::Done);
                for other in ["pgddt-quan6-2024", "pgddt-quan6-2025", "khac-2026"] {
                    if other != plan {
                        prop_assert_eq!(x.work(other), d.work(other));
                    }
                }
                prop_assert_eq!(&x.figures, &d.figures);
            }
        }
    }
}
