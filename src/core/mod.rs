//! The functional core: every rule of the domain, in plain Rust with no browser types.
//! Nothing here may name `web_sys`, `js_sys`, `wasm_bindgen`, `gloo_*` or `leptos`
//! (checked by `tests/layering.rs`).

pub mod archive;
pub mod checksum;
pub mod compact;
pub mod csv;
pub mod dataset;
pub mod entry;
pub mod error;
pub mod figures;
pub mod format;
pub mod import;
pub mod indicator;
pub mod json;
pub mod json_out;
pub mod last_action;
pub mod map;
pub mod overview;
pub mod period;
pub mod persist;
pub mod plan;
pub mod plan_edit;
pub mod plan_file;
pub mod prefs;
pub mod quick_read;
pub mod report;
pub mod restore;
pub mod roster;
pub mod sample;
pub mod sorting;
pub mod storage;
pub mod submission;
pub mod submission_format;
pub mod survey;
pub mod sync;
pub mod tasks;
