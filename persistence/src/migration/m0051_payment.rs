//! Tax-stamp payments of a dossier's fees. `stamp_number` has a unique index across every dossier: a stamp pays
//! once, and two concurrent recordings of the same number cannot both commit.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0051_payment"
    }
}

#[derive(DeriveIden)]
enum Payment {
    Table,
    Id,
    DossierId,
    PersonId,
    StampNumber,
    AmountCents,
    Status,
    RecordedAt,
    RecordedByKind,
    RecordedById,
    RecordedByRole,
    RecordedByOrganisation,
    ConsumedAt,
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
                    .table(Payment::Table)
                    .col(ColumnDef::new(Payment::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Payment::DossierId).uuid().not_null())
                    .col(ColumnDef::new(Payment::PersonId).uuid().not_null())
                    .col(ColumnDef::new(Payment::StampNumber).string_len(16).not_null())
                    .col(ColumnDef::new(Payment::AmountCents).integer().not_null())
                    .col(ColumnDef::new(Payment::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Payment::RecordedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Payment::RecordedByKind).string_len(16).not_null())
                    .col(ColumnDef::new(Payment::RecordedById).string_len(200).null())
                    .col(ColumnDef::new(Payment::RecordedByRole).string_len(64).null())
                    .col(ColumnDef::new(Payment::RecordedByOrganisation).string_len(200).null())
                    .col(ColumnDef::new(Payment::ConsumedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payment_dossier")
                            .from(Payment::Table, Payment::DossierId)
                            .to(Dossier::Table, Dossier::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_payment_stamp_number")
                    .table(Payment::Table)
                    .col(Payment::StampNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_payment_dossier")
                    .table(Payment::Table)
                    .col(Payment::DossierId)
                    .col(Payment::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Payment::Table).to_owned()).await
    }
}
