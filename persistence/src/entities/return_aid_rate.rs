//! `return_aid_rate`: the return aid's flat allowance per adult and per child for a country group, from a date
//! (catalogue data, m0110).

use sea_orm::entity::prelude::*;

/// A version of one country group's rates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "return_aid_rate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_group: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    pub per_adult_cents: i32,
    pub per_child_cents: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
