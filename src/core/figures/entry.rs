//! Checking a figure as it is typed: whole numbers ≥ 0, and parts not above their whole.
//! An invalid value is never saved; the error says why, next to the field. A relation the plan
//! does not make strict (a backlog digitised, an apology issued before a dossier is late) only
//! warns. Stocks are compared as carried forward, so a staff total typed in March is checked
//! against the signatures entered in January, and every later month that carries it.

use crate::core::base::period::YearMonth;
use crate::core::data::dataset::Dataset;
use crate::core::figures::unit_figures::{Sourced, UnitFigures};
use crate::core::plan::model::{Constraint, FieldKind, Plan};

/// The largest count accepted (a sanity bound far above any school's or office's volume).
pub const MAX_COUNT: u64 = 100_000_000;

/// A part above its whole at some month: what the checked field is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The checked field is on the part side (it exceeds the whole); otherwise it is on the whole
    /// side (it is below its parts).
    pub is_part: bool,
    /// The fields on the other side and their sum.
    pub other: Vec<String>,
    pub other_sum: u64,
    /// The month where the comparison fails.
    pub at: YearMonth,
    /// The month the other side was entered in, when it is carried from an earlier month.
    pub carried_from: Option<YearMonth>,
}

/// Why a typed value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// Letters or symbols.
    NotANumber,
    /// A minus sign.
    Negative,
    /// A decimal part ("12,5").
    NotWhole,
    /// Above [`MAX_COUNT`].
    TooLarge,
    /// A yes/no field holds only 0 or 1.
    NotAFlag,
    /// A strict part/whole relation would break.
    Breach(Breach),
}

/// Reads a typed count. Empty means "no figure" (`Ok(None)`). Dots and spaces between groups of
/// three digits are thousands separators ("1.234" = 1234), as Vietnamese users write them.
pub fn parse_count(text: &str) -> Result<Option<u64>, EntryError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with('-') || t.starts_with('−') {
        return Err(EntryError::Negative);
    }
    if t.contains(',') {
        return Err(
            if t.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                EntryError::NotWhole
            } else {
                EntryError::NotANumber
            },
        );
    }
    let groups: Vec<&str> = t.split(['.', ' ', '\u{a0}']).collect();
    if !groups
        .iter()
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(if t.chars().all(|c| c.is_ascii_digit() || c == '.') {
            EntryError::NotWhole
        } else {
            EntryError::NotANumber
        });
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        // "12.5" is a decimal, not a grouping.
        return Err(EntryError::NotWhole);
    }
    let digits: String = groups.concat();
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(Some(n)),
        _ => Err(EntryError::TooLarge),
    }
}

/// One side of a constraint as it stands at a month: the sum, and the latest month a carried
/// value was entered in. `None` while any of its fields has no value (not judged yet).
fn side_at(f: &UnitFigures<'_>, fields: &[String], at: YearMonth) -> Option<(u64, YearMonth)> {
    let mut sum = 0u64;
    let mut from = None::<YearMonth>;
    for field in fields {
        let Sourced { value, month } = f.at(field, at)?;
        sum = sum.saturating_add(value);
        from = Some(from.map_or(month, |m: YearMonth| m.max(month)));
    }
    Some((sum, from.unwrap_or(at)))
}

/// A broken constraint at a month, seen from `field`'s side (`None` if it holds or is not judged).
fn breach_at(f: &UnitFigures<'_>, c: &Constraint, field: &str, at: YearMonth) -> Option<Breach> {
    let (part, part_from) = side_at(f, &c.part, at)?;
    let (whole, whole_from) = side_at(f, &c.whole, at)?;
    if part <= whole {
        return None;
    }
    let is_part = c.part.iter().any(|x| x == field);
    let (other, other_sum, from) = if is_part {
        (c.whole.clone(), whole, whole_from)
    } else {
        (c.part.clone(), part, part_from)
    };
    Some(Breach {
        is_part,
        other,
        other_sum,
        at,
        carried_from: (from != at).then_some(from),
    })
}

/// The months a value typed for `field` at `month` is read at: that month, and for a stock every
/// later month of the year until the field is entered again.
fn months_affected(f: &UnitFigures<'_>, field: &str, month: YearMonth) -> Vec<YearMonth> {
    let mut out = vec![month];
    if matches!(f.kind(field), Some(FieldKind::Stock | FieldKind::Flag)) {
        let mut m = month;
        while m.month() < 12 {
            m = m.next();
            if f.entered(m, field).is_some() {
                break;
            }
            out.push(m);
        }
    }
    out
}

/// Checks `value` typed for `field` of `unit` in `month` against the field's kind and the plan's
/// part/whole constraints, with stocks as carried forward. `Ok` carries the warnings of relations
/// that are not strict; a broken strict relation is an error.
pub fn check_entry(
    plan: &Plan,
    data: &Dataset,
    unit: &str,
    month: YearMonth,
    field: &str,
    value: u64,
) -> Result<Vec<Breach>, EntryError> {
    if plan.field(field).is_some_and(|f| f.kind == FieldKind::Flag) && value > 1 {
        return Err(EntryError::NotAFlag);
    }
    let f = UnitFigures::new(plan, data, unit).with_typed(month, field, Some(value));
    let mut warnings = Vec::new();
    for at in months_affected(&f, field, month) {
        for c in &plan.measures.constraints {
            if !c.part.iter().chain(&c.whole).any(|x| x == field) {
                continue;
            }
            if let Some(b) = breach_at(&f, c, field, at) {
                if c.strict {
                    return Err(EntryError::Breach(b));
                }
                if !warnings.contains(&b) {
                    warnings.push(b);
                }
            }
        }
    }
    Ok(warnings)
}

/// A part above its whole in the stored data, for naming what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub unit: String,
    /// The month where the comparison fails.
    pub at: YearMonth,
    pub part: Vec<(String, Sourced)>,
    pub whole: Vec<(String, Sourced)>,
}

impl Violation {
    /// The months whose figures make up the breach (where to go to fix it), in order.
    pub fn months(&self) -> Vec<YearMonth> {
        let mut m: Vec<YearMonth> = self
            .part
            .iter()
            .chain(&self.whole)
            .map(|(_, s)| s.month)
            .collect();
        crate::core::base::sorting::sort_by(&mut m, Ord::cmp);
        m.dedup();
        m
    }
}

/// Every broken constraint among `fields` (or all, when empty) for `unit` at the given months.
pub fn violations(
    plan: &Plan,
    data: &Dataset,
    unit: &str,
    months: &[YearMonth],
    fields: &[String],
) -> Vec<Violation> {
    let f = UnitFigures::new(plan, data, unit);
    // A constraint with a field entered at no month reads `None` at every month (missing is not
    // zero) and cannot be broken: it is left out before the months are walked. A school's file
    // holds a few of the plan's fields, and a stock's walk back costs every month again.
    let relevant = |c: &Constraint| {
        let mut sides = c.part.iter().chain(&c.whole);
        (fields.is_empty() || sides.clone().any(|x| fields.contains(x)))
            && sides.all(|x| f.entered_anywhere(x))
    };
    let constraints: Vec<&Constraint> = plan
        .measures
        .constraints
        .iter()
        .filter(|c| relevant(c))
        .collect();
    let read = |side: &[String], at: YearMonth| -> Option<Vec<(String, Sourced)>> {
        side.iter()
            .map(|x| f.at(x, at).map(|s| (x.clone(), s)))
            .collect()
    };
    // The sums first: the figures are written out only for a breach (a batch of school files
    // checks every constraint at every month).
    let sum = |side: &[String], at: YearMonth| -> Option<u64> {
        side.iter().map(|x| f.at(x, at).map(|s| s.value)).sum()
    };
    let mut out: Vec<Violation> = Vec::new();
    for &at in months {
        for c in &constraints {
            let (Some(part), Some(whole)) = (sum(&c.part, at), sum(&c.whole, at)) else {
                continue;
            };
            if part <= whole {
                continue;
            }
            let (Some(part), Some(whole)) = (read(&c.part, at), read(&c.whole, at)) else {
                continue;
            };
            // A carried breach is one breach, reported at the first month it shows.
            let same = |v: &Violation| v.part == part && v.whole == whole;
            if !out.iter().any(same) {
                out.push(Violation {
                    unit: unit.to_string(),
                    at,
                    part,
                    whole,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::ym;

    #[test]
    fn counts_parse_like_people_type_them() {
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("  "), Ok(None));
        assert_eq!(parse_count("0"), Ok(Some(0)));
        assert_eq!(parse_count(" 42 "), Ok(Some(42)));
        assert_eq!(parse_count("1.234"), Ok(Some(1234)));
        assert_eq!(parse_count("1 234 567"), Ok(Some(1_234_567)));
        assert_eq!(parse_count("12.5"), Err(EntryError::NotWhole));
        assert_eq!(parse_count("12,5"), Err(EntryError::NotWhole));
        assert_eq!(parse_count("1.2345"), Err(EntryError::NotWhole));
        assert_eq!(parse_count("-3"), Err(EntryError::Negative));
        assert_eq!(parse_count("abc"), Err(EntryError::NotANumber));
        assert_eq!(parse_count("3e5"), Err(EntryError::NotANumber));
        assert_eq!(parse_count("999999999999"), Err(EntryError::TooLarge));
        assert_eq!(
            parse_count("99999999999999999999999"),
            Err(EntryError::TooLarge)
        );
    }

    fn month_data(pairs: &[(&str, u64)]) -> Dataset {
        let mut d = Dataset::default();
        for (f, v) in pairs {
            d.set_figure("u", ym(1), f, Some(*v), 1);
        }
        d
    }

    fn check(d: &Dataset, field: &str, v: u64) -> Result<Vec<Breach>, EntryError> {
        check_entry(&Plan::builtin(), d, "u", ym(1), field, v)
    }

    #[test]
    fn a_part_may_not_exceed_its_whole() {
        let d = month_data(&[("hs_tiep_nhan", 10)]);
        assert_eq!(check(&d, "hs_co_phi", 10), Ok(vec![]));
        assert_eq!(
            check(&d, "hs_co_phi", 11),
            Err(EntryError::Breach(Breach {
                is_part: true,
                other: vec!["hs_tiep_nhan".into()],
                other_sum: 10,
                at: ym(1),
                carried_from: None,
            }))
        );
        // Lowering the whole under its part is flagged on the whole.
        let d = month_data(&[("hs_co_phi", 8)]);
        assert_eq!(
            check(&d, "hs_tiep_nhan", 7),
            Err(EntryError::Breach(Breach {
                is_part: false,
                other: vec!["hs_co_phi".into()],
                other_sum: 8,
                at: ym(1),
                carried_from: None,
            }))
        );
    }

    #[test]
    fn wholes_made_of_several_fields_are_summed() {
        let d = month_data(&[("hs_gq_qua_han", 2), ("hs_dang_qua_han", 1)]);
        assert_eq!(check(&d, "hs_xin_loi", 3), Ok(vec![]));
        let w = check(&d, "hs_xin_loi", 4).unwrap();
        assert_eq!(w[0].other_sum, 3);
        assert_eq!(w[0].other, vec!["hs_gq_qua_han", "hs_dang_qua_han"]);
        // Not judged while part of the whole is missing.
        let d = month_data(&[("hs_gq_qua_han", 2)]);
        assert_eq!(check(&d, "hs_xin_loi", 40), Ok(vec![]));
    }

    /// Issue 8, defect 8: digitised results may exceed the dossiers received in the same month
    /// (a backlog), and an apology may be issued for a dossier still within its deadline at the
    /// month's end. Both are saved, with a warning.
    #[test]
    fn relations_the_plan_does_not_make_strict_only_warn() {
        let d = month_data(&[("hs_tiep_nhan", 10)]);
        let w = check(&d, "hs_so_hoa", 14).expect("a backlog digitised is accepted");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].other_sum, 10);
        let d = month_data(&[("hs_gq_qua_han", 1), ("hs_dang_qua_han", 0)]);
        let w = check(&d, "hs_xin_loi", 2).expect("an early apology is accepted");
        assert_eq!((w[0].is_part, w[0].other_sum), (true, 1));
        assert_eq!(check(&d, "hs_xin_loi", 1), Ok(vec![]));
    }

    /// Issue 8, defect 3: January 20 staff, 19 with digital signatures; March only the staff
    /// total, 18. The 19 signatures still hold in March, so 18 is refused, naming January.
    #[test]
    fn stocks_are_checked_as_carried_forward() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        d.set_figure("u", ym(1), "cb_tong", Some(20), 1);
        d.set_figure("u", ym(1), "cb_chu_ky_so", Some(19), 1);
        assert_eq!(
            check_entry(&plan, &d, "u", ym(3), "cb_tong", 18),
            Err(EntryError::Breach(Breach {
                is_part: false,
                other: vec!["cb_chu_ky_so".into()],
                other_sum: 19,
                at: ym(3),
                carried_from: Some(ym(1)),
            }))
        );
        assert_eq!(
            check_entry(&plan, &d, "u", ym(3), "cb_tong", 19),
            Ok(vec![])
        );
        // A part typed in a later month is checked against the carried whole.
        assert!(matches!(
            check_entry(&plan, &d, "u", ym(6), "cb_chu_ky_so", 21),
            Err(EntryError::Breach(Breach { other_sum: 20, carried_from: Some(m), .. })) if m == ym(1)
        ));
        // Lowering January's whole breaks every month that carries it, until it is entered again.
        d.set_figure("u", ym(5), "cb_chu_ky_so", Some(25), 1);
        d.set_figure("u", ym(5), "cb_tong", Some(30), 1);
        assert!(check_entry(&plan, &d, "u", ym(1), "cb_chu_ky_so", 20).is_ok());
        // A part typed in April is read in April only (May has its own).
        assert!(check_entry(&plan, &d, "u", ym(4), "cb_chu_ky_so", 20).is_ok());
        assert!(matches!(
            check_entry(&plan, &d, "u", ym(4), "cb_chu_ky_so", 21),
            Err(EntryError::Breach(Breach { at, .. })) if at == ym(4)
        ));
        // A part typed in January carries to February–April and is compared there too: with a
        // whole of 15 entered in March, 19 signatures in January break March.
        let mut d = Dataset::default();
        d.set_figure("u", ym(1), "cb_tong", Some(20), 1);
        d.set_figure("u", ym(3), "cb_tong", Some(15), 1);
        assert!(matches!(
            check_entry(&plan, &d, "u", ym(1), "cb_chu_ky_so", 19),
            Err(EntryError::Breach(Breach { is_part: true, other_sum: 15, at, .. })) if at == ym(3)
        ));
    }

    #[test]
    fn flags_are_zero_or_one() {
        let d = Dataset::default();
        assert_eq!(check(&d, "dv_ap_dung_ttdt", 1), Ok(vec![]));
        assert_eq!(check(&d, "dv_ap_dung_ttdt", 2), Err(EntryError::NotAFlag));
    }

    #[test]
    fn violations_name_the_months_to_fix() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        d.set_figure("u", ym(1), "cb_tong", Some(20), 1);
        d.set_figure("u", ym(1), "cb_chu_ky_so", Some(19), 1);
        d.set_figure("u", ym(3), "cb_tong", Some(18), 1);
        d.set_figure("u", ym(2), "vb_tong", Some(5), 1);
        d.set_figure("u", ym(2), "vb_dien_tu", Some(6), 1);
        let months: Vec<YearMonth> = (1..=5).map(ym).collect();
        let v = violations(&plan, &d, "u", &months, &[]);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[0].at, ym(2));
        assert_eq!(v[0].months(), vec![ym(2)]);
        assert_eq!(v[1].at, ym(3), "reported once, where it first shows");
        assert_eq!(v[1].months(), vec![ym(1), ym(3)]);
        let only_staff = violations(&plan, &d, "u", &months, &["cb_chu_ky_so".into()]);
        assert_eq!(only_staff.len(), 1);
    }
}
