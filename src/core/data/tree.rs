//! Units form a tree: school → managing office → unit above (a Sở department, or a People's
//! Committee collecting its offices). Each unit names its parent (`Unit::parent`, dataset v11);
//! totals, the per-unit tables, the submission matrix and reports are computed over the tree,
//! always by summing counts of the units under a node, never by averaging rates.
//!
//! A unit whose parent the dataset does not hold (data from before v11 that named none, a file's
//! school landed without its office) hangs under the user's own unit when that unit manages
//! others: nothing drops out of a total because a link is missing. Walking up stops after as
//! many steps as there are units, so a circle in damaged data cannot loop.

use crate::core::data::dataset::Dataset;
use crate::core::data::records::Unit;
use crate::core::plan::model::UnitKind;

/// The unit `u` reports to, as the tree reads it: its parent when held (and not itself), else
/// the user's own unit when that manages others and is not `u`.
pub fn parent_of<'a>(data: &'a Dataset, u: &Unit) -> Option<&'a Unit> {
    let named = u
        .parent
        .as_deref()
        .filter(|p| *p != u.id)
        .and_then(|p| data.unit(p));
    named.or_else(|| data.me().filter(|me| me.kind.manages() && me.id != u.id))
}

/// Whether `u` is `top` or lies under it.
pub fn is_within(data: &Dataset, u: &Unit, top: &str) -> bool {
    let mut at = Some(u);
    for _ in 0..=data.units.len() {
        match at {
            Some(x) if x.id == top => return true,
            Some(x) => at = parent_of(data, x),
            None => return false,
        }
    }
    false
}

/// The units directly under `top`: offices by name, then schools by level and name.
pub fn children<'a>(data: &'a Dataset, top: &str) -> Vec<&'a Unit> {
    let mut v: Vec<&Unit> = data
        .units
        .values()
        .filter(|u| u.id != top && parent_of(data, u).is_some_and(|p| p.id == top))
        .collect();
    sort_units(&mut v);
    v
}

/// `top` and every unit under it, `top` first and the rest in the order of [`sort_units`].
pub fn within<'a>(data: &'a Dataset, top: &str) -> Vec<&'a Unit> {
    let mut v: Vec<&Unit> = data
        .units
        .values()
        .filter(|u| u.id != top && is_within(data, u, top))
        .collect();
    sort_units(&mut v);
    data.unit(top).into_iter().chain(v).collect()
}

/// Each unit directly under `top` with every unit under it (itself first, the rest in the order
/// of [`sort_units`]) — in one walk up from each unit, rather than one walk of the whole tree
/// per child: the unit above's per-office rows for a province.
pub fn subtrees<'a>(data: &'a Dataset, top: &str) -> Vec<(&'a Unit, Vec<&'a Unit>)> {
    let heads = children(data, top);
    let mut groups: Vec<Vec<&Unit>> = vec![Vec::new(); heads.len()];
    for u in data.units.values() {
        // The ancestor of `u` (or `u` itself) that is a direct child of `top`, if any.
        let mut at = Some(u);
        for _ in 0..=data.units.len() {
            let Some(x) = at else { break };
            if x.id == top {
                break;
            }
            let parent = parent_of(data, x);
            if parent.is_some_and(|p| p.id == top) {
                if let Some(k) = heads.iter().position(|h| h.id == x.id) {
                    if u.id != x.id {
                        groups[k].push(u);
                    }
                }
                break;
            }
            at = parent;
        }
    }
    heads
        .into_iter()
        .zip(groups)
        .map(|(head, mut under)| {
            sort_units(&mut under);
            let mut all = vec![head];
            all.extend(under);
            (head, all)
        })
        .collect()
}

/// The schools under `top` (all of them, at every depth), by level then name.
pub fn schools_within<'a>(data: &'a Dataset, top: &str) -> Vec<&'a Unit> {
    within(data, top)
        .into_iter()
        .filter(|u| u.kind == UnitKind::School)
        .collect()
}

/// The managing offices under `top` (the level below a unit above), by name.
pub fn offices_within<'a>(data: &'a Dataset, top: &str) -> Vec<&'a Unit> {
    within(data, top)
        .into_iter()
        .filter(|u| u.kind == UnitKind::Office && u.id != top)
        .collect()
}

/// The order units are listed in: units above, then offices, then schools; offices by name,
/// schools by level then name; ids last, so the order is total.
pub fn sort_units(v: &mut Vec<&Unit>) {
    let rank = |k: UnitKind| match k {
        UnitKind::Above => 0,
        UnitKind::Office => 1,
        UnitKind::School => 2,
    };
    crate::core::base::sorting::sort_by(v, |a: &&Unit, b: &&Unit| {
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then_with(|| a.level.cmp(&b.level))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The kind of the units the user's unit collects files from: schools at an office, offices at
/// a unit above; `None` at a school.
pub fn member_kind(me: UnitKind) -> Option<UnitKind> {
    match me {
        UnitKind::Above => Some(UnitKind::Office),
        UnitKind::Office => Some(UnitKind::School),
        UnitKind::School => None,
    }
}

/// The units that send their files to the user's unit: its children of the kind below it
/// (an office's schools, a unit above's offices).
pub fn members(data: &Dataset) -> Vec<&Unit> {
    let Some(me) = data.me() else {
        return Vec::new();
    };
    let Some(kind) = member_kind(me.kind) else {
        return Vec::new();
    };
    children(data, &me.id)
        .into_iter()
        .filter(|u| u.kind == kind)
        .collect()
}

/// The parent a stored unit of schema v10 is given on the way to v11: schools name the one
/// office the dataset holds (v10 knew only an office and its schools); anything else, or a
/// dataset holding no office or several, names none, and the tree then hangs it under the user's
/// unit (see [`parent_of`]).
pub fn v10_parent(units: &[(&str, UnitKind)]) -> Option<String> {
    let mut offices = units.iter().filter(|(_, k)| *k == UnitKind::Office);
    match (offices.next(), offices.next()) {
        (Some((id, _)), None) => Some((*id).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use proptest::prelude::*;

    fn unit(id: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            kind,
            parent: parent.map(Into::into),
            name: id.to_uppercase(),
            level: (kind == UnitKind::School).then_some(SchoolLevel::TieuHoc),
            code: String::new(),
            changed_at: 1,
        }
    }

    fn province() -> Dataset {
        let mut d = Dataset::default();
        d.set_me(unit("so", UnitKind::Above, None), 1);
        for u in [
            unit("pa", UnitKind::Office, Some("so")),
            unit("pb", UnitKind::Office, Some("so")),
            unit("a1", UnitKind::School, Some("pa")),
            unit("a2", UnitKind::School, Some("pa")),
            unit("b1", UnitKind::School, Some("pb")),
            // Landed without its office: hangs under the user's unit.
            unit("x1", UnitKind::School, Some("gone")),
        ] {
            d.upsert_unit(u, 1);
        }
        d
    }

    fn ids(v: &[&Unit]) -> Vec<String> {
        v.iter().map(|u| u.id.clone()).collect()
    }

    #[test]
    fn the_tree_reads_parents_and_hangs_orphans_under_the_user() {
        let d = province();
        assert_eq!(ids(&children(&d, "so")), ["pa", "pb", "x1"]);
        assert_eq!(ids(&children(&d, "pa")), ["a1", "a2"]);
        assert_eq!(ids(&within(&d, "pa")), ["pa", "a1", "a2"]);
        assert_eq!(ids(&schools_within(&d, "so")), ["a1", "a2", "b1", "x1"]);
        assert_eq!(ids(&offices_within(&d, "so")), ["pa", "pb"]);
        assert_eq!(ids(&members(&d)), ["pa", "pb"]);
        assert!(is_within(&d, d.unit("b1").unwrap(), "so"));
        assert!(!is_within(&d, d.unit("b1").unwrap(), "pa"));
    }

    #[test]
    fn a_circle_in_damaged_data_does_not_loop() {
        let mut d = Dataset::default();
        d.upsert_unit(unit("a", UnitKind::Office, Some("b")), 1);
        d.upsert_unit(unit("b", UnitKind::Office, Some("a")), 1);
        assert!(!is_within(&d, d.unit("a").unwrap(), "c"));
        assert_eq!(ids(&within(&d, "a")), ["a", "b"]);
    }

    #[test]
    fn v10_schools_name_the_one_office() {
        use UnitKind::*;
        assert_eq!(
            v10_parent(&[("o", Office), ("s", School)]),
            Some("o".into())
        );
        assert_eq!(v10_parent(&[("s", School)]), None);
        assert_eq!(v10_parent(&[("o", Office), ("p", Office)]), None);
    }

    proptest! {
        /// Every unit is within exactly the chain of its ancestors, and the units within the top
        /// are the units within each child plus the top: a sum over the tree is a sum over its
        /// parts, whatever the shape.
        #[test]
        fn a_subtree_is_its_children_subtrees(parents in prop::collection::vec(0usize..8, 1..12)) {
            let mut d = Dataset::default();
            d.set_me(unit("n0", UnitKind::Above, None), 1);
            for (i, p) in parents.iter().enumerate() {
                let id = format!("n{}", i + 1);
                // A parent among the units before it: a tree, no circles.
                let parent = format!("n{}", p % (i + 1));
                d.upsert_unit(unit(&id, UnitKind::Office, Some(&parent)), 1);
            }
            let all = within(&d, "n0");
            prop_assert_eq!(all.len(), d.units.len());
            let mut from_children: Vec<String> = vec!["n0".into()];
            for c in children(&d, "n0") {
                from_children.extend(ids(&within(&d, &c.id)));
            }
            from_children.sort();
            let mut every = ids(&all);
            every.sort();
            prop_assert_eq!(from_children, every);
            // The one-walk grouping gives each child's subtree as `within` does.
            for (head, under) in subtrees(&d, "n0") {
                prop_assert_eq!(ids(&under), ids(&within(&d, &head.id)));
            }
        }
    }
}
