//! Family reunification through the operations OFII, the sponsor's app and the prefecture use
//! (`tests/operations/`), on SQLite and on PostgreSQL: a file through the mayor's opinion, OFII's resource check and
//! the transmission to the prefect, who grants it; one where the mayor stays silent (deemed favourable after two
//! months) and nobody decides (implicitly rejected at six months); and the compartments — the prefecture sees the
//! results only once transmitted and never OFII's working notes, another direction sees nothing.

mod journey;

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::dossier::clocks::add_months;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation};
use journey::{add_documents, paris, start, submit};
use serde_json::{Value, json};

const ADVANCE: &str = operation!("ofii/AdvanceInstruction");
const REVIEW: &str = operation!("ofii/ReviewDocument");
const FILE: &str = operation!("ofii/FamilyReunification");
const QUEUE: &str = operation!("ofii/FamilyReunificationQueue");
const REQUEST_MAYOR: &str = operation!("ofii/RequestMayorCheck");
const MAYOR_OPINION: &str = operation!("ofii/RecordMayorOpinion");
const RESOURCES: &str = operation!("ofii/CheckReunificationResources");
const TRANSMIT: &str = operation!("ofii/TransmitToPrefect");
const MINE: &str = operation!("mobile/FamilyReunification");
const PREFECTURE: &str = operation!("ministry/FamilyReunification");
const DECIDE: &str = operation!("ministry/DecideDossier");

/// What version 2 of the catalogue asks of a sponsor who is not married.
const DOCUMENTS: [&str; 6] = [
    "FAMILY_REUNIFICATION_FORM",
    "PASSPORT",
    "CURRENT_PERMIT",
    "FAMILY_CIVIL_STATUS",
    "PROOF_OF_RESOURCES",
    "PROOF_OF_HOUSING",
];

/// The net SMIC seeded from 1 January 2026, in cents: the threshold for a family of two or three.
const SMIC_2026: i64 = 144_311;

struct Actors {
    sponsor: String,
    ofii: String,
    signatory: String,
    instructor: String,
}

impl Actors {
    async fn new(app: &TestApp, family_name: &str) -> Self {
        Self {
            sponsor: app.token(&Subject::Person(app.create_person(family_name).await)),
            ofii: app.token(&paris(AgentRole::OfiiAgent)),
            signatory: app.token(&paris(AgentRole::PrefectureSignatory)),
            instructor: app.token(&paris(AgentRole::PrefectureInstructor)),
        }
    }
}

fn date(value: &Value) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(value.as_str().unwrap_or_else(|| panic!("a date: {value}")), "%Y-%m-%d")
        .expect("date")
}

async fn file(app: &TestApp, ofii: &str, dossier: &str) -> Value {
    app.run(FILE, json!({ "id": dossier }), ofii).await["dossier"].clone()
}

/// The sponsor files online with every document; OFII accepts them, declares the file complete and starts the
/// review. Returns the dossier's id.
async fn filed_and_complete(app: &TestApp, actors: &Actors) -> String {
    let id = start(app, &actors.sponsor, "FAMILY_REUNIFICATION").await;
    add_documents(app, &actors.sponsor, &id, &DOCUMENTS).await;
    let submitted = submit(app, &actors.sponsor, &id).await;
    assert_eq!(submitted["dossier"]["status"], "SUBMITTED", "{submitted}");
    for document in file(app, &actors.ofii, &id).await["documents"].as_array().expect("documents") {
        let input = json!({ "dossierId": id, "documentId": document["id"], "accepted": true });
        app.mutate(REVIEW, "reviewDocument", input, &actors.ofii).await;
    }
    let complete = app
        .mutate(ADVANCE, "advanceInstruction", json!({ "dossierId": id, "step": "DECLARE_COMPLETE" }), &actors.ofii)
        .await;
    let dates = &complete["dossier"]["legalDates"];
    assert_eq!(date(&dates["silenceOn"]), add_months(date(&dates["completeOn"]), 6), "the catalogue's six months");
    app.mutate(ADVANCE, "advanceInstruction", json!({ "dossierId": id, "step": "START_REVIEW" }), &actors.ofii).await;
    id
}

on_both_databases! {
    /// (a) The mayor answers, OFII checks the resources and transmits, the prefect grants.
    async fn a_family_reunification_through_the_mayors_opinion_and_the_transmission_to_the_prefects_grant(app) {
        let actors = Actors::new(&app, "Benali").await;
        let id = filed_and_complete(&app, &actors).await;
        let events = file(&app, &actors.ofii, &id).await["events"].clone();
        assert!(events.as_array().expect("events").iter().any(|e| e["kind"] == "DEPOSIT_CERTIFICATE_ISSUED"), "{events}");

        // The prefect does not decide before OFII transmits the file.
        let grant = json!({ "dossierId": id, "outcome": "GRANT" });
        assert_eq!(app.refused(DECIDE, "decideDossier", grant.clone(), &actors.signatory).await, "PRECONDITION_FAILED");

        let sent = app.mutate(REQUEST_MAYOR, "requestMayorCheck", json!({ "dossierId": id }), &actors.ofii).await;
        let record = &sent["familyReunification"];
        assert_eq!(record["dossier"]["status"], "AWAITING_OPINION");
        assert_eq!(date(&record["mayorDueOn"]), add_months(app.today(), 2), "the mayor has two months");
        assert_eq!(record["mayorCheckAwaited"], true);
        let again = app.refused(REQUEST_MAYOR, "requestMayorCheck", json!({ "dossierId": id }), &actors.ofii).await;
        assert_eq!(again, "PRECONDITION_FAILED", "sent once");

        // The sponsor sees that the mayor's check is awaited; the prefecture sees no result yet.
        let mine = app.run(MINE, json!({ "id": id }), &actors.sponsor).await["dossier"].clone();
        assert_eq!(mine["status"], "AWAITING_OPINION");
        assert_eq!(mine["nextStep"]["code"], "AWAIT_OPINION");
        assert_eq!(mine["familyReunification"]["mayorCheckAwaited"], true);
        assert_eq!(mine["familyReunification"]["sixMonthDate"], mine["legalDates"]["silenceOn"]);
        let seen = app.run(PREFECTURE, json!({ "id": id }), &actors.instructor).await["dossier"].clone();
        assert_eq!((seen["authority"].clone(), seen["familyReunification"].clone()), (json!("OFII"), Value::Null));

        // OFII's queue: the file, by the mayor's due date.
        let queue = app.run(QUEUE, json!({ "first": 10 }), &actors.ofii).await;
        let edges = queue["familyReunificationQueue"]["edges"].as_array().expect("edges").clone();
        assert_eq!(edges.len(), 1);
        assert_eq!(edges[0]["node"]["dossier"]["id"], id.as_str());
        assert_eq!(edges[0]["node"]["attentionOn"], record["mayorDueOn"]);

        // The mayor's answer: an unfavourable finding without a reason is refused and changes nothing.
        let mut answer = json!({
            "dossierId": id, "expectedVersion": 1,
            "resourcesFavourable": true, "housingFavourable": false,
            "housingSurfaceSquareMetres": 48, "notes": "Visite du logement avec le service d'hygiène le 10",
        });
        assert_eq!(app.refused(MAYOR_OPINION, "recordMayorOpinion", answer.clone(), &actors.ofii).await, "INVALID");
        answer["housingFavourable"] = json!(true);
        let recorded = app.mutate(MAYOR_OPINION, "recordMayorOpinion", answer, &actors.ofii).await;
        let record = &recorded["familyReunification"];
        assert_eq!(record["mayorOpinion"]["source"], "MAYOR");
        assert_eq!(record["mayorOpinion"]["favourable"], true);
        assert_eq!(record["mayorCheckAwaited"], false);
        assert_eq!(record["dossier"]["status"], "AWAITING_OPINION", "OFII is still completing the file");

        // Nothing to transmit before the resources are checked.
        let transmit = json!({ "dossierId": id, "expectedVersion": 2 });
        assert_eq!(app.refused(TRANSMIT, "transmitToPrefect", transmit.clone(), &actors.ofii).await, "PRECONDITION_FAILED");

        // A family of three: one SMIC; eleven months of 1,600 € and one of 1,000 € average 1,550 €.
        let mut months = vec![160_000; 11];
        months.push(100_000);
        let eleven = json!({ "dossierId": id, "familySize": 3, "monthlyResourcesCents": vec![160_000; 11] });
        assert_eq!(app.refused(RESOURCES, "checkReunificationResources", eleven, &actors.ofii).await, "INVALID");
        let input = json!({ "dossierId": id, "expectedVersion": 2, "familySize": 3, "monthlyResourcesCents": months });
        let checked = app.mutate(RESOURCES, "checkReunificationResources", input, &actors.ofii).await;
        let check = &checked["familyReunification"]["resourceCheck"];
        assert_eq!((check["averageMonthlyCents"].clone(), check["thresholdCents"].clone()), (json!(155_000), json!(SMIC_2026)));
        assert_eq!(check["met"], true);

        let transmit = json!({ "dossierId": id, "expectedVersion": 3 });
        let transmitted = app.mutate(TRANSMIT, "transmitToPrefect", transmit, &actors.ofii).await;
        assert_eq!(transmitted["familyReunification"]["dossier"]["status"], "UNDER_REVIEW");
        assert!(transmitted["familyReunification"]["transmittedAt"].is_string());
        let queue = app.run(QUEUE, json!({ "first": 10 }), &actors.ofii).await;
        assert_eq!(queue["familyReunificationQueue"]["edges"], json!([]), "the file left OFII's queue");

        // The prefecture reads the results, and OFII's working notes do not exist in its view.
        let seen = app.run(PREFECTURE, json!({ "id": id }), &actors.instructor).await["dossier"].clone();
        let results = &seen["familyReunification"];
        assert_eq!(results["mayorOpinion"]["housing"], json!({ "favourable": true, "reason": null }));
        assert_eq!(results["mayorOpinion"]["housingSurfaceSquareMetres"], 48);
        assert_eq!(results["resourceCheck"]["met"], true);
        let notes = "query($id: ID!) { dossier(id: $id) { familyReunification { workingNotes } } }";
        let (_, body) = app.graphql(notes, json!({ "id": id }), Some(&actors.instructor)).await;
        assert!(body["data"].is_null() && body["errors"].is_array(), "{body}");
        let (_, body) = app.graphql(notes, json!({ "id": id }), Some(&actors.sponsor)).await;
        assert!(body["data"].is_null() && body["errors"].is_array(), "{body}");
        let ofii_view = file(&app, &actors.ofii, &id).await;
        assert!(ofii_view["familyReunification"]["workingNotes"].as_str().expect("notes").contains("service d'hygiène"));

        // The prefect decides with the existing decision.
        let granted = app.mutate(DECIDE, "decideDossier", grant, &actors.signatory).await;
        assert_eq!(granted["dossier"]["status"], "GRANTED");
        let mine = app.run(MINE, json!({ "id": id }), &actors.sponsor).await["dossier"].clone();
        assert_eq!(mine["decision"]["kind"], "GRANT");
        assert_eq!(mine["familyReunification"]["resourceCheck"]["met"], true);
    }

}

on_both_databases! {
    /// (b) The mayor stays silent: deemed favourable after two months, by the system; nobody decides: implicitly
    /// rejected six months after the file was complete.
    async fn a_family_reunification_left_without_decision_is_implicitly_rejected_at_six_months(app) {
        let actors = Actors::new(&app, "Haddad").await;
        let id = filed_and_complete(&app, &actors).await;
        let sent = app.mutate(REQUEST_MAYOR, "requestMayorCheck", json!({ "dossierId": id }), &actors.ofii).await;
        let due = date(&sent["familyReunification"]["mayorDueOn"]);

        app.advance_days((due - app.today()).num_days());
        app.run_clocks().await;
        let mine = app.run(MINE, json!({ "id": id }), &actors.sponsor).await["dossier"].clone();
        assert_eq!(mine["familyReunification"]["mayorCheckAwaited"], true, "the mayor may answer until the due date");

        app.advance_days(1);
        app.run_clocks().await;
        let record = file(&app, &actors.ofii, &id).await["familyReunification"].clone();
        assert_eq!(record["mayorCheckAwaited"], false);
        assert_eq!(record["mayorOpinion"]["source"], "SILENCE");
        assert_eq!(record["mayorOpinion"]["favourable"], true, "the mayor's silence is a favourable opinion");
        assert_eq!(record["attentionOn"], record["sixMonthDate"], "the queue now looks at the six-month date");
        let late = json!({ "dossierId": id, "resourcesFavourable": false, "resourcesReason": "trop tard", "housingFavourable": true });
        assert_eq!(app.refused(MAYOR_OPINION, "recordMayorOpinion", late, &actors.ofii).await, "PRECONDITION_FAILED");

        let six_months = date(&record["sixMonthDate"]);
        app.advance_days((six_months - app.today()).num_days());
        app.run_clocks().await;
        let mine = app.run(MINE, json!({ "id": id }), &actors.sponsor).await["dossier"].clone();
        assert_eq!(mine["status"], "IMPLICITLY_REFUSED");
        assert_eq!(mine["decision"]["kind"], "IMPLICIT_REFUSAL");
        assert_eq!(mine["nextStep"]["code"], "ASK_REASONS_OR_APPEAL");
        let queue = app.run(QUEUE, json!({ "first": 10 }), &actors.ofii).await;
        let edges = queue["familyReunificationQueue"]["edges"].as_array().expect("edges").clone();
        assert_eq!(edges.len(), 1, "still OFII's: the file stays open after the implicit rejection");
    }

}

on_both_databases! {
    /// Only OFII agents of the direction instruct; another direction's agent finds nothing; the prefecture and the
    /// sponsor cannot act for OFII.
    async fn only_ofii_agents_of_the_direction_instruct_a_family_reunification(app) {
        let actors = Actors::new(&app, "Diallo").await;
        let id = filed_and_complete(&app, &actors).await;
        let lyon = app.token(&Subject::Agent {
            id: "ofii-69".into(),
            role: AgentRole::OfiiAgent,
            organisation: "OFII Lyon".into(),
            territories: vec![Territory::parse("69").expect("territory")],
        });
        let (_, body) = app.graphql(REQUEST_MAYOR, json!({ "input": { "dossierId": id } }), Some(&lyon)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "another direction: {body}");
        let queue = app.run(QUEUE, json!({ "first": 10 }), &lyon).await;
        assert_eq!(queue["familyReunificationQueue"]["edges"], json!([]));
        let (_, body) = app.graphql(REQUEST_MAYOR, json!({ "input": { "dossierId": id } }), Some(&actors.instructor)).await;
        assert!(body["errors"].is_array(), "the mutation is not in the ministry's view: {body}");
        let (_, body) = app.graphql(QUEUE, json!({ "first": 10 }), Some(&actors.sponsor)).await;
        assert!(body["errors"].is_array(), "nor in the app's: {body}");
        let file = file(&app, &actors.ofii, &id).await;
        assert_eq!(file["status"], "UNDER_REVIEW", "nothing changed");
        assert_eq!(file["familyReunification"], Value::Null);
    }
}
