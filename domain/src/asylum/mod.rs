//! Asylum reception (CESEDA L.521-1 ff. for the registration, L.551-1 ff. for the material reception conditions):
//! the file a person's claim opens at the one-stop desk (GUDA), shared by the prefecture and OFII, each with its
//! own steps, and the asylum-seeker allowance (ADA) it leads to.
//!
//! One aggregate, [`AsylumFile`], with two sides that move separately:
//!
//! - **The claim** (prefecture): registered at the desk with its procedure class (normal, accelerated, Dublin),
//!   which issues the asylum-seeker certificate (ATDA) — a [`crate::permit::ResidenceDocument`] of kind
//!   `ASYLUM_SEEKER_CERTIFICATE` (stay yes, work no), so the computed right to stay follows it. Its validity is
//!   catalogue data by class ([`CertificateValidity`]: 10 months then 6 for a normal procedure, 6 then 6 for an
//!   accelerated one, 1 then 4 for Dublin, research §1.5 step 2). A renewal issues a new certificate and marks the
//!   previous one replaced. The final decision (OFPRA's, or the CNDA's on appeal) is recorded as an **external
//!   fact** — outcome, deciding body, date of notification —: HIPE never holds the asylum narrative (DESIGN.md
//!   "Compartments"). After it, the certificate is no longer renewed.
//! - **The reception conditions** (OFII), a state machine ([`ReceptionStatus`]):
//!
//! ```text
//! AWAITING_OFFER ─offer (household, accommodation or not)→ OFFERED ─accept→ ACCEPTED ─suspend (reason)→ SUSPENDED
//!                                                             └─refuse→ REFUSED        ACCEPTED ←reinstate─┘
//! any but CLOSED ─final decision recorded (prefecture)→ CLOSED, the conditions ending on `closes_on`
//! ```
//!
//! - Refusing the offer forfeits the conditions, the allowance included (L.551-15: the person who refuses the
//!   offer, or the accommodation it proposes, may not claim them): REFUSED is final here; a later request on
//!   vulnerability grounds would be a new decision, not modelled yet.
//! - Suspension is **an agent's decision**, never automatic on a missed appointment: the law requires a written,
//!   reasoned, individual decision that weighs the person's vulnerability after they could present their
//!   observations (L.551-16). The agent names the reason; for a missed appointment, the appointment itself, which
//!   must be the person's and marked missed. The allowance stops from the day of the suspension; reinstatement
//!   resumes it from its day. The person is notified (`asylum.receptionSuspended`).
//! - The end of rights: the conditions end at the end of the month following the notification of the final
//!   decision (L.551-13 for the allowance, "au terme du mois qui suit celui de la notification de la décision
//!   définitive"; research §1.5 step 7).
//!
//! The allowance is computed by pure functions ([`allowance`]) from the household, the accommodation and the
//! dated rates of the catalogue. Every change is one [`AsylumEvent`] and one more version; a refused command is a
//! typed error and changes nothing. Who may do what is [`policy`]; the use cases are [`commands`].

pub mod allowance;
pub mod commands;
pub mod policy;
mod repository;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use uuid::Uuid;

pub use allowance::{AllowanceScale, Month, MonthlyAllowance};
pub use repository::{AsylumChange, AsylumRepository};

use crate::appointment::AppointmentId;
use crate::dossier::ActorRef;
use crate::permit::{DocumentNumber, ResidenceDocumentId};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Refusal};

pub use crate::household::Household;

/// Longest working note an OFII agent may attach to a suspension, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// An asylum file's id (UUID v7: ordering by id is ordering by registration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AsylumFileId(Uuid);

impl AsylumFileId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

coded_enum!(
    /// The procedure class the prefecture decides at the desk (L.531-22 ff.).
    ProcedureClass {
        /// The normal procedure.
        Normal => "NORMAL",
        /// The accelerated procedure (safe country of origin, late claim, …).
        Accelerated => "ACCELERATED",
        /// Another EU state is responsible (Dublin III regulation): transfer procedure.
        Dublin => "DUBLIN",
    }
);

coded_enum!(
    /// Where the reception conditions stand.
    ReceptionStatus {
        /// Registered; OFII has not made its offer yet.
        AwaitingOffer => "AWAITING_OFFER",
        /// OFII offered the conditions; the person has not answered.
        Offered => "OFFERED",
        /// Accepted: the allowance runs.
        Accepted => "ACCEPTED",
        /// Refused: no conditions, no allowance. Final.
        Refused => "REFUSED",
        /// Suspended by an OFII decision: the allowance stopped on the suspension's day.
        Suspended => "SUSPENDED",
        /// Ended by the final decision on the claim: the conditions run until `closes_on`. Final.
        Closed => "CLOSED",
    }
);

coded_enum!(
    /// Why OFII suspends the conditions (L.551-16 lists the grounds).
    SuspensionReason {
        /// The person missed an appointment with the authorities without a valid reason.
        MissedAppointment => "MISSED_APPOINTMENT",
        /// The person left the accommodation offered.
        AccommodationAbandoned => "ACCOMMODATION_ABANDONED",
        /// The person did not answer a request for information about their claim.
        InformationWithheld => "INFORMATION_WITHHELD",
    }
);

coded_enum!(
    /// The outcome of the final decision on the claim (OFPRA, or the CNDA on appeal).
    DecisionOutcome {
        /// Refugee status granted.
        RefugeeStatus => "REFUGEE_STATUS",
        /// Subsidiary protection granted.
        SubsidiaryProtection => "SUBSIDIARY_PROTECTION",
        /// The claim was rejected.
        Rejected => "REJECTED",
        /// The claim was inadmissible.
        Inadmissible => "INADMISSIBLE",
        /// The claim was closed (withdrawn, abandoned).
        Closure => "CLOSURE",
    }
);

coded_enum!(
    /// Who took the final decision.
    DecisionBody {
        /// The French office for the protection of refugees and stateless persons.
        Ofpra => "OFPRA",
        /// The national court of asylum, on appeal.
        Cnda => "CNDA",
    }
);

coded_enum!(
    /// What a change records, as the timeline shows it.
    AsylumAction {
        /// Registration at the desk (opens the file, issues the certificate).
        Register => "REGISTER",
        /// A new certificate replacing the previous one.
        RenewCertificate => "RENEW_CERTIFICATE",
        /// The final decision, recorded as an external fact.
        RecordFinalDecision => "RECORD_FINAL_DECISION",
        /// OFII's offer of reception conditions.
        Offer => "OFFER",
        /// The person accepted the offer.
        Accept => "ACCEPT",
        /// The person refused the offer.
        Refuse => "REFUSE",
        /// OFII suspended the conditions.
        Suspend => "SUSPEND",
        /// OFII reinstated them.
        Reinstate => "REINSTATE",
    }
);

/// How long the certificate of a procedure class is valid: catalogue data with effective dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateValidity {
    /// The first certificate's validity, in months.
    pub first_months: u32,
    /// Each renewal's validity, in months.
    pub renewal_months: u32,
}

/// The last day of a certificate valid `months` months from `from` (the day before the same date `months` later).
pub fn certificate_end(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// The last day of the month following the month of `notified_on`: when the reception conditions end after the
/// final decision (L.551-13).
pub fn end_of_following_month(notified_on: NaiveDate) -> NaiveDate {
    let first_of_month = notified_on.with_day(1).unwrap_or(notified_on);
    first_of_month.checked_add_months(Months::new(2)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// OFII's offer of reception conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    /// The household it covers.
    pub household: Household,
    /// Whether a place of accommodation is offered. Without one, each adult gets the allowance's additional daily
    /// amount (the person expressed a need for accommodation and none could be offered: OFII records `false`
    /// only then, see [`allowance`]).
    pub accommodation_offered: bool,
    /// When.
    pub offered_at: DateTime<Utc>,
}

/// A suspension of the conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    /// The first day without the allowance.
    pub from: NaiveDate,
    /// The day of the reinstatement (paid again), while none, the suspension lasts.
    pub until: Option<NaiveDate>,
    /// Why.
    pub reason: SuspensionReason,
    /// The missed appointment, for [`SuspensionReason::MissedAppointment`].
    pub appointment: Option<AppointmentId>,
    /// OFII's working note: OFII's compartment only.
    pub note: Option<String>,
    /// Who decided it.
    pub decided_by: ActorRef,
    /// When.
    pub decided_at: DateTime<Utc>,
}

impl Suspension {
    /// Whether the allowance is suspended on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day < until)
    }
}

/// The current certificate, as the file keeps it (the document itself is in the person's residence documents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentCertificate {
    /// The document.
    pub id: ResidenceDocumentId,
    /// Its number.
    pub number: DocumentNumber,
    /// Its last day.
    pub valid_until: NaiveDate,
    /// How many renewals came before it (0 for the first certificate).
    pub renewals: u16,
}

/// The final decision on the claim, an external fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalDecision {
    /// The outcome.
    pub outcome: DecisionOutcome,
    /// Who decided.
    pub body: DecisionBody,
    /// The day the decision was notified (OFPRA) or read (CNDA).
    pub notified_on: NaiveDate,
}

/// What a command does to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A new certificate replaces the current one (the use case issues the document).
    RenewCertificate(CurrentCertificate),
    /// The final decision.
    RecordFinalDecision(FinalDecision),
    /// OFII's offer.
    Offer {
        /// The household.
        household: Household,
        /// Whether accommodation is offered.
        accommodation_offered: bool,
    },
    /// The person's answer: accepted (`true`) or refused.
    Answer(bool),
    /// A suspension from today.
    Suspend {
        /// Why.
        reason: SuspensionReason,
        /// The missed appointment (checked by the use case).
        appointment: Option<AppointmentId>,
        /// OFII's working note.
        note: Option<String>,
    },
    /// Reinstatement from today.
    Reinstate,
}

impl Step {
    /// The action the step records.
    pub const fn action(&self) -> AsylumAction {
        match self {
            Self::RenewCertificate(_) => AsylumAction::RenewCertificate,
            Self::RecordFinalDecision(_) => AsylumAction::RecordFinalDecision,
            Self::Offer { .. } => AsylumAction::Offer,
            Self::Answer(true) => AsylumAction::Accept,
            Self::Answer(false) => AsylumAction::Refuse,
            Self::Suspend { .. } => AsylumAction::Suspend,
            Self::Reinstate => AsylumAction::Reinstate,
        }
    }
}

/// The reception transition table: whether `action` may follow `status` (the claim's own steps — renewal,
/// final decision — are checked against the final decision instead).
pub const fn permits(status: ReceptionStatus, action: AsylumAction) -> bool {
    use AsylumAction as A;
    use ReceptionStatus as S;
    match action {
        A::Register => false,
        A::RenewCertificate | A::RecordFinalDecision => true,
        A::Offer => matches!(status, S::AwaitingOffer),
        A::Accept | A::Refuse => matches!(status, S::Offered),
        A::Suspend => matches!(status, S::Accepted),
        A::Reinstate => matches!(status, S::Suspended),
    }
}

/// One change of a file, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsylumEvent {
    /// The file.
    pub file: AsylumFileId,
    /// The file's version right after the change (1 for the registration).
    pub sequence: u32,
    /// What was recorded.
    pub action: AsylumAction,
    /// Who.
    pub actor: ActorRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// The parts of a file as storage keeps them; [`AsylumFile::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsylumFileParts {
    /// Id.
    pub id: AsylumFileId,
    /// The claimant.
    pub person: PersonId,
    /// The département of the desk, which is also the OFII direction in charge.
    pub territory: Territory,
    /// The procedure class.
    pub procedure_class: ProcedureClass,
    /// Version (1 at registration, one more per change).
    pub version: u32,
    /// When the claim was registered.
    pub registered_at: DateTime<Utc>,
    /// The current certificate.
    pub certificate: CurrentCertificate,
    /// The final decision, once recorded.
    pub final_decision: Option<FinalDecision>,
    /// Where the reception conditions stand.
    pub reception: ReceptionStatus,
    /// OFII's offer, once made.
    pub offer: Option<Offer>,
    /// When the person answered it.
    pub answered_at: Option<DateTime<Utc>>,
    /// The first day of the allowance (the day the offer was accepted).
    pub accepted_on: Option<NaiveDate>,
    /// The suspensions, oldest first.
    pub suspensions: Vec<Suspension>,
    /// The last day of the conditions, once the final decision is recorded.
    pub closes_on: Option<NaiveDate>,
}

/// A person's asylum file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsylumFile(AsylumFileParts);

impl AsylumFile {
    /// Registers a claim at the desk, with its first certificate. Returns the file and its first event.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] unless `actor` is a prefecture desk agent or instructor of `territory`.
    pub fn register(
        id: AsylumFileId,
        person: PersonId,
        territory: Territory,
        procedure_class: ProcedureClass,
        certificate: CurrentCertificate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(Self, AsylumEvent), Error> {
        if !policy::may_register(actor, &territory) {
            return Err(Error::NotAllowed { action: "register an asylum claim in", entity: "territory" });
        }
        let file = Self(AsylumFileParts {
            id,
            person,
            territory,
            procedure_class,
            version: 1,
            registered_at: now,
            certificate,
            final_decision: None,
            reception: ReceptionStatus::AwaitingOffer,
            offer: None,
            answered_at: None,
            accepted_on: None,
            suspensions: Vec::new(),
            closes_on: None,
        });
        let event = file.event(AsylumAction::Register, actor, now);
        Ok((file, event))
    }

    /// Rehydrates a stored file, checking that its parts agree with its status.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the disagreement.
    pub fn restore(parts: AsylumFileParts) -> Result<Self, Error> {
        use ReceptionStatus as S;
        let bad = |what: &str| Err(Error::invalid("asylumFile", what.to_owned()));
        if parts.version == 0 {
            return bad("version 0");
        }
        let offered = parts.offer.is_some();
        let answered = parts.answered_at.is_some();
        match parts.reception {
            S::AwaitingOffer if offered || answered => return bad("an offer before the offer"),
            S::Offered if !offered || answered => return bad("an offer without its answer"),
            S::Accepted | S::Suspended if parts.accepted_on.is_none() => return bad("accepted without a day"),
            S::Refused if !answered || parts.accepted_on.is_some() => return bad("refused yet accepted"),
            S::Closed if parts.closes_on.is_none() || parts.final_decision.is_none() => {
                return bad("closed without its end");
            }
            _ => {}
        }
        let open_suspensions = parts.suspensions.iter().filter(|s| s.until.is_none()).count();
        let consistent = match parts.reception {
            S::Suspended => open_suspensions == 1,
            // A final decision may come while the conditions are suspended: they stay so until they end.
            S::Closed => open_suspensions <= 1,
            S::AwaitingOffer | S::Offered | S::Accepted | S::Refused => open_suspensions == 0,
        };
        if !consistent {
            return bad("the suspensions do not match the status");
        }
        Ok(Self(parts))
    }

    fn event(&self, action: AsylumAction, actor: &Actor, at: DateTime<Utc>) -> AsylumEvent {
        AsylumEvent { file: self.0.id, sequence: self.0.version, action, actor: ActorRef::of(actor), at }
    }

    /// Applies `step` by `actor` at `now` (`today` is the French date of `now`). On error the file is unchanged.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] for an actor the policy refuses; [`Error::Refused`] with
    /// [`Refusal::AsylumStepOutOfOrder`] when the step cannot follow the status, [`Refusal::AsylumClaimDecided`]
    /// for a renewal or a second decision after the final decision; [`Error::InvalidInput`] for a decision
    /// notified in the future or a note too long.
    pub fn apply(&mut self, actor: &Actor, step: Step, now: DateTime<Utc>) -> Result<AsylumEvent, Error> {
        let action = step.action();
        let allowed = match action {
            AsylumAction::RenewCertificate | AsylumAction::RecordFinalDecision => policy::may_manage_claim(actor, self),
            AsylumAction::Register => false,
            AsylumAction::Offer
            | AsylumAction::Accept
            | AsylumAction::Refuse
            | AsylumAction::Suspend
            | AsylumAction::Reinstate => policy::may_manage_reception(actor, self),
        };
        if !allowed {
            return Err(Error::NotAllowed { action: "change", entity: "asylum file" });
        }
        if !permits(self.0.reception, action) {
            return Err(Error::Refused(Refusal::AsylumStepOutOfOrder));
        }
        let today = crate::clock::france_date(now);
        let mut next = self.0.clone();
        match step {
            Step::RenewCertificate(certificate) => {
                if next.final_decision.is_some() {
                    return Err(Error::Refused(Refusal::AsylumClaimDecided));
                }
                next.certificate = certificate;
            }
            Step::RecordFinalDecision(decision) => {
                if next.final_decision.is_some() {
                    return Err(Error::Refused(Refusal::AsylumClaimDecided));
                }
                if decision.notified_on > today {
                    return Err(Error::invalid("notifiedOn", "a decision notified today or earlier"));
                }
                next.final_decision = Some(decision);
                next.closes_on = Some(end_of_following_month(decision.notified_on));
                next.reception = ReceptionStatus::Closed;
            }
            Step::Offer { household, accommodation_offered } => {
                next.offer = Some(Offer { household, accommodation_offered, offered_at: now });
                next.reception = ReceptionStatus::Offered;
            }
            Step::Answer(accepted) => {
                next.answered_at = Some(now);
                if accepted {
                    next.accepted_on = Some(today);
                    next.reception = ReceptionStatus::Accepted;
                } else {
                    next.reception = ReceptionStatus::Refused;
                }
            }
            Step::Suspend { reason, appointment, note } => {
                if reason == SuspensionReason::MissedAppointment && appointment.is_none() {
                    return Err(Error::invalid("appointmentId", "the appointment the person missed"));
                }
                if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
                    return Err(Error::invalid("note", format!("at most {MAX_NOTE_CHARS} characters")));
                }
                next.suspensions.push(Suspension {
                    from: today,
                    until: None,
                    reason,
                    appointment,
                    note: note.filter(|n| !n.trim().is_empty()),
                    decided_by: ActorRef::of(actor),
                    decided_at: now,
                });
                next.reception = ReceptionStatus::Suspended;
            }
            Step::Reinstate => {
                if let Some(open) = next.suspensions.iter_mut().find(|s| s.until.is_none()) {
                    open.until = Some(today.max(open.from));
                }
                next.reception = ReceptionStatus::Accepted;
            }
        }
        next.version += 1;
        self.0 = next;
        Ok(self.event(action, actor, now))
    }

    /// Id.
    pub const fn id(&self) -> AsylumFileId {
        self.0.id
    }

    /// The claimant.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The desk's département, which is also the OFII direction in charge.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// The procedure class.
    pub const fn procedure_class(&self) -> ProcedureClass {
        self.0.procedure_class
    }

    /// Version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// When the claim was registered.
    pub const fn registered_at(&self) -> DateTime<Utc> {
        self.0.registered_at
    }

    /// The current certificate.
    pub const fn certificate(&self) -> &CurrentCertificate {
        &self.0.certificate
    }

    /// The final decision, once recorded.
    pub const fn final_decision(&self) -> Option<&FinalDecision> {
        self.0.final_decision.as_ref()
    }

    /// Where the reception conditions stand.
    pub const fn reception(&self) -> ReceptionStatus {
        self.0.reception
    }

    /// OFII's offer.
    pub const fn offer(&self) -> Option<&Offer> {
        self.0.offer.as_ref()
    }

    /// When the person answered the offer.
    pub const fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }

    /// The first day of the allowance.
    pub const fn accepted_on(&self) -> Option<NaiveDate> {
        self.0.accepted_on
    }

    /// The suspensions, oldest first.
    pub fn suspensions(&self) -> &[Suspension] {
        &self.0.suspensions
    }

    /// The last day of the conditions, once the final decision is recorded.
    pub const fn closes_on(&self) -> Option<NaiveDate> {
        self.0.closes_on
    }

    /// The key of the unique index "one open claim per person": the person's id until the final decision.
    pub fn open_key(&self) -> Option<String> {
        self.0.final_decision.is_none().then(|| self.0.person.as_uuid().to_string())
    }

    /// Whether the allowance is due on `day`: the offer accepted on or before it, not suspended that day, and
    /// the conditions not ended.
    pub fn entitled_on(&self, day: NaiveDate) -> bool {
        self.0.accepted_on.is_some_and(|from| from <= day)
            && self.0.closes_on.is_none_or(|last| day <= last)
            && !self.0.suspensions.iter().any(|s| s.covers(day))
    }
}

#[cfg(test)]
mod tests;
