//! HIPE's own signing keys. Not a domain port: tokens are the API's concern, and the domain never sees one.
//!
//! This store never sees a private key in clear: the API seals it before handing the row over and opens it after
//! reading it back. A rotation is one transaction: the successor is added, its predecessors get their end of trust
//! and lose their sealed private part (they will never sign again), and keys whose trust has ended are deleted.

use chrono::{DateTime, Utc};
use hipe_domain::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, TransactionTrait as _,
};

use crate::entities::signing_key::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// A private key as stored: encrypted by the API, both parts base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedPrivateKey {
    /// The nonce the key was encrypted with (unique per key).
    pub nonce: String,
    /// The encrypted key, with its authentication tag.
    pub ciphertext: String,
}

/// A stored key, as the API's token module reads and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRow {
    /// Key id, put in the `kid` header of every token it signs.
    pub kid: String,
    /// The one JOSE algorithm the key may be used with (`EdDSA`).
    pub algorithm: String,
    /// The public key, base64url.
    pub public_key: String,
    /// The private key, sealed; `None` once the key no longer signs.
    pub sealed_private_key: Option<SealedPrivateKey>,
    /// When the key was made.
    pub created_at: DateTime<Utc>,
    /// When the key stops being trusted; `None` while it has no successor.
    pub not_after: Option<DateTime<Utc>>,
}

impl TryFrom<Model> for SigningKeyRow {
    type Error = hipe_domain::Error;

    fn try_from(row: Model) -> Result<Self> {
        let sealed_private_key = match (row.private_key_nonce, row.private_key_ciphertext) {
            (Some(nonce), Some(ciphertext)) => Some(SealedPrivateKey { nonce, ciphertext }),
            (None, None) => None,
            _ => return Err(corrupt("signing_key", format!("key {} has half a sealed private key", row.kid))),
        };
        Ok(Self {
            kid: row.kid,
            algorithm: row.algorithm,
            public_key: row.public_key,
            sealed_private_key,
            created_at: row.created_at,
            not_after: row.not_after,
        })
    }
}

impl From<&SigningKeyRow> for ActiveModel {
    fn from(key: &SigningKeyRow) -> Self {
        let sealed = key.sealed_private_key.as_ref();
        Self {
            kid: Set(key.kid.clone()),
            algorithm: Set(key.algorithm.clone()),
            public_key: Set(key.public_key.clone()),
            private_key_nonce: Set(sealed.map(|s| s.nonce.clone())),
            private_key_ciphertext: Set(sealed.map(|s| s.ciphertext.clone())),
            created_at: Set(key.created_at),
            not_after: Set(key.not_after),
        }
    }
}

/// Reads and rotates signing keys.
#[derive(Debug, Clone)]
pub struct SigningKeyStore {
    db: DatabaseConnection,
}

impl SigningKeyStore {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Every stored key, newest first.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails or a row is corrupt.
    pub async fn all(&self) -> Result<Vec<SigningKeyRow>> {
        let rows = Entity::find()
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Kid)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(SigningKeyRow::try_from).collect()
    }

    /// The keys still trusted at `now`, newest first.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails or a row is corrupt.
    pub async fn trusted_at(&self, now: DateTime<Utc>) -> Result<Vec<SigningKeyRow>> {
        let rows = Entity::find()
            .filter(Condition::any().add(Column::NotAfter.is_null()).add(Column::NotAfter.gt(now)))
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Kid)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(SigningKeyRow::try_from).collect()
    }

    /// The newest key that can still sign (it has a sealed private part), if any.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails or the row is corrupt.
    pub async fn signing(&self) -> Result<Option<SigningKeyRow>> {
        let row = Entity::find()
            .filter(Column::PrivateKeyCiphertext.is_not_null())
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Kid)
            .one(&self.db)
            .await
            .map_err(db_err)?;
        row.map(SigningKeyRow::try_from).transpose()
    }

    /// Adds `successor` as the signing key, in one transaction: keys without an end of trust get
    /// `predecessors_not_after`, every previous key loses its sealed private part, and keys whose trust ended by
    /// the successor's creation are deleted.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails or the key id is taken; nothing is changed then.
    pub async fn rotate(&self, successor: &SigningKeyRow, predecessors_not_after: DateTime<Utc>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        Entity::delete_many()
            .filter(Column::NotAfter.is_not_null())
            .filter(Column::NotAfter.lte(successor.created_at))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        Entity::update_many()
            .col_expr(Column::NotAfter, Expr::value(predecessors_not_after))
            .filter(Column::NotAfter.is_null())
            .exec(&txn)
            .await
            .map_err(db_err)?;
        Entity::update_many()
            .col_expr(Column::PrivateKeyNonce, Expr::value(Option::<String>::None))
            .col_expr(Column::PrivateKeyCiphertext, Expr::value(Option::<String>::None))
            .filter(Column::PrivateKeyCiphertext.is_not_null())
            .exec(&txn)
            .await
            .map_err(db_err)?;
        Entity::insert(ActiveModel::from(successor)).exec_without_returning(&txn).await.map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }
}
