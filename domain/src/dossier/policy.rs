//! Who may see and do what with a dossier — the one place to read it (the README's matrix is computed from
//! these functions, see `policy_matrix`).
//!
//! - The person sees their own dossiers, starts them online, submits online drafts, withdraws.
//! - A mandatary (someone holding an active mandate of the person, seen here as [`Actor::Mandatary`]) sees the
//!   person's dossiers; with the `Act` scope they also start them (channel mandatary), submit online or
//!   mandatary drafts and withdraw. Their writes are in the timeline, not in the access journal.
//! - Prefecture agents see every dossier of their territories; desk agents and instructors file on a person's
//!   behalf (the substitute channel) and submit what was filed at the desk.
//! - OFII agents and doctors see the dossiers OFII instructs (family reunification…) in the territories of
//!   their direction, and, of the prefectures' own, only those that need the opinion of OFII's medical college
//!   (sick foreigner) — the medical content itself is guarded by `medical::policy`.
//! - Auditors, partners and anonymous callers see no dossier.
//!
//! A denied *view* must look exactly like a missing dossier to the caller.

use super::{Channel, Dossier, DossierAction};
use crate::person::PersonId;
use crate::procedure::Authority;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Audience};

/// Whether `actor` may know that `dossier` exists and read it.
pub fn can_view(actor: &Actor, dossier: &Dossier) -> bool {
    match actor {
        Actor::Anonymous | Actor::Partner(_) => false,
        Actor::Person(person) => dossier.person() == *person,
        Actor::Mandatary(mandatary) => dossier.person() == mandatary.principal,
        Actor::Agent(agent) => match agent.role.audience() {
            Audience::Ministry => agent.covers(dossier.territory()),
            Audience::Ofii => {
                (dossier.authority() == Authority::Ofii || dossier.needs_medical_opinion())
                    && agent.covers(dossier.territory())
            }
            Audience::Auditor | Audience::Mobile | Audience::Partner | Audience::Public => false,
        },
    }
}

/// Whether `actor` may perform `action` on `dossier` (the state machine is checked separately).
///
/// - The person, and a mandatary with the `Act` scope: submit their online drafts, fill and amend, add
///   documents, withdraw, ask the reasons of an implicit refusal.
/// - A desk agent or an instructor of the territory: the same on what was filed at the desk (the substitute
///   channel), and hands the card over.
/// - An instructor or a signatory of the instructing authority, in the territory: the instruction (documents
///   requested and reviewed, completeness, review, opinions, assignment, vulnerability, reasons, the card's
///   production).
/// - A signatory: grant and refuse.
/// - Nobody: the implicit refusal and extension certificates, which only HIPE's clock issues.
pub fn may(actor: &Actor, action: DossierAction, dossier: &Dossier) -> bool {
    use DossierAction as A;
    if !can_view(actor, dossier) {
        return false;
    }
    let applicant = match actor {
        Actor::Person(_) => true,
        Actor::Mandatary(mandatary) => mandatary.scope.may_act(),
        Actor::Agent(_) | Actor::Anonymous | Actor::Partner(_) => false,
    };
    let desk = match actor {
        Actor::Agent(agent) => dossier.channel() == Channel::Desk && files_at_desk(agent.role),
        Actor::Person(_) | Actor::Mandatary(_) | Actor::Anonymous | Actor::Partner(_) => false,
    };
    let instructor = matches!(actor, Actor::Agent(agent) if instructs(agent.role, dossier.authority()));
    let signatory = matches!(actor, Actor::Agent(agent) if signs(agent.role, dossier.authority()));
    match action {
        A::Submit => (applicant && online(dossier.channel())) || desk,
        A::Amend | A::AddDocument | A::ProvideDocuments => applicant || desk,
        A::Withdraw | A::RequestReasons => applicant,
        // The medical college's opinion arrives by OFII's transmission (`medical::commands::step`), never by
        // the prefecture's say-so; other opinions are recorded by the instructor.
        A::ReceiveOpinion if dossier.needs_medical_opinion() => {
            matches!(actor, Actor::Agent(agent) if matches!(agent.role, AgentRole::OfiiAgent | AgentRole::OfiiDoctor))
        }
        A::RequestDocuments
        | A::DeclareComplete
        | A::StartReview
        | A::RequestOpinion
        | A::ReceiveOpinion
        | A::ReviewDocument
        | A::Assign
        | A::FlagVulnerability
        | A::CommunicateReasons
        | A::OrderPermit
        | A::MakePermitAvailable => instructor,
        A::DeliverPermit => {
            instructor || matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::PrefectureDesk)
        }
        A::Grant | A::Refuse => signatory,
        A::ImplicitlyRefuse | A::IssueExtension => false,
    }
}

/// Roles that instruct the dossiers of `authority` (a signatory instructs too).
const fn instructs(role: AgentRole, authority: Authority) -> bool {
    match authority {
        Authority::Prefecture => matches!(role, AgentRole::PrefectureInstructor | AgentRole::PrefectureSignatory),
        Authority::Ofii => matches!(role, AgentRole::OfiiAgent),
        Authority::WorkPermitPlatform => false,
    }
}

/// Roles that sign the decisions on the dossiers of `authority`. OFII transmits family reunification files to
/// the prefect, who decides: OFII signs no residence decision.
const fn signs(role: AgentRole, authority: Authority) -> bool {
    matches!((role, authority), (AgentRole::PrefectureSignatory, Authority::Prefecture | Authority::Ofii))
}

/// The channel through which `actor` may open a dossier for `person` in `territory`, if any.
pub fn channel_for_start(actor: &Actor, person: PersonId, territory: &Territory) -> Option<Channel> {
    match actor {
        Actor::Person(me) => (*me == person).then_some(Channel::Online),
        Actor::Mandatary(mandatary) => {
            (mandatary.principal == person && mandatary.scope.may_act()).then_some(Channel::Mandatary)
        }
        Actor::Agent(agent) => (files_at_desk(agent.role) && agent.covers(territory)).then_some(Channel::Desk),
        Actor::Anonymous | Actor::Partner(_) => None,
    }
}

/// Channels filed without an agent: the person's or their mandatary's drafts, which either may submit.
const fn online(channel: Channel) -> bool {
    match channel {
        Channel::Online | Channel::Mandatary => true,
        Channel::Desk => false,
    }
}

/// Roles that receive people at the desk and may file for them.
const fn files_at_desk(role: AgentRole) -> bool {
    match role {
        AgentRole::PrefectureDesk | AgentRole::PrefectureInstructor => true,
        AgentRole::PrefectureSignatory | AgentRole::OfiiAgent | AgentRole::OfiiDoctor | AgentRole::Auditor => false,
    }
}
