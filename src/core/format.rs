//! Vietnamese (and English) number and date formats: 98,81 %, 659.245, 05/02/2024.
//!
//! Done here rather than with the browser's Intl so that reports, charts and golden files are the same
//! on every machine and testable natively; the rules are few.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::period::YearMonth;

/// The interface language; Vietnamese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => (',', '.'),
            Lang::En => ('.', ','),
        }
    }
}

/// A whole number with thousands grouped: 659.245 (vi), 659,245 (en).
pub fn int(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let (_, group) = lang.separators();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    out
}

/// A signed whole number (differences): −3, +12.
pub fn signed(n: i64, lang: Lang) -> String {
    match n.cmp(&0) {
        std::cmp::Ordering::Less => format!("−{}", int(n.unsigned_abs(), lang)),
        std::cmp::Ordering::Equal => "0".into(),
        std::cmp::Ordering::Greater => format!("+{}", int(n as u64, lang)),
    }
}

/// A percentage given in hundredths of a percent, with two decimals: 9881 → "98,81 %".
pub fn percent_bp(bp: u64, lang: Lang) -> String {
    let (decimal, _) = lang.separators();
    format!("{}{}{:02} %", int(bp / 100, lang), decimal, bp % 100)
}

/// A decimal with one digit after the separator (mean scores): 42 tenths → "4,2".
pub fn tenths(t: u64, lang: Lang) -> String {
    let (decimal, _) = lang.separators();
    format!("{}{}{}", int(t / 10, lang), decimal, t % 10)
}

/// A decimal with two digits (mean scores): 432 → "4,32".
pub fn hundredths(h: u64, lang: Lang) -> String {
    let (decimal, _) = lang.separators();
    format!("{}{}{:02}", int(h / 100, lang), decimal, h % 100)
}

/// A threshold as written in targets: 98 → "98 %", 97.5 → "97,5 %".
pub fn threshold(bp: u64, lang: Lang) -> String {
    let (decimal, _) = lang.separators();
    let whole = int(bp / 100, lang);
    match bp % 100 {
        0 => format!("{whole} %"),
        r if r % 10 == 0 => format!("{whole}{decimal}{} %", r / 10),
        r => format!("{whole}{decimal}{r:02} %"),
    }
}

/// dd/mm/yyyy in both languages (the plan's own convention).
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// The formal date of Vietnamese documents: "ngày 05 tháng 02 năm 2024".
pub fn date_formal(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("ngày {:02} tháng {:02} năm {:04}", d.day(), d.month(), d.year()),
        Lang::En => date(d),
    }
}

/// A short month label for axes and tables: "T3" (vi) / "M3" (en).
pub fn month_short(m: YearMonth, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("T{}", m.month()),
        Lang::En => format!("M{}", m.month()),
    }
}

/// A month with its year: "Tháng 3/2024" / "03/2024".
pub fn month_long(m: YearMonth, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Tháng {}/{}", m.month(), m.year()),
        Lang::En => format!("{:02}/{}", m.month(), m.year()),
    }
}

/// A local date and time from milliseconds since the epoch and the local offset in minutes east of
/// UTC (Vietnam: +420): "14:05 05/02/2024".
pub fn timestamp(millis: i64, offset_minutes: i32) -> String {
    let local = millis + i64::from(offset_minutes) * 60_000;
    match chrono::DateTime::from_timestamp_millis(local) {
        Some(dt) => {
            let n = dt.naive_utc();
            format!("{} {}", n.format("%H:%M"), date(n.date()))
        }
        None => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_vietnamese_conventions() {
        assert_eq!(int(0, Lang::Vi), "0");
        assert_eq!(int(999, Lang::Vi), "999");
        assert_eq!(int(1000, Lang::Vi), "1.000");
        assert_eq!(int(659245, Lang::Vi), "659.245");
        assert_eq!(int(1234567, Lang::En), "1,234,567");
        assert_eq!(percent_bp(9881, Lang::Vi), "98,81 %");
        assert_eq!(percent_bp(10000, Lang::Vi), "100,00 %");
        assert_eq!(percent_bp(5, Lang::En), "0.05 %");
        assert_eq!(threshold(9800, Lang::Vi), "98 %");
        assert_eq!(threshold(9750, Lang::Vi), "97,5 %");
        assert_eq!(threshold(9725, Lang::En), "97.25 %");
        assert_eq!(tenths(42, Lang::Vi), "4,2");
        assert_eq!(hundredths(432, Lang::Vi), "4,32");
        assert_eq!(hundredths(405, Lang::En), "4.05");
        assert_eq!(signed(-1200, Lang::Vi), "−1.200");
        assert_eq!(signed(3, Lang::Vi), "+3");
    }

    #[test]
    fn dates_are_day_first() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 5).unwrap();
        assert_eq!(date(d), "05/02/2024");
        assert_eq!(date_formal(d, Lang::Vi), "ngày 05 tháng 02 năm 2024");
        let m = YearMonth::new(2024, 3).unwrap();
        assert_eq!(month_short(m, Lang::Vi), "T3");
        assert_eq!(month_long(m, Lang::Vi), "Tháng 3/2024");
        // 2024-02-05 07:05 UTC is 14:05 in Vietnam.
        let ms = chrono::NaiveDate::from_ymd_opt(2024, 2, 5).unwrap().and_hms_opt(7, 5, 0).unwrap().and_utc().timestamp_millis();
        assert_eq!(timestamp(ms, 420), "14:05 05/02/2024");
    }
}
