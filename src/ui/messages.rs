//! Turning the core's error values into sentences in the user's language.

use crate::core::entry::EntryError;
use crate::core::error::{FieldError, Located};
use crate::core::format::{self, Lang};
use crate::core::plan::Plan;
use crate::i18n::{fill, texts};

/// "tệp bị hỏng hoặc không phải JSON (dòng 3, cột 15)", "thiếu thông tin bắt buộc tại data.units".
pub fn located(e: &Located, lang: Lang) -> String {
    let t = texts(lang);
    let what = match &e.error {
        FieldError::Syntax { line, column } => {
            let at = fill(
                t.err_line,
                &[("line", &line.to_string()), ("column", &column.to_string())],
            );
            return fill(t.err_syntax, &[("where", &at)]);
        }
        FieldError::Missing => t.err_missing.to_string(),
        FieldError::WrongFormat(found) => fill(t.err_wrong_format, &[("found", found)]),
        FieldError::NewerVersion { found, supported } => fill(
            t.err_newer,
            &[
                ("found", &found.to_string()),
                ("supported", &supported.to_string()),
            ],
        ),
        FieldError::OutOfRange => t.err_out_of_range.to_string(),
        FieldError::Duplicate(w) => fill(t.err_duplicate, &[("what", w)]),
        FieldError::UnknownRef(w) => fill(t.err_unknown_ref, &[("what", w)]),
        FieldError::Invalid(_) => t.err_invalid.to_string(),
    };
    if e.path.is_empty() {
        what
    } else {
        format!("{what} {}", fill(t.err_where, &[("path", &e.path)]))
    }
}

/// The message beside a figure that was refused.
pub fn entry(e: &EntryError, plan: &Plan, lang: Lang) -> String {
    let t = texts(lang);
    let labels = |fields: &[String]| {
        fields
            .iter()
            .map(|f| {
                plan.field(f)
                    .map(|x| {
                        if lang == Lang::Vi {
                            x.label.vi.clone()
                        } else {
                            x.label.en.clone()
                        }
                    })
                    .unwrap_or_else(|| f.clone())
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    match e {
        EntryError::NotANumber => t.err_not_a_number.into(),
        EntryError::Negative => t.err_negative.into(),
        EntryError::NotWhole => t.err_not_whole.into(),
        EntryError::TooLarge => t.err_too_large.into(),
        EntryError::NotAFlag => t.err_not_a_flag.into(),
        EntryError::AboveWhole { whole, whole_sum } => fill(
            t.err_above_whole,
            &[
                ("whole", &labels(whole)),
                ("n", &format::int(*whole_sum, lang)),
            ],
        ),
        EntryError::BelowParts { part, part_sum } => fill(
            t.err_below_parts,
            &[
                ("part", &labels(part)),
                ("n", &format::int(*part_sum, lang)),
            ],
        ),
    }
}
