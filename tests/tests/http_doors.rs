//! The plain HTTP doors (evidence and report downloads) ask the same rules
//! as GraphQL, on both stores: a neighbouring unit gets nothing of a unit's
//! evidence by knowing its hash, nor its provisional ranking row from the
//! report; files are served as attachments that no browser runs; a refused
//! upload keeps no file.

use chamdiem_tests::{
    CLERK_PASSWORD, TestApp, TestStore, api_year_with_neighbours, both_stores, call, unit_account,
};
use serde_json::{Value, json};

both_stores!(
    evidence_is_read_only_by_those_who_may_read_its_unit,
    the_ranking_report_shows_a_unit_what_graphql_shows_it,
    a_report_names_its_unit_by_code_or_by_id,
    a_refused_upload_keeps_no_file,
);

const PDF: &[u8] = b"%PDF-1.7 ke hoach cai cach hanh chinh nam 2024";
const UPLOAD: &str = "mutation($p: ID!, $u: ID!, $l: String!, $f: Upload!) { uploadEvidence(periodId: $p, unitId: $u, leafCode: $l, file: $f, locator: \"trang 2\") { contentHash fileName } }";

struct Scene {
    admin: String,
    period: String,
    victim: String,
    victim_token: String,
    neighbour: String,
    neighbour_token: String,
}

async fn scene(app: &TestApp) -> Scene {
    let (year, neighbours) = api_year_with_neighbours(
        app,
        "canbo.s02",
        &["ENTERS_SCORES", "APPROVES_REPORTS"],
        &[("S03", "Sở Tài chính")],
    )
    .await;
    let neighbour = neighbours[0].clone();
    let (_, neighbour_token) = unit_account(
        app,
        &year.admin,
        ("canbo.s03", CLERK_PASSWORD),
        &neighbour,
        &["ENTERS_SCORES"],
    )
    .await;
    Scene {
        admin: year.admin,
        period: year.period,
        victim: year.unit,
        victim_token: year.clerk,
        neighbour,
        neighbour_token,
    }
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

async fn evidence_is_read_only_by_those_who_may_read_its_unit(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let s = scene(&app).await;
    let uploaded = app
        .graphql_upload(
            &s.victim_token,
            UPLOAD,
            json!({ "p": s.period, "u": s.victim, "l": "1.1.1", "f": null }),
            ("Kế hoạch CCHC.pdf", PDF.to_vec(), "application/pdf"),
        )
        .await;
    let hash = uploaded["data"]["uploadEvidence"]["contentHash"]
        .as_str()
        .unwrap_or_else(|| panic!("{uploaded}"))
        .to_owned();
    // This client percent-encodes a file's name in the form; it is kept as
    // its owner named it.
    assert_eq!(
        uploaded["data"]["uploadEvidence"]["fileName"], "Kế hoạch CCHC.pdf",
        "{uploaded}"
    );
    let path = format!("/evidence/{hash}");
    // The neighbour cites the hash on its own leaf: refused, nothing appended.
    let head = app.log_head().await;
    let cite = app
        .graphql_as(
            Some(&s.neighbour_token),
            "mutation($p: ID!, $u: ID!, $e: EvidenceInput!) { attachEvidence(input: { periodId: $p, unitId: $u, leafCode: \"1.1.1\", evidence: $e }) { __typename } }",
            json!({ "p": s.period, "u": s.neighbour, "e": { "contentHash": hash, "fileName": "x.html",
                "size": PDF.len(), "mediaType": "text/html", "locator": "trang 1" } }),
        )
        .await;
    assert_eq!(code(&cite), "FORBIDDEN", "{cite}");
    assert_eq!(app.log_head().await, head);
    let stolen = get(&app, &s.neighbour_token, &path).await;
    assert_eq!(stolen.status(), 404);
    // The unit itself may cite its own file again, on another leaf.
    call(
        &app,
        &s.victim_token,
        "mutation($p: ID!, $u: ID!, $e: EvidenceInput!) { attachEvidence(input: { periodId: $p, unitId: $u, leafCode: \"1.1.2\", evidence: $e }) { __typename } }",
        json!({ "p": s.period, "u": s.victim, "e": { "contentHash": hash, "fileName": "ke-hoach.pdf",
            "size": PDF.len(), "mediaType": "application/pdf", "locator": "trang 3" } }),
        "attachEvidence",
    )
    .await;
    // Its own download comes as an attachment that no browser runs.
    let own = get(&app, &s.victim_token, &path).await;
    assert_eq!(own.status(), 200);
    let headers = own.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap_or_default();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''K%E1%BA%BF"),
        "{disposition}"
    );
    assert_eq!(own.bytes().await.unwrap_or_default().as_ref(), PDF);
    drop(s.admin);
}

async fn the_ranking_report_shows_a_unit_what_graphql_shows_it(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let s = scene(&app).await;
    for (token, unit) in [
        (&s.victim_token, &s.victim),
        (&s.neighbour_token, &s.neighbour),
    ] {
        call(&app, token, "mutation($p: ID!, $u: ID!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: \"1.1.1\", entry: { score: \"1\" } }) { __typename } }",
            json!({ "p": s.period, "u": unit }), "enterScore").await;
    }
    let rows_of = |csv: &str| -> usize {
        csv.lines()
            .filter(|l| l.contains("Sở Tư pháp") || l.contains("Sở Tài chính"))
            .count()
    };
    let report = |token: String| {
        let app = &app;
        let path = format!("/reports/ranking?period={}&format=csv", s.period);
        async move {
            let answer = get(app, &token, &path).await;
            assert_eq!(answer.status(), 200);
            answer.text().await.unwrap_or_default()
        }
    };
    let everyone = report(s.admin.clone()).await;
    assert_eq!(rows_of(&everyone), 2, "{everyone}");
    let own = report(s.neighbour_token.clone()).await;
    assert_eq!(rows_of(&own), 1, "{own}");
    assert!(
        own.contains("Sở Tài chính") && !own.contains("Sở Tư pháp"),
        "{own}"
    );
}

async fn a_report_names_its_unit_by_code_or_by_id(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let s = scene(&app).await;
    let report = |unit: String| {
        let app = &app;
        let path = format!(
            "/reports/self-assessment?period={}&unit={unit}&format=csv",
            s.period
        );
        let token = s.admin.clone();
        async move {
            let answer = get(app, &token, &path).await;
            let status = answer.status().as_u16();
            (status, answer.text().await.unwrap_or_default())
        }
    };
    let by_id = report(s.victim.clone()).await;
    assert_eq!(by_id.0, 200, "{}", by_id.1);
    assert!(by_id.1.contains("Sở Tư pháp"), "{}", by_id.1);
    // By its code, in any case, as at the command line.
    for code in ["S02", "s02"] {
        assert_eq!(report(code.to_owned()).await, by_id, "{code}");
    }
    // A code no unit has names no unit the caller may read.
    let (status, _) = report("S99".to_owned()).await;
    assert_ne!(status, 200);
    // Not a code: refused naming the parameter.
    let (status, body) = report("S 02!".to_owned()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("unit"), "{body}");
    // The neighbour gets nothing of it by code either.
    let path = format!(
        "/reports/self-assessment?period={}&unit=S02&format=csv",
        s.period
    );
    let stolen = get(&app, &s.neighbour_token, &path).await;
    assert_ne!(stolen.status(), 200);
}

async fn a_refused_upload_keeps_no_file(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let s = scene(&app).await;
    let head = app.log_head().await;
    // A leaf the criteria set does not have: the command is refused after
    // the bytes arrived.
    let refused = app
        .graphql_upload(
            &s.victim_token,
            UPLOAD,
            json!({ "p": s.period, "u": s.victim, "l": "99.9", "f": null }),
            ("ke-hoach.pdf", PDF.to_vec(), "application/pdf"),
        )
        .await;
    assert!(!code(&refused).is_empty(), "{refused}");
    assert_eq!(app.log_head().await, head);
    let mut files = Vec::new();
    let mut folders = vec![app.evidence.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                folders.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    assert!(files.is_empty(), "{files:?}");
}
