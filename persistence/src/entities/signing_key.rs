//! `signing_key`: HIPE's own token-signing keys (Ed25519).

use sea_orm::entity::prelude::*;

/// A key row: `public_key` is the raw public key in base64url; the private key is stored only sealed by the API
/// (`private_key_nonce` and `private_key_ciphertext`, base64url; both NULL once the key no longer signs);
/// `not_after` is when the key stops being trusted (NULL while it has no successor).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    pub algorithm: String,
    pub public_key: String,
    pub private_key_nonce: Option<String>,
    pub private_key_ciphertext: Option<String>,
    pub created_at: DateTimeUtc,
    pub not_after: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
