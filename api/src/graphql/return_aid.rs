//! Return aid ("aide au retour et à la réinsertion") in three views, one per compartment (DESIGN.md §3):
//!
//! - **OFII** runs the files of its directions: the queue (`returnAidQueue`), the request (`requestReturnAid`),
//!   the eligibility decided from the recorded facts and the catalogue in force (`decideReturnAidEligibility`),
//!   the departure booked and recorded, which pays the allowance (`bookReturnAidDeparture`,
//!   `recordReturnAidDeparture`), the withdrawal (`withdrawReturnAid`).
//! - **The person** follows their own file, with its details (facts, allowance, reasons, departure), in the app.
//! - **The prefecture** of the territory sees that a file exists and its status only — whether a person is
//!   preparing a voluntary departure matters to its removal decisions; the amounts and the household do not, and
//!   `ReturnAidFile.details` does not exist in its view.
//!
//! Who may do what is the domain's `return_aid::policy`; the resolvers only call it.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::pagination::Page;
use hipe_domain::person::PersonId;
use hipe_domain::return_aid::{
    CountryGroup as DomainGroup, Facts, Household, Ineligibility as DomainIneligibility, ReturnAidFile,
    ReturnAidFileId, ReturnAidStatus as DomainStatus, Situation as DomainSituation, commands, policy,
};
use hipe_domain::territory::Territory;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::person::PersonNode;
use super::scalars::{Date, DateTime};

mirror!(
    /// Where a return-aid file stands.
    ReturnAidStatus <=> DomainStatus {
        /// Opened by OFII; eligibility not decided yet.
        Requested,
        /// Eligible: the allowance is computed; the departure can be booked.
        Eligible,
        /// Not eligible, with the reasons. Final.
        Ineligible,
        /// A departure date is booked.
        DepartureBooked,
        /// The person left; the allowance is paid. Final.
        Departed,
        /// The person gave up the aid. Final.
        Withdrawn,
    }
);

mirror!(
    /// The person's administrative situation, as OFII records it.
    ReturnAidSituation <=> DomainSituation {
        /// Staying without a right to stay.
        IrregularStay,
        /// The asylum claim was finally rejected.
        AsylumRejected,
        /// The asylum claim was withdrawn.
        AsylumWithdrawn,
        /// Under a removal order (OQTF).
        RemovalOrder,
        /// Staying lawfully: not covered by the scheme.
        LawfulStay,
    }
);

mirror!(
    /// The country groups the allowance distinguishes.
    ReturnAidCountryGroup <=> DomainGroup {
        /// Nationals of countries whose nationals need a visa to enter France.
        VisaRequired,
        /// Nationals of visa-exempt countries (and Kosovo).
        VisaExempt,
    }
);

mirror!(
    /// Why a person is not eligible: one code per failed criterion.
    ReturnAidIneligibility <=> DomainIneligibility {
        /// A national of the EU, the EEA or Switzerland.
        EuropeanNational,
        /// Less than the catalogue's minimum stay in France.
        StayTooShort,
        /// Not in a covered situation (lawful stay).
        SituationNotCovered,
        /// The file is in Mayotte, where the scheme does not apply.
        Mayotte,
        /// The person already received return aid: it is granted only once.
        AlreadyReceived,
    }
);

/// A person's return-aid file: what everyone who may see it sees (the prefecture: this and nothing more).
pub struct ReturnAidFileNode(pub ReturnAidFile);

#[Object(name = "ReturnAidFile", visible = "super::audience::return_aid_readers")]
impl ReturnAidFileNode {
    /// Id.
    async fn id(&self) -> ID {
        id::return_aid_file(self.0.id())
    }

    /// The version, to pass as `expectedVersion` to the next step.
    async fn version(&self) -> i32 {
        i32::try_from(self.0.version()).unwrap_or(i32::MAX)
    }

    /// The applicant.
    async fn person(&self, ctx: &Context<'_>) -> Result<PersonNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let person = loaders.persons.load_one(self.0.person()).await.map_err(|e| load_error(&e))?;
        person.map(PersonNode).ok_or_else(|| ApiError::Internal("return-aid file without its person".into()).into())
    }

    /// The département of the OFII direction in charge.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// Where the file stands.
    async fn status(&self) -> ReturnAidStatus {
        self.0.status().into()
    }

    /// When OFII opened the file.
    async fn requested_at(&self) -> DateTime {
        DateTime(self.0.requested_at())
    }

    /// The facts, the allowance, the reasons and the departure: OFII and the person only.
    #[graphql(visible = "super::audience::return_aid_followers")]
    async fn details(&self, ctx: &Context<'_>) -> Result<ReturnAidDetails> {
        let actor = &request(ctx).actor;
        let acting = commands::acting(&services(ctx).return_aid_ports(), actor, self.0.person())
            .await
            .map_err(ApiError::from)?;
        if !policy::can_view_details(&acting, &self.0) {
            return Err(
                ApiError::Forbidden("the details of a return-aid file are OFII's and the person's".into()).into()
            );
        }
        Ok(ReturnAidDetails(self.0.clone()))
    }
}

/// The facts recorded for the eligibility decision.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::return_aid_followers")]
pub struct ReturnAidFacts {
    /// The nationality (ISO 3166-1 alpha-2).
    pub nationality: String,
    /// Whole months in France.
    pub months_in_france: i32,
    /// The administrative situation.
    pub situation: ReturnAidSituation,
    /// The nationality's country group.
    pub country_group: ReturnAidCountryGroup,
    /// Adults leaving (the applicant included).
    pub adults: i32,
    /// Children leaving.
    pub children: i32,
}

/// The details of a return-aid file.
pub struct ReturnAidDetails(ReturnAidFile);

#[Object(visible = "super::audience::return_aid_followers")]
impl ReturnAidDetails {
    /// The facts the eligibility was decided on, once decided.
    async fn facts(&self) -> Option<ReturnAidFacts> {
        self.0.facts().map(|f| ReturnAidFacts {
            nationality: f.nationality.clone(),
            months_in_france: i32::try_from(f.months_in_france).unwrap_or(i32::MAX),
            situation: f.situation.into(),
            country_group: f.country_group.into(),
            adults: i32::from(f.household.adults()),
            children: i32::from(f.household.children()),
        })
    }

    /// The allowance granted, in euro cents, once eligible (computed from the rates in force that day).
    async fn allowance_cents(&self) -> Option<i64> {
        self.0.allowance_cents().map(|c| i64::try_from(c).unwrap_or(i64::MAX))
    }

    /// Whether the allowance was paid (at departure).
    async fn allowance_paid(&self) -> bool {
        self.0.allowance_paid()
    }

    /// Why the person is not eligible: every failed criterion (empty unless `INELIGIBLE`).
    async fn ineligibility(&self) -> Vec<ReturnAidIneligibility> {
        self.0.ineligibility().iter().map(|r| (*r).into()).collect()
    }

    /// The booked departure day.
    async fn departure_on(&self) -> Option<Date> {
        self.0.departure_on().map(Date)
    }

    /// The day the person left.
    async fn departed_on(&self) -> Option<Date> {
        self.0.departed_on().map(Date)
    }
}

/// An edge of the OFII return-aid queue.
pub struct ReturnAidFileEdge(ReturnAidFile);

#[Object(visible = "super::audience::ofii")]
impl ReturnAidFileEdge {
    /// Cursor.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The file.
    async fn node(&self) -> ReturnAidFileNode {
        ReturnAidFileNode(self.0.clone())
    }
}

/// A page of the OFII return-aid queue.
pub struct ReturnAidFileConnection(Page<ReturnAidFile>);

#[Object(visible = "super::audience::ofii")]
impl ReturnAidFileConnection {
    /// Edges.
    async fn edges(&self) -> Vec<ReturnAidFileEdge> {
        self.0.items.iter().cloned().map(ReturnAidFileEdge).collect()
    }

    /// The files of this page, without cursors.
    async fn nodes(&self) -> Vec<ReturnAidFileNode> {
        self.0.items.iter().cloned().map(ReturnAidFileNode).collect()
    }

    /// Page information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0, |f| f.id().as_uuid())
    }
}

/// `Person.returnAidFiles`: the person's files the caller may see, oldest first.
pub async fn files_of(ctx: &Context<'_>, person: PersonId) -> Result<Vec<ReturnAidFileNode>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.return_aid_files.load_one(person).await.map_err(|e| load_error(&e))?.unwrap_or_default();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let acting = commands::acting(&services(ctx).return_aid_ports(), &request(ctx).actor, person)
        .await
        .map_err(ApiError::from)?;
    let visible: Vec<_> = found.into_iter().filter(|file| policy::can_view(&acting, file)).collect();
    if !visible.is_empty() {
        request(ctx).reveal(person);
    }
    Ok(visible.into_iter().map(ReturnAidFileNode).collect())
}

/// Return-aid queries.
#[derive(Default)]
pub struct ReturnAidQuery;

#[Object]
impl ReturnAidQuery {
    /// The return-aid files of my OFII directions, oldest request first, optionally in one status;
    /// `first`/`last` between 1 and 100 (20 by default). OFII agents only.
    #[graphql(
        visible = "super::audience::ofii",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn return_aid_queue(
        &self,
        ctx: &Context<'_>,
        status: Option<ReturnAidStatus>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ReturnAidFileConnection> {
        let page = page_request(first, after, last, before, ReturnAidFileId::from_uuid)?;
        let found =
            commands::queue(&services(ctx).return_aid_ports(), &request(ctx).actor, status.map(Into::into), &page)
                .await
                .map_err(ApiError::from)?;
        for file in &found.items {
            request(ctx).reveal(file.person());
        }
        Ok(ReturnAidFileConnection(found))
    }

    /// One return-aid file: `NOT_FOUND` when it does not exist or the caller may not see it.
    #[graphql(visible = "super::audience::return_aid_readers")]
    async fn return_aid_file(&self, ctx: &Context<'_>, id: ID) -> Result<ReturnAidFileNode> {
        let id = id::return_aid_file_id(&id)?;
        let file = commands::find_visible(&services(ctx).return_aid_ports(), &request(ctx).actor, id)
            .await
            .map_err(ApiError::from)?;
        request(ctx).reveal(file.person());
        Ok(ReturnAidFileNode(file))
    }
}

/// Input of `requestReturnAid`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct RequestReturnAidInput {
    /// The applicant (registered first with `recordIdentity` if new).
    pub person_id: ID,
    /// The département of the OFII direction; the agent must cover it.
    pub territory: String,
}

/// Input of `decideReturnAidEligibility`: the facts OFII recorded.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct DecideReturnAidEligibilityInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw (`CONFLICT` when it changed since).
    pub expected_version: i32,
    /// The nationality, an ISO 3166-1 alpha-2 code ("DZ").
    pub nationality: String,
    /// Whole months the person has been in France.
    pub months_in_france: i32,
    /// The administrative situation.
    pub situation: ReturnAidSituation,
    /// The nationality's country group.
    pub country_group: ReturnAidCountryGroup,
    /// Adults leaving (at least the applicant).
    pub adults: i32,
    /// Children leaving.
    pub children: i32,
}

/// Input of `bookReturnAidDeparture`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct BookReturnAidDepartureInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The departure day (today or later).
    pub departure_on: Date,
}

/// Input of `recordReturnAidDeparture`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct RecordReturnAidDepartureInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
    /// The day the person left (between the request and today).
    pub departed_on: Date,
}

/// Input of `withdrawReturnAid`.
#[derive(Debug, InputObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct WithdrawReturnAidInput {
    /// The file.
    pub file_id: ID,
    /// The version the agent saw.
    pub expected_version: i32,
}

/// Result of every return-aid mutation.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct ReturnAidFilePayload {
    /// The file after the mutation; null when it was refused.
    pub return_aid_file: Option<ReturnAidFileNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Refusals the user can fix become `userErrors`; the rest (not found, stale version) stays a top-level error.
fn settle(ctx: &Context<'_>, outcome: Result<ReturnAidFile, Error>) -> Result<ReturnAidFilePayload> {
    match outcome {
        Ok(file) => {
            request(ctx).reveal(file.person());
            Ok(ReturnAidFilePayload { return_aid_file: Some(ReturnAidFileNode(file)), user_errors: Vec::new() })
        }
        Err(error) => Ok(ReturnAidFilePayload { return_aid_file: None, user_errors: vec![user_error(error)?] }),
    }
}

/// Runs `command` (or its input error) on the file `file_id` seen at `expected_version`.
async fn step(
    ctx: &Context<'_>,
    file_id: &ID,
    expected_version: i32,
    command: Result<commands::Command, Error>,
) -> Result<ReturnAidFilePayload> {
    let id = id::return_aid_file_id(file_id)?;
    let expected =
        u32::try_from(expected_version).map_err(|_| ApiError::bad_input("expectedVersion must not be negative"))?;
    let outcome = match command {
        Ok(command) => {
            commands::record(&services(ctx).return_aid_ports(), &request(ctx).caller(), id, expected, command).await
        }
        Err(error) => Err(error),
    };
    settle(ctx, outcome)
}

/// Return-aid mutations, OFII agents' of the direction.
#[derive(Default)]
pub struct ReturnAidMutation;

#[Object]
impl ReturnAidMutation {
    /// Opens a return-aid file for a person who asks for help to go back to their country. One open file per
    /// person (`RETURN_AID_ALREADY_OPEN`).
    #[graphql(visible = "super::audience::ofii")]
    async fn request_return_aid(
        &self,
        ctx: &Context<'_>,
        input: RequestReturnAidInput,
    ) -> Result<ReturnAidFilePayload> {
        let person = id::person_id(&input.person_id)?;
        let outcome = match Territory::parse(&input.territory) {
            Ok(territory) => {
                commands::request(&services(ctx).return_aid_ports(), &request(ctx).caller(), person, territory).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Decides the eligibility from the facts, with the catalogue's rules and rates in force today: `ELIGIBLE`
    /// with the allowance computed for the household, or `INELIGIBLE` with every failed criterion. The person is
    /// notified.
    #[graphql(visible = "super::audience::ofii")]
    async fn decide_return_aid_eligibility(
        &self,
        ctx: &Context<'_>,
        input: DecideReturnAidEligibilityInput,
    ) -> Result<ReturnAidFilePayload> {
        let command = u32::try_from(input.months_in_france)
            .map_err(|_| Error::invalid("monthsInFrance", "zero or more whole months"))
            .and_then(|months| {
                let household = Household::new(i64::from(input.adults), i64::from(input.children))?;
                Facts::new(&input.nationality, months, input.situation.into(), input.country_group.into(), household)
            })
            .map(commands::Command::Decide);
        step(ctx, &input.file_id, input.expected_version, command).await
    }

    /// Books (or moves) the departure of an eligible person, today or later. The person is notified.
    #[graphql(visible = "super::audience::ofii")]
    async fn book_return_aid_departure(
        &self,
        ctx: &Context<'_>,
        input: BookReturnAidDepartureInput,
    ) -> Result<ReturnAidFilePayload> {
        let command = Ok(commands::Command::BookDeparture(input.departure_on.0));
        step(ctx, &input.file_id, input.expected_version, command).await
    }

    /// Records that the person left: the allowance is paid, the file is final.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_return_aid_departure(
        &self,
        ctx: &Context<'_>,
        input: RecordReturnAidDepartureInput,
    ) -> Result<ReturnAidFilePayload> {
        let command = Ok(commands::Command::RecordDeparture(input.departed_on.0));
        step(ctx, &input.file_id, input.expected_version, command).await
    }

    /// Records that the person gave up the aid (before leaving); the file is final.
    #[graphql(visible = "super::audience::ofii")]
    async fn withdraw_return_aid(
        &self,
        ctx: &Context<'_>,
        input: WithdrawReturnAidInput,
    ) -> Result<ReturnAidFilePayload> {
        step(ctx, &input.file_id, input.expected_version, Ok(commands::Command::Withdraw)).await
    }
}
