//! The family-reunification use cases: load the dossier and its record through the ports, check the policy, run
//! the dossier's state machine where the step moves it, save both atomically with the journal entry of the write.
//! The API calls these and nothing else.

use super::{DossierWrite, FamilyReunificationRepository, MayorAnswer, PROCEDURE, Reunification, policy};
use crate::clock::france_date;
use crate::dossier::commands::{Caller, Ports as DossierPorts, find_visible};
use crate::dossier::{Dossier, DossierChange, DossierEvent, DossierId, QueueCursor};
use crate::pagination::{Page, PageRequest};
use crate::{Actor, AgentRole, Error, Result};

/// The ports the family-reunification use cases need: the dossier's, plus the records.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, the catalogue, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// The records and their rules.
    pub reunifications: &'a dyn FamilyReunificationRepository,
}

impl Ports<'_> {
    /// The dossier's change for `event`, with what the sponsor is told.
    fn change(&self, dossier: &Dossier, event: DossierEvent) -> DossierChange {
        let reference = dossier.reference().as_str().to_owned();
        let notification =
            crate::notification::for_event(self.dossier.ids.notification(), dossier.person(), &reference, &event);
        DossierChange {
            events: vec![event],
            notifications: notification.into_iter().collect(),
            ..DossierChange::default()
        }
    }
}

/// Loads a family-reunification dossier the caller may see and instruct, and its record.
async fn instructed(ports: &Ports<'_>, actor: &Actor, id: DossierId) -> Result<(Dossier, Option<Reunification>)> {
    let dossier = find_visible(&ports.dossier, actor, id).await?;
    if dossier.procedure().code.as_str() != PROCEDURE {
        return Err(Error::Precondition { reason: "this dossier is not a family reunification".to_owned() });
    }
    if !policy::may_instruct(actor, &dossier) {
        return Err(Error::NotAllowed { action: "instruct the family reunification of", entity: "dossier" });
    }
    let record = ports.reunifications.find_many(&[id]).await?.into_iter().next();
    Ok((dossier, record))
}

fn check_version(record: &Reunification, expected: Option<u32>) -> Result<()> {
    match expected {
        Some(expected) if expected != record.version() => {
            Err(Error::StaleVersion { entity: "family reunification", expected, actual: record.version() })
        }
        Some(_) | None => Ok(()),
    }
}

fn opened(record: Option<Reunification>) -> Result<Reunification> {
    record.ok_or_else(|| Error::Precondition { reason: "send the file to the mayor first".to_owned() })
}

/// An OFII agent of the direction sends the file to the mayor (`under_review → awaiting_opinion`): the record
/// opens with the mayor's due date.
///
/// # Errors
/// [`Error::NotFound`] for a dossier the caller may not see; [`Error::NotAllowed`] for anyone but an OFII agent of
/// the direction; [`Error::StaleVersion`] when the dossier is not at `expected_version`; [`Error::Precondition`]
/// for another procedure or a file already sent; the dossier's transition errors. Nothing is written on error.
pub async fn request_mayor_check(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
) -> Result<(Dossier, Reunification)> {
    let (mut dossier, record) = instructed(ports, &caller.actor, id).await?;
    let previous = dossier.version();
    if let Some(expected) = expected_version
        && expected != previous
    {
        return Err(Error::StaleVersion { entity: "dossier", expected, actual: previous });
    }
    if record.is_some() {
        return Err(Error::Precondition { reason: "the file was already sent to the mayor".to_owned() });
    }
    let now = ports.dossier.clock.now();
    let reason = Some("vérification des ressources et du logement par le maire (CESEDA R.434-23)".to_owned());
    let event = dossier.request_opinion(&caller.actor, now, reason)?;
    let rules = ports.reunifications.rules_on(france_date(now)).await?;
    let record = Reunification::open(&dossier, &rules, now);
    let change = ports.change(&dossier, event);
    let write = DossierWrite { dossier: &dossier, previous_version: previous, change: &change };
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.reunifications.save(&record, None, Some(write), journal.as_ref()).await?;
    Ok((dossier, record))
}

/// An OFII agent records the mayor's answer, once.
///
/// # Errors
/// As [`request_mayor_check`]; [`Error::StaleVersion`] when the record is not at `expected_version`; the errors of
/// [`Reunification::record_opinion`].
pub async fn record_mayor_opinion(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    answer: MayorAnswer,
    notes: Option<String>,
) -> Result<(Dossier, Reunification)> {
    let (dossier, record) = instructed(ports, &caller.actor, id).await?;
    let mut record = opened(record)?;
    check_version(&record, expected_version)?;
    let previous = record.version();
    let now = ports.dossier.clock.now();
    record.record_opinion(answer, crate::dossier::ActorRef::of(&caller.actor), now, notes)?;
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.reunifications.save(&record, Some(previous), None, journal.as_ref()).await?;
    Ok((dossier, record))
}

/// An OFII agent checks the sponsor's resources: `monthly_cents` over the reference period against the threshold
/// for `family_size` in force today.
///
/// # Errors
/// As [`record_mayor_opinion`]; the errors of [`super::ReunificationRules::assess`].
pub async fn check_resources(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    family_size: u8,
    monthly_cents: &[u32],
    notes: Option<String>,
) -> Result<(Dossier, Reunification)> {
    let (dossier, record) = instructed(ports, &caller.actor, id).await?;
    let mut record = opened(record)?;
    check_version(&record, expected_version)?;
    let previous = record.version();
    let now = ports.dossier.clock.now();
    let rules = ports.reunifications.rules_on(france_date(now)).await?;
    let assessment = rules.assess(family_size, monthly_cents)?;
    record.check_resources(family_size, assessment, now, notes)?;
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.reunifications.save(&record, Some(previous), None, journal.as_ref()).await?;
    Ok((dossier, record))
}

/// An OFII agent transmits the completed file to the prefect: the dossier receives it
/// (`awaiting_opinion → under_review`) and becomes the prefecture's to decide.
///
/// # Errors
/// As [`record_mayor_opinion`]; the errors of [`Reunification::transmit`] and of the dossier's transition.
pub async fn transmit_to_prefect(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
) -> Result<(Dossier, Reunification)> {
    let (mut dossier, record) = instructed(ports, &caller.actor, id).await?;
    let mut record = opened(record)?;
    check_version(&record, expected_version)?;
    let previous = record.version();
    let previous_dossier = dossier.version();
    let now = ports.dossier.clock.now();
    record.transmit(now)?;
    let event = dossier.receive_opinion(&caller.actor, now)?;
    let change = ports.change(&dossier, event);
    let write = DossierWrite { dossier: &dossier, previous_version: previous_dossier, change: &change };
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.reunifications.save(&record, Some(previous), Some(write), journal.as_ref()).await?;
    Ok((dossier, record))
}

/// A page of OFII's queue: the records of the calling agent's directions still with OFII, by legal risk.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent; [`Error::Storage`].
pub async fn queue(
    ports: &Ports<'_>,
    actor: &Actor,
    page: &PageRequest<QueueCursor>,
) -> Result<Page<(Reunification, Dossier)>> {
    match actor {
        Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent => {
            let mut found = ports.reunifications.queue(&agent.territories, page).await?;
            // The SQL selects by territory; the policy has the last word.
            found.items.retain(|(_, dossier)| policy::may_instruct(actor, dossier));
            Ok(found)
        }
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            Err(Error::NotAllowed { action: "list", entity: "family reunification" })
        }
    }
}

/// Runs the mayor's clock: every opinion due before today and not received is deemed favourable, recorded by
/// the system (R.434-23). A record changed meanwhile is left for the next run. Returns how many were deemed.
///
/// # Errors
/// [`Error::Storage`].
pub async fn run_clocks(ports: &Ports<'_>) -> Result<u32> {
    let now = ports.dossier.clock.now();
    let mut deemed = 0;
    let due = ports.reunifications.mayor_checks_due(france_date(now), 1_000).await?;
    for mut record in ports.reunifications.find_many(&due).await? {
        let previous = record.version();
        if record.deem_favourable(now).is_err() {
            continue;
        }
        match ports.reunifications.save(&record, Some(previous), None, None).await {
            Ok(()) => deemed += 1,
            Err(Error::StaleVersion { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(deemed)
}
