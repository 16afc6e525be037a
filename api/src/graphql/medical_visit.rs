//! OFII's medical visit of newcomers in the schema (`hipe_domain::medical::visit`).
//!
//! - Every view that reads persons (mobile, ministry, OFII): `Person.medicalVisits` — the outcome, the dates and
//!   whether the certificate was issued, for the person and for prefecture and OFII staff of the visit's
//!   territory (a visit the caller may not see is simply not listed).
//! - The OFII view only: `recordMedicalVisit`, `recordFollowUpVisit`, and `MedicalVisit.clinicalNotes` (medical
//!   content: absent from every other view, and `FORBIDDEN` — a message that quotes nothing — for an OFII caller
//!   who is not a doctor of the territory). Validation messages name the field, never the text.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::medical::visit_commands;
use hipe_domain::medical::{ClinicalNotes, Examination, MedicalVisit, VisitOutcome, VisitSubject, policy};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;

use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::{Date, DateTime};

/// The outcome of OFII's medical visit.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "MedicalVisitOutcome")]
pub enum MedicalVisitOutcomeValue {
    /// The person is fit: the OFII medical certificate is issued.
    CertificateIssued,
    /// A further examination is needed, by `followUpDueOn`.
    FurtherExamination,
    /// The person did not come.
    NotAttended,
}

impl MedicalVisitOutcomeValue {
    const fn code(self) -> &'static str {
        match self {
            Self::CertificateIssued => "CERTIFICATE_ISSUED",
            Self::FurtherExamination => "FURTHER_EXAMINATION",
            Self::NotAttended => "NOT_ATTENDED",
        }
    }
}

impl From<VisitOutcome> for MedicalVisitOutcomeValue {
    fn from(outcome: VisitOutcome) -> Self {
        match outcome {
            VisitOutcome::CertificateIssued => Self::CertificateIssued,
            VisitOutcome::FurtherExamination { .. } => Self::FurtherExamination,
            VisitOutcome::NotAttended => Self::NotAttended,
        }
    }
}

/// OFII's medical visit of a newcomer (CESEDA R.313-1 ff.): radiography and examination by an OFII doctor,
/// ending in the medical certificate the person needs for their file.
pub struct MedicalVisitNode(pub MedicalVisit);

#[Object(name = "MedicalVisit")]
impl MedicalVisitNode {
    /// Id.
    async fn id(&self) -> ID {
        id::medical_visit(self.0.id())
    }

    /// The version, to pass as `expectedVersion` to a follow-up.
    async fn version(&self) -> i32 {
        i32::try_from(self.0.version()).unwrap_or(i32::MAX)
    }

    /// The territory (département) of the OFII direction.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// The latest outcome.
    async fn outcome(&self) -> MedicalVisitOutcomeValue {
        self.0.outcome().into()
    }

    /// When the follow-up is due, after a further examination.
    async fn follow_up_due_on(&self) -> Option<Date> {
        self.0.outcome().due_on().map(Date)
    }

    /// When the first examination took place.
    async fn visited_at(&self) -> DateTime {
        DateTime(self.0.first().at)
    }

    /// When the latest examination took place.
    async fn last_examined_at(&self) -> DateTime {
        DateTime(self.0.latest().at)
    }

    /// The number of follow-up examinations.
    async fn follow_ups(&self) -> i32 {
        i32::try_from(self.0.follow_ups()).unwrap_or(i32::MAX)
    }

    /// Whether the OFII medical certificate was issued.
    async fn certificate_issued(&self) -> bool {
        self.0.certificate_issued_at().is_some()
    }

    /// When the certificate was issued.
    async fn certificate_issued_at(&self) -> Option<DateTime> {
        self.0.certificate_issued_at().map(DateTime)
    }

    /// The doctor's clinical notes — medical content. OFII doctors of the territory only; `FORBIDDEN` for other
    /// OFII staff; absent from every other view.
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn clinical_notes(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        if !policy::can_read_visit_notes(&request(ctx).actor, &self.0) {
            return Err(ApiError::Forbidden("only OFII doctors read medical content".to_owned()).into());
        }
        Ok(self.0.notes().map(ClinicalNotes::as_str))
    }
}

/// `Person.medicalVisits`: the visits of `person` the caller may see, oldest first.
pub async fn visits_of(ctx: &Context<'_>, person: PersonId) -> Result<Vec<MedicalVisitNode>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.medical_visits.load_one(person).await.map_err(|e| load_error(&e))?.unwrap_or_default();
    let actor = &request(ctx).actor;
    let visible: Vec<_> = found.into_iter().filter(|visit| policy::can_view_visit(actor, visit)).collect();
    if !visible.is_empty() {
        request(ctx).reveal(person);
    }
    Ok(visible.into_iter().map(MedicalVisitNode).collect())
}

/// Input of `recordMedicalVisit`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct RecordMedicalVisitInput {
    /// The person examined.
    pub person_id: ID,
    /// The territory (département) of the OFII direction; the doctor must cover it.
    pub territory: String,
    /// The dossier the visit is for, if any (the person's).
    pub dossier_id: Option<ID>,
    /// The appointment the visit took place at, if any (the person's).
    pub appointment_id: Option<ID>,
    /// The outcome.
    pub outcome: MedicalVisitOutcomeValue,
    /// When the follow-up is due: a future date, exactly for `FURTHER_EXAMINATION`.
    pub follow_up_due_on: Option<Date>,
    /// The clinical notes (medical content).
    pub clinical_notes: Option<String>,
}

/// Input of `recordFollowUpVisit`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct RecordFollowUpVisitInput {
    /// The visit.
    pub medical_visit_id: ID,
    /// The version last seen; `CONFLICT` if the visit changed since.
    pub expected_version: i32,
    /// The follow-up's outcome.
    pub outcome: MedicalVisitOutcomeValue,
    /// When the next follow-up is due, exactly for `FURTHER_EXAMINATION`.
    pub follow_up_due_on: Option<Date>,
    /// The clinical notes of this examination (medical content), added to the earlier ones.
    pub clinical_notes: Option<String>,
}

/// Result of the medical visit's mutations.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct MedicalVisitPayload {
    /// The visit after the mutation; null when it was refused.
    pub medical_visit: Option<MedicalVisitNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

fn examination(
    outcome: MedicalVisitOutcomeValue,
    due_on: Option<Date>,
    notes: Option<&str>,
) -> Result<Examination, Error> {
    Ok(Examination {
        outcome: VisitOutcome::from_parts(outcome.code(), due_on.map(|d| d.0))?,
        notes: notes.map(ClinicalNotes::parse).transpose()?,
    })
}

fn settle(ctx: &Context<'_>, outcome: Result<MedicalVisit, Error>) -> Result<MedicalVisitPayload> {
    match outcome {
        Ok(visit) => {
            request(ctx).reveal(visit.person());
            Ok(MedicalVisitPayload { medical_visit: Some(MedicalVisitNode(visit)), user_errors: Vec::new() })
        }
        Err(error) => Ok(MedicalVisitPayload { medical_visit: None, user_errors: vec![user_error(error)?] }),
    }
}

/// The medical visit's mutations, OFII doctors'.
#[derive(Default)]
pub struct MedicalVisitMutation;

#[Object]
impl MedicalVisitMutation {
    /// Records OFII's medical visit of a person: its outcome (the certificate issued, a further examination due
    /// on a date, or not attended) and the clinical notes. OFII doctors of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_medical_visit(
        &self,
        ctx: &Context<'_>,
        input: RecordMedicalVisitInput,
    ) -> Result<MedicalVisitPayload> {
        let person = id::person_id(&input.person_id)?;
        let dossier = input.dossier_id.as_ref().map(id::dossier_id).transpose()?;
        let appointment = input.appointment_id.as_ref().map(id::appointment_id).transpose()?;
        let parsed = Territory::parse(&input.territory).and_then(|territory| {
            let exam = examination(input.outcome, input.follow_up_due_on, input.clinical_notes.as_deref())?;
            Ok((VisitSubject { person, territory, dossier, appointment }, exam))
        });
        let outcome = match parsed {
            Ok((subject, exam)) => {
                let ports = services(ctx).medical_visit_ports();
                visit_commands::record(&ports, &request(ctx).caller(), subject, exam).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Records a follow-up examination on a visit whose certificate is not issued yet
    /// (`MEDICAL_VISIT_CLOSED` otherwise). OFII doctors of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_follow_up_visit(
        &self,
        ctx: &Context<'_>,
        input: RecordFollowUpVisitInput,
    ) -> Result<MedicalVisitPayload> {
        let id = id::medical_visit_id(&input.medical_visit_id)?;
        let expected = u32::try_from(input.expected_version)
            .map_err(|_| ApiError::bad_input("expectedVersion must not be negative"))?;
        let outcome = match examination(input.outcome, input.follow_up_due_on, input.clinical_notes.as_deref()) {
            Ok(exam) => {
                let ports = services(ctx).medical_visit_ports();
                visit_commands::follow_up(&ports, &request(ctx).caller(), id, expected, exam).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }
}
