//! Message threads per dossier, through the operations the front ends use: the person and a prefecture agent write
//! to each other, the agent shown by role and organisation only; read receipts go to the other side; nobody else
//! reads or writes the thread.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const SEND: &str = include_str!("../operations/mobile/SendMessage.graphql");
const MARK_READ: &str = include_str!("../operations/mobile/MarkMessagesRead.graphql");
const FOLLOW_UP: &str = include_str!("../operations/mobile/DossierFollowUp.graphql");
const AGENT_SEND: &str = include_str!("../operations/ministry/SendMessage.graphql");
const THREAD: &str = include_str!("../operations/ministry/DossierThread.graphql");
const OFII_THREAD: &str = include_str!("../operations/ofii/DossierThread.graphql");

const AGENT_ID: &str = "jeanne.martin@interieur.gouv.fr";

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: AGENT_ID.into(),
        role,
        organisation: format!("Préfecture {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

async fn person_with_dossier(app: &TestApp, name: &str) -> (String, String) {
    let token = app.token(&Subject::Person(app.create_person(name).await));
    let started = app.start_dossier(&token, "PERMIT_RENEWAL", "75", None).await;
    (token, started["dossier"]["id"].as_str().expect("started").to_owned())
}

async fn send(app: &TestApp, operation: &str, token: &str, dossier: &str, body: &str) -> Value {
    let (status, answer) = app.graphql(operation, json!({ "dossierId": dossier, "body": body }), Some(token)).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

on_both_databases! {
    async fn the_person_and_a_prefecture_agent_write_to_each_other_and_the_agent_shows_by_role_only(app) {
        let (person, dossier) = person_with_dossier(&app, "Popescu").await;
        let instructor = app.token(&agent(AgentRole::PrefectureInstructor, "75"));
        let asked = send(&app, SEND, &person, &dossier, "Bonjour, mon récépissé expire bientôt.").await;
        assert_eq!(asked["data"]["sendMessage"]["message"]["side"], "APPLICANT", "{asked}");

        let (_, seen) = app.graphql(THREAD, json!({ "id": dossier }), Some(&instructor)).await;
        assert_eq!(seen["data"]["dossier"]["messages"][0]["body"], "Bonjour, mon récépissé expire bientôt.", "{seen}");
        let answered = send(&app, AGENT_SEND, &instructor, &dossier, "Un nouveau récépissé vous sera délivré.").await;
        assert_eq!(
            answered["data"]["sendMessage"]["message"]["author"],
            json!({ "kind": "AGENT", "role": "prefecture_instructor", "organisation": "Préfecture 75" }),
            "{answered}"
        );

        let (_, marked) = app.graphql(MARK_READ, json!({ "dossierId": dossier }), Some(&person)).await;
        assert_eq!(marked["data"]["markMessagesRead"]["marked"], 1, "only the agent's message: {marked}");
        let (_, read) = app.graphql(FOLLOW_UP, json!({ "id": dossier }), Some(&person)).await;
        let thread = read["data"]["dossier"]["messages"].as_array().unwrap_or_else(|| panic!("{read}")).clone();
        assert_eq!(thread.len(), 2);
        assert_eq!(thread[0]["readAt"], Value::Null, "the agent has not read the person's message yet");
        assert!(thread[1]["readAt"].is_string(), "{read}");
        assert_eq!(thread[1]["side"], "ADMINISTRATION");
        assert!(!read.to_string().contains(AGENT_ID), "the agent's identity never reaches the person: {read}");
    }
}

on_both_databases! {
    async fn a_person_cannot_read_or_write_anothers_messages(app) {
        let (person, dossier) = person_with_dossier(&app, "Kowalski").await;
        send(&app, SEND, &person, &dossier, "Une question sur mon dossier.").await;
        let (stranger, _) = person_with_dossier(&app, "Stranger").await;
        let (_, read) = app.graphql(FOLLOW_UP, json!({ "id": dossier }), Some(&stranger)).await;
        assert_eq!(error_code(&read), Some("NOT_FOUND"), "{read}");
        let written = send(&app, SEND, &stranger, &dossier, "Hello").await;
        assert_eq!(error_code(&written), Some("NOT_FOUND"), "{written}");
        let (_, marked) = app.graphql(MARK_READ, json!({ "dossierId": dossier }), Some(&stranger)).await;
        assert_eq!(error_code(&marked), Some("NOT_FOUND"), "{marked}");

        // Agents of another territory, and OFII agents on a dossier OFII does not see, neither.
        for (outsider, operation) in
            [(agent(AgentRole::PrefectureInstructor, "69"), THREAD), (agent(AgentRole::OfiiAgent, "75"), OFII_THREAD)]
        {
            let token = app.token(&outsider);
            let (_, seen) = app.graphql(operation, json!({ "id": dossier }), Some(&token)).await;
            assert_eq!(error_code(&seen), Some("NOT_FOUND"), "{seen}");
        }

        // A blank or overlong message is refused and nothing is written.
        for body in [String::from("   "), "x".repeat(5001)] {
            let refused = send(&app, SEND, &person, &dossier, &body).await;
            assert_eq!(refused["data"]["sendMessage"]["userErrors"][0]["field"], json!(["input", "body"]), "{refused}");
        }
        let (_, mine) = app.graphql(FOLLOW_UP, json!({ "id": dossier }), Some(&person)).await;
        assert_eq!(mine["data"]["dossier"]["messages"].as_array().map(Vec::len), Some(1), "{mine}");
    }
}
