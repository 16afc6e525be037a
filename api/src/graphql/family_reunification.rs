//! Family reunification in three views (DESIGN.md §3, "OFII side"; the domain's `family_reunification` module
//! has the flow and the legal references):
//!
//! - **OFII** instructs: its queue by legal risk (`familyReunificationQueue`), the steps (`requestMayorCheck`,
//!   `recordMayorOpinion`, `checkReunificationResources`, `transmitToPrefect`), and its own working notes
//!   (`FamilyReunification.workingNotes`, which exists in no other view). The completeness check and the start of
//!   the review are the dossier's own steps (`advanceInstruction`), the documents' review too (`reviewDocument`).
//! - **The prefecture** reads the results on the dossier (`Dossier.familyReunification`: the mayor's findings and
//!   the resource check's outcome) once OFII transmitted the file — null before — and decides with
//!   `decideDossier`.
//! - **The sponsor** follows their file on the same field: whether the mayor's check is awaited and until when,
//!   the six-month date, the results.
//!
//! Who may do what is the domain's `family_reunification::policy`; the resolvers only call it. Every agent read of
//! a record reveals the sponsor to the access journal.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use hipe_domain::Error;
use hipe_domain::dossier::{Dossier, DossierId, QueueCursor};
use hipe_domain::family_reunification::{
    Finding, MayorAnswer, MayorOpinion, OpinionSource, ResourceCheck, Reunification, commands, policy,
};
use hipe_domain::pagination::{Page, PageRequest};

use super::context::{request, services};
use super::dossier::DossierNode;
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::{Date, DateTime};

/// Where the mayor's opinion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MayorOpinionSource {
    /// The mayor answered.
    Mayor,
    /// The mayor did not answer within two months: the opinion is deemed favourable (CESEDA R.434-23).
    Silence,
}

impl From<OpinionSource> for MayorOpinionSource {
    fn from(source: OpinionSource) -> Self {
        match source {
            OpinionSource::Mayor => Self::Mayor,
            OpinionSource::Silence => Self::Silence,
        }
    }
}

/// One finding of the mayor's check.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(visible = "super::audience::dossier_readers")]
pub struct MayorFinding {
    /// Whether the condition is met in the mayor's view.
    pub favourable: bool,
    /// Why not, or a remark.
    pub reason: Option<String>,
}

impl From<&Finding> for MayorFinding {
    fn from(finding: &Finding) -> Self {
        Self { favourable: finding.favourable, reason: finding.reason.clone() }
    }
}

/// The mayor's opinion on the sponsor's resources and housing.
pub struct MayorOpinionNode(MayorOpinion);

#[Object(name = "MayorOpinion", visible = "super::audience::dossier_readers")]
/// The mayor's opinion on the sponsor's resources and housing (CESEDA R.434-23).
impl MayorOpinionNode {
    /// On the resources.
    async fn resources(&self) -> MayorFinding {
        (&self.0.resources).into()
    }

    /// On the housing.
    async fn housing(&self) -> MayorFinding {
        (&self.0.housing).into()
    }

    /// The housing's surface in square metres, as the mayor reported it.
    async fn housing_surface_square_metres(&self) -> Option<i32> {
        self.0.housing_surface_m2.map(i32::from)
    }

    /// Whether both findings are favourable.
    async fn favourable(&self) -> bool {
        self.0.favourable()
    }

    /// Answered, or deemed favourable by silence.
    async fn source(&self) -> MayorOpinionSource {
        self.0.source.into()
    }

    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime {
        DateTime(self.0.recorded_at)
    }
}

/// OFII's check of the sponsor's resources against the threshold for the family's size.
pub struct ResourceCheckNode(ResourceCheck);

#[Object(name = "ReunificationResourceCheck", visible = "super::audience::dossier_readers")]
/// OFII's check of the sponsor's average monthly resources against the threshold for the family's size.
impl ResourceCheckNode {
    /// The family once reunited, the sponsor included.
    async fn family_size(&self) -> i32 {
        i32::from(self.0.family_size)
    }

    /// The average monthly resources over the reference period, in euro cents.
    async fn average_monthly_cents(&self) -> i64 {
        i64::from(self.0.average_monthly_cents)
    }

    /// The threshold for that family size on the day of the check, in euro cents.
    async fn threshold_cents(&self) -> i64 {
        i64::from(self.0.threshold_cents)
    }

    /// Whether the average reaches the threshold.
    async fn met(&self) -> bool {
        self.0.met
    }

    /// When it was checked.
    async fn checked_at(&self) -> DateTime {
        DateTime(self.0.checked_at)
    }
}

/// OFII's side of a family-reunification dossier, from the mayor's check to the transmission to the prefect.
pub struct FamilyReunificationNode {
    record: Reunification,
    dossier: Dossier,
}

#[Object(name = "FamilyReunification", visible = "super::audience::dossier_readers")]
/// A family reunification between the mayor's check and the transmission to the prefect.
impl FamilyReunificationNode {
    /// The dossier.
    async fn dossier(&self) -> DossierNode {
        DossierNode(self.dossier.clone())
    }

    /// The record's version, for `expectedVersion` (OFII).
    #[graphql(visible = "super::audience::ofii")]
    async fn version(&self) -> i32 {
        i32::try_from(self.record.version()).unwrap_or(i32::MAX)
    }

    /// When the file was sent to the mayor.
    async fn mayor_requested_at(&self) -> DateTime {
        DateTime(self.record.parts().mayor_requested_at)
    }

    /// The last day for the mayor's answer; after it, the opinion is deemed favourable.
    async fn mayor_due_on(&self) -> Date {
        Date(self.record.parts().mayor_due_on)
    }

    /// Whether the mayor's answer is still awaited.
    async fn mayor_check_awaited(&self) -> bool {
        self.record.mayor_awaited()
    }

    /// The mayor's opinion, once answered or deemed.
    async fn mayor_opinion(&self) -> Option<MayorOpinionNode> {
        self.record.parts().mayor_opinion.clone().map(MayorOpinionNode)
    }

    /// OFII's resource check, once done.
    async fn resource_check(&self) -> Option<ResourceCheckNode> {
        self.record.parts().resource_check.clone().map(ResourceCheckNode)
    }

    /// When OFII transmitted the file to the prefect, who decides.
    async fn transmitted_at(&self) -> Option<DateTime> {
        self.record.parts().transmitted_at.map(DateTime)
    }

    /// The six-month date: without a decision by then, the application is implicitly rejected.
    async fn six_month_date(&self) -> Option<Date> {
        self.dossier.silence_on().map(Date)
    }

    /// The date that orders OFII's queue: the mayor's due date while awaited, else the six-month date.
    #[graphql(visible = "super::audience::ofii")]
    async fn attention_on(&self) -> Option<Date> {
        let on = self.record.attention_on();
        (on != NaiveDate::MAX).then_some(Date(on))
    }

    /// OFII's working notes (visits, calls, exchanges with the town hall). OFII's agents of the direction only.
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn working_notes(&self, ctx: &Context<'_>) -> Result<String> {
        if !policy::can_view_notes(&request(ctx).actor, &self.dossier) {
            return Err(ApiError::Forbidden("you may not read OFII's working notes".into()).into());
        }
        Ok(self.record.parts().working_notes.clone())
    }
}

/// `Dossier.familyReunification`: the record, when there is one and the caller may read it (null otherwise,
/// exactly as when there is none).
pub async fn record_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<FamilyReunificationNode>> {
    if dossier.authority() != hipe_domain::procedure::Authority::Ofii {
        return Ok(None);
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let Some(record) = loaders.family_reunifications.load_one(dossier.id()).await.map_err(|e| load_error(&e))? else {
        return Ok(None);
    };
    let acting =
        hipe_domain::dossier::commands::acting_for(&services(ctx).ports(), &request(ctx).actor, dossier.person())
            .await
            .map_err(ApiError::from)?;
    if !policy::can_view(&acting, dossier, &record) {
        return Ok(None);
    }
    request(ctx).reveal(dossier.person());
    Ok(Some(FamilyReunificationNode { record, dossier: dossier.clone() }))
}

fn cursor(record: &Reunification) -> String {
    URL_SAFE_NO_PAD.encode(format!("reunification:{}:{}", record.attention_on(), record.dossier().as_uuid()))
}

fn decode_cursor(text: &str) -> Result<QueueCursor, ApiError> {
    let invalid = || ApiError::bad_input("malformed cursor: use a cursor returned by familyReunificationQueue");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let rest = text.strip_prefix("reunification:").ok_or_else(invalid)?;
    let (date, id) = rest.split_once(':').ok_or_else(invalid)?;
    Ok(QueueCursor {
        attention_on: NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| invalid())?,
        id: DossierId::from_uuid(uuid::Uuid::parse_str(id).map_err(|_| invalid())?),
    })
}

/// An edge of OFII's family-reunification queue.
pub struct FamilyReunificationEdge(Reunification, Dossier);

#[Object]
impl FamilyReunificationEdge {
    /// Cursor.
    async fn cursor(&self) -> String {
        cursor(&self.0)
    }

    /// The record.
    async fn node(&self) -> FamilyReunificationNode {
        FamilyReunificationNode { record: self.0.clone(), dossier: self.1.clone() }
    }
}

/// Page information of OFII's family-reunification queue.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct FamilyReunificationPageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first item.
    pub start_cursor: Option<String>,
    /// Cursor of the last item.
    pub end_cursor: Option<String>,
}

/// A page of OFII's family-reunification queue.
pub struct FamilyReunificationConnection(Page<(Reunification, Dossier)>);

#[Object(visible = "super::audience::ofii")]
impl FamilyReunificationConnection {
    /// Edges.
    async fn edges(&self) -> Vec<FamilyReunificationEdge> {
        self.0.items.iter().map(|(r, d)| FamilyReunificationEdge(r.clone(), d.clone())).collect()
    }

    /// The records of this page, without cursors.
    async fn nodes(&self) -> Vec<FamilyReunificationNode> {
        self.0.items.iter().map(|(r, d)| FamilyReunificationNode { record: r.clone(), dossier: d.clone() }).collect()
    }

    /// Page information.
    async fn page_info(&self) -> FamilyReunificationPageInfo {
        FamilyReunificationPageInfo {
            has_next_page: self.0.has_next,
            has_previous_page: self.0.has_previous,
            start_cursor: self.0.items.first().map(|(r, _)| cursor(r)),
            end_cursor: self.0.items.last().map(|(r, _)| cursor(r)),
        }
    }
}

/// Family-reunification queries.
#[derive(Default)]
pub struct FamilyReunificationQuery;

#[Object]
impl FamilyReunificationQuery {
    /// The family-reunification files of my directions still with OFII (sent to the mayor, not yet transmitted
    /// to the prefect), nearest legal date first: the mayor's due date while awaited, else the six-month date.
    /// `first`/`last` between 1 and 100 (20 by default). OFII agents only.
    #[graphql(
        visible = "super::audience::ofii",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn family_reunification_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<FamilyReunificationConnection> {
        let decode = |text: Option<String>| text.map(|t| decode_cursor(&t)).transpose();
        let page = PageRequest::relay(first, decode(after)?, last, decode(before)?).map_err(ApiError::from)?;
        let found = commands::queue(&services(ctx).family_reunification_ports(), &request(ctx).actor, &page)
            .await
            .map_err(ApiError::from)?;
        for (record, _) in &found.items {
            request(ctx).reveal(record.sponsor());
        }
        Ok(FamilyReunificationConnection(found))
    }
}

/// Input of `requestMayorCheck` and `transmitToPrefect`.
#[derive(Debug, InputObject)]
pub struct FamilyReunificationStepInput {
    /// The family-reunification dossier.
    pub dossier_id: ID,
    /// `requestMayorCheck`: the dossier's version you last saw; `transmitToPrefect`: the record's. `CONFLICT` if
    /// it changed since.
    pub expected_version: Option<i32>,
}

/// Input of `recordMayorOpinion`: the mayor's answer as the town hall sent it.
#[derive(Debug, InputObject)]
pub struct RecordMayorOpinionInput {
    /// The family-reunification dossier.
    pub dossier_id: ID,
    /// The record's version you last saw; `CONFLICT` if it changed since.
    pub expected_version: Option<i32>,
    /// Whether the mayor finds the resources sufficient.
    pub resources_favourable: bool,
    /// Why not (required when unfavourable).
    pub resources_reason: Option<String>,
    /// Whether the mayor finds the housing normal for a comparable family in the region.
    pub housing_favourable: bool,
    /// Why not (required when unfavourable).
    pub housing_reason: Option<String>,
    /// The housing's surface in square metres (1–10,000).
    pub housing_surface_square_metres: Option<i32>,
    /// OFII's working notes on this step (OFII only).
    pub notes: Option<String>,
}

/// Input of `checkReunificationResources`.
#[derive(Debug, InputObject)]
pub struct CheckReunificationResourcesInput {
    /// The family-reunification dossier.
    pub dossier_id: ID,
    /// The record's version you last saw; `CONFLICT` if it changed since.
    pub expected_version: Option<i32>,
    /// The family once reunited, the sponsor included (2 or more).
    pub family_size: i32,
    /// The sponsor's resources of each month of the reference period (the last 12), in euro cents, family
    /// benefits excluded.
    pub monthly_resources_cents: Vec<i64>,
    /// OFII's working notes on this step (OFII only).
    pub notes: Option<String>,
}

/// Result of the family-reunification mutations.
#[derive(SimpleObject)]
#[graphql(visible = "super::audience::ofii")]
pub struct FamilyReunificationPayload {
    /// The record after the mutation; null when it was refused.
    pub family_reunification: Option<FamilyReunificationNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

fn version(expected: Option<i32>) -> Result<Option<u32>, ApiError> {
    expected
        .map(|v| u32::try_from(v).map_err(|_| ApiError::bad_input("expectedVersion must not be negative")))
        .transpose()
}

/// Refusals the user can fix become `userErrors`; the rest (not found, stale version) stays a top-level error.
fn settle(ctx: &Context<'_>, outcome: Result<(Dossier, Reunification), Error>) -> Result<FamilyReunificationPayload> {
    match outcome {
        Ok((dossier, record)) => {
            request(ctx).reveal(record.sponsor());
            Ok(FamilyReunificationPayload {
                family_reunification: Some(FamilyReunificationNode { record, dossier }),
                user_errors: Vec::new(),
            })
        }
        Err(error) => {
            Ok(FamilyReunificationPayload { family_reunification: None, user_errors: vec![user_error(error)?] })
        }
    }
}

fn answer(input: &RecordMayorOpinionInput) -> Result<MayorAnswer, Error> {
    let surface = input
        .housing_surface_square_metres
        .map(|s| {
            u16::try_from(s).map_err(|_| Error::invalid("housingSurfaceSquareMetres", "a surface of 1 to 10,000 m²"))
        })
        .transpose()?;
    Ok(MayorAnswer {
        resources: Finding::parse("resourcesReason", input.resources_favourable, input.resources_reason.clone())?,
        housing: Finding::parse("housingReason", input.housing_favourable, input.housing_reason.clone())?,
        housing_surface_m2: surface,
    })
}

fn amounts(input: &CheckReunificationResourcesInput) -> Result<(u8, Vec<u32>), Error> {
    let size = u8::try_from(input.family_size).map_err(|_| Error::invalid("familySize", "between 2 and 255"))?;
    let monthly = input
        .monthly_resources_cents
        .iter()
        .map(|&cents| u32::try_from(cents).map_err(|_| Error::invalid("monthlyResourcesCents", "amounts from 0")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((size, monthly))
}

/// Family-reunification mutations, all OFII's.
#[derive(Default)]
pub struct FamilyReunificationMutation;

#[Object]
impl FamilyReunificationMutation {
    /// Sends a complete family-reunification file under review to the mayor, who checks the resources and the
    /// housing within two months (`UNDER_REVIEW → AWAITING_OPINION`). OFII agents of the direction.
    #[graphql(visible = "super::audience::ofii")]
    async fn request_mayor_check(
        &self,
        ctx: &Context<'_>,
        input: FamilyReunificationStepInput,
    ) -> Result<FamilyReunificationPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = version(input.expected_version)?;
        let ports = services(ctx).family_reunification_ports();
        settle(ctx, commands::request_mayor_check(&ports, &request(ctx).caller(), id, expected).await)
    }

    /// Records the mayor's answer, once (an unfavourable finding says why).
    #[graphql(visible = "super::audience::ofii")]
    async fn record_mayor_opinion(
        &self,
        ctx: &Context<'_>,
        input: RecordMayorOpinionInput,
    ) -> Result<FamilyReunificationPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = version(input.expected_version)?;
        let ports = services(ctx).family_reunification_ports();
        let outcome = match answer(&input) {
            Ok(answer) => {
                commands::record_mayor_opinion(&ports, &request(ctx).caller(), id, expected, answer, input.notes).await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Checks the sponsor's average monthly resources over the last 12 months against the threshold for the
    /// family's size in force today (a multiple of the net SMIC). May be done again until the transmission.
    #[graphql(visible = "super::audience::ofii")]
    async fn check_reunification_resources(
        &self,
        ctx: &Context<'_>,
        input: CheckReunificationResourcesInput,
    ) -> Result<FamilyReunificationPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = version(input.expected_version)?;
        let ports = services(ctx).family_reunification_ports();
        let outcome = match amounts(&input) {
            Ok((size, monthly)) => {
                commands::check_resources(&ports, &request(ctx).caller(), id, expected, size, &monthly, input.notes)
                    .await
            }
            Err(error) => Err(error),
        };
        settle(ctx, outcome)
    }

    /// Transmits the completed file — the mayor's opinion and the resource check — to the prefect, who decides
    /// (`AWAITING_OPINION → UNDER_REVIEW`).
    #[graphql(visible = "super::audience::ofii")]
    async fn transmit_to_prefect(
        &self,
        ctx: &Context<'_>,
        input: FamilyReunificationStepInput,
    ) -> Result<FamilyReunificationPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = version(input.expected_version)?;
        let ports = services(ctx).family_reunification_ports();
        settle(ctx, commands::transmit_to_prefect(&ports, &request(ctx).caller(), id, expected).await)
    }
}
