//! Survey answers from an online form. Google Forms and Microsoft Forms export a responses sheet
//! with one row per respondent: a timestamp column, then one column per question — or, for a
//! grid question, one per row of the grid, headed "Câu hỏi [Tiêu chí]" — holding the answer as
//! 1–5 or as the level's words ("Rất không hài lòng" … "Rất hài lòng"), empty for no answer.
//!
//! This module reads such a sheet (CSV, with a comma, semicolon or tab between cells), suggests
//! which column answers which criterion of a round's questionnaire (by their text; the user
//! confirms), and counts each level and the blanks per criterion, listing every answer it cannot
//! read with its row and column. Nothing here touches stored data: the counts go to the tally
//! grid for review before anything is saved.

use crate::core::base::error::{FieldError, Located};
use crate::core::base::format::slug;
use crate::core::base::map::Map;
use crate::core::data::survey::{Questionnaire, Tally};

/// Files above this size are refused before they are read (a few hundred responses are a few
/// dozen KB).
pub const MAX_RESPONSES_BYTES: usize = 5 * 1024 * 1024;

/// A responses sheet: its header row and its rows of answers, as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a responses sheet saved as CSV: UTF-8 (a BOM accepted), cells between a comma, a
/// semicolon or a tab — whichever the header row has most of outside quotes —, quoted cells
/// with doubled quotes and line breaks inside, CRLF or LF. Rows with no answer at all are left
/// out. A quote left open is refused, located at its line.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, Located> {
    if bytes.len() > MAX_RESPONSES_BYTES {
        return Err(Located::new("", FieldError::FileTooLarge { max_mb: 5 }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Located::new(
            "",
            FieldError::NotUtf8 {
                byte: e.valid_up_to(),
            },
        )
    })?;
    if text.trim().is_empty() {
        return Err(Located::new("", FieldError::Empty));
    }
    let delimiter = delimiter_of(text.lines().next().unwrap_or_default());
    let mut rows = records(text, delimiter)?;
    let header = if rows.is_empty() {
        Vec::new()
    } else {
        rows.remove(0)
    };
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    Ok(Sheet { header, rows })
}

/// The delimiter the header row has most of outside quotes (a comma when none).
fn delimiter_of(first_line: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [',', ';', '\t'][best]
}

/// The records of a CSV text (RFC 4180, with `delimiter`).
fn records(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, Located> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut opened_at = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                quoted = true;
                opened_at = line;
            }
            c if c == delimiter => row.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                line += 1;
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(Located::new(
            "",
            FieldError::Syntax {
                line: opened_at,
                column: 1,
            },
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

/// An answer as read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Level 1 (Rất không hài lòng) to 5 (Rất hài lòng).
    Level(u8),
    /// No answer.
    Blank,
    /// Anything else: listed for the user, never counted.
    Unreadable,
}

/// The level's words, as the forms write them (without marks, see `slug`).
const LEVELS: [&str; 5] = [
    "rat-khong-hai-long",
    "khong-hai-long",
    "binh-thuong",
    "hai-long",
    "rat-hai-long",
];

/// Reads one answer: "4", "Hài lòng", "4 - Hài lòng", "4. Hài lòng" (a number and the words
/// must agree), in any case and with or without marks; empty is no answer.
pub fn read_answer(cell: &str) -> Answer {
    let cell = cell.trim();
    if cell.is_empty() {
        return Answer::Blank;
    }
    let words = slug(cell);
    let by_words = |w: &str| LEVELS.iter().position(|l| *l == w).map(|i| i as u8 + 1);
    let digit = words
        .split('-')
        .next()
        .filter(|d| d.len() == 1)
        .and_then(|d| d.parse::<u8>().ok())
        .filter(|d| (1..=5).contains(d));
    let rest = words.split_once('-').map(|(_, r)| r);
    match (digit, rest) {
        (Some(d), None) => Answer::Level(d),
        (Some(d), Some(r)) if by_words(r) == Some(d) => Answer::Level(d),
        (Some(_), Some(_)) => Answer::Unreadable,
        (None, _) => by_words(&words).map_or(Answer::Unreadable, Answer::Level),
    }
}

/// The text of a column's header that names its criterion: for a grid question's row
/// ("Câu hỏi [Tiêu chí]"), the part in brackets.
fn criterion_part(header: &str) -> &str {
    match (header.rfind('['), header.rfind(']')) {
        (Some(a), Some(b)) if a < b => &header[a + 1..b],
        _ => header,
    }
}

/// How alike two texts are, from 0 to 100: 100 when equal without case and marks, 90 when one
/// holds the other, else the share of words they have in common.
fn likeness(a: &str, b: &str) -> u32 {
    let (a, b) = (slug(a), slug(b));
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 100;
    }
    if a.contains(&b) || b.contains(&a) {
        return 90;
    }
    let wa: Vec<&str> = a.split('-').collect();
    let wb: Vec<&str> = b.split('-').collect();
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    (common * 100 / wa.len().max(wb.len())) as u32
}

/// The least likeness at which a column is suggested for a criterion.
const SUGGEST_AT: u32 = 60;

/// For each column of the sheet, the criterion (id) of `q` it most likely answers, by their
/// texts; each criterion suggested for one column at most, the likeliest pairs first. Columns
/// whose header is a timestamp or matches nothing get `None`.
pub fn suggest_columns(sheet: &Sheet, q: &Questionnaire) -> Vec<Option<String>> {
    let criteria: Vec<(&str, &str)> = q
        .visible()
        .into_iter()
        .map(|(_, c)| (c.id.as_str(), c.text.as_str()))
        .collect();
    let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
    for (col, h) in sheet.header.iter().enumerate() {
        for (k, (_, text)) in criteria.iter().enumerate() {
            let score = likeness(criterion_part(h), text);
            if score >= SUGGEST_AT {
                pairs.push((score, col, k));
            }
        }
    }
    crate::core::base::sorting::sort_by(&mut pairs, |a, b| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
    let mut out: Vec<Option<String>> = vec![None; sheet.header.len()];
    let mut taken = vec![false; criteria.len()];
    for (_, col, k) in pairs {
        if out[col].is_none() && !taken[k] {
            out[col] = Some(criteria[k].0.to_string());
            taken[k] = true;
        }
    }
    out
}

/// The column choices the user confirmed, remembered for the next file of the same form: a
/// column's header (without case and marks) → the criterion it answers, or "" for a column the
/// user left unused. A preference of this browser (`storage::prefs::FORMS_KEY`), not data: a
/// damaged value is no choice remembered.
pub type Remembered = Map<String, String>;

/// How many headers are remembered at most, a few forms' worth; beyond it the first in key
/// order are forgotten (a forgotten column is suggested again by its text).
const REMEMBER_AT_MOST: usize = 400;

/// Reads the remembered choices; anything unreadable is none.
pub fn remembered_from(raw: Option<&str>) -> Remembered {
    raw.and_then(|r| crate::core::base::json::from_str(r).ok())
        .unwrap_or_default()
}

/// [`suggest_columns`], with the choices remembered from an earlier file of the same form taking
/// precedence: a remembered column answers its criterion (if the round still asks it) or
/// nothing; a criterion remembered for a column is not suggested for another.
pub fn suggest_with(
    sheet: &Sheet,
    q: &Questionnaire,
    remembered: &Remembered,
) -> Vec<Option<String>> {
    let mut out = suggest_columns(sheet, q);
    let asked: Vec<String> = q.visible().into_iter().map(|(_, c)| c.id.clone()).collect();
    let chosen: Vec<Option<Option<String>>> = sheet
        .header
        .iter()
        .map(|h| {
            remembered
                .get(slug(h).as_str())
                .map(|id| (!id.is_empty() && asked.contains(id)).then(|| id.clone()))
        })
        .collect();
    for (col, choice) in chosen.iter().enumerate() {
        if let Some(choice) = choice {
            if let Some(id) = choice {
                for (other, slot) in out.iter_mut().enumerate() {
                    if other != col && slot.as_deref() == Some(id.as_str()) {
                        *slot = None;
                    }
                }
            }
            out[col] = choice.clone();
        }
    }
    out
}

/// Remembers the choices confirmed for a sheet's columns, and returns them to store.
pub fn remember(sheet: &Sheet, mapping: &[Option<String>], remembered: &mut Remembered) -> String {
    for (col, h) in sheet.header.iter().enumerate() {
        let key = slug(h);
        if key.is_empty() {
            continue;
        }
        let choice = mapping.get(col).cloned().flatten().unwrap_or_default();
        remembered.put(&key, choice);
    }
    while remembered.len() > REMEMBER_AT_MOST {
        let Some(first) = remembered.keys().next().cloned() else {
            break;
        };
        remembered.remove(&first);
    }
    serde_json::to_string(remembered).unwrap_or_default()
}

/// An answer that could not be read: its row as the sheet numbers it (the header is row 1),
/// its column (A, B, …) and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub row: usize,
    pub column: String,
    pub text: String,
}

/// What a sheet counts to: the tallies per criterion, the forms returned (its rows) and the
/// answers it could not read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counted {
    pub tallies: Map<String, Tally>,
    pub returned: u64,
    pub unreadable: Vec<Unreadable>,
}

/// A column's letters as a spreadsheet names it: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Counts the answers of the columns `mapping` assigns to a criterion (`mapping[col]`): each
/// level and the blanks per criterion, every row a form returned. An unreadable answer counts
/// neither as a level nor as a blank, so that its row does not add up until it is mended.
pub fn count(sheet: &Sheet, mapping: &[Option<String>]) -> Counted {
    let mut out = Counted {
        returned: sheet.rows.len() as u64,
        ..Counted::default()
    };
    for (col, criterion) in mapping.iter().enumerate() {
        let Some(criterion) = criterion else {
            continue;
        };
        let tally = out.tallies.slot(criterion.as_str());
        for (r, row) in sheet.rows.iter().enumerate() {
            let cell = row.get(col).map(String::as_str).unwrap_or_default();
            match read_answer(cell) {
                Answer::Level(l) => tally.n[usize::from(l - 1)] += 1,
                Answer::Blank => tally.blank += 1,
                Answer::Unreadable => out.unreadable.push(Unreadable {
                    row: r + 2,
                    column: column_name(col),
                    text: cell.trim().to_string(),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use crate::core::data::survey::default_questionnaire;

    #[test]
    fn answers_read_as_numbers_or_words_in_any_case() {
        assert_eq!(read_answer("4"), Answer::Level(4));
        assert_eq!(read_answer(" Rất hài lòng "), Answer::Level(5));
        assert_eq!(read_answer("RẤT KHÔNG HÀI LÒNG"), Answer::Level(1));
        assert_eq!(read_answer("khong hai long"), Answer::Level(2));
        assert_eq!(read_answer("3 - Bình thường"), Answer::Level(3));
        assert_eq!(read_answer("5. Rất hài lòng"), Answer::Level(5));
        assert_eq!(read_answer(""), Answer::Blank);
        assert_eq!(read_answer("  "), Answer::Blank);
        assert_eq!(read_answer("4 - Rất hài lòng"), Answer::Unreadable);
        assert_eq!(read_answer("6"), Answer::Unreadable);
        assert_eq!(read_answer("Tốt"), Answer::Unreadable);
    }

    #[test]
    fn csv_cells_are_read_with_quotes_and_any_delimiter() {
        let s = read_csv("\u{feff}\"Dấu thời gian\";\"Câu 1 [A; B]\"\r\n\"1/9/2024\";\"Hài \"\"lòng\"\"\nthật\"\r\n;;\r\n".as_bytes()).unwrap();
        assert_eq!(s.header, ["Dấu thời gian", "Câu 1 [A; B]"]);
        assert_eq!(
            s.rows,
            [vec![
                "1/9/2024".to_string(),
                "Hài \"lòng\"\nthật".to_string()
            ]]
        );
        let e = read_csv(b"a,b\n\"open,1\n2,3\n").unwrap_err();
        assert!(
            matches!(e.error, FieldError::Syntax { line: 2, .. }),
            "{e:?}"
        );
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    /// A Google Forms export: a timestamp, the grid question "Mức độ hài lòng [criterion]" for
    /// each criterion, a text answer and another question; 120 respondents, a few blanks, and
    /// answers written as words, as numbers, and two that cannot be read.
    fn google_forms(q: &Questionnaire) -> (String, Vec<[u64; 6]>) {
        let visible = q.visible();
        let mut header = vec!["Dấu thời gian".to_string()];
        for (_, c) in &visible {
            header.push(format!("Mức độ hài lòng của quý phụ huynh [{}]", c.text));
        }
        header.push("Ý kiến khác của quý phụ huynh".into());
        header.push("Họ tên (không bắt buộc)".into());
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut text = header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n";
        let words = [
            "Rất không hài lòng",
            "Không hài lòng",
            "Bình thường",
            "Hài lòng",
            "Rất hài lòng",
        ];
        let mut expected = vec![[0u64; 6]; visible.len()];
        for r in 0..120usize {
            let mut cells = vec![quote(&format!(
                "2024/09/{:02} 8:{:02}:00 SA GMT+7",
                1 + r % 28,
                r % 60
            ))];
            for (k, e) in expected.iter_mut().enumerate() {
                let cell = if (r + k) % 37 == 0 {
                    e[5] += 1;
                    String::new()
                } else {
                    let level = [5, 4, 4, 5, 3, 4, 5, 2, 4, 1][(r * 7 + k * 3) % 10];
                    e[level - 1] += 1;
                    if r % 2 == 0 {
                        words[level - 1].to_string()
                    } else {
                        level.to_string()
                    }
                };
                cells.push(quote(&cell));
            }
            cells.push(quote(if r % 5 == 0 {
                "Trường sạch đẹp, thầy cô tận tình, nhưng \"bãi giữ xe\" chật"
            } else {
                ""
            }));
            cells.push(quote(if r % 3 == 0 { "Nguyễn Văn A" } else { "" }));
            text += &(cells.join(",") + "\r\n");
        }
        (text, expected)
    }

    #[test]
    fn a_google_forms_sheet_of_120_rows_tallies_to_the_right_counts() {
        let q = default_questionnaire(SchoolLevel::TieuHoc);
        let (mut text, expected) = google_forms(&q);
        // Two answers that cannot be read, at known places.
        text = text.replacen("\"Hài lòng\"", "\"Tốt lắm\"", 1);
        let sheet = read_csv(text.as_bytes()).unwrap();
        assert_eq!(sheet.rows.len(), 120);
        let mapping = suggest_columns(&sheet, &q);
        let visible = q.visible();
        assert_eq!(mapping[0], None, "the timestamp answers nothing");
        for (k, (_, c)) in visible.iter().enumerate() {
            assert_eq!(mapping[k + 1].as_deref(), Some(c.id.as_str()), "{}", c.text);
        }
        assert_eq!(mapping[visible.len() + 1], None, "a text answer");
        assert_eq!(mapping[visible.len() + 2], None, "a name");
        let counted = count(&sheet, &mapping);
        assert_eq!(counted.returned, 120);
        assert_eq!(counted.unreadable.len(), 1);
        let bad = &counted.unreadable[0];
        assert_eq!(bad.text, "Tốt lắm");
        let row = &sheet.rows[bad.row - 2];
        let col = (0..row.len())
            .find(|i| column_name(*i) == bad.column)
            .unwrap();
        assert_eq!(row[col], "Tốt lắm");
        for (k, (_, c)) in visible.iter().enumerate() {
            let t = counted.tallies[c.id.as_str()];
            let mut want = expected[k];
            if column_name(k + 1) == bad.column {
                want[3] -= 1; // "Hài lòng" replaced by the unreadable answer
            }
            assert_eq!(
                (t.n, t.blank),
                ([want[0], want[1], want[2], want[3], want[4]], want[5]),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn confirmed_choices_are_remembered_for_the_next_file_of_the_form() {
        let q = default_questionnaire(SchoolLevel::TieuHoc);
        let (text, _) = google_forms(&q);
        let sheet = read_csv(text.as_bytes()).unwrap();
        let mut mapping = suggest_columns(&sheet, &q);
        // The user swaps the first two criteria and leaves the third column unused.
        mapping.swap(1, 2);
        mapping[3] = None;
        let mut remembered = remembered_from(None);
        let stored = remember(&sheet, &mapping, &mut remembered);
        let again = remembered_from(Some(&stored));
        assert_eq!(suggest_with(&sheet, &q, &again), mapping);
        assert_eq!(remembered_from(Some("{oops")), Remembered::default());
    }

    #[test]
    fn a_few_hundred_rows_count_as_many_forms() {
        let q = default_questionnaire(SchoolLevel::Thcs);
        let (text, _) = google_forms(&q);
        let rows: Vec<&str> = text.lines().skip(1).collect();
        let big = text.clone() + &rows.join("\n") + "\n" + &rows.join("\n");
        let sheet = read_csv(big.as_bytes()).unwrap();
        let counted = count(&sheet, &suggest_columns(&sheet, &q));
        assert_eq!(counted.returned, 360);
        assert!(counted.unreadable.is_empty());
    }
}
