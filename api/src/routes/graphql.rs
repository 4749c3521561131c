//! `POST /graphql` runs a GraphQL request; `GET /graphql` serves GraphiQL.

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
    let context = request_context(&state, client, &headers);
    let token = header(&headers, "authorization").and_then(|value| {
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
