//! The medical compartment's first table, and the catalogue data it needs.
//!
//! - `procedure.opinions_needed`: the external opinions a catalogue version needs, as a comma-separated list of
//!   stable codes (`OFII_MEDICAL_COLLEGE`); empty for none. Text rather than a join table: the list is short,
//!   read with the procedure, and changes only by a new catalogue version.
//! - `dossier.medical_opinion_needed`: carried on the dossier like its authority (m0009), from the version it was
//!   filed under, so that OFII sees these dossiers without a join at every read. Existing dossiers need none.
//! - The procedure `FIRST_PERMIT_SICK_FOREIGNER` (CESEDA L.425-9; prefecture; 4-month silence). Its 2026 fees are
//!   taken as those of the other first permits — 300 € tax and 50 € stamp from 2 February 2026 — and **must be
//!   verified** against the finance law before production (L.436-1 and L.436-4 may exempt or reduce them).
//! - `medical_opinion`: one opinion of OFII's college of doctors per dossier (the primary key is the dossier).
//!   The report is stored as plain text; field-level encryption (a key only the medical service holds) is
//!   future work.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0010_medical_opinion"
    }
}

#[derive(DeriveIden)]
enum Procedure {
    Table,
    Code,
    Version,
    EffectiveFrom,
    LabelFr,
    LabelEn,
    LegalBasis,
    Authority,
    SilenceMonths,
    TaxCents,
    StampCents,
    OpinionsNeeded,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
    MedicalOpinionNeeded,
}

#[derive(DeriveIden)]
enum MedicalOpinion {
    Table,
    DossierId,
    PersonId,
    CareNeeded,
    ExceptionallySeriousConsequences,
    TreatmentAvailableInOriginCountry,
    ExpectedDurationMonths,
    AbleToTravel,
    Report,
    Doctor,
    IssuedAt,
}

const SICK_FOREIGNER: &str = "FIRST_PERMIT_SICK_FOREIGNER";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Procedure::Table)
                    .add_column(ColumnDef::new(Procedure::OpinionsNeeded).string_len(200).not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Dossier::Table)
                    .add_column(ColumnDef::new(Dossier::MedicalOpinionNeeded).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        let from = chrono::NaiveDate::from_ymd_opt(2026, 2, 2)
            .ok_or_else(|| DbErr::Migration("catalogue date 2026-02-02".into()))?;
        let mut insert = Query::insert();
        insert
            .into_table(Procedure::Table)
            .columns([
                Procedure::Code,
                Procedure::Version,
                Procedure::EffectiveFrom,
                Procedure::LabelFr,
                Procedure::LabelEn,
                Procedure::LegalBasis,
                Procedure::Authority,
                Procedure::SilenceMonths,
                Procedure::TaxCents,
                Procedure::StampCents,
                Procedure::OpinionsNeeded,
            ])
            .values([
                SICK_FOREIGNER.into(),
                1.into(),
                from.into(),
                "Première carte de séjour temporaire « étranger malade »".into(),
                "First temporary residence permit: sick foreigner".into(),
                "CESEDA L.425-9, R.425-11 to R.425-14".into(),
                "PREFECTURE".into(),
                4.into(),
                30_000.into(),
                5_000.into(),
                "OFII_MEDICAL_COLLEGE".into(),
            ])
            .map_err(|error| DbErr::Migration(error.to_string()))?;
        manager.exec_stmt(insert).await?;
        manager
            .create_table(
                Table::create()
                    .table(MedicalOpinion::Table)
                    .col(ColumnDef::new(MedicalOpinion::DossierId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(MedicalOpinion::PersonId).uuid().not_null())
                    .col(ColumnDef::new(MedicalOpinion::CareNeeded).boolean().not_null())
                    .col(ColumnDef::new(MedicalOpinion::ExceptionallySeriousConsequences).boolean().not_null())
                    .col(ColumnDef::new(MedicalOpinion::TreatmentAvailableInOriginCountry).boolean().not_null())
                    .col(ColumnDef::new(MedicalOpinion::ExpectedDurationMonths).integer().null())
                    .col(ColumnDef::new(MedicalOpinion::AbleToTravel).boolean().not_null())
                    .col(ColumnDef::new(MedicalOpinion::Report).text().not_null())
                    .col(ColumnDef::new(MedicalOpinion::Doctor).string_len(200).not_null())
                    .col(ColumnDef::new(MedicalOpinion::IssuedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_medical_opinion_dossier")
                            .from(MedicalOpinion::Table, MedicalOpinion::DossierId)
                            .to(Dossier::Table, Dossier::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MedicalOpinion::Table).to_owned()).await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Procedure::Table)
                    .and_where(Expr::col(Procedure::Code).eq(SICK_FOREIGNER))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Dossier::Table).drop_column(Dossier::MedicalOpinionNeeded).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Procedure::Table).drop_column(Procedure::OpinionsNeeded).to_owned())
            .await
    }
}
