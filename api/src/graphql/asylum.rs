//! Asylum reception in three views, one per compartment (DESIGN.md §3):
//!
//! - **The prefecture** registers the claim at the one-stop desk (`registerAsylumClaim`), renews the asylum-seeker
//!   certificate (`renewAsylumCertificate`) and records the final decision as an external fact
//!   (`recordFinalAsylumDecision`); it reads the claim (`AsylumFile`: class, certificate, decision) and nothing of
//!   the reception conditions, which do not exist in its view.
//! - **OFII** runs the reception conditions: the queue of its directions (`asylumReceptionQueue`), the offer
//!   (`offerReceptionConditions`), the person's answer (`answerReceptionOffer`), suspension and reinstatement
//!   (`suspendReceptionConditions`, `reinstateReceptionConditions`), and reads its working notes
//!   (`ReceptionSuspension.note`).
//! - **The person** follows their own claim, reception status, suspensions (with their reasons) and allowance
//!   (`me { person { asylumFile { … receptionConditions { allowance(month:) } } } }`); their appointments are
//!   in `myAppointments`.
//!
//! Who may do what is the domain's `asylum::policy`; the resolvers only call it. Every agent read of a person's
//! file reveals the person to the access journal. The asylum narrative is not in HIPE.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::asylum::{
    AsylumFile, AsylumFileId, DecisionBody as DomainBody, DecisionOutcome as DomainOutcome, FinalDecision, Household,
    Month, ProcedureClass as DomainClass, ReceptionStatus as DomainStatus, Suspension,
    SuspensionReason as DomainReason, allowance, commands, policy,
};
use hipe_domain::pagination::Page;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{AllowanceScaleKey, Loaders, load_error};
use super::person::PersonNode;
use super::scalars::{Date, DateTime};

mirror!(
    /// The procedure class decided at the desk.
    AsylumProcedureClass <=> DomainClass {
        /// The normal procedure.
        Normal,
        /// The accelerated procedure.
        Accelerated,
        /// Another EU state is responsible (Dublin III).
        Dublin,
    }
);

mirror!(
    /// Where the reception conditions stand.
    ReceptionStatus <=> DomainStatus {
        /// OFII has not made its offer yet.
        AwaitingOffer,
        /// Offered; the person has not answered.
        Offered,
        /// Accepted: the allowance runs.
        Accepted,
        /// Refused: no conditions, no allowance.
        Refused,
        /// Suspended by OFII: no allowance from the suspension's day.
        Suspended,
        /// Ended by the final decision: the conditions run until `closesOn`.
        Closed,
    }
);

mirror!(
    /// Why OFII suspended the conditions.
    SuspensionReason <=> DomainReason {
        /// An appointment with the authorities missed without a valid reason.
        MissedAppointment,
        /// The accommodation offered was left.
        AccommodationAbandoned,
        /// A request for information went unanswered.
        InformationWithheld,
    }
);

mirror!(
    /// The outcome of the final decision on the claim.
    AsylumDecisionOutcome <=> DomainOutcome {
        /// Refugee status granted.
        RefugeeStatus,
        /// Subsidiary protection granted.
        SubsidiaryProtection,
        /// Rejected.
        Rejected,
        /// Inadmissible.
        Inadmissible,
        /// Closed (withdrawn, abandoned).
        Closure,
    }
);

mirror!(
    /// Who took the final decision.
    AsylumDecisionBody <=> DomainBody {
        /// OFPRA.
        Ofpra,
        /// The CNDA, on appeal.
        Cnda,
    }
);

/// The person's answer to OFII's offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ReceptionAnswer {
    /// Accepted: the allowance runs from today.
    Accepted,
    /// Refused: the conditions, the allowance included, are forfeited.
    Refused,
}

/// The final decision on a claim, as an external fact: outcome, body, date. Never its reasons or the narrative.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::asylum_readers")]
pub struct AsylumFinalDecision {
    /// The outcome.
    pub outcome: AsylumDecisionOutcome,
    /// Who decided.
    pub body: AsylumDecisionBody,
    /// The day it was notified (OFPRA) or read (CNDA).
    pub notified_on: Date,
}

/// A person's asylum file: the claim, as the prefecture registered it. The reception conditions are a part only
/// OFII and the person see.
pub struct AsylumFileNode(pub AsylumFile);

#[Object(name = "AsylumFile", visible = "super::audience::asylum_readers")]
impl AsylumFileNode {
    /// Id.
    async fn id(&self) -> ID {
        id::asylum_file(self.0.id())
    }

    /// The version, to pass as `expectedVersion` to the next step.
    async fn version(&self) -> i32 {
        i32::try_from(self.0.version()).unwrap_or(i32::MAX)
    }

    /// The claimant.
    async fn person(&self, ctx: &Context<'_>) -> Result<PersonNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let person = loaders.persons.load_one(self.0.person()).await.map_err(|e| load_error(&e))?;
        person.map(PersonNode).ok_or_else(|| ApiError::Internal("asylum file without its person".into()).into())
    }

    /// The département of the desk, which is also the OFII direction in charge.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// The procedure class.
    async fn procedure_class(&self) -> AsylumProcedureClass {
        self.0.procedure_class().into()
    }

    /// When the claim was registered at the desk.
    async fn registered_at(&self) -> DateTime {
        DateTime(self.0.registered_at())
    }

    /// The number of the current asylum-seeker certificate (also among the person's residence documents).
    async fn certificate_number(&self) -> &str {
        self.0.certificate().number.as_str()
    }

    /// The current certificate's last day.
    async fn certificate_valid_until(&self) -> Date {
        Date(self.0.certificate().valid_until)
    }

    /// How many times the certificate was renewed.
    async fn certificate_renewals(&self) -> i32 {
        i32::from(self.0.certificate().renewals)
    }

    /// The final decision on the claim, once recorded.
    async fn final_decision(&self) -> Option<AsylumFinalDecision> {
        self.0.final_decision().map(|d| AsylumFinalDecision {
            outcome: d.outcome.into(),
            body: d.body.into(),
            notified_on: Date(d.notified_on),
        })
    }

    /// The reception conditions: OFII and the person only.
    #[graphql(visible = "super::audience::reception_followers")]
    async fn reception_conditions(&self, ctx: &Context<'_>) -> Result<ReceptionConditionsNode> {
        let actor = &request(ctx).actor;
        let acting =
            commands::acting(&services(ctx).asylum_ports(), actor, self.0.person()).await.map_err(ApiError::from)?;
        if !policy::can_view_reception(&acting, &self.0) {
            return Err(ApiError::Forbidden("the reception conditions are OFII's".into()).into());
        }
        Ok(ReceptionConditionsNode { file: self.0.clone(), notes: policy::can_view_notes(actor, &self.0) })
    }
}

/// The reception conditions of a file (offer, answer, suspensions, allowance).
pub struct ReceptionConditionsNode {
    file: AsylumFile,
    notes: bool,
}

#[Object(name = "ReceptionConditions", visible = "super::audience::reception_followers")]
impl ReceptionConditionsNode {
    /// Where they stand.
    async fn status(&self) -> ReceptionStatus {
        self.file.reception().into()
    }

    /// When OFII made its offer.
    async fn offered_at(&self) -> Option<DateTime> {
        self.file.offer().map(|o| DateTime(o.offered_at))
    }

    /// Adults of the household the offer covers.
    async fn adults(&self) -> Option<i32> {
        self.file.offer().map(|o| i32::from(o.household.adults()))
    }

    /// Children of the household the offer covers.
    async fn children(&self) -> Option<i32> {
        self.file.offer().map(|o| i32::from(o.household.children()))
    }

    /// Whether the offer includes a place of accommodation.
    async fn accommodation_offered(&self) -> Option<bool> {
        self.file.offer().map(|o| o.accommodation_offered)
    }

    /// When the person answered the offer.
    async fn answered_at(&self) -> Option<DateTime> {
        self.file.answered_at().map(DateTime)
    }

    /// The first day of the allowance (the day the offer was accepted).
    async fn accepted_on(&self) -> Option<Date> {
        self.file.accepted_on().map(Date)
    }

    /// The last day of the conditions, once the final decision is recorded (the end of the month after it).
    async fn closes_on(&self) -> Option<Date> {
        self.file.closes_on().map(Date)
    }

    /// The suspensions, oldest first.
    async fn suspensions(&self) -> Vec<ReceptionSuspensionNode> {
        self.file
            .suspensions()
            .iter()
            .map(|s| ReceptionSuspensionNode { suspension: s.clone(), notes: self.notes })
            .collect()
    }

    /// The allowance for `month` (`YYYY-MM`): the days the person is entitled to it and the amount, computed from
    /// the household, the accommodation and the rates in force each day; nothing during a suspension.
    async fn allowance(&self, ctx: &Context<'_>, month: String) -> Result<AllowanceMonth> {
        let month = Month::parse(&month).map_err(|e| ApiError::bad_input(e.to_string()))?;
        let loaders = ctx.data_unchecked::<Loaders>();
        let scale =
            loaders.allowance_scale.load_one(AllowanceScaleKey).await.map_err(|e| load_error(&e))?.unwrap_or_default();
        let computed = allowance::for_month(&self.file, &scale, month);
        Ok(AllowanceMonth {
            month: computed.month.code(),
            days: i32::try_from(computed.days).unwrap_or(i32::MAX),
            amount_cents: i64::try_from(computed.cents).unwrap_or(i64::MAX),
        })
    }
}

/// The allowance of one month.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::reception_followers")]
pub struct AllowanceMonth {
    /// The month (`YYYY-MM`).
    pub month: String,
    /// The days the person is entitled to it.
    pub days: i32,
    /// The amount, in euro cents.
    pub amount_cents: i64,
}

/// A suspension of the reception conditions.
pub struct ReceptionSuspensionNode {
    suspension: Suspension,
    notes: bool,
}

#[Object(name = "ReceptionSuspension", visible = "super::audience::reception_followers")]
impl ReceptionSuspensionNode {
    /// The first day without the allowance.
    async fn from(&self) -> Date {
        Date(self.suspension.from)
    }

    /// The day of the reinstatement, if any.
    async fn until(&self) -> Option<Date> {
        self.suspension.until.map(Date)
    }

    /// Why.
    async fn reason(&self) -> SuspensionReason {
        self.suspension.reason.into()
    }

    /// The appointment the person missed, for a missed appointment.
    async fn appointment_id(&self) -> Option<ID> {
        self.suspension.appointment.map(id::appointment)
    }

    /// OFII's working note (OFII only).
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn note(&self) -> Result<Option<&str>, ApiError> {
        if self.notes {
            Ok(self.suspension.note.as_deref())
        } else {
            Err(ApiError::Forbidden("the working notes are OFII's".into()))
        }
    }
}

/// An edge of the OFII queue.
pub struct AsylumFileEdge(AsylumFile);

#[Object]
impl AsylumFileEdge {
    /// Cursor.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The file.
    async fn node(&self) -> AsylumFileNode {
        AsylumFileNode(self.0.clone())
    }
}

/// A page of the OFII reception queue.
pub struct AsylumFileConnection {
    page: Page<AsylumFile>,
    status: Option<DomainStatus>,
}

#[Object(visible = "super::audience::ofii")]
impl AsylumFileConnection {
    /// Edges.
    async fn edges(&self) -> Vec<AsylumFileEdge> {
        self.page.items.iter().cloned().map(AsylumFileEdge).collect()
    }

    /// The files of this page, without cursors.
    async fn nodes(&self) -> Vec<AsylumFileNode> {
        self.page.items.iter().cloned().map(AsylumFileNode).collect()
    }

    /// Page information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.page, |f| f.id().as_uuid())
    }

    /// How many files the queue holds in all (one more query; ask only when shown).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count = commands::count_queue(&services(ctx).asylum_ports(), &request(ctx).actor, self.status)
            .await
            .map_err(ApiError::from)?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// `Person.asylumFile`: the person's latest file, when the caller may see it (null otherwise, exactly as when
/// there is none).
pub async fn file_of(ctx: &Context<'_>, person: PersonId) -> Result<Option<AsylumFileNode>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let Some(file) = loaders.asylum_files.load_one(person).await.map_err(|e| load_error(&e))? else {
        return Ok(None);
    };
    let acting =
        commands::acting(&services(ctx).asylum_ports(), &request(ctx).actor, person).await.map_err(ApiError::from)?;
    if !policy::can_view(&acting, &file) {
        return Ok(None);
    }
    request(ctx).reveal(person);
    Ok(Some(AsylumFileNode(file)))
}

/// Asylum queries.
#[derive(Default)]
pub struct AsylumQuery;

#[Object]
impl AsylumQuery {
    /// The asylum files of my OFII directions, oldest registration first, optionally in one reception status;
    /// `first`/`last` between 1 and 100 (20 by default). OFII agents only.
    #[graphql(
        visible = "super::audience::ofii",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn asylum_reception_queue(
        &self,
        ctx: &Context<'_>,
        status: Option<ReceptionStatus>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<AsylumFileConnection> {
        let page = page_request(first, after, last, before, AsylumFileId::from_uuid)?;
        let status = status.map(Into::into);
        let found = commands::queue(&services(ctx).asylum_ports(), &request(ctx).actor, status, &page)
            .await
            .map_err(ApiError::from)?;
        for file in &found.items {
            request(ctx).reveal(file.person());
        }
        Ok(AsylumFileConnection { page: found, status })
    }

    /// One asylum file: `NOT_FOUND` when it does not exist or the caller may not see it.
    #[graphql(visible = "super::audience::asylum_readers")]
    async fn asylum_file(&self, ctx: &Context<'_>, id: ID) -> Result<AsylumFileNode> {
        let id = id::asylum_file_id(&id)?;
        let file = commands::find_visible(&services(ctx).asylum_ports(), &request(ctx).actor, id)
            .await
            .map_err(ApiError::from)?;
        request(ctx).reveal(file.person());
        Ok(AsylumFileNode(file))
    }
}

/// Input of `registerAsylumClaim`.
#[derive(Debug, InputObject)]
pub struct RegisterAsylumClaimInput {
    /// The claimant (registered first with `recordIdentity` if new).
    pub person_id: ID,
    /// The département of the desk.
    pub territory: String,
    /// The procedure class.
    pub procedure_class: AsylumProcedureClass,
}

/// Input of the steps that need nothing but the file and the version seen.
#[derive(Debug, InputObject)]
pub struct AsylumFileStepInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw (`CONFLICT` when it changed since).
    pub expected_version: i32,
}

/// Input of `recordFinalAsylumDecision`.
#[derive(Debug, InputObject)]
pub struct RecordFinalAsylumDecisionInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The outcome.
    pub outcome: AsylumDecisionOutcome,
    /// Who decided.
    pub body: AsylumDecisionBody,
    /// The day it was notified (today or earlier).
    pub notified_on: Date,
}

/// Input of `offerReceptionConditions`.
#[derive(Debug, InputObject)]
pub struct OfferReceptionConditionsInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// Adults of the household (at least the claimant).
    pub adults: i32,
    /// Children of the household.
    pub children: i32,
    /// Whether a place of accommodation is offered (false only when the person needs one and none can be
    /// offered: each adult then gets the allowance's additional amount).
    pub accommodation_offered: bool,
}

/// Input of `answerReceptionOffer`.
#[derive(Debug, InputObject)]
pub struct AnswerReceptionOfferInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The person's answer.
    pub answer: ReceptionAnswer,
}

/// Input of `suspendReceptionConditions`.
#[derive(Debug, InputObject)]
pub struct SuspendReceptionConditionsInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// Why.
    pub reason: SuspensionReason,
    /// The appointment the person missed (required for `MISSED_APPOINTMENT`; it must be marked missed).
    pub appointment_id: Option<ID>,
    /// A working note, OFII's only (at most 2000 characters).
    pub note: Option<String>,
}

/// Result of every asylum mutation.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::case_workers")]
pub struct AsylumFilePayload {
    /// The file after the mutation; null when it was refused.
    pub asylum_file: Option<AsylumFileNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Refusals the user can fix become `userErrors`; the rest (not found, stale version) stays a top-level error.
/// The answer shows the person's file, so the person is revealed to the journal.
fn settle(ctx: &Context<'_>, outcome: Result<AsylumFile, Error>) -> Result<AsylumFilePayload> {
    match outcome {
        Ok(file) => {
            request(ctx).reveal(file.person());
            Ok(AsylumFilePayload { asylum_file: Some(AsylumFileNode(file)), user_errors: Vec::new() })
        }
        Err(error) => Ok(AsylumFilePayload { asylum_file: None, user_errors: vec![user_error(error)?] }),
    }
}

/// Runs `command` (or its input error) on the file `file_id` seen at `expected_version`.
async fn step(
    ctx: &Context<'_>,
    file_id: &ID,
    expected_version: i32,
    command: Result<commands::Command, Error>,
) -> Result<AsylumFilePayload> {
    let id = id::asylum_file_id(file_id)?;
    let expected =
        u32::try_from(expected_version).map_err(|_| ApiError::bad_input("expectedVersion must not be negative"))?;
    let outcome = match command {
        Ok(command) => commands::record(&services(ctx).asylum_ports(), &request(ctx).caller(), id, expected, command)
            .await
            .map(|(file, _)| file),
        Err(error) => Err(error),
    };
    settle(ctx, outcome)
}

/// Asylum mutations: the prefecture's desk steps and OFII's reception steps.
#[derive(Default)]
pub struct AsylumMutation;

#[Object]
impl AsylumMutation {
    /// Registers an asylum claim at the one-stop desk and issues the asylum-seeker certificate (its validity by
    /// class from the catalogue). One claim awaiting its decision per person (`ALREADY_SEEKING_ASYLUM`).
    /// Prefecture desk agents and instructors of the territory.
    #[graphql(visible = "super::audience::ministry")]
    async fn register_asylum_claim(
        &self,
        ctx: &Context<'_>,
        input: RegisterAsylumClaimInput,
    ) -> Result<AsylumFilePayload> {
        let person = id::person_id(&input.person_id)?;
        let outcome = match Territory::parse(&input.territory) {
            Ok(territory) => {
                let register = commands::Register { person, territory, procedure_class: input.procedure_class.into() };
                commands::register(&services(ctx).asylum_ports(), &request(ctx).caller(), register).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Renews the certificate: a new one (the catalogue's renewal validity) replaces the current one, which stops
    /// proving anything. Refused after the final decision (`ASYLUM_CLAIM_DECIDED`).
    #[graphql(visible = "super::audience::ministry")]
    async fn renew_asylum_certificate(
        &self,
        ctx: &Context<'_>,
        input: AsylumFileStepInput,
    ) -> Result<AsylumFilePayload> {
        step(ctx, &input.file_id, input.expected_version, Ok(commands::Command::RenewCertificate)).await
    }

    /// Records the final decision on the claim (OFPRA's, or the CNDA's), as an external fact: the reception
    /// conditions end at the end of the month following its notification, and the certificate is no longer
    /// renewed.
    #[graphql(visible = "super::audience::ministry")]
    async fn record_final_asylum_decision(
        &self,
        ctx: &Context<'_>,
        input: RecordFinalAsylumDecisionInput,
    ) -> Result<AsylumFilePayload> {
        let decision =
            FinalDecision { outcome: input.outcome.into(), body: input.body.into(), notified_on: input.notified_on.0 };
        step(ctx, &input.file_id, input.expected_version, Ok(commands::Command::RecordFinalDecision(decision))).await
    }

    /// Offers the reception conditions for the household, with or without accommodation. OFII agents of the
    /// direction.
    #[graphql(visible = "super::audience::ofii")]
    async fn offer_reception_conditions(
        &self,
        ctx: &Context<'_>,
        input: OfferReceptionConditionsInput,
    ) -> Result<AsylumFilePayload> {
        let command = Household::new(i64::from(input.adults), i64::from(input.children)).map(|household| {
            commands::Command::Offer { household, accommodation_offered: input.accommodation_offered }
        });
        step(ctx, &input.file_id, input.expected_version, command).await
    }

    /// Records the person's answer to the offer: accepted (the allowance runs from today) or refused (nothing is
    /// due).
    #[graphql(visible = "super::audience::ofii")]
    async fn answer_reception_offer(
        &self,
        ctx: &Context<'_>,
        input: AnswerReceptionOfferInput,
    ) -> Result<AsylumFilePayload> {
        let accepted = input.answer == ReceptionAnswer::Accepted;
        step(ctx, &input.file_id, input.expected_version, Ok(commands::Command::Answer(accepted))).await
    }

    /// Suspends the reception conditions from today, for a reason (a missed appointment names it); the allowance
    /// stops and the person is notified.
    #[graphql(visible = "super::audience::ofii")]
    async fn suspend_reception_conditions(
        &self,
        ctx: &Context<'_>,
        input: SuspendReceptionConditionsInput,
    ) -> Result<AsylumFilePayload> {
        let appointment = input.appointment_id.as_ref().map(id::appointment_id).transpose()?;
        let command = Ok(commands::Command::Suspend { reason: input.reason.into(), appointment, note: input.note });
        step(ctx, &input.file_id, input.expected_version, command).await
    }

    /// Reinstates suspended conditions from today; the allowance resumes.
    #[graphql(visible = "super::audience::ofii")]
    async fn reinstate_reception_conditions(
        &self,
        ctx: &Context<'_>,
        input: AsylumFileStepInput,
    ) -> Result<AsylumFilePayload> {
        step(ctx, &input.file_id, input.expected_version, Ok(commands::Command::Reinstate)).await
    }
}
