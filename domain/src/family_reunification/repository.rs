//! The storage port for family-reunification records and their dated rules.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{Reunification, ReunificationRules};
use crate::Result;
use crate::dossier::{Dossier, DossierChange, DossierId, QueueCursor};
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};
use crate::territory::Territory;

/// A dossier change committed with a record: the dossier as it moved from `previous_version`, and what the
/// command changed besides (its events, notifications).
#[derive(Debug, Clone, Copy)]
pub struct DossierWrite<'a> {
    /// The dossier after the command.
    pub dossier: &'a Dossier,
    /// The version it was read at.
    pub previous_version: u32,
    /// Its events and notifications.
    pub change: &'a DossierChange,
}

/// Stores the records, each write atomic with the dossier's change and the journal entry. Implemented by
/// `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait FamilyReunificationRepository: Send + Sync {
    /// Saves `record` — a new one when `previous_version` is `None`, else only if storage still holds that
    /// version — with the dossier's change when the command moved the dossier, and the journal entry, in one
    /// transaction.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when the record or the dossier changed since it was read;
    /// [`crate::Error::Duplicate`] when a new record's dossier already has one; [`crate::Error::Storage`].
    /// Nothing is written on error.
    async fn save(
        &self,
        record: &Reunification,
        previous_version: Option<u32>,
        dossier: Option<DossierWrite<'_>>,
        journal: Option<&AccessRecord>,
    ) -> Result<()>;

    /// The records of several dossiers at once (for DataLoaders).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn find_many(&self, dossiers: &[DossierId]) -> Result<Vec<Reunification>>;

    /// A page of the records of `territories` not yet transmitted whose dossier is still open, by attention
    /// date then dossier id, each with its dossier (two statements, whatever the page's size).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn queue(
        &self,
        territories: &[Territory],
        page: &PageRequest<QueueCursor>,
    ) -> Result<Page<(Reunification, Dossier)>>;

    /// The dossiers whose mayor's due date passed before `today` without an opinion, at most `limit`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn mayor_checks_due(&self, today: NaiveDate, limit: u64) -> Result<Vec<DossierId>>;

    /// The rules in force on `day` (the latest of each table effective on or before it).
    ///
    /// # Errors
    /// [`crate::Error::Storage`], also when no rule is in force (the catalogue is incomplete).
    async fn rules_on(&self, day: NaiveDate) -> Result<ReunificationRules>;
}
