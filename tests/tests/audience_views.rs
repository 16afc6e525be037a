//! One schema, several views: each audience sees and may run only its part, under its own limits.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

fn auditor() -> Subject {
    Subject::Agent {
        id: "dpo".into(),
        role: AgentRole::Auditor,
        organisation: "DGEF — DPD".into(),
        territories: vec![],
    }
}

async fn root_fields(app: &TestApp, token: Option<&str>) -> Vec<String> {
    let (_, body) = app.graphql("{ __schema { queryType { fields { name } } } }", json!({}), token).await;
    let mut names: Vec<String> = body["data"]["__schema"]["queryType"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

on_both_databases! {
    async fn introspection_shows_each_audience_only_its_view(app) {
        let person = app.token(&Subject::Person(app.create_person("Okoye").await));
        assert_eq!(root_fields(&app, None).await, ["procedures"]);
        assert_eq!(
            root_fields(&app, Some(&person)).await,
            ["asylumFile", "dossier", "freeSlots", "integrationContract", "me", "myAppointments", "node", "notifications", "procedures", "returnAidFile"]
        );
        assert_eq!(root_fields(&app, Some(&app.token(&auditor()))).await, ["accessJournal", "me", "procedures"]);
        let (_, body) = app.graphql("{ __type(name: \"JournalEntry\") { name } }", json!({}), Some(&person)).await;
        assert_eq!(body["data"]["__type"], Value::Null, "the mobile view has no journal types");
    }
}

on_both_databases! {
    async fn a_field_outside_the_view_fails_exactly_like_one_that_does_not_exist(app) {
        let person = app.token(&Subject::Person(app.create_person("Haile").await));
        let (hidden_status, hidden) = app.graphql("{ accessJournal { nodes { at } } }", json!({}), Some(&person)).await;
        let (missing_status, missing) = app.graphql("{ accessJournals { nodes { at } } }", json!({}), Some(&person)).await;
        assert_eq!((hidden_status, error_code(&hidden)), (missing_status, error_code(&missing)));
        assert_eq!(message(&hidden), "Unknown field \"accessJournal\" on type \"Query\".");
        assert_eq!(message(&missing), "Unknown field \"accessJournals\" on type \"Query\".");
        // Hidden types behave like unknown ones, in fragments too.
        let fragment = |on: &str| format!("{{ node(id: \"x\") {{ ... on {on} {{ __typename }} }} }}");
        let (_, hidden) = app.graphql(&fragment("JournalEntry"), json!({}), Some(&person)).await;
        let (_, missing) = app.graphql(&fragment("JournalEntri"), json!({}), Some(&person)).await;
        assert_eq!(message(&hidden), "Unknown type \"JournalEntry\"");
        assert_eq!(message(&missing), "Unknown type \"JournalEntri\"");
        // No suggestion ever names a field, visible or not.
        let (_, typo) = app.graphql("{ procedure { code } }", json!({}), Some(&person)).await;
        assert!(!message(&typo).contains("Did you mean"), "{typo}");
    }
}

on_both_databases! {
    async fn aliases_root_fields_and_query_length_are_limited_per_audience(app) {
        let aliases = "{ a: procedures { code } b: procedures { code } c: procedures { code } }";
        let (status, body) = app.graphql(aliases, json!({}), None).await;
        assert_eq!(status, 200, "three aliases are fine for the public: {body}");
        let six = "{ procedures { a: code b: code c: code d: code e: code f: code } }";
        let (status, body) = app.graphql(six, json!({}), None).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        assert!(message(&body).contains("too many aliases"), "{body}");
        let roots = "{ procedures { code } __typename t: __typename u: __typename }";
        let (status, body) = app.graphql(roots, json!({}), None).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        assert!(message(&body).contains("too many root fields"), "{body}");
        let long = format!("# {}\n{{ procedures {{ code }} }}", "x".repeat(5_000));
        let (status, body) = app.graphql(&long, json!({}), None).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        let instructor = app.token(&Subject::Agent {
            id: "i".into(), role: AgentRole::PrefectureInstructor, organisation: "P".into(), territories: vec![],
        });
        let (status, _) = app.graphql(&long, json!({}), Some(&instructor)).await;
        assert_eq!(status, 200, "agents may send longer documents");
    }
}

on_both_databases! {
    async fn depth_and_complexity_are_limited(app) {
        let person = app.token(&Subject::Person(app.create_person("Deep").await));
        let deep = "{ me { person { dossiers { edges { node { person { dossiers { nodes { id } } } } } } } } }";
        let (status, body) = app.graphql(deep, json!({}), Some(&person)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{body}");
        let costly = "{ me { person { dossiers(first: 100) { nodes { reference status channel territory version createdAt
            events { kind at sequence reason actor { kind role organisation } } procedure { code label version legalBasis } } } } } }";
        let (status, body) = app.graphql(costly, json!({}), Some(&person)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{body}");
        assert!(message(&body).to_lowercase().contains("complex"), "{body}");
        let cheap = costly.replace("first: 100", "first: 10");
        assert_eq!(app.graphql(&cheap, json!({}), Some(&person)).await.0, 200, "the same page of 10 is fine");
    }
}

on_both_databases! {
    async fn each_audience_has_its_body_limit(app) {
        let padding = "p".repeat(20_000);
        let (status, body) = app.graphql("query($p: String) { procedures { code } }", json!({ "p": padding }), None).await;
        assert_eq!((status, error_code(&body)), (413, Some("PAYLOAD_TOO_LARGE")));
        let auditor = app.token(&auditor());
        let (status, body) = app.graphql("query($p: String) { procedures { code } }", json!({ "p": padding }), Some(&auditor)).await;
        assert_ne!(status, 413, "{body}");
    }
}
