//! The web pages officials work in (decision 0020): server-rendered, in
//! Vietnamese, each a client of the GraphQL API run in-process as the
//! signed-in account.

mod actor_label;
mod admin_accounts_page;
mod admin_criteria_page;
mod admin_period_page;
mod admin_periods_page;
mod admin_requests_page;
mod admin_units_page;
mod appraisal_handover_forms;
mod as_of_page;
mod audit_trail_page;
mod change_password_page;
mod choice;
mod closing_forms;
mod complaint_forms;
mod complaints_page;
mod form_errors;
mod form_refusal;
mod history_choices;
mod home_page;
mod leaf_history_page;
mod operations;
mod page_api;
mod page_door;
mod page_info;
mod page_response;
mod page_session;
mod page_upload;
mod period_node;
mod problem_page;
mod progress_page;
mod ranking_blocks;
mod ranking_page;
mod report_approval_page;
mod results_version_shown;
mod scorecard_answer;
mod scorecard_page;
mod sign_in_page;
mod signed_in;
mod static_assets;
mod sub_account_request_page;
mod temporary_password_sheet;
mod unit_list;
mod verify_history_page;
mod vietnamese_numbers;
mod worksheet_page;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub use page_session::session_cookie;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home_page::show))
        .route(
            "/dang-nhap",
            get(sign_in_page::show).post(sign_in_page::submit),
        )
        .route("/dang-xuat", post(sign_in_page::sign_out))
        .route(
            "/doi-mat-khau",
            get(change_password_page::show).post(change_password_page::submit),
        )
        .route("/ky-danh-gia/{period}/xep-hang", get(ranking_page::show))
        .route("/ket-qua", get(ranking_page::published))
        .route(
            "/ky-danh-gia/{period}/kien-nghi",
            get(complaints_page::show),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/gui",
            post(complaint_forms::lodge),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/thoi-han",
            post(complaint_forms::open_window),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/tra-loi",
            post(complaint_forms::answer),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/mo-lai",
            post(complaint_forms::reopen),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/cham-lai",
            post(complaint_forms::correct),
        )
        .route(
            "/ky-danh-gia/{period}/kien-nghi/tong-hop-lai",
            post(complaint_forms::reaggregate),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem",
            get(scorecard_page::show),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/tieu-chi/{leaf}",
            post(scorecard_page::enter),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/tieu-chi/{leaf}/tai-lieu",
            post(scorecard_page::upload_evidence),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/tieu-chi/{leaf}/{action}",
            post(scorecard_page::leaf_action),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-khao-sat-so-noi-vu",
            post(scorecard_page::import_province_survey_forms),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-khao-sat",
            post(scorecard_page::import_survey_forms),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/phe-duyet",
            post(report_approval_page::approve),
        )
        .route(
            "/ky-danh-gia/{period}/don-vi/{unit}/gui-bao-cao",
            get(report_approval_page::confirm).post(report_approval_page::submit),
        )
        .route(
            "/ky-danh-gia/{period}/tham-dinh",
            get(worksheet_page::show).post(worksheet_page::appraise),
        )
        .route(
            "/quan-tri/don-vi",
            get(admin_units_page::show).post(admin_units_page::register),
        )
        .route("/quan-tri/don-vi/nhap-tep", post(admin_units_page::import))
        .route(
            "/quan-tri/tai-khoan",
            get(admin_accounts_page::show).post(admin_accounts_page::issue),
        )
        .route(
            "/quan-tri/tai-khoan/nhap-tep",
            post(admin_accounts_page::import),
        )
        .route(
            "/quan-tri/tai-khoan/{account}/{action}",
            post(admin_accounts_page::act),
        )
        .route(
            "/quan-tri/bo-tieu-chi",
            get(admin_criteria_page::list).post(admin_criteria_page::draft),
        )
        .route(
            "/quan-tri/bo-tieu-chi/{set}",
            get(admin_criteria_page::show),
        )
        .route(
            "/quan-tri/bo-tieu-chi/{set}/nhap-tep",
            post(admin_criteria_page::upload),
        )
        .route(
            "/quan-tri/bo-tieu-chi/{set}/cong-bo",
            post(admin_criteria_page::publish),
        )
        .route(
            "/quan-tri/ky-danh-gia",
            get(admin_periods_page::list).post(admin_periods_page::open),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}",
            get(admin_period_page::show),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/gia-han",
            post(admin_period_page::extend),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/chuyen-tham-dinh",
            post(appraisal_handover_forms::move_assignment),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/ket-thuc-tham-dinh",
            post(appraisal_handover_forms::close_appraisal),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/mien-tham-dinh",
            post(appraisal_handover_forms::exempt),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/mo-lai",
            post(admin_period_page::reopen),
        )
        .route(
            "/quan-tri/ky-danh-gia/{period}/phan-cong",
            post(admin_period_page::assign),
        )
        .route(
            "/ky-danh-gia/{period}/tham-dinh/gui",
            post(worksheet_page::submit),
        )
        .route("/ky-danh-gia/{period}/tien-do", get(progress_page::show))
        .route(
            "/ky-danh-gia/{period}/tien-do/hoi-dong",
            post(closing_forms::council),
        )
        .route(
            "/ky-danh-gia/{period}/tien-do/cong-bo",
            post(closing_forms::publish),
        )
        .route(
            "/ky-danh-gia/{period}/tien-do/{action}",
            post(progress_page::act),
        )
        .route(
            "/kiem-tra-lich-su",
            get(verify_history_page::show).post(verify_history_page::verify),
        )
        .route("/kiem-toan/nhat-ky", get(audit_trail_page::show))
        .route("/kiem-toan/lich-su-tieu-chi", get(leaf_history_page::show))
        .route("/kiem-toan/thoi-diem", get(as_of_page::show))
        .route(
            "/de-nghi-tai-khoan",
            get(sub_account_request_page::show).post(sub_account_request_page::submit),
        )
        .route(
            "/quan-tri/de-nghi-tai-khoan",
            get(admin_requests_page::show),
        )
        .route(
            "/quan-tri/de-nghi-tai-khoan/{request}/{action}",
            post(admin_requests_page::decide),
        )
        .route("/static/{file}", get(static_assets::asset))
}
