//! Where the data lives and what can be done with it: storage status, backup, sample data, reset.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::data::dataset::{Dataset, UndoableAction};
use crate::core::storage::archive;
use crate::core::storage::policy::Health;
use crate::core::storage::restore::{
    days_since, read_backup, summarize, Summary, MAX_BACKUP_BYTES,
};
use crate::edge::browser;
use crate::i18n::fill;
use crate::ui::components::{open_one_file, FileButton};
use crate::ui::layout::download_backup;
use crate::ui::state::{use_app, Workspace};

/// "3 đơn vị, 1.250 số liệu, 40 nhiệm vụ, 2 đợt khảo sát, 1 kế hoạch".
fn summary_text(
    t: &'static crate::i18n::PageTexts,
    s: Summary,
    lang: crate::core::base::format::Lang,
) -> String {
    fill(
        t.restore_summary,
        &[
            ("units", &format::int(s.units as u64, lang)),
            ("figures", &format::int(s.figures as u64, lang)),
            ("tasks", &format::int(s.tasks as u64, lang)),
            ("rounds", &format::int(s.rounds as u64, lang)),
            ("plans", &format::int(s.plans as u64, lang)),
        ],
    )
}

/// Restoring a backup: the file is read and checked, what it holds and what it would replace is
/// shown, and only then can it be applied — as one undoable step.
#[component]
fn Restore() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let pending = RwSignal::new(None::<(String, Dataset, Option<i64>)>);
    let error = RwSignal::new(None::<String>);
    let on_file = open_one_file(
        MAX_BACKUP_BYTES,
        error,
        |name, bytes| async move {
            Ok(read_backup(&name, &bytes)
                .map(|(d, at)| (name.clone(), d, at))
                .map_err(|e| vec![e.error]))
        },
        move |p| pending.set(p),
    );
    let preview = move || {
        let (file, data, saved) = pending.get()?;
        let current = app.data.with(summarize);
        let made = saved
            .map(|ms| format::timestamp(ms, browser::utc_offset_minutes()))
            .unwrap_or_else(|| "—".into());
        let apply = {
            let file = file.clone();
            move |_| {
                let Some((_, data, _)) = pending.get_untracked() else {
                    return;
                };
                super::last_action::destroy_kept(
                    app,
                    UndoableAction::Restore { file: file.clone() },
                    fill(t.restore_done, &[("file", &file)]),
                    move |d, _| *d = data,
                );
                pending.set(None);
            }
        };
        Some(view! {
            <div class="notice" role="status">
                <p>
                    <strong>{fill(t.restore_file, &[("file", &file), ("time", &made)])}</strong>
                </p>
                <p>
                    {fill(t.restore_holds, &[("what", &summary_text(t, summarize(&data), lang))])}
                </p>
                <p>{fill(t.restore_replaces, &[("what", &summary_text(t, current, lang))])}</p>
                <div class="toolbar">
                    <button type="button" class="danger" on:click=apply>
                        {t.restore_apply}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>
                        {t.restore_cancel}
                    </button>
                </div>
            </div>
        })
    };
    view! {
        <section class="card" aria-labelledby="h-restore">
            <h2 id="h-restore">{t.restore_title}</h2>
            <p>{t.restore_intro}</p>
            <div class="field">
                <label for="restore-file">{t.restore_choose}</label>
                <input
                    id="restore-file"
                    class="file-input"
                    type="file"
                    accept=".json,application/json"
                    on:change=on_file
                />
                <FileButton input="restore-file" />
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
            </div>
            {preview}
        </section>
    }
}

/// Archiving past years to files (and bringing them back), to leave room in the browser.
#[component]
fn Archive() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let pending = RwSignal::new(None::<(i32, Dataset)>);
    let error = RwSignal::new(None::<String>);
    let archive_year = move |year: i32| {
        let now = browser::now();
        let (archived, kept) = app
            .data
            .with_untracked(|d| archive::split(d, app.builtin, year));
        let name = archive::file_name(year);
        if let Err(e) = browser::download(
            &name,
            "application/json",
            &archive::to_file(&archived, year, now),
        ) {
            app.notify(e, false);
            return;
        }
        super::last_action::destroy_kept(
            app,
            UndoableAction::Archive { year },
            fill(t.ar_done, &[("year", &year.to_string()), ("file", &name)]),
            move |d, _| *d = kept,
        );
    };
    let on_file = open_one_file(
        archive::MAX_ARCHIVE_BYTES,
        error,
        |name, bytes| async move { Ok(archive::read(&name, &bytes).map_err(|e| vec![e.error])) },
        move |p| pending.set(p),
    );
    let bring_back = move |_| {
        let Some((year, archived)) = pending.get_untracked() else {
            return;
        };
        super::last_action::destroy_kept(
            app,
            UndoableAction::Archive { year },
            fill(t.ar_back, &[("year", &year.to_string())]),
            move |d, _| *d = archive::bring_back(d, &archived),
        );
        pending.set(None);
    };
    let buttons = move || {
        let in_use = app.plan().year;
        let years: Vec<i32> = app.data.with(|d| {
            archive::years(d, app.builtin)
                .into_iter()
                .filter(|y| archive::can_archive(d, app.builtin, *y, in_use))
                .collect()
        });
        if years.is_empty() {
            return view! { <p class="muted">{t.ar_none}</p> }.into_any();
        }
        years
            .into_iter()
            .map(|y| {
                view! {
                    <button type="button" class="secondary" on:click=move |_| archive_year(y)>
                        {fill(t.ar_button, &[("year", &y.to_string())])}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    let preview = move || {
        let (year, data) = pending.get()?;
        Some(view! {
            <div class="notice" role="status">
                <p>
                    {fill(
                        t.ar_holds,
                        &[
                            ("year", &year.to_string()),
                            ("what", &summary_text(t, summarize(&data), lang)),
                        ],
                    )}
                </p>
                <div class="toolbar">
                    <button type="button" on:click=bring_back>
                        {t.ar_apply}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>
                        {t.restore_cancel}
                    </button>
                </div>
            </div>
        })
    };
    view! {
        <section class="card" aria-labelledby="h-archive">
            <h2 id="h-archive">{t.ar_title}</h2>
            <p>{t.ar_intro}</p>
            <div class="toolbar">{buttons}</div>
            <div class="field">
                <label for="archive-file">{t.ar_choose}</label>
                <input
                    id="archive-file"
                    class="file-input"
                    type="file"
                    accept=".json,application/json"
                    on:change=on_file
                />
                <FileButton input="archive-file" />
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
            </div>
            {preview}
        </section>
    }
}

/// How storage is doing: saving normally or not and why, how full the site's storage is (a
/// warning from 70 %), when the data was last saved, and whether the browser keeps it.
fn storage_status(app: crate::ui::state::App) -> impl IntoView {
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let health = match app.health.get() {
        Health::Ok => t.data_status_ok,
        Health::QuotaFull | Health::WriteFailed(_) => t.banner_quota,
        Health::Unavailable => t.banner_unavailable,
        Health::Recovery { .. } => t.banner_stale,
        Health::Newer { .. } | Health::Stopped(_) => t.banner_stale,
        Health::ReaderMissing => t.banner_reader_missing,
        Health::CodecMissing => t.banner_codec_missing,
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
    // Bytes as the quota counts them: two per UTF-16 code unit, shown in tenths of a MB. The
    // quota is the site's, shared with every other key (the preferences, the sample, another
    // app served from the same origin): all of it is counted, measured again after each save.
    let ours = app.stored_units.get();
    let units = crate::edge::store::used_units().unwrap_or(ours).max(ours);
    let percent = crate::core::storage::policy::usage_percent(units);
    let tenths_mb = |u: usize| ((u as u64 * 2 * 10).div_ceil(1024 * 1024)).max(1);
    let usage = (units > 0).then(|| {
        fill(
            t.data_usage,
            &[
                ("used", &format::tenths(tenths_mb(units), lang)),
                (
                    "quota",
                    &format::tenths(tenths_mb(crate::core::storage::policy::QUOTA_UNITS), lang),
                ),
                ("percent", &percent.to_string()),
            ],
        )
    });
    let full = percent >= crate::core::storage::policy::WARN_PERCENT;
    view! {
        <p>{health}</p>
        {usage.map(|u| view! { <p class="muted">{u}</p> })}
        {full
            .then(|| {
                view! {
                    <p class="warning" role="alert">
                        {t.data_usage_warn}
                    </p>
                }
            })}
        {saved.map(|s| view! { <p class="muted">{s}</p> })}
        {persisted.map(|p| view! { <p class="muted">{p}</p> })}
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let last_backup = move || match days_since(app.last_backup.get(), browser::now()) {
        None => t.backup_never.to_string(),
        Some(days) => fill(
            t.backup_last,
            &[
                (
                    "date",
                    &app.last_backup
                        .get()
                        .map(|ms| format::timestamp(ms, browser::utc_offset_minutes()))
                        .unwrap_or_default(),
                ),
                ("days", &days.to_string()),
            ],
        ),
    };
    let status = move || storage_status(app);
    let reset = move |_| {
        let t = app.pt_untracked();
        if !window()
            .confirm_with_message(t.data_reset_confirm)
            .unwrap_or(false)
        {
            return;
        }
        super::last_action::destroy_kept(
            app,
            UndoableAction::Reset,
            t.data_reset_done.to_string(),
            |d, _| *d = Dataset::default(),
        );
    };
    view! {
        <h1>{t.data_title}</h1>
        <super::last_action::LastActionCard />
        <p>{t.data_where}</p>
        <section class="card" aria-labelledby="h-status">
            <h2 id="h-status">{t.data_status}</h2>
            {status}
        </section>
        <section class="card" aria-labelledby="h-backup">
            <h2 id="h-backup">{t.data_backup}</h2>
            <p>{t.data_backup_intro}</p>
            <p class="muted">{last_backup}</p>
            <button type="button" on:click=move |_| download_backup()>
                {t.data_backup_button}
            </button>
        </section>
        <Restore />
        <Archive />
        <section class="card" aria-labelledby="h-sample">
            <h2 id="h-sample">{t.data_sample}</h2>
            <p>{t.data_sample_intro}</p>
            {move || {
                if app.workspace.get() == Workspace::Sample {
                    view! {
                        <button type="button" on:click=move |_| app.close_sample()>
                            {t.data_sample_leave}
                        </button>
                    }
                        .into_any()
                } else {
                    use crate::core::data::dataset::UnitKind;
                    view! {
                        <div class="toolbar">
                            <button type="button" on:click=move |_| app.open_sample(None)>
                                {t.data_sample_load}
                            </button>
                            {[
                                (UnitKind::School, t.who_sample_school),
                                (UnitKind::Above, t.who_sample_above),
                            ]
                                .into_iter()
                                .map(|(role, label)| {
                                    view! {
                                        <button
                                            type="button"
                                            class="secondary"
                                            on:click=move |_| app.open_sample(Some(role))
                                        >
                                            {label}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
        <section class="card" aria-labelledby="h-reset">
            <h2 id="h-reset">{t.data_reset}</h2>
            <p>{t.data_reset_intro}</p>
            <button type="button" class="danger" on:click=reset>
                {t.data_reset_button}
            </button>
        </section>
    }
}
