//! The instructors' side of the residence journey: the work queue ordered by legal risk, and every instruction
//! step — request and review documents, declare the file complete, review, opinions, assignment, vulnerability,
//! the decision, the card's production and handover, and the reasons of an implicit refusal. Each mutation takes
//! `expectedVersion` (`CONFLICT` when stale) and reports what the agent can fix as `userErrors`.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use hipe_domain::dossier::{
    DecisionInput, DocumentType, Dossier, DossierAction, DossierId, DossierStatus, QueueCursor, WorkQueueFilter,
    commands,
};
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::procedure::ProcedureCode;
use hipe_domain::territory::Territory;

use super::connection::weight;
use super::context::{request, services};
use super::dossier::{DossierNode, Status, expected, settle_with};
use super::error::ApiError;
use super::id;
use super::scalars::{Date, DateTime};

/// What to list in the work queue.
#[derive(Debug, Default, InputObject)]
pub struct WorkQueueFilterInput {
    /// Only these départements (within yours); all of yours by default.
    pub territories: Option<Vec<String>>,
    /// Only these statuses; by default every filed dossier not yet decided or delivered.
    pub statuses: Option<Vec<Status>>,
    /// Only this procedure.
    pub procedure_code: Option<String>,
    /// Only dossiers whose attention date is on or before this day.
    pub attention_before: Option<Date>,
    /// Only dossiers created at or after this instant.
    pub created_from: Option<DateTime>,
    /// Only dossiers created before this instant.
    pub created_until: Option<DateTime>,
    /// Only the dossiers assigned to me.
    #[graphql(default)]
    pub assigned_to_me: bool,
}

/// A queue position as an opaque cursor.
fn queue_cursor(dossier: &Dossier) -> String {
    URL_SAFE_NO_PAD.encode(format!("queue:{}:{}", dossier.attention_on(), dossier.id().as_uuid()))
}

fn decode_queue_cursor(text: &str) -> Result<QueueCursor, ApiError> {
    let invalid = || ApiError::bad_input("malformed cursor: use a cursor returned by workQueue");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let rest = text.strip_prefix("queue:").ok_or_else(invalid)?;
    let (date, id) = rest.split_once(':').ok_or_else(invalid)?;
    Ok(QueueCursor {
        attention_on: NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| invalid())?,
        id: DossierId::from_uuid(uuid::Uuid::parse_str(id).map_err(|_| invalid())?),
    })
}

/// An edge of the work queue.
pub struct QueueEdge(Dossier);

#[Object(name = "WorkQueueEdge")]
impl QueueEdge {
    /// Cursor of this edge.
    async fn cursor(&self) -> String {
        queue_cursor(&self.0)
    }

    /// The dossier.
    async fn node(&self) -> DossierNode {
        DossierNode(self.0.clone())
    }
}

/// Paging information of the work queue.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(name = "WorkQueuePageInfo")]
pub struct QueuePageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first item.
    pub start_cursor: Option<String>,
    /// Cursor of the last item.
    pub end_cursor: Option<String>,
}

/// A page of the work queue.
pub struct QueueConnection(Page<Dossier>);

#[Object(name = "WorkQueueConnection")]
impl QueueConnection {
    /// The edges of this page.
    async fn edges(&self, ctx: &Context<'_>) -> Result<Vec<QueueEdge>> {
        super::dossier::prefetch(ctx, &ctx.look_ahead().field("node"), &self.0.items).await?;
        Ok(self.0.items.iter().cloned().map(QueueEdge).collect())
    }

    /// The dossiers of this page, without cursors.
    async fn nodes(&self, ctx: &Context<'_>) -> Result<Vec<DossierNode>> {
        super::dossier::prefetch(ctx, &ctx.look_ahead(), &self.0.items).await?;
        Ok(self.0.items.iter().cloned().map(DossierNode).collect())
    }

    /// Paging information.
    async fn page_info(&self) -> QueuePageInfo {
        QueuePageInfo {
            has_next_page: self.0.has_next,
            has_previous_page: self.0.has_previous,
            start_cursor: self.0.items.first().map(queue_cursor),
            end_cursor: self.0.items.last().map(queue_cursor),
        }
    }
}

/// The instructors' queries.
#[derive(Default)]
pub struct InstructionQuery;

#[Object]
impl InstructionQuery {
    /// The work queue of your territories, ordered by legal risk: the nearest legal deadline first (silence date,
    /// end of the person's current document, reasons due), brought forward for vulnerable persons; then the
    /// oldest filings.
    #[graphql(visible = "super::audience::case_workers", complexity = "weight(first, last, child_complexity)")]
    async fn work_queue(
        &self,
        ctx: &Context<'_>,
        filter: Option<WorkQueueFilterInput>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<QueueConnection> {
        let filter = filter.unwrap_or_default();
        let actor = &request(ctx).actor;
        let parse = || -> Result<WorkQueueFilter, hipe_domain::Error> {
            Ok(WorkQueueFilter {
                territories: filter
                    .territories
                    .unwrap_or_default()
                    .iter()
                    .map(|t| Territory::parse(t))
                    .collect::<Result<_, _>>()?,
                statuses: filter.statuses.unwrap_or_default().into_iter().map(DossierStatus::from).collect(),
                procedure: filter.procedure_code.as_deref().map(ProcedureCode::parse).transpose()?,
                attention_before: filter.attention_before.map(|d| d.0),
                created_from: filter.created_from.map(|d| d.0),
                created_until: filter.created_until.map(|d| d.0),
                assigned_to: match (filter.assigned_to_me, actor) {
                    (true, hipe_domain::Actor::Agent(agent)) => Some(agent.id.clone()),
                    _ => None,
                },
            })
        };
        let filter = parse().map_err(|e| ApiError::bad_input(e.to_string()))?;
        let cursor = |text: Option<String>| text.map(|t| decode_queue_cursor(&t)).transpose();
        let page = PageRequest::relay(first, cursor(after)?, last, cursor(before)?)
            .map_err(|e| ApiError::bad_input(e.to_string()))?;
        let found = commands::work_queue(&services(ctx).ports(), actor, filter, &page).await.map_err(ApiError::from)?;
        for dossier in &found.items {
            request(ctx).reveal(dossier.person());
        }
        Ok(QueueConnection(found))
    }
}

/// Input of `requestDocuments`.
#[derive(Debug, InputObject)]
pub struct RequestDocumentsInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// The document types wanted (`PROOF_OF_ADDRESS`).
    pub document_types: Vec<String>,
    /// Why, in words the person can act on.
    pub reason: String,
    /// The due date (after today).
    pub due_on: Date,
}

/// Input of `reviewDocument`.
#[derive(Debug, InputObject)]
pub struct ReviewDocumentInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// The document.
    pub document_id: ID,
    /// Accept (true) or reject (false).
    pub accepted: bool,
    /// Why it is rejected (required for a rejection).
    pub reason: Option<String>,
}

/// Input of `assignDossier`.
#[derive(Debug, InputObject)]
pub struct AssignDossierInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// The instructor's id; omit it to assign the dossier to yourself.
    pub agent_id: Option<String>,
    /// Clear the assignment instead.
    #[graphql(default)]
    pub unassign: bool,
}

/// Input of `flagVulnerability`.
#[derive(Debug, InputObject)]
pub struct FlagVulnerabilityInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// Vulnerable or not.
    pub vulnerable: bool,
    /// Why (kept in the timeline).
    pub reason: Option<String>,
}

/// The outcome a signatory records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DecisionOutcome {
    /// Grant.
    Grant,
    /// Refuse (legal basis and reasons required).
    Refuse,
}

/// Input of `decideDossier`.
#[derive(Debug, InputObject)]
pub struct DecideDossierInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
    /// Grant or refuse.
    pub outcome: DecisionOutcome,
    /// The legal basis (the procedure's for a grant when omitted).
    #[graphql(default)]
    pub legal_basis: String,
    /// The reasons (required for a refusal).
    #[graphql(default)]
    pub reasons: String,
}

/// A stage of the granted card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum PermitStage {
    /// Ordered from the manufacturer.
    InProduction,
    /// Arrived at the prefecture, ready for handover.
    Available,
    /// Handed over to the person: the permit is in force.
    Delivered,
}

/// Input of `recordPermitProduction`.
#[derive(Debug, InputObject)]
pub struct RecordPermitProductionInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// The stage reached.
    pub stage: PermitStage,
}

/// Input of `communicateReasons`.
#[derive(Debug, InputObject)]
pub struct CommunicateReasonsInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
    /// The reasons of the implicit refusal.
    pub reasons: String,
}

/// The input of a step the mutation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum InstructionStep {
    /// The file is complete: the silence clock starts.
    DeclareComplete,
    /// Start instructing.
    StartReview,
    /// Ask for the external opinion the procedure needs.
    RequestOpinion,
    /// The external opinion arrived.
    RecordOpinionReceived,
}

/// Input of `advanceInstruction`.
#[derive(Debug, InputObject)]
pub struct AdvanceInstructionInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
    /// The step.
    pub step: InstructionStep,
}

super::dossier::dossier_payload!(RequestDocumentsPayload, "Result of `requestDocuments`.");
super::dossier::dossier_payload!(ReviewDocumentPayload, "Result of `reviewDocument`.");
super::dossier::dossier_payload!(AdvanceInstructionPayload, "Result of `advanceInstruction`.");
super::dossier::dossier_payload!(AssignDossierPayload, "Result of `assignDossier`.");
super::dossier::dossier_payload!(FlagVulnerabilityPayload, "Result of `flagVulnerability`.");
super::dossier::dossier_payload!(DecideDossierPayload, "Result of `decideDossier`.");
super::dossier::dossier_payload!(RecordPermitProductionPayload, "Result of `recordPermitProduction`.");
super::dossier::dossier_payload!(CommunicateReasonsPayload, "Result of `communicateReasons`.");

/// The instructors' mutations.
#[derive(Default)]
pub struct InstructionMutation;

#[Object]
impl InstructionMutation {
    /// Asks the person for documents, by a due date. No legal date moves: the silence clock only starts at the
    /// complete date.
    #[graphql(visible = "super::audience::case_workers")]
    async fn request_documents(
        &self,
        ctx: &Context<'_>,
        input: RequestDocumentsInput,
    ) -> Result<RequestDocumentsPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let types = input.document_types.iter().map(|t| DocumentType::parse(t)).collect::<Result<Vec<_>, _>>();
        let outcome = match types {
            Ok(types) => {
                commands::request_documents(
                    &services(ctx).ports(),
                    &request(ctx).caller(),
                    id,
                    expected,
                    types,
                    input.due_on.0,
                    input.reason,
                )
                .await
            }
            Err(error) => Err(error),
        };
        settle_with(outcome)
    }

    /// Accepts or rejects a pending document (a rejection says why).
    #[graphql(visible = "super::audience::case_workers")]
    async fn review_document(&self, ctx: &Context<'_>, input: ReviewDocumentInput) -> Result<ReviewDocumentPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let document = id::document_id(&input.document_id)?;
        let expected = expected(input.expected_version)?;
        let ports = services(ctx).ports();
        settle_with(
            commands::review_document(
                &ports,
                &request(ctx).caller(),
                id,
                expected,
                document,
                input.accepted,
                input.reason,
            )
            .await,
        )
    }

    /// Moves the instruction on: declare the file complete (every needed document present, none rejected; the
    /// silence clock starts), start the review, ask for the external opinion, record that it arrived.
    #[graphql(visible = "super::audience::case_workers")]
    async fn advance_instruction(
        &self,
        ctx: &Context<'_>,
        input: AdvanceInstructionInput,
    ) -> Result<AdvanceInstructionPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let ports = services(ctx).ports();
        let caller = request(ctx).caller();
        let outcome = match input.step {
            InstructionStep::DeclareComplete => commands::declare_complete(&ports, &caller, id, expected).await,
            InstructionStep::StartReview => {
                commands::step(&ports, &caller, id, expected, DossierAction::StartReview).await
            }
            InstructionStep::RequestOpinion => {
                commands::step(&ports, &caller, id, expected, DossierAction::RequestOpinion).await
            }
            InstructionStep::RecordOpinionReceived => {
                commands::step(&ports, &caller, id, expected, DossierAction::ReceiveOpinion).await
            }
        };
        settle_with(outcome)
    }

    /// Assigns a dossier to an instructor (yourself when `agentId` is omitted), or clears the assignment.
    #[graphql(visible = "super::audience::case_workers")]
    async fn assign_dossier(&self, ctx: &Context<'_>, input: AssignDossierInput) -> Result<AssignDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let to = if input.unassign {
            None
        } else {
            match (input.agent_id, &request(ctx).actor) {
                (Some(agent), _) => Some(agent),
                (None, hipe_domain::Actor::Agent(me)) => Some(me.id.clone()),
                (None, _) => None,
            }
        };
        settle_with(commands::assign(&services(ctx).ports(), &request(ctx).caller(), id, expected, to).await)
    }

    /// Flags or clears a vulnerability (it brings the dossier's deadlines forward in the work queue).
    #[graphql(visible = "super::audience::case_workers")]
    async fn flag_vulnerability(
        &self,
        ctx: &Context<'_>,
        input: FlagVulnerabilityInput,
    ) -> Result<FlagVulnerabilityPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let reason = input.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        let ports = services(ctx).ports();
        settle_with(
            commands::flag_vulnerability(&ports, &request(ctx).caller(), id, expected, input.vulnerable, reason).await,
        )
    }

    /// A signatory records the decision: a grant (every needed document accepted, the external opinion received)
    /// or a refusal with its legal basis and reasons; the routes of appeal follow.
    #[graphql(visible = "super::audience::case_workers")]
    async fn decide_dossier(&self, ctx: &Context<'_>, input: DecideDossierInput) -> Result<DecideDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let decision = DecisionInput {
            grant: input.outcome == DecisionOutcome::Grant,
            legal_basis: input.legal_basis,
            reasons: input.reasons,
        };
        let outcome = commands::decide(&services(ctx).ports(), &request(ctx).caller(), id, expected, decision).await;
        if outcome.is_ok() {
            // The tax is due on the decision either way: the dossier's stamps are consumed (idempotent; a failure
            // leaves them recorded, to be consumed by the next decision step, and is logged).
            let services = services(ctx);
            if let Err(error) = hipe_domain::payment::commands::consume_on_decision(
                services.payments.as_ref(),
                services.clock.as_ref(),
                id,
            )
            .await
            {
                tracing::error!(%error, "consuming the tax stamps of a decided dossier failed");
            }
        }
        settle_with(outcome)
    }

    /// Records the granted card's production: in production, available at the prefecture, handed over (the
    /// permit is then in force and in the person's documents).
    #[graphql(visible = "super::audience::case_workers")]
    async fn record_permit_production(
        &self,
        ctx: &Context<'_>,
        input: RecordPermitProductionInput,
    ) -> Result<RecordPermitProductionPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let action = match input.stage {
            PermitStage::InProduction => DossierAction::OrderPermit,
            PermitStage::Available => DossierAction::MakePermitAvailable,
            PermitStage::Delivered => DossierAction::DeliverPermit,
        };
        settle_with(commands::step(&services(ctx).ports(), &request(ctx).caller(), id, expected, action).await)
    }

    /// Communicates the reasons of an implicit refusal the person asked about (within one month).
    #[graphql(visible = "super::audience::case_workers")]
    async fn communicate_reasons(
        &self,
        ctx: &Context<'_>,
        input: CommunicateReasonsInput,
    ) -> Result<CommunicateReasonsPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let ports = services(ctx).ports();
        settle_with(commands::communicate_reasons(&ports, &request(ctx).caller(), id, expected, input.reasons).await)
    }
}
