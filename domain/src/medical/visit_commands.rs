//! The medical visit's use cases: load through the ports, check the policy, run the visit's state machine, save
//! atomically with the journal entry of the write.

use async_trait::async_trait;

use super::policy;
use super::visit::{Examination, MedicalVisit, MedicalVisitId, VisitSubject};
use crate::appointment::AppointmentRepository;
use crate::dossier::commands::{Caller, Ports as DossierPorts};
use crate::journal::AccessRecord;
use crate::person::PersonId;
use crate::{Actor, Error, Result};

/// Stores medical visits.
#[async_trait]
pub trait MedicalVisitRepository: Send + Sync {
    /// Records a new visit and the journal entry of the write, in one transaction.
    ///
    /// # Errors
    /// [`Error::Storage`]; nothing is written on error.
    async fn insert(&self, visit: &MedicalVisit, journal: Option<&AccessRecord>) -> Result<()>;

    /// Saves a visit that moved from `previous_version`, with the journal entry, in one transaction.
    ///
    /// # Errors
    /// [`Error::StaleVersion`] when the visit changed since; [`Error::Storage`]. Nothing is written on error.
    async fn save(&self, visit: &MedicalVisit, previous_version: u32, journal: Option<&AccessRecord>) -> Result<()>;

    /// A visit by id.
    ///
    /// # Errors
    /// [`Error::Storage`].
    async fn find(&self, id: MedicalVisitId) -> Result<Option<MedicalVisit>>;

    /// The visits of several persons at once (for DataLoaders), oldest first.
    ///
    /// # Errors
    /// [`Error::Storage`].
    async fn of_persons(&self, persons: &[PersonId]) -> Result<Vec<MedicalVisit>>;
}

/// The ports the medical visit's use cases need.
pub struct Ports<'a> {
    /// Dossiers, persons, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Appointments (to check a linked one is the person's).
    pub appointments: &'a dyn AppointmentRepository,
    /// Medical visits.
    pub visits: &'a dyn MedicalVisitRepository,
}

/// An OFII doctor of the territory records a medical visit of `subject.person`.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII doctor of the territory;
/// [`Error::NotFound`] when the person is missing, or the dossier or appointment is missing or not theirs;
/// [`Error::InvalidInput`]. Nothing is written on error.
pub async fn record(
    ports: &Ports<'_>,
    caller: &Caller,
    subject: VisitSubject,
    examination: Examination,
) -> Result<MedicalVisit> {
    if caller.actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !policy::is_doctor_of(&caller.actor, &subject.territory) {
        return Err(Error::NotAllowed { action: "record", entity: "medical visit" });
    }
    if ports.dossier.persons.find(subject.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    if let Some(dossier) = subject.dossier
        && ports.dossier.dossiers.find(dossier).await?.is_none_or(|d| d.person() != subject.person)
    {
        return Err(Error::NotFound { entity: "dossier" });
    }
    if let Some(appointment) = subject.appointment
        && ports.appointments.find(appointment).await?.is_none_or(|a| a.person() != subject.person)
    {
        return Err(Error::NotFound { entity: "appointment" });
    }
    let now = ports.dossier.clock.now();
    let visit = MedicalVisit::record(ports.dossier.ids.medical_visit(), &caller.actor, subject, examination, now)?;
    ports
        .visits
        .insert(&visit, caller.write_entry(ports.dossier.ids, visit.person(), ports.dossier.clock.now()).as_ref())
        .await?;
    Ok(visit)
}

/// An OFII doctor of the territory records a follow-up examination on a visit seen at `expected_version`.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`] when the visit is missing or not visible to the caller;
/// [`Error::NotAllowed`] for anyone but an OFII doctor of the territory; [`Error::StaleVersion`]; the errors of
/// [`MedicalVisit::follow_up`]. Nothing is written on error.
pub async fn follow_up(
    ports: &Ports<'_>,
    caller: &Caller,
    id: MedicalVisitId,
    expected_version: u32,
    examination: Examination,
) -> Result<MedicalVisit> {
    if caller.actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let mut visit = match ports.visits.find(id).await? {
        Some(visit) if policy::can_view_visit(&caller.actor, &visit) => visit,
        Some(_) | None => return Err(Error::NotFound { entity: "medical visit" }),
    };
    if visit.version() != expected_version {
        return Err(Error::StaleVersion {
            entity: "medical visit",
            expected: expected_version,
            actual: visit.version(),
        });
    }
    visit.follow_up(&caller.actor, examination, ports.dossier.clock.now())?;
    ports
        .visits
        .save(
            &visit,
            expected_version,
            caller.write_entry(ports.dossier.ids, visit.person(), ports.dossier.clock.now()).as_ref(),
        )
        .await?;
    Ok(visit)
}
