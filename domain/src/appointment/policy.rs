//! Who may open, list, book, cancel and mark — the one place to read it.
//!
//! - An agent *serves* a kind of slot when their service holds it: prefecture desks and instructors the
//!   prefecture's kinds (desk filing, biometrics, handover, asylum desk), OFII agents and doctors OFII's
//!   (reception, medical visit, civic training, language test). Signatories sign decisions; they do not run
//!   desks. Auditors, partners and anonymous callers serve nothing.
//! - Agents who serve a kind open its slots in their territories, book for a person at the desk, cancel, and
//!   mark attended or missed.
//! - A person books and cancels their own appointments; a mandatary with the `Act` scope does it for them, one
//!   with `Read` only sees them.
//! - Free slots are listed to authenticated persons and agents, never anonymously.
//!
//! An appointment the actor may not see must look missing ([`can_view`] false → `NotFound`).

use super::{Appointment, Slot, SlotKind};
use crate::person::PersonId;
use crate::procedure::Authority;
use crate::territory::Territory;
use crate::{Actor, AgentRole};

/// Whether an agent of `role` holds appointments of `kind`.
pub const fn serves(role: AgentRole, kind: SlotKind) -> bool {
    match (role, kind.authority()) {
        (AgentRole::PrefectureDesk | AgentRole::PrefectureInstructor, Authority::Prefecture)
        | (AgentRole::OfiiAgent | AgentRole::OfiiDoctor, Authority::Ofii) => true,
        (
            AgentRole::PrefectureDesk
            | AgentRole::PrefectureInstructor
            | AgentRole::PrefectureSignatory
            | AgentRole::OfiiAgent
            | AgentRole::OfiiDoctor
            | AgentRole::Auditor,
            _,
        ) => false,
    }
}

fn agent_serving(actor: &Actor, territory: &Territory, kind: SlotKind) -> bool {
    matches!(actor, Actor::Agent(agent) if serves(agent.role, kind) && agent.covers(territory))
}

/// Whether `actor` may list free slots: any authenticated person, and the agents who hold appointments.
pub fn may_list_slots(actor: &Actor) -> bool {
    match actor {
        Actor::Person(_) | Actor::Mandatary(_) => true,
        Actor::Agent(agent) => SlotKind::ALL.into_iter().any(|kind| serves(agent.role, kind)),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may open slots of `kind` in `territory`.
pub fn may_open(actor: &Actor, territory: &Territory, kind: SlotKind) -> bool {
    agent_serving(actor, territory, kind)
}

/// Whether `actor` may book a place of `slot` for `person`.
pub fn may_book(actor: &Actor, person: PersonId, slot: &Slot) -> bool {
    match actor {
        Actor::Person(me) => *me == person,
        Actor::Mandatary(mandatary) => mandatary.principal == person && mandatary.scope.may_act(),
        Actor::Agent(_) => agent_serving(actor, slot.territory(), slot.kind()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may know that `appointment` exists and read it.
pub fn can_view(actor: &Actor, appointment: &Appointment) -> bool {
    match actor {
        Actor::Person(me) => *me == appointment.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == appointment.person(),
        Actor::Agent(_) => agent_serving(actor, appointment.territory(), appointment.kind()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor`, who may view the appointment's dossier, sees this appointment in the dossier's list: the
/// applicant's side (the person, their mandataries) sees them all; an agent only those of the kinds their service
/// holds in their territories — a prefecture instructor does not learn the date of an OFII medical visit.
pub fn can_view_in_visible_dossier(actor: &Actor, appointment: &Appointment) -> bool {
    match actor {
        Actor::Person(_) | Actor::Mandatary(_) => true,
        Actor::Agent(_) | Actor::Anonymous | Actor::Partner(_) => can_view(actor, appointment),
    }
}

/// Whether `actor` may cancel `appointment` (its state is checked separately).
pub fn may_cancel(actor: &Actor, appointment: &Appointment) -> bool {
    match actor {
        Actor::Mandatary(mandatary) => mandatary.principal == appointment.person() && mandatary.scope.may_act(),
        Actor::Person(_) | Actor::Agent(_) | Actor::Anonymous | Actor::Partner(_) => can_view(actor, appointment),
    }
}

/// Whether `actor` may mark `appointment` attended or missed: an agent serving it, never the person.
pub fn may_mark(actor: &Actor, appointment: &Appointment) -> bool {
    agent_serving(actor, appointment.territory(), appointment.kind())
}
