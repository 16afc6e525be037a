//! The medical compartment in the schema.
//!
//! - Every view that reads dossiers: `Dossier.medicalOpinionStatus` (`AWAITED` / `TRANSMITTED`) and
//!   `Dossier.medicalOpinion` (the college's legal answers, once OFII transmitted them; at once for OFII).
//! - The OFII view only: the flow's operations (`receiveMedicalCertificate`, `designateRapporteur`,
//!   `writeMedicalReport`, `constituteMedicalCollege`, `recordMedicalOpinion`, `transmitMedicalOpinion`), the
//!   doctors' queue (`medicalQueue`), `medicalCase(id:)`, `Dossier.medicalCase`, and the content fields
//!   (`MedicalCase.certificate`, `MedicalCase.report`, `MedicalOpinion.report`).
//!
//! The medical content is guarded twice: its fields exist only in the OFII view (any other audience is told
//! they do not exist, in the words used for a field that does not), and their resolvers ask the medical policy,
//! so that an OFII agent who is not a doctor gets `FORBIDDEN` (a message that quotes nothing). A medical case is
//! not a `Node`: `node(id:)` answers for its id exactly as for any id that names no node, so that it never tells
//! whether a case exists. The certificate and the report have no id of their own: they are read through their
//! case only. Validation messages name the field, never the text.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::dossier::Dossier;
use hipe_domain::medical::{
    CaseStatus, CaseStep, LegalAnswers, MedicalCase, MedicalCaseId, MedicalCertificate, MedicalOpinion, MedicalReport,
    OpinionStatus, commands, policy,
};
use hipe_domain::pagination::Page;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::dossier::DossierNode;
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::DateTime;

/// The opinion of OFII's college of doctors on a dossier (sick foreigner, CESEDA L.425-9): the legal answers the
/// prefecture decides on.
pub struct MedicalOpinionNode {
    opinion: MedicalOpinion,
    dossier: Dossier,
}

impl MedicalOpinionNode {
    /// The opinion on `dossier`, as `Dossier.medicalOpinion` shows it.
    pub const fn new(opinion: MedicalOpinion, dossier: Dossier) -> Self {
        Self { opinion, dossier }
    }
}

#[Object(name = "MedicalOpinion")]
impl MedicalOpinionNode {
    /// The person's state of health needs medical care.
    async fn care_needed(&self) -> bool {
        self.opinion.answers().care_needed
    }

    /// Going without that care would have consequences of exceptional seriousness.
    async fn exceptionally_serious_consequences(&self) -> bool {
        self.opinion.answers().exceptionally_serious_consequences
    }

    /// An appropriate treatment is effectively available in the country of origin.
    async fn treatment_available_in_origin_country(&self) -> bool {
        self.opinion.answers().treatment_available_in_origin_country
    }

    /// Expected duration of the care, in months, when care is needed.
    async fn expected_duration_months(&self) -> Option<i32> {
        self.opinion.answers().expected_duration_months.map(i32::from)
    }

    /// The person's state of health allows them to travel without risk.
    async fn able_to_travel(&self) -> bool {
        self.opinion.answers().able_to_travel
    }

    /// When the opinion was issued.
    async fn issued_at(&self) -> DateTime {
        DateTime(self.opinion.issued_at())
    }

    /// When OFII transmitted it to the prefect; null while it has not.
    async fn transmitted_at(&self) -> Option<DateTime> {
        self.opinion.transmission().map(|t| DateTime(t.at))
    }

    /// The rapporteur doctor's report — medical content. OFII doctors of the territory only; `FORBIDDEN` for
    /// other OFII agents; absent from every other view.
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn report(&self, ctx: &Context<'_>) -> Result<&str> {
        if !policy::can_read_medical_content(&request(ctx).actor, &self.dossier) {
            return Err(forbidden());
        }
        Ok(self.opinion.report().as_str())
    }
}

fn forbidden() -> async_graphql::Error {
    ApiError::Forbidden("only OFII doctors read medical content".to_owned()).into()
}

/// Where the college's opinion stands, as the prefecture and the person see it.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "MedicalOpinionStatus")]
pub enum MedicalOpinionStatusValue {
    /// No opinion has been transmitted yet.
    Awaited,
    /// OFII transmitted the opinion: its legal answers are in `medicalOpinion`.
    Transmitted,
}

/// Where a medical case stands in OFII's medical service.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "MedicalCaseStatus", visible = "super::audience::ofii")]
pub enum MedicalCaseStatusValue {
    /// The certificate arrived under seal; no rapporteur yet.
    CertificateReceived,
    /// A rapporteur doctor is designated; the report is awaited.
    RapporteurDesignated,
    /// The report is written; the college is to be constituted.
    ReportWritten,
    /// The college of three doctors deliberates.
    CollegeConstituted,
    /// The college issued its opinion; OFII is to transmit it.
    OpinionIssued,
    /// The opinion was transmitted to the prefect.
    Transmitted,
}

impl From<CaseStatus> for MedicalCaseStatusValue {
    fn from(status: CaseStatus) -> Self {
        match status {
            CaseStatus::CertificateReceived => Self::CertificateReceived,
            CaseStatus::RapporteurDesignated => Self::RapporteurDesignated,
            CaseStatus::ReportWritten => Self::ReportWritten,
            CaseStatus::CollegeConstituted => Self::CollegeConstituted,
            CaseStatus::OpinionIssued => Self::OpinionIssued,
            CaseStatus::Transmitted => Self::Transmitted,
        }
    }
}

/// A sick foreigner's case in OFII's medical service (CESEDA R.425-11 to R.425-14): the certificate received
/// under seal, the rapporteur's report, the college of three doctors, the opinion and its transmission.
pub struct MedicalCaseNode(pub MedicalCase);

#[Object(name = "MedicalCase", visible = "super::audience::ofii")]
impl MedicalCaseNode {
    /// Id.
    async fn id(&self) -> ID {
        id::medical_case(self.0.id())
    }

    /// The version, to pass as `expectedVersion` to the next step.
    async fn version(&self) -> i32 {
        i32::try_from(self.0.version()).unwrap_or(i32::MAX)
    }

    /// Where it stands.
    async fn status(&self) -> MedicalCaseStatusValue {
        self.0.status().into()
    }

    /// The dossier (sick-foreigner permit) the case is about.
    async fn dossier(&self, ctx: &Context<'_>) -> Result<DossierNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let dossier = loaders.case_dossiers.load_one(self.0.dossier()).await.map_err(|e| load_error(&e))?;
        dossier.map(DossierNode).ok_or_else(|| ApiError::Internal("medical case without its dossier".into()).into())
    }

    /// When the certificate was received.
    async fn certificate_received_at(&self) -> DateTime {
        DateTime(self.0.received().at)
    }

    /// The rapporteur doctor's id, once designated.
    async fn rapporteur_id(&self) -> Option<&str> {
        self.0.rapporteur().map(|d| d.doctor.as_str())
    }

    /// When the report was written.
    async fn report_written_at(&self) -> Option<DateTime> {
        self.0.report().map(|r| DateTime(r.at))
    }

    /// The ids of the college's three doctors, once constituted (empty before).
    async fn college_ids(&self) -> Vec<&str> {
        self.0.college().map(|c| c.members.iter().map(String::as_str).collect()).unwrap_or_default()
    }

    /// The college's opinion, once issued.
    async fn opinion(&self, ctx: &Context<'_>) -> Result<Option<MedicalOpinionNode>> {
        let Some(opinion) = self.0.opinion() else { return Ok(None) };
        let loaders = ctx.data_unchecked::<Loaders>();
        let dossier = loaders.case_dossiers.load_one(self.0.dossier()).await.map_err(|e| load_error(&e))?;
        let dossier = dossier.ok_or_else(|| ApiError::Internal("medical case without its dossier".into()))?;
        Ok(Some(MedicalOpinionNode::new(opinion.clone(), dossier)))
    }

    /// The medical certificate received under seal — medical content. OFII doctors of the territory only;
    /// `FORBIDDEN` for other OFII agents.
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn certificate(&self, ctx: &Context<'_>) -> Result<&str> {
        if !policy::can_read_case_content(&request(ctx).actor, &self.0) {
            return Err(forbidden());
        }
        Ok(self.0.certificate().as_str())
    }

    /// The rapporteur's report, once written — medical content. OFII doctors of the territory only;
    /// `FORBIDDEN` for other OFII agents.
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn report(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        if !policy::can_read_case_content(&request(ctx).actor, &self.0) {
            return Err(forbidden());
        }
        Ok(self.0.report().map(|r| r.report.as_str()))
    }
}

/// Loads the opinion on `dossier` when `ctx`'s actor may read its legal answers (the dossier is already
/// visible to them, so its person is already revealed to the journal).
pub async fn opinion_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<MedicalOpinionNode>> {
    let actor = &request(ctx).actor;
    if !policy::can_read_answers(actor, dossier) {
        return Ok(None);
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.medical_opinions.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    request(ctx).reveal(dossier.person());
    Ok(found
        .filter(|opinion| policy::can_read_opinion(actor, dossier, opinion))
        .map(|opinion| MedicalOpinionNode::new(opinion, dossier.clone())))
}

/// `Dossier.medicalOpinionStatus`: null for a dossier that needs no opinion (or a caller who may not know).
pub async fn opinion_status_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<MedicalOpinionStatusValue>> {
    if !policy::can_read_answers(&request(ctx).actor, dossier) {
        return Ok(None);
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.medical_opinions.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    Ok(Some(match found.map(|o| o.status()) {
        Some(OpinionStatus::Transmitted) => MedicalOpinionStatusValue::Transmitted,
        Some(OpinionStatus::Awaited) | None => MedicalOpinionStatusValue::Awaited,
    }))
}

/// `Dossier.medicalCase`: the dossier's case, for OFII staff of its territory (null otherwise, exactly as when
/// there is none).
pub async fn case_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<MedicalCaseNode>> {
    if !dossier.needs_medical_opinion() {
        return Ok(None);
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.medical_cases.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    Ok(found.filter(|case| policy::can_view_case(&request(ctx).actor, case)).map(|case| {
        request(ctx).reveal(case.person());
        MedicalCaseNode(case)
    }))
}

/// An edge of the doctors' queue.
pub struct MedicalCaseEdge(MedicalCase);

#[Object(visible = "super::audience::ofii")]
impl MedicalCaseEdge {
    /// Cursor.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The case.
    async fn node(&self) -> MedicalCaseNode {
        MedicalCaseNode(self.0.clone())
    }
}

/// A page of the doctors' queue.
pub struct MedicalCaseConnection(Page<MedicalCase>);

#[Object(visible = "super::audience::ofii")]
impl MedicalCaseConnection {
    /// Edges.
    async fn edges(&self) -> Vec<MedicalCaseEdge> {
        self.0.items.iter().cloned().map(MedicalCaseEdge).collect()
    }

    /// The cases of this page, without cursors.
    async fn nodes(&self) -> Vec<MedicalCaseNode> {
        self.0.items.iter().cloned().map(MedicalCaseNode).collect()
    }

    /// Page information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0, |c| c.id().as_uuid())
    }
}

/// Medical queries, OFII's.
#[derive(Default)]
pub struct MedicalQuery;

#[Object]
impl MedicalQuery {
    /// The doctors' queue: the cases of my territories that wait on me — certificates to assign, my reports to
    /// write, colleges to constitute, the deliberations I sit on, opinions to transmit — by the certificate's
    /// receipt; `first`/`last` between 1 and 100 (20 by default). OFII doctors only.
    #[graphql(
        visible = "super::audience::ofii",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn medical_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<MedicalCaseConnection> {
        let page = page_request(first, after, last, before, MedicalCaseId::from_uuid)?;
        let services = services(ctx);
        let found =
            commands::queue(&services.medical_ports(), &request(ctx).actor, &page).await.map_err(ApiError::from)?;
        let dossiers: Vec<_> = found.items.iter().map(MedicalCase::dossier).collect();
        // One batch for the page's dossiers, whichever fields ask for them.
        ctx.data_unchecked::<Loaders>().case_dossiers.load_many(dossiers).await.map_err(|e| load_error(&e))?;
        for case in &found.items {
            request(ctx).reveal(case.person());
        }
        Ok(MedicalCaseConnection(found))
    }

    /// One case: `NOT_FOUND` when it does not exist or the caller may not see it.
    #[graphql(visible = "super::audience::ofii")]
    async fn medical_case(&self, ctx: &Context<'_>, id: ID) -> Result<MedicalCaseNode> {
        let id = id::medical_case_id(&id)?;
        let case = commands::find_visible_case(&services(ctx).medical_ports(), &request(ctx).actor, id)
            .await
            .map_err(ApiError::from)?;
        request(ctx).reveal(case.person());
        Ok(MedicalCaseNode(case))
    }
}

/// Input of `receiveMedicalCertificate`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct ReceiveMedicalCertificateInput {
    /// The dossier (one that needs the college's opinion).
    pub dossier_id: ID,
    /// The certificate's text, as the person's doctor wrote it (medical content).
    pub certificate: String,
}

/// Input of `designateRapporteur`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct DesignateRapporteurInput {
    /// The case.
    pub medical_case_id: ID,
    /// The version last seen; `CONFLICT` if the case changed since.
    pub expected_version: i32,
    /// The rapporteur doctor's id.
    pub doctor_id: String,
}

/// Input of `writeMedicalReport`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct WriteMedicalReportInput {
    /// The case.
    pub medical_case_id: ID,
    /// The version last seen.
    pub expected_version: i32,
    /// The report (medical content).
    pub report: String,
}

/// Input of `constituteMedicalCollege`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct ConstituteMedicalCollegeInput {
    /// The case.
    pub medical_case_id: ID,
    /// The version last seen.
    pub expected_version: i32,
    /// The three doctors' ids, distinct, the rapporteur not among them.
    pub doctor_ids: Vec<String>,
}

/// Input of `recordMedicalOpinion`: the college's legal answers.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
#[expect(clippy::struct_excessive_bools, reason = "the college's form asks yes-or-no questions; each is a bool")]
pub struct RecordMedicalOpinionInput {
    /// The case.
    pub medical_case_id: ID,
    /// The version last seen.
    pub expected_version: i32,
    /// The person's state of health needs medical care.
    pub care_needed: bool,
    /// Going without that care would have consequences of exceptional seriousness.
    pub exceptionally_serious_consequences: bool,
    /// An appropriate treatment is effectively available in the country of origin.
    pub treatment_available_in_origin_country: bool,
    /// Expected duration of the care, in months (1–120), exactly when care is needed.
    pub expected_duration_months: Option<i32>,
    /// The person's state of health allows them to travel without risk.
    pub able_to_travel: bool,
}

/// Input of `transmitMedicalOpinion`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct TransmitMedicalOpinionInput {
    /// The case.
    pub medical_case_id: ID,
    /// The version last seen.
    pub expected_version: i32,
}

/// Result of the medical case's mutations.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct MedicalCasePayload {
    /// The case after the mutation; null when it was refused.
    pub medical_case: Option<MedicalCaseNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Refusals the user can fix become `userErrors`; the rest (not found, stale version) stays a top-level error.
fn settle(ctx: &Context<'_>, outcome: Result<MedicalCase, Error>) -> Result<MedicalCasePayload> {
    match outcome {
        Ok(case) => {
            request(ctx).reveal(case.person());
            Ok(MedicalCasePayload { medical_case: Some(MedicalCaseNode(case)), user_errors: Vec::new() })
        }
        Err(error) => Ok(MedicalCasePayload { medical_case: None, user_errors: vec![user_error(error)?] }),
    }
}

/// Runs `step` (or its input error) on the case `case_id` seen at `expected_version`.
async fn step(
    ctx: &Context<'_>,
    case_id: &ID,
    expected_version: i32,
    step: Result<CaseStep, Error>,
) -> Result<MedicalCasePayload> {
    let id = id::medical_case_id(case_id)?;
    let expected =
        u32::try_from(expected_version).map_err(|_| ApiError::bad_input("expectedVersion must not be negative"))?;
    let outcome = match step {
        Ok(step) => commands::step(&services(ctx).medical_ports(), &request(ctx).caller(), id, expected, step).await,
        Err(error) => Err(error),
    };
    settle(ctx, outcome)
}

/// Medical mutations, all OFII's.
#[derive(Default)]
pub struct MedicalMutation;

#[Object]
impl MedicalMutation {
    /// Records the medical certificate received under seal for a dossier, opening its medical case (one per
    /// dossier: `DUPLICATE`). OFII doctors of the dossier's territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn receive_medical_certificate(
        &self,
        ctx: &Context<'_>,
        input: ReceiveMedicalCertificateInput,
    ) -> Result<MedicalCasePayload> {
        let dossier = id::dossier_id(&input.dossier_id)?;
        let outcome = match MedicalCertificate::parse(&input.certificate) {
            Ok(certificate) => {
                let ports = services(ctx).medical_ports();
                commands::receive_certificate(&ports, &request(ctx).caller(), dossier, certificate).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Designates the rapporteur doctor of a case whose certificate was received. OFII doctors of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn designate_rapporteur(
        &self,
        ctx: &Context<'_>,
        input: DesignateRapporteurInput,
    ) -> Result<MedicalCasePayload> {
        let designate = CaseStep::DesignateRapporteur { doctor: input.doctor_id };
        step(ctx, &input.medical_case_id, input.expected_version, Ok(designate)).await
    }

    /// Writes the rapporteur's report (after examining the person if needed). The designated rapporteur only.
    #[graphql(visible = "super::audience::ofii")]
    async fn write_medical_report(
        &self,
        ctx: &Context<'_>,
        input: WriteMedicalReportInput,
    ) -> Result<MedicalCasePayload> {
        let report = MedicalReport::parse(&input.report).map(CaseStep::WriteReport);
        step(ctx, &input.medical_case_id, input.expected_version, report).await
    }

    /// Constitutes the college of three doctors, the rapporteur not among them (`RAPPORTEUR_IN_COLLEGE`). OFII
    /// doctors of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn constitute_medical_college(
        &self,
        ctx: &Context<'_>,
        input: ConstituteMedicalCollegeInput,
    ) -> Result<MedicalCasePayload> {
        let college = CaseStep::ConstituteCollege { members: input.doctor_ids };
        step(ctx, &input.medical_case_id, input.expected_version, Ok(college)).await
    }

    /// Records the college's opinion: its legal answers. A member of the college only.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_medical_opinion(
        &self,
        ctx: &Context<'_>,
        input: RecordMedicalOpinionInput,
    ) -> Result<MedicalCasePayload> {
        let answers = input
            .expected_duration_months
            .map(|months| {
                u16::try_from(months).map_err(|_| Error::invalid("expectedDurationMonths", "between 1 and 120 months"))
            })
            .transpose()
            .map(|expected_duration_months| {
                CaseStep::IssueOpinion(LegalAnswers {
                    care_needed: input.care_needed,
                    exceptionally_serious_consequences: input.exceptionally_serious_consequences,
                    treatment_available_in_origin_country: input.treatment_available_in_origin_country,
                    expected_duration_months,
                    able_to_travel: input.able_to_travel,
                })
            });
        step(ctx, &input.medical_case_id, input.expected_version, answers).await
    }

    /// Transmits the college's opinion to the prefect: the dossier, which must be `AWAITING_OPINION`, goes back
    /// to `UNDER_REVIEW` with its legal answers readable. OFII doctors and agents of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn transmit_medical_opinion(
        &self,
        ctx: &Context<'_>,
        input: TransmitMedicalOpinionInput,
    ) -> Result<MedicalCasePayload> {
        step(ctx, &input.medical_case_id, input.expected_version, Ok(CaseStep::Transmit)).await
    }
}
