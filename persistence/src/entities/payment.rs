//! `payment`: a tax stamp recorded on a dossier; `stamp_number` is unique across every dossier.

use sea_orm::entity::prelude::*;

/// A payment row. The `recorded_by_*` columns are an actor reference, as in `dossier_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub person_id: Uuid,
    pub stamp_number: String,
    pub amount_cents: i32,
    pub status: String,
    pub recorded_at: DateTimeUtc,
    pub recorded_by_kind: String,
    pub recorded_by_id: Option<String>,
    pub recorded_by_role: Option<String>,
    pub recorded_by_organisation: Option<String>,
    pub consumed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
