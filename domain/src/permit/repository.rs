//! The storage port for residence documents.

use async_trait::async_trait;

use super::{DocumentNumber, ResidenceDocument};
use crate::Result;
use crate::person::PersonId;

/// Stores and finds residence documents. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait ResidenceDocumentRepository: Send + Sync {
    /// Records a document.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when its number or id is taken; [`crate::Error::Storage`] when storage fails
    /// (including a holder that is not a stored person).
    async fn insert(&self, document: &ResidenceDocument) -> Result<()>;

    /// Finds a document by the number printed on it.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_by_number(&self, number: &DocumentNumber) -> Result<Option<ResidenceDocument>>;

    /// Every document of a person, whatever its status, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn list_for_person(&self, holder: PersonId) -> Result<Vec<ResidenceDocument>>;

    /// Every document of several persons at once (for DataLoaders), oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn list_for_persons(&self, holders: &[PersonId]) -> Result<Vec<ResidenceDocument>>;

    /// Valid renewable documents ending between `ending_from` and `ending_until` (inclusive) whose holder was not
    /// yet told the renewal window opened, soonest ending first, at most `limit`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn renewal_windows_to_announce(
        &self,
        ending_from: chrono::NaiveDate,
        ending_until: chrono::NaiveDate,
        limit: u64,
    ) -> Result<Vec<ResidenceDocument>>;

    /// Records, in one transaction, that each document's holder was told — the notification with the mark.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn announce_renewal_windows(
        &self,
        announced: &[(super::ResidenceDocumentId, crate::notification::Notification)],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()>;
}
