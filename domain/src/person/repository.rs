//! The storage ports for persons and their profiles.

use async_trait::async_trait;

use super::address::{Address, AddressChange};
use super::family::FamilyLink;
use super::identity_record::IdentityRecord;
use super::search::PersonSearch;
use super::{Person, PersonId};
use crate::Result;
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};

/// Stores and finds persons. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait PersonRepository: Send + Sync {
    /// Records a new person.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the id or the foreigner number is already taken;
    /// [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, person: &Person) -> Result<()>;

    /// Finds a person by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: PersonId) -> Result<Option<Person>>;

    /// Finds several persons at once (for DataLoaders); missing ids are simply absent from the answer.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_many(&self, ids: &[PersonId]) -> Result<Vec<Person>>;
}

/// A mobile client's idempotency key with the request it came with: a retry with the same key and the same
/// input gets the first answer; the same key with another input is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentRequest {
    /// The client's key.
    pub key: super::commands::IdempotencyKey,
    /// A canonical text of the input the key was first used with.
    pub fingerprint: String,
}

/// Stores a person's profile — sourced identity records, address history, family links, name search keys —
/// and searches the register. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
///
/// Lists come back oldest first (by id, UUID v7), several persons at once, for DataLoaders.
#[async_trait]
pub trait PersonProfileRepository: Send + Sync {
    /// Appends an identity record and adds its names' search keys to the person's, with the journal entry of
    /// the write — all in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the person does not exist; [`crate::Error::Duplicate`] when the id is
    /// taken; [`crate::Error::Storage`] when storage fails.
    async fn record_identity(&self, record: &IdentityRecord, journal: Option<&AccessRecord>) -> Result<()>;

    /// The identity records of `persons`, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn identity_records_of(&self, persons: &[PersonId]) -> Result<Vec<IdentityRecord>>;

    /// The address histories of `persons`, in no particular order (see [`super::address::current_first`]).
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn addresses_of(&self, persons: &[PersonId]) -> Result<Vec<Address>>;

    /// The person's current address, if any.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn current_address(&self, person: PersonId) -> Result<Option<Address>>;

    /// Saves a move in one transaction: closes the previous address (only if it is still current) and opens
    /// the new one, remembering the idempotency key if there is one.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when the previous address was closed meanwhile (a concurrent move);
    /// [`crate::Error::Duplicate`] when the idempotency key was used meanwhile; [`crate::Error::Storage`].
    async fn change_address(&self, change: &AddressChange, request: Option<&IdempotentRequest>) -> Result<()>;

    /// The address a person's earlier request with `key` opened, with that request's fingerprint.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn address_for_key(
        &self,
        person: PersonId,
        key: &super::commands::IdempotencyKey,
    ) -> Result<Option<(Address, String)>>;

    /// Records a family link (a repeated link is kept once).
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails (including an unknown person).
    async fn add_family_link(&self, link: &FamilyLink) -> Result<()>;

    /// The family links of `persons`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn family_links_of(&self, persons: &[PersonId]) -> Result<Vec<FamilyLink>>;

    /// A page of the persons matching `search`, ordered by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn search(&self, search: &PersonSearch, page: &PageRequest<PersonId>) -> Result<Page<Person>>;

    /// How many persons match `search`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn count(&self, search: &PersonSearch) -> Result<u64>;
}
