//! Evidence files over HTTP on both stores: a GraphQL multipart upload is
//! stored by its hash and attached; the download is for those who may read
//! the unit; oversized files and wrong types are refused with nothing appended.

use chamdiem_tests::{TestApp, TestStore, admin_token, both_stores, sign_in, workbook_of};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

both_stores!(evidence_is_uploaded_downloaded_and_guarded);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn ok(app: &TestApp, token: &str, query: &str, variables: Value, field: &str) -> Value {
    let answer = app.graphql_as(Some(token), query, variables).await;
    assert!(answer["errors"].is_null(), "{query}: {answer}");
    chamdiem_tests::at(&answer["data"], field).clone()
}

/// A data-entry account of `unit`, signed in with its own password.
async fn unit_account(app: &TestApp, admin: &str, username: &str, unit: &Value) -> String {
    let issued = ok(app, admin, "mutation($n: String!, $u: ID!) { issueAccount(input: { username: $n, displayName: \"Nhập liệu\", role: DATA_ENTRY, unitId: $u }) { temporaryPassword } }", json!({ "n": username, "u": unit }), "issueAccount").await;
    let first = sign_in(
        app,
        username,
        issued["temporaryPassword"].as_str().unwrap_or_default(),
    )
    .await;
    ok(app, &first, "mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: \"mật khẩu nhập liệu riêng\" }) { __typename } }", json!({ "c": issued["temporaryPassword"] }), "changePassword").await;
    sign_in(app, username, "mật khẩu nhập liệu riêng").await
}

async fn upload(
    app: &TestApp,
    token: &str,
    period: &Value,
    unit: &Value,
    bytes: Vec<u8>,
    media_type: &str,
) -> Value {
    app.graphql_upload(
        token,
        "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadEvidence(periodId: $p, unitId: $u, leafCode: \"1.1.1\", file: $f, locator: \"trang 2\") { contentHash size mediaType fileName } }",
        json!({ "p": period, "u": unit, "f": null }),
        ("ke-hoach.pdf", bytes, media_type),
    )
    .await
}

async fn evidence_is_uploaded_downloaded_and_guarded(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let register = "mutation($c: String!) { registerUnit(input: { code: $c, name: \"Đơn vị\", kind: DEPARTMENT }) { unit { id } } }";
    let unit = ok(
        &app,
        &admin,
        register,
        json!({ "c": "S01" }),
        "registerUnit.unit.id",
    )
    .await;
    let other = ok(
        &app,
        &admin,
        register,
        json!({ "c": "S02" }),
        "registerUnit.unit.id",
    )
    .await;
    let set = ok(&app, &admin, "mutation { draftCriteriaSet(input: { indexKind: PAR, name: \"Bộ\", decisionNumber: \"1/QĐ\", decisionDate: \"2025-01-02\", year: 2024, unitKinds: [DEPARTMENT] }) { criteriaSet { id } } }", json!({}), "draftCriteriaSet.criteriaSet.id").await;
    // The criteria arrive as a file; a picture, a CSV that is not UTF-8 or
    // a ZIP that is no workbook is refused with nothing appended.
    let import = "mutation($s: ID!, $f: Upload!) { uploadCriteria(criteriaSetId: $s, file: $f) { __typename } }";
    let before = app
        .database
        .log_head()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for (bytes, media_type) in [
        (PAR.as_bytes().to_vec(), "image/png"),
        (vec![0xff, 0xfe, b'1', b';'], "text/csv"),
        (b"PK\x03\x04 not a workbook".to_vec(), XLSX),
    ] {
        let refused = app
            .graphql_upload(
                &admin,
                import,
                json!({ "s": set, "f": null }),
                ("bo-tieu-chi.csv", bytes, media_type),
            )
            .await;
        assert_eq!(
            (
                refused["errors"][0]["extensions"]["code"].as_str(),
                refused["errors"][0]["extensions"]["field"].as_str()
            ),
            (Some("VALIDATION"), Some("file")),
            "{refused}"
        );
    }
    assert_eq!(
        app.database
            .log_head()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        before
    );
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(PAR.as_bytes());
    let imported = app
        .graphql_upload(
            &admin,
            import,
            json!({ "s": set, "f": null }),
            ("bo-tieu-chi.csv", with_bom, "application/vnd.ms-excel"),
        )
        .await;
    assert_eq!(
        imported["data"]["uploadCriteria"]["__typename"], "CriteriaSetPayload",
        "{imported}"
    );
    // The same appendix as a workbook replaces the draft's tree with an equal one.
    let imported = app
        .graphql_upload(
            &admin,
            import,
            json!({ "s": set, "f": null }),
            ("bo-tieu-chi.xlsx", workbook_of(PAR, "Phụ lục"), XLSX),
        )
        .await;
    assert_eq!(
        imported["data"]["uploadCriteria"]["__typename"], "CriteriaSetPayload",
        "{imported}"
    );
    let leaves = ok(
        &app,
        &admin,
        "query($s: ID!) { criteria(criteriaSetId: $s) { code } }",
        json!({ "s": set }),
        "criteria",
    )
    .await;
    assert_eq!(
        leaves.as_array().map(Vec::len),
        Some(PAR.lines().skip(1).filter(|l| !l.trim().is_empty()).count())
    );
    ok(
        &app,
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    let period = ok(&app, &admin, "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }", json!({ "i": { "name": "Kỳ 2024", "year": 2024, "criteriaSetId": set, "units": [{ "unitId": unit }, { "unitId": other }],
        "deadlines": { "selfAssessment": "2099-01-15", "appraisalRound1": "2099-01-31", "explanation": "2099-02-10", "appraisalRound2": "2099-02-20" } } }), "openPeriod.period.id").await;
    let entry = unit_account(&app, &admin, "nhaplieu.s01", &unit).await;
    let stranger = unit_account(&app, &admin, "nhaplieu.s02", &other).await;
    // Criteria are the administrators' business: a unit learns nothing about its file.
    let refused = app
        .graphql_upload(
            &entry,
            import,
            json!({ "s": set, "f": null }),
            ("anh.png", vec![0x89, b'P', b'N', b'G'], "image/png"),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"].as_str(),
        Some("FORBIDDEN"),
        "{refused}"
    );

    let pdf = b"%PDF-1.7\n% Ke hoach cai cach hanh chinh nam 2024\n".to_vec();
    let answer = upload(&app, &entry, &period, &unit, pdf.clone(), "application/pdf").await;
    let uploaded = &answer["data"]["uploadEvidence"];
    let hash = hex::encode(Sha256::digest(&pdf));
    assert_eq!(uploaded["contentHash"], hash.as_str(), "{answer}");
    assert_eq!(uploaded["size"], pdf.len());
    let scorecard = ok(&app, &entry, "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { leaves { leafCode evidence { contentHash } } } }", json!({ "p": period, "u": unit }), "scorecard").await;
    assert!(
        scorecard["leaves"][0]["evidence"][0]["contentHash"] == hash.as_str(),
        "{scorecard}"
    );

    let download = |token: Option<String>| {
        let mut request = app.client.get(format!("{}/evidence/{hash}", app.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let mine = download(Some(entry.clone()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["content-type"], "application/pdf");
    assert_eq!(mine.bytes().await.unwrap_or_default().to_vec(), pdf);
    assert_eq!(
        download(Some(stranger.clone()))
            .await
            .map(|r| r.status().as_u16())
            .ok(),
        Some(404),
        "another unit cannot read it"
    );
    assert_eq!(
        download(Some(admin.clone()))
            .await
            .map(|r| r.status().as_u16())
            .ok(),
        Some(200)
    );
    assert_eq!(
        download(None).await.map(|r| r.status().as_u16()).ok(),
        Some(401)
    );

    let head = app
        .database
        .log_head()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let html = upload(
        &app,
        &entry,
        &period,
        &unit,
        b"<html><script>alert(1)</script>".to_vec(),
        "text/html",
    )
    .await;
    assert_eq!(
        html["errors"][0]["extensions"]["code"], "VALIDATION",
        "{html}"
    );
    let disguised = upload(
        &app,
        &entry,
        &period,
        &unit,
        b"<html>".to_vec(),
        "application/pdf",
    )
    .await;
    assert_eq!(
        disguised["errors"][0]["extensions"]["code"], "VALIDATION",
        "{disguised}"
    );
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(1024 * 1024 + 10, b'x');
    let oversized = upload(&app, &entry, &period, &unit, big, "application/pdf").await;
    assert_eq!(
        oversized["errors"][0]["extensions"]["code"], "VALIDATION",
        "{oversized}"
    );
    let forbidden = upload(
        &app,
        &stranger,
        &period,
        &unit,
        pdf.clone(),
        "application/pdf",
    )
    .await;
    assert_eq!(
        forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{forbidden}"
    );
    assert_eq!(
        app.database
            .log_head()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        head,
        "no refused upload appended anything"
    );
}
