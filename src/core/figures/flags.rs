//! Values worth a second look: a figure far from the unit's own recent months, a rate that
//! jumps from the unit's previous month, a figure far from the same month of the schools of the
//! same level. A flag never blocks anything: it says its rule and its numbers, and the user
//! decides. Every rule and threshold of the app's flags is here.
//!
//! Decisions where the rules leave room:
//! - Own months: the median of the six latest earlier months that have the field (of any year),
//!   at least one; none when that median is 0 (no scale to be three times of: a school whose
//!   late dossiers go from 0 to 1 is not flagged).
//! - Rate: an indicator over figures, the month's rate of the unit against its latest earlier
//!   month that has a rate, both with a denominator; a change above 20 percentage points, exactly
//!   (in hundredths of a point).
//! - Peers: the same field and month of the other schools of the same level that have it, at
//!   least five; the robust z-score 0,6745 · (x − median) / MAD above 3,5 in size; none when
//!   the MAD is 0 (most schools report the same value: no spread to measure against).
//! - Flags (0/1 fields) are never flagged.

use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Unit;
use crate::core::figures::indicator::evaluate;
use crate::core::plan::model::{FieldKind, Plan, Source, UnitKind};

/// How many earlier months of the unit's own the median is taken over.
pub const OWN_MONTHS: usize = 6;
/// A value above this many times its own median, or below its inverse, is flagged.
pub const OWN_FACTOR: u64 = 3;
/// A rate that moves more than this many hundredths of a percentage point (20 points).
pub const RATE_JUMP_BP: u64 = 2_000;
/// The robust z-score above which a value stands apart from its peers, in thousandths.
pub const PEER_Z_MILLI: u64 = 3_500;
/// The fewest peers a robust z-score is taken over.
pub const MIN_PEERS: usize = 5;

/// One reason to look again at a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// More than three times, or less than a third of, the median of the unit's own earlier
    /// months (`months` of them).
    OwnMonths {
        value: u64,
        median: f64,
        months: usize,
        high: bool,
    },
    /// The month's rate of an indicator moved more than 20 points from the unit's earlier month.
    RateJump {
        indicator: String,
        now_bp: u64,
        before_bp: u64,
        before: YearMonth,
    },
    /// Far from the same month of `peers` schools of the same level.
    Peers {
        value: u64,
        median: f64,
        mad: f64,
        z: f64,
        peers: usize,
    },
}

/// The median of some numbers (`None` for none).
pub fn median(values: &[u64]) -> Option<f64> {
    median_of(values.iter().map(|v| *v as f64).collect())
}

/// The median of some reals (`None` for none).
fn median_of(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// Against the unit's own earlier months: `earlier` are its values of the field in the months
/// before, latest first.
pub fn own_months(value: u64, earlier: &[u64]) -> Option<Flag> {
    let recent = &earlier[..earlier.len().min(OWN_MONTHS)];
    let median = median(recent)?;
    if median == 0.0 {
        return None;
    }
    let factor = OWN_FACTOR as f64;
    let high = value as f64 > factor * median;
    let low = (value as f64) * factor < median;
    (high || low).then_some(Flag::OwnMonths {
        value,
        median,
        months: recent.len(),
        high,
    })
}

/// Against the same month of peer schools' values (the unit's own left out).
pub fn peers(value: u64, others: &[u64]) -> Option<Flag> {
    if others.len() < MIN_PEERS {
        return None;
    }
    let med = median(others)?;
    let mad = median_of(others.iter().map(|x| (*x as f64 - med).abs()).collect())?;
    if mad == 0.0 {
        return None;
    }
    let z = 0.6745 * (value as f64 - med) / mad;
    (z.abs() * 1000.0 > PEER_Z_MILLI as f64).then_some(Flag::Peers {
        value,
        median: med,
        mad,
        z,
        peers: others.len(),
    })
}

/// The unit's values of `field` in the months before `month`, latest first: those stored, with
/// `brought` (values a file brings for other months) in their months' place.
fn earlier_values(
    data: &Dataset,
    unit: &str,
    month: YearMonth,
    field: &str,
    brought: &[(YearMonth, u64)],
) -> Vec<u64> {
    let mut by_month: Vec<(YearMonth, u64)> = data
        .figures
        .get(unit)
        .map(|months| {
            months
                .range(..month)
                .filter_map(|(m, fields)| fields.get(field).map(|s| (*m, s.v)))
                .collect()
        })
        .unwrap_or_default();
    for (m, v) in brought.iter().filter(|(m, _)| *m < month) {
        match by_month.iter_mut().find(|(x, _)| x == m) {
            Some(slot) => slot.1 = *v,
            None => by_month.push((*m, *v)),
        }
    }
    crate::core::base::sorting::sort_by(&mut by_month, |a, b| b.0.cmp(&a.0));
    by_month
        .into_iter()
        .map(|(_, v)| v)
        .take(OWN_MONTHS)
        .collect()
}

/// The same field and month of the other schools of the unit's level that have it.
fn peer_values(data: &Dataset, unit: &Unit, month: YearMonth, field: &str) -> Vec<u64> {
    if unit.level.is_none() {
        return Vec::new();
    }
    data.units
        .values()
        .filter(|u| u.kind == UnitKind::School && u.id != unit.id && u.level == unit.level)
        .filter_map(|u| data.figure(&u.id, month, field))
        .collect()
}

/// The flags of a value of `field` for `unit` in `month` against the data as it stands (the
/// unit's own earlier months and its peers): what the import preview shows for a value a file
/// brings — with the file's values of the field for other months (`brought`) in those months'
/// place —, and the entry for a value typed.
pub fn value_flags(
    plan: &Plan,
    data: &Dataset,
    unit: &Unit,
    (month, field, value): (YearMonth, &str, u64),
    brought: &[(YearMonth, u64)],
) -> Vec<Flag> {
    if plan.field(field).is_none_or(|f| f.kind == FieldKind::Flag) {
        return Vec::new();
    }
    let own = own_months(
        value,
        &earlier_values(data, &unit.id, month, field, brought),
    );
    let peer = peers(value, &peer_values(data, unit, month, field));
    own.into_iter().chain(peer).collect()
}

/// The rates of the indicators that read `field` whose month's value for the unit moved more
/// than 20 points from its latest earlier month with a rate (within the plan's year).
pub fn rate_flags(
    plan: &Plan,
    data: &Dataset,
    unit: &Unit,
    month: YearMonth,
    field: &str,
) -> Vec<Flag> {
    let rate_at = |ind, m: YearMonth| {
        let window = MonthRange::new(m, m)?;
        let r = evaluate(plan, data, ind, &[unit], window, m).ratio;
        r.rate_bp()
    };
    plan.measures
        .indicators
        .iter()
        .filter(|i| i.source == Source::Figures && i.reporters.contains(&unit.kind))
        .filter(|i| i.numerator.iter().chain(&i.denominator).any(|f| f == field))
        .filter_map(|ind| {
            let now_bp = rate_at(ind, month)?;
            let jan = YearMonth::new(month.year(), 1)?;
            let mut m = month;
            while m > jan {
                m = m.prev();
                if let Some(before_bp) = rate_at(ind, m) {
                    return (now_bp.abs_diff(before_bp) > RATE_JUMP_BP).then(|| Flag::RateJump {
                        indicator: ind.id.clone(),
                        now_bp,
                        before_bp,
                        before: m,
                    });
                }
            }
            None
        })
        .collect()
}

/// Every flag of the stored value of `field` for `unit` in `month`: its own months, its peers
/// and the rates it moves. What the entry shows beside a field.
pub fn entry_flags(
    plan: &Plan,
    data: &Dataset,
    unit: &Unit,
    month: YearMonth,
    field: &str,
) -> Vec<Flag> {
    let Some(value) = data.figure(&unit.id, month, field) else {
        return Vec::new();
    };
    let mut flags = value_flags(plan, data, unit, (month, field, value), &[]);
    flags.extend(rate_flags(plan, data, unit, month, field));
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use crate::core::fixtures::{school, ym};

    #[test]
    fn medians_by_hand() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(median(&[5, 3, 4]), Some(4.0));
        assert_eq!(median(&[3, 4, 5, 10]), Some(4.5));
    }

    #[test]
    fn ten_times_the_median_of_its_own_months_is_flagged() {
        // Earlier months 4, 5, 3, 4 (median 4): 40 is ten times it.
        let f = own_months(40, &[4, 5, 3, 4]).unwrap();
        assert_eq!(
            f,
            Flag::OwnMonths {
                value: 40,
                median: 4.0,
                months: 4,
                high: true
            }
        );
        // Exactly three times is not "more than three times"; 13 is.
        assert_eq!(own_months(12, &[4, 4, 4]), None);
        assert!(own_months(13, &[4, 4, 4]).is_some());
        // A third: 1 < 4/3 is low; 2 is not.
        assert!(matches!(
            own_months(1, &[4, 4, 4]),
            Some(Flag::OwnMonths { high: false, .. })
        ));
        assert_eq!(own_months(2, &[4, 4, 4]), None);
        // Only the six latest months count: the seventh (1000) is out.
        assert_eq!(own_months(40, &[30, 30, 30, 30, 30, 30, 1000]), None);
        // No earlier month, or a median of 0: nothing to compare with.
        assert_eq!(own_months(40, &[]), None);
        assert_eq!(own_months(1, &[0, 0, 0]), None);
    }

    #[test]
    fn a_robust_z_score_above_three_and_a_half_is_flagged() {
        // Peers 10, 12, 11, 9, 10, 13: median 10,5; deviations 0,5 1,5 0,5 1,5 0,5 2,5 → MAD 1.
        let others = [10, 12, 11, 9, 10, 13];
        // 16: z = 0,6745 · 5,5 / 1 = 3,71 > 3,5.
        let Some(Flag::Peers {
            median,
            mad,
            z,
            peers: n,
            ..
        }) = peers(16, &others)
        else {
            panic!("16 stands apart");
        };
        assert_eq!((median, mad, n), (10.5, 1.0, 6));
        assert!((z - 3.709_75).abs() < 1e-9);
        // 15: z = 0,6745 · 4,5 = 3,04: within.
        assert_eq!(peers(15, &others), None);
        // Far below counts too: 5 → z = −3,71.
        assert!(peers(5, &others).is_some());
        // Too few peers, or no spread among them.
        assert_eq!(peers(100, &others[..4]), None);
        assert_eq!(peers(100, &[7, 7, 7, 7, 7, 7]), None);
    }

    #[test]
    fn flags_read_the_data_a_unit_and_its_peers_hold() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        let me = school("u-0", "Trường TH A", SchoolLevel::TieuHoc, "TH01");
        d.upsert_unit(me.clone(), 0);
        for m in 1..=2 {
            d.set_figure(&me.id, ym(m), "vb_dien_tu", Some(4), 1);
        }
        let flags = value_flags(&plan, &d, &me, (ym(3), "vb_dien_tu", 40), &[]);
        assert!(matches!(flags[..], [Flag::OwnMonths { median, high: true, .. }] if median == 4.0));
        // A file that also brings February as 30: its February stands in for the stored one.
        let flags = value_flags(
            &plan,
            &d,
            &me,
            (ym(3), "vb_dien_tu", 40),
            &[(ym(2), 30), (ym(4), 1)],
        );
        assert!(flags.is_empty(), "median of 30 and 4 is 17: {flags:?}");
        let mut fresh = Dataset::default();
        fresh.upsert_unit(me.clone(), 0);
        let flags = value_flags(
            &plan,
            &fresh,
            &me,
            (ym(3), "vb_dien_tu", 40),
            &[(ym(1), 4), (ym(2), 5)],
        );
        assert!(
            matches!(flags[..], [Flag::OwnMonths { months: 2, .. }]),
            "a new school's file judged by its own months"
        );
        // Six peers of the same level and one of another level.
        for (i, v) in [10, 12, 11, 9, 10, 13].into_iter().enumerate() {
            let u = school(
                &format!("u-{}", i + 1),
                "Trường TH",
                SchoolLevel::TieuHoc,
                "TH",
            );
            d.upsert_unit(u.clone(), 0);
            d.set_figure(&u.id, ym(3), "vb_tong", Some(v), 1);
        }
        let other = school("u-9", "Trường THCS", SchoolLevel::Thcs, "THCS");
        d.upsert_unit(other.clone(), 0);
        d.set_figure(&other.id, ym(3), "vb_tong", Some(1000), 1);
        let flags = value_flags(&plan, &d, &me, (ym(3), "vb_tong", 16), &[]);
        assert!(
            matches!(flags[..], [Flag::Peers { peers: 6, .. }]),
            "{flags:?}"
        );
    }

    #[test]
    fn a_rate_that_moves_more_than_twenty_points_is_flagged() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        let me = school("u-0", "Trường TH A", SchoolLevel::TieuHoc, "TH01");
        d.upsert_unit(me.clone(), 0);
        // Electronic documents over all documents: 90 % in January, 69 % in February.
        d.set_figure(&me.id, ym(1), "vb_tong", Some(100), 1);
        d.set_figure(&me.id, ym(1), "vb_dien_tu", Some(90), 1);
        d.set_figure(&me.id, ym(2), "vb_tong", Some(100), 1);
        d.set_figure(&me.id, ym(2), "vb_dien_tu", Some(69), 1);
        let flags = rate_flags(&plan, &d, &me, ym(2), "vb_dien_tu");
        assert_eq!(flags.len(), 1, "{flags:?}");
        let Flag::RateJump {
            now_bp,
            before_bp,
            before,
            ..
        } = &flags[0]
        else {
            panic!()
        };
        assert_eq!((*now_bp, *before_bp, *before), (6_900, 9_000, ym(1)));
        // 70 %: exactly 20 points, not more.
        d.set_figure(&me.id, ym(2), "vb_dien_tu", Some(70), 2);
        assert!(rate_flags(&plan, &d, &me, ym(2), "vb_dien_tu").is_empty());
        // Entry flags gather both kinds for the stored value.
        d.set_figure(&me.id, ym(2), "vb_dien_tu", Some(9), 3);
        let all = entry_flags(&plan, &d, &me, ym(2), "vb_dien_tu");
        assert!(all
            .iter()
            .any(|f| matches!(f, Flag::OwnMonths { high: false, .. })));
        assert!(all.iter().any(|f| matches!(f, Flag::RateJump { .. })));
    }
}
