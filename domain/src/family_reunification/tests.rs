//! Unit tests of the resource threshold, the record's steps and the policy.

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use uuid::Uuid;

use super::{Finding, MayorAnswer, OpinionSource, ResourceThreshold, Reunification, ReunificationRules, policy};
use crate::actor::Agent;
use crate::dossier::{ActorRef, Dossier, DossierId, DossierReference, DossierStatus, NewDossier};
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a date")
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("Org {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn sponsor() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(3))
}

/// The 2026 rules as the migration seeds them: 1,443.11 € net SMIC, 1 / 1.1 / 1.2 SMIC from 2 / 4 / 6 persons.
fn rules() -> ReunificationRules {
    ReunificationRules {
        mayor_opinion_months: 2,
        resource_months: 12,
        smic_net_monthly_cents: 144_311,
        thresholds: vec![
            ResourceThreshold { from_family_size: 2, smic_per_mille: 1_000 },
            ResourceThreshold { from_family_size: 4, smic_per_mille: 1_100 },
            ResourceThreshold { from_family_size: 6, smic_per_mille: 1_200 },
        ],
    }
}

/// A family-reunification dossier awaiting the mayor's opinion, complete on `now()`.
fn awaiting() -> Dossier {
    let ofii = agent(AgentRole::OfiiAgent, "75");
    let new = NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(9)),
        reference: DossierReference::generate(2026, 7),
        person: sponsor(),
        procedure: ProcedureKey { code: ProcedureCode::parse(super::PROCEDURE).expect("code"), version: 2 },
        authority: Authority::Ofii,
        medical_opinion_needed: false,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    };
    let mut dossier = Dossier::start(new, &Actor::Person(sponsor()), now()).expect("started").0;
    dossier.submit(&Actor::Person(sponsor()), now(), None).expect("submitted");
    dossier.declare_complete(&ofii, now(), Some(6), &[]).expect("complete");
    dossier.start_review(&ofii, now()).expect("review");
    dossier.request_opinion(&ofii, now(), None).expect("mayor asked");
    dossier
}

fn answer(resources: bool, housing: bool) -> MayorAnswer {
    let reason = |ok: bool| (!ok).then(|| "insufficient".to_owned());
    MayorAnswer {
        resources: Finding::parse("resources", resources, reason(resources)).expect("finding"),
        housing: Finding::parse("housing", housing, reason(housing)).expect("finding"),
        housing_surface_m2: Some(42),
    }
}

#[test]
fn the_threshold_is_one_smic_for_two_or_three_persons_then_a_tenth_more_from_four_and_a_fifth_from_six() {
    let rules = rules();
    assert_eq!(rules.threshold_cents(1), None, "the sponsor alone is no family to reunite");
    assert_eq!(rules.threshold_cents(2), Some(144_311));
    assert_eq!(rules.threshold_cents(3), Some(144_311));
    assert_eq!(rules.threshold_cents(4), Some(158_743), "1.1 SMIC, rounded up to the cent");
    assert_eq!(rules.threshold_cents(5), Some(158_743));
    assert_eq!(rules.threshold_cents(6), Some(173_174), "1.2 SMIC, rounded up");
    assert_eq!(rules.threshold_cents(11), Some(173_174));
}

#[test]
fn the_average_over_twelve_months_is_compared_with_the_threshold() {
    let rules = rules();
    let mut months = vec![150_000; 11];
    months.push(100_000);
    let assessment = rules.assess(3, &months).expect("assessed");
    assert_eq!(assessment.average_monthly_cents, 145_833);
    assert!(assessment.met);
    let assessment = rules.assess(4, &months).expect("assessed");
    assert!(!assessment.met, "a family of four needs 1.1 SMIC");
}

#[test]
fn the_resources_are_averaged_over_exactly_the_reference_period() {
    assert!(matches!(
        rules().assess(3, &[150_000; 11]),
        Err(Error::InvalidInput { field: "monthlyResourcesCents", .. })
    ));
    assert!(matches!(rules().assess(1, &[150_000; 12]), Err(Error::InvalidInput { field: "familySize", .. })));
}

#[test]
fn an_unfavourable_finding_says_why() {
    assert!(matches!(Finding::parse("housing", false, Some("  ".into())), Err(Error::InvalidInput { .. })));
    assert_eq!(Finding::parse("housing", true, None).expect("fine"), Finding::deemed_favourable());
}

#[test]
fn the_mayor_has_two_months_and_the_queue_looks_at_that_date_first() {
    let record = Reunification::open(&awaiting(), &rules(), now());
    assert_eq!(record.parts().mayor_due_on, NaiveDate::from_ymd_opt(2026, 5, 2).expect("date"));
    assert_eq!(record.attention_on(), record.parts().mayor_due_on);
    assert!(record.mayor_awaited());
}

#[test]
fn the_mayors_silence_is_a_favourable_opinion_recorded_by_the_system_after_the_due_date() {
    let mut record = Reunification::open(&awaiting(), &rules(), now());
    assert!(record.deem_favourable(now() + Duration::days(61)).is_err(), "2 May: the mayor may still answer");
    record.deem_favourable(now() + Duration::days(62)).expect("3 May: deemed");
    let opinion = record.parts().mayor_opinion.clone().expect("an opinion");
    assert_eq!((opinion.source, &opinion.recorded_by), (OpinionSource::Silence, &ActorRef::System));
    assert!(opinion.favourable());
    assert_eq!(record.attention_on(), NaiveDate::from_ymd_opt(2026, 9, 2).expect("the six-month date"));
}

#[test]
fn the_file_is_transmitted_once_with_the_opinion_and_the_resource_check() {
    let mut record = Reunification::open(&awaiting(), &rules(), now());
    assert!(matches!(record.transmit(now()), Err(Error::Precondition { .. })), "the mayor has not answered");
    let by = ActorRef::of(&agent(AgentRole::OfiiAgent, "75"));
    record.record_opinion(answer(true, false), by.clone(), now(), Some("visite le 2 mars".into())).expect("recorded");
    assert!(record.record_opinion(answer(true, true), by, now(), None).is_err(), "once");
    assert!(matches!(record.transmit(now()), Err(Error::Precondition { .. })), "resources not checked");
    let assessment = rules().assess(2, &[150_000; 12]).expect("assessed");
    record.check_resources(2, assessment, now(), None).expect("checked");
    record.transmit(now()).expect("transmitted");
    assert_eq!(record.version(), 4);
    assert!(record.parts().working_notes.ends_with("visite le 2 mars"));
    assert!(record.transmit(now()).is_err(), "once");
    assert_eq!(record.attention_on(), NaiveDate::MAX, "out of OFII's queue");
}

#[test]
fn the_prefect_decides_only_on_a_transmitted_file() {
    let mut dossier = awaiting();
    let signatory = agent(AgentRole::PrefectureSignatory, "75");
    dossier.receive_opinion(&agent(AgentRole::OfiiAgent, "75"), now()).expect("transmitted");
    assert_eq!(dossier.status(), DossierStatus::UnderReview);
    dossier.grant(&signatory, now(), &[]).expect("the prefect grants");

    // A file under review before the mayor was asked (reviewed but never sent, so never transmitted): no decision.
    let ofii = agent(AgentRole::OfiiAgent, "75");
    let new = NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(10)),
        reference: DossierReference::generate(2026, 8),
        person: sponsor(),
        procedure: ProcedureKey { code: ProcedureCode::parse(super::PROCEDURE).expect("code"), version: 2 },
        authority: Authority::Ofii,
        medical_opinion_needed: false,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    };
    let mut fresh = Dossier::start(new, &Actor::Person(sponsor()), now()).expect("started").0;
    fresh.submit(&Actor::Person(sponsor()), now(), None).expect("submitted");
    fresh.declare_complete(&ofii, now(), Some(6), &[]).expect("complete");
    fresh.start_review(&ofii, now()).expect("review");
    assert!(matches!(fresh.grant(&signatory, now(), &[]), Err(Error::Precondition { .. })));
    assert!(matches!(fresh.refuse(&signatory, now(), "CESEDA L.434-7"), Err(Error::Precondition { .. })));
}

#[test]
fn ofii_of_the_direction_instructs_the_prefecture_sees_results_once_transmitted_and_notes_stay_with_ofii() {
    let dossier = awaiting();
    let mut record = Reunification::open(&dossier, &rules(), now());
    let ofii = agent(AgentRole::OfiiAgent, "75");
    let prefecture = agent(AgentRole::PrefectureInstructor, "75");
    assert!(policy::may_instruct(&ofii, &dossier));
    assert!(!policy::may_instruct(&agent(AgentRole::OfiiAgent, "69"), &dossier));
    assert!(!policy::may_instruct(&prefecture, &dossier));
    assert!(!policy::may_instruct(&agent(AgentRole::OfiiDoctor, "75"), &dossier));
    assert!(policy::can_view(&Actor::Person(sponsor()), &dossier, &record));
    assert!(!policy::can_view(&prefecture, &dossier, &record), "not transmitted yet");
    record.record_opinion(answer(true, true), ActorRef::of(&ofii), now(), None).expect("recorded");
    record.check_resources(2, rules().assess(2, &[150_000; 12]).expect("assessed"), now(), None).expect("checked");
    record.transmit(now()).expect("transmitted");
    assert!(policy::can_view(&prefecture, &dossier, &record));
    assert!(!policy::can_view(&agent(AgentRole::PrefectureInstructor, "69"), &dossier, &record));
    assert!(policy::can_view_notes(&ofii, &dossier));
    assert!(!policy::can_view_notes(&prefecture, &dossier));
    assert!(!policy::can_view_notes(&Actor::Person(sponsor()), &dossier));
}
