//! A WebSocket is held to the same session as an HTTP request, on both
//! stores: it closes (4401, coded) when its session ends by sign-out, lock
//! or password change, and pushes nothing after; it carries subscriptions
//! only, so nothing is written over it; it runs a bounded number of them.

use std::time::Duration;

use chamdiem_tests::{
    Socket, TestApp, TestStore, admin_token, both_stores, call, closed_by_server, issued_account,
    receive, send, ws_connect, ws_open,
};
use serde_json::{Value, json};

both_stores!(
    a_socket_closes_when_its_session_ends,
    a_socket_carries_subscriptions_only,
    a_socket_runs_a_bounded_number_of_subscriptions,
    an_account_holds_a_bounded_number_of_sockets,
);

const AUDITOR_PASSWORD: &str = "mật khẩu kiểm toán viên";
/// The socket asks every five seconds; a sign-out writes no event.
const SIGN_OUT_NOTICED_WITHIN: Duration = Duration::from_secs(12);
/// A lock or a password change is an event: noticed as the log moves.
const EVENT_NOTICED_WITHIN: Duration = Duration::from_secs(8);

async fn auditor(app: &TestApp, admin: &str, username: &str) -> (String, String) {
    issued_account(
        app,
        admin,
        json!({ "username": username, "displayName": "Kiểm toán viên", "role": "AUDITOR" }),
        AUDITOR_PASSWORD,
    )
    .await
}

async fn following_events(app: &TestApp, token: &str) -> Socket {
    let mut socket = ws_connect(app, token).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription { newEvents { position } }" } }),
    )
    .await;
    assert_eq!(receive(&mut socket).await["type"], "next");
    socket
}

fn ended(close: &(u16, String)) {
    assert_eq!(close.0, 4401, "{close:?}");
    assert!(close.1.starts_with("UNAUTHENTICATED"), "{close:?}");
}

async fn a_socket_closes_when_its_session_ends(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;

    // Sign-out ends that session's sockets, and only those.
    let (auditor_id, first) = auditor(&app, &admin, "kiemtoan.a").await;
    let second = chamdiem_tests::sign_in(&app, "kiemtoan.a", AUDITOR_PASSWORD).await;
    let mut signed_out = following_events(&app, &first).await;
    let mut still_in = following_events(&app, &second).await;
    call(&app, &first, "mutation { signOut }", json!({}), "signOut").await;
    ended(&closed_by_server(&mut signed_out, SIGN_OUT_NOTICED_WITHIN).await);

    // A lock ends every session of the account; the event that locked it
    // is never pushed to it.
    let lock_position = app.log_head().await + 1;
    call(
        &app,
        &admin,
        "mutation($a: ID!) { lockAccount(input: { accountId: $a, reason: \"kiểm tra\" }) { __typename } }",
        json!({ "a": auditor_id }),
        "lockAccount",
    )
    .await;
    let pushed_after_lock = pushed_until_closed(&mut still_in, EVENT_NOTICED_WITHIN).await;
    assert!(
        pushed_after_lock.iter().all(|p| *p < lock_position),
        "pushed after the lock: {pushed_after_lock:?} (lock at {lock_position})"
    );

    // A password change ends every other session at once.
    let (_, old) = auditor(&app, &admin, "kiemtoan.b").await;
    let current = chamdiem_tests::sign_in(&app, "kiemtoan.b", AUDITOR_PASSWORD).await;
    let mut stale = following_events(&app, &old).await;
    call(
        &app,
        &current,
        "mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: \"mật khẩu mới của kiểm toán\" }) { __typename } }",
        json!({ "c": AUDITOR_PASSWORD }),
        "changePassword",
    )
    .await;
    ended(&closed_by_server(&mut stale, EVENT_NOTICED_WITHIN).await);

    // A token that no longer works is closed without an acknowledgement.
    let mut refused = ws_open(&app, &first).await;
    ended(&closed_by_server(&mut refused, EVENT_NOTICED_WITHIN).await);
}

/// The positions pushed on subscription "1" until the server closes the
/// socket, which it must do with the session-ended code.
async fn pushed_until_closed(socket: &mut Socket, within: Duration) -> Vec<i64> {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + within;
    let mut positions = Vec::new();
    loop {
        let next = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| panic!("the socket stayed open; pushed {positions:?}"));
        match next {
            Some(Ok(Message::Text(text))) => {
                let message: Value = serde_json::from_str(&text).unwrap_or_default();
                if let Some(position) = message["payload"]["data"]["newEvents"]["position"]
                    .as_str()
                    .and_then(|p| p.parse().ok())
                    .or_else(|| message["payload"]["data"]["newEvents"]["position"].as_i64())
                {
                    positions.push(position);
                }
            }
            Some(Ok(Message::Close(Some(frame)))) => {
                ended(&(u16::from(frame.code), frame.reason.to_string()));
                return positions;
            }
            Some(Ok(_)) => {}
            other => panic!("the socket ended without a close frame: {other:?}"),
        }
    }
}

async fn a_socket_carries_subscriptions_only(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let mut socket = ws_connect(&app, &admin).await;
    let head = app.log_head().await;
    let operations = [
        "mutation { issueAccount(input: { username: \"quantri.hai\", displayName: \"Quản trị hai\", role: ADMIN }) { accountId } }",
        "{ me { username } }",
        "subscription A { newEvents { position } } mutation B { signOut }",
    ];
    for (n, query) in operations.iter().enumerate() {
        let id = format!("op{n}");
        send(
            &mut socket,
            json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
        )
        .await;
        let answer = receive(&mut socket).await;
        assert_eq!(answer["id"], id, "{answer}");
        assert_eq!(
            answer["payload"]["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{query}: {answer}"
        );
        assert!(answer["payload"]["data"].is_null(), "{answer}");
        let message = answer["payload"]["errors"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(message.contains("POST /graphql"), "{message}");
        assert_eq!(receive(&mut socket).await["type"], "complete");
    }
    assert_eq!(
        app.log_head().await,
        head,
        "nothing is written over a socket"
    );
    // The administrator's token still works over HTTP (no sign-out ran).
    call(&app, &admin, "{ me { username } }", json!({}), "me").await;
}

async fn a_socket_runs_a_bounded_number_of_subscriptions(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let mut socket = ws_connect(&app, &admin).await;
    let limit = 16;
    for n in 0..limit {
        send(
            &mut socket,
            json!({ "id": format!("s{n}"), "type": "subscribe", "payload": {
            "query": "subscription { newEvents { position } }" } }),
        )
        .await;
    }
    send(
        &mut socket,
        json!({ "id": "one-too-many", "type": "subscribe", "payload": {
        "query": "subscription { newEvents { position } }" } }),
    )
    .await;
    loop {
        let message = receive(&mut socket).await;
        if message["id"] == "one-too-many" {
            assert_eq!(
                message["payload"]["errors"][0]["extensions"]["code"], "BAD_REQUEST",
                "{message}"
            );
            break;
        }
        assert_eq!(message["type"], "next", "{message}");
    }
    // Ending one frees its place.
    send(&mut socket, json!({ "id": "s0", "type": "complete" })).await;
    send(
        &mut socket,
        json!({ "id": "in-its-place", "type": "subscribe", "payload": {
        "query": "subscription { newEvents { position } }" } }),
    )
    .await;
    loop {
        let message = receive(&mut socket).await;
        if message["id"] == "in-its-place" {
            assert!(message["payload"]["errors"].is_null(), "{message}");
            assert_eq!(message["type"], "next", "{message}");
            break;
        }
    }
}

async fn an_account_holds_a_bounded_number_of_sockets(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(ws_connect(&app, &admin).await);
    }
    let mut one_more = ws_open(&app, &admin).await;
    let (code, reason) = closed_by_server(&mut one_more, EVENT_NOTICED_WITHIN).await;
    assert_eq!(code, 4429, "{reason}");
    assert!(reason.starts_with("RATE_LIMITED"), "{reason}");
    // Closing one gives its place back.
    let mut first = open.remove(0);
    first.close(None).await.ok();
    drop(first);
    let deadline = tokio::time::Instant::now() + EVENT_NOTICED_WITHIN;
    loop {
        use futures::StreamExt;
        use tokio_tungstenite::tungstenite::Message;
        let mut again = ws_open(&app, &admin).await;
        // The first answer: the acknowledgement, or a close while the place
        // is still being given back.
        let acknowledged = loop {
            match again.next().await {
                Some(Ok(Message::Text(text))) => break text.contains("connection_ack"),
                Some(Ok(Message::Close(_)) | Err(_)) | None => break false,
                Some(Ok(_)) => {}
            }
        };
        if acknowledged {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no place was given back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(open);
}
