//! `asylum_suspension`: one row per suspension of a file's reception conditions, in order; `until_on` is the
//! reinstatement day. `decided_by_*` is an actor reference, as in `dossier_event`.

use sea_orm::entity::prelude::*;

/// A suspension row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asylum_suspension")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub file_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub from_on: Date,
    pub until_on: Option<Date>,
    pub reason: String,
    pub appointment_id: Option<Uuid>,
    pub note: Option<String>,
    pub decided_at: DateTimeUtc,
    pub decided_by_kind: String,
    pub decided_by_id: Option<String>,
    pub decided_by_role: Option<String>,
    pub decided_by_organisation: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
