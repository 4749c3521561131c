//! The progress page's forms that close a year's results, each with a
//! signed scan: the appraisal council's agreement (the day it met, the
//! members present, the minutes), recorded by the administrator; and the
//! publication with the People's Committee's decision (number, date, the
//! signed decision), by the manager.

use std::net::SocketAddr;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_domain::ids::PeriodId;
use serde_json::{Value, json};

use super::form_refusal::invalid;
use super::operations::{PUBLISH_RESULTS, RECORD_COUNCIL_AGREEMENT};
use super::page_api::{ApiError, run_uploading, stale_form};
use super::page_door::{not_found, open_page_for};
use super::page_response::see_other_to;
use super::page_upload::PageUpload;
use super::progress_page::render;
use crate::state::AppState;

/// A form with a file: its text fields into the operation's `input`, its
/// file as `variable`; back to the progress page with `?{done}=1`.
struct ClosingForm<'a> {
    roles: &'a [&'a str],
    operation: &'a str,
    variable: &'a str,
    missing_file: &'a str,
    done: &'a str,
}

impl ClosingForm<'_> {
    async fn post(
        self,
        state: &AppState,
        client: SocketAddr,
        headers: &HeaderMap,
        period: String,
        multipart: Result<Multipart, MultipartRejection>,
        input: impl FnOnce(&PageUpload) -> Value,
    ) -> Response {
        if period.parse::<PeriodId>().is_err() {
            return not_found();
        }
        let (context, door) = match open_page_for(state, client, headers, self.roles).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
        let posted = async {
            // Checked after the role: a form that is not one tells nothing.
            let multipart = multipart.map_err(|_| vec![stale_form()])?;
            let mut upload = PageUpload::read(multipart, state.upload_limit)
                .await
                .map_err(|error| vec![error])?;
            if !door.session.accepts(upload.text("csrf")) {
                return Err(vec![stale_form()]);
            }
            let input = input(&upload);
            let file = upload
                .files
                .pop()
                .ok_or_else(|| vec![invalid(self.variable, self.missing_file)])?;
            run_uploading(
                state,
                &context,
                &door.session,
                self.operation,
                json!({ "input": input, self.variable: null }),
                vec![(self.variable.to_owned(), file.upload())],
            )
            .await
            .ok()
        };
        let outcome: Result<Value, Vec<ApiError>> = posted.await;
        match outcome {
            Ok(_) => see_other_to(format!("/ky-danh-gia/{period}/tien-do?{}=1", self.done)),
            Err(errors) => render(state, &context, door, &period, None, errors).await,
        }
    }
}

/// `POST /ky-danh-gia/{period}/tien-do/hoi-dong`: the council's agreement.
pub async fn council(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let form = ClosingForm {
        roles: &["ADMIN"],
        operation: RECORD_COUNCIL_AGREEMENT,
        variable: "minutes",
        missing_file: "Hãy chọn tệp biên bản họp Hội đồng (bản quét PDF)",
        done: "hoi_dong",
    };
    let id = period.clone();
    form.post(&state, client, &headers, period, multipart, |upload| {
        let members: Vec<&str> = upload
            .text("members")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        json!({ "periodId": id, "date": date_or_null(upload.text("date")), "members": members })
    })
    .await
}

/// `POST /ky-danh-gia/{period}/tien-do/cong-bo`: the results published
/// with the People's Committee's decision.
pub async fn publish(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let form = ClosingForm {
        roles: &["MANAGER"],
        operation: PUBLISH_RESULTS,
        variable: "decision",
        missing_file: "Hãy chọn tệp Quyết định đã ký (bản quét PDF)",
        done: "da_cong_bo",
    };
    let id = period.clone();
    form.post(&state, client, &headers, period, multipart, |upload| {
        json!({ "periodId": id, "decisionNumber": upload.text("number"),
            "decisionDate": date_or_null(upload.text("date")) })
    })
    .await
}

/// A date field left empty is no date (the API names the field).
fn date_or_null(text: &str) -> Value {
    match text.trim() {
        "" => Value::Null,
        date => Value::from(date),
    }
}
