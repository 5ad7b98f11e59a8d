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

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::dataset::{MonthFigures, Stamped};
use super::sorting::map_of;
use super::survey::{default_questionnaire, Questionnaire, Tallies, Tally};

/// A map written from an iterator each time it is serialised (nothing copied first).
struct Streamed<F>(F);

impl<F, I, K, V> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator<Item = (K, V)>,
    K: Serialize,
    V: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map((self.0)())
    }
}

/// `#[serde(with = "compact::figures")]` on unit → month → field → stamped value.
pub mod figures {
    use super::*;

    type Stored =
        BTreeMap<String, BTreeMap<super::super::period::YearMonth, BTreeMap<String, (u64, i64)>>>;

    pub fn serialize<S: Serializer>(
        f: &BTreeMap<String, MonthFigures>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        // Streamed: no copy of the figures is built to write them.
        s.collect_map(f.iter().map(|(u, months)| {
            (
                u,
                Streamed(move || {
                    months.iter().map(|(m, fields)| {
                        (
                            m,
                            Streamed(move || fields.iter().map(|(k, v)| (k, (v.v, v.t)))),
                        )
                    })
                }),
            )
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, MonthFigures>, D::Error> {
        let stored = Stored::deserialize(d)?;
        Ok(map_of(stored.into_iter().map(|(u, months)| {
            (
                u,
                map_of(months.into_iter().map(|(m, fields)| {
                    (
                        m,
                        map_of(fields.into_iter().map(|(k, (v, t))| (k, Stamped { v, t }))),
                    )
                })),
            )
        })))
    }
}

/// `#[serde(with = "compact::tallies")]` on round → criterion → stamped tally.
pub mod tallies {
    use super::*;

    type Stored = BTreeMap<String, BTreeMap<String, [i64; 7]>>;

    pub fn serialize<S: Serializer>(t: &Tallies, s: S) -> Result<S::Ok, S::Error> {
        let a = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        s.collect_map(t.iter().map(move |(r, crit)| {
            (
                r,
                Streamed(move || {
                    crit.iter().map(move |(c, x)| {
                        let n = x.v.n;
                        let row = [
                            a(n[0]),
                            a(n[1]),
                            a(n[2]),
                            a(n[3]),
                            a(n[4]),
                            a(x.v.blank),
                            x.t,
                        ];
                        (c, row)
                    })
                }),
            )
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tallies, D::Error> {
        let stored = Stored::deserialize(d)?;
        let count = |v: i64| u64::try_from(v).map_err(|_| de::Error::custom("negative count"));
        let mut out = Tallies::new();
        for (r, crit) in stored {
            let mut row = BTreeMap::new();
            for (c, a) in crit {
                let tally = Tally {
                    n: [
                        count(a[0])?,
                        count(a[1])?,
                        count(a[2])?,
                        count(a[3])?,
                        count(a[4])?,
                    ],
                    blank: count(a[5])?,
                };
                row.insert(c, Stamped { v: tally, t: a[6] });
            }
            out.insert(r, row);
        }
        Ok(out)
    }
}

/// `#[serde(with = "compact::questionnaire")]` on a survey round's questionnaire: the default's
/// id when it is exactly the default of its level, otherwise the whole questionnaire.
pub mod questionnaire {
    use super::*;

    pub fn serialize<S: Serializer>(q: &Questionnaire, s: S) -> Result<S::Ok, S::Error> {
        if *q == default_questionnaire(q.level) {
            s.serialize_str(&q.id)
        } else {
            q.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Questionnaire, D::Error> {
        d.deserialize_any(RefOrCopy)
    }

    struct RefOrCopy;

    impl<'de> Visitor<'de> for RefOrCopy {
        type Value = Questionnaire;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a questionnaire or the id of a built-in one")
        }

        fn visit_str<E: de::Error>(self, id: &str) -> Result<Questionnaire, E> {
            builtin(id).ok_or_else(|| E::custom(format!("unknown questionnaire {id}")))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Questionnaire, A::Error> {
            Questionnaire::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
}

/// The built-in questionnaire with this id.
fn builtin(id: &str) -> Option<Questionnaire> {
    super::dataset::SchoolLevel::ALL
        .into_iter()
        .map(default_questionnaire)
        .find(|q| q.id == id)
}

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
    let defaults: Vec<(String, Value)> = super::dataset::SchoolLevel::ALL
        .into_iter()
        .map(default_questionnaire)
        .map(|q| {
            let json = serde_json::to_string(&q).unwrap_or_default();
            (q.id, serde_json::from_str(&json).unwrap_or(Value::Null))
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
                        *q = Value::String(id.clone());
                    }
                }
            }
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use crate::core::dataset::{Dataset, SchoolLevel};
    use crate::core::import::tests::{school, school_data};
    use crate::core::persist::{decode, encode};

    /// The built-in questionnaires are frozen under their ids: a stored id must always mean the
    /// same questions. To change `plans/questionnaires.json`, give the changed ones new ids and
    /// update this checksum.
    #[test]
    fn the_default_questionnaires_are_frozen_under_their_ids() {
        let sum = crate::core::checksum::sha256(
            crate::core::survey::BUILTIN_QUESTIONNAIRES_JSON.as_bytes(),
        );
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
        let mut own = d.work(crate::core::plan::BUILTIN_PLAN_ID).surveys["ks-u-b"].clone();
        own.id = "ks-own".into();
        own.questionnaire.areas[0].criteria[0].text = "Câu hỏi riêng của trường".into();
        d.work_mut(crate::core::plan::BUILTIN_PLAN_ID)
            .upsert_round(own, 3);
        let raw = encode(&d, 1);
        assert_eq!(decode(&raw).unwrap(), d);
        assert!(raw.contains("\"questionnaire\":\"mac-dinh-tieu_hoc\""));
        assert!(raw.contains("Câu hỏi riêng của trường"));
        assert!(raw.contains("\"vb_tong\":[15,10]"), "{raw}");
        assert!(raw.contains("\"chung\":[1,2,7,40,50,0,10]"));
        assert_eq!(
            decode(&encode(&Dataset::default(), 1)).unwrap(),
            Dataset::default()
        );
    }
}
