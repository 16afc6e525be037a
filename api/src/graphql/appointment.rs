//! Appointments in slots: `freeSlots` and `bookAppointment` / `cancelAppointment` for the person (and agents at the
//! desk), `myAppointments`, `openSlots` and `markAppointment` for the agents who hold appointments, and
//! `Dossier.appointments`.
//!
//! Free slots are listed to authenticated callers only (the domain's policy says why); an appointment the caller
//! may not see answers `NOT_FOUND`, exactly like a missing one. Kinds have labels in French and English by
//! `Accept-Language`; the enum values stay stable codes. Who booked or cancelled is shown by role and
//! organisation, never by an agent's name.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hipe_domain::appointment::{
    Accessibility, AccessibilityNeed as DomainNeed, Appointment, AppointmentStatus as DomainStatus, LanguageCode,
    Outcome, Slot, SlotCursor, SlotId, SlotKind as DomainKind, SlotSpec, commands, policy,
};
use hipe_domain::dossier::{ActorRef, Dossier};
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, Error};

use super::connection::PageInfo;
use super::context::{Locale, request, services};
use super::dossier::{ActorKind, EventActor};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::DateTime;

/// What an appointment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SlotKind {
    /// Filing a dossier at a prefecture desk.
    DeskFiling,
    /// Fingerprints and photograph for a card.
    Biometrics,
    /// Collecting a card.
    Handover,
    /// Registering an asylum claim at the single desk.
    AsylumDesk,
    /// OFII's reception interview.
    OfiiReception,
    /// OFII's medical visit.
    MedicalVisit,
    /// A day of civic training.
    CivicTraining,
    /// A French language test.
    LanguageTest,
}

impl From<SlotKind> for DomainKind {
    fn from(kind: SlotKind) -> Self {
        match kind {
            SlotKind::DeskFiling => Self::DeskFiling,
            SlotKind::Biometrics => Self::Biometrics,
            SlotKind::Handover => Self::Handover,
            SlotKind::AsylumDesk => Self::AsylumDesk,
            SlotKind::OfiiReception => Self::OfiiReception,
            SlotKind::MedicalVisit => Self::MedicalVisit,
            SlotKind::CivicTraining => Self::CivicTraining,
            SlotKind::LanguageTest => Self::LanguageTest,
        }
    }
}

impl From<DomainKind> for SlotKind {
    fn from(kind: DomainKind) -> Self {
        match kind {
            DomainKind::DeskFiling => Self::DeskFiling,
            DomainKind::Biometrics => Self::Biometrics,
            DomainKind::Handover => Self::Handover,
            DomainKind::AsylumDesk => Self::AsylumDesk,
            DomainKind::OfiiReception => Self::OfiiReception,
            DomainKind::MedicalVisit => Self::MedicalVisit,
            DomainKind::CivicTraining => Self::CivicTraining,
            DomainKind::LanguageTest => Self::LanguageTest,
        }
    }
}

/// The label of a kind, in the request's language.
const fn kind_label(kind: DomainKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (DomainKind::DeskFiling, Locale::Fr) => "Dépôt de dossier au guichet",
        (DomainKind::DeskFiling, Locale::En) => "Filing at the desk",
        (DomainKind::Biometrics, Locale::Fr) => "Prise d'empreintes et de photographie",
        (DomainKind::Biometrics, Locale::En) => "Fingerprints and photograph",
        (DomainKind::Handover, Locale::Fr) => "Remise du titre",
        (DomainKind::Handover, Locale::En) => "Card handover",
        (DomainKind::AsylumDesk, Locale::Fr) => "Guichet unique pour demandeurs d'asile",
        (DomainKind::AsylumDesk, Locale::En) => "Asylum single desk",
        (DomainKind::OfiiReception, Locale::Fr) => "Accueil OFII",
        (DomainKind::OfiiReception, Locale::En) => "OFII reception interview",
        (DomainKind::MedicalVisit, Locale::Fr) => "Visite médicale OFII",
        (DomainKind::MedicalVisit, Locale::En) => "OFII medical visit",
        (DomainKind::CivicTraining, Locale::Fr) => "Formation civique",
        (DomainKind::CivicTraining, Locale::En) => "Civic training",
        (DomainKind::LanguageTest, Locale::Fr) => "Test de langue française",
        (DomainKind::LanguageTest, Locale::En) => "French language test",
    }
}

/// An accessibility need the site prepares for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AccessibilityNeed {
    /// Step-free access.
    Wheelchair,
    /// Hearing impairment.
    Hearing,
    /// Visual impairment.
    Vision,
    /// Something else, said in `accessibilityNote`.
    Other,
}

impl From<AccessibilityNeed> for DomainNeed {
    fn from(need: AccessibilityNeed) -> Self {
        match need {
            AccessibilityNeed::Wheelchair => Self::Wheelchair,
            AccessibilityNeed::Hearing => Self::Hearing,
            AccessibilityNeed::Vision => Self::Vision,
            AccessibilityNeed::Other => Self::Other,
        }
    }
}

impl From<DomainNeed> for AccessibilityNeed {
    fn from(need: DomainNeed) -> Self {
        match need {
            DomainNeed::Wheelchair => Self::Wheelchair,
            DomainNeed::Hearing => Self::Hearing,
            DomainNeed::Vision => Self::Vision,
            DomainNeed::Other => Self::Other,
        }
    }
}

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AppointmentStatus {
    /// The place is held.
    Booked,
    /// Cancelled before the start; the place was freed.
    Cancelled,
    /// The person came.
    Attended,
    /// The person did not come.
    Missed,
}

impl From<DomainStatus> for AppointmentStatus {
    fn from(status: DomainStatus) -> Self {
        match status {
            DomainStatus::Booked => Self::Booked,
            DomainStatus::Cancelled => Self::Cancelled,
            DomainStatus::Attended => Self::Attended,
            DomainStatus::Missed => Self::Missed,
        }
    }
}

/// What an agent records after the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AppointmentOutcome {
    /// The person came.
    Attended,
    /// The person did not come.
    Missed,
}

/// Who acted, by role and organisation for an agent (never by name).
pub fn acted_by(actor: &ActorRef) -> EventActor {
    match actor {
        ActorRef::Person => EventActor { kind: ActorKind::Person, role: None, organisation: None },
        ActorRef::Mandatary { .. } => EventActor { kind: ActorKind::Mandatary, role: None, organisation: None },
        ActorRef::System => EventActor { kind: ActorKind::System, role: None, organisation: None },
        ActorRef::Agent { role, organisation, .. } => {
            EventActor { kind: ActorKind::Agent, role: Some(role.clone()), organisation: Some(organisation.clone()) }
        }
        ActorRef::Partner { name, .. } => {
            EventActor { kind: ActorKind::Partner, role: None, organisation: Some(name.clone()) }
        }
    }
}

/// A window of appointments at a site.
pub struct SlotNode(pub Slot);

#[Object(name = "Slot", visible = "super::audience::dossier_readers")]
impl SlotNode {
    /// Id (pass it to `bookAppointment`).
    async fn id(&self) -> ID {
        id::slot(self.0.id())
    }

    /// The département.
    async fn territory(&self) -> &str {
        self.0.territory().as_str()
    }

    /// Where.
    async fn site(&self) -> &str {
        self.0.site()
    }

    /// What for.
    async fn kind(&self) -> SlotKind {
        self.0.kind().into()
    }

    /// What for, in the language of `Accept-Language`.
    async fn kind_label(&self, ctx: &Context<'_>) -> &'static str {
        kind_label(self.0.kind(), request(ctx).locale)
    }

    /// Start.
    async fn starts_at(&self) -> DateTime {
        DateTime(self.0.starts_at())
    }

    /// End.
    async fn ends_at(&self) -> DateTime {
        DateTime(self.0.ends_at())
    }

    /// Places in all.
    async fn capacity(&self) -> i32 {
        i32::from(self.0.capacity())
    }

    /// Places left.
    async fn free_places(&self) -> i32 {
        i32::from(self.0.free_places())
    }
}

fn slot_cursor(slot: &Slot) -> String {
    URL_SAFE_NO_PAD.encode(format!("slot:{}:{}", slot.starts_at().to_rfc3339(), slot.id().as_uuid()))
}

fn decode_slot_cursor(text: &str) -> Result<SlotCursor, ApiError> {
    let invalid = || ApiError::bad_input("malformed cursor: use a cursor returned by freeSlots");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (at, id) = text.strip_prefix("slot:").and_then(|rest| rest.rsplit_once(':')).ok_or_else(invalid)?;
    let starts_at = chrono::DateTime::parse_from_rfc3339(at).map_err(|_| invalid())?.with_timezone(&chrono::Utc);
    let id = uuid::Uuid::parse_str(id).map_err(|_| invalid())?;
    Ok(SlotCursor { starts_at, id: SlotId::from_uuid(id) })
}

/// An edge of a slot list.
pub struct SlotEdge(Slot);

#[Object]
impl SlotEdge {
    /// Cursor of this edge.
    async fn cursor(&self) -> String {
        slot_cursor(&self.0)
    }

    /// The slot.
    async fn node(&self) -> SlotNode {
        SlotNode(self.0.clone())
    }
}

/// A page of free slots, by start.
pub struct SlotConnection(Page<Slot>);

#[Object]
impl SlotConnection {
    /// The edges of this page.
    async fn edges(&self) -> Vec<SlotEdge> {
        self.0.items.iter().cloned().map(SlotEdge).collect()
    }

    /// The slots of this page, without cursors.
    async fn nodes(&self) -> Vec<SlotNode> {
        self.0.items.iter().cloned().map(SlotNode).collect()
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.0.has_next,
            has_previous_page: self.0.has_previous,
            start_cursor: self.0.items.first().map(slot_cursor),
            end_cursor: self.0.items.last().map(slot_cursor),
        }
    }
}

/// A place held in a slot for a person.
pub struct AppointmentNode(pub Appointment);

#[Object(name = "Appointment", visible = "super::audience::dossier_readers")]
impl AppointmentNode {
    /// Id (pass it to `cancelAppointment` or `markAppointment`).
    async fn id(&self) -> ID {
        id::appointment(self.0.id())
    }

    /// The slot.
    async fn slot(&self, ctx: &Context<'_>) -> Result<SlotNode> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let slot = loaders.slots.load_one(self.0.slot()).await.map_err(|e| load_error(&e))?;
        slot.map(SlotNode).ok_or_else(|| ApiError::Internal("appointment without its slot".into()).into())
    }

    /// What for.
    async fn kind(&self) -> SlotKind {
        self.0.kind().into()
    }

    /// What for, in the language of `Accept-Language`.
    async fn kind_label(&self, ctx: &Context<'_>) -> &'static str {
        kind_label(self.0.kind(), request(ctx).locale)
    }

    /// Start.
    async fn starts_at(&self) -> DateTime {
        DateTime(self.0.starts_at())
    }

    /// Where it stands.
    async fn status(&self) -> AppointmentStatus {
        self.0.status().into()
    }

    /// The dossier it is for, if any.
    async fn dossier_id(&self) -> Option<ID> {
        self.0.dossier().map(id::dossier)
    }

    /// The interpreter's language (ISO 639), if one is needed.
    async fn interpreter_language(&self) -> Option<&str> {
        self.0.interpreter().map(LanguageCode::as_str)
    }

    /// Accessibility needs.
    async fn accessibility_needs(&self) -> Vec<AccessibilityNeed> {
        self.0.accessibility().needs().iter().copied().map(AccessibilityNeed::from).collect()
    }

    /// What the `OTHER` need is.
    async fn accessibility_note(&self) -> Option<&str> {
        self.0.accessibility().note()
    }

    /// When it was booked.
    async fn booked_at(&self) -> DateTime {
        DateTime(self.0.booked_at())
    }

    /// Who booked it.
    async fn booked_by(&self) -> EventActor {
        acted_by(self.0.booked_by())
    }

    /// When it was cancelled.
    async fn cancelled_at(&self) -> Option<DateTime> {
        self.0.cancelled().map(|(at, _)| DateTime(*at))
    }

    /// Who cancelled it.
    async fn cancelled_by(&self) -> Option<EventActor> {
        self.0.cancelled().map(|(_, by)| acted_by(by))
    }

    /// Whether it was cancelled less than 24 hours before the start (allowed, and recorded).
    async fn late_cancellation(&self) -> bool {
        self.0.late_cancellation()
    }

    /// When it was marked attended or missed.
    async fn marked_at(&self) -> Option<DateTime> {
        self.0.marked().map(|(at, _)| DateTime(*at))
    }
}

/// `Dossier.appointments`: the dossier's appointments the caller may see, by start (the dossier is visible to
/// them, so its person is revealed to the journal already).
pub async fn of_dossier(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<AppointmentNode>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.dossier_appointments.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    let actor = &request(ctx).actor;
    Ok(found
        .unwrap_or_default()
        .into_iter()
        .filter(|appointment| policy::can_view_in_visible_dossier(actor, appointment))
        .map(AppointmentNode)
        .collect())
}

/// One window of `openSlots`.
#[derive(Debug, InputObject)]
pub struct SlotWindowInput {
    /// Start (in the future).
    pub starts_at: DateTime,
    /// End (after the start, at most 12 hours later).
    pub ends_at: DateTime,
    /// Places (1–500).
    pub capacity: i32,
}

/// Input of `openSlots`: windows of one kind at one site.
#[derive(Debug, InputObject)]
pub struct OpenSlotsInput {
    /// Département code.
    pub territory: String,
    /// What for.
    pub kind: SlotKind,
    /// Where (the site's label).
    pub site: String,
    /// The windows (1–200), opened all or none.
    pub slots: Vec<SlotWindowInput>,
}

/// Result of `openSlots`.
#[derive(SimpleObject)]
pub struct OpenSlotsPayload {
    /// The slots opened; null when refused.
    pub slots: Option<Vec<SlotNode>>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Input of `bookAppointment`.
#[derive(Debug, InputObject)]
pub struct BookAppointmentInput {
    /// The slot.
    pub slot_id: ID,
    /// For whom. Omit it to book for yourself; an agent at the desk, or a mandatary, gives it.
    pub person_id: Option<ID>,
    /// For which of the person's dossiers.
    pub dossier_id: Option<ID>,
    /// The interpreter's language (ISO 639: `ar`, `prs`…), if one is needed.
    pub interpreter_language: Option<String>,
    /// Accessibility needs (none when omitted).
    pub accessibility_needs: Option<Vec<AccessibilityNeed>>,
    /// What the `OTHER` need is (required with `OTHER`, refused without it).
    pub accessibility_note: Option<String>,
}

/// Input of `cancelAppointment`.
#[derive(Debug, InputObject)]
pub struct CancelAppointmentInput {
    /// The appointment.
    pub appointment_id: ID,
}

/// Input of `markAppointment`.
#[derive(Debug, InputObject)]
pub struct MarkAppointmentInput {
    /// The appointment.
    pub appointment_id: ID,
    /// Whether the person came.
    pub outcome: AppointmentOutcome,
}

macro_rules! appointment_payload {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(SimpleObject)]
        pub struct $name {
            /// The appointment after the mutation; null when it was refused.
            pub appointment: Option<AppointmentNode>,
            /// Why the mutation was refused, when it was.
            pub user_errors: Vec<UserError>,
        }

        impl From<(Option<AppointmentNode>, Vec<UserError>)> for $name {
            fn from((appointment, user_errors): (Option<AppointmentNode>, Vec<UserError>)) -> Self {
                Self { appointment, user_errors }
            }
        }
    };
}

appointment_payload!(BookAppointmentPayload, "Result of `bookAppointment`.");
appointment_payload!(CancelAppointmentPayload, "Result of `cancelAppointment`.");
appointment_payload!(MarkAppointmentPayload, "Result of `markAppointment`.");

/// Refusals the user can fix become `userErrors`; the rest stays a top-level error. The answer shows the person's
/// appointment, so the person is revealed to the journal.
fn settle(ctx: &Context<'_>, outcome: Result<Appointment, Error>) -> Result<(Option<AppointmentNode>, Vec<UserError>)> {
    match outcome {
        Ok(appointment) => {
            request(ctx).reveal(appointment.person());
            Ok((Some(AppointmentNode(appointment)), Vec::new()))
        }
        Err(error) => Ok((None, vec![user_error(error)?])),
    }
}

fn booking(ctx: &Context<'_>, input: BookAppointmentInput) -> Result<Result<commands::BookAppointment, Error>> {
    let slot = id::slot_id(&input.slot_id)?;
    let person = match (&input.person_id, &request(ctx).actor) {
        (Some(person), _) => id::person_id(person)?,
        (None, Actor::Person(me)) => *me,
        (None, Actor::Anonymous) => return Err(ApiError::Unauthenticated.into()),
        (None, Actor::Agent(_) | Actor::Partner(_) | Actor::Mandatary(_)) => {
            return Err(ApiError::bad_input("personId is required when booking for someone").into());
        }
    };
    let dossier = input.dossier_id.as_ref().map(id::dossier_id).transpose()?;
    Ok((|| {
        Ok(commands::BookAppointment {
            slot,
            person,
            dossier,
            interpreter: input.interpreter_language.as_deref().map(LanguageCode::parse).transpose()?,
            accessibility: Accessibility::new(
                input.accessibility_needs.unwrap_or_default().into_iter().map(DomainNeed::from).collect(),
                input.accessibility_note,
            )?,
        })
    })())
}

fn slot_specs(input: OpenSlotsInput) -> Result<Vec<SlotSpec>, Error> {
    let territory = Territory::parse(&input.territory)?;
    input
        .slots
        .into_iter()
        .map(|window| {
            Ok(SlotSpec {
                territory: territory.clone(),
                site: input.site.trim().to_owned(),
                kind: input.kind.into(),
                starts_at: window.starts_at.0,
                ends_at: window.ends_at.0,
                capacity: u16::try_from(window.capacity)
                    .map_err(|_| Error::invalid("capacity", "between 1 and 500"))?,
            })
        })
        .collect()
}

/// Appointment queries.
#[derive(Default)]
pub struct AppointmentQuery;

#[Object]
impl AppointmentQuery {
    /// The slots of `kind` in `territory` with a free place, from `from` (now by default), by start; `first`
    /// between 1 and 100 (20 by default). Authenticated callers only.
    #[graphql(
        visible = "super::audience::dossier_readers",
        complexity = "super::connection::weight(first, None, child_complexity)"
    )]
    async fn free_slots(
        &self,
        ctx: &Context<'_>,
        territory: String,
        kind: SlotKind,
        from: Option<DateTime>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<SlotConnection> {
        let territory = Territory::parse(&territory).map_err(|e| ApiError::bad_input(e.to_string()))?;
        let cursor = after.as_deref().map(decode_slot_cursor).transpose()?;
        let page = PageRequest::relay(first, cursor, None, None).map_err(|e| ApiError::bad_input(e.to_string()))?;
        let found = commands::free_slots(
            &services(ctx).appointment_ports(),
            &request(ctx).actor,
            &territory,
            kind.into(),
            from.map(|at| at.0),
            &page,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(SlotConnection(found))
    }

    /// My appointments, by start.
    #[graphql(visible = "super::audience::mobile")]
    async fn my_appointments(&self, ctx: &Context<'_>) -> Result<Vec<AppointmentNode>> {
        let found = commands::of_caller(&services(ctx).appointment_ports(), &request(ctx).actor)
            .await
            .map_err(ApiError::from)?;
        Ok(found.into_iter().map(AppointmentNode).collect())
    }
}

/// Appointment mutations.
#[derive(Default)]
pub struct AppointmentMutation;

#[Object]
impl AppointmentMutation {
    /// Opens slots of one kind at one site, all or none. Agents whose service holds that kind of appointment, in
    /// their territories.
    #[graphql(visible = "super::audience::desk_agents")]
    async fn open_slots(&self, ctx: &Context<'_>, input: OpenSlotsInput) -> Result<OpenSlotsPayload> {
        let outcome = match slot_specs(input) {
            Ok(specs) => commands::open_slots(&services(ctx).appointment_ports(), &request(ctx).caller(), specs).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(slots) => {
                Ok(OpenSlotsPayload { slots: Some(slots.into_iter().map(SlotNode).collect()), user_errors: Vec::new() })
            }
            Err(error) => Ok(OpenSlotsPayload { slots: None, user_errors: vec![user_error(error)?] }),
        }
    }

    /// Books a place in a slot: for yourself, for the person you act for (`ACT` mandate), or for a person at the
    /// desk (agents serving the slot).
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn book_appointment(&self, ctx: &Context<'_>, input: BookAppointmentInput) -> Result<BookAppointmentPayload> {
        let outcome = match booking(ctx, input)? {
            Ok(book) => commands::book(&services(ctx).appointment_ports(), &request(ctx).caller(), book).await,
            Err(error) => Err(error),
        };
        settle(ctx, outcome).map(Into::into)
    }

    /// Cancels a booked appointment before its start, freeing its place; less than 24 hours before, it is
    /// recorded as a late cancellation.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn cancel_appointment(
        &self,
        ctx: &Context<'_>,
        input: CancelAppointmentInput,
    ) -> Result<CancelAppointmentPayload> {
        let id = id::appointment_id(&input.appointment_id)?;
        let outcome = commands::cancel(&services(ctx).appointment_ports(), &request(ctx).caller(), id).await;
        settle(ctx, outcome).map(Into::into)
    }

    /// Records, after the start, whether the person came. Agents serving the slot only.
    #[graphql(visible = "super::audience::desk_agents")]
    async fn mark_appointment(&self, ctx: &Context<'_>, input: MarkAppointmentInput) -> Result<MarkAppointmentPayload> {
        let id = id::appointment_id(&input.appointment_id)?;
        let outcome = match input.outcome {
            AppointmentOutcome::Attended => Outcome::Attended,
            AppointmentOutcome::Missed => Outcome::Missed,
        };
        let outcome = commands::mark(&services(ctx).appointment_ports(), &request(ctx).caller(), id, outcome).await;
        settle(ctx, outcome).map(Into::into)
    }
}
