//! Keeping two tabs (or a tab and what is stored) consistent without lost updates.
//!
//! Each tab remembers the dataset as it last read or wrote it (the *base*). When the stored value
//! has changed under it, the tab merges three ways: a record changed on one side only takes that
//! side's value (deletions included); a record changed on both sides keeps the newer stamp, and an
//! edit beats a deletion. Records are fine-grained — one figure, one task, one unit — so edits to
//! different things in two tabs both survive.

use crate::core::base::map::Map;

use crate::core::base::error::Located;
use crate::core::base::sorting::set_of;
use crate::core::data::dataset::{Dataset, PlanWork};
use crate::core::data::records::{Assessment, Millis, Stamped, TaskProgress, Unit};
use crate::core::data::survey::SurveyRound;
use crate::core::storage::persist;

/// Something with a time of last change.
trait Stamp {
    fn stamp(&self) -> Millis;
}

impl<T> Stamp for Stamped<T> {
    fn stamp(&self) -> Millis {
        self.t
    }
}
/// A figure's earlier values: as recent as the last value it replaced. Two tabs that changed the
/// same figure keep the history of the one whose replaced value is newer (the value itself is
/// merged as any figure is).
impl Stamp for Vec<crate::core::data::records::Was> {
    fn stamp(&self) -> Millis {
        self.last().map_or(0, |w| w.1)
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
impl Stamp for crate::core::data::dataset::ReportDraft {
    fn stamp(&self) -> Millis {
        self.changed_at
    }
}
impl Stamp for crate::core::data::dataset::Receipt {
    fn stamp(&self) -> Millis {
        self.received_at
    }
}
impl Stamp for crate::core::data::dataset::Removal {
    fn stamp(&self) -> Millis {
        self.0
    }
}
impl Stamp for crate::core::data::dataset::Checked {
    fn stamp(&self) -> Millis {
        self.0
    }
}
impl Stamp for crate::core::data::dataset::RemovedRound {
    fn stamp(&self) -> Millis {
        self.at
    }
}
impl Stamp for crate::core::data::dataset::Refusal {
    fn stamp(&self) -> Millis {
        self.at
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

/// Walks three maps, which are sorted by key, in one pass: `each` gets every key with its value on
/// each side, and what it returns is kept, in order (no set of keys, no sort: less code per map
/// type, and quicker).
fn walk3<K: Ord + Clone, V, W>(
    b: &Map<K, V>,
    l: &Map<K, V>,
    r: &Map<K, V>,
    each: impl Fn(Option<&V>, Option<&V>, Option<&V>) -> Option<W>,
) -> Map<K, W> {
    let (mut b, mut l, mut r) = (
        b.iter().peekable(),
        l.iter().peekable(),
        r.iter().peekable(),
    );
    let mut out = Vec::new();
    loop {
        let heads = [b.peek(), l.peek(), r.peek()];
        let Some(key) = heads.into_iter().flatten().map(|(k, _)| *k).min() else {
            break;
        };
        let take = |side: &mut std::iter::Peekable<_>| {
            side.next_if(|(k, _): &(&K, &V)| *k == key).map(|(_, v)| v)
        };
        let (bv, lv, rv) = (take(&mut b), take(&mut l), take(&mut r));
        if let Some(w) = each(bv, lv, rv) {
            out.push((key.clone(), w));
        }
    }
    Map::from_sorted(out)
}

/// Merges three maps record by record.
fn merge_map<K: Ord + Clone, V: Clone + PartialEq + Stamp>(
    b: &Map<K, V>,
    l: &Map<K, V>,
    r: &Map<K, V>,
) -> Map<K, V> {
    walk3(b, l, r, pick)
}

/// Merges maps of maps level by level, each inner map with `inner`: an outer key stays while
/// its merged inner map is not empty (as if the keys were joined into one).
fn merge_outer<K: Ord + Clone, K2, W>(
    b: &Map<K, Map<K2, W>>,
    l: &Map<K, Map<K2, W>>,
    r: &Map<K, Map<K2, W>>,
    inner: impl Fn(&Map<K2, W>, &Map<K2, W>, &Map<K2, W>) -> Map<K2, W>,
) -> Map<K, Map<K2, W>> {
    walk3(b, l, r, |b, l, r| {
        let none = Map::new();
        let merged = inner(b.unwrap_or(&none), l.unwrap_or(&none), r.unwrap_or(&none));
        (!merged.is_empty()).then_some(merged)
    })
}

/// Merges maps of records by their inner records.
fn merge_nested<K: Ord + Clone, K2: Ord + Clone, V: Clone + PartialEq + Stamp>(
    b: &Map<K, Map<K2, V>>,
    l: &Map<K, Map<K2, V>>,
    r: &Map<K, Map<K2, V>>,
) -> Map<K, Map<K2, V>> {
    merge_outer(b, l, r, merge_map)
}

/// Merges `local` and `remote`, both derived from `base`.
pub fn merge3(base: &Dataset, local: &Dataset, remote: &Dataset) -> Dataset {
    let units = merge_map(&base.units, &local.units, &remote.units);

    let figures = merge_outer(&base.figures, &local.figures, &remote.figures, merge_nested);
    let me = pick(base.me.as_ref(), local.me.as_ref(), remote.me.as_ref());
    let plan = pick(
        base.plan.as_ref(),
        local.plan.as_ref(),
        remote.plan.as_ref(),
    );
    let plans = merge_map(&base.plans, &local.plans, &remote.plans);
    let aliases = merge_map(&base.aliases, &local.aliases, &remote.aliases);
    let cleared = merge_outer(&base.cleared, &local.cleared, &remote.cleared, merge_nested);
    let checked = merge_outer(&base.checked, &local.checked, &remote.checked, merge_nested);
    let history = merge_outer(&base.history, &local.history, &remote.history, merge_nested);
    let overridden = merge_outer(
        &base.overridden,
        &local.overridden,
        &remote.overridden,
        merge_nested,
    );
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
        cleared,
        overridden,
        refused: merge_map(&base.refused, &local.refused, &remote.refused),
        checked,
        history,
    };
    // Data of a unit that one side removed does not linger without its unit.
    let removed = set_of(
        base.units
            .keys()
            .filter(|u| !merged.units.contains_key(*u))
            .cloned(),
    );
    merged.figures.retain(|u, _| !removed.contains(u));
    merged.cleared.retain(|u, _| !removed.contains(u));
    merged.checked.retain(|u, _| !removed.contains(u));
    merged.history.retain(|u, _| !removed.contains(u));
    merged.overridden.retain(|u, _| !removed.contains(u));
    merged
        .refused
        .retain(|_, r| r.unit.as_ref().is_none_or(|u| !removed.contains(u)));
    if merged.me.as_ref().is_some_and(|m| removed.contains(&m.v)) {
        merged.me = None;
    }
    for (id, w) in merged.work.iter_mut() {
        w.tasks.retain(|u, _| !removed.contains(u));
        w.assessments.retain(|u, _| !removed.contains(u));
        w.reports.retain(|u, _| !removed.contains(u));
        w.received.retain(|_, r| !removed.contains(&r.unit));
        w.surveys.retain(|_, r| !removed.contains(&r.unit));
        w.removed.assessments.retain(|u, _| !removed.contains(u));
        w.removed.rounds.retain(|_, r| !removed.contains(&r.unit));
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
        tasks: merge_nested(&base.tasks, &local.tasks, &remote.tasks),
        assessments: merge_nested(&base.assessments, &local.assessments, &remote.assessments),
        windows: merge_map(&base.windows, &local.windows, &remote.windows),
        surveys: merge_map(&base.surveys, &local.surveys, &remote.surveys),
        tallies: merge_nested(&base.tallies, &local.tallies, &remote.tallies),
        reports: merge_nested(&base.reports, &local.reports, &remote.reports),
        sent: merge_map(&base.sent, &local.sent, &remote.sent),
        received: merge_map(&base.received, &local.received, &remote.received),
        removed: crate::core::data::dataset::Removed {
            assessments: merge_nested(
                &base.removed.assessments,
                &local.removed.assessments,
                &remote.removed.assessments,
            ),
            rounds: merge_map(
                &base.removed.rounds,
                &local.removed.rounds,
                &remote.removed.rounds,
            ),
            tallies: merge_nested(
                &base.removed.tallies,
                &local.removed.tallies,
                &remote.removed.tallies,
            ),
        },
    }
}

/// What a tab should do when it is about to save, or hears that storage changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Reconciled {
    /// Storage still holds our base: write `local` as it is.
    WriteLocal,
    /// Storage changed and we had no unsaved edits: adopt the stored dataset, write nothing.
    Adopt(Dataset),
    /// Storage changed and we had edits: write the merge ([`merge3`]) of ours and this one.
    Merge(Dataset),
    /// Storage holds something this tab cannot read (a newer app, or damage): stop saving.
    Stop(Located),
}

/// Decides how to reconcile a tab's state with what storage holds now.
/// `stored_raw` is the value read from storage, `base_raw` what this tab last read or wrote.
/// The decoder and the merge are the caller's (`storage::Codec`).
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
        Reconciled::Merge(remote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::dataset::UnitKind;
    use crate::core::data::records::TaskStatus;
    use crate::core::fixtures::ym;

    use proptest::prelude::*;

    fn base() -> Dataset {
        let mut d = Dataset::default();
        d.upsert_unit(
            Unit {
                id: "o".into(),
                kind: UnitKind::Office,
                parent: None,
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
        r.work_mut(crate::core::plan::model::BUILTIN_PLAN_ID)
            .update_task("o", "1.1", 11, |t| t.status = TaskStatus::Done);
        let m = merge3(&b, &l, &r);
        assert_eq!(m.figure("o", ym(1), "vb_tong"), Some(12));
        assert_eq!(m.figure("o", ym(1), "vb_dien_tu"), Some(11));
        assert_eq!(
            m.work(crate::core::plan::model::BUILTIN_PLAN_ID)
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
        l.clear_month("o", ym(1), 3);
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
            Reconciled::Merge(remote) => {
                let m = merge3(&b, &mine, &remote);
                assert_eq!(m.figure("o", ym(3), "vb_tong"), Some(4));
                assert_eq!(m.figure("o", ym(4), "vb_tong"), Some(8));
            }
            other => panic!("{other:?}"),
        }
        // A newer app wrote → stop.
        let newer = other_raw.replace(
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION + 1),
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

    /// The merge of one map as first written: every key of the three sides collected in a set,
    /// each picked in turn, the pairs sorted into a map.
    fn merge_map_plainly(
        b: &Map<u8, Stamped<u8>>,
        l: &Map<u8, Stamped<u8>>,
        r: &Map<u8, Stamped<u8>>,
    ) -> Map<u8, Stamped<u8>> {
        let keys = set_of(b.keys().chain(l.keys()).chain(r.keys()));
        keys.into_iter()
            .filter_map(|k| pick(b.get(k), l.get(k), r.get(k)).map(|v| (*k, v)))
            .collect()
    }

    /// Maps of maps merged as first written: the keys joined into one, the records merged, the
    /// keys split again.
    fn merge_nested_plainly(
        b: &Map<u8, Map<u8, Stamped<u8>>>,
        l: &Map<u8, Map<u8, Stamped<u8>>>,
        r: &Map<u8, Map<u8, Stamped<u8>>>,
    ) -> Map<u8, Map<u8, Stamped<u8>>> {
        fn flat(m: &Map<u8, Map<u8, Stamped<u8>>>) -> Map<u16, Stamped<u8>> {
            m.iter()
                .flat_map(|(a, inner)| {
                    inner
                        .iter()
                        .map(move |(b, v)| (u16::from(*a) << 8 | u16::from(*b), *v))
                })
                .collect()
        }
        let keys = set_of(
            flat(b)
                .into_keys()
                .chain(flat(l).into_keys())
                .chain(flat(r).into_keys()),
        );
        let (fb, fl, fr) = (flat(b), flat(l), flat(r));
        let mut out: Map<u8, Map<u8, Stamped<u8>>> = Map::new();
        for k in keys {
            if let Some(v) = pick(fb.get(&k), fl.get(&k), fr.get(&k)) {
                out.entry((k >> 8) as u8).or_default().insert(k as u8, v);
            }
        }
        out
    }

    fn arb_nested() -> impl Strategy<Value = Map<u8, Map<u8, Stamped<u8>>>> {
        proptest::collection::vec((0u8..3, arb_map()), 0..4)
            .prop_map(|pairs| pairs.into_iter().collect())
    }

    fn arb_map() -> impl Strategy<Value = Map<u8, Stamped<u8>>> {
        proptest::collection::vec((0u8..8, 0u8..3, 0i64..4), 0..8).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v, t)| (k, Stamped { v, t }))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn one_walk_merges_as_picking_key_by_key(b in arb_map(), l in arb_map(), r in arb_map()) {
            // Sides derived from the base as well as unrelated ones.
            let mut l2 = b.clone();
            l2.extend(l.iter().take(2).map(|(k, v)| (*k, *v)));
            for (x, y) in [(&l, &r), (&l2, &r), (&b, &r), (&l2, &b)] {
                prop_assert_eq!(merge_map(&b, x, y), merge_map_plainly(&b, x, y));
            }
        }

        #[test]
        fn maps_of_maps_merge_as_if_their_keys_were_joined(
            b in arb_nested(), l in arb_nested(), r in arb_nested()
        ) {
            let mut l2 = b.clone();
            l2.extend(l.iter().take(1).map(|(k, v)| (*k, v.clone())));
            for (x, y) in [(&l, &r), (&l2, &r), (&b, &r), (&l2, &b)] {
                prop_assert_eq!(merge_nested(&b, x, y), merge_nested_plainly(&b, x, y));
            }
        }

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
