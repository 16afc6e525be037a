//! `slot`: a window of appointments at a site. `kind` is the domain's code; `booked` counts the places taken.

use sea_orm::entity::prelude::*;

/// A slot row. The `opened_by_*` columns are an actor reference, as in `dossier_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "slot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub territory: String,
    pub kind: String,
    pub site: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: i32,
    pub booked: i32,
    pub opened_by_kind: String,
    pub opened_by_id: Option<String>,
    pub opened_by_role: Option<String>,
    pub opened_by_organisation: Option<String>,
    pub opened_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
