//! Survey arithmetic: a round's results, the sample check, and the totals over units and periods.
//! Tallies are counts: over criteria, rounds and units they are summed before any rate is taken.

use crate::core::base::map::Map;
use crate::core::base::period::MonthRange;
use crate::core::base::ratio::Ratio;
use crate::core::data::dataset::{Dataset, PlanWork};
use crate::core::data::records::{SchoolLevel, Unit, UnitId};
use crate::core::data::survey::{Criterion, SurveyRound, Tallies, Tally};

/// The row check: counted forms minus returned forms (0 when the row adds up).
pub fn row_difference(t: &Tally, returned: u64) -> i64 {
    t.total() as i64 - returned as i64
}

/// Required sample for a population N at e = 5 %: ⌈N / (1 + N·0,05²)⌉ = ⌈400·N / (400 + N)⌉.
pub fn required_sample(population: u64) -> u64 {
    if population == 0 {
        return 0;
    }
    (400 * population).div_ceil(400 + population)
}

/// Below this many returned forms a sample is flagged as small, whatever the population.
pub const SMALL_SAMPLE: u64 = 30;

/// How well the forms returned represent the population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adequacy {
    /// Enough forms for N at e = 5 %.
    Enough { required: u64 },
    /// Fewer than needed for N.
    TooFew { required: u64 },
    /// No N given and fewer than [`SMALL_SAMPLE`] forms.
    Small,
    /// No N given, at least [`SMALL_SAMPLE`] forms: nothing to judge.
    Unknown,
}

pub fn adequacy(returned: u64, population: Option<u64>) -> Adequacy {
    match population {
        Some(n) if n > 0 => {
            let required = required_sample(n);
            if returned >= required {
                Adequacy::Enough { required }
            } else {
                Adequacy::TooFew { required }
            }
        }
        _ if returned < SMALL_SAMPLE => Adequacy::Small,
        _ => Adequacy::Unknown,
    }
}

/// Results of one round: per visible criterion, per area, and over the whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundResults {
    pub criteria: Vec<(String, Tally)>,
    pub areas: Vec<(String, Tally)>,
    /// The overall-satisfaction question alone.
    pub overall_question: Tally,
    /// Every visible criterion together: what targets 3.1 and 8.2 are measured on.
    pub all: Tally,
}

/// The tally of a criterion in a round (empty when nothing was entered).
pub fn tally_of(tallies: &Tallies, round: &str, criterion: &str) -> Tally {
    tallies
        .get(round)
        .and_then(|m| m.get(criterion))
        .map(|s| s.v)
        .unwrap_or_default()
}

pub fn round_results(round: &SurveyRound, tallies: &Tallies) -> RoundResults {
    let q = &round.questionnaire;
    let t = |c: &Criterion| tally_of(tallies, &round.id, &c.id);
    let criteria: Vec<(String, Tally)> = q
        .visible()
        .into_iter()
        .map(|(_, c)| (c.id.clone(), t(c)))
        .collect();
    let areas = q
        .areas
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.criteria.iter().filter(|c| !c.hidden).map(&t).sum(),
            )
        })
        .collect();
    let overall_question = if q.overall.hidden {
        Tally::default()
    } else {
        t(&q.overall)
    };
    let all = criteria.iter().map(|(_, t)| *t).sum();
    RoundResults {
        criteria,
        areas,
        overall_question,
        all,
    }
}

/// All visible answers of a round: `round_results(..).all` without the breakdown, which the
/// satisfaction indicator would build and drop for thousands of rounds.
pub fn round_total(round: &SurveyRound, tallies: &Tallies) -> Tally {
    let Some(rows) = tallies.get(&round.id) else {
        return Tally::default();
    };
    let q = &round.questionnaire;
    q.areas
        .iter()
        .flat_map(|a| a.criteria.iter())
        .chain(std::iter::once(&q.overall))
        .filter(|c| !c.hidden)
        .filter_map(|c| rows.get(&c.id))
        .map(|s| s.v)
        .sum()
}

/// All visible answers of a unit's rounds done within `window`: the satisfaction indicator's counts.
pub fn unit_total(work: &PlanWork, unit: &str, window: Option<MonthRange>) -> Tally {
    work.surveys
        .values()
        .filter(|r| r.unit == unit && window.is_none_or(|w| w.contains(r.month)))
        .map(|r| round_total(r, &work.tallies))
        .sum()
}

/// Every unit's answers within `window`, in one pass over the rounds (per unit, it would be
/// schools × rounds: a city's office has thousands of each).
pub fn totals_by_unit(work: &PlanWork, window: Option<MonthRange>) -> Map<&str, Tally> {
    let mut out: Map<&str, Tally> = Map::new();
    for r in work
        .surveys
        .values()
        .filter(|r| window.is_none_or(|w| w.contains(r.month)))
    {
        let t = round_total(r, &work.tallies);
        let slot = out.entry(r.unit.as_str()).or_default();
        *slot = *slot + t;
    }
    out
}

/// The satisfaction ratio over several units (summing their counts).
pub fn ratio(work: &PlanWork, units: &[&Unit], window: MonthRange) -> Ratio {
    ratio_of(&totals_by_unit(work, Some(window)), units)
}

/// [`ratio`] from the units' totals already summed ([`totals_by_unit`]).
pub fn ratio_of(by_unit: &Map<&str, Tally>, units: &[&Unit]) -> Ratio {
    units
        .iter()
        .filter_map(|u| by_unit.get(u.id.as_str()).copied())
        .sum::<Tally>()
        .rate()
}

/// Valid answers and forms returned in the rounds of `units` within the window.
pub fn answers_and_forms(work: &PlanWork, units: &[&Unit], window: MonthRange) -> (u64, u64) {
    let ids = crate::core::base::sorting::set_of(units.iter().map(|u| u.id.as_str()));
    work.surveys
        .values()
        .filter(|r| window.contains(r.month) && ids.contains(r.unit.as_str()))
        .map(|r| (round_total(r, &work.tallies).valid(), r.returned))
        .fold((0, 0), |(a, f), (x, y)| (a + x, f + y))
}

/// "Cần thêm N ý kiến hài lòng" counts answers (forms × criteria), which nobody can act on: the
/// same gap in forms, each form bringing the window's answers per form, all of them satisfied.
/// `None` when no form was counted.
pub fn forms_for_answers(answers_needed: u64, answers: u64, forms: u64) -> Option<u64> {
    (answers > 0 && forms > 0).then(|| {
        (u128::from(answers_needed) * u128::from(forms)).div_ceil(u128::from(answers)) as u64
    })
}

/// How many of `units` ran a survey round in the window with at least one valid answer
/// (goal 8.2 is read as a rate; this is its coverage, shown beside it).
pub fn units_surveyed(work: &PlanWork, units: &[&Unit], window: MonthRange) -> usize {
    surveyed_of(&totals_by_unit(work, Some(window)), units)
}

/// [`units_surveyed`] from the units' totals already summed ([`totals_by_unit`]).
pub fn surveyed_of(by_unit: &Map<&str, Tally>, units: &[&Unit]) -> usize {
    units
        .iter()
        .filter(|u| by_unit.get(u.id.as_str()).is_some_and(|t| t.valid() > 0))
        .count()
}

/// For the office: totals per school, per level and overall, all by summing counts.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeResults {
    pub schools: Vec<(UnitId, Tally)>,
    pub levels: Vec<(SchoolLevel, Tally)>,
    pub all: Tally,
}

pub fn office_results(
    data: &Dataset,
    work: &PlanWork,
    window: Option<MonthRange>,
) -> OfficeResults {
    let by_unit = totals_by_unit(work, window);
    let schools: Vec<(UnitId, Tally)> = data
        .schools()
        .into_iter()
        .map(|s| {
            let t = by_unit.get(s.id.as_str()).copied().unwrap_or_default();
            (s.id.clone(), t)
        })
        .collect();
    let levels = SchoolLevel::ALL
        .into_iter()
        .map(|l| {
            let t = schools
                .iter()
                .filter(|(id, _)| data.unit(id).and_then(|u| u.level) == Some(l))
                .map(|(_, t)| *t)
                .sum();
            (l, t)
        })
        .collect();
    let all = schools.iter().map(|(_, t)| *t).sum();
    OfficeResults {
        schools,
        levels,
        all,
    }
}

/// Reads a row pasted from a spreadsheet: cells separated by tabs (or `;`), rows by newlines.
/// Empty cells are `None`; anything else must be a whole number.
pub fn parse_paste(text: &str) -> Result<Vec<Vec<Option<u64>>>, (usize, usize)> {
    text.trim_end_matches(['\r', '\n'])
        .split('\n')
        .enumerate()
        .map(|(r, line)| {
            line.trim_end_matches('\r')
                .split(['\t', ';'])
                .enumerate()
                .map(|(c, cell)| crate::core::figures::entry::parse_count(cell).map_err(|_| (r, c)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::YearMonth;
    use crate::core::data::records::Stamped;
    use crate::core::data::survey::{default_questionnaire, Respondent};

    #[test]
    fn totals_in_one_pass_are_the_totals_unit_by_unit() {
        use crate::core::fixtures::{school, school_data};
        let mut d = Dataset::default();
        for (id, base) in [("u-a", 1), ("u-b", 2)] {
            let u = school(id, id, SchoolLevel::TieuHoc, id);
            let theirs = school_data(&u, base);
            d.upsert_unit(u, 1);
            for (rid, r) in &theirs
                .work(crate::core::plan::model::BUILTIN_PLAN_ID)
                .surveys
            {
                let w = d.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID);
                w.surveys.insert(rid.clone(), r.clone());
                w.tallies.insert(
                    rid.clone(),
                    theirs
                        .work(crate::core::plan::model::BUILTIN_PLAN_ID)
                        .tallies[rid]
                        .clone(),
                );
            }
        }
        let w = d.work(crate::core::plan::model::BUILTIN_PLAN_ID);
        let by_unit = totals_by_unit(w, None);
        for id in ["u-a", "u-b"] {
            assert_eq!(by_unit[id], unit_total(w, id, None));
            assert!(by_unit[id].valid() > 0);
        }
    }
    use crate::core::data::dataset::UnitKind;

    fn tally(n: [u64; 5], blank: u64) -> Tally {
        Tally { n, blank }
    }

    #[test]
    fn a_criterion_computed_by_hand() {
        // 2, 3, 5, 20, 20 answers and 3 blanks from 53 forms.
        let t = tally([2, 3, 5, 20, 20], 3);
        assert_eq!(t.valid(), 50);
        assert_eq!(t.total(), 53);
        assert_eq!(t.rate(), Ratio::new(40, 50));
        assert_eq!(t.rate().rate_bp(), Some(8000));
        // Mean = (2 + 6 + 15 + 80 + 100) / 50 = 203 / 50 = 4,06.
        assert_eq!(t.mean_hundredths(), Some(406));
        assert_eq!(t.distribution_bp(), Some([400, 600, 1000, 4000, 4000]));
        assert_eq!(row_difference(&t, 53), 0);
        assert_eq!(
            row_difference(&t, 55),
            -2,
            "two forms not counted on this row"
        );
        assert_eq!(row_difference(&t, 50), 3);
    }

    #[test]
    fn the_mean_rounds_half_up() {
        // (4 + 5) / 2 = 4,5 exactly; (4 + 4 + 5) / 3 = 4,333… → 4,33; (5 + 5 + 4) / 3 = 4,666… → 4,67.
        assert_eq!(tally([0, 0, 0, 1, 1], 0).mean_hundredths(), Some(450));
        assert_eq!(tally([0, 0, 0, 2, 1], 0).mean_hundredths(), Some(433));
        assert_eq!(tally([0, 0, 0, 1, 2], 0).mean_hundredths(), Some(467));
    }

    /// Issue 8, defect 7: a true mean of 3,995 must show 3,99 beside "từ 4 trở lên: hài lòng",
    /// never 4,00.
    #[test]
    fn the_mean_never_rounds_onto_a_whole_score_it_misses() {
        // 199 × 4 + 1 × 3 = 799 over 200 answers = 3,995.
        let t = tally([0, 0, 1, 199, 0], 0);
        assert_eq!(t.mean_hundredths(), Some(399));
        // 3,9949… rounds down anyway; 4,005 rounds up to 4,01.
        assert_eq!(tally([0, 0, 0, 199, 1], 0).mean_hundredths(), Some(401));
        assert_eq!(tally([0, 0, 0, 200, 0], 0).mean_hundredths(), Some(400));
    }

    #[test]
    fn blank_and_empty_criteria_have_no_rate() {
        let all_blank = tally([0; 5], 12);
        assert_eq!(all_blank.rate().rate_bp(), None);
        assert_eq!(all_blank.mean_hundredths(), None);
        assert_eq!(all_blank.distribution_bp(), None);
        assert_eq!(row_difference(&all_blank, 12), 0);
        let nothing = Tally::default();
        assert!(nothing.is_empty());
        assert_eq!(nothing.rate().rate_bp(), None);
    }

    #[test]
    fn sample_size_at_five_percent() {
        // n = N / (1 + N·0,0025): N = 400 → 200; N = 1 000 → 285,7 → 286; N = 50 → 44,4 → 45.
        assert_eq!(required_sample(400), 200);
        assert_eq!(required_sample(1000), 286);
        assert_eq!(required_sample(50), 45);
        assert_eq!(required_sample(0), 0);
        assert_eq!(
            adequacy(286, Some(1000)),
            Adequacy::Enough { required: 286 }
        );
        assert_eq!(
            adequacy(285, Some(1000)),
            Adequacy::TooFew { required: 286 }
        );
        assert_eq!(adequacy(12, None), Adequacy::Small);
        assert_eq!(adequacy(0, None), Adequacy::Small);
        assert_eq!(adequacy(30, None), Adequacy::Unknown);
    }

    fn school(id: &str, level: SchoolLevel) -> Unit {
        Unit {
            id: id.into(),
            kind: UnitKind::School,
            parent: None,
            name: id.into(),
            level: Some(level),
            code: String::new(),
            changed_at: 0,
        }
    }

    fn round(id: &str, unit: &str, level: SchoolLevel, month: u32, returned: u64) -> SurveyRound {
        SurveyRound {
            id: id.into(),
            unit: unit.into(),
            name: id.into(),
            respondent: Respondent::Parents,
            month: YearMonth::new(2024, month).unwrap(),
            distributed: Some(returned),
            returned,
            population: None,
            questionnaire: default_questionnaire(level),
            changed_at: 0,
        }
    }

    fn set(d: &mut PlanWork, round: &str, criterion: &str, t: Tally) {
        d.tallies
            .entry(round.into())
            .or_default()
            .insert(criterion.into(), Stamped { v: t, t: 1 });
    }

    #[test]
    fn default_questionnaires_have_five_areas_and_an_overall_question() {
        for level in SchoolLevel::ALL {
            let q = default_questionnaire(level);
            assert_eq!(q.level, level);
            let ids: Vec<&str> = q.areas.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(
                ids,
                [
                    "tiep_can",
                    "co_so_vat_chat",
                    "moi_truong",
                    "hoat_dong",
                    "ket_qua"
                ]
            );
            assert!(q.areas.iter().all(|a| !a.criteria.is_empty()));
            assert!(!q.overall.text.is_empty());
            assert_eq!(
                q.visible().len(),
                q.areas.iter().map(|a| a.criteria.len()).sum::<usize>() + 1
            );
            assert_eq!(q.fresh_id(), "them1");
        }
    }

    #[test]
    fn areas_and_rounds_sum_their_criteria_and_hidden_ones_drop_out() {
        let mut d = PlanWork::default();
        let mut r = round("r1", "s1", SchoolLevel::TieuHoc, 5, 10);
        set(&mut d, "r1", "tc1", tally([0, 0, 1, 4, 5], 0));
        set(&mut d, "r1", "tc2", tally([1, 1, 2, 3, 3], 0));
        set(&mut d, "r1", "chung", tally([0, 0, 0, 5, 4], 1));
        let res = round_results(&r, &d.tallies);
        assert_eq!(res.areas[0].1, tally([1, 1, 3, 7, 8], 0));
        assert_eq!(res.overall_question.rate(), Ratio::new(9, 9));
        assert_eq!(res.all.rate(), Ratio::new(9 + 6 + 9, 10 + 10 + 9));
        r.questionnaire.criterion_mut("tc2").unwrap().hidden = true;
        let res = round_results(&r, &d.tallies);
        assert_eq!(res.areas[0].1, tally([0, 0, 1, 4, 5], 0));
        assert_eq!(res.all.rate(), Ratio::new(18, 19));
        // The total alone, as the indicator sums it, is the same; the overall question hidden too.
        assert_eq!(round_total(&r, &d.tallies), res.all);
        r.questionnaire.overall.hidden = true;
        assert_eq!(
            round_total(&r, &d.tallies),
            round_results(&r, &d.tallies).all
        );
        assert_eq!(round_total(&r, &d.tallies).rate(), Ratio::new(9, 10));
        assert_eq!(
            round_total(&round("r9", "s1", SchoolLevel::Thcs, 4, 0), &d.tallies),
            Tally::default()
        );
    }

    #[test]
    fn zero_respondents_give_no_activity_rather_than_a_rate() {
        let mut d = PlanWork::default();
        d.surveys
            .insert("r1".into(), round("r1", "s1", SchoolLevel::Thcs, 4, 0));
        let s = school("s1", SchoolLevel::Thcs);
        let w = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 12).unwrap(),
        )
        .unwrap();
        assert_eq!(ratio(&d, &[&s], w).rate_bp(), None);
    }

    #[test]
    fn the_office_sums_counts_which_differs_from_averaging_rates() {
        let mut d = PlanWork::default();
        let mut data = Dataset::default();
        let a = school("a", SchoolLevel::TieuHoc);
        let b = school("b", SchoolLevel::Thcs);
        data.upsert_unit(a.clone(), 1);
        data.upsert_unit(b.clone(), 1);
        d.surveys
            .insert("ra".into(), round("ra", "a", SchoolLevel::TieuHoc, 5, 400));
        d.surveys
            .insert("rb".into(), round("rb", "b", SchoolLevel::Thcs, 5, 20));
        // School A: 400 parents, 392 satisfied (98 %). School B: 20 parents, 14 satisfied (70 %).
        set(&mut d, "ra", "chung", tally([0, 2, 6, 92, 300], 0));
        set(&mut d, "rb", "chung", tally([2, 2, 2, 10, 4], 0));
        let office = office_results(&data, &d, None);
        assert_eq!(office.all.rate(), Ratio::new(406, 420));
        // Summing counts: 406 / 420 = 96,666… → 96,67 % — the target is met.
        assert_eq!(office.all.rate().rate_bp(), Some(9667));
        // Averaging the two schools' rates would say (98 % + 70 %) / 2 = 84 % — wrong.
        let averaged = (office.schools[0].1.rate().rate_bp().unwrap()
            + office.schools[1].1.rate().rate_bp().unwrap())
            / 2;
        assert_eq!(averaged, 8400);
        assert_ne!(averaged, office.all.rate().rate_bp().unwrap());
        let levels: Map<SchoolLevel, Tally> = office.levels.into_iter().collect();
        assert_eq!(levels[&SchoolLevel::TieuHoc].rate(), Ratio::new(392, 400));
        assert_eq!(levels[&SchoolLevel::MamNon].valid(), 0);
        // The indicator over both schools agrees with the office total.
        let w = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 12).unwrap(),
        )
        .unwrap();
        assert_eq!(ratio(&d, &[&a, &b], w), Ratio::new(406, 420));
        // A window that misses May counts nothing.
        let q1 = MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 3).unwrap(),
        )
        .unwrap();
        assert_eq!(ratio(&d, &[&a, &b], q1).den, 0);
    }

    /// Issue 13: 180 forms of 16 criteria each: 768 more satisfied answers is 48 forms.
    #[test]
    fn a_gap_in_answers_is_said_in_forms() {
        assert_eq!(forms_for_answers(768, 180 * 16, 180), Some(48));
        assert_eq!(forms_for_answers(1, 180 * 16, 180), Some(1));
        assert_eq!(forms_for_answers(5, 0, 0), None);
    }

    #[test]
    fn rows_that_do_not_add_up_are_reported_not_rejected() {
        let mut d = PlanWork::default();
        let r = round("r", "s", SchoolLevel::MamNon, 3, 30);
        set(&mut d, "r", "tc1", tally([0, 0, 5, 10, 10], 0));
        let t = tally_of(&d.tallies, "r", "tc1");
        assert_eq!(row_difference(&t, r.returned), -5);
        // The results still use what was counted.
        assert_eq!(
            round_results(&r, &d.tallies).criteria[0].1.rate(),
            Ratio::new(20, 25)
        );
    }

    #[test]
    fn pasted_rows_become_cells() {
        assert_eq!(
            parse_paste("1\t2\t3\t4\t5\t0\n"),
            Ok(vec![vec![
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(0)
            ]])
        );
        assert_eq!(
            parse_paste("1\t\t3\r\n4\t5\t6"),
            Ok(vec![
                vec![Some(1), None, Some(3)],
                vec![Some(4), Some(5), Some(6)]
            ])
        );
        assert_eq!(parse_paste("1;2"), Ok(vec![vec![Some(1), Some(2)]]));
        assert_eq!(parse_paste("1\tx\t3"), Err((0, 1)));
        assert_eq!(parse_paste("1.000\t2"), Ok(vec![vec![Some(1000), Some(2)]]));
    }
}
