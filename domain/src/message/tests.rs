//! Unit tests of message threads: who reads and posts, the body's bounds, and the sides.

use chrono::{Duration, TimeZone as _, Utc};
use uuid::Uuid;

use super::{Message, MessageBody, MessageId, MessageParts, Side, can_read, may_post};
use crate::actor::Agent;
use crate::dossier::{ActorRef, Dossier, DossierId, DossierReference, NewDossier};
use crate::mandate::{Mandatary, MandateScope};
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error};

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn dossier() -> Dossier {
    let new = NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(7)),
        reference: DossierReference::generate(2026, 42),
        person: person(),
        procedure: ProcedureKey { code: ProcedureCode::parse("PERMIT_RENEWAL").expect("code"), version: 1 },
        authority: Authority::Prefecture,
        medical_opinion_needed: false,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    };
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("instant");
    Dossier::start(new, &Actor::Person(person()), now).expect("started").0
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: "agent-7".into(),
        role,
        organisation: "Préfecture de police".into(),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

#[test]
fn the_body_has_one_to_five_thousand_characters() {
    assert!(MessageBody::parse("Bonjour").is_ok());
    assert!(MessageBody::parse(&"é".repeat(5000)).is_ok(), "characters, not bytes");
    for bad in [String::new(), " \n ".to_owned(), "x".repeat(5001)] {
        assert!(matches!(MessageBody::parse(&bad), Err(Error::InvalidInput { field: "body", .. })));
    }
}

#[test]
fn whoever_views_the_dossier_reads_its_thread_and_a_read_mandatary_does_not_post() {
    let dossier = dossier();
    let instructor = agent(AgentRole::PrefectureInstructor, "75");
    assert!(may_post(&Actor::Person(person()), &dossier));
    assert!(may_post(&instructor, &dossier));
    let reader = Actor::Mandatary(Mandatary {
        account: PersonId::from_uuid(Uuid::from_u128(3)),
        principal: person(),
        scope: MandateScope::Read,
    });
    assert!(can_read(&reader, &dossier));
    assert!(!may_post(&reader, &dossier));
    for outsider in [
        agent(AgentRole::PrefectureInstructor, "69"),
        agent(AgentRole::OfiiAgent, "75"),
        agent(AgentRole::Auditor, "75"),
        Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))),
        Actor::Anonymous,
    ] {
        assert!(!can_read(&outsider, &dossier), "{outsider:?}");
    }
}

#[test]
fn an_agents_message_keeps_role_and_organisation_and_sits_on_the_administrations_side() {
    let dossier = dossier();
    let body = MessageBody::parse("Merci de fournir un justificatif de domicile.").expect("body");
    let id = MessageId::from_uuid(Uuid::from_u128(11));
    let message =
        Message::send(id, &dossier, body.clone(), &agent(AgentRole::PrefectureInstructor, "75"), dossier.created_at())
            .expect("sent");
    assert_eq!(message.side(), Side::Administration);
    assert!(matches!(message.author(), ActorRef::Agent { role, .. } if role == "prefecture_instructor"));
    let stranger = Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)));
    assert!(matches!(
        Message::send(id, &dossier, body.clone(), &stranger, dossier.created_at()),
        Err(Error::NotAllowed { .. })
    ));
    let early = MessageParts {
        id,
        dossier: dossier.id(),
        person: person(),
        author: ActorRef::Person,
        body,
        sent_at: dossier.created_at(),
        read_at: Some(dossier.created_at() - Duration::seconds(1)),
    };
    assert!(Message::restore(early).is_err(), "read before sent");
    assert_eq!(Side::Applicant.other(), Side::Administration);
}
