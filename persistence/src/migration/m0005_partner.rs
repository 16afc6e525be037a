//! Partner clients (OAuth 2 client credentials): id, name, granted scopes, the argon2id hash of the secret —
//! never the secret — and when the client was created and disabled.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0005_partner"
    }
}

#[derive(DeriveIden)]
enum Partner {
    Table,
    ClientId,
    Name,
    Scopes,
    SecretHash,
    CreatedAt,
    DisabledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Partner::Table)
                    .col(ColumnDef::new(Partner::ClientId).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Partner::Name).text().not_null())
                    .col(ColumnDef::new(Partner::Scopes).text().not_null())
                    .col(ColumnDef::new(Partner::SecretHash).text().not_null())
                    .col(ColumnDef::new(Partner::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Partner::DisabledAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Partner::Table).to_owned()).await
    }
}
