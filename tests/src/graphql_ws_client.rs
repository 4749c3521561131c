//! A GraphQL client over WebSocket (the graphql-transport-ws protocol),
//! for subscription tests.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::TestApp;

/// An open subscription socket.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/graphql/ws` as `token` and waits for the server's acknowledgement.
pub async fn ws_connect(app: &TestApp, token: &str) -> Socket {
    let mut socket = ws_open(app, token).await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    socket
}

/// Opens `/graphql/ws` and sends `connection_init` with `token`, without
/// waiting for an answer.
pub async fn ws_open(app: &TestApp, token: &str) -> Socket {
    let url = format!("{}/graphql/ws", app.address.replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap_or_else(|e| panic!("{e}"));
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws"
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    send(&mut socket, json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } })).await;
    socket
}

/// Sends one protocol message.
pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The next message that is not a ping (panics after ten seconds).
pub async fn receive(socket: &mut Socket) -> Value {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .unwrap_or_else(|_| panic!("nothing pushed within ten seconds"));
        let message = match next {
            Some(Ok(message)) => message,
            Some(Err(error)) => panic!("{error}"),
            None => panic!("the socket closed"),
        };
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).unwrap_or_default();
            if value["type"] != "ping" {
                return value;
            }
        }
    }
}

/// How the server closed the socket: its close code and reason, after
/// passing over whatever was still pushed (panics when it stays open for
/// `within`).
pub async fn closed_by_server(socket: &mut Socket, within: Duration) -> (u16, String) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let next = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| panic!("the socket stayed open for {within:?}"));
        match next {
            Some(Ok(Message::Close(Some(frame)))) => {
                return (u16::from(frame.code), frame.reason.to_string());
            }
            Some(Ok(Message::Close(None))) | None => return (1005, String::new()),
            Some(Ok(_)) => continue,
            Some(Err(error)) => panic!("{error}"),
        }
    }
}
