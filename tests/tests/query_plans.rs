//! The plans of the hot reads on PostgreSQL, over a seeded data set of 20,000 dossiers with fresh statistics: the
//! work-queue page and the person search must reach `dossier`, `person` and `person_name_key` through an index,
//! never by a sequential scan — at a million dossiers one sequential scan turns a millisecond into a second.
//!
//! The statements explained are built by the very functions the repositories run (`persistence::plans`), with the
//! same bound values. PostgreSQL only: it is the production engine and its planner is the one that matters at scale
//! (SQLite's plans for these statements are checked by the same code on a small set in `seeded_data.rs`).

use chrono::{NaiveDate, Utc};
use hipe_domain::dossier::{DossierId, DossierStatus, QueueCursor, WorkQueueFilter};
use hipe_domain::pagination::PageRequest;
use hipe_domain::person::search::PersonSearch;
use hipe_domain::person::{ForeignerNumber, PartialDate};
use hipe_domain::territory::Territory;
use hipe_tests::{Engine, TestDatabase};

const BIG_TABLES: [&str; 3] = ["dossier", "person", "person_name_key"];

fn territories(codes: &[&str]) -> Vec<Territory> {
    codes.iter().map(|c| Territory::parse(c).expect("territory")).collect()
}

fn page<K>(first: i32, after: Option<K>) -> PageRequest<K> {
    PageRequest::relay(Some(first), after, None, None).expect("page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_work_queue_and_the_person_search_never_scan_a_big_table_on_postgres() {
    let test_db = TestDatabase::create(Engine::Postgres).await;
    let db = hipe_persistence::connect(&test_db.url, 4).await.expect("connects");
    db.migrate().await.expect("migrates");
    let options = hipe_api::seed::SeedOptions { dossiers: 20_000, seed: 3, now: Utc::now(), progress: false };
    let report = hipe_api::seed::seed(&db, &options).await.expect("seeds");
    assert_eq!(report.counts.dossiers, 20_000);
    let plans = db.plans();

    let cursor = QueueCursor {
        attention_on: NaiveDate::from_ymd_opt(2027, 1, 15).expect("date"),
        id: DossierId::from_uuid(uuid::Uuid::now_v7()),
    };
    let queues = [
        (
            "one territory, default statuses",
            WorkQueueFilter { territories: territories(&["93"]), ..Default::default() },
        ),
        (
            "several territories, default statuses",
            WorkQueueFilter { territories: territories(&["75", "92", "93", "94"]), ..Default::default() },
        ),
        (
            "several territories, two statuses",
            WorkQueueFilter {
                territories: territories(&["75", "93", "69"]),
                statuses: vec![DossierStatus::UnderReview, DossierStatus::Complete],
                ..Default::default()
            },
        ),
        (
            "one territory, one status",
            WorkQueueFilter {
                territories: territories(&["69"]),
                statuses: vec![DossierStatus::Submitted],
                ..Default::default()
            },
        ),
    ];
    for (label, filter) in &queues {
        for (position, request) in [("first page", page(50, None)), ("next page", page(50, Some(cursor)))] {
            let plan = plans.work_queue(filter, &request).await.expect("explained");
            assert!(
                plan.full_scans_of(&BIG_TABLES).is_empty(),
                "work queue ({label}, {position}) scans a big table:\n{plan}"
            );
            assert!(
                plan.uses_index("ix_dossier_queue") || plan.uses_index("ix_dossier_queue_status"),
                "work queue ({label}, {position}) reads the queue in index order:\n{plan}"
            );
        }
    }

    let searches = [
        ("a common name prefix", PersonSearch::new(Some("moh"), None, None)),
        ("two names", PersonSearch::new(Some("Haddad Amina"), None, None)),
        ("a transliterated name", PersonSearch::new(Some("Olexandr Kovalenko"), None, None)),
        (
            "a name and a birth year",
            PersonSearch::new(Some("diallo"), Some(PartialDate::parse("1990").expect("date")), None),
        ),
        ("a foreigner number", PersonSearch::new(None, None, Some(ForeignerNumber::parse("4000000042").expect("n")))),
    ];
    let mut failures = Vec::new();
    for (label, search) in searches {
        let search = search.expect("a valid search");
        let plan = plans.person_search(&search, &page(20, None)).await.expect("explained");
        if !plan.full_scans_of(&BIG_TABLES).is_empty() {
            failures.push(format!("person search ({label}) scans a big table:\n{plan}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
