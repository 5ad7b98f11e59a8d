//! Browser tests (wasm-bindgen-test in headless Chromium): the localStorage edge with every fault a
//! browser can throw at it, and the app mounted as a whole. Run by `scripts/test`.
#![cfg(target_arch = "wasm32")]

use cchc::core::base::period::YearMonth;
use cchc::core::data::dataset::Dataset;
use cchc::core::storage::persist;
use cchc::core::storage::policy::{Backend, BackendError, Health, Keeper, Outcome};
use cchc::core::storage::prefs::{DATA_KEY, PREFS_KEY, SAMPLE_KEY};
use cchc::edge::store::{classify, used_units, LocalStorage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "cchc.test.v1";

fn js(code: &str) -> JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("eval failed: {code}: {e:?}"))
}

/// Clears storage and undoes every stub, so that tests do not leak into each other.
fn reset() {
    js(r#"
        if (window.__realSetItem) { Storage.prototype.setItem = window.__realSetItem; }
        if (window.__realGetItem) { Storage.prototype.getItem = window.__realGetItem; }
        if (window.__lsStubbed) { Object.defineProperty(window, 'localStorage', window.__lsDescriptor); window.__lsStubbed = false; }
        window.__realSetItem = Storage.prototype.setItem;
        window.__realGetItem = Storage.prototype.getItem;
        localStorage.clear();
    "#);
}

/// Makes every setItem throw what `error` evaluates to.
fn stub_set_item(error: &str) {
    js(&format!(
        "Storage.prototype.setItem = function () {{ throw {error}; }};"
    ));
}

/// Makes `window.localStorage` itself throw, as with storage disabled.
fn stub_storage_access() {
    js(r#"
        window.__lsDescriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')
            || Object.getOwnPropertyDescriptor(Window.prototype, 'localStorage');
        Object.defineProperty(window, 'localStorage', {
            configurable: true,
            get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
        });
        window.__lsStubbed = true;
    "#);
}

fn raw(key: &str) -> Option<String> {
    js(&format!("localStorage.getItem({key:?})")).as_string()
}

fn edited(d: &Dataset, month: u32, value: u64) -> Dataset {
    let mut d = d.clone();
    d.set_figure(
        "u",
        YearMonth::new(2024, month).unwrap(),
        "vb_tong",
        Some(value),
        1000 + value as i64,
    );
    d
}

async fn sleep(ms: u64) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[wasm_bindgen_test]
fn local_storage_writes_reads_back_and_clears() {
    reset();
    let s = LocalStorage;
    assert_eq!(s.read(KEY), Ok(None));
    s.write(KEY, "xin chào — dữ liệu").unwrap();
    assert_eq!(s.read(KEY), Ok(Some("xin chào — dữ liệu".to_string())));
    s.remove(KEY).unwrap();
    assert_eq!(s.read(KEY), Ok(None));
}

/// The gauge's measure: every key and value of the site, in UTF-16 units (the quota's count,
/// so "ư" is one unit and "😀" two), and nothing where storage cannot be reached.
#[wasm_bindgen_test]
fn the_site_storage_is_measured_key_and_value_in_utf16_units() {
    reset();
    assert_eq!(used_units(), Some(0));
    LocalStorage.write(KEY, "dữ liệu").unwrap();
    LocalStorage.write("khác", "😀").unwrap();
    assert_eq!(used_units(), Some(KEY.len() + 7 + 4 + 2));
    stub_storage_access();
    assert_eq!(used_units(), None);
    reset();
}

#[wasm_bindgen_test]
fn every_form_of_the_quota_error_is_recognised() {
    reset();
    for error in [
        "new DOMException('full', 'QuotaExceededError')",
        "new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED')",
        "Object.assign(new Error('full'), { code: 22 })",
        "Object.assign(new Error('full'), { code: 1014, name: 'NS_ERROR_DOM_QUOTA_REACHED' })",
    ] {
        stub_set_item(error);
        assert_eq!(
            LocalStorage.write(KEY, "x"),
            Err(BackendError::Quota),
            "{error}"
        );
        let thrown = js(&format!(
            "(() => {{ try {{ throw {error}; }} catch (e) {{ return e; }} }})()"
        ));
        assert_eq!(classify(&thrown), BackendError::Quota);
        reset();
    }
    let other = js("new DOMException('nope', 'InvalidStateError')");
    assert!(matches!(classify(&other), BackendError::Other(_)));
}

#[wasm_bindgen_test]
fn a_full_quota_keeps_edits_in_memory_until_a_save_succeeds() {
    reset();
    let (mut keeper, data) = Keeper::open(LocalStorage, KEY);
    let first = edited(&data, 1, 10);
    assert_eq!(keeper.save(&first, 1), Outcome::Saved);
    let before = raw(KEY);

    stub_set_item("new DOMException('full', 'QuotaExceededError')");
    let second = edited(&first, 2, 20);
    assert_eq!(keeper.save(&second, 2), Outcome::NotSaved);
    assert_eq!(keeper.health, Health::QuotaFull);
    assert_eq!(raw(KEY), before, "the stored value is the last good one");
    assert!(
        keeper.has_unsaved(&second),
        "the edit is still pending in memory"
    );

    reset_stubs_only();
    assert_eq!(keeper.save(&second, 3), Outcome::Saved);
    assert_eq!(keeper.health, Health::Ok);
    assert_eq!(persist::decode(&raw(KEY).unwrap()).unwrap(), second);
}

/// Undoes stubs without clearing storage.
fn reset_stubs_only() {
    js("Storage.prototype.setItem = window.__realSetItem; Storage.prototype.getItem = window.__realGetItem;");
}

#[wasm_bindgen_test]
fn storage_that_throws_on_access_runs_in_memory_without_panicking() {
    reset();
    stub_storage_access();
    assert!(matches!(
        LocalStorage.read(KEY),
        Err(BackendError::Unavailable(_))
    ));
    let (mut keeper, data) = Keeper::open(LocalStorage, KEY);
    assert_eq!(keeper.health, Health::Unavailable);
    assert_eq!(keeper.save(&edited(&data, 1, 1), 1), Outcome::NotSaved);
    reset();
}

#[wasm_bindgen_test]
fn a_corrupt_stored_value_is_kept_and_never_overwritten() {
    reset();
    let corrupt =
        r#"{"format":"cchc-dataset","schema_version":1,"data":{"figures":{"u":{"2024-13":{}}}}}"#;
    LocalStorage.write(KEY, corrupt).unwrap();
    let (mut keeper, data) = Keeper::open(LocalStorage, KEY);
    assert!(
        matches!(keeper.health, Health::Recovery { .. }),
        "{:?}",
        keeper.health
    );
    assert_eq!(keeper.save(&edited(&data, 1, 5), 1), Outcome::NotSaved);
    assert_eq!(raw(KEY).as_deref(), Some(corrupt));
    assert_eq!(keeper.unreadable_raw(), Some(corrupt));
    let aside = keeper.set_aside_and_start_fresh(99).unwrap();
    assert_eq!(
        raw(&aside).as_deref(),
        Some(corrupt),
        "the original is copied aside, not lost"
    );
}

// ---- The app as a whole -------------------------------------------------------------------------

fn body_text() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .inner_text()
}

fn click(selector: &str) {
    js(&format!("document.querySelector({selector:?}).click()"));
}

fn set_input(selector: &str, value: &str) {
    js(&format!(
        "(() => {{ const el = document.querySelector({selector:?}); el.value = {value:?}; el.dispatchEvent(new Event('input', {{ bubbles: true }})); }})()"
    ));
}

/// Mounts the app in a fresh container and returns a function that unmounts it.
fn mount() -> impl FnOnce() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if let Some(old) = doc.get_element_by_id("app-under-test") {
        old.remove();
    }
    let el: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(doc.create_element("div").unwrap());
    el.set_id("app-under-test");
    doc.body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), cchc::ui::Root);
    move || {
        drop(handle);
        el.remove();
    }
}

async fn settle() {
    leptos::task::tick().await;
    sleep(30).await;
    leptos::task::tick().await;
}

/// Clears storage, mounts the app on the dashboard and completes the first start as the office.
async fn start_as_office() -> impl FnOnce() {
    reset();
    js("location.hash = '#/'");
    let unmount = mount();
    settle().await;
    click("form.who button[type=submit]");
    settle().await;
    unmount
}

#[wasm_bindgen_test]
async fn the_app_starts_by_asking_who_the_user_is_and_then_shows_the_dashboard() {
    reset();
    js("location.hash = '#/'");
    let unmount = mount();
    settle().await;
    assert!(
        body_text().contains("Bạn làm việc ở đâu?"),
        "{}",
        body_text()
    );
    click("form.who button[type=submit]");
    settle().await;
    assert!(
        body_text().contains("Báo cáo sắp đến hạn"),
        "{}",
        body_text()
    );
    // Saved after the debounce.
    sleep(600).await;
    let stored = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    assert_eq!(
        stored.me().unwrap().name,
        "Phòng Giáo dục và Đào tạo Quận 6"
    );
    unmount();
}

#[wasm_bindgen_test]
async fn the_first_start_form_keeps_what_is_typed_through_a_save() {
    reset();
    js("location.hash = '#/'");
    let unmount = mount();
    settle().await;
    click("input[name=kind][value=school]");
    settle().await;
    set_input("#who-name", "Trường Thử");
    settle().await;
    // A save sets the storage health again (as the debounced one after the start does): the
    // form is not redrawn under the user.
    js("window.dispatchEvent(new Event('pagehide'))");
    settle().await;
    sleep(600).await;
    assert_eq!(
        js("document.querySelector('input[name=kind][value=school]').checked").as_bool(),
        Some(true)
    );
    assert_eq!(
        js("document.querySelector('#who-name')?.value")
            .as_string()
            .as_deref(),
        Some("Trường Thử")
    );
    unmount();
}

#[wasm_bindgen_test]
async fn a_full_quota_shows_a_banner_that_stays_until_a_save_succeeds() {
    reset();
    js("location.hash = '#/'");
    let unmount = mount();
    settle().await;
    stub_set_item("new DOMException('full', 'QuotaExceededError')");
    click("form.who button[type=submit]");
    settle().await;
    sleep(600).await;
    settle().await;
    assert!(body_text().contains("Chưa lưu được"), "{}", body_text());
    assert!(body_text().contains("hãy xuất bản sao lưu"));
    assert_eq!(raw(DATA_KEY), None);
    // Another edit while still full: the banner stays.
    js("location.hash = '#/so-lieu/2024-02'");
    settle().await;
    set_input("#fig-vb_tong", "12");
    settle().await;
    sleep(600).await;
    assert!(body_text().contains("Chưa lưu được"));
    // Space again: the next save succeeds and the banner goes.
    reset_stubs_only();
    set_input("#fig-vb_dien_tu", "10");
    settle().await;
    sleep(600).await;
    settle().await;
    assert!(!body_text().contains("Chưa lưu được"), "{}", body_text());
    let stored = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    let me = stored.me().unwrap().id.clone();
    let feb = YearMonth::new(2024, 2).unwrap();
    assert_eq!(
        stored.figure(&me, feb, "vb_tong"),
        Some(12),
        "the edit made while full was kept"
    );
    assert_eq!(stored.figure(&me, feb, "vb_dien_tu"), Some(10));
    unmount();
}

/// Stored data this tab could not read: the first start screen is not offered over it, and a
/// save is asked for (as when the page is hidden), which must write nothing.
fn assert_no_start_and_save() {
    assert_eq!(
        js("document.querySelector('form.who') === null").as_bool(),
        Some(true),
        "{}",
        body_text()
    );
    js("window.dispatchEvent(new Event('pagehide'))");
}

#[wasm_bindgen_test]
async fn a_corrupt_store_starts_in_recovery_and_writes_nothing() {
    reset();
    js("location.hash = '#/'");
    LocalStorage
        .write(
            DATA_KEY,
            "{\"format\":\"cchc-dataset\",\"schema_version\":1,\"data\":{\"units\":[",
        )
        .unwrap();
    let unmount = mount();
    settle().await;
    assert!(
        body_text().contains("Không đọc được dữ liệu đã lưu"),
        "{}",
        body_text()
    );
    // No new start is offered over it, and a save (the page hidden) does not overwrite it.
    assert_no_start_and_save();
    settle().await;
    sleep(600).await;
    assert_eq!(
        raw(DATA_KEY).as_deref(),
        Some("{\"format\":\"cchc-dataset\",\"schema_version\":1,\"data\":{\"units\":[")
    );
    unmount();
}

#[wasm_bindgen_test]
async fn a_newer_store_is_refused_without_writing() {
    reset();
    js("location.hash = '#/'");
    let newer = persist::encode(&Dataset::default(), 1).replace(
        &format!("\"schema_version\":{}", persist::DATASET_SCHEMA_VERSION),
        "\"schema_version\":999",
    );
    LocalStorage.write(DATA_KEY, &newer).unwrap();
    let unmount = mount();
    settle().await;
    assert!(body_text().contains("phiên bản mới hơn"), "{}", body_text());
    assert_no_start_and_save();
    settle().await;
    sleep(600).await;
    assert_eq!(raw(DATA_KEY), Some(newer));
    unmount();
}

#[wasm_bindgen_test]
async fn disabled_storage_shows_a_warning_and_the_app_still_works() {
    reset();
    js("location.hash = '#/'");
    stub_storage_access();
    let unmount = mount();
    settle().await;
    assert!(
        body_text().contains("Trình duyệt không cho lưu dữ liệu"),
        "{}",
        body_text()
    );
    click("form.who button[type=submit]");
    settle().await;
    assert!(body_text().contains("Báo cáo sắp đến hạn"));
    unmount();
    reset();
}

#[wasm_bindgen_test]
async fn sample_data_is_kept_apart_and_removed_in_one_click() {
    let unmount = start_as_office().await;
    sleep(600).await;
    let real = raw(DATA_KEY).unwrap();
    js("location.hash = '#/du-lieu'");
    settle().await;
    js("[...document.querySelectorAll('button')].find(b => b.textContent === 'Xem dữ liệu mẫu').click()");
    settle().await;
    sleep(600).await;
    assert!(
        body_text().contains("ĐANG XEM DỮ LIỆU MẪU"),
        "{}",
        body_text()
    );
    assert!(raw(SAMPLE_KEY).is_some());
    assert_eq!(raw(DATA_KEY).unwrap(), real, "real data untouched");
    assert!(raw(PREFS_KEY).unwrap().contains("\"sample\":true"));
    js("[...document.querySelectorAll('button')].find(b => b.textContent === 'Thoát dữ liệu mẫu').click()");
    settle().await;
    sleep(600).await;
    assert!(!body_text().contains("ĐANG XEM DỮ LIỆU MẪU"));
    assert_eq!(raw(SAMPLE_KEY), None, "the sample is gone");
    let data = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    assert_eq!(data.me().unwrap().name, "Phòng Giáo dục và Đào tạo Quận 6");
    unmount();
}

#[wasm_bindgen_test]
async fn an_invalid_figure_is_shown_with_its_message_and_not_saved() {
    let unmount = start_as_office().await;
    js("location.hash = '#/so-lieu/2024-03'");
    settle().await;
    set_input("#fig-vb_tong", "10");
    settle().await;
    set_input("#fig-vb_dien_tu", "11");
    settle().await;
    let error = js("document.querySelector('#fig-vb_dien_tu-error').textContent")
        .as_string()
        .unwrap();
    assert!(error.contains("Không được lớn hơn"), "{error}");
    assert_eq!(
        js("document.querySelector('#fig-vb_dien_tu').getAttribute('aria-invalid')")
            .as_string()
            .as_deref(),
        Some("true")
    );
    set_input("#fig-vb_tong", "12,5");
    settle().await;
    let error = js("document.querySelector('#fig-vb_tong-error').textContent")
        .as_string()
        .unwrap();
    assert!(error.contains("số nguyên"), "{error}");
    sleep(600).await;
    let data = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    let me = data.me().unwrap().id.clone();
    let mar = YearMonth::new(2024, 3).unwrap();
    assert_eq!(
        data.figure(&me, mar, "vb_tong"),
        Some(10),
        "the invalid 12,5 was not saved"
    );
    assert_eq!(
        data.figure(&me, mar, "vb_dien_tu"),
        None,
        "11 > 10 was not saved"
    );
    // Raising the whole makes the waiting part valid: it is saved then.
    set_input("#fig-vb_tong", "20");
    settle().await;
    sleep(600).await;
    let data = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    assert_eq!(data.figure(&me, mar, "vb_dien_tu"), Some(11));
    unmount();
}

#[wasm_bindgen_test]
async fn clearing_a_month_can_be_undone() {
    let unmount = start_as_office().await;
    js("location.hash = '#/so-lieu/2024-04'");
    settle().await;
    set_input("#fig-vb_tong", "7");
    settle().await;
    js("[...document.querySelectorAll('button')].find(b => b.textContent === 'Xóa số liệu tháng này').click()");
    settle().await;
    assert_eq!(
        js("document.querySelector('#fig-vb_tong').value")
            .as_string()
            .as_deref(),
        Some("")
    );
    js("[...document.querySelectorAll('.toast button')].find(b => b.textContent === 'Hoàn tác').click()");
    settle().await;
    assert_eq!(
        js("document.querySelector('#fig-vb_tong').value")
            .as_string()
            .as_deref(),
        Some("7")
    );
    unmount();
}

#[wasm_bindgen_test]
async fn a_change_from_another_tab_is_merged_not_lost() {
    let unmount = start_as_office().await;
    sleep(600).await;
    // Another tab writes a figure for May.
    let mut other = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    let me = other.me().unwrap().id.clone();
    let may = YearMonth::new(2024, 5).unwrap();
    other.set_figure(&me, may, "vb_tong", Some(33), 5);
    let written = persist::encode(&other, 5);
    LocalStorage.write(DATA_KEY, &written).unwrap();
    // Meanwhile this tab types a figure for June, then hears of the other tab's write.
    js("location.hash = '#/so-lieu/2024-06'");
    settle().await;
    set_input("#fig-vb_tong", "44");
    settle().await;
    js(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: {DATA_KEY:?} }}))"
    ));
    settle().await;
    sleep(600).await;
    let data = persist::decode(&raw(DATA_KEY).unwrap()).unwrap();
    assert_eq!(
        data.figure(&me, may, "vb_tong"),
        Some(33),
        "the other tab's edit survived"
    );
    assert_eq!(
        data.figure(&me, YearMonth::new(2024, 6).unwrap(), "vb_tong"),
        Some(44),
        "this tab's edit survived"
    );
    unmount();
}

/// Issue 12: a panic leaves a readable screen with the stored data as a file and a reload link —
/// built without running any code after it (links, not handlers), and with data shown as text.
#[wasm_bindgen_test]
fn the_crash_screen_offers_the_backup_and_a_reload() {
    let t = cchc::i18n::texts(cchc::core::base::format::Lang::Vi);
    let screen = cchc::edge::browser::crash_screen(
        t,
        Some("{\"format\":\"cchc-dataset\"}".into()),
        "<b>boom</b>",
    )
    .expect("a screen");
    let html = screen.inner_html();
    assert!(html.contains("Ứng dụng gặp lỗi và đã dừng"), "{html}");
    let links = screen.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2);
    let backup: web_sys::Element = links.item(0).unwrap().dyn_into().unwrap();
    assert!(backup.get_attribute("href").unwrap().starts_with("blob:"));
    assert_eq!(
        backup.get_attribute("download").as_deref(),
        Some("cchc-sao-luu-khan-cap.json")
    );
    assert!(
        html.contains("&lt;b&gt;boom&lt;/b&gt;"),
        "details are text, not markup"
    );
    let without = cchc::edge::browser::crash_screen(t, None, "x").unwrap();
    assert_eq!(
        without.query_selector_all("a").unwrap().length(),
        1,
        "no data, no backup link"
    );
}
