//! The storage port for dossiers, their timelines and what hangs on them.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{
    Decision, DocumentRequest, Dossier, DossierEvent, DossierId, QueueCursor, SupportingDocument, WorkQueueFilter,
};
use crate::Result;
use crate::journal::AccessRecord;
use crate::notification::Notification;
use crate::pagination::{Page, PageRequest};
use crate::permit::ResidenceDocument;
use crate::person::PersonId;

/// Everything one command changes besides the dossier itself, committed with it in one transaction.
#[derive(Debug, Clone, Default)]
pub struct DossierChange {
    /// The events, in order (each bumped the version by one).
    pub events: Vec<DossierEvent>,
    /// Supporting documents added or whose review changed (upserted by id).
    pub documents: Vec<SupportingDocument>,
    /// Requests for documents made or answered (upserted by id).
    pub requests: Vec<DocumentRequest>,
    /// The decision taken or completed (upserted by dossier).
    pub decision: Option<Decision>,
    /// Residence documents issued (deposit and extension certificates, the permit).
    pub residence_documents: Vec<ResidenceDocument>,
    /// What the person is told.
    pub notifications: Vec<Notification>,
}

/// Stores dossiers with their events. Each write is atomic: the dossier's new state and everything the command
/// changed commit together or not at all.
#[async_trait]
pub trait DossierRepository: Send + Sync {
    /// Records a new dossier, its opening event and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the reference is already taken (draw another);
    /// [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, dossier: &Dossier, event: &DossierEvent, journal: Option<&AccessRecord>) -> Result<()>;

    /// Saves a dossier that moved from `previous_version`, with what the command changed and the journal entry of
    /// the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when someone else saved it since `previous_version` was read (nothing is
    /// written); [`crate::Error::Duplicate`] when an issued document's number is taken; [`crate::Error::Storage`]
    /// when storage fails.
    async fn save(
        &self,
        dossier: &Dossier,
        previous_version: u32,
        change: &DossierChange,
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

    /// The supporting documents of several dossiers at once, every version, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn documents_of(&self, ids: &[DossierId]) -> Result<Vec<SupportingDocument>>;

    /// The requests for documents of several dossiers at once, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn requests_of(&self, ids: &[DossierId]) -> Result<Vec<DocumentRequest>>;

    /// The decisions on several dossiers at once.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn decisions_of(&self, ids: &[DossierId]) -> Result<Vec<Decision>>;

    /// A page of the work queue, in order of legal risk (attention date, then id).
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn work_queue(&self, filter: &WorkQueueFilter, page: &PageRequest<QueueCursor>) -> Result<Page<Dossier>>;

    /// The dossiers whose legal clocks fall due on or before `today`, at most `limit` of them.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn clocks_due(&self, today: NaiveDate, limit: u64) -> Result<Vec<DossierId>>;
}
