//! The stored form of a dataset: a typed envelope (format, schema version, app version) around the
//! data, used both in localStorage and for backup files.
//!
//! Reading refuses another format and any newer schema version, and migrates every older version
//! step by step (golden files of each version are kept under `tests/golden/`). A value that cannot
//! be read is reported with its location and is never replaced by an empty dataset.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::base::error::{FieldError, Located};
use crate::core::base::json_out::Out;
use crate::core::base::map::Map;
use crate::core::data::dataset::{Dataset, PlanWork};
use crate::core::data::records::Millis;
use crate::core::data::survey::SurveyRound;
use crate::core::plan::model::{UnitKind, BUILTIN_PLAN_ID};

pub const DATASET_FORMAT: &str = "cchc-dataset";
/// The schema version this app writes.
pub const DATASET_SCHEMA_VERSION: u32 = 12;
/// The app's version, written into every file for support.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    schema_version: u32,
    app_version: &'static str,
    saved_at: Millis,
    /// Only in a year's archive (format `cchc-archive`): the year it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    data: &'a Dataset,
}

/// A year's archive: the same envelope and data schema as a backup, under its own format so that
/// it is never taken for a whole backup (restoring one replaces everything).
pub const ARCHIVE_FORMAT: &str = "cchc-archive";

/// The header fields of an envelope, read before the data so that a newer or foreign file is
/// refused before anything else is tried.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    schema_version: Option<u64>,
}

/// How every dataset this app writes begins: its envelope's format and schema version, in this
/// order, so that a reader can tell current data from older by its first characters.
pub fn current_header() -> String {
    format!("{{\"format\":\"{DATASET_FORMAT}\",\"schema_version\":{DATASET_SCHEMA_VERSION},")
}

/// Serialises a dataset for storage or backup.
pub fn encode(data: &Dataset, saved_at: Millis) -> String {
    encode_envelope(data, saved_at, None)
}

/// Serialises a year's archive (format `cchc-archive`).
pub fn encode_archive(data: &Dataset, year: i32, saved_at: Millis) -> String {
    encode_envelope(data, saved_at, Some(year))
}

/// The envelope around `data`: a year's archive when `year` is given, else a dataset.
fn envelope(data: &Dataset, saved_at: Millis, year: Option<i32>) -> EnvelopeOut<'_> {
    EnvelopeOut {
        format: if year.is_some() {
            ARCHIVE_FORMAT
        } else {
            DATASET_FORMAT
        },
        schema_version: DATASET_SCHEMA_VERSION,
        app_version: APP_VERSION,
        saved_at,
        year,
        data,
    }
}

fn encode_envelope(data: &Dataset, saved_at: Millis, year: Option<i32>) -> String {
    let envelope = envelope(data, saved_at, year);
    // Written into a buffer of about the final size: growing one from empty copied the text
    // several times over, a quarter of the time to save.
    let mut out = Out::with_capacity(size_hint(data));
    // The envelope's members in `EnvelopeOut`'s order, as serde writes it (a test holds the two
    // to the same text).
    out.raw("{\"format\":");
    out.string(envelope.format);
    out.raw(",\"schema_version\":");
    out.uint(u64::from(envelope.schema_version));
    out.raw(",\"app_version\":");
    out.string(envelope.app_version);
    out.raw(",\"saved_at\":");
    out.int(envelope.saved_at);
    if let Some(year) = envelope.year {
        out.raw(",\"year\":");
        out.int(i64::from(year));
    }
    out.raw(",\"data\":");
    write_dataset(envelope.data, &mut out);
    out.byte(b'}');
    out.into_string()
}

/// The members of an object, each after a comma but the first.
struct Members<'a> {
    out: &'a mut Out,
    any: bool,
}

impl Members<'_> {
    fn open(out: &mut Out) -> Members<'_> {
        out.byte(b'{');
        Members { out, any: false }
    }

    /// Starts member `name`; its value is written into what it returns.
    fn member(&mut self, name: &str) -> &mut Out {
        if self.any {
            self.out.byte(b',');
        }
        self.any = true;
        self.out.key(name);
        self.out
    }

    /// Member `name` written by serde, left out when `empty` (`skip_serializing_if`).
    fn serde_unless<T: Serialize + ?Sized>(&mut self, empty: bool, name: &str, v: &T) {
        if !empty {
            self.member(name).serde(v);
        }
    }

    fn close(self) {
        self.out.byte(b'}');
    }
}

/// A dataset as its `Serialize` writes it (the derive's member order and omissions), the bulk —
/// figures, tasks, tallies — written by hand (`json_out`), the rest by serde.
fn write_dataset(d: &Dataset, out: &mut Out) {
    let mut m = Members::open(out);
    m.member("me").serde(&d.me);
    m.member("units").serde(&d.units);
    crate::core::data::compact::figures::write(&d.figures, m.member("figures"));
    if let Some(plan) = &d.plan {
        m.member("plan").serde(plan);
    }
    m.serde_unless(d.plans.is_empty(), "plans", &d.plans);
    m.member("work").list(
        b'{',
        d.work.iter(),
        |out, (id, w)| {
            out.key(id);
            write_work(w, out);
        },
        b'}',
    );
    m.serde_unless(d.aliases.is_empty(), "aliases", &d.aliases);
    m.serde_unless(d.cleared.is_empty(), "cleared", &d.cleared);
    m.serde_unless(d.overridden.is_empty(), "overridden", &d.overridden);
    m.serde_unless(d.refused.is_empty(), "refused", &d.refused);
    m.serde_unless(d.checked.is_empty(), "checked", &d.checked);
    m.serde_unless(d.history.is_empty(), "history", &d.history);
    m.close();
}

/// A plan's work as its `Serialize` writes it (see [`write_dataset`]).
fn write_work(w: &PlanWork, out: &mut Out) {
    /// The rounds through their `with` module.
    struct Rounds<'a>(&'a Map<String, SurveyRound>);
    impl Serialize for Rounds<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::core::data::compact::rounds::serialize(self.0, s)
        }
    }
    let mut m = Members::open(out);
    if !w.tasks.is_empty() {
        crate::core::data::compact::tasks::write(&w.tasks, m.member("tasks"));
    }
    m.serde_unless(w.assessments.is_empty(), "assessments", &w.assessments);
    m.serde_unless(w.windows.is_empty(), "windows", &w.windows);
    m.serde_unless(w.surveys.is_empty(), "surveys", &Rounds(&w.surveys));
    if !w.tallies.is_empty() {
        crate::core::data::compact::tallies::write(&w.tallies, m.member("tallies"));
    }
    m.serde_unless(w.reports.is_empty(), "reports", &w.reports);
    m.serde_unless(w.sent.is_empty(), "sent", &w.sent);
    m.serde_unless(w.received.is_empty(), "received", &w.received);
    m.serde_unless(w.removed.is_empty(), "removed", &w.removed);
    m.close();
}

/// The envelope as serde writes it: the reference [`encode`] is held to.
#[cfg(test)]
pub(crate) fn encode_by_serde(data: &Dataset, saved_at: Millis) -> String {
    envelope_by_serde(data, saved_at, None)
}

#[cfg(test)]
fn envelope_by_serde(data: &Dataset, saved_at: Millis, year: Option<i32>) -> String {
    serde_json::to_string(&envelope(data, saved_at, year)).unwrap_or_default()
}

/// Roughly how many bytes `data` takes stored (a little more, rarely much less).
fn size_hint(data: &Dataset) -> usize {
    let figures: usize = data
        .figures
        .values()
        .flat_map(|m| m.values())
        .map(|f| f.len())
        .sum();
    let work: usize = data
        .work
        .values()
        .map(|w| {
            let tasks: usize = w.tasks.values().map(|t| t.len()).sum();
            let tallies: usize = w.tallies.values().map(|t| t.len()).sum();
            tasks * 96 + tallies * 32 + w.surveys.len() * 192 + w.received.len() * 512
        })
        .sum();
    4096 + figures * 8 + work + data.units.len() * 160 + data.plans.len() * 65_536
}

/// The data part of an envelope of the current version.
#[derive(Deserialize)]
struct EnvelopeIn {
    data: Dataset,
}

/// How a stored dataset is read: [`decode`] here; in the browser, the same without the migrations
/// until they are fetched (`migrations::decode_stored`).
pub type Decoder = fn(&str) -> Result<Dataset, Located>;

/// Reads a stored dataset, migrating older schema versions.
pub fn decode(raw: &str) -> Result<Dataset, Located> {
    decode_as(raw, DATASET_FORMAT)
}

/// Reads an envelope of the given format (`cchc-dataset` or `cchc-archive`).
pub fn decode_as(raw: &str, format: &str) -> Result<Dataset, Located> {
    decode_with(raw, format, migrate_older)
}

/// [`decode_as`] with the migrations given by the caller: the browser passes them once fetched
/// (`migrations::decode_stored`), so that its first load does not carry [`migrate_older`].
pub fn decode_with(
    raw: &str,
    format: &str,
    migrate: impl FnOnce(&str, u32) -> Result<Dataset, Located>,
) -> Result<Dataset, Located> {
    match read_current(raw, format)? {
        Reading::Current(data) => Ok(data),
        Reading::Older(version) => migrate(raw, version),
    }
}

/// What an envelope holds, read without the migrations. (Made once per load and taken apart at
/// once: the dataset is not boxed for the small variant's sake.)
#[derive(Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Reading {
    /// Data of the schema this app writes.
    Current(Dataset),
    /// An older schema version, to be read by [`migrate_older`].
    Older(u32),
}

/// Reads an envelope of the given format up to its version: the data when it is of the current
/// schema, else the older version it declares. The checks of [`decode_as`] without its
/// migrations, so that code which only reads current data does not carry them.
pub fn read_current(raw: &str, format: &str) -> Result<Reading, Located> {
    let header: Header =
        crate::core::base::json::from_str(raw).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => {
                Located::new("", FieldError::WrongFormat("?".into()))
            }
            _ => Located::from_json(&e),
        })?;
    match header.format.as_deref() {
        Some(f) if f == format => {}
        Some(other) => {
            return Err(Located::new(
                "format",
                FieldError::WrongFormat(other.to_string()),
            ))
        }
        None => return Err(Located::new("format", FieldError::Missing)),
    }
    let version = match header.schema_version {
        Some(v) if v >= 1 && v <= u64::from(u32::MAX) => v as u32,
        Some(_) => return Err(Located::new("schema_version", FieldError::OutOfRange)),
        None => return Err(Located::new("schema_version", FieldError::Missing)),
    };
    if version > DATASET_SCHEMA_VERSION {
        return Err(Located::new(
            "schema_version",
            FieldError::NewerVersion {
                found: version,
                supported: DATASET_SCHEMA_VERSION,
            },
        ));
    }
    if version < DATASET_SCHEMA_VERSION {
        return Ok(Reading::Older(version));
    }
    let envelope: EnvelopeIn = crate::core::base::json::from_str(raw).map_err(|e| Located {
        path: "data".into(),
        ..Located::from_json(&e)
    })?;
    Ok(Reading::Current(envelope.data))
}

/// Reads an envelope of an older schema `version` (as [`read_current`] found it): its data is
/// migrated step by step as JSON, then read as the current version.
pub fn migrate_older(raw: &str, version: u32) -> Result<Dataset, Located> {
    if version == 0 {
        return Err(Located::new("schema_version", FieldError::OutOfRange));
    }
    let mut value: Value =
        crate::core::base::json::from_str(raw).map_err(|e| Located::from_json(&e))?;
    let mut data = value
        .get_mut("data")
        .map(Value::take)
        .ok_or_else(|| Located::new("data", FieldError::Missing))?;
    for from in version..DATASET_SCHEMA_VERSION {
        data = migrate(from, data)?;
    }
    crate::core::base::json::from_str::<Dataset>(&data.to_string()).map_err(|e| Located {
        path: "data".into(),
        at: None,
        ..Located::from_json(&e)
    })
}

/// When a stored value or backup was written, if it says.
pub fn saved_at(raw: &str) -> Option<Millis> {
    let v: Value = crate::core::base::json::from_str(raw).ok()?;
    v.get("saved_at")?.as_i64()
}

/// The schema version a raw stored value declares, if it can be read at all.
pub fn declared_version(raw: &str) -> Option<u32> {
    let v: Value = crate::core::base::json::from_str(raw).ok()?;
    v.get("schema_version")?.as_u64().map(|v| v as u32)
}

/// Migration steps: entry `i` turns the `data` of version `i + 1` into version `i + 2`.
/// Each step is a pure function of JSON values, tested on a golden file of its version.
type Migration = fn(Value) -> Result<Value, Located>;
const MIGRATIONS: &[Migration] = &[
    v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7, v7_to_v8, v8_to_v9, v9_to_v10,
    v10_to_v11, v11_to_v12,
];

/// Version 2 added satisfaction surveys: empty rounds and tallies.
fn v1_to_v2(mut data: Value) -> Result<Value, Located> {
    let Some(obj) = data.as_object_mut() else {
        return Err(Located::new(
            "data",
            FieldError::Invalid("not an object".into()),
        ));
    };
    obj.entry("surveys")
        .or_insert_with(|| Value::Object(Default::default()));
    obj.entry("tallies")
        .or_insert_with(|| Value::Object(Default::default()));
    Ok(data)
}

/// Version 3 keys everything that belongs to a plan by the plan's id. Versions 1 and 2 knew only
/// the built-in 2024 plan, so their tasks, assessments, report windows and survey rounds land
/// under it unchanged; figures stay keyed by unit and month.
fn v2_to_v3(mut data: Value) -> Result<Value, Located> {
    let Some(obj) = data.as_object_mut() else {
        return Err(Located::new(
            "data",
            FieldError::Invalid("not an object".into()),
        ));
    };
    let mut work = serde_json::Map::new();
    for key in ["tasks", "assessments", "windows", "surveys", "tallies"] {
        if let Some(v) = obj.remove(key) {
            let empty = v.as_object().is_some_and(|m| m.is_empty()) || v.is_null();
            if !empty {
                work.insert(key.to_string(), v);
            }
        }
    }
    let mut by_plan = serde_json::Map::new();
    if !work.is_empty() {
        by_plan.insert(BUILTIN_PLAN_ID.to_string(), Value::Object(work));
    }
    obj.insert("work".into(), Value::Object(by_plan));
    Ok(data)
}

/// Version 4 adds what units write into their period reports (`work.<plan>.reports`), empty for
/// older data: nothing moves. The version is raised so that an older app refuses the newer data
/// instead of dropping the reports when it saves.
fn v3_to_v4(data: Value) -> Result<Value, Located> {
    if !data.is_object() {
        return Err(Located::new(
            "data",
            FieldError::Invalid("not an object".into()),
        ));
    }
    Ok(data)
}

/// Version 5 adds the exchange with schools: at a school, the revision last exported per period
/// (`work.<plan>.sent`); at the office, the files received (`work.<plan>.received`) and the school
/// ids mapped onto its schools (`aliases`). All empty for older data: nothing moves. The version is
/// raised so that an older app refuses the data instead of dropping them when it saves.
fn v4_to_v5(data: Value) -> Result<Value, Located> {
    v3_to_v4(data)
}

/// Version 6 stores the bulk compactly (`compact`): figures and tallies as arrays, default
/// questionnaires by id — a district's years take under half the browser's storage.
fn v5_to_v6(data: Value) -> Result<Value, Located> {
    v3_to_v4(data).map(crate::core::data::compact::v5_to_v6)
}

/// Version 7 stores figures as yearly rows per field, tasks as arrays, and each run of equal
/// stamps once (`compact`), so that a district's three years fit in half the browser's storage.
fn v6_to_v7(data: Value) -> Result<Value, Located> {
    v3_to_v4(data).and_then(crate::core::data::compact::v6_to_v7)
}

/// Version 8 stores a task's dates as day numbers (`compact::tasks`), which the reader takes
/// beside version 7's date strings: nothing moves. The version is raised so that an older app,
/// which cannot read a day number, refuses the data instead of failing on it.
fn v7_to_v8(data: Value) -> Result<Value, Located> {
    Ok(data)
}

/// Version 9 records what was removed, and when (`Dataset::cleared`, `PlanWork::removed`), so
/// that a unit's next file tells the office of it, and at the office the schools' values it
/// corrected by hand (`Dataset::overridden`). Older data removed nothing on record: nothing
/// moves. The version is raised so that an older app, which would drop the removals when it
/// saves, refuses the data instead.
fn v8_to_v9(data: Value) -> Result<Value, Located> {
    Ok(data)
}

/// Version 10 records which figures' flags were marked as checked (`Dataset::checked`). Older
/// data checked none: nothing moves. The version is raised so that an older app, which would
/// drop the checks when it saves, refuses the data instead.
fn v9_to_v10(data: Value) -> Result<Value, Located> {
    Ok(data)
}

/// Version 11 makes the units a tree (`Unit::parent`, `data::tree`) and knows a unit above
/// (`UnitKind::Above`). Version 10 knew only an office and its schools: each school names the one
/// office the dataset holds (`tree::v10_parent`); a dataset of a school, which holds no office,
/// names none. The version is raised so that an older app, which cannot read a unit above and
/// would drop the parents when it saves, refuses the data instead.
fn v10_to_v11(mut data: Value) -> Result<Value, Located> {
    let Some(obj) = data.as_object_mut() else {
        return Err(Located::new(
            "data",
            FieldError::Invalid("not an object".into()),
        ));
    };
    let Some(units) = obj.get_mut("units").and_then(Value::as_object_mut) else {
        return Ok(data);
    };
    let kind_of = |u: &Value| match u.get("kind").and_then(Value::as_str) {
        Some("office") => Some(UnitKind::Office),
        Some("school") => Some(UnitKind::School),
        _ => None,
    };
    let kinds: Vec<(&str, UnitKind)> = units
        .iter()
        .filter_map(|(id, u)| Some((id.as_str(), kind_of(u)?)))
        .collect();
    let Some(office) = crate::core::data::tree::v10_parent(&kinds) else {
        return Ok(data);
    };
    for u in units.values_mut() {
        if kind_of(u) == Some(UnitKind::School) {
            if let Some(u) = u.as_object_mut() {
                u.entry("parent")
                    .or_insert_with(|| Value::String(office.clone()));
            }
        }
    }
    Ok(data)
}

/// Version 12 keeps each figure's earlier values (`Dataset::history`). Older data kept none:
/// nothing moves. The version is raised so that an older app, which would drop the history when
/// it saves, refuses the data instead.
fn v11_to_v12(data: Value) -> Result<Value, Located> {
    Ok(data)
}

fn migrate(from: u32, data: Value) -> Result<Value, Located> {
    match MIGRATIONS.get(from as usize - 1) {
        Some(step) => step(data),
        None => Err(Located::new(
            "schema_version",
            FieldError::Invalid(format!("no migration from version {from}")),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::YearMonth;

    fn sample() -> Dataset {
        let mut d = Dataset::default();
        d.set_figure(
            "u1",
            YearMonth::new(2024, 2).unwrap(),
            "hs_tiep_nhan",
            Some(7),
            5,
        );
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("u1", "1.1", 6, |t| {
                t.notes = "ghi chú \"trích dẫn\" <b>".into()
            });
        d
    }

    /// The browser tells current data from older by this start (`migrations::prepare`).
    #[test]
    fn every_written_dataset_begins_with_the_current_header() {
        assert!(encode(&sample(), 5).starts_with(&current_header()));
        assert!(encode(&Dataset::default(), 5).starts_with(&current_header()));
        assert!(!encode_archive(&sample(), 2024, 5).starts_with(&current_header()));
    }

    #[test]
    fn reading_without_migrations_stops_at_an_older_version() {
        let raw = encode(&sample(), 5);
        assert_eq!(
            read_current(&raw, DATASET_FORMAT),
            Ok(Reading::Current(sample()))
        );
        let older = raw.replace(
            &current_header(),
            &current_header().replace(
                &format!(":{DATASET_SCHEMA_VERSION},"),
                &format!(":{},", DATASET_SCHEMA_VERSION - 1),
            ),
        );
        assert_eq!(
            read_current(&older, DATASET_FORMAT),
            Ok(Reading::Older(DATASET_SCHEMA_VERSION - 1))
        );
        assert!(migrate_older(&raw, 0).is_err());
    }

    /// The stored text written by hand is serde's, byte for byte, for every part (the golden
    /// files and the property tests of `compact` hold it too).
    #[test]
    fn the_hand_written_text_is_serdes() {
        for raw in [
            include_str!("../../../tests/golden/dataset-v12.json"),
            include_str!("../../../tests/golden/dataset-v11.json"),
            include_str!("../../../tests/golden/dataset-v10.json"),
            include_str!("../../../tests/golden/dataset-v9.json"),
            include_str!("../../../tests/golden/dataset-v8.json"),
            include_str!("../../../tests/golden/dataset-v5.json"),
        ] {
            let d = decode(raw).unwrap();
            assert_eq!(encode(&d, 7), encode_by_serde(&d, 7));
            assert_eq!(
                encode_archive(&d, 2024, 7),
                envelope_by_serde(&d, 7, Some(2024))
            );
        }
        let mut d = sample();
        d.work_mut(BUILTIN_PLAN_ID)
            .update_task("u\"1\u{1}", "1.2", -6, |t| {
                t.notes = "\u{7f}\u{0}😀\\".into()
            });
        assert_eq!(encode(&d, -1), encode_by_serde(&d, -1));
        assert_eq!(
            encode(&Dataset::default(), 0),
            encode_by_serde(&Dataset::default(), 0)
        );
    }

    #[test]
    fn round_trips() {
        let d = sample();
        let raw = encode(&d, 1234);
        assert!(raw.starts_with("{\"format\":\"cchc-dataset\",\"schema_version\":12,"));
        assert_eq!(decode(&raw).unwrap(), d);
    }

    #[test]
    fn refuses_newer_versions_and_other_formats() {
        let raw = encode(&sample(), 1).replace("\"schema_version\":12", "\"schema_version\":13");
        assert_eq!(
            decode(&raw).unwrap_err().error,
            FieldError::NewerVersion {
                found: 13,
                supported: DATASET_SCHEMA_VERSION
            }
        );
        let raw = encode(&sample(), 1).replace("cchc-dataset", "cchc-plan");
        assert_eq!(
            decode(&raw).unwrap_err().error,
            FieldError::WrongFormat("cchc-plan".into())
        );
        assert_eq!(
            decode("[1,2]").unwrap_err().error,
            FieldError::WrongFormat("?".into())
        );
        assert_eq!(decode("{}").unwrap_err().path, "format");
    }

    #[test]
    fn locates_syntax_and_data_errors() {
        let e = decode("{\"format\":\"cchc-dataset\",\n\"schema_version\":2,").unwrap_err();
        assert!(
            matches!(e.error, FieldError::Syntax { line: 2, .. }),
            "{e:?}"
        );
        let raw = encode(&sample(), 1).replace("[7,5]", "[-7,5]");
        let e = decode(&raw).unwrap_err();
        assert_eq!(e.path, "data");
        // The compact parts are walked after parsing: the message names the place, and the
        // column points at the end of the part.
        assert!(
            format!("{e:?}").contains("figures.u1.hs_tiep_nhan.2024[1]"),
            "{e:?}"
        );
        let (line, column) = e.at.unwrap();
        assert_eq!(line, 1);
        let bad = raw.find("[-7,5]").unwrap();
        assert!(
            (bad..bad + 12).contains(&column),
            "column {column} points into {raw}"
        );
    }

    /// An older version's figures under a month that does not exist are refused, never read as
    /// something else (in version 7 a unit's keys are field ids, so the shapes could pass).
    #[test]
    fn an_older_month_that_does_not_exist_is_refused_not_reinterpreted() {
        for version in [1, 5, 6] {
            let raw = format!(
                r#"{{"format":"cchc-dataset","schema_version":{version},"data":{{"figures":{{"u":{{"2024-13":{{}}}}}}}}}}"#
            );
            let e = decode(&raw).unwrap_err();
            assert_eq!(e.path, "data.figures.u", "version {version}");
        }
    }

    #[test]
    fn reads_what_older_builds_wrote_without_optional_parts() {
        let raw = r#"{"format":"cchc-dataset","schema_version":4,"app_version":"0.0.1","saved_at":0,"data":{}}"#;
        assert_eq!(decode(raw).unwrap(), Dataset::default());
        assert_eq!(declared_version(raw), Some(4));
        let v3 = r#"{"format":"cchc-dataset","schema_version":3,"app_version":"0.0.1","saved_at":0,"data":{}}"#;
        assert_eq!(decode(v3).unwrap(), Dataset::default());
        let v2 = r#"{"format":"cchc-dataset","schema_version":2,"app_version":"0.0.1","saved_at":0,"data":{}}"#;
        assert_eq!(decode(v2).unwrap(), Dataset::default());
        let v1 = r#"{"format":"cchc-dataset","schema_version":1,"app_version":"0.0.1","saved_at":0,"data":{}}"#;
        assert_eq!(decode(v1).unwrap(), Dataset::default());
        assert_eq!(declared_version("garbage"), None);
    }
}
