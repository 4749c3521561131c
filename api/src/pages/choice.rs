//! A choice a form offers (an option of a select, a checkbox), and the
//! choices of a closed set the API names: each item by the schema's own
//! name, labelled in Vietnamese by the domain.

use async_graphql::resolver_utils::EnumType;

/// One choice.
pub struct Choice {
    /// What the form sends (an id, or the API's name of an enum item).
    pub value: String,
    /// What the official reads.
    pub label: String,
}

/// Every item of the API's enum `T`, labelled by `label`.
pub fn enum_choices<T: EnumType + Copy>(label: impl Fn(T) -> &'static str) -> Vec<Choice> {
    T::items()
        .iter()
        .map(|item| Choice {
            value: item.name.to_owned(),
            label: label(item.value).to_owned(),
        })
        .collect()
}
