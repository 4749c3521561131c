//! Every field of every type reachable from `Query` and `Subscription`,
//! selected the way a client generated from the schema would: one request
//! per root field, its whole selection (see [`SchemaWalk`]), arguments from
//! the year being walked; a subscription's first push over the socket. The
//! only answer a role may get besides data is a refusal of the whole field
//! (`FORBIDDEN`); any other error is a field that fails.

use serde_json::{Map, Value, json};

use crate::{OperationKind, SchemaWalk, TestApp, receive, send, ws_connect};

/// The codes that refuse a field to a role, as the schema means them to.
const REFUSALS: &[&str] = &["FORBIDDEN"];

/// Runs every query of `schema` as `token`, each argument taken from
/// `values` by its name (an optional argument missing there is left out),
/// and returns one line per query that answered an error other than a
/// refusal, and the number of queries that answered data.
pub async fn failing_fields(
    app: &TestApp,
    schema: &SchemaWalk,
    token: &str,
    values: &Map<String, Value>,
) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut answered = 0;
    for operation in schema
        .operations
        .iter()
        .filter(|o| o.kind != OperationKind::Mutation)
    {
        let mut variables = Map::new();
        for arg in &operation.args {
            if !arg.type_ref.required() && !values.contains_key(&arg.name) {
                continue;
            }
            let mut leaf = |name: &str, type_name: &str| {
                values
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| match type_name {
                        "Int" => json!(5),
                        _ => Value::Null,
                    })
            };
            variables.insert(
                arg.name.clone(),
                schema.value(&arg.name, &arg.type_ref, &mut leaf),
            );
        }
        let document = operation.document();
        let variables_shown = Value::Object(variables.clone());
        let errors = match operation.kind {
            OperationKind::Subscription => {
                // The first push: data, or the errors the subscription ends with.
                let mut socket = ws_connect(app, token).await;
                let subscribe = json!({ "query": document, "variables": variables });
                send(
                    &mut socket,
                    json!({ "id": "1", "type": "subscribe", "payload": subscribe }),
                )
                .await;
                let first = receive(&mut socket).await;
                match first["type"].as_str() {
                    Some("next") => first["payload"]["errors"].clone(),
                    _ => first["payload"].clone(),
                }
            }
            _ => {
                let answer = app
                    .graphql_as(Some(token), &document, Value::Object(variables))
                    .await;
                answer["errors"].clone()
            }
        };
        let errors = errors.as_array().cloned().unwrap_or_default();
        let unexpected: Vec<&Value> = errors
            .iter()
            .filter(|e| !REFUSALS.contains(&e["extensions"]["code"].as_str().unwrap_or_default()))
            .collect();
        if !unexpected.is_empty() {
            failures.push(format!(
                "{}({}): {}",
                operation.name,
                variables_shown,
                Value::from(unexpected.into_iter().cloned().collect::<Vec<_>>())
            ));
        } else if errors.is_empty() {
            answered += 1;
        }
    }
    (failures, answered)
}

/// Runs `node(id:)` as `token` for each of `ids`, selecting every field of
/// every type implementing `Node`; returns one line per id that answered an
/// error other than a refusal, or nothing at all.
pub async fn failing_nodes(
    app: &TestApp,
    schema: &SchemaWalk,
    token: &str,
    ids: &[Value],
) -> Vec<String> {
    let Some(node) = schema.operation("node") else {
        return vec!["the schema has no `node` query".to_owned()];
    };
    let document = node.document();
    let mut failures = Vec::new();
    for id in ids {
        let answer = app
            .graphql_as(Some(token), &document, json!({ "id": id }))
            .await;
        let refused = answer["errors"].as_array().is_some_and(|errors| {
            errors
                .iter()
                .all(|e| REFUSALS.contains(&e["extensions"]["code"].as_str().unwrap_or_default()))
        });
        let found = answer["errors"].is_null() && answer["data"]["node"]["id"] == *id;
        if !refused && !found {
            failures.push(format!("node({id}): {answer}"));
        }
    }
    failures
}
