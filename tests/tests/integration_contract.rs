//! The republican integration contract (CIR) through the operations OFII, the app and the prefecture use
//! (`tests/operations/`): a contract from convocation to an assiduous attestation, one that is not assiduous, an
//! extension then an exemption; each refused step a user error with a stable code that changes nothing; and the
//! compartments — the prefecture reads results and nothing of the pedagogy (those fields do not exist in its
//! view), a person follows their own contract and not another's, an OFII agent of another direction sees nothing.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::journal::{AccessJournal as _, AccessKind, JournalFilter};
use hipe_domain::pagination::PageRequest;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation, person_id_of};
use serde_json::{Value, json};

const CONVOKE: &str = operation!("ofii/ConvokeForIntegration");
const RECEPTION: &str = operation!("ofii/RecordIntegrationReception");
const SIGN: &str = operation!("ofii/SignIntegrationContract");
const CIVIC: &str = operation!("ofii/RecordCivicAttendance");
const HOURS: &str = operation!("ofii/RecordLanguageHours");
const END_INTERVIEW: &str = operation!("ofii/RecordEndInterview");
const ATTEST: &str = operation!("ofii/AttestIntegration");
const EXTEND: &str = operation!("ofii/ExtendIntegrationContract");
const EXEMPT: &str = operation!("ofii/ExemptFromIntegration");
const CIVIC_EXAM: &str = operation!("ofii/RecordCivicExam");
const CERTIFICATION: &str = operation!("ofii/RecordLanguageCertification");
const QUEUE: &str = operation!("ofii/IntegrationQueue");
const CONTRACT: &str = operation!("ofii/IntegrationContract");
const MY_INTEGRATION: &str = operation!("mobile/MyIntegration");
const RESULTS: &str = operation!("ministry/IntegrationResults");

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("OFII {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

/// The actors of a scenario: an OFII agent of Paris, the person, a prefecture instructor.
struct Actors {
    id: hipe_domain::person::PersonId,
    ofii: String,
    person: String,
    person_id: String,
    instructor: String,
}

async fn actors(app: &TestApp, family_name: &str) -> Actors {
    let id = app.create_person(family_name).await;
    Actors {
        id,
        ofii: app.token(&agent(AgentRole::OfiiAgent, "75")),
        person: app.token(&Subject::Person(id)),
        person_id: person_id_of(id),
        instructor: app.token(&agent(AgentRole::PrefectureInstructor, "75")),
    }
}

/// Runs a step that must succeed; returns the contract after it.
async fn step(app: &TestApp, operation: &str, field: &str, input: Value, token: &str) -> Value {
    app.mutate(operation, field, input, token).await["integrationContract"].clone()
}

fn version(contract: &Value) -> i64 {
    contract["version"].as_i64().unwrap_or_else(|| panic!("no version: {contract}"))
}

async fn read(app: &TestApp, token: &str, id: &str) -> Value {
    app.run(CONTRACT, json!({ "id": id }), token).await["integrationContract"].clone()
}

/// Convokes, receives (A1, `hours` prescribed, aiming at A2 — or A1 when nothing is prescribed) and signs in
/// Arabic today; returns the signed contract.
async fn signed(app: &TestApp, actors: &Actors, hours: i64) -> Value {
    let ofii = &actors.ofii;
    let contract =
        step(app, CONVOKE, "convokeForIntegration", json!({ "personId": actors.person_id, "territory": "75" }), ofii)
            .await;
    assert_eq!((contract["status"].as_str(), version(&contract)), (Some("CONVOKED"), 1), "{contract}");
    let id = contract["id"].as_str().expect("id").to_owned();
    let target = if hours == 0 { "A1" } else { "A2" };
    let reception = json!({
        "contractId": id, "expectedVersion": 1, "initialLevel": "A1", "prescribedLanguageHours": hours,
        "targetLevel": target,
    });
    let received = step(app, RECEPTION, "recordIntegrationReception", reception, ofii).await;
    assert_eq!(received["status"], "RECEIVED");
    let signature =
        json!({ "contractId": id, "expectedVersion": 2, "signedOn": app.today().to_string(), "language": "ar" });
    let signed = step(app, SIGN, "signIntegrationContract", signature, ofii).await;
    assert_eq!((signed["status"].as_str(), signed["contractLanguage"].as_str()), (Some("SIGNED"), Some("ar")));
    signed
}

/// Records the four civic days with `attendance`; returns the contract after them.
async fn civic_days(app: &TestApp, ofii: &str, mut contract: Value, attendance: [&str; 4]) -> Value {
    for (day, attendance) in (1..=4).zip(attendance) {
        let input = json!({
            "contractId": contract["id"], "expectedVersion": version(&contract), "day": day, "attendance": attendance,
        });
        contract = step(app, CIVIC, "recordCivicAttendance", input, ofii).await;
    }
    contract
}

fn at(contract: &Value) -> Value {
    json!({ "contractId": contract["id"], "expectedVersion": version(contract) })
}

on_both_databases! {
    async fn a_contract_goes_from_convocation_to_an_assiduous_attestation(app) {
        let actors = actors(&app, "Haidari").await;
        let ofii = &actors.ofii;
        let contract = signed(&app, &actors, 100).await;
        assert_eq!(contract["endsOn"], (app.today() + chrono::Months::new(12)).to_string(), "a year after signing");
        let contract = civic_days(&app, ofii, contract, ["PRESENT", "ABSENT_EXCUSED", "PRESENT", "PRESENT"]).await;
        assert_eq!(contract["status"], "TRAINING", "attendance starts the training");
        assert_eq!(contract["civicAttendance"], json!(["PRESENT", "ABSENT_EXCUSED", "PRESENT", "PRESENT"]));
        let mut hours = at(&contract);
        hours["hours"] = json!(60);
        let contract = step(&app, HOURS, "recordLanguageHours", hours, ofii).await;
        let mut hours = at(&contract);
        hours["hours"] = json!(20);
        let contract = step(&app, HOURS, "recordLanguageHours", hours, ofii).await;
        assert_eq!(contract["languageHoursAttended"], 80);
        let contract = step(&app, END_INTERVIEW, "recordEndInterview", at(&contract), ofii).await;
        assert_eq!(contract["status"], "END_INTERVIEW_DONE");
        let contract = step(&app, ATTEST, "attestIntegration", at(&contract), ofii).await;
        assert_eq!((contract["status"].as_str(), contract["assiduous"].as_bool()), (Some("ATTESTED"), Some(true)), "{contract}");
        assert_eq!(version(&contract), 11, "one version per step: convoke, receive, sign, 4 days, 2 hours, end, attest");
        let read = read(&app, ofii, contract["id"].as_str().expect("id")).await;
        let events = read["timeline"].as_array().expect("the timeline");
        let actions: Vec<&str> = events.iter().map(|e| e["action"].as_str().expect("action")).collect();
        assert_eq!(actions, [
            "CONVOKE", "RECEIVE", "SIGN", "RECORD_CIVIC_ATTENDANCE", "RECORD_CIVIC_ATTENDANCE",
            "RECORD_CIVIC_ATTENDANCE", "RECORD_CIVIC_ATTENDANCE", "RECORD_LANGUAGE_HOURS", "RECORD_LANGUAGE_HOURS",
            "END_INTERVIEW", "ATTEST",
        ]);
        assert!(events.iter().zip(1..).all(|(e, n)| e["sequence"] == n), "one event per version");
        assert!(
            events.iter().all(|e| e["actor"] == json!({ "kind": "AGENT", "role": "ofii_agent", "organisation": "OFII 75" })),
            "{events:?}"
        );

        // The 2026 facts on the person.
        let exam = json!({ "personId": actors.person_id, "score": 33, "takenOn": app.today().to_string() });
        let exam = app.mutate(CIVIC_EXAM, "recordCivicExam", exam, ofii).await;
        assert_eq!(exam["certification"]["civicExamPassed"], true, "{exam}");
        let b1 = json!({ "personId": actors.person_id, "level": "B1", "certifier": "France Éducation international",
            "obtainedOn": app.today().to_string() });
        app.mutate(CERTIFICATION, "recordLanguageCertification", b1, ofii).await;

        // The person follows their contract in the app, without the pedagogy.
        let mine = app.run(MY_INTEGRATION, json!({}), &actors.person).await;
        let progress = &mine["me"]["person"]["integrationContract"];
        assert_eq!((progress["status"].as_str(), progress["assiduous"].as_bool()), (Some("ATTESTED"), Some(true)));
        assert_eq!((progress["civicDaysCompleted"].as_i64(), progress["languageHoursAttended"].as_i64()), (Some(4), Some(80)));
        assert_eq!(mine["me"]["person"]["certifications"][1]["languageLevel"], "B1", "{mine}");
        assert_eq!(progress["timeline"].as_array().map(Vec::len), Some(11), "the person sees every step's date");
        assert_eq!(progress["timeline"][10]["action"], "ATTEST");

        // The prefecture reads the results.
        let results = app.run(RESULTS, json!({ "search": { "name": "Haidari" } }), &actors.instructor).await;
        let results = &results["persons"]["nodes"][0]["integrationResults"];
        assert_eq!(results["contractStatus"], "ATTESTED", "{results}");
        assert_eq!(results["assiduous"], true);
        assert_eq!(results["civicExamPassed"], true);
        assert_eq!(results["languageLevel"], "B1");
        assert_eq!(results["exemptionReason"], Value::Null);

        // OFII's queue lists the contract; attested ones can be filtered out.
        let queue = app.run(QUEUE, json!({ "first": 10 }), ofii).await;
        assert_eq!(queue["integrationContracts"]["edges"][0]["node"]["person"]["familyName"], "Haidari", "{queue}");
        assert_eq!(queue["integrationContracts"]["totalCount"], 1);
        let open = app.run(QUEUE, json!({ "status": "TRAINING" }), ofii).await;
        assert_eq!(open["integrationContracts"]["edges"], json!([]));
    }
}

on_both_databases! {
    async fn an_unexcused_absence_gives_a_non_assiduous_attestation_and_refused_steps_change_nothing(app) {
        let actors = actors(&app, "Tesfaye").await;
        let ofii = &actors.ofii;
        let contract = signed(&app, &actors, 200).await;
        let id = contract["id"].as_str().expect("id").to_owned();

        // A person holds one open contract at a time.
        let again = json!({ "personId": actors.person_id, "territory": "75" });
        assert_eq!(app.refused(CONVOKE, "convokeForIntegration", again, ofii).await, "ALREADY_UNDER_CONTRACT");
        // Steps out of order, beyond the prescription, before every civic day.
        assert_eq!(app.refused(ATTEST, "attestIntegration", at(&contract), ofii).await, "INTEGRATION_STEP_OUT_OF_ORDER");
        assert_eq!(
            app.refused(END_INTERVIEW, "recordEndInterview", at(&contract), ofii).await,
            "INTEGRATION_STEP_OUT_OF_ORDER"
        );
        let mut too_many = at(&contract);
        too_many["hours"] = json!(201);
        assert_eq!(app.refused(HOURS, "recordLanguageHours", too_many, ofii).await, "LANGUAGE_HOURS_EXCEEDED");
        let mut day_five = at(&contract);
        day_five["day"] = json!(5);
        day_five["attendance"] = json!("PRESENT");
        assert_eq!(app.refused(CIVIC, "recordCivicAttendance", day_five, ofii).await, "INVALID");
        let contract = civic_days(&app, ofii, contract, ["PRESENT", "PRESENT", "ABSENT", "PRESENT"]).await;
        let mut first_day_again = at(&contract);
        first_day_again["day"] = json!(1);
        first_day_again["attendance"] = json!("PRESENT");
        let contract = step(&app, CIVIC, "recordCivicAttendance", first_day_again, ofii).await;
        let before = read(&app, ofii, &id).await;
        // A stale version is a conflict, not a user error.
        let mut stale = at(&contract);
        stale["expectedVersion"] = json!(1);
        let (_, body) = app.graphql(END_INTERVIEW, json!({ "input": stale }), Some(ofii)).await;
        assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
        assert_eq!(read(&app, ofii, &id).await, before, "refused steps changed nothing");

        let mut hours = at(&contract);
        hours["hours"] = json!(200);
        let contract = step(&app, HOURS, "recordLanguageHours", hours, ofii).await;
        let contract = step(&app, END_INTERVIEW, "recordEndInterview", at(&contract), ofii).await;
        let contract = step(&app, ATTEST, "attestIntegration", at(&contract), ofii).await;
        assert_eq!(contract["assiduous"], false, "an unexcused absence, even with every hour attended");
        assert_eq!(app.refused(EXTEND, "extendIntegrationContract", at(&contract), ofii).await, "INTEGRATION_CONTRACT_CLOSED");

        let results = app.run(RESULTS, json!({ "search": { "name": "Tesfaye" } }), &actors.instructor).await;
        let results = &results["persons"]["nodes"][0]["integrationResults"];
        assert_eq!((results["assiduous"].as_bool(), results["civicExamPassed"].as_bool()), (Some(false), None), "{results}");
    }
}

on_both_databases! {
    async fn a_contract_is_extended_once_then_the_person_is_exempted(app) {
        let actors = actors(&app, "Okafor").await;
        let ofii = &actors.ofii;
        let contract = signed(&app, &actors, 400).await;
        let contract = step(&app, EXTEND, "extendIntegrationContract", at(&contract), ofii).await;
        assert_eq!((contract["status"].as_str(), contract["extended"].as_bool()), (Some("EXTENDED"), Some(true)));
        assert_eq!(contract["endsOn"], (app.today() + chrono::Months::new(24)).to_string(), "one more year");
        assert_eq!(app.refused(EXTEND, "extendIntegrationContract", at(&contract), ofii).await, "ALREADY_EXTENDED");
        let mut exempt = at(&contract);
        exempt["reason"] = json!("HEALTH");
        let contract = step(&app, EXEMPT, "exemptFromIntegration", exempt, ofii).await;
        assert_eq!((contract["status"].as_str(), contract["exemptionReason"].as_str()), (Some("EXEMPTED"), Some("HEALTH")));
        let mut hours = at(&contract);
        hours["hours"] = json!(10);
        assert_eq!(app.refused(HOURS, "recordLanguageHours", hours, ofii).await, "INTEGRATION_CONTRACT_CLOSED");

        // An exempted contract is closed: the person may be convoked again later.
        let again = json!({ "personId": actors.person_id, "territory": "75" });
        let renewed = step(&app, CONVOKE, "convokeForIntegration", again, ofii).await;
        assert_eq!(renewed["status"], "CONVOKED");
        let results = app.run(RESULTS, json!({ "search": { "name": "Okafor" } }), &actors.instructor).await;
        assert_eq!(results["persons"]["nodes"][0]["integrationResults"]["contractStatus"], "CONVOKED", "the latest contract");
    }
}

on_both_databases! {
    async fn each_compartment_sees_only_its_part_of_the_contract(app) {
        let actors = actors(&app, "Nazari").await;
        let contract = signed(&app, &actors, 100).await;
        let id = contract["id"].as_str().expect("id").to_owned();
        let message = |body: &Value| body["errors"][0]["message"].as_str().unwrap_or_default().to_owned();

        // The prefecture: the contract and the pedagogy do not exist in its view, and nothing suggests them.
        for query in [
            "query { persons(search: { name: \"Nazari\" }) { nodes { integrationContract { id } } } }",
            "query { persons(search: { name: \"Nazari\" }) { nodes { integrationResults { initialLevel } } } }",
            "query($id: ID!) { integrationContract(id: $id) { civicAttendance } }",
        ] {
            let (status, body) = app.graphql(query, json!({ "id": id }), Some(&actors.instructor)).await;
            assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{body}");
            assert!(!message(&body).contains("Did you mean"), "{body}");
        }
        let (_, body) = app.graphql(CONVOKE, json!({ "input": { "personId": actors.person_id, "territory": "75" } }),
            Some(&actors.instructor)).await;
        assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "the prefecture does not convoke");

        // The person: their progress, never the pedagogy, never another's contract.
        let (_, body) = app.graphql(CONTRACT, json!({ "id": id }), Some(&actors.person)).await;
        assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "initialLevel is OFII's: {body}");
        let mine = app.run(MY_INTEGRATION, json!({}), &actors.person).await;
        assert_eq!(mine["me"]["person"]["integrationContract"]["id"], id.as_str());
        let stranger = app.token(&Subject::Person(app.create_person("Stranger").await));
        let theirs = app.run(MY_INTEGRATION, json!({}), &stranger).await;
        assert_eq!(theirs["me"]["person"]["integrationContract"], Value::Null);
        let by_id = "query($id: ID!) { integrationContract(id: $id) { status } }";
        let (_, body) = app.graphql(by_id, json!({ "id": id }), Some(&stranger)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");

        // An OFII agent of another direction: nothing, as if the contract did not exist.
        let lyon = app.token(&agent(AgentRole::OfiiAgent, "69"));
        let (_, body) = app.graphql(CONTRACT, json!({ "id": id }), Some(&lyon)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
        let (_, body) = app.graphql(EXTEND, json!({ "input": at(&contract) }), Some(&lyon)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
        let queue = app.run(QUEUE, json!({}), &lyon).await;
        assert_eq!(queue["integrationContracts"]["edges"], json!([]));
        assert_eq!(queue["integrationContracts"]["totalCount"], 0);
        let convoke_in_paris = json!({ "personId": actors.person_id, "territory": "75" });
        assert_eq!(app.refused(CONVOKE, "convokeForIntegration", convoke_in_paris, &lyon).await, "NOT_ALLOWED");

        // An OFII doctor does not run contracts either.
        let doctor = app.token(&agent(AgentRole::OfiiDoctor, "75"));
        let (_, body) = app.graphql(CONTRACT, json!({ "id": id }), Some(&doctor)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");

        // Paris's agent sees it all.
        let read = read(&app, &actors.ofii, &id).await;
        assert_eq!((read["initialLevel"].as_str(), read["civicAttendance"].clone()), (Some("A1"), json!([null, null, null, null])));
        assert_eq!(version(&read), version(&contract), "reading changes nothing");

        // The journal: Paris's three writes and its reads; nothing from those who saw nothing.
        let entries = |accessor: &str, kind: Option<AccessKind>| {
            let filter = JournalFilter { subject: Some(actors.id), accessor_id: Some(accessor.to_owned()), kind, ..JournalFilter::default() };
            let journal = app.database.journal();
            async move {
                let page = PageRequest::relay(Some(100), None, None, None).expect("page");
                journal.search(&filter, &page).await.expect("journal").items.len()
            }
        };
        assert_eq!(entries("ofii_agent-75", Some(AccessKind::Write)).await, 3, "convoke, receive, sign");
        assert!(entries("ofii_agent-75", Some(AccessKind::Read)).await >= 1, "the contract read by Paris");
        for nobody in ["ofii_agent-69", "ofii_doctor-75", "prefecture_instructor-75"] {
            assert_eq!(entries(nobody, None).await, 0, "{nobody} saw nothing");
        }
    }
}

on_both_databases! {
    async fn a_new_order_on_the_civic_exam_marks_the_exams_from_its_day_and_never_rewrites_earlier_ones(app) {
        let actors = actors(&app, "Okonkwo").await;
        let ofii = &actors.ofii;
        let exam = |score: i32, on: chrono::NaiveDate| json!({ "personId": actors.person_id, "score": score, "takenOn": on.to_string() });
        let yesterday = app.today().pred_opt().expect("yesterday");
        let before = app.mutate(CIVIC_EXAM, "recordCivicExam", exam(31, yesterday), ofii).await;
        let marks = |c: &Value| (c["civicExamPassed"].as_bool(), c["civicExamPassMark"].as_i64(), c["civicExamMaxScore"].as_i64());
        assert_eq!(marks(&before["certification"]), (Some(false), Some(32), Some(40)), "{before}");

        // An order lowers the pass mark from today: catalogue data, one new row.
        app.sql(&format!(
            "INSERT INTO integration_rule (effective_from, language_attendance_percent, civic_exam_max_score, \
             civic_exam_pass_mark, legal_basis) VALUES ('{}', 80, 40, 30, 'a later order')",
            app.today()
        ))
        .await;
        let after = app.mutate(CIVIC_EXAM, "recordCivicExam", exam(31, app.today()), ofii).await;
        assert_eq!(marks(&after["certification"]), (Some(true), Some(30), Some(40)), "{after}");
        let late = app.mutate(CIVIC_EXAM, "recordCivicExam", exam(31, yesterday), ofii).await;
        assert_eq!(marks(&late["certification"]), (Some(false), Some(32), Some(40)), "an exam of yesterday, recorded today: yesterday's marks");

        // The person's facts keep each exam's own marks.
        let mine = app.run(MY_INTEGRATION, json!({}), &actors.person).await;
        let passed: Vec<Option<bool>> = mine["me"]["person"]["certifications"]
            .as_array()
            .expect("certifications")
            .iter()
            .map(|c| c["civicExamPassed"].as_bool())
            .collect();
        assert_eq!(passed, [Some(false), Some(true), Some(false)], "{mine}");
    }
}
