//! The rest of the browser edge: the clock, fresh ids and file downloads. Small functions with
//! no policy; the core receives their results as plain values.

use chrono::NaiveDate;
use wasm_bindgen::JsCast;

use crate::core::data::records::{make_id, Millis};

/// Milliseconds since the epoch, now.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// Today's date in the user's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or(NaiveDate::MIN)
}

/// The local offset in minutes east of UTC (Vietnam: 420).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The width a chart has on this screen, in CSS pixels: the page's content width (72rem at most,
/// less its padding) less the chart box's border and padding. Charts are drawn at this width so
/// that they re-lay out on a phone instead of shrinking.
pub fn chart_width() -> u32 {
    let vw = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.client_width())
        .filter(|w| *w > 0)
        .unwrap_or(1024) as f64;
    let main = vw.min(1152.0);
    let padding = if vw >= 768.0 { 64.0 } else { 32.0 };
    (main - padding - 10.0).clamp(280.0, 1100.0) as u32
}

/// A fresh identifier with 64 random bits (units, survey rounds, files: they meet other devices'
/// ids at the office). See `core::dataset::make_id`.
pub fn new_id(prefix: &str) -> String {
    make_id(prefix, now(), random_bits(32) << 32 | random_bits(32))
}

/// A fresh identifier for a piece of evidence: 32 random bits are plenty for what is also keyed
/// by its unit and task, and every stored character counts at the office.
pub fn new_evidence_id() -> String {
    make_id("e", now(), random_bits(32))
}

fn random_bits(bits: u32) -> u64 {
    (js_sys::Math::random() * (1u64 << bits) as f64) as u64
}

/// Offers `content` as a file download. Errors (no document, blocked Blob) come back as text.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "Blob failed")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "URL failed")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.set_attribute("hidden", "").ok();
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|_| "append failed")?;
    a.click();
    a.remove();
    // Revoke later: some browsers start the download asynchronously.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// A file read, or its name and why it could not be read (above the size cap: never loaded).
pub type ReadFile = Result<(String, Vec<u8>), (String, crate::core::base::error::Located)>;

/// Reads the first file chosen in a file input, then clears the input so that the same file can be
/// chosen again.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement, max_bytes: usize) -> ReadFile {
    let Some(file) = input.files().and_then(|list| list.get(0)) else {
        return Err((String::new(), unreadable("no file".into())));
    };
    let read = read_file(&file, max_bytes).await;
    input.set_value("");
    read
}

fn unreadable(detail: String) -> crate::core::base::error::Located {
    crate::core::base::error::Located::new(
        "",
        crate::core::base::error::FieldError::Invalid(detail),
    )
}

/// Reads one file, unless it is larger than `max_bytes` (checked before reading).
pub async fn read_file(file: &web_sys::File, max_bytes: usize) -> ReadFile {
    use crate::core::base::error::{FieldError, Located};
    let name = file.name();
    if file.size() > max_bytes as f64 {
        let max_mb = max_bytes.div_ceil(1024 * 1024) as u32;
        return Err((name, Located::new("", FieldError::FileTooLarge { max_mb })));
    }
    match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => Ok((name, js_sys::Uint8Array::new(&buffer).to_vec())),
        Err(_) => Err((name, unreadable("read failed".into()))),
    }
}

/// The files of a file list (from a file input or a drop), in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// After a panic the app cannot run again (the wasm instance is stopped), so the page must not
/// freeze silently: this replaces it with a plain screen that says what happened, offers the
/// stored data as a file (a link prepared now, since no Rust code runs after the panic) and a
/// reload. Everything here is best effort and never panics itself.
pub fn show_crash_screen(texts: &crate::i18n::Texts, stored: Option<String>, detail: &str) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    if let Some(screen) = crash_screen(texts, stored, detail) {
        body.set_inner_html("");
        let _ = body.append_child(&screen);
    }
}

/// The crash screen's element, not yet placed (tested on its own).
pub fn crash_screen(
    texts: &crate::i18n::Texts,
    stored: Option<String>,
    detail: &str,
) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let screen = document.create_element("div").ok()?;
    screen.set_id("crash");
    let _ = screen.set_attribute("role", "alert");
    let _ = screen.set_attribute("class", "crash");
    let add = |parent: &web_sys::Element, tag: &str, text: &str| -> Option<web_sys::Element> {
        let e = document.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        parent.append_child(&e).ok()?;
        Some(e)
    };
    add(&screen, "h1", texts.crash_title);
    add(&screen, "p", texts.crash_body);
    if let Some(raw) = stored {
        let parts = js_sys::Array::of1(&raw.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let url = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
            .ok()
            .and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok());
        if let (Some(url), Some(a)) = (url, add(&screen, "a", texts.crash_backup)) {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", "cchc-sao-luu-khan-cap.json");
            let _ = a.set_attribute("class", "button");
        }
    }
    if let Some(a) = add(&screen, "a", texts.crash_reload) {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_else(|| "./".into());
        let _ = a.set_attribute("href", &href);
        let _ = a.set_attribute("class", "button secondary");
    }
    if let Some(d) = add(&screen, "details", "") {
        add(&d, "summary", texts.crash_detail);
        add(&d, "pre", detail);
    }
    Some(screen)
}
