//! HIPE's own signing keys. Not a domain port: tokens are the API's concern, and the domain never sees one.

use chrono::{DateTime, Utc};
use hipe_domain::Result;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait as _, QueryOrder as _};

use crate::entities::signing_key::{ActiveModel, Column, Entity, Model};
use crate::error::db_err;

/// A stored key, as the API's token module reads and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRow {
    /// Key id, put in the `kid` header of every token it signs.
    pub kid: String,
    /// The one JOSE algorithm the key may be used with (`EdDSA`).
    pub algorithm: String,
    /// The public key, base64url.
    pub public_key: String,
    /// The private key, base64url.
    pub private_key: String,
    /// When the key was made.
    pub created_at: DateTime<Utc>,
}

/// Reads and adds signing keys.
#[derive(Debug, Clone)]
pub struct SigningKeyStore {
    db: DatabaseConnection,
}

impl SigningKeyStore {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Every key, newest first.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails.
    pub async fn all(&self) -> Result<Vec<SigningKeyRow>> {
        let rows = Entity::find().order_by_desc(Column::CreatedAt).all(&self.db).await.map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|row: Model| SigningKeyRow {
                kid: row.kid,
                algorithm: row.algorithm,
                public_key: row.public_key,
                private_key: row.private_key,
                created_at: row.created_at,
            })
            .collect())
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when storage fails.
    pub async fn add(&self, key: &SigningKeyRow) -> Result<()> {
        let row = ActiveModel {
            kid: Set(key.kid.clone()),
            algorithm: Set(key.algorithm.clone()),
            public_key: Set(key.public_key.clone()),
            private_key: Set(key.private_key.clone()),
            created_at: Set(key.created_at),
        };
        Entity::insert(row).exec_without_returning(&self.db).await.map_err(db_err)?;
        Ok(())
    }
}
