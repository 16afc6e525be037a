//! The storage port for dossiers and their timelines.

use async_trait::async_trait;

use super::{Dossier, DossierEvent, DossierId};
use crate::Result;
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;

/// Stores dossiers with their events. Each write is atomic: the dossier's new state and its events commit
/// together or not at all.
#[async_trait]
pub trait DossierRepository: Send + Sync {
    /// Records a new dossier, its opening event and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the reference is already taken (draw another);
    /// [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, dossier: &Dossier, event: &DossierEvent, journal: Option<&AccessRecord>) -> Result<()>;

    /// Saves a dossier that moved from `previous_version`, with the events that moved it and the journal entry of
    /// the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when someone else saved it since `previous_version` was read (nothing is
    /// written); [`crate::Error::Storage`] when storage fails.
    async fn update(
        &self,
        dossier: &Dossier,
        previous_version: u32,
        events: &[DossierEvent],
        journal: Option<&AccessRecord>,
    ) -> Result<()>;

    /// Finds a dossier by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: DossierId) -> Result<Option<Dossier>>;

    /// A page of a person's dossiers, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn list_for_person(&self, person: PersonId, page: &PageRequest<DossierId>) -> Result<Page<Dossier>>;

    /// How many dossiers the person has.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn count_for_person(&self, person: PersonId) -> Result<u64>;

    /// The timelines of several dossiers at once (for DataLoaders), each in sequence order.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn events_of(&self, ids: &[DossierId]) -> Result<Vec<DossierEvent>>;
}
