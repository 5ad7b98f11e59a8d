//! One level up: an office's file to the unit above (submission version 3) and the unit above's
//! import of many offices' files — checked end to end in the core, with the sums over the tree
//! held to the schools' and offices' own counts.

use crate::core::base::period::{MonthRange, YearMonth};
use crate::core::data::dataset::{Dataset, UnitKind};
use crate::core::data::records::{Millis, Unit};
use crate::core::data::sample::{sample_dataset, SAMPLE_ABOVE_ID};
use crate::core::data::tree;
use crate::core::exchange::import::{expand, import_all, suggest_all, Incoming, Landing};
use crate::core::exchange::submission::{
    build, read, read_diagnosing, to_file, Period, Submission, SCHOOL_FILE_VERSION,
    SUBMISSION_VERSION,
};
use crate::core::figures::indicator::{evaluate, scope_units};
use crate::core::plan::model::{Plan, Source};
use proptest::prelude::*;

fn year(plan: &Plan) -> Period {
    Period {
        report: None,
        months: MonthRange {
            from: YearMonth::new(plan.year, 1).unwrap(),
            to: YearMonth::new(plan.year, 12).unwrap(),
        },
    }
}

/// The province as the sample holds it (the truth), and each office's file of the year, made
/// from what that office holds.
fn province_and_files(plan: &Plan) -> (Dataset, Vec<(String, String)>) {
    let truth = sample_dataset(plan, UnitKind::Above, 1);
    let files = tree::offices_within(&truth, SAMPLE_ABOVE_ID)
        .into_iter()
        .enumerate()
        .map(|(i, office)| {
            let sub = build(
                plan,
                &truth,
                office,
                year(plan),
                format!("f-{i}"),
                1,
                1_000 + i as Millis,
            );
            (format!("{}.json", office.id), to_file(&sub))
        })
        .collect();
    (truth, files)
}

fn read_ok(plan: &Plan, name: &str, text: &str) -> Submission {
    read(name, text.as_bytes(), |_| Some(plan)).expect("an office's file reads")
}

fn unit_above() -> Dataset {
    let mut d = Dataset::default();
    d.set_me(
        Unit {
            id: "so".into(),
            kind: UnitKind::Above,
            parent: None,
            name: "Sở (thử)".into(),
            level: None,
            code: String::new(),
            changed_at: 1,
        },
        1,
    );
    d
}

fn import(d: &mut Dataset, plan: &Plan, files: &[(String, String)], now: Millis) {
    let incoming = files
        .iter()
        .map(|(n, t)| Incoming::new(n.clone(), read_ok(plan, n, t)))
        .collect();
    import_all(d, incoming, now);
}

#[test]
fn an_offices_file_carries_its_schools_and_reads_back_exactly() {
    let plan = Plan::builtin();
    let (truth, files) = province_and_files(&plan);
    assert_eq!(files.len(), 2);
    for (name, text) in &files {
        let sub = read_ok(&plan, name, text);
        assert_eq!(sub.schema_version, SUBMISSION_VERSION);
        assert_eq!(sub.unit.kind, UnitKind::Office);
        let schools = tree::children(&truth, &sub.unit.id);
        assert_eq!(sub.members.len(), schools.len());
        assert!(sub.members.iter().all(|m| m.unit.kind == UnitKind::School));
        // No rate travels: only counts, tasks, assessments and rounds.
        assert!(!text.contains('%') && !text.contains("rate"));
        // The quick reading and the diagnosing one agree.
        assert_eq!(
            read_diagnosing(name, text.as_bytes(), |_| Some(&plan)).unwrap(),
            sub
        );
    }
    // A school's file stays version 2, which an older office reads.
    let school = truth.schools()[0].clone();
    let sub = build(&plan, &truth, &school, year(&plan), "s".into(), 1, 5);
    assert_eq!(sub.schema_version, SCHOOL_FILE_VERSION);
    assert!(sub.members.is_empty());
}

/// The unit above's totals equal the sums of what each school and office counted: every figure
/// of every unit arrives, under the right office, and every indicator over the tree gives the
/// same numerator and denominator as over the truth.
#[test]
fn the_unit_above_sums_two_offices_files_to_the_schools_counts() {
    let plan = Plan::builtin();
    let (truth, files) = province_and_files(&plan);
    let mut so = unit_above();
    import(&mut so, &plan, &files, 50);
    for u in truth.units.values().filter(|u| u.kind != UnitKind::Above) {
        let held = so.unit(&u.id).expect("every unit lands");
        assert_eq!(held.kind, u.kind);
        match u.kind {
            UnitKind::Office => assert_eq!(held.parent.as_deref(), Some("so")),
            _ => assert_eq!(held.parent, u.parent, "{} under its office", u.id),
        }
        let values = |d: &Dataset| -> Vec<(YearMonth, String, u64)> {
            d.figures
                .get(&u.id)
                .into_iter()
                .flat_map(|m| {
                    m.iter()
                        .flat_map(|(ym, f)| f.iter().map(move |(k, s)| (*ym, k.clone(), s.v)))
                })
                .collect()
        };
        assert_eq!(values(&so), values(&truth), "{}", u.id);
    }
    let window = MonthRange {
        from: YearMonth::new(plan.year, 1).unwrap(),
        to: YearMonth::new(plan.year, 9).unwrap(),
    };
    let (me_so, me_truth) = (so.me().unwrap().clone(), truth.me().unwrap().clone());
    for ind in plan
        .measures
        .indicators
        .iter()
        .filter(|i| i.source == Source::Figures)
    {
        let at_so = evaluate(
            &plan,
            &so,
            ind,
            &scope_units(&so, &me_so, ind),
            window,
            window.to,
        );
        let true_sum = evaluate(
            &plan,
            &truth,
            ind,
            &scope_units(&truth, &me_truth, ind),
            window,
            window.to,
        );
        assert_eq!(at_so.ratio, true_sum.ratio, "{}", ind.id);
        // And the whole is the sum of its offices' subtrees.
        let per_office: (u64, u64) = tree::offices_within(&so, "so")
            .into_iter()
            .map(|o| {
                let units = tree::within(&so, &o.id);
                let units = crate::core::figures::indicator::reporting_units(ind, &units);
                let e = evaluate(&plan, &so, ind, &units, window, window.to);
                (e.ratio.num, e.ratio.den)
            })
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert_eq!(per_office, (at_so.ratio.num, at_so.ratio.den), "{}", ind.id);
    }
    // The submission matrix lists the offices, each with its file.
    let periods = plan.reporting_periods(|_| None);
    let m = crate::core::exchange::import::matrix(&so, &plan.id, &periods, 420);
    let rows: Vec<&str> = m.iter().map(|(u, _)| u.id.as_str()).collect();
    assert_eq!(rows, ["mau-phong-an-hoa", "mau-phong-tan-lap"]);
}

#[test]
fn a_school_in_an_offices_file_is_matched_only_among_that_offices_schools() {
    let plan = Plan::builtin();
    let (_, files) = province_and_files(&plan);
    let mut so = unit_above();
    import(&mut so, &plan, &files[..1], 50);
    // The second office's file, its schools renamed as schools of the first office are named:
    // new schools, never mapped across offices.
    let mut second = read_ok(&plan, &files[1].0, &files[1].1);
    let first_school = tree::schools_within(&so, "mau-phong-an-hoa")[0].clone();
    second.members[0].unit.name = first_school.name.clone();
    second.members[0].unit.code = first_school.code.clone();
    let expanded = expand(vec![Incoming::new("b.json".into(), second)]);
    let landings = suggest_all(&so, &expanded);
    assert_eq!(landings[0], Landing::AddNew);
    assert_eq!(landings[1], Landing::AddNew);
}

#[test]
fn a_broken_offices_file_is_refused_with_each_problem_located() {
    let plan = Plan::builtin();
    let (_, files) = province_and_files(&plan);
    let good = read_ok(&plan, &files[0].0, &files[0].1);
    let problems = |s: &Submission| {
        let mut s = s.clone();
        s.checksum.clear();
        let text = to_file(&s);
        read("x.json", text.as_bytes(), |_| Some(&plan))
            .unwrap_err()
            .problems
            .into_iter()
            .map(|p| p.path)
            .collect::<Vec<_>>()
    };
    let mut twice = good.clone();
    twice.members[1].unit.id = twice.members[0].unit.id.clone();
    assert_eq!(problems(&twice), ["members[1].unit.id"]);
    let mut office_inside = good.clone();
    office_inside.members[0].unit.kind = UnitKind::Office;
    assert!(problems(&office_inside).contains(&"members[0].unit.kind".to_string()));
    let mut from_a_school = good.clone();
    from_a_school.unit.kind = UnitKind::School;
    assert!(problems(&from_a_school).contains(&"members".to_string()));
    let mut old = good.clone();
    old.schema_version = 2;
    assert!(problems(&old).contains(&"unit.kind".to_string()));
    let mut office_field = good.clone();
    let (m, fields) = office_field.members[0]
        .data
        .figures
        .iter_mut()
        .next()
        .unwrap();
    let m = *m;
    fields.insert("hs_tiep_nhan".into(), 5);
    assert_eq!(
        problems(&office_field),
        [format!("members[0].data.figures.{m}.hs_tiep_nhan")]
    );
}

#[test]
fn a_schools_file_is_refused_at_the_unit_above_and_an_offices_at_an_office() {
    let plan = Plan::builtin();
    let (truth, files) = province_and_files(&plan);
    let so = unit_above();
    let school = truth.schools()[0].clone();
    let sub = build(&plan, &truth, &school, year(&plan), "s".into(), 1, 5);
    let e = crate::core::exchange::import::check_sender(&so, &sub).unwrap();
    assert_eq!(e.path, "unit.kind");
    let office = sample_dataset(&plan, UnitKind::Office, 1);
    let from_office = read_ok(&plan, &files[0].0, &files[0].1);
    let e = crate::core::exchange::import::check_sender(&office, &from_office).unwrap();
    assert_eq!(e.path, "unit.kind");
    assert_eq!(
        crate::core::exchange::import::check_sender(&so, &from_office),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Offices' files in any order, in one batch or several, any of them twice, give the unit
    /// above the same data.
    #[test]
    fn offices_files_in_any_order_give_the_same_data(order in Just(()).prop_perturb(|_, mut rng| {
        let mut v: Vec<usize> = vec![0, 1, 0, 1];
        for i in (1..v.len()).rev() {
            let j = (rng.next_u32() as usize) % (i + 1);
            v.swap(i, j);
        }
        let split = (rng.next_u32() as usize) % 5;
        (v, split)
    })) {
        let plan = Plan::builtin();
        let (_, files) = province_and_files(&plan);
        let mut once = unit_above();
        import(&mut once, &plan, &files, 50);
        let (v, split) = order;
        let mut shuffled = unit_above();
        let list: Vec<(String, String)> = v.iter().map(|i| files[*i].clone()).collect();
        import(&mut shuffled, &plan, &list[..split.min(list.len())], 50);
        import(&mut shuffled, &plan, &list[split.min(list.len())..], 50);
        prop_assert_eq!(&shuffled.figures, &once.figures);
        prop_assert_eq!(&shuffled.units, &once.units);
        prop_assert_eq!(shuffled.work(&plan.id).tasks.clone(), once.work(&plan.id).tasks.clone());
        prop_assert_eq!(shuffled.work(&plan.id).surveys.clone(), once.work(&plan.id).surveys.clone());
        prop_assert_eq!(shuffled.work(&plan.id).tallies.clone(), once.work(&plan.id).tallies.clone());
    }
}

/// An office's file names the office's own plan, which the unit above does not hold: read
/// against the plan in use (same year) and kept under it; at an office such a file is refused.
#[test]
fn the_unit_above_reads_an_offices_own_plan_as_its_plan_in_use() {
    let plan = Plan::builtin();
    let (_, files) = province_and_files(&plan);
    let mut sub = read_ok(&plan, &files[0].0, &files[0].1);
    sub.plan.id = "vhxh-phuong-a-2024".into();
    sub.checksum.clear();
    let text = to_file(&sub);
    let none = |_: &str| None;
    let so = unit_above();
    let read = crate::core::exchange::import::read_for(&so, &plan, none, "a.json", text.as_bytes())
        .expect("read against the plan in use");
    assert_eq!(read.plan.id, plan.id);
    let office = sample_dataset(&plan, UnitKind::Office, 1);
    let refused =
        crate::core::exchange::import::read_for(&office, &plan, none, "a.json", text.as_bytes())
            .unwrap_err();
    assert_eq!(refused.problems[0].path, "plan.id");
    // Another year is refused at the unit above too.
    let mut later = sub.clone();
    later.plan.year += 1;
    let text = to_file(&later);
    assert!(
        crate::core::exchange::import::read_for(&so, &plan, none, "a.json", text.as_bytes())
            .is_err()
    );
}
