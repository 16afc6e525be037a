//! The storage port for the procedure catalogue.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{Procedure, ProcedureCode, ProcedureKey};
use crate::Result;

/// Reads the versioned catalogue. The catalogue is written only by migrations.
#[async_trait]
pub trait ProcedureCatalogue: Send + Sync {
    /// Every procedure in force on `day`, ordered by code.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn in_force(&self, day: NaiveDate) -> Result<Vec<Procedure>>;

    /// The version of `code` in force on `day`, if any.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_in_force(&self, code: &ProcedureCode, day: NaiveDate) -> Result<Option<Procedure>>;

    /// Several exact versions at once (for DataLoaders); unknown keys are absent from the answer.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_many(&self, keys: &[ProcedureKey]) -> Result<Vec<Procedure>>;
}
