//! Residence documents on sea-orm.

use async_trait::async_trait;
use hipe_domain::permit::{
    DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, ResidenceDocument, ResidenceDocumentId,
    ResidenceDocumentRepository, Rights, Work,
};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
};

use crate::entities::residence_document::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`ResidenceDocumentRepository`] over the `residence_document` table.
#[derive(Debug, Clone)]
pub struct SeaResidenceDocumentRepository {
    db: DatabaseConnection,
}

impl SeaResidenceDocumentRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// The `work` and `work_hours_per_year` columns of a work right.
fn work_columns(work: Work) -> (&'static str, Option<i32>) {
    match work {
        Work::None => ("NONE", None),
        Work::Full => ("FULL", None),
        Work::Limited { hours_per_year } => ("LIMITED", Some(i32::from(hours_per_year))),
    }
}

impl TryFrom<Model> for ResidenceDocument {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("residence_document", detail.to_string());
        let work = match (row.work.as_str(), row.work_hours_per_year) {
            ("NONE", None) => Work::None,
            ("FULL", None) => Work::Full,
            ("LIMITED", Some(hours)) => {
                Work::Limited { hours_per_year: u16::try_from(hours).map_err(|_| bad(&"work hours out of range"))? }
            }
            (code, _) => return Err(bad(&format!("work {code} with hours {:?}", row.work_hours_per_year))),
        };
        ResidenceDocument::restore(DocumentParts {
            id: ResidenceDocumentId::from_uuid(row.id),
            number: DocumentNumber::parse(&row.number).map_err(|e| bad(&e))?,
            holder: PersonId::from_uuid(row.person_id),
            kind: DocumentKind::parse(&row.kind).ok_or_else(|| bad(&format!("unknown kind {}", row.kind)))?,
            motive: row.motive.as_deref().map(Motive::parse).transpose().map_err(|e| bad(&e))?,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            rights: Rights { stay: row.stay, work },
            status: DocumentStatus::parse(&row.status).ok_or_else(|| bad(&format!("unknown status {}", row.status)))?,
            created_at: row.created_at,
        })
        .map_err(|e| bad(&e))
    }
}

impl From<&ResidenceDocument> for ActiveModel {
    fn from(document: &ResidenceDocument) -> Self {
        let (work, hours) = work_columns(document.rights().work);
        Self {
            id: Set(document.id().as_uuid()),
            number: Set(document.number().as_str().to_owned()),
            person_id: Set(document.holder().as_uuid()),
            kind: Set(document.kind().code().to_owned()),
            motive: Set(document.motive().map(|m| m.as_str().to_owned())),
            valid_from: Set(document.valid_from()),
            valid_until: Set(document.valid_until()),
            stay: Set(document.rights().stay),
            work: Set(work.to_owned()),
            work_hours_per_year: Set(hours),
            status: Set(document.status().code().to_owned()),
            created_at: Set(document.created_at()),
            renewal_announced_at: sea_orm::ActiveValue::NotSet,
        }
    }
}

/// Records `document` on `connection` (a transaction, when a dossier's write issues it).
pub(crate) async fn insert_on(connection: &impl sea_orm::ConnectionTrait, document: &ResidenceDocument) -> Result<()> {
    Entity::insert(ActiveModel::from(document)).exec_without_returning(connection).await.map_err(db_err)?;
    Ok(())
}

#[async_trait]
impl ResidenceDocumentRepository for SeaResidenceDocumentRepository {
    async fn insert(&self, document: &ResidenceDocument) -> Result<()> {
        insert_on(&self.db, document).await
    }

    async fn find_by_number(&self, number: &DocumentNumber) -> Result<Option<ResidenceDocument>> {
        let row = Entity::find().filter(Column::Number.eq(number.as_str())).one(&self.db).await.map_err(db_err)?;
        row.map(ResidenceDocument::try_from).transpose()
    }

    async fn list_for_person(&self, holder: PersonId) -> Result<Vec<ResidenceDocument>> {
        let rows = Entity::find()
            .filter(Column::PersonId.eq(holder.as_uuid()))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ResidenceDocument::try_from).collect()
    }

    async fn list_for_persons(&self, holders: &[PersonId]) -> Result<Vec<ResidenceDocument>> {
        if holders.is_empty() {
            return Ok(Vec::new());
        }
        let rows = Entity::find()
            .filter(Column::PersonId.is_in(holders.iter().map(PersonId::as_uuid)))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ResidenceDocument::try_from).collect()
    }

    async fn renewal_windows_to_announce(
        &self,
        ending_from: chrono::NaiveDate,
        ending_until: chrono::NaiveDate,
        limit: u64,
    ) -> Result<Vec<ResidenceDocument>> {
        use sea_orm::QuerySelect as _;
        let kinds = DocumentKind::ALL.into_iter().filter(|k| k.is_renewable()).map(DocumentKind::code);
        let rows = Entity::find()
            .filter(Column::ValidUntil.gte(ending_from))
            .filter(Column::ValidUntil.lte(ending_until))
            .filter(Column::Kind.is_in(kinds))
            .filter(Column::Status.eq(hipe_domain::permit::DocumentStatus::Valid.code()))
            .filter(Column::RenewalAnnouncedAt.is_null())
            .order_by_asc(Column::ValidUntil)
            .limit(limit)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ResidenceDocument::try_from).collect()
    }

    async fn announce_renewal_windows(
        &self,
        announced: &[(hipe_domain::permit::ResidenceDocumentId, hipe_domain::notification::Notification)],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        use sea_orm::TransactionTrait as _;
        use sea_orm::sea_query::Expr;
        if announced.is_empty() {
            return Ok(());
        }
        let txn = self.db.begin().await.map_err(db_err)?;
        let ids: Vec<uuid::Uuid> = announced.iter().map(|(id, _)| id.as_uuid()).collect();
        Entity::update_many()
            .col_expr(Column::RenewalAnnouncedAt, Expr::value(at))
            .filter(Column::Id.is_in(ids))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        let rows: Vec<_> = announced.iter().map(|(_, n)| super::notification::row(n)).collect();
        crate::entities::notification::Entity::insert_many(rows).exec_without_returning(&txn).await.map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }
}
