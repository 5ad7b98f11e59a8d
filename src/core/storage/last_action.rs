//! The last import, restore, archive or reset, kept beside the stored dataset so that it can
//! still be undone after a reload — for as long as nothing else has changed the data since.
//!
//! Two values sit beside the dataset's key: `{key}.last-action` (what was done, when, what it
//! said, and a fingerprint of the data it left) and `{key}.last-action.before` (the data just
//! before, in the dataset's own stored form, so that its reader and migrations apply). The undo
//! is offered only while the data's fingerprint is the one the action left: any later edit, in
//! this tab or another, ends it. Keeping them is best effort: a full store keeps the dataset and
//! drops the undo, never the other way round.

use serde::{Deserialize, Serialize};

use crate::core::base::checksum::sha256;
use crate::core::base::error::Located;
use crate::core::data::dataset::{Dataset, UndoableAction};
use crate::core::data::records::Millis;
use crate::core::storage::persist;

const FORMAT: &str = "cchc-last-action";

/// The key of the record kept beside the dataset stored at `key`.
pub fn record_key(key: &str) -> String {
    format!("{key}.last-action")
}

/// The key of the data kept from before the action.
pub fn before_key(key: &str) -> String {
    format!("{key}.last-action.before")
}

/// The actions undone from the exchange and data pages after a reload (the others are small
/// and are undone from their toast).
pub fn is_kept(action: &UndoableAction) -> bool {
    matches!(
        action,
        UndoableAction::Import { .. }
            | UndoableAction::Restore { .. }
            | UndoableAction::Archive { .. }
            | UndoableAction::Reset
    )
}

/// What was done, when, and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastAction {
    pub format: String,
    pub action: UndoableAction,
    pub at: Millis,
    /// The message the action showed, in the language of the moment.
    pub message: String,
    /// The fingerprint of the data the action left ([`fingerprint`]).
    pub after: String,
}

/// A dataset's fingerprint: the SHA-256 of its stored form (the save time left out), in hex.
pub fn fingerprint(data: &Dataset) -> String {
    sha256(persist::encode(data, 0).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The two values to keep for an action that turned `before` into `after`: the record, then
/// the data from before.
pub fn encode(
    action: UndoableAction,
    at: Millis,
    message: String,
    before: &Dataset,
    after: &Dataset,
) -> (String, String) {
    let record = LastAction {
        format: FORMAT.into(),
        action,
        at,
        message,
        after: fingerprint(after),
    };
    (
        serde_json::to_string(&record).unwrap_or_default(),
        persist::encode(before, at),
    )
}

/// Reads a kept record; `None` for anything else (a damaged record offers no undo).
pub fn read_record(raw: &str) -> Option<LastAction> {
    let record: LastAction = crate::core::base::json::from_str(raw).ok()?;
    (record.format == FORMAT).then_some(record)
}

/// Whether the record still applies to `current`: nothing has changed the data since.
pub fn applies(record: &LastAction, current: &Dataset) -> bool {
    record.after == fingerprint(current)
}

/// The data to go back to, read from its kept value.
pub fn read_before(raw: &str) -> Result<Dataset, Located> {
    persist::decode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base::period::YearMonth;

    fn data(v: u64) -> Dataset {
        let mut d = Dataset::default();
        d.set_figure("s", YearMonth::new(2024, 3).unwrap(), "vb_tong", Some(v), 1);
        d
    }

    /// Issue 28 item 7: the last import can be undone after a reload until something else
    /// changes the data.
    #[test]
    fn an_import_is_undone_after_a_reload_until_the_data_changes() {
        let (before, after) = (data(35), data(36));
        let (record, kept) = encode(
            UndoableAction::Import { files: 3 },
            1_700_000_000_000,
            "Đã áp dụng 3 tệp".into(),
            &before,
            &after,
        );
        // "A reload": only the stored strings remain.
        let record = read_record(&record).unwrap();
        assert_eq!(record.action, UndoableAction::Import { files: 3 });
        assert_eq!(record.message, "Đã áp dụng 3 tệp");
        assert!(applies(&record, &after));
        assert_eq!(read_before(&kept).unwrap(), before);
        // Any later change ends it.
        assert!(!applies(&record, &data(37)));
        assert!(!applies(&record, &before));
    }

    #[test]
    fn only_the_large_actions_are_kept_and_a_damaged_record_offers_nothing() {
        assert!(is_kept(&UndoableAction::Reset));
        assert!(is_kept(&UndoableAction::Archive { year: 2023 }));
        assert!(is_kept(&UndoableAction::Restore {
            file: "a.json".into()
        }));
        assert!(!is_kept(&UndoableAction::RemoveEvidence {
            task: "1.1".into()
        }));
        assert_eq!(read_record("{"), None);
        assert_eq!(
            read_record(
                r#"{"format":"x","action":{"kind":"reset"},"at":1,"message":"","after":""}"#
            ),
            None
        );
        assert!(read_record(r#"{"format":"cchc-last-action","action":{"kind":"reset"},"at":1,"message":"","after":""}"#).is_some());
        assert_eq!(record_key("cchc.data"), "cchc.data.last-action");
    }
}
