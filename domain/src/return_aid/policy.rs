//! Who may see and do what with return-aid files — the one place to read it (DESIGN.md §3 "OFII side").
//!
//! | who                                          | open, decide, book, record, withdraw | status | allowance, departure, reasons, facts |
//! |----------------------------------------------|:---:|:---:|:---:|
//! | OFII agent of the direction (same territory) |  ✓  |  ✓  |  ✓  |
//! | the person, their mandataries                |     |  ✓  |  ✓  |
//! | prefecture agents of the territory           |     |  ✓  |     |
//! | anyone else (other territories, OFII doctors, auditors, partners) | | | |
//!
//! - The prefecture sees the status only: whether a person of its territory is preparing a voluntary departure
//!   matters to its removal decisions (research §1.5 step 7), the amounts and the household do not.
//! - The person sees their own file; the facts recorded about them are theirs to read and correct.
//!
//! A file the actor may not see must look missing ([`can_view`] false → `NotFound`).

use super::ReturnAidFile;
use crate::territory::Territory;
use crate::{Actor, AgentRole};

/// Whether `actor` may open and run return-aid files in `territory`: an OFII agent of the direction.
pub fn may_manage(actor: &Actor, territory: &Territory) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::OfiiAgent && agent.covers(territory))
}

/// Whether `actor` may know that `file` exists and read its status: the person, their mandataries, OFII agents
/// and prefecture agents of its territory.
pub fn can_view(actor: &Actor, file: &ReturnAidFile) -> bool {
    match actor {
        Actor::Person(me) => *me == file.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == file.person(),
        Actor::Agent(agent) => {
            (agent.role.is_prefecture() || agent.role == AgentRole::OfiiAgent) && agent.covers(file.territory())
        }
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read the details of `file` (facts, allowance, departure, reasons): OFII agents of the
/// direction, the person and their mandataries — not the prefecture.
pub fn can_view_details(actor: &Actor, file: &ReturnAidFile) -> bool {
    match actor {
        Actor::Person(me) => *me == file.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == file.person(),
        Actor::Agent(_) => may_manage(actor, file.territory()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}
