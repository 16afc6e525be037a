//! Message threads on sea-orm: append, list, and set the read time — never edit or delete.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::dossier::DossierId;
use hipe_domain::journal::AccessRecord;
use hipe_domain::message::{Message, MessageBody, MessageId, MessageParts, MessageRepository, Side};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    TransactionTrait as _,
};

use super::actor_ref::{ActorColumns, actor, columns};
use crate::entities::message::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`MessageRepository`] over the `message` table.
#[derive(Debug, Clone)]
pub struct SeaMessageRepository {
    db: DatabaseConnection,
}

impl SeaMessageRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for Message {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        // A parse error names the field only, never the text.
        let bad = |detail: String| corrupt("message", detail);
        Self::restore(MessageParts {
            id: MessageId::from_uuid(row.id),
            dossier: DossierId::from_uuid(row.dossier_id),
            person: PersonId::from_uuid(row.person_id),
            author: actor(
                "message",
                ActorColumns {
                    kind: row.author_kind,
                    id: row.author_id,
                    role: row.author_role,
                    organisation: row.author_organisation,
                },
            )?,
            body: MessageBody::parse(&row.body).map_err(|e| bad(e.to_string()))?,
            sent_at: row.sent_at,
            read_at: row.read_at,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

impl From<&Message> for ActiveModel {
    fn from(message: &Message) -> Self {
        let author = columns(message.author());
        Self {
            id: Set(message.id().as_uuid()),
            dossier_id: Set(message.dossier().as_uuid()),
            person_id: Set(message.person().as_uuid()),
            author_kind: Set(author.kind),
            author_id: Set(author.id),
            author_role: Set(author.role),
            author_organisation: Set(author.organisation),
            body: Set(message.body().as_str().to_owned()),
            sent_at: Set(message.sent_at()),
            read_at: Set(message.read_at()),
        }
    }
}

/// The author kinds written from `side`.
const fn kinds(side: Side) -> &'static [&'static str] {
    match side {
        Side::Applicant => &["PERSON", "MANDATARY"],
        Side::Administration => &["AGENT"],
    }
}

#[async_trait]
impl MessageRepository for SeaMessageRepository {
    async fn send(&self, message: &Message, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        Entity::insert(ActiveModel::from(message)).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Message>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = Entity::find()
            .filter(Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Message::try_from).collect()
    }

    async fn mark_read(&self, dossier: DossierId, written_by: Side, at: DateTime<Utc>) -> Result<u64> {
        let updated = Entity::update_many()
            .col_expr(Column::ReadAt, Expr::value(at))
            .filter(Column::DossierId.eq(dossier.as_uuid()))
            .filter(Column::ReadAt.is_null())
            .filter(Column::AuthorKind.is_in(kinds(written_by).iter().copied()))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(updated.rows_affected)
    }
}
