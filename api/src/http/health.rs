//! Liveness and readiness, for load balancers and orchestrators.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::AppState;

/// `GET /healthz`: the process answers.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database answers and every migration is applied; 503 otherwise.
pub async fn readyz(State(state): State<Arc<AppState>>) -> (StatusCode, Json<Value>) {
    if state.database.is_ready().await {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable" })))
    }
}

/// `GET /metrics`: operational counters in the Prometheus text format — numbers only, never personal data. The
/// SQL statement count is how the tests and `make bench` see the statements a request costs.
pub async fn metrics(State(state): State<Arc<AppState>>) -> ([(axum::http::HeaderName, &'static str); 1], String) {
    let body = format!(
        "# HELP hipe_sql_statements_total SQL statements run by the request pool since start.\n\
         # TYPE hipe_sql_statements_total counter\n\
         hipe_sql_statements_total {}\n",
        state.database.statements_executed()
    );
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}
