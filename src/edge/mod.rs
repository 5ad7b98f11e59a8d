//! The edge to the browser: localStorage behind the core's storage policy, the stored data's
//! migrations between versions, and the browser calls (files, clipboard, dates, printing) the
//! pages make. The only code besides `ui` that names `web_sys`, `js_sys` or `gloo`.

pub mod browser;
pub mod migrations;
pub mod store;
