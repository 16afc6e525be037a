//! Asylum reception through the operations the prefecture's desk, OFII and the app use (`tests/operations/`): a
//! claim registered at the one-stop desk whose reception conditions are suspended after a missed OFII appointment
//! (the allowance stops that day); a certificate renewed, then the final decision ending the conditions at the
//! end of the following month; each refused step a user error with a stable code that changes nothing; and the
//! compartments — the prefecture reads the claim and nothing of the reception conditions (those fields do not
//! exist in its view), the person reads their own conditions without OFII's notes, another direction sees nothing.

use chrono::{Datelike as _, Duration, Months, NaiveDate};
use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation, person_id_of};
use serde_json::{Value, json};

const REGISTER: &str = operation!("ministry/RegisterAsylumClaim");
const RENEW: &str = operation!("ministry/RenewAsylumCertificate");
const DECIDE: &str = operation!("ministry/RecordFinalAsylumDecision");
const CLAIM: &str = operation!("ministry/AsylumFile");
const QUEUE: &str = operation!("ofii/AsylumReceptionQueue");
const FILE: &str = operation!("ofii/AsylumFile");
const OFFER: &str = operation!("ofii/OfferReceptionConditions");
const ANSWER: &str = operation!("ofii/AnswerReceptionOffer");
const SUSPEND: &str = operation!("ofii/SuspendReceptionConditions");
const REINSTATE: &str = operation!("ofii/ReinstateReceptionConditions");
const OPEN_SLOTS: &str = operation!("ofii/OpenSlots");
const BOOK: &str = operation!("ofii/BookAppointment");
const MARK: &str = operation!("ofii/MarkAppointment");
const MINE: &str = operation!("mobile/MyAsylumReception");

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("agency {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

/// The actors of a scenario: the person, the prefecture's desk agent and an OFII agent of Paris.
struct Actors {
    person: String,
    person_id: String,
    desk: String,
    ofii: String,
}

async fn actors(app: &TestApp, family_name: &str) -> Actors {
    let id = app.create_person(family_name).await;
    Actors {
        person: app.token(&Subject::Person(id)),
        person_id: person_id_of(id),
        desk: app.token(&agent(AgentRole::PrefectureDesk, "75")),
        ofii: app.token(&agent(AgentRole::OfiiAgent, "75")),
    }
}

fn at(file: &Value) -> Value {
    json!({ "fileId": file["id"], "expectedVersion": file["version"] })
}

fn with(file: &Value, extra: Value) -> Value {
    let mut input = at(file);
    if let (Some(input), Value::Object(extra)) = (input.as_object_mut(), extra) {
        input.extend(extra);
    }
    input
}

fn month_of(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

fn last_day_of_month(day: NaiveDate) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).expect("first day");
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).expect("last day")
}

/// Days of `month` (any day in it) from `from` to `until` inclusive.
fn days_within(month: NaiveDate, from: NaiveDate, until: NaiveDate) -> i64 {
    let first = NaiveDate::from_ymd_opt(month.year(), month.month(), 1).expect("first day");
    let start = from.max(first);
    let end = until.min(last_day_of_month(month));
    if end < start { 0 } else { (end - start).num_days() + 1 }
}

/// Registers a claim of `class` at the desk; returns the file.
async fn register(app: &TestApp, actors: &Actors, class: &str) -> Value {
    let input = json!({ "personId": actors.person_id, "territory": "75", "procedureClass": class });
    app.mutate(REGISTER, "registerAsylumClaim", input, &actors.desk).await["asylumFile"].clone()
}

/// OFII offers (one adult, `accommodation` or not) and records the acceptance; returns the file.
async fn accepted(app: &TestApp, actors: &Actors, file: &Value, accommodation: bool) -> Value {
    let offer = with(file, json!({ "adults": 1, "children": 0, "accommodationOffered": accommodation }));
    let offered = app.mutate(OFFER, "offerReceptionConditions", offer, &actors.ofii).await["asylumFile"].clone();
    assert_eq!(offered["receptionConditions"]["status"], "OFFERED", "{offered}");
    let answer = with(&offered, json!({ "answer": "ACCEPTED" }));
    app.mutate(ANSWER, "answerReceptionOffer", answer, &actors.ofii).await["asylumFile"].clone()
}

async fn ofii_view(app: &TestApp, token: &str, id: &Value, month: NaiveDate) -> Value {
    app.run(FILE, json!({ "id": id, "month": month_of(month) }), token).await["asylumFile"].clone()
}

/// An OFII reception appointment tomorrow, booked for the person; returns its id.
async fn reception_appointment(app: &TestApp, actors: &Actors) -> String {
    let start = hipe_domain::Clock::now(app.clock.as_ref()) + Duration::days(1);
    let slots =
        json!([{ "startsAt": start.to_rfc3339(), "endsAt": (start + Duration::hours(1)).to_rfc3339(), "capacity": 4 }]);
    let opened = app
        .run(
            OPEN_SLOTS,
            json!({ "territory": "75", "kind": "OFII_RECEPTION", "site": "DT Paris", "slots": slots }),
            &actors.ofii,
        )
        .await;
    let slot = opened["openSlots"]["slots"][0]["id"].clone();
    assert!(slot.is_string(), "{opened}");
    let booked = app
        .run(BOOK, json!({ "slotId": slot, "personId": actors.person_id, "interpreterLanguage": "prs" }), &actors.ofii)
        .await;
    booked["bookAppointment"]["appointment"]["id"].as_str().unwrap_or_else(|| panic!("{booked}")).to_owned()
}

on_both_databases! {
    async fn reception_conditions_are_suspended_after_a_missed_appointment_and_the_allowance_stops(app) {
        let actors = actors(&app, "Rahimi").await;
        let registered_on = app.today();

        // The desk registers the claim: a normal procedure's certificate is valid ten months, proving stay.
        let file = register(&app, &actors, "NORMAL").await;
        let until = registered_on.checked_add_months(Months::new(10)).and_then(|d| d.pred_opt()).expect("date");
        assert_eq!((file["version"].as_i64(), file["procedureClass"].as_str()), (Some(1), Some("NORMAL")), "{file}");
        assert_eq!(file["certificateValidUntil"], until.to_string());
        let id = file["id"].clone();
        let mine = app.run(MINE, json!({ "month": month_of(registered_on) }), &actors.person).await;
        assert_eq!(mine["me"]["person"]["currentRights"]["stay"], true, "the certificate proves stay: {mine}");
        assert_eq!(mine["me"]["person"]["currentRights"]["workAllowed"], false, "and not work: {mine}");
        assert_eq!(mine["me"]["person"]["residenceDocuments"][0]["kind"], "ASYLUM_SEEKER_CERTIFICATE");
        assert_eq!(mine["me"]["person"]["residenceDocuments"][0]["number"], file["certificateNumber"]);

        // The OFII direction finds it in its queue, awaiting the offer.
        let queue = app.run(QUEUE, json!({ "status": "AWAITING_OFFER", "first": 10, "month": month_of(registered_on) }), &actors.ofii).await;
        assert_eq!(queue["asylumReceptionQueue"]["totalCount"], 1, "{queue}");
        assert_eq!(queue["asylumReceptionQueue"]["edges"][0]["node"]["id"], id);
        assert_eq!(queue["asylumReceptionQueue"]["edges"][0]["node"]["person"]["familyName"], "Rahimi");
        let elsewhere = app.token(&agent(AgentRole::OfiiAgent, "69"));
        let lyon = app.run(QUEUE, json!({ "first": 10, "month": month_of(registered_on) }), &elsewhere).await;
        assert_eq!(lyon["asylumReceptionQueue"]["totalCount"], 0, "another direction's queue: {lyon}");

        // Offered without accommodation to a single adult, accepted today: 6.80 € + 7.40 € a day.
        let file = accepted(&app, &actors, &file, false).await;
        assert_eq!(file["receptionConditions"]["status"], "ACCEPTED", "{file}");
        assert_eq!(file["receptionConditions"]["acceptedOn"], registered_on.to_string());
        let view = ofii_view(&app, &actors.ofii, &id, registered_on).await;
        let days = days_within(registered_on, registered_on, last_day_of_month(registered_on));
        assert_eq!(view["receptionConditions"]["allowance"], json!({
            "month": month_of(registered_on), "days": days, "amountCents": days * 1420,
        }), "{view}");

        // An OFII reception appointment tomorrow, booked for the person; two days later it is marked missed.
        let appointment = reception_appointment(&app, &actors).await;
        let early = with(&file, json!({ "reason": "MISSED_APPOINTMENT", "appointmentId": appointment }));
        assert_eq!(app.refused(SUSPEND, "suspendReceptionConditions", early, &actors.ofii).await, "INVALID", "not missed yet");
        app.advance_days(2);
        let marked = app.run(MARK, json!({ "appointmentId": appointment, "outcome": "MISSED" }), &actors.ofii).await;
        assert_eq!(marked["markAppointment"]["appointment"]["status"], "MISSED", "{marked}");

        // The agent decides the suspension, naming the appointment; it runs from today.
        let suspended_on = app.today();
        let without = with(&file, json!({ "reason": "MISSED_APPOINTMENT" }));
        let refused = app.refused(SUSPEND, "suspendReceptionConditions", without, &actors.ofii).await;
        assert_eq!(refused, "INVALID", "a missed appointment names the appointment");
        let by_desk = with(&file, json!({ "reason": "MISSED_APPOINTMENT", "appointmentId": appointment }));
        let (_, body) = app.graphql(SUSPEND, json!({ "input": by_desk }), Some(&actors.desk)).await;
        assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "not in the ministry view: {body}");
        let input = with(&file, json!({
            "reason": "MISSED_APPOINTMENT", "appointmentId": appointment, "note": "absent, no excuse given by phone",
        }));
        let file = app.mutate(SUSPEND, "suspendReceptionConditions", input, &actors.ofii).await["asylumFile"].clone();
        let conditions = &file["receptionConditions"];
        assert_eq!(conditions["status"], "SUSPENDED", "{file}");
        assert_eq!(conditions["suspensions"], json!([{
            "from": suspended_on.to_string(), "until": null, "reason": "MISSED_APPOINTMENT",
            "appointmentId": appointment, "note": "absent, no excuse given by phone",
        }]));
        let twice = with(&file, json!({ "reason": "MISSED_APPOINTMENT", "appointmentId": appointment }));
        let refused = app.refused(SUSPEND, "suspendReceptionConditions", twice, &actors.ofii).await;
        assert_eq!(refused, "ASYLUM_STEP_OUT_OF_ORDER");

        // The allowance stops on the suspension's day: paid from acceptance to the day before, nothing after.
        let before = suspended_on.pred_opt().expect("a day");
        for month in [registered_on, suspended_on] {
            let view = ofii_view(&app, &actors.ofii, &id, month).await;
            let days = days_within(month, registered_on, before);
            assert_eq!(view["receptionConditions"]["allowance"]["days"], days, "{month}: {view}");
            assert_eq!(view["receptionConditions"]["allowance"]["amountCents"], days * 1420, "{month}: {view}");
        }
        let next_month = last_day_of_month(suspended_on).succ_opt().expect("a day");
        let view = ofii_view(&app, &actors.ofii, &id, next_month).await;
        assert_eq!(view["receptionConditions"]["allowance"]["amountCents"], 0, "{view}");

        // The person sees the suspension, its reason and the stopped allowance, is told, and never sees the note.
        let mine = app.run(MINE, json!({ "month": month_of(next_month) }), &actors.person).await;
        let conditions = &mine["me"]["person"]["asylumFile"]["receptionConditions"];
        assert_eq!(conditions["status"], "SUSPENDED", "{mine}");
        assert_eq!(conditions["suspensions"][0]["reason"], "MISSED_APPOINTMENT");
        assert_eq!(conditions["allowance"]["amountCents"], 0);
        assert_eq!(mine["myAppointments"][0]["status"], "MISSED", "{mine}");
        let told = mine["notifications"]["nodes"].as_array().expect("notifications");
        let suspension = told.iter().find(|n| n["key"] == "asylum.receptionSuspended").unwrap_or_else(|| panic!("{mine}"));
        assert!(suspension["message"].as_str().is_some_and(|m| m.contains(&suspended_on.to_string())), "{suspension}");
        assert!(told.iter().any(|n| n["key"] == "asylum.certificateIssued"), "{mine}");
        let note = "{ me { person { asylumFile { receptionConditions { suspensions { note } } } } } }";
        let (_, body) = app.graphql(note, json!({}), Some(&actors.person)).await;
        assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "the note is not in the app's view: {body}");

        // The prefecture reads the claim and nothing of the reception conditions.
        let claim = app.run(CLAIM, json!({ "id": id }), &actors.desk).await;
        assert_eq!(claim["asylumFile"]["certificateNumber"], file_number(&mine), "{claim}");
        let reception = "query($id: ID!) { asylumFile(id: $id) { receptionConditions { status } } }";
        let (_, body) = app.graphql(reception, json!({ "id": id }), Some(&actors.desk)).await;
        assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "not in the ministry view: {body}");

        // Another direction, another person: the file does not exist for them.
        let (_, body) = app.graphql(FILE, json!({ "id": id, "month": "2026-12" }), Some(&elsewhere)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
        let stranger = app.token(&Subject::Person(app.create_person("Other").await));
        let mine = app.run(MINE, json!({ "month": "2026-12" }), &stranger).await;
        assert_eq!(mine["me"]["person"]["asylumFile"], Value::Null, "{mine}");

        // Every agent's write is in the person's view of who accessed their file.
        let (_, accesses) = app.graphql("{ me { person { accesses(first: 50) { nodes { kind role } } } } }", json!({}), Some(&actors.person)).await;
        let nodes = accesses["data"]["me"]["person"]["accesses"]["nodes"].as_array().cloned().unwrap_or_else(|| panic!("{accesses}"));
        let writes = |role: &str| nodes.iter().filter(|a| a["kind"] == "WRITE" && a["role"] == role).count();
        assert_eq!(writes("prefecture_desk"), 1, "the registration: {accesses}");
        assert_eq!(writes("ofii_agent"), 5, "booking, marking, offer, answer, suspension: {accesses}");

        // Reinstated: the allowance resumes from the reinstatement's day.
        let file = app.mutate(REINSTATE, "reinstateReceptionConditions", at(&file), &actors.ofii).await["asylumFile"].clone();
        assert_eq!(file["receptionConditions"]["status"], "ACCEPTED", "{file}");
        assert_eq!(file["receptionConditions"]["suspensions"][0]["until"], app.today().to_string());
        let view = ofii_view(&app, &actors.ofii, &id, suspended_on).await;
        let paid = days_within(suspended_on, registered_on, before)
            + days_within(suspended_on, app.today(), last_day_of_month(suspended_on));
        assert_eq!(view["receptionConditions"]["allowance"]["days"], paid, "{view}");
    }
}

fn file_number(mine: &Value) -> Value {
    mine["me"]["person"]["asylumFile"]["certificateNumber"].clone()
}

on_both_databases! {
    async fn a_renewed_certificate_replaces_the_previous_and_the_final_decision_ends_the_rights(app) {
        let actors = actors(&app, "Tesfaye").await;
        let today = app.today();
        let file = register(&app, &actors, "DUBLIN").await;
        let first_number = file["certificateNumber"].clone();
        let one_month = today.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).expect("date");
        assert_eq!(file["certificateValidUntil"], one_month.to_string(), "Dublin: a month first");
        let again = json!({ "personId": actors.person_id, "territory": "75", "procedureClass": "NORMAL" });
        assert_eq!(app.refused(REGISTER, "registerAsylumClaim", again, &actors.desk).await, "ALREADY_SEEKING_ASYLUM");
        let lyon = app.token(&agent(AgentRole::PrefectureDesk, "69"));
        let elsewhere = json!({ "personId": actors.person_id, "territory": "75", "procedureClass": "NORMAL" });
        assert_eq!(app.refused(REGISTER, "registerAsylumClaim", elsewhere, &lyon).await, "NOT_ALLOWED");

        // The renewal: a new certificate of four months; the previous one is replaced and proves nothing.
        let renewed = app.mutate(RENEW, "renewAsylumCertificate", at(&file), &actors.desk).await["asylumFile"].clone();
        let four_months = today.checked_add_months(Months::new(4)).and_then(|d| d.pred_opt()).expect("date");
        assert_eq!((renewed["certificateRenewals"].as_i64(), renewed["certificateValidUntil"].as_str()), (Some(1), Some(four_months.to_string().as_str())), "{renewed}");
        assert_ne!(renewed["certificateNumber"], first_number);
        let (_, stale) = app.graphql(RENEW, json!({ "input": at(&file) }), Some(&actors.desk)).await;
        assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
        let mine = app.run(MINE, json!({ "month": month_of(today) }), &actors.person).await;
        let documents = mine["me"]["person"]["residenceDocuments"].as_array().cloned().unwrap_or_else(|| panic!("{mine}"));
        let status_of = |number: &Value| documents.iter().find(|d| d["number"] == *number).map(|d| d["status"].clone());
        assert_eq!(status_of(&first_number), Some(json!("REPLACED")), "{mine}");
        assert_eq!(status_of(&renewed["certificateNumber"]), Some(json!("VALID")), "{mine}");
        assert_eq!(mine["me"]["person"]["currentRights"]["until"], four_months.to_string(), "{mine}");

        // Reception accepted (with accommodation: 6.80 € a day), then the CNDA's rejection is recorded.
        let file = accepted(&app, &actors, &renewed, true).await;
        let future = with(&file, json!({ "outcome": "REJECTED", "body": "CNDA", "notifiedOn": (today + Duration::days(1)).to_string() }));
        assert_eq!(app.refused(DECIDE, "recordFinalAsylumDecision", future, &actors.desk).await, "INVALID");
        let decision = with(&file, json!({ "outcome": "REJECTED", "body": "CNDA", "notifiedOn": today.to_string() }));
        let decided = app.mutate(DECIDE, "recordFinalAsylumDecision", decision, &actors.desk).await["asylumFile"].clone();
        assert_eq!(decided["finalDecision"], json!({ "outcome": "REJECTED", "body": "CNDA", "notifiedOn": today.to_string() }));

        // The conditions end at the end of the following month: paid to that day, then nothing.
        let next_month = last_day_of_month(today).succ_opt().expect("a day");
        let closes_on = last_day_of_month(next_month);
        let view = ofii_view(&app, &actors.ofii, &decided["id"], next_month).await;
        assert_eq!(view["receptionConditions"]["status"], "CLOSED", "{view}");
        assert_eq!(view["receptionConditions"]["closesOn"], closes_on.to_string());
        let days = days_within(next_month, next_month, closes_on);
        assert_eq!(view["receptionConditions"]["allowance"], json!({ "month": month_of(next_month), "days": days, "amountCents": days * 680 }));
        let after = closes_on.succ_opt().expect("a day");
        let view = ofii_view(&app, &actors.ofii, &decided["id"], after).await;
        assert_eq!(view["receptionConditions"]["allowance"]["amountCents"], 0, "{view}");

        // No renewal after the final decision, no second decision, and OFII cannot suspend closed conditions.
        assert_eq!(app.refused(RENEW, "renewAsylumCertificate", at(&decided), &actors.desk).await, "ASYLUM_CLAIM_DECIDED");
        let suspend = with(&decided, json!({ "reason": "ACCOMMODATION_ABANDONED" }));
        assert_eq!(app.refused(SUSPEND, "suspendReceptionConditions", suspend, &actors.ofii).await, "ASYLUM_STEP_OUT_OF_ORDER");
        let mine = app.run(MINE, json!({ "month": month_of(today) }), &actors.person).await;
        let told = mine["notifications"]["nodes"].as_array().cloned().unwrap_or_default();
        let ending = told.iter().find(|n| n["key"] == "asylum.receptionEnding").unwrap_or_else(|| panic!("{mine}"));
        assert!(ending["message"].as_str().is_some_and(|m| m.contains(&closes_on.to_string())), "{ending}");
        let claim = app.run(CLAIM, json!({ "id": decided["id"] }), &actors.desk).await;
        assert_eq!(claim["asylumFile"]["finalDecision"]["outcome"], "REJECTED", "{claim}");

        // A new claim (a re-examination) may now be registered.
        let again = json!({ "personId": actors.person_id, "territory": "75", "procedureClass": "ACCELERATED" });
        let second = app.mutate(REGISTER, "registerAsylumClaim", again, &actors.desk).await["asylumFile"].clone();
        assert_ne!(second["id"], decided["id"], "{second}");
    }
}

on_both_databases! {
    async fn a_refused_offer_forfeits_the_allowance_and_bad_input_changes_nothing(app) {
        let actors = actors(&app, "Karimi").await;
        let file = register(&app, &actors, "ACCELERATED").await;
        let bad = with(&file, json!({ "adults": 0, "children": 2, "accommodationOffered": true }));
        let payload = app.run(OFFER, json!({ "input": bad }), &actors.ofii).await["offerReceptionConditions"].clone();
        assert_eq!(payload["userErrors"][0], json!({ "field": ["input", "adults"], "code": "INVALID", "message": payload["userErrors"][0]["message"] }), "{payload}");
        let early = with(&file, json!({ "answer": "ACCEPTED" }));
        assert_eq!(app.refused(ANSWER, "answerReceptionOffer", early, &actors.ofii).await, "ASYLUM_STEP_OUT_OF_ORDER");
        let doctor = app.token(&agent(AgentRole::OfiiDoctor, "75"));
        let (_, body) = app.graphql(FILE, json!({ "id": file["id"], "month": "2026-12" }), Some(&doctor)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "outside the doctors' compartment: {body}");

        let offer = with(&file, json!({ "adults": 2, "children": 3, "accommodationOffered": true }));
        let offered = app.mutate(OFFER, "offerReceptionConditions", offer, &actors.ofii).await["asylumFile"].clone();
        let refusal = with(&offered, json!({ "answer": "REFUSED" }));
        let refused = app.mutate(ANSWER, "answerReceptionOffer", refusal, &actors.ofii).await["asylumFile"].clone();
        assert_eq!(refused["receptionConditions"]["status"], "REFUSED", "{refused}");
        let view = ofii_view(&app, &actors.ofii, &file["id"], app.today()).await;
        assert_eq!(view["receptionConditions"]["allowance"]["amountCents"], 0, "{view}");
        assert_eq!((view["receptionConditions"]["adults"].as_i64(), view["receptionConditions"]["children"].as_i64()), (Some(2), Some(3)));
        let (_, body) = app.graphql(FILE, json!({ "id": file["id"], "month": "December" }), Some(&actors.ofii)).await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    }
}

on_both_databases! {
    async fn a_queue_page_of_3_and_of_12_cost_the_same_statements(app) {
        let ofii = app.token(&agent(AgentRole::OfiiAgent, "75"));
        for n in 0..12 {
            let actors = actors(&app, &format!("Queue{n}")).await;
            let file = register(&app, &actors, "NORMAL").await;
            if n % 2 == 0 {
                accepted(&app, &actors, &file, n % 4 == 0).await;
            }
        }
        let month = month_of(app.today());
        let cost = |first: u32| {
            let app = &app;
            let ofii = &ofii;
            let month = month.clone();
            async move {
                let before = app.sql_statements().await;
                let data = app.run(QUEUE, json!({ "first": first, "month": month }), ofii).await;
                (app.sql_statements().await - before, data)
            }
        };
        let (three, small) = cost(3).await;
        let (twelve, large) = cost(12).await;
        let edges = |data: &Value| data["asylumReceptionQueue"]["edges"].as_array().map_or(0, Vec::len);
        assert_eq!((edges(&small), edges(&large)), (3, 12));
        assert_eq!(large["asylumReceptionQueue"]["pageInfo"]["hasNextPage"], false, "{large}");
        assert_eq!(small["asylumReceptionQueue"]["pageInfo"]["hasNextPage"], true, "{small}");
        assert_eq!(three, twelve, "the statements depend on the query's shape, not on the page's size");
        let after = small["asylumReceptionQueue"]["pageInfo"]["endCursor"].clone();
        let next = app.run(QUEUE, json!({ "first": 3, "after": after, "month": month }), &ofii).await;
        assert_ne!(next["asylumReceptionQueue"]["edges"][0]["node"]["id"], small["asylumReceptionQueue"]["edges"][0]["node"]["id"]);
        assert_eq!(next["asylumReceptionQueue"]["pageInfo"]["hasPreviousPage"], true, "{next}");
    }
}
