//! The storage port for slots and appointments (one aggregate boundary: a booking changes both at once).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Appointment, AppointmentId, Slot, SlotId, SlotKind};
use crate::Result;
use crate::dossier::DossierId;
use crate::journal::AccessRecord;
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;

/// Where a page of free slots starts: slots are listed by start, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotCursor {
    /// The start of the last slot seen.
    pub starts_at: DateTime<Utc>,
    /// Its id.
    pub id: SlotId,
}

/// Stores slots and the appointments booked in them. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait AppointmentRepository: Send + Sync {
    /// Records new slots, all or none.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails (nothing is written).
    async fn open_slots(&self, slots: &[Slot]) -> Result<()>;

    /// Several slots at once (for DataLoaders); unknown ids are absent.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_slots(&self, ids: &[SlotId]) -> Result<Vec<Slot>>;

    /// A page of the slots of `kind` in `territory` that start at or after `from` and have a free place, by start.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn free_slots(
        &self,
        territory: &Territory,
        kind: SlotKind,
        from: DateTime<Utc>,
        page: &PageRequest<SlotCursor>,
    ) -> Result<Page<Slot>>;

    /// Takes a place of the appointment's slot and records the appointment and the journal entry of the write, in
    /// one transaction. The place is taken by one conditional statement (free place, not started at the booking
    /// time), so concurrent bookings never overbook.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the slot does not exist; [`crate::Error::Refused`] with
    /// [`crate::Refusal::SlotFull`], [`crate::Refusal::SlotInPast`] or [`crate::Refusal::AlreadyBooked`] (the person
    /// holds a booked appointment of this kind for this dossier); [`crate::Error::Storage`]. Nothing is written on
    /// error.
    async fn book(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()>;

    /// Records the cancellation of a booked appointment and frees its place, with the journal entry, in one
    /// transaction.
    ///
    /// # Errors
    /// [`crate::Error::Refused`] with [`crate::Refusal::AppointmentNotBooked`] when it is no longer booked in
    /// storage (someone else cancelled or marked it first); [`crate::Error::Storage`].
    async fn cancel(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()>;

    /// Records that a booked appointment was attended or missed, with the journal entry, in one transaction.
    ///
    /// # Errors
    /// As [`AppointmentRepository::cancel`].
    async fn mark(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()>;

    /// An appointment by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: AppointmentId) -> Result<Option<Appointment>>;

    /// The appointments of several dossiers at once (for DataLoaders), by start.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Appointment>>;

    /// A person's appointments, by start (at most [`MAX_LISTED`] of the latest: a person has a handful).
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn of_person(&self, person: PersonId) -> Result<Vec<Appointment>>;
}

/// The most appointments [`AppointmentRepository::of_person`] returns.
pub const MAX_LISTED: u64 = 200;
