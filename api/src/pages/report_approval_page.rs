//! The unit leader's steps: approve the report as it stands (the content
//! hash the leader read), then, after a page that says what follows, submit.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::operations::{APPROVE_REPORT, SCORECARD, SUBMIT_SELF_ASSESSMENT};
use super::page_api::{run, run_uploading, stale_form};
use super::page_door::{SignedInRequest, open_page};
use super::page_response::{page, see_other_to};
use super::page_upload::PageUpload;
use super::scorecard_answer::{CardData, ScorecardAnswer};
use super::signed_in::SignedIn;
use super::vietnamese_numbers::figure;
use crate::state::AppState;

/// The approval form.
#[derive(Deserialize)]
pub struct ApproveForm {
    csrf: String,
    content_hash: String,
}

/// The page before submission.
#[derive(Template)]
#[template(path = "submit_confirm.html")]
struct SubmitConfirmPage {
    signed_in: Option<SignedIn>,
    unit_name: String,
    period_name: String,
    total: String,
    maximum: String,
    index: String,
    approved_hash: String,
    base: String,
    csrf: String,
    form: FormErrors,
}

/// `POST …/phe-duyet`.
pub async fn approve(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<ApproveForm>,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), None).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let base = format!("/ky-danh-gia/{period}/don-vi/{unit}");
    let errors = if door.session.accepts(&form.csrf) {
        let variables = json!({ "period": period, "unit": unit, "hash": form.content_hash });
        match run(
            &state,
            &context,
            Some(&door.session),
            APPROVE_REPORT,
            variables,
        )
        .await
        .ok()
        {
            Ok(_) => {
                return see_other_to(format!("{base}/phieu-cham-diem?da_phe_duyet=1#phe-duyet"));
            }
            Err(errors) => FormErrors::from_api(errors, &[]),
        }
    } else {
        FormErrors::from_api(vec![stale_form()], &[])
    };
    confirm_page(&state, &context, door, &period, &unit, errors).await
}

/// `GET …/gui-bao-cao`: what submission does, before it is done.
pub async fn confirm(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), None).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    confirm_page(
        &state,
        &context,
        door,
        &period,
        &unit,
        FormErrors::default(),
    )
    .await
}

/// `POST …/gui-bao-cao`: submitted with the signed report's scan.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), None).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let submitted = async {
        let multipart = multipart.map_err(|_| vec![stale_form()])?;
        let mut upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        let file = upload.files.pop().ok_or_else(|| {
            vec![invalid(
                "signedReport",
                "Hãy chọn tệp báo cáo đã ký (bản quét PDF)",
            )]
        })?;
        run_uploading(
            &state,
            &context,
            &door.session,
            SUBMIT_SELF_ASSESSMENT,
            json!({ "period": period, "unit": unit, "signedReport": null }),
            vec![("signedReport".to_owned(), file.upload())],
        )
        .await
        .ok()
    };
    match submitted.await {
        Ok(_) => see_other_to(format!(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem?da_gui=1"
        )),
        Err(errors) => {
            let errors = FormErrors::from_api(errors, &["signedReport"]);
            confirm_page(&state, &context, door, &period, &unit, errors).await
        }
    }
}

async fn confirm_page(
    state: &AppState,
    context: &chamdiem_commands::metadata::RequestContext,
    door: SignedInRequest,
    period: &str,
    unit: &str,
    mut form: FormErrors,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        SCORECARD,
        json!({ "period": period, "unit": unit }),
    )
    .await;
    let answer = match answer.read::<ScorecardAnswer>() {
        Ok(answer) => answer,
        Err(errors) => {
            form.errors.extend(FormErrors::from_api(errors, &[]).errors);
            ScorecardAnswer::default()
        }
    };
    let card = answer.scorecard.as_ref();
    let figure_of = |pick: fn(&CardData) -> &str| figure(card.map_or("0", pick));
    page(&SubmitConfirmPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        unit_name: answer.unit_name(),
        period_name: answer.period().map(|p| p.name.clone()).unwrap_or_default(),
        total: figure_of(|c| &c.total),
        maximum: figure_of(|c| &c.applicable_maximum),
        index: figure_of(|c| &c.index),
        approved_hash: card
            .and_then(|c| c.approved_hash.clone())
            .unwrap_or_default(),
        base: format!("/ky-danh-gia/{period}/don-vi/{unit}"),
        form,
    })
}
