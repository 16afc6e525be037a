//! Mandates: who may see (or act on) whose dossiers. Append-only history: a revocation sets `revoked_at`. The
//! mandatary is a usager account id with no foreign key (a lawyer need not have a person record); the principal
//! is a person.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0020_mandate"
    }
}

#[derive(DeriveIden)]
enum Mandate {
    Table,
    Id,
    PrincipalId,
    MandataryId,
    Kind,
    Scope,
    ValidFrom,
    ValidUntil,
    RevokedAt,
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
                    .table(Mandate::Table)
                    .col(ColumnDef::new(Mandate::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Mandate::PrincipalId).uuid().not_null())
                    .col(ColumnDef::new(Mandate::MandataryId).uuid().not_null())
                    .col(ColumnDef::new(Mandate::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Mandate::Scope).string_len(8).not_null())
                    .col(ColumnDef::new(Mandate::ValidFrom).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Mandate::ValidUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Mandate::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mandate_principal")
                            .from(Mandate::Table, Mandate::PrincipalId)
                            .to(Person::Table, Person::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_mandate_mandatary")
                    .table(Mandate::Table)
                    .col(Mandate::MandataryId)
                    .col(Mandate::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_mandate_principal")
                    .table(Mandate::Table)
                    .col(Mandate::PrincipalId)
                    .col(Mandate::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Mandate::Table).to_owned()).await
    }
}
