//! Benchmark (not a test that can fail on a slow machine): the time to draw charts in the browser —
//! building the SVG string and placing it in the page, including layout. Run by `scripts/bench`,
//! which builds in release mode; the figures go in the README.
#![cfg(target_arch = "wasm32")]

use cchc::chart::views::{indicator_comparison, indicator_trend};
use cchc::chart::{compare_svg, trend_svg};
use cchc::core::base::format::Lang;
use cchc::core::base::period::{MonthRange, YearMonth};
use cchc::core::data::dataset::UnitKind;
use cchc::core::data::records::{SchoolLevel, Unit};
use cchc::core::data::sample::sample_dataset;
use cchc::core::figures::indicator::trend;
use cchc::core::plan::model::Plan;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/district.rs"]
mod district;
use district::{district, schools_of};

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Median and worst of `runs` timings of `f`, in milliseconds.
fn measure(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    measure_with(runs, || (), |()| f())
}

/// [`measure`] of `f` on what `setup` makes for each run, untimed.
fn measure_with<S>(runs: usize, mut setup: impl FnMut() -> S, mut f: impl FnMut(S)) -> (f64, f64) {
    // Warm-up, as benchmark harnesses do it (criterion warms up for a set time): V8 runs wasm
    // first as its baseline compiler made it and optimises the hot functions in the background,
    // which on a busy two-core machine takes more than a few runs; the timed runs are of the
    // optimised code. At least three runs and half a second. (A first import in a page runs
    // partly unoptimised: `import_and_save_ratios` reports it apart.)
    let start = now();
    let mut warm = 0;
    while warm < 3 || (now() - start < 500.0 && warm < 100) {
        f(setup());
        warm += 1;
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let s = setup();
            let t0 = now();
            f(s);
            now() - t0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[runs / 2], times[runs - 1])
}

/// Medians of `runs` timings each of `a` and `b`, timed in turn (`a`, `b`, `a`, `b`, …) after
/// both are warmed up as in [`measure`].
fn measure_alternately(runs: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    let start = now();
    let mut warm = 0;
    while warm < 3 || (now() - start < 1000.0 && warm < 100) {
        a();
        b();
        warm += 1;
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t0 = now();
        a();
        ta.push(now() - t0);
        let t0 = now();
        b();
        tb.push(now() - t0);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(|x, y| x.partial_cmp(y).unwrap());
        v[v.len() / 2]
    };
    (median(ta), median(tb))
}

fn place(svg: &str) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.get_element_by_id("bench").unwrap_or_else(|| {
        let el = doc.create_element("div").unwrap();
        el.set_id("bench");
        doc.body().unwrap().append_child(&el).unwrap();
        el
    });
    host.set_inner_html(svg);
    // Force layout, as the browser must do before the next frame.
    let _ = host
        .dyn_ref::<web_sys::HtmlElement>()
        .unwrap()
        .offset_height();
}

#[wasm_bindgen_test]
fn chart_rendering_times() {
    let plan = Plan::builtin();
    let mut data = sample_dataset(&plan, UnitKind::Office, 1);
    // A hundred schools with a year of figures each.
    for i in 0..100 {
        let id = format!("bench-{i}");
        data.upsert_unit(
            Unit {
                id: id.clone(),
                kind: UnitKind::School,
                parent: None,
                name: format!("Trường Tiểu học số {i} (thử)"),
                level: Some(SchoolLevel::TieuHoc),
                code: String::new(),
                changed_at: 0,
            },
            1,
        );
        for m in 1..=12 {
            let month = YearMonth::new(2024, m).unwrap();
            data.set_figure(&id, month, "vb_tong", Some(100 + i), 1);
            data.set_figure(&id, month, "vb_dien_tu", Some(95 + (i * m as u64) % 6), 1);
        }
    }
    let me = data.me().unwrap().clone();
    let periods = plan.reporting_periods(|_| None);
    let dec = YearMonth::new(2024, 12).unwrap();
    let on_time = plan.indicator("dung_han").unwrap();
    let docs = plan.indicator("van_ban_dien_tu").unwrap();
    let schools: Vec<&Unit> = data.schools();
    let year = MonthRange::new(YearMonth::new(2024, 1).unwrap(), dec).unwrap();

    let (trend_med, trend_max) = measure(50, || {
        let series = trend(&plan, &data, on_time, &[&me], 2024, dec);
        place(&trend_svg(&indicator_trend(
            "b",
            &plan,
            on_time,
            &series,
            None,
            &periods,
            Lang::Vi,
            false,
        )));
    });
    let (cmp_med, cmp_max) = measure(30, || {
        place(&compare_svg(&indicator_comparison(
            "b",
            &plan,
            &data,
            docs,
            &schools,
            year,
            Lang::Vi,
        )));
    });
    let (svg_only_med, _) = measure(30, || {
        let _ = compare_svg(&indicator_comparison(
            "b",
            &plan,
            &data,
            docs,
            &schools,
            year,
            Lang::Vi,
        ));
    });
    console_log!("BENCH trend 12 months (compute + SVG + place + layout): median {trend_med:.2} ms, worst {trend_max:.2} ms");
    console_log!("BENCH comparison {} schools (compute + SVG + place + layout): median {cmp_med:.2} ms, worst {cmp_max:.2} ms", schools.len());
    console_log!(
        "BENCH comparison {} schools, SVG string only: median {svg_only_med:.2} ms",
        schools.len()
    );
}

/// Capacity: a district's three years stored in localStorage, against the quota.
#[wasm_bindgen_test]
fn capacity_of_a_district() {
    use cchc::core::storage::persist::{decode, encode};
    use cchc::core::storage::policy::QUOTA_UNITS;
    let d = district(&[2022, 2023, 2024]);
    let raw = encode(&d, 1);
    let units = raw.encode_utf16().count();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let written = storage.set_item("cchc.capacity", &raw);
    let back = storage.get_item("cchc.capacity").unwrap();
    storage.remove_item("cchc.capacity").unwrap();
    let figures: usize = d
        .figures
        .values()
        .flat_map(|m| m.values())
        .map(|f| f.len())
        .sum();
    console_log!(
        "BENCH capacity: 3 years, 150 schools ({figures} figures, {} survey rounds): {:.2} MB ({units} UTF-16 units) = {:.1} % of the {} units this app counts as the quota; written in Chromium: {}; read back equal: {}",
        d.work.values().map(|w| w.surveys.len()).sum::<usize>(),
        units as f64 * 2.0 / 1_048_576.0,
        units as f64 * 100.0 / QUOTA_UNITS as f64,
        QUOTA_UNITS,
        if written.is_ok() { "yes" } else { "NO (quota exceeded)" },
        back.as_deref().map(|b| decode(b).ok() == Some(d.clone())).unwrap_or(false),
    );
}

/// Ratios measured in one run: importing 150 school files vs JSON.parse of the same bytes, and
/// saving the dataset vs a bare localStorage.setItem of a string of the same size.
#[wasm_bindgen_test]
fn import_and_save_ratios() {
    use cchc::core::base::period::ReportKind;
    use cchc::core::exchange::import::{import_all, Incoming};
    use cchc::core::exchange::submission::{build, read, to_file, Period};
    use cchc::core::storage::persist::encode;
    let plan = Plan::builtin();
    let district = district(&[2024]);
    let q3 = Period {
        report: Some(ReportKind::Q3),
        months: MonthRange::new(
            YearMonth::new(2024, 1).unwrap(),
            YearMonth::new(2024, 8).unwrap(),
        )
        .unwrap(),
    };
    // The 150 generated schools (the sample's own schools keep a deliberately unbalanced tally).
    let files: Vec<(String, String)> = district
        .schools()
        .iter()
        .filter(|u| u.id.starts_with("u-19"))
        .map(|u| {
            let s = build(
                &plan,
                &district,
                u,
                q3,
                format!("s-{}", u.id),
                1,
                1_725_000_000_000,
            );
            (format!("{}.json", u.code), to_file(&s))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let office = {
        let mut o = sample_dataset(&plan, UnitKind::Office, 1);
        for u in district.schools() {
            o.upsert_unit(u.clone(), 1);
        }
        o
    };
    let read_all = || -> Vec<Incoming> {
        files
            .iter()
            .map(|(name, text)| {
                Incoming::new(
                    name.clone(),
                    read(name, text.as_bytes(), |id| (id == plan.id).then_some(&plan)).unwrap(),
                )
            })
            .collect()
    };
    // What the app does: read the files, copy the data (the app applies a batch to a copy, kept
    // only if every step succeeds), merge.
    let import = || {
        let incoming = read_all();
        let mut o = office.clone();
        import_all(&mut o, incoming, 1_725_100_000_000);
    };
    // Each file's text as `file.text()` gives it (a UTF-8 decoding, as the import's own check).
    let parse = || {
        for (_, text) in &files {
            let _ = js_sys::JSON::parse(text).unwrap();
        }
    };
    let t0 = now();
    import();
    let cold = now() - t0;
    // The two sides alternate, run by run, so that both meet the same state of a busy machine
    // (measured apart, seconds apart, the ratio moved by a tenth from run to run).
    let (import_med, parse_med) = measure_alternately(15, import, parse);
    // And each side timed alone, back to back, as before.
    let (import_alone, _) = measure(9, import);
    let (parse_alone, _) = measure(9, parse);
    // Where the time goes, part by part (the README's analysis of the ratio).
    {
        use cchc::core::base::checksum::{
            canonical_of_text, quick_check, quick_check_stripped, sha256,
        };
        let canon: Vec<String> = files
            .iter()
            .map(|(_, t)| canonical_of_text(t, Some("checksum")).unwrap())
            .collect();
        let (quick_med, _) = measure(5, || {
            for (_, t) in &files {
                assert!(quick_check(t).is_some());
            }
        });
        let (sha_med, _) = measure(5, || {
            for c in &canon {
                let _ = sha256(c.as_bytes());
            }
        });
        // What the reading reads typed: the text the quick checksum stripped.
        let stripped: Vec<String> = files
            .iter()
            .map(|(_, t)| quick_check_stripped(t.as_bytes()).unwrap().1)
            .collect();
        let (typed_med, _) = measure(5, || {
            for t in &stripped {
                assert!(cchc::core::exchange::quick_read::submission(t).is_some());
            }
        });
        let (read_med, _) = measure(5, || {
            for (name, text) in &files {
                let _ = read(name, text.as_bytes(), |id| (id == plan.id).then_some(&plan));
            }
        });
        let incoming = read_all();
        let (merge_med, _) = measure_with(
            5,
            || incoming.clone(),
            |incoming| {
                let mut o = office.clone();
                import_all(&mut o, incoming, 1_725_100_000_000);
            },
        );
        console_log!(
            "BENCH import, part by part: reading {read_med:.1} ms (the checksum {quick_med:.1}: SHA-256 of the {:.1} MB without whitespace {sha_med:.1}, the rest taking the whitespace out; typed reading of that text {typed_med:.1}; the rest the file rules); preview and merge {merge_med:.1} ms",
            canon.iter().map(String::len).sum::<usize>() as f64 / 1_048_576.0
        );
    }
    console_log!(
        "BENCH import {} school files ({:.1} MB): read, check and merge median {import_med:.1} ms (the first in this page, before V8 optimised it: {cold:.1} ms); JSON.parse of the same bytes {parse_med:.1} ms; ratio {:.2}× (timed in turn); timed apart: {import_alone:.1} and {parse_alone:.1} ms, ratio {:.2}×",
        files.len(),
        bytes as f64 / 1_048_576.0,
        import_med / parse_med,
        import_alone / parse_alone
    );

    // Both sides write a different value each time (Chromium skips a write of the value already
    // stored) and pass the same kind of string from wasm: the bare side the encoded text itself.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let texts = [encode(&district, 1), encode(&district, 2)];
    let raw_len = texts[0].len();
    // Timed in turn, as the import: seconds apart, a busy machine moved the bare write's time
    // by half.
    let (mut k, mut j) = (0, 0);
    let (save_med, set_med) = measure_alternately(
        15,
        || {
            k += 1;
            let raw = encode(&district, k);
            storage.set_item("cchc.bench", &raw).unwrap();
        },
        || {
            j += 1;
            storage.set_item("cchc.bench", &texts[j % 2]).unwrap();
        },
    );
    storage.remove_item("cchc.bench").unwrap();
    let (encode_med, _) = measure(15, || {
        k += 1;
        let _ = encode(&district, k);
    });
    console_log!(
        "BENCH save a district's year ({:.1} MB): encode + setItem median {save_med:.1} ms; bare setItem of the encoded text {set_med:.1} ms; ratio {:.1}× (the encoding alone {encode_med:.1} ms)",
        raw_len as f64 / 1_048_576.0,
        save_med / set_med
    );
}

/// What the dashboard recomputes after one edit — every target's row for the year so far and the
/// attention list — with a district's data (150 schools) and a city's (2 000 schools, in memory).
/// The core's part of "an edit to the screen"; drawing is measured by the chart benchmarks.
#[wasm_bindgen_test]
fn an_edit_recomputed_at_district_and_city_scale() {
    use cchc::core::figures::overview::{attention, rows, Context};
    let plan = Plan::builtin();
    for (label, count) in [
        ("district, 150 schools", 150u64),
        ("city, 2 000 schools", 2_000),
    ] {
        let mut data = schools_of(count, &[2024]);
        let me = data.me().unwrap().clone();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 10, 15).unwrap();
        let mut v = 0u64;
        let (med, worst) = measure(9, || {
            v += 1;
            data.set_figure(
                &me.id,
                YearMonth::new(2024, 9).unwrap(),
                "hs_tiep_nhan",
                Some(40 + v),
                1,
            );
            let ctx = Context {
                plan: &plan,
                data: &data,
                me: &me,
                today,
            };
            let year = rows(&ctx, ctx.year_to_date());
            let _ = attention(&ctx, &year);
        });
        console_log!("BENCH an edit, dashboard recomputed ({label}): median {med:.1} ms, worst {worst:.1} ms");
    }
}
