//! Appointments in slots, through the operations the front ends use (`tests/operations/`): agents open slots in
//! their territory, a person books with an interpreter and accessibility needs and cancels, a full or started
//! slot refuses, concurrent bookings of the last place never overbook, and nobody touches someone else's
//! appointment. The demo seed opens slots in 75 and 69, so these scenarios use other départements.

use std::sync::Arc;

use chrono::{Duration, Utc};
use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::appointment::{AppointmentRepository as _, Slot, SlotId, SlotKind, SlotParts, SlotSpec};
use hipe_domain::dossier::ActorRef;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, person_id_of};
use serde_json::{Value, json};
use uuid::Uuid;

const FREE_SLOTS: &str = include_str!("../operations/mobile/FreeSlots.graphql");
const BOOK: &str = include_str!("../operations/mobile/BookAppointment.graphql");
const CANCEL: &str = include_str!("../operations/mobile/CancelAppointment.graphql");
const MY_APPOINTMENTS: &str = include_str!("../operations/mobile/MyAppointments.graphql");
const FOLLOW_UP: &str = include_str!("../operations/mobile/DossierFollowUp.graphql");
const OPEN_SLOTS: &str = include_str!("../operations/ministry/OpenSlots.graphql");
const DESK_BOOK: &str = include_str!("../operations/ministry/BookAppointment.graphql");
const DESK_CANCEL: &str = include_str!("../operations/ministry/CancelAppointment.graphql");
const MARK: &str = include_str!("../operations/ministry/MarkAppointment.graphql");

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: format!("agent-{territory}-{}", role.code()),
        role,
        organisation: format!("Préfecture {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

fn at(from_now: Duration) -> String {
    (Utc::now() + from_now).to_rfc3339()
}

/// Opens slots through `openSlots`; returns the payload.
async fn open(app: &TestApp, token: &str, territory: &str, kind: &str, windows: &[(Duration, i32)]) -> Value {
    let slots: Vec<Value> = windows
        .iter()
        .map(|(start, capacity)| {
            json!({ "startsAt": at(*start), "endsAt": at(*start + Duration::minutes(30)), "capacity": capacity })
        })
        .collect();
    let variables = json!({ "territory": territory, "kind": kind, "site": "Préfecture — salle 2", "slots": slots });
    let (status, body) = app.graphql(OPEN_SLOTS, variables, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["openSlots"].clone()
}

async fn free_slots(app: &TestApp, token: Option<&str>, territory: &str, kind: &str) -> Value {
    let (_, body) = app.graphql(FREE_SLOTS, json!({ "territory": territory, "kind": kind }), token).await;
    body
}

async fn book(app: &TestApp, token: &str, variables: Value) -> Value {
    let (status, body) = app.graphql(BOOK, variables, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn slot_ids(opened: &Value) -> Vec<String> {
    opened["slots"]
        .as_array()
        .unwrap_or_else(|| panic!("{opened}"))
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

on_both_databases! {
    async fn a_person_books_and_cancels_with_an_interpreter_and_accessibility_needs(app) {
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "13"));
        let opened = open(&app, &desk, "13", "BIOMETRICS", &[(Duration::days(2), 2), (Duration::days(3), 2)]).await;
        assert_eq!(opened["userErrors"], json!([]), "{opened}");
        let slots = slot_ids(&opened);
        let person = app.token(&Subject::Person(app.create_person("Rahimi").await));
        let dossier = app.start_dossier(&person, "PERMIT_RENEWAL", "13", None).await["dossier"]["id"]
            .as_str().expect("started").to_owned();

        // Nobody lists slots anonymously: the field is not even in the public view.
        assert_eq!(error_code(&free_slots(&app, None, "13", "BIOMETRICS").await), Some("GRAPHQL_VALIDATION_FAILED"));
        let listed = free_slots(&app, Some(&person), "13", "BIOMETRICS").await;
        let edges = listed["data"]["freeSlots"]["edges"].as_array().unwrap_or_else(|| panic!("{listed}")).clone();
        assert_eq!(edges.len(), 2, "{listed}");
        assert_eq!(edges[0]["node"]["id"], slots[0].as_str(), "listed by start");
        assert_eq!(edges[0]["node"]["kindLabel"], "Prise d'empreintes et de photographie");

        let booked = book(&app, &person, json!({
            "slotId": slots[0], "dossierId": dossier, "interpreterLanguage": "prs",
            "accessibilityNeeds": ["WHEELCHAIR", "OTHER"], "accessibilityNote": "guide dog",
        })).await;
        let appointment = &booked["data"]["bookAppointment"]["appointment"];
        assert_eq!(appointment["status"], "BOOKED", "{booked}");
        assert_eq!(appointment["interpreterLanguage"], "prs");
        assert_eq!(appointment["accessibilityNeeds"], json!(["WHEELCHAIR", "OTHER"]));
        assert_eq!(appointment["accessibilityNote"], "guide dog");
        assert_eq!(appointment["bookedBy"]["kind"], "PERSON");
        assert_eq!(appointment["slot"]["freePlaces"], 1, "the place is taken");
        let appointment_id = appointment["id"].as_str().expect("id").to_owned();

        // One booked appointment of a kind per dossier.
        let again = book(&app, &person, json!({ "slotId": slots[1], "dossierId": dossier })).await;
        assert_eq!(again["data"]["bookAppointment"]["userErrors"][0]["code"], "ALREADY_BOOKED", "{again}");

        let (_, mine) = app.graphql(MY_APPOINTMENTS, json!({}), Some(&person)).await;
        assert_eq!(mine["data"]["myAppointments"][0]["id"], appointment_id.as_str(), "{mine}");
        let (_, follow) = app.graphql(FOLLOW_UP, json!({ "id": dossier }), Some(&person)).await;
        assert_eq!(follow["data"]["dossier"]["appointments"][0]["interpreterLanguage"], "prs", "{follow}");

        let (_, cancelled) = app.graphql(CANCEL, json!({ "appointmentId": appointment_id }), Some(&person)).await;
        let cancelled_appointment = &cancelled["data"]["cancelAppointment"]["appointment"];
        assert_eq!(cancelled_appointment["status"], "CANCELLED", "{cancelled}");
        assert_eq!(cancelled_appointment["lateCancellation"], false, "two days ahead is not late");
        assert_eq!(cancelled_appointment["slot"]["freePlaces"], 2, "cancelling frees the place");
        let (_, twice) = app.graphql(CANCEL, json!({ "appointmentId": appointment_id }), Some(&person)).await;
        assert_eq!(twice["data"]["cancelAppointment"]["userErrors"][0]["code"], "APPOINTMENT_NOT_BOOKED", "{twice}");

        // Once cancelled, the same kind can be booked again for the dossier.
        let rebooked = book(&app, &person, json!({ "slotId": slots[1], "dossierId": dossier })).await;
        assert_eq!(rebooked["data"]["bookAppointment"]["appointment"]["status"], "BOOKED", "{rebooked}");
    }
}

on_both_databases! {
    async fn a_full_slot_refuses_and_concurrent_bookings_of_the_last_place_give_exactly_one_success(app) {
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "33"));
        let slots = slot_ids(&open(&app, &desk, "33", "HANDOVER", &[(Duration::days(1), 1)]).await);
        let app = Arc::new(app);
        let mut tokens = Vec::new();
        for n in 0..6 {
            tokens.push(app.token(&Subject::Person(app.create_person(&format!("Contender {n}")).await)));
        }
        let handles: Vec<_> = tokens
            .into_iter()
            .map(|token| {
                let (app, slot) = (Arc::clone(&app), slots[0].clone());
                tokio::spawn(async move { book(&app, &token, json!({ "slotId": slot })).await })
            })
            .collect();
        let mut codes = Vec::new();
        for handle in handles {
            let body = handle.await.expect("the booking task ends");
            let payload = &body["data"]["bookAppointment"];
            codes.push(if payload["appointment"].is_null() {
                payload["userErrors"][0]["code"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
            } else {
                "BOOKED".to_owned()
            });
        }
        codes.sort();
        assert_eq!(codes, ["BOOKED", "SLOT_FULL", "SLOT_FULL", "SLOT_FULL", "SLOT_FULL", "SLOT_FULL"]);

        // The slot is full in storage and no longer listed.
        let id = SlotId::from_uuid(slot_uuid(&slots[0]));
        let stored = app.database.appointments().find_slots(&[id]).await.expect("read");
        assert_eq!((stored[0].booked(), stored[0].capacity()), (1, 1));
        let someone = app.token(&Subject::Person(app.create_person("Late").await));
        let listed = free_slots(&app, Some(&someone), "33", "HANDOVER").await;
        assert_eq!(listed["data"]["freeSlots"]["edges"], json!([]), "{listed}");
    }
}

fn slot_uuid(global: &str) -> Uuid {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(global).expect("base64");
    let text = String::from_utf8(text).expect("utf-8");
    Uuid::parse_str(text.strip_prefix("Slot:").expect("a slot id")).expect("uuid")
}

on_both_databases! {
    async fn a_slot_in_the_past_is_neither_opened_nor_booked(app) {
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "31"));
        let refused = open(&app, &desk, "31", "DESK_FILING", &[(Duration::hours(-1), 3)]).await;
        assert_eq!(refused["userErrors"][0]["code"], "INVALID", "{refused}");
        assert_eq!(refused["userErrors"][0]["field"], json!(["input", "startsAt"]));

        // A slot that started an hour ago, as an earlier day leaves it.
        let starts_at = Utc::now() - Duration::hours(1);
        let past = Slot::restore(SlotParts {
            id: SlotId::from_uuid(Uuid::now_v7()),
            spec: SlotSpec {
                territory: Territory::parse("31").expect("territory"),
                site: "Préfecture — salle 1".into(),
                kind: SlotKind::DeskFiling,
                starts_at,
                ends_at: starts_at + Duration::minutes(30),
                capacity: 3,
            },
            booked: 0,
            opened_by: ActorRef::Agent { id: "a".into(), role: "prefecture_desk".into(), organisation: "P31".into() },
            opened_at: starts_at - Duration::days(7),
        })
        .expect("a slot");
        app.database.appointments().open_slots(std::slice::from_ref(&past)).await.expect("stored");
        let person = app.token(&Subject::Person(app.create_person("Okafor").await));
        let global = {
            use base64::Engine as _;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Slot:{}", past.id().as_uuid()))
        };
        let booked = book(&app, &person, json!({ "slotId": global })).await;
        assert_eq!(booked["data"]["bookAppointment"]["userErrors"][0]["code"], "SLOT_IN_PAST", "{booked}");
        let (_, mine) = app.graphql(MY_APPOINTMENTS, json!({}), Some(&person)).await;
        assert_eq!(mine["data"]["myAppointments"], json!([]), "nothing was written: {mine}");
        let stored = app.database.appointments().find_slots(&[past.id()]).await.expect("read");
        assert_eq!(stored[0].booked(), 0);
    }
}

on_both_databases! {
    async fn nobody_but_the_person_and_the_territorys_agents_cancels_an_appointment(app) {
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "13"));
        let slots = slot_ids(&open(&app, &desk, "13", "DESK_FILING", &[(Duration::hours(10), 2)]).await);
        let person = app.token(&Subject::Person(app.create_person("Nguyen").await));
        let booked = book(&app, &person, json!({ "slotId": slots[0] })).await;
        let id = booked["data"]["bookAppointment"]["appointment"]["id"].as_str().unwrap_or_else(|| panic!("{booked}")).to_owned();

        // Another person and an agent of another territory are told it does not exist.
        let stranger = app.token(&Subject::Person(app.create_person("Stranger").await));
        let (_, by_stranger) = app.graphql(CANCEL, json!({ "appointmentId": id }), Some(&stranger)).await;
        assert_eq!(error_code(&by_stranger), Some("NOT_FOUND"), "{by_stranger}");
        let lyon = app.token(&agent(AgentRole::PrefectureDesk, "69"));
        let (_, by_lyon) = app.graphql(DESK_CANCEL, json!({ "appointmentId": id }), Some(&lyon)).await;
        assert_eq!(error_code(&by_lyon), Some("NOT_FOUND"), "{by_lyon}");
        let (_, mine) = app.graphql(MY_APPOINTMENTS, json!({}), Some(&person)).await;
        assert_eq!(mine["data"]["myAppointments"][0]["status"], "BOOKED", "unchanged: {mine}");

        // The desk of the territory cancels for the person; ten hours ahead is a late cancellation.
        let (_, by_desk) = app.graphql(DESK_CANCEL, json!({ "appointmentId": id }), Some(&desk)).await;
        let cancelled = &by_desk["data"]["cancelAppointment"]["appointment"];
        assert_eq!(cancelled["status"], "CANCELLED", "{by_desk}");
        assert_eq!(cancelled["lateCancellation"], true);
    }
}

on_both_databases! {
    async fn an_agent_of_69_cannot_open_slots_in_75_nor_a_person_anywhere(app) {
        let lyon = app.token(&agent(AgentRole::PrefectureInstructor, "69"));
        let refused = open(&app, &lyon, "75", "HANDOVER", &[(Duration::days(1), 5)]).await;
        assert_eq!(refused["userErrors"][0]["code"], "NOT_ALLOWED", "{refused}");
        assert_eq!(refused["slots"], Value::Null);
        let ofii = app.token(&agent(AgentRole::OfiiAgent, "75"));
        let not_theirs = open(&app, &ofii, "75", "HANDOVER", &[(Duration::days(1), 5)]).await;
        assert_eq!(not_theirs["userErrors"][0]["code"], "NOT_ALLOWED", "OFII hands over no card: {not_theirs}");
        let person = app.token(&Subject::Person(app.create_person("Ivanova").await));
        let listed = free_slots(&app, Some(&person), "75", "HANDOVER").await;
        assert_eq!(listed["data"]["freeSlots"]["edges"], json!([]), "nothing was opened: {listed}");
        let (_, by_person) = app.graphql(OPEN_SLOTS, json!({ "territory": "75", "kind": "HANDOVER", "site": "x", "slots": [] }), Some(&person)).await;
        assert_eq!(error_code(&by_person), Some("GRAPHQL_VALIDATION_FAILED"), "not in the mobile view: {by_person}");
    }
}

on_both_databases! {
    async fn the_desk_books_for_a_person_and_marks_the_appointment_only_after_its_start(app) {
        let desk = app.token(&agent(AgentRole::PrefectureDesk, "13"));
        let slots = slot_ids(&open(&app, &desk, "13", "BIOMETRICS", &[(Duration::seconds(2), 1)]).await);
        let person = app.create_person("Haile").await;
        let (_, booked) = app.graphql(DESK_BOOK, json!({ "slotId": slots[0], "personId": person_id_of(person), "interpreterLanguage": "ti" }), Some(&desk)).await;
        let appointment = &booked["data"]["bookAppointment"]["appointment"];
        assert_eq!(appointment["bookedBy"], json!({ "kind": "AGENT", "role": "prefecture_desk", "organisation": "Préfecture 13" }), "{booked}");
        let id = appointment["id"].as_str().expect("id").to_owned();

        let (_, early) = app.graphql(MARK, json!({ "appointmentId": id, "outcome": "ATTENDED" }), Some(&desk)).await;
        assert_eq!(early["data"]["markAppointment"]["userErrors"][0]["code"], "APPOINTMENT_NOT_STARTED", "{early}");
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        let own = app.token(&Subject::Person(person));
        let (_, too_late) = app.graphql(CANCEL, json!({ "appointmentId": id }), Some(&own)).await;
        assert_eq!(too_late["data"]["cancelAppointment"]["userErrors"][0]["code"], "APPOINTMENT_STARTED", "{too_late}");
        let (_, marked) = app.graphql(MARK, json!({ "appointmentId": id, "outcome": "ATTENDED" }), Some(&desk)).await;
        assert_eq!(marked["data"]["markAppointment"]["appointment"]["status"], "ATTENDED", "{marked}");

        // The agent's writes are in the person's view of who accessed their file.
        let (_, accesses) = app.graphql("{ me { person { accesses { nodes { kind role } } } } }", json!({}), Some(&own)).await;
        let writes = accesses["data"]["me"]["person"]["accesses"]["nodes"]
            .as_array().unwrap_or_else(|| panic!("{accesses}"))
            .iter().filter(|a| a["kind"] == "WRITE" && a["role"] == "prefecture_desk").count();
        assert_eq!(writes, 2, "the booking and the marking: {accesses}");
    }
}
