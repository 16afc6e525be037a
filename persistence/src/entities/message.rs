//! `message`: one message of a dossier's thread.

use sea_orm::entity::prelude::*;

/// A message row. The `author_*` columns are an actor reference, as in `dossier_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub person_id: Uuid,
    pub author_kind: String,
    pub author_id: Option<String>,
    pub author_role: Option<String>,
    pub author_organisation: Option<String>,
    pub body: String,
    pub sent_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
