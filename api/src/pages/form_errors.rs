//! The API's refusals as a form shows them: a summary at the top linking to
//! each field, and each message beside the field it names.

use super::page_api::ApiError;

/// One message of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field (its element id: the API's field name), if the
    /// message is about one this form has.
    pub field: Option<String>,
    /// The Vietnamese message, as the API wrote it.
    pub message: String,
}

/// The messages of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    /// In the order the API gave them.
    pub errors: Vec<FieldError>,
}

impl FormErrors {
    /// The API's errors, placed beside `fields` (the form's fields, by the
    /// API's names) where they name one.
    pub fn from_api(errors: Vec<ApiError>, fields: &[&str]) -> Self {
        Self {
            errors: errors
                .into_iter()
                .map(|error| FieldError {
                    field: error.field.filter(|f| fields.contains(&f.as_str())),
                    message: error.message,
                })
                .collect(),
        }
    }

    /// One message about the whole form.
    pub fn one(message: &str) -> Self {
        Self {
            errors: vec![FieldError {
                field: None,
                message: message.to_owned(),
            }],
        }
    }

    /// The message beside `field`, if there is one.
    pub fn error_of(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field.as_deref() == Some(field))
            .map(|e| e.message.as_str())
    }
}
