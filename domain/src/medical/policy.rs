//! Who may record and read the college's opinion — the medical compartment's one gate. Pure functions; the API
//! authenticates, this module authorises, and the README's matrix is computed from it.
//!
//! - Records: an OFII doctor covering the dossier's territory, on a dossier that needs the college's opinion.
//! - Reads the legal answers: whoever may view the dossier (the person, the prefecture of the territory) and
//!   OFII agents and doctors of the territory.
//! - Reads the medical content: OFII doctors covering the territory only — never a prefecture agent, never an
//!   OFII agent who is not a doctor, never the person through HIPE's shared view (they obtain their medical file
//!   from OFII's medical service, outside HIPE).

use crate::dossier::{Dossier, policy as dossier_policy};
use crate::{Actor, AgentRole};

/// Whether `actor` may record the college's opinion on `dossier`.
pub fn can_record(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && is_doctor_of(actor, dossier)
}

/// Whether `actor` may read the legal answers of the opinion on `dossier`.
pub fn can_read_answers(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && dossier_policy::can_view(actor, dossier)
}

/// Whether `actor` may read the medical content (the rapporteur's report) of the opinion on `dossier`.
pub fn can_read_medical_content(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && is_doctor_of(actor, dossier)
}

fn is_doctor_of(actor: &Actor, dossier: &Dossier) -> bool {
    match actor {
        Actor::Agent(agent) => match agent.role {
            AgentRole::OfiiDoctor => agent.covers(dossier.territory()),
            AgentRole::OfiiAgent
            | AgentRole::PrefectureDesk
            | AgentRole::PrefectureInstructor
            | AgentRole::PrefectureSignatory
            | AgentRole::Auditor => false,
        },
        Actor::Anonymous | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => false,
    }
}
