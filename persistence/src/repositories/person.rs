//! Persons on sea-orm.

use async_trait::async_trait;
use hipe_domain::person::contact::{Email, Language, Phone};
use hipe_domain::person::{
    Contact, ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId, PersonRepository,
};
use hipe_domain::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, TransactionTrait as _,
};

use crate::entities::person::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`PersonRepository`] over the `person` table.
#[derive(Debug, Clone)]
pub struct SeaPersonRepository {
    db: DatabaseConnection,
}

impl SeaPersonRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for Person {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("person", detail.to_string());
        let part = |value: Option<i32>| value.map(|v| u8::try_from(v).map_err(|_| bad(&"date part"))).transpose();
        let birth_date = PartialDate::from_parts(row.birth_year, part(row.birth_month)?, part(row.birth_day)?)
            .map_err(|e| bad(&e))?;
        let given_names: Vec<String> = serde_json::from_str(&row.given_names).map_err(|e| bad(&e))?;
        let nationalities =
            row.nationalities.split(',').map(Nationality::parse).collect::<Result<Vec<_>>>().map_err(|e| bad(&e))?;
        let foreigner_number =
            row.foreigner_number.as_deref().map(ForeignerNumber::parse).transpose().map_err(|e| bad(&e))?;
        let contact = Contact {
            preferred_language: row
                .preferred_language
                .as_deref()
                .map(Language::parse)
                .transpose()
                .map_err(|e| bad(&e))?,
            email: row.email.as_deref().map(Email::parse).transpose().map_err(|e| bad(&e))?,
            phone: row.phone.as_deref().map(Phone::parse).transpose().map_err(|e| bad(&e))?,
        };
        Person::new(
            PersonId::from_uuid(row.id),
            Identity { family_name: row.family_name, given_names, birth_date, nationalities },
            foreigner_number,
            row.created_at,
        )
        .map(|person| person.with_contact(contact))
        .map_err(|e| bad(&e))
    }
}

impl From<&Person> for ActiveModel {
    fn from(person: &Person) -> Self {
        let identity = person.identity();
        let birth = identity.birth_date;
        Self {
            id: Set(person.id().as_uuid()),
            family_name: Set(identity.family_name.clone()),
            given_names: Set(serde_json::Value::from(identity.given_names.clone()).to_string()),
            birth_year: Set(birth.year()),
            birth_month: Set(birth.month().map(i32::from)),
            birth_day: Set(birth.day().map(i32::from)),
            nationalities: Set(identity.nationalities.iter().map(Nationality::code).collect::<Vec<_>>().join(",")),
            foreigner_number: Set(person.foreigner_number().map(|n| n.as_str().to_owned())),
            created_at: Set(person.created_at()),
            preferred_language: Set(person.contact().preferred_language.as_ref().map(|l| l.as_str().to_owned())),
            email: Set(person.contact().email.as_ref().map(|e| e.as_str().to_owned())),
            phone: Set(person.contact().phone.as_ref().map(|p| p.as_str().to_owned())),
        }
    }
}

#[async_trait]
impl PersonRepository for SeaPersonRepository {
    async fn insert(&self, person: &Person) -> Result<()> {
        // The person and the search keys of their names commit together: a person is findable from the start.
        let txn = self.db.begin().await.map_err(db_err)?;
        Entity::insert(ActiveModel::from(person)).exec_without_returning(&txn).await.map_err(db_err)?;
        super::person_profile::add_name_keys(&txn, person.id(), person.search_keys()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: PersonId) -> Result<Option<Person>> {
        let row = Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(Person::try_from).transpose()
    }

    async fn find_many(&self, ids: &[PersonId]) -> Result<Vec<Person>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = Entity::find()
            .filter(Column::Id.is_in(ids.iter().map(PersonId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Person::try_from).collect()
    }
}
