//! The integration contract's rules as dated catalogue data, and the marks kept with each civic exam.
//!
//! - `integration_rule`: one row per version, in force from `effective_from` until the next version starts. The
//!   seeded version carries the assiduity share OFII applies since the contract's 2016 reform (law 2016-274, in
//!   force on 1 July 2016: 80 % of the prescribed hours of French) and the civic exam's marks of the 2026 order
//!   (passed at 32 of 40; the exam did not exist before 2026, so no earlier exam is ever marked by it). A new order
//!   is a new row, added by a new migration.
//! - `certification.exam_max_score` / `exam_pass_mark`: the marks in force on an exam's day, kept with it, so that
//!   a later order never changes whether a past exam was passed. Existing exams were marked 32 of 40.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0075_integration_rules"
    }
}

#[derive(DeriveIden)]
enum IntegrationRule {
    Table,
    EffectiveFrom,
    LanguageAttendancePercent,
    CivicExamMaxScore,
    CivicExamPassMark,
    LegalBasis,
}

#[derive(DeriveIden)]
enum Certification {
    Table,
    Kind,
    ExamMaxScore,
    ExamPassMark,
}

/// The seeded version: from 1 July 2016, 80 %, 32 of 40.
fn seeded() -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::from_ymd_opt(2016, 7, 1).ok_or_else(|| DbErr::Migration("the seeded date".into()))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use IntegrationRule as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(ColumnDef::new(R::EffectiveFrom).date().not_null().primary_key())
                    .col(ColumnDef::new(R::LanguageAttendancePercent).integer().not_null())
                    .col(ColumnDef::new(R::CivicExamMaxScore).integer().not_null())
                    .col(ColumnDef::new(R::CivicExamPassMark).integer().not_null())
                    .col(ColumnDef::new(R::LegalBasis).string_len(400).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(R::Table)
                    .columns([
                        R::EffectiveFrom,
                        R::LanguageAttendancePercent,
                        R::CivicExamMaxScore,
                        R::CivicExamPassMark,
                        R::LegalBasis,
                    ])
                    .values_panic([
                        seeded()?.into(),
                        80.into(),
                        40.into(),
                        32.into(),
                        "CESEDA L.413-2 to L.413-7; law 2016-274; order of 2026 on the civic exam".into(),
                    ])
                    .to_owned(),
            )
            .await?;
        for column in [Certification::ExamMaxScore, Certification::ExamPassMark] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Certification::Table)
                        .add_column(ColumnDef::new(column).integer().null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .exec_stmt(
                Query::update()
                    .table(Certification::Table)
                    .value(Certification::ExamMaxScore, 40)
                    .value(Certification::ExamPassMark, 32)
                    .and_where(Expr::col(Certification::Kind).eq("CIVIC_EXAM"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Certification::ExamPassMark, Certification::ExamMaxScore] {
            manager.alter_table(Table::alter().table(Certification::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(IntegrationRule::Table).to_owned()).await
    }
}
