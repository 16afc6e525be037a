//! Unit tests of payments: the stamp number's form, who records, consumption, and the balance against the fees.

use chrono::{TimeZone as _, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::{Payment, PaymentId, PaymentStatus, TaxStampNumber, balance, may_record};
use crate::actor::Agent;
use crate::dossier::{Dossier, DossierId, DossierReference, NewDossier};
use crate::mandate::{Mandatary, MandateScope};
use crate::person::PersonId;
use crate::procedure::{Authority, Fees, ProcedureCode, ProcedureKey};
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
        id: "a".into(),
        role,
        organisation: "o".into(),
        territories: vec![Territory::parse(territory).expect("territory")],
    })
}

fn stamp() -> TaxStampNumber {
    TaxStampNumber::parse("1234 5678 9012 3456").expect("a stamp")
}

#[test]
fn a_stamp_number_is_sixteen_digits_with_optional_spaces() {
    assert_eq!(stamp().as_str(), "1234567890123456");
    for bad in [
        "",
        "123456789012345",
        "12345678901234567",
        "1234-5678-9012-3456",
        "123456789012345a",
        "0000000000000000",
        "１２３４５６７８９０１２３４５６",
    ] {
        assert!(matches!(TaxStampNumber::parse(bad), Err(Error::InvalidInput { field: "stampNumber", .. })), "{bad}");
    }
}

#[test]
fn the_person_an_acting_mandatary_and_the_desk_record_stamps_others_do_not() {
    let dossier = dossier();
    assert!(may_record(&Actor::Person(person()), &dossier));
    assert!(may_record(&agent(AgentRole::PrefectureDesk, "75"), &dossier));
    let mandatary = |scope| {
        Actor::Mandatary(Mandatary { account: PersonId::from_uuid(Uuid::from_u128(3)), principal: person(), scope })
    };
    assert!(may_record(&mandatary(MandateScope::Act), &dossier));
    assert!(!may_record(&mandatary(MandateScope::Read), &dossier));
    assert!(!may_record(&agent(AgentRole::PrefectureDesk, "69"), &dossier));
    assert!(!may_record(&agent(AgentRole::PrefectureSignatory, "75"), &dossier));
    assert!(!may_record(&Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))), &dossier));
}

#[test]
fn amounts_are_bounded_and_consumption_happens_once() {
    let dossier = dossier();
    let now = dossier.created_at();
    let id = PaymentId::from_uuid(Uuid::from_u128(9));
    let me = Actor::Person(person());
    assert!(Payment::record(id, &dossier, stamp(), 0, &me, now).is_err());
    assert!(Payment::record(id, &dossier, stamp(), super::MAX_AMOUNT_CENTS + 1, &me, now).is_err());
    let mut payment = Payment::record(id, &dossier, stamp(), 22_500, &me, now).expect("recorded");
    assert_eq!(payment.status(), PaymentStatus::Recorded);
    assert!(payment.consume(now));
    assert_eq!(payment.status(), PaymentStatus::Consumed);
    let consumed = payment.clone();
    assert!(!payment.consume(now));
    assert_eq!(payment, consumed);
}

proptest! {
    /// The balance is the exact sum of the stamps (no overflow below the cap), and settled exactly when it covers
    /// the fees.
    #[test]
    fn the_balance_sums_the_stamps_against_the_fees(
        amounts in proptest::collection::vec(1_u32..=super::MAX_AMOUNT_CENTS, 0..8),
        tax in 0_u32..100_000,
        stamp_duty in 0_u32..10_000,
    ) {
        let dossier = dossier();
        let payments: Vec<Payment> = amounts
            .iter()
            .enumerate()
            .map(|(i, amount)| {
                let number = TaxStampNumber::parse(&format!("{:016}", i + 1)).expect("a stamp");
                let id = PaymentId::from_uuid(Uuid::from_u128(100 + i as u128));
                Payment::record(id, &dossier, number, *amount, &Actor::Person(person()), dossier.created_at()).expect("recorded")
            })
            .collect();
        let fees = Fees { tax_cents: tax, stamp_cents: stamp_duty };
        let result = balance(fees, &payments);
        let sum: u64 = amounts.iter().map(|a| u64::from(*a)).sum();
        prop_assert_eq!(u64::from(result.paid_cents), sum);
        prop_assert_eq!(result.due_cents, tax + stamp_duty);
        prop_assert_eq!(result.settled(), sum >= u64::from(tax + stamp_duty));
    }
}
