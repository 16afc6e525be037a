//! Residence documents — permits and provisional documents — with their explicit rights. Found by the number
//! printed on them (unique) and listed by holder.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0006_residence_document"
    }
}

#[derive(DeriveIden)]
enum ResidenceDocument {
    Table,
    Id,
    Number,
    PersonId,
    Kind,
    Motive,
    ValidFrom,
    ValidUntil,
    Stay,
    Work,
    WorkHoursPerYear,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ResidenceDocument::Table)
                    .col(ColumnDef::new(ResidenceDocument::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ResidenceDocument::Number).string_len(20).not_null())
                    .col(ColumnDef::new(ResidenceDocument::PersonId).uuid().not_null())
                    .col(ColumnDef::new(ResidenceDocument::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(ResidenceDocument::Motive).string_len(64).null())
                    .col(ColumnDef::new(ResidenceDocument::ValidFrom).date().not_null())
                    .col(ColumnDef::new(ResidenceDocument::ValidUntil).date().not_null())
                    .col(ColumnDef::new(ResidenceDocument::Stay).boolean().not_null())
                    .col(ColumnDef::new(ResidenceDocument::Work).string_len(8).not_null())
                    .col(ColumnDef::new(ResidenceDocument::WorkHoursPerYear).integer().null())
                    .col(ColumnDef::new(ResidenceDocument::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ResidenceDocument::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_residence_document_person")
                            .from(ResidenceDocument::Table, ResidenceDocument::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_residence_document_number")
                    .table(ResidenceDocument::Table)
                    .col(ResidenceDocument::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_residence_document_person")
                    .table(ResidenceDocument::Table)
                    .col(ResidenceDocument::PersonId)
                    .col(ResidenceDocument::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ResidenceDocument::Table).to_owned()).await
    }
}
