//! The appointment use cases: load through the ports, check the policy, apply the rules, save atomically with
//! the journal entry of the write. The API calls these and nothing else to touch slots and appointments.

use chrono::{DateTime, Utc};

use super::{
    Accessibility, Appointment, AppointmentId, AppointmentRepository, Booking, LanguageCode, Outcome, Slot, SlotCursor,
    SlotId, SlotKind, SlotSpec, policy,
};
use crate::dossier::DossierId;
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for, find_visible};
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Result};

/// The most slots one `open_slots` call opens (a month of a desk's half-hour slots).
pub const MAX_SLOTS_PER_CALL: usize = 200;

/// The ports the appointment use cases need: the dossier's, plus slots and appointments.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Slots and appointments.
    pub appointments: &'a dyn AppointmentRepository,
}

/// An agent opens slots, all or none.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::InvalidInput`] for no slot, too many, or a
/// malformed one; [`Error::NotAllowed`] when the actor may not open one of them; [`Error::Storage`].
pub async fn open_slots(ports: &Ports<'_>, caller: &Caller, specs: Vec<SlotSpec>) -> Result<Vec<Slot>> {
    if caller.actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if specs.is_empty() || specs.len() > MAX_SLOTS_PER_CALL {
        return Err(Error::invalid("slots", format!("between 1 and {MAX_SLOTS_PER_CALL} slots")));
    }
    let now = ports.dossier.clock.now();
    let slots = specs
        .into_iter()
        .map(|spec| Slot::open(ports.dossier.ids.slot(), spec, &caller.actor, now))
        .collect::<Result<Vec<_>>>()?;
    ports.appointments.open_slots(&slots).await?;
    Ok(slots)
}

/// A page of the free slots of `kind` in `territory`, from `from` (never before now).
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotAllowed`] for actors who book nothing
/// (partners, auditors); [`Error::Storage`].
pub async fn free_slots(
    ports: &Ports<'_>,
    actor: &Actor,
    territory: &Territory,
    kind: SlotKind,
    from: Option<DateTime<Utc>>,
    page: &PageRequest<SlotCursor>,
) -> Result<Page<Slot>> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !policy::may_list_slots(actor) {
        return Err(Error::NotAllowed { action: "list", entity: "slot" });
    }
    let now = ports.dossier.clock.now();
    let from = from.map_or(now, |from| from.max(now));
    ports.appointments.free_slots(territory, kind, from, page).await
}

/// What a caller asks for when booking.
#[derive(Debug, Clone)]
pub struct BookAppointment {
    /// The slot.
    pub slot: SlotId,
    /// For whom.
    pub person: PersonId,
    /// For which of their dossiers, if any.
    pub dossier: Option<DossierId>,
    /// The interpreter's language, if one is needed.
    pub interpreter: Option<LanguageCode>,
    /// Accessibility needs.
    pub accessibility: Accessibility,
}

/// Books a place for a person: the person themself, their mandatary with `Act`, or an agent serving the slot at
/// the desk.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when the slot, the person or the dossier
/// is missing or not visible (a person booking for a stranger is told the person does not exist);
/// [`Error::InvalidInput`] when the dossier is not the person's; [`Error::NotAllowed`]; [`Error::Refused`] (slot
/// full or started, already booked); [`Error::Storage`]. Nothing is written on error.
pub async fn book(ports: &Ports<'_>, caller: &Caller, request: BookAppointment) -> Result<Appointment> {
    let actor = &caller.actor;
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let acting = acting_for(&ports.dossier, actor, request.person).await?;
    if matches!(acting, Actor::Person(me) if me != request.person) {
        return Err(Error::NotFound { entity: "person" });
    }
    let Some(slot) = ports.appointments.find_slots(&[request.slot]).await?.pop() else {
        return Err(Error::NotFound { entity: "slot" });
    };
    if let Some(dossier) = request.dossier {
        let dossier = find_visible(&ports.dossier, actor, dossier).await?;
        if dossier.person() != request.person {
            return Err(Error::invalid("dossierId", "the dossier is not this person's"));
        }
    } else if ports.dossier.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let now = ports.dossier.clock.now();
    let booking = Booking {
        person: request.person,
        dossier: request.dossier,
        interpreter: request.interpreter,
        accessibility: request.accessibility,
    };
    let appointment = Appointment::book(ports.dossier.ids.appointment(), &slot, booking, &acting, now)?;
    let journal = caller.write_entry(ports.dossier.ids, request.person, now);
    ports.appointments.book(&appointment, journal.as_ref()).await?;
    Ok(appointment)
}

/// Loads an appointment the actor may see, with the actor the policy saw (the caller, or the caller as a
/// mandatary); an invisible one is reported exactly like a missing one.
async fn find_visible_as(ports: &Ports<'_>, actor: &Actor, id: AppointmentId) -> Result<(Appointment, Actor)> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(appointment) = ports.appointments.find(id).await? else {
        return Err(Error::NotFound { entity: "appointment" });
    };
    let acting = acting_for(&ports.dossier, actor, appointment.person()).await?;
    if policy::can_view(&acting, &appointment) {
        Ok((appointment, acting))
    } else {
        Err(Error::NotFound { entity: "appointment" })
    }
}

/// Cancels a booked appointment and frees its place.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`] when missing or not visible; [`Error::NotAllowed`];
/// [`Error::Refused`] (no longer booked, already started); [`Error::Storage`]. Nothing is written on error.
pub async fn cancel(ports: &Ports<'_>, caller: &Caller, id: AppointmentId) -> Result<Appointment> {
    let (mut appointment, acting) = find_visible_as(ports, &caller.actor, id).await?;
    let now = ports.dossier.clock.now();
    appointment.cancel(&acting, now)?;
    let journal = caller.write_entry(ports.dossier.ids, appointment.person(), now);
    ports.appointments.cancel(&appointment, journal.as_ref()).await?;
    Ok(appointment)
}

/// An agent records that the person came or did not.
///
/// # Errors
/// As [`cancel`], with [`crate::Refusal::AppointmentNotStarted`] before the start.
pub async fn mark(ports: &Ports<'_>, caller: &Caller, id: AppointmentId, outcome: Outcome) -> Result<Appointment> {
    let (mut appointment, acting) = find_visible_as(ports, &caller.actor, id).await?;
    let now = ports.dossier.clock.now();
    appointment.mark(&acting, outcome, now)?;
    let journal = caller.write_entry(ports.dossier.ids, appointment.person(), now);
    ports.appointments.mark(&appointment, journal.as_ref()).await?;
    Ok(appointment)
}

/// The calling person's own appointments, by start.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotAllowed`] for anyone but a person;
/// [`Error::Storage`].
pub async fn of_caller(ports: &Ports<'_>, actor: &Actor) -> Result<Vec<Appointment>> {
    match actor {
        Actor::Person(me) => ports.appointments.of_person(*me).await,
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Partner(_) | Actor::Mandatary(_) => {
            Err(Error::NotAllowed { action: "list the appointments of", entity: "person" })
        }
    }
}
