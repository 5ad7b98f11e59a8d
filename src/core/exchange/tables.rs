//! Tables for Excel users, one CSV file each: counts written without thousands separators, a
//! missing figure left empty — never written as 0 —, months as "03/2024", and words where the
//! app holds a code (a school's level, who answered a survey), in the user's language.

use crate::core::base::csv::{row, BOM};
use crate::core::base::format::Lang;
use crate::core::base::period::YearMonth;
use crate::core::data::dataset::Dataset;
use crate::core::data::records::Unit;
use crate::core::data::survey::Respondent;
use crate::core::figures::survey_results::tally_of;
use crate::core::plan::model::{Plan, UnitKind};

/// The words a table writes where the app holds a code, in the user's language: the school
/// levels (mầm non, tiểu học, THCS) and who answered a survey (parents, students).
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub levels: [&'a str; 3],
    pub respondents: [&'a str; 2],
}

impl Words<'_> {
    fn level(&self, u: &Unit) -> String {
        u.level
            .and_then(|l| {
                crate::core::data::records::SchoolLevel::ALL
                    .iter()
                    .position(|x| *x == l)
            })
            .map(|i| self.levels[i].to_string())
            .unwrap_or_default()
    }

    fn respondent(&self, r: Respondent) -> String {
        match r {
            Respondent::Parents => self.respondents[0],
            Respondent::Students => self.respondents[1],
        }
        .to_string()
    }
}

/// The figures per unit and month: one row per unit and month that holds a figure, one column per
/// field the unit reports (labels in `lang`). `head` names the first four columns (code, name,
/// level, month).
pub fn figures(
    plan: &Plan,
    data: &Dataset,
    units: &[&Unit],
    head: [&str; 4],
    lang: Lang,
    words: Words<'_>,
) -> String {
    let mut out = String::from(BOM);
    let fields: Vec<_> = plan.measures.fields.iter().collect();
    let mut header: Vec<String> = head.iter().map(|h| h.to_string()).collect();
    header.extend(fields.iter().map(|f| match lang {
        Lang::Vi => f.label.vi.clone(),
        Lang::En => f.label.en.clone(),
    }));
    out.push_str(&row(&header));
    let months: Vec<YearMonth> = plan.months();
    for u in units {
        for m in &months {
            let Some(values) = data.month_figures(&u.id, *m) else {
                continue;
            };
            let mut cells = vec![
                u.code.clone(),
                u.name.clone(),
                words.level(u),
                crate::core::base::format::month_numeric(*m),
            ];
            cells.extend(fields.iter().map(|f| {
                let reports = f.reporters.contains(&u.kind)
                    || (u.kind == UnitKind::School && f.reporters.contains(&UnitKind::School));
                match values.get(&f.id) {
                    Some(v) if reports => v.v.to_string(),
                    _ => String::new(),
                }
            }));
            out.push_str(&row(&cells));
        }
    }
    out
}

/// The survey tallies: one row per round and criterion, counts at each level, blanks, forms
/// returned. `head` names the columns (code, name, round, month, respondent, criterion, 1–5,
/// blank, returned).
pub fn tallies(
    plan: &Plan,
    data: &Dataset,
    units: &[&Unit],
    head: [&str; 13],
    words: Words<'_>,
) -> String {
    let mut out = String::from(BOM);
    out.push_str(&row(&head));
    let work = data.work(&plan.id);
    for u in units {
        for r in work.rounds_of(&u.id) {
            for (_, c) in r.questionnaire.visible() {
                let t = tally_of(&work.tallies, &r.id, &c.id);
                if t.is_empty() {
                    continue;
                }
                let mut cells = vec![
                    u.code.clone(),
                    u.name.clone(),
                    r.name.clone(),
                    crate::core::base::format::month_numeric(r.month),
                    words.respondent(r.respondent),
                    c.text.clone(),
                ];
                cells.extend(t.n.iter().map(u64::to_string));
                cells.push(t.blank.to_string());
                cells.push(r.returned.to_string());
                out.push_str(&row(&cells));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::records::SchoolLevel;
    use crate::core::fixtures::{parse_csv_line as parse, school, school_data, ym};

    const WORDS: Words<'static> = Words {
        levels: ["Mầm non", "Tiểu học", "Trung học cơ sở"],
        respondents: ["Cha mẹ học sinh", "Học sinh"],
    };

    #[test]
    fn figures_per_unit_and_month_for_excel() {
        let plan = Plan::builtin();
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 1_000);
        d.set_figure("u-b", ym(2), "vb_dien_tu", None, 1);
        let csv = figures(
            &plan,
            &d,
            &[&u],
            ["Mã", "Trường", "Cấp", "Tháng"],
            Lang::Vi,
            WORDS,
        );
        assert!(csv.starts_with("\u{feff}Mã,Trường,Cấp,Tháng,"));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 5, "header, three months, and the final break");
        let cols = parse(lines[0].trim_start_matches('\u{feff}'));
        let at = |id: &str| {
            let name = &plan.field(id).unwrap().label.vi;
            cols.iter().position(|c| c == name).unwrap()
        };
        let jan = parse(lines[1]);
        let feb = parse(lines[2]);
        assert_eq!(
            &jan[..4],
            ["TH07", "Trường TH Bình Tiên", "Tiểu học", "01/2024"]
        );
        assert_eq!(jan[at("vb_tong")], "1010", "no thousands separator");
        assert_eq!(jan[at("vb_dien_tu")], "1009");
        assert_eq!(
            feb[at("vb_dien_tu")],
            "",
            "a missing figure is empty, never 0"
        );
        assert_eq!(
            jan[at("hs_tiep_nhan")],
            "",
            "a field the school does not report"
        );
        assert_eq!(jan.len(), cols.len());
    }

    #[test]
    fn tallies_per_round_and_criterion() {
        let plan = Plan::builtin();
        let u = school("u-a", "MN Hoa Sen", SchoolLevel::MamNon, "MN01");
        let d = school_data(&u, 1);
        let head = [
            "Mã",
            "Trường",
            "Đợt",
            "Tháng",
            "Đối tượng",
            "Tiêu chí",
            "1",
            "2",
            "3",
            "4",
            "5",
            "Trống",
            "Phiếu",
        ];
        let csv = tallies(&plan, &d, &[&u], head, WORDS);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].contains(",03/2024,Cha mẹ học sinh,"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",1,2,7,40,50,0,100"), "{}", lines[1]);
    }
}
