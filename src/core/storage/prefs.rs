//! Small per-browser preferences (language, whether the sample workspace is open). Kept apart from
//! the dataset: they are not data, are never merged or exported, and a damaged value just means
//! the defaults.

use serde::{Deserialize, Serialize};

use crate::core::base::format::Lang;

/// Storage keys. The key names a storage layout generation; the schema version is inside the value.
pub const DATA_KEY: &str = "cchc.data.v1";
pub const SAMPLE_KEY: &str = "cchc.sample.v1";
pub const PREFS_KEY: &str = "cchc.prefs.v1";
/// The column choices confirmed for online forms' responses (`exchange::form_responses`).
pub const FORMS_KEY: &str = "cchc.forms.v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    /// The sample workspace is open.
    pub sample: bool,
    /// When the last backup was downloaded (for the reminder), in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_backup: Option<i64>,
}

impl Prefs {
    pub fn decode(raw: Option<&str>) -> Prefs {
        raw.and_then(|r| crate::core::base::json::from_str(r).ok())
            .unwrap_or_default()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_or_partial_prefs_fall_back_to_defaults() {
        assert_eq!(Prefs::decode(None), Prefs::default());
        assert_eq!(Prefs::decode(Some("{oops")), Prefs::default());
        assert_eq!(
            Prefs::decode(Some("{\"lang\":\"en\"}")),
            Prefs {
                lang: Lang::En,
                sample: false,
                last_backup: None
            }
        );
        let p = Prefs {
            lang: Lang::En,
            sample: true,
            last_backup: Some(1_700_000_000_000),
        };
        assert_eq!(Prefs::decode(Some(&p.encode())), p);
    }
}
