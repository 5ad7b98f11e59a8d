//! The frame around every page: skip link, header, navigation, storage and sample banners, the
//! page itself, footer and the message area.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::base::format::Lang;
use crate::core::storage::persist::APP_VERSION;
use crate::core::storage::policy::Health;
use crate::edge::browser;
use crate::i18n::fill;
use crate::route::Page;

use super::messages;
use super::pages;
use super::state::{codec, use_app, Workspace};

/// Focuses the main region's heading (after navigation, for keyboard and screen-reader users).
pub(super) fn focus_heading() {
    request_animation_frame(|| {
        let target = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .or_else(|| document().get_element_by_id("main"));
        if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.get_attribute("tabindex").is_none() {
                let _ = el.set_attribute("tabindex", "-1");
            }
            let _ = el.focus();
        }
    });
}

/// Offers the whole dataset as a JSON backup file (written by the codec, fetched first if it has
/// not come yet). When this tab could not read what is stored, the stored text is offered as it
/// is (the stored form is a backup's), never the empty dataset the tab shows.
pub fn download_backup() {
    let app = use_app();
    leptos::task::spawn_local(async move {
        let name = format!(
            "cchc-sao-luu-{}.json",
            crate::core::base::format::iso(app.today.get_untracked())
        );
        let text = if app.health.with_untracked(Health::holds_unread) {
            match app.stored_raw() {
                Some(raw) => raw,
                None => return,
            }
        } else {
            let Ok(codec) = codec().await else {
                app.health.set(Health::CodecMissing);
                return;
            };
            (codec.encode)(&app.data.get_untracked(), browser::now())
        };
        match browser::download(&name, "application/json", &text) {
            Ok(()) => app.last_backup.set(Some(browser::now())),
            Err(e) => app.notify(e, false),
        }
    });
}

#[component]
pub fn Layout() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let lang = app.lang.get_untracked();

    // Title and focus follow the route (not on first load).
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let route = app.route.get();
        document().set_title(&format!(
            "{} — {} {} — {}",
            t.page(route.page()),
            t.app_name,
            app.plan().year,
            app.me
                .get_untracked()
                .map_or_else(|| app.plan().office_short().to_string(), |u| u.name),
        ));
        if first.get_value() {
            first.set_value(false);
        } else {
            focus_heading();
        }
    });

    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(m) = document()
            .get_element_by_id("main")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = m.focus();
        }
    };

    view! {
        <a class="skip" href="#main" on:click=skip>
            {t.skip_to_content}
        </a>
        <header class="site-header">
            <div class="topbar">
                <a class="brand" href="#/">
                    <span class="brand-name">
                        {move || format!("{} {}", t.app_name, app.plan().year)}
                    </span>
                    <span class="brand-org">
                        {move || {
                            app.me
                                .get()
                                .map(|u| u.name)
                                .unwrap_or_else(|| app.plan_tracked().office_short().to_string())
                        }}
                    </span>
                </a>
                <div class="topbar-tools">
                    <button
                        type="button"
                        class="lang"
                        lang=if lang == Lang::Vi { "en" } else { "vi" }
                        aria-label=t.lang_switch_label
                        on:click=move |_| {
                            let next = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
                            leptos::task::spawn_local(async move {
                                if crate::i18n::ready(next).await.is_err() {
                                    app.notify(t.lang_missing.to_string(), false);
                                    return;
                                }
                                app.lang.set(next);
                                request_animation_frame(|| {
                                    if let Some(b) = document()
                                        .query_selector(".lang")
                                        .ok()
                                        .flatten()
                                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                                    {
                                        let _ = b.focus();
                                    }
                                });
                            });
                        }
                    >
                        {t.lang_switch}
                    </button>
                </div>
            </div>
            <Nav />
            <Banners />
        </header>
        <main id="main" tabindex="-1">
            {move || pages::page(app.route.get())}
        </main>
        <footer class="footer">
            <p>{t.footer_local}</p>
            <p>{move || format!("{} {APP_VERSION}", t.version)}</p>
        </footer>
        <ToastArea />
    }
}

#[component]
fn Nav() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    // On a phone the menu folds behind one button that names the page one is on: every
    // destination is a tap away and in view when open, and the page's heading stays near the
    // top when closed. Choosing a page folds it again. Wider screens show the list alone.
    let open = RwSignal::new(false);
    view! {
        <nav class="nav" aria-label=t.nav_label>
            <button
                type="button"
                class="nav-toggle"
                aria-controls="nav-list"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t.nav_menu}
                " · "
                {move || t.page(app.route.get().page())}
            </button>
            <ul id="nav-list" class:open=open>
                {Page::NAV
                    .into_iter()
                    .map(|p| {
                        let current = move || (app.route.get().page() == p).then_some("page");
                        view! {
                            <li>
                                <a
                                    href=p.route().href()
                                    aria-current=current
                                    on:click=move |_| open.set(false)
                                >
                                    {move || t.page(p)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn Banners() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let lang = app.lang.get_untracked();
    let sample = move || {
        (app.workspace.get() == Workspace::Sample).then(|| {
            view! {
                <div class="banner banner-sample" role="note">
                    <p>{t.sample_banner}</p>
                    <button type="button" on:click=move |_| app.close_sample()>
                        {t.data_sample_leave}
                    </button>
                </div>
            }
        })
    };
    let health = move || match app.health.get() {
        Health::Ok => None,
        Health::QuotaFull => Some(backup_banner("banner-error", t.banner_quota, None)),
        Health::WriteFailed(detail) => {
            Some(backup_banner("banner-error", t.banner_quota, Some(detail)))
        }
        Health::Unavailable => Some(backup_banner("banner-warning", t.banner_unavailable, None)),
        Health::CodecMissing => Some(
            view! {
                <div class="banner banner-error" role="alert">
                    <p>{t.banner_codec_missing}</p>
                    <button type="button" on:click=move |_| app.fetch_codec()>
                        {t.banner_retry}
                    </button>
                </div>
            }
            .into_any(),
        ),
        Health::Recovery { error, .. } => Some(recovery_banner(messages::located(&error, lang))),
        Health::Newer { found, supported } => Some(
            view! {
                <div class="banner banner-error" role="alert">
                    <p>
                        {fill(
                            t.banner_newer,
                            &[("found", &found.to_string()), ("supported", &supported.to_string())],
                        )}
                    </p>
                </div>
            }
            .into_any(),
        ),
        // Stopped until a reload: another tab wrote what this one cannot read, or older data
        // whose migrations did not come.
        Health::Stopped(_) => Some(reload_banner(t.banner_stale)),
        Health::ReaderMissing => Some(reload_banner(t.banner_reader_missing)),
    };
    view! {
        {sample}
        {health}
    }
}

/// Storage cannot keep the edits: what happened, and the backup that saves them.
fn backup_banner(class: &'static str, text: &'static str, detail: Option<String>) -> AnyView {
    let t = use_app().t_untracked();
    view! {
        <div class=format!("banner {class}") role="alert">
            <p>{text}</p>
            {detail.map(|d| view! { <p class="detail">{d}</p> })}
            <button type="button" on:click=move |_| download_backup()>
                {t.data_backup_button}
            </button>
        </div>
    }
    .into_any()
}

/// The app has stopped until a reload.
fn reload_banner(text: &'static str) -> AnyView {
    let t = use_app().t_untracked();
    view! {
        <div class="banner banner-error" role="alert">
            <p>{text}</p>
            <button
                type="button"
                on:click=move |_| {
                    let _ = window().location().reload();
                }
            >
                {t.banner_reload}
            </button>
        </div>
    }
    .into_any()
}

/// The stored data cannot be read: keep a copy of it as it is, or start afresh over it.
fn recovery_banner(detail: String) -> AnyView {
    let app = use_app();
    let t = app.t_untracked();
    let download_raw = move |_| {
        if let Some(raw) = app.unreadable_raw() {
            let name = format!(
                "cchc-du-lieu-goc-{}.json",
                crate::core::base::format::iso(app.today.get_untracked()),
            );
            if let Err(e) = browser::download(&name, "application/json", &raw) {
                app.notify(e, false);
            }
        }
    };
    let start_fresh = move |_| {
        let ok = window()
            .confirm_with_message(t.recovery_start_fresh_confirm)
            .unwrap_or(false);
        if ok {
            if let Err(e) = app.start_fresh() {
                app.notify(e, false);
            }
        }
    };
    view! {
        <div class="banner banner-error" role="alert">
            <p>{fill(t.banner_recovery, &[("detail", &detail)])}</p>
            <div class="actions">
                <button type="button" on:click=download_raw>
                    {t.recovery_download}
                </button>
                <button type="button" class="secondary" on:click=start_fresh>
                    {t.recovery_start_fresh}
                </button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn ToastArea() -> impl IntoView {
    let app = use_app();
    // Plain messages go away by themselves; one that offers "Hoàn tác" stays until closed or replaced.
    Effect::new(move |_| {
        if let Some(toast) = app.toast.get().filter(|t| !t.undo) {
            set_timeout(
                move || {
                    if app.toast.try_get_untracked().flatten().as_ref() == Some(&toast) {
                        app.toast.set(None);
                    }
                },
                std::time::Duration::from_secs(6),
            );
        }
    });
    let t = app.t_untracked();
    view! {
        <div class="toast-area" role="status" aria-live="polite">
            {move || {
                app.toast
                    .get()
                    .map(|toast| {
                        view! {
                            <div class="toast">
                                <span>{toast.text}</span>
                                {toast
                                    .undo
                                    .then(|| {
                                        view! {
                                            <button type="button" on:click=move |_| app.undo()>
                                                {t.undo}
                                            </button>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label=t.close
                                    on:click=move |_| app.toast.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
