//! The republican integration contract (CIR, CESEDA L.413-2 to L.413-7) — OFII's side of the journey for a
//! foreigner admitted to settle — and the 2026 facts on the person it leads to (the civic exam and the A2/B1/B2
//! language certifications).
//!
//! The contract is a state machine ([`ContractStatus`]), run by OFII agents of the territorial direction:
//!
//! ```text
//! CONVOKED ─receive→ RECEIVED ─sign→ SIGNED ─attendance→ TRAINING ─end interview→ END_INTERVIEW_DONE ─attest→ ATTESTED
//!                                       └────────extend (+1 year, once)───┴→ EXTENDED ─end interview→ …
//! CONVOKED, RECEIVED, SIGNED, TRAINING, EXTENDED ─exempt (reason)→ EXEMPTED
//! ```
//!
//! - The reception interview records the language positioning: the level found, the hours of French prescribed
//!   (0, 100, 200, 400 or 600) and the level aimed at.
//! - The contract is signed on a date, in a language the person understands (ISO 639): the law requires that
//!   they understand what they sign. It runs one year from the signature; an extension adds one year, once.
//! - Training: the four civic-training days, each recorded present, absent with an excuse or absent, and the
//!   hours of French attended. The first attendance recorded moves a signed contract into training.
//! - The end-of-contract interview needs every civic day recorded.
//! - The attestation says whether the person was **assiduous** ([`assiduous`]): every civic day attended or
//!   excused, and at least the share of the prescribed language hours that the [`IntegrationRules`] in force
//!   say. The prefecture decides the multi-year card on this result alone.
//!
//! Every change is one [`IntegrationEvent`] and one more version; a refused command is a typed error and changes
//! nothing (the contract is changed on a copy, kept only when every check passed). Who may do what is
//! [`policy`]: the pedagogy (positioning, attendance day by day) stays in OFII's compartment, the prefecture sees
//! [`IntegrationResults`] only. The use cases are [`commands`].

pub mod commands;
pub mod policy;
mod repository;

use chrono::{DateTime, Months, NaiveDate, Utc};
use uuid::Uuid;

pub use repository::{IntegrationRepository, MAX_CERTIFICATIONS};

use crate::appointment::LanguageCode;
use crate::dossier::{ActorRef, DossierId};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Refusal};

/// The civic-training days of a contract.
pub const CIVIC_DAYS: usize = 4;

/// Longest certifier's name, in characters.
pub const MAX_CERTIFIER_CHARS: usize = 100;

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID minted by the caller.
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }
    };
}

typed_id!(
    /// An integration contract's id (UUID v7: ordering by id is ordering by convocation).
    IntegrationContractId
);
typed_id!(
    /// A certification's id (UUID v7).
    CertificationId
);

coded_enum!(
    /// Where a contract stands.
    ContractStatus {
        /// OFII convoked the person to the reception platform.
        Convoked => "CONVOKED",
        /// The reception interview and the language positioning are done.
        Received => "RECEIVED",
        /// The person signed the contract.
        Signed => "SIGNED",
        /// Training has started (some attendance is recorded).
        Training => "TRAINING",
        /// Extended by one year (once); training goes on.
        Extended => "EXTENDED",
        /// The end-of-contract interview is done.
        EndInterviewDone => "END_INTERVIEW_DONE",
        /// OFII attested the contract, assiduous or not. Final.
        Attested => "ATTESTED",
        /// The person is exempted from the contract. Final.
        Exempted => "EXEMPTED",
    }
);

impl ContractStatus {
    /// Whether nothing may change any more.
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Attested | Self::Exempted)
    }
}

coded_enum!(
    /// A CEFR level of French (A0: below A1, nothing acquired yet).
    LanguageLevel {
        /// Below A1.
        A0 => "A0",
        /// Breakthrough.
        A1 => "A1",
        /// Waystage (the 2026 level for a multi-year card).
        A2 => "A2",
        /// Threshold (the 2026 level for a resident card).
        B1 => "B1",
        /// Vantage (the 2026 level for naturalisation).
        B2 => "B2",
        /// Effective operational proficiency.
        C1 => "C1",
        /// Mastery.
        C2 => "C2",
    }
);

coded_enum!(
    /// Attendance at one civic-training day.
    Attendance {
        /// Attended.
        Present => "PRESENT",
        /// Absent with a reason OFII accepted (illness, work, a convocation elsewhere).
        AbsentExcused => "ABSENT_EXCUSED",
        /// Absent without a valid reason.
        Absent => "ABSENT",
    }
);

coded_enum!(
    /// Why a person is exempted from the contract (CESEDA L.413-5 and R.413-2-1).
    ExemptionReason {
        /// Schooled at least three years in a French secondary school, or studied a year in French higher education.
        FrenchSchooling => "FRENCH_SCHOOLING",
        /// A health condition prevents the training (medical certificate, 2025 order's model).
        Health => "HEALTH",
        /// Aged 65 or more.
        Age => "AGE",
        /// Admitted under a status the contract does not concern (student, visitor, temporary worker, talent).
        ExcludedStatus => "EXCLUDED_STATUS",
        /// Left France.
        LeftFrance => "LEFT_FRANCE",
    }
);

coded_enum!(
    /// What a step records, as the timeline shows it.
    IntegrationAction {
        /// Convocation (opens the contract).
        Convoke => "CONVOKE",
        /// Reception interview and positioning.
        Receive => "RECEIVE",
        /// Signature.
        Sign => "SIGN",
        /// One civic day's attendance.
        RecordCivicAttendance => "RECORD_CIVIC_ATTENDANCE",
        /// Language hours attended.
        RecordLanguageHours => "RECORD_LANGUAGE_HOURS",
        /// End-of-contract interview.
        EndInterview => "END_INTERVIEW",
        /// Attestation.
        Attest => "ATTEST",
        /// Extension by a year.
        Extend => "EXTEND",
        /// Exemption.
        Exempt => "EXEMPT",
    }
);

coded_enum!(
    /// The levels the 2026 certified tests attest (TCF/TEF IRN and the like).
    CertifiedLevel {
        /// For a multi-year card.
        A2 => "A2",
        /// For a resident card.
        B1 => "B1",
        /// For naturalisation.
        B2 => "B2",
    }
);

/// Hours of French prescribed at the positioning: 0, 100, 200, 400 or 600.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrescribedHours(u16);

impl PrescribedHours {
    /// The tracks OFII prescribes.
    pub const TRACKS: [u16; 5] = [0, 100, 200, 400, 600];

    /// Accepts one of [`Self::TRACKS`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `prescribedLanguageHours` otherwise.
    pub fn parse(hours: u16) -> Result<Self, Error> {
        if Self::TRACKS.contains(&hours) {
            Ok(Self(hours))
        } else {
            Err(Error::invalid("prescribedLanguageHours", "one of 0, 100, 200, 400 or 600"))
        }
    }

    /// The hours.
    pub const fn hours(self) -> u16 {
        self.0
    }
}

/// The language positioning of the reception interview (pedagogy: OFII's compartment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Positioning {
    /// The level found by the written and oral tests.
    pub level: LanguageLevel,
    /// The hours of French prescribed.
    pub prescribed_hours: PrescribedHours,
    /// The level the training aims at.
    pub target: LanguageLevel,
}

impl Positioning {
    /// Checks that a prescription aims above the level found (hours spent to stay at the same level would be
    /// a clerical error), and that no hours are prescribed to a person already at the target.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `targetLevel`.
    pub fn check(self) -> Result<Self, Error> {
        match (self.prescribed_hours.hours(), self.target > self.level) {
            (0, true) => Err(Error::invalid("targetLevel", "no hours are prescribed: the target is already reached")),
            (1.., false) => Err(Error::invalid("targetLevel", "hours are prescribed: aim above the level found")),
            (0, false) | (1.., true) => Ok(self),
        }
    }
}

/// The signature of the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The day it was signed.
    pub on: NaiveDate,
    /// The language of the contract the person signed (one they understand).
    pub language: LanguageCode,
}

/// The attestation at the end of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attestation {
    /// When OFII attested.
    pub at: DateTime<Utc>,
    /// Whether the person was assiduous ([`assiduous`]).
    pub assiduous: bool,
}

/// The exemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exemption {
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: ExemptionReason,
}

/// One of the four civic-training days, 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CivicDay(u8);

impl CivicDay {
    /// Accepts 1 to [`CIVIC_DAYS`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `day` otherwise.
    pub fn parse(day: i64) -> Result<Self, Error> {
        u8::try_from(day)
            .ok()
            .filter(|d| (1..=4).contains(d))
            .map(Self)
            .ok_or_else(|| Error::invalid("day", "a civic-training day between 1 and 4"))
    }

    /// The day's number, 1 to 4.
    pub const fn number(self) -> u8 {
        self.0
    }

    const fn index(self) -> usize {
        self.0 as usize - 1
    }
}

/// What an OFII agent records on a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The reception interview, with its positioning.
    Receive(Positioning),
    /// The signature.
    Sign(Signature),
    /// A civic day's attendance (a later record of the same day corrects it).
    CivicAttendance(CivicDay, Attendance),
    /// More hours of French attended (added to those recorded).
    LanguageHours(u16),
    /// The end-of-contract interview took place.
    EndInterview,
    /// Attest the contract; assiduity is computed, not chosen.
    Attest,
    /// Extend by one year.
    Extend,
    /// Exempt, for a reason.
    Exempt(ExemptionReason),
}

impl Step {
    /// The action the step records.
    pub const fn action(&self) -> IntegrationAction {
        match self {
            Self::Receive(_) => IntegrationAction::Receive,
            Self::Sign(_) => IntegrationAction::Sign,
            Self::CivicAttendance(..) => IntegrationAction::RecordCivicAttendance,
            Self::LanguageHours(_) => IntegrationAction::RecordLanguageHours,
            Self::EndInterview => IntegrationAction::EndInterview,
            Self::Attest => IntegrationAction::Attest,
            Self::Extend => IntegrationAction::Extend,
            Self::Exempt(_) => IntegrationAction::Exempt,
        }
    }
}

/// The transition table: whether `action` may follow `status`. Convocation opens a contract and never follows.
pub const fn permits(status: ContractStatus, action: IntegrationAction) -> bool {
    use ContractStatus as S;
    use IntegrationAction as A;
    match action {
        A::Convoke => false,
        A::Receive => matches!(status, S::Convoked),
        A::Sign => matches!(status, S::Received),
        A::RecordCivicAttendance | A::RecordLanguageHours => matches!(status, S::Signed | S::Training | S::Extended),
        A::EndInterview => matches!(status, S::Training | S::Extended),
        A::Attest => matches!(status, S::EndInterviewDone),
        A::Extend => matches!(status, S::Signed | S::Training),
        A::Exempt => matches!(status, S::Convoked | S::Received | S::Signed | S::Training | S::Extended),
    }
}

/// The assiduity rule of the attestation: every civic day attended or excused (an unexcused absence, or a day
/// never recorded, fails it), and at least `rules.language_attendance_percent` % of the prescribed hours of French
/// attended (nothing prescribed, nothing to attend).
pub fn assiduous(
    civic_days: &[Option<Attendance>; CIVIC_DAYS],
    hours_attended: u16,
    prescribed: PrescribedHours,
    rules: &IntegrationRules,
) -> bool {
    let civic = civic_days.iter().all(|day| matches!(day, Some(Attendance::Present | Attendance::AbsentExcused)));
    let language =
        u32::from(hours_attended) * 100 >= u32::from(prescribed.hours()) * u32::from(rules.language_attendance_percent);
    civic && language
}

/// The rules that turn the contract's facts into legal results, as dated catalogue data (the `integration_rule`
/// table, seeded by a migration): an order changes them on a date. A result is computed with the version in force
/// on the day of its fact — the attestation's day, the exam's day — and kept with it, so that a later change never
/// rewrites a past result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegrationRules {
    /// The first day this version applies.
    pub effective_from: NaiveDate,
    /// The share of the prescribed hours of French an assiduous person attended, in percent.
    pub language_attendance_percent: u8,
    /// The civic exam's marks.
    pub civic_exam: ExamMarks,
}

/// How the civic exam is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExamMarks {
    /// The score out of which it is marked.
    pub max_score: u8,
    /// The score from which it is passed.
    pub pass_mark: u8,
}

impl ExamMarks {
    /// Whether `score` passes.
    pub const fn passes(self, score: u8) -> bool {
        score >= self.pass_mark
    }
}

impl IntegrationRules {
    /// Checks a version hangs together: a share between 1 and 100 %, a pass mark within a positive maximum.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field at fault.
    pub fn check(self) -> Result<Self, Error> {
        if !(1..=100).contains(&self.language_attendance_percent) {
            return Err(Error::invalid("languageAttendancePercent", "between 1 and 100"));
        }
        if self.civic_exam.max_score == 0 || self.civic_exam.pass_mark > self.civic_exam.max_score {
            return Err(Error::invalid("civicExam", "a pass mark within a positive maximum score"));
        }
        Ok(self)
    }

    /// The version in force on `day`: the latest to start on or before it.
    ///
    /// # Errors
    /// [`Error::Storage`] when none is: the catalogue lacks data, not a caller's mistake.
    pub fn in_force_on(versions: &[Self], day: NaiveDate) -> Result<Self, Error> {
        versions
            .iter()
            .filter(|v| v.effective_from <= day)
            .max_by_key(|v| v.effective_from)
            .copied()
            .ok_or_else(|| Error::Storage(format!("no integration rules in force on {day}").into()))
    }
}

/// One change of a contract, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationEvent {
    /// The contract.
    pub contract: IntegrationContractId,
    /// The contract's version right after the change (1 for the convocation).
    pub sequence: u32,
    /// What was recorded.
    pub action: IntegrationAction,
    /// Who recorded it.
    pub actor: ActorRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// The parts of a contract as storage keeps them; [`IntegrationContract::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationContractParts {
    /// Id.
    pub id: IntegrationContractId,
    /// The person.
    pub person: PersonId,
    /// The dossier (first permit) that brought the contract, when known.
    pub dossier: Option<DossierId>,
    /// The département of the OFII territorial direction in charge.
    pub territory: Territory,
    /// Where it stands.
    pub status: ContractStatus,
    /// Optimistic concurrency: one more at each change.
    pub version: u32,
    /// When the person was convoked.
    pub convoked_at: DateTime<Utc>,
    /// The positioning, from the reception on.
    pub positioning: Option<Positioning>,
    /// The signature.
    pub signature: Option<Signature>,
    /// Attendance of the civic days, by day.
    pub civic_days: [Option<Attendance>; CIVIC_DAYS],
    /// Hours of French attended.
    pub language_hours: u16,
    /// Whether the contract was extended (once at most).
    pub extended: bool,
    /// When the end-of-contract interview took place.
    pub end_interview_at: Option<DateTime<Utc>>,
    /// The attestation.
    pub attestation: Option<Attestation>,
    /// The exemption.
    pub exemption: Option<Exemption>,
}

/// A person's integration contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationContract(IntegrationContractParts);

impl IntegrationContract {
    /// An OFII agent of `territory` convokes `person`.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor is not an OFII agent of the territory.
    pub fn convoke(
        id: IntegrationContractId,
        person: PersonId,
        dossier: Option<DossierId>,
        territory: Territory,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(Self, IntegrationEvent), Error> {
        if !policy::may_convoke(actor, &territory) {
            return Err(Error::NotAllowed { action: "convoke for an integration contract in", entity: "territory" });
        }
        let contract = Self(IntegrationContractParts {
            id,
            person,
            dossier,
            territory,
            status: ContractStatus::Convoked,
            version: 1,
            convoked_at: now,
            positioning: None,
            signature: None,
            civic_days: [None; CIVIC_DAYS],
            language_hours: 0,
            extended: false,
            end_interview_at: None,
            attestation: None,
            exemption: None,
        });
        let event = contract.event(IntegrationAction::Convoke, actor, now);
        Ok((contract, event))
    }

    /// Rehydrates a stored contract.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the status and its records disagree.
    pub fn restore(parts: IntegrationContractParts) -> Result<Self, Error> {
        use ContractStatus as S;
        let p = &parts;
        let received = p.positioning.is_some();
        let signed = p.signature.is_some();
        let attended = p.civic_days.iter().any(Option::is_some) || p.language_hours > 0;
        let consistent = match p.status {
            S::Convoked => !received && !signed && !attended,
            S::Received => received && !signed && !attended,
            S::Signed => received && signed && !attended && !p.extended,
            S::Training => received && signed && !p.extended,
            S::Extended => received && signed && p.extended,
            S::EndInterviewDone | S::Attested => received && signed,
            S::Exempted => p.exemption.is_some(),
        } && (p.end_interview_at.is_some() == matches!(p.status, S::EndInterviewDone | S::Attested))
            && (p.attestation.is_some() == (p.status == S::Attested))
            && (p.exemption.is_some() == (p.status == S::Exempted))
            && p.version >= 1;
        let within = p.positioning.is_none_or(|pos| p.language_hours <= pos.prescribed_hours.hours());
        if !consistent || !within {
            return Err(Error::invalid("status", "the contract's status and its records disagree"));
        }
        Ok(Self(parts))
    }

    /// Records `step` at `now`, by `actor`: the policy, then the transition table, then the step's own
    /// preconditions. The contract is changed only when every check passes.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not manage the contract; [`Error::Refused`] with
    /// [`Refusal::IntegrationContractClosed`], [`Refusal::AlreadyExtended`], [`Refusal::IntegrationStepOutOfOrder`],
    /// [`Refusal::CivicTrainingIncomplete`] or [`Refusal::LanguageHoursExceeded`]; [`Error::InvalidInput`] for a
    /// malformed positioning or a signature dated in the future.
    pub fn apply(
        &mut self,
        actor: &Actor,
        step: Step,
        now: DateTime<Utc>,
        rules: &IntegrationRules,
    ) -> Result<IntegrationEvent, Error> {
        if !policy::may_manage(actor, self) {
            return Err(Error::NotAllowed { action: "record a step of", entity: "integration contract" });
        }
        let action = step.action();
        let status = self.0.status;
        if !permits(status, action) {
            return Err(Error::Refused(if status.is_closed() {
                Refusal::IntegrationContractClosed
            } else if action == IntegrationAction::Extend && self.0.extended {
                Refusal::AlreadyExtended
            } else {
                Refusal::IntegrationStepOutOfOrder
            }));
        }
        let mut next = self.0.clone();
        match step {
            Step::Receive(positioning) => {
                next.positioning = Some(positioning.check()?);
                next.status = ContractStatus::Received;
            }
            Step::Sign(signature) => {
                if signature.on > crate::clock::france_date(now) {
                    return Err(Error::invalid("signedOn", "a contract is signed today or earlier"));
                }
                if signature.on < crate::clock::france_date(self.0.convoked_at) {
                    return Err(Error::invalid("signedOn", "a contract is signed after the convocation"));
                }
                next.signature = Some(signature);
                next.status = ContractStatus::Signed;
            }
            Step::CivicAttendance(day, attendance) => {
                next.civic_days[day.index()] = Some(attendance);
                next.status = Self::training(status);
            }
            Step::LanguageHours(hours) => {
                let prescribed = self.prescribed_hours().map_or(0, PrescribedHours::hours);
                let total = self.0.language_hours.saturating_add(hours);
                if hours == 0 {
                    return Err(Error::invalid("hours", "at least one hour"));
                }
                if total > prescribed {
                    return Err(Error::Refused(Refusal::LanguageHoursExceeded));
                }
                next.language_hours = total;
                next.status = Self::training(status);
            }
            Step::EndInterview => {
                if next.civic_days.iter().any(Option::is_none) {
                    return Err(Error::Refused(Refusal::CivicTrainingIncomplete));
                }
                next.end_interview_at = Some(now);
                next.status = ContractStatus::EndInterviewDone;
            }
            Step::Attest => {
                let prescribed = self.prescribed_hours().unwrap_or(PrescribedHours(0));
                let assiduous = assiduous(&next.civic_days, next.language_hours, prescribed, rules);
                next.attestation = Some(Attestation { at: now, assiduous });
                next.status = ContractStatus::Attested;
            }
            Step::Extend => {
                next.extended = true;
                next.status = ContractStatus::Extended;
            }
            Step::Exempt(reason) => {
                next.exemption = Some(Exemption { at: now, reason });
                next.status = ContractStatus::Exempted;
            }
        }
        next.version += 1;
        self.0 = next;
        Ok(self.event(action, actor, now))
    }

    /// The status attendance moves a contract to: a signed one starts training; an extended one stays extended.
    const fn training(status: ContractStatus) -> ContractStatus {
        match status {
            ContractStatus::Extended => ContractStatus::Extended,
            ContractStatus::Convoked
            | ContractStatus::Received
            | ContractStatus::Signed
            | ContractStatus::Training
            | ContractStatus::EndInterviewDone
            | ContractStatus::Attested
            | ContractStatus::Exempted => ContractStatus::Training,
        }
    }

    fn event(&self, action: IntegrationAction, actor: &Actor, at: DateTime<Utc>) -> IntegrationEvent {
        IntegrationEvent { contract: self.0.id, sequence: self.0.version, action, actor: ActorRef::of(actor), at }
    }

    /// The id.
    pub const fn id(&self) -> IntegrationContractId {
        self.0.id
    }

    /// The person.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The dossier that brought the contract.
    pub const fn dossier(&self) -> Option<DossierId> {
        self.0.dossier
    }

    /// The territorial direction's département.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// Where it stands.
    pub const fn status(&self) -> ContractStatus {
        self.0.status
    }

    /// The version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// When the person was convoked.
    pub const fn convoked_at(&self) -> DateTime<Utc> {
        self.0.convoked_at
    }

    /// The positioning (pedagogy).
    pub const fn positioning(&self) -> Option<Positioning> {
        self.0.positioning
    }

    /// The hours of French prescribed.
    pub fn prescribed_hours(&self) -> Option<PrescribedHours> {
        self.0.positioning.map(|p| p.prescribed_hours)
    }

    /// The signature.
    pub const fn signature(&self) -> Option<&Signature> {
        self.0.signature.as_ref()
    }

    /// The last day of the contract: a year after the signature, two when extended.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        let years = if self.0.extended { 24 } else { 12 };
        self.0.signature.as_ref().and_then(|s| s.on.checked_add_months(Months::new(years)))
    }

    /// Attendance of the civic days, by day (pedagogy).
    pub const fn civic_days(&self) -> &[Option<Attendance>; CIVIC_DAYS] {
        &self.0.civic_days
    }

    /// How many civic days were attended or excused.
    pub fn civic_days_completed(&self) -> usize {
        self.0.civic_days.iter().filter(|d| matches!(d, Some(Attendance::Present | Attendance::AbsentExcused))).count()
    }

    /// Hours of French attended.
    pub const fn language_hours(&self) -> u16 {
        self.0.language_hours
    }

    /// Whether the contract was extended.
    pub const fn extended(&self) -> bool {
        self.0.extended
    }

    /// When the end-of-contract interview took place.
    pub const fn end_interview_at(&self) -> Option<DateTime<Utc>> {
        self.0.end_interview_at
    }

    /// The attestation.
    pub const fn attestation(&self) -> Option<Attestation> {
        self.0.attestation
    }

    /// The exemption.
    pub const fn exemption(&self) -> Option<Exemption> {
        self.0.exemption
    }

    /// The key that makes "one open contract per person" a unique index: present only while the contract is
    /// open, so an attested or exempted contract never blocks a new one.
    pub fn open_key(&self) -> Option<String> {
        (!self.0.status.is_closed()).then(|| self.0.person.as_uuid().to_string())
    }
}

/// What a certification attests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificationKind {
    /// The 2026 civic exam, with its score (out of the maximum of the [`IntegrationRules`] of its day).
    CivicExam {
        /// The score.
        score: u8,
    },
    /// A certified French test.
    Language {
        /// The level certified.
        level: CertifiedLevel,
        /// Who certified it (France Éducation international for the TCF, the CCI for the TEF…).
        certifier: String,
    },
}

/// A fact on the person: a civic exam taken or a language level certified. Made once, never changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certification {
    /// Id.
    pub id: CertificationId,
    /// Whose.
    pub person: PersonId,
    /// What.
    pub kind: CertificationKind,
    /// The day of the exam or test.
    pub obtained_on: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: ActorRef,
    /// For a civic exam, the marks in force on the exam's day, kept with the fact; `None` for a language test.
    pub exam_marks: Option<ExamMarks>,
}

impl Certification {
    /// An OFII agent records a certification; a civic exam is marked by the `rules` in force on its day.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] for anyone but an OFII agent; [`Error::InvalidInput`] for a score above the maximum
    /// of the day, a blank or long certifier, or a date in the future; [`Error::Storage`] when no rules were in
    /// force on the exam's day.
    pub fn record(
        id: CertificationId,
        person: PersonId,
        kind: CertificationKind,
        obtained_on: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
        rules: &[IntegrationRules],
    ) -> Result<Self, Error> {
        if !policy::may_record_certification(actor) {
            return Err(Error::NotAllowed { action: "record a certification of", entity: "person" });
        }
        if obtained_on > crate::clock::france_date(now) {
            return Err(Error::invalid("obtainedOn", "today or earlier"));
        }
        let (kind, exam_marks) = match kind {
            CertificationKind::Language { level, certifier } => {
                (CertificationKind::Language { level, certifier: certifier.trim().to_owned() }, None)
            }
            exam @ CertificationKind::CivicExam { .. } => {
                (exam, Some(IntegrationRules::in_force_on(rules, obtained_on)?.civic_exam))
            }
        };
        Self::restore(Self {
            id,
            person,
            kind,
            obtained_on,
            recorded_at: now,
            recorded_by: ActorRef::of(actor),
            exam_marks,
        })
    }

    /// Rehydrates a stored certification, re-checking it.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] as [`Certification::record`], and for an exam without its marks (or a language
    /// test with marks).
    pub fn restore(certification: Self) -> Result<Self, Error> {
        match (&certification.kind, certification.exam_marks) {
            (CertificationKind::CivicExam { score }, Some(marks)) if *score > marks.max_score => {
                Err(Error::invalid("score", format!("between 0 and {}", marks.max_score)))
            }
            (CertificationKind::Language { certifier, .. }, None)
                if certifier.trim().is_empty() || certifier.chars().count() > MAX_CERTIFIER_CHARS =>
            {
                Err(Error::invalid("certifier", format!("between 1 and {MAX_CERTIFIER_CHARS} characters")))
            }
            (CertificationKind::CivicExam { .. }, Some(_)) | (CertificationKind::Language { .. }, None) => {
                Ok(certification)
            }
            (CertificationKind::CivicExam { .. }, None) | (CertificationKind::Language { .. }, Some(_)) => {
                Err(Error::invalid("examMarks", "an exam has its marks, a language test has none"))
            }
        }
    }

    /// Whether a civic exam was passed, by the marks of its day; `None` for a language certification.
    pub fn exam_passed(&self) -> Option<bool> {
        match (&self.kind, self.exam_marks) {
            (CertificationKind::CivicExam { score }, Some(marks)) => Some(marks.passes(*score)),
            (CertificationKind::CivicExam { .. } | CertificationKind::Language { .. }, _) => None,
        }
    }
}

/// What the prefecture sees of the integration of a person: results, never the pedagogy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationResults {
    /// The latest contract's status, if the person has one.
    pub contract_status: Option<ContractStatus>,
    /// Whether the contract was attested assiduous (`None` until attested).
    pub assiduous: Option<bool>,
    /// When it was attested.
    pub attested_at: Option<DateTime<Utc>>,
    /// Why the person is exempted, if they are.
    pub exemption: Option<ExemptionReason>,
    /// Whether a civic exam was passed (`None` if none was taken); one pass is enough.
    pub civic_exam_passed: Option<bool>,
    /// The highest language level certified.
    pub language_level: Option<CertifiedLevel>,
}

impl IntegrationResults {
    /// The results of `contract` (the person's latest) and `certifications`.
    pub fn of(contract: Option<&IntegrationContract>, certifications: &[Certification]) -> Self {
        let exams: Vec<bool> = certifications.iter().filter_map(Certification::exam_passed).collect();
        Self {
            contract_status: contract.map(IntegrationContract::status),
            assiduous: contract.and_then(IntegrationContract::attestation).map(|a| a.assiduous),
            attested_at: contract.and_then(IntegrationContract::attestation).map(|a| a.at),
            exemption: contract.and_then(IntegrationContract::exemption).map(|e| e.reason),
            civic_exam_passed: (!exams.is_empty()).then(|| exams.contains(&true)),
            language_level: certifications
                .iter()
                .filter_map(|c| match c.kind {
                    CertificationKind::Language { level, .. } => Some(level),
                    CertificationKind::CivicExam { .. } => None,
                })
                .max(),
        }
    }
}

#[cfg(test)]
mod tests;
