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
#[graphql(name = "DossierStatus")]
pub enum Status {
    /// Being prepared; nothing filed yet.
    Draft,
    /// Filed.
    Submitted,
    /// Withdrawn by the person.
    Withdrawn,
}

impl From<DomainStatus> for Status {
    fn from(status: DomainStatus) -> Self {
        match status {
            DomainStatus::Draft => Self::Draft,
            DomainStatus::Submitted => Self::Submitted,
            DomainStatus::Withdrawn => Self::Withdrawn,
        }
    }
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
#[graphql(name = "DossierEventKind")]
pub enum DossierEventKindCode {
    /// The draft was opened.
    Started,
    /// The dossier was filed.
    Submitted,
    /// The person withdrew it.
    Withdrawn,
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
        match self.0.kind {
            DossierEventKind::Started => DossierEventKindCode::Started,
            DossierEventKind::Submitted => DossierEventKindCode::Submitted,
            DossierEventKind::Withdrawn => DossierEventKindCode::Withdrawn,
        }
    }

    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Who.
    async fn actor(&self) -> EventActor {
        match &self.0.actor {
            ActorRef::Person => EventActor { kind: ActorKind::Person, role: None, organisation: None },
            ActorRef::Mandatary { .. } => EventActor { kind: ActorKind::Mandatary, role: None, organisation: None },
            ActorRef::System => EventActor { kind: ActorKind::System, role: None, organisation: None },
            ActorRef::Agent { role, organisation, .. } => EventActor {
                kind: ActorKind::Agent,
                role: Some(role.clone()),
                organisation: Some(organisation.clone()),
            },
            ActorRef::Partner { name, .. } => {
                EventActor { kind: ActorKind::Partner, role: None, organisation: Some(name.clone()) }
            }
        }
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

    /// The opinion of OFII's medical college, as the legal answers the decision rests on. Null until it is issued,
    /// and for a dossier that needs none. (Descriptions shown to every view name no field outside it.)
    async fn medical_opinion(&self, ctx: &Context<'_>) -> Result<Option<super::medical::MedicalOpinionNode>> {
        super::medical::opinion_of(ctx, &self.0).await
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
    async fn edges(&self) -> Vec<DossierEdge> {
        self.page.items.iter().cloned().map(DossierEdge).collect()
    }

    /// The dossiers of this page, without cursors.
    async fn nodes(&self) -> Vec<DossierNode> {
        self.page.items.iter().cloned().map(DossierNode).collect()
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
trait DossierPayload: Sized {
    fn new(dossier: Option<DossierNode>, user_errors: Vec<UserError>) -> Self;
}

macro_rules! dossier_payload {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(SimpleObject)]
        pub struct $name {
            /// The dossier after the mutation; null when it was refused.
            pub dossier: Option<DossierNode>,
            /// Why the mutation was refused, when it was.
            pub user_errors: Vec<UserError>,
        }

        impl DossierPayload for $name {
            fn new(dossier: Option<DossierNode>, user_errors: Vec<UserError>) -> Self {
                Self { dossier, user_errors }
            }
        }
    };
}

dossier_payload!(StartDossierPayload, "Result of `startDossier`.");
dossier_payload!(SubmitDossierPayload, "Result of `submitDossier`.");
dossier_payload!(WithdrawDossierPayload, "Result of `withdrawDossier`.");

/// Turns a use case's outcome into a payload: refusals the user can fix become `userErrors`, the rest stays a
/// top-level error.
fn settle<P: DossierPayload>(outcome: Result<Dossier, Error>) -> Result<P> {
    match outcome {
        Ok(dossier) => Ok(P::new(Some(DossierNode(dossier)), Vec::new())),
        Err(error) => Ok(P::new(None, vec![user_error(error)?])),
    }
}

fn expected(version: Option<i32>) -> Result<Option<u32>, ApiError> {
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
            })
        })();
        let outcome = match request_parts {
            Ok(start) => commands::start(&services(ctx).ports(), &request(ctx).caller(), start).await,
            Err(error) => Err(error),
        };
        settle(outcome)
    }

    /// Files a draft.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn submit_dossier(&self, ctx: &Context<'_>, input: SubmitDossierInput) -> Result<SubmitDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        settle(commands::submit(&services(ctx).ports(), &request(ctx).caller(), id, expected).await)
    }

    /// Withdraws an open dossier. Only the person may.
    #[graphql(visible = "super::audience::mobile")]
    async fn withdraw_dossier(&self, ctx: &Context<'_>, input: WithdrawDossierInput) -> Result<WithdrawDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let reason = input.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        settle(commands::withdraw(&services(ctx).ports(), &request(ctx).caller(), id, expected, reason).await)
    }
}
