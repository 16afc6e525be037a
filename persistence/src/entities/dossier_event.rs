//! `dossier_event`: the timeline, keyed by `(dossier_id, sequence)`.

use sea_orm::entity::prelude::*;

/// An event row. The actor columns are null for the person themself and for the system.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub sequence: i32,
    pub kind: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub actor_organisation: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub reason: Option<String>,
    pub details: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
