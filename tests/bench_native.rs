//! Measurements of the core on the host, not checks (run with
//! `cargo test --release --test bench_native -- --ignored --nocapture`); the figures go in
//! docs/performance.md. The browser's own figures are `scripts/bench`.

use cchc::core::data::records::SchoolLevel;
use cchc::core::data::survey::default_questionnaire;
use cchc::core::exchange::form_responses::{count, read_csv, suggest_columns};

/// An online form's responses sheet of `rows` respondents (the Google Forms shape: a timestamp,
/// one column per criterion of a grid question, a text answer), answers as words.
fn sheet(rows: usize) -> String {
    let q = default_questionnaire(SchoolLevel::Thcs);
    let visible = q.visible();
    let mut text = String::from("\"Dấu thời gian\"");
    for (_, c) in &visible {
        text += &format!(",\"Mức độ hài lòng [{}]\"", c.text);
    }
    text += ",\"Ý kiến khác\"\r\n";
    let words = [
        "Rất không hài lòng",
        "Không hài lòng",
        "Bình thường",
        "Hài lòng",
        "Rất hài lòng",
    ];
    for r in 0..rows {
        text += &format!("\"2024/11/01 8:{:02}:00\"", r % 60);
        for k in 0..visible.len() {
            text += &format!(",\"{}\"", words[(r + k) % 5]);
        }
        text += ",\"Cảm ơn nhà trường\"\r\n";
    }
    text
}

#[test]
#[ignore]
fn a_forms_responses_sheet_is_read_and_counted() {
    let q = default_questionnaire(SchoolLevel::Thcs);
    for rows in [120, 500, 2_000] {
        let text = sheet(rows);
        let mut times = Vec::new();
        for _ in 0..9 {
            let started = std::time::Instant::now();
            let s = read_csv(text.as_bytes()).unwrap();
            let counted = count(&s, &suggest_columns(&s, &q));
            assert_eq!(counted.returned, rows as u64);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "BENCH forms: {rows} rows ({} KB): median {:.2} ms, worst {:.2} ms",
            text.len() / 1024,
            times[4],
            times[8]
        );
    }
}
