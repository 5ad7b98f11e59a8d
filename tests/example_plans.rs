//! The example plans in `plans/` made with the app's own functions, so that they stay what the app
//! would make. `plans/2026-vhxh-phuong-binh-tien.plan.json` is a fictitious ward's culture and
//! society office's 2026 plan, made from the built-in plan as the "make my unit's plan" page does
//! and then edited as its office would in the editor (legal basis, unit above, document number,
//! recipients, signer). Run with `CCHC_WRITE_EXAMPLES=1` to write the file after a change.

use chrono::NaiveDate;

use cchc::core::plan::file::{plan_for_unit, plan_json, UnitPlanRequest};
use cchc::core::plan::model::{LegalBasis, Letterhead, Plan};

const WARD_PLAN: &str = "plans/2026-vhxh-phuong-binh-tien.plan.json";

/// The ward's plan as its office makes it in the app.
fn ward_plan() -> Plan {
    let request = UnitPlanRequest {
        issuer: "Phòng Văn hóa - Xã hội phường Bình Tiên".into(),
        office_short: "Phòng VH-XH".into(),
        letterhead: Letterhead {
            parent: "ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN".into(),
            body: "PHÒNG VĂN HÓA - XÃ HỘI".into(),
            place: "Bình Tiên".into(),
            symbol: "VHXH".into(),
        },
        year: 2026,
    };
    let mut p = plan_for_unit(&Plan::builtin(), &request);
    // What the office then writes in the editor.
    p.units.above = "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into();
    p.units.above_short = "Sở GD&ĐT".into();
    p.document.number = "Số: 12/KH-VHXH".into();
    p.document.date = NaiveDate::from_ymd_opt(2026, 2, 2);
    p.legal_basis = vec![LegalBasis {
        text:
            "Căn cứ Kế hoạch thực hiện công tác cải cách hành chính năm 2026 trên địa bàn phường \
               Bình Tiên ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 20 tháng 01 năm 2026 của \
               Chủ tịch Ủy ban nhân dân phường Bình Tiên."
                .into(),
        reference: "Quyết định số 15/QĐ-UBND".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(),
    }];
    p.recipients = vec![
        "Ủy ban nhân dân phường Bình Tiên;".into(),
        "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh;".into(),
        "Các trường mầm non, tiểu học, THCS trên địa bàn phường;".into(),
        "Lưu: VT, VHXH.".into(),
    ];
    p.signer.name = "Trần Minh Khoa".into();
    // The programmes the tasks and objectives cite become the ward's (fictitious) own.
    let ward = |s: &mut String| {
        *s = s
            .replace("Quận 6", "phường Bình Tiên")
            .replace("quận 6", "phường Bình Tiên")
    };
    p.objectives.iter_mut().for_each(|o| ward(&mut o.text));
    for area in &mut p.task_areas {
        for task in &mut area.tasks {
            ward(&mut task.text);
            task.bullets.iter_mut().for_each(ward);
        }
    }
    p
}

#[test]
fn the_ward_example_plan_is_what_the_app_makes() {
    let plan = ward_plan();
    let pretty = format!(
        "{}\n",
        serde_json::to_string_pretty(&plan).expect("a plan serialises")
    );
    if std::env::var_os("CCHC_WRITE_EXAMPLES").is_some() {
        std::fs::write(WARD_PLAN, &pretty).unwrap();
    }
    let stored = std::fs::read_to_string(WARD_PLAN).unwrap();
    assert_eq!(
        stored, pretty,
        "{WARD_PLAN} is not what the app makes: run with CCHC_WRITE_EXAMPLES=1 and review the diff"
    );
    // A valid plan file, read as any plan file is.
    let read = Plan::from_json(&stored).expect("the example is a valid plan");
    assert_eq!(read, plan);
    assert_eq!(Plan::from_json(&plan_json(&plan)).unwrap(), plan);
}

#[test]
fn the_ward_example_plan_names_the_ward_and_not_the_district() {
    let plan = ward_plan();
    assert_eq!(plan.office_short(), "Phòng VH-XH");
    assert_eq!(plan.above_short(), Some("Sở GD&ĐT"));
    let json = plan_json(&plan);
    for old in [
        "Phòng Giáo dục và Đào tạo Quận 6",
        "Phòng GD&ĐT",
        "GDĐT",
        "Quận 6",
        "quận 6",
    ] {
        assert!(!json.contains(old), "the ward's plan still says {old}");
    }
    assert!(plan
        .preamble
        .starts_with("Phòng Văn hóa - Xã hội phường Bình Tiên"));
}
