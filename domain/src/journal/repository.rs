//! The storage port of the access journal: append and search, nothing else.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{AccessId, AccessKind, AccessRecord};
use crate::Result;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;

/// Search criteria for auditors; every criterion given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFilter {
    /// Whose data.
    pub subject: Option<PersonId>,
    /// Which agent.
    pub accessor_id: Option<String>,
    /// Which organisation.
    pub organisation: Option<String>,
    /// Read or write.
    pub kind: Option<AccessKind>,
    /// From this instant (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Until this instant (exclusive).
    pub until: Option<DateTime<Utc>>,
}

/// Appends and searches journal entries. Lists are newest first.
#[async_trait]
pub trait AccessJournal: Send + Sync {
    /// Appends entries (reads of one request). Writes' entries go with the write, through its repository.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn append(&self, records: &[AccessRecord]) -> Result<()>;

    /// A page of the entries matching `filter`, newest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn search(&self, filter: &JournalFilter, page: &PageRequest<AccessId>) -> Result<Page<AccessRecord>>;
}
