//! Whole residence journeys, walked through the front ends' own operations (`tests/operations/mobile/` and
//! `tests/operations/ministry/`), on SQLite and on PostgreSQL. The server's clock is moved forward to reach legal
//! dates, and its clock job is run as the scheduler runs it.

mod journey;

use chrono::{Duration, Months, NaiveDate};
use hipe_domain::AgentRole;
use hipe_domain::permit::{DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, Rights, Work};
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, on_both_databases, operation};
use journey::{
    Actors, STUDENT_DOCUMENTS, accept_all, add_documents, advance, document, grant, home, kinds, notification_keys,
    paris, production, read, read_mine, start, submit, under_review,
};
use serde_json::{Value, json};
use uuid::Uuid;

fn date(value: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(value.as_str().unwrap_or_else(|| panic!("a date: {value}")), "%Y-%m-%d").expect("date")
}

on_both_databases! {
    /// (1) A student's first permit, from draft to delivered card, with a request for documents on the way.
    async fn a_students_first_permit_from_draft_to_delivered_card(app) {
        let actors = Actors::new(&app, "Diallo").await;
        // The catalogue tells her what she needs in her situation: the host's attestation only when hosted.
        let catalogue = |situations: Value| app.run(operation!("mobile/Catalogue"), json!({ "situations": situations }), &actors.person);
        let student = |data: &Value| {
            data["procedures"].as_array().expect("procedures").iter().find(|p| p["code"] == "FIRST_PERMIT_STUDENT").cloned().expect("student")
        };
        let types = |procedure: &Value| -> Vec<String> {
            procedure["requiredDocuments"].as_array().expect("docs").iter().map(|d| d["documentType"].as_str().expect("type").to_owned()).collect()
        };
        let alone = student(&catalogue(json!([])).await);
        let hosted = student(&catalogue(json!(["HOSTED"])).await);
        assert_eq!(types(&alone), STUDENT_DOCUMENTS);
        assert!(types(&hosted).contains(&"HOST_ATTESTATION".to_owned()));
        assert_eq!(alone["fees"]["totalCents"], 15_000, "the 2026 fees: 100 € reduced tax and 50 € stamp");
        assert_eq!(alone["produces"], "TEMPORARY_PERMIT");

        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let filled = app.mutate(operation!("mobile/AmendDossier"), "amendDossier", json!({
            "dossierId": id, "answers": [{ "field": "school", "value": "Sorbonne Université" }], "situations": [],
        }), &actors.person).await;
        assert_eq!(filled["dossier"]["answers"], json!([{ "name": "school", "value": "Sorbonne Université" }]));
        add_documents(&app, &actors.person, &id, &["PASSPORT", "BIRTH_CERTIFICATE", "PHOTO", "ENROLMENT_CERTIFICATE"]).await;
        submit(&app, &actors.person, &id).await;

        // The deposit certificate is in her documents at once; it proves the filing, not a right.
        let screen = home(&app, &actors.person).await;
        let documents = &screen["me"]["person"]["residenceDocuments"];
        assert_eq!(documents[0]["kind"], "DEPOSIT_CERTIFICATE", "{screen}");
        assert_eq!((documents[0]["stayRight"].as_bool(), documents[0]["workAllowed"].as_bool()), (Some(false), Some(false)));
        let mine = &screen["me"]["person"]["dossiers"]["nodes"][0];
        let missing: Vec<&str> = mine["missingDocuments"].as_array().expect("missing").iter().filter_map(|d| d["documentType"].as_str()).collect();
        assert_eq!(missing, ["PROOF_OF_ADDRESS", "PROOF_OF_RESOURCES"]);
        assert_eq!(mine["nextStep"]["code"], "AWAIT_COMPLETENESS_CHECK");
        assert_eq!(mine["serviceInCharge"]["territory"], "75");

        // The instructor cannot declare it complete with documents missing; asks for them instead.
        let input = json!({ "dossierId": id, "step": "DECLARE_COMPLETE" });
        assert_eq!(app.refused(operation!("ministry/AdvanceInstruction"), "advanceInstruction", input, &actors.instructor).await, "PRECONDITION_FAILED");
        let due = app.today() + Duration::days(30);
        let requested = app.mutate(operation!("ministry/RequestDocuments"), "requestDocuments", json!({
            "dossierId": id, "documentTypes": ["PROOF_OF_ADDRESS", "PROOF_OF_RESOURCES"],
            "reason": "Un justificatif de domicile et de ressources de moins de trois mois.", "dueOn": due.to_string(),
        }), &actors.instructor).await;
        assert_eq!(requested["dossier"]["status"], "INCOMPLETE");
        let mine = &home(&app, &actors.person).await["me"]["person"]["dossiers"]["nodes"][0];
        assert_eq!((mine["nextStep"]["code"].as_str(), mine["nextStep"]["dueOn"].as_str()), (Some("PROVIDE_DOCUMENTS"), Some(due.to_string().as_str())));
        assert!(notification_keys(&app, &actors.person).await.contains(&"dossier.documentsRequested".to_owned()));

        // One document is not enough; the second answers the request and the file goes back to the instructor.
        add_documents(&app, &actors.person, &id, &["PROOF_OF_ADDRESS"]).await;
        assert_eq!(read_mine(&app, &actors.person, &id).await["status"], "INCOMPLETE");
        let answered = app.mutate(operation!("mobile/AddDocument"), "addDocument", document(&id, "PROOF_OF_RESOURCES"), &actors.person).await;
        assert_eq!(answered["dossier"]["status"], "SUBMITTED");

        accept_all(&app, &actors.instructor, &id).await;
        let complete = advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        let complete_on = date(&complete["dossier"]["legalDates"]["completeOn"]);
        assert_eq!(date(&complete["dossier"]["legalDates"]["silenceOn"]), complete_on + Months::new(4));
        advance(&app, &actors.instructor, &id, "START_REVIEW").await;

        // Only a signatory decides.
        let decide = json!({ "dossierId": id, "outcome": "GRANT" });
        assert_eq!(app.refused(operation!("ministry/DecideDossier"), "decideDossier", decide, &actors.instructor).await, "NOT_ALLOWED");
        let paid = app.run(operation!("mobile/RecordTaxStamp"), json!({
            "dossierId": id, "stampNumber": "1234 5678 9012 3456", "amountCents": 15_000,
        }), &actors.person).await;
        assert_eq!(paid["recordTaxStamp"]["dossier"]["feesPaidCents"], paid["recordTaxStamp"]["dossier"]["feesDueCents"], "{paid}");
        let granted = grant(&app, &actors.signatory, &id).await;
        let follow_up = app.run(operation!("mobile/DossierFollowUp"), json!({ "id": id }), &actors.person).await;
        assert_eq!(follow_up["dossier"]["payments"][0]["status"], "CONSUMED", "the tax is due on the decision");
        assert_eq!(granted["dossier"]["decision"]["kind"], "GRANT");
        assert_eq!(granted["dossier"]["decision"]["appealRoutes"], json!([]));

        production(&app, &actors.instructor, &id, "IN_PRODUCTION").await;
        production(&app, &actors.instructor, &id, "AVAILABLE").await;
        assert_eq!(home(&app, &actors.person).await["me"]["person"]["dossiers"]["nodes"][0]["nextStep"]["code"], "COLLECT_PERMIT");
        let delivered = production(&app, &actors.desk, &id, "DELIVERED").await;
        assert_eq!(delivered["dossier"]["status"], "PERMIT_DELIVERED");

        // Her card is in force, with the student's work limit written on it.
        let rights = &home(&app, &actors.person).await["me"]["person"]["currentRights"];
        assert_eq!(rights["stay"], true);
        assert_eq!((rights["workAllowed"].as_bool(), rights["workLimitHoursPerYear"].as_i64()), (Some(true), Some(964)));
        assert_eq!(rights["groundedOn"], "TEMPORARY_PERMIT");
        let timeline = kinds(&read_mine(&app, &actors.person, &id).await);
        let expected_order = ["STARTED", "FILLED", "SUBMITTED", "DEPOSIT_CERTIFICATE_ISSUED", "DOCUMENTS_REQUESTED", "DOCUMENTS_PROVIDED",
            "DECLARED_COMPLETE", "REVIEW_STARTED", "GRANTED", "PERMIT_ORDERED", "PERMIT_AVAILABLE", "PERMIT_DELIVERED"];
        let milestones: Vec<&str> = timeline.iter().map(String::as_str).filter(|k| expected_order.contains(k)).collect();
        assert_eq!(milestones, expected_order);
        let keys = notification_keys(&app, &actors.person).await;
        for key in ["dossier.depositCertificateIssued", "dossier.declaredComplete", "dossier.granted", "dossier.permitAvailable"] {
            assert!(keys.contains(&key.to_owned()), "{key} in {keys:?}");
        }
        // She reads them all: none stays unread.
        let unread = || app.run(operation!("mobile/Notifications"), json!({ "unreadOnly": true, "first": 50 }), &actors.person);
        let newest = unread().await["notifications"]["nodes"][0]["id"].clone();
        let marked = app.run(operation!("mobile/MarkNotificationsRead"), json!({ "input": { "upTo": newest } }), &actors.person).await;
        assert_eq!(marked["markNotificationsRead"]["marked"].as_u64(), Some(keys.len() as u64));
        assert_eq!(unread().await["notifications"]["nodes"], json!([]));
    }
}

/// Records a permit the person holds, ending `days` from today on the server's clock (no API issues permits but
/// the handover of a granted dossier).
async fn hold_permit(app: &TestApp, person: PersonId, days: i64, work: Work) -> String {
    let number = format!("75X{}", &Uuid::now_v7().simple().to_string()[20..32]).to_uppercase();
    let today = app.today();
    let document = hipe_domain::permit::ResidenceDocument::new(DocumentParts {
        id: hipe_domain::permit::ResidenceDocumentId::from_uuid(Uuid::now_v7()),
        number: DocumentNumber::parse(&number).expect("number"),
        holder: person,
        kind: DocumentKind::TemporaryPermit,
        motive: Some(Motive::parse("EMPLOYEE").expect("motive")),
        valid_from: today - Duration::days(365 - days),
        valid_until: today + Duration::days(days),
        rights: Rights { stay: true, work },
        status: DocumentStatus::Valid,
        created_at: chrono::Utc::now(),
    })
    .expect("a valid permit");
    hipe_domain::permit::ResidenceDocumentRepository::insert(&app.database.residence_documents(), &document)
        .await
        .expect("stored");
    number
}

on_both_databases! {
    /// (2) A renewal whose instruction outlasts the current card: an extension certificate is issued before the
    /// card ends and renewed before it ends in turn, and the right to work never lapses — also as a partner sees it.
    async fn failure_extension_certificates_not_renewed_a_renewal_outlasting_the_card_stays_covered(app) {
        let person = app.create_person("Kovalenko").await;
        let actors = Actors::for_person(&app, person);
        hold_permit(&app, person, 20, Work::Full).await;
        let id = start(&app, &actors.person, "PERMIT_RENEWAL").await;
        app.mutate(operation!("mobile/AmendDossier"), "amendDossier", json!({ "dossierId": id, "situations": ["EMPLOYEE"] }), &actors.person).await;
        add_documents(&app, &actors.person, &id, &["PASSPORT", "CURRENT_PERMIT", "PROOF_OF_ADDRESS", "PHOTO", "PAYSLIPS"]).await;
        let filed = submit(&app, &actors.person, &id).await;
        let card_ends = app.today() + Duration::days(20);
        assert_eq!(date(&filed["dossier"]["legalDates"]["renewedUntil"]), card_ends, "filed in time: before the card ends");
        accept_all(&app, &actors.instructor, &id).await;
        advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        advance(&app, &actors.instructor, &id, "START_REVIEW").await;

        let partner = app.create_partner("Intérim Nord", &[hipe_domain::actor::Scope::PermitVerify]).await;
        let partner_token = app.partner_token(&partner).await;
        let query = "query($n: String!, $b: PartialDate!) { verifyResidenceRight(documentNumber: $n, birthDate: $b) { valid workAllowed kind validUntil } }";
        let rights = |screen: &Value| screen["me"]["person"]["currentRights"].clone();

        // Six days later the card ends in 14 days: the clock issues the first extension certificate.
        app.advance_days(6);
        assert_eq!(app.run_clocks().await.extensions, 1);
        let screen = home(&app, &actors.person).await;
        let certificate = screen["me"]["person"]["residenceDocuments"].as_array().expect("docs").iter()
            .find(|d| d["kind"] == "EXTENSION_CERTIFICATE").cloned().expect("an extension certificate");
        assert_eq!(date(&certificate["validFrom"]), card_ends + Duration::days(1), "no day without a document");
        assert_eq!(certificate["workAllowed"], true, "it carries the renewed card's work right");
        let number = certificate["number"].as_str().expect("number").to_owned();
        assert!(app.run_clocks().await.extensions == 0, "issued once");

        // After the card ended, the certificate grounds the right to stay and to work — for the partner too.
        app.advance_days(20);
        let now = rights(&home(&app, &actors.person).await);
        assert_eq!((now["stay"].as_bool(), now["workAllowed"].as_bool(), now["groundedOn"].as_str()), (Some(true), Some(true), Some("EXTENSION_CERTIFICATE")));
        let checked = app.run(query, json!({ "n": number, "b": "1990-06" }), &partner_token).await["verifyResidenceRight"].clone();
        assert_eq!((checked["valid"].as_bool(), checked["workAllowed"].as_bool()), (Some(true), Some(true)), "{checked}");

        // The instruction goes on: the certificate is renewed before it ends, automatically.
        let first_until = date(&certificate["validUntil"]);
        app.advance_days((first_until - app.today()).num_days() - 10);
        assert_eq!(app.run_clocks().await.extensions, 1);
        let dossier = read(&app, &actors.instructor, &id).await;
        assert!(date(&dossier["legalDates"]["extendedUntil"]) > first_until, "{dossier}");
        assert_eq!(kinds(&dossier).iter().filter(|k| *k == "EXTENSION_CERTIFICATE_ISSUED").count(), 2);
        app.advance_days(11);
        let now = rights(&home(&app, &actors.person).await);
        assert_eq!((now["stay"].as_bool(), now["workAllowed"].as_bool()), (Some(true), Some(true)), "covered by the renewed certificate");
        assert_eq!(dossier["status"], "UNDER_REVIEW", "still no decision, and no implicit refusal yet");

        // Granted and delivered: the new card takes over.
        grant(&app, &actors.signatory, &id).await;
        for stage in ["IN_PRODUCTION", "AVAILABLE", "DELIVERED"] {
            production(&app, &actors.instructor, &id, stage).await;
        }
        let now = rights(&home(&app, &actors.person).await);
        assert_eq!((now["workAllowed"].as_bool(), now["groundedOn"].as_str()), (Some(true), Some("TEMPORARY_PERMIT")));
        assert_eq!(app.run_clocks().await.extensions, 0, "no certificate once decided");
    }
}

on_both_databases! {
    /// (3) The silence period passes without a decision: an implicit refusal, then the person asks for the reasons
    /// and the prefecture communicates them within the month.
    async fn failure_silence_then_implicit_refusal_the_person_is_told_and_gets_the_reasons(app) {
        let actors = Actors::new(&app, "Benali").await;
        let id = under_review(&app, &actors).await;
        let screen = home(&app, &actors.person).await;
        let silence = date(&screen["me"]["person"]["dossiers"]["nodes"][0]["legalDates"]["silenceOn"]);
        assert_eq!(silence, app.today() + Months::new(4), "the person sees when silence becomes a refusal");

        app.advance_days((silence - app.today()).num_days() - 1);
        assert_eq!(app.run_clocks().await.implicit_refusals, 0, "not the day before");
        app.advance_days(1);
        assert_eq!(app.run_clocks().await.implicit_refusals, 1);
        let mine = read_mine(&app, &actors.person, &id).await;
        assert_eq!(mine["status"], "IMPLICITLY_REFUSED");
        assert_eq!(mine["decision"]["kind"], "IMPLICIT_REFUSAL");
        assert_eq!(mine["decision"]["signatory"]["kind"], "SYSTEM");
        assert_eq!(mine["decision"]["appealRoutes"].as_array().map(Vec::len), Some(3));
        assert_eq!(mine["nextStep"]["code"], "ASK_REASONS_OR_APPEAL");
        assert!(notification_keys(&app, &actors.person).await.contains(&"dossier.implicitlyRefused".to_owned()));

        let asked = app.mutate(operation!("mobile/RequestReasons"), "requestReasons", json!({ "dossierId": id }), &actors.person).await;
        assert_eq!(date(&asked["dossier"]["legalDates"]["reasonsDueOn"]), app.today() + Months::new(1));
        let again = app.refused(operation!("mobile/RequestReasons"), "requestReasons", json!({ "dossierId": id }), &actors.person).await;
        assert_eq!(again, "PRECONDITION_FAILED");

        // The reasons due now order the work queue.
        let filter = json!({ "statuses": ["IMPLICITLY_REFUSED"] });
        let queue = app.run(operation!("ministry/WorkQueue"), json!({ "first": 10, "filter": filter }), &actors.instructor).await;
        let line = queue["workQueue"]["edges"].as_array().expect("edges").iter().map(|e| &e["node"]).find(|n| n["id"] == id.as_str()).cloned().expect("in the queue");
        assert_eq!(line["attentionOn"], asked["dossier"]["legalDates"]["reasonsDueOn"]);

        let reasons = "Les pièces produites ne justifient pas d'un contrat de travail en cours.";
        let answered = app.mutate(operation!("ministry/CommunicateReasons"), "communicateReasons",
            json!({ "dossierId": id, "reasons": reasons }), &actors.instructor).await;
        assert_eq!(answered["dossier"]["decision"]["reasons"], reasons);
        assert!(notification_keys(&app, &actors.person).await.contains(&"dossier.reasonsCommunicated".to_owned()));
    }
}

on_both_databases! {
    /// (4) A person with neither e-mail nor phone is registered at the desk, and their dossier filed there on their
    /// behalf — the substitute channel, with the same state machine as online.
    async fn failure_substitute_channel_a_desk_filing_for_a_person_without_email_or_phone(app) {
        let desk = app.token(&paris(AgentRole::PrefectureDesk));
        let registered = app.mutate(operation!("ministry/RecordIdentity"), "recordIdentity", json!({
            "source": "PASSPORT", "familyName": "Ahmadi", "givenNames": ["Farid"], "birthDate": "1979",
            "nationalities": ["AFG"], "documentNumber": "P0123456",
        }), &desk).await;
        assert_eq!(registered["identityRecord"]["familyName"], "Ahmadi");
        let person = registered["person"]["id"].as_str().expect("a registered person").to_owned();
        assert_eq!((registered["person"]["email"].clone(), registered["person"]["phone"].clone()), (Value::Null, Value::Null));

        let filed = app.mutate(operation!("ministry/FileAtDesk"), "startDossier", json!({
            "procedureCode": "FIRST_PERMIT_PRIVATE_FAMILY_LIFE", "territory": "75", "personId": person, "vulnerable": true,
        }), &desk).await;
        assert_eq!((filed["dossier"]["channel"].as_str(), filed["dossier"]["vulnerable"].as_bool()), (Some("DESK"), Some(true)));
        let id = filed["dossier"]["id"].as_str().expect("id").to_owned();
        for kind in ["PASSPORT", "BIRTH_CERTIFICATE", "PROOF_OF_ADDRESS", "PHOTO"] {
            app.mutate(operation!("ministry/AddDocument"), "addDocument", document(&id, kind), &desk).await;
        }
        app.mutate(operation!("ministry/AmendDossier"), "amendDossier", json!({ "dossierId": id, "situations": ["MARRIED"] }), &desk).await;
        app.mutate(operation!("ministry/AddDocument"), "addDocument", document(&id, "MARRIAGE_CERTIFICATE"), &desk).await;
        let submitted = app.mutate(operation!("ministry/SubmitDossier"), "submitDossier", json!({ "dossierId": id }), &desk).await;
        assert_eq!(submitted["dossier"]["status"], "SUBMITTED");

        let instructor = app.token(&paris(AgentRole::PrefectureInstructor));
        let dossier = read(&app, &instructor, &id).await;
        assert_eq!(dossier["person"]["familyName"], "Ahmadi");
        let desk_events: Vec<&Value> = dossier["events"].as_array().expect("events").iter().filter(|e| e["actor"]["kind"] == "AGENT").collect();
        assert!(desk_events.iter().all(|e| e["actor"]["role"] == "prefecture_desk"), "{dossier}");
        assert!(kinds(&dossier).contains(&"DEPOSIT_CERTIFICATE_ISSUED".to_owned()), "a receipt at the desk too");
        // Vulnerability brings the deadlines forward: the nominal target is 120 days after filing, less 30.
        assert_eq!(date(&dossier["attentionOn"]), app.today() + Duration::days(90));
        accept_all(&app, &instructor, &id).await;
        let complete = advance(&app, &instructor, &id, "DECLARE_COMPLETE").await;
        assert_eq!(complete["dossier"]["status"], "COMPLETE", "the same state machine as online");
    }
}

on_both_databases! {
    /// (5) An amendment after submission: the answer changes, the timeline keeps the previous value, and
    /// spontaneous documents still go in — every version kept.
    async fn failure_no_correction_after_filing_an_amendment_keeps_the_previous_answer(app) {
        let actors = Actors::new(&app, "Nguyen").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let answer = |school: &str| json!({ "dossierId": id, "answers": [{ "field": "school", "value": school }] });
        app.mutate(operation!("mobile/AmendDossier"), "amendDossier", answer("Sorbonne Université"), &actors.person).await;
        add_documents(&app, &actors.person, &id, &["PASSPORT"]).await;
        submit(&app, &actors.person, &id).await;

        let amended = app.mutate(operation!("mobile/AmendDossier"), "amendDossier", answer("Université Lyon 2"), &actors.person).await;
        assert_eq!(amended["dossier"]["status"], "SUBMITTED");
        assert_eq!(amended["dossier"]["answers"], json!([{ "name": "school", "value": "Université Lyon 2" }]));
        add_documents(&app, &actors.person, &id, &["PASSPORT", "PROOF_OF_ADDRESS"]).await;

        let dossier = read(&app, &actors.instructor, &id).await;
        let amendment = dossier["events"].as_array().expect("events").iter().find(|e| e["kind"] == "AMENDED").cloned().expect("an amendment");
        assert_eq!(amendment["details"], json!([{ "name": "school", "value": "Sorbonne Université" }]), "the previous value is kept");
        let passports: Vec<&str> = dossier["documents"].as_array().expect("docs").iter()
            .filter(|d| d["documentType"] == "PASSPORT").filter_map(|d| d["review"].as_str()).collect();
        assert_eq!(passports, ["SUPERSEDED", "PENDING"], "both versions stay in the file");
        assert!(kinds(&dossier).iter().filter(|k| *k == "DOCUMENT_ADDED").count() == 3);
    }
}
