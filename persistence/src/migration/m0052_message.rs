//! Message threads per dossier. Messages are never edited or deleted; only `read_at` is set, by the other side.
//! The author is kept like a timeline's actor (kind, id, role, organisation); the API never shows an agent's id.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0052_message"
    }
}

#[derive(DeriveIden)]
enum Message {
    Table,
    Id,
    DossierId,
    PersonId,
    AuthorKind,
    AuthorId,
    AuthorRole,
    AuthorOrganisation,
    Body,
    SentAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Message::Table)
                    .col(ColumnDef::new(Message::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Message::DossierId).uuid().not_null())
                    .col(ColumnDef::new(Message::PersonId).uuid().not_null())
                    .col(ColumnDef::new(Message::AuthorKind).string_len(16).not_null())
                    .col(ColumnDef::new(Message::AuthorId).string_len(200).null())
                    .col(ColumnDef::new(Message::AuthorRole).string_len(64).null())
                    .col(ColumnDef::new(Message::AuthorOrganisation).string_len(200).null())
                    .col(ColumnDef::new(Message::Body).text().not_null())
                    .col(ColumnDef::new(Message::SentAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Message::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_message_dossier")
                            .from(Message::Table, Message::DossierId)
                            .to(Dossier::Table, Dossier::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_message_dossier")
                    .table(Message::Table)
                    .col(Message::DossierId)
                    .col(Message::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Message::Table).to_owned()).await
    }
}
