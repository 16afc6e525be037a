//! Appointment slots and the appointments booked in them.
//!
//! - `slot.booked` counts the places taken; booking increments it with one conditional statement
//!   (`booked < capacity`), so the check and the write cannot be split by a concurrent booking on either engine.
//! - `appointment` copies the slot's kind, territory and start (a slot never moves), so the policy decides on the
//!   row alone. `booking_key` is set only while the appointment is booked (`person:kind:dossier`); its unique index
//!   is the rule "one booked appointment per kind per dossier" — a plain unique index over a nullable column,
//!   portable where a partial index would need engine-specific SQL.
//! - Who booked, cancelled and marked is kept as the dossier timeline keeps its actors: kind, id, role and
//!   organisation columns.
//! - Indexes: free slots by territory, kind and start; appointments by dossier, by person and by slot.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0050_appointment"
    }
}

#[derive(DeriveIden)]
enum Slot {
    Table,
    Id,
    Territory,
    Kind,
    Site,
    StartsAt,
    EndsAt,
    Capacity,
    Booked,
    OpenedByKind,
    OpenedById,
    OpenedByRole,
    OpenedByOrganisation,
    OpenedAt,
}

#[derive(DeriveIden)]
enum Appointment {
    Table,
    Id,
    SlotId,
    Kind,
    Territory,
    StartsAt,
    PersonId,
    DossierId,
    InterpreterLanguage,
    Accessibility,
    AccessibilityNote,
    Status,
    BookingKey,
    BookedAt,
    BookedByKind,
    BookedById,
    BookedByRole,
    BookedByOrganisation,
    CancelledAt,
    CancelledByKind,
    CancelledById,
    CancelledByRole,
    CancelledByOrganisation,
    LateCancellation,
    MarkedAt,
    MarkedByKind,
    MarkedById,
    MarkedByRole,
    MarkedByOrganisation,
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

/// The four columns of an actor reference (`prefix_kind` required or not, the others nullable).
fn actor_columns(table: &mut TableCreateStatement, columns: [Appointment; 4], required: bool) {
    let [kind, id, role, organisation] = columns;
    let mut kind = ColumnDef::new(kind);
    kind.string_len(16);
    if required {
        kind.not_null();
    } else {
        kind.null();
    }
    table
        .col(kind)
        .col(ColumnDef::new(id).string_len(200).null())
        .col(ColumnDef::new(role).string_len(64).null())
        .col(ColumnDef::new(organisation).string_len(200).null());
}

async fn create_slots(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Slot::Table)
                .col(ColumnDef::new(Slot::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(Slot::Territory).string_len(3).not_null())
                .col(ColumnDef::new(Slot::Kind).string_len(24).not_null())
                .col(ColumnDef::new(Slot::Site).string_len(200).not_null())
                .col(ColumnDef::new(Slot::StartsAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(Slot::EndsAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(Slot::Capacity).integer().not_null())
                .col(ColumnDef::new(Slot::Booked).integer().not_null())
                .col(ColumnDef::new(Slot::OpenedByKind).string_len(16).not_null())
                .col(ColumnDef::new(Slot::OpenedById).string_len(200).null())
                .col(ColumnDef::new(Slot::OpenedByRole).string_len(64).null())
                .col(ColumnDef::new(Slot::OpenedByOrganisation).string_len(200).null())
                .col(ColumnDef::new(Slot::OpenedAt).timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ix_slot_search")
                .table(Slot::Table)
                .col(Slot::Territory)
                .col(Slot::Kind)
                .col(Slot::StartsAt)
                .col(Slot::Id)
                .to_owned(),
        )
        .await
}

async fn create_appointments(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut table = Table::create();
    table
        .table(Appointment::Table)
        .col(ColumnDef::new(Appointment::Id).uuid().not_null().primary_key())
        .col(ColumnDef::new(Appointment::SlotId).uuid().not_null())
        .col(ColumnDef::new(Appointment::Kind).string_len(24).not_null())
        .col(ColumnDef::new(Appointment::Territory).string_len(3).not_null())
        .col(ColumnDef::new(Appointment::StartsAt).timestamp_with_time_zone().not_null())
        .col(ColumnDef::new(Appointment::PersonId).uuid().not_null())
        .col(ColumnDef::new(Appointment::DossierId).uuid().null())
        .col(ColumnDef::new(Appointment::InterpreterLanguage).string_len(3).null())
        .col(ColumnDef::new(Appointment::Accessibility).string_len(100).not_null())
        .col(ColumnDef::new(Appointment::AccessibilityNote).string_len(2000).null())
        .col(ColumnDef::new(Appointment::Status).string_len(16).not_null())
        .col(ColumnDef::new(Appointment::BookingKey).string_len(120).null())
        .col(ColumnDef::new(Appointment::BookedAt).timestamp_with_time_zone().not_null());
    actor_columns(
        &mut table,
        [
            Appointment::BookedByKind,
            Appointment::BookedById,
            Appointment::BookedByRole,
            Appointment::BookedByOrganisation,
        ],
        true,
    );
    table.col(ColumnDef::new(Appointment::CancelledAt).timestamp_with_time_zone().null());
    actor_columns(
        &mut table,
        [
            Appointment::CancelledByKind,
            Appointment::CancelledById,
            Appointment::CancelledByRole,
            Appointment::CancelledByOrganisation,
        ],
        false,
    );
    table
        .col(ColumnDef::new(Appointment::LateCancellation).boolean().not_null())
        .col(ColumnDef::new(Appointment::MarkedAt).timestamp_with_time_zone().null());
    actor_columns(
        &mut table,
        [
            Appointment::MarkedByKind,
            Appointment::MarkedById,
            Appointment::MarkedByRole,
            Appointment::MarkedByOrganisation,
        ],
        false,
    );
    table
        .foreign_key(
            ForeignKey::create()
                .name("fk_appointment_slot")
                .from(Appointment::Table, Appointment::SlotId)
                .to(Slot::Table, Slot::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_appointment_person")
                .from(Appointment::Table, Appointment::PersonId)
                .to(Person::Table, Person::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_appointment_dossier")
                .from(Appointment::Table, Appointment::DossierId)
                .to(Dossier::Table, Dossier::Id),
        );
    manager.create_table(table.clone()).await?;
    for (name, columns) in [
        ("ix_appointment_dossier", [Appointment::DossierId, Appointment::StartsAt]),
        ("ix_appointment_person", [Appointment::PersonId, Appointment::StartsAt]),
        ("ix_appointment_slot", [Appointment::SlotId, Appointment::Id]),
    ] {
        let [first, second] = columns;
        manager
            .create_index(Index::create().name(name).table(Appointment::Table).col(first).col(second).to_owned())
            .await?;
    }
    manager
        .create_index(
            Index::create()
                .name("ux_appointment_booking")
                .table(Appointment::Table)
                .col(Appointment::BookingKey)
                .unique()
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_slots(manager).await?;
        create_appointments(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Appointment::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Slot::Table).to_owned()).await
    }
}
