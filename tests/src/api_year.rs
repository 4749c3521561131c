//! A small year set up through the GraphQL API, as an administrator would:
//! the first administrator, one department (S02, Sở Tư pháp), the sample
//! PAR set published, an open period with deadlines far ahead, and one
//! account of the unit that has changed its temporary password.

use chamdiem_commands::bootstrap_admin::{BootstrapAdmin, bootstrap_admin};
use chamdiem_domain::account::{DisplayName, Password, Username};
use serde_json::{Value, json};

use crate::TestApp;

/// The sample PAR criteria set for departments, as its appendix prints it.
pub(crate) const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");

/// The administrator's password in these tests.
pub const ADMIN_PASSWORD: &str = "mật khẩu quản trị 2026";
/// The password the unit's account changes its temporary one to.
pub const CLERK_PASSWORD: &str = "mật khẩu cán bộ mới";

/// What the set-up made.
pub struct ApiYear {
    /// The administrator's token.
    pub admin: String,
    /// The unit's id.
    pub unit: String,
    /// The period's id.
    pub period: String,
    /// The unit account's token.
    pub clerk: String,
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Issues the first administrator ("quantri") and signs in.
pub async fn admin_token(app: &TestApp) -> String {
    let username = ok(Username::parse("quantri"));
    ok(bootstrap_admin(
        &app.database,
        &app.seal_key,
        BootstrapAdmin {
            password: ok(Password::parse(ADMIN_PASSWORD.into(), &username)),
            username,
            display_name: ok(DisplayName::parse("Quản trị")),
        },
    )
    .await);
    sign_in(app, "quantri", ADMIN_PASSWORD).await
}

/// Signs in and returns the token (panics when refused).
pub async fn sign_in(app: &TestApp, username: &str, password: &str) -> String {
    let answer = app
        .graphql_as(
            None,
            "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }",
            json!({ "u": username, "p": password }),
        )
        .await;
    answer["data"]["signIn"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"))
        .to_owned()
}

/// A query or mutation that must succeed: the named field of its data.
pub async fn call(app: &TestApp, token: &str, query: &str, variables: Value, field: &str) -> Value {
    let answer = app.graphql_as(Some(token), query, variables).await;
    assert!(answer["errors"].is_null(), "{answer}");
    crate::at(&answer["data"], field).clone()
}

/// Sets the year up; the unit's account is `username` with `permissions`.
pub async fn api_year(app: &TestApp, username: &str, permissions: &[&str]) -> ApiYear {
    api_year_with_neighbours(app, username, permissions, &[])
        .await
        .0
}

/// Sets the year up with more units in the period (code, name), whose ids
/// come back in order, but no accounts for them.
pub async fn api_year_with_neighbours(
    app: &TestApp,
    username: &str,
    permissions: &[&str],
    neighbours: &[(&str, &str)],
) -> (ApiYear, Vec<String>) {
    let admin = admin_token(app).await;
    let text = |v: Value| v.as_str().unwrap_or_default().to_owned();
    let mut units = Vec::new();
    for (code, name) in [("S02", "Sở Tư pháp")].iter().chain(neighbours) {
        units.push(text(
            call(
                app,
                &admin,
                "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
                json!({ "i": { "code": code, "name": name, "kind": "DEPARTMENT" } }),
                "registerUnit.unit.id",
            )
            .await,
        ));
    }
    let in_scope: Vec<Value> = units.iter().map(|u| json!({ "unitId": u })).collect();
    let unit = units.remove(0);
    let set = call(
        app,
        &admin,
        "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }",
        json!({ "i": {
            "indexKind": "PAR", "name": "Bộ chỉ số CCHC", "decisionNumber": "4606/QĐ-UBND",
            "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await;
    call(
        app,
        &admin,
        "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { criteriaSet { id } } }",
        json!({ "s": set, "c": PAR }),
        "importCriteriaCsv",
    )
    .await;
    call(
        app,
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { criteriaSet { published } } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    let period = text(
        call(
            app,
            &admin,
            "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }",
            json!({ "i": {
                "name": "Chỉ số CCHC năm 2024", "year": 2024, "criteriaSetId": set,
                "units": in_scope,
                "deadlines": { "selfAssessment": "2099-01-15", "appraisalRound1": "2099-01-31",
                               "explanation": "2099-02-10", "appraisalRound2": "2099-02-20" } } }),
            "openPeriod.period.id",
        )
        .await,
    );
    let (_, clerk) =
        unit_account(app, &admin, (username, CLERK_PASSWORD), &unit, permissions).await;
    (
        ApiYear {
            admin,
            unit,
            period,
            clerk,
        },
        units,
    )
}

/// Issues a data-entry account of `unit` with `permissions`, changes its
/// temporary password to `password`, and returns (account id, token).
pub async fn unit_account(
    app: &TestApp,
    admin: &str,
    (username, password): (&str, &str),
    unit: &str,
    permissions: &[&str],
) -> (String, String) {
    issued_account(
        app,
        admin,
        json!({ "username": username, "displayName": username, "role": "DATA_ENTRY",
            "unitId": unit, "permissions": permissions }),
        password,
    )
    .await
}

/// Issues the account `input` describes (an `IssueAccountInput`), changes
/// its temporary password to `password`, and returns (account id, token).
pub async fn issued_account(
    app: &TestApp,
    admin: &str,
    input: Value,
    password: &str,
) -> (String, String) {
    let username = input["username"].as_str().unwrap_or_default().to_owned();
    let issued = call(
        app,
        admin,
        "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { accountId temporaryPassword } }",
        json!({ "i": input }),
        "issueAccount",
    )
    .await;
    let temporary = issued["temporaryPassword"].as_str().unwrap_or_default();
    let first = sign_in(app, &username, temporary).await;
    call(
        app,
        &first,
        "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { account { id } } }",
        json!({ "c": temporary, "n": password }),
        "changePassword",
    )
    .await;
    (
        issued["accountId"].as_str().unwrap_or_default().to_owned(),
        sign_in(app, &username, password).await,
    )
}

/// Exempts from appraisal every (unit, leaf) of `period` still without an
/// appraiser, as the administrator, for tests that assign a few leaves
/// only: round 1 opens once none is left.
pub async fn exempt_the_rest(app: &TestApp, admin: &str, period: &impl serde::Serialize) {
    call(
        app,
        admin,
        "mutation($i: ExemptFromAppraisalInput!) { exemptFromAppraisal(input: $i) { __typename } }",
        json!({ "i": { "periodId": period, "reason": "Ngoài phạm vi của phép thử này" } }),
        "exemptFromAppraisal",
    )
    .await;
}
