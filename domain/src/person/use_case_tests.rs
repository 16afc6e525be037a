//! The person use cases over in-memory ports: who may search and record, and how a move is replayed.

use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use chrono::{DateTime, TimeZone as _, Utc};
use uuid::Uuid;

use super::address::{Address, AddressChange, AddressId, AddressKind, NewAddress};
use super::commands::{self, IdempotencyKey, Ports, RecordIdentity};
use super::family::FamilyLink;
use super::identity_record::{IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, Sex};
use super::search::PersonSearch;
use super::{
    CountryCode, IdempotentRequest, Identity, Nationality, PartialDate, Person, PersonId, PersonProfileRepository,
    PersonRepository,
};
use crate::actor::Agent;
use crate::clock::FixedClock;
use crate::journal::{AccessId, AccessRecord, RequestTrace};
use crate::pagination::{Page, PageRequest};
use crate::{Actor, AgentRole, Error, Result};

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

#[derive(Default)]
struct Memory {
    persons: Vec<Person>,
    records: Mutex<Vec<(IdentityRecord, Option<AccessRecord>)>>,
    addresses: Mutex<Vec<(Address, Option<IdempotentRequest>)>>,
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

#[async_trait]
impl PersonProfileRepository for Memory {
    async fn record_identity(&self, record: &IdentityRecord, journal: Option<&AccessRecord>) -> Result<()> {
        self.records.lock().expect("lock").push((record.clone(), journal.cloned()));
        Ok(())
    }

    async fn identity_records_of(&self, _: &[PersonId]) -> Result<Vec<IdentityRecord>> {
        Ok(self.records.lock().expect("lock").iter().map(|(r, _)| r.clone()).collect())
    }

    async fn addresses_of(&self, _: &[PersonId]) -> Result<Vec<Address>> {
        Ok(self.addresses.lock().expect("lock").iter().map(|(a, _)| a.clone()).collect())
    }

    async fn current_address(&self, person: PersonId) -> Result<Option<Address>> {
        let addresses = self.addresses.lock().expect("lock");
        Ok(addresses.iter().map(|(a, _)| a).find(|a| a.person() == person && a.is_current()).cloned())
    }

    async fn change_address(&self, change: &AddressChange, request: Option<&IdempotentRequest>) -> Result<()> {
        let mut addresses = self.addresses.lock().expect("lock");
        if let Some(closed) = &change.closed {
            for (address, _) in addresses.iter_mut() {
                if address.id() == closed.id() {
                    *address = closed.clone();
                }
            }
        }
        addresses.push((change.opened.clone(), request.cloned()));
        Ok(())
    }

    async fn address_for_key(&self, person: PersonId, key: &IdempotencyKey) -> Result<Option<(Address, String)>> {
        let addresses = self.addresses.lock().expect("lock");
        Ok(addresses.iter().find_map(|(address, request)| match request {
            Some(request) if address.person() == person && &request.key == key => {
                Some((address.clone(), request.fingerprint.clone()))
            }
            Some(_) | None => None,
        }))
    }

    async fn add_family_link(&self, _: &FamilyLink) -> Result<()> {
        Ok(())
    }

    async fn family_links_of(&self, _: &[PersonId]) -> Result<Vec<FamilyLink>> {
        Ok(Vec::new())
    }

    async fn search(&self, _: &PersonSearch, _: &PageRequest<PersonId>) -> Result<Page<Person>> {
        Ok(Page { items: self.persons.clone(), has_next: false, has_previous: false })
    }

    async fn count(&self, _: &PersonSearch) -> Result<u64> {
        Ok(0)
    }
}

fn me() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn memory() -> Memory {
    let identity = Identity {
        family_name: "Dorje".into(),
        given_names: vec!["Tenzin".into()],
        birth_date: PartialDate::parse("1985").expect("date"),
        nationalities: vec![Nationality::Stateless],
    };
    Memory { persons: vec![Person::new(me(), identity, None, Utc::now()).expect("valid")], ..Memory::default() }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("instant")
}

fn agent(role: AgentRole) -> Actor {
    Actor::Agent(Agent { id: "a-1".into(), role, organisation: "Préfecture du Nord".into(), territories: vec![] })
}

fn declaration() -> RecordIdentity {
    RecordIdentity {
        id: IdentityRecordId::from_uuid(Uuid::now_v7()),
        access: AccessId::from_uuid(Uuid::now_v7()),
        person: me(),
        source: IdentitySource::AsylumDeskDeclaration,
        statement: IdentityStatement {
            family_name: "Dorje".into(),
            birth_name: None,
            given_names: vec!["Tenzin".into()],
            original_script: None,
            transliterations: vec!["Tendzin".into()],
            sex: Sex::Male,
            birth_date: PartialDate::parse("1985").expect("date"),
            birth_place: None,
            birth_country: None,
            nationalities: vec![Nationality::Stateless],
            document_number: None,
        },
    }
}

fn domiciliation(line: &str) -> NewAddress {
    NewAddress {
        kind: AddressKind::Domiciliation,
        care_of: Some("SPADA".into()),
        lines: vec![line.into()],
        postcode: Some("75018".into()),
        city: "Paris".into(),
        country: CountryCode::parse("country", "FRA").expect("code"),
        valid_from: None,
    }
}

#[test]
fn only_searching_agents_search() {
    let memory = memory();
    let ports = Ports { persons: &memory, profiles: &memory, clock: &FixedClock(now()) };
    let search = PersonSearch::new(Some("dorje"), None, None).expect("criteria");
    let page = PageRequest::relay(None, None, None, None).expect("page");
    assert!(block_on(commands::search(&ports, &agent(AgentRole::OfiiAgent), &search, &page)).is_ok());
    for actor in [agent(AgentRole::Auditor), Actor::Person(me()), Actor::Anonymous] {
        let refused = block_on(commands::search(&ports, &actor, &search, &page));
        assert!(matches!(refused, Err(Error::NotAllowed { .. })), "{actor:?}");
    }
}

#[test]
fn a_recorded_identity_is_journaled_as_a_write_and_a_refused_one_stores_nothing() {
    let memory = memory();
    let ports = Ports { persons: &memory, profiles: &memory, clock: &FixedClock(now()) };
    let trace = RequestTrace { operation: "RecordIdentity".into(), request_id: "r-1".into() };
    let refused = block_on(commands::record_identity(&ports, &agent(AgentRole::OfiiAgent), &trace, declaration()));
    assert!(matches!(refused, Err(Error::NotAllowed { .. })));
    let unknown = RecordIdentity { person: PersonId::from_uuid(Uuid::from_u128(9)), ..declaration() };
    let missing = block_on(commands::record_identity(&ports, &agent(AgentRole::PrefectureDesk), &trace, unknown));
    assert!(matches!(missing, Err(Error::NotFound { .. })));
    assert!(memory.records.lock().expect("lock").is_empty());

    let record = block_on(commands::record_identity(&ports, &agent(AgentRole::PrefectureDesk), &trace, declaration()))
        .expect("recorded");
    assert_eq!(record.recorded_at(), now());
    let stored = memory.records.lock().expect("lock");
    let journal = stored[0].1.as_ref().expect("journaled");
    assert_eq!((journal.kind, journal.subject), (crate::journal::AccessKind::Write, me()));
}

#[test]
fn a_retried_move_is_answered_once_and_a_reused_key_is_refused() {
    let memory = memory();
    let ports = Ports { persons: &memory, profiles: &memory, clock: &FixedClock(now()) };
    let key = || Some(IdempotencyKey::parse("move-2026-03-02").expect("key"));
    let id = |n| AddressId::from_uuid(Uuid::from_u128(n));
    let first =
        block_on(commands::change_address(&ports, &Actor::Person(me()), id(1), domiciliation("4 rue A"), key()))
            .expect("moved");
    let retried =
        block_on(commands::change_address(&ports, &Actor::Person(me()), id(2), domiciliation("4 rue A"), key()))
            .expect("replayed");
    assert_eq!(retried, first, "the first answer, not a second move");
    assert_eq!(memory.addresses.lock().expect("lock").len(), 1);
    let reused =
        block_on(commands::change_address(&ports, &Actor::Person(me()), id(3), domiciliation("9 rue B"), key()));
    assert!(matches!(reused, Err(Error::InvalidInput { field: "idempotencyKey", .. })), "{reused:?}");
    let by_agent =
        block_on(commands::change_address(&ports, &agent(AgentRole::PrefectureDesk), id(4), domiciliation("x"), None));
    assert!(matches!(by_agent, Err(Error::NotAllowed { .. })));
    assert_eq!(memory.addresses.lock().expect("lock").len(), 1, "refusals change nothing");
    assert!(IdempotencyKey::parse("short").is_err() && IdempotencyKey::parse("with space 123").is_err());
}
