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
