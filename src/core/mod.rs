//! The functional core: every rule of the domain, in plain Rust with no browser types.
//! Nothing here may name `web_sys`, `js_sys`, `wasm_bindgen`, `gloo_*` or `leptos`
//! (checked by `tests/layering.rs`).

pub mod error;
pub mod format;
pub mod period;
pub mod plan;
pub mod dataset;
pub mod indicator;
pub mod entry;
pub mod persist;
pub mod sync;
pub mod tasks;
pub mod storage;
pub mod prefs;
pub mod sample;
pub mod overview;
pub mod survey;
