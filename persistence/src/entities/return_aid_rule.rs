//! `return_aid_rule`: the return aid's eligibility rules from a date (catalogue data, m0110).

use sea_orm::entity::prelude::*;

/// A version of the rules; `excluded_nationalities` is a comma-separated list of ISO alpha-2 codes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "return_aid_rule")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    pub min_months_in_france: i32,
    pub excluded_nationalities: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
