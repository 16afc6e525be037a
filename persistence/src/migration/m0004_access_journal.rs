//! The access journal (append-only), indexed for its two readers: the person (by subject, newest first) and
//! auditors (by agent, organisation or time).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0004_access_journal"
    }
}

#[derive(DeriveIden)]
enum AccessJournal {
    Table,
    Id,
    OccurredAt,
    ActorId,
    ActorRole,
    ActorOrganisation,
    Action,
    SubjectPersonId,
    Operation,
    RequestId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessJournal::Table)
                    .col(ColumnDef::new(AccessJournal::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AccessJournal::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AccessJournal::ActorId).text().not_null())
                    .col(ColumnDef::new(AccessJournal::ActorRole).string_len(32).not_null())
                    .col(ColumnDef::new(AccessJournal::ActorOrganisation).text().not_null())
                    .col(ColumnDef::new(AccessJournal::Action).string_len(8).not_null())
                    .col(ColumnDef::new(AccessJournal::SubjectPersonId).uuid().not_null())
                    .col(ColumnDef::new(AccessJournal::Operation).text().not_null())
                    .col(ColumnDef::new(AccessJournal::RequestId).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_access_journal_subject", AccessJournal::SubjectPersonId),
            ("ix_access_journal_actor", AccessJournal::ActorId),
            ("ix_access_journal_organisation", AccessJournal::ActorOrganisation),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AccessJournal::Table)
                        .col(column)
                        .col(AccessJournal::Id)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AccessJournal::Table).to_owned()).await
    }
}
