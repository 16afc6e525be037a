//! Slots and appointments on sea-orm. A booking takes its place with one conditional `UPDATE` (`booked <
//! capacity` and not started), in the same transaction as the appointment's row and its journal entry; a
//! cancellation frees it the same way. Neither engine can then overbook, whatever the concurrency.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::appointment::{
    Accessibility, AccessibilityNeed, Appointment, AppointmentId, AppointmentParts, AppointmentRepository,
    AppointmentStatus, Booking, LanguageCode, MAX_LISTED, Slot, SlotCursor, SlotId, SlotKind, SlotParts, SlotSpec,
};
use hipe_domain::dossier::DossierId;
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Refusal, Result};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use super::actor_ref::{ActorColumns, actor, columns, optional_actor};
use crate::entities::{appointment, slot};
use crate::error::{corrupt, db_err};

/// [`AppointmentRepository`] over the `slot` and `appointment` tables.
#[derive(Debug, Clone)]
pub struct SeaAppointmentRepository {
    db: DatabaseConnection,
}

impl SeaAppointmentRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn count(table: &'static str, value: i32) -> Result<u16> {
    u16::try_from(value).map_err(|_| corrupt(table, format!("count out of range {value}")))
}

impl TryFrom<slot::Model> for Slot {
    type Error = Error;

    fn try_from(row: slot::Model) -> Result<Self> {
        let bad = |detail: String| corrupt("slot", detail);
        Self::restore(SlotParts {
            id: SlotId::from_uuid(row.id),
            spec: SlotSpec {
                territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
                site: row.site,
                kind: SlotKind::parse(&row.kind).ok_or_else(|| bad(format!("unknown kind {}", row.kind)))?,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                capacity: count("slot", row.capacity)?,
            },
            booked: count("slot", row.booked)?,
            opened_by: actor(
                "slot",
                ActorColumns {
                    kind: row.opened_by_kind,
                    id: row.opened_by_id,
                    role: row.opened_by_role,
                    organisation: row.opened_by_organisation,
                },
            )?,
            opened_at: row.opened_at,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

fn slot_row(slot: &Slot) -> slot::ActiveModel {
    let by = columns(slot.opened_by());
    slot::ActiveModel {
        id: Set(slot.id().as_uuid()),
        territory: Set(slot.territory().as_str().to_owned()),
        kind: Set(slot.kind().code().to_owned()),
        site: Set(slot.site().to_owned()),
        starts_at: Set(slot.starts_at()),
        ends_at: Set(slot.ends_at()),
        capacity: Set(i32::from(slot.capacity())),
        booked: Set(i32::from(slot.booked())),
        opened_by_kind: Set(by.kind),
        opened_by_id: Set(by.id),
        opened_by_role: Set(by.role),
        opened_by_organisation: Set(by.organisation),
        opened_at: Set(slot.opened_at()),
    }
}

impl TryFrom<appointment::Model> for Appointment {
    type Error = Error;

    fn try_from(row: appointment::Model) -> Result<Self> {
        let table = "appointment";
        let bad = |detail: String| corrupt(table, detail);
        let needs = row
            .accessibility
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| AccessibilityNeed::parse(code).ok_or_else(|| bad(format!("unknown need {code}"))))
            .collect::<Result<Vec<_>>>()?;
        let cancelled = optional_actor(
            table,
            row.cancelled_by_kind,
            row.cancelled_by_id,
            row.cancelled_by_role,
            row.cancelled_by_organisation,
        )?;
        let marked = optional_actor(
            table,
            row.marked_by_kind,
            row.marked_by_id,
            row.marked_by_role,
            row.marked_by_organisation,
        )?;
        let pair = |at: Option<DateTime<Utc>>, by: Option<hipe_domain::dossier::ActorRef>| match (at, by) {
            (Some(at), Some(by)) => Ok(Some((at, by))),
            (None, None) => Ok(None),
            _ => Err(bad("a time without its actor, or the reverse".to_owned())),
        };
        Self::restore(AppointmentParts {
            id: AppointmentId::from_uuid(row.id),
            slot: SlotId::from_uuid(row.slot_id),
            kind: SlotKind::parse(&row.kind).ok_or_else(|| bad(format!("unknown kind {}", row.kind)))?,
            territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
            starts_at: row.starts_at,
            booking: Booking {
                person: PersonId::from_uuid(row.person_id),
                dossier: row.dossier_id.map(DossierId::from_uuid),
                interpreter: row
                    .interpreter_language
                    .map(|code| LanguageCode::parse(&code))
                    .transpose()
                    .map_err(|e| bad(e.to_string()))?,
                accessibility: Accessibility::new(needs, row.accessibility_note).map_err(|e| bad(e.to_string()))?,
            },
            status: AppointmentStatus::parse(&row.status)
                .ok_or_else(|| bad(format!("unknown status {}", row.status)))?,
            booked_at: row.booked_at,
            booked_by: actor(
                table,
                ActorColumns {
                    kind: row.booked_by_kind,
                    id: row.booked_by_id,
                    role: row.booked_by_role,
                    organisation: row.booked_by_organisation,
                },
            )?,
            cancelled: pair(row.cancelled_at, cancelled)?,
            late_cancellation: row.late_cancellation,
            marked: pair(row.marked_at, marked)?,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

/// Every column of an appointment's row: inserts use it whole, updates only its mutable part.
fn appointment_row(appointment: &Appointment) -> appointment::ActiveModel {
    let booked_by = columns(appointment.booked_by());
    let cancelled_by = appointment.cancelled().map(|(_, by)| columns(by));
    let marked_by = appointment.marked().map(|(_, by)| columns(by));
    let needs: Vec<&str> = appointment.accessibility().needs().iter().map(|need| need.code()).collect();
    let part = |group: &Option<ActorColumns>, pick: fn(&ActorColumns) -> Option<String>| group.as_ref().and_then(pick);
    appointment::ActiveModel {
        id: Set(appointment.id().as_uuid()),
        slot_id: Set(appointment.slot().as_uuid()),
        kind: Set(appointment.kind().code().to_owned()),
        territory: Set(appointment.territory().as_str().to_owned()),
        starts_at: Set(appointment.starts_at()),
        person_id: Set(appointment.person().as_uuid()),
        dossier_id: Set(appointment.dossier().map(|d| d.as_uuid())),
        interpreter_language: Set(appointment.interpreter().map(|l| l.as_str().to_owned())),
        accessibility: Set(needs.join(",")),
        accessibility_note: Set(appointment.accessibility().note().map(str::to_owned)),
        status: Set(appointment.status().code().to_owned()),
        booking_key: Set(appointment.booking_key()),
        booked_at: Set(appointment.booked_at()),
        booked_by_kind: Set(booked_by.kind),
        booked_by_id: Set(booked_by.id),
        booked_by_role: Set(booked_by.role),
        booked_by_organisation: Set(booked_by.organisation),
        cancelled_at: Set(appointment.cancelled().map(|(at, _)| *at)),
        cancelled_by_kind: Set(cancelled_by.as_ref().map(|c| c.kind.clone())),
        cancelled_by_id: Set(part(&cancelled_by, |c| c.id.clone())),
        cancelled_by_role: Set(part(&cancelled_by, |c| c.role.clone())),
        cancelled_by_organisation: Set(part(&cancelled_by, |c| c.organisation.clone())),
        late_cancellation: Set(appointment.late_cancellation()),
        marked_at: Set(appointment.marked().map(|(at, _)| *at)),
        marked_by_kind: Set(marked_by.as_ref().map(|c| c.kind.clone())),
        marked_by_id: Set(part(&marked_by, |c| c.id.clone())),
        marked_by_role: Set(part(&marked_by, |c| c.role.clone())),
        marked_by_organisation: Set(part(&marked_by, |c| c.organisation.clone())),
    }
}

impl SeaAppointmentRepository {
    /// Moves a booked appointment to its new state (cancelled or marked) with one conditional statement; the
    /// transaction is the caller's.
    async fn settle(&self, txn: &DatabaseTransaction, appointment: &Appointment) -> Result<()> {
        let mut row = appointment_row(appointment);
        // Only the mutable columns change; the rest of the row is left as it is.
        row.id = sea_orm::ActiveValue::NotSet;
        let updated = appointment::Entity::update_many()
            .set(row)
            .filter(appointment::Column::Id.eq(appointment.id().as_uuid()))
            .filter(appointment::Column::Status.eq(AppointmentStatus::Booked.code()))
            .exec(txn)
            .await
            .map_err(db_err)?;
        if updated.rows_affected == 1 { Ok(()) } else { Err(Error::Refused(Refusal::AppointmentNotBooked)) }
    }
}

#[async_trait]
impl AppointmentRepository for SeaAppointmentRepository {
    async fn open_slots(&self, slots: &[Slot]) -> Result<()> {
        if slots.is_empty() {
            return Ok(());
        }
        let txn = self.db.begin().await.map_err(db_err)?;
        slot::Entity::insert_many(slots.iter().map(slot_row)).exec_without_returning(&txn).await.map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }

    async fn find_slots(&self, ids: &[SlotId]) -> Result<Vec<Slot>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = slot::Entity::find()
            .filter(slot::Column::Id.is_in(ids.iter().map(SlotId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Slot::try_from).collect()
    }

    async fn free_slots(
        &self,
        territory: &Territory,
        kind: SlotKind,
        from: DateTime<Utc>,
        page: &PageRequest<SlotCursor>,
    ) -> Result<Page<Slot>> {
        let mut query = slot::Entity::find()
            .filter(slot::Column::Territory.eq(territory.as_str()))
            .filter(slot::Column::Kind.eq(kind.code()))
            .filter(slot::Column::StartsAt.gte(from))
            .filter(Expr::col(slot::Column::Booked).lt(Expr::col(slot::Column::Capacity)));
        let cursor = page.cursor().copied();
        if let Some(cursor) = cursor {
            let (after, same) = match page.direction() {
                Direction::Forward => {
                    (slot::Column::StartsAt.gt(cursor.starts_at), slot::Column::Id.gt(cursor.id.as_uuid()))
                }
                Direction::Backward => {
                    (slot::Column::StartsAt.lt(cursor.starts_at), slot::Column::Id.lt(cursor.id.as_uuid()))
                }
            };
            query = query.filter(
                Condition::any()
                    .add(after)
                    .add(Condition::all().add(slot::Column::StartsAt.eq(cursor.starts_at)).add(same)),
            );
        }
        query = match page.direction() {
            Direction::Forward => query.order_by_asc(slot::Column::StartsAt).order_by_asc(slot::Column::Id),
            Direction::Backward => query.order_by_desc(slot::Column::StartsAt).order_by_desc(slot::Column::Id),
        };
        let rows = query.limit(u64::from(page.size()) + 1).all(&self.db).await.map_err(db_err)?;
        super::keyset::split(rows, page).try_map(Slot::try_from)
    }

    async fn book(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        // The check and the taking of the place are one statement: two bookings of the last place cannot both
        // pass it (PostgreSQL re-evaluates the condition after the row lock; SQLite runs one writer at a time).
        let taken = slot::Entity::update_many()
            .col_expr(slot::Column::Booked, Expr::col(slot::Column::Booked).add(1))
            .filter(slot::Column::Id.eq(appointment.slot().as_uuid()))
            .filter(Expr::col(slot::Column::Booked).lt(Expr::col(slot::Column::Capacity)))
            .filter(slot::Column::StartsAt.gt(appointment.booked_at()))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if taken.rows_affected != 1 {
            let row = slot::Entity::find_by_id(appointment.slot().as_uuid()).one(&txn).await.map_err(db_err)?;
            txn.rollback().await.map_err(db_err)?;
            return Err(match row {
                None => Error::NotFound { entity: "slot" },
                Some(row) if row.starts_at <= appointment.booked_at() => Error::Refused(Refusal::SlotInPast),
                Some(_) => Error::Refused(Refusal::SlotFull),
            });
        }
        let inserted = appointment::Entity::insert(appointment_row(appointment))
            .exec_without_returning(&txn)
            .await
            .map_err(db_err);
        match inserted {
            Ok(_) => {}
            Err(Error::Duplicate { what: "booked appointment" }) => {
                txn.rollback().await.map_err(db_err)?;
                return Err(Error::Refused(Refusal::AlreadyBooked));
            }
            Err(error) => return Err(error),
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn cancel(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        self.settle(&txn, appointment).await?;
        slot::Entity::update_many()
            .col_expr(slot::Column::Booked, Expr::col(slot::Column::Booked).sub(1))
            .filter(slot::Column::Id.eq(appointment.slot().as_uuid()))
            .filter(slot::Column::Booked.gt(0))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn mark(&self, appointment: &Appointment, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        self.settle(&txn, appointment).await?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: AppointmentId) -> Result<Option<Appointment>> {
        let row = appointment::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(Appointment::try_from).transpose()
    }

    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Appointment>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = appointment::Entity::find()
            .filter(appointment::Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .order_by_asc(appointment::Column::StartsAt)
            .order_by_asc(appointment::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Appointment::try_from).collect()
    }

    async fn of_person(&self, person: PersonId) -> Result<Vec<Appointment>> {
        let mut rows = appointment::Entity::find()
            .filter(appointment::Column::PersonId.eq(person.as_uuid()))
            .order_by_desc(appointment::Column::StartsAt)
            .order_by_desc(appointment::Column::Id)
            .limit(MAX_LISTED)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.reverse();
        rows.into_iter().map(Appointment::try_from).collect()
    }
}
