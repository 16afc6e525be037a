//! GraphQL over HTTP: every kind of bad input answers a GraphQL error with a stable code and the status the
//! specification gives — never a 500 — and writes nothing.

use hipe_api::auth::Subject;
use hipe_tests::{TestApp, error_code, on_both_databases};
use reqwest::header;
use serde_json::{Value, json};

async fn send(request: reqwest::RequestBuilder) -> (u16, String, Value) {
    let response = request.send().await.expect("sent");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = response.text().await.expect("body");
    (status, content_type, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn post(app: &TestApp, body: &str) -> reqwest::RequestBuilder {
    app.client.post(app.graphql_url()).header(header::CONTENT_TYPE, "application/json").body(body.to_owned())
}

/// A draft of a fresh person, and that person's token.
async fn draft(app: &TestApp) -> (String, String) {
    let person = app.create_person("Diallo").await;
    let token = app.token(&Subject::Person(person));
    let started = app.start_dossier(&token, "FIRST_PERMIT_STUDENT", "75", None).await;
    (started["dossier"]["id"].as_str().expect("a draft").to_owned(), token)
}

on_both_databases! {
    async fn a_valid_query_answers_200_as_graphql_response_json(app) {
        let (status, content_type, body) = send(post(&app, r#"{"query":"{ __typename }"}"#)).await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("application/graphql-response+json"), "{content_type}");
        assert_eq!(body["data"]["__typename"], "Query");
        let (status, content_type, _) = send(post(&app, r#"{"query":"{ __typename }"}"#).header(header::ACCEPT, "application/json")).await;
        assert_eq!((status, content_type.starts_with("application/json")), (200, true));
    }
}

on_both_databases! {
    async fn malformed_json_is_a_bad_request(app) {
        let (status, _, body) = send(post(&app, r#"{"query": "{ __typename }""#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("BAD_REQUEST")));
    }
}

on_both_databases! {
    async fn a_wrong_content_type_is_refused_with_415(app) {
        let request = app.client.post(app.graphql_url()).header(header::CONTENT_TYPE, "text/plain").body(r#"{"query":"{ __typename }"}"#);
        let (status, _, body) = send(request).await;
        assert_eq!((status, error_code(&body)), (415, Some("UNSUPPORTED_MEDIA_TYPE")));
        let form = app.client.post(app.graphql_url()).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body("query=%7B__typename%7D");
        assert_eq!(send(form).await.0, 415);
    }
}

on_both_databases! {
    async fn an_unknown_field_fails_validation(app) {
        let (status, _, body) = send(post(&app, r#"{"query":"{ procedures { code secretField } }"}"#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        assert!(body.get("data").is_none(), "a request error carries no data: {body}");
        // With the legacy media type, a well-formed request answers 200.
        let legacy = post(&app, r#"{"query":"{ procedures { code secretField } }"}"#).header(header::ACCEPT, "application/json");
        let (status, _, body) = send(legacy).await;
        assert_eq!((status, error_code(&body)), (200, Some("GRAPHQL_VALIDATION_FAILED")));
    }
}

on_both_databases! {
    async fn a_document_that_does_not_parse_fails_with_its_own_code(app) {
        let (status, _, body) = send(post(&app, r#"{"query":"{ procedures { code "}"#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_PARSE_FAILED")));
    }
}

on_both_databases! {
    async fn a_wrong_variable_type_fails_validation(app) {
        let query = r#"{"query":"query($id: ID!) { dossier(id: $id) { id } }","variables":{"id":{"not":"an id"}}}"#;
        let (status, _, body) = send(post(&app, query)).await;
        assert_eq!((status, error_code(&body)), (400, Some("BAD_USER_INPUT")));
        let int = r#"{"query":"query($n: Int) { dossier(id: \"x\") { id } }","variables":{"n":"three"}}"#;
        let (status, _, body) = send(post(&app, int)).await;
        assert_eq!((status, error_code(&body)), (400, Some("BAD_USER_INPUT")));
        let declared_wrong = r#"{"query":"query($id: Boolean!) { dossier(id: $id) { id } }","variables":{"id":true}}"#;
        let (status, _, body) = send(post(&app, declared_wrong)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
    }
}

on_both_databases! {
    async fn a_missing_required_argument_or_variable_is_refused(app) {
        let (status, _, body) = send(post(&app, r#"{"query":"{ dossier { id } }"}"#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        let (status, _, body) = send(post(&app, r#"{"query":"query($id: ID!) { dossier(id: $id) { id } }"}"#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("BAD_USER_INPUT")));
        assert!(body["errors"][0]["message"].as_str().unwrap_or_default().contains("$id"), "{body}");
    }
}

on_both_databases! {
    async fn malformed_and_unknown_ids_are_told_apart(app) {
        let token = app.token(&Subject::Person(app.create_person("Nguyen").await));
        let (status, body) = app.graphql("{ dossier(id: \"not-an-id\") { id } }", json!({}), Some(&token)).await;
        assert_eq!((status, error_code(&body)), (200, Some("BAD_USER_INPUT")));
        assert_eq!(body["data"]["dossier"], Value::Null);
        // A person id where a dossier id is expected is malformed too.
        let (_, me) = app.graphql("{ me { person { id } } }", json!({}), Some(&token)).await;
        let person_id = me["data"]["me"]["person"]["id"].as_str().expect("my id").to_owned();
        let (_, body) = app.graphql("query($id: ID!) { dossier(id: $id) { id } }", json!({ "id": person_id }), Some(&token)).await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
        let unknown = hipe_tests::dossier_id_of(uuid::Uuid::now_v7());
        let (status, body) = app.graphql("query($id: ID!) { node(id: $id) { id } }", json!({ "id": unknown }), Some(&token)).await;
        assert_eq!((status, error_code(&body)), (200, Some("NOT_FOUND")));
    }
}

on_both_databases! {
    async fn a_mutation_over_get_is_refused_with_405_and_changes_nothing(app) {
        let (id, token) = draft(&app).await;
        let mutation = format!("mutation {{ submitDossier(input: {{ dossierId: \"{id}\" }}) {{ dossier {{ status }} }} }}");
        let request = app.client.get(app.graphql_url()).query(&[("query", mutation.as_str())]).bearer_auth(&token);
        let response = request.send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(response.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()), Some("POST"));
        let body: Value = response.json().await.expect("json");
        assert_eq!(error_code(&body), Some("METHOD_NOT_ALLOWED"));
        let (_, body) = app.graphql("query($id: ID!) { dossier(id: $id) { status version } }", json!({ "id": id }), Some(&token)).await;
        assert_eq!(body["data"]["dossier"], json!({ "status": "DRAFT", "version": 1 }));
    }
}

on_both_databases! {
    async fn queries_over_get_work(app) {
        let request = app.client.get(app.graphql_url()).query(&[("query", "{ procedures { code } }")]);
        let (status, _, body) = send(request).await;
        assert_eq!(status, 200);
        assert!(body["data"]["procedures"].as_array().is_some_and(|list| !list.is_empty()));
    }
}

on_both_databases! {
    async fn batches_oversized_bodies_and_other_methods_are_refused(app) {
        let (status, _, body) = send(post(&app, r#"[{"query":"{ __typename }"}]"#)).await;
        assert_eq!((status, error_code(&body)), (400, Some("BAD_REQUEST")));
        let huge = format!(r#"{{"query":"{{ __typename }}","variables":{{"x":"{}"}}}}"#, "a".repeat(200_000));
        let (status, _, body) = send(post(&app, &huge)).await;
        assert_eq!((status, error_code(&body)), (413, Some("PAYLOAD_TOO_LARGE")));
        let (status, _, body) = send(app.client.put(app.graphql_url()).body("{}")).await;
        assert_eq!((status, error_code(&body)), (405, Some("METHOD_NOT_ALLOWED")));
        let (status, _, body) = send(post(&app, r#"{"query":"{ __typename }"}"#).header(header::ACCEPT, "text/html")).await;
        assert_eq!((status, error_code(&body)), (406, Some("NOT_ACCEPTABLE")));
    }
}

on_both_databases! {
    async fn bad_mutation_input_writes_nothing(app) {
        let (id, token) = draft(&app).await;
        let attempts = [
            ("mutation { submitDossier(input: { dossierId: \"garbage\" }) { dossier { id } } }", json!({})),
            ("mutation($v: Int) { submitDossier(input: { dossierId: \"x\", expectedVersion: $v }) { dossier { id } } }", json!({ "v": "one" })),
            ("mutation { submitDossier(input: { dossierId: 12, unknown: true }) { dossier { id } } }", json!({})),
            ("mutation($id: ID!) { submitDossier(input: { dossierId: $id, expectedVersion: 0 }) { dossier { id } } }", json!({ "id": id })),
        ];
        for (query, variables) in attempts {
            let (status, body) = app.graphql(query, variables, Some(&token)).await;
            assert!(status < 500 && body["errors"].is_array(), "{query}: {status} {body}");
            assert!(error_code(&body).is_some_and(|code| code != "INTERNAL"), "{query}: {body}");
        }
        let (_, body) = app.graphql("query($id: ID!) { dossier(id: $id) { status version events { kind } } }", json!({ "id": id }), Some(&token)).await;
        assert_eq!(body["data"]["dossier"], json!({ "status": "DRAFT", "version": 1, "events": [{ "kind": "STARTED" }] }));
    }
}

on_both_databases! {
    async fn every_answer_carries_a_fresh_request_id(app) {
        let response = post(&app, r#"{"query":"{ __typename }"}"#).header("x-request-id", "chosen-by-the-client").send().await.expect("sent");
        let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "request id {id:?}");
    }
}

on_both_databases! {
    async fn health_and_readiness_answer(app) {
        let health = app.client.get(format!("{}/healthz", app.address)).send().await.expect("sent");
        assert_eq!(health.status().as_u16(), 200);
        let ready = app.client.get(format!("{}/readyz", app.address)).send().await.expect("sent");
        assert_eq!(ready.status().as_u16(), 200);
        let graphiql = app.client.get(format!("{}/graphiql", app.address)).send().await.expect("sent");
        assert_eq!(graphiql.status().as_u16(), 200);
        assert!(graphiql.text().await.expect("html").contains("Authorization"));
    }
}
