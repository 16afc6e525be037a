//! The medical use cases: load the dossier through the ports, check the policy, record the opinion atomically
//! with the journal entry of the write. The API calls these and nothing else to record an opinion.

use super::{LegalAnswers, MedicalOpinion, MedicalOpinionRepository, MedicalReport};
use crate::dossier::DossierId;
use crate::dossier::commands::{Caller, Ports as DossierPorts, find_visible};
use crate::journal::{AccessKind, AccessRecord};
use crate::{Error, Result};

/// The ports the medical use cases need: the dossier's, plus the opinions.
pub struct Ports<'a> {
    /// Dossiers, persons, the catalogue, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// The college's opinions.
    pub opinions: &'a dyn MedicalOpinionRepository,
}

/// What an OFII doctor records.
#[derive(Debug, Clone)]
pub struct RecordOpinion {
    /// The dossier.
    pub dossier: DossierId,
    /// The legal answers.
    pub answers: LegalAnswers,
    /// The rapporteur's report.
    pub report: MedicalReport,
    /// The dossier version the doctor last saw, if they want it checked.
    pub expected_version: Option<u32>,
}

/// Records the college's opinion on a dossier, once.
///
/// The version check guards against deciding on a dossier that changed since the doctor read it; it does not
/// move the dossier's version (the opinion is not an event of the dossier's state machine yet — the OFII issue
/// will add `awaiting_opinion`). Two concurrent recordings cannot both succeed: the dossier is the opinion's key.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when the dossier is missing or not
/// visible; [`Error::StaleVersion`] when `expected_version` is not the current one; [`Error::NotAllowed`] when the
/// actor may not record an opinion on it; [`Error::InvalidInput`] when the answers do not hang together;
/// [`Error::Duplicate`] when the dossier already has an opinion. Nothing is written on error.
pub async fn record(ports: &Ports<'_>, caller: &Caller, request: RecordOpinion) -> Result<MedicalOpinion> {
    let dossier = find_visible(&ports.dossier, &caller.actor, request.dossier).await?;
    if let Some(expected) = request.expected_version
        && expected != dossier.version()
    {
        return Err(Error::StaleVersion { entity: "dossier", expected, actual: dossier.version() });
    }
    let now = ports.dossier.clock.now();
    let opinion = MedicalOpinion::record(&caller.actor, &dossier, request.answers, request.report, now)?;
    let journal = AccessRecord::of(
        ports.dossier.ids.access(),
        &caller.actor,
        AccessKind::Write,
        dossier.person(),
        &caller.trace,
        now,
    );
    ports.opinions.insert(&opinion, journal.as_ref()).await?;
    Ok(opinion)
}
