//! The storage port for asylum files and the reception catalogue.

use async_trait::async_trait;

use super::{
    AllowanceScale, AsylumEvent, AsylumFile, AsylumFileId, CertificateValidity, ProcedureClass, ReceptionStatus,
};
use crate::Result;
use crate::journal::AccessRecord;
use crate::notification::Notification;
use crate::pagination::{Page, PageRequest};
use crate::permit::{ResidenceDocument, ResidenceDocumentId};
use crate::person::PersonId;
use crate::territory::Territory;

/// One change of a file and everything that commits with it.
#[derive(Debug, Clone)]
pub struct AsylumChange<'a> {
    /// The file after the change.
    pub file: &'a AsylumFile,
    /// The version storage must still hold (`None` for a registration, which inserts).
    pub previous_version: Option<u32>,
    /// The change's event.
    pub event: &'a AsylumEvent,
    /// A certificate issued by the change (registration, renewal).
    pub issued: Option<&'a ResidenceDocument>,
    /// The certificate it replaces (renewal): marked `REPLACED`.
    pub replaced: Option<ResidenceDocumentId>,
    /// What the person is told.
    pub notification: Option<&'a Notification>,
    /// The journal entry of the write.
    pub journal: Option<&'a AccessRecord>,
}

/// Stores asylum files (with their suspensions and events) and reads the reception catalogue. Implemented by
/// `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait AsylumRepository: Send + Sync {
    /// Saves a change in one transaction: the file (inserted, or updated if storage still holds
    /// `previous_version`), its suspensions, the event, the certificate issued and the one replaced, the
    /// notification and the journal entry.
    ///
    /// # Errors
    /// [`crate::Error::Refused`] with [`crate::Refusal::AlreadySeekingAsylum`] when the person already has a
    /// claim without a final decision; [`crate::Error::StaleVersion`] when another write came first;
    /// [`crate::Error::Storage`]. Nothing is written on error.
    async fn save(&self, change: AsylumChange<'_>) -> Result<()>;

    /// A file by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn find(&self, id: AsylumFileId) -> Result<Option<AsylumFile>>;

    /// The latest file of several persons at once (for DataLoaders): at most one per person.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn latest_of(&self, persons: &[PersonId]) -> Result<Vec<AsylumFile>>;

    /// A page of the files of `territories`, optionally in one reception status, by registration (id).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ReceptionStatus>,
        page: &PageRequest<AsylumFileId>,
    ) -> Result<Page<AsylumFile>>;

    /// How many files [`AsylumRepository::queue`] lists (one more statement, made only when asked).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn count_queue(&self, territories: &[Territory], status: Option<ReceptionStatus>) -> Result<u64>;

    /// The certificate's validity for `class` in force on `on` (catalogue data), if any.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn certificate_validity(
        &self,
        class: ProcedureClass,
        on: chrono::NaiveDate,
    ) -> Result<Option<CertificateValidity>>;

    /// Every version of the allowance's rates (catalogue data).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn allowance_scale(&self) -> Result<AllowanceScale>;
}
