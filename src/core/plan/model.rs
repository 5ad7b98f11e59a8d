//! The plan model: what the issued plan says (transcribed word for word) plus the app's measurement
//! model (which raw counts each quantified goal needs). Plans are data: the 2024 plan is built in and
//! any file in the same format can be loaded and validated with [`Plan::from_json`].

use std::collections::BTreeSet;

use crate::core::base::sorting::set_of;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::base::ratio::Guard;

use crate::core::base::error::{FieldError, Located};
use crate::core::base::period::{ReportKind, YearMonth};

/// The format name every plan file starts with.
pub const PLAN_FORMAT: &str = "cchc-plan";
/// The newest plan-file schema this app reads.
pub const PLAN_SCHEMA_VERSION: u32 = 1;

/// The id of the built-in plan: the data of today's users belongs to it.
pub const BUILTIN_PLAN_ID: &str = "pgddt-quan6-2024";

/// The built-in plan, the document the app was made from (its unit is named by the plan itself):
/// `plans/2024-pgddt-quan6.plan.json` without its whitespace between tokens (`build.rs`).
pub const BUILTIN_PLAN_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/2024-pgddt-quan6.plan.json"));

/// A plan the browser holds, with its JSON as it was read or written when it was taken in. The
/// dataset is stored with that text as it is, and a copy shares the plan: the first download
/// (which reads and saves the dataset) then needs no plan encoder or deep copy — only the code
/// that takes a plan in (a file, the editor: after the first load) writes the text.
#[derive(Debug, Clone)]
pub struct HeldPlan {
    plan: std::sync::Arc<Plan>,
    json: Box<serde_json::value::RawValue>,
}

impl HeldPlan {
    /// Writes the plan's text (a plan of strings, numbers and lists always has one; the error is
    /// passed on rather than assumed away).
    pub fn new(plan: Plan) -> Result<HeldPlan, serde_json::Error> {
        Ok(HeldPlan {
            json: serde_json::value::to_raw_value(&plan)?,
            plan: std::sync::Arc::new(plan),
        })
    }

    /// The plan, for as long as the program runs (a plan in use is shared by every page).
    pub fn leak(&self) -> &'static Plan {
        let shared: &'static std::sync::Arc<Plan> = Box::leak(Box::new(self.plan.clone()));
        shared
    }
}

impl std::ops::Deref for HeldPlan {
    type Target = Plan;

    fn deref(&self) -> &Plan {
        &self.plan
    }
}

/// Two holdings are equal when they share their plan or hold the same text but for whitespace.
/// The text is compared rather than the plan so that the first load carries no comparison of
/// plans (0.8 KB). Equal plans written in two other forms (members in another order, by an older
/// version) compare unequal: an equality of datasets then sees a change where there is none, so a
/// save writes the same plan again, or a merge picks one of two equal plans by its stamp — never
/// a wrong plan.
impl PartialEq for HeldPlan {
    fn eq(&self, other: &HeldPlan) -> bool {
        std::sync::Arc::ptr_eq(&self.plan, &other.plan)
            || significant(self.json.get()).eq(significant(other.json.get()))
    }
}

/// The bytes of JSON text without the whitespace between its tokens.
fn significant(text: &str) -> impl Iterator<Item = u8> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    text.bytes().filter(move |&c| {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            true
        } else {
            in_string = c == b'"';
            !matches!(c, b' ' | b'\t' | b'\n' | b'\r')
        }
    })
}

impl Serialize for HeldPlan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

impl<'de> Deserialize<'de> for HeldPlan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<HeldPlan, D::Error> {
        let json = Box::<serde_json::value::RawValue>::deserialize(d)?;
        let plan: Plan =
            crate::core::base::json::from_str(json.get()).map_err(serde::de::Error::custom)?;
        Ok(HeldPlan {
            plan: std::sync::Arc::new(plan),
            json,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format: String,
    pub schema_version: u32,
    pub id: String,
    pub year: i32,
    pub title: String,
    pub subtitle: String,
    pub issuer: String,
    /// The document's number and date of issue ("Số: 125/KH-GDĐT", "ngày 05 tháng 02 năm
    /// 2025"); empty where the transcription does not carry them.
    #[serde(default, skip_serializing_if = "Document::is_empty")]
    pub document: Document,
    /// How the issuing office heads its documents (Nghị định 30/2020/NĐ-CP): the governing body,
    /// the office, the place written before the date, and its documents' symbol. The app's model
    /// of the letterhead, not transcription (the source text starts at the title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letterhead: Option<Letterhead>,
    /// What the plan calls the unit that manages the schools and the unit above it, so that the
    /// interface, its files and reports name them as the plan does and never as the code would.
    #[serde(default, skip_serializing_if = "UnitNames::is_empty")]
    pub units: UnitNames,
    pub legal_basis: Vec<LegalBasis>,
    pub preamble: String,
    pub headings: Headings,
    pub objectives: Vec<Objective>,
    pub targets: Vec<Target>,
    pub task_areas: Vec<TaskArea>,
    pub footnotes: Vec<Footnote>,
    pub roles: Vec<Role>,
    pub organisation: Vec<Duty>,
    pub reporting: Vec<ReportDue>,
    pub closing: String,
    pub recipients: Vec<String>,
    pub signer: Signer,
    pub measures: Measures,
}

/// The heading of the office's administrative documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letterhead {
    /// The governing body: "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN".
    pub parent: String,
    /// The issuing office: "PHÒNG VĂN HÓA - XÃ HỘI".
    pub body: String,
    /// The place written before the date: "Bình Tiên, ngày … tháng … năm …".
    pub place: String,
    /// The office's abbreviation in document symbols: "VHXH" in "Số: 15/BC-VHXH".
    pub symbol: String,
}

/// The names of the units a plan concerns. Empty parts fall back: the managing unit to the plan's
/// issuer, a short name to the full one (see [`Plan::office_name`] and the others). The member
/// units are schools under every plan the app serves (mầm non, tiểu học, THCS), so they are not
/// named here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitNames {
    /// The managing unit in full: "Phòng Văn hóa - Xã hội phường Bình Tiên".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub office: String,
    /// The managing unit as sentences name it: "Phòng VH-XH" ("gửi tệp cho Phòng VH-XH").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub office_short: String,
    /// The unit above, which receives the office's period files: "Sở Giáo dục và Đào tạo Thành
    /// phố Hồ Chí Minh".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub above: String,
    /// The unit above as sentences name it: "Sở GD&ĐT".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub above_short: String,
}

impl UnitNames {
    pub fn is_empty(&self) -> bool {
        self.office.is_empty()
            && self.office_short.is_empty()
            && self.above.is_empty()
            && self.above_short.is_empty()
    }
}

/// The number and date a plan was issued under.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub date: Option<NaiveDate>,
}

impl Document {
    pub fn is_empty(&self) -> bool {
        self.number.is_empty() && self.date.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    pub text: String,
    pub reference: String,
    #[serde(with = "crate::core::base::format::iso_date")]
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    pub objectives: String,
    pub targets: String,
    pub tasks: String,
    pub organisation: String,
    pub reporting: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub number: String,
    pub text: String,
}

/// Who reports the figures of a target: the office itself, each school, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reporter {
    Office,
    Schools,
    Both,
}

impl Reporter {
    pub fn includes(self, kind: UnitKind) -> bool {
        matches!(
            (self, kind),
            (Reporter::Both, _)
                | (Reporter::Office, UnitKind::Office)
                | (Reporter::Schools, UnitKind::School)
        )
    }
}

/// The kinds of unit in the tree: school → managing office → unit above. Kept here because the
/// plan's reporters refer to the first two; a unit above (a Sở department, a People's Committee
/// collecting its offices) reports no figure of its own under the plan: it sums its offices'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Office,
    School,
    Above,
}

impl UnitKind {
    /// Whether a unit of this kind manages others (and so sees every unit under it).
    pub fn manages(self) -> bool {
        self != UnitKind::School
    }

    /// The kind as files write it.
    pub fn slug(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::School => "school",
            UnitKind::Above => "above",
        }
    }
}

/// A comparison operator of a quantified goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "=")]
    Exactly,
}

impl Operator {
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::AtLeast => "≥",
            Operator::Above => ">",
            Operator::Exactly => "=",
        }
    }
}

/// A number the plan sets for itself: "từ 98% trở lên", "Trên 80%", "100%".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique across the plan: a target's number ("2.1") or a task goal's id ("3.9a").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub operator: Operator,
    /// Percent, e.g. 98 or 97.5.
    pub threshold: f64,
    /// The words of the plan that state this goal (checked against the source text).
    pub quote: String,
}

impl Goal {
    /// The threshold in hundredths of a percent, so that comparisons are exact integer arithmetic.
    pub fn threshold_bp(&self) -> u64 {
        (self.threshold * 100.0).round().max(0.0) as u64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub number: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<Reporter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// Sub-targets (2.1, 2.2…) under a heading target ("2. Về giải quyết hồ sơ…").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskArea {
    pub number: String,
    pub title: String,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub number: String,
    /// Footnote references are written `[^n]` where the plan has a superscript n.
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bullets: Vec<String>,
    /// Who the task's own words name as responsible, e.g. "người đứng đầu".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// Roles of the organisation section that this task falls to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// When the plan wants the task done (units may set their own date on their progress).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::core::base::format::opt_iso_date"
    )]
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// The role is the schools under the unit: a task that falls to it is a school's own too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub schools: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub number: String,
    pub roles: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDue {
    pub kind: ReportKind,
    pub text: String,
    /// The plan says "trước ngày …": the report must arrive before this date.
    #[serde(with = "crate::core::base::format::iso_date")]
    pub due_before: NaiveDate,
    /// The months the report covers, where the plan sets them; otherwise January to the month
    /// before the due date. A unit may still adjust its own window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<crate::core::base::period::MonthRange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub title: String,
    pub name: String,
}

/// A label the app adds (not part of the plan's text), in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub vi: String,
    pub en: String,
}

/// The app's measurement model: the raw counts units enter and the formulas built on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measures {
    pub groups: Vec<FieldGroup>,
    pub fields: Vec<Field>,
    pub constraints: Vec<Constraint>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldGroup {
    pub id: String,
    pub label: Label,
}

/// How a count behaves over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Happens during the month (dossiers received): a window sums its months.
    Flow,
    /// A slowly changing state (staff in post): a value holds until a later month replaces it, so
    /// a window takes the latest value at or before its end, within the year.
    Stock,
    /// A state at the end of each month that is re-counted every month (dossiers still in
    /// progress): a window takes the value of its last month only, never carried from an earlier
    /// month, and never summed (summing would count a dossier once for every month it stays open).
    MonthEnd,
    /// A yes/no state stored as 0 or 1, taken like a stock.
    Flag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: Label,
    pub kind: FieldKind,
    pub group: String,
    pub reporters: Vec<UnitKind>,
}

/// "Parts not above their whole": the sum of `part` should not exceed the sum of `whole` in a month
/// (stocks compared as carried forward).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    pub part: Vec<String>,
    pub whole: Vec<String>,
    /// A strict relation is refused at entry. A relation the plan text does not make strict
    /// (digitising a backlog, an apology issued before a dossier is late) only warns.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub strict: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Where an indicator's counts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Monthly figures typed in by units.
    Figures,
    /// Satisfaction-survey tallies.
    Survey,
}

/// What closing a gap means: more good items on top of the total, or turning existing items good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapMode {
    /// Each new item adds to numerator and denominator (dossiers handled on time from now on).
    Future,
    /// Existing items can still be made good (staff who get a digital signature).
    CatchUp,
}

/// A denominator term meaning "one per unit in the scope".
pub const UNITS_TERM: &str = "$units";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    /// Ids of the goals (target numbers or task goal ids) this indicator measures.
    pub goals: Vec<String>,
    pub label: Label,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numerator: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub denominator: Vec<String>,
    pub reporters: Vec<UnitKind>,
    /// What one numerator item is called: "hồ sơ đúng hạn".
    pub good: Label,
    pub gap_mode: GapMode,
}

/// Where a goal stands in the plan, for display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GoalOwner<'a> {
    Target(&'a Target),
    Task(&'a Task),
}

impl Plan {
    /// The built-in plan. The test suite reads it as any plan file is read, header and every rule
    /// (`the_builtin_plan_is_a_valid_plan_file`), so here it is only decoded — no second reading
    /// and no checks at every start — and failing is a build defect.
    pub fn builtin() -> Plan {
        match crate::core::base::json::from_str(BUILTIN_PLAN_JSON) {
            Ok(plan) => plan,
            Err(e) => panic!("built-in plan is invalid: {e}"),
        }
    }

    /// Reads and validates a plan file; every problem is returned with its location.
    pub fn from_json(text: &str) -> Result<Plan, Vec<Located>> {
        let header: Header =
            crate::core::base::json::from_str(text).map_err(|e| vec![Located::from_json(&e)])?;
        let header_errors = check_header(&header);
        if !header_errors.is_empty() {
            return Err(header_errors);
        }
        let plan: Plan =
            crate::core::base::json::from_str(text).map_err(|e| vec![Located::from_json(&e)])?;
        let errors = plan.validate();
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }

    /// The unit that manages the schools, in full: the plan's name for it, else its issuer.
    pub fn office_name(&self) -> &str {
        first_of(&[&self.units.office, &self.issuer])
    }

    /// The managing unit as sentences name it ("gửi tệp cho Phòng GD&ĐT"): the plan's short
    /// name, else its full one.
    pub fn office_short(&self) -> &str {
        first_of(&[&self.units.office_short, self.office_name()])
    }

    /// The unit above the managing unit, in full, when the plan names it.
    pub fn above_name(&self) -> Option<&str> {
        (!self.units.above.trim().is_empty()).then_some(self.units.above.as_str())
    }

    /// The unit above as sentences name it, when the plan names it.
    pub fn above_short(&self) -> Option<&str> {
        self.above_name()
            .map(|full| first_of(&[&self.units.above_short, full]))
    }

    /// Leaf targets (those that are not headings), in plan order.
    pub fn leaf_targets(&self) -> Vec<&Target> {
        fn walk<'a>(targets: &'a [Target], out: &mut Vec<&'a Target>) {
            for t in targets {
                if t.items.is_empty() {
                    out.push(t);
                } else {
                    walk(&t.items, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.targets, &mut out);
        out
    }

    pub fn tasks(&self) -> impl Iterator<Item = (&TaskArea, &Task)> {
        self.task_areas
            .iter()
            .flat_map(|a| a.tasks.iter().map(move |t| (a, t)))
    }

    pub fn task(&self, number: &str) -> Option<&Task> {
        self.tasks().map(|(_, t)| t).find(|t| t.number == number)
    }

    /// Every goal in the plan with its id and where it is stated.
    pub fn goals(&self) -> Vec<(String, &Goal, GoalOwner<'_>)> {
        let mut out = Vec::new();
        for t in self.leaf_targets() {
            if let Some(g) = &t.goal {
                out.push((t.number.clone(), g, GoalOwner::Target(t)));
            }
        }
        for (_, task) in self.tasks() {
            for g in &task.goals {
                out.push((g.id.clone(), g, GoalOwner::Task(task)));
            }
        }
        out
    }

    pub fn goal(&self, id: &str) -> Option<(&Goal, GoalOwner<'_>)> {
        self.goals()
            .into_iter()
            .find(|(gid, _, _)| gid == id)
            .map(|(_, g, o)| (g, o))
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.measures.fields.iter().find(|f| f.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.measures.indicators.iter().find(|i| i.id == id)
    }

    /// The indicator that measures a goal, if any.
    pub fn indicator_for_goal(&self, goal_id: &str) -> Option<&Indicator> {
        self.measures
            .indicators
            .iter()
            .find(|i| i.goals.iter().any(|g| g == goal_id))
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The plan's reporting periods, with user-chosen windows where there are any.
    pub fn reporting_periods(
        &self,
        custom: impl Fn(ReportKind) -> Option<crate::core::base::period::MonthRange>,
    ) -> Vec<crate::core::base::period::ReportingPeriod> {
        self.reporting
            .iter()
            .map(|r| {
                let chosen = custom(r.kind);
                crate::core::base::period::ReportingPeriod {
                    kind: r.kind,
                    due_before: r.due_before,
                    window: chosen.or(r.window).unwrap_or_else(|| {
                        crate::core::base::period::default_window(self.year, r.due_before)
                    }),
                    custom_window: chosen.is_some(),
                }
            })
            .collect()
    }

    /// Whether the plan says which of its tasks fall to the schools (a role marked `schools`).
    pub fn names_schools_tasks(&self) -> bool {
        self.roles.iter().any(|r| r.schools)
    }

    /// Whether a task falls to the schools under the unit.
    pub fn is_schools_task(&self, task: &Task) -> bool {
        task.roles
            .iter()
            .any(|id| self.role(id).is_some_and(|r| r.schools))
    }

    /// The names of the roles a task falls to.
    pub fn role_names(&self, task: &Task) -> Vec<String> {
        task.roles
            .iter()
            .filter_map(|r| self.role(r))
            .map(|r| r.name.clone())
            .collect()
    }

    pub fn footnote(&self, number: u32) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.number == number)
    }

    /// The months of the plan's year, January to December.
    pub fn months(&self) -> Vec<YearMonth> {
        (1..=12)
            .filter_map(|m| YearMonth::new(self.year, m))
            .collect()
    }

    /// The first goal the indicator measures: its operator and threshold are the indicator's.
    pub fn primary_goal(&self, indicator: &Indicator) -> Option<&Goal> {
        indicator
            .goals
            .first()
            .and_then(|g| self.goal(g))
            .map(|(g, _)| g)
    }

    /// Whether the plan lets this indicator's numerator exceed its denominator: a relation
    /// between exactly those fields that is not strict (digitised dossiers may outnumber those
    /// received in the window, since a backlog is digitised later; apology slips may outnumber
    /// the late dossiers). Such a rate above 100 % still gets its verdict, with a warning.
    pub fn may_exceed(&self, indicator: &Indicator) -> bool {
        let same =
            |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|f| b.contains(f));
        self.measures.constraints.iter().any(|c| {
            !c.strict
                && same(&c.part, &indicator.numerator)
                && same(&c.whole, &indicator.denominator)
        })
    }

    /// Every problem of the plan, located by field path (empty: the plan is valid).
    pub fn problems(&self) -> Vec<Located> {
        self.validate()
    }

    fn validate(&self) -> Vec<Located> {
        let mut errors = Vec::new();
        let mut err = |path: String, e: FieldError| errors.push(Located::new(path, e));
        self.check_document(&mut err);
        let mut goal_ids = self.check_targets(&mut err);
        self.check_tasks(&mut goal_ids, &mut err);
        self.check_organisation(&mut err);
        self.check_reporting(&mut err);
        self.check_measures(&goal_ids, &mut err);
        errors
    }

    /// The year, the plan's id and date, and unique objective numbers.
    fn check_document(&self, err: &mut dyn FnMut(String, FieldError)) {
        if !(2000..=2100).contains(&self.year) {
            err("year".into(), FieldError::OutOfRange);
        }
        // Numbers are unique within their list.
        let mut seen = BTreeSet::new();
        for (i, o) in self.objectives.iter().enumerate() {
            if !seen.insert(o.number.as_str()) {
                err(
                    format!("objectives[{i}].number"),
                    FieldError::Duplicate(o.number.clone()),
                );
            }
        }
        if self
            .document
            .date
            .is_some_and(|d| d.year() + 1 < self.year || d.year() > self.year)
        {
            err("document.date".into(), FieldError::OutOfRange);
        }
        if self.id.trim().is_empty() {
            err("id".into(), FieldError::Missing);
        }
        self.check_issuer(err);
    }

    /// The issuer is named, and a letterhead has the body and place every document shows.
    fn check_issuer(&self, err: &mut dyn FnMut(String, FieldError)) {
        if self.issuer.trim().is_empty() {
            err("issuer".into(), FieldError::Missing);
        }
        if let Some(lh) = &self.letterhead {
            for (part, text) in [("body", &lh.body), ("place", &lh.place)] {
                if text.trim().is_empty() {
                    err(format!("letterhead.{part}"), FieldError::Missing);
                }
            }
        }
    }

    /// Targets: unique numbers, a reporter for each leaf, a text, goals on leaves only. Returns
    /// the ids of the goals they set, which tasks add to and indicators measure.
    fn check_targets(&self, err: &mut dyn FnMut(String, FieldError)) -> BTreeSet<String> {
        let mut goal_ids = BTreeSet::new();
        let mut target_numbers = BTreeSet::new();
        fn targets_walk<'a>(ts: &'a [Target], path: &str, out: &mut Vec<(String, &'a Target)>) {
            for (i, t) in ts.iter().enumerate() {
                let p = format!("{path}[{i}]");
                out.push((p.clone(), t));
                targets_walk(&t.items, &format!("{p}.items"), out);
            }
        }
        let mut all_targets = Vec::new();
        targets_walk(&self.targets, "targets", &mut all_targets);
        for (path, t) in &all_targets {
            if !target_numbers.insert(t.number.as_str()) {
                err(
                    format!("{path}.number"),
                    FieldError::Duplicate(t.number.clone()),
                );
            }
            if t.items.is_empty() && t.reporter.is_none() {
                err(format!("{path}.reporter"), FieldError::Missing);
            }
            if t.text.trim().is_empty() {
                err(format!("{path}.text"), FieldError::Missing);
            }
            if let Some(g) = &t.goal {
                if !t.items.is_empty() {
                    err(
                        format!("{path}.goal"),
                        FieldError::Invalid("heading targets carry no goal".into()),
                    );
                }
                check_goal(g, &t.text, &format!("{path}.goal"), err);
                if !goal_ids.insert(t.number.clone()) {
                    err(
                        format!("{path}.number"),
                        FieldError::Duplicate(t.number.clone()),
                    );
                }
            }
        }
        goal_ids
    }

    /// Tasks: unique numbers within their area, a text, due dates in the plan's year, known roles
    /// and footnotes, and their own goals (added to `goal_ids`).
    fn check_tasks(
        &self,
        goal_ids: &mut BTreeSet<String>,
        err: &mut dyn FnMut(String, FieldError),
    ) {
        let role_ids = set_of(self.roles.iter().map(|r| r.id.as_str()));
        let footnote_numbers = set_of(self.footnotes.iter().map(|f| f.number));
        let mut task_numbers = BTreeSet::new();
        for (ai, area) in self.task_areas.iter().enumerate() {
            for (ti, task) in area.tasks.iter().enumerate() {
                let path = format!("task_areas[{ai}].tasks[{ti}]");
                if !task_numbers.insert(task.number.as_str()) {
                    err(
                        format!("{path}.number"),
                        FieldError::Duplicate(task.number.clone()),
                    );
                }
                if !task.number.starts_with(&format!("{}.", area.number)) {
                    err(
                        format!("{path}.number"),
                        FieldError::Invalid(format!("not in area {}", area.number)),
                    );
                }
                if task.text.trim().is_empty() {
                    err(format!("{path}.text"), FieldError::Missing);
                }
                if task.due.is_some_and(|d| d.year() != self.year) {
                    err(format!("{path}.due"), FieldError::OutOfRange);
                }
                for (ri, r) in task.roles.iter().enumerate() {
                    if !role_ids.contains(r.as_str()) {
                        err(
                            format!("{path}.roles[{ri}]"),
                            FieldError::UnknownRef(r.clone()),
                        );
                    }
                }
                for n in footnote_refs(&task.text) {
                    if !footnote_numbers.contains(&n) {
                        err(
                            format!("{path}.text"),
                            FieldError::UnknownRef(format!("[^{n}]")),
                        );
                    }
                }
                for (gi, g) in task.goals.iter().enumerate() {
                    let gpath = format!("{path}.goals[{gi}]");
                    if g.id.is_empty() {
                        err(format!("{gpath}.id"), FieldError::Missing);
                    } else if !goal_ids.insert(g.id.clone()) {
                        err(format!("{gpath}.id"), FieldError::Duplicate(g.id.clone()));
                    }
                    check_goal(g, &task.text, &gpath, err);
                }
            }
        }
    }

    /// The organisation's duties name known roles.
    fn check_organisation(&self, err: &mut dyn FnMut(String, FieldError)) {
        let role_ids = set_of(self.roles.iter().map(|r| r.id.as_str()));
        for (i, d) in self.organisation.iter().enumerate() {
            for (ri, r) in d.roles.iter().enumerate() {
                if !role_ids.contains(r.as_str()) {
                    err(
                        format!("organisation[{i}].roles[{ri}]"),
                        FieldError::UnknownRef(r.clone()),
                    );
                }
            }
        }
    }

    /// The reporting calendar: each report once, due and windowed within the plan's year.
    fn check_reporting(&self, err: &mut dyn FnMut(String, FieldError)) {
        let mut kinds = BTreeSet::new();
        for (i, r) in self.reporting.iter().enumerate() {
            if !kinds.insert(r.kind) {
                err(
                    format!("reporting[{i}].kind"),
                    FieldError::Duplicate(format!("{:?}", r.kind)),
                );
            }
            if r.due_before.year() != self.year {
                err(format!("reporting[{i}].due_before"), FieldError::OutOfRange);
            }
            if let Some(w) = r.window {
                if w.from.year() != self.year || w.to.year() != self.year || w.from > w.to {
                    err(format!("reporting[{i}].window"), FieldError::OutOfRange);
                }
            }
        }
        if self.reporting.is_empty() {
            err("reporting".into(), FieldError::Missing);
        }
    }

    /// The measurement model refers only to things that exist: fields in known groups, terms that
    /// are fields, indicators measuring goals that exist, each goal measured once.
    fn check_measures(&self, goal_ids: &BTreeSet<String>, err: &mut dyn FnMut(String, FieldError)) {
        let m = &self.measures;
        let group_ids = set_of(m.groups.iter().map(|g| g.id.as_str()));
        let mut field_ids = BTreeSet::new();
        for (i, f) in m.fields.iter().enumerate() {
            if !field_ids.insert(f.id.as_str()) || f.id == UNITS_TERM {
                err(
                    format!("measures.fields[{i}].id"),
                    FieldError::Duplicate(f.id.clone()),
                );
            }
            if !group_ids.contains(f.group.as_str()) {
                err(
                    format!("measures.fields[{i}].group"),
                    FieldError::UnknownRef(f.group.clone()),
                );
            }
            if f.reporters.is_empty() {
                err(
                    format!("measures.fields[{i}].reporters"),
                    FieldError::Missing,
                );
            }
        }
        let check_terms = |terms: &[String],
                           path: &str,
                           allow_units: bool,
                           err: &mut dyn FnMut(String, FieldError)| {
            if terms.is_empty() {
                err(path.to_string(), FieldError::Missing);
            }
            for (i, t) in terms.iter().enumerate() {
                let ok = field_ids.contains(t.as_str()) || (allow_units && t == UNITS_TERM);
                if !ok {
                    err(format!("{path}[{i}]"), FieldError::UnknownRef(t.clone()));
                }
            }
        };
        for (i, c) in m.constraints.iter().enumerate() {
            check_terms(
                &c.part,
                &format!("measures.constraints[{i}].part"),
                false,
                err,
            );
            check_terms(
                &c.whole,
                &format!("measures.constraints[{i}].whole"),
                false,
                err,
            );
        }
        let mut indicator_ids = BTreeSet::new();
        let mut measured_goals = BTreeSet::new();
        for (i, ind) in m.indicators.iter().enumerate() {
            let path = format!("measures.indicators[{i}]");
            if !indicator_ids.insert(ind.id.as_str()) {
                err(format!("{path}.id"), FieldError::Duplicate(ind.id.clone()));
            }
            if ind.goals.is_empty() {
                err(format!("{path}.goals"), FieldError::Missing);
            }
            for (gi, g) in ind.goals.iter().enumerate() {
                if !goal_ids.contains(g) {
                    err(
                        format!("{path}.goals[{gi}]"),
                        FieldError::UnknownRef(g.clone()),
                    );
                } else if !measured_goals.insert(g.clone()) {
                    err(
                        format!("{path}.goals[{gi}]"),
                        FieldError::Duplicate(g.clone()),
                    );
                }
            }
            if ind.source == Source::Figures {
                check_terms(&ind.numerator, &format!("{path}.numerator"), false, err);
                check_terms(&ind.denominator, &format!("{path}.denominator"), true, err);
            }
        }
    }
}

/// The fields read first, so that a newer or foreign file is refused before anything else.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    schema_version: Option<u64>,
}

fn check_header(header: &Header) -> Vec<Located> {
    let mut errors = Vec::new();
    match header.format.as_deref() {
        Some(PLAN_FORMAT) => {}
        Some(other) => errors.push(Located::new(
            "format",
            FieldError::WrongFormat(other.to_string()),
        )),
        None => errors.push(Located::new("format", FieldError::Missing)),
    }
    match header.schema_version {
        Some(v) if v as u32 == PLAN_SCHEMA_VERSION => {}
        Some(v) if v as u32 > PLAN_SCHEMA_VERSION => errors.push(Located::new(
            "schema_version",
            FieldError::NewerVersion {
                found: v as u32,
                supported: PLAN_SCHEMA_VERSION,
            },
        )),
        Some(_) => errors.push(Located::new("schema_version", FieldError::OutOfRange)),
        None => errors.push(Located::new("schema_version", FieldError::Missing)),
    }
    errors
}

fn check_goal(goal: &Goal, text: &str, path: &str, err: &mut dyn FnMut(String, FieldError)) {
    if !(goal.threshold > 0.0 && goal.threshold <= 100.0) {
        err(format!("{path}.threshold"), FieldError::OutOfRange);
    }
    if goal.operator == Operator::Above && goal.threshold >= 100.0 {
        err(
            format!("{path}.operator"),
            FieldError::Invalid("nothing is above 100 %".into()),
        );
    }
    if goal.quote.trim().is_empty() {
        err(format!("{path}.quote"), FieldError::Missing);
    } else if !strip_footnote_marks(text).contains(&goal.quote) {
        err(
            format!("{path}.quote"),
            FieldError::Invalid("the quote is not in the item's text".into()),
        );
    }
}

/// The footnote numbers referenced as `[^n]` in a text.
pub fn footnote_refs(text: &str) -> Vec<u32> {
    split_footnotes(text)
        .into_iter()
        .filter_map(|p| p.footnote)
        .collect()
}

/// Text with `[^n]` markers replaced by nothing (for searching and quoting).
pub fn strip_footnote_marks(text: &str) -> String {
    split_footnotes(text).into_iter().map(|p| p.text).collect()
}

/// A run of text, followed by the footnote it references (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart<'a> {
    pub text: &'a str,
    pub footnote: Option<u32>,
}

/// Splits a plan text at its `[^n]` footnote markers, for rendering superscript links.
pub fn split_footnotes(text: &str) -> Vec<TextPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("[^") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(']') else { break };
        match after[..end].parse::<u32>() {
            Ok(n) => {
                parts.push(TextPart {
                    text: &rest[..start],
                    footnote: Some(n),
                });
                rest = &after[end + 1..];
            }
            Err(_) => {
                parts.push(TextPart {
                    text: &rest[..start + 2],
                    footnote: None,
                });
                rest = after;
            }
        }
    }
    parts.push(TextPart {
        text: rest,
        footnote: None,
    });
    parts.retain(|p| !p.text.is_empty() || p.footnote.is_some());
    parts
}

impl Goal {
    /// The guard a rate shown beside this goal's verdict keeps.
    pub fn guard(&self) -> Guard {
        Guard {
            bp: self.threshold_bp(),
            strict: self.operator == Operator::Above,
        }
    }
}

/// The first name that is not blank (the last when all are).
fn first_of<'a>(names: &[&'a str]) -> &'a str {
    names
        .iter()
        .find(|n| !n.trim().is_empty())
        .or(names.last())
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_fall_back_to_the_issuer_and_to_full_names() {
        let mut p = Plan::builtin();
        assert_eq!(p.office_name(), "Phòng Giáo dục và Đào tạo Quận 6");
        assert_eq!(p.office_short(), "Phòng GD&ĐT");
        assert_eq!(p.above_name(), None);
        p.units = UnitNames::default();
        p.issuer = "Phòng Văn hóa - Xã hội phường Bình Tiên".into();
        assert_eq!(p.office_name(), "Phòng Văn hóa - Xã hội phường Bình Tiên");
        assert_eq!(p.office_short(), p.office_name());
        p.units.office_short = "Phòng VH-XH".into();
        p.units.above = "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into();
        assert_eq!(p.office_short(), "Phòng VH-XH");
        assert_eq!(
            p.above_short(),
            Some("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh")
        );
        p.units.above_short = "Sở GD&ĐT".into();
        assert_eq!(p.above_short(), Some("Sở GD&ĐT"));
        p.units.office = "  ".into();
        assert_eq!(p.office_name(), p.issuer, "a blank name is no name");
    }

    /// A held plan is written as the plan itself, read back to the same plan (keeping the text it
    /// was read from), and a copy shares the plan rather than copying it.
    #[test]
    fn a_held_plan_is_stored_as_the_plan_and_shared_by_its_copies() {
        let plan = Plan::builtin();
        let held = HeldPlan::new(plan.clone()).unwrap();
        let text = serde_json::to_string(&held).unwrap();
        assert_eq!(text, serde_json::to_string(&plan).unwrap());
        let back: HeldPlan = serde_json::from_str(&text).unwrap();
        assert_eq!(*back, plan);
        assert_eq!(back, held);
        let copy = held.clone();
        assert!(std::ptr::eq(&*copy, &*held));
        // Read from text in another form (indented), it is the same plan and is written back as read.
        let pretty = serde_json::to_string_pretty(&plan).unwrap();
        let other: HeldPlan = serde_json::from_str(&pretty).unwrap();
        assert_eq!(other, held);
        // In another order of members it holds the same plan, but compares as another holding
        // (which costs a write at most); whitespace inside a string is not whitespace.
        // (serde_json's `Value` writes members sorted by name, not in the plan's order.)
        let sorted = serde_json::from_str::<serde_json::Value>(&text)
            .unwrap()
            .to_string();
        assert_ne!(sorted, text);
        let moved: HeldPlan = serde_json::from_str(&sorted).unwrap();
        assert_eq!(*moved, *held);
        assert_ne!(moved, held);
        assert!(significant(r#"{ "a" : "x y" }"#).eq(significant(r#"{"a":"x y"}"#)));
        assert!(!significant(r#"{"a":"x y"}"#).eq(significant(r#"{"a":"xy"}"#)));
        assert!(!significant(r#"{"a":"\" y"}"#).eq(significant(r#"{"a":"\"y"}"#)));
        assert_eq!(serde_json::to_string(&other).unwrap(), pretty);
        assert!(serde_json::from_str::<HeldPlan>("{\"id\": 1}").is_err());
    }

    /// The embedded texts are the files in `plans/` without their whitespace, value for value.
    #[test]
    fn the_embedded_plan_and_questionnaires_are_the_files() {
        use serde_json::Value;
        let same = |embedded: &str, file: &str| {
            assert!(embedded.len() < file.len());
            assert_eq!(
                serde_json::from_str::<Value>(embedded).unwrap(),
                serde_json::from_str::<Value>(file).unwrap()
            );
        };
        same(
            BUILTIN_PLAN_JSON,
            include_str!("../../../plans/2024-pgddt-quan6.plan.json"),
        );
        same(
            crate::core::data::survey::BUILTIN_QUESTIONNAIRES_JSON,
            include_str!("../../../plans/questionnaires.json"),
        );
    }

    /// `Plan::builtin` only decodes: the checks of a plan file are made here, once.
    #[test]
    fn the_builtin_plan_is_a_valid_plan_file() {
        assert_eq!(Plan::from_json(BUILTIN_PLAN_JSON), Ok(Plan::builtin()));
        assert!(Plan::builtin().problems().is_empty());
    }

    #[test]
    fn builtin_plan_loads_and_validates() {
        let plan = Plan::builtin();
        assert_eq!(plan.year, 2024);
        assert_eq!(plan.task_areas.len(), 8);
        assert_eq!(plan.tasks().count(), 9 + 6 + 12 + 3 + 9 + 3 + 10 + 3);
        assert_eq!(plan.reporting.len(), 4);
    }

    #[test]
    fn goals_carry_the_plans_numbers() {
        let plan = Plan::builtin();
        let (g, _) = plan.goal("2.1").unwrap();
        assert_eq!((g.operator, g.threshold_bp()), (Operator::AtLeast, 9800));
        let (g, owner) = plan.goal("3.9b").unwrap();
        assert_eq!((g.operator, g.threshold_bp()), (Operator::Above, 8000));
        assert!(matches!(owner, GoalOwner::Task(t) if t.number == "3.9"));
        assert_eq!(
            plan.indicator_for_goal("8.2").unwrap().id,
            "hai_long_giao_duc"
        );
    }

    #[test]
    fn every_quantified_goal_has_an_indicator() {
        let plan = Plan::builtin();
        for (id, _, _) in plan.goals() {
            assert!(
                plan.indicator_for_goal(&id).is_some(),
                "goal {id} is not measured"
            );
        }
    }

    #[test]
    fn footnote_markers_split_and_strip() {
        let parts = split_footnotes("của Chính phủ[^1]; Chỉ thị[^2].");
        assert_eq!(parts.len(), 3);
        assert_eq!(
            parts[0],
            TextPart {
                text: "của Chính phủ",
                footnote: Some(1)
            }
        );
        assert_eq!(
            parts[2],
            TextPart {
                text: ".",
                footnote: None
            }
        );
        assert_eq!(strip_footnote_marks("a[^1]b[^x]c"), "ab[^x]c");
        assert_eq!(footnote_refs("x[^4]y[^5]"), vec![4, 5]);
    }

    fn builtin_value() -> serde_json::Value {
        serde_json::from_str(BUILTIN_PLAN_JSON).unwrap()
    }

    #[test]
    fn a_broken_plan_is_refused_with_located_errors() {
        let mut v = builtin_value();
        v["task_areas"][0]["tasks"][1]["roles"][0] = "khong-ton-tai".into();
        v["measures"]["indicators"][0]["numerator"][0] = "khong_co".into();
        v["targets"][1]["items"][0]["goal"]["quote"] = "99%".into();
        let errors = Plan::from_json(&v.to_string()).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert!(
            paths.contains(&"task_areas[0].tasks[1].roles[0]"),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"measures.indicators[0].numerator[0]"),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"targets[1].items[0].goal.quote"),
            "{paths:?}"
        );
    }

    #[test]
    fn a_newer_plan_or_another_format_is_refused() {
        let mut v = builtin_value();
        v["schema_version"] = 99.into();
        let e = Plan::from_json(&v.to_string()).unwrap_err();
        assert_eq!(
            e[0].error,
            FieldError::NewerVersion {
                found: 99,
                supported: 1
            }
        );
        v["format"] = "cchc-dataset".into();
        let e = Plan::from_json(&v.to_string()).unwrap_err();
        assert!(e
            .iter()
            .any(|e| matches!(e.error, FieldError::WrongFormat(_))));
        let e = Plan::from_json("{ not json").unwrap_err();
        assert!(matches!(e[0].error, FieldError::Syntax { .. }));
    }

    #[test]
    fn another_years_plan_in_the_same_format_loads() {
        let mut v = builtin_value();
        v["year"] = 2025.into();
        v["id"] = "pgddt-quan6-2025".into();
        for (i, d) in ["2025-03-03", "2025-06-03", "2025-09-03", "2025-12-03"]
            .iter()
            .enumerate()
        {
            v["reporting"][i]["due_before"] = (*d).into();
        }
        let plan = Plan::from_json(&v.to_string()).unwrap();
        assert_eq!(plan.year, 2025);
        assert_eq!(plan.months()[0], YearMonth::new(2025, 1).unwrap());
    }
}
