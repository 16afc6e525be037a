//! OFII's medical visit of newcomers (`hipe_domain::medical::visit`): `medical_visit`, one row per visit with
//! its follow-ups recorded on it — the latest outcome and follow-up due date, the first and latest examination
//! (who, when), the number of follow-ups, and the clinical notes (medical content, plain text as the other
//! medical texts are; field-level encryption is future work). `ix_medical_visit_person` serves
//! `Person.medicalVisits`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0085_medical_visit"
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MedicalVisit {
    Table,
    Id,
    PersonId,
    Territory,
    DossierId,
    AppointmentId,
    Outcome,
    FollowUpDueOn,
    ClinicalNotes,
    FirstBy,
    FirstAt,
    LatestBy,
    LatestAt,
    FollowUps,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use MedicalVisit as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(ColumnDef::new(V::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(V::PersonId).uuid().not_null())
                    .col(ColumnDef::new(V::Territory).string_len(3).not_null())
                    .col(ColumnDef::new(V::DossierId).uuid().null())
                    .col(ColumnDef::new(V::AppointmentId).uuid().null())
                    .col(ColumnDef::new(V::Outcome).string_len(32).not_null())
                    .col(ColumnDef::new(V::FollowUpDueOn).date().null())
                    .col(ColumnDef::new(V::ClinicalNotes).text().null())
                    .col(ColumnDef::new(V::FirstBy).string_len(200).not_null())
                    .col(ColumnDef::new(V::FirstAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(V::LatestBy).string_len(200).not_null())
                    .col(ColumnDef::new(V::LatestAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(V::FollowUps).integer().not_null())
                    .col(ColumnDef::new(V::Version).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_medical_visit_person")
                            .from(V::Table, V::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_medical_visit_person").table(V::Table).col(V::PersonId).col(V::Id).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MedicalVisit::Table).to_owned()).await
    }
}
