//! The storage policy, independent of the browser: when to read, when to write, and what to do
//! when storage is full, missing, damaged, newer than the app, or changed by another tab.
//!
//! The browser's localStorage is one [`Backend`]; tests use an in-memory one. Rules kept here:
//! - nothing is written before a load has succeeded (a damaged value is never overwritten);
//! - a write that fails leaves the edits in memory and is retried on the next save;
//! - a value another tab wrote is merged, never silently replaced (see `sync`).

use crate::core::base::error::{FieldError, Located};
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Millis;
use crate::core::storage::persist;
use crate::core::storage::sync::{merge3, reconcile, Reconciled};

/// The code that reads and writes stored datasets: the decoder, the encoder and the three-way
/// merge with another tab's. A first visit has nothing stored to read, and a tab needs the rest
/// only once it has something to write, so the browser build fetches it after the first load:
/// before the first paint when a dataset is stored, else at the first edit (`ui::state`). A keeper
/// without it reads nothing after its opening and writes nothing, and says so
/// ([`Outcome::NeedsCodec`], [`Health::ReaderMissing`]).
#[derive(Clone, Copy)]
pub struct Codec {
    pub decode: persist::Decoder,
    pub encode: fn(&Dataset, Millis) -> String,
    pub merge: fn(&Dataset, &Dataset, &Dataset) -> Dataset,
}

impl Codec {
    /// This crate's decoder (with the migrations), encoder and merge, called directly.
    pub const DIRECT: Codec = Codec {
        decode: persist::decode,
        encode: persist::encode,
        merge: merge3,
    };
}

/// A storage failure, as the edge classifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// Storage is disabled or throws on access (private mode, blocked cookies).
    Unavailable(String),
    /// The quota is full (QuotaExceededError, NS_ERROR_DOM_QUOTA_REACHED, code 22…).
    Quota,
    /// Anything else.
    Other(String),
}

/// A key-value store of strings.
pub trait Backend {
    fn read(&self, key: &str) -> Result<Option<String>, BackendError>;
    fn write(&self, key: &str, value: &str) -> Result<(), BackendError>;
    fn remove(&self, key: &str) -> Result<(), BackendError>;
}

/// How storage is doing, for the banners.
#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    /// Loaded and saving normally.
    Ok,
    /// The last write failed for lack of space; edits are in memory only.
    QuotaFull,
    /// The last write failed for another reason.
    WriteFailed(String),
    /// No storage at all: the app runs in memory.
    Unavailable,
    /// The stored value could not be read; it is kept untouched (`raw`) and nothing is written.
    Recovery { raw: String, error: Located },
    /// The stored value was written by a newer app: nothing is written.
    Newer { found: u32, supported: u32 },
    /// A value is stored and the code that reads it did not come: the [`Codec`], or with it the
    /// migrations of an older schema (see `persist::Decoder`). Nothing is read or written until
    /// the page is reloaded.
    ReaderMissing,
    /// Another tab wrote something this tab cannot read: this tab stopped saving.
    Stopped(Located),
    /// The [`Codec`] did not come (offline before it was cached, or the app was updated
    /// meanwhile): the edits are on the page only. Set by the browser shell, never by a keeper;
    /// the next save tries again.
    CodecMissing,
}

impl Health {
    /// Whether a stored value is there that this tab could not read: a start made here could
    /// not be saved, so the first start screen is not offered (the banner says what to do).
    pub fn holds_unread(&self) -> bool {
        matches!(
            self,
            Health::Recovery { .. } | Health::Newer { .. } | Health::ReaderMissing
        )
    }

    /// Whether writing is allowed at all in this state.
    pub fn may_write(&self) -> bool {
        matches!(
            self,
            Health::Ok | Health::QuotaFull | Health::WriteFailed(_) | Health::CodecMissing
        )
    }
}

/// What a save or an outside change did to the tab's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing to do.
    Unchanged,
    /// Written.
    Saved,
    /// Another tab's data replaced ours (we had no edits): show it.
    Adopted(Dataset),
    /// Ours and another tab's were merged and written: show the merge.
    Merged(Dataset),
    /// Not written (see `health`).
    NotSaved,
    /// There is something to read or write but no [`Codec`] yet: nothing was read into the tab
    /// or written; the edits stay in memory until a save with the codec.
    NeedsCodec,
}

/// Keeps one dataset key in step with a backend.
/// What a browser keeps for one site in localStorage, in UTF-16 code units: Chromium's 10 MiB,
/// counted two bytes a character. (Other browsers allow about as much; the warning comes early.)
pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;
/// From this share of the quota the Dữ liệu page warns.
pub const WARN_PERCENT: u64 = 70;

/// The share of the quota a stored value of `units` UTF-16 code units takes, in whole percent
/// (rounded up, so that a nearly full store never reads as less full than it is).
pub fn usage_percent(units: usize) -> u64 {
    (units as u64 * 100).div_ceil(QUOTA_UNITS as u64)
}

pub struct Keeper<B: Backend> {
    backend: B,
    /// How stored values are read and written, once that code is there.
    codec: Option<Codec>,
    key: String,
    /// The dataset as last read or written: the common ancestor for merges.
    base: Dataset,
    /// The raw value as last read or written, to notice changes made by others.
    base_raw: Option<String>,
    pub health: Health,
    pub last_saved: Option<Millis>,
}

impl<B: Backend> Keeper<B> {
    /// Loads the key. Returns the keeper and the dataset to start with (empty when there is none,
    /// or when the stored value cannot be used — then `health` says why and nothing is written).
    pub fn open(backend: B, key: &str) -> (Keeper<B>, Dataset) {
        Keeper::open_with(backend, key, Some(Codec::DIRECT))
    }

    /// [`Keeper::open`] with the codec there or not yet: without it a stored value is not read
    /// ([`Health::ReaderMissing`]), and nothing is read or written after until
    /// [`Keeper::set_codec`].
    pub fn open_with(backend: B, key: &str, codec: Option<Codec>) -> (Keeper<B>, Dataset) {
        let mut keeper = Keeper {
            backend,
            codec,
            key: key.to_string(),
            base: Dataset::default(),
            base_raw: None,
            health: Health::Ok,
            last_saved: None,
        };
        let data = match (keeper.backend.read(key), codec) {
            (Err(_), _) => {
                keeper.health = Health::Unavailable;
                Dataset::default()
            }
            (Ok(None), _) => Dataset::default(),
            (Ok(Some(_)), None) => {
                keeper.health = Health::ReaderMissing;
                Dataset::default()
            }
            (Ok(Some(raw)), Some(codec)) => match (codec.decode)(&raw) {
                Ok(d) => {
                    keeper.base = d.clone();
                    keeper.base_raw = Some(raw);
                    d
                }
                Err(Located {
                    error: FieldError::NewerVersion { found, supported },
                    ..
                }) => {
                    keeper.health = Health::Newer { found, supported };
                    Dataset::default()
                }
                Err(Located {
                    error: FieldError::MigrationUnavailable { .. },
                    ..
                }) => {
                    keeper.health = Health::ReaderMissing;
                    Dataset::default()
                }
                Err(error) => {
                    keeper.health = Health::Recovery { raw, error };
                    Dataset::default()
                }
            },
        };
        (keeper, data)
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn set_codec(&mut self, codec: Codec) {
        self.codec = Some(codec);
    }

    pub fn has_codec(&self) -> bool {
        self.codec.is_some()
    }

    /// The size of the stored value as last read or written, in UTF-16 code units (what the
    /// browser's quota counts).
    pub fn stored_units(&self) -> usize {
        self.base_raw
            .as_ref()
            .map_or(0, |r| r.encode_utf16().count() + self.key.len())
    }

    /// Whether `local` differs from what was last read or written.
    pub fn has_unsaved(&self, local: &Dataset) -> bool {
        *local != self.base
    }

    /// Saves `local` if it changed, merging first if another tab wrote in the meantime.
    pub fn save(&mut self, local: &Dataset, now: Millis) -> Outcome {
        if !self.health.may_write() {
            return Outcome::NotSaved;
        }
        let stored = match self.backend.read(&self.key) {
            Ok(v) => v,
            Err(e) => return self.fail(e),
        };
        let Some(codec) = self.codec else {
            return if stored == self.base_raw && !self.has_unsaved(local) {
                Outcome::Unchanged
            } else {
                Outcome::NeedsCodec
            };
        };
        match reconcile(
            codec.decode,
            &self.base,
            self.base_raw.as_deref(),
            local,
            stored.as_deref(),
        ) {
            Reconciled::WriteLocal => {
                if !self.has_unsaved(local) && self.health == Health::Ok {
                    return Outcome::Unchanged;
                }
                if self.write(codec, local, now) {
                    Outcome::Saved
                } else {
                    Outcome::NotSaved
                }
            }
            Reconciled::Adopt(remote) => {
                self.base = remote.clone();
                self.base_raw = stored;
                Outcome::Adopted(remote)
            }
            Reconciled::Merge(remote) => {
                let merged = (codec.merge)(&self.base, local, &remote);
                // Written or not, the merge is what the tab shows; a failed write is retried on
                // the next save.
                self.write(codec, &merged, now);
                Outcome::Merged(merged)
            }
            Reconciled::Stop(e) => {
                self.health = Health::Stopped(e);
                Outcome::NotSaved
            }
        }
    }

    /// Another tab changed the key: bring its data in now (merging with unsaved edits).
    pub fn external_change(&mut self, local: &Dataset, now: Millis) -> Outcome {
        self.save(local, now)
    }

    fn write(&mut self, codec: Codec, data: &Dataset, now: Millis) -> bool {
        let raw = (codec.encode)(data, now);
        match self.backend.write(&self.key, &raw) {
            Ok(()) => {
                self.base = data.clone();
                self.base_raw = Some(raw);
                self.health = Health::Ok;
                self.last_saved = Some(now);
                true
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }

    fn fail(&mut self, e: BackendError) -> Outcome {
        self.health = match e {
            BackendError::Quota => Health::QuotaFull,
            BackendError::Unavailable(_) => Health::Unavailable,
            BackendError::Other(m) => Health::WriteFailed(m),
        };
        Outcome::NotSaved
    }

    /// The raw stored value this keeper refused to read (for download), if any.
    pub fn unreadable_raw(&self) -> Option<&str> {
        match &self.health {
            Health::Recovery { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// Leaves recovery mode: copies the unreadable value to `<key>.unreadable.<now>` (never deleting
    /// it) and starts saving again from an empty dataset. Fails, changing nothing, if the copy fails.
    pub fn set_aside_and_start_fresh(&mut self, now: Millis) -> Result<String, BackendError> {
        let Health::Recovery { raw, .. } = &self.health else {
            return Err(BackendError::Other("not in recovery".into()));
        };
        let aside = format!("{}.unreadable.{now}", self.key);
        self.backend.write(&aside, raw)?;
        self.base = Dataset::default();
        self.base_raw = Some(raw.clone());
        self.health = Health::Ok;
        Ok(aside)
    }

    /// Removes the key (leaving sample data). Only allowed when writing is.
    pub fn remove(&mut self) -> Result<(), BackendError> {
        if !self.health.may_write() {
            return Ok(());
        }
        self.backend.remove(&self.key)?;
        self.base = Dataset::default();
        self.base_raw = None;
        Ok(())
    }
}

#[cfg(test)]
pub mod memory {
    //! An in-memory backend with switchable faults, for tests.
    use super::*;
    use crate::core::base::map::Map;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[derive(Clone, Default)]
    pub struct Memory {
        pub map: Rc<RefCell<Map<String, String>>>,
        pub fault: Rc<RefCell<Option<BackendError>>>,
        pub writes: Rc<RefCell<u32>>,
    }

    impl Backend for Memory {
        fn read(&self, key: &str) -> Result<Option<String>, BackendError> {
            match &*self.fault.borrow() {
                Some(BackendError::Unavailable(m)) => Err(BackendError::Unavailable(m.clone())),
                _ => Ok(self.map.borrow().get(key).cloned()),
            }
        }
        fn write(&self, key: &str, value: &str) -> Result<(), BackendError> {
            if let Some(e) = &*self.fault.borrow() {
                return Err(e.clone());
            }
            *self.writes.borrow_mut() += 1;
            self.map.borrow_mut().insert(key.into(), value.into());
            Ok(())
        }
        fn remove(&self, key: &str) -> Result<(), BackendError> {
            self.map.borrow_mut().remove(key);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::memory::Memory;
    use super::*;
    use crate::core::fixtures::ym;

    const KEY: &str = "cchc.data.v1";

    fn edited(d: &Dataset, m: u32, v: u64, t: Millis) -> Dataset {
        let mut d = d.clone();
        d.set_figure("u", ym(m), "vb_tong", Some(v), t);
        d
    }

    #[test]
    fn the_share_of_the_quota_counts_what_is_stored_and_rounds_up() {
        assert_eq!(usage_percent(0), 0);
        assert_eq!(usage_percent(1), 1, "anything stored is at least 1 %");
        assert_eq!(usage_percent(QUOTA_UNITS * 7 / 10), 70);
        assert_eq!(
            usage_percent(QUOTA_UNITS * 7 / 10 - 1),
            70,
            "never reads as less full"
        );
        assert_eq!(usage_percent(QUOTA_UNITS), 100);
        let mem = Memory::default();
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        assert_eq!(k.stored_units(), 0);
        k.save(&edited(&d, 1, 1, 1), 1);
        let raw = mem.map.borrow()[KEY].clone();
        assert_eq!(k.stored_units(), raw.encode_utf16().count() + KEY.len());
    }

    #[test]
    fn only_a_value_left_unread_holds_back_a_new_start() {
        let located = Located::new("", FieldError::Missing);
        for (health, unread) in [
            (Health::Ok, false),
            (Health::QuotaFull, false),
            (Health::WriteFailed("x".into()), false),
            (Health::Unavailable, false),
            (Health::CodecMissing, false),
            (Health::Stopped(located.clone()), false),
            (Health::ReaderMissing, true),
            (
                Health::Newer {
                    found: 9,
                    supported: 7,
                },
                true,
            ),
            (
                Health::Recovery {
                    raw: "{".into(),
                    error: located,
                },
                true,
            ),
        ] {
            assert_eq!(health.holds_unread(), unread, "{health:?}");
        }
    }

    #[test]
    fn a_fresh_store_starts_empty_and_saves_changes_only() {
        let mem = Memory::default();
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        assert_eq!(
            (d.clone(), k.health.clone()),
            (Dataset::default(), Health::Ok)
        );
        assert_eq!(k.save(&d, 1), Outcome::Unchanged);
        assert_eq!(*mem.writes.borrow(), 0);
        let d2 = edited(&d, 1, 5, 2);
        assert_eq!(k.save(&d2, 2), Outcome::Saved);
        assert_eq!(k.save(&d2, 3), Outcome::Unchanged);
        let (_, reread) = Keeper::open(mem.clone(), KEY);
        assert_eq!(reread, d2);
    }

    #[test]
    fn without_the_codec_nothing_is_read_or_written_and_edits_wait_in_memory() {
        let mem = Memory::default();
        let (mut a, da) = Keeper::open(mem.clone(), KEY);
        let (mut b, db) = Keeper::open_with(mem.clone(), KEY, None);
        assert_eq!(b.health, Health::Ok, "nothing stored: nothing to read");
        // Nothing to read or write: no codec needed.
        assert_eq!(b.save(&db, 1), Outcome::Unchanged);
        // Another tab wrote: this one waits for the codec to read it.
        let da = edited(&da, 1, 10, 2);
        assert_eq!(a.save(&da, 2), Outcome::Saved);
        assert_eq!(b.external_change(&db, 3), Outcome::NeedsCodec);
        // An edit waits too: not written, still unsaved.
        let writes = *mem.writes.borrow();
        let db = edited(&db, 2, 20, 4);
        assert_eq!(b.save(&db, 4), Outcome::NeedsCodec);
        assert!(b.has_unsaved(&db));
        assert_eq!(*mem.writes.borrow(), writes, "nothing written");
        b.set_codec(Codec::DIRECT);
        let merged = match b.save(&db, 7) {
            Outcome::Merged(m) => m,
            other => panic!("{other:?}"),
        };
        for (m, v) in [(1, 10), (2, 20)] {
            assert_eq!(merged.figure("u", ym(m), "vb_tong"), Some(v));
        }
        let (_, reread) = Keeper::open(mem.clone(), KEY);
        assert_eq!(reread, merged);
    }

    #[test]
    fn a_stored_value_without_the_code_that_reads_it_is_left_alone() {
        let mem = Memory::default();
        let (mut a, da) = Keeper::open(mem.clone(), KEY);
        a.save(&edited(&da, 1, 10, 1), 1);
        let stored = mem.map.borrow()[KEY].clone();
        fn migrations_missing(_: &str) -> Result<Dataset, Located> {
            Err(Located::new(
                "schema_version",
                FieldError::MigrationUnavailable { found: 3 },
            ))
        }
        let without_migrations = Codec {
            decode: migrations_missing,
            ..Codec::DIRECT
        };
        for codec in [None, Some(without_migrations)] {
            let (mut b, db) = Keeper::open_with(mem.clone(), KEY, codec);
            assert_eq!(
                (b.health.clone(), &db),
                (Health::ReaderMissing, &Dataset::default())
            );
            assert!(!b.health.may_write() && b.health.holds_unread());
            b.set_codec(Codec::DIRECT);
            assert_eq!(b.save(&edited(&db, 2, 5, 2), 2), Outcome::NotSaved);
            assert_eq!(mem.map.borrow()[KEY], stored, "never written over");
        }
    }

    #[test]
    fn a_damaged_value_is_never_overwritten() {
        let mem = Memory::default();
        mem.map.borrow_mut().insert(
            KEY.into(),
            "{\"format\":\"cchc-dataset\",\"schema_vers".into(),
        );
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        assert!(matches!(k.health, Health::Recovery { .. }));
        let d2 = edited(&d, 1, 5, 2);
        assert_eq!(k.save(&d2, 2), Outcome::NotSaved);
        assert_eq!(*mem.writes.borrow(), 0);
        assert_eq!(
            k.unreadable_raw(),
            Some("{\"format\":\"cchc-dataset\",\"schema_vers")
        );
        // Setting it aside keeps a copy and then allows saving.
        let aside = k.set_aside_and_start_fresh(7).unwrap();
        assert_eq!(
            mem.map.borrow().get(&aside).map(String::as_str),
            Some("{\"format\":\"cchc-dataset\",\"schema_vers")
        );
        assert_eq!(k.save(&d2, 8), Outcome::Saved);
    }

    #[test]
    fn a_newer_version_is_refused_without_writing() {
        let mem = Memory::default();
        let raw = persist::encode(&edited(&Dataset::default(), 1, 1, 1), 1).replace(
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
            "\"schema_version\":99",
        );
        mem.map.borrow_mut().insert(KEY.into(), raw.clone());
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        assert_eq!(
            k.health,
            Health::Newer {
                found: 99,
                supported: persist::DATASET_SCHEMA_VERSION
            }
        );
        assert_eq!(k.save(&edited(&d, 2, 2, 2), 2), Outcome::NotSaved);
        assert_eq!(mem.map.borrow()[KEY], raw);
    }

    #[test]
    fn a_full_quota_keeps_edits_and_recovers_on_the_next_save() {
        let mem = Memory::default();
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        *mem.fault.borrow_mut() = Some(BackendError::Quota);
        let d2 = edited(&d, 1, 5, 2);
        assert_eq!(k.save(&d2, 2), Outcome::NotSaved);
        assert_eq!(k.health, Health::QuotaFull);
        assert!(k.has_unsaved(&d2));
        // Still full: stays in that state.
        assert_eq!(k.save(&d2, 3), Outcome::NotSaved);
        *mem.fault.borrow_mut() = None;
        assert_eq!(k.save(&d2, 4), Outcome::Saved);
        assert_eq!(k.health, Health::Ok);
        assert_eq!(k.last_saved, Some(4));
    }

    #[test]
    fn unavailable_storage_runs_in_memory() {
        let mem = Memory::default();
        *mem.fault.borrow_mut() = Some(BackendError::Unavailable("SecurityError".into()));
        let (mut k, d) = Keeper::open(mem.clone(), KEY);
        assert_eq!(k.health, Health::Unavailable);
        assert_eq!(k.save(&edited(&d, 1, 1, 1), 1), Outcome::NotSaved);
    }

    #[test]
    fn two_tabs_do_not_lose_each_others_edits() {
        let mem = Memory::default();
        let (mut a, da) = Keeper::open(mem.clone(), KEY);
        let (mut b, db) = Keeper::open(mem.clone(), KEY);
        let da = edited(&da, 1, 10, 5);
        assert_eq!(a.save(&da, 5), Outcome::Saved);
        // Tab B edits another month without having seen A's write.
        let db = edited(&db, 2, 20, 6);
        let merged = match b.save(&db, 6) {
            Outcome::Merged(m) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(merged.figure("u", ym(1), "vb_tong"), Some(10));
        assert_eq!(merged.figure("u", ym(2), "vb_tong"), Some(20));
        // Tab A hears of it and, having no edits, adopts it.
        match a.external_change(&da, 7) {
            Outcome::Adopted(d) => assert_eq!(d, merged),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_tab_stops_when_another_writes_what_it_cannot_read() {
        let mem = Memory::default();
        let (mut a, d) = Keeper::open(mem.clone(), KEY);
        let d = edited(&d, 1, 1, 1);
        a.save(&d, 1);
        let newer = persist::encode(&d, 2).replace(
            &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
            "\"schema_version\":99",
        );
        mem.map.borrow_mut().insert(KEY.into(), newer.clone());
        assert_eq!(a.save(&edited(&d, 3, 3, 3), 3), Outcome::NotSaved);
        assert!(matches!(a.health, Health::Stopped(_)));
        assert_eq!(mem.map.borrow()[KEY], newer);
    }
}
