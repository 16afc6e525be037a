//! Return aid through the operations OFII, the app and the prefecture use (`tests/operations/`), on both
//! databases: a family found eligible (the allowance computed from the seeded 2015 rates for two adults and a
//! child), its departure booked and recorded, the allowance paid; a second request answered "only once"; every
//! failed criterion named; each refused step a user error with a stable code that changes nothing; and the
//! compartments — the prefecture sees the status and nothing of the details (the field does not exist in its
//! view), another direction and another person see nothing.

use chrono::Duration;
use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases, operation, person_id_of};
use serde_json::{Value, json};

const REQUEST: &str = operation!("ofii/RequestReturnAid");
const DECIDE: &str = operation!("ofii/DecideReturnAidEligibility");
const BOOK: &str = operation!("ofii/BookReturnAidDeparture");
const DEPART: &str = operation!("ofii/RecordReturnAidDeparture");
const WITHDRAW: &str = operation!("ofii/WithdrawReturnAid");
const QUEUE: &str = operation!("ofii/ReturnAidQueue");
const MINE: &str = operation!("mobile/MyReturnAid");
const PREFECTURE: &str = operation!("ministry/PersonReturnAid");

fn agent(role: AgentRole, territory: &str) -> Subject {
    Subject::Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("agency {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    }
}

/// A person, their token, and the OFII agent of `territory`.
struct Actors {
    person: String,
    person_id: String,
    ofii: String,
}

async fn in_direction(app: &TestApp, family_name: &str, territory: &str) -> Actors {
    let id = app.create_person(family_name).await;
    Actors {
        person: app.token(&Subject::Person(id)),
        person_id: person_id_of(id),
        ofii: app.token(&agent(AgentRole::OfiiAgent, territory)),
    }
}

fn at(file: &Value) -> Value {
    json!({ "fileId": file["id"], "expectedVersion": file["version"] })
}

fn with(base: Value, more: Value) -> Value {
    let mut merged = base;
    if let (Some(target), Value::Object(extra)) = (merged.as_object_mut(), more) {
        target.extend(extra);
    }
    merged
}

/// Facts of an Algerian family of two adults and a child, 18 months in France without a right to stay.
fn eligible_facts() -> Value {
    json!({
        "nationality": "dz", "monthsInFrance": 18, "situation": "IRREGULAR_STAY", "countryGroup": "VISA_REQUIRED",
        "adults": 2, "children": 1,
    })
}

async fn request(app: &TestApp, actors: &Actors, territory: &str) -> Value {
    let input = json!({ "personId": actors.person_id, "territory": territory });
    app.mutate(REQUEST, "requestReturnAid", input, &actors.ofii).await["returnAidFile"].clone()
}

async fn decide(app: &TestApp, actors: &Actors, file: &Value, facts: Value) -> Value {
    app.mutate(DECIDE, "decideReturnAidEligibility", with(at(file), facts), &actors.ofii).await["returnAidFile"].clone()
}

on_both_databases! {
    async fn an_eligible_family_books_its_departure_leaves_and_is_paid_once(app) {
        let actors = in_direction(&app, "Benali", "75").await;
        let file = request(&app, &actors, "75").await;
        assert_eq!((&file["status"], &file["version"], &file["territory"]), (&json!("REQUESTED"), &json!(1), &json!("75")), "{file}");
        assert_eq!(file["details"]["allowanceCents"], Value::Null);

        // 2 × 650 € + 150 €, the seeded 2015 rates for a visa-required country.
        let file = decide(&app, &actors, &file, eligible_facts()).await;
        assert_eq!(file["status"], "ELIGIBLE", "{file}");
        let details = &file["details"];
        assert_eq!((&details["allowanceCents"], &details["allowancePaid"]), (&json!(145_000), &json!(false)), "{file}");
        assert_eq!((&details["facts"]["nationality"], &details["facts"]["adults"]), (&json!("DZ"), &json!(2)));
        assert_eq!(details["ineligibility"], json!([]));

        let departure = app.today() + Duration::days(10);
        let input = with(at(&file), json!({ "departureOn": departure.to_string() }));
        let file = app.mutate(BOOK, "bookReturnAidDeparture", input, &actors.ofii).await["returnAidFile"].clone();
        assert_eq!((&file["status"], &file["details"]["departureOn"]), (&json!("DEPARTURE_BOOKED"), &json!(departure.to_string())));

        // The person follows it in the app, and was told the amount and the day.
        let mine = app.run(MINE, json!({}), &actors.person).await;
        let files = &mine["me"]["person"]["returnAidFiles"];
        assert_eq!((&files[0]["status"], &files[0]["details"]["allowanceCents"]), (&json!("DEPARTURE_BOOKED"), &json!(145_000)), "{mine}");
        let told = mine["notifications"]["nodes"].as_array().cloned().unwrap_or_default();
        let eligible = told.iter().find(|n| n["key"] == "returnAid.eligible").unwrap_or_else(|| panic!("{mine}"));
        assert!(eligible["message"].as_str().unwrap_or_default().contains("1450.00"), "{eligible}");
        assert!(told.iter().any(|n| n["key"] == "returnAid.departureBooked"), "{mine}");

        // OFII's queue of the direction, in that status.
        let queue = app.run(QUEUE, json!({ "status": "DEPARTURE_BOOKED" }), &actors.ofii).await;
        let nodes = queue["returnAidQueue"]["nodes"].as_array().cloned().unwrap_or_default();
        assert!(nodes.iter().any(|n| n["id"] == file["id"] && n["person"]["familyName"] == "Benali"), "{queue}");
        let elsewhere = app.token(&agent(AgentRole::OfiiAgent, "13"));
        let queue = app.run(QUEUE, json!({}), &elsewhere).await;
        assert!(!queue.to_string().contains(file["id"].as_str().unwrap_or("?")), "{queue}");

        app.advance_days(10);
        let input = with(at(&file), json!({ "departedOn": app.today().to_string() }));
        let file = app.mutate(DEPART, "recordReturnAidDeparture", input, &actors.ofii).await["returnAidFile"].clone();
        assert_eq!((&file["status"], &file["details"]["allowancePaid"]), (&json!("DEPARTED"), &json!(true)), "{file}");

        // Aid is granted only once: a new file can be opened, and is decided ineligible.
        let second = request(&app, &actors, "75").await;
        let second = decide(&app, &actors, &second, eligible_facts()).await;
        assert_eq!((&second["status"], &second["details"]["ineligibility"]), (&json!("INELIGIBLE"), &json!(["ALREADY_RECEIVED"])), "{second}");
    }
}

on_both_databases! {
    async fn every_failed_criterion_is_named_and_refused_steps_change_nothing(app) {
        let actors = in_direction(&app, "Keller", "75").await;
        let file = request(&app, &actors, "75").await;
        // One open file per person.
        let again = json!({ "personId": actors.person_id, "territory": "75" });
        assert_eq!(app.refused(REQUEST, "requestReturnAid", again, &actors.ofii).await, "RETURN_AID_ALREADY_OPEN");

        // Bad facts: a clear error on the field, nothing recorded.
        for (field, value) in [("nationality", json!("Germany")), ("adults", json!(0)), ("monthsInFrance", json!(-1))] {
            let facts = with(eligible_facts(), json!({ field: value }));
            let payload = app.run(DECIDE, json!({ "input": with(at(&file), facts) }), &actors.ofii).await;
            let error = &payload["decideReturnAidEligibility"]["userErrors"][0];
            assert_eq!((&error["code"], &error["field"]), (&json!("INVALID"), &json!(["input", field])), "{payload}");
        }
        // A departure cannot be booked before the decision.
        let book = with(at(&file), json!({ "departureOn": (app.today() + Duration::days(3)).to_string() }));
        assert_eq!(app.refused(BOOK, "bookReturnAidDeparture", book, &actors.ofii).await, "PRECONDITION_FAILED");

        let facts = json!({
            "nationality": "DE", "monthsInFrance": 3, "situation": "LAWFUL_STAY", "countryGroup": "VISA_EXEMPT",
            "adults": 1, "children": 0,
        });
        let decided = decide(&app, &actors, &file, facts).await;
        assert_eq!(decided["version"], 2, "the refused steps changed nothing: {decided}");
        assert_eq!(decided["details"]["ineligibility"], json!(["EUROPEAN_NATIONAL", "STAY_TOO_SHORT", "SITUATION_NOT_COVERED"]), "{decided}");
        assert_eq!(decided["details"]["allowanceCents"], Value::Null);
        // Final: no second decision, no withdrawal; a stale version is a conflict.
        assert_eq!(app.refused(WITHDRAW, "withdrawReturnAid", at(&decided), &actors.ofii).await, "PRECONDITION_FAILED");
        let (_, body) = app.graphql(WITHDRAW, json!({ "input": at(&file) }), Some(&actors.ofii)).await;
        assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");

        // Mayotte is outside the scheme.
        let mayotte = in_direction(&app, "Said", "976").await;
        let file = request(&app, &mayotte, "976").await;
        let decided = decide(&app, &mayotte, &file, eligible_facts()).await;
        assert_eq!(decided["details"]["ineligibility"], json!(["MAYOTTE"]), "{decided}");

        // A withdrawn file frees the person to ask again; a past departure day is refused.
        let actors = in_direction(&app, "Osei", "75").await;
        let file = request(&app, &actors, "75").await;
        let file = decide(&app, &actors, &file, eligible_facts()).await;
        let past = with(at(&file), json!({ "departureOn": (app.today() - Duration::days(1)).to_string() }));
        assert_eq!(app.refused(BOOK, "bookReturnAidDeparture", past, &actors.ofii).await, "INVALID");
        let file = app.mutate(WITHDRAW, "withdrawReturnAid", at(&file), &actors.ofii).await["returnAidFile"].clone();
        assert_eq!(file["status"], "WITHDRAWN");
        let reopened = request(&app, &actors, "75").await;
        assert_eq!(reopened["status"], "REQUESTED");
    }
}

on_both_databases! {
    async fn the_prefecture_sees_the_status_only_and_outsiders_see_nothing(app) {
        let actors = in_direction(&app, "Traore", "75").await;
        let file = request(&app, &actors, "75").await;
        let file = decide(&app, &actors, &file, eligible_facts()).await;
        let id = file["id"].as_str().expect("id").to_owned();

        // The prefecture of the territory: the status, and no details field in its view.
        let instructor = app.token(&agent(AgentRole::PrefectureInstructor, "75"));
        let read = app.run(PREFECTURE, json!({ "search": { "name": "Traore" } }), &instructor).await;
        let files = &read["persons"]["nodes"][0]["returnAidFiles"];
        assert_eq!((&files[0]["id"], &files[0]["status"]), (&json!(id), &json!("ELIGIBLE")), "{read}");
        let details = "query($id: ID!) { returnAidFile(id: $id) { details { allowanceCents } } }";
        let (_, body) = app.graphql(details, json!({ "id": id }), Some(&instructor)).await;
        assert!(body["errors"].is_array() && body["data"].is_null(), "{body}");
        assert!(!body.to_string().contains("145000"), "{body}");

        // Another direction, another prefecture, another person, a doctor: not found, and not listed.
        let status = "query($id: ID!) { returnAidFile(id: $id) { status } }";
        let outsiders = [
            app.token(&agent(AgentRole::OfiiAgent, "13")),
            app.token(&agent(AgentRole::PrefectureInstructor, "13")),
            app.token(&agent(AgentRole::OfiiDoctor, "75")),
            in_direction(&app, "Diallo", "75").await.person,
        ];
        for token in &outsiders {
            let (_, body) = app.graphql(status, json!({ "id": id }), Some(token)).await;
            assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
            assert!(!body.to_string().contains("ELIGIBLE"), "{body}");
        }
        let elsewhere = app.token(&agent(AgentRole::PrefectureInstructor, "13"));
        let read = app.run(PREFECTURE, json!({ "search": { "name": "Traore" } }), &elsewhere).await;
        assert!(!read.to_string().contains(&id), "{read}");

        // Nor can another direction act on it, or open a file in a territory it does not cover.
        let other = app.token(&agent(AgentRole::OfiiAgent, "13"));
        let (_, body) = app.graphql(WITHDRAW, json!({ "input": at(&file) }), Some(&other)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
        let input = json!({ "personId": actors.person_id, "territory": "75" });
        assert_eq!(app.refused(REQUEST, "requestReturnAid", input, &other).await, "NOT_ALLOWED");
    }
}
