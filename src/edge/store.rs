//! The localStorage edge: reads and writes strings and translates the browser's errors into
//! [`BackendError`] values. It decides nothing; the policy is `core::storage`.
//!
//! Storage is reached through gloo-storage's `LocalStorage`, behind an availability probe:
//! - the probe (`Window::local_storage()`, web-sys) comes first because gloo's `raw()` throws —
//!   aborting the app — where storage is disabled or blocked; the probe returns that as a value;
//! - reads and writes use the `web_sys::Storage` that gloo hands out, as plain strings, rather than
//!   gloo's typed `get`/`set`: the stored text must be read raw so that a damaged value can be kept
//!   aside byte for byte; `set` would JSON-encode our JSON a second time; and its error keeps only
//!   the error's name, while old WebKit and Firefox signal a full quota by `code` (22, 1014) —
//!   and a thrown value that is not an `Error` would hit its `unreachable!`.

use gloo_storage::Storage as _;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::storage::policy::{Backend, BackendError};

/// The browser's localStorage.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStorage;

/// Probes that storage can be reached, then takes gloo-storage's handle on it.
fn storage() -> Result<web_sys::Storage, BackendError> {
    let window = web_sys::window().ok_or_else(|| BackendError::Unavailable("no window".into()))?;
    match window.local_storage() {
        // Available: gloo's `raw()` makes the same calls and cannot throw now.
        Ok(Some(_)) => Ok(gloo_storage::LocalStorage::raw()),
        Ok(None) => Err(BackendError::Unavailable("localStorage is null".into())),
        Err(e) => Err(BackendError::Unavailable(describe(&e))),
    }
}

impl Backend for LocalStorage {
    fn read(&self, key: &str) -> Result<Option<String>, BackendError> {
        storage()?.get_item(key).map_err(|e| classify(&e))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), BackendError> {
        storage()?.set_item(key, value).map_err(|e| classify(&e))
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        storage()?.remove_item(key).map_err(|e| classify(&e))
    }
}

/// Browsers name a full quota differently: QuotaExceededError (Chromium, Safari), code 22 (old
/// WebKit), NS_ERROR_DOM_QUOTA_REACHED / code 1014 (old Firefox). All mean the same.
pub fn classify(e: &JsValue) -> BackendError {
    let name = Reflect::get(e, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let code = Reflect::get(e, &"code".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    if name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || code == 22.0
        || code == 1014.0
    {
        BackendError::Quota
    } else if name == "SecurityError" || name == "InvalidAccessError" {
        BackendError::Unavailable(describe(e))
    } else {
        BackendError::Other(describe(e))
    }
}

fn describe(e: &JsValue) -> String {
    let name = Reflect::get(e, &"name".into())
        .ok()
        .and_then(|v| v.as_string());
    let message = Reflect::get(e, &"message".into())
        .ok()
        .and_then(|v| v.as_string());
    match (name, message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        (None, Some(m)) => m,
        (None, None) => e.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// The first `chars` UTF-16 units of a stored value, without copying the whole value into wasm
/// (a dataset can be megabytes); `None` when absent or unreadable.
pub fn read_head(key: &str, chars: u32) -> Option<String> {
    stored_js(key).map(|text| String::from(text.slice(0, chars)))
}

/// Whether a stored value contains `needle`, looked for in JavaScript (no copy into wasm).
pub fn holds(key: &str, needle: &str) -> bool {
    stored_js(key).is_some_and(|text| text.includes(needle, 0))
}

/// A stored value as a JavaScript string, left where it is.
fn stored_js(key: &str) -> Option<js_sys::JsString> {
    let storage = storage().ok()?;
    let get = js_sys::Function::from(Reflect::get(&storage, &"getItem".into()).ok()?);
    let value = get.call1(&storage, &key.into()).ok()?;
    value.dyn_into::<js_sys::JsString>().ok()
}

/// The UTF-16 units every key and value of this site's localStorage hold, as the quota counts
/// them: the dataset shares the quota with the preferences, the sample workspace and whatever
/// else the site stores (another app served from the same origin). Values are measured in
/// JavaScript, without copying them into wasm. `None` when storage cannot be read.
pub fn used_units() -> Option<usize> {
    let storage = storage().ok()?;
    let mut units = 0;
    for i in 0..storage.length().ok()? {
        let Some(key) = storage.key(i).ok().flatten() else {
            continue;
        };
        let value = stored_js(&key).map_or(0, |v| v.length() as usize);
        units += key.encode_utf16().count() + value;
    }
    Some(units)
}

/// Reads a small value, treating any failure as absent (for preferences).
pub fn read_quietly(key: &str) -> Option<String> {
    LocalStorage.read(key).ok().flatten()
}

/// Writes a small value, ignoring failures (for preferences; the dataset goes through `Keeper`).
pub fn write_quietly(key: &str, value: &str) {
    let _ = LocalStorage.write(key, value);
}

/// Writes a value kept beside the dataset (`core::last_action`); whether it was written.
pub fn write(key: &str, value: &str) -> bool {
    LocalStorage.write(key, value).is_ok()
}

/// Removes a value, ignoring failures.
pub fn remove_quietly(key: &str) {
    let _ = LocalStorage.remove(key);
}

/// Asks the browser to keep this site's storage under pressure (`navigator.storage.persist()`).
/// Resolves to whether storage is persisted; `false` where the API is missing.
pub async fn request_persistence() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // Older browsers have no StorageManager: check before calling.
    if Reflect::get(&navigator, &"storage".into())
        .map(|v| v.is_undefined())
        .unwrap_or(true)
    {
        return false;
    }
    let manager = navigator.storage();
    let Ok(promise) = manager.persist() else {
        return false;
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => v.as_bool().unwrap_or(false),
        Err(_) => false,
    }
}
