use chrono::{DateTime, TimeZone as _, Utc};
use uuid::Uuid;

use super::{
    CaseStatus, CaseStep, LegalAnswers, MedicalCase, MedicalCaseId, MedicalCertificate, MedicalReport, policy,
};
use crate::actor::Agent;
use crate::dossier::{Dossier, DossierId, DossierReference, NewDossier};
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Refusal};

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

fn doctor(id: &str, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: id.to_owned(),
        role: AgentRole::OfiiDoctor,
        organisation: "OFII".into(),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn certificate() -> MedicalCertificate {
    MedicalCertificate::parse("certificate, canary-9931").expect("a certificate")
}

fn open_case() -> MedicalCase {
    MedicalCase::open(
        MedicalCaseId::from_uuid(Uuid::from_u128(9)),
        &doctor("dr-a", "75"),
        &dossier(true),
        certificate(),
        t0(),
    )
    .expect("a doctor of the territory receives the certificate")
}

fn college() -> CaseStep {
    CaseStep::ConstituteCollege { members: vec!["dr-b".into(), "dr-c".into(), "dr-d".into()] }
}

/// A case at the college's deliberation, rapporteur `dr-r`.
fn deliberating() -> MedicalCase {
    let mut case = open_case();
    let coordinator = doctor("dr-a", "75");
    case.apply(&coordinator, CaseStep::DesignateRapporteur { doctor: "dr-r".into() }, t0()).expect("designated");
    case.apply(&doctor("dr-r", "75"), CaseStep::WriteReport(report()), t0()).expect("written");
    case.apply(&coordinator, college(), t0()).expect("constituted");
    case
}

#[test]
fn the_flow_runs_from_the_certificate_to_the_transmission() {
    let mut case = deliberating();
    assert_eq!(case.status(), CaseStatus::CollegeConstituted);
    case.apply(&doctor("dr-c", "75"), CaseStep::IssueOpinion(answers()), t0()).expect("a member issues it");
    assert_eq!(case.status(), CaseStatus::OpinionIssued);
    assert_eq!(case.opinion().map(|o| o.doctor().to_owned()), Some("dr-c".to_owned()));
    case.apply(&agent(AgentRole::OfiiAgent, "75"), CaseStep::Transmit, t0()).expect("OFII transmits");
    assert_eq!(case.status(), CaseStatus::Transmitted);
    assert_eq!(case.version(), 6);
    let again = case.clone().apply(&agent(AgentRole::OfiiAgent, "75"), CaseStep::Transmit, t0());
    assert!(matches!(again, Err(Error::Refused(Refusal::MedicalStepOutOfOrder))), "{again:?}");
}

#[test]
fn only_the_rapporteur_writes_the_report() {
    let mut case = open_case();
    case.apply(&doctor("dr-a", "75"), CaseStep::DesignateRapporteur { doctor: "dr-r".into() }, t0()).expect("ok");
    let before = case.clone();
    let result = case.apply(&doctor("dr-a", "75"), CaseStep::WriteReport(report()), t0());
    assert!(matches!(result, Err(Error::NotAllowed { .. })), "{result:?}");
    assert_eq!(case, before, "a refused step changes nothing");
}

#[test]
fn the_rapporteur_is_not_among_the_college() {
    let mut case = open_case();
    case.apply(&doctor("dr-a", "75"), CaseStep::DesignateRapporteur { doctor: "dr-r".into() }, t0()).expect("ok");
    case.apply(&doctor("dr-r", "75"), CaseStep::WriteReport(report()), t0()).expect("ok");
    let with_rapporteur = CaseStep::ConstituteCollege { members: vec!["dr-b".into(), "dr-r".into(), "dr-d".into()] };
    let result = case.apply(&doctor("dr-a", "75"), with_rapporteur, t0());
    assert!(matches!(result, Err(Error::Refused(Refusal::RapporteurInCollege))), "{result:?}");
    for members in [vec!["dr-b".to_owned(), "dr-c".to_owned()], vec!["dr-b".into(), "dr-b".into(), "dr-c".into()]] {
        let result = case.apply(&doctor("dr-a", "75"), CaseStep::ConstituteCollege { members }, t0());
        assert!(matches!(result, Err(Error::InvalidInput { field: "doctorIds", .. })), "{result:?}");
    }
    assert_eq!(case.status(), CaseStatus::ReportWritten);
}

#[test]
fn only_a_member_of_the_college_issues_the_opinion() {
    let mut case = deliberating();
    for outsider in [doctor("dr-r", "75"), doctor("dr-a", "75"), agent(AgentRole::OfiiAgent, "75")] {
        let result = case.apply(&outsider, CaseStep::IssueOpinion(answers()), t0());
        assert!(matches!(result, Err(Error::NotAllowed { .. })), "{outsider:?}: {result:?}");
    }
    let bad = LegalAnswers { expected_duration_months: None, ..answers() };
    assert!(case.apply(&doctor("dr-b", "75"), CaseStep::IssueOpinion(bad), t0()).is_err());
    assert_eq!(case.status(), CaseStatus::CollegeConstituted);
}

#[test]
fn steps_out_of_order_are_refused() {
    let mut case = open_case();
    let result = case.apply(&doctor("dr-a", "75"), college(), t0());
    assert!(matches!(result, Err(Error::Refused(Refusal::MedicalStepOutOfOrder))), "{result:?}");
    let result = case.apply(&doctor("dr-a", "75"), CaseStep::Transmit, t0());
    assert!(matches!(result, Err(Error::Refused(Refusal::MedicalStepOutOfOrder))), "{result:?}");
}

#[test]
fn only_doctors_of_the_territory_receive_certificates_and_work_cases() {
    let id = MedicalCaseId::from_uuid(Uuid::from_u128(9));
    let result = MedicalCase::open(id, &agent(AgentRole::OfiiAgent, "75"), &dossier(true), certificate(), t0());
    assert!(matches!(result, Err(Error::NotAllowed { .. })), "{result:?}");
    let result = MedicalCase::open(id, &doctor("dr-x", "69"), &dossier(true), certificate(), t0());
    assert!(matches!(result, Err(Error::NotFound { .. })), "{result:?}");
    let mut case = open_case();
    let designate = CaseStep::DesignateRapporteur { doctor: "dr-r".into() };
    let result = case.apply(&agent(AgentRole::OfiiAgent, "75"), designate.clone(), t0());
    assert!(matches!(result, Err(Error::NotAllowed { .. })), "{result:?}");
    assert!(!policy::can_view_case(&doctor("dr-x", "69"), &case));
    assert!(policy::can_view_case(&agent(AgentRole::OfiiAgent, "75"), &case));
    assert!(!policy::can_read_case_content(&agent(AgentRole::OfiiAgent, "75"), &case));
    assert!(!policy::can_view_case(&agent(AgentRole::PrefectureInstructor, "75"), &case));
}

#[test]
fn the_doctors_queue_holds_what_waits_on_them() {
    let case = open_case();
    assert!(case.waits_on("anyone"));
    let case = deliberating();
    assert!(case.waits_on("dr-b"));
    assert!(!case.waits_on("dr-r"));
}

#[test]
fn outside_ofii_the_answers_are_read_once_transmitted() {
    let mut case = deliberating();
    case.apply(&doctor("dr-b", "75"), CaseStep::IssueOpinion(answers()), t0()).expect("issued");
    let sick = dossier(true);
    let issued = case.opinion().cloned().expect("an opinion");
    let prefecture = agent(AgentRole::PrefectureInstructor, "75");
    assert!(!policy::can_read_opinion(&prefecture, &sick, &issued));
    assert!(!policy::can_read_opinion(&Actor::Person(person()), &sick, &issued));
    assert!(policy::can_read_opinion(&agent(AgentRole::OfiiAgent, "75"), &sick, &issued));
    case.apply(&doctor("dr-b", "75"), CaseStep::Transmit, t0()).expect("transmitted");
    let transmitted = case.opinion().cloned().expect("an opinion");
    assert!(policy::can_read_opinion(&prefecture, &sick, &transmitted));
    assert!(policy::can_read_opinion(&Actor::Person(person()), &sick, &transmitted));
}

#[test]
fn no_opinion_is_recorded_on_a_dossier_that_needs_none() {
    let doctor = agent(AgentRole::OfiiDoctor, "75");
    assert!(!policy::can_record(&doctor, &dossier(false)));
    let id = MedicalCaseId::from_uuid(Uuid::from_u128(9));
    assert!(MedicalCase::open(id, &doctor, &dossier(false), certificate(), t0()).is_err());
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
fn the_medical_content_never_shows_in_debug_output() {
    let mut case = deliberating();
    case.apply(&doctor("dr-b", "75"), CaseStep::IssueOpinion(answers()), t0()).expect("issued");
    let shown = format!("{case:?}");
    assert!(!shown.contains("canary-4417") && !shown.contains("canary-9931"), "{shown}");
    assert!(MedicalReport::parse("   ").is_err());
    assert!(MedicalCertificate::parse("").is_err());
}
