//! `/ky-danh-gia/{period}/xep-hang`: a period's ranking, block by block, as
//! the API lets the caller see it (every unit for Sở Nội vụ; published rows
//! and one's own unit for the others).

use std::collections::BTreeMap;
use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_domain::scoring::Classification;
use chamdiem_domain::unit::UnitKind;
use serde_json::{Value, json};

use super::form_errors::FormErrors;
use super::operations::RANKING;
use super::page_api::run;
use super::page_door::{signed_in, unknown_path};
use super::page_response::page;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::figure;
use crate::routes::request_context::request_context;
use crate::state::AppState;

/// One row.
struct RankingLine {
    rank: i64,
    code: String,
    name: String,
    total: String,
    maximum: String,
    index: String,
    classification: String,
}

/// One block's table.
struct BlockTable {
    label: String,
    with_classification: bool,
    rows: Vec<RankingLine>,
}

/// The page.
#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    signed_in: Option<SignedIn>,
    period_name: String,
    year: i64,
    state_label: &'static str,
    blocks: Vec<BlockTable>,
    form: FormErrors,
}

/// `GET /ky-danh-gia/{period}/xep-hang`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
) -> Response {
    let context = request_context(&state, client, &headers);
    if let Some(missing) = unknown_path(&period, None, None) {
        return missing;
    }
    let door = match signed_in(&state, &context, &headers).await {
        Ok(door) => door,
        Err(redirect) => return redirect,
    };
    let answer = run(
        &state,
        &context,
        Some(&door.session),
        RANKING,
        json!({ "period": period }),
    )
    .await;
    let (data, form) = match answer.ok() {
        Ok(data) => (data, FormErrors::default()),
        Err(errors) => (Value::Null, FormErrors::from_api(errors, &[])),
    };
    let rows = data["ranking"].as_array().cloned().unwrap_or_default();
    let state_label = rows.first().map_or("", |row| {
        state_label(row["state"].as_str().unwrap_or_default())
    });
    page(&RankingPage {
        signed_in: Some(door.signed_in),
        period_name: data["node"]["name"].as_str().unwrap_or_default().to_owned(),
        year: data["node"]["year"].as_i64().unwrap_or_default(),
        state_label,
        blocks: blocks(&rows),
        form,
    })
}

/// The rows grouped by block, in the API's order.
fn blocks(rows: &[Value]) -> Vec<BlockTable> {
    let mut by_block: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for row in rows {
        by_block
            .entry(row["block"].as_str().unwrap_or_default().to_owned())
            .or_default()
            .push(row);
    }
    by_block
        .into_iter()
        .map(|(block, rows)| BlockTable {
            label: UnitKind::parse(&block).map_or(block, |kind| kind.label_vi().to_owned()),
            with_classification: rows.iter().any(|r| !r["classification"].is_null()),
            rows: rows
                .into_iter()
                .map(|row| RankingLine {
                    rank: row["rank"].as_i64().unwrap_or_default(),
                    code: row["unit"]["code"].as_str().unwrap_or_default().to_owned(),
                    name: row["unit"]["name"].as_str().unwrap_or_default().to_owned(),
                    total: figure(row["total"].as_str().unwrap_or_default()),
                    maximum: figure(row["applicableMaximum"].as_str().unwrap_or_default()),
                    index: figure(row["index"].as_str().unwrap_or_default()),
                    classification: classification_label(
                        row["classification"].as_str().unwrap_or_default(),
                    )
                    .to_owned(),
                })
                .collect(),
        })
        .collect()
}

/// Where the ranking stands, in UI.md's words.
fn state_label(state: &str) -> &'static str {
    match state {
        "LIVE" => "Theo điểm hiện có, chưa tổng hợp.",
        "PROVISIONAL" => "Kết quả tạm thời.",
        "FINAL" => "Kết quả chính thức.",
        "PUBLISHED" => "Đã công bố.",
        _ => "",
    }
}

/// A classification's wording (the API's enum value, by the domain's label).
fn classification_label(classification: &str) -> &'static str {
    Classification::parse(&classification.to_lowercase()).map_or("", Classification::label_vi)
}
