//! Who may work the medical case and read the college's opinion — the medical compartment's one gate. Pure
//! functions; the API authenticates, this module authorises, and the README's matrix is computed from it.
//!
//! - Receives the certificate, designates the rapporteur, constitutes the college: an OFII doctor covering the
//!   dossier's territory, on a dossier that needs the college's opinion ([`can_record`], [`is_case_doctor`]);
//!   writes the report: the designated rapporteur; issues the opinion: a member of the college (checked by the
//!   case itself, see `case`).
//! - Transmits the opinion to the prefect, and sees where a case stands (never its content): OFII doctors and
//!   OFII agents of the territory ([`can_view_case`], [`can_transmit`]).
//! - Reads the legal answers: whoever may view the dossier (the person, the prefecture of the territory) once
//!   the opinion is transmitted; OFII agents and doctors of the territory as soon as it is issued
//!   ([`can_read_opinion`]).
//! - Reads the medical content (the certificate, the report): OFII doctors covering the territory only — never a
//!   prefecture agent, never an OFII agent who is not a doctor, never the person through HIPE's shared view (they
//!   obtain their medical file from OFII's medical service, outside HIPE).

use super::{MedicalCase, MedicalOpinion, MedicalVisit};
use crate::dossier::{Dossier, policy as dossier_policy};
use crate::territory::Territory;
use crate::{Actor, AgentRole};

/// Whether `actor` may take part in the medical flow of `dossier` as a doctor (receive its certificate, and
/// later work its case).
pub fn can_record(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && is_doctor_of(actor, dossier.territory())
}

/// Whether `actor` may read the legal answers of opinions on `dossier` (each opinion: see [`can_read_opinion`]).
pub fn can_read_answers(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && dossier_policy::can_view(actor, dossier)
}

/// Whether `actor` may read the legal answers of `opinion` on `dossier`: outside OFII, only once transmitted.
pub fn can_read_opinion(actor: &Actor, dossier: &Dossier, opinion: &MedicalOpinion) -> bool {
    can_read_answers(actor, dossier) && (opinion.transmission().is_some() || is_ofii_of(actor, dossier.territory()))
}

/// Whether `actor` may read the medical content (the rapporteur's report) of the opinion on `dossier`.
pub fn can_read_medical_content(actor: &Actor, dossier: &Dossier) -> bool {
    dossier.needs_medical_opinion() && is_doctor_of(actor, dossier.territory())
}

/// Whether `actor` may know that `case` exists and see where it stands (not its content).
pub fn can_view_case(actor: &Actor, case: &MedicalCase) -> bool {
    is_ofii_of(actor, case.territory())
}

/// Whether `actor` works `case` as a doctor (designations, and the steps that name them).
pub fn is_case_doctor(actor: &Actor, case: &MedicalCase) -> bool {
    is_doctor_of(actor, case.territory())
}

/// Whether `actor` may read the case's medical content (the certificate and the report).
pub fn can_read_case_content(actor: &Actor, case: &MedicalCase) -> bool {
    is_doctor_of(actor, case.territory())
}

/// Whether `actor` may transmit the case's opinion to the prefect.
pub fn can_transmit(actor: &Actor, case: &MedicalCase) -> bool {
    is_ofii_of(actor, case.territory())
}

/// Whether `actor` is an OFII doctor covering `territory`.
pub fn is_doctor_of(actor: &Actor, territory: &Territory) -> bool {
    match actor {
        Actor::Agent(agent) => match agent.role {
            AgentRole::OfiiDoctor => agent.covers(territory),
            AgentRole::OfiiAgent
            | AgentRole::PrefectureDesk
            | AgentRole::PrefectureInstructor
            | AgentRole::PrefectureSignatory
            | AgentRole::Auditor => false,
        },
        Actor::Anonymous | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => false,
    }
}

/// Whether `actor` is OFII staff (agent or doctor) of `territory`.
pub fn is_ofii_of(actor: &Actor, territory: &Territory) -> bool {
    match actor {
        Actor::Agent(agent) => match agent.role {
            AgentRole::OfiiDoctor | AgentRole::OfiiAgent => agent.covers(territory),
            AgentRole::PrefectureDesk
            | AgentRole::PrefectureInstructor
            | AgentRole::PrefectureSignatory
            | AgentRole::Auditor => false,
        },
        Actor::Anonymous | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may see `visit` (its outcome, dates and whether the certificate was issued — never its notes):
/// the person (or their mandatary), prefecture agents and OFII staff of the visit's territory.
pub fn can_view_visit(actor: &Actor, visit: &MedicalVisit) -> bool {
    match actor {
        Actor::Person(me) => *me == visit.person(),
        Actor::Mandatary(mandatary) => mandatary.principal == visit.person(),
        Actor::Agent(agent) => agent.role != AgentRole::Auditor && agent.covers(visit.territory()),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read the clinical notes of `visit`: OFII doctors of its territory only.
pub fn can_read_visit_notes(actor: &Actor, visit: &MedicalVisit) -> bool {
    is_doctor_of(actor, visit.territory())
}
