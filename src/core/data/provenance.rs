//! Where a value came from, and what a figure held before. No source is stored beside a value:
//! its stamp says it. A value a file brought carries when its file was made (the import stamps
//! it so), and the receiving unit keeps a receipt of every file with that time — so a value whose
//! stamp is a receipt's, for the same unit, came from that file (its id, revision and name); any
//! other value was typed here. Earlier values are `Dataset::history`, kept as the figure changes.

use crate::core::base::period::YearMonth;
use crate::core::data::dataset::{Dataset, Receipt};
use crate::core::data::records::Millis;

/// One value in a figure's life: what it was (`None`: cleared), from when, and the file that
/// brought it (`None`: typed in this browser).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step<'a> {
    pub value: Option<u64>,
    pub at: Millis,
    pub file: Option<&'a Receipt>,
}

/// The receipt of the file that brought a value of `unit` stamped `t`, if a file did (the
/// latest revision, should two files of the unit share a time).
pub fn file_of<'a>(data: &'a Dataset, unit: &str, t: Millis) -> Option<&'a Receipt> {
    data.work
        .values()
        .flat_map(|w| w.received.values())
        .filter(|r| r.unit == unit && r.made_at == t)
        .max_by_key(|r| r.revision)
}

/// A figure's history, oldest first: the values it held before (at most `HISTORY_KEEP`), then
/// what it holds now — its value, or its removal. Empty when the figure never held anything.
pub fn figure_history<'a>(
    data: &'a Dataset,
    unit: &str,
    month: YearMonth,
    field: &str,
) -> Vec<Step<'a>> {
    let step = |value: Option<u64>, at: Millis| Step {
        value,
        at,
        file: file_of(data, unit, at),
    };
    let mut steps: Vec<Step<'a>> = data
        .history
        .get(unit)
        .and_then(|m| m.get(&month)?.get(field))
        .into_iter()
        .flatten()
        .map(|w| step(w.0, w.1))
        .collect();
    let now = match data
        .figures
        .get(unit)
        .and_then(|m| m.get(&month)?.get(field))
    {
        Some(s) => Some(step(Some(s.v), s.t)),
        None => data
            .cleared
            .get(unit)
            .and_then(|m| m.get(&month)?.get(field))
            .map(|r| step(None, r.0)),
    };
    steps.extend(now);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::HISTORY_KEEP;
    use crate::core::fixtures::ym;

    #[test]
    fn typed_values_keep_what_they_replaced_and_say_they_were_typed() {
        let mut d = Dataset::default();
        d.set_figure("u", ym(3), "vb_tong", Some(40), 10);
        d.set_figure("u", ym(3), "vb_tong", Some(4), 20);
        d.set_figure("u", ym(3), "vb_tong", Some(4), 30);
        d.set_figure("u", ym(3), "vb_tong", None, 40);
        d.set_figure("u", ym(3), "vb_tong", Some(5), 50);
        let h = figure_history(&d, "u", ym(3), "vb_tong");
        let values: Vec<(Option<u64>, Millis)> = h.iter().map(|s| (s.value, s.at)).collect();
        assert_eq!(
            values,
            [(Some(40), 10), (Some(4), 20), (None, 40), (Some(5), 50)]
        );
        assert!(h.iter().all(|s| s.file.is_none()));
        assert!(figure_history(&d, "u", ym(4), "vb_tong").is_empty());
    }

    #[test]
    fn history_is_bounded() {
        let mut d = Dataset::default();
        for i in 0..20 {
            d.set_figure("u", ym(1), "vb_tong", Some(i), i as Millis);
        }
        let h = figure_history(&d, "u", ym(1), "vb_tong");
        assert_eq!(h.len(), HISTORY_KEEP + 1);
        assert_eq!(h.last().map(|s| s.value), Some(Some(19)));
        assert_eq!(
            h.first().map(|s| s.value),
            Some(Some(19 - HISTORY_KEEP as u64))
        );
    }
}
