//! The republican integration contract (CIR), its timeline, and the certifications on the person.
//!
//! - `integration_contract` keeps the contract's steps as nullable columns, filled as the contract moves on (the
//!   domain's `restore` checks that the status and the columns agree). `open_key` is the person's id while the
//!   contract is open and null once attested or exempted: its unique index is the rule "one open contract per
//!   person", portable where a partial index would need engine-specific SQL.
//! - `integration_event` is the timeline: one row per change, keyed by contract and version.
//! - `certification` holds the civic exams and the language certifications, facts on the person, never changed.
//! - Indexes: the OFII queue by territory (and status) then id; contracts and certifications by person.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0070_integration"
    }
}

#[derive(DeriveIden)]
enum IntegrationContract {
    Table,
    Id,
    PersonId,
    DossierId,
    Territory,
    Status,
    Version,
    OpenKey,
    ConvokedAt,
    InitialLevel,
    PrescribedHours,
    TargetLevel,
    SignedOn,
    ContractLanguage,
    CivicDay1,
    CivicDay2,
    CivicDay3,
    CivicDay4,
    LanguageHours,
    Extended,
    EndInterviewAt,
    AttestedAt,
    Assiduous,
    ExemptedAt,
    ExemptionReason,
}

#[derive(DeriveIden)]
enum IntegrationEvent {
    Table,
    ContractId,
    Sequence,
    Action,
    At,
    ActorKind,
    ActorId,
    ActorRole,
    ActorOrganisation,
}

#[derive(DeriveIden)]
enum Certification {
    Table,
    Id,
    PersonId,
    Kind,
    Score,
    Level,
    Certifier,
    ObtainedOn,
    RecordedAt,
    RecordedByKind,
    RecordedById,
    RecordedByRole,
    RecordedByOrganisation,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Dossier {
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

async fn create_contracts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use IntegrationContract as C;
    let mut table = Table::create();
    table
        .table(C::Table)
        .col(ColumnDef::new(C::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(C::PersonId).uuid().not_null())
        .col(ColumnDef::new(C::DossierId).uuid().null())
        .col(ColumnDef::new(C::Territory).string_len(3).not_null())
        .col(ColumnDef::new(C::Status).string_len(24).not_null())
        .col(ColumnDef::new(C::Version).integer().not_null())
        .col(ColumnDef::new(C::OpenKey).string_len(40).null())
        .col(ColumnDef::new(C::ConvokedAt).timestamp_with_time_zone().not_null())
        .col(ColumnDef::new(C::InitialLevel).string_len(2).null())
        .col(ColumnDef::new(C::PrescribedHours).integer().null())
        .col(ColumnDef::new(C::TargetLevel).string_len(2).null())
        .col(ColumnDef::new(C::SignedOn).date().null())
        .col(ColumnDef::new(C::ContractLanguage).string_len(3).null());
    for day in [C::CivicDay1, C::CivicDay2, C::CivicDay3, C::CivicDay4] {
        table.col(ColumnDef::new(day).string_len(16).null());
    }
    table
        .col(ColumnDef::new(C::LanguageHours).integer().not_null())
        .col(ColumnDef::new(C::Extended).boolean().not_null())
        .col(ColumnDef::new(C::EndInterviewAt).timestamp_with_time_zone().null())
        .col(ColumnDef::new(C::AttestedAt).timestamp_with_time_zone().null())
        .col(ColumnDef::new(C::Assiduous).boolean().null())
        .col(ColumnDef::new(C::ExemptedAt).timestamp_with_time_zone().null())
        .col(ColumnDef::new(C::ExemptionReason).string_len(24).null())
        .foreign_key(
            ForeignKey::create()
                .name("fk_integration_contract_person")
                .from(C::Table, C::PersonId)
                .to(Person::Table, Person::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_integration_contract_dossier")
                .from(C::Table, C::DossierId)
                .to(Dossier::Table, Dossier::Id),
        );
    manager.create_table(table.clone()).await?;
    manager
        .create_index(
            Index::create()
                .name("ix_integration_contract_queue")
                .table(C::Table)
                .col(C::Territory)
                .col(C::Id)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ix_integration_contract_status_queue")
                .table(C::Table)
                .col(C::Territory)
                .col(C::Status)
                .col(C::Id)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ix_integration_contract_person")
                .table(C::Table)
                .col(C::PersonId)
                .col(C::Id)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create().name("ux_integration_contract_open").table(C::Table).col(C::OpenKey).unique().to_owned(),
        )
        .await
}

async fn create_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use IntegrationEvent as E;
    let mut table = Table::create();
    table
        .table(E::Table)
        .col(ColumnDef::new(E::ContractId).uuid().not_null())
        .col(ColumnDef::new(E::Sequence).integer().not_null())
        .col(ColumnDef::new(E::Action).string_len(32).not_null())
        .col(ColumnDef::new(E::At).timestamp_with_time_zone().not_null());
    actor(
        &mut table,
        [E::ActorKind.into_iden(), E::ActorId.into_iden(), E::ActorRole.into_iden(), E::ActorOrganisation.into_iden()],
    );
    table.primary_key(Index::create().name("integration_event_pkey").col(E::ContractId).col(E::Sequence)).foreign_key(
        ForeignKey::create()
            .name("fk_integration_event_contract")
            .from(E::Table, E::ContractId)
            .to(IntegrationContract::Table, IntegrationContract::Id),
    );
    manager.create_table(table.clone()).await
}

async fn create_certifications(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Certification as T;
    let mut table = Table::create();
    table
        .table(T::Table)
        .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(T::PersonId).uuid().not_null())
        .col(ColumnDef::new(T::Kind).string_len(16).not_null())
        .col(ColumnDef::new(T::Score).integer().null())
        .col(ColumnDef::new(T::Level).string_len(2).null())
        .col(ColumnDef::new(T::Certifier).string_len(400).null())
        .col(ColumnDef::new(T::ObtainedOn).date().not_null())
        .col(ColumnDef::new(T::RecordedAt).timestamp_with_time_zone().not_null());
    actor(
        &mut table,
        [
            T::RecordedByKind.into_iden(),
            T::RecordedById.into_iden(),
            T::RecordedByRole.into_iden(),
            T::RecordedByOrganisation.into_iden(),
        ],
    );
    table.foreign_key(
        ForeignKey::create().name("fk_certification_person").from(T::Table, T::PersonId).to(Person::Table, Person::Id),
    );
    manager.create_table(table.clone()).await?;
    manager
        .create_index(
            Index::create().name("ix_certification_person").table(T::Table).col(T::PersonId).col(T::Id).to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_contracts(manager).await?;
        create_events(manager).await?;
        create_certifications(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Certification::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(IntegrationEvent::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(IntegrationContract::Table).to_owned()).await
    }
}
