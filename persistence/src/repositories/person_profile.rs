//! Persons' profiles on sea-orm: identity records, address history, family links, and the name search.
//!
//! The search never uses `LIKE`: each searched key becomes a range `key >= $prefix AND key < $next` on
//! `person_name_key`, which a plain b-tree index on `(key, person_id)` serves under any collation (keys are ASCII
//! `[0-9a-z]`, whose order every collation agrees on). Every searched key must match (one `IN (subquery)` per
//! key); pages are keyset on the person's id, never OFFSET.

use std::collections::BTreeSet;

use async_trait::async_trait;
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::person::address::{Address, AddressChange, AddressId, AddressKind, AddressParts};
use hipe_domain::person::commands::IdempotencyKey;
use hipe_domain::person::family::{FamilyLink, FamilyRelation};
use hipe_domain::person::identity_record::{
    IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, OriginalScriptName, Sex,
};
use hipe_domain::person::search::{PersonSearch, prefix_upper_bound};
use hipe_domain::person::{
    CountryCode, IdempotentRequest, Nationality, PartialDate, Person, PersonId, PersonProfileRepository,
};
use hipe_domain::{Error, Result};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, EntityTrait as _,
    PaginatorTrait as _, QueryFilter as _, QueryOrder as _, Select, TransactionTrait as _,
};
use serde_json::json;

use crate::entities::{identity_record, person, person_address, person_family_link, person_name_key};
use crate::error::{corrupt, db_err};

/// [`PersonProfileRepository`] over `identity_record`, `person_address`, `person_family_link` and
/// `person_name_key`.
#[derive(Debug, Clone)]
pub struct SeaPersonProfileRepository {
    db: DatabaseConnection,
}

impl SeaPersonProfileRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Adds search keys to a person, on `connection` (the transaction of the write that brings the names); keys the
/// person already has are kept once.
pub(crate) async fn add_name_keys(
    connection: &impl ConnectionTrait,
    person: PersonId,
    keys: BTreeSet<String>,
) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let rows =
        keys.into_iter().map(|key| person_name_key::ActiveModel { person_id: Set(person.as_uuid()), key: Set(key) });
    person_name_key::Entity::insert_many(rows)
        .on_conflict_do_nothing()
        .exec_without_returning(connection)
        .await
        .map_err(db_err)?;
    Ok(())
}

fn json_names(names: &[String]) -> String {
    serde_json::Value::from(names.to_vec()).to_string()
}

fn date_part(table: &'static str, value: Option<i32>) -> Result<Option<u8>> {
    value.map(|v| u8::try_from(v).map_err(|_| corrupt(table, "date part out of range"))).transpose()
}

pub(crate) fn identity_row(record: &IdentityRecord) -> identity_record::ActiveModel {
    let s = record.statement();
    let original = s
        .original_script
        .as_ref()
        .map(|o| json!({ "script": o.script, "family_name": o.family_name, "given_names": o.given_names }).to_string());
    identity_record::ActiveModel {
        id: Set(record.id().as_uuid()),
        person_id: Set(record.person().as_uuid()),
        source: Set(record.source().code().to_owned()),
        family_name: Set(s.family_name.clone()),
        birth_name: Set(s.birth_name.clone()),
        given_names: Set(json_names(&s.given_names)),
        original_script: Set(original),
        transliterations: Set(json_names(&s.transliterations)),
        sex: Set(s.sex.code().to_owned()),
        birth_year: Set(s.birth_date.year()),
        birth_month: Set(s.birth_date.month().map(i32::from)),
        birth_day: Set(s.birth_date.day().map(i32::from)),
        birth_place: Set(s.birth_place.clone()),
        birth_country: Set(s.birth_country.as_ref().map(|c| c.as_str().to_owned())),
        nationalities: Set(s.nationalities.iter().map(Nationality::code).collect::<Vec<_>>().join(",")),
        document_number: Set(s.document_number.clone()),
        recorded_at: Set(record.recorded_at()),
    }
}

impl TryFrom<identity_record::Model> for IdentityRecord {
    type Error = Error;

    fn try_from(row: identity_record::Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("identity_record", detail.to_string());
        let names = |text: &str| serde_json::from_str::<Vec<String>>(text).map_err(|e| bad(&e));
        let original_script = row
            .original_script
            .as_deref()
            .map(|text| -> Result<OriginalScriptName> {
                let value: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(&e))?;
                let text_of = |key: &str| value[key].as_str().map(str::to_owned);
                Ok(OriginalScriptName {
                    script: text_of("script"),
                    family_name: text_of("family_name"),
                    given_names: serde_json::from_value(value["given_names"].clone()).map_err(|e| bad(&e))?,
                })
            })
            .transpose()?;
        let statement = IdentityStatement {
            family_name: row.family_name,
            birth_name: row.birth_name,
            given_names: names(&row.given_names)?,
            original_script,
            transliterations: names(&row.transliterations)?,
            sex: Sex::parse(&row.sex).ok_or_else(|| bad(&format!("unknown sex {}", row.sex)))?,
            birth_date: PartialDate::from_parts(
                row.birth_year,
                date_part("identity_record", row.birth_month)?,
                date_part("identity_record", row.birth_day)?,
            )
            .map_err(|e| bad(&e))?,
            birth_place: row.birth_place,
            birth_country: row
                .birth_country
                .as_deref()
                .map(|c| CountryCode::parse("birthCountry", c))
                .transpose()
                .map_err(|e| bad(&e))?,
            nationalities: row
                .nationalities
                .split(',')
                .map(Nationality::parse)
                .collect::<Result<Vec<_>>>()
                .map_err(|e| bad(&e))?,
            document_number: row.document_number,
        };
        let source =
            IdentitySource::parse(&row.source).ok_or_else(|| bad(&format!("unknown source {}", row.source)))?;
        Self::new(
            IdentityRecordId::from_uuid(row.id),
            PersonId::from_uuid(row.person_id),
            source,
            statement,
            row.recorded_at,
        )
        .map_err(|e| bad(&e))
    }
}

fn address_row(address: &Address, request: Option<&IdempotentRequest>) -> person_address::ActiveModel {
    let parts = address.parts();
    person_address::ActiveModel {
        id: Set(address.id().as_uuid()),
        person_id: Set(address.person().as_uuid()),
        kind: Set(parts.kind.code().to_owned()),
        care_of: Set(parts.care_of.clone()),
        lines: Set(json_names(&parts.lines)),
        postcode: Set(parts.postcode.clone()),
        city: Set(parts.city.clone()),
        country: Set(parts.country.as_str().to_owned()),
        valid_from: Set(parts.valid_from),
        valid_until: Set(parts.valid_until),
        recorded_at: Set(parts.recorded_at),
        idempotency_key: Set(request.map(|r| r.key.as_str().to_owned())),
        request_fingerprint: Set(request.map(|r| r.fingerprint.clone())),
    }
}

impl TryFrom<person_address::Model> for Address {
    type Error = Error;

    fn try_from(row: person_address::Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("person_address", detail.to_string());
        Self::restore(AddressParts {
            id: AddressId::from_uuid(row.id),
            person: PersonId::from_uuid(row.person_id),
            kind: AddressKind::parse(&row.kind).ok_or_else(|| bad(&format!("unknown kind {}", row.kind)))?,
            care_of: row.care_of,
            lines: serde_json::from_str(&row.lines).map_err(|e| bad(&e))?,
            postcode: row.postcode,
            city: row.city,
            country: CountryCode::parse("country", &row.country).map_err(|e| bad(&e))?,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            recorded_at: row.recorded_at,
        })
        .map_err(|e| bad(&e))
    }
}

impl TryFrom<person_family_link::Model> for FamilyLink {
    type Error = Error;

    fn try_from(row: person_family_link::Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("person_family_link", detail.to_string());
        let relation =
            FamilyRelation::parse(&row.relation).ok_or_else(|| bad(&format!("unknown relation {}", row.relation)))?;
        Self::new(
            PersonId::from_uuid(row.person_id),
            PersonId::from_uuid(row.relative_id),
            relation,
            row.since,
            row.recorded_at,
        )
        .map_err(|e| bad(&e))
    }
}

/// The persons matching every criterion of `search` (unordered, unpaged).
fn matching(search: &PersonSearch) -> Select<person::Entity> {
    let mut query = person::Entity::find();
    // The keys nest (`id IN (keys of the first WHERE person_id IN (keys of the second …))`) rather than follow each
    // other (`id IN (…) AND id IN (…)`): the planner then intersects the key ranges on `person_name_key` first,
    // which leaves a few persons to fetch by primary key, instead of joining `person` whole to the first range.
    let mut nested: Option<sea_orm::sea_query::SelectStatement> = None;
    for key in search.name_keys().iter().rev() {
        let mut keyed = Query::select();
        keyed
            .column(person_name_key::Column::PersonId)
            .from(person_name_key::Entity)
            .and_where(person_name_key::Column::Key.gte(key.as_str()));
        if let Some(bound) = prefix_upper_bound(key) {
            keyed.and_where(person_name_key::Column::Key.lt(bound));
        }
        if let Some(inner) = nested.take() {
            keyed.and_where(person_name_key::Column::PersonId.in_subquery(inner));
        }
        nested = Some(keyed);
    }
    if let Some(keyed) = nested {
        query = query.filter(person::Column::Id.in_subquery(keyed));
    }
    if let Some(date) = search.birth_date() {
        // Each part known on both sides must be equal (see `PersonSearch::birth_date_matches`).
        query = query.filter(person::Column::BirthYear.eq(date.year()));
        if let Some(month) = date.month() {
            query = query.filter(
                Condition::any()
                    .add(person::Column::BirthMonth.is_null())
                    .add(person::Column::BirthMonth.eq(i32::from(month))),
            );
            if let Some(day) = date.day() {
                query = query.filter(
                    Condition::any()
                        .add(person::Column::BirthMonth.is_null())
                        .add(person::Column::BirthDay.is_null())
                        .add(person::Column::BirthDay.eq(i32::from(day))),
                );
            }
        }
    }
    if let Some(number) = search.foreigner_number() {
        query = query.filter(person::Column::ForeignerNumber.eq(number.as_str()));
    }
    query
}

/// The statement of a page of the person search, keyset on the person's id; one row more than asked tells whether
/// another page follows, without counting. Shared with the EXPLAIN tests ([`crate::plans`]).
pub(crate) fn search_query(search: &PersonSearch, page: &PageRequest<PersonId>) -> Select<person::Entity> {
    super::keyset::narrow(matching(search), person::Column::Id, page, PersonId::as_uuid)
}

#[async_trait]
impl PersonProfileRepository for SeaPersonProfileRepository {
    async fn record_identity(&self, record: &IdentityRecord, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        if person::Entity::find_by_id(record.person().as_uuid()).one(&txn).await.map_err(db_err)?.is_none() {
            txn.rollback().await.map_err(db_err)?;
            return Err(Error::NotFound { entity: "person" });
        }
        identity_record::Entity::insert(identity_row(record)).exec_without_returning(&txn).await.map_err(db_err)?;
        add_name_keys(&txn, record.person(), record.search_keys()).await?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn identity_records_of(&self, persons: &[PersonId]) -> Result<Vec<IdentityRecord>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = identity_record::Entity::find()
            .filter(identity_record::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(identity_record::Column::PersonId)
            .order_by_asc(identity_record::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(IdentityRecord::try_from).collect()
    }

    async fn addresses_of(&self, persons: &[PersonId]) -> Result<Vec<Address>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = person_address::Entity::find()
            .filter(person_address::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(person_address::Column::PersonId)
            .order_by_asc(person_address::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Address::try_from).collect()
    }

    async fn current_address(&self, person: PersonId) -> Result<Option<Address>> {
        let row = person_address::Entity::find()
            .filter(person_address::Column::PersonId.eq(person.as_uuid()))
            .filter(person_address::Column::ValidUntil.is_null())
            .order_by_desc(person_address::Column::Id)
            .one(&self.db)
            .await
            .map_err(db_err)?;
        row.map(Address::try_from).transpose()
    }

    async fn change_address(&self, change: &AddressChange, request: Option<&IdempotentRequest>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        if let Some(closed) = &change.closed {
            // Only a still-current address is closed: a concurrent move makes this update touch nothing.
            let updated = person_address::Entity::update_many()
                .col_expr(person_address::Column::ValidUntil, Expr::value(closed.parts().valid_until))
                .filter(person_address::Column::Id.eq(closed.id().as_uuid()))
                .filter(person_address::Column::ValidUntil.is_null())
                .exec(&txn)
                .await
                .map_err(db_err)?;
            if updated.rows_affected != 1 {
                txn.rollback().await.map_err(db_err)?;
                return Err(Error::StaleVersion { entity: "address", expected: 1, actual: 2 });
            }
        }
        person_address::Entity::insert(address_row(&change.opened, request))
            .exec_without_returning(&txn)
            .await
            .map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }

    async fn address_for_key(&self, person: PersonId, key: &IdempotencyKey) -> Result<Option<(Address, String)>> {
        let row = person_address::Entity::find()
            .filter(person_address::Column::PersonId.eq(person.as_uuid()))
            .filter(person_address::Column::IdempotencyKey.eq(key.as_str()))
            .one(&self.db)
            .await
            .map_err(db_err)?;
        row.map(|row| {
            let fingerprint = row.request_fingerprint.clone().unwrap_or_default();
            Address::try_from(row).map(|address| (address, fingerprint))
        })
        .transpose()
    }

    async fn add_family_link(&self, link: &FamilyLink) -> Result<()> {
        let row = person_family_link::ActiveModel {
            person_id: Set(link.person().as_uuid()),
            relative_id: Set(link.relative().as_uuid()),
            relation: Set(link.relation().code().to_owned()),
            since: Set(link.since()),
            recorded_at: Set(link.recorded_at()),
        };
        person_family_link::Entity::insert_many([row])
            .on_conflict_do_nothing()
            .exec_without_returning(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn family_links_of(&self, persons: &[PersonId]) -> Result<Vec<FamilyLink>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = person_family_link::Entity::find()
            .filter(person_family_link::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(person_family_link::Column::PersonId)
            .order_by_asc(person_family_link::Column::Relation)
            .order_by_asc(person_family_link::Column::RelativeId)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(FamilyLink::try_from).collect()
    }

    async fn search(&self, search: &PersonSearch, page: &PageRequest<PersonId>) -> Result<Page<Person>> {
        let rows = search_query(search, page).all(&self.db).await.map_err(db_err)?;
        super::keyset::split(rows, page).try_map(Person::try_from)
    }

    async fn count(&self, search: &PersonSearch) -> Result<u64> {
        matching(search).count(&self.db).await.map_err(db_err)
    }
}
