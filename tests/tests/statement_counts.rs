//! What each benchmarked operation costs in SQL statements, on a seeded data set: the exact number, so that a
//! change that adds an N+1 (or a statement) fails here and says which operation. The work-queue page costs the same
//! for 10 dossiers as for 100: the count depends on the query's shape, never on the rows returned.
//!
//! The operations are the benchmark's own documents (`bench/operations/*.graphql`). Each is sent once to warm the
//! server (signing keys, partner status), then measured alone: the server's statement counter (`/metrics`) before
//! and after one request.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::actor::Scope;
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, dossier_id_of, on_both_databases};
use serde_json::{Value, json};

const MOBILE_HOME: &str = include_str!("../../bench/operations/MobileHome.graphql");
const NOTIFICATIONS: &str = include_str!("../../bench/operations/Notifications.graphql");
const WORK_QUEUE: &str = include_str!("../../bench/operations/WorkQueuePage.graphql");
const DOSSIER_IN_FULL: &str = include_str!("../../bench/operations/DossierInFull.graphql");
const VERIFY: &str = include_str!("../../bench/operations/VerifyResidenceRight.graphql");
const DECIDE: &str = include_str!("../../bench/operations/DecideDossier.graphql");

/// The statements one request runs, after a first identical request warmed the server.
async fn statements(app: &TestApp, query: &str, variables: &Value, token: &str) -> u64 {
    let (status, body) = app.graphql(query, variables.clone(), Some(token)).await;
    assert!(status == 200 && body.get("errors").is_none(), "{body}");
    statements_once(app, query, variables, token).await
}

/// The statements of exactly one request.
async fn statements_once(app: &TestApp, query: &str, variables: &Value, token: &str) -> u64 {
    let before = app.sql_statements().await;
    let (status, body) = app.graphql(query, variables.clone(), Some(token)).await;
    let after = app.sql_statements().await;
    assert!(status == 200 && body.get("errors").is_none(), "{body}");
    after - before
}

fn text(row: &sea_orm::QueryResult, column: &str) -> String {
    row.try_get::<String>("", column).unwrap_or_else(|e| panic!("{column}: {e}"))
}

on_both_databases! {
    async fn each_benchmarked_operation_runs_a_fixed_number_of_sql_statements(app) {
        app.seed_at_scale(300).await;

        // The mobile home screen and the notifications of the person with the most dossiers.
        let rows = app
            .sql("SELECT person_id FROM dossier GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT 1")
            .await;
        let person: uuid::Uuid = rows[0].try_get("", "person_id").expect("a person");
        let mobile = app.token(&Subject::Person(PersonId::from_uuid(person)));
        let (_, home) = app.graphql(MOBILE_HOME, json!({}), Some(&mobile)).await;
        let dossiers = home["data"]["me"]["person"]["dossiers"]["nodes"].as_array().expect("dossiers").len();
        assert!(dossiers >= 2, "{home}");
        let mobile_home = statements(&app, MOBILE_HOME, &json!({}), &mobile).await;
        let notifications = statements(&app, NOTIFICATIONS, &json!({}), &mobile).await;

        // The work queue: pages of 50, 10 and 100, with persons and documents.
        let instructor = app.seeded_territories_agent(AgentRole::PrefectureInstructor);
        let queue = |first: u32| json!({ "first": first });
        let page_50 = statements(&app, WORK_QUEUE, &queue(50), &instructor).await;
        let page_10 = statements(&app, WORK_QUEUE, &queue(10), &instructor).await;
        let page_100 = statements(&app, WORK_QUEUE, &queue(100), &instructor).await;
        assert_eq!(page_10, page_100, "a work-queue page of 10 and one of 100 cost the same");

        // A dossier in full: one under review, with documents, events and a request or decision around it.
        let rows = app.sql("SELECT id FROM dossier WHERE status = 'UNDER_REVIEW' ORDER BY id LIMIT 1").await;
        let under_review: uuid::Uuid = rows[0].try_get("", "id").expect("a dossier under review");
        let dossier = json!({ "id": dossier_id_of(under_review) });
        let in_full = statements(&app, DOSSIER_IN_FULL, &dossier, &instructor).await;

        // The partner verification of a valid permit.
        let rows = app
            .sql(
                "SELECT r.number, p.birth_year, p.birth_month, p.birth_day FROM residence_document r \
                 JOIN person p ON p.id = r.person_id WHERE r.status = 'VALID' \
                 AND r.kind IN ('TEMPORARY_PERMIT', 'MULTI_YEAR_PERMIT', 'RESIDENT_CARD') ORDER BY r.number LIMIT 1",
            )
            .await;
        let number = text(&rows[0], "number");
        let part = |column: &str| rows[0].try_get::<Option<i32>>("", column).expect("a date part");
        let birth_date = match (part("birth_year"), part("birth_month"), part("birth_day")) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (y, _, _) => format!("{:04}", y.expect("a birth year")),
        };
        let partner = app.create_partner("Bench employer", &[Scope::PermitVerify]).await;
        let partner_token = app.partner_token(&partner).await;
        let verification = json!({ "documentNumber": number, "birthDate": birth_date });
        let (_, verified) = app.graphql(VERIFY, verification.clone(), Some(&partner_token)).await;
        assert_eq!(verified["data"]["verifyResidenceRight"]["valid"], json!(true), "{verified}");
        let verify = statements(&app, VERIFY, &verification, &partner_token).await;

        // A write: a signatory refuses a dossier under review (measured once: it changes the dossier).
        let signatory = app.seeded_territories_agent(AgentRole::PrefectureSignatory);
        let input = |id: uuid::Uuid| {
            json!({ "input": { "dossierId": dossier_id_of(id), "outcome": "REFUSE", "legalBasis": "CESEDA L.432-1",
                               "reasons": "Les conditions ne sont pas remplies." } })
        };
        let rows = app.sql("SELECT id FROM dossier WHERE status = 'UNDER_REVIEW' ORDER BY id LIMIT 2 OFFSET 1").await;
        let (warm, measured): (uuid::Uuid, uuid::Uuid) =
            (rows[0].try_get("", "id").expect("id"), rows[1].try_get("", "id").expect("id"));
        let (_, warmed) = app.graphql(DECIDE, input(warm), Some(&signatory)).await;
        assert_eq!(warmed["data"]["decideDossier"]["userErrors"], json!([]), "{warmed}");
        let decide = statements_once(&app, DECIDE, &input(measured), &signatory).await;

        let counts = [
            ("mobile home screen", mobile_home),
            ("notifications", notifications),
            ("work-queue page of 50", page_50),
            ("work-queue page of 10", page_10),
            ("work-queue page of 100", page_100),
            ("dossier in full", in_full),
            ("partner verification", verify),
            ("decide a dossier", decide),
        ];
        assert_eq!(counts, EXPECTED, "statements per operation changed: update EXPECTED only for a good reason");
    }
}

/// The statements each operation runs. Lowering one is progress; raising one needs a reason (a new relation in the
/// operation's shape), never a per-row lookup.
const EXPECTED: [(&str, u64); 8] = [
    ("mobile home screen", 8),
    ("notifications", 1),
    ("work-queue page of 50", 6),
    ("work-queue page of 10", 6),
    ("work-queue page of 100", 6),
    // 9: the request's loader caches answer a relation asked twice (documents for `documents` and
    // `missingDocuments`) without a second statement.
    ("dossier in full", 9),
    ("partner verification", 5),
    // 13: the decision also consumes the dossier's tax stamps.
    ("decide a dossier", 13),
];
