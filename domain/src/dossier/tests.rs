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

fn instructor() -> Actor {
    agent(AgentRole::PrefectureInstructor, "75")
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A dossier filed on 2 March 2026, renewing a card that ends on `renewed_until`.
fn filed(renewed_until: Option<chrono::NaiveDate>) -> Dossier {
    let mut dossier = online_draft();
    dossier.submit(&Actor::Person(person()), t0(), renewed_until).expect("filed");
    dossier
}

#[test]
fn the_silence_date_runs_from_the_complete_date_under_the_catalogue_rule() {
    let mut dossier = filed(None);
    let later = t0() + Duration::days(10);
    let event = dossier.declare_complete(&instructor(), later, Some(4), &[]).expect("complete");
    assert_eq!(dossier.complete_on(), Some(day(2026, 3, 12)));
    assert_eq!(dossier.silence_on(), Some(day(2026, 7, 12)));
    assert_eq!(event.details, [("completeOn".into(), "2026-03-12".into()), ("silenceOn".into(), "2026-07-12".into())]);
    assert_eq!(dossier.next_clock_on(), Some(day(2026, 7, 12)));
}

#[test]
fn a_file_missing_documents_is_not_declared_complete_and_stays_as_it_was() {
    let mut dossier = filed(None);
    let before = dossier.clone();
    let missing = [DocumentType::parse("PASSPORT").expect("type")];
    let error = dossier.declare_complete(&instructor(), t0(), Some(4), &missing).expect_err("refused");
    assert!(matches!(error, Error::Precondition { .. }), "{error:?}");
    assert_eq!(dossier, before);
}

#[test]
fn a_request_for_documents_names_types_a_reason_and_a_due_date_after_today() {
    let passport = [DocumentType::parse("PASSPORT").expect("type")];
    let today = day(2026, 3, 2);
    let cases: [(&[DocumentType], chrono::NaiveDate, &str, &str); 3] = [
        (&[], today + Duration::days(5), "why", "types"),
        (&passport, today + Duration::days(5), "  ", "reason"),
        (&passport, today, "why", "dueOn"),
    ];
    for (types, due, reason, field) in cases {
        let mut dossier = filed(None);
        let before = dossier.clone();
        let error = dossier.request_documents(&instructor(), t0(), types, due, reason).expect_err("refused");
        assert!(matches!(error, Error::InvalidInput { field: f, .. } if f == field), "{error:?}");
        assert_eq!(dossier, before);
    }
}

#[test]
fn the_implicit_refusal_waits_for_the_silence_date() {
    let mut dossier = filed(None);
    dossier.declare_complete(&instructor(), t0(), Some(4), &[]).expect("complete");
    let eve = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).single().expect("instant");
    assert!(matches!(dossier.implicitly_refuse(eve), Err(Error::Precondition { .. })));
    let day_of = Utc.with_ymd_and_hms(2026, 7, 2, 8, 0, 0).single().expect("instant");
    let event = dossier.implicitly_refuse(day_of).expect("the silence date has come");
    assert_eq!((event.kind, &event.actor), (DossierEventKind::ImplicitlyRefused, &ActorRef::System));
    assert_eq!(dossier.status(), DossierStatus::ImplicitlyRefused);
    assert_eq!(dossier.next_clock_on(), None, "no clock runs on a decided dossier");
}

#[test]
fn an_extension_is_due_only_for_a_complete_renewal_filed_in_time() {
    // Filed on 2 March for a card ending 30 March: in time. Not yet complete: nothing is due.
    let mut dossier = filed(Some(day(2026, 3, 30)));
    assert_eq!(dossier.extension_due(day(2026, 3, 20)), None);
    dossier.declare_complete(&instructor(), t0(), Some(4), &[]).expect("complete");
    assert_eq!(dossier.extension_due(day(2026, 3, 14)), None, "16 days before the card ends");
    // Three months at most, to the day before the same date (30 June less a day: months end unevenly).
    assert_eq!(dossier.extension_due(day(2026, 3, 15)), Some((day(2026, 3, 31), day(2026, 6, 29))));
    dossier.extend(t0(), "HP000000000001", day(2026, 3, 31), day(2026, 6, 29)).expect("issued");
    assert_eq!(dossier.covered_until(), Some(day(2026, 6, 29)));
    assert_eq!(dossier.extension_due(day(2026, 6, 13)), None);
    assert_eq!(dossier.extension_due(day(2026, 6, 14)), Some((day(2026, 6, 30), day(2026, 9, 29))));
    // Filed after the card ended: late, no certificate.
    let mut late = online_draft();
    late.submit(&Actor::Person(person()), t0(), Some(day(2026, 3, 1))).expect("filed");
    late.declare_complete(&instructor(), t0(), Some(4), &[]).expect("complete");
    assert_eq!(late.extension_due(day(2026, 3, 2)), None);
}

#[test]
fn the_work_queue_attends_first_to_the_nearest_deadline_and_to_the_vulnerable() {
    let plain = filed(None);
    assert_eq!(plain.attention_on(), day(2026, 6, 30), "120 days after filing without a legal date");
    let renewal = filed(Some(day(2026, 4, 15)));
    assert_eq!(renewal.attention_on(), day(2026, 4, 15), "the card's end");
    let mut vulnerable = filed(None);
    vulnerable.flag_vulnerability(&instructor(), t0(), true, None).expect("flagged");
    assert_eq!(vulnerable.attention_on(), day(2026, 5, 31), "thirty days earlier");
    assert_eq!(online_draft().attention_on(), chrono::NaiveDate::MAX, "a draft is nobody's work yet");
}

#[test]
fn an_amendment_after_filing_records_each_previous_value() {
    let mut dossier = online_draft();
    let me = Actor::Person(person());
    let first = dossier.amend(&me, t0(), vec![("school".into(), "ENS".into())], None).expect("filled");
    assert_eq!(first.kind, DossierEventKind::Filled);
    dossier.submit(&me, t0(), None).expect("filed");
    let amended = dossier
        .amend(&me, t0(), vec![("school".into(), "EHESS".into())], Some(vec!["HOSTED".into()]))
        .expect("amended");
    assert_eq!(amended.kind, DossierEventKind::Amended);
    assert_eq!(amended.details, [("school".into(), "ENS".into()), ("situations".into(), String::new())]);
    assert_eq!(dossier.answers(), [("school".to_owned(), "EHESS".to_owned())]);
    assert_eq!(dossier.situations(), ["HOSTED"]);
    let before = dossier.clone();
    assert!(dossier.amend(&me, t0(), vec![("Bad Field".into(), "x".into())], None).is_err());
    assert_eq!(dossier, before);
}
