//! Mandates: a person (the *principal*, the foreigner) lets someone else's usager account (the *mandatary*: a
//! lawyer, an association, a guardian, a relative) see — and, with the `Act` scope, act on — their dossiers.
//!
//! A mandate is granted and revoked by the principal only. History is append-only: revoking sets
//! `revoked_at`, nothing is deleted, so "who could act for me, and when" stays answerable. A mandate counts
//! only while [`Mandate::is_active`]: from `valid_from`, before `valid_until` and before any revocation.
//!
//! The mandatary is an *account* id (the `sub` of the usager identity provider), which may have no Person
//! record — a lawyer does not need a file of their own. The dossier policy sees a mandatary through
//! [`crate::Actor::Mandatary`], which the use cases derive from a person's active mandates; a token never
//! carries it.

pub mod commands;
mod repository;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use repository::MandateRepository;

use crate::Error;
use crate::person::PersonId;

/// A mandate's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MandateId(Uuid);

impl MandateId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// In which capacity the mandatary acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MandateKind {
    /// A lawyer.
    Lawyer,
    /// An association helping foreigners.
    Association,
    /// A legal guardian (of a minor or a protected adult).
    Guardian,
    /// A relative.
    Family,
}

impl MandateKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [Self::Lawyer, Self::Association, Self::Guardian, Self::Family];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Lawyer => "LAWYER",
            Self::Association => "ASSOCIATION",
            Self::Guardian => "GUARDIAN",
            Self::Family => "FAMILY",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What the mandatary may do. `Act` includes `Read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MandateScope {
    /// See the principal's dossiers.
    Read,
    /// Also start, submit and withdraw them on the principal's behalf.
    Act,
}

impl MandateScope {
    /// Every scope.
    pub const ALL: [Self; 2] = [Self::Read, Self::Act];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Act => "ACT",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the scope allows writes.
    pub const fn may_act(self) -> bool {
        matches!(self, Self::Act)
    }
}

/// The parts of a mandate as storage keeps them; [`Mandate::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateParts {
    /// Id.
    pub id: MandateId,
    /// The person acted for.
    pub principal: PersonId,
    /// The usager account acting.
    pub mandatary: PersonId,
    /// In which capacity.
    pub kind: MandateKind,
    /// What it allows.
    pub scope: MandateScope,
    /// Start of validity (the grant time).
    pub valid_from: DateTime<Utc>,
    /// End of validity, exclusive, if any.
    pub valid_until: Option<DateTime<Utc>>,
    /// When the principal revoked it, if they did.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A mandate. Created by [`Mandate::grant`], ended by [`Mandate::revoke`] or by time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mandate(MandateParts);

impl Mandate {
    /// A new mandate, valid from `now`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the principal names themself, or `valid_until` is not after `now`.
    pub fn grant(
        id: MandateId,
        principal: PersonId,
        mandatary: PersonId,
        kind: MandateKind,
        scope: MandateScope,
        valid_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        Self::restore(MandateParts {
            id,
            principal,
            mandatary,
            kind,
            scope,
            valid_from: now,
            valid_until,
            revoked_at: None,
        })
    }

    /// Rehydrates a stored mandate.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the parts break an invariant (self-mandate, empty validity, revocation
    /// before the start).
    pub fn restore(parts: MandateParts) -> Result<Self, Error> {
        if parts.principal == parts.mandatary {
            return Err(Error::invalid("mandataryId", "a person cannot be their own mandatary"));
        }
        if parts.valid_until.is_some_and(|until| until <= parts.valid_from) {
            return Err(Error::invalid("validUntil", "a mandate must end after it starts"));
        }
        if parts.revoked_at.is_some_and(|at| at < parts.valid_from) {
            return Err(Error::invalid("revokedAt", "a mandate cannot be revoked before it starts"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> MandateId {
        self.0.id
    }

    /// The person acted for.
    pub const fn principal(&self) -> PersonId {
        self.0.principal
    }

    /// The usager account acting.
    pub const fn mandatary(&self) -> PersonId {
        self.0.mandatary
    }

    /// In which capacity.
    pub const fn kind(&self) -> MandateKind {
        self.0.kind
    }

    /// What it allows.
    pub const fn scope(&self) -> MandateScope {
        self.0.scope
    }

    /// Start of validity.
    pub const fn valid_from(&self) -> DateTime<Utc> {
        self.0.valid_from
    }

    /// End of validity (exclusive), if any.
    pub const fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.0.valid_until
    }

    /// Revocation time, if revoked.
    pub const fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

    /// Whether the mandate is in force at `at`: started, not expired, not revoked.
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.0.valid_from <= at
            && self.0.valid_until.is_none_or(|until| at < until)
            && self.0.revoked_at.is_none_or(|revoked| at < revoked)
    }

    /// Revokes the mandate at `now`.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when `by` is not the principal; [`Error::InvalidInput`] when it was already
    /// revoked. Either way the mandate is unchanged.
    pub fn revoke(&mut self, by: PersonId, now: DateTime<Utc>) -> Result<(), Error> {
        if by != self.0.principal {
            return Err(Error::NotAllowed { action: "revoke", entity: "mandate" });
        }
        if self.0.revoked_at.is_some() {
            return Err(Error::invalid("mandateId", "the mandate is already revoked"));
        }
        self.0.revoked_at = Some(now.max(self.0.valid_from));
        Ok(())
    }
}

/// A person acting for a principal under an active mandate — the form the dossier policy sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mandatary {
    /// The mandatary's usager account.
    pub account: PersonId,
    /// The person acted for.
    pub principal: PersonId,
    /// What the mandate allows.
    pub scope: MandateScope,
}

/// The strongest active mandate among `mandates` that `account` holds for `principal` at `at`, as a
/// [`Mandatary`].
pub fn acting_for(
    mandates: &[Mandate],
    account: PersonId,
    principal: PersonId,
    at: DateTime<Utc>,
) -> Option<Mandatary> {
    mandates
        .iter()
        .filter(|m| m.mandatary() == account && m.principal() == principal && m.is_active(at))
        .map(Mandate::scope)
        .max()
        .map(|scope| Mandatary { account, principal, scope })
}

#[cfg(test)]
mod tests;
