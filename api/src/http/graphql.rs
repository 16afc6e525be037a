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
//! | a document that does not parse or validate      | 400 with `application/graphql-response+json`, 200 with `application/json` |
//! | executed (even with field errors)               | 200                                                        |
//!
//! The response media type is `application/graphql-response+json` unless the client asks only for
//! `application/json`. A missing `Accept` gets the former (the specification's rule since 2025).

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ServerError, Value as GqlValue, Variables};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{AppState, REQUEST_ID};
use crate::graphql::error::mask;
use crate::graphql::{Loaders, Locale, RequestContext};

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
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality =
            parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
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

/// `POST /graphql`.
pub async fn post(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let id = request_id(&headers);
    let Some(media) = negotiate(&headers) else {
        return refuse(
            MediaType::Json,
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "accept application/graphql-response+json or application/json",
            &id,
        );
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
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > state.body_limit) {
        return too_large();
    }
    let Ok(bytes) = axum::body::to_bytes(body, state.body_limit).await else {
        return too_large();
    };
    match parse_post_body(&bytes) {
        Ok(request) => execute(&state, &headers, media, request, Transport::Post, &id).await,
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
        return refuse(
            MediaType::Json,
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "accept application/graphql-response+json or application/json",
            &id,
        );
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
    Post,
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
fn precheck(
    request: &GraphQlRequest,
    transport: Transport,
) -> Result<Option<async_graphql::parser::types::ExecutableDocument>, Precheck> {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else { return Ok(None) };
    let operation = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
        (DocumentOperations::Multiple(_), None) => None,
    };
    let Some(operation) = operation else { return Ok(Some(document)) };
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
    Ok(Some(document))
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
    let document = match precheck(&request, transport) {
        Ok(document) => document,
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
    let authorization = headers.get(header::AUTHORIZATION).map(|v| v.to_str().unwrap_or("\u{0}"));
    let actor = match state.authenticator.authenticate(authorization).await {
        Ok(actor) => actor,
        Err(reason) => {
            tracing::info!(reason = %reason, "bearer token refused");
            let mut response =
                refuse(media, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", "invalid or expired token", id);
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            return response;
        }
    };
    let locale = Locale::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let mut graphql = async_graphql::Request::new(request.query)
        .variables(Variables::from_json(Value::Object(request.variables)))
        .data(RequestContext { actor, locale, request_id: id.to_owned() })
        .data(state.services.clone())
        .data(Loaders::new(&state.services));
    if let Some(name) = request.operation_name {
        graphql = graphql.operation_name(name);
    }
    if let Some(document) = document {
        graphql.set_parsed_query(document);
    }
    let mut response = state.schema.execute(graphql).await;

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
    let mut http = (status, Value::Object(body).to_string()).into_response();
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
    http
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
        assert!(precheck(&mutation, Transport::Post).is_ok());
        assert!(precheck(&request("query Q { a } mutation M { b }", Some("Q"), json!({})), Transport::Get).is_ok());
        let named = request("query Q { a } mutation M { b }", Some("M"), json!({}));
        assert_eq!(precheck(&named, Transport::Get).err(), Some(Precheck::StateChangeOverGet));
        assert!(matches!(precheck(&request("not graphql", None, json!({})), Transport::Get), Ok(None)));
    }

    #[test]
    fn required_variables_must_be_given() {
        let query = "query($id: ID!, $n: Int = 3, $o: Int) { a }";
        assert!(precheck(&request(query, None, json!({ "id": "x" })), Transport::Post).is_ok());
        for bad in [
            json!({}),
            json!({ "id": null }),
            json!({ "id": { "a": 1 } }),
            json!({ "id": "x", "n": "three" }),
            json!({ "id": "x", "o": 3_000_000_000_i64 }),
        ] {
            assert!(
                matches!(precheck(&request(query, None, bad.clone()), Transport::Post), Err(Precheck::BadVariable(_))),
                "{bad}"
            );
        }
        let lists = "query($ids: [ID!]!) { a }";
        assert!(precheck(&request(lists, None, json!({ "ids": ["a", 2] })), Transport::Post).is_ok());
        assert!(precheck(&request(lists, None, json!({ "ids": "a" })), Transport::Post).is_ok());
        assert!(precheck(&request(lists, None, json!({ "ids": ["a", null] })), Transport::Post).is_err());
    }
}
