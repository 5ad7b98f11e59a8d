//! The typed reading of a submission as this app writes it, written out: the second half of the
//! quick path (`submission::written_by_us`), after the checksum has stripped the text.
//!
//! Reading a district's 150 files, serde spent two thirds of its time on what a reader of one
//! known format can skip: matching field names through generic visitors, string by string. This
//! reader knows the format — objects with known members, strings, plain integers — and reads it
//! in one pass over the bytes. It answers only for text it fully understands and gives `None`
//! for anything else (an unknown member, `null`, a number with a fraction, an escape beyond
//! JSON's short ones, trailing text…), and the caller then reads the text with serde. So it
//! never decides what a file means: where it answers, it answers exactly as
//! `json::from_str::<Submission>` does, which the tests and the fuzzer hold it to.

use serde::de::IntoDeserializer;
use serde::Deserialize;

use crate::core::base::map::Map;
use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::data::records::Evidence;
use crate::core::data::survey::{Area, Criterion, Questionnaire, Tally};
use crate::core::exchange::submission_format::{
    Member, Period, PlanRef, Sender, SentAssessment, SentData, SentRound, SentTask, Submission,
};

/// `Some(submission)` exactly when `json::from_str::<Submission>(text)` reads one from text in
/// the forms this reader knows; `None` sends the caller to serde.
pub fn submission(text: &str) -> Option<Submission> {
    let mut t = Text { s: text, i: 0 };
    let sub = read_submission(&mut t)?;
    (t.i == text.len()).then_some(sub)
}

/// A place in the text. Every step answers `None` at the first byte it does not expect.
struct Text<'a> {
    s: &'a str,
    i: usize,
}

/// A member name as one integer — its length, then its bytes — so that matching it is a
/// comparison rather than a call to `memcmp` for each candidate (what the size-optimised build
/// makes of matching strings). Names longer than 15 bytes, which this format does not have, get
/// a tag no name matches.
const fn tag(name: &str) -> u128 {
    let b = name.as_bytes();
    if b.len() > 15 {
        return u128::MAX;
    }
    let mut t = b.len() as u128;
    let mut i = 0;
    while i < b.len() {
        t = t << 8 | b[i] as u128;
        i += 1;
    }
    t
}

/// Stores a member's value; `None` if the member came twice (serde: "duplicate field").
fn once<T>(slot: &mut Option<T>, v: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(v);
            Some(())
        }
    }
}

impl<'a> Text<'a> {
    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.byte()? == c).then(|| self.i += 1)
    }

    /// An object, each member handed to `member` with its name.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let name = self.plain_string()?;
            self.eat(b':')?;
            member(self, name)?;
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    /// An array, each element read by `item`.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b',').is_none() {
                return self.eat(b']');
            }
        }
    }

    /// A string up to its closing quote or first backslash, raw; `None` at a control character.
    fn run(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        let start = self.i;
        while let Some(&c) = b.get(self.i) {
            if c == b'"' || c == b'\\' {
                // Both are ASCII, so `start..i` lies on character boundaries.
                return self.s.get(start..self.i);
            }
            if c < 0x20 {
                return None;
            }
            self.i += 1;
        }
        None
    }

    /// A string without escapes, borrowed (member names, and the map keys that become strings).
    fn plain_string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let s = self.run()?;
        self.eat(b'"')?;
        Some(s)
    }

    /// A string, with JSON's escapes but `\u` beyond the Basic Multilingual Plane (a surrogate
    /// pair, which serde reads).
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = self.run()?.to_owned();
        while self.eat(b'"').is_none() {
            self.eat(b'\\')?;
            let c = match self.byte()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hex = self.s.get(self.i + 1..self.i + 5)?;
                    if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                        return None;
                    }
                    self.i += 4;
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
            out.push_str(self.run()?);
        }
        Some(out)
    }

    /// A non-negative integer as JSON writes it (no leading zero), which fits a `u64` and is not
    /// followed by a fraction or an exponent.
    fn u64(&mut self) -> Option<u64> {
        let b = self.s.as_bytes();
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(d) = b.get(self.i).filter(|c| c.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        let digits = self.i - start;
        let leading_zero = digits > 1 && b[start] == b'0';
        let more = matches!(self.byte(), Some(b'.' | b'e' | b'E'));
        (digits > 0 && !leading_zero && !more).then_some(n)
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    /// An integer, negative or not (`-0` is left to serde).
    fn i64(&mut self) -> Option<i64> {
        let negative = self.eat(b'-').is_some();
        let n = i64::try_from(self.u64()?).ok()?;
        match negative {
            true if n == 0 => None,
            true => Some(-n),
            false => Some(n),
        }
    }

    fn bool(&mut self) -> Option<bool> {
        let rest = self.s.get(self.i..)?;
        let (v, len) = if rest.starts_with("true") {
            (true, 4)
        } else if rest.starts_with("false") {
            (false, 5)
        } else {
            return None;
        };
        self.i += len;
        Some(v)
    }

    /// A unit variant of one of our enums, by the name serde gives it.
    fn variant<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        let name = self.plain_string()?;
        let d: serde::de::value::StrDeserializer<serde::de::value::Error> =
            name.into_deserializer();
        T::deserialize(d).ok()
    }

    fn month(&mut self) -> Option<YearMonth> {
        self.plain_string()?.parse().ok()
    }

    fn date(&mut self) -> Option<chrono::NaiveDate> {
        crate::core::base::format::parse_iso(self.plain_string()?)
    }

    /// A map of string keys, each value read by `value`.
    fn map<K: Ord, V>(
        &mut self,
        key: impl Fn(&'a str) -> Option<K>,
        mut value: impl FnMut(&mut Self) -> Option<V>,
    ) -> Option<Map<K, V>> {
        let mut pairs = Vec::new();
        self.object(|t, k| {
            pairs.push((key(k)?, value(t)?));
            Some(())
        })?;
        Some(Map::from_pairs(pairs))
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        self.array(|t| {
            out.push(item(t)?);
            Some(())
        })?;
        Some(out)
    }
}

fn owned(k: &str) -> Option<String> {
    Some(k.to_owned())
}

fn read_submission(t: &mut Text) -> Option<Submission> {
    let (mut format, mut schema_version, mut app_version, mut id) = (None, None, None, None);
    let (mut revision, mut made_at, mut plan, mut unit) = (None, None, None, None);
    let (mut period, mut data, mut checksum, mut members) = (None, None, None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("app_version") } => once(&mut app_version, t.string()?),
        k if k == const { tag("checksum") } => once(&mut checksum, t.string()?),
        k if k == const { tag("data") } => once(&mut data, sent_data(t)?),
        k if k == const { tag("format") } => once(&mut format, t.string()?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("made_at") } => once(&mut made_at, t.i64()?),
        k if k == const { tag("members") } => once(&mut members, t.list(member)?),
        k if k == const { tag("period") } => once(&mut period, read_period(t)?),
        k if k == const { tag("plan") } => once(&mut plan, plan_ref(t)?),
        k if k == const { tag("revision") } => once(&mut revision, t.u32()?),
        k if k == const { tag("schema_version") } => once(&mut schema_version, t.u32()?),
        k if k == const { tag("unit") } => once(&mut unit, sender(t)?),
        _ => None,
    })?;
    Some(Submission {
        format: format?,
        schema_version: schema_version?,
        app_version: app_version?,
        id: id?,
        revision: revision?,
        made_at: made_at?,
        plan: plan?,
        unit: unit?,
        period: period?,
        data: data?,
        members: members.unwrap_or_default(),
        checksum: checksum.unwrap_or_default(),
    })
}

fn member(t: &mut Text) -> Option<Member> {
    let (mut unit, mut data) = (None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("data") } => once(&mut data, sent_data(t)?),
        k if k == const { tag("unit") } => once(&mut unit, sender(t)?),
        _ => None,
    })?;
    Some(Member {
        unit: unit?,
        data: data.unwrap_or_default(),
    })
}

fn plan_ref(t: &mut Text) -> Option<PlanRef> {
    let (mut id, mut year) = (None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("year") } => once(&mut year, i32::try_from(t.i64()?).ok()?),
        _ => None,
    })?;
    Some(PlanRef {
        id: id?,
        year: year?,
    })
}

fn sender(t: &mut Text) -> Option<Sender> {
    let (mut id, mut name, mut level, mut code, mut kind) = (None, None, None, None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("code") } => once(&mut code, t.string()?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("kind") } => once(&mut kind, t.variant()?),
        k if k == const { tag("level") } => once(&mut level, t.variant()?),
        k if k == const { tag("name") } => once(&mut name, t.string()?),
        _ => None,
    })?;
    Some(Sender {
        id: id?,
        kind: kind.unwrap_or(crate::core::plan::model::UnitKind::School),
        name: name?,
        level,
        code: code.unwrap_or_default(),
    })
}

fn read_period(t: &mut Text) -> Option<Period> {
    let (mut report, mut months) = (None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("months") } => once(&mut months, month_range(t)?),
        k if k == const { tag("report") } => once(&mut report, t.variant()?),
        _ => None,
    })?;
    Some(Period {
        report,
        months: months?,
    })
}

fn month_range(t: &mut Text) -> Option<MonthRange> {
    let (mut from, mut to) = (None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("from") } => once(&mut from, t.month()?),
        k if k == const { tag("to") } => once(&mut to, t.month()?),
        _ => None,
    })?;
    Some(MonthRange {
        from: from?,
        to: to?,
    })
}

fn sent_data(t: &mut Text) -> Option<SentData> {
    let (mut figures, mut tasks, mut assessments, mut surveys) = (None, None, None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("assessments") } => once(&mut assessments, t.map(owned, assessment)?),
        k if k == const { tag("figures") } => once(
            &mut figures,
            t.map(|k| k.parse().ok(), |t| t.map(owned, Text::u64))?,
        ),
        k if k == const { tag("surveys") } => once(&mut surveys, t.list(round)?),
        k if k == const { tag("tasks") } => once(&mut tasks, t.map(owned, task)?),
        _ => None,
    })?;
    Some(SentData {
        figures: figures.unwrap_or_default(),
        tasks: tasks.unwrap_or_default(),
        assessments: assessments.unwrap_or_default(),
        surveys: surveys.unwrap_or_default(),
        // A file that tells of removals is left to serde (they are rare): `removed` is not a
        // member this reader knows, so it declines such a file above.
        removed: Default::default(),
    })
}

fn task(t: &mut Text) -> Option<SentTask> {
    let (mut status, mut due, mut evidence, mut notes) = (None, None, None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("due") } => once(&mut due, t.date()?),
        k if k == const { tag("evidence") } => once(&mut evidence, t.list(read_evidence)?),
        k if k == const { tag("notes") } => once(&mut notes, t.string()?),
        k if k == const { tag("status") } => once(&mut status, t.variant()?),
        _ => None,
    })?;
    Some(SentTask {
        status: status?,
        due,
        evidence: evidence.unwrap_or_default(),
        notes: notes.unwrap_or_default(),
    })
}

fn read_evidence(t: &mut Text) -> Option<Evidence> {
    let (mut id, mut doc_number, mut date, mut link, mut note) = (None, None, None, None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("date") } => once(&mut date, t.date()?),
        k if k == const { tag("doc_number") } => once(&mut doc_number, t.string()?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("link") } => once(&mut link, t.string()?),
        k if k == const { tag("note") } => once(&mut note, t.string()?),
        _ => None,
    })?;
    Some(Evidence {
        id: id?,
        doc_number: doc_number.unwrap_or_default(),
        date,
        link: link.unwrap_or_default(),
        note: note.unwrap_or_default(),
    })
}

fn assessment(t: &mut Text) -> Option<SentAssessment> {
    let (mut verdict, mut note) = (None, None);
    t.object(|t, name| match tag(name) {
        k if k == const { tag("note") } => once(&mut note, t.string()?),
        k if k == const { tag("verdict") } => once(&mut verdict, t.variant()?),
        _ => None,
    })?;
    Some(SentAssessment {
        verdict: verdict?,
        note: note.unwrap_or_default(),
    })
}

fn round(t: &mut Text) -> Option<SentRound> {
    let (mut id, mut name, mut respondent, mut month) = (None, None, None, None);
    let (mut distributed, mut returned, mut population) = (None, None, None);
    let (mut questionnaire, mut tallies) = (None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("distributed") } => once(&mut distributed, t.u64()?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("month") } => once(&mut month, t.month()?),
        k if k == const { tag("name") } => once(&mut name, t.string()?),
        k if k == const { tag("population") } => once(&mut population, t.u64()?),
        k if k == const { tag("questionnaire") } => {
            once(&mut questionnaire, read_questionnaire(t)?)
        }
        k if k == const { tag("respondent") } => once(&mut respondent, t.variant()?),
        k if k == const { tag("returned") } => once(&mut returned, t.u64()?),
        k if k == const { tag("tallies") } => once(&mut tallies, t.map(owned, tally)?),
        _ => None,
    })?;
    Some(SentRound {
        id: id?,
        name: name?,
        respondent: respondent?,
        month: month?,
        distributed,
        returned: returned?,
        population,
        questionnaire: questionnaire?,
        tallies: tallies.unwrap_or_default(),
    })
}

fn read_questionnaire(t: &mut Text) -> Option<Questionnaire> {
    let (mut id, mut level, mut name, mut areas, mut overall) = (None, None, None, None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("areas") } => once(&mut areas, t.list(area)?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("level") } => once(&mut level, t.variant()?),
        k if k == const { tag("name") } => once(&mut name, t.string()?),
        k if k == const { tag("overall") } => once(&mut overall, criterion(t)?),
        _ => None,
    })?;
    Some(Questionnaire {
        id: id?,
        level: level?,
        name: name?,
        areas: areas?,
        overall: overall?,
    })
}

fn area(t: &mut Text) -> Option<Area> {
    let (mut id, mut name, mut criteria) = (None, None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("criteria") } => once(&mut criteria, t.list(criterion)?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("name") } => once(&mut name, t.string()?),
        _ => None,
    })?;
    Some(Area {
        id: id?,
        name: name?,
        criteria: criteria?,
    })
}

fn criterion(t: &mut Text) -> Option<Criterion> {
    let (mut id, mut text, mut hidden) = (None, None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("hidden") } => once(&mut hidden, t.bool()?),
        k if k == const { tag("id") } => once(&mut id, t.string()?),
        k if k == const { tag("text") } => once(&mut text, t.string()?),
        _ => None,
    })?;
    Some(Criterion {
        id: id?,
        text: text?,
        hidden: hidden.unwrap_or_default(),
    })
}

fn tally(t: &mut Text) -> Option<Tally> {
    let (mut n, mut blank) = (None, None);
    t.object(|t, member| match tag(member) {
        k if k == const { tag("blank") } => once(&mut blank, t.u64()?),
        k if k == const { tag("n") } => {
            let counts = t.list(Text::u64)?;
            once(&mut n, <[u64; 5]>::try_from(counts).ok()?)
        }
        _ => None,
    })?;
    Some(Tally {
        n: n?,
        blank: blank.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::checksum::canonical_of_text;
    use crate::core::base::json;
    use crate::core::base::period::ReportKind;
    use crate::core::data::records::{SchoolLevel, TaskStatus, Verdict};
    use crate::core::data::survey::{default_questionnaire, Respondent};
    use crate::core::exchange::submission::to_file;

    /// A file with every member this reader knows, escapes and non-ASCII text in its strings,
    /// as the quick path sees it: canonical, without whitespace or checksum.
    fn full() -> (Submission, String) {
        let month = |m| YearMonth::new(2024, m).unwrap();
        let mut questionnaire = default_questionnaire(SchoolLevel::Thcs);
        questionnaire.areas[0].criteria[0].hidden = true;
        questionnaire.overall.text = "Nhìn chung \"hài lòng\"\tvới\nnhà trường? \\ 😀".into();
        let sub = Submission {
            format: "cchc-submission".into(),
            schema_version: 1,
            app_version: "0.1.0".into(),
            id: "s-1".into(),
            revision: 3,
            made_at: 1_725_000_000_000,
            plan: PlanRef {
                id: "pgddt-quan6-2024".into(),
                year: 2024,
            },
            unit: Sender {
                kind: crate::core::plan::model::UnitKind::School,
                id: "u-1".into(),
                name: "Trường THCS <Phú Định> & \u{1}".into(),
                level: Some(SchoolLevel::Thcs),
                code: "T01".into(),
            },
            period: Period {
                report: Some(ReportKind::Q3),
                months: MonthRange::new(month(1), month(9)).unwrap(),
            },
            data: SentData {
                figures: [(month(3), [("vb_tong".to_string(), 12), ("x".into(), 0)])]
                    .into_iter()
                    .map(|(m, f)| (m, f.into_iter().collect()))
                    .collect(),
                tasks: [
                    (
                        "1.1".to_string(),
                        SentTask {
                            status: TaskStatus::Done,
                            due: chrono::NaiveDate::from_ymd_opt(2024, 6, 30),
                            evidence: vec![Evidence {
                                id: "e-1".into(),
                                doc_number: "125/KH-GDĐT".into(),
                                date: chrono::NaiveDate::from_ymd_opt(2024, 3, 15),
                                link: "https://example.org/a?b=1&c=\"2\"".into(),
                                note: "ghi chú\r\n/".into(),
                            }],
                            notes: "đã xong".into(),
                        },
                    ),
                    (
                        "3.10".into(),
                        SentTask {
                            status: TaskStatus::NotStarted,
                            due: None,
                            evidence: vec![Evidence {
                                id: "e-2".into(),
                                ..Evidence::default()
                            }],
                            notes: String::new(),
                        },
                    ),
                ]
                .into_iter()
                .collect(),
                assessments: [(
                    "2".to_string(),
                    SentAssessment {
                        verdict: Verdict::NotMet,
                        note: "chưa đạt".into(),
                    },
                )]
                .into_iter()
                .collect(),
                surveys: vec![SentRound {
                    id: "ks-1".into(),
                    name: "Khảo sát đợt 1".into(),
                    respondent: Respondent::Students,
                    month: month(4),
                    distributed: Some(220),
                    returned: 200,
                    population: None,
                    tallies: [(
                        "tc1".to_string(),
                        Tally {
                            n: [0, 8, 30, 80, 18_446_744_073_709],
                            blank: 2,
                        },
                    )]
                    .into_iter()
                    .collect(),
                    questionnaire,
                }],
                removed: Default::default(),
            },
            members: Vec::new(),
            checksum: String::new(),
        };
        let stripped = canonical_of_text(&to_file(&sub), Some("checksum")).unwrap();
        (sub, stripped)
    }

    fn by_serde(text: &str) -> Option<Submission> {
        json::from_str(text).ok()
    }

    #[test]
    fn a_file_as_the_app_writes_it_reads_as_serde_reads_it() {
        let (sub, stripped) = full();
        assert_eq!(submission(&stripped), Some(sub.clone()));
        assert_eq!(by_serde(&stripped), Some(sub));
        // Nothing but the required members, with the checksum in.
        let mut bare = full().0;
        bare.unit.level = None;
        bare.unit.code.clear();
        bare.period.report = None;
        bare.data = SentData::default();
        bare.checksum = "sha256-00".into();
        let text = serde_json::to_string(&bare).unwrap();
        assert_eq!(submission(&text), Some(bare));
    }

    #[test]
    fn what_it_does_not_know_goes_to_serde() {
        let (_, stripped) = full();
        for (from, to) in [
            ("\"revision\":3", "\"revision\":3.0"),
            ("\"revision\":3", "\"revision\":03"),
            ("\"returned\":200", "\"returned\":2e2"),
            ("\"distributed\":220", "\"distributed\":null"),
            ("\"code\":\"T01\"", "\"c\\u006fde\":\"T01\""),
            ("\"code\":\"T01\"", "\"colour\":\"T01\""),
            ("\"made_at\":1725000000000", "\"made_at\":-0"),
            ("\"status\":\"done\"", "\"status\":\"finished\""),
        ] {
            assert!(stripped.contains(from), "{from}");
            let text = stripped.replacen(from, to, 1);
            assert_eq!(submission(&text), None, "{to}");
        }
        assert_eq!(submission(&format!("{stripped} ")), None);
        assert_eq!(submission(&stripped[..stripped.len() - 1]), None);
    }

    /// Every one-byte change of the file: where this reader answers, serde answers the same.
    #[test]
    fn where_it_answers_it_answers_as_serde() {
        let (_, stripped) = full();
        let bytes = stripped.as_bytes();
        let mut answered = 0;
        for i in 0..bytes.len() {
            for b in [
                b'"', b'\\', b'0', b'9', b'-', b'}', b']', b',', b':', b'n', b'e', b'u', b' ',
            ] {
                let mut m = bytes.to_vec();
                m[i] = b;
                let mut del = bytes.to_vec();
                del.remove(i);
                for m in [m, del] {
                    let Ok(text) = String::from_utf8(m) else {
                        continue;
                    };
                    if let Some(sub) = submission(&text) {
                        answered += 1;
                        assert_eq!(by_serde(&text), Some(sub), "{text}");
                    }
                }
            }
        }
        assert!(answered > 1000, "{answered} changed files read");
    }
}
