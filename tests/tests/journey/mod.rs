//! What the residence-journey scenarios share: the actors, the documents a person uploads, and short paths
//! through the front ends' operations (`tests/operations/`).

#![allow(dead_code, reason = "each scenario file uses part of the shared steps")]

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, operation};
use serde_json::{Value, json};

/// An agent of Paris (75) in `role`.
pub fn paris(role: AgentRole) -> Subject {
    Subject::Agent {
        id: format!("{}-75", role.code()),
        role,
        organisation: "Préfecture de police de Paris".into(),
        territories: vec![Territory::parse("75").expect("territory")],
    }
}

/// An agent of Lyon (69) in `role`.
pub fn lyon(role: AgentRole) -> Subject {
    Subject::Agent {
        id: format!("{}-69", role.code()),
        role,
        organisation: "Préfecture du Rhône".into(),
        territories: vec![Territory::parse("69").expect("territory")],
    }
}

/// The actors of a scenario in Paris.
pub struct Actors {
    /// The person's token.
    pub person: String,
    /// The person's id.
    pub person_id: String,
    /// A desk agent.
    pub desk: String,
    /// An instructor.
    pub instructor: String,
    /// A signatory.
    pub signatory: String,
}

impl Actors {
    /// A new person and the Paris agents.
    pub async fn new(app: &TestApp, family_name: &str) -> Self {
        Self::for_person(app, app.create_person(family_name).await)
    }

    /// `id` and the Paris agents.
    pub fn for_person(app: &TestApp, id: hipe_domain::person::PersonId) -> Self {
        Self {
            person: app.token(&Subject::Person(id)),
            person_id: hipe_tests::person_id_of(id),
            desk: app.token(&paris(AgentRole::PrefectureDesk)),
            instructor: app.token(&paris(AgentRole::PrefectureInstructor)),
            signatory: app.token(&paris(AgentRole::PrefectureSignatory)),
        }
    }
}

/// The input of `addDocument` for a document of `kind`.
pub fn document(dossier: &str, kind: &str) -> Value {
    json!({
        "dossierId": dossier,
        "documentType": kind,
        "fileReference": format!("upload/{kind}"),
        "fileName": format!("{}.pdf", kind.to_lowercase()),
        "mediaType": "application/pdf",
        "sizeBytes": 48_213,
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    })
}

/// Opens a dossier for the person in Paris; returns its id.
pub async fn start(app: &TestApp, token: &str, procedure: &str) -> String {
    let started = app
        .mutate(
            operation!("mobile/StartDossier"),
            "startDossier",
            json!({ "procedureCode": procedure, "territory": "75" }),
            token,
        )
        .await;
    started["dossier"]["id"].as_str().expect("id").to_owned()
}

/// Adds each document of `kinds`.
pub async fn add_documents(app: &TestApp, token: &str, dossier: &str, kinds: &[&str]) {
    for kind in kinds {
        app.mutate(operation!("mobile/AddDocument"), "addDocument", document(dossier, kind), token).await;
    }
}

/// Submits.
pub async fn submit(app: &TestApp, token: &str, dossier: &str) -> Value {
    app.mutate(operation!("mobile/SubmitDossier"), "submitDossier", json!({ "dossierId": dossier }), token).await
}

/// The dossier as the instructor reads it.
pub async fn read(app: &TestApp, token: &str, dossier: &str) -> Value {
    app.run(operation!("ministry/Dossier"), json!({ "id": dossier }), token).await["dossier"].clone()
}

/// The dossier as the person reads it.
pub async fn read_mine(app: &TestApp, token: &str, dossier: &str) -> Value {
    app.run(operation!("mobile/Dossier"), json!({ "id": dossier }), token).await["dossier"].clone()
}

/// Accepts every pending document.
pub async fn accept_all(app: &TestApp, instructor: &str, dossier: &str) {
    let current = read(app, instructor, dossier).await;
    for document in current["documents"].as_array().expect("documents") {
        if document["review"] == "PENDING" {
            let input = json!({ "dossierId": dossier, "documentId": document["id"], "accepted": true });
            app.mutate(operation!("ministry/ReviewDocument"), "reviewDocument", input, instructor).await;
        }
    }
}

/// Moves the instruction on by `step`.
pub async fn advance(app: &TestApp, instructor: &str, dossier: &str, step: &str) -> Value {
    let input = json!({ "dossierId": dossier, "step": step });
    app.mutate(operation!("ministry/AdvanceInstruction"), "advanceInstruction", input, instructor).await
}

/// Declares complete and starts the review.
pub async fn complete_and_review(app: &TestApp, instructor: &str, dossier: &str) -> Value {
    let complete = advance(app, instructor, dossier, "DECLARE_COMPLETE").await;
    advance(app, instructor, dossier, "START_REVIEW").await;
    complete
}

/// Grants.
pub async fn grant(app: &TestApp, signatory: &str, dossier: &str) -> Value {
    let input = json!({ "dossierId": dossier, "outcome": "GRANT" });
    app.mutate(operation!("ministry/DecideDossier"), "decideDossier", input, signatory).await
}

/// Records a production stage.
pub async fn production(app: &TestApp, token: &str, dossier: &str, stage: &str) -> Value {
    let input = json!({ "dossierId": dossier, "stage": stage });
    app.mutate(operation!("ministry/RecordPermitProduction"), "recordPermitProduction", input, token).await
}

/// The mobile home screen.
pub async fn home(app: &TestApp, token: &str) -> Value {
    app.run(operation!("mobile/Home"), json!({}), token).await
}

/// The kinds of a dossier's timeline, in order.
pub fn kinds(dossier: &Value) -> Vec<String> {
    dossier["events"].as_array().expect("events").iter().filter_map(|e| e["kind"].as_str().map(str::to_owned)).collect()
}

/// The keys of the person's notifications, newest first.
pub async fn notification_keys(app: &TestApp, token: &str) -> Vec<String> {
    let data = app.run(operation!("mobile/Notifications"), json!({ "first": 50 }), token).await;
    data["notifications"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["key"].as_str().map(str::to_owned))
        .collect()
}

/// The documents a first student permit needs when the person is not hosted.
pub const STUDENT_DOCUMENTS: [&str; 6] =
    ["PASSPORT", "BIRTH_CERTIFICATE", "PROOF_OF_ADDRESS", "PHOTO", "ENROLMENT_CERTIFICATE", "PROOF_OF_RESOURCES"];

/// The documents a first employee permit needs.
pub const EMPLOYEE_DOCUMENTS: [&str; 6] =
    ["PASSPORT", "BIRTH_CERTIFICATE", "PROOF_OF_ADDRESS", "PHOTO", "WORK_AUTHORISATION", "EMPLOYMENT_CONTRACT"];

/// A complete, accepted, under-review first employee permit; returns its id.
pub async fn under_review(app: &TestApp, actors: &Actors) -> String {
    let id = start(app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
    add_documents(app, &actors.person, &id, &EMPLOYEE_DOCUMENTS).await;
    submit(app, &actors.person, &id).await;
    accept_all(app, &actors.instructor, &id).await;
    complete_and_review(app, &actors.instructor, &id).await;
    id
}
