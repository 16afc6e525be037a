//! HIPE's HTTP surface: the router and its layers. The GraphQL handler is our own (DESIGN.md §5): the
//! ready-made async-graphql service accepts more than we want to.
//!
//! Every request gets a fresh `x-request-id` (an incoming one is discarded: a client must not choose what
//! appears in our logs), echoed in the response, and a tracing span carrying it, so every log line written while
//! the request is served names it.

mod graphiql;
mod graphql;
mod health;
mod jwks;
pub(crate) mod negotiation;
pub mod oauth;
pub mod rate_limit;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::routing::{get, post};
use hipe_persistence::Database;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::Authenticator;
use crate::graphql::{Schemas, Services};

/// The header carrying the request id.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the handlers share.
pub struct AppState {
    /// One schema per audience.
    pub schemas: Schemas,
    /// The ports.
    pub services: Services,
    /// Bearer-token verification.
    pub authenticator: Authenticator,
    /// The database, for readiness.
    pub database: Database,
    /// Largest accepted body before authentication, in bytes; each audience may have a smaller one.
    pub body_limit: usize,
    /// The partners' token endpoint.
    pub tokens: Option<oauth::TokenEndpoint>,
    /// The per-partner rate limit of `/graphql`.
    pub rate_limiter: rate_limit::RateLimiter,
}

/// Builds the router. `graphiql` serves the IDE (development only).
pub fn router(state: Arc<AppState>, graphiql: bool, timeout: std::time::Duration) -> Router {
    let mut router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post).fallback(graphql::other_method))
        .route("/oauth/token", post(oauth::token))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/.well-known/jwks.json", get(jwks::jwks));
    if graphiql {
        router = router.route("/graphiql", get(graphiql::page));
    }
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    router.with_state(state).layer(
        ServiceBuilder::new()
            .map_request(|mut request: Request<axum::body::Body>| {
                request.headers_mut().remove(REQUEST_ID);
                request
            })
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, timeout)),
    )
}
