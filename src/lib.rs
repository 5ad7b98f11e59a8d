//! Theo dõi kế hoạch cải cách hành chính (CCHC) — the library behind the app.
//!
//! `core` and `chart` are pure Rust and tested natively; `ui` and `edge` (storage, migrations, browser calls) are
//! the browser shell, compiled for wasm32 only. See ARCHITECTURE.md for the map.

pub mod chart;
pub mod core;
pub mod i18n;
pub mod route;
pub mod split;

#[cfg(target_arch = "wasm32")]
pub mod edge;
#[cfg(target_arch = "wasm32")]
pub mod ui;
