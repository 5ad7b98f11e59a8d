//! The browser shell: Leptos components over the core. Components show state and send intents to
//! [`state::App`]; every rule they display comes from `crate::core`.

mod components;
mod layout;
mod messages;
mod pages;
pub mod state;

use leptos::prelude::*;

use crate::core::plan::model::Plan;
use crate::route::Route;
use state::{location_hash_string, App};

/// Mounts the app on the page. A panic shows a recoverable screen (backup download, reload)
/// instead of a frozen page, after logging it to the console.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let lang = crate::core::storage::prefs::Prefs::decode(
            crate::edge::store::read_quietly(crate::core::storage::prefs::PREFS_KEY).as_deref(),
        )
        .lang;
        let stored = crate::edge::store::read_quietly(crate::core::storage::prefs::DATA_KEY);
        crate::edge::browser::show_crash_screen(
            crate::i18n::texts(lang),
            stored,
            &info.to_string(),
        );
    }));
    // The loading frame of `index.html` is painted before the app replaces it (one frame later
    // at most): on a slow link it always is, and so the page behaves the same on a fast one.
    // A hidden tab paints no frames: there a timer mounts the app instead, whichever comes first.
    // A user who chose English waits for its table (a module of its own) before the first
    // paint; if it cannot come, the app starts in Vietnamese (`App::new`). Stored data waits for
    // the code that reads it the same way (`state::prepare_codec`), data of an older schema for
    // the migrations too (`migrations::prepare`), and a plan of the user's own in use for the
    // checks of plans (`state::prepare_plan_check`).
    // All of them are fetched while the loading frame paints; the mount awaits the same fetches.
    let lang = crate::core::storage::prefs::Prefs::decode(
        crate::edge::store::read_quietly(crate::core::storage::prefs::PREFS_KEY).as_deref(),
    )
    .lang;
    wasm_bindgen_futures::spawn_local(prepare(lang));
    let mounted = std::rc::Rc::new(std::cell::Cell::new(false));
    let mount = move || {
        if !mounted.replace(true) {
            wasm_bindgen_futures::spawn_local(async move {
                prepare(lang).await;
                if let Some(boot) = document().get_element_by_id("boot") {
                    boot.remove();
                }
                mount_to_body(Root);
            });
        }
    };
    let after_paint = mount.clone();
    request_animation_frame(move || request_animation_frame(after_paint));
    set_timeout(mount, std::time::Duration::from_millis(250));
}

/// Fetches the code the first paint needs beyond the main module: the language's table, and
/// what the stored data needs. Each fetch is made once (a second call waits for the same one).
async fn prepare(lang: crate::core::base::format::Lang) {
    let _ = crate::i18n::ready(lang).await;
    state::prepare_codec().await;
    pages::prepare_overview().await;
    crate::edge::migrations::prepare().await;
    state::prepare_plan_check().await;
}

/// The built-in plan, loaded once and kept for the page's lifetime.
fn builtin_plan() -> &'static Plan {
    Box::leak(Box::new(Plan::builtin()))
}

#[component]
pub fn Root() -> impl IntoView {
    let app = App::new(builtin_plan());
    provide_context(app);

    // The hash is the route; anchors (#main) are not routes and leave it alone.
    let on_hash = window_event_listener_untyped("hashchange", move |_| {
        if let Some(r) = Route::parse(&location_hash_string()) {
            app.route.set(r);
        }
    });
    on_cleanup(move || on_hash.remove());

    // The interface is drawn once per language: texts inside are plain strings, not one reactive
    // closure each (that would cost bytes for every label), and switching language is rare.
    // The same for the plan in use: switching plans redraws everything under the new plan.
    move || {
        app.lang.track();
        app.plan_tracked();
        view! { <layout::Layout /> }
    }
}
