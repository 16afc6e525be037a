//! The medical use cases: load through the ports, check the policy, run the case's state machine, save
//! atomically with the journal entry of the write (and, for the transmission, the dossier's move back to
//! review). The API calls these and nothing else to work a medical case.

use super::repository::DossierMove;
use super::{CaseStep, MedicalCase, MedicalCaseId, MedicalCaseRepository, MedicalCertificate, policy};
use crate::dossier::commands::{Caller, Ports as DossierPorts, find_visible};
use crate::dossier::{DossierChange, DossierId};
use crate::pagination::{Page, PageRequest};
use crate::{Actor, AgentRole, Error, Result};

/// The ports the medical use cases need: the dossier's, plus the cases.
pub struct Ports<'a> {
    /// Dossiers, persons, the catalogue, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Medical cases and their opinions.
    pub cases: &'a dyn MedicalCaseRepository,
}

/// An OFII doctor records the certificate received under seal for a dossier: the case opens.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`] when the dossier is missing or not visible;
/// [`Error::NotAllowed`] for anyone but an OFII doctor of the territory, or a dossier that needs no opinion;
/// [`Error::Duplicate`] when the dossier already has a case. Nothing is written on error.
pub async fn receive_certificate(
    ports: &Ports<'_>,
    caller: &Caller,
    dossier: DossierId,
    certificate: MedicalCertificate,
) -> Result<MedicalCase> {
    let dossier = find_visible(&ports.dossier, &caller.actor, dossier).await?;
    let now = ports.dossier.clock.now();
    let case = MedicalCase::open(ports.dossier.ids.medical_case(), &caller.actor, &dossier, certificate, now)?;
    ports.cases.insert(&case, caller.write_entry(ports.dossier.ids, case.person(), now).as_ref()).await?;
    Ok(case)
}

/// Loads a case the actor may see; an invisible one is reported exactly like a missing one.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`]; [`Error::Storage`].
pub async fn find_visible_case(ports: &Ports<'_>, actor: &Actor, id: MedicalCaseId) -> Result<MedicalCase> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    match ports.cases.find(id).await? {
        Some(case) if policy::can_view_case(actor, &case) => Ok(case),
        Some(_) | None => Err(Error::NotFound { entity: "medical case" }),
    }
}

/// Runs one step of a case the caller saw at `expected_version`. The transmission also records, on the
/// dossier, that the opinion arrived (`AWAITING_OPINION → UNDER_REVIEW`), in the same transaction.
///
/// # Errors
/// As [`find_visible_case`]; [`Error::StaleVersion`] when the case changed since; the errors of
/// [`MedicalCase::apply`]; for the transmission, the dossier's ([`Error::InvalidTransition`] when the
/// prefecture has not asked for the opinion). Nothing is written on error.
pub async fn step(
    ports: &Ports<'_>,
    caller: &Caller,
    id: MedicalCaseId,
    expected_version: u32,
    step: CaseStep,
) -> Result<MedicalCase> {
    let mut case = find_visible_case(ports, &caller.actor, id).await?;
    if case.version() != expected_version {
        return Err(Error::StaleVersion { entity: "medical case", expected: expected_version, actual: case.version() });
    }
    let now = ports.dossier.clock.now();
    let transmit = matches!(step, CaseStep::Transmit);
    case.apply(&caller.actor, step, now)?;
    let journal = caller.write_entry(ports.dossier.ids, case.person(), now);
    if transmit {
        let mut dossier = find_visible(&ports.dossier, &caller.actor, case.dossier()).await?;
        let previous_version = dossier.version();
        let event = dossier.receive_opinion(&caller.actor, now)?;
        let change = DossierChange { events: vec![event], ..DossierChange::default() };
        let moved = DossierMove { dossier: &dossier, previous_version, change: &change };
        ports.cases.save(&case, expected_version, Some(moved), journal.as_ref()).await?;
    } else {
        ports.cases.save(&case, expected_version, None, journal.as_ref()).await?;
    }
    Ok(case)
}

/// A page of the calling OFII doctor's queue: the cases of their territories that wait on them.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII doctor; [`Error::Storage`].
pub async fn queue(ports: &Ports<'_>, actor: &Actor, page: &PageRequest<MedicalCaseId>) -> Result<Page<MedicalCase>> {
    match actor {
        Actor::Agent(agent) if agent.role == AgentRole::OfiiDoctor => {
            ports.cases.queue(&agent.territories, &agent.id, page).await
        }
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            Err(Error::NotAllowed { action: "list", entity: "medical case" })
        }
    }
}
