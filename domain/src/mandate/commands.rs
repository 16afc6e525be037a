//! The mandate use cases: a principal grants and revokes; a person lists what they granted and what they hold.
//! Only the principal (an [`Actor::Person`]) may grant or revoke; a mandatary can neither extend nor revoke
//! the mandate they hold, and a stranger learns nothing of it.

use chrono::{DateTime, Utc};

use super::{Mandate, MandateId, MandateKind, MandateRepository, MandateScope};
use crate::ids::IdSource;
use crate::person::PersonId;
use crate::{Actor, Clock, Error, Result};

/// The ports the mandate use cases need.
pub struct Ports<'a> {
    /// Mandates.
    pub mandates: &'a dyn MandateRepository,
    /// Time.
    pub clock: &'a dyn Clock,
    /// New identifiers.
    pub ids: &'a dyn IdSource,
}

/// What a principal asks for when granting a mandate.
#[derive(Debug, Clone)]
pub struct GrantMandate {
    /// The account that will act (a person's id, or a usager account with no person record).
    pub mandatary: PersonId,
    /// In which capacity.
    pub kind: MandateKind,
    /// What it allows.
    pub scope: MandateScope,
    /// End of validity, if any.
    pub valid_until: Option<DateTime<Utc>>,
}

fn principal(actor: &Actor) -> Result<PersonId> {
    match actor {
        Actor::Person(me) => Ok(*me),
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Partner(_) | Actor::Mandatary(_) => {
            Err(Error::NotAllowed { action: "manage the mandates of", entity: "person" })
        }
    }
}

/// The calling person grants a mandate, valid from now.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotAllowed`] for anyone but a person;
/// [`Error::InvalidInput`] for a self-mandate or an end in the past; [`Error::Storage`].
pub async fn grant(ports: &Ports<'_>, actor: &Actor, request: GrantMandate) -> Result<Mandate> {
    let me = principal(actor)?;
    let mandate = Mandate::grant(
        ports.ids.mandate(),
        me,
        request.mandatary,
        request.kind,
        request.scope,
        request.valid_until,
        ports.clock.now(),
    )?;
    ports.mandates.grant(&mandate).await?;
    Ok(mandate)
}

/// The calling person revokes a mandate they granted.
///
/// # Errors
/// [`Error::NotFound`] when the mandate is missing or the caller is neither its principal nor its mandatary;
/// [`Error::NotAllowed`] when the caller is its mandatary; [`Error::InvalidInput`] when already revoked;
/// [`Error::Storage`].
pub async fn revoke(ports: &Ports<'_>, actor: &Actor, id: MandateId) -> Result<Mandate> {
    let me = principal(actor)?;
    let mut mandate = match ports.mandates.find(id).await? {
        Some(mandate) if mandate.principal() == me || mandate.mandatary() == me => mandate,
        Some(_) | None => return Err(Error::NotFound { entity: "mandate" }),
    };
    mandate.revoke(me, ports.clock.now())?;
    ports.mandates.revoke(&mandate).await?;
    Ok(mandate)
}

/// The mandates of the calling person: every one they granted, then those they hold that are active now.
///
/// # Errors
/// As [`grant`] for the actor; [`Error::Storage`].
pub async fn of_caller(ports: &Ports<'_>, actor: &Actor) -> Result<Vec<Mandate>> {
    let me = principal(actor)?;
    let mut all = ports.mandates.of_principal(me).await?;
    all.extend(ports.mandates.active_held_by(me, ports.clock.now()).await?);
    Ok(all)
}

/// The persons the calling person acts for now (the principals of their active mandates), without duplicates.
///
/// # Errors
/// As [`of_caller`].
pub async fn represented(ports: &Ports<'_>, actor: &Actor) -> Result<Vec<PersonId>> {
    let me = principal(actor)?;
    let mut principals: Vec<PersonId> =
        ports.mandates.active_held_by(me, ports.clock.now()).await?.iter().map(Mandate::principal).collect();
    principals.sort_unstable();
    principals.dedup();
    Ok(principals)
}
