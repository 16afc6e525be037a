//! `GET /.well-known/jwks.json`: HIPE's public signing keys, for whoever verifies the tokens HIPE signs.
//!
//! Only keys still trusted are listed (a replaced key until its grace period ends). Read from the database on each
//! request — the table is tiny and the answer may be cached 5 minutes (`Cache-Control: max-age=300`), so a running
//! server never publishes a stale set after `hipe keys rotate`. Public keys only: no key-encryption key involved.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::Utc;
use serde_json::json;

use super::AppState;
use crate::auth::keyring;

/// How long a client may cache the key set, in seconds.
const MAX_AGE: &str = "max-age=300";

/// `GET /.well-known/jwks.json`.
pub async fn jwks(State(state): State<Arc<AppState>>) -> Response {
    match keyring::trusted_public_keys(&state.database.signing_keys(), Utc::now()).await {
        Ok(keys) => {
            let mut response = Json(keyring::jwks(&keys)).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
            response
        }
        Err(error) => {
            tracing::error!(error = %error, "reading the public signing keys failed");
            let mut response =
                (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": "temporarily unavailable" }))).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
    }
}
