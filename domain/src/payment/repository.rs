//! The storage port for payments.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::Payment;
use crate::Result;
use crate::dossier::DossierId;
use crate::journal::AccessRecord;

/// Stores tax-stamp payments. A stamp number is stored at most once, across every dossier.
#[async_trait]
pub trait PaymentRepository: Send + Sync {
    /// Records a payment and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`crate::Error::Refused`] with [`crate::Refusal::StampAlreadyUsed`] when the stamp number is already
    /// recorded (nothing is written); [`crate::Error::Storage`] when storage fails.
    async fn record(&self, payment: &Payment, journal: Option<&AccessRecord>) -> Result<()>;

    /// The payments of several dossiers at once (for DataLoaders), oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Payment>>;

    /// Marks every recorded payment of `dossier` consumed at `at`; returns how many changed.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn consume_for_dossier(&self, dossier: DossierId, at: DateTime<Utc>) -> Result<u64>;
}
