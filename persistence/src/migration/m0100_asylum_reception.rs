//! Asylum reception: the asylum file, its suspensions and timeline, and the reception catalogue (dated data).
//!
//! - `asylum_file` keeps the claim (procedure class, current certificate, final decision) and the reception
//!   conditions (status, offer, answer, acceptance day, end) as columns filled as the file moves on; the domain's
//!   `restore` checks that they agree. `open_key` is the person's id until the final decision is recorded and
//!   null after: its unique index is "one claim awaiting its decision per person", portable where a partial
//!   index would need engine-specific SQL. The certificate itself is a row of `residence_document`.
//! - `asylum_suspension`: one row per suspension, keyed by file and order; `until_on` set by the reinstatement.
//! - `asylum_event`: the timeline, one row per change, keyed by file and version.
//! - The catalogue, seeded here, changed only by later migrations (never by code):
//!   - `asylum_allowance_rate`: the allowance's flat daily amount by household size, from a date — the scale of
//!     the decree of 21 October 2015 (6.80 € for one person, 3.40 € more per further person, to ten persons);
//!   - `asylum_allowance_supplement`: the additional daily amount for each adult to whom no accommodation could
//!     be offered, from a date — 4.20 € (1 November 2015), 5.40 € (1 April 2017, decree 2017-430 after CE 23
//!     December 2016), 7.40 € (1 June 2018, decree 2018-426);
//!   - `asylum_certificate_validity`: the certificate's first and renewal validity by procedure class, from a
//!     date — normal 10 then 6 months, accelerated 6 then 6, Dublin 1 then 4 (research §1.5 step 2). The date
//!     these durations took effect is not in the research: 1 January 2019 (the 2018 asylum law's decrees) is
//!     assumed and should be checked against the arrêté in force.
//! - Indexes: the OFII queue by territory (and reception status) then id; files by person.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0100_asylum_reception"
    }
}

#[derive(DeriveIden)]
enum AsylumFile {
    Table,
    Id,
    PersonId,
    Territory,
    ProcedureClass,
    Version,
    OpenKey,
    RegisteredAt,
    CertificateId,
    CertificateNumber,
    CertificateValidUntil,
    CertificateRenewals,
    DecisionOutcome,
    DecisionBody,
    DecisionNotifiedOn,
    ReceptionStatus,
    OfferAdults,
    OfferChildren,
    AccommodationOffered,
    OfferedAt,
    AnsweredAt,
    AcceptedOn,
    ClosesOn,
}

#[derive(DeriveIden)]
enum AsylumSuspension {
    Table,
    FileId,
    Position,
    FromOn,
    UntilOn,
    Reason,
    AppointmentId,
    Note,
    DecidedAt,
    DecidedByKind,
    DecidedById,
    DecidedByRole,
    DecidedByOrganisation,
}

#[derive(DeriveIden)]
enum AsylumEvent {
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
enum AsylumAllowanceRate {
    Table,
    EffectiveFrom,
    HouseholdSize,
    DailyCents,
}

#[derive(DeriveIden)]
enum AsylumAllowanceSupplement {
    Table,
    EffectiveFrom,
    DailyCents,
}

#[derive(DeriveIden)]
enum AsylumCertificateValidity {
    Table,
    ProcedureClass,
    EffectiveFrom,
    FirstMonths,
    RenewalMonths,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ResidenceDocument {
    Table,
    Id,
}

fn actor(table: &mut TableCreateStatement, [kind, id, role, organisation]: [DynIden; 4]) {
    table
        .col(ColumnDef::new(kind).string_len(16).not_null())
        .col(ColumnDef::new(id).string_len(200).null())
        .col(ColumnDef::new(role).string_len(64).null())
        .col(ColumnDef::new(organisation).string_len(200).null());
}

async fn create_files(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AsylumFile as F;
    let mut table = Table::create();
    table
        .table(F::Table)
        .col(ColumnDef::new(F::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(F::PersonId).uuid().not_null())
        .col(ColumnDef::new(F::Territory).string_len(3).not_null())
        .col(ColumnDef::new(F::ProcedureClass).string_len(16).not_null())
        .col(ColumnDef::new(F::Version).integer().not_null())
        .col(ColumnDef::new(F::OpenKey).string_len(40).null())
        .col(ColumnDef::new(F::RegisteredAt).timestamp_with_time_zone().not_null())
        .col(ColumnDef::new(F::CertificateId).uuid().not_null())
        .col(ColumnDef::new(F::CertificateNumber).string_len(32).not_null())
        .col(ColumnDef::new(F::CertificateValidUntil).date().not_null())
        .col(ColumnDef::new(F::CertificateRenewals).integer().not_null())
        .col(ColumnDef::new(F::DecisionOutcome).string_len(24).null())
        .col(ColumnDef::new(F::DecisionBody).string_len(8).null())
        .col(ColumnDef::new(F::DecisionNotifiedOn).date().null())
        .col(ColumnDef::new(F::ReceptionStatus).string_len(16).not_null())
        .col(ColumnDef::new(F::OfferAdults).integer().null())
        .col(ColumnDef::new(F::OfferChildren).integer().null())
        .col(ColumnDef::new(F::AccommodationOffered).boolean().null())
        .col(ColumnDef::new(F::OfferedAt).timestamp_with_time_zone().null())
        .col(ColumnDef::new(F::AnsweredAt).timestamp_with_time_zone().null())
        .col(ColumnDef::new(F::AcceptedOn).date().null())
        .col(ColumnDef::new(F::ClosesOn).date().null())
        .foreign_key(
            ForeignKey::create()
                .name("fk_asylum_file_person")
                .from(F::Table, F::PersonId)
                .to(Person::Table, Person::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_asylum_file_certificate")
                .from(F::Table, F::CertificateId)
                .to(ResidenceDocument::Table, ResidenceDocument::Id),
        );
    manager.create_table(table.clone()).await?;
    for (name, columns) in [
        ("ix_asylum_file_queue", vec![F::Territory, F::Id]),
        ("ix_asylum_file_status_queue", vec![F::Territory, F::ReceptionStatus, F::Id]),
        ("ix_asylum_file_person", vec![F::PersonId, F::Id]),
    ] {
        let mut index = Index::create();
        index.name(name).table(F::Table);
        for column in columns {
            index.col(column);
        }
        manager.create_index(index).await?;
    }
    manager
        .create_index(Index::create().name("ux_asylum_file_open").table(F::Table).col(F::OpenKey).unique().to_owned())
        .await
}

async fn create_suspensions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AsylumSuspension as S;
    let mut table = Table::create();
    table
        .table(S::Table)
        .col(ColumnDef::new(S::FileId).uuid().not_null())
        .col(ColumnDef::new(S::Position).integer().not_null())
        .col(ColumnDef::new(S::FromOn).date().not_null())
        .col(ColumnDef::new(S::UntilOn).date().null())
        .col(ColumnDef::new(S::Reason).string_len(32).not_null())
        .col(ColumnDef::new(S::AppointmentId).uuid().null())
        .col(ColumnDef::new(S::Note).text().null())
        .col(ColumnDef::new(S::DecidedAt).timestamp_with_time_zone().not_null());
    actor(
        &mut table,
        [
            S::DecidedByKind.into_iden(),
            S::DecidedById.into_iden(),
            S::DecidedByRole.into_iden(),
            S::DecidedByOrganisation.into_iden(),
        ],
    );
    table.primary_key(Index::create().name("asylum_suspension_pkey").col(S::FileId).col(S::Position)).foreign_key(
        ForeignKey::create()
            .name("fk_asylum_suspension_file")
            .from(S::Table, S::FileId)
            .to(AsylumFile::Table, AsylumFile::Id),
    );
    manager.create_table(table.clone()).await
}

async fn create_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AsylumEvent as E;
    let mut table = Table::create();
    table
        .table(E::Table)
        .col(ColumnDef::new(E::FileId).uuid().not_null())
        .col(ColumnDef::new(E::Sequence).integer().not_null())
        .col(ColumnDef::new(E::Action).string_len(32).not_null())
        .col(ColumnDef::new(E::At).timestamp_with_time_zone().not_null());
    actor(
        &mut table,
        [E::ActorKind.into_iden(), E::ActorId.into_iden(), E::ActorRole.into_iden(), E::ActorOrganisation.into_iden()],
    );
    table.primary_key(Index::create().name("asylum_event_pkey").col(E::FileId).col(E::Sequence)).foreign_key(
        ForeignKey::create()
            .name("fk_asylum_event_file")
            .from(E::Table, E::FileId)
            .to(AsylumFile::Table, AsylumFile::Id),
    );
    manager.create_table(table.clone()).await
}

fn date(text: &str) -> Result<chrono::NaiveDate, DbErr> {
    text.parse().map_err(|e| DbErr::Migration(format!("catalogue date {text}: {e}")))
}

async fn create_catalogue(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AsylumAllowanceRate as R;
    use AsylumAllowanceSupplement as P;
    use AsylumCertificateValidity as V;
    manager
        .create_table(
            Table::create()
                .table(R::Table)
                .col(ColumnDef::new(R::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(R::HouseholdSize).integer().not_null())
                .col(ColumnDef::new(R::DailyCents).integer().not_null())
                .primary_key(
                    Index::create().name("asylum_allowance_rate_pkey").col(R::EffectiveFrom).col(R::HouseholdSize),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(P::Table)
                .col(ColumnDef::new(P::EffectiveFrom).date().not_null().primary_key())
                .col(ColumnDef::new(P::DailyCents).integer().not_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(V::Table)
                .col(ColumnDef::new(V::ProcedureClass).string_len(16).not_null())
                .col(ColumnDef::new(V::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(V::FirstMonths).integer().not_null())
                .col(ColumnDef::new(V::RenewalMonths).integer().not_null())
                .primary_key(
                    Index::create()
                        .name("asylum_certificate_validity_pkey")
                        .col(V::ProcedureClass)
                        .col(V::EffectiveFrom),
                )
                .to_owned(),
        )
        .await?;

    // The decree of 21 October 2015: 6.80 € a day for one person, 3.40 € more for each further person.
    let scale_from = date("2015-11-01")?;
    let mut rates = Query::insert();
    rates.into_table(R::Table).columns([R::EffectiveFrom, R::HouseholdSize, R::DailyCents]);
    for size in 1..=10_i32 {
        rates.values_panic([scale_from.into(), size.into(), (680 + 340 * (size - 1)).into()]);
    }
    manager.exec_stmt(rates).await?;

    let mut supplements = Query::insert();
    supplements.into_table(P::Table).columns([P::EffectiveFrom, P::DailyCents]);
    for (from, cents) in [("2015-11-01", 420_i32), ("2017-04-01", 540), ("2018-06-01", 740)] {
        supplements.values_panic([date(from)?.into(), cents.into()]);
    }
    manager.exec_stmt(supplements).await?;

    let validity_from = date("2019-01-01")?;
    let mut validities = Query::insert();
    validities.into_table(V::Table).columns([V::ProcedureClass, V::EffectiveFrom, V::FirstMonths, V::RenewalMonths]);
    for (class, first, renewal) in [("NORMAL", 10_i32, 6_i32), ("ACCELERATED", 6, 6), ("DUBLIN", 1, 4)] {
        validities.values_panic([class.into(), validity_from.into(), first.into(), renewal.into()]);
    }
    manager.exec_stmt(validities).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_files(manager).await?;
        create_suspensions(manager).await?;
        create_events(manager).await?;
        create_catalogue(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AsylumCertificateValidity::Table.into_iden(),
            AsylumAllowanceSupplement::Table.into_iden(),
            AsylumAllowanceRate::Table.into_iden(),
            AsylumEvent::Table.into_iden(),
            AsylumSuspension::Table.into_iden(),
            AsylumFile::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
