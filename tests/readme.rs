//! The README promises only what the app does: every verdict word it lists beside a target is one
//! the app shows (issue 27: it promised a "Vượt" status that no screen ever showed).

use cchc::core::figures::indicator::Status;
use cchc::i18n::{texts, Lang};

const README: &str = include_str!("../README.md");

#[test]
fn the_statuses_the_readme_names_are_the_apps() {
    let t = texts(Lang::Vi);
    let shown: Vec<&str> = [
        Status::NoData,
        Status::NoActivity,
        Status::Invalid,
        Status::Met,
        Status::NotMet,
    ]
    .into_iter()
    .map(|s| t.status(s))
    .collect();
    // The list of verdicts in the targets page's description: "status (Đạt / Không đạt, …".
    let targets = &README[README
        .find("**Chỉ tiêu**")
        .expect("the targets page is described")..];
    let at = targets
        .find("status (")
        .expect("the README describes the statuses");
    let list = &targets[at + "status (".len()..];
    let list = &list[..list.find(',').unwrap_or(list.len())];
    for word in list.split('/').map(str::trim) {
        assert!(
            shown.contains(&word),
            "the README names a status the app never shows: {word}"
        );
    }
    // The plan's goals are thresholds to reach: "Vượt" is not a status of this app.
    assert!(!shown.contains(&"Vượt"));
    assert!(
        !README.contains("Đạt / Vượt"),
        "no promise of a status that is never shown"
    );
}
