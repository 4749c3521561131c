//! `GET /static/{file}`: the pages' style sheet and their one small script,
//! compiled into the binary so that an intranet without internet
//! serves every page whole.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One asset.
struct Asset {
    name: &'static str,
    media_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "chamdiem.css",
        media_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../static/chamdiem.css"),
    },
    Asset {
        name: "chamdiem.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/chamdiem.js"),
    },
];

/// Serves an asset by name.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == file) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.media_type),
                // Revalidated each time: small, and never stale after an upgrade.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "không có tệp này").into_response(),
    }
}
