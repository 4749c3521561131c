//! What an official reads at the end of a year's step: the audit trail's
//! lines and the ranking report, as a client fetches them.

use serde_json::{Value, json};

use crate::{TestApp, call};

/// The summary line of every event the trail holds (up to 500), oldest
/// first, as `token` reads them.
pub async fn audit_lines(app: &TestApp, token: &str) -> Vec<String> {
    let trail = call(
        app,
        token,
        "{ auditTrail(first: 500) { nodes { summary } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    trail
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["summary"].as_str().map(str::to_owned))
        .collect()
}

/// The period's ranking report as CSV, downloaded by `token` (must be
/// served).
pub async fn ranking_report_csv(app: &TestApp, token: &str, period: &Value) -> String {
    let report = app
        .client
        .get(format!(
            "{}/reports/ranking?period={}&format=csv",
            app.address,
            period.as_str().unwrap_or_default()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.status(), 200);
    report.text().await.unwrap_or_default()
}
