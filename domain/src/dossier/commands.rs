//! The dossier use cases: load through the ports, check the policy, run the state machine, save atomically
//! with the journal entry of the write. The API calls these and nothing else to change a dossier.

use chrono::Datelike as _;

use super::{Dossier, DossierEvent, DossierId, DossierRepository, NewDossier, policy};
use crate::ids::IdSource;
use crate::journal::{AccessKind, AccessRecord, RequestTrace};
use crate::pagination::{Page, PageRequest};
use crate::person::{PersonId, PersonRepository};
use crate::procedure::{OpinionKind, ProcedureCatalogue, ProcedureCode};
use crate::territory::Territory;
use crate::{Actor, Clock, Error, Result};

/// The ports the dossier use cases need.
pub struct Ports<'a> {
    /// Dossiers.
    pub dossiers: &'a dyn DossierRepository,
    /// Persons.
    pub persons: &'a dyn PersonRepository,
    /// The catalogue.
    pub catalogue: &'a dyn ProcedureCatalogue,
    /// Time.
    pub clock: &'a dyn Clock,
    /// New identifiers.
    pub ids: &'a dyn IdSource,
}

/// Who asks, and under which request — what a write's journal entry records.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub actor: Actor,
    /// Which request.
    pub trace: RequestTrace,
}

impl Caller {
    fn journal(&self, ports: &Ports<'_>, subject: PersonId, at: chrono::DateTime<chrono::Utc>) -> Option<AccessRecord> {
        AccessRecord::of(ports.ids.access(), &self.actor, AccessKind::Write, subject, &self.trace, at)
    }
}

/// What a caller asks for when opening a dossier.
#[derive(Debug, Clone)]
pub struct StartDossier {
    /// The applicant.
    pub person: PersonId,
    /// The procedure, in the version in force today.
    pub procedure: ProcedureCode,
    /// The département in charge.
    pub territory: Territory,
}

/// Opens a draft; draws another reference if one collides.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when the person is not visible to the
/// actor or the procedure is not in force today; [`Error::NotAllowed`] when the actor may not file for them.
pub async fn start(ports: &Ports<'_>, caller: &Caller, request: StartDossier) -> Result<Dossier> {
    let actor = &caller.actor;
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let now = ports.clock.now();
    // A person may only ever name themself; an agent names someone they can serve at the desk.
    if policy::channel_for_start(actor, request.person, &request.territory).is_none() {
        return Err(match actor {
            Actor::Person(_) => Error::NotFound { entity: "person" },
            Actor::Agent(_) | Actor::Partner(_) | Actor::Anonymous => {
                Error::NotAllowed { action: "start a dossier for", entity: "person" }
            }
        });
    }
    if ports.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let procedure = ports
        .catalogue
        .find_in_force(&request.procedure, now.date_naive())
        .await?
        .ok_or(Error::NotFound { entity: "procedure" })?;
    let journal = caller.journal(ports, request.person, now);
    let mut attempts = 0;
    loop {
        let (id, reference) = ports.ids.dossier(now.year());
        let new = NewDossier {
            id,
            reference,
            person: request.person,
            procedure: procedure.key.clone(),
            authority: procedure.authority,
            medical_opinion_needed: procedure.needs(OpinionKind::MedicalCollege),
            territory: request.territory.clone(),
        };
        let (dossier, event) = Dossier::start(new, actor, now)?;
        match ports.dossiers.insert(&dossier, &event, journal.as_ref()).await {
            Err(Error::Duplicate { .. }) if attempts < 3 => attempts += 1,
            Err(error) => return Err(error),
            Ok(()) => return Ok(dossier),
        }
    }
}

/// Loads a dossier the actor may see; an invisible dossier is reported exactly like a missing one.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when missing or not visible.
pub async fn find_visible(ports: &Ports<'_>, actor: &Actor, id: DossierId) -> Result<Dossier> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    match ports.dossiers.find(id).await? {
        Some(dossier) if policy::can_view(actor, &dossier) => Ok(dossier),
        Some(_) | None => Err(Error::NotFound { entity: "dossier" }),
    }
}

/// A page of a person's dossiers, if the actor may list them (the person themself).
///
/// # Errors
/// [`Error::NotAllowed`] when the actor may not list the person's dossiers.
pub async fn list_for_person(
    ports: &Ports<'_>,
    actor: &Actor,
    person: PersonId,
    page: &PageRequest<DossierId>,
) -> Result<Page<Dossier>> {
    if actor.person() != Some(person) {
        return Err(Error::NotAllowed { action: "list the dossiers of", entity: "person" });
    }
    ports.dossiers.list_for_person(person, page).await
}

/// Files a draft.
///
/// # Errors
/// As [`find_visible`]; [`Error::StaleVersion`] when `expected_version` is not the current one;
/// [`Error::NotAllowed`] or [`Error::InvalidTransition`] from the state machine. Nothing is written on error.
pub async fn submit(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
) -> Result<Dossier> {
    transition(ports, caller, id, expected_version, |dossier, now| dossier.submit(&caller.actor, now)).await
}

/// Withdraws an open dossier at the person's request.
///
/// # Errors
/// As [`submit`].
pub async fn withdraw(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    reason: Option<String>,
) -> Result<Dossier> {
    transition(ports, caller, id, expected_version, |dossier, now| dossier.withdraw(&caller.actor, now, reason)).await
}

async fn transition(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    apply: impl FnOnce(&mut Dossier, chrono::DateTime<chrono::Utc>) -> Result<DossierEvent>,
) -> Result<Dossier> {
    let mut dossier = find_visible(ports, &caller.actor, id).await?;
    let previous = dossier.version();
    if let Some(expected) = expected_version
        && expected != previous
    {
        return Err(Error::StaleVersion { entity: "dossier", expected, actual: previous });
    }
    let now = ports.clock.now();
    let event = apply(&mut dossier, now)?;
    let journal = caller.journal(ports, dossier.person(), now);
    ports.dossiers.update(&dossier, previous, &[event], journal.as_ref()).await?;
    Ok(dossier)
}
