//! Idempotent mutations: a mutation retried with the same `Idempotency-Key` gets its first answer and runs once;
//! the same key with another request is refused; keys belong to their caller.

mod journey;

use hipe_api::auth::Subject;
use hipe_tests::{TestApp, on_both_databases, operation};
use journey::{Actors, read, start};
use serde_json::{Value, json};

/// POSTs `operation` with `variables`, `token` and an `Idempotency-Key`; returns the status, whether the answer
/// was replayed, and the body.
async fn post_with_key(app: &TestApp, operation: &str, variables: Value, token: &str, key: &str) -> (u16, bool, Value) {
    let response = app
        .client
        .post(app.graphql_url())
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(&json!({ "query": operation, "variables": variables }))
        .send()
        .await
        .expect("sent");
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replayed").is_some();
    (status, replayed, response.json().await.expect("json"))
}

on_both_databases! {
    async fn a_retried_submission_gets_its_first_answer_and_files_once(app) {
        let actors = Actors::new(&app, "Idrissi").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let submit = json!({ "input": { "dossierId": id } });
        let key = "6f1c2a9e-retry-0001";
        let (status, replayed, first) = post_with_key(&app, operation!("mobile/SubmitDossier"), submit.clone(), &actors.person, key).await;
        assert_eq!((status, replayed), (200, false));
        assert_eq!(first["data"]["submitDossier"]["dossier"]["status"], "SUBMITTED");
        // The answer was lost; the app retries: same answer, nothing filed twice (no INVALID_TRANSITION either).
        let (status, replayed, again) = post_with_key(&app, operation!("mobile/SubmitDossier"), submit, &actors.person, key).await;
        assert_eq!((status, replayed), (200, true));
        assert_eq!(again, first);
        let dossier = read(&app, &actors.instructor, &id).await;
        assert_eq!(dossier["version"], 3, "one submission and its receipt, once");
    }
}

on_both_databases! {
    async fn the_same_key_with_another_request_is_refused_and_changes_nothing(app) {
        let actors = Actors::new(&app, "Jaber").await;
        let first = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let second = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let key = "reused-key-42";
        let submit = |id: &str| json!({ "input": { "dossierId": id } });
        post_with_key(&app, operation!("mobile/SubmitDossier"), submit(&first), &actors.person, key).await;
        let (_, replayed, body) = post_with_key(&app, operation!("mobile/SubmitDossier"), submit(&second), &actors.person, key).await;
        assert!(!replayed);
        assert_eq!(hipe_tests::error_code(&body), Some("CONFLICT"), "{body}");
        assert_eq!(read(&app, &actors.instructor, &second).await["status"], "DRAFT");
    }
}

on_both_databases! {
    async fn keys_belong_to_their_caller_and_must_be_well_formed(app) {
        let mine = Actors::new(&app, "Kader").await;
        let other = app.token(&Subject::Person(app.create_person("Lahlou").await));
        let id_mine = start(&app, &mine.person, "FIRST_PERMIT_STUDENT").await;
        let id_other = start(&app, &other, "FIRST_PERMIT_STUDENT").await;
        let key = "shared-looking-key";
        let (_, _, a) = post_with_key(&app, operation!("mobile/SubmitDossier"), json!({ "input": { "dossierId": id_mine } }), &mine.person, key).await;
        let (_, replayed, b) = post_with_key(&app, operation!("mobile/SubmitDossier"), json!({ "input": { "dossierId": id_other } }), &other, key).await;
        assert!(!replayed, "another person's key is theirs");
        assert_eq!((a["data"]["submitDossier"]["dossier"]["status"].as_str(), b["data"]["submitDossier"]["dossier"]["status"].as_str()), (Some("SUBMITTED"), Some("SUBMITTED")));
        let (_, _, bad) = post_with_key(&app, operation!("mobile/SubmitDossier"), json!({ "input": { "dossierId": id_mine } }), &mine.person, "short").await;
        assert_eq!(hipe_tests::error_code(&bad), Some("BAD_USER_INPUT"));
    }
}
