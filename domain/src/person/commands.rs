//! The person use cases: search the register, read a profile, record a sourced identity, change one's address.
//! Each checks [`super::policy`] first; a refused read answers like a missing person.

use std::fmt::Write as _;

use super::address::{self, Address, AddressId, NewAddress};
use super::identity_record::{IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement};
use super::repository::IdempotentRequest;
use super::search::PersonSearch;
use super::{Person, PersonId, PersonProfileRepository, PersonRepository, policy};
use crate::clock::france_date;
use crate::journal::{AccessId, AccessKind, AccessRecord, RequestTrace};
use crate::pagination::{Page, PageRequest};
use crate::{Actor, Clock, Error, Result};

/// The ports the person use cases need.
pub struct Ports<'a> {
    /// Persons.
    pub persons: &'a dyn PersonRepository,
    /// Their profiles.
    pub profiles: &'a dyn PersonProfileRepository,
    /// Time.
    pub clock: &'a dyn Clock,
}

/// A mobile client's idempotency key: 8 to 64 letters, digits, `-` or `_` (a UUID fits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Parses a key.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    pub fn parse(text: &str) -> Result<Self> {
        if (8..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("idempotencyKey", "expected 8 to 64 letters, digits, '-' or '_' (a UUID fits)"))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A page of the persons matching `search`.
///
/// # Errors
/// [`Error::NotAllowed`] for an actor who may not search ([`policy::can_search`]); [`Error::Storage`].
pub async fn search(
    ports: &Ports<'_>,
    actor: &Actor,
    search: &PersonSearch,
    page: &PageRequest<PersonId>,
) -> Result<Page<Person>> {
    if !policy::can_search(actor) {
        return Err(Error::NotAllowed { action: "search", entity: "person register" });
    }
    ports.profiles.search(search, page).await
}

/// What an agent records at the desk.
#[derive(Debug, Clone)]
pub struct RecordIdentity {
    /// The new record's id.
    pub id: IdentityRecordId,
    /// The journal entry's id.
    pub access: AccessId,
    /// Whose identity.
    pub person: PersonId,
    /// From which document or declaration.
    pub source: IdentitySource,
    /// What it says.
    pub statement: IdentityStatement,
}

/// An agent records what a document or declaration says about a person. The write is journaled with it.
///
/// # Errors
/// [`Error::NotAllowed`] for anyone but a prefecture agent; [`Error::NotFound`] for an unknown person;
/// [`Error::InvalidInput`] for a malformed statement; [`Error::Storage`]. Nothing is stored then.
pub async fn record_identity(
    ports: &Ports<'_>,
    actor: &Actor,
    trace: &RequestTrace,
    request: RecordIdentity,
) -> Result<IdentityRecord> {
    if !policy::can_record_identity(actor) {
        return Err(Error::NotAllowed { action: "record the identity of", entity: "person" });
    }
    if ports.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let now = ports.clock.now();
    let record = IdentityRecord::new(request.id, request.person, request.source, request.statement, now)?;
    let journal = AccessRecord::of(request.access, actor, AccessKind::Write, request.person, trace, now);
    ports.profiles.record_identity(&record, journal.as_ref()).await?;
    Ok(record)
}

/// A desk agent registers someone HIPE does not know yet — the substitute channel's first step, for a person
/// who may have neither e-mail nor phone — from what a document or declaration says: the person, with that
/// statement as their current identity, and the statement as their first identity record (its names searchable).
/// Journaled as a write.
///
/// # Errors
/// As [`record_identity`]; [`Error::Duplicate`] when the id is taken. When the record cannot be stored after the
/// person was, the person stays registered without it and the error says so: retrying `recordIdentity` completes it.
pub async fn register(
    ports: &Ports<'_>,
    actor: &Actor,
    trace: &RequestTrace,
    request: RecordIdentity,
) -> Result<(Person, IdentityRecord)> {
    if !policy::can_record_identity(actor) {
        return Err(Error::NotAllowed { action: "register", entity: "person" });
    }
    let now = ports.clock.now();
    let record = IdentityRecord::new(request.id, request.person, request.source, request.statement, now)?;
    let statement = record.statement();
    let identity = super::Identity {
        family_name: statement.family_name.clone(),
        given_names: statement.given_names.clone(),
        birth_date: statement.birth_date,
        nationalities: statement.nationalities.clone(),
    };
    let person = Person::new(request.person, identity, None, now)?;
    ports.persons.insert(&person).await?;
    let journal = AccessRecord::of(request.access, actor, AccessKind::Write, request.person, trace, now);
    ports.profiles.record_identity(&record, journal.as_ref()).await?;
    Ok((person, record))
}

/// A canonical text of a new address as the client sent it, to recognise a retry.
fn fingerprint(new: &NewAddress) -> String {
    const SEP: char = '\u{1f}';
    let mut text = format!("{}{SEP}{}{SEP}", new.kind.code(), new.care_of.as_deref().unwrap_or_default());
    for line in &new.lines {
        text.push_str(line);
        text.push(SEP);
    }
    let _ = write!(
        text,
        "{}{SEP}{}{SEP}{}{SEP}{}",
        new.postcode.as_deref().unwrap_or_default(),
        new.city,
        new.country,
        new.valid_from.map(|d| d.to_string()).unwrap_or_default()
    );
    text
}

/// The calling person moves: the new address becomes current and the previous one ends the day it starts.
/// With an idempotency key, a retry of the same request returns the address the first one opened.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotAllowed`] for anyone but a person;
/// [`Error::NotFound`] for an account without a person record; [`Error::InvalidInput`] for a malformed address, or a key already used with another input;
/// [`Error::StaleVersion`] when a concurrent move won; [`Error::Storage`]. Nothing changes then.
pub async fn change_address(
    ports: &Ports<'_>,
    actor: &Actor,
    id: AddressId,
    new: NewAddress,
    key: Option<IdempotencyKey>,
) -> Result<Address> {
    let me = match actor {
        Actor::Person(me) if policy::can_change_address(actor, *me) => *me,
        Actor::Anonymous => return Err(Error::Unauthenticated),
        Actor::Person(_) | Actor::Agent(_) | Actor::Partner(_) | Actor::Mandatary(_) => {
            return Err(Error::NotAllowed { action: "change the address of", entity: "person" });
        }
    };
    // A usager account without a person record (a lawyer's, say) has no address to change.
    if ports.persons.find(me).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let request = key.map(|key| IdempotentRequest { key, fingerprint: fingerprint(&new) });
    if let Some(request) = &request
        && let Some(replay) = replayed(ports, me, request).await?
    {
        return Ok(replay);
    }
    let now = ports.clock.now();
    let current = ports.profiles.current_address(me).await?;
    let change = address::change(id, me, current.as_ref(), new, france_date(now), now)?;
    match ports.profiles.change_address(&change, request.as_ref()).await {
        Ok(()) => Ok(change.opened),
        // A concurrent retry with the same key won the race: answer what it stored.
        Err(Error::Duplicate { .. }) if request.is_some() => match &request {
            Some(request) => replayed(ports, me, request).await?.ok_or(Error::Duplicate { what: "idempotency key" }),
            None => Err(Error::Duplicate { what: "idempotency key" }),
        },
        Err(error) => Err(error),
    }
}

async fn replayed(ports: &Ports<'_>, me: PersonId, request: &IdempotentRequest) -> Result<Option<Address>> {
    match ports.profiles.address_for_key(me, &request.key).await? {
        Some((address, fingerprint)) if fingerprint == request.fingerprint => Ok(Some(address)),
        Some(_) => Err(Error::invalid("idempotencyKey", "this key was already used with another input")),
        None => Ok(None),
    }
}
