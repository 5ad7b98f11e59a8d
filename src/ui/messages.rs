//! Turning the core's error values into sentences in the user's language.

use crate::core::base::error::{FieldError, Located};
use crate::core::base::format::{self, Lang};
use crate::core::figures::entry::{Breach, EntryError, Violation};
use crate::core::figures::unit_figures::Sourced;
use crate::core::plan::model::Plan;
use crate::i18n::{fill, texts};

/// "tệp bị hỏng hoặc không phải JSON (dòng 3, cột 15)", "thiếu thông tin bắt buộc tại data.units".
pub fn located(e: &Located, lang: Lang) -> String {
    located_in(e, None, lang)
}

/// As [`located`], naming fields by their labels in `plan` where the error names fields.
pub fn located_in(e: &Located, plan: Option<&Plan>, lang: Lang) -> String {
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
        FieldError::MigrationUnavailable { found } => {
            fill(t.err_unconverted, &[("found", &found.to_string())])
        }
        FieldError::OutOfRange => t.err_out_of_range.to_string(),
        FieldError::Duplicate(w) => fill(t.err_duplicate, &[("what", w)]),
        FieldError::UnknownRef(w) => fill(t.err_unknown_ref, &[("what", w)]),
        FieldError::Invalid(_) => t.err_invalid.to_string(),
        FieldError::FileTooLarge { max_mb } => {
            fill(t.err_file_too_large, &[("mb", &max_mb.to_string())])
        }
        FieldError::NotUtf8 { byte } => fill(t.err_not_utf8, &[("byte", &byte.to_string())]),
        FieldError::Empty => t.err_empty.to_string(),
        FieldError::TooDeep => t.err_too_deep.to_string(),
        FieldError::NotACount => t.err_not_a_count.to_string(),
        // What happened and what to do; where in the file is of no use to anyone.
        FieldError::Checksum => return t.err_checksum.to_string(),
        FieldError::OtherPlan(p) => fill(t.err_other_plan, &[("plan", p)]),
        FieldError::UnsafeText => t.err_unsafe_text.to_string(),
        FieldError::OtherLevel(kind) => match kind.as_str() {
            "school" => t.err_level_school,
            "office" => t.err_level_office,
            _ => t.err_level_above,
        }
        .to_string(),
        FieldError::AboveWhole(b) => {
            let names = |ids: &[String]| match plan {
                Some(plan) => field_labels(ids, plan, lang),
                None => ids.join(" + "),
            };
            fill(
                t.err_parts_above,
                &[
                    ("part", &names(&b.part)),
                    ("p", &format::int(b.part_sum, lang)),
                    ("whole", &names(&b.whole)),
                    ("w", &format::int(b.whole_sum, lang)),
                    ("month", &b.at),
                ],
            )
        }
        FieldError::RowSum { counted, returned } => fill(
            t.err_row_sum,
            &[
                ("counted", &format::int(*counted, lang)),
                ("returned", &format::int(*returned, lang)),
            ],
        ),
    };
    if e.path.is_empty() {
        match e.at {
            Some((line, column)) => format!(
                "{what} ({})",
                fill(
                    t.err_line,
                    &[("line", &line.to_string()), ("column", &column.to_string())],
                )
            ),
            None => what,
        }
    } else {
        format!("{what} {}", fill(t.err_where, &[("path", &e.path)]))
    }
}

/// The names of fields, joined as a sum ("Đã giải quyết quá hạn + Đang giải quyết quá hạn").
pub fn field_labels(fields: &[String], plan: &Plan, lang: Lang) -> String {
    fields
        .iter()
        .map(|f| {
            plan.field(f)
                .map(|x| crate::ui::components::label(&x.label, lang))
                .unwrap_or_else(|| f.clone())
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A broken part/whole relation, as an error (refused) or a warning (saved).
pub fn breach(b: &Breach, plan: &Plan, lang: Lang, refused: bool) -> String {
    let t = texts(lang);
    let when = b
        .carried_from
        .map(|from| {
            fill(
                t.err_carried,
                &[
                    ("from", &format::month_numeric(from)),
                    ("at", &format::month_numeric(b.at)),
                ],
            )
        })
        .unwrap_or_default();
    let template = match (b.is_part, refused) {
        (true, true) => t.err_above_whole,
        (false, true) => t.err_below_parts,
        (true, false) => t.warn_above_whole,
        (false, false) => t.warn_below_parts,
    };
    fill(
        template,
        &[
            ("whole", &field_labels(&b.other, plan, lang)),
            ("part", &field_labels(&b.other, plan, lang)),
            ("n", &format::int(b.other_sum, lang)),
            ("when", &when),
        ],
    )
}

/// The message beside a figure that was refused.
pub fn entry(e: &EntryError, plan: &Plan, lang: Lang) -> String {
    let t = texts(lang);
    match e {
        EntryError::NotANumber => t.err_not_a_number.into(),
        EntryError::Negative => t.err_negative.into(),
        EntryError::NotWhole => t.err_not_whole.into(),
        EntryError::TooLarge => t.err_too_large.into(),
        EntryError::NotAFlag => t.err_not_a_flag.into(),
        EntryError::Breach(b) => breach(b, plan, lang, true),
    }
}

/// "Phòng GD&ĐT: Số người sử dụng chữ ký số (19 tháng 01/2024) lớn hơn Tổng số cán bộ… (18 tháng
/// 03/2024)": a stored breach, naming the months to fix.
pub fn violation(v: &Violation, unit_name: &str, plan: &Plan, lang: Lang) -> String {
    let t = texts(lang);
    let values = |side: &[(String, Sourced)]| {
        side.iter()
            .map(|(_, s)| {
                fill(
                    t.ind_value_in,
                    &[
                        ("n", &format::int(s.value, lang)),
                        ("month", &format::month_numeric(s.month)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let names = |side: &[(String, Sourced)]| {
        let f: Vec<String> = side.iter().map(|(f, _)| f.clone()).collect();
        field_labels(&f, plan, lang)
    };
    fill(
        t.ind_conflict,
        &[
            ("unit", unit_name),
            ("part", &names(&v.part)),
            ("parts", &values(&v.part)),
            ("whole", &names(&v.whole)),
            ("wholes", &values(&v.whole)),
        ],
    )
}
