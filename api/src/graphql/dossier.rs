//! Dossiers: the `dossier` query, the node, its timeline, and the lifecycle mutations.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::dossier::{
    ActorRef, Channel as DomainChannel, Dossier, DossierEvent, DossierEventKind, DossierStatus as DomainStatus,
    commands,
};
use hipe_domain::pagination::Page;
use hipe_domain::person::PersonId;
use hipe_domain::procedure::ProcedureCode;
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, Error};

use super::connection::PageInfo;
use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::person::PersonNode;
use super::procedure::ProcedureNode;
use super::scalars::DateTime;

/// Where a dossier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "DossierStatus", remote = "DomainStatus")]
pub enum Status {
    /// Being prepared; nothing has been filed yet.
    Draft,
    /// Filed; awaiting the completeness check.
    Submitted,
    /// Documents were requested; waiting for the person to provide them.
    Incomplete,
    /// Declared complete: the silence clock runs from the complete date.
    Complete,
    /// Being instructed.
    UnderReview,
    /// Waiting for an external opinion (OFII's medical college, the mayor…).
    AwaitingOpinion,
    /// Granted; the permit is to be ordered.
    Granted,
    /// The card is being manufactured.
    PermitInProduction,
    /// The card is at the prefecture, ready for handover.
    PermitAvailable,
    /// The card was handed over. Terminal.
    PermitDelivered,
    /// Refused by an explicit, motivated decision. Terminal.
    Refused,
    /// The silence period passed without a decision: implicitly refused. The file stays open: the person may ask
    /// for the reasons, and an explicit decision may still replace the implicit one.
    ImplicitlyRefused,
    /// Withdrawn by the person. Terminal.
    Withdrawn,
}

/// How a dossier reached the administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Channel {
    /// Online, by the person.
    Online,
    /// At a prefecture desk, by an agent on the person's behalf (the substitute channel).
    Desk,
    /// Online, by a mandatary acting for the person.
    Mandatary,
}

impl From<DomainChannel> for Channel {
    fn from(channel: DomainChannel) -> Self {
        match channel {
            DomainChannel::Online => Self::Online,
            DomainChannel::Desk => Self::Desk,
            DomainChannel::Mandatary => Self::Mandatary,
        }
    }
}

/// What happened to a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "DossierEventKind", remote = "DossierEventKind")]
pub enum DossierEventKindCode {
    /// The draft was opened.
    Started,
    /// The draft's answers were filled in.
    Filled,
    /// The dossier was filed.
    Submitted,
    /// A deposit certificate was issued (on every submission).
    DepositCertificateIssued,
    /// The person amended their answers after filing (previous values in the details).
    Amended,
    /// A supporting document was added.
    DocumentAdded,
    /// An instructor accepted or rejected a document.
    DocumentReviewed,
    /// An instructor requested documents, with a due date.
    DocumentsRequested,
    /// Every requested document arrived.
    DocumentsProvided,
    /// The file was declared complete: the silence clock starts.
    DeclaredComplete,
    /// Instruction started.
    ReviewStarted,
    /// An external opinion was requested.
    OpinionRequested,
    /// The external opinion arrived.
    OpinionReceived,
    /// The dossier was assigned to an instructor.
    Assigned,
    /// A vulnerability was flagged or cleared.
    PriorityFlagged,
    /// The request was granted.
    Granted,
    /// The request was refused by a motivated decision.
    Refused,
    /// The silence date passed without a decision: implicit refusal.
    ImplicitlyRefused,
    /// An extension certificate was issued, or renewed, while the decision is awaited.
    ExtensionCertificateIssued,
    /// The person asked for the reasons of the implicit refusal (one month to answer).
    ReasonsRequested,
    /// The reasons of the implicit refusal were communicated.
    ReasonsCommunicated,
    /// The card was ordered.
    PermitOrdered,
    /// The card is ready for handover.
    PermitAvailable,
    /// The card was handed over.
    PermitDelivered,
    /// The person withdrew it.
    Withdrawn,
}

/// A name and its value.
#[derive(Debug, Clone, SimpleObject)]
pub struct NameValue {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// Who acted, as the timeline shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ActorKind {
    /// The person themself.
    Person,
    /// Someone acting for the person under a mandate.
    Mandatary,
    /// An agent.
    Agent,
    /// A partner application.
    Partner,
    /// HIPE itself (legal clocks).
    System,
}

/// The author of an event: the role and organisation of an agent, never their name.
#[derive(Debug, Clone, SimpleObject)]
pub struct EventActor {
    /// Kind of actor.
    pub kind: ActorKind,
    /// The agent's role code.
    pub role: Option<String>,
    /// The agent's organisation.
    pub organisation: Option<String>,
}

impl EventActor {
    /// How `actor` is shown: an agent by role and organisation, never by name.
    pub fn of(actor: &ActorRef) -> Self {
        match actor {
            ActorRef::Person => Self { kind: ActorKind::Person, role: None, organisation: None },
            ActorRef::Mandatary { .. } => Self { kind: ActorKind::Mandatary, role: None, organisation: None },
            ActorRef::System => Self { kind: ActorKind::System, role: None, organisation: None },
            ActorRef::Agent { role, organisation, .. } => {
                Self { kind: ActorKind::Agent, role: Some(role.clone()), organisation: Some(organisation.clone()) }
            }
            ActorRef::Partner { name, .. } => {
                Self { kind: ActorKind::Partner, role: None, organisation: Some(name.clone()) }
            }
        }
    }
}

/// One entry of a dossier's timeline.
pub struct DossierEventNode(DossierEvent);

#[Object(name = "DossierEvent")]
impl DossierEventNode {
    /// Position in the timeline (the dossier's version right after the event).
    async fn sequence(&self) -> i64 {
        i64::from(self.0.sequence)
    }

    /// What happened.
    async fn kind(&self) -> DossierEventKindCode {
        self.0.kind.into()
    }

    /// What changed, as name/value pairs (the documents requested and the due date, an amended answer's
    /// previous value, a certificate's number and validity…).
    async fn details(&self) -> Vec<NameValue> {
        self.0.details.iter().map(|(name, value)| NameValue { name: name.clone(), value: value.clone() }).collect()
    }

    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Who.
    async fn actor(&self) -> EventActor {
        EventActor::of(&self.0.actor)
    }

    /// Why, when a reason was given.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// An application by a person for a procedure.
pub struct DossierNode(pub Dossier);

#[Object(name = "Dossier", visible = "super::audience::dossier_readers")]
impl DossierNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        id::dossier(self.0.id())
    }

    /// Human-readable reference, to quote to any service (`2026-7K3M9-QX2HT`).
    async fn reference(&self) -> &str {
        self.0.reference().as_str()
    }

    /// Where it stands.
    async fn status(&self) -> Status {
        self.0.status().into()
    }

    /// How it was filed.
    async fn channel(&self) -> Channel {
        self.0.channel().into()
    }

    /// Who instructs it (a prefecture, OFII, a work-permit platform).
    async fn authority(&self) -> super::procedure::Authority {
        self.0.authority().into()
    }

    /// The département in charge.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// Version, for `expectedVersion` in mutations (optimistic concurrency).
    async fn version(&self) -> i64 {
        i64::from(self.0.version())
    }

    /// Creation time.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at())
    }

    /// Time of the last event.
    async fn updated_at(&self) -> DateTime {
        DateTime(self.0.updated_at())
    }

    /// The catalogue version the dossier was filed under.
    async fn procedure(&self, ctx: &Context<'_>) -> Result<ProcedureNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let procedure = loaders.procedures.load_one(self.0.procedure().clone()).await.map_err(|e| load_error(&e))?;
        procedure.map(ProcedureNode).ok_or_else(|| ApiError::Internal("dossier without its procedure".into()).into())
    }

    /// The applicant.
    async fn person(&self, ctx: &Context<'_>) -> Result<PersonNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let person = loaders.persons.load_one(self.0.person()).await.map_err(|e| load_error(&e))?;
        person.map(PersonNode).ok_or_else(|| ApiError::Internal("dossier without its person".into()).into())
    }

    /// Whether the decision needs the opinion of OFII's medical college (sick foreigner).
    async fn needs_medical_opinion(&self) -> bool {
        self.0.needs_medical_opinion()
    }

    /// The opinion of OFII's medical college, as the legal answers the decision rests on. Null until OFII
    /// transmits it to the prefect, and for a dossier that needs none. (Descriptions shown to every view name no
    /// field outside it.)
    async fn medical_opinion(&self, ctx: &Context<'_>) -> Result<Option<super::medical::MedicalOpinionNode>> {
        super::medical::opinion_of(ctx, &self.0).await
    }

    /// Whether the medical college's opinion is awaited or transmitted; null for a dossier that needs none.
    async fn medical_opinion_status(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<super::medical::MedicalOpinionStatusValue>> {
        super::medical::opinion_status_of(ctx, &self.0).await
    }

    /// The dossier's case in OFII's medical service, for OFII staff of its territory.
    #[graphql(visible = "super::audience::ofii")]
    async fn medical_case(&self, ctx: &Context<'_>) -> Result<Option<super::medical::MedicalCaseNode>> {
        super::medical::case_of(ctx, &self.0).await
    }

    /// OFII's side of a family reunification, from the mayor's check to the transmission to the prefect: where
    /// it stands and its results. Null before the file is sent to the mayor, for other procedures, and for the
    /// prefecture until OFII transmits the file.
    async fn family_reunification(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<super::family_reunification::FamilyReunificationNode>> {
        super::family_reunification::record_of(ctx, &self.0).await
    }

    /// The situations declared (`HOSTED`, `MARRIED`, `STUDENT`…): they select the documents needed.
    async fn situations(&self) -> &[String] {
        self.0.situations()
    }

    /// The form's answers.
    async fn answers(&self) -> Vec<NameValue> {
        self.0.answers().iter().map(|(name, value)| NameValue { name: name.clone(), value: value.clone() }).collect()
    }

    /// When it was first filed.
    async fn filed_at(&self) -> Option<DateTime> {
        self.0.filed_at().map(DateTime)
    }

    /// The legal dates: complete date, silence date, the renewed document's end and the extension certificates'.
    async fn legal_dates(&self) -> super::journey::LegalDates {
        super::journey::fields::legal_dates(&self.0)
    }

    /// What happens next, and by when.
    async fn next_step(&self, ctx: &Context<'_>) -> Result<super::journey::NextStep> {
        super::journey::fields::next_step_of(ctx, &self.0).await
    }

    /// The service in charge.
    async fn service_in_charge(&self, ctx: &Context<'_>) -> super::journey::ServiceInCharge {
        super::journey::fields::service_in_charge(ctx, &self.0)
    }

    /// The documents the procedure needs in the declared situations that the file still lacks.
    async fn missing_documents(&self, ctx: &Context<'_>) -> Result<Vec<super::procedure::RequiredDocumentNode>> {
        super::journey::fields::missing_documents(ctx, &self.0).await
    }

    /// Every supporting document, every version, oldest first.
    async fn documents(&self, ctx: &Context<'_>) -> Result<Vec<super::journey::SupportingDocumentNode>> {
        super::journey::fields::documents(ctx, &self.0).await
    }

    /// The requests for documents, oldest first.
    async fn document_requests(&self, ctx: &Context<'_>) -> Result<Vec<super::journey::DocumentRequestNode>> {
        super::journey::fields::document_requests(ctx, &self.0).await
    }

    /// The decision, once taken.
    async fn decision(&self, ctx: &Context<'_>) -> Result<Option<super::journey::DecisionNode>> {
        super::journey::fields::decision(ctx, &self.0).await
    }

    /// Whether the person was flagged vulnerable.
    async fn vulnerable(&self) -> bool {
        self.0.vulnerable()
    }

    /// The instructor it is assigned to (agents only).
    #[graphql(visible = "super::audience::case_workers")]
    async fn assigned_to(&self) -> Option<&str> {
        self.0.assigned_to()
    }

    /// The date that orders the work queue by legal risk (agents only).
    #[graphql(visible = "super::audience::case_workers")]
    async fn attention_on(&self) -> Option<super::scalars::Date> {
        let date = self.0.attention_on();
        (date != chrono::NaiveDate::MAX).then_some(super::scalars::Date(date))
    }

    /// The timeline, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<DossierEventNode>> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let events = loaders.timelines.load_one(self.0.id()).await.map_err(|e| load_error(&e))?;
        Ok(events.unwrap_or_default().into_iter().map(DossierEventNode).collect())
    }

    /// The appointments booked for this dossier that I may see, by start.
    async fn appointments(&self, ctx: &Context<'_>) -> Result<Vec<super::appointment::AppointmentNode>> {
        super::appointment::of_dossier(ctx, &self.0).await
    }

    /// The tax stamps recorded on this dossier, oldest first.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn payments(&self, ctx: &Context<'_>) -> Result<Vec<super::payment::PaymentNode>> {
        super::payment::of_dossier(ctx, &self.0).await
    }

    /// The fees due under the catalogue version the dossier was filed under, in euro cents.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn fees_due_cents(&self, ctx: &Context<'_>) -> Result<i32> {
        super::payment::fees_due_cents(ctx, &self.0).await
    }

    /// The sum of the tax stamps recorded on this dossier, in euro cents.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn fees_paid_cents(&self, ctx: &Context<'_>) -> Result<i32> {
        super::payment::fees_paid_cents(ctx, &self.0).await
    }

    /// The message thread with the services instructing the dossier, oldest first.
    async fn messages(&self, ctx: &Context<'_>) -> Result<Vec<super::message::MessageNode>> {
        super::message::of_dossier(ctx, &self.0).await
    }
}

/// Primes the request's loaders with the relations a list of dossiers will ask for — one statement per
/// relation for the whole list, whatever the batching window — looking ahead at the fields selected on each
/// dossier (`node`: the lookahead of the dossier in the list).
///
/// # Errors
/// When a relation cannot be loaded.
pub async fn prefetch(ctx: &Context<'_>, node: &async_graphql::Lookahead<'_>, dossiers: &[Dossier]) -> Result<()> {
    if dossiers.is_empty() {
        return Ok(());
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let ids: Vec<_> = dossiers.iter().map(Dossier::id).collect();
    let wants = |fields: &[&str]| fields.iter().any(|f| node.field(f).exists());
    let failed = |e: &super::loaders::LoadError| load_error(e);
    if wants(&["person"]) {
        let persons: Vec<_> = dossiers.iter().map(Dossier::person).collect();
        loaders.persons.load_many(persons).await.map_err(|e| failed(&e))?;
    }
    if wants(&["procedure", "missingDocuments"]) {
        let keys: Vec<_> = dossiers.iter().map(|d| d.procedure().clone()).collect();
        loaders.procedures.load_many(keys).await.map_err(|e| failed(&e))?;
    }
    if wants(&["documents", "missingDocuments"]) {
        loaders.documents.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["documentRequests", "nextStep"]) {
        loaders.requests.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["decision"]) {
        loaders.decisions.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["events"]) {
        loaders.timelines.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["appointments"]) {
        loaders.dossier_appointments.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["payments", "feesPaidCents"]) {
        loaders.payments.load_many(ids.clone()).await.map_err(|e| failed(&e))?;
    }
    if wants(&["messages"]) {
        loaders.messages.load_many(ids).await.map_err(|e| failed(&e))?;
    }
    Ok(())
}

/// An edge of a dossier list.
pub struct DossierEdge(Dossier);

#[Object]
impl DossierEdge {
    /// Cursor of this edge.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The dossier.
    async fn node(&self) -> DossierNode {
        DossierNode(self.0.clone())
    }
}

/// A page of a person's dossiers.
pub struct DossierConnection {
    /// Whose dossiers.
    pub person: PersonId,
    /// The page.
    pub page: Page<Dossier>,
}

#[Object]
impl DossierConnection {
    /// The edges of this page.
    async fn edges(&self, ctx: &Context<'_>) -> Result<Vec<DossierEdge>> {
        prefetch(ctx, &ctx.look_ahead().field("node"), &self.page.items).await?;
        Ok(self.page.items.iter().cloned().map(DossierEdge).collect())
    }

    /// The dossiers of this page, without cursors.
    async fn nodes(&self, ctx: &Context<'_>) -> Result<Vec<DossierNode>> {
        prefetch(ctx, &ctx.look_ahead(), &self.page.items).await?;
        Ok(self.page.items.iter().cloned().map(DossierNode).collect())
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.page, |d| d.id().as_uuid())
    }

    /// How many dossiers the whole list holds (one more query; ask only when shown).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count = services(ctx).dossiers.count_for_person(self.person).await.map_err(ApiError::from)?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// Dossier queries.
#[derive(Default)]
pub struct DossierQuery;

#[Object]
impl DossierQuery {
    /// A dossier by global id. `NOT_FOUND` when it does not exist or the caller may not see it.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn dossier(&self, ctx: &Context<'_>, id: ID) -> Result<Option<DossierNode>> {
        let dossier_id = id::dossier_id(&id)?;
        let dossier = commands::find_visible(&services(ctx).ports(), &request(ctx).actor, dossier_id)
            .await
            .map_err(ApiError::from)?;
        request(ctx).reveal(dossier.person());
        Ok(Some(DossierNode(dossier)))
    }
}

/// Input of `startDossier`.
#[derive(Debug, InputObject)]
pub struct StartDossierInput {
    /// Catalogue code of the procedure (its version in force today applies).
    pub procedure_code: String,
    /// Département code of the prefecture in charge.
    pub territory: String,
    /// The applicant. Omit it when applying for yourself; a desk agent filing on someone's behalf gives it.
    pub person_id: Option<ID>,
    /// A desk agent may flag the person vulnerable from the start (ignored for anyone else).
    pub vulnerable: Option<bool>,
}

/// Input of `submitDossier`.
#[derive(Debug, InputObject)]
pub struct SubmitDossierInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
}

/// Input of `withdrawDossier`.
#[derive(Debug, InputObject)]
pub struct WithdrawDossierInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
    /// Why, in the person's words (optional).
    pub reason: Option<String>,
}

/// A mutation payload carrying a dossier: the dossier as it now stands, or what the user can fix.
pub trait DossierPayload: Sized {
    /// The payload of an outcome.
    fn new(dossier: Option<DossierNode>, user_errors: Vec<UserError>) -> Self;
}

macro_rules! dossier_payload {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(SimpleObject)]
        pub struct $name {
            /// The dossier after the mutation; null when it was refused.
            pub dossier: Option<$crate::graphql::dossier::DossierNode>,
            /// Why the mutation was refused, when it was.
            pub user_errors: Vec<$crate::graphql::error::UserError>,
        }

        impl $crate::graphql::dossier::DossierPayload for $name {
            fn new(
                dossier: Option<$crate::graphql::dossier::DossierNode>,
                user_errors: Vec<$crate::graphql::error::UserError>,
            ) -> Self {
                Self { dossier, user_errors }
            }
        }
    };
}

pub(crate) use dossier_payload;

dossier_payload!(StartDossierPayload, "Result of `startDossier`.");
dossier_payload!(SubmitDossierPayload, "Result of `submitDossier`.");
dossier_payload!(WithdrawDossierPayload, "Result of `withdrawDossier`.");

/// Turns a use case's outcome into a payload: refusals the user can fix become `userErrors`, the rest stays a
/// top-level error.
pub fn settle_with<P: DossierPayload>(outcome: Result<Dossier, Error>) -> Result<P> {
    match outcome {
        Ok(dossier) => Ok(P::new(Some(DossierNode(dossier)), Vec::new())),
        Err(error) => Ok(P::new(None, vec![user_error(error)?])),
    }
}

/// The `expectedVersion` of an input.
///
/// # Errors
/// `BAD_USER_INPUT` for a version below 1.
pub fn expected(version: Option<i32>) -> Result<Option<u32>, ApiError> {
    version.map(|v| u32::try_from(v).map_err(|_| ApiError::bad_input("expectedVersion must be 1 or more"))).transpose()
}

/// Dossier mutations.
#[derive(Default)]
pub struct DossierMutation;

#[Object]
impl DossierMutation {
    /// Opens a draft dossier. A person applies for themself (online); a desk agent of the territory files on a
    /// person's behalf (the substitute channel).
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn start_dossier(&self, ctx: &Context<'_>, input: StartDossierInput) -> Result<StartDossierPayload> {
        let actor = &request(ctx).actor;
        let person = match (&input.person_id, actor) {
            (Some(id), _) => id::person_id(id)?,
            (None, Actor::Person(me)) => *me,
            (None, Actor::Anonymous) => return Err(ApiError::Unauthenticated.into()),
            (None, Actor::Agent(_) | Actor::Partner(_) | Actor::Mandatary(_)) => {
                return Err(ApiError::bad_input("personId is required when filing for someone").into());
            }
        };
        let request_parts = (|| -> Result<_, Error> {
            Ok(commands::StartDossier {
                person,
                procedure: ProcedureCode::parse(&input.procedure_code)?,
                territory: Territory::parse(&input.territory)?,
                vulnerable: input.vulnerable.unwrap_or(false),
            })
        })();
        let outcome = match request_parts {
            Ok(start) => commands::start(&services(ctx).ports(), &request(ctx).caller(), start).await,
            Err(error) => Err(error),
        };
        settle_with(outcome)
    }

    /// Files a draft.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn submit_dossier(&self, ctx: &Context<'_>, input: SubmitDossierInput) -> Result<SubmitDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        settle_with(commands::submit(&services(ctx).ports(), &request(ctx).caller(), id, expected).await)
    }

    /// Withdraws an open dossier. Only the person may.
    #[graphql(visible = "super::audience::mobile")]
    async fn withdraw_dossier(&self, ctx: &Context<'_>, input: WithdrawDossierInput) -> Result<WithdrawDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let reason = input.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        settle_with(commands::withdraw(&services(ctx).ports(), &request(ctx).caller(), id, expected, reason).await)
    }
}
