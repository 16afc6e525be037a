//! The store of idempotent requests. Not a domain port: replaying an answer is an HTTP concern (the
//! `Idempotency-Key` header), kept beside the API's other technical stores.

use chrono::{DateTime, Utc};
use hipe_domain::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, SqlErr};

use crate::entities::idempotent_request::{ActiveModel, Column, Entity};
use crate::error::db_err;

/// What a new request with an idempotency key finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The key is new: run the request, then [`IdempotencyStore::complete`] it.
    Run,
    /// The same request was answered: replay its status and body.
    Replay {
        /// HTTP status.
        status: u16,
        /// Body.
        body: String,
    },
    /// The same request is still running.
    InProgress,
    /// The key was used with another request.
    Mismatch,
}

/// Remembered requests over the `idempotent_request` table.
#[derive(Debug, Clone)]
pub struct IdempotencyStore {
    db: DatabaseConnection,
}

impl IdempotencyStore {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Reserves `key` for `account`'s request with `fingerprint`, or says what an earlier use left. A request
    /// left running longer than `abandoned_after` (its process died) is taken over.
    ///
    /// # Errors
    /// [`Error::Storage`] when storage fails.
    pub async fn reserve(
        &self,
        account: &str,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
        abandoned_after: chrono::Duration,
    ) -> Result<Reservation> {
        let row = ActiveModel {
            account: Set(account.to_owned()),
            key: Set(key.to_owned()),
            fingerprint: Set(fingerprint.to_owned()),
            status: Set(None),
            body: Set(None),
            created_at: Set(now),
        };
        match Entity::insert(row).exec_without_returning(&self.db).await {
            Ok(_) => return Ok(Reservation::Run),
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {}
            Err(error) => return Err(db_err(error)),
        }
        let found = Entity::find_by_id((account.to_owned(), key.to_owned())).one(&self.db).await.map_err(db_err)?;
        let Some(found) = found else { return Ok(Reservation::InProgress) };
        if found.fingerprint != fingerprint {
            return Ok(Reservation::Mismatch);
        }
        match (found.status, found.body) {
            (Some(status), Some(body)) => Ok(Reservation::Replay {
                status: u16::try_from(status).map_err(|_| Error::Storage("a stored status out of range".into()))?,
                body,
            }),
            _ if now - found.created_at > abandoned_after => {
                // Take it over in one conditional statement: of two retries, one wins.
                let taken = Entity::update_many()
                    .col_expr(Column::CreatedAt, Expr::value(now))
                    .filter(Column::Account.eq(account))
                    .filter(Column::Key.eq(key))
                    .filter(Column::Status.is_null())
                    .filter(Column::CreatedAt.eq(found.created_at))
                    .exec(&self.db)
                    .await
                    .map_err(db_err)?;
                Ok(if taken.rows_affected == 1 { Reservation::Run } else { Reservation::InProgress })
            }
            _ => Ok(Reservation::InProgress),
        }
    }

    /// Records the answer given to a reserved request.
    ///
    /// # Errors
    /// [`Error::Storage`] when storage fails.
    pub async fn complete(&self, account: &str, key: &str, status: u16, body: &str) -> Result<()> {
        Entity::update_many()
            .col_expr(Column::Status, Expr::value(i32::from(status)))
            .col_expr(Column::Body, Expr::value(body.to_owned()))
            .filter(Column::Account.eq(account))
            .filter(Column::Key.eq(key))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Forgets requests older than `before` (a retry comes within minutes; a day is generous).
    ///
    /// # Errors
    /// [`Error::Storage`] when storage fails.
    pub async fn forget_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let deleted =
            Entity::delete_many().filter(Column::CreatedAt.lt(before)).exec(&self.db).await.map_err(db_err)?;
        Ok(deleted.rows_affected)
    }
}
