//! No password hash, current or past, leaves the store through any door
//! (ops/decisions/0017): not through `events`, `auditTrail` or `newEvents`,
//! not in an audit archive; a history written with hashes in its events is
//! carried over, signs in as before, and still verifies, live and archived.

use chamdiem_commands::integrity::{
    HistorySource, TrustedKeys, Verification, export_archive, verify_history,
};
use chamdiem_commands::metadata::CommandMetadata;
use chamdiem_commands::password_hasher::hash_password;
use chamdiem_commands::store::{Database, GroupCommit};
use chamdiem_domain::account::{Password, Username};
use chamdiem_domain::ids::AccountId;
use chamdiem_tests::{
    TestApp, TestStore, admin_token, both_stores, call, issued_account, receive, send, sign_in,
    wait_until_projected, ws_connect,
};
use cqrs_es::persist::SerializedEvent;
use serde_json::{Value, json};

both_stores!(
    no_password_hash_is_readable_through_the_api_or_an_archive,
    a_history_written_with_hashes_is_carried_over_and_read_without_them,
);

/// What every argon2id hash starts with.
const HASH_MARK: &str = "$argon2id$";

const EVENTS: &str = "{ events(first: 500) { edges { node { position eventType eventVersion payload metadata } } } }";
const TRAIL: &str = "{ auditTrail(first: 500) { edges { node { position eventType payload } } } }";

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Every event pushed by `newEvents` from the start up to `head`.
async fn streamed_events(app: &TestApp, token: &str, head: i64) -> Vec<Value> {
    let mut socket = ws_connect(app, token).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { newEvents(after: 0) { position eventType payload } }" } }),
    )
    .await;
    let mut pushed = Vec::new();
    while pushed.last().and_then(|e: &Value| e["position"].as_i64()) < Some(head) {
        let message = receive(&mut socket).await;
        assert_eq!(message["type"], "next", "{message}");
        pushed.push(message["payload"]["data"]["newEvents"].clone());
    }
    pushed
}

/// The verification of `database`, trusting `app`'s seals and no
/// checkpoint.
async fn verification(app: &TestApp, database: &Database, source: HistorySource) -> Verification {
    let sealers = TrustedKeys::default().with(app.seal_key.public_key_bytes());
    ok(verify_history(database, source, &[], &TrustedKeys::default(), &sealers).await)
}

/// What an archive file holds, as bytes, for a search of the whole file.
fn archive_bytes(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&ok(std::fs::read(path))).into_owned()
}

async fn no_password_hash_is_readable_through_the_api_or_an_archive(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    // Issued (a hash), its temporary password changed (another), reset by
    // the administrator (a third).
    let (_, auditor) = issued_account(
        &app,
        &admin,
        json!({ "username": "kiemtoan", "displayName": "Kiểm toán viên", "role": "AUDITOR" }),
        "mật khẩu kiểm toán viên",
    )
    .await;
    let (clerk_id, _) = issued_account(
        &app,
        &admin,
        json!({ "username": "quanly", "displayName": "Quản lý", "role": "MANAGER" }),
        "mật khẩu quản lý mới",
    )
    .await;
    let reset = call(
        &app,
        &admin,
        "mutation($a: ID!) { resetPassword(input: { accountId: $a }) { temporaryPassword } }",
        json!({ "a": clerk_id }),
        "resetPassword",
    )
    .await;
    let temporary = reset["temporaryPassword"].as_str().unwrap_or_default();
    sign_in(&app, "quanly", temporary).await;
    let head = app.log_head().await;
    ok(wait_until_projected(&app.database, std::time::Duration::from_secs(10)).await);

    let events = call(&app, &auditor, EVENTS, json!({}), "events").await;
    let nodes = events["edges"].as_array().cloned().unwrap_or_default();
    let password_events: Vec<&Value> = nodes
        .iter()
        .map(|edge| &edge["node"])
        .filter(|node| {
            [
                "AccountIssued",
                "AccountPasswordChanged",
                "AccountPasswordReset",
            ]
            .contains(&node["eventType"].as_str().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        password_events.len(),
        6,
        "three accounts issued, two changes, one reset"
    );
    for node in &password_events {
        assert_eq!(node["eventVersion"], "2", "{node}");
        let payload: Value = ok(serde_json::from_str(
            node["payload"].as_str().unwrap_or_default(),
        ));
        let fields = &payload[node["eventType"].as_str().unwrap_or_default()];
        assert!(fields["credential"].is_string(), "{payload}");
        assert!(fields.get("password_hash").is_none(), "{payload}");
    }
    assert!(!events.to_string().contains(HASH_MARK), "events: {events}");

    let trail = call(&app, &auditor, TRAIL, json!({}), "auditTrail").await;
    assert!(trail["edges"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(
        !trail.to_string().contains(HASH_MARK),
        "auditTrail: {trail}"
    );

    let streamed = streamed_events(&app, &auditor, head).await;
    assert_eq!(streamed.len(), usize::try_from(head).unwrap_or_default());
    assert!(!Value::from(streamed).to_string().contains(HASH_MARK));

    let folder = ok(tempfile::tempdir());
    let archive = folder.path().join("lich-su.sqlite3");
    ok(export_archive(&app.database, &archive).await);
    assert!(
        !archive_bytes(&archive).contains(HASH_MARK),
        "the archive holds a hash"
    );

    // The hashes are where sign-in finds them.
    sign_in(&app, "kiemtoan", "mật khẩu kiểm toán viên").await;
}

/// An event as versions before credentials left the log wrote it.
fn version_1(
    account: AccountId,
    sequence: usize,
    event_type: &str,
    fields: Value,
) -> SerializedEvent {
    SerializedEvent::new(
        account.to_string(),
        sequence,
        "account".to_owned(),
        event_type.to_owned(),
        "1".to_owned(),
        json!({ event_type: fields }),
        ok(serde_json::to_value(
            CommandMetadata::operator("phiên bản cũ").into_map(),
        )),
    )
}

async fn phc(username: &Username, password: &str) -> String {
    let hash = ok(hash_password(ok(Password::parse(password.to_owned(), username))).await);
    hash.as_phc().to_owned()
}

/// Counts the rows of `credentials`.
async fn credentials(database: &Database) -> i64 {
    match database {
        Database::Postgres(pool) => ok(sqlx::query_scalar("SELECT COUNT(*) FROM credentials")
            .fetch_one(pool)
            .await),
        Database::Sqlite(pool) => ok(sqlx::query_scalar("SELECT COUNT(*) FROM credentials")
            .fetch_one(pool)
            .await),
    }
}

async fn a_history_written_with_hashes_is_carried_over_and_read_without_them(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let username = ok(Username::parse("kiemtoan.cu"));
    let account = AccountId::for_username(username.as_str());
    let (first, reset, current) = (
        phc(&username, "mật khẩu ban đầu").await,
        phc(&username, "mật khẩu tạm thời").await,
        phc(&username, "mật khẩu đang dùng").await,
    );
    let history = [
        version_1(
            account,
            1,
            "AccountIssued",
            json!({
                "account_id": account, "username": "kiemtoan.cu",
                "display_name": "Kiểm toán viên (lịch sử cũ)", "role": "auditor",
                "unit_id": null, "department": null, "permissions": [],
                "password_hash": first, "must_change_password": false,
            }),
        ),
        version_1(
            account,
            2,
            "AccountPasswordReset",
            json!({ "account_id": account, "password_hash": reset }),
        ),
        version_1(
            account,
            3,
            "AccountPasswordChanged",
            json!({ "account_id": account, "password_hash": current }),
        ),
    ];
    ok(
        GroupCommit::new(app.database.database.clone(), app.seal_key.clone())
            .append("account", &history)
            .await,
    );
    let before = verification(&app, &app.database, HistorySource::Store).await;
    assert!(before.is_intact(), "{:?}", before.report());

    // What every start does: the hashes move to the credentials table.
    ok(app.database.migrate().await);
    assert_eq!(credentials(&app.database).await, 3);
    ok(app.database.migrate().await);
    assert_eq!(
        credentials(&app.database).await,
        3,
        "carrying over twice adds nothing"
    );

    let token = sign_in(&app, "kiemtoan.cu", "mật khẩu đang dùng").await;
    let refused = app
        .graphql_as(
            None,
            "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }",
            json!({ "u": "kiemtoan.cu", "p": "mật khẩu ban đầu" }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    let head = app.log_head().await;
    assert_eq!(head, 4, "the three old events and the failed sign-in");
    ok(wait_until_projected(&app.database, std::time::Duration::from_secs(10)).await);

    let events = call(&app, &token, EVENTS, json!({}), "events").await;
    assert_eq!(
        events["edges"].as_array().map(Vec::len),
        Some(usize::try_from(head).unwrap_or_default())
    );
    assert!(!events.to_string().contains(HASH_MARK), "events: {events}");
    let trail = call(&app, &token, TRAIL, json!({}), "auditTrail").await;
    assert!(
        !trail.to_string().contains(HASH_MARK),
        "auditTrail: {trail}"
    );
    let streamed = streamed_events(&app, &token, head).await;
    assert!(!Value::from(streamed).to_string().contains(HASH_MARK));

    // The chain still holds: live from the stored bytes, through the API too.
    let verified = call(
        &app,
        &token,
        "{ verifyHistory { intact verified } }",
        json!({}),
        "verifyHistory",
    )
    .await;
    assert_eq!(verified["intact"], true, "{verified}");
    assert_eq!(verified["verified"], head);

    // Archived without the hashes, and verified through their digests.
    let folder = ok(tempfile::tempdir());
    let path = folder.path().join("lich-su.sqlite3");
    ok(export_archive(&app.database, &path).await);
    assert!(
        !archive_bytes(&path).contains(HASH_MARK),
        "the archive holds a hash"
    );
    let archive = ok(Database::open_sqlite(&path, 1).await);
    let archived = verification(&app, &archive, HistorySource::Archive).await;
    assert!(archived.is_intact(), "{:?}", archived.report());
    assert_eq!(archived.checked_by_digest, 3);
    assert!(
        archived
            .report()
            .iter()
            .any(|line| line.contains("mã băm mật khẩu")),
        "{:?}",
        archived.report()
    );
    // Without the digests the redacted payloads do not match the chain.
    let as_store = verification(&app, &archive, HistorySource::Store).await;
    assert_eq!(as_store.broken.map(|b| b.position), Some(1));

    // A digest covers only an event written with a hash: the failed
    // sign-in above (position 4), changed in the archive with a digest of
    // its original beside it, still breaks the chain there.
    let Database::Sqlite(pool) = &archive else {
        panic!("an archive is an SQLite file")
    };
    let failure: String = ok(sqlx::query_scalar(
        "SELECT payload FROM events WHERE position = 4 AND event_type = 'AccountSignInFailed'",
    )
    .fetch_one(pool)
    .await);
    for trigger in ["events_refuse_update_delete", "events_refuse_update"] {
        ok(sqlx::query(&format!("DROP TRIGGER IF EXISTS {trigger}"))
            .execute(pool)
            .await);
    }
    ok(sqlx::query("UPDATE events SET payload = replace(payload, '\"recent_failures\":1', '\"recent_failures\":0') WHERE position = 4")
        .execute(pool)
        .await);
    ok(
        sqlx::query("INSERT INTO archived_payload_digests (position, stored_sha256) VALUES (4, ?)")
            .bind(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                failure.as_bytes(),
            )))
            .execute(pool)
            .await,
    );
    let tampered = verification(&app, &archive, HistorySource::Archive).await;
    assert_eq!(
        tampered.broken.as_ref().map(|b| b.position),
        Some(4),
        "{:?}",
        tampered.report()
    );
    archive.close().await;
}
