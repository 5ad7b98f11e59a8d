//! Months, cumulative reporting windows and due dates.
//!
//! Figures are entered per month; a report covers a window of months from the start of the year
//! ("6 tháng", "9 tháng", "năm"). The plan gives each report a date it must arrive before; the data
//! window defaults to January up to the end of the month before that date, and can be changed.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, ordered in time. Serialised as "2024-03".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (y, m) = s
            .split_once('-')
            .ok_or_else(|| format!("not a month: {s}"))?;
        let (year, month) = (y.parse::<i32>(), m.parse::<u32>());
        match (year, month) {
            (Ok(y), Ok(m)) if m < 100 && y >= 1000 => {
                YearMonth::new(y, m).ok_or_else(|| format!("not a month: {s}"))
            }
            _ => Err(format!("not a month: {s}")),
        }
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An inclusive range of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRange {
    pub from: YearMonth,
    pub to: YearMonth,
}

impl MonthRange {
    pub fn new(from: YearMonth, to: YearMonth) -> Option<MonthRange> {
        (from <= to).then_some(MonthRange { from, to })
    }

    pub fn contains(&self, m: YearMonth) -> bool {
        self.from <= m && m <= self.to
    }

    pub fn months(&self) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let mut m = self.from;
        while m <= self.to {
            out.push(m);
            m = m.next();
        }
        out
    }

    pub fn len(&self) -> usize {
        self.months().len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The plan's four reports. Labels come from the i18n table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// Quý I
    Q1,
    /// 6 tháng
    H1,
    /// Quý III (9 tháng)
    Q3,
    /// Năm
    Year,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Q1,
        ReportKind::H1,
        ReportKind::Q3,
        ReportKind::Year,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Q1 => "q1",
            ReportKind::H1 => "h1",
            ReportKind::Q3 => "q3",
            ReportKind::Year => "year",
        }
    }

    pub fn from_slug(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// A report with its due date and data window.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingPeriod {
    pub kind: ReportKind,
    pub due_before: NaiveDate,
    pub window: MonthRange,
    /// Whether the window was changed by the user (not the plan's or the default).
    pub custom_window: bool,
}

impl ReportingPeriod {
    /// The last day on which the report is still on time ("trước ngày 03/3" → 02/3).
    pub fn last_day(&self) -> NaiveDate {
        self.due_before.pred_opt().unwrap_or(self.due_before)
    }

    /// Whole days from `today` to the last day on time; negative once it has passed.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.last_day() - today).num_days()
    }

    /// Whole days since the deadline ("trước ngày 03/9": on 05/9, two days late; on 03/9, late
    /// since today, 0); `None` while it is still on time.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        (today >= self.due_before).then(|| (today - self.due_before).num_days())
    }
}

/// 719 163 days from 0001-01-01 to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;
const DAY_MS: i64 = 86_400_000;

/// Milliseconds since the epoch at the start of a date, UTC (by plain arithmetic: chrono's
/// `DateTime` would bring its machinery into the first load).
pub fn day_start_millis(d: NaiveDate) -> i64 {
    (i64::from(d.num_days_from_ce()) - EPOCH_DAYS_FROM_CE) * DAY_MS
}

/// January of the plan's year to the end of the month before the due date.
pub fn default_window(year: i32, due_before: NaiveDate) -> MonthRange {
    let from = YearMonth::new(year, 1).unwrap_or(YearMonth { year, month: 1 });
    let before_due = YearMonth::of(due_before).prev();
    let to = if before_due < from { from } else { before_due };
    MonthRange { from, to }
}

/// The next report still on time at `today`, or none when the year's reports are all past.
pub fn next_due(periods: &[ReportingPeriod], today: NaiveDate) -> Option<&ReportingPeriod> {
    periods
        .iter()
        .filter(|p| p.days_left(today) >= 0)
        .min_by_key(|p| p.due_before)
}

/// The report a unit should send now: the earliest of the reports whose deadline has passed
/// that it has not sent (and after which it has sent none: a unit that moved on to a later
/// report is not sent back to an old one; nor to one whose deadline passed before it
/// `started` using the app, in milliseconds since the epoch), or else the next one due. `sent`
/// says whether the unit sent a report.
pub fn report_to_send(
    periods: &[ReportingPeriod],
    today: NaiveDate,
    started: Option<i64>,
    sent: impl Fn(&ReportingPeriod) -> bool,
) -> Option<&ReportingPeriod> {
    let last_sent = periods
        .iter()
        .filter(|p| sent(p))
        .map(|p| p.due_before)
        .max();
    periods
        .iter()
        .filter(|p| {
            p.days_left(today) < 0
                && !sent(p)
                && last_sent.is_none_or(|d| p.due_before > d)
                && started.is_none_or(|t| day_start_millis(p.due_before) > t)
        })
        .min_by_key(|p| p.due_before)
        .or_else(|| next_due(periods, today))
}

/// The months of `year` up to and including the last complete month before `today`
/// (all twelve once the year is over, none before it starts).
pub fn elapsed_months(year: i32, today: NaiveDate) -> Vec<YearMonth> {
    let last_complete = YearMonth::of(today).prev();
    (1..=12)
        .filter_map(|m| YearMonth::new(year, m))
        .filter(|m| *m <= last_complete)
        .collect()
}

/// January to December of `year` (`None` for a year out of range).
pub fn whole_year(year: i32) -> Option<MonthRange> {
    MonthRange::new(YearMonth::new(year, 1)?, YearMonth::new(year, 12)?)
}

/// The "year so far" window: January to the last complete month (or to the current month when
/// nothing is complete yet), bounded to the plan's year.
pub fn year_to_date(year: i32, today: NaiveDate) -> MonthRange {
    let jan = YearMonth { year, month: 1 };
    let dec = YearMonth { year, month: 12 };
    let to = match elapsed_months(year, today).last() {
        Some(m) => *m,
        None if today.year() > year => dec,
        None => jan,
    };
    MonthRange { from: jan, to }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::model::Plan;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    /// Issue 28, item 2: on 05/09/2024 the quý III report (due before 03/09) was not sent: it
    /// is the one to send, two days late — not the year's report, due in 88 days.
    #[test]
    fn the_report_to_send_is_the_earliest_late_one_not_sent() {
        let plan = crate::core::plan::model::Plan::builtin();
        let periods = plan.reporting_periods(|_| None);
        let sent =
            |kinds: &'static [ReportKind]| move |p: &ReportingPeriod| kinds.contains(&p.kind);
        let sept5 = d(2024, 9, 5);
        let ms = |day: NaiveDate| Some(day_start_millis(day));
        let jan = ms(d(2024, 1, 2));
        let q3 = report_to_send(
            &periods,
            sept5,
            jan,
            sent(&[ReportKind::Q1, ReportKind::H1]),
        )
        .unwrap();
        assert_eq!(q3.kind, ReportKind::Q3);
        assert_eq!(q3.days_late(sept5), Some(2));
        assert_eq!(q3.days_late(d(2024, 9, 3)), Some(0));
        assert_eq!(q3.days_late(d(2024, 9, 2)), None);
        assert_eq!(next_due(&periods, sept5).unwrap().kind, ReportKind::Year);
        // Sent: the next one due.
        const ALL: [ReportKind; 3] = [ReportKind::Q1, ReportKind::H1, ReportKind::Q3];
        assert_eq!(
            report_to_send(&periods, sept5, jan, sent(&ALL))
                .unwrap()
                .kind,
            ReportKind::Year
        );
        // A unit that skipped the 6-month report but sent quý III is not sent back to it.
        let later = report_to_send(
            &periods,
            sept5,
            jan,
            sent(&[ReportKind::Q1, ReportKind::Q3]),
        );
        assert_eq!(later.unwrap().kind, ReportKind::Year);
        // Nothing sent yet: the earliest late report since the unit started.
        assert_eq!(
            report_to_send(&periods, sept5, jan, sent(&[]))
                .unwrap()
                .kind,
            ReportKind::Q1
        );
        let july = ms(d(2024, 7, 1));
        assert_eq!(
            report_to_send(&periods, sept5, july, sent(&[]))
                .unwrap()
                .kind,
            ReportKind::Q3
        );
        // Started on 01/09: quý III is not late yet, it is the next one due.
        let sept1 = d(2024, 9, 1);
        assert_eq!(
            report_to_send(&periods, sept1, ms(sept1), sent(&[]))
                .unwrap()
                .kind,
            ReportKind::Q3
        );
    }

    #[test]
    fn months_parse_print_and_step() {
        assert_eq!("2024-03".parse::<YearMonth>().unwrap(), ym(2024, 3));
        assert_eq!(ym(2024, 3).to_string(), "2024-03");
        assert!("2024-13".parse::<YearMonth>().is_err());
        assert!("2024".parse::<YearMonth>().is_err());
        assert!("24-01".parse::<YearMonth>().is_err());
        assert_eq!(ym(2024, 12).next(), ym(2025, 1));
        assert_eq!(ym(2024, 1).prev(), ym(2023, 12));
        assert_eq!(ym(2024, 2).last_day(), d(2024, 2, 29));
        let json = serde_json::to_string(&ym(2024, 7)).unwrap();
        assert_eq!(json, "\"2024-07\"");
    }

    #[test]
    fn default_windows_end_the_month_before_the_due_date() {
        let plan = Plan::builtin();
        let periods = plan.reporting_periods(|_| None);
        let ends: Vec<u32> = periods.iter().map(|p| p.window.to.month()).collect();
        assert_eq!(ends, vec![2, 5, 8, 11]);
        assert!(periods
            .iter()
            .all(|p| p.window.from == ym(2024, 1) && !p.custom_window));
    }

    #[test]
    fn a_custom_window_replaces_the_default() {
        let plan = Plan::builtin();
        let q1 = MonthRange::new(ym(2024, 1), ym(2024, 3)).unwrap();
        let periods = plan.reporting_periods(|k| (k == ReportKind::Q1).then_some(q1));
        assert_eq!(periods[0].window, q1);
        assert!(periods[0].custom_window);
        assert_eq!(periods[1].window.to, ym(2024, 5));
    }

    #[test]
    fn due_before_means_the_day_before_is_the_last_day() {
        let plan = Plan::builtin();
        let periods = plan.reporting_periods(|_| None);
        let q1 = &periods[0];
        assert_eq!(q1.last_day(), d(2024, 3, 2));
        assert_eq!(q1.days_left(d(2024, 3, 2)), 0);
        assert_eq!(q1.days_left(d(2024, 2, 1)), 30);
        assert_eq!(q1.days_left(d(2024, 3, 3)), -1);
        assert_eq!(
            next_due(&periods, d(2024, 3, 2)).unwrap().kind,
            ReportKind::Q1
        );
        assert_eq!(
            next_due(&periods, d(2024, 3, 3)).unwrap().kind,
            ReportKind::H1
        );
        assert_eq!(next_due(&periods, d(2024, 12, 3)), None);
    }

    #[test]
    fn elapsed_months_and_year_to_date() {
        assert_eq!(elapsed_months(2024, d(2024, 1, 15)), vec![]);
        assert_eq!(elapsed_months(2024, d(2024, 4, 1)).len(), 3);
        assert_eq!(elapsed_months(2024, d(2026, 11, 28)).len(), 12);
        assert_eq!(
            year_to_date(2024, d(2024, 4, 10)),
            MonthRange::new(ym(2024, 1), ym(2024, 3)).unwrap()
        );
        assert_eq!(year_to_date(2024, d(2024, 1, 10)).to, ym(2024, 1));
        assert_eq!(year_to_date(2024, d(2025, 1, 10)).to, ym(2024, 12));
        assert_eq!(year_to_date(2024, d(2023, 5, 1)).to, ym(2024, 1));
    }

    #[test]
    fn ranges_list_their_months() {
        let r = MonthRange::new(ym(2024, 11), ym(2025, 2)).unwrap();
        assert_eq!(r.len(), 4);
        assert!(r.contains(ym(2025, 1)));
        assert!(!r.contains(ym(2025, 3)));
        assert!(MonthRange::new(ym(2024, 5), ym(2024, 4)).is_none());
    }
}
