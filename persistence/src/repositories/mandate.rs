//! Mandates on sea-orm. Append-only: `revoke` sets `revoked_at` and nothing else; nothing is deleted.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::mandate::{Mandate, MandateId, MandateKind, MandateParts, MandateRepository, MandateScope};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    QueryOrder as _,
};

use crate::entities::mandate::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`MandateRepository`] over the `mandate` table.
#[derive(Debug, Clone)]
pub struct SeaMandateRepository {
    db: DatabaseConnection,
}

impl SeaMandateRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for Mandate {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: String| corrupt("mandate", detail);
        Self::restore(MandateParts {
            id: MandateId::from_uuid(row.id),
            principal: PersonId::from_uuid(row.principal_id),
            mandatary: PersonId::from_uuid(row.mandatary_id),
            kind: MandateKind::parse(&row.kind).ok_or_else(|| bad(format!("unknown kind {}", row.kind)))?,
            scope: MandateScope::parse(&row.scope).ok_or_else(|| bad(format!("unknown scope {}", row.scope)))?,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            revoked_at: row.revoked_at,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

impl From<&Mandate> for ActiveModel {
    fn from(mandate: &Mandate) -> Self {
        Self {
            id: Set(mandate.id().as_uuid()),
            principal_id: Set(mandate.principal().as_uuid()),
            mandatary_id: Set(mandate.mandatary().as_uuid()),
            kind: Set(mandate.kind().code().to_owned()),
            scope: Set(mandate.scope().code().to_owned()),
            valid_from: Set(mandate.valid_from()),
            valid_until: Set(mandate.valid_until()),
            revoked_at: Set(mandate.revoked_at()),
        }
    }
}

#[async_trait]
impl MandateRepository for SeaMandateRepository {
    async fn grant(&self, mandate: &Mandate) -> Result<()> {
        Entity::insert(ActiveModel::from(mandate)).exec_without_returning(&self.db).await.map_err(db_err)?;
        Ok(())
    }

    async fn revoke(&self, mandate: &Mandate) -> Result<()> {
        let updated = Entity::update_many()
            .col_expr(Column::RevokedAt, Expr::value(mandate.revoked_at()))
            .filter(Column::Id.eq(mandate.id().as_uuid()))
            .filter(Column::RevokedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        if updated.rows_affected == 0 {
            return Err(Error::NotFound { entity: "mandate" });
        }
        Ok(())
    }

    async fn find(&self, id: MandateId) -> Result<Option<Mandate>> {
        let row = Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(Mandate::try_from).transpose()
    }

    async fn active_held_by(&self, mandatary: PersonId, at: DateTime<Utc>) -> Result<Vec<Mandate>> {
        let rows = Entity::find()
            .filter(Column::MandataryId.eq(mandatary.as_uuid()))
            .filter(Column::ValidFrom.lte(at))
            .filter(Condition::any().add(Column::ValidUntil.is_null()).add(Column::ValidUntil.gt(at)))
            .filter(Condition::any().add(Column::RevokedAt.is_null()).add(Column::RevokedAt.gt(at)))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Mandate::try_from).collect()
    }

    async fn of_principal(&self, principal: PersonId) -> Result<Vec<Mandate>> {
        let rows = Entity::find()
            .filter(Column::PrincipalId.eq(principal.as_uuid()))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Mandate::try_from).collect()
    }
}
