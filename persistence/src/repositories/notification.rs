//! Notifications on sea-orm. They are written by the dossier repository, in the transaction of the change they
//! announce; this module lists them and marks them read.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::Result;
use hipe_domain::dossier::DossierId;
use hipe_domain::notification::{Notification, NotificationId, NotificationRepository};
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};

use super::dossier::{pairs_from_json, pairs_to_json};
use crate::entities::notification::{ActiveModel, Column, Entity, Model};
use crate::error::db_err;

/// [`NotificationRepository`] over the `notification` table.
#[derive(Debug, Clone)]
pub struct SeaNotificationRepository {
    db: DatabaseConnection,
}

impl SeaNotificationRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// The row of a notification.
pub(crate) fn row(notification: &Notification) -> ActiveModel {
    ActiveModel {
        id: Set(notification.id.as_uuid()),
        person_id: Set(notification.person.as_uuid()),
        dossier_id: Set(notification.dossier.map(|d| d.as_uuid())),
        key: Set(notification.key.clone()),
        params: Set(pairs_to_json(&notification.params)),
        created_at: Set(notification.created_at),
        read_at: Set(notification.read_at),
    }
}

fn from_row(row: Model) -> Result<Notification> {
    Ok(Notification {
        id: NotificationId::from_uuid(row.id),
        person: PersonId::from_uuid(row.person_id),
        dossier: row.dossier_id.map(DossierId::from_uuid),
        key: row.key,
        params: pairs_from_json("notification", &row.params)?,
        created_at: row.created_at,
        read_at: row.read_at,
    })
}

#[async_trait]
impl NotificationRepository for SeaNotificationRepository {
    async fn list_for_person(
        &self,
        person: PersonId,
        unread_only: bool,
        page: &PageRequest<NotificationId>,
    ) -> Result<Page<Notification>> {
        let mut query = Entity::find().filter(Column::PersonId.eq(person.as_uuid()));
        if unread_only {
            query = query.filter(Column::ReadAt.is_null());
        }
        // Newest first: forward pages go down the ids.
        let cursor = page.cursor().map(NotificationId::as_uuid);
        let forward = page.direction() == Direction::Forward;
        query = match (forward, cursor) {
            (true, Some(after)) => query.filter(Column::Id.lt(after)),
            (false, Some(before)) => query.filter(Column::Id.gt(before)),
            (_, None) => query,
        };
        query = if forward { query.order_by_desc(Column::Id) } else { query.order_by_asc(Column::Id) };
        let rows = query.limit(u64::from(page.size()) + 1).all(&self.db).await.map_err(db_err)?;
        super::keyset::split(rows, page).try_map(from_row)
    }

    async fn mark_read(&self, person: PersonId, up_to: NotificationId, at: DateTime<Utc>) -> Result<u64> {
        let result = Entity::update_many()
            .col_expr(Column::ReadAt, Expr::value(at))
            .filter(Column::PersonId.eq(person.as_uuid()))
            .filter(Column::Id.lte(up_to.as_uuid()))
            .filter(Column::ReadAt.is_null())
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(result.rows_affected)
    }
}
