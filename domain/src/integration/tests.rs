use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::{
    Attendance, Certification, CertificationId, CertificationKind, CertifiedLevel, CivicDay, ContractStatus, ExamMarks,
    ExemptionReason, IntegrationAction, IntegrationContract, IntegrationContractId, IntegrationResults,
    IntegrationRules, LanguageLevel, Positioning, PrescribedHours, Signature, Step, assiduous, permits, policy,
};
use crate::actor::Agent;
use crate::appointment::LanguageCode;
use crate::mandate::Mandatary;
use crate::mandate::MandateScope;
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, AgentRole, Error, Refusal};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a date")
}

/// The rules seeded for the 2026 contract: 80 % of the hours, the exam passed at 32 of 40.
fn rules() -> IntegrationRules {
    IntegrationRules {
        effective_from: NaiveDate::from_ymd_opt(2016, 7, 1).expect("date"),
        language_attendance_percent: 80,
        civic_exam: ExamMarks { max_score: 40, pass_mark: 32 },
    }
}

fn agent(role: AgentRole, territory: &str) -> Actor {
    Actor::Agent(Agent {
        id: format!("{}-{territory}", role.code()),
        role,
        organisation: format!("OFII {territory}"),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn ofii() -> Actor {
    agent(AgentRole::OfiiAgent, "75")
}

fn person() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(7))
}

fn convoked() -> IntegrationContract {
    let territory = Territory::parse("75").expect("territory");
    let id = IntegrationContractId::from_uuid(Uuid::from_u128(1));
    IntegrationContract::convoke(id, person(), None, territory, &ofii(), now()).expect("convoked").0
}

fn positioning(hours: u16) -> Positioning {
    let prescribed = PrescribedHours::parse(hours).expect("a track");
    let target = if hours == 0 { LanguageLevel::A1 } else { LanguageLevel::A2 };
    Positioning { level: LanguageLevel::A1, prescribed_hours: prescribed, target }
}

fn signature() -> Signature {
    Signature {
        on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        language: LanguageCode::parse("ar").expect("ar"),
    }
}

/// A contract through the reception and the signature, with `hours` prescribed.
fn signed(hours: u16) -> IntegrationContract {
    let mut contract = convoked();
    contract.apply(&ofii(), Step::Receive(positioning(hours)), now(), &rules()).expect("received");
    contract.apply(&ofii(), Step::Sign(signature()), now(), &rules()).expect("signed");
    contract
}

fn all_days(contract: &mut IntegrationContract, attendance: Attendance) {
    for day in 1..=4 {
        let day = CivicDay::parse(day).expect("day");
        contract.apply(&ofii(), Step::CivicAttendance(day, attendance), now(), &rules()).expect("recorded");
    }
}

#[test]
fn a_contract_goes_from_convocation_to_an_assiduous_attestation_one_version_per_step() {
    let mut contract = signed(100);
    assert_eq!((contract.status(), contract.version()), (ContractStatus::Signed, 3));
    assert_eq!(contract.ends_on(), NaiveDate::from_ymd_opt(2027, 3, 2), "a year after the signature");
    all_days(&mut contract, Attendance::Present);
    assert_eq!(contract.status(), ContractStatus::Training, "attendance starts the training");
    let event = contract.apply(&ofii(), Step::LanguageHours(80), now(), &rules()).expect("hours");
    assert_eq!((event.action, event.sequence), (IntegrationAction::RecordLanguageHours, 8));
    contract.apply(&ofii(), Step::EndInterview, now(), &rules()).expect("end interview");
    contract.apply(&ofii(), Step::Attest, now(), &rules()).expect("attested");
    assert_eq!(contract.status(), ContractStatus::Attested);
    assert_eq!(contract.attestation().map(|a| a.assiduous), Some(true), "80 of 100 hours and every day present");
    assert_eq!(contract.open_key(), None, "a closed contract does not block a new one");
}

#[test]
fn assiduity_needs_every_civic_day_attended_or_excused_and_eighty_percent_of_the_hours() {
    let hundred = PrescribedHours::parse(100).expect("track");
    let present = [Some(Attendance::Present); 4];
    assert!(assiduous(&present, 80, hundred, &rules()));
    assert!(!assiduous(&present, 79, hundred, &rules()), "79 % is not enough");
    let excused = [
        Some(Attendance::Present),
        Some(Attendance::AbsentExcused),
        Some(Attendance::Present),
        Some(Attendance::Present),
    ];
    assert!(assiduous(&excused, 100, hundred, &rules()), "an excused absence keeps assiduity");
    let absent =
        [Some(Attendance::Present), Some(Attendance::Absent), Some(Attendance::Present), Some(Attendance::Present)];
    assert!(!assiduous(&absent, 100, hundred, &rules()), "an unexcused absence loses it");
    let missing = [Some(Attendance::Present), None, Some(Attendance::Present), Some(Attendance::Present)];
    assert!(!assiduous(&missing, 100, hundred, &rules()), "a day never recorded loses it");
    assert!(
        assiduous(&present, 0, PrescribedHours::parse(0).expect("track"), &rules()),
        "nothing prescribed, nothing owed"
    );
}

#[test]
fn an_unexcused_absence_gives_a_non_assiduous_attestation() {
    let mut contract = signed(0);
    all_days(&mut contract, Attendance::Present);
    let day = CivicDay::parse(3).expect("day");
    contract.apply(&ofii(), Step::CivicAttendance(day, Attendance::Absent), now(), &rules()).expect("corrected");
    contract.apply(&ofii(), Step::EndInterview, now(), &rules()).expect("end interview");
    contract.apply(&ofii(), Step::Attest, now(), &rules()).expect("attested");
    assert_eq!(contract.attestation().map(|a| a.assiduous), Some(false));
}

#[test]
fn refused_steps_carry_a_stable_code_and_change_nothing() {
    let cases: Vec<(IntegrationContract, Step, Refusal)> = vec![
        (convoked(), Step::Sign(signature()), Refusal::IntegrationStepOutOfOrder),
        (convoked(), Step::Attest, Refusal::IntegrationStepOutOfOrder),
        (signed(100), Step::EndInterview, Refusal::IntegrationStepOutOfOrder),
        (signed(100), Step::LanguageHours(101), Refusal::LanguageHoursExceeded),
        (signed(0), Step::LanguageHours(1), Refusal::LanguageHoursExceeded),
        {
            let mut c = signed(100);
            c.apply(
                &ofii(),
                Step::CivicAttendance(CivicDay::parse(1).expect("day"), Attendance::Present),
                now(),
                &rules(),
            )
            .expect("recorded");
            (c, Step::EndInterview, Refusal::CivicTrainingIncomplete)
        },
        {
            let mut c = signed(100);
            c.apply(&ofii(), Step::Extend, now(), &rules()).expect("extended");
            (c, Step::Extend, Refusal::AlreadyExtended)
        },
        {
            let mut c = convoked();
            c.apply(&ofii(), Step::Exempt(ExemptionReason::Health), now(), &rules()).expect("exempted");
            (c, Step::Receive(positioning(100)), Refusal::IntegrationContractClosed)
        },
    ];
    for (mut contract, step, refusal) in cases {
        let before = contract.clone();
        match contract.apply(&ofii(), step.clone(), now(), &rules()) {
            Err(Error::Refused(found)) => assert_eq!(found, refusal, "{step:?}"),
            other => panic!("{step:?} should be refused with {refusal:?}: {other:?}"),
        }
        assert_eq!(contract, before, "{step:?} changed the contract");
    }
}

#[test]
fn an_extension_adds_a_year_once_and_training_goes_on() {
    let mut contract = signed(100);
    contract.apply(&ofii(), Step::Extend, now(), &rules()).expect("extended");
    assert_eq!(contract.status(), ContractStatus::Extended);
    assert_eq!(contract.ends_on(), NaiveDate::from_ymd_opt(2028, 3, 2));
    contract.apply(&ofii(), Step::LanguageHours(10), now(), &rules()).expect("hours");
    assert_eq!(contract.status(), ContractStatus::Extended, "attendance keeps the extension visible");
}

#[test]
fn only_an_ofii_agent_of_the_direction_records_steps() {
    for actor in [
        agent(AgentRole::OfiiAgent, "69"),
        agent(AgentRole::OfiiDoctor, "75"),
        agent(AgentRole::PrefectureInstructor, "75"),
        Actor::Person(person()),
    ] {
        let mut contract = convoked();
        let before = contract.clone();
        assert!(
            matches!(
                contract.apply(&actor, Step::Receive(positioning(100)), now(), &rules()),
                Err(Error::NotAllowed { .. })
            ),
            "{actor:?}"
        );
        assert_eq!(contract, before);
    }
    let territory = Territory::parse("75").expect("territory");
    let id = IntegrationContractId::from_uuid(Uuid::from_u128(2));
    let by_prefecture =
        IntegrationContract::convoke(id, person(), None, territory, &agent(AgentRole::PrefectureDesk, "75"), now());
    assert!(matches!(by_prefecture, Err(Error::NotAllowed { .. })));
}

#[test]
fn the_pedagogy_stays_with_ofii_and_the_prefecture_reads_results_only() {
    let contract = signed(100);
    let mandatary = Actor::Mandatary(Mandatary {
        account: PersonId::from_uuid(Uuid::from_u128(9)),
        principal: person(),
        scope: MandateScope::Read,
    });
    let stranger = Actor::Person(PersonId::from_uuid(Uuid::from_u128(8)));
    let prefecture = agent(AgentRole::PrefectureInstructor, "75");
    assert!(policy::can_view(&Actor::Person(person()), &contract));
    assert!(policy::can_view(&mandatary, &contract));
    assert!(!policy::can_view(&stranger, &contract));
    assert!(!policy::can_view(&prefecture, &contract), "the prefecture sees no contract, only results");
    assert!(!policy::can_view(&agent(AgentRole::OfiiAgent, "69"), &contract), "another direction sees nothing");
    assert!(policy::can_view_pedagogy(&ofii(), &contract));
    assert!(!policy::can_view_pedagogy(&Actor::Person(person()), &contract));
    assert!(policy::can_view_results(&prefecture, person()));
    assert!(!policy::can_view_results(&stranger, person()));
    assert!(!policy::can_view_results(&agent(AgentRole::OfiiDoctor, "75"), person()));
    assert!(!policy::can_view_certifications(&prefecture, person()));
}

#[test]
fn results_say_the_attestation_the_exam_and_the_highest_level() {
    let certification = |n: u128, kind| {
        Certification::record(
            CertificationId::from_uuid(Uuid::from_u128(n)),
            person(),
            kind,
            NaiveDate::from_ymd_opt(2026, 2, 1).expect("date"),
            &ofii(),
            now(),
            &[rules()],
        )
        .expect("recorded")
    };
    let failed = certification(1, CertificationKind::CivicExam { score: 31 });
    let passed = certification(2, CertificationKind::CivicExam { score: 32 });
    let b1 = certification(3, CertificationKind::Language { level: CertifiedLevel::B1, certifier: "FEI".into() });
    let a2 = certification(4, CertificationKind::Language { level: CertifiedLevel::A2, certifier: "CCI".into() });
    assert_eq!(IntegrationResults::of(None, std::slice::from_ref(&failed)).civic_exam_passed, Some(false), "31 < 32");
    let results = IntegrationResults::of(None, &[failed, passed, b1, a2]);
    assert_eq!(results.civic_exam_passed, Some(true), "one pass is enough");
    assert_eq!(results.language_level, Some(CertifiedLevel::B1));
    assert_eq!(IntegrationResults::of(None, &[]).civic_exam_passed, None);
    let over = Certification::record(
        CertificationId::from_uuid(Uuid::from_u128(5)),
        person(),
        CertificationKind::CivicExam { score: 41 },
        NaiveDate::from_ymd_opt(2026, 2, 1).expect("date"),
        &ofii(),
        now(),
        &[rules()],
    );
    assert!(matches!(over, Err(Error::InvalidInput { field: "score", .. })));
}

#[test]
fn positioning_signature_and_days_are_checked() {
    assert!(PrescribedHours::parse(150).is_err());
    assert!(CivicDay::parse(0).is_err() && CivicDay::parse(5).is_err());
    let same = Positioning {
        level: LanguageLevel::A2,
        prescribed_hours: PrescribedHours::parse(100).expect("track"),
        target: LanguageLevel::A2,
    };
    assert!(same.check().is_err(), "hours to stay at the same level");
    let mut contract = convoked();
    contract.apply(&ofii(), Step::Receive(positioning(200)), now(), &rules()).expect("received");
    let tomorrow =
        Signature { on: (now() + Duration::days(1)).date_naive(), language: LanguageCode::parse("ps").expect("ps") };
    assert!(matches!(contract.apply(&ofii(), Step::Sign(tomorrow), now(), &rules()), Err(Error::InvalidInput { .. })));
    assert_eq!(contract.status(), ContractStatus::Received);
}

#[test]
fn the_transition_table_never_leaves_a_closed_contract() {
    for action in IntegrationAction::ALL {
        assert!(!permits(ContractStatus::Attested, *action));
        assert!(!permits(ContractStatus::Exempted, *action));
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Receive(positioning(100))),
        Just(Step::Sign(signature())),
        (1_i64..=4, prop_oneof![Just(Attendance::Present), Just(Attendance::AbsentExcused), Just(Attendance::Absent)])
            .prop_map(|(d, a)| Step::CivicAttendance(CivicDay::parse(d).expect("day"), a)),
        (1_u16..60).prop_map(Step::LanguageHours),
        Just(Step::EndInterview),
        Just(Step::Attest),
        Just(Step::Extend),
        Just(Step::Exempt(ExemptionReason::Age)),
    ]
}

proptest! {
    /// Whatever an agent records, in whatever order: an accepted step adds exactly one version and yields a
    /// contract storage would restore; a refused one changes nothing.
    #[test]
    fn no_sequence_of_steps_leaves_an_invalid_contract(steps in proptest::collection::vec(step(), 1..20)) {
        let mut contract = convoked();
        for step in steps {
            let before = contract.clone();
            if let Ok(event) = contract.apply(&ofii(), step, now(), &rules()) {
                prop_assert_eq!(contract.version(), before.version() + 1);
                prop_assert_eq!(event.sequence, contract.version());
                prop_assert!(IntegrationContract::restore(contract.0.clone()).is_ok());
            } else {
                prop_assert_eq!(&contract, &before);
            }
        }
    }
}

#[test]
fn a_result_follows_the_rules_in_force_on_the_day_of_its_fact() {
    let later = IntegrationRules {
        effective_from: NaiveDate::from_ymd_opt(2026, 2, 15).expect("date"),
        language_attendance_percent: 90,
        civic_exam: ExamMarks { max_score: 40, pass_mark: 30 },
    };
    let versions = [later, rules()];
    let day = |d| NaiveDate::from_ymd_opt(2026, 2, d).expect("date");
    assert_eq!(IntegrationRules::in_force_on(&versions, day(14)).expect("in force"), rules());
    assert_eq!(IntegrationRules::in_force_on(&versions, day(15)).expect("in force"), later);
    assert!(matches!(
        IntegrationRules::in_force_on(&versions, NaiveDate::from_ymd_opt(2016, 6, 30).expect("date")),
        Err(Error::Storage(_))
    ));
    let exam = |n: u128, on| {
        Certification::record(
            CertificationId::from_uuid(Uuid::from_u128(n)),
            person(),
            CertificationKind::CivicExam { score: 31 },
            on,
            &ofii(),
            now(),
            &versions,
        )
        .expect("recorded")
    };
    assert_eq!(exam(1, day(14)).exam_passed(), Some(false), "31 fails under the pass mark of 32");
    assert_eq!(exam(2, day(15)).exam_passed(), Some(true), "31 passes from the day the mark is 30");
    let hundred = PrescribedHours::parse(100).expect("track");
    let present = [Some(Attendance::Present); super::CIVIC_DAYS];
    assert!(assiduous(&present, 85, hundred, &rules()));
    assert!(!assiduous(&present, 85, hundred, &later), "85 % falls short of 90 %");
    let broken = IntegrationRules { civic_exam: ExamMarks { max_score: 40, pass_mark: 41 }, ..rules() };
    assert!(matches!(broken.check(), Err(Error::InvalidInput { .. })));
    assert!(matches!(
        IntegrationRules { language_attendance_percent: 0, ..rules() }.check(),
        Err(Error::InvalidInput { .. })
    ));
}
