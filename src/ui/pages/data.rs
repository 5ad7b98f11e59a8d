//! Where the data lives and what can be done with it: storage status, backup, sample data, reset.

use leptos::prelude::*;

use crate::browser;
use crate::core::dataset::{Dataset, UndoableAction};
use crate::core::format;
use crate::core::storage::Health;
use crate::i18n::fill;
use crate::ui::layout::download_backup;
use crate::ui::state::{use_app, Workspace};

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let t = app.t_untracked();
    let status = move || {
        let health = match app.health.get() {
            Health::Ok => t.data_status_ok,
            Health::QuotaFull | Health::WriteFailed(_) => t.banner_quota,
            Health::Unavailable => t.banner_unavailable,
            Health::Recovery { .. } => t.banner_stale,
            Health::Newer { .. } | Health::Stopped(_) => t.banner_stale,
        };
        let saved = app.last_saved.get().map(|ms| {
            fill(
                t.data_last_saved,
                &[(
                    "time",
                    &format::timestamp(ms, browser::utc_offset_minutes()),
                )],
            )
        });
        let persisted = app.persisted.get().map(|p| {
            if p {
                t.data_persisted
            } else {
                t.data_not_persisted
            }
        });
        view! {
            <p>{health}</p>
            {saved.map(|s| view! { <p class="muted">{s}</p> })}
            {persisted.map(|p| view! { <p class="muted">{p}</p> })}
        }
    };
    let reset = move |_| {
        let t = app.t_untracked();
        if !window()
            .confirm_with_message(t.data_reset_confirm)
            .unwrap_or(false)
        {
            return;
        }
        app.destroy(
            UndoableAction::Reset,
            t.data_reset_done.to_string(),
            |d, _| *d = Dataset::default(),
        );
    };
    view! {
        <h1>{t.data_title}</h1>
        <p>{t.data_where}</p>
        <section class="card" aria-labelledby="h-status">
            <h2 id="h-status">{t.data_status}</h2>
            {status}
        </section>
        <section class="card" aria-labelledby="h-backup">
            <h2 id="h-backup">{t.data_backup}</h2>
            <p>{t.data_backup_intro}</p>
            <button type="button" on:click=move |_| download_backup()>{t.data_backup_button}</button>
        </section>
        <section class="card" aria-labelledby="h-sample">
            <h2 id="h-sample">{t.data_sample}</h2>
            <p>{t.data_sample_intro}</p>
            {move || if app.workspace.get() == Workspace::Sample {
                view! { <button type="button" on:click=move |_| app.close_sample()>{t.data_sample_leave}</button> }.into_any()
            } else {
                view! { <button type="button" on:click=move |_| app.open_sample()>{t.data_sample_load}</button> }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="h-reset">
            <h2 id="h-reset">{t.data_reset}</h2>
            <p>{t.data_reset_intro}</p>
            <button type="button" class="danger" on:click=reset>{t.data_reset_button}</button>
        </section>
    }
}
