//! Every user-facing string of the interface, Vietnamese first, with its English translation.
//!
//! One struct, two values: the compiler checks that every string exists in both languages.
//! Templates name their blanks `{n}`, `{date}`…, filled by [`fill`]. The plan's own text is data
//! (Vietnamese, as issued) and is not here; labels of the measurement model live in the plan file.

pub use crate::core::base::format::Lang;
use crate::core::base::period::ReportKind;
use crate::core::data::records::{SchoolLevel, TaskStatus, Verdict};
use crate::core::figures::indicator::Status;
use crate::core::plan::model::{Plan, Reporter};
use crate::route::Page;

/// Replaces `{name}` blanks in a template.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The table of a language. English falls back to Vietnamese until [`ready`] has brought it (in
/// the release bundle only; elsewhere it is always there), so that this never fails.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => english::loaded().unwrap_or(&VI),
    }
}

/// The pages' table of a language, as [`texts`] gives the frame's. Only the pages call this, so
/// that the Vietnamese one comes with their code.
pub fn page_texts(lang: Lang) -> &'static PageTexts {
    match lang {
        Lang::Vi => &VI_PAGES,
        Lang::En => english::loaded_pages().unwrap_or(&VI_PAGES),
    }
}

/// Whether [`texts`] gives the language's own table now.
pub fn available(lang: Lang) -> bool {
    lang == Lang::Vi || english::loaded().is_some()
}

/// Brings the language's table. Most users never read English, so in the release bundle its
/// table is a module of its own (`split_english.wasm`, 7 KB), fetched when English is first chosen
/// or when the app starts in English.
pub async fn ready(lang: Lang) -> Result<(), crate::split::ChunkMissing> {
    match lang {
        Lang::Vi => Ok(()),
        Lang::En => english::load().await,
    }
}

#[cfg(all(feature = "split", target_arch = "wasm32"))]
mod english {
    use super::{PageTexts, Texts};
    use crate::split::ChunkMissing;
    use std::sync::OnceLock;

    static LOADED: OnceLock<(&'static Texts, &'static PageTexts)> = OnceLock::new();

    pub fn loaded() -> Option<&'static Texts> {
        LOADED.get().map(|l| l.0)
    }

    pub fn loaded_pages() -> Option<&'static PageTexts> {
        LOADED.get().map(|l| l.1)
    }

    crate::split_fn! {
        english: fn table() -> (&'static Texts, &'static PageTexts) => (&super::EN, &super::EN_PAGES);
    }

    pub async fn load() -> Result<(), ChunkMissing> {
        if LOADED.get().is_none() {
            let _ = LOADED.set(table().await?);
        }
        Ok(())
    }
}

#[cfg(not(all(feature = "split", target_arch = "wasm32")))]
mod english {
    use super::{PageTexts, Texts};
    use crate::split::ChunkMissing;

    pub fn loaded() -> Option<&'static Texts> {
        Some(&super::EN)
    }

    pub fn loaded_pages() -> Option<&'static PageTexts> {
        Some(&super::EN_PAGES)
    }

    pub async fn load() -> Result<(), ChunkMissing> {
        Ok(())
    }
}

/// Declares the table's fields once: the struct, and a list of (name, text) for tests.
macro_rules! texts_table {
    ($($name:ident),* $(,)?) => {
        pub struct Texts {
            $(pub $name: &'static str,)*
        }

        impl Texts {
            /// Every entry with its field name, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name)),*]
            }
        }
    };
}

/// The texts only the pages after the first load show, with the table of the same language
/// behind them ([`std::ops::Deref`]): a page reads every text as `t.name`, while the first
/// download holds only the frame's texts (those of the pages are 16 KB of Vietnamese).
macro_rules! page_texts_table {
    ($($name:ident),* $(,)?) => {
        pub struct PageTexts {
            pub base: &'static Texts,
            $(pub $name: &'static str,)*
        }

        impl PageTexts {
            /// Every entry of both tables with its field name.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                let mut all = self.base.entries();
                all.extend([$((stringify!($name), self.$name)),*]);
                all
            }
        }

        impl std::ops::Deref for PageTexts {
            type Target = Texts;

            fn deref(&self) -> &Texts {
                self.base
            }
        }
    };
}

texts_table! {
    // Layout
    app_name,
    skip_to_content,
    nav_label,
    nav_menu,
    lang_switch,
    lang_switch_label,
    lang_missing,
    footer_local,
    version,
    not_found_title,
    page_loading,
    page_missing,
    not_found_body,
    back_home,
    close,
    save,
    edit,
    add,
    undo,
    all,
    today_is,
    changed_at,

    // Navigation
    nav_dashboard,
    nav_plan,
    nav_calendar,
    nav_tasks,
    nav_figures,
    nav_indicators,
    nav_surveys,
    nav_units,
    nav_data,
    nav_exchange,

    // Plan page
    plan_footnote_ref,
    reporter_schools,
    reporter_both,

    // Reporting calendar
    report_q1,
    report_h1,
    report_q3,
    report_year,
    report_with_months,
    due_before,
    days_left,
    due_today,
    days_overdue,
    overdue_today,
    next_due,
    report_late,
    all_past,
    data_window,

    // Statuses
    status_no_activity,
    status_met,
    status_not_met,
    status_no_data,
    status_invalid,
    task_not_started,
    task_in_progress,
    task_done,
    task_not_applicable,
    verdict_met,
    verdict_not_met,
    verdict_pending,

    // Who am I
    who_title,
    who_intro,
    who_school,
    who_school_name,
    who_above,
    who_above_name,
    who_school_level,
    who_school_code,
    who_start,
    who_name_required,
    who_level_required,
    who_or_sample,
    level_mam_non,
    level_tieu_hoc,
    level_thcs,
    who_you_are,
    needs_profile,

    // Dashboard
    dash_title,
    dash_targets,
    dash_targets_ytd,
    dash_progress,
    dash_attention,
    dash_nothing,
    dash_missing_months,
    dash_conflict,
    dash_overdue_task,
    dash_at_risk,
    dash_overall,
    dash_schools_progress,
    dash_offices_progress,
    dash_unassessed,

    // Tasks page
    progress_done_of,

    // Figures page
    figures_unit,
    err_not_a_number,
    err_negative,
    err_not_whole,
    err_too_large,
    err_not_a_flag,
    err_above_whole,
    err_below_parts,
    err_carried,
    warn_above_whole,
    warn_below_parts,

    // Indicators page
    ind_need,
    ind_unreachable,
    ind_reached,
    ind_closed,
    ind_need_forms,
    ind_margin,
    ind_provisional,
    ind_units_schools,
    ind_units_any,
    plans_file_error,
    plans_current,
    plans_manage,
    who_plan,
    who_make_plan,
    who_plan_hint,
    crash_title,
    crash_body,
    crash_backup,
    crash_reload,
    crash_detail,
    file_choose,
    file_choose_many,
    files_missing,
    backup_remind,
    ind_conflict,
    ind_value_in,
    ind_goals_of,
    ind_qualitative,

    // Surveys
    scroll_hint,
    sv_level_1,
    sv_level_2,
    sv_level_3,
    sv_level_4,
    sv_level_5,

    // Charts
    ch_view_table,
    ch_monthly,
    ch_cumulative,
    ch_previous,
    ch_target,
    ch_trend_title,
    ch_trend_desc,
    ch_trend_summary,
    ch_trend_empty,
    ch_compare_title,
    ch_compare_desc,
    ch_compare_extremes,
    ch_below,
    ch_dist_title,
    ch_dist_desc,
    ch_dist_summary,
    ch_due_q1,
    ch_due_h1,
    ch_due_q3,
    ch_due_year,


    // Data page and storage
    data_backup_button,
    data_sample_leave,
    sample_banner,
    sample_missing,
    banner_quota,
    banner_unavailable,
    banner_recovery,
    banner_newer,
    banner_stale,
    banner_reader_missing,
    banner_codec_missing,
    banner_retry,
    plan_check_missing,
    banner_reload,
    recovery_download,
    recovery_start_fresh,
    recovery_start_fresh_confirm,
    other_tab_merged,
    undo_done,
    err_where,
    err_date,
    date_hint,
    err_line,
    err_syntax,
    err_missing,
    err_wrong_format,
    err_newer,
    err_unconverted,
    err_out_of_range,
    err_duplicate,
    err_unknown_ref,
    err_invalid,
    err_file_too_large,
    err_not_utf8,
    err_empty,
    err_too_deep,
    err_not_a_count,
    err_checksum,
    err_other_plan,
    err_unsafe_text,
    err_level_school,
    err_level_office,
    err_level_above,
    err_parts_above,
    err_row_sum,
    fs_roster,
    fs_roster_pick,
    fs_roster_use,
    fs_roster_heading,
    fs_roster_hint,
    fs_roster_none,
    fs_roster_confirm,
    plans_open,
    plans_open_hint,
    plans_opened,
}

page_texts_table! {
    delete,
    yes,
    no,
    plan_contents,
    plan_text_note,
    plan_targets_number,
    plan_targets_text,
    plan_targets_threshold,
    plan_targets_reporter,
    plan_qualitative,
    plan_expand_all,
    plan_collapse_all,
    plan_tasks_count,
    plan_task_goals,
    plan_task_roles,
    plan_task_responsible,
    plan_footnotes,
    plan_recipients,
    plan_general_roles,
    plan_track_task,
    calendar_title,
    calendar_intro,
    window_default,
    window_custom,
    window_edit,
    window_from,
    window_to,
    window_reset,
    window_invalid,
    calendar_report,
    calendar_due,
    calendar_window,
    calendar_state,
    tasks_title,
    tasks_filter,
    tasks_filter_status,
    tasks_filter_area,
    tasks_filter_overdue,
    tasks_shown,
    tasks_none_match,
    tasks_of_managing_unit,
    tasks_not_counted,
    task_status,
    task_assignee,
    task_assignee_hint,
    task_due,
    task_notes,
    task_evidence,
    task_evidence_intro,
    evidence_doc_number,
    evidence_date,
    evidence_link,
    evidence_note,
    evidence_add,
    evidence_empty,
    evidence_needs_something,
    evidence_bad_link,
    task_overdue,
    task_no_evidence,
    task_done_no_evidence,
    task_last_changed,
    task_back,
    task_not_found,
    task_plan_role,
    figures_title,
    figures_intro,
    figures_month,
    figures_prev,
    figures_next,
    figures_clear_month,
    figures_cleared,
    figures_empty_hint,
    figures_none_for_unit,
    err_not_saved,
    flow_hint,
    stock_hint,
    month_end_hint,
    figures_carried_note,
    month_entered,
    month_missing,
    ind_title,
    ind_intro,
    ind_scope,
    ind_scope_all,
    ind_period,
    ind_ytd,
    ind_rate,
    ind_goal,
    ind_status,
    ind_formula,
    ind_gap,
    ind_projection,
    ind_projection_impossible,
    ind_missing,
    ind_year_before,
    ind_at_month_end,
    plans_title,
    plans_intro,
    plans_year,
    plans_in_use,
    plans_use,
    plans_builtin,
    plans_copy,
    plans_edit,
    plans_export,
    plans_switched,
    plans_copied,
    pe_title,
    pe_intro,
    pe_not_editable,
    pe_office_only,
    pe_issuer_section,
    pe_issuer_intro,
    pe_issuer,
    pe_office_short,
    pe_lh_parent,
    pe_lh_body,
    pe_lh_place,
    pe_lh_symbol,
    pe_above,
    pe_above_short,
    pn_title,
    pn_intro,
    pn_template,
    pn_template_option,
    pn_make,
    pn_made,
    pn_exists,
    rs_outdated,
    rs_send_again,
    rs_month_sent,
    fl_own_high,
    fl_own_low,
    fl_rate_jump,
    fl_peers,
    fl_mark_checked,
    fl_checked,
    ex_above_generic,
    ex_intro_up,
    ex_holds_members,
    ex_title_above,
    ex_matrix_above,
    units_offices,
    units_offices_intro,
    units_office_schools,
    ind_level_row,
    ind_scope_all_above,
    ex_choose_above,
    who_sample_school,
    who_sample_above,
    hi_title,
    hi_from_file,
    hi_typed,
    hi_cleared,
    hi_step,
    hi_received,
    fm_title,
    fm_intro,
    fm_choose,
    fm_summary,
    fm_unreadable,
    fm_unreadable_at,
    fm_columns,
    fm_column,
    fm_criterion,
    fm_skip,
    fm_fill,
    fm_filled,
    rp_csv_tasks,
    rp_csv_surveys,
    pe_document,
    pe_year,
    pe_doc_number,
    pe_doc_date,
    pe_subtitle,
    pe_legal,
    pe_targets,
    pe_target,
    pe_operator,
    pe_threshold,
    pe_reporter,
    pe_indicator,
    pe_none,
    pe_tasks,
    pe_area,
    pe_task,
    pe_bullets,
    pe_roles,
    pe_due,
    pe_add_task,
    pe_remove_task,
    pe_reports,
    pe_report_text,
    pe_report_due,
    pe_window_from,
    pe_window_to,
    pe_window_default,
    pe_month,
    nav_calendar_crumb,
    rp_page_title,
    rp_none,
    rp_missing,
    rp_stale_task,
    rp_more,
    rp_place_date,
    rp_summary,
    rp_open_report,
    rp_missing_count,
    cal_not_sent,
    rp_period_q1,
    rp_period_h1,
    rp_period_q3,
    rp_period_year,
    rp_number,
    rp_number_line,
    rp_date,
    rp_print,
    rp_json,
    rp_csv,
    rp_csv_goals,
    rp_csv_num,
    rp_csv_den,
    rp_csv_provisional,
    rp_targets,
    rp_tasks,
    rp_surveys,
    rp_charts,
    restore_title,
    restore_intro,
    restore_choose,
    restore_file,
    restore_holds,
    restore_replaces,
    restore_summary,
    restore_apply,
    restore_cancel,
    restore_done,
    backup_never,
    backup_last,
    rp_csv_satisfied,
    rp_assessment,
    rp_section_1,
    rp_section_2,
    rp_section_3,
    rp_section_4,
    rp_vs_previous,
    rp_vs_year_before,
    rp_sample,
    rp_sample_enough,
    rp_sample_too_few,
    rp_sample_small,
    rp_sample_unknown,
    rp_school_head,
    rp_unit_head,
    rp_keep_copy,
    rp_open,
    rp_closed,
    pe_signing,
    pe_recipients,
    pe_signer_title,
    pe_signer_name,
    pe_save,
    pe_saved,
    pe_not_written,
    pe_invalid,
    pe_valid,
    pe_unsaved,
    pe_not_number,
    ind_incomplete,
    ind_invalid,
    ind_above_whole,
    ind_coverage,
    ind_no_data_hint,
    ind_source_survey,
    ind_by_period,
    ind_by_unit,
    ind_qualitative_note,
    ind_not_found,
    ind_units_term,
    sv_title,
    sv_intro,
    sv_rounds,
    sv_none,
    sv_new,
    sv_name,
    sv_name_default,
    sv_respondent,
    sv_parents,
    sv_students,
    sv_month,
    sv_distributed,
    sv_returned,
    sv_population,
    sv_returned_above,
    sv_create,
    sv_settings,
    sv_grid,
    sv_grid_scroll,
    sv_headline,
    sv_headline_detail,
    sv_grid_intro,
    sv_criterion,
    sv_blank,
    sv_blank_short,
    sv_row_total,
    sv_row_diff,
    sv_row_diff_short,
    sv_row_ok,
    sv_row_diff_note,
    sv_rows_off,
    sv_cell_label,
    sv_paste_error,
    sv_overall_question,
    sv_results,
    sv_rate,
    sv_mean,
    sv_answers,
    sv_distribution,
    sv_target,
    sv_all,
    sv_mean_reading,
    sv_sample_enough,
    sv_sample_too_few,
    sv_sample_small,
    sv_sample_unknown,
    sv_questionnaire,
    sv_questionnaire_intro,
    sv_hide,
    sv_add_criterion,
    sv_new_criterion,
    sv_delete_round,
    sv_delete_confirm,
    sv_deleted,
    sv_not_found,
    sv_back,
    sv_office_title,
    sv_office_intro,
    sv_school,
    sv_whole_sector,
    sv_round,
    sv_level_total,
    sv_no_level,
    sv_for_school_only,
    ch_month,
    units_title,
    units_me,
    units_schools,
    units_schools_intro,
    units_add_school,
    units_remove_confirm,
    units_removed,
    units_id,
    units_duplicate_name,
    units_name,
    units_saved,
    data_title,
    data_where,
    data_backup,
    data_backup_intro,
    data_sample,
    data_sample_intro,
    data_sample_load,
    data_reset,
    data_reset_intro,
    data_reset_button,
    data_reset_confirm,
    data_reset_done,
    data_status,
    data_status_ok,
    data_last_saved,
    data_usage,
    data_usage_warn,
    ar_title,
    ar_intro,
    ar_button,
    ar_done,
    ar_none,
    ar_choose,
    ar_holds,
    ar_apply,
    ar_back,
    data_persisted,
    data_not_persisted,
    undo_remove_evidence,
    la_title,
    la_text,
    la_note,
    la_undo,
    units_kind,
    ex_title_school,
    ex_intro_school,
    ex_period,
    ex_all,
    ex_holds,
    ex_holds_removed,
    ex_problems,
    ex_download,
    ex_made,
    ex_last_sent,
    ex_title_office,
    ex_intro_office,
    ex_choose,
    ex_drop,
    ex_reading,
    ex_bad_files,
    ex_file,
    ex_file_head,
    ex_dup,
    ex_already,
    ex_clock_future,
    ex_clock_past,
    ex_unknown_unit,
    ex_add_new,
    ex_col_what,
    ex_col_value,
    ex_col_change,
    ex_col_apply,
    ex_show_unchanged,
    ex_expand,
    ex_collapse,
    ex_no_conflicts,
    ex_choice_all,
    ex_choice_none,
    ex_choice_some,
    ex_new,
    ex_unchanged,
    ex_changed,
    ex_removed,
    ex_corrected,
    ex_cleared_value,
    ex_stored_newer,
    ex_superseded,
    ex_file_counts,
    ex_accept_file,
    ex_reject_file,
    ex_apply,
    ex_cancel,
    ex_note_refused,
    ex_refused_title,
    ex_refused_item,
    ex_refused_unknown,
    ex_applied,
    ex_what_task,
    ex_what_assessment,
    ex_what_round,
    ex_round_value,
    ex_tally_value,
    ex_matrix,
    ex_matrix_table,
    ex_on_time,
    ex_late,
    ex_missing,
    ex_not_due,
    ex_cell,
    ex_superseded_n,
    ex_files_of,
    ex_receipt,
    ex_no_schools,
    ex_roster,
    ex_roster_intro,
    ex_roster_button,
    ex_csv,
    ex_csv_figures,
    ex_csv_tallies,
    ex_csv_head,
    ex_csv_tally_head,
}

impl Texts {
    pub fn page(&self, p: Page) -> &'static str {
        match p {
            Page::Dashboard => self.nav_dashboard,
            Page::Plan => self.nav_plan,
            Page::Calendar => self.nav_calendar,
            Page::Tasks => self.nav_tasks,
            Page::Figures => self.nav_figures,
            Page::Indicators => self.nav_indicators,
            Page::Surveys => self.nav_surveys,
            Page::Units => self.nav_units,
            Page::Data => self.nav_data,
            Page::Exchange => self.nav_exchange,
            Page::NotFound => self.not_found_title,
        }
    }

    pub fn report(&self, k: ReportKind) -> &'static str {
        match k {
            ReportKind::Q1 => self.report_q1,
            ReportKind::H1 => self.report_h1,
            ReportKind::Q3 => self.report_q3,
            ReportKind::Year => self.report_year,
        }
    }

    /// The short name of a report for chart marks.
    pub fn due_short(&self, k: ReportKind) -> &'static str {
        match k {
            ReportKind::Q1 => self.ch_due_q1,
            ReportKind::H1 => self.ch_due_h1,
            ReportKind::Q3 => self.ch_due_q3,
            ReportKind::Year => self.ch_due_year,
        }
    }

    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::NoData => self.status_no_data,
            Status::NoActivity => self.status_no_activity,
            Status::Invalid => self.status_invalid,
            Status::Met => self.status_met,
            Status::NotMet => self.status_not_met,
        }
    }

    pub fn task_status(&self, s: TaskStatus) -> &'static str {
        match s {
            TaskStatus::NotStarted => self.task_not_started,
            TaskStatus::InProgress => self.task_in_progress,
            TaskStatus::Done => self.task_done,
            TaskStatus::NotApplicable => self.task_not_applicable,
        }
    }

    pub fn verdict(&self, v: Option<Verdict>) -> &'static str {
        match v {
            Some(Verdict::Met) => self.verdict_met,
            Some(Verdict::NotMet) => self.verdict_not_met,
            None => self.verdict_pending,
        }
    }

    /// Who reports a target, the managing unit named as the plan names it.
    pub fn reporter(&self, r: Reporter, plan: &Plan) -> String {
        match r {
            Reporter::Office => plan.office_short().to_string(),
            Reporter::Schools => self.reporter_schools.to_string(),
            Reporter::Both => fill(self.reporter_both, &[("office", plan.office_short())]),
        }
    }

    pub fn level(&self, l: SchoolLevel) -> &'static str {
        match l {
            SchoolLevel::MamNon => self.level_mam_non,
            SchoolLevel::TieuHoc => self.level_tieu_hoc,
            SchoolLevel::Thcs => self.level_thcs,
        }
    }
}

mod en;
mod vi;
pub use en::{EN, EN_PAGES};
pub use vi::{VI, VI_PAGES};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_blanks() {
        assert_eq!(fill("Còn {n} ngày", &[("n", "5")]), "Còn 5 ngày");
        assert_eq!(fill("{a}-{b}-{a}", &[("a", "x"), ("b", "y")]), "x-y-x");
    }

    #[test]
    fn templates_have_the_same_blanks_in_both_languages() {
        let blanks = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
                .collect();
            v.sort();
            v
        };
        for ((name, vi), (_, en)) in VI_PAGES.entries().into_iter().zip(EN_PAGES.entries()) {
            assert_eq!(blanks(vi), blanks(en), "{name}: «{vi}» vs «{en}»");
            assert!(!en.is_empty(), "{name} has no English text");
            assert!(
                !vi.is_empty() || name == "plan_text_note",
                "{name} has no Vietnamese text"
            );
        }
    }
}
