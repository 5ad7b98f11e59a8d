//! Tables for Excel users: CSV in UTF-8 with a BOM (so that Vietnamese shows right when the file
//! is opened in Excel), CRLF line breaks, counts written without thousands separators, and a
//! missing figure left empty — never written as 0.

use super::dataset::{Dataset, Unit};
use super::format::Lang;
use super::period::YearMonth;
use super::plan::{Plan, UnitKind};
use super::survey::{tally_of, Respondent};

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// A CSV field: quoted when it holds a separator, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A CSV row, with the line break Excel expects.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn level_code(u: &Unit) -> &'static str {
    match u.level {
        Some(super::dataset::SchoolLevel::MamNon) => "mam_non",
        Some(super::dataset::SchoolLevel::TieuHoc) => "tieu_hoc",
        Some(super::dataset::SchoolLevel::Thcs) => "thcs",
        None => "",
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
                level_code(u).to_string(),
                m.to_string(),
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
pub fn tallies(plan: &Plan, data: &Dataset, units: &[&Unit], head: [&str; 13]) -> String {
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
                    r.month.to_string(),
                    match r.respondent {
                        Respondent::Parents => "parents".into(),
                        Respondent::Students => "students".into(),
                    },
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
    use crate::core::dataset::SchoolLevel;
    use crate::core::import::tests::{school, school_data, ym};

    #[test]
    fn figures_per_unit_and_month_for_excel() {
        let plan = Plan::builtin();
        let u = school("u-b", "Trường TH Bình Tiên", SchoolLevel::TieuHoc, "TH07");
        let mut d = school_data(&u, 1_000);
        d.set_figure("u-b", ym(2), "vb_dien_tu", None, 1);
        let csv = figures(&plan, &d, &[&u], ["Mã", "Trường", "Cấp", "Tháng"], Lang::Vi);
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
            ["TH07", "Trường TH Bình Tiên", "tieu_hoc", "2024-01"]
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

    /// A CSV line read back (quotes and doubled quotes), independently of `field`.
    fn parse(line: &str) -> Vec<String> {
        let (mut out, mut cell, mut quoted, mut chars) =
            (vec![], String::new(), false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut cell)),
                (c, _) => cell.push(c),
            }
        }
        out.push(cell);
        out
    }

    #[test]
    fn names_with_commas_and_quotes_are_quoted() {
        assert_eq!(
            parse(row(&["TH \"Bình Tiên\", Q6", "1"]).trim_end()),
            ["TH \"Bình Tiên\", Q6", "1"]
        );
        assert_eq!(
            row(&["TH \"Bình Tiên\", Q6", "1"]),
            "\"TH \"\"Bình Tiên\"\", Q6\",1\r\n"
        );
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
        let csv = tallies(&plan, &d, &[&u], head);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with(",1,2,7,40,50,0,100"), "{}", lines[1]);
    }
}
