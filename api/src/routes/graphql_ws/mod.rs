//! `GET /graphql/ws`: subscriptions over WebSocket (graphql-transport-ws).
//! The bearer token comes in the `connection_init` payload, as
//! `{"Authorization": "Bearer …"}` or `{"token": "…"}`.
//!
//! The socket is checked like every HTTP request, and more often: each
//! subscription started and each message pushed asks whether the session
//! still holds (see [`socket_session`]), and the socket itself asks every
//! few seconds and whenever the log moves (a lock is an event). Once the
//! session has ended (signed out, locked, password changed, expired) the
//! server closes the socket with code 4401 and a coded reason.

mod account_sockets;
mod socket_executor;
mod socket_session;

use chamdiem_domain::Code;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::{WebSocket as GraphQLWebSocket, WebSocketProtocols, WsMessage};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chamdiem_commands::command_error::CommandError;
use futures::{SinkExt, StreamExt, future};
use secrecy::SecretString;
use serde_json::Value;

pub use account_sockets::{AccountSockets, MAX_SOCKETS_PER_ACCOUNT};
pub use socket_executor::MAX_SUBSCRIPTIONS;
use socket_executor::SocketExecutor;
pub use socket_session::SESSION_ENDED;
use socket_session::{CloseReason, SocketSession};

use super::http_error::HttpError;
use super::request_context::request_context;
use crate::state::AppState;

/// How often an open socket asks whether its session still holds, besides
/// every time the log moves. A sign-out writes no event, so this is what
/// closes an idle socket after one.
const SESSION_CHECK_INTERVAL: Duration = Duration::from_secs(5);

/// The close code of a socket whose account holds too many already
/// (graphql-transport-ws uses 4429 for "too many requests").
pub const TOO_MANY_SOCKETS: CloseReason = (
    4429,
    "RATE_LIMITED: tài khoản đã mở quá nhiều kết nối WebSocket",
);

/// Upgrades to a GraphQL WebSocket. A message may be no larger than a
/// GraphQL request body.
pub async fn subscriptions(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Some(protocol) = protocol(&headers) else {
        return HttpError::new(
            Code::BadRequest,
            "thiếu giao thức WebSocket: hãy dùng graphql-transport-ws",
        )
        .into_response();
    };
    let context = request_context(&state, peer, &headers);
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(state.body_limit)
        .max_frame_size(state.body_limit)
        .on_upgrade(move |socket| serve(socket, state, protocol, context))
}

async fn serve(
    socket: WebSocket,
    state: AppState,
    protocol: WebSocketProtocols,
    context: chamdiem_commands::metadata::RequestContext,
) {
    let session = Arc::new(SocketSession::new(state.sessions.clone()));
    let executor = SocketExecutor::new(
        state.schema.clone(),
        state.database.clone(),
        session.clone(),
        context,
    );
    let (mut sink, incoming) = socket.split();
    let incoming = incoming
        .take_while(|message| future::ready(message.is_ok()))
        .filter_map(|message| {
            future::ready(match message {
                Ok(message @ (Message::Text(_) | Message::Binary(_))) => Some(message.into_data()),
                _ => None,
            })
        });
    let init_session = session.clone();
    let sockets = state.account_sockets.clone();
    let outgoing = GraphQLWebSocket::new(executor, incoming, protocol).on_connection_init(
        move |payload: Value| async move {
            if let Some(token) = bearer_token(&payload) {
                init_session.set_token(token);
                match init_session.check().await {
                    // A token that does not work is never acknowledged: the
                    // socket is closed (4401) while this waits.
                    Err(CommandError::Refused { .. }) => future::pending::<()>().await,
                    Ok(Some(principal)) => match sockets.0.take(principal.account_id) {
                        Some(slot) => init_session.hold(slot),
                        None => {
                            init_session.close(TOO_MANY_SOCKETS);
                            future::pending::<()>().await;
                        }
                    },
                    _ => {}
                }
            }
            Ok(Data::default())
        },
    );
    futures::pin_mut!(outgoing);
    // The session is watched beside the socket, never in its loop: a check
    // waits for a database connection, and the connections may be held by
    // the socket's own subscriptions until the loop takes their answers.
    let watcher = tokio::spawn(watch_session(session.clone(), state.projector.subscribe()));
    loop {
        tokio::select! {
            // An ended session closes the socket before anything else is sent.
            biased;
            (code, reason) = session.ended() => {
                let _ = sink.send(Message::Close(Some(CloseFrame {
                    code,
                    reason: reason.into(),
                }))).await;
                break;
            }
            message = outgoing.next() => {
                let Some(message) = message else {
                    let _ = sink.close().await;
                    break;
                };
                if sink.send(to_axum(message)).await.is_err() {
                    break;
                }
            }
        }
    }
    watcher.abort();
}

/// Asks whether the session still holds every few seconds and whenever the
/// log moves, until the socket is done with it.
async fn watch_session(
    session: Arc<SocketSession>,
    mut news: tokio::sync::watch::Receiver<chamdiem_commands::store::LogPosition>,
) {
    let mut every_few_seconds = tokio::time::interval(SESSION_CHECK_INTERVAL);
    loop {
        tokio::select! {
            _ = every_few_seconds.tick() => {}
            changed = news.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
        let _ = session.check().await;
    }
}

fn to_axum(message: WsMessage) -> Message {
    match message {
        WsMessage::Text(text) => Message::Text(text.into()),
        WsMessage::Close(code, reason) => Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        })),
    }
}

/// The first GraphQL sub-protocol the client offers.
fn protocol(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())?
        .split(',')
        .find_map(|offered| offered.trim().parse().ok())
}

/// The token of a `connection_init` payload.
fn bearer_token(payload: &Value) -> Option<SecretString> {
    payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(Value::as_str)
        .and_then(|value| value.strip_prefix("Bearer "))
        .or_else(|| payload.get("token").and_then(Value::as_str))
        .map(|token| SecretString::from(token.trim().to_owned()))
}
