//! Who may find a person, read their profile, and change it.
//!
//! A person is not territorial: an agent of any prefecture or OFII direction may have to find someone who
//! arrives at their desk from elsewhere, so searching is allowed to every prefecture and OFII agent and doctor —
//! and every person they read is journaled. Persons, mandataries, partners, auditors and anonymous callers never
//! search. A person sees their own profile in full and changes their own address; only prefecture agents record
//! identity statements (at the desk, from a document or a declaration).

use super::PersonId;
use crate::{Actor, AgentRole};

/// Whether `actor` may search the persons register.
pub fn can_search(actor: &Actor) -> bool {
    match actor {
        Actor::Agent(agent) => match agent.role {
            AgentRole::PrefectureDesk
            | AgentRole::PrefectureInstructor
            | AgentRole::PrefectureSignatory
            | AgentRole::OfiiAgent
            | AgentRole::OfiiDoctor => true,
            AgentRole::Auditor => false,
        },
        Actor::Anonymous | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => false,
    }
}

/// Whether `actor` may read `person`'s profile (identity records, addresses, family links): the person
/// themself, and the agents who may search for them.
pub fn can_view_profile(actor: &Actor, person: PersonId) -> bool {
    actor.person() == Some(person) || can_search(actor)
}

/// Whether `actor` may change `person`'s address: the person themself.
pub fn can_change_address(actor: &Actor, person: PersonId) -> bool {
    actor.person() == Some(person)
}

/// Whether `actor` may record a sourced identity statement: a prefecture agent.
pub fn can_record_identity(actor: &Actor) -> bool {
    actor.agent().is_some_and(|agent| agent.role.is_prefecture())
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::{can_change_address, can_record_identity, can_search, can_view_profile};
    use crate::actor::{Agent, Partner, Scope};
    use crate::mandate::{Mandatary, MandateScope};
    use crate::partner::ClientId;
    use crate::person::PersonId;
    use crate::{Actor, AgentRole};

    fn agent(role: AgentRole) -> Actor {
        Actor::Agent(Agent { id: "a".into(), role, organisation: "o".into(), territories: vec![] })
    }

    #[test]
    fn prefecture_and_ofii_agents_search_whatever_their_territory_and_nobody_else_does() {
        for role in AgentRole::ALL {
            assert_eq!(can_search(&agent(role)), role != AgentRole::Auditor, "{role}");
        }
        let me = PersonId::from_uuid(Uuid::from_u128(1));
        let partner = Actor::Partner(Partner {
            client_id: ClientId::parse("prt_x").expect("id"),
            name: "p".into(),
            scopes: vec![Scope::PermitVerify],
        });
        let mandatary = Actor::Mandatary(Mandatary { account: me, principal: me, scope: MandateScope::Act });
        for actor in [Actor::Anonymous, Actor::Person(me), partner, mandatary] {
            assert!(!can_search(&actor), "{actor:?}");
        }
    }

    #[test]
    fn a_person_sees_and_moves_only_themself_and_only_prefectures_record_identities() {
        let (me, other) = (PersonId::from_uuid(Uuid::from_u128(1)), PersonId::from_uuid(Uuid::from_u128(2)));
        assert!(can_view_profile(&Actor::Person(me), me));
        assert!(!can_view_profile(&Actor::Person(other), me));
        assert!(can_view_profile(&agent(AgentRole::OfiiAgent), me));
        assert!(!can_view_profile(&agent(AgentRole::Auditor), me));
        assert!(can_change_address(&Actor::Person(me), me));
        assert!(!can_change_address(&Actor::Person(other), me));
        assert!(!can_change_address(&agent(AgentRole::PrefectureDesk), me));
        assert!(can_record_identity(&agent(AgentRole::PrefectureDesk)));
        assert!(!can_record_identity(&agent(AgentRole::OfiiAgent)));
        assert!(!can_record_identity(&Actor::Person(me)));
    }
}
