use chrono::{DateTime, TimeZone as _, Utc};
use uuid::Uuid;

use super::{LegalAnswers, MedicalOpinion, MedicalReport, policy};
use crate::actor::Agent;
use crate::dossier::{Dossier, DossierId, DossierReference, NewDossier};
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a valid time")
}

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: format!("{role}-{territory}"),
        role,
        organisation: "sample".into(),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn dossier(medical_opinion_needed: bool) -> Dossier {
    let new = NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(7)),
        reference: DossierReference::generate(2026, 42),
        person: person(),
        procedure: ProcedureKey {
            code: ProcedureCode::parse("FIRST_PERMIT_SICK_FOREIGNER").expect("code"),
            version: 1,
        },
        authority: Authority::Prefecture,
        medical_opinion_needed,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    };
    Dossier::start(new, &Actor::Person(person()), t0()).expect("the person may start").0
}

fn answers() -> LegalAnswers {
    LegalAnswers {
        care_needed: true,
        exceptionally_serious_consequences: true,
        treatment_available_in_origin_country: false,
        expected_duration_months: Some(12),
        able_to_travel: true,
    }
}

fn report() -> MedicalReport {
    MedicalReport::parse("chronic condition, canary-4417").expect("a report")
}

#[test]
fn an_ofii_doctor_of_the_territory_records_the_opinion() {
    let doctor = agent(AgentRole::OfiiDoctor, "75");
    let opinion = MedicalOpinion::record(&doctor, &dossier(true), answers(), report(), t0()).expect("allowed");
    assert_eq!(opinion.doctor(), "ofii_doctor-75");
    assert_eq!(opinion.answers(), answers());
    assert_eq!(opinion.issued_at(), t0());
}

#[test]
fn an_ofii_agent_who_is_not_a_doctor_cannot_record_an_opinion() {
    let result = MedicalOpinion::record(&agent(AgentRole::OfiiAgent, "75"), &dossier(true), answers(), report(), t0());
    assert!(matches!(result, Err(Error::NotAllowed { .. })), "{result:?}");
}

#[test]
fn a_doctor_of_another_territory_does_not_even_see_the_dossier() {
    let result = MedicalOpinion::record(&agent(AgentRole::OfiiDoctor, "69"), &dossier(true), answers(), report(), t0());
    assert!(matches!(result, Err(Error::NotFound { .. })), "{result:?}");
}

#[test]
fn no_opinion_is_recorded_on_a_dossier_that_needs_none() {
    let doctor = agent(AgentRole::OfiiDoctor, "75");
    assert!(!policy::can_record(&doctor, &dossier(false)));
    assert!(MedicalOpinion::record(&doctor, &dossier(false), answers(), report(), t0()).is_err());
}

#[test]
fn the_prefecture_and_the_person_read_the_answers_but_never_the_medical_content() {
    let sick = dossier(true);
    for actor in
        [Actor::Person(person()), agent(AgentRole::PrefectureInstructor, "75"), agent(AgentRole::OfiiAgent, "75")]
    {
        assert!(policy::can_read_answers(&actor, &sick), "{actor:?}");
        assert!(!policy::can_read_medical_content(&actor, &sick), "{actor:?}");
    }
    let doctor = agent(AgentRole::OfiiDoctor, "75");
    assert!(policy::can_read_answers(&doctor, &sick));
    assert!(policy::can_read_medical_content(&doctor, &sick));
}

#[test]
fn strangers_read_nothing() {
    let sick = dossier(true);
    for actor in [
        Actor::Anonymous,
        Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))),
        agent(AgentRole::PrefectureInstructor, "69"),
        agent(AgentRole::OfiiDoctor, "69"),
        agent(AgentRole::Auditor, "75"),
    ] {
        assert!(!policy::can_read_answers(&actor, &sick), "{actor:?}");
        assert!(!policy::can_read_medical_content(&actor, &sick), "{actor:?}");
        assert!(!policy::can_record(&actor, &sick), "{actor:?}");
    }
}

#[test]
fn ofii_sees_prefecture_dossiers_only_when_they_need_a_medical_opinion() {
    let ofii_agent = agent(AgentRole::OfiiAgent, "75");
    assert!(crate::dossier::policy::can_view(&ofii_agent, &dossier(true)));
    assert!(!crate::dossier::policy::can_view(&ofii_agent, &dossier(false)));
}

#[test]
fn the_answers_must_hang_together() {
    let without_duration = LegalAnswers { expected_duration_months: None, ..answers() };
    assert!(matches!(without_duration.check(), Err(Error::InvalidInput { field: "expectedDurationMonths", .. })));
    let no_care = LegalAnswers { care_needed: false, ..answers() };
    assert!(no_care.check().is_err());
    let too_long = LegalAnswers { expected_duration_months: Some(500), ..answers() };
    assert!(too_long.check().is_err());
}

#[test]
fn the_report_never_shows_in_debug_output() {
    let doctor = agent(AgentRole::OfiiDoctor, "75");
    let opinion = MedicalOpinion::record(&doctor, &dossier(true), answers(), report(), t0()).expect("allowed");
    assert!(!format!("{opinion:?}").contains("canary-4417"));
    assert!(MedicalReport::parse("   ").is_err());
}
