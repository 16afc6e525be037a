//! The first tables: catalogue, persons, dossiers and their timeline, signing keys.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0001_initial"
    }
}

#[derive(DeriveIden)]
enum Procedure {
    Table,
    Code,
    Version,
    EffectiveFrom,
    EffectiveUntil,
    LabelFr,
    LabelEn,
    LegalBasis,
    Authority,
    SilenceMonths,
    TaxCents,
    StampCents,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    FamilyName,
    GivenNames,
    BirthYear,
    BirthMonth,
    BirthDay,
    Nationalities,
    ForeignerNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
    Reference,
    PersonId,
    ProcedureCode,
    ProcedureVersion,
    Channel,
    Territory,
    Status,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DossierEvent {
    Table,
    DossierId,
    Sequence,
    Kind,
    ActorKind,
    ActorId,
    ActorRole,
    ActorOrganisation,
    OccurredAt,
    Reason,
}

#[derive(DeriveIden)]
enum SigningKey {
    Table,
    Kid,
    Algorithm,
    PublicKey,
    PrivateKey,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    #[expect(clippy::too_many_lines, reason = "a migration reads best as the one list of tables it creates")]
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Procedure::Table)
                    .col(ColumnDef::new(Procedure::Code).string_len(64).not_null())
                    .col(ColumnDef::new(Procedure::Version).integer().not_null())
                    .col(ColumnDef::new(Procedure::EffectiveFrom).date().not_null())
                    .col(ColumnDef::new(Procedure::EffectiveUntil).date().null())
                    .col(ColumnDef::new(Procedure::LabelFr).text().not_null())
                    .col(ColumnDef::new(Procedure::LabelEn).text().not_null())
                    .col(ColumnDef::new(Procedure::LegalBasis).text().not_null())
                    .col(ColumnDef::new(Procedure::Authority).string_len(32).not_null())
                    .col(ColumnDef::new(Procedure::SilenceMonths).integer().null())
                    .col(ColumnDef::new(Procedure::TaxCents).integer().not_null())
                    .col(ColumnDef::new(Procedure::StampCents).integer().not_null())
                    .primary_key(Index::create().name("procedure_pkey").col(Procedure::Code).col(Procedure::Version))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(ColumnDef::new(Person::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Person::FamilyName).text().not_null())
                    .col(ColumnDef::new(Person::GivenNames).text().not_null())
                    .col(ColumnDef::new(Person::BirthYear).integer().not_null())
                    .col(ColumnDef::new(Person::BirthMonth).integer().null())
                    .col(ColumnDef::new(Person::BirthDay).integer().null())
                    .col(ColumnDef::new(Person::Nationalities).text().not_null())
                    .col(ColumnDef::new(Person::ForeignerNumber).string_len(10).null())
                    .col(ColumnDef::new(Person::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_person_foreigner_number")
                    .table(Person::Table)
                    .col(Person::ForeignerNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Dossier::Table)
                    .col(ColumnDef::new(Dossier::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Dossier::Reference).string_len(16).not_null())
                    .col(ColumnDef::new(Dossier::PersonId).uuid().not_null())
                    .col(ColumnDef::new(Dossier::ProcedureCode).string_len(64).not_null())
                    .col(ColumnDef::new(Dossier::ProcedureVersion).integer().not_null())
                    .col(ColumnDef::new(Dossier::Channel).string_len(16).not_null())
                    .col(ColumnDef::new(Dossier::Territory).string_len(3).not_null())
                    .col(ColumnDef::new(Dossier::Status).string_len(32).not_null())
                    .col(ColumnDef::new(Dossier::Version).integer().not_null())
                    .col(ColumnDef::new(Dossier::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Dossier::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dossier_person")
                            .from(Dossier::Table, Dossier::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dossier_procedure")
                            .from(Dossier::Table, (Dossier::ProcedureCode, Dossier::ProcedureVersion))
                            .to(Procedure::Table, (Procedure::Code, Procedure::Version)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_dossier_reference")
                    .table(Dossier::Table)
                    .col(Dossier::Reference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_dossier_person")
                    .table(Dossier::Table)
                    .col(Dossier::PersonId)
                    .col(Dossier::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_dossier_territory_status")
                    .table(Dossier::Table)
                    .col(Dossier::Territory)
                    .col(Dossier::Status)
                    .col(Dossier::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DossierEvent::Table)
                    .col(ColumnDef::new(DossierEvent::DossierId).uuid().not_null())
                    .col(ColumnDef::new(DossierEvent::Sequence).integer().not_null())
                    .col(ColumnDef::new(DossierEvent::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(DossierEvent::ActorKind).string_len(16).not_null())
                    .col(ColumnDef::new(DossierEvent::ActorId).text().null())
                    .col(ColumnDef::new(DossierEvent::ActorRole).string_len(32).null())
                    .col(ColumnDef::new(DossierEvent::ActorOrganisation).text().null())
                    .col(ColumnDef::new(DossierEvent::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(DossierEvent::Reason).text().null())
                    .primary_key(
                        Index::create()
                            .name("dossier_event_pkey")
                            .col(DossierEvent::DossierId)
                            .col(DossierEvent::Sequence),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dossier_event_dossier")
                            .from(DossierEvent::Table, DossierEvent::DossierId)
                            .to(Dossier::Table, Dossier::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SigningKey::Table)
                    .col(ColumnDef::new(SigningKey::Kid).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(SigningKey::Algorithm).string_len(16).not_null())
                    .col(ColumnDef::new(SigningKey::PublicKey).text().not_null())
                    .col(ColumnDef::new(SigningKey::PrivateKey).text().not_null())
                    .col(ColumnDef::new(SigningKey::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SigningKey::Table.into_iden(),
            DossierEvent::Table.into_iden(),
            Dossier::Table.into_iden(),
            Person::Table.into_iden(),
            Procedure::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
