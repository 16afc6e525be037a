//! OFII's medical visit (CESEDA R.313-1 ff., the 2009 order): a foreigner admitted with a long-stay visa
//! (VLS-TS) or a first permit is examined by an OFII doctor (radiography and examination), which ends in the
//! medical certificate ("certificat médical OFII") the person needs for their file.
//!
//! ```text
//! record visit → CERTIFICATE_ISSUED (final)
//!              → FURTHER_EXAMINATION (a follow-up is due on a date) ─follow-up→ any outcome
//!              → NOT_ATTENDED ─follow-up→ any outcome
//! ```
//!
//! Choices:
//! - **One visit record per medical visit procedure**, its follow-ups recorded on it: the record carries the
//!   latest outcome, the first and the latest examination, and the certificate's date once issued. A follow-up
//!   on a visit whose certificate is issued is [`Refusal::MedicalVisitClosed`].
//! - **Clinical notes are medical content** ([`ClinicalNotes`]): only OFII doctors of the territory read them
//!   ([`policy::can_read_visit_notes`]); their `Debug` never prints them. A follow-up's notes are appended to the
//!   earlier ones (dated), so no examination's notes are lost.
//! - **Everyone else who may see the person** (the person, prefecture agents and OFII agents of the territory)
//!   sees the outcome, the dates and whether the certificate was issued ([`policy::can_view_visit`]).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::case::Step;
use super::policy;
use crate::appointment::AppointmentId;
use crate::dossier::DossierId;
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Refusal};

/// A medical visit's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MedicalVisitId(Uuid);

impl MedicalVisitId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// The OFII doctor's clinical notes: medical content, read by OFII doctors of the territory only. Its `Debug`
/// never shows the text.
#[derive(Clone, PartialEq, Eq)]
pub struct ClinicalNotes(String);

impl ClinicalNotes {
    /// The longest notes accepted, in characters (all examinations together).
    pub const MAX_CHARS: usize = 20_000;

    /// Accepts non-blank notes of at most [`Self::MAX_CHARS`] characters.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on the `clinicalNotes` field; the message never quotes the text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("clinicalNotes", "the notes cannot be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(Error::invalid("clinicalNotes", format!("at most {} characters", Self::MAX_CHARS)));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text — to be shown only to those [`policy::can_read_visit_notes`] allows.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// These notes followed by a follow-up's, dated, within the length limit.
    fn followed_by(&self, later: &Self, at: DateTime<Utc>) -> Result<Self, Error> {
        Self::parse(&format!("{}\n\n[{}] {}", self.0, at.date_naive(), later.0))
    }
}

impl fmt::Debug for ClinicalNotes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClinicalNotes(<medical content>)")
    }
}

/// The outcome of an examination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitOutcome {
    /// The person is fit: the OFII medical certificate is issued. Final.
    CertificateIssued,
    /// A further examination is needed, due on the date.
    FurtherExamination {
        /// The date by which the follow-up is due.
        due_on: NaiveDate,
    },
    /// The person did not come.
    NotAttended,
}

impl VisitOutcome {
    /// The stable code (API and storage).
    pub const fn code(self) -> &'static str {
        match self {
            Self::CertificateIssued => "CERTIFICATE_ISSUED",
            Self::FurtherExamination { .. } => "FURTHER_EXAMINATION",
            Self::NotAttended => "NOT_ATTENDED",
        }
    }

    /// Builds an outcome from its code and due date: a due date exactly for `FURTHER_EXAMINATION`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `outcome` (unknown code) or `followUpDueOn`.
    pub fn from_parts(code: &str, due_on: Option<NaiveDate>) -> Result<Self, Error> {
        match (code, due_on) {
            ("CERTIFICATE_ISSUED", None) => Ok(Self::CertificateIssued),
            ("NOT_ATTENDED", None) => Ok(Self::NotAttended),
            ("FURTHER_EXAMINATION", Some(due_on)) => Ok(Self::FurtherExamination { due_on }),
            ("FURTHER_EXAMINATION", None) => Err(Error::invalid("followUpDueOn", "required for a further examination")),
            ("CERTIFICATE_ISSUED" | "NOT_ATTENDED", Some(_)) => {
                Err(Error::invalid("followUpDueOn", "only for a further examination"))
            }
            _ => Err(Error::invalid("outcome", "unknown outcome")),
        }
    }

    /// The follow-up's due date, for a further examination.
    pub const fn due_on(self) -> Option<NaiveDate> {
        match self {
            Self::FurtherExamination { due_on } => Some(due_on),
            Self::CertificateIssued | Self::NotAttended => None,
        }
    }

    fn check(self, now: DateTime<Utc>) -> Result<Self, Error> {
        match self.due_on() {
            Some(due_on) if due_on <= now.date_naive() => Err(Error::invalid("followUpDueOn", "must be a future date")),
            Some(_) | None => Ok(self),
        }
    }
}

/// What the doctor records at an examination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examination {
    /// The outcome.
    pub outcome: VisitOutcome,
    /// The clinical notes, if any (medical content).
    pub notes: Option<ClinicalNotes>,
}

/// What a new visit is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitSubject {
    /// The person examined.
    pub person: PersonId,
    /// The territory of the OFII direction.
    pub territory: Territory,
    /// The dossier the visit is for, if any (checked to be the person's).
    pub dossier: Option<DossierId>,
    /// The appointment the visit took place at, if any (checked to be the person's).
    pub appointment: Option<AppointmentId>,
}

/// The parts of a visit as storage keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalVisitParts {
    /// Id.
    pub id: MedicalVisitId,
    /// The person, territory, dossier and appointment.
    pub subject: VisitSubject,
    /// The latest outcome.
    pub outcome: VisitOutcome,
    /// All the examinations' notes, dated (medical content).
    pub notes: Option<ClinicalNotes>,
    /// The first examination: by whom, when.
    pub first: Step,
    /// The latest examination (the first one while there was no follow-up).
    pub latest: Step,
    /// The number of follow-ups recorded.
    pub follow_ups: u32,
    /// The version (optimistic concurrency).
    pub version: u32,
}

/// A medical visit and its follow-ups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalVisit(MedicalVisitParts);

impl MedicalVisit {
    /// An OFII doctor of the territory records the first examination.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] for anyone but an OFII doctor of the territory; [`Error::InvalidInput`] for a due
    /// date that is not in the future.
    pub fn record(
        id: MedicalVisitId,
        actor: &Actor,
        subject: VisitSubject,
        examination: Examination,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let by = doctor(actor, &subject.territory)?;
        let outcome = examination.outcome.check(now)?;
        let step = Step { by, at: now };
        Ok(Self(MedicalVisitParts {
            id,
            subject,
            outcome,
            notes: examination.notes,
            first: step.clone(),
            latest: step,
            follow_ups: 0,
            version: 1,
        }))
    }

    /// Rehydrates a stored visit.
    pub const fn restore(parts: MedicalVisitParts) -> Self {
        Self(parts)
    }

    /// An OFII doctor of the territory records a follow-up examination.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] for anyone but an OFII doctor of the territory; [`Refusal::MedicalVisitClosed`]
    /// once the certificate is issued; [`Error::InvalidInput`] for a bad due date or notes too long. The visit
    /// is unchanged on error.
    pub fn follow_up(&mut self, actor: &Actor, examination: Examination, now: DateTime<Utc>) -> Result<(), Error> {
        let by = doctor(actor, &self.0.subject.territory)?;
        if self.0.outcome == VisitOutcome::CertificateIssued {
            return Err(Error::Refused(Refusal::MedicalVisitClosed));
        }
        let outcome = examination.outcome.check(now)?;
        let notes = match (&self.0.notes, examination.notes) {
            (Some(earlier), Some(later)) => Some(earlier.followed_by(&later, now)?),
            (None, later) => later,
            (Some(earlier), None) => Some(earlier.clone()),
        };
        self.0.outcome = outcome;
        self.0.notes = notes;
        self.0.latest = Step { by, at: now };
        self.0.follow_ups += 1;
        self.0.version += 1;
        Ok(())
    }

    /// Id.
    pub const fn id(&self) -> MedicalVisitId {
        self.0.id
    }

    /// The person examined.
    pub const fn person(&self) -> PersonId {
        self.0.subject.person
    }

    /// The territory.
    pub const fn territory(&self) -> &Territory {
        &self.0.subject.territory
    }

    /// The dossier, if linked.
    pub const fn dossier(&self) -> Option<DossierId> {
        self.0.subject.dossier
    }

    /// The appointment, if linked.
    pub const fn appointment(&self) -> Option<AppointmentId> {
        self.0.subject.appointment
    }

    /// The latest outcome.
    pub const fn outcome(&self) -> VisitOutcome {
        self.0.outcome
    }

    /// The clinical notes — check [`policy::can_read_visit_notes`] first.
    pub const fn notes(&self) -> Option<&ClinicalNotes> {
        self.0.notes.as_ref()
    }

    /// The first examination.
    pub const fn first(&self) -> &Step {
        &self.0.first
    }

    /// The latest examination.
    pub const fn latest(&self) -> &Step {
        &self.0.latest
    }

    /// The number of follow-ups.
    pub const fn follow_ups(&self) -> u32 {
        self.0.follow_ups
    }

    /// When the certificate was issued (at the latest examination), if it was.
    pub fn certificate_issued_at(&self) -> Option<DateTime<Utc>> {
        (self.0.outcome == VisitOutcome::CertificateIssued).then_some(self.0.latest.at)
    }

    /// The version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }
}

fn doctor(actor: &Actor, territory: &Territory) -> Result<String, Error> {
    match actor.agent() {
        Some(agent) if policy::is_doctor_of(actor, territory) => Ok(agent.id.clone()),
        Some(_) | None => Err(Error::NotAllowed { action: "record", entity: "medical visit" }),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone as _, Utc};
    use uuid::Uuid;

    use super::{ClinicalNotes, Examination, MedicalVisit, MedicalVisitId, VisitOutcome, VisitSubject};
    use crate::actor::Agent;
    use crate::person::PersonId;
    use crate::territory::Territory;
    use crate::{Actor, AgentRole, Error, Refusal};

    fn agent(role: AgentRole, territory: &str) -> Actor {
        Actor::Agent(Agent {
            id: "dr".into(),
            role,
            organisation: "OFII".into(),
            territories: vec![Territory::parse(territory).expect("territory")],
        })
    }

    fn exam(code: &str, due: Option<chrono::NaiveDate>, notes: &str) -> Examination {
        Examination {
            outcome: VisitOutcome::from_parts(code, due).expect("outcome"),
            notes: Some(ClinicalNotes::parse(notes).expect("notes")),
        }
    }

    fn subject() -> VisitSubject {
        VisitSubject {
            person: PersonId::from_uuid(Uuid::nil()),
            territory: Territory::parse("75").expect("territory"),
            dossier: None,
            appointment: None,
        }
    }

    #[test]
    fn a_further_examination_turns_into_a_certificate_then_the_visit_is_closed() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("date");
        let due = now.date_naive() + chrono::Days::new(30);
        let doctor = agent(AgentRole::OfiiDoctor, "75");
        let id = MedicalVisitId::from_uuid(Uuid::nil());
        let mut visit =
            MedicalVisit::record(id, &doctor, subject(), exam("FURTHER_EXAMINATION", Some(due), "x-ray: opacity"), now)
                .expect("recorded");
        assert_eq!(visit.certificate_issued_at(), None);
        visit.follow_up(&doctor, exam("CERTIFICATE_ISSUED", None, "clear"), now).expect("follow-up");
        assert_eq!((visit.certificate_issued_at(), visit.version(), visit.follow_ups()), (Some(now), 2, 1));
        assert!(visit.notes().is_some_and(|n| n.as_str().contains("opacity") && n.as_str().contains("clear")));
        let again = visit.follow_up(&doctor, exam("NOT_ATTENDED", None, "n"), now);
        assert!(matches!(again, Err(Error::Refused(Refusal::MedicalVisitClosed))));
        assert!(!format!("{visit:?}").contains("opacity"));
    }

    #[test]
    fn only_a_doctor_of_the_territory_records_and_due_dates_are_in_the_future() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("date");
        let id = MedicalVisitId::from_uuid(Uuid::nil());
        for actor in [agent(AgentRole::OfiiAgent, "75"), agent(AgentRole::OfiiDoctor, "13")] {
            let refused = MedicalVisit::record(id, &actor, subject(), exam("NOT_ATTENDED", None, "n"), now);
            assert!(matches!(refused, Err(Error::NotAllowed { .. })));
        }
        let past = exam("FURTHER_EXAMINATION", Some(now.date_naive()), "n");
        let refused = MedicalVisit::record(id, &agent(AgentRole::OfiiDoctor, "75"), subject(), past, now);
        assert!(matches!(refused, Err(Error::InvalidInput { field: "followUpDueOn", .. })));
        assert!(VisitOutcome::from_parts("FURTHER_EXAMINATION", None).is_err());
        assert!(VisitOutcome::from_parts("CERTIFICATE_ISSUED", Some(now.date_naive())).is_err());
    }
}
