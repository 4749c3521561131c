//! `GET /graphql/ws`: subscriptions over WebSocket (graphql-transport-ws).
//! The bearer token comes in the `connection_init` payload, as
//! `{"Authorization": "Bearer …"}` or `{"token": "…"}`.

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use secrecy::SecretString;
use serde_json::Value;

use crate::graphql::Caller;
use crate::state::AppState;

/// Upgrades to a GraphQL WebSocket.
pub async fn subscriptions(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let schema = state.schema.clone();
    let sessions = state.sessions.clone();
    let database = state.database.clone();
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload: Value| async move {
                    let database = database.clone();
                    let token = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(Value::as_str)
                        .and_then(|value| value.strip_prefix("Bearer "))
                        .or_else(|| payload.get("token").and_then(Value::as_str))
                        .map(|token| SecretString::from(token.trim().to_owned()));
                    let mut caller = Caller::default();
                    if let Some(token) = token {
                        match sessions.authenticate(&token).await {
                            Ok(principal) => caller.principal = Some(principal),
                            Err(refused) => caller.refused = Some(refused),
                        }
                    }
                    let mut data = Data::default();
                    data.insert(caller);
                    data.insert(crate::graphql::loaders::for_request(&database));
                    Ok(data)
                })
                .serve()
        })
}
