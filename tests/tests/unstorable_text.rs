//! Text no store can hold never becomes an event, and an event the read
//! models cannot take never stops them for good, on both stores: a NUL in
//! any argument, variable, uploaded table or read filter is refused with
//! `VALIDATION` naming where; an event that cannot be applied is recorded,
//! stepped over, and keeps `/readyz` at 503 until the read models are
//! mended and rebuilt.

use chamdiem_commands::store::{Database, GENESIS, LogPosition, entry_hash, parse_hash};
use chamdiem_projections::Projector;
use chamdiem_tests::{TestApp, TestStore, admin_token, both_stores, call};
use serde_json::{Value, json};

both_stores!(
    a_nul_is_refused_at_every_door_and_nothing_is_appended,
    an_event_the_read_models_cannot_take_is_stepped_over_and_reported,
);

fn refusal(answer: &Value) -> (String, String) {
    let error = &answer["errors"][0];
    (
        error["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        error["extensions"]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

async fn a_nul_is_refused_at_every_door_and_nothing_is_appended(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let head = app.log_head().await;
    let draft = "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }";
    let input = |name: &str| {
        json!({ "i": { "indexKind": "PAR", "name": name, "decisionNumber": "1/QĐ",
            "decisionDate": "2025-01-02", "year": 2025, "unitKinds": ["DEPARTMENT"] } })
    };
    let in_variables = app
        .graphql_as(Some(&admin), draft, input("Bộ\u{0}chỉ số"))
        .await;
    assert_eq!(
        refusal(&in_variables),
        ("VALIDATION".to_owned(), "$i.name".to_owned()),
        "{in_variables}"
    );
    let inline = app
        .graphql_as(
            Some(&admin),
            "mutation { registerUnit(input: { code: \"S09\", name: \"Sở\\u0000\", kind: DEPARTMENT }) { unit { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        refusal(&inline),
        (
            "VALIDATION".to_owned(),
            "registerUnit.input.name".to_owned()
        ),
        "{inline}"
    );
    let filter = app
        .graphql_as(
            Some(&admin),
            "query($t: String) { auditTrail(filter: { eventType: $t }) { edges { cursor } } }",
            json!({ "t": "\u{0}" }),
        )
        .await;
    assert_eq!(refusal(&filter).0, "VALIDATION", "{filter}");
    let set = call(
        &app,
        &admin,
        draft,
        input("Bộ chỉ số"),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await;
    let head_after_draft = app.log_head().await;
    let table = app
        .graphql_upload(
            &admin,
            "mutation($f: Upload!) { uploadUnits(file: $f) { added } }",
            json!({ "f": null }),
            (
                "don-vi.csv",
                "mã,tên,loại\nS01,Sở\0Nội vụ,sở\n".as_bytes().to_vec(),
                "text/csv",
            ),
        )
        .await;
    assert_eq!(
        refusal(&table),
        ("VALIDATION".to_owned(), "file".to_owned()),
        "{table}"
    );
    assert!(
        table["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("NUL"),
        "{table}"
    );
    assert_eq!(
        head_after_draft,
        head + 1,
        "only the clean draft was appended"
    );
    assert_eq!(app.log_head().await, head_after_draft);
    assert!(set.is_string());
    assert_eq!(app.get("/readyz").await.status(), 200);
}

/// Appends an event whose payload no read model can parse, as a writer
/// behind the application's back would; its position.
async fn append_unreadable_event(app: &TestApp) -> i64 {
    let sql = match &app.database.database {
        Database::Postgres(_) => "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
            VALUES ('unit', 'hong', 1, 'UnitRegistered', '1', '{\"UnitRegistered\":{\"khong\":\"dung\"}}', '{}')",
        Database::Sqlite(_) => "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata, recorded_at)
            VALUES ('unit', 'hong', 1, 'UnitRegistered', '1', '{\"UnitRegistered\":{\"khong\":\"dung\"}}', '{}', '2026-11-30T00:00:00.000000Z')",
    };
    match &app.database.database {
        Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop),
        Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(drop),
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let position = app.log_head().await;
    // On SQLite the application writes the chain, so the writer behind its
    // back chains the event too (PostgreSQL's trigger has done so).
    if let Database::Sqlite(pool) = &app.database.database {
        let previous: String =
            sqlx::query_scalar("SELECT hash FROM event_chain WHERE position = ?")
                .bind(position - 1)
                .fetch_one(pool)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        let events = app
            .database
            .read_from(LogPosition::new(position), 1)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let hash = entry_hash(&parse_hash(&previous).unwrap_or(GENESIS), &events[0]);
        sqlx::query("INSERT INTO event_chain (position, hash) VALUES (?, ?)")
            .bind(position)
            .bind(hex::encode(hash))
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    position
}

async fn an_event_the_read_models_cannot_take_is_stepped_over_and_reported(store: TestStore) {
    let mut app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let register = "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }";
    call(
        &app,
        &admin,
        register,
        json!({ "i": { "code": "S01", "name": "Sở Nội vụ", "kind": "DEPARTMENT" } }),
        "registerUnit.unit.id",
    )
    .await;
    let poisoned = append_unreadable_event(&app).await;
    // The next write is projected past the poisoned event and answered.
    call(
        &app,
        &admin,
        register,
        json!({ "i": { "code": "S02", "name": "Sở Tư pháp", "kind": "DEPARTMENT" } }),
        "registerUnit.unit.id",
    )
    .await;
    let units = call(
        &app,
        &admin,
        "{ units { edges { node { code } } } }",
        json!({}),
        "units",
    )
    .await;
    let codes: Vec<&str> = units["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["node"]["code"].as_str())
        .collect();
    assert_eq!(codes, ["S01", "S02"], "{units}");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body["status"], "read_models_incomplete", "{body}");
    assert_eq!(body["skipped"][0]["position"], poisoned, "{body}");
    // A rebuild meets it again, steps over it again, and finishes (the
    // server's own projector stopped, so that this one leads).
    app.stop_server().await;
    let projector = Projector::new(app.database.database.clone());
    let report = projector
        .rebuild(|_, _| {})
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report.events,
        u64::try_from(app.log_head().await).unwrap_or(0)
    );
    let skipped = projector.skipped().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, poisoned);
}
