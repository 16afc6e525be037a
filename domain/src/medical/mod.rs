//! The medical compartment (DESIGN.md §3, "Compartments"): the opinion of OFII's college of doctors on a sick
//! foreigner's dossier (CESEDA L.425-9, R.425-11 to R.425-14).
//!
//! An opinion has two parts that never travel together:
//! - the **legal answers** ([`LegalAnswers`]) — care needed, exceptionally serious consequences without it,
//!   treatment effectively available in the country of origin, expected duration, able to travel. They are the
//!   legal output of the compartment: the prefecture decides on them and the person may read them;
//! - the **medical content** ([`MedicalReport`], the rapporteur doctor's report), which only OFII doctors read.
//!
//! This module owns the flow that leads to the opinion ([`case`]: the certificate under seal, the rapporteur's
//! report, the college, the transmission to the prefect), the opinion, their policy ([`policy`]), use cases
//! ([`commands`]) and storage ports ([`MedicalCaseRepository`], [`MedicalOpinionRepository`]).
//!
//! OFII's medical visit of newcomers ([`visit`]: outcome and certificate for all who may see the person, the
//! clinical notes for OFII doctors only) lives here too.
//!
//! Medical content is the certificate's text ([`MedicalCertificate`]) and the report's ([`MedicalReport`]):
//! their `Debug` never prints the text, and the API reads them only after [`policy::can_read_case_content`] /
//! [`policy::can_read_medical_content`]. Everyone else who may follow the dossier reads the legal answers once
//! the opinion is transmitted, or that an opinion is awaited ([`OpinionStatus`]).

pub mod case;
pub mod commands;
pub mod policy;
mod repository;
pub mod visit;
pub mod visit_commands;

use std::fmt;

use chrono::{DateTime, Utc};

pub use case::{
    CaseStatus, CaseStep, College, Designation, MedicalCase, MedicalCaseId, MedicalCaseParts, MedicalCertificate,
    Stage, Step, WrittenReport,
};
pub use repository::{DossierMove, MedicalCaseRepository, MedicalOpinionRepository};
pub use visit::{
    ClinicalNotes, Examination, MedicalVisit, MedicalVisitId, MedicalVisitParts, VisitOutcome, VisitSubject,
};
pub use visit_commands::MedicalVisitRepository;

use crate::Error;
use crate::dossier::DossierId;
use crate::person::PersonId;

/// The legal answers of the college's opinion — what the prefecture sees (R.425-12 and the 2017 order's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "the college's form asks yes-or-no questions; each is a bool")]
pub struct LegalAnswers {
    /// The person's state of health needs medical care.
    pub care_needed: bool,
    /// Going without that care would have consequences of exceptional seriousness.
    pub exceptionally_serious_consequences: bool,
    /// An appropriate treatment is effectively available in the country of origin.
    pub treatment_available_in_origin_country: bool,
    /// The expected duration of the care, in months, when care is needed.
    pub expected_duration_months: Option<u16>,
    /// The person's state of health allows them to travel without risk.
    pub able_to_travel: bool,
}

impl LegalAnswers {
    /// Checks the answers hang together: a duration is given exactly when care is needed, and lies within
    /// 1–120 months.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field at fault.
    pub fn check(self) -> Result<Self, Error> {
        match (self.care_needed, self.expected_duration_months) {
            (true, None) => Err(Error::invalid("expectedDurationMonths", "required when care is needed")),
            (false, Some(_)) => Err(Error::invalid("expectedDurationMonths", "only when care is needed")),
            (true, Some(months)) if !(1..=120).contains(&months) => {
                Err(Error::invalid("expectedDurationMonths", "between 1 and 120 months"))
            }
            (true, Some(_)) | (false, None) => Ok(self),
        }
    }
}

/// The rapporteur doctor's report: medical content, read by OFII doctors only. Its `Debug` never shows the text,
/// so that a logged value or an error cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct MedicalReport(String);

impl MedicalReport {
    /// The longest report accepted, in characters.
    pub const MAX_CHARS: usize = 20_000;

    /// Accepts a non-blank report of at most [`Self::MAX_CHARS`] characters.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on the `report` field; the message never quotes the text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("report", "the report cannot be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(Error::invalid("report", format!("at most {} characters", Self::MAX_CHARS)));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text — to be shown only to those [`policy::can_read_medical_content`] allows.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MedicalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MedicalReport(<medical content>)")
    }
}

/// The parts of an opinion as storage keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalOpinionParts {
    /// The dossier the opinion is about (one opinion per dossier).
    pub dossier: DossierId,
    /// The applicant (the subject of the journal entries).
    pub person: PersonId,
    /// The legal answers.
    pub answers: LegalAnswers,
    /// The medical content.
    pub report: MedicalReport,
    /// The identity-provider id of the OFII doctor who recorded it.
    pub doctor: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Who transmitted it to the prefect, and when; `None` while OFII has not.
    pub transmission: Option<Step>,
}

/// The college's opinion on a dossier. Issued by a member of the college ([`MedicalCase::apply`]); only its
/// transmission is recorded afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalOpinion(MedicalOpinionParts);

impl MedicalOpinion {
    /// Rehydrates a stored opinion.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the stored answers do not hang together.
    pub fn restore(parts: MedicalOpinionParts) -> Result<Self, Error> {
        parts.answers.check()?;
        Ok(Self(parts))
    }

    /// The dossier.
    pub const fn dossier(&self) -> DossierId {
        self.0.dossier
    }

    /// The applicant.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The legal answers.
    pub const fn answers(&self) -> LegalAnswers {
        self.0.answers
    }

    /// The medical content — check [`policy::can_read_medical_content`] first.
    pub const fn report(&self) -> &MedicalReport {
        &self.0.report
    }

    /// The doctor who recorded it.
    pub fn doctor(&self) -> &str {
        &self.0.doctor
    }

    /// When it was issued.
    pub const fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at
    }

    /// Who transmitted it to the prefect, and when.
    pub const fn transmission(&self) -> Option<&Step> {
        self.0.transmission.as_ref()
    }

    /// Where the opinion stands for those outside OFII's medical service.
    pub const fn status(&self) -> OpinionStatus {
        if self.0.transmission.is_some() { OpinionStatus::Transmitted } else { OpinionStatus::Awaited }
    }

    /// The same opinion, transmitted by `by`.
    #[must_use]
    pub fn transmitted(mut self, by: Step) -> Self {
        self.0.transmission = Some(by);
        self
    }
}

/// Where the college's opinion stands, as the prefecture and the person see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpinionStatus {
    /// No opinion has been transmitted yet (whatever stage OFII's medical service is at).
    Awaited,
    /// OFII transmitted the opinion to the prefect: its legal answers are readable.
    Transmitted,
}

#[cfg(test)]
mod tests;
