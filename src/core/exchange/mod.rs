//! Layer 4, files between units: the sealed submission a school sends its office, and an office
//! the unit above with its schools beside it (`submission`,
//! `submission_format`, `quick_read`), the import and merge at the office or the unit above
//! (`import`), the roster, and
//! the tables exported for Excel (`tables`). May import every other folder of the core.

pub mod form_responses;
pub mod import;
pub mod quick_read;
pub mod resend;
pub mod roster;
pub mod submission;
pub mod submission_format;
pub mod tables;

#[cfg(test)]
mod level_up_tests;
