//! Reading stored datasets in the browser. Data of the current schema is read by the keepers'
//! `storage::Codec` (fetched after the first load, see `ui::state`); the migrations of older
//! schemas (`persist::migrate_older`), needed once after an update, are a split module of their
//! own (`migrations`). `prepare` fetches it before the first paint when a stored value may need
//! it. Without it, an older value reads as `MigrationUnavailable`, which the keeper turns into
//! `Health::ReaderMissing`: nothing is read over, nothing is written, and the banner asks for a
//! reload.

use std::cell::Cell;

use crate::core::base::error::{FieldError, Located};
use crate::core::data::dataset::Dataset;
use crate::core::storage::persist::{self, DATASET_FORMAT};
use crate::core::storage::prefs::{DATA_KEY, SAMPLE_KEY};

/// Reads an older schema's envelope: `persist::migrate_older`, from the module once fetched.
type Migrate = fn(&str, u32) -> Result<Dataset, Located>;

thread_local! {
    static MIGRATE: Cell<Option<Migrate>> = const { Cell::new(None) };
}

crate::split_fn! {
    migrations: fn load_migrate() -> Migrate => persist::migrate_older;
}

/// The `persist::Decoder` of the browser's `storage::Codec`: `persist::decode`, with the
/// migrations only once `prepare` has fetched them.
pub fn decode_stored(raw: &str) -> Result<Dataset, Located> {
    persist::decode_with(raw, DATASET_FORMAT, |raw, found| {
        match MIGRATE.with(Cell::get) {
            Some(migrate) => migrate(raw, found),
            None => Err(Located::new(
                "schema_version",
                FieldError::MigrationUnavailable { found },
            )),
        }
    })
}

/// Fetches the migrations when a stored dataset may need them. What this app writes starts with
/// its envelope's header (`persist::current_header`); any other start (an older schema, a value written
/// by hand) may be older, and fetching the module is cheap next to reading it wrongly.
pub async fn prepare() {
    let current = persist::current_header();
    let needed = [DATA_KEY, SAMPLE_KEY].iter().any(|key| {
        crate::edge::store::read_head(key, current.len() as u32).is_some_and(|head| head != current)
    });
    if needed && MIGRATE.with(Cell::get).is_none() {
        if let Ok(migrate) = load_migrate().await {
            MIGRATE.with(|m| m.set(Some(migrate)));
        }
    }
}
