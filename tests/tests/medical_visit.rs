//! OFII's medical visit of newcomers, black box on both databases: a visit that needs a further examination,
//! its follow-up issuing the certificate, the outcome read by the person and the prefecture; the state machine's
//! refusals; and the clinical notes unreachable for the person, a prefecture agent, an OFII agent and a doctor of
//! another territory — absent from their view, `FORBIDDEN` in OFII's, never in errors, never in lists.

mod journey;

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation};
use journey::Actors;
use serde_json::{Value, json};

const RECORD: &str = operation!("ofii/RecordMedicalVisit");
const FOLLOW_UP: &str = operation!("ofii/RecordFollowUpVisit");
const OFII_VISITS: &str = operation!("ofii/PersonMedicalVisits");
const OFII_OUTCOMES: &str = operation!("ofii/PersonMedicalVisitOutcomes");
const PREFECTURE_VISITS: &str = operation!("ministry/PersonMedicalVisits");
const MY_VISITS: &str = operation!("mobile/MyMedicalVisits");
const FIRST_CANARY: &str = "canary-visit-3a9c-apical-opacity";
const FOLLOW_UP_CANARY: &str = "canary-followup-8e21-sputum-negative";

fn ofii(id: &str, role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: id.to_owned(),
        role,
        organisation: "OFII".to_owned(),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

fn search(name: &str) -> Value {
    json!({ "search": { "name": name } })
}

/// A visit of `actors`' person in Paris needing a further examination, then its follow-up issuing the
/// certificate; returns the visit's id.
async fn visit_then_certificate(app: &TestApp, actors: &Actors, doctor: &str) -> String {
    let input = json!({
        "personId": actors.person_id, "territory": "75", "outcome": "FURTHER_EXAMINATION",
        "followUpDueOn": "2099-01-15", "clinicalNotes": format!("X-ray: {FIRST_CANARY}"),
    });
    let payload = app.mutate(RECORD, "recordMedicalVisit", input, doctor).await;
    let visit = &payload["medicalVisit"];
    assert_eq!((&visit["outcome"], &visit["followUpDueOn"]), (&json!("FURTHER_EXAMINATION"), &json!("2099-01-15")));
    assert_eq!(visit["certificateIssued"], false);
    let id = visit["id"].as_str().expect("id").to_owned();
    let input = json!({
        "medicalVisitId": id, "expectedVersion": visit["version"], "outcome": "CERTIFICATE_ISSUED",
        "clinicalNotes": format!("Sputum: {FOLLOW_UP_CANARY}"),
    });
    let payload = app.mutate(FOLLOW_UP, "recordFollowUpVisit", input, doctor).await;
    let visit = &payload["medicalVisit"];
    assert_eq!(
        (&visit["outcome"], &visit["certificateIssued"], &visit["followUps"]),
        (&json!("CERTIFICATE_ISSUED"), &json!(true), &json!(1)),
        "{payload}"
    );
    assert_eq!(visit["followUpDueOn"], Value::Null);
    let notes = visit["clinicalNotes"].as_str().expect("the doctor reads the notes");
    assert!(notes.contains(FIRST_CANARY) && notes.contains(FOLLOW_UP_CANARY), "{notes}");
    id
}

on_both_databases! {
    async fn a_further_examination_then_a_follow_up_issue_the_certificate_the_person_and_prefecture_see(app) {
        let actors = Actors::new(&app, "Okonkwo").await;
        let doctor = app.token(&ofii("dr-75", AgentRole::OfiiDoctor, "75"));
        let id = visit_then_certificate(&app, &actors, &doctor).await;

        let mine = app.run(MY_VISITS, json!({}), &actors.person).await;
        let visits = &mine["me"]["person"]["medicalVisits"];
        assert_eq!(visits.as_array().map(Vec::len), Some(1), "{mine}");
        assert_eq!((&visits[0]["id"], &visits[0]["outcome"], &visits[0]["certificateIssued"]), (&json!(id), &json!("CERTIFICATE_ISSUED"), &json!(true)));
        assert!(visits[0]["certificateIssuedAt"].is_string(), "{mine}");

        let prefecture = app.run(PREFECTURE_VISITS, search("Okonkwo"), &actors.instructor).await;
        let visits = &prefecture["persons"]["nodes"][0]["medicalVisits"];
        assert_eq!((&visits[0]["outcome"], &visits[0]["certificateIssued"], &visits[0]["territory"]), (&json!("CERTIFICATE_ISSUED"), &json!(true), &json!("75")), "{prefecture}");

        let ofii_agent = app.token(&ofii("ofii-agent-75", AgentRole::OfiiAgent, "75"));
        let outcomes = app.run(OFII_OUTCOMES, search("Okonkwo"), &ofii_agent).await;
        assert_eq!(outcomes["persons"]["nodes"][0]["medicalVisits"][0]["outcome"], "CERTIFICATE_ISSUED", "{outcomes}");

        // The doctor reads the notes through the person too.
        let read = app.run(OFII_VISITS, search("Okonkwo"), &doctor).await;
        let notes = read["persons"]["nodes"][0]["medicalVisits"][0]["clinicalNotes"].as_str().unwrap_or_default();
        assert!(notes.contains(FIRST_CANARY), "{read}");

        // The certificate issued, the visit is closed; a stale version is a conflict.
        let again = json!({ "medicalVisitId": id, "expectedVersion": 2, "outcome": "NOT_ATTENDED" });
        assert_eq!(app.refused(FOLLOW_UP, "recordFollowUpVisit", again, &doctor).await, "MEDICAL_VISIT_CLOSED");
        let stale = json!({ "medicalVisitId": id, "expectedVersion": 1, "outcome": "NOT_ATTENDED" });
        let (_, body) = app.graphql(FOLLOW_UP, json!({ "input": stale }), Some(&doctor)).await;
        assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    }
}

on_both_databases! {
    async fn bad_input_and_other_roles_are_refused_and_change_nothing(app) {
        let actors = Actors::new(&app, "Mbeki").await;
        let doctor = app.token(&ofii("dr-75", AgentRole::OfiiDoctor, "75"));
        let input = |outcome: &str, due: Value| json!({ "personId": actors.person_id, "territory": "75", "outcome": outcome, "followUpDueOn": due });
        assert_eq!(app.refused(RECORD, "recordMedicalVisit", input("FURTHER_EXAMINATION", Value::Null), &doctor).await, "INVALID");
        assert_eq!(app.refused(RECORD, "recordMedicalVisit", input("FURTHER_EXAMINATION", json!("2000-01-01")), &doctor).await, "INVALID");
        assert_eq!(app.refused(RECORD, "recordMedicalVisit", input("CERTIFICATE_ISSUED", json!("2099-01-01")), &doctor).await, "INVALID");
        for (id, role, territory) in [("ofii-agent-75", AgentRole::OfiiAgent, "75"), ("dr-13", AgentRole::OfiiDoctor, "13")] {
            let token = app.token(&ofii(id, role, territory));
            assert_eq!(app.refused(RECORD, "recordMedicalVisit", input("NOT_ATTENDED", Value::Null), &token).await, "NOT_ALLOWED");
        }
        let read = app.run(OFII_VISITS, search("Mbeki"), &doctor).await;
        assert_eq!(read["persons"]["nodes"][0]["medicalVisits"], json!([]), "{read}");
        // A missed visit can be followed up.
        let payload = app.mutate(RECORD, "recordMedicalVisit", input("NOT_ATTENDED", Value::Null), &doctor).await;
        let visit = &payload["medicalVisit"];
        let follow = json!({ "medicalVisitId": visit["id"], "expectedVersion": visit["version"], "outcome": "CERTIFICATE_ISSUED" });
        let payload = app.mutate(FOLLOW_UP, "recordFollowUpVisit", follow, &doctor).await;
        assert_eq!(payload["medicalVisit"]["clinicalNotes"], Value::Null, "{payload}");
    }
}

on_both_databases! {
    async fn clinical_notes_are_unreachable_for_the_person_the_prefecture_an_ofii_agent_and_another_territory(app) {
        let actors = Actors::new(&app, "Nguyen").await;
        let doctor = app.token(&ofii("dr-75", AgentRole::OfiiDoctor, "75"));
        let id = visit_then_certificate(&app, &actors, &doctor).await;
        let leaks = |body: &Value| {
            let text = body.to_string();
            text.contains(FIRST_CANARY) || text.contains(FOLLOW_UP_CANARY)
        };
        let notes_query = "query($search: PersonSearchInput!) { persons(search: $search) { nodes { medicalVisits { clinicalNotes } } } }";

        // The person: the field does not exist in their view; their list has no notes.
        let (_, body) = app.graphql("{ me { person { medicalVisits { clinicalNotes } } } }", json!({}), Some(&actors.person)).await;
        assert!(body["errors"].is_array() && body["data"].is_null() && !leaks(&body), "{body}");
        let mine = app.run(MY_VISITS, json!({}), &actors.person).await;
        assert!(!leaks(&mine), "{mine}");

        // A prefecture agent: the same.
        let (_, body) = app.graphql(notes_query, search("Nguyen"), Some(&actors.instructor)).await;
        assert!(body["errors"].is_array() && !leaks(&body), "{body}");
        let read = app.run(PREFECTURE_VISITS, search("Nguyen"), &actors.instructor).await;
        assert!(!leaks(&read), "{read}");

        // An OFII agent who is not a doctor: FORBIDDEN, quoting nothing.
        let ofii_agent = app.token(&ofii("ofii-agent-75", AgentRole::OfiiAgent, "75"));
        let (_, body) = app.graphql(OFII_VISITS, search("Nguyen"), Some(&ofii_agent)).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
        assert!(!leaks(&body), "{body}");
        let read = app.run(OFII_OUTCOMES, search("Nguyen"), &ofii_agent).await;
        assert!(!leaks(&read), "{read}");
        // Nor can they write a follow-up on it.
        let follow = json!({ "medicalVisitId": id, "expectedVersion": 2, "outcome": "NOT_ATTENDED" });
        let payload = app.run(FOLLOW_UP, json!({ "input": follow }), &ofii_agent).await;
        assert!(!leaks(&payload), "{payload}");

        // A doctor of another territory: the visit is not listed, and acting on it is "not found".
        let elsewhere = app.token(&ofii("dr-13", AgentRole::OfiiDoctor, "13"));
        let read = app.run(OFII_VISITS, search("Nguyen"), &elsewhere).await;
        assert_eq!(read["persons"]["nodes"][0]["medicalVisits"], json!([]), "{read}");
        let (_, body) = app.graphql(FOLLOW_UP, json!({ "input": follow }), Some(&elsewhere)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
        assert!(!leaks(&body), "{body}");
    }
}
