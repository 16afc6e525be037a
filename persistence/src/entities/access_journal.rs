//! `access_journal`: append-only record of who accessed whose data. No foreign key to `person`: the journal
//! outlives the data it describes (kept 3 years, whatever happens to the file).

use sea_orm::entity::prelude::*;

/// A journal row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_journal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_id: String,
    pub actor_role: String,
    pub actor_organisation: String,
    pub action: String,
    pub subject_person_id: Uuid,
    pub operation: String,
    pub request_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
