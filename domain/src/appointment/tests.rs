//! Unit and property tests of slots and appointments: who opens, books, cancels and marks; places are never
//! overbooked by the model; a refused command changes nothing.

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::{
    Accessibility, AccessibilityNeed, Appointment, AppointmentId, AppointmentStatus, Booking, LanguageCode, Outcome,
    Slot, SlotId, SlotKind, SlotParts, SlotSpec, policy,
};
use crate::actor::Agent;
use crate::mandate::{Mandatary, MandateScope};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Refusal};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid instant")
}

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: "a-1".into(),
        role,
        organisation: "Préfecture".into(),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn spec(kind: SlotKind, starts_in: Duration, capacity: u16) -> SlotSpec {
    SlotSpec {
        territory: Territory::parse("75").expect("territory"),
        site: "Cité, salle 3".into(),
        kind,
        starts_at: t0() + starts_in,
        ends_at: t0() + starts_in + Duration::minutes(30),
        capacity,
    }
}

fn slot(capacity: u16) -> Slot {
    Slot::open(
        SlotId::from_uuid(Uuid::from_u128(10)),
        spec(SlotKind::Biometrics, Duration::days(3), capacity),
        &agent(AgentRole::PrefectureDesk, "75"),
        t0(),
    )
    .expect("a desk agent of 75 opens a slot")
}

fn booking() -> Booking {
    Booking {
        person: person(),
        dossier: None,
        interpreter: Some(LanguageCode::parse("prs").expect("Dari")),
        accessibility: Accessibility::new(vec![AccessibilityNeed::Wheelchair], None).expect("valid"),
    }
}

fn booked(slot: &Slot) -> Appointment {
    Appointment::book(AppointmentId::from_uuid(Uuid::from_u128(20)), slot, booking(), &Actor::Person(person()), t0())
        .expect("the person books")
}

#[test]
fn only_agents_serving_the_kind_in_the_territory_open_slots_and_never_in_the_past() {
    let id = SlotId::from_uuid(Uuid::from_u128(10));
    let biometrics = spec(SlotKind::Biometrics, Duration::days(1), 4);
    assert!(Slot::open(id, biometrics.clone(), &agent(AgentRole::PrefectureInstructor, "75"), t0()).is_ok());
    for (actor, why) in [
        (agent(AgentRole::PrefectureDesk, "69"), "another territory"),
        (agent(AgentRole::OfiiAgent, "75"), "OFII does not take fingerprints"),
        (agent(AgentRole::PrefectureSignatory, "75"), "signatories run no desk"),
        (Actor::Person(person()), "a person"),
    ] {
        let refused = Slot::open(id, biometrics.clone(), &actor, t0());
        assert!(matches!(refused, Err(Error::NotAllowed { .. })), "{why}: {refused:?}");
    }
    let medical = spec(SlotKind::MedicalVisit, Duration::days(1), 4);
    assert!(Slot::open(id, medical, &agent(AgentRole::OfiiDoctor, "75"), t0()).is_ok());
    let past = spec(SlotKind::Biometrics, Duration::minutes(-30), 4);
    assert!(matches!(
        Slot::open(id, past, &agent(AgentRole::PrefectureDesk, "75"), t0()),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn malformed_slots_are_refused() {
    let desk = agent(AgentRole::PrefectureDesk, "75");
    let id = SlotId::from_uuid(Uuid::from_u128(10));
    let mut zero = spec(SlotKind::Handover, Duration::days(1), 0);
    assert!(Slot::open(id, zero.clone(), &desk, t0()).is_err(), "no place");
    zero.capacity = 1;
    zero.ends_at = zero.starts_at;
    assert!(Slot::open(id, zero.clone(), &desk, t0()).is_err(), "empty window");
    zero.ends_at = zero.starts_at + Duration::hours(13);
    assert!(Slot::open(id, zero.clone(), &desk, t0()).is_err(), "longer than a day's session");
    zero.ends_at = zero.starts_at + Duration::hours(1);
    zero.site = "  ".into();
    assert!(Slot::open(id, zero, &desk, t0()).is_err(), "no site");
}

#[test]
fn interpreter_languages_are_iso_639_codes_and_other_needs_say_what_they_are() {
    for good in ["ar", "prs", "uk", "ps"] {
        assert!(LanguageCode::parse(good).is_ok(), "{good}");
    }
    for bad in ["", "a", "arab", "AR", "é", "a1"] {
        assert!(LanguageCode::parse(bad).is_err(), "{bad}");
    }
    assert!(Accessibility::new(vec![AccessibilityNeed::Other], None).is_err());
    assert!(Accessibility::new(vec![AccessibilityNeed::Hearing], Some("LSF".into())).is_err());
    let needs = Accessibility::new(
        vec![AccessibilityNeed::Other, AccessibilityNeed::Hearing, AccessibilityNeed::Other],
        Some(" guide dog ".into()),
    )
    .expect("valid");
    assert_eq!(needs.needs(), [AccessibilityNeed::Hearing, AccessibilityNeed::Other]);
    assert_eq!(needs.note(), Some("guide dog"));
}

#[test]
fn a_person_books_for_themself_a_read_mandatary_cannot_and_a_stranger_cannot() {
    let slot = slot(2);
    let id = AppointmentId::from_uuid(Uuid::from_u128(20));
    let appointment = booked(&slot);
    assert_eq!(appointment.status(), AppointmentStatus::Booked);
    assert!(appointment.booking_key().is_some());
    let stranger = Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)));
    assert!(matches!(Appointment::book(id, &slot, booking(), &stranger, t0()), Err(Error::NotAllowed { .. })));
    let reader = Actor::Mandatary(Mandatary {
        account: PersonId::from_uuid(Uuid::from_u128(3)),
        principal: person(),
        scope: MandateScope::Read,
    });
    assert!(matches!(Appointment::book(id, &slot, booking(), &reader, t0()), Err(Error::NotAllowed { .. })));
    assert!(policy::can_view(&reader, &appointment));
    assert!(Appointment::book(id, &slot, booking(), &agent(AgentRole::PrefectureDesk, "75"), t0()).is_ok());
}

#[test]
fn a_started_or_full_slot_cannot_be_booked() {
    let slot = slot(1);
    let at_start = slot.starts_at();
    let late = Appointment::book(
        AppointmentId::from_uuid(Uuid::from_u128(20)),
        &slot,
        booking(),
        &Actor::Person(person()),
        at_start,
    );
    assert!(matches!(late, Err(Error::Refused(Refusal::SlotInPast))));
    let mut parts: SlotParts = slot.0.clone();
    parts.booked = 1;
    let full = Slot::restore(parts).expect("a full slot");
    let refused = Appointment::book(
        AppointmentId::from_uuid(Uuid::from_u128(20)),
        &full,
        booking(),
        &Actor::Person(person()),
        t0(),
    );
    assert!(matches!(refused, Err(Error::Refused(Refusal::SlotFull))));
}

#[test]
fn cancelling_is_allowed_until_the_start_and_recorded_late_within_a_day() {
    let slot = slot(2);
    let me = Actor::Person(person());
    let mut early = booked(&slot);
    early.cancel(&me, slot.starts_at() - Duration::hours(25)).expect("cancelled early");
    assert!(!early.late_cancellation());
    assert!(early.booking_key().is_none(), "a cancelled appointment blocks no new booking");
    assert!(matches!(early.cancel(&me, t0()), Err(Error::Refused(Refusal::AppointmentNotBooked))));

    let mut late = booked(&slot);
    late.cancel(&me, slot.starts_at() - Duration::hours(2)).expect("cancelled late");
    assert!(late.late_cancellation());

    let mut started = booked(&slot);
    let before = started.clone();
    assert!(matches!(started.cancel(&me, slot.starts_at()), Err(Error::Refused(Refusal::AppointmentStarted))));
    assert_eq!(started, before, "a refused cancellation changes nothing");
    let stranger = Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)));
    assert!(matches!(started.cancel(&stranger, t0()), Err(Error::NotAllowed { .. })));
}

#[test]
fn agents_of_the_territory_mark_after_the_start_and_the_person_never_does() {
    let slot = slot(2);
    let desk = agent(AgentRole::PrefectureDesk, "75");
    let mut appointment = booked(&slot);
    let before = appointment.clone();
    assert!(matches!(
        appointment.mark(&desk, Outcome::Attended, t0()),
        Err(Error::Refused(Refusal::AppointmentNotStarted))
    ));
    assert!(matches!(
        appointment.mark(&Actor::Person(person()), Outcome::Attended, slot.starts_at()),
        Err(Error::NotAllowed { .. })
    ));
    assert!(matches!(
        appointment.mark(&agent(AgentRole::PrefectureDesk, "69"), Outcome::Missed, slot.starts_at()),
        Err(Error::NotAllowed { .. })
    ));
    assert_eq!(appointment, before);
    appointment.mark(&desk, Outcome::Missed, slot.starts_at()).expect("marked");
    assert_eq!(appointment.status(), AppointmentStatus::Missed);
    assert!(matches!(
        appointment.mark(&desk, Outcome::Attended, slot.starts_at()),
        Err(Error::Refused(Refusal::AppointmentNotBooked))
    ));
}

#[test]
fn only_authenticated_people_and_serving_agents_list_slots() {
    assert!(policy::may_list_slots(&Actor::Person(person())));
    assert!(policy::may_list_slots(&agent(AgentRole::OfiiAgent, "75")));
    assert!(!policy::may_list_slots(&Actor::Anonymous));
    assert!(!policy::may_list_slots(&agent(AgentRole::Auditor, "75")));
}

#[test]
fn codes_round_trip() {
    for kind in SlotKind::ALL {
        assert_eq!(SlotKind::parse(kind.code()), Some(kind));
    }
    for status in AppointmentStatus::ALL {
        assert_eq!(AppointmentStatus::parse(status.code()), Some(status));
    }
    for need in AccessibilityNeed::ALL {
        assert_eq!(AccessibilityNeed::parse(need.code()), Some(need));
    }
}

#[derive(Debug, Clone)]
enum Command {
    Cancel { hours_before: i64, by_stranger: bool },
    Mark { hours_after: i64, attended: bool },
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (-5_i64..72, any::<bool>())
            .prop_map(|(hours_before, by_stranger)| Command::Cancel { hours_before, by_stranger }),
        (-5_i64..5, any::<bool>()).prop_map(|(hours_after, attended)| Command::Mark { hours_after, attended }),
    ]
}

proptest! {
    /// Over any sequence of cancellations and markings: an accepted command moves a booked appointment to exactly
    /// one final state; a refused one leaves it as it was; a final state never moves again.
    #[test]
    fn no_command_sequence_leaves_an_invalid_appointment(commands in proptest::collection::vec(command(), 1..12)) {
        let slot = slot(3);
        let desk = agent(AgentRole::PrefectureDesk, "75");
        let mut appointment = booked(&slot);
        for command in commands {
            let before = appointment.clone();
            let outcome = match command {
                Command::Cancel { hours_before, by_stranger } => {
                    let actor = if by_stranger { Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))) } else { Actor::Person(person()) };
                    appointment.cancel(&actor, slot.starts_at() - Duration::hours(hours_before))
                }
                Command::Mark { hours_after, attended } => {
                    let outcome = if attended { Outcome::Attended } else { Outcome::Missed };
                    appointment.mark(&desk, outcome, slot.starts_at() + Duration::hours(hours_after))
                }
            };
            if outcome.is_ok() {
                prop_assert_eq!(before.status(), AppointmentStatus::Booked);
                prop_assert_ne!(appointment.status(), AppointmentStatus::Booked);
                prop_assert!(appointment.booking_key().is_none());
            } else {
                prop_assert_eq!(&appointment, &before);
            }
            prop_assert!(Appointment::restore(appointment.0.clone()).is_ok());
        }
    }
}
