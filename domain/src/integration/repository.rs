//! The storage port for integration contracts and certifications.

use async_trait::async_trait;

use super::{
    Certification, ContractStatus, IntegrationContract, IntegrationContractId, IntegrationEvent, IntegrationRules,
};
use crate::Result;
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;

/// The most certifications [`IntegrationRepository::certifications_of`] returns per person.
pub const MAX_CERTIFICATIONS: u64 = 50;

/// Stores contracts (with their events) and certifications. Implemented by `hipe-persistence` on SQLite and
/// PostgreSQL.
#[async_trait]
pub trait IntegrationRepository: Send + Sync {
    /// Records a new contract, its convocation event and the journal entry, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Refused`] with [`crate::Refusal::AlreadyUnderContract`] when the person already has an
    /// open contract; [`crate::Error::Storage`]. Nothing is written on error.
    async fn insert(
        &self,
        contract: &IntegrationContract,
        event: &IntegrationEvent,
        journal: Option<&AccessRecord>,
    ) -> Result<()>;

    /// Saves a changed contract if storage still holds `previous_version`, with its event and the journal
    /// entry, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::StaleVersion`] when another write came first; [`crate::Error::Storage`]. Nothing is
    /// written on error.
    async fn save(
        &self,
        contract: &IntegrationContract,
        previous_version: u32,
        event: &IntegrationEvent,
        journal: Option<&AccessRecord>,
    ) -> Result<()>;

    /// A contract by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn find(&self, id: IntegrationContractId) -> Result<Option<IntegrationContract>>;

    /// The latest contracts of several persons at once (for DataLoaders): at most one per person.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn latest_of(&self, persons: &[PersonId]) -> Result<Vec<IntegrationContract>>;

    /// A page of the contracts of `territories`, optionally of one status, by convocation (id).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ContractStatus>,
        page: &PageRequest<IntegrationContractId>,
    ) -> Result<Page<IntegrationContract>>;

    /// How many contracts [`IntegrationRepository::queue`] lists for `territories` and `status` (one more
    /// statement, made only when a client asks for the total).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn count_queue(&self, territories: &[Territory], status: Option<ContractStatus>) -> Result<u64>;

    /// The events of several contracts at once (for DataLoaders), by contract then in order.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn events_of(&self, contracts: &[IntegrationContractId]) -> Result<Vec<IntegrationEvent>>;

    /// Records a certification with the journal entry, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn record_certification(&self, certification: &Certification, journal: Option<&AccessRecord>) -> Result<()>;

    /// The certifications of several persons at once (for DataLoaders), oldest first, at most
    /// [`MAX_CERTIFICATIONS`] each.
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn certifications_of(&self, persons: &[PersonId]) -> Result<Vec<Certification>>;

    /// Every version of the rules that turn facts into results, in any order (a handful of rows).
    ///
    /// # Errors
    /// [`crate::Error::Storage`].
    async fn rules(&self) -> Result<Vec<IntegrationRules>>;
}
