//! `POST /graphql` runs a GraphQL request; `GET /graphql` runs a query
//! given in the address, or serves GraphiQL.

use chamdiem_domain::Code;
use std::net::SocketAddr;

use async_graphql::BatchRequest;
use async_graphql_axum::GraphQLResponse;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;
use secrecy::SecretString;

use super::graphql_body::{MAX_FILES, Unread, read_batch};
use super::graphql_rejection;
use super::request_context::{header, request_context};
use crate::graphql::request_budget::RequestBudget;
use crate::graphql::{BearerToken, Caller, with_codes};
use crate::state::AppState;

/// Runs one GraphQL request (or a batch) for the caller its bearer token
/// stands for. A token that does not work is remembered, so that resolvers
/// that need a caller answer `UNAUTHENTICATED`.
pub async fn execute(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    // The database is away: say so at once rather than after the pool's
    // timeout, for every request until it is back.
    if state.database_watch.is_away() {
        return graphql_rejection::database_away();
    }
    let headers = request.headers().clone();
    // Evidence uploads (multipart) may be larger than any other request.
    let multipart =
        header(&headers, "content-type").is_some_and(|t| t.starts_with("multipart/form-data"));
    let declared: Option<usize> = header(&headers, "content-length").and_then(|l| l.parse().ok());
    if !multipart && declared.is_some_and(|length| length > state.body_limit) {
        return graphql_rejection::too_large();
    }
    // A body without a declared length (chunked) is cut off at the same
    // limit while it is read: the router's own limit is the upload's.
    let request = if multipart {
        request
    } else {
        request.map(|body| Body::new(Limited::new(body, state.body_limit)))
    };
    let request = match read_batch(request, multipart, state.body_limit, state.upload_limit).await {
        Ok(request) => request,
        Err(Unread::Unreadable(error)) => return graphql_rejection::unreadable(&error),
        Err(Unread::TooLarge) => return graphql_rejection::too_large(),
        Err(Unread::TooManyFiles) => {
            return graphql_rejection::refuse(
                Code::BadRequest,
                &format!("một yêu cầu chỉ được tải lên tối đa {MAX_FILES} tệp"),
            );
        }
    };
    if let BatchRequest::Batch(operations) = &request
        && operations.len() > graphql_rejection::MAX_BATCH
    {
        return graphql_rejection::batch_too_large(operations.len());
    }
    run(&state, client, &headers, request).await
}

/// `GET /graphql`: a query in the address (`?query=…&variables=…`), as
/// GraphQL over HTTP allows, runs like a posted one; only reading
/// operations run this way, so that no link or image can change anything.
/// Without a query it is the GraphiQL page.
pub async fn execute_or_page(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let Some(query_string) = request.uri().query().filter(|q| holds_a_query(q)) else {
        return super::graphiql::page(State(state)).await;
    };
    if state.database_watch.is_away() {
        return graphql_rejection::database_away();
    }
    let operation = match async_graphql::http::parse_query_string(query_string) {
        Ok(operation) => operation,
        Err(error) => return graphql_rejection::unreadable(&error),
    };
    if !only_reads(&operation) {
        return graphql_rejection::refuse(
            Code::BadRequest,
            "qua GET chỉ chạy được truy vấn đọc (query); thay đổi dữ liệu hãy gửi bằng POST",
        );
    }
    let headers = request.headers().clone();
    run(&state, client, &headers, BatchRequest::Single(operation)).await
}

/// Whether the address's query string names a `query` parameter.
fn holds_a_query(query_string: &str) -> bool {
    url::form_urlencoded::parse(query_string.as_bytes()).any(|(name, _)| name == "query")
}

/// Whether the operation `request` would run is a query. A document that
/// does not parse counts as reading: execution refuses it with its own
/// message.
fn only_reads(request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return true;
    };
    let kind = |op: &async_graphql::parser::types::OperationDefinition| op.ty;
    let chosen: Vec<OperationType> = match (&document.operations, &request.operation_name) {
        (DocumentOperations::Single(op), _) => vec![kind(&op.node)],
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .filter(|(op_name, _)| op_name.as_str() == name)
            .map(|(_, op)| kind(&op.node))
            .collect(),
        // Without a name, execution refuses a document of several.
        (DocumentOperations::Multiple(ops), None) => {
            ops.values().map(|op| kind(&op.node)).collect()
        }
    };
    chosen.iter().all(|kind| *kind == OperationType::Query)
}

/// Runs `request` for the caller its bearer token stands for.
async fn run(
    state: &AppState,
    client: SocketAddr,
    headers: &axum::http::HeaderMap,
    request: BatchRequest,
) -> Response {
    let context = request_context(state, client, headers);
    let token = header(headers, "authorization").and_then(|value| {
        value
            .strip_prefix("Bearer ")
            .map(|token| SecretString::from(token.trim().to_owned()))
    });
    let mut caller = Caller::default();
    if let Some(token) = &token {
        match state.sessions.authenticate(token).await {
            Ok(principal) => caller.principal = Some(principal),
            Err(refused) => caller.refused = Some(refused),
        }
    }
    let request_id = context.request_id.clone();
    let mut request = request
        .data(caller)
        .data(context)
        .data(RequestBudget::default())
        .data(crate::graphql::loaders::for_request(&state.database));
    if let Some(token) = token {
        request = request.data(BearerToken(token));
    }
    GraphQLResponse::from(with_codes(
        state.schema.execute_batch(request).await,
        request_id.as_deref(),
    ))
    .into_response()
}
