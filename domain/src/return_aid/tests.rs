use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use uuid::Uuid;

use super::{
    AllowanceRates, CountryGroup, Decision, EligibilityRules, Facts, Household, Ineligibility, ReturnAidAction,
    ReturnAidFile, ReturnAidFileId, ReturnAidFileParts, ReturnAidStatus, Situation, Step, allowance_cents, decide,
    eligibility, permits, policy,
};
use crate::actor::Agent;
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error};

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

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(7))
}

fn paris() -> Territory {
    Territory::parse("75").expect("territory")
}

fn rules() -> Vec<EligibilityRules> {
    vec![EligibilityRules {
        effective_from: day(2015, 5, 1),
        min_months_in_france: 6,
        excluded_nationalities: ["DE", "FR", "IT", "NO", "CH"].map(String::from).to_vec(),
    }]
}

fn rates() -> Vec<AllowanceRates> {
    vec![
        AllowanceRates {
            effective_from: day(2015, 5, 1),
            group: CountryGroup::VisaRequired,
            per_adult_cents: 65_000,
            per_child_cents: 15_000,
        },
        AllowanceRates {
            effective_from: day(2015, 5, 1),
            group: CountryGroup::VisaExempt,
            per_adult_cents: 30_000,
            per_child_cents: 10_000,
        },
        AllowanceRates {
            effective_from: day(2026, 1, 1),
            group: CountryGroup::VisaRequired,
            per_adult_cents: 120_000,
            per_child_cents: 40_000,
        },
    ]
}

fn facts(nationality: &str, months: u32, situation: Situation) -> Facts {
    Facts::new(nationality, months, situation, CountryGroup::VisaRequired, Household::new(2, 1).expect("household"))
        .expect("facts")
}

fn requested(on: NaiveDate) -> ReturnAidFile {
    ReturnAidFile::request(ReturnAidFileId::from_uuid(Uuid::from_u128(1)), person(), paris(), &ofii(), at(on))
        .expect("requested")
        .0
}

#[test]
fn an_eligible_person_gets_the_allowance_of_the_rates_in_force_for_the_household() {
    let d = decide(&facts("dz", 8, Situation::RemovalOrder), &rules(), &rates(), &paris(), false, day(2025, 6, 1));
    assert_eq!(d.expect("decided"), Decision::Eligible { allowance_cents: 2 * 65_000 + 15_000 });
    let d = decide(&facts("DZ", 8, Situation::RemovalOrder), &rules(), &rates(), &paris(), false, day(2026, 1, 1));
    assert_eq!(d.expect("decided"), Decision::Eligible { allowance_cents: 2 * 120_000 + 40_000 });
}

#[test]
fn every_failed_criterion_has_its_own_code() {
    let mayotte = Territory::parse("976").expect("territory");
    let rules = &rules()[0];
    assert_eq!(
        eligibility(&facts("de", 5, Situation::LawfulStay), rules, &mayotte, true),
        Err(Ineligibility::ALL.to_vec())
    );
    assert_eq!(eligibility(&facts("DZ", 6, Situation::AsylumRejected), rules, &paris(), false), Ok(()));
    assert_eq!(
        eligibility(&facts("DZ", 6, Situation::AsylumWithdrawn), rules, &paris(), true),
        Err(vec![Ineligibility::AlreadyReceived])
    );
    assert_eq!(
        eligibility(&facts("DZ", 5, Situation::IrregularStay), rules, &paris(), false),
        Err(vec![Ineligibility::StayTooShort])
    );
}

#[test]
fn no_rules_or_rates_in_force_is_a_precondition_not_a_guess() {
    let f = facts("DZ", 8, Situation::RemovalOrder);
    assert!(matches!(
        decide(&f, &rules(), &rates(), &paris(), false, day(2014, 1, 1)),
        Err(Error::Precondition { .. })
    ));
    assert!(matches!(decide(&f, &rules(), &[], &paris(), false, day(2025, 1, 1)), Err(Error::Precondition { .. })));
    assert_eq!(
        allowance_cents(&rates(), CountryGroup::VisaExempt, Household::new(1, 0).expect("h"), day(2030, 1, 1)),
        Some(30_000)
    );
}

#[test]
fn the_lifecycle_from_request_to_departure_pays_the_allowance_once() {
    let mut file = requested(day(2025, 6, 1));
    assert_eq!(file.status(), ReturnAidStatus::Requested);
    let f = facts("DZ", 8, Situation::RemovalOrder);
    let decision = decide(&f, &rules(), &rates(), &paris(), false, day(2025, 6, 2)).expect("decided");
    file.apply(&ofii(), Step::DecideEligibility { facts: f, decision }, at(day(2025, 6, 2))).expect("eligible");
    assert_eq!((file.status(), file.allowance_cents()), (ReturnAidStatus::Eligible, Some(145_000)));
    assert!(file.counts_as_received());
    let e = file.apply(&ofii(), Step::BookDeparture(day(2025, 6, 20)), at(day(2025, 6, 3))).expect("booked");
    assert_eq!((e.action, e.sequence), (ReturnAidAction::BookDeparture, 3));
    assert!(!file.allowance_paid());
    let too_early = file.apply(&ofii(), Step::RecordDeparture(day(2025, 6, 21)), at(day(2025, 6, 20)));
    assert!(matches!(too_early, Err(Error::InvalidInput { field: "departedOn", .. })));
    file.apply(&ofii(), Step::RecordDeparture(day(2025, 6, 20)), at(day(2025, 6, 20))).expect("departed");
    assert_eq!(
        (file.status(), file.departed_on(), file.version()),
        (ReturnAidStatus::Departed, Some(day(2025, 6, 20)), 4)
    );
    assert!(file.allowance_paid());
    let before = file.clone();
    assert!(matches!(file.apply(&ofii(), Step::Withdraw, at(day(2025, 6, 21))), Err(Error::Precondition { .. })));
    assert_eq!(file, before);
}

#[test]
fn an_ineligible_decision_keeps_its_reasons_and_is_final() {
    let mut file = requested(day(2025, 6, 1));
    let f = facts("DZ", 8, Situation::RemovalOrder);
    let decision = decide(&f, &rules(), &rates(), &paris(), true, day(2025, 6, 1)).expect("decided");
    file.apply(&ofii(), Step::DecideEligibility { facts: f, decision }, at(day(2025, 6, 1))).expect("decided");
    assert_eq!(file.status(), ReturnAidStatus::Ineligible);
    assert_eq!(file.ineligibility(), [Ineligibility::AlreadyReceived]);
    assert_eq!(file.allowance_cents(), None);
    assert!(!file.counts_as_received());
    assert!(file.apply(&ofii(), Step::BookDeparture(day(2025, 7, 1)), at(day(2025, 6, 1))).is_err());
}

#[test]
fn a_departure_is_not_booked_in_the_past_and_withdrawal_ends_the_file() {
    let mut file = requested(day(2025, 6, 1));
    let f = facts("DZ", 8, Situation::IrregularStay);
    let decision = decide(&f, &rules(), &rates(), &paris(), false, day(2025, 6, 1)).expect("decided");
    file.apply(&ofii(), Step::DecideEligibility { facts: f, decision }, at(day(2025, 6, 1))).expect("eligible");
    let past = file.apply(&ofii(), Step::BookDeparture(day(2025, 5, 31)), at(day(2025, 6, 1)));
    assert!(matches!(past, Err(Error::InvalidInput { field: "departureOn", .. })));
    assert_eq!(file.version(), 2);
    file.apply(&ofii(), Step::Withdraw, at(day(2025, 6, 2))).expect("withdrawn");
    assert_eq!(file.status(), ReturnAidStatus::Withdrawn);
    assert!(!file.counts_as_received());
}

#[test]
fn only_ofii_agents_of_the_direction_act_and_the_prefecture_sees_the_status_only() {
    let other = agent(AgentRole::OfiiAgent, "13");
    assert!(
        ReturnAidFile::request(ReturnAidFileId::from_uuid(Uuid::nil()), person(), paris(), &other, at(day(2025, 6, 1)))
            .is_err()
    );
    let mut file = requested(day(2025, 6, 1));
    assert!(matches!(file.apply(&other, Step::Withdraw, at(day(2025, 6, 1))), Err(Error::NotAllowed { .. })));
    let prefecture = agent(AgentRole::PrefectureInstructor, "75");
    assert!(policy::can_view(&prefecture, &file) && !policy::can_view_details(&prefecture, &file));
    assert!(!policy::can_view(&other, &file));
    assert!(!policy::can_view(&agent(AgentRole::OfiiDoctor, "75"), &file));
    assert!(policy::can_view_details(&Actor::Person(person()), &file));
    assert!(!policy::can_view(&Actor::Person(PersonId::from_uuid(Uuid::from_u128(8))), &file));
}

#[test]
fn the_lifecycle_table_has_no_exit_from_final_states() {
    for status in [ReturnAidStatus::Ineligible, ReturnAidStatus::Departed, ReturnAidStatus::Withdrawn] {
        assert!(ReturnAidAction::ALL.iter().all(|a| !permits(status, *a)));
    }
    assert!(
        Facts::new("D1", 1, Situation::IrregularStay, CountryGroup::VisaExempt, Household::new(1, 0).expect("h"))
            .is_err()
    );
    assert!(Household::new(0, 2).is_err());
}

#[test]
fn a_stored_file_restores_only_when_its_parts_agree_with_its_status() {
    let mut file = requested(day(2025, 6, 1));
    let f = facts("DZ", 8, Situation::IrregularStay);
    let decision = decide(&f, &rules(), &rates(), &paris(), false, day(2025, 6, 1)).expect("decided");
    file.apply(&ofii(), Step::DecideEligibility { facts: f, decision }, at(day(2025, 6, 1))).expect("eligible");
    file.apply(&ofii(), Step::BookDeparture(day(2025, 6, 20)), at(day(2025, 6, 2))).expect("booked");
    assert_eq!(ReturnAidFile::restore(file.0.clone()).expect("restores"), file);
    let broken = [
        ReturnAidFileParts { allowance_cents: None, ..file.0.clone() },
        ReturnAidFileParts { departure_on: None, ..file.0.clone() },
        ReturnAidFileParts { ineligibility: vec![Ineligibility::Mayotte], ..file.0.clone() },
        ReturnAidFileParts { departed_on: Some(day(2025, 6, 20)), ..file.0.clone() },
        ReturnAidFileParts { facts: None, ..file.0.clone() },
        ReturnAidFileParts { version: 0, ..file.0.clone() },
    ];
    for parts in broken {
        assert!(matches!(ReturnAidFile::restore(parts), Err(Error::InvalidInput { .. })));
    }
}
