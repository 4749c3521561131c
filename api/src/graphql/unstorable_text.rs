//! Text a store cannot hold is refused at the edge. PostgreSQL's text and
//! JSON cannot hold the NUL character: an event carrying one was accepted
//! (the log keeps JSON as text) and then stopped the projector, which could
//! not write it into a read model. Every string a request brings (inline
//! arguments, variables, their defaults) is looked at once the document is
//! parsed, before anything runs, on every door GraphQL has (HTTP and the
//! socket): one with a NUL is refused with `VALIDATION`, naming where.

use chamdiem_domain::Code;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, Name, Positioned, ServerError, ServerResult, Variables};
use async_graphql_value::{ConstValue, Value};

/// The character no store of ours may be given.
const NUL: char = '\0';

/// The extension, for `Schema::build(…).extension(…)`.
pub struct RefuseUnstorableText;

impl ExtensionFactory for RefuseUnstorableText {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RefuseUnstorableText)
    }
}

#[async_trait::async_trait]
impl Extension for RefuseUnstorableText {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        for (name, value) in variables.iter() {
            if let Some(path) = const_value_with_nul(value) {
                return Err(refusal(&format!("${name}{path}")));
            }
        }
        let document = next.run(ctx, query, variables).await?;
        if let Some(field) = document_with_nul(&document) {
            return Err(refusal(&field));
        }
        Ok(document)
    }
}

fn refusal(field: &str) -> ServerError {
    let mut error = ServerError::new(
        format!("{field} chứa ký tự NUL (mã 0), không lưu được: hãy bỏ ký tự đó"),
        None,
    );
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", Code::Validation.as_str());
    extensions.set("field", field);
    error.extensions = Some(extensions);
    error
}

/// Where in the document a string with a NUL stands (`field.argument…`).
fn document_with_nul(document: &ExecutableDocument) -> Option<String> {
    for (_, operation) in document.operations.iter() {
        for definition in &operation.node.variable_definitions {
            if let Some(default) = &definition.node.default_value
                && let Some(path) = const_value_with_nul(&default.node)
            {
                return Some(format!("${}{path}", definition.node.name.node));
            }
        }
        if let Some(found) = selection_with_nul(&operation.node.selection_set) {
            return Some(found);
        }
    }
    document
        .fragments
        .values()
        .find_map(|fragment| selection_with_nul(&fragment.node.selection_set))
}

fn selection_with_nul(set: &Positioned<SelectionSet>) -> Option<String> {
    set.node.items.iter().find_map(|item| match &item.node {
        Selection::Field(field) => {
            let name = &field.node.name.node;
            field
                .node
                .arguments
                .iter()
                .find_map(|(argument, value)| {
                    value_with_nul(&value.node).map(|path| format!("{}{path}", argument.node))
                })
                .or_else(|| selection_with_nul(&field.node.selection_set))
                .map(|path| format!("{name}.{path}"))
        }
        Selection::InlineFragment(fragment) => selection_with_nul(&fragment.node.selection_set),
        Selection::FragmentSpread(_) => None,
    })
}

fn value_with_nul(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if text.contains(NUL) => Some(String::new()),
        Value::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| value_with_nul(item).map(|p| format!("[{index}]{p}"))),
        Value::Object(fields) => in_object(fields, value_with_nul),
        Value::Enum(name) if name.contains(NUL) => Some(String::new()),
        _ => None,
    }
}

fn const_value_with_nul(value: &ConstValue) -> Option<String> {
    match value {
        ConstValue::String(text) if text.contains(NUL) => Some(String::new()),
        ConstValue::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| const_value_with_nul(item).map(|p| format!("[{index}]{p}"))),
        ConstValue::Object(fields) => in_object(fields, const_value_with_nul),
        ConstValue::Enum(name) if name.contains(NUL) => Some(String::new()),
        _ => None,
    }
}

fn in_object<V>(
    fields: &async_graphql::indexmap::IndexMap<Name, V>,
    look: fn(&V) -> Option<String>,
) -> Option<String> {
    fields.iter().find_map(|(name, value)| {
        if name.contains(NUL) {
            return Some(format!(".{name}"));
        }
        look(value).map(|path| format!(".{name}{path}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_wherever_it_hides() {
        let document = async_graphql::parser::parse_query(
            "mutation { draftCriteriaSet(input: { name: \"Bộ\\u0000\", year: 2025 }) }",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            document_with_nul(&document).as_deref(),
            Some("draftCriteriaSet.input.name")
        );
        let clean = async_graphql::parser::parse_query("{ units(first: 3) { edges { cursor } } }")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document_with_nul(&clean), None);
        let variables = ConstValue::from_json(
            serde_json::json!({ "units": [{ "name": "a" }, { "name": "b\u{0}" }] }),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            const_value_with_nul(&variables).as_deref(),
            Some(".units[1].name")
        );
    }
}
