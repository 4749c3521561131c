//! Reports read back with independent readers (calamine, csv, zip), on both
//! stores: every number against the read models, the Vietnamese text byte
//! for byte, the ranking's chart, the same cells in XLSX and CSV, the same
//! bytes for the same state; and over HTTP, the leader's export → approve →
//! edit → approval voided, with downloads authorized like the data.

use chamdiem_projections::Projector;
use chamdiem_projections::queries::{
    AuditFilter, audit_trail, current_ranking, scorecard, unit_names,
};
use chamdiem_projections::reports::{RenderedReport, ReportFormat, ReportRequest, export};
use chamdiem_tests::{
    ApiYear, SheetGrid, TestApp, TestDatabase, TestStore, api_year, assert_same_cells, both_stores,
    call, csv_rows, generated_cycle, xlsx_sheets, zip_entries, zip_entry_text,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

both_stores!(
    reports_of_a_whole_cycle_read_back_as_the_read_models_hold_them,
    a_leader_exports_approves_and_an_edit_voids_the_approval_over_http
);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const TITLE_LINES: [&str; 3] = [
    "Tỉnh: Thanh Hóa",
    "Kỳ đánh giá: Chỉ số CCHC năm 2024 (năm 2024)",
    "Bộ tiêu chí: Bộ chỉ số CCHC (ban hành kèm theo Quyết định số 4606/QĐ-UBND ngày 02/01/2025)",
];

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn decimal(text: &str) -> Decimal {
    shown(ok(text.parse::<Decimal>()))
}

/// A figure as a report shows it: two places.
fn shown(value: Decimal) -> Decimal {
    value.round_dp(2)
}

/// The title and the header lines every report of the period starts with.
fn assert_header(sheet: &SheetGrid, title: &str) {
    assert_eq!(sheet.text(0, 0).as_bytes(), title.as_bytes());
    for (row, line) in (1..).zip(TITLE_LINES) {
        assert_eq!(
            sheet.text(row, 0).as_bytes(),
            line.as_bytes(),
            "header row {row}"
        );
    }
}

fn heading_row(sheet: &SheetGrid, first_heading: &str) -> usize {
    sheet
        .row_starting(first_heading)
        .unwrap_or_else(|| panic!("no heading {first_heading} in {}", sheet.name))
}

async fn reports_of_a_whole_cycle_read_back_as_the_read_models_hold_them(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let projector = Projector::new(db.database.clone());
    let cycle = generated_cycle(&db, Some(&projector)).await;
    ok(projector.catch_up().await);
    let make = async |request: &ReportRequest, format| -> RenderedReport {
        ok(export(&db, "Thanh Hóa", request, format, &|_, _| {}).await)
    };
    let ids: Vec<chamdiem_domain::ids::UnitId> = cycle.units.values().copied().collect();
    let names = ok(unit_names(&db, &ids).await);

    // The ranking: one sheet per block, every figure as the read model holds
    // it, a native bar chart per block, the same cells in the CSV.
    let ranking_request = ReportRequest::Ranking {
        period: cycle.period,
        block: None,
        view: chamdiem_commands::results_view::ResultsView::Everything,
    };
    let ranking = make(&ranking_request, ReportFormat::Xlsx).await;
    let sheets = xlsx_sheets(&ranking.bytes);
    assert_eq!(
        sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Sở, ban, ngành", "UBND cấp huyện"]
    );
    let rows = ok(current_ranking(&db, cycle.period, None).await);
    assert_eq!(rows.len(), 7);
    for sheet in &sheets {
        assert_header(sheet, "BÁO CÁO KẾT QUẢ XẾP HẠNG");
        let heading = heading_row(sheet, "Hạng");
        assert_eq!(sheet.text(heading, 5), "Chỉ số (%)");
        assert_eq!(
            sheet.text(heading, 6),
            "Chỉ số thành phần 1. Công tác chỉ đạo, điều hành cải cách hành chính"
        );
    }
    for row in &rows {
        let sheet = sheets
            .iter()
            .find(|s| s.row_with(1, row.unit_code.as_str()).is_some())
            .unwrap_or_else(|| panic!("{} is in no sheet", row.unit_code));
        let r = sheet
            .row_with(1, row.unit_code.as_str())
            .unwrap_or_default();
        assert_eq!(sheet.number(r, 0), Some(Decimal::from(row.rank)));
        assert_eq!(
            sheet.text(r, 2).as_bytes(),
            names[&row.unit_id].as_bytes(),
            "unit names byte for byte"
        );
        assert_eq!(sheet.number(r, 3), Some(shown(row.total)));
        assert_eq!(
            sheet.number(r, 4),
            Some(shown(row.applicable_maximum.value()))
        );
        assert_eq!(sheet.number(r, 5), Some(shown(row.index)));
        for (offset, field) in row.fields.iter().enumerate() {
            assert_eq!(
                sheet.number(r, 6 + offset),
                Some(ok(field.index.rounded())),
                "component index {} of {}",
                field.code,
                row.unit_code
            );
        }
    }
    let parts = zip_entries(&ranking.bytes);
    for chart in ["xl/charts/chart1.xml", "xl/charts/chart2.xml"] {
        assert!(parts.iter().any(|p| p == chart), "{chart} in {parts:?}");
        let xml = zip_entry_text(&ranking.bytes, chart);
        assert!(xml.contains("<c:barChart>"), "a native bar chart");
    }
    assert!(
        zip_entry_text(&ranking.bytes, "xl/charts/chart1.xml").contains("'Sở, ban, ngành'!$F$"),
        "the chart plots the index column"
    );
    // Formatted for print: frozen down to the headings, two decimals,
    // column widths set, landscape.
    let heading = heading_row(&sheets[0], "Hạng");
    let sheet_xml = zip_entry_text(&ranking.bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains(&format!("ySplit=\"{}\"", heading + 1))
            && sheet_xml.contains("state=\"frozen\""),
        "the rows down to the headings are frozen"
    );
    assert!(sheet_xml.contains("<cols>") && sheet_xml.contains("customWidth=\"1\""));
    assert!(sheet_xml.contains("orientation=\"landscape\""));
    assert!(zip_entry_text(&ranking.bytes, "xl/styles.xml").contains("formatCode=\"0.00\""));
    let csv = make(&ranking_request, ReportFormat::Csv).await;
    assert_same_cells(&sheets, &csv_rows(&csv.bytes));

    // The appraisal report of D1: self, both rounds with reasons, final.
    let d1 = cycle.units["D1"];
    let appraisal_request = ReportRequest::Appraisal {
        period: cycle.period,
        unit: Some(d1),
    };
    let appraisal = make(&appraisal_request, ReportFormat::Xlsx).await;
    let sheets = xlsx_sheets(&appraisal.bytes);
    let [sheet] = sheets.as_slice() else {
        panic!("one sheet for one unit")
    };
    assert_eq!(sheet.name, "D1");
    assert_header(sheet, "BÁO CÁO KẾT QUẢ THẨM ĐỊNH");
    let card =
        ok(scorecard(&db, cycle.period, d1).await).unwrap_or_else(|| panic!("D1 has a scorecard"));
    let finals = &card.final_leaves;
    let as_number =
        |points: &Option<chamdiem_domain::scoring::Points>| points.map(|p| shown(p.value()));
    for leaf in &card.leaves {
        let r = sheet
            .row_starting(leaf.code.as_str())
            .unwrap_or_else(|| panic!("leaf {}", leaf.code));
        assert_eq!(
            sheet.number(r, 3),
            as_number(&leaf.self_points),
            "{}",
            leaf.code
        );
        assert_eq!(
            sheet.number(r, 4),
            as_number(&leaf.round1_points),
            "{}",
            leaf.code
        );
        assert_eq!(
            sheet.text(r, 5),
            leaf.round1_reason.clone().unwrap_or_default()
        );
        assert_eq!(
            sheet.number(r, 6),
            as_number(&leaf.round2_points),
            "{}",
            leaf.code
        );
        assert_eq!(
            sheet.text(r, 7),
            leaf.round2_reason.clone().unwrap_or_default()
        );
        let last = finals.iter().find(|f| f.code == leaf.code);
        assert_eq!(
            sheet.number(r, 8),
            last.map(|f| f.points.value()),
            "{}",
            leaf.code
        );
    }
    let changed = sheet.row_starting("1.1.1").unwrap_or_default();
    assert_eq!(
        (sheet.number(changed, 4), sheet.text(changed, 5).as_str()),
        (Some(Decimal::ZERO), "Tài liệu chưa đầy đủ")
    );
    assert_eq!(sheet.number(changed, 8), Some(decimal("0.5")));
    assert_eq!(sheet.text(changed, 9), "Điểm thẩm định");
    let total = sheet.row_with(1, "Tổng điểm").unwrap_or_default();
    assert_eq!(sheet.number(total, 8), Some(shown(card.total)));
    let index = sheet.row_with(1, "Chỉ số (%)").unwrap_or_default();
    assert_eq!(sheet.number(index, 8), Some(shown(card.index)));
    let every_unit = make(
        &ReportRequest::Appraisal {
            period: cycle.period,
            unit: None,
        },
        ReportFormat::Xlsx,
    )
    .await;
    assert_eq!(xlsx_sheets(&every_unit.bytes).len(), 7, "a sheet per unit");

    // The self-assessment report of D1 shows the hash its leader approved;
    // the same state gives the same bytes, in both formats.
    let self_request = ReportRequest::SelfAssessment {
        period: cycle.period,
        unit: d1,
    };
    let report = make(&self_request, ReportFormat::Xlsx).await;
    let again = make(&self_request, ReportFormat::Xlsx).await;
    assert_eq!(report.bytes, again.bytes, "the same state, the same bytes");
    let hash = ok(cycle.write.report_content_hash(cycle.period, d1).await);
    assert_eq!(report.content_hash.as_deref(), Some(hash.as_str()));
    assert_eq!(card.approved_hash.as_deref(), Some(hash.as_str()));
    let sheets = xlsx_sheets(&report.bytes);
    let sheet = &sheets[0];
    assert_header(sheet, "BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM");
    assert_eq!(sheet.text(4, 0), "Đơn vị: Đơn vị D1 (D1)");
    assert_eq!(
        sheet.text(5, 0),
        format!("Mã băm nội dung báo cáo (SHA-256): {hash}")
    );
    let tree = ok(chamdiem_domain::criteria::import_criteria_csv(PAR));
    for node in tree.nodes() {
        let r = sheet
            .row_starting(node.code.as_str())
            .unwrap_or_else(|| panic!("node {}", node.code));
        assert_eq!(
            sheet.text(r, 1).as_bytes(),
            node.title.as_bytes(),
            "titles byte for byte"
        );
        assert_eq!(sheet.number(r, 2), Some(node.max.value().round_dp(2)));
    }
    for leaf in &card.leaves {
        let r = sheet.row_starting(leaf.code.as_str()).unwrap_or_default();
        assert_eq!(
            sheet.number(r, 3),
            as_number(&leaf.self_points),
            "{}",
            leaf.code
        );
        assert_eq!(
            sheet.text(r, 4),
            leaf.not_applicable_reason.clone().unwrap_or_default()
        );
        for item in &leaf.evidence {
            let file = item.file_name.as_str();
            assert!(sheet.text(r, 6).contains(file), "{file} listed");
        }
    }
    let csv = make(&self_request, ReportFormat::Csv).await;
    assert_same_cells(&sheets, &csv_rows(&csv.bytes));

    // The audit trail of the period: its events, every one, in log order.
    let trail = make(
        &ReportRequest::AuditTrail {
            period: Some(cycle.period),
            unit: None,
        },
        ReportFormat::Xlsx,
    )
    .await;
    let sheets = xlsx_sheets(&trail.bytes);
    let sheet = &sheets[0];
    assert_header(sheet, "NHẬT KÝ KIỂM TRA (AUDIT TRAIL)");
    let heading = heading_row(sheet, "Vị trí");
    let shown: Vec<i64> = sheet.rows[heading + 1..]
        .iter()
        .enumerate()
        .filter_map(|(i, _)| sheet.number(heading + 1 + i, 0))
        .map(|d| ok(i64::try_from(d)))
        .collect();
    let period = cycle.period.to_string();
    let expected: Vec<i64> = ok(audit_trail(&db, 0, 100_000, &AuditFilter::default()).await)
        .into_iter()
        .filter(|row| {
            row.aggregate_id == period || row.aggregate_id.starts_with(&format!("{period}:"))
        })
        .map(|row| row.position)
        .collect();
    assert!(expected.len() > 100, "a whole cycle");
    assert_eq!(shown, expected);

    // The audit trail of D1: its scorecard's events, and none of D2's.
    let trail = make(
        &ReportRequest::AuditTrail {
            period: None,
            unit: Some(d1),
        },
        ReportFormat::Csv,
    )
    .await;
    let rows = csv_rows(&trail.bytes);
    assert_eq!(rows[2], ["Đơn vị: Đơn vị D1"]);
    let positions: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.first().and_then(|p| p.parse().ok()))
        .collect();
    let all = ok(audit_trail(&db, 0, 100_000, &AuditFilter::default()).await);
    let of = |unit: &str| -> Vec<i64> {
        all.iter()
            .filter(|row| row.aggregate_id == format!("{period}:{unit}"))
            .map(|row| row.position)
            .collect()
    };
    let d2 = cycle.units["D2"].to_string();
    assert!(of(&d1.to_string()).iter().all(|p| positions.contains(p)));
    assert!(!of(&d2).iter().any(|p| positions.contains(p)));
}

async fn a_leader_exports_approves_and_an_edit_voids_the_approval_over_http(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let ApiYear {
        admin,
        unit,
        period,
        clerk: leader,
    } = api_year(&app, "lanhdao.s02", &["ENTERS_SCORES", "APPROVES_REPORTS"]).await;
    let call = async |token: &str, query: &str, variables: Value, field: &str| -> Value {
        call(&app, token, query, variables, field).await
    };
    let enter = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }";
    call(
        &leader,
        enter,
        json!({ "p": period, "u": unit, "l": "1.1.1", "e": { "score": "1" } }),
        "enterScore",
    )
    .await;

    let download = async |token: Option<&str>, path: String| {
        let mut request = app.client.get(format!("{}{path}", app.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        ok(request.send().await)
    };
    let own_report = format!("/reports/self-assessment?period={period}&unit={unit}&format=xlsx");
    let fetch = async || {
        let response = download(Some(&leader), own_report.clone()).await;
        assert_eq!(response.status(), 200);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(
            header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let hash = header("x-report-content-hash");
        (hash, ok(response.bytes().await).to_vec())
    };
    let (hash, bytes) = fetch().await;
    let (hash_again, bytes_again) = fetch().await;
    assert_eq!(
        (&hash, &bytes),
        (&hash_again, &bytes_again),
        "same state, same file"
    );
    let shown = xlsx_sheets(&bytes)[0].text(5, 0);
    assert_eq!(shown, format!("Mã băm nội dung báo cáo (SHA-256): {hash}"));
    let current = call(
        &leader,
        "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
        json!({ "p": period, "u": unit }),
        "reportContentHash",
    )
    .await;
    assert_eq!(current, json!(hash));

    // The leader approves exactly the exported report; an edit voids it.
    let approve = "mutation($p: ID!, $u: ID!, $h: String!) { approveReport(input: { periodId: $p, unitId: $u, contentHash: $h }) { __typename } }";
    call(
        &leader,
        approve,
        json!({ "p": period, "u": unit, "h": hash }),
        "approveReport",
    )
    .await;
    let status =
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { status approvedHash } }";
    let card = call(
        &leader,
        status,
        json!({ "p": period, "u": unit }),
        "scorecard",
    )
    .await;
    assert_eq!(card, json!({ "status": "APPROVED", "approvedHash": hash }));
    call(
        &leader,
        enter,
        json!({ "p": period, "u": unit, "l": "1.1.1", "e": { "score": "0.5" } }),
        "enterScore",
    )
    .await;
    let (changed, changed_bytes) = fetch().await;
    assert_ne!(changed, hash, "a changed score, a different content hash");
    assert_ne!(changed_bytes, bytes);
    let card = call(
        &leader,
        status,
        json!({ "p": period, "u": unit }),
        "scorecard",
    )
    .await;
    assert_eq!(card, json!({ "status": "DRAFT", "approvedHash": null }));

    // Downloads are authorized like the data, and errors are clear.
    let code_of = async |response: reqwest::Response| {
        let status = response.status().as_u16();
        let body: Value = ok(response.json().await);
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(
        code_of(download(None, own_report.clone()).await).await,
        (401, "UNAUTHENTICATED".to_owned())
    );
    let trail = format!("/reports/audit-trail?period={period}");
    assert_eq!(
        code_of(download(Some(&leader), trail.clone()).await).await,
        (403, "FORBIDDEN".to_owned())
    );
    assert_eq!(
        code_of(
            download(
                Some(&leader),
                format!("/reports/self-assessment?period={period}&unit={unit}&format=pdf")
            )
            .await
        )
        .await,
        (400, "VALIDATION".to_owned())
    );
    assert_eq!(
        code_of(
            download(
                Some(&leader),
                format!("/reports/self-assessment?period=x&unit={unit}")
            )
            .await
        )
        .await,
        (400, "VALIDATION".to_owned())
    );
    assert_eq!(
        code_of(
            download(
                Some(&leader),
                format!("/reports/bang-luong?period={period}")
            )
            .await
        )
        .await,
        (404, "NOT_FOUND".to_owned())
    );
    let ranking = download(
        Some(&leader),
        format!("/reports/ranking?period={period}&format=csv"),
    )
    .await;
    assert_eq!(ranking.status(), 200);
    let rows = csv_rows(&ok(ranking.bytes().await));
    assert_eq!(rows[0], ["BÁO CÁO KẾT QUẢ XẾP HẠNG"]);
    let audit = download(Some(&admin), trail).await;
    assert_eq!(audit.status(), 200);
    let sheets = xlsx_sheets(&ok(audit.bytes().await));
    let sheet = &sheets[0];
    let heading = heading_row(sheet, "Vị trí");
    assert!(
        sheet.rows[heading + 1..]
            .iter()
            .enumerate()
            .any(|(i, _)| sheet.text(heading + 1 + i, 6) == "ReportApprovalVoided"),
        "the voided approval is in the period's trail"
    );
}
