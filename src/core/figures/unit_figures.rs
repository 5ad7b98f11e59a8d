//! How one unit's stored figures are read over time, by the kind of each field.
//!
//! - A **flow** (dossiers received) happens during a month: a window sums its months.
//! - A **stock** (staff in post) holds until a later month replaces it: read at a month, it is the
//!   latest value at or before that month within the year ("carried forward").
//! - A **month-end** state (dossiers still in progress) is re-counted every month: read at a month,
//!   it is that month's value only; a window takes its last month. Never summed, never carried.
//! - A **flag** (0/1) is read like a stock.
//!
//! Missing is never zero: every read returns `None` where nothing was entered, and the callers
//! decide what a gap means. The same reads serve the entry checks (with one value replaced by what
//! is being typed) and the indicators, so both judge the data the same way.

use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::MonthFigures;
use crate::core::plan::model::{FieldKind, Plan};

/// A value and the month it was entered in (which differs from the month read for a carried stock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sourced {
    pub value: u64,
    pub month: YearMonth,
}

/// One unit's figures, optionally with one value replaced (a value being typed, not yet saved).
#[derive(Clone, Copy)]
pub struct UnitFigures<'a> {
    plan: &'a Plan,
    months: Option<&'a MonthFigures>,
    typed: Option<(YearMonth, &'a str, Option<u64>)>,
}

impl<'a> UnitFigures<'a> {
    pub fn new(plan: &'a Plan, data: &'a Dataset, unit: &str) -> UnitFigures<'a> {
        UnitFigures {
            plan,
            months: data.figures.get(unit),
            typed: None,
        }
    }

    /// The same figures as if `value` had been typed for `field` in `month` (`None`: cleared).
    pub fn with_typed(self, month: YearMonth, field: &'a str, value: Option<u64>) -> Self {
        UnitFigures {
            typed: Some((month, field, value)),
            ..self
        }
    }

    pub fn kind(&self, field: &str) -> Option<FieldKind> {
        self.plan.field(field).map(|f| f.kind)
    }

    /// What was entered for exactly this month and field.
    pub fn entered(&self, month: YearMonth, field: &str) -> Option<u64> {
        if let Some((m, f, v)) = self.typed {
            if m == month && f == field {
                return v;
            }
        }
        self.months?.get(&month)?.get(field).map(|s| s.v)
    }

    /// Whether the field may have a value at some month: typed, or stored at any month. `false`
    /// means every read of it is `None`, so a check that needs it can be skipped unwalked.
    pub fn entered_anywhere(&self, field: &str) -> bool {
        let typed = self
            .typed
            .is_some_and(|(_, f, v)| f == field && v.is_some());
        typed
            || self
                .months
                .is_some_and(|ms| ms.values().any(|fields| fields.get(field).is_some()))
    }

    /// The months (in order) where anything is stored or typed, within `from..=to`.
    fn months_between(&self, from: YearMonth, to: YearMonth) -> Vec<YearMonth> {
        let mut out: Vec<YearMonth> = self
            .months
            .map(|m| m.range(from..=to).map(|(k, _)| *k).collect())
            .unwrap_or_default();
        if let Some((m, _, _)) = self.typed {
            if from <= m && m <= to && !out.contains(&m) {
                out.push(m);
                crate::core::base::sorting::sort_by(&mut out, Ord::cmp);
            }
        }
        out
    }

    /// The field's value as it stands at `month`: flows and month-end states of that month only;
    /// stocks and flags carried forward from the latest month at or before it, within the year.
    pub fn at(&self, field: &str, month: YearMonth) -> Option<Sourced> {
        self.at_as(self.kind(field)?, field, month)
    }

    /// [`Self::at`] of a field whose kind is known (the plan's fields are looked up by name).
    fn at_as(&self, kind: FieldKind, field: &str, month: YearMonth) -> Option<Sourced> {
        match kind {
            FieldKind::Flow | FieldKind::MonthEnd => self
                .entered(month, field)
                .map(|value| Sourced { value, month }),
            FieldKind::Stock | FieldKind::Flag => {
                // The latest month from January on with a value: the stored months walked back
                // (no list built: this runs for every unit, field and month of a city), with the
                // typed month taken in its place.
                let jan = YearMonth::new(month.year(), 1)?;
                let read = |m: YearMonth| {
                    self.entered(m, field)
                        .map(|value| Sourced { value, month: m })
                };
                let mut typed = self
                    .typed
                    .map(|(m, _, _)| m)
                    .filter(|m| jan <= *m && *m <= month);
                let stored = self.months.into_iter().flat_map(|ms| ms.range(jan..=month));
                for (&m, _) in stored.rev() {
                    if let Some(t) = typed.filter(|t| *t > m) {
                        typed = None;
                        if let Some(s) = read(t) {
                            return Some(s);
                        }
                    }
                    if let Some(s) = read(m) {
                        return Some(s);
                    }
                }
                typed.and_then(read)
            }
        }
    }

    /// The field's value over a window: flows summed over the months that have one; month-end
    /// states at the window's last month; stocks and flags as they stand at its last month.
    /// `None` when nothing counts (missing, not zero).
    pub fn over(&self, field: &str, window: MonthRange) -> Option<u64> {
        match self.kind(field)? {
            FieldKind::Flow => self
                .months_between(window.from, window.to)
                .into_iter()
                .filter_map(|m| self.entered(m, field))
                .reduce(u64::saturating_add),
            kind @ (FieldKind::MonthEnd | FieldKind::Stock | FieldKind::Flag) => {
                self.at_as(kind, field, window.to).map(|s| s.value)
            }
        }
    }

    /// Whether [`Self::at`] finds a value for each of `months` (ascending), in one walk: a
    /// stock or flag is carried from one month to the next of the same year, so each month costs
    /// one lookup instead of a walk back to January (this runs for every unit, field and month of
    /// a city's dashboard).
    pub fn held_at(&self, field: &str, months: &[YearMonth]) -> Vec<bool> {
        let Some(kind) = self.kind(field) else {
            return vec![false; months.len()];
        };
        let carried = matches!(kind, FieldKind::Stock | FieldKind::Flag);
        let mut out: Vec<bool> = Vec::with_capacity(months.len());
        let mut previous: Option<YearMonth> = None;
        for &m in months {
            let follows = previous.is_some_and(|p| p.year() == m.year() && p.next() == m);
            let held = if carried && follows {
                out.last().copied().unwrap_or(false) || self.entered(m, field).is_some()
            } else {
                self.at_as(kind, field, m).is_some()
            };
            out.push(held);
            previous = Some(m);
        }
        out
    }

    /// Whether the field has the value a window needs for `month`: flows and stocks at every month
    /// of the window, month-end states only at its last month.
    pub fn has_for(&self, field: &str, month: YearMonth, window: MonthRange) -> bool {
        match self.kind(field) {
            Some(FieldKind::MonthEnd) if month != window.to => true,
            Some(kind) => self.at_as(kind, field, month).is_some(),
            None => true,
        }
    }

    /// Whether any of `fields` has a value that counts in the window.
    pub fn any_over(&self, fields: &[String], window: MonthRange) -> bool {
        fields.iter().any(|f| self.over(f, window).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::ym;

    fn w(a: u32, b: u32) -> MonthRange {
        MonthRange::new(ym(a), ym(b)).unwrap()
    }

    #[test]
    fn each_kind_is_read_its_own_way() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        d.set_figure("o", ym(1), "hs_gq_dung_han", Some(96), 1);
        d.set_figure("o", ym(1), "hs_dang_trong_han", Some(2), 1);
        d.set_figure("o", ym(2), "hs_gq_dung_han", Some(0), 1);
        d.set_figure("o", ym(2), "hs_dang_trong_han", Some(0), 1);
        d.set_figure("o", ym(1), "cb_tong", Some(20), 1);
        let f = UnitFigures::new(&plan, &d, "o");
        // Flow: summed.
        assert_eq!(f.over("hs_gq_dung_han", w(1, 2)), Some(96));
        // Month-end: the window's last month, not 2 + 0.
        assert_eq!(f.over("hs_dang_trong_han", w(1, 2)), Some(0));
        assert_eq!(f.over("hs_dang_trong_han", w(1, 1)), Some(2));
        // Month-end is not carried: March has nothing.
        assert_eq!(f.over("hs_dang_trong_han", w(1, 3)), None);
        // Stock: carried forward, with the month it came from.
        assert_eq!(
            f.at("cb_tong", ym(5)),
            Some(Sourced {
                value: 20,
                month: ym(1)
            })
        );
        // Missing is None, not 0.
        assert_eq!(f.over("vb_tong", w(1, 12)), None);
        assert_eq!(f.over("hs_gq_dung_han", w(3, 4)), None);
    }

    #[test]
    fn a_typed_value_replaces_the_stored_one() {
        let plan = Plan::builtin();
        let mut d = Dataset::default();
        d.set_figure("o", ym(1), "cb_tong", Some(20), 1);
        let f = UnitFigures::new(&plan, &d, "o").with_typed(ym(3), "cb_tong", Some(18));
        assert_eq!(f.at("cb_tong", ym(4)).map(|s| s.value), Some(18));
        assert_eq!(f.at("cb_tong", ym(2)).map(|s| s.value), Some(20));
        let cleared = UnitFigures::new(&plan, &d, "o").with_typed(ym(1), "cb_tong", None);
        assert_eq!(cleared.at("cb_tong", ym(4)), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The stock read as first written: every month with anything, in order, walked back.
        fn carried(f: &UnitFigures, field: &str, month: YearMonth) -> Option<Sourced> {
            let jan = YearMonth::new(month.year(), 1)?;
            f.months_between(jan, month)
                .into_iter()
                .rev()
                .find_map(|m| f.entered(m, field).map(|value| Sourced { value, month: m }))
        }

        type Stored = Vec<(i32, u32, u8, u64)>;
        type Typed = Option<(i32, u32, u8, Option<u64>)>;

        /// Unit "o"'s figures: `stored` values of `fields` (by index), and a value typed over them.
        fn figures_of<'a>(
            plan: &'a Plan,
            d: &'a mut Dataset,
            fields: &[&'static str],
            stored: Stored,
            typed: Typed,
        ) -> UnitFigures<'a> {
            for (y, m, f, v) in stored {
                d.set_figure(
                    "o",
                    YearMonth::new(y, m).unwrap(),
                    fields[f as usize],
                    Some(v),
                    1,
                );
            }
            let f = UnitFigures::new(plan, d, "o");
            match typed {
                Some((y, m, k, v)) => {
                    f.with_typed(YearMonth::new(y, m).unwrap(), fields[k as usize], v)
                }
                None => f,
            }
        }

        proptest! {
            /// Whether each month holds a value, read in one walk, is what reading each month
            /// says, for every kind of field, with a typed value or not, over months of two years.
            #[test]
            fn held_at_is_at_for_every_month(
                stored in proptest::collection::vec((2023i32..2025, 1u32..13, 0u8..4, 0u64..9), 0..20),
                typed in proptest::option::of((2023i32..2025, 1u32..13, 0u8..4, proptest::option::of(0u64..9))),
                from in 0usize..24,
                len in 0usize..24,
            ) {
                let plan = Plan::builtin();
                // A stock, a flow, a month-end state and a flag.
                let fields = ["cb_tong", "vb_tong", "hs_dang_trong_han", "dv_ap_dung_ttdt"];
                let mut d = Dataset::default();
                let f = figures_of(&plan, &mut d, &fields, stored, typed);
                let all: Vec<YearMonth> = (2023..2025)
                    .flat_map(|y| (1..=12).map(move |m| YearMonth::new(y, m).unwrap()))
                    .collect();
                let months = &all[from.min(24)..(from + len).min(24)];
                for field in fields.iter().chain(&["khong_co"]) {
                    let each: Vec<bool> = months.iter().map(|m| f.at(field, *m).is_some()).collect();
                    prop_assert_eq!(f.held_at(field, months), each, "{}", field);
                }
            }

            /// Reading a stock by walking the stored months back, with a typed value in its
            /// place, gives what the plain reading gives.
            #[test]
            fn a_stock_is_carried_forward_as_the_plain_reading_says(
                stored in proptest::collection::vec((2023i32..2025, 1u32..13, 0u8..2, 0u64..9), 0..14),
                typed in proptest::option::of((2023i32..2025, 1u32..13, 0u8..2, proptest::option::of(0u64..9))),
            ) {
                let plan = Plan::builtin();
                let fields = ["cb_tong", "vb_tong"];
                let mut d = Dataset::default();
                let f = figures_of(&plan, &mut d, &fields, stored, typed);
                for y in 2023..2025 {
                    for m in 1..=12 {
                        let month = YearMonth::new(y, m).unwrap();
                        prop_assert_eq!(f.at("cb_tong", month), carried(&f, "cb_tong", month));
                    }
                }
            }
        }
    }
}
