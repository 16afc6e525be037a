//! The sick-foreigner flow inside OFII's medical service (`hipe_domain::medical::case`).
//!
//! - `medical_case`: one per dossier (`ux_medical_case_dossier`), with the certificate received under seal and,
//!   as the case moves, the rapporteur, the report, the college (three columns, so that "the deliberations a
//!   doctor sits on" is an indexable equality) and who did each step, when. `status` is the case's stage code,
//!   kept for the doctors' queue (`ix_medical_case_queue`: territory, status, id). The certificate and the report
//!   are plain text, as the opinion's report is (m0010); field-level encryption is future work.
//! - `medical_opinion` gains the transmission (`transmitted_at`, `transmitted_by`): the prefecture and the person
//!   read an opinion's legal answers only once OFII transmitted it. The opinions recorded before this flow
//!   existed were shown to the prefecture at once: they count as transmitted when they were issued.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0080_medical_flow"
    }
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MedicalOpinion {
    Table,
    TransmittedAt,
    TransmittedBy,
    IssuedAt,
    Doctor,
}

#[derive(DeriveIden)]
enum MedicalCase {
    Table,
    Id,
    DossierId,
    PersonId,
    Territory,
    Status,
    Version,
    Certificate,
    ReceivedBy,
    ReceivedAt,
    Rapporteur,
    DesignatedBy,
    DesignatedAt,
    Report,
    ReportWrittenAt,
    College1,
    College2,
    College3,
    ConstitutedBy,
    ConstitutedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use MedicalCase as C;
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(MedicalOpinion::Table)
                    .add_column(ColumnDef::new(MedicalOpinion::TransmittedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MedicalOpinion::Table)
                    .add_column(ColumnDef::new(MedicalOpinion::TransmittedBy).string_len(200).null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(MedicalOpinion::Table)
                    .value(MedicalOpinion::TransmittedAt, Expr::col(MedicalOpinion::IssuedAt))
                    .value(MedicalOpinion::TransmittedBy, Expr::col(MedicalOpinion::Doctor))
                    .to_owned(),
            )
            .await?;
        let doctor = |column: C| ColumnDef::new(column).string_len(200).null().to_owned();
        let at = |column: C| ColumnDef::new(column).timestamp_with_time_zone().null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(ColumnDef::new(C::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(C::DossierId).uuid().not_null())
                    .col(ColumnDef::new(C::PersonId).uuid().not_null())
                    .col(ColumnDef::new(C::Territory).string_len(3).not_null())
                    .col(ColumnDef::new(C::Status).string_len(32).not_null())
                    .col(ColumnDef::new(C::Version).integer().not_null())
                    .col(ColumnDef::new(C::Certificate).text().not_null())
                    .col(ColumnDef::new(C::ReceivedBy).string_len(200).not_null())
                    .col(ColumnDef::new(C::ReceivedAt).timestamp_with_time_zone().not_null())
                    .col(doctor(C::Rapporteur))
                    .col(doctor(C::DesignatedBy))
                    .col(at(C::DesignatedAt))
                    .col(ColumnDef::new(C::Report).text().null())
                    .col(at(C::ReportWrittenAt))
                    .col(doctor(C::College1))
                    .col(doctor(C::College2))
                    .col(doctor(C::College3))
                    .col(doctor(C::ConstitutedBy))
                    .col(at(C::ConstitutedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_medical_case_dossier")
                            .from(C::Table, C::DossierId)
                            .to(Dossier::Table, Dossier::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ux_medical_case_dossier").table(C::Table).col(C::DossierId).unique().to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_medical_case_queue")
                    .table(C::Table)
                    .col(C::Territory)
                    .col(C::Status)
                    .col(C::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MedicalCase::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table(MedicalOpinion::Table).drop_column(MedicalOpinion::TransmittedBy).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(MedicalOpinion::Table).drop_column(MedicalOpinion::TransmittedAt).to_owned(),
            )
            .await
    }
}
