//! Layer 4, files between units: the sealed submission a school sends (`submission`,
//! `submission_format`, `quick_read`), the office's import and merge (`import`), the roster, and
//! the tables exported for Excel (`tables`). May import every other folder of the core.

pub mod import;
pub mod quick_read;
pub mod resend;
pub mod roster;
pub mod submission;
pub mod submission_format;
pub mod tables;
