use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use uuid::Uuid;

use super::allowance::{AllowanceScale, HouseholdRates, Month, SupplementRate, for_month};
use super::{
    AsylumAction, AsylumFile, AsylumFileId, CurrentCertificate, DecisionBody, DecisionOutcome, FinalDecision,
    Household, ProcedureClass, ReceptionStatus, Step, SuspensionReason, certificate_end, end_of_following_month,
    permits, policy,
};
use crate::actor::Agent;
use crate::appointment::AppointmentId;
use crate::permit::{DocumentNumber, ResidenceDocumentId};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Refusal};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// Noon in Paris on `d` (so the French date is `d`).
fn at(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(11, 0, 0).expect("a time"))
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("agency {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn ofii() -> Actor {
    agent(AgentRole::OfiiAgent, "75")
}

fn desk() -> Actor {
    agent(AgentRole::PrefectureDesk, "75")
}

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(7))
}

/// The 2015 decree's household scale, and the additional amount at its three values.
fn scale() -> AllowanceScale {
    let household = HouseholdRates {
        effective_from: day(2015, 11, 1),
        daily_cents_by_size: (0..10).map(|extra| 680 + 340 * extra).collect(),
    };
    let supplement = [(day(2015, 11, 1), 420), (day(2017, 4, 1), 540), (day(2018, 6, 1), 740)]
        .map(|(effective_from, daily_cents)| SupplementRate { effective_from, daily_cents });
    AllowanceScale::new(vec![household], supplement.to_vec()).expect("a scale")
}

fn registered(on: NaiveDate) -> AsylumFile {
    let certificate = CurrentCertificate {
        id: ResidenceDocumentId::from_uuid(Uuid::from_u128(2)),
        number: DocumentNumber::parse("HP000000000001").expect("a number"),
        valid_until: certificate_end(on, 10),
        renewals: 0,
    };
    let territory = Territory::parse("75").expect("territory");
    let id = AsylumFileId::from_uuid(Uuid::from_u128(1));
    AsylumFile::register(id, person(), territory, ProcedureClass::Normal, certificate, &desk(), at(on)).expect("ok").0
}

fn household(adults: i64, children: i64) -> Household {
    Household::new(adults, children).expect("a household")
}

/// Registered, offered (one adult, no accommodation) and accepted on `on`.
fn accepted(on: NaiveDate, accommodation_offered: bool) -> AsylumFile {
    let mut file = registered(on);
    let offer = Step::Offer { household: household(1, 0), accommodation_offered };
    file.apply(&ofii(), offer, at(on)).expect("offered");
    file.apply(&ofii(), Step::Answer(true), at(on)).expect("accepted");
    file
}

fn suspend_for(appointment: u128) -> Step {
    Step::Suspend {
        reason: SuspensionReason::MissedAppointment,
        appointment: Some(AppointmentId::from_uuid(Uuid::from_u128(appointment))),
        note: Some("did not come, no excuse".into()),
    }
}

#[test]
fn the_daily_allowance_follows_the_household_and_the_accommodation() {
    let scale = scale();
    let today = day(2026, 12, 1);
    assert_eq!(scale.daily_cents(today, household(1, 0), true), Some(680), "one person accommodated");
    assert_eq!(scale.daily_cents(today, household(1, 0), false), Some(1420), "a single adult without accommodation");
    assert_eq!(scale.daily_cents(today, household(2, 1), true), Some(1360), "three persons");
    assert_eq!(scale.daily_cents(today, household(2, 1), false), Some(1360 + 2 * 740), "per adult not accommodated");
    assert_eq!(scale.daily_cents(today, household(2, 8), true), Some(3740), "ten persons, the scale's last line");
    assert_eq!(scale.daily_cents(today, household(2, 12), true), Some(3740), "beyond ten: the last line");
    assert_eq!(scale.daily_cents(day(2015, 10, 31), household(1, 0), true), None, "before the scale");
}

#[test]
fn each_day_takes_the_rates_in_force_that_day() {
    let scale = scale();
    assert_eq!(scale.daily_cents(day(2018, 5, 31), household(1, 0), false), Some(680 + 540));
    assert_eq!(scale.daily_cents(day(2018, 6, 1), household(1, 0), false), Some(680 + 740));
    let file = accepted(day(2018, 5, 1), false);
    let may = for_month(&file, &scale, Month::parse("2018-05").expect("month"));
    assert_eq!((may.days, may.cents), (31, 31 * 1220));
    let across = for_month(&file, &scale, Month::parse("2018-06").expect("month"));
    assert_eq!(across.cents, 30 * 1420);
}

#[test]
fn the_allowance_runs_from_acceptance_and_stops_during_a_suspension() {
    let scale = scale();
    let mut file = accepted(day(2026, 12, 10), true);
    let december = Month::parse("2026-12").expect("month");
    assert_eq!(for_month(&file, &scale, december).days, 22, "10 to 31 December");
    file.apply(&ofii(), suspend_for(9), at(day(2026, 12, 20))).expect("suspended");
    assert_eq!(file.reception(), ReceptionStatus::Suspended);
    let suspended = for_month(&file, &scale, december);
    assert_eq!((suspended.days, suspended.cents), (10, 6800), "10 to 19 December, nothing from the 20th");
    assert_eq!(for_month(&file, &scale, Month::parse("2027-01").expect("month")).days, 0);
    file.apply(&ofii(), Step::Reinstate, at(day(2026, 12, 25))).expect("reinstated");
    assert_eq!(for_month(&file, &scale, december).days, 17, "and again from the 25th");
    assert_eq!(file.suspensions()[0].until, Some(day(2026, 12, 25)));
}

#[test]
fn nothing_is_due_without_an_accepted_offer() {
    let scale = scale();
    let december = Month::parse("2026-12").expect("month");
    let mut file = registered(day(2026, 12, 1));
    assert_eq!(for_month(&file, &scale, december).cents, 0);
    let offer = Step::Offer { household: household(1, 0), accommodation_offered: true };
    file.apply(&ofii(), offer, at(day(2026, 12, 1))).expect("offered");
    file.apply(&ofii(), Step::Answer(false), at(day(2026, 12, 1))).expect("refused");
    assert_eq!(file.reception(), ReceptionStatus::Refused);
    assert_eq!(for_month(&file, &scale, december).cents, 0, "refusing the offer forfeits the allowance");
    let again = file.apply(&ofii(), Step::Answer(true), at(day(2026, 12, 2)));
    assert!(matches!(again, Err(Error::Refused(Refusal::AsylumStepOutOfOrder))), "{again:?}");
}

#[test]
fn the_conditions_end_at_the_end_of_the_month_after_the_final_decision() {
    assert_eq!(end_of_following_month(day(2026, 1, 15)), day(2026, 2, 28));
    assert_eq!(end_of_following_month(day(2026, 12, 3)), day(2027, 1, 31));
    assert_eq!(end_of_following_month(day(2027, 1, 31)), day(2027, 2, 28));
    let scale = scale();
    let mut file = accepted(day(2026, 11, 1), true);
    let decision =
        FinalDecision { outcome: DecisionOutcome::Rejected, body: DecisionBody::Ofpra, notified_on: day(2026, 12, 3) };
    let event = file.apply(&desk(), Step::RecordFinalDecision(decision), at(day(2026, 12, 4))).expect("recorded");
    assert_eq!(event.action, AsylumAction::RecordFinalDecision);
    assert_eq!((file.reception(), file.closes_on()), (ReceptionStatus::Closed, Some(day(2027, 1, 31))));
    assert_eq!(for_month(&file, &scale, Month::parse("2027-01").expect("month")).days, 31, "paid to the end");
    assert_eq!(for_month(&file, &scale, Month::parse("2027-02").expect("month")).days, 0, "then nothing");
    assert_eq!(file.open_key(), None, "a new claim may be registered");
    let twice = file.apply(&desk(), Step::RecordFinalDecision(decision), at(day(2026, 12, 5)));
    assert!(matches!(twice, Err(Error::Refused(Refusal::AsylumClaimDecided))), "{twice:?}");
}

#[test]
fn a_decision_cannot_be_notified_in_the_future() {
    let mut file = registered(day(2026, 12, 1));
    let decision =
        FinalDecision { outcome: DecisionOutcome::Rejected, body: DecisionBody::Cnda, notified_on: day(2026, 12, 2) };
    let refused = file.apply(&desk(), Step::RecordFinalDecision(decision), at(day(2026, 12, 1)));
    assert!(matches!(refused, Err(Error::InvalidInput { field: "notifiedOn", .. })), "{refused:?}");
    assert_eq!((file.version(), file.reception()), (1, ReceptionStatus::AwaitingOffer), "nothing changed");
}

#[test]
fn each_side_runs_its_own_steps() {
    let mut file = registered(day(2026, 12, 1));
    let offer = Step::Offer { household: household(1, 0), accommodation_offered: true };
    let by_desk = file.apply(&desk(), offer.clone(), at(day(2026, 12, 1)));
    assert!(matches!(by_desk, Err(Error::NotAllowed { .. })), "the prefecture does not run the conditions");
    let by_other_direction = file.apply(&agent(AgentRole::OfiiAgent, "69"), offer.clone(), at(day(2026, 12, 1)));
    assert!(matches!(by_other_direction, Err(Error::NotAllowed { .. })));
    let doctor = file.apply(&agent(AgentRole::OfiiDoctor, "75"), offer.clone(), at(day(2026, 12, 1)));
    assert!(matches!(doctor, Err(Error::NotAllowed { .. })));
    let decision =
        FinalDecision { outcome: DecisionOutcome::Rejected, body: DecisionBody::Ofpra, notified_on: day(2026, 12, 1) };
    let by_ofii = file.apply(&ofii(), Step::RecordFinalDecision(decision), at(day(2026, 12, 1)));
    assert!(matches!(by_ofii, Err(Error::NotAllowed { .. })), "OFII does not record the claim's decision");
    file.apply(&ofii(), offer, at(day(2026, 12, 1))).expect("OFII offers");
    assert_eq!(file.version(), 2);
}

#[test]
fn a_missed_appointment_names_the_appointment_and_a_note_is_bounded() {
    let mut file = accepted(day(2026, 12, 1), true);
    let without = Step::Suspend { reason: SuspensionReason::MissedAppointment, appointment: None, note: None };
    let refused = file.apply(&ofii(), without, at(day(2026, 12, 2)));
    assert!(matches!(refused, Err(Error::InvalidInput { field: "appointmentId", .. })), "{refused:?}");
    let long = Step::Suspend {
        reason: SuspensionReason::AccommodationAbandoned,
        appointment: None,
        note: Some("x".repeat(super::MAX_NOTE_CHARS + 1)),
    };
    assert!(matches!(file.apply(&ofii(), long, at(day(2026, 12, 2))), Err(Error::InvalidInput { field: "note", .. })));
    assert_eq!(file.reception(), ReceptionStatus::Accepted, "nothing changed");
    let reinstate = file.apply(&ofii(), Step::Reinstate, at(day(2026, 12, 2)));
    assert!(matches!(reinstate, Err(Error::Refused(Refusal::AsylumStepOutOfOrder))), "not suspended");
}

#[test]
fn who_sees_what() {
    let file = accepted(day(2026, 12, 1), true);
    let me = Actor::Person(person());
    assert!(policy::can_view(&me, &file) && policy::can_view_reception(&me, &file));
    assert!(!policy::can_view_notes(&me, &file), "the person is told the reason, not the agent's notes");
    let instructor = agent(AgentRole::PrefectureInstructor, "75");
    assert!(policy::can_view(&instructor, &file) && !policy::can_view_reception(&instructor, &file));
    assert!(policy::can_view_notes(&ofii(), &file));
    assert!(!policy::can_view(&agent(AgentRole::OfiiAgent, "69"), &file));
    assert!(!policy::can_view(&agent(AgentRole::OfiiDoctor, "75"), &file));
    assert!(!policy::can_view(&Actor::Person(PersonId::from_uuid(Uuid::from_u128(8))), &file));
    assert!(!policy::can_view(&agent(AgentRole::Auditor, "75"), &file));
}

#[test]
fn the_transition_table_holds() {
    use AsylumAction as A;
    use ReceptionStatus as S;
    for status in S::ALL {
        assert!(!permits(*status, A::Register));
        assert_eq!(permits(*status, A::Offer), *status == S::AwaitingOffer);
        assert_eq!(permits(*status, A::Accept), *status == S::Offered);
        assert_eq!(permits(*status, A::Suspend), *status == S::Accepted);
        assert_eq!(permits(*status, A::Reinstate), *status == S::Suspended);
    }
}

#[test]
fn months_and_certificates_have_their_dates() {
    assert_eq!(Month::parse("2026-02").expect("month").last_day(), day(2026, 2, 28));
    for bad in ["2026-13", "2026-1", "26-01", "2026/01", ""] {
        assert!(Month::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(certificate_end(day(2026, 12, 4), 10), day(2027, 10, 3));
    assert_eq!(certificate_end(day(2026, 12, 4), 1), day(2027, 1, 3));
    assert!(Household::new(0, 2).is_err() && Household::new(1, -1).is_err() && Household::new(10, 21).is_err());
}
