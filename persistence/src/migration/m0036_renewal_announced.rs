//! When the holder of a permit was told its renewal window opened (once per document).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0036_renewal_announced"
    }
}

#[derive(DeriveIden)]
enum ResidenceDocument {
    Table,
    ValidUntil,
    RenewalAnnouncedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ResidenceDocument::Table)
                    .add_column(ColumnDef::new(ResidenceDocument::RenewalAnnouncedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_residence_document_valid_until")
                    .table(ResidenceDocument::Table)
                    .col(ResidenceDocument::ValidUntil)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop().name("ix_residence_document_valid_until").table(ResidenceDocument::Table).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ResidenceDocument::Table)
                    .drop_column(ResidenceDocument::RenewalAnnouncedAt)
                    .to_owned(),
            )
            .await
    }
}
