//! The procedure catalogue on sea-orm.

use async_trait::async_trait;
use chrono::NaiveDate;
use hipe_domain::procedure::{
    Authority, Fees, Label, OpinionKind, Procedure, ProcedureCatalogue, ProcedureCode, ProcedureKey,
};
use hipe_domain::{Error, Result};
use sea_orm::{ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use super::{from_column, to_column};
use crate::entities::procedure::{Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`ProcedureCatalogue`] over the `procedure` table.
#[derive(Debug, Clone)]
pub struct SeaProcedureCatalogue {
    db: DatabaseConnection,
}

impl SeaProcedureCatalogue {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn in_force_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(Column::EffectiveFrom.lte(day))
        .add(Condition::any().add(Column::EffectiveUntil.is_null()).add(Column::EffectiveUntil.gt(day)))
}

impl TryFrom<Model> for Procedure {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let cents = |value: i32| u32::try_from(value).map_err(|_| corrupt("procedure", "negative amount"));
        Ok(Self {
            key: ProcedureKey {
                code: ProcedureCode::parse(&row.code).map_err(|e| corrupt("procedure", e))?,
                version: from_column("procedure", row.version)?,
            },
            effective_from: row.effective_from,
            effective_until: row.effective_until,
            label: Label { fr: row.label_fr, en: row.label_en },
            legal_basis: row.legal_basis,
            authority: Authority::parse(&row.authority)
                .ok_or_else(|| corrupt("procedure", format!("unknown authority {}", row.authority)))?,
            silence_months: row
                .silence_months
                .map(|m| u8::try_from(m).map_err(|_| corrupt("procedure", "silence months out of range")))
                .transpose()?,
            fees: Fees { tax_cents: cents(row.tax_cents)?, stamp_cents: cents(row.stamp_cents)? },
            opinions_needed: row
                .opinions_needed
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| {
                    OpinionKind::parse(code).ok_or_else(|| corrupt("procedure", format!("unknown opinion {code}")))
                })
                .collect::<Result<_>>()?,
        })
    }
}

#[async_trait]
impl ProcedureCatalogue for SeaProcedureCatalogue {
    async fn in_force(&self, day: NaiveDate) -> Result<Vec<Procedure>> {
        let rows =
            Entity::find().filter(in_force_on(day)).order_by_asc(Column::Code).all(&self.db).await.map_err(db_err)?;
        rows.into_iter().map(Procedure::try_from).collect()
    }

    async fn find_in_force(&self, code: &ProcedureCode, day: NaiveDate) -> Result<Option<Procedure>> {
        let row = Entity::find()
            .filter(Column::Code.eq(code.as_str()))
            .filter(in_force_on(day))
            .one(&self.db)
            .await
            .map_err(db_err)?;
        row.map(Procedure::try_from).transpose()
    }

    async fn find_many(&self, keys: &[ProcedureKey]) -> Result<Vec<Procedure>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut any = Condition::any();
        for key in keys {
            any = any.add(
                Condition::all()
                    .add(Column::Code.eq(key.code.as_str()))
                    .add(Column::Version.eq(to_column(key.version)?)),
            );
        }
        let rows = Entity::find().filter(any).all(&self.db).await.map_err(db_err)?;
        rows.into_iter().map(Procedure::try_from).collect()
    }
}
