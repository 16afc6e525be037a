//! Storage contracts that hold on both engines: migrations go up, down and up again; unique indexes surface as
//! typed domain errors; a stale write is refused and leaves nothing behind.

use chrono::Utc;
use hipe_domain::Error;
use hipe_domain::actor::Agent;
use hipe_domain::dossier::commands::{self, StartDossier};
use hipe_domain::dossier::{DossierRepository as _, DossierStatus};
use hipe_domain::ids::IdSource as _;
use hipe_domain::journal::{AccessJournal as _, AccessKind, AccessRecord, JournalFilter, RequestTrace};
use hipe_domain::pagination::PageRequest;
use hipe_domain::person::{
    ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId, PersonRepository as _,
};
use hipe_domain::procedure::{ProcedureCatalogue as _, ProcedureCode};
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, AgentRole};
use hipe_tests::{Engine, TestDatabase};
use uuid::Uuid;

fn person(number: Option<&str>) -> Person {
    Person::new(
        PersonId::from_uuid(Uuid::now_v7()),
        Identity {
            family_name: "Nowak".into(),
            given_names: vec!["Anna".into(), "Maria".into()],
            birth_date: PartialDate::parse("1988").expect("date"),
            nationalities: vec![Nationality::parse("POL").expect("code"), Nationality::Stateless],
        },
        number.map(|n| ForeignerNumber::parse(n).expect("number")),
        Utc::now(),
    )
    .expect("valid")
}

/// Draws ids for dossiers created directly through the domain's use cases.
struct Ids;
impl hipe_domain::ids::IdSource for Ids {
    fn access(&self) -> hipe_domain::journal::AccessId {
        hipe_domain::journal::AccessId::from_uuid(Uuid::now_v7())
    }

    fn mandate(&self) -> hipe_domain::mandate::MandateId {
        hipe_domain::mandate::MandateId::from_uuid(Uuid::now_v7())
    }

    fn slot(&self) -> hipe_domain::appointment::SlotId {
        hipe_domain::appointment::SlotId::from_uuid(Uuid::now_v7())
    }

    fn appointment(&self) -> hipe_domain::appointment::AppointmentId {
        hipe_domain::appointment::AppointmentId::from_uuid(Uuid::now_v7())
    }

    fn payment(&self) -> hipe_domain::payment::PaymentId {
        hipe_domain::payment::PaymentId::from_uuid(Uuid::now_v7())
    }

    fn message(&self) -> hipe_domain::message::MessageId {
        hipe_domain::message::MessageId::from_uuid(Uuid::now_v7())
    }

    fn dossier(&self, year: i32) -> (hipe_domain::dossier::DossierId, hipe_domain::dossier::DossierReference) {
        let id = Uuid::now_v7();
        (
            hipe_domain::dossier::DossierId::from_uuid(id),
            hipe_domain::dossier::DossierReference::generate(year, id.as_u64_pair().1),
        )
    }
}

async fn migrated(engine: Engine) -> (TestDatabase, hipe_persistence::Database) {
    let db = TestDatabase::create(engine).await;
    let database = hipe_persistence::connect(&db.url, 2).await.expect("connects");
    database.migrate().await.expect("migrates");
    (db, database)
}

hipe_tests::on_both_engines!(migrations_go_up_down_and_up_again, |engine| async move {
    let (_db, database) = migrated(engine).await;
    assert!(database.is_ready().await);
    database.migrate_down_all().await.expect("down");
    assert!(!database.is_ready().await);
    database.migrate().await.expect("up again");
    let today = Utc::now().date_naive();
    let catalogue = database.catalogue().in_force(today).await.expect("catalogue");
    assert!(catalogue.iter().any(|p| p.key.code.as_str() == "FIRST_PERMIT_STUDENT"));
});

hipe_tests::on_both_engines!(a_person_round_trips_with_partial_date_and_nationalities, |engine| async move {
    let (_db, database) = migrated(engine).await;
    let original = person(Some("7500000001"));
    database.persons().insert(&original).await.expect("stored");
    let found = database.persons().find(original.id()).await.expect("read").expect("found");
    // Timestamps may lose sub-microsecond precision in storage; compare the rest exactly.
    assert_eq!(found.identity(), original.identity());
    assert_eq!(found.foreigner_number(), original.foreigner_number());
    assert_eq!(
        database.persons().find_many(&[original.id(), PersonId::from_uuid(Uuid::now_v7())]).await.expect("batch").len(),
        1
    );
});

hipe_tests::on_both_engines!(a_foreigner_number_is_unique_and_says_so, |engine| async move {
    let (_db, database) = migrated(engine).await;
    database.persons().insert(&person(Some("7500000002"))).await.expect("first");
    let error = database.persons().insert(&person(Some("7500000002"))).await.expect_err("duplicate");
    assert!(matches!(error, Error::Duplicate { what: "foreigner number" }), "{error:?}");
});

hipe_tests::on_both_engines!(a_stale_write_is_refused_and_leaves_nothing, |engine| async move {
    let (_db, database) = migrated(engine).await;
    let applicant = person(None);
    database.persons().insert(&applicant).await.expect("stored");
    let persons = database.persons();
    let dossiers = database.dossiers();
    let catalogue = database.catalogue();
    let mandates = database.mandates();
    let clock = hipe_domain::clock::SystemClock;
    let ports = commands::Ports {
        dossiers: &dossiers,
        persons: &persons,
        mandates: &mandates,
        catalogue: &catalogue,
        clock: &clock,
        ids: &Ids,
    };
    let desk = Actor::Agent(Agent {
        id: "desk-13".into(),
        role: AgentRole::PrefectureDesk,
        organisation: "Préfecture des Bouches-du-Rhône".into(),
        territories: vec![Territory::parse("13").expect("territory")],
    });
    let trace = RequestTrace { operation: "test".into(), request_id: "r-1".into() };
    let caller = commands::Caller { actor: desk.clone(), trace: trace.clone() };
    let start = StartDossier {
        person: applicant.id(),
        procedure: ProcedureCode::parse("PERMIT_RENEWAL").expect("code"),
        territory: Territory::parse("13").expect("territory"),
    };
    let draft = commands::start(&ports, &caller, start).await.expect("started");

    // Two writers read version 1; the first submits; the second's write must fail, its journal entry with it.
    let journal_entry = || AccessRecord::of(Ids.access(), &desk, AccessKind::Write, applicant.id(), &trace, Utc::now());
    let mut first = draft.clone();
    let mut second = draft.clone();
    let event = first.submit(&desk, Utc::now()).expect("allowed");
    dossiers.update(&first, 1, &[event], journal_entry().as_ref()).await.expect("first write");
    let event = second.submit(&desk, Utc::now()).expect("allowed on its stale copy");
    let error = dossiers.update(&second, 1, &[event], journal_entry().as_ref()).await.expect_err("stale");
    assert!(matches!(error, Error::StaleVersion { expected: 1, actual: 2, .. }), "{error:?}");
    let page = PageRequest::relay(Some(100), None, None, None).expect("page");
    let filter = JournalFilter { subject: Some(applicant.id()), ..JournalFilter::default() };
    let written = database.journal().search(&filter, &page).await.expect("journal");
    assert_eq!(written.items.len(), 2, "the start and the first write, not the refused one");
    assert!(written.items.iter().all(|r| r.kind == AccessKind::Write && r.accessor.id == "desk-13"));

    let stored = dossiers.find(draft.id()).await.expect("read").expect("found");
    assert_eq!((stored.status(), stored.version()), (DossierStatus::Submitted, 2));
    let events = dossiers.events_of(&[draft.id()]).await.expect("events");
    assert_eq!(events.iter().map(|e| e.sequence).collect::<Vec<_>>(), [1, 2]);
});

fn partner_client(id: &str) -> hipe_domain::partner::PartnerClient {
    hipe_domain::partner::PartnerClient::new(
        hipe_domain::partner::ClientId::parse(id).expect("id"),
        "Intérim Nord",
        &[hipe_domain::actor::Scope::PermitVerify],
        hipe_domain::partner::SecretHash::parse("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA").expect("phc"),
        Utc::now(),
    )
    .expect("valid")
}

hipe_tests::on_both_engines!(a_partner_client_round_trips_and_its_id_is_unique, |engine| async move {
    use hipe_domain::partner::PartnerRepository as _;
    let (_db, database) = migrated(engine).await;
    let partners = database.partners();
    let mut client = partner_client("prt_roundtrip");
    partners.insert(&client).await.expect("stored");
    let error = partners.insert(&partner_client("prt_roundtrip")).await.expect_err("duplicate");
    assert!(matches!(error, Error::Duplicate { what: "partner client" }), "{error:?}");
    let found = partners.find(client.client_id()).await.expect("read").expect("found");
    assert_eq!(
        (found.name(), found.scopes(), found.secret_hash()),
        (client.name(), client.scopes(), client.secret_hash())
    );
    assert!(found.is_active());

    client.disable(Utc::now()).expect("disabled");
    partners.save(&client).await.expect("saved");
    let found = partners.find(client.client_id()).await.expect("read").expect("found");
    assert!(!found.is_active());
    let ghost = partner_client("prt_ghost");
    assert!(matches!(partners.save(&ghost).await, Err(Error::NotFound { .. })));
    partners.insert(&partner_client("prt_second")).await.expect("stored");
    let listed: Vec<String> =
        partners.list().await.expect("list").iter().map(|c| c.client_id().as_str().to_owned()).collect();
    assert_eq!(listed, ["prt_roundtrip", "prt_second"], "oldest first");
});

hipe_tests::on_both_engines!(a_residence_document_round_trips_and_its_number_is_unique, |engine| async move {
    use chrono::NaiveDate;
    use hipe_domain::permit::{
        DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, ResidenceDocument, ResidenceDocumentId,
        ResidenceDocumentRepository as _, Rights, Work,
    };
    let (_db, database) = migrated(engine).await;
    let holder = person(None);
    database.persons().insert(&holder).await.expect("stored");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let document = |number: &str, holder: PersonId, work| {
        ResidenceDocument::new(DocumentParts {
            id: ResidenceDocumentId::from_uuid(Uuid::now_v7()),
            number: DocumentNumber::parse(number).expect("number"),
            holder,
            kind: DocumentKind::TemporaryPermit,
            motive: Some(Motive::parse("STUDENT").expect("motive")),
            valid_from: day(2025, 9, 1),
            valid_until: day(2026, 8, 31),
            rights: Rights { stay: true, work },
            status: DocumentStatus::Valid,
            created_at: Utc::now(),
        })
        .expect("valid")
    };
    let documents = database.residence_documents();
    let card = document("CST7500000001", holder.id(), Work::Limited { hours_per_year: 964 });
    documents.insert(&card).await.expect("stored");
    let receipt = document("REC7500000001", holder.id(), Work::Full);
    documents.insert(&receipt).await.expect("stored");
    let found = documents.find_by_number(&DocumentNumber::parse("cst 7500000001").expect("n")).await.expect("read");
    let found = found.expect("found");
    assert_eq!(
        (found.id(), found.holder(), found.kind(), found.rights()),
        (card.id(), card.holder(), card.kind(), card.rights())
    );
    assert_eq!(
        (found.valid_from(), found.valid_until(), found.status()),
        (card.valid_from(), card.valid_until(), card.status())
    );
    assert_eq!(documents.list_for_person(holder.id()).await.expect("list").len(), 2);
    assert!(documents.find_by_number(&DocumentNumber::parse("XX0000000").expect("n")).await.expect("read").is_none());

    let error = documents.insert(&document("CST7500000001", holder.id(), Work::None)).await.expect_err("duplicate");
    assert!(matches!(error, Error::Duplicate { what: "residence document number" }), "{error:?}");
    let stranger = PersonId::from_uuid(Uuid::now_v7());
    let error = documents.insert(&document("CST7500000002", stranger, Work::None)).await.expect_err("no such holder");
    assert!(matches!(error, Error::Storage(_)), "{error:?}");
});

hipe_tests::on_both_engines!(mandates_are_kept_after_revocation_and_only_active_ones_are_held, |engine| async move {
    use hipe_domain::mandate::{Mandate, MandateId, MandateKind, MandateRepository as _, MandateScope};
    let (_db, database) = migrated(engine).await;
    let principal = person(None);
    database.persons().insert(&principal).await.expect("stored");
    let mandates = database.mandates();
    let lawyer = PersonId::from_uuid(Uuid::now_v7());
    let now = Utc::now();
    let grant = |until| {
        Mandate::grant(
            MandateId::from_uuid(Uuid::now_v7()),
            principal.id(),
            lawyer,
            MandateKind::Lawyer,
            MandateScope::Act,
            until,
            now,
        )
        .expect("valid")
    };
    let mut open = grant(None);
    let expiring = grant(Some(now + chrono::Duration::hours(1)));
    mandates.grant(&open).await.expect("granted");
    mandates.grant(&expiring).await.expect("granted");
    assert_eq!(mandates.active_held_by(lawyer, now).await.expect("listed").len(), 2);
    let later = now + chrono::Duration::hours(2);
    // Compared by id: PostgreSQL keeps microseconds, so the instants round-trip only to the microsecond.
    let ids = |found: Vec<Mandate>| found.iter().map(Mandate::id).collect::<Vec<_>>();
    assert_eq!(ids(mandates.active_held_by(lawyer, later).await.expect("listed")), vec![open.id()]);
    open.revoke(principal.id(), now).expect("revoked");
    mandates.revoke(&open).await.expect("stored");
    assert!(matches!(mandates.revoke(&open).await, Err(Error::NotFound { .. })), "revoked once only");
    let stored = mandates.find(open.id()).await.expect("found").expect("kept");
    assert!(stored.revoked_at().is_some() && !stored.is_active(now + chrono::Duration::seconds(1)));
    assert!(mandates.active_held_by(lawyer, later).await.expect("listed").is_empty());
    assert_eq!(mandates.of_principal(principal.id()).await.expect("listed").len(), 2, "history is kept");
});
