//! No personal data in technical logs: the scenario plants canary values (names, a withdrawal reason, a
//! foreigner-number-like string) in requests and storage, captures every log line at TRACE level, and fails if a
//! canary shows up — while checking that the logs did record the requests, with their request ids.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::on_both_databases;
use serde_json::json;

#[derive(Clone)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test binary, in the production JSON format, at every level.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Captured(buffer.clone());
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter("trace")
            .with_writer(move || writer.clone())
            .init();
        buffer
    })
    .clone()
}

on_both_databases! {
    async fn canary_values_never_reach_the_logs(app) {
        let logs = logs();
        let family = format!("Canaryfamily{}", uuid::Uuid::now_v7().simple());
        let reason = format!("Canaryreason{}", uuid::Uuid::now_v7().simple());
        let person = app.create_person(&family).await;
        let person_token = app.token(&Subject::Person(person));
        let started = app.start_dossier(&person_token, "FIRST_PERMIT_STUDENT", "75", None).await;
        let id = started["dossier"]["id"].as_str().expect("id").to_owned();
        let agent = app.token(&Subject::Agent {
            id: "agent-logs".into(),
            role: AgentRole::PrefectureInstructor,
            organisation: "Préfecture".into(),
            territories: vec![Territory::parse("75").expect("75")],
        });
        let (_, read) = app.graphql("query($id: ID!) { dossier(id: $id) { person { familyName } } }", json!({ "id": id }), Some(&agent)).await;
        assert_eq!(read["data"]["dossier"]["person"]["familyName"], family.as_str());
        app.graphql(
            "mutation($id: ID!, $r: String) { withdrawDossier(input: { dossierId: $id, reason: $r }) { dossier { status } } }",
            json!({ "id": id, "r": reason }),
            Some(&person_token),
        )
        .await;
        // Failures are logged too: a refused token, a malformed document carrying a canary.
        app.graphql("{ __typename }", json!({}), Some("not-a-token")).await;
        app.graphql(&format!("{{ {family} }}"), json!({}), Some(&person_token)).await;

        let text = String::from_utf8(logs.lock().expect("logs").clone()).expect("utf-8");
        assert!(text.contains("request_id"), "the logs should record requests with their ids");
        assert!(text.contains("bearer token refused"), "the refused token should be logged");
        assert!(!text.contains(&family), "a person's name reached the logs");
        assert!(!text.contains(&reason), "a withdrawal reason reached the logs");
        assert!(!text.contains("not-a-token"), "a bearer token reached the logs");
    }
}

on_both_databases! {
    async fn medical_content_never_reaches_the_logs(app) {
        let logs = logs();
        let certificate = format!("Canarycertificate{}", uuid::Uuid::now_v7().simple());
        let report = format!("Canaryreport{}", uuid::Uuid::now_v7().simple());
        let person = app.token(&Subject::Person(app.create_person("Logsmedical").await));
        let started = app.start_dossier(&person, "FIRST_PERMIT_SICK_FOREIGNER", "75", None).await;
        let id = started["dossier"]["id"].as_str().expect("id").to_owned();
        let doctor = |id: &str| {
            app.token(&Subject::Agent {
                id: id.into(),
                role: AgentRole::OfiiDoctor,
                organisation: "OFII".into(),
                territories: vec![Territory::parse("75").expect("75")],
            })
        };
        let receive = "mutation($id: ID!, $c: String!) { receiveMedicalCertificate(input: { dossierId: $id, certificate: $c }) { medicalCase { id version } userErrors { code } } }";
        let (_, body) = app.graphql(receive, json!({ "id": id, "c": certificate }), Some(&doctor("dr-logs"))).await;
        let case = body["data"]["receiveMedicalCertificate"]["medicalCase"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let designate = "mutation($c: ID!) { designateRapporteur(input: { medicalCaseId: $c, expectedVersion: 1, doctorId: \"dr-rapp\" }) { userErrors { code } } }";
        app.graphql(designate, json!({ "c": case }), Some(&doctor("dr-logs"))).await;
        let write = "mutation($c: ID!, $r: String!, $v: Int!) { writeMedicalReport(input: { medicalCaseId: $c, expectedVersion: $v, report: $r }) { userErrors { code } } }";
        // Refused (not the rapporteur, a stale version, too long), then written.
        app.graphql(write, json!({ "c": case, "r": report, "v": 2 }), Some(&doctor("dr-logs"))).await;
        app.graphql(write, json!({ "c": case, "r": report, "v": 1 }), Some(&doctor("dr-rapp"))).await;
        app.graphql(write, json!({ "c": case, "r": format!("{report}{}", "x".repeat(20_001)), "v": 2 }), Some(&doctor("dr-rapp"))).await;
        let (_, body) = app.graphql(write, json!({ "c": case, "r": report, "v": 2 }), Some(&doctor("dr-rapp"))).await;
        assert_eq!(body["data"]["writeMedicalReport"]["userErrors"], json!([]), "{body}");
        let read = "query($c: ID!) { medicalCase(id: $c) { certificate report } }";
        let (_, body) = app.graphql(read, json!({ "c": case }), Some(&doctor("dr-rapp"))).await;
        assert_eq!(body["data"]["medicalCase"]["report"], report.as_str(), "{body}");

        let text = String::from_utf8(logs.lock().expect("logs").clone()).expect("utf-8");
        assert!(text.contains("request_id"), "the logs should record requests");
        assert!(!text.contains(&certificate), "a medical certificate reached the logs");
        assert!(!text.contains(&report), "a medical report reached the logs");
    }
}
