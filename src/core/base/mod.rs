//! Layer 0, the ground every other layer stands on: months and periods, rates and their guarded
//! rounding, Vietnamese number and date formats, located errors, the strict JSON reader and the
//! compact writer, the ordered map, sorting, SHA-256 and the canonical checksum, CSV quoting.
//! Knows nothing of plans or data; imports no other folder of the core.

pub mod checksum;
pub mod csv;
pub mod error;
pub mod format;
pub mod json;
pub mod json_out;
pub mod map;
pub mod period;
pub mod ratio;
pub mod sorting;
