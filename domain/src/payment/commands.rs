//! The payment use cases: record a stamp on a dossier the caller may see; consume a dossier's stamps when it is
//! decided.

use super::{Payment, PaymentRepository, TaxStampNumber};
use crate::dossier::DossierId;
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for, find_visible};
use crate::{Clock, Result};

/// The ports the payment use cases need: the dossier's, plus the payments.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Payments.
    pub payments: &'a dyn PaymentRepository,
}

/// What a caller records.
#[derive(Debug, Clone)]
pub struct RecordTaxStamp {
    /// The dossier it pays for.
    pub dossier: DossierId,
    /// The stamp.
    pub stamp: TaxStampNumber,
    /// Its amount, in euro cents.
    pub amount_cents: u32,
}

/// Records a tax stamp on a dossier.
///
/// # Errors
/// [`crate::Error::Unauthenticated`]; [`crate::Error::NotFound`] when the dossier is missing or not visible;
/// [`crate::Error::NotAllowed`]; [`crate::Error::InvalidInput`] for a bad amount; [`crate::Error::Refused`] with
/// [`crate::Refusal::StampAlreadyUsed`]; [`crate::Error::Storage`]. Nothing is written on error.
pub async fn record(ports: &Ports<'_>, caller: &Caller, request: RecordTaxStamp) -> Result<Payment> {
    let dossier = find_visible(&ports.dossier, &caller.actor, request.dossier).await?;
    let acting = acting_for(&ports.dossier, &caller.actor, dossier.person()).await?;
    let now = ports.dossier.clock.now();
    let payment =
        Payment::record(ports.dossier.ids.payment(), &dossier, request.stamp, request.amount_cents, &acting, now)?;
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.payments.record(&payment, journal.as_ref()).await?;
    Ok(payment)
}

/// Consumes every stamp recorded on `dossier`: what the dossier state machine calls when the dossier is decided
/// (granted or refused — the tax is due on the decision either way). Calling it again changes nothing.
///
/// # Errors
/// [`crate::Error::Storage`] when storage fails.
pub async fn consume_on_decision(
    payments: &dyn PaymentRepository,
    clock: &dyn Clock,
    dossier: DossierId,
) -> Result<u64> {
    payments.consume_for_dossier(dossier, clock.now()).await
}
