//! The medical compartment: an OFII doctor records the college's opinion on a sick foreigner's dossier; the
//! prefecture and the person read its legal answers, never the medical content; OFII agents who are not doctors
//! neither read the report nor record; the report never leaks through an error; reads and writes are journaled.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const CANARY: &str = "canary-7f3e-hepatitis-ward-12";

const RECORD: &str = "mutation($id: ID!, $report: String!, $v: Int) {
  recordMedicalOpinion(input: { dossierId: $id, careNeeded: true, exceptionallySeriousConsequences: true,
    treatmentAvailableInOriginCountry: false, expectedDurationMonths: 12, ableToTravel: true,
    report: $report, expectedVersion: $v }) {
    dossier { id medicalOpinion { careNeeded expectedDurationMonths } }
    userErrors { field code message }
  }
}";
const ANSWERS: &str = "query($id: ID!) { dossier(id: $id) { needsMedicalOpinion medicalOpinion { careNeeded
  exceptionallySeriousConsequences treatmentAvailableInOriginCountry expectedDurationMonths ableToTravel issuedAt } } }";
const REPORT: &str = "query($id: ID!) { dossier(id: $id) { medicalOpinion { careNeeded report } } }";

fn agent(id: &str, role: AgentRole, organisation: &str) -> Subject {
    Subject::Agent {
        id: id.to_owned(),
        role,
        organisation: organisation.to_owned(),
        territories: vec![Territory::parse("75").expect("territory")],
    }
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

/// A person with a sick-foreigner dossier in Paris: the person's token and the dossier id.
async fn sick_foreigner(app: &TestApp) -> (String, String) {
    let token = app.token(&Subject::Person(app.create_person("Diallo").await));
    let started = app.start_dossier(&token, "FIRST_PERMIT_SICK_FOREIGNER", "75", None).await;
    let id = started["dossier"]["id"].as_str().unwrap_or_else(|| panic!("{started}")).to_owned();
    (token, id)
}

on_both_databases! {
    async fn the_catalogue_says_which_procedures_need_the_medical_college(app) {
        let (_, body) = app.graphql("{ procedures { code opinionsNeeded fees { taxCents stampCents } } }", json!({}), None).await;
        let procedures = body["data"]["procedures"].as_array().unwrap_or_else(|| panic!("{body}"));
        let sick = procedures.iter().find(|p| p["code"] == "FIRST_PERMIT_SICK_FOREIGNER").expect("the sick-foreigner permit");
        assert_eq!(sick["opinionsNeeded"], json!(["OFII_MEDICAL_COLLEGE"]));
        assert_eq!(sick["fees"], json!({ "taxCents": 30_000, "stampCents": 5_000 }));
        let student = procedures.iter().find(|p| p["code"] == "FIRST_PERMIT_STUDENT").expect("student");
        assert_eq!(student["opinionsNeeded"], json!([]));
    }
}

on_both_databases! {
    async fn a_doctor_records_the_opinion_and_the_prefecture_sees_only_the_legal_answers(app) {
        let (person, dossier) = sick_foreigner(&app).await;
        let doctor = app.token(&agent("dr-house", AgentRole::OfiiDoctor, "OFII — service médical Paris"));
        let (status, body) = app.graphql(RECORD, json!({ "id": dossier, "report": format!("Report: {CANARY}"), "v": 1 }), Some(&doctor)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["recordMedicalOpinion"]["userErrors"], json!([]), "{body}");
        assert_eq!(body["data"]["recordMedicalOpinion"]["dossier"]["medicalOpinion"], json!({ "careNeeded": true, "expectedDurationMonths": 12 }));

        // The doctor reads the report.
        let (_, body) = app.graphql(REPORT, json!({ "id": dossier }), Some(&doctor)).await;
        assert_eq!(body["data"]["dossier"]["medicalOpinion"]["report"], format!("Report: {CANARY}"), "{body}");

        // The prefecture instructor of the territory reads the answers…
        let instructor = app.token(&agent("instr-1", AgentRole::PrefectureInstructor, "Préfecture de police de Paris"));
        let (_, body) = app.graphql(ANSWERS, json!({ "id": dossier }), Some(&instructor)).await;
        let opinion = &body["data"]["dossier"]["medicalOpinion"];
        assert_eq!(body["data"]["dossier"]["needsMedicalOpinion"], true);
        assert_eq!(
            (opinion["careNeeded"].clone(), opinion["exceptionallySeriousConsequences"].clone(), opinion["treatmentAvailableInOriginCountry"].clone(), opinion["ableToTravel"].clone()),
            (json!(true), json!(true), json!(false), json!(true)),
            "{body}"
        );
        assert!(opinion["issuedAt"].is_string(), "{body}");
        // …but in the ministry view `report` does not exist, in the words used for a field that does not.
        let (status, hidden) = app.graphql(REPORT, json!({ "id": dossier }), Some(&instructor)).await;
        let missing_query = REPORT.replace("report", "reportz");
        let (_, missing) = app.graphql(&missing_query, json!({ "id": dossier }), Some(&instructor)).await;
        assert_eq!((status, error_code(&hidden)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{hidden}");
        assert_eq!(message(&hidden), "Unknown field \"report\" on type \"MedicalOpinion\".");
        assert_eq!(message(&missing), "Unknown field \"reportz\" on type \"MedicalOpinion\".");
        // The same through `node(id:)` with a fragment.
        let node = "query($id: ID!) { node(id: $id) { ... on Dossier { medicalOpinion { report } } } }";
        let (_, hidden) = app.graphql(node, json!({ "id": dossier }), Some(&instructor)).await;
        assert_eq!(error_code(&hidden), Some("GRAPHQL_VALIDATION_FAILED"));
        assert_eq!(message(&hidden), "Unknown field \"report\" on type \"MedicalOpinion\".");
        // The recording mutation does not exist for the prefecture either.
        let (_, hidden) = app.graphql(RECORD, json!({ "id": dossier, "report": "x" }), Some(&instructor)).await;
        assert_eq!(message(&hidden), "Unknown field \"recordMedicalOpinion\" on type \"Mutation\".");

        // The person reads the answers but not the report.
        let (_, body) = app.graphql(ANSWERS, json!({ "id": dossier }), Some(&person)).await;
        assert_eq!(body["data"]["dossier"]["medicalOpinion"]["careNeeded"], true, "{body}");
        let (_, hidden) = app.graphql(REPORT, json!({ "id": dossier }), Some(&person)).await;
        assert_eq!(message(&hidden), "Unknown field \"report\" on type \"MedicalOpinion\".");
        assert!(!hidden.to_string().contains(CANARY));
    }
}

on_both_databases! {
    async fn an_ofii_agent_who_is_not_a_doctor_neither_reads_the_report_nor_records(app) {
        let (person, dossier) = sick_foreigner(&app).await;
        let doctor = app.token(&agent("dr-1", AgentRole::OfiiDoctor, "OFII — service médical Paris"));
        let ofii_agent = app.token(&agent("ofii-1", AgentRole::OfiiAgent, "OFII — DT Paris"));
        let instructor = app.token(&agent("instr-1", AgentRole::PrefectureInstructor, "Préfecture de police de Paris"));
        let mut bodies = Vec::new();

        let (_, body) = app.graphql(RECORD, json!({ "id": dossier, "report": format!("first try {CANARY}") }), Some(&ofii_agent)).await;
        assert_eq!(body["data"]["recordMedicalOpinion"]["userErrors"][0]["code"], "NOT_ALLOWED", "{body}");
        bodies.push(body);

        let (_, body) = app.graphql(RECORD, json!({ "id": dossier, "report": format!("Report: {CANARY}") }), Some(&doctor)).await;
        assert_eq!(body["data"]["recordMedicalOpinion"]["userErrors"], json!([]), "{body}");

        let (status, body) = app.graphql(REPORT, json!({ "id": dossier }), Some(&ofii_agent)).await;
        assert_eq!((status, error_code(&body)), (200, Some("FORBIDDEN")), "{body}");
        assert_eq!(body["data"]["dossier"]["medicalOpinion"]["report"], Value::Null, "{body}");
        bodies.push(body);
        let (_, body) = app.graphql(ANSWERS, json!({ "id": dossier }), Some(&ofii_agent)).await;
        assert_eq!(body["data"]["dossier"]["medicalOpinion"]["careNeeded"], true, "OFII agents read the answers: {body}");
        bodies.push(body);

        // A second opinion is refused, and its report is not stored.
        let (_, body) = app.graphql(RECORD, json!({ "id": dossier, "report": "second opinion" }), Some(&doctor)).await;
        assert_eq!(body["data"]["recordMedicalOpinion"]["userErrors"][0]["code"], "DUPLICATE", "{body}");
        let (_, body) = app.graphql(REPORT, json!({ "id": dossier }), Some(&doctor)).await;
        assert_eq!(body["data"]["dossier"]["medicalOpinion"]["report"], format!("Report: {CANARY}"));

        for (query, token) in [(ANSWERS, &instructor), (REPORT, &instructor), (ANSWERS, &person), (REPORT, &person), (RECORD, &instructor), (RECORD, &person)] {
            let (_, body) = app.graphql(query, json!({ "id": dossier, "report": "x" }), Some(token)).await;
            bodies.push(body);
        }
        for body in bodies {
            assert!(!body.to_string().contains(CANARY), "the report leaked: {body}");
        }
    }
}

on_both_databases! {
    async fn the_doctors_write_and_read_are_in_the_access_journal(app) {
        let (person, dossier) = sick_foreigner(&app).await;
        let doctor = app.token(&agent("dr-2", AgentRole::OfiiDoctor, "OFII — service médical Paris"));
        let (_, body) = app.graphql(RECORD, json!({ "id": dossier, "report": "Report" }), Some(&doctor)).await;
        assert_eq!(body["data"]["recordMedicalOpinion"]["userErrors"], json!([]), "{body}");
        app.graphql(REPORT, json!({ "id": dossier }), Some(&doctor)).await;
        let (_, body) = app.graphql("{ me { person { accesses { nodes { kind role organisation } } } } }", json!({}), Some(&person)).await;
        let seen = body["data"]["me"]["person"]["accesses"]["nodes"].as_array().cloned().unwrap_or_else(|| panic!("{body}"));
        let by_doctor = |kind: &str| seen.iter().any(|a| a["kind"] == kind && a["role"] == "ofii_doctor");
        assert!(by_doctor("WRITE"), "{seen:?}");
        assert!(by_doctor("READ"), "{seen:?}");
    }
}

on_both_databases! {
    async fn no_opinion_is_recorded_on_a_dossier_that_needs_none(app) {
        let token = app.token(&Subject::Person(app.create_person("Nguyen").await));
        let started = app.start_dossier(&token, "FIRST_PERMIT_STUDENT", "75", None).await;
        let dossier = started["dossier"]["id"].as_str().expect("id").to_owned();
        let doctor = app.token(&agent("dr-3", AgentRole::OfiiDoctor, "OFII — service médical Paris"));
        let (_, body) = app.graphql(RECORD, json!({ "id": dossier, "report": "Report" }), Some(&doctor)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "OFII does not see a student's dossier: {body}");
        let (_, body) = app.graphql(ANSWERS, json!({ "id": dossier }), Some(&token)).await;
        assert_eq!(body["data"]["dossier"], json!({ "needsMedicalOpinion": false, "medicalOpinion": null }));
    }
}
