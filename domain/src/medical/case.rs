//! The medical case: the sick-foreigner flow inside OFII's medical service (CESEDA R.425-11 to R.425-14), one
//! case per dossier that needs the college's opinion.
//!
//! ```text
//! (no case: awaiting the certificate)
//!   ─receive certificate→ CERTIFICATE_RECEIVED ─designate rapporteur→ RAPPORTEUR_DESIGNATED
//!   ─write report→ REPORT_WRITTEN ─constitute college→ COLLEGE_CONSTITUTED ─issue opinion→ OPINION_ISSUED
//!   ─transmit→ TRANSMITTED (the dossier: AWAITING_OPINION → UNDER_REVIEW)
//! ```
//!
//! Choices:
//! - **Who.** Every step is an OFII doctor's covering the dossier's territory — the medical service receives the
//!   sealed certificate, its doctors designate the rapporteur and the college — except two that name a doctor:
//!   only the designated rapporteur writes the report, only a member of the college issues the opinion. The
//!   transmission to the prefect is OFII's administrative act: an OFII doctor or an OFII agent of the territory.
//!   An OFII agent who is not a doctor sees where the case stands, never its medical content.
//! - **Doctors are named by their identity-provider id.** HIPE keeps no register of agents (they come from the
//!   identity provider's tokens), so a designation cannot check that the id is a doctor's; the named doctor's
//!   own token is checked when they act (a non-doctor named rapporteur can never write the report).
//! - **The college** is three distinct doctors, the rapporteur not among them (R.425-13): a college with the
//!   rapporteur is refused with [`Refusal::RapporteurInCollege`].
//! - **The certificate may arrive before the prefecture asks for the opinion** (the person sends it as soon as
//!   they file); only the transmission needs the dossier to be `AWAITING_OPINION`, and it moves the dossier back
//!   to `UNDER_REVIEW` in the same transaction (the dossier's `OPINION_RECEIVED` event, by the OFII actor).
//! - **Type-safe stages.** [`Stage`] carries, at each step, exactly what that step has: a case without a report
//!   cannot have a college, a case with a college always has its rapporteur and report. A step out of order is
//!   [`Refusal::MedicalStepOutOfOrder`]; the case is changed on a copy only when every check passed.
//! - **History.** Each step keeps who did it and when on the case, and each write is journaled (the access
//!   journal, in the step's transaction); the dossier's timeline shows only the transmission, without content.
//!   There is no separate event table: the stages are few and never repeat.

use chrono::{DateTime, Utc};
use std::fmt;
use uuid::Uuid;

use super::{LegalAnswers, MedicalOpinion, MedicalOpinionParts, MedicalReport, policy};
use crate::dossier::{Dossier, DossierId};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Refusal};

/// The longest doctor id accepted, in characters (as the identity provider's ids elsewhere).
pub const MAX_DOCTOR_ID_CHARS: usize = 200;

/// The number of doctors in a college (R.425-13).
pub const COLLEGE_SIZE: usize = 3;

/// A medical case's id (UUID v7: ordering by id is ordering by the certificate's receipt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MedicalCaseId(Uuid);

impl MedicalCaseId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// The medical certificate the person's doctor filled in (2017 order's model), received under seal by OFII's
/// medical service: medical content, read by OFII doctors only. Its `Debug` never shows the text.
#[derive(Clone, PartialEq, Eq)]
pub struct MedicalCertificate(String);

impl MedicalCertificate {
    /// The longest certificate accepted, in characters.
    pub const MAX_CHARS: usize = 20_000;

    /// Accepts a non-blank certificate of at most [`Self::MAX_CHARS`] characters.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on the `certificate` field; the message never quotes the text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("certificate", "the certificate cannot be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(Error::invalid("certificate", format!("at most {} characters", Self::MAX_CHARS)));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text — to be shown only to those [`policy::can_read_case_content`] allows.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MedicalCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MedicalCertificate(<medical content>)")
    }
}

/// Where a case stands (the stable codes of the API and of storage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    /// The certificate arrived under seal; no rapporteur yet.
    CertificateReceived,
    /// A rapporteur doctor is designated; the report is awaited.
    RapporteurDesignated,
    /// The report is written; the college is to be constituted.
    ReportWritten,
    /// The college of three doctors is constituted; it deliberates.
    CollegeConstituted,
    /// The college issued its opinion; OFII is to transmit it.
    OpinionIssued,
    /// The opinion was transmitted to the prefect. Final.
    Transmitted,
}

impl CaseStatus {
    /// Every status, in order.
    pub const ALL: [Self; 6] = [
        Self::CertificateReceived,
        Self::RapporteurDesignated,
        Self::ReportWritten,
        Self::CollegeConstituted,
        Self::OpinionIssued,
        Self::Transmitted,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::CertificateReceived => "CERTIFICATE_RECEIVED",
            Self::RapporteurDesignated => "RAPPORTEUR_DESIGNATED",
            Self::ReportWritten => "REPORT_WRITTEN",
            Self::CollegeConstituted => "COLLEGE_CONSTITUTED",
            Self::OpinionIssued => "OPINION_ISSUED",
            Self::Transmitted => "TRANSMITTED",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Who did a step, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The identity-provider id of the agent.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The rapporteur's designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Designation {
    /// The designated doctor's id.
    pub doctor: String,
    /// Who designated them, and when.
    pub step: Step,
}

/// The rapporteur's report, written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenReport {
    /// The text (medical content).
    pub report: MedicalReport,
    /// When the rapporteur wrote it.
    pub at: DateTime<Utc>,
}

/// The college of three doctors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct College {
    /// The three doctors' ids, distinct, the rapporteur not among them.
    pub members: [String; COLLEGE_SIZE],
    /// Who constituted it, and when.
    pub step: Step,
}

impl College {
    /// Whether `doctor` sits on it.
    pub fn has(&self, doctor: &str) -> bool {
        self.members.iter().any(|m| m == doctor)
    }
}

/// What the case has, step by step: each stage holds exactly the data of the steps done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The certificate is in; nothing else.
    CertificateReceived,
    /// A rapporteur is designated.
    RapporteurDesignated(Designation),
    /// The report is written.
    ReportWritten(Designation, WrittenReport),
    /// The college is constituted.
    CollegeConstituted(Designation, WrittenReport, College),
    /// The opinion is issued (transmitted or not: [`MedicalOpinion::transmission`]).
    Decided(Designation, WrittenReport, College, MedicalOpinion),
}

/// The parts of a case as storage keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalCaseParts {
    /// The case.
    pub id: MedicalCaseId,
    /// The dossier (one case per dossier).
    pub dossier: DossierId,
    /// The applicant (the subject of the journal entries).
    pub person: PersonId,
    /// The dossier's territory (whose doctors work the case).
    pub territory: Territory,
    /// The certificate (medical content).
    pub certificate: MedicalCertificate,
    /// Who received the certificate, and when.
    pub received: Step,
    /// The later steps.
    pub stage: Stage,
    /// One more at every step.
    pub version: u32,
}

/// A step of the flow after the certificate's receipt.
#[derive(Debug, Clone)]
pub enum CaseStep {
    /// Designates the rapporteur doctor.
    DesignateRapporteur {
        /// Their identity-provider id.
        doctor: String,
    },
    /// The rapporteur writes the report.
    WriteReport(MedicalReport),
    /// Constitutes the college.
    ConstituteCollege {
        /// The three doctors' ids.
        members: Vec<String>,
    },
    /// A member of the college issues the opinion.
    IssueOpinion(LegalAnswers),
    /// OFII transmits the opinion to the prefect.
    Transmit,
}

/// A medical case. Made by [`MedicalCase::open`] when the certificate arrives; moved by [`MedicalCase::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicalCase(MedicalCaseParts);

fn doctor_id(field: &'static str, id: &str) -> Result<String, Error> {
    let id = id.trim();
    if id.is_empty() || id.chars().count() > MAX_DOCTOR_ID_CHARS {
        return Err(Error::invalid(field, format!("a doctor id of 1 to {MAX_DOCTOR_ID_CHARS} characters")));
    }
    Ok(id.to_owned())
}

fn step_of(actor: &Actor, now: DateTime<Utc>) -> Result<Step, Error> {
    actor
        .agent()
        .map(|agent| Step { by: agent.id.clone(), at: now })
        .ok_or(Error::NotAllowed { action: "work", entity: "medical case" })
}

impl MedicalCase {
    /// An OFII doctor of the territory records the certificate received under seal for `dossier`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the actor may not see the dossier; [`Error::NotAllowed`] when they see it but
    /// may not receive a certificate for it (not a doctor of the territory, or no opinion needed).
    pub fn open(
        id: MedicalCaseId,
        actor: &Actor,
        dossier: &Dossier,
        certificate: MedicalCertificate,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if !crate::dossier::policy::can_view(actor, dossier) {
            return Err(Error::NotFound { entity: "dossier" });
        }
        if !policy::can_record(actor, dossier) {
            return Err(Error::NotAllowed { action: "receive a medical certificate for", entity: "dossier" });
        }
        Ok(Self(MedicalCaseParts {
            id,
            dossier: dossier.id(),
            person: dossier.person(),
            territory: dossier.territory().clone(),
            certificate,
            received: step_of(actor, now)?,
            stage: Stage::CertificateReceived,
            version: 1,
        }))
    }

    /// Rehydrates a stored case.
    pub const fn restore(parts: MedicalCaseParts) -> Self {
        Self(parts)
    }

    /// Runs one step by `actor` (already known to see the case). The case changes only when every check passed.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not do this step (not an OFII doctor of the territory; not the
    /// rapporteur; not a member of the college; for the transmission, not OFII staff of the territory);
    /// [`Error::Refused`] with [`Refusal::MedicalStepOutOfOrder`] when the case is not at the step before, or
    /// [`Refusal::RapporteurInCollege`]; [`Error::InvalidInput`] for a malformed doctor id, a college that is
    /// not three distinct doctors, or answers that do not hang together.
    pub fn apply(&mut self, actor: &Actor, step: CaseStep, now: DateTime<Utc>) -> Result<(), Error> {
        let allowed = match &step {
            CaseStep::Transmit => policy::can_transmit(actor, self),
            CaseStep::DesignateRapporteur { .. }
            | CaseStep::WriteReport(_)
            | CaseStep::ConstituteCollege { .. }
            | CaseStep::IssueOpinion(_) => policy::is_case_doctor(actor, self),
        };
        if !allowed {
            return Err(Error::NotAllowed { action: step.verb(), entity: "medical case" });
        }
        let by = step_of(actor, now)?;
        let out_of_order = Error::Refused(Refusal::MedicalStepOutOfOrder);
        let next = match (step, &self.0.stage) {
            (CaseStep::DesignateRapporteur { doctor }, Stage::CertificateReceived) => {
                Stage::RapporteurDesignated(Designation { doctor: doctor_id("doctorId", &doctor)?, step: by })
            }
            (CaseStep::WriteReport(report), Stage::RapporteurDesignated(designation)) => {
                if designation.doctor != by.by {
                    return Err(Error::NotAllowed { action: "write the report of", entity: "medical case" });
                }
                Stage::ReportWritten(designation.clone(), WrittenReport { report, at: now })
            }
            (CaseStep::ConstituteCollege { members }, Stage::ReportWritten(designation, report)) => {
                let college = Self::new_college(&members, designation, by)?;
                Stage::CollegeConstituted(designation.clone(), report.clone(), college)
            }
            (CaseStep::IssueOpinion(answers), Stage::CollegeConstituted(designation, report, college)) => {
                if !college.has(&by.by) {
                    return Err(Error::NotAllowed { action: "issue the opinion of", entity: "medical case" });
                }
                let opinion = MedicalOpinion::restore(MedicalOpinionParts {
                    dossier: self.0.dossier,
                    person: self.0.person,
                    answers: answers.check()?,
                    report: report.report.clone(),
                    doctor: by.by,
                    issued_at: now,
                    transmission: None,
                })?;
                Stage::Decided(designation.clone(), report.clone(), college.clone(), opinion)
            }
            (CaseStep::Transmit, Stage::Decided(designation, report, college, opinion))
                if opinion.transmission().is_none() =>
            {
                let opinion = opinion.clone().transmitted(by);
                Stage::Decided(designation.clone(), report.clone(), college.clone(), opinion)
            }
            (
                CaseStep::DesignateRapporteur { .. }
                | CaseStep::WriteReport(_)
                | CaseStep::ConstituteCollege { .. }
                | CaseStep::IssueOpinion(_)
                | CaseStep::Transmit,
                _,
            ) => return Err(out_of_order),
        };
        self.0.stage = next;
        self.0.version += 1;
        Ok(())
    }

    fn new_college(members: &[String], designation: &Designation, by: Step) -> Result<College, Error> {
        let ids = members.iter().map(|m| doctor_id("doctorIds", m)).collect::<Result<Vec<_>, _>>()?;
        let mut distinct = ids.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != ids.len() {
            return Err(Error::invalid("doctorIds", "three different doctors"));
        }
        let members: [String; COLLEGE_SIZE] =
            ids.try_into().map_err(|_| Error::invalid("doctorIds", "exactly three doctors"))?;
        if members.contains(&designation.doctor) {
            return Err(Error::Refused(Refusal::RapporteurInCollege));
        }
        Ok(College { members, step: by })
    }

    /// The id.
    pub const fn id(&self) -> MedicalCaseId {
        self.0.id
    }

    /// The dossier.
    pub const fn dossier(&self) -> DossierId {
        self.0.dossier
    }

    /// The applicant.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The territory whose doctors work the case.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// The certificate — medical content: check [`policy::can_read_case_content`] first.
    pub const fn certificate(&self) -> &MedicalCertificate {
        &self.0.certificate
    }

    /// Who received the certificate, and when.
    pub const fn received(&self) -> &Step {
        &self.0.received
    }

    /// The later steps.
    pub const fn stage(&self) -> &Stage {
        &self.0.stage
    }

    /// The version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// Where the case stands.
    pub const fn status(&self) -> CaseStatus {
        match &self.0.stage {
            Stage::CertificateReceived => CaseStatus::CertificateReceived,
            Stage::RapporteurDesignated(_) => CaseStatus::RapporteurDesignated,
            Stage::ReportWritten(..) => CaseStatus::ReportWritten,
            Stage::CollegeConstituted(..) => CaseStatus::CollegeConstituted,
            Stage::Decided(.., opinion) if opinion.transmission().is_some() => CaseStatus::Transmitted,
            Stage::Decided(..) => CaseStatus::OpinionIssued,
        }
    }

    /// The rapporteur's designation, once made.
    pub const fn rapporteur(&self) -> Option<&Designation> {
        match &self.0.stage {
            Stage::CertificateReceived => None,
            Stage::RapporteurDesignated(d)
            | Stage::ReportWritten(d, _)
            | Stage::CollegeConstituted(d, ..)
            | Stage::Decided(d, ..) => Some(d),
        }
    }

    /// The report, once written — medical content: check [`policy::can_read_case_content`] first.
    pub const fn report(&self) -> Option<&WrittenReport> {
        match &self.0.stage {
            Stage::CertificateReceived | Stage::RapporteurDesignated(_) => None,
            Stage::ReportWritten(_, r) | Stage::CollegeConstituted(_, r, _) | Stage::Decided(_, r, ..) => Some(r),
        }
    }

    /// The college, once constituted.
    pub const fn college(&self) -> Option<&College> {
        match &self.0.stage {
            Stage::CertificateReceived | Stage::RapporteurDesignated(_) | Stage::ReportWritten(..) => None,
            Stage::CollegeConstituted(.., c) | Stage::Decided(_, _, c, _) => Some(c),
        }
    }

    /// The opinion, once issued.
    pub const fn opinion(&self) -> Option<&MedicalOpinion> {
        match &self.0.stage {
            Stage::Decided(.., opinion) => Some(opinion),
            Stage::CertificateReceived
            | Stage::RapporteurDesignated(_)
            | Stage::ReportWritten(..)
            | Stage::CollegeConstituted(..) => None,
        }
    }

    /// Whether the case waits on `doctor`: a certificate to assign or a college to constitute (any doctor of
    /// the territory), their report to write, their college's deliberation, an opinion to transmit.
    pub fn waits_on(&self, doctor: &str) -> bool {
        match &self.0.stage {
            Stage::CertificateReceived | Stage::ReportWritten(..) => true,
            Stage::RapporteurDesignated(d) => d.doctor == doctor,
            Stage::CollegeConstituted(.., c) => c.has(doctor),
            Stage::Decided(.., opinion) => opinion.transmission().is_none(),
        }
    }
}

impl CaseStep {
    /// The verb of a refusal's message ("you may not … this medical case").
    pub const fn verb(&self) -> &'static str {
        match self {
            Self::DesignateRapporteur { .. } => "designate the rapporteur of",
            Self::WriteReport(_) => "write the report of",
            Self::ConstituteCollege { .. } => "constitute the college of",
            Self::IssueOpinion(_) => "issue the opinion of",
            Self::Transmit => "transmit the opinion of",
        }
    }
}
