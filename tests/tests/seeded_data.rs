//! `hipe seed --scale` on both engines: the seeded data set is usable through the API — the work queue lists it in
//! legal-risk order over several territories, page after page without gap or repeat, and the person search finds
//! seeded persons by any spelling of their names.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_tests::{on_both_databases, uuid_of};
use serde_json::{Value, json};

const WORK_QUEUE: &str = include_str!("../../bench/operations/WorkQueuePage.graphql");
const FIND_PERSONS: &str = include_str!("../operations/ministry/FindPersons.graphql");

fn edges(body: &Value) -> Vec<Value> {
    body["data"]["workQueue"]["edges"].as_array().cloned().unwrap_or_else(|| panic!("a work queue: {body}"))
}

on_both_databases! {
    async fn a_seeded_data_set_fills_the_work_queue_and_the_person_search(app) {
        let counts = app.seed_at_scale(200).await;
        assert_eq!(counts.dossiers, 200);
        assert!(counts.persons > 100 && counts.persons < 200, "{counts:?}");
        assert!(counts.events > counts.dossiers * 3 && counts.documents > 0 && counts.residence_documents > 0);
        let instructor = app.seeded_territories_agent(AgentRole::PrefectureInstructor);
        // In storage order too, the drafts and closed dossiers ("never" needs attention) come last on both engines:
        // SQLite compares dates as text, where the domain's NaiveDate::MAX (+262142-12-31) would come first.
        let first = app.sql("SELECT status FROM dossier ORDER BY attention_on, id LIMIT 1").await;
        let status: String = first[0].try_get("", "status").expect("a status");
        assert!(!matches!(status.as_str(), "DRAFT" | "PERMIT_DELIVERED" | "REFUSED" | "WITHDRAWN"), "{status}");

        // One page of 100, and the same hundred read ten at a time: the same dossiers in the same order.
        let (status, body) = app.graphql(WORK_QUEUE, json!({ "first": 100 }), Some(&instructor)).await;
        assert_eq!(status, 200, "{body}");
        let hundred = edges(&body);
        assert_eq!(hundred.len(), 100, "the seeded queue holds more than 100 open dossiers");
        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        while paged.len() < 100 {
            let (_, body) = app.graphql(WORK_QUEUE, json!({ "first": 10, "after": after }), Some(&instructor)).await;
            let page = edges(&body);
            assert_eq!(page.len(), 10, "{body}");
            after = body["data"]["workQueue"]["pageInfo"]["endCursor"].as_str().map(str::to_owned);
            paged.extend(page);
        }
        let ids = |edges: &[Value]| edges.iter().map(|e| e["node"]["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&paged), ids(&hundred));
        // Legal-risk order, over several territories, and every dossier is open.
        let dates: Vec<&str> = hundred.iter().map(|e| e["node"]["attentionOn"].as_str().expect("a date")).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
        let territories: std::collections::BTreeSet<&str> =
            hundred.iter().map(|e| e["node"]["territory"].as_str().expect("territory")).collect();
        assert!(territories.len() > 3, "{territories:?}");
        assert!(hundred.iter().all(|e| !matches!(
            e["node"]["status"].as_str(),
            Some("DRAFT" | "PERMIT_DELIVERED" | "REFUSED" | "WITHDRAWN")
        )));
        // Each dossier comes with its person and documents.
        let first = &hundred[0]["node"];
        assert!(first["person"]["familyName"].as_str().is_some_and(|n| !n.is_empty()), "{first}");

        // The person search finds a seeded person by their names.
        let person = &first["person"];
        let name = person["familyName"].as_str().expect("family name");
        let birth_date = person["birthDate"].as_str().expect("birth date");
        let desk = app.token(&Subject::Agent {
            id: "desk-1".to_owned(),
            role: AgentRole::PrefectureDesk,
            organisation: "Préfecture (test)".to_owned(),
            territories: vec![hipe_domain::territory::Territory::parse("75").expect("territory")],
        });
        let (status, body) =
            app.graphql(FIND_PERSONS, json!({ "search": { "name": name, "birthDate": birth_date }, "first": 20 }), Some(&desk)).await;
        assert_eq!(status, 200, "{body}");
        let found: Vec<uuid::Uuid> = body["data"]["persons"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|e| uuid_of(e["node"]["id"].as_str().expect("id")))
            .collect();
        assert!(found.contains(&uuid_of(person["id"].as_str().expect("id"))), "{name}: {body}");
    }
}
