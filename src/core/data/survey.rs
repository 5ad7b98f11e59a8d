//! Satisfaction surveys of public education services, computed the way the sector does.
//!
//! A school runs survey rounds (per respondent group: parents or students). Each round carries its
//! own copy of the questionnaire (criteria grouped in five areas plus an overall question), so the
//! office reads a school's tallies exactly as the school entered them. For each criterion the tally
//! counts answers at the five levels (1 Rất không hài lòng … 5 Rất hài lòng) plus blanks.
//!
//! - Tỷ lệ hài lòng = (level 4 + level 5) / valid answers (levels 1–5; blanks are not valid).
//! - Mean = Σ k·n_k / Σ n_k.
//! - Sample size (Ministry of Home Affairs): n = N / (1 + N·e²), e = 5 %.
//! - Across criteria, areas, rounds and schools, counts are summed — never rates averaged.

use crate::core::base::map::Map;

use serde::{Deserialize, Serialize};

use crate::core::base::period::YearMonth;
use crate::core::base::ratio::{round_guarded, Ratio};
use crate::core::data::records::{Millis, SchoolLevel, Stamped, UnitId};

/// Who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// Cha mẹ học sinh
    Parents,
    /// Học sinh
    Students,
}

impl Respondent {
    pub const ALL: [Respondent; 2] = [Respondent::Parents, Respondent::Students];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    /// Hidden criteria are kept (their tallies too) but left out of the form and the results.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    pub level: SchoolLevel,
    pub name: String,
    pub areas: Vec<Area>,
    /// "Nhìn chung, mức độ hài lòng…"
    pub overall: Criterion,
}

impl Questionnaire {
    /// Visible criteria with their area (None for the overall question), in form order.
    pub fn visible(&self) -> Vec<(Option<&Area>, &Criterion)> {
        let mut out: Vec<(Option<&Area>, &Criterion)> = self
            .areas
            .iter()
            .flat_map(|a| {
                a.criteria
                    .iter()
                    .filter(|c| !c.hidden)
                    .map(move |c| (Some(a), c))
            })
            .collect();
        if !self.overall.hidden {
            out.push((None, &self.overall));
        }
        out
    }

    /// Every criterion's id, hidden ones included, in form order (the overall question last).
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        self.areas
            .iter()
            .flat_map(|a| a.criteria.iter().map(|c| c.id.as_str()))
            .chain(std::iter::once(self.overall.id.as_str()))
    }

    /// An id not used yet in this questionnaire, for a criterion the school adds.
    pub fn fresh_id(&self) -> String {
        (1..)
            .map(|i| format!("them{i}"))
            .find(|id| !self.all_ids().any(|x| x == id))
            .unwrap_or_default()
    }

    pub fn criterion_mut(&mut self, id: &str) -> Option<&mut Criterion> {
        if self.overall.id == id {
            return Some(&mut self.overall);
        }
        self.areas
            .iter_mut()
            .flat_map(|a| a.criteria.iter_mut())
            .find(|c| c.id == id)
    }
}

/// The built-in questionnaires, one per school level: `plans/questionnaires.json` without its
/// whitespace between tokens (`build.rs`).
pub const BUILTIN_QUESTIONNAIRES_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/questionnaires.json"));

#[derive(Deserialize)]
struct QuestionnaireFile {
    questionnaires: Vec<Questionnaire>,
}

/// The built-in questionnaires, parsed once (saving and loading compare every round with them).
pub fn builtin_questionnaires() -> &'static [Questionnaire] {
    static PARSED: std::sync::LazyLock<Vec<Questionnaire>> = std::sync::LazyLock::new(|| {
        crate::core::base::json::from_str::<QuestionnaireFile>(BUILTIN_QUESTIONNAIRES_JSON)
            .map(|f| f.questionnaires)
            .unwrap_or_default()
    });
    &PARSED
}

/// The default questionnaire of a level (checked by the tests, so it always exists).
pub fn default_questionnaire(level: SchoolLevel) -> Questionnaire {
    builtin_questionnaires()
        .iter()
        .find(|q| q.level == level)
        .cloned()
        .unwrap_or_else(|| Questionnaire {
            id: "trong".into(),
            level,
            name: String::new(),
            areas: vec![],
            overall: Criterion {
                id: "chung".into(),
                text: String::new(),
                hidden: false,
            },
        })
}

/// Answers to one criterion: counts at levels 1..=5, and blanks ("không trả lời").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub n: [u64; 5],
    #[serde(default)]
    pub blank: u64,
}

impl Tally {
    /// Valid answers: levels 1 to 5.
    pub fn valid(&self) -> u64 {
        self.n.iter().sum()
    }

    /// Every form counted on this row, blanks included (should equal the forms returned).
    pub fn total(&self) -> u64 {
        self.valid() + self.blank
    }

    pub fn satisfied(&self) -> u64 {
        self.n[3] + self.n[4]
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, o: Tally) -> Tally {
        let mut n = self.n;
        for (a, b) in n.iter_mut().zip(o.n) {
            *a += b;
        }
        Tally {
            n,
            blank: self.blank + o.blank,
        }
    }
}

impl std::iter::Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(iter: I) -> Tally {
        iter.fold(Tally::default(), |a, b| a + b)
    }
}

/// The results of any tally (a criterion, an area, a round, a school, a level or all).
impl Tally {
    /// Tỷ lệ hài lòng as a ratio (satisfied over valid answers).
    pub fn rate(&self) -> Ratio {
        Ratio::new(self.satisfied(), self.valid())
    }

    /// The mean score in hundredths (4,32 → 432), rounded half up but never onto a whole score
    /// the true mean does not reach (the levels are read from whole scores: "từ 4 trở lên: hài
    /// lòng"); `None` without valid answers.
    pub fn mean_hundredths(&self) -> Option<u64> {
        let weighted: u64 = self
            .n
            .iter()
            .enumerate()
            .map(|(k, c)| (k as u64 + 1).saturating_mul(*c))
            .fold(0, u64::saturating_add);
        round_guarded(weighted, self.valid(), 100, &[100, 200, 300, 400, 500])
    }

    /// The share of each level among valid answers, in hundredths of a percent (rounded down).
    pub fn distribution_bp(&self) -> Option<[u64; 5]> {
        let v = self.valid();
        (v > 0).then(|| self.n.map(|c| c * 10_000 / v))
    }
}

/// A survey round of one school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyRound {
    pub id: String,
    pub unit: UnitId,
    /// "Khảo sát năm học 2023-2024, đợt 1"
    pub name: String,
    pub respondent: Respondent,
    /// The month the survey was done: it places the round in reporting periods.
    pub month: YearMonth,
    /// Phiếu phát ra
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributed: Option<u64>,
    /// Phiếu thu về
    #[serde(default)]
    pub returned: u64,
    /// Population N (all parents / students), for the sample-size check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Stored as the default's id when it is exactly the default of its level (`compact`).
    #[serde(with = "crate::core::data::survey::questionnaire_or_id")]
    pub questionnaire: Questionnaire,
    pub changed_at: Millis,
}

/// Round id → criterion id → tally.
pub type Tallies = Map<String, Map<String, Stamped<Tally>>>;

/// A round's questionnaire as stored: the id of a built-in one when it is exactly that, or the
/// whole questionnaire.
pub mod questionnaire_or_id {
    use std::fmt;

    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{builtin_questionnaire, builtin_questionnaires, Questionnaire};

    pub fn serialize<S: Serializer>(q: &Questionnaire, s: S) -> Result<S::Ok, S::Error> {
        if builtin_questionnaires()
            .iter()
            .any(|d| d.level == q.level && d == q)
        {
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
            builtin_questionnaire(id)
                .ok_or_else(|| E::custom(format!("unknown questionnaire {id}")))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Questionnaire, A::Error> {
            Questionnaire::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
}

/// The built-in questionnaire with this id.
pub fn builtin_questionnaire(id: &str) -> Option<Questionnaire> {
    builtin_questionnaires()
        .iter()
        .find(|q| q.id == id)
        .cloned()
}
