//! The compact stored form of the bulkiest parts of a dataset (schema version 6), so that a
//! district's years fit in the browser's storage:
//!
//! - a figure is `[value, stamp]` instead of `{"v": value, "t": stamp}`;
//! - a tally is `[n1, n2, n3, n4, n5, blank, stamp]`;
//! - a survey round whose questionnaire is exactly the built-in default of its level stores that
//!   default's id (`"mac-dinh-tieu_hoc"`) instead of a copy. A round keeps its own copy whenever
//!   it differs, and the defaults are frozen: changing `plans/questionnaires.json` requires new
//!   ids (a test holds its checksum), so a stored id always means the same questions.
//!
//! Only the stored form changes; the model in memory, and the files exchanged with schools, are
//! as before.

use crate::core::base::map::Map;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::core::base::error::{FieldError, Located};
use crate::core::base::json_out::Out;
use crate::core::base::period::YearMonth;
use crate::core::data::records::{Millis, MonthFigures, Stamped};
use crate::core::data::survey::{
    builtin_questionnaire, builtin_questionnaires, Questionnaire, Tallies, Tally,
};

/// Key/value pairs written as a map, in their order.
struct Pairs<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Stamps written once for a run of values: a value stored without its stamp has the stamp of
/// the value before it in the same block (a unit's figures, a round's tallies, a unit's tasks),
/// in the stored order, which is key order. The first value of a block always has its own. At the
/// office nearly every value of a school came from one of its files and carries that file's time,
/// so most stamps are written once per file instead of once per value.
#[derive(Default)]
struct Run(Option<Millis>);

impl Run {
    /// The stamp to write: `None` when it is the previous value's.
    fn write(&mut self, t: Millis) -> Option<Millis> {
        if self.0 == Some(t) {
            None
        } else {
            self.0 = Some(t);
            Some(t)
        }
    }

    /// The stamp of a value read with `t` (its own, if written).
    fn read(&mut self, t: Option<Millis>, at: &dyn Fn() -> String) -> Read<Millis> {
        let t = t.or(self.0).ok_or_else(|| problem(at, "thiếu thời điểm"))?;
        self.0 = Some(t);
        Ok(t)
    }
}

/// Reading: the compact parts are parsed as one JSON `Value` and walked here, rather than through
/// a serde instantiation for each nested map type (bytes matter in the wasm). A problem is named
/// by its place ("figures.u-1.vb_tong.2024[3]") and serde adds the line and column.
type Read<T> = Result<T, String>;

/// "place: what is wrong" (one function rather than a `format!` at every check: bytes).
fn problem(at: &dyn Fn() -> String, what: &str) -> String {
    let mut s = at();
    s.push_str(": ");
    s.push_str(what);
    s
}

fn object<'a>(v: &'a Value, at: &dyn Fn() -> String) -> Read<&'a serde_json::Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| problem(at, "cần một đối tượng"))
}

fn array<'a>(v: &'a Value, at: &dyn Fn() -> String) -> Read<&'a [Value]> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| problem(at, "cần một mảng"))
}

fn count(v: &Value, at: &dyn Fn() -> String) -> Read<u64> {
    v.as_u64()
        .ok_or_else(|| problem(at, "cần một số nguyên không âm"))
}

fn stamp(v: &Value, at: &dyn Fn() -> String) -> Read<Millis> {
    v.as_i64().ok_or_else(|| problem(at, "cần một thời điểm"))
}

fn text(v: Option<&Value>, at: &dyn Fn() -> String) -> Read<String> {
    match v {
        None => Ok(String::new()),
        Some(v) => v
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| problem(at, "cần một chuỗi")),
    }
}

/// Reads a compact part with `read`, from whatever serde hands over.
fn walk<'de, D: Deserializer<'de>, T>(d: D, read: fn(&Value) -> Read<T>) -> Result<T, D::Error> {
    let v = Value::deserialize(d)?;
    read(&v).map_err(de::Error::custom)
}

/// One month of a figure row: missing (`null`), a value with the previous stamp, or `[value,
/// stamp]`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    Missing,
    Same(u64),
    Own(u64, Millis),
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Cell::Missing => s.serialize_unit(),
            Cell::Same(v) => s.serialize_u64(v),
            Cell::Own(v, t) => (v, t).serialize(s),
        }
    }
}

impl Cell {
    fn write(&self, out: &mut Out) {
        match *self {
            Cell::Missing => out.raw("null"),
            Cell::Same(v) => out.uint(v),
            Cell::Own(v, t) => {
                out.byte(b'[');
                out.uint(v);
                out.byte(b',');
                out.int(t);
                out.byte(b']');
            }
        }
    }
}

/// `#[serde(with = "compact::figures")]` on unit → month → field → stamped value, stored (since
/// schema version 7) as unit → field → year → the twelve months' cells (trailing missing months
/// left out): a field's year is one short row instead of twelve keyed objects.
pub mod figures {
    use super::*;

    type Rows<'a> = Map<&'a str, Map<i32, Vec<Cell>>>;

    /// A unit's figures as rows, with each run of equal stamps written once.
    fn rows(months: &MonthFigures) -> Rows<'_> {
        let mut rows = Rows::new();
        for (m, fields) in months {
            for (f, s) in fields {
                let row = rows.entry(f).or_default().entry(m.year()).or_default();
                let i = m.month() as usize - 1;
                if row.len() <= i {
                    row.resize(i + 1, Cell::Missing);
                }
                row[i] = Cell::Own(s.v, s.t);
            }
        }
        let mut run = Run::default();
        for cell in rows.values_mut().flat_map(|y| y.values_mut()).flatten() {
            if let Cell::Own(v, t) = *cell {
                if run.write(t).is_none() {
                    *cell = Cell::Same(v);
                }
            }
        }
        rows
    }

    pub fn serialize<S: Serializer>(
        f: &Map<String, MonthFigures>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(f.iter().map(|(u, months)| (u, rows(months))))
    }

    /// [`serialize`] written by hand (see `json_out`).
    pub fn write(f: &Map<String, MonthFigures>, out: &mut Out) {
        out.list(
            b'{',
            f.iter(),
            |out, (u, months)| {
                out.key(u);
                out.list(
                    b'{',
                    rows(months).iter(),
                    |out, (field, years)| {
                        out.key(field);
                        out.list(
                            b'{',
                            years.iter(),
                            |out, (y, cells)| {
                                out.byte(b'"');
                                out.int(i64::from(*y));
                                out.raw("\":");
                                out.list(b'[', cells, |out, c| c.write(out), b']');
                            },
                            b'}',
                        );
                    },
                    b'}',
                );
            },
            b'}',
        );
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Map<String, MonthFigures>, D::Error> {
        walk(d, read)
    }

    fn read(v: &Value) -> Read<Map<String, MonthFigures>> {
        let mut out = Map::new();
        for (u, fields) in object(v, &|| "figures".into())? {
            let mut run = Run::default();
            let mut months = MonthFigures::new();
            for (f, years) in object(fields, &|| format!("figures.{u}"))? {
                for (y, cells) in object(years, &|| format!("figures.{u}.{f}"))? {
                    let at = |i: usize| move || format!("figures.{u}.{f}.{y}[{i}]");
                    for (i, cell) in array(cells, &at(0))?.iter().enumerate() {
                        let (v, t) = match cell {
                            Value::Null => continue,
                            Value::Array(pair) if pair.len() == 2 => {
                                (count(&pair[0], &at(i))?, Some(stamp(&pair[1], &at(i))?))
                            }
                            other => (count(other, &at(i))?, None),
                        };
                        let t = run.read(t, &at(i))?;
                        let m = y
                            .parse()
                            .ok()
                            .and_then(|y| YearMonth::new(y, i as u32 + 1))
                            .ok_or_else(|| problem(&at(i), "không phải một tháng"))?;
                        months
                            .entry(m)
                            .or_default()
                            .insert(f.clone(), Stamped { v, t });
                    }
                }
            }
            out.insert(u.clone(), months);
        }
        Ok(out)
    }
}

/// `#[serde(with = "compact::tallies")]` on round → criterion → stamped tally, stored as
/// `[n1, n2, n3, n4, n5, blank, stamp]`, the stamp left out when it is the previous row's.
pub mod tallies {
    use super::*;

    /// A tally as stored: the five counts and the blanks, then the stamp if it is its own.
    /// Written as it stands, without a list made for each of a district's thousands of rows.
    struct Row(Tally, Option<Millis>);

    impl Serialize for Row {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let Row(Tally { n, blank }, t) = self;
            let mut seq = s.serialize_seq(Some(6 + usize::from(t.is_some())))?;
            for c in n.iter().chain([blank]) {
                seq.serialize_element(c)?;
            }
            if let Some(t) = t {
                seq.serialize_element(t)?;
            }
            seq.end()
        }
    }

    /// [`serialize`] written by hand (see `json_out`).
    pub fn write(t: &Tallies, out: &mut Out) {
        out.list(
            b'{',
            t.iter(),
            |out, (r, crit)| {
                out.key(r);
                let mut run = Run::default();
                out.list(
                    b'{',
                    crit.iter(),
                    |out, (c, x)| {
                        out.key(c);
                        out.byte(b'[');
                        for n in &x.v.n {
                            out.uint(*n);
                            out.byte(b',');
                        }
                        out.uint(x.v.blank);
                        if let Some(t) = run.write(x.t) {
                            out.byte(b',');
                            out.int(t);
                        }
                        out.byte(b']');
                    },
                    b'}',
                );
            },
            b'}',
        );
    }

    pub fn serialize<S: Serializer>(t: &Tallies, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(t.iter().map(move |(r, crit)| {
            let mut run = Run::default();
            let rows: Vec<(&String, Row)> = crit
                .iter()
                .map(|(c, x)| (c, Row(x.v, run.write(x.t))))
                .collect();
            (r, Pairs(rows))
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tallies, D::Error> {
        walk(d, read)
    }

    fn read(v: &Value) -> Read<Tallies> {
        let mut out = Tallies::new();
        for (r, crit) in object(v, &|| "tallies".into())? {
            let mut run = Run::default();
            let mut rows = Map::new();
            for (c, row) in object(crit, &|| format!("tallies.{r}"))? {
                let at = || format!("tallies.{r}.{c}");
                let a = array(row, &at)?;
                if a.len() != 6 && a.len() != 7 {
                    return Err(problem(&at, "cần 6 số đếm và có thể thêm thời điểm"));
                }
                let n = [
                    count(&a[0], &at)?,
                    count(&a[1], &at)?,
                    count(&a[2], &at)?,
                    count(&a[3], &at)?,
                    count(&a[4], &at)?,
                ];
                let blank = count(&a[5], &at)?;
                let t = a.get(6).map(|t| stamp(t, &at)).transpose()?;
                let t = run.read(t, &at)?;
                rows.insert(
                    c.clone(),
                    Stamped {
                        v: Tally { n, blank },
                        t,
                    },
                );
            }
            out.insert(r.clone(), rows);
        }
        Ok(out)
    }
}

/// `#[serde(with = "compact::tasks")]` on unit → task number → progress, stored (since schema
/// version 7) as unit → `[stamps, tasks]`: the unit's distinct stamps once, ascending, and each
/// task as `[status, stamp, evidence, assignee, due, notes]` with the status as its place in
/// `TaskStatus::ALL`, the stamp as its place in `stamps`, each piece of evidence as `[id, number,
/// date, link, note]`, and empty things at the end left out. Since version 8 the dates (evidence,
/// due) are day numbers from 1970-01-01; version 7's `"YYYY-MM-DD"` is still read. A school's tasks reach the office in
/// a few files, so a few stamps serve all of them.
pub mod tasks {
    use super::*;
    use crate::core::base::format::parse_iso;
    use crate::core::data::records::{Evidence, TaskProgress, TaskStatus};
    use chrono::{Datelike, NaiveDate};

    type Units = Map<String, Map<String, TaskProgress>>;

    /// Writes `items` as an array without its empty tail (`""`, `[]`, `null`).
    enum Item<'a> {
        Text(&'a str),
        Date(Option<NaiveDate>),
        Number(Option<i64>),
        Evidence(&'a [Evidence]),
    }

    impl Item<'_> {
        fn is_empty(&self) -> bool {
            match self {
                Item::Text(s) => s.is_empty(),
                Item::Date(d) => d.is_none(),
                Item::Number(n) => n.is_none(),
                Item::Evidence(e) => e.is_empty(),
            }
        }
    }

    impl Serialize for Item<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Item::Text(t) => s.serialize_str(t),
                Item::Date(Some(d)) => s.serialize_i64(day_number(*d)),
                Item::Date(None) => s.serialize_str(""),
                Item::Number(n) => n.serialize(s),
                Item::Evidence(list) => s.collect_seq(list.iter().map(evidence)),
            }
        }
    }

    impl Item<'_> {
        /// [`Serialize`] written by hand (see `json_out`).
        fn write(&self, out: &mut Out) {
            match self {
                Item::Text(t) => out.string(t),
                Item::Date(Some(d)) => out.int(day_number(*d)),
                Item::Date(None) => out.raw("\"\""),
                Item::Number(Some(n)) => out.int(*n),
                Item::Number(None) => out.raw("null"),
                Item::Evidence(list) => {
                    out.list(b'[', list.iter(), |out, e| evidence(e).write(out), b']')
                }
            }
        }
    }

    /// A piece of evidence as stored: `[id, number, date, link, note]`.
    fn evidence(e: &Evidence) -> Trimmed<'_, 5> {
        Trimmed([
            Item::Text(&e.id),
            Item::Text(&e.doc_number),
            Item::Date(e.date),
            Item::Text(&e.link),
            Item::Text(&e.note),
        ])
    }

    struct Trimmed<'a, const N: usize>([Item<'a>; N]);

    impl<const N: usize> Trimmed<'_, N> {
        /// The items up to the last that is not empty.
        fn kept(&self) -> &[Item<'_>] {
            let len = self
                .0
                .iter()
                .rposition(|i| !i.is_empty())
                .map_or(0, |i| i + 1);
            &self.0[..len]
        }

        fn write(&self, out: &mut Out) {
            out.list(b'[', self.kept(), |out, i| i.write(out), b']');
        }
    }

    impl<const N: usize> Serialize for Trimmed<'_, N> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.kept())
        }
    }

    fn row(t: &TaskProgress, stamp: usize) -> Trimmed<'_, 6> {
        let status = TaskStatus::ALL
            .iter()
            .position(|s| *s == t.status)
            .unwrap_or(0);
        Trimmed([
            // Status and stamp are never empty, so that a row is never shorter than 2.
            Item::Number(Some(status as i64)),
            Item::Number(Some(stamp as i64)),
            Item::Evidence(&t.evidence),
            Item::Text(&t.assignee),
            Item::Date(t.due),
            Item::Text(&t.notes),
        ])
    }

    /// A unit's distinct stamps, ascending (they are few: kept sorted by inserting).
    fn stamps_of(tasks: &Map<String, TaskProgress>) -> Vec<Millis> {
        let mut stamps: Vec<Millis> = Vec::new();
        for t in tasks.values() {
            if let Err(i) = stamps.binary_search(&t.changed_at) {
                stamps.insert(i, t.changed_at);
            }
        }
        stamps
    }

    fn stamp_index(stamps: &[Millis], t: &TaskProgress) -> usize {
        stamps.binary_search(&t.changed_at).unwrap_or(0)
    }

    pub fn serialize<S: Serializer>(u: &Units, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(u.iter().map(|(unit, tasks)| {
            let stamps = stamps_of(tasks);
            let rows: Vec<_> = tasks
                .iter()
                .map(|(n, t)| (n, row(t, stamp_index(&stamps, t))))
                .collect();
            (unit, (stamps, Pairs(rows)))
        }))
    }

    /// [`serialize`] written by hand (see `json_out`).
    pub fn write(u: &Units, out: &mut Out) {
        out.list(
            b'{',
            u.iter(),
            |out, (unit, tasks)| {
                out.key(unit);
                let stamps = stamps_of(tasks);
                out.byte(b'[');
                out.list(b'[', &stamps, |out, t| out.int(*t), b']');
                out.byte(b',');
                out.list(
                    b'{',
                    tasks.iter(),
                    |out, (n, t)| {
                        out.key(n);
                        row(t, stamp_index(&stamps, t)).write(out);
                    },
                    b'}',
                );
                out.byte(b']');
            },
            b'}',
        );
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Units, D::Error> {
        walk(d, read)
    }

    /// Days since 1970-01-01, as a task's dates are stored since schema version 8: 5 characters
    /// where `"2024-03-15"` took 12, for every piece of evidence of every task.
    fn day_number(d: NaiveDate) -> i64 {
        i64::from(d.num_days_from_ce()) - UNIX_DAY_FROM_CE
    }

    /// `num_days_from_ce` of 1970-01-01.
    const UNIX_DAY_FROM_CE: i64 = 719_163;

    /// A task's date: a day number (version 8), or as version 7 wrote it, `"YYYY-MM-DD"`; `""`
    /// or nothing is no date.
    fn date(v: Option<&Value>, at: &dyn Fn() -> String) -> Read<Option<NaiveDate>> {
        if let Some(n) = v.and_then(Value::as_i64) {
            return n
                .checked_add(UNIX_DAY_FROM_CE)
                .and_then(|d| i32::try_from(d).ok())
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .map(Some)
                .ok_or_else(|| problem(at, &format!("không phải một ngày: {n}")));
        }
        let s = text(v, at)?;
        if s.is_empty() {
            return Ok(None);
        }
        parse_iso(&s)
            .map(Some)
            .ok_or_else(|| problem(at, &format!("không phải một ngày: {s}")))
    }

    fn read(v: &Value) -> Read<Units> {
        let mut out = Units::new();
        for (unit, both) in object(v, &|| "tasks".into())? {
            let at = || format!("tasks.{unit}");
            let (stamps, rows) = match array(both, &at)? {
                [stamps, rows] => (array(stamps, &at)?, object(rows, &at)?),
                _ => return Err(problem(&at, "cần [thời điểm, nhiệm vụ]")),
            };
            let mut tasks = Map::new();
            for (n, row) in rows {
                let at = || format!("tasks.{unit}.{n}");
                let row = array(row, &at)?;
                if !(2..=6).contains(&row.len()) {
                    return Err(problem(&at, "cần từ 2 đến 6 phần"));
                }
                let status = TaskStatus::ALL
                    .get(count(&row[0], &at)? as usize)
                    .ok_or_else(|| problem(&at, "trạng thái không rõ"))?;
                let changed_at = stamps
                    .get(count(&row[1], &at)? as usize)
                    .ok_or_else(|| problem(&at, "thời điểm không có trong danh sách"))
                    .and_then(|t| stamp(t, &at))?;
                let mut evidence = Vec::new();
                if let Some(list) = row.get(2) {
                    for e in array(list, &at)? {
                        let e = array(e, &at)?;
                        if e.len() > 5 {
                            return Err(problem(&at, "minh chứng có tối đa 5 phần"));
                        }
                        evidence.push(Evidence {
                            id: text(e.first(), &at)?,
                            doc_number: text(e.get(1), &at)?,
                            date: date(e.get(2), &at)?,
                            link: text(e.get(3), &at)?,
                            note: text(e.get(4), &at)?,
                        });
                    }
                }
                let t = TaskProgress {
                    status: *status,
                    assignee: text(row.get(3), &at)?,
                    due: date(row.get(4), &at)?,
                    evidence,
                    notes: text(row.get(5), &at)?,
                    changed_at,
                };
                tasks.insert(n.clone(), t);
            }
            out.insert(unit.clone(), tasks);
        }
        Ok(out)
    }
}

/// `#[serde(with = "compact::rounds")]` on round id → survey round, stored (since schema version
/// 7) as `[unit, name, respondent, month, distributed, returned, population, questionnaire,
/// stamp]`: the id is the key, and the field names are not repeated in every round.
pub mod rounds {
    use super::*;
    use crate::core::data::survey::{Respondent, SurveyRound};

    type Rounds = Map<String, SurveyRound>;

    struct QuestionnaireOut<'a>(&'a Questionnaire);

    impl Serialize for QuestionnaireOut<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::core::data::survey::questionnaire_or_id::serialize(self.0, s)
        }
    }

    pub fn serialize<S: Serializer>(rounds: &Rounds, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(rounds.iter().map(|(id, r)| {
            let row = (
                &r.unit,
                &r.name,
                r.respondent,
                r.month,
                r.distributed,
                r.returned,
                r.population,
                QuestionnaireOut(&r.questionnaire),
                r.changed_at,
            );
            (id, row)
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rounds, D::Error> {
        walk(d, read)
    }

    fn read(v: &Value) -> Read<Rounds> {
        let mut out = Rounds::new();
        for (id, row) in object(v, &|| "surveys".into())? {
            let at = || format!("surveys.{id}");
            let [unit, name, respondent, month, distributed, returned, population, q, t] =
                array(row, &at)?
            else {
                return Err(problem(&at, "cần 9 phần"));
            };
            let optional = |v: &Value| match v {
                Value::Null => Ok(None),
                v => count(v, &at).map(Some),
            };
            let round = SurveyRound {
                id: id.clone(),
                unit: text(Some(unit), &at)?,
                name: text(Some(name), &at)?,
                respondent: Respondent::deserialize(respondent)
                    .map_err(|e| problem(&at, &e.to_string()))?,
                month: text(Some(month), &at)?
                    .parse::<YearMonth>()
                    .map_err(|e| problem(&at, &e.to_string()))?,
                distributed: optional(distributed)?,
                returned: count(returned, &at)?,
                population: optional(population)?,
                questionnaire: match q {
                    Value::String(id) => builtin_questionnaire(id)
                        .ok_or_else(|| problem(&at, &format!("không có bộ câu hỏi {id}")))?,
                    // A questionnaire of the school's own: rare, read as the app reads it
                    // elsewhere (one deserializer of questionnaires in the wasm).
                    q => crate::core::base::json::from_str(&q.to_string())
                        .map_err(|e| problem(&at, &e.to_string()))?,
                },
                changed_at: stamp(t, &at)?,
            };
            out.insert(id.clone(), round);
        }
        Ok(out)
    }
}

/// `#[serde(with = "compact::questionnaire")]` on a survey round's questionnaire: the default's
/// id when it is exactly the default of its level, otherwise the whole questionnaire.
/// Version 6's migration of the stored JSON (see `persist`): figures and tallies to arrays,
/// default questionnaires to their ids. Values that are not in the expected shape are left as
/// they are, for the typed reading to locate.
pub fn v5_to_v6(mut data: Value) -> Value {
    if let Some(Value::Object(units)) = data.get_mut("figures") {
        for months in units.values_mut() {
            for fields in months
                .as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                for v in fields
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|f| f.values_mut())
                {
                    if let (Some(x), Some(t)) = (v.get("v").cloned(), v.get("t").cloned()) {
                        *v = Value::Array(vec![x, t]);
                    }
                }
            }
        }
    }
    let defaults: Vec<(&str, Value)> = builtin_questionnaires()
        .iter()
        .map(|q| {
            let json = serde_json::to_string(q).unwrap_or_default();
            (
                q.id.as_str(),
                crate::core::base::json::from_str(&json).unwrap_or(Value::Null),
            )
        })
        .collect();
    if let Some(Value::Object(works)) = data.get_mut("work") {
        for w in works.values_mut() {
            if let Some(Value::Object(rounds)) = w.get_mut("tallies") {
                for crit in rounds.values_mut() {
                    for v in crit
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|c| c.values_mut())
                    {
                        let n = v.pointer("/v/n").and_then(Value::as_array).cloned();
                        let blank = v.pointer("/v/blank").cloned().unwrap_or(Value::from(0));
                        if let (Some(mut n), Some(t)) = (n, v.get("t").cloned()) {
                            n.push(blank);
                            n.push(t);
                            *v = Value::Array(n);
                        }
                    }
                }
            }
            if let Some(Value::Object(rounds)) = w.get_mut("surveys") {
                for r in rounds.values_mut() {
                    let Some(q) = r.get_mut("questionnaire") else {
                        continue;
                    };
                    // Compared as JSON with each default as this app writes it (no second
                    // deserializer of questionnaires from `Value`: bytes matter in the wasm).
                    let default = defaults.iter().find(|(_, json)| json == q);
                    if let Some((id, _)) = default {
                        *q = Value::String(id.to_string());
                    }
                }
            }
        }
    }
    data
}

/// Version 7's migration of the stored JSON (see `persist`): figures to yearly rows per field,
/// tasks to arrays. Version 6's `[v, t]` cells and 7-long tally rows are already valid version 7
/// (every stamp written). Values not in the expected shape are left as they are, for the typed
/// reading to locate.
pub fn v6_to_v7(mut data: Value) -> Result<Value, Located> {
    if let Some(Value::Object(units)) = data.get_mut("figures") {
        for (unit, months) in units.iter_mut() {
            // Refused here: a version 6 month left as it is could pass for a version 7 field.
            *months = figure_rows(months).ok_or_else(|| {
                Located::new(
                    format!("data.figures.{unit}"),
                    FieldError::Invalid("tháng → chỉ số → [số, thời điểm]".into()),
                )
            })?;
        }
    }
    if let Some(Value::Object(works)) = data.get_mut("work") {
        for w in works.values_mut() {
            if let Some(Value::Object(rounds)) = w.get_mut("surveys") {
                for r in rounds.values_mut() {
                    if let Some(row) = round_row(r) {
                        *r = row;
                    }
                }
            }
            if let Some(Value::Object(units)) = w.get_mut("tasks") {
                for tasks in units.values_mut() {
                    if let Some(v7) = task_rows(tasks) {
                        *tasks = v7;
                    }
                }
            }
        }
    }
    Ok(data)
}

/// A unit's version 6 figures (month → field → `[v, t]`) as version 7 rows.
fn figure_rows(months: &Value) -> Option<Value> {
    let mut rows = serde_json::Map::new();
    for (m, fields) in months.as_object()? {
        let (y, mo) = m.split_once('-')?;
        let i = mo.parse::<usize>().ok().filter(|i| (1..=12).contains(i))? - 1;
        for (f, cell) in fields.as_object()? {
            let years = rows
                .entry(f.as_str())
                .or_insert_with(|| Value::Object(Default::default()));
            let row = years
                .as_object_mut()?
                .entry(y)
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()?;
            if row.len() <= i {
                row.resize(i + 1, Value::Null);
            }
            row[i] = cell.clone();
        }
    }
    Some(Value::Object(rows))
}

/// A version 6 survey round object as a version 7 row (its id is its key).
fn round_row(r: &Value) -> Option<Value> {
    let or_null = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let row = vec![
        r.get("unit")?.clone(),
        r.get("name")?.clone(),
        r.get("respondent")?.clone(),
        r.get("month")?.clone(),
        or_null("distributed"),
        r.get("returned").cloned().unwrap_or(Value::from(0)),
        or_null("population"),
        r.get("questionnaire")?.clone(),
        r.get("changed_at")?.clone(),
    ];
    Some(Value::Array(row))
}

/// A unit's version 6 tasks (number → object) as version 7 `[stamps, rows]`.
fn task_rows(tasks: &Value) -> Option<Value> {
    let tasks = tasks.as_object()?;
    let mut stamps: Vec<i64> = tasks
        .values()
        .map(|t| t.get("changed_at").and_then(Value::as_i64))
        .collect::<Option<_>>()?;
    stamps.sort_unstable();
    stamps.dedup();
    let mut rows = serde_json::Map::new();
    for (n, t) in tasks {
        let text = |v: Option<&Value>| v.cloned().unwrap_or(Value::from(""));
        let status = t.get("status")?.as_str()?;
        let status = crate::core::data::records::TaskStatus::ALL
            .iter()
            .position(|s| s.slug() == status)?;
        let stamp = stamps.binary_search(&t.get("changed_at")?.as_i64()?).ok()?;
        let mut evidence = Vec::new();
        for e in t
            .get("evidence")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let parts = ["id", "doc_number", "date", "link", "note"].map(|k| text(e.get(k)));
            evidence.push(Value::Array(without_empty_tail(parts.to_vec())));
        }
        let mut row = without_empty_tail(vec![
            Value::from(status),
            Value::from(stamp),
            Value::Array(evidence),
            text(t.get("assignee")),
            text(t.get("due")),
            text(t.get("notes")),
        ]);
        row.truncate(row.len().max(2));
        rows.insert(n.clone(), Value::Array(row));
    }
    Some(Value::Array(vec![
        Value::Array(stamps.into_iter().map(Value::from).collect()),
        Value::Object(rows),
    ]))
}

fn without_empty_tail(mut v: Vec<Value>) -> Vec<Value> {
    while v.last().is_some_and(|x| {
        x.is_null() || x.as_str() == Some("") || x.as_array().is_some_and(Vec::is_empty)
    }) {
        v.pop();
    }
    v
}

#[cfg(test)]
mod tests {
    use crate::core::data::dataset::Dataset;
    use crate::core::data::records::SchoolLevel;
    use crate::core::fixtures::{school, school_data};
    use crate::core::storage::persist::{decode, encode};

    /// The built-in questionnaires are frozen under their ids: a stored id must always mean the
    /// same questions. To change `plans/questionnaires.json`, give the changed ones new ids and
    /// update this checksum.
    #[test]
    fn the_default_questionnaires_are_frozen_under_their_ids() {
        let sum = crate::core::base::checksum::sha256(include_bytes!(
            "../../../plans/questionnaires.json"
        ));
        let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex, "b7544fe3e3d87b4f9e2b23cd7a26f4f32929c45e533d1ad94f6017307dea11fd",
            "plans/questionnaires.json changed: new ids for changed questionnaires"
        );
    }

    #[test]
    fn the_compact_form_reads_back_and_is_smaller() {
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 5);
        // One round keeps a questionnaire of its own.
        let mut own = d.work(crate::core::plan::model::BUILTIN_PLAN_ID).surveys["ks-u-b"].clone();
        own.id = "ks-own".into();
        own.questionnaire.areas[0].criteria[0].text = "Câu hỏi riêng của trường".into();
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .upsert_round(own, 3);
        let raw = encode(&d, 1);
        assert_eq!(decode(&raw).unwrap(), d);
        // A round as an array, its default questionnaire as the default's id.
        assert!(raw.contains(
            "\"ks-u-b\":[\"u-b\",\"Đợt 1\",\"parents\",\"2024-03\",120,100,400,\"mac-dinh-tieu_hoc\",10]"
        ), "{raw}");
        assert!(raw.contains("Câu hỏi riêng của trường"));
        // Figures as yearly rows, each run of equal stamps written once.
        assert!(
            raw.contains("\"cb_tong\":{\"2024\":[[40,10],40,40]}"),
            "{raw}"
        );
        assert!(raw.contains("\"vb_tong\":{\"2024\":[15,25,35]}"), "{raw}");
        // A unit's tasks as [stamps, tasks], each task [status, stamp, evidence, assignee].
        assert!(raw.contains("\"u-b\":[[10],{\"1.2\":[2,0,[[\"e1\",\"12/KH-MN\"]],\"Cô Lan\"]}]"));
        assert!(raw.contains("\"chung\":[1,2,7,40,50,0,10]"));
        assert_eq!(
            decode(&encode(&Dataset::default(), 1)).unwrap(),
            Dataset::default()
        );
    }

    /// A task's dates are day numbers (version 8); version 7's date strings still read; a day
    /// number no calendar has, or a text that is not a date, is a located problem.
    #[test]
    fn task_dates_are_day_numbers_and_the_old_form_still_reads() {
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 5);
        d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("u-b", "1.2", 10, |t| {
                t.due = chrono::NaiveDate::from_ymd_opt(2024, 3, 15);
                t.evidence[0].date = chrono::NaiveDate::from_ymd_opt(1969, 12, 31);
            });
        let raw = encode(&d, 1);
        let row = "[2,0,[[\"e1\",\"12/KH-MN\",-1]],\"Cô Lan\",19797]";
        assert!(raw.contains(row), "{raw}");
        assert_eq!(decode(&raw).unwrap(), d);
        let v7 = raw.replace(
            row,
            "[2,0,[[\"e1\",\"12/KH-MN\",\"1969-12-31\"]],\"Cô Lan\",\"2024-03-15\"]",
        );
        assert_eq!(decode(&v7).unwrap(), d);
        for bad in ["9007199254740991", "\"15/03/2024\""] {
            let e = decode(&raw.replace("19797]", &format!("{bad}]"))).unwrap_err();
            assert!(e.to_string().contains("tasks.u-b.1.2"), "{e}");
        }
    }

    mod properties {
        use crate::core::base::period::YearMonth;
        use crate::core::data::dataset::Dataset;
        use crate::core::data::records::{Evidence, TaskStatus};
        use crate::core::data::survey::Tally;
        use crate::core::storage::persist::{decode, encode};
        use proptest::prelude::*;
        use serde_json::json;

        const PLAN: &str = crate::core::plan::model::BUILTIN_PLAN_ID;

        /// Figures, tasks (with evidence whose parts are empty or not) and tallies over a few
        /// units, years and stamps, so that runs of equal stamps and gaps both occur.
        fn arb() -> impl Strategy<Value = Dataset> {
            let figure = (
                0u8..3,
                2023i32..2026,
                1u32..13,
                0u8..4,
                0u64..1_000_000,
                0i64..4,
            );
            let text = prop_oneof![Just(String::new()), "[a-zđạ<\"\\\\ ]{1,6}"];
            let evidence = proptest::collection::vec(
                (
                    text.clone(),
                    text.clone(),
                    proptest::option::of(0u32..300),
                    text.clone(),
                ),
                0..3,
            );
            let task = (
                0u8..3,
                0u8..6,
                0usize..4,
                0i64..5,
                evidence,
                text.clone(),
                text,
            );
            let tally = (
                0u8..3,
                0u8..4,
                proptest::array::uniform5(0u64..500),
                0u64..9,
                0i64..3,
            );
            (
                proptest::collection::vec(figure, 0..40),
                proptest::collection::vec(task, 0..12),
                proptest::collection::vec(tally, 0..10),
            )
                .prop_map(|(figures, tasks, tallies)| {
                    let mut d = Dataset::default();
                    for (u, y, m, f, v, t) in figures {
                        let field =
                            ["vb_tong", "vb_dien_tu", "cb_tong", "hs_tiep_nhan"][f as usize];
                        let month = YearMonth::new(y, m).unwrap();
                        d.set_figure(
                            &format!("u{u}"),
                            month,
                            field,
                            Some(v),
                            1_700_000_000_000 + t,
                        );
                    }
                    let w = d.work_mut(PLAN);
                    for (u, n, status, t, evidence, assignee, notes) in tasks {
                        w.update_task(&format!("u{u}"), &format!("1.{n}"), t * 1000, |x| {
                            x.status = TaskStatus::ALL[status];
                            x.assignee = assignee;
                            x.notes = notes;
                            x.due = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                                .map(|d| d + chrono::Days::new(t as u64 * 40));
                            x.evidence = evidence
                                .into_iter()
                                .enumerate()
                                .map(|(i, (id, doc_number, day, link))| Evidence {
                                    id: if i == 0 { id } else { format!("e{i}{id}") },
                                    doc_number,
                                    date: day.and_then(|k| {
                                        chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                                            .map(|d| d + chrono::Days::new(k as u64))
                                    }),
                                    link,
                                    note: String::new(),
                                })
                                .collect();
                        });
                    }
                    for (r, c, n, blank, t) in tallies {
                        w.set_tally(&format!("ks{r}"), &format!("c{c}"), Tally { n, blank }, t);
                    }
                    d.tidy();
                    d
                })
        }

        proptest! {
            /// What is stored reads back as it was.
            #[test]
            fn the_stored_form_reads_back_exactly(d in arb()) {
                prop_assert_eq!(decode(&encode(&d, 1)).unwrap(), d);
            }

            /// The stored text written by hand is serde's, byte for byte.
            #[test]
            fn the_hand_written_text_is_serdes(d in arb()) {
                prop_assert_eq!(encode(&d, 1), crate::core::storage::persist::encode_by_serde(&d, 1));
            }

            /// Data written in the plain form of version 5 (every value an object with its own
            /// stamp) reaches version 7 through both migrations with nothing changed.
            #[test]
            fn versions_5_and_6_migrate_to_the_same_data(d in arb()) {
                let w = d.work(PLAN);
                let mut work = serde_json::Map::new();
                if !w.tasks.is_empty() {
                    work.insert("tasks".into(), serde_json::to_value(&w.tasks).unwrap());
                }
                if !w.tallies.is_empty() {
                    work.insert("tallies".into(), serde_json::to_value(&w.tallies).unwrap());
                }
                let mut works = serde_json::Map::new();
                if !work.is_empty() {
                    works.insert(PLAN.into(), serde_json::Value::Object(work));
                }
                let v5 = json!({
                    "format": "cchc-dataset",
                    "schema_version": 5,
                    "data": {
                        "figures": serde_json::to_value(&d.figures).unwrap(),
                        "work": works,
                    },
                });
                // Version 5 knew no history: only the values migrate.
                let mut d = d;
                d.history.clear();
                prop_assert_eq!(decode(&v5.to_string()).unwrap(), d);
            }
        }
    }
}
