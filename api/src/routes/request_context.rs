//! Where a request came from, as events record it: the same for a GraphQL
//! request over HTTP and for a subscription over WebSocket.

use std::net::SocketAddr;

use axum::http::HeaderMap;
use chamdiem_commands::metadata::RequestContext;

use super::client_address::client_address;
use crate::state::AppState;

/// The context of a request from `peer` with `headers`. The request id is
/// the one the request-id layer settled on (see [`super::request_id`]).
pub fn request_context(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> RequestContext {
    RequestContext {
        request_id: header(headers, "x-request-id"),
        client: Some(client_address(peer.ip(), headers, &state.trusted_proxies).to_string()),
        user_agent: header(headers, "user-agent"),
    }
}

/// A header's value, when it is text.
pub fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}
