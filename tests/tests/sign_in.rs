//! Sign-in, tokens and throttling on both stores, with an injected clock.

use chamdiem_commands::store::SealKey;
use std::sync::Arc;
use std::time::Duration;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::gate::{
    ApproveSubAccountRequest, ChangeOwnPassword, Gate, RejectSubAccountRequest, RequestSubAccounts,
    ResetPassword,
};
use chamdiem_commands::handlers::{IssueAccountRequest, TemporaryCredentials};
use chamdiem_commands::metadata::{CommandMetadata, RequestContext};
use chamdiem_commands::sessions::{Principal, SessionSettings, Sessions, ThrottleSettings};
use chamdiem_commands::store::LogPosition;
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{Account, DisplayName, Role, Username};
use chamdiem_domain::ids::UnitId;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::sub_account_request::RequestedAccount;
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_tests::{TestDatabase, TestStore, both_stores};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

both_stores!(
    a_temporary_password_must_be_changed_first_and_the_change_ends_old_sessions,
    a_lock_a_reset_an_expiry_or_a_sign_out_ends_a_session,
    wrong_passwords_slow_sign_in_down_and_never_lock,
    a_wrong_password_is_answered_alike_whether_or_not_the_account_is_locked,
    a_client_past_its_budget_is_refused_without_a_look_at_the_password,
    an_unknown_user_and_a_wrong_password_get_the_same_answer,
    sub_account_requests_are_approved_or_rejected,
);

const FLOOR: Duration = Duration::from_millis(150);
const FIRST_DELAY: Duration = Duration::from_millis(100);
const CLIENT_FAILURES: usize = 12;

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn start() -> DateTime<Utc> {
    "2025-01-10T02:00:00Z".parse().unwrap_or_default()
}

struct Setup {
    write: WriteSide,
    clock: Arc<FixedClock>,
    sessions: Sessions,
    gate: Gate,
    request: RequestContext,
}

fn setup(db: &TestDatabase) -> Setup {
    let clock = Arc::new(FixedClock::new(start()));
    let write = WriteSide::new(db.database.clone(), clock.clone(), SealKey::generate());
    Setup {
        sessions: Sessions::new(
            write.clone(),
            SessionSettings {
                failure_floor: FLOOR,
                throttle: ThrottleSettings {
                    first_delay: FIRST_DELAY,
                    longest_delay: FIRST_DELAY * 8,
                    client_failures: CLIENT_FAILURES,
                    ..ThrottleSettings::default()
                },
                ..SessionSettings::default()
            },
        ),
        gate: Gate::new(write.clone()),
        write,
        clock,
        request: RequestContext {
            request_id: None,
            client: Some("10.0.0.7".into()),
            user_agent: Some("tests".into()),
        },
    }
}

fn admin() -> CommandMetadata {
    CommandMetadata::operator("test")
}

async fn issue(s: &Setup, name: &str, role: Role, unit: Option<UnitId>) -> TemporaryCredentials {
    ok(s.write
        .issue_account(
            &admin(),
            IssueAccountRequest {
                username: ok(Username::parse(name)),
                display_name: ok(DisplayName::parse(name)),
                role,
                unit_id: unit,
                department: None,
                permissions: None,
            },
        )
        .await)
}

fn code_of<T: std::fmt::Debug>(result: Result<T, CommandError>) -> &'static str {
    match result {
        Ok(value) => panic!("expected a refusal, got {value:?}"),
        Err(error) => error.code().as_str(),
    }
}

fn secret(text: &str) -> String {
    text.to_owned()
}

async fn a_temporary_password_must_be_changed_first_and_the_change_ends_old_sessions(
    store: TestStore,
) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let issued = issue(&s, "kiemtoan", Role::Auditor, None).await;
    let temporary = issued.temporary_password.expose_secret().to_owned();
    let signed_in = ok(s
        .sessions
        .sign_in("KiemToan", temporary.clone(), &s.request)
        .await);
    assert!(signed_in.principal.must_change_password);
    let shown = format!("{signed_in:?}");
    assert!(
        !shown.contains(signed_in.token.expose_secret()),
        "a token never reaches a log line: {shown}"
    );

    let caller = ok(s.sessions.authenticate(&signed_in.token).await);
    let anything_else = ResetPassword {
        account: caller.account_id,
    };
    assert_eq!(
        code_of(
            s.gate
                .execute(Some(&caller), &s.request, anything_else)
                .await
        ),
        "FORBIDDEN"
    );

    let too_short = ChangeOwnPassword {
        current: temporary.clone(),
        new: secret("ngắn"),
    };
    assert_eq!(
        code_of(s.gate.execute(Some(&caller), &s.request, too_short).await),
        "VALIDATION"
    );
    let wrong_current = ChangeOwnPassword {
        current: secret("không phải mật khẩu"),
        new: secret("mật khẩu mới đủ dài"),
    };
    assert_eq!(
        code_of(
            s.gate
                .execute(Some(&caller), &s.request, wrong_current)
                .await
        ),
        "VALIDATION"
    );
    let change = ChangeOwnPassword {
        current: temporary.clone(),
        new: secret("mật khẩu mới đủ dài"),
    };
    assert!(matches!(
        s.gate.execute(Some(&caller), &s.request, change).await,
        Ok(())
    ));

    assert_eq!(
        code_of(s.sessions.authenticate(&signed_in.token).await),
        "UNAUTHENTICATED",
        "the old session ended"
    );
    assert_eq!(
        code_of(s.sessions.sign_in("kiemtoan", temporary, &s.request).await),
        "UNAUTHENTICATED"
    );
    let again = ok(s
        .sessions
        .sign_in("kiemtoan", secret("mật khẩu mới đủ dài"), &s.request)
        .await);
    assert!(!again.principal.must_change_password);
}

async fn a_lock_a_reset_an_expiry_or_a_sign_out_ends_a_session(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let issued = issue(&s, "quanly", Role::Manager, None).await;
    let password = issued.temporary_password.expose_secret().to_owned();
    let sign_in = || s.sessions.sign_in("quanly", password.clone(), &s.request);
    let reason = ok(FreeText::parse("Nghi lộ mật khẩu"));

    let locked_session = ok(sign_in().await).token;
    ok(s.write
        .lock_account(&admin(), issued.account_id, reason.clone())
        .await);
    assert_eq!(
        code_of(s.sessions.authenticate(&locked_session).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        code_of(sign_in().await),
        "FORBIDDEN",
        "the right password on a locked account"
    );
    ok(s.write
        .unlock_account(&admin(), issued.account_id, reason)
        .await);
    assert_eq!(
        code_of(s.sessions.authenticate(&locked_session).await),
        "UNAUTHENTICATED",
        "ended for good"
    );

    let expiring = ok(sign_in().await).token;
    assert!(s.sessions.authenticate(&expiring).await.is_ok());
    s.clock.set(start() + chrono::Duration::hours(8));
    assert_eq!(
        code_of(s.sessions.authenticate(&expiring).await),
        "UNAUTHENTICATED",
        "expired after eight hours"
    );

    let signed_out = ok(sign_in().await).token;
    ok(s.sessions.sign_out(&signed_out).await);
    assert_eq!(
        code_of(s.sessions.authenticate(&signed_out).await),
        "UNAUTHENTICATED"
    );

    let reset_session = ok(sign_in().await).token;
    let reset = ok(s.write.reset_password(&admin(), issued.account_id).await);
    assert_eq!(
        code_of(s.sessions.authenticate(&reset_session).await),
        "UNAUTHENTICATED"
    );
    let fresh = ok(s
        .sessions
        .sign_in(
            "quanly",
            reset.temporary_password.expose_secret().to_owned(),
            &s.request,
        )
        .await);
    assert!(
        fresh.principal.must_change_password,
        "a reset password must be changed"
    );

    for forged in ["", "abc", &"0".repeat(64)] {
        assert_eq!(
            code_of(
                s.sessions
                    .authenticate(&SecretString::from(forged.to_owned()))
                    .await
            ),
            "UNAUTHENTICATED"
        );
    }
}

async fn wrong_passwords_slow_sign_in_down_and_never_lock(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let issued = issue(&s, "nhaplieu.s01", Role::Auditor, None).await;
    let password = issued.temporary_password.expose_secret().to_owned();
    let mut took = Vec::new();
    for _ in 0..6 {
        let started = std::time::Instant::now();
        let wrong = s
            .sessions
            .sign_in("nhaplieu.s01", secret("sai mật khẩu rồi"), &s.request)
            .await;
        took.push(started.elapsed());
        assert_eq!(code_of(wrong), "UNAUTHENTICATED");
    }
    // Three failures cost nothing; then each attempt waits, doubling (the
    // test's clock stands still, so each waits in full).
    assert!(
        took[..4].iter().all(|t| *t < FLOOR + FIRST_DELAY),
        "{took:?}"
    );
    assert!(took[4] >= FLOOR + FIRST_DELAY, "{took:?}");
    assert!(took[5] >= FLOOR + FIRST_DELAY * 2, "{took:?}");

    let account: Arc<Account> = ok(s.write.load(&issued.account_id.to_string()).await);
    assert!(!account.is_locked_at(s.write.now()), "failures never lock");
    let events = ok(db.read_from(LogPosition::START.next(), 100).await);
    let kinds: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == "AccountSignInFailed")
            .count(),
        6,
        "every attempt is recorded"
    );
    assert!(!kinds.contains(&"AccountLocked"), "{kinds:?}");
    let failure = events
        .iter()
        .find(|e| e.event_type == "AccountSignInFailed")
        .map(|e| e.metadata.clone())
        .unwrap_or_default();
    assert!(
        failure.contains("10.0.0.7") && failure.contains("tests"),
        "the failure records where it came from: {failure}"
    );
    assert!(
        !failure.contains("sai mật khẩu"),
        "the password never reaches the history"
    );

    // The holder, who knows the password, is only slowed down.
    let started = std::time::Instant::now();
    assert!(
        s.sessions
            .sign_in("nhaplieu.s01", password, &s.request)
            .await
            .is_ok()
    );
    assert!(
        started.elapsed() >= FIRST_DELAY * 4,
        "{:?}",
        started.elapsed()
    );
}

async fn a_wrong_password_is_answered_alike_whether_or_not_the_account_is_locked(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let open = issue(&s, "canbo.mo", Role::Auditor, None).await;
    let locked = issue(&s, "canbo.khoa", Role::Auditor, None).await;
    ok(s.write
        .lock_account(&admin(), locked.account_id, ok(FreeText::parse("kiểm tra")))
        .await);
    let before = ok(db.log_head().await);
    let timed = |name: &'static str, password: String| {
        let s = &s;
        async move {
            let started = std::time::Instant::now();
            let outcome = s.sessions.sign_in(name, password, &s.request).await;
            (outcome.err(), started.elapsed())
        }
    };
    let (on_open, open_took) = timed("canbo.mo", secret("đoán sai")).await;
    let (on_locked, locked_took) = timed("canbo.khoa", secret("đoán sai")).await;
    assert_eq!(on_open, on_locked, "the same answer");
    assert!(open_took >= FLOOR && locked_took >= FLOOR);
    // Both guesses are in the history.
    let events = ok(db.read_from(before.next(), 100).await);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event_type == "AccountSignInFailed")
            .count(),
        2
    );
    // Only the right password learns that the account is locked, and it
    // takes the floor too.
    let (right, right_took) = timed(
        "canbo.khoa",
        locked.temporary_password.expose_secret().to_owned(),
    )
    .await;
    assert_eq!(right.map(|e| e.code().as_str()), Some("FORBIDDEN"));
    assert!(right_took >= FLOOR, "{right_took:?}");
    drop(open);
}

async fn a_client_past_its_budget_is_refused_without_a_look_at_the_password(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let issued = issue(&s, "canbo.that", Role::Auditor, None).await;
    let password = issued.temporary_password.expose_secret().to_owned();
    // Failures on many names (none of them real) spend the client's budget.
    for n in 0..CLIENT_FAILURES {
        let name = format!("khongco.{n}");
        let wrong = s.sessions.sign_in(&name, secret("đoán"), &s.request).await;
        assert_eq!(code_of(wrong), "UNAUTHENTICATED");
    }
    let before = ok(db.log_head().await);
    let refused = s
        .sessions
        .sign_in("canbo.that", password.clone(), &s.request)
        .await;
    assert_eq!(code_of(refused), "RATE_LIMITED", "even the right password");
    assert_eq!(ok(db.log_head().await), before, "nothing was looked at");
    // Another client is not held back by it.
    let elsewhere = RequestContext {
        client: Some("10.0.0.8".into()),
        ..s.request.clone()
    };
    assert!(
        s.sessions
            .sign_in("canbo.that", password, &elsewhere)
            .await
            .is_ok()
    );
}

async fn an_unknown_user_and_a_wrong_password_get_the_same_answer(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    issue(&s, "thamdinh.a", Role::Auditor, None).await;
    let s = &s;
    let timed = |name: &'static str| async move {
        let started = std::time::Instant::now();
        let outcome = s
            .sessions
            .sign_in(name, secret("mật khẩu đoán bừa"), &s.request)
            .await;
        (outcome.err(), started.elapsed())
    };
    let (unknown, unknown_took) = timed("khongtontai").await;
    let (wrong, wrong_took) = timed("thamdinh.a").await;
    let (malformed, malformed_took) = timed("<script>").await;
    assert_eq!(unknown, wrong);
    assert_eq!(unknown, malformed);
    assert_eq!(
        unknown.as_ref().map(CommandError::to_string).as_deref(),
        Some("tên đăng nhập hoặc mật khẩu không đúng")
    );
    for took in [unknown_took, wrong_took, malformed_took] {
        assert!(
            took >= FLOOR,
            "every failure takes at least the floor: {took:?}"
        );
    }
}

async fn sub_account_requests_are_approved_or_rejected(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let s = setup(&db);
    let register = |code: &str, parent| RegisterUnit {
        code: ok(UnitCode::parse(code)),
        name: ok(UnitName::parse(&format!("Đơn vị {code}"))),
        kind: UnitKind::PublicServiceUnit,
        parent,
    };
    let parent = ok(s.write.register_unit(&admin(), register("S06", None)).await);
    let child = ok(s
        .write
        .register_unit(&admin(), register("S06-CC", Some(parent)))
        .await);
    let stranger = ok(s
        .write
        .register_unit(&admin(), register("S07-CC", None))
        .await);
    let leader = issue(&s, "lanhdao.s06", Role::DataEntry, Some(parent)).await;
    ok(s.write
        .grant_permission(
            &admin(),
            leader.account_id,
            chamdiem_domain::account::Permission::RequestsSubAccounts,
        )
        .await);
    let mut caller: Principal = Principal::of(&ok::<Arc<Account>, _>(
        s.write
            .load::<Account>(&leader.account_id.to_string())
            .await,
    ))
    .unwrap_or_else(|| panic!("issued"));
    caller.must_change_password = false;
    let admin_caller = {
        let issued = issue(&s, "quantri", Role::Admin, None).await;
        let mut principal = Principal::of(&ok::<Arc<Account>, _>(
            s.write
                .load::<Account>(&issued.account_id.to_string())
                .await,
        ))
        .unwrap_or_else(|| panic!("issued"));
        principal.must_change_password = false;
        principal
    };
    let wanted = |name: &str| RequestedAccount {
        username: ok(Username::parse(name)),
        display_name: ok(DisplayName::parse("Nhập liệu Chi cục")),
        permissions: [chamdiem_domain::account::Permission::EntersScores]
            .into_iter()
            .collect(),
    };
    let ask = |unit, name: &str| RequestSubAccounts {
        unit,
        accounts: vec![wanted(name)],
    };

    assert_eq!(
        code_of(
            s.gate
                .execute(Some(&caller), &s.request, ask(stranger, "nhaplieu.x"))
                .await
        ),
        "FORBIDDEN",
        "not a subordinate unit"
    );
    let Ok(approved) = s
        .gate
        .execute(Some(&caller), &s.request, ask(child, "nhaplieu.cc"))
        .await
    else {
        panic!("the request is made");
    };
    let Ok(rejected) = s
        .gate
        .execute(Some(&caller), &s.request, ask(child, "nhaplieu.cc2"))
        .await
    else {
        panic!("the request is made");
    };
    let outcome = s
        .gate
        .execute(
            Some(&admin_caller),
            &s.request,
            ApproveSubAccountRequest { request: approved },
        )
        .await;
    let Ok(issued) = outcome else {
        panic!("{outcome:?}")
    };
    let account: Arc<Account> = ok(s.write.load(&issued[0].account_id.to_string()).await);
    assert_eq!(
        (account.role(), account.unit()),
        (Some(Role::DataEntry), Some(child))
    );
    assert!(
        s.sessions
            .sign_in(
                "nhaplieu.cc",
                issued[0].temporary_password.expose_secret().to_owned(),
                &s.request
            )
            .await
            .is_ok()
    );

    let reason = ok(FreeText::parse("Chi cục chưa được giao nhiệm vụ"));
    let reject = RejectSubAccountRequest {
        request: rejected,
        reason,
    };
    assert!(matches!(
        s.gate
            .execute(Some(&admin_caller), &s.request, reject.clone())
            .await,
        Ok(())
    ));
    assert_eq!(
        code_of(
            s.gate
                .execute(Some(&admin_caller), &s.request, reject)
                .await
        ),
        "CONFLICT",
        "decided once"
    );
    let never_issued: Arc<Account> = ok(s
        .write
        .load(&chamdiem_domain::ids::AccountId::for_username("nhaplieu.cc2").to_string())
        .await);
    assert!(never_issued.id().is_none());
}
