//! The dossier use cases: load through the ports, check the policy, run the state machine, save atomically
//! with the journal entry of the write. The API calls these and nothing else to change a dossier.
//!
//! Mandates: when a person touches someone else's dossier, the use cases load the mandates that person holds
//! (through [`MandateRepository`]) and check the policy as [`Actor::Mandatary`] if one is active — so the
//! policy stays a pure function of the actor and the dossier, and a person with no mandate is refused exactly
//! as before.

use chrono::Datelike as _;

use super::{Dossier, DossierEvent, DossierId, DossierRepository, NewDossier, policy};
use crate::ids::IdSource;
use crate::journal::{AccessKind, AccessRecord, RequestTrace};
use crate::mandate::MandateRepository;
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
    /// Mandates (who may act for whom).
    pub mandates: &'a dyn MandateRepository,
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

/// The actor to check against `subject`'s data: a person acting on someone else's data is seen as their
/// mandatary when they hold an active mandate of `subject` (loaded only then); anyone else is unchanged.
///
/// # Errors
/// [`Error::Storage`] when the mandates cannot be loaded.
pub async fn acting_for(ports: &Ports<'_>, actor: &Actor, subject: PersonId) -> Result<Actor> {
    match actor {
        Actor::Person(me) if *me != subject => {
            let now = ports.clock.now();
            let held = ports.mandates.active_held_by(*me, now).await?;
            Ok(actor.acting_for(&held, subject, now))
        }
        Actor::Person(_) | Actor::Mandatary(_) | Actor::Anonymous | Actor::Agent(_) | Actor::Partner(_) => {
            Ok(actor.clone())
        }
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
    // A person names themself or a principal they hold a mandate of; an agent names someone they can serve at
    // the desk.
    let acting = acting_for(ports, actor, request.person).await?;
    let actor = &acting;
    if policy::channel_for_start(actor, request.person, &request.territory).is_none() {
        return Err(match actor {
            Actor::Person(_) => Error::NotFound { entity: "person" },
            Actor::Agent(_) | Actor::Partner(_) | Actor::Anonymous | Actor::Mandatary(_) => {
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
    let journal = AccessRecord::of(ports.ids.access(), actor, AccessKind::Write, request.person, &caller.trace, now);
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
    find_visible_as(ports, actor, id).await.map(|(dossier, _)| dossier)
}

/// As [`find_visible`], with the actor the policy saw (the caller, or the caller as a mandatary).
async fn find_visible_as(ports: &Ports<'_>, actor: &Actor, id: DossierId) -> Result<(Dossier, Actor)> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(dossier) = ports.dossiers.find(id).await? else {
        return Err(Error::NotFound { entity: "dossier" });
    };
    let acting = acting_for(ports, actor, dossier.person()).await?;
    if policy::can_view(&acting, &dossier) { Ok((dossier, acting)) } else { Err(Error::NotFound { entity: "dossier" }) }
}

/// A page of a person's dossiers, if the actor may list them (the person themself, or someone holding an
/// active mandate of theirs).
///
/// # Errors
/// [`Error::NotAllowed`] when the actor may not list the person's dossiers.
pub async fn list_for_person(
    ports: &Ports<'_>,
    actor: &Actor,
    person: PersonId,
    page: &PageRequest<DossierId>,
) -> Result<Page<Dossier>> {
    if actor.person() != Some(person) && !matches!(acting_for(ports, actor, person).await?, Actor::Mandatary(_)) {
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
    transition(ports, caller, id, expected_version, Dossier::submit).await
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
    transition(ports, caller, id, expected_version, |dossier, actor, now| dossier.withdraw(actor, now, reason)).await
}

async fn transition(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    apply: impl FnOnce(&mut Dossier, &Actor, chrono::DateTime<chrono::Utc>) -> Result<DossierEvent>,
) -> Result<Dossier> {
    let (mut dossier, acting) = find_visible_as(ports, &caller.actor, id).await?;
    let previous = dossier.version();
    if let Some(expected) = expected_version
        && expected != previous
    {
        return Err(Error::StaleVersion { entity: "dossier", expected, actual: previous });
    }
    let now = ports.clock.now();
    let event = apply(&mut dossier, &acting, now)?;
    let journal = caller.journal(ports, dossier.person(), now);
    ports.dossiers.update(&dossier, previous, &[event], journal.as_ref()).await?;
    Ok(dossier)
}
