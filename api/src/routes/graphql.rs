//! `POST /graphql` runs a GraphQL request; `GET /graphql` serves GraphiQL.

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::state::AppState;

/// Runs one GraphQL request (or a batch).
pub async fn execute(
    State(state): State<AppState>,
    request: GraphQLBatchRequest,
) -> GraphQLResponse {
    state
        .schema
        .execute_batch(request.into_inner())
        .await
        .into()
}

/// The GraphiQL page, unless switched off.
pub async fn graphiql(State(state): State<AppState>) -> Response {
    if state.graphiql {
        Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .title("chamdiem")
                .finish(),
        )
        .into_response()
    } else {
        (StatusCode::NOT_FOUND, "GraphiQL đã bị tắt trên máy chủ này").into_response()
    }
}
