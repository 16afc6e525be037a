//! `POST /oauth/token`: OAuth 2 client credentials for partner applications (RFC 6749 §4.4).
//!
//! The request is `application/x-www-form-urlencoded` with `grant_type=client_credentials` and an optional
//! `scope` (space-separated, a subset of the client's granted scopes; all of them by default). The client
//! authenticates with HTTP Basic *or* with `client_id` and `client_secret` in the body — never both (§2.3.1). The
//! answer is `{"access_token", "token_type": "Bearer", "expires_in", "scope"}`: a JWT signed by HIPE's own key,
//! living [`TOKEN_TTL_SECS`], whose `sub` and `client_id` are the client and `scope` the granted scopes.
//!
//! | situation                                                    | `error`                  | status                       |
//! |--------------------------------------------------------------|--------------------------|------------------------------|
//! | not a form body, a parameter repeated, no `grant_type`, both authentication methods | `invalid_request` | 400          |
//! | `grant_type` other than `client_credentials`                 | `unsupported_grant_type` | 400                          |
//! | no credentials, unknown client, wrong secret, disabled client | `invalid_client`        | 401 + `WWW-Authenticate: Basic` when Basic was used or nothing was sent; 400 with body credentials |
//! | the client holds no scope this version knows                  | `unauthorized_client`    | 400                          |
//! | a scope unknown or not granted                                | `invalid_scope`          | 400                          |
//! | our fault (storage, signing)                                 | `server_error`           | 500                          |
//!
//! Every answer carries `Cache-Control: no-store` (§5.1). The secret is checked by argon2 — also for an unknown
//! client, against a decoy hash, so the time taken does not say whether a client id exists — on a blocking thread,
//! at most as many at once as the machine has cores: each check costs tens of milliseconds and 19 MiB, and a flood
//! of token requests must queue rather than exhaust memory. Nothing secret is logged; refusals are logged with the
//! client id and the error code.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hipe_domain::partner::{ClientId, GrantError, PartnerClient, SecretHash, policy};
use serde_json::json;
use tokio::sync::Semaphore;

use super::AppState;
use crate::auth::{ClientSecret, DevIssuer, SecretError};

/// Lifetime of a partner access token: 5 minutes (DESIGN: at most 15). Short, so that a leaked token is worth
/// little, and cheap to renew with the client's credentials.
pub const TOKEN_TTL_SECS: i64 = 5 * 60;

/// Largest accepted body: a token request is a few short parameters.
const BODY_LIMIT: usize = 4_096;

/// What the token endpoint needs besides the partner repository.
pub struct TokenEndpoint {
    issuer: Arc<DevIssuer>,
    decoy: SecretHash,
    hashing: Semaphore,
}

impl TokenEndpoint {
    /// An endpoint signing with `issuer`'s key. Hashes a random decoy secret (a few tens of milliseconds).
    ///
    /// # Errors
    /// [`SecretError`] when the decoy cannot be made.
    pub fn new(issuer: Arc<DevIssuer>) -> Result<Self, SecretError> {
        let decoy = ClientSecret::generate()?.hash()?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Ok(Self { issuer, decoy, hashing: Semaphore::new(cores) })
    }
}

/// The RFC 6749 §5.2 error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OAuthError {
    InvalidRequest,
    InvalidClient,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    /// Our fault (storage, signing): 500, in the same shape.
    ServerError,
}

impl OAuthError {
    const fn code(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::ServerError => "server_error",
        }
    }
}

/// How the client tried to authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// No credentials at all.
    None,
    /// HTTP Basic.
    Basic,
    /// `client_id` and `client_secret` in the body.
    Body,
}

/// A refusal, per RFC 6749 §5.2.
struct Refusal {
    error: OAuthError,
    description: &'static str,
    method: Method,
}

fn refusal(error: OAuthError, description: &'static str, method: Method) -> Refusal {
    Refusal { error, description, method }
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        // RFC 6749 §5.2: 401 with a matching challenge when the client used (or did not even try) HTTP
        // authentication; with credentials in the body, 400 (a 401 must name a scheme the client did not use).
        let unauthorized = self.error == OAuthError::InvalidClient && self.method != Method::Body;
        let status = match self.error {
            OAuthError::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            _ if unauthorized => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        };
        let body = json!({ "error": self.error.code(), "error_description": self.description });
        let mut response = (status, axum::Json(body)).into_response();
        if unauthorized {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"hipe\""));
        }
        no_store(response)
    }
}

/// `POST /oauth/token`.
pub async fn token(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    match grant(&state, &headers, body).await {
        Ok(response) => response,
        Err(refused) => refused.into_response(),
    }
}

async fn grant(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Response, Refusal> {
    let form = read_form(headers, body).await?;
    let method = if headers.contains_key(header::AUTHORIZATION) {
        Method::Basic
    } else if form.contains_key("client_id") || form.contains_key("client_secret") {
        Method::Body
    } else {
        Method::None
    };
    match form.get("grant_type").map(String::as_str) {
        None => return Err(refusal(OAuthError::InvalidRequest, "grant_type is required", method)),
        Some("client_credentials") => {}
        Some(_) => {
            return Err(refusal(OAuthError::UnsupportedGrantType, "only client_credentials is supported", method));
        }
    }
    let Some(tokens) = &state.tokens else {
        // No key-encryption key is configured (HIPE_KEY_ENCRYPTION_KEY): HIPE's private keys cannot be opened.
        return Err(refusal(OAuthError::ServerError, "this server issues no tokens at the moment", method));
    };
    let (client_id, secret) = credentials(headers, &form, method)?;
    let client = authenticate(state, tokens, client_id.as_deref(), secret, method).await?;
    let scopes = policy::grant(&client, form.get("scope").map(String::as_str)).map_err(|error| {
        tracing::info!(partner.client_id = %client.client_id(), error = %error, "partner token refused");
        match error {
            GrantError::Disabled => refusal(OAuthError::InvalidClient, "client authentication failed", method),
            GrantError::UnknownScope(_) | GrantError::NotGranted(_) => {
                refusal(OAuthError::InvalidScope, "a requested scope is unknown or not granted to this client", method)
            }
            GrantError::NothingGrantable => {
                refusal(OAuthError::UnauthorizedClient, "this client holds no scope it may use", method)
            }
        }
    })?;
    let token = tokens.issuer.issue_partner(client.client_id(), &scopes, TOKEN_TTL_SECS).map_err(|error| {
        tracing::error!(error = %error, "signing a partner token failed");
        refusal(OAuthError::ServerError, "the token could not be issued; try again", method)
    })?;
    tracing::info!(partner.client_id = %client.client_id(), "partner token issued");
    let body = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_TTL_SECS,
        "scope": policy::scope_string(&scopes),
    });
    Ok(no_store((StatusCode::OK, axum::Json(body)).into_response()))
}

/// Reads the form body: `application/x-www-form-urlencoded`, each parameter at most once (§3.2); a parameter
/// without a value counts as absent (§3.1).
async fn read_form(headers: &HeaderMap, body: Body) -> Result<HashMap<String, String>, Refusal> {
    let invalid = |description| refusal(OAuthError::InvalidRequest, description, Method::None);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(invalid("send the request as application/x-www-form-urlencoded"));
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| invalid("the request body is too large"))?;
    let mut form = HashMap::new();
    for (name, value) in form_urlencoded::parse(&bytes) {
        if value.is_empty() {
            continue;
        }
        if form.insert(name.into_owned(), value.into_owned()).is_some() {
            return Err(invalid("a parameter is repeated"));
        }
    }
    Ok(form)
}

/// The client id and secret the client presented, by exactly one method.
fn credentials(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
    method: Method,
) -> Result<(Option<String>, Option<ClientSecret>), Refusal> {
    let failed = || refusal(OAuthError::InvalidClient, "client authentication failed", method);
    match method {
        Method::None => Err(failed()),
        Method::Body => match (form.get("client_id"), form.get("client_secret")) {
            (Some(id), Some(secret)) => Ok((Some(id.clone()), Some(ClientSecret::presented(secret.clone())))),
            (None, Some(_)) => {
                Err(refusal(OAuthError::InvalidRequest, "client_secret needs its client_id", Method::Body))
            }
            (Some(_) | None, None) => Err(failed()),
        },
        Method::Basic => {
            if form.contains_key("client_id") || form.contains_key("client_secret") {
                return Err(refusal(
                    OAuthError::InvalidRequest,
                    "authenticate with HTTP Basic or with client_id and client_secret in the body, not both",
                    Method::Basic,
                ));
            }
            let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let (scheme, encoded) = value.split_once(' ').unwrap_or((value, ""));
            if !scheme.eq_ignore_ascii_case("basic") {
                return Err(failed());
            }
            let decoded = STANDARD.decode(encoded.trim()).map_err(|_| failed())?;
            let decoded = String::from_utf8(decoded).map_err(|_| failed())?;
            let (id, secret) = decoded.split_once(':').ok_or_else(failed)?;
            // RFC 6749 §2.3.1: both are form-urlencoded before Basic encoding.
            Ok((Some(form_decode(id)), Some(ClientSecret::presented(form_decode(secret)))))
        }
    }
}

/// Decodes one `application/x-www-form-urlencoded` component.
fn form_decode(text: &str) -> String {
    form_urlencoded::parse(format!("v={text}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// Finds the client and checks its secret — against a decoy hash when the client is unknown, so that both take
/// the same time. Disabled clients are refused by the grant policy, after this check.
async fn authenticate(
    state: &AppState,
    tokens: &TokenEndpoint,
    client_id: Option<&str>,
    secret: Option<ClientSecret>,
    method: Method,
) -> Result<PartnerClient, Refusal> {
    let failed = || refusal(OAuthError::InvalidClient, "client authentication failed", method);
    let id = client_id.and_then(|id| ClientId::parse(id).ok());
    let client = match &id {
        Some(id) => state.services.partners.find(id).await.map_err(|error| {
            tracing::error!(error = %error, "reading a partner client failed");
            refusal(OAuthError::ServerError, "the client could not be checked; try again", method)
        })?,
        None => None,
    };
    let hash = client.as_ref().map_or_else(|| tokens.decoy.clone(), |c| c.secret_hash().clone());
    let secret = secret.ok_or_else(failed)?;
    let permit = tokens.hashing.acquire().await.map_err(|_| failed())?;
    let matches = tokio::task::spawn_blocking(move || secret.matches(&hash)).await.unwrap_or(false);
    drop(permit);
    match client {
        Some(client) if matches => Ok(client),
        _ => {
            tracing::info!(
                partner.client_id = id.as_ref().map_or("(malformed)", ClientId::as_str),
                "partner authentication failed"
            );
            Err(failed())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::form_decode;

    #[test]
    fn basic_credentials_are_form_decoded() {
        assert_eq!(form_decode("prt_abc"), "prt_abc");
        assert_eq!(form_decode("a%3Ab+c"), "a:b c");
    }
}
