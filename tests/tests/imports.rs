//! Lists brought as spreadsheets, over HTTP on both stores: the province's
//! units (XLSX, then the same list as CSV: nothing new), and a unit's survey
//! forms; malformed files are refused with the sheet, row and column named,
//! and change nothing.

use chamdiem_domain::criteria::{CriterionCode, import_criteria_csv};
use chamdiem_domain::self_assessment::{SurveyAnswer, SurveyWeights, survey_points};
use chamdiem_tests::{
    ApiYear, TestApp, TestStore, admin_token, api_year, both_stores, call, workbook_at, workbook_of,
};
use serde_json::{Value, json};

both_stores!(
    the_province_s_units_import_from_xlsx_and_csv,
    a_unit_s_survey_forms_import_whole_or_not_at_all
);

const UNITS: &str = include_str!("../../domain/tests/data/units-thanh-hoa.csv");
const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const UPLOAD_UNITS: &str = "mutation($f: Upload!) { uploadUnits(file: $f) { added unchanged } }";
const UPLOAD_FORMS: &str = "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadSurveyForms(periodId: $p, unitId: $u, file: $f) { added unchanged } }";

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn data<'a>(answer: &'a Value, field: &str) -> &'a Value {
    assert!(answer["errors"].is_null(), "{answer}");
    chamdiem_tests::at(&answer["data"], field)
}

/// The error's code, field and message.
fn refusal(answer: &Value) -> (String, String, String) {
    let error = &answer["errors"][0];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (
        text(&error["extensions"]["code"]),
        text(&error["extensions"]["field"]),
        text(&error["message"]),
    )
}

async fn the_province_s_units_import_from_xlsx_and_csv(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;

    // A malformed workbook: every problem named by sheet, row and column,
    // nothing registered.
    let bad = UNITS
        .replacen("S02,Sở Tư pháp,department", "S02,Sở Tư pháp,bộ", 1)
        .replacen("S04,", "S01,", 1);
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("don-vi.xlsx", workbook_of(&bad, "Đơn vị"), XLSX),
        )
        .await;
    let (code, field, message) = refusal(&answer);
    assert_eq!((code.as_str(), field.as_str()), ("VALIDATION", "file"));
    assert!(
        message.contains("trang tính Đơn vị, dòng 3, cột kind")
            && message.contains("trang tính Đơn vị, dòng 5, cột code"),
        "{message}"
    );
    assert_eq!(app.log_head().await, 1, "only the administrator's account");

    // The list as a workbook, then the same list as CSV: nothing new.
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("don-vi.xlsx", workbook_of(UNITS, "Đơn vị"), XLSX),
        )
        .await;
    assert_eq!(
        data(&answer, "uploadUnits"),
        &json!({ "added": 53, "unchanged": 0 })
    );
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("don-vi.csv", UNITS.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    assert_eq!(
        data(&answer, "uploadUnits"),
        &json!({ "added": 0, "unchanged": 53 })
    );
    let listed = app
        .graphql_as(
            Some(&admin),
            "{ units(first: 100) { edges { node { code name kind } } } }",
            json!({}),
        )
        .await;
    let mut shown: Vec<(String, String, String)> = data(&listed, "units")["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let text = |k: &str| e["node"][k].as_str().unwrap_or_default().to_owned();
            (text("code"), text("name"), text("kind"))
        })
        .collect();
    shown.sort();
    let mut expected: Vec<(String, String, String)> = csv::Reader::from_reader(UNITS.as_bytes())
        .records()
        .map(|r| {
            let r = ok(r);
            (r[0].to_owned(), r[1].to_owned(), r[2].to_uppercase())
        })
        .collect();
    expected.sort();
    assert_eq!(shown, expected, "codes, names (byte for byte) and kinds");

    // A code already used for another name is refused at its row; a new
    // commune under a registered district goes in.
    let before = app.log_head().await;
    let renamed = "code,name,kind,parent\nS01,Sở Nội vụ tỉnh,department,\n";
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("don-vi.csv", renamed.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    let (code, _, message) = refusal(&answer);
    assert_eq!(code, "VALIDATION");
    assert!(message.starts_with("dòng 2, cột code"), "{message}");
    let commune =
        "code,name,kind,parent\nX001,Xã Đông Hòa,commune,H01\nX002,Xã Đông Yên,UBND cấp xã,H09X\n";
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("xa.csv", commune.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    let (_, _, message) = refusal(&answer);
    assert!(message.contains("dòng 3, cột parent"), "{message}");
    assert_eq!(app.log_head().await, before, "refused files append nothing");
    let commune = "code,name,kind,parent\nX001,Xã Đông Hòa,commune,H01\n";
    let answer = app
        .graphql_upload(
            &admin,
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("xa.csv", commune.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    assert_eq!(
        data(&answer, "uploadUnits"),
        &json!({ "added": 1, "unchanged": 0 })
    );

    // Only an administrator imports units.
    let picture = app
        .graphql_upload(
            "not-a-token",
            UPLOAD_UNITS,
            json!({ "f": null }),
            ("a.csv", UNITS.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    assert_eq!(refusal(&picture).0, "UNAUTHENTICATED");
}

async fn a_unit_s_survey_forms_import_whole_or_not_at_all(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let ApiYear {
        admin,
        unit,
        period,
        clerk,
    } = api_year(&app, "nhaplieu.s02", &["ENTERS_SCORES"]).await;
    let call = async |token: &str, query: &str, variables: Value, field: &str| -> Value {
        call(&app, token, query, variables, field).await
    };
    let vars = json!({ "p": period, "u": unit, "f": null });

    // A bad answer and a leaf that is no survey leaf: named, nothing recorded.
    let before = app.log_head().await;
    let bad = "form,respondent_group,8.1,8.2,1.1.1\n1,Người dân,A,E,\n";
    let answer = app
        .graphql_upload(
            &clerk,
            UPLOAD_FORMS,
            vars.clone(),
            ("phieu.xlsx", workbook_of(bad, "Phiếu"), XLSX),
        )
        .await;
    let (code, field, message) = refusal(&answer);
    assert_eq!((code.as_str(), field.as_str()), ("VALIDATION", "file"));
    assert!(
        message.contains("trang tính Phiếu, dòng 1, cột 1.1.1")
            && message.contains("trang tính Phiếu, dòng 2, cột 8.2"),
        "{message}"
    );
    assert_eq!(app.log_head().await, before);

    // Three forms from a workbook whose table starts below a title, all at
    // once; the survey leaves score the mean of their answers.
    let table = "form,respondent_group,8.1,8.2,ghi chú\n1,Người dân,A,B,\n2,Doanh nghiệp,B,C,\n3,Người dân,D,,chỉ trả lời câu 8.1\n";
    let answer = app
        .graphql_upload(
            &clerk,
            UPLOAD_FORMS,
            vars.clone(),
            ("phieu.xlsx", workbook_at(table, "Phiếu", (3, 1)), XLSX),
        )
        .await;
    assert_eq!(
        data(&answer, "uploadSurveyForms"),
        &json!({ "added": 3, "unchanged": 0 })
    );
    assert_eq!(app.log_head().await, before + 3, "one event per form");
    let tree = ok(import_criteria_csv(PAR));
    let card = call(
        &clerk,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { leaves { leafCode selfPoints } } }",
        json!({ "p": period, "u": unit }),
        "scorecard",
    )
    .await;
    let shown = |code: &str| {
        card["leaves"]
            .as_array()
            .and_then(|leaves| leaves.iter().find(|l| l["leafCode"] == code))
            .map(|l| l["selfPoints"].as_str().unwrap_or_default().to_owned())
    };
    let expected = |code: &str, answers: &[SurveyAnswer]| {
        let leaf = tree
            .leaf(&ok(CriterionCode::parse(code)))
            .unwrap_or_else(|| panic!("{code}"));
        survey_points(leaf.max, answers, &SurveyWeights::default()).to_string()
    };
    use SurveyAnswer::{A, B, C, D};
    assert_eq!(shown("8.1"), Some(expected("8.1", &[A, B, D])));
    assert_eq!(shown("8.2"), Some(expected("8.2", &[B, C])));

    // The same file again records nothing; form 2 with other answers is refused.
    let answer = app
        .graphql_upload(
            &clerk,
            UPLOAD_FORMS,
            vars.clone(),
            ("phieu.csv", table.as_bytes().to_vec(), "text/csv"),
        )
        .await;
    assert_eq!(
        data(&answer, "uploadSurveyForms"),
        &json!({ "added": 0, "unchanged": 3 })
    );
    let changed = table.replace("2,Doanh nghiệp,B,C,", "2,Doanh nghiệp,A,C,");
    let answer = app
        .graphql_upload(
            &clerk,
            UPLOAD_FORMS,
            vars.clone(),
            ("phieu.csv", changed.into_bytes(), "text/csv"),
        )
        .await;
    let (code, _, message) = refusal(&answer);
    assert_eq!(code, "VALIDATION");
    assert!(message.starts_with("dòng 3, cột form"), "{message}");
    assert_eq!(app.log_head().await, before + 3);

    // Another unit's clerk may not, and a picture is no table.
    let picture = app
        .graphql_upload(
            &admin,
            UPLOAD_FORMS,
            vars.clone(),
            ("a.png", b"\x89PNG\r\n".to_vec(), "image/png"),
        )
        .await;
    assert_eq!(refusal(&picture).0, "FORBIDDEN");
    let picture = app
        .graphql_upload(
            &clerk,
            UPLOAD_FORMS,
            vars,
            ("a.png", b"\x89PNG\r\n".to_vec(), "image/png"),
        )
        .await;
    assert_eq!(refusal(&picture).0, "VALIDATION");
}
