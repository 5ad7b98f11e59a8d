//! Keeping two tabs (or a tab and what is stored) consistent without lost updates.
//!
//! Each tab remembers the dataset as it last read or wrote it (the *base*). When the stored value
//! has changed under it, the tab merges three ways: a record changed on one side only takes that
//! side's value (deletions included); a record changed on both sides keeps the newer stamp, and an
//! edit beats a deletion. Records are fine-grained — one figure, one task, one unit — so edits to
//! different things in two tabs both survive.

use crate::core::map::Map;

use super::dataset::{Assessment, Dataset, Millis, PlanWork, Stamped, TaskProgress, Unit};
use super::error::Located;
use super::period::YearMonth;
use super::persist;
use super::sorting::set_of;
use super::survey::SurveyRound;

/// Something with a time of last change.
trait Stamp {
    fn stamp(&self) -> Millis;
}

impl<T> Stamp for Stamped<T> {
    fn stamp(&self) -> Millis {
        self.t
    }
}
impl Stamp for Unit {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}
impl Stamp for TaskProgress {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}
impl Stamp for Assessment {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}
impl Stamp for super::dataset::ReportDraft {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}
impl Stamp for super::dataset::Receipt {
    fn stamp(&self) -> Millis {
        self.received_at
    }
}
impl Stamp for SurveyRound {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}

fn pick<V: Clone + PartialEq + Stamp>(b: Option<&V>, l: Option<&V>, r: Option<&V>) -> Option<V> {
    if l == r || r == b {
        return l.cloned();
    }
    if l == b {
        return r.cloned();
    }
    // Changed on both sides.
    match (l, r) {
        (Some(l), Some(r)) => Some(if r.stamp() > l.stamp() {
            r.clone()
        } else {
            l.clone()
        }),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

fn merge_map<K: Ord + Clone, V: Clone + PartialEq + Stamp>(
    b: &Map<K, V>,
    l: &Map<K, V>,
    r: &Map<K, V>,
) -> Map<K, V> {
    let keys = set_of(b.keys().chain(l.keys()).chain(r.keys()));
    Map::from_iter(
        keys.into_iter()
            .filter_map(|k| pick(b.get(k), l.get(k), r.get(k)).map(|v| (k.clone(), v))),
    )
}

type FigureKey = (String, YearMonth, String);

fn flat_figures(d: &Dataset) -> Map<FigureKey, Stamped<u64>> {
    let mut out = Map::new();
    for (unit, months) in &d.figures {
        for (m, fields) in months {
            for (f, v) in fields {
                out.insert((unit.clone(), *m, f.clone()), *v);
            }
        }
    }
    out
}

fn flat2<V: Clone>(m: &Map<String, Map<String, V>>) -> Map<(String, String), V> {
    m.iter()
        .flat_map(|(a, inner)| {
            inner
                .iter()
                .map(move |(b, v)| ((a.clone(), b.clone()), v.clone()))
        })
        .fold(Map::new(), |mut m, (k, v)| {
            m.insert(k, v);
            m
        })
}

fn nest2<V>(flat: Map<(String, String), V>) -> Map<String, Map<String, V>> {
    let mut out: Map<String, Map<String, V>> = Map::new();
    for ((a, b), v) in flat {
        out.entry(a).or_default().insert(b, v);
    }
    out
}

/// Merges `local` and `remote`, both derived from `base`.
pub fn merge3(base: &Dataset, local: &Dataset, remote: &Dataset) -> Dataset {
    let units = merge_map(&base.units, &local.units, &remote.units);

    let mut figures: Map<String, super::dataset::MonthFigures> = Map::new();
    for ((unit, m, f), v) in merge_map(
        &flat_figures(base),
        &flat_figures(local),
        &flat_figures(remote),
    ) {
        figures
            .entry(unit)
            .or_default()
            .entry(m)
            .or_default()
            .insert(f, v);
    }
    let me = pick(base.me.as_ref(), local.me.as_ref(), remote.me.as_ref());
    let plan = pick(
        base.plan.as_ref(),
        local.plan.as_ref(),
        remote.plan.as_ref(),
    );
    let plans = merge_map(&base.plans, &local.plans, &remote.plans);
    let aliases = merge_map(&base.aliases, &local.aliases, &remote.aliases);
    let ids = set_of(
        base.work
            .keys()
            .chain(local.work.keys())
            .chain(remote.work.keys()),
    );
    let work = Map::from_iter(ids.into_iter().map(|id| {
        (
            id.clone(),
            merge_work(base.work(id), local.work(id), remote.work(id)),
        )
    }));

    let mut merged = Dataset {
        me,
        units,
        figures,
        plan,
        plans,
        work,
        aliases,
    };
    // Data of a unit that one side removed does not linger without its unit.
    let removed = set_of(
        base.units
            .keys()
            .filter(|u| !merged.units.contains_key(*u))
            .cloned(),
    );
    merged.figures.retain(|u, _| !removed.contains(u));
    if merged.me.as_ref().is_some_and(|m| removed.contains(&m.v)) {
        merged.me = None;
    }
    for (id, w) in merged.work.iter_mut() {
        w.tasks.retain(|u, _| !removed.contains(u));
        w.assessments.retain(|u, _| !removed.contains(u));
        w.reports.retain(|u, _| !removed.contains(u));
        w.received.retain(|_, r| !removed.contains(&r.unit));
        w.surveys.retain(|_, r| !removed.contains(&r.unit));
        let dropped = set_of(
            base.work(id)
                .surveys
                .keys()
                .filter(|r| !w.surveys.contains_key(*r))
                .cloned(),
        );
        w.tallies.retain(|r, _| !dropped.contains(r));
    }
    merged.tidy();
    merged
}

/// Merges one plan's work, record by record.
fn merge_work(base: &PlanWork, local: &PlanWork, remote: &PlanWork) -> PlanWork {
    PlanWork {
        tasks: nest2(merge_map(
            &flat2(&base.tasks),
            &flat2(&local.tasks),
            &flat2(&remote.tasks),
        )),
        assessments: nest2(merge_map(
            &flat2(&base.assessments),
            &flat2(&local.assessments),
            &flat2(&remote.assessments),
        )),
        windows: merge_map(&base.windows, &local.windows, &remote.windows),
        surveys: merge_map(&base.surveys, &local.surveys, &remote.surveys),
        tallies: nest2(merge_map(
            &flat2(&base.tallies),
            &flat2(&local.tallies),
            &flat2(&remote.tallies),
        )),
        reports: Map::from_iter(
            set_of(
                base.reports
                    .keys()
                    .chain(local.reports.keys())
                    .chain(remote.reports.keys()),
            )
            .into_iter()
            .map(|u| {
                let empty = Map::new();
                let get = |w: &PlanWork| w.reports.get(u).unwrap_or(&empty).clone();
                (u.clone(), merge_map(&get(base), &get(local), &get(remote)))
            })
            .filter(|(_, m)| !m.is_empty()),
        ),
        sent: merge_map(&base.sent, &local.sent, &remote.sent),
        received: merge_map(&base.received, &local.received, &remote.received),
    }
}

/// What a tab should do when it is about to save, or hears that storage changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Reconciled {
    /// Storage still holds our base: write `local` as it is.
    WriteLocal,
    /// Storage changed and we had no unsaved edits: adopt the stored dataset, write nothing.
    Adopt(Dataset),
    /// Storage changed and we had edits: adopt and write the merge of both.
    WriteMerged(Dataset),
    /// Storage holds something this tab cannot read (a newer app, or damage): stop saving.
    Stop(Located),
}

/// Decides how to reconcile a tab's state with what storage holds now.
/// `stored_raw` is the value read from storage, `base_raw` what this tab last read or wrote.
pub fn reconcile(
    decode: persist::Decoder,
    base: &Dataset,
    base_raw: Option<&str>,
    local: &Dataset,
    stored_raw: Option<&str>,
) -> Reconciled {
    if stored_raw == base_raw {
        return Reconciled::WriteLocal;
    }
    let remote = match stored_raw {
        // Cleared by another tab (or by the user in the browser's settings): treat as empty.
        None => Dataset::default(),
        Some(raw) => match decode(raw) {
            Ok(d) => d,
            Err(e) => return Reconciled::Stop(e),
        },
    };
    if local == base {
        Reconciled::Adopt(remote)
    } else {
        Reconciled::WriteMerged(merge3(base, local, &remote))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::{TaskStatus, UnitKind};
    use proptest::prelude::*;

    fn ym(m: u32) -> YearMonth {
        YearMonth::new(2024, m).unwrap()
    }

    fn base() -> Dataset {
        let mut d = Dataset::default();
        d.upsert_unit(
            Unit {
                id: "o".into(),
                kind: UnitKind::Office,
                name: "Phòng".into(),
                level: None,
                code: String::new(),
                changed_at: 0,
            },
            1,
        );
        d.set_figure("o", ym(1), "vb_tong", Some(10), 1);
        d.set_figure("o", ym(1), "vb_dien_tu", Some(9), 1);
        d
    }

    #[test]
    fn edits_to_different_fields_in_two_tabs_both_survive() {
        let b = base();
        let mut l = b.clone();
        l.set_figure("o", ym(1), "vb_tong", Some(12), 10);
        let mut r = b.clone();
        r.set_figure("o", ym(1), "vb_dien_tu", Some(11), 11);
        r.work_mut(crate::core::plan::BUILTIN_PLAN_ID)
            .update_task("o", "1.1", 11, |t| t.status = TaskStatus::Done);
        let m = merge3(&b, &l, &r);
        assert_eq!(m.figure("o", ym(1), "vb_tong"), Some(12));
        assert_eq!(m.figure("o", ym(1), "vb_dien_tu"), Some(11));
        assert_eq!(
            m.work(crate::core::plan::BUILTIN_PLAN_ID)
                .task("o", "1.1")
                .unwrap()
                .status,
            TaskStatus::Done
        );
    }

    #[test]
    fn the_same_value_edited_twice_keeps_the_newer() {
        let b = base();
        let mut l = b.clone();
        l.set_figure("o", ym(1), "vb_tong", Some(12), 20);
        let mut r = b.clone();
        r.set_figure("o", ym(1), "vb_tong", Some(13), 15);
        assert_eq!(merge3(&b, &l, &r).figure("o", ym(1), "vb_tong"), Some(12));
        assert_eq!(merge3(&b, &r, &l).figure("o", ym(1), "vb_tong"), Some(12));
    }

    #[test]
    fn deletions_on_one_side_are_kept_but_an_edit_beats_a_deletion() {
        let b = base();
        let mut l = b.clone();
        l.clear_month("o", ym(1));
        let r = b.clone();
        assert_eq!(merge3(&b, &l, &r).figure("o", ym(1), "vb_tong"), None);
        let mut r2 = b.clone();
        r2.set_figure("o", ym(1), "vb_tong", Some(50), 30);
        let m = merge3(&b, &l, &r2);
        assert_eq!(m.figure("o", ym(1), "vb_tong"), Some(50));
        assert_eq!(m.figure("o", ym(1), "vb_dien_tu"), None);
    }

    #[test]
    fn removing_a_unit_takes_its_data_along() {
        let b = base();
        let mut l = b.clone();
        l.remove_unit("o");
        let mut r = b.clone();
        r.set_figure("o", ym(2), "vb_tong", Some(1), 5);
        let m = merge3(&b, &l, &r);
        assert!(m.units.is_empty() && m.figures.is_empty());
    }

    #[test]
    fn reconcile_decides_by_what_changed() {
        let b = base();
        let b_raw = persist::encode(&b, 1);
        // Nothing changed in storage.
        assert_eq!(
            reconcile(persist::decode, &b, Some(&b_raw), &b, Some(&b_raw)),
            Reconciled::WriteLocal
        );
        // Another tab wrote; we had no edits → adopt.
        let mut other = b.clone();
        other.set_figure("o", ym(3), "vb_tong", Some(4), 9);
        let other_raw = persist::encode(&other, 2);
        assert_eq!(
            reconcile(persist::decode, &b, Some(&b_raw), &b, Some(&other_raw)),
            Reconciled::Adopt(other.clone())
        );
        // Both edited → merge.
        let mut mine = b.clone();
        mine.set_figure("o", ym(4), "vb_tong", Some(8), 9);
        match reconcile(persist::decode, &b, Some(&b_raw), &mine, Some(&other_raw)) {
            Reconciled::WriteMerged(m) => {
                assert_eq!(m.figure("o", ym(3), "vb_tong"), Some(4));
                assert_eq!(m.figure("o", ym(4), "vb_tong"), Some(8));
            }
            other => panic!("{other:?}"),
        }
        // A newer app wrote → stop.
        let newer = other_raw.replace(
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
            "\"schema_version\":9",
        );
        assert!(matches!(
            reconcile(persist::decode, &b, Some(&b_raw), &mine, Some(&newer)),
            Reconciled::Stop(_)
        ));
    }

    fn arb_dataset() -> impl Strategy<Value = Dataset> {
        (
            proptest::collection::vec((0u32..3, 1u32..4, 0usize..3, 0u64..5, 0i64..100), 0..12),
            proptest::collection::vec((0usize..2, 0u32..3, 0usize..3, 0i64..100), 0..6),
        )
            .prop_map(|(entries, tasks)| {
                let mut d = Dataset::default();
                for (u, m, f, v, t) in entries {
                    let field = ["a", "b", "c"][f];
                    d.set_figure(&format!("u{u}"), ym(m), field, Some(v), t);
                }
                // Task progress under two plans: merged plan by plan, record by record.
                for (p, u, n, t) in tasks {
                    let plan = ["p2024", "p2025"][p];
                    d.work_mut(plan)
                        .update_task(&format!("u{u}"), &format!("1.{n}"), t, |x| {
                            x.notes = format!("{plan} {t}")
                        });
                }
                d
            })
    }

    proptest! {
        #[test]
        fn merge_laws(b in arb_dataset(), x in arb_dataset()) {
            // Nothing changed on one side → the other side's state.
            prop_assert_eq!(merge3(&b, &b, &x), x.clone());
            prop_assert_eq!(merge3(&b, &x, &b), x.clone());
            // Merging a state with itself changes nothing.
            prop_assert_eq!(merge3(&b, &x, &x), x.clone());
        }
    }
}
