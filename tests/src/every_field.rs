//! Every field of every type reachable from `Query`, selected the way a
//! client generated from the schema would: one request per root field, its
//! whole selection (see [`SchemaWalk`]), arguments from the year being
//! walked. The only answer a role may get besides data is a refusal of the
//! whole field (`FORBIDDEN`); any other error is a field that fails.

use serde_json::{Map, Value, json};

use crate::{OperationKind, SchemaWalk, TestApp};

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
        .filter(|o| o.kind == OperationKind::Query)
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
        let answer = app
            .graphql_as(Some(token), &document, Value::Object(variables.clone()))
            .await;
        let errors = answer["errors"].as_array().cloned().unwrap_or_default();
        let unexpected: Vec<&Value> = errors
            .iter()
            .filter(|e| !REFUSALS.contains(&e["extensions"]["code"].as_str().unwrap_or_default()))
            .collect();
        if !unexpected.is_empty() {
            failures.push(format!(
                "{}({}): {}",
                operation.name,
                Value::Object(variables),
                Value::from(unexpected.into_iter().cloned().collect::<Vec<_>>())
            ));
        } else if errors.is_empty() {
            answered += 1;
        }
    }
    (failures, answered)
}
