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
pub fn may(actor: &Actor, action: DossierAction, dossier: &Dossier) -> bool {
    if !can_view(actor, dossier) {
        return false;
    }
    match (action, actor) {
        (DossierAction::Submit, Actor::Person(_)) => online(dossier.channel()),
        (DossierAction::Submit, Actor::Mandatary(mandatary)) => mandatary.scope.may_act() && online(dossier.channel()),
        (DossierAction::Withdraw, Actor::Mandatary(mandatary)) => mandatary.scope.may_act(),
        (DossierAction::Submit, Actor::Agent(agent)) => dossier.channel() == Channel::Desk && files_at_desk(agent.role),
        (DossierAction::Withdraw, Actor::Person(_)) => true,
        (DossierAction::Withdraw, Actor::Agent(_)) | (_, Actor::Anonymous | Actor::Partner(_)) => false,
    }
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
