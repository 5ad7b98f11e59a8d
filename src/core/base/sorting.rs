//! Sorting and B-tree building with one shared copy of the standard sort.
//!
//! Every `sort_by` — and every `collect()` into a `BTreeMap` or `BTreeSet`, which sorts first —
//! is a few kilobytes of wasm per element type and comparator; dozens of them were a sixth of the
//! code. Here the standard sort runs once, on indices, comparing through a `dyn` closure; sets are
//! built by inserting, and maps are `core::map::Map`, sorted vectors that sort through here.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Stable sort of `v` by `cmp`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items[i].take()));
}

/// Stable sort of `v` by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..n` in the order `cmp` gives (stable), each run of equal ones kept as its last:
/// how a map is built from pairs, where a later value of a key replaces an earlier one.
pub fn last_of_each(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    sort_indices(&mut order, cmp);
    let mut keep: Vec<usize> = Vec::with_capacity(n);
    for i in order {
        match keep.last_mut() {
            Some(last) if cmp(*last, i).is_eq() => *last = i,
            _ => keep.push(i),
        }
    }
    keep
}

/// The one instance of the standard sort.
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

/// A set built by inserting (no sort).
pub fn set_of<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeSet<K> {
    let mut s = BTreeSet::new();
    for k in items {
        s.insert(k);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_exactly_as_the_standard_stable_sort(v in proptest::collection::vec((0u8..5, 0u16..1000), 0..60)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
            prop_assert_eq!(set_of(v.iter().copied()), v.iter().copied().collect::<BTreeSet<_>>());
        }
    }
}
