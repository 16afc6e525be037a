//! The first journey: the public catalogue, a person opening, submitting and withdrawing dossiers, a desk agent
//! filing on someone's behalf, and who may see what.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const START: &str = "mutation($code: String!, $territory: String!) {
  startDossier(input: { procedureCode: $code, territory: $territory }) { dossier { id } userErrors { field code message } }
}";
const SUBMIT: &str = "mutation($id: ID!, $v: Int) {
  submitDossier(input: { dossierId: $id, expectedVersion: $v }) { dossier { status version } userErrors { code message } }
}";
const WITHDRAW: &str = "mutation($id: ID!) {
  withdrawDossier(input: { dossierId: $id, reason: \"I am leaving France\" }) { dossier { status } userErrors { code } }
}";
const READ: &str = "query($id: ID!) { dossier(id: $id) { status version channel events { sequence kind reason actor { kind role organisation } } } }";

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: format!("agent-{territory}"),
        role,
        organisation: format!("Préfecture {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

async fn start(app: &TestApp, token: &str, code: &str, person: Option<&str>) -> Value {
    app.start_dossier(token, code, "75", person).await
}

on_both_databases! {
    async fn the_catalogue_is_public_versioned_and_bilingual(app) {
        let query = "{ procedures { code version label authority silenceMonths effectiveFrom fees { taxCents stampCents totalCents } } }";
        let (status, body) = app.graphql(query, json!({}), None).await;
        assert_eq!(status, 200);
        let procedures = body["data"]["procedures"].as_array().expect("a list");
        let student = procedures.iter().find(|p| p["code"] == "FIRST_PERMIT_STUDENT").expect("the student permit");
        // The 2026 finance law's amounts are in force today, not the superseded ones.
        assert_eq!(student["version"], 2);
        assert_eq!(student["fees"], json!({ "taxCents": 10000, "stampCents": 5000, "totalCents": 15000 }));
        assert_eq!(student["label"], "Première carte de séjour temporaire « étudiant »");
        assert_eq!(student["effectiveFrom"], "2026-02-02");
        assert_eq!(procedures.iter().filter(|p| p["code"] == "FIRST_PERMIT_STUDENT").count(), 1);
        let english = app.client.post(app.graphql_url())
            .header("accept-language", "en-GB,en;q=0.9,fr;q=0.5")
            .json(&json!({ "query": "{ procedures { code label } }" }))
            .send().await.expect("sent").json::<Value>().await.expect("json");
        let label = english["data"]["procedures"].as_array().expect("list").iter()
            .find(|p| p["code"] == "FIRST_PERMIT_STUDENT").expect("student")["label"].clone();
        assert_eq!(label, "First temporary residence permit: student");
    }
}

on_both_databases! {
    async fn anonymous_callers_get_nothing_but_the_catalogue(app) {
        // Without a token, the schema is the catalogue: everything else does not exist.
        let cases = [
            ("{ me { audience } }", "Unknown field \"me\" on type \"Query\"."),
            ("{ node(id: \"UGVyc29uOjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMQ\") { id } }", "Unknown field \"node\" on type \"Query\"."),
        ];
        for (query, message) in cases {
            let (status, body) = app.graphql(query, json!({}), None).await;
            assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{query}");
            assert_eq!(body["errors"][0]["message"], message);
        }
        let (status, body) = app.graphql(START, json!({ "code": "FIRST_PERMIT_STUDENT", "territory": "75" }), None).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
    }
}

on_both_databases! {
    async fn a_person_starts_submits_and_sees_the_timeline(app) {
        let person = app.create_person("Haddad").await;
        let token = app.token(&Subject::Person(person));
        let started = start(&app, &token, "FIRST_PERMIT_STUDENT", None).await;
        assert_eq!(started["userErrors"], json!([]));
        let dossier = &started["dossier"];
        assert_eq!((dossier["status"].as_str(), dossier["channel"].as_str(), dossier["version"].as_i64()), (Some("DRAFT"), Some("ONLINE"), Some(1)));
        assert_eq!(dossier["procedure"], json!({ "code": "FIRST_PERMIT_STUDENT", "version": 2 }));
        let reference = dossier["reference"].as_str().expect("a reference");
        assert_eq!(reference.len(), 16, "{reference}");
        let id = dossier["id"].as_str().expect("id").to_owned();

        let (_, body) = app.graphql(SUBMIT, json!({ "id": id, "v": 1 }), Some(&token)).await;
        assert_eq!(body["data"]["submitDossier"], json!({ "dossier": { "status": "SUBMITTED", "version": 3 }, "userErrors": [] }));

        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&token)).await;
        let events = body["data"]["dossier"]["events"].as_array().expect("events");
        let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
        assert_eq!(kinds, ["STARTED", "SUBMITTED", "DEPOSIT_CERTIFICATE_ISSUED"], "every submission issues a receipt");
        assert_eq!(events[1]["sequence"], 2);
        assert_eq!(events[1]["actor"], json!({ "kind": "PERSON", "role": null, "organisation": null }));

        let (_, body) = app.graphql("{ me { audience person { dossiers { totalCount nodes { reference status } } } } }", json!({}), Some(&token)).await;
        assert_eq!(body["data"]["me"]["audience"], "MOBILE");
        assert_eq!(body["data"]["me"]["person"]["dossiers"]["totalCount"], 1);
        assert_eq!(body["data"]["me"]["person"]["dossiers"]["nodes"][0]["reference"], reference);
    }
}

on_both_databases! {
    async fn a_refused_transition_is_a_user_error_and_changes_nothing(app) {
        let token = app.token(&Subject::Person(app.create_person("Okafor").await));
        let id = start(&app, &token, "PERMIT_RENEWAL", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        app.graphql(SUBMIT, json!({ "id": id }), Some(&token)).await;
        let (status, body) = app.graphql(SUBMIT, json!({ "id": id }), Some(&token)).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["submitDossier"]["dossier"], Value::Null);
        assert_eq!(body["data"]["submitDossier"]["userErrors"][0]["code"], "INVALID_TRANSITION");
        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&token)).await;
        assert_eq!(body["data"]["dossier"]["version"], 3);
        assert_eq!(body["data"]["dossier"]["events"].as_array().map(Vec::len), Some(3));
    }
}

on_both_databases! {
    async fn a_stale_expected_version_is_a_conflict_and_changes_nothing(app) {
        let token = app.token(&Subject::Person(app.create_person("Silva").await));
        let id = start(&app, &token, "FIRST_PERMIT_EMPLOYEE", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        let (_, body) = app.graphql(SUBMIT, json!({ "id": id, "v": 7 }), Some(&token)).await;
        assert_eq!(error_code(&body), Some("CONFLICT"));
        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&token)).await;
        assert_eq!((body["data"]["dossier"]["status"].as_str(), body["data"]["dossier"]["version"].as_i64()), (Some("DRAFT"), Some(1)));
    }
}

on_both_databases! {
    async fn the_person_withdraws_with_a_reason_and_only_the_person_may(app) {
        let token = app.token(&Subject::Person(app.create_person("Ivanova").await));
        let id = start(&app, &token, "FIRST_PERMIT_STUDENT", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        app.graphql(SUBMIT, json!({ "id": id }), Some(&token)).await;
        // Withdrawal is the person's own act: it is not even in the ministry's view.
        let instructor = app.token(&agent(AgentRole::PrefectureInstructor, "75"));
        let (status, body) = app.graphql(WITHDRAW, json!({ "id": id }), Some(&instructor)).await;
        assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
        let (_, body) = app.graphql(WITHDRAW, json!({ "id": id }), Some(&token)).await;
        assert_eq!(body["data"]["withdrawDossier"]["dossier"]["status"], "WITHDRAWN");
        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&token)).await;
        assert_eq!(body["data"]["dossier"]["events"][3]["reason"], "I am leaving France");
    }
}

on_both_databases! {
    async fn nobody_sees_a_dossier_they_may_not_and_cannot_tell_it_exists(app) {
        let owner = app.token(&Subject::Person(app.create_person("Benali").await));
        let id = start(&app, &owner, "FIRST_PERMIT_STUDENT", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        let unknown = hipe_tests::dossier_id_of(uuid::Uuid::now_v7());
        let stranger = app.token(&Subject::Person(app.create_person("Curious").await));
        let lyon = app.token(&agent(AgentRole::PrefectureInstructor, "69"));
        let ofii = app.token(&agent(AgentRole::OfiiAgent, "75"));
        for token in [&stranger, &lyon, &ofii] {
            for query in [READ, "query($id: ID!) { node(id: $id) { id } }"] {
                let (_, denied) = app.graphql(query, json!({ "id": id }), Some(token)).await;
                let (_, missing) = app.graphql(query, json!({ "id": unknown }), Some(token)).await;
                assert_eq!(error_code(&denied), Some("NOT_FOUND"), "{query}");
                // Same answer, word for word, as for a dossier that does not exist.
                assert_eq!(denied["errors"][0]["message"], missing["errors"][0]["message"]);
                assert_eq!(denied["data"], missing["data"]);
            }
        }
        for filer in [&stranger, &lyon] {
            let (_, body) = app.graphql(SUBMIT, json!({ "id": id }), Some(filer)).await;
            assert_eq!(error_code(&body), Some("NOT_FOUND"));
        }
        let paris = app.token(&agent(AgentRole::PrefectureInstructor, "75"));
        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&paris)).await;
        assert_eq!(body["data"]["dossier"]["status"], "DRAFT");
        let (_, body) = app.graphql("query($id: ID!) { node(id: $id) { ... on Dossier { status } } }", json!({ "id": id }), Some(&paris)).await;
        assert_eq!(body["data"]["node"]["status"], "DRAFT");
    }
}

on_both_databases! {
    async fn a_desk_agent_files_on_behalf_of_a_person_without_email_or_phone(app) {
        let person = app.create_person("Dorje").await;
        let (_, me) = app.graphql("{ me { person { id } } }", json!({}), Some(&app.token(&Subject::Person(person)))).await;
        let person_id = me["data"]["me"]["person"]["id"].as_str().expect("person id").to_owned();
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "75"));
        let started = start(&app, &desk, "ASYLUM_REGISTRATION", Some(&person_id)).await;
        assert_eq!(started["dossier"]["channel"], "DESK");
        let id = started["dossier"]["id"].as_str().expect("id").to_owned();
        let (_, body) = app.graphql(SUBMIT, json!({ "id": id }), Some(&desk)).await;
        assert_eq!(body["data"]["submitDossier"]["dossier"]["status"], "SUBMITTED");
        let (_, body) = app.graphql(READ, json!({ "id": id }), Some(&desk)).await;
        assert_eq!(body["data"]["dossier"]["events"][1]["actor"], json!({ "kind": "AGENT", "role": "prefecture_desk", "organisation": "Préfecture 75" }));
        // A desk agent of another territory cannot file there; a signatory does not file at all.
        for other in [agent(AgentRole::PrefectureDesk, "69"), agent(AgentRole::PrefectureSignatory, "75")] {
            let refused = start(&app, &app.token(&other), "ASYLUM_REGISTRATION", Some(&person_id)).await;
            assert_eq!(refused["userErrors"][0]["code"], "NOT_ALLOWED");
        }
    }
}

on_both_databases! {
    async fn bad_start_input_is_reported_on_its_field(app) {
        let token = app.token(&Subject::Person(app.create_person("Kaya").await));
        let (_, body) = app.graphql(START, json!({ "code": "FIRST_PERMIT_STUDENT", "territory": "99" }), Some(&token)).await;
        assert_eq!(body["data"]["startDossier"]["userErrors"][0]["code"], "INVALID");
        assert_eq!(body["data"]["startDossier"]["userErrors"][0]["field"], json!(["input", "territory"]));
        let (_, body) = app.graphql(START, json!({ "code": "NO_SUCH_PROCEDURE", "territory": "75" }), Some(&token)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"));
        let (_, body) = app.graphql("{ me { person { dossiers { totalCount } } } }", json!({}), Some(&token)).await;
        assert_eq!(body["data"]["me"]["person"]["dossiers"]["totalCount"], 0);
    }
}

on_both_databases! {
    async fn a_person_pages_through_several_dossiers_at_once(app) {
        let token = app.token(&Subject::Person(app.create_person("Mensah").await));
        let mut references = Vec::new();
        for code in ["FIRST_PERMIT_STUDENT", "NATURALISATION", "PERMIT_RENEWAL"] {
            references.push(start(&app, &token, code, None).await["dossier"]["reference"].as_str().expect("ref").to_owned());
        }
        let page = "query($after: String) { me { person { dossiers(first: 2, after: $after) {
            totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { reference } } } } }";
        let (_, first) = app.graphql(page, json!({}), Some(&token)).await;
        let first = &first["data"]["me"]["person"]["dossiers"];
        assert_eq!(first["totalCount"], 3);
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        assert_eq!(first["nodes"], json!([{ "reference": references[0] }, { "reference": references[1] }]));
        let (_, second) = app.graphql(page, json!({ "after": first["pageInfo"]["endCursor"] }), Some(&token)).await;
        let second = &second["data"]["me"]["person"]["dossiers"];
        assert_eq!(second["nodes"], json!([{ "reference": references[2] }]));
        assert_eq!((second["pageInfo"]["hasNextPage"].as_bool(), second["pageInfo"]["hasPreviousPage"].as_bool()), (Some(false), Some(true)));
        let (_, last) = app.graphql("{ me { person { dossiers(last: 1) { nodes { reference } pageInfo { hasPreviousPage } } } } }", json!({}), Some(&token)).await;
        assert_eq!(last["data"]["me"]["person"]["dossiers"]["nodes"], json!([{ "reference": references[2] }]));
        let (_, bad) = app.graphql("{ me { person { dossiers(first: 500) { totalCount } } } }", json!({}), Some(&token)).await;
        assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    }
}

#[tokio::test]
async fn the_server_stops_gracefully_when_asked() {
    let db = hipe_tests::TestDatabase::create(hipe_tests::Engine::Sqlite).await;
    let settings = hipe_tests::settings(&db.url);
    let app = hipe_api::startup::Application::build(&settings).await.expect("builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    stop.send(()).expect("the server listens for the signal");
    let outcome = tokio::time::timeout(std::time::Duration::from_secs(5), server).await;
    assert!(matches!(outcome, Ok(Ok(Ok(())))), "the server should stop cleanly: {outcome:?}");
}

on_both_databases! {
    async fn ofii_agents_see_the_dossiers_ofii_instructs_in_their_direction(app) {
        let token = app.token(&Subject::Person(app.create_person("Rahimi").await));
        let reunification = start(&app, &token, "FAMILY_REUNIFICATION", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        let student = start(&app, &token, "FIRST_PERMIT_STUDENT", None).await["dossier"]["id"].as_str().expect("id").to_owned();
        let query = "query($id: ID!) { dossier(id: $id) { authority territory } }";
        let paris = app.token(&agent(AgentRole::OfiiAgent, "75"));
        let (_, body) = app.graphql(query, json!({ "id": reunification }), Some(&paris)).await;
        assert_eq!(body["data"]["dossier"], json!({ "authority": "OFII", "territory": "75" }));
        let (_, body) = app.graphql(query, json!({ "id": student }), Some(&paris)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "a prefecture's dossier is not OFII's");
        let lyon = app.token(&agent(AgentRole::OfiiAgent, "69"));
        let (_, body) = app.graphql(query, json!({ "id": reunification }), Some(&lyon)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "another direction's dossier");
        let prefecture = app.token(&agent(AgentRole::PrefectureInstructor, "75"));
        let (_, body) = app.graphql(query, json!({ "id": reunification }), Some(&prefecture)).await;
        assert_eq!(body["data"]["dossier"]["authority"], "OFII", "the prefect receives the file for decision");
    }
}
