//! Verifying the history through the GraphQL API, as an auditor, on both stores.

use std::sync::Arc;

use chamdiem_commands::clock::SystemClock;
use chamdiem_commands::handlers::IssueAccountRequest;
use chamdiem_commands::metadata::CommandMetadata;
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{DisplayName, Role, Username};
use chamdiem_domain::criteria::Department;
use chamdiem_tests::{TestApp, TestStore, both_stores};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

both_stores!(
    only_a_signed_in_auditor_verifies_the_history_through_the_api,
    verify_history_counts_only_checkpoints_of_the_keys_the_server_trusts,
);

const VERIFY: &str = "{ verifyHistory { intact verified head headHash brokenAt report } }";
const SIGN_IN: &str = "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token mustChangePassword } }";

fn code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

async fn issue(write: &WriteSide, name: &str, role: Role, password: &str) {
    let issued = write
        .issue_account(
            &CommandMetadata::operator("test"),
            IssueAccountRequest {
                username: Username::parse(name).unwrap_or_else(|e| panic!("{e}")),
                display_name: DisplayName::parse(name).unwrap_or_else(|e| panic!("{e}")),
                role,
                unit_id: None,
                department: (role == Role::Appraiser)
                    .then(|| Department::parse("Sở Tư pháp").unwrap_or_else(|e| panic!("{e}"))),
                permissions: None,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    write
        .change_password(
            &CommandMetadata::operator("test"),
            issued.account_id,
            issued.temporary_password.expose_secret().to_owned(),
            password.to_owned(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn only_a_signed_in_auditor_verifies_the_history_through_the_api(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let write = WriteSide::new(
        app.database.database.clone(),
        Arc::new(SystemClock),
        app.seal_key.clone(),
    );
    issue(&write, "kiemtoan", Role::Auditor, "mật khẩu kiểm toán viên").await;
    issue(
        &write,
        "thamdinh",
        Role::Appraiser,
        "mật khẩu thẩm định viên",
    )
    .await;

    assert_eq!(code(&app.graphql(VERIFY).await), Some("UNAUTHENTICATED"));
    assert_eq!(
        code(
            &app.graphql_as(Some(&"0".repeat(64)), VERIFY, json!({}))
                .await
        ),
        Some("UNAUTHENTICATED")
    );

    let wrong = app
        .graphql_as(
            None,
            SIGN_IN,
            json!({ "u": "kiemtoan", "p": "sai mật khẩu" }),
        )
        .await;
    assert_eq!(code(&wrong), Some("UNAUTHENTICATED"));
    assert_eq!(
        wrong["errors"][0]["message"],
        "tên đăng nhập hoặc mật khẩu không đúng"
    );

    let sign_in = async |user: &str, password: &str| {
        let answer = app
            .graphql_as(None, SIGN_IN, json!({ "u": user, "p": password }))
            .await;
        answer["data"]["signIn"]["token"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{answer}"))
    };
    let appraiser = sign_in("thamdinh", "mật khẩu thẩm định viên").await;
    assert_eq!(
        code(&app.graphql_as(Some(&appraiser), VERIFY, json!({})).await),
        Some("FORBIDDEN")
    );

    let auditor = sign_in("kiemtoan", "mật khẩu kiểm toán viên").await;
    let answer = app.graphql_as(Some(&auditor), VERIFY, json!({})).await;
    let report = &answer["data"]["verifyHistory"];
    assert_eq!(report["intact"], true, "{answer}");
    let head = app
        .database
        .log_head()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get();
    assert_eq!(report["verified"], head);
    assert_eq!(report["brokenAt"], Value::Null);
    assert_eq!(report["unsealedAt"], Value::Null);
    assert!(
        report["report"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("Đã xác minh")
    );

    // A row written into the store behind the server's back: chained (the
    // chain holds), but no seal of the server vouches for it.
    chamdiem_tests::write_behind_the_server(&app.database, "gia-mao").await;
    let answer = app
        .graphql_as(
            Some(&auditor),
            "{ verifyHistory { intact brokenAt unsealedAt unsealedReason } }",
            json!({}),
        )
        .await;
    let report = &answer["data"]["verifyHistory"];
    assert_eq!(report["intact"], false, "{answer}");
    assert_eq!(report["brokenAt"], Value::Null, "{answer}");
    assert_eq!(report["unsealedAt"], head + 1, "{answer}");
    assert!(
        report["unsealedReason"]
            .as_str()
            .is_some_and(|reason| reason.contains("ngoài máy chủ")),
        "{answer}"
    );
}

async fn verify_history_counts_only_checkpoints_of_the_keys_the_server_trusts(store: TestStore) {
    use chamdiem_commands::integrity::{
        TrustedKeys, generate_key, public_key_of, sign_checkpoint, store_checkpoint,
    };
    use chamdiem_tests::{SpawnOptions, admin_token};
    let operator = generate_key();
    let operator_public = public_key_of(&operator).unwrap_or_else(|e| panic!("{e}"));
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            audit_trusted_keys: TrustedKeys::parse(&[operator_public])
                .unwrap_or_else(|e| panic!("{e}")),
            ..SpawnOptions::default()
        },
    )
    .await;
    let admin = admin_token(&app).await;
    let keep = |key: String| {
        let database = app.database.database.clone();
        async move {
            let checkpoint = sign_checkpoint(&database, &key)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            store_checkpoint(&database, &checkpoint)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    };
    keep(operator).await;
    let trusted = app.graphql_as(Some(&admin), VERIFY, json!({})).await;
    assert_eq!(
        trusted["data"]["verifyHistory"]["intact"], true,
        "{trusted}"
    );
    keep(generate_key()).await;
    let answer = app.graphql_as(Some(&admin), VERIFY, json!({})).await;
    let report = &answer["data"]["verifyHistory"];
    assert_eq!(report["intact"], false, "{answer}");
    assert!(
        report["report"].to_string().contains("khoá khác"),
        "{answer}"
    );
}
