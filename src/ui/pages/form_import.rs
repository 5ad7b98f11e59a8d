//! A survey round filled from an online form's responses sheet (Google Forms, Microsoft Forms):
//! the file is read, each column matched to a criterion (suggested by their texts, the user
//! confirms; the choices are remembered for the next file of the same form), the counts and
//! every unreadable answer shown — and only "Điền vào bảng kiểm đếm" writes them into the round,
//! as one step that can be undone. The reading and counting are
//! `core::exchange::form_responses`.

use leptos::prelude::*;

use crate::core::base::format;
use crate::core::data::dataset::UndoableAction;
use crate::core::data::survey::SurveyRound;
use crate::core::exchange::form_responses::{self, Sheet, MAX_RESPONSES_BYTES};
use crate::core::storage::prefs::FORMS_KEY;
use crate::i18n::fill;
use crate::ui::components::FileButton;
use crate::ui::state::use_app;

#[component]
pub fn FormImport(round: Memo<Option<SurveyRound>>) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let lang = app.lang.get_untracked();
    let sheet = RwSignal::new(None::<(String, Sheet)>);
    let mapping = RwSignal::new(Vec::<Option<String>>::new());
    let error = RwSignal::new(None::<String>);
    // The file is read by the app's one-file opener (size cap, problems in words); the columns
    // are then suggested, the choices remembered from the same form taking precedence.
    let on_change = crate::ui::components::open_one_file(
        MAX_RESPONSES_BYTES,
        error,
        |name, bytes| async move {
            Ok(form_responses::read_csv(&bytes)
                .map(|s| (name, s))
                .map_err(|e| vec![e]))
        },
        move |read: Option<(String, Sheet)>| {
            let Some((name, s)) = read else {
                sheet.set(None);
                return;
            };
            let remembered = form_responses::remembered_from(
                crate::edge::store::read_quietly(FORMS_KEY).as_deref(),
            );
            let suggested = round
                .get_untracked()
                .map(|r| form_responses::suggest_with(&s, &r.questionnaire, &remembered))
                .unwrap_or_default();
            mapping.set(suggested);
            sheet.set(Some((name, s)));
        },
    );
    let counted = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .map(|(_, s)| mapping.with(|m| form_responses::count(s, m)))
        })
    });
    let fill_grid = move |_| {
        let (Some(r), Some(c), Some(name)) = (
            round.get_untracked(),
            counted.get_untracked(),
            sheet.with_untracked(|s| s.as_ref().map(|(n, _)| n.clone())),
        ) else {
            return;
        };
        // The choices confirmed are remembered for the next file of the same form.
        sheet.with_untracked(|s| {
            if let Some((_, s)) = s {
                let mut remembered = form_responses::remembered_from(
                    crate::edge::store::read_quietly(FORMS_KEY).as_deref(),
                );
                let text =
                    mapping.with_untracked(|m| form_responses::remember(s, m, &mut remembered));
                crate::edge::store::write_quietly(FORMS_KEY, &text);
            }
        });
        let plan = app.plan().id.clone();
        app.destroy(
            UndoableAction::FillRound {
                name: r.name.clone(),
            },
            fill(t.fm_filled, &[("file", &name)]),
            move |d, now| {
                let w = d.work_mut(&plan);
                let mut round = r.clone();
                round.returned = c.returned;
                if round.distributed.is_some_and(|x| x < c.returned) {
                    round.distributed = Some(c.returned);
                }
                w.upsert_round(round, now);
                for (criterion, tally) in c.tallies.iter() {
                    w.set_tally(&r.id, criterion, *tally, now);
                }
            },
        );
        sheet.set(None);
    };
    let review = move || {
        let (name, header) =
            sheet.with(|s| s.as_ref().map(|(n, s)| (n.clone(), s.header.clone())))?;
        let c = counted.get()?;
        let criteria: Vec<(String, String)> = round
            .get()?
            .questionnaire
            .visible()
            .into_iter()
            .map(|(_, c)| (c.id.clone(), c.text.clone()))
            .collect();
        let columns = header
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                let id = format!("fm-col-{i}");
                let options = criteria.clone();
                let current = move || mapping.with(|m| m.get(i).cloned().flatten());
                view! {
                    <tr>
                        <th scope="row">
                            <label for=id
                                .clone()>
                                {format!("{} · {h}", form_responses::column_name(i))}
                            </label>
                        </th>
                        <td data-label=t.fm_criterion>
                            <select
                                id=id
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    mapping
                                        .update(|m| {
                                            if let Some(slot) = m.get_mut(i) {
                                                *slot = (!v.is_empty()).then_some(v);
                                            }
                                        });
                                }
                            >
                                <option value="" selected=move || current().is_none()>
                                    {t.fm_skip}
                                </option>
                                {options
                                    .into_iter()
                                    .map(|(cid, text)| {
                                        let sel = cid.clone();
                                        view! {
                                            <option
                                                value=cid
                                                selected=move || current().as_deref() == Some(sel.as_str())
                                            >
                                                {text}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let unreadable = (!c.unreadable.is_empty()).then(|| {
            view! {
                <div class="notice warning" role="alert">
                    <p>{fill(t.fm_unreadable, &[("n", &c.unreadable.len().to_string())])}</p>
                    <ul>
                        {c
                            .unreadable
                            .iter()
                            .map(|u| {
                                view! {
                                    <li>
                                        {fill(
                                            t.fm_unreadable_at,
                                            &[
                                                ("row", &u.row.to_string()),
                                                ("column", &u.column),
                                                ("text", &u.text),
                                            ],
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        });
        let matched = c.tallies.len();
        Some(view! {
            <p>
                {fill(
                    t.fm_summary,
                    &[
                        ("file", &name),
                        ("rows", &format::int(c.returned, lang)),
                        ("matched", &matched.to_string()),
                    ],
                )}
            </p>
            {unreadable}
            <div class="table-wrap" tabindex="0" role="region" aria-label=t.fm_columns>
                <table class="results cards fm-columns">
                    <thead>
                        <tr>
                            <th scope="col">{t.fm_column}</th>
                            <th scope="col">{t.fm_criterion}</th>
                        </tr>
                    </thead>
                    <tbody>{columns}</tbody>
                </table>
            </div>
            <div class="toolbar">
                <button type="button" on:click=fill_grid disabled=move || matched == 0>
                    {t.fm_fill}
                </button>
                <button type="button" class="secondary" on:click=move |_| sheet.set(None)>
                    {t.ex_cancel}
                </button>
            </div>
        })
    };
    view! {
        <details class="card form-import">
            <summary>
                <h2>{t.fm_title}</h2>
            </summary>
            <p>{t.fm_intro}</p>
            <div class="field">
                <label for="form-file">{t.fm_choose}</label>
                <input
                    id="form-file"
                    class="file-input"
                    type="file"
                    accept=".csv,text/csv"
                    on:change=on_change
                />
                <FileButton input="form-file" />
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            {review}
        </details>
    }
}
