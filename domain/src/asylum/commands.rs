//! The asylum use cases: load through the ports, check the policy, run the state machine, save atomically with
//! the event, the certificate issued, the notification and the journal entry of the write. The API calls these
//! and nothing else to touch asylum files.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    AllowanceScale, AsylumChange, AsylumEvent, AsylumFile, AsylumFileId, AsylumRepository, CurrentCertificate,
    FinalDecision, Household, ProcedureClass, ReceptionStatus, Step, SuspensionReason, certificate_end, policy,
};
use crate::appointment::{AppointmentId, AppointmentRepository, AppointmentStatus};
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for};
use crate::notification::Notification;
use crate::pagination::{Page, PageRequest};
use crate::permit::{DocumentKind, DocumentParts, DocumentStatus, ResidenceDocument, Rights, Work};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Result};

/// The ports the asylum use cases need.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Asylum files and the reception catalogue.
    pub asylum: &'a dyn AsylumRepository,
    /// Appointments (a suspension names the one the person missed).
    pub appointments: &'a dyn AppointmentRepository,
}

impl Ports<'_> {
    /// Issues a certificate to `person` from `from` for `months`.
    fn certificate(
        &self,
        person: PersonId,
        from: NaiveDate,
        months: u32,
        renewals: u16,
        now: DateTime<Utc>,
    ) -> Result<(ResidenceDocument, CurrentCertificate)> {
        let (id, number) = self.dossier.ids.residence_document();
        let valid_until = certificate_end(from, months);
        let document = ResidenceDocument::new(DocumentParts {
            id,
            number: number.clone(),
            holder: person,
            kind: DocumentKind::AsylumSeekerCertificate,
            motive: None,
            valid_from: from,
            valid_until,
            // An asylum seeker stays lawfully while the claim is examined; work needs a separate authorisation
            // (after six months without an OFPRA decision), which this certificate does not carry.
            rights: Rights { stay: true, work: Work::None },
            status: DocumentStatus::Valid,
            created_at: now,
        })?;
        Ok((document, CurrentCertificate { id, number, valid_until, renewals }))
    }

    async fn validity(&self, class: ProcedureClass, on: NaiveDate) -> Result<super::CertificateValidity> {
        self.asylum.certificate_validity(class, on).await?.ok_or_else(|| Error::Precondition {
            reason: format!("the catalogue has no certificate validity for the {} procedure", class.code()),
        })
    }
}

/// What a prefecture desk agent records at the one-stop desk.
#[derive(Debug, Clone)]
pub struct Register {
    /// The claimant.
    pub person: PersonId,
    /// The desk's département.
    pub territory: Territory,
    /// The procedure class.
    pub procedure_class: ProcedureClass,
}

/// A prefecture desk agent registers a claim, issuing the first asylum-seeker certificate.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`]; [`Error::NotFound`] for an unknown person;
/// [`Error::Precondition`] when the catalogue has no validity for the class; [`Error::Refused`] with
/// [`crate::Refusal::AlreadySeekingAsylum`]; [`Error::Storage`]. Nothing is written on error.
pub async fn register(ports: &Ports<'_>, caller: &Caller, request: Register) -> Result<AsylumFile> {
    let actor = &caller.actor;
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !policy::may_register(actor, &request.territory) {
        return Err(Error::NotAllowed { action: "register an asylum claim in", entity: "territory" });
    }
    if ports.dossier.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let now = ports.dossier.clock.now();
    let today = crate::clock::france_date(now);
    let validity = ports.validity(request.procedure_class, today).await?;
    let (document, certificate) = ports.certificate(request.person, today, validity.first_months, 0, now)?;
    let id = ports.dossier.ids.asylum_file();
    let (file, event) =
        AsylumFile::register(id, request.person, request.territory, request.procedure_class, certificate, actor, now)?;
    let notification = certificate_notification(ports, &file, now);
    let journal = caller.write_entry(ports.dossier.ids, request.person, now);
    ports
        .asylum
        .save(AsylumChange {
            file: &file,
            previous_version: None,
            event: &event,
            issued: Some(&document),
            replaced: None,
            notification: Some(&notification),
            journal: journal.as_ref(),
        })
        .await?;
    Ok(file)
}

fn certificate_notification(ports: &Ports<'_>, file: &AsylumFile, now: DateTime<Utc>) -> Notification {
    let certificate = file.certificate();
    Notification::about_person(
        ports.dossier.ids.notification(),
        file.person(),
        "asylum.certificateIssued",
        vec![("number", certificate.number.as_str().to_owned()), ("validUntil", certificate.valid_until.to_string())],
        now,
    )
}

/// The actor the policy sees when `actor` touches `person`'s file (a person acting for a principal becomes their
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
pub async fn find_visible(ports: &Ports<'_>, actor: &Actor, id: AsylumFileId) -> Result<AsylumFile> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(file) = ports.asylum.find(id).await? else {
        return Err(Error::NotFound { entity: "asylum file" });
    };
    let acting = acting_for(&ports.dossier, actor, file.person()).await?;
    if policy::can_view(&acting, &file) { Ok(file) } else { Err(Error::NotFound { entity: "asylum file" }) }
}

/// What an agent asks of a file.
#[derive(Debug, Clone)]
pub enum Command {
    /// The prefecture renews the certificate (a new one, replacing the current one).
    RenewCertificate,
    /// The prefecture records the final decision, an external fact.
    RecordFinalDecision(FinalDecision),
    /// OFII offers the conditions.
    Offer {
        /// The household.
        household: Household,
        /// Whether accommodation is offered.
        accommodation_offered: bool,
    },
    /// OFII records the person's answer: accepted (`true`) or refused.
    Answer(bool),
    /// OFII suspends the conditions.
    Suspend {
        /// Why.
        reason: SuspensionReason,
        /// The missed appointment, for a missed appointment.
        appointment: Option<AppointmentId>,
        /// A working note.
        note: Option<String>,
    },
    /// OFII reinstates them.
    Reinstate,
}

/// An agent changes a file they saw at `expected_version`.
///
/// # Errors
/// As [`find_visible`]; [`Error::StaleVersion`]; the errors of [`AsylumFile::apply`]; [`Error::InvalidInput`] on
/// `appointmentId` when the appointment is not one this person missed. Nothing is written on error.
pub async fn record(
    ports: &Ports<'_>,
    caller: &Caller,
    id: AsylumFileId,
    expected_version: u32,
    command: Command,
) -> Result<(AsylumFile, AsylumEvent)> {
    let mut file = find_visible(ports, &caller.actor, id).await?;
    if file.version() != expected_version {
        return Err(Error::StaleVersion { entity: "asylum file", expected: expected_version, actual: file.version() });
    }
    let now = ports.dossier.clock.now();
    let today = crate::clock::france_date(now);
    let mut issued = None;
    let mut replaced = None;
    let step = match command {
        Command::RenewCertificate => {
            // Policy first: the catalogue and the identifiers are not consulted for someone who may not renew.
            if !policy::may_manage_claim(&caller.actor, &file) {
                return Err(Error::NotAllowed { action: "change", entity: "asylum file" });
            }
            let current = file.certificate();
            let validity = ports.validity(file.procedure_class(), today).await?;
            let (document, certificate) =
                ports.certificate(file.person(), today, validity.renewal_months, current.renewals + 1, now)?;
            replaced = Some(current.id);
            issued = Some(document);
            Step::RenewCertificate(certificate)
        }
        Command::RecordFinalDecision(decision) => Step::RecordFinalDecision(decision),
        Command::Offer { household, accommodation_offered } => Step::Offer { household, accommodation_offered },
        Command::Answer(accepted) => Step::Answer(accepted),
        Command::Suspend { reason, appointment, note } => {
            if let Some(appointment) = appointment {
                missed_by(ports, &caller.actor, &file, appointment).await?;
            }
            Step::Suspend { reason, appointment, note }
        }
        Command::Reinstate => Step::Reinstate,
    };
    let event = file.apply(&caller.actor, step, now)?;
    let notification = match event.action {
        super::AsylumAction::RenewCertificate => Some(certificate_notification(ports, &file, now)),
        super::AsylumAction::Suspend => file.suspensions().last().map(|s| {
            Notification::about_person(
                ports.dossier.ids.notification(),
                file.person(),
                "asylum.receptionSuspended",
                vec![("from", s.from.to_string()), ("reason", s.reason.code().to_owned())],
                now,
            )
        }),
        super::AsylumAction::Reinstate => Some(Notification::about_person(
            ports.dossier.ids.notification(),
            file.person(),
            "asylum.receptionReinstated",
            vec![("from", today.to_string())],
            now,
        )),
        super::AsylumAction::RecordFinalDecision => file.closes_on().map(|closes_on| {
            Notification::about_person(
                ports.dossier.ids.notification(),
                file.person(),
                "asylum.receptionEnding",
                vec![("closesOn", closes_on.to_string())],
                now,
            )
        }),
        super::AsylumAction::Register
        | super::AsylumAction::Offer
        | super::AsylumAction::Accept
        | super::AsylumAction::Refuse => None,
    };
    let journal = caller.write_entry(ports.dossier.ids, file.person(), now);
    ports
        .asylum
        .save(AsylumChange {
            file: &file,
            previous_version: Some(expected_version),
            event: &event,
            issued: issued.as_ref(),
            replaced,
            notification: notification.as_ref(),
            journal: journal.as_ref(),
        })
        .await?;
    Ok((file, event))
}

/// Checks that `appointment` is one the claimant of `file` missed. Whatever the kind — an OFII reception or a
/// prefecture desk appointment: missing either is a ground (research: "missing a GUDA/Dublin appointment suspends
/// the conditions") — the attendance is a legal output that may flow between compartments.
async fn missed_by(ports: &Ports<'_>, actor: &Actor, file: &AsylumFile, appointment: AppointmentId) -> Result<()> {
    // Only an agent who may suspend learns anything about the appointment.
    if !policy::may_manage_reception(actor, file) {
        return Err(Error::NotAllowed { action: "change", entity: "asylum file" });
    }
    let found = ports.appointments.find(appointment).await?;
    match found {
        Some(a) if a.person() == file.person() && a.status() == AppointmentStatus::Missed => Ok(()),
        // Someone else's appointment answers like one that does not exist.
        Some(_) | None => Err(Error::invalid("appointmentId", "an appointment this person missed")),
    }
}

/// The directions whose queue `actor` works: an OFII agent's territories.
fn queue_territories(actor: &Actor) -> Result<&[Territory]> {
    match actor {
        Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent => Ok(&agent.territories),
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            Err(Error::NotAllowed { action: "list", entity: "asylum file" })
        }
    }
}

/// A page of the reception files of the calling OFII agent's directions, by registration.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent; [`Error::Storage`].
pub async fn queue(
    ports: &Ports<'_>,
    actor: &Actor,
    status: Option<ReceptionStatus>,
    page: &PageRequest<AsylumFileId>,
) -> Result<Page<AsylumFile>> {
    ports.asylum.queue(queue_territories(actor)?, status, page).await
}

/// How many files [`queue`] lists in all.
///
/// # Errors
/// As [`queue`].
pub async fn count_queue(ports: &Ports<'_>, actor: &Actor, status: Option<ReceptionStatus>) -> Result<u64> {
    ports.asylum.count_queue(queue_territories(actor)?, status).await
}

/// The allowance's rates, from the catalogue.
///
/// # Errors
/// [`Error::Storage`].
pub async fn scale(ports: &Ports<'_>) -> Result<AllowanceScale> {
    ports.asylum.allowance_scale().await
}
