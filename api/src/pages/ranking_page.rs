//! `/ky-danh-gia/{period}/xep-hang`: a period's ranking, block by block, as
//! the API lets the caller see it (every unit for Sở Nội vụ; published rows
//! and one's own unit for the others; published rows to anyone without
//! signing in where the server is set to show them, `--public-results`).
//! `/ket-qua` lists the periods published, for people without an account.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::{PUBLIC_PERIODS, RANKING};
use super::page_api::run;
use super::page_door::{not_found, open_page, unknown_path};
use super::page_response::{page, see_other};
use super::page_session::{CookieSession, PageSession};
use super::ranking_blocks::{BlockTable, RankingRowData, blocks};
use super::results_version_shown::{ResultsCorrections, VersionShown};
use super::signed_in::SignedIn;
use crate::routes::request_context::request_context;
use crate::state::AppState;

/// The page.
#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    signed_in: Option<SignedIn>,
    period_name: String,
    year: i64,
    state_label: &'static str,
    blocks: Vec<BlockTable>,
    /// The version shown, with what changed and why.
    version: Option<VersionShown>,
    form: FormErrors,
}

/// Which page asks for which version.
#[derive(Deserialize, Default)]
pub struct RankingQuery {
    /// A version's number; the current results when absent.
    phien_ban: Option<u32>,
}

/// `GET /ky-danh-gia/{period}/xep-hang`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    Query(query): Query<RankingQuery>,
    headers: HeaderMap,
) -> Response {
    if !matches!(
        PageSession::of(&state, &headers).await,
        CookieSession::Open(_)
    ) {
        return public(&state, client, &headers, &period, query).await;
    }
    let (context, door) = match open_page(&state, client, &headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let answer = run(
        &state,
        &context,
        Some(&door.session),
        RANKING,
        json!({ "period": period, "version": query.phien_ban }),
    )
    .await;
    let (answer, form) = match answer.read::<RankingAnswer>() {
        Ok(answer) => (answer, FormErrors::default()),
        Err(errors) => (RankingAnswer::default(), FormErrors::from_api(errors, &[])),
    };
    ranking_page(answer, &period, query, Some(door.signed_in), form)
}

/// The page of `answer`: the version asked for (else the current results)
/// with what changed and why.
fn ranking_page(
    answer: RankingAnswer,
    period: &str,
    query: RankingQuery,
    signed_in: Option<SignedIn>,
    form: FormErrors,
) -> Response {
    let (period_name, year, corrections) = match answer.node {
        Some(PeriodHead::Period {
            name,
            year,
            corrections,
        }) => (name, year, corrections),
        _ => (String::new(), 0, None),
    };
    let shown = corrections.as_ref().and_then(|c| c.shown.as_ref());
    if query.phien_ban.is_some() && shown.is_none() {
        return not_found();
    }
    let version = corrections
        .as_ref()
        .and_then(|c| VersionShown::of(c, period));
    // An older version shows its own rows; the current results, the
    // ranking as it stands (live before aggregation).
    let rows = match (query.phien_ban, corrections) {
        (
            Some(_),
            Some(ResultsCorrections {
                shown: Some(shown), ..
            }),
        ) => shown.ranking,
        _ => answer.ranking,
    };
    let state_label = rows.first().map_or("", |row| {
        state_label(row.state.as_deref().unwrap_or_default())
    });
    page(&RankingPage {
        signed_in,
        period_name,
        year,
        state_label,
        blocks: blocks(rows, |_| None),
        version,
        form,
    })
}

/// The ranking without signing in: the API answers a published period,
/// its versions and rows where the server allows it, and refuses otherwise
/// (then: sign in).
async fn public(
    state: &AppState,
    client: SocketAddr,
    headers: &HeaderMap,
    period: &str,
    query: RankingQuery,
) -> Response {
    if let Some(missing) = unknown_path(period, None, None) {
        return missing;
    }
    let context = request_context(state, client, headers);
    let answer = run(
        state,
        &context,
        None,
        RANKING,
        json!({ "period": period, "version": query.phien_ban }),
    )
    .await;
    let Ok(answer) = answer.read::<RankingAnswer>() else {
        return see_other("/dang-nhap");
    };
    if !matches!(answer.node, Some(PeriodHead::Period { .. })) {
        return not_found();
    }
    ranking_page(answer, period, query, None, FormErrors::default())
}

/// A period whose results are published.
#[derive(Deserialize)]
struct PublishedPeriod {
    id: String,
    name: String,
    year: i64,
}

/// The list of published periods.
#[derive(Template)]
#[template(path = "public_results.html")]
struct PublicResultsPage {
    signed_in: Option<SignedIn>,
    periods: Vec<(String, String, i64)>,
}

/// What `public_periods.graphql` answers.
#[derive(Deserialize)]
struct PublicPeriods {
    periods: Vec<PublishedPeriod>,
}

/// The periods published, read without signing in; `None` where the
/// server does not show results to people without an account.
pub async fn published_periods(
    state: &AppState,
    context: &chamdiem_commands::metadata::RequestContext,
) -> Option<Vec<(String, String, i64)>> {
    let answer = run(state, context, None, PUBLIC_PERIODS, json!({})).await;
    let periods = answer.read::<PublicPeriods>().ok()?.periods;
    Some(
        periods
            .into_iter()
            .map(|p| (format!("/ky-danh-gia/{}/xep-hang", p.id), p.name, p.year))
            .collect(),
    )
}

/// `GET /ket-qua`: the published periods, for people without an account.
pub async fn published(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let context = request_context(&state, client, &headers);
    match published_periods(&state, &context).await {
        Some(periods) => page(&PublicResultsPage {
            signed_in: None,
            periods,
        }),
        None => see_other("/dang-nhap"),
    }
}

/// What `ranking.graphql` answers.
#[derive(Deserialize, Default)]
struct RankingAnswer {
    node: Option<PeriodHead>,
    ranking: Vec<RankingRowData>,
}

/// The period the address names (another kind of node names none).
#[derive(Deserialize)]
#[serde(tag = "__typename")]
enum PeriodHead {
    /// A period.
    Period {
        name: String,
        year: i64,
        corrections: Option<ResultsCorrections>,
    },
    /// Anything else.
    #[serde(other)]
    Other,
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
