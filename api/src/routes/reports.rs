//! `GET /reports/{report}?period=…&unit=…&block=…&format=xlsx|csv`: a
//! report file, for whoever may read the data it holds (bearer token
//! required). Reports: `self-assessment` (period, unit), `appraisal`
//! (period, optional unit), `ranking` (period, optional block),
//! `audit-trail` (period and/or unit, or neither for the whole log).
//!
//! The file's SHA-256 is in `X-Content-SHA256`; a self-assessment report's
//! content hash, what the unit leader approves, in `X-Report-Content-Hash`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::policy::{Action, authorize};
use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::sessions::Principal;
use chamdiem_domain::Code;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::unit::unit_id_from_id_or_code;
use chamdiem_projections::queries::period_state;
use chamdiem_projections::reports::{
    RenderedReport, ReportError, ReportFormat, ReportRequest, export,
};
use chamdiem_projections::unit_access::authorize_reading_units;
use serde::Deserialize;

use super::attachment::attachment_headers;
use super::bearer;
use super::http_error::HttpError;
use crate::state::AppState;

/// The query string of a report download.
#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    /// The period's id.
    pub period: Option<String>,
    /// The unit's id.
    pub unit: Option<String>,
    /// The ranking block.
    pub block: Option<String>,
    /// `xlsx` (default) or `csv`.
    pub format: Option<String>,
}

/// Serves a report.
pub async fn download(
    State(state): State<AppState>,
    Path(report): Path<String>,
    params: Result<Query<ReportParams>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Query(params)) = params else {
        return HttpError::validation("tham số không hợp lệ").into_response();
    };
    match serve(&state, &report, &params, &headers).await {
        Ok(file) => file_response(file),
        Err(error) => error.into_response(),
    }
}

async fn serve(
    state: &AppState,
    report: &str,
    params: &ReportParams,
    headers: &HeaderMap,
) -> Result<RenderedReport, HttpError> {
    let caller = bearer::caller(state, headers).await?;
    let format = match params.format.as_deref() {
        None => ReportFormat::Xlsx,
        Some(text) => ReportFormat::parse(text)
            .ok_or_else(|| HttpError::validation("định dạng phải là xlsx hoặc csv"))?,
    };
    let request = request(report, params, &caller)?;
    authorized(state, &caller, &request).await?;
    export(
        &state.database,
        &state.province,
        &request,
        format,
        &|_, _| {},
    )
    .await
    .map_err(report_error)
}

/// The report asked for, its parameters parsed.
fn request(
    report: &str,
    params: &ReportParams,
    caller: &Principal,
) -> Result<ReportRequest, HttpError> {
    let period = parsed::<PeriodId>("period", params.period.as_deref())?;
    // A unit by its id or its code, as at the command line.
    let unit = params
        .unit
        .as_deref()
        .map(|text| {
            unit_id_from_id_or_code(text)
                .map_err(|_| HttpError::validation("tham số unit không hợp lệ (mã hoặc id đơn vị)"))
        })
        .transpose()?;
    let needs = |what: &str| HttpError::validation(format!("thiếu tham số {what}"));
    Ok(match report {
        "self-assessment" => ReportRequest::SelfAssessment {
            period: period.ok_or_else(|| needs("period"))?,
            unit: unit.ok_or_else(|| needs("unit"))?,
        },
        "appraisal" => ReportRequest::Appraisal {
            period: period.ok_or_else(|| needs("period"))?,
            unit,
        },
        "ranking" => ReportRequest::Ranking {
            period: period.ok_or_else(|| needs("period"))?,
            block: params.block.clone(),
            view: ResultsView::of(caller),
        },
        "audit-trail" => ReportRequest::AuditTrail { period, unit },
        _ => {
            return Err(HttpError::new(Code::NotFound, "không có loại báo cáo này"));
        }
    })
}

fn parsed<T: std::str::FromStr>(name: &str, text: Option<&str>) -> Result<Option<T>, HttpError> {
    text.map(|t| {
        t.trim()
            .parse()
            .map_err(|_| HttpError::validation(format!("tham số {name} không hợp lệ")))
    })
    .transpose()
}

/// A report is readable by whoever may read the data in it.
async fn authorized(
    state: &AppState,
    caller: &Principal,
    request: &ReportRequest,
) -> Result<(), HttpError> {
    let (period, units) = match request {
        ReportRequest::SelfAssessment { period, unit }
        | ReportRequest::Appraisal {
            period,
            unit: Some(unit),
        } => (*period, Some(vec![*unit])),
        ReportRequest::Appraisal { period, unit: None } => (*period, None),
        ReportRequest::Ranking { .. } => {
            return Ok(authorize(Some(caller), &Action::ReadResults)?);
        }
        ReportRequest::AuditTrail { .. } => return Ok(authorize(Some(caller), &Action::Audit)?),
    };
    let units = match units {
        Some(units) => units,
        // Every unit of the period's scope.
        None => period_state(&state.database, period)
            .await
            .map_err(CommandError::from)?
            .iter()
            .flat_map(|p| p.units().map(|u| u.unit_id))
            .collect(),
    };
    Ok(authorize_reading_units(&state.database, caller, period, &units).await?)
}

fn report_error(error: ReportError) -> HttpError {
    match error {
        ReportError::NotFound(_) => HttpError::new(Code::NotFound, error.to_string()),
        ReportError::Read(read) => CommandError::from(read).into(),
        ReportError::Render(detail) => CommandError::Internal(detail).into(),
    }
}

fn file_response(file: RenderedReport) -> Response {
    let mut headers = attachment_headers(&file.file_name, file.media_type);
    if let Ok(value) = HeaderValue::from_str(&file.file_hash) {
        headers.insert(HeaderName::from_static("x-content-sha256"), value);
    }
    if let Some(Ok(value)) = file.content_hash.as_deref().map(HeaderValue::from_str) {
        headers.insert(HeaderName::from_static("x-report-content-hash"), value);
    }
    (headers, file.bytes).into_response()
}
