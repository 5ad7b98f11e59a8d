//! Vietnamese (and English) number and date formats: 98,81 %, 659.245, 05/02/2024.
//!
//! Done here rather than with the browser's Intl so that reports, charts and golden files are the same
//! on every machine and testable natively; the rules are few.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::base::period::YearMonth;

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

/// The formal date of Vietnamese documents as Nghị định 30/2020 writes it: a zero before days
/// under 10 and before months 1 and 2 only — "ngày 05 tháng 02 năm 2024", "ngày 05 tháng 9
/// năm 2024" (so that "tháng 1" cannot be changed into "tháng 10" by hand).
pub fn date_formal(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi if d.month() <= 2 => format!(
            "ngày {:02} tháng {:02} năm {:04}",
            d.day(),
            d.month(),
            d.year()
        ),
        Lang::Vi => format!(
            "ngày {:02} tháng {} năm {:04}",
            d.day(),
            d.month(),
            d.year()
        ),
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

/// A month with its year inside a sentence: "01/2024" (after "tháng").
pub fn month_numeric(m: YearMonth) -> String {
    format!("{:02}/{}", m.month(), m.year())
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
    const DAY: i64 = 86_400_000;
    let local = millis + i64::from(offset_minutes) * 60_000;
    let (days, rest) = (local.div_euclid(DAY), local.rem_euclid(DAY));
    // 719 163 days from 0001-01-01 to 1970-01-01.
    match i32::try_from(days + 719_163)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
    {
        Some(d) => format!(
            "{:02}:{:02} {}",
            rest / 3_600_000,
            rest / 60_000 % 60,
            date(d)
        ),
        None => "?".into(),
    }
}

/// ISO 8601 calendar date, "2024-03-05": the form stored in files and used by date inputs.
/// Upper case as Vietnamese writes it ("Trường Tiểu học" → "TRƯỜNG TIỂU HỌC"): headings of
/// letters and charts. See [`case`].
pub fn upper(text: &str) -> String {
    text.chars().map(|c| case(c, true)).collect()
}

/// Lower case as Vietnamese writes it, for comparing names without regard to case.
pub fn lower(text: &str) -> String {
    text.chars().map(|c| case(c, false)).collect()
}

/// One letter in upper (`up`) or lower case, for the letters Vietnamese uses: ASCII, Latin-1,
/// Ă Đ Ĩ Ũ Ơ Ư and the Latin Extended Additional block (Ạ … Ỹ, upper and lower alternating).
/// Any other character is left as it is. The standard library's case mapping covers every
/// script, and its tables cost the wasm about 5 KB brotli that no Vietnamese name needs.
pub fn case(c: char, up: bool) -> char {
    const PAIRS: [(char, char); 6] = [
        ('Ă', 'ă'),
        ('Đ', 'đ'),
        ('Ĩ', 'ĩ'),
        ('Ũ', 'ũ'),
        ('Ơ', 'ơ'),
        ('Ư', 'ư'),
    ];
    let n = c as u32;
    let mapped = match n {
        0x41..=0x5A | 0xC0..=0xDE if !up && n != 0xD7 => n + 0x20,
        0x61..=0x7A | 0xE0..=0xFE if up && n != 0xF7 => n - 0x20,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if up && n % 2 == 1 => n - 1,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if !up && n % 2 == 0 => n + 1,
        _ => {
            return PAIRS
                .iter()
                .find_map(|&(u, l)| match (up, c) {
                    (true, x) if x == l => Some(u),
                    (false, x) if x == u => Some(l),
                    _ => None,
                })
                .unwrap_or(c)
        }
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// A name as a file-name part: Vietnamese letters without their marks, lower case, words joined by
/// hyphens ("Trường TH Bình Tiên" → "truong-th-binh-tien").
pub fn slug(text: &str) -> String {
    const GROUPS: [(&str, char); 6] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
    ];
    let mut out = String::new();
    for c in text.chars().map(|c| case(c, false)) {
        let c = if c == 'đ' {
            'd'
        } else {
            GROUPS
                .iter()
                .find(|(g, _)| g.contains(c))
                .map_or(c, |(_, base)| *base)
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub fn iso(d: NaiveDate) -> String {
    match iso_bytes(d) {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// "2024-03-05" as bytes, for years 0…9999, without allocating: saving writes a date for every
/// piece of evidence, and `format!` was a tenth of it.
pub fn iso_bytes(d: NaiveDate) -> Option<[u8; 10]> {
    let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (m, day) = (d.month(), d.day());
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// Reads "2024-03-05" (and nothing else). Written by hand: chrono's parser costs bytes in the wasm.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?
            .parse::<u32>()
            .ok()
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Reads a date as Vietnamese people write it: "30/10/2024", "3/9/2024" (also with - or .).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| {
        p.trim()
            .parse::<u32>()
            .ok()
            .filter(|_| !p.trim().is_empty() && p.trim().len() <= 4)
    };
    let (d, m, y) = (num(d)?, num(m)?, num(y)?);
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Reads a date from the text in place: no string is made for each of a batch's thousands of
/// dates.
struct IsoDate;

impl<'de> serde::de::Visitor<'de> for IsoDate {
    type Value = NaiveDate;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date written YYYY-MM-DD")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<NaiveDate, E> {
        parse_iso(s).ok_or_else(|| E::custom(format!("not a date: {s}")))
    }
}

/// [`IsoDate`], or nothing.
struct OptIsoDate;

impl<'de> serde::de::Visitor<'de> for OptIsoDate {
    type Value = Option<NaiveDate>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date written YYYY-MM-DD, or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(IsoDate).map(Some)
    }
}

/// `#[serde(with = "iso_date")]` for `NaiveDate` fields.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::iso(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(super::IsoDate)
    }
}

/// `#[serde(with = "opt_iso_date")]` for `Option<NaiveDate>` fields.
pub mod opt_iso_date {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::iso(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(super::OptIsoDate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_case_is_the_standard_case_for_every_letter_it_maps() {
        let ranges = [0x20..0x250u32, 0x1E00..0x1F00];
        for n in ranges.into_iter().flatten() {
            let Some(c) = char::from_u32(n) else { continue };
            for up in [true, false] {
                let mine = case(c, up);
                let std: Vec<char> = if up {
                    c.to_uppercase().collect()
                } else {
                    c.to_lowercase().collect()
                };
                // Where we map, we map as the standard does; elsewhere the letter is left.
                assert!(
                    mine == c || std == [mine],
                    "{c} ({n:#x}) → {mine}, standard {std:?}"
                );
            }
        }
        let every_vietnamese_letter = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let up: String = every_vietnamese_letter.to_uppercase();
        assert_eq!(upper(every_vietnamese_letter), up);
        assert_eq!(lower(&up), every_vietnamese_letter);
        assert_eq!(upper("Trường TH Bình Tiên"), "TRƯỜNG TH BÌNH TIÊN");
        assert_eq!(
            lower("ΣΧΟΛΕΊΟ"),
            "ΣΧΟΛΕΊΟ",
            "other scripts are left as they are"
        );
    }

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
        // Issue 28, item 12: a zero before months 1 and 2 only, and before days under 10.
        let sept5 = NaiveDate::from_ymd_opt(2024, 9, 5).unwrap();
        assert_eq!(date_formal(sept5, Lang::Vi), "ngày 05 tháng 9 năm 2024");
        let dec12 = NaiveDate::from_ymd_opt(2024, 12, 12).unwrap();
        assert_eq!(date_formal(dec12, Lang::Vi), "ngày 12 tháng 12 năm 2024");
        let jan1 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(date_formal(jan1, Lang::Vi), "ngày 01 tháng 01 năm 2024");
        // The start of a day by plain arithmetic, as chrono reads it.
        let sept1 = NaiveDate::from_ymd_opt(2024, 9, 1).unwrap();
        assert_eq!(
            crate::core::base::period::day_start_millis(sept1),
            sept1
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis()
        );
        let m = YearMonth::new(2024, 3).unwrap();
        assert_eq!(month_short(m, Lang::Vi), "T3");
        assert_eq!(month_long(m, Lang::Vi), "Tháng 3/2024");
        // 2024-02-05 07:05 UTC is 14:05 in Vietnam.
        let ms = chrono::NaiveDate::from_ymd_opt(2024, 2, 5)
            .unwrap()
            .and_hms_opt(7, 5, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(timestamp(ms, 420), "14:05 05/02/2024");
        assert_eq!(timestamp(ms - 8 * 3_600_000, 420), "06:05 05/02/2024");
        assert_eq!(timestamp(0, 0), "00:00 01/01/1970");
        assert_eq!(timestamp(-1, 0), "23:59 31/12/1969");
    }

    #[test]
    fn day_first_dates_are_read() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 3).unwrap();
        assert_eq!(parse_date("03/09/2024"), Some(d));
        assert_eq!(parse_date(" 3/9/2024 "), Some(d));
        assert_eq!(parse_date("3-9-2024"), Some(d));
        assert_eq!(parse_date("3.9.2024"), Some(d));
        assert_eq!(parse_date(&date(d)), Some(d));
        for bad in [
            "",
            "31/02/2024",
            "2024-09-03",
            "3/9/24",
            "3/9",
            "a/b/c",
            "1/1/2024/1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_dates_round_trip_and_reject_garbage() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(iso(d), "2024-03-05");
        assert_eq!(parse_iso("2024-03-05"), Some(d));
        for bad in [
            "",
            "2024-3-5",
            "2024-02-30",
            "2024/03/05",
            "20x4-03-05",
            "2024-03-05T00",
            "+024-03-05",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
