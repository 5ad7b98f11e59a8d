//! Who the user is, and for the office, the schools it holds figures for.

use leptos::prelude::*;

use crate::core::data::dataset::{UndoableAction, UnitKind};
use crate::core::data::records::{SchoolLevel, Unit};
use crate::edge::browser;
use crate::i18n::fill;
use crate::ui::pages::dashboard::{level_from, level_options};
use crate::ui::state::use_app;

/// What a unit form submits.
pub struct UnitFields {
    pub kind: UnitKind,
    pub name: String,
    pub level: Option<SchoolLevel>,
    pub code: String,
}

/// Name, level and code of a unit (and, for the user's own unit, whether it is the office or a
/// school: changing it keeps the unit's id and data).
#[component]
fn UnitForm(
    #[prop(into)] prefix: String,
    unit: Option<Unit>,
    kind: UnitKind,
    #[prop(optional)] choose_kind: bool,
    submit_label: &'static str,
    on_save: impl Fn(UnitFields) -> Result<(), String> + 'static,
) -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let kind = RwSignal::new(kind);
    let name = RwSignal::new(unit.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let level = RwSignal::new(unit.as_ref().and_then(|u| u.level));
    let code = RwSignal::new(unit.as_ref().map(|u| u.code.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let is_school = move || kind.get() == UnitKind::School;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = app.pt_untracked();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(t.who_name_required.into()));
            return;
        }
        let k = kind.get_untracked();
        if k == UnitKind::School && level.get_untracked().is_none() {
            error.set(Some(t.who_level_required.into()));
            return;
        }
        let fields = UnitFields {
            kind: k,
            name: n,
            level: level.get_untracked(),
            code: code.get_untracked().trim().to_string(),
        };
        match on_save(fields) {
            Ok(()) => {
                error.set(None);
                if unit.is_none() {
                    name.set(String::new());
                    code.set(String::new());
                    level.set(None);
                }
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let (name_id, level_id, code_id, err_id) = (
        format!("{prefix}-name"),
        format!("{prefix}-level"),
        format!("{prefix}-code"),
        format!("{prefix}-error"),
    );
    let kind_name = format!("{prefix}-kind");
    view! {
        <form class="unit-form" on:submit=submit novalidate>
            {choose_kind.then(|| kind_choice(kind_name, kind))}
            <div class="field">
                <label for=name_id
                    .clone()>
                    {move || if is_school() { t.who_school_name } else { t.units_name }}
                </label>
                <input
                    id=name_id
                    type="text"
                    prop:value=move || name.get()
                    aria-describedby=err_id.clone()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <Show when=is_school>
                <div class="field">
                    <label for=level_id.clone()>{t.who_school_level}</label>
                    <select
                        id=level_id.clone()
                        on:change=move |ev| level.set(level_from(&event_target_value(&ev)))
                    >
                        {level_options(level)}
                    </select>
                </div>
                <div class="field">
                    <label for=code_id.clone()>{t.who_school_code}</label>
                    <input
                        id=code_id.clone()
                        type="text"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                </div>
            </Show>
            <p id=err_id class="field-error" role="alert">
                {move || error.get()}
            </p>
            <button type="submit">{submit_label}</button>
        </form>
    }
}

/// Whether the user's own unit is the office, a school or a unit above.
fn kind_choice(group: String, kind: RwSignal<UnitKind>) -> impl IntoView {
    let t = use_app().pt_untracked();
    view! {
        <fieldset>
            <legend>{t.units_kind}</legend>
            <label class="choice">
                <input
                    type="radio"
                    name=group.clone()
                    prop:checked=move || kind.get() == UnitKind::Office
                    on:change=move |_| kind.set(UnitKind::Office)
                />
                {use_app().plan().office_name().to_string()}
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name=group.clone()
                    prop:checked=move || kind.get() == UnitKind::School
                    on:change=move |_| kind.set(UnitKind::School)
                />
                {t.who_school}
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name=group
                    prop:checked=move || kind.get() == UnitKind::Above
                    on:change=move |_| kind.set(UnitKind::Above)
                />
                {t.who_above}
            </label>
        </fieldset>
    }
}

/// A unit with the fields of a form applied.
fn apply(mut u: Unit, f: UnitFields) -> Unit {
    u.kind = f.kind;
    u.name = f.name;
    u.level = if f.kind == UnitKind::School {
        f.level
    } else {
        None
    };
    u.code = if f.kind == UnitKind::School {
        f.code
    } else {
        String::new()
    };
    u
}

/// One school of the office's list: its name, level and code, its form, and its removal.
fn school_item(app: crate::ui::state::App, s: Unit) -> AnyView {
    let t = app.pt_untracked();
    let sid = s.id.clone();
    let name = s.name.clone();
    let edit = {
        let s = s.clone();
        move |f: UnitFields| {
            let u = apply(s.clone(), f);
            app.edit(|d, now| d.upsert_unit(u, now));
            app.notify(t.units_saved.to_string(), false);
            Ok(())
        }
    };
    let remove = remover(app, name, vec![sid]);
    view! {
        <li class="card">
            <details>
                <summary>
                    <strong>{s.name.clone()}</strong>
                    " · "
                    {s.level.map(|l| t.level(l)).unwrap_or("")}
                    {(!s.code.is_empty()).then(|| format!(" · {}", s.code))}
                </summary>
                <UnitForm
                    prefix=format!("s-{}", s.id)
                    unit=Some(s.clone())
                    kind=UnitKind::School
                    submit_label=t.save
                    on_save=edit
                />
                <button type="button" class="danger" on:click=remove>
                    {t.delete}
                </button>
            </details>
        </li>
    }
    .into_any()
}

#[component]
pub fn UnitsPage() -> impl IntoView {
    let app = use_app();
    let t = app.pt_untracked();
    let me_section = move || {
        let me = app.me.get()?;
        let kind = me.kind;
        let level = me.level.map(|l| t.level(l)).unwrap_or("");
        let save_me = {
            let me = me.clone();
            move |f: UnitFields| {
                let u = apply(me.clone(), f);
                app.edit(|d, now| d.upsert_unit(u, now));
                app.notify(t.units_saved.to_string(), false);
                Ok(())
            }
        };
        Some(view! {
            <section class="card" aria-labelledby="h-me">
                <h2 id="h-me">{t.units_me}</h2>
                <p>
                    <strong>{me.name.clone()}</strong>
                    " "
                    {level}
                </p>
                <p class="muted small">{format!("{}: {}", t.units_id, me.id)}</p>
                <UnitForm
                    prefix="me"
                    unit=Some(me.clone())
                    kind=kind
                    choose_kind=true
                    submit_label=t.save
                    on_save=save_me
                />
            </section>
        })
    };
    let schools = move || {
        let me = app.me.get()?;
        if me.kind != UnitKind::Office {
            return None;
        }
        let list = app
            .data
            .with(|d| d.schools().into_iter().cloned().collect::<Vec<_>>());
        let items = list.into_iter().map(|s| school_item(app, s)).collect_view();
        let add = move |f: UnitFields| {
            let exists = app.data.with_untracked(|d| {
                d.schools().iter().any(|s| {
                    crate::core::base::format::lower(&s.name)
                        == crate::core::base::format::lower(&f.name)
                })
            });
            if exists {
                return Err(t.units_duplicate_name.to_string());
            }
            let u = apply(
                Unit {
                    id: browser::new_id("u"),
                    kind: UnitKind::School,
                    parent: Some(me.id.clone()),
                    name: String::new(),
                    level: None,
                    code: String::new(),
                    changed_at: 0,
                },
                f,
            );
            app.edit(|d, now| d.upsert_unit(u, now));
            Ok(())
        };
        Some(view! {
            <section aria-labelledby="h-schools">
                <h2 id="h-schools">{t.units_schools}</h2>
                <p>{use_app().named(t.units_schools_intro)}</p>
                <ul class="plain">{items}</ul>
                <div class="card">
                    <h3>{t.units_add_school}</h3>
                    <UnitForm
                        prefix="new"
                        unit=None
                        kind=UnitKind::School
                        submit_label=t.units_add_school
                        on_save=add
                    />
                </div>
            </section>
        })
    };
    view! {
        <h1>{t.units_title}</h1>
        <Show when=move || app.me.get().is_some() fallback=|| view! { <super::NeedsProfile /> }>
            {me_section}
            {schools}
            {move || offices(app)}
        </Show>
    }
}

/// At the unit above: the offices whose files it received, each with its schools; an office is
/// removed with everything under it (journaled, undoable).
fn offices(app: crate::ui::App) -> Option<AnyView> {
    let me = app.me.get()?;
    if me.kind != UnitKind::Above {
        return None;
    }
    let t = app.pt_untracked();
    let list: Vec<(Unit, Vec<Unit>)> = app.data.with(|d| {
        crate::core::data::tree::offices_within(d, &me.id)
            .into_iter()
            .map(|o| {
                let schools = crate::core::data::tree::schools_within(d, &o.id)
                    .into_iter()
                    .cloned()
                    .collect();
                (o.clone(), schools)
            })
            .collect()
    });
    let items = list
        .into_iter()
        .map(|(o, schools)| {
            let ids: Vec<String> = std::iter::once(o.id.clone())
                .chain(schools.iter().map(|s| s.id.clone()))
                .collect();
            let remove = remover(app, o.name.clone(), ids);
            view! {
                <li class="card">
                    <details>
                        <summary>
                            <strong>{o.name.clone()}</strong>
                            " · "
                            {fill(t.units_office_schools, &[("n", &schools.len().to_string())])}
                        </summary>
                        <ul>
                            {schools
                                .iter()
                                .map(|s| view! { <li>{s.name.clone()}</li> })
                                .collect_view()}
                        </ul>
                        <button type="button" class="danger" on:click=remove>
                            {t.delete}
                        </button>
                    </details>
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <section aria-labelledby="h-offices">
                <h2 id="h-offices">{t.units_offices}</h2>
                <p>{t.units_offices_intro}</p>
                <ul class="plain">{items}</ul>
            </section>
        }
        .into_any(),
    )
}

/// The handler that removes units named `name` (a school; an office with its schools) with all
/// their data, after the user confirms: journaled, so that it can be undone.
fn remover(
    app: crate::ui::App,
    name: String,
    ids: Vec<String>,
) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    move |_| {
        let t = app.pt_untracked();
        if !window()
            .confirm_with_message(&fill(t.units_remove_confirm, &[("name", &name)]))
            .unwrap_or(false)
        {
            return;
        }
        let ids = ids.clone();
        app.destroy(
            UndoableAction::RemoveUnit { name: name.clone() },
            fill(t.units_removed, &[("name", &name)]),
            move |d, _| {
                for id in &ids {
                    d.remove_unit(id);
                }
            },
        );
    }
}
