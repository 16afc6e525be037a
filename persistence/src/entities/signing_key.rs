//! `signing_key`: HIPE's own token-signing keys (Ed25519).

use sea_orm::entity::prelude::*;

/// A key row: `public_key` is the raw key in base64url, `private_key` the 32-byte seed in base64url.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    pub algorithm: String,
    pub public_key: String,
    pub private_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
