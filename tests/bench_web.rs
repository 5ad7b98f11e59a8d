//! Benchmark (not a test that can fail on a slow machine): the time to draw charts in the browser —
//! building the SVG string and placing it in the page, including layout. Run by `scripts/bench`,
//! which builds in release mode; the figures go in the README.
#![cfg(target_arch = "wasm32")]

use cchc::chart::views::{indicator_comparison, indicator_trend};
use cchc::chart::{compare_svg, trend_svg};
use cchc::core::dataset::{SchoolLevel, Unit, UnitKind};
use cchc::core::format::Lang;
use cchc::core::indicator::trend;
use cchc::core::period::{reporting_periods, MonthRange, YearMonth};
use cchc::core::plan::Plan;
use cchc::core::sample::sample_dataset;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Median and worst of `runs` timings of `f`, in milliseconds.
fn measure(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm-up
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = now();
            f();
            now() - t0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[runs / 2], times[runs - 1])
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
    let periods = reporting_periods(&plan, |_| None);
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

/// A district's years, built through the core as the app would hold them at the office: 150
/// schools, every field a school reports every month of `years`, the office's own fields every
/// month, two survey rounds a school a year with every criterion tallied, and every task of the
/// plan with a piece of evidence at every school.
fn district(years: &[i32]) -> cchc::core::dataset::Dataset {
    schools_of(150, years)
}

/// `count` schools with every field, survey and task of `years` (see `district`).
fn schools_of(count: u64, years: &[i32]) -> cchc::core::dataset::Dataset {
    use cchc::core::dataset::{Evidence, TaskStatus};
    use cchc::core::survey::{default_questionnaire, Respondent, SurveyRound, Tally};
    let plan = Plan::builtin();
    let mut d = sample_dataset(&plan, UnitKind::Office, 1);
    let me = d.me().unwrap().id.clone();
    let numbers: Vec<String> = plan.tasks().map(|(_, t)| t.number.clone()).collect();
    let office_fields: Vec<String> = plan
        .measures
        .fields
        .iter()
        .filter(|f| f.reporters.contains(&UnitKind::Office))
        .map(|f| f.id.clone())
        .collect();
    let school_fields: Vec<String> = plan
        .measures
        .fields
        .iter()
        .filter(|f| f.reporters.contains(&UnitKind::School))
        .map(|f| f.id.clone())
        .collect();
    for &y in years {
        for m in 1..=12 {
            let month = YearMonth::new(y, m).unwrap();
            for f in &office_fields {
                d.set_figure(&me, month, f, Some(40 + m as u64), 1_700_000_000_000);
            }
        }
    }
    for i in 0..count {
        let id = format!("u-19{i:03x}-{:016x}", i * 7919);
        let level = SchoolLevel::ALL[(i % 3) as usize];
        d.upsert_unit(
            Unit {
                id: id.clone(),
                kind: UnitKind::School,
                name: format!("Trường số {i} Quận 6"),
                level: Some(level),
                code: format!("T{i:03}"),
                changed_at: 1_700_000_000_000,
            },
            1_700_000_000_000,
        );
        for &y in years {
            for m in 1..=12 {
                let month = YearMonth::new(y, m).unwrap();
                for (k, f) in school_fields.iter().enumerate() {
                    // Parts (electronic documents, digital signatures) stay below their wholes.
                    let v = if f == "dv_ap_dung_ttdt" {
                        1
                    } else if f == "vb_dien_tu" || f == "cb_chu_ky_so" {
                        20 + (i + m as u64) % 10
                    } else {
                        30 + (i + m as u64 + k as u64) % 20
                    };
                    d.set_figure(&id, month, f, Some(v), 1_700_000_000_000 + i as i64);
                }
            }
            let w = d.work_mut(&plan.id);
            for round in 0..2 {
                let rid = format!("ks-{id}-{y}-{round}");
                let q = default_questionnaire(level);
                let ids: Vec<String> = q.visible().iter().map(|(_, c)| c.id.clone()).collect();
                w.upsert_round(
                    SurveyRound {
                        id: rid.clone(),
                        unit: id.clone(),
                        name: format!("Khảo sát năm {y}, đợt {}", round + 1),
                        respondent: Respondent::Parents,
                        month: YearMonth::new(y, 4 + 6 * round).unwrap(),
                        distributed: Some(220),
                        returned: 200,
                        population: Some(600),
                        questionnaire: q,
                        changed_at: 1_700_000_000_000,
                    },
                    1_700_000_000_000,
                );
                for c in ids {
                    w.set_tally(
                        &rid,
                        &c,
                        Tally {
                            n: [2, 8, 30, 80, 80],
                            blank: 0,
                        },
                        1_700_000_000_000,
                    );
                }
            }
        }
        let w = d.work_mut(&plan.id);
        for n in &numbers {
            w.update_task(&id, n, 1_700_000_000_000, |t| {
                t.status = TaskStatus::Done;
                t.evidence.push(Evidence {
                    id: format!("e-{n}"),
                    doc_number: format!("{i}/KH-{n}"),
                    date: chrono::NaiveDate::from_ymd_opt(2024, 3, 15),
                    link: String::new(),
                    note: String::new(),
                });
            });
        }
    }
    d
}

/// Capacity: a district's three years stored in localStorage, against the quota.
#[wasm_bindgen_test]
fn capacity_of_a_district() {
    use cchc::core::persist::{decode, encode};
    use cchc::core::storage::{usage_percent, QUOTA_UNITS};
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
        "BENCH capacity: 3 years, 150 schools ({figures} figures, {} survey rounds): {:.2} MB ({units} UTF-16 units) = {} % of the {} units this app counts as the quota; written in Chromium: {}; read back equal: {}",
        d.work.values().map(|w| w.surveys.len()).sum::<usize>(),
        units as f64 * 2.0 / 1_048_576.0,
        usage_percent(units),
        QUOTA_UNITS,
        if written.is_ok() { "yes" } else { "NO (quota exceeded)" },
        back.as_deref().map(|b| decode(b).ok() == Some(d.clone())).unwrap_or(false),
    );
}

/// Ratios measured in one run: importing 150 school files vs JSON.parse of the same bytes, and
/// saving the dataset vs a bare localStorage.setItem of a string of the same size.
#[wasm_bindgen_test]
fn import_and_save_ratios() {
    use cchc::core::import::{import_all, Incoming};
    use cchc::core::period::ReportKind;
    use cchc::core::persist::encode;
    use cchc::core::submission::{build, read, to_file, Period};
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
    let (import_med, _) = measure(5, || {
        let incoming: Vec<Incoming> = files
            .iter()
            .map(|(name, text)| Incoming {
                file: name.clone(),
                sub: read(name, text.as_bytes(), |id| (id == plan.id).then_some(&plan)).unwrap(),
            })
            .collect();
        let mut o = office.clone();
        import_all(&mut o, &incoming, 1_725_100_000_000);
    });
    let (parse_med, _) = measure(5, || {
        for (_, text) in &files {
            let _ = js_sys::JSON::parse(text).unwrap();
        }
    });
    console_log!(
        "BENCH import {} school files ({:.1} MB): read, check and merge median {import_med:.0} ms; JSON.parse of the same bytes {parse_med:.0} ms; ratio {:.1}×",
        files.len(),
        bytes as f64 / 1_048_576.0,
        import_med / parse_med
    );

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let raw_len = encode(&district, 1).len();
    let filler = "x".repeat(raw_len);
    let (save_med, _) = measure(5, || {
        let raw = encode(&district, 1);
        storage.set_item("cchc.bench", &raw).unwrap();
    });
    let (set_med, _) = measure(5, || {
        storage.set_item("cchc.bench", &filler).unwrap();
    });
    storage.remove_item("cchc.bench").unwrap();
    console_log!(
        "BENCH save a district's year ({:.1} MB): encode + setItem median {save_med:.0} ms; bare setItem of the same size {set_med:.0} ms; ratio {:.1}×",
        raw_len as f64 / 1_048_576.0,
        save_med / set_med
    );
}

/// What the dashboard recomputes after one edit — every target's row for the year so far and the
/// attention list — with a district's data (150 schools) and a city's (2 000 schools, in memory).
/// The core's part of "an edit to the screen"; drawing is measured by the chart benchmarks.
#[wasm_bindgen_test]
fn an_edit_recomputed_at_district_and_city_scale() {
    use cchc::core::overview::{attention, rows, Context};
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
