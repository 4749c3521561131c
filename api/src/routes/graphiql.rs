//! The GraphiQL page and every file it loads, served from the binary: on an
//! intranet without internet nothing may come from a CDN. The third-party
//! files are pinned and checked (`ops/vendor/graphiql.sh`,
//! `api/assets/graphiql/SHA256SUMS`, licences in `LICENSES`).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::state::AppState;

const PAGE: &str = include_str!("../../assets/graphiql/index.html");

/// A file the page loads: its name under `/graphiql/`, type and bytes.
struct Asset {
    name: &'static str,
    media_type: &'static str,
    bytes: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

const ASSETS: &[Asset] = &[
    Asset {
        name: "graphiql.min.js",
        media_type: JS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        media_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "react.production.min.js",
        media_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        media_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphql-ws.min.js",
        media_type: JS,
        bytes: include_bytes!("../../assets/graphiql/graphql-ws.min.js"),
    },
    Asset {
        name: "start.js",
        media_type: JS,
        bytes: include_bytes!("../../assets/graphiql/start.js"),
    },
    Asset {
        name: "page.css",
        media_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/page.css"),
    },
];

fn switched_off() -> Response {
    (StatusCode::NOT_FOUND, "GraphiQL đã bị tắt trên máy chủ này").into_response()
}

/// `GET /graphql`: the page, unless switched off.
pub async fn page(State(state): State<AppState>) -> Response {
    if state.graphiql {
        Html(PAGE).into_response()
    } else {
        switched_off()
    }
}

/// `GET /graphiql/{file}`: one of the page's files.
pub async fn asset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    if !state.graphiql {
        return switched_off();
    }
    match ASSETS.iter().find(|asset| asset.name == file) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.media_type),
                // Fixed for the life of a binary; an hour keeps upgrades visible.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "không có tệp này").into_response(),
    }
}
