//! No N+1: every relation resolves through a DataLoader, so a request's SQL statements depend on the query's
//! shape, not on how many rows it returns. Counted with the server's own statement counter (`/metrics`), one
//! request at a time.

mod journey;

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, on_both_databases, operation};
use journey::document;
use serde_json::{Value, json};

fn marseille(role: AgentRole) -> Subject {
    Subject::Agent {
        id: format!("{}-13", role.code()),
        role,
        organisation: "Préfecture des Bouches-du-Rhône".into(),
        territories: vec![Territory::parse("13").expect("territory")],
    }
}

/// The SQL statements `operation` costs, and its data.
async fn cost(app: &TestApp, operation: &str, variables: Value, token: &str) -> (u64, Value) {
    let before = app.sql_statements().await;
    let data = app.run(operation, variables, token).await;
    (app.sql_statements().await - before, data)
}

on_both_databases! {
    async fn a_work_queue_page_of_10_and_of_100_cost_the_same_statements(app) {
        let person = app.create_person("Marchetti").await;
        let person_token = app.token(&Subject::Person(person));
        let desk = app.token(&marseille(AgentRole::PrefectureDesk));
        let instructor = app.token(&marseille(AgentRole::PrefectureInstructor));
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive().and_hms_opt(8, 0, 0).expect("time").and_utc();
        let slot = app.run(operation!("ministry/OpenSlots"), json!({
            "territory": "13", "kind": "BIOMETRICS", "site": "Préfecture, Marseille",
            "slots": [{ "startsAt": tomorrow.to_rfc3339(), "endsAt": (tomorrow + chrono::Duration::hours(8)).to_rfc3339(), "capacity": 120 }],
        }), &desk).await["openSlots"]["slots"][0]["id"].clone();

        for _ in 0..100 {
            let started = app.mutate(operation!("mobile/StartDossier"), "startDossier",
                json!({ "procedureCode": "FIRST_PERMIT_EMPLOYEE", "territory": "13" }), &person_token).await;
            let id = started["dossier"]["id"].as_str().expect("id").to_owned();
            app.mutate(operation!("mobile/AddDocument"), "addDocument", document(&id, "PASSPORT"), &person_token).await;
            app.mutate(operation!("mobile/SubmitDossier"), "submitDossier", json!({ "dossierId": id }), &person_token).await;
            let booked = app.run(operation!("ministry/BookAppointment"), json!({
                "slotId": slot, "personId": hipe_tests::person_id_of(person), "dossierId": id,
            }), &desk).await;
            assert_eq!(booked["bookAppointment"]["userErrors"], json!([]), "{booked}");
        }

        let page = |first: u32| json!({ "first": first, "filter": { "territories": ["13"] } });
        let (ten, small) = cost(&app, operation!("ministry/WorkQueue"), page(10), &instructor).await;
        let (hundred, large) = cost(&app, operation!("ministry/WorkQueue"), page(100), &instructor).await;
        let lines = |data: &Value| data["workQueue"]["edges"].as_array().map_or(0, Vec::len);
        assert_eq!((lines(&small), lines(&large)), (10, 100));
        let line = &large["workQueue"]["edges"][99]["node"];
        assert_eq!(line["person"]["familyName"], "Marchetti");
        assert_eq!(line["documents"][0]["documentType"], "PASSPORT");
        assert_eq!(line["appointments"][0]["kind"], "BIOMETRICS");
        assert_eq!(ten, hundred, "a page of 100 costs what a page of 10 costs ({ten} statements)");
        assert!(ten <= 12, "one statement per relation, not per row: {ten}");
    }
}
