//! The one app state, created at the root and shared by context. Derived values are `Memo`s; the
//! dataset is written to storage in one place ([`App::save_now`]), debounced after each change and
//! flushed when the page is hidden or closed.

use std::cell::Cell;
use std::time::Duration;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::core::base::format::Lang;
use crate::core::base::period::{ReportingPeriod, YearMonth};
use crate::core::data::dataset::{Dataset, Journal, UndoableAction, UnitKind};
use crate::core::data::records::{Millis, Unit};
use crate::core::data::sample::sample_dataset;
use crate::core::plan::model::Plan;
use crate::core::storage::policy::{Codec, Health, Keeper, Outcome};
use crate::core::storage::prefs::{Prefs, DATA_KEY, PREFS_KEY, SAMPLE_KEY};
use crate::edge::browser;
use crate::edge::store::{self, LocalStorage};
use crate::i18n::{texts, Texts};
use crate::route::Route;
use crate::split::ChunkMissing;

crate::split_fn! {
    opening: fn make_sample(plan: &'static Plan, kind: UnitKind, now: Millis) -> Dataset =>
        sample_dataset(plan, kind, now);
    // The code that reads and writes stored datasets: a first visit has nothing stored to read
    // and nothing to write until its first edit, so it comes after the first load — before the
    // first paint when a dataset is stored (`prepare_codec`), else at the first edit.
    saving: fn load_codec() -> Codec => Codec {
        decode: crate::edge::migrations::decode_stored,
        ..Codec::DIRECT
    };
    // The checks of a plan (4.8 KB of the first load): needed before the first paint only when
    // the stored data uses a plan of its own (`prepare_plan_check`).
    plan_checks: fn load_plan_check() -> PlanCheck => plan_is_valid;
}

/// Whether a plan may be used (`Plan::problems` is empty), from the module once fetched.
type PlanCheck = fn(&Plan) -> bool;

fn plan_is_valid(plan: &Plan) -> bool {
    plan.problems().is_empty()
}

thread_local! {
    static CODEC: Cell<Option<Codec>> = const { Cell::new(None) };
    static FETCHING_CODEC: Cell<bool> = const { Cell::new(false) };
    static PLAN_CHECK: Cell<Option<PlanCheck>> = const { Cell::new(None) };
}

/// Fetches the checks of a plan before the first paint when stored data (`"plan":{`, its plan
/// in use, written only for a plan other than the built-in one) needs them, so that the first
/// paint shows that plan. Should they not come, `App` shows the built-in plan meanwhile.
pub async fn prepare_plan_check() {
    let held = [DATA_KEY, SAMPLE_KEY]
        .iter()
        .any(|key| store::holds(key, "\"plan\":{"));
    if held {
        let _ = plan_check().await;
    }
}

/// The checks of a plan, fetched the first time they are asked for.
pub async fn plan_check() -> Result<PlanCheck, ChunkMissing> {
    kept(&PLAN_CHECK, load_plan_check).await
}

/// Fetches the codec before the first paint when a dataset is stored, so that the first paint
/// shows it. (A stored value means an earlier visit, whose service worker has cached the module.)
/// Should it not come, the keeper reads nothing and says so (`Health::ReaderMissing`).
pub async fn prepare_codec() {
    if holds_dataset() {
        let _ = codec().await;
    }
}

/// Whether a dataset (the real one or the sample) is stored: an earlier visit.
pub fn holds_dataset() -> bool {
    [DATA_KEY, SAMPLE_KEY]
        .iter()
        .any(|key| store::read_head(key, 1).is_some())
}

/// The code that reads and writes stored datasets (`storage::Codec`), fetched the first time it
/// is asked for.
pub async fn codec() -> Result<Codec, ChunkMissing> {
    kept(&CODEC, load_codec).await
}

/// What `cell` holds, or what `load` fetches, kept there for the next time.
pub(crate) async fn kept<
    T: Copy + 'static,
    F: std::future::Future<Output = Result<T, ChunkMissing>>,
>(
    cell: &'static std::thread::LocalKey<Cell<Option<T>>>,
    load: impl FnOnce() -> F,
) -> Result<T, ChunkMissing> {
    if let Some(v) = cell.with(Cell::get) {
        return Ok(v);
    }
    let v = load().await?;
    cell.with(|c| c.set(Some(v)));
    Ok(v)
}

/// Opens a dataset key with the codec if it has come (else it is handed over later, by
/// `App::hand_codec`).
fn open_keeper(key: &str) -> (Keeper<LocalStorage>, Dataset) {
    Keeper::open_with(LocalStorage, key, CODEC.with(Cell::get))
}

/// A change to the dataset, applied at a given time.
type Edit<'a> = Box<dyn FnOnce(&mut Dataset, Millis) + 'a>;

/// How long typing may pause before the dataset is written.
const SAVE_DEBOUNCE: Duration = Duration::from_millis(400);

/// A short message at the bottom of the screen, optionally with "Hoàn tác".
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub undo: bool,
}

/// Which dataset is open: the user's own, or the sample (kept under its own key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workspace {
    Real,
    Sample,
}

#[derive(Clone, Copy)]
pub struct App {
    /// The plan in use. The interface is redrawn when it changes (see `ui::Root`).
    plan_ref: RwSignal<&'static Plan>,
    /// The plan built into the app (the issued 2024 text).
    pub builtin: &'static Plan,
    pub lang: RwSignal<Lang>,
    pub route: RwSignal<Route>,
    pub today: RwSignal<NaiveDate>,
    pub data: RwSignal<Dataset>,
    pub health: RwSignal<Health>,
    pub last_saved: RwSignal<Option<Millis>>,
    /// How much of the browser's storage the saved dataset takes (UTF-16 code units), measured
    /// after each load and save. The Dữ liệu page adds what else the site stores.
    pub stored_units: RwSignal<usize>,
    pub persisted: RwSignal<Option<bool>>,
    pub workspace: RwSignal<Workspace>,
    pub toast: RwSignal<Option<Toast>>,
    /// The user's own unit, if they have said who they are.
    pub me: Memo<Option<Unit>>,
    /// The unit whose figures and tasks are shown (the office may pick a school); `None` = me.
    pub selected: RwSignal<Option<String>>,
    /// The unit actually shown: the selected one if it exists, else the user's own.
    pub current: Memo<Option<Unit>>,
    pub periods: Memo<Vec<ReportingPeriod>>,
    /// The tasks list's address with its filters, for the way back from a task.
    pub tasks_href: RwSignal<String>,
    /// The width charts are drawn at; follows the window (debounced), so charts re-lay out.
    pub chart_width: RwSignal<u32>,
    /// When a backup was last downloaded in this browser (for the reminder).
    pub last_backup: RwSignal<Option<Millis>>,
    keeper: StoredValue<Keeper<LocalStorage>>,
    journal: StoredValue<Journal>,
    save_timer: StoredValue<Option<TimeoutHandle>>,
}

/// Which plan, in which version: the id and when the held copy last changed (`None`: built in).
type PlanKey = Option<(String, Millis)>;

/// The plan a dataset uses: the held plan it names, or the built-in one (also when the named plan
/// is missing or no longer valid).
fn plan_key(d: &Dataset) -> PlanKey {
    let id = d.plan_in_use()?;
    let held = d.plans.get(id)?;
    Some((id.to_string(), held.t))
}

impl App {
    /// Loads preferences and the dataset, and wires saving. Call once, at the root.
    pub fn new(builtin: &'static Plan) -> App {
        let prefs = Prefs::decode(store::read_quietly(PREFS_KEY).as_deref());
        let workspace = if prefs.sample {
            Workspace::Sample
        } else {
            Workspace::Real
        };
        let key = if prefs.sample { SAMPLE_KEY } else { DATA_KEY };
        let (keeper, data) = open_keeper(key);
        let health = keeper.health.clone();
        let stored_units = keeper.stored_units();

        let data = RwSignal::new(data);
        let me = Memo::new(move |_| data.with(|d| d.me().cloned()));
        let selected = RwSignal::new(None::<String>);
        let current = Memo::new(move |_| {
            let chosen = selected.get();
            data.with(|d| {
                chosen
                    .as_deref()
                    .and_then(|id| d.unit(id))
                    .or_else(|| d.me())
                    .cloned()
            })
        });
        let key = Memo::new(move |_| data.with(plan_key));
        let plans_seen = StoredValue::new(vec![(None, builtin)]);
        let toast = RwSignal::new(None::<Toast>);
        // Set when the checks of a plan arrive after the first paint, to resolve again.
        let checks_came = RwSignal::new(false);
        let resolve = move |key: &PlanKey| -> &'static Plan {
            if let Some(p) =
                plans_seen.with_value(|seen| seen.iter().find(|(k, _)| k == key).map(|(_, p)| *p))
            {
                return p;
            }
            let held = key
                .as_ref()
                .and_then(|(id, _)| data.with_untracked(|d| d.plans.get(id).map(|p| p.v.clone())));
            let Some(held) = held else {
                return builtin;
            };
            // A held plan is used only while it is valid; otherwise the built-in plan. Until its
            // checks have come (fetched before the first paint when stored data needs them, so
            // rarely), the built-in plan too, and the plan is resolved again when they come.
            let Some(valid) = PLAN_CHECK.with(Cell::get) else {
                leptos::task::spawn_local(async move {
                    match plan_check().await {
                        Ok(_) => {
                            let _ = checks_came.try_set(true);
                        }
                        Err(ChunkMissing) => {
                            let text = texts(prefs.lang).plan_check_missing.to_string();
                            let _ = toast.try_set(Some(Toast { text, undo: false }));
                        }
                    }
                });
                return builtin;
            };
            if valid(&held) {
                let p: &'static Plan = held.leak();
                plans_seen.update_value(|seen| seen.push((key.clone(), p)));
                p
            } else {
                builtin
            }
        };
        let plan_ref = RwSignal::new(resolve(&key.get_untracked()));
        Effect::new(move |_| {
            checks_came.track();
            let p = resolve(&key.get());
            if !std::ptr::eq(p, plan_ref.get_untracked()) {
                plan_ref.set(p);
            }
        });
        let periods = Memo::new(move |_| {
            let plan = plan_ref.get();
            data.with(|d| plan.reporting_periods(|k| d.work(&plan.id).window(k)))
        });
        let route = Route::parse(&location_hash_string()).unwrap_or(Route::Dashboard);

        let app = App {
            plan_ref,
            builtin,
            // English is a module of its own: when it could not be fetched, Vietnamese.
            lang: RwSignal::new(if crate::i18n::available(prefs.lang) {
                prefs.lang
            } else {
                Lang::Vi
            }),
            route: RwSignal::new(route),
            today: RwSignal::new(browser::today()),
            data,
            health: RwSignal::new(health),
            last_saved: RwSignal::new(None),
            stored_units: RwSignal::new(stored_units),
            persisted: RwSignal::new(None),
            workspace: RwSignal::new(workspace),
            toast,
            me,
            selected,
            current,
            periods,
            tasks_href: RwSignal::new(Route::Tasks { task: None }.href()),
            chart_width: RwSignal::new(browser::chart_width()),
            last_backup: RwSignal::new(prefs.last_backup),
            keeper: StoredValue::new(keeper),
            journal: StoredValue::new(Journal::default()),
            save_timer: StoredValue::new(None),
        };
        app.wire_saving();
        app.wire_prefs();
        app.wire_clock();
        app
    }

    /// A text that names the managing unit (`{office}`), named as the plan in use names it.
    pub fn named(&self, text: &str) -> String {
        crate::i18n::fill(text, &[("office", self.plan().office_short())])
    }

    /// The plan in use (untracked: the interface is redrawn when it changes).
    pub fn plan(&self) -> &'static Plan {
        self.plan_ref.get_untracked()
    }

    /// The plan in use, tracked (for the root that redraws the interface).
    pub fn plan_tracked(&self) -> &'static Plan {
        self.plan_ref.get()
    }

    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    pub fn t_untracked(&self) -> &'static Texts {
        texts(self.lang.get_untracked())
    }

    /// The pages' texts ([`crate::i18n::PageTexts`]), for the pages after the first load only.
    pub fn pt(&self) -> &'static crate::i18n::PageTexts {
        crate::i18n::page_texts(self.lang.get())
    }

    pub fn pt_untracked(&self) -> &'static crate::i18n::PageTexts {
        crate::i18n::page_texts(self.lang.get_untracked())
    }

    /// The plan's month for the last complete month (for defaults of the figures page).
    pub fn default_month(&self) -> YearMonth {
        crate::core::base::period::year_to_date(self.plan().year, self.today.get_untracked()).to
    }

    fn wire_saving(self) {
        // Any change of the dataset schedules a save, and after the first one (at start) fetches
        // the codec, so that it is there when the save comes.
        Effect::new(move |started: Option<()>| {
            self.data.track();
            if started.is_some() && CODEC.with(Cell::get).is_none() {
                self.fetch_codec();
            }
            self.schedule_save();
        });
        // Leaving or hiding the page saves at once, so closing the tab right after typing loses nothing.
        let hide = window_event_listener_untyped("pagehide", move |_| self.save_now());
        let vis = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.save_now();
            }
        });
        // Another tab saved: bring its changes in.
        // The window's width changed (a phone turned, a window resized): charts re-lay out once
        // the resizing has settled.
        let resize_timer = StoredValue::new(None::<TimeoutHandle>);
        let resize = window_event_listener_untyped("resize", move |_| {
            resize_timer.update_value(|t| {
                if let Some(h) = t.take() {
                    h.clear();
                }
            });
            let handle = set_timeout_with_handle(
                move || {
                    let w = browser::chart_width();
                    if self.chart_width.get_untracked() != w {
                        self.chart_width.set(w);
                    }
                },
                Duration::from_millis(200),
            )
            .ok();
            resize_timer.set_value(handle);
        });
        let other = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
            let ours = self
                .keeper
                .with_value(|k| ev.key().as_deref() == Some(k.key()));
            if ours {
                self.sync_from_storage();
            }
        });
        on_cleanup(move || {
            hide.remove();
            resize.remove();
            vis.remove();
            other.remove();
        });
        // Ask the browser to keep our storage.
        leptos::task::spawn_local(async move {
            let granted = store::request_persistence().await;
            let _ = self.persisted.try_set(Some(granted));
        });
    }

    /// Today follows the clock: a page left open overnight, or shown again after a night in the
    /// background, moves to the new day (deadlines, overdue tasks, the months that have ended).
    fn wire_clock(self) {
        let refresh = move || {
            let today = browser::today();
            if self.today.get_untracked() != today {
                self.today.set(today);
            }
        };
        let every_minute = set_interval_with_handle(refresh, Duration::from_secs(60)).ok();
        let shown = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                refresh();
            }
        });
        on_cleanup(move || {
            if let Some(h) = every_minute {
                h.clear();
            }
            shown.remove();
        });
    }

    fn wire_prefs(self) {
        Effect::new(move |_| {
            let prefs = Prefs {
                lang: self.lang.get(),
                sample: self.workspace.get() == Workspace::Sample,
                last_backup: self.last_backup.get(),
            };
            store::write_quietly(PREFS_KEY, &prefs.encode());
            let _ = document()
                .document_element()
                .map(|e| e.set_attribute("lang", prefs.lang.code()));
        });
    }

    fn schedule_save(self) {
        self.save_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(move || self.save_now(), SAVE_DEBOUNCE).ok();
        self.save_timer.set_value(handle);
    }

    /// Writes the dataset now (the only place that writes it), merging with other tabs' changes.
    pub fn save_now(&self) {
        self.save_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let Some(local) = self.data.try_get_untracked() else {
            return;
        };
        self.hand_codec();
        let outcome = self
            .keeper
            .try_update_value(|k| k.save(&local, browser::now()));
        self.apply(outcome, false);
    }

    /// Gives the keeper the codec, once that has come (before anything that may read or write).
    fn hand_codec(&self) {
        if let Some(c) = CODEC.with(Cell::get) {
            self.keeper.update_value(|k| {
                if !k.has_codec() {
                    k.set_codec(c);
                }
            });
        }
    }

    /// Fetches the codec, then saves. If its code cannot come, the edits stay on the page and
    /// the user is told; the next save tries again.
    pub fn fetch_codec(self) {
        if FETCHING_CODEC.with(|f| f.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let fetched = codec().await;
            FETCHING_CODEC.with(|f| f.set(false));
            match fetched {
                Ok(_) => self.save_now(),
                Err(ChunkMissing) => {
                    let _ = self.health.try_set(Health::CodecMissing);
                }
            }
        });
    }

    fn sync_from_storage(&self) {
        let Some(local) = self.data.try_get_untracked() else {
            return;
        };
        self.hand_codec();
        let outcome = self
            .keeper
            .try_update_value(|k| k.external_change(&local, browser::now()));
        self.apply(outcome, true);
    }

    fn apply(&self, outcome: Option<Outcome>, from_other_tab: bool) {
        match outcome {
            Some(Outcome::Adopted(d)) | Some(Outcome::Merged(d)) => {
                self.data.set(d);
                if from_other_tab {
                    self.notify(self.t_untracked().other_tab_merged.to_string(), false);
                }
            }
            Some(Outcome::NeedsCodec) => {
                self.fetch_codec();
                // Still waiting for the codec that did not come: the banner stays.
                if self
                    .health
                    .with_untracked(|h| matches!(h, Health::CodecMissing))
                {
                    return;
                }
            }
            _ => {}
        }
        self.keeper.with_value(|k| {
            self.health.set(k.health.clone());
            self.last_saved.set(k.last_saved);
            self.stored_units.set(k.stored_units());
        });
    }

    /// An ordinary edit: applied at once, saved shortly after.
    pub fn edit<'a>(&self, f: impl FnOnce(&mut Dataset, Millis) + 'a) {
        self.edit_boxed(Box::new(f));
    }

    /// One copy of the signal-update code for every edit of the app (bytes matter in the wasm).
    fn edit_boxed(&self, f: Edit<'_>) {
        let now = browser::now();
        self.data.update(|d| f(d, now));
    }

    /// A destructive edit: journaled so that it can be undone, and announced with "Hoàn tác".
    pub fn destroy<'a>(
        &self,
        action: UndoableAction,
        message: String,
        f: impl FnOnce(&mut Dataset, Millis) + 'a,
    ) {
        self.destroy_boxed(action, message, Box::new(f));
    }

    fn destroy_boxed(&self, action: UndoableAction, message: String, f: Edit<'_>) {
        let now = browser::now();
        let before = self.data.get_untracked();
        let mut after = before.clone();
        f(&mut after, now);
        if after == before {
            return;
        }
        self.journal
            .update_value(|j| j.record(action, before, after.clone()));
        self.data.set(after);
        self.notify(message, true);
    }

    /// Undoes the last destructive edit, keeping edits made since (by the codec's merge, which
    /// the edit being undone has already fetched).
    pub fn undo(&self) {
        let app = *self;
        leptos::task::spawn_local(async move {
            let Ok(codec) = codec().await else {
                app.health.set(Health::CodecMissing);
                return;
            };
            let Some(current) = app.data.try_get_untracked() else {
                return;
            };
            if let Some((_, restored)) = app
                .journal
                .try_update_value(|j| j.undo(&current, codec.merge))
                .flatten()
            {
                app.data.set(restored);
                app.notify(app.t_untracked().undo_done.to_string(), false);
            }
        });
    }

    pub fn notify(&self, text: String, undo: bool) {
        self.toast.set(Some(Toast { text, undo }));
    }

    /// Says who the user is.
    pub fn set_me(&self, unit: Unit) {
        self.edit(|d, now| d.set_me(unit, now));
    }

    /// Opens the sample workspace, generated afresh, seen as `role` (a school, an office with its
    /// schools, a unit above with its offices; by default the user's own kind, else an office);
    /// the real dataset is saved first and untouched. The generator comes with the file readers
    /// (`make_sample`): few open the sample, and only by a click. If it cannot come, the user is
    /// told and stays where they were.
    pub fn open_sample(&self, role: Option<UnitKind>) {
        self.save_now();
        let kind = role.unwrap_or_else(|| {
            self.me
                .get_untracked()
                .map(|u| u.kind)
                .unwrap_or(UnitKind::Office)
        });
        let (app, plan) = (*self, self.plan());
        leptos::task::spawn_local(async move {
            match make_sample(plan, kind, browser::now()).await {
                Ok(sample) => {
                    app.save_now();
                    // The keeper reads what the sample's key holds only with the codec.
                    let _ = codec().await;
                    let (keeper, _) = open_keeper(SAMPLE_KEY);
                    app.switch(keeper, sample, Workspace::Sample);
                }
                Err(crate::split::ChunkMissing) => {
                    app.notify(app.t_untracked().sample_missing.to_string(), false)
                }
            }
        });
    }

    /// Leaves the sample: deletes its key and reopens the real dataset as stored.
    pub fn close_sample(&self) {
        self.save_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        self.keeper.update_value(|k| {
            let _ = k.remove();
        });
        // The real dataset is read with the codec (there already, unless it cannot come: then
        // the keeper says so and writes nothing).
        let app = *self;
        leptos::task::spawn_local(async move {
            let _ = codec().await;
            let (keeper, real) = open_keeper(DATA_KEY);
            app.switch(keeper, real, Workspace::Real);
        });
    }

    fn switch(&self, keeper: Keeper<LocalStorage>, data: Dataset, workspace: Workspace) {
        self.health.set(keeper.health.clone());
        self.keeper.set_value(keeper);
        self.journal.update_value(|j| j.clear());
        self.workspace.set(workspace);
        self.data.set(data);
        self.save_now();
    }

    /// What the open key holds now, as stored.
    pub fn stored_raw(&self) -> Option<String> {
        self.keeper.with_value(|k| store::read_quietly(k.key()))
    }

    /// The unreadable stored value, for download in recovery mode.
    pub fn unreadable_raw(&self) -> Option<String> {
        self.keeper
            .with_value(|k| k.unreadable_raw().map(str::to_string))
    }

    /// Leaves recovery mode: the unreadable value is copied aside (not deleted), saving resumes.
    pub fn start_fresh(&self) -> Result<(), String> {
        let result = self
            .keeper
            .try_update_value(|k| k.set_aside_and_start_fresh(browser::now()));
        match result {
            Some(Ok(_)) => {
                self.data.set(Dataset::default());
                self.keeper
                    .with_value(|k| self.health.set(k.health.clone()));
                self.save_now();
                Ok(())
            }
            Some(Err(e)) => Err(format!("{e:?}")),
            None => Err("disposed".into()),
        }
    }

    pub fn navigate(&self, route: Route) {
        let _ = window().location().set_hash(&route.href());
    }
}

/// `location.hash`, or empty.
pub fn location_hash_string() -> String {
    window().location().hash().unwrap_or_default()
}

/// The app state from context.
pub fn use_app() -> App {
    expect_context::<App>()
}
