//! From core values to chart inputs: labels in the user's language, due-date marks, and a text
//! description that says what the chart shows (for screen readers and for anyone who cannot see
//! it). Pure, so the descriptions are tested natively too.

use chrono::Datelike;

use super::{CompareRow, Comparison, Distribution, DueMark, Trend};
use crate::core::base::format::{self, Lang};
use crate::core::base::period::{MonthRange, ReportingPeriod, YearMonth};
use crate::core::base::ratio::{Guard, Ratio};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Unit;
use crate::core::data::survey::Tally;
use crate::core::figures::indicator::{evaluate, TrendSeries};
use crate::core::plan::model::{Goal, Indicator, Plan};
use crate::i18n::{fill, texts};

fn label(l: &crate::core::plan::model::Label, lang: Lang) -> String {
    match lang {
        Lang::Vi => l.vi.clone(),
        Lang::En => l.en.clone(),
    }
}

fn goal_text(g: &Goal, lang: Lang) -> String {
    format!(
        "{} {}",
        g.operator.symbol(),
        format::threshold(g.threshold_bp(), lang)
    )
}

fn rate(r: Ratio, guard: Option<Guard>, lang: Lang) -> String {
    r.display_bp(guard)
        .map(|bp| format::percent_bp(bp, lang))
        .unwrap_or_else(|| "—".into())
}

/// Where a date falls on the months axis (1 January = 0, 3 March ≈ 2,06).
fn position(date: chrono::NaiveDate) -> f64 {
    let m = YearMonth::of(date);
    let days = m.last_day().day() as f64;
    (date.month() - 1) as f64 + (date.day() - 1) as f64 / days
}

/// The trend chart of an indicator from its monthly series (`core::indicator::trend`).
#[allow(clippy::too_many_arguments)]
pub fn indicator_trend(
    id: &str,
    plan: &Plan,
    indicator: &Indicator,
    series: &TrendSeries,
    previous: Option<&TrendSeries>,
    periods: &[ReportingPeriod],
    lang: Lang,
    compact: bool,
) -> Trend {
    let t = texts(lang);
    let goal = plan.primary_goal(indicator);
    let goal_words = goal.map(|g| goal_text(g, lang)).unwrap_or_default();
    let name = label(&indicator.label, lang);
    let with_data = series.monthly.iter().filter(|v| v.is_some()).count();
    let last = series
        .months
        .iter()
        .zip(&series.cumulative)
        .filter_map(|(m, c)| c.map(|c| (*m, c)))
        .next_back();
    let summary = match last {
        Some((m, c)) => fill(
            t.ch_trend_summary,
            &[
                ("n", &with_data.to_string()),
                ("month", &format::month_long(m, lang)),
                ("rate", &rate(c, goal.map(Goal::guard), lang)),
            ],
        ),
        None => t.ch_trend_empty.to_string(),
    };
    Trend {
        id: id.to_string(),
        title: fill(
            t.ch_trend_title,
            &[("label", &name), ("year", &plan.year.to_string())],
        ),
        description: fill(
            t.ch_trend_desc,
            &[("goal", &goal_words), ("summary", &summary)],
        ),
        month_labels: series
            .months
            .iter()
            .map(|m| format::month_short(*m, lang))
            .collect(),
        monthly: series
            .monthly
            .iter()
            .map(|v| v.and_then(Ratio::fraction))
            .collect(),
        cumulative: series
            .cumulative
            .iter()
            .map(|v| v.and_then(Ratio::fraction))
            .collect(),
        target: goal
            .map(|g| g.threshold_bp() as f64 / 10_000.0)
            .unwrap_or(1.0),
        target_label: fill(t.ch_target, &[("goal", &goal_words)]),
        monthly_label: t.ch_monthly.to_string(),
        cumulative_label: t.ch_cumulative.to_string(),
        previous: previous
            .map(|p| {
                p.monthly
                    .iter()
                    .map(|v| v.and_then(Ratio::fraction))
                    .collect()
            })
            .unwrap_or_default(),
        previous_label: fill(t.ch_previous, &[("year", &(plan.year - 1).to_string())]),
        dues: periods
            .iter()
            .filter(|p| p.due_before.year() == plan.year)
            .map(|p| DueMark {
                position: position(p.due_before),
                label: t.due_short(p.kind).to_string(),
            })
            .collect(),
        lang,
        compact,
        width: 640,
    }
}

/// One bar per unit for an indicator over a window.
pub fn indicator_comparison(
    id: &str,
    plan: &Plan,
    data: &Dataset,
    indicator: &Indicator,
    units: &[&Unit],
    window: MonthRange,
    lang: Lang,
) -> Comparison {
    let t = texts(lang);
    let threshold = plan.primary_goal(indicator).map(Goal::guard);
    let rows: Vec<CompareRow> = units
        .iter()
        .map(|u| {
            let e = evaluate(plan, data, indicator, &[*u], window, window.to);
            let r = e.ratio;
            CompareRow {
                name: u.name.clone(),
                rate: r.fraction(),
                // A bar without a rate says why: no figures, nothing to measure, or a data error.
                value_label: match r.fraction() {
                    Some(_) => rate(r, threshold, lang),
                    None => t.status(e.status).to_string(),
                },
            }
        })
        .collect();
    let goal = plan.primary_goal(indicator);
    let target = goal
        .map(|g| g.threshold_bp() as f64 / 10_000.0)
        .unwrap_or(1.0);
    comparison(
        id,
        &label(&indicator.label, lang),
        rows,
        target,
        goal.map(|g| goal_text(g, lang)).unwrap_or_default(),
        lang,
    )
}

/// A comparison of rows already computed (also used for survey results by school).
pub fn comparison(
    id: &str,
    name: &str,
    rows: Vec<CompareRow>,
    target: f64,
    goal_words: String,
    lang: Lang,
) -> Comparison {
    let t = texts(lang);
    let below = rows
        .iter()
        .filter(|r| r.rate.is_some_and(|v| v < target))
        .count();
    let sorted = super::compare::sorted_rows(&rows);
    let measured: Vec<&&CompareRow> = sorted.iter().filter(|r| r.rate.is_some()).collect();
    let extremes = match (measured.first(), measured.last()) {
        (Some(b), Some(w)) => fill(
            t.ch_compare_extremes,
            &[
                ("best", &b.name),
                ("best_rate", &b.value_label),
                ("worst", &w.name),
                ("worst_rate", &w.value_label),
            ],
        ),
        _ => String::new(),
    };
    Comparison {
        id: id.to_string(),
        title: fill(t.ch_compare_title, &[("label", name)]),
        description: fill(
            t.ch_compare_desc,
            &[
                ("n", &rows.len().to_string()),
                ("below", &below.to_string()),
                ("goal", &goal_words),
                ("extremes", &extremes),
            ],
        ),
        rows,
        target,
        target_label: fill(t.ch_target, &[("goal", &goal_words)]),
        below_label: t.ch_below.to_string(),
        no_data_label: t.status_no_data.to_string(),
        lang,
        width: super::compare::DEFAULT_WIDTH,
    }
}

/// Stacked bars of the five levels for labelled tallies (areas and criteria of a round).
pub fn survey_distribution(
    id: &str,
    rows: Vec<(String, Tally)>,
    whole: Tally,
    guard: Option<Guard>,
    lang: Lang,
) -> Distribution {
    let t = texts(lang);
    let summary = fill(
        t.ch_dist_summary,
        &[("rate", &rate(whole.rate(), guard, lang))],
    );
    Distribution {
        id: id.to_string(),
        title: t.ch_dist_title.to_string(),
        description: fill(
            t.ch_dist_desc,
            &[("n", &rows.len().to_string()), ("summary", &summary)],
        ),
        levels: [
            t.sv_level_1,
            t.sv_level_2,
            t.sv_level_3,
            t.sv_level_4,
            t.sv_level_5,
        ]
        .map(String::from),
        rows: rows.into_iter().map(|(l, tally)| (l, tally.n)).collect(),
        no_data_label: t.status_no_data.to_string(),
        lang,
        width: super::compare::DEFAULT_WIDTH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{compare_svg, trend_svg};
    use crate::core::data::dataset::UnitKind;
    use crate::core::data::sample::sample_dataset;

    fn until() -> YearMonth {
        YearMonth::new(2024, 9).unwrap()
    }

    #[test]
    fn the_trend_of_the_sample_on_time_rate_is_described_and_marked() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::Office, 1);
        let me = data.me().unwrap();
        let ind = plan.indicator("dung_han").unwrap();
        let periods = plan.reporting_periods(|_| None);
        let series =
            crate::core::figures::indicator::trend(&plan, &data, ind, &[me], 2024, until());
        let t = indicator_trend("x", &plan, ind, &series, None, &periods, Lang::Vi, false);
        assert_eq!(t.monthly.iter().filter(|v| v.is_some()).count(), 9);
        assert_eq!(t.target, 0.98);
        assert_eq!(t.dues.len(), 4);
        assert!(
            (t.dues[0].position - (2.0 + 2.0 / 31.0)).abs() < 1e-9,
            "3 March"
        );
        assert!(t.description.contains("9 tháng"), "{}", t.description);
        assert!(t.description.contains("Tháng 9/2024"), "{}", t.description);
        let svg = trend_svg(&t);
        assert!(svg.contains(
            "<title id=\"x-t\">Tỷ lệ giải quyết hồ sơ TTHC đúng hạn theo tháng năm 2024</title>"
        ));
    }

    #[test]
    fn entering_a_figure_changes_the_chart() {
        let plan = Plan::builtin();
        let mut data = sample_dataset(&plan, UnitKind::Office, 1);
        let ind = plan.indicator("dung_han").unwrap();
        let periods = plan.reporting_periods(|_| None);
        let before = {
            let me = data.me().unwrap();
            let series = crate::core::figures::indicator::trend(
                &plan,
                &data,
                ind,
                &[me],
                2024,
                YearMonth::new(2024, 12).unwrap(),
            );
            trend_svg(&indicator_trend(
                "x",
                &plan,
                ind,
                &series,
                None,
                &periods,
                Lang::Vi,
                false,
            ))
        };
        let me_id = data.me().unwrap().id.clone();
        let oct = YearMonth::new(2024, 10).unwrap();
        data.set_figure(&me_id, oct, "hs_gq_dung_han", Some(40), 2);
        let me = data.me().unwrap();
        let series = crate::core::figures::indicator::trend(
            &plan,
            &data,
            ind,
            &[me],
            2024,
            YearMonth::new(2024, 12).unwrap(),
        );
        let after = trend_svg(&indicator_trend(
            "x",
            &plan,
            ind,
            &series,
            None,
            &periods,
            Lang::Vi,
            false,
        ));
        assert_ne!(before, after);
        let points = |s: &str| {
            s.lines()
                .filter(|l| l.starts_with("<circle") && l.contains("#0B4F8A"))
                .count()
        };
        assert_eq!(points(&after), points(&before) + 1);
    }

    #[test]
    fn the_comparison_describes_who_is_below() {
        let plan = Plan::builtin();
        let data = sample_dataset(&plan, UnitKind::Office, 1);
        let ind = plan.indicator("van_ban_dien_tu").unwrap();
        let schools = data.schools();
        let w = MonthRange::new(YearMonth::new(2024, 1).unwrap(), until()).unwrap();
        let c = indicator_comparison("c", &plan, &data, ind, &schools, w, Lang::Vi);
        assert_eq!(c.rows.len(), 7);
        assert!(
            c.description
                .starts_with("7 trường, 7 trường dưới chỉ tiêu = 100 %"),
            "{}",
            c.description
        );
        assert!(c.description.contains("Cao nhất:"));
        assert!(compare_svg(&c).contains("▼ dưới chỉ tiêu"));
    }

    #[test]
    fn a_hostile_school_name_stays_text_through_the_whole_path() {
        let plan = Plan::builtin();
        let mut data = sample_dataset(&plan, UnitKind::Office, 1);
        let evil = r#""><svg onload=alert(1)>"#;
        if let Some(u) = data.units.get_mut("mau-th-hoa-mi") {
            u.name = evil.into();
        }
        let ind = plan.indicator("van_ban_dien_tu").unwrap();
        let schools = data.schools();
        let w = MonthRange::new(YearMonth::new(2024, 1).unwrap(), until()).unwrap();
        let c = indicator_comparison("c", &plan, &data, ind, &schools, w, Lang::Vi);
        let svg = compare_svg(&c);
        assert!(!svg.contains("<svg onload"), "{svg}");
        assert_eq!(svg.matches("<svg").count(), 1);
        // Also in the description (when it is the best or the worst).
        assert!(!svg[..svg.find("</desc>").unwrap()].contains("\"><svg"));
    }
}
