//! Layer 3, keeping the dataset in the browser: the stored form and its versions (`persist`), the
//! policy of when to read and write (`policy`), merging another tab's changes (`sync`), backups,
//! archives, the undo of the last big action and the user's preferences. Imports `base`, `plan`
//! and `data`; the browser's storage itself sits behind `policy::Backend`, in `edge::store`.

pub mod archive;
pub mod last_action;
pub mod persist;
pub mod policy;
pub mod prefs;
pub mod restore;
pub mod sync;
