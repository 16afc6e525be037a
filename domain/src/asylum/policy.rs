//! Who may see and do what with asylum files — the one place to read it (DESIGN.md §3, "Compartments": the
//! asylum narrative never enters HIPE; the prefecture and OFII each hold their side; between them flow only legal
//! outputs).
//!
//! | who                                          | register, renew, record the decision | run the reception conditions | the claim | the reception conditions | OFII's working notes |
//! |----------------------------------------------|:-----------:|:-----------:|:---------:|:---------:|:---------:|
//! | prefecture desk agent or instructor of the desk's territory | ✓ |   | ✓ |   |   |
//! | prefecture signatory of the territory        |             |             |     ✓     |           |           |
//! | OFII agent of the direction (same territory) |             |      ✓      |     ✓     |     ✓     |     ✓     |
//! | the person, their mandataries                |             |             |     ✓     |     ✓     |           |
//! | anyone else (other territories, OFII doctors, auditors, partners) |  |  |           |           |           |
//!
//! - *The claim*: procedure class, registration, the current certificate, the final decision.
//! - *The reception conditions*: the offer, the household, the answer, suspensions and their reasons, the
//!   allowance. The prefecture does not need them to decide anything, so it does not see them.
//! - *Working notes*: the free text an OFII agent attaches to a suspension. The person is told the reason (the
//!   decision must be reasoned), not the agent's notes.
//!
//! A file the actor may not see must look missing ([`can_view`] false → `NotFound`).

use super::AsylumFile;
use crate::territory::Territory;
use crate::{Actor, AgentRole};

fn prefecture_desk_of(actor: &Actor, territory: &Territory) -> bool {
    matches!(actor, Actor::Agent(agent)
        if matches!(agent.role, AgentRole::PrefectureDesk | AgentRole::PrefectureInstructor) && agent.covers(territory))
}

fn ofii_agent_of(actor: &Actor, territory: &Territory) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent && agent.covers(territory))
}

/// Whether `actor` may register a claim at the desk of `territory`: a prefecture desk agent or instructor there.
pub fn may_register(actor: &Actor, territory: &Territory) -> bool {
    prefecture_desk_of(actor, territory)
}

/// Whether `actor` may renew the certificate of `file` and record its final decision: the prefecture's desk.
pub fn may_manage_claim(actor: &Actor, file: &AsylumFile) -> bool {
    prefecture_desk_of(actor, file.territory())
}

/// Whether `actor` may offer, record the answer, suspend and reinstate: an OFII agent of the direction.
pub fn may_manage_reception(actor: &Actor, file: &AsylumFile) -> bool {
    ofii_agent_of(actor, file.territory())
}

/// Whether `actor` may know that `file` exists and read its claim: the person, their mandataries, the
/// prefecture and OFII agents of its territory.
pub fn can_view(actor: &Actor, file: &AsylumFile) -> bool {
    match actor {
        Actor::Person(me) => *me == file.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == file.person(),
        Actor::Agent(agent) => {
            (agent.role.is_prefecture() || agent.role == AgentRole::OfiiAgent) && agent.covers(file.territory())
        }
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read the reception conditions of `file` (offer, household, suspensions, allowance): OFII
/// agents of the direction, the person and their mandataries.
pub fn can_view_reception(actor: &Actor, file: &AsylumFile) -> bool {
    match actor {
        Actor::Person(me) => *me == file.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == file.person(),
        Actor::Agent(_) => ofii_agent_of(actor, file.territory()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read OFII's working notes on `file`: OFII agents of the direction only.
pub fn can_view_notes(actor: &Actor, file: &AsylumFile) -> bool {
    ofii_agent_of(actor, file.territory())
}
