//! The pages' client of the GraphQL API: an operation run in-process against
//! the same schema, as the page's signed-in account, with the same request
//! data as `POST /graphql` (caller, request context, budget, loaders,
//! token). What the API refuses, the page cannot do or show.

use async_graphql::{BatchResponse, Request, UploadValue, Variables};
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::Code;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::page_session::PageSession;
use crate::graphql::request_budget::RequestBudget;
use crate::graphql::{BearerToken, Caller, loaders, with_codes};
use crate::state::AppState;

/// One refusal or fault of an operation, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Its stable code.
    pub code: String,
    /// The input field it names, if any (`newPassword`, `entry.score`).
    pub field: Option<String>,
    /// The Vietnamese message.
    pub message: String,
}

/// What an operation answered.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Its data (null where a field failed).
    pub data: Value,
    /// Its errors.
    pub errors: Vec<ApiError>,
}

impl Answer {
    /// The data, if nothing failed; else the errors.
    pub fn ok(self) -> Result<Value, Vec<ApiError>> {
        if self.errors.is_empty() {
            Ok(self.data)
        } else {
            Err(self.errors)
        }
    }

    /// The data read into the page's own type for its operation, if
    /// nothing failed; data that does not read is a fault of ours (logged,
    /// shown as "lỗi hệ thống"), never a page of empty defaults.
    pub fn read<T: DeserializeOwned>(self) -> Result<T, Vec<ApiError>> {
        read_data(self.ok()?)
    }
}

/// An operation's data read into the page's own type for it; data that
/// does not read is a fault of ours, as for [`Answer::read`].
pub fn read_data<T: DeserializeOwned>(data: Value) -> Result<T, Vec<ApiError>> {
    serde_json::from_value(data).map_err(|error| {
        vec![internal(&format!(
            "a page's operation answered data it cannot read: {error}"
        ))]
    })
}

/// Runs `document` with `variables` for `session` (none: not signed in).
pub async fn run(
    state: &AppState,
    context: &RequestContext,
    session: Option<&PageSession>,
    document: &str,
    variables: Value,
) -> Answer {
    execute(state, context, session, document, variables, Vec::new()).await
}

/// Runs a form's operation: refused before it runs when the form does not
/// carry `session`'s form token (an old page, or another site's form).
pub async fn run_form(
    state: &AppState,
    context: &RequestContext,
    session: &PageSession,
    form_token: &str,
    document: &str,
    variables: Value,
) -> Result<Value, Vec<ApiError>> {
    if !session.accepts(form_token) {
        return Err(vec![stale_form()]);
    }
    run(state, context, Some(session), document, variables)
        .await
        .ok()
}

/// Runs an operation that uploads files: each `(variable, file)` is the
/// upload of that variable (`file`, or `files.0` for a list's first).
pub async fn run_uploading(
    state: &AppState,
    context: &RequestContext,
    session: &PageSession,
    document: &str,
    variables: Value,
    uploads: Vec<(String, UploadValue)>,
) -> Answer {
    execute(state, context, Some(session), document, variables, uploads).await
}

async fn execute(
    state: &AppState,
    context: &RequestContext,
    session: Option<&PageSession>,
    document: &str,
    variables: Value,
    uploads: Vec<(String, UploadValue)>,
) -> Answer {
    let mut caller = Caller::default();
    if let Some(session) = session {
        caller.principal = Some(session.principal.clone());
    }
    let mut request = Request::new(document)
        .variables(Variables::from_json(variables))
        .data(caller)
        .data(context.clone())
        .data(RequestBudget::default())
        .data(loaders::for_request(&state.database));
    if let Some(session) = session {
        request = request.data(BearerToken(session.token.clone()));
    }
    for (variable, upload) in uploads {
        request.set_upload(&format!("variables.{variable}"), upload);
    }
    let answered = with_codes(
        BatchResponse::Single(state.schema.execute(request).await),
        context.request_id.as_deref(),
    );
    let BatchResponse::Single(response) = answered else {
        return Answer {
            data: Value::Null,
            errors: vec![internal("one operation answered as a batch")],
        };
    };
    let data = response.data.into_json().unwrap_or(Value::Null);
    let errors = response
        .errors
        .into_iter()
        .map(|error| {
            let extensions = error.extensions.as_ref();
            let text = |name: &str| {
                extensions
                    .and_then(|e| e.get(name))
                    .and_then(|v| v.clone().into_json().ok())
                    .and_then(|v| v.as_str().map(str::to_owned))
            };
            ApiError {
                code: text("code").unwrap_or_else(|| Code::Internal.as_str().to_owned()),
                field: text("field"),
                message: error.message,
            }
        })
        .collect();
    Answer { data, errors }
}

/// A POST without this session's form token (an old page, or another
/// site's form): refused before any operation runs.
pub fn stale_form() -> ApiError {
    ApiError {
        code: Code::BadRequest.as_str().to_owned(),
        field: None,
        message: "Biểu mẫu đã cũ hoặc không phải từ trang này: hãy thử lại.".to_owned(),
    }
}

fn internal(detail: &str) -> ApiError {
    tracing::error!(detail, "a page's operation failed");
    ApiError {
        code: Code::Internal.as_str().to_owned(),
        field: None,
        message: "lỗi hệ thống".to_owned(),
    }
}
