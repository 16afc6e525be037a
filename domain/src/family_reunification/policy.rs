//! Who may see and do what with a family-reunification record — the one place to read it (DESIGN.md §3,
//! "Compartments": between compartments flow only legal outputs).
//!
//! | who                                    | instruct (mayor, resources, transmit) | results | working notes |
//! |----------------------------------------|:-------------------------------------:|:-------:|:-------------:|
//! | OFII agent of the file's direction     |                   ✓                   |    ✓    |       ✓       |
//! | prefecture agents of the territory     |                                       | ✓ once transmitted |    |
//! | the sponsor, their mandataries         |                                       |    ✓    |               |
//! | OFII doctors, auditors, partners       |                                       |         |               |
//!
//! *Results* are the legal outputs: where the file stands and its dates, the mayor's findings and the resource
//! check's outcome. *Working notes* are OFII's own (visits, calls). The dossier's visibility
//! (`dossier::policy::can_view`) is checked first: a record of a dossier the actor may not see does not exist for
//! them.

use super::Reunification;
use crate::dossier::{Dossier, policy as dossier_policy};
use crate::{Actor, AgentRole};

/// Whether `actor` instructs `dossier`'s reunification: an OFII agent of its direction.
pub fn may_instruct(actor: &Actor, dossier: &Dossier) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent && agent.covers(dossier.territory()))
}

/// Whether `actor` may read the results of `record` (the dossier being `dossier`).
pub fn can_view(actor: &Actor, dossier: &Dossier, record: &Reunification) -> bool {
    if !dossier_policy::can_view(actor, dossier) {
        return false;
    }
    match actor {
        Actor::Person(_) | Actor::Mandatary(_) => true,
        Actor::Agent(agent) if agent.role.is_prefecture() => record.transmitted(),
        Actor::Agent(_) => may_instruct(actor, dossier),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read OFII's working notes on `dossier`'s reunification.
pub fn can_view_notes(actor: &Actor, dossier: &Dossier) -> bool {
    may_instruct(actor, dossier)
}
