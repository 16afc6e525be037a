//! Return aid (`hipe_domain::return_aid`): the file, its timeline, and the catalogue (dated data).
//!
//! - `return_aid_file` keeps the file's state as columns filled as it moves on: the facts of the eligibility
//!   decision (nationality, months in France, situation, country group, household), the allowance granted, the
//!   failed criteria (stable codes, comma-separated), the booked and actual departure days. `open_key` is the
//!   person's id while the file is open (requested, eligible, departure booked) and null after: its unique index
//!   is "one open return-aid file per person", portable where a partial index would need engine-specific SQL.
//! - `return_aid_event`: the timeline, one row per change, keyed by file and version.
//! - The catalogue, seeded here, changed only by later migrations (never by code):
//!   - `return_aid_rule`: the minimum stay in France and the excluded nationalities (the EU, the EEA,
//!     Switzerland), from a date — six months (research §1.7);
//!   - `return_aid_rate`: the flat allowance per adult and per child by country group, from a date — 650 € per
//!     adult for nationals of visa-required countries and 300 € for visa-exempt countries and Kosovo (the 2015
//!     reform, research §1.7). The per-child amounts (150 € and 100 €) and the day the reform took effect
//!     (1 May 2015) are not in the research: they are taken from the arrêté of April 2015 as remembered and must
//!     be checked against the text in force, as must the 2022–2025 changes (a range up to 1 850 €, then 3 500 €)
//!     that a later migration would add as new versions.
//! - Indexes: the OFII queue by territory (and status) then id; files by person.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0110_return_aid"
    }
}

#[derive(DeriveIden)]
enum ReturnAidFile {
    Table,
    Id,
    PersonId,
    Territory,
    Version,
    Status,
    OpenKey,
    RequestedAt,
    Nationality,
    MonthsInFrance,
    Situation,
    CountryGroup,
    Adults,
    Children,
    AllowanceCents,
    Ineligibility,
    DepartureOn,
    DepartedOn,
}

#[derive(DeriveIden)]
enum ReturnAidEvent {
    Table,
    FileId,
    Sequence,
    Action,
    At,
    ActorKind,
    ActorId,
    ActorRole,
    ActorOrganisation,
}

#[derive(DeriveIden)]
enum ReturnAidRule {
    Table,
    EffectiveFrom,
    MinMonthsInFrance,
    ExcludedNationalities,
}

#[derive(DeriveIden)]
enum ReturnAidRate {
    Table,
    CountryGroup,
    EffectiveFrom,
    PerAdultCents,
    PerChildCents,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

/// The EU member states, the other EEA states (Iceland, Liechtenstein, Norway) and Switzerland.
const EUROPEAN: &str = "AT,BE,BG,CY,CZ,DE,DK,EE,ES,FI,FR,GR,HR,HU,IE,IT,LT,LU,LV,MT,NL,PL,PT,RO,SE,SI,SK,IS,LI,NO,CH";

async fn create_files(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReturnAidFile as F;
    manager
        .create_table(
            Table::create()
                .table(F::Table)
                .col(ColumnDef::new(F::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(F::PersonId).uuid().not_null())
                .col(ColumnDef::new(F::Territory).string_len(3).not_null())
                .col(ColumnDef::new(F::Version).integer().not_null())
                .col(ColumnDef::new(F::Status).string_len(24).not_null())
                .col(ColumnDef::new(F::OpenKey).string_len(40).null())
                .col(ColumnDef::new(F::RequestedAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(F::Nationality).string_len(2).null())
                .col(ColumnDef::new(F::MonthsInFrance).integer().null())
                .col(ColumnDef::new(F::Situation).string_len(24).null())
                .col(ColumnDef::new(F::CountryGroup).string_len(16).null())
                .col(ColumnDef::new(F::Adults).integer().null())
                .col(ColumnDef::new(F::Children).integer().null())
                .col(ColumnDef::new(F::AllowanceCents).big_integer().null())
                .col(ColumnDef::new(F::Ineligibility).string_len(200).not_null())
                .col(ColumnDef::new(F::DepartureOn).date().null())
                .col(ColumnDef::new(F::DepartedOn).date().null())
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_return_aid_file_person")
                        .from(F::Table, F::PersonId)
                        .to(Person::Table, Person::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, columns) in [
        ("ix_return_aid_file_queue", vec![F::Territory, F::Id]),
        ("ix_return_aid_file_status_queue", vec![F::Territory, F::Status, F::Id]),
        ("ix_return_aid_file_person", vec![F::PersonId, F::Id]),
    ] {
        let mut index = Index::create();
        index.name(name).table(F::Table);
        for column in columns {
            index.col(column);
        }
        manager.create_index(index).await?;
    }
    manager
        .create_index(
            Index::create().name("ux_return_aid_file_open").table(F::Table).col(F::OpenKey).unique().to_owned(),
        )
        .await
}

async fn create_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReturnAidEvent as E;
    manager
        .create_table(
            Table::create()
                .table(E::Table)
                .col(ColumnDef::new(E::FileId).uuid().not_null())
                .col(ColumnDef::new(E::Sequence).integer().not_null())
                .col(ColumnDef::new(E::Action).string_len(32).not_null())
                .col(ColumnDef::new(E::At).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(E::ActorKind).string_len(16).not_null())
                .col(ColumnDef::new(E::ActorId).string_len(200).null())
                .col(ColumnDef::new(E::ActorRole).string_len(64).null())
                .col(ColumnDef::new(E::ActorOrganisation).string_len(200).null())
                .primary_key(Index::create().name("return_aid_event_pkey").col(E::FileId).col(E::Sequence))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_return_aid_event_file")
                        .from(E::Table, E::FileId)
                        .to(ReturnAidFile::Table, ReturnAidFile::Id),
                )
                .to_owned(),
        )
        .await
}

fn date(text: &str) -> Result<chrono::NaiveDate, DbErr> {
    text.parse().map_err(|e| DbErr::Migration(format!("catalogue date {text}: {e}")))
}

async fn create_catalogue(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReturnAidRate as R;
    use ReturnAidRule as U;
    manager
        .create_table(
            Table::create()
                .table(U::Table)
                .col(ColumnDef::new(U::EffectiveFrom).date().not_null().primary_key())
                .col(ColumnDef::new(U::MinMonthsInFrance).integer().not_null())
                .col(ColumnDef::new(U::ExcludedNationalities).text().not_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(R::Table)
                .col(ColumnDef::new(R::CountryGroup).string_len(16).not_null())
                .col(ColumnDef::new(R::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(R::PerAdultCents).integer().not_null())
                .col(ColumnDef::new(R::PerChildCents).integer().not_null())
                .primary_key(Index::create().name("return_aid_rate_pkey").col(R::CountryGroup).col(R::EffectiveFrom))
                .to_owned(),
        )
        .await?;
    let reform = date("2015-05-01")?;
    manager
        .exec_stmt(
            Query::insert()
                .into_table(U::Table)
                .columns([U::EffectiveFrom, U::MinMonthsInFrance, U::ExcludedNationalities])
                .values_panic([reform.into(), 6_i32.into(), EUROPEAN.into()])
                .to_owned(),
        )
        .await?;
    let mut rates = Query::insert();
    rates.into_table(R::Table).columns([R::CountryGroup, R::EffectiveFrom, R::PerAdultCents, R::PerChildCents]);
    for (group, adult, child) in [("VISA_REQUIRED", 65_000_i32, 15_000_i32), ("VISA_EXEMPT", 30_000, 10_000)] {
        rates.values_panic([group.into(), reform.into(), adult.into(), child.into()]);
    }
    manager.exec_stmt(rates).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_files(manager).await?;
        create_events(manager).await?;
        create_catalogue(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReturnAidRate::Table.into_iden(),
            ReturnAidRule::Table.into_iden(),
            ReturnAidEvent::Table.into_iden(),
            ReturnAidFile::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
