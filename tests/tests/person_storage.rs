//! Storage contracts of the person profile on both engines: the prefix search is a range on the key index
//! (PostgreSQL's planner uses it), keys ending in `z` or `9` are found by their prefixes, records and their keys commit
//! together, and a move closes only a still-current address.

use chrono::{NaiveDate, Utc};
use hipe_domain::Error;
use hipe_domain::pagination::PageRequest;
use hipe_domain::person::address::{self, AddressId, AddressKind, NewAddress};
use hipe_domain::person::identity_record::{IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, Sex};
use hipe_domain::person::search::PersonSearch;
use hipe_domain::person::{
    CountryCode, Identity, Nationality, PartialDate, Person, PersonId, PersonProfileRepository as _,
    PersonRepository as _,
};
use hipe_tests::{Engine, TestDatabase};
use sea_orm::{ConnectionTrait as _, Statement, TransactionTrait as _};
use uuid::Uuid;

async fn migrated(engine: Engine) -> (TestDatabase, hipe_persistence::Database) {
    let db = TestDatabase::create(engine).await;
    let database = hipe_persistence::connect(&db.url, 2).await.expect("connects");
    database.migrate().await.expect("migrates");
    (db, database)
}

async fn person(database: &hipe_persistence::Database, family: &str) -> PersonId {
    let id = PersonId::from_uuid(Uuid::now_v7());
    let identity = Identity {
        family_name: family.to_owned(),
        given_names: vec![],
        birth_date: PartialDate::parse("1980").expect("date"),
        nationalities: vec![Nationality::Undetermined],
    };
    database.persons().insert(&Person::new(id, identity, None, Utc::now()).expect("valid")).await.expect("stored");
    id
}

async fn found(database: &hipe_persistence::Database, name: &str) -> Vec<PersonId> {
    let search = PersonSearch::new(Some(name), None, None).expect("criteria");
    let page = PageRequest::relay(Some(100), None, None, None).expect("page");
    let found = database.person_profiles().search(&search, &page).await.expect("search");
    found.items.iter().map(Person::id).collect()
}

hipe_tests::on_both_engines!(keys_ending_at_the_end_of_the_alphabet_are_found_by_their_prefixes, |engine| async move {
    let (_db, database) = migrated(engine).await;
    let azwan = person(&database, "Azwan").await;
    let aziz = person(&database, "Aziz").await;
    let bakr = person(&database, "Bakr").await;
    let z9 = person(&database, "Z9").await;
    assert_eq!(found(&database, "az").await, [azwan, aziz], "`az` is bounded by `b`, which carries over `z`");
    assert_eq!(found(&database, "azw").await, [azwan]);
    assert_eq!(found(&database, "bakr").await, [bakr]);
    assert_eq!(found(&database, "z9").await, [z9], "`z9` is bounded by `za`");
    assert!(found(&database, "zy").await.is_empty());
});

hipe_tests::on_both_engines!(a_record_and_its_keys_commit_together_or_not_at_all, |engine| async move {
    let (_db, database) = migrated(engine).await;
    let someone = person(&database, "Petrenko").await;
    let statement = IdentityStatement {
        family_name: "Petrenko".into(),
        birth_name: Some("Shevchuk".into()),
        given_names: vec!["Iryna".into()],
        original_script: None,
        transliterations: vec![],
        sex: Sex::Female,
        birth_date: PartialDate::parse("1980-01").expect("date"),
        birth_place: None,
        birth_country: None,
        nationalities: vec![Nationality::parse("UKR").expect("code")],
        document_number: None,
    };
    let record = |person| {
        IdentityRecord::new(
            IdentityRecordId::from_uuid(Uuid::now_v7()),
            person,
            IdentitySource::Declaration,
            statement.clone(),
            Utc::now(),
        )
        .expect("valid")
    };
    let profiles = database.person_profiles();
    let nobody = PersonId::from_uuid(Uuid::now_v7());
    assert!(matches!(profiles.record_identity(&record(nobody), None).await, Err(Error::NotFound { .. })));
    assert!(found(&database, "shevchuk").await.is_empty());
    let first = record(someone);
    profiles.record_identity(&first, None).await.expect("recorded");
    assert_eq!(found(&database, "shevchuk iryna").await, [someone], "the birth name is searchable");
    let duplicate = profiles.record_identity(&first, None).await.expect_err("the same id twice");
    assert!(matches!(duplicate, Error::Duplicate { what: "identity record" }), "{duplicate:?}");
    // Storage keeps microseconds: compare what was stated, not the instant's last digits.
    let stored = profiles.identity_records_of(&[someone, nobody]).await.expect("read");
    assert_eq!(stored.iter().map(|r| (r.id(), r.statement())).collect::<Vec<_>>(), [(first.id(), first.statement())]);
});

hipe_tests::on_both_engines!(a_move_closes_only_a_still_current_address, |engine| async move {
    let (_db, database) = migrated(engine).await;
    let someone = person(&database, "Moreau").await;
    let profiles = database.person_profiles();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let new = |from: (i32, u32, u32)| NewAddress {
        kind: AddressKind::Own,
        care_of: None,
        lines: vec!["1 rue de la Paix".into()],
        postcode: Some("75002".into()),
        city: "Paris".into(),
        country: CountryCode::parse("country", "FRA").expect("code"),
        valid_from: NaiveDate::from_ymd_opt(from.0, from.1, from.2),
    };
    let id = || AddressId::from_uuid(Uuid::now_v7());
    let first = address::change(id(), someone, None, new((2025, 1, 1)), today, Utc::now()).expect("valid");
    profiles.change_address(&first, None).await.expect("stored");
    let current = profiles.current_address(someone).await.expect("read").expect("one");
    let second = address::change(id(), someone, Some(&current), new((2025, 6, 1)), today, Utc::now()).expect("valid");
    let racing = address::change(id(), someone, Some(&current), new((2025, 7, 1)), today, Utc::now()).expect("valid");
    profiles.change_address(&second, None).await.expect("stored");
    let lost = profiles.change_address(&racing, None).await.expect_err("the first address is already closed");
    assert!(matches!(lost, Error::StaleVersion { .. }), "{lost:?}");
    assert_eq!(profiles.addresses_of(&[someone]).await.expect("read").len(), 2, "the loser wrote nothing");
    let current = profiles.current_address(someone).await.expect("read").expect("one");
    assert_eq!((current.id(), current.parts().valid_from), (second.opened.id(), second.opened.parts().valid_from));
});

#[tokio::test]
async fn postgres_serves_the_prefix_range_from_the_key_index() {
    let (db, database) = migrated(Engine::Postgres).await;
    person(&database, "Kovalenko").await;
    let connection = sea_orm::Database::connect(&db.url).await.expect("connects");
    let txn = connection.begin().await.expect("one connection");
    // The table is tiny: forbid sequential scans so the plan shows whether the index *can* serve the range
    // under this database's collation.
    txn.execute_unprepared("SET LOCAL enable_seqscan = off").await.expect("set");
    let plan = txn
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "EXPLAIN SELECT person_id FROM person_name_key WHERE key >= 'kavala' AND key < 'kavalb'",
        ))
        .await
        .expect("explain");
    let plan: Vec<String> = plan.iter().filter_map(|row| row.try_get_by_index::<String>(0).ok()).collect();
    assert!(plan.iter().any(|line| line.contains("ix_person_name_key_key")), "{plan:#?}");
    assert!(plan.iter().any(|line| line.contains("Index Cond")), "{plan:#?}");
}

hipe_tests::on_both_engines!(persons_stored_before_the_search_existed_are_found_after_migrating, |engine| async move {
    use sea_orm::sea_query::{Alias, Query};
    let db = TestDatabase::create(engine).await;
    let database = hipe_persistence::connect(&db.url, 2).await.expect("connects");
    // The nine migrations before m0040_person_profile: the person table as earlier releases left it.
    database.migrate_steps(9).await.expect("older schema");
    let id = Uuid::now_v7();
    let connection = sea_orm::Database::connect(&db.url).await.expect("connects");
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new("person"))
        .columns(["id", "family_name", "given_names", "birth_year", "nationalities", "created_at"].map(Alias::new))
        .values([id.into(), "Ślusarczyk".into(), r#"["Michał"]"#.into(), 1977.into(), "POL".into(), Utc::now().into()])
        .expect("as many values as columns");
    connection.execute(&insert).await.expect("an old row");
    database.migrate().await.expect("m0040 and later");
    assert_eq!(found(&database, "slusarczyk michal").await, [PersonId::from_uuid(id)]);
});
