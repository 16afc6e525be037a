//! Family reunification (issue 5): OFII's record between the mayor's check and the transmission to the prefect,
//! the dated rules it is checked against, and a new catalogue version of the procedure.
//!
//! - `family_reunification`: one row per dossier (the primary key), the steps as nullable columns filled as the
//!   file moves on; `attention_on` is computed by the domain on every write (OFII's queue is one index range per
//!   direction); the mayor's clock reads `mayor_due_on` among the rows without an opinion.
//! - Dated rules, never Rust constants: `reunification_rule` (the mayor's delay, R.434-23; the resources'
//!   reference period, R.434-4), `reunification_threshold` (the multiple of the SMIC by family size, R.434-4:
//!   1 for 2–3 persons, 1.1 for 4–5, 1.2 from 6) and `smic_amount` (the monthly SMIC, gross and net, by effective
//!   date). The net amounts are those the government publishes for a full-time month (151.67 h): 1,426.30 € from
//!   1 November 2024, 1,443.11 € from 1 January 2026 — **to be verified** against the decree before production.
//! - The catalogue: `FAMILY_REUNIFICATION` version 1 had the right authority (OFII) and silence rule (6 months,
//!   implicit rejection) but no required documents. Version 2, in force from 1 December 2026, lists them (Cerfa
//!   11436 form, passport, the sponsor's permit, the family's civil status, 12 months of resources, the housing);
//!   version 1 ends the day before. Dossiers filed under version 1 keep its rules.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0090_family_reunification"
    }
}

#[derive(DeriveIden)]
enum FamilyReunification {
    Table,
    DossierId,
    PersonId,
    Territory,
    Version,
    MayorRequestedAt,
    MayorDueOn,
    OpinionSource,
    ResourcesFavourable,
    ResourcesReason,
    HousingFavourable,
    HousingReason,
    HousingSurfaceM2,
    OpinionRecordedAt,
    OpinionByKind,
    OpinionById,
    OpinionByRole,
    OpinionByOrganisation,
    FamilySize,
    AverageMonthlyCents,
    ThresholdCents,
    ResourcesMet,
    ResourcesCheckedAt,
    TransmittedAt,
    SilenceOn,
    WorkingNotes,
    AttentionOn,
}

#[derive(DeriveIden)]
enum ReunificationRule {
    Table,
    EffectiveFrom,
    MayorOpinionMonths,
    ResourceMonths,
    LegalBasis,
}

#[derive(DeriveIden)]
enum ReunificationThreshold {
    Table,
    EffectiveFrom,
    FromFamilySize,
    SmicPerMille,
}

#[derive(DeriveIden)]
enum SmicAmount {
    Table,
    EffectiveFrom,
    GrossMonthlyCents,
    NetMonthlyCents,
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
enum ProcedureDocument {
    Table,
    ProcedureCode,
    ProcedureVersion,
    Position,
    DocumentType,
    LabelFr,
    LabelEn,
    Situation,
    MaxAgeMonths,
    TranslationRequired,
}

const CODE: &str = "FAMILY_REUNIFICATION";
const VERSION_2_FROM: &str = "2026-12-01";

/// Required documents of version 2: type, French label, English label, situation, maximum age, translation.
type Doc = (&'static str, &'static str, &'static str, Option<&'static str>, Option<i32>, bool);

const DOCUMENTS: &[Doc] = &[
    (
        "FAMILY_REUNIFICATION_FORM",
        "Formulaire de demande de regroupement familial (Cerfa 11436)",
        "Family reunification application form (Cerfa 11436)",
        None,
        None,
        false,
    ),
    ("PASSPORT", "Passeport du demandeur", "The sponsor's passport", None, None, false),
    (
        "CURRENT_PERMIT",
        "Titre de séjour en cours, d'une durée d'au moins un an",
        "Current residence permit, valid for at least a year",
        None,
        None,
        false,
    ),
    (
        "FAMILY_CIVIL_STATUS",
        "Actes d'état civil des membres de la famille",
        "Civil-status records of the family members",
        None,
        None,
        true,
    ),
    (
        "PROOF_OF_RESOURCES",
        "Justificatifs de ressources des 12 derniers mois",
        "Proof of resources over the last 12 months",
        None,
        None,
        false,
    ),
    (
        "PROOF_OF_HOUSING",
        "Bail, titre de propriété ou promesse de location du logement",
        "Lease, title deed or promise of lease of the housing",
        None,
        Some(3),
        false,
    ),
    ("MARRIAGE_CERTIFICATE", "Acte de mariage", "Marriage certificate", Some("MARRIED"), None, true),
];

fn date(text: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| DbErr::Migration(format!("date {text}: {e}")))
}

fn values(insert: &mut InsertStatement, row: Vec<SimpleExpr>) -> Result<(), DbErr> {
    insert.values(row).map(|_| ()).map_err(|e| DbErr::Migration(e.to_string()))
}

async fn create_record_table(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use FamilyReunification as F;
    manager
        .create_table(
            Table::create()
                .table(F::Table)
                .col(ColumnDef::new(F::DossierId).uuid().not_null().primary_key())
                .col(ColumnDef::new(F::PersonId).uuid().not_null())
                .col(ColumnDef::new(F::Territory).string_len(3).not_null())
                .col(ColumnDef::new(F::Version).integer().not_null())
                .col(ColumnDef::new(F::MayorRequestedAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(F::MayorDueOn).date().not_null())
                .col(ColumnDef::new(F::OpinionSource).string_len(16).null())
                .col(ColumnDef::new(F::ResourcesFavourable).boolean().null())
                .col(ColumnDef::new(F::ResourcesReason).text().null())
                .col(ColumnDef::new(F::HousingFavourable).boolean().null())
                .col(ColumnDef::new(F::HousingReason).text().null())
                .col(ColumnDef::new(F::HousingSurfaceM2).integer().null())
                .col(ColumnDef::new(F::OpinionRecordedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(F::OpinionByKind).string_len(16).null())
                .col(ColumnDef::new(F::OpinionById).string_len(200).null())
                .col(ColumnDef::new(F::OpinionByRole).string_len(64).null())
                .col(ColumnDef::new(F::OpinionByOrganisation).string_len(200).null())
                .col(ColumnDef::new(F::FamilySize).integer().null())
                .col(ColumnDef::new(F::AverageMonthlyCents).big_integer().null())
                .col(ColumnDef::new(F::ThresholdCents).big_integer().null())
                .col(ColumnDef::new(F::ResourcesMet).boolean().null())
                .col(ColumnDef::new(F::ResourcesCheckedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(F::TransmittedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(F::SilenceOn).date().null())
                .col(ColumnDef::new(F::WorkingNotes).text().not_null())
                .col(ColumnDef::new(F::AttentionOn).date().not_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("family_reunification_queue")
                .table(F::Table)
                .col(F::Territory)
                .col(F::AttentionOn)
                .col(F::DossierId)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("family_reunification_mayor_due")
                .table(F::Table)
                .col(F::OpinionSource)
                .col(F::MayorDueOn)
                .to_owned(),
        )
        .await
}

async fn create_rule_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ReunificationRule::Table)
                .col(ColumnDef::new(ReunificationRule::EffectiveFrom).date().not_null().primary_key())
                .col(ColumnDef::new(ReunificationRule::MayorOpinionMonths).integer().not_null())
                .col(ColumnDef::new(ReunificationRule::ResourceMonths).integer().not_null())
                .col(ColumnDef::new(ReunificationRule::LegalBasis).string_len(200).not_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(ReunificationThreshold::Table)
                .col(ColumnDef::new(ReunificationThreshold::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(ReunificationThreshold::FromFamilySize).integer().not_null())
                .col(ColumnDef::new(ReunificationThreshold::SmicPerMille).integer().not_null())
                .primary_key(
                    Index::create()
                        .col(ReunificationThreshold::EffectiveFrom)
                        .col(ReunificationThreshold::FromFamilySize),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(SmicAmount::Table)
                .col(ColumnDef::new(SmicAmount::EffectiveFrom).date().not_null().primary_key())
                .col(ColumnDef::new(SmicAmount::GrossMonthlyCents).integer().not_null())
                .col(ColumnDef::new(SmicAmount::NetMonthlyCents).integer().not_null())
                .to_owned(),
        )
        .await
}

async fn seed_rules(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut rule = Query::insert();
    rule.into_table(ReunificationRule::Table).columns([
        ReunificationRule::EffectiveFrom,
        ReunificationRule::MayorOpinionMonths,
        ReunificationRule::ResourceMonths,
        ReunificationRule::LegalBasis,
    ]);
    values(&mut rule, vec![date("2021-05-01")?.into(), 2.into(), 12.into(), "CESEDA R.434-4, R.434-23".into()])?;
    manager.exec_stmt(rule).await?;
    let mut thresholds = Query::insert();
    thresholds.into_table(ReunificationThreshold::Table).columns([
        ReunificationThreshold::EffectiveFrom,
        ReunificationThreshold::FromFamilySize,
        ReunificationThreshold::SmicPerMille,
    ]);
    for (size, per_mille) in [(2, 1_000), (4, 1_100), (6, 1_200)] {
        values(&mut thresholds, vec![date("2021-05-01")?.into(), size.into(), per_mille.into()])?;
    }
    manager.exec_stmt(thresholds).await?;
    let mut smic = Query::insert();
    smic.into_table(SmicAmount::Table).columns([
        SmicAmount::EffectiveFrom,
        SmicAmount::GrossMonthlyCents,
        SmicAmount::NetMonthlyCents,
    ]);
    for (from, gross, net) in [("2024-11-01", 180_180, 142_630), ("2026-01-01", 182_303, 144_311)] {
        values(&mut smic, vec![date(from)?.into(), gross.into(), net.into()])?;
    }
    manager.exec_stmt(smic).await
}

async fn seed_catalogue(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let from = date(VERSION_2_FROM)?;
    manager
        .exec_stmt(
            Query::update()
                .table(Procedure::Table)
                .values([(Procedure::EffectiveUntil, from.into())])
                .and_where(Expr::col(Procedure::Code).eq(CODE))
                .and_where(Expr::col(Procedure::Version).eq(1))
                .to_owned(),
        )
        .await?;
    let mut procedure = Query::insert();
    procedure.into_table(Procedure::Table).columns([
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
    ]);
    values(
        &mut procedure,
        vec![
            CODE.into(),
            2.into(),
            from.into(),
            "Regroupement familial".into(),
            "Family reunification".into(),
            "CESEDA L.434-1 to L.434-12, R.434-1 to R.434-35".into(),
            "OFII".into(),
            6.into(),
            0.into(),
            0.into(),
        ],
    )?;
    manager.exec_stmt(procedure).await?;
    let mut documents = Query::insert();
    documents.into_table(ProcedureDocument::Table).columns([
        ProcedureDocument::ProcedureCode,
        ProcedureDocument::ProcedureVersion,
        ProcedureDocument::Position,
        ProcedureDocument::DocumentType,
        ProcedureDocument::LabelFr,
        ProcedureDocument::LabelEn,
        ProcedureDocument::Situation,
        ProcedureDocument::MaxAgeMonths,
        ProcedureDocument::TranslationRequired,
    ]);
    for (position, &(kind, fr, en, situation, max_age, translation)) in DOCUMENTS.iter().enumerate() {
        let position = <i32 as TryFrom<usize>>::try_from(position).map_err(|e| DbErr::Migration(e.to_string()))?;
        values(
            &mut documents,
            vec![
                CODE.into(),
                2.into(),
                position.into(),
                kind.into(),
                fr.into(),
                en.into(),
                situation.into(),
                max_age.into(),
                translation.into(),
            ],
        )?;
    }
    manager.exec_stmt(documents).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        Box::pin(create_record_table(manager)).await?;
        create_rule_tables(manager).await?;
        seed_rules(manager).await?;
        seed_catalogue(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(ProcedureDocument::Table)
                    .and_where(Expr::col(ProcedureDocument::ProcedureCode).eq(CODE))
                    .and_where(Expr::col(ProcedureDocument::ProcedureVersion).eq(2))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Procedure::Table)
                    .and_where(Expr::col(Procedure::Code).eq(CODE))
                    .and_where(Expr::col(Procedure::Version).eq(2))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Procedure::Table)
                    .values([(Procedure::EffectiveUntil, Option::<chrono::NaiveDate>::None.into())])
                    .and_where(Expr::col(Procedure::Code).eq(CODE))
                    .and_where(Expr::col(Procedure::Version).eq(1))
                    .to_owned(),
            )
            .await?;
        for table in [
            SmicAmount::Table.into_iden(),
            ReunificationThreshold::Table.into_iden(),
            ReunificationRule::Table.into_iden(),
            FamilyReunification::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
