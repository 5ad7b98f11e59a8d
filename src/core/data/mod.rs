//! Layer 2, what a unit records against a plan: units and stamped values (`records`), survey
//! rounds and their tallies (`survey`), the tree of units (`tree`), where each value came from and what a figure held before (`provenance`), the whole dataset and its edits (`dataset`), the stored
//! form of its bulky parts (`compact`) and the sample data. Imports `base` and `plan`.

pub mod compact;
pub mod dataset;
pub mod provenance;
pub mod records;
pub mod sample;
pub mod survey;
pub mod tree;
