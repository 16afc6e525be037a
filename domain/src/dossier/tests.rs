//! Unit and property tests of the dossier state machine and its policy.

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::{
    ActorRef, Channel, DocumentType, Dossier, DossierAction, DossierEventKind, DossierId, DossierReference,
    DossierStatus, NewDossier, policy,
};
use crate::actor::Agent;
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error};

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid instant")
}

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: "agent-1".into(),
        role,
        organisation: format!("Préfecture {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn new_dossier() -> NewDossier {
    NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(7)),
        reference: DossierReference::generate(2026, 42),
        person: person(),
        procedure: ProcedureKey { code: ProcedureCode::parse("FIRST_PERMIT_STUDENT").expect("code"), version: 2 },
        authority: Authority::Prefecture,
        medical_opinion_needed: false,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    }
}

fn online_draft() -> Dossier {
    Dossier::start(new_dossier(), &Actor::Person(person()), t0()).expect("the person may start").0
}

#[test]
fn the_person_starts_an_online_draft_at_version_one() {
    let (dossier, event) = Dossier::start(new_dossier(), &Actor::Person(person()), t0()).expect("allowed");
    assert_eq!(dossier.status(), DossierStatus::Draft);
    assert_eq!(dossier.channel(), Channel::Online);
    assert_eq!((dossier.version(), event.sequence), (1, 1));
    assert_eq!(event.kind, DossierEventKind::Started);
    assert_eq!(event.actor, ActorRef::Person);
}

#[test]
fn a_desk_agent_of_the_territory_files_on_the_persons_behalf() {
    let (dossier, _) = Dossier::start(new_dossier(), &agent(AgentRole::PrefectureDesk, "75"), t0()).expect("allowed");
    assert_eq!(dossier.channel(), Channel::Desk);
    let mut dossier = dossier;
    dossier.submit(&agent(AgentRole::PrefectureDesk, "75"), t0(), None).expect("the desk submits what it filed");
    assert_eq!(dossier.status(), DossierStatus::Submitted);
}

#[test]
fn nobody_else_may_start_a_dossier_for_the_person() {
    let other_person = Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)));
    for actor in [
        other_person,
        Actor::Anonymous,
        agent(AgentRole::PrefectureDesk, "69"),
        agent(AgentRole::PrefectureSignatory, "75"),
        agent(AgentRole::OfiiAgent, "75"),
    ] {
        assert!(matches!(Dossier::start(new_dossier(), &actor, t0()), Err(Error::NotAllowed { .. })), "{actor:?}");
    }
}

#[test]
fn submitting_moves_a_draft_to_submitted_and_records_one_event() {
    let mut dossier = online_draft();
    let later = t0() + Duration::hours(2);
    let event = dossier.submit(&Actor::Person(person()), later, None).expect("allowed");
    assert_eq!(dossier.status(), DossierStatus::Submitted);
    assert_eq!((dossier.version(), event.sequence), (2, 2));
    assert_eq!((event.kind, event.at, dossier.updated_at()), (DossierEventKind::Submitted, later, later));
}

#[test]
fn submitting_twice_is_an_invalid_transition_and_changes_nothing() {
    let mut dossier = online_draft();
    dossier.submit(&Actor::Person(person()), t0(), None).expect("first submission");
    let before = dossier.clone();
    let error = dossier.submit(&Actor::Person(person()), t0(), None).expect_err("second submission");
    assert!(matches!(
        error,
        Error::InvalidTransition { from: DossierStatus::Submitted, action: DossierAction::Submit }
    ));
    assert_eq!(dossier, before);
}

#[test]
fn only_the_person_may_withdraw() {
    let mut dossier = online_draft();
    let before = dossier.clone();
    assert!(matches!(
        dossier.withdraw(&agent(AgentRole::PrefectureInstructor, "75"), t0(), None),
        Err(Error::NotAllowed { .. })
    ));
    assert_eq!(dossier, before);
    dossier.withdraw(&Actor::Person(person()), t0(), Some("left France".into())).expect("allowed");
    assert_eq!(dossier.status(), DossierStatus::Withdrawn);
}

#[test]
fn agents_see_only_the_dossiers_of_their_territories() {
    let dossier = online_draft();
    assert!(policy::can_view(&agent(AgentRole::PrefectureInstructor, "75"), &dossier));
    assert!(!policy::can_view(&agent(AgentRole::PrefectureInstructor, "69"), &dossier));
    assert!(!policy::can_view(&agent(AgentRole::OfiiDoctor, "75"), &dossier));
    assert!(!policy::can_view(&Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))), &dossier));
    assert!(!policy::can_view(&Actor::Anonymous, &dossier));
}

#[test]
fn an_event_never_goes_back_in_time() {
    let mut dossier = online_draft();
    let event = dossier.submit(&Actor::Person(person()), t0() - Duration::hours(1), None).expect("allowed");
    assert_eq!(event.at, t0());
}

fn any_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::Anonymous),
        Just(Actor::Person(person())),
        Just(Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)))),
        proptest::sample::select(AgentRole::ALL.to_vec())
            .prop_flat_map(|role| { proptest::sample::select(vec!["75", "69"]).prop_map(move |t| agent(role, t)) }),
    ]
}

proptest! {
    /// Over any sequence of commands by any actors: an accepted command leaves exactly one event whose sequence
    /// is the new version and whose kind matches the action; a refused one leaves the dossier untouched; the
    /// status is always the transition table applied to the accepted actions.
    #[test]
    fn random_command_sequences_keep_the_invariants(
        steps in proptest::collection::vec((proptest::sample::select(DossierAction::ALL.to_vec()), any_actor()), 0..40)
    ) {
        let mut dossier = online_draft();
        let mut timeline = vec![1_u32];
        for (i, (action, actor)) in steps.into_iter().enumerate() {
            let before = dossier.clone();
            // Ten days a step, so that silence dates pass within a sequence.
            let now = t0() + Duration::days(10 * i64::try_from(i).expect("small"));
            let today = crate::clock::france_date(now);
            let passport = DocumentType::parse("PASSPORT").expect("type");
            let outcome = match action {
                DossierAction::Submit => dossier.submit(&actor, now, None),
                DossierAction::Withdraw => dossier.withdraw(&actor, now, None),
                DossierAction::RequestDocuments => dossier.request_documents(
                    &actor, now, std::slice::from_ref(&passport), today + Duration::days(30), "missing",
                ),
                DossierAction::ProvideDocuments => dossier.provide_documents(&actor, now),
                DossierAction::DeclareComplete => dossier.declare_complete(&actor, now, Some(4), &[]),
                DossierAction::StartReview => dossier.start_review(&actor, now),
                DossierAction::RequestOpinion => dossier.request_opinion(&actor, now, None),
                DossierAction::ReceiveOpinion => dossier.receive_opinion(&actor, now),
                DossierAction::Grant => dossier.grant(&actor, now, &[]),
                DossierAction::Refuse => dossier.refuse(&actor, now, "CESEDA L.432-1"),
                DossierAction::ImplicitlyRefuse => dossier.implicitly_refuse(now),
                DossierAction::OrderPermit | DossierAction::MakePermitAvailable | DossierAction::DeliverPermit => {
                    dossier.advance_permit(&actor, now, action)
                }
                DossierAction::Amend => dossier.amend(&actor, now, vec![("purpose".into(), "study".into())], None),
                DossierAction::AddDocument => dossier.add_document(&actor, now, &passport),
                DossierAction::ReviewDocument => dossier.review_document(&actor, now, &passport, true, None),
                DossierAction::Assign => dossier.assign(&actor, now, Some("agent-2".into())),
                DossierAction::FlagVulnerability => dossier.flag_vulnerability(&actor, now, true, None),
                DossierAction::RequestReasons => dossier.request_reasons(&actor, now),
                DossierAction::CommunicateReasons => dossier.communicate_reasons(&actor, now),
                DossierAction::IssueExtension => dossier.extend(now, "EXT0000001", today, today),
            };
            if let Ok(event) = outcome {
                // HIPE's clock acts without an actor: the policy grants these to nobody else.
                let system = matches!(action, DossierAction::ImplicitlyRefuse | DossierAction::IssueExtension);
                prop_assert!(system || policy::may(&actor, action, &before));
                prop_assert_eq!(Some(dossier.status()), before.status().after(action));
                prop_assert_eq!(event.sequence, before.version() + 1);
                prop_assert_eq!(event.sequence, dossier.version());
                let filled = action == DossierAction::Amend && before.status() == DossierStatus::Draft;
                let kind = if filled { DossierEventKind::Filled } else { DossierEventKind::from(action) };
                prop_assert_eq!(event.kind, kind);
                timeline.push(event.sequence);
            } else {
                prop_assert_eq!(&dossier, &before);
            }
        }
        let expected: Vec<u32> = (1..=dossier.version()).collect();
        prop_assert_eq!(timeline, expected);
    }
}
