//! `person_family_link`: a person's relatives, by relation.

use sea_orm::entity::prelude::*;

/// A family link row; `relation` is the domain's code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_family_link")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub relative_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub relation: String,
    pub since: Option<Date>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
