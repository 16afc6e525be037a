//! Unit and property tests of residence documents, the computed right and the partners' verification.

use std::future::Future;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::verify::{self, Ports, Verification};
use super::{
    DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, ResidenceDocument, ResidenceDocumentId,
    ResidenceDocumentRepository, Rights, Work, right_on,
};
use crate::actor::{Agent, Partner, Scope};
use crate::partner::ClientId;
use crate::person::{Identity, Nationality, PartialDate, Person, PersonId, PersonRepository};
use crate::{Actor, AgentRole, Error, Result};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn holder() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

const STAY_FULL: Rights = Rights { stay: true, work: Work::Full };
const STUDENT: Rights = Rights { stay: true, work: Work::Limited { hours_per_year: 964 } };
const NOTHING: Rights = Rights { stay: false, work: Work::None };

fn parts(n: u128, kind: DocumentKind, from: NaiveDate, until: NaiveDate, rights: Rights) -> DocumentParts {
    DocumentParts {
        id: ResidenceDocumentId::from_uuid(Uuid::from_u128(n)),
        number: DocumentNumber::parse(&format!("DOC{n:06}")).expect("number"),
        holder: holder(),
        kind,
        motive: Some(Motive::parse("STUDENT").expect("motive")),
        valid_from: from,
        valid_until: until,
        rights,
        status: DocumentStatus::Valid,
        created_at: Utc.with_ymd_and_hms(2025, 9, 1, 9, 0, 0).single().expect("instant"),
    }
}

fn document(n: u128, kind: DocumentKind, from: NaiveDate, until: NaiveDate, rights: Rights) -> ResidenceDocument {
    ResidenceDocument::new(parts(n, kind, from, until, rights)).expect("valid document")
}

fn with_status(document: &ResidenceDocument, status: DocumentStatus) -> ResidenceDocument {
    ResidenceDocument::restore(DocumentParts { status, ..document.0.clone() }).expect("valid")
}

/// A student's card, 1 Sep 2025 – 31 Aug 2026, 964 hours a year.
fn student_card() -> ResidenceDocument {
    document(1, DocumentKind::TemporaryPermit, day(2025, 9, 1), day(2026, 8, 31), STUDENT)
}

#[test]
fn documents_keep_their_invariants() {
    let bad = [
        parts(1, DocumentKind::TemporaryPermit, day(2026, 2, 1), day(2026, 1, 31), STAY_FULL),
        parts(1, DocumentKind::ExtensionCertificate, day(2026, 1, 1), day(2026, 4, 2), STAY_FULL),
        parts(1, DocumentKind::DepositCertificate, day(2026, 1, 1), day(2026, 2, 1), STAY_FULL),
        parts(1, DocumentKind::DepositCertificate, day(2026, 1, 1), day(2026, 2, 1), Rights { stay: false, ..STUDENT }),
        parts(
            1,
            DocumentKind::TemporaryPermit,
            day(2026, 1, 1),
            day(2026, 2, 1),
            Rights { stay: true, work: Work::Limited { hours_per_year: 0 } },
        ),
    ];
    for parts in bad {
        assert!(matches!(ResidenceDocument::new(parts.clone()), Err(Error::InvalidInput { .. })), "{parts:?}");
    }
    assert!(
        ResidenceDocument::new(parts(
            1,
            DocumentKind::ExtensionCertificate,
            day(2026, 1, 1),
            day(2026, 4, 1),
            STAY_FULL
        ))
        .is_ok()
    );
    assert!(
        ResidenceDocument::new(parts(1, DocumentKind::DepositCertificate, day(2026, 1, 1), day(2026, 1, 1), NOTHING))
            .is_ok()
    );
}

#[test]
fn codes_round_trip() {
    for kind in DocumentKind::ALL {
        assert_eq!(DocumentKind::parse(kind.code()), Some(kind));
    }
    for status in DocumentStatus::ALL {
        assert_eq!(DocumentStatus::parse(status.code()), Some(status));
    }
    assert!(Motive::parse("PRIVATE_AND_FAMILY_LIFE").is_ok());
    assert!(Motive::parse("student").is_err());
}

#[test]
fn a_valid_student_card_gives_stay_and_964_hours_from_its_first_to_its_last_day() {
    let card = student_card();
    let docs = [card.clone()];
    assert_eq!(right_on(&docs, day(2025, 8, 31)), None, "not yet");
    let right = right_on(&docs, day(2025, 9, 1)).expect("first day");
    assert_eq!(
        (right.kind, right.valid_until, right.work),
        (DocumentKind::TemporaryPermit, day(2026, 8, 31), STUDENT.work)
    );
    assert!(right_on(&docs, day(2026, 8, 31)).is_some(), "last day included");
    assert_eq!(right_on(&docs, day(2026, 9, 1)), None, "expired");
}

#[test]
fn an_expired_card_plus_a_valid_extension_certificate_is_lawful_stay_with_the_certificates_work_right() {
    let card = document(1, DocumentKind::MultiYearPermit, day(2022, 3, 1), day(2026, 2, 28), STAY_FULL);
    let api = document(2, DocumentKind::ExtensionCertificate, day(2026, 2, 20), day(2026, 5, 19), STAY_FULL);
    let right = right_on(&[card.clone(), api.clone()], day(2026, 3, 15)).expect("lawful stay");
    assert_eq!(
        (right.document, right.kind, right.valid_until),
        (api.id(), DocumentKind::ExtensionCertificate, day(2026, 5, 19))
    );
    assert_eq!(right.work, Work::Full);
    assert_eq!(right_on(&[card], day(2026, 3, 15)), None, "the card alone has expired");
    assert_eq!(right_on(&[api], day(2026, 5, 20)), None, "the certificate has expired too");
}

#[test]
fn a_deposit_certificate_alone_does_not_prove_lawful_stay() {
    let expired = document(1, DocumentKind::TemporaryPermit, day(2025, 1, 1), day(2025, 12, 31), STAY_FULL);
    let deposit = document(2, DocumentKind::DepositCertificate, day(2025, 11, 1), day(2026, 11, 1), NOTHING);
    assert_eq!(right_on(std::slice::from_ref(&deposit), day(2026, 1, 15)), None);
    assert_eq!(right_on(&[expired, deposit], day(2026, 1, 15)), None);
}

#[test]
fn withdrawn_lost_replaced_or_undelivered_documents_prove_nothing_within_their_dates() {
    let card = student_card();
    for status in DocumentStatus::ALL {
        let expected = status == DocumentStatus::Valid;
        assert_eq!(right_on(&[with_status(&card, status)], day(2026, 1, 15)).is_some(), expected, "{status:?}");
    }
}

#[test]
fn the_most_generous_document_in_force_grounds_the_answer() {
    let student = student_card();
    let receipt = document(2, DocumentKind::Receipt, day(2026, 1, 1), day(2026, 3, 31), STAY_FULL);
    let visitor =
        document(3, DocumentKind::VlsTs, day(2025, 6, 1), day(2026, 5, 31), Rights { stay: true, work: Work::None });
    let right = right_on(&[visitor.clone(), student.clone(), receipt.clone()], day(2026, 2, 1)).expect("stay");
    assert_eq!((right.document, right.work), (receipt.id(), Work::Full));
    let right = right_on(&[visitor.clone(), student], day(2026, 2, 1)).expect("stay");
    assert_eq!(right.work, STUDENT.work, "964 hours beat none");
    let asylum = document(
        4,
        DocumentKind::AsylumSeekerCertificate,
        day(2026, 1, 1),
        day(2026, 10, 31),
        Rights { stay: true, work: Work::None },
    );
    let right = right_on(&[asylum], day(2026, 2, 1)).expect("an asylum seeker stays lawfully");
    assert!(!right.work.allowed());
}

fn arbitrary_document() -> impl Strategy<Value = ResidenceDocument> {
    let kinds = proptest::sample::select(DocumentKind::ALL.to_vec());
    let statuses = proptest::sample::select(DocumentStatus::ALL.to_vec());
    let work = prop_oneof![
        Just(Work::None),
        Just(Work::Full),
        (1_u16..2_000).prop_map(|h| Work::Limited { hours_per_year: h })
    ];
    (1_u128..1_000_000, kinds, statuses, 0_i64..1_500, 0_i64..1_500, any::<bool>(), work).prop_filter_map(
        "documents that keep their invariants",
        |(n, kind, status, start, length, stay, work)| {
            let from = day(2024, 1, 1) + Duration::days(start);
            let rights = Rights { stay, work: if stay { work } else { Work::None } };
            let parts = DocumentParts { status, ..parts(n, kind, from, from + Duration::days(length), rights) };
            ResidenceDocument::new(parts).ok()
        },
    )
}

proptest! {
    #[test]
    fn the_right_depends_on_the_documents_not_on_their_order(
        docs in proptest::collection::vec(arbitrary_document(), 0..8),
        offset in 0_i64..1_500,
        seed: u64,
    ) {
        let on = day(2024, 1, 1) + Duration::days(offset);
        let mut shuffled = docs.clone();
        // A deterministic shuffle from the seed.
        for i in (1..shuffled.len()).rev() {
            let j = usize::try_from(seed.rotate_left(u32::try_from(i).unwrap_or(0)) % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        let right = right_on(&docs, on);
        prop_assert_eq!(right, right_on(&shuffled, on));
        // Lawful stay exactly when some document proves it, and the grounding document is one of them.
        prop_assert_eq!(right.is_some(), docs.iter().any(|d| d.proves_stay_on(on)));
        if let Some(right) = right {
            let grounding = docs.iter().find(|d| d.id() == right.document).expect("grounding document held");
            prop_assert!(grounding.proves_stay_on(on));
            prop_assert!(docs.iter().filter(|d| d.proves_stay_on(on)).all(|d| d.rights().work.extent() <= right.work.extent()));
        }
    }

    #[test]
    fn a_deposit_certificate_never_changes_the_answer(
        docs in proptest::collection::vec(arbitrary_document(), 0..6),
        offset in 0_i64..1_500,
        length in 0_i64..400,
    ) {
        let on = day(2024, 1, 1) + Duration::days(offset);
        let deposit = document(9_999_999, DocumentKind::DepositCertificate, on - Duration::days(length), on + Duration::days(length), NOTHING);
        let mut with_deposit = docs.clone();
        with_deposit.push(deposit);
        prop_assert_eq!(right_on(&docs, on), right_on(&with_deposit, on));
    }
}

// The verification use case, over in-memory ports.

/// Runs a future whose every poll is ready at once (the in-memory ports never wait).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

struct Memory {
    documents: Mutex<Vec<ResidenceDocument>>,
    persons: Vec<Person>,
}

#[async_trait]
impl ResidenceDocumentRepository for Memory {
    async fn insert(&self, document: &ResidenceDocument) -> Result<()> {
        self.documents.lock().expect("lock").push(document.clone());
        Ok(())
    }

    async fn find_by_number(&self, number: &DocumentNumber) -> Result<Option<ResidenceDocument>> {
        Ok(self.documents.lock().expect("lock").iter().find(|d| d.number() == number).cloned())
    }

    async fn list_for_person(&self, holder: PersonId) -> Result<Vec<ResidenceDocument>> {
        Ok(self.documents.lock().expect("lock").iter().filter(|d| d.holder() == holder).cloned().collect())
    }

    async fn list_for_persons(&self, holders: &[PersonId]) -> Result<Vec<ResidenceDocument>> {
        Ok(self.documents.lock().expect("lock").iter().filter(|d| holders.contains(&d.holder())).cloned().collect())
    }

    async fn renewal_windows_to_announce(
        &self,
        _: chrono::NaiveDate,
        _: chrono::NaiveDate,
        _: u64,
    ) -> Result<Vec<ResidenceDocument>> {
        Ok(Vec::new())
    }

    async fn announce_renewal_windows(
        &self,
        _: &[(crate::permit::ResidenceDocumentId, crate::notification::Notification)],
        _: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl PersonRepository for Memory {
    async fn insert(&self, _: &Person) -> Result<()> {
        Ok(())
    }

    async fn find(&self, id: PersonId) -> Result<Option<Person>> {
        Ok(self.persons.iter().find(|p| p.id() == id).cloned())
    }

    async fn find_many(&self, _: &[PersonId]) -> Result<Vec<Person>> {
        Ok(self.persons.clone())
    }
}

fn memory(documents: Vec<ResidenceDocument>) -> Memory {
    let person = Person::new(
        holder(),
        Identity {
            family_name: "Haddad".into(),
            given_names: vec!["Amina".into()],
            birth_date: PartialDate::parse("2003-04-17").expect("date"),
            nationalities: vec![Nationality::parse("DZA").expect("code")],
        },
        None,
        Utc::now(),
    )
    .expect("person");
    Memory { documents: Mutex::new(documents), persons: vec![person] }
}

fn partner(scopes: Vec<Scope>) -> Actor {
    Actor::Partner(Partner { client_id: ClientId::parse("prt_employer").expect("id"), name: "Employer".into(), scopes })
}

fn ask(memory: &Memory, actor: &Actor, number: &str, birth: &str) -> Result<Verification> {
    let ports = Ports { documents: memory, persons: memory };
    block_on(verify::verify(&ports, actor, number, PartialDate::parse(birth).expect("date"), day(2026, 3, 15)))
}

#[test]
fn unknown_numbers_and_wrong_birth_dates_answer_exactly_like_not_valid() {
    let card = document(1, DocumentKind::MultiYearPermit, day(2022, 3, 1), day(2026, 2, 28), STAY_FULL);
    let memory = memory(vec![card]);
    let verifier = partner(vec![Scope::PermitVerify]);
    let expired = ask(&memory, &verifier, "DOC000001", "2003-04-17").expect("answer");
    assert_eq!(expired, Verification { holder: Some(holder()), right: None }, "known holder, expired card: journaled");
    let unknown = ask(&memory, &verifier, "DOC999999", "2003-04-17").expect("answer");
    let wrong_birth = ask(&memory, &verifier, "DOC000001", "2003-04-18").expect("answer");
    let less_precise = ask(&memory, &verifier, "DOC000001", "2003-04").expect("answer");
    for answer in [unknown, wrong_birth, less_precise] {
        assert_eq!(answer, Verification { holder: None, right: None });
    }
}

#[test]
fn the_number_of_an_expired_card_tells_the_right_the_extension_certificate_gives() {
    let card = document(1, DocumentKind::MultiYearPermit, day(2022, 3, 1), day(2026, 2, 28), STAY_FULL);
    let api = document(2, DocumentKind::ExtensionCertificate, day(2026, 2, 20), day(2026, 5, 19), STAY_FULL);
    let memory = memory(vec![card.clone(), api]);
    let answer = ask(&memory, &partner(vec![Scope::PermitVerify]), "doc-000-001", "2003-04-17").expect("answer");
    assert_eq!(answer.holder, Some(holder()));
    let right = answer.right.expect("lawful stay");
    assert_eq!(
        (right.kind, right.valid_until, right.work),
        (DocumentKind::ExtensionCertificate, day(2026, 5, 19), Work::Full)
    );

    // The same card declared lost proves nothing, whoever shows it — but the check is journaled.
    let lost = memory
        .documents
        .lock()
        .expect("lock")
        .iter()
        .map(|d| if d.id() == card.id() { with_status(d, DocumentStatus::Lost) } else { d.clone() })
        .collect();
    *memory.documents.lock().expect("lock") = lost;
    let answer = ask(&memory, &partner(vec![Scope::PermitVerify]), "DOC000001", "2003-04-17").expect("answer");
    assert_eq!(answer, Verification { holder: Some(holder()), right: None });
}

#[test]
fn only_partners_with_the_scope_may_ask() {
    let memory = memory(vec![student_card()]);
    let agent = Actor::Agent(Agent {
        id: "a".into(),
        role: AgentRole::PrefectureInstructor,
        organisation: "P".into(),
        territories: vec![],
    });
    assert!(matches!(ask(&memory, &Actor::Anonymous, "DOC000001", "2003-04-17"), Err(Error::Unauthenticated)));
    for actor in [agent, Actor::Person(holder()), partner(vec![])] {
        assert!(matches!(ask(&memory, &actor, "DOC000001", "2003-04-17"), Err(Error::NotAllowed { .. })), "{actor:?}");
        assert!(
            matches!(ask(&memory, &actor, "not a number!", "2003-04-17"), Err(Error::NotAllowed { .. })),
            "{actor:?}"
        );
    }
    let malformed = ask(&memory, &partner(vec![Scope::PermitVerify]), "not a number!", "2003-04-17");
    assert!(matches!(malformed, Err(Error::InvalidInput { field: "documentNumber", .. })));
    let answer = ask(&memory, &partner(vec![Scope::PermitVerify]), "DOC000001", "2003-04-17").expect("answer");
    assert_eq!(answer.right.map(|r| r.work), Some(STUDENT.work));
}
