//! [`Map`]: an ordered map kept as a vector sorted by key, used for every map of the model and its
//! computations instead of `BTreeMap`.
//!
//! Why: the stored model and its computations use about thirty map types, and each `BTreeMap`
//! type brings its own node code (insert with splits, search, removal with merges, iteration,
//! clone, drop) — B-tree code was an eighth of the wasm a first visit downloads. A sorted vector
//! needs a binary search and a `Vec` insert per type. Its maps are small (the fields of a month,
//! the months of a unit) or built in key order (a stored value is written sorted, and reading
//! appends), so the linear insert is not felt; look-ups are binary searches, as in a B-tree.
//! Iteration is in key order, as with `BTreeMap`, so every output keeps its order.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ordered map: entries sorted by key, each key once.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Map<K, V>(Vec<(K, V)>);

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

type Pair<K, V> = (K, V);

fn pair_ref<K, V>(p: &Pair<K, V>) -> (&K, &V) {
    (&p.0, &p.1)
}

fn pair_mut<K, V>(p: &mut Pair<K, V>) -> (&K, &mut V) {
    (&p.0, &mut p.1)
}

/// Iterator over `(&K, &V)` in key order.
pub type Iter<'a, K, V> =
    std::iter::Map<std::slice::Iter<'a, Pair<K, V>>, fn(&'a Pair<K, V>) -> (&'a K, &'a V)>;
/// Iterator over `(&K, &mut V)` in key order.
pub type IterMut<'a, K, V> = std::iter::Map<
    std::slice::IterMut<'a, Pair<K, V>>,
    fn(&'a mut Pair<K, V>) -> (&'a K, &'a mut V),
>;

impl<K, V> Map<K, V> {
    pub const fn new() -> Self {
        Map(Vec::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear()
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        self.0.iter().map(pair_ref as fn(&Pair<K, V>) -> (&K, &V))
    }

    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.0
            .iter_mut()
            .map(pair_mut as fn(&mut Pair<K, V>) -> (&K, &mut V))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.0.iter().map(|p| &p.0)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.0.iter().map(|p| &p.1)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.0.iter_mut().map(|p| &mut p.1)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator {
        self.0.into_iter().map(|p| p.0)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.0.into_iter().map(|p| p.1)
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.0.first().map(pair_ref)
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.0.last().map(pair_ref)
    }

    /// Keeps the entries for which `keep` says yes, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|p| keep(&p.0, &mut p.1))
    }
}

impl<K: Ord, V> Map<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.binary_search_by(|p| p.0.borrow().cmp(key))
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// The rank of `key` among the keys, if present (the order of [`Map::iter`]).
    pub fn rank<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok()
    }

    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| pair_ref(&self.0[i]))
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self.find(key) {
            Ok(i) => Some(&mut self.0[i].1),
            Err(_) => None,
        }
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.locate(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.locate(&key);
        Entry { map: self, key, at }
    }

    /// As [`Self::find`], looking first after the last key: in key order, appending is the
    /// common case when a map is built (reading a stored value, collecting, merging).
    fn locate<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self.0.last().map(|last| last.0.borrow().cmp(key)) {
            None => Err(0),
            Some(Ordering::Less) => Err(self.0.len()),
            Some(Ordering::Equal) => Ok(self.0.len() - 1),
            Some(Ordering::Greater) => self.find(key),
        }
    }

    /// The value of `key`, a default one put there first when absent: `entry(key.to_owned())
    /// .or_default()` without building an owned key when it is there, as it mostly is when data
    /// is merged.
    pub fn slot<Q>(&mut self, key: &Q) -> &mut V
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
        V: Default,
    {
        let i = match self.locate(key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key.to_owned(), V::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    /// `insert(key.to_owned(), value)`, building the owned key only when it is new.
    pub fn put<Q>(&mut self, key: &Q, value: V)
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        match self.locate(key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key.to_owned(), value)),
        }
    }

    /// The entries whose key is in `range`, in order.
    pub fn range<R: RangeBounds<K>>(&self, range: R) -> Iter<'_, K, V> {
        let start = match range.start_bound() {
            Bound::Included(k) => self.0.partition_point(|p| p.0 < *k),
            Bound::Excluded(k) => self.0.partition_point(|p| p.0 <= *k),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(k) => self.0.partition_point(|p| p.0 <= *k),
            Bound::Excluded(k) => self.0.partition_point(|p| p.0 < *k),
            Bound::Unbounded => self.0.len(),
        };
        self.0[start..end.max(start)]
            .iter()
            .map(pair_ref as fn(&Pair<K, V>) -> (&K, &V))
    }
}

/// A place in a [`Map`] for one key, filled or not.
pub struct Entry<'a, K, V> {
    map: &'a mut Map<K, V>,
    key: K,
    at: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.0.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.0[i].1
    }

    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    pub fn and_modify(self, change: impl FnOnce(&mut V)) -> Self {
        if let Ok(i) = self.at {
            change(&mut self.map.0[i].1);
        }
        self
    }

    pub fn key(&self) -> &K {
        &self.key
    }

    /// The value there, if any.
    pub fn get(&self) -> Option<&V> {
        self.at.ok().map(|i| &self.map.0[i].1)
    }

    /// Puts `value` there: `insert` without searching again.
    pub fn set(self, value: V) {
        match self.at {
            Ok(i) => self.map.0[i].1 = value,
            Err(i) => self.map.0.insert(i, (self.key, value)),
        }
    }
}

/// `map[&key]`, for tests as with `BTreeMap`: panics where the key is missing, so the app's
/// code uses `get`.
impl<K, V, Q> std::ops::Index<&Q> for Map<K, V>
where
    K: Ord + Borrow<Q>,
    Q: Ord + ?Sized,
{
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry for the key"),
        }
    }
}

impl<K: Ord, V> Map<K, V> {
    /// The map of `pairs` whose keys are strictly increasing, as a merge of sorted maps makes
    /// them (checked in debug builds only).
    pub(crate) fn from_sorted(pairs: Vec<(K, V)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
        Map(pairs)
    }

    /// The map of `pairs` in any order; a later value of the same key replaces an earlier one,
    /// as in `BTreeMap`. Pairs already in key order (what this app writes) are taken as they are;
    /// others are sorted once (`core::sorting`), never inserted one by one, so that a hostile
    /// file of many names in reverse order costs a sort, not a quadratic number of moves.
    pub fn from_pairs(pairs: Vec<(K, V)>) -> Self {
        if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            return Map(pairs);
        }
        // Which pairs to keep, in which order, found by code shared by every map type.
        let keep = crate::core::base::sorting::last_of_each(pairs.len(), &|a, b| {
            pairs[a].0.cmp(&pairs[b].0)
        });
        let mut slots: Vec<Option<(K, V)>> = pairs.into_iter().map(Some).collect();
        Map(keep.into_iter().filter_map(|i| slots[i].take()).collect())
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    /// As `BTreeMap`: a later value of the same key replaces an earlier one.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        Map::from_pairs(items.into_iter().collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    /// As `BTreeMap`: an added value replaces the value of its key. One sort, as in
    /// [`Map::from_pairs`].
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        let mut pairs = std::mem::take(&mut self.0);
        pairs.extend(items);
        *self = Map::from_pairs(pairs);
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut Map<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Map<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Map<K, V> {
    /// As `BTreeMap`: a repeated key keeps its last value (the strict readings of files refuse
    /// repeated names before this).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = Map<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(access.size_hint().unwrap_or(0).min(4096));
                while let Some(pair) = access.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Map::from_pairs(pairs))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, u16),
        Remove(u8),
        Entry(u8, u16),
        Slot(u8, u16),
        Put(u8, u16),
        Retain(u8),
        Extend(u8, u16),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
            (0u8..40).prop_map(Op::Remove),
            (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Entry(k, v)),
            (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Slot(k, v)),
            (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Put(k, v)),
            (1u8..5).prop_map(Op::Retain),
            (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Extend(k, v)),
        ]
    }

    proptest! {
        /// Every operation gives what a BTreeMap gives, in the same order.
        #[test]
        fn behaves_as_a_btree_map(ops in proptest::collection::vec(op(), 0..200), lo in 0u8..40, hi in 0u8..40) {
            let mut ours: Map<u8, u16> = Map::new();
            let mut std: BTreeMap<u8, u16> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => prop_assert_eq!(ours.insert(k, v), std.insert(k, v)),
                    Op::Remove(k) => prop_assert_eq!(ours.remove(&k), std.remove(&k)),
                    Op::Entry(k, v) => {
                        let o = ours.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                        *o = o.wrapping_add(2);
                        let s = std.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                        *s = s.wrapping_add(2);
                    }
                    Op::Slot(k, v) => {
                        let o = ours.slot(&k);
                        *o = o.wrapping_add(v);
                        let s = std.entry(k).or_default();
                        *s = s.wrapping_add(v);
                    }
                    Op::Put(k, v) => {
                        ours.put(&k, v);
                        std.insert(k, v);
                    }
                    Op::Extend(k, v) => {
                        ours.extend([(k, v), (k.wrapping_mul(7) % 40, v), (k, v.wrapping_add(1))]);
                        std.extend([(k, v), (k.wrapping_mul(7) % 40, v), (k, v.wrapping_add(1))]);
                    }
                    Op::Retain(n) => {
                        ours.retain(|k, _| k % n != 0);
                        std.retain(|k, _| k % n != 0);
                    }
                }
                prop_assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
            }
            for k in 0..40u8 {
                prop_assert_eq!(ours.get(&k), std.get(&k));
                prop_assert_eq!(ours.contains_key(&k), std.contains_key(&k));
            }
            prop_assert_eq!(ours.len(), std.len());
            prop_assert_eq!(ours.first_key_value(), std.first_key_value());
            prop_assert_eq!(ours.last_key_value(), std.last_key_value());
            if lo <= hi {
                prop_assert_eq!(ours.range(lo..=hi).collect::<Vec<_>>(), std.range(lo..=hi).collect::<Vec<_>>());
                prop_assert_eq!(ours.range(lo..hi).collect::<Vec<_>>(), std.range(lo..hi).collect::<Vec<_>>());
                prop_assert_eq!(ours.range(lo..).collect::<Vec<_>>(), std.range(lo..).collect::<Vec<_>>());
            }
        }

        /// Collecting keeps the last value of a repeated key, as BTreeMap does; the JSON form is
        /// the same.
        #[test]
        fn collects_and_reads_as_a_btree_map(items in proptest::collection::vec((0u8..30, any::<u16>()), 0..80)) {
            let ours: Map<u8, u16> = items.iter().copied().collect();
            let std: BTreeMap<u8, u16> = items.iter().copied().collect();
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
            let json = serde_json::to_string(&std).unwrap();
            prop_assert_eq!(serde_json::to_string(&ours).unwrap(), json.clone());
            let back: Map<u8, u16> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, ours);
        }
    }

    #[test]
    fn many_names_in_reverse_order_are_read_in_one_sort() {
        // 200 000 names backwards: inserted one by one this would move 2 * 10^10 entries.
        let n = 200_000u32;
        let body: Vec<String> = (0..n).rev().map(|i| format!("\"k{i:06}\":{i}")).collect();
        let json = format!("{{{}}}", body.join(","));
        let t = std::time::Instant::now();
        let m: Map<String, u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(m.len(), n as usize);
        assert_eq!(m.first_key_value(), Some((&"k000000".to_string(), &0)));
        assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    }

    #[test]
    fn a_repeated_name_keeps_its_last_value_as_btree_map_does() {
        let m: Map<String, u8> = serde_json::from_str(r#"{"b":1,"a":2,"b":3}"#).unwrap();
        let s: BTreeMap<String, u8> = serde_json::from_str(r#"{"b":1,"a":2,"b":3}"#).unwrap();
        assert_eq!(m.iter().collect::<Vec<_>>(), s.iter().collect::<Vec<_>>());
        assert_eq!(m.get("b"), Some(&3));
    }
}
