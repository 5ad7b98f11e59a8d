//! Checking a figure as it is typed: whole numbers ≥ 0, and parts not above their whole.
//! An invalid value is never saved; the error says why, next to the field.

use super::plan::{FieldKind, Plan};

/// The largest count accepted (a sanity bound far above any school's or office's volume).
pub const MAX_COUNT: u64 = 100_000_000;

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
    /// This part exceeds its whole: the whole's fields and their sum.
    AboveWhole { whole: Vec<String>, whole_sum: u64 },
    /// This whole is below its parts: the parts' fields and their sum.
    BelowParts { part: Vec<String>, part_sum: u64 },
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

/// Checks a value for a field against its kind and the plan's part/whole constraints, given the
/// other values of the same unit and month (`value_of` returns `None` for fields not entered).
/// A constraint is only judged when all of its fields have values.
pub fn check_value(
    plan: &Plan,
    field: &str,
    value: u64,
    value_of: &dyn Fn(&str) -> Option<u64>,
) -> Result<(), EntryError> {
    if plan.field(field).is_some_and(|f| f.kind == FieldKind::Flag) && value > 1 {
        return Err(EntryError::NotAFlag);
    }
    let get = |f: &str| if f == field { Some(value) } else { value_of(f) };
    let sum = |fields: &[String]| -> Option<u64> { fields.iter().map(|f| get(f)).sum() };
    for c in &plan.measures.constraints {
        let (Some(part), Some(whole)) = (sum(&c.part), sum(&c.whole)) else {
            continue;
        };
        if part <= whole {
            continue;
        }
        if c.part.iter().any(|f| f == field) {
            return Err(EntryError::AboveWhole {
                whole: c.whole.clone(),
                whole_sum: whole,
            });
        }
        if c.whole.iter().any(|f| f == field) {
            return Err(EntryError::BelowParts {
                part: c.part.clone(),
                part_sum: part,
            });
        }
    }
    Ok(())
}

/// Every field of a month that currently breaks a constraint (for showing stored inconsistencies).
pub fn month_violations(
    plan: &Plan,
    value_of: &dyn Fn(&str) -> Option<u64>,
) -> Vec<(String, EntryError)> {
    plan.measures
        .fields
        .iter()
        .filter_map(|f| {
            let v = value_of(&f.id)?;
            check_value(plan, &f.id, v, value_of)
                .err()
                .map(|e| (f.id.clone(), e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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

    fn values(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn a_part_may_not_exceed_its_whole() {
        let plan = Plan::builtin();
        let v = values(&[("hs_tiep_nhan", 10)]);
        let get = |f: &str| v.get(f).copied();
        assert_eq!(check_value(&plan, "hs_so_hoa", 10, &get), Ok(()));
        assert_eq!(
            check_value(&plan, "hs_so_hoa", 11, &get),
            Err(EntryError::AboveWhole {
                whole: vec!["hs_tiep_nhan".into()],
                whole_sum: 10
            })
        );
        // Lowering the whole under its part is flagged on the whole.
        let v = values(&[("hs_so_hoa", 8)]);
        let get = |f: &str| v.get(f).copied();
        assert_eq!(
            check_value(&plan, "hs_tiep_nhan", 7, &get),
            Err(EntryError::BelowParts {
                part: vec!["hs_so_hoa".into()],
                part_sum: 8
            })
        );
    }

    #[test]
    fn wholes_made_of_several_fields_are_summed() {
        let plan = Plan::builtin();
        let v = values(&[("hs_gq_qua_han", 2), ("hs_dang_qua_han", 1)]);
        let get = |f: &str| v.get(f).copied();
        assert_eq!(check_value(&plan, "hs_xin_loi", 3, &get), Ok(()));
        assert!(matches!(
            check_value(&plan, "hs_xin_loi", 4, &get),
            Err(EntryError::AboveWhole { whole_sum: 3, .. })
        ));
        // Not judged while part of the whole is missing.
        let v = values(&[("hs_gq_qua_han", 2)]);
        let get = |f: &str| v.get(f).copied();
        assert_eq!(check_value(&plan, "hs_xin_loi", 4, &get), Ok(()));
    }

    #[test]
    fn flags_are_zero_or_one() {
        let plan = Plan::builtin();
        let none = |_: &str| None;
        assert_eq!(check_value(&plan, "dv_ap_dung_ttdt", 1, &none), Ok(()));
        assert_eq!(
            check_value(&plan, "dv_ap_dung_ttdt", 2, &none),
            Err(EntryError::NotAFlag)
        );
    }

    #[test]
    fn month_violations_list_every_broken_field() {
        let plan = Plan::builtin();
        let v = values(&[("vb_tong", 5), ("vb_dien_tu", 6), ("cb_tong", 3)]);
        let get = |f: &str| v.get(f).copied();
        let found: Vec<String> = month_violations(&plan, &get)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(found, vec!["vb_tong".to_string(), "vb_dien_tu".to_string()]);
    }
}
