//! Unit tests of mandates: validity, revocation, and what a mandatary may do with the principal's dossiers.

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use uuid::Uuid;

use super::{Mandatary, Mandate, MandateId, MandateKind, MandateScope, acting_for};
use crate::dossier::{ActorRef, Channel, Dossier, DossierAction, DossierId, DossierReference, NewDossier, policy};
use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, Error};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid instant")
}

fn principal() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(1))
}

fn lawyer() -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(3))
}

fn mandate(scope: MandateScope, until: Option<DateTime<Utc>>) -> Mandate {
    Mandate::grant(
        MandateId::from_uuid(Uuid::from_u128(5)),
        principal(),
        lawyer(),
        MandateKind::Lawyer,
        scope,
        until,
        t0(),
    )
    .expect("a valid mandate")
}

fn new_dossier() -> NewDossier {
    NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(7)),
        reference: DossierReference::generate(2026, 42),
        person: principal(),
        procedure: ProcedureKey { code: ProcedureCode::parse("PERMIT_RENEWAL").expect("code"), version: 1 },
        authority: Authority::Prefecture,
        medical_opinion_needed: false,
        territory: Territory::parse("75").expect("territory"),
        vulnerable: false,
    }
}

fn as_lawyer(scope: MandateScope) -> Actor {
    Actor::Mandatary(Mandatary { account: lawyer(), principal: principal(), scope })
}

#[test]
fn a_mandate_is_active_from_its_grant_until_it_expires_or_is_revoked() {
    let hour = Duration::hours(1);
    let expiring = mandate(MandateScope::Read, Some(t0() + hour));
    assert!(!expiring.is_active(t0() - hour));
    assert!(expiring.is_active(t0()));
    assert!(!expiring.is_active(t0() + hour));

    let mut revoked = mandate(MandateScope::Act, None);
    revoked.revoke(principal(), t0() + hour).expect("the principal revokes");
    assert!(revoked.is_active(t0()));
    assert!(!revoked.is_active(t0() + hour));
}

#[test]
fn only_the_principal_revokes_and_only_once() {
    let mut m = mandate(MandateScope::Act, None);
    assert!(matches!(m.revoke(lawyer(), t0()), Err(Error::NotAllowed { .. })));
    m.revoke(principal(), t0()).expect("the principal revokes");
    assert!(matches!(m.revoke(principal(), t0()), Err(Error::InvalidInput { .. })));
}

#[test]
fn a_person_cannot_be_their_own_mandatary_and_a_mandate_cannot_end_before_it_starts() {
    let id = MandateId::from_uuid(Uuid::from_u128(5));
    let own = Mandate::grant(id, principal(), principal(), MandateKind::Family, MandateScope::Read, None, t0());
    assert!(matches!(own, Err(Error::InvalidInput { .. })));
    let past = Mandate::grant(id, principal(), lawyer(), MandateKind::Family, MandateScope::Read, Some(t0()), t0());
    assert!(matches!(past, Err(Error::InvalidInput { .. })));
}

#[test]
fn a_person_acts_as_mandatary_only_under_an_active_mandate_of_the_subject() {
    let held = [mandate(MandateScope::Read, Some(t0() + Duration::days(1)))];
    let me = Actor::Person(lawyer());
    assert_eq!(me.acting_for(&held, principal(), t0()), as_lawyer(MandateScope::Read));
    assert_eq!(me.acting_for(&held, principal(), t0() + Duration::days(1)), me);
    assert_eq!(me.acting_for(&held, PersonId::from_uuid(Uuid::from_u128(9)), t0()), me);
    assert_eq!(me.acting_for(&held, lawyer(), t0()), me, "on their own data a person stays themself");
    let both = [mandate(MandateScope::Read, None), mandate(MandateScope::Act, None)];
    assert_eq!(acting_for(&both, lawyer(), principal(), t0()).map(|m| m.scope), Some(MandateScope::Act));
}

#[test]
fn a_read_mandatary_sees_the_dossiers_but_neither_starts_nor_submits_nor_withdraws() {
    let (dossier, _) = Dossier::start(new_dossier(), &Actor::Person(principal()), t0()).expect("the person starts");
    let reader = as_lawyer(MandateScope::Read);
    assert!(policy::can_view(&reader, &dossier));
    assert!(!policy::may(&reader, DossierAction::Submit, &dossier));
    assert!(!policy::may(&reader, DossierAction::Withdraw, &dossier));
    assert!(matches!(Dossier::start(new_dossier(), &reader, t0()), Err(Error::NotAllowed { .. })));
}

#[test]
fn an_acting_mandatary_starts_on_the_mandatary_channel_and_submits_in_the_timeline() {
    let actor = as_lawyer(MandateScope::Act);
    let (mut dossier, started) = Dossier::start(new_dossier(), &actor, t0()).expect("an acting mandatary starts");
    assert_eq!(dossier.channel(), Channel::Mandatary);
    assert_eq!(started.actor, ActorRef::Mandatary { account: lawyer() });
    let submitted = dossier.submit(&actor, t0(), None).expect("an acting mandatary submits");
    assert_eq!(submitted.actor, ActorRef::Mandatary { account: lawyer() });
    assert!(policy::may(&Actor::Person(principal()), DossierAction::Withdraw, &dossier));
}

#[test]
fn a_mandatary_of_someone_else_sees_nothing() {
    let (dossier, _) = Dossier::start(new_dossier(), &Actor::Person(principal()), t0()).expect("the person starts");
    let other = Actor::Mandatary(Mandatary {
        account: lawyer(),
        principal: PersonId::from_uuid(Uuid::from_u128(9)),
        scope: MandateScope::Act,
    });
    assert!(!policy::can_view(&other, &dossier));
    assert!(policy::channel_for_start(&other, principal(), dossier.territory()).is_none());
}
