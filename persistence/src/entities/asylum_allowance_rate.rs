//! `asylum_allowance_rate`: catalogue data — the allowance's flat daily amount by household size, from a date.

use sea_orm::entity::prelude::*;

/// A line of the household scale.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asylum_allowance_rate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_size: i32,
    pub daily_cents: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
