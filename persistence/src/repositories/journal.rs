//! The access journal on sea-orm: append and search, never update or delete.

use async_trait::async_trait;
use hipe_domain::journal::{
    AccessId, AccessJournal, AccessKind, AccessRecord, Accessor, AccessorRole, JournalFilter, RequestTrace,
};
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _,
};

use crate::entities::access_journal::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`AccessJournal`] over the `access_journal` table.
#[derive(Debug, Clone)]
pub struct SeaAccessJournal {
    db: DatabaseConnection,
}

impl SeaAccessJournal {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn row(record: &AccessRecord) -> ActiveModel {
    ActiveModel {
        id: Set(record.id.as_uuid()),
        occurred_at: Set(record.at),
        actor_id: Set(record.accessor.id.clone()),
        actor_role: Set(record.accessor.role.code().to_owned()),
        actor_organisation: Set(record.accessor.organisation.clone()),
        action: Set(record.kind.code().to_owned()),
        subject_person_id: Set(record.subject.as_uuid()),
        operation: Set(record.trace.operation.clone()),
        request_id: Set(record.trace.request_id.clone()),
    }
}

impl TryFrom<Model> for AccessRecord {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        Ok(Self {
            id: AccessId::from_uuid(row.id),
            at: row.occurred_at,
            accessor: Accessor {
                id: row.actor_id,
                role: AccessorRole::parse(&row.actor_role)
                    .ok_or_else(|| corrupt("access_journal", format!("unknown role {}", row.actor_role)))?,
                organisation: row.actor_organisation,
            },
            kind: AccessKind::parse(&row.action)
                .ok_or_else(|| corrupt("access_journal", format!("unknown action {}", row.action)))?,
            subject: PersonId::from_uuid(row.subject_person_id),
            trace: RequestTrace { operation: row.operation, request_id: row.request_id },
        })
    }
}

/// Appends entries on `connection` — a transaction when they accompany a write.
pub(crate) async fn append_on(connection: &impl ConnectionTrait, records: &[AccessRecord]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    Entity::insert_many(records.iter().map(row)).exec_without_returning(connection).await.map_err(db_err)?;
    Ok(())
}

#[async_trait]
impl AccessJournal for SeaAccessJournal {
    async fn append(&self, records: &[AccessRecord]) -> Result<()> {
        append_on(&self.db, records).await
    }

    async fn search(&self, filter: &JournalFilter, page: &PageRequest<AccessId>) -> Result<Page<AccessRecord>> {
        let mut query = Entity::find();
        if let Some(subject) = filter.subject {
            query = query.filter(Column::SubjectPersonId.eq(subject.as_uuid()));
        }
        if let Some(actor) = &filter.accessor_id {
            query = query.filter(Column::ActorId.eq(actor.as_str()));
        }
        if let Some(organisation) = &filter.organisation {
            query = query.filter(Column::ActorOrganisation.eq(organisation.as_str()));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(Column::Action.eq(kind.code()));
        }
        if let Some(from) = filter.from {
            query = query.filter(Column::OccurredAt.gte(from));
        }
        if let Some(until) = filter.until {
            query = query.filter(Column::OccurredAt.lt(until));
        }
        // Newest first: "forward" walks towards older entries.
        let cursor = page.cursor().map(AccessId::as_uuid);
        query = match (page.direction(), cursor) {
            (Direction::Forward, Some(after)) => query.filter(Column::Id.lt(after)),
            (Direction::Backward, Some(before)) => query.filter(Column::Id.gt(before)),
            (_, None) => query,
        };
        query = match page.direction() {
            Direction::Forward => query.order_by_desc(Column::Id),
            Direction::Backward => query.order_by_asc(Column::Id),
        };
        let rows = query.limit(u64::from(page.size()) + 1).all(&self.db).await.map_err(db_err)?;
        super::keyset::split(rows, page).try_map(AccessRecord::try_from)
    }
}
