//! The storage port for mandates.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Mandate, MandateId};
use crate::Result;
use crate::person::PersonId;

/// Stores and finds mandates. History is append-only: a revocation updates `revoked_at` and nothing else;
/// nothing is deleted. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait MandateRepository: Send + Sync {
    /// Records a new mandate.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the id is taken; [`crate::Error::Storage`] when storage fails.
    async fn grant(&self, mandate: &Mandate) -> Result<()>;

    /// Records the revocation of `mandate` (its `revoked_at`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when no such mandate is stored; [`crate::Error::Storage`] when storage fails.
    async fn revoke(&self, mandate: &Mandate) -> Result<()>;

    /// Finds a mandate by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: MandateId) -> Result<Option<Mandate>>;

    /// The mandates `mandatary` holds that are active at `at`.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn active_held_by(&self, mandatary: PersonId, at: DateTime<Utc>) -> Result<Vec<Mandate>>;

    /// Every mandate `principal` granted, active or not, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn of_principal(&self, principal: PersonId) -> Result<Vec<Mandate>>;
}
