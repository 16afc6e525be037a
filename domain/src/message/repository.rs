//! The storage port for message threads.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Message, Side};
use crate::Result;
use crate::dossier::DossierId;
use crate::journal::AccessRecord;

/// Stores the messages of dossiers' threads. Messages are never edited or deleted; only their read time is set.
#[async_trait]
pub trait MessageRepository: Send + Sync {
    /// Records a message and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn send(&self, message: &Message, journal: Option<&AccessRecord>) -> Result<()>;

    /// The threads of several dossiers at once (for DataLoaders), oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Message>>;

    /// Sets `at` as the read time of every unread message of `dossier` written from `written_by`; returns how many.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn mark_read(&self, dossier: DossierId, written_by: Side, at: DateTime<Utc>) -> Result<u64>;
}
