//! The storage ports for medical cases and the college's opinions.

use async_trait::async_trait;

use super::{MedicalCase, MedicalCaseId, MedicalOpinion};
use crate::Result;
use crate::dossier::{Dossier, DossierChange, DossierId};
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};
use crate::territory::Territory;

/// Reads the college's opinions (written with their case, see [`MedicalCaseRepository`]).
#[async_trait]
pub trait MedicalOpinionRepository: Send + Sync {
    /// The opinions of several dossiers at once (for DataLoaders); a dossier without one is absent.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_many(&self, dossiers: &[DossierId]) -> Result<Vec<MedicalOpinion>>;
}

/// A dossier moved by a step of the medical case, saved with it.
#[derive(Debug, Clone, Copy)]
pub struct DossierMove<'a> {
    /// The dossier in its new state.
    pub dossier: &'a Dossier,
    /// The version storage must still hold.
    pub previous_version: u32,
    /// What the step changed on it (its event).
    pub change: &'a DossierChange,
}

/// Stores medical cases (one per dossier) with their opinion.
#[async_trait]
pub trait MedicalCaseRepository: Send + Sync {
    /// Records a new case and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the dossier already has a case; [`crate::Error::Storage`]. Nothing is
    /// written on error.
    async fn insert(&self, case: &MedicalCase, journal: Option<&AccessRecord>) -> Result<()>;

    /// Saves a case that moved from `previous_version` — with its opinion when it has one, the dossier it moved
    /// if any, and the journal entry — in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when the case or the dossier changed since; [`crate::Error::Storage`].
    /// Nothing is written on error.
    async fn save(
        &self,
        case: &MedicalCase,
        previous_version: u32,
        dossier: Option<DossierMove<'_>>,
        journal: Option<&AccessRecord>,
    ) -> Result<()>;

    /// A case by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn find(&self, id: MedicalCaseId) -> Result<Option<MedicalCase>>;

    /// The cases of several dossiers at once (for DataLoaders).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<MedicalCase>>;

    /// The dossiers several cases are about, at once (for the DataLoader of `MedicalCase.dossier`).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn dossiers(&self, ids: &[DossierId]) -> Result<Vec<Dossier>>;

    /// A page of the doctors' queue of `doctor` in `territories`: the cases that wait on them (see
    /// [`MedicalCase::waits_on`]), by receipt of the certificate (id).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn queue(
        &self,
        territories: &[Territory],
        doctor: &str,
        page: &PageRequest<MedicalCaseId>,
    ) -> Result<Page<MedicalCase>>;
}
