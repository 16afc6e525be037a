//! The return-aid use cases: load through the ports, check the policy, decide with the catalogue in force, run
//! the state machine, save atomically with the event, the notification and the journal entry of the write. The
//! API calls these and nothing else to touch return-aid files.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    Facts, ReturnAidAction, ReturnAidChange, ReturnAidFile, ReturnAidFileId, ReturnAidRepository, ReturnAidStatus,
    Step, decide, policy,
};
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for};
use crate::notification::Notification;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Result};

/// The ports the return-aid use cases need.
pub struct Ports<'a> {
    /// Persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Return-aid files and their catalogue.
    pub return_aid: &'a dyn ReturnAidRepository,
}

/// OFII opens a return-aid file for `person` in its direction `territory`.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent of `territory`;
/// [`Error::NotFound`] for an unknown person; [`Error::Refused`] with [`crate::Refusal::ReturnAidAlreadyOpen`];
/// [`Error::Storage`]. Nothing is written on error.
pub async fn request(
    ports: &Ports<'_>,
    caller: &Caller,
    person: PersonId,
    territory: Territory,
) -> Result<ReturnAidFile> {
    if caller.actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !policy::may_manage(&caller.actor, &territory) {
        return Err(Error::NotAllowed { action: "open a return-aid file in", entity: "territory" });
    }
    if ports.dossier.persons.find(person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let now = ports.dossier.clock.now();
    let (file, event) =
        ReturnAidFile::request(ports.dossier.ids.return_aid_file(), person, territory, &caller.actor, now)?;
    let journal = caller.write_entry(ports.dossier.ids, person, now);
    ports
        .return_aid
        .save(ReturnAidChange {
            file: &file,
            previous_version: None,
            event: &event,
            notification: None,
            journal: journal.as_ref(),
        })
        .await?;
    Ok(file)
}

/// The actor the policy sees when `actor` reads `person`'s file (a person acting for a principal becomes their
/// mandatary).
///
/// # Errors
/// [`Error::Storage`] when the mandates cannot be loaded.
pub async fn acting(ports: &Ports<'_>, actor: &Actor, person: PersonId) -> Result<Actor> {
    acting_for(&ports.dossier, actor, person).await
}

/// Loads a file the actor may see; an invisible one is reported exactly like a missing one.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`]; [`Error::Storage`].
pub async fn find_visible(ports: &Ports<'_>, actor: &Actor, id: ReturnAidFileId) -> Result<ReturnAidFile> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(file) = ports.return_aid.find(id).await? else {
        return Err(Error::NotFound { entity: "return-aid file" });
    };
    let acting = acting_for(&ports.dossier, actor, file.person()).await?;
    if policy::can_view(&acting, &file) { Ok(file) } else { Err(Error::NotFound { entity: "return-aid file" }) }
}

/// What an OFII agent records on a file.
#[derive(Debug, Clone)]
pub enum Command {
    /// Decide the eligibility from these facts, with the catalogue in force today.
    Decide(Facts),
    /// Book (or move) the departure.
    BookDeparture(NaiveDate),
    /// The person left on this day: the allowance is paid.
    RecordDeparture(NaiveDate),
    /// The person gives up the aid.
    Withdraw,
}

/// An OFII agent of the direction changes a file they saw at `expected_version`.
///
/// # Errors
/// As [`find_visible`]; [`Error::StaleVersion`]; [`Error::NotAllowed`] for anyone but an OFII agent of the
/// direction; [`Error::Precondition`] when the catalogue has no rules or rates in force; the errors of
/// [`ReturnAidFile::apply`]. Nothing is written on error.
pub async fn record(
    ports: &Ports<'_>,
    caller: &Caller,
    id: ReturnAidFileId,
    expected_version: u32,
    command: Command,
) -> Result<ReturnAidFile> {
    let mut file = find_visible(ports, &caller.actor, id).await?;
    if file.version() != expected_version {
        return Err(Error::StaleVersion {
            entity: "return-aid file",
            expected: expected_version,
            actual: file.version(),
        });
    }
    // Policy first: the catalogue and the person's history are not consulted for someone who may not act.
    if !policy::may_manage(&caller.actor, file.territory()) {
        return Err(Error::NotAllowed { action: "change", entity: "return-aid file" });
    }
    let now = ports.dossier.clock.now();
    let today = crate::clock::france_date(now);
    let step = match command {
        Command::Decide(facts) => {
            // The state machine answers before the catalogue is read.
            file.ensure_permits(ReturnAidAction::DecideEligibility)?;
            let catalogue = ports.return_aid.catalogue().await?;
            let already_received = ports.return_aid.received_before(file.person(), file.id()).await?;
            let decision =
                decide(&facts, &catalogue.rules, &catalogue.rates, file.territory(), already_received, today)?;
            Step::DecideEligibility { facts, decision }
        }
        Command::BookDeparture(on) => Step::BookDeparture(on),
        Command::RecordDeparture(on) => Step::RecordDeparture(on),
        Command::Withdraw => Step::Withdraw,
    };
    let event = file.apply(&caller.actor, step, now)?;
    let notification = notification_of(ports, &file, now);
    let journal = caller.write_entry(ports.dossier.ids, file.person(), now);
    ports
        .return_aid
        .save(ReturnAidChange {
            file: &file,
            previous_version: Some(expected_version),
            event: &event,
            notification: notification.as_ref(),
            journal: journal.as_ref(),
        })
        .await?;
    Ok(file)
}

/// What the person is told after a change that left `file` as it is.
fn notification_of(ports: &Ports<'_>, file: &ReturnAidFile, now: DateTime<Utc>) -> Option<Notification> {
    let person = file.person();
    match file.status() {
        ReturnAidStatus::Eligible => file.allowance_cents().map(|cents| {
            Notification::about_person(
                ports.dossier.ids.notification(),
                person,
                "returnAid.eligible",
                vec![("allowance", euros(cents))],
                now,
            )
        }),
        ReturnAidStatus::Ineligible => {
            let reasons = file.ineligibility().iter().map(|r| r.code()).collect::<Vec<_>>().join(", ");
            Some(Notification::about_person(
                ports.dossier.ids.notification(),
                person,
                "returnAid.ineligible",
                vec![("reasons", reasons)],
                now,
            ))
        }
        ReturnAidStatus::DepartureBooked => file.departure_on().map(|on| {
            Notification::about_person(
                ports.dossier.ids.notification(),
                person,
                "returnAid.departureBooked",
                vec![("departureOn", on.to_string())],
                now,
            )
        }),
        ReturnAidStatus::Requested | ReturnAidStatus::Departed | ReturnAidStatus::Withdrawn => None,
    }
}

/// Cents as euros with two decimals ("1450.00").
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A page of the return-aid files of the calling OFII agent's directions, by request.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent; [`Error::Storage`].
pub async fn queue(
    ports: &Ports<'_>,
    actor: &Actor,
    status: Option<ReturnAidStatus>,
    page: &PageRequest<ReturnAidFileId>,
) -> Result<Page<ReturnAidFile>> {
    let territories = match actor {
        Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent => &agent.territories,
        Actor::Anonymous => return Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            return Err(Error::NotAllowed { action: "list", entity: "return-aid file" });
        }
    };
    ports.return_aid.queue(territories, status, page).await
}
