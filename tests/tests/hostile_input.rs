//! Property-based fuzzing, on both stores, of every mutation's inputs (read
//! from the schema by introspection) and of the HTTP layer in front of them.
//!
//! Inputs: strings of any Unicode, huge and negative numbers as text and as
//! numbers, NaN-like text, SQL and script fragments, invalid ids, values of
//! the wrong type; mixed with valid ids so that refusals come from deep
//! inside too. Requests: malformed JSON, wrong content types and methods,
//! random bytes, bodies over the limit, deep and wide queries, batches.
//!
//! Every answer must be a clean one: no panic, no 5xx, every error with a
//! code and a message; and a refused mutation appends nothing (no event
//! carries its request id). `CHAMDIEM_FUZZ_CASES` sets the number of cases
//! (300 per store and kind by default); the counts are printed.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use chamdiem_commands::store::LogPosition;
use chamdiem_tests::{OperationKind, SchemaWalk, TestApp, TestStore, api_year, call};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

/// Things attackers and careless clients type.
const FRAGMENTS: &[&str] = &[
    "'; DROP TABLE events; --",
    "\" OR \"1\"=\"1",
    "1; DELETE FROM events",
    "$1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e309",
    "0x7fffffff",
    "1,5",
    "١٢٣",
    "-0",
    "",
    " ",
    "\u{0}",
    "\u{202e}gnp.exe",
    "\u{200b}",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
];

fn cases() -> u32 {
    std::env::var("CHAMDIEM_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "-?[0-9]{1,40}(\\.[0-9]{1,40})?",
        1 => (1_usize..20_000).prop_map(|n| "9".repeat(n)),
        1 => (1_usize..5_000).prop_map(|n| "Đ".repeat(n)),
        1 => "[0-9a-fA-F-]{0,48}",
    ]
}

/// What one argument or input field gets.
#[derive(Debug, Clone)]
enum Hostile {
    /// The scene's valid value for that name, so that checks past the
    /// first one are reached too.
    Valid,
    /// Hostile text where text goes (strings, ids, dates, enums).
    Text(String),
    /// A hostile number where a number goes (beyond 32 bits too).
    Number(i64),
    /// A value of another type.
    WrongType(Value),
    /// Null, required or not.
    Null,
}

fn hostile_value() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        5 => Just(Hostile::Valid),
        6 => hostile_text().prop_map(Hostile::Text),
        1 => prop_oneof![any::<i64>(), Just(i64::from(i32::MAX)), Just(-1_i64), Just(0_i64)]
            .prop_map(Hostile::Number),
        1 => prop_oneof![
            any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(|f| json!(f)),
            any::<bool>().prop_map(|b| json!(b)),
            prop::collection::vec(hostile_text(), 0..4).prop_map(|v| json!(v)),
            Just(json!({ "x": [1, { "y": null }] })),
        ]
        .prop_map(Hostile::WrongType),
        1 => Just(Hostile::Null),
    ]
}

/// What the fuzzing saw, printed at the end.
#[derive(Default, Debug)]
struct Tally {
    inputs: u64,
    accepted: u64,
    by_code: BTreeMap<String, u64>,
    by_status: BTreeMap<u16, u64>,
}

struct Scene {
    app: TestApp,
    admin: String,
    clerk: String,
    valid: BTreeMap<String, Value>,
}

async fn scene(store: TestStore) -> Scene {
    let app = TestApp::spawn(store).await;
    let year = api_year(&app, "canbo.s02", &["ENTERS_SCORES", "APPROVES_REPORTS"]).await;
    let me = call(&app, &year.clerk, "{ me { accountId } }", json!({}), "me").await;
    let periods = call(
        &app,
        &year.admin,
        "{ periods { criteriaSetId } }",
        json!({}),
        "periods",
    )
    .await;
    let valid: BTreeMap<String, Value> = [
        ("periodId", json!(year.period)),
        ("unitId", json!(year.unit)),
        ("unitIds", json!(year.unit)),
        ("accountId", me["accountId"].clone()),
        ("appraiserId", me["accountId"].clone()),
        ("criteriaSetId", periods[0]["criteriaSetId"].clone()),
        ("leafCode", json!("1.1.1")),
        ("leaf", json!("1.1.1")),
        ("criteria", json!("1.1.1")),
        ("score", json!("1")),
        ("mediaType", json!("application/pdf")),
        ("contentHash", json!("ab".repeat(32))),
        ("size", json!(4096)),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    Scene {
        app,
        admin: year.admin,
        clerk: year.clerk,
        valid,
    }
}

fn code_of(error: &Value) -> Option<&str> {
    error["extensions"]["code"].as_str()
}

/// Checks one answer: clean, coded, and (when refused) without an event.
/// A request on its way: its id, and the log's head just before it.
struct Sent {
    request_id: String,
    head_before: LogPosition,
}

impl Sent {
    fn new(scene: &Scene, runtime: &tokio::runtime::Runtime, request_id: String) -> Self {
        let head_before = runtime
            .block_on(scene.app.database.log_head())
            .unwrap_or_else(|e| panic!("{e}"));
        Self {
            request_id,
            head_before,
        }
    }
}

async fn judge(
    scene: &Scene,
    sent: &Sent,
    field: Option<&str>,
    status: u16,
    body: &str,
    tally: &Mutex<Tally>,
) -> Result<(), TestCaseError> {
    prop_assert!(status < 500, "HTTP {status}: {body}");
    let answer: Value = serde_json::from_str(body)
        .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): HTTP {status} {body}")))?;
    let errors = answer["errors"].as_array().cloned().unwrap_or_default();
    {
        let mut tally = tally.lock().unwrap_or_else(|e| e.into_inner());
        tally.inputs += 1;
        *tally.by_status.entry(status).or_default() += 1;
        if errors.is_empty() {
            tally.accepted += 1;
        }
        for error in &errors {
            *tally
                .by_code
                .entry(code_of(error).unwrap_or("none").to_owned())
                .or_default() += 1;
        }
    }
    for error in &errors {
        prop_assert!(code_of(error).is_some(), "an error without a code: {body}");
        prop_assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "an error without a message: {body}"
        );
        prop_assert!(
            code_of(error) != Some("INTERNAL"),
            "an internal error: {body}"
        );
    }
    let refused = match field {
        Some(field) => answer["data"][field].is_null(),
        None => true,
    };
    if refused {
        let events = scene
            .app
            .database
            .read_from(sent.head_before.next(), 100_000)
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let marker = format!("\"{}\"", sent.request_id);
        prop_assert!(
            !events.iter().any(|e| e.metadata.contains(&marker)),
            "a refused request appended an event: {body}"
        );
    }
    Ok(())
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

fn fuzz_every_mutation(store: TestStore) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let scene = runtime.block_on(scene(store));
    let schema = runtime.block_on(SchemaWalk::of(&scene.app));
    let mutations: Vec<_> = schema
        .operations
        .iter()
        .filter(|o| o.kind == OperationKind::Mutation)
        .cloned()
        .collect();
    let tally = Mutex::new(Tally::default());
    let serial = std::sync::atomic::AtomicU64::new(0);
    let strategy = (
        0..mutations.len(),
        prop::collection::vec(hostile_value(), 24),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..256),
    );
    let outcome = runner().run(&strategy, |(index, pool, as_unit, file)| {
        let operation = &mutations[index];
        let sent = Sent::new(
            &scene,
            &runtime,
            format!("fuzz-{}", serial.fetch_add(1, Ordering::Relaxed)),
        );
        let mut next = 0;
        let mut leaf = |name: &str, type_name: &str| {
            next += 1;
            let valid = || {
                scene.valid.get(name).cloned().unwrap_or(match type_name {
                    "Int" => json!(1),
                    "Boolean" => json!(true),
                    "NaiveDate" => json!("2099-01-10"),
                    _ => json!("Nội dung hợp lệ"),
                })
            };
            match (&pool[next % pool.len()], type_name) {
                (Hostile::Valid, _) | (Hostile::Text(_) | Hostile::Number(_), "Boolean") => valid(),
                (Hostile::Text(_), "Int") | (Hostile::Number(_), _) => {
                    match &pool[(next + 1) % pool.len()] {
                        Hostile::Number(n) => json!(n),
                        _ => json!(-1),
                    }
                }
                (Hostile::Text(text), _) => json!(text),
                (Hostile::WrongType(value), _) => value.clone(),
                (Hostile::Null, _) => Value::Null,
            }
        };
        let mut variables = serde_json::Map::new();
        for arg in &operation.args {
            variables.insert(
                arg.name.clone(),
                schema.value(&arg.name, &arg.type_ref, &mut leaf),
            );
        }
        let token = if as_unit || operation.name == "signOut" || operation.name == "changePassword"
        {
            &scene.clerk
        } else {
            &scene.admin
        };
        let operations = json!({ "query": operation.document(), "variables": variables });
        let request = scene
            .app
            .client
            .post(format!("{}/graphql", scene.app.address))
            .bearer_auth(token)
            .header("x-request-id", &sent.request_id);
        let request = match operation
            .args
            .iter()
            .find(|a| a.type_ref.named().name.as_deref() == Some("Upload"))
        {
            Some(upload) => {
                use reqwest::multipart::{Form, Part};
                let map = json!({ "0": [format!("variables.{}", upload.name)] });
                request.multipart(
                    Form::new()
                        .text("operations", operations.to_string())
                        .text("map", map.to_string())
                        .part("0", Part::bytes(file).file_name("tep.bin")),
                )
            }
            None => request.json(&operations),
        };
        runtime.block_on(async {
            let response = request
                .send()
                .await
                .map_err(|e| TestCaseError::fail(format!("{}: no answer: {e}", operation.name)))?;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            judge(&scene, &sent, Some(&operation.name), status, &body, &tally).await
        })
    });
    let tally = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    println!(
        "{store:?}: mutation inputs tried {} over {} mutations, accepted {}, refusals by code {:?}, HTTP {:?}",
        tally.inputs,
        mutations.len(),
        tally.accepted,
        tally.by_code,
        tally.by_status
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let health = runtime
        .block_on(scene.app.get("/healthz"))
        .status()
        .as_u16();
    assert_eq!(health, 200, "the server is still up");
    assert!(
        tally.accepted > 0 && tally.by_code.len() > 3,
        "the fuzzing reached both sides: {tally:?}"
    );
}

/// A request as a whole: method, content type, body.
fn hostile_request() -> impl Strategy<Value = (&'static str, Option<String>, Vec<u8>)> {
    let method =
        proptest::sample::select(&["POST", "POST", "POST", "GET", "PUT", "PATCH", "DELETE"][..]);
    let content_type = prop_oneof![
        4 => Just(Some("application/json".to_owned())),
        1 => Just(None),
        1 => Just(Some("text/plain".to_owned())),
        1 => Just(Some("application/graphql".to_owned())),
        1 => Just(Some("application/x-www-form-urlencoded".to_owned())),
        1 => Just(Some("multipart/form-data".to_owned())),
        1 => Just(Some("multipart/form-data; boundary=xyz".to_owned())),
        1 => "[ -~]{0,60}".prop_map(Some),
    ];
    let query = prop_oneof![
        Just("{ version }".to_owned()),
        (1_usize..200).prop_map(|d| format!("{{ {} version {} }}", "me { ".repeat(d), "}".repeat(d))),
        (1_usize..3_000).prop_map(|w| format!("{{ {} }}", (0..w).map(|i| format!("a{i}: version")).collect::<Vec<_>>().join(" "))),
        (1_usize..400).prop_map(|n| format!("{{ {}", "units { edges { node { ".repeat(n))),
        Just("query { __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }".to_owned()),
        any::<String>(),
    ];
    let body = prop_oneof![
        3 => query.clone().prop_map(|q| json!({ "query": q }).to_string().into_bytes()),
        2 => (query.clone(), 0_usize..80).prop_map(|(q, n)| json!(vec![json!({ "query": q }); n]).to_string().into_bytes()),
        1 => (query, any::<u16>()).prop_map(|(q, cut)| {
            let whole = json!({ "query": q }).to_string().into_bytes();
            let keep = usize::from(cut) % (whole.len() + 1);
            whole[..keep].to_vec()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..4096),
        1 => (1_usize..5_000).prop_map(|d| format!("{}{}", "[".repeat(d), "]".repeat(d)).into_bytes()),
        1 => any::<String>().prop_map(|s| json!({ "query": 1, "variables": s, "operationName": [s] }).to_string().into_bytes()),
        1 => (2_usize..4).prop_map(|mib| vec![b' '; mib * 1024 * 1024]),
    ];
    (method, content_type, body)
}

fn fuzz_the_http_layer(store: TestStore) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let scene = runtime.block_on(scene(store));
    let head = |scene: &Scene| {
        runtime
            .block_on(scene.app.database.log_head())
            .map(|h| h.get())
            .unwrap_or(-1)
    };
    let before = head(&scene);
    let tally = Mutex::new(Tally::default());
    let client = reqwest::Client::new();
    let serial = std::sync::atomic::AtomicU64::new(0);
    let outcome = runner().run(&hostile_request(), |(method, content_type, body)| {
        let sent = Sent::new(
            &scene,
            &runtime,
            format!("fuzz-http-{}", serial.fetch_add(1, Ordering::Relaxed)),
        );
        let method =
            reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut request = client
            .request(method, format!("{}/graphql", scene.app.address))
            .bearer_auth(&scene.admin)
            .header("x-request-id", &sent.request_id)
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        runtime.block_on(async {
            match request.send().await {
                // The server may close the connection on a body over the
                // limit before the client has sent it all.
                Err(_) => Ok(()),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let body = response.text().await.unwrap_or_default();
                    if status == 405
                        || body.starts_with("<!DOCTYPE html>")
                        || body.contains("GraphiQL")
                    {
                        // Another method than POST: no GraphQL answer to judge.
                        prop_assert!(status < 500);
                        return Ok(());
                    }
                    judge(&scene, &sent, None, status, &body, &tally).await
                }
            }
        })
    });
    let tally = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    println!(
        "{store:?}: HTTP requests sent {} (other methods and cut-off bodies included), judged {}, answered {:?}, codes {:?}",
        serial.load(Ordering::Relaxed),
        tally.inputs,
        tally.by_status,
        tally.by_code
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    assert_eq!(head(&scene), before, "no hostile request appended anything");
    let health = runtime
        .block_on(scene.app.get("/healthz"))
        .status()
        .as_u16();
    assert_eq!(health, 200, "the server is still up");
}

#[test]
fn every_mutation_refuses_hostile_inputs_cleanly_on_postgres() {
    fuzz_every_mutation(TestStore::Postgres);
}

#[test]
fn every_mutation_refuses_hostile_inputs_cleanly_on_sqlite() {
    fuzz_every_mutation(TestStore::Sqlite);
}

#[test]
fn the_http_layer_refuses_hostile_requests_cleanly_on_postgres() {
    fuzz_the_http_layer(TestStore::Postgres);
}

#[test]
fn the_http_layer_refuses_hostile_requests_cleanly_on_sqlite() {
    fuzz_the_http_layer(TestStore::Sqlite);
}
