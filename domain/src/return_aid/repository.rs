//! The storage port for return-aid files and their catalogue (eligibility rules, allowance rates).

use async_trait::async_trait;

use super::{AllowanceRates, EligibilityRules, ReturnAidEvent, ReturnAidFile, ReturnAidFileId, ReturnAidStatus};
use crate::Result;
use crate::journal::AccessRecord;
use crate::notification::Notification;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;

/// One change of a file and everything that commits with it.
#[derive(Debug, Clone)]
pub struct ReturnAidChange<'a> {
    /// The file after the change.
    pub file: &'a ReturnAidFile,
    /// The version storage must still hold (`None` for a request, which inserts).
    pub previous_version: Option<u32>,
    /// The change's event.
    pub event: &'a ReturnAidEvent,
    /// What the person is told.
    pub notification: Option<&'a Notification>,
    /// The journal entry of the write.
    pub journal: Option<&'a AccessRecord>,
}

/// The return-aid catalogue: every dated version of the rules and of the rates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnAidCatalogue {
    /// The eligibility rules, every version.
    pub rules: Vec<EligibilityRules>,
    /// The allowance's rates, every version of every country group.
    pub rates: Vec<AllowanceRates>,
}

/// Stores return-aid files (with their timeline) and reads the catalogue. Implemented by `hipe-persistence` on
/// SQLite and PostgreSQL.
#[async_trait]
pub trait ReturnAidRepository: Send + Sync {
    /// Saves a change in one transaction: the file (inserted, or updated if storage still holds
    /// `previous_version`), the event, the notification and the journal entry.
    ///
    /// # Errors
    /// [`crate::Error::Refused`] with [`crate::Refusal::ReturnAidAlreadyOpen`] when the person already has an
    /// open file; [`crate::Error::StaleVersion`] when another write came first; [`crate::Error::Storage`].
    /// Nothing is written on error.
    async fn save(&self, change: ReturnAidChange<'_>) -> Result<()>;

    /// A file by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn find(&self, id: ReturnAidFileId) -> Result<Option<ReturnAidFile>>;

    /// The files of several persons at once (for DataLoaders), oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn of_persons(&self, persons: &[PersonId]) -> Result<Vec<ReturnAidFile>>;

    /// Whether `person` has a file other than `except` that counts as aid received
    /// ([`ReturnAidFile::counts_as_received`]): the "only once" rule.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn received_before(&self, person: PersonId, except: ReturnAidFileId) -> Result<bool>;

    /// A page of the files of `territories`, optionally in one status, by request (id).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ReturnAidStatus>,
        page: &PageRequest<ReturnAidFileId>,
    ) -> Result<Page<ReturnAidFile>>;

    /// Every version of the rules and rates (catalogue data).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn catalogue(&self) -> Result<ReturnAidCatalogue>;
}
