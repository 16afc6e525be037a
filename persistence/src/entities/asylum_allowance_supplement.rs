//! `asylum_allowance_supplement`: catalogue data — the additional daily amount per adult to whom no
//! accommodation could be offered, from a date.

use sea_orm::entity::prelude::*;

/// A version of the additional amount.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asylum_allowance_supplement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    pub daily_cents: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
