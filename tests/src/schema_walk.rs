//! Every query and mutation of the served schema, read by introspection, so
//! that access and fuzzing tests cover fields added after they were written.
//!
//! An operation is written with one variable per argument and a selection of
//! every scalar field reachable within a few levels, so that an answer shows
//! all the data a caller could get from that field.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::TestApp;

/// How deep selections go (a connection's `edges { node { … } }` is three).
const SELECTION_DEPTH: usize = 4;

const INTROSPECTION: &str = r#"
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
query {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types {
      kind name
      fields { name args { name type { ...Ref } } type { ...Ref } }
      inputFields { name type { ...Ref } }
      enumValues { name }
      possibleTypes { name }
    }
  }
}"#;

/// A type as introspection names it: `NON_NULL` and `LIST` wrap another.
#[derive(Debug, Clone, Deserialize)]
pub struct TypeRef {
    /// `SCALAR`, `OBJECT`, `INPUT_OBJECT`, `ENUM`, `LIST`, `NON_NULL`…
    pub kind: String,
    /// The named type's name (none for wrappers).
    pub name: Option<String>,
    /// The wrapped type.
    #[serde(rename = "ofType")]
    pub of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// Whether a value must be given.
    pub fn required(&self) -> bool {
        self.kind == "NON_NULL"
    }

    /// The type without `NON_NULL`.
    pub fn nullable(&self) -> &TypeRef {
        match (&*self.kind, &self.of_type) {
            ("NON_NULL", Some(inner)) => inner,
            _ => self,
        }
    }

    /// The named type under every wrapper.
    pub fn named(&self) -> &TypeRef {
        match &self.of_type {
            Some(inner) => inner.named(),
            None => self,
        }
    }

    /// The GraphQL spelling, e.g. `[ID!]!`.
    pub fn spelling(&self) -> String {
        match (&*self.kind, &self.of_type) {
            ("NON_NULL", Some(inner)) => format!("{}!", inner.spelling()),
            ("LIST", Some(inner)) => format!("[{}]", inner.spelling()),
            _ => self.name.clone().unwrap_or_default(),
        }
    }
}

/// An argument or an input field.
#[derive(Debug, Clone, Deserialize)]
pub struct InputValue {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
}

#[derive(Debug, Clone, Deserialize)]
struct Field {
    name: String,
    args: Vec<InputValue>,
    #[serde(rename = "type")]
    type_ref: TypeRef,
}

#[derive(Debug, Clone, Deserialize)]
struct NamedType {
    kind: String,
    name: String,
    fields: Option<Vec<Field>>,
    #[serde(rename = "inputFields")]
    input_fields: Option<Vec<InputValue>>,
    #[serde(rename = "enumValues")]
    enum_values: Option<Vec<EnumValue>>,
    /// The object types implementing an interface.
    #[serde(rename = "possibleTypes")]
    possible_types: Option<Vec<EnumValue>>,
}

/// A name in introspection's answer (an enum value, a possible type).
#[derive(Debug, Clone, Deserialize)]
struct EnumValue {
    name: String,
}

/// Whether an operation reads or changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// A query field.
    Query,
    /// A mutation field.
    Mutation,
    /// A subscription field (over WebSocket).
    Subscription,
}

/// One root field, ready to be called.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Query or mutation.
    pub kind: OperationKind,
    /// The root field's name.
    pub name: String,
    /// Its arguments.
    pub args: Vec<InputValue>,
    /// The selection after the field (empty for a scalar result).
    pub selection: String,
}

impl Operation {
    /// The document: one variable `$name` per argument.
    pub fn document(&self) -> String {
        let keyword = match self.kind {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
            OperationKind::Subscription => "subscription",
        };
        if self.args.is_empty() {
            return format!("{keyword} {{ {}{} }}", self.name, self.selection);
        }
        let declared: Vec<String> = self
            .args
            .iter()
            .map(|a| format!("${}: {}", a.name, a.type_ref.spelling()))
            .collect();
        let passed: Vec<String> = self
            .args
            .iter()
            .map(|a| format!("{0}: ${0}", a.name))
            .collect();
        format!(
            "{keyword}({}) {{ {}({}){} }}",
            declared.join(", "),
            self.name,
            passed.join(", "),
            self.selection
        )
    }

    /// Whether an argument is a file upload (sent as multipart).
    pub fn uploads(&self) -> bool {
        self.args
            .iter()
            .any(|a| a.type_ref.named().name.as_deref() == Some("Upload"))
    }
}

/// The served schema's root fields and types.
pub struct SchemaWalk {
    types: BTreeMap<String, NamedType>,
    /// Every query, mutation and subscription.
    pub operations: Vec<Operation>,
}

impl SchemaWalk {
    /// Reads the schema of `app` by introspection.
    pub async fn of(app: &TestApp) -> Self {
        let answer = app.graphql(INTROSPECTION).await;
        let schema = &answer["data"]["__schema"];
        let types: Vec<NamedType> = serde_json::from_value(schema["types"].clone())
            .unwrap_or_else(|e| panic!("introspection: {e}: {answer}"));
        let types: BTreeMap<String, NamedType> =
            types.into_iter().map(|t| (t.name.clone(), t)).collect();
        let mut walk = Self {
            types,
            operations: Vec::new(),
        };
        for (kind, root) in [
            (OperationKind::Query, &schema["queryType"]["name"]),
            (OperationKind::Mutation, &schema["mutationType"]["name"]),
            (
                OperationKind::Subscription,
                &schema["subscriptionType"]["name"],
            ),
        ] {
            let root = root.as_str().unwrap_or_default();
            let fields = walk
                .types
                .get(root)
                .and_then(|t| t.fields.clone())
                .unwrap_or_default();
            for field in fields.into_iter().filter(|f| !f.name.starts_with("__")) {
                let selection = walk.selection(&field.type_ref, 0);
                walk.operations.push(Operation {
                    kind,
                    name: field.name,
                    args: field.args,
                    selection,
                });
            }
        }
        walk
    }

    /// Every scalar field of `type_ref`'s named type within the depth, as
    /// ` { … }` (for an interface, every field of each type implementing it,
    /// in inline fragments); empty for scalars and enums.
    fn selection(&self, type_ref: &TypeRef, depth: usize) -> String {
        let named = type_ref.named();
        let Some(object) = named.name.as_ref().and_then(|n| self.types.get(n)) else {
            return String::new();
        };
        if !matches!(&*object.kind, "OBJECT" | "INTERFACE") {
            return String::new();
        }
        if depth >= SELECTION_DEPTH {
            return " { __typename }".to_owned();
        }
        let mut fields: Vec<String> = object
            .fields
            .iter()
            .flatten()
            .filter(|f| f.args.iter().all(|a| !a.type_ref.required()))
            .map(|f| format!("{}{}", f.name, self.selection(&f.type_ref, depth + 1)))
            .collect();
        for possible in object.possible_types.iter().flatten() {
            let implementing = TypeRef {
                kind: "OBJECT".to_owned(),
                name: Some(possible.name.clone()),
                of_type: None,
            };
            fields.push(format!(
                "... on {}{}",
                possible.name,
                self.selection(&implementing, depth)
            ));
        }
        format!(" {{ {} }}", fields.join(" "))
    }

    /// The operation named `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// The fields of an input object.
    pub fn input_fields(&self, name: &str) -> Vec<InputValue> {
        self.types
            .get(name)
            .and_then(|t| t.input_fields.clone())
            .unwrap_or_default()
    }

    /// The values of an enum.
    pub fn enum_values(&self, name: &str) -> Vec<String> {
        self.types
            .get(name)
            .and_then(|t| t.enum_values.as_ref())
            .map(|values| values.iter().map(|v| v.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Whether the named type is an input object.
    pub fn is_input_object(&self, name: &str) -> bool {
        self.types
            .get(name)
            .is_some_and(|t| t.kind == "INPUT_OBJECT")
    }

    /// A value for `type_ref` whose leaves come from `leaf(name, named type)`
    /// (the name of the argument or input field): lists get one element,
    /// input objects every field, optional leaves `leaf`'s answer or null.
    pub fn value(
        &self,
        name: &str,
        type_ref: &TypeRef,
        leaf: &mut dyn FnMut(&str, &str) -> Value,
    ) -> Value {
        let inner = type_ref.nullable();
        if inner.kind == "LIST" {
            return match &inner.of_type {
                Some(element) => json!([self.value(name, element, leaf)]),
                None => json!([]),
            };
        }
        let type_name = inner.name.clone().unwrap_or_default();
        if self.is_input_object(&type_name) {
            let mut object = serde_json::Map::new();
            for field in self.input_fields(&type_name) {
                let value = self.value(&field.name, &field.type_ref, leaf);
                if !value.is_null() || field.type_ref.required() {
                    object.insert(field.name, value);
                }
            }
            return Value::Object(object);
        }
        let value = leaf(name, &type_name);
        match self.enum_values(&type_name).first() {
            Some(first) if value.is_null() => json!(first),
            _ => value,
        }
    }
}
