//! The person's profile: contact details on `person`; sourced identity records; the address history; family
//! links; and the name search keys, one row per (person, key), indexed by key so a prefix search is an index
//! range scan. Existing persons get the keys of their current names (folded by today's rules in
//! `hipe_domain::person::search`; a later change of the rules comes with a migration that recomputes them).

use sea_orm::{ConnectionTrait as _, Statement, Value};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0040_person_profile"
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    BirthYear,
    PreferredLanguage,
    Email,
    Phone,
}

#[derive(DeriveIden)]
enum IdentityRecord {
    Table,
    Id,
    PersonId,
    Source,
    FamilyName,
    BirthName,
    GivenNames,
    OriginalScript,
    Transliterations,
    Sex,
    BirthYear,
    BirthMonth,
    BirthDay,
    BirthPlace,
    BirthCountry,
    Nationalities,
    DocumentNumber,
    RecordedAt,
}

#[derive(DeriveIden)]
enum PersonAddress {
    Table,
    Id,
    PersonId,
    Kind,
    CareOf,
    Lines,
    Postcode,
    City,
    Country,
    ValidFrom,
    ValidUntil,
    RecordedAt,
    IdempotencyKey,
    RequestFingerprint,
}

#[derive(DeriveIden)]
enum PersonFamilyLink {
    Table,
    PersonId,
    RelativeId,
    Relation,
    Since,
    RecordedAt,
}

#[derive(DeriveIden)]
enum PersonNameKey {
    Table,
    PersonId,
    Key,
}

fn to_person(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(table, column).to(Person::Table, Person::Id).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    #[expect(clippy::too_many_lines, reason = "a migration reads best as the one list of tables it creates")]
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            ColumnDef::new(Person::PreferredLanguage).string_len(3).null().to_owned(),
            ColumnDef::new(Person::Email).string_len(254).null().to_owned(),
            ColumnDef::new(Person::Phone).string_len(16).null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Person::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create().name("ix_person_birth_year").table(Person::Table).col(Person::BirthYear).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdentityRecord::Table)
                    .col(ColumnDef::new(IdentityRecord::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(IdentityRecord::PersonId).uuid().not_null())
                    .col(ColumnDef::new(IdentityRecord::Source).string_len(32).not_null())
                    .col(ColumnDef::new(IdentityRecord::FamilyName).text().not_null())
                    .col(ColumnDef::new(IdentityRecord::BirthName).text().null())
                    .col(ColumnDef::new(IdentityRecord::GivenNames).text().not_null())
                    .col(ColumnDef::new(IdentityRecord::OriginalScript).text().null())
                    .col(ColumnDef::new(IdentityRecord::Transliterations).text().not_null())
                    .col(ColumnDef::new(IdentityRecord::Sex).string_len(8).not_null())
                    .col(ColumnDef::new(IdentityRecord::BirthYear).integer().not_null())
                    .col(ColumnDef::new(IdentityRecord::BirthMonth).integer().null())
                    .col(ColumnDef::new(IdentityRecord::BirthDay).integer().null())
                    .col(ColumnDef::new(IdentityRecord::BirthPlace).text().null())
                    .col(ColumnDef::new(IdentityRecord::BirthCountry).string_len(3).null())
                    .col(ColumnDef::new(IdentityRecord::Nationalities).text().not_null())
                    .col(ColumnDef::new(IdentityRecord::DocumentNumber).string_len(20).null())
                    .col(ColumnDef::new(IdentityRecord::RecordedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut to_person(
                        "fk_identity_record_person",
                        IdentityRecord::Table,
                        IdentityRecord::PersonId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_identity_record_person")
                    .table(IdentityRecord::Table)
                    .col(IdentityRecord::PersonId)
                    .col(IdentityRecord::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonAddress::Table)
                    .col(ColumnDef::new(PersonAddress::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(PersonAddress::PersonId).uuid().not_null())
                    .col(ColumnDef::new(PersonAddress::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(PersonAddress::CareOf).text().null())
                    .col(ColumnDef::new(PersonAddress::Lines).text().not_null())
                    .col(ColumnDef::new(PersonAddress::Postcode).string_len(16).null())
                    .col(ColumnDef::new(PersonAddress::City).text().not_null())
                    .col(ColumnDef::new(PersonAddress::Country).string_len(3).not_null())
                    .col(ColumnDef::new(PersonAddress::ValidFrom).date().not_null())
                    .col(ColumnDef::new(PersonAddress::ValidUntil).date().null())
                    .col(ColumnDef::new(PersonAddress::RecordedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(PersonAddress::IdempotencyKey).string_len(64).null())
                    .col(ColumnDef::new(PersonAddress::RequestFingerprint).text().null())
                    .foreign_key(&mut to_person(
                        "fk_person_address_person",
                        PersonAddress::Table,
                        PersonAddress::PersonId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_person_address_person")
                    .table(PersonAddress::Table)
                    .col(PersonAddress::PersonId)
                    .col(PersonAddress::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_person_address_idempotency_key")
                    .table(PersonAddress::Table)
                    .col(PersonAddress::PersonId)
                    .col(PersonAddress::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonFamilyLink::Table)
                    .col(ColumnDef::new(PersonFamilyLink::PersonId).uuid().not_null())
                    .col(ColumnDef::new(PersonFamilyLink::RelativeId).uuid().not_null())
                    .col(ColumnDef::new(PersonFamilyLink::Relation).string_len(32).not_null())
                    .col(ColumnDef::new(PersonFamilyLink::Since).date().null())
                    .col(ColumnDef::new(PersonFamilyLink::RecordedAt).timestamp_with_time_zone().not_null())
                    .primary_key(
                        Index::create()
                            .name("person_family_link_pkey")
                            .col(PersonFamilyLink::PersonId)
                            .col(PersonFamilyLink::RelativeId)
                            .col(PersonFamilyLink::Relation),
                    )
                    .foreign_key(&mut to_person(
                        "fk_person_family_link_person",
                        PersonFamilyLink::Table,
                        PersonFamilyLink::PersonId,
                    ))
                    .foreign_key(&mut to_person(
                        "fk_person_family_link_relative",
                        PersonFamilyLink::Table,
                        PersonFamilyLink::RelativeId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonNameKey::Table)
                    .col(ColumnDef::new(PersonNameKey::PersonId).uuid().not_null())
                    .col(ColumnDef::new(PersonNameKey::Key).string_len(40).not_null())
                    .primary_key(
                        Index::create()
                            .name("person_name_key_pkey")
                            .col(PersonNameKey::PersonId)
                            .col(PersonNameKey::Key),
                    )
                    .foreign_key(&mut to_person(
                        "fk_person_name_key_person",
                        PersonNameKey::Table,
                        PersonNameKey::PersonId,
                    ))
                    .to_owned(),
            )
            .await?;
        // The search index: `key >= $p AND key < $next` is a range scan on it, and it covers the person id.
        manager
            .create_index(
                Index::create()
                    .name("ix_person_name_key_key")
                    .table(PersonNameKey::Table)
                    .col(PersonNameKey::Key)
                    .col(PersonNameKey::PersonId)
                    .to_owned(),
            )
            .await?;
        backfill_name_keys(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PersonNameKey::Table.into_iden(),
            PersonFamilyLink::Table.into_iden(),
            PersonAddress::Table.into_iden(),
            IdentityRecord::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("ix_person_birth_year").table(Person::Table).to_owned()).await?;
        for column in [Person::Phone, Person::Email, Person::PreferredLanguage] {
            manager.alter_table(Table::alter().table(Person::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

/// Gives every existing person the search keys of their current names.
async fn backfill_name_keys(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let connection = manager.get_connection();
    let backend = connection.get_database_backend();
    let rows = connection
        .query_all_raw(Statement::from_string(backend, "SELECT id, family_name, given_names FROM person"))
        .await?;
    for row in rows {
        let id: uuid::Uuid = row.try_get("", "id")?;
        let family: String = row.try_get("", "family_name")?;
        let given: String = row.try_get("", "given_names")?;
        let given: Vec<String> = serde_json::from_str(&given).map_err(|e| DbErr::Custom(e.to_string()))?;
        let keys: std::collections::BTreeSet<String> = std::iter::once(&family)
            .chain(&given)
            .flat_map(|name| hipe_domain::person::search::name_keys(name))
            .collect();
        for key in keys {
            let mut insert = Query::insert();
            insert
                .into_table(PersonNameKey::Table)
                .columns([PersonNameKey::PersonId, PersonNameKey::Key])
                .values([Value::from(id).into(), Value::from(key).into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            manager.exec_stmt(insert).await?;
        }
    }
    Ok(())
}
