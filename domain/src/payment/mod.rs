//! Payments of a dossier's fees by tax stamp (timbre fiscal électronique).
//!
//! The person buys a stamp (at a tobacconist's or on timbres.impots.gouv.fr) and records its 16-digit number on
//! the dossier; a prefecture desk agent may record it for them (the substitute channel). A stamp pays once in
//! the whole of France: its number is unique across every dossier (storage enforces it with a unique index, so
//! two concurrent recordings cannot both pass), and a second recording is refused as
//! [`Refusal::StampAlreadyUsed`]. A payment is `Recorded` until the dossier is decided, when it is `Consumed`
//! ([`commands::consume_on_decision`], for the dossier state machine to call) — the tax is due on the decision,
//! and an unconsumed stamp may be refunded if the dossier is withdrawn.
//!
//! Whether the stamp number exists at the tax administration (`DGFiP`) and the amount is right is checked by the instructor, outside
//! HIPE for now; HIPE checks its form and its single use. `Dossier.feesPaid` is computed, never stored:
//! [`balance`] sums the payments against the catalogue's fees for the dossier's procedure version.

pub mod commands;
mod repository;

use std::fmt;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use repository::PaymentRepository;

use crate::dossier::{ActorRef, Dossier, DossierId, policy as dossier_policy};
use crate::person::PersonId;
use crate::procedure::Fees;
use crate::{Actor, AgentRole, Error};

/// The largest amount one stamp may carry, in euro cents (a naturalisation or a card costs a few hundred euros;
/// ten thousand catches a typing slip).
pub const MAX_AMOUNT_CENTS: u32 = 1_000_000;

/// A payment's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaymentId(Uuid);

impl PaymentId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// A tax stamp's number: 16 digits. People copy it from a receipt in groups of four, so spaces are dropped
/// before checking; anything else (letters, 15 or 17 digits, all zeros) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxStampNumber(String);

impl TaxStampNumber {
    /// Parses a stamp number.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text is 16 digits (spaces allowed between them), not all zeros.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let digits: String = text.chars().filter(|c| *c != ' ').collect();
        if digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()) && digits.bytes().any(|b| b != b'0') {
            Ok(Self(digits))
        } else {
            Err(Error::invalid("stampNumber", "expected the 16 digits of the tax stamp"))
        }
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaxStampNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// Recorded on the dossier.
    Recorded,
    /// Consumed by the dossier's decision.
    Consumed,
}

impl PaymentStatus {
    /// Every status.
    pub const ALL: [Self; 2] = [Self::Recorded, Self::Consumed];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Recorded => "RECORDED",
            Self::Consumed => "CONSUMED",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The parts of a payment as storage keeps them; [`Payment::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentParts {
    /// Id.
    pub id: PaymentId,
    /// The dossier it pays for.
    pub dossier: DossierId,
    /// The dossier's person (whose data it is, for the journal).
    pub person: PersonId,
    /// The stamp.
    pub stamp: TaxStampNumber,
    /// Its amount, in euro cents.
    pub amount_cents: u32,
    /// Where it stands.
    pub status: PaymentStatus,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: ActorRef,
    /// When the decision consumed it.
    pub consumed_at: Option<DateTime<Utc>>,
}

/// A tax stamp recorded on a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment(PaymentParts);

/// Whether `actor` may record a stamp on `dossier`: the person, their mandatary with `Act`, or a prefecture desk
/// agent or instructor of the territory (at the desk, for someone who cannot buy an electronic stamp alone).
pub fn may_record(actor: &Actor, dossier: &Dossier) -> bool {
    if !dossier_policy::can_view(actor, dossier) {
        return false;
    }
    match actor {
        Actor::Person(_) => true,
        Actor::Mandatary(mandatary) => mandatary.scope.may_act(),
        Actor::Agent(agent) => matches!(agent.role, AgentRole::PrefectureDesk | AgentRole::PrefectureInstructor),
        Actor::Anonymous | Actor::Partner(_) => false,
    }
}

impl Payment {
    /// Records a stamp on `dossier` at `now`.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not; [`Error::InvalidInput`] for an amount of 0 or above
    /// [`MAX_AMOUNT_CENTS`].
    pub fn record(
        id: PaymentId,
        dossier: &Dossier,
        stamp: TaxStampNumber,
        amount_cents: u32,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if !may_record(actor, dossier) {
            return Err(Error::NotAllowed { action: "record a payment on", entity: "dossier" });
        }
        Self::restore(PaymentParts {
            id,
            dossier: dossier.id(),
            person: dossier.person(),
            stamp,
            amount_cents,
            status: PaymentStatus::Recorded,
            recorded_at: now,
            recorded_by: ActorRef::of(actor),
            consumed_at: None,
        })
    }

    /// Rehydrates a stored payment.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the parts break an invariant.
    pub fn restore(parts: PaymentParts) -> Result<Self, Error> {
        if !(1..=MAX_AMOUNT_CENTS).contains(&parts.amount_cents) {
            return Err(Error::invalid("amountCents", format!("between 1 and {MAX_AMOUNT_CENTS} cents")));
        }
        let consistent = match parts.status {
            PaymentStatus::Recorded => parts.consumed_at.is_none(),
            PaymentStatus::Consumed => parts.consumed_at.is_some(),
        };
        if !consistent {
            return Err(Error::invalid("status", "the status and the consumption time disagree"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> PaymentId {
        self.0.id
    }

    /// The dossier.
    pub const fn dossier(&self) -> DossierId {
        self.0.dossier
    }

    /// The dossier's person.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The stamp.
    pub const fn stamp(&self) -> &TaxStampNumber {
        &self.0.stamp
    }

    /// The amount, in euro cents.
    pub const fn amount_cents(&self) -> u32 {
        self.0.amount_cents
    }

    /// Where it stands.
    pub const fn status(&self) -> PaymentStatus {
        self.0.status
    }

    /// When it was recorded.
    pub const fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    /// Who recorded it.
    pub const fn recorded_by(&self) -> &ActorRef {
        &self.0.recorded_by
    }

    /// When the decision consumed it.
    pub const fn consumed_at(&self) -> Option<DateTime<Utc>> {
        self.0.consumed_at
    }

    /// Marks the payment consumed at `now`; a consumed payment stays as it was. Returns whether it changed.
    pub fn consume(&mut self, now: DateTime<Utc>) -> bool {
        match self.0.status {
            PaymentStatus::Recorded => {
                self.0.status = PaymentStatus::Consumed;
                self.0.consumed_at = Some(now.max(self.0.recorded_at));
                true
            }
            PaymentStatus::Consumed => false,
        }
    }
}

/// What a dossier owes and what its stamps cover, in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeBalance {
    /// The fees of the dossier's catalogue version.
    pub due_cents: u32,
    /// The sum of its stamps.
    pub paid_cents: u32,
}

impl FeeBalance {
    /// Whether the stamps cover the fees.
    pub const fn settled(&self) -> bool {
        self.paid_cents >= self.due_cents
    }
}

/// What `payments` add up to, in euro cents (saturating: a sum past `u32::MAX` cents is no real dossier).
pub fn paid_cents(payments: &[Payment]) -> u32 {
    payments.iter().fold(0_u32, |sum, payment| sum.saturating_add(payment.amount_cents()))
}

/// The balance of `payments` (a dossier's) against `fees` (its procedure version's).
pub fn balance(fees: Fees, payments: &[Payment]) -> FeeBalance {
    FeeBalance { due_cents: fees.total_cents(), paid_cents: paid_cents(payments) }
}

#[cfg(test)]
mod tests;
