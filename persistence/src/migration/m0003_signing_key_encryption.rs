//! HIPE's signing keys sealed at rest, and retired on rotation.
//!
//! Until now the private key (an Ed25519 seed) was stored in clear in `signing_key.private_key`. From here on the
//! private part is stored only encrypted by the API (`private_key_nonce`, `private_key_ciphertext`, both base64url,
//! NULL once the key no longer signs), and `not_after` says when a key stops being trusted (NULL while it has no
//! successor).
//!
//! Existing rows cannot be encrypted here: a migration never sees the key-encryption key, and must not. So their
//! clear seed is overwritten, then the column is dropped: the rows remain as verify-only keys (their public half
//! keeps verifying the tokens they signed), and the next key HIPE makes becomes their successor and retires them
//! after the usual grace period. Those keys were development keys; losing their private half costs nothing.
//! (Dropping a column does not scrub database pages at once: PostgreSQL reclaims them on `VACUUM`, SQLite when the
//! pages are reused; the value is overwritten first so no live row carries it.)
//!
//! `down` forgets every key: a sealed key cannot be opened here, and a clear copy must never be written back. The
//! previous code then makes a fresh development key, as on a new database.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0003_signing_key_encryption"
    }
}

#[derive(DeriveIden)]
enum SigningKey {
    Table,
    PrivateKey,
    PrivateKeyNonce,
    PrivateKeyCiphertext,
    NotAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One change per statement: SQLite alters a table one column at a time.
        for column in [
            ColumnDef::new(SigningKey::PrivateKeyNonce).text().null().to_owned(),
            ColumnDef::new(SigningKey::PrivateKeyCiphertext).text().null().to_owned(),
            ColumnDef::new(SigningKey::NotAfter).timestamp_with_time_zone().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(SigningKey::Table).add_column(column).to_owned()).await?;
        }
        manager
            .exec_stmt(Query::update().table(SigningKey::Table).value(SigningKey::PrivateKey, "").to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(SigningKey::Table).drop_column(SigningKey::PrivateKey).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.exec_stmt(Query::delete().from_table(SigningKey::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SigningKey::Table)
                    .add_column(ColumnDef::new(SigningKey::PrivateKey).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        for column in [SigningKey::NotAfter, SigningKey::PrivateKeyCiphertext, SigningKey::PrivateKeyNonce] {
            manager.alter_table(Table::alter().table(SigningKey::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
