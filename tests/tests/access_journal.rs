//! The access journal: agents' reads and writes of a person's data are recorded; the person sees which
//! organisation and role accessed their file and when; auditors search the journal.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

fn agent(id: &str, role: AgentRole, organisation: &str, territory: &str) -> Subject {
    Subject::Agent {
        id: id.to_owned(),
        role,
        organisation: organisation.to_owned(),
        territories: [territory]
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| Territory::parse(t).expect("territory"))
            .collect(),
    }
}

const ACCESSES: &str = "{ me { person { accesses { nodes { kind organisation role at } } } } }";

async fn accesses(app: &TestApp, token: &str) -> Vec<Value> {
    let (_, body) = app.graphql(ACCESSES, json!({}), Some(token)).await;
    body["data"]["me"]["person"]["accesses"]["nodes"].as_array().cloned().unwrap_or_else(|| panic!("{body}"))
}

/// A person with a submitted dossier in Paris; returns the person's token and the dossier id.
async fn person_with_dossier(app: &TestApp, name: &str) -> (String, String) {
    let token = app.token(&Subject::Person(app.create_person(name).await));
    let started = app.start_dossier(&token, "FIRST_PERMIT_STUDENT", "75", None).await;
    let id = started["dossier"]["id"].as_str().expect("id").to_owned();
    (token, id)
}

on_both_databases! {
    async fn an_agents_read_shows_in_who_accessed_my_file(app) {
        let (token, dossier) = person_with_dossier(&app, "Traoré").await;
        // The person's own reads are not journaled.
        app.graphql("query Mine($id: ID!) { dossier(id: $id) { status } }", json!({ "id": dossier }), Some(&token)).await;
        assert_eq!(accesses(&app, &token).await, Vec::<Value>::new());

        let instructor = app.token(&agent("agent-007", AgentRole::PrefectureInstructor, "Préfecture de police de Paris", "75"));
        let (_, body) = app.graphql("query Instruct($id: ID!) { dossier(id: $id) { status person { familyName } } }", json!({ "id": dossier }), Some(&instructor)).await;
        assert_eq!(body["data"]["dossier"]["person"]["familyName"], "Traoré");

        let seen = accesses(&app, &token).await;
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0]["kind"], "READ");
        assert_eq!(seen[0]["organisation"], "Préfecture de police de Paris");
        assert_eq!(seen[0]["role"], "prefecture_instructor");
        assert!(!seen[0].to_string().contains("agent-007"), "the person never sees the agent's identity");

        // A denied read reveals nothing, so it journals nothing.
        let lyon = app.token(&agent("agent-69", AgentRole::PrefectureInstructor, "Préfecture du Rhône", "69"));
        let (_, denied) = app.graphql("query($id: ID!) { dossier(id: $id) { status } }", json!({ "id": dossier }), Some(&lyon)).await;
        assert_eq!(error_code(&denied), Some("NOT_FOUND"));
        assert_eq!(accesses(&app, &token).await.len(), 1);
    }
}

on_both_databases! {
    async fn writes_by_an_agent_are_journaled_and_auditors_search_them(app) {
        let person = app.create_person("Gashi").await;
        let person_token = app.token(&Subject::Person(person));
        let (_, me) = app.graphql("{ me { person { id } } }", json!({}), Some(&person_token)).await;
        let person_id = me["data"]["me"]["person"]["id"].as_str().expect("id").to_owned();
        let desk = app.token(&agent("desk-1", AgentRole::PrefectureDesk, "Préfecture de police de Paris", "75"));
        let (_, started) = app.graphql(
            "mutation FileAtDesk($p: ID!) { startDossier(input: { procedureCode: \"ASYLUM_REGISTRATION\", territory: \"75\", personId: $p }) { dossier { id } } }",
            json!({ "p": person_id }), Some(&desk)).await;
        let dossier = started["data"]["startDossier"]["dossier"]["id"].as_str().expect("id").to_owned();
        app.graphql("mutation Submit($id: ID!) { submitDossier(input: { dossierId: $id }) { dossier { status } } }", json!({ "id": dossier }), Some(&desk)).await;

        let kinds: Vec<Value> = accesses(&app, &person_token).await.iter().map(|a| a["kind"].clone()).collect();
        assert_eq!(kinds, [json!("WRITE"), json!("WRITE")]);

        let auditor = app.token(&agent("dpo-1", AgentRole::Auditor, "DGEF — DPD", ""));
        let query = "query($f: JournalFilterInput) { accessJournal(filter: $f) { nodes { kind agentId role organisation subjectId operation requestId } } }";
        let (_, body) = app.graphql(query, json!({ "f": { "subjectId": person_id, "kind": "WRITE" } }), Some(&auditor)).await;
        let entries = body["data"]["accessJournal"]["nodes"].as_array().cloned().unwrap_or_else(|| panic!("{body}"));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["operation"], "Submit", "newest first");
        assert_eq!(entries[1]["operation"], "FileAtDesk");
        assert_eq!(entries[0]["agentId"], "desk-1");
        assert_eq!(entries[0]["subjectId"], person_id.as_str());
        assert!(entries[0]["requestId"].as_str().is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()));
        let (_, none) = app.graphql(query, json!({ "f": { "organisation": "Préfecture du Rhône" } }), Some(&auditor)).await;
        assert_eq!(none["data"]["accessJournal"]["nodes"], json!([]));

        // Outside the auditors' view, the journal does not even exist.
        for outsider in [&desk, &person_token] {
            let (status, body) = app.graphql(query, json!({}), Some(outsider)).await;
            assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")));
            assert_eq!(body["errors"][0]["message"], "Unknown field \"accessJournal\" on type \"Query\".");
        }
    }
}
