//! The medical compartment, black box on both databases: a sick foreigner's dossier from the certificate received
//! under seal to the prefecture's decision (the rapporteur's report, the college of three doctors without the
//! rapporteur, the opinion, OFII's transmission that sends the dossier back to review); the medical content
//! (certificate, report) unreachable for every non-doctor actor through every path — fields, `node(id:)`, lists,
//! errors; the doctors' queue; the journal of the doctors' reads and writes.

mod journey;

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation};
use journey::{
    Actors, accept_all, add_documents, advance, complete_and_review, grant, kinds, read, read_mine, start, submit,
};
use serde_json::{Value, json};

const CERTIFICATE_CANARY: &str = "canary-cert-5b1d-retroviral-cd4";
const REPORT_CANARY: &str = "canary-report-7f3e-hepatitis-ward-12";
const SICK_DOCUMENTS: [&str; 4] = ["PASSPORT", "BIRTH_CERTIFICATE", "PROOF_OF_ADDRESS", "PHOTO"];

fn ofii(id: &str, role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: id.to_owned(),
        role,
        organisation: "OFII".to_owned(),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

fn doctor(app: &TestApp, id: &str) -> String {
    app.token(&ofii(id, AgentRole::OfiiDoctor, "75"))
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

/// A sick-foreigner dossier under review in Paris, the prefecture having asked for the college's opinion.
async fn awaiting_opinion(app: &TestApp, actors: &Actors) -> String {
    let id = start(app, &actors.person, "FIRST_PERMIT_SICK_FOREIGNER").await;
    add_documents(app, &actors.person, &id, &SICK_DOCUMENTS).await;
    submit(app, &actors.person, &id).await;
    accept_all(app, &actors.instructor, &id).await;
    complete_and_review(app, &actors.instructor, &id).await;
    let asked = advance(app, &actors.instructor, &id, "REQUEST_OPINION").await;
    assert_eq!(asked["dossier"]["status"], "AWAITING_OPINION", "{asked}");
    id
}

/// A case's id and version out of a payload.
fn case_of(payload: &Value) -> (String, i64) {
    let case = &payload["medicalCase"];
    (case["id"].as_str().unwrap_or_else(|| panic!("{payload}")).to_owned(), case["version"].as_i64().expect("version"))
}

async fn receive(app: &TestApp, doctor: &str, dossier: &str, certificate: &str) -> (String, i64) {
    let input = json!({ "dossierId": dossier, "certificate": certificate });
    let payload =
        app.mutate(operation!("ofii/ReceiveMedicalCertificate"), "receiveMedicalCertificate", input, doctor).await;
    assert_eq!(payload["medicalCase"]["status"], "CERTIFICATE_RECEIVED", "{payload}");
    case_of(&payload)
}

/// Runs the medical service's steps up to the college's opinion: `dr-coord` receives and designates `dr-rapp`,
/// who writes the report; the college is `dr-a`, `dr-b`, `dr-c`; `dr-b` records the opinion.
async fn opinion_issued(app: &TestApp, dossier: &str) -> (String, i64) {
    let coordinator = doctor(app, "dr-coord");
    let (case, v) = receive(app, &coordinator, dossier, &format!("Certificate: {CERTIFICATE_CANARY}")).await;
    let input = json!({ "medicalCaseId": case, "expectedVersion": v, "doctorId": "dr-rapp" });
    let payload = app.mutate(operation!("ofii/DesignateRapporteur"), "designateRapporteur", input, &coordinator).await;
    let (_, v) = case_of(&payload);
    let input = json!({ "medicalCaseId": case, "expectedVersion": v, "report": format!("Report: {REPORT_CANARY}") });
    let payload =
        app.mutate(operation!("ofii/WriteMedicalReport"), "writeMedicalReport", input, &doctor(app, "dr-rapp")).await;
    let (_, v) = case_of(&payload);
    let input = json!({ "medicalCaseId": case, "expectedVersion": v, "doctorIds": ["dr-a", "dr-b", "dr-c"] });
    let payload =
        app.mutate(operation!("ofii/ConstituteMedicalCollege"), "constituteMedicalCollege", input, &coordinator).await;
    assert_eq!(payload["medicalCase"]["collegeIds"], json!(["dr-a", "dr-b", "dr-c"]), "{payload}");
    let (_, v) = case_of(&payload);
    let payload = app
        .mutate(
            operation!("ofii/RecordMedicalOpinion"),
            "recordMedicalOpinion",
            answers(&case, v),
            &doctor(app, "dr-b"),
        )
        .await;
    assert_eq!(payload["medicalCase"]["status"], "OPINION_ISSUED", "{payload}");
    case_of(&payload)
}

fn answers(case: &str, version: i64) -> Value {
    json!({
        "medicalCaseId": case, "expectedVersion": version, "careNeeded": true,
        "exceptionallySeriousConsequences": true, "treatmentAvailableInOriginCountry": false,
        "expectedDurationMonths": 12, "ableToTravel": true,
    })
}

async fn transmit(app: &TestApp, token: &str, case: &str, version: i64) -> Value {
    let input = json!({ "medicalCaseId": case, "expectedVersion": version });
    app.mutate(operation!("ofii/TransmitMedicalOpinion"), "transmitMedicalOpinion", input, token).await
}

const LEGAL_ANSWERS: [(&str, bool); 4] = [
    ("careNeeded", true),
    ("exceptionallySeriousConsequences", true),
    ("treatmentAvailableInOriginCountry", false),
    ("ableToTravel", true),
];

fn assert_answers(opinion: &Value) {
    for (field, value) in LEGAL_ANSWERS {
        assert_eq!(opinion[field], value, "{field}: {opinion}");
    }
    assert_eq!(opinion["expectedDurationMonths"], 12, "{opinion}");
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
    async fn a_sick_foreigner_goes_from_the_certificate_to_the_prefectures_decision(app) {
        let actors = Actors::new(&app, "Diallo").await;
        let id = awaiting_opinion(&app, &actors).await;
        let ofii_agent = app.token(&ofii("ofii-agent-75", AgentRole::OfiiAgent, "75"));
        // The person and the prefecture see that the opinion is awaited, and nothing of it.
        for dossier in [read_mine(&app, &actors.person, &id).await, read(&app, &actors.instructor, &id).await] {
            assert_eq!((&dossier["medicalOpinionStatus"], &dossier["medicalOpinion"]), (&json!("AWAITED"), &Value::Null), "{dossier}");
        }

        let coordinator = doctor(&app, "dr-coord");
        let (case, v) = receive(&app, &coordinator, &id, "Certificate from the treating doctor").await;
        // One case per dossier.
        let input = json!({ "dossierId": id, "certificate": "again" });
        assert_eq!(app.refused(operation!("ofii/ReceiveMedicalCertificate"), "receiveMedicalCertificate", input, &coordinator).await, "DUPLICATE");
        // An OFII agent who is not a doctor designates nobody.
        let designate = json!({ "medicalCaseId": case, "expectedVersion": v, "doctorId": "dr-rapp" });
        assert_eq!(app.refused(operation!("ofii/DesignateRapporteur"), "designateRapporteur", designate.clone(), &ofii_agent).await, "NOT_ALLOWED");
        let payload = app.mutate(operation!("ofii/DesignateRapporteur"), "designateRapporteur", designate, &coordinator).await;
        assert_eq!((&payload["medicalCase"]["status"], &payload["medicalCase"]["rapporteurId"]), (&json!("RAPPORTEUR_DESIGNATED"), &json!("dr-rapp")));
        let (_, v) = case_of(&payload);
        // Only the rapporteur writes the report.
        let report = json!({ "medicalCaseId": case, "expectedVersion": v, "report": "The rapporteur's findings" });
        assert_eq!(app.refused(operation!("ofii/WriteMedicalReport"), "writeMedicalReport", report.clone(), &coordinator).await, "NOT_ALLOWED");
        let payload = app.mutate(operation!("ofii/WriteMedicalReport"), "writeMedicalReport", report, &doctor(&app, "dr-rapp")).await;
        let (_, v) = case_of(&payload);
        // The college: three different doctors, the rapporteur not among them.
        let college = |ids: Value| json!({ "medicalCaseId": case, "expectedVersion": v, "doctorIds": ids });
        let constitute = (operation!("ofii/ConstituteMedicalCollege"), "constituteMedicalCollege");
        assert_eq!(app.refused(constitute.0, constitute.1, college(json!(["dr-a", "dr-rapp", "dr-c"])), &coordinator).await, "RAPPORTEUR_IN_COLLEGE");
        assert_eq!(app.refused(constitute.0, constitute.1, college(json!(["dr-a", "dr-c"])), &coordinator).await, "INVALID");
        let payload = app.mutate(constitute.0, constitute.1, college(json!(["dr-a", "dr-b", "dr-c"])), &coordinator).await;
        let (_, v) = case_of(&payload);
        // Only a member of the college records the opinion.
        let record = (operation!("ofii/RecordMedicalOpinion"), "recordMedicalOpinion");
        assert_eq!(app.refused(record.0, record.1, answers(&case, v), &doctor(&app, "dr-rapp")).await, "NOT_ALLOWED");
        let payload = app.mutate(record.0, record.1, answers(&case, v), &doctor(&app, "dr-c")).await;
        assert_answers(&payload["medicalCase"]["opinion"]);
        let (_, v) = case_of(&payload);

        // Issued but not transmitted: OFII reads the answers, the prefecture and the person still wait.
        let progress = app.run(operation!("ofii/MedicalCaseProgress"), json!({ "id": id }), &ofii_agent).await;
        assert_eq!(progress["dossier"]["medicalCase"]["status"], "OPINION_ISSUED", "{progress}");
        assert_answers(&progress["dossier"]["medicalOpinion"]);
        assert_eq!(read(&app, &actors.instructor, &id).await["medicalOpinionStatus"], "AWAITED");
        assert_eq!(read_mine(&app, &actors.person, &id).await["medicalOpinion"], Value::Null);
        // The prefecture cannot record the opinion's arrival itself: it arrives by OFII's transmission only.
        let input = json!({ "dossierId": id, "step": "RECORD_OPINION_RECEIVED" });
        assert_eq!(app.refused(operation!("ministry/AdvanceInstruction"), "advanceInstruction", input.clone(), &actors.instructor).await, "NOT_ALLOWED");
        // Nor can OFII, around the case.
        assert_eq!(app.refused(operation!("ministry/AdvanceInstruction"), "advanceInstruction", input, &ofii_agent).await, "NOT_ALLOWED");

        let payload = transmit(&app, &ofii_agent, &case, v).await;
        assert_eq!(payload["medicalCase"]["status"], "TRANSMITTED", "{payload}");
        assert_eq!(payload["medicalCase"]["dossier"]["status"], "UNDER_REVIEW", "{payload}");
        let input = json!({ "medicalCaseId": case, "expectedVersion": v + 1 });
        assert_eq!(app.refused(operation!("ofii/TransmitMedicalOpinion"), "transmitMedicalOpinion", input, &ofii_agent).await, "MEDICAL_STEP_OUT_OF_ORDER");

        // The prefecture and the person read the legal answers; the timeline shows the opinion's arrival, by OFII.
        let dossier = read(&app, &actors.instructor, &id).await;
        assert_eq!(dossier["medicalOpinionStatus"], "TRANSMITTED");
        assert_answers(&dossier["medicalOpinion"]);
        assert!(dossier["medicalOpinion"]["transmittedAt"].is_string(), "{dossier}");
        assert_eq!(kinds(&dossier).last().map(String::as_str), Some("OPINION_RECEIVED"), "{dossier}");
        let arrival = dossier["events"].as_array().and_then(|e| e.last()).cloned().expect("an event");
        assert_eq!(arrival["actor"]["role"], "ofii_agent", "{arrival}");
        let mine = read_mine(&app, &actors.person, &id).await;
        assert_eq!(mine["medicalOpinionStatus"], "TRANSMITTED");
        assert_answers(&mine["medicalOpinion"]);

        // The decision follows the residence journey.
        let decided = grant(&app, &actors.signatory, &id).await;
        assert_eq!(decided["dossier"]["status"], "GRANTED", "{decided}");
    }
}

on_both_databases! {
    async fn the_opinion_is_transmitted_only_once_the_prefecture_asked_for_it(app) {
        let actors = Actors::new(&app, "Keita").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_SICK_FOREIGNER").await;
        add_documents(&app, &actors.person, &id, &SICK_DOCUMENTS).await;
        submit(&app, &actors.person, &id).await;
        // The certificate may arrive early; the flow runs up to the opinion.
        let (case, v) = opinion_issued(&app, &id).await;
        let input = json!({ "medicalCaseId": case, "expectedVersion": v });
        let code = app.refused(operation!("ofii/TransmitMedicalOpinion"), "transmitMedicalOpinion", input, &doctor(&app, "dr-a")).await;
        assert_eq!(code, "INVALID_TRANSITION");
        // Nothing changed: the case is still to transmit, the dossier where it was.
        let progress = app.run(operation!("ofii/MedicalCaseProgress"), json!({ "id": id }), &doctor(&app, "dr-a")).await;
        assert_eq!(progress["dossier"]["medicalCase"]["status"], "OPINION_ISSUED", "{progress}");
        assert_eq!(progress["dossier"]["status"], "SUBMITTED", "{progress}");
        // A stale version is a conflict.
        let stale = json!({ "input": { "medicalCaseId": case, "expectedVersion": v - 1 } });
        let (_, body) = app.graphql(operation!("ofii/TransmitMedicalOpinion"), stale, Some(&doctor(&app, "dr-a"))).await;
        assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    }
}

/// Every response body an outsider can get on the case: fields, `node(id:)`, lists, errors.
#[expect(clippy::too_many_lines, reason = "one probe per path, in one place, so that no path is forgotten")]
async fn outsider_bodies(app: &TestApp, actors: &Actors, dossier: &str, case: &str) -> Vec<(String, Value)> {
    let ofii_agent = app.token(&ofii("ofii-agent-75", AgentRole::OfiiAgent, "75"));
    let lyon_doctor = app.token(&ofii("dr-lyon", AgentRole::OfiiDoctor, "69"));
    let auditor = app.token(&Subject::Agent {
        id: "dpo-1".into(),
        role: AgentRole::Auditor,
        organisation: "DGEF — DPD".into(),
        territories: vec![],
    });
    let partner =
        app.partner_token(&app.create_partner("Intérim Nord", &[hipe_domain::actor::Scope::PermitVerify]).await).await;
    let fake_case = hipe_tests::uuid_of(case);
    let missing_case = {
        use base64::Engine as _;
        let other = uuid::Uuid::from_u128(fake_case.as_u128() ^ 1);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("MedicalCase:{other}"))
    };
    let mut bodies = Vec::new();
    let mut probe = async |name: &str, query: &str, variables: Value, token: &str| -> Value {
        let (_, body) = app.graphql(query, variables, Some(token)).await;
        bodies.push((name.to_owned(), body.clone()));
        body
    };
    let vars = json!({ "id": dossier, "case": case });
    let ministry_and_mobile =
        [("person", &actors.person), ("instructor", &actors.instructor), ("signatory", &actors.signatory)];

    // Fields: in the ministry and mobile views the content fields, the case and its operations do not exist, in
    // the words used for a misspelled field (no suggestion).
    for (who, token) in ministry_and_mobile {
        for (query, field, on) in [
            ("query($id: ID!) { dossier(id: $id) { medicalOpinion { report } } }", "report", "MedicalOpinion"),
            ("query($id: ID!) { dossier(id: $id) { medicalCase { certificate } } }", "medicalCase", "Dossier"),
            ("query($case: ID!) { medicalCase(id: $case) { certificate report } }", "medicalCase", "Query"),
            ("{ medicalQueue { nodes { certificate } } }", "medicalQueue", "Query"),
        ] {
            let body = probe(&format!("{who} field {field}"), query, vars.clone(), token).await;
            assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "{who}: {body}");
            assert_eq!(message(&body), format!("Unknown field \"{field}\" on type \"{on}\"."), "{who}: {body}");
            let misspelled = query.replacen(field, &format!("{field}z"), 1);
            let typo = probe(&format!("{who} typo {field}"), &misspelled, vars.clone(), token).await;
            assert_eq!(message(&typo), format!("Unknown field \"{field}z\" on type \"{on}\"."), "{who}: {typo}");
        }
        let input = json!({ "input": { "dossierId": dossier, "certificate": CERTIFICATE_CANARY } });
        let body = probe(&format!("{who} receive"), operation!("ofii/ReceiveMedicalCertificate"), input, token).await;
        assert_eq!(
            message(&body),
            "Unknown field \"receiveMedicalCertificate\" on type \"Mutation\".",
            "{who}: {body}"
        );
    }
    // The auditor's and the partner's views have no dossier, no case.
    for (who, token) in [("auditor", &auditor), ("partner", &partner)] {
        for query in [
            "query($case: ID!) { medicalCase(id: $case) { certificate } }",
            "query($id: ID!) { dossier(id: $id) { id } }",
        ] {
            let body = probe(&format!("{who} field"), query, vars.clone(), token).await;
            assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "{who}: {body}");
        }
    }
    // In the OFII view, an agent who is not a doctor asks the content and gets an error quoting nothing.
    let body = probe("ofii agent case", operation!("ofii/MedicalCase"), json!({ "id": case }), &ofii_agent).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let case_data = &body["data"]["medicalCase"];
    assert_eq!(
        (&case_data["certificate"], &case_data["report"], &case_data["opinion"]["report"]),
        (&Value::Null, &Value::Null, &Value::Null),
        "{body}"
    );
    let body = probe("ofii agent queue", operation!("ofii/MedicalQueue"), json!({}), &ofii_agent).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    // A doctor of another territory does not even learn that the case exists.
    let body = probe("lyon case", operation!("ofii/MedicalCase"), json!({ "id": case }), &lyon_doctor).await;
    let (_, missing) =
        app.graphql(operation!("ofii/MedicalCase"), json!({ "id": missing_case }), Some(&lyon_doctor)).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    assert_eq!(body["errors"][0]["message"], missing["errors"][0]["message"]);
    let body =
        probe("lyon dossier", operation!("ofii/MedicalCaseProgress"), json!({ "id": dossier }), &lyon_doctor).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let body = probe("lyon queue", operation!("ofii/MedicalQueue"), json!({ "first": 100 }), &lyon_doctor).await;
    assert_eq!(body["data"]["medicalQueue"]["edges"], json!([]), "{body}");

    // `node(id:)`: the case's id answers exactly as an id that names nothing, for everyone.
    let node = "query($id: ID!) { node(id: $id) { id } }";
    let everyone = [
        ("person", &actors.person),
        ("instructor", &actors.instructor),
        ("signatory", &actors.signatory),
        ("ofii agent", &ofii_agent),
        ("lyon doctor", &lyon_doctor),
        ("auditor", &auditor),
        ("partner", &partner),
    ];
    for (who, token) in everyone {
        let body = probe(&format!("{who} node"), node, json!({ "id": case }), token).await;
        let (_, missing) = app.graphql(node, json!({ "id": missing_case }), Some(token)).await;
        assert_eq!(body, missing, "{who}: node(id:) tells a case from a missing one");
        assert!(body["data"]["node"].is_null(), "{who}: {body}");
    }

    // Lists: the dossier with its timeline and details, notifications, the home screen, work queues, journals.
    probe("person dossier", operation!("mobile/Dossier"), json!({ "id": dossier }), &actors.person).await;
    probe("person follow-up", operation!("mobile/DossierFollowUp"), json!({ "id": dossier }), &actors.person).await;
    probe("person notifications", operation!("mobile/Notifications"), json!({ "first": 50 }), &actors.person).await;
    probe("person home", operation!("mobile/Home"), json!({}), &actors.person).await;
    for (who, token) in [("instructor", &actors.instructor), ("signatory", &actors.signatory)] {
        probe(&format!("{who} dossier"), operation!("ministry/Dossier"), json!({ "id": dossier }), token).await;
        probe(&format!("{who} queue"), operation!("ministry/WorkQueue"), json!({ "first": 100 }), token).await;
        probe(&format!("{who} thread"), operation!("ministry/DossierThread"), json!({ "id": dossier }), token).await;
    }
    let body =
        probe("ofii agent progress", operation!("ofii/MedicalCaseProgress"), json!({ "id": dossier }), &ofii_agent)
            .await;
    assert_eq!(body["data"]["dossier"]["medicalCase"]["status"], "TRANSMITTED", "{body}");
    probe("ofii agent thread", operation!("ofii/DossierThread"), json!({ "id": dossier }), &ofii_agent).await;
    let journal = "{ accessJournal(first: 100) { nodes { kind agentId role organisation subjectId operation } } }";
    let body = probe("auditor journal", journal, json!({}), &auditor).await;
    assert!(body["data"]["accessJournal"]["nodes"].as_array().is_some_and(|n| !n.is_empty()), "{body}");

    // Errors: refusals and validation messages never quote the content they were given.
    let input = json!({ "medicalCaseId": case, "expectedVersion": 99, "report": REPORT_CANARY });
    probe("ofii agent write", operation!("ofii/WriteMedicalReport"), json!({ "input": input }), &ofii_agent).await;
    let input = json!({ "dossierId": dossier, "certificate": CERTIFICATE_CANARY });
    let body = probe(
        "ofii agent receive",
        operation!("ofii/ReceiveMedicalCertificate"),
        json!({ "input": input }),
        &ofii_agent,
    )
    .await;
    assert_eq!(body["data"]["receiveMedicalCertificate"]["userErrors"][0]["code"], "NOT_ALLOWED", "{body}");
    let long = format!("{CERTIFICATE_CANARY} {}", "x".repeat(20_001));
    let input = json!({ "dossierId": dossier, "certificate": long });
    let body =
        probe("lyon receive", operation!("ofii/ReceiveMedicalCertificate"), json!({ "input": input }), &lyon_doctor)
            .await;
    assert_eq!(body["data"]["receiveMedicalCertificate"]["userErrors"][0]["code"], "INVALID", "{body}");
    bodies
}

on_both_databases! {
    async fn medical_content_is_unreachable_for_every_non_doctor_through_every_path(app) {
        let actors = Actors::new(&app, "Traore").await;
        let id = awaiting_opinion(&app, &actors).await;
        let (case, v) = opinion_issued(&app, &id).await;
        transmit(&app, &doctor(&app, "dr-a"), &case, v).await;
        // Control: the doctors of the territory do read the content, so the probes below can fail.
        let full = app.run(operation!("ofii/MedicalCase"), json!({ "id": case }), &doctor(&app, "dr-a")).await;
        assert!(full["medicalCase"]["certificate"].as_str().is_some_and(|c| c.contains(CERTIFICATE_CANARY)), "{full}");
        assert!(full["medicalCase"]["report"].as_str().is_some_and(|r| r.contains(REPORT_CANARY)), "{full}");
        assert!(full["medicalCase"]["opinion"]["report"].as_str().is_some_and(|r| r.contains(REPORT_CANARY)), "{full}");

        let bodies = outsider_bodies(&app, &actors, &id, &case).await;
        assert!(bodies.len() > 40, "{} probes", bodies.len());
        for (name, body) in bodies {
            let text = body.to_string();
            assert!(!text.contains(CERTIFICATE_CANARY) && !text.contains(REPORT_CANARY), "{name}: medical content leaked: {text}");
            assert!(!text.contains("Did you mean"), "{name}: a suggestion leaked a field name: {text}");
        }
    }
}

on_both_databases! {
    async fn the_doctors_queue_lists_what_waits_on_each_doctor_a_page_at_a_time(app) {
        let actors = Actors::new(&app, "Camara").await;
        let mut dossiers = Vec::new();
        for _ in 0..3 {
            let id = start(&app, &actors.person, "FIRST_PERMIT_SICK_FOREIGNER").await;
            dossiers.push(id);
        }
        let coordinator = doctor(&app, "dr-coord");
        let mut cases = Vec::new();
        for id in &dossiers {
            cases.push(receive(&app, &coordinator, id, "Certificate").await);
        }
        // The third case goes to rapporteur dr-x: it waits on dr-x only.
        let (third, v) = cases[2].clone();
        let input = json!({ "medicalCaseId": third, "expectedVersion": v, "doctorId": "dr-x" });
        app.mutate(operation!("ofii/DesignateRapporteur"), "designateRapporteur", input, &coordinator).await;
        let queue = async |token: &str, first: i64, after: Option<&str>| {
            app.run(operation!("ofii/MedicalQueue"), json!({ "first": first, "after": after }), token).await["medicalQueue"].clone()
        };
        let ids = |page: &Value| -> Vec<String> {
            page["edges"].as_array().expect("edges").iter().map(|e| e["node"]["id"].as_str().expect("id").to_owned()).collect()
        };
        let page = queue(&doctor(&app, "dr-y"), 100, None).await;
        assert_eq!(ids(&page), [cases[0].0.clone(), cases[1].0.clone()], "{page}");
        let mine = queue(&doctor(&app, "dr-x"), 1, None).await;
        assert_eq!(ids(&mine), [cases[0].0.clone()]);
        assert_eq!(mine["pageInfo"]["hasNextPage"], true);
        let rest = queue(&doctor(&app, "dr-x"), 2, mine["pageInfo"]["endCursor"].as_str()).await;
        assert_eq!(ids(&rest), [cases[1].0.clone(), third.clone()], "{rest}");
        assert_eq!(rest["pageInfo"]["hasNextPage"], false);
        let edge = &rest["edges"][1]["node"];
        assert_eq!((&edge["status"], &edge["rapporteurId"]), (&json!("RAPPORTEUR_DESIGNATED"), &json!("dr-x")));
        assert_eq!(edge["dossier"]["person"]["familyName"], "Camara", "{edge}");
        // Relations are loaded per page, not per row: three rows cost what one does.
        let before = app.sql_statements().await;
        queue(&doctor(&app, "dr-x"), 1, None).await;
        let one = app.sql_statements().await - before;
        let before = app.sql_statements().await;
        queue(&doctor(&app, "dr-x"), 3, None).await;
        let three = app.sql_statements().await - before;
        assert_eq!(one, three, "a page of three cost {three} statements, a page of one {one}");
    }
}

on_both_databases! {
    async fn the_doctors_reads_and_writes_are_in_the_access_journal(app) {
        let actors = Actors::new(&app, "Sow").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_SICK_FOREIGNER").await;
        let (case, _) = receive(&app, &doctor(&app, "dr-2"), &id, "Certificate").await;
        app.run(operation!("ofii/MedicalCase"), json!({ "id": case }), &doctor(&app, "dr-2")).await;
        let (_, body) = app.graphql("{ me { person { accesses { nodes { kind role organisation } } } } }", json!({}), Some(&actors.person)).await;
        let seen = body["data"]["me"]["person"]["accesses"]["nodes"].as_array().cloned().unwrap_or_else(|| panic!("{body}"));
        let by_doctor = |kind: &str| seen.iter().any(|a| a["kind"] == kind && a["role"] == "ofii_doctor");
        assert!(by_doctor("WRITE"), "{seen:?}");
        assert!(by_doctor("READ"), "{seen:?}");
    }
}

on_both_databases! {
    async fn no_case_is_opened_on_a_dossier_that_needs_no_opinion(app) {
        let actors = Actors::new(&app, "Nguyen").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let input = json!({ "input": { "dossierId": id, "certificate": "Certificate" } });
        let (_, body) = app.graphql(operation!("ofii/ReceiveMedicalCertificate"), input, Some(&doctor(&app, "dr-3"))).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "OFII does not see a student's dossier: {body}");
        let mine = read_mine(&app, &actors.person, &id).await;
        assert_eq!((&mine["needsMedicalOpinion"], &mine["medicalOpinionStatus"], &mine["medicalOpinion"]), (&json!(false), &Value::Null, &Value::Null));
    }
}
