//! `asylum_certificate_validity`: catalogue data — the asylum-seeker certificate's first and renewal validity
//! by procedure class, from a date.

use sea_orm::entity::prelude::*;

/// A version of a class's validity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asylum_certificate_validity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_class: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    pub first_months: i32,
    pub renewal_months: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
