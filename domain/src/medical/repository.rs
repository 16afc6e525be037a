//! The storage port for medical opinions.

use async_trait::async_trait;

use super::MedicalOpinion;
use crate::Result;
use crate::dossier::DossierId;
use crate::journal::AccessRecord;

/// Stores the college's opinions, one per dossier.
#[async_trait]
pub trait MedicalOpinionRepository: Send + Sync {
    /// Records an opinion and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the dossier already has an opinion (nothing is written);
    /// [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, opinion: &MedicalOpinion, journal: Option<&AccessRecord>) -> Result<()>;

    /// The opinions of several dossiers at once (for DataLoaders); a dossier without one is absent.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_many(&self, dossiers: &[DossierId]) -> Result<Vec<MedicalOpinion>>;
}
