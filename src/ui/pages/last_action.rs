//! The last import, restore, archive or reset: done as one undoable step, kept beside the
//! dataset (`core::last_action`), and offered for undoing on the exchange and data pages after a
//! reload, until something else changes the data.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::data::dataset::{Dataset, UndoableAction};
use crate::core::data::records::Millis;
use crate::core::storage::last_action::{self, before_key, record_key, LastAction};
use crate::core::storage::prefs::{DATA_KEY, SAMPLE_KEY};
use crate::edge::browser;
use crate::edge::store;
use crate::i18n::fill;
use crate::ui::state::{use_app, App, Workspace};

/// The key the dataset in use is stored at.
fn data_key(app: App) -> &'static str {
    match app.workspace.get_untracked() {
        Workspace::Real => DATA_KEY,
        Workspace::Sample => SAMPLE_KEY,
    }
}

/// A large action as one undoable step (`App::destroy`), kept for undoing after a reload.
pub fn destroy_kept(
    app: App,
    action: UndoableAction,
    message: String,
    f: impl FnOnce(&mut Dataset, Millis) + 'static,
) {
    let before = app.data.get_untracked();
    app.destroy(action.clone(), message.clone(), f);
    let after = app.data.get_untracked();
    if after == before || !last_action::is_kept(&action) {
        return;
    }
    let key = data_key(app);
    let (record, kept) = last_action::encode(action, browser::now(), message, &before, &after);
    // The record goes last: it is never there without the data it undoes to. A store too full
    // for the copy keeps the dataset and offers the toast's undo only.
    store::remove_quietly(&record_key(key));
    if store::write(&before_key(key), &kept) {
        store::write(&record_key(key), &record);
    } else {
        store::remove_quietly(&before_key(key));
    }
}

/// "Hoàn tác" for the last large action, while the data is what it left.
#[component]
pub fn LastActionCard() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    // Read again at every change of the data: the record may just have been written, and any
    // other change ends it.
    let kept = Memo::new(move |_| {
        let key = data_key(app);
        let record =
            store::read_quietly(&record_key(key)).and_then(|r| last_action::read_record(&r))?;
        let live = app.data.with(|d| last_action::applies(&record, d));
        Some((record, live))
    });
    // A record the data has moved on from offers nothing: its copy is let go.
    Effect::new(move |_| {
        if kept.with(|k| matches!(k, Some((_, false)))) {
            forget(data_key(app));
        }
    });
    let undo = move |_| {
        let key = data_key(app);
        let Some(raw) = store::read_quietly(&before_key(key)) else {
            forget(key);
            return;
        };
        leptos::task::spawn_local(async move {
            let Ok(codec) = crate::ui::state::codec().await else {
                app.notify(app.t_untracked().page_missing.to_string(), false);
                return;
            };
            match (codec.decode)(&raw) {
                Ok(before) => {
                    app.edit(move |d, _| *d = before);
                    forget(key);
                    app.notify(app.t_untracked().undo_done.to_string(), false);
                }
                Err(e) => app.notify(
                    crate::ui::messages::located(&e, app.lang.get_untracked()),
                    false,
                ),
            }
        });
    };
    move || {
        let (record, live) = kept.get()?;
        live.then(|| {
            let LastAction { at, message, .. } = record;
            let when = format::timestamp(at, browser::utc_offset_minutes());
            view! {
                <section class="card last-action" aria-labelledby="h-last-action">
                    <h2 id="h-last-action">{t.la_title}</h2>
                    <p>{fill(t.la_text, &[("time", &when), ("what", &message)])}</p>
                    <p class="muted small">{t.la_note}</p>
                    <button type="button" on:click=undo>
                        {t.la_undo}
                    </button>
                </section>
            }
        })
    }
}

/// Lets go of a kept action.
fn forget(key: &str) {
    store::remove_quietly(&record_key(key));
    store::remove_quietly(&before_key(key));
}
