//! Who may see and do what with integration contracts — the one place to read it (DESIGN.md §3,
//! "Compartments": integration pedagogy stays with OFII; between compartments flow only legal outputs).
//!
//! | who                                   | convoke, record steps | contract progress | pedagogy | results | certifications |
//! |---------------------------------------|:---------------------:|:-----------------:|:--------:|:-------:|:--------------:|
//! | OFII agent of the contract's direction |          ✓           |         ✓         |    ✓     |    ✓    |   ✓ (record)   |
//! | OFII agent of another direction        |                      |                   |          |    ✓    |       ✓        |
//! | OFII doctor                            |                      |                   |          |         |                |
//! | prefecture agents                      |                      |                   |          |    ✓    |                |
//! | the person, their mandataries          |                      |         ✓         |          |    ✓    |       ✓        |
//! | auditors, partners, anonymous          |                      |                   |          |         |                |
//!
//! - *Progress* is what the person follows in the app: status, dates, the hours prescribed and attended, the
//!   number of civic days done, the attestation.
//! - *Pedagogy* is the positioning's level found and the attendance day by day: OFII's working material.
//! - *Results* are the legal outputs the prefecture decides on: assiduous or not, exempted, exam passed, level
//!   certified.
//!
//! A contract the actor may not see must look missing ([`can_view`] false → `NotFound`).

use super::IntegrationContract;
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole};

fn ofii_agent_of(actor: &Actor, territory: &Territory) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent && agent.covers(territory))
}

/// Whether `actor` may convoke persons in `territory`: an OFII agent of that direction.
pub fn may_convoke(actor: &Actor, territory: &Territory) -> bool {
    ofii_agent_of(actor, territory)
}

/// Whether `actor` may record the steps of `contract`: an OFII agent of its direction.
pub fn may_manage(actor: &Actor, contract: &IntegrationContract) -> bool {
    ofii_agent_of(actor, contract.territory())
}

/// Whether `actor` may know that `contract` exists and follow its progress: its direction's OFII agents, the
/// person and their mandataries.
pub fn can_view(actor: &Actor, contract: &IntegrationContract) -> bool {
    match actor {
        Actor::Person(me) => *me == contract.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == contract.person(),
        Actor::Agent(_) => ofii_agent_of(actor, contract.territory()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read the pedagogy of `contract` (positioning level, attendance day by day): OFII's
/// compartment only.
pub fn can_view_pedagogy(actor: &Actor, contract: &IntegrationContract) -> bool {
    ofii_agent_of(actor, contract.territory())
}

/// Whether `actor` may read the integration results of `person`: prefecture agents (they decide the card on
/// them), OFII agents, the person and their mandataries.
pub fn can_view_results(actor: &Actor, person: PersonId) -> bool {
    match actor {
        Actor::Person(me) => *me == person,
        Actor::Mandatary(mandatary) => mandatary.principal == person,
        Actor::Agent(agent) => agent.role.is_prefecture() || agent.role == AgentRole::OfiiAgent,
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may list the certifications of `person`: OFII agents, the person and their mandataries (the
/// prefecture reads the results instead).
pub fn can_view_certifications(actor: &Actor, person: PersonId) -> bool {
    match actor {
        Actor::Person(me) => *me == person,
        Actor::Mandatary(mandatary) => mandatary.principal == person,
        Actor::Agent(agent) => agent.role == AgentRole::OfiiAgent,
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may record a civic exam or a language certification: OFII agents (a person is not
/// territorial; the certifier's result is the same wherever it is recorded).
pub fn may_record_certification(actor: &Actor) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent)
}
