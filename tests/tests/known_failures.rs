//! The failures people suffer today on the residence journey (`shared/reference/domain-research.md` §4), each as a
//! scenario named after it that shows HIPE does better. The longer ones — extension certificates not renewed,
//! silence then implicit refusal, the substitute channel, no correction after filing — walk whole journeys in
//! `residence_journey.rs` under the same `failure_` names.

mod journey;

use chrono::{Duration, Months, NaiveDate};
use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, on_both_databases, operation};
use journey::{Actors, accept_all, add_documents, advance, home, kinds, read, read_mine, start, submit, under_review};
use serde_json::{Value, json};

fn date(value: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(value.as_str().unwrap_or_else(|| panic!("a date: {value}")), "%Y-%m-%d").expect("date")
}

on_both_databases! {
    /// #1 (no receipt): every submission, online or at the desk, issues a deposit certificate the person holds at
    /// once, with its number in a notification.
    async fn failure_no_receipt_every_submission_issues_a_deposit_certificate(app) {
        let actors = Actors::new(&app, "Mensah").await;
        for procedure in ["FIRST_PERMIT_STUDENT", "TRAVEL_DOCUMENT_MINOR"] {
            let id = start(&app, &actors.person, procedure).await;
            submit(&app, &actors.person, &id).await;
        }
        let screen = home(&app, &actors.person).await;
        let certificates: Vec<&Value> = screen["me"]["person"]["residenceDocuments"].as_array().expect("documents").iter()
            .filter(|d| d["kind"] == "DEPOSIT_CERTIFICATE").collect();
        assert_eq!(certificates.len(), 2, "{screen}");
        let notified = screen["notifications"]["nodes"].as_array().expect("notifications").iter()
            .filter(|n| n["key"] == "dossier.depositCertificateIssued").count();
        assert_eq!(notified, 2);
        let message = screen["notifications"]["nodes"][0]["message"].as_str().expect("message");
        assert!(certificates.iter().any(|c| message.contains(c["number"].as_str().expect("number"))), "{message}");
    }
}

on_both_databases! {
    /// #2 (one procedure at a time): a renewal, a travel document for a child and a duplicate run at once.
    async fn failure_one_procedure_at_a_time_several_dossiers_run_at_once(app) {
        let actors = Actors::new(&app, "Traoré").await;
        for procedure in ["PERMIT_RENEWAL", "TRAVEL_DOCUMENT_MINOR", "PERMIT_DUPLICATE"] {
            let id = start(&app, &actors.person, procedure).await;
            submit(&app, &actors.person, &id).await;
        }
        let dossiers = &home(&app, &actors.person).await["me"]["person"]["dossiers"]["nodes"];
        let statuses: Vec<&str> = dossiers.as_array().expect("dossiers").iter().filter_map(|d| d["status"].as_str()).collect();
        assert_eq!(statuses, ["SUBMITTED", "SUBMITTED", "SUBMITTED"]);
    }
}

on_both_databases! {
    /// #3 (cannot correct or cancel after filing): documents added after filing, and a withdrawal at any open
    /// step; only a decided dossier is closed to withdrawal.
    async fn failure_no_cancel_after_filing_the_person_withdraws_an_open_dossier(app) {
        let actors = Actors::new(&app, "Haddad").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        submit(&app, &actors.person, &id).await;
        add_documents(&app, &actors.person, &id, &["PASSPORT"]).await;
        let withdrawn = app.mutate(operation!("mobile/WithdrawDossier"), "withdrawDossier",
            json!({ "dossierId": id, "reason": "Je quitte la France." }), &actors.person).await;
        assert_eq!(withdrawn["dossier"]["status"], "WITHDRAWN");
    }
}

on_both_databases! {
    /// #4 (no complete history): the timeline holds every step with its author, and the file every version of
    /// every document, rejected ones with their reason.
    async fn failure_no_history_every_step_and_document_version_is_kept(app) {
        let actors = Actors::new(&app, "Sow").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &["PHOTO"]).await;
        submit(&app, &actors.person, &id).await;
        let photo = read(&app, &actors.instructor, &id).await["documents"][0]["id"].clone();
        let reject = json!({ "dossierId": id, "documentId": photo, "accepted": false, "reason": "Photo floue." });
        app.mutate(operation!("ministry/ReviewDocument"), "reviewDocument", reject, &actors.instructor).await;
        add_documents(&app, &actors.person, &id, &["PHOTO"]).await;
        let mine = read_mine(&app, &actors.person, &id).await;
        let photos: Vec<(&str, &str)> = mine["documents"].as_array().expect("docs").iter()
            .map(|d| (d["review"].as_str().unwrap_or_default(), d["rejectionReason"].as_str().unwrap_or_default())).collect();
        assert_eq!(photos, [("REJECTED", "Photo floue."), ("PENDING", "")]);
        assert_eq!(kinds(&mine), ["STARTED", "DOCUMENT_ADDED", "SUBMITTED", "DEPOSIT_CERTIFICATE_ISSUED", "DOCUMENT_REVIEWED", "DOCUMENT_ADDED"]);
        let review = &mine["events"][4];
        assert_eq!((review["actor"]["kind"].as_str(), review["actor"]["role"].as_str()), (Some("AGENT"), Some("prefecture_instructor")));
        assert_eq!(review["reason"], "Photo floue.");
    }
}

on_both_databases! {
    /// #5 (opacity of delays): the person sees the service in charge, the step, the complete date and the silence
    /// date — in their language.
    async fn failure_no_visible_delay_the_service_the_step_and_the_silence_date_are_shown(app) {
        let actors = Actors::new(&app, "Okafor").await;
        under_review(&app, &actors).await;
        let (_, english) = app.client.post(app.graphql_url())
            .bearer_auth(&actors.person)
            .header("accept-language", "en")
            .json(&json!({ "query": operation!("mobile/Home") }))
            .send().await.map(|r| (r.status(), r)).expect("sent");
        let english: Value = english.json().await.expect("json");
        let dossier = &english["data"]["me"]["person"]["dossiers"]["nodes"][0];
        assert_eq!(dossier["nextStep"]["code"], "AWAIT_DECISION");
        assert_eq!(dossier["nextStep"]["label"], "The service is examining your application");
        assert_eq!(dossier["serviceInCharge"]["name"], "Prefecture — foreigners' service (75)");
        assert_eq!(date(&dossier["legalDates"]["silenceOn"]), date(&dossier["legalDates"]["completeOn"]) + Months::new(4));
        let french = home(&app, &actors.person).await;
        assert_eq!(french["me"]["person"]["dossiers"]["nodes"][0]["nextStep"]["label"], "Le service instruit votre demande");
    }
}

on_both_databases! {
    /// #7 (provisional documents without the work right): the extension certificate says what the renewed card
    /// allowed, and a partner checking it gets "work allowed".
    async fn failure_provisional_documents_without_the_work_right(app) {
        let person = app.create_person("Petrenko").await;
        let actors = Actors::for_person(&app, person);
        let today = app.today();
        let card = hipe_domain::permit::ResidenceDocument::new(hipe_domain::permit::DocumentParts {
            id: hipe_domain::permit::ResidenceDocumentId::from_uuid(uuid::Uuid::now_v7()),
            number: hipe_domain::permit::DocumentNumber::parse("69PT0000001").expect("number"),
            holder: person,
            kind: hipe_domain::permit::DocumentKind::TemporaryPermit,
            motive: Some(hipe_domain::permit::Motive::parse("EMPLOYEE").expect("motive")),
            valid_from: today - Duration::days(300),
            valid_until: today + Duration::days(10),
            rights: hipe_domain::permit::Rights { stay: true, work: hipe_domain::permit::Work::Full },
            status: hipe_domain::permit::DocumentStatus::Valid,
            created_at: chrono::Utc::now(),
        }).expect("card");
        hipe_domain::permit::ResidenceDocumentRepository::insert(&app.database.residence_documents(), &card).await.expect("stored");
        let id = start(&app, &actors.person, "PERMIT_RENEWAL").await;
        add_documents(&app, &actors.person, &id, &["PASSPORT", "CURRENT_PERMIT", "PROOF_OF_ADDRESS", "PHOTO"]).await;
        submit(&app, &actors.person, &id).await;
        accept_all(&app, &actors.instructor, &id).await;
        advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        assert_eq!(app.run_clocks().await.extensions, 1, "the card ends within the lead time");
        app.advance_days(11);
        let screen = home(&app, &actors.person).await;
        let certificate = screen["me"]["person"]["residenceDocuments"].as_array().expect("docs").iter()
            .find(|d| d["kind"] == "EXTENSION_CERTIFICATE").cloned().expect("certificate");
        assert_eq!((certificate["stayRight"].as_bool(), certificate["workAllowed"].as_bool(), certificate["motive"].as_str()), (Some(true), Some(true), Some("EMPLOYEE")));
        let partner = app.create_partner("Agence d'intérim", &[hipe_domain::actor::Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;
        let query = "query($n: String!) { verifyResidenceRight(documentNumber: $n, birthDate: \"1990-06\") { valid workAllowed kind } }";
        let checked = app.run(query, json!({ "n": certificate["number"] }), &token).await;
        assert_eq!(checked["verifyResidenceRight"], json!({ "valid": true, "workAllowed": true, "kind": "EXTENSION_CERTIFICATE" }));
    }
}

on_both_databases! {
    /// #14 (clocks reset by a request for documents): the silence clock starts at the complete date and nothing
    /// moves it afterwards — a request for documents is refused once the file is complete.
    async fn failure_clock_reset_by_a_request_for_documents(app) {
        let actors = Actors::new(&app, "Lopes").await;
        let id = under_review(&app, &actors).await;
        let before = read(&app, &actors.instructor, &id).await;
        let input = json!({ "dossierId": id, "documentTypes": ["PAYSLIPS"], "reason": "Encore une pièce.",
            "dueOn": (app.today() + Duration::days(15)).to_string() });
        let refused = app.refused(operation!("ministry/RequestDocuments"), "requestDocuments", input, &actors.instructor).await;
        assert_eq!(refused, "INVALID_TRANSITION");
        let after = read(&app, &actors.instructor, &id).await;
        assert_eq!(after["legalDates"], before["legalDates"]);
        assert_eq!(after["version"], before["version"]);
    }
}

on_both_databases! {
    /// #1 (filing blocked by a back-office flag): a renewal is filed even when HIPE holds no record of the card
    /// being renewed; the instructor sees there is none instead of the person being turned away.
    async fn failure_filing_blocked_when_the_previous_card_is_not_recorded(app) {
        let actors = Actors::new(&app, "Rahman").await;
        let id = start(&app, &actors.person, "PERMIT_RENEWAL").await;
        let filed = submit(&app, &actors.person, &id).await;
        assert_eq!(filed["dossier"]["status"], "SUBMITTED");
        assert_eq!(filed["dossier"]["legalDates"]["renewedUntil"], Value::Null);
    }
}

/// An agent of Marseille (13), where the demo seeds nothing.
fn marseille(role: AgentRole) -> Subject {
    Subject::Agent {
        id: format!("{}-13", role.code()),
        role,
        organisation: "Préfecture des Bouches-du-Rhône".into(),
        territories: vec![Territory::parse("13").expect("territory")],
    }
}

async fn file_in_marseille(app: &TestApp, token: &str, procedure: &str) -> String {
    let started = app
        .mutate(
            operation!("mobile/StartDossier"),
            "startDossier",
            json!({ "procedureCode": procedure, "territory": "13" }),
            token,
        )
        .await;
    let id = started["dossier"]["id"].as_str().expect("id").to_owned();
    submit(app, token, &id).await;
    id
}

on_both_databases! {
    /// #16 (no prioritisation): the work queue puts first the nearest legal deadline — a card ending soon before a
    /// file with no legal date — and brings a vulnerable person's forward.
    async fn failure_no_prioritisation_the_work_queue_orders_by_legal_risk(app) {
        let instructor = app.token(&marseille(AgentRole::PrefectureInstructor));
        let plain = Actors::new(&app, "Plain").await;
        let renewing = app.create_person("Renewing").await;
        let renewing_token = app.token(&Subject::Person(renewing));
        let vulnerable = Actors::new(&app, "Vulnerable").await;

        let ordinary = file_in_marseille(&app, &plain.person, "FIRST_PERMIT_EMPLOYEE").await;
        let card = hipe_domain::permit::ResidenceDocument::new(hipe_domain::permit::DocumentParts {
            id: hipe_domain::permit::ResidenceDocumentId::from_uuid(uuid::Uuid::now_v7()),
            number: hipe_domain::permit::DocumentNumber::parse("13PT0000001").expect("number"),
            holder: renewing,
            kind: hipe_domain::permit::DocumentKind::TemporaryPermit,
            motive: None,
            valid_from: app.today() - Duration::days(300),
            valid_until: app.today() + Duration::days(45),
            rights: hipe_domain::permit::Rights { stay: true, work: hipe_domain::permit::Work::Full },
            status: hipe_domain::permit::DocumentStatus::Valid,
            created_at: chrono::Utc::now(),
        }).expect("card");
        hipe_domain::permit::ResidenceDocumentRepository::insert(&app.database.residence_documents(), &card).await.expect("stored");
        let expiring = file_in_marseille(&app, &renewing_token, "PERMIT_RENEWAL").await;
        let fragile = file_in_marseille(&app, &vulnerable.person, "FIRST_PERMIT_EMPLOYEE").await;

        let order = |queue: &Value| -> Vec<String> {
            queue["workQueue"]["edges"].as_array().expect("edges").iter().filter_map(|e| e["node"]["id"].as_str().map(str::to_owned)).collect()
        };
        let queue = app.run(operation!("ministry/WorkQueue"), json!({ "first": 10 }), &instructor).await;
        assert_eq!(order(&queue), [expiring.clone(), ordinary.clone(), fragile.clone()], "a card ending in 45 days comes first");

        let flag = json!({ "dossierId": fragile, "vulnerable": true, "reason": "Personne malade, sans domicile stable." });
        app.mutate(operation!("ministry/FlagVulnerability"), "flagVulnerability", flag, &instructor).await;
        let queue = app.run(operation!("ministry/WorkQueue"), json!({ "first": 10 }), &instructor).await;
        assert_eq!(order(&queue), [expiring.clone(), fragile.clone(), ordinary.clone()], "vulnerability brings a file forward");

        // An instructor takes the fragile file: "assigned to me" lists it alone.
        let assigned = app.mutate(operation!("ministry/AssignDossier"), "assignDossier", json!({ "dossierId": fragile }), &instructor).await;
        assert_eq!(assigned["dossier"]["assignedTo"], "prefecture_instructor-13");
        let mine = app.run(operation!("ministry/WorkQueue"), json!({ "first": 10, "filter": { "assignedToMe": true } }), &instructor).await;
        assert_eq!(order(&mine), std::slice::from_ref(&fragile));

        // Pages follow the same order, by cursor.
        let first = app.run(operation!("ministry/WorkQueue"), json!({ "first": 2 }), &instructor).await;
        assert_eq!(first["workQueue"]["pageInfo"]["hasNextPage"], true);
        let cursor = first["workQueue"]["pageInfo"]["endCursor"].clone();
        let rest = app.run(operation!("ministry/WorkQueue"), json!({ "first": 2, "after": cursor }), &instructor).await;
        assert_eq!(order(&rest), [ordinary]);
    }
}

on_both_databases! {
    /// #6 (renewal "random", sudden irregularity): the holder is told when their card's renewal window opens —
    /// once — with the dates to file on time.
    async fn failure_renewal_not_announced_the_holder_is_told_when_the_window_opens(app) {
        let person = app.create_person("Sokolova").await;
        let token = app.token(&Subject::Person(person));
        let today = app.today();
        let card = hipe_domain::permit::ResidenceDocument::new(hipe_domain::permit::DocumentParts {
            id: hipe_domain::permit::ResidenceDocumentId::from_uuid(uuid::Uuid::now_v7()),
            number: hipe_domain::permit::DocumentNumber::parse("75RW0000001").expect("number"),
            holder: person,
            kind: hipe_domain::permit::DocumentKind::MultiYearPermit,
            motive: None,
            valid_from: today - Duration::days(1000),
            valid_until: today + Duration::days(130),
            rights: hipe_domain::permit::Rights { stay: true, work: hipe_domain::permit::Work::Full },
            status: hipe_domain::permit::DocumentStatus::Valid,
            created_at: chrono::Utc::now(),
        }).expect("card");
        hipe_domain::permit::ResidenceDocumentRepository::insert(&app.database.residence_documents(), &card).await.expect("stored");
        let told = || async {
            let data = app.run(operation!("mobile/Notifications"), json!({ "first": 20 }), &token).await;
            data["notifications"]["nodes"].as_array().expect("nodes").iter()
                .filter(|n| n["key"] == "permit.renewalWindowOpened").cloned().collect::<Vec<Value>>()
        };
        app.run_clocks().await;
        assert!(told().await.is_empty(), "130 days before the end, the window is not open yet");
        app.advance_days(10);
        app.run_clocks().await;
        app.run_clocks().await;
        let notices = told().await;
        assert_eq!(notices.len(), 1, "told once: {notices:?}");
        let end = today + Duration::days(130);
        assert!(notices[0]["message"].as_str().expect("message").contains(&(end - Duration::days(60)).to_string()), "{}", notices[0]);
    }
}
