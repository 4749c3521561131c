//! A workbook that inflates far beyond its size (a few hundred kilobytes of
//! one shared string repeated) is refused before it is inflated, through
//! every door that takes a workbook, on both stores: coded, named, nothing
//! appended.

use std::io::{Cursor, Write};

use chamdiem_tests::{SpawnOptions, TestApp, TestStore, api_year, both_stores, call};
use serde_json::{Value, json};

both_stores!(
    an_inflating_workbook_is_refused_through_every_door,
    an_upload_is_no_way_around_the_body_limit,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook whose shared strings inflate to `megabytes` MiB.
fn inflating_workbook(megabytes: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let ok = |r: zip::result::ZipResult<()>| r.unwrap_or_else(|e| panic!("{e}"));
    ok(writer.start_file("[Content_Types].xml", options));
    ok(writer
        .write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .map_err(Into::into));
    ok(writer.start_file("xl/sharedStrings.xml", options));
    ok(writer
        .write_all(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#)
        .map_err(Into::into));
    let chunk = vec![b'A'; 1024 * 1024];
    for _ in 0..megabytes {
        ok(writer.write_all(&chunk).map_err(Into::into));
    }
    ok(writer.write_all(b"</t></si></sst>").map_err(Into::into));
    writer
        .finish()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner()
}

fn refusal(answer: &Value) -> (&str, &str) {
    (
        answer["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_default(),
        answer["errors"][0]["message"].as_str().unwrap_or_default(),
    )
}

async fn an_inflating_workbook_is_refused_through_every_door(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let year = api_year(&app, "canbo.s02", &["ENTERS_SCORES"]).await;
    let set = call(
        &app,
        &year.admin,
        "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }",
        json!({ "i": { "indexKind": "PAR", "name": "Bộ thử", "decisionNumber": "1/QĐ",
            "decisionDate": "2025-01-02", "year": 2025, "unitKinds": ["DEPARTMENT"] } }),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await;
    let bomb = inflating_workbook(64);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let head = app.log_head().await;
    let doors = [
        (
            &year.admin,
            "mutation($f: Upload!) { uploadUnits(file: $f) { added } }",
            json!({ "f": null }),
        ),
        (
            &year.admin,
            "mutation($s: ID!, $f: Upload!) { uploadCriteria(criteriaSetId: $s, file: $f) { __typename } }",
            json!({ "s": set, "f": null }),
        ),
        (
            &year.clerk,
            "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadSurveyForms(periodId: $p, unitId: $u, file: $f) { added } }",
            json!({ "p": year.period, "u": year.unit, "f": null }),
        ),
    ];
    for (token, query, variables) in doors {
        let answer = app
            .graphql_upload(token, query, variables, ("bom.xlsx", bomb.clone(), XLSX))
            .await;
        let (code, message) = refusal(&answer);
        assert_eq!(code, "VALIDATION", "{query}: {answer}");
        assert!(message.contains("quá lớn"), "{message}");
    }
    assert_eq!(app.log_head().await, head, "nothing appended");
}

/// Sends a multipart request with `operations` and `files` (all mapped to
/// variable `f`); its status and JSON answer.
async fn multipart(app: &TestApp, token: &str, operations: Value, files: usize) -> (u16, Value) {
    use reqwest::multipart::{Form, Part};
    let mut map = serde_json::Map::new();
    for n in 0..files {
        map.insert(n.to_string(), json!(["variables.f"]));
    }
    let mut form = Form::new()
        .text("operations", operations.to_string())
        .text("map", Value::Object(map).to_string());
    for n in 0..files {
        form = form.part(
            n.to_string(),
            Part::bytes(b"ma,ten\n".to_vec())
                .file_name(format!("{n}.csv"))
                .mime_str("text/csv")
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    let answer = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

async fn an_upload_is_no_way_around_the_body_limit(store: TestStore) {
    // Uploads may be larger than other bodies, as in production.
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            body_limit: 256 * 1024,
            upload_limit: 2 * 1024 * 1024,
            ..SpawnOptions::default()
        },
    )
    .await;
    let year = api_year(&app, "canbo.s02", &["ENTERS_SCORES"]).await;
    let head = app.log_head().await;
    // Operations of a megabyte (over the body limit, within the upload's)
    // beside a small file.
    let padding = "x".repeat(1024 * 1024);
    let (status, answer) = multipart(
        &app,
        &year.admin,
        json!({ "query": "mutation($f: Upload!, $p: String) { uploadUnits(file: $f) { added } }",
            "variables": { "f": null, "p": padding } }),
        1,
    )
    .await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE",
        "{answer}"
    );
    // More files than any upload takes.
    let (status, answer) = multipart(
        &app,
        &year.admin,
        json!({ "query": "mutation($f: Upload!) { uploadUnits(file: $f) { added } }", "variables": { "f": null } }),
        5,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_REQUEST",
        "{answer}"
    );
    assert_eq!(app.log_head().await, head);
}
