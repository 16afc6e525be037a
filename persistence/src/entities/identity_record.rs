//! `identity_record`: what one document or declaration says about a person's identity (append-only).

use sea_orm::entity::prelude::*;

/// An identity record row. `given_names` and `transliterations` are JSON arrays of strings; `original_script` a
/// JSON object (`script`, `family_name`, `given_names`); `nationalities` a comma-separated list of codes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_record")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub source: String,
    pub family_name: String,
    pub birth_name: Option<String>,
    pub given_names: String,
    pub original_script: Option<String>,
    pub transliterations: String,
    pub sex: String,
    pub birth_year: i32,
    pub birth_month: Option<i32>,
    pub birth_day: Option<i32>,
    pub birth_place: Option<String>,
    pub birth_country: Option<String>,
    pub nationalities: String,
    pub document_number: Option<String>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
