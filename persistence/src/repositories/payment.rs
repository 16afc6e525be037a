//! Tax-stamp payments on sea-orm. A stamp number's unique index turns a second recording — on any dossier, even
//! concurrent — into [`Refusal::StampAlreadyUsed`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::dossier::DossierId;
use hipe_domain::journal::AccessRecord;
use hipe_domain::payment::{Payment, PaymentId, PaymentParts, PaymentRepository, PaymentStatus, TaxStampNumber};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Refusal, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    TransactionTrait as _,
};

use super::actor_ref::{ActorColumns, actor, columns};
use crate::entities::payment::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`PaymentRepository`] over the `payment` table.
#[derive(Debug, Clone)]
pub struct SeaPaymentRepository {
    db: DatabaseConnection,
}

impl SeaPaymentRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for Payment {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: String| corrupt("payment", detail);
        Self::restore(PaymentParts {
            id: PaymentId::from_uuid(row.id),
            dossier: DossierId::from_uuid(row.dossier_id),
            person: PersonId::from_uuid(row.person_id),
            stamp: TaxStampNumber::parse(&row.stamp_number).map_err(|e| bad(e.to_string()))?,
            amount_cents: u32::try_from(row.amount_cents).map_err(|_| bad("negative amount".to_owned()))?,
            status: PaymentStatus::parse(&row.status).ok_or_else(|| bad(format!("unknown status {}", row.status)))?,
            recorded_at: row.recorded_at,
            recorded_by: actor(
                "payment",
                ActorColumns {
                    kind: row.recorded_by_kind,
                    id: row.recorded_by_id,
                    role: row.recorded_by_role,
                    organisation: row.recorded_by_organisation,
                },
            )?,
            consumed_at: row.consumed_at,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

fn row(payment: &Payment) -> Result<ActiveModel> {
    let by = columns(payment.recorded_by());
    Ok(ActiveModel {
        id: Set(payment.id().as_uuid()),
        dossier_id: Set(payment.dossier().as_uuid()),
        person_id: Set(payment.person().as_uuid()),
        stamp_number: Set(payment.stamp().as_str().to_owned()),
        amount_cents: Set(
            i32::try_from(payment.amount_cents()).map_err(|_| Error::invalid("amountCents", "out of range"))?
        ),
        status: Set(payment.status().code().to_owned()),
        recorded_at: Set(payment.recorded_at()),
        recorded_by_kind: Set(by.kind),
        recorded_by_id: Set(by.id),
        recorded_by_role: Set(by.role),
        recorded_by_organisation: Set(by.organisation),
        consumed_at: Set(payment.consumed_at()),
    })
}

#[async_trait]
impl PaymentRepository for SeaPaymentRepository {
    async fn record(&self, payment: &Payment, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        match Entity::insert(row(payment)?).exec_without_returning(&txn).await.map_err(db_err) {
            Ok(_) => {}
            Err(Error::Duplicate { what: "tax stamp" }) => {
                txn.rollback().await.map_err(db_err)?;
                return Err(Error::Refused(Refusal::StampAlreadyUsed));
            }
            Err(error) => return Err(error),
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<Payment>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = Entity::find()
            .filter(Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .order_by_asc(Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Payment::try_from).collect()
    }

    async fn consume_for_dossier(&self, dossier: DossierId, at: DateTime<Utc>) -> Result<u64> {
        let updated = Entity::update_many()
            .col_expr(Column::Status, Expr::value(PaymentStatus::Consumed.code()))
            .col_expr(Column::ConsumedAt, Expr::value(at))
            .filter(Column::DossierId.eq(dossier.as_uuid()))
            .filter(Column::Status.eq(PaymentStatus::Recorded.code()))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(updated.rows_affected)
    }
}
