//! Layer 1, the plan: its sections, tasks, targets, indicators, fields, roles and reporting
//! deadlines (`model`), its checks and edits (`edit`), and the plan file (`file`). Imports only
//! `base`.

pub mod edit;
pub mod file;
pub mod model;
