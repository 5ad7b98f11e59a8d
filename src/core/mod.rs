//! The functional core: every rule of the domain, in plain Rust with no browser types.
//! Nothing here may name `web_sys`, `js_sys`, `wasm_bindgen`, `gloo_*` or `leptos`
//! (checked by `tests/layering.rs`).
//!
//! Its folders are layers, each importing only from those above it in this list (checked by
//! `tests/layering.rs`, which also forbids any circle between files):

pub mod base;
pub mod data;
pub mod exchange;
pub mod figures;
pub mod plan;
pub mod storage;

#[cfg(test)]
pub(crate) mod fixtures;
