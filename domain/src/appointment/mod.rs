//! Appointments booked in slots: the desk filing, the biometrics, the handover of a card, the asylum desk, and
//! OFII's reception, medical visit, civic training and language test.
//!
//! A [`Slot`] is a window at a site of a territory with a capacity; an [`Appointment`] holds one of its places
//! for a person (and, usually, one of their dossiers), with the interpreter language and the accessibility needs
//! the site must prepare for. The rules:
//!
//! - Slots are opened by agents of the slot's territory whose service holds that kind of appointment
//!   (prefecture kinds by prefecture desks and instructors, OFII kinds by OFII agents and doctors), never in
//!   the past.
//! - Free slots are listed to authenticated persons and agents only: an anonymous listing is what lets brokers
//!   harvest and resell prefecture appointments, so booking is bound to an identity from the first request.
//! - Booking takes a place only while one is free and the slot has not started. Storage takes the place with one
//!   conditional statement (`booked < capacity`), so concurrent bookings can never overbook.
//! - A person holds at most one booked appointment per kind of slot per dossier (storage enforces it with a unique
//!   key that exists only while the appointment is booked).
//! - Cancelling frees the place; it is allowed until the start, and one less than 24 hours before is recorded as
//!   a late cancellation (services use it to reschedule, never to punish: a late cancellation is better than a
//!   missed appointment).
//! - After the start, an agent of the territory marks the appointment attended or missed.
//!
//! Who may do what is [`policy`]; the use cases are [`commands`].

pub mod commands;
pub mod policy;
mod repository;

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

pub use repository::{AppointmentRepository, MAX_LISTED, SlotCursor};

use crate::dossier::{ActorRef, DossierId};
use crate::person::PersonId;
use crate::procedure::Authority;
use crate::territory::Territory;
use crate::{Actor, Error, Refusal};

/// The most places one slot offers (a civic-training day seats a room, not a stadium).
pub const MAX_CAPACITY: u16 = 500;

/// The longest slot: a civic-training day.
pub const MAX_DURATION_HOURS: i64 = 12;

/// A cancellation closer to the start than this is recorded as late.
pub const LATE_CANCELLATION_HOURS: i64 = 24;

/// Longest site label, in characters.
pub const MAX_SITE_CHARS: usize = 200;

/// Longest free-text accessibility note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A slot's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotId(Uuid);

impl SlotId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// An appointment's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppointmentId(Uuid);

impl AppointmentId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// What an appointment is for (DESIGN.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlotKind {
    /// Filing a dossier at a prefecture desk (the substitute channel).
    DeskFiling,
    /// Taking fingerprints and photograph for a card.
    Biometrics,
    /// Collecting a card that is ready.
    Handover,
    /// Registering an asylum claim at the single desk (GUDA).
    AsylumDesk,
    /// OFII's reception interview (integration contract, asylum reception conditions).
    OfiiReception,
    /// OFII's medical visit.
    MedicalVisit,
    /// A day of the civic training of the integration contract.
    CivicTraining,
    /// A French language test.
    LanguageTest,
}

impl SlotKind {
    /// Every kind.
    pub const ALL: [Self; 8] = [
        Self::DeskFiling,
        Self::Biometrics,
        Self::Handover,
        Self::AsylumDesk,
        Self::OfiiReception,
        Self::MedicalVisit,
        Self::CivicTraining,
        Self::LanguageTest,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::DeskFiling => "DESK_FILING",
            Self::Biometrics => "BIOMETRICS",
            Self::Handover => "HANDOVER",
            Self::AsylumDesk => "ASYLUM_DESK",
            Self::OfiiReception => "OFII_RECEPTION",
            Self::MedicalVisit => "MEDICAL_VISIT",
            Self::CivicTraining => "CIVIC_TRAINING",
            Self::LanguageTest => "LANGUAGE_TEST",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The service that holds appointments of this kind.
    pub const fn authority(self) -> Authority {
        match self {
            Self::DeskFiling | Self::Biometrics | Self::Handover | Self::AsylumDesk => Authority::Prefecture,
            Self::OfiiReception | Self::MedicalVisit | Self::CivicTraining | Self::LanguageTest => Authority::Ofii,
        }
    }
}

/// A language for the interpreter: an ISO 639 code, two letters (639-1, `ar`) or three (639-2/3, `prs` for
/// Dari), lower case. The form is checked; whether the prefecture has an interpreter for it is its business.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Parses an ISO 639 code.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text is two or three lower-case ASCII letters.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("interpreterLanguage", "expected an ISO 639 code such as \"ar\" or \"prs\""))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An accessibility need the site prepares for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessibilityNeed {
    /// Step-free access.
    Wheelchair,
    /// Hearing impairment (induction loop, sign-language interpreter).
    Hearing,
    /// Visual impairment.
    Vision,
    /// Something else, said in the note.
    Other,
}

impl AccessibilityNeed {
    /// Every need.
    pub const ALL: [Self; 4] = [Self::Wheelchair, Self::Hearing, Self::Vision, Self::Other];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Wheelchair => "WHEELCHAIR",
            Self::Hearing => "HEARING",
            Self::Vision => "VISION",
            Self::Other => "OTHER",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }
}

/// The accessibility needs of an appointment: a set of codes, and a free-text note exactly when `Other` is among
/// them (the note says what "other" is; a note without `Other` would be a need the codes cannot find).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Accessibility {
    needs: Vec<AccessibilityNeed>,
    note: Option<String>,
}

impl Accessibility {
    /// Builds the needs, sorted and without duplicates.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `Other` comes without a note, a note without `Other`, or a note longer than
    /// [`MAX_NOTE_CHARS`].
    pub fn new(mut needs: Vec<AccessibilityNeed>, note: Option<String>) -> Result<Self, Error> {
        needs.sort_unstable();
        needs.dedup();
        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        match (&note, needs.contains(&AccessibilityNeed::Other)) {
            (None, true) => Err(Error::invalid("accessibilityNote", "say what the OTHER need is")),
            (Some(_), false) => Err(Error::invalid("accessibilityNote", "a note goes with the OTHER need")),
            (Some(n), true) if n.chars().count() > MAX_NOTE_CHARS => {
                Err(Error::invalid("accessibilityNote", format!("at most {MAX_NOTE_CHARS} characters")))
            }
            (Some(_), true) | (None, false) => Ok(Self { needs, note }),
        }
    }

    /// The needs, sorted.
    pub fn needs(&self) -> &[AccessibilityNeed] {
        &self.needs
    }

    /// What the `Other` need is.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// What an agent asks for when opening a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSpec {
    /// The département.
    pub territory: Territory,
    /// Where (the site's label: "Préfecture de police — Cité, salle 3").
    pub site: String,
    /// What for.
    pub kind: SlotKind,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End (exclusive).
    pub ends_at: DateTime<Utc>,
    /// How many people it receives.
    pub capacity: u16,
}

/// The parts of a slot as storage keeps them; [`Slot::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotParts {
    /// Id.
    pub id: SlotId,
    /// What was asked for.
    pub spec: SlotSpec,
    /// Places taken (booked appointments).
    pub booked: u16,
    /// The agent who opened it.
    pub opened_by: ActorRef,
    /// When.
    pub opened_at: DateTime<Utc>,
}

/// A window of appointments at a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot(SlotParts);

impl Slot {
    /// Opens a slot at `now`.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not open slots of this kind in this territory;
    /// [`Error::InvalidInput`] when the slot is malformed or starts before `now`.
    pub fn open(id: SlotId, spec: SlotSpec, actor: &Actor, now: DateTime<Utc>) -> Result<Self, Error> {
        if !policy::may_open(actor, &spec.territory, spec.kind) {
            return Err(Error::NotAllowed { action: "open slots of this kind in", entity: "territory" });
        }
        if spec.starts_at <= now {
            return Err(Error::invalid("startsAt", "a slot opens in the future"));
        }
        Self::restore(SlotParts { id, spec, booked: 0, opened_by: ActorRef::of(actor), opened_at: now })
    }

    /// Rehydrates a stored slot.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the parts break an invariant.
    pub fn restore(parts: SlotParts) -> Result<Self, Error> {
        let spec = &parts.spec;
        let site = spec.site.trim();
        if site.is_empty() || site.chars().count() > MAX_SITE_CHARS {
            return Err(Error::invalid("site", format!("between 1 and {MAX_SITE_CHARS} characters")));
        }
        if spec.ends_at <= spec.starts_at || spec.ends_at - spec.starts_at > Duration::hours(MAX_DURATION_HOURS) {
            return Err(Error::invalid("endsAt", format!("after the start, at most {MAX_DURATION_HOURS} hours later")));
        }
        if !(1..=MAX_CAPACITY).contains(&spec.capacity) {
            return Err(Error::invalid("capacity", format!("between 1 and {MAX_CAPACITY}")));
        }
        if parts.booked > spec.capacity {
            return Err(Error::invalid("booked", "more places taken than the slot has"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> SlotId {
        self.0.id
    }

    /// The département.
    pub const fn territory(&self) -> &Territory {
        &self.0.spec.territory
    }

    /// The site's label.
    pub fn site(&self) -> &str {
        &self.0.spec.site
    }

    /// What for.
    pub const fn kind(&self) -> SlotKind {
        self.0.spec.kind
    }

    /// Start.
    pub const fn starts_at(&self) -> DateTime<Utc> {
        self.0.spec.starts_at
    }

    /// End (exclusive).
    pub const fn ends_at(&self) -> DateTime<Utc> {
        self.0.spec.ends_at
    }

    /// Places in all.
    pub const fn capacity(&self) -> u16 {
        self.0.spec.capacity
    }

    /// Places taken.
    pub const fn booked(&self) -> u16 {
        self.0.booked
    }

    /// Places left.
    pub const fn free_places(&self) -> u16 {
        self.0.spec.capacity.saturating_sub(self.0.booked)
    }

    /// Who opened it.
    pub const fn opened_by(&self) -> &ActorRef {
        &self.0.opened_by
    }

    /// When it was opened.
    pub const fn opened_at(&self) -> DateTime<Utc> {
        self.0.opened_at
    }

    /// Whether it has started at `now` (and can no longer be booked).
    pub fn has_started(&self, now: DateTime<Utc>) -> bool {
        self.0.spec.starts_at <= now
    }
}

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl AppointmentStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Booked, Self::Cancelled, Self::Attended, Self::Missed];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Booked => "BOOKED",
            Self::Cancelled => "CANCELLED",
            Self::Attended => "ATTENDED",
            Self::Missed => "MISSED",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What an agent records after the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The person came.
    Attended,
    /// The person did not come.
    Missed,
}

/// What a booking asks for, besides the slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// For whom.
    pub person: PersonId,
    /// For which of their dossiers, if any.
    pub dossier: Option<DossierId>,
    /// The interpreter's language, if one is needed.
    pub interpreter: Option<LanguageCode>,
    /// Accessibility needs.
    pub accessibility: Accessibility,
}

/// The parts of an appointment as storage keeps them; [`Appointment::restore`] re-checks them. The slot's kind,
/// territory and start are copied in (a slot never moves), so that the policy decides on the appointment alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentParts {
    /// Id.
    pub id: AppointmentId,
    /// The slot.
    pub slot: SlotId,
    /// The slot's kind.
    pub kind: SlotKind,
    /// The slot's territory.
    pub territory: Territory,
    /// The slot's start.
    pub starts_at: DateTime<Utc>,
    /// What was booked.
    pub booking: Booking,
    /// Where it stands.
    pub status: AppointmentStatus,
    /// When it was booked.
    pub booked_at: DateTime<Utc>,
    /// Who booked it.
    pub booked_by: ActorRef,
    /// When and by whom it was cancelled, if it was.
    pub cancelled: Option<(DateTime<Utc>, ActorRef)>,
    /// Whether the cancellation came less than [`LATE_CANCELLATION_HOURS`] before the start.
    pub late_cancellation: bool,
    /// When and by whom it was marked attended or missed, if it was.
    pub marked: Option<(DateTime<Utc>, ActorRef)>,
}

/// A place held in a slot for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment(AppointmentParts);

impl Appointment {
    /// Books a place of `slot` at `now`. Storage takes the place itself, atomically (the slot read here may be
    /// stale): this checks what can be known without it.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not book for this person in this slot; [`Error::Refused`] with
    /// [`Refusal::SlotInPast`] or [`Refusal::SlotFull`].
    pub fn book(
        id: AppointmentId,
        slot: &Slot,
        booking: Booking,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if !policy::may_book(actor, booking.person, slot) {
            return Err(Error::NotAllowed { action: "book", entity: "slot" });
        }
        if slot.has_started(now) {
            return Err(Error::Refused(Refusal::SlotInPast));
        }
        if slot.free_places() == 0 {
            return Err(Error::Refused(Refusal::SlotFull));
        }
        Ok(Self(AppointmentParts {
            id,
            slot: slot.id(),
            kind: slot.kind(),
            territory: slot.territory().clone(),
            starts_at: slot.starts_at(),
            booking,
            status: AppointmentStatus::Booked,
            booked_at: now,
            booked_by: ActorRef::of(actor),
            cancelled: None,
            late_cancellation: false,
            marked: None,
        }))
    }

    /// Rehydrates a stored appointment.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the status and its records disagree.
    pub fn restore(parts: AppointmentParts) -> Result<Self, Error> {
        let consistent = match parts.status {
            AppointmentStatus::Booked => parts.cancelled.is_none() && parts.marked.is_none(),
            AppointmentStatus::Cancelled => parts.cancelled.is_some() && parts.marked.is_none(),
            AppointmentStatus::Attended | AppointmentStatus::Missed => {
                parts.cancelled.is_none() && parts.marked.is_some()
            }
        };
        if !consistent || (parts.late_cancellation && parts.cancelled.is_none()) {
            return Err(Error::invalid("status", "the status and its records disagree"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> AppointmentId {
        self.0.id
    }

    /// The slot.
    pub const fn slot(&self) -> SlotId {
        self.0.slot
    }

    /// The slot's kind.
    pub const fn kind(&self) -> SlotKind {
        self.0.kind
    }

    /// The slot's territory.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// The slot's start.
    pub const fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }

    /// For whom.
    pub const fn person(&self) -> PersonId {
        self.0.booking.person
    }

    /// For which dossier.
    pub const fn dossier(&self) -> Option<DossierId> {
        self.0.booking.dossier
    }

    /// The interpreter's language.
    pub const fn interpreter(&self) -> Option<&LanguageCode> {
        self.0.booking.interpreter.as_ref()
    }

    /// Accessibility needs.
    pub const fn accessibility(&self) -> &Accessibility {
        &self.0.booking.accessibility
    }

    /// Where it stands.
    pub const fn status(&self) -> AppointmentStatus {
        self.0.status
    }

    /// When it was booked.
    pub const fn booked_at(&self) -> DateTime<Utc> {
        self.0.booked_at
    }

    /// Who booked it.
    pub const fn booked_by(&self) -> &ActorRef {
        &self.0.booked_by
    }

    /// When and by whom it was cancelled.
    pub const fn cancelled(&self) -> Option<&(DateTime<Utc>, ActorRef)> {
        self.0.cancelled.as_ref()
    }

    /// Whether it was cancelled late.
    pub const fn late_cancellation(&self) -> bool {
        self.0.late_cancellation
    }

    /// When and by whom it was marked attended or missed.
    pub const fn marked(&self) -> Option<&(DateTime<Utc>, ActorRef)> {
        self.0.marked.as_ref()
    }

    /// The key that makes "one booked appointment per kind per dossier" a unique index: present only while
    /// booked, so cancelled and past appointments never block a new booking.
    pub fn booking_key(&self) -> Option<String> {
        (self.0.status == AppointmentStatus::Booked).then(|| {
            let dossier = self.0.booking.dossier.map_or_else(|| "-".to_owned(), |d| d.as_uuid().to_string());
            format!("{}:{}:{dossier}", self.0.booking.person.as_uuid(), self.0.kind.code())
        })
    }

    /// Cancels the appointment at `now`, freeing its place (storage frees it with the same write).
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not cancel it; [`Error::Refused`] with
    /// [`Refusal::AppointmentNotBooked`] or [`Refusal::AppointmentStarted`]. Either way it is unchanged.
    pub fn cancel(&mut self, actor: &Actor, now: DateTime<Utc>) -> Result<(), Error> {
        if !policy::may_cancel(actor, self) {
            return Err(Error::NotAllowed { action: "cancel", entity: "appointment" });
        }
        if self.0.status != AppointmentStatus::Booked {
            return Err(Error::Refused(Refusal::AppointmentNotBooked));
        }
        if self.0.starts_at <= now {
            return Err(Error::Refused(Refusal::AppointmentStarted));
        }
        self.0.status = AppointmentStatus::Cancelled;
        self.0.late_cancellation = self.0.starts_at - now < Duration::hours(LATE_CANCELLATION_HOURS);
        self.0.cancelled = Some((now, ActorRef::of(actor)));
        Ok(())
    }

    /// Records whether the person came, at or after the start.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not mark it; [`Error::Refused`] with
    /// [`Refusal::AppointmentNotBooked`] or [`Refusal::AppointmentNotStarted`]. Either way it is unchanged.
    pub fn mark(&mut self, actor: &Actor, outcome: Outcome, now: DateTime<Utc>) -> Result<(), Error> {
        if !policy::may_mark(actor, self) {
            return Err(Error::NotAllowed { action: "mark", entity: "appointment" });
        }
        if self.0.status != AppointmentStatus::Booked {
            return Err(Error::Refused(Refusal::AppointmentNotBooked));
        }
        if now < self.0.starts_at {
            return Err(Error::Refused(Refusal::AppointmentNotStarted));
        }
        self.0.status = match outcome {
            Outcome::Attended => AppointmentStatus::Attended,
            Outcome::Missed => AppointmentStatus::Missed,
        };
        self.0.marked = Some((now, ActorRef::of(actor)));
        Ok(())
    }
}

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests;
