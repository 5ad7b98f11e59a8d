//! Layer 3, what the records mean: figures read over time by kind (`unit_figures`), entry checks,
//! survey results, indicators and their verdicts, task progress, the dashboard's overview and the
//! period report. Pure computation over `data`; never reads or writes storage or files. Imports
//! `base`, `plan` and `data`; beside `storage`, not above or below it.

pub mod entry;
pub mod flags;
pub mod indicator;
pub mod overview;
pub mod report;
pub mod survey_results;
pub mod tasks;
pub mod unit_figures;
