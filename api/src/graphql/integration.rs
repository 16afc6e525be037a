//! The republican integration contract (CIR) in three views, one per compartment (DESIGN.md §3):
//!
//! - **OFII** runs the contract: the queue of its directions (`integrationContracts`), one contract
//!   (`integrationContract(id:)`), the steps (`convokeForIntegration`, `recordIntegrationReception`,
//!   `signIntegrationContract`, `recordCivicAttendance`, `recordLanguageHours`, `recordEndInterview`,
//!   `attestIntegration`, `extendIntegrationContract`, `exemptFromIntegration`) and the facts on the person
//!   (`recordCivicExam`, `recordLanguageCertification`). Only OFII sees the pedagogy
//!   (`IntegrationContract.initialLevel`, `IntegrationContract.civicAttendance`).
//! - **The person** follows their own contract (`Person.integrationContract`, `integrationContract(id:)`) and
//!   their certifications (`Person.certifications`).
//! - **The prefecture** reads results only (`Person.integrationResults`): the contract type does not exist in its
//!   view.
//!
//! Who may do what is the domain's `integration::policy`; the resolvers only call it. Every agent read of a
//! person's data reveals the person to the access journal.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::appointment::LanguageCode;
use hipe_domain::integration::{
    Attendance as DomainAttendance, Certification, CertificationKind, CertifiedLevel as DomainCertifiedLevel, CivicDay,
    ContractStatus, ExemptionReason as DomainReason, IntegrationAction as DomainAction, IntegrationContract,
    IntegrationContractId, IntegrationEvent, IntegrationResults as DomainResults, LanguageLevel as DomainLevel,
    Positioning, PrescribedHours, Signature, Step, commands, policy,
};
use hipe_domain::pagination::Page;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::dossier::EventActor;
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::person::PersonNode;
use super::scalars::{Date, DateTime};

mirror!(
    /// Where an integration contract stands.
    IntegrationContractStatus <=> ContractStatus {
        /// OFII convoked the person to the reception platform.
        Convoked,
        /// The reception interview and the language positioning are done.
        Received,
        /// The person signed the contract.
        Signed,
        /// Training has started.
        Training,
        /// Extended by one year; training goes on.
        Extended,
        /// The end-of-contract interview is done.
        EndInterviewDone,
        /// Attested, assiduous or not. Final.
        Attested,
        /// Exempted. Final.
        Exempted,
    }
);

mirror!(
    /// A step of an integration contract, as its timeline records it.
    IntegrationAction <=> DomainAction {
        /// Convocation (opens the contract).
        Convoke,
        /// Reception interview and language positioning.
        Receive,
        /// Signature.
        Sign,
        /// One civic day's attendance recorded.
        RecordCivicAttendance,
        /// Hours of French attended recorded.
        RecordLanguageHours,
        /// End-of-contract interview.
        EndInterview,
        /// Attestation.
        Attest,
        /// Extension by a year.
        Extend,
        /// Exemption.
        Exempt,
    }
);

/// One change of an integration contract: which step, when, by whom (role and organisation, never a name). The
/// values recorded (attendance, hours) are the contract's own fields, not repeated here.
pub struct IntegrationEventNode(IntegrationEvent);

#[Object(name = "IntegrationEvent", visible = "super::audience::integration_followers")]
impl IntegrationEventNode {
    /// The contract's version right after the change (1 for the convocation).
    async fn sequence(&self) -> i32 {
        i32::try_from(self.0.sequence).unwrap_or(i32::MAX)
    }

    /// The step recorded.
    async fn action(&self) -> IntegrationAction {
        self.0.action.into()
    }

    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Who.
    async fn actor(&self) -> EventActor {
        EventActor::of(&self.0.actor)
    }
}

mirror!(
    /// A CEFR level of French (A0: below A1).
    LanguageLevel <=> DomainLevel {
        /// Below A1.
        A0,
        /// Breakthrough.
        A1,
        /// Waystage.
        A2,
        /// Threshold.
        B1,
        /// Vantage.
        B2,
        /// Effective operational proficiency.
        C1,
        /// Mastery.
        C2,
    }
);

mirror!(
    /// Attendance at a civic-training day.
    CivicAttendance <=> DomainAttendance {
        /// Attended.
        Present,
        /// Absent with an accepted reason.
        AbsentExcused,
        /// Absent without a valid reason.
        Absent,
    }
);

mirror!(
    /// Why a person is exempted from the integration contract.
    ExemptionReason <=> DomainReason {
        /// Schooled in French long enough.
        FrenchSchooling,
        /// A health condition prevents the training.
        Health,
        /// Aged 65 or more.
        Age,
        /// Admitted under a status the contract does not concern.
        ExcludedStatus,
        /// Left France.
        LeftFrance,
    }
);

mirror!(
    /// A level of French certified by a 2026 certified test.
    CertifiedLevel <=> DomainCertifiedLevel {
        /// For a multi-year card.
        A2,
        /// For a resident card.
        B1,
        /// For naturalisation.
        B2,
    }
);

/// A person's republican integration contract (CIR), as OFII runs it and the person follows it. The prefecture
/// never sees this type, only `IntegrationResults`.
pub struct IntegrationContractNode(pub IntegrationContract);

#[Object(name = "IntegrationContract", visible = "super::audience::integration_followers")]
impl IntegrationContractNode {
    /// Id.
    async fn id(&self) -> ID {
        id::integration_contract(self.0.id())
    }

    /// The version, to pass as `expectedVersion` to the next step.
    async fn version(&self) -> i32 {
        i32::try_from(self.0.version()).unwrap_or(i32::MAX)
    }

    /// Where it stands.
    async fn status(&self) -> IntegrationContractStatus {
        self.0.status().into()
    }

    /// The person.
    async fn person(&self, ctx: &Context<'_>) -> Result<PersonNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let person = loaders.persons.load_one(self.0.person()).await.map_err(|e| load_error(&e))?;
        person.map(PersonNode).ok_or_else(|| ApiError::Internal("contract without its person".into()).into())
    }

    /// The timeline, oldest first: every step, when and by whom — what "where is my contract" needs.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<IntegrationEventNode>> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let events = loaders.integration_timelines.load_one(self.0.id()).await.map_err(|e| load_error(&e))?;
        Ok(events.unwrap_or_default().into_iter().map(IntegrationEventNode).collect())
    }

    /// The dossier (first permit) that brought the contract, if known.
    async fn dossier_id(&self) -> Option<ID> {
        self.0.dossier().map(id::dossier)
    }

    /// The département of the OFII territorial direction in charge.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// When the person was convoked.
    async fn convoked_at(&self) -> DateTime {
        DateTime(self.0.convoked_at())
    }

    /// Hours of French prescribed at the reception (0, 100, 200, 400 or 600).
    async fn prescribed_language_hours(&self) -> Option<i32> {
        self.0.prescribed_hours().map(|h| i32::from(h.hours()))
    }

    /// The level the language training aims at.
    async fn target_level(&self) -> Option<LanguageLevel> {
        self.0.positioning().map(|p| p.target.into())
    }

    /// The day the contract was signed.
    async fn signed_on(&self) -> Option<Date> {
        self.0.signature().map(|s| Date(s.on))
    }

    /// The language of the contract signed (ISO 639), one the person understands.
    async fn contract_language(&self) -> Option<&str> {
        self.0.signature().map(|s| s.language.as_str())
    }

    /// The last day of the contract: a year after the signature, two when extended.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on().map(Date)
    }

    /// Whether the contract was extended (once at most).
    async fn extended(&self) -> bool {
        self.0.extended()
    }

    /// How many of the four civic-training days were attended or excused.
    async fn civic_days_completed(&self) -> i32 {
        i32::try_from(self.0.civic_days_completed()).unwrap_or(i32::MAX)
    }

    /// Hours of French attended.
    async fn language_hours_attended(&self) -> i32 {
        i32::from(self.0.language_hours())
    }

    /// When the end-of-contract interview took place.
    async fn end_interview_at(&self) -> Option<DateTime> {
        self.0.end_interview_at().map(DateTime)
    }

    /// When OFII attested the contract.
    async fn attested_at(&self) -> Option<DateTime> {
        self.0.attestation().map(|a| DateTime(a.at))
    }

    /// Whether the attestation says assiduous: every civic day attended or excused, and the share of the
    /// prescribed hours of French that the rules in force on the attestation's day ask (80 % since 2016). Null
    /// until attested.
    async fn assiduous(&self) -> Option<bool> {
        self.0.attestation().map(|a| a.assiduous)
    }

    /// Why the person is exempted, if they are.
    async fn exemption_reason(&self) -> Option<ExemptionReason> {
        self.0.exemption().map(|e| e.reason.into())
    }

    /// The level of French found at the positioning (pedagogy: OFII only).
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn initial_level(&self, ctx: &Context<'_>) -> Result<Option<LanguageLevel>> {
        self.pedagogy(ctx)?;
        Ok(self.0.positioning().map(|p| p.level.into()))
    }

    /// The attendance of each of the four civic-training days, in order; null for a day not recorded yet
    /// (pedagogy: OFII only).
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn civic_attendance(&self, ctx: &Context<'_>) -> Result<Vec<Option<CivicAttendance>>> {
        self.pedagogy(ctx)?;
        Ok(self.0.civic_days().iter().map(|d| d.map(CivicAttendance::from)).collect())
    }
}

impl IntegrationContractNode {
    /// The view already hides pedagogy outside OFII's audience; this also refuses an OFII actor whose role the
    /// compartment excludes (a doctor), should one ever reach the contract.
    fn pedagogy(&self, ctx: &Context<'_>) -> Result<(), ApiError> {
        if policy::can_view_pedagogy(&request(ctx).actor, &self.0) {
            Ok(())
        } else {
            Err(ApiError::Forbidden("the integration pedagogy is OFII's".into()))
        }
    }
}

/// A civic exam taken or a language level certified: a fact on the person.
pub struct CertificationNode(pub Certification);

#[Object(name = "Certification", visible = "super::audience::integration_followers")]
impl CertificationNode {
    /// Id.
    async fn id(&self) -> ID {
        id::certification(self.0.id)
    }

    /// The day of the exam or the test.
    async fn obtained_on(&self) -> Date {
        Date(self.0.obtained_on)
    }

    /// The civic exam's score (out of `civicExamMaxScore`); null for a language certification.
    async fn civic_exam_score(&self) -> Option<i32> {
        match self.0.kind {
            CertificationKind::CivicExam { score } => Some(i32::from(score)),
            CertificationKind::Language { .. } => None,
        }
    }

    /// Whether the civic exam was passed, by the marks in force on its day; null for a language certification.
    async fn civic_exam_passed(&self) -> Option<bool> {
        self.0.exam_passed()
    }

    /// The score out of which the civic exam was marked on its day (40 under the 2026 order); null for a language
    /// certification.
    async fn civic_exam_max_score(&self) -> Option<i32> {
        self.0.exam_marks.map(|m| i32::from(m.max_score))
    }

    /// The score from which the civic exam was passed on its day (32 under the 2026 order); null for a language
    /// certification.
    async fn civic_exam_pass_mark(&self) -> Option<i32> {
        self.0.exam_marks.map(|m| i32::from(m.pass_mark))
    }

    /// The level of French certified; null for a civic exam.
    async fn language_level(&self) -> Option<CertifiedLevel> {
        match self.0.kind {
            CertificationKind::Language { level, .. } => Some(level.into()),
            CertificationKind::CivicExam { .. } => None,
        }
    }

    /// Who certified the level; null for a civic exam.
    async fn certifier(&self) -> Option<&str> {
        match &self.0.kind {
            CertificationKind::Language { certifier, .. } => Some(certifier),
            CertificationKind::CivicExam { .. } => None,
        }
    }
}

/// What the prefecture sees of a person's integration: results, never the pedagogy.
#[derive(SimpleObject)]
#[graphql(name = "IntegrationResults", visible = "super::audience::case_workers")]
pub struct IntegrationResultsNode {
    /// The latest contract's status, if the person has one.
    pub contract_status: Option<IntegrationContractStatus>,
    /// Whether the contract was attested assiduous; null until attested.
    pub assiduous: Option<bool>,
    /// When it was attested.
    pub attested_at: Option<DateTime>,
    /// Why the person is exempted, if they are.
    pub exemption_reason: Option<ExemptionReason>,
    /// Whether a civic exam was passed; null when none was taken.
    pub civic_exam_passed: Option<bool>,
    /// The highest level of French certified.
    pub language_level: Option<CertifiedLevel>,
}

impl From<DomainResults> for IntegrationResultsNode {
    fn from(results: DomainResults) -> Self {
        Self {
            contract_status: results.contract_status.map(Into::into),
            assiduous: results.assiduous,
            attested_at: results.attested_at.map(DateTime),
            exemption_reason: results.exemption.map(Into::into),
            civic_exam_passed: results.civic_exam_passed,
            language_level: results.language_level.map(Into::into),
        }
    }
}

/// An edge of the OFII queue.
pub struct IntegrationContractEdge(IntegrationContract);

#[Object]
impl IntegrationContractEdge {
    /// Cursor.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The contract.
    async fn node(&self) -> IntegrationContractNode {
        IntegrationContractNode(self.0.clone())
    }
}

/// A page of the OFII queue.
pub struct IntegrationContractConnection {
    page: Page<IntegrationContract>,
    status: Option<ContractStatus>,
}

#[Object(visible = "super::audience::ofii")]
impl IntegrationContractConnection {
    /// Edges.
    async fn edges(&self) -> Vec<IntegrationContractEdge> {
        self.page.items.iter().cloned().map(IntegrationContractEdge).collect()
    }

    /// The contracts of this page, without cursors.
    async fn nodes(&self) -> Vec<IntegrationContractNode> {
        self.page.items.iter().cloned().map(IntegrationContractNode).collect()
    }

    /// Page information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.page, |c| c.id().as_uuid())
    }

    /// How many contracts the queue holds in all (one more query; ask only when shown).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count = commands::count_queue(&services(ctx).integration_ports(), &request(ctx).actor, self.status)
            .await
            .map_err(ApiError::from)?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// `Person.integrationContract`: the person's latest contract, when the caller may follow it (null otherwise,
/// exactly as when there is none).
pub async fn contract_of(ctx: &Context<'_>, person: PersonId) -> Result<Option<IntegrationContractNode>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let Some(contract) = loaders.integration_contracts.load_one(person).await.map_err(|e| load_error(&e))? else {
        return Ok(None);
    };
    let acting = commands::acting(&services(ctx).integration_ports(), &request(ctx).actor, person)
        .await
        .map_err(ApiError::from)?;
    if !policy::can_view(&acting, &contract) {
        return Ok(None);
    }
    request(ctx).reveal(person);
    Ok(Some(IntegrationContractNode(contract)))
}

/// `Person.certifications`: the civic exams and language certifications, oldest first.
pub async fn certifications_of(ctx: &Context<'_>, person: PersonId) -> Result<Vec<CertificationNode>> {
    let acting = commands::acting(&services(ctx).integration_ports(), &request(ctx).actor, person)
        .await
        .map_err(ApiError::from)?;
    if !policy::can_view_certifications(&acting, person) {
        return Err(ApiError::Forbidden("you may not read this person's certifications".into()).into());
    }
    request(ctx).reveal(person);
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.certifications.load_one(person).await.map_err(|e| load_error(&e))?.unwrap_or_default();
    Ok(found.into_iter().map(CertificationNode).collect())
}

/// `Person.integrationResults`: the legal outputs of the integration compartment.
pub async fn results_of(ctx: &Context<'_>, person: PersonId) -> Result<IntegrationResultsNode> {
    if !policy::can_view_results(&request(ctx).actor, person) {
        return Err(ApiError::Forbidden("you may not read this person's integration results".into()).into());
    }
    request(ctx).reveal(person);
    let loaders = ctx.data_unchecked::<Loaders>();
    // Both at once, so that each batches with the same level's other keys (see `missing_documents`).
    let (contract, certifications) = futures_util::future::join(
        loaders.integration_contracts.load_one(person),
        loaders.certifications.load_one(person),
    )
    .await;
    let contract = contract.map_err(|e| load_error(&e))?;
    let certifications = certifications.map_err(|e| load_error(&e))?.unwrap_or_default();
    Ok(DomainResults::of(contract.as_ref(), &certifications).into())
}

/// Integration queries.
#[derive(Default)]
pub struct IntegrationQuery;

#[Object]
impl IntegrationQuery {
    /// The contracts of my territorial directions, oldest convocation first; `first`/`last` between 1 and 100
    /// (20 by default). OFII agents only.
    #[graphql(
        visible = "super::audience::ofii",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn integration_contracts(
        &self,
        ctx: &Context<'_>,
        status: Option<IntegrationContractStatus>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<IntegrationContractConnection> {
        let page = page_request(first, after, last, before, IntegrationContractId::from_uuid)?;
        let status = status.map(Into::into);
        let found = commands::queue(&services(ctx).integration_ports(), &request(ctx).actor, status, &page)
            .await
            .map_err(ApiError::from)?;
        for contract in &found.items {
            request(ctx).reveal(contract.person());
        }
        Ok(IntegrationContractConnection { page: found, status })
    }

    /// One contract: `NOT_FOUND` when it does not exist or the caller may not follow it.
    #[graphql(visible = "super::audience::integration_followers")]
    async fn integration_contract(&self, ctx: &Context<'_>, id: ID) -> Result<IntegrationContractNode> {
        let id = id::integration_contract_id(&id)?;
        let contract = commands::find_visible_contract(&services(ctx).integration_ports(), &request(ctx).actor, id)
            .await
            .map_err(ApiError::from)?;
        request(ctx).reveal(contract.person());
        Ok(IntegrationContractNode(contract))
    }
}

/// Input of `convokeForIntegration`.
#[derive(Debug, InputObject)]
pub struct ConvokeForIntegrationInput {
    /// The person.
    pub person_id: ID,
    /// The département of the territorial direction.
    pub territory: String,
    /// The dossier (first permit) that brings the contract, if any.
    pub dossier_id: Option<ID>,
}

/// Input of the steps that need nothing but the contract (`recordEndInterview`, `attestIntegration`,
/// `extendIntegrationContract`).
#[derive(Debug, InputObject)]
pub struct IntegrationContractStepInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw (`CONFLICT` when it changed since).
    pub expected_version: i32,
}

/// Input of `recordIntegrationReception`.
#[derive(Debug, InputObject)]
pub struct RecordIntegrationReceptionInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The level found by the positioning tests.
    pub initial_level: LanguageLevel,
    /// Hours of French prescribed: 0, 100, 200, 400 or 600.
    pub prescribed_language_hours: i32,
    /// The level the training aims at.
    pub target_level: LanguageLevel,
}

/// Input of `signIntegrationContract`.
#[derive(Debug, InputObject)]
pub struct SignIntegrationContractInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The day it was signed (today or earlier).
    pub signed_on: Date,
    /// The language of the contract signed (ISO 639), one the person understands.
    pub language: String,
}

/// Input of `recordCivicAttendance`.
#[derive(Debug, InputObject)]
pub struct RecordCivicAttendanceInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The civic-training day, 1 to 4 (recording a day again corrects it).
    pub day: i32,
    /// The attendance.
    pub attendance: CivicAttendance,
}

/// Input of `recordLanguageHours`.
#[derive(Debug, InputObject)]
pub struct RecordLanguageHoursInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// Hours of French attended since the last record (added up; never beyond the prescription).
    pub hours: i32,
}

/// Input of `exemptFromIntegration`.
#[derive(Debug, InputObject)]
pub struct ExemptFromIntegrationInput {
    /// The contract.
    pub contract_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// Why.
    pub reason: ExemptionReason,
}

/// Input of `recordCivicExam`.
#[derive(Debug, InputObject)]
pub struct RecordCivicExamInput {
    /// The person.
    pub person_id: ID,
    /// The score, out of the maximum of the rules in force on the exam's day (40 under the 2026 order).
    pub score: i32,
    /// The day of the exam.
    pub taken_on: Date,
}

/// Input of `recordLanguageCertification`.
#[derive(Debug, InputObject)]
pub struct RecordLanguageCertificationInput {
    /// The person.
    pub person_id: ID,
    /// The level certified.
    pub level: CertifiedLevel,
    /// Who certified it.
    pub certifier: String,
    /// The day of the test.
    pub obtained_on: Date,
}

macro_rules! contract_payload {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(SimpleObject)]
        #[graphql(visible = "super::audience::ofii")]
        pub struct $name {
            /// The contract after the mutation; null when it was refused.
            pub integration_contract: Option<IntegrationContractNode>,
            /// Why the mutation was refused, when it was.
            pub user_errors: Vec<UserError>,
        }

        impl From<(Option<IntegrationContractNode>, Vec<UserError>)> for $name {
            fn from((integration_contract, user_errors): (Option<IntegrationContractNode>, Vec<UserError>)) -> Self {
                Self { integration_contract, user_errors }
            }
        }
    };
}

contract_payload!(ConvokeForIntegrationPayload, "Result of `convokeForIntegration`.");
contract_payload!(RecordIntegrationReceptionPayload, "Result of `recordIntegrationReception`.");
contract_payload!(SignIntegrationContractPayload, "Result of `signIntegrationContract`.");
contract_payload!(RecordCivicAttendancePayload, "Result of `recordCivicAttendance`.");
contract_payload!(RecordLanguageHoursPayload, "Result of `recordLanguageHours`.");
contract_payload!(RecordEndInterviewPayload, "Result of `recordEndInterview`.");
contract_payload!(AttestIntegrationPayload, "Result of `attestIntegration`.");
contract_payload!(ExtendIntegrationContractPayload, "Result of `extendIntegrationContract`.");
contract_payload!(ExemptFromIntegrationPayload, "Result of `exemptFromIntegration`.");

/// Result of `recordCivicExam` and `recordLanguageCertification`.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct RecordCertificationPayload {
    /// The certification recorded; null when refused.
    pub certification: Option<CertificationNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Refusals the user can fix become `userErrors`; the rest (not found, stale version) stays a top-level error.
/// The answer shows the person's contract, so the person is revealed to the journal.
fn settle(
    ctx: &Context<'_>,
    outcome: Result<IntegrationContract, Error>,
) -> Result<(Option<IntegrationContractNode>, Vec<UserError>)> {
    match outcome {
        Ok(contract) => {
            request(ctx).reveal(contract.person());
            Ok((Some(IntegrationContractNode(contract)), Vec::new()))
        }
        Err(error) => Ok((None, vec![user_error(error)?])),
    }
}

fn version(expected: i32) -> Result<u32, ApiError> {
    u32::try_from(expected).map_err(|_| ApiError::bad_input("expectedVersion must not be negative"))
}

/// Records `step` (or its input error) on the contract `contract_id` seen at `expected_version`.
async fn step(
    ctx: &Context<'_>,
    contract_id: &ID,
    expected_version: i32,
    step: Result<Step, Error>,
) -> Result<(Option<IntegrationContractNode>, Vec<UserError>)> {
    let id = id::integration_contract_id(contract_id)?;
    let expected = version(expected_version)?;
    let outcome = match step {
        Ok(step) => commands::record(&services(ctx).integration_ports(), &request(ctx).caller(), id, expected, step)
            .await
            .map(|(contract, _)| contract),
        Err(error) => Err(error),
    };
    settle(ctx, outcome)
}

async fn certify(
    ctx: &Context<'_>,
    person: &ID,
    obtained_on: Date,
    kind: Result<CertificationKind, Error>,
) -> Result<RecordCertificationPayload> {
    let person = id::person_id(person)?;
    let outcome = match kind {
        Ok(kind) => {
            let request_ = commands::RecordCertification { person, kind, obtained_on: obtained_on.0 };
            commands::record_certification(&services(ctx).integration_ports(), &request(ctx).caller(), request_).await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(certification) => {
            request(ctx).reveal(certification.person);
            Ok(RecordCertificationPayload {
                certification: Some(CertificationNode(certification)),
                user_errors: vec![],
            })
        }
        Err(error) => Ok(RecordCertificationPayload { certification: None, user_errors: vec![user_error(error)?] }),
    }
}

/// Integration mutations, all OFII's.
#[derive(Default)]
pub struct IntegrationMutation;

#[Object]
impl IntegrationMutation {
    /// Convokes a person to the reception platform, opening their integration contract (one open at a time:
    /// `ALREADY_UNDER_CONTRACT`). OFII agents of the territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn convoke_for_integration(
        &self,
        ctx: &Context<'_>,
        input: ConvokeForIntegrationInput,
    ) -> Result<ConvokeForIntegrationPayload> {
        let person = id::person_id(&input.person_id)?;
        let dossier = input.dossier_id.as_ref().map(id::dossier_id).transpose()?;
        let outcome = match Territory::parse(&input.territory) {
            Ok(territory) => {
                let convoke = commands::Convoke { person, territory, dossier };
                commands::convoke(&services(ctx).integration_ports(), &request(ctx).caller(), convoke).await
            }
            Err(error) => Err(error),
        };
        Ok(settle(ctx, outcome)?.into())
    }

    /// Records the reception interview and the language positioning.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_integration_reception(
        &self,
        ctx: &Context<'_>,
        input: RecordIntegrationReceptionInput,
    ) -> Result<RecordIntegrationReceptionPayload> {
        let positioning = u16::try_from(input.prescribed_language_hours)
            .map_err(|_| Error::invalid("prescribedLanguageHours", "one of 0, 100, 200, 400 or 600"))
            .and_then(PrescribedHours::parse)
            .map(|hours| {
                Step::Receive(Positioning {
                    level: input.initial_level.into(),
                    prescribed_hours: hours,
                    target: input.target_level.into(),
                })
            });
        Ok(step(ctx, &input.contract_id, input.expected_version, positioning).await?.into())
    }

    /// Records the signature, on a day, in a language the person understands.
    #[graphql(visible = "super::audience::ofii")]
    async fn sign_integration_contract(
        &self,
        ctx: &Context<'_>,
        input: SignIntegrationContractInput,
    ) -> Result<SignIntegrationContractPayload> {
        let signature = LanguageCode::parse(&input.language)
            .map_err(|_| Error::invalid("language", "an ISO 639 code such as \"ar\" or \"prs\""))
            .map(|language| Step::Sign(Signature { on: input.signed_on.0, language }));
        Ok(step(ctx, &input.contract_id, input.expected_version, signature).await?.into())
    }

    /// Records the attendance of one civic-training day (the first attendance starts the training).
    #[graphql(visible = "super::audience::ofii")]
    async fn record_civic_attendance(
        &self,
        ctx: &Context<'_>,
        input: RecordCivicAttendanceInput,
    ) -> Result<RecordCivicAttendancePayload> {
        let attendance =
            CivicDay::parse(i64::from(input.day)).map(|day| Step::CivicAttendance(day, input.attendance.into()));
        Ok(step(ctx, &input.contract_id, input.expected_version, attendance).await?.into())
    }

    /// Adds hours of French attended (`LANGUAGE_HOURS_EXCEEDED` beyond the prescription).
    #[graphql(visible = "super::audience::ofii")]
    async fn record_language_hours(
        &self,
        ctx: &Context<'_>,
        input: RecordLanguageHoursInput,
    ) -> Result<RecordLanguageHoursPayload> {
        let hours = u16::try_from(input.hours)
            .map_err(|_| Error::invalid("hours", "a positive number of hours"))
            .map(Step::LanguageHours);
        Ok(step(ctx, &input.contract_id, input.expected_version, hours).await?.into())
    }

    /// Records the end-of-contract interview (`CIVIC_TRAINING_INCOMPLETE` until every civic day is recorded).
    #[graphql(visible = "super::audience::ofii")]
    async fn record_end_interview(
        &self,
        ctx: &Context<'_>,
        input: IntegrationContractStepInput,
    ) -> Result<RecordEndInterviewPayload> {
        Ok(step(ctx, &input.contract_id, input.expected_version, Ok(Step::EndInterview)).await?.into())
    }

    /// Attests the contract; whether the person was assiduous is computed from the attendance, not chosen.
    #[graphql(visible = "super::audience::ofii")]
    async fn attest_integration(
        &self,
        ctx: &Context<'_>,
        input: IntegrationContractStepInput,
    ) -> Result<AttestIntegrationPayload> {
        Ok(step(ctx, &input.contract_id, input.expected_version, Ok(Step::Attest)).await?.into())
    }

    /// Extends the contract by one year, once (`ALREADY_EXTENDED` the second time).
    #[graphql(visible = "super::audience::ofii")]
    async fn extend_integration_contract(
        &self,
        ctx: &Context<'_>,
        input: IntegrationContractStepInput,
    ) -> Result<ExtendIntegrationContractPayload> {
        Ok(step(ctx, &input.contract_id, input.expected_version, Ok(Step::Extend)).await?.into())
    }

    /// Exempts the person from the contract, for a reason. Final.
    #[graphql(visible = "super::audience::ofii")]
    async fn exempt_from_integration(
        &self,
        ctx: &Context<'_>,
        input: ExemptFromIntegrationInput,
    ) -> Result<ExemptFromIntegrationPayload> {
        Ok(step(ctx, &input.contract_id, input.expected_version, Ok(Step::Exempt(input.reason.into()))).await?.into())
    }

    /// Records a civic exam taken by the person; it is marked by the rules in force on its day (passed from 32
    /// of 40 under the 2026 order), kept with it.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_civic_exam(
        &self,
        ctx: &Context<'_>,
        input: RecordCivicExamInput,
    ) -> Result<RecordCertificationPayload> {
        let kind = u8::try_from(input.score)
            .map_err(|_| Error::invalid("score", "between 0 and the exam's maximum"))
            .map(|score| CertificationKind::CivicExam { score });
        certify(ctx, &input.person_id, input.taken_on, kind).await
    }

    /// Records a language level certified by a certified test.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_language_certification(
        &self,
        ctx: &Context<'_>,
        input: RecordLanguageCertificationInput,
    ) -> Result<RecordCertificationPayload> {
        let kind = CertificationKind::Language { level: input.level.into(), certifier: input.certifier };
        certify(ctx, &input.person_id, input.obtained_on, Ok(kind)).await
    }
}
