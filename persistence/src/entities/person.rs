//! `person`: one row per human.

use sea_orm::entity::prelude::*;

/// A person row. `given_names` is a JSON array of strings; `nationalities` a comma-separated list of codes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub family_name: String,
    pub given_names: String,
    pub birth_year: i32,
    pub birth_month: Option<i32>,
    pub birth_day: Option<i32>,
    pub nationalities: String,
    pub foreigner_number: Option<String>,
    pub created_at: DateTimeUtc,
    pub preferred_language: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
