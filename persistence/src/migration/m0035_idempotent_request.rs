//! Idempotent mutations: the first answer to each (account, Idempotency-Key), so that a retry after a lost answer
//! gets that answer instead of running again.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0035_idempotent_request"
    }
}

#[derive(DeriveIden)]
enum IdempotentRequest {
    Table,
    Account,
    Key,
    Fingerprint,
    Status,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotentRequest::Table)
                    .col(ColumnDef::new(IdempotentRequest::Account).string_len(200).not_null())
                    .col(ColumnDef::new(IdempotentRequest::Key).string_len(64).not_null())
                    .col(ColumnDef::new(IdempotentRequest::Fingerprint).string_len(64).not_null())
                    .col(ColumnDef::new(IdempotentRequest::Status).integer().null())
                    .col(ColumnDef::new(IdempotentRequest::Body).text().null())
                    .col(ColumnDef::new(IdempotentRequest::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(IdempotentRequest::Account).col(IdempotentRequest::Key))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IdempotentRequest::Table).to_owned()).await
    }
}
