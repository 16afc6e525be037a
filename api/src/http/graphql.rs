//! `POST /graphql` and `GET /graphql`, per the GraphQL over HTTP specification.
//!
//! | request                                         | answer                                                     |
//! |-------------------------------------------------|------------------------------------------------------------|
//! | `POST` without `Content-Type: application/json` | 415 `UNSUPPORTED_MEDIA_TYPE`                               |
//! | body over the limit                             | 413 `PAYLOAD_TOO_LARGE`                                    |
//! | body not JSON, a batch (array), no `query`      | 400 `BAD_REQUEST`                                          |
//! | `Accept` allowing neither JSON media type       | 406 `NOT_ACCEPTABLE`                                       |
//! | a mutation over `GET`                           | 405 `METHOD_NOT_ALLOWED`, `Allow: POST`                    |
//! | a bad bearer token                              | 401 `UNAUTHENTICATED`, `WWW-Authenticate: Bearer`          |
//! | a partner over its rate limit                   | 429 `RATE_LIMITED`, `Retry-After`, `retryAfterSeconds`     |
//! | a partner's status cannot be read               | 503 `UNAVAILABLE`                                          |
//! | a document that does not parse or validate      | 400 with `application/graphql-response+json`, 200 with `application/json` |
//! | executed (even with field errors)               | 200                                                        |
//!
//! The response media type is `application/graphql-response+json` unless the client asks only for
//! `application/json`. A missing `Accept` gets the former (the specification's rule since 2025).
//!
//! **Idempotent mutations**: a mutation sent with an `Idempotency-Key` header (8 to 64 letters, digits, `-`, `_`)
//! runs once per caller and key; a retry of the same request gets the first answer again (with
//! `Idempotent-Replayed: true`), the same key with another request is refused (`CONFLICT`), and a retry while the
//! first is still running is told so (`CONFLICT`, retry later). The mobile app sends one with every mutation, so a
//! lost answer on a bad network never files twice.

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ServerError, Value as GqlValue, Variables};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::rate_limit::retry_after_secs;
use super::{AppState, REQUEST_ID};
use crate::auth::AuthError;
use crate::graphql::error::mask;
use crate::graphql::{Loaders, Locale, RequestContext};
use hipe_domain::Actor;
use hipe_domain::journal::{AccessKind, AccessRecord, RequestTrace};
use hipe_persistence::Reservation;

/// The two response media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponseJson,
    Json,
}

impl MediaType {
    const fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// A GraphQL-over-HTTP request, once read from either method.
#[derive(Debug)]
struct GraphQlRequest {
    query: String,
    operation_name: Option<String>,
    variables: Map<String, Value>,
}

/// Picks the response media type from `Accept`, or `None` when the client accepts neither.
fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(MediaType::GraphqlResponseJson);
    };
    let mut best: Option<(f32, MediaType)> = None;
    for (range, quality) in super::negotiation::weighted(accept) {
        let media = match range.as_str() {
            "application/graphql-response+json" | "application/*" | "*/*" => MediaType::GraphqlResponseJson,
            "application/json" => MediaType::Json,
            _ => continue,
        };
        // On equal quality, prefer the GraphQL media type.
        let better = best.is_none_or(|(q, m)| {
            quality > q || (quality >= q && m == MediaType::Json && media == MediaType::GraphqlResponseJson)
        });
        if quality > 0.0 && better {
            best = Some((quality, media));
        }
    }
    best.map(|(_, media)| media)
}

fn request_id(headers: &HeaderMap) -> String {
    headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// An error answered before GraphQL execution, in GraphQL's error shape.
fn refuse(media: MediaType, status: StatusCode, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code, "requestId": request_id } }] });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
    response
}

fn not_acceptable(id: &str) -> Response {
    let message = "accept application/graphql-response+json or application/json";
    refuse(MediaType::Json, StatusCode::NOT_ACCEPTABLE, "NOT_ACCEPTABLE", message, id)
}

/// 429 with `Retry-After`, in GraphQL's error shape with `extensions.retryAfterSeconds`.
fn rate_limited(media: MediaType, retry_after: u64, request_id: &str) -> Response {
    let body = json!({ "errors": [{
        "message": format!("too many requests: retry in {retry_after} s"),
        "extensions": { "code": "RATE_LIMITED", "retryAfterSeconds": retry_after, "requestId": request_id },
    }] });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

/// `POST /graphql`.
pub async fn post(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let id = request_id(&headers);
    let Some(media) = negotiate(&headers) else {
        return not_acceptable(&id);
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return refuse(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the request as Content-Type: application/json",
            &id,
        );
    }
    let too_large = || {
        refuse(
            media,
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            &format!("the request body exceeds {} bytes", state.body_limit),
            &id,
        )
    };
    let drain_cap = state.body_limit.saturating_mul(DRAIN_FACTOR);
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > drain_cap) {
        return too_large();
    }
    let Some(bytes) = read_body(body, state.body_limit, drain_cap).await else {
        return too_large();
    };
    match parse_post_body(&bytes) {
        Ok(request) => execute(&state, &headers, media, request, Transport::Post(bytes.len()), &id).await,
        Err(message) => refuse(media, StatusCode::BAD_REQUEST, "BAD_REQUEST", &message, &id),
    }
}

/// Any other method on `/graphql`: 405, in GraphQL's error shape.
pub async fn other_method(headers: HeaderMap) -> Response {
    let mut response = refuse(
        MediaType::Json,
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "use POST (or GET for queries)",
        &request_id(&headers),
    );
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    response
}

/// How much of an oversized body is read and discarded before answering 413, as a multiple of the limit.
/// Closing a socket with unread data makes the kernel reset the connection, and the client may then never see
/// the 413; draining a bounded amount lets honest clients read the answer, while anything larger is cut.
const DRAIN_FACTOR: usize = 8;

/// Reads the body up to `limit` bytes; past it, drains up to `drain_cap` bytes and answers `None`.
async fn read_body(body: Body, limit: usize, drain_cap: usize) -> Option<bytes::Bytes> {
    use futures_util::StreamExt as _;
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::new();
    let mut seen = 0_usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.ok()?;
        seen = seen.saturating_add(chunk.len());
        if seen > drain_cap {
            return None;
        }
        if seen <= limit {
            buffer.extend_from_slice(&chunk);
        }
    }
    (seen <= limit).then(|| bytes::Bytes::from(buffer))
}

/// The body of a POST: one JSON object with a string `query`, optional `operationName`, `variables`,
/// `extensions`. Batches (arrays) are refused: one request, one operation, one set of limits.
fn parse_post_body(bytes: &[u8]) -> Result<GraphQlRequest, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("the body is not valid JSON: {e}"))?;
    let Value::Object(mut object) = value else {
        return Err(if value.is_array() {
            "batched operations are not supported: send one operation per request".to_owned()
        } else {
            "the body must be a JSON object with a \"query\"".to_owned()
        });
    };
    let Some(Value::String(query)) = object.remove("query") else {
        return Err("\"query\" must be a string holding a GraphQL document".to_owned());
    };
    let operation_name = match object.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err("\"operationName\" must be a string or null".to_owned()),
    };
    let variables = match object.remove("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(variables)) => variables,
        Some(_) => return Err("\"variables\" must be an object or null".to_owned()),
    };
    match object.remove("extensions") {
        None | Some(Value::Null | Value::Object(_)) => {}
        Some(_) => return Err("\"extensions\" must be an object or null".to_owned()),
    }
    Ok(GraphQlRequest { query, operation_name, variables })
}

/// The query string of a GET.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// `GET /graphql`: queries only.
pub async fn get(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
    let id = request_id(&headers);
    let Some(media) = negotiate(&headers) else {
        return not_acceptable(&id);
    };
    let Ok(axum::extract::Query(params)) = axum::extract::Query::<GetParams>::try_from_uri(&uri) else {
        return refuse(media, StatusCode::BAD_REQUEST, "BAD_REQUEST", "malformed query string", &id);
    };
    let Some(query) = params.query else {
        return refuse(media, StatusCode::BAD_REQUEST, "BAD_REQUEST", "the \"query\" parameter is required", &id);
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str::<Value>) {
        None | Some(Ok(Value::Null)) => Map::new(),
        Some(Ok(Value::Object(variables))) => variables,
        Some(_) => {
            return refuse(
                media,
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "\"variables\" must be a JSON-encoded object",
                &id,
            );
        }
    };
    if params
        .extensions
        .as_deref()
        .is_some_and(|e| !matches!(serde_json::from_str::<Value>(e), Ok(Value::Object(_) | Value::Null)))
    {
        return refuse(
            media,
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "\"extensions\" must be a JSON-encoded object",
            &id,
        );
    }
    let request = GraphQlRequest { query, operation_name: params.operation_name, variables };
    execute(&state, &headers, media, request, Transport::Get, &id).await
}

/// Which method carried the request: GET may only run queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    Get,
    /// With the body's length, checked against the audience's limit once the caller is known.
    Post(usize),
}

/// What the handler checks before execution that async-graphql would only notice during it.
#[derive(Debug, PartialEq, Eq)]
enum Precheck {
    /// A mutation or subscription over GET.
    StateChangeOverGet,
    /// A variable is missing, or its value does not fit its declared type.
    BadVariable(String),
}

/// Parses the document once (the executor reuses it) and checks what must be refused before execution. A
/// document that does not parse, or names no operation, is left to the executor, which reports it properly.
fn precheck(request: &GraphQlRequest, transport: Transport) -> Result<Prepared, Precheck> {
    let unnamed = || request.operation_name.clone().unwrap_or_else(|| "anonymous".to_owned());
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return Ok(Prepared { mutation: false, document: None, operation: unnamed() });
    };
    let operation = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
        (DocumentOperations::Multiple(_), None) => None,
    };
    let Some(operation) = operation else {
        return Ok(Prepared { mutation: false, operation: unnamed(), document: Some(document) });
    };
    let name = request.operation_name.clone().unwrap_or_else(|| match &document.operations {
        DocumentOperations::Multiple(ops) => ops.keys().next().map_or_else(unnamed, ToString::to_string),
        DocumentOperations::Single(_) => unnamed(),
    });
    if transport == Transport::Get && operation.node.ty != OperationType::Query {
        return Err(Precheck::StateChangeOverGet);
    }
    for definition in &operation.node.variable_definitions {
        let definition = &definition.node;
        let (name, ty) = (&definition.name.node, &definition.var_type.node);
        match request.variables.get(name.as_str()) {
            None | Some(Value::Null) if !ty.nullable && definition.default_value.is_none() => {
                return Err(Precheck::BadVariable(format!(
                    "variable \"${name}\" of required type \"{ty}\" was not provided"
                )));
            }
            Some(value) if !fits(ty, value) => {
                return Err(Precheck::BadVariable(format!(
                    "variable \"${name}\" got a value that is not a valid \"{ty}\""
                )));
            }
            _ => {}
        }
    }
    let mutation = operation.node.ty == OperationType::Mutation;
    Ok(Prepared { mutation, document: Some(document), operation: name })
}

/// A request ready for the executor.
struct Prepared {
    /// Whether it is a mutation (only mutations are made idempotent).
    mutation: bool,
    /// The parsed document, when it parses (the executor reports parse errors itself).
    document: Option<async_graphql::parser::types::ExecutableDocument>,
    /// The operation's name, for the journal.
    operation: String,
}

/// Whether a JSON value can be coerced to a variable's declared type (GraphQL spec §3.5 input coercion). Input
/// objects, enums and custom scalars are left to the executor's own validation.
fn fits(ty: &async_graphql::parser::types::Type, value: &Value) -> bool {
    use async_graphql::parser::types::BaseType;
    if value.is_null() {
        return ty.nullable;
    }
    match &ty.base {
        BaseType::List(inner) => match value {
            Value::Array(items) => items.iter().all(|item| fits(inner, item)),
            single => fits(inner, single),
        },
        BaseType::Named(name) => match name.as_str() {
            "ID" => value.is_string() || value.is_i64() || value.is_u64(),
            "String" => value.is_string(),
            "Int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            "Float" => value.is_number(),
            "Boolean" => value.is_boolean(),
            _ => true,
        },
    }
}

/// Authenticates, executes, masks internal errors and picks the status code.
async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    media: MediaType,
    request: GraphQlRequest,
    transport: Transport,
    id: &str,
) -> Response {
    let prepared = match precheck(&request, transport) {
        Ok(prepared) => prepared,
        Err(Precheck::StateChangeOverGet) => {
            let mut response = refuse(
                media,
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                "mutations must be sent with POST",
                id,
            );
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(Method::POST.as_str()));
            return response;
        }
        Err(Precheck::BadVariable(message)) => {
            let status = if media == MediaType::Json { StatusCode::OK } else { StatusCode::BAD_REQUEST };
            return refuse(media, status, "BAD_USER_INPUT", &message, id);
        }
    };
    let actor = match admit(state, headers, media, transport, id).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let idempotent = if prepared.mutation {
        match idempotent_start(state, headers, &actor, &request, media, id).await {
            Ok(reserved) => reserved,
            Err(answer) => return answer,
        }
    } else {
        None
    };
    let audience = actor.audience();
    let locale = Locale::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let context = Arc::new(RequestContext::new(
        actor,
        locale,
        RequestTrace { operation: prepared.operation, request_id: id.to_owned() },
    ));
    let (loaders, driver) = Loaders::driven(&state.services);
    let mut graphql = async_graphql::Request::new(request.query)
        .variables(Variables::from_json(Value::Object(request.variables)))
        .data(context.clone())
        .data(state.services.clone())
        .data(loaders);
    if let Some(name) = request.operation_name {
        graphql = graphql.operation_name(name);
    }
    if let Some(document) = prepared.document {
        graphql.set_parsed_query(document);
    }
    let mut response = driver.drive(state.schemas.for_audience(audience).execute(graphql)).await;
    if let Err(error) = journal_reads(state, &context).await {
        // No answer leaves without its journal entries.
        tracing::error!(error = %error, "journaling the reads failed; the answer is withheld");
        return refuse(
            media,
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            &format!("internal error (request id {id})"),
            id,
        );
    }

    // Errors raised before execution have no path and leave no data: the request itself was wrong.
    let request_error = response.data == GqlValue::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if request_error {
        for error in &mut response.errors {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code").is_none() {
                extensions.set("code", "BAD_REQUEST");
            }
        }
    }
    mask(&mut response.errors, id);

    let mut body = Map::new();
    if !request_error {
        body.insert("data".to_owned(), response.data.into_json().unwrap_or(Value::Null));
    }
    if !response.errors.is_empty() {
        body.insert("errors".to_owned(), errors_json(&response.errors));
    }
    let status =
        if request_error && media == MediaType::GraphqlResponseJson { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let body = Value::Object(body).to_string();
    if let Some((account, key)) = idempotent
        && let Err(error) = state.database.idempotency().complete(&account, &key, status.as_u16(), &body).await
    {
        // The mutation ran; a retry will be told it is in progress until the reservation is abandoned.
        tracing::error!(%error, "recording an idempotent answer failed");
    }
    let mut http = (status, body).into_response();
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
    http
}

/// The reservation of a mutation's `Idempotency-Key` (none without one), or the answer to give at once: the first
/// answer replayed, or a refusal.
async fn idempotent_start(
    state: &AppState,
    headers: &HeaderMap,
    actor: &Actor,
    request: &GraphQlRequest,
    media: MediaType,
    id: &str,
) -> Result<Option<(String, String)>, Response> {
    match idempotency(state, headers, actor, request).await {
        Ok(Idempotency::None) => Ok(None),
        Ok(Idempotency::Run(account, key)) => Ok(Some((account, key))),
        Ok(Idempotency::Answer(status, body)) => {
            let mut response = (status, body).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
            response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            Err(response)
        }
        Err((code, message)) => {
            let status = match (media, code) {
                (MediaType::Json, _) => StatusCode::OK,
                (MediaType::GraphqlResponseJson, "BAD_USER_INPUT") => StatusCode::BAD_REQUEST,
                (MediaType::GraphqlResponseJson, "UNAVAILABLE") => StatusCode::SERVICE_UNAVAILABLE,
                (MediaType::GraphqlResponseJson, _) => StatusCode::CONFLICT,
            };
            Err(refuse(media, status, code, message, id))
        }
    }
}

/// What the `Idempotency-Key` of a mutation asks for.
enum Idempotency {
    /// No key (or an anonymous caller): run as usual.
    None,
    /// A new key: run, then remember the answer under (account, key).
    Run(String, String),
    /// A retry of an answered request: its status and body.
    Answer(StatusCode, String),
}

/// How long a reserved request may run before a retry takes it over (its process died): the longest request.
const ABANDONED_AFTER_SECS: i64 = 600;

/// Reads the `Idempotency-Key` of a mutation and reserves it for the caller, or finds the first answer.
async fn idempotency(
    state: &AppState,
    headers: &HeaderMap,
    actor: &Actor,
    request: &GraphQlRequest,
) -> Result<Idempotency, (&'static str, &'static str)> {
    let Some(key) = headers.get("idempotency-key") else { return Ok(Idempotency::None) };
    let key = key.to_str().unwrap_or_default();
    if !(8..=64).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')) {
        return Err(("BAD_USER_INPUT", "Idempotency-Key: 8 to 64 letters, digits, '-' or '_' (a UUID fits)"));
    }
    let account = match actor {
        Actor::Person(person) => format!("person:{}", person.as_uuid()),
        Actor::Agent(agent) => format!("agent:{}", agent.id),
        Actor::Partner(partner) => format!("partner:{}", partner.client_id.as_str()),
        Actor::Mandatary(mandatary) => format!("person:{}", mandatary.account.as_uuid()),
        Actor::Anonymous => return Ok(Idempotency::None),
    };
    let fingerprint = {
        use sha2::Digest as _;
        let canonical =
            json!({ "query": request.query, "operationName": request.operation_name, "variables": request.variables });
        sha2::Sha256::digest(canonical.to_string().as_bytes()).iter().fold(
            String::with_capacity(64),
            |mut hex, byte| {
                use std::fmt::Write as _;
                let _ = write!(hex, "{byte:02x}");
                hex
            },
        )
    };
    let now = state.services.clock.now();
    let found = state
        .database
        .idempotency()
        .reserve(&account, key, &fingerprint, now, chrono::Duration::seconds(ABANDONED_AFTER_SECS))
        .await
        .map_err(|error| {
            tracing::error!(%error, "reserving an idempotency key failed");
            ("UNAVAILABLE", "the request could not be made idempotent; retry later")
        })?;
    match found {
        Reservation::Run => Ok(Idempotency::Run(account, key.to_owned())),
        Reservation::Replay { status, body } => {
            Ok(Idempotency::Answer(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body))
        }
        Reservation::InProgress => {
            Err(("CONFLICT", "a request with this Idempotency-Key is still running; retry later"))
        }
        Reservation::Mismatch => Err(("CONFLICT", "this Idempotency-Key was already used with another request")),
    }
}

/// Who the caller is, once their token, their rate limit and their audience's body limit let them in.
async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    media: MediaType,
    transport: Transport,
    id: &str,
) -> Result<Actor, Response> {
    let authorization = headers.get(header::AUTHORIZATION).map(|v| v.to_str().unwrap_or("\u{0}"));
    let actor = match state.authenticator.authenticate(authorization).await {
        Ok(actor) => actor,
        Err(AuthError::Storage(error)) => {
            tracing::error!(error = %error, "the partner status could not be read");
            return Err(refuse(media, StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "try again in a moment", id));
        }
        Err(reason) => {
            tracing::info!(reason = %reason, "bearer token refused");
            let mut response =
                refuse(media, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", "invalid or expired token", id);
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            return Err(response);
        }
    };
    if let Actor::Partner(partner) = &actor
        && let Err(wait) = state.rate_limiter.check(&partner.client_id, std::time::Instant::now())
    {
        tracing::info!(partner.client_id = %partner.client_id, "partner over its rate limit");
        return Err(rate_limited(media, retry_after_secs(wait), id));
    }
    let limits = crate::graphql::audience::limits(actor.audience());
    if let Transport::Post(length) = transport
        && length > limits.body_bytes
    {
        let message = format!("the request body exceeds {} bytes", limits.body_bytes);
        return Err(refuse(media, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", &message, id));
    }
    Ok(actor)
}

/// Appends one `READ` entry per person whose data the answer shows, when the actor is one the law journals.
async fn journal_reads(state: &AppState, context: &RequestContext) -> Result<(), hipe_domain::Error> {
    let services = &state.services;
    let now = services.clock.now();
    let records: Vec<AccessRecord> = context
        .revealed()
        .into_iter()
        .filter_map(|person| {
            AccessRecord::of(services.ids.access(), &context.actor, AccessKind::Read, person, &context.trace, now)
        })
        .collect();
    services.journal.append(&records).await
}

fn errors_json(errors: &[ServerError]) -> Value {
    serde_json::to_value(errors)
        .unwrap_or_else(|_| json!([{ "message": "internal error", "extensions": { "code": "INTERNAL" } }]))
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header};

    use serde_json::{Map, json};

    use super::{GraphQlRequest, MediaType, Precheck, Transport, negotiate, parse_post_body, precheck};

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).expect("header"));
        headers
    }

    #[test]
    fn negotiation_prefers_the_graphql_response_media_type() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(MediaType::GraphqlResponseJson));
        assert_eq!(negotiate(&accept("application/json")), Some(MediaType::Json));
        assert_eq!(
            negotiate(&accept("application/json, application/graphql-response+json")),
            Some(MediaType::GraphqlResponseJson)
        );
        assert_eq!(
            negotiate(&accept("application/graphql-response+json;q=0.5, application/json")),
            Some(MediaType::Json)
        );
        assert_eq!(negotiate(&accept("*/*")), Some(MediaType::GraphqlResponseJson));
        assert_eq!(negotiate(&accept("text/html")), None);
    }

    #[test]
    fn post_bodies_are_single_operations() {
        assert!(parse_post_body(br#"{"query":"{ __typename }"}"#).is_ok());
        assert!(parse_post_body(br#"[{"query":"{ __typename }"}]"#).expect_err("batch").contains("batched"));
        assert!(parse_post_body(br#"{"query":1}"#).is_err());
        assert!(parse_post_body(br#"{"query":"{a}","variables":[1]}"#).is_err());
        assert!(parse_post_body(b"{").is_err());
    }

    fn request(query: &str, operation: Option<&str>, variables: serde_json::Value) -> GraphQlRequest {
        let variables = match variables {
            serde_json::Value::Object(map) => map,
            _ => Map::new(),
        };
        GraphQlRequest { query: query.to_owned(), operation_name: operation.map(str::to_owned), variables }
    }

    #[test]
    fn mutations_are_refused_over_get_only() {
        let mutation = request("mutation { a }", None, json!({}));
        assert_eq!(precheck(&mutation, Transport::Get).err(), Some(Precheck::StateChangeOverGet));
        assert!(precheck(&mutation, Transport::Post(0)).is_ok());
        assert!(precheck(&request("query Q { a } mutation M { b }", Some("Q"), json!({})), Transport::Get).is_ok());
        let named = request("query Q { a } mutation M { b }", Some("M"), json!({}));
        assert_eq!(precheck(&named, Transport::Get).err(), Some(Precheck::StateChangeOverGet));
        let unparsed =
            precheck(&request("not graphql", None, json!({})), Transport::Get).expect("left to the executor");
        assert!(unparsed.document.is_none());
    }

    #[test]
    fn the_operation_is_named_for_the_journal() {
        let named = precheck(&request("query Mine { a }", None, json!({})), Transport::Post(0)).expect("ok");
        assert_eq!(named.operation, "Mine");
        let chosen =
            precheck(&request("query A { a } query B { b }", Some("B"), json!({})), Transport::Post(0)).expect("ok");
        assert_eq!(chosen.operation, "B");
        let anonymous = precheck(&request("{ a }", None, json!({})), Transport::Post(0)).expect("ok");
        assert_eq!(anonymous.operation, "anonymous");
    }

    #[test]
    fn required_variables_must_be_given() {
        let query = "query($id: ID!, $n: Int = 3, $o: Int) { a }";
        assert!(precheck(&request(query, None, json!({ "id": "x" })), Transport::Post(0)).is_ok());
        for bad in [
            json!({}),
            json!({ "id": null }),
            json!({ "id": { "a": 1 } }),
            json!({ "id": "x", "n": "three" }),
            json!({ "id": "x", "o": 3_000_000_000_i64 }),
        ] {
            assert!(
                matches!(
                    precheck(&request(query, None, bad.clone()), Transport::Post(0)),
                    Err(Precheck::BadVariable(_))
                ),
                "{bad}"
            );
        }
        let lists = "query($ids: [ID!]!) { a }";
        assert!(precheck(&request(lists, None, json!({ "ids": ["a", 2] })), Transport::Post(0)).is_ok());
        assert!(precheck(&request(lists, None, json!({ "ids": "a" })), Transport::Post(0)).is_ok());
        assert!(precheck(&request(lists, None, json!({ "ids": ["a", null] })), Transport::Post(0)).is_err());
    }
}
